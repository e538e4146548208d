/* libFuzzer harness for docs_query_translate (src/documents/query.c): any
 * bytes typed in the search box must give an FTS5 expression that SQLite
 * accepts.  For several output sizes it checks that the output is
 * NUL-terminated, within its bound (nothing written past it), valid UTF-8
 * and the length returned, then runs it as a MATCH against an in-memory
 * documents_fts with the tokenizer of migration 0002; any SQLite error
 * aborts.  Built by `make fuzz`; run briefly by `make test` over
 * tests/fuzz/corpus/query. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "documents/documents.h"

static sqlite3 *db;
static sqlite3_stmt *match;

/* Opens the database and adds a few English and Hindi rows, so that the
 * expressions are evaluated, not only parsed.  Lives until exit. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE documents_fts USING fts5(title, title_hi, reference, body, "
			 "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'\");"
			 "INSERT INTO documents_fts(rowid, title, title_hi, reference, body) VALUES "
			 "(1, 'Advisory on human trafficking as organized crime dated 30.04.2012', NULL,"
			 "    'F.No. 15011/63/2011', 'Section 370A IPC and 366-A'),"
			 "(2, 'child-labour rescue', 'बाल श्रम: क्या करें', NULL, 'मानव तस्करी की रोकथाम।'),"
			 "(3, 'Réscue of a girl', 'ক্যা ਪੰਜਾਬ ગુજરાત ଓଡ଼ିଆ தமிழ் తెలుగు ಕನ್ನಡ മലയാളം', NULL, 'x y z');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", -1, &match,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_query: %s\n", db ? sqlite3_errmsg(db) : "no memory");
		abort();
	}
	return 0;
}

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF) with no NUL and no control character. */
static int utf8_clean(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned b = s[i];
		size_t len;
		uint32_t c;
		if (b < 0x80) {
			if (b < 0x20 || b == 0x7F)
				return 0;
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
		    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || (c >= 0x80 && c <= 0x9F))
			return 0;
		i += len;
	}
	return 1;
}

enum { CANARY = 64 };
static char out[DOC_FTS_MAX + CANARY];

/* Translates in into out with outmax bytes of room and checks the result;
 * runs it through FTS5.  Returns its length. */
static size_t check(const char *in, size_t outmax)
{
	memset(out, 0xA5, outmax + CANARY);
	size_t n = docs_query_translate(in, out, outmax);
	for (size_t i = outmax; i < outmax + CANARY; i++)
		if ((unsigned char)out[i] != 0xA5)
			abort();                       /* wrote past outmax */
	if (outmax == 0) {
		if (n != 0)
			abort();
		return 0;
	}
	if (n >= outmax || out[n] != 0 || strlen(out) != n || !utf8_clean((const unsigned char *)out, n))
		abort();
	/* the same expression as the last one run need not run again */
	static char last[DOC_FTS_MAX];
	static size_t last_len = SIZE_MAX;
	if (n == 0 || (n == last_len && memcmp(out, last, n) == 0))
		return n;
	memcpy(last, out, n);
	last_len = n;
	sqlite3_reset(match);
	sqlite3_bind_text(match, 1, out, (int)n, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(match)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "fuzz_query: FTS5 refused [%s]: %s\n", out, sqlite3_errmsg(db));
		abort();
	}
	sqlite3_reset(match);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the search box's text is a C string; past DOC_QUERY_MAX bytes it is
	 * ignored, so longer inputs teach the fuzzer nothing new */
	if (size > 4 * DOC_QUERY_MAX)
		size = 4 * DOC_QUERY_MAX;
	char in[4 * DOC_QUERY_MAX + 1];
	memcpy(in, data, size);
	in[size] = 0;

	static char whole[DOC_FTS_MAX];
	size_t full = check(in, DOC_FTS_MAX);
	memcpy(whole, out, full + 1);
	/* what fits in less room is never longer, and empty only when the
	 * full expression is or the room is too small for its first term */
	static const size_t sizes[] = { 0, 1, 2, 8, 16, 33, 100, 257 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = check(in, sizes[i]);
		if (n > full)
			abort();
		if (full < sizes[i] && (n != full || memcmp(out, whole, n) != 0))
			abort();   /* it fitted: it must be the same expression */
	}
	if (full > 0 && (check(in, full + 1) != full || memcmp(out, whole, full) != 0))
		abort();   /* exactly enough room */
	return 0;
}
