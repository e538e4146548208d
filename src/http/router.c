/* Route matching.  The table itself is in routes.c. */
#include "http/router.h"

#include <string.h>

enum http_method router_method(const char *name)
{
	static const struct { const char *n; enum http_method m; } names[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "PUT", M_PUT }, { "PATCH", M_PATCH },
		{ "DELETE", M_DELETE }, { "HEAD", M_HEAD },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].n) == 0)
			return names[i].m;
	return 0;
}

const char *router_method_name(enum http_method m)
{
	switch (m) {
	case M_GET: return "GET";
	case M_POST: return "POST";
	case M_PUT: return "PUT";
	case M_PATCH: return "PATCH";
	case M_DELETE: return "DELETE";
	case M_HEAD: return "HEAD";
	}
	return "?";
}

/* Matches path against pattern, segment by segment.  Copies path into
 * scratch, cutting it at the parameter ends, so params point into scratch. */
static bool pattern_match(const char *pattern, const char *path, char *scratch, const char **params, int *nparams)
{
	int n = 0;
	const char *p = pattern;
	const char *s = path;
	char *w = scratch;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			size_t len = strcspn(s, "/");
			if (!pe || len == 0 || n >= ROUTE_MAX_PARAMS)
				return false;
			memcpy(w, s, len);
			w[len] = 0;
			params[n++] = w;
			w += len + 1;
			s += len;
			p = pe + 1;
		} else {
			if (*p != *s)
				return false;
			p++;
			s++;
		}
	}
	if (*p || *s)
		return false;
	*nparams = n;
	return true;
}

enum route_match router_match(enum http_method method, const char *path, char *scratch,
			      const struct route **out, const char **params, int *nparams, unsigned *allowed)
{
	*allowed = 0;
	*out = NULL;
	/* HEAD is served by the GET route. */
	enum http_method want = method == M_HEAD ? M_GET : method;
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		int n = 0;
		if (!pattern_match(rt->pattern, path, scratch, params, &n))
			continue;
		*allowed |= rt->method;
		if (rt->method == M_GET)
			*allowed |= M_HEAD;
		if (rt->method == want && !*out) {
			*out = rt;
			*nparams = n;
		}
	}
	if (*out) {
		/* params may have been overwritten by later candidates */
		pattern_match((*out)->pattern, path, scratch, params, nparams);
		return ROUTE_FOUND;
	}
	return *allowed ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

json_t *router_table_json(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *roles = json_array();
		for (int r = 0; r < ROLE_COUNT; r++)
			if (rt->roles & R_BIT(r))
				json_array_append_new(roles, json_string(role_name((enum role)r)));
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:I, s:b, s:b, s:s?}",
			"method", router_method_name(rt->method), "path", rt->pattern, "roles", roles,
			"body_limit", (json_int_t)rt->body_limit,
			"idempotent", (rt->flags & F_IDEMPOTENT) != 0,
			"while_password_change", (rt->flags & F_PASSWORD_CHANGE) != 0,
			"resource", rt->resource));
	}
	return a;
}
