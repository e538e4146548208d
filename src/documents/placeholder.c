/* The demo's placeholder PDFs.  The demo lists the Cell's published
 * documents, whose files we do not ship; each gets an A4 PDF that says
 * plainly it is a placeholder, with the document's title and a paragraph
 * about its subject, so that download, preview and full-text search work on
 * the demo as they will on real files.
 *
 * cairo writes the PDF into memory; pango lays the text out with Noto Sans
 * (Noto Sans Devanagari for Hindi), so its text is extractable by poppler
 * like that of any PDF made by a word processor.  The creation date is
 * fixed, so the same input gives the same bytes (the blob store is
 * content-addressed: the demo loaded twice stores each file once). */
#include "documents/documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

/* A4 in PDF points, and the margins around the text. */
#define PAGE_WIDTH       595.0
#define PAGE_HEIGHT      842.0
#define MARGIN           56.0
#define TEXT_WIDTH       (PAGE_WIDTH - 2 * MARGIN)
/* Bytes of the paragraph set at most (two pages hold about 9000). */
#define ABOUT_MAX        8000
/* Bytes of PDF made at most (a placeholder is about 30 KB). */
#define PDF_MAX          (8u * 1024 * 1024)
#define FONT_FAMILY      "Noto Sans, Noto Sans Devanagari"

/* fontconfig keeps the fonts pango asked for in caches that it never
 * frees and that LeakSanitizer cannot trace (they hold offsets, not
 * pointers): a fixed amount, once per process or thread (measured: the same
 * after 1 and 20 PDFs).  Under AddressSanitizer (`make sanitize`) they are
 * not reported, so that a real leak still fails the run. */
#if defined(__SANITIZE_ADDRESS__)
#define PLACEHOLDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLACEHOLDER_ASAN 1
#endif
#endif
#ifdef PLACEHOLDER_ASAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

/* cairo's write callback: the PDF's bytes go to a bounded buffer. */
static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	return buf_append(b, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Where the pen is: the page being drawn and the y of the next block. */
struct pen {
	cairo_t *cr;
	PangoContext *pango;
	double y;
	int pages;
};

/* A layout of text at width TEXT_WIDTH (or width when > 0) in the given
 * font ("Noto Sans 11"-like: family from FONT_FAMILY, size in points,
 * bold or not).  The caller unrefs it. */
static PangoLayout *layout_new(struct pen *p, const char *text, double size, bool bold, double width)
{
	PangoLayout *layout = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_from_string(FONT_FAMILY);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)((width > 0 ? width : TEXT_WIDTH) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_spacing(layout, (int)(size * 0.25 * PANGO_SCALE));
	pango_layout_set_text(layout, text, -1);
	return layout;
}

/* Starts a new page: the pen goes back to the top margin. */
static void pen_new_page(struct pen *p)
{
	cairo_show_page(p->cr);
	p->pages++;
	p->y = MARGIN;
}

/* Draws text at the pen, line by line, continuing on a new page when a
 * line would cross the bottom margin; the pen moves below it plus `after`
 * points. */
static void pen_text(struct pen *p, const char *text, double size, bool bold, double gray, double after)
{
	PangoLayout *layout = layout_new(p, text, size, bold, 0);
	PangoLayoutIter *iter = pango_layout_get_iter(layout);
	double offset = 0;      /* layout y at the top of this page's part */
	double bottom = 0;
	cairo_set_source_rgb(p->cr, gray, gray, gray);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		double top = (double)logical.y / PANGO_SCALE;
		double end = (double)(logical.y + logical.height) / PANGO_SCALE;
		if (p->y + end - offset > PAGE_HEIGHT - MARGIN && top > offset) {
			pen_new_page(p);
			cairo_set_source_rgb(p->cr, gray, gray, gray);
			offset = top;
		}
		double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		cairo_move_to(p->cr, MARGIN + (double)logical.x / PANGO_SCALE, p->y + baseline - offset);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(iter));
		bottom = p->y + end - offset;
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	g_object_unref(layout);
	p->y = bottom + after;
}

/* Draws the boxed note: short, so it stays whole (on a new page when the
 * page has no room left). */
static void pen_note(struct pen *p, const char *text, double after)
{
	const double pad = 10;
	PangoLayout *layout = layout_new(p, text, 10, false, TEXT_WIDTH - 2 * pad);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	double height = (double)h / PANGO_SCALE + 2 * pad;
	if (p->y + height > PAGE_HEIGHT - MARGIN)
		pen_new_page(p);
	cairo_rectangle(p->cr, MARGIN, p->y, TEXT_WIDTH, height);
	cairo_set_source_rgb(p->cr, 0.96, 0.94, 0.86);
	cairo_fill_preserve(p->cr);
	cairo_set_source_rgb(p->cr, 0.55, 0.45, 0.15);
	cairo_set_line_width(p->cr, 1);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0.15, 0.12, 0.05);
	cairo_move_to(p->cr, MARGIN + pad, p->y + pad);
	pango_cairo_show_layout(p->cr, layout);
	g_object_unref(layout);
	p->y += height + after;
}

/* A horizontal rule across the text width at the pen. */
static void pen_rule(struct pen *p, double after)
{
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.75);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + TEXT_WIDTH, p->y);
	cairo_stroke(p->cr);
	p->y += after;
}

/* "2012-04-30" -> "30 April 2012" into out; anything else is copied as it
 * is, NULL or "" -> "not stated". */
static void date_words(const char *issued_on, char out[64])
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	int64_t ms;
	int y, m, d;
	if (!issued_on || !issued_on[0])
		snprintf(out, 64, "not stated");
	else if (strlen(issued_on) == 10 && util_parse_time(issued_on, &ms) &&
		 sscanf(issued_on, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
		snprintf(out, 64, "%d %s %d", d, months[m - 1], y);
	else
		snprintf(out, 64, "%.60s", issued_on);
}

/* See documents.h.  Title, category label and date are checked to be
 * valid UTF-8 of bounded length; -1 when they are not or cairo fails. */
int docs_placeholder_pdf(const char *title, const char *category_label, const char *issued_on,
			 const char *about, unsigned char **out, size_t *len)
{
	int rc = -1;
	struct buf pdf;
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	PangoContext *pango = NULL;
	cairo_font_options_t *options = NULL;
	char *meta = NULL;
	char date[64];

	*out = NULL;
	*len = 0;
	buf_init(&pdf, PDF_MAX);
	if (!about)
		about = "";
	if (!title || !title[0] || strlen(title) > DOC_TITLE_MAX || strlen(about) > ABOUT_MAX ||
	    !g_utf8_validate(title, -1, NULL) || !g_utf8_validate(about, -1, NULL) ||
	    (category_label && !g_utf8_validate(category_label, -1, NULL)) ||
	    (issued_on && !g_utf8_validate(issued_on, -1, NULL)))
		goto cleanup;

	surface = cairo_pdf_surface_create_for_stream(pdf_write, &pdf, PAGE_WIDTH, PAGE_HEIGHT);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		goto cleanup;
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "AHT Cell demo");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2024-01-01T00:00:00Z");
#endif
	cr = cairo_create(surface);
	pango = pango_cairo_create_context(cr);
	options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango, options);

	struct pen p = { .cr = cr, .pango = pango, .y = MARGIN, .pages = 1 };
	pen_text(&p, "AHT Cell — demo placeholder", 9, false, 0.4, 4);
	pen_rule(&p, 18);
	pen_text(&p, title, 18, true, 0.05, 8);
	date_words(issued_on, date);
	if (category_label && category_label[0])
		meta = g_strdup_printf("%s  ·  Date of issue: %s", category_label, date);
	else
		meta = g_strdup_printf("Date of issue: %s", date);
	pen_text(&p, meta, 10.5, false, 0.3, 16);
	pen_note(&p, "This is a placeholder generated for the demo data of AHT Cell. "
		     "It is not the Ministry's document.", 20);
	if (about[0])
		pen_text(&p, about, 11, false, 0.1, 0);

	cairo_show_page(cr);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		goto cleanup;
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);   /* writes the rest of the PDF */
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS || pdf.len == 0)
		goto cleanup;
	*out = (unsigned char *)pdf.data;
	*len = pdf.len;
	pdf.data = NULL;                 /* now the caller's */
	rc = 0;
cleanup:
	g_free(meta);
	if (options)
		cairo_font_options_destroy(options);
	if (pango)
		g_object_unref(pango);
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	free(pdf.data);
	return rc;
}
