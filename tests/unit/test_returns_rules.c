/* The validation rules of the returns (src/returns/rules.c): the strict
 * grammar of an expression and its messages, the evaluation with blank
 * cells and totals, the operators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "returns/returns.h"

#define ERR_SIZE 256

/* One expected term: sign, indicator, combo, number. */
struct want {
	int sign;
	const char *indicator;
	const char *combo;
	long long number;
};

static void assert_parses(const char *text, size_t n, const struct want *want)
{
	struct rule_expr e;
	char err[ERR_SIZE] = "untouched";
	if (!rule_expr_parse(text, &e, err, sizeof err))
		fail_msg("\"%s\" was refused: %s", text, err);
	assert_string_equal(err, "");
	assert_int_equal(e.nterms, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(e.terms[i].sign, want[i].sign);
		assert_string_equal(e.terms[i].indicator, want[i].indicator);
		assert_string_equal(e.terms[i].combo, want[i].combo);
		assert_int_equal(e.terms[i].number, want[i].number);
	}
}

static void valid_expressions_give_their_terms(void **state)
{
	(void)state;
	assert_parses("#{convicted}", 1, (struct want[]){ { 1, "convicted", "", 0 } });
	assert_parses("#{rescued.female_u18} + #{rescued.female_adult} + #{rescued.male_u18} - 0", 4,
	              (struct want[]){ { 1, "rescued", "female_u18", 0 },
	                               { 1, "rescued", "female_adult", 0 },
	                               { 1, "rescued", "male_u18", 0 },
	                               { -1, "", "", 0 } });
	/* a leading sign, no blanks at all, blanks and tabs around everything */
	assert_parses("-#{a}-12+#{b.c}", 3,
	              (struct want[]){ { -1, "a", "", 0 }, { -1, "", "", 12 }, { 1, "b", "c", 0 } });
	assert_parses(" \t- \t#{a} \t+\t 7 \t", 2, (struct want[]){ { -1, "a", "", 0 }, { 1, "", "", 7 } });
	assert_parses("+ 5", 1, (struct want[]){ { 1, "", "", 5 } });
	/* numbers: leading zeros, zero, the largest */
	assert_parses("0012", 1, (struct want[]){ { 1, "", "", 12 } });
	assert_parses("0 - 0", 2, (struct want[]){ { 1, "", "", 0 }, { -1, "", "", 0 } });
	assert_parses("1000000000000", 1, (struct want[]){ { 1, "", "", 1000000000000LL } });
	assert_parses("0000000000000000000001000000000000", 1, (struct want[]){ { 1, "", "", 1000000000000LL } });
	/* codes: digits and _, one character, forty characters */
	assert_parses("#{missing_untraced_4m} - #{x.y}", 2,
	              (struct want[]){ { 1, "missing_untraced_4m", "", 0 }, { -1, "x", "y", 0 } });
	const char *forty = "abcdefghij_klmnopqrst_0123456789_uvwxyz_";
	assert_int_equal(strlen(forty), RULE_CODE_MAX);
	char text[128];
	snprintf(text, sizeof text, "#{%s.%s}", forty, forty);
	assert_parses(text, 1, (struct want[]){ { 1, forty, forty, 0 } });
}

/* One text that is refused, and the whole message it gets. */
struct refusal {
	const char *text;
	const char *message;
};

static const struct refusal refusals[] = {
	{ "", "The expression is empty: write a sum such as #{convicted} + #{acquitted}." },
	{ " \t ", "The expression is empty: write a sum such as #{convicted} + #{acquitted}." },
	{ "#{convicted} +", "The expression ends after '+': a term is missing." },
	{ "#{a} - ", "The expression ends after '-': a term is missing." },
	{ "-", "The expression ends after '-': a term is missing." },
	{ "#{a} + + #{b}", "Term 2: a term is missing between '+' and '+'." },
	{ "#{a} + -3", "Term 2: a term is missing between '+' and '-'." },
	{ "--#{a}", "Term 1: a term is missing between '-' and '-'." },
	{ "#{Convicted}", "Term 1: a code may hold only lower-case letters, digits and _ (\"Convicted\")." },
	{ "#{a} + #{rescued.Female}", "Term 2: a code may hold only lower-case letters, digits and _ (\"Female\")." },
	{ "#{female-u18}", "Term 1: a code may hold only lower-case letters, digits and _ (\"female-u18\")." },
	{ "#{a} + #{b} + #{convicted", "Term 3: '#{convicted' has no closing brace." },
	{ "#{convicted + #{b}", "Term 1: '#{convicted' has no closing brace." },
	{ "#{", "Term 1: '#{' has no closing brace." },
	{ "#{}", "Term 1: '#{}' names no indicator: write #{convicted} or #{rescued.female_u18}." },
	{ "#{ convicted }", "Term 1: '#{ convicted }' holds a space; write the codes without spaces, as #{convicted}." },
	{ "#{a.b.c}", "Term 1: '#{a.b.c}' has more than one '.'; write #{indicator} or #{indicator.combination}." },
	{ "#{.female}", "Term 1: '#{.female}' has no indicator code before the '.'." },
	{ "#{rescued.}", "Term 1: '#{rescued.}' has no combination code after the '.'." },
	{ "#{abcdefghij_klmnopqrst_0123456789_uvwxyz_1}",
	  "Term 1: the code \"abcdefghij_klmnopqrst_0123456789_uvwxyz_…\" is longer than 40 characters." },
	{ "#convicted", "Term 1: '#convicted': a '#' must be followed by '{', as in #{convicted}." },
	{ "#{a} + convicted", "Term 2: \"convicted\" is not a term; did you mean #{convicted}?" },
	{ "$x", "Term 1: \"$x\" is not a term: write #{indicator}, #{indicator.combination} or a whole number." },
	{ "1.5", "Term 1: \"1.5\" is not a whole number: write digits only, as 1200." },
	{ "#{a} - 1,000", "Term 2: \"1,000\" is not a whole number: write digits only, as 1200." },
	{ "1000000000001", "Term 1: 1000000000001 is more than 1000000000000, the largest number allowed." },
	{ "99999999999999999999999999", "Term 1: 99999999999999999999999999 is more than 1000000000000, the largest number allowed." },
	{ "#{a} #{b}", "After term 1: expected '+', '-' or the end, found \"#{b}\"." },
	{ "#{a}c", "After term 1: expected '+', '-' or the end, found \"c\"." },
	{ "#{a} + 2 * 3", "After term 2: expected '+', '-' or the end, found \"*\"." },
	{ "#{a} \xe2\x88\x92 #{b}", "After term 1: expected '+', '-' or the end, found \"\xe2\x88\x92\"." },
	{ "#{convicted} <= #{chargesheeted}",
	  "After term 1: \"<=\" is a comparison; an expression only adds and subtracts terms, "
	  "and the rule's operator compares its two sides." },
	{ "#{a}\n+ #{b}", "The expression holds a line break or another control character (character 5); write it on one line." },
	/* a long word is quoted to 40 bytes, cut before the 'é' that would straddle them */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzzzzzz",
	  "Term 1: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\" is not a term: write #{indicator}, "
	  "#{indicator.combination} or a whole number." },
};

static void invalid_expressions_are_refused_with_a_message(void **state)
{
	(void)state;
	assert_true(sizeof refusals / sizeof refusals[0] >= 20);
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
		struct rule_expr e;
		char err[ERR_SIZE];
		e.nterms = 99;
		if (rule_expr_parse(refusals[i].text, &e, err, sizeof err))
			fail_msg("\"%s\" was accepted", refusals[i].text);
		assert_string_equal(err, refusals[i].message);
		assert_int_equal(e.nterms, 0);
	}
	struct rule_expr e;
	char err[ERR_SIZE];
	assert_false(rule_expr_parse(NULL, &e, err, sizeof err));
	assert_string_equal(err, "The expression is empty: write a sum such as #{convicted} + #{acquitted}.");
	/* no room for a message is no reason to accept */
	assert_false(rule_expr_parse("#{a} +", &e, NULL, 0));
}

static void a_cut_message_stays_whole_characters(void **state)
{
	(void)state;
	struct rule_expr e;
	const char *prefix = "After term 1: expected '+', '-' or the end, found \"";
	size_t k = strlen(prefix);
	char err[ERR_SIZE];
	/* room for the prefix and the first of the three bytes of '−' */
	memset(err, 'x', sizeof err);
	assert_false(rule_expr_parse("#{a} \xe2\x88\x92 #{b}", &e, err, k + 2));
	assert_string_equal(err, prefix);
	/* … and the first two */
	assert_false(rule_expr_parse("#{a} \xe2\x88\x92 #{b}", &e, err, k + 3));
	assert_string_equal(err, prefix);
	/* room for the prefix and the whole '−' */
	assert_false(rule_expr_parse("#{a} \xe2\x88\x92 #{b}", &e, err, k + 4));
	assert_string_equal(err, "After term 1: expected '+', '-' or the end, found \"\xe2\x88\x92");
	assert_false(rule_expr_parse("#{a} +", &e, err, 1));
	assert_string_equal(err, "");
}

static void the_limits_of_an_expression(void **state)
{
	(void)state;
	struct rule_expr e;
	char err[ERR_SIZE];
	/* RULE_TERMS_MAX terms, then one more */
	char text[RULE_TEXT_MAX + 2];
	size_t n = 0;
	for (int i = 0; i < RULE_TERMS_MAX; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s#{i%d.c%d}", i ? " - " : "", i, i);
	assert_true(rule_expr_parse(text, &e, err, sizeof err));
	assert_int_equal(e.nterms, RULE_TERMS_MAX);
	assert_int_equal(e.terms[0].sign, 1);
	assert_string_equal(e.terms[63].indicator, "i63");
	assert_string_equal(e.terms[63].combo, "c63");
	assert_int_equal(e.terms[63].sign, -1);
	snprintf(text + n, sizeof text - n, " + 1");
	assert_false(rule_expr_parse(text, &e, err, sizeof err));
	assert_string_equal(err, "The expression has more than 64 terms.");
	assert_int_equal(e.nterms, 0);
	/* RULE_TEXT_MAX bytes, then one more */
	memset(text, ' ', sizeof text);
	text[RULE_TEXT_MAX / 2] = '7';
	text[RULE_TEXT_MAX] = '\0';
	assert_true(rule_expr_parse(text, &e, err, sizeof err));
	assert_int_equal(e.nterms, 1);
	assert_int_equal(e.terms[0].number, 7);
	text[RULE_TEXT_MAX] = ' ';
	text[RULE_TEXT_MAX + 1] = '\0';
	assert_false(rule_expr_parse(text, &e, err, sizeof err));
	assert_string_equal(err, "The expression is longer than 2000 characters.");
}

/* The fixture: one district's return.  A cell absent or with blank set is
 * blank; an indicator's total is the sum of its cells that have a value,
 * blank when none has. */
struct cell {
	const char *indicator, *combo;
	long long value;
	bool blank;
};

struct fixture {
	const struct cell *cells;
	size_t ncells;
	int totals_asked; /* lookups with combo NULL */
};

static bool look(void *ctx, const char *indicator, const char *combo, long long *value)
{
	struct fixture *f = ctx;
	bool found = false;
	long long sum = 0;
	if (!combo)
		f->totals_asked++;
	for (size_t i = 0; i < f->ncells; i++) {
		const struct cell *c = &f->cells[i];
		if (strcmp(c->indicator, indicator) != 0 || c->blank)
			continue;
		if (combo && strcmp(c->combo, combo) != 0)
			continue;
		sum += c->value;
		found = true;
	}
	if (found)
		*value = sum;
	return found;
}

static const struct cell district[] = {
	{ "rescued", "female_u18", 4, false },
	{ "rescued", "female_adult", 7, false },
	{ "rescued", "male_u18", 0, true },
	{ "rescued", "male_adult", 2, false },
	{ "rescued_total", "default", 13, false },
	{ "convicted", "default", 3, false },
	{ "acquitted", "default", 0, true },
	{ "chargesheeted", "default", 10, false },
	{ "missing_traced", "girls", 0, true },
	{ "missing_traced", "boys", 0, true },
	{ "zero", "default", 0, false },
};

static long long eval(const char *text, bool *blank, int *totals_asked)
{
	struct rule_expr e;
	char err[ERR_SIZE];
	if (!rule_expr_parse(text, &e, err, sizeof err))
		fail_msg("\"%s\" was refused: %s", text, err);
	struct fixture f = { district, sizeof district / sizeof district[0], 0 };
	*blank = !*blank; /* so that each call shows it sets *blank */
	long long v = rule_expr_eval(&e, look, &f, blank);
	if (totals_asked)
		*totals_asked = f.totals_asked;
	return v;
}

static void evaluation_sums_cells_and_totals(void **state)
{
	(void)state;
	bool blank = true;
	int totals;
	assert_int_equal(eval("#{rescued.female_u18} + #{rescued.female_adult} + #{rescued.male_u18} - 0", &blank, &totals), 11);
	assert_false(blank);
	assert_int_equal(totals, 0);
	/* a total over all disaggregations: combo NULL, the blank cell counts 0 */
	assert_int_equal(eval("#{rescued}", &blank, &totals), 13);
	assert_false(blank);
	assert_int_equal(totals, 1);
	assert_int_equal(eval("#{rescued} - #{rescued_total}", &blank, &totals), 0);
	assert_int_equal(totals, 2);
	assert_int_equal(eval("#{rescued_total.default} - #{rescued.female_u18} - #{rescued.female_adult}", &blank, NULL), 2);
	/* signs and numbers */
	assert_int_equal(eval("-#{convicted} - 2", &blank, NULL), -5);
	assert_false(blank);
	assert_int_equal(eval("#{chargesheeted} - #{convicted} + 0012", &blank, NULL), 19);
	assert_int_equal(eval("#{convicted} + #{acquitted}", &blank, NULL), 3);
	assert_false(blank);
	assert_int_equal(eval("1000000000000 + 1000000000000", &blank, NULL), 2000000000000LL);
	/* a rule of the standard return, both ways */
	bool lblank = false, rblank = false;
	long long left = eval("#{convicted} + #{acquitted}", &lblank, NULL);
	long long right = eval("#{chargesheeted}", &rblank, NULL);
	assert_true(rule_holds(left, RULE_LE, right));
	assert_false(rule_holds(right, RULE_LE, left));
}

static void blank_means_no_cell_has_a_value(void **state)
{
	(void)state;
	bool blank = false;
	/* a blank cell, a total whose cells are all blank, an unknown indicator */
	assert_int_equal(eval("#{acquitted}", &blank, NULL), 0);
	assert_true(blank);
	assert_int_equal(eval("#{missing_traced}", &blank, NULL), 0);
	assert_true(blank);
	assert_int_equal(eval("#{nobody} + #{rescued.transgender_u18}", &blank, NULL), 0);
	assert_true(blank);
	/* numbers never make a side non-blank, and a side of numbers only is blank */
	assert_int_equal(eval("#{missing_traced.girls} + 5", &blank, NULL), 5);
	assert_true(blank);
	assert_int_equal(eval("7 - 2", &blank, NULL), 5);
	assert_true(blank);
	/* one value among blanks is enough, even a value of 0 */
	assert_int_equal(eval("#{acquitted} + #{missing_traced} + #{rescued.male_adult}", &blank, NULL), 2);
	assert_false(blank);
	assert_int_equal(eval("#{acquitted} + #{zero}", &blank, NULL), 0);
	assert_false(blank);
	/* blank may be NULL */
	struct rule_expr e;
	assert_true(rule_expr_parse("#{convicted} + 1", &e, NULL, 0));
	struct fixture f = { district, sizeof district / sizeof district[0], 0 };
	assert_int_equal(rule_expr_eval(&e, look, &f, NULL), 4);
}

/* A lookup that answers every cell with the long long in ctx. */
static bool look_extreme(void *ctx, const char *indicator, const char *combo, long long *value)
{
	(void)indicator;
	(void)combo;
	*value = *(long long *)ctx;
	return true;
}

static void sums_stop_at_the_ends_of_long_long(void **state)
{
	(void)state;
	struct rule_expr e;
	bool blank;
	long long v = LLONG_MAX;
	assert_true(rule_expr_parse("#{a} + #{b} + 1", &e, NULL, 0));
	assert_int_equal(rule_expr_eval(&e, look_extreme, &v, &blank), LLONG_MAX);
	assert_true(rule_expr_parse("-#{a} - #{b} - 1", &e, NULL, 0));
	assert_int_equal(rule_expr_eval(&e, look_extreme, &v, &blank), LLONG_MIN);
	v = LLONG_MIN;
	assert_true(rule_expr_parse("-#{a}", &e, NULL, 0));
	assert_int_equal(rule_expr_eval(&e, look_extreme, &v, &blank), LLONG_MAX);
	assert_true(rule_expr_parse("#{a} + #{b}", &e, NULL, 0));
	assert_int_equal(rule_expr_eval(&e, look_extreme, &v, &blank), LLONG_MIN);
	/* exact at the bound the header's limits give */
	v = LLONG_MAX / RULE_TERMS_MAX;
	char text[RULE_TEXT_MAX + 1];
	size_t n = 0;
	for (int i = 0; i < RULE_TERMS_MAX; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s#{a}", i ? " + " : "");
	assert_true(rule_expr_parse(text, &e, NULL, 0));
	assert_int_equal(rule_expr_eval(&e, look_extreme, &v, &blank), (LLONG_MAX / RULE_TERMS_MAX) * RULE_TERMS_MAX);
}

static void each_operator_compares(void **state)
{
	(void)state;
	/* rule_holds(x, op, 2) for x = 1, 2, 3 */
	static const struct {
		enum rule_op op;
		bool less, equal, more;
	} table[] = {
		{ RULE_EQ, false, true, false },
		{ RULE_NE, true, false, true },
		{ RULE_LT, true, false, false },
		{ RULE_LE, true, true, false },
		{ RULE_GT, false, false, true },
		{ RULE_GE, false, true, true },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		assert_int_equal(rule_holds(1, table[i].op, 2), table[i].less);
		assert_int_equal(rule_holds(2, table[i].op, 2), table[i].equal);
		assert_int_equal(rule_holds(3, table[i].op, 2), table[i].more);
		/* the same about negative sums and the ends of long long */
		assert_int_equal(rule_holds(-3, table[i].op, -2), table[i].less);
		assert_int_equal(rule_holds(LLONG_MIN, table[i].op, LLONG_MIN), table[i].equal);
		assert_int_equal(rule_holds(LLONG_MAX, table[i].op, LLONG_MIN), table[i].more);
	}
}

static void operators_read_and_write(void **state)
{
	(void)state;
	static const struct {
		const char *text, *words;
		enum rule_op op;
	} ops[] = {
		{ "==", "equal to", RULE_EQ },  { "!=", "not equal to", RULE_NE },
		{ "<", "less than", RULE_LT },  { "<=", "at most", RULE_LE },
		{ ">", "more than", RULE_GT },  { ">=", "at least", RULE_GE },
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		enum rule_op op = RULE_NE;
		if (ops[i].op == RULE_NE)
			op = RULE_EQ;
		assert_true(rule_op_parse(ops[i].text, &op));
		assert_int_equal(op, ops[i].op);
		assert_string_equal(rule_op_text(op), ops[i].text);
		assert_string_equal(rule_op_words(op), ops[i].words);
	}
	static const char *const refused[] = { "=", "=<", "=>", "<>", "===", " ==", "== ", "", "eq", "≤" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		enum rule_op op = RULE_GE;
		assert_false(rule_op_parse(refused[i], &op));
		assert_int_equal(op, RULE_GE);
	}
	enum rule_op op = RULE_GE;
	assert_false(rule_op_parse(NULL, &op));
	assert_string_equal(rule_op_text((enum rule_op)6), "?");
	assert_string_equal(rule_op_words((enum rule_op)-1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_expressions_give_their_terms),
		cmocka_unit_test(invalid_expressions_are_refused_with_a_message),
		cmocka_unit_test(a_cut_message_stays_whole_characters),
		cmocka_unit_test(the_limits_of_an_expression),
		cmocka_unit_test(evaluation_sums_cells_and_totals),
		cmocka_unit_test(blank_means_no_cell_has_a_value),
		cmocka_unit_test(sums_stop_at_the_ends_of_long_long),
		cmocka_unit_test(each_operator_compares),
		cmocka_unit_test(operators_read_and_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
