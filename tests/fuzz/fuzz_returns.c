/* libFuzzer harness for the two parsers of src/returns (returns.h):
 * rule_expr_parse (validation rules' expressions, rules.c) and
 * period_parse / period_parse_as (periods, period.c).
 *
 * Input: one byte that chooses the parser, data[0] % 6 — the digits '0' to
 * '5' are 0 to 5, so the seeds read as text:
 *   0     rule_expr_parse
 *   1     period_parse
 *   2..5  period_parse_as with type 0..3 (monthly, quarterly, annual,
 *         financial_year)
 * then the text.  The text is cut at each NUL and every piece (the first
 * MAX_PIECES) is parsed on its own, from a heap copy of exactly its length
 * and the NUL, so AddressSanitizer sees any read past the end.
 *
 * What must hold, or abort():
 *   rules    success: 1..RULE_TERMS_MAX terms, signs ±1, codes [a-z0-9_]
 *            {1,40} (combination may be empty, indicator only for a
 *            number), numbers 0..10^12, err "", the same terms without an
 *            err buffer; written back ("#{a.b} + 3 - #{c}" and "#{a.b}+3-
 *            #{c}") the terms parse to the same terms; evaluation against
 *            fixed lookups is exact while the partial sums fit, and *blank
 *            is right.  Failure: nterms 0, a message that is not empty, is
 *            NUL-terminated within errlen, under 256 bytes, nothing written
 *            past errlen, no control character but a tab, valid UTF-8 when
 *            the text was; a smaller errlen gives a prefix of it, cut at most
 *            one partial character short (when the text was valid UTF-8).
 *   periods  success: period_format gives the text back, period_parse_as
 *            with the parsed type gives the same period (period_parse reads
 *            "2005-06" as a month; as a financial year it is the only text
 *            two types share), first day <= last day and both lie in the
 *            period, the label is non-empty valid UTF-8 under
 *            PERIOD_LABEL_MAX, previous <= p <= next and each step undoes
 *            the other, the periods touch (the day after the previous one
 *            is p's first day), a step stays put only at the end of the
 *            range.  Failure: *p untouched.
 * Built by `make fuzz`; run briefly by `make test` over
 * tests/fuzz/corpus/returns. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/returns.h"

#define MAX_PIECES 8
#define CANARY 32
#define ERR_BIG 1024        /* room for any message: rules.c says under 256 */
#define ERR_LONGEST 255
#define NUMBER_MAX 1000000000000LL
#define RULE_WRITTEN_MAX (RULE_TERMS_MAX * (2 * RULE_CODE_MAX + 8) + 1)

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_returns: %s\n", what);
		abort();
	}
}

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points past U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned b = s[i];
		size_t len;
		uint32_t c;
		if (b < 0x80) {
			i++;
			continue;
		} else if ((b & 0xE0) == 0xC0) {
			len = 2;
			c = b & 0x1F;
		} else if ((b & 0xF0) == 0xE0) {
			len = 3;
			c = b & 0x0F;
		} else if ((b & 0xF8) == 0xF0) {
			len = 4;
			c = b & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
			return 0;
		i += len;
	}
	return 1;
}

/* True when s[0..n) holds a control character (C0 or DEL) other than a tab. */
static int has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char u = (unsigned char)s[i];
		if ((u < 0x20 && u != '\t') || u == 0x7F)
			return 1;
	}
	return 0;
}

static void canary_set(char *buf, size_t from)
{
	memset(buf + from, 0xA5, CANARY);
}

static int canary_intact(const char *buf, size_t from)
{
	for (size_t i = from; i < from + CANARY; i++)
		if ((unsigned char)buf[i] != 0xA5)
			return 0;
	return 1;
}

/* ---- rules ---- */

/* s is a code: 1..RULE_CODE_MAX of [a-z0-9_], NUL-terminated in its array. */
static int code_ok(const char s[RULE_CODE_MAX + 1])
{
	size_t n = strnlen(s, RULE_CODE_MAX + 1);
	if (n == 0 || n > RULE_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static void check_terms(const struct rule_expr *e)
{
	check(e->nterms >= 1 && e->nterms <= RULE_TERMS_MAX, "rule: term count");
	for (size_t i = 0; i < e->nterms; i++) {
		const struct rule_term *t = &e->terms[i];
		check(t->sign == 1 || t->sign == -1, "rule: sign");
		if (t->indicator[0] == '\0') {
			check(t->combo[0] == '\0', "rule: a number with a combination");
			check(t->number >= 0 && t->number <= NUMBER_MAX, "rule: number out of range");
		} else {
			check(code_ok(t->indicator), "rule: indicator code");
			check(t->combo[0] == '\0' || code_ok(t->combo), "rule: combination code");
		}
	}
}

static int terms_equal(const struct rule_expr *a, const struct rule_expr *b)
{
	if (a->nterms != b->nterms)
		return 0;
	for (size_t i = 0; i < a->nterms; i++) {
		const struct rule_term *s = &a->terms[i], *t = &b->terms[i];
		if (s->sign != t->sign || strcmp(s->indicator, t->indicator) != 0 || strcmp(s->combo, t->combo) != 0 ||
		    (s->indicator[0] == '\0' && s->number != t->number))
			return 0;
	}
	return 1;
}

/* e written back as an expression, with " + " between terms (spaced) or
 * "+" (compact), into out (RULE_WRITTEN_MAX bytes).  Returns its length. */
static size_t rule_write(const struct rule_expr *e, int spaced, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nterms; i++) {
		const struct rule_term *t = &e->terms[i];
		const char *sign = t->sign < 0 ? (spaced && i ? " - " : "-") : (i ? (spaced ? " + " : "+") : "");
		int w;
		if (t->indicator[0] == '\0')
			w = snprintf(out + n, RULE_WRITTEN_MAX - n, "%s%lld", sign, t->number);
		else if (t->combo[0] == '\0')
			w = snprintf(out + n, RULE_WRITTEN_MAX - n, "%s#{%s}", sign, t->indicator);
		else
			w = snprintf(out + n, RULE_WRITTEN_MAX - n, "%s#{%s.%s}", sign, t->indicator, t->combo);
		check(w > 0 && (size_t)w < RULE_WRITTEN_MAX - n, "rule: written expression too long for the harness");
		n += (size_t)w;
	}
	return n;
}

/* Parses the written form of e and wants e's terms back. */
static void check_rewritten(const struct rule_expr *e, const char *text, size_t len, int spaced)
{
	static char out[RULE_WRITTEN_MAX];
	size_t n = rule_write(e, spaced, out);
	/* the compact form drops blanks, a leading '+' and leading zeros, so it
	 * is never longer than what was parsed */
	if (!spaced)
		check(n <= len, "rule: compact form longer than the text parsed");
	if (n > RULE_TEXT_MAX)
		return;
	static struct rule_expr again;
	char err[ERR_BIG];
	if (!rule_expr_parse(out, &again, err, sizeof err)) {
		fprintf(stderr, "fuzz_returns: [%s] parsed, its written form [%s] not: %s\n", text, out, err);
		abort();
	}
	check(terms_equal(e, &again), "rule: written form parses to other terms");
}

/* Fixed values for the lookups: small ones, LLONG_MAX / 64 (the bound under
 * which rules.c says the sum is exact) and the extremes. */
static const long long small_values[] = { 0, 1, 7, 42, 1000, -1, -5, 1000000, NUMBER_MAX, -NUMBER_MAX };
static const long long big_values[] = { LLONG_MAX / 64, -(LLONG_MAX / 64), LLONG_MAX, LLONG_MIN, LLONG_MAX - 1,
                                        LLONG_MIN + 1, 1, 0, -1, NUMBER_MAX };

struct look {
	int mode;           /* 0 every cell blank, 1 small values, 2 big values */
	unsigned calls;
};

/* A value for (indicator, combo) in mode, or blank: pure, so the harness
 * can ask it again for the expected sum. */
static int look_value(int mode, const char *indicator, const char *combo, long long *value)
{
	uint32_t h = 2166136261u;
	for (const char *c = indicator; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	h = (h ^ '.') * 16777619u;
	for (const char *c = combo ? combo : ""; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	if (mode == 0 || h % 5 == 0)
		return 0;
	*value = mode == 1 ? small_values[(h >> 8) % 10] : big_values[(h >> 8) % 10];
	return 1;
}

static bool look_cell(void *ctx, const char *indicator, const char *combo, long long *value)
{
	struct look *l = ctx;
	check(indicator && code_ok(indicator), "eval: lookup given a bad indicator");
	check(!combo || code_ok(combo), "eval: lookup given a bad or empty combination");
	l->calls++;
	return look_value(l->mode, indicator, combo, value);
}

/* Evaluates e in each mode: one lookup per cell term, *blank exactly when
 * no cell had a value, and the sum exact while every partial sum fits in
 * a long long (what rules.c promises; past that it saturates, never
 * wraps — UBSan would see a wrap). */
static void check_eval(const struct rule_expr *e)
{
	for (int mode = 0; mode < 3; mode++) {
		struct look l = { mode, 0 };
		bool blank = false;
		long long got = rule_expr_eval(e, look_cell, &l, &blank);
		unsigned cells = 0;
		int any = 0, fits = 1;
		__int128 sum = 0;
		for (size_t i = 0; i < e->nterms; i++) {
			const struct rule_term *t = &e->terms[i];
			long long v = 0;
			if (t->indicator[0] == '\0') {
				v = t->number;
			} else {
				cells++;
				if (look_value(mode, t->indicator, t->combo[0] ? t->combo : NULL, &v))
					any = 1;
				else
					v = 0;
			}
			sum += t->sign < 0 ? -(__int128)v : (__int128)v;
			if (sum > LLONG_MAX || sum < LLONG_MIN)
				fits = 0;
		}
		check(l.calls == cells, "eval: not one lookup per cell term");
		check(blank == !any, "eval: *blank wrong");
		if (fits)
			check(got == (long long)sum, "eval: sum not exact");
	}
}

/* A failed parse's message in err[0..errlen): the checks that do not
 * depend on errlen.  Returns its length. */
static size_t check_message(const char *err, size_t errlen, int text_utf8)
{
	size_t n = strnlen(err, errlen);
	check(n < errlen, "rule: message not NUL-terminated within errlen");
	check(!has_control(err, n), "rule: control character in message");
	if (text_utf8)
		check(utf8_valid((const unsigned char *)err, n), "rule: message not valid UTF-8");
	return n;
}

static void check_rule(const char *text, size_t len)
{
	static struct rule_expr e, bare;
	static char err[ERR_BIG + CANARY], full[ERR_BIG];
	int text_utf8 = utf8_valid((const unsigned char *)text, len);

	memset(&e, 0x5A, sizeof e);
	memset(err, 0x5A, ERR_BIG);
	canary_set(err, ERR_BIG);
	bool ok = rule_expr_parse(text, &e, err, ERR_BIG);
	check(canary_intact(err, ERR_BIG), "rule: wrote past errlen");

	/* no err buffer: the same answer */
	memset(&bare, 0xC3, sizeof bare);
	check(rule_expr_parse(text, &bare, NULL, 0) == ok, "rule: answer depends on the err buffer");

	if (ok) {
		check(err[0] == '\0', "rule: message on success");
		check_terms(&e);
		check(terms_equal(&e, &bare), "rule: terms depend on the err buffer");
		check_rewritten(&e, text, len, 1);
		check_rewritten(&e, text, len, 0);
		check_eval(&e);
		return;
	}

	check(e.nterms == 0 && bare.nterms == 0, "rule: terms left after a failure");
	size_t n = check_message(err, ERR_BIG, text_utf8);
	check(n > 0, "rule: empty message");
	check(n <= ERR_LONGEST, "rule: message 256 bytes or longer");
	memcpy(full, err, n + 1);

	/* smaller buffers, down to none: a prefix, cut at most one character
	 * (up to 3 bytes of it) short of what fitted */
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 5, 8, 13, 21, 34, 55, 89, 144, 160 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t errlen = sizes[i];
		memset(err, 0x5A, errlen);
		canary_set(err, errlen);
		check(!rule_expr_parse(text, &e, err, errlen), "rule: answer depends on errlen");
		check(canary_intact(err, errlen), "rule: wrote past a small errlen");
		check(e.nterms == 0, "rule: terms left after a failure (small errlen)");
		if (errlen == 0)
			continue;
		size_t m = check_message(err, errlen, text_utf8);
		check(memcmp(err, full, m) == 0, "rule: cut message is not a prefix");
		if (n < errlen)
			check(m == n, "rule: message cut although it fitted");
		else if (text_utf8)   /* a broken text may end its cut on a run of continuation bytes */
			check(m + 4 >= errlen, "rule: message cut more than one character short");
	}
}

/* ---- periods ---- */

static int period_equal(const struct period *a, const struct period *b)
{
	return a->type == b->type && a->year == b->year && a->index == b->index;
}

/* A day "YYYY-MM-DD" written into out[0..11) with a canary after it. */
static void check_day(const char *out, const char *what)
{
	check(canary_intact(out, 11), what);
	check(strlen(out) == 10, what);
	for (int i = 0; i < 10; i++)
		check(i == 4 || i == 7 ? out[i] == '-' : out[i] >= '0' && out[i] <= '9', what);
}

static void first_day(const struct period *p, char out[11 + CANARY])
{
	canary_set(out, 11);
	period_first_day(p, out);
	check_day(out, "period: first day");
}

static void last_day(const struct period *p, char out[11 + CANARY])
{
	canary_set(out, 11);
	period_last_day(p, out);
	check_day(out, "period: last day");
}

static void day_after_end(const struct period *p, int days, char out[11 + CANARY])
{
	canary_set(out, 11);
	period_day_after_end(p, days, out);
	check_day(out, "period: day after end");
}

/* p's text, checked for its bound, read back as p's type. */
static void format_checked(const struct period *p, char out[PERIOD_TEXT_MAX + CANARY])
{
	canary_set(out, PERIOD_TEXT_MAX);
	period_format(p, out);
	check(canary_intact(out, PERIOD_TEXT_MAX), "period: format wrote past PERIOD_TEXT_MAX");
	check(strnlen(out, PERIOD_TEXT_MAX) < PERIOD_TEXT_MAX, "period: format not NUL-terminated");
	struct period q;
	check(period_parse_as(out, p->type, &q) && period_equal(&q, p), "period: format does not parse back");
}

/* Whether a step from p that stayed put is allowed to: only at the first
 * (dir < 0) or last (dir > 0) period of p's type. */
static int at_range_end(const struct period *p, int dir)
{
	int first_index = p->type == PERIOD_MONTHLY || p->type == PERIOD_QUARTERLY ? 1 : 0;
	int last_index = p->type == PERIOD_MONTHLY ? 12 : p->type == PERIOD_QUARTERLY ? 4 : 0;
	int last_year = p->type == PERIOD_FINANCIAL_YEAR ? PERIOD_YEAR_MAX - 2 : PERIOD_YEAR_MAX;
	if (dir < 0)
		return p->year == PERIOD_YEAR_MIN && p->index == first_index;
	return p->year == last_year && p->index == last_index;
}

static void check_period(const struct period *p, const char *text)
{
	char code[PERIOD_TEXT_MAX + CANARY], label[PERIOD_LABEL_MAX + CANARY];
	char first[11 + CANARY], last[11 + CANARY], day[11 + CANARY], day2[11 + CANARY];
	struct period q;

	check((unsigned)p->type < PERIOD_TYPE_COUNT, "period: type");
	enum period_type t;
	check(period_type_parse(period_type_name(p->type), &t) && t == p->type, "period: type name");

	format_checked(p, code);
	if (strcmp(code, text) != 0) {
		fprintf(stderr, "fuzz_returns: [%s] formats as [%s]\n", text, code);
		abort();
	}
	/* period_parse reads the text as p, or — "2005-06" — as the month */
	check(period_parse(code, &q), "period: format not read by period_parse");
	check(period_equal(&q, p) || (p->type == PERIOD_FINANCIAL_YEAR && q.type == PERIOD_MONTHLY),
	      "period: period_parse reads the format as another period");

	canary_set(label, PERIOD_LABEL_MAX);
	period_label(p, label);
	check(canary_intact(label, PERIOD_LABEL_MAX), "period: label wrote past PERIOD_LABEL_MAX");
	size_t n = strnlen(label, PERIOD_LABEL_MAX);
	check(n > 0 && n < PERIOD_LABEL_MAX, "period: label empty or unterminated");
	check(utf8_valid((const unsigned char *)label, n) && !has_control(label, n), "period: label not clean UTF-8");

	first_day(p, first);
	last_day(p, last);
	check(strcmp(first, last) <= 0, "period: first day after last day");
	check(period_containing(p->type, first, &q) && period_equal(&q, p), "period: first day not in the period");
	check(period_containing(p->type, last, &q) && period_equal(&q, p), "period: last day not in the period");
	day_after_end(p, 0, day);
	check(strcmp(day, last) == 0, "period: day_after_end(0) is not the last day");
	day_after_end(p, 1, day);
	check(strcmp(day, last) > 0, "period: day_after_end(1) not after the last day");
	day_after_end(p, 3660, day2);
	check(strcmp(day2, day) > 0, "period: day_after_end(3660) not after day_after_end(1)");

	struct period prev = period_previous(p), next = period_next(p), year = period_year_before(p);
	check(prev.type == p->type && next.type == p->type && year.type == p->type, "period: step changed the type");
	check(period_compare(&prev, p) <= 0 && period_compare(&next, p) >= 0 && period_compare(&year, p) <= 0,
	      "period: previous / next / year before out of order");
	check(period_compare(p, p) == 0, "period: not equal to itself");
	if (period_equal(&prev, p)) {
		check(at_range_end(p, -1), "period: previous stayed put inside the range");
	} else {
		format_checked(&prev, code);
		struct period back = period_next(&prev);
		check(period_equal(&back, p), "period: next(previous(p)) is not p");
		day_after_end(&prev, 1, day);
		check(strcmp(day, first) == 0, "period: previous does not end the day before p starts");
	}
	if (period_equal(&next, p)) {
		check(at_range_end(p, 1), "period: next stayed put inside the range");
	} else {
		format_checked(&next, code);
		struct period back = period_previous(&next);
		check(period_equal(&back, p), "period: previous(next(p)) is not p");
		first_day(&next, day2);
		day_after_end(p, 1, day);
		check(strcmp(day, day2) == 0, "period: next does not start the day after p ends");
	}
	if (!period_equal(&year, p)) {
		format_checked(&year, code);
		check(year.year == p->year - 1 && year.index == p->index, "period: year before");
	}
}

/* Parses text with the parser sel chooses (1: period_parse, 2..5:
 * period_parse_as), checks the others agree, and checks the period. */
static void check_period_text(const char *text, int sel)
{
	struct period p, as[PERIOD_TYPE_COUNT], any;
	bool as_ok[PERIOD_TYPE_COUNT];
	memset(&p, 0x5A, sizeof p);
	struct period untouched = p;
	bool ok = sel == 1 ? period_parse(text, &p) : period_parse_as(text, (enum period_type)(sel - 2), &p);
	if (!ok)
		check(memcmp(&p, &untouched, sizeof p) == 0, "period: *p written on failure");

	int accepted = 0;
	for (int t = 0; t < PERIOD_TYPE_COUNT; t++) {
		as_ok[t] = period_parse_as(text, (enum period_type)t, &as[t]);
		if (as_ok[t]) {
			check(as[t].type == (enum period_type)t, "period: parse_as gave another type");
			accepted++;
		}
	}
	check(!period_parse_as(text, PERIOD_TYPE_COUNT, &any), "period: parse_as with no type");
	bool any_ok = period_parse(text, &any);
	check(any_ok == (accepted > 0), "period: period_parse and period_parse_as disagree");
	/* only a month and a financial year share a text, and then it is the month */
	check(accepted <= 1 || (accepted == 2 && as_ok[PERIOD_MONTHLY] && as_ok[PERIOD_FINANCIAL_YEAR]),
	      "period: a text of more than one type");
	if (any_ok)
		check(as_ok[any.type] && period_equal(&any, &as[any.type]) &&
		      (any.type == PERIOD_MONTHLY || !as_ok[PERIOD_MONTHLY]),
		      "period: period_parse does not read as period_parse_as");
	if (sel >= 2)
		check(ok == as_ok[sel - 2] && (!ok || period_equal(&p, &as[sel - 2])), "period: parse_as not repeatable");
	else
		check(ok == any_ok && (!ok || period_equal(&p, &any)), "period: parse not repeatable");

	if (ok)
		check_period(&p, text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* a NULL text: empty for the rules, nothing for the periods */
	struct rule_expr e;
	char err[ERR_BIG];
	struct period p;
	check(!rule_expr_parse(NULL, &e, err, sizeof err) && err[0] != '\0', "rule: NULL text");
	check(!period_parse(NULL, &p) && !period_parse_as(NULL, PERIOD_MONTHLY, &p), "period: NULL text");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int sel = data[0] % 6;
	const char *rest = (const char *)data + 1, *end = (const char *)data + size;
	for (int piece = 0; piece < MAX_PIECES; piece++) {
		const char *nul = memchr(rest, '\0', (size_t)(end - rest));
		size_t len = nul ? (size_t)(nul - rest) : (size_t)(end - rest);
		char *text = malloc(len + 1);
		check(text != NULL, "out of memory");
		memcpy(text, rest, len);
		text[len] = '\0';
		if (sel == 0)
			check_rule(text, len);
		else
			check_period_text(text, sel);
		free(text);
		if (!nul)
			break;
		rest = nul + 1;
	}
	return 0;
}
