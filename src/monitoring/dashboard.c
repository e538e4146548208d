/* The dashboard (issue 7): where each State stands against each target,
 * on one screen — AHTUs sanctioned, set up and functional (as the records
 * bear them out), funds released and accounted for, officers trained,
 * compliance with the advisories, action points still open, and returns
 * received — and what is overdue, with its age.  The Cell and viewers see
 * every State; a State sees itself and its districts; a district itself.
 * Every figure is read from the modules that keep it, at the time of the
 * request: nothing is copied. */
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "documents/documents.h"
#include "master/master.h"
#include "monitoring/monitoring.h"
#include "monitoring/money.h"
#include "registers/registers.h"
#include "returns/returns.h"
#include "util/print.h"
#include "util/util.h"

#define AHTUS_MAX 100000        /* units read for one dashboard */
#define OVERDUE_SHOWN 200       /* overdue items listed (all are counted) */

/* One line of the dashboard: a State, a district, or the total.  -1: not
 * kept at this level (a district's funds). */
struct line {
	int lgd;
	const char *name;
	int64_t ahtus[3];               /* sanctioned (every unit), set up, functional */
	int64_t ahtu_target;            /* -1: none set */
	int64_t released, utilised;     /* paise; released -1: not at this level */
	int64_t ucs_overdue;
	int64_t officers, trainers, cascade, officer_target;  /* officers -1: not at this level */
	int64_t advisories, complied;   /* advisories -1: not at this level */
	int64_t ap_open, ap_overdue;    /* ap_open -1: not at this level */
	int64_t returns_expected, returns_submitted;
	int64_t ahtu_cases_recorded;    /* case records naming an AHTU, FIR in the last 12 months */
	int64_t ahtu_cases_returned;    /* "Cases registered by AHTUs" in the returns of the last 12 months; -1 none */
};

struct dash {
	struct request *r;
	int state_lgd, district_lgd;    /* the lines are: States (0), one State's districts, one district */
	struct line *lines;             /* by master index (States or districts) */
	bool *shown;                    /* lines in the view */
	int nlines;
	struct line total;
	int64_t to_all_states;          /* paise released to all the States together (on no State's line) */
	char today[11];
	json_t *overdue_units, *overdue_ucs;
	int64_t n_overdue_units, n_overdue_ucs;
};

static void line_init(struct line *l, int lgd, const char *name, bool district)
{
	memset(l, 0, sizeof *l);
	l->lgd = lgd;
	l->name = name;
	l->ahtu_target = l->officer_target = -1;
	l->ahtu_cases_returned = -1;
	if (district)
		l->released = l->officers = l->advisories = l->ap_open = -1;
}

/* The line a State (or, in a State's view, a district) falls on; NULL
 * outside the view. */
static struct line *line_of(struct dash *d, int state_lgd, int district_lgd)
{
	if (!d->state_lgd) {
		const struct master_state *ms = master_state_of(state_lgd);
		return ms && d->shown[ms->index] ? &d->lines[ms->index] : NULL;
	}
	if (state_lgd && state_lgd != d->state_lgd)
		return NULL;
	const struct master_district *md = master_district_of(district_lgd);
	return md && d->shown[md->index] ? &d->lines[md->index] : NULL;
}

/* ---- AHTUs: each unit's status as the record bears it out ---- */

/* A unit sanctioned but not set up is overdue 12 months after it was
 * sanctioned; when the day is not recorded, 12 months after its financial
 * year ended. */
static void unit_due(const json_t *data, char due[11])
{
	const char *on = json_string_value(json_object_get(data, "sanctioned_on"));
	const char *fy = json_string_value(json_object_get(data, "sanction_year"));
	if (on && util_date_valid(on))
		snprintf(due, 11, "%04u%.6s", (unsigned)(atoi(on) + 1) % 10000, on + 4);
	else
		monitoring_uc_due_on(fy ? fy : "2000-01", due);
	if (strcmp(due + 4, "-02-29") == 0)
		memcpy(due + 5, "03-01", 5);
}

static int ahtu_one(void *ctx, const struct db_record *rec)
{
	struct dash *d = ctx;
	struct line *l = line_of(d, rec->state_lgd, rec->district_lgd);
	if (!l)
		return 0;
	json_t *data = json_loads(rec->data ? rec->data : "{}", 0, NULL);
	if (!data)
		return 0;
	monitoring_ahtu_derive(data);
	const char *checked = json_string_value(json_object_get(data, "status_checked"));
	int level = strcmp(checked, "functional") == 0 ? 2 : strcmp(checked, "set_up") == 0 ? 1 : 0;
	for (int k = 0; k <= level; k++) {
		l->ahtus[k]++;
		d->total.ahtus[k]++;
	}
	char due[11];
	unit_due(data, due);
	if (level == 0 && strcmp(d->today, due) > 0) {
		d->n_overdue_units++;
		if (json_array_size(d->overdue_units) < OVERDUE_SHOWN) {
			const struct master_state *ms = master_state_of(rec->state_lgd);
			const struct master_district *md = master_district_of(rec->district_lgd);
			json_array_append_new(d->overdue_units,
					      json_pack("{s:I, s:O, s:s, s:s, s:O, s:s, s:i}", "id", (json_int_t)rec->id, "name",
							json_object_get(data, "name"), "state", ms ? ms->name : "", "district",
							md ? md->name : "", "sanction_year", json_object_get(data, "sanction_year"),
							"due_on", due, "days_overdue",
							(int)monitoring_days_between(due, d->today)));
		}
	}
	json_decref(data);
	return 0;
}

static int read_ahtus(struct dash *d, const struct scope *s)
{
	struct db_record_filter f = { 0 };
	f.type = "ahtus";
	f.state_lgd = d->state_lgd;
	f.district_lgd = d->district_lgd;
	f.sort = RECORD_SORT_ID;
	f.limit = AHTUS_MAX;
	int64_t total = 0;
	return d->r->db->ops->record_list(d->r->db, s, &f, ahtu_one, d, &total) == DB_OK ? 0 : -1;
}

/* ---- funds: releases and their certificates ---- */

static int read_funds(struct dash *d, const struct scope *s)
{
	json_t *rows = NULL;
	if (d->r->db->ops->utilisation_status(d->r->db, s, d->state_lgd, &rows) != DB_OK)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		int lgd = (int)json_integer_value(json_object_get(x, "state_lgd"));
		int64_t rel = json_integer_value(json_object_get(x, "released_paise")),
			used = json_integer_value(json_object_get(x, "utilised_paise"));
		if (lgd == 0) {
			/* a published total released to all the States together: beside the
			 * total, not in it, so that the total is the sum of the lines and its
			 * share utilised is theirs */
			money_add(&d->to_all_states, rel);
			continue;
		}
		money_add(&d->total.released, rel);
		money_add(&d->total.utilised, used);
		struct line *l = d->state_lgd ? NULL : line_of(d, lgd, 0);
		if (l) {
			money_add(&l->released, rel);
			money_add(&l->utilised, used);
		}
		char due[11];
		monitoring_uc_due_on(json_string_value(json_object_get(x, "financial_year")), due);
		if (used >= rel || strcmp(d->today, due) <= 0)
			continue;
		d->total.ucs_overdue++;
		if (l)
			l->ucs_overdue++;
		d->n_overdue_ucs++;
		if (json_array_size(d->overdue_ucs) < OVERDUE_SHOWN) {
			json_t *it = json_pack("{s:O, s:O, s:O, s:s, s:i}", "release_id", json_object_get(x, "release_id"), "state",
					       json_object_get(x, "state"), "financial_year", json_object_get(x, "financial_year"),
					       "uc_due_on", due, "days_overdue", (int)monitoring_days_between(due, d->today));
			monitoring_add_amount(it, "unspent", rel - used);
			json_array_append_new(d->overdue_ucs, it);
		}
	}
	json_decref(rows);
	return 0;
}

/* ---- training against the targets ---- */

static int read_training(struct dash *d, int64_t scheme_id)
{
	static struct training_progress zero;
	struct training_progress *by = calloc(MON_STATES_MAX, sizeof *by), nat = zero;
	if (!by || monitoring_training_progress(d->r->db, scheme_id, by, &nat) != 0) {
		free(by);
		return -1;
	}
	if (!d->state_lgd) {
		for (int i = 0; i < master_state_count() && i < MON_STATES_MAX; i++) {
			d->lines[i].officers = by[i].officers;
			d->lines[i].trainers = by[i].trainers;
			d->lines[i].cascade = by[i].cascade;
		}
		d->total.officers = nat.officers, d->total.trainers = nat.trainers, d->total.cascade = nat.cascade;
	} else {
		const struct master_state *ms = master_state_of(d->state_lgd);
		if (ms && ms->index < MON_STATES_MAX) {
			d->total.officers = by[ms->index].officers;
			d->total.trainers = by[ms->index].trainers;
			d->total.cascade = by[ms->index].cascade;
		}
	}
	free(by);
	return 0;
}

/* ---- the targets of the scheme ---- */

/* The scheme's targets onto the lines: a State's own, when set, else none;
 * the total: the national target (or, for a State, its own). */
static void set_targets(struct dash *d, const json_t *scheme)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(scheme, "targets"), i, t) {
		const char *m = json_string_value(json_object_get(t, "measure"));
		int lgd = (int)json_integer_value(json_object_get(t, "state_lgd"));
		int64_t v = json_integer_value(json_object_get(t, "target"));
		bool ahtu = strcmp(m, "ahtus_set_up") == 0, officers = strcmp(m, "officers_trained") == 0;
		if (!ahtu && !officers)
			continue;
		struct line *l = NULL;
		if (lgd == 0 && !d->state_lgd)
			l = &d->total;
		else if (lgd && d->state_lgd == lgd)
			l = &d->total;
		else if (lgd && !d->state_lgd)
			l = line_of(d, lgd, 0);
		if (l && ahtu)
			l->ahtu_target = v;
		else if (l)
			l->officer_target = v;
	}
}

/* ---- compliance, action points, returns ---- */

static int read_compliance(struct dash *d, const struct scope *s)
{
	json_t *m = NULL;
	if (d->r->db->ops->compliance_matrix(d->r->db, s, d->state_lgd, &m) != DB_OK)
		return -1;
	int64_t advisories = (int64_t)json_array_size(json_object_get(m, "advisories"));
	if (!d->state_lgd)
		for (int i = 0; i < d->nlines; i++)
			if (d->shown[i])
				d->lines[i].advisories = advisories;
	d->total.advisories = advisories * (d->state_lgd ? 1 : master_state_count());
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(m, "cells"), i, c) {
		const char *st = json_string_value(json_object_get(c, "status"));
		if (!st || (strcmp(st, "complied") != 0 && strcmp(st, "not_applicable") != 0))
			continue;
		int lgd = (int)json_integer_value(json_object_get(c, "state_lgd"));
		if (d->state_lgd && lgd != d->state_lgd)
			continue;
		d->total.complied++;
		struct line *l = d->state_lgd ? NULL : line_of(d, lgd, 0);
		if (l)
			l->complied++;
	}
	json_decref(m);
	return 0;
}

static int read_action_points(struct dash *d)
{
	json_t *rows = NULL;
	if (d->r->db->ops->action_points_by_state(d->r->db, d->today, &rows) != DB_OK)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		int lgd = (int)json_integer_value(json_object_get(x, "state_lgd"));
		int64_t open = json_integer_value(json_object_get(x, "open")),
			overdue = json_integer_value(json_object_get(x, "overdue"));
		if (d->state_lgd && lgd != d->state_lgd)
			continue;
		d->total.ap_open += open, d->total.ap_overdue += overdue;
		struct line *l = d->state_lgd ? NULL : line_of(d, lgd, 0);
		if (l)
			l->ap_open += open, l->ap_overdue += overdue;
	}
	json_decref(rows);
	return 0;
}

/* The case records that name an AHTU, FIR within the last 12 months. */
static int read_ahtu_cases(struct dash *d, const struct scope *s)
{
	/* viewers read the cases only through the analysis, small counts hidden */
	if (d->r->caller.role == ROLE_VIEWER) {
		d->total.ahtu_cases_recorded = -1;
		for (int k = 0; k < d->nlines; k++)
			d->lines[k].ahtu_cases_recorded = -1;
		return 0;
	}
	char from[11];
	time_t t = time(NULL) + 19800 - 365 * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(from, sizeof from, "%Y-%m-%d", &tm);
	json_t *rows = NULL;
	if (d->r->db->ops->ahtu_cases_by_district(d->r->db, s, d->state_lgd, from, &rows) != DB_OK)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		int64_t n = json_integer_value(json_object_get(x, "n"));
		struct line *l = line_of(d, (int)json_integer_value(json_object_get(x, "state_lgd")),
					 (int)json_integer_value(json_object_get(x, "district_lgd")));
		if (!l)
			continue;
		l->ahtu_cases_recorded += n;
		d->total.ahtu_cases_recorded += n;
	}
	json_decref(rows);
	return 0;
}

/* The returns of the last period whose due date has passed, of the data
 * set asked for (?dataset=) or the first defined: how many of the districts
 * sent theirs.  *about: {dataset,name,period,period_label,due} or null.
 * 0, -1 on error, -2 when code names no data set. */
static int read_returns(struct dash *d, const char *code, json_t **about)
{
	*about = json_null();
	json_t *list = NULL;
	if (d->r->db->ops->datasets_list(d->r->db, &list) != DB_OK)
		return -1;
	json_t *ds = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
		if (!ds && (!code || strcmp(json_string_value(json_object_get(x, "code")), code) == 0))
			ds = x;
	enum period_type t;
	if (!ds && code) {
		json_decref(list);
		return -2;         /* no such data set */
	}
	if (!ds || !period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t)) {
		json_decref(list);
		return 0;
	}
	struct period p;
	char due[11], text[PERIOD_TEXT_MAX], label[PERIOD_LABEL_MAX];
	int due_days = (int)json_integer_value(json_object_get(ds, "due_days"));
	if (!period_containing(t, d->today, &p)) {
		json_decref(list);
		return 0;
	}
	for (int k = 0; k < 24; k++) {
		period_day_after_end(&p, due_days, due);
		if (strcmp(due, d->today) < 0)
			break;
		p = period_previous(&p);
	}
	period_format(&p, text);
	period_label(&p, label);
	json_t *rows = NULL;
	if (d->r->db->ops->completeness(d->r->db, json_integer_value(json_object_get(ds, "id")), text, d->state_lgd,
					d->district_lgd, &rows) != DB_OK) {
		json_decref(list);
		return -1;
	}
	int64_t ds_id = json_integer_value(json_object_get(ds, "id"));
	json_decref(*about);
	*about = json_pack("{s:O, s:O, s:s, s:s, s:s}", "dataset", json_object_get(ds, "code"), "name",
			   json_object_get(ds, "name"), "period", text, "period_label", label, "due", due);
	json_decref(list);
	json_array_foreach(rows, i, x) {
		const char *st = json_string_value(json_object_get(x, "status"));
		bool sent = st && (!strcmp(st, "submitted") || !strcmp(st, "approved") || !strcmp(st, "accepted"));
		struct line *l = line_of(d, (int)json_integer_value(json_object_get(x, "state_lgd")),
					 (int)json_integer_value(json_object_get(x, "district_lgd")));
		if (!l)
			continue;
		l->returns_expected++, d->total.returns_expected++;
		if (sent)
			l->returns_submitted++, d->total.returns_submitted++;
	}
	json_decref(rows);
	/* the cases registered by AHTUs that the returns of the last 12 months report */
	struct period first = p;
	int back = t == PERIOD_MONTHLY ? 11 : t == PERIOD_QUARTERLY ? 3 : 0;
	for (int k = 0; k < back; k++)
		first = period_previous(&first);
	char ftext[PERIOD_TEXT_MAX];
	period_format(&first, ftext);
	struct db_pivot q = { .dataset_id = ds_id, .indicator = "ahtu_cases", .from = ftext, .to = text,
			      .state_lgd = d->state_lgd, .district_lgd = d->district_lgd,
			      .statuses_json = "[\"submitted\",\"approved\",\"accepted\"]",
			      .rows = d->state_lgd ? PIVOT_DISTRICT : PIVOT_STATE, .cols = PIVOT_NONE };
	json_t *sums = NULL;
	if (d->r->db->ops->pivot(d->r->db, &q, &sums) != DB_OK)
		return -1;
	json_object_set_new(*about, "ahtu_cases_from", json_string(ftext));
	d->total.ahtu_cases_returned = 0;
	for (int k = 0; k < d->nlines; k++)
		if (d->shown[k])
			d->lines[k].ahtu_cases_returned = 0;
	json_array_foreach(sums, i, x) {
		const char *key = json_string_value(json_array_get(x, 0));
		json_t *v = json_array_get(x, 2);
		int64_t n = json_is_integer(v) ? json_integer_value(v) : json_is_real(v) ? (int64_t)json_real_value(v) : 0;
		int lgd = key ? atoi(key) : 0;
		struct line *l = d->state_lgd ? line_of(d, d->state_lgd, lgd) : line_of(d, lgd, 0);
		if (!l)
			continue;
		l->ahtu_cases_returned += n;
		d->total.ahtu_cases_returned += n;
	}
	json_decref(sums);
	return 0;
}

/* ---- the answer ---- */

static json_t *count_or_null(int64_t v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *line_json(const struct line *l)
{
	json_t *o = json_pack("{s:i, s:s, s:I, s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I}",
			      "lgd", l->lgd, "name", l->name ? l->name : "Total", "ahtus_sanctioned", (json_int_t)l->ahtus[0],
			      "ahtus_set_up", (json_int_t)l->ahtus[1], "ahtus_functional", (json_int_t)l->ahtus[2],
			      "ahtus_target", count_or_null(l->ahtu_target), "ucs_overdue", (json_int_t)l->ucs_overdue,
			      "officers_trained", count_or_null(l->officers), "trainers_trained",
			      count_or_null(l->officers < 0 ? -1 : l->trainers), "cascade_trained",
			      count_or_null(l->officers < 0 ? -1 : l->cascade), "officers_target",
			      count_or_null(l->officer_target), "advisories", count_or_null(l->advisories),
			      "advisories_complied", count_or_null(l->advisories < 0 ? -1 : l->complied),
			      "action_points_open", count_or_null(l->ap_open), "action_points_overdue",
			      count_or_null(l->ap_open < 0 ? -1 : l->ap_overdue), "returns_expected",
			      (json_int_t)l->returns_expected, "returns_submitted", (json_int_t)l->returns_submitted);
	json_object_set_new(o, "ahtu_cases_recorded", count_or_null(l->ahtu_cases_recorded));
	json_object_set_new(o, "ahtu_cases_returned", count_or_null(l->ahtu_cases_returned));
	if (l->released >= 0) {
		monitoring_add_amount(o, "released", l->released);
		monitoring_add_amount(o, "utilised", l->utilised);
		monitoring_add_amount(o, "unspent", l->released - l->utilised);
	} else {
		json_object_set_new(o, "released_paise", json_null());
		json_object_set_new(o, "released", json_null());
	}
	/* shares for the bars and the map, in percent (null when there is no base) */
	json_object_set_new(o, "ahtus_functional_pct",
			    l->ahtus[0] ? json_real(100.0 * (double)l->ahtus[2] / (double)l->ahtus[0]) : json_null());
	json_object_set_new(o, "officers_pct", l->officer_target > 0 && l->officers >= 0
						       ? json_real(100.0 * (double)l->officers / (double)l->officer_target)
						       : json_null());
	json_object_set_new(o, "utilised_pct", l->released > 0 ? json_real(100.0 * (double)l->utilised / (double)l->released)
							       : json_null());
	json_object_set_new(o, "complied_pct", l->advisories > 0
						       ? json_real(100.0 * (double)l->complied / (double)l->advisories)
						       : json_null());
	json_object_set_new(o, "returns_pct", l->returns_expected
						      ? json_real(100.0 * (double)l->returns_submitted / (double)l->returns_expected)
						      : json_null());
	return o;
}

/* The scheme asked for (?scheme=), else the Comprehensive Scheme, else the
 * first: a new reference, json_null() when there is none; NULL with a
 * reply on error. */
static json_t *scheme_of(struct request *r, const struct scope *s)
{
	const char *code = request_query(r, "scheme");
	json_t *all = NULL;
	if (r->db->ops->schemes_list(r->db, s, &all) != DB_OK) {
		reply_db_error(r);
		return NULL;
	}
	json_t *found = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x) {
		const char *c = json_string_value(json_object_get(x, "code"));
		if (code && *code ? strcmp(c, code) == 0 : strcmp(c, "ahtu_comprehensive") == 0)
			found = x;
	}
	if (!found && code && *code) {
		json_decref(all);
		reply_invalid(r, "scheme", "There is no scheme with that code.");
		return NULL;
	}
	if (!found)
		found = json_array_get(all, 0);
	json_t *out = found ? json_incref(found) : json_null();
	json_decref(all);
	return out;
}

/* The view asked for (lgd: a State's LGD code, 0 the caller's whole
 * jurisdiction), within that jurisdiction; false with a reply. */
static bool view_of(struct request *r, int lgd, const struct scope *s, struct dash *d)
{
	if (s->level != SCOPE_NATIONAL) {
		if (lgd && lgd != s->state_lgd) {
			/* refused as outside the caller's jurisdiction, and audited as such */
			reply_error(r, 403, "scope.state", "%s is outside your jurisdiction.", master_state_of(lgd)->name);
			return false;
		}
		lgd = s->state_lgd;
		d->district_lgd = s->level == SCOPE_DISTRICT ? s->district_lgd : 0;
	}
	d->state_lgd = lgd;
	return true;
}

/* Builds the dashboard of state (a State's LGD code, 0: the caller's whole
 * jurisdiction); the answer (new reference) or NULL with a reply set.
 * title gets the report's title. */
static json_t *build(struct request *r, int state, char *title, size_t title_size)
{
	struct scope s = auth_scope(&r->caller);
	struct dash d = { .r = r };
	if (!view_of(r, state, &s, &d))
		return NULL;
	json_t *scheme = scheme_of(r, &s);
	if (!scheme)
		return NULL;
	monitoring_today(d.today);
	d.nlines = d.state_lgd ? master_district_count() : master_state_count();
	d.lines = calloc((size_t)d.nlines + 1, sizeof *d.lines);
	d.shown = calloc((size_t)d.nlines + 1, sizeof *d.shown);
	d.overdue_units = json_array();
	d.overdue_ucs = json_array();
	const struct master_state *ms = d.state_lgd ? master_state_of(d.state_lgd) : NULL;
	line_init(&d.total, ms ? ms->lgd : 0, ms ? ms->name : "India", false);
	for (int i = 0; d.lines && i < d.nlines; i++) {
		if (d.state_lgd) {
			const struct master_district *md = master_district_at(i);
			d.shown[i] = md->state_lgd == d.state_lgd && (!d.district_lgd || md->lgd == d.district_lgd);
			line_init(&d.lines[i], md->lgd, md->name, true);
		} else {
			const struct master_state *st = master_state_at(i);
			d.shown[i] = true;
			line_init(&d.lines[i], st->lgd, st->name, false);
		}
	}
	json_t *returns_about = NULL, *out = NULL;
	int64_t scheme_id = json_integer_value(json_object_get(scheme, "id"));
	const char *dataset = request_query(r, "dataset");
	int rr = 0;
	if (!d.lines || !d.shown || read_ahtus(&d, &s) != 0 || read_funds(&d, &s) != 0 || read_training(&d, scheme_id) != 0
	    || read_compliance(&d, &s) != 0 || read_action_points(&d) != 0
	    || (rr = read_returns(&d, dataset && *dataset ? dataset : NULL, &returns_about)) != 0
	    || read_ahtu_cases(&d, &s) != 0) {
		if (rr == -2)
			reply_invalid(r, "dataset", "There is no data set with that code.");
		else
			reply_db_error(r);
		goto out;
	}
	set_targets(&d, scheme);
	json_t *lines = json_array();
	for (int i = 0; i < d.nlines; i++)
		if (d.shown[i])
			json_array_append_new(lines, line_json(&d.lines[i]));
	snprintf(title, title_size, "Status report on the action against human trafficking: %s",
		 d.district_lgd ? master_district_of(d.district_lgd)->name : ms ? ms->name : "India");
	out = json_pack("{s:s, s:s, s:s, s:O, s:O, s:o, s:o, s:{s:I, s:o, s:I, s:o}}", "title", title, "as_of", d.today,
			"level", d.state_lgd ? "district" : "state", "scheme", scheme, "returns", returns_about, "rows", lines,
			"total", line_json(&d.total), "overdue", "utilisation_count", (json_int_t)d.n_overdue_ucs,
			"utilisation", json_incref(d.overdue_ucs), "units_count", (json_int_t)d.n_overdue_units, "units",
			json_incref(d.overdue_units));
	if (!d.state_lgd)
		monitoring_add_amount(json_object_get(out, "total"), "released_to_all_states", d.to_all_states);
	if (d.state_lgd)
		json_object_set_new(out, "state_lgd", json_integer(d.state_lgd));
	if (d.district_lgd)
		json_object_set_new(out, "district_lgd", json_integer(d.district_lgd));
out:
	json_decref(returns_about);
	json_decref(scheme);
	json_decref(d.overdue_units);
	json_decref(d.overdue_ucs);
	free(d.lines);
	free(d.shown);
	return out;
}

/* ---- exports ---- */

/* The rows flattened for a table: "3 of 5" where a figure has a base. */
static json_t *table_rows(const json_t *dash)
{
	json_t *rows = json_array();
	json_t *all = json_copy(json_object_get(dash, "rows"));
	json_array_append(all, json_object_get(dash, "total"));
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x) {
		json_t *o = json_deep_copy(x);
		char buf[64];
#define OF(key, num, den)                                                                                          \
	do {                                                                                                       \
		json_t *n_ = json_object_get(x, num), *d_ = json_object_get(x, den);                             \
		if (json_is_integer(n_) && json_is_integer(d_))                                                  \
			snprintf(buf, sizeof buf, "%lld of %lld", (long long)json_integer_value(n_),             \
				 (long long)json_integer_value(d_));                                             \
		else if (json_is_integer(n_))                                                                    \
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(n_));                    \
		else                                                                                             \
			snprintf(buf, sizeof buf, "—");                                                          \
		json_object_set_new(o, key, json_string(buf));                                                   \
	} while (0)
		OF("officers_vs_target", "officers_trained", "officers_target");
		OF("complied_of", "advisories_complied", "advisories");
		OF("returns_of", "returns_submitted", "returns_expected");
		OF("set_up_vs_target", "ahtus_set_up", "ahtus_target");
#undef OF
		json_array_append_new(rows, o);
	}
	json_decref(all);
	return rows;
}

static const char *const export_keys[] = { "name", "ahtus_sanctioned", "set_up_vs_target", "ahtus_functional",
					   "released", "utilised", "unspent", "ucs_overdue", "officers_vs_target",
					   "trainers_trained", "complied_of", "action_points_open",
					   "action_points_overdue", "returns_of" };
static const char *const export_labels[] = { "State/UT or district", "AHTUs sanctioned", "Set up (of target)",
					     "Functional", "Funds released", "Utilised", "Unspent",
					     "UCs overdue", "Officers trained (of target)", "Trainers",
					     "Advisories complied", "Action points open", "Overdue",
					     "Returns received" };

/* ---- the printed status report: one page, A4 landscape ---- */

#define SR_W 842.0
#define SR_H 595.0
#define SR_MARGIN 34.0
#define CELL 112                /* bytes of a printed cell */

static const char *int_text(const json_t *v, char out[32])
{
	if (!json_is_integer(v))
		return "—";
	json_int_t n = json_integer_value(v);
	if (n < 0)
		return "—";
	util_group_indian((unsigned long long)n, out, 32);
	return out;
}

/* "34 of 40 (85%)", "34", or "—". */
static const char *of_text(const json_t *o, const char *num, const char *den, char out[CELL])
{
	const json_t *n = json_object_get(o, num), *d = json_object_get(o, den);
	char a[32], b[32];
	if (!json_is_integer(n))
		return "—";
	if (!json_is_integer(d) || json_integer_value(d) <= 0)
		snprintf(out, CELL, "%s", int_text(n, a));
	else
		snprintf(out, CELL, "%s of %s (%lld%%)", int_text(n, a), int_text(d, b),
			 (long long)(100 * json_integer_value(n) / json_integer_value(d)));
	return out;
}

/* The cells of a line of the report. */
static void report_cells(const json_t *x, bool district, char cells[10][CELL])
{
	snprintf(cells[0], CELL, "%s", json_string_value(json_object_get(x, "name")));
	of_text(x, "ahtus_functional", "ahtus_sanctioned", cells[1]);
	of_text(x, "ahtus_set_up", "ahtus_target", cells[2]);
	of_text(x, "returns_submitted", "returns_expected", cells[3]);
	if (district)
		return;
	const char *rel = json_string_value(json_object_get(x, "released_words"));
	snprintf(cells[4], CELL, "%s", rel ? rel : "—");
	json_t *u = json_object_get(x, "utilised_pct");
	if (json_is_number(u))
		snprintf(cells[5], CELL, "%.0f%%", json_number_value(u));
	else
		snprintf(cells[5], CELL, "—");
	char a[32], b[32];
	snprintf(cells[6], CELL, "%s", int_text(json_object_get(x, "ucs_overdue"), a));
	of_text(x, "officers_trained", "officers_target", cells[7]);
	of_text(x, "advisories_complied", "advisories", cells[8]);
	snprintf(cells[9], CELL, "%s (%s)", int_text(json_object_get(x, "action_points_open"), a),
		 int_text(json_object_get(x, "action_points_overdue"), b));
}

/* The status report of dash as a PDF into out: the totals, a line per
 * State (or per district, in two bands when there are many) and the
 * overdue counts, sized to fit one page.  0 or -1. */
static int status_pdf(const json_t *dash, struct buf *out)
{
	const char *title = json_string_value(json_object_get(dash, "title"));
	const json_t *t = json_object_get(dash, "total"), *rows = json_object_get(dash, "rows");
	bool district = strcmp(json_string_value(json_object_get(dash, "level")), "district") == 0;
	struct pen p;
	char footer[400], line[1200], a[CELL], b[CELL], c[CELL];
	snprintf(footer, sizeof footer, "%s · as on %s", title, json_string_value(json_object_get(dash, "as_of")));
	if (pen_open(&p, out, SR_W, SR_H, SR_MARGIN, title, footer) != 0)
		return -1;
	double w = pen_width(&p);
	cairo_set_source_rgb(p.cr, 0.35, 0.35, 0.35);
	p.y += pen_text(&p, SR_MARGIN, p.y, w, "Ministry of Home Affairs · Anti Trafficking Cell · गृह मंत्रालय, मानव तस्करी विरोधी प्रकोष्ठ",
			8, false, PANGO_ALIGN_LEFT) + 2;
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.y += pen_text(&p, SR_MARGIN, p.y, w, title, 15, true, PANGO_ALIGN_LEFT) + 2;
	const json_t *scheme = json_object_get(dash, "scheme");
	const json_t *od = json_object_get(dash, "overdue");
	snprintf(line, sizeof line,
		 "As on %s%s%s. AHTUs functional: %s; set up: %s. Funds released: %s, %s utilised. Officers trained: %s."
		 " Overdue: utilisation certificates, %lld; units not set up 12 months after their sanction, %lld.",
		 json_string_value(json_object_get(dash, "as_of")), json_is_object(scheme) ? ", against the targets of the " : "",
		 json_is_object(scheme) ? json_string_value(json_object_get(scheme, "name")) : "",
		 of_text(t, "ahtus_functional", "ahtus_sanctioned", a), of_text(t, "ahtus_set_up", "ahtus_target", b),
		 json_string_value(json_object_get(t, "released_words")) ? json_string_value(json_object_get(t, "released_words")) : "—",
		 json_string_value(json_object_get(t, "utilised_words")) ? json_string_value(json_object_get(t, "utilised_words")) : "—",
		 of_text(t, "officers_trained", "officers_target", c),
		 (long long)json_integer_value(json_object_get(od, "utilisation_count")),
		 (long long)json_integer_value(json_object_get(od, "units_count")));
	p.y += pen_text(&p, SR_MARGIN, p.y, w, line, 8.5, false, PANGO_ALIGN_LEFT) + 8;
	if (district) {
		snprintf(line, sizeof line, "The State as a whole: advisories complied %s; action points open %s; trainers"
			 " trained %s, and %s trained by them.", of_text(t, "advisories_complied", "advisories", a),
			 int_text(json_object_get(t, "action_points_open"), b), int_text(json_object_get(t, "trainers_trained"), c),
			 int_text(json_object_get(t, "cascade_trained"), c + 32));
		/* (c holds two numbers: 32 bytes each) */
		p.y += pen_text(&p, SR_MARGIN, p.y, w, line, 8.5, false, PANGO_ALIGN_LEFT) + 8;
	}
	static const char *const heads[10] = { "State/UT", "AHTUs functional (of sanctioned)", "Set up (of target)",
						"Returns received", "Funds released", "Utilised", "UCs overdue",
						"Officers trained (of target)", "Advisories complied", "Action points open (overdue)" };
	int ncols = district ? 4 : 10;
	size_t n = json_array_size(rows);
	int bands = district && n > 30 ? 2 : 1;
	size_t per = (n + (size_t)bands - 1) / (size_t)bands;
	/* the size that fits: each line 1.6 × the size, the header twice, the total once */
	double room = SR_H - SR_MARGIN - p.y - 4;
	double size = room / (((double)per + 3.5) * 1.6);
	size = size > 8 ? 8 : size < 5 ? 5 : size;
	double band_w = (w - (bands - 1) * 18) / bands;
	static const double share[10] = { 0.17, 0.11, 0.09, 0.08, 0.1, 0.06, 0.06, 0.12, 0.1, 0.11 };
	static const double share_d[4] = { 0.34, 0.24, 0.2, 0.22 };
	double top = p.y;
	char cells[10][CELL];
	const char *ptr[10];
	for (int band = 0; band < bands; band++) {
		double x[10], x0 = SR_MARGIN + band * (band_w + 18);
		for (int k = 0; k < ncols; k++) {
			double sum = 0;
			for (int j = 0; j < k; j++)
				sum += district ? share_d[j] : share[j];
			x[k] = x0 + band_w * sum;
		}
		p.y = top;
		p.row_right = x0 + band_w;
		const char *h[10];
		for (int k = 0; k < ncols; k++)
			h[k] = k == 0 && district ? "District" : heads[k];
		pen_row(&p, x, h, ncols, true, 1, ncols - 1, size);
		cairo_set_line_width(p.cr, 0.5);
		cairo_move_to(p.cr, x0, p.y);
		cairo_line_to(p.cr, x0 + band_w, p.y);
		cairo_stroke(p.cr);
		p.y += 2;
		for (size_t i = (size_t)band * per; i < n && i < (size_t)(band + 1) * per; i++) {
			report_cells(json_array_get(rows, i), district, cells);
			for (int k = 0; k < ncols; k++)
				ptr[k] = cells[k];
			pen_row(&p, x, ptr, ncols, false, 1, ncols - 1, size);
		}
		if (band == bands - 1) {
			cairo_move_to(p.cr, x0, p.y);
			cairo_line_to(p.cr, x0 + band_w, p.y);
			cairo_stroke(p.cr);
			p.y += 2;
			report_cells(t, district, cells);
			for (int k = 0; k < ncols; k++)
				ptr[k] = cells[k];
			pen_row(&p, x, ptr, ncols, true, 1, ncols - 1, size);
		}
	}
	return pen_close(&p);
}

void monitoring_dashboard(struct request *r)
{
	const char *format = request_query(r, "format");
	if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0
	    && strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	char title[300];
	int state;
	if (!monitoring_query_state(r, &state))
		return;
	json_t *dash = build(r, state, title, sizeof title);
	if (!dash)
		return;
	if (!format || strcmp(format, "json") == 0) {
		reply_json(r, 200, dash);
		return;
	}
	if (strcmp(format, "pdf") == 0) {
		struct buf b;
		buf_init(&b, 16u * 1024 * 1024);
		int rc = status_pdf(dash, &b);
		char disposition[160];
		snprintf(disposition, sizeof disposition, "attachment; filename=\"status-report-%s.pdf\"",
			 json_string_value(json_object_get(dash, "as_of")));
		if (rc == 0)
			audit_record(r, "register.export", "dashboard", "status-report", "ok", json_pack("{s:s}", "format", "pdf"));
		json_decref(dash);
		if (rc != 0)
			reply_db_error(r);
		else
			reply_secret(r, b.data, b.len, "application/pdf", disposition);
		buf_free(&b);
		return;
	}
	json_t *rows = table_rows(dash);
	struct reg_table t = { title, export_keys, export_labels, sizeof export_keys / sizeof *export_keys, rows };
	registers_reply_export(r, "dashboard", format, &t);
	json_decref(rows);
	json_decref(dash);
}

void monitoring_dashboard_file(struct request *r)
{
	char title[300];
	int state = 0;
	json_t *st = json_object_get(r->body, "state_lgd");
	const struct master_state *ms = monitoring_state_of(st);
	if (st && !json_is_null(st) && !ms) {
		reply_invalid(r, "state_lgd", "state_lgd is a State's LGD code, or null for the national report.");
		return;
	}
	if (ms)
		state = ms->lgd;
	json_t *dash = build(r, state, title, sizeof title);
	if (!dash)
		return;
	struct buf b;
	buf_init(&b, 16u * 1024 * 1024);
	int rc = status_pdf(dash, &b);
	json_decref(dash);
	if (rc != 0) {
		buf_free(&b);
		reply_db_error(r);
		return;
	}
	/* a new version of the same place's report, each place its own */
	json_t *doc = docs_publish_generated(r, b.data, b.len, title, "report", "Monitoring status reports", true);
	buf_free(&b);
	if (doc)
		reply_json(r, 201, doc);
}
