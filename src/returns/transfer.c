/* Exporting returns' values, and the template to fill offline (import.h):
 * the same columns either way, as CSV (streamed to a file) or XLSX
 * (libxlsxwriter in constant-memory mode, so a big export holds one row
 * at a time), or as JSON rows for the API. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "returns/import.h"
#include "returns/internal.h"
#include "returns/transfer.h"
#include "util/util.h"

#define XLSX_ROWS_MAX 1048575L          /* a sheet's rows under its header */

static const char *const headers[] = { "dataset", "period", "state_lgd", "state", "district_lgd", "district",
				       "indicator", "indicator_name", "combo", "combo_name", "value", "comment",
				       "status" };
enum { NCOLS = sizeof headers / sizeof headers[0] };
static const double widths[NCOLS] = { 12, 9, 9, 22, 11, 22, 22, 36, 20, 30, 9, 30, 10 };

struct cellname {
	const char *indicator, *indicator_name;
	char *combo, *combo_name;
};

struct out {
	const struct export_q *q;
	const char *code;
	struct places places;           /* the names of States and districts */
	GHashTable *cells;              /* id → struct cellname * */
	FILE *csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *text, *count;
	json_t *items;
	long rows, max_rows;
	bool too_many;
};

static void cellname_free(void *p)
{
	struct cellname *c = p;
	g_free(c->combo);
	g_free(c->combo_name);
	g_free(c);
}

/* The cells of ds (or of its indicator only) in the form's order: their
 * names into o->cells, their ids into a JSON array (*ids). */
static bool name_cells(struct out *o, const json_t *ds, const char *indicator, json_t **ids)
{
	*ids = json_array();
	size_t i, k, c;
	json_t *sec, *ind, *cell;
	json_array_foreach(json_object_get(ds, "sections"), i, sec) {
		json_array_foreach(json_object_get(sec, "indicators"), k, ind) {
			const char *code = json_string_value(json_object_get(ind, "code"));
			const json_t *cats = json_object_get(json_object_get(ind, "disaggregation"), "categories");
			json_array_foreach(json_object_get(ind, "cells"), c, cell) {
				struct cellname *n = g_new0(struct cellname, 1);
				char label[512];
				const char *combo = json_string_value(json_object_get(cell, "combo"));
				returns_combo_label(cats, combo, label, sizeof label);
				n->indicator = code;
				n->indicator_name = json_string_value(json_object_get(ind, "name"));
				n->combo = g_strdup(combo);
				n->combo_name = g_strdup(label);
				int64_t id = json_integer_value(json_object_get(cell, "id"));
				g_hash_table_insert(o->cells, GINT_TO_POINTER((int)id), n);
				if (!indicator || strcmp(indicator, code) == 0)
					json_array_append(*ids, json_object_get(cell, "id"));
			}
		}
	}
	return true;
}

/* A CSV field: quoted when it must be, and a text a spreadsheet would run
 * as a formula (=, +, -, @ first) guarded by a ' in front. */
static void csv_put(FILE *f, const char *s, bool text, bool last)
{
	bool guard = text && s[0] && strchr("=+-@\t\r", s[0]) && !util_plain_number(s);
	if (guard || strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		if (guard)
			fputc('\'', f);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static int on_value(void *ctx, const struct db_value_row *row)
{
	struct out *o = ctx;
	if (o->rows >= o->max_rows) {
		o->too_many = true;
		return 1;
	}
	const struct cellname *n = g_hash_table_lookup(o->cells, GINT_TO_POINTER((int)row->cell_id));
	const char *state = g_hash_table_lookup(o->places.states, GINT_TO_POINTER(row->state_lgd));
	const char *district = g_hash_table_lookup(o->places.districts, GINT_TO_POINTER(row->district_lgd));
	char slgd[16], dlgd[16], value[24];
	snprintf(slgd, sizeof slgd, "%d", row->state_lgd);
	snprintf(dlgd, sizeof dlgd, "%d", row->district_lgd);
	snprintf(value, sizeof value, "%lld", row->value);
	const char *cols[NCOLS] = { o->code, row->period, slgd, state ? state : "", dlgd, district ? district : "",
				    n ? n->indicator : "", n ? n->indicator_name : "", n ? n->combo : "",
				    n ? n->combo_name : "", row->blank ? "" : value, row->comment ? row->comment : "",
				    row->status ? row->status : "" };
	o->rows++;
	if (o->csv) {
		for (int i = 0; i < NCOLS; i++)
			csv_put(o->csv, cols[i], i != 2 && i != 4 && i != 10, i == NCOLS - 1);
		return ferror(o->csv) ? -1 : 0;
	}
	if (o->ws) {
		lxw_row_t r = (lxw_row_t)o->rows;
		for (int i = 0; i < NCOLS; i++) {
			if (i == 2 || i == 4)
				worksheet_write_number(o->ws, r, (lxw_col_t)i, i == 2 ? row->state_lgd : row->district_lgd, NULL);
			else if (i == 10 && !row->blank)
				worksheet_write_number(o->ws, r, (lxw_col_t)i, (double)row->value, o->count);
			else if (i == 10)
				worksheet_write_blank(o->ws, r, (lxw_col_t)i, o->count);
			else if (*cols[i] || i == 11)
				worksheet_write_string(o->ws, r, (lxw_col_t)i, cols[i], i == 11 ? o->text : NULL);
		}
		return 0;
	}
	json_array_append_new(o->items, json_pack("{s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:s?, s:s}",
		"dataset", o->code, "period", row->period, "state_lgd", row->state_lgd, "state", cols[3],
		"district_lgd", row->district_lgd, "district", cols[5], "indicator", cols[6], "indicator_name", cols[7],
		"combo", cols[8], "combo_name", cols[9], "value", row->blank ? json_null() : json_integer(row->value),
		"comment", row->comment, "status", cols[12]));
	return 0;
}

/* The template's second sheet: how to fill it. */
static void read_me(lxw_workbook *wb, const struct export_q *q, const char *title, lxw_format *head)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Read me");
	worksheet_set_column(ws, 0, 0, 110, NULL);
	const char *lines[] = {
		title,
		"",
		"Fill the value column of the sheet Values, one cell of a district's return a row.",
		"Write 0 when there was none. An empty value cell changes nothing: what is stored stays as it is.",
		"(To make a stored value blank again, clear it in the return's grid.)",
		"Values are whole numbers, 0 or more. A comment may explain an unusual value.",
		"Do not change the columns dataset, period, district_lgd, indicator and combo: they say which cell a row fills.",
		"The columns with names (state, district, indicator_name, combo_name) and status are for reading only.",
		"Upload the file on the Import page (or with: ahtcell import returns FILE). Every row is checked first:",
		"if any row is wrong, nothing is imported and the report lists each wrong cell by row and column.",
		"A return that is submitted, approved or accepted cannot be changed by an import.",
		q->template ? "Rows: every district in the template's scope, every cell of the return, in the form's order." : "",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i], i == 0 ? head : NULL);
}

int returns_export(struct db *db, const struct export_q *q, enum export_format f, const char *path, FILE *stream,
		   json_t **items, long max_rows, long *rows, char why[200])
{
	struct out o = { .q = q, .max_rows = max_rows > 0 ? max_rows : LONG_MAX };
	o.code = json_string_value(json_object_get(q->ds, "code"));
	o.cells = g_hash_table_new_full(NULL, NULL, NULL, cellname_free);
	json_t *ids = NULL;
	char *ids_text = NULL;
	int rc = -1;
	why[0] = '\0';
	name_cells(&o, q->ds, q->indicator, &ids);
	if (!returns_places_load(db, q->state, &o.places)) {
		snprintf(why, 200, "the names of the States and districts could not be read");
		goto out;
	}
	char from[PERIOD_TEXT_MAX], to[PERIOD_TEXT_MAX];
	period_format(&q->from, from);
	period_format(&q->to, to);
	if (q->template || q->indicator)
		ids_text = json_dumps(ids, JSON_COMPACT);
	if (f == EXPORT_XLSX && o.max_rows > XLSX_ROWS_MAX)
		o.max_rows = XLSX_ROWS_MAX;
	if (f == EXPORT_CSV) {
		o.csv = stream ? stream : fopen(path, "we");
		if (!o.csv) {
			snprintf(why, 200, "cannot write %s", path);
			goto out;
		}
		fputs("\xEF\xBB\xBF", o.csv);   /* so that Excel reads it as UTF-8 */
		for (int i = 0; i < NCOLS; i++)
			csv_put(o.csv, headers[i], false, i == NCOLS - 1);
	} else if (f == EXPORT_XLSX) {
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
		o.wb = workbook_new_opt(path, &opt);
		if (!o.wb) {
			snprintf(why, 200, "cannot write %s", path);
			goto out;
		}
		o.ws = workbook_add_worksheet(o.wb, "Values");
		o.head = workbook_add_format(o.wb);
		format_set_bold(o.head);
		format_set_bg_color(o.head, 0xE8EEF4);
		o.text = workbook_add_format(o.wb);
		format_set_num_format(o.text, "@");
		o.count = workbook_add_format(o.wb);
		format_set_num_format(o.count, "0");
		format_set_bg_color(o.count, 0xFFF8DC);
		for (int i = 0; i < NCOLS; i++) {
			worksheet_set_column(o.ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], i == 1 ? o.text : NULL);
			worksheet_write_string(o.ws, 0, (lxw_col_t)i, headers[i], o.head);
		}
		worksheet_freeze_panes(o.ws, 1, 0);
	} else {
		o.items = json_array();
	}
	struct db_values_query dq = { json_integer_value(json_object_get(q->ds, "id")), from, to, q->state, q->district,
				      ids_text, q->template };
	enum db_status st = db->ops->values_export(db, &dq, on_value, &o);
	if (st == DB_CONFLICT && o.too_many) {
		snprintf(why, 200, f == EXPORT_XLSX ? "more than %ld rows: a sheet holds no more; export as CSV or narrow it"
			 : "more than %ld rows: narrow the periods or the States, or use ahtcell export returns", o.max_rows);
		rc = 1;
	} else if (st != DB_OK) {
		snprintf(why, 200, "the values could not be read");
	} else {
		rc = 0;
	}
	if (o.ws) {
		if (o.rows) {
			worksheet_autofilter(o.ws, 0, 0, (lxw_row_t)o.rows, NCOLS - 1);
			lxw_data_validation dv = { .validate = LXW_VALIDATION_TYPE_INTEGER,
						   .criteria = LXW_VALIDATION_CRITERIA_BETWEEN, .minimum_number = 0,
						   .maximum_number = 1000000000, .show_error = LXW_VALIDATION_ON,
						   .error_title = "A count", .error_message = "A whole number from 0, or empty for blank." };
			worksheet_data_validation_range(o.ws, 1, 10, (lxw_row_t)o.rows, 10, &dv);
		}
		char title[300];
		snprintf(title, sizeof title, "%s, %s%s%s", json_string_value(json_object_get(q->ds, "name")), from,
			 strcmp(from, to) ? " to " : "", strcmp(from, to) ? to : "");
		read_me(o.wb, q, title, o.head);
	}
out:
	if (o.wb && workbook_close(o.wb) != LXW_NO_ERROR && rc == 0) {
		snprintf(why, 200, "the workbook could not be written");
		rc = -1;
	}
	if (o.csv && !stream && fclose(o.csv) != 0 && rc == 0) {
		snprintf(why, 200, "the file could not be written");
		rc = -1;
	}
	if (items)
		*items = o.items;
	else
		json_decref(o.items);
	*rows = o.rows;
	json_decref(ids);
	free(ids_text);
	returns_places_free(&o.places);
	g_hash_table_destroy(o.cells);
	return rc;
}
