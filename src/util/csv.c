/* Reading CSV held in memory, through libcsv (RFC 4180 quoting). */
#include "util/util.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_FIELDS 32

struct csv_state {
	char *fields[CSV_MAX_FIELDS];
	int n;
	int header_done;        /* 1 from the start when the header goes to row() too */
	int stop;               /* non-zero: the callback asked to stop, or an error */
	csv_row_fn row;
	void *ctx;
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	if (st->stop)
		return;
	if (st->n >= CSV_MAX_FIELDS) {
		st->stop = -1;
		return;
	}
	char *f = malloc(len + 1);
	if (!f) {
		st->stop = -1;
		return;
	}
	memcpy(f, s, len);
	f[len] = 0;
	st->fields[st->n++] = f;
}

static void on_row(int c, void *data)
{
	(void)c;
	struct csv_state *st = data;
	if (!st->stop) {
		if (st->header_done)
			st->stop = st->row(st->ctx, st->n, st->fields);
		st->header_done = 1;
	}
	for (int i = 0; i < st->n; i++)
		free(st->fields[i]);
	st->n = 0;
}

static int csv_read(const char *data, size_t len, csv_row_fn row, void *ctx, bool with_header)
{
	struct csv_parser p;
	struct csv_state st = { .row = row, .ctx = ctx, .header_done = with_header };
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	int rc = 0;
	if (csv_parse(&p, data, len, on_field, on_row, &st) != len)
		rc = -1;
	else if (csv_fini(&p, on_field, on_row, &st) != 0)
		rc = -1;
	csv_free(&p);
	for (int i = 0; i < st.n; i++)
		free(st.fields[i]);
	if (rc == 0)
		rc = st.stop;
	return rc;
}

int util_csv_each(const char *data, size_t len, csv_row_fn row, void *ctx)
{
	return csv_read(data, len, row, ctx, false);
}

int util_csv_rows(const char *data, size_t len, csv_row_fn row, void *ctx)
{
	return csv_read(data, len, row, ctx, true);
}
