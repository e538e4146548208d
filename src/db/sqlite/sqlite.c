/* The SQLite backend: connection, pragmas, transactions, migrations and the
 * statement cache.  The queries live beside it, one file per area. */
#include "db/sqlite/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static const char *const stmt_sql[ST_CORE_COUNT] = {
	[ST_STATES_LIST] =
	"SELECT s.lgd, s.name, s.kind, s.census2011, s.population, s.male, s.female,"
	" (SELECT count(*) FROM districts d WHERE d.state_lgd = s.lgd)"
	" FROM states s ORDER BY s.name",
	[ST_DISTRICTS_LIST] =
	"SELECT lgd, state_lgd, name, census2011, population, male, female"
	" FROM districts WHERE state_lgd = ?1 ORDER BY name",
	[ST_DISTRICT_STATE] = "SELECT state_lgd FROM districts WHERE lgd = ?1",
	[ST_STATE_EXISTS] = "SELECT 1 FROM states WHERE lgd = ?1",
#define USER_COLS "id, login, name, email, role, level, state_lgd, district_lgd, pw_hash, disabled," \
	" must_change_password, failed_logins, locked_until, created_at, last_login_at"
	/* The scope terms shared by every query over users: ?101 level,
	 * ?102 State, ?103 district (enum scope_level). */
#define USER_SCOPE "(?101 = 1 OR (?101 = 2 AND state_lgd = ?102)" \
	" OR (?101 = 3 AND district_lgd = ?103))"
	[ST_USER_INSERT] =
	"INSERT INTO users (login, name, email, role, level, state_lgd, district_lgd, pw_hash, disabled,"
	" must_change_password, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_USER_UPDATE] =
	"UPDATE users SET name = ?2, email = ?3, role = ?4, level = ?5, state_lgd = ?6, district_lgd = ?7,"
	" pw_hash = ?8, disabled = ?9, must_change_password = ?10, failed_logins = ?11,"
	" locked_until = ?12, last_login_at = ?13 WHERE id = ?1",
	[ST_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?1 AND " USER_SCOPE,
	[ST_USER_GET_LOGIN] = "SELECT " USER_COLS " FROM users WHERE login = ?1",
	[ST_USER_LIST] =
	"SELECT " USER_COLS " FROM users WHERE " USER_SCOPE
	" AND (?1 IS NULL OR instr(lower(login), lower(?1)) > 0 OR instr(lower(name), lower(?1)) > 0)"
	" AND (?2 IS NULL OR role = ?2) AND (?3 < 0 OR disabled = ?3)"
	" ORDER BY"
	"  CASE ?6 WHEN 'login' THEN login WHEN 'name' THEN lower(name) WHEN 'role' THEN role END ASC,"
	"  CASE ?6 WHEN '-login' THEN login WHEN '-name' THEN lower(name) WHEN '-role' THEN role END DESC,"
	"  CASE ?6 WHEN 'created_at' THEN created_at WHEN 'last_login_at' THEN last_login_at END ASC,"
	"  CASE ?6 WHEN '-created_at' THEN created_at WHEN '-last_login_at' THEN last_login_at END DESC,"
	"  login"
	" LIMIT ?4 OFFSET ?5",
	[ST_USER_COUNT_SCOPED] =
	"SELECT count(*) FROM users WHERE " USER_SCOPE
	" AND (?1 IS NULL OR instr(lower(login), lower(?1)) > 0 OR instr(lower(name), lower(?1)) > 0)"
	" AND (?2 IS NULL OR role = ?2) AND (?3 < 0 OR disabled = ?3)",
	[ST_USER_COUNT] = "SELECT count(*) FROM users",
	[ST_SESSION_INSERT] =
	"INSERT INTO sessions (user_id, hash, created_at, last_seen_at, expires_at, ip, user_agent)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_SESSION_GET_HASH] =
	"SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent"
	" FROM sessions WHERE hash = ?1",
	[ST_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1",
	[ST_SESSION_REVOKE] =
	"UPDATE sessions SET revoked_at = ?3 WHERE id = ?2 AND user_id = ?1 AND revoked_at = 0",
	[ST_SESSION_REVOKE_ALL] =
	"UPDATE sessions SET revoked_at = ?3 WHERE user_id = ?1 AND id != ?2 AND revoked_at = 0",
	[ST_SESSION_LIST] =
	"SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions"
	" WHERE user_id = ?1 AND revoked_at = 0 AND expires_at > ?2 AND last_seen_at > ?3"
	" ORDER BY last_seen_at DESC LIMIT 200",
	[ST_TOKEN_INSERT] =
	"INSERT INTO api_tokens (user_id, hash, name, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_TOKEN_GET_HASH] =
	"SELECT id, user_id, name, created_at, last_used_at, expires_at, revoked_at"
	" FROM api_tokens WHERE hash = ?1",
	[ST_TOKEN_GET] =
	"SELECT id, user_id, name, created_at, last_used_at, expires_at, revoked_at"
	" FROM api_tokens WHERE id = ?1",
	[ST_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
	[ST_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = 0",
	[ST_TOKEN_REVOKE_ALL] = "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at = 0",
	[ST_TOKEN_LIST] =
	"SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens"
	" WHERE user_id = ?1 ORDER BY id DESC LIMIT 500",
#define AUDIT_COLS "id, at, user_id, login, ip, action, object_type, object_id, outcome, detail, prev_hash, hash"
#define AUDIT_FILTER "(?1 = 0 OR user_id = ?1) AND (?2 IS NULL OR substr(action, 1, length(?2)) = ?2)" \
	" AND (?3 IS NULL OR outcome = ?3) AND (?4 = 0 OR at >= ?4) AND (?5 = 0 OR at < ?5)"
	[ST_AUDIT_LAST] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	[ST_AUDIT_INSERT] =
	"INSERT INTO audit (" AUDIT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_AUDIT_LIST] = "SELECT " AUDIT_COLS " FROM audit WHERE " AUDIT_FILTER
	" ORDER BY id DESC LIMIT ?6 OFFSET ?7",
	[ST_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE " AUDIT_FILTER,
	[ST_AUDIT_EACH] = "SELECT " AUDIT_COLS " FROM audit ORDER BY id",
	[ST_IDEM_GET] = "SELECT request_hash, status, body FROM idempotency WHERE owner = ?1 AND key = ?2",
	[ST_IDEM_PUT] =
	"INSERT INTO idempotency (owner, key, request_hash, status, body, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_IDEM_EXPIRE] = "DELETE FROM idempotency WHERE created_at < ?1",
};

sqlite3_stmt *sq_stmt(struct db *db, enum stmt_id id)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	if (!s->stmt[id]) {
		const char *sql = id < ST_CORE_COUNT ? stmt_sql[id]
				  : id < ST_REC_FIRST ? sqlite_documents_sql[id - ST_DOC_FIRST]
				  : id < ST_MTG_FIRST ? sqlite_records_sql[id - ST_REC_FIRST]
				  : id < ST_ADV_FIRST ? sqlite_meetings_sql[id - ST_MTG_FIRST]
				  : id < ST_RET_FIRST ? sqlite_compliance_sql[id - ST_ADV_FIRST]
				  : id < ST_CASE_FIRST ? sqlite_returns_sql[id - ST_RET_FIRST]
				  : id < ST_MON_FIRST ? sqlite_cases_sql[id - ST_CASE_FIRST]
				  : sqlite_monitoring_sql[id - ST_MON_FIRST];
		if (sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[id], NULL)
		    != SQLITE_OK) {
			log_error("db: prepare statement %d: %s", (int)id, sqlite3_errmsg(s->h));
			return NULL;
		}
	} else {
		sqlite3_reset(s->stmt[id]);
		sqlite3_clear_bindings(s->stmt[id]);
	}
	return s->stmt[id];
}

enum db_status sq_fail(struct db *db, const char *what)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	log_error("db: %s: %s", what, sqlite3_errmsg(s->h));
	return DB_ERROR;
}

enum db_status sq_exec_stmt(struct db *db, sqlite3_stmt *st, const char *what)
{
	/* With extended result codes on, step returns SQLITE_CONSTRAINT_UNIQUE
	 * itself, not SQLITE_CONSTRAINT. */
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return DB_OK;
	}
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		sqlite3_reset(st);
		return DB_CONFLICT;
	}
	enum db_status st_fail = sq_fail(db, what);
	sqlite3_reset(st);
	return st_fail;
}

void sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_int_or_null(sqlite3_stmt *st, int i, int v)
{
	if (v)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_id_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_scope(sqlite3_stmt *st, const struct scope *s)
{
	sqlite3_bind_int(st, 101, (int)s->level);
	sqlite3_bind_int(st, 102, s->state_lgd);
	sqlite3_bind_int(st, 103, s->district_lgd);
}

json_t *sq_row_named(sqlite3_stmt *st)
{
	json_t *o = json_object();
	for (int i = 0, n = sqlite3_column_count(st); i < n; i++) {
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default:
			v = json_stringn((const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
			break;
		}
		json_object_set_new(o, sqlite3_column_name(st, i), v ? v : json_null());
	}
	return o;
}

void sq_text(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", t ? (const char *)t : "");
}

enum db_status sq_collect(struct db *db, sqlite3_stmt *st, json_t *(*row)(sqlite3_stmt *st), const char *what,
			  json_t **out)
{
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sq_fail(db, what);
	}
	*out = items;
	return DB_OK;
}

static enum db_status exec_sql(struct db *db, const char *sql, const char *what)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	char *err = NULL;
	if (sqlite3_exec(s->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_error("db: %s: %s", what, err ? err : "?");
		sqlite3_free(err);
		return DB_ERROR;
	}
	return DB_OK;
}

static void sqlite_close(struct db *db)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	/* WAL: the last connection to close checkpoints and removes -wal. */
	sqlite3_close_v2(s->h);
	free(s);
}

static enum db_status sqlite_begin_write(struct db *db)
{
	return exec_sql(db, "BEGIN IMMEDIATE", "begin");
}

static enum db_status sqlite_commit(struct db *db)
{
	return exec_sql(db, "COMMIT", "commit");
}

static void sqlite_rollback(struct db *db)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	if (!sqlite3_get_autocommit(s->h))
		exec_sql(db, "ROLLBACK", "rollback");
}

static void sqlite_bulk_cache(struct db *db, int cache_mb)
{
	/* and statement journals in memory: each upsert that fires a trigger
	 * writes one, which on disk costs several writes a value */
	char sql[160];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d; PRAGMA temp_store = %s", cache_mb > 0 ? -1024 * cache_mb : -2000,
		 cache_mb > 0 ? "MEMORY" : "DEFAULT");
	/* and no foreign-key lookups (a third of a bulk save's time): the
	 * import has checked every data set, cell and district against the
	 * database, and nothing deletes those.  Outside a transaction only
	 * (SQLite ignores the pragma inside one): bulk_cache comes before
	 * the import's BEGIN and after its COMMIT. */
	strcat(sql, cache_mb > 0 ? "; PRAGMA foreign_keys = OFF" : "; PRAGMA foreign_keys = ON");
	sqlite3_exec(((struct sqlite_db *)db)->h, sql, NULL, NULL, NULL);
}

static bool sqlite_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(((struct sqlite_db *)db)->h);
}

/* The migrations, in order.  A step is an embedded SQL file, a C function,
 * or both (SQL first); all of one step run in one transaction. */
struct migration {
	int version;
	const char *sql_file;
	enum db_status (*fn)(struct db *db);
};
static const struct migration migrations[] = {
	{ 1, "src/db/sqlite/migrations/0001-init.sql", sqlite_load_master },
	{ 2, "src/db/sqlite/migrations/0002-documents.sql", NULL },
	{ 3, "src/db/sqlite/migrations/0003-document-excerpts.sql", NULL },
	{ 4, "src/db/sqlite/migrations/0004-library-version.sql", NULL },
	{ 5, "src/db/sqlite/migrations/0005-registers.sql", NULL },
	{ 6, "src/db/sqlite/migrations/0006-meetings.sql", NULL },
	{ 7, "src/db/sqlite/migrations/0007-records-public-search.sql", NULL },
	{ 8, "src/db/sqlite/migrations/0008-compliance.sql", NULL },
	{ 9, "src/db/sqlite/migrations/0009-attachments.sql", NULL },
	{ 10, "src/db/sqlite/migrations/0010-returns.sql", sqlite_load_returns_standard },
	{ 11, "src/db/sqlite/migrations/0011-values-by-dataset.sql", NULL },
	{ 12, "src/db/sqlite/migrations/0012-imports.sql", NULL },
	{ 13, "src/db/sqlite/migrations/0013-value-totals.sql", NULL },
	{ 14, "src/db/sqlite/migrations/0014-import-attempts.sql", NULL },
	{ 15, "src/db/sqlite/migrations/0015-cases.sql", NULL },
	{ 16, "src/db/sqlite/migrations/0016-victim-photos.sql", NULL },
	{ 17, "src/db/sqlite/migrations/0017-schemes-releases.sql", NULL },
	{ 18, "src/db/sqlite/migrations/0018-utilisation.sql", NULL },
	{ 19, "src/db/sqlite/migrations/0019-training.sql", NULL },
	{ 20, "src/db/sqlite/migrations/0020-trainees.sql", NULL },
	{ 21, "src/db/sqlite/migrations/0021-scheme-components.sql", NULL },
	{ 22, "src/db/sqlite/migrations/0022-withdrawals.sql", NULL },
};
#define MIGRATIONS_LATEST (migrations[sizeof migrations / sizeof migrations[0] - 1].version)

static int sqlite_schema_latest(void)
{
	return MIGRATIONS_LATEST;
}

static int sqlite_schema_version(struct db *db)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(s->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum db_status sqlite_migrate(struct db *db, int *from, int *to)
{
	int v = sqlite_schema_version(db);
	*from = *to = v;
	if (v < 0)
		return sq_fail(db, "read schema version");
	if (v > MIGRATIONS_LATEST) {
		log_error("db: the database has schema version %d, newer than this program's %d;"
			  " refusing to use it (run a newer ahtcell)", v, MIGRATIONS_LATEST);
		return DB_ERROR;
	}
	for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= v)
			continue;
		if (sqlite_begin_write(db) != DB_OK)
			return DB_ERROR;
		/* Re-read inside the write lock: another process may have migrated. */
		if (sqlite_schema_version(db) >= m->version) {
			sqlite_rollback(db);
			continue;
		}
		enum db_status rc = DB_OK;
		if (m->sql_file) {
			const struct embedded *e = embedded_get(m->sql_file);
			char *sql = e ? strndup(e->data, e->len) : NULL;
			rc = sql ? exec_sql(db, sql, m->sql_file) : DB_ERROR;
			free(sql);
		}
		if (rc == DB_OK && m->fn)
			rc = m->fn(db);
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		if (rc == DB_OK)
			rc = exec_sql(db, pragma, "set schema version");
		if (rc == DB_OK)
			rc = sqlite_commit(db);
		if (rc != DB_OK) {
			sqlite_rollback(db);
			log_error("db: migration %d failed; the database is left at version %d", m->version, *to);
			return DB_ERROR;
		}
		*to = m->version;
	}
	return DB_OK;
}

static struct db_ops sqlite_ops;
static pthread_once_t ops_once = PTHREAD_ONCE_INIT;

static void ops_fill(void)
{
	sqlite_ops.close = sqlite_close;
	sqlite_ops.begin_write = sqlite_begin_write;
	sqlite_ops.commit = sqlite_commit;
	sqlite_ops.rollback = sqlite_rollback;
	sqlite_ops.in_transaction = sqlite_in_transaction;
	sqlite_ops.bulk_cache = sqlite_bulk_cache;
	sqlite_ops.migrate = sqlite_migrate;
	sqlite_ops.schema_version = sqlite_schema_version;
	sqlite_ops.schema_latest = sqlite_schema_latest;
	sqlite_fill_master_ops(&sqlite_ops);
	sqlite_fill_user_ops(&sqlite_ops);
	sqlite_fill_audit_ops(&sqlite_ops);
	sqlite_fill_document_ops(&sqlite_ops);
	sqlite_fill_record_ops(&sqlite_ops);
	sqlite_fill_meeting_ops(&sqlite_ops);
	sqlite_fill_compliance_ops(&sqlite_ops);
	sqlite_fill_returns_ops(&sqlite_ops);
	sqlite_fill_case_ops(&sqlite_ops);
	sqlite_fill_monitoring_ops(&sqlite_ops);
}

/* Opens PATH with the pragmas every connection needs.  synchronous=FULL:
 * an acknowledged write survives a power cut, not only a crash. */
struct db *sqlite_open(const char *path)
{
	pthread_once(&ops_once, ops_fill);
	struct sqlite_db *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->base.ops = &sqlite_ops;
	s->base.impl = s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->h, flags, NULL) != SQLITE_OK) {
		log_error("db: cannot open %s: %s", path, s->h ? sqlite3_errmsg(s->h) : "out of memory");
		sqlite3_close_v2(s->h);
		free(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->h, 1);
	sqlite3_busy_timeout(s->h, 5000);
	if (sqlite_register_bulk(s->h) != SQLITE_OK) {
		log_error("db: %s: %s", path, sqlite3_errmsg(s->h));
		sqlite_close(&s->base);
		return NULL;
	}
	if (exec_sql(&s->base, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		     " PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;", "pragmas") != DB_OK) {
		sqlite_close(&s->base);
		return NULL;
	}
	return &s->base;
}
