/* libFuzzer harness for the readers of a table filled offline
 * (src/returns/table.c): the CSV reader (libcsv, delimiters, byte-order
 * marks, UTF-16) and the XLSX reader (libzip + libxml2: workbook, its
 * relationships, shared strings, the sheet).
 *
 * Input: one byte that chooses the reader, data[0] % 2 ('0' CSV, '1'
 * XLSX, so the seeds read as they are after their first byte), then the
 * file, from a heap copy of exactly its length (no NUL after it), so
 * AddressSanitizer sees any read past the end.
 *
 * What must hold, or abort():
 *   every row   its number is at least 1 (and, in a CSV, grows);
 *               1..TABLE_COLS_MAX cells, each NUL-terminated, at most
 *               TABLE_CELL_MAX bytes, valid UTF-8; not every cell empty
 *   the end     table_read answers 0, -1 or the row function's stop; on -1
 *               why is a non-empty, NUL-terminated message under
 *               TABLE_WHY_MAX, and on 0 it is empty
 *   detect      table_detect answers 0 or -1, and on -1 a message
 * Every 50th row the row function stops the reading (answer 9) to walk
 * that path too.  Built by `make fuzz`; run briefly by `make test` over
 * tests/fuzz/corpus/table. */
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/table.h"

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_table: %s\n", what);
		abort();
	}
}

struct seen {
	enum table_format f;
	long last;
	long rows;
};

static int on_row(void *ctx, long row, int n, char **cells)
{
	struct seen *s = ctx;
	check(row >= 1, "a row number below 1");
	if (s->f == TABLE_CSV)
		check(row > s->last, "CSV row numbers do not grow");
	s->last = row;
	check(n >= 1 && n <= TABLE_COLS_MAX, "a row's cell count out of bounds");
	bool any = false;
	for (int i = 0; i < n; i++) {
		size_t len = strnlen(cells[i], TABLE_CELL_MAX + 2);
		check(len <= TABLE_CELL_MAX, "a cell longer than TABLE_CELL_MAX");
		check(g_utf8_validate(cells[i], (gssize)len, NULL), "a cell that is not UTF-8");
		any |= len > 0;
	}
	check(any, "a row of empty cells was passed");
	return ++s->rows % 50 == 0 ? 9 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct seen s = { .f = data[0] % 2 ? TABLE_XLSX : TABLE_CSV };
	size_t len = size - 1;
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, len);

	enum table_format f;
	char why[TABLE_WHY_MAX];
	int d = table_detect(copy, len, &f, why);
	check(d == 0 || d == -1, "table_detect answered something else");
	if (d == -1)
		check(why[0] && strnlen(why, TABLE_WHY_MAX) < TABLE_WHY_MAX, "table_detect refused without a message");

	struct table_reader r = { .row = on_row, .ctx = &s };
	int rc = table_read(s.f, copy, len, &r);
	check(rc == 0 || rc == -1 || rc == 9, "table_read answered something else");
	size_t wl = strnlen(r.why, TABLE_WHY_MAX);
	check(wl < TABLE_WHY_MAX, "why is not NUL-terminated");
	if (rc == -1)
		check(wl > 0 && g_utf8_validate(r.why, (gssize)wl, NULL), "a refusal without a readable message");
	else
		check(wl == 0, "a message without a refusal");
	free(copy);
	return 0;
}
