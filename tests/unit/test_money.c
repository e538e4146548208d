/* Money in paise (src/monitoring/money.c): reading amounts as people write
 * them, the Indian grouping and lakh/crore, and sums without drift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "monitoring/money.h"

static int64_t parsed(const char *s)
{
	int64_t v = -1;
	if (!money_parse(s, &v))
		fail_msg("\"%s\" was refused", s);
	return v;
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(parsed("87200000"), 87200000LL * 100);
	assert_int_equal(parsed("8,72,00,000"), 87200000LL * 100);
	assert_int_equal(parsed("₹ 8.72 crore"), 87200000LL * 100);
	assert_int_equal(parsed("Rs. 8.72 cr"), 87200000LL * 100);
	assert_int_equal(parsed("INR 45.5 lakh"), 4550000LL * 100);
	assert_int_equal(parsed("12 lakhs"), 1200000LL * 100);
	assert_int_equal(parsed("1,23,45,678.50"), 1234567850LL);
	assert_int_equal(parsed("0.05"), 5);
	assert_int_equal(parsed("1.23456789 crore"), 1234567890LL);     /* ₹ 1,23,45,678.90 */
	const char *bad[] = { "", "-5", "12,34", "1,234,567", "1.234", "8.72 crores extra", "abc", "1..2", ",100",
			      "100,", "1.2345678901 crore", "10000000 crore", "₹", "1 000" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t v = 42;
		if (money_parse(bad[i], &v))
			fail_msg("\"%s\" was taken as %lld", bad[i], (long long)v);
		assert_int_equal(v, 42);
	}
}

static void test_format(void **state)
{
	(void)state;
	char out[MONEY_TEXT_MAX];
	money_format(1234567800, out);
	assert_string_equal(out, "₹ 1,23,45,678");
	money_format(1234567850, out);
	assert_string_equal(out, "₹ 1,23,45,678.50");
	money_format(99900, out);
	assert_string_equal(out, "₹ 999");
	money_format(100000, out);
	assert_string_equal(out, "₹ 1,000");
	money_format(0, out);
	assert_string_equal(out, "₹ 0");
	money_format(-250000, out);
	assert_string_equal(out, "−₹ 2,500");
	money_words(87200000LL * 100, out);
	assert_string_equal(out, "₹ 8.72 crore");
	money_words(4550000LL * 100, out);
	assert_string_equal(out, "₹ 45.5 lakh");
	money_words(100LL * PAISE_PER_CRORE, out);
	assert_string_equal(out, "₹ 100 crore");
	money_words(1234567LL * PAISE_PER_CRORE, out);
	assert_string_equal(out, "₹ 12,34,567 crore");
	money_words(1200000, out);
	assert_string_equal(out, "₹ 12,000");
	money_words(PAISE_PER_LAKH * 3 + PAISE_PER_LAKH / 200, out);   /* 3.005 lakh rounds half up */
	assert_string_equal(out, "₹ 3.01 lakh");
}

static void test_sums_exact(void **state)
{
	(void)state;
		/* 10,000 releases of ₹ 7,58,260.87 each, added in paise: exact to the paisa */
	int64_t sum = 0;
	for (int i = 0; i < 10000; i++)
		assert_true(money_add(&sum, 75826087));
	assert_int_equal(sum, 758260870000LL);
	char out[MONEY_TEXT_MAX];
	money_format(sum, out);
	assert_string_equal(out, "₹ 7,58,26,08,700");
	money_words(sum, out);
	assert_string_equal(out, "₹ 758.26 crore");
	/* the page's figure: ₹ 8.72 crore for 115 units */
	int64_t per_unit = 87200000LL * 100 / 115, rest = 87200000LL * 100 % 115;
	int64_t total = 0;
	for (int i = 0; i < 115; i++)
		assert_true(money_add(&total, per_unit + (i < rest ? 1 : 0)));
	assert_int_equal(total, 87200000LL * 100);
	int64_t big = MONEY_MAX * 1000 - 1;
	assert_false(money_add(&big, 2));
	assert_int_equal(big, MONEY_MAX * 1000 - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_sums_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
