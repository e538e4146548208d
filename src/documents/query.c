/* What a person types in the search box -> an FTS5 MATCH expression that
 * FTS5 always accepts.  See docs_query_translate in documents.h.
 *
 * We never hand FTS5 the person's syntax: the text is cut into terms here
 * and every term is written as an FTS5 string ("..."), so nothing typed can
 * be an FTS5 operator, column filter or bareword.  The only operators in
 * the output are the ones written below: implicit AND, OR, NOT, ( ) and
 * the prefix '*'.
 *
 *   child labour          "child" "labour"*
 *   "human trafficking"   "human trafficking"
 *   30.04.2012  366-A     "30 04 2012" "366 a"
 *   a b OR c -d           "a" AND ("b" OR "c") NOT "d"
 *
 * A word character here must be a token character for the tokenizer of
 * documents_fts (unicode61, categories 'L* N* Co Mc Mn'), so that every
 * term we write holds at least one token: word_ranges lists the letters,
 * digits and combining marks of Unicode 14 in the Latin-1/Latin Extended
 * and Indic blocks (checked against SQLite 3.40's tokenizer by
 * tests/unit/test_documents_query.c).  Everything else separates words. */
#include "documents/documents.h"

#include <string.h>

/* What a code point does in a query. */
enum char_class {
	C_SEP,     /* separates words: spaces, punctuation, controls, invalid bytes */
	C_WORD,    /* letter, digit or combining mark we search for */
	C_ZW,      /* ZWNJ/ZWJ: part of a word when a word character follows */
	C_JOIN,    /* - . / ' between two word characters: one term of parts */
	C_QUOTE,   /* opens or closes a phrase */
};

/* One decoded character of the input. */
struct qchar {
	uint32_t cp;
	uint16_t off;    /* byte offset in the input */
	uint8_t len;     /* its bytes (1 for an invalid byte) */
	uint8_t cls;     /* enum char_class */
};

/* One term: its text (parts separated by one space, ASCII lower-cased)
 * lives in the pool of struct query. */
struct qterm {
	uint16_t off, len;
	bool negated;    /* typed with a leading '-' */
	bool or_before;  /* joined to the previous positive term by OR */
	bool prefix;     /* gets '*': the final term, still being typed */
};

/* The parsed query.  The pool cannot overflow: a term's text is never
 * longer than the input bytes it came from (a part is copied byte for
 * byte, a run of separators becomes one space). */
struct query {
	char pool[DOC_QUERY_MAX + 1];
	size_t pool_len;
	struct qterm terms[DOC_QUERY_TERMS_MAX];
	int n;
};

/* Letters, digits and combining marks (Unicode 14: L*, N*, Mn, Mc) from
 * U+00C0 to U+0D7F, × and ÷ excluded: Latin-1 and Latin Extended-A/B,
 * Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
 * Malayalam.  Sorted, for a binary search.  Dandas (U+0964, U+0965) and the
 * other punctuation and symbols of these blocks are not here. */
static const struct {
	uint32_t lo, hi;
} word_ranges[] = {
	{ 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x024F }, { 0x0900, 0x0963 },
	{ 0x0966, 0x096F }, { 0x0971, 0x0983 }, { 0x0985, 0x098C }, { 0x098F, 0x0990 },
	{ 0x0993, 0x09A8 }, { 0x09AA, 0x09B0 }, { 0x09B2, 0x09B2 }, { 0x09B6, 0x09B9 },
	{ 0x09BC, 0x09C4 }, { 0x09C7, 0x09C8 }, { 0x09CB, 0x09CE }, { 0x09D7, 0x09D7 },
	{ 0x09DC, 0x09DD }, { 0x09DF, 0x09E3 }, { 0x09E6, 0x09F1 }, { 0x09F4, 0x09F9 },
	{ 0x09FC, 0x09FC }, { 0x09FE, 0x09FE }, { 0x0A01, 0x0A03 }, { 0x0A05, 0x0A0A },
	{ 0x0A0F, 0x0A10 }, { 0x0A13, 0x0A28 }, { 0x0A2A, 0x0A30 }, { 0x0A32, 0x0A33 },
	{ 0x0A35, 0x0A36 }, { 0x0A38, 0x0A39 }, { 0x0A3C, 0x0A3C }, { 0x0A3E, 0x0A42 },
	{ 0x0A47, 0x0A48 }, { 0x0A4B, 0x0A4D }, { 0x0A51, 0x0A51 }, { 0x0A59, 0x0A5C },
	{ 0x0A5E, 0x0A5E }, { 0x0A66, 0x0A75 }, { 0x0A81, 0x0A83 }, { 0x0A85, 0x0A8D },
	{ 0x0A8F, 0x0A91 }, { 0x0A93, 0x0AA8 }, { 0x0AAA, 0x0AB0 }, { 0x0AB2, 0x0AB3 },
	{ 0x0AB5, 0x0AB9 }, { 0x0ABC, 0x0AC5 }, { 0x0AC7, 0x0AC9 }, { 0x0ACB, 0x0ACD },
	{ 0x0AD0, 0x0AD0 }, { 0x0AE0, 0x0AE3 }, { 0x0AE6, 0x0AEF }, { 0x0AF9, 0x0AFF },
	{ 0x0B01, 0x0B03 }, { 0x0B05, 0x0B0C }, { 0x0B0F, 0x0B10 }, { 0x0B13, 0x0B28 },
	{ 0x0B2A, 0x0B30 }, { 0x0B32, 0x0B33 }, { 0x0B35, 0x0B39 }, { 0x0B3C, 0x0B44 },
	{ 0x0B47, 0x0B48 }, { 0x0B4B, 0x0B4D }, { 0x0B55, 0x0B57 }, { 0x0B5C, 0x0B5D },
	{ 0x0B5F, 0x0B63 }, { 0x0B66, 0x0B6F }, { 0x0B71, 0x0B77 }, { 0x0B82, 0x0B83 },
	{ 0x0B85, 0x0B8A }, { 0x0B8E, 0x0B90 }, { 0x0B92, 0x0B95 }, { 0x0B99, 0x0B9A },
	{ 0x0B9C, 0x0B9C }, { 0x0B9E, 0x0B9F }, { 0x0BA3, 0x0BA4 }, { 0x0BA8, 0x0BAA },
	{ 0x0BAE, 0x0BB9 }, { 0x0BBE, 0x0BC2 }, { 0x0BC6, 0x0BC8 }, { 0x0BCA, 0x0BCD },
	{ 0x0BD0, 0x0BD0 }, { 0x0BD7, 0x0BD7 }, { 0x0BE6, 0x0BF2 }, { 0x0C00, 0x0C0C },
	{ 0x0C0E, 0x0C10 }, { 0x0C12, 0x0C28 }, { 0x0C2A, 0x0C39 }, { 0x0C3C, 0x0C44 },
	{ 0x0C46, 0x0C48 }, { 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 }, { 0x0C58, 0x0C5A },
	{ 0x0C5D, 0x0C5D }, { 0x0C60, 0x0C63 }, { 0x0C66, 0x0C6F }, { 0x0C78, 0x0C7E },
	{ 0x0C80, 0x0C83 }, { 0x0C85, 0x0C8C }, { 0x0C8E, 0x0C90 }, { 0x0C92, 0x0CA8 },
	{ 0x0CAA, 0x0CB3 }, { 0x0CB5, 0x0CB9 }, { 0x0CBC, 0x0CC4 }, { 0x0CC6, 0x0CC8 },
	{ 0x0CCA, 0x0CCD }, { 0x0CD5, 0x0CD6 }, { 0x0CDD, 0x0CDE }, { 0x0CE0, 0x0CE3 },
	{ 0x0CE6, 0x0CEF }, { 0x0CF1, 0x0CF2 }, { 0x0D00, 0x0D0C }, { 0x0D0E, 0x0D10 },
	{ 0x0D12, 0x0D44 }, { 0x0D46, 0x0D48 }, { 0x0D4A, 0x0D4E }, { 0x0D54, 0x0D63 },
	{ 0x0D66, 0x0D78 }, { 0x0D7A, 0x0D7F },
};

/* The class of code point c. */
static enum char_class char_class(uint32_t c)
{
	if (c < 0x80) {
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return C_WORD;
		if (c == '-' || c == '.' || c == '/' || c == '\'')
			return C_JOIN;
		return c == '"' ? C_QUOTE : C_SEP;
	}
	if (c == 0x200C || c == 0x200D)
		return C_ZW;
	if (c == 0x2010 || c == 0x2011 || c == 0x2019)  /* hyphens, typographic apostrophe */
		return C_JOIN;
	if (c == 0x201C || c == 0x201D)                  /* typographic double quotes */
		return C_QUOTE;
	size_t lo = 0, hi = sizeof word_ranges / sizeof word_ranges[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < word_ranges[mid].lo)
			hi = mid;
		else if (c > word_ranges[mid].hi)
			lo = mid + 1;
		else
			return C_WORD;
	}
	return C_SEP;
}

/* Decodes the UTF-8 character at s (n > 0 bytes available) into *cp and
 * returns its length.  An invalid, overlong, surrogate or truncated
 * sequence yields cp = UINT32_MAX and length 1: its first byte is dropped
 * and decoding resumes at the next one. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned b = s[0];
	size_t len;
	uint32_t c, min2 = 0x80, max2 = 0xBF;  /* allowed range of the second byte */
	*cp = UINT32_MAX;
	if (b < 0x80) {
		*cp = b;
		return 1;
	} else if (b >= 0xC2 && b <= 0xDF) {
		len = 2;
		c = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3;
		c = b & 0x0F;
		if (b == 0xE0)
			min2 = 0xA0;            /* overlong */
		else if (b == 0xED)
			max2 = 0x9F;            /* surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4;
		c = b & 0x07;
		if (b == 0xF0)
			min2 = 0x90;            /* overlong */
		else if (b == 0xF4)
			max2 = 0x8F;            /* past U+10FFFF */
	} else {
		return 1;
	}
	if (n < len || s[1] < min2 || s[1] > max2)
		return 1;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Decodes in[0..n) into ch (room for n entries) and returns how many
 * characters there are.  Invalid bytes become separators. */
static int decode(const char *in, size_t n, struct qchar *ch)
{
	int count = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)in + i, n - i, &cp);
		ch[count].cp = cp;
		ch[count].off = (uint16_t)i;
		ch[count].len = (uint8_t)len;
		ch[count].cls = (uint8_t)(cp == UINT32_MAX ? C_SEP : char_class(cp));
		count++;
		i += len;
	}
	return count;
}

/* Appends n bytes to the pool; false (nothing appended) when full, which
 * the bound on the pool makes unreachable. */
static bool pool_put(struct query *q, const char *s, size_t n)
{
	if (q->pool_len + n > DOC_QUERY_MAX)
		return false;
	memcpy(q->pool + q->pool_len, s, n);
	q->pool_len += n;
	return true;
}

/* Appends the run of word characters starting at ch[i] to the pool, ASCII
 * letters lower-cased; a ZWNJ/ZWJ stays when a word character follows it.
 * Returns the index after the run; *last gets the number of word
 * characters after the run's last ZWNJ/ZWJ (FTS5 splits the token there). */
static int put_run(struct query *q, const char *in, const struct qchar *ch, int nch, int i, int *last)
{
	*last = 0;
	while (i < nch) {
		if (ch[i].cls == C_WORD) {
			(*last)++;
		} else if (ch[i].cls == C_ZW && i + 1 < nch && ch[i + 1].cls == C_WORD) {
			*last = 0;
		} else {
			break;
		}
		char c = in[ch[i].off];
		if (ch[i].len == 1 && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (ch[i].len == 1 ? !pool_put(q, &c, 1) : !pool_put(q, in + ch[i].off, ch[i].len))
			break;
		i++;
	}
	return i;
}

/* Reads the word at ch[i] (a word character): runs joined by single
 * - . / ' become one term of parts "a b".  Returns the index after it;
 * *last as put_run's for the final run, *parts the number of runs. */
static int read_word(struct query *q, const char *in, const struct qchar *ch, int nch, int i,
		     int *last, int *parts)
{
	*parts = 0;
	for (;;) {
		i = put_run(q, in, ch, nch, i, last);
		(*parts)++;
		if (i + 1 < nch && ch[i].cls == C_JOIN && ch[i + 1].cls == C_WORD && pool_put(q, " ", 1))
			i++;
		else
			return i;
	}
}

/* Reads a phrase whose opening quote is at ch[i - 1]: its words, up to the
 * closing quote or the end of the input.  Returns the index after it;
 * *closed tells whether a closing quote was found. */
static int read_phrase(struct query *q, const char *in, const struct qchar *ch, int nch, int i,
		       int *last, int *parts, bool *closed)
{
	*parts = 0;
	*last = 0;
	*closed = false;
	while (i < nch) {
		if (ch[i].cls == C_QUOTE) {
			*closed = true;
			return i + 1;
		}
		if (ch[i].cls == C_WORD) {
			if (*parts > 0 && !pool_put(q, " ", 1))
				return nch;
			i = put_run(q, in, ch, nch, i, last);
			(*parts)++;
		} else {
			i++;
		}
	}
	return i;
}

/* Cuts the decoded input into terms: words, phrases, '-' exclusions and
 * OR between terms; at most DOC_QUERY_TERMS_MAX of them.  The final term
 * gets the prefix flag when the person may still be typing it: not
 * excluded, not a closed phrase, its last token of two characters or more,
 * and no term was dropped after it. */
static void parse(struct query *q, const char *in, const struct qchar *ch, int nch)
{
	bool or_pending = false, have_positive = false, last_open = false;
	int last = 0, i = 0;
	while (i < nch) {
		bool negated = false, closed = false;
		if (ch[i].cp == '-' && (i == 0 || ch[i - 1].cls == C_SEP) && i + 1 < nch &&
		    (ch[i + 1].cls == C_WORD || ch[i + 1].cls == C_QUOTE)) {
			negated = true;
			i++;
		}
		if (ch[i].cls != C_WORD && ch[i].cls != C_QUOTE) {
			i++;
			continue;
		}
		size_t start = q->pool_len;
		int begin = i, parts;
		if (ch[i].cls == C_QUOTE)
			i = read_phrase(q, in, ch, nch, i + 1, &last, &parts, &closed);
		else
			i = read_word(q, in, ch, nch, i, &last, &parts);
		if (parts == 0 || q->pool_len == start) {   /* "" or a phrase of punctuation */
			q->pool_len = start;
			continue;
		}
		if (!negated && !closed && i - begin == 2 && in[ch[begin].off] == 'O' &&
		    in[ch[begin + 1].off] == 'R' && ch[begin].cls == C_WORD) {
			/* OR typed between two terms; elsewhere it is dropped */
			q->pool_len = start;
			or_pending = have_positive;
			continue;
		}
		if (q->n == DOC_QUERY_TERMS_MAX) {
			/* a term is left out: the one kept last is not the final one */
			q->pool_len = start;
			last_open = false;
			break;
		}
		struct qterm *t = &q->terms[q->n++];
		t->off = (uint16_t)start;
		t->len = (uint16_t)(q->pool_len - start);
		t->negated = negated;
		t->or_before = !negated && or_pending && have_positive;
		t->prefix = false;
		if (!negated) {
			or_pending = false;
			have_positive = true;
		}
		last_open = !negated && !closed && last >= 2;
	}
	if (q->n > 0 && last_open)
		q->terms[q->n - 1].prefix = true;
}

/* A bounded output string; overflow marks that something did not fit. */
struct out {
	char *s;
	size_t len, max;   /* len < max always; s[len] is kept 0 */
	bool overflow;
};

/* Appends n bytes to o unless they do not fit (then sets overflow). */
static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->overflow || n >= o->max - o->len) {
		o->overflow = true;
		return;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = 0;
}

/* Appends term t as an FTS5 string: "text" with '"' doubled, then '*'
 * when it is a prefix. */
static void out_term(struct out *o, const struct query *q, const struct qterm *t)
{
	const char *p = q->pool + t->off, *end = p + t->len;
	out_put(o, "\"", 1);
	while (p < end) {
		const char *quote = memchr(p, '"', (size_t)(end - p));
		size_t n = quote ? (size_t)(quote - p) + 1 : (size_t)(end - p);
		out_put(o, p, n);
		if (quote)
			out_put(o, "\"", 1);
		p += n;
	}
	out_put(o, t->prefix ? "\"*" : "\"", t->prefix ? 2 : 1);
}

/* Writes the expression of the first k terms into s (max bytes, max > 0)
 * and returns its length, or 0 when it has no positive term or does not
 * fit (fewer terms may).  Positive terms come first, in their order; a
 * run joined by OR is a group, in parentheses when anything else is next
 * to it, because FTS5 binds AND tighter than OR and a person means a b OR c
 * as a AND (b OR c).  The excluded terms follow, each as NOT "x" (NOT
 * binds tightest, and a AND (b NOT x) finds what (a AND b) NOT x finds). */
static size_t render(const struct query *q, int k, char *s, size_t max)
{
	struct out o = { s, 0, max, false };
	int groups = 0, negatives = 0;
	s[0] = 0;
	for (int j = 0; j < k; j++) {
		if (q->terms[j].negated)
			negatives++;
		else if (!q->terms[j].or_before)
			groups++;
	}
	if (groups == 0)
		return 0;
	bool open = false, was_open = false;
	for (int j = 0; j < k; j++) {
		const struct qterm *t = &q->terms[j];
		if (t->negated)
			continue;
		if (t->or_before) {
			out_put(&o, " OR ", 4);
		} else {
			if (open)
				out_put(&o, ")", 1);
			was_open = open;
			open = false;
			if (groups > 1 || negatives > 0)
				for (int m = j + 1; m < k; m++) {
					if (q->terms[m].negated)
						continue;
					open = q->terms[m].or_before;
					break;
				}
			/* FTS5 joins phrases by a space, but a parenthesised
			 * group only by an explicit AND */
			if (o.len > 0)
				out_put(&o, open || was_open ? " AND " : " ", open || was_open ? 5 : 1);
			if (open)
				out_put(&o, "(", 1);
		}
		out_term(&o, q, t);
	}
	if (open)
		out_put(&o, ")", 1);
	for (int j = 0; j < k; j++) {
		if (!q->terms[j].negated)
			continue;
		out_put(&o, " NOT ", 5);
		out_term(&o, q, &q->terms[j]);
	}
	if (o.overflow) {
		s[0] = 0;
		return 0;
	}
	return o.len;
}

/* Every term's text is at most the input's bytes, doubled quotes at most
 * twice that, and a term brings at most 16 bytes of syntax (" AND (" or
 * " NOT ", two quotes, '*', ')'): an expression
 * always fits in DOC_FTS_MAX. */
_Static_assert(2 * DOC_QUERY_MAX + 16 * DOC_QUERY_TERMS_MAX + 1 < DOC_FTS_MAX,
	       "an FTS5 expression of the longest query fits in DOC_FTS_MAX");

/* See documents.h.  Writes into out (outmax bytes; nothing when outmax is
 * 0) and allocates nothing.  When the whole expression does not fit, the
 * longest one made of the first terms that fits is written. */
size_t docs_query_translate(const char *in, char *out, size_t outmax)
{
	if (outmax == 0)
		return 0;
	out[0] = 0;
	if (!in)
		return 0;
	size_t n = strnlen(in, DOC_QUERY_MAX + 1);
	if (n > DOC_QUERY_MAX) {
		/* cut before the character that straddles the limit */
		n = DOC_QUERY_MAX;
		for (int back = 0; back < 3 && n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80; back++)
			n--;
	}
	struct qchar ch[DOC_QUERY_MAX];
	int nch = decode(in, n, ch);
	struct query q;
	q.pool_len = 0;
	q.n = 0;
	parse(&q, in, ch, nch);

	/* the longest expression of the first k terms that fits */
	char expr[DOC_FTS_MAX];
	size_t room = outmax < sizeof expr ? outmax : sizeof expr;
	for (int k = q.n; k > 0; k--) {
		size_t len = render(&q, k, expr, room);
		if (len > 0) {
			memcpy(out, expr, len + 1);
			return len;
		}
	}
	return 0;
}
