/* The code lists of case records (vocab.h). */
#include "cases/vocab.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define LIST(var, what, ...) \
	static const char *const var##_pairs[] = { __VA_ARGS__ }; \
	static const char *var##_codes[sizeof var##_pairs / sizeof *var##_pairs / 2]; \
	static const char *var##_labels[sizeof var##_pairs / sizeof *var##_pairs / 2];

/* Each list as code, label pairs; split into the vocab's arrays below. */
LIST(status, "status",
     "under_investigation", "Under investigation", "chargesheeted", "Chargesheeted", "on_trial", "On trial",
     "convicted", "Convicted", "acquitted", "Acquitted", "closed", "Closed")
/* HTCDS prs_Gender */
LIST(gender, "gender",
     "Female", "Female", "Male", "Male", "TransgenderNonConforming", "Transgender / non-conforming",
     "Unknown", "Not known")
/* CTDC ageBroad */
LIST(age_band, "age band",
     "0--8", "0 to 8", "9--17", "9 to 17", "18--20", "18 to 20", "21--23", "21 to 23", "24--26", "24 to 26",
     "27--29", "27 to 29", "30--38", "30 to 38", "39--47", "39 to 47", "48+", "48 and above", "Unknown", "Not known")
/* NCRB, Crime in India: purposes of trafficking (as the returns' standard) */
LIST(purpose, "purpose",
     "forced_labour", "Forced labour", "prostitution", "Sexual exploitation for prostitution",
     "other_sexual", "Other forms of sexual exploitation", "domestic_servitude", "Domestic servitude",
     "forced_marriage", "Forced marriage", "petty_crimes", "Petty crimes", "child_pornography", "Child pornography",
     "begging", "Begging", "drug_peddling", "Drug peddling", "organs", "Removal of organs", "other", "Other")
/* HTCDS vic_MethodsOfControl */
LIST(control, "means of control",
     "DebtBondage", "Debt bondage", "FalsePromises", "False promises", "WithholdsDocuments", "Withheld documents",
     "Threats", "Threats", "PhysicalAbuse", "Physical abuse", "SexualAbuse", "Sexual abuse",
     "PsychoactiveSubstances", "Psychoactive substances", "RestrictsMovement", "Restricted movement",
     "TakesEarnings", "Takes earnings", "RestrictsFinancialAccess", "Restricted financial access",
     "PsychologicalAbuse", "Psychological abuse", "RestrictsMedicalCare", "Restricted medical care",
     "ExcessiveWorkingHours", "Excessive working hours", "WithholdsNecessities", "Withheld necessities",
     "ThreatOfLawEnforcement", "Threat of law enforcement", "Other", "Other")
/* CTDC recruiterRelation*, widened with the relations Indian FIRs record */
LIST(relation, "recruiter's relation",
     "Family", "Family member", "IntimatePartner", "Intimate partner", "Friend", "Friend",
     "Neighbour", "Neighbour or acquaintance", "Employer", "Employer", "PlacementAgency", "Placement agency",
     "Stranger", "Stranger", "Other", "Other", "Unknown", "Not known")
/* HTCDS per_RoleInProcess, with harbourer and placement agency added */
LIST(role, "role",
     "RecruiterOrIntermediary", "Recruiter or intermediary", "Transporter", "Transporter",
     "Harbourer", "Harbourer", "Exploiter", "Employer or exploiter", "PlacementAgency", "Placement agency",
     "Other", "Other")

#define VOCAB(var, what) \
	const struct vocab vocab_##var = { what, var##_codes, var##_labels, \
					   (int)(sizeof var##_pairs / sizeof *var##_pairs / 2) }
VOCAB(status, "status");
VOCAB(gender, "gender");
VOCAB(age_band, "age band");
VOCAB(purpose, "purpose");
VOCAB(control, "means of control");
VOCAB(relation, "recruiter's relation");
VOCAB(role, "role");

static void split(const char *const *pairs, const char **codes, const char **labels, int n)
{
	for (int i = 0; i < n; i++) {
		codes[i] = pairs[2 * i];
		labels[i] = pairs[2 * i + 1];
	}
}

static pthread_once_t split_once = PTHREAD_ONCE_INIT;

static void split_all(void)
{
#define SPLIT(var) split(var##_pairs, var##_codes, var##_labels, vocab_##var.n)
	SPLIT(status);
	SPLIT(gender);
	SPLIT(age_band);
	SPLIT(purpose);
	SPLIT(control);
	SPLIT(relation);
	SPLIT(role);
#undef SPLIT
}

int vocab_find(const struct vocab *v, const char *code)
{
	pthread_once(&split_once, split_all);
	if (!code)
		return -1;
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->codes[i], code) == 0)
			return i;
	return -1;
}

const char *vocab_label(const struct vocab *v, const char *code)
{
	int i = vocab_find(v, code);
	return i >= 0 ? v->labels[i] : code;
}

bool vocab_bits_from_json(const struct vocab *v, const json_t *a, uint32_t *bits, const char **bad)
{
	*bits = 0;
	*bad = NULL;
	if (!json_is_array(a) || json_array_size(a) > (size_t)v->n)
		return false;
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) {
		int k = vocab_find(v, json_string_value(e));
		if (k < 0) {
			*bad = json_is_string(e) ? json_string_value(e) : NULL;
			return false;
		}
		*bits |= 1u << k;
	}
	return true;
}

json_t *vocab_bits_to_json(const struct vocab *v, uint32_t bits)
{
	pthread_once(&split_once, split_all);
	json_t *a = json_array();
	for (int i = 0; i < v->n && i < 32; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(v->codes[i]));
	return a;
}

json_t *vocab_json(const struct vocab *v)
{
	pthread_once(&split_once, split_all);
	json_t *a = json_array();
	for (int i = 0; i < v->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", v->codes[i], "label", v->labels[i]));
	return a;
}

const char *vocab_age_band_of(int age)
{
	static const struct { int upto; const char *band; } bands[] = {
		{ 8, "0--8" }, { 17, "9--17" }, { 20, "18--20" }, { 23, "21--23" }, { 26, "24--26" },
		{ 29, "27--29" }, { 38, "30--38" }, { 47, "39--47" },
	};
	if (age < 0)
		return "Unknown";
	for (size_t i = 0; i < sizeof bands / sizeof *bands; i++)
		if (age <= bands[i].upto)
			return bands[i].band;
	return "48+";
}

bool vocab_age_band_minor(const char *band)
{
	return band && (strcmp(band, "0--8") == 0 || strcmp(band, "9--17") == 0);
}

/* ---- countries ---- */
#define COUNTRIES_MAX 300
static struct country { char code[3]; char *name; } countries[COUNTRIES_MAX];
static int ncountries;
static pthread_mutex_t countries_lock = PTHREAD_MUTEX_INITIALIZER;

static int country_row(void *ctx, int n, char **f)
{
	(void)ctx;
	if (n != 2 || strlen(f[0]) != 2 || ncountries >= COUNTRIES_MAX)
		return 1;
	memcpy(countries[ncountries].code, f[0], 3);
	countries[ncountries].name = strdup(f[1]);
	return countries[ncountries++].name ? 0 : 1;
}

int vocab_countries_load(void)
{
	/* and the lists' arrays, which some read directly (vocab_purpose.codes[k]) */
	pthread_once(&split_once, split_all);
	pthread_mutex_lock(&countries_lock);
	int rc = 0;
	if (ncountries == 0) {
		const struct embedded *e = embedded_get("data/countries.csv");
		rc = e && util_csv_each(e->data, e->len, country_row, NULL) == 0 && ncountries > 0 ? 0 : -1;
		if (rc != 0)
			log_error("cases: the list of countries could not be read");
	}
	pthread_mutex_unlock(&countries_lock);
	return rc;
}

int vocab_country_index(const char *code)
{
	if (!code || strlen(code) != 2)
		return -1;
	int lo = 0, hi = ncountries - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(countries[mid].code, code);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

const char *vocab_country_name(const char *code)
{
	int i = vocab_country_index(code);
	return i >= 0 ? countries[i].name : NULL;
}

int vocab_country_count(void)
{
	return ncountries;
}

const char *vocab_country_at(int i)
{
	return i >= 0 && i < ncountries ? countries[i].code : NULL;
}
