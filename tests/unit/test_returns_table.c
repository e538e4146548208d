/* The readers of a table filled offline (src/returns/table.c): CSV with
 * its delimiters, quoting, byte-order marks, encodings and row numbers as
 * a spreadsheet shows them; XLSX written by libxlsxwriter (shared strings,
 * numbers, the sheet named Values), and the refusals of broken files. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <xlsxwriter.h>

#include "returns/table.h"

/* What a reading gave: "row:cell|cell|…" lines. */
struct got {
	char text[8192];
	int rows;
	int stop_at;                    /* stop (answer 7) at this row, 0 never */
	uint64_t progress_done, progress_total;
};

static int on_row(void *ctx, long row, int n, char **cells)
{
	struct got *g = ctx;
	size_t len = strlen(g->text);
	snprintf(g->text + len, sizeof g->text - len, "%ld:", row);
	for (int i = 0; i < n; i++) {
		len = strlen(g->text);
		snprintf(g->text + len, sizeof g->text - len, "%s%s", i ? "|" : "", cells[i]);
	}
	len = strlen(g->text);
	snprintf(g->text + len, sizeof g->text - len, "\n");
	g->rows++;
	return g->stop_at && row == g->stop_at ? 7 : 0;
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct got *g = ctx;
	g->progress_done = done;
	g->progress_total = total;
}

static int read_as(enum table_format f, const char *data, size_t len, struct got *g, char *why)
{
	struct table_reader r = { .row = on_row, .progress = on_progress, .ctx = g };
	int rc = table_read(f, data, len, &r);
	if (why)
		strcpy(why, r.why);
	return rc;
}

static int read_csv(const char *text, struct got *g, char *why)
{
	return read_as(TABLE_CSV, text, strlen(text), g, why);
}

static void csv_rows_as_a_spreadsheet_numbers_them(void **state)
{
	(void)state;
	struct got g = { 0 };
	char why[TABLE_WHY_MAX];
	/* a blank line is a row of its own; a quoted cell may hold commas, quotes and a line
	   break, and its row is one row, as a spreadsheet shows it */
	assert_int_equal(read_csv("a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n\"two\nlines\",5,\n,,\n7\n", &g, why), 0);
	assert_string_equal(g.text, "1:a|b|c\n2:1|x, \"y\"|3\n4:two\nlines|5|\n6:7\n");
	assert_int_equal(g.progress_done, g.progress_total);
	/* a lone CR ends a line too (old Macs), and CRLF is one line end */
	memset(&g, 0, sizeof g);
	assert_int_equal(read_csv("a,b\rx,1\r\ny,2\n\rz,3", &g, why), 0);
	assert_string_equal(g.text, "1:a|b\n2:x|1\n3:y|2\n5:z|3\n");
}

static void csv_delimiter_bom_and_utf16(void **state)
{
	(void)state;
	struct got g = { 0 };
	assert_int_equal(read_csv("\xEF\xBB\xBF" "a;b;c\n1;2,5;3\n", &g, NULL), 0);
	assert_string_equal(g.text, "1:a|b|c\n2:1|2,5|3\n");
	memset(&g, 0, sizeof g);
	assert_int_equal(read_csv("a\tb\n1\t2\n", &g, NULL), 0);
	assert_string_equal(g.text, "1:a|b\n2:1|2\n");
	/* UTF-16LE with its mark: "a\tb\ncafé\t2\n" */
	const char u16[] = "\xFF\xFE" "a\0\t\0b\0\n\0c\0a\0f\0\xE9\0\t\0" "2\0\n\0";
	memset(&g, 0, sizeof g);
	assert_int_equal(read_as(TABLE_CSV, u16, sizeof u16 - 1, &g, NULL), 0);
	assert_string_equal(g.text, "1:a|b\n2:caf\xC3\xA9|2\n");
	/* big-endian, and a mark with an odd byte count is refused */
	const char be[] = "\xFE\xFF" "\0x\0,\0y\0\n";
	memset(&g, 0, sizeof g);
	assert_int_equal(read_as(TABLE_CSV, be, sizeof be - 1, &g, NULL), 0);
	assert_string_equal(g.text, "1:x|y\n");
	char why[TABLE_WHY_MAX];
	assert_int_equal(read_as(TABLE_CSV, "\xFF\xFE" "a", 3, &g, why), -1);
	assert_non_null(strstr(why, "UTF-16"));
}

static void csv_refusals_name_the_row_and_column(void **state)
{
	(void)state;
	struct got g = { 0 };
	char why[TABLE_WHY_MAX];
	assert_int_equal(read_csv("a,b\n1,caf\xE9\n", &g, why), -1);
	assert_string_equal(why, "Row 2, column B is not UTF-8 text: save the file as \"CSV UTF-8\" and upload it again.");
	assert_int_equal(read_csv("a,b\n\"1,2\n", &g, why), -1);
	assert_non_null(strstr(why, "closing quote is missing"));
	char wide[200] = "";
	for (int i = 0; i < 33; i++)
		strcat(wide, i ? ",x" : "x");
	assert_int_equal(read_csv(wide, &g, why), -1);
	assert_string_equal(why, "Row 1 has more than 32 columns (from column AG on): use the template's columns.");
	char *big = malloc(TABLE_CELL_MAX + 16);
	memset(big, 'z', TABLE_CELL_MAX + 1);
	strcpy(big + TABLE_CELL_MAX + 1, "\n");
	assert_int_equal(read_csv(big, &g, why), -1);
	assert_string_equal(why, "Row 1, column A holds more than 4096 bytes.");
	free(big);
}

static void a_row_function_stops_the_reading(void **state)
{
	(void)state;
	struct got g = { .stop_at = 2 };
	assert_int_equal(read_csv("a\n1\n2\n3\n", &g, NULL), 7);
	assert_int_equal(g.rows, 2);
}

static void detect_tells_workbooks_from_text_and_refuses_the_rest(void **state)
{
	(void)state;
	enum table_format f;
	char why[TABLE_WHY_MAX];
	assert_int_equal(table_detect("PK\x03\x04rest", 8, &f, why), 0);
	assert_int_equal(f, TABLE_XLSX);
	assert_int_equal(table_detect("a,b\n", 4, &f, why), 0);
	assert_int_equal(f, TABLE_CSV);
	assert_int_equal(table_detect("\xD0\xCF\x11\xE0\xA1\xB1", 6, &f, why), -1);
	assert_non_null(strstr(why, ".xls"));
	assert_int_equal(table_detect("%PDF-1.7", 8, &f, why), -1);
	assert_int_equal(table_detect("", 0, &f, why), -1);
	char ods[100] = "PK\x03\x04";
	memcpy(ods + 30, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 55);
	assert_int_equal(table_detect(ods, sizeof ods, &f, why), -1);
	assert_non_null(strstr(why, ".ods"));
}

/* A workbook made by libxlsxwriter, read into memory. */
static char *workbook(size_t *len, bool values_second)
{
	char path[] = "/tmp/test_table_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (values_second) {
		lxw_worksheet *n = workbook_add_worksheet(wb, "Notes");
		worksheet_write_string(n, 0, 0, "not this one", NULL);
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Values");
	worksheet_write_string(ws, 0, 0, "dataset", NULL);
	worksheet_write_string(ws, 0, 1, "value", NULL);
	worksheet_write_string(ws, 0, 3, "comment", NULL);
	worksheet_write_string(ws, 1, 0, "aht_monthly", NULL);
	worksheet_write_number(ws, 1, 1, 12, NULL);
	worksheet_write_string(ws, 1, 3, "caf\xC3\xA9 & <b>", NULL);
	worksheet_write_blank(ws, 2, 0, NULL);        /* an empty row is no row */
	worksheet_write_number(ws, 4, 1, 2.5, NULL);
	worksheet_write_boolean(ws, 4, 2, 1, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	FILE *f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *data = malloc(*len);
	assert_int_equal(fread(data, 1, *len, f), *len);
	fclose(f);
	unlink(path);
	return data;
}

static void xlsx_gives_the_values_sheet_as_text(void **state)
{
	(void)state;
	for (int second = 0; second < 2; second++) {
		size_t len;
		char *data = workbook(&len, second);
		struct got g = { 0 };
		char why[TABLE_WHY_MAX] = "";
		assert_int_equal(read_as(TABLE_XLSX, data, len, &g, why), 0);
		assert_string_equal(g.text, "1:dataset|value||comment\n2:aht_monthly|12||caf\xC3\xA9 & <b>\n5:|2.5|TRUE\n");
		assert_true(g.progress_total > 0);
		/* cut short: refused as a whole, whatever was read */
		memset(&g, 0, sizeof g);
		assert_int_equal(read_as(TABLE_XLSX, data, len / 2, &g, why), -1);
		assert_non_null(strstr(why, "damaged or cut short"));
		/* a byte flipped inside the compressed sheet: refused, never a crash */
		for (size_t at = 60; at < len - 30; at += len / 17) {
			char *bad = malloc(len);
			memcpy(bad, data, len);
			bad[at] ^= 0x5A;
			memset(&g, 0, sizeof g);
			int rc = read_as(TABLE_XLSX, bad, len, &g, why);
			assert_true(rc == 0 || rc == -1);
			free(bad);
		}
		free(data);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_rows_as_a_spreadsheet_numbers_them),
		cmocka_unit_test(csv_delimiter_bom_and_utf16),
		cmocka_unit_test(csv_refusals_name_the_row_and_column),
		cmocka_unit_test(a_row_function_stops_the_reading),
		cmocka_unit_test(detect_tells_workbooks_from_text_and_refuses_the_rest),
		cmocka_unit_test(xlsx_gives_the_values_sheet_as_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
