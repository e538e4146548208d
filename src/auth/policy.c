/* Identifying the caller and admitting a request by the route's policy.
 * This is the one place that decides; handlers only see admitted requests
 * and a caller whose scope src/db applies to every row. */
#include "auth/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "util/util.h"

void auth_secret_hash(const char *secret, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)secret, strlen(secret));
}

void auth_token_new(char out[80], unsigned char hash[32])
{
	unsigned char raw[32];
	size_t plen = strlen(TOKEN_PREFIX);
	memcpy(out, TOKEN_PREFIX, plen);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out + plen, 80 - plen, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	auth_secret_hash(out, hash);
}

void auth_csrf_for(const char *session_token, char out[64])
{
	/* A keyed hash of the session token: the page can read it from the
	 * session answer, a cross-site request cannot, and nothing is stored. */
	static const unsigned char key[crypto_generichash_KEYBYTES] = "ahtcell csrf v1 derivation key..";
	unsigned char d[24];
	crypto_generichash(d, sizeof d, (const unsigned char *)session_token, strlen(session_token), key,
			   sizeof key);
	sodium_bin2base64(out, 64, d, sizeof d, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

struct scope auth_scope(const struct caller *c)
{
	struct scope s = { SCOPE_NONE, 0, 0 };
	if (!c->user_id)
		return s;
	/* the caller's own jurisdiction, whatever the role */
	s.level = c->scope.level;
	s.state_lgd = c->scope.state_lgd;
	s.district_lgd = c->scope.district_lgd;
	return s;
}

void auth_jurisdiction_string(enum scope_level level, int state_lgd, int district_lgd, char out[32])
{
	if (level == SCOPE_STATE)
		snprintf(out, 32, "state:%d", state_lgd);
	else if (level == SCOPE_DISTRICT)
		snprintf(out, 32, "district:%d", district_lgd);
	else
		snprintf(out, 32, "national");
}

bool auth_parse_jurisdiction(struct db *db, const char *s, enum scope_level *level, int *state_lgd,
			     int *district_lgd)
{
	long long v;
	*state_lgd = *district_lgd = 0;
	if (!s)
		return false;
	if (strcmp(s, "national") == 0) {
		*level = SCOPE_NATIONAL;
		return true;
	}
	if (strncmp(s, "state:", 6) == 0 && util_parse_int(s + 6, 1, 9999, &v)) {
		if (!db->ops->state_exists(db, (int)v))
			return false;
		*level = SCOPE_STATE;
		*state_lgd = (int)v;
		return true;
	}
	if (strncmp(s, "district:", 9) == 0 && util_parse_int(s + 9, 1, 99999, &v)) {
		int st = db->ops->district_state(db, (int)v);
		if (!st)
			return false;
		*level = SCOPE_DISTRICT;
		*state_lgd = st;
		*district_lgd = (int)v;
		return true;
	}
	return false;
}

static void caller_from_user(struct caller *c, const struct db_user *u)
{
	c->user_id = u->id;
	snprintf(c->login, sizeof c->login, "%s", u->login);
	c->role = u->role;
	c->scope.level = u->level;
	c->scope.state_lgd = u->state_lgd;
	c->scope.district_lgd = u->district_lgd;
	c->must_change_password = u->must_change_password;
}

/* A live, enabled user of id, or false. */
static bool load_user(struct db *db, int64_t id, struct db_user *u)
{
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	return db->ops->user_get(db, &all, id, u) == DB_OK && !u->disabled && u->role != ROLE_COUNT;
}

static void identify_cookie(struct request *r, const char *token)
{
	struct db *db = r->db;
	struct db_session s;
	struct db_user u;
	unsigned char h[32];
	int64_t now = util_now_ms();
	if (strlen(token) >= sizeof r->caller.session_token)
		return;
	auth_secret_hash(token, h);
	if (db->ops->session_get_by_hash(db, h, &s) != DB_OK || s.revoked_at || now >= s.expires_at
	    || now - s.last_seen_at >= SESSION_IDLE_MS || !load_user(db, s.user_id, &u))
		return;
	caller_from_user(&r->caller, &u);
	r->caller.session_id = s.id;
	r->caller.session_expires_at = s.expires_at;
	snprintf(r->caller.session_token, sizeof r->caller.session_token, "%s", token);
	/* Keep the idle clock going; once a minute is precise enough and
	 * spares a write on every request. */
	if (now - s.last_seen_at > 60 * 1000)
		db->ops->session_touch(db, s.id, now);
}

static void identify_bearer(struct request *r, const char *token)
{
	struct db *db = r->db;
	struct db_token t;
	struct db_user u;
	unsigned char h[32];
	int64_t now = util_now_ms();
	if (strncmp(token, TOKEN_PREFIX, strlen(TOKEN_PREFIX)) != 0 || strlen(token) > 128)
		return;
	auth_secret_hash(token, h);
	if (db->ops->token_get_by_hash(db, h, &t) != DB_OK || t.revoked_at || (t.expires_at && now >= t.expires_at)
	    || !load_user(db, t.user_id, &u))
		return;
	caller_from_user(&r->caller, &u);
	/* A token is issued by an admin for a machine: no password to change. */
	r->caller.must_change_password = false;
	r->caller.token_id = t.id;
	if (now - t.last_used_at > 60 * 1000)
		db->ops->token_touch(db, t.id, now);
}

void auth_identify(struct request *r)
{
	memset(&r->caller, 0, sizeof r->caller);
	r->caller.role = ROLE_PUBLIC;
	const char *authz = request_header(r, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		r->caller.presented = true;
		identify_bearer(r, authz + 7);
		return;
	}
	const char *cookie = request_cookie(r, SESSION_COOKIE);
	if (cookie && *cookie) {
		r->caller.presented = true;
		identify_cookie(r, cookie);
	}
}

/* Refuses and audits.  An anonymous read (no credential at all) is only in
 * the access log: auditing it would let anyone fill the audit log, and the
 * UI asks "am I signed in?" on every public page.  Everything else is
 * audited: a bad or expired credential, an anonymous write, any 403. */
static bool refuse(struct request *r, int status, const char *code, const char *msg)
{
	reply_error(r, status, code, "%s", msg);
	if (status == 401 && !r->caller.presented && (r->method == M_GET || r->method == M_HEAD))
		return false;
	audit_denied(r, code);
	return false;
}

void audit_denied(struct request *r, const char *code)
{
	json_t *d = json_pack("{s:s, s:s, s:i}", "method", router_method_name(r->method), "route",
			      r->route->pattern, "status", r->status);
	audit_record(r, "access.denied", "route", code ? code : "", "denied", d);
}

bool auth_admit(struct request *r)
{
	const struct route *rt = r->route;
	const struct caller *c = &r->caller;
	if (!(rt->roles & R_PUBLIC)) {
		if (!c->user_id)
			return refuse(r, 401, "auth.required", "Sign in first.");
		if (!(rt->roles & R_BIT(c->role)))
			return refuse(r, 403, "auth.forbidden", "Your role may not do this.");
		if (c->must_change_password && !(rt->flags & F_PASSWORD_CHANGE))
			return refuse(r, 403, "auth.password_change_required",
				      "Change your password before going on.");
	}
	/* CSRF: a state-changing request carried by the cookie must show the
	 * token that only a page of ours could have read. */
	if (c->session_id && r->method != M_GET && r->method != M_HEAD) {
		const char *sent = request_header(r, "X-CSRF-Token");
		char want[64];
		auth_csrf_for(c->session_token, want);
		if (!sent || strlen(sent) != strlen(want) || sodium_memcmp(sent, want, strlen(want)) != 0)
			return refuse(r, 403, "auth.csrf",
				      "The X-CSRF-Token header is missing or wrong; reload the page and try again.");
	}
	return true;
}
