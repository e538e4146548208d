/* Printing a PDF page by page with cairo and pango (Noto fonts, with
 * Devanagari): a pen that writes text and table rows down the page, starts
 * a new page with its footer when the next thing would not fit, and
 * numbers the pages.  For the reports made on request (a State's profile,
 * the monitoring status report). */
#ifndef AHTCELL_PRINT_H
#define AHTCELL_PRINT_H

#include <stdbool.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "util/util.h"

#define PRINT_FONT "Noto Sans, Noto Sans Devanagari"

struct pen {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;
	double page_w, page_h, margin;  /* points */
	double y;                       /* where the next thing goes */
	int page;
	const char *footer;             /* each page's, before its number */
	double row_right;               /* where a row's last column ends; 0: the right margin */
};

/* Opens a PDF of pages w × h points, written into out as it is made, with
 * its title in the metadata; 0 or -1. */
int pen_open(struct pen *p, struct buf *out, double w, double h, double margin, const char *title, const char *footer);
/* Ends the last page and the PDF; 0, or -1 when cairo failed. */
int pen_close(struct pen *p);
/* The text width between the margins. */
double pen_width(const struct pen *p);
/* Sets text at (x, y) in width w (0: no wrapping); its height. */
double pen_text(struct pen *p, double x, double y, double w, const char *text, double size, bool bold,
		PangoAlignment align);
/* Ends the page with its footer and number; then a new one unless last. */
void pen_page(struct pen *p, bool last);
/* A new page when h points would pass the bottom margin. */
void pen_need(struct pen *p, double h);
void pen_heading(struct pen *p, const char *text);
void pen_para(struct pen *p, const char *text, double size);
/* A row of a table at size points: columns at x, numbers (right-aligned)
 * from column num_from to num_to; moves down by its tallest cell. */
void pen_row(struct pen *p, const double *x, const char *const *cells, int n, bool bold, int num_from, int num_to,
	     double size);

#endif
