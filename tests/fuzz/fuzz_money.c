/* libFuzzer harness for reading amounts of money (src/monitoring/money.c).
 *
 * Input: text, cut at the first NUL, parsed from a heap copy of exactly its
 * length (AddressSanitizer sees any read past the end).
 *
 * What must hold, or abort():
 *   - a refused text leaves the amount untouched;
 *   - an accepted one is 0..MONEY_MAX paise;
 *   - its written form (money_format: "₹ 1,23,45,678.50") reads back to the
 *     same paise, and its lakh/crore form (money_words) reads back to within
 *     half a hundredth of its unit;
 *   - both written forms are NUL-terminated within MONEY_TEXT_MAX.
 * Built by `make fuzz`; run briefly by `make test` over tests/fuzz/corpus/money. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitoring/money.h"

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_money: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);
	if (!s)
		return 0;
	memcpy(s, data, n);
	s[n] = 0;
	int64_t v = -7;
	if (!money_parse(s, &v)) {
		check(v == -7, "a refused text changed the amount");
		free(s);
		return 0;
	}
	check(v >= 0 && v <= MONEY_MAX, "an amount out of bounds");
	char text[MONEY_TEXT_MAX], words[MONEY_TEXT_MAX];
	memset(text, 'x', sizeof text);
	memset(words, 'x', sizeof words);
	money_format(v, text);
	money_words(v, words);
	check(memchr(text, 0, sizeof text) != NULL && memchr(words, 0, sizeof words) != NULL, "a form not terminated");
	int64_t back = -1;
	check(money_parse(text, &back) && back == v, "money_format's text does not read back");
	int64_t approx = -1;
	check(money_parse(words, &approx), "money_words's text does not read back");
	int64_t unit = v >= PAISE_PER_CRORE ? PAISE_PER_CRORE : v >= PAISE_PER_LAKH ? PAISE_PER_LAKH : 0;
	int64_t d = approx > v ? approx - v : v - approx;
	check(unit ? d <= unit / 200 : d == 0, "money_words's text is too far from the amount");
	free(s);
	return 0;
}
