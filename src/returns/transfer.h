/* Exporting returns' values and templates (src/returns/transfer.c); the
 * columns are import.h's. */
#ifndef AHTCELL_RETURNS_TRANSFER_H
#define AHTCELL_RETURNS_TRANSFER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "db/db.h"
#include "returns/returns.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };

struct export_q {
	const json_t *ds;               /* the data set, in full (dataset_get) */
	struct period from, to;         /* inclusive; a template: one period */
	int state, district;            /* 0: any (already narrowed to the caller's scope) */
	const char *indicator;          /* NULL: every indicator */
	bool template;                  /* every district × every cell, blank where none */
};

/* Writes the values q asks for: CSV to stream (or to path when stream is
 * NULL), XLSX to path, or JSON rows into *items (a new array).  At most
 * max_rows rows (0: no bound; XLSX: a sheet's).  *rows says how many.
 * Returns 0, 1 when there were more rows than allowed, -1 on an error
 * (why says which, for the log). */
int returns_export(struct db *db, const struct export_q *q, enum export_format f, const char *path, FILE *stream,
		   json_t **items, long max_rows, long *rows, char why[200]);

#endif
