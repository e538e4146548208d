/* Periods and their arithmetic (src/returns/period.c): the API's texts and
 * nothing else, the first and last days with leap years counted, due
 * dates, the period that holds a day, and the steps between periods —
 * checked at the edges and, over the whole range, against an independent
 * count of days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "returns/returns.h"

/* ---- helpers ---- */

/* The period the text s is, read as type t; fails the test if it is none. */
static struct period parsed(const char *s, enum period_type t)
{
	struct period p;
	if (!period_parse_as(s, t, &p))
		fail_msg("'%s' did not parse as %s", s, period_type_name(t));
	return p;
}

static struct period make(enum period_type t, int year, int index)
{
	struct period p = { t, year, index };
	return p;
}

static void assert_period(struct period p, enum period_type t, int year, int index)
{
	assert_int_equal(p.type, t);
	assert_int_equal(p.year, year);
	assert_int_equal(p.index, index);
}

static void assert_days(const char *text, enum period_type t, const char *first, const char *last)
{
	struct period p = parsed(text, t);
	char out[11];
	period_first_day(&p, out);
	assert_string_equal(out, first);
	period_last_day(&p, out);
	assert_string_equal(out, last);
}

static void assert_after_end(const char *text, enum period_type t, int days, const char *want)
{
	struct period p = parsed(text, t);
	char out[11];
	period_day_after_end(&p, days, out);
	assert_string_equal(out, want);
}

static void assert_containing(enum period_type t, const char *day, const char *want)
{
	struct period p;
	char out[PERIOD_TEXT_MAX];
	if (!period_containing(t, day, &p))
		fail_msg("no %s period holds %s", period_type_name(t), day);
	assert_int_equal(p.type, t);
	period_format(&p, out);
	assert_string_equal(out, want);
}

static void assert_step(struct period (*f)(const struct period *), const char *from, enum period_type t,
                        const char *want)
{
	struct period p = parsed(from, t);
	struct period q = f(&p);
	char out[PERIOD_TEXT_MAX];
	assert_int_equal(q.type, t);
	period_format(&q, out);
	assert_string_equal(out, want);
}

/* An independent calendar for the sweeps below: days since 1970-01-01
 * (H. Hinnant's days_from_civil / civil_from_days), not month stepping as
 * period.c does. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = y / 400;  /* y > 0 here */
	long yoe = y - era * 400;
	long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
	z += 719468;
	long era = z / 146097;  /* z > 0 here */
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	char text[64];
	snprintf(text, sizeof text, "%04ld-%02ld-%02ld", y, m, d);
	assert_int_equal(strlen(text), 10);
	memcpy(out, text, 11);
}

static long day_number(const char *day)
{
	int y, m, d;
	assert_int_equal(sscanf(day, "%4d-%2d-%2d", &y, &m, &d), 3);
	return days_from_civil(y, m, d);
}

/* Every valid period of type t, in order, into ps (room for n); their count. */
static int all_periods(enum period_type t, struct period *ps, int n)
{
	int count = 0;
	int per_year = t == PERIOD_MONTHLY ? 12 : t == PERIOD_QUARTERLY ? 4 : 0;
	int last_year = t == PERIOD_FINANCIAL_YEAR ? PERIOD_YEAR_MAX - 2 : PERIOD_YEAR_MAX;
	for (int y = PERIOD_YEAR_MIN; y <= last_year; y++)
		for (int i = per_year ? 1 : 0; i <= per_year; i++) {
			assert_true(count < n);
			ps[count++] = make(t, y, i);
		}
	return count;
}

#define ALL_MAX 2000
static const int period_count[PERIOD_TYPE_COUNT] = {
	111 * 12, /* monthly 1990-01 .. 2100-12 */
	111 * 4,  /* quarterly 1990Q1 .. 2100Q4 */
	111,      /* annual 1990 .. 2100 */
	109,      /* financial years 1990-91 .. 2098-99 */
};

/* ---- the types ---- */

static void type_names_round_trip(void **state)
{
	(void)state;
	assert_string_equal(period_type_name(PERIOD_MONTHLY), "monthly");
	assert_string_equal(period_type_name(PERIOD_QUARTERLY), "quarterly");
	assert_string_equal(period_type_name(PERIOD_ANNUAL), "annual");
	assert_string_equal(period_type_name(PERIOD_FINANCIAL_YEAR), "financial_year");
	assert_null(period_type_name(PERIOD_TYPE_COUNT));
	assert_null(period_type_name((enum period_type)-1));
	for (int i = 0; i < PERIOD_TYPE_COUNT; i++) {
		enum period_type t = PERIOD_TYPE_COUNT;
		assert_true(period_type_parse(period_type_name((enum period_type)i), &t));
		assert_int_equal(t, i);
	}
	const char *bad[] = { "", "Monthly", "MONTHLY", "month", "monthly ", " monthly", "financial-year",
	                      "financial year", "fy", "annually", "quarter", "monthlyx" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum period_type t = PERIOD_TYPE_COUNT;
		if (period_type_parse(bad[i], &t))
			fail_msg("'%s' parsed as a period type", bad[i]);
		assert_int_equal(t, PERIOD_TYPE_COUNT);
	}
	enum period_type t = PERIOD_TYPE_COUNT;
	assert_false(period_type_parse(NULL, &t));
	assert_int_equal(t, PERIOD_TYPE_COUNT);
}

/* ---- reading and writing ---- */

static void parse_reads_each_type(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum period_type type;
		int year, index;
	} good[] = {
		{ "2026-03", PERIOD_MONTHLY, 2026, 3 },
		{ "2026-01", PERIOD_MONTHLY, 2026, 1 },
		{ "2026-12", PERIOD_MONTHLY, 2026, 12 },
		{ "1990-01", PERIOD_MONTHLY, 1990, 1 },
		{ "2100-12", PERIOD_MONTHLY, 2100, 12 },
		{ "2026Q1", PERIOD_QUARTERLY, 2026, 1 },
		{ "2026Q4", PERIOD_QUARTERLY, 2026, 4 },
		{ "1990Q1", PERIOD_QUARTERLY, 1990, 1 },
		{ "2100Q4", PERIOD_QUARTERLY, 2100, 4 },
		{ "2026", PERIOD_ANNUAL, 2026, 0 },
		{ "1990", PERIOD_ANNUAL, 1990, 0 },
		{ "2100", PERIOD_ANNUAL, 2100, 0 },
		{ "2025-26", PERIOD_FINANCIAL_YEAR, 2025, 0 },
		{ "1999-00", PERIOD_FINANCIAL_YEAR, 1999, 0 },
		{ "1990-91", PERIOD_FINANCIAL_YEAR, 1990, 0 },
		{ "2012-13", PERIOD_FINANCIAL_YEAR, 2012, 0 },
		{ "2098-99", PERIOD_FINANCIAL_YEAR, 2098, 0 },
		/* both a month and a financial year: untyped, it is the month */
		{ "2011-12", PERIOD_MONTHLY, 2011, 12 },
		{ "2000-01", PERIOD_MONTHLY, 2000, 1 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct period p = { PERIOD_TYPE_COUNT, -1, -1 };
		if (!period_parse(good[i].text, &p))
			fail_msg("'%s' did not parse", good[i].text);
		assert_period(p, good[i].type, good[i].year, good[i].index);
		struct period q = { PERIOD_TYPE_COUNT, -1, -1 };
		assert_true(period_parse_as(good[i].text, good[i].type, &q));
		assert_period(q, good[i].type, good[i].year, good[i].index);
		/* and as no other type, except the month-or-financial-year texts */
		for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
			struct period r;
			bool both = (t == PERIOD_FINANCIAL_YEAR && good[i].type == PERIOD_MONTHLY &&
			             good[i].year >= 2000 && good[i].year <= 2011 &&
			             good[i].index == (good[i].year + 1) % 100);
			if (t != (int)good[i].type)
				assert_int_equal(period_parse_as(good[i].text, (enum period_type)t, &r), both);
		}
	}
}

static void parse_refuses_everything_else(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",            "2026-3",      "2026-13",     "2026-00",    "2026Q5",      "2026Q0",
		"2025-27",     "2099-00",     "2025-25",     "2000-00",    "1998-00",     "2026-03 ",
		" 2026-03",    "2026-03\n",   "2026 ",       "+2026",      "-2026",       "2026q1",
		"2026-Q1",     "2026Q01",     "2026Q",       "Q12026",     "26",          "026",
		"20260",       "02026",       "1989",        "2101",       "9999",        "0000",
		"1989-12",     "2101-01",     "1989Q4",      "2101Q1",     "1989-90",     "2099-2100",
		"2025-2026",   "2025/26",     "2025-26x",    "2025 - 26",  "2025-+6",     "2026-+3",
		"2026- 3",     "2026-1a",     "20x6",        "2026-03-01", "2026 03",     "2026/03",
		"2026.03",     "0x7EA",       "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96", /* "２０２６" */
		"2026Q\xD9\xA1", /* an Arabic-Indic one */
		"2026-03\t",   "-202",        "2026-0",     "2100-01x",
		/* non-digits that a careless digit test would add up into a good number */
		"21.0",        "21-0",        "2026-1/",     "2026-1-",    "1:79",
	};
	size_t n = sizeof bad / sizeof bad[0];
	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++) {
		struct period p = { PERIOD_TYPE_COUNT, -7, -7 };
		if (period_parse(bad[i], &p))
			fail_msg("'%s' parsed as %s %d %d", bad[i], period_type_name(p.type), p.year, p.index);
		for (int t = 0; t < PERIOD_TYPE_COUNT; t++)
			if (period_parse_as(bad[i], (enum period_type)t, &p))
				fail_msg("'%s' parsed as %s", bad[i], period_type_name((enum period_type)t));
		/* a refusal leaves *p alone */
		assert_period(p, PERIOD_TYPE_COUNT, -7, -7);
	}
	struct period p = { PERIOD_TYPE_COUNT, -7, -7 };
	assert_false(period_parse(NULL, &p));
	assert_false(period_parse_as(NULL, PERIOD_MONTHLY, &p));
	assert_false(period_parse_as("2026", PERIOD_TYPE_COUNT, &p));
	assert_period(p, PERIOD_TYPE_COUNT, -7, -7);
}

static void parse_as_wants_its_type(void **state)
{
	(void)state;
	struct period p;
	/* June 2005 or the financial year 2005-06: the type decides */
	assert_period(parsed("2005-06", PERIOD_FINANCIAL_YEAR), PERIOD_FINANCIAL_YEAR, 2005, 0);
	assert_period(parsed("2005-06", PERIOD_MONTHLY), PERIOD_MONTHLY, 2005, 6);
	assert_period(parsed("2000-01", PERIOD_FINANCIAL_YEAR), PERIOD_FINANCIAL_YEAR, 2000, 0);
	assert_period(parsed("2011-12", PERIOD_FINANCIAL_YEAR), PERIOD_FINANCIAL_YEAR, 2011, 0);
	assert_false(period_parse_as("2005-06", PERIOD_ANNUAL, &p));
	assert_false(period_parse_as("2025-26", PERIOD_MONTHLY, &p));  /* month 26 */
	assert_false(period_parse_as("2026-03", PERIOD_FINANCIAL_YEAR, &p));
	assert_false(period_parse_as("2026", PERIOD_MONTHLY, &p));
	assert_false(period_parse_as("2026", PERIOD_FINANCIAL_YEAR, &p));
	assert_false(period_parse_as("2026Q1", PERIOD_ANNUAL, &p));
	assert_false(period_parse_as("2026Q1", PERIOD_FINANCIAL_YEAR, &p));
	assert_false(period_parse_as("2026-03", PERIOD_QUARTERLY, &p));
	/* a financial year's range: 1990-91 .. 2098-99 */
	assert_false(period_parse_as("1989-90", PERIOD_FINANCIAL_YEAR, &p));
	assert_false(period_parse_as("2099-00", PERIOD_FINANCIAL_YEAR, &p));
	assert_false(period_parse_as("2100-01", PERIOD_FINANCIAL_YEAR, &p));
	assert_period(parsed("2100-01", PERIOD_MONTHLY), PERIOD_MONTHLY, 2100, 1);
}

static void format_inverts_parse(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum period_type type;
	} texts[] = {
		{ "2026-03", PERIOD_MONTHLY },        { "1990-01", PERIOD_MONTHLY },
		{ "2100-12", PERIOD_MONTHLY },        { "2024-02", PERIOD_MONTHLY },
		{ "2026Q1", PERIOD_QUARTERLY },       { "2026Q2", PERIOD_QUARTERLY },
		{ "2026Q3", PERIOD_QUARTERLY },       { "2100Q4", PERIOD_QUARTERLY },
		{ "2026", PERIOD_ANNUAL },            { "1990", PERIOD_ANNUAL },
		{ "2100", PERIOD_ANNUAL },            { "2025-26", PERIOD_FINANCIAL_YEAR },
		{ "1999-00", PERIOD_FINANCIAL_YEAR }, { "2000-01", PERIOD_FINANCIAL_YEAR },
		{ "2009-10", PERIOD_FINANCIAL_YEAR }, { "2098-99", PERIOD_FINANCIAL_YEAR },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct period p = parsed(texts[i].text, texts[i].type);
		char out[PERIOD_TEXT_MAX];
		memset(out, 'x', sizeof out);
		period_format(&p, out);
		assert_string_equal(out, texts[i].text);
	}
	/* every period there is: parse_as(format(p)) == p, and the text's length */
	static const size_t length[PERIOD_TYPE_COUNT] = { 7, 6, 4, 7 };
	static struct period all[ALL_MAX];
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		int n = all_periods((enum period_type)t, all, ALL_MAX);
		assert_int_equal(n, period_count[t]);
		for (int i = 0; i < n; i++) {
			char out[PERIOD_TEXT_MAX];
			struct period back;
			period_format(&all[i], out);
			assert_int_equal(strlen(out), length[t]);
			assert_true(period_parse_as(out, (enum period_type)t, &back));
			assert_int_equal(period_compare(&back, &all[i]), 0);
			assert_period(back, all[i].type, all[i].year, all[i].index);
		}
	}
}

static void labels_for_people(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum period_type type;
		const char *label;
	} labels[] = {
		{ "2026-03", PERIOD_MONTHLY, "March 2026" },
		{ "1990-01", PERIOD_MONTHLY, "January 1990" },
		{ "2100-09", PERIOD_MONTHLY, "September 2100" },
		{ "2026-12", PERIOD_MONTHLY, "December 2026" },
		{ "2026Q1", PERIOD_QUARTERLY, "Q1 2026 (January \xE2\x80\x93 March)" },
		{ "2026Q2", PERIOD_QUARTERLY, "Q2 2026 (April \xE2\x80\x93 June)" },
		{ "2026Q3", PERIOD_QUARTERLY, "Q3 2026 (July \xE2\x80\x93 September)" },
		{ "2026Q4", PERIOD_QUARTERLY, "Q4 2026 (October \xE2\x80\x93 December)" },
		{ "2026", PERIOD_ANNUAL, "2026" },
		{ "2025-26", PERIOD_FINANCIAL_YEAR, "2025-26 (April 2025 \xE2\x80\x93 March 2026)" },
		{ "1999-00", PERIOD_FINANCIAL_YEAR, "1999-00 (April 1999 \xE2\x80\x93 March 2000)" },
		{ "2005-06", PERIOD_FINANCIAL_YEAR, "2005-06 (April 2005 \xE2\x80\x93 March 2006)" },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		struct period p = parsed(labels[i].text, labels[i].type);
		char out[PERIOD_LABEL_MAX];
		period_label(&p, out);
		assert_string_equal(out, labels[i].label);
	}
	/* every label fits; the longest is a financial year's, 35 bytes */
	static struct period all[ALL_MAX];
	size_t longest = 0;
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		int n = all_periods((enum period_type)t, all, ALL_MAX);
		for (int i = 0; i < n; i++) {
			char out[PERIOD_LABEL_MAX];
			period_label(&all[i], out);
			size_t len = strlen(out);
			assert_true(len > 0 && len < PERIOD_LABEL_MAX);
			if (len > longest)
				longest = len;
		}
	}
	assert_int_equal(longest, 35);
}

/* ---- days ---- */

static void first_and_last_days(void **state)
{
	(void)state;
	/* February: 2024 and 2000 are leap years, 2023 and 2100 are not */
	assert_days("2024-02", PERIOD_MONTHLY, "2024-02-01", "2024-02-29");
	assert_days("2023-02", PERIOD_MONTHLY, "2023-02-01", "2023-02-28");
	assert_days("2000-02", PERIOD_MONTHLY, "2000-02-01", "2000-02-29");
	assert_days("2100-02", PERIOD_MONTHLY, "2100-02-01", "2100-02-28");
	assert_days("1996-02", PERIOD_MONTHLY, "1996-02-01", "1996-02-29");
	assert_days("2026-01", PERIOD_MONTHLY, "2026-01-01", "2026-01-31");
	assert_days("2026-04", PERIOD_MONTHLY, "2026-04-01", "2026-04-30");
	assert_days("2026-06", PERIOD_MONTHLY, "2026-06-01", "2026-06-30");
	assert_days("2026-09", PERIOD_MONTHLY, "2026-09-01", "2026-09-30");
	assert_days("2026-11", PERIOD_MONTHLY, "2026-11-01", "2026-11-30");
	assert_days("2026-12", PERIOD_MONTHLY, "2026-12-01", "2026-12-31");
	assert_days("1990-01", PERIOD_MONTHLY, "1990-01-01", "1990-01-31");
	assert_days("2026Q1", PERIOD_QUARTERLY, "2026-01-01", "2026-03-31");
	assert_days("2026Q2", PERIOD_QUARTERLY, "2026-04-01", "2026-06-30");
	assert_days("2026Q3", PERIOD_QUARTERLY, "2026-07-01", "2026-09-30");
	assert_days("2026Q4", PERIOD_QUARTERLY, "2026-10-01", "2026-12-31");
	assert_days("2024Q1", PERIOD_QUARTERLY, "2024-01-01", "2024-03-31");
	assert_days("2026", PERIOD_ANNUAL, "2026-01-01", "2026-12-31");
	assert_days("2024", PERIOD_ANNUAL, "2024-01-01", "2024-12-31");
	assert_days("2100", PERIOD_ANNUAL, "2100-01-01", "2100-12-31");
	assert_days("2025-26", PERIOD_FINANCIAL_YEAR, "2025-04-01", "2026-03-31");
	assert_days("1999-00", PERIOD_FINANCIAL_YEAR, "1999-04-01", "2000-03-31");
	assert_days("1990-91", PERIOD_FINANCIAL_YEAR, "1990-04-01", "1991-03-31");
	assert_days("2098-99", PERIOD_FINANCIAL_YEAR, "2098-04-01", "2099-03-31");
	assert_days("2023-24", PERIOD_FINANCIAL_YEAR, "2023-04-01", "2024-03-31");

	/* every period: its days tile the calendar with no gap and no overlap,
	 * and it is as long as it should be */
	static struct period all[ALL_MAX];
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		int n = all_periods((enum period_type)t, all, ALL_MAX);
		long previous_last = 0;
		for (int i = 0; i < n; i++) {
			char first[11], last[11];
			period_first_day(&all[i], first);
			period_last_day(&all[i], last);
			long length = day_number(last) - day_number(first) + 1;
			if (t == PERIOD_MONTHLY)
				assert_in_range(length, 28, 31);
			else if (t == PERIOD_QUARTERLY)
				assert_in_range(length, 90, 92);
			else
				assert_in_range(length, 365, 366);
			if (i > 0)
				assert_int_equal(day_number(first), previous_last + 1);
			previous_last = day_number(last);
		}
	}
}

static void day_after_end_counts_from_the_last_day(void **state)
{
	(void)state;
	/* 0 is the last day itself */
	assert_after_end("2024-02", PERIOD_MONTHLY, 0, "2024-02-29");
	assert_after_end("2024-02", PERIOD_MONTHLY, 1, "2024-03-01");
	assert_after_end("2024-02", PERIOD_MONTHLY, 7, "2024-03-07");
	assert_after_end("2023-02", PERIOD_MONTHLY, 7, "2023-03-07");
	assert_after_end("2023-12", PERIOD_MONTHLY, 0, "2023-12-31");
	assert_after_end("2023-12", PERIOD_MONTHLY, 1, "2024-01-01");
	assert_after_end("2023-12", PERIOD_MONTHLY, 31, "2024-01-31");
	assert_after_end("2023-12", PERIOD_MONTHLY, 32, "2024-02-01");
	assert_after_end("2023-12", PERIOD_MONTHLY, 60, "2024-02-29");
	assert_after_end("2023-12", PERIOD_MONTHLY, 61, "2024-03-01");
	assert_after_end("2024-01", PERIOD_MONTHLY, 29, "2024-02-29");
	assert_after_end("2024-01", PERIOD_MONTHLY, 30, "2024-03-01");
	assert_after_end("2023-01", PERIOD_MONTHLY, 29, "2023-03-01");
	assert_after_end("2000-01", PERIOD_MONTHLY, 29, "2000-02-29");
	assert_after_end("2099-12", PERIOD_MONTHLY, 59, "2100-02-28");
	assert_after_end("2099-12", PERIOD_MONTHLY, 60, "2100-03-01");
	assert_after_end("2026-04", PERIOD_MONTHLY, 31, "2026-05-31");
	assert_after_end("2026Q1", PERIOD_QUARTERLY, 30, "2026-04-30");
	assert_after_end("2026Q1", PERIOD_QUARTERLY, 31, "2026-05-01");
	assert_after_end("2026Q4", PERIOD_QUARTERLY, 15, "2027-01-15");
	assert_after_end("2023", PERIOD_ANNUAL, 60, "2024-02-29");
	assert_after_end("2024", PERIOD_ANNUAL, 365, "2025-12-31");
	assert_after_end("2024", PERIOD_ANNUAL, 366, "2026-01-01");
	assert_after_end("2025-26", PERIOD_FINANCIAL_YEAR, 0, "2026-03-31");
	assert_after_end("2025-26", PERIOD_FINANCIAL_YEAR, 1, "2026-04-01");
	assert_after_end("2025-26", PERIOD_FINANCIAL_YEAR, 3660, "2036-04-07");
	/* the furthest there is, past PERIOD_YEAR_MAX */
	assert_after_end("2100", PERIOD_ANNUAL, 3660, "2111-01-08");
	assert_after_end("2100-12", PERIOD_MONTHLY, 3660, "2111-01-08");
	assert_after_end("2098-99", PERIOD_FINANCIAL_YEAR, 3660, "2109-04-08");

	/* every period and a spread of days, against the independent calendar */
	static const int days[] = { 0, 1, 2, 27, 28, 29, 30, 31, 59, 60, 61, 90, 91, 92, 364, 365, 366, 730, 1461, 3659, 3660 };
	static struct period all[ALL_MAX];
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		int n = all_periods((enum period_type)t, all, ALL_MAX);
		for (int i = 0; i < n; i++) {
			char last[11];
			period_last_day(&all[i], last);
			long base = day_number(last);
			for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
				char got[11], want[11];
				period_day_after_end(&all[i], days[k], got);
				civil_from_days(base + days[k], want);
				assert_string_equal(got, want);
			}
		}
	}
}

static void containing_finds_the_period(void **state)
{
	(void)state;
	assert_containing(PERIOD_MONTHLY, "2026-03-01", "2026-03");
	assert_containing(PERIOD_MONTHLY, "2026-03-31", "2026-03");
	assert_containing(PERIOD_MONTHLY, "2026-04-01", "2026-04");
	assert_containing(PERIOD_MONTHLY, "2024-02-29", "2024-02");
	assert_containing(PERIOD_MONTHLY, "2025-12-31", "2025-12");
	assert_containing(PERIOD_MONTHLY, "2026-01-01", "2026-01");
	assert_containing(PERIOD_MONTHLY, "1990-01-01", "1990-01");
	assert_containing(PERIOD_MONTHLY, "2100-12-31", "2100-12");
	assert_containing(PERIOD_QUARTERLY, "2026-01-01", "2026Q1");
	assert_containing(PERIOD_QUARTERLY, "2026-03-31", "2026Q1");
	assert_containing(PERIOD_QUARTERLY, "2026-04-01", "2026Q2");
	assert_containing(PERIOD_QUARTERLY, "2026-06-30", "2026Q2");
	assert_containing(PERIOD_QUARTERLY, "2026-07-01", "2026Q3");
	assert_containing(PERIOD_QUARTERLY, "2026-09-30", "2026Q3");
	assert_containing(PERIOD_QUARTERLY, "2026-10-01", "2026Q4");
	assert_containing(PERIOD_QUARTERLY, "2026-12-31", "2026Q4");
	assert_containing(PERIOD_QUARTERLY, "2027-01-01", "2027Q1");
	assert_containing(PERIOD_ANNUAL, "2026-01-01", "2026");
	assert_containing(PERIOD_ANNUAL, "2026-12-31", "2026");
	assert_containing(PERIOD_ANNUAL, "2027-01-01", "2027");
	assert_containing(PERIOD_ANNUAL, "2100-12-31", "2100");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2026-03-31", "2025-26");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2026-04-01", "2026-27");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2025-04-01", "2025-26");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2025-12-31", "2025-26");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2026-01-01", "2025-26");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2000-01-01", "1999-00");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2024-02-29", "2023-24");
	assert_containing(PERIOD_FINANCIAL_YEAR, "1990-04-01", "1990-91");
	assert_containing(PERIOD_FINANCIAL_YEAR, "2099-03-31", "2098-99");

	static const char *const bad_days[] = {
		"",           "2026-3-1",    "2026-03-1",   "2026-03-32",  "2026-04-31",  "2026-00-10",
		"2026-13-01", "2026-03-00",  "2023-02-29",  "2100-02-29",  "1900-02-29",  "2026-03-31 ",
		" 2026-03-31", "2026/03/31", "26-03-31",    "20260331",    "2026-03-31T00", "+026-03-31",
		"2026-03-3a", "2026-03",     "1989-12-31",  "2101-01-01",  "0000-01-01",  "2026-02-30",
		"2026-06-31", "2026-09-31",  "2026-11-31",  "2026-+3-01", "2026-03-1/",
		"2026-1/-01",
	};
	for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++)
		for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
			struct period p = { PERIOD_TYPE_COUNT, -7, -7 };
			if (period_containing((enum period_type)t, bad_days[i], &p))
				fail_msg("'%s' held by a %s period", bad_days[i], period_type_name((enum period_type)t));
			assert_period(p, PERIOD_TYPE_COUNT, -7, -7);
		}
	struct period p = { PERIOD_TYPE_COUNT, -7, -7 };
	assert_false(period_containing(PERIOD_MONTHLY, NULL, &p));
	assert_false(period_containing(PERIOD_TYPE_COUNT, "2026-03-31", &p));
	/* January–March 1990 are in 1989-90, April 2099 on in 2099-00: neither is a period */
	assert_false(period_containing(PERIOD_FINANCIAL_YEAR, "1990-01-01", &p));
	assert_false(period_containing(PERIOD_FINANCIAL_YEAR, "1990-03-31", &p));
	assert_false(period_containing(PERIOD_FINANCIAL_YEAR, "2099-04-01", &p));
	assert_false(period_containing(PERIOD_FINANCIAL_YEAR, "2100-12-31", &p));
	assert_period(p, PERIOD_TYPE_COUNT, -7, -7);
	/* leap days that are days */
	assert_true(period_containing(PERIOD_MONTHLY, "2000-02-29", &p));
	assert_period(p, PERIOD_MONTHLY, 2000, 2);
	assert_true(period_containing(PERIOD_QUARTERLY, "2096-02-29", &p));
	assert_period(p, PERIOD_QUARTERLY, 2096, 1);

	/* every day of the range: the period found holds it */
	long from = days_from_civil(PERIOD_YEAR_MIN, 1, 1), to = days_from_civil(PERIOD_YEAR_MAX, 12, 31);
	assert_int_equal(to - from + 1, 40542);
	int found[PERIOD_TYPE_COUNT] = { 0 };
	for (long d = from; d <= to; d++) {
		char day[11];
		civil_from_days(d, day);
		for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
			struct period q;
			if (!period_containing((enum period_type)t, day, &q))
				continue;
			char first[11], last[11];
			period_first_day(&q, first);
			period_last_day(&q, last);
			assert_true(strcmp(first, day) <= 0 && strcmp(day, last) <= 0);
			found[t]++;
		}
	}
	assert_int_equal(found[PERIOD_MONTHLY], 40542);
	assert_int_equal(found[PERIOD_QUARTERLY], 40542);
	assert_int_equal(found[PERIOD_ANNUAL], 40542);
	/* less Jan–Mar 1990 (90 days) and 2099-04-01 .. 2100-12-31 (640 days) */
	assert_int_equal(found[PERIOD_FINANCIAL_YEAR], 40542 - 90 - 640);
}

/* ---- steps ---- */

static void previous_and_next(void **state)
{
	(void)state;
	assert_step(period_previous, "2026-01", PERIOD_MONTHLY, "2025-12");
	assert_step(period_previous, "2026-03", PERIOD_MONTHLY, "2026-02");
	assert_step(period_next, "2025-12", PERIOD_MONTHLY, "2026-01");
	assert_step(period_next, "2026-03", PERIOD_MONTHLY, "2026-04");
	assert_step(period_previous, "2026Q1", PERIOD_QUARTERLY, "2025Q4");
	assert_step(period_previous, "2026Q3", PERIOD_QUARTERLY, "2026Q2");
	assert_step(period_next, "2025Q4", PERIOD_QUARTERLY, "2026Q1");
	assert_step(period_next, "2026Q2", PERIOD_QUARTERLY, "2026Q3");
	assert_step(period_previous, "2026", PERIOD_ANNUAL, "2025");
	assert_step(period_next, "2026", PERIOD_ANNUAL, "2027");
	assert_step(period_next, "2025-26", PERIOD_FINANCIAL_YEAR, "2026-27");
	assert_step(period_previous, "2025-26", PERIOD_FINANCIAL_YEAR, "2024-25");
	assert_step(period_next, "1999-00", PERIOD_FINANCIAL_YEAR, "2000-01");
	assert_step(period_previous, "2000-01", PERIOD_FINANCIAL_YEAR, "1999-00");
	/* at the ends of the range a step stays put */
	assert_step(period_previous, "1990-01", PERIOD_MONTHLY, "1990-01");
	assert_step(period_next, "2100-12", PERIOD_MONTHLY, "2100-12");
	assert_step(period_previous, "1990Q1", PERIOD_QUARTERLY, "1990Q1");
	assert_step(period_next, "2100Q4", PERIOD_QUARTERLY, "2100Q4");
	assert_step(period_previous, "1990", PERIOD_ANNUAL, "1990");
	assert_step(period_next, "2100", PERIOD_ANNUAL, "2100");
	assert_step(period_previous, "1990-91", PERIOD_FINANCIAL_YEAR, "1990-91");
	assert_step(period_next, "2098-99", PERIOD_FINANCIAL_YEAR, "2098-99");
	assert_step(period_next, "2099-12", PERIOD_MONTHLY, "2100-01");
	assert_step(period_previous, "1991-01", PERIOD_MONTHLY, "1990-12");

	/* a walk from the first period to the last: each next one starts the
	 * day after the one before ends, is after it, and steps back to it */
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		static struct period all[ALL_MAX];
		int n = all_periods((enum period_type)t, all, ALL_MAX);
		struct period p = all[0];
		for (int i = 1; i < n; i++) {
			struct period q = period_next(&p);
			assert_period(q, all[i].type, all[i].year, all[i].index);
			assert_true(period_compare(&q, &p) > 0);
			assert_true(period_compare(&p, &q) < 0);
			struct period back = period_previous(&q);
			assert_int_equal(period_compare(&back, &p), 0);
			char first[11], after[11];
			period_first_day(&q, first);
			period_day_after_end(&p, 1, after);
			assert_string_equal(first, after);
			p = q;
		}
		struct period end = period_next(&p);
		assert_int_equal(period_compare(&end, &p), 0);
		assert_period(end, all[n - 1].type, all[n - 1].year, all[n - 1].index);
	}
}

static void year_before(void **state)
{
	(void)state;
	assert_step(period_year_before, "2026-03", PERIOD_MONTHLY, "2025-03");
	assert_step(period_year_before, "2024-02", PERIOD_MONTHLY, "2023-02");
	assert_step(period_year_before, "2026-01", PERIOD_MONTHLY, "2025-01");
	assert_step(period_year_before, "2100-12", PERIOD_MONTHLY, "2099-12");
	assert_step(period_year_before, "2026Q1", PERIOD_QUARTERLY, "2025Q1");
	assert_step(period_year_before, "2026Q4", PERIOD_QUARTERLY, "2025Q4");
	assert_step(period_year_before, "2026", PERIOD_ANNUAL, "2025");
	assert_step(period_year_before, "2025-26", PERIOD_FINANCIAL_YEAR, "2024-25");
	assert_step(period_year_before, "2000-01", PERIOD_FINANCIAL_YEAR, "1999-00");
	assert_step(period_year_before, "1991-07", PERIOD_MONTHLY, "1990-07");
	/* no year before the first: it stays put */
	assert_step(period_year_before, "1990-07", PERIOD_MONTHLY, "1990-07");
	assert_step(period_year_before, "1990Q3", PERIOD_QUARTERLY, "1990Q3");
	assert_step(period_year_before, "1990", PERIOD_ANNUAL, "1990");
	assert_step(period_year_before, "1990-91", PERIOD_FINANCIAL_YEAR, "1990-91");
}

static void compare_orders_periods(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		enum period_type type;
		int sign;
	} cases[] = {
		{ "2025-12", "2026-01", PERIOD_MONTHLY, -1 },
		{ "2026-01", "2026-01", PERIOD_MONTHLY, 0 },
		{ "2026-02", "2026-01", PERIOD_MONTHLY, 1 },
		{ "2026-12", "2027-01", PERIOD_MONTHLY, -1 },
		{ "2025-01", "2024-12", PERIOD_MONTHLY, 1 },
		{ "2025Q4", "2026Q1", PERIOD_QUARTERLY, -1 },
		{ "2026Q2", "2026Q2", PERIOD_QUARTERLY, 0 },
		{ "2026Q3", "2026Q2", PERIOD_QUARTERLY, 1 },
		{ "1990", "2100", PERIOD_ANNUAL, -1 },
		{ "2026", "2026", PERIOD_ANNUAL, 0 },
		{ "2027", "2026", PERIOD_ANNUAL, 1 },
		{ "1999-00", "2000-01", PERIOD_FINANCIAL_YEAR, -1 },
		{ "2025-26", "2025-26", PERIOD_FINANCIAL_YEAR, 0 },
		{ "2026-27", "2025-26", PERIOD_FINANCIAL_YEAR, 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct period a = parsed(cases[i].a, cases[i].type), b = parsed(cases[i].b, cases[i].type);
		int c = period_compare(&a, &b), r = period_compare(&b, &a);
		int sign = (c > 0) - (c < 0), reverse = (r > 0) - (r < 0);
		if (sign != cases[i].sign)
			fail_msg("compare(%s, %s) = %d", cases[i].a, cases[i].b, c);
		assert_int_equal(reverse, -cases[i].sign);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_names_round_trip),
		cmocka_unit_test(parse_reads_each_type),
		cmocka_unit_test(parse_refuses_everything_else),
		cmocka_unit_test(parse_as_wants_its_type),
		cmocka_unit_test(format_inverts_parse),
		cmocka_unit_test(labels_for_people),
		cmocka_unit_test(first_and_last_days),
		cmocka_unit_test(day_after_end_counts_from_the_last_day),
		cmocka_unit_test(containing_finds_the_period),
		cmocka_unit_test(previous_and_next),
		cmocka_unit_test(year_before),
		cmocka_unit_test(compare_orders_periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
