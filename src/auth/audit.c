/* The audit log: append-only and hash-chained.  Each entry's hash is
 *   SHA-256( prev_hash "\n" id "\n" at "\n" user_id "\n" login "\n" ip "\n"
 *            action "\n" object_type "\n" object_id "\n" outcome "\n" detail )
 * in lower-case hex, prev_hash being "" for the first entry.  Changing,
 * removing or inserting an entry breaks every hash after it, which
 * `ahtcell audit-verify` reports. */
#include "auth/auth.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static void entry_hash(const struct db_audit *a, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[32];
	char num[64];
	crypto_hash_sha256_init(&h);
#define PART(s) do { crypto_hash_sha256_update(&h, (const unsigned char *)(s), strlen(s)); \
	crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1); } while (0)
	PART(a->prev_hash);
	snprintf(num, sizeof num, "%" PRId64, a->id);
	PART(num);
	snprintf(num, sizeof num, "%" PRId64, a->at);
	PART(num);
	snprintf(num, sizeof num, "%" PRId64, a->user_id);
	PART(num);
	PART(a->login);
	PART(a->ip);
	PART(a->action);
	PART(a->object_type);
	PART(a->object_id);
	PART(a->outcome);
#undef PART
	const char *detail = a->detail ? a->detail : "{}";
	crypto_hash_sha256_update(&h, (const unsigned char *)detail, strlen(detail));
	crypto_hash_sha256_final(&h, d);
	util_hex(d, 32, out);
}

int audit_record_raw(struct db *db, int64_t user_id, const char *login, const char *ip, const char *action,
		     const char *object_type, const char *object_id, const char *outcome, json_t *detail)
{
	struct db_audit a;
	memset(&a, 0, sizeof a);
	bool own_tx = !db->ops->in_transaction(db);
	int rc = -1;
	a.detail = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
	json_decref(detail);
	if (!a.detail)
		return -1;
	if (own_tx && db->ops->begin_write(db) != DB_OK)
		goto done;
	if (db->ops->audit_last(db, &a.id, a.prev_hash) != DB_OK)
		goto done;
	a.id++;
	a.at = util_now_ms();
	a.user_id = user_id;
	snprintf(a.login, sizeof a.login, "%s", login ? login : "");
	snprintf(a.ip, sizeof a.ip, "%s", ip ? ip : "");
	snprintf(a.action, sizeof a.action, "%s", action);
	snprintf(a.object_type, sizeof a.object_type, "%s", object_type ? object_type : "");
	snprintf(a.object_id, sizeof a.object_id, "%s", object_id ? object_id : "");
	snprintf(a.outcome, sizeof a.outcome, "%s", outcome);
	entry_hash(&a, a.hash);
	if (db->ops->audit_insert(db, &a) != DB_OK)
		goto done;
	if (own_tx && db->ops->commit(db) != DB_OK)
		goto done;
	rc = 0;
done:
	if (rc != 0) {
		log_error("audit: could not record %s", action);
		if (own_tx)
			db->ops->rollback(db);
	}
	free(a.detail);
	return rc;
}

int audit_record(struct request *r, const char *action, const char *object_type, const char *object_id,
		 const char *outcome, json_t *detail)
{
	return audit_record_raw(r->db, r->caller.user_id, r->caller.login, r->ip, action, object_type, object_id,
				outcome, detail);
}

struct verify_ctx {
	int64_t count;
	int64_t expect_id;
	char prev[65];
	int64_t bad;
	char *why;
	int64_t want_id;        /* a head recorded earlier, 0: none */
	const char *expect_hash;
	bool expect_seen;
};

static int verify_one(void *c, const struct db_audit *a)
{
	struct verify_ctx *v = c;
	char h[65];
	v->count++;
	if (a->id != v->expect_id) {
		snprintf(v->why, 256, "entry %" PRId64 " follows entry %" PRId64 ": entries are missing",
			 a->id, v->expect_id - 1);
	} else if (strcmp(a->prev_hash, v->prev) != 0) {
		snprintf(v->why, 256, "entry %" PRId64 " does not point at the hash of the entry before it", a->id);
	} else {
		entry_hash(a, h);
		if (strcmp(h, a->hash) == 0) {
			if (a->id == v->want_id) {
				v->expect_seen = true;
				if (strcmp(a->hash, v->expect_hash) != 0) {
					snprintf(v->why, 256, "entry %" PRId64 " does not have the head hash recorded earlier:"
						 " the log has been rewritten from there", a->id);
					v->bad = a->id;
					return 1;
				}
			}
			v->expect_id++;
			memcpy(v->prev, a->hash, sizeof v->prev);
			return 0;
		}
		snprintf(v->why, 256, "entry %" PRId64 " has been altered: its content does not match its hash", a->id);
	}
	v->bad = a->id;
	return 1;
}

int64_t audit_verify(struct db *db, int64_t want_id, const char *expect_hash, int64_t *count, char head[65],
		     char why[256])
{
	struct verify_ctx v = { .expect_id = 1, .why = why, .want_id = want_id,
				.expect_hash = expect_hash ? expect_hash : "" };
	why[0] = 0;
	head[0] = 0;
	if (db->ops->audit_each(db, verify_one, &v) != DB_OK) {
		snprintf(why, 256, "the audit log could not be read");
		*count = v.count;
		return -1;
	}
	*count = v.count;
	memcpy(head, v.prev, 65);
	if (!v.bad && want_id && !v.expect_seen) {
		snprintf(why, 256, "entry %" PRId64 ", the head recorded earlier, is gone: the log has been cut"
			 " after entry %" PRId64, want_id, v.expect_id - 1);
		v.bad = want_id;
	}
	return v.bad;
}
