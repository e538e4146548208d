/* Unit tests of src/http/json_depth.c: the nesting bound checked before
 * jansson parses a request body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "http/server.h"

static bool ok(const char *s, int max)
{
	return json_depth_ok(s, strlen(s), max);
}

/* n arrays, one inside the other, around a 1: "[[[1]]]". Caller frees. */
static char *nested(int n, char open, char close)
{
	char *s = malloc((size_t)n * 2 + 2);
	assert_non_null(s);
	for (int i = 0; i < n; i++)
		s[i] = open;
	s[n] = '1';
	for (int i = 0; i < n; i++)
		s[n + 1 + i] = close;
	s[2 * n + 1] = 0;
	return s;
}

static void arrays_at_and_over_the_limit(void **state)
{
	(void)state;
	assert_true(ok("[[[1]]]", 3));
	assert_false(ok("[[[[1]]]]", 3));
	assert_true(ok("[]", 1));
	assert_false(ok("[]", 0));
	assert_true(ok("1", 0));
	assert_true(ok("", 0));
	/* only the opening brackets count: an unclosed one past the limit fails */
	assert_false(ok("[[[[", 3));
}

static void objects_and_mixed_nesting(void **state)
{
	(void)state;
	assert_true(ok("{\"a\":{\"b\":{\"c\":1}}}", 3));
	assert_false(ok("{\"a\":{\"b\":{\"c\":{}}}}", 3));
	assert_true(ok("{\"a\":[{\"b\":[]}]}", 4));
	assert_false(ok("{\"a\":[{\"b\":[]}]}", 3));
}

/* Closing brackets bring the depth down: siblings are not nesting. */
static void siblings_do_not_add_up(void **state)
{
	(void)state;
	assert_true(ok("[[1],[2],[3],[4],[5]]", 2));
	assert_true(ok("{\"a\":{},\"b\":{},\"c\":[],\"d\":[[]]}", 3));
	assert_false(ok("{\"a\":{},\"b\":{},\"c\":[],\"d\":[[]]}", 2));
	/* 2000 empty arrays in one: depth 2, however many */
	char *many = malloc(1 + 2000 * 3 + 1);
	assert_non_null(many);
	size_t w = 0;
	many[w++] = '[';
	for (int i = 0; i < 2000; i++) {
		if (i)
			many[w++] = ',';
		many[w++] = '[';
		many[w++] = ']';
	}
	many[w++] = ']';
	many[w] = 0;
	bool r2 = ok(many, 2), r1 = ok(many, 1);
	free(many);
	assert_true(r2);
	assert_false(r1);
}

static void the_server_limit(void **state)
{
	(void)state;
	char *at = nested(HTTP_JSON_DEPTH_MAX, '[', ']');
	char *over = nested(HTTP_JSON_DEPTH_MAX + 1, '[', ']');
	char *objects = nested(HTTP_JSON_DEPTH_MAX + 1, '{', '}');
	bool r_at = ok(at, HTTP_JSON_DEPTH_MAX);
	bool r_over = ok(over, HTTP_JSON_DEPTH_MAX);
	bool r_objects = ok(objects, HTTP_JSON_DEPTH_MAX);
	/* jansson reads what passes */
	json_error_t err;
	json_t *j = json_loads(at, 0, &err);
	bool parsed = j != NULL;
	json_decref(j);
	free(at);
	free(over);
	free(objects);
	assert_true(r_at);
	assert_false(r_over);
	assert_false(r_objects);
	assert_true(parsed);
}

static void brackets_inside_strings_do_not_count(void **state)
{
	(void)state;
	assert_true(ok("[\"[[[[[[[[\"]", 1));
	assert_true(ok("{\"{{{{\":\"}}}}{{{{\"}", 1));
	assert_true(ok("[\"]]]]\",[\"x\"]]", 2));
	assert_false(ok("[\"]]]]\",[[\"x\"]]]", 2));   /* a "]" in a string does not close */
}

static void escaped_quotes_stay_inside_the_string(void **state)
{
	(void)state;
	/* \" does not end the string, so the brackets after it are text */
	assert_true(ok("[\"a\\\"[[[[[\"]", 1));
	assert_true(ok("[\"\\\"\\\"{{{\\\"\"]", 1));
	/* \\ is an escaped backslash: the quote after it does end the string */
	assert_false(ok("[\"\\\\\",[[[1]]]]", 3));
	assert_true(ok("[\"\\\\\",[[[1]]]]", 4));
	/* other escapes skip one character only */
	assert_false(ok("[\"\\n\",[[[1]]]]", 3));
	assert_true(ok("[\"\\u005b\\u005b\",[1]]", 2));
}

/* Only len bytes are read: what lies past them does not count. */
static void only_len_bytes_are_read(void **state)
{
	(void)state;
	const char *s = "[[[[[[";
	assert_true(json_depth_ok(s, 2, 2));
	assert_false(json_depth_ok(s, 3, 2));
	/* an escape as the last byte does not step past the end */
	char *tail = malloc(3);
	assert_non_null(tail);
	memcpy(tail, "\"a\\", 3);
	bool r = json_depth_ok(tail, 3, 0);
	free(tail);
	assert_true(r);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arrays_at_and_over_the_limit),
		cmocka_unit_test(objects_and_mixed_nesting),
		cmocka_unit_test(siblings_do_not_add_up),
		cmocka_unit_test(the_server_limit),
		cmocka_unit_test(brackets_inside_strings_do_not_count),
		cmocka_unit_test(escaped_quotes_stay_inside_the_string),
		cmocka_unit_test(only_len_bytes_are_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
