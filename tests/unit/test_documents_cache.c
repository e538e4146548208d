/* The answers cache (src/documents/cache.c): served only to a reader of
 * the same library version, an answer computed before a change never
 * served after it, bounded. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "documents/documents.h"

static void hit_then_changed(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len = 0;
	assert_null(docs_cache_get("k1", 10, &len));
	docs_cache_put("k1", "{\"total\":1}", 11, 10);
	char *got = docs_cache_get("k1", 10, &len);
	assert_non_null(got);
	assert_int_equal(len, 11);
	assert_string_equal(got, "{\"total\":1}");
	free(got);
	assert_null(docs_cache_get("k2", 10, &len));
	assert_null(docs_cache_get("k1", 11, &len));    /* the library changed */
	assert_null(docs_cache_get("k1", 10, &len));    /* and the old answer is gone */
}

static void stale_answer_never_stored(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len;
	/* a reader read version 20 and queries; meanwhile a change commits and
	 * another reader, at 21, stores its answer first */
	docs_cache_put("q", "new", 3, 21);
	docs_cache_put("q", "old", 3, 20);
	char *got = docs_cache_get("q", 21, &len);
	assert_non_null(got);
	assert_string_equal(got, "new");
	free(got);
	assert_null(docs_cache_get("q", 20, &len));     /* never the old one */
}

static void replaced_and_bounded(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len;
	uint64_t gen = 100;
	docs_cache_put("same", "one", 3, gen);
	docs_cache_put("same", "two!", 4, gen);
	char *got = docs_cache_get("same", gen, &len);
	assert_string_equal(got, "two!");
	free(got);
	char key[32];
	for (int i = 0; i < DOCS_CACHE_ENTRIES + 100; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		docs_cache_put(key, "x", 1, gen);
	}
	assert_null(docs_cache_get("key-0", gen, &len));          /* the oldest went */
	got = docs_cache_get("key-20099", gen, &len);
	assert_non_null(got);
	free(got);
	docs_cache_clear();
}

/* A second reader of the same question waits for the first one's answer
 * instead of computing it again. */
struct reader {
	pthread_t thread;
	const char *key;
	uint64_t gen;
	char *got;
	int done;       /* atomic */
};

static void *read_one(void *arg)
{
	struct reader *rd = arg;
	size_t len;
	rd->got = docs_cache_get(rd->key, rd->gen, &len);
	__atomic_store_n(&rd->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void second_reader_waits_for_the_first(void **state)
{
	(void)state;
	docs_cache_clear();
	size_t len;
	assert_null(docs_cache_get("busy", 30, &len));  /* this thread computes */
	struct reader rd = { .key = "busy", .gen = 30 };
	assert_int_equal(pthread_create(&rd.thread, NULL, read_one, &rd), 0);
	usleep(150 * 1000);
	assert_int_equal(__atomic_load_n(&rd.done, __ATOMIC_SEQ_CST), 0);   /* waiting */
	/* the same question at another version does not wait */
	assert_null(docs_cache_get("busy", 29, &len));
	docs_cache_abandon("busy", 29);
	docs_cache_put("busy", "answer", 6, 30);
	pthread_join(rd.thread, NULL);
	assert_non_null(rd.got);
	assert_string_equal(rd.got, "answer");
	free(rd.got);

	/* when the first gives up, the next one computes */
	assert_null(docs_cache_get("fails", 30, &len));
	struct reader rd2 = { .key = "fails", .gen = 30 };
	assert_int_equal(pthread_create(&rd2.thread, NULL, read_one, &rd2), 0);
	usleep(100 * 1000);
	assert_int_equal(__atomic_load_n(&rd2.done, __ATOMIC_SEQ_CST), 0);
	docs_cache_abandon("fails", 30);
	pthread_join(rd2.thread, NULL);
	assert_null(rd2.got);
	docs_cache_abandon("fails", 30);
	docs_cache_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hit_then_changed),
		cmocka_unit_test(stale_answer_never_stored),
		cmocka_unit_test(replaced_and_bounded),
		cmocka_unit_test(second_reader_waits_for_the_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
