/* SQLite: the registers' records (migration 0005).  A record's own fields
 * are a JSON object; scope, terms and order use columns and json_extract
 * with a bound path, so no SQL is ever built from a field's name. */
#include "db/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define REC_COLS \
	"r.id, r.type, coalesce(r.state_lgd, 0), coalesce(r.district_lgd, 0), coalesce(r.slot, '')," \
	" coalesce(r.valid_from, ''), coalesce(r.valid_to, ''), r.data, r.version, r.created_at," \
	" r.created_by, r.updated_at, r.updated_by, coalesce(s.name, ''), coalesce(d.name, '')"
#define REC_FROM \
	" FROM records r LEFT JOIN states s ON s.lgd = r.state_lgd LEFT JOIN districts d ON d.lgd = r.district_lgd"
/* ?101 level, ?102 State, ?103 district: national all; a State its own; a
 * district its own and its State's State-wide records; both the Cell's own
 * (national, no State); the public open terms only. */
#define REC_SCOPE \
	"(?101 = 1 OR (?101 IN (2, 3) AND r.state_lgd IS NULL) OR (?101 = 2 AND r.state_lgd = ?102)" \
	" OR (?101 = 3 AND (r.district_lgd = ?103 OR (r.district_lgd IS NULL AND r.state_lgd = ?102)))" \
	" OR (?101 = 0 AND r.valid_to IS NULL))"
#define REC_FILTER \
	" WHERE r.type = ?1 AND " REC_SCOPE \
	" AND (?2 IS NULL OR (CASE WHEN ?18 THEN r.search_public ELSE r.search END) LIKE '%' || ?2 || '%' ESCAPE '\\')" \
	" AND (?3 = 0 OR r.state_lgd = ?3) AND (?4 = 0 OR r.district_lgd = ?4)" \
	" AND (?5 = 0 OR r.valid_to IS NULL)" \
	" AND (?6 IS NULL OR CAST(json_extract(r.data, ?6) AS TEXT) = ?7)" \
	" AND (?8 IS NULL OR CAST(json_extract(r.data, ?8) AS TEXT) = ?9)" \
	" AND (?19 IS NULL OR CAST(json_extract(r.data, ?19) AS TEXT) = ?20)" \
	" AND (?15 IS NULL OR ((?16 IS NULL OR json_extract(r.data, ?15) >= ?16)" \
	"  AND (?17 IS NULL OR json_extract(r.data, ?15) < ?17) AND json_extract(r.data, ?15) IS NOT NULL))"

/* The place names, part of every record's search text (?2 State, ?3 district). */
#define REC_PLACES \
	"' ' || lower(coalesce((SELECT name FROM states WHERE lgd = ?2), ''))" \
	" || ' ' || lower(coalesce((SELECT name FROM districts WHERE lgd = ?3), ''))"

const char *const sqlite_records_sql[ST_MTG_FIRST - ST_REC_FIRST] = {
#define S(id) [id - ST_REC_FIRST]
	S(ST_REC_INSERT) =
	"INSERT INTO records (type, state_lgd, district_lgd, slot, valid_from, valid_to, data, search, search_public,"
	" version, created_at, created_by, updated_at, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 || " REC_PLACES ", ?11 || " REC_PLACES ", 1, ?9, ?10, ?9, ?10)",
	S(ST_REC_REVISION_KEEP) =
	"INSERT INTO record_revisions (record_id, version, valid_from, valid_to, data, changed_at, changed_by, reason)"
	" SELECT id, version, valid_from, valid_to, data, ?2, ?3, ?4 FROM records WHERE id = ?1 AND type = ?5",
	S(ST_REC_UPDATE) =
	"UPDATE records SET state_lgd = ?2, district_lgd = ?3, slot = ?4, valid_from = ?5, valid_to = ?6,"
	" data = ?7, search = ?8 || " REC_PLACES ", search_public = ?12 || " REC_PLACES ","
	" version = version + 1, updated_at = ?9, updated_by = ?10"
	" WHERE id = ?1 AND type = ?11 RETURNING version",
	S(ST_REC_GET) = "SELECT " REC_COLS REC_FROM " WHERE r.id = ?2 AND r.type = ?1 AND " REC_SCOPE,
	S(ST_REC_OPEN_TERM) =
	"SELECT " REC_COLS REC_FROM " WHERE r.type = ?1 AND r.slot = ?2 AND r.valid_to IS NULL",
	S(ST_REC_COUNT) = "SELECT count(*) FROM records r" REC_FILTER,
	S(ST_REC_LIST) =
	"SELECT " REC_COLS REC_FROM REC_FILTER
	" ORDER BY"
	"  CASE WHEN ?10 = 0 AND NOT ?11 THEN json_extract(r.data, ?12) END COLLATE NOCASE ASC,"
	"  CASE WHEN ?10 = 0 AND ?11 THEN json_extract(r.data, ?12) END COLLATE NOCASE DESC,"
	"  CASE WHEN ?10 = 1 AND NOT ?11 THEN s.name END ASC,"
	"  CASE WHEN ?10 = 1 AND ?11 THEN s.name END DESC,"
	"  CASE WHEN ?10 = 2 AND NOT ?11 THEN r.valid_from END ASC,"
	"  CASE WHEN ?10 = 2 AND ?11 THEN r.valid_from END DESC,"
	"  CASE WHEN ?10 = 3 AND NOT ?11 THEN r.updated_at END ASC,"
	"  CASE WHEN ?10 = 3 AND ?11 THEN r.updated_at END DESC,"
	"  s.name, CASE WHEN ?11 THEN r.id END DESC, r.id"
	" LIMIT ?13 OFFSET ?14",
	S(ST_REC_REVISIONS) =
	"SELECT v.version, coalesce(v.valid_from, ''), coalesce(v.valid_to, ''), v.data, v.reason,"
	" v.changed_at, v.changed_by, coalesce(u.login, '')"
	" FROM record_revisions v LEFT JOIN users u ON u.id = v.changed_by"
	" WHERE v.record_id = ?1 ORDER BY v.version DESC",
#undef S
};

void db_record_clear(struct db_record *r)
{
	free(r->data);
	r->data = NULL;
}

/* Reads a row of REC_COLS into out; false when out of memory. */
static bool record_from_row(sqlite3_stmt *st, struct db_record *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, out->type, sizeof out->type);
	out->state_lgd = sqlite3_column_int(st, 2);
	out->district_lgd = sqlite3_column_int(st, 3);
	sq_text(st, 4, out->slot, sizeof out->slot);
	sq_text(st, 5, out->valid_from, sizeof out->valid_from);
	sq_text(st, 6, out->valid_to, sizeof out->valid_to);
	const char *data = (const char *)sqlite3_column_text(st, 7);
	out->data = strdup(data ? data : "{}");
	out->version = sqlite3_column_int(st, 8);
	out->created_at = sqlite3_column_int64(st, 9);
	out->created_by = sqlite3_column_int64(st, 10);
	out->updated_at = sqlite3_column_int64(st, 11);
	out->updated_by = sqlite3_column_int64(st, 12);
	sq_text(st, 13, out->state_name, sizeof out->state_name);
	sq_text(st, 14, out->district_name, sizeof out->district_name);
	return out->data != NULL;
}

/* Binds the columns a record's write sets, at the insert's positions. */
static void bind_record(sqlite3_stmt *st, int state, int district, int slot, int from, int to, int data,
			const struct db_record *r)
{
	sq_bind_int_or_null(st, state, r->state_lgd);
	sq_bind_int_or_null(st, district, r->district_lgd);
	sq_bind_text_or_null(st, slot, r->slot);
	sq_bind_text_or_null(st, from, r->valid_from);
	sq_bind_text_or_null(st, to, r->valid_to);
	sqlite3_bind_text(st, data, r->data ? r->data : "{}", -1, SQLITE_STATIC);
}

static enum db_status records_insert(struct db *db, struct db_record *r, const char *search, const char *search_public)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REC_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, r->type, -1, SQLITE_STATIC);
	bind_record(st, 2, 3, 4, 5, 6, 7, r);
	sqlite3_bind_text(st, 8, search ? search : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, r->created_at);
	sqlite3_bind_int64(st, 10, r->created_by);
	sqlite3_bind_text(st, 11, search_public ? search_public : "", -1, SQLITE_STATIC);
	enum db_status rc = sq_exec_stmt(db, st, "records_insert");
	if (rc == DB_OK) {
		r->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
		r->version = 1;
		r->updated_at = r->created_at;
		r->updated_by = r->created_by;
	}
	return rc;
}

static enum db_status records_update(struct db *db, struct db_record *r, const char *search, const char *search_public,
				     const char *reason)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REC_REVISION_KEEP);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->updated_at);
	sqlite3_bind_int64(st, 3, r->updated_by);
	sq_bind_text_or_null(st, 4, reason);
	sqlite3_bind_text(st, 5, r->type, -1, SQLITE_STATIC);
	enum db_status rc = sq_exec_stmt(db, st, "records_update revision");
	if (rc != DB_OK)
		return rc;
	if (sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_NOTFOUND;

	st = sq_stmt(db, ST_REC_UPDATE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, r->id);
	bind_record(st, 2, 3, 4, 5, 6, 7, r);
	sqlite3_bind_text(st, 8, search ? search : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, r->updated_at);
	sqlite3_bind_int64(st, 10, r->updated_by);
	sqlite3_bind_text(st, 11, r->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, search_public ? search_public : "", -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		r->version = sqlite3_column_int(st, 0);
		step = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(((struct sqlite_db *)db)->h);
		if (ext == SQLITE_CONSTRAINT_UNIQUE)
			return DB_CONFLICT;
		return sq_fail(db, "records_update");
	}
	return DB_OK;
}

/* Steps a statement expected to give one REC_COLS row. */
static enum db_status record_one(struct db *db, sqlite3_stmt *st, struct db_record *out, const char *what)
{
	int rc = sqlite3_step(st);
	enum db_status res = DB_OK;
	if (rc == SQLITE_ROW)
		res = record_from_row(st, out) ? DB_OK : DB_ERROR;
	else if (rc == SQLITE_DONE)
		res = DB_NOTFOUND;
	else
		res = sq_fail(db, what);
	sqlite3_reset(st);
	return res;
}

static enum db_status records_get(struct db *db, const struct scope *s, const char *type, int64_t id,
				  struct db_record *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REC_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sq_bind_scope(st, s);
	return record_one(db, st, out, "records_get");
}

static enum db_status records_open_term(struct db *db, const char *type, const char *slot, struct db_record *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REC_OPEN_TERM);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot, -1, SQLITE_STATIC);
	return record_one(db, st, out, "records_open_term");
}

/* q with LIKE's wildcards escaped ('\\' the escape), into out (2 * len + 1). */
static void like_escape(const char *q, char *out)
{
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*out++ = '\\';
		*out++ = *q;
	}
	*out = 0;
}

static void bind_record_filter(sqlite3_stmt *st, const struct scope *s, const struct db_record_filter *f,
			       const char *q)
{
	sqlite3_bind_text(st, 1, f->type, -1, SQLITE_STATIC);
	sq_bind_scope(st, s);
	sq_bind_text_or_null(st, 2, q);
	sqlite3_bind_int(st, 3, f->state_lgd);
	sqlite3_bind_int(st, 4, f->district_lgd);
	sqlite3_bind_int(st, 5, f->current_only);
	sqlite3_bind_int(st, 18, f->public_search);
	for (int i = 0; i < 2; i++) {
		sq_bind_text_or_null(st, 6 + 2 * i, f->field_path[i]);
		sq_bind_text_or_null(st, 7 + 2 * i, f->field_value[i]);
	}
	sq_bind_text_or_null(st, 19, f->status_path);
	sq_bind_text_or_null(st, 20, f->status_value);
	sq_bind_text_or_null(st, 15, f->range_path);
	sq_bind_text_or_null(st, 16, f->range_from);
	sq_bind_text_or_null(st, 17, f->range_to);
}

static enum db_status records_list(struct db *db, const struct scope *s, const struct db_record_filter *f,
				   int (*fn)(void *ctx, const struct db_record *r), void *ctx, int64_t *total)
{
	char *q = NULL;
	if (f->q && *f->q) {
		q = malloc(2 * strlen(f->q) + 1);
		if (!q)
			return DB_ERROR;
		like_escape(f->q, q);
	}
	enum db_status res = DB_OK;
	sqlite3_stmt *st = sq_stmt(db, ST_REC_COUNT);
	if (!st) {
		res = DB_ERROR;
		goto out;
	}
	bind_record_filter(st, s, f, q);
	if (sqlite3_step(st) != SQLITE_ROW) {
		res = sq_fail(db, "records_list count");
		goto out;
	}
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	st = sq_stmt(db, ST_REC_LIST);
	if (!st) {
		res = DB_ERROR;
		goto out;
	}
	bind_record_filter(st, s, f, q);
	sqlite3_bind_int(st, 10, (int)f->sort);
	sqlite3_bind_int(st, 11, f->desc);
	sq_bind_text_or_null(st, 12, f->sort_path);
	sqlite3_bind_int(st, 13, f->limit);
	sqlite3_bind_int(st, 14, f->offset);
	int rc;
	struct db_record r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!record_from_row(st, &r)) {
			db_record_clear(&r);
			res = DB_ERROR;
			break;
		}
		int stop = fn(ctx, &r);
		db_record_clear(&r);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	if (res == DB_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		res = sq_fail(db, "records_list");
out:
	free(q);
	return res;
}

static enum db_status records_revisions(struct db *db, int64_t id,
					int (*fn)(void *ctx, const struct db_record_revision *v), void *ctx)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REC_REVISIONS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_record_revision v = { 0 };
		v.version = sqlite3_column_int(st, 0);
		sq_text(st, 1, v.valid_from, sizeof v.valid_from);
		sq_text(st, 2, v.valid_to, sizeof v.valid_to);
		v.data = (const char *)sqlite3_column_text(st, 3);
		v.reason = (const char *)sqlite3_column_text(st, 4);
		v.changed_at = sqlite3_column_int64(st, 5);
		v.changed_by = sqlite3_column_int64(st, 6);
		v.changed_by_login = (const char *)sqlite3_column_text(st, 7);
		if (fn(ctx, &v))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : sq_fail(db, "records_revisions");
}

void sqlite_fill_record_ops(struct db_ops *ops)
{
	ops->record_insert = records_insert;
	ops->record_update = records_update;
	ops->record_get = records_get;
	ops->record_open_term = records_open_term;
	ops->record_list = records_list;
	ops->record_revisions = records_revisions;
}
