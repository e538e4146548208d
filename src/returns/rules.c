/* Validation rules of the returns: their expressions, parsed and
 * evaluated, and their comparisons (see returns.h, "rules.c").  Pure: no
 * allocation, no HTTP, no storage.
 *
 * The grammar, strict so that a rule means one thing only:
 *
 *   expression = blanks [sign blanks] term blanks {sign blanks term blanks}
 *   sign       = "+" | "-"
 *   term       = "#{" code "}" | "#{" code "." code "}" | digits
 *   code       = 1 to 40 of [a-z0-9_]
 *   digits     = 1 or more of [0-9], worth 0 .. 10^12 ("0012" is 12)
 *   blanks     = any number of spaces and tabs
 *
 * Only the first term may carry a sign of its own ("-#{a} + 3"); after
 * that, one sign joins two terms ("#{a} + -3" is refused).  No blanks
 * inside "#{…}" or inside a number.  Line breaks and other control
 * characters are refused.  RULE_TEXT_MAX counts bytes; an expression that
 * parses is ASCII, so its bytes are its characters.
 *
 * Error messages are for the person who wrote the rule: they name the
 * term (counted from 1) and quote at most QUOTE_MAX bytes of what was
 * written, cut at a UTF-8 character boundary, so the message stays valid
 * UTF-8 when the text was (jansson refuses a string that is not).  The
 * longest message is under 256 bytes; a smaller err buffer gets the
 * message cut, again at a character boundary. */
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "returns/returns.h"

#define NUMBER_MAX 1000000000000LL   /* 10^12, the largest number term */
#define QUOTE_MAX 40                  /* bytes of the text quoted in a message */
#define QUOTE_SIZE (QUOTE_MAX + 4)    /* + "…" (3 bytes) + NUL */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_code_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_control(char c)
{
	unsigned char u = (unsigned char)c;
	return (u < 0x20 && c != '\t') || u == 0x7f;
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* The end of the "word" at p: up to the next blank, sign or the end.
 * What a message quotes when a term or an operator is not understood. */
static const char *word_end(const char *p)
{
	while (*p && !is_blank(*p) && *p != '+' && *p != '-')
		p++;
	return p;
}

/* The n bytes at s, for a message: at most QUOTE_MAX of them, cut back to
 * the start of a UTF-8 character, "…" when cut.  The text holds no control
 * character (rule_expr_parse refuses those first). */
static void quote(char out[QUOTE_SIZE], const char *s, size_t n)
{
	bool cut = n > QUOTE_MAX;
	if (cut) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	snprintf(out + n, QUOTE_SIZE - n, "%s", cut ? "…" : "");
}

/* Writes the message into err (when there is room for one) and returns
 * false, so that a parser's failure is one statement.  A message cut by
 * a small errlen is cut back to the start of a UTF-8 character. */
static bool fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return false;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= errlen) {
		/* the last character kept: where it starts, how long its first
		 * byte says it is; dropped when its end was cut */
		size_t len = errlen - 1, start = len;
		while (start > 0 && ((unsigned char)err[start - 1] & 0xc0) == 0x80)
			start--;
		if (start > 0) {
			unsigned char lead = (unsigned char)err[--start];
			size_t need = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			if (start + need > len)
				err[start] = '\0';
		}
	}
	return false;
}

/* Checks one code of a cell term, s..s+n: the indicator's or, when combo,
 * the combination's.  term is the term's number, whole..whole+wlen its
 * text "#{…}", for the messages. */
static bool check_code(const char *s, size_t n, bool combo, size_t term, const char *whole, size_t wlen,
                       char *err, size_t errlen)
{
	char q[QUOTE_SIZE];
	if (n == 0) {
		quote(q, whole, wlen);
		return fail(err, errlen, "Term %zu: '%s' has no %s code %s the '.'.", term, q,
		            combo ? "combination" : "indicator", combo ? "after" : "before");
	}
	for (size_t i = 0; i < n; i++)
		if (!is_code_char(s[i])) {
			quote(q, s, n);
			return fail(err, errlen, "Term %zu: a code may hold only lower-case letters, digits and _ (\"%s\").",
			            term, q);
		}
	if (n > RULE_CODE_MAX) {
		quote(q, s, n);
		return fail(err, errlen, "Term %zu: the code \"%s\" is longer than %d characters.", term, q, RULE_CODE_MAX);
	}
	return true;
}

/* A cell term at *pp ("#{…}"), term number n, into t; *pp moves past it. */
static bool parse_cell(const char **pp, size_t n, struct rule_term *t, char *err, size_t errlen)
{
	const char *p = *pp;
	char q[QUOTE_SIZE];
	if (p[1] != '{') {
		quote(q, p, (size_t)(word_end(p) - p));
		return fail(err, errlen, "Term %zu: '%s': a '#' must be followed by '{', as in #{convicted}.", n, q);
	}
	const char *body = p + 2, *close = body;
	while (*close && *close != '}' && *close != '#')
		close++;
	if (*close != '}') {
		const char *end = body;
		while (*end && !is_blank(*end) && *end != '+' && *end != '-' && *end != '#')
			end++;
		quote(q, p, (size_t)(end - p));
		return fail(err, errlen, "Term %zu: '%s' has no closing brace.", n, q);
	}
	const char *whole = p; /* "#{…}", for the messages */
	size_t wlen = (size_t)(close + 1 - p);
	if (close == body)
		return fail(err, errlen, "Term %zu: '#{}' names no indicator: write #{convicted} or #{rescued.female_u18}.", n);
	for (const char *c = body; c < close; c++)
		if (is_blank(*c)) {
			quote(q, whole, wlen);
			return fail(err, errlen, "Term %zu: '%s' holds a space; write the codes without spaces, as #{convicted}.",
			            n, q);
		}
	const char *dot = memchr(body, '.', (size_t)(close - body));
	const char *ind_end = dot ? dot : close;
	if (dot && memchr(dot + 1, '.', (size_t)(close - dot - 1))) {
		quote(q, whole, wlen);
		return fail(err, errlen,
		            "Term %zu: '%s' has more than one '.'; write #{indicator} or #{indicator.combination}.", n, q);
	}
	if (!check_code(body, (size_t)(ind_end - body), false, n, whole, wlen, err, errlen))
		return false;
	if (dot && !check_code(dot + 1, (size_t)(close - dot - 1), true, n, whole, wlen, err, errlen))
		return false;
	memcpy(t->indicator, body, (size_t)(ind_end - body));
	t->indicator[ind_end - body] = '\0';
	size_t clen = dot ? (size_t)(close - dot - 1) : 0;
	memcpy(t->combo, dot ? dot + 1 : "", clen);
	t->combo[clen] = '\0';
	t->number = 0;
	*pp = close + 1;
	return true;
}

/* A number term at *pp (a digit), term number n, into t; *pp moves past
 * it.  The value stops growing past NUMBER_MAX, so no digit string can
 * overflow. */
static bool parse_number(const char **pp, size_t n, struct rule_term *t, char *err, size_t errlen)
{
	const char *p = *pp, *end = p;
	char q[QUOTE_SIZE];
	long long v = 0;
	for (; is_digit(*end); end++)
		if (v <= NUMBER_MAX)
			v = v * 10 + (*end - '0');
	if (*end && !is_blank(*end) && *end != '+' && *end != '-') {
		quote(q, p, (size_t)(word_end(p) - p));
		return fail(err, errlen, "Term %zu: \"%s\" is not a whole number: write digits only, as 1200.", n, q);
	}
	if (v > NUMBER_MAX) {
		quote(q, p, (size_t)(end - p));
		return fail(err, errlen, "Term %zu: %s is more than %lld, the largest number allowed.", n, q, NUMBER_MAX);
	}
	t->indicator[0] = '\0';
	t->combo[0] = '\0';
	t->number = v;
	*pp = end;
	return true;
}

/* Something at p that starts no term: a word that could be a code gets
 * the hint of its braces. */
static bool fail_not_term(const char *p, size_t n, char *err, size_t errlen)
{
	char q[QUOTE_SIZE];
	const char *end = word_end(p);
	quote(q, p, (size_t)(end - p));
	bool code = end - p <= RULE_CODE_MAX;
	for (const char *c = p; code && c < end; c++)
		code = is_code_char(*c);
	if (code)
		return fail(err, errlen, "Term %zu: \"%s\" is not a term; did you mean #{%s}?", n, q, q);
	return fail(err, errlen, "Term %zu: \"%s\" is not a term: write #{indicator}, #{indicator.combination} or a whole number.",
	            n, q);
}

/* What follows term n when it is not a sign or the end. */
static bool fail_after_term(const char *p, size_t n, char *err, size_t errlen)
{
	char q[QUOTE_SIZE];
	if (strchr("=!<>", *p)) {
		const char *end = p;
		while (*end && strchr("=!<>", *end))
			end++;
		quote(q, p, (size_t)(end - p));
		return fail(err, errlen,
		            "After term %zu: \"%s\" is a comparison; an expression only adds and subtracts terms, "
		            "and the rule's operator compares its two sides.", n, q);
	}
	quote(q, p, (size_t)(word_end(p) - p));
	return fail(err, errlen, "After term %zu: expected '+', '-' or the end, found \"%s\".", n, q);
}

/* Parses text into *e; on failure e->nterms is 0 and err holds a message
 * for a person.  A NULL text is taken as empty.  err may be NULL when
 * errlen is 0; on success err is the empty string. */
bool rule_expr_parse(const char *text, struct rule_expr *e, char *err, size_t errlen)
{
	assert(e);
	e->nterms = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!text)
		text = "";
	size_t len = strnlen(text, RULE_TEXT_MAX + 1);
	if (len > RULE_TEXT_MAX)
		return fail(err, errlen, "The expression is longer than %d characters.", RULE_TEXT_MAX);
	for (size_t i = 0; i < len; i++)
		if (is_control(text[i]))
			return fail(err, errlen,
			            "The expression holds a line break or another control character (character %zu); "
			            "write it on one line.", i + 1);
	const char *p = skip_blanks(text);
	if (*p == '\0')
		return fail(err, errlen, "The expression is empty: write a sum such as #{convicted} + #{acquitted}.");
	int sign = +1;
	char op = 0; /* the sign before the term, 0 for none */
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : +1;
		op = *p;
		p = skip_blanks(p + 1);
	}
	for (;;) {
		size_t n = e->nterms + 1;
		bool ok;
		if (*p == '\0')
			ok = fail(err, errlen, "The expression ends after '%c': a term is missing.", op);
		else if (*p == '+' || *p == '-')
			ok = fail(err, errlen, "Term %zu: a term is missing between '%c' and '%c'.", n, op, *p);
		else if (e->nterms == RULE_TERMS_MAX)
			ok = fail(err, errlen, "The expression has more than %d terms.", RULE_TERMS_MAX);
		else if (*p == '#')
			ok = parse_cell(&p, n, &e->terms[e->nterms], err, errlen);
		else if (is_digit(*p))
			ok = parse_number(&p, n, &e->terms[e->nterms], err, errlen);
		else
			ok = fail_not_term(p, n, err, errlen);
		if (!ok) {
			e->nterms = 0;
			return false;
		}
		e->terms[e->nterms++].sign = sign;
		p = skip_blanks(p);
		if (*p == '\0')
			return true;
		if (*p != '+' && *p != '-') {
			e->nterms = 0;
			return fail_after_term(p, n, err, errlen);
		}
		sign = *p == '-' ? -1 : +1;
		op = *p;
		p = skip_blanks(p + 1);
	}
}

/* a + b and a - b, held at LLONG_MAX / LLONG_MIN instead of overflowing. */
static long long add_saturated(long long a, long long b)
{
	if (b > 0 && a > LLONG_MAX - b)
		return LLONG_MAX;
	if (b < 0 && a < LLONG_MIN - b)
		return LLONG_MIN;
	return a + b;
}

static long long subtract_saturated(long long a, long long b)
{
	if (b < 0 && a > LLONG_MAX + b)
		return LLONG_MAX;
	if (b > 0 && a < LLONG_MIN + b)
		return LLONG_MIN;
	return a - b;
}

/* The signed sum of e's terms; a blank cell or total counts 0.
 *
 * *blank (when blank is not NULL) is true when no term that refers to a
 * cell has a value — also when e has no such term at all: numbers never
 * make a side non-blank, as the header says.  So "#{x} <= 100" has both
 * sides blank, and is skipped, exactly when x is blank, and a rule is
 * skipped exactly when none of its cells has a value.
 *
 * The sum is exact when every partial sum fits in a long long: numbers
 * are at most 10^12 and there are at most RULE_TERMS_MAX terms, so it is
 * exact whenever each looked-up value is at most LLONG_MAX / 64 (about
 * 1.4 × 10^17) in magnitude — far above any count.  Beyond that the sum
 * sticks at LLONG_MAX or LLONG_MIN; it never wraps around. */
long long rule_expr_eval(const struct rule_expr *e, rule_lookup look, void *ctx, bool *blank)
{
	assert(e && e->nterms <= RULE_TERMS_MAX);
	long long sum = 0;
	bool any_value = false;
	for (size_t i = 0; i < e->nterms; i++) {
		const struct rule_term *t = &e->terms[i];
		assert(t->sign == 1 || t->sign == -1);
		long long v = 0;
		if (t->indicator[0] == '\0') {
			v = t->number;
		} else {
			assert(look);
			if (look(ctx, t->indicator, t->combo[0] ? t->combo : NULL, &v))
				any_value = true;
			else
				v = 0;
		}
		sum = t->sign < 0 ? subtract_saturated(sum, v) : add_saturated(sum, v);
	}
	if (blank)
		*blank = !any_value;
	return sum;
}

static const char *const op_texts[] = { "==", "!=", "<", "<=", ">", ">=" };
static const char *const op_words[] = { "equal to", "not equal to", "less than", "at most", "more than", "at least" };
#define NOPS (sizeof op_texts / sizeof op_texts[0])

/* Exactly one of the six texts: no blanks around it, and no "=". */
bool rule_op_parse(const char *s, enum rule_op *op)
{
	for (size_t i = 0; s && i < NOPS; i++)
		if (strcmp(op_texts[i], s) == 0) {
			*op = (enum rule_op)i;
			return true;
		}
	return false;
}

const char *rule_op_text(enum rule_op op)
{
	return (unsigned)op < NOPS ? op_texts[op] : "?";
}

const char *rule_op_words(enum rule_op op)
{
	return (unsigned)op < NOPS ? op_words[op] : "?";
}

bool rule_holds(long long left, enum rule_op op, long long right)
{
	switch (op) {
	case RULE_EQ: return left == right;
	case RULE_NE: return left != right;
	case RULE_LT: return left < right;
	case RULE_LE: return left <= right;
	case RULE_GT: return left > right;
	case RULE_GE: return left >= right;
	}
	assert(!"rule_holds: no such operator");
	return false;
}
