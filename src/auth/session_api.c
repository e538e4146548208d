/* Signing in and out, the caller's own sessions and password. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/api.h"
#include "auth/auth.h"
#include "util/util.h"

#define LOCK_AFTER 5                    /* failures in a row before the first lock */
#define LOCK_FIRST_MS (30LL * 1000)
#define LOCK_MAX_MS (3600LL * 1000)
#define COOKIE_CLEAR SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"

json_t *auth_user_json(const struct db_user *u)
{
	char jur[32], created[32], last[32];
	auth_jurisdiction_string(u->level, u->state_lgd, u->district_lgd, jur);
	util_iso8601(u->created_at, created);
	util_iso8601(u->last_login_at, last);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s?}",
		"id", (json_int_t)u->id, "login", u->login, "name", u->name, "email", u->email,
		"role", role_name(u->role), "jurisdiction", jur, "disabled", u->disabled,
		"must_change_password", u->must_change_password, "created_at", created,
		"last_login_at", u->last_login_at ? last : NULL);
	json_object_set_new(o, "state_lgd", u->state_lgd ? json_integer(u->state_lgd) : json_null());
	json_object_set_new(o, "district_lgd", u->district_lgd ? json_integer(u->district_lgd) : json_null());
	return o;
}

/* The answer of POST and GET /session. */
static json_t *session_json(const struct db_user *u, const char *token, int64_t expires_at)
{
	char csrf[64], exp[32];
	auth_csrf_for(token, csrf);
	util_iso8601(expires_at, exp);
	return json_pack("{s:o, s:s, s:b, s:s}", "user", auth_user_json(u), "csrf", csrf,
			 "must_change_password", u->must_change_password, "expires_at", exp);
}

static int64_t lock_duration(int failures)
{
	int64_t ms = LOCK_FIRST_MS;
	for (int i = LOCK_AFTER; i < failures && ms < LOCK_MAX_MS; i++)
		ms *= 2;
	return ms < LOCK_MAX_MS ? ms : LOCK_MAX_MS;
}

/* Signing in.  The password check (argon2id, ~0.1 s) runs with no database
 * lock held, so that bad sign-ins cannot stall every write; the route has
 * F_OWN_TX and this handler opens its own short transactions afterwards,
 * re-reading the user inside them so that concurrent failures all count. */
void session_create(struct request *r)
{
	struct db *db = r->db;
	bool bad;
	const char *login = body_string(r, "login", LOGIN_MAX, true, &bad);
	if (bad)
		return;
	const char *pw = body_string(r, "password", PASSWORD_MAX, true, &bad);
	if (bad)
		return;
	struct db_user u;
	int64_t now = util_now_ms();
	enum db_status st = db->ops->user_get_by_login(db, login, &u);
	if (st == DB_ERROR) {
		reply_db_error(r);
		return;
	}
	if (st == DB_NOTFOUND) {
		password_verify_dummy(pw);
		audit_record(r, "session.login", "user", "", "failed",
			     json_pack("{s:s}", "reason", "unknown login"));
		reply_error(r, 401, "auth.invalid_credentials", "The login or the password is wrong.");
		return;
	}
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	if (u.locked_until > now) {
		int64_t wait = (u.locked_until - now + 999) / 1000;
		audit_record(r, "session.login", "user", uid, "denied", json_pack("{s:s}", "reason", "locked"));
		reply_error(r, 429, "auth.locked",
			    "Too many wrong passwords: this account is locked for %lld more seconds.", (long long)wait);
		reply_header(r, "Retry-After", "%lld", (long long)wait);
		return;
	}
	bool ok = password_verify(u.pw_hash, pw) && !u.disabled;

	/* Now the writes, in one short transaction on a fresh read. */
	if (db->ops->begin_write(db) != DB_OK) {
		reply_error(r, 503, "server.busy", "The database is busy; try again in a moment.");
		return;
	}
	now = util_now_ms();
	if (db->ops->user_get_by_login(db, login, &u) != DB_OK)
		goto db_error;
	if (!ok) {
		u.failed_logins++;
		if (u.failed_logins >= LOCK_AFTER)
			u.locked_until = now + lock_duration(u.failed_logins);
		if (db->ops->user_update(db, &u) != DB_OK
		    || audit_record(r, "session.login", "user", uid, "failed",
				    json_pack("{s:s, s:i}", "reason", u.disabled ? "disabled" : "wrong password",
					      "failures", u.failed_logins)) != 0
		    || db->ops->commit(db) != DB_OK)
			goto db_error;
		reply_error(r, 401, "auth.invalid_credentials", "The login or the password is wrong.");
		return;
	}
	char token[64];
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, sizeof token, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	struct db_session s;
	memset(&s, 0, sizeof s);
	s.user_id = u.id;
	auth_secret_hash(token, s.hash);
	s.created_at = s.last_seen_at = now;
	s.expires_at = now + SESSION_ABSOLUTE_MS;
	snprintf(s.ip, sizeof s.ip, "%s", r->ip);
	snprintf(s.user_agent, sizeof s.user_agent, "%s", r->user_agent ? r->user_agent : "");
	u.failed_logins = 0;
	u.locked_until = 0;
	u.last_login_at = now;
	r->caller.user_id = u.id;
	snprintf(r->caller.login, sizeof r->caller.login, "%s", u.login);
	if (db->ops->session_insert(db, &s) != DB_OK || db->ops->user_update(db, &u) != DB_OK
	    || audit_record(r, "session.login", "user", uid, "ok", NULL) != 0 || db->ops->commit(db) != DB_OK) {
		sodium_memzero(token, sizeof token);
		goto db_error;
	}
	char cookie[256];
	snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
		 token, SESSION_ABSOLUTE_MS / 1000, r->tls ? "; Secure" : "");
	r->extra_owned = strdup(cookie);
	r->set_cookie = r->extra_owned;
	sodium_memzero(cookie, sizeof cookie);
	reply_json(r, 200, session_json(&u, token, s.expires_at));
	sodium_memzero(token, sizeof token);
	return;
db_error:
	db->ops->rollback(db);
	reply_db_error(r);
}

/* The signed-in caller's user row, or false with a reply set. */
static bool caller_user(struct request *r, struct db_user *u)
{
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	enum db_status st = r->db->ops->user_get(r->db, &all, r->caller.user_id, u);
	if (st != DB_OK) {
		reply_db_error(r);
		return false;
	}
	return true;
}

void session_show(struct request *r)
{
	struct db_user u;
	if (!caller_user(r, &u))
		return;
	if (!r->caller.session_id) {
		/* an API token: no cookie, no CSRF */
		reply_json(r, 200, json_pack("{s:o, s:n, s:b, s:n}", "user", auth_user_json(&u), "csrf",
					     "must_change_password", false, "expires_at"));
		return;
	}
	reply_json(r, 200, session_json(&u, r->caller.session_token, r->caller.session_expires_at));
}

void session_delete(struct request *r)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)r->caller.session_id);
	if (r->caller.session_id
	    && r->db->ops->session_revoke(r->db, r->caller.user_id, r->caller.session_id, util_now_ms()) == DB_ERROR) {
		reply_db_error(r);
		return;
	}
	audit_record(r, "session.logout", "session", sid, "ok", NULL);
	r->set_cookie = COOKIE_CLEAR;
	reply_json(r, 204, NULL);
}

void session_change_password(struct request *r)
{
	bool bad;
	const char *cur = body_string(r, "current", PASSWORD_MAX, true, &bad);
	if (bad)
		return;
	const char *pw = body_string(r, "new", PASSWORD_INPUT_MAX, true, &bad);
	if (bad)
		return;
	struct db_user u;
	if (!caller_user(r, &u))
		return;
	if (!password_verify(u.pw_hash, cur)) {
		reply_invalid(r, "current", "The current password is wrong.");
		return;
	}
	const char *weak = password_weakness(pw, u.login);
	if (!weak && strcmp(pw, cur) == 0)
		weak = "The new password must differ from the current one.";
	if (weak) {
		reply_error(r, 400, "password.weak", "%s", weak);
		return;
	}
	if (password_hash(pw, u.pw_hash) != 0) {
		reply_db_error(r);
		return;
	}
	u.must_change_password = false;
	int64_t now = util_now_ms();
	if (r->db->ops->user_update(r->db, &u) != DB_OK
	    || r->db->ops->session_revoke_all(r->db, u.id, r->caller.session_id, now) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	audit_record(r, "password.change", "user", uid, "ok", NULL);
	reply_json(r, 204, NULL);
}

void sessions_list(struct request *r)
{
	json_t *items = r->db->ops->session_list(r->db, r->caller.user_id, util_now_ms());
	if (!items) {
		reply_db_error(r);
		return;
	}
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		json_object_set_new(it, "current",
				    json_boolean(json_integer_value(json_object_get(it, "id")) == r->caller.session_id));
	reply_list(r, items, (int64_t)json_array_size(items), 200, 0);
}

void sessions_revoke(struct request *r)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return;
	/* only the caller's own: another user's session id is "not found" */
	enum db_status st = r->db->ops->session_revoke(r->db, r->caller.user_id, id, util_now_ms());
	if (st == DB_NOTFOUND) {
		reply_not_found(r);
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	audit_record(r, "session.revoke", "session", sid, "ok", NULL);
	if (id == r->caller.session_id)
		r->set_cookie = COOKIE_CLEAR;
	reply_json(r, 204, NULL);
}
