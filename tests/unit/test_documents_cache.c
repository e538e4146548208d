/* The answers cache (src/documents/cache.c): served only while current,
 * an answer computed across a change never served, bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "documents/documents.h"

static void hit_then_invalidated(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len = 0;
	uint64_t gen = docs_cache_generation();
	assert_null(docs_cache_get("k1", &len));
	docs_cache_put("k1", "{\"total\":1}", 11, gen);
	char *got = docs_cache_get("k1", &len);
	assert_non_null(got);
	assert_int_equal(len, 11);
	assert_string_equal(got, "{\"total\":1}");
	free(got);
	assert_null(docs_cache_get("k2", &len));
	docs_cache_invalidate();
	assert_null(docs_cache_get("k1", &len));
}

static void stale_answer_never_stored(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len;
	uint64_t before = docs_cache_generation();   /* a reader starts its query */
	docs_cache_invalidate();                     /* a change commits meanwhile */
	docs_cache_put("q", "old", 3, before);
	assert_null(docs_cache_get("q", &len));
}

static void replaced_and_bounded(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len;
	uint64_t gen = docs_cache_generation();
	docs_cache_put("same", "one", 3, gen);
	docs_cache_put("same", "two!", 4, gen);
	char *got = docs_cache_get("same", &len);
	assert_string_equal(got, "two!");
	free(got);
	char key[32];
	for (int i = 0; i < DOCS_CACHE_ENTRIES + 100; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		docs_cache_put(key, "x", 1, gen);
	}
	assert_null(docs_cache_get("key-0", &len));          /* the oldest went */
	got = docs_cache_get("key-20099", &len);
	assert_non_null(got);
	free(got);
	docs_cache_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_then_invalidated),
		cmocka_unit_test(stale_answer_never_stored),
		cmocka_unit_test(replaced_and_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
