/* Periodic returns from the districts: data sets and indicators as data,
 * the values of each district's return for a period, validation rules,
 * the workflow draft → submitted → approved (or returned) → accepted, and
 * the completeness of the returns (issue 5; docs/api.md, "Returns").
 * period.c and rules.c are the pure parts (no HTTP, no storage). */
#ifndef AHTCELL_RETURNS_H
#define AHTCELL_RETURNS_H

#include <stdbool.h>
#include <stddef.h>

/* ---- period.c: periods and their arithmetic ---- */

/* The kinds of period a data set is reported for.  Quarters are calendar
 * quarters (Q1 = January–March, as DHIS2); a financial year runs from
 * 1 April to 31 March ("2025-26"). */
enum period_type { PERIOD_MONTHLY, PERIOD_QUARTERLY, PERIOD_ANNUAL, PERIOD_FINANCIAL_YEAR, PERIOD_TYPE_COUNT };

/* A period: its type, its year (for a financial year, the year it starts)
 * and its month (1–12) or quarter (1–4); index 0 for annual periods. */
struct period {
	enum period_type type;
	int year;
	int index;
};

#define PERIOD_YEAR_MIN 1990
#define PERIOD_YEAR_MAX 2100
#define PERIOD_TEXT_MAX 16   /* "2025-26" and the longest label's code, with NUL */
#define PERIOD_LABEL_MAX 48  /* "April 2025 – March 2026" with NUL */

/* "monthly", "quarterly", "annual", "financial_year" and back; NULL / false
 * for anything else. */
const char *period_type_name(enum period_type t);
bool period_type_parse(const char *s, enum period_type *t);

/* Reads a period as the API writes it: "2026-03" (monthly), "2026Q1"
 * (quarterly), "2026" (annual), "2025-26" (financial year: the second year
 * must be the next one, two digits).  Years PERIOD_YEAR_MIN..MAX.  False for
 * anything else (trailing characters, "2026-3", "2026-13", "2026Q5",
 * "2025-27", "2099-00" …). */
bool period_parse(const char *s, struct period *p);
/* The same, and the period must be of type t.  Prefer it: "2005-06" is
 * both June 2005 and the financial year 2005-06 (period_parse reads the
 * month).  Financial years run from 1990-91 to 2098-99. */
bool period_parse_as(const char *s, enum period_type t, struct period *p);
/* The API's text of p (the inverse of period_parse), into out. */
void period_format(const struct period *p, char out[PERIOD_TEXT_MAX]);
/* For people: "March 2026", "Q1 2026 (January – March)", "2026",
 * "2025-26 (April 2025 – March 2026)". */
void period_label(const struct period *p, char out[PERIOD_LABEL_MAX]);

/* The first and last day of p, "YYYY-MM-DD" (leap years counted). */
void period_first_day(const struct period *p, char out[11]);
void period_last_day(const struct period *p, char out[11]);
/* The day days after the last day of p ("YYYY-MM-DD"): when entry locks,
 * when a return falls due.  days may be 0..3660. */
void period_day_after_end(const struct period *p, int days, char out[11]);

/* The period of type t that holds the day "YYYY-MM-DD"; false when day is
 * not a valid date or out of range. */
bool period_containing(enum period_type t, const char *day, struct period *p);
/* The period before / after p, and the same period a year earlier. */
struct period period_previous(const struct period *p);
struct period period_next(const struct period *p);
struct period period_year_before(const struct period *p);
/* <0, 0, >0 as a is before, the same as, or after b (same type). */
int period_compare(const struct period *a, const struct period *b);

/* ---- rules.c: validation rules' expressions ---- */

/* An expression is a sum of terms joined by + and -: a cell #{indicator.
 * combo}, an indicator's total over all its disaggregations #{indicator},
 * or a whole number (0..10^12).  Codes are [a-z0-9_]{1,40}.  Spaces are
 * allowed between terms.  At most RULE_TERMS_MAX terms; text at most
 * RULE_TEXT_MAX bytes. */
#define RULE_TERMS_MAX 64
#define RULE_TEXT_MAX 2000
#define RULE_CODE_MAX 40

struct rule_term {
	int sign;                          /* +1 or -1 */
	char indicator[RULE_CODE_MAX + 1]; /* "" for a number */
	char combo[RULE_CODE_MAX + 1];     /* "" for the indicator's total */
	long long number;                  /* when indicator is "" */
};

struct rule_expr {
	size_t nterms;
	struct rule_term terms[RULE_TERMS_MAX];
};

/* Parses text into *e.  False with a message for a person in err ("Term 3:
 * '#{convicted' has no closing brace.") on any error. */
bool rule_expr_parse(const char *text, struct rule_expr *e, char *err, size_t errlen);

/* The value of one cell (combo not NULL) or of an indicator's total over
 * its disaggregations (combo NULL); false when blank (for a total: when
 * every cell of it is blank). */
typedef bool (*rule_lookup)(void *ctx, const char *indicator, const char *combo, long long *value);

/* Evaluates e: blank terms count as 0.  *blank is true when every term
 * that refers to a cell is blank (a rule whose both sides are blank is
 * skipped by the caller).  Numbers never make a side non-blank. */
long long rule_expr_eval(const struct rule_expr *e, rule_lookup look, void *ctx, bool *blank);

/* Comparison of a rule: "==", "!=", "<", "<=", ">", ">=". */
enum rule_op { RULE_EQ, RULE_NE, RULE_LT, RULE_LE, RULE_GT, RULE_GE };
bool rule_op_parse(const char *s, enum rule_op *op);
const char *rule_op_text(enum rule_op op);   /* "==" … as parsed */
const char *rule_op_words(enum rule_op op);  /* "equal to", "not equal to", "less than", "at most", "more than", "at least" */
bool rule_holds(long long left, enum rule_op op, long long right);

/* ---- api.c: for the digest of the meetings module ---- */
#include <jansson.h>
struct db;
/* A State's returns not submitted: {returns_overdue:[…], returns_due_soon:
 * […]}, each {dataset, dataset_name, period, period_label, due,
 * days_overdue, missing, expected, districts:[names]} — the periods of each
 * data set still open for entry whose due day has passed or comes within
 * 14 days.  New reference; NULL on a database error. */
json_t *returns_digest(struct db *db, int state);

#endif
