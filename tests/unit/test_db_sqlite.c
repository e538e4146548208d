/* Unit tests of the SQLite backend (src/db/sqlite/) through the struct db
 * interface, on a temporary file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "db/db.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static void remove_files(struct fixture *f)
{
	char p[160];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
}

/* A fresh, empty database file, opened but not migrated. */
static int setup_empty(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/ahtcell-db-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char url[160];
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	f->db = db_open(url);
	if (!f->db) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* The same, migrated to the latest schema. */
static int setup(void **state)
{
	if (setup_empty(state) != 0)
		return -1;
	struct fixture *f = *state;
	int from, to;
	return f->db->ops->migrate(f->db, &from, &to) == DB_OK ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	remove_files(f);
	free(f);
	return 0;
}

/* Runs sql through a second connection; returns the sqlite3 result code
 * and copies the error message into err (128 bytes) when given. */
static int raw_exec(const char *path, const char *sql, char *err)
{
	sqlite3 *h;
	char *msg = NULL;
	if (sqlite3_open(path, &h) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	sqlite3_busy_timeout(h, 5000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (err)
		snprintf(err, 128, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc;
}

/* One integer from sql through a second connection; -1 on error. */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_open(path, &h) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

/* A district of state_lgd (the first by name). */
static int some_district(struct db *db, int state_lgd, int which)
{
	json_t *d = db->ops->districts_list(db, state_lgd);
	assert_non_null(d);
	assert_true((int)json_array_size(d) > which);
	int lgd = (int)json_integer_value(json_object_get(json_array_get(d, (size_t)which), "lgd"));
	json_decref(d);
	return lgd;
}

static struct db_user make_user(const char *login, enum role role, enum scope_level level, int state_lgd,
				int district_lgd)
{
	struct db_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.name, sizeof u.name, "Name of %s", login);
	snprintf(u.email, sizeof u.email, "%s@example.gov.in", login);
	u.role = role;
	u.level = level;
	u.state_lgd = state_lgd;
	u.district_lgd = district_lgd;
	snprintf(u.pw_hash, sizeof u.pw_hash, "$argon2id$v=19$m=65536,t=2,p=1$notreal$notreal");
	u.created_at = 1795824000000LL;
	return u;
}

static int64_t insert(struct db *db, struct db_user u)
{
	assert_int_equal(db->ops->user_insert(db, &u), DB_OK);
	assert_true(u.id > 0);
	return u.id;
}

/* ---- schema ---- */

static void migrate_from_zero_to_latest(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int latest = db->ops->schema_latest();
	assert_true(latest >= 1);
	assert_int_equal(db->ops->schema_version(db), 0);
	int from = -5, to = -5;
	assert_int_equal(db->ops->migrate(db, &from, &to), DB_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, latest);
	assert_int_equal(db->ops->schema_version(db), latest);
	assert_false(db->ops->in_transaction(db));
	/* the master data came with it */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM states"), 36);
	long long districts = raw_int(f->path, "SELECT count(*) FROM districts");
	assert_true(districts >= 700);

	/* a second run has nothing to do and loads nothing twice */
	assert_int_equal(db->ops->migrate(db, &from, &to), DB_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM states"), 36);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM districts"), districts);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), latest);
}

static void migrate_refuses_a_newer_database(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int latest = db->ops->schema_latest();
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", latest + 1);
	assert_int_equal(raw_exec(f->path, sql, NULL), SQLITE_OK);
	assert_int_equal(db->ops->schema_version(db), latest + 1);
	int from = -5, to = -5;
	assert_int_equal(db->ops->migrate(db, &from, &to), DB_ERROR);
	assert_int_equal(from, latest + 1);
	assert_false(db->ops->in_transaction(db));
	/* nothing was created or changed */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_master"), 0);
	assert_int_equal(db->ops->schema_version(db), latest + 1);
}

/* ---- master data ---- */

static void states_and_districts(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	json_t *states = db->ops->states_list(db);
	assert_non_null(states);
	assert_int_equal(json_array_size(states), 36);
	size_t i;
	json_t *s;
	const char *prev = "";
	int odisha = 0, uts = 0;
	json_array_foreach(states, i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		const char *kind = json_string_value(json_object_get(s, "kind"));
		assert_non_null(name);
		assert_true(strcmp(prev, name) < 0);            /* by name */
		prev = name;
		assert_true(strcmp(kind, "state") == 0 || strcmp(kind, "ut") == 0);
		uts += strcmp(kind, "ut") == 0;
		if (json_integer_value(json_object_get(s, "lgd")) == 21) {
			assert_string_equal(name, "Odisha");
			assert_string_equal(kind, "state");
			assert_int_equal(json_integer_value(json_object_get(s, "districts")), 30);
			assert_int_equal(json_integer_value(json_object_get(s, "population")), 41974218);
			odisha++;
		}
	}
	assert_int_equal(odisha, 1);
	assert_int_equal(uts, 8);
	json_decref(states);

	json_t *d = db->ops->districts_list(db, 21);
	assert_non_null(d);
	assert_int_equal(json_array_size(d), 30);
	json_array_foreach(d, i, s)
		assert_int_equal(json_integer_value(json_object_get(s, "state_lgd")), 21);
	int first = (int)json_integer_value(json_object_get(json_array_get(d, 0), "lgd"));
	json_decref(d);
	assert_int_equal(db->ops->district_state(db, first), 21);
	assert_int_equal(db->ops->district_state(db, 999999), 0);
	assert_int_equal(db->ops->district_state(db, 0), 0);

	d = db->ops->districts_list(db, 9999);
	assert_non_null(d);
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);

	assert_true(db->ops->state_exists(db, 21));
	assert_true(db->ops->state_exists(db, 35));
	assert_false(db->ops->state_exists(db, 0));
	assert_false(db->ops->state_exists(db, 99));
}

/* ---- users ---- */

static void user_insert_get_update(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int district = some_district(db, 21, 0);
	assert_int_equal(db->ops->user_count(db), 0);
	struct db_user u = make_user("sp.khordha", ROLE_DISTRICT, SCOPE_DISTRICT, 21, district);
	u.must_change_password = true;
	assert_int_equal(db->ops->user_insert(db, &u), DB_OK);
	assert_true(u.id > 0);
	assert_int_equal(db->ops->user_count(db), 1);

	struct scope national = { SCOPE_NATIONAL, 0, 0 };
	struct db_user got;
	assert_int_equal(db->ops->user_get(db, &national, u.id, &got), DB_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.login, "sp.khordha");
	assert_string_equal(got.name, "Name of sp.khordha");
	assert_string_equal(got.email, "sp.khordha@example.gov.in");
	assert_int_equal(got.role, ROLE_DISTRICT);
	assert_int_equal(got.level, SCOPE_DISTRICT);
	assert_int_equal(got.state_lgd, 21);
	assert_int_equal(got.district_lgd, district);
	assert_string_equal(got.pw_hash, u.pw_hash);
	assert_false(got.disabled);
	assert_true(got.must_change_password);
	assert_int_equal(got.failed_logins, 0);
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(got.created_at, 1795824000000LL);
	assert_int_equal(got.last_login_at, 0);

	/* update every field the update writes */
	got.role = ROLE_STATE;
	got.level = SCOPE_STATE;
	got.district_lgd = 0;
	snprintf(got.name, sizeof got.name, "Superintendent, Khordha");
	snprintf(got.email, sizeof got.email, "sp@odishapolice.gov.in");
	snprintf(got.pw_hash, sizeof got.pw_hash, "$argon2id$other");
	got.disabled = true;
	got.must_change_password = false;
	got.failed_logins = 3;
	got.locked_until = 1795824600000LL;
	got.last_login_at = 1795824100000LL;
	assert_int_equal(db->ops->user_update(db, &got), DB_OK);
	struct db_user again;
	assert_int_equal(db->ops->user_get_by_login(db, "sp.khordha", &again), DB_OK);
	assert_int_equal(again.id, u.id);
	assert_string_equal(again.name, "Superintendent, Khordha");
	assert_string_equal(again.email, "sp@odishapolice.gov.in");
	assert_int_equal(again.role, ROLE_STATE);
	assert_int_equal(again.level, SCOPE_STATE);
	assert_int_equal(again.state_lgd, 21);
	assert_int_equal(again.district_lgd, 0);
	assert_string_equal(again.pw_hash, "$argon2id$other");
	assert_true(again.disabled);
	assert_false(again.must_change_password);
	assert_int_equal(again.failed_logins, 3);
	assert_int_equal(again.locked_until, 1795824600000LL);
	assert_int_equal(again.last_login_at, 1795824100000LL);
	assert_int_equal(again.created_at, 1795824000000LL);

	/* no such user */
	got.id = u.id + 100;
	assert_int_equal(db->ops->user_update(db, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &national, u.id + 100, &again), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get_by_login(db, "nobody", &again), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get_by_login(db, "SP.KHORDHA", &again), DB_NOTFOUND);
}

static void duplicate_login_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	insert(db, make_user("admin", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	struct db_user dup = make_user("admin", ROLE_VIEWER, SCOPE_STATE, 21, 0);
	enum db_status st = db->ops->user_insert(db, &dup);
	assert_int_equal(db->ops->user_count(db), 1);
	struct db_user got;
	assert_int_equal(db->ops->user_get_by_login(db, "admin", &got), DB_OK);
	assert_int_equal(got.role, ROLE_ADMIN);
	/* the statement is usable again after the refusal */
	struct db_user other = make_user("admin2", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0);
	assert_int_equal(db->ops->user_insert(db, &other), DB_OK);
	assert_int_equal(db->ops->user_count(db), 2);
	/* and the refusal says why: users_create answers 409 user.exists on it */
	if (st != DB_CONFLICT)
		fail_msg("a duplicate login gave db_status %d, not DB_CONFLICT (%d)", (int)st, (int)DB_CONFLICT);
}

/* Every unique key of the schema answers DB_CONFLICT when taken (db.h),
 * whether a UNIQUE column or a PRIMARY KEY. */
static void other_unique_keys_are_conflicts(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t uid = insert(db, make_user("admin", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	char wrong[256] = "";
	size_t n;

	struct db_session s = { .user_id = uid, .created_at = 1, .last_seen_at = 1, .expires_at = 2 };
	s.hash[0] = 1;
	assert_int_equal(db->ops->session_insert(db, &s), DB_OK);
	enum db_status st = db->ops->session_insert(db, &s);
	if (st != DB_CONFLICT) {
		n = strlen(wrong);
		snprintf(wrong + n, sizeof wrong - n, " sessions.hash: %d;", (int)st);
	}

	struct db_idem in = { .status = 201, .body = "{}" };
	assert_int_equal(db->ops->idem_put(db, "u:1", "k", &in, 1), DB_OK);
	st = db->ops->idem_put(db, "u:1", "k", &in, 1);
	if (st != DB_CONFLICT) {
		n = strlen(wrong);
		snprintf(wrong + n, sizeof wrong - n, " idempotency (owner, key): %d;", (int)st);
	}

	struct db_audit a = { .id = 1, .detail = "{}" };
	assert_int_equal(db->ops->audit_insert(db, &a), DB_OK);
	st = db->ops->audit_insert(db, &a);
	if (st != DB_CONFLICT) {
		n = strlen(wrong);
		snprintf(wrong + n, sizeof wrong - n, " audit.id: %d;", (int)st);
	}
	if (*wrong)
		fail_msg("a taken key did not give DB_CONFLICT (%d):%s", (int)DB_CONFLICT, wrong);
}

static void user_get_is_scoped(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int d1 = some_district(db, 21, 0), d2 = some_district(db, 21, 1);
	int64_t in21 = insert(db, make_user("state.odisha", ROLE_STATE, SCOPE_STATE, 21, 0));
	int64_t in_d1 = insert(db, make_user("dist.one", ROLE_DISTRICT, SCOPE_DISTRICT, 21, d1));
	int64_t national = insert(db, make_user("cell", ROLE_CELL, SCOPE_NATIONAL, 0, 0));
	struct db_user got;
	struct scope s21 = { SCOPE_STATE, 21, 0 }, s28 = { SCOPE_STATE, 28, 0 };
	struct scope sd1 = { SCOPE_DISTRICT, 21, d1 }, sd2 = { SCOPE_DISTRICT, 21, d2 };
	struct scope none = { SCOPE_NONE, 21, d1 }, all = { SCOPE_NATIONAL, 0, 0 };

	assert_int_equal(db->ops->user_get(db, &s28, in21, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &s28, in_d1, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &s21, in21, &got), DB_OK);
	assert_string_equal(got.login, "state.odisha");
	assert_int_equal(db->ops->user_get(db, &s21, in_d1, &got), DB_OK);
	assert_int_equal(db->ops->user_get(db, &s21, national, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &sd1, in_d1, &got), DB_OK);
	assert_int_equal(db->ops->user_get(db, &sd2, in_d1, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &sd1, in21, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &none, in_d1, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &none, national, &got), DB_NOTFOUND);
	assert_int_equal(db->ops->user_get(db, &all, national, &got), DB_OK);
	assert_int_equal(db->ops->user_get(db, &all, in_d1, &got), DB_OK);
}

struct listed {
	int n;
	char logins[16][LOGIN_MAX + 1];
	int state_lgd[16];
	int district_lgd[16];
};

static int collect_user(void *ctx, const struct db_user *u)
{
	struct listed *l = ctx;
	if (l->n < 16) {
		snprintf(l->logins[l->n], sizeof l->logins[l->n], "%s", u->login);
		l->state_lgd[l->n] = u->state_lgd;
		l->district_lgd[l->n] = u->district_lgd;
	}
	l->n++;
	return 0;
}

static int64_t list(struct db *db, struct scope s, const char *q, int role, int limit, struct listed *l)
{
	struct db_user_filter flt = { .q = q, .role = role, .disabled = -1, .limit = limit, .offset = 0 };
	int64_t total = -1;
	memset(l, 0, sizeof *l);
	assert_int_equal(db->ops->user_list(db, &s, &flt, collect_user, l, &total), DB_OK);
	return total;
}

static void user_list_counts_only_rows_in_scope(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int d1 = some_district(db, 21, 0), d2 = some_district(db, 21, 1);
	int d28 = some_district(db, 28, 0);
	insert(db, make_user("admin", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	insert(db, make_user("cell.delhi", ROLE_CELL, SCOPE_NATIONAL, 0, 0));
	insert(db, make_user("od.state", ROLE_STATE, SCOPE_STATE, 21, 0));
	insert(db, make_user("od.dist1", ROLE_DISTRICT, SCOPE_DISTRICT, 21, d1));
	insert(db, make_user("od.dist2", ROLE_DISTRICT, SCOPE_DISTRICT, 21, d2));
	insert(db, make_user("od.viewer", ROLE_VIEWER, SCOPE_DISTRICT, 21, d1));
	insert(db, make_user("ap.state", ROLE_STATE, SCOPE_STATE, 28, 0));
	insert(db, make_user("ap.dist", ROLE_DISTRICT, SCOPE_DISTRICT, 28, d28));
	struct listed l;

	assert_int_equal(list(db, (struct scope){ SCOPE_NATIONAL, 0, 0 }, NULL, -1, 50, &l), 8);
	assert_int_equal(l.n, 8);
	assert_string_equal(l.logins[0], "admin");          /* by login */

	assert_int_equal(list(db, (struct scope){ SCOPE_STATE, 21, 0 }, NULL, -1, 50, &l), 4);
	assert_int_equal(l.n, 4);
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.state_lgd[i], 21);

	assert_int_equal(list(db, (struct scope){ SCOPE_STATE, 28, 0 }, NULL, -1, 50, &l), 2);
	assert_int_equal(l.n, 2);

	assert_int_equal(list(db, (struct scope){ SCOPE_DISTRICT, 21, d1 }, NULL, -1, 50, &l), 2);
	assert_int_equal(l.n, 2);
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.district_lgd[i], d1);

	assert_int_equal(list(db, (struct scope){ SCOPE_NONE, 0, 0 }, NULL, -1, 50, &l), 0);
	assert_int_equal(l.n, 0);

	/* the total counts the whole scope, not the page */
	assert_int_equal(list(db, (struct scope){ SCOPE_STATE, 21, 0 }, NULL, -1, 1, &l), 4);
	assert_int_equal(l.n, 1);

	/* filters stay inside the scope */
	assert_int_equal(list(db, (struct scope){ SCOPE_STATE, 21, 0 }, "state", -1, 50, &l), 1);
	assert_string_equal(l.logins[0], "od.state");
	assert_int_equal(list(db, (struct scope){ SCOPE_NATIONAL, 0, 0 }, "STATE", -1, 50, &l), 2);
	assert_int_equal(list(db, (struct scope){ SCOPE_STATE, 28, 0 }, NULL, ROLE_DISTRICT, 50, &l), 1);
	assert_string_equal(l.logins[0], "ap.dist");
	assert_int_equal(list(db, (struct scope){ SCOPE_DISTRICT, 21, d1 }, NULL, ROLE_ADMIN, 50, &l), 0);
}

/* ---- sessions ---- */

static void sessions_insert_get_revoke(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t uid = insert(db, make_user("admin", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	int64_t other = insert(db, make_user("other", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	struct db_session s;
	memset(&s, 0, sizeof s);
	s.user_id = uid;
	crypto_hash_sha256(s.hash, (const unsigned char *)"token-one", 9);
	s.created_at = s.last_seen_at = 1795824000000LL;
	s.expires_at = s.created_at + 12 * 3600 * 1000LL;
	snprintf(s.ip, sizeof s.ip, "10.0.0.7");
	snprintf(s.user_agent, sizeof s.user_agent, "Firefox/140");
	assert_int_equal(db->ops->session_insert(db, &s), DB_OK);
	assert_true(s.id > 0);

	struct db_session got;
	assert_int_equal(db->ops->session_get_by_hash(db, s.hash, &got), DB_OK);
	assert_int_equal(got.id, s.id);
	assert_int_equal(got.user_id, uid);
	assert_memory_equal(got.hash, s.hash, 32);
	assert_int_equal(got.created_at, s.created_at);
	assert_int_equal(got.last_seen_at, s.last_seen_at);
	assert_int_equal(got.expires_at, s.expires_at);
	assert_int_equal(got.revoked_at, 0);
	assert_string_equal(got.ip, "10.0.0.7");
	assert_string_equal(got.user_agent, "Firefox/140");

	unsigned char unknown[32];
	crypto_hash_sha256(unknown, (const unsigned char *)"token-two", 9);
	assert_int_equal(db->ops->session_get_by_hash(db, unknown, &got), DB_NOTFOUND);

	/* the same secret twice is refused */
	struct db_session dup = s;
	assert_int_not_equal(db->ops->session_insert(db, &dup), DB_OK);

	assert_int_equal(db->ops->session_touch(db, s.id, 1795824060000LL), DB_OK);
	assert_int_equal(db->ops->session_get_by_hash(db, s.hash, &got), DB_OK);
	assert_int_equal(got.last_seen_at, 1795824060000LL);

	/* revoking with another user's id does nothing */
	assert_int_equal(db->ops->session_revoke(db, other, s.id, 1795824120000LL), DB_NOTFOUND);
	assert_int_equal(db->ops->session_get_by_hash(db, s.hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, 0);
	assert_int_equal(db->ops->session_revoke(db, uid, s.id + 1000, 1795824120000LL), DB_NOTFOUND);

	assert_int_equal(db->ops->session_revoke(db, uid, s.id, 1795824120000LL), DB_OK);
	assert_int_equal(db->ops->session_get_by_hash(db, s.hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, 1795824120000LL);
	/* once revoked it stays revoked at the first time */
	assert_int_equal(db->ops->session_revoke(db, uid, s.id, 1795824180000LL), DB_NOTFOUND);
	assert_int_equal(db->ops->session_get_by_hash(db, s.hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, 1795824120000LL);
}

static void sessions_revoke_all_keeps_one(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t uid = insert(db, make_user("admin", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	int64_t other = insert(db, make_user("other", ROLE_ADMIN, SCOPE_NATIONAL, 0, 0));
	struct db_session s[3];
	int64_t now = 1795824000000LL;
	for (int i = 0; i < 3; i++) {
		memset(&s[i], 0, sizeof s[i]);
		s[i].user_id = i < 2 ? uid : other;
		s[i].hash[0] = (unsigned char)(i + 1);
		s[i].created_at = s[i].last_seen_at = now;
		s[i].expires_at = now + 3600000;
		assert_int_equal(db->ops->session_insert(db, &s[i]), DB_OK);
	}
	json_t *live = db->ops->session_list(db, uid, now + 1000);
	assert_int_equal(json_array_size(live), 2);
	json_decref(live);
	assert_int_equal(db->ops->session_revoke_all(db, uid, s[1].id, now + 2000), DB_OK);
	struct db_session got;
	assert_int_equal(db->ops->session_get_by_hash(db, s[0].hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, now + 2000);
	assert_int_equal(db->ops->session_get_by_hash(db, s[1].hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, 0);
	assert_int_equal(db->ops->session_get_by_hash(db, s[2].hash, &got), DB_OK);
	assert_int_equal(got.revoked_at, 0);
	live = db->ops->session_list(db, uid, now + 3000);
	assert_int_equal(json_array_size(live), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(live, 0), "id")), s[1].id);
	json_decref(live);
	/* nothing left to revoke is not an error */
	assert_int_equal(db->ops->session_revoke_all(db, uid, s[1].id, now + 4000), DB_OK);
}

/* ---- idempotency keys ---- */

static void idempotency_put_and_get(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	struct db_idem in = { .status = 201, .body = "{\"id\":7}" };
	snprintf(in.request_hash, sizeof in.request_hash, "%064d", 42);
	struct db_idem out = { 0 };
	assert_int_equal(db->ops->idem_get(db, "u:1", "key-1", &out), DB_NOTFOUND);
	assert_null(out.body);
	assert_int_equal(db->ops->idem_put(db, "u:1", "key-1", &in, 1795824000000LL), DB_OK);
	assert_int_equal(db->ops->idem_get(db, "u:1", "key-1", &out), DB_OK);
	assert_string_equal(out.request_hash, in.request_hash);
	assert_int_equal(out.status, 201);
	assert_non_null(out.body);
	bool same = strcmp(out.body, "{\"id\":7}") == 0;
	free(out.body);
	assert_true(same);

	/* keys belong to their owner */
	memset(&out, 0, sizeof out);
	assert_int_equal(db->ops->idem_get(db, "u:2", "key-1", &out), DB_NOTFOUND);
	assert_int_equal(db->ops->idem_get(db, "u:1", "key-2", &out), DB_NOTFOUND);
	assert_null(out.body);
	struct db_idem in2 = { .status = 400, .body = "{}" };
	snprintf(in2.request_hash, sizeof in2.request_hash, "%064d", 43);
	assert_int_equal(db->ops->idem_put(db, "u:2", "key-1", &in2, 1795824000000LL), DB_OK);
	/* a key is stored once: the second answer does not replace the first */
	assert_int_not_equal(db->ops->idem_put(db, "u:1", "key-1", &in2, 1795824000000LL), DB_OK);
	assert_int_equal(db->ops->idem_get(db, "u:1", "key-1", &out), DB_OK);
	assert_int_equal(out.status, 201);
	free(out.body);
}

/* ---- the audit table ---- */

static void audit_table_refuses_update_and_delete(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	struct db_audit a;
	memset(&a, 0, sizeof a);
	a.id = 1;
	a.at = 1795824000000LL;
	snprintf(a.login, sizeof a.login, "admin");
	snprintf(a.ip, sizeof a.ip, "cli");
	snprintf(a.action, sizeof a.action, "user.create");
	snprintf(a.outcome, sizeof a.outcome, "ok");
	a.detail = "{}";
	snprintf(a.hash, sizeof a.hash, "%064d", 1);
	assert_int_equal(db->ops->audit_insert(db, &a), DB_OK);
	int64_t id = -1;
	char hash[65];
	assert_int_equal(db->ops->audit_last(db, &id, hash), DB_OK);
	assert_int_equal(id, 1);
	assert_string_equal(hash, a.hash);

	char err[128];
	int rc = raw_exec(f->path, "UPDATE audit SET detail = '{\"x\":1}' WHERE id = 1", err);
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	rc = raw_exec(f->path, "UPDATE audit SET outcome = 'denied'", err);
	assert_int_not_equal(rc, SQLITE_OK);
	rc = raw_exec(f->path, "DELETE FROM audit WHERE id = 1", err);
	assert_int_not_equal(rc, SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	rc = raw_exec(f->path, "DELETE FROM audit", err);
	assert_int_not_equal(rc, SQLITE_OK);

	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit WHERE detail = '{}' AND outcome = 'ok'"), 1);
	/* an id is taken once */
	assert_int_not_equal(db->ops->audit_insert(db, &a), DB_OK);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM audit"), 1);
}

/* ---- the library's version (what the answers cache trusts) ---- */

static void library_version_moves_with_every_change(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t v0 = db->ops->library_version(db);
	assert_true(v0 > 0);

	struct db_blob b = { .size = 5, .pages = 0 };
	snprintf(b.sha256, sizeof b.sha256, "%064d", 7);
	snprintf(b.mime, sizeof b.mime, "text/plain");
	snprintf(b.format, sizeof b.format, "txt");
	snprintf(b.text_status, sizeof b.text_status, "pending");
	b.created_at = 1795824000000LL;
	assert_int_equal(db->ops->blob_insert(db, &b), DB_OK);

	struct db_document d;
	memset(&d, 0, sizeof d);
	snprintf(d.title, sizeof d.title, "Advisory on missing children");
	snprintf(d.category, sizeof d.category, "advisory");
	snprintf(d.language, sizeof d.language, "en");
	snprintf(d.group_name, sizeof d.group_name, "Advisories");
	snprintf(d.visibility, sizeof d.visibility, "public");
	snprintf(d.status, sizeof d.status, "active");
	memcpy(d.sha256, b.sha256, sizeof d.sha256);
	snprintf(d.file_name, sizeof d.file_name, "a.txt");
	d.published_at = d.updated_at = 1795824000000LL;
	assert_int_equal(db->ops->document_insert(db, &d), DB_OK);
	int64_t v1 = db->ops->library_version(db);
	assert_true(v1 > v0);

	/* the file's text arriving changes what search finds */
	assert_int_equal(db->ops->blob_set_text(db, b.sha256, "done", 1, "hello", NULL), DB_OK);
	int64_t v2 = db->ops->library_version(db);
	assert_true(v2 > v1);

	snprintf(d.title, sizeof d.title, "Advisory on missing children (revised)");
	assert_int_equal(db->ops->document_update(db, &d), DB_OK);
	int64_t v3 = db->ops->library_version(db);
	assert_true(v3 > v2);

	/* reading changes nothing */
	assert_int_equal(db->ops->library_version(db), v3);

	/* a change by another connection (the CLI, another server) counts too */
	char err[128];
	assert_int_equal(raw_exec(f->path, "UPDATE documents SET summary = 'x'", err), SQLITE_OK);
	assert_true(db->ops->library_version(db) > v3);
}

/* ---- records (the registers) ---- */

static int count_rows(void *ctx, const struct db_record *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int64_t add_record(struct db *db, int state, int district, const char *slot, const char *to)
{
	struct db_record r = { .state_lgd = state, .district_lgd = district, .created_at = 1795824000000LL };
	snprintf(r.type, sizeof r.type, "things");
	snprintf(r.slot, sizeof r.slot, "%s", slot ? slot : "");
	snprintf(r.valid_from, sizeof r.valid_from, "2024-01-01");
	snprintf(r.valid_to, sizeof r.valid_to, "%s", to ? to : "");
	r.data = "{\"name\":\"x\"}";
	assert_int_equal(db->ops->record_insert(db, &r, "x", "x"), DB_OK);
	return r.id;
}

static int visible(struct db *db, struct scope s)
{
	struct db_record_filter f = { .type = "things", .sort = RECORD_SORT_ID, .limit = 100 };
	int n = 0;
	int64_t total = -1;
	assert_int_equal(db->ops->record_list(db, &s, &f, count_rows, &n, &total), DB_OK);
	assert_int_equal(total, n);
	return n;
}

static void records_are_scoped(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int district = 0;
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM districts WHERE state_lgd = 21") > 1, 1);
	district = (int)raw_int(f->path, "SELECT min(lgd) FROM districts WHERE state_lgd = 21");
	int other = (int)raw_int(f->path, "SELECT max(lgd) FROM districts WHERE state_lgd = 21");
	int64_t od = add_record(db, 21, 0, "state:21", NULL);          /* Odisha, State-wide */
	add_record(db, 21, district, NULL, NULL);                      /* an Odisha district's */
	add_record(db, 21, other, NULL, NULL);                         /* another Odisha district's */
	int64_t wb = add_record(db, 19, 0, NULL, NULL);                /* West Bengal */
	add_record(db, 19, 0, "state:19", "2025-01-01");               /* a closed term */

	assert_int_equal(visible(db, (struct scope){ SCOPE_NATIONAL, 0, 0 }), 5);
	assert_int_equal(visible(db, (struct scope){ SCOPE_STATE, 21, 0 }), 3);
	assert_int_equal(visible(db, (struct scope){ SCOPE_STATE, 19, 0 }), 2);
	/* a district: its own rows and its State's State-wide ones */
	assert_int_equal(visible(db, (struct scope){ SCOPE_DISTRICT, 21, district }), 2);
	/* the public: open terms only */
	assert_int_equal(visible(db, (struct scope){ SCOPE_NONE, 0, 0 }), 4);

	struct db_record r;
	struct scope od_scope = { SCOPE_STATE, 21, 0 };
	assert_int_equal(db->ops->record_get(db, &od_scope, "things", wb, &r), DB_NOTFOUND);
	assert_int_equal(db->ops->record_get(db, &od_scope, "other", od, &r), DB_NOTFOUND);
	assert_int_equal(db->ops->record_get(db, &od_scope, "things", od, &r), DB_OK);
	assert_string_equal(r.state_name, "Odisha");
	assert_string_equal(r.slot, "state:21");

	/* one open term per post */
	struct db_record dup = { .state_lgd = 21, .created_at = 1 };
	snprintf(dup.type, sizeof dup.type, "things");
	snprintf(dup.slot, sizeof dup.slot, "state:21");
	dup.data = "{}";
	assert_int_equal(db->ops->record_insert(db, &dup, "", ""), DB_CONFLICT);

	/* an update keeps the old state as a revision, which never changes */
	r.updated_at = 1795824000001LL;
	snprintf(r.valid_to, sizeof r.valid_to, "2026-01-01");
	assert_int_equal(db->ops->record_update(db, &r, "y", "y", "closed"), DB_OK);
	assert_int_equal(r.version, 2);
	db_record_clear(&r);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM record_revisions WHERE version = 1 AND valid_to IS NULL"), 1);
	char err[128];
	assert_int_not_equal(raw_exec(f->path, "UPDATE record_revisions SET reason = 'x'", err), SQLITE_OK);
	assert_int_not_equal(raw_exec(f->path, "DELETE FROM record_revisions", err), SQLITE_OK);
	/* the place names are part of the search text */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM records WHERE search LIKE '%odisha%'"), 3);
}


/* ---- returns: the pivot's sums, its States' totals kept fresh, the bulk save ---- */

static int64_t cell_of(const json_t *ds, const char *indicator, const char *combo)
{
	size_t i, k, c;
	json_t *sec, *ind, *cell;
	json_array_foreach(json_object_get(ds, "sections"), i, sec)
		json_array_foreach(json_object_get(sec, "indicators"), k, ind)
			if (strcmp(json_string_value(json_object_get(ind, "code")), indicator) == 0)
				json_array_foreach(json_object_get(ind, "cells"), c, cell)
					if (strcmp(json_string_value(json_object_get(cell, "combo")), combo) == 0)
						return json_integer_value(json_object_get(cell, "id"));
	fail_msg("no cell %s.%s", indicator, combo);
	return 0;
}

/* The pivot's [[row, col, sum]] as "row/col=sum;" in its order, sorted. */
static void pivot_text(struct db *db, struct db_pivot *q, char *out, size_t n)
{
	json_t *rows = NULL;
	assert_int_equal(db->ops->pivot(db, q, &rows), DB_OK);
	char lines[64][48];
	size_t m = json_array_size(rows);
	assert_true(m <= 64);
	for (size_t i = 0; i < m; i++) {
		json_t *r = json_array_get(rows, i);
		snprintf(lines[i], sizeof lines[i], "%s/%s=%lld;", json_string_value(json_array_get(r, 0)),
			 json_string_value(json_array_get(r, 1)), (long long)json_integer_value(json_array_get(r, 2)));
	}
	qsort(lines, m, sizeof lines[0], (int (*)(const void *, const void *))strcmp);
	out[0] = 0;
	for (size_t i = 0; i < m; i++)
		strncat(out, lines[i], n - strlen(out) - 1);
	json_decref(rows);
}

static void save_one(struct db *db, int64_t ds, const char *period, int district, int state, int64_t cell, long long v)
{
	struct db_return_key k = { ds, period, district, state };
	struct db_value val = { .cell_id = cell, .value = v };
	static const char *const editable[] = { "draft", "returned", NULL };
	char status[16];
	assert_int_equal(db->ops->return_save(db, &k, &val, 1, editable, 1000, 1, status), DB_OK);
}

static void returns_pivot_sums_and_keeps_totals_fresh(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	json_t *ds = NULL;
	assert_int_equal(db->ops->dataset_get(db, "aht_monthly", &ds), DB_OK);
	int64_t id = json_integer_value(json_object_get(ds, "id"));
	int64_t arrested = cell_of(ds, "persons_arrested", ""), fem = cell_of(ds, "victims_rescued", "female_u18"),
		male = cell_of(ds, "victims_rescued", "male_u18");
	int a = some_district(db, 21, 0), b = some_district(db, 21, 1), c = some_district(db, 19, 0);
	save_one(db, id, "2025-01", a, 21, arrested, 3);
	save_one(db, id, "2025-02", a, 21, arrested, 4);
	save_one(db, id, "2025-01", b, 21, arrested, 5);
	save_one(db, id, "2025-02", c, 19, arrested, 7);
	save_one(db, id, "2025-02", c, 19, fem, 100);       /* another indicator: not counted */
	const char *all = "[\"draft\",\"returned\",\"submitted\",\"approved\",\"accepted\"]";
	struct db_pivot q = { .dataset_id = id, .indicator = "persons_arrested", .from = "2025-01", .to = "2025-12",
			      .statuses_json = all, .rows = PIVOT_STATE, .cols = PIVOT_PERIOD };
	char got[1024];
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "19/2025-02=7;21/2025-01=8;21/2025-02=4;");
	/* by year; by district of a State (the values, not the totals) */
	q.cols = PIVOT_YEAR;
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "19/2025=7;21/2025=12;");
	struct db_pivot qd = q;
	qd.rows = PIVOT_DISTRICT;
	qd.cols = PIVOT_NONE;
	qd.state_lgd = 21;
	pivot_text(db, &qd, got, sizeof got);
	char want[256];
	snprintf(want, sizeof want, "%d/=7;%d/=5;", a, b);
	if (a > b)
		snprintf(want, sizeof want, "%d/=5;%d/=7;", b, a);
	assert_string_equal(got, want);
	/* a value changed: its State's totals are made again at the next pivot */
	save_one(db, id, "2025-01", b, 21, arrested, 15);
	q.cols = PIVOT_NONE;
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "19/=7;21/=22;");
	/* a step moves the return's values to its new status */
	struct db_return_key kb = { id, "2025-01", b, 21 };
	static const char *const from[] = { "draft", NULL };
	char status[16];
	assert_int_equal(db->ops->return_step(db, &kb, "submit", from, "submitted", NULL, 2000, 1, status), DB_OK);
	q.statuses_json = "[\"submitted\"]";
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "21/=15;");
	q.statuses_json = all;

	/* the bulk save: history of what changed, versions of the returns that changed */
	char period[] = "2025-03";
	struct db_bulk_value v[] = {
		{ id, period, c, 19, fem, 2, NULL }, { id, period, c, 19, male, 3, "checked" }, { id, period, c, 19, arrested, 1, NULL },
	};
	struct db_return_key kc = { id, period, c, 19 };
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	bool created = false;
	assert_int_equal(db->ops->return_open(db, &kc, 3000, status, &created), DB_OK);
	assert_string_equal(status, "draft");
	assert_true(created);
	for (size_t i = 0; i < 3; i++)
		v[i].fresh = true;
	assert_int_equal(db->ops->values_bulk(db, v, 3, 3000, 1), DB_OK);
	assert_int_equal(db->ops->commit(db), DB_OK);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM value_history WHERE period = '2025-03'"), 3);
	assert_int_equal(raw_int(f->path, "SELECT version FROM returns WHERE period = '2025-03'"), 2);
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "19/=8;21/=22;");
	/* the same again: no history, no new version; one changed: both */
	for (size_t i = 0; i < 3; i++)
		v[i].fresh = false;
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	assert_int_equal(db->ops->return_open(db, &kc, 4000, status, &created), DB_OK);
	assert_false(created);
	assert_int_equal(db->ops->values_bulk(db, v, 3, 4000, 1), DB_OK);
	assert_int_equal(db->ops->commit(db), DB_OK);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM value_history WHERE period = '2025-03'"), 3);
	assert_int_equal(raw_int(f->path, "SELECT version FROM returns WHERE period = '2025-03'"), 2);
	v[2].value = 6;
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	assert_int_equal(db->ops->values_bulk(db, v, 3, 5000, 1), DB_OK);
	assert_int_equal(db->ops->commit(db), DB_OK);
	assert_int_equal(raw_int(f->path, "SELECT old_value * 10 + new_value FROM value_history WHERE period = '2025-03' AND at = 5000"), 16);
	assert_int_equal(raw_int(f->path, "SELECT version FROM returns WHERE period = '2025-03'"), 3);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM data_values WHERE period = '2025-03' AND comment = 'checked'"), 1);
	pivot_text(db, &q, got, sizeof got);
	assert_string_equal(got, "19/=13;21/=22;");
	/* the history trigger is back on after the bulk save */
	save_one(db, id, "2025-03", c, 19, arrested, 9);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM value_history WHERE period = '2025-03'"), 5);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM value_totals_stale"), 1);
	json_decref(ds);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrate_from_zero_to_latest, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(returns_pivot_sums_and_keeps_totals_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(migrate_refuses_a_newer_database, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(states_and_districts, setup, teardown),
		cmocka_unit_test_setup_teardown(user_insert_get_update, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_login_is_a_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(other_unique_keys_are_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(user_get_is_scoped, setup, teardown),
		cmocka_unit_test_setup_teardown(user_list_counts_only_rows_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_insert_get_revoke, setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_revoke_all_keeps_one, setup, teardown),
		cmocka_unit_test_setup_teardown(idempotency_put_and_get, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_table_refuses_update_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(library_version_moves_with_every_change, setup, teardown),
		cmocka_unit_test_setup_teardown(records_are_scoped, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
