/* The standard return shipped in data/returns-standard.json: every rule's
 * sides parse, name only indicators of the file and cells of their
 * disaggregation; every section names known indicators, each once; every
 * indicator's disaggregation exists.  (The server skips a rule it cannot
 * read, so a typo here would silently check nothing.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "returns/returns.h"
#include "util/util.h"

static json_t *standard(void)
{
	const struct embedded *e = embedded_get("data/returns-standard.json");
	assert_non_null(e);
	json_t *all = json_loadb(e->data, e->len, 0, NULL);
	assert_non_null(all);
	return all;
}

static json_t *find(json_t *list, const char *code)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (strcmp(json_string_value(json_object_get(x, "code")), code) == 0)
			return x;
	return NULL;
}

/* Whether combo is a cell of the indicator: its options, one per category, joined by _. */
static bool has_combo(json_t *all, json_t *ind, const char *combo)
{
	const char *dis = json_string_value(json_object_get(ind, "disaggregation"));
	if (!dis)
		return false;
	json_t *cats = json_object_get(find(json_object_get(all, "disaggregations"), dis), "categories");
	const char *rest = combo;
	size_t i, k;
	json_t *cat, *opt;
	json_array_foreach(cats, i, cat) {
		bool found = false;
		json_array_foreach(json_object_get(cat, "options"), k, opt) {
			const char *o = json_string_value(json_object_get(opt, "code"));
			size_t n = strlen(o);
			if (strncmp(rest, o, n) == 0 && (rest[n] == '\0' || rest[n] == '_')) {
				rest += n + (rest[n] == '_');
				found = true;
				break;
			}
		}
		if (!found)
			return false;
	}
	return *rest == '\0';
}

static void every_rule_reads_and_names_known_cells(void **state)
{
	(void)state;
	json_t *all = standard(), *inds = json_object_get(all, "indicators");
	size_t i;
	json_t *rule;
	assert_true(json_array_size(json_object_get(all, "rules")) >= 5);
	json_array_foreach(json_object_get(all, "rules"), i, rule) {
		const char *sides[2] = { json_string_value(json_object_get(rule, "left")),
					 json_string_value(json_object_get(rule, "right")) };
		enum rule_op op;
		assert_true(rule_op_parse(json_string_value(json_object_get(rule, "op")), &op));
		const char *imp = json_string_value(json_object_get(rule, "importance"));
		assert_true(!strcmp(imp, "high") || !strcmp(imp, "medium") || !strcmp(imp, "low"));
		for (int s = 0; s < 2; s++) {
			struct rule_expr e;
			char err[256];
			if (!rule_expr_parse(sides[s], &e, err, sizeof err))
				fail_msg("rule %s: %s", json_string_value(json_object_get(rule, "code")), err);
			for (size_t t = 0; t < e.nterms; t++) {
				if (!e.terms[t].indicator[0])
					continue;
				json_t *ind = find(inds, e.terms[t].indicator);
				if (!ind)
					fail_msg("rule %s names no indicator %s", json_string_value(json_object_get(rule, "code")),
						 e.terms[t].indicator);
				if (e.terms[t].combo[0] && !has_combo(all, ind, e.terms[t].combo))
					fail_msg("rule %s: %s has no cell %s", json_string_value(json_object_get(rule, "code")),
						 e.terms[t].indicator, e.terms[t].combo);
			}
		}
	}
	json_decref(all);
}

static void sections_and_indicators_agree(void **state)
{
	(void)state;
	json_t *all = standard(), *inds = json_object_get(all, "indicators");
	json_t *seen = json_object();
	size_t i, k;
	json_t *sec, *code, *ind;
	json_array_foreach(json_object_get(all, "sections"), i, sec) {
		json_array_foreach(json_object_get(sec, "indicators"), k, code) {
			assert_non_null(find(inds, json_string_value(code)));
			assert_null(json_object_get(seen, json_string_value(code)));
			json_object_set_new(seen, json_string_value(code), json_true());
		}
	}
	json_array_foreach(inds, i, ind) {
		assert_non_null(json_object_get(seen, json_string_value(json_object_get(ind, "code"))));
		const char *dis = json_string_value(json_object_get(ind, "disaggregation"));
		if (dis)
			assert_non_null(find(json_object_get(all, "disaggregations"), dis));
	}
	assert_int_equal(json_object_size(seen), json_array_size(inds));
	/* the periods the data sets are reported for */
	json_t *ds;
	json_array_foreach(json_object_get(all, "datasets"), i, ds) {
		enum period_type t;
		assert_true(period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t));
	}
	json_decref(seen);
	json_decref(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rule_reads_and_names_known_cells),
		cmocka_unit_test(sections_and_indicators_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
