/* A pen for printed PDFs (print.h). */
#include <stdio.h>

#include <cairo-pdf.h>

#include "util/print.h"

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_append(closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int pen_open(struct pen *p, struct buf *out, double w, double h, double margin, const char *title, const char *footer)
{
	*p = (struct pen){ .page_w = w, .page_h = h, .margin = margin, .y = margin, .page = 1, .footer = footer };
	p->surface = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(p->surface);
		return -1;
	}
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "AHT Cell");
	p->cr = cairo_create(p->surface);
	p->pango = pango_cairo_create_context(p->cr);
	return 0;
}

int pen_close(struct pen *p)
{
	pen_page(p, true);
	g_object_unref(p->pango);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	cairo_status_t st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

double pen_width(const struct pen *p)
{
	return p->page_w - 2 * p->margin;
}

double pen_text(struct pen *p, double x, double y, double w, const char *text, double size, bool bold,
		PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *font = pango_font_description_from_string(PRINT_FONT);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, font);
	pango_font_description_free(font);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(l, align);
	}
	pango_layout_set_text(l, text, -1);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

void pen_page(struct pen *p, bool last)
{
	char text[640];
	snprintf(text, sizeof text, "%s · page %d", p->footer, p->page);
	cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
	pen_text(p, p->margin, p->page_h - p->margin + 14, pen_width(p), text, 7.5, false, PANGO_ALIGN_CENTER);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_show_page(p->cr);
	if (!last) {
		p->page++;
		p->y = p->margin;
	}
}

void pen_need(struct pen *p, double h)
{
	if (p->y + h > p->page_h - p->margin)
		pen_page(p, false);
}

void pen_heading(struct pen *p, const char *text)
{
	pen_need(p, 40);
	p->y += 8;
	p->y += pen_text(p, p->margin, p->y, pen_width(p), text, 13, true, PANGO_ALIGN_LEFT) + 6;
}

void pen_para(struct pen *p, const char *text, double size)
{
	pen_need(p, 30);
	p->y += pen_text(p, p->margin, p->y, pen_width(p), text, size, false, PANGO_ALIGN_LEFT) + 6;
}

void pen_row(struct pen *p, const double *x, const char *const *cells, int n, bool bold, int num_from, int num_to,
	     double size)
{
	pen_need(p, size * 1.75);
	double tallest = 0;
	for (int i = 0; i < n; i++) {
		double right = p->row_right > 0 ? p->row_right : p->page_w - p->margin;
		double h = pen_text(p, x[i], p->y, i + 1 < n ? x[i + 1] - x[i] - 6 : right - x[i], cells[i],
				    size, bold, i >= num_from && i <= num_to ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		if (h > tallest)
			tallest = h;
	}
	p->y += tallest > size * 1.5 ? tallest + 2 : size * 1.5;
}
