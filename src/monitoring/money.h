/* Money as the Cell keeps it: whole paise in a 64-bit integer, never a
 * floating point number, so that thousands of releases add up exactly; read
 * and written the Indian way — ₹ 1,23,45,678.50, ₹ 8.72 crore, ₹ 45.5 lakh.
 * (Issue 7: the funds released to the States for their AHTUs.) */
#ifndef AHTCELL_MONEY_H
#define AHTCELL_MONEY_H

#include <stdbool.h>
#include <stdint.h>

/* A rupee is 100 paise; a lakh 1,00,000 rupees, a crore 100 lakh. */
#define PAISE_PER_RUPEE 100LL
#define PAISE_PER_LAKH  (100000LL * PAISE_PER_RUPEE)
#define PAISE_PER_CRORE (100LL * PAISE_PER_LAKH)
/* The largest amount taken: ₹ 10,00,000 crore (far past any budget; far
 * below what 64 bits hold, so sums of millions of them cannot overflow). */
#define MONEY_MAX (1000000LL * PAISE_PER_CRORE)
#define MONEY_TEXT_MAX 48

/* Reads an amount a person wrote: "87200000", "8,72,00,000", "8,72,00,000.50",
 * "₹ 8.72 crore", "Rs. 45.5 lakh", "INR 1,234", "8.72 cr", "12 lakhs". Digit
 * groups must be Indian (the last three, then twos) or none; at most two
 * decimals of rupees, or as many as make whole paise of a lakh or crore.
 * Negative, empty and larger than MONEY_MAX are refused.  true with
 * *paise set; false otherwise (*paise untouched). */
bool money_parse(const char *s, int64_t *paise);

/* "₹ 1,23,45,678" (paise shown only when there are some: "₹ 1,23,45,678.50"),
 * into out (MONEY_TEXT_MAX bytes).  Negative amounts get a minus sign. */
void money_format(int64_t paise, char out[MONEY_TEXT_MAX]);

/* The same in lakh or crore: "₹ 8.72 crore", "₹ 45.5 lakh", "₹ 12,000" below
 * a lakh; two decimals at most, trailing zeros dropped, rounded half up. */
void money_words(int64_t paise, char out[MONEY_TEXT_MAX]);

/* *sum += v; false (and *sum unchanged) when it would pass ±MONEY_MAX × 1000. */
bool money_add(int64_t *sum, int64_t v);

#endif
