/* SQLite: case records (migration 0015) — cases, their status events,
 * victims and accused — the analysis's reading of every victim, and the
 * Cell's settings.  A State caller reaches its State's cases, a district
 * caller its district's (the case's place of registration). */
#include "db/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define CASE_SCOPE "(?101 = 1 OR (?101 = 2 AND c.state_lgd = ?102) OR (?101 = 3 AND c.district_lgd = ?103))"
#define CASE_COLS "c.id, c.state_lgd, c.district_lgd, c.police_station, c.fir_number, c.fir_date, c.sections," \
	" c.ahtu, c.status, c.status_on, c.synthetic, c.version, c.created_at, coalesce(c.created_by, 0)," \
	" c.updated_at, coalesce(c.updated_by, 0)"
#define VICTIM_COLS "id, code, gender, age, age_band, nationality, purposes, methods_of_control," \
	" recruiter_relation, rescued_on, rescue_district_lgd, shelter, source_district_lgd, source_country," \
	" transit, destination_district_lgd, destination_country, name, address, contact, photo IS NOT NULL"
/* VICTIM_COLS with the table's name before each (for joins). */
#define VICTIM_COLS_V "id, v.code, v.gender, v.age, v.age_band, v.nationality, v.purposes, v.methods_of_control," \
	" v.recruiter_relation, v.rescued_on, v.rescue_district_lgd, v.shelter, v.source_district_lgd, v.source_country," \
	" v.transit, v.destination_district_lgd, v.destination_country, NULL, NULL, NULL, 0"
#define CASE_FILTER \
	" AND (?1 IS NULL OR instr(lower(c.fir_number), lower(?1)) > 0" \
	"      OR instr(lower(c.police_station), lower(?1)) > 0)" \
	" AND (?2 IS NULL OR c.status = ?2) AND (?3 = 0 OR c.state_lgd = ?3) AND (?4 = 0 OR c.district_lgd = ?4)" \
	" AND (?5 IS NULL OR c.fir_date >= ?5) AND (?6 IS NULL OR c.fir_date <= ?6)" \
	" AND (?10 IS NULL OR lower(c.ahtu) = lower(?10))"

const char *const sqlite_cases_sql[ST_MON_FIRST - ST_CASE_FIRST] = {
#define S(id) [id - ST_CASE_FIRST]
	S(ST_CASE_INSERT) =
	"INSERT INTO cases (state_lgd, district_lgd, police_station, fir_number, fir_date, sections, ahtu, status,"
	" status_on, synthetic, version, created_at, created_by, updated_at, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?12, ?11, ?12)",
	S(ST_CASE_UPDATE) =
	"UPDATE cases SET state_lgd = ?1, district_lgd = ?2, police_station = ?3, fir_number = ?4, fir_date = ?5,"
	" sections = ?6, ahtu = ?7, status = ?8, status_on = ?9, version = version + 1, updated_at = ?11,"
	" updated_by = ?12 WHERE id = ?13 AND version = ?14",
	S(ST_CASE_GET) = "SELECT " CASE_COLS " FROM cases c WHERE c.id = ?1 AND " CASE_SCOPE,
	S(ST_CASE_VICTIMS) = "SELECT " VICTIM_COLS " FROM victims WHERE case_id = ?1 ORDER BY id",
	S(ST_CASE_ACCUSED) =
	"SELECT id, code, roles, arrested, chargesheeted, convicted, coalesce(agency_id, 0), name"
	" FROM accused WHERE case_id = ?1 ORDER BY id",
	S(ST_VICTIM_INSERT) =
	"INSERT INTO victims (case_id, code, gender, age, age_band, nationality, purposes, methods_of_control,"
	" recruiter_relation, rescued_on, rescue_district_lgd, shelter, source_district_lgd, source_country,"
	" transit, destination_district_lgd, destination_country)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	S(ST_VICTIM_UPDATE) =
	"UPDATE victims SET gender = ?3, age = ?4, age_band = ?5, nationality = ?6, purposes = ?7,"
	" methods_of_control = ?8, recruiter_relation = ?9, rescued_on = ?10, rescue_district_lgd = ?11,"
	" shelter = ?12, source_district_lgd = ?13, source_country = ?14, transit = ?15,"
	" destination_district_lgd = ?16, destination_country = ?17 WHERE id = ?18 AND case_id = ?1",
	S(ST_VICTIM_SEAL) = "UPDATE victims SET name = ?2, address = ?3, contact = ?4 WHERE id = ?1",
	S(ST_VICTIM_DELETE) = "DELETE FROM victims WHERE id = ?1",
	S(ST_ACCUSED_INSERT) =
	"INSERT INTO accused (case_id, code, roles, arrested, chargesheeted, convicted, agency_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	S(ST_ACCUSED_UPDATE) =
	"UPDATE accused SET code = ?2, roles = ?3, arrested = ?4, chargesheeted = ?5, convicted = ?6, agency_id = ?7"
	" WHERE id = ?8 AND case_id = ?1",
	S(ST_ACCUSED_SEAL) = "UPDATE accused SET name = ?2 WHERE id = ?1",
	S(ST_ACCUSED_DELETE) = "DELETE FROM accused WHERE id = ?1",
	S(ST_CASE_EVENT_ADD) = "INSERT INTO case_events (case_id, status, on_date, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5)",
	S(ST_CASE_EVENTS) =
	"SELECT e.status, e.on_date, e.at, coalesce(u.login, '') FROM case_events e"
	" LEFT JOIN users u ON u.id = e.by_user WHERE e.case_id = ?1 ORDER BY e.id",
	S(ST_CASE_LIST) =
	"SELECT c.id, c.state_lgd, c.district_lgd, c.police_station, c.fir_number, c.fir_date, c.status, c.status_on,"
	" (SELECT count(*) FROM victims v WHERE v.case_id = c.id), (SELECT count(*) FROM accused a WHERE a.case_id = c.id),"
	" c.synthetic, c.updated_at, d.name, s.name"
	" FROM cases c JOIN districts d ON d.lgd = c.district_lgd JOIN states s ON s.lgd = c.state_lgd"
	" WHERE " CASE_SCOPE CASE_FILTER
	" ORDER BY"
	"  CASE ?7 WHEN 'fir_date' THEN c.fir_date WHEN 'district' THEN d.name WHEN 'status' THEN c.status"
	"   WHEN 'updated_at' THEN c.updated_at END ASC,"
	"  CASE ?7 WHEN '-fir_date' THEN c.fir_date WHEN '-district' THEN d.name WHEN '-status' THEN c.status"
	"   WHEN '-updated_at' THEN c.updated_at END DESC,"
	"  c.id DESC LIMIT ?8 OFFSET ?9",
	S(ST_CASE_COUNT) = "SELECT count(*) FROM cases c WHERE " CASE_SCOPE CASE_FILTER,
	S(ST_CASE_FACTS) =
	"SELECT c.id, c.state_lgd, c.district_lgd, coalesce(v.rescued_on, c.fir_date), v.gender, v.age_band,"
	" v.nationality, v.purposes, coalesce(v.source_district_lgd, 0), v.source_country,"
	" coalesce(v.destination_district_lgd, 0), v.destination_country, v.transit"
	" FROM victims v JOIN cases c ON c.id = v.case_id",
	S(ST_CASES_VERSION) = "SELECT n FROM cases_version",
	S(ST_CASE_FIR_TAKEN) =
	"SELECT id FROM cases WHERE district_lgd = ?1 AND police_station = ?2 COLLATE NOCASE AND fir_number = ?3"
	" AND substr(fir_date, 1, 4) = substr(?4, 1, 4) AND id != ?5",
	S(ST_SETTING_GET) = "SELECT value FROM settings WHERE key = ?1",
	S(ST_SETTING_PUT) =
	"INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3, updated_by = ?4",
	S(ST_VICTIM_EXPORT) =
	"SELECT c.id, c.state_lgd, c.district_lgd, c.fir_date, c.status, c.synthetic, v." VICTIM_COLS_V ","
	" count(*) OVER ()"
	" FROM victims v JOIN cases c ON c.id = v.case_id WHERE " CASE_SCOPE CASE_FILTER
	" ORDER BY c.fir_date, c.id, v.id LIMIT ?8",
	S(ST_PHOTO_PUT) = "UPDATE victims SET photo = ?3 WHERE id = ?2 AND case_id = ?1",
	S(ST_PHOTO_GET) =
	"SELECT v.code, v.photo FROM victims v JOIN cases c ON c.id = v.case_id"
	" WHERE v.case_id = ?1 AND v.id = ?2 AND " CASE_SCOPE,
#undef S
};

static void sealed_free(struct db_sealed *s)
{
	free(s->data);
	s->data = NULL;
	s->len = 0;
}

void db_case_clear(struct db_case *c)
{
	for (int i = 0; i < c->nvictims; i++) {
		sealed_free(&c->victims[i].name);
		sealed_free(&c->victims[i].address);
		sealed_free(&c->victims[i].contact);
	}
	for (int i = 0; i < c->naccused; i++)
		sealed_free(&c->accused[i].name);
	free(c->victims);
	free(c->accused);
	c->victims = NULL;
	c->accused = NULL;
	c->nvictims = c->naccused = 0;
}

static void bind_sealed(sqlite3_stmt *st, int i, const struct db_sealed *s)
{
	if (s->data)
		sqlite3_bind_blob(st, i, s->data, (int)s->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Copies a sealed column; false when out of memory. */
static bool sealed_from(sqlite3_stmt *st, int i, struct db_sealed *out)
{
	int n = sqlite3_column_bytes(st, i);
	const void *p = sqlite3_column_blob(st, i);
	out->data = NULL;
	out->len = 0;
	if (!p || n <= 0)
		return true;
	out->data = malloc((size_t)n);
	if (!out->data)
		return false;
	memcpy(out->data, p, (size_t)n);
	out->len = (size_t)n;
	return true;
}

static void bind_place(sqlite3_stmt *st, int i_district, const struct db_place *p)
{
	sq_bind_int_or_null(st, i_district, p->district_lgd);
	sq_bind_text_or_null(st, i_district + 1, p->district_lgd ? NULL : p->country);
}

/* "D123 NP …" of a victim's transit places, into out (CASE_TRANSIT_MAX * 8 bytes). */
static void transit_text(const struct db_victim *v, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	for (int i = 0; i < v->ntransit && len < n; i++) {
		const struct db_place *p = &v->transit[i];
		int k = p->district_lgd ? snprintf(out + len, n - len, "%sD%d", i ? " " : "", p->district_lgd)
					: snprintf(out + len, n - len, "%s%s", i ? " " : "", p->country);
		len += k > 0 ? (size_t)k : 0;
	}
}

static void transit_parse(const char *s, struct db_victim *v)
{
	v->ntransit = 0;
	while (s && *s && v->ntransit < CASE_TRANSIT_MAX) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		struct db_place *p = &v->transit[v->ntransit];
		memset(p, 0, sizeof *p);
		if (*s == 'D')
			p->district_lgd = atoi(s + 1);
		else if (s[0] && s[1])
			memcpy(p->country, s, 2);
		v->ntransit++;
		while (*s && *s != ' ')
			s++;
	}
}

static enum db_status victim_write(struct db *db, int64_t case_id, struct db_victim *v)
{
	sqlite3_stmt *st = sq_stmt(db, v->id ? ST_VICTIM_UPDATE : ST_VICTIM_INSERT);
	if (!st)
		return DB_ERROR;
	char transit[CASE_TRANSIT_MAX * 8 + 1];
	transit_text(v, transit, sizeof transit);
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, v->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, v->gender, -1, SQLITE_STATIC);
	if (v->age >= 0)
		sqlite3_bind_int(st, 4, v->age);
	sqlite3_bind_text(st, 5, v->age_band, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, v->nationality, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, v->purposes);
	sqlite3_bind_int64(st, 8, v->methods);
	sqlite3_bind_text(st, 9, v->relation, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 10, v->rescued_on);
	sq_bind_int_or_null(st, 11, v->rescue_district_lgd);
	sqlite3_bind_text(st, 12, v->shelter, -1, SQLITE_STATIC);
	bind_place(st, 13, &v->source);
	sqlite3_bind_text(st, 15, transit, -1, SQLITE_TRANSIENT);
	bind_place(st, 16, &v->destination);
	if (v->id)
		sqlite3_bind_int64(st, 18, v->id);
	enum db_status rc = sq_exec_stmt(db, st, "victim_write");
	if (rc != DB_OK)
		return rc;
	if (!v->id)
		v->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	else if (sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_NOTFOUND;
	if (v->keep_personal)
		return DB_OK;
	st = sq_stmt(db, ST_VICTIM_SEAL);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, v->id);
	bind_sealed(st, 2, &v->name);
	bind_sealed(st, 3, &v->address);
	bind_sealed(st, 4, &v->contact);
	return sq_exec_stmt(db, st, "victim_seal");
}

static enum db_status accused_write(struct db *db, int64_t case_id, struct db_accused *a)
{
	sqlite3_stmt *st = sq_stmt(db, a->id ? ST_ACCUSED_UPDATE : ST_ACCUSED_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, a->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->roles);
	sqlite3_bind_int(st, 4, a->arrested);
	sqlite3_bind_int(st, 5, a->chargesheeted);
	sqlite3_bind_int(st, 6, a->convicted);
	sq_bind_id_or_null(st, 7, a->agency_id);
	if (a->id)
		sqlite3_bind_int64(st, 8, a->id);
	enum db_status rc = sq_exec_stmt(db, st, "accused_write");
	if (rc != DB_OK)
		return rc;
	if (!a->id)
		a->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	else if (sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_NOTFOUND;
	if (a->keep_personal)
		return DB_OK;
	st = sq_stmt(db, ST_ACCUSED_SEAL);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a->id);
	bind_sealed(st, 2, &a->name);
	return sq_exec_stmt(db, st, "accused_seal");
}

static void bind_case(sqlite3_stmt *st, const struct db_case *c)
{
	sqlite3_bind_int(st, 1, c->state_lgd);
	sqlite3_bind_int(st, 2, c->district_lgd);
	sqlite3_bind_text(st, 3, c->police_station, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->fir_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->fir_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->sections[0] ? c->sections : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->ahtu, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, c->status_on, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, c->synthetic);
	sqlite3_bind_int64(st, 11, c->updated_at);
	sq_bind_id_or_null(st, 12, c->updated_by);
}

static enum db_status parts_write(struct db *db, struct db_case *c)
{
	enum db_status rc = DB_OK;
	for (int i = 0; i < c->nvictims && rc == DB_OK; i++)
		rc = victim_write(db, c->id, &c->victims[i]);
	for (int i = 0; i < c->naccused && rc == DB_OK; i++)
		rc = accused_write(db, c->id, &c->accused[i]);
	return rc;
}

static enum db_status cases_insert(struct db *db, struct db_case *c)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_INSERT);
	if (!st)
		return DB_ERROR;
	bind_case(st, c);
	enum db_status rc = sq_exec_stmt(db, st, "case_insert");
	if (rc != DB_OK)
		return rc;
	c->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	c->version = 1;
	return parts_write(db, c);
}

/* The ids of a case's stored victims (ST_CASE_VICTIMS) or accused
 * (ST_CASE_ACCUSED), column 0, into a new array; NULL on error. */
static int64_t *stored_ids(struct db *db, enum stmt_id id, int64_t case_id, int *n)
{
	sqlite3_stmt *st = sq_stmt(db, id);
	*n = 0;
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, case_id);
	size_t cap = 16;
	int64_t *ids = malloc(cap * sizeof *ids);
	int rc;
	while (ids && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)*n == cap) {
			int64_t *g = realloc(ids, (cap *= 2) * sizeof *ids);
			if (!g) {
				free(ids);
				ids = NULL;
				break;
			}
			ids = g;
		}
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return ids;
}

/* Deletes the stored rows whose id is not among the given ones. */
static enum db_status delete_missing(struct db *db, enum stmt_id list, enum stmt_id del, int64_t case_id,
				     const int64_t *keep, size_t keep_stride, int nkeep)
{
	int n;
	int64_t *ids = stored_ids(db, list, case_id, &n);
	if (!ids)
		return sq_fail(db, "case_parts");
	enum db_status rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		bool kept = false;
		for (int k = 0; k < nkeep && !kept; k++)
			kept = *(const int64_t *)((const char *)keep + (size_t)k * keep_stride) == ids[i];
		if (kept)
			continue;
		sqlite3_stmt *st = sq_stmt(db, del);
		if (!st) {
			rc = DB_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sq_exec_stmt(db, st, "case_part_delete");
	}
	free(ids);
	return rc;
}

static enum db_status cases_update(struct db *db, struct db_case *c)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_UPDATE);
	if (!st)
		return DB_ERROR;
	bind_case(st, c);
	sqlite3_bind_int64(st, 13, c->id);
	sqlite3_bind_int64(st, 14, c->version);
	enum db_status rc = sq_exec_stmt(db, st, "case_update");
	if (rc != DB_OK)
		return rc;
	if (sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_CONFLICT;
	c->version++;
	if (c->nvictims)
		rc = delete_missing(db, ST_CASE_VICTIMS, ST_VICTIM_DELETE, c->id, &c->victims[0].id,
				    sizeof c->victims[0], c->nvictims);
	else
		rc = delete_missing(db, ST_CASE_VICTIMS, ST_VICTIM_DELETE, c->id, NULL, 0, 0);
	if (rc == DB_OK)
		rc = c->naccused ? delete_missing(db, ST_CASE_ACCUSED, ST_ACCUSED_DELETE, c->id, &c->accused[0].id,
						  sizeof c->accused[0], c->naccused)
				 : delete_missing(db, ST_CASE_ACCUSED, ST_ACCUSED_DELETE, c->id, NULL, 0, 0);
	return rc == DB_OK ? parts_write(db, c) : rc;
}

static void place_from(sqlite3_stmt *st, int i, struct db_place *p)
{
	memset(p, 0, sizeof *p);
	p->district_lgd = sqlite3_column_int(st, i);
	if (!p->district_lgd)
		sq_text(st, i + 1, p->country, sizeof p->country);
}

/* A victim from VICTIM_COLS starting at column o; false when out of memory. */
static bool victim_cols_at(sqlite3_stmt *st, int o, struct db_victim *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, o + 0);
	sq_text(st, o + 1, v->code, sizeof v->code);
	sq_text(st, o + 2, v->gender, sizeof v->gender);
	v->age = sqlite3_column_type(st, o + 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, o + 3);
	sq_text(st, o + 4, v->age_band, sizeof v->age_band);
	sq_text(st, o + 5, v->nationality, sizeof v->nationality);
	v->purposes = (uint32_t)sqlite3_column_int64(st, o + 6);
	v->methods = (uint32_t)sqlite3_column_int64(st, o + 7);
	sq_text(st, o + 8, v->relation, sizeof v->relation);
	sq_text(st, o + 9, v->rescued_on, sizeof v->rescued_on);
	v->rescue_district_lgd = sqlite3_column_int(st, o + 10);
	sq_text(st, o + 11, v->shelter, sizeof v->shelter);
	place_from(st, o + 12, &v->source);
	transit_parse((const char *)sqlite3_column_text(st, o + 14), v);
	place_from(st, o + 15, &v->destination);
	v->has_photo = sqlite3_column_int(st, o + 20);
	return sealed_from(st, o + 17, &v->name) && sealed_from(st, o + 18, &v->address)
	       && sealed_from(st, o + 19, &v->contact);
}

static bool victim_from_row(sqlite3_stmt *st, struct db_victim *v)
{
	return victim_cols_at(st, 0, v);
}

static enum db_status read_parts(struct db *db, struct db_case *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_VICTIMS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, out->id);
	int rc;
	out->victims = calloc(CASE_VICTIMS_MAX, sizeof *out->victims);
	out->accused = calloc(CASE_ACCUSED_MAX, sizeof *out->accused);
	if (!out->victims || !out->accused) {
		sqlite3_reset(st);
		return DB_ERROR;
	}
	bool ok = true;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nvictims < CASE_VICTIMS_MAX)
		ok &= victim_from_row(st, &out->victims[out->nvictims++]);
	sqlite3_reset(st);
	if (!ok || (rc != SQLITE_DONE && rc != SQLITE_ROW))
		return sq_fail(db, "case_victims");
	st = sq_stmt(db, ST_CASE_ACCUSED);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, out->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->naccused < CASE_ACCUSED_MAX) {
		struct db_accused *a = &out->accused[out->naccused++];
		a->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, a->code, sizeof a->code);
		a->roles = (uint32_t)sqlite3_column_int64(st, 2);
		a->arrested = sqlite3_column_int(st, 3);
		a->chargesheeted = sqlite3_column_int(st, 4);
		a->convicted = sqlite3_column_int(st, 5);
		a->agency_id = sqlite3_column_int64(st, 6);
		ok &= sealed_from(st, 7, &a->name);
	}
	sqlite3_reset(st);
	if (!ok || (rc != SQLITE_DONE && rc != SQLITE_ROW))
		return sq_fail(db, "case_accused");
	return DB_OK;
}

static enum db_status cases_get(struct db *db, const struct scope *s, int64_t id, struct db_case *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "case_get");
	}
	out->id = sqlite3_column_int64(st, 0);
	out->state_lgd = sqlite3_column_int(st, 1);
	out->district_lgd = sqlite3_column_int(st, 2);
	sq_text(st, 3, out->police_station, sizeof out->police_station);
	sq_text(st, 4, out->fir_number, sizeof out->fir_number);
	sq_text(st, 5, out->fir_date, sizeof out->fir_date);
	sq_text(st, 6, out->sections, sizeof out->sections);
	sq_text(st, 7, out->ahtu, sizeof out->ahtu);
	sq_text(st, 8, out->status, sizeof out->status);
	sq_text(st, 9, out->status_on, sizeof out->status_on);
	out->synthetic = sqlite3_column_int(st, 10);
	out->version = sqlite3_column_int64(st, 11);
	out->created_at = sqlite3_column_int64(st, 12);
	out->created_by = sqlite3_column_int64(st, 13);
	out->updated_at = sqlite3_column_int64(st, 14);
	out->updated_by = sqlite3_column_int64(st, 15);
	sqlite3_reset(st);
	enum db_status r = read_parts(db, out);
	if (r != DB_OK)
		db_case_clear(out);
	return r;
}

static enum db_status cases_event_add(struct db *db, int64_t case_id, const char *status, const char *on, int64_t at,
				      int64_t by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_EVENT_ADD);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	sq_bind_id_or_null(st, 5, by);
	return sq_exec_stmt(db, st, "case_event_add");
}

static json_t *event_row(sqlite3_stmt *st)
{
	char at[32];
	util_iso8601(sqlite3_column_int64(st, 2), at);
	return json_pack("{s:s, s:s, s:s, s:s}", "status", (const char *)sqlite3_column_text(st, 0), "on",
			 (const char *)sqlite3_column_text(st, 1), "at", at, "by", (const char *)sqlite3_column_text(st, 3));
}

static enum db_status cases_events(struct db *db, int64_t case_id, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_EVENTS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, case_id);
	return sq_collect(db, st, event_row, "case_events", out);
}

static void bind_filter(sqlite3_stmt *st, const struct scope *s, const struct db_case_filter *f)
{
	sq_bind_scope(st, s);
	sq_bind_text_or_null(st, 1, f->q);
	sq_bind_text_or_null(st, 2, f->status);
	sqlite3_bind_int(st, 3, f->state_lgd);
	sqlite3_bind_int(st, 4, f->district_lgd);
	sq_bind_text_or_null(st, 5, f->from);
	sq_bind_text_or_null(st, 6, f->to);
	sq_bind_text_or_null(st, 10, f->ahtu);
}

static json_t *list_row(sqlite3_stmt *st)
{
	char at[32];
	util_iso8601(sqlite3_column_int64(st, 11), at);
	return json_pack("{s:I, s:i, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:s}", "id",
			 (json_int_t)sqlite3_column_int64(st, 0), "state_lgd", sqlite3_column_int(st, 1), "state",
			 (const char *)sqlite3_column_text(st, 13), "district_lgd", sqlite3_column_int(st, 2), "district",
			 (const char *)sqlite3_column_text(st, 12), "police_station",
			 (const char *)sqlite3_column_text(st, 3), "fir_number", (const char *)sqlite3_column_text(st, 4),
			 "fir_date", (const char *)sqlite3_column_text(st, 5), "status",
			 (const char *)sqlite3_column_text(st, 6), "status_on", (const char *)sqlite3_column_text(st, 7),
			 "victims", sqlite3_column_int(st, 8), "accused", sqlite3_column_int(st, 9), "synthetic",
			 sqlite3_column_int(st, 10), "updated_at", at);
}

static enum db_status cases_list(struct db *db, const struct scope *s, const struct db_case_filter *f, json_t **items,
				 int64_t *total)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_COUNT);
	if (!st)
		return DB_ERROR;
	bind_filter(st, s, f);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return sq_fail(db, "case_count");
	}
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = sq_stmt(db, ST_CASE_LIST);
	if (!st)
		return DB_ERROR;
	bind_filter(st, s, f);
	sqlite3_bind_text(st, 7, f->sort ? f->sort : "-fir_date", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, f->limit);
	sqlite3_bind_int(st, 9, f->offset);
	return sq_collect(db, st, list_row, "case_list", items);
}

static enum db_status cases_facts(struct db *db, db_case_fact_fn fn, void *ctx)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_FACTS);
	if (!st)
		return DB_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_case_fact f;
		memset(&f, 0, sizeof f);
		f.case_id = sqlite3_column_int64(st, 0);
		f.case_state_lgd = sqlite3_column_int(st, 1);
		f.case_district_lgd = sqlite3_column_int(st, 2);
		f.date = (const char *)sqlite3_column_text(st, 3);
		f.gender = (const char *)sqlite3_column_text(st, 4);
		f.age_band = (const char *)sqlite3_column_text(st, 5);
		f.nationality = (const char *)sqlite3_column_text(st, 6);
		f.purposes = (uint32_t)sqlite3_column_int64(st, 7);
		place_from(st, 8, &f.source);
		place_from(st, 10, &f.destination);
		f.transit = (const char *)sqlite3_column_text(st, 12);
		if (fn(ctx, &f) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DB_OK : sq_fail(db, "case_facts");
}

static int64_t cases_version(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASES_VERSION);
	if (!st)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

static int64_t cases_fir_taken(struct db *db, int district_lgd, const char *police_station, const char *fir_number,
			       const char *fir_date, int64_t except_id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_CASE_FIR_TAKEN);
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, district_lgd);
	sqlite3_bind_text(st, 2, police_station, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fir_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, fir_date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, except_id);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static enum db_status settings_get(struct db *db, const char *key, char **json)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SETTING_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	enum db_status out = DB_NOTFOUND;
	*json = NULL;
	if (rc == SQLITE_ROW) {
		*json = strdup((const char *)sqlite3_column_text(st, 0));
		out = *json ? DB_OK : DB_ERROR;
	} else if (rc != SQLITE_DONE) {
		out = sq_fail(db, "setting_get");
	}
	sqlite3_reset(st);
	return out;
}

static enum db_status settings_put(struct db *db, const char *key, const char *json, int64_t at, int64_t by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SETTING_PUT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, json, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	sq_bind_id_or_null(st, 4, by);
	return sq_exec_stmt(db, st, "setting_put");
}

static enum db_status victims_photo_put(struct db *db, int64_t case_id, int64_t victim_id, const struct db_sealed *photo)
{
	sqlite3_stmt *st = sq_stmt(db, ST_PHOTO_PUT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, victim_id);
	bind_sealed(st, 3, photo);
	enum db_status rc = sq_exec_stmt(db, st, "photo_put");
	return rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) != 1 ? DB_NOTFOUND : rc;
}

static enum db_status victims_photo_get(struct db *db, const struct scope *s, int64_t case_id, int64_t victim_id,
					char code[CASE_CODE_MAX + 1], struct db_sealed *photo)
{
	sqlite3_stmt *st = sq_stmt(db, ST_PHOTO_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, victim_id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	enum db_status out = DB_NOTFOUND;
	if (rc == SQLITE_ROW) {
		sq_text(st, 0, code, CASE_CODE_MAX + 1);
		out = sealed_from(st, 1, photo) ? DB_OK : DB_ERROR;
	} else if (rc != SQLITE_DONE) {
		out = sq_fail(db, "photo_get");
	}
	sqlite3_reset(st);
	return out;
}

static enum db_status victims_export(struct db *db, const struct scope *s, const struct db_case_filter *f,
				     int (*fn)(void *ctx, const struct db_case *c, const struct db_victim *v), void *ctx,
				     int64_t *total)
{
	sqlite3_stmt *st = sq_stmt(db, ST_VICTIM_EXPORT);
	if (!st)
		return DB_ERROR;
	bind_filter(st, s, f);
	sqlite3_bind_int(st, 8, f->limit);
	*total = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_case c;
		struct db_victim v;
		memset(&c, 0, sizeof c);
		c.id = sqlite3_column_int64(st, 0);
		c.state_lgd = sqlite3_column_int(st, 1);
		c.district_lgd = sqlite3_column_int(st, 2);
		sq_text(st, 3, c.fir_date, sizeof c.fir_date);
		sq_text(st, 4, c.status, sizeof c.status);
		c.synthetic = sqlite3_column_int(st, 5);
		*total = sqlite3_column_int64(st, 6 + 21);
		/* the victim's columns start at 6, as victim_from_row reads them from 0 */
		if (!victim_cols_at(st, 6, &v) || fn(ctx, &c, &v) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? DB_OK : sq_fail(db, "victims_export");
}

void sqlite_fill_case_ops(struct db_ops *ops)
{
	ops->victims_export = victims_export;
	ops->victim_photo_put = victims_photo_put;
	ops->victim_photo_get = victims_photo_get;
	ops->case_insert = cases_insert;
	ops->case_update = cases_update;
	ops->case_get = cases_get;
	ops->case_event_add = cases_event_add;
	ops->case_events = cases_events;
	ops->case_list = cases_list;
	ops->case_facts = cases_facts;
	ops->cases_version = cases_version;
	ops->case_fir_taken = cases_fir_taken;
	ops->setting_get = settings_get;
	ops->setting_put = settings_put;
}
