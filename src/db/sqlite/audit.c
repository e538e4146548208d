/* SQLite: the audit log and idempotency keys. */
#include "db/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static enum db_status audit_last(struct db *db, int64_t *id, char hash[65])
{
	sqlite3_stmt *st = sq_stmt(db, ST_AUDIT_LAST);
	if (!st)
		return DB_ERROR;
	int rc = sqlite3_step(st);
	*id = 0;
	hash[0] = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sq_text(st, 1, hash, 65);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : sq_fail(db, "audit_last");
}

static enum db_status audit_insert(struct db *db, const struct db_audit *a)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AUDIT_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, a->at);
	sqlite3_bind_int64(st, 3, a->user_id);
	sqlite3_bind_text(st, 4, a->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->object_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->object_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, a->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, a->detail ? a->detail : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, a->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, a->hash, -1, SQLITE_STATIC);
	return sq_exec_stmt(db, st, "audit_insert");
}

/* Reads a row of AUDIT_COLS; a->detail is malloc'd, the caller frees it. */
static void audit_from_row(sqlite3_stmt *st, struct db_audit *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	a->user_id = sqlite3_column_int64(st, 2);
	sq_text(st, 3, a->login, sizeof a->login);
	sq_text(st, 4, a->ip, sizeof a->ip);
	sq_text(st, 5, a->action, sizeof a->action);
	sq_text(st, 6, a->object_type, sizeof a->object_type);
	sq_text(st, 7, a->object_id, sizeof a->object_id);
	sq_text(st, 8, a->outcome, sizeof a->outcome);
	const unsigned char *d = sqlite3_column_text(st, 9);
	a->detail = strdup(d ? (const char *)d : "");
	sq_text(st, 10, a->prev_hash, sizeof a->prev_hash);
	sq_text(st, 11, a->hash, sizeof a->hash);
}

static void bind_audit_filter(sqlite3_stmt *st, const struct db_audit_filter *f)
{
	sqlite3_bind_int64(st, 1, f->user_id);
	if (f->action_prefix && *f->action_prefix)
		sqlite3_bind_text(st, 2, f->action_prefix, -1, SQLITE_STATIC);
	if (f->outcome && *f->outcome)
		sqlite3_bind_text(st, 3, f->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, f->from);
	sqlite3_bind_int64(st, 5, f->to);
}

static enum db_status run_audit_rows(struct db *db, sqlite3_stmt *st,
				     int (*fn)(void *ctx, const struct db_audit *a), void *ctx, const char *what)
{
	int rc;
	struct db_audit a;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		audit_from_row(st, &a);
		int stop = fn(ctx, &a);
		free(a.detail);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : sq_fail(db, what);
}

static enum db_status audit_list(struct db *db, const struct db_audit_filter *f,
				 int (*fn)(void *ctx, const struct db_audit *a), void *ctx, int64_t *total)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AUDIT_COUNT);
	if (!st)
		return DB_ERROR;
	bind_audit_filter(st, f);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(db, "audit_list count");
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = sq_stmt(db, ST_AUDIT_LIST);
	if (!st)
		return DB_ERROR;
	bind_audit_filter(st, f);
	sqlite3_bind_int(st, 6, f->limit);
	sqlite3_bind_int(st, 7, f->offset);
	return run_audit_rows(db, st, fn, ctx, "audit_list");
}

static enum db_status audit_each(struct db *db, int (*fn)(void *ctx, const struct db_audit *a), void *ctx)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AUDIT_EACH);
	if (!st)
		return DB_ERROR;
	return run_audit_rows(db, st, fn, ctx, "audit_each");
}

static enum db_status idem_get(struct db *db, const char *owner, const char *key, struct db_idem *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IDEM_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		sq_text(st, 0, out->request_hash, sizeof out->request_hash);
		out->status = sqlite3_column_int(st, 1);
		const unsigned char *b = sqlite3_column_text(st, 2);
		out->body = strdup(b ? (const char *)b : "");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return out->body ? DB_OK : DB_ERROR;
	return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "idem_get");
}

static enum db_status idem_put(struct db *db, const char *owner, const char *key, const struct db_idem *in,
			       int64_t now)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IDEM_PUT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->request_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, in->status);
	sqlite3_bind_text(st, 5, in->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	enum db_status rc = sq_exec_stmt(db, st, "idem_put");
	/* Keys live a day: a retry comes within minutes, and old answers
	 * should not pile up. */
	sqlite3_stmt *ex = rc == DB_OK ? sq_stmt(db, ST_IDEM_EXPIRE) : NULL;
	if (ex) {
		sqlite3_bind_int64(ex, 1, now - 24LL * 3600 * 1000);
		rc = sq_exec_stmt(db, ex, "idem_expire");
	}
	return rc;
}

void sqlite_fill_audit_ops(struct db_ops *ops)
{
	ops->audit_last = audit_last;
	ops->audit_insert = audit_insert;
	ops->audit_list = audit_list;
	ops->audit_each = audit_each;
	ops->idem_get = idem_get;
	ops->idem_put = idem_put;
}
