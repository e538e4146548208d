/* Unit tests of src/documents/rules.c: categories and their links,
 * languages, and sizes written the way the Cell's page writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "documents/documents.h"

/* ---- categories ---- */

static void category_names_round_trip(void **state)
{
	(void)state;
	/* the names of migration 0002's CHECK, in the UI's order */
	static const char *const names[DOC_CATEGORY_COUNT] = {
		"advisory", "sop", "minutes", "guidelines", "report", "scheme", "award", "training",
		"compendium", "directory", "corrigendum", "other",
	};
	for (int c = 0; c < DOC_CATEGORY_COUNT; c++) {
		assert_string_equal(docs_category_name((enum doc_category)c), names[c]);
		assert_int_equal(docs_category_parse(names[c]), c);
		const char *label = docs_category_label((enum doc_category)c);
		assert_non_null(label);
		assert_true(label[0] >= 'A' && label[0] <= 'Z');
	}
	assert_int_equal(docs_category_parse("advisory"), DOC_ADVISORY);
	assert_int_equal(docs_category_parse("corrigendum"), DOC_CORRIGENDUM);
}

static void category_labels_are_for_people(void **state)
{
	(void)state;
	assert_string_equal(docs_category_label(DOC_ADVISORY), "Advisory");
	assert_string_equal(docs_category_label(DOC_SOP), "SOP");
	assert_string_equal(docs_category_label(DOC_MINUTES), "Minutes");
	assert_string_equal(docs_category_label(DOC_CORRIGENDUM), "Corrigendum");
	assert_string_equal(docs_category_label(DOC_OTHER), "Other");
}

static void category_parse_refuses_unknown_names(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "Advisory", "ADVISORY", "SOP", " advisory", "advisory ", "advisories", "advisor",
		"corrigenda", "other\n", "adv\xc3\xa9", "sop\0x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strcmp(bad[i], "sop") != 0)   /* "sop\0x" is "sop" to C */
			assert_int_equal(docs_category_parse(bad[i]), -1);
	assert_int_equal(docs_category_parse(NULL), -1);
}

static void category_links_follow_the_table_checks(void **state)
{
	(void)state;
	for (int c = 0; c < DOC_CATEGORY_COUNT; c++) {
		for (int corrects = 0; corrects <= 1; corrects++) {
			for (int meeting = 0; meeting <= 1; meeting++) {
				/* the CHECKs of the documents table, restated */
				bool ok = (c == DOC_CORRIGENDUM) == (corrects == 1) &&
					  (meeting == 0 || c == DOC_MINUTES);
				const char *why = docs_category_links_check((enum doc_category)c, corrects, meeting);
				if (ok) {
					assert_null(why);
				} else {
					assert_non_null(why);
					assert_true(strlen(why) > 20);
				}
			}
		}
	}
	const char *why = docs_category_links_check(DOC_CORRIGENDUM, false, false);
	assert_non_null(strstr(why, "corrects"));
	why = docs_category_links_check(DOC_ADVISORY, false, true);
	assert_non_null(strstr(why, "minutes"));
	why = docs_category_links_check(DOC_REPORT, true, false);
	assert_non_null(strstr(why, "corrigendum"));
}

/* ---- languages ---- */

static void languages_of_india_are_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
		"en", "hi", "en+hi", "bn", "te", "mr", "ta", "ur", "gu", "kn", "ml", "or", "pa", "as",
		"ne", "sa", "sd", "ks", "mai", "sat", "kok", "doi", "brx", "mni",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(docs_language_valid(good[i]));
}

static void other_languages_are_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "EN", "Hi", "en-IN", "hi+en", "en+", "+hi", "en+hi+bn", "fr", "de", "zh", "english",
		"hindi", " en", "en ", "e", "enn", "hi\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(docs_language_valid(bad[i]));
	assert_false(docs_language_valid(NULL));
}

/* ---- sizes ---- */

/* Asserts that bytes is written as want. */
static void expect_size(int64_t bytes, const char *want)
{
	char out[32];
	memset(out, 'x', sizeof out);
	char *r = docs_size_format(bytes, out);
	assert_ptr_equal(r, out);
	if (strcmp(out, want) != 0)
		fail_msg("%lld bytes: \"%s\", want \"%s\"", (long long)bytes, out, want);
}

static void sizes_as_the_page_writes_them(void **state)
{
	(void)state;
	expect_size(84101, "82.13 KB");
	expect_size(1835008, "1.75 MB");
	expect_size(26829, "26.2 KB");
	expect_size(12288, "12 KB");
	expect_size(512, "512 B");
	expect_size(0, "0 B");
	expect_size(1, "1 B");
	expect_size(1023, "1023 B");
	expect_size(1024, "1 KB");
	expect_size(1536, "1.5 KB");
	expect_size(1048576, "1 MB");
	expect_size(1073741824, "1 GB");
	expect_size(1288490189, "1.2 GB");   /* 1.2 * 1024^3 = 1288490188.8 */
	expect_size(INT64_C(1099511627776), "1 TB");
}

static void sizes_round_half_up_at_the_second_decimal(void **state)
{
	(void)state;
	/* 1.005 KB = 1029.12 bytes: 1029 is 1.00488 KB -> "1 KB", 1030 is 1.00586 -> "1.01 KB" */
	expect_size(1029, "1 KB");
	expect_size(1030, "1.01 KB");
	/* exactly half: 1.125 KB = 1152 bytes -> 1.13 */
	expect_size(1152, "1.13 KB");
	/* 1.115 KB = 1141.76: 1141 is 1.11426 -> 1.11, 1142 is 1.11523 -> 1.12 */
	expect_size(1141, "1.11 KB");
	expect_size(1142, "1.12 KB");
	/* 0.995 of a unit rounds up to the whole: 1023.995 KB is 1048571 bytes and more */
	expect_size(1048570, "1023.99 KB");
	expect_size(1048571, "1 MB");
}

static void sizes_never_write_1024_of_a_unit(void **state)
{
	(void)state;
	expect_size(1048575, "1 MB");
	expect_size(INT64_C(1073741823), "1 GB");
	expect_size(INT64_C(1099511627775), "1 TB");
	/* and every value on the way is below 1024 of its unit */
	for (int64_t b = 1000; b < 3 * 1048576; b += 997) {
		char out[32];
		docs_size_format(b, out);
		double v = 0;
		char unit[4] = "";
		assert_int_equal(sscanf(out, "%lf %3s", &v, unit), 2);
		assert_true(v < 1024);
		assert_true(v >= 1 || strcmp(unit, "B") == 0);
	}
}

static void sizes_negative_and_huge(void **state)
{
	(void)state;
	expect_size(-1, "0 B");
	expect_size(INT64_MIN, "0 B");
	expect_size(INT64_MAX, "8 EB");
	expect_size(INT64_C(1152921504606846976), "1 EB");
	char out[32];
	assert_true(strlen(docs_size_format(INT64_MAX - 1, out)) < 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(category_names_round_trip),
		cmocka_unit_test(category_labels_are_for_people),
		cmocka_unit_test(category_parse_refuses_unknown_names),
		cmocka_unit_test(category_links_follow_the_table_checks),
		cmocka_unit_test(languages_of_india_are_valid),
		cmocka_unit_test(other_languages_are_refused),
		cmocka_unit_test(sizes_as_the_page_writes_them),
		cmocka_unit_test(sizes_round_half_up_at_the_second_decimal),
		cmocka_unit_test(sizes_never_write_1024_of_a_unit),
		cmocka_unit_test(sizes_negative_and_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
