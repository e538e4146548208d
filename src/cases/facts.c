/* The analysis's copy of every victim (analysis.h): 24 bytes each,
 * sorted by month, read from the database on first use and again after
 * any change to the case tables (cases_version).  Readers hold a
 * reference, so a new copy can replace the old while they still count. */
#include "cases/analysis.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cases/cases.h"
#include "cases/vocab.h"
#include "master/master.h"
#include "util/util.h"

/* facts_lock guards current and the references, briefly; build_lock
 * lets one reader at a time read a new copy, while the others keep
 * answering from the old one and releasing theirs. */
static pthread_mutex_t facts_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
static struct facts *current;

struct facts *facts_new(void)
{
	struct facts *F = calloc(1, sizeof *F);
	if (!F)
		return NULL;
	F->nstates = master_state_count();
	F->ndistricts = master_district_count();
	F->ncountries = vocab_country_count();
	F->refs = 1;
	F->state_of_district = calloc((size_t)F->ndistricts + 1, sizeof *F->state_of_district);
	if (!F->state_of_district) {
		free(F);
		return NULL;
	}
	for (int i = 0; i < F->ndistricts; i++)
		F->state_of_district[i] = (uint16_t)master_state_of(master_district_at(i)->state_lgd)->index;
	return F;
}

static void facts_free(struct facts *F)
{
	if (!F)
		return;
	free(F->f);
	free(F->transit);
	free(F->state_of_district);
	free(F);
}

/* The place of a stored one, 0 when not known. */
static uint16_t place_of(const struct facts *F, const struct db_place *p)
{
	if (p->district_lgd) {
		const struct master_district *d = master_district_of(p->district_lgd);
		return d ? (uint16_t)(1 + d->index) : 0;
	}
	int c = vocab_country_index(p->country);
	return c >= 0 ? (uint16_t)(1 + F->ndistricts + c) : 0;
}

static int month_of(const char *date)
{
	if (!date || strlen(date) < 7)
		return -1;
	int y = atoi(date), m = atoi(date + 5);
	if (y < 1990 || y >= 2100 || m < 1 || m > 12)
		return -1;
	return MONTH_OF(y, m);
}

int facts_add(struct facts *F, const struct db_case_fact *row)
{
	int month = month_of(row->date);
	const struct master_district *cd = master_district_of(row->case_district_lgd);
	const struct master_state *cs = master_state_of(row->case_state_lgd);
	if (month < 0 || !cd || !cs)
		return 0;       /* not countable: left out (a date before 1990 cannot be stored) */
	if (F->n == F->cap) {
		size_t ncap = F->cap ? F->cap * 2 : 4096;
		struct fact *g = realloc(F->f, ncap * sizeof *g);
		if (!g)
			return -1;
		F->f = g;
		F->cap = ncap;
	}
	struct fact *f = &F->f[F->n];
	memset(f, 0, sizeof *f);
	f->month = (uint16_t)month;
	f->case_state = (uint16_t)(1 + cs->index);
	f->case_district = (uint16_t)(1 + cd->index);
	f->source = place_of(F, &row->source);
	f->destination = place_of(F, &row->destination);
	int nat = vocab_country_index(row->nationality);
	f->nationality = (uint16_t)(nat >= 0 ? nat : 0);
	f->purposes = (uint16_t)row->purposes;
	int g = vocab_find(&vocab_gender, row->gender), a = vocab_find(&vocab_age_band, row->age_band);
	f->gender = (uint8_t)(g >= 0 ? g : vocab_find(&vocab_gender, "Unknown"));
	f->age_band = (uint8_t)(a >= 0 ? a : vocab_find(&vocab_age_band, "Unknown"));
	f->transit = (uint32_t)F->ntransit;
	for (const char *s = row->transit; s && *s && f->ntransit < CASE_TRANSIT_MAX;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		struct db_place p;
		memset(&p, 0, sizeof p);
		if (*s == 'D')
			p.district_lgd = atoi(s + 1);
		else if (s[1])
			memcpy(p.country, s, 2);
		while (*s && *s != ' ')
			s++;
		uint16_t place = place_of(F, &p);
		/* a place of transit that is the source or destination is counted there only */
		if (!place || place == f->source || place == f->destination)
			continue;
		if (F->ntransit == F->tcap) {
			size_t ncap = F->tcap ? F->tcap * 2 : 4096;
			uint16_t *t = realloc(F->transit, ncap * sizeof *t);
			if (!t)
				return -1;
			F->transit = t;
			F->tcap = ncap;
		}
		F->transit[F->ntransit++] = place;
		f->ntransit++;
	}
	F->n++;
	return 0;
}

int facts_seal(struct facts *F)
{
	/* counting sort by month: stable, one pass */
	size_t *start = calloc(MONTHS_MAX + 1, sizeof *start);
	struct fact *sorted = F->n ? malloc(F->n * sizeof *sorted) : NULL;
	if (!start || (F->n && !sorted)) {
		free(start);
		free(sorted);
		return -1;
	}
	for (size_t i = 0; i < F->n; i++)
		start[F->f[i].month + 1]++;
	for (int m = 0; m < MONTHS_MAX; m++)
		start[m + 1] += start[m];
	for (size_t i = 0; i < F->n; i++)
		sorted[start[F->f[i].month]++] = F->f[i];
	free(start);
	free(F->f);
	F->f = sorted;
	F->cap = F->n;
	return 0;
}

static int add_row(void *ctx, const struct db_case_fact *row)
{
	return facts_add(ctx, row);
}

/* Reads every victim at the database's present version. */
static struct facts *facts_read(struct db *db, int64_t version)
{
	struct facts *F = facts_new();
	if (!F)
		return NULL;
	F->version = version;
	int64_t t0 = util_mono_ms();
	if (db->ops->case_facts(db, add_row, F) != DB_OK || facts_seal(F) != 0) {
		log_error("cases: the victims could not be read for the analysis");
		facts_free(F);
		return NULL;
	}
	log_info("cases: %zu victims read for the analysis in %lld ms", F->n, (long long)(util_mono_ms() - t0));
	return F;
}

/* current with a reference, when it is of version or newer; else NULL. */
static struct facts *current_if_fresh(int64_t version)
{
	pthread_mutex_lock(&facts_lock);
	struct facts *F = current && current->version >= version ? current : NULL;
	if (F)
		F->refs++;
	pthread_mutex_unlock(&facts_lock);
	return F;
}

struct facts *facts_get(struct db *db)
{
	/* a newer copy than this reader's version is as good: it may be the
	 * version after a write this reader has not seen yet, never before */
	int64_t version = db->ops->cases_version(db);
	if (version < 0)
		return NULL;
	struct facts *F = current_if_fresh(version);
	if (F)
		return F;
	pthread_mutex_lock(&build_lock);
	F = current_if_fresh(version);          /* another reader may have read it meanwhile */
	if (!F) {
		F = facts_read(db, version);    /* without facts_lock: the others go on */
		if (F) {
			F->refs++;              /* the reader's, beside current's own */
			pthread_mutex_lock(&facts_lock);
			struct facts *old = current;
			current = F;
			bool last = old && --old->refs == 0;
			pthread_mutex_unlock(&facts_lock);
			if (last)
				facts_free(old);
		}
	}
	pthread_mutex_unlock(&build_lock);
	return F;
}

void facts_release(struct facts *F)
{
	if (!F)
		return;
	pthread_mutex_lock(&facts_lock);
	bool last = --F->refs == 0;
	pthread_mutex_unlock(&facts_lock);
	if (last)
		facts_free(F);
}

int cases_facts_warm(struct db *db)
{
	struct facts *F = facts_get(db);
	facts_release(F);
	return F ? 0 : -1;
}
