/* SQLite: users, sessions, API tokens. */
#include "db/sqlite/internal.h"

#include <string.h>

#include "util/util.h"

/* Reads a row of USER_COLS. */
static void user_from_row(sqlite3_stmt *st, struct db_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, u->login, sizeof u->login);
	sq_text(st, 2, u->name, sizeof u->name);
	sq_text(st, 3, u->email, sizeof u->email);
	u->role = role_from_name((const char *)sqlite3_column_text(st, 4));
	u->level = (enum scope_level)sqlite3_column_int(st, 5);
	u->state_lgd = sqlite3_column_int(st, 6);
	u->district_lgd = sqlite3_column_int(st, 7);
	sq_text(st, 8, u->pw_hash, sizeof u->pw_hash);
	u->disabled = sqlite3_column_int(st, 9);
	u->must_change_password = sqlite3_column_int(st, 10);
	u->failed_logins = sqlite3_column_int(st, 11);
	u->locked_until = sqlite3_column_int64(st, 12);
	u->created_at = sqlite3_column_int64(st, 13);
	u->last_login_at = sqlite3_column_int64(st, 14);
}

static enum db_status users_insert(struct db *db, struct db_user *u)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, (int)u->level);
	sq_bind_int_or_null(st, 6, u->state_lgd);
	sq_bind_int_or_null(st, 7, u->district_lgd);
	sqlite3_bind_text(st, 8, u->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, u->disabled);
	sqlite3_bind_int(st, 10, u->must_change_password);
	sqlite3_bind_int64(st, 11, u->created_at);
	enum db_status rc = sq_exec_stmt(db, st, "users_insert");
	if (rc == DB_OK)
		u->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status users_update(struct db *db, const struct db_user *u)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_UPDATE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, (int)u->level);
	sq_bind_int_or_null(st, 6, u->state_lgd);
	sq_bind_int_or_null(st, 7, u->district_lgd);
	sqlite3_bind_text(st, 8, u->pw_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, u->disabled);
	sqlite3_bind_int(st, 10, u->must_change_password);
	sqlite3_bind_int(st, 11, u->failed_logins);
	sqlite3_bind_int64(st, 12, u->locked_until);
	sqlite3_bind_int64(st, 13, u->last_login_at);
	enum db_status rc = sq_exec_stmt(db, st, "users_update");
	if (rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) == 0)
		return DB_NOTFOUND;
	return rc;
}

static enum db_status user_fetch_one(struct db *db, sqlite3_stmt *st, struct db_user *out, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, what);
}

static enum db_status users_get(struct db *db, const struct scope *s, int64_t id, struct db_user *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	return user_fetch_one(db, st, out, "users_get");
}

static enum db_status users_get_by_login(struct db *db, const char *login, struct db_user *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_GET_LOGIN);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return user_fetch_one(db, st, out, "users_get_by_login");
}

static void bind_user_filter(sqlite3_stmt *st, const struct scope *s, const struct db_user_filter *f)
{
	sq_bind_scope(st, s);
	if (f->q && *f->q)
		sqlite3_bind_text(st, 1, f->q, -1, SQLITE_STATIC);
	if (f->role >= 0)
		sqlite3_bind_text(st, 2, role_name((enum role)f->role), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->disabled);
}

static enum db_status users_list(struct db *db, const struct scope *s, const struct db_user_filter *f,
				 int (*fn)(void *ctx, const struct db_user *u), void *ctx, int64_t *total)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_COUNT_SCOPED);
	if (!st)
		return DB_ERROR;
	bind_user_filter(st, s, f);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(db, "users_list count");
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	st = sq_stmt(db, ST_USER_LIST);
	if (!st)
		return DB_ERROR;
	bind_user_filter(st, s, f);
	sqlite3_bind_int(st, 4, f->limit);
	sqlite3_bind_int(st, 5, f->offset);
	sqlite3_bind_text(st, 6, f->sort ? f->sort : "login", -1, SQLITE_STATIC);
	int rc;
	struct db_user u;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		user_from_row(st, &u);
		if (fn(ctx, &u))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : sq_fail(db, "users_list");
}

static int64_t users_count(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_USER_COUNT);
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Sessions. */
static enum db_status sessions_insert(struct db *db, struct db_session *s)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SESSION_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, s->user_id);
	sqlite3_bind_blob(st, 2, s->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->created_at);
	sqlite3_bind_int64(st, 4, s->last_seen_at);
	sqlite3_bind_int64(st, 5, s->expires_at);
	sqlite3_bind_text(st, 6, s->ip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, s->user_agent, -1, SQLITE_STATIC);
	enum db_status rc = sq_exec_stmt(db, st, "sessions_insert");
	if (rc == DB_OK)
		s->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status sessions_get_by_hash(struct db *db, const unsigned char hash[32], struct db_session *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SESSION_GET_HASH);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		memcpy(out->hash, hash, 32);
		out->created_at = sqlite3_column_int64(st, 2);
		out->last_seen_at = sqlite3_column_int64(st, 3);
		out->expires_at = sqlite3_column_int64(st, 4);
		out->revoked_at = sqlite3_column_int64(st, 5);
		sq_text(st, 6, out->ip, sizeof out->ip);
		sq_text(st, 7, out->user_agent, sizeof out->user_agent);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "sessions_get_by_hash");
}

/* Runs an UPDATE of two or three integer parameters; DB_NOTFOUND when it
 * changed no row. */
static enum db_status update_ids(struct db *db, enum stmt_id id, int64_t a, int64_t b, int64_t c, int nparams,
				 const char *what)
{
	sqlite3_stmt *st = sq_stmt(db, id);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (nparams > 2)
		sqlite3_bind_int64(st, 3, c);
	enum db_status rc = sq_exec_stmt(db, st, what);
	if (rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) == 0)
		return DB_NOTFOUND;
	return rc;
}

static enum db_status sessions_touch(struct db *db, int64_t id, int64_t now)
{
	return update_ids(db, ST_SESSION_TOUCH, id, now, 0, 2, "sessions_touch");
}

static enum db_status sessions_revoke(struct db *db, int64_t user_id, int64_t id, int64_t now)
{
	return update_ids(db, ST_SESSION_REVOKE, user_id, id, now, 3, "sessions_revoke");
}

static enum db_status sessions_revoke_all(struct db *db, int64_t user_id, int64_t keep_id, int64_t now)
{
	enum db_status rc = update_ids(db, ST_SESSION_REVOKE_ALL, user_id, keep_id, now, 3, "sessions_revoke_all");
	return rc == DB_NOTFOUND ? DB_OK : rc;
}

#define SESSION_IDLE_MS (30LL * 60 * 1000)

static json_t *sessions_list(struct db *db, int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(db, ST_SESSION_LIST);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now - SESSION_IDLE_MS);
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char c[32], l[32], e[32];
		util_iso8601(sqlite3_column_int64(st, 1), c);
		util_iso8601(sqlite3_column_int64(st, 2), l);
		util_iso8601(sqlite3_column_int64(st, 3), e);
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}",
			"id", (json_int_t)sqlite3_column_int64(st, 0), "created_at", c, "last_seen_at", l,
			"expires_at", e, "ip", (const char *)sqlite3_column_text(st, 4),
			"user_agent", (const char *)sqlite3_column_text(st, 5)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		sq_fail(db, "sessions_list");
		return NULL;
	}
	return a;
}

/* API tokens. */
static enum db_status tokens_insert(struct db *db, struct db_token *t)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TOKEN_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, t->user_id);
	sqlite3_bind_blob(st, 2, t->hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, t->created_at);
	sqlite3_bind_int64(st, 5, t->expires_at);
	enum db_status rc = sq_exec_stmt(db, st, "tokens_insert");
	if (rc == DB_OK)
		t->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status token_fetch_one(struct db *db, sqlite3_stmt *st, struct db_token *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		sq_text(st, 2, out->name, sizeof out->name);
		out->created_at = sqlite3_column_int64(st, 3);
		out->last_used_at = sqlite3_column_int64(st, 4);
		out->expires_at = sqlite3_column_int64(st, 5);
		out->revoked_at = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "tokens_get");
}

static enum db_status tokens_get_by_hash(struct db *db, const unsigned char hash[32], struct db_token *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TOKEN_GET_HASH);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return token_fetch_one(db, st, out);
}

static enum db_status tokens_get(struct db *db, int64_t id, struct db_token *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TOKEN_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return token_fetch_one(db, st, out);
}

static enum db_status tokens_touch(struct db *db, int64_t id, int64_t now)
{
	return update_ids(db, ST_TOKEN_TOUCH, id, now, 0, 2, "tokens_touch");
}

static enum db_status tokens_revoke(struct db *db, int64_t id, int64_t now)
{
	return update_ids(db, ST_TOKEN_REVOKE, id, now, 0, 2, "tokens_revoke");
}

static enum db_status tokens_revoke_all(struct db *db, int64_t user_id, int64_t now)
{
	enum db_status rc = update_ids(db, ST_TOKEN_REVOKE_ALL, user_id, now, 0, 2, "tokens_revoke_all");
	return rc == DB_NOTFOUND ? DB_OK : rc;
}

static json_t *tokens_list(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_TOKEN_LIST);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, user_id);
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char c[32], l[32], e[32];
		int64_t used = sqlite3_column_int64(st, 3), exp = sqlite3_column_int64(st, 4);
		util_iso8601(sqlite3_column_int64(st, 2), c);
		util_iso8601(used, l);
		util_iso8601(exp, e);
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:b}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"name", (const char *)sqlite3_column_text(st, 1), "created_at", c,
			"last_used_at", used ? l : NULL, "expires_at", exp ? e : NULL,
			"revoked", sqlite3_column_int64(st, 5) != 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		sq_fail(db, "tokens_list");
		return NULL;
	}
	return a;
}

void sqlite_fill_user_ops(struct db_ops *ops)
{
	ops->user_insert = users_insert;
	ops->user_update = users_update;
	ops->user_get = users_get;
	ops->user_get_by_login = users_get_by_login;
	ops->user_list = users_list;
	ops->user_count = users_count;
	ops->session_insert = sessions_insert;
	ops->session_get_by_hash = sessions_get_by_hash;
	ops->session_touch = sessions_touch;
	ops->session_revoke = sessions_revoke;
	ops->session_revoke_all = sessions_revoke_all;
	ops->session_list = sessions_list;
	ops->token_insert = tokens_insert;
	ops->token_get_by_hash = tokens_get_by_hash;
	ops->token_get = tokens_get;
	ops->token_touch = tokens_touch;
	ops->token_revoke = tokens_revoke;
	ops->token_revoke_all = tokens_revoke_all;
	ops->token_list = tokens_list;
}
