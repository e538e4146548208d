/* Unit tests of src/util: numbers, times, bounded buffers, CSV reading and
 * the embedded files (util.c, csv.c, embedded.c share util.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"

/* ---- util_parse_int ---- */

/* Parses s and returns whether it was accepted; *out is left alone on
 * failure, which the sentinel checks. */
static bool parse(const char *s, long long min, long long max, long long *out)
{
	*out = 777;
	return util_parse_int(s, min, max, out);
}

static void parse_int_accepts_whole_numbers(void **state)
{
	(void)state;
	long long v;
	assert_true(parse("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_true(parse("-7", -10, 10, &v));
	assert_int_equal(v, -7);
	assert_true(parse("0", 0, 0, &v));
	assert_int_equal(v, 0);
	assert_true(parse("007", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_true(parse("9223372036854775807", 0, LLONG_MAX, &v));
	assert_true(v == LLONG_MAX);
	assert_true(parse("-9223372036854775808", LLONG_MIN, 0, &v));
	assert_true(v == LLONG_MIN);
}

static void parse_int_refuses_junk(void **state)
{
	(void)state;
	static const char *const junk[] = {
		"", "+1", " 1", "1 ", "\t1", "1\n", "12a", "a12", "0x10", "1.5", "1e3", "-", "--1", "-+1", "- 1",
		"1,000", "١",
	};
	long long v;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		if (parse(junk[i], LLONG_MIN, LLONG_MAX, &v))
			fail_msg("util_parse_int accepted \"%s\"", junk[i]);
		assert_int_equal(v, 777);
	}
	assert_false(parse(NULL, 0, 10, &v));
	assert_int_equal(v, 777);
}

static void parse_int_refuses_overflow(void **state)
{
	(void)state;
	long long v;
	assert_false(parse("9223372036854775808", LLONG_MIN, LLONG_MAX, &v));
	assert_false(parse("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v));
	assert_false(parse("99999999999999999999999", LLONG_MIN, LLONG_MAX, &v));
	assert_int_equal(v, 777);
}

static void parse_int_checks_range(void **state)
{
	(void)state;
	long long v;
	assert_false(parse("0", 1, 10, &v));
	assert_true(parse("1", 1, 10, &v));
	assert_int_equal(v, 1);
	assert_true(parse("10", 1, 10, &v));
	assert_int_equal(v, 10);
	assert_false(parse("11", 1, 10, &v));
	assert_false(parse("-1", 0, 10, &v));
	assert_int_equal(v, 777);
}

/* ---- util_parse_time, util_iso8601 ---- */

#define MS_2026_11_28 1795824000000LL           /* 2026-11-28T00:00:00Z */
#define MS_2026_11_28_1530 1795879800000LL      /* 2026-11-28T15:30:00Z */

static void parse_time_accepts_date_and_timestamp(void **state)
{
	(void)state;
	int64_t ms = 0;
	assert_true(util_parse_time("2026-11-28", &ms));
	assert_int_equal(ms, MS_2026_11_28);
	assert_true(util_parse_time("2026-11-28T15:30:00Z", &ms));
	assert_int_equal(ms, MS_2026_11_28_1530);
	assert_true(util_parse_time("1970-01-01", &ms));
	assert_int_equal(ms, 0);
	assert_true(util_parse_time("2024-02-29", &ms));   /* a leap day */
	assert_int_equal(ms, 1709164800000LL);
}

static void parse_time_refuses_bad_forms(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "2026", "2026-11", "2026-11-28T15:30:00", "2026-11-28T15:30Z", "2026-11-28T15:30:00+05:30",
		"2026-11-28 15:30:00Z", "2026-11-28t15:30:00z", "2026/11/28", "28-11-2026", "2026-13-01",
		"2026-00-10", "2026-11-32", "2026-11-00", "2026-11-28T24:00:00Z", "2026-11-28T15:60:00Z",
		"2026-11-28x", "abcdefghij", "2026-11-28T15:30:00.000Z", "today",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 12345;
		if (util_parse_time(bad[i], &ms))
			fail_msg("util_parse_time accepted \"%s\"", bad[i]);
		assert_int_equal(ms, 12345);
	}
	int64_t ms = 12345;
	assert_false(util_parse_time(NULL, &ms));
}

/* "false when malformed" (util.h): a day that the month does not have, or
 * a number padded with a space, is malformed; it must not be moved to
 * another date. */
static void parse_time_refuses_impossible_dates(void **state)
{
	(void)state;
	static const char *const bad[] = { "2026-02-30", "2026-04-31", "2025-02-29", " 026-01-01", "2026-01- 1",
					   "2026-01-01T 1:00:00Z" };
	char accepted[512] = "";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t ms = 12345;
		if (util_parse_time(bad[i], &ms)) {
			char back[32];
			util_iso8601(ms, back);
			size_t n = strlen(accepted);
			snprintf(accepted + n, sizeof accepted - n, " \"%s\" as %s;", bad[i], back);
		}
	}
	if (*accepted)
		fail_msg("util_parse_time accepted%s", accepted);
}

static void plain_numbers_are_told_from_formulas(void **state)
{
	(void)state;
	const char *yes[] = { "0", "-10", "+433.3", "12.50", "-.5", "7." };
	const char *no[] = { "", "-", "+", ".", "-1+2", "=1", "@SUM(A1)", "-10 ", "1e5", "--1", "+cmd|' /C calc'!A0" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(util_plain_number(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(util_plain_number(no[i]));
}

static void iso8601_formats_utc(void **state)
{
	(void)state;
	char out[32];
	util_iso8601(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	util_iso8601(MS_2026_11_28_1530, out);
	assert_string_equal(out, "2026-11-28T15:30:00Z");
	util_iso8601(MS_2026_11_28_1530 + 999, out);       /* milliseconds are dropped, not rounded */
	assert_string_equal(out, "2026-11-28T15:30:00Z");
	util_iso8601(1709164800000LL + 86399000LL, out);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
	/* and back */
	int64_t ms;
	assert_true(util_parse_time(out, &ms));
	assert_int_equal(ms, 1709164800000LL + 86399000LL);
}

static void hex_is_lower_case(void **state)
{
	(void)state;
	const unsigned char in[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];
	memset(out, 'X', sizeof out);
	util_hex(in, sizeof in, out);
	assert_string_equal(out, "000fa5ff");
	util_hex(in, 0, out);
	assert_string_equal(out, "");
}

/* ---- struct buf ---- */

static void buf_appends_up_to_its_limit(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_append(&b, "abcd", 4), 0);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "abcd");
	assert_int_equal(buf_append(&b, "efgh", 4), 0);   /* exactly the limit */
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "abcdefgh", 9);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 8);
}

static void buf_append_past_max_fails_and_leaves_it_unchanged(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_append(&b, "abcdef", 6), 0);
	char *before = b.data;
	size_t cap = b.cap;
	assert_int_equal(buf_append(&b, "xyz", 3), -1);
	assert_int_equal(b.len, 6);
	assert_ptr_equal(b.data, before);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.data, "abcdef");
	/* a length that would wrap size_t */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), -1);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 3), -1);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.data, "abcdef");
	/* what still fits does */
	assert_int_equal(buf_append(&b, "gh", 2), 0);
	assert_string_equal(b.data, "abcdefgh");
	assert_int_equal(buf_append(&b, "i", 1), -1);
	assert_string_equal(b.data, "abcdefgh");
	buf_free(&b);

	/* on an empty buffer too */
	buf_init(&b, 3);
	assert_int_equal(buf_append(&b, "abcd", 4), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void buf_grows_and_printf_respects_limit(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%03d,", i), 0);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.data, "000,001,", 8);
	assert_memory_equal(b.data + 3996, "999,", 5);
	/* the long path of buf_printf (past its 1024-byte stack buffer) */
	char big[3000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(buf_printf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, 4000 + 3001);
	assert_int_equal(b.data[4000], '<');
	assert_int_equal(b.data[b.len - 1], '>');
	assert_int_equal(b.data[b.len], 0);
	buf_free(&b);

	buf_init(&b, 10);
	assert_int_equal(buf_printf(&b, "%d", 12345), 0);
	assert_int_equal(buf_printf(&b, "%d", 123456), -1);
	assert_string_equal(b.data, "12345");
	assert_int_equal(buf_printf(&b, "%s", big), -1);
	assert_int_equal(b.len, 5);
	buf_free(&b);
}

/* ---- util_csv_each ---- */

struct rows {
	int count;
	int stop_at;            /* return 99 on that row (1-based); 0: never */
	int nfields[8];
	char text[8][4][32];
};

static int collect(void *ctx, int n, char **f)
{
	struct rows *r = ctx;
	if (r->count < 8) {
		r->nfields[r->count] = n;
		for (int i = 0; i < n && i < 4; i++)
			snprintf(r->text[r->count][i], sizeof r->text[r->count][i], "%s", f[i]);
	}
	r->count++;
	return r->stop_at && r->count == r->stop_at ? 99 : 0;
}

static int csv(const char *s, struct rows *r)
{
	return util_csv_each(s, strlen(s), collect, r);
}

static void csv_reads_quoted_fields_and_skips_header(void **state)
{
	(void)state;
	struct rows r = { 0 };
	const char *s = "lgd,name,note\n"
			"1,\"Anantnag, Kashmir\",\"say \"\"hi\"\"\"\n"
			"2,\"two\nlines\",\n"
			"3,plain,\"\"";               /* no final newline */
	assert_int_equal(csv(s, &r), 0);
	assert_int_equal(r.count, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.nfields[i], 3);
	assert_string_equal(r.text[0][0], "1");
	assert_string_equal(r.text[0][1], "Anantnag, Kashmir");
	assert_string_equal(r.text[0][2], "say \"hi\"");
	assert_string_equal(r.text[1][1], "two\nlines");
	assert_string_equal(r.text[1][2], "");
	assert_string_equal(r.text[2][0], "3");
	assert_string_equal(r.text[2][1], "plain");
	assert_string_equal(r.text[2][2], "");
}

static void csv_reads_crlf_and_header_only(void **state)
{
	(void)state;
	struct rows r = { 0 };
	assert_int_equal(csv("a,b\r\n1,2\r\n", &r), 0);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.text[0][0], "1");
	assert_string_equal(r.text[0][1], "2");

	memset(&r, 0, sizeof r);
	assert_int_equal(csv("a,b\n", &r), 0);
	assert_int_equal(r.count, 0);
	assert_int_equal(csv("", &r), 0);
	assert_int_equal(r.count, 0);
}

static void csv_returns_the_stop_value(void **state)
{
	(void)state;
	struct rows r = { .stop_at = 2 };
	assert_int_equal(csv("h\n1\n2\n3\n4\n", &r), 99);
	assert_int_equal(r.count, 2);           /* rows after the stop are not read */
	assert_string_equal(r.text[1][0], "2");
}

static void csv_refuses_malformed_input(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"h\na,\"b\"c\n",           /* text after a closing quote */
		"h\na\"b\n",               /* a quote inside an unquoted field */
		"h\n\"a\"\"\"b\"\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct rows r = { 0 };
		if (csv(bad[i], &r) != -1)
			fail_msg("util_csv_each accepted malformed input #%zu", i);
	}
	/* more than 32 fields */
	char wide[200] = "h\n";
	for (int i = 0; i < 33; i++)
		strcat(wide, i ? ",x" : "x");
	strcat(wide, "\n");
	struct rows r = { 0 };
	assert_int_equal(csv(wide, &r), -1);
	assert_int_equal(r.count, 0);
	/* 32 fields are fine */
	char ok[200] = "h\n";
	for (int i = 0; i < 32; i++)
		strcat(ok, i ? ",x" : "x");
	strcat(ok, "\n");
	memset(&r, 0, sizeof r);
	assert_int_equal(csv(ok, &r), 0);
	assert_int_equal(r.nfields[0], 32);
}

/* A quoted field that never closes is a truncated file, not a value. */
static void csv_refuses_unterminated_quote(void **state)
{
	(void)state;
	struct rows r = { 0 };
	int rc = csv("lgd,name\n1,\"Anantnag", &r);
	if (rc != -1)
		fail_msg("util_csv_each returned %d for an unterminated quoted field (read %d rows, name \"%s\")",
			 rc, r.count, r.text[0][1]);
}

/* ---- embedded files ---- */

static void embedded_states_csv_is_present(void **state)
{
	(void)state;
	const struct embedded *e = embedded_get("data/states.csv");
	assert_non_null(e);
	assert_string_equal(e->name, "data/states.csv");
	assert_true(e->len > 100);
	assert_memory_equal(e->data, "lgd,name,kind", 13);
	assert_int_equal(e->data[e->len - 1], '\n');
	assert_non_null(embedded_get("data/districts.csv"));
	assert_non_null(embedded_get("data/common-passwords.txt"));
	assert_null(embedded_get("data/states"));
	assert_null(embedded_get("states.csv"));
	assert_null(embedded_get(""));
}

static void embedded_list_by_prefix(void **state)
{
	(void)state;
	const struct embedded *out[16];
	size_t n = embedded_list("src/db/sqlite/migrations/", out, 16);
	assert_true(n >= 1);
	assert_string_equal(out[0]->name, "src/db/sqlite/migrations/0001-init.sql");
	for (size_t i = 1; i < n && i < 16; i++)
		assert_true(strcmp(out[i - 1]->name, out[i]->name) < 0);
	assert_int_equal(embedded_list("data/", out, 1), 7);    /* counts past max: 7 data files */
	assert_int_equal(embedded_list("nothing/", out, 16), 0);
}

static void group_indian(void **state)
{
	(void)state;
	static const struct { unsigned long long v; const char *want; } cases[] = {
		{ 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 12345, "12,345" }, { 123456, "1,23,456" },
		{ 1234567, "12,34,567" }, { 12345678, "1,23,45,678" }, { 123456789012ULL, "1,23,45,67,89,012" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		util_group_indian(cases[i].v, out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	/* Times are UTC whatever the local zone: run in India's. */
	setenv("TZ", "IST-5:30", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_int_accepts_whole_numbers),
		cmocka_unit_test(parse_int_refuses_junk),
		cmocka_unit_test(parse_int_refuses_overflow),
		cmocka_unit_test(parse_int_checks_range),
		cmocka_unit_test(parse_time_accepts_date_and_timestamp),
		cmocka_unit_test(parse_time_refuses_bad_forms),
		cmocka_unit_test(parse_time_refuses_impossible_dates),
		cmocka_unit_test(plain_numbers_are_told_from_formulas),
		cmocka_unit_test(iso8601_formats_utc),
		cmocka_unit_test(hex_is_lower_case),
		cmocka_unit_test(buf_appends_up_to_its_limit),
		cmocka_unit_test(buf_append_past_max_fails_and_leaves_it_unchanged),
		cmocka_unit_test(buf_grows_and_printf_respects_limit),
		cmocka_unit_test(csv_reads_quoted_fields_and_skips_header),
		cmocka_unit_test(csv_reads_crlf_and_header_only),
		cmocka_unit_test(csv_returns_the_stop_value),
		cmocka_unit_test(csv_refuses_malformed_input),
		cmocka_unit_test(csv_refuses_unterminated_quote),
		cmocka_unit_test(embedded_states_csv_is_present),
		cmocka_unit_test(embedded_list_by_prefix),
		cmocka_unit_test(group_indian),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
