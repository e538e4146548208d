/* Periods and their arithmetic (returns.h, "period.c"): reading and
 * writing a period's text, its first and last day, the day a return falls
 * due, the period that holds a day, and the periods around it.  Pure: no
 * allocation, no clock, no locale (digits are read and written by hand,
 * never with ctype or strtol).
 *
 * The valid periods, and so the range every function here keeps to:
 *   monthly, quarterly, annual  year PERIOD_YEAR_MIN..PERIOD_YEAR_MAX
 *   financial year              start year PERIOD_YEAR_MIN..FY_YEAR_LAST,
 *                               "1990-91" .. "2098-99"
 * returns.h names "2099-00" among the texts period_parse refuses, while
 * "1999-00" (1999 to 2000) is a good financial year: so a financial year
 * must end, on 31 March, before the year PERIOD_YEAR_MAX — its start year
 * is at most PERIOD_YEAR_MAX - 2.
 *
 * One text, two periods: "2005-06" is June 2005 and the financial year
 * 2005-06 (so is every "YYYY-NN" with YYYY 2000..2011).  period_parse, which
 * is not told the type, reads such a text as a month; period_parse_as with
 * PERIOD_FINANCIAL_YEAR reads it as a financial year.  A data set has one
 * period type, so its returns are read with period_parse_as. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "returns/returns.h"

/* The start year of the last financial year there is: see above. */
#define FY_YEAR_LAST (PERIOD_YEAR_MAX - 2)

static const char *const type_names[PERIOD_TYPE_COUNT] = {
	"monthly", "quarterly", "annual", "financial_year",
};

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

/* U+2013 EN DASH in UTF-8, written as bytes so the source's and the
 * compiler's character sets do not matter. */
#define EN_DASH "\xE2\x80\x93"

const char *period_type_name(enum period_type t)
{
	return (unsigned)t < PERIOD_TYPE_COUNT ? type_names[t] : NULL;
}

bool period_type_parse(const char *s, enum period_type *t)
{
	for (int i = 0; s && i < PERIOD_TYPE_COUNT; i++)
		if (strcmp(type_names[i], s) == 0) {
			*t = (enum period_type)i;
			return true;
		}
	return false;
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	assert(month >= 1 && month <= 12);
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Whether p is a period this module knows, within the range above.  Every
 * function that takes a period asserts it: a bad one is the caller's bug,
 * as the only ways to make a period are period_parse and its kin. */
static bool period_valid(const struct period *p)
{
	switch (p->type) {
	case PERIOD_MONTHLY:
		return p->year >= PERIOD_YEAR_MIN && p->year <= PERIOD_YEAR_MAX && p->index >= 1 && p->index <= 12;
	case PERIOD_QUARTERLY:
		return p->year >= PERIOD_YEAR_MIN && p->year <= PERIOD_YEAR_MAX && p->index >= 1 && p->index <= 4;
	case PERIOD_ANNUAL:
		return p->year >= PERIOD_YEAR_MIN && p->year <= PERIOD_YEAR_MAX && p->index == 0;
	case PERIOD_FINANCIAL_YEAR:
		return p->year >= PERIOD_YEAR_MIN && p->year <= FY_YEAR_LAST && p->index == 0;
	case PERIOD_TYPE_COUNT:
		break;
	}
	return false;
}

/* n decimal digits at s, exactly (no sign, no space), into *value. */
static bool read_digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

/* v as exactly n digits, zero-padded, at out; returns the end.  v must fit. */
static char *write_digits(char *out, int v, int n)
{
	assert(v >= 0);
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	assert(v == 0);
	return out + n;
}

/* Each reader takes the whole text (its length is checked first, so no
 * read goes past the NUL) and fills *p only when the text is valid. */
static bool parse_monthly(const char *s, struct period *p)
{
	int year, month;
	if (strlen(s) != 7 || !read_digits(s, 4, &year) || s[4] != '-' || !read_digits(s + 5, 2, &month))
		return false;
	struct period q = { PERIOD_MONTHLY, year, month };
	if (!period_valid(&q))
		return false;
	*p = q;
	return true;
}

static bool parse_quarterly(const char *s, struct period *p)
{
	int year, quarter;
	if (strlen(s) != 6 || !read_digits(s, 4, &year) || s[4] != 'Q' || !read_digits(s + 5, 1, &quarter))
		return false;
	struct period q = { PERIOD_QUARTERLY, year, quarter };
	if (!period_valid(&q))
		return false;
	*p = q;
	return true;
}

static bool parse_annual(const char *s, struct period *p)
{
	int year;
	if (strlen(s) != 4 || !read_digits(s, 4, &year))
		return false;
	struct period q = { PERIOD_ANNUAL, year, 0 };
	if (!period_valid(&q))
		return false;
	*p = q;
	return true;
}

static bool parse_financial_year(const char *s, struct period *p)
{
	int year, next;
	if (strlen(s) != 7 || !read_digits(s, 4, &year) || s[4] != '-' || !read_digits(s + 5, 2, &next))
		return false;
	if (next != (year + 1) % 100)
		return false;
	struct period q = { PERIOD_FINANCIAL_YEAR, year, 0 };
	if (!period_valid(&q))
		return false;
	*p = q;
	return true;
}

bool period_parse(const char *s, struct period *p)
{
	/* a month first: "2005-06" is June 2005 (see the head of this file) */
	return s && (parse_monthly(s, p) || parse_quarterly(s, p) || parse_annual(s, p) || parse_financial_year(s, p));
}

bool period_parse_as(const char *s, enum period_type t, struct period *p)
{
	if (!s)
		return false;
	switch (t) {
	case PERIOD_MONTHLY:
		return parse_monthly(s, p);
	case PERIOD_QUARTERLY:
		return parse_quarterly(s, p);
	case PERIOD_ANNUAL:
		return parse_annual(s, p);
	case PERIOD_FINANCIAL_YEAR:
		return parse_financial_year(s, p);
	case PERIOD_TYPE_COUNT:
		break;
	}
	return false;
}

void period_format(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	assert(period_valid(p));
	char *o = write_digits(out, p->year, 4);
	switch (p->type) {
	case PERIOD_MONTHLY:
		*o++ = '-';
		o = write_digits(o, p->index, 2);
		break;
	case PERIOD_QUARTERLY:
		*o++ = 'Q';
		o = write_digits(o, p->index, 1);
		break;
	case PERIOD_ANNUAL:
		break;
	case PERIOD_FINANCIAL_YEAR:
		*o++ = '-';
		o = write_digits(o, (p->year + 1) % 100, 2);
		break;
	case PERIOD_TYPE_COUNT:
		break;
	}
	*o = '\0';
}

void period_label(const struct period *p, char out[PERIOD_LABEL_MAX])
{
	assert(period_valid(p));
	/* the years as text, so no %d and no locale; the longest label,
	 * "2098-99 (April 2098 – March 2099)", is 35 bytes */
	char year[5], next_year[5], code[PERIOD_TEXT_MAX];
	*write_digits(year, p->year, 4) = '\0';
	*write_digits(next_year, p->year + 1, 4) = '\0';
	period_format(p, code);
	int n = 0;
	switch (p->type) {
	case PERIOD_MONTHLY:
		n = snprintf(out, PERIOD_LABEL_MAX, "%s %s", month_names[p->index - 1], year);
		break;
	case PERIOD_QUARTERLY:
		n = snprintf(out, PERIOD_LABEL_MAX, "Q%c %s (%s " EN_DASH " %s)", (char)('0' + p->index), year,
		             month_names[3 * p->index - 3], month_names[3 * p->index - 1]);
		break;
	case PERIOD_ANNUAL:
		n = snprintf(out, PERIOD_LABEL_MAX, "%s", year);
		break;
	case PERIOD_FINANCIAL_YEAR:
		n = snprintf(out, PERIOD_LABEL_MAX, "%s (April %s " EN_DASH " March %s)", code, year, next_year);
		break;
	case PERIOD_TYPE_COUNT:
		break;
	}
	assert(n > 0 && n < PERIOD_LABEL_MAX);
	(void)n;
}

static void write_day(int year, int month, int day, char out[11])
{
	char *o = write_digits(out, year, 4);
	*o++ = '-';
	o = write_digits(o, month, 2);
	*o++ = '-';
	o = write_digits(o, day, 2);
	*o = '\0';
}

/* The first month of p and the last, with their years. */
static void period_months(const struct period *p, int *first_year, int *first_month, int *last_year,
                          int *last_month)
{
	assert(period_valid(p));
	*first_year = *last_year = p->year;
	*first_month = *last_month = 1;
	switch (p->type) {
	case PERIOD_MONTHLY:
		*first_month = *last_month = p->index;
		return;
	case PERIOD_QUARTERLY:
		*first_month = 3 * p->index - 2;
		*last_month = 3 * p->index;
		return;
	case PERIOD_ANNUAL:
		*first_month = 1;
		*last_month = 12;
		return;
	case PERIOD_FINANCIAL_YEAR:
		*first_month = 4;
		*last_month = 3;
		*last_year = p->year + 1;
		return;
	case PERIOD_TYPE_COUNT:
		break;
	}
	assert(!"period type");
}

void period_first_day(const struct period *p, char out[11])
{
	int first_year, first_month, last_year, last_month;
	period_months(p, &first_year, &first_month, &last_year, &last_month);
	write_day(first_year, first_month, 1, out);
}

void period_last_day(const struct period *p, char out[11])
{
	int first_year, first_month, last_year, last_month;
	period_months(p, &first_year, &first_month, &last_year, &last_month);
	write_day(last_year, last_month, days_in_month(last_year, last_month), out);
}

/* The last day of p plus days: days = 0 gives the last day itself, 1 the
 * day after it.  Whole months are stepped over one at a time (at most 121
 * of them for days <= 3660); the year may pass PERIOD_YEAR_MAX, as a due
 * date after the last period may. */
void period_day_after_end(const struct period *p, int days, char out[11])
{
	assert(days >= 0 && days <= 3660);
	int first_year, first_month, year, month;
	period_months(p, &first_year, &first_month, &year, &month);
	int day = days_in_month(year, month) + days;
	while (day > days_in_month(year, month)) {
		day -= days_in_month(year, month);
		if (++month > 12) {
			month = 1;
			year++;
		}
	}
	write_day(year, month, day, out);
}

bool period_containing(enum period_type t, const char *day, struct period *p)
{
	int year, month, dom;
	if (!day || strlen(day) != 10 || !read_digits(day, 4, &year) || day[4] != '-' ||
	    !read_digits(day + 5, 2, &month) || day[7] != '-' || !read_digits(day + 8, 2, &dom))
		return false;
	if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX || month < 1 || month > 12 || dom < 1 ||
	    dom > days_in_month(year, month))
		return false;
	struct period q = { t, year, 0 };
	switch (t) {
	case PERIOD_MONTHLY:
		q.index = month;
		break;
	case PERIOD_QUARTERLY:
		q.index = (month + 2) / 3;
		break;
	case PERIOD_ANNUAL:
		break;
	case PERIOD_FINANCIAL_YEAR:
		if (month < 4)
			q.year = year - 1;
		break;
	case PERIOD_TYPE_COUNT:
		return false;
	}
	/* January–March 1990 lie in 1989-90, before the first financial year */
	if (!period_valid(&q))
		return false;
	*p = q;
	return true;
}

/* previous, next and year_before clamp at the ends of the range: a step
 * that would leave it returns *p unchanged, which the caller sees as
 * period_compare(&step, p) == 0.  Nothing outside the range is ever made. */
static struct period step(const struct period *p, int delta)
{
	assert(period_valid(p));
	assert(delta == 1 || delta == -1);
	struct period q = *p;
	int per_year = p->type == PERIOD_MONTHLY ? 12 : p->type == PERIOD_QUARTERLY ? 4 : 0;
	if (per_year == 0) {
		q.year += delta;
	} else {
		q.index += delta;
		if (q.index < 1) {
			q.index = per_year;
			q.year--;
		} else if (q.index > per_year) {
			q.index = 1;
			q.year++;
		}
	}
	return period_valid(&q) ? q : *p;
}

struct period period_previous(const struct period *p)
{
	return step(p, -1);
}

struct period period_next(const struct period *p)
{
	return step(p, 1);
}

struct period period_year_before(const struct period *p)
{
	assert(period_valid(p));
	struct period q = *p;
	q.year--;
	return period_valid(&q) ? q : *p;
}

int period_compare(const struct period *a, const struct period *b)
{
	assert(a->type == b->type);
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return 0;
}
