/* Unit tests of src/auth/audit.c: the hash-chained audit log, and that
 * audit_verify finds an entry changed or removed behind the program's back. */
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

#include "auth/auth.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/ahtcell-audit-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char url[160];
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	f->db = db_open(url);
	int from, to;
	*state = f;
	if (!f->db || f->db->ops->migrate(f->db, &from, &to) != DB_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[160];
	db_close(f->db);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Runs sql through a second connection, as somebody with the file would. */
static void tamper(const char *path, const char *sql)
{
	sqlite3 *h;
	char *err = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", err ? err : "?");
		sqlite3_free(err);
		sqlite3_close(h);
		fail_msg("%s: %s", sql, msg);
	}
	sqlite3_close(h);
}

/* Appends n entries, object ids "1".."n". */
static void record(struct db *db, int n)
{
	for (int i = 1; i <= n; i++) {
		char id[16];
		snprintf(id, sizeof id, "%d", i);
		assert_int_equal(audit_record_raw(db, 1, "admin", "10.0.0.1", "user.create", "user", id, "ok",
						  json_pack("{s:s, s:i}", "role", "district", "n", i)), 0);
	}
}

struct entries {
	int n;
	struct db_audit a[16];      /* detail copied into details[] */
	char details[16][128];
};

static int collect(void *ctx, const struct db_audit *a)
{
	struct entries *e = ctx;
	if (e->n < 16) {
		e->a[e->n] = *a;
		snprintf(e->details[e->n], sizeof e->details[e->n], "%s", a->detail);
		e->a[e->n].detail = NULL;
	}
	e->n++;
	return 0;
}

/* The entry hash as the head of src/auth/audit.c documents it:
 *   SHA-256( prev_hash "\n" id "\n" at "\n" user_id "\n" login "\n" ip "\n"
 *            action "\n" object_type "\n" object_id "\n" outcome "\n" detail )
 * in lower-case hex.  An outside verifier relies on exactly these bytes. */
static void documented_hash(const struct db_audit *a, const char *detail, char out[65])
{
	char text[2048];
	unsigned char d[32];
	int n = snprintf(text, sizeof text, "%s\n%lld\n%lld\n%lld\n%s\n%s\n%s\n%s\n%s\n%s\n%s", a->prev_hash,
			 (long long)a->id, (long long)a->at, (long long)a->user_id, a->login, a->ip, a->action,
			 a->object_type, a->object_id, a->outcome, detail);
	assert_true(n > 0 && (size_t)n < sizeof text);
	crypto_hash_sha256(d, (const unsigned char *)text, (unsigned long long)n);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* audit_verify without a recorded head. */
static int64_t verify(struct db *db, int64_t *count, char why[256])
{
	char head[65];
	return audit_verify(db, 0, NULL, count, head, why);
}

static void an_intact_chain_verifies(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t count = -1;
	char why[256] = "x";
	assert_int_equal(verify(db, &count, why), 0);        /* empty */
	assert_int_equal(count, 0);
	assert_string_equal(why, "");

	record(db, 5);
	assert_int_equal(verify(db, &count, why), 0);
	assert_int_equal(count, 5);
	assert_string_equal(why, "");

	/* what was stored: ids 1..5, each pointing at the one before */
	struct entries e = { 0 };
	assert_int_equal(db->ops->audit_each(db, collect, &e), DB_OK);
	assert_int_equal(e.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(e.a[i].id, i + 1);
		assert_int_equal(strlen(e.a[i].hash), 64);
		assert_int_equal(strspn(e.a[i].hash, "0123456789abcdef"), 64);
		assert_string_equal(e.a[i].prev_hash, i ? e.a[i - 1].hash : "");
		assert_string_equal(e.a[i].login, "admin");
		assert_string_equal(e.a[i].ip, "10.0.0.1");
		assert_string_equal(e.a[i].action, "user.create");
		assert_string_equal(e.a[i].outcome, "ok");
		assert_true(e.a[i].at > 0);
	}
	for (int i = 0; i < 5; i++) {
		char h[65];
		documented_hash(&e.a[i], e.details[i], h);
		assert_string_equal(h, e.a[i].hash);
	}
	/* detail is compact JSON with sorted keys */
	assert_string_equal(e.details[0], "{\"n\":1,\"role\":\"district\"}");
	assert_string_not_equal(e.a[0].hash, e.a[1].hash);

	/* no detail is stored as {} */
	assert_int_equal(audit_record_raw(db, 0, NULL, NULL, "system.start", NULL, NULL, "ok", NULL), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(db->ops->audit_each(db, collect, &e), DB_OK);
	assert_int_equal(e.n, 6);
	assert_string_equal(e.details[5], "{}");
	assert_string_equal(e.a[5].login, "");
	assert_int_equal(verify(db, &count, why), 0);
	assert_int_equal(count, 6);
}

static void a_changed_detail_is_found(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	record(db, 5);
	tamper(f->path, "DROP TRIGGER audit_no_update;"
			"UPDATE audit SET detail = '{\"n\":3,\"role\":\"admin\"}' WHERE id = 3");
	int64_t count = -1;
	char why[256] = "";
	assert_int_equal(verify(db, &count, why), 3);
	assert_int_equal(count, 3);                 /* it stops at the first bad entry */
	assert_non_null(strstr(why, "entry 3"));
	assert_non_null(strstr(why, "altered"));
}

static void other_changed_fields_are_found(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	static const char *const changes[] = {
		"UPDATE audit SET outcome = 'denied' WHERE id = 2",
		"UPDATE audit SET login = 'someone' WHERE id = 2",
		"UPDATE audit SET at = at + 1 WHERE id = 2",
		"UPDATE audit SET user_id = 2 WHERE id = 2",
		"UPDATE audit SET object_id = '9' WHERE id = 2",
		"UPDATE audit SET action = 'user.update' WHERE id = 2",
		"UPDATE audit SET ip = '10.0.0.2' WHERE id = 2",
		"UPDATE audit SET object_type = 'token' WHERE id = 2",
	};
	record(db, 3);
	tamper(f->path, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
			" CREATE TABLE saved AS SELECT * FROM audit");
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		tamper(f->path, changes[i]);
		int64_t count;
		char why[256];
		if (verify(db, &count, why) != 2)
			fail_msg("\"%s\" was not found (%s)", changes[i], why);
		tamper(f->path, "DELETE FROM audit; INSERT INTO audit SELECT * FROM saved");
		assert_int_equal(verify(db, &count, why), 0);
	}
	/* a change with its hash recomputed (by the documented formula) does
	 * not hide either: the next entry no longer points at it */
	struct entries e = { 0 };
	assert_int_equal(db->ops->audit_each(db, collect, &e), DB_OK);
	assert_int_equal(e.n, 3);
	snprintf(e.a[1].outcome, sizeof e.a[1].outcome, "denied");
	char h[65], sql[256];
	documented_hash(&e.a[1], e.details[1], h);
	snprintf(sql, sizeof sql, "UPDATE audit SET outcome = 'denied', hash = '%s' WHERE id = 2", h);
	tamper(f->path, sql);
	int64_t count;
	char why[256];
	assert_int_equal(verify(db, &count, why), 3);
	assert_non_null(strstr(why, "entry 3 does not point"));
}

static void a_deleted_entry_is_found(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	record(db, 5);
	tamper(f->path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3");
	int64_t count = -1;
	char why[256] = "";
	assert_int_equal(verify(db, &count, why), 4);
	assert_non_null(strstr(why, "entry 4"));
	assert_non_null(strstr(why, "missing"));

	/* renumbering the rest to close the gap breaks the chain as well */
	tamper(f->path, "DROP TRIGGER audit_no_update; UPDATE audit SET id = id - 1 WHERE id > 3");
	assert_int_equal(verify(db, &count, why), 3);
	assert_non_null(strstr(why, "entry 3 does not point"));
	/* the first entry too */
	tamper(f->path, "DELETE FROM audit WHERE id = 1");
	assert_int_equal(verify(db, &count, why), 2);
}

static void a_cut_off_end_is_found_with_a_recorded_head(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t count;
	char why[256], head[65], head3[65];
	record(db, 3);
	assert_int_equal(audit_verify(db, 0, NULL, &count, head3, why), 0);
	assert_int_equal(strlen(head3), 64);
	record(db, 2);
	/* the head recorded at entry 3 still holds after more entries */
	assert_int_equal(audit_verify(db, 3, head3, &count, head, why), 0);
	assert_int_equal(count, 5);
	assert_string_not_equal(head, head3);
	/* a wrong hash for entry 3 is found */
	char wrong[65];
	memcpy(wrong, head3, 65);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	assert_int_equal(audit_verify(db, 3, wrong, &count, head, why), 3);
	/* cutting entries 3..5 off leaves an intact chain, but not the head */
	tamper(f->path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= 3");
	assert_int_equal(verify(db, &count, why), 0);
	assert_int_equal(audit_verify(db, 3, head3, &count, head, why), 3);
	assert_non_null(strstr(why, "cut after entry 2"));
}

static void it_runs_in_the_callers_transaction(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	record(db, 2);
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	assert_int_equal(audit_record_raw(db, 1, "admin", "cli", "user.delete", "user", "5", "ok", NULL), 0);
	assert_true(db->ops->in_transaction(db));           /* not committed by audit_record_raw */
	db->ops->rollback(db);
	int64_t count;
	char why[256];
	assert_int_equal(verify(db, &count, why), 0);
	assert_int_equal(count, 2);
	/* and the next entry follows on from entry 2 */
	record(db, 1);
	assert_int_equal(verify(db, &count, why), 0);
	assert_int_equal(count, 3);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_intact_chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(a_cut_off_end_is_found_with_a_recorded_head, setup, teardown),
		cmocka_unit_test_setup_teardown(a_changed_detail_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(other_changed_fields_are_found, setup, teardown),
		cmocka_unit_test_setup_teardown(a_deleted_entry_is_found, setup, teardown),
		cmocka_unit_test_setup_teardown(it_runs_in_the_callers_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
