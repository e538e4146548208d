/* Unit tests of src/http/router.c over the real route table (routes.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/api.h"
#include "http/router.h"
#include "master/master.h"
#include "system/system.h"

#define SENTINEL "untouched"

/* One router_match call, with a scratch of exactly strlen(path)+1 bytes
 * (so the sanitizer build catches a write past it) and the parameters
 * copied out before the scratch is freed. */
struct match {
	enum route_match result;
	const struct route *route;
	int nparams;
	char params[ROUTE_MAX_PARAMS][64];
	unsigned allowed;
};

static struct match match(enum http_method method, const char *path)
{
	struct match m;
	memset(&m, 0, sizeof m);
	char *scratch = malloc(strlen(path) + 1);
	assert_non_null(scratch);
	const char *params[ROUTE_MAX_PARAMS];
	for (int i = 0; i < ROUTE_MAX_PARAMS; i++)
		params[i] = SENTINEL;
	m.nparams = -1;
	m.result = router_match(method, path, scratch, &m.route, params, &m.nparams, &m.allowed);
	for (int i = 0; i < ROUTE_MAX_PARAMS; i++)
		snprintf(m.params[i], sizeof m.params[i], "%s", params[i]);
	free(scratch);
	return m;
}

static void assert_found(const struct match *m, enum http_method method, const char *pattern, handler_fn handler)
{
	assert_int_equal(m->result, ROUTE_FOUND);
	assert_non_null(m->route);
	assert_int_equal(m->route->method, method);
	assert_string_equal(m->route->pattern, pattern);
	assert_ptr_equal(m->route->handler, handler);
}

static void exact_routes_match(void **state)
{
	(void)state;
	struct match m = match(M_GET, "/api/v1/health");
	assert_found(&m, M_GET, "/api/v1/health", system_health);
	assert_int_equal(m.nparams, 0);
	assert_string_equal(m.params[0], SENTINEL);

	m = match(M_GET, "/api/v1/about");
	assert_found(&m, M_GET, "/api/v1/about", system_about);

	/* one path, three methods, three handlers */
	m = match(M_GET, "/api/v1/session");
	assert_found(&m, M_GET, "/api/v1/session", session_show);
	m = match(M_POST, "/api/v1/session");
	assert_found(&m, M_POST, "/api/v1/session", session_create);
	m = match(M_DELETE, "/api/v1/session");
	assert_found(&m, M_DELETE, "/api/v1/session", session_delete);

	/* "session" is not a prefix of "sessions" as far as routes go */
	m = match(M_GET, "/api/v1/sessions");
	assert_found(&m, M_GET, "/api/v1/sessions", sessions_list);
	m = match(M_POST, "/api/v1/users");
	assert_found(&m, M_POST, "/api/v1/users", users_create);
	m = match(M_GET, "/api/v1/audit");
	assert_found(&m, M_GET, "/api/v1/audit", audit_list);
	m = match(M_POST, "/api/v1/session/password");
	assert_found(&m, M_POST, "/api/v1/session/password", session_change_password);
}

static void params_are_captured(void **state)
{
	(void)state;
	struct match m = match(M_GET, "/api/v1/users/42");
	assert_found(&m, M_GET, "/api/v1/users/{id}", users_show);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "42");
	assert_string_equal(m.params[1], SENTINEL);

	m = match(M_PATCH, "/api/v1/users/7");
	assert_found(&m, M_PATCH, "/api/v1/users/{id}", users_update);
	assert_string_equal(m.params[0], "7");

	m = match(M_GET, "/api/v1/states/21/districts");
	assert_found(&m, M_GET, "/api/v1/states/{lgd}/districts", master_districts);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "21");

	m = match(M_GET, "/api/v1/states/21");
	assert_found(&m, M_GET, "/api/v1/states/{lgd}", master_state);
	assert_string_equal(m.params[0], "21");

	m = match(M_DELETE, "/api/v1/tokens/abc-def");
	assert_found(&m, M_DELETE, "/api/v1/tokens/{id}", tokens_revoke);
	assert_string_equal(m.params[0], "abc-def");   /* the router does not judge the value */

	m = match(M_DELETE, "/api/v1/sessions/123456789012345678901234567890");
	assert_found(&m, M_DELETE, "/api/v1/sessions/{id}", sessions_revoke);
	assert_string_equal(m.params[0], "123456789012345678901234567890");
}

/* "/api/v1/users/9/password" is tried against "/api/v1/users/{id}",
 * ".../{id}/tokens" (twice) before its own route: what those wrote into the
 * scratch must not show, and the count must be the found route's own. */
static void params_do_not_leak_between_candidates(void **state)
{
	(void)state;
	struct match m = match(M_POST, "/api/v1/users/9/password");
	assert_found(&m, M_POST, "/api/v1/users/{id}/password", users_reset_password);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "9");
	assert_string_equal(m.params[1], SENTINEL);

	m = match(M_POST, "/api/v1/users/123/tokens");
	assert_found(&m, M_POST, "/api/v1/users/{id}/tokens", tokens_create);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "123");

	/* a route without parameters reports none, whatever came before */
	m = match(M_GET, "/api/v1/users");
	assert_found(&m, M_GET, "/api/v1/users", users_list);
	assert_int_equal(m.nparams, 0);
	assert_string_equal(m.params[0], SENTINEL);

	/* the same path through two methods gives the same parameter */
	struct match a = match(M_GET, "/api/v1/users/55");
	struct match b = match(M_PATCH, "/api/v1/users/55");
	assert_string_equal(a.params[0], "55");
	assert_string_equal(b.params[0], "55");
}

static void head_is_served_by_get(void **state)
{
	(void)state;
	struct match m = match(M_HEAD, "/api/v1/health");
	assert_found(&m, M_GET, "/api/v1/health", system_health);
	m = match(M_HEAD, "/api/v1/users/5");
	assert_found(&m, M_GET, "/api/v1/users/{id}", users_show);
	assert_string_equal(m.params[0], "5");
	/* and not by anything else */
	m = match(M_HEAD, "/api/v1/session/password");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_null(m.route);
	assert_int_equal(m.allowed, M_POST);
	m = match(M_HEAD, "/api/v1/tokens/3");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_int_equal(m.allowed, M_DELETE);
}

static void wrong_method_is_405_with_allowed_mask(void **state)
{
	(void)state;
	struct match m = match(M_PUT, "/api/v1/users/5");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_null(m.route);
	assert_int_equal(m.allowed, M_GET | M_HEAD | M_PATCH);

	m = match(M_DELETE, "/api/v1/users");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_int_equal(m.allowed, M_GET | M_HEAD | M_POST);

	m = match(M_POST, "/api/v1/health");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_int_equal(m.allowed, M_GET | M_HEAD);

	m = match(M_PUT, "/api/v1/session");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_int_equal(m.allowed, M_GET | M_HEAD | M_POST | M_DELETE);

	m = match(M_DELETE, "/api/v1/users/5/tokens");
	assert_int_equal(m.result, ROUTE_NO_METHOD);
	assert_int_equal(m.allowed, M_GET | M_HEAD | M_POST);

	/* a found route still reports every method of its path */
	m = match(M_GET, "/api/v1/users/5");
	assert_int_equal(m.result, ROUTE_FOUND);
	assert_int_equal(m.allowed, M_GET | M_HEAD | M_PATCH);
}

static void unknown_paths_are_404(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/api/v1/nope", "/api/v2/health", "/api/v1/healthz", "/api/v1/healt", "/api/v1", "/api/v1/", "/",
		"", "/api/v1/users/5/unknown", "/api/v1/users/5/tokens/6", "/api/v1/states/21/districts/1",
		"/API/V1/HEALTH", "api/v1/health", "/api/v1/tokens",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct match m = match(M_GET, paths[i]);
		if (m.result != ROUTE_NO_PATH)
			fail_msg("GET \"%s\" gave %d, not ROUTE_NO_PATH", paths[i], (int)m.result);
		assert_null(m.route);
		assert_int_equal(m.allowed, 0);
	}
}

static void trailing_slash_and_empty_segment_do_not_match(void **state)
{
	(void)state;
	static const struct { enum http_method m; const char *path; } cases[] = {
		{ M_GET, "/api/v1/health/" },
		{ M_GET, "/api/v1/users/" },             /* an empty {id} */
		{ M_GET, "/api/v1/users/5/" },
		{ M_POST, "/api/v1/users//password" },
		{ M_GET, "/api/v1/users//tokens" },
		{ M_GET, "/api/v1/states//districts" },
		{ M_DELETE, "/api/v1/tokens/" },
		{ M_GET, "//api/v1/health" },
		{ M_GET, "/api//v1/health" },
		{ M_GET, "/api/v1//users" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct match m = match(cases[i].m, cases[i].path);
		if (m.result != ROUTE_NO_PATH)
			fail_msg("\"%s\" gave %d, not ROUTE_NO_PATH", cases[i].path, (int)m.result);
	}
}

/* ---- the table itself ---- */

static bool has_role(json_t *roles, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(roles, i, v)
		if (strcmp(json_string_value(v), name) == 0)
			return true;
	return false;
}

static void table_json_lists_every_route_with_roles(void **state)
{
	(void)state;
	json_t *a = router_table_json();
	assert_non_null(a);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), routes_count);
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *o = json_array_get(a, i);
		assert_string_equal(json_string_value(json_object_get(o, "method")), router_method_name(rt->method));
		assert_string_equal(json_string_value(json_object_get(o, "path")), rt->pattern);
		assert_int_equal(json_integer_value(json_object_get(o, "body_limit")), rt->body_limit);
		assert_int_equal(json_is_true(json_object_get(o, "idempotent")), (rt->flags & F_IDEMPOTENT) != 0);
		assert_int_equal(json_is_true(json_object_get(o, "while_password_change")),
				 (rt->flags & F_PASSWORD_CHANGE) != 0);
		json_t *roles = json_object_get(o, "roles");
		assert_true(json_is_array(roles));
		if (json_array_size(roles) == 0)
			fail_msg("%s %s lists no roles", router_method_name(rt->method), rt->pattern);
		for (int r = 0; r < ROLE_COUNT; r++)
			assert_int_equal(has_role(roles, role_name((enum role)r)), (rt->roles & R_BIT(r)) != 0);
		json_t *res = json_object_get(o, "resource");
		if (rt->resource)
			assert_string_equal(json_string_value(res), rt->resource);
		else
			assert_true(json_is_null(res));
	}
	/* spot checks against the policy as written */
	json_t *health = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(health, "path")), "/api/v1/health");
	json_t *hr = json_object_get(health, "roles");
	assert_int_equal(json_array_size(hr), 1);
	assert_true(has_role(hr, "public"));
	bool seen_users_list = false;
	for (size_t i = 0; i < routes_count; i++) {
		json_t *o = json_array_get(a, i);
		if (strcmp(json_string_value(json_object_get(o, "path")), "/api/v1/users") == 0
		    && strcmp(json_string_value(json_object_get(o, "method")), "GET") == 0) {
			json_t *r = json_object_get(o, "roles");
			assert_int_equal(json_array_size(r), 2);
			assert_true(has_role(r, "admin"));
			assert_true(has_role(r, "state"));
			assert_false(has_role(r, "public"));
			seen_users_list = true;
		}
	}
	assert_true(seen_users_list);
	json_decref(a);
}

static void every_route_with_a_parameter_names_its_resource(void **state)
{
	(void)state;
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		if (strchr(rt->pattern, '{') && (!rt->resource || !*rt->resource))
			fail_msg("%s %s has a parameter but no resource", router_method_name(rt->method), rt->pattern);
	}
}

static void every_route_has_a_sane_policy(void **state)
{
	(void)state;
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		const char *mn = router_method_name(rt->method);
		if (rt->method != M_GET && rt->method != M_DELETE && rt->body_limit == 0)
			fail_msg("%s %s takes no body", mn, rt->pattern);
		if (rt->method == M_GET && rt->body_limit != 0)
			fail_msg("GET %s accepts a body", rt->pattern);
		if (rt->method == M_HEAD)
			fail_msg("HEAD %s: HEAD is served by GET routes", rt->pattern);
		if (!rt->handler)
			fail_msg("%s %s has no handler", mn, rt->pattern);
		if (!rt->roles || (rt->roles & ~(R_PUBLIC | R_SIGNED_IN)))
			fail_msg("%s %s has roles 0x%x", mn, rt->pattern, rt->roles);
		if (strncmp(rt->pattern, "/api/v1/", 8) != 0)
			fail_msg("%s %s is outside /api/v1/", mn, rt->pattern);
		if (rt->pattern[strlen(rt->pattern) - 1] == '/')
			fail_msg("%s %s ends with a slash", mn, rt->pattern);
		if (strcmp(mn, "?") == 0)
			fail_msg("route %zu (%s) has no method", i, rt->pattern);
		for (size_t j = 0; j < i; j++)
			if (routes[j].method == rt->method && strcmp(routes[j].pattern, rt->pattern) == 0)
				fail_msg("%s %s is in the table twice", mn, rt->pattern);
		/* the route can be reached: a path made from its pattern finds it */
		char path[256];
		size_t w = 0;
		for (const char *p = rt->pattern; *p && w < sizeof path - 2;) {
			if (*p == '{') {
				path[w++] = '1';
				p = strchr(p, '}') + 1;
			} else {
				path[w++] = *p++;
			}
		}
		path[w] = 0;
		struct match m = match(rt->method, path);
		if (m.result != ROUTE_FOUND || m.route != rt)
			fail_msg("%s %s does not reach its own route", mn, path);
	}
}

static void method_names(void **state)
{
	(void)state;
	static const struct { const char *name; enum http_method m; } known[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "PUT", M_PUT }, { "PATCH", M_PATCH },
		{ "DELETE", M_DELETE }, { "HEAD", M_HEAD },
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		assert_int_equal(router_method(known[i].name), known[i].m);
		assert_string_equal(router_method_name(known[i].m), known[i].name);
	}
	static const char *const unknown[] = { "get", "Get", "OPTIONS", "TRACE", "CONNECT", "", "GETX", "GE",
					       "POST ", " GET" };
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		if (router_method(unknown[i]) != 0)
			fail_msg("router_method accepted \"%s\"", unknown[i]);
	assert_string_equal(router_method_name((enum http_method)0), "?");
	assert_string_equal(router_method_name((enum http_method)64), "?");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_routes_match),
		cmocka_unit_test(params_are_captured),
		cmocka_unit_test(params_do_not_leak_between_candidates),
		cmocka_unit_test(head_is_served_by_get),
		cmocka_unit_test(wrong_method_is_405_with_allowed_mask),
		cmocka_unit_test(unknown_paths_are_404),
		cmocka_unit_test(trailing_slash_and_empty_segment_do_not_match),
		cmocka_unit_test(table_json_lists_every_route_with_roles),
		cmocka_unit_test(every_route_with_a_parameter_names_its_resource),
		cmocka_unit_test(every_route_has_a_sane_policy),
		cmocka_unit_test(method_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
