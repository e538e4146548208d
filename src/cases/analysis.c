/* The sums of the analysis (analysis.h, docs/analysis.md): one pass over
 * the facts of the months asked, counting into arrays indexed by place. */
#include "cases/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cases/vocab.h"

bool analysis_match(const struct analysis_query *q, const struct fact *f)
{
	if (q->case_state && f->case_state != q->case_state)
		return false;
	if (q->case_district && f->case_district != q->case_district)
		return false;
	if (q->purposes && !(f->purposes & q->purposes))
		return false;
	if (q->gender >= 0 && f->gender != q->gender)
		return false;
	if (q->nationality >= 0 && f->nationality != q->nationality)
		return false;
	if (q->age_band >= 0 && f->age_band != q->age_band)
		return false;
	if (q->age_band == AGE_MINORS || q->age_band == AGE_ADULTS) {
		const char *band = f->age_band < vocab_age_band.n ? vocab_age_band.codes[f->age_band] : "Unknown";
		bool minor = vocab_age_band_minor(band), unknown = strcmp(band, "Unknown") == 0;
		if (unknown || minor != (q->age_band == AGE_MINORS))
			return false;
	}
	return true;
}

/* The first fact of month m or later. */
static size_t lower_bound(const struct facts *F, int m)
{
	size_t lo = 0, hi = F->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (F->f[mid].month < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void analysis_slice(const struct facts *F, const struct analysis_query *q, size_t *begin, size_t *end)
{
	*begin = lower_bound(F, q->month_from);
	*end = lower_bound(F, q->month_to + 1);
	if (*end < *begin)
		*end = *begin;
}

void analysis_counts_free(struct place_counts *c)
{
	free(c->source);
	c->source = c->transit = c->destination = NULL;
}

int analysis_place_counts(const struct facts *F, const struct analysis_query *q, struct place_counts *out)
{
	int np = facts_places(F);
	out->nplaces = np;
	out->source = calloc((size_t)np * 3, sizeof *out->source);
	if (!out->source)
		return -1;
	out->transit = out->source + np;
	out->destination = out->source + 2 * np;
	size_t b, e;
	analysis_slice(F, q, &b, &e);
	for (size_t i = b; i < e; i++) {
		const struct fact *f = &F->f[i];
		if (!analysis_match(q, f))
			continue;
		out->source[f->source]++;
		out->destination[f->destination]++;
		const uint16_t *t = f->ntransit ? F->transit + f->transit : NULL;   /* no array when no victim passes anywhere */
		for (int k = 0; k < f->ntransit; k++) {
			bool seen = false;
			for (int j = 0; j < k && !seen; j++)
				seen = t[j] == t[k];
			if (!seen)
				out->transit[t[k]]++;
		}
	}
	/* place 0 is "not known": not a place to count or classify */
	out->source[0] = out->transit[0] = out->destination[0] = 0;
	return 0;
}

double analysis_per_lakh(long long count, long long population)
{
	if (population <= 0)
		return -1;
	return round((double)count * 100000.0 / (double)population * 100.0) / 100.0;
}

enum district_class analysis_classify(uint32_t source, uint32_t transit, uint32_t destination,
				      const struct thresholds *t)
{
	uint64_t all = (uint64_t)source + transit + destination;
	if (all == 0 || all < (uint64_t)t->min_victims)
		return CLASS_TOO_FEW;
	/* shares compared in integers: role * 10000 >= all * share * 10000 */
	uint64_t need = (uint64_t)(t->dominant_share * 10000.0 + 0.5);
	if ((uint64_t)source * 10000 >= all * need)
		return CLASS_SOURCE;
	if ((uint64_t)destination * 10000 >= all * need)
		return CLASS_DESTINATION;
	if ((uint64_t)transit * 10000 >= all * need)
		return CLASS_TRANSIT;
	return CLASS_MIXED;
}

const char *analysis_class_name(enum district_class c)
{
	static const char *const names[] = { "too_few", "source", "transit", "destination", "mixed" };
	return names[c];
}

int analysis_node_of_place(const struct facts *F, int place, bool by_state)
{
	if (!by_state || place == 0)
		return place;
	if (place <= F->ndistricts)
		return 1 + F->state_of_district[place - 1];
	return 1 + F->nstates + (place - 1 - F->ndistricts);
}

/* Each place's node at the level (analysis_node_of_place), a malloc'd
 * array of facts_places(F); NULL when out of memory. */
static int *place_nodes(const struct facts *F, bool by_state)
{
	int np = facts_places(F);
	int *node = malloc((size_t)np * sizeof *node);
	for (int p = 0; node && p < np; p++)
		node[p] = analysis_node_of_place(F, p, by_state);
	return node;
}

int analysis_flows(const struct facts *F, const struct analysis_query *q, bool by_state, int from_node, int to_node,
		   uint32_t **matrix, int *nodes)
{
	int n = by_state ? 1 + F->nstates + F->ncountries : facts_places(F);
	uint32_t *m = calloc((size_t)n * n, sizeof *m);
	if (!m)
		return -1;
	int *node = place_nodes(F, by_state);
	if (!node) {
		free(m);
		return -1;
	}
	size_t b, e;
	analysis_slice(F, q, &b, &e);
	for (size_t i = b; i < e; i++) {
		const struct fact *f = &F->f[i];
		if (!f->source || !f->destination || !analysis_match(q, f))
			continue;
		int s = node[f->source], d = node[f->destination];
		if ((from_node && s != from_node) || (to_node && d != to_node))
			continue;
		m[(size_t)s * n + d]++;
	}
	free(node);
	*matrix = m;
	*nodes = n;
	return 0;
}

int analysis_route_purposes(const struct facts *F, const struct analysis_query *q, bool by_state, const int *from,
			    const int *to, int n, uint32_t *out)
{
	memset(out, 0, (size_t)n * 16 * sizeof *out);
	if (n == 0)
		return 0;
	/* the routes in an open-addressed table: key from * nodes + to → i */
	size_t cap = 1;
	while (cap < (size_t)n * 2)
		cap <<= 1;
	int64_t *keys = malloc(cap * sizeof *keys);
	int *slot = malloc(cap * sizeof *slot);
	int np = facts_places(F);
	int *node = place_nodes(F, by_state);
	if (!keys || !slot || !node) {
		free(keys);
		free(slot);
		free(node);
		return -1;
	}
	int64_t side = by_state ? 1 + F->nstates + F->ncountries : np;
	for (size_t i = 0; i < cap; i++)
		keys[i] = -1;
	for (int i = 0; i < n; i++) {
		int64_t key = (int64_t)from[i] * side + to[i];
		size_t h = (size_t)(key * 2654435761u) & (cap - 1);
		while (keys[h] >= 0 && keys[h] != key)
			h = (h + 1) & (cap - 1);
		keys[h] = key;
		slot[h] = i;
	}
	size_t b, e;
	analysis_slice(F, q, &b, &e);
	for (size_t i = b; i < e; i++) {
		const struct fact *f = &F->f[i];
		if (!f->source || !f->destination || !analysis_match(q, f))
			continue;
		int64_t key = (int64_t)node[f->source] * side + node[f->destination];
		size_t h = (size_t)(key * 2654435761u) & (cap - 1);
		while (keys[h] >= 0 && keys[h] != key)
			h = (h + 1) & (cap - 1);
		if (keys[h] != key)
			continue;
		uint32_t *o = out + (size_t)slot[h] * 16;
		for (int k = 0; k < 16; k++)
			if (f->purposes & (1u << k))
				o[k]++;
	}
	free(keys);
	free(slot);
	free(node);
	return 0;
}

/* Whether the fact's node in role is node. */
static bool in_role(const struct facts *F, const struct fact *f, int node, bool by_state, char role)
{
	switch (role) {
	case 's':
		return analysis_node_of_place(F, f->source, by_state) == node;
	case 'd':
		return analysis_node_of_place(F, f->destination, by_state) == node;
	case 'c':
		return (by_state ? f->case_state : f->case_district) == node;
	case 't':
	case 'a':
		if (role == 'a' && (analysis_node_of_place(F, f->source, by_state) == node
				    || analysis_node_of_place(F, f->destination, by_state) == node))
			return true;
		for (int k = 0; k < f->ntransit; k++)
			if (analysis_node_of_place(F, F->transit[f->transit + k], by_state) == node)
				return true;
		return false;
	}
	return false;
}

void analysis_monthly(const struct facts *F, const struct analysis_query *q, int node, bool by_state, char role,
		      uint32_t *out)
{
	size_t b, e;
	analysis_slice(F, q, &b, &e);
	for (size_t i = b; i < e; i++) {
		const struct fact *f = &F->f[i];
		if (!analysis_match(q, f) || (node && !in_role(F, f, node, by_state, role)))
			continue;
		out[f->month - q->month_from]++;
	}
}

void analysis_two_windows(const struct facts *F, const struct analysis_query *q, int a_from, int a_to, int b_from,
			  int b_to, uint32_t *a, uint32_t *b)
{
	struct analysis_query w = *q;
	w.month_from = a_from < b_from ? a_from : b_from;
	w.month_to = a_to > b_to ? a_to : b_to;
	size_t begin, end;
	analysis_slice(F, &w, &begin, &end);
	for (size_t i = begin; i < end; i++) {
		const struct fact *f = &F->f[i];
		uint32_t *c = f->month >= a_from && f->month <= a_to ? a : f->month >= b_from && f->month <= b_to ? b : NULL;
		if (!c || !analysis_match(q, f))
			continue;
		/* each district the victim touched, once */
		uint16_t seen[2 + CASE_TRANSIT_MAX];
		int ns = 0;
		uint16_t cand[2 + CASE_TRANSIT_MAX];
		int nc = 0;
		cand[nc++] = f->source;
		cand[nc++] = f->destination;
		for (int k = 0; k < f->ntransit; k++)
			cand[nc++] = F->transit[f->transit + k];
		for (int k = 0; k < nc; k++) {
			if (!cand[k] || cand[k] > F->ndistricts)
				continue;
			bool dup = false;
			for (int j = 0; j < ns && !dup; j++)
				dup = seen[j] == cand[k];
			if (!dup) {
				seen[ns++] = cand[k];
				c[cand[k]]++;
			}
		}
	}
}
