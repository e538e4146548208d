/* Money in paise (money.h). */
#include "monitoring/money.h"

#include "util/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Skips spaces. */
static const char *blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Whether s starts with word w (case-insensitive); *end past it. */
static bool starts(const char *s, const char *w, const char **end)
{
	size_t n = strlen(w);
	if (strncasecmp(s, w, n) != 0)
		return false;
	*end = s + n;
	return true;
}

/* The digits of "1,23,45,678" with their commas checked Indian-style (or no
 * commas at all), into digits (at most 19); false when malformed. */
static bool grouped(const char *s, size_t len, char *digits, size_t *nd)
{
	*nd = 0;
	int commas = 0;
	for (size_t i = 0; i < len; i++)
		commas += s[i] == ',';
	if (len == 0 || s[0] == ',' || s[len - 1] == ',')
		return false;
	if (commas) {
		/* from the right: a group of three, then groups of two, the first one or two */
		size_t i = len, group = 0;
		int k = 0;
		while (i > 0) {
			i--;
			if (s[i] == ',') {
				size_t want = k == 0 ? 3 : 2;
				if (group != want)
					return false;
				k++;
				group = 0;
			} else {
				group++;
			}
		}
		if (group < 1 || group > 2)
			return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ',')
			continue;
		if (!isdigit((unsigned char)s[i]) || *nd >= 19)
			return false;
		digits[(*nd)++] = s[i];
	}
	digits[*nd] = 0;
	return *nd > 0;
}

bool money_parse(const char *s, int64_t *paise)
{
	if (!s)
		return false;
	s = blanks(s);
	const char *e;
	/* the currency, if written */
	if (starts(s, "\xe2\x82\xb9", &e) || starts(s, "Rs.", &e) || starts(s, "Rs", &e) || starts(s, "INR", &e))
		s = blanks(e);
	/* the number: digits and commas, then a point and decimals */
	const char *num = s;
	while (isdigit((unsigned char)*s) || *s == ',')
		s++;
	size_t ilen = (size_t)(s - num);
	char ip[20], fp[20] = "";
	size_t nd, nf = 0;
	if (!grouped(num, ilen, ip, &nd))
		return false;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s) && nf < 19)
			fp[nf++] = *s++;
		fp[nf] = 0;
		if (nf == 0 || isdigit((unsigned char)*s))
			return false;
	}
	/* the unit, if written */
	s = blanks(s);
	long long unit = PAISE_PER_RUPEE;
	int places = 2;                 /* decimals of the unit that make whole paise */
	if (starts(s, "crores", &e) || starts(s, "crore", &e) || starts(s, "cr.", &e) || starts(s, "cr", &e)) {
		unit = PAISE_PER_CRORE;
		places = 9;
		s = blanks(e);
	} else if (starts(s, "lakhs", &e) || starts(s, "lakh", &e) || starts(s, "lacs", &e) || starts(s, "lac", &e)) {
		unit = PAISE_PER_LAKH;
		places = 7;
		s = blanks(e);
	}
	if (*s || (int)nf > places)
		return false;
	/* whole units, then the fraction scaled to paise */
	long long whole = 0;
	for (size_t i = 0; i < nd; i++) {
		if (whole > (MONEY_MAX / unit) / 10 + 1)
			return false;
		whole = whole * 10 + (ip[i] - '0');
	}
	if (whole > MONEY_MAX / unit)
		return false;
	long long frac = 0, scale = 1;
	for (size_t i = 0; i < nf; i++) {
		frac = frac * 10 + (fp[i] - '0');
		scale *= 10;
	}
	long long total = whole * unit + frac * (unit / scale);
	if (total > MONEY_MAX)
		return false;
	*paise = total;
	return true;
}

void money_format(int64_t paise, char out[MONEY_TEXT_MAX])
{
	bool neg = paise < 0;
	unsigned long long a = neg ? 0ULL - (unsigned long long)paise : (unsigned long long)paise;
	char g[32];
	util_group_indian(a / 100, g, sizeof g);
	if (a % 100)
		snprintf(out, MONEY_TEXT_MAX, "%s\xe2\x82\xb9 %s.%02llu", neg ? "−" : "", g, a % 100);
	else
		snprintf(out, MONEY_TEXT_MAX, "%s\xe2\x82\xb9 %s", neg ? "−" : "", g);
}

void money_words(int64_t paise, char out[MONEY_TEXT_MAX])
{
	bool neg = paise < 0;
	unsigned long long a = neg ? 0ULL - (unsigned long long)paise : (unsigned long long)paise;
	unsigned long long unit = a >= (unsigned long long)PAISE_PER_CRORE ? PAISE_PER_CRORE
				  : a >= (unsigned long long)PAISE_PER_LAKH ? PAISE_PER_LAKH : 0;
	if (!unit) {
		money_format(paise, out);
		return;
	}
	/* hundredths of the unit, rounded half up */
	unsigned long long h = (a + unit / 200) / (unit / 100);     /* no a * 100: sums reach 10^18 */
	char num[48];
	char g[32];
	util_group_indian(h / 100, g, sizeof g);
	if (h % 100 == 0)
		snprintf(num, sizeof num, "%s", g);
	else if (h % 10 == 0)
		snprintf(num, sizeof num, "%s.%llu", g, (h % 100) / 10);
	else
		snprintf(num, sizeof num, "%s.%02llu", g, h % 100);
	snprintf(out, MONEY_TEXT_MAX, "%s\xe2\x82\xb9 %.30s %s", neg ? "−" : "", num,
		 unit == (unsigned long long)PAISE_PER_CRORE ? "crore" : "lakh");
}

bool money_add(int64_t *sum, int64_t v)
{
	const int64_t bound = MONEY_MAX * 1000;
	if ((v > 0 && *sum > bound - v) || (v < 0 && *sum < -bound - v))
		return false;
	*sum += v;
	return true;
}
