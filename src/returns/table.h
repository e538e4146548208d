/* Reading a table a person filled offline: the rows of a CSV (libcsv) or
 * of an XLSX workbook's sheet (libzip + libxml2), as text cells, each with
 * the row number the person's spreadsheet shows (src/returns/table.c).
 * Pure: no storage, no HTTP; fuzzed by tests/fuzz/fuzz_table.c. */
#ifndef AHTCELL_TABLE_H
#define AHTCELL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_COLS_MAX 32               /* columns of a row (more: the file is refused) */
#define TABLE_CELL_MAX 4096             /* bytes of one cell (longer: the file is refused) */
#define TABLE_XML_MAX (1024ULL * 1024 * 1024) /* bytes of a workbook's XML, unpacked */
#define TABLE_STRINGS_MAX (64ULL * 1024 * 1024) /* bytes of its shared strings */
#define TABLE_WHY_MAX 240

enum table_format { TABLE_CSV, TABLE_XLSX };

/* One row: its number as a spreadsheet shows it (the header is usually 1;
 * a blank line is a row, a cell's quoted line break is not),
 * ncells cells (1..TABLE_COLS_MAX), each NUL-terminated UTF-8, "" when
 * empty.  Rows whose cells are all empty are not passed.  Return 0 to go
 * on; anything else stops the reading and is returned by table_read. */
typedef int (*table_row_fn)(void *ctx, long row, int ncells, char **cells);
/* How far the reading is: done of total (bytes of the text read). */
typedef void (*table_progress_fn)(void *ctx, uint64_t done, uint64_t total);

struct table_reader {
	table_row_fn row;
	table_progress_fn progress;     /* may be NULL */
	void *ctx;
	char why[TABLE_WHY_MAX];        /* set when table_read returns -1 */
	bool date1904;                  /* set by an XLSX that counts days from 1904 (before its rows) */
};

/* A column's name as a spreadsheet writes it: 0 → "A", 26 → "AA". */
void table_column_name(int col, char out[8]);

/* What the file is, from its first bytes: a workbook (a ZIP), or text
 * taken as CSV.  -1 with a reason a person can act on for an old .xls, an
 * OpenDocument sheet, a PDF, or an empty file. */
int table_detect(const char *data, size_t len, enum table_format *f, char why[TABLE_WHY_MAX]);

/* Reads every row of data (len bytes, need not be NUL-terminated), as the
 * format says.  CSV: RFC 4180 quoting; the delimiter (comma, semicolon or
 * tab) is the one the first line uses most; a UTF-8 byte-order mark is
 * skipped; UTF-16 (with its mark, as Excel's "Unicode text") is converted;
 * any other text that is not UTF-8 is refused, naming the row.  XLSX: the
 * sheet named "Values", or else the first; shared and inline strings,
 * numbers as written.  Returns 0 at the end, the row function's non-zero
 * answer when it stopped, or -1 when the file is broken (r->why says
 * where and how). */
int table_read(enum table_format f, const char *data, size_t len, struct table_reader *r);

#endif
