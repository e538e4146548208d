/* SQLite: schemes, their targets, and the funds released under them
 * (migration 0017).  A State or district caller reaches its State's
 * releases; the totals are summed as integers (paise), exactly. */
#include "db/sqlite/internal.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "util/util.h"

/* a release the caller may see, and not withdrawn (migration 0022) */
#define RELEASE_SCOPE "(?101 = 1 OR (?101 IN (2, 3) AND r.state_lgd = ?102)) AND r.withdrawn_at IS NULL"
/* a course the caller may see: the Cell's and viewers' every one; a State's
 * and district's, those its State held or sent participants to */
#define COURSE_SCOPE "(?101 = 1 OR (?101 IN (2, 3) AND (c.host_state_lgd = ?102 OR EXISTS (SELECT 1 FROM" \
	" training_participants x WHERE x.course_id = c.id AND x.state_lgd = ?102))))"
#define COURSE_FILTER " AND (?1 = 0 OR c.programme_id = ?1) AND (?2 = 0 OR c.host_state_lgd = ?2 OR EXISTS (SELECT 1" \
	" FROM training_participants y WHERE y.course_id = c.id AND y.state_lgd = ?2)) AND (?3 IS NULL OR c.starts_on >= ?3)" \
	" AND (?4 IS NULL OR c.starts_on <= ?4)"
#define COURSE_COLUMNS "c.id, p.code AS programme, p.name AS programme_name, p.kind, c.title, c.starts_on, c.ends_on," \
	" c.venue, coalesce(c.host_state_lgd, 0) AS host_state_lgd, coalesce(st.name, '') AS host_state, c.organiser," \
	" c.certificates, c.cascade_of, (SELECT coalesce(sum(t.count), 0) FROM training_participants t WHERE" \
	" t.course_id = c.id) AS participants, (SELECT coalesce(sum(t.count), 0) FROM training_participants t WHERE" \
	" t.course_id = c.id AND t.category = 'police') AS police, c.version"
#define COURSE_FROM " FROM training_courses c JOIN training_programmes p ON p.id = c.programme_id" \
	" LEFT JOIN states st ON st.lgd = c.host_state_lgd"
#define RELEASE_FILTER " AND (?1 = 0 OR r.scheme_id = ?1) AND (?2 = 0 OR r.state_lgd = ?2) AND (?3 IS NULL OR r.financial_year = ?3)"

const char *const sqlite_monitoring_sql[ST_COUNT - ST_MON_FIRST] = {
#define S(id) [id - ST_MON_FIRST]
	S(ST_SCHEME_PUT) = "INSERT INTO schemes (code, name, period_from, period_to, sanction_ref, source, created_at, components)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO UPDATE SET name = ?2, period_from = ?3,"
	" period_to = ?4, sanction_ref = ?5, source = ?6, components = ?8 RETURNING id",
	S(ST_SCHEME_TARGETS_CLEAR) = "DELETE FROM scheme_targets WHERE scheme_id = ?1",
	S(ST_SCHEME_TARGET_PUT) = "INSERT INTO scheme_targets (scheme_id, measure, state_lgd, target) VALUES (?1, ?2, ?3, ?4)",
	S(ST_SCHEMES) = "SELECT s.id, s.code, s.name, coalesce(s.period_from, ''), coalesce(s.period_to, ''), s.sanction_ref, s.source,"
	" s.components,"
	" (SELECT coalesce(sum(r.amount_paise), 0) FROM fund_releases r WHERE r.scheme_id = s.id AND " RELEASE_SCOPE "),"
	" (SELECT coalesce(sum(r.units), 0) FROM fund_releases r WHERE r.scheme_id = s.id AND " RELEASE_SCOPE ")"
	" FROM schemes s ORDER BY s.id",
	S(ST_SCHEME_TARGETS) = "SELECT measure, state_lgd, target FROM scheme_targets WHERE scheme_id = ?1 ORDER BY measure, state_lgd",
	S(ST_SCHEME_ID) = "SELECT id FROM schemes WHERE code = ?1",
	S(ST_RELEASE_INSERT) = "INSERT INTO fund_releases (scheme_id, state_lgd, financial_year, amount_paise, units, sanction_order,"
	" released_on, instalment, source, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	S(ST_RELEASES) = "SELECT r.id, s.code, s.name, coalesce(r.state_lgd, 0), coalesce(st.name, 'All States/UTs'), r.financial_year,"
	" r.amount_paise, r.units, r.sanction_order, coalesce(r.released_on, ''), r.instalment, r.source"
	" FROM fund_releases r JOIN schemes s ON s.id = r.scheme_id LEFT JOIN states st ON st.lgd = r.state_lgd"
	" WHERE " RELEASE_SCOPE RELEASE_FILTER
	" ORDER BY r.financial_year DESC, st.name, r.instalment, r.id LIMIT ?4 OFFSET ?5",
	S(ST_RELEASES_TOTAL) = "SELECT count(*), coalesce(sum(r.amount_paise), 0), coalesce(sum(r.units), 0) FROM fund_releases r"
	" WHERE " RELEASE_SCOPE RELEASE_FILTER,
	S(ST_RELEASE_GET) =
	"SELECT r.id, coalesce(r.state_lgd, 0), r.financial_year, r.amount_paise,"
	" (SELECT coalesce(sum(u.amount_paise), 0) FROM utilisation u WHERE u.release_id = r.id AND u.withdrawn_at IS NULL),"
	" (SELECT count(*) FROM utilisation u WHERE u.release_id = r.id AND u.withdrawn_at IS NULL)"
	" FROM fund_releases r WHERE r.id = ?1 AND " RELEASE_SCOPE,
	S(ST_UC_INSERT) =
	"INSERT INTO utilisation (release_id, amount_paise, certificate_ref, certified_on, created_at, created_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* each release in scope with what its certificates account for */
	S(ST_UC_STATUS) =
	"SELECT r.id, coalesce(r.state_lgd, 0), coalesce(st.name, 'All States/UTs'), r.financial_year, r.amount_paise,"
	" coalesce(sum(u.amount_paise), 0), count(u.id), max(u.certified_on)"
	" FROM fund_releases r LEFT JOIN utilisation u ON u.release_id = r.id AND u.withdrawn_at IS NULL"
	" LEFT JOIN states st ON st.lgd = r.state_lgd"
	" WHERE " RELEASE_SCOPE " AND (?2 = 0 OR r.state_lgd = ?2)"
	" GROUP BY r.id ORDER BY r.financial_year, st.name, r.id",
	S(ST_RELEASE_WITHDRAW) = "UPDATE fund_releases SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawn_reason = ?4"
	" WHERE id = ?1 AND withdrawn_at IS NULL",
	/* a certificate in scope (its release's State), not withdrawn */
	S(ST_UC_GET) = "SELECT u.id, u.release_id, coalesce(r.state_lgd, 0) FROM utilisation u JOIN fund_releases r ON r.id = u.release_id"
	" WHERE u.id = ?1 AND u.withdrawn_at IS NULL AND " RELEASE_SCOPE,
	S(ST_UC_WITHDRAW) = "UPDATE utilisation SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawn_reason = ?4"
	" WHERE id = ?1 AND withdrawn_at IS NULL",
	/* the certificates in scope, each with its release */
	S(ST_UC_LIST) = "SELECT u.id, u.release_id, u.amount_paise, u.certificate_ref, u.certified_on FROM utilisation u"
	" JOIN fund_releases r ON r.id = u.release_id WHERE u.withdrawn_at IS NULL AND " RELEASE_SCOPE
	" AND (?2 = 0 OR r.state_lgd = ?2) ORDER BY u.release_id, u.certified_on, u.id",
	S(ST_PROGRAMME_PUT) = "INSERT INTO training_programmes (code, name, kind, scheme_id, organiser, description, source,"
	" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO UPDATE SET name = ?2, kind = ?3,"
	" scheme_id = ?4, organiser = ?5, description = ?6, source = ?7 RETURNING id",
	S(ST_PROGRAMMES) = "SELECT p.id, p.code, p.name, p.kind, coalesce(s.code, '') AS scheme, p.organiser, p.description,"
	" p.source, (SELECT count(*) FROM training_courses c WHERE c.programme_id = p.id AND " COURSE_SCOPE ") AS courses,"
	" (SELECT coalesce(sum(n), 0) FROM training_totals t WHERE t.programme_id = p.id AND"
	" (?101 = 1 OR (?101 IN (2, 3) AND t.state_lgd = ?102))) AS participants"
	" FROM training_programmes p LEFT JOIN schemes s ON s.id = p.scheme_id ORDER BY p.id",
	S(ST_PROGRAMME_OF) = "SELECT id, kind FROM training_programmes WHERE code = ?1",
	S(ST_COURSE_INSERT) = "INSERT INTO training_courses (programme_id, title, starts_on, ends_on, venue, host_state_lgd,"
	" organiser, resource_persons, certificates, cascade_of, created_at, created_by, updated_at, updated_by)"
	" VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?13)",
	S(ST_COURSE_UPDATE) = "UPDATE training_courses SET programme_id = ?2, title = ?3, starts_on = ?4, ends_on = ?5,"
	" venue = ?6, host_state_lgd = ?7, organiser = ?8, resource_persons = ?9, certificates = ?10, cascade_of = ?11,"
	" updated_at = ?12, updated_by = ?13, version = version + 1 WHERE id = ?1 AND version = ?14",
	S(ST_PARTS_CLEAR) = "DELETE FROM training_participants WHERE course_id = ?1",
	S(ST_PART_INSERT) = "INSERT INTO training_participants (course_id, state_lgd, category, rank, count)"
	" VALUES (?1, ?2, ?3, ?4, ?5)",
	S(ST_COURSES) = "SELECT " COURSE_COLUMNS COURSE_FROM " WHERE " COURSE_SCOPE COURSE_FILTER
	" ORDER BY c.starts_on DESC, c.id DESC LIMIT ?5 OFFSET ?6",
	S(ST_COURSES_TOTAL) = "SELECT count(*), coalesce(sum((SELECT sum(t.count) FROM training_participants t"
	" WHERE t.course_id = c.id)), 0) FROM training_courses c WHERE " COURSE_SCOPE COURSE_FILTER,
	S(ST_COURSE_GET) = "SELECT " COURSE_COLUMNS ", c.resource_persons" COURSE_FROM
	" WHERE c.id = ?1 AND " COURSE_SCOPE,
	S(ST_COURSE_PARTS) = "SELECT t.state_lgd, st.name AS state, t.category, t.rank, t.count FROM training_participants t"
	" JOIN states st ON st.lgd = t.state_lgd WHERE t.course_id = ?1 ORDER BY st.name, t.category, t.rank",
	S(ST_COURSE_CASCADE) = "SELECT c.id, c.title, c.starts_on, coalesce(st.name, '') AS host_state,"
	" (SELECT coalesce(sum(t.count), 0) FROM training_participants t WHERE t.course_id = c.id) AS participants"
	" FROM training_courses c LEFT JOIN states st ON st.lgd = c.host_state_lgd WHERE c.cascade_of = ?1"
	" AND " COURSE_SCOPE " ORDER BY c.starts_on, c.id",
	S(ST_TRAINING_TOTALS) = "SELECT t.state_lgd, t.category, p.kind = 'tot' AS tot, sum(t.n) AS n FROM training_totals t"
	" JOIN training_programmes p ON p.id = t.programme_id WHERE (?1 = 0 OR p.scheme_id = ?1) AND t.n <> 0"
	" GROUP BY 1, 2, 3",
	/* from the few courses of the cascade (their partial index) to their
	 * participants: CROSS JOIN keeps that order */
	S(ST_TRAINING_CASCADE) = "SELECT t.state_lgd, sum(t.count) AS n FROM training_courses c"
	" CROSS JOIN training_participants t ON t.course_id = c.id JOIN training_programmes p ON p.id = c.programme_id"
	" WHERE c.cascade_of IS NOT NULL AND (?1 = 0 OR p.scheme_id = ?1) GROUP BY 1",
	/* the counters the meetings' triggers keep (migration 0006) */
	S(ST_AP_BY_STATE) = "SELECT state_lgd, sum(n) AS open, coalesce(sum(CASE WHEN due_on < ?1 THEN n END), 0) AS overdue"
	" FROM action_pending_counts WHERE n > 0 GROUP BY state_lgd",
	/* the cases' own scope: a State's, a district's (migration 0015's columns) */
	S(ST_AHTU_CASES) = "SELECT c.state_lgd, c.district_lgd, count(*) AS n FROM cases c WHERE c.ahtu <> '' AND c.fir_date >= ?1"
	" AND (?2 = 0 OR c.state_lgd = ?2) AND (?101 = 1 OR (?101 = 2 AND c.state_lgd = ?102)"
	" OR (?101 = 3 AND c.district_lgd = ?103)) GROUP BY c.state_lgd, c.district_lgd",
	S(ST_TRAINEE_INSERT) = "INSERT INTO training_trainees (course_id, state_lgd, category, rank, name_sealed, certificate_no,"
	" created_at, created_by) VALUES (?1, ?2, ?3, ?4, x'', ?6, ?7, ?8)",
	S(ST_TRAINEE_SEAL) = "UPDATE training_trainees SET name_sealed = ?2 WHERE id = ?1",
	S(ST_TRAINEES) = "SELECT t.id, t.state_lgd, s.name AS state, t.category, t.rank, t.name_sealed, t.certificate_no"
	" FROM training_trainees t JOIN states s ON s.lgd = t.state_lgd WHERE t.course_id = ?1"
	" AND (?101 = 1 OR (?101 IN (2, 3) AND t.state_lgd = ?102))"
	" ORDER BY s.name, t.category, t.id",
	S(ST_TRAINEES_NAMED) = "SELECT count(*) FROM training_trainees WHERE course_id = ?1 AND state_lgd = ?2 AND category = ?3",
#undef S
};

static enum db_status schemes_put(struct db *db, const json_t *sc, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SCHEME_PUT);
	if (!st)
		return DB_ERROR;
	const char *keys[] = { "code", "name", "period_from", "period_to", "sanction_ref", "source" };
	for (int i = 0; i < 6; i++) {
		const char *v = json_string_value(json_object_get(sc, keys[i]));
		sqlite3_bind_text(st, i + 1, v ? v : "", -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 7, now);
	json_t *comp = json_object_get(sc, "components");
	char *ctext = json_is_array(comp) ? json_dumps(comp, JSON_COMPACT) : NULL;
	sqlite3_bind_text(st, 8, ctext ? ctext : "[]", -1, SQLITE_TRANSIENT);
	free(ctext);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_fail(db, "scheme_put");
	}
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = sq_stmt(db, ST_SCHEME_TARGETS_CLEAR);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, *id);
	enum db_status rc = sq_exec_stmt(db, st, "scheme_targets_clear");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(sc, "targets"), i, t) {
		if (rc != DB_OK)
			break;
		st = sq_stmt(db, ST_SCHEME_TARGET_PUT);
		if (!st)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(t, "measure")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, (int)json_integer_value(json_object_get(t, "state_lgd")));
		sqlite3_bind_int64(st, 4, json_integer_value(json_object_get(t, "target")));
		rc = sq_exec_stmt(db, st, "scheme_target_put");
	}
	return rc;
}

static json_t *target_row(sqlite3_stmt *st)
{
	return json_pack("{s:s, s:i, s:I}", "measure", (const char *)sqlite3_column_text(st, 0), "state_lgd",
			 sqlite3_column_int(st, 1), "target", (json_int_t)sqlite3_column_int64(st, 2));
}

static enum db_status schemes_list(struct db *db, const struct scope *s, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SCHEMES);
	if (!st)
		return DB_ERROR;
	sq_bind_scope(st, s);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *components = json_loads((const char *)sqlite3_column_text(st, 7), 0, NULL);
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I}", "id",
						       (json_int_t)sqlite3_column_int64(st, 0), "code",
						       (const char *)sqlite3_column_text(st, 1), "name",
						       (const char *)sqlite3_column_text(st, 2), "period_from",
						       (const char *)sqlite3_column_text(st, 3), "period_to",
						       (const char *)sqlite3_column_text(st, 4), "sanction_ref",
						       (const char *)sqlite3_column_text(st, 5), "source",
						       (const char *)sqlite3_column_text(st, 6), "components",
						       components ? components : json_array(), "released_paise",
						       (json_int_t)sqlite3_column_int64(st, 8), "units_funded",
						       (json_int_t)sqlite3_column_int64(st, 9)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sq_fail(db, "schemes_list");
	}
	size_t i;
	json_t *sc;
	json_array_foreach(items, i, sc) {
		st = sq_stmt(db, ST_SCHEME_TARGETS);
		json_t *targets = NULL;
		if (!st)
			goto fail;
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(sc, "id")));
		if (sq_collect(db, st, target_row, "scheme_targets", &targets) != DB_OK)
			goto fail;
		json_object_set_new(sc, "targets", targets);
	}
	*out = items;
	return DB_OK;
fail:
	json_decref(items);
	return DB_ERROR;
}

static int64_t schemes_id_of(struct db *db, const char *code)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SCHEME_ID);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static enum db_status releases_insert(struct db *db, struct db_release *r)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RELEASE_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, r->scheme_id);
	sq_bind_int_or_null(st, 2, r->state_lgd);
	sqlite3_bind_text(st, 3, r->financial_year, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->amount_paise);
	sqlite3_bind_int(st, 5, r->units);
	sqlite3_bind_text(st, 6, r->sanction_order, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 7, r->released_on);
	sqlite3_bind_int(st, 8, r->instalment);
	sqlite3_bind_text(st, 9, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, r->created_at);
	sq_bind_id_or_null(st, 11, r->created_by);
	enum db_status rc = sq_exec_stmt(db, st, "release_insert");
	if (rc == DB_OK)
		r->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static json_t *release_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:I, s:i, s:s, s:s, s:i, s:s}", "id",
			 (json_int_t)sqlite3_column_int64(st, 0), "scheme", (const char *)sqlite3_column_text(st, 1),
			 "scheme_name", (const char *)sqlite3_column_text(st, 2), "state_lgd", sqlite3_column_int(st, 3),
			 "state", (const char *)sqlite3_column_text(st, 4), "financial_year",
			 (const char *)sqlite3_column_text(st, 5), "amount_paise", (json_int_t)sqlite3_column_int64(st, 6),
			 "units", sqlite3_column_int(st, 7), "sanction_order", (const char *)sqlite3_column_text(st, 8),
			 "released_on", (const char *)sqlite3_column_text(st, 9), "instalment", sqlite3_column_int(st, 10),
			 "source", (const char *)sqlite3_column_text(st, 11));
}

static void bind_release_filter(sqlite3_stmt *st, const struct scope *s, const struct db_release_filter *f)
{
	sq_bind_scope(st, s);
	sqlite3_bind_int64(st, 1, f->scheme_id);
	sqlite3_bind_int(st, 2, f->state_lgd);
	sq_bind_text_or_null(st, 3, f->financial_year);
}

static enum db_status releases_list(struct db *db, const struct scope *s, const struct db_release_filter *f,
				    json_t **items, int64_t *count, int64_t *paise, int64_t *units)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RELEASES_TOTAL);
	if (!st)
		return DB_ERROR;
	bind_release_filter(st, s, f);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_fail(db, "releases_total");
	}
	*count = sqlite3_column_int64(st, 0);
	*paise = sqlite3_column_int64(st, 1);
	*units = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	st = sq_stmt(db, ST_RELEASES);
	if (!st)
		return DB_ERROR;
	bind_release_filter(st, s, f);
	sqlite3_bind_int(st, 4, f->limit);
	sqlite3_bind_int(st, 5, f->offset);
	return sq_collect(db, st, release_row, "releases_list", items);
}

static enum db_status releases_get(struct db *db, const struct scope *s, int64_t id, struct db_release *out,
				   int64_t *utilised)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RELEASE_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	enum db_status out_rc = DB_NOTFOUND;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->state_lgd = sqlite3_column_int(st, 1);
		sq_text(st, 2, out->financial_year, sizeof out->financial_year);
		out->amount_paise = sqlite3_column_int64(st, 3);
		*utilised = sqlite3_column_int64(st, 4);
		out->certificates = sqlite3_column_int(st, 5);
		out_rc = DB_OK;
	} else if (rc != SQLITE_DONE) {
		out_rc = sq_fail(db, "release_get");
	}
	sqlite3_reset(st);
	return out_rc;
}

static enum db_status utilisation_insert(struct db *db, int64_t release_id, int64_t paise, const char *ref,
					 const char *on, int64_t at, int64_t by, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_UC_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, release_id);
	sqlite3_bind_int64(st, 2, paise);
	sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, at);
	sq_bind_id_or_null(st, 6, by);
	enum db_status rc = sq_exec_stmt(db, st, "utilisation_insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static json_t *uc_row(sqlite3_stmt *st)
{
	const unsigned char *last = sqlite3_column_text(st, 7);
	return json_pack("{s:I, s:i, s:s, s:s, s:I, s:I, s:i, s:s}", "release_id", (json_int_t)sqlite3_column_int64(st, 0),
			 "state_lgd", sqlite3_column_int(st, 1), "state", (const char *)sqlite3_column_text(st, 2),
			 "financial_year", (const char *)sqlite3_column_text(st, 3), "released_paise",
			 (json_int_t)sqlite3_column_int64(st, 4), "utilised_paise", (json_int_t)sqlite3_column_int64(st, 5),
			 "certificates", sqlite3_column_int(st, 6), "last_certified_on", last ? (const char *)last : "");
}

static enum db_status utilisation_status(struct db *db, const struct scope *s, int state_lgd, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_UC_STATUS);
	if (!st)
		return DB_ERROR;
	sq_bind_scope(st, s);
	sqlite3_bind_int(st, 2, state_lgd);
	return sq_collect(db, st, uc_row, "utilisation_status", out);
}

/* ---- training ---- */

static enum db_status programmes_put(struct db *db, const json_t *p, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_PROGRAMME_PUT);
	if (!st)
		return DB_ERROR;
	const char *keys[] = { "code", "name", "kind" };
	for (int i = 0; i < 3; i++)
		sqlite3_bind_text(st, i + 1, json_string_value(json_object_get(p, keys[i])), -1, SQLITE_TRANSIENT);
	sq_bind_id_or_null(st, 4, json_integer_value(json_object_get(p, "scheme_id")));
	const char *more[] = { "organiser", "description", "source" };
	for (int i = 0; i < 3; i++) {
		const char *v = json_string_value(json_object_get(p, more[i]));
		sqlite3_bind_text(st, i + 5, v ? v : "", -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 8, now);
	enum db_status rc = DB_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		rc = sq_fail(db, "programme_put");
	sqlite3_reset(st);
	return rc;
}

static enum db_status programmes_list(struct db *db, const struct scope *s, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_PROGRAMMES);
	if (!st)
		return DB_ERROR;
	sq_bind_scope(st, s);
	return sq_collect(db, st, sq_row_named, "programmes_list", out);
}

static enum db_status programmes_of(struct db *db, const char *code, int64_t *id, char kind[16])
{
	sqlite3_stmt *st = sq_stmt(db, ST_PROGRAMME_OF);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	enum db_status out = DB_NOTFOUND;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, kind, 16);
		out = DB_OK;
	} else if (rc != SQLITE_DONE) {
		out = sq_fail(db, "programme_of");
	}
	sqlite3_reset(st);
	return out;
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static enum db_status courses_put(struct db *db, const json_t *c, int version, int64_t at, int64_t by, int64_t *id)
{
	sqlite3_stmt *st;
	enum db_status rc;
	if (!(st = sq_stmt(db, *id ? ST_COURSE_UPDATE : ST_COURSE_INSERT)))
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(c, "programme_id")));
	const char *texts[] = { "title", "starts_on", "ends_on", "venue" };
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(st, 3 + i, jstr(c, texts[i]), -1, SQLITE_TRANSIENT);
	sq_bind_int_or_null(st, 7, (int)json_integer_value(json_object_get(c, "host_state_lgd")));
	sqlite3_bind_text(st, 8, jstr(c, "organiser"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, jstr(c, "resource_persons"), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 10, json_integer_value(json_object_get(c, "certificates")));
	sq_bind_id_or_null(st, 11, json_integer_value(json_object_get(c, "cascade_of")));
	sqlite3_bind_int64(st, 12, at);
	sq_bind_id_or_null(st, 13, by);
	if (*id)
		sqlite3_bind_int(st, 14, version);
	if ((rc = sq_exec_stmt(db, st, "course_put")) != DB_OK)
		return rc;
	sqlite3 *h = ((struct sqlite_db *)db)->h;
	if (*id && sqlite3_changes(h) == 0)
		return DB_CONFLICT;        /* nothing written */
	if (!*id) {
		*id = sqlite3_last_insert_rowid(h);
	} else {
		/* the participants are replaced (counted off by the trigger under the
		 * programme the update left them in) */
		if (!(st = sq_stmt(db, ST_PARTS_CLEAR)))
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, *id);
		if ((rc = sq_exec_stmt(db, st, "course_parts_clear")) != DB_OK)
			return rc;
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(c, "participants"), i, p) {
		if (!(st = sq_stmt(db, ST_PART_INSERT)))
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)json_integer_value(json_object_get(p, "state_lgd")));
		sqlite3_bind_text(st, 3, jstr(p, "category"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, jstr(p, "rank"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, json_integer_value(json_object_get(p, "count")));
		if ((rc = sq_exec_stmt(db, st, "course_participant")) != DB_OK)
			return rc;
	}
	return DB_OK;
}

static void bind_course_filter(sqlite3_stmt *st, const struct scope *s, const struct db_course_filter *f)
{
	sq_bind_scope(st, s);
	sqlite3_bind_int64(st, 1, f->programme_id);
	sqlite3_bind_int(st, 2, f->state_lgd);
	sq_bind_text_or_null(st, 3, f->from);
	sq_bind_text_or_null(st, 4, f->to);
}

static enum db_status courses_list(struct db *db, const struct scope *s, const struct db_course_filter *f,
				   json_t **items, int64_t *total, int64_t *participants)
{
	sqlite3_stmt *st = sq_stmt(db, ST_COURSES_TOTAL);
	if (!st)
		return DB_ERROR;
	bind_course_filter(st, s, f);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_fail(db, "courses_total");
	}
	*total = sqlite3_column_int64(st, 0);
	*participants = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (!(st = sq_stmt(db, ST_COURSES)))
		return DB_ERROR;
	bind_course_filter(st, s, f);
	sqlite3_bind_int(st, 5, f->limit);
	sqlite3_bind_int(st, 6, f->offset);
	return sq_collect(db, st, sq_row_named, "courses_list", items);
}

static enum db_status courses_get(struct db *db, const struct scope *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_COURSE_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	json_t *c = rc == SQLITE_ROW ? sq_row_named(st) : NULL;
	sqlite3_reset(st);
	if (!c)
		return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "course_get");
	json_t *parts = NULL, *cascade = NULL;
	if (!(st = sq_stmt(db, ST_COURSE_PARTS)))
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (sq_collect(db, st, sq_row_named, "course_parts", &parts) != DB_OK)
		goto fail;
	json_object_set_new(c, "participants_by", parts);
	if (!(st = sq_stmt(db, ST_COURSE_CASCADE)))
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	if (sq_collect(db, st, sq_row_named, "course_cascade", &cascade) != DB_OK)
		goto fail;
	json_object_set_new(c, "cascade", cascade);
	*out = c;
	return DB_OK;
fail:
	json_decref(c);
	return DB_ERROR;
}

static enum db_status training_totals_of(struct db *db, int64_t scheme_id, json_t **out, json_t **cascade)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TRAINING_TOTALS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, scheme_id);
	if (sq_collect(db, st, sq_row_named, "training_totals", out) != DB_OK)
		return DB_ERROR;
	if (!(st = sq_stmt(db, ST_TRAINING_CASCADE)))
		goto fail;
	sqlite3_bind_int64(st, 1, scheme_id);
	if (sq_collect(db, st, sq_row_named, "training_cascade", cascade) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	json_decref(*out);
	*out = NULL;
	return DB_ERROR;
}

static enum db_status action_points_by_state(struct db *db, const char *today, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AP_BY_STATE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	return sq_collect(db, st, sq_row_named, "action_points_by_state", out);
}

static enum db_status trainees_insert(struct db *db, int64_t course_id, int state_lgd, const char *category,
				      const char *rank, const char *certificate_no, int64_t at, int64_t by, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TRAINEE_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sqlite3_bind_text(st, 3, category, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, rank, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, certificate_no, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, at);
	sq_bind_id_or_null(st, 8, by);
	enum db_status rc = sq_exec_stmt(db, st, "trainee_insert");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status trainees_seal(struct db *db, int64_t id, const unsigned char *sealed, size_t sealed_len)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TRAINEE_SEAL);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, sealed, (int)sealed_len, SQLITE_TRANSIENT);
	return sq_exec_stmt(db, st, "trainee_seal");
}

/* A trainee's row, the sealed name as base64 (the caller opens it). */
static json_t *trainee_row(sqlite3_stmt *st)
{
	const unsigned char *blob = sqlite3_column_blob(st, 5);
	int n = sqlite3_column_bytes(st, 5);
	gchar *b64 = g_base64_encode(blob, (gsize)n);
	json_t *o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			      "state_lgd", sqlite3_column_int(st, 1), "state", (const char *)sqlite3_column_text(st, 2),
			      "category", (const char *)sqlite3_column_text(st, 3), "rank",
			      (const char *)sqlite3_column_text(st, 4), "name_sealed", b64, "certificate_no",
			      (const char *)sqlite3_column_text(st, 6));
	g_free(b64);
	return o;
}

static enum db_status trainees_list(struct db *db, const struct scope *s, int64_t course_id, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TRAINEES);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, course_id);
	sq_bind_scope(st, s);
	return sq_collect(db, st, trainee_row, "trainees_of", out);
}

static enum db_status trainees_count(struct db *db, int64_t course_id, int state_lgd, const char *category, int64_t *n)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TRAINEES_NAMED);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sqlite3_bind_text(st, 3, category, -1, SQLITE_TRANSIENT);
	enum db_status rc = DB_OK;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = sq_fail(db, "trainees_named");
	sqlite3_reset(st);
	return rc;
}

static enum db_status ahtu_cases_by_district(struct db *db, const struct scope *s, int state_lgd, const char *from,
					     json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AHTU_CASES);
	if (!st)
		return DB_ERROR;
	sq_bind_scope(st, s);
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, state_lgd);
	return sq_collect(db, st, sq_row_named, "ahtu_cases_by_district", out);
}

static enum db_status withdraw(struct db *db, enum stmt_id which, int64_t id, int64_t at, int64_t by, const char *reason)
{
	sqlite3_stmt *st = sq_stmt(db, which);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sq_bind_id_or_null(st, 3, by);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_TRANSIENT);
	enum db_status rc = sq_exec_stmt(db, st, "withdraw");
	if (rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) == 0)
		rc = DB_NOTFOUND;
	return rc;
}

static enum db_status releases_withdraw(struct db *db, int64_t id, int64_t at, int64_t by, const char *reason)
{
	return withdraw(db, ST_RELEASE_WITHDRAW, id, at, by, reason);
}

static enum db_status uc_withdraw(struct db *db, int64_t id, int64_t at, int64_t by, const char *reason)
{
	return withdraw(db, ST_UC_WITHDRAW, id, at, by, reason);
}

static enum db_status uc_get(struct db *db, const struct scope *s, int64_t id, int64_t *release_id, int *state_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_UC_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	enum db_status out = DB_NOTFOUND;
	if (rc == SQLITE_ROW) {
		*release_id = sqlite3_column_int64(st, 1);
		*state_lgd = sqlite3_column_int(st, 2);
		out = DB_OK;
	} else if (rc != SQLITE_DONE) {
		out = sq_fail(db, "uc_get");
	}
	sqlite3_reset(st);
	return out;
}

static enum db_status uc_list(struct db *db, const struct scope *s, int state_lgd, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_UC_LIST);
	if (!st)
		return DB_ERROR;
	sq_bind_scope(st, s);
	sqlite3_bind_int(st, 2, state_lgd);
	return sq_collect(db, st, sq_row_named, "uc_list", out);
}

void sqlite_fill_monitoring_ops(struct db_ops *ops)
{
	ops->release_withdraw = releases_withdraw;
	ops->utilisation_withdraw = uc_withdraw;
	ops->utilisation_get = uc_get;
	ops->utilisation_list = uc_list;
	ops->ahtu_cases_by_district = ahtu_cases_by_district;
	ops->trainee_insert = trainees_insert;
	ops->trainee_seal = trainees_seal;
	ops->trainees_of = trainees_list;
	ops->trainees_named = trainees_count;
	ops->action_points_by_state = action_points_by_state;
	ops->programme_put = programmes_put;
	ops->programmes_list = programmes_list;
	ops->programme_of = programmes_of;
	ops->course_put = courses_put;
	ops->courses_list = courses_list;
	ops->course_get = courses_get;
	ops->training_totals = training_totals_of;
	ops->release_get = releases_get;
	ops->utilisation_insert = utilisation_insert;
	ops->utilisation_status = utilisation_status;
	ops->scheme_put = schemes_put;
	ops->schemes_list = schemes_list;
	ops->scheme_id_of = schemes_id_of;
	ops->release_insert = releases_insert;
	ops->releases_list = releases_list;
}
