/* SQLite: schemes, their targets, and the funds released under them
 * (migration 0017).  A State or district caller reaches its State's
 * releases; the totals are summed as integers (paise), exactly. */
#include "db/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

#include "util/util.h"

#define RELEASE_SCOPE "(?101 = 1 OR (?101 IN (2, 3) AND r.state_lgd = ?102))"
#define RELEASE_FILTER " AND (?1 = 0 OR r.scheme_id = ?1) AND (?2 = 0 OR r.state_lgd = ?2) AND (?3 IS NULL OR r.financial_year = ?3)"

const char *const sqlite_monitoring_sql[ST_COUNT - ST_MON_FIRST] = {
#define S(id) [id - ST_MON_FIRST]
	S(ST_SCHEME_PUT) = "INSERT INTO schemes (code, name, period_from, period_to, sanction_ref, source, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code) DO UPDATE SET name = ?2, period_from = ?3,"
	" period_to = ?4, sanction_ref = ?5, source = ?6 RETURNING id",
	S(ST_SCHEME_TARGETS_CLEAR) = "DELETE FROM scheme_targets WHERE scheme_id = ?1",
	S(ST_SCHEME_TARGET_PUT) = "INSERT INTO scheme_targets (scheme_id, measure, state_lgd, target) VALUES (?1, ?2, ?3, ?4)",
	S(ST_SCHEMES) = "SELECT s.id, s.code, s.name, coalesce(s.period_from, ''), coalesce(s.period_to, ''), s.sanction_ref, s.source,"
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
	" (SELECT coalesce(sum(u.amount_paise), 0) FROM utilisation u WHERE u.release_id = r.id)"
	" FROM fund_releases r WHERE r.id = ?1 AND " RELEASE_SCOPE,
	S(ST_UC_INSERT) =
	"INSERT INTO utilisation (release_id, amount_paise, certificate_ref, certified_on, created_at, created_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* each release in scope with what its certificates account for */
	S(ST_UC_STATUS) =
	"SELECT r.id, coalesce(r.state_lgd, 0), coalesce(st.name, 'All States/UTs'), r.financial_year, r.amount_paise,"
	" coalesce(sum(u.amount_paise), 0), count(u.id), max(u.certified_on)"
	" FROM fund_releases r LEFT JOIN utilisation u ON u.release_id = r.id LEFT JOIN states st ON st.lgd = r.state_lgd"
	" WHERE " RELEASE_SCOPE " AND (?2 = 0 OR r.state_lgd = ?2)"
	" GROUP BY r.id ORDER BY r.financial_year, st.name, r.id",
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "id",
						       (json_int_t)sqlite3_column_int64(st, 0), "code",
						       (const char *)sqlite3_column_text(st, 1), "name",
						       (const char *)sqlite3_column_text(st, 2), "period_from",
						       (const char *)sqlite3_column_text(st, 3), "period_to",
						       (const char *)sqlite3_column_text(st, 4), "sanction_ref",
						       (const char *)sqlite3_column_text(st, 5), "source",
						       (const char *)sqlite3_column_text(st, 6), "released_paise",
						       (json_int_t)sqlite3_column_int64(st, 7), "units_funded",
						       (json_int_t)sqlite3_column_int64(st, 8)));
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

void sqlite_fill_monitoring_ops(struct db_ops *ops)
{
	ops->release_get = releases_get;
	ops->utilisation_insert = utilisation_insert;
	ops->utilisation_status = utilisation_status;
	ops->scheme_put = schemes_put;
	ops->schemes_list = schemes_list;
	ops->scheme_id_of = schemes_id_of;
	ops->release_insert = releases_insert;
	ops->releases_list = releases_list;
}
