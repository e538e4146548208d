/* Reading a table a person filled offline (table.h).  Both readers fill
 * one row at a time into fixed slots (TABLE_COLS_MAX cells of at most
 * TABLE_CELL_MAX bytes), so a file of any length takes the same memory,
 * apart from an XLSX's shared strings, which are bounded on their own. */
#include <csv.h>
#include <glib.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "returns/table.h"

#define SLOT (TABLE_CELL_MAX + 1)
#define PROGRESS_STEP (1u << 20)        /* report progress every MB */

/* One row being read. */
struct row {
	char *arena;                    /* TABLE_COLS_MAX slots of SLOT bytes */
	char *cells[TABLE_COLS_MAX];
	int n;                          /* cells so far (the highest filled + 1) */
};

static bool row_init(struct row *w)
{
	w->arena = malloc((size_t)TABLE_COLS_MAX * SLOT);
	if (!w->arena)
		return false;
	for (int i = 0; i < TABLE_COLS_MAX; i++) {
		w->cells[i] = w->arena + (size_t)i * SLOT;
		w->cells[i][0] = '\0';
	}
	w->n = 0;
	return true;
}

static void row_clear(struct row *w)
{
	for (int i = 0; i < w->n; i++)
		w->cells[i][0] = '\0';
	w->n = 0;
}

static bool row_empty(const struct row *w)
{
	for (int i = 0; i < w->n; i++)
		if (w->cells[i][0])
			return false;
	return true;
}

/* Column letters of a cell reference ("AB12") as an index from 0; -1 when
 * there are none or too many. */
static int column_of(const char *ref)
{
	int col = 0, k = 0;
	for (; ref[k] >= 'A' && ref[k] <= 'Z'; k++) {
		if (k >= 3)
			return -1;
		col = col * 26 + (ref[k] - 'A' + 1);
	}
	return k ? col - 1 : -1;
}

void table_column_name(int col, char out[8])
{
	char tmp[8];
	int k = 0;
	for (col++; col > 0 && k < 7; col = (col - 1) / 26)
		tmp[k++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	out[k] = '\0';
}

int table_detect(const char *data, size_t len, enum table_format *f, char why[TABLE_WHY_MAX])
{
	static const unsigned char ole[] = { 0xD0, 0xCF, 0x11, 0xE0 };
	if (len == 0) {
		snprintf(why, TABLE_WHY_MAX, "The file is empty.");
		return -1;
	}
	if (len >= 4 && memcmp(data, ole, 4) == 0) {
		snprintf(why, TABLE_WHY_MAX, "This is an old Excel workbook (.xls): save it as .xlsx or CSV and upload it again.");
		return -1;
	}
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
		snprintf(why, TABLE_WHY_MAX, "This is a PDF: upload the filled template as .xlsx or CSV.");
		return -1;
	}
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		/* an OpenDocument sheet names its type first, uncompressed */
		if (len >= 80 && memmem(data, 80, "opendocument", 12)) {
			snprintf(why, TABLE_WHY_MAX, "This is an OpenDocument sheet (.ods): save it as .xlsx or CSV and upload it again.");
			return -1;
		}
		*f = TABLE_XLSX;
		return 0;
	}
	*f = TABLE_CSV;
	return 0;
}

/* ---- CSV ---- */

struct csv_read {
	struct table_reader *r;
	struct row w;
	bool utf8;                      /* the whole text is UTF-8: no cell needs checking */
	long line;                      /* the line being fed, from 1 */
	long rows;                      /* rows so far as a spreadsheet counts them: records and blank lines */
	long begin;                     /* the row of the record being read */
	long start;                     /* the row of the record whose fields are being read; 0 before the first */
	int stop;
};

static void csv_fail(struct csv_read *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void csv_fail(struct csv_read *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->r->why, sizeof c->r->why, fmt, ap);
	va_end(ap);
	c->stop = -1;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_read *c = data;
	if (c->stop)
		return;
	if (c->w.n == 0 && !c->start)
		c->start = c->begin;
	char col[8];
	table_column_name(c->w.n, col);
	if (c->w.n >= TABLE_COLS_MAX) {
		csv_fail(c, "Row %ld has more than 32 columns (from column %s on): use the template's columns.", c->start, col);
		return;
	}
	if (len > TABLE_CELL_MAX) {
		csv_fail(c, "Row %ld, column %s holds more than 4096 bytes.", c->start, col);
		return;
	}
	if (!c->utf8 && !g_utf8_validate(s, (gssize)len, NULL)) {
		csv_fail(c, "Row %ld, column %s is not UTF-8 text: save the file as \"CSV UTF-8\" and upload it again.",
			 c->start, col);
		return;
	}
	memcpy(c->w.cells[c->w.n], s, len);
	c->w.cells[c->w.n][len] = '\0';
	c->w.n++;
}

static void on_row(int term, void *data)
{
	(void)term;
	struct csv_read *c = data;
	if (!c->stop && !row_empty(&c->w))
		c->stop = c->r->row(c->r->ctx, c->start, c->w.n, c->w.cells);
	row_clear(&c->w);
	c->start = 0;
}

/* The delimiter the first line uses most, outside quotes: ',', ';' or tab. */
static unsigned char csv_delimiter(const char *data, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && i < 65536; i++) {
		char ch = data[i];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted)
			comma += ch == ',', semi += ch == ';', tab += ch == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

static int csv_read(const char *data, size_t len, struct table_reader *r)
{
	char *converted = NULL;
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		gsize out_len = 0;
		GError *err = NULL;
		converted = g_convert(data + 2, (gssize)(len - 2), "UTF-8", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NULL,
				      &out_len, &err);
		if (!converted) {
			snprintf(r->why, sizeof r->why, "The file says it is UTF-16 text but is not (%s): save it as \"CSV UTF-8\".",
				 err ? err->message : "?");
			g_clear_error(&err);
			return -1;
		}
		data = converted;
		len = out_len;
	} else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	/* one pass over the whole text is cheaper than one a cell; when it
	 * fails, the cells are checked to name the first that is not UTF-8 */
	struct csv_read c = { .r = r, .line = 0, .utf8 = g_utf8_validate_len(data, len, NULL) };
	struct csv_parser p;
	if (!row_init(&c.w) || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(c.w.arena);
		g_free(converted);
		snprintf(r->why, sizeof r->why, "Out of memory.");
		return -1;
	}
	csv_set_delim(&p, csv_delimiter(data, len));
	size_t off = 0, reported = 0;
	const char *cr_at = memchr(data, '\r', len);
	while (off < len && !c.stop) {
		/* a line ends at LF, CRLF or a lone CR (as old Macs wrote); the next
		 * CR is looked for again only once passed, so a file without any is
		 * not searched to its end at every line */
		if (cr_at != NULL && cr_at < data + off)
			cr_at = memchr(data + off, '\r', len - off);
		const char *lf = memchr(data + off, '\n', len - off), *cr = cr_at;
		const char *nl = cr && (!lf || cr < lf) ? (cr + 1 < data + len && cr[1] == '\n' ? cr + 1 : cr) : lf;
		size_t n = nl ? (size_t)(nl - (data + off)) + 1 : len - off;
		c.line++;
		/* libcsv's ROW_NOT_BEGUN: this line is a new row of the sheet (a
		 * record, or a blank line); a record's quoted line breaks are not */
		if (p.pstate == 0)
			c.begin = ++c.rows;
		if (csv_parse(&p, data + off, n, on_field, on_row, &c) != n && !c.stop) {
			snprintf(r->why, sizeof r->why, "Line %ld is not well-formed CSV (%s): a quote may be missing.", c.line,
				 csv_strerror(csv_error(&p)));
			c.stop = -1;
		}
		off += n;
		if (r->progress && off - reported >= PROGRESS_STEP) {
			r->progress(r->ctx, off, len);
			reported = off;
		}
	}
	if (!c.stop && csv_fini(&p, on_field, on_row, &c) != 0 && !c.stop) {
		snprintf(r->why, sizeof r->why, "The file ends inside a quoted cell (from line %ld): a closing quote is missing.",
			 c.start ? c.start : c.line);
		c.stop = -1;
	}
	if (!c.stop && r->progress)
		r->progress(r->ctx, len, len);
	csv_free(&p);
	free(c.w.arena);
	g_free(converted);
	return c.stop;
}

/* ---- XLSX ---- */

/* One entry of the workbook fed to libxml2, its bytes counted against
 * TABLE_XML_MAX for the whole file. */
struct entry_input {
	zip_file_t *file;
	uint64_t *total;                /* XML bytes of the file so far */
	uint64_t done, size;            /* of this entry */
	struct table_reader *r;         /* progress reported, when set */
	uint64_t reported;
	bool too_big, broken;
};

static int entry_read(void *ctx, char *buffer, int len)
{
	struct entry_input *in = ctx;
	if (len <= 0)
		return 0;
	if (*in->total >= TABLE_XML_MAX) {
		in->too_big = true;
		return -1;
	}
	uint64_t want = (uint64_t)len;
	if (want > TABLE_XML_MAX - *in->total)
		want = TABLE_XML_MAX - *in->total;
	zip_int64_t n = zip_fread(in->file, buffer, want);
	if (n < 0) {
		in->broken = true;
		return -1;
	}
	*in->total += (uint64_t)n;
	in->done += (uint64_t)n;
	if (in->r && in->r->progress && in->done - in->reported >= PROGRESS_STEP) {
		in->r->progress(in->r->ctx, in->done, in->size > in->done ? in->size : in->done);
		in->reported = in->done;
	}
	return (int)n;
}

static void xml_quiet(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
	(void)arg, (void)msg, (void)severity, (void)loc;
}

/* A reader over the entry named name; NULL when there is none (*missing)
 * or it cannot be opened. */
static xmlTextReaderPtr entry_open(zip_t *za, const char *name, struct entry_input *in, bool *missing)
{
	zip_stat_t st;
	*missing = false;
	zip_int64_t idx = zip_name_locate(za, name, 0);
	if (idx < 0) {
		*missing = true;
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		in->size = st.size;
	in->file = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!in->file)
		return NULL;
	xmlTextReaderPtr x = xmlReaderForIO(entry_read, NULL, in, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!x) {
		zip_fclose(in->file);
		in->file = NULL;
		return NULL;
	}
	xmlTextReaderSetErrorHandler(x, xml_quiet, NULL);
	return x;
}

static void entry_close(xmlTextReaderPtr x, struct entry_input *in)
{
	if (x)
		xmlFreeTextReader(x);
	if (in->file)
		zip_fclose(in->file);
	in->file = NULL;
}

/* The value of the attribute whose local name is local, or NULL. */
static const char *attr(xmlTextReaderPtr x, const char *local, char *out, size_t n)
{
	const char *found = NULL;
	if (xmlTextReaderMoveToFirstAttribute(x) != 1)
		return NULL;
	do {
		const char *name = (const char *)xmlTextReaderConstLocalName(x);
		if (name && strcmp(name, local) == 0) {
			const char *v = (const char *)xmlTextReaderConstValue(x);
			snprintf(out, n, "%s", v ? v : "");
			found = out;
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(x) == 1);
	xmlTextReaderMoveToElement(x);
	return found;
}

/* The sheet to read: "Values" if the workbook has one, else its first
 * sheet; the zip name goes to path.  Falls back on the usual name. */
static void find_sheet(zip_t *za, uint64_t *total, char path[256], bool *date1904)
{
	char want[128] = "", rid[128], name[128];
	struct entry_input in = { .total = total };
	bool missing;
	xmlTextReaderPtr x = entry_open(za, "xl/workbook.xml", &in, &missing);
	snprintf(path, 256, "xl/worksheets/sheet1.xml");
	while (x && xmlTextReaderRead(x) == 1) {
		if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *local = (const char *)xmlTextReaderConstLocalName(x);
		if (local && strcmp(local, "workbookPr") == 0 && attr(x, "date1904", name, sizeof name))
			*date1904 = strcmp(name, "1") == 0 || strcmp(name, "true") == 0;
		if (!local || strcmp(local, "sheet") != 0 || !attr(x, "id", rid, sizeof rid))
			continue;
		bool values = attr(x, "name", name, sizeof name) && g_ascii_strcasecmp(name, "Values") == 0;
		if (!want[0] || values)
			snprintf(want, sizeof want, "%s", rid);
		if (values)
			break;
	}
	entry_close(x, &in);
	if (!want[0])
		return;
	in = (struct entry_input){ .total = total };
	x = entry_open(za, "xl/_rels/workbook.xml.rels", &in, &missing);
	char id[128], target[200];
	while (x && xmlTextReaderRead(x) == 1) {
		if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *local = (const char *)xmlTextReaderConstLocalName(x);
		if (!local || strcmp(local, "Relationship") != 0 || !attr(x, "Id", id, sizeof id) || strcmp(id, want) != 0 ||
		    !attr(x, "Target", target, sizeof target))
			continue;
		if (target[0] == '/')
			snprintf(path, 256, "%s", target + 1);
		else
			snprintf(path, 256, "xl/%s", target);
		break;
	}
	entry_close(x, &in);
}

/* The workbook's shared strings, in order, each cut at SLOT bytes (so a
 * longer one is still seen as too long).  -1 when broken or too big. */
static int read_strings(zip_t *za, uint64_t *total, GPtrArray *strings, char *why)
{
	struct entry_input in = { .total = total };
	bool missing;
	xmlTextReaderPtr x = entry_open(za, "xl/sharedStrings.xml", &in, &missing);
	if (!x) {
		if (missing)
			return 0;
		snprintf(why, TABLE_WHY_MAX, "The workbook's shared strings cannot be read: save it again as .xlsx.");
		return -1;
	}
	GString *s = NULL;
	int text = 0, phonetic = 0, rc;
	uint64_t bytes = 0;
	while ((rc = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *local = (const char *)xmlTextReaderConstLocalName(x);
		if (type == XML_READER_TYPE_ELEMENT && local) {
			bool empty = xmlTextReaderIsEmptyElement(x);
			if (strcmp(local, "si") == 0) {
				if (s)
					g_string_free(s, TRUE);
				s = g_string_new(NULL);
				/* each string costs its bytes and its keeping: a workbook of
				 * millions of empty strings is as heavy as one of text */
				bytes += 64;
				if (bytes > TABLE_STRINGS_MAX) {
					rc = -2;
					break;
				}
				if (empty) {
					g_ptr_array_add(strings, g_string_free(s, FALSE));
					s = NULL;
				}
			} else if (!empty && strcmp(local, "t") == 0) {
				text++;
			} else if (!empty && strcmp(local, "rPh") == 0) {
				phonetic++;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && local) {
			if (strcmp(local, "si") == 0 && s) {
				g_ptr_array_add(strings, g_string_free(s, FALSE));
				s = NULL;
			} else if (strcmp(local, "t") == 0 && text > 0) {
				text--;
			} else if (strcmp(local, "rPh") == 0 && phonetic > 0) {
				phonetic--;
			}
		} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && s && text &&
			   !phonetic) {
			const char *v = (const char *)xmlTextReaderConstValue(x);
			size_t n = v ? strlen(v) : 0;
			if (s->len + n > SLOT)
				n = SLOT - s->len;
			g_string_append_len(s, v, (gssize)n);
			bytes += n;
			if (bytes > TABLE_STRINGS_MAX) {
				rc = -2;
				break;
			}
		}
	}
	if (s)
		g_string_free(s, TRUE);
	entry_close(x, &in);
	if (rc != 0) {
		snprintf(why, TABLE_WHY_MAX, in.too_big ? "The workbook is too big to import once unpacked (over 1 GB of XML)."
					     : rc == -2 ? "The workbook holds too many strings to import (over 64 MB with their keeping)."
					     : "The workbook's shared strings are damaged: save it again as .xlsx.");
		return -1;
	}
	return 0;
}

struct sheet_read {
	struct table_reader *r;
	GPtrArray *strings;
	struct row w;
	long row;                       /* the row being read */
	int col;                        /* the cell being read, -1 outside one */
	char type[16];                  /* its t attribute */
	GString *value;                 /* its <v> or inline text */
	int in_v, in_t, in_is, phonetic;
	int stop;
};

static void sheet_fail(struct sheet_read *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sheet_fail(struct sheet_read *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->r->why, sizeof s->r->why, fmt, ap);
	va_end(ap);
	s->stop = -1;
}

/* The cell just closed goes into its slot. */
static void cell_end(struct sheet_read *s)
{
	const char *text = s->value->str;
	char col[8];
	table_column_name(s->col, col);
	if (strcmp(s->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(text, &end, 10);
		if (!*text || *end || i >= s->strings->len) {
			sheet_fail(s, "Row %ld, column %s points at a shared string the workbook does not have: save it again as .xlsx.",
				   s->row, col);
			return;
		}
		text = g_ptr_array_index(s->strings, i);
	} else if (strcmp(s->type, "b") == 0) {
		text = strcmp(text, "1") == 0 ? "TRUE" : "FALSE";
	}
	if (!*text)
		return;
	if (s->col >= TABLE_COLS_MAX) {
		sheet_fail(s, "Row %ld has a value in column %s, past the 32 columns a return's sheet may have.", s->row, col);
		return;
	}
	size_t n = strlen(text);
	if (n > TABLE_CELL_MAX) {
		sheet_fail(s, "Row %ld, column %s holds more than 4096 bytes.", s->row, col);
		return;
	}
	memcpy(s->w.cells[s->col], text, n + 1);
	if (s->col >= s->w.n)
		s->w.n = s->col + 1;
}

static void sheet_element(struct sheet_read *s, xmlTextReaderPtr x, const char *local)
{
	char buf[32];
	bool empty = xmlTextReaderIsEmptyElement(x);
	if (strcmp(local, "row") == 0) {
		row_clear(&s->w);
		long n = attr(x, "r", buf, sizeof buf) ? strtol(buf, NULL, 10) : 0;
		s->row = n > 0 && n <= 1048576 ? n : s->row + 1;
		s->col = -1;
	} else if (strcmp(local, "c") == 0) {
		int col = attr(x, "r", buf, sizeof buf) ? column_of(buf) : -1;
		s->col = col >= 0 ? col : s->w.n;
		if (!attr(x, "t", s->type, sizeof s->type))
			s->type[0] = '\0';
		g_string_truncate(s->value, 0);
		if (empty) {
			if (s->col >= s->w.n && s->col < TABLE_COLS_MAX)
				s->w.n = s->col + 1;
			s->col = -1;
		}
	} else if (!empty && s->col >= 0) {
		if (strcmp(local, "v") == 0)
			s->in_v++;
		else if (strcmp(local, "is") == 0)
			s->in_is++;
		else if (strcmp(local, "t") == 0 && s->in_is)
			s->in_t++;
		else if (strcmp(local, "rPh") == 0)
			s->phonetic++;
	}
}

static void sheet_end(struct sheet_read *s, const char *local)
{
	if (strcmp(local, "row") == 0) {
		if (!row_empty(&s->w))
			s->stop = s->r->row(s->r->ctx, s->row, s->w.n, s->w.cells);
		row_clear(&s->w);
	} else if (strcmp(local, "c") == 0 && s->col >= 0) {
		cell_end(s);
		s->col = -1;
		s->in_v = s->in_t = s->in_is = s->phonetic = 0;
	} else if (strcmp(local, "v") == 0 && s->in_v) {
		s->in_v--;
	} else if (strcmp(local, "is") == 0 && s->in_is) {
		s->in_is--;
	} else if (strcmp(local, "t") == 0 && s->in_t) {
		s->in_t--;
	} else if (strcmp(local, "rPh") == 0 && s->phonetic) {
		s->phonetic--;
	}
}

static int read_sheet(zip_t *za, const char *path, uint64_t *total, GPtrArray *strings, struct table_reader *r)
{
	struct entry_input in = { .total = total, .r = r };
	bool missing;
	xmlTextReaderPtr x = entry_open(za, path, &in, &missing);
	if (!x) {
		snprintf(r->why, sizeof r->why, missing ? "The workbook has no sheet to read (%s is missing)."
							: "The workbook's sheet cannot be opened: save it again as .xlsx.", path);
		return -1;
	}
	struct sheet_read s = { .r = r, .strings = strings, .col = -1, .value = g_string_new(NULL) };
	if (!row_init(&s.w)) {
		entry_close(x, &in);
		g_string_free(s.value, TRUE);
		snprintf(r->why, sizeof r->why, "Out of memory.");
		return -1;
	}
	int rc;
	while (!s.stop && (rc = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *local = (const char *)xmlTextReaderConstLocalName(x);
		if (type == XML_READER_TYPE_ELEMENT && local)
			sheet_element(&s, x, local);
		else if (type == XML_READER_TYPE_END_ELEMENT && local)
			sheet_end(&s, local);
		else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && s.col >= 0 &&
			 (s.in_v || s.in_t) && !s.phonetic) {
			const char *v = (const char *)xmlTextReaderConstValue(x);
			size_t n = v ? strlen(v) : 0;
			if (s.value->len + n > SLOT)
				n = SLOT - s.value->len;
			g_string_append_len(s.value, v, (gssize)n);
		}
	}
	if (!s.stop && rc != 0) {
		snprintf(r->why, sizeof r->why, in.too_big ? "The workbook is too big to import once unpacked (over 1 GB of XML)."
			 : "The workbook's sheet is damaged or cut short after row %ld: save it again as .xlsx.", s.row);
		s.stop = -1;
	}
	if (!s.stop && r->progress)
		r->progress(r->ctx, in.done, in.done);
	entry_close(x, &in);
	g_string_free(s.value, TRUE);
	free(s.w.arena);
	return s.stop;
}

static int xlsx_read(const char *data, size_t len, struct table_reader *r)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!za) {
		snprintf(r->why, sizeof r->why, "The workbook cannot be opened: it is damaged or cut short (%s)."
			 " Save it again as .xlsx and upload it again.", zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	uint64_t total = 0;
	char sheet[256];
	find_sheet(za, &total, sheet, &r->date1904);
	GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
	int rc = read_strings(za, &total, strings, r->why);
	if (rc == 0)
		rc = read_sheet(za, sheet, &total, strings, r);
	g_ptr_array_free(strings, TRUE);
	zip_discard(za);                /* frees src too */
	return rc;
}

int table_read(enum table_format f, const char *data, size_t len, struct table_reader *r)
{
	r->why[0] = '\0';
	r->date1904 = false;
	return f == TABLE_XLSX ? xlsx_read(data, len, r) : csv_read(data, len, r);
}
