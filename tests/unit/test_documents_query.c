/* Unit tests of src/documents/query.c: what a person types in the search
 * box becomes an FTS5 expression.  Each case asserts the exact expression
 * and then runs it against an in-memory documents_fts (the tokenizer of
 * migration 0002) with a few English and Hindi rows: FTS5 must accept it
 * and find the right rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "documents/documents.h"

#define FTS_TABLE \
	"CREATE VIRTUAL TABLE documents_fts USING fts5(title, title_hi, reference, body, " \
	"tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'\")"

/* The rows searched: rowid, title, title_hi, reference, body. */
static const struct {
	int id;
	const char *title, *title_hi, *reference, *body;
} rows[] = {
	{ 1, "Advisory on human trafficking as organized crime dated 30.04.2012", NULL, "F.No. 15011/63/2011",
	  "States are advised to treat trafficking as an organized crime." },
	{ 2, "Section 370A IPC", NULL, NULL, "Exploitation of a trafficked person." },
	{ 3, "Prevention note", "मानव तस्करी की रोकथाम", NULL, "मानव तस्करी एक अपराध है।" },
	{ 4, "child-labour rescue", NULL, NULL, "Rescue of children from work." },
	{ 5, "Section 366-A procuration of minor girl", NULL, NULL, NULL },
	{ 6, "Child labour: do's and don'ts", "बाल श्रम: क्या करें और क्या न करें", NULL, NULL },
	{ 7, "SOP on human trafficking", "मानव तस्करी पर एसओपी", NULL, "Standard operating procedure." },
};

static sqlite3 *db;
static sqlite3_stmt *match;

/* Opens the in-memory database and fills documents_fts. */
static int group_setup(void **state)
{
	(void)state;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_exec(db, FTS_TABLE, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, "INSERT INTO documents_fts(rowid, title, title_hi, reference, body) "
				   "VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sqlite3_bind_int(ins, 1, rows[i].id);
		sqlite3_bind_text(ins, 2, rows[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, rows[i].title_hi, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, rows[i].reference, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, rows[i].body, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return -1;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid",
			       -1, &match, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	sqlite3_finalize(match);
	sqlite3_close(db);
	return 0;
}

/* Runs expr against documents_fts; fails the test on an SQLite error.
 * Writes the matching rowids as "1,7" into got (empty: none). */
static void run_match(const char *expr, char *got, size_t gotmax)
{
	sqlite3_reset(match);
	sqlite3_bind_text(match, 1, expr, -1, SQLITE_TRANSIENT);
	size_t len = 0;
	int rc;
	got[0] = 0;
	while ((rc = sqlite3_step(match)) == SQLITE_ROW)
		len += (size_t)snprintf(got + len, gotmax - len, "%s%lld", len ? "," : "",
					(long long)sqlite3_column_int64(match, 0));
	if (rc != SQLITE_DONE)
		fail_msg("FTS5 refused %s: %s", expr, sqlite3_errmsg(db));
	sqlite3_reset(match);
}

/* Translates in and asserts the expression is want, then runs it and
 * asserts the rows found are want_rows ("1,7"; "" for none).  An empty
 * expression means "search nothing" and is not run. */
static void expect_query(const char *in, const char *want, const char *want_rows)
{
	char out[DOC_FTS_MAX];
	size_t n = docs_query_translate(in, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("query [%s]: got [%s], want [%s]", in, out, want);
	assert_int_equal(n, strlen(want));
	if (n == 0) {
		assert_string_equal(want_rows, "");
		return;
	}
	char got[256];
	run_match(out, got, sizeof got);
	if (strcmp(got, want_rows) != 0)
		fail_msg("query [%s] -> %s found rows [%s], want [%s]", in, out, got, want_rows);
}

static void plain_words(void **state)
{
	(void)state;
	expect_query("human trafficking", "\"human\" \"trafficking\"*", "1,7");
	expect_query("Human   TRAFFICKING", "\"human\" \"trafficking\"*", "1,7");
	expect_query("  crime  ", "\"crime\"*", "1");
	expect_query("organized crime", "\"organized\" \"crime\"*", "1");
	expect_query("minor girl", "\"minor\" \"girl\"*", "5");
	expect_query("exploitation", "\"exploitation\"*", "2");
}

static void last_word_is_a_prefix(void **state)
{
	(void)state;
	expect_query("traffick", "\"traffick\"*", "1,2,7");     /* trafficking, trafficked */
	expect_query("traffick human", "\"traffick\" \"human\"*", "");
	expect_query("hum", "\"hum\"*", "1,7");
	expect_query("procedure", "\"procedure\"*", "7");
	/* one character is too short to be a prefix */
	expect_query("a", "\"a\"", "2,5");            /* a person, 366-A */
	expect_query("human a", "\"human\" \"a\"", "");
}

static void quoted_phrases(void **state)
{
	(void)state;
	expect_query("\"human trafficking\"", "\"human trafficking\"", "1,7");
	expect_query("\"trafficking human\"", "\"trafficking human\"", "");
	expect_query("\"organized crime\" advisory", "\"organized crime\" \"advisory\"*", "1");
	/* a closed phrase is complete: no prefix */
	expect_query("\"traffick\"", "\"traffick\"", "");
	/* unbalanced: the phrase runs to the end and is still being typed */
	expect_query("\"human traff", "\"human traff\"*", "1,7");
	expect_query("sop \"human", "\"sop\" \"human\"*", "7");
	/* empty and punctuation-only phrases search nothing */
	expect_query("\"\"", "", "");
	expect_query("\"\"\"\"", "", "");
	expect_query("\" , . \"", "", "");
	expect_query("crime \"\"", "\"crime\"*", "1");
	expect_query("\"", "", "");
	/* punctuation inside a phrase separates its words */
	expect_query("\"child-labour rescue\"", "\"child labour rescue\"", "4");
	expect_query("\"human, trafficking\"", "\"human trafficking\"", "1,7");
	/* typographic quotes, as phones type them */
	expect_query("\xe2\x80\x9chuman trafficking\xe2\x80\x9d", "\"human trafficking\"", "1,7");
}

static void hyphens_dots_and_references(void **state)
{
	(void)state;
	expect_query("child-labour", "\"child labour\"*", "4,6");
	expect_query("child-labour rescue", "\"child labour\" \"rescue\"*", "4");
	expect_query("370A", "\"370a\"*", "2");
	expect_query("370a ipc", "\"370a\" \"ipc\"*", "2");
	expect_query("366-A", "\"366 a\"", "5");
	expect_query("366A", "\"366a\"*", "");
	expect_query("30.04.2012", "\"30 04 2012\"*", "1");
	expect_query("dated 30.04.2012", "\"dated\" \"30 04 2012\"*", "1");
	expect_query("15011/63/2011", "\"15011 63 2011\"*", "1");
	expect_query("F.No. 15011", "\"f no\" \"15011\"*", "1");
	expect_query("do's", "\"do s\"", "6");
	expect_query("don't", "\"don t\"", "");
	expect_query("don\xe2\x80\x99ts", "\"don ts\"*", "6");
	/* a joiner that does not sit between two word characters separates */
	expect_query("-- child - labour --", "\"child\" \"labour\"*", "4,6");
	expect_query("30..04", "\"30\" \"04\"*", "1");
	expect_query("crime.", "\"crime\"*", "1");
}

static void hindi(void **state)
{
	(void)state;
	expect_query("मानव तस्करी", "\"मानव\" \"तस्करी\"*", "3,7");
	expect_query("तस्करी", "\"तस्करी\"*", "3,7");
	expect_query("तस्क", "\"तस्क\"*", "3,7");
	expect_query("बाल श्रम", "\"बाल\" \"श्रम\"*", "6");
	expect_query("क्या", "\"क्या\"*", "6");              /* virama U+094D stays inside */
	expect_query("\"मानव तस्करी की\"", "\"मानव तस्करी की\"", "3");
	expect_query("रोकथाम।", "\"रोकथाम\"*", "3");       /* danda U+0964 separates */
	expect_query("मानव॥तस्करी", "\"मानव\" \"तस्करी\"*", "3,7");
	expect_query("एसओपी", "\"एसओपी\"*", "7");
	/* ZWJ inside a word is kept (FTS5 splits there on both sides) */
	expect_query("क्\xe2\x80\x8dष", "\"क्\xe2\x80\x8dष\"", "");
	expect_query("\xe2\x80\x8dक्या\xe2\x80\x8c", "\"क्या\"*", "6");
}

static void hindi_and_english_mixed(void **state)
{
	(void)state;
	expect_query("trafficking तस्करी", "\"trafficking\" \"तस्करी\"*", "7");
	expect_query("sop मानव", "\"sop\" \"मानव\"*", "7");
	expect_query("child श्रम", "\"child\" \"श्रम\"*", "6");
	expect_query("तस्करी OR 370A", "\"तस्करी\" OR \"370a\"*", "2,3,7");
}

static void exclusions(void **state)
{
	(void)state;
	expect_query("trafficking -sop", "\"trafficking\" NOT \"sop\"", "1");
	expect_query("-sop trafficking", "\"trafficking\"* NOT \"sop\"", "1");
	expect_query("human -sop -advisory", "\"human\" NOT \"sop\" NOT \"advisory\"", "");
	expect_query("human -\"organized crime\"", "\"human\" NOT \"organized crime\"", "7");
	expect_query("child -labour-rescue", "\"child\" NOT \"labour rescue\"", "6");
	/* excluding alone searches nothing */
	expect_query("-sop", "", "");
	expect_query("-sop -advisory", "", "");
	/* a lone or doubled '-' excludes nothing */
	expect_query("human - sop", "\"human\" \"sop\"*", "7");
	expect_query("human --sop", "\"human\" \"sop\"*", "7");
	expect_query("-", "", "");
}

static void or_between_terms(void **state)
{
	(void)state;
	expect_query("370A OR 366-A", "\"370a\" OR \"366 a\"", "2,5");
	expect_query("human OR child", "\"human\" OR \"child\"*", "1,4,6,7");
	/* a b OR c is a (b OR c) */
	expect_query("trafficking sop OR crime", "\"trafficking\" AND (\"sop\" OR \"crime\"*)", "1,7");
	expect_query("sop OR crime trafficking", "(\"sop\" OR \"crime\") AND \"trafficking\"*", "1,7");
	expect_query("human trafficking sop OR crime", "\"human\" \"trafficking\" AND (\"sop\" OR \"crime\"*)", "1,7");
	expect_query("sop OR crime human trafficking", "(\"sop\" OR \"crime\") AND \"human\" \"trafficking\"*", "1,7");
	expect_query("sop OR advisory crime OR ipc", "(\"sop\" OR \"advisory\") AND (\"crime\" OR \"ipc\"*)", "1");
	expect_query("a OR b OR c", "\"a\" OR \"b\" OR \"c\"", "2,5");
	expect_query("human OR child -sop", "(\"human\" OR \"child\") NOT \"sop\"", "1,4,6");
	/* OR not between two terms is dropped; or in lower case is a word */
	expect_query("OR", "", "");
	expect_query("OR human", "\"human\"*", "1,7");
	expect_query("human OR", "\"human\"*", "1,7");
	expect_query("human OR OR child", "\"human\" OR \"child\"*", "1,4,6,7");
	expect_query("human or child", "\"human\" \"or\" \"child\"*", "");
	expect_query("\"OR\"", "\"or\"", "");
	expect_query("-OR human", "\"human\"* NOT \"or\"", "1,7");
}

static void operators_typed_are_words(void **state)
{
	(void)state;
	expect_query("human AND trafficking", "\"human\" \"and\" \"trafficking\"*", "");
	expect_query("do's and don'ts", "\"do s\" \"and\" \"don ts\"*", "6");
	expect_query("NOT", "\"not\"*", "3");                 /* note */
	expect_query("human NOT sop", "\"human\" \"not\" \"sop\"*", "");
	expect_query("NEAR(human trafficking)", "\"near\" \"human\" \"trafficking\"*", "");
	expect_query("NEAR(", "\"near\"*", "");
	expect_query("human NEAR/2 trafficking", "\"human\" \"near 2\" \"trafficking\"*", "");
}

static void fts5_syntax_is_inert(void **state)
{
	(void)state;
	expect_query("traff*", "\"traff\"*", "1,2,7");
	expect_query("*", "", "");
	expect_query("* human", "\"human\"*", "1,7");
	expect_query("^human", "\"human\"*", "1,7");
	expect_query("^", "", "");
	expect_query("title:370A", "\"title\" \"370a\"*", "");
	expect_query(":370A", "\"370a\"*", "2");
	expect_query("{title reference}: 370A", "\"title\" \"reference\" \"370a\"*", "");
	expect_query("(human OR child) -sop", "(\"human\" OR \"child\") NOT \"sop\"", "1,4,6");
	expect_query("((()))", "", "");
	expect_query("human + trafficking", "\"human\" \"trafficking\"*", "1,7");
	expect_query("'; DROP TABLE x; --", "\"drop\" \"table\" \"x\"", "");
	expect_query("\" OR 1=1 --", "\"or 1 1\"", "");
	expect_query("crime\"; --", "\"crime\"*", "1");
	expect_query("!@#$%&()[]{}<>?\\|`~=;,", "", "");
}

static void invalid_utf8_and_control_characters(void **state)
{
	(void)state;
	expect_query("\xffhuman\xc3 trafficking\xed\xa0\x80", "\"human\" \"trafficking\"*", "1,7");
	expect_query("\xc0\xafhuman", "\"human\"*", "1,7");                 /* overlong '/' */
	expect_query("\xe0\x80\xafhuman", "\"human\"*", "1,7");
	expect_query("\xf4\x90\x80\x80human", "\"human\"*", "1,7");         /* past U+10FFFF */
	expect_query("\xe0\xa4", "", "");                                  /* cut Devanagari */
	expect_query("\xe0\xa4\xa4\xe0\xa4\xb8\xe0\xa5", "\"तस\"*", "3,7");
	expect_query("\x80\x81\xbf\xfe\xff", "", "");
	expect_query("human\x01trafficking\x7f\n", "\"human\" \"trafficking\"*", "1,7");
	expect_query("\t\r\n\x1b[31m", "\"31m\"*", "");
	expect_query("human\xc2\x85trafficking", "\"human\" \"trafficking\"*", "1,7");  /* C1 NEL */
	expect_query("", "", "");
	/* a letter outside the scripts of India and Latin separates */
	expect_query("αβγ human", "\"human\"*", "1,7");
	/* Latin-1 letters are words; FTS5 removes their diacritics */
	expect_query("réscue", "\"réscue\"*", "4");
	expect_query("5×6", "\"5\" \"6\"", "");
}

static void long_inputs_are_cut(void **state)
{
	(void)state;
	char big[10 * 1024 + 1];
	char want[DOC_FTS_MAX];

	/* 10 KB of one word: the first DOC_QUERY_MAX bytes are kept, as a prefix */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	want[0] = '"';
	memset(want + 1, 'a', DOC_QUERY_MAX);
	strcpy(want + 1 + DOC_QUERY_MAX, "\"*");
	expect_query(big, want, "");

	/* 10 KB of Hindi words of 19 bytes: 10 whole words, then the 11th cut
	 * before the character that straddles byte 200 */
	const char *w = "तस्करी ";
	size_t wl = strlen(w), len = 0;
	assert_int_equal(wl, 19);
	while (len + wl < sizeof big) {
		memcpy(big + len, w, wl);
		len += wl;
	}
	big[len] = 0;
	want[0] = 0;
	for (int i = 0; i < 10; i++)
		strcat(want, "\"तस्करी\" ");
	strcat(want, "\"तस्\"*");
	expect_query(big, want, "3,7");

	/* 10 KB of words: at most DOC_QUERY_TERMS_MAX are used, and the last
	 * one kept is not the final one typed, so it is no prefix */
	len = 0;
	while (len + 12 < sizeof big) {
		memcpy(big + len, "trafficking ", 12);
		len += 12;
	}
	big[len] = 0;
	want[0] = 0;
	for (int i = 0; i < DOC_QUERY_TERMS_MAX; i++)
		strcat(want, i ? " \"trafficking\"" : "\"trafficking\"");
	expect_query(big, want, "1,7");
}

static void at_most_sixteen_terms(void **state)
{
	(void)state;
	char in[512], want[512];
	/* 100 one-letter terms in 200 bytes */
	size_t len = 0;
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(in + len, sizeof in - len, "%c ", 'a' + i % 26);
	assert_int_equal(len, 200);
	want[0] = 0;
	for (int i = 0; i < DOC_QUERY_TERMS_MAX; i++) {
		char t[8];
		snprintf(t, sizeof t, "%s\"%c\"", i ? " " : "", 'a' + i);
		strcat(want, t);
	}
	expect_query(in, want, "");

	/* exclusions count as terms too */
	len = 0;
	in[0] = 0;
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(in + len, sizeof in - len, "%s", i == 0 ? "human" : " -x");
	want[0] = 0;
	strcat(want, "\"human\"");
	for (int i = 1; i < DOC_QUERY_TERMS_MAX; i++)
		strcat(want, " NOT \"x\"");
	expect_query(in, want, "1,7");

	/* exactly sixteen: the last one is still the final one */
	expect_query("a b c d e f g h i j k l m n o pq", "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" "
		     "\"j\" \"k\" \"l\" \"m\" \"n\" \"o\" \"pq\"*", "");
	expect_query("a b c d e f g h i j k l m n o pq r", "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" \"h\" \"i\" "
		     "\"j\" \"k\" \"l\" \"m\" \"n\" \"o\" \"pq\"", "");
	expect_query("a b c d e f g h i j k l m n o pq OR \"\" - ;", "\"a\" \"b\" \"c\" \"d\" \"e\" \"f\" \"g\" "
		     "\"h\" \"i\" \"j\" \"k\" \"l\" \"m\" \"n\" \"o\" \"pq\"*", "");
	/* OR markers are no terms */
	expect_query("a OR b OR c OR d OR e OR f OR g OR h OR i OR j OR k OR l OR m OR n OR o OR pq",
		     "\"a\" OR \"b\" OR \"c\" OR \"d\" OR \"e\" OR \"f\" OR \"g\" OR \"h\" OR \"i\" OR \"j\" OR "
		     "\"k\" OR \"l\" OR \"m\" OR \"n\" OR \"o\" OR \"pq\"*", "1,2,5");
}

/* Asserts that translating in with outmax bytes writes want. */
static void expect_small(const char *in, size_t outmax, const char *want)
{
	char out[64];
	memset(out, '#', sizeof out);
	size_t n = docs_query_translate(in, out, outmax);
	assert_int_equal(n, strlen(want));
	if (outmax > 0) {
		assert_string_equal(out, want);
		assert_true(n < outmax);
	} else {
		assert_int_equal(out[0], '#');
	}
	assert_int_equal(out[outmax < sizeof out ? outmax : sizeof out - 1], '#');   /* nothing past outmax */
	if (n) {
		char got[64];
		run_match(out, got, sizeof got);
	}
}

static void output_bound_is_kept(void **state)
{
	(void)state;
	expect_small("human trafficking", 0, "");
	expect_small("human trafficking", 1, "");
	expect_small("human trafficking", 7, "");
	expect_small("human trafficking", 8, "\"human\"");
	expect_small("human trafficking", 21, "\"human\"");
	expect_small("human trafficking", 22, "\"human\"");
	expect_small("human trafficking", 23, "\"human\" \"trafficking\"*");
	/* the exclusion that fits is kept, the term after it is not */
	expect_small("human -sop trafficking", 20, "\"human\" NOT \"sop\"");
	expect_small("human -sop trafficking", 17, "\"human\"");
	/* an OR group cut short closes its parenthesis */
	expect_small("a OR b c -d", 16, "\"a\" OR \"b\"");
	expect_small("a OR b c -d", 21, "(\"a\" OR \"b\") AND \"c\"");
	expect_small("a OR b c -d", 28, "(\"a\" OR \"b\") AND \"c\"");
	expect_small("a OR b c -d", 29, "(\"a\" OR \"b\") AND \"c\" NOT \"d\"");
	expect_small("a b OR c d", 64, "\"a\" AND (\"b\" OR \"c\") AND \"d\"");
	expect_small("a OR b c OR d", 64, "(\"a\" OR \"b\") AND (\"c\" OR \"d\")");
	/* NULL in: nothing */
	char out[8] = "x";
	assert_int_equal(docs_query_translate(NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
}

/* Every code point the translator keeps inside a word must be a token
 * character for FTS5's unicode61 with our categories, or a term could be
 * split or vanish.  For each code point c below U+10000 that "a c b" keeps
 * as one word, the phrase "acb" must not match a row holding "a b" (it
 * would if FTS5 split at c).  Also checks that every character of the
 * Devanagari block that is a letter or mark is kept. */
static void word_characters_are_fts5_token_characters(void **state)
{
	(void)state;
	sqlite3 *t;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(":memory:", &t), SQLITE_OK);
	assert_int_equal(sqlite3_exec(t, FTS_TABLE "; INSERT INTO documents_fts(body) VALUES ('a b')", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(t, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", -1,
					    &st, NULL), SQLITE_OK);
	int words = 0, devanagari = 0;
	for (uint32_t c = 0x80; c < 0x10000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		char in[8], out[32], want[16];
		int n = 0;
		in[n++] = 'a';
		if (c < 0x800) {
			in[n++] = (char)(0xC0 | (c >> 6));
		} else {
			in[n++] = (char)(0xE0 | (c >> 12));
			in[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
		}
		in[n++] = (char)(0x80 | (c & 0x3F));
		in[n++] = 'b';
		in[n] = 0;
		snprintf(want, sizeof want, "\"%s\"*", in);
		docs_query_translate(in, out, sizeof out);
		if (strcmp(out, want) != 0 || c == 0x200C || c == 0x200D)
			continue;
		words++;
		if (c >= 0x0900 && c <= 0x097F)
			devanagari++;
		snprintf(want, sizeof want, "\"%s\"", in);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, want, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (sqlite3_column_int(st, 0) != 0)
			fail_msg("U+%04X is a word character here but not for FTS5", (unsigned)c);
	}
	/* Latin-1 and Latin Extended (0xC0-0x24F less × ÷: 398) and the Indic blocks */
	assert_true(words > 1200);
	/* U+0900-U+097F less the dandas and the abbreviation sign */
	assert_int_equal(devanagari, 128 - 3);
	sqlite3_finalize(st);
	sqlite3_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_words),
		cmocka_unit_test(last_word_is_a_prefix),
		cmocka_unit_test(quoted_phrases),
		cmocka_unit_test(hyphens_dots_and_references),
		cmocka_unit_test(hindi),
		cmocka_unit_test(hindi_and_english_mixed),
		cmocka_unit_test(exclusions),
		cmocka_unit_test(or_between_terms),
		cmocka_unit_test(operators_typed_are_words),
		cmocka_unit_test(fts5_syntax_is_inert),
		cmocka_unit_test(invalid_utf8_and_control_characters),
		cmocka_unit_test(long_inputs_are_cut),
		cmocka_unit_test(at_most_sixteen_terms),
		cmocka_unit_test(output_bound_is_kept),
		cmocka_unit_test(word_characters_are_fts5_token_characters),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
