/* The analysis's handlers (docs/analysis.md): the districts' classes, the
 * flows between places, the trends — and the public's statistics.
 *
 * A caller counts only the victims of the cases it may read: a State user
 * its State's cases, a district user its district's (wherever their
 * victims came from or went).  A viewer and the public see counts under
 * 11 as "<11", tables with totals suppressed so that no hidden count can
 * be worked out from them (suppress.c), whole years only and no
 * narrowing by purpose, sex, age or nationality, so that two answers
 * cannot be subtracted to find a small group. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "cases/analysis.h"
#include "cases/internal.h"
#include "master/master.h"
#include "registers/registers.h"
#include "util/util.h"

#define YEARS_MAX 20                    /* a question's span */
#define CLASS_YEARS_MAX 15              /* the year-by-year classes shown */
#define LIST_LIMIT_MAX 1000
#define SETTING_THRESHOLDS "analysis.thresholds"

/* What a question asks, read from the query string. */
struct aparams {
	struct analysis_query q;
	bool restricted;                /* a viewer or the public: suppressed, whole years, no narrowing */
	char from[8], to[8];            /* YYYY-MM */
};

static bool restricted_caller(const struct request *r)
{
	return r->caller.role == ROLE_VIEWER || r->caller.role == ROLE_PUBLIC;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" to a month; *whole_year when "YYYY".
 * -1 when malformed. */
static int parse_month(const char *s, bool end, bool *whole_year)
{
	long long y, m = end ? 12 : 1;
	char year[5];
	*whole_year = false;
	size_t len = s ? strlen(s) : 0;
	if (len != 4 && len != 7 && len != 10)
		return -1;
	memcpy(year, s, 4);
	year[4] = 0;
	if (!util_parse_int(year, 1990, 2099, &y))
		return -1;
	if (s[4] == 0) {
		*whole_year = true;
	} else {
		char mm[3] = { s[5], s[6], 0 };
		if (s[4] != '-' || !util_parse_int(mm, 1, 12, &m) || (len == 10 && !util_date_valid(s)))
			return -1;
	}
	return MONTH_OF((int)y, (int)m);
}

static void month_text(int month, char out[8])
{
	unsigned m = month < 0 ? 0 : month > MONTHS_MAX ? MONTHS_MAX : (unsigned)month;
	snprintf(out, 8, "%04u-%02u", (1990 + m / 12) % 10000, m % 12 + 1);
}

static int this_month(void)
{
	char today[11];
	cases_today(today);
	bool whole;
	return parse_month(today, false, &whole);
}

/* The question of the query string, within the caller's jurisdiction;
 * restricted (a viewer, or anyone on the public's page): one whole year,
 * no narrowing.  false with a reply set. */
static bool read_params(struct request *r, struct aparams *p, bool public_page)
{
	memset(p, 0, sizeof *p);
	p->restricted = public_page || restricted_caller(r);
	struct analysis_query *q = &p->q;
	q->gender = q->age_band = q->nationality = -1;
	const char *from = request_query(r, "from"), *to = request_query(r, "to");
	bool whole_from = true, whole_to = true;
	int now = this_month();
	q->month_to = to ? parse_month(to, true, &whole_to) : p->restricted ? MONTH_OF(1990 + now / 12 - 1, 12) : now;
	q->month_from = from ? parse_month(from, false, &whole_from)
			     : p->restricted ? q->month_to - 11 : q->month_to - 11;
	if (q->month_from < 0 || (from && !*from)) {
		reply_invalid(r, "from", "from is a year (2024), a month (2024-04) or a date.");
		return false;
	}
	if (q->month_to < 0) {
		reply_invalid(r, "to", "to is a year (2025), a month (2025-03) or a date.");
		return false;
	}
	if (q->month_from > q->month_to) {
		reply_invalid(r, "from", "from comes after to.");
		return false;
	}
	if (q->month_to - q->month_from >= YEARS_MAX * 12) {
		reply_invalid(r, "from", "A question spans at most %d years.", YEARS_MAX);
		return false;
	}
	/* one calendar year at a time: answers of overlapping spans could be
	 * subtracted, or solved together, for the counts they hide */
	if (p->restricted && (!whole_from || !whole_to || q->month_from / 12 != q->month_to / 12)) {
		reply_invalid(r, from && !whole_from ? "from" : "to",
			      "Published figures are for one calendar year at a time: give from and to as the same year.");
		return false;
	}
	month_text(q->month_from, p->from);
	month_text(q->month_to, p->to);

	static const char *const narrowing[] = { "purpose", "gender", "age", "nationality", "state" };
	for (size_t i = 0; i < sizeof narrowing / sizeof *narrowing; i++) {
		const char *v = request_query(r, narrowing[i]);
		if (!v || !*v)
			continue;
		if (p->restricted) {
			reply_error(r, 403, "analysis.restricted",
				    "Published figures are not narrowed by %s: small groups could be found by subtraction.",
				    narrowing[i]);
			return false;
		}
		int k;
		switch (i) {
		case 0:
			k = vocab_find(&vocab_purpose, v);
			if (k < 0)
				goto bad;
			q->purposes = (uint16_t)(1u << k);
			break;
		case 1:
			if ((q->gender = vocab_find(&vocab_gender, v)) < 0)
				goto bad;
			break;
		case 2:
			q->age_band = strcmp(v, "minors") == 0 ? AGE_MINORS
				      : strcmp(v, "adults") == 0 ? AGE_ADULTS : vocab_find(&vocab_age_band, v);
			if (q->age_band == -1)
				goto bad;
			break;
		case 4:
			continue;       /* ?state=, below */
		default:
			if ((q->nationality = vocab_country_index(v)) < 0)
				goto bad;
		}
		continue;
bad:
		reply_invalid(r, narrowing[i], "'%s' is not on the list (GET /api/v1/cases/vocabulary; age also takes"
			      " minors or adults).", strlen(v) < 40 ? v : "?");
		return false;
	}

	/* the caller's jurisdiction (the public's page: the whole country), and ?state= within it */
	struct scope s = public_page ? (struct scope){ SCOPE_NATIONAL, 0, 0 } : auth_scope(&r->caller);
	if (s.level == SCOPE_STATE)
		q->case_state = 1 + master_state_of(s.state_lgd)->index;
	if (s.level == SCOPE_DISTRICT) {
		const struct master_district *d = master_district_of(s.district_lgd);
		q->case_district = d ? 1 + d->index : -1;
		q->case_state = 1 + master_state_of(s.state_lgd)->index;
	}
	const char *st = request_query(r, "state");
	if (st && *st) {
		long long lgd;
		const struct master_state *ms = util_parse_int(st, 1, 99, &lgd) ? master_state_of((int)lgd) : NULL;
		if (!ms) {
			reply_invalid(r, "state", "state is a State's LGD code.");
			return false;
		}
		if (q->case_state && q->case_state != 1 + ms->index) {
			reply_invalid(r, "state", "%s is outside your jurisdiction.", ms->name);
			return false;
		}
		q->case_state = 1 + ms->index;
	}
	return true;
}

static void thresholds_read(struct db *db, struct thresholds *t)
{
	t->min_victims = 10;
	t->dominant_share = 0.6;
	char *text = NULL;
	if (db->ops->setting_get(db, SETTING_THRESHOLDS, &text) == DB_OK) {
		json_t *j = json_loads(text, 0, NULL);
		json_t *m = json_object_get(j, "min_victims"), *s = json_object_get(j, "dominant_share");
		if (json_is_integer(m))
			t->min_victims = (int)json_integer_value(m);
		if (json_is_number(s))
			t->dominant_share = json_number_value(s);
		json_decref(j);
	}
	free(text);
}

static json_t *thresholds_json(const struct thresholds *t)
{
	return json_pack("{s:i, s:f}", "min_victims", t->min_victims, "dominant_share", t->dominant_share);
}

/* A count as shown: a number; "<11" when hidden for being under 11; "x"
 * when hidden so that another could not be worked out (it is 11 or more). */
static json_t *count_json(long long n, bool hidden)
{
	return !hidden ? json_integer(n) : n < SUPPRESS_BELOW ? json_string("<11") : json_string("x");
}

static json_t *rate_json(long long n, long long population, bool hidden)
{
	double rate = analysis_per_lakh(n, population);
	return hidden || rate < 0 ? json_null() : json_real(rate);
}

/* The limit of a list (default def, "all" the most), false with a reply. */
static bool read_limit(struct request *r, int def, int *limit, int *offset)
{
	const char *l = request_query(r, "limit"), *o = request_query(r, "offset");
	long long v;
	*limit = def;
	*offset = 0;
	if (l && strcmp(l, "all") == 0)
		*limit = LIST_LIMIT_MAX;
	else if (l && !util_parse_int(l, 1, LIST_LIMIT_MAX, &v)) {
		reply_invalid(r, "limit", "limit is 1 to %d, or all.", LIST_LIMIT_MAX);
		return false;
	} else if (l) {
		*limit = (int)v;
	}
	if (o && !util_parse_int(o, 0, 1000000, &v)) {
		reply_invalid(r, "offset", "offset is a whole number.");
		return false;
	} else if (o) {
		*offset = (int)v;
	}
	return true;
}

static struct facts *facts_or_reply(struct request *r)
{
	struct facts *F = facts_get(r->db);
	if (!F)
		reply_db_error(r);
	return F;
}

/* ---- districts ---- */

struct drow {
	int place;                      /* 1 + district index */
	uint32_t s, t, d;
	bool hide_s, hide_t, hide_d;
	double rate;                    /* of the total, for sorting; -1 unknown */
	enum district_class cls;
};

/* The order of the districts' list: by the key (qsort_r's argument),
 * largest first, then by name.  Hidden counts sort as 0, so that the
 * order tells nothing of them. */
enum dsort { DSORT_TOTAL, DSORT_RATE, DSORT_SOURCE, DSORT_TRANSIT, DSORT_DESTINATION, DSORT_NAME };
#define SHOWN(r, f) ((r)->hide_##f ? 0 : (long long)(r)->f)
static long long dsort_value(const struct drow *x, enum dsort key)
{
	switch (key) {
	case DSORT_SOURCE:
		return SHOWN(x, s);
	case DSORT_TRANSIT:
		return SHOWN(x, t);
	case DSORT_DESTINATION:
		return SHOWN(x, d);
	default:
		return SHOWN(x, s) + SHOWN(x, t) + SHOWN(x, d);
	}
}
#undef SHOWN

static int drow_cmp(const void *a, const void *b, void *arg)
{
	const struct drow *x = a, *y = b;
	enum dsort key = *(const enum dsort *)arg;
	if (key == DSORT_RATE) {
		if (x->rate != y->rate)
			return x->rate < y->rate ? 1 : -1;
	} else if (key != DSORT_NAME) {
		long long vx = dsort_value(x, key), vy = dsort_value(y, key);
		if (vx != vy)
			return vx < vy ? 1 : -1;
	}
	return strcmp(master_district_at(x->place - 1)->name, master_district_at(y->place - 1)->name);
}

void cases_analysis_districts(struct request *r)
{
	struct aparams p;
	if (!read_params(r, &p, false))
		return;
	const char *sort = request_query(r, "sort"), *cls = request_query(r, "class");
	static const char *const sorts[] = { "total", "rate", "source", "transit", "destination", "name", NULL };
	bool ok = !sort;
	for (int i = 0; sort && sorts[i]; i++)
		ok |= strcmp(sort, sorts[i]) == 0;
	if (!ok || (p.restricted && sort && strcmp(sort, "rate") == 0)) {
		reply_invalid(r, "sort", "sort is total, rate, source, transit, destination or name%s.",
			      p.restricted ? " (not rate in published figures)" : "");
		return;
	}
	int want_class = -1;
	for (int c = CLASS_TOO_FEW; cls && *cls && c <= CLASS_MIXED; c++)
		if (strcmp(cls, analysis_class_name((enum district_class)c)) == 0)
			want_class = c;
	if (cls && *cls && want_class < 0) {
		reply_invalid(r, "class", "class is source, transit, destination, mixed or too_few.");
		return;
	}
	int limit, offset;
	if (!read_limit(r, 50, &limit, &offset))
		return;
	struct thresholds th;
	thresholds_read(r->db, &th);
	struct facts *F = facts_or_reply(r);
	if (!F)
		return;
	struct place_counts all;
	int year_from = 1990 + p.q.month_from / 12, year_to = 1990 + p.q.month_to / 12;
	int nyears = year_to - year_from + 1;
	bool by_year = !p.restricted && nyears > 1 && nyears <= CLASS_YEARS_MAX;
	struct place_counts years[CLASS_YEARS_MAX];
	memset(years, 0, sizeof years);
	struct drow *rows = calloc((size_t)F->ndistricts, sizeof *rows);
	if (!rows || analysis_place_counts(F, &p.q, &all) != 0) {
		free(rows);
		facts_release(F);
		reply_db_error(r);
		return;
	}
	for (int y = 0; by_year && y < nyears; y++) {
		struct analysis_query yq = p.q;
		yq.month_from = MONTH_OF(year_from + y, 1);
		yq.month_to = MONTH_OF(year_from + y, 12);
		if (yq.month_from < p.q.month_from)
			yq.month_from = p.q.month_from;
		if (yq.month_to > p.q.month_to)
			yq.month_to = p.q.month_to;
		if (analysis_place_counts(F, &yq, &years[y]) != 0)
			by_year = false;
	}
	int n = 0;
	json_t *summary = json_object();
	long long involved = 0;
	for (int i = 0; i < F->ndistricts; i++) {
		int place = 1 + i;
		uint32_t s = all.source[place], t = all.transit[place], d = all.destination[place];
		if (!p.restricted && s + t + d == 0)
			continue;
		struct drow *w = &rows[n];
		w->place = place;
		w->s = s, w->t = t, w->d = d;
		w->cls = analysis_classify(s, t, d, &th);
		w->hide_s = p.restricted && s < SUPPRESS_BELOW;
		w->hide_t = p.restricted && t < SUPPRESS_BELOW;
		w->hide_d = p.restricted && d < SUPPRESS_BELOW;
		long long pop = master_district_at(i)->population;
		w->rate = pop > 0 ? (double)(s + t + d) * 100000.0 / (double)pop : -1;
		const char *cn = analysis_class_name(w->cls);
		json_object_set_new(summary, cn, json_integer(json_integer_value(json_object_get(summary, cn)) + 1));
		involved += s + t + d > 0;
		bool shown = !w->hide_s && !w->hide_t && !w->hide_d;
		if (want_class >= 0 && ((int)w->cls != want_class || !shown))
			continue;
		n++;
	}
	enum dsort key = DSORT_TOTAL;
	for (int i = 0; sort && sorts[i]; i++)
		if (strcmp(sort, sorts[i]) == 0)
			key = (enum dsort)i;
	qsort_r(rows, (size_t)n, sizeof *rows, drow_cmp, &key);
	json_t *items = json_array();
	for (int k = offset; k < n && k < offset + limit; k++) {
		const struct drow *w = &rows[k];
		const struct master_district *d = master_district_at(w->place - 1);
		const struct master_state *s = master_state_of(d->state_lgd);
		/* a viewer's class only where every count is shown: else it would tell of the hidden */
		bool any_hidden = w->hide_s || w->hide_t || w->hide_d;
		json_t *it = json_pack("{s:i, s:i, s:s, s:i, s:s, s:o, s:o, s:o, s:o}", "rank", k + 1, "district_lgd", d->lgd,
				       "district", d->name, "state_lgd", s->lgd, "state", s->name, "source",
				       count_json(w->s, w->hide_s), "transit", count_json(w->t, w->hide_t), "destination",
				       count_json(w->d, w->hide_d), "class",
				       any_hidden ? json_null() : json_string(analysis_class_name(w->cls)));
		if (!p.restricted) {
			long long pop = d->population;
			json_object_set_new(it, "total", json_integer(w->s + w->t + w->d));
			json_object_set_new(it, "population", pop > 0 ? json_integer(pop) : json_null());
			json_object_set_new(it, "per_lakh",
					    json_pack("{s:o, s:o, s:o, s:o}", "source", rate_json(w->s, pop, false),
						      "transit", rate_json(w->t, pop, false), "destination",
						      rate_json(w->d, pop, false), "total",
						      rate_json(w->s + w->t + w->d, pop, false)));
		}
		if (by_year) {
			json_t *ys = json_array();
			const char *prev = NULL;
			bool changed = false;
			for (int y = 0; y < nyears; y++) {
				const struct place_counts *c = &years[y];
				enum district_class yc = analysis_classify(c->source[w->place], c->transit[w->place],
									   c->destination[w->place], &th);
				const char *name = analysis_class_name(yc);
				if (prev && strcmp(prev, name) != 0 && strcmp(name, "too_few") != 0
				    && strcmp(prev, "too_few") != 0)
					changed = true;
				if (yc != CLASS_TOO_FEW)
					prev = name;
				json_array_append_new(ys, json_pack("{s:i, s:s, s:i}", "year", year_from + y, "class", name,
								    "victims",
								    c->source[w->place] + c->transit[w->place]
									    + c->destination[w->place]));
			}
			json_object_set_new(it, "years", ys);
			json_object_set_new(it, "class_changed", json_boolean(changed));
		}
		json_array_append_new(items, it);
	}
	/* foreign countries as places of recruitment, transit or exploitation */
	json_t *countries = json_array();
	for (int c = 0; c < F->ncountries; c++) {
		int place = 1 + F->ndistricts + c;
		uint32_t s = all.source[place], t = all.transit[place], d = all.destination[place];
		/* a viewer: a country only when one of its counts is shown (absent: under 11, none included) */
		if (s + t + d == 0 || (p.restricted && s < SUPPRESS_BELOW && t < SUPPRESS_BELOW && d < SUPPRESS_BELOW))
			continue;
		const char *code = vocab_country_at(c);
		json_array_append_new(countries, json_pack("{s:s, s:s, s:o, s:o, s:o}", "country", code, "name",
							   vocab_country_name(code), "source",
							   count_json(s, p.restricted && s < SUPPRESS_BELOW), "transit",
							   count_json(t, p.restricted && t < SUPPRESS_BELOW),
							   "destination",
							   count_json(d, p.restricted && d < SUPPRESS_BELOW)));
	}
	/* "districts", not "items": places counted, not rows of a jurisdiction */
	json_t *out = json_pack("{s:s, s:s, s:o, s:o, s:I, s:i, s:i, s:o, s:b}", "from", p.from, "to", p.to, "thresholds",
				thresholds_json(&th), "districts", items, "total", (json_int_t)n, "limit", limit, "offset",
				offset, "countries", countries, "suppressed", p.restricted);
	if (!p.restricted) {
		json_object_set_new(out, "classes", summary);
		json_object_set_new(out, "districts_involved", json_integer(involved));
	} else {
		json_decref(summary);
	}
	analysis_counts_free(&all);
	for (int y = 0; y < nyears && y < CLASS_YEARS_MAX; y++)
		analysis_counts_free(&years[y]);
	free(rows);
	facts_release(F);
	const char *format = request_query(r, "format");
	if (format && strcmp(format, "json") != 0) {
		if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "pdf") != 0) {
			json_decref(out);
			reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
			return;
		}
		static const char *const keys[] = { "rank", "state", "district", "source", "transit", "destination",
						    "total", "class" };
		static const char *const labels[] = { "Rank", "State/UT", "District", "Recruited here (source)",
						      "Passed through (transit)", "Exploited here (destination)",
						      "All roles", "Class" };
		struct reg_table t = { "Districts: source, transit and destination", keys, labels,
				       sizeof keys / sizeof keys[0] - (p.restricted ? 2 : 0), json_object_get(out, "districts") };
		static const char *const rkeys[] = { "rank", "state", "district", "source", "transit", "destination", "class" };
		static const char *const rlabels[] = { "Rank", "State/UT", "District", "Recruited here (source)",
						       "Passed through (transit)", "Exploited here (destination)", "Class" };
		if (p.restricted) {
			t.keys = rkeys;
			t.labels = rlabels;
			t.ncols = sizeof rkeys / sizeof *rkeys;
		}
		registers_reply_export(r, "districts", format, &t);
		json_decref(out);
		return;
	}
	reply_json(r, 200, out);
}

/* ---- flows ---- */

/* A node's id as the API writes it: "S19", "D313", a country code. */
static void node_id(const struct facts *F, bool by_state, int node, char out[8])
{
	if (node == 0)
		snprintf(out, 8, "?");
	else if (by_state && node <= F->nstates)
		snprintf(out, 8, "S%d", master_state_at(node - 1)->lgd);
	else if (!by_state && node <= F->ndistricts)
		snprintf(out, 8, "D%d", master_district_at(node - 1)->lgd);
	else
		snprintf(out, 8, "%s", vocab_country_at(node - 1 - (by_state ? F->nstates : F->ndistricts)));
}

static json_t *node_json(const struct facts *F, bool by_state, int node)
{
	char id[8];
	node_id(F, by_state, node, id);
	if (by_state && node <= F->nstates) {
		const struct master_state *s = master_state_at(node - 1);
		return json_pack("{s:s, s:s, s:s, s:i}", "id", id, "name", s->name, "kind", "state", "lgd", s->lgd);
	}
	if (!by_state && node <= F->ndistricts) {
		const struct master_district *d = master_district_at(node - 1);
		return json_pack("{s:s, s:s, s:s, s:i, s:s, s:i}", "id", id, "name", d->name, "kind", "district", "lgd",
				 d->lgd, "state", master_state_of(d->state_lgd)->name, "state_lgd", d->state_lgd);
	}
	return json_pack("{s:s, s:s, s:s}", "id", id, "name", vocab_country_name(id), "kind", "country");
}

/* A node named by ?name= ("S19", "D313", "NP") at the level; 0 when
 * absent; -1 with a reply when it is not one. */
static int read_node(struct request *r, const struct facts *F, bool by_state, const char *name)
{
	const char *v = request_query(r, name);
	long long lgd;
	if (!v || !*v)
		return 0;
	if (by_state && v[0] == 'S' && util_parse_int(v + 1, 1, 99, &lgd) && master_state_of((int)lgd))
		return 1 + master_state_of((int)lgd)->index;
	if (!by_state && v[0] == 'D' && util_parse_int(v + 1, 1, 9999, &lgd) && master_district_of((int)lgd))
		return 1 + master_district_of((int)lgd)->index;
	int c = strlen(v) == 2 ? vocab_country_index(v) : -1;
	if (c >= 0 && strcmp(v, "IN") != 0)
		return 1 + (by_state ? F->nstates : F->ndistricts) + c;
	reply_invalid(r, name, "%s is a %s (%s) or a foreign country's ISO code.", name, by_state ? "State" : "district",
		      by_state ? "S and its LGD code: S19" : "D and its LGD code: D313");
	return -1;
}

struct link {
	int from, to;
	uint32_t n;
};

static int link_cmp(const void *a, const void *b)
{
	const struct link *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->from != y->from ? x->from - y->from : x->to - y->to;
}

void cases_analysis_flows(struct request *r)
{
	struct aparams p;
	if (!read_params(r, &p, false))
		return;
	const char *level = request_query(r, "level");
	if (level && strcmp(level, "state") != 0 && strcmp(level, "district") != 0) {
		reply_invalid(r, "level", "level is state or district.");
		return;
	}
	bool by_state = !level || strcmp(level, "state") == 0;
	if (p.restricted && !by_state) {
		reply_error(r, 403, "analysis.restricted", "Published flows are between States and countries only.");
		return;
	}
	int limit, offset;
	if (!read_limit(r, 50, &limit, &offset))
		return;
	struct facts *F = facts_or_reply(r);
	if (!F)
		return;
	int from = read_node(r, F, by_state, "source"), to = from >= 0 ? read_node(r, F, by_state, "destination") : 0;
	uint32_t *m = NULL;
	int nodes = 0;
	if (from < 0 || to < 0) {
		facts_release(F);
		return;
	}
	if (analysis_flows(F, &p.q, by_state, from, to, &m, &nodes) != 0) {
		facts_release(F);
		reply_db_error(r);
		return;
	}
	size_t nl = 0, cap = 1024;
	struct link *links = malloc(cap * sizeof *links);
	long long victims = 0;
	for (int a = 0; links && a < nodes; a++)
		for (int b = 0; b < nodes; b++) {
			uint32_t v = m[(size_t)a * nodes + b];
			if (!v)
				continue;
			victims += v;
			if (p.restricted && v < SUPPRESS_BELOW)
				continue;       /* published: only routes of 11 or more */
			if (nl == cap) {
				struct link *g = realloc(links, (cap *= 2) * sizeof *links);
				if (!g) {
					free(links);
					links = NULL;
					break;
				}
				links = g;
			}
			links[nl++] = (struct link){ a, b, v };
		}
	free(m);
	if (!links) {
		facts_release(F);
		reply_db_error(r);
		return;
	}
	qsort(links, nl, sizeof *links, link_cmp);
	int shown = (int)nl - offset < limit ? (int)nl - offset : limit;
	if (shown < 0)
		shown = 0;
	int *fa = malloc(sizeof(int) * (size_t)(shown + 1)), *ta = malloc(sizeof(int) * (size_t)(shown + 1));
	uint32_t *purposes = malloc(sizeof(uint32_t) * 16 * (size_t)(shown + 1));
	if (!fa || !ta || !purposes) {
		free(fa), free(ta), free(purposes), free(links);
		facts_release(F);
		reply_db_error(r);
		return;
	}
	for (int i = 0; i < shown; i++)
		fa[i] = links[offset + i].from, ta[i] = links[offset + i].to;
	analysis_route_purposes(F, &p.q, by_state, fa, ta, shown, purposes);
	json_t *items = json_array(), *node_list = json_array();
	bool *listed = calloc((size_t)nodes, sizeof *listed);
	for (int i = 0; i < shown; i++) {
		const struct link *l = &links[offset + i];
		char a[8], b[8];
		node_id(F, by_state, l->from, a);
		node_id(F, by_state, l->to, b);
		json_t *share = json_object();
		for (int k = 0; k < vocab_purpose.n; k++) {
			uint32_t v = purposes[(size_t)i * 16 + k];
			if (v || p.restricted)
				json_object_set_new(share, vocab_purpose.codes[k], count_json(v, p.restricted && v < SUPPRESS_BELOW));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:o}", "source", a, "target", b, "victims",
						       (json_int_t)l->n, "purposes", share));
		if (listed && !listed[l->from]) {
			listed[l->from] = true;
			json_array_append_new(node_list, node_json(F, by_state, l->from));
		}
		if (listed && !listed[l->to]) {
			listed[l->to] = true;
			json_array_append_new(node_list, node_json(F, by_state, l->to));
		}
	}
	json_t *out = json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:i, s:i, s:b}", "level", by_state ? "state" : "district",
				"from", p.from, "to", p.to, "nodes", node_list, "links", items, "total", (json_int_t)nl,
				"limit", limit, "offset", offset, "suppressed", p.restricted);
	if (!p.restricted)
		json_object_set_new(out, "victims", json_integer(victims));
	free(listed);
	free(fa), free(ta), free(purposes), free(links);
	facts_release(F);
	reply_json(r, 200, out);
}

/* ---- trends ---- */

struct riser {
	int place;
	uint32_t before, after;
};

static int riser_cmp(const void *a, const void *b)
{
	const struct riser *x = a, *y = b;
	/* by the rise measured in its own noise: (after - before) / sqrt(after
	 * + before), so that 0 → 20 does not outrank 150 → 260 */
	double rx = (x->after - (double)x->before) / sqrt((double)x->after + x->before),
	       ry = (y->after - (double)y->before) / sqrt((double)y->after + y->before);
	if (rx != ry)
		return rx < ry ? 1 : -1;
	return (int)(y->after - y->before) - (int)(x->after - x->before);
}

void cases_analysis_trends(struct request *r)
{
	struct aparams p;
	if (!read_params(r, &p, false))
		return;
	const char *role_name = request_query(r, "role");
	static const char *const roles[] = { "registered", "source", "transit", "destination", "any" };
	static const char role_codes[] = "cstda";
	char role = 0;
	int role_index = -1;
	for (int i = 0; i < 5 && role_name; i++)
		if (strcmp(role_name, roles[i]) == 0)
			role = role_codes[i];
	if (role_name && !role) {
		reply_invalid(r, "role", "role is registered, source, transit, destination or any.");
		return;
	}
	struct facts *F = facts_or_reply(r);
	if (!F)
		return;
	/* ?place=: a State (S19), a district (D313) or a country */
	const char *pl = request_query(r, "place");
	bool by_state = pl && pl[0] == 'S';
	int node = pl && *pl ? read_node(r, F, by_state, "place") : 0;
	if (node < 0) {
		facts_release(F);
		return;
	}
	if (node && p.restricted) {
		facts_release(F);
		reply_error(r, 403, "analysis.restricted",
			    "Published trends are the country's: a place's would be counted twice, in its table and here.");
		return;
	}
	bool foreign = node > (by_state ? F->nstates : F->ndistricts);
	if (!role)
		role = foreign ? 'a' : 'c';
	role_index = (int)(strchr(role_codes, role) - role_codes);
	if (foreign && role == 'c') {
		facts_release(F);
		reply_invalid(r, "role", "A foreign country registers no cases: ask for source, transit, destination or any.");
		return;
	}
	int year_from = 1990 + p.q.month_from / 12, year_to = 1990 + p.q.month_to / 12;
	int nyears = year_to - year_from + 1;
	/* the whole years, so that the table is years × months */
	struct analysis_query yq = p.q;
	yq.month_from = MONTH_OF(year_from, 1);
	yq.month_to = MONTH_OF(year_to, 12);
	int nm = nyears * 12;
	uint32_t *monthly = calloc((size_t)nm, sizeof *monthly);
	long long *cells = calloc((size_t)nm, sizeof *cells);
	bool *hidden = calloc((size_t)(nyears + 1) * 13, sizeof *hidden);
	if (!monthly || !cells || !hidden) {
		free(monthly), free(cells), free(hidden);
		facts_release(F);
		reply_db_error(r);
		return;
	}
	analysis_monthly(F, &yq, node, by_state, role, monthly);
	for (int i = 0; i < nm; i++) {
		int m = yq.month_from + i;
		/* months outside the range asked count nothing */
		cells[i] = m < p.q.month_from || m > p.q.month_to ? 0 : monthly[i];
	}
	if (p.restricted && suppress_table(cells, nyears, 12, hidden) != 0) {
		free(monthly), free(cells), free(hidden);
		facts_release(F);
		reply_db_error(r);
		return;
	}
	json_t *series = json_array(), *years = json_array(), *season = json_array();
	long long grand = 0, col[12] = { 0 };
	for (int y = 0; y < nyears; y++) {
		long long total = 0;
		for (int mo = 0; mo < 12; mo++) {
			int m = yq.month_from + y * 12 + mo;
			long long v = cells[y * 12 + mo];
			total += v;
			col[mo] += v;
			if (m < p.q.month_from || m > p.q.month_to)
				continue;
			char period[8];
			month_text(m, period);
			json_array_append_new(series, json_pack("{s:s, s:o}", "period", period, "victims",
								count_json(v, hidden[y * 13 + mo])));
		}
		grand += total;
		json_array_append_new(years, json_pack("{s:i, s:o}", "year", year_from + y, "victims",
						       count_json(total, hidden[y * 13 + 12])));
	}
	for (int mo = 0; mo < 12; mo++)
		json_array_append_new(season, json_pack("{s:i, s:o}", "month", mo + 1, "victims",
							count_json(col[mo], hidden[nyears * 13 + mo])));
	json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "from", p.from, "to", p.to, "place",
				pl && *pl ? pl : "", "role", roles[role_index], "series", series,
				"years", years, "seasonality", season, "victims", count_json(grand, hidden[nyears * 13 + 12]),
				"suppressed", p.restricted);
	free(monthly), free(cells), free(hidden);

	/* the fastest-rising districts: the last 12 months asked against the 12 before */
	if (!node && p.q.month_to - p.q.month_from + 1 >= 24) {
		struct thresholds th;
		thresholds_read(r->db, &th);
		int np = facts_places(F);
		uint32_t *a = calloc((size_t)np, sizeof *a), *b = calloc((size_t)np, sizeof *b);
		struct riser *rs = calloc((size_t)F->ndistricts, sizeof *rs);
		if (a && b && rs) {
			analysis_two_windows(F, &p.q, p.q.month_to - 23, p.q.month_to - 12, p.q.month_to - 11, p.q.month_to,
					     a, b);
			int n = 0;
			for (int i = 1; i <= F->ndistricts; i++)
				if ((int)b[i] >= th.min_victims && b[i] > a[i] && (!p.restricted || a[i] >= SUPPRESS_BELOW))
					rs[n++] = (struct riser){ i, a[i], b[i] };
			qsort(rs, (size_t)n, sizeof *rs, riser_cmp);
			json_t *rising = json_array();
			for (int i = 0; i < n && i < 10; i++) {
				const struct master_district *d = master_district_at(rs[i].place - 1);
				json_array_append_new(rising, json_pack("{s:i, s:s, s:s, s:I, s:I, s:f}", "district_lgd",
									d->lgd, "district", d->name, "state",
									master_state_of(d->state_lgd)->name, "before",
									(json_int_t)rs[i].before, "after",
									(json_int_t)rs[i].after, "change_percent",
									round((rs[i].after - (double)rs[i].before) * 1000.0
									      / (rs[i].before ? rs[i].before : 1))
										/ 10.0));
			}
			json_object_set_new(out, "rising", rising);
		}
		free(a), free(b), free(rs);
	}
	facts_release(F);
	reply_json(r, 200, out);
}

/* ---- the Cell's thresholds ---- */

void cases_analysis_settings(struct request *r)
{
	struct thresholds th;
	thresholds_read(r->db, &th);
	reply_json(r, 200, json_pack("{s:o}", "thresholds", thresholds_json(&th)));
}

void cases_analysis_settings_put(struct request *r)
{
	json_t *t = json_object_get(r->body, "thresholds");
	json_t *m = json_object_get(t, "min_victims"), *s = json_object_get(t, "dominant_share");
	if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 10000) {
		reply_invalid(r, "thresholds.min_victims", "min_victims is a whole number from 1 to 10000.");
		return;
	}
	if (!json_is_number(s) || json_number_value(s) <= 0.5 || json_number_value(s) > 1.0) {
		reply_invalid(r, "thresholds.dominant_share",
			      "dominant_share is a share above 0.5 and at most 1 (0.6: 60%% of a district's victims).");
		return;
	}
	struct thresholds th = { (int)json_integer_value(m), json_number_value(s) };
	json_t *j = thresholds_json(&th);
	char *text = json_dumps(j, JSON_COMPACT);
	if (!text || r->db->ops->setting_put(r->db, SETTING_THRESHOLDS, text, util_now_ms(), r->caller.user_id) != DB_OK
	    || audit_record(r, "analysis.thresholds", "setting", SETTING_THRESHOLDS, "ok", json_incref(j)) != 0) {
		free(text);
		json_decref(j);
		reply_db_error(r);
		return;
	}
	free(text);
	reply_json(r, 200, json_pack("{s:o}", "thresholds", j));
}

/* ---- the public's statistics ---- */

/* A States × columns table of the victims of cases registered in each
 * State (by col_of: the fact's column, or -1 to leave it out),
 * suppressed, as {columns, rows:[{state_lgd,state,cells,total}],
 * totals, victims}. */
static json_t *state_table(const struct facts *F, const struct analysis_query *q, const char *const *labels, int ncols,
			   int (*col_of)(const struct fact *f))
{
	int ns = F->nstates;
	long long *cells = calloc((size_t)ns * ncols, sizeof *cells);
	bool *hidden = calloc((size_t)(ns + 1) * (ncols + 1), sizeof *hidden);
	if (!cells || !hidden) {
		free(cells), free(hidden);
		return NULL;
	}
	size_t b, e;
	analysis_slice(F, q, &b, &e);
	for (size_t i = b; i < e; i++) {
		const struct fact *f = &F->f[i];
		int c = analysis_match(q, f) ? col_of(f) : -1;
		if (c >= 0)
			cells[(size_t)(f->case_state - 1) * ncols + c]++;
	}
	json_t *out = NULL;
	if (suppress_table(cells, ns, ncols, hidden) == 0) {
		json_t *cols = json_array(), *rows = json_array(), *totals = json_array();
		long long grand = 0;
		for (int c = 0; c < ncols; c++)
			json_array_append_new(cols, json_string(labels[c]));
		for (int s = 0; s < ns; s++) {
			json_t *cs = json_array();
			long long total = 0;
			for (int c = 0; c < ncols; c++) {
				long long v = cells[(size_t)s * ncols + c];
				total += v;
				json_array_append_new(cs, count_json(v, hidden[s * (ncols + 1) + c]));
			}
			grand += total;
			const struct master_state *st = master_state_at(s);
			json_array_append_new(rows, json_pack("{s:i, s:s, s:o, s:o}", "state_lgd", st->lgd, "state", st->name,
							      "cells", cs, "total",
							      count_json(total, hidden[s * (ncols + 1) + ncols])));
		}
		for (int c = 0; c < ncols; c++) {
			long long v = 0;
			for (int s = 0; s < ns; s++)
				v += cells[(size_t)s * ncols + c];
			json_array_append_new(totals, count_json(v, hidden[ns * (ncols + 1) + c]));
		}
		out = json_pack("{s:o, s:o, s:o, s:o}", "columns", cols, "rows", rows, "totals", totals, "victims",
				count_json(grand, hidden[ns * (ncols + 1) + ncols]));
	}
	free(cells), free(hidden);
	return out;
}

static int col_gender(const struct fact *f)
{
	return f->gender;
}

static int col_age(const struct fact *f)
{
	const char *band = vocab_age_band.codes[f->age_band];
	return strcmp(band, "Unknown") == 0 ? 2 : vocab_age_band_minor(band) ? 0 : 1;
}

void cases_public_statistics(struct request *r)
{
	struct aparams p;
	if (!read_params(r, &p, true))
		return;
	struct facts *F = facts_or_reply(r);
	if (!F)
		return;
	static const char *const age_labels[] = { "Below 18", "18 and above", "Age not known" };
	json_t *by_sex = state_table(F, &p.q, vocab_gender.labels, vocab_gender.n, col_gender);
	json_t *by_age = state_table(F, &p.q, age_labels, 3, col_age);
	/* purposes: each counted on its own (a victim under each of theirs), no total */
	uint32_t purposes[16] = { 0 };
	size_t b, e;
	analysis_slice(F, &p.q, &b, &e);
	for (size_t i = b; i < e; i++)
		for (int k = 0; k < vocab_purpose.n; k++)
			if (F->f[i].purposes & (1u << k))
				purposes[k]++;
	json_t *pj = json_array();
	for (int k = 0; k < vocab_purpose.n; k++)
		json_array_append_new(pj, json_pack("{s:s, s:s, s:o}", "code", vocab_purpose.codes[k], "label",
						    vocab_purpose.labels[k],
						    "victims", count_json(purposes[k], purposes[k] < SUPPRESS_BELOW)));
	/* the largest routes between States and countries, 11 victims or more */
	uint32_t *m = NULL;
	int nodes = 0;
	json_t *routes = json_array();
	if (analysis_flows(F, &p.q, true, 0, 0, &m, &nodes) == 0) {
		struct link top[20];
		int nt = 0;
		for (int a = 0; a < nodes; a++)
			for (int c = 0; c < nodes; c++) {
				uint32_t v = m[(size_t)a * nodes + c];
				if (v < SUPPRESS_BELOW)
					continue;
				if (nt < 20) {
					top[nt++] = (struct link){ a, c, v };
				} else if (v > top[19].n) {
					top[19] = (struct link){ a, c, v };
				} else {
					continue;
				}
				qsort(top, (size_t)nt, sizeof *top, link_cmp);
			}
		for (int i = 0; i < nt; i++)
			json_array_append_new(routes, json_pack("{s:o, s:o, s:I}", "source", node_json(F, true, top[i].from),
								"target", node_json(F, true, top[i].to), "victims",
								(json_int_t)top[i].n));
		free(m);
	}
	facts_release(F);
	if (!by_sex || !by_age) {
		json_decref(by_sex), json_decref(by_age), json_decref(pj), json_decref(routes);
		reply_db_error(r);
		return;
	}
	reply_json(r, 200,
		   json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "from", p.from, "to", p.to, "by_state_sex", by_sex,
			     "by_state_age", by_age, "purposes", pj, "routes", routes, "note",
			     "Victims of the cases registered in each State/UT, by the year of their rescue (else of"
			     " the FIR). A count under 11 is shown as <11, and other counts are hidden with it where"
			     " the totals would give it away. A victim trafficked for several purposes is counted"
			     " under each."));
}
