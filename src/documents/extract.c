/* The text of a stored file, for the search index, and its page count.
 *
 * A file comes from a user, so it is read in a child process of this
 * binary (`ahtcell extract-text MIME PATH`) with 256 MB of address space,
 * 60 s of CPU and no core file: a PDF that makes poppler crash, loop or
 * swell takes down only the child, and the server answers "the PDF could
 * not be read" instead.  The child writes "PAGES\n" and then the text.
 *
 * Every reader pours its text through one sink, which keeps what the index
 * and the snippets rely on: valid UTF-8 only (invalid bytes dropped),
 * control characters other than \n and \t turned into spaces (so the
 * snippet markers 0x02 and 0x03 never occur), and at most DOC_TEXT_MAX
 * bytes, cut between two characters.
 *
 *   PDF        poppler-glib, page by page, each page freed at once
 *   text       read in chunks, a character split across two chunks joined
 *   ODT, ODS   content.xml             } libzip streams the entry into
 *   DOCX       word/document.xml       } libxml2's xmlTextReader: no
 *   XLSX       xl/sharedStrings.xml +  } network, no entity expansion, no
 *              xl/worksheets/sheet*.xml} DTD, at most 64 MB of XML a file */
#include "documents/documents.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/xmlreader.h>
#include <poppler.h>
#include <zip.h>

/* XML decompressed from one office file, all entries together: past it the
 * file is a zip bomb or absurd, and what was read so far is kept. */
#define EXTRACT_XML_MAX      (64ULL * 1024 * 1024)
/* Worksheets of one XLSX read at most. */
#define EXTRACT_SHEETS_MAX   1000
/* Bytes of a plain text file read at most (a stored file is smaller). */
#define EXTRACT_PLAIN_MAX    ((size_t)DOC_FILE_MAX)
/* The child's limits. */
#define EXTRACT_AS_MAX       (256ULL * 1024 * 1024)
#define EXTRACT_SECONDS      60
/* AddressSanitizer reserves terabytes of address space for its shadow
 * memory, so under it (`make sanitize`) the child gets no address-space
 * limit; the CPU limit and the deadline still hold. */
#if defined(__SANITIZE_ADDRESS__)
#define EXTRACT_LIMIT_AS     0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXTRACT_LIMIT_AS     0
#endif
#endif
#ifndef EXTRACT_LIMIT_AS
#define EXTRACT_LIMIT_AS     1
#endif
/* Bytes of the child's stderr kept to explain a failure. */
#define EXTRACT_STDERR_KEEP  200
/* "PAGES\n": a decimal int and its newline. */
#define EXTRACT_HEAD_MAX     16

/* ---- the sink ---- */

/* Where extracted text goes.  Invariants: out gets only whole, valid UTF-8
 * characters with no control character but \n and \t; added <= limit;
 * staged bytes are counted in added but not yet in out. */
struct sink {
	struct buf *out;
	size_t limit;           /* bytes this sink may add to out */
	size_t added;
	char stage[4096];       /* batches small writes to out */
	size_t staged;
	char pending;           /* separator owed before the next text, 0 none */
	bool any;               /* some text was written: separators may follow */
	bool full;              /* a character did not fit: the text is cut */
	bool failed;            /* out could not grow (memory) */
};

/* Starts a sink appending to out, bounded by DOC_TEXT_MAX and by what out
 * may still hold. */
static void sink_init(struct sink *s, struct buf *out)
{
	memset(s, 0, sizeof *s);
	s->out = out;
	size_t room = out->max > out->len ? out->max - out->len : 0;
	s->limit = room < (size_t)DOC_TEXT_MAX ? room : (size_t)DOC_TEXT_MAX;
}

/* Moves the staged bytes to out. */
static void sink_flush(struct sink *s)
{
	if (s->staged && !s->failed && buf_append(s->out, s->stage, s->staged) != 0)
		s->failed = true;
	s->staged = 0;
}

/* Writes one whole character (n <= 4 bytes, already checked) unless the
 * limit is reached; false when the text is full. */
static bool sink_put(struct sink *s, const char *p, size_t n)
{
	if (s->full || s->failed)
		return false;
	if (s->added + n > s->limit) {
		s->full = true;
		return false;
	}
	if (s->staged + n > sizeof s->stage)
		sink_flush(s);
	memcpy(s->stage + s->staged, p, n);
	s->staged += n;
	s->added += n;
	return true;
}

/* Rank of a separator: a newline outweighs a tab, which outweighs a space. */
static int sep_rank(char c)
{
	return c == '\n' ? 3 : c == '\t' ? 2 : c == ' ' ? 1 : 0;
}

/* Owes a separator (' ', '\t' or '\n') before the next text; several in a
 * row become the strongest one, and none is written before the first text
 * or after the last. */
static void sink_sep(struct sink *s, char c)
{
	if (sep_rank(c) > sep_rank(s->pending))
		s->pending = c;
}

/* Writes one character of text, paying the separator owed first. */
static bool sink_char(struct sink *s, const char *p, size_t n)
{
	if (s->pending) {
		char sep = s->pending;
		s->pending = 0;
		if (s->any && !sink_put(s, &sep, 1))
			return false;
	}
	s->any = true;
	return sink_put(s, p, n);
}

/* Writes n bytes of text in any state: invalid UTF-8 bytes are dropped,
 * control characters (C0 but \n and \t, DEL, C1) become spaces.  When
 * partial_ok, an incomplete character at the end is left unread for the
 * next call (a file read in chunks).  Returns the bytes consumed. */
static size_t sink_text(struct sink *s, const char *p, size_t n, bool partial_ok)
{
	size_t i = 0;
	while (i < n && !s->full && !s->failed) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x80) {
			char ch = (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f)) ? (char)c : ' ';
			sink_char(s, &ch, 1);
			i++;
			continue;
		}
		gunichar u = g_utf8_get_char_validated(p + i, (gssize)(n - i));
		if (u == (gunichar)-2 && partial_ok && n - i < 4 && !memchr(p + i, 0, n - i))
			break;          /* the rest of this character comes next */
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			i++;            /* not UTF-8: dropped */
			continue;
		}
		size_t len = (size_t)g_utf8_skip[c];
		if (u <= 0x9f)
			sink_char(s, " ", 1);
		else
			sink_char(s, p + i, len);
		i += len;
	}
	return i;
}

/* Ends the sink: everything staged goes to out.  0, or -1 when out could
 * not grow. */
static int sink_finish(struct sink *s)
{
	sink_flush(s);
	return s->failed ? -1 : 0;
}

/* ---- PDF ---- */

/* Text of a PDF, page by page; *pages gets the page count. */
static int extract_pdf(const char *path, struct sink *s, int *pages, char why[256])
{
	int rc = -1;
	GError *error = NULL;
	PopplerDocument *doc = NULL;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, 256, "the file could not be opened: %s", g_strerror(errno));
		goto cleanup;
	}
	doc = poppler_document_new_from_fd(fd, NULL, &error); /* owns fd from here, even on failure */
	if (!doc) {
		if (error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
			snprintf(why, 256, "the PDF is protected by a password, so its text cannot be read");
		else
			snprintf(why, 256, "the PDF could not be read: %s",
				 error && error->message ? error->message : "unknown error");
		goto cleanup;
	}
	int n = poppler_document_get_n_pages(doc);
	for (int i = 0; i < n && !s->full && !s->failed; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		char *text = poppler_page_get_text(page);
		g_object_unref(page);   /* its text page and fonts go now, not at the end */
		if (text) {
			sink_sep(s, '\n');
			sink_text(s, text, strlen(text), false);
			g_free(text);
		}
	}
	*pages = n < 0 ? 0 : n;
	rc = 0;
cleanup:
	if (doc)
		g_object_unref(doc);
	if (error)
		g_error_free(error);
	return rc;
}

/* ---- plain text ---- */

/* Text of a plain text file, read in chunks; a character cut by a chunk's
 * end is carried to the next. */
static int extract_plain(const char *path, struct sink *s, char why[256])
{
	int rc = -1;
	char chunk[16384];
	size_t carry = 0, total = 0;

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, 256, "the file could not be opened: %s", g_strerror(errno));
		goto cleanup;
	}
	while (!s->full && !s->failed && total < EXTRACT_PLAIN_MAX) {
		ssize_t n = read(fd, chunk + carry, sizeof chunk - carry);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, 256, "the text file could not be read: %s", g_strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		size_t have = carry + (size_t)n;
		size_t used = sink_text(s, chunk, have, true);
		carry = have - used;
		if (carry)
			memmove(chunk, chunk + used, carry);
	}
	if (carry)                      /* a truncated character at the end */
		sink_text(s, chunk, carry, false);
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* ---- ODT, ODS, DOCX, XLSX ---- */

/* Which XML vocabulary a walk reads. */
enum xml_kind { XML_ODF, XML_DOCX, XML_XLSX_STRINGS, XML_XLSX_SHEET };

/* One zip entry fed to libxml2.  total counts the XML of the whole file
 * (shared by its entries); too_big is set when EXTRACT_XML_MAX is reached. */
struct xml_input {
	zip_file_t *file;
	unsigned long long *total;
	bool too_big;
	bool read_failed;
	char error[128];
};

/* libxml2's read callback: the next bytes of the entry, 0 at its end or at
 * the bound, -1 when the zip data is corrupt. */
static int xml_input_read(void *ctx, char *buffer, int len)
{
	struct xml_input *in = ctx;
	if (len <= 0)
		return 0;
	if (*in->total >= EXTRACT_XML_MAX) {
		in->too_big = true;
		return 0;
	}
	unsigned long long want = (unsigned long long)len;
	if (want > EXTRACT_XML_MAX - *in->total)
		want = EXTRACT_XML_MAX - *in->total;
	zip_int64_t n = zip_fread(in->file, buffer, (zip_uint64_t)want);
	if (n < 0) {
		in->read_failed = true;
		snprintf(in->error, sizeof in->error, "%s", zip_file_strerror(in->file));
		return -1;
	}
	*in->total += (unsigned long long)n;
	return (int)n;
}

/* The first error libxml2 reports, trailing newline dropped. */
struct xml_errors {
	char first[160];
};

/* libxml2's error callback for a reader: keeps the first error only (and
 * keeps libxml2 from printing to stderr). */
static void xml_error(void *arg, const char *msg, xmlParserSeverities severity,
		      xmlTextReaderLocatorPtr locator)
{
	(void)locator;
	struct xml_errors *e = arg;
	if (e->first[0] || !msg)
		return;
	if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	snprintf(e->first, sizeof e->first, "%s", msg);
	size_t n = strlen(e->first);
	while (n && (e->first[n - 1] == '\n' || e->first[n - 1] == ' '))
		e->first[--n] = 0;
}

/* Where a walk is in the document.  Each depth counts open elements of
 * that name (empty elements are never counted). */
struct xml_walk {
	enum xml_kind kind;
	int text_depth;         /* inside w:t / x:t */
	int skip_depth;         /* inside x:rPh (phonetic reading, not text) */
	int inline_depth;       /* inside x:is (an inline string of a sheet) */
	int cell_depth;         /* inside a table cell: paragraphs end in a space */
};

/* What a walk does at the start of an element (local name). */
static void walk_open(struct xml_walk *w, struct sink *s, const char *name, bool empty)
{
	bool para = strcmp(name, "p") == 0 || (w->kind == XML_ODF && strcmp(name, "h") == 0);
	if (para && empty)
		sink_sep(s, w->cell_depth ? ' ' : '\n');
	switch (w->kind) {
	case XML_ODF:
		if (strcmp(name, "s") == 0)
			sink_sep(s, ' ');
		else if (strcmp(name, "tab") == 0)
			sink_sep(s, '\t');
		else if (strcmp(name, "line-break") == 0)
			sink_sep(s, '\n');
		else if (!empty && (strcmp(name, "table-cell") == 0 || strcmp(name, "covered-table-cell") == 0))
			w->cell_depth++;
		break;
	case XML_DOCX:
		if (!empty && strcmp(name, "t") == 0)
			w->text_depth++;
		else if (strcmp(name, "tab") == 0)
			sink_sep(s, '\t');
		else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0)
			sink_sep(s, '\n');
		else if (!empty && strcmp(name, "tc") == 0)
			w->cell_depth++;
		break;
	case XML_XLSX_STRINGS:
	case XML_XLSX_SHEET:
		if (empty)
			break;
		if (strcmp(name, "t") == 0)
			w->text_depth++;
		else if (strcmp(name, "rPh") == 0)
			w->skip_depth++;
		else if (strcmp(name, "is") == 0)
			w->inline_depth++;
		break;
	}
}

/* Decrements a depth, never below zero. */
static void depth_down(int *d)
{
	if (*d > 0)
		(*d)--;
}

/* What a walk does at the end of an element (local name). */
static void walk_close(struct xml_walk *w, struct sink *s, const char *name)
{
	switch (w->kind) {
	case XML_ODF:
	case XML_DOCX:
		if (strcmp(name, "p") == 0 || (w->kind == XML_ODF && strcmp(name, "h") == 0)) {
			sink_sep(s, w->cell_depth ? ' ' : '\n');
		} else if (strcmp(name, w->kind == XML_ODF ? "table-cell" : "tc") == 0 ||
			   (w->kind == XML_ODF && strcmp(name, "covered-table-cell") == 0)) {
			depth_down(&w->cell_depth);
			sink_sep(s, '\t');
		} else if (strcmp(name, w->kind == XML_ODF ? "table-row" : "tr") == 0) {
			sink_sep(s, '\n');
		} else if (w->kind == XML_DOCX && strcmp(name, "t") == 0) {
			depth_down(&w->text_depth);
		}
		break;
	case XML_XLSX_STRINGS:
	case XML_XLSX_SHEET:
		if (strcmp(name, "t") == 0)
			depth_down(&w->text_depth);
		else if (strcmp(name, "rPh") == 0)
			depth_down(&w->skip_depth);
		else if (strcmp(name, "is") == 0)
			depth_down(&w->inline_depth);
		else if (strcmp(name, "si") == 0 || strcmp(name, "row") == 0)
			sink_sep(s, '\n');
		else if (strcmp(name, "c") == 0)
			sink_sep(s, '\t');
		break;
	}
}

/* Whether text met now is part of the document's text. */
static bool walk_takes_text(const struct xml_walk *w)
{
	switch (w->kind) {
	case XML_ODF:
		return true;
	case XML_DOCX:
	case XML_XLSX_STRINGS:
		return w->text_depth > 0 && w->skip_depth == 0;
	case XML_XLSX_SHEET:
		return w->text_depth > 0 && w->skip_depth == 0 && w->inline_depth > 0;
	}
	return false;
}

/* Streams the zip entry `index` through xmlTextReader and pours its text
 * into s.  A DTD is refused (office XML never has one; refusing it closes
 * the door on entity tricks), nothing is fetched from the network, and no
 * entity is expanded.  `label` names the file type for why. */
static int extract_xml_entry(zip_t *za, zip_uint64_t index, enum xml_kind kind, struct sink *s,
			     unsigned long long *total, const char *label, char why[256])
{
	int rc = -1;
	struct xml_input in = { .total = total };
	struct xml_errors errors = { .first = "" };
	struct xml_walk w = { .kind = kind };
	xmlTextReaderPtr reader = NULL;

	in.file = zip_fopen_index(za, index, 0);
	if (!in.file) {
		snprintf(why, 256, "the %s file could not be read: %s", label, zip_strerror(za));
		goto cleanup;
	}
	reader = xmlReaderForIO(xml_input_read, NULL, &in, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!reader) {
		snprintf(why, 256, "the %s file could not be read: out of memory", label);
		goto cleanup;
	}
	xmlTextReaderSetErrorHandler(reader, xml_error, &errors);

	int ret = 0;
	while (!s->full && !s->failed && (ret = xmlTextReaderRead(reader)) == 1) {
		int type = xmlTextReaderNodeType(reader);
		const char *name;
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
		case XML_READER_TYPE_ENTITY_REFERENCE:
			snprintf(why, 256, "the %s file holds a DTD or an entity, which office files never do", label);
			goto cleanup;
		case XML_READER_TYPE_ELEMENT:
			name = (const char *)xmlTextReaderConstLocalName(reader);
			if (name)
				walk_open(&w, s, name, xmlTextReaderIsEmptyElement(reader) == 1);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			name = (const char *)xmlTextReaderConstLocalName(reader);
			if (name)
				walk_close(&w, s, name);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
			if (walk_takes_text(&w)) {
				const char *value = (const char *)xmlTextReaderConstValue(reader);
				if (value)
					sink_text(s, value, strlen(value), false);
			}
			break;
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (walk_takes_text(&w))
				sink_sep(s, ' ');
			break;
		default:
			break;
		}
	}
	if (!s->full && !s->failed && ret < 0 && !in.too_big) {
		if (in.read_failed)
			snprintf(why, 256, "the %s file could not be read: %s", label, in.error);
		else
			snprintf(why, 256, "the %s file could not be read: %s", label,
				 errors.first[0] ? errors.first : "its XML is malformed");
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (reader)
		xmlFreeTextReader(reader);
	if (in.file)
		zip_fclose(in.file);
	return rc;
}

/* Whether a zip entry's name is a worksheet: xl/worksheets/sheetN.xml. */
static bool is_sheet_name(const char *name)
{
	static const char prefix[] = "xl/worksheets/sheet";
	size_t n = strlen(name);
	return strncmp(name, prefix, sizeof prefix - 1) == 0 && n > sizeof prefix - 1 + 4 &&
	       strcmp(name + n - 4, ".xml") == 0 && !strchr(name + sizeof prefix - 1, '/');
}

/* Text of an office file (a zip of XML); mime says which. */
static int extract_office(const char *path, const char *mime, struct sink *s, char why[256])
{
	int rc = -1;
	int err = 0;
	unsigned long long total = 0;
	const char *label;
	zip_t *za = NULL;

	bool odt = strcmp(mime, "application/vnd.oasis.opendocument.text") == 0;
	bool ods = strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet") == 0;
	bool docx = strcmp(mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") == 0;
	label = odt ? "ODT" : ods ? "ODS" : docx ? "DOCX" : "XLSX";

	za = zip_open(path, ZIP_RDONLY, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		snprintf(why, 256, "the %s file could not be read: %s", label, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto cleanup;
	}
	if (odt || ods || docx) {
		const char *entry = docx ? "word/document.xml" : "content.xml";
		zip_int64_t index = zip_name_locate(za, entry, 0);
		if (index < 0) {
			snprintf(why, 256, "the %s file could not be read: it has no %s", label, entry);
			goto cleanup;
		}
		rc = extract_xml_entry(za, (zip_uint64_t)index, docx ? XML_DOCX : XML_ODF, s, &total, label, why);
		goto cleanup;
	}
	/* XLSX: the shared strings (most of a workbook's text), then the
	 * strings written inline in the sheets. */
	bool found = false;
	zip_int64_t strings = zip_name_locate(za, "xl/sharedStrings.xml", 0);
	if (strings >= 0) {
		found = true;
		if (extract_xml_entry(za, (zip_uint64_t)strings, XML_XLSX_STRINGS, s, &total, label, why) != 0)
			goto cleanup;
	}
	zip_int64_t entries = zip_get_num_entries(za, 0);
	int sheets = 0;
	for (zip_int64_t i = 0; i < entries && sheets < EXTRACT_SHEETS_MAX && !s->full && !s->failed &&
				total < EXTRACT_XML_MAX; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		if (!name || !is_sheet_name(name))
			continue;
		found = true;
		sheets++;
		sink_sep(s, '\n');
		if (extract_xml_entry(za, (zip_uint64_t)i, XML_XLSX_SHEET, s, &total, label, why) != 0)
			goto cleanup;
	}
	if (!found) {
		snprintf(why, 256, "the XLSX file could not be read: it has no worksheet");
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (za)
		zip_discard(za);
	return rc;
}

/* ---- in this process ---- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2 must be initialised once before threads use it. */
static void xml_init(void)
{
	xmlInitParser();
}

/* Whether mime is an office type we read. */
static bool is_office(const char *mime)
{
	return strcmp(mime, "application/vnd.oasis.opendocument.text") == 0 ||
	       strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet") == 0 ||
	       strcmp(mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") == 0 ||
	       strcmp(mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") == 0;
}

/* See documents.h.  On failure out is left as it was. */
int docs_extract_text(const char *path, const char *mime, struct buf *out, int *pages, char why[256])
{
	int rc = -1;
	size_t start = out->len;
	struct sink s;

	why[0] = 0;
	*pages = 0;
	sink_init(&s, out);
	if (strcmp(mime, "application/pdf") == 0) {
		rc = extract_pdf(path, &s, pages, why);
	} else if (strcmp(mime, "text/plain") == 0) {
		rc = extract_plain(path, &s, why);
	} else if (is_office(mime)) {
		pthread_once(&xml_once, xml_init);
		rc = extract_office(path, mime, &s, why);
	} else {
		snprintf(why, 256, "files of type %.100s have no text that can be extracted", mime);
	}
	if (sink_finish(&s) != 0 && rc == 0) {
		snprintf(why, 256, "out of memory while keeping the text");
		rc = -1;
	}
	if (rc != 0) {
		out->len = start;
		if (out->data)
			out->data[start] = 0;
		*pages = 0;
	}
	return rc;
}

/* ---- in a child ---- */

/* Writes all n bytes to fd.  0, or -1 with errno. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* See documents.h.  argc/argv are main's: argv[1] is "extract-text",
 * argv[2] the MIME type, argv[3] the path.  Exit code 0, or 1 with one
 * line on stderr saying why (its last line is what the server reports). */
int docs_extract_main(int argc, char **argv)
{
	int rc = 1;
	int pages = 0;
	char why[256];
	char head[EXTRACT_HEAD_MAX];
	struct buf text;

	buf_init(&text, DOC_TEXT_MAX);
	if (argc != 4 || strcmp(argv[1], "extract-text") != 0) {
		fputs("usage: ahtcell extract-text MIME PATH\n", stderr);
		goto cleanup;
	}
	if (docs_extract_text(argv[3], argv[2], &text, &pages, why) != 0) {
		fprintf(stderr, "%s\n", why);
		goto cleanup;
	}
	int n = snprintf(head, sizeof head, "%d\n", pages);
	if (write_all(STDOUT_FILENO, head, (size_t)n) != 0 ||
	    write_all(STDOUT_FILENO, text.data ? text.data : "", text.len) != 0) {
		fprintf(stderr, "the text could not be written: %s\n", g_strerror(errno));
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_free(&text);
	return rc;
}

/* Moves *fd to a number above stdin/stdout/stderr (a server that closed
 * them would otherwise hand out 0-2 and the child's dup2 would mix them
 * up).  0 or -1. */
static int fd_above_stdio(int *fd)
{
	if (*fd > STDERR_FILENO)
		return 0;
	int moved = fcntl(*fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	if (moved < 0)
		return -1;
	close(*fd);
	*fd = moved;
	return 0;
}

/* Closes *fd if open and marks it closed. */
static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The last line of the child's stderr tail, as valid UTF-8 text without
 * control characters, into out (256).  Empty when there is none. */
static void last_line(const char *tail, size_t n, char out[256])
{
	struct buf b;
	out[0] = 0;
	while (n && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
		n--;
	const char *start = memrchr(tail, '\n', n);
	start = start ? start + 1 : tail;
	buf_init(&b, 200);
	struct sink s;
	sink_init(&s, &b);
	sink_text(&s, start, n - (size_t)(start - tail), false);
	if (sink_finish(&s) == 0 && b.len)
		snprintf(out, 256, "%s", b.data);
	buf_free(&b);
}

/* See documents.h.  Runs `/proc/self/exe extract-text MIME PATH` with
 * stdin /dev/null, stdout and stderr piped back; between fork and exec the
 * child only makes async-signal-safe calls (the server has threads).  The
 * child's output is read with a 60 s deadline, then the child is reaped
 * (killed first when late).  Its text is poured through a sink again, so
 * the invariants hold whatever the child wrote.  Thread-safe: every
 * descriptor is close-on-exec, so no other child inherits our pipes. */
static int extract_cancelled;

void docs_extract_cancel_all(void)
{
	__atomic_store_n(&extract_cancelled, 1, __ATOMIC_SEQ_CST);
}

int docs_extract_run(const char *path, const char *mime, struct buf *out, int *pages, char why[256])
{
	int rc = -1;
	int devnull = -1, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	pid_t pid = -1;
	bool timed_out = false, cancelled = false;
	int status = 0;
	struct buf got;
	char tail[EXTRACT_STDERR_KEEP];
	size_t tail_len = 0;
	char line[256];
	char chunk[16384];

	why[0] = 0;
	*pages = 0;
	buf_init(&got, (size_t)DOC_TEXT_MAX + EXTRACT_HEAD_MAX);
	char *const argv[] = { "ahtcell", "extract-text", (char *)mime, (char *)path, NULL };

	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0 || pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 ||
	    fd_above_stdio(&devnull) != 0 || fd_above_stdio(&outp[0]) != 0 || fd_above_stdio(&outp[1]) != 0 ||
	    fd_above_stdio(&errp[0]) != 0 || fd_above_stdio(&errp[1]) != 0) {
		snprintf(why, 256, "text extraction could not start: %s", g_strerror(errno));
		goto cleanup;
	}
	struct rlimit as = { EXTRACT_AS_MAX, EXTRACT_AS_MAX };
	struct rlimit cpu = { EXTRACT_SECONDS, EXTRACT_SECONDS + 1 };
	struct rlimit core = { 0, 0 };
	pid = fork();
	if (pid < 0) {
		snprintf(why, 256, "text extraction could not start: %s", g_strerror(errno));
		goto cleanup;
	}
	if (pid == 0) {
		/* The child: async-signal-safe calls only until execve. */
		sigset_t none;
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		sigaction(SIGPIPE, &dfl, NULL);
		if (dup2(devnull, STDIN_FILENO) < 0 || dup2(outp[1], STDOUT_FILENO) < 0 ||
		    dup2(errp[1], STDERR_FILENO) < 0)
			_exit(127);
		if ((EXTRACT_LIMIT_AS && setrlimit(RLIMIT_AS, &as) != 0) || setrlimit(RLIMIT_CPU, &cpu) != 0 ||
		    setrlimit(RLIMIT_CORE, &core) != 0)
			_exit(126);
		execve("/proc/self/exe", argv, environ);
		_exit(127);
	}
	close_fd(&devnull);
	close_fd(&outp[1]);
	close_fd(&errp[1]);

	int64_t deadline = util_mono_ms() + EXTRACT_SECONDS * 1000;
	while (outp[0] >= 0 || errp[0] >= 0) {
		int64_t left = deadline - util_mono_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (__atomic_load_n(&extract_cancelled, __ATOMIC_SEQ_CST)) {
			snprintf(why, 256, "text extraction stopped: the server is shutting down");
			timed_out = cancelled = true;
			break;
		}
		struct pollfd fds[2] = { { outp[0], POLLIN, 0 }, { errp[0], POLLIN, 0 } };
		int ready = poll(fds, 2, left < 200 ? (int)left : 200);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			snprintf(why, 256, "text extraction failed: %s", g_strerror(errno));
			timed_out = true;       /* kill and reap it below */
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close_fd(i == 0 ? &outp[0] : &errp[0]);
				continue;
			}
			if (i == 0) {
				size_t room = got.max - got.len;   /* more is discarded */
				size_t take = (size_t)n < room ? (size_t)n : room;
				if (take && buf_append(&got, chunk, take) != 0) {
					snprintf(why, 256, "out of memory while reading the text");
					timed_out = true;
					goto reap;
				}
			} else if ((size_t)n >= sizeof tail) {
				memcpy(tail, chunk + n - sizeof tail, sizeof tail);
				tail_len = sizeof tail;
			} else {
				size_t keep = sizeof tail - (size_t)n < tail_len ? sizeof tail - (size_t)n : tail_len;
				memmove(tail, tail + tail_len - keep, keep);
				memcpy(tail + keep, chunk, (size_t)n);
				tail_len = keep + (size_t)n;
			}
		}
	}
	/* Both pipes closed: the child is exiting; give it until the deadline. */
	while (!timed_out) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			pid = -1;
			break;
		}
		if (w < 0 && errno != EINTR) {
			/* ECHILD: someone else reaped it (SIGCHLD ignored). */
			snprintf(why, 256, "text extraction ended in an unknown way");
			pid = -1;
			goto cleanup;
		}
		if (util_mono_ms() >= deadline) {
			timed_out = true;
			break;
		}
		struct timespec nap = { 0, 5 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
reap:
	if (pid > 0) {
		if (timed_out)
			kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		pid = -1;
		if (timed_out) {
			if (!why[0])
				snprintf(why, 256, "text extraction took longer than %d s", EXTRACT_SECONDS);
			goto cleanup;
		}
	}
	last_line(tail, tail_len, line);
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGXCPU || sig == SIGKILL)
			snprintf(why, 256, "text extraction took longer than %d s", EXTRACT_SECONDS);
		else if (strstr(line, "alloc"))
			snprintf(why, 256, "text extraction ran out of memory (limit %llu MB)",
				 EXTRACT_AS_MAX / (1024 * 1024));
		else
			snprintf(why, 256, "text extraction crashed (signal %d)", sig);
		goto cleanup;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (code == 126 || code == 127)
			snprintf(why, 256, "text extraction could not start (exit status %d)", code);
		else if (line[0])
			snprintf(why, 256, "%s", line);
		else
			snprintf(why, 256, "text extraction failed (exit status %d)", code);
		goto cleanup;
	}
	/* "PAGES\n" then the text. */
	const char *nl = got.len ? memchr(got.data, '\n', got.len < EXTRACT_HEAD_MAX ? got.len : EXTRACT_HEAD_MAX) : NULL;
	char head[EXTRACT_HEAD_MAX];
	long long n_pages = 0;
	if (!nl) {
		snprintf(why, 256, "text extraction returned no result");
		goto cleanup;
	}
	memcpy(head, got.data, (size_t)(nl - got.data));
	head[nl - got.data] = 0;
	if (!util_parse_int(head, 0, INT32_MAX, &n_pages)) {
		snprintf(why, 256, "text extraction returned a malformed result");
		goto cleanup;
	}
	size_t start = out->len;
	struct sink s;
	sink_init(&s, out);
	size_t body = (size_t)(nl + 1 - got.data);
	sink_text(&s, got.data + body, got.len - body, false);
	if (sink_finish(&s) != 0) {
		out->len = start;
		if (out->data)
			out->data[start] = 0;
		snprintf(why, 256, "out of memory while keeping the text");
		goto cleanup;
	}
	*pages = (int)n_pages;
	rc = 0;
cleanup:
	close_fd(&devnull);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	buf_free(&got);
	return cancelled ? -2 : rc;
}
