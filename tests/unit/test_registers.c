/* The registers' generic record layer (src/registers/record.c, types.c):
 * types, bounds, required fields, unknown fields, changes merged over the
 * stored record, search text, what the public sees, and that every
 * register's description is sound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registers/registers.h"

static const char *const colours[] = { "red", "green", NULL };
static const char *const colour_labels[] = { "Red", "Green", NULL };
static const struct reg_field test_fields[] = {
	{ "title", "Title", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH, 10, 0, NULL, NULL, NULL },
	{ "notes", "Notes", RF_LONGTEXT, RF_SEARCH, 40, 0, NULL, NULL, NULL },
	{ "count", "Count", RF_INT, 0, 100, 1, NULL, NULL, NULL },
	{ "colour", "Colour", RF_ENUM, RF_PUBLIC, 0, 0, colours, colour_labels, NULL },
	{ "email", "E-mail", RF_EMAIL, 0, 254, 0, NULL, NULL, NULL },
	{ "phone", "Phone", RF_PHONE, 0, 40, 0, NULL, NULL, NULL },
	{ "on", "Date", RF_DATE, 0, 10, 0, NULL, NULL, NULL },
	{ "site", "Site", RF_URL, 0, 100, 0, NULL, NULL, NULL },
};
static const struct reg_type test_type = {
	.name = "tests", .label = "Tests", .label_one = "test", .title = "Tests",
	.fields = test_fields, .nfields = sizeof test_fields / sizeof test_fields[0],
};

/* Validates the JSON text in (over base, may be NULL); returns the stored
 * data's text (caller frees) or NULL with err filled. */
static char *check(const char *in, const char *base, struct reg_error *err)
{
	json_t *j = json_loads(in, JSON_ALLOW_NUL, NULL);
	json_t *b = base ? json_loads(base, 0, NULL) : NULL;
	assert_non_null(j);
	json_t *out = reg_validate(&test_type, j, b, err);
	json_decref(j);
	json_decref(b);
	char *text = out ? json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(out);
	return text;
}

static void expect_refused(const char *in, const char *field, const char *message_part)
{
	struct reg_error err;
	char *out = check(in, NULL, &err);
	if (out)
		fail_msg("%s was accepted as %s", in, out);
	assert_string_equal(err.field, field);
	if (!strstr(err.message, message_part))
		fail_msg("message for %s: \"%s\" lacks \"%s\"", in, err.message, message_part);
}

static void accepts_and_normalises(void **state)
{
	(void)state;
	struct reg_error err;
	char *out = check("{\"title\":\"  Hello \",\"count\":\"7\",\"colour\":\"red\",\"email\":\"a@b.in\","
			  "\"phone\":\"+91 (674) 239-1234\",\"on\":\"2024-02-29\",\"site\":\"https://mha.gov.in\","
			  "\"notes\":\"two\\nlines\"}", NULL, &err);
	assert_non_null(out);
	assert_string_equal(out, "{\"colour\":\"red\",\"count\":7,\"email\":\"a@b.in\",\"notes\":\"two\\nlines\","
				 "\"on\":\"2024-02-29\",\"phone\":\"+91 (674) 239-1234\",\"site\":\"https://mha.gov.in\","
				 "\"title\":\"Hello\"}");
	free(out);
	/* empty optional values are absent, not empty strings */
	out = check("{\"title\":\"x\",\"email\":\"\",\"notes\":\"   \"}", NULL, &err);
	assert_string_equal(out, "{\"title\":\"x\"}");
	free(out);
}

static void refuses_with_the_field_named(void **state)
{
	(void)state;
	expect_refused("{}", "title", "Title is required");
	expect_refused("{\"title\":\"   \"}", "title", "Title is required");
	expect_refused("{\"title\":null}", "title", "Title is required");
	expect_refused("{\"title\":\"12345678901\"}", "title", "at most 10 bytes; this is 11");
	/* bytes, not characters: four Devanagari letters are 12 bytes */
	expect_refused("{\"title\":\"\\u0926\\u0947\\u0936\\u0915\"}", "title", "at most 10 bytes");
	expect_refused("{\"title\":\"a\\u0000b\"}", "title", "control characters");
	expect_refused("{\"title\":\"a\\u0085b\"}", "title", "control characters");
	expect_refused("{\"title\":\"a\\nb\"}", "title", "control characters");
	expect_refused("{\"title\":5}", "title", "must be text");
	expect_refused("{\"title\":\"x\",\"count\":0}", "count", "from 1 to 100");
	expect_refused("{\"title\":\"x\",\"count\":101}", "count", "from 1 to 100");
	expect_refused("{\"title\":\"x\",\"count\":\"7a\"}", "count", "whole number");
	expect_refused("{\"title\":\"x\",\"count\":1.5}", "count", "whole number");
	expect_refused("{\"title\":\"x\",\"colour\":\"blue\"}", "colour", "not one of the choices");
	expect_refused("{\"title\":\"x\",\"email\":\"a@b\"}", "email", "e-mail address");
	expect_refused("{\"title\":\"x\",\"email\":\"a b@c.in\"}", "email", "e-mail address");
	expect_refused("{\"title\":\"x\",\"email\":\"@c.in\"}", "email", "e-mail address");
	expect_refused("{\"title\":\"x\",\"phone\":\"12345\"}", "phone", "6 to 15 digits");
	expect_refused("{\"title\":\"x\",\"phone\":\"1234567890123456\"}", "phone", "6 to 15 digits");
	expect_refused("{\"title\":\"x\",\"phone\":\"0674 ext 12\"}", "phone", "6 to 15 digits");
	expect_refused("{\"title\":\"x\",\"on\":\"2023-02-29\"}", "on", "YYYY-MM-DD");
	expect_refused("{\"title\":\"x\",\"on\":\"29-02-2024\"}", "on", "YYYY-MM-DD");
	expect_refused("{\"title\":\"x\",\"on\":\"2024-2-9\"}", "on", "YYYY-MM-DD");
	expect_refused("{\"title\":\"x\",\"site\":\"javascript:alert(1)\"}", "site", "https://");
	expect_refused("{\"title\":\"x\",\"secret\":1}", "secret", "no field \"secret\"");
}

static void a_change_merges_over_the_stored_record(void **state)
{
	(void)state;
	struct reg_error err;
	const char *base = "{\"title\":\"Old\",\"notes\":\"kept\",\"count\":3}";
	char *out = check("{\"count\":4}", base, &err);
	assert_string_equal(out, "{\"count\":4,\"notes\":\"kept\",\"title\":\"Old\"}");
	free(out);
	out = check("{\"notes\":null}", base, &err);         /* null clears an optional field */
	assert_string_equal(out, "{\"count\":3,\"title\":\"Old\"}");
	free(out);
	out = check("{\"title\":null}", base, &err);         /* never a required one */
	assert_null(out);
	assert_string_equal(err.field, "title");
}

static void search_text_is_case_folded_searchable_fields(void **state)
{
	(void)state;
	json_t *data = json_pack("{s:s, s:s, s:s}", "title", "Odisha CID", "notes", "Raids in KHURDA",
				 "email", "Hidden@Example.in");
	char *s = reg_search_text(&test_type, data, false);
	assert_non_null(s);
	assert_non_null(strstr(s, "odisha cid"));
	assert_non_null(strstr(s, "raids in khurda"));
	assert_null(strstr(s, "hidden"));                   /* not a searchable field */
	free(s);
	/* what the public may search: only the public fields */
	s = reg_search_text(&test_type, data, true);
	assert_non_null(strstr(s, "odisha cid"));
	assert_null(strstr(s, "khurda"));
	free(s);
	json_decref(data);
}

static void the_public_sees_public_fields_only(void **state)
{
	(void)state;
	struct db_record rec = { .id = 9, .state_lgd = 21, .version = 2, .updated_at = 1795824000000LL };
	snprintf(rec.state_name, sizeof rec.state_name, "Odisha");
	rec.data = strdup("{\"title\":\"T\",\"notes\":\"private\",\"colour\":\"green\"}");
	json_t *pub = reg_record_json(&test_type, &rec, true);
	json_t *all = reg_record_json(&test_type, &rec, false);
	assert_string_equal(json_string_value(json_object_get(pub, "title")), "T");
	assert_string_equal(json_string_value(json_object_get(pub, "state")), "Odisha");
	assert_null(json_object_get(pub, "notes"));
	assert_null(json_object_get(pub, "version"));
	assert_string_equal(json_string_value(json_object_get(all, "notes")), "private");
	assert_int_equal(json_integer_value(json_object_get(all, "version")), 2);
	assert_true(json_is_null(json_object_get(all, "email")));   /* every field, absent ones null */
	json_decref(pub);
	json_decref(all);
	db_record_clear(&rec);
}

/* Every shipped register: names a path and a JSON member can carry, no
 * field shadowing a system field, bounds on every text, choices on every
 * enum, a default sort it can do. */
static void every_register_is_described_soundly(void **state)
{
	(void)state;
	static const char *const system[] = { "id", "state", "state_lgd", "district", "district_lgd", "from", "to",
					      "current", "version", "updated_at", "reason", "ended_term", NULL };
	assert_true(reg_types_count > 0);
	for (size_t i = 0; i < reg_types_count; i++) {
		const struct reg_type *t = reg_types[i];
		assert_non_null(reg_type_find(t->name));
		assert_true(strlen(t->name) <= RECORD_TYPE_MAX);
		assert_true(strspn(t->name, "abcdefghijklmnopqrstuvwxyz-") == strlen(t->name));
		assert_non_null(t->label);
		assert_non_null(t->label_one);
		assert_non_null(t->title);
		bool sortable = strcmp(t->default_sort, "state") == 0;
		for (size_t f = 0; f < t->nfields; f++) {
			const struct reg_field *fd = &t->fields[f];
			assert_true(strspn(fd->name, "abcdefghijklmnopqrstuvwxyz_") == strlen(fd->name));
			for (size_t s = 0; system[s]; s++)
				if (strcmp(system[s], fd->name) == 0)
					fail_msg("%s.%s shadows a system field", t->name, fd->name);
			for (size_t g = 0; g < f; g++)
				assert_string_not_equal(t->fields[g].name, fd->name);
			if (fd->type != RF_INT && fd->type != RF_ENUM)
				assert_true(fd->max > 0);
			if (fd->type == RF_ENUM)
				assert_non_null(fd->choices);
			if (strcmp(fd->name, t->default_sort) == 0 && (fd->flags & RF_SORT))
				sortable = true;
		}
		assert_true(sortable);
		json_t *j = reg_type_json(t);
		assert_non_null(j);
		assert_int_equal(json_array_size(json_object_get(j, "fields")), t->nfields);
		json_decref(j);
	}
	assert_null(reg_type_find("nothing"));
}

/* The best practices' review: published only once accepted; returned ones
 * go back to the State and may be submitted again; rejected is final. */
static void a_practice_is_published_only_when_accepted(void **state)
{
	(void)state;
	const struct reg_type *t = reg_type_find("practices");
	assert_non_null(t);
	static const char *const all[] = { "draft", "submitted", "returned", "accepted", "rejected", "published" };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const struct reg_transition *p = reg_transition_find(t, "publish", all[i]);
		if (strcmp(all[i], "accepted") == 0) {
			assert_non_null(p);
			assert_string_equal(p->to, "published");
		} else {
			assert_null(p);
		}
		/* nothing leaves rejected or published */
		if (strcmp(all[i], "rejected") == 0 || strcmp(all[i], "published") == 0)
			for (size_t k = 0; k < t->ntransitions; k++)
				assert_null(reg_transition_find(t, t->transitions[k].action, all[i]));
	}
	assert_string_equal(reg_transition_find(t, "submit", "draft")->to, "submitted");
	assert_string_equal(reg_transition_find(t, "submit", "returned")->to, "submitted");
	assert_null(reg_transition_find(t, "submit", "submitted"));
	assert_null(reg_transition_find(t, "accept", "draft"));
	assert_true(reg_transition_find(t, "return", "submitted")->comment_required);
	assert_true(reg_transition_find(t, "reject", "submitted")->comment_required);
	assert_null(reg_transition_find(t, "nonsense", "draft"));
	/* the State edits only drafts and returned ones */
	assert_true(reg_editable(t, "draft"));
	assert_true(reg_editable(t, "returned"));
	assert_false(reg_editable(t, "submitted"));
	assert_false(reg_editable(t, "published"));
	assert_true(reg_editable(reg_type_find("officers"), ""));
	/* every step leads to a status the field accepts */
	const struct reg_field *status = NULL;
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, t->status_field) == 0)
			status = &t->fields[i];
	assert_non_null(status);
	for (size_t k = 0; k < t->ntransitions; k++) {
		bool known = false;
		for (size_t c = 0; status->choices[c]; c++)
			known = known || strcmp(status->choices[c], t->transitions[k].to) == 0;
		assert_true(known);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_and_normalises),
		cmocka_unit_test(refuses_with_the_field_named),
		cmocka_unit_test(a_change_merges_over_the_stored_record),
		cmocka_unit_test(search_text_is_case_folded_searchable_fields),
		cmocka_unit_test(the_public_sees_public_fields_only),
		cmocka_unit_test(every_register_is_described_soundly),
		cmocka_unit_test(a_practice_is_published_only_when_accepted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
