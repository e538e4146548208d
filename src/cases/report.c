/* The printable profile of a State/UT, or the national summary, for a
 * period: the key figures, the map, the districts' classes, the routes in
 * and out, the months, the method — as a PDF (cairo and pango, Noto fonts
 * with Devanagari) or an XLSX (libxlsxwriter); made on request and, when the
 * Cell asks, filed in the document library as a report.
 *   GET  /api/v1/reports/state/{lgd}?from=&to=&format=pdf|xlsx
 *   GET  /api/v1/reports/national?…
 *   POST /api/v1/reports/state/{lgd}/file?… and /api/v1/reports/national/file?…  (the Cell) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "auth/auth.h"
#include "cases/analysis.h"
#include "cases/internal.h"
#include "documents/documents.h"
#include "master/master.h"
#include "registers/registers.h"
#include "util/print.h"
#include "util/util.h"

#define PAGE_W 595.0            /* A4 portrait, points */
#define PAGE_H 842.0
#define MARGIN 48.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define ROWS_SHOWN 30
#define ROUTES_SHOWN 10

/* What a report shows, computed once for both formats. */
struct profile {
	int state_lgd;                  /* 0: the whole country */
	char place[80];                 /* "West Bengal", "India" */
	char title[160];
	char period[40];                /* "2025", "2023 to 2025" */
	char from[8], to[8];
	struct thresholds th;
	struct place_counts counts;
	int nmonths;
	uint32_t *monthly;              /* victims of the cases registered in the place, per month */
	long long registered, recruited, exploited, passed;
	int classes[5];
	struct drow_r { int place; uint32_t s, t, d; enum district_class cls; } *rows;
	int nrows;                      /* the place's districts with victims, largest first */
	struct route { int node; uint32_t n; } in[ROUTES_SHOWN], out[ROUTES_SHOWN];
	int nin, nout;
	struct facts *F;
	/* the copy filed in the library, which viewers read: counts under 11
	 * hidden as the public's are (suppress.c) — the districts' table with
	 * the State's totals as its margin, routes of 11 or more, no months,
	 * no bars, a class only where its three counts are shown */
	bool suppressed;
	bool *hidden;                   /* (nrows + 1) × 4: S, T, D, all */
	bool hide_registered;
};

/* Whether row i's column c (0 S, 1 T, 2 D) is hidden; c 3 the row's class. */
static bool hidden_at(const struct profile *pr, int i, int c)
{
	if (!pr->suppressed)
		return false;
	if (c == 3)
		return pr->hidden[i * 4] || pr->hidden[i * 4 + 1] || pr->hidden[i * 4 + 2];
	return pr->hidden[i * 4 + c];
}

static int row_cmp(const void *a, const void *b)
{
	const struct drow_r *x = a, *y = b;
	uint32_t tx = x->s + x->t + x->d, ty = y->s + y->t + y->d;
	if (tx != ty)
		return tx < ty ? 1 : -1;
	return strcmp(master_district_at(x->place - 1)->name, master_district_at(y->place - 1)->name);
}

static void keep_top(struct route *list, int *n, int node, uint32_t v, bool suppressed)
{
	if (!v || (suppressed && v < SUPPRESS_BELOW))
		return;
	if (*n < ROUTES_SHOWN) {
		list[(*n)++] = (struct route){ node, v };
	} else if (v > list[ROUTES_SHOWN - 1].n) {
		list[ROUTES_SHOWN - 1] = (struct route){ node, v };
	} else {
		return;
	}
	for (int i = *n - 1; i > 0 && list[i].n > list[i - 1].n; i--) {
		struct route t = list[i];
		list[i] = list[i - 1];
		list[i - 1] = t;
	}
}

static void profile_free(struct profile *p)
{
	free(p->hidden);
	analysis_counts_free(&p->counts);
	free(p->monthly);
	free(p->rows);
	facts_release(p->F);
}

/* "2025" (month: month_if_year) or "2025-04", whole; false otherwise. */
static bool year_or_month(const char *s, int *y, int *m, int month_if_year)
{
	int n = 0;
	size_t len = strlen(s);
	if (len == 4 && sscanf(s, "%4d%n", y, &n) == 1 && n == 4)
		*m = month_if_year;
	else if (!(len == 7 && sscanf(s, "%4d-%2d%n", y, m, &n) == 2 && n == 7))
		return false;
	return *y >= 1990 && *y <= 2099 && *m >= 1 && *m <= 12;
}

/* Reads ?from= and ?to= (years or months) into q; false with a reply. */
static bool read_period(struct request *r, struct analysis_query *q, struct profile *p)
{
	const char *from = request_query(r, "from"), *to = request_query(r, "to");
	char today[11];
	cases_today(today);
	int year = atoi(today);
	int fy = year - 1, fm = 1, ty = year - 1, tm = 12;
	if (from && !year_or_month(from, &fy, &fm, 1)) {
		reply_invalid(r, "from", "from is a year (2024) or a month (2024-04).");
		return false;
	}
	if (to && !year_or_month(to, &ty, &tm, 12)) {
		reply_invalid(r, "to", "to is a year (2025) or a month (2025-03).");
		return false;
	}
	if (!to && from)
		ty = fy;
	q->month_from = MONTH_OF(fy, fm);
	q->month_to = MONTH_OF(ty, tm);
	if (q->month_from > q->month_to || q->month_to - q->month_from >= 20 * 12) {
		reply_invalid(r, from ? "from" : "to", "from comes before to, and they lie within 20 years.");
		return false;
	}
	snprintf(p->from, sizeof p->from, "%04u-%02u", (unsigned)fy % 10000, (unsigned)fm % 100);
	snprintf(p->to, sizeof p->to, "%04u-%02u", (unsigned)ty % 10000, (unsigned)tm % 100);
	if (fm == 1 && tm == 12)
		snprintf(p->period, sizeof p->period, fy == ty ? "%d" : "%d to %d", fy, ty);
	else
		snprintf(p->period, sizeof p->period, "%s to %s", p->from, p->to);
	return true;
}

/* The profile of the path's State (or the country), within the caller's
 * jurisdiction; false with a reply. */
static bool profile_make(struct request *r, bool national, bool suppressed, struct profile *p)
{
	memset(p, 0, sizeof *p);
	p->suppressed = suppressed;
	struct analysis_query q = { 0, 0, 0, 0, 0, -1, -1, -1 };
	if (!read_period(r, &q, p))
		return false;
	struct scope s = auth_scope(&r->caller);
	if (!national) {
		long long lgd;
		const struct master_state *st = r->nparams > 0 && util_parse_int(r->params[0], 1, 99, &lgd)
							? master_state_of((int)lgd) : NULL;
		if (!st || (s.level >= SCOPE_STATE && st->lgd != s.state_lgd)) {
			reply_error(r, 404, "state.not_found", "There is no State/UT with that code that you may report on.");
			return false;
		}
		p->state_lgd = st->lgd;
		snprintf(p->place, sizeof p->place, "%s", st->name);
		/* the Cell counts every case; a State its own: two reports, two titles */
		snprintf(p->title, sizeof p->title, "State profile: %s, %s%s", st->name, p->period,
			 s.level == SCOPE_STATE ? " (its own cases)" : suppressed ? " (published figures)" : "");
	} else {
		if (s.level != SCOPE_NATIONAL) {
			reply_error(r, 403, "auth.forbidden", "The national summary is the Cell's.");
			return false;
		}
		snprintf(p->place, sizeof p->place, "India");
		snprintf(p->title, sizeof p->title, "National summary, %s%s", p->period, suppressed ? " (published figures)" : "");
	}
	/* a State user counts its own cases, as in the analysis */
	if (s.level == SCOPE_STATE)
		q.case_state = 1 + master_state_of(s.state_lgd)->index;
	p->F = facts_get(r->db);
	if (!p->F) {
		reply_db_error(r);
		return false;
	}
	char *text = NULL;
	p->th = (struct thresholds){ 10, 0.6 };
	if (r->db->ops->setting_get(r->db, "analysis.thresholds", &text) == DB_OK) {
		json_t *j = json_loads(text, 0, NULL);
		if (json_is_integer(json_object_get(j, "min_victims")))
			p->th.min_victims = (int)json_integer_value(json_object_get(j, "min_victims"));
		if (json_is_number(json_object_get(j, "dominant_share")))
			p->th.dominant_share = json_number_value(json_object_get(j, "dominant_share"));
		json_decref(j);
	}
	free(text);
	struct facts *F = p->F;
	p->nmonths = q.month_to - q.month_from + 1;
	p->monthly = calloc((size_t)p->nmonths, sizeof *p->monthly);
	p->rows = calloc((size_t)F->ndistricts, sizeof *p->rows);
	uint32_t *m = NULL;
	int n = 0;
	if (!p->monthly || !p->rows || analysis_place_counts(F, &q, &p->counts) != 0
	    || analysis_flows(F, &q, true, 0, 0, &m, &n) != 0) {
		free(m);
		reply_db_error(r);
		return false;
	}
	int node = p->state_lgd ? 1 + master_state_of(p->state_lgd)->index : 0;
	analysis_monthly(F, &q, node, true, 'c', p->monthly);
	for (int i = 0; i < p->nmonths; i++)
		p->registered += p->monthly[i];
	for (int i = 0; i < F->ndistricts; i++) {
		const struct master_district *d = master_district_at(i);
		if (p->state_lgd && d->state_lgd != p->state_lgd)
			continue;
		int pl = 1 + i;
		uint32_t s_ = p->counts.source[pl], t = p->counts.transit[pl], dd = p->counts.destination[pl];
		p->recruited += s_;
		p->exploited += dd;
		p->passed += t;
		if (s_ + t + dd == 0)
			continue;
		enum district_class c = analysis_classify(s_, t, dd, &p->th);
		p->classes[c]++;
		p->rows[p->nrows++] = (struct drow_r){ pl, s_, t, dd, c };
	}
	qsort(p->rows, (size_t)p->nrows, sizeof *p->rows, row_cmp);
	if (suppressed) {
		/* the districts × (S, T, D) with their totals: the State's key figures are its margin */
		long long *cells = calloc((size_t)p->nrows * 3 + 1, sizeof *cells);
		p->hidden = calloc((size_t)(p->nrows + 1) * 4, sizeof *p->hidden);
		if (!cells || !p->hidden) {
			free(cells);
			free(m);
			reply_db_error(r);
			return false;
		}
		for (int i = 0; i < p->nrows; i++) {
			cells[i * 3] = p->rows[i].s;
			cells[i * 3 + 1] = p->rows[i].t;
			cells[i * 3 + 2] = p->rows[i].d;
		}
		int rc = p->nrows ? suppress_table(cells, p->nrows, 3, p->hidden) : 0;
		if (!p->nrows)
			for (int c = 0; c < 4; c++)
				p->hidden[c] = true;
		free(cells);
		if (rc != 0) {
			free(m);
			reply_db_error(r);
			return false;
		}
		p->hide_registered = p->registered < SUPPRESS_BELOW;
	}
	/* routes: into and out of the State; for the country, the largest between any two */
	for (int a = 1; a < n; a++)
		for (int b = 1; b < n; b++) {
			uint32_t v = m[(size_t)a * n + b];
			if (!node) {
				keep_top(p->out, &p->nout, a * n + b, v, suppressed);
			} else {
				if (b == node && a != node)
					keep_top(p->in, &p->nin, a, v, suppressed);
				if (a == node && b != node)
					keep_top(p->out, &p->nout, b, v, suppressed);
			}
		}
	free(m);
	return true;
}

/* A State's or country's name from a node (analysis_flows, by State). */
static const char *node_name(const struct facts *F, int node)
{
	if (node >= 1 && node <= F->nstates)
		return master_state_at(node - 1)->name;
	const char *c = vocab_country_at(node - 1 - F->nstates);
	return c ? vocab_country_name(c) : "?";
}

/* ---- the PDF ---- */

static const double class_rgb[5][3] = {
	{ 0.60, 0.64, 0.67 }, { 0.76, 0.25, 0.05 }, { 0.48, 0.31, 0.63 }, { 0.11, 0.31, 0.54 }, { 0.16, 0.49, 0.27 },
};
static const char *const class_label[5] = { "Too few to say", "Predominantly source", "Predominantly transit",
					    "Predominantly destination", "Mixed" };

/* Indian grouping: 1,23,45,678 into out (32 bytes). */
static const char *indian(long long v, char out[32])
{
	if (v < 0) {
		out[0] = '-';
		util_group_indian((unsigned long long)-v, out + 1, 31);
	} else {
		util_group_indian((unsigned long long)v, out, 32);
	}
	return out;
}

/* The tile map (lib/cases.jsx's grid), the place highlighted, or the
 * States shaded by their victims for the country. */
static void draw_map(struct pen *p, const struct profile *pr, double x0, double y0, double tile)
{
	static const struct { int lgd; const char *abbr; int col, row; } tiles[] = {
		{ 4, "CH", 1, 0 }, { 1, "JK", 2, 0 }, { 37, "LA", 3, 0 }, { 3, "PB", 1, 1 }, { 2, "HP", 2, 1 },
		{ 5, "UK", 3, 1 }, { 12, "AR", 7, 1 }, { 8, "RJ", 0, 2 }, { 6, "HR", 1, 2 }, { 7, "DL", 2, 2 },
		{ 9, "UP", 3, 2 }, { 10, "BR", 4, 2 }, { 11, "SK", 5, 2 }, { 18, "AS", 6, 2 }, { 13, "NL", 7, 2 },
		{ 24, "GJ", 0, 3 }, { 23, "MP", 1, 3 }, { 22, "CG", 2, 3 }, { 20, "JH", 3, 3 }, { 19, "WB", 4, 3 },
		{ 17, "ML", 5, 3 }, { 16, "TR", 6, 3 }, { 14, "MN", 7, 3 }, { 38, "DD", 0, 4 }, { 27, "MH", 1, 4 },
		{ 36, "TS", 2, 4 }, { 21, "OD", 3, 4 }, { 15, "MZ", 7, 4 }, { 30, "GA", 0, 5 }, { 29, "KA", 1, 5 },
		{ 28, "AP", 2, 5 }, { 35, "AN", 4, 5 }, { 31, "LD", 0, 6 }, { 32, "KL", 1, 6 }, { 33, "TN", 2, 6 },
		{ 34, "PY", 3, 6 },
	};
	/* the States' victims in all roles, for the country's shading */
	long long per_state[100] = { 0 }, max = 1;
	for (int i = 0; i < pr->F->ndistricts; i++) {
		const struct master_district *d = master_district_at(i);
		if (d->state_lgd < 0 || d->state_lgd >= 100)
			continue;
		per_state[d->state_lgd] += pr->counts.source[1 + i] + pr->counts.transit[1 + i] + pr->counts.destination[1 + i];
		if (per_state[d->state_lgd] > max)
			max = per_state[d->state_lgd];
	}
	for (size_t k = 0; k < sizeof tiles / sizeof *tiles; k++) {
		int lgd = tiles[k].lgd;
		double x = x0 + tiles[k].col * (tile + 2), y = y0 + tiles[k].row * (tile + 2);
		double shade = pr->state_lgd ? (lgd == pr->state_lgd ? 0.75 : 0.08)
				: pr->suppressed ? 0.2 : sqrt((double)per_state[lgd] / max) * 0.85;
		cairo_set_source_rgb(p->cr, 0.95 - shade * 0.85, 0.96 - shade * 0.66, 0.98 - shade * 0.44);
		cairo_rectangle(p->cr, x, y, tile, tile);
		cairo_fill(p->cr);
		const char *abbr = tiles[k].abbr;
		cairo_set_source_rgb(p->cr, shade > 0.45 ? 1 : 0.1, shade > 0.45 ? 1 : 0.1, shade > 0.45 ? 1 : 0.1);
		pen_text(p, x + 1.5, y + 1, 0, abbr, 5.5, true, PANGO_ALIGN_LEFT);
		/* the place's districts as dots by class */
		if (pr->state_lgd == lgd || !pr->state_lgd) {
			int nd = 0, idx[120];
			for (int i = 0; i < pr->F->ndistricts && nd < 120; i++)
				if (master_district_at(i)->state_lgd == lgd)
					idx[nd++] = i;
			int per = (int)ceil(sqrt(nd > 0 ? nd : 1));
			double cell = (tile - 8) / per;
			for (int j = 0; j < nd; j++) {
				int pl = 1 + idx[j];
				enum district_class c = analysis_classify(pr->counts.source[pl], pr->counts.transit[pl],
									  pr->counts.destination[pl], &pr->th);
				if (pr->suppressed) {
					/* the class only where the row's three counts are shown */
					int row = -1;
					for (int q = 0; q < pr->nrows && row < 0; q++)
						if (pr->rows[q].place == pl)
							row = q;
					if (row < 0 || hidden_at(pr, row, 3))
						c = CLASS_TOO_FEW;
				}
				cairo_set_source_rgb(p->cr, class_rgb[c][0], class_rgb[c][1], class_rgb[c][2]);
				cairo_arc(p->cr, x + 4 + (j % per) * cell + cell / 2, y + 7 + (j / per) * cell + cell / 2,
					  fmax(0.6, cell / 2 - 0.4), 0, 2 * M_PI);
				cairo_fill(p->cr);
			}
		}
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* Bars of the place's largest districts: source, transit, destination stacked. */
static void draw_bars(struct pen *p, const struct profile *pr, double x0, double y0, double w, double h)
{
	int n = pr->nrows < 10 ? pr->nrows : 10;
	if (n == 0)
		return;
	uint32_t max = 1;
	for (int i = 0; i < n; i++)
		if (pr->rows[i].s + pr->rows[i].t + pr->rows[i].d > max)
			max = pr->rows[i].s + pr->rows[i].t + pr->rows[i].d;
	double bar = h / n, label_w = 110;
	for (int i = 0; i < n; i++) {
		const struct drow_r *d = &pr->rows[i];
		double y = y0 + i * bar;
		cairo_set_source_rgb(p->cr, 0.15, 0.15, 0.15);
		pen_text(p, x0, y + 1, label_w - 4, master_district_at(d->place - 1)->name, 7.5, false, PANGO_ALIGN_RIGHT);
		double x = x0 + label_w;
		const uint32_t parts[3] = { d->s, d->t, d->d };
		const int cls[3] = { CLASS_SOURCE, CLASS_TRANSIT, CLASS_DESTINATION };
		for (int k = 0; k < 3; k++) {
			double bw = (w - label_w - 40) * parts[k] / max;
			cairo_set_source_rgb(p->cr, class_rgb[cls[k]][0], class_rgb[cls[k]][1], class_rgb[cls[k]][2]);
			cairo_rectangle(p->cr, x, y + 1.5, bw, bar - 3);
			cairo_fill(p->cr);
			x += bw;
		}
		char num[32];
		cairo_set_source_rgb(p->cr, 0.15, 0.15, 0.15);
		pen_text(p, x + 3, y + 1, 0, indian(d->s + d->t + d->d, num), 7, false, PANGO_ALIGN_LEFT);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* A line of the months' victims. */
static void draw_line(struct pen *p, const struct profile *pr, double x0, double y0, double w, double h)
{
	uint32_t max = 1;
	for (int i = 0; i < pr->nmonths; i++)
		if (pr->monthly[i] > max)
			max = pr->monthly[i];
	cairo_set_source_rgb(p->cr, 0.85, 0.85, 0.85);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, x0, y0 + h);
	cairo_line_to(p->cr, x0 + w, y0 + h);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0.11, 0.31, 0.54);
	cairo_set_line_width(p->cr, 1.2);
	for (int i = 0; i < pr->nmonths; i++) {
		double x = x0 + (pr->nmonths > 1 ? w * i / (pr->nmonths - 1) : w / 2), y = y0 + h - h * pr->monthly[i] / max;
		if (i == 0)
			cairo_move_to(p->cr, x, y);
		else
			cairo_line_to(p->cr, x, y);
	}
	cairo_stroke(p->cr);
	char label[64], num[32];
	snprintf(label, sizeof label, "highest month: %s", indian(max, num));
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	pen_text(p, x0, y0 - 10, 0, label, 7, false, PANGO_ALIGN_LEFT);
	pen_text(p, x0, y0 + h + 2, 0, pr->from, 7, false, PANGO_ALIGN_LEFT);
	pen_text(p, x0 + w - 30, y0 + h + 2, 0, pr->to, 7, false, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static const char *method_text(const struct profile *pr, char *out, size_t n)
{
	snprintf(out, n,
		 "Each victim counts once, dated by the rescue (else the FIR), for the district where they were recruited "
		 "(source), each district they passed through (transit) and the district where they were exploited "
		 "(destination). A district with fewer than %d victims in all roles is too few to say; else it is "
		 "predominantly source, destination or transit when that role holds at least %.0f%% of its victims, and mixed "
		 "when none does. Rates are per lakh of the Census 2011 population. %s",
		 pr->th.min_victims, pr->th.dominant_share * 100,
		 pr->state_lgd ? "The figures count the cases the reader may see: the Cell every case, a State its own."
			       : "The figures count every case.");
	return out;
}

static int profile_pdf(const struct profile *pr, struct buf *b)
{
	struct pen p;
	if (pen_open(&p, b, PAGE_W, PAGE_H, MARGIN, pr->title, pr->title) != 0)
		return -1;
	char line[1200], a[32], bb[32], c[32], d[32], today[11];
	cases_today(today);

	cairo_set_source_rgb(p.cr, 0.35, 0.35, 0.35);
	p.y += pen_text(&p, MARGIN, p.y, TEXT_W, "Ministry of Home Affairs · Anti Trafficking Cell · गृह मंत्रालय, मानव तस्करी विरोधी प्रकोष्ठ",
		       8.5, false, PANGO_ALIGN_LEFT) + 4;
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.y += pen_text(&p, MARGIN, p.y, TEXT_W, pr->title, 20, true, PANGO_ALIGN_LEFT) + 2;
	snprintf(line, sizeof line, "%s — %s. Made on %s from the case records.",
		 pr->state_lgd ? "राज्य प्रोफ़ाइल" : "राष्ट्रीय सारांश", pr->place, today);
	p.y += pen_text(&p, MARGIN, p.y, TEXT_W, line, 9.5, false, PANGO_ALIGN_LEFT) + 12;

	/* key figures */
	const char *keys[4] = { "Victims in its cases", "Recruited here", "Exploited here", "Passages through" };
	const long long vals[4] = { pr->registered, pr->recruited, pr->exploited, pr->passed };
	int last = pr->nrows * 4;
	const bool hid[4] = { pr->suppressed && pr->hide_registered, pr->suppressed && pr->hidden[last],
			      pr->suppressed && pr->hidden[last + 2], pr->suppressed && pr->hidden[last + 1] };
	for (int i = 0; i < 4; i++) {
		double x = MARGIN + i * (TEXT_W / 4);
		cairo_set_source_rgb(p.cr, 0.95, 0.96, 0.97);
		cairo_rectangle(p.cr, x, p.y, TEXT_W / 4 - 6, 46);
		cairo_fill(p.cr);
		cairo_set_source_rgb(p.cr, 0.35, 0.35, 0.35);
		pen_text(&p, x + 6, p.y + 4, TEXT_W / 4 - 18, keys[i], 7.5, false, PANGO_ALIGN_LEFT);
		cairo_set_source_rgb(p.cr, 0, 0, 0);
		pen_text(&p, x + 6, p.y + 22, 0, hid[i] ? (vals[i] < SUPPRESS_BELOW ? "<11" : "x") : indian(vals[i], a), 15, true,
			PANGO_ALIGN_LEFT);
	}
	p.y += 56;
	if (pr->suppressed)
		snprintf(line, sizeof line, "Published figures: a count under 11 is shown as <11, and x marks one hidden so that"
			 " a small count cannot be worked out from the totals.");
	else
		snprintf(line, sizeof line, "Districts with victims: %d — %d predominantly source, %d destination, %d transit, %d mixed, "
			 "%d too few to say.", pr->nrows, pr->classes[CLASS_SOURCE], pr->classes[CLASS_DESTINATION],
			 pr->classes[CLASS_TRANSIT], pr->classes[CLASS_MIXED], pr->classes[CLASS_TOO_FEW]);
	pen_para(&p, line, 9.5);

	/* the map and the bars side by side */
	double top = p.y + 6, tile = 26;
	draw_map(&p, pr, MARGIN, top, tile);
	double map_h = 7 * (tile + 2);
	pen_text(&p, MARGIN, top + map_h + 2, 8 * (tile + 2), "States/UTs as tiles placed by geography (not their boundaries); "
		"dots: districts in the order of their names, coloured by class.", 6.5, false, PANGO_ALIGN_LEFT);
	double bx = MARGIN + 8 * (tile + 2) + 12;
	if (!pr->suppressed) {
		pen_text(&p, bx, top, 0, pr->state_lgd ? "Its largest districts (victims in all roles)" : "The largest districts",
			9, true, PANGO_ALIGN_LEFT);
		draw_bars(&p, pr, bx, top + 16, PAGE_W - MARGIN - bx, map_h - 30);
	}
	/* legend */
	double lx = bx;
	for (int k = 1; k <= 3; k++) {
		cairo_set_source_rgb(p.cr, class_rgb[k][0], class_rgb[k][1], class_rgb[k][2]);
		cairo_rectangle(p.cr, lx, top + map_h - 8, 7, 7);
		cairo_fill(p.cr);
		cairo_set_source_rgb(p.cr, 0.2, 0.2, 0.2);
		lx += 10 + pen_text(&p, lx + 9, top + map_h - 10, 0, k == 1 ? "source" : k == 2 ? "transit" : "destination", 7,
				   false, PANGO_ALIGN_LEFT) * 0 + 55;
	}
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.y = top + map_h + 26;

	if (!pr->suppressed) {
		pen_heading(&p, "Victims by month (cases registered here)");
		pen_need(&p, 90);
		draw_line(&p, pr, MARGIN, p.y + 12, TEXT_W, 60);
		p.y += 86;
	}

	pen_heading(&p, pr->state_lgd ? "Its districts" : "The districts with most victims");
	double cols[7] = { MARGIN, MARGIN + 120, MARGIN + 215, MARGIN + 262, MARGIN + 309, MARGIN + 366, MARGIN + 420 };
	const char *head[7] = { "District", "State/UT", "Source", "Transit", "Destination", "Per lakh", "Class" };
	static const char *const short_class[5] = { "Too few", "Source", "Transit", "Destination", "Mixed" };
	pen_row(&p, cols, head, 7, true, 2, 5, 8);
	for (int i = 0; i < pr->nrows && i < ROWS_SHOWN; i++) {
		const struct drow_r *r = &pr->rows[i];
		const struct master_district *md = master_district_at(r->place - 1);
		char rate[32];
		double pl = analysis_per_lakh(r->s + r->t + r->d, md->population);
		snprintf(rate, sizeof rate, pl < 0 || hidden_at(pr, i, 3) ? "–" : "%.2f", pl);
		const uint32_t v[3] = { r->s, r->t, r->d };
		char *out3[3] = { a, bb, c };
		for (int k = 0; k < 3; k++)
			if (hidden_at(pr, i, k))
				snprintf(out3[k], 32, "%s", v[k] < SUPPRESS_BELOW ? "<11" : "x");
			else
				indian(v[k], out3[k]);
		const char *cells[7] = { md->name, master_state_of(md->state_lgd)->name, a, bb, c, rate,
					 hidden_at(pr, i, 3) ? "–" : short_class[r->cls] };
		pen_row(&p, cols, cells, 7, false, 2, 5, 8);
	}
	if (pr->nrows > ROWS_SHOWN) {
		snprintf(line, sizeof line, "… and %d more districts (the XLSX holds them all).", pr->nrows - ROWS_SHOWN);
		pen_para(&p, line, 8);
	}

	if (pr->state_lgd) {
		pen_heading(&p, "Routes into and out of it");
		double rc[3] = { MARGIN, MARGIN + 200, MARGIN + 250 };
		const char *h1[3] = { "From (to here)", "", "Victims" };
		pen_row(&p, rc, h1, 3, true, 2, 2, 8);
		for (int i = 0; i < pr->nin; i++) {
			const char *cells[3] = { node_name(pr->F, pr->in[i].node), "", indian(pr->in[i].n, a) };
			pen_row(&p, rc, cells, 3, false, 2, 2, 8);
		}
		p.y += 6;
		const char *h2[3] = { "To (from here)", "", "Victims" };
		pen_row(&p, rc, h2, 3, true, 2, 2, 8);
		for (int i = 0; i < pr->nout; i++) {
			const char *cells[3] = { node_name(pr->F, pr->out[i].node), "", indian(pr->out[i].n, d) };
			pen_row(&p, rc, cells, 3, false, 2, 2, 8);
		}
	} else {
		pen_heading(&p, "The largest routes between States/UTs and countries");
		double rc[3] = { MARGIN, MARGIN + 200, MARGIN + 400 };
		const char *h[3] = { "From", "To", "Victims" };
		pen_row(&p, rc, h, 3, true, 2, 2, 8);
		int n = 1 + pr->F->nstates + pr->F->ncountries;
		for (int i = 0; i < pr->nout; i++) {
			const char *cells[3] = { node_name(pr->F, pr->out[i].node / n), node_name(pr->F, pr->out[i].node % n),
						 indian(pr->out[i].n, a) };
			pen_row(&p, rc, cells, 3, false, 2, 2, 8);
		}
	}
	pen_heading(&p, "Method");
	pen_para(&p, method_text(pr, line, sizeof line), 8.5);
	return pen_close(&p);
}

/* ---- the XLSX ---- */

static int profile_xlsx(const struct profile *pr, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	char line[1200];

	lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
	worksheet_write_string(ws, 0, 0, pr->title, title);
	worksheet_write_string(ws, 2, 0, "Victims in cases registered here", NULL);
	worksheet_write_number(ws, 2, 1, (double)pr->registered, NULL);
	worksheet_write_string(ws, 3, 0, "Recruited here", NULL);
	worksheet_write_number(ws, 3, 1, (double)pr->recruited, NULL);
	worksheet_write_string(ws, 4, 0, "Exploited here", NULL);
	worksheet_write_number(ws, 4, 1, (double)pr->exploited, NULL);
	worksheet_write_string(ws, 5, 0, "Passages through", NULL);
	worksheet_write_number(ws, 5, 1, (double)pr->passed, NULL);
	for (int c = 0; c < 5; c++) {
		worksheet_write_string(ws, (lxw_row_t)(7 + c), 0, class_label[c], NULL);
		worksheet_write_number(ws, (lxw_row_t)(7 + c), 1, pr->classes[c], NULL);
	}
	worksheet_set_column(ws, 0, 0, 40, NULL);

	ws = workbook_add_worksheet(wb, "Districts");
	const char *head[] = { "District", "District LGD", "State/UT", "Source", "Transit", "Destination", "All roles",
			       "Population (2011)", "Per lakh", "Class" };
	for (int c = 0; c < 10; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], bold);
	for (int i = 0; i < pr->nrows; i++) {
		const struct drow_r *r = &pr->rows[i];
		const struct master_district *md = master_district_at(r->place - 1);
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, md->name, NULL);
		worksheet_write_number(ws, row, 1, md->lgd, NULL);
		worksheet_write_string(ws, row, 2, master_state_of(md->state_lgd)->name, NULL);
		worksheet_write_number(ws, row, 3, r->s, NULL);
		worksheet_write_number(ws, row, 4, r->t, NULL);
		worksheet_write_number(ws, row, 5, r->d, NULL);
		worksheet_write_number(ws, row, 6, r->s + r->t + r->d, NULL);
		if (md->population > 0) {
			worksheet_write_number(ws, row, 7, (double)md->population, NULL);
			worksheet_write_number(ws, row, 8, analysis_per_lakh(r->s + r->t + r->d, md->population), NULL);
		}
		worksheet_write_string(ws, row, 9, class_label[r->cls], NULL);
	}
	worksheet_set_column(ws, 0, 2, 24, NULL);

	ws = workbook_add_worksheet(wb, "Routes");
	worksheet_write_string(ws, 0, 0, "From", bold);
	worksheet_write_string(ws, 0, 1, "To", bold);
	worksheet_write_string(ws, 0, 2, "Victims", bold);
	int row = 1, n = 1 + pr->F->nstates + pr->F->ncountries;
	for (int i = 0; i < pr->nin; i++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, node_name(pr->F, pr->in[i].node), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, pr->place, NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, pr->in[i].n, NULL);
	}
	for (int i = 0; i < pr->nout; i++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, pr->state_lgd ? pr->place : node_name(pr->F, pr->out[i].node / n), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1,
				       node_name(pr->F, pr->state_lgd ? pr->out[i].node : pr->out[i].node % n), NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, pr->out[i].n, NULL);
	}
	worksheet_set_column(ws, 0, 1, 28, NULL);

	ws = workbook_add_worksheet(wb, "Months");
	worksheet_write_string(ws, 0, 0, "Month", bold);
	worksheet_write_string(ws, 0, 1, "Victims (cases registered here)", bold);
	int y0, m0;
	sscanf(pr->from, "%d-%d", &y0, &m0);
	for (int i = 0; i < pr->nmonths; i++) {
		int m = MONTH_OF(y0, m0) + i;
		char month[8];
		snprintf(month, sizeof month, "%04u-%02u", (unsigned)(1990 + m / 12) % 10000, (unsigned)(m % 12 + 1) % 100);
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, month, NULL);
		worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, pr->monthly[i], NULL);
	}

	ws = workbook_add_worksheet(wb, "Method");
	worksheet_write_string(ws, 0, 0, method_text(pr, line, sizeof line), NULL);
	worksheet_set_column(ws, 0, 0, 120, NULL);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* ---- the handlers ---- */

static void report(struct request *r, bool national, bool file_it)
{
	const char *format = request_query(r, "format");
	if (!format || file_it)
		format = "pdf";
	if (strcmp(format, "pdf") != 0 && strcmp(format, "xlsx") != 0) {
		reply_invalid(r, "format", "format is pdf or xlsx.");
		return;
	}
	struct profile pr;
	/* a filed copy goes where viewers read: it carries the published figures only */
	if (!profile_make(r, national, file_it, &pr)) {
		profile_free(&pr);
		return;
	}
	char name[120];
	snprintf(name, sizeof name, "%s-%s.%s", national ? "national-summary" : "state-profile", pr.period, format);
	for (char *c = name; *c; c++)
		if (*c == ' ')
			*c = '-';
	char path[PATH_MAX];
	int rc = -1;
	struct buf b;
	buf_init(&b, 64u * 1024 * 1024);
	if (strcmp(format, "pdf") == 0)
		rc = profile_pdf(&pr, &b);
	if (file_it) {
		json_t *doc = rc == 0 ? docs_publish_generated(r, b.data, b.len, pr.title, "report",
							       national ? "National summaries" : "State profiles", true)
				      : NULL;
		if (rc != 0)
			reply_db_error(r);
		else if (doc)
			reply_json(r, 201, doc);
		buf_free(&b);
		profile_free(&pr);
		return;
	}
	if (registers_tmp_file(path) != 0) {
		buf_free(&b);
		profile_free(&pr);
		reply_db_error(r);
		return;
	}
	if (strcmp(format, "pdf") == 0) {
		FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
		rc = f && fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
		if (f && fclose(f) != 0)
			rc = -1;
	} else {
		rc = profile_xlsx(&pr, path);
	}
	buf_free(&b);
	char id[24];
	snprintf(id, sizeof id, "%d", pr.state_lgd);
	audit_record(r, "report.download", national ? "national" : "state", id, rc == 0 ? "ok" : "failed",
		     json_pack("{s:s, s:s}", "format", format, "period", pr.period));
	profile_free(&pr);
	if (rc != 0) {
		unlink(path);
		reply_db_error(r);
		return;
	}
	registers_reply_file(r, path, strcmp(format, "pdf") == 0 ? "application/pdf"
				   : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

void cases_report_state(struct request *r)
{
	report(r, false, false);
}

void cases_report_national(struct request *r)
{
	report(r, true, false);
}

void cases_report_state_file(struct request *r)
{
	report(r, false, true);
}

void cases_report_national_file(struct request *r)
{
	report(r, true, true);
}
