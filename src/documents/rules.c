/* The document library's small rules: categories and their links,
 * languages, and sizes as people read them.  See documents.h.  Nothing
 * here allocates. */
#include "documents/documents.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* One row per category, in enum order: the name stored in the database
 * (and in the CHECK of migration 0002) and the label shown to people. */
static const struct {
	const char *name;
	const char *label;
} categories[DOC_CATEGORY_COUNT] = {
	[DOC_ADVISORY]    = { "advisory",    "Advisory" },
	[DOC_SOP]         = { "sop",         "SOP" },
	[DOC_MINUTES]     = { "minutes",     "Minutes" },
	[DOC_GUIDELINES]  = { "guidelines",  "Guidelines" },
	[DOC_REPORT]      = { "report",      "Report" },
	[DOC_SCHEME]      = { "scheme",      "Scheme" },
	[DOC_AWARD]       = { "award",       "Award" },
	[DOC_TRAINING]    = { "training",    "Training" },
	[DOC_COMPENDIUM]  = { "compendium",  "Compendium" },
	[DOC_DIRECTORY]   = { "directory",   "Directory" },
	[DOC_CORRIGENDUM] = { "corrigendum", "Corrigendum" },
	[DOC_OTHER]       = { "other",       "Other" },
};

/* The category named s (exactly, case matters), or -1.  NULL is no name. */
int docs_category_parse(const char *s)
{
	if (!s)
		return -1;
	for (int c = 0; c < DOC_CATEGORY_COUNT; c++)
		if (strcmp(s, categories[c].name) == 0)
			return c;
	return -1;
}

/* The stored name of c (static storage).  A value outside the enum is a
 * caller's bug. */
const char *docs_category_name(enum doc_category c)
{
	assert((unsigned)c < DOC_CATEGORY_COUNT);
	return (unsigned)c < DOC_CATEGORY_COUNT ? categories[c].name : "other";
}

/* The label of c for people (static storage). */
const char *docs_category_label(enum doc_category c)
{
	assert((unsigned)c < DOC_CATEGORY_COUNT);
	return (unsigned)c < DOC_CATEGORY_COUNT ? categories[c].label : "Other";
}

/* NULL when a document of category c may carry these links, else why not
 * (static storage).  Mirrors the CHECKs of the documents table, so that a
 * person gets a message instead of a constraint error. */
const char *docs_category_links_check(enum doc_category c, bool has_corrects, bool has_meeting)
{
	if (c == DOC_CORRIGENDUM && !has_corrects)
		return "A corrigendum must name the document it corrects (corrects_id).";
	if (c != DOC_CORRIGENDUM && has_corrects)
		return "Only a corrigendum names a document it corrects: choose the category "
		       "corrigendum or leave corrects_id empty.";
	if (c != DOC_MINUTES && has_meeting)
		return "Only minutes name a meeting: choose the category minutes or leave "
		       "meeting_id empty.";
	return NULL;
}

/* True when s is a language code a document may carry: English, Hindi,
 * both ("en+hi"), or another of India's scheduled languages.  Those with
 * no ISO 639-1 code (Bodo, Dogri, Konkani, Maithili, Manipuri, Santali)
 * take their ISO 639-2/3 code. */
bool docs_language_valid(const char *s)
{
	static const char *const codes[] = {
		"en", "hi", "en+hi",
		"as", "bn", "gu", "kn", "ks", "ml", "mr", "ne", "or", "pa", "sa", "sd", "ta", "te", "ur",
		"brx", "doi", "kok", "mai", "mni", "sat",
	};
	if (!s)
		return false;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(s, codes[i]) == 0)
			return true;
	return false;
}

/* Writes bytes as "512 B", "82.13 KB", "1.75 MB" … into out and returns
 * out.  Integer arithmetic only: the value in hundredths of the unit is
 * rounded half up, and a value that rounds to 1024 of a unit is written
 * as 1 of the next ("1 MB", never "1024 KB").  Negative sizes are "0 B". */
char *docs_size_format(int64_t bytes, char out[32])
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "PB", "EB" };
	const int last = (int)(sizeof units / sizeof units[0]) - 1;
	if (bytes < 1024) {
		snprintf(out, 32, "%" PRId64 " B", bytes < 0 ? (int64_t)0 : bytes);
		return out;
	}
	int u = 0;
	uint64_t div = 1;
	while (u < last && (uint64_t)bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	uint64_t hundredths;
	for (;;) {
		uint64_t whole = (uint64_t)bytes / div, rest = (uint64_t)bytes % div;
		/* rest < div <= 2^60, so rest * 200 cannot overflow when div <=
		 * 2^50; for EB (div = 2^60) scale the remainder down first. */
		uint64_t frac = div <= (UINT64_C(1) << 50) ? (rest * 200 + div) / (2 * div)
							   : ((rest >> 20) * 200 + (div >> 20)) / (2 * (div >> 20));
		hundredths = whole * 100 + frac;
		if (hundredths < 1024 * 100 || u == last)
			break;
		div *= 1024;
		u++;
	}
	uint64_t ip = hundredths / 100;
	unsigned fp = (unsigned)(hundredths % 100);
	if (fp == 0)
		snprintf(out, 32, "%" PRIu64 " %s", ip, units[u]);
	else if (fp % 10 == 0)
		snprintf(out, 32, "%" PRIu64 ".%u %s", ip, fp / 10, units[u]);
	else
		snprintf(out, 32, "%" PRIu64 ".%02u %s", ip, fp, units[u]);
	return out;
}
