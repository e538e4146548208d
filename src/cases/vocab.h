/* The code lists of case records: statuses, genders, age bands, purposes,
 * means of control, recruiters' relations, accused's roles, countries.
 * Where the Human Trafficking Case Data Standard (HTCDS, IOM) or the
 * Counter Trafficking Data Collaborative's codebook has a value, its
 * spelling is used, so records can be exchanged (docs/cases.md). */
#ifndef AHTCELL_CASES_VOCAB_H
#define AHTCELL_CASES_VOCAB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct vocab {
	const char *name;               /* what the list is, for messages ("purpose") */
	const char *const *codes;
	const char *const *labels;
	int n;
};

extern const struct vocab vocab_status, vocab_gender, vocab_age_band, vocab_purpose, vocab_control,
	vocab_relation, vocab_role;

/* The position of code in v, or -1. */
int vocab_find(const struct vocab *v, const char *code);
/* The label of code, or code itself when it is not in v. */
const char *vocab_label(const struct vocab *v, const char *code);
/* A JSON array of codes to a bit set; false (and *bad the offending
 * element, or NULL when a is not an array of strings) when a code is not
 * in v or the array is longer than v. */
bool vocab_bits_from_json(const struct vocab *v, const json_t *a, uint32_t *bits, const char **bad);
/* The codes of a bit set, a new JSON array. */
json_t *vocab_bits_to_json(const struct vocab *v, uint32_t bits);
/* [{code,label}] of v, a new array. */
json_t *vocab_json(const struct vocab *v);

/* The age band of an age in years (CTDC's ageBroad). */
const char *vocab_age_band_of(int age);
/* Whether an age band is a child's (below 18). */
bool vocab_age_band_minor(const char *band);

/* Countries (ISO 3166-1 alpha-2, from the Debian iso-codes list, embedded
 * as data/countries.csv).  vocab_countries_load reads them once, and fills
 * the lists' codes and labels: call it before reading those arrays. */
int vocab_countries_load(void);
/* The country's name, or NULL when code is not a country. */
const char *vocab_country_name(const char *code);
int vocab_country_count(void);
/* The i-th country's code (sorted), i from 0; NULL past the end. */
const char *vocab_country_at(int i);
/* i of code, or -1. */
int vocab_country_index(const char *code);

#endif
