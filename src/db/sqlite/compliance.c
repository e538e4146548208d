/* SQLite: compliance with the Cell's advisories (migration 0008).  An
 * advisory is an active, latest document of category advisory; a State's
 * status for it is its latest report.  A State or district caller reaches
 * only its own State's reports. */
#include "db/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

#include "util/util.h"

#define ADVISORY \
	" d.category = 'advisory' AND d.status = 'active' AND d.superseded_by_id IS NULL"
#define ROW_SCOPE(col) "(?101 = 1 OR (?101 IN (2, 3) AND " col " = ?102))"

const char *const sqlite_compliance_sql[ST_RET_FIRST - ST_ADV_FIRST] = {
#define S(id) [id - ST_ADV_FIRST]
	S(ST_ADV_LIST) =
	"SELECT d.id, d.title, d.issued_on, coalesce(a.actions, '[]') FROM documents d"
	" LEFT JOIN advisory_actions a ON a.document_id = d.id WHERE" ADVISORY
	" ORDER BY coalesce(d.issued_on, '0000') DESC, d.id DESC",
	S(ST_ADV_CELLS) =
	"SELECT c.document_id, c.state_lgd, c.status, c.reported_on FROM advisory_compliance c"
	" JOIN documents d ON d.id = c.document_id"
	" WHERE" ADVISORY " AND " ROW_SCOPE("c.state_lgd") " AND (?1 = 0 OR c.state_lgd = ?1)"
	" AND c.id = (SELECT max(l.id) FROM advisory_compliance l WHERE l.document_id = c.document_id"
	"  AND l.state_lgd = c.state_lgd)",
	S(ST_ADV_GET) =
	"SELECT d.id, d.title, d.issued_on, coalesce(a.actions, '[]') FROM documents d"
	" LEFT JOIN advisory_actions a ON a.document_id = d.id WHERE d.id = ?1 AND" ADVISORY,
	S(ST_ADV_REPORTS) =
	"SELECT c.id, c.state_lgd, st.name, c.status, c.report, c.reported_on, c.created_at, coalesce(u.login, '')"
	" FROM advisory_compliance c JOIN states st ON st.lgd = c.state_lgd LEFT JOIN users u ON u.id = c.created_by"
	" WHERE c.document_id = ?1 AND " ROW_SCOPE("c.state_lgd") " ORDER BY c.id DESC",
	S(ST_ADV_REPORT) =
	"INSERT INTO advisory_compliance (document_id, state_lgd, status, report, reported_on, created_at, created_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* attachments (the ST_ADV range holds them too: the States' follow-up) */
	S(ST_ATT_INSERT) =
	"INSERT INTO attachments (owner_type, owner_id, state_lgd, sha256, file_name, created_at, created_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	S(ST_ATT_GET) =
	"SELECT a.id, a.owner_type, a.owner_id, a.state_lgd, a.sha256, a.file_name, a.created_at, a.created_by,"
	" b.size, b.mime, b.format FROM attachments a JOIN blobs b ON b.sha256 = a.sha256"
	" WHERE a.id = ?1 AND " ROW_SCOPE("a.state_lgd"),
	S(ST_ATT_OF) =
	"SELECT a.id, a.file_name, b.size, b.mime, b.format FROM attachments a JOIN blobs b ON b.sha256 = a.sha256"
	" WHERE a.owner_type = ?1 AND a.owner_id = ?2 AND " ROW_SCOPE("a.state_lgd") " ORDER BY a.id",
	S(ST_ADV_ACTIONS) =
	"INSERT INTO advisory_actions (document_id, actions, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (document_id) DO UPDATE SET actions = ?2, updated_at = ?3, updated_by = ?4",
	S(ST_ADV_STATE_REPORTS) =
	"SELECT c.id, c.document_id, d.title, c.state_lgd, c.status, c.report, c.reported_on, c.created_at,"
	" coalesce(u.login, '') FROM advisory_compliance c JOIN documents d ON d.id = c.document_id"
	" LEFT JOIN users u ON u.id = c.created_by"
	" WHERE" ADVISORY " AND " ROW_SCOPE("c.state_lgd") " AND c.state_lgd = ?1 ORDER BY c.id DESC LIMIT ?2",
#undef S
};

static json_t *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t && *t ? json_string((const char *)t) : json_null();
}

static json_t *advisory_from_row(sqlite3_stmt *st)
{
	json_t *actions = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0), "title",
			 col_str(st, 1), "issued_on", col_str(st, 2), "actions", actions ? actions : json_array());
}

/* One State's reports in scope on every advisory, newest first: at most
 * DB_STATE_REPORTS_MAX + 1 of them, so that the caller can tell that there
 * were more.  A new array; NULL on a database error. */
static json_t *state_reports(struct db *db, const struct scope *s, int state_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ADV_STATE_REPORTS);
	if (!st)
		return NULL;
	sq_bind_scope(st, s);
	sqlite3_bind_int(st, 1, state_lgd);
	sqlite3_bind_int(st, 2, DB_STATE_REPORTS_MAX + 1);
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char at[32];
		util_iso8601(sqlite3_column_int64(st, 7), at);
		json_array_append_new(out, json_pack("{s:I, s:I, s:o, s:i, s:o, s:o, s:o, s:s, s:o}", "id",
						     (json_int_t)sqlite3_column_int64(st, 0), "document_id",
						     (json_int_t)sqlite3_column_int64(st, 1), "title", col_str(st, 2),
						     "state_lgd", sqlite3_column_int(st, 3), "status", col_str(st, 4),
						     "report", col_str(st, 5), "reported_on", col_str(st, 6),
						     "submitted_at", at, "submitted_by", col_str(st, 8)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static enum db_status compliance_matrix(struct db *db, const struct scope *s, int state_lgd, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ADV_LIST);
	if (!st)
		return DB_ERROR;
	json_t *advisories = json_array(), *cells = json_array(), *reports = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(advisories, advisory_from_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	st = sq_stmt(db, ST_ADV_CELLS);
	if (!st)
		goto fail;
	sq_bind_scope(st, s);
	sqlite3_bind_int(st, 1, state_lgd);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(cells, json_pack("{s:I, s:i, s:o, s:o}", "document_id",
						       (json_int_t)sqlite3_column_int64(st, 0), "state_lgd",
						       sqlite3_column_int(st, 1), "status", col_str(st, 2),
						       "reported_on", col_str(st, 3)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if (state_lgd && !(reports = state_reports(db, s, state_lgd)))
		goto fail;
	*out = json_pack("{s:o, s:o}", "advisories", advisories, "cells", cells);
	if (reports) {
		bool more = json_array_size(reports) > DB_STATE_REPORTS_MAX;
		if (more)
			json_array_remove(reports, DB_STATE_REPORTS_MAX);
		json_object_set_new(*out, "reports", reports);
		json_object_set_new(*out, "reports_truncated", json_boolean(more));
	}
	return DB_OK;
fail:
	json_decref(advisories);
	json_decref(cells);
	return sq_fail(db, "compliance_matrix");
}

static enum db_status compliance_of(struct db *db, const struct scope *s, int64_t id, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ADV_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	json_t *o = rc == SQLITE_ROW ? advisory_from_row(st) : NULL;
	sqlite3_reset(st);
	if (!o)
		return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "compliance_of");
	st = sq_stmt(db, ST_ADV_REPORTS);
	if (!st) {
		json_decref(o);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	json_t *reports = json_array(), *states = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char at[32];
		util_iso8601(sqlite3_column_int64(st, 6), at);
		json_t *x = json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:s, s:o}", "id",
				      (json_int_t)sqlite3_column_int64(st, 0), "state_lgd", sqlite3_column_int(st, 1),
				      "state", col_str(st, 2), "status", col_str(st, 3), "report", col_str(st, 4),
				      "reported_on", col_str(st, 5), "submitted_at", at, "submitted_by", col_str(st, 7));
		/* newest first: the first of each State is its status */
		bool seen = false;
		size_t i;
		json_t *y;
		json_array_foreach(states, i, y)
			seen = seen || json_integer_value(json_object_get(y, "state_lgd")) == sqlite3_column_int(st, 1);
		if (!seen)
			json_array_append(states, x);
		json_array_append_new(reports, x);
	}
	sqlite3_reset(st);
	json_object_set_new(o, "states", states);
	json_object_set_new(o, "reports", reports);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return sq_fail(db, "compliance_of reports");
	}
	*out = o;
	return DB_OK;
}

static enum db_status compliance_report(struct db *db, int64_t document_id, int state_lgd, const char *status,
					const char *report, const char *reported_on, int64_t at, int64_t by, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ADV_REPORT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, document_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 4, report);
	sqlite3_bind_text(st, 5, reported_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, at);
	sqlite3_bind_int64(st, 7, by);
	enum db_status rc = sq_exec_stmt(db, st, "compliance_report");
	if (rc == DB_OK)
		*id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status advisory_set_actions(struct db *db, int64_t document_id, const char *actions, int64_t at,
					   int64_t by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ADV_ACTIONS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, document_id);
	sqlite3_bind_text(st, 2, actions, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_int64(st, 4, by);
	return sq_exec_stmt(db, st, "advisory_set_actions");
}

static enum db_status attachments_insert(struct db *db, struct db_attachment *a)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ATT_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, a->owner_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a->owner_id);
	sqlite3_bind_int(st, 3, a->state_lgd);
	sqlite3_bind_text(st, 4, a->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->file_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, a->created_at);
	sqlite3_bind_int64(st, 7, a->created_by);
	enum db_status rc = sq_exec_stmt(db, st, "attachments_insert");
	if (rc == DB_OK)
		a->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status attachments_get(struct db *db, const struct scope *s, int64_t id, struct db_attachment *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ATT_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, out->owner_type, sizeof out->owner_type);
		out->owner_id = sqlite3_column_int64(st, 2);
		out->state_lgd = sqlite3_column_int(st, 3);
		sq_text(st, 4, out->sha256, sizeof out->sha256);
		sq_text(st, 5, out->file_name, sizeof out->file_name);
		out->created_at = sqlite3_column_int64(st, 6);
		out->created_by = sqlite3_column_int64(st, 7);
		out->blob.size = sqlite3_column_int64(st, 8);
		sq_text(st, 9, out->blob.mime, sizeof out->blob.mime);
		sq_text(st, 10, out->blob.format, sizeof out->blob.format);
		memcpy(out->blob.sha256, out->sha256, sizeof out->sha256);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "attachments_get");
}

static json_t *attachments_of(struct db *db, const struct scope *s, const char *owner_type, int64_t owner_id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_ATT_OF);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, owner_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, owner_id);
	sq_bind_scope(st, s);
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char url[64];
		snprintf(url, sizeof url, "/api/v1/attachments/%lld", (long long)sqlite3_column_int64(st, 0));
		json_array_append_new(out, json_pack("{s:I, s:o, s:I, s:o, s:o, s:s}", "id",
						     (json_int_t)sqlite3_column_int64(st, 0), "file_name", col_str(st, 1),
						     "size", (json_int_t)sqlite3_column_int64(st, 2), "type", col_str(st, 3),
						     "format", col_str(st, 4), "url", url));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

void sqlite_fill_compliance_ops(struct db_ops *ops)
{
	ops->attachment_insert = attachments_insert;
	ops->attachment_get = attachments_get;
	ops->attachments_of = attachments_of;
	ops->compliance_matrix = compliance_matrix;
	ops->compliance_of = compliance_of;
	ops->compliance_report = compliance_report;
	ops->advisory_set_actions = advisory_set_actions;
}
