/* Managing users and their API tokens.  Who may manage whom is decided by
 * may_manage() below; which rows a caller reaches by auth_scope(), applied
 * in src/db. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/api.h"
#include "auth/auth.h"
#include "util/util.h"

/* Can caller c create or change a user with this role and jurisdiction?
 * admin: anyone.  state: district users of a district of its own State. */
static bool may_manage(const struct caller *c, enum role role, enum scope_level level, int state_lgd)
{
	if (c->role == ROLE_ADMIN)
		return true;
	if (c->role == ROLE_STATE && c->scope.level == SCOPE_STATE)
		return role == ROLE_DISTRICT && level == SCOPE_DISTRICT && state_lgd == c->scope.state_lgd;
	return false;
}

/* A role fits a jurisdiction: admin and cell are national, state users a
 * State, district users a district; a viewer may be any. */
static bool role_fits(enum role role, enum scope_level level)
{
	switch (role) {
	case ROLE_ADMIN:
	case ROLE_CELL: return level == SCOPE_NATIONAL;
	case ROLE_STATE: return level == SCOPE_STATE;
	case ROLE_DISTRICT: return level == SCOPE_DISTRICT;
	case ROLE_VIEWER: return true;
	default: return false;
	}
}

static bool login_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > LOGIN_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || strchr("._-", s[i])))
			return false;
	return true;
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	return !*s || (at && at > s && at[1] && !strchr(at + 1, '@') && !strpbrk(s, " \t\r\n<>,;\""));
}

/* Reads role and jurisdiction members (either may be absent when partial)
 * into u; false with a reply set when invalid. */
static bool read_role_jurisdiction(struct request *r, struct db_user *u, bool partial)
{
	bool bad;
	const char *role = body_string(r, "role", 16, !partial, &bad);
	if (bad)
		return false;
	if (role) {
		u->role = role_from_name(role);
		if (u->role == ROLE_COUNT) {
			reply_invalid(r, "role", "role must be one of admin, cell, state, district, viewer.");
			return false;
		}
	}
	const char *jur = body_string(r, "jurisdiction", 32, !partial, &bad);
	if (bad)
		return false;
	if (jur && !auth_parse_jurisdiction(r->db, jur, &u->level, &u->state_lgd, &u->district_lgd)) {
		reply_invalid(r, "jurisdiction",
			      "jurisdiction must be national, state:LGD or district:LGD of an existing State or district.");
		return false;
	}
	if (!role_fits(u->role, u->level)) {
		reply_invalid(r, "jurisdiction", "A %s user needs a %s jurisdiction.", role_name(u->role),
			      u->role == ROLE_STATE ? "state:LGD" : u->role == ROLE_DISTRICT ? "district:LGD" : "national");
		return false;
	}
	return true;
}

static bool read_name_email(struct request *r, struct db_user *u, bool partial)
{
	bool bad;
	const char *name = body_string(r, "name", NAME_MAX_LEN, !partial, &bad);
	if (bad)
		return false;
	if (name)
		snprintf(u->name, sizeof u->name, "%s", name);
	const char *email = body_string(r, "email", EMAIL_MAX, false, &bad);
	if (bad)
		return false;
	if (email) {
		if (!email_valid(email)) {
			reply_invalid(r, "email", "email is not an e-mail address.");
			return false;
		}
		snprintf(u->email, sizeof u->email, "%s", email);
	}
	return true;
}

struct list_ctx {
	json_t *items;
};

static int list_one(void *c, const struct db_user *u)
{
	json_array_append_new(((struct list_ctx *)c)->items, auth_user_json(u));
	return 0;
}

void users_list(struct request *r)
{
	struct db_user_filter f = { .role = -1, .disabled = -1 };
	if (!request_paging(r, &f.limit, &f.offset))
		return;
	f.q = request_query(r, "q");
	if (f.q && strlen(f.q) > 100) {
		reply_invalid(r, "q", "q is too long (at most 100 bytes).");
		return;
	}
	const char *role = request_query(r, "role");
	if (role && *role) {
		f.role = (int)role_from_name(role);
		if (f.role == ROLE_COUNT) {
			reply_invalid(r, "role", "role must be one of admin, cell, state, district, viewer.");
			return;
		}
	}
	const char *dis = request_query(r, "disabled");
	if (dis && *dis) {
		if (strcmp(dis, "true") && strcmp(dis, "false")) {
			reply_invalid(r, "disabled", "disabled must be true or false.");
			return;
		}
		f.disabled = strcmp(dis, "true") == 0;
	}
	f.sort = request_query(r, "sort");
	if (f.sort && *f.sort) {
		static const char *const sorts[] = { "login", "name", "role", "created_at", "last_login_at" };
		const char *key = f.sort[0] == '-' ? f.sort + 1 : f.sort;
		bool known = false;
		for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			known = known || strcmp(key, sorts[i]) == 0;
		if (!known) {
			reply_invalid(r, "sort", "sort must be login, name, role, created_at or last_login_at, "
				      "with '-' before it for descending order.");
			return;
		}
	} else {
		f.sort = NULL;
	}
	struct scope s = auth_scope(&r->caller);
	struct list_ctx ctx = { json_array() };
	int64_t total = 0;
	if (r->db->ops->user_list(r->db, &s, &f, list_one, &ctx, &total) != DB_OK) {
		json_decref(ctx.items);
		reply_db_error(r);
		return;
	}
	reply_list(r, ctx.items, total, f.limit, f.offset);
}

static void audit_user(struct request *r, const char *action, int64_t id, json_t *detail)
{
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)id);
	audit_record(r, action, "user", uid, "ok", detail);
}

void users_create(struct request *r)
{
	struct db_user u;
	memset(&u, 0, sizeof u);
	bool bad;
	const char *login = body_string(r, "login", LOGIN_MAX, true, &bad);
	if (bad)
		return;
	if (!login_valid(login)) {
		reply_invalid(r, "login", "login must be 3 to 64 characters of a-z, 0-9, '.', '_' and '-'.");
		return;
	}
	snprintf(u.login, sizeof u.login, "%s", login);
	if (!read_name_email(r, &u, false) || !read_role_jurisdiction(r, &u, false))
		return;
	if (!may_manage(&r->caller, u.role, u.level, u.state_lgd)) {
		reply_error(r, 403, "auth.forbidden", "You may create only district users of your own State.");
		return;
	}
	const char *pw = body_string(r, "password", PASSWORD_INPUT_MAX, true, &bad);
	if (bad)
		return;
	const char *weak = password_weakness(pw, u.login);
	if (weak) {
		reply_error(r, 400, "password.weak", "%s", weak);
		return;
	}
	if (password_hash(pw, u.pw_hash) != 0) {
		reply_db_error(r);
		return;
	}
	u.must_change_password = true;
	u.created_at = util_now_ms();
	enum db_status st = r->db->ops->user_insert(r->db, &u);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "user.exists", "The login '%s' is taken.", u.login);
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	char jur[32];
	auth_jurisdiction_string(u.level, u.state_lgd, u.district_lgd, jur);
	audit_user(r, "user.create", u.id, json_pack("{s:s, s:s}", "role", role_name(u.role), "jurisdiction", jur));
	reply_json(r, 201, auth_user_json(&u));
}

/* The user named by the path, within the caller's reach; false with a
 * 404 reply (the same as for no such user) otherwise. */
static bool target_user(struct request *r, struct db_user *u)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return false;
	struct scope s = auth_scope(&r->caller);
	enum db_status st = r->db->ops->user_get(r->db, &s, id, u);
	if (st == DB_NOTFOUND) {
		reply_not_found(r);
		return false;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return false;
	}
	return true;
}

void users_show(struct request *r)
{
	struct db_user u;
	if (target_user(r, &u))
		reply_json(r, 200, auth_user_json(&u));
}

void users_update(struct request *r)
{
	struct db_user u;
	if (!target_user(r, &u))
		return;
	if (!may_manage(&r->caller, u.role, u.level, u.state_lgd)) {
		reply_error(r, 403, "auth.forbidden", "You may not change this user.");
		return;
	}
	struct db_user before = u;
	if (!read_name_email(r, &u, true) || !read_role_jurisdiction(r, &u, true))
		return;
	json_t *dv = json_object_get(r->body, "disabled");
	if (dv && !json_is_boolean(dv)) {
		reply_invalid(r, "disabled", "disabled must be true or false.");
		return;
	}
	if (dv)
		u.disabled = json_is_true(dv);
	if (!may_manage(&r->caller, u.role, u.level, u.state_lgd)) {
		reply_error(r, 403, "auth.forbidden", "You may not give this user that role or jurisdiction.");
		return;
	}
	if (u.id == r->caller.user_id && (u.disabled || u.role != before.role || u.level != before.level)) {
		reply_error(r, 403, "user.self", "You may not disable yourself or change your own role or jurisdiction.");
		return;
	}
	int64_t now = util_now_ms();
	if (r->db->ops->user_update(r->db, &u) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (u.disabled && !before.disabled
	    && (r->db->ops->session_revoke_all(r->db, u.id, 0, now) != DB_OK
		|| r->db->ops->token_revoke_all(r->db, u.id, now) != DB_OK)) {
		reply_db_error(r);
		return;
	}
	char jur[32];
	auth_jurisdiction_string(u.level, u.state_lgd, u.district_lgd, jur);
	audit_user(r, "user.update", u.id, json_pack("{s:s, s:s, s:b}", "role", role_name(u.role), "jurisdiction",
						     jur, "disabled", u.disabled));
	reply_json(r, 200, auth_user_json(&u));
}

void users_reset_password(struct request *r)
{
	struct db_user u;
	if (!target_user(r, &u))
		return;
	if (!may_manage(&r->caller, u.role, u.level, u.state_lgd)) {
		reply_error(r, 403, "auth.forbidden", "You may not reset this user's password.");
		return;
	}
	bool bad;
	const char *pw = body_string(r, "password", PASSWORD_INPUT_MAX, true, &bad);
	if (bad)
		return;
	const char *weak = password_weakness(pw, u.login);
	if (weak) {
		reply_error(r, 400, "password.weak", "%s", weak);
		return;
	}
	if (password_hash(pw, u.pw_hash) != 0) {
		reply_db_error(r);
		return;
	}
	u.must_change_password = true;
	u.failed_logins = 0;
	u.locked_until = 0;
	if (r->db->ops->user_update(r->db, &u) != DB_OK
	    || r->db->ops->session_revoke_all(r->db, u.id, 0, util_now_ms()) != DB_OK) {
		reply_db_error(r);
		return;
	}
	audit_user(r, "password.reset", u.id, NULL);
	reply_json(r, 204, NULL);
}

void tokens_list(struct request *r)
{
	struct db_user u;
	if (!target_user(r, &u))
		return;
	json_t *items = r->db->ops->token_list(r->db, u.id);
	if (!items) {
		reply_db_error(r);
		return;
	}
	reply_list(r, items, (int64_t)json_array_size(items), 500, 0);
}

void tokens_create(struct request *r)
{
	struct db_user u;
	if (!target_user(r, &u))
		return;
	bool bad;
	const char *name = body_string(r, "name", NAME_MAX_LEN, true, &bad);
	if (bad)
		return;
	json_t *days = json_object_get(r->body, "expires_days");
	if (days && !json_is_null(days)
	    && (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 3650)) {
		reply_invalid(r, "expires_days", "expires_days must be a whole number of days from 1 to 3650.");
		return;
	}
	if (u.disabled) {
		reply_error(r, 409, "user.disabled", "This user is disabled; enable them before issuing a token.");
		return;
	}
	struct db_token t;
	memset(&t, 0, sizeof t);
	char token[80];
	auth_token_new(token, t.hash);
	t.user_id = u.id;
	snprintf(t.name, sizeof t.name, "%s", name);
	t.created_at = util_now_ms();
	if (days && json_is_integer(days))
		t.expires_at = t.created_at + json_integer_value(days) * 86400LL * 1000;
	if (r->db->ops->token_insert(r->db, &t) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char tid[24];
	snprintf(tid, sizeof tid, "%lld", (long long)t.id);
	audit_record(r, "token.create", "token", tid, "ok", json_pack("{s:I}", "user_id", (json_int_t)u.id));
	reply_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t.id, "name", t.name, "token", token));
	r->reply_secret_member = "token";
	sodium_memzero(token, sizeof token);
}

void tokens_revoke(struct request *r)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return;
	enum db_status st = r->db->ops->token_revoke(r->db, id, util_now_ms());
	if (st == DB_NOTFOUND) {
		reply_not_found(r);
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	char tid[24];
	snprintf(tid, sizeof tid, "%lld", (long long)id);
	audit_record(r, "token.revoke", "token", tid, "ok", NULL);
	reply_json(r, 204, NULL);
}

struct audit_ctx {
	json_t *items;
};

static int audit_one(void *c, const struct db_audit *a)
{
	char at[32];
	util_iso8601(a->at, at);
	json_t *detail = json_loads(a->detail ? a->detail : "{}", 0, NULL);
	json_array_append_new(((struct audit_ctx *)c)->items,
		json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)a->id, "at", at,
			  "user_id", (json_int_t)a->user_id, "login", a->login, "ip", a->ip, "action", a->action,
			  "object_type", a->object_type, "object_id", a->object_id, "outcome", a->outcome,
			  "detail", detail ? detail : json_object()));
	return 0;
}

void audit_list(struct request *r)
{
	struct db_audit_filter f = { 0 };
	if (!request_paging(r, &f.limit, &f.offset))
		return;
	const char *uid = request_query(r, "user_id");
	long long v;
	if (uid && *uid) {
		if (!util_parse_int(uid, 1, INT64_MAX, &v)) {
			reply_invalid(r, "user_id", "user_id must be a user's id.");
			return;
		}
		f.user_id = v;
	}
	f.action_prefix = request_query(r, "action");
	if (f.action_prefix && strlen(f.action_prefix) > 63) {
		reply_invalid(r, "action", "action is too long.");
		return;
	}
	f.outcome = request_query(r, "outcome");
	if (f.outcome && *f.outcome && strcmp(f.outcome, "ok") && strcmp(f.outcome, "denied")
	    && strcmp(f.outcome, "failed")) {
		reply_invalid(r, "outcome", "outcome must be ok, denied or failed.");
		return;
	}
	const char *from = request_query(r, "from"), *to = request_query(r, "to");
	if (from && *from && !util_parse_time(from, &f.from)) {
		reply_invalid(r, "from", "from must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ.");
		return;
	}
	if (to && *to) {
		if (!util_parse_time(to, &f.to)) {
			reply_invalid(r, "to", "to must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ.");
			return;
		}
		if (strlen(to) == 10)
			f.to += 86400LL * 1000;  /* a date includes its whole day */
	}
	struct audit_ctx ctx = { json_array() };
	int64_t total = 0;
	if (r->db->ops->audit_list(r->db, &f, audit_one, &ctx, &total) != DB_OK) {
		json_decref(ctx.items);
		reply_db_error(r);
		return;
	}
	reply_list(r, ctx.items, total, f.limit, f.offset);
}
