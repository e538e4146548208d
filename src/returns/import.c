/* Importing returns' values (import.h): read every row (table.c), check
 * each cell against the data sets, the districts and the importer's
 * scope, then check each return's period and status and save all the
 * values in one transaction — or, at the first error, nothing at all.
 * Every error found is counted and the first IMPORT_ERRORS_KEPT are
 * listed with their row, column and reason. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/import.h"
#include "returns/internal.h"
#include "returns/table.h"
#include "util/util.h"

#define VALUE_MAX 1000000000LL          /* as a return's PUT */
#define IMPORT_COMMENT_MAX 1000

/* The columns read, in this order in the header map. */
enum col { C_DATASET, C_PERIOD, C_DISTRICT, C_INDICATOR, C_COMBO, C_VALUE, C_COMMENT, C_COUNT };
static const char *const col_names[C_COUNT] = { "dataset", "period", "district_lgd", "indicator", "combo", "value", "comment" };
/* Columns a template has for people: present, not read, not reported. */
static const char *const people_cols[] = { "state_lgd", "state", "district", "indicator_name", "combo_name", "status", NULL };

/* A data set met in the file. */
struct ids {
	json_t *ds;
	int64_t id;
	enum period_type type;
	const char *name;
	GHashTable *cells;              /* "indicator\tcombo" → cell id */
	GHashTable *indicators;         /* code → "female_below18, …" (its combos, for messages) */
};

/* A value read, 28 bytes: a file of millions takes tens of MB. */
struct val {
	int32_t cell, district, value;
	int32_t row, comment;           /* comment: index in comments, -1 none */
	int16_t ds, period;
	bool fresh;                     /* its return was made by this import */
};

struct imp {
	struct db *db;
	const struct import_opts *o;
	struct import_progress *p;
	struct import_report *rep;
	int col[C_COUNT];               /* column index of each, -1 when absent */
	char letter[C_COUNT][8];
	bool header;
	GPtrArray *dss;                 /* struct ids * */
	GHashTable *ds_by_code;         /* code → index + 1 */
	struct places places;           /* every district's name and State */
	GPtrArray *period_texts;        /* "2026-03" … */
	GArray *periods;                /* struct period, same order */
	GHashTable *period_idx;         /* "dataset\tperiod" → index + 1 */
	struct val *v;
	size_t n, cap;
	GPtrArray *comments;
	GHashTable *comment_idx;        /* comment → index + 1 (keys owned by comments) */
	int failed;                     /* a database error or out of memory */
	/* the last row's data set and period: files come grouped by them */
	char last_code[RULE_CODE_MAX + 1], last_period[48];
	int last_ds, last_pi, last_pds;
	int *rank;                      /* each period's place in time, for sorting */
	const struct table_reader *reader;
};

const char *import_outcome_name(enum import_outcome o)
{
	static const char *const names[] = { "done", "rejected", "failed", "stopped" };
	return o <= IMPORT_STOPPED ? names[o] : "failed";
}

static void ids_free(void *p)
{
	struct ids *d = p;
	json_decref(d->ds);
	g_hash_table_destroy(d->cells);
	g_hash_table_destroy(d->indicators);
	free(d);
}

/* Records an error at row, column c (or none: -1), about value. */
static void error_at(struct imp *m, long row, int c, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void error_at(struct imp *m, long row, int c, const char *value, const char *fmt, ...)
{
	m->rep->error_count++;
	if (json_array_size(m->rep->errors) >= IMPORT_ERRORS_KEPT)
		return;
	char reason[400], cell[24] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	util_utf8_cut(reason);          /* a value quoted in it may have been cut inside a character */
	if (c >= 0 && m->col[c] >= 0)
		snprintf(cell, sizeof cell, "%s%ld", m->letter[c], row);
	char shown[120];
	snprintf(shown, sizeof shown, "%s", value ? value : "");
	/* a value cut inside a character would not be valid UTF-8 */
	const char *end;
	if (!g_utf8_validate(shown, -1, &end))
		shown[end - shown] = '\0';
	json_array_append_new(m->rep->errors, json_pack("{s:I, s:s?, s:s, s:s, s:s}", "row", (json_int_t)row,
		"column", c >= 0 ? col_names[c] : NULL, "cell", cell, "value", shown, "reason", reason));
}

/* ---- what a row says ---- */

static void trim(char *s)
{
	size_t n = strlen(s), k = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	if (k)
		memmove(s, s + k, n - k + 1);
}

/* Whether s is digits grouped by commas as people write them: 1,234,567
 * or 12,34,567 (the last group of three, the others of two or three). */
static bool grouped(const char *s)
{
	const char *c = strchr(s, ',');
	if (!c || c == s || c - s > 3)
		return false;
	for (const char *p = s; p < c; p++)
		if (*p < '0' || *p > '9')
			return false;
	while (c) {
		const char *next = strchr(c + 1, ',');
		size_t len = next ? (size_t)(next - c - 1) : strlen(c + 1);
		if ((next && len != 2 && len != 3) || (!next && len != 3))
			return false;
		for (size_t k = 1; k <= len; k++)
			if (c[k] < '0' || c[k] > '9')
				return false;
		c = next;
	}
	return true;
}

/* A count: "" is blank (-1); digits, grouped by commas ("1,23,456"), or a
 * spreadsheet's number ("12", "12.0", "1.2E1") that is whole.  NULL when
 * it is one, else the reason. */
static const char *count_of(const char *s, long long *out)
{
	if (!*s) {
		*out = -1;
		return NULL;
	}
	char digits[64];
	size_t k = 0;
	if (strlen(s) < sizeof digits && (strspn(s, "0123456789") == strlen(s) || grouped(s))) {
		for (const char *p = s; *p; p++)
			if (*p != ',')
				digits[k++] = *p;
		digits[k] = '\0';
		long long n;
		if (k > 12 || !util_parse_int(digits, 0, VALUE_MAX, &n))
			return "is more than 1,000,000,000, the most one cell takes";
		*out = n;
		return NULL;
	}
	if (strchr(s, ','))
		return "is not a whole number: a comma may only group digits in threes (1,234 or 1,23,456)";
	/* a number as a spreadsheet writes it: digits, a point, an exponent */
	if (strspn(s, "0123456789.eE+-") != strlen(s))
		return "is not a number: write a whole number (an empty cell changes nothing)";
	char *end;
	double d = strtod(s, &end);
	if (end == s || *end || !isfinite(d))
		return "is not a number: write a whole number (an empty cell changes nothing)";
	if (d < 0)
		return "is negative: a count is 0 or more";
	if (fabs(d - nearbyint(d)) > 1e-9)
		return "is not a whole number";
	if (d > (double)VALUE_MAX)
		return "is more than 1,000,000,000, the most one cell takes";
	*out = (long long)nearbyint(d);
	return NULL;
}

/* The data set of that code, loaded once; -1 when none (an error then
 * recorded), -2 on a database error. */
static int ds_index(struct imp *m, const char *code, long row)
{
	if (m->last_ds >= 0 && strcmp(code, m->last_code) == 0)
		return m->last_ds;
	gpointer hit = g_hash_table_lookup(m->ds_by_code, code);
	if (hit) {
		m->last_ds = GPOINTER_TO_INT(hit) - 1;
		snprintf(m->last_code, sizeof m->last_code, "%s", code);
		return m->last_ds;
	}
	json_t *ds = NULL;
	enum db_status st = strlen(code) <= RULE_CODE_MAX ? m->db->ops->dataset_get(m->db, code, &ds) : DB_NOTFOUND;
	if (st == DB_NOTFOUND) {
		error_at(m, row, C_DATASET, code, "There is no data set with this code (the standard ones are aht_monthly and aht_annual).");
		return -1;
	}
	if (st != DB_OK)
		return -2;
	if (m->dss->len >= 1000) {
		json_decref(ds);
		error_at(m, row, C_DATASET, code, "One file may hold at most 1000 data sets.");
		return -1;
	}
	struct ids *d = calloc(1, sizeof *d);
	if (!d) {
		json_decref(ds);
		return -2;
	}
	d->ds = ds;
	d->id = json_integer_value(json_object_get(ds, "id"));
	d->name = json_string_value(json_object_get(ds, "name"));
	period_type_parse(json_string_value(json_object_get(ds, "period_type")), &d->type);
	d->cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	d->indicators = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	size_t i, k, c;
	json_t *sec, *ind, *cell;
	json_array_foreach(json_object_get(ds, "sections"), i, sec) {
		json_array_foreach(json_object_get(sec, "indicators"), k, ind) {
			const char *icode = json_string_value(json_object_get(ind, "code"));
			GString *combos = g_string_new(NULL);
			json_array_foreach(json_object_get(ind, "cells"), c, cell) {
				const char *combo = json_string_value(json_object_get(cell, "combo"));
				g_hash_table_insert(d->cells, g_strdup_printf("%s\t%s", icode, combo),
						    GINT_TO_POINTER((int)json_integer_value(json_object_get(cell, "id"))));
				if (c < 6)
					g_string_append_printf(combos, "%s%s", c ? ", " : "", *combo ? combo : "(empty)");
				else if (c == 6)
					g_string_append(combos, " …");
			}
			g_hash_table_insert(d->indicators, g_strdup(icode), g_string_free(combos, FALSE));
		}
	}
	g_ptr_array_add(m->dss, d);
	g_hash_table_insert(m->ds_by_code, g_strdup(code), GINT_TO_POINTER((int)m->dss->len));
	return (int)m->dss->len - 1;
}

/* An Excel date serial (a monthly period a spreadsheet turned into a
 * date) as "YYYY-MM"; false when s is no such number. */
static bool excel_month(const char *s, bool date1904, char out[PERIOD_TEXT_MAX])
{
	char *end;
	if (!*s || strspn(s, "0123456789.") != strlen(s))
		return false;
	double d = strtod(s, &end);
	if (end == s || *end || !(d >= 20000 && d < 80000))
		return false;
	/* day 0 is 30 December 1899, or 1 January 1904 in a workbook that
	 * counts from 1904 (old Excel for the Mac) */
	GDate *g = date1904 ? g_date_new_dmy(1, G_DATE_JANUARY, 1904) : g_date_new_dmy(30, G_DATE_DECEMBER, 1899);
	g_date_add_days(g, (guint)d);
	snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d", g_date_get_year(g), g_date_get_month(g));
	g_date_free(g);
	return true;
}

/* The period's index, interned per data set by its canonical text (so
 * that "2026-03" and a spreadsheet's date in March 2026 are one period);
 * -1 with an error recorded. */
static int period_index(struct imp *m, int dsi, const char *text, long row)
{
	if (m->last_pi >= 0 && dsi == m->last_pds && strcmp(text, m->last_period) == 0)
		return m->last_pi;
	const struct ids *d = g_ptr_array_index(m->dss, dsi);
	struct period p;
	char serial[PERIOD_TEXT_MAX];
	bool ok = strlen(text) < 40 && (period_parse_as(text, d->type, &p) ||
		  (d->type == PERIOD_MONTHLY && excel_month(text, m->reader && m->reader->date1904, serial) && period_parse_as(serial, d->type, &p)));
	if (!ok) {
		static const char *const forms[] = { "2026-03", "2026Q1", "2026", "2025-26" };
		error_at(m, row, C_PERIOD, text, "A period of %s is written like %s.", d->name, forms[d->type]);
		return -1;
	}
	char canon[PERIOD_TEXT_MAX], key[64];
	period_format(&p, canon);
	snprintf(key, sizeof key, "%d\t%s", dsi, canon);
	gpointer hit = g_hash_table_lookup(m->period_idx, key);
	int pi;
	if (hit) {
		pi = GPOINTER_TO_INT(hit) - 1;
	} else {
		if (m->periods->len >= 30000) {
			error_at(m, row, C_PERIOD, text, "One file may hold at most 30000 periods.");
			return -1;
		}
		g_array_append_val(m->periods, p);
		g_ptr_array_add(m->period_texts, g_strdup(canon));
		pi = (int)m->periods->len - 1;
		g_hash_table_insert(m->period_idx, g_strdup(key), GINT_TO_POINTER(pi + 1));
	}
	if (strlen(text) < sizeof m->last_period) {
		m->last_pi = pi;
		m->last_pds = dsi;
		snprintf(m->last_period, sizeof m->last_period, "%s", text);
	} else {
		m->last_pi = -1;
	}
	return pi;
}

static const char *scope_words(const struct scope *s)
{
	return s->level == SCOPE_DISTRICT ? "your district's" : "your State's districts'";
}

/* The header: which column is which.  False when a needed one is missing
 * (the file is then refused as a whole). */
static bool read_header(struct imp *m, long row, int n, char **cells)
{
	for (int c = 0; c < C_COUNT; c++)
		m->col[c] = -1;
	for (int i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s", cells[i]);
		util_utf8_cut(name);
		trim(name);
		for (char *q = name; *q; q++)
			*q = *q == ' ' ? '_' : (char)g_ascii_tolower(*q);
		if (!*name)
			continue;
		int c;
		for (c = 0; c < C_COUNT && strcmp(col_names[c], name) != 0; c++)
			;
		if (c < C_COUNT) {
			if (m->col[c] >= 0) {
				snprintf(m->rep->message, sizeof m->rep->message,
					 "The header (row %ld) has the column %s twice.", row, name);
				return false;
			}
			m->col[c] = i;
			table_column_name(i, m->letter[c]);
			continue;
		}
		bool known = false;
		for (int j = 0; people_cols[j]; j++)
			known |= strcmp(people_cols[j], name) == 0;
		if (!known)
			json_array_append_new(m->rep->ignored, json_string(name));
	}
	char missing[200] = "";
	for (int c = 0; c < C_COUNT; c++)
		if (m->col[c] < 0 && c != C_COMMENT)
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s", *missing ? ", " : "",
				 col_names[c]);
	if (*missing) {
		snprintf(m->rep->message, sizeof m->rep->message,
			 "The header (row %ld) lacks the column%s %s: start from the template, whose first row names them.", row,
			 strchr(missing, ',') ? "s" : "", missing);
		return false;
	}
	return true;
}

static const char *cell_of(struct imp *m, int n, char **cells, enum col c)
{
	int i = m->col[c];
	if (i < 0 || i >= n)
		return "";
	trim(cells[i]);
	return cells[i];
}

static int on_row(void *ctx, long row, int n, char **cells)
{
	struct imp *m = ctx;
	if (atomic_load(&m->p->stop))
		return 2;
	if (!m->header) {
		m->header = true;
		return read_header(m, row, n, cells) ? 0 : 1;
	}
	long max = m->o->max_rows > 0 && m->o->max_rows < IMPORT_ROWS_MAX ? m->o->max_rows : IMPORT_ROWS_MAX;
	if (++m->rep->rows > max) {
		snprintf(m->rep->message, sizeof m->rep->message,
			 "The file has more than %ld rows: split it by district or by year.", max);
		return 1;
	}
	long before = m->rep->error_count;
	const char *code = cell_of(m, n, cells, C_DATASET), *ptext = cell_of(m, n, cells, C_PERIOD),
		   *dtext = cell_of(m, n, cells, C_DISTRICT), *ind = cell_of(m, n, cells, C_INDICATOR),
		   *combo = cell_of(m, n, cells, C_COMBO), *vtext = cell_of(m, n, cells, C_VALUE),
		   *comment = cell_of(m, n, cells, C_COMMENT);
	int dsi = -1, pi = -1;
	if (!*code)
		error_at(m, row, C_DATASET, code, "The data set's code is missing.");
	else if ((dsi = ds_index(m, code, row)) == -2)
		return m->failed = -1;
	if (dsi >= 0 && (pi = period_index(m, dsi, ptext, row)) < 0)
		pi = -1;
	long long district;
	int state = 0;
	if (!util_parse_int(dtext, 1, 999999, &district))
		error_at(m, row, C_DISTRICT, dtext, "A district is named by its LGD code, a whole number.");
	else if (!(state = GPOINTER_TO_INT(g_hash_table_lookup(m->places.state_of, GINT_TO_POINTER((int)district)))))
		error_at(m, row, C_DISTRICT, dtext, "No district has the LGD code %lld.", district);
	else if ((m->o->scope.level == SCOPE_STATE && state != m->o->scope.state_lgd) ||
		 (m->o->scope.level == SCOPE_DISTRICT && district != m->o->scope.district_lgd))
		error_at(m, row, C_DISTRICT, dtext, "%s is not among %s: you may import only %s returns.",
			 (const char *)g_hash_table_lookup(m->places.districts, GINT_TO_POINTER((int)district)),
			 scope_words(&m->o->scope), scope_words(&m->o->scope));
	int cell = 0;
	if (dsi >= 0) {
		const struct ids *d = g_ptr_array_index(m->dss, dsi);
		char key[2 * TABLE_CELL_MAX + 2];
		size_t il = strlen(ind), cl = strlen(combo);
		memcpy(key, ind, il);
		key[il] = '\t';
		memcpy(key + il + 1, combo, cl + 1);
		cell = GPOINTER_TO_INT(g_hash_table_lookup(d->cells, key));
		if (!cell) {
			const char *combos = g_hash_table_lookup(d->indicators, ind);
			if (!*ind)
				error_at(m, row, C_INDICATOR, ind, "The indicator's code is missing.");
			else if (!combos)
				error_at(m, row, C_INDICATOR, ind, "%s has no indicator with this code.", d->name);
			else if (!*combos || strcmp(combos, "(empty)") == 0)
				error_at(m, row, C_COMBO, combo, "The indicator %s has no categories: leave combo empty.", ind);
			else
				error_at(m, row, C_COMBO, combo, "The indicator %s has no category \"%s\"; its categories are %s.",
					 ind, combo, combos);
		}
	}
	long long value = -1;
	const char *why = count_of(vtext, &value);
	if (why)
		error_at(m, row, C_VALUE, vtext, "The value \"%s\" %s.", vtext, why);
	if (strlen(comment) > IMPORT_COMMENT_MAX)
		error_at(m, row, C_COMMENT, comment, "A comment is at most %d bytes.", IMPORT_COMMENT_MAX);
	else if (*comment && value < 0 && !why)
		error_at(m, row, C_COMMENT, comment, "A comment goes with a value: this row's value is empty.");
	if (m->rep->error_count != before)
		return 0;
	if (value < 0) {                /* an empty cell changes nothing */
		m->rep->blanks++;
		return 0;
	}
	/* a comment transfer.c guarded against spreadsheets' formulas, as it
	 * guards them: a ' before =, +, -, @, tab or CR, unless a plain number */
	if (comment[0] == '\'' && comment[1] && strchr("=+-@\t\r", comment[1]) && !util_plain_number(comment + 1))
		comment++;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096;
		struct val *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return m->failed = -1;
		m->v = v;
		m->cap = cap;
	}
	int ci = -1;
	if (*comment) {
		/* each distinct comment once: a file may repeat one on every row */
		gpointer hit = g_hash_table_lookup(m->comment_idx, comment);
		if (hit) {
			ci = GPOINTER_TO_INT(hit) - 1;
		} else {
			char *copy = g_strdup(comment);
			g_ptr_array_add(m->comments, copy);
			ci = (int)m->comments->len - 1;
			g_hash_table_insert(m->comment_idx, copy, GINT_TO_POINTER(ci + 1));
		}
	}
	m->v[m->n++] = (struct val){ .cell = cell, .district = (int32_t)district, .value = (int32_t)value,
				     .row = (int32_t)row, .comment = ci, .ds = (int16_t)dsi, .period = (int16_t)pi };
	return 0;
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct imp *m = ctx;
	atomic_store(&m->p->total, total);
	atomic_store(&m->p->done, done);
}

/* ---- a return's values together ---- */

/* In the order of the stored values' keys (data set, district, period,
 * cell), so that saving them appends to the b-trees instead of writing all
 * over them; periods in time.  qsort has no context: the periods' ranks
 * of the import being sorted. */
static _Thread_local const int *sort_rank;

static int val_cmp(const void *a, const void *b)
{
	const struct val *x = a, *y = b;
	if (x->ds != y->ds)
		return x->ds - y->ds;
	if (x->district != y->district)
		return x->district < y->district ? -1 : 1;
	if (x->period != y->period)
		return sort_rank[x->period] - sort_rank[y->period];
	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
	return x->row - y->row;
}

static bool same_return(const struct val *x, const struct val *y)
{
	return x->ds == y->ds && x->period == y->period && x->district == y->district;
}

static _Thread_local GArray *rank_periods;

static int period_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	int c = period_compare(&g_array_index(rank_periods, struct period, x), &g_array_index(rank_periods, struct period, y));
	return c ? c : x - y;
}

static void sort_values(struct imp *m)
{
	/* the periods in time order (a data set's are of one type; across
	 * data sets the order does not matter, as long as it is fixed) */
	guint np = m->periods->len;
	int *order = malloc((np ? np : 1) * sizeof *order);
	m->rank = malloc((np ? np : 1) * sizeof *m->rank);
	if (!order || !m->rank) {
		free(order);
		m->failed = -1;
		return;
	}
	for (guint i = 0; i < np; i++)
		order[i] = (int)i;
	rank_periods = m->periods;
	qsort(order, np, sizeof *order, period_cmp);
	for (guint i = 0; i < np; i++)
		m->rank[order[i]] = (int)i;
	free(order);
	sort_rank = m->rank;
	for (size_t i = 1; i < m->n; i++)
		if (val_cmp(&m->v[i - 1], &m->v[i]) > 0) {
			qsort(m->v, m->n, sizeof *m->v, val_cmp);
			return;
		}
}

static const char *district_name(struct imp *m, int lgd)
{
	const char *s = g_hash_table_lookup(m->places.districts, GINT_TO_POINTER(lgd));
	return s ? s : "?";
}

/* The checks that need the whole file: a cell given twice, and (for the
 * API) each return's period open for entry. */
#define SKIP (-2)                       /* a value of a return the file leaves as it is */

static size_t group_end(const struct imp *m, size_t i)
{
	size_t j = i + 1;
	while (j < m->n && same_return(&m->v[i], &m->v[j]))
		j++;
	return j;
}

/* Whether the rows i..j (one return's) give what is stored already: a
 * template downloaded with the values of returns since submitted or
 * locked can come back unchanged.  1 yes, 0 no, -1 on a database error. */
static int unchanged(struct imp *m, size_t i, size_t j)
{
	const struct val *v = &m->v[i];
	const struct ids *d = g_ptr_array_index(m->dss, v->ds);
	GString *ids = g_string_new("[");
	for (size_t k = i; k < j; k++)
		g_string_append_printf(ids, "%s%d", k > i ? "," : "", m->v[k].cell);
	g_string_append_c(ids, ']');
	json_t *ret = NULL;
	enum db_status st = m->db->ops->return_get(m->db, d->id, g_ptr_array_index(m->period_texts, v->period), v->district,
						   ids->str, &ret);
	g_string_free(ids, TRUE);
	if (st != DB_OK)
		return -1;
	const json_t *values = json_object_get(ret, "values"), *comments = json_object_get(ret, "comments");
	int same = 1;
	for (size_t k = i; k < j && same; k++) {
		char key[16];
		snprintf(key, sizeof key, "%d", m->v[k].cell);
		const json_t *now = json_object_get(values, key);
		if (!json_is_integer(now) || json_integer_value(now) != m->v[k].value)
			same = 0;
		else if (m->v[k].comment >= 0 &&
			 g_strcmp0(json_string_value(json_object_get(comments, key)), g_ptr_array_index(m->comments, m->v[k].comment)))
			same = 0;
	}
	json_decref(ret);
	return same;
}

/* Leaves the rows i..j out of the save. */
static void skip(struct imp *m, size_t i, size_t j)
{
	for (size_t k = i; k < j; k++)
		m->v[k].value = SKIP;
	m->rep->unchanged += (long)(j - i);
}

static int check_returns(struct imp *m)
{
	for (size_t i = 1; i < m->n; i++)
		if (same_return(&m->v[i - 1], &m->v[i]) && m->v[i - 1].cell == m->v[i].cell)
			error_at(m, m->v[i].row, C_VALUE, "", "This row gives again the cell of row %d (%s, %s).", m->v[i - 1].row,
				 district_name(m, m->v[i].district), (char *)g_ptr_array_index(m->period_texts, m->v[i].period));
	if (!m->o->check_locks)
		return 0;
	for (size_t i = 0, j; i < m->n; i = j) {
		j = group_end(m, i);
		const struct val *v = &m->v[i];
		const struct ids *d = g_ptr_array_index(m->dss, v->ds);
		const struct period *p = &g_array_index(m->periods, struct period, v->period);
		const char *ptext = g_ptr_array_index(m->period_texts, v->period);
		struct lock l;
		if (returns_lock(m->db, d->ds, p, v->district, &l) != DB_OK)
			return -1;
		if (l.started && !l.locked)
			continue;
		int same = unchanged(m, i, j);
		if (same < 0)
			return -1;
		if (same)
			skip(m, i, j);
		else if (!l.started)
			error_at(m, v->row, C_PERIOD, ptext, "The period %s begins on %s: its return can be entered from then.",
				 ptext, l.first);
		else if (l.locked)
			error_at(m, v->row, C_PERIOD, ptext,
				 "Entry for %s closed after %s (%s). Ask the Cell to reopen it for this district.", ptext, l.lock,
				 district_name(m, v->district));
	}
	return 0;
}

#define BULK_CHUNK 131072              /* values a bulk statement takes */

static struct db_return_key key_of(struct imp *m, const struct val *v)
{
	const struct ids *d = g_ptr_array_index(m->dss, v->ds);
	return (struct db_return_key){ d->id, g_ptr_array_index(m->period_texts, v->period), v->district,
				       GPOINTER_TO_INT(g_hash_table_lookup(m->places.state_of, GINT_TO_POINTER(v->district))) };
}

/* Saves every return's values in one transaction: first each return is
 * made (a draft) or found, and must be open to change; then the values go
 * in by chunks.  Errors (a return not open to change) are recorded and
 * nothing is kept.  0 when done or refused, 1 when stopped, -1 on a
 * database error. */
static int save(struct imp *m)
{
	struct db *db = m->db;
	int64_t now = util_now_ms();
	atomic_store(&m->p->phase, IMPORT_SAVING);
	atomic_store(&m->p->total, m->n);
	atomic_store(&m->p->done, 0);
	/* about 160 bytes of pages a value (its row, its index entry, its
	 * history and that one's index), at least 64 MB, at most 1 GB */
	size_t mb = m->n / 6000 + 64;
	db->ops->bulk_cache(db, (int)(mb > 1024 ? 1024 : mb));
	struct db_bulk_value *chunk = malloc(BULK_CHUNK * sizeof *chunk);
	GHashTable *districts = g_hash_table_new(NULL, NULL);
	int rc = -1;
	if (!chunk || db->ops->begin_write(db) != DB_OK)
		goto out;
	for (size_t i = 0, j; i < m->n; i = j) {
		j = group_end(m, i);
		if (m->v[i].value == SKIP)
			continue;
		struct db_return_key key = key_of(m, &m->v[i]);
		char status[16] = "";
		bool created = false;
		enum db_status st = db->ops->return_open(db, &key, now, status, &created);
		int same = 0;
		if (st == DB_OK && !returns_is_editable(status) && (same = unchanged(m, i, j)) > 0) {
			skip(m, i, j);
			continue;
		}
		if (same < 0)
			goto rollback;
		if (st == DB_OK && !returns_is_editable(status))
			error_at(m, m->v[i].row, C_PERIOD, key.period,
				 "The return of %s for %s is %s: it can be changed only while it is a draft or returned.",
				 district_name(m, m->v[i].district), key.period, status);
		else if (st != DB_OK)
			goto rollback;
		m->rep->returns++;
		g_hash_table_add(districts, GINT_TO_POINTER(m->v[i].district));
		for (size_t k = i; created && k < j; k++)
			m->v[k].fresh = true;
	}
	if (m->rep->error_count) {
		rc = 0;
		goto rollback;
	}
	for (size_t i = 0; i < m->n;) {
		if (atomic_load(&m->p->stop)) {
			rc = 1;
			goto rollback;
		}
		size_t k = 0;
		for (; i < m->n && k < BULK_CHUNK; i++) {
			const struct val *x = &m->v[i];
			if (x->value == SKIP)
				continue;
			struct db_return_key key = key_of(m, x);
			chunk[k] = (struct db_bulk_value){ key.dataset_id, key.period, x->district, key.state_lgd, x->cell, x->value,
							   x->comment >= 0 ? g_ptr_array_index(m->comments, x->comment) : NULL, x->fresh };
			k++;
		}
		if (k && db->ops->values_bulk(db, chunk, k, now, m->o->user_id) != DB_OK)
			goto rollback;
		atomic_store(&m->p->done, i);
	}
	if (m->o->accept) {
		static const char *const any_open[] = { "draft", "returned", "submitted", "approved", NULL };
		char comment[400];
		snprintf(comment, sizeof comment, "Loaded from %s on the command line.", m->o->source ? m->o->source : "a file");
		for (size_t i = 0; i < m->n; i++) {
			if ((i && same_return(&m->v[i - 1], &m->v[i])) || m->v[i].value == SKIP)
				continue;
			struct db_return_key key = key_of(m, &m->v[i]);
			char status[16];
			enum db_status st = db->ops->return_step(db, &key, "accept", any_open, "accepted", comment, now,
								 m->o->user_id, status);
			if (st != DB_OK && st != DB_CONFLICT)
				goto rollback;
		}
	}
	m->rep->districts = g_hash_table_size(districts);
	m->rep->values = (long)m->n - m->rep->unchanged;
	m->rep->outcome = IMPORT_DONE;
	if (m->o->before_commit && m->o->before_commit(db, m->rep, m->o->ctx) != DB_OK)
		goto rollback;
	if (db->ops->commit(db) != DB_OK)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	db->ops->rollback(db);
out:
	db->ops->bulk_cache(db, 0);
	free(chunk);
	g_hash_table_destroy(districts);
	return rc;
}

void returns_import(struct db *db, const char *data, size_t len, const struct import_opts *o,
		    struct import_progress *p, struct import_report *rep)
{
	struct import_progress own = { 0 };
	if (!p)
		p = &own;
	memset(rep, 0, sizeof *rep);
	rep->errors = json_array();
	rep->ignored = json_array();
	struct imp m = { .db = db, .o = o, .p = p, .rep = rep, .last_ds = -1, .last_pi = -1 };
	m.dss = g_ptr_array_new_with_free_func(ids_free);
	m.ds_by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	m.period_texts = g_ptr_array_new_with_free_func(g_free);
	m.periods = g_array_new(FALSE, FALSE, sizeof(struct period));
	m.period_idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	m.comments = g_ptr_array_new_with_free_func(g_free);
	m.comment_idx = g_hash_table_new(g_str_hash, g_str_equal);
	enum table_format f;
	struct table_reader r = { .row = on_row, .progress = on_progress, .ctx = &m };
	m.reader = &r;
	int rc;
	atomic_store(&p->phase, IMPORT_READING);
	if (table_detect(data, len, &f, r.why) != 0) {
		snprintf(rep->message, sizeof rep->message, "%s", r.why);
		rep->outcome = IMPORT_REJECTED;
		goto out;
	}
	if (!returns_places_load(db, 0, &m.places)) {
		rep->outcome = IMPORT_FAILED;
		goto out;
	}
	int64_t t0 = util_mono_ms();
	rc = table_read(f, data, len, &r);
	rep->read_ms = util_mono_ms() - t0;
	if (m.failed) {
		rep->outcome = IMPORT_FAILED;
		goto out;
	}
	if (rc == 2) {
		rep->outcome = IMPORT_STOPPED;
		goto out;
	}
	if (rc == -1) {
		snprintf(rep->message, sizeof rep->message, "%s", r.why);
	} else if (rc == 0 && !m.header) {
		snprintf(rep->message, sizeof rep->message, "The file has no rows: start from the template.");
	} else if (rc == 0 && m.n == 0 && !rep->error_count) {
		snprintf(rep->message, sizeof rep->message, rep->rows ? "Every value in the file is empty: nothing to import."
								      : "The file has a header but no rows under it.");
	}
	if (rc != 0 || rep->message[0]) {
		rep->outcome = IMPORT_REJECTED;
		goto out;
	}
	atomic_store(&p->phase, IMPORT_CHECKING);
	t0 = util_mono_ms();
	sort_values(&m);
	if (m.failed || check_returns(&m) != 0) {
		rep->outcome = IMPORT_FAILED;
		goto out;
	}
	rep->values = (long)m.n;            /* less those left unchanged, after the save */
	rep->periods = m.periods->len;
	if (rep->error_count) {
		rep->outcome = IMPORT_REJECTED;
		goto out;
	}
	rep->check_ms = util_mono_ms() - t0;
	t0 = util_mono_ms();
	rc = save(&m);
	rep->save_ms = util_mono_ms() - t0;
	rep->outcome = rc < 0 ? IMPORT_FAILED : rc > 0 ? IMPORT_STOPPED : rep->error_count ? IMPORT_REJECTED : IMPORT_DONE;
	if (rep->outcome != IMPORT_DONE)
		rep->returns = rep->districts = 0;
out:
	if (rep->outcome == IMPORT_FAILED && !rep->message[0])
		snprintf(rep->message, sizeof rep->message, "The database could not take the import; nothing was saved. Try again.");
	if (rep->outcome == IMPORT_STOPPED)
		snprintf(rep->message, sizeof rep->message, "The import was stopped; nothing was saved.");
	if (rep->outcome == IMPORT_REJECTED && !rep->message[0])
		snprintf(rep->message, sizeof rep->message, "%ld error%s: nothing was imported. Correct the rows listed and upload the file again.",
			 rep->error_count, rep->error_count == 1 ? "" : "s");
	atomic_store(&p->phase, IMPORT_FINISHED);
	free(m.v);
	free(m.rank);
	g_ptr_array_free(m.dss, TRUE);
	g_hash_table_destroy(m.ds_by_code);
	returns_places_free(&m.places);
	g_ptr_array_free(m.period_texts, TRUE);
	g_array_free(m.periods, TRUE);
	g_hash_table_destroy(m.period_idx);
	g_hash_table_destroy(m.comment_idx);
	g_ptr_array_free(m.comments, TRUE);
}

void import_report_clear(struct import_report *rep)
{
	json_decref(rep->errors);
	json_decref(rep->ignored);
	rep->errors = rep->ignored = NULL;
}

json_t *import_report_json(const struct import_report *rep)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:s, s:{s:I, s:I, s:I}}", "outcome",
			 import_outcome_name(rep->outcome), "rows", (json_int_t)rep->rows, "values", (json_int_t)rep->values,
			 "unchanged", (json_int_t)rep->unchanged,
			 "blanks", (json_int_t)rep->blanks, "returns", (json_int_t)rep->returns, "districts",
			 (json_int_t)rep->districts, "periods", (json_int_t)rep->periods, "error_count",
			 (json_int_t)rep->error_count, "errors", rep->errors ? rep->errors : json_array(), "ignored_columns",
			 rep->ignored ? rep->ignored : json_array(), "message", rep->message, "ms", "read",
			 (json_int_t)rep->read_ms, "check", (json_int_t)rep->check_ms, "save", (json_int_t)rep->save_ms);
}
