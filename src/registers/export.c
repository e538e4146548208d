/* A list as a file: CSV (libcsv quoting), XLSX (libxlsxwriter) and a
 * printed PDF (cairo + pango), the way the Cell publishes its lists: a
 * title, the date it was made, numbered rows, numbered pages.  Every
 * register's list and every workflow's table goes through here. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include "registers/registers.h"
#include "util/util.h"

#define EXPORT_MAX (64u * 1024 * 1024)  /* bytes of a CSV at most */

/* A cell's text: strings as they are, numbers written, null empty.
 * Returns a pointer into v or into tmp (32 bytes). */
static const char *cell_text(const json_t *v, char tmp[32])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(tmp, 32, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	if (json_is_true(v))
		return "yes";
	if (json_is_false(v))
		return "no";
	return "";
}

/* Appends s quoted as CSV wants it (libcsv's csv_write).  A cell that a
 * spreadsheet would take for a formula (=, +, -, @ first) gets a ' in
 * front: a State's text must not run as a formula in the Cell's sheet.
 * A plain number ("-10.0", "+433.3") is a number, left as it is. */
static int csv_field(struct buf *b, const char *s)
{
	char *guarded = NULL;
	if (s[0] && strchr("=+-@\t\r", s[0]) && !util_plain_number(s)) {
		size_t len = strlen(s);
		guarded = malloc(len + 2);
		if (!guarded)
			return -1;
		guarded[0] = '\'';
		memcpy(guarded + 1, s, len + 1);
		s = guarded;
	}
	size_t n = strlen(s);
	size_t need = csv_write(NULL, 0, s, n);
	char small[256];
	char *out = need <= sizeof small ? small : malloc(need);
	if (!out) {
		free(guarded);
		return -1;
	}
	csv_write(out, need, s, n);
	int rc = buf_append(b, out, need);
	if (out != small)
		free(out);
	free(guarded);
	return rc;
}

char *reg_export_csv(const struct reg_table *t, size_t *len)
{
	struct buf b;
	buf_init(&b, EXPORT_MAX);
	int bad = buf_append(&b, "\xef\xbb\xbf", 3);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			bad |= buf_append(&b, ",", 1);
		bad |= csv_field(&b, t->labels[c]);
	}
	bad |= buf_append(&b, "\r\n", 2);
	size_t i;
	json_t *row;
	json_array_foreach(t->rows, i, row) {
		char tmp[32];
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				bad |= buf_append(&b, ",", 1);
			bad |= csv_field(&b, cell_text(json_object_get(row, t->keys[c]), tmp));
		}
		bad |= buf_append(&b, "\r\n", 2);
		if (bad)
			break;
	}
	if (bad) {              /* past the limit or out of memory: nothing rather than part */
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

int reg_export_xlsx(const struct reg_table *t, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		log_error("export: cannot create %s", path);
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDE4EE);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

	char made[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(made, sizeof made, "As on %d.%m.%Y", &tm);
	worksheet_write_string(ws, 0, 0, t->title, title);
	worksheet_write_string(ws, 1, 0, made, NULL);
	worksheet_write_string(ws, 3, 0, "Sr. No.", head);
	worksheet_set_column(ws, 0, 0, 7, NULL);
	for (size_t c = 0; c < t->ncols; c++) {
		worksheet_write_string(ws, 3, (lxw_col_t)(c + 1), t->labels[c], head);
		worksheet_set_column(ws, (lxw_col_t)(c + 1), (lxw_col_t)(c + 1), 24, NULL);
	}
	size_t i;
	json_t *row;
	json_array_foreach(t->rows, i, row) {
		lxw_row_t r = (lxw_row_t)(4 + i);
		worksheet_write_number(ws, r, 0, (double)(i + 1), wrap);
		for (size_t c = 0; c < t->ncols; c++) {
			const json_t *v = json_object_get(row, t->keys[c]);
			char tmp[32];
			if (json_is_integer(v))
				worksheet_write_number(ws, r, (lxw_col_t)(c + 1), (double)json_integer_value(v), wrap);
			else
				worksheet_write_string(ws, r, (lxw_col_t)(c + 1), cell_text(v, tmp), wrap);
		}
	}
	worksheet_freeze_panes(ws, 4, 0);
	if (t->ncols)
		worksheet_autofilter(ws, 3, 0, (lxw_row_t)(3 + json_array_size(t->rows)), (lxw_col_t)t->ncols);
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		log_error("export: %s: %s", path, lxw_strerror(rc));
		return -1;
	}
	return 0;
}

/* ---- the printed list ---- */

#define PAGE_W 842.0            /* A4 landscape, points */
#define PAGE_H 595.0
#define MARGIN 36.0
#define FONT   "Noto Sans, Noto Sans Devanagari"
#define NUM_W  34.0             /* the Sr. No. column */
#define PAD    4.0

struct sheet {
	cairo_t *cr;
	PangoContext *pango;
	const struct reg_table *t;
	double col_w;
	double y;
	int page;
	char made[64];
};

static PangoLayout *text_layout(struct sheet *s, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(s->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void draw_at(struct sheet *s, PangoLayout *l, double x, double y)
{
	cairo_move_to(s->cr, x, y);
	pango_cairo_show_layout(s->cr, l);
}

/* The footer of the page just drawn. */
static void page_footer(struct sheet *s)
{
	char foot[160];
	snprintf(foot, sizeof foot, "%s · %s · page %d", s->t->title, s->made, s->page);
	PangoLayout *l = text_layout(s, foot, 7.5, false, PAGE_W - 2 * MARGIN);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	cairo_set_source_rgb(s->cr, 0.35, 0.35, 0.35);
	draw_at(s, l, MARGIN, PAGE_H - MARGIN + 10);
	g_object_unref(l);
	cairo_set_source_rgb(s->cr, 0, 0, 0);
}

/* Draws one row of cells (texts, NUM_W then col_w each) at s->y, with its
 * rules; a new page first when it does not fit. */
static void draw_row(struct sheet *s, const char *num, const char *const *texts, bool head)
{
	size_t n = s->t->ncols;
	PangoLayout *ls[n + 1];
	double h = 0;
	ls[0] = text_layout(s, num, 8.5, head, NUM_W - 2 * PAD);
	for (size_t c = 0; c < n; c++)
		ls[c + 1] = text_layout(s, texts[c], 8.5, head, s->col_w - 2 * PAD);
	for (size_t c = 0; c <= n; c++) {
		double lh = layout_height(ls[c]);
		if (lh > h)
			h = lh;
	}
	h += 2 * PAD;
	if (s->y + h > PAGE_H - MARGIN && !head) {
		page_footer(s);
		cairo_show_page(s->cr);
		s->page++;
		s->y = MARGIN;
		draw_row(s, "Sr. No.", s->t->labels, true);     /* the heading again */
	}
	if (head) {
		cairo_set_source_rgb(s->cr, 0.87, 0.89, 0.93);
		cairo_rectangle(s->cr, MARGIN, s->y, PAGE_W - 2 * MARGIN, h);
		cairo_fill(s->cr);
		cairo_set_source_rgb(s->cr, 0, 0, 0);
	}
	double x = MARGIN;
	for (size_t c = 0; c <= n; c++) {
		double w = c ? s->col_w : NUM_W;
		draw_at(s, ls[c], x + PAD, s->y + PAD);
		cairo_rectangle(s->cr, x, s->y, w, h);
		x += w;
		g_object_unref(ls[c]);
	}
	cairo_set_line_width(s->cr, 0.5);
	cairo_stroke(s->cr);
	s->y += h;
}

int reg_export_pdf(const struct reg_table *t, const char *path)
{
	if (t->ncols > REG_PRINT_COLUMNS_MAX) {
		log_error("export: %zu columns are too many to print", t->ncols);
		return -1;
	}
	cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		log_error("export: cannot create %s", path);
		cairo_surface_destroy(surface);
		return -1;
	}
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, t->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "AHT Cell");
	struct sheet s = { .t = t, .page = 1, .y = MARGIN };
	s.cr = cairo_create(surface);
	s.pango = pango_cairo_create_context(s.cr);
	s.col_w = t->ncols ? (PAGE_W - 2 * MARGIN - NUM_W) / (double)t->ncols : 0;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(s.made, sizeof s.made, "as on %d.%m.%Y", &tm);

	PangoLayout *l = text_layout(&s, t->title, 15, true, PAGE_W - 2 * MARGIN);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	draw_at(&s, l, MARGIN, s.y);
	s.y += layout_height(l) + 4;
	g_object_unref(l);
	char sub[96];
	snprintf(sub, sizeof sub, "(%s)", s.made);
	l = text_layout(&s, sub, 9.5, false, PAGE_W - 2 * MARGIN);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	draw_at(&s, l, MARGIN, s.y);
	s.y += layout_height(l) + 12;
	g_object_unref(l);

	draw_row(&s, "Sr. No.", t->labels, true);
	const char *texts[t->ncols ? t->ncols : 1];
	size_t i;
	json_t *row;
	json_array_foreach(t->rows, i, row) {
		char tmps[t->ncols ? t->ncols : 1][32];
		char num[24];
		snprintf(num, sizeof num, "%zu", i + 1);
		for (size_t c = 0; c < t->ncols; c++)
			texts[c] = cell_text(json_object_get(row, t->keys[c]), tmps[c]);
		draw_row(&s, num, texts, false);
	}
	if (!json_array_size(t->rows)) {
		l = text_layout(&s, "No entries.", 9.5, false, PAGE_W - 2 * MARGIN);
		draw_at(&s, l, MARGIN, s.y + 8);
		g_object_unref(l);
	}
	page_footer(&s);
	g_object_unref(s.pango);
	cairo_destroy(s.cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		log_error("export: %s: %s", path, cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
