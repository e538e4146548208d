/* libFuzzer harness for the request path, short of the socket: method and
 * route matching, query values (paging, dates), the JSON depth check and
 * jansson parse of the body, the body field readers, jurisdictions and the
 * password policy.  Input: "METHOD PATH[?QUERY]\n" then the body.
 * Built by `make fuzz`; run briefly by `make test` over tests/fuzz/corpus/request. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "http/router.h"
#include "http/server.h"
#include "util/util.h"

static struct db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int from, to;
	db = db_open("sqlite::memory:");
	if (!db || db->ops->migrate(db, &from, &to) != DB_OK)
		abort();
	return 0;
}

static void query_values(const char *q)
{
	/* what request_paging and the audit filters do with each value */
	char *copy = strdup(q), *save = NULL;
	for (char *kv = strtok_r(copy, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		const char *v = eq ? eq + 1 : "";
		long long n;
		int64_t ms;
		(void)util_parse_int(v, 1, 500, &n);
		(void)util_parse_int(v, 1, INT64_MAX, &n);
		(void)util_parse_time(v, &ms);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - (const char *)data) : size;
	if (head > HTTP_URL_MAX + 16)
		return 0;
	char line[HTTP_URL_MAX + 17];
	memcpy(line, data, head);
	line[head] = 0;
	if (strlen(line) != head)
		return 0;  /* MHD never hands us a NUL inside the request line */
	const char *body = nl ? nl + 1 : "";
	size_t blen = nl ? size - head - 1 : 0;

	char *sp = strchr(line, ' ');
	if (!sp)
		return 0;
	*sp = 0;
	char *path = sp + 1;
	char *q = strchr(path, '?');
	if (q) {
		*q++ = 0;
		query_values(q);
	}
	enum http_method m = router_method(line);
	char scratch[HTTP_URL_MAX + 17];
	const struct route *rt;
	const char *params[ROUTE_MAX_PARAMS];
	int nparams = 0;
	unsigned allowed;
	if (m && router_match(m, path, scratch, &rt, params, &nparams, &allowed) == ROUTE_FOUND) {
		if (nparams > ROUTE_MAX_PARAMS || !rt->handler)
			abort();
		for (int i = 0; i < nparams; i++)
			if (!params[i] || !*params[i] || strchr(params[i], '/'))
				abort();
	}

	if (!json_depth_ok(body, blen, HTTP_JSON_DEPTH_MAX))
		return 0;
	json_error_t err;
	json_t *j = json_loadb(body, blen, JSON_REJECT_DUPLICATES, &err);
	if (!j)
		return 0;
	if (json_is_object(j)) {
		struct request r;
		memset(&r, 0, sizeof r);
		r.body = j;
		r.db = db;
		static const char *const keys[] = { "login", "password", "name", "email", "role", "jurisdiction",
						    "current", "new" };
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			bool bad;
			const char *v = body_string(&r, keys[i], 256, i < 2, &bad);
			if (bad != (r.reply != NULL))
				abort();  /* an error must come with its reply, and only then */
			json_decref(r.reply);
			r.reply = NULL;
			if (!v)
				continue;
			if (strcmp(keys[i], "jurisdiction") == 0) {
				enum scope_level level;
				int s, d;
				if (auth_parse_jurisdiction(db, v, &level, &s, &d) && level == SCOPE_DISTRICT && !s)
					abort();
			} else if (strcmp(keys[i], "password") == 0 || strcmp(keys[i], "new") == 0) {
				(void)password_weakness(v, "someone");
			} else if (strcmp(keys[i], "role") == 0) {
				(void)role_from_name(v);
			}
		}
	}
	json_decref(j);
	return 0;
}
