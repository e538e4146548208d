/* The Compendium of Best Practices: every published practice in one PDF —
 * a cover, contents by State and by theme, then one section per practice —
 * made with cairo and pango and published straight into the document
 * library as the new version of the compendium. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "auth/auth.h"
#include "documents/documents.h"
#include "registers/registers.h"
#include "util/util.h"

#define PAGE_W 595.0            /* A4 portrait, points */
#define PAGE_H 842.0
#define MARGIN 56.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FONT   "Noto Sans, Noto Sans Devanagari"
#define PDF_MAX (48u * 1024 * 1024)
#define PRACTICES_MAX 2000
#define GROUP "Compendium on Best Practices on Anti Human Trafficking by Law Enforcement Agencies"

struct pen {
	cairo_t *cr;
	PangoContext *pango;
	double y;
	int page;
	const char *footer;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_append(closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void footer(struct pen *p)
{
	char text[200];
	snprintf(text, sizeof text, "%s · page %d", p->footer, p->page);
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(font, 7.5 * PANGO_SCALE);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 16);
	pango_cairo_show_layout(p->cr, l);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	g_object_unref(l);
}

static void new_page(struct pen *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* Sets text at the pen, line by line, turning pages where a line would not
 * fit; then leaves space_after. */
static void flow(struct pen *p, const char *text, double size, bool bold, PangoAlignment align, double space_after)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double h = (double)r.height / PANGO_SCALE;
		if (p->y + h > PAGE_H - MARGIN)
			new_page(p);
		int baseline = pango_layout_iter_get_baseline(it);
		cairo_move_to(p->cr, MARGIN + (double)r.x / PANGO_SCALE, p->y + (double)(baseline - r.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	p->y += space_after;
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char *theme_label(const struct reg_type *t, const char *theme)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].type == RF_ENUM && strcmp(t->fields[i].name, "theme") == 0)
			for (size_t c = 0; t->fields[i].choices[c]; c++)
				if (strcmp(t->fields[i].choices[c], theme) == 0)
					return t->fields[i].choice_labels[c];
	return theme;
}

/* The compendium of practices (sorted by State) into b; 0 or -1. */
static int compendium_pdf(const struct reg_type *t, json_t *practices, const char *date, struct buf *b)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_buf, b, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, t->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "AHT Cell");
	struct pen p = { .page = 1, .footer = t->title };
	p.cr = cairo_create(surface);
	p.pango = pango_cairo_create_context(p.cr);
	char line[512];

	/* the cover */
	p.y = 260;
	flow(&p, "Ministry of Home Affairs", 13, false, PANGO_ALIGN_CENTER, 4);
	flow(&p, "Anti Trafficking Cell", 13, false, PANGO_ALIGN_CENTER, 40);
	flow(&p, t->title, 22, true, PANGO_ALIGN_CENTER, 24);
	snprintf(line, sizeof line, "%zu practices of the States' and UTs' police, as on %s", json_array_size(practices),
		 date);
	flow(&p, line, 11, false, PANGO_ALIGN_CENTER, 0);
	new_page(&p);

	/* contents by State, then by theme */
	flow(&p, "Contents by State/UT", 15, true, PANGO_ALIGN_LEFT, 8);
	const char *state = "";
	size_t i;
	json_t *x;
	json_array_foreach(practices, i, x) {
		if (strcmp(state, str(x, "state")) != 0) {
			state = str(x, "state");
			flow(&p, state, 10.5, true, PANGO_ALIGN_LEFT, 2);
		}
		snprintf(line, sizeof line, "    %zu.  %s", i + 1, str(x, "title"));
		flow(&p, line, 10, false, PANGO_ALIGN_LEFT, 1);
	}
	p.y += 14;
	flow(&p, "Contents by theme", 15, true, PANGO_ALIGN_LEFT, 8);
	for (size_t f = 0; f < t->nfields; f++) {
		const struct reg_field *fd = &t->fields[f];
		if (fd->type != RF_ENUM || strcmp(fd->name, "theme") != 0)
			continue;
		for (size_t c = 0; fd->choices[c]; c++) {
			bool heading = false;
			json_array_foreach(practices, i, x) {
				if (strcmp(str(x, "theme"), fd->choices[c]) != 0)
					continue;
				if (!heading) {
					flow(&p, fd->choice_labels[c], 10.5, true, PANGO_ALIGN_LEFT, 2);
					heading = true;
				}
				snprintf(line, sizeof line, "    %zu.  %s (%s)", i + 1, str(x, "title"), str(x, "state"));
				flow(&p, line, 10, false, PANGO_ALIGN_LEFT, 1);
			}
		}
	}

	/* one section per practice */
	json_array_foreach(practices, i, x) {
		new_page(&p);
		snprintf(line, sizeof line, "%zu.  %s", i + 1, str(x, "title"));
		flow(&p, line, 15, true, PANGO_ALIGN_LEFT, 6);
		snprintf(line, sizeof line, "%s%s%s · %s%s%s", str(x, "state"), *str(x, "districts") ? ", " : "",
			 str(x, "districts"), theme_label(t, str(x, "theme")), *str(x, "period") ? " · " : "", str(x, "period"));
		flow(&p, line, 10, false, PANGO_ALIGN_LEFT, 12);
		static const char *const parts[][2] = { { "problem", "The problem" }, { "action", "What was done" },
							{ "results", "Results" }, { "contact", "Contact" } };
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
			if (!*str(x, parts[k][0]))
				continue;
			flow(&p, parts[k][1], 11.5, true, PANGO_ALIGN_LEFT, 3);
			flow(&p, str(x, parts[k][0]), 10.5, false, PANGO_ALIGN_LEFT, 10);
		}
	}
	footer(&p);
	g_object_unref(p.pango);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		log_error("compendium: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

struct gather {
	const struct reg_type *t;
	json_t *items;
};

static int gather_one(void *ctx, const struct db_record *rec)
{
	struct gather *g = ctx;
	json_array_append_new(g->items, reg_record_json(g->t, rec, true));
	return 0;
}

/* POST /api/v1/practices/compendium: the Cell makes the compendium of every
 * published practice and publishes it in the library. */
void registers_compendium(struct request *r)
{
	const struct reg_type *t = reg_type_find("practices");
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	struct db_record_filter f = { .type = t->name, .sort = RECORD_SORT_STATE, .limit = PRACTICES_MAX + 1 };
	f.field_path[0] = "$.status";
	f.field_value[0] = t->public_status;
	struct gather g = { t, json_array() };
	int64_t total = 0;
	if (r->db->ops->record_list(r->db, &all, &f, gather_one, &g, &total) != DB_OK) {
		json_decref(g.items);
		reply_db_error(r);
		return;
	}
	if (total == 0 || total > PRACTICES_MAX) {
		json_decref(g.items);
		if (total)
			reply_error(r, 409, "compendium.too_big",
				    "More than %d published practices: too many for one compendium.", PRACTICES_MAX);
		else
			reply_error(r, 409, "compendium.empty", "No practice is published yet; publish accepted practices first.");
		return;
	}
	char date[16], title[200];
	time_t now = time(NULL) + 19800;
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%d.%m.%Y", &tm);
	snprintf(title, sizeof title, "Compendium of Best Practices on Anti Human Trafficking (%s)", date);
	struct buf b;
	buf_init(&b, PDF_MAX);
	int rc = compendium_pdf(t, g.items, date, &b);
	json_decref(g.items);
	if (rc != 0 || !b.data) {
		buf_free(&b);
		reply_db_error(r);
		return;
	}
	json_t *doc = docs_publish_generated(r, b.data, b.len, title, "compendium", GROUP, false);
	buf_free(&b);
	if (doc)
		reply_json(r, 201, json_pack("{s:o, s:I}", "document", doc, "practices", (json_int_t)total));
}
