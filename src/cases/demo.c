/* Synthetic case records for the demo and the benchmark (`ahtcell demo
 * --cases N`): every case is marked synthetic, every name made up.  The
 * patterns follow what the published record describes (docs/cases.md):
 * recruitment concentrated in a few eastern and north-eastern States and
 * in the districts on the Nepal and Bangladesh borders, exploitation in
 * the large metropolitan districts, cross-border routes from Nepal and
 * Bangladesh through border districts, some victims taken to the Gulf,
 * the rest spread by population; more rescues in April–June and
 * October–November; a slow rise year on year; recruiters who return in
 * several cases (networks). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases/internal.h"
#include "crypto/field.h"
#include "master/master.h"
#include "util/util.h"

#define DEMO_YEARS 5
#define SEAL_UP_TO 20000                /* cases; past it the demo seals no names (a benchmark) */
#define BATCH 2000                      /* cases per transaction */
#define NETWORKS 400

struct weighted {
	int lgd;
	int weight;
};

/* Where victims are taken: the metropolitan districts. */
static const struct weighted metros[] = {
	{ 482, 6 }, { 483, 8 }, { 497, 5 }, { 490, 4 }, { 77, 3 }, { 80, 2 }, { 82, 5 }, { 84, 4 }, { 83, 4 },
	{ 85, 3 }, { 315, 6 }, { 313, 3 }, { 525, 6 }, { 507, 5 }, { 568, 4 }, { 459, 3 }, { 438, 3 }, { 62, 3 },
	{ 102, 2 }, { 36, 2 }, { 551, 2 },
};
/* Where they are recruited: districts of West Bengal, Jharkhand, Odisha,
 * Chhattisgarh, Assam, Bihar, Meghalaya, Tripura, Madhya Pradesh and
 * Uttar Pradesh's Nepal border. */
static const struct weighted sources[] = {
	{ 304, 8 }, { 303, 6 }, { 319, 5 }, { 320, 4 }, { 316, 4 }, { 314, 4 }, { 309, 3 }, { 321, 2 },
	{ 331, 5 }, { 339, 3 }, { 340, 4 }, { 337, 3 }, { 326, 3 }, { 363, 3 }, { 370, 3 }, { 373, 4 },
	{ 380, 4 }, { 386, 2 }, { 374, 2 }, { 301, 3 }, { 294, 3 }, { 285, 3 }, { 297, 2 }, { 221, 4 },
	{ 206, 3 }, { 188, 3 }, { 203, 3 }, { 213, 3 }, { 211, 3 }, { 274, 1 }, { 272, 1 }, { 392, 2 },
	{ 415, 2 }, { 164, 2 }, { 182, 2 },
};
/* Crossing points: on the Nepal border, on the Bangladesh border. */
static const struct weighted nepal_border[] = {
	{ 221, 3 }, { 206, 3 }, { 211, 2 }, { 213, 2 }, { 188, 2 }, { 203, 2 }, { 164, 3 }, { 182, 2 }, { 309, 2 },
};
static const struct weighted bangladesh_border[] = {
	{ 303, 4 }, { 304, 3 }, { 320, 3 }, { 319, 3 }, { 316, 2 }, { 293, 2 }, { 282, 2 }, { 285, 2 }, { 272, 2 },
};
/* Railway junctions victims pass through. */
static const struct weighted junctions[] = {
	{ 313, 5 }, { 212, 4 }, { 162, 3 }, { 484, 3 }, { 187, 2 }, { 135, 3 }, { 148, 2 }, { 339, 2 }, { 618, 3 },
};
static const char *const gulf[] = { "AE", "SA", "OM", "KW", "QA" };

/* NCRB's purposes (vocab order) as shares of victims, per mille. */
static const int purpose_weights[] = { 450, 250, 50, 70, 60, 10, 10, 20, 10, 1, 69 };
/* Rescues by month, relative. */
static const int month_weights[] = { 8, 8, 9, 12, 13, 12, 9, 8, 9, 12, 13, 8 };

/* xoshiro-like: splitmix64 then xorshift64*, enough for a demo. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}
static int below(int n)
{
	return n > 0 ? (int)(rnd() % (uint64_t)n) : 0;
}
static bool chance(int per_mille)
{
	return below(1000) < per_mille;
}

static int pick_weighted(const struct weighted *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += master_district_of(w[i].lgd) ? w[i].weight : 0;
	int x = below(total);
	for (size_t i = 0; i < n; i++) {
		if (!master_district_of(w[i].lgd))
			continue;
		if (x < w[i].weight)
			return w[i].lgd;
		x -= w[i].weight;
	}
	return master_district_at(0)->lgd;
}
#define PICK(list) pick_weighted(list, sizeof list / sizeof *list)

static int pick_ints(const int *w, int n)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += w[i];
	int x = below(total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* A district weighted by population (of state_lgd, or anywhere when 0). */
static long long *pop_cumulative;
static int by_population(int state_lgd)
{
	int nd = master_district_count();
	if (!pop_cumulative) {
		pop_cumulative = malloc(sizeof *pop_cumulative * (size_t)nd);
		long long s = 0;
		for (int i = 0; pop_cumulative && i < nd; i++)
			pop_cumulative[i] = s += master_district_at(i)->population > 0 ? master_district_at(i)->population : 300000;
	}
	if (!pop_cumulative)
		return master_district_at(below(nd))->lgd;
	for (int tries = 0; tries < 200; tries++) {
		long long x = (long long)(rnd() % (uint64_t)pop_cumulative[nd - 1]);
		int lo = 0, hi = nd - 1;
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (pop_cumulative[mid] > x)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (!state_lgd || master_district_at(lo)->state_lgd == state_lgd)
			return master_district_at(lo)->lgd;
	}
	return master_district_at(below(nd))->lgd;
}

static void date_add_days(const char *date, int days, char out[11])
{
	struct tm tm = { 0 };
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8) + days;
	tm.tm_hour = 12;
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A FIR date in the last DEMO_YEARS years, rising year on year, with the
 * months' seasonality; never after today. */
static void pick_date(const char *today, char out[11])
{
	int this_year = atoi(today);
	static const int year_weights[DEMO_YEARS] = { 80, 87, 94, 102, 110 };
	for (;;) {
		int year = this_year - DEMO_YEARS + 1 + pick_ints(year_weights, DEMO_YEARS);
		int month = 1 + pick_ints(month_weights, 12);
		int day = 1 + below(28);
		snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
		if (strcmp(out, today) <= 0)
			return;
	}
}

static void seal_text(const char *table, const char *col, const char *code, const char *text, struct db_sealed *out)
{
	char ad[64];
	snprintf(ad, sizeof ad, "%s.%s:%s", table, col, code);
	if (field_seal(text, strlen(text), ad, &out->data, &out->len) != 0)
		out->data = NULL, out->len = 0;
}

/* Status of a case filed on fir_date as of today, with its history. */
struct step {
	const char *status;
	char on[11];
};
static int case_history(const char *fir_date, const char *today, struct step *steps)
{
	int n = 0;
	steps[n].status = "under_investigation";
	snprintf(steps[n++].on, 11, "%s", fir_date);
	char d[11];
	date_add_days(fir_date, 60 + below(60), d);
	if (strcmp(d, today) > 0 || chance(150))
		return n;
	if (chance(80)) {
		steps[n].status = "closed";
		snprintf(steps[n++].on, 11, "%s", d);
		return n;
	}
	steps[n].status = "chargesheeted";
	snprintf(steps[n++].on, 11, "%s", d);
	date_add_days(d, 90 + below(120), d);
	if (strcmp(d, today) > 0)
		return n;
	steps[n].status = "on_trial";
	snprintf(steps[n++].on, 11, "%s", d);
	date_add_days(d, 300 + below(500), d);
	if (strcmp(d, today) > 0)
		return n;
	steps[n].status = chance(450) ? "convicted" : "acquitted";
	snprintf(steps[n++].on, 11, "%s", d);
	return n;
}

/* The police station's FIR numbers run per district and year. */
static int *fir_counter;
static int next_fir(int district_lgd, int year_offset)
{
	const struct master_district *d = master_district_of(district_lgd);
	return ++fir_counter[(d ? d->index : 0) * (DEMO_YEARS + 1) + year_offset];
}

/* Fills c with one synthetic case; its victims and accused in arrays of c. */
static void make_case(struct db_case *c, const char *today, bool seal, long long serial, char (*network_codes)[16],
		      struct step *steps, int *nsteps)
{
	/* the route of the case */
	int kind = below(1000);
	struct db_place source = { 0 }, transit = { 0 }, dest = { 0 };
	const char *nationality = "IN";
	if (kind < 80) {                /* from Nepal, across its border */
		memcpy(source.country, "NP", 3);
		transit.district_lgd = PICK(nepal_border);
		dest.district_lgd = PICK(metros);
		nationality = "NP";
	} else if (kind < 150) {        /* from Bangladesh */
		memcpy(source.country, "BD", 3);
		transit.district_lgd = PICK(bangladesh_border);
		dest.district_lgd = PICK(metros);
		nationality = "BD";
	} else if (kind < 170) {        /* to the Gulf */
		source.district_lgd = chance(600) ? PICK(sources) : by_population(0);
		memcpy(dest.country, gulf[below(5)], 3);
		transit.district_lgd = chance(500) ? 483 : 0;
	} else if (kind < 620) {        /* from the source belt to a metropolis */
		source.district_lgd = PICK(sources);
		dest.district_lgd = PICK(metros);
		if (chance(450))
			transit.district_lgd = PICK(junctions);
	} else {                        /* within a State, or anywhere, by population */
		source.district_lgd = by_population(0);
		const struct master_district *sd = master_district_of(source.district_lgd);
		dest.district_lgd = chance(600) ? by_population(sd ? sd->state_lgd : 0) : PICK(metros);
		if (dest.district_lgd == source.district_lgd)
			dest.district_lgd = PICK(metros);
	}
	/* registered where rescued: mostly at the destination */
	int reg = below(100);
	int district = dest.district_lgd && reg < 55 ? dest.district_lgd
		       : transit.district_lgd && reg < 70 ? transit.district_lgd
		       : source.district_lgd ? source.district_lgd : dest.district_lgd ? dest.district_lgd
		       : transit.district_lgd;
	if (!district)
		district = by_population(0);
	const struct master_district *md = master_district_of(district);
	c->district_lgd = md->lgd;
	c->state_lgd = md->state_lgd;
	c->synthetic = true;
	pick_date(today, c->fir_date);
	int year_offset = atoi(today) - atoi(c->fir_date);
	if (year_offset < 0 || year_offset > DEMO_YEARS)
		year_offset = DEMO_YEARS;
	bool grp = transit.district_lgd == district && chance(700);
	snprintf(c->police_station, sizeof c->police_station, "%s %s", grp ? "GRP" : "PS", md->name);
	snprintf(c->fir_number, sizeof c->fir_number, "%d/%.4s", next_fir(district, year_offset), c->fir_date);
	if (chance(600))
		snprintf(c->ahtu, sizeof c->ahtu, "AHTU %s", md->name);

	/* victims: mostly one to three, now and then a raid */
	int nv = 1 + (chance(50) ? 9 + below(30) : below(3) + (chance(300) ? below(3) : 0));
	int main_purpose = pick_ints(purpose_weights, 11);
	for (int i = 0; i < nv; i++) {
		struct db_victim *v = &c->victims[c->nvictims++];
		memset(v, 0, sizeof *v);
		cases_new_code('V', v->code);
		int purpose = chance(800) ? main_purpose : pick_ints(purpose_weights, 11);
		v->purposes = 1u << purpose;
		if (chance(100))
			v->purposes |= 1u << pick_ints(purpose_weights, 11);
		int female_per_mille = purpose == 1 || purpose == 2 || purpose == 4 ? 970 : purpose == 3 ? 850
				       : purpose == 0 ? 380 : 550;
		snprintf(v->gender, sizeof v->gender, "%s", chance(8) ? "TransgenderNonConforming"
							    : chance(female_per_mille) ? "Female" : "Male");
		bool minor = chance(purpose == 4 ? 500 : purpose == 6 || purpose == 7 ? 900 : 580);
		v->age = chance(60) ? -1 : minor ? 9 + below(9) : 18 + below(22);
		if (minor && v->age >= 0 && chance(100))
			v->age = 5 + below(4);
		snprintf(v->age_band, sizeof v->age_band, "%s", vocab_age_band_of(v->age));
		snprintf(v->nationality, sizeof v->nationality, "%s", nationality);
		v->methods = 0;
		for (int k = 0, m = 1 + below(3); k < m; k++)
			v->methods |= 1u << (chance(600) ? below(8) : below(vocab_control.n));
		static const int relation_weights[] = { 180, 60, 150, 200, 120, 90, 120, 30, 50 };
		snprintf(v->relation, sizeof v->relation, "%s", vocab_relation.codes[pick_ints(relation_weights, 9)]);
		date_add_days(c->fir_date, -below(4), v->rescued_on);
		if (strcmp(v->rescued_on, "1990-01-01") < 0)
			snprintf(v->rescued_on, sizeof v->rescued_on, "%s", c->fir_date);
		v->rescue_district_lgd = district;
		snprintf(v->shelter, sizeof v->shelter, "%s, %s", minor ? "Child Care Institution" : "Ujjawala Home",
			 md->name);
		v->source = source;
		/* a raid gathers victims from around the source */
		if (i > 0 && source.district_lgd && chance(300)) {
			const struct master_district *sd = master_district_of(source.district_lgd);
			v->source.district_lgd = by_population(sd->state_lgd);
		}
		v->destination = dest;
		if (transit.district_lgd || transit.country[0]) {
			v->transit[0] = transit;
			v->ntransit = 1;
			if (chance(150) && dest.district_lgd) {
				v->transit[1].district_lgd = PICK(junctions);
				if (v->transit[1].district_lgd != transit.district_lgd && v->transit[1].district_lgd != dest.district_lgd)
					v->ntransit = 2;
			}
		}
		if (seal) {
			char text[96];
			snprintf(text, sizeof text, "Synthetic victim %lld-%d", serial, i + 1);
			seal_text("victims", "name", v->code, text, &v->name);
			snprintf(text, sizeof text, "Synthetic address, %s", md->name);
			seal_text("victims", "address", v->code, text, &v->address);
		}
	}
	snprintf(c->sections, sizeof c->sections, "%s",
		 strcmp(c->fir_date, "2024-07-01") >= 0
			 ? (main_purpose == 1 ? "[\"BNS 143\",\"ITPA 5\"]" : main_purpose == 0 ? "[\"BNS 143\",\"BLSA 16\"]"
									       : "[\"BNS 143\"]")
			 : (main_purpose == 1 ? "[\"IPC 370\",\"ITPA 5\"]" : main_purpose == 0 ? "[\"IPC 370\",\"BLSA 16\"]"
									       : "[\"IPC 370\"]"));

	int ns = *nsteps = case_history(c->fir_date, today, steps);
	snprintf(c->status, sizeof c->status, "%s", steps[ns - 1].status);
	snprintf(c->status_on, sizeof c->status_on, "%s", steps[ns - 1].on);

	/* accused: a recruiter (now and then one of a network), a transporter, an employer */
	int na = 1 + below(3);
	bool charged = strcmp(c->status, "under_investigation") != 0 && strcmp(c->status, "closed") != 0;
	for (int i = 0; i < na; i++) {
		struct db_accused *a = &c->accused[c->naccused++];
		memset(a, 0, sizeof *a);
		static const int roles[] = { 0, 1, 3 };
		a->roles = 1u << roles[i % 3];
		if (i == 0 && chance(250))
			memcpy(a->code, network_codes[below(NETWORKS)], sizeof a->code);
		else
			cases_new_code('A', a->code);
		a->arrested = chance(700);
		a->chargesheeted = charged && a->arrested;
		a->convicted = a->chargesheeted && strcmp(c->status, "convicted") == 0;
		if (seal) {
			char text[64];
			snprintf(text, sizeof text, "Synthetic accused %s", a->code + 2);
			seal_text("accused", "name", a->code, text, &a->name);
		}
	}
}

/* Empties c for the next case, keeping its arrays. */
static void case_reset(struct db_case *c)
{
	struct db_victim *v = c->victims;
	struct db_accused *a = c->accused;
	for (int i = 0; i < c->nvictims; i++) {
		free(v[i].name.data);
		free(v[i].address.data);
		free(v[i].contact.data);
	}
	for (int i = 0; i < c->naccused; i++)
		free(a[i].name.data);
	memset(c, 0, sizeof *c);
	c->victims = v;
	c->accused = a;
}

long long cases_demo_load(struct db *db, long long n, unsigned seed, void (*progress)(long long done, long long n))
{
	char today[11];
	cases_today(today);
	rng_state = 0x9E3779B97F4A7C15ull ^ (seed ? seed : (uint64_t)time(NULL));
	fir_counter = calloc((size_t)master_district_count() * (DEMO_YEARS + 1), sizeof *fir_counter);
	char (*network_codes)[16] = malloc(NETWORKS * sizeof *network_codes);
	struct db_case c;
	memset(&c, 0, sizeof c);
	c.victims = calloc(CASE_VICTIMS_MAX, sizeof *c.victims);
	c.accused = calloc(CASE_ACCUSED_MAX, sizeof *c.accused);
	if (!fir_counter || !network_codes || !c.victims || !c.accused) {
		free(fir_counter), free(network_codes), free(c.victims), free(c.accused);
		return -1;
	}
	for (int i = 0; i < NETWORKS; i++)
		cases_new_code('A', network_codes[i]);
	bool seal = n <= SEAL_UP_TO && field_key_current() != 0;
	long long victims = 0, done = 0;
	int64_t now = util_now_ms();
	db->ops->bulk_cache(db, 256);
	bool ok = true;
	while (ok && done < n) {
		if (db->ops->begin_write(db) != DB_OK) {
			ok = false;
			break;
		}
		for (int b = 0; b < BATCH && done < n && ok; b++, done++) {
			struct step steps[5];
			int nsteps;
			case_reset(&c);
			make_case(&c, today, seal, done + 1, network_codes, steps, &nsteps);
			c.created_at = c.updated_at = now;
			/* a FIR number taken (a second load on the same data): the next one */
			while (db->ops->case_fir_taken(db, c.district_lgd, c.police_station, c.fir_number, c.fir_date, 0))
				snprintf(c.fir_number, sizeof c.fir_number, "%d/%.4s",
					 next_fir(c.district_lgd, atoi(today) - atoi(c.fir_date)), c.fir_date);
			ok = db->ops->case_insert(db, &c) == DB_OK;
			for (int k = 0; ok && k < nsteps; k++)
				ok = db->ops->case_event_add(db, c.id, steps[k].status, steps[k].on, now, 0) == DB_OK;
			victims += c.nvictims;
		}
		if (ok)
			ok = db->ops->commit(db) == DB_OK;
		if (!ok)
			db->ops->rollback(db);
		if (progress)
			progress(done, n);
	}
	db->ops->bulk_cache(db, 0);
	db_case_clear(&c);
	free(fir_counter);
	fir_counter = NULL;
	free(network_codes);
	free(pop_cumulative);
	pop_cumulative = NULL;
	if (!ok) {
		log_error("cases: the synthetic cases could not be saved");
		return -1;
	}
	return victims;
}
