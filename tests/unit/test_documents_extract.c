/* Unit tests of src/documents/extract.c and placeholder.c: the text of
 * PDFs (a placeholder made by placeholder.c, read back by poppler), plain
 * text, ODT, ODS, DOCX and XLSX files built here with libzip; what the text
 * may hold (valid UTF-8, no control characters but \n and \t, never the
 * snippet markers 0x02/0x03, at most DOC_TEXT_MAX bytes cut between
 * characters); hostile XML refused; and docs_extract_run, which re-executes
 * /proc/self/exe: this test binary answers `extract-text` like ahtcell
 * does, plus a few test-only types that crash or flood on purpose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib.h>
#include <zip.h>

#include "documents/documents.h"

#define ODT  "application/vnd.oasis.opendocument.text"
#define ODS  "application/vnd.oasis.opendocument.spreadsheet"
#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Under AddressSanitizer the child has no address-space limit (see
 * extract.c). */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* The folder the files of this run are written in (removed at the end). */
static char dir[64];

/* dir/name into out (PATH_MAX-ish). */
static void path_of(const char *name, char out[256])
{
	snprintf(out, 256, "%s/%s", dir, name);
}

/* Writes len bytes to dir/name; the path goes to out. */
static void write_file(const char *name, const void *data, size_t len, char out[256])
{
	path_of(name, out);
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* One entry of a zip built by write_zip. */
struct entry {
	const char *name;
	const char *data;       /* static: libzip reads it at zip_close */
};

/* Writes a zip of the given entries to dir/name; the path goes to out. */
static void write_zip(const char *name, const struct entry *entries, size_t n, char out[256])
{
	int err = 0;
	path_of(name, out);
	zip_t *za = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, entries[i].data, strlen(entries[i].data), 0);
		assert_non_null(src);
		assert_true(zip_file_add(za, entries[i].name, src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
}

/* Whether text is valid UTF-8 without the snippet markers or control
 * characters other than \n and \t. */
static bool text_is_clean(const char *text, size_t len)
{
	if (!g_utf8_validate(text, (gssize)len, NULL))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

/* Extracts path as mime into a fresh buffer (bounded by DOC_TEXT_MAX);
 * asserts the result is rc and, on success, clean.  Caller frees *out. */
static void extract(const char *path, const char *mime, int rc, struct buf *out, int *pages, char why[256])
{
	buf_init(out, DOC_TEXT_MAX);
	int got = docs_extract_text(path, mime, out, pages, why);
	if (got != rc)
		fail_msg("docs_extract_text(%s) returned %d, why: %s", path, got, why);
	if (rc == 0 && out->len)
		assert_true(text_is_clean(out->data, out->len));
}

/* ---- placeholder PDFs ---- */

static const char hindi_title[] = "मानव तस्करी पर परामर्श — Advisory on human trafficking as organized crime";
static const char about[] =
	"The advisory describes human trafficking as an organised crime carried out by criminal "
	"syndicates that recruit and exploit victims. लापता बच्चे की तलाश तुरंत की जानी चाहिए।";

static void placeholder_text_comes_back(void **state)
{
	(void)state;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char path[256], why[256];
	struct buf text;
	int pages = -1;
	assert_int_equal(docs_placeholder_pdf(hindi_title, "Advisory", "2012-04-30", about, &pdf, &len), 0);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	write_file("placeholder.pdf", pdf, len, path);
	free(pdf);

	extract(path, "application/pdf", 0, &text, &pages, why);
	assert_int_equal(pages, 1);
	assert_non_null(strstr(text.data, "AHT Cell — demo placeholder"));
	assert_non_null(strstr(text.data, "मानव तस्करी"));
	assert_non_null(strstr(text.data, "organized crime"));
	assert_non_null(strstr(text.data, "syndicates"));
	assert_non_null(strstr(text.data, "लापता बच्चे"));
	assert_non_null(strstr(text.data, "30 April 2012"));
	assert_non_null(strstr(text.data, "It is not the Ministry"));
	buf_free(&text);
}

static void placeholder_continues_on_a_second_page(void **state)
{
	(void)state;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char path[256], why[256];
	struct buf long_about, text;
	int pages = 0;
	buf_init(&long_about, 8000);
	for (int i = 0; i < 55; i++)
		assert_int_equal(buf_printf(&long_about, "Sentence %d of the paragraph about nodal officers. ", i), 0);
	assert_int_equal(buf_printf(&long_about, "Lastword."), 0);
	assert_int_equal(docs_placeholder_pdf("Minutes", NULL, NULL, long_about.data, &pdf, &len), 0);
	write_file("two-pages.pdf", pdf, len, path);
	free(pdf);

	extract(path, "application/pdf", 0, &text, &pages, why);
	assert_int_equal(pages, 2);
	assert_non_null(strstr(text.data, "Date of issue: not stated"));
	assert_non_null(strstr(text.data, "Sentence 0 of"));
	assert_non_null(strstr(text.data, "Lastword."));
	buf_free(&text);
	buf_free(&long_about);
}

static void placeholder_is_deterministic(void **state)
{
	(void)state;
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	assert_int_equal(docs_placeholder_pdf("Same", "SOP", "2011-06-27", "Same text.", &a, &alen), 0);
	assert_int_equal(docs_placeholder_pdf("Same", "SOP", "2011-06-27", "Same text.", &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	free(a);
	free(b);
}

static void placeholder_refuses_bad_input(void **state)
{
	(void)state;
	unsigned char *pdf = (unsigned char *)"sentinel";
	size_t len = 7;
	char long_title[DOC_TITLE_MAX + 2];
	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = 0;
	assert_int_equal(docs_placeholder_pdf("bad \xff title", NULL, NULL, "x", &pdf, &len), -1);
	assert_null(pdf);
	assert_int_equal(len, 0);
	assert_int_equal(docs_placeholder_pdf(long_title, NULL, NULL, "x", &pdf, &len), -1);
	assert_int_equal(docs_placeholder_pdf("", NULL, NULL, "x", &pdf, &len), -1);
	assert_int_equal(docs_placeholder_pdf("ok", NULL, NULL, "bad \xc3", &pdf, &len), -1);
	assert_null(pdf);
}

/* ---- plain text ---- */

static void plain_text_is_cleaned(void **state)
{
	(void)state;
	static const char raw[] = "ab\x02" "cd\x03" "ef\x01\r\n\tgh\xff\xfeij caf\xc3\xa9 \xc2\x85|\x7f|"
				  "\xe0\xa4x क्ष \xed\xa0\x80z\xe0\xa4";
	char path[256], why[256];
	struct buf text;
	int pages = -1;
	write_file("dirty.txt", raw, sizeof raw - 1, path);
	extract(path, "text/plain", 0, &text, &pages, why);
	assert_int_equal(pages, 0);
	assert_string_equal(text.data, "ab cd ef  \n\tghij café  | |x क्ष z");
	assert_null(memchr(text.data, 0x02, text.len));
	assert_null(memchr(text.data, 0x03, text.len));
	buf_free(&text);
}

static void plain_text_joins_a_character_split_between_reads(void **state)
{
	(void)state;
	/* extract.c reads 16 KB at a time: put "é" and "क" across the seams. */
	size_t n = 16384 * 2 + 10;
	char *raw = malloc(n);
	assert_non_null(raw);
	memset(raw, 'a', n);
	memcpy(raw + 16383, "\xc3\xa9", 2);
	memcpy(raw + 32766, "\xe0\xa4\x95", 3);
	char path[256], why[256];
	struct buf text;
	int pages;
	write_file("seams.txt", raw, n, path);
	extract(path, "text/plain", 0, &text, &pages, why);
	assert_int_equal(text.len, n);
	assert_memory_equal(text.data, raw, n);
	buf_free(&text);
	free(raw);
}

static void text_is_cut_at_a_character_boundary(void **state)
{
	(void)state;
	/* 3-byte characters: DOC_TEXT_MAX is not a multiple of 3. */
	size_t chars = DOC_TEXT_MAX / 3 + 100;
	char *raw = malloc(chars * 3);
	assert_non_null(raw);
	for (size_t i = 0; i < chars; i++)
		memcpy(raw + 3 * i, "क", 3);
	char path[256], why[256];
	struct buf text;
	int pages;
	write_file("long.txt", raw, chars * 3, path);
	extract(path, "text/plain", 0, &text, &pages, why);
	assert_true(DOC_TEXT_MAX % 3 != 0);
	assert_int_equal(text.len, (DOC_TEXT_MAX / 3) * 3);
	assert_true(g_utf8_validate(text.data, (gssize)text.len, NULL));
	buf_free(&text);

	/* A buffer with less room cuts there, also between characters, and
	 * what it held before stays. */
	buf_init(&text, 10);
	assert_int_equal(buf_append(&text, "ab", 2), 0);
	assert_int_equal(docs_extract_text(path, "text/plain", &text, &pages, why), 0);
	assert_int_equal(text.len, 8);
	assert_memory_equal(text.data, "abकक", 8);
	buf_free(&text);
	free(raw);
}

/* ---- office files ---- */

static void odt_text_is_extracted(void **state)
{
	(void)state;
	static const struct entry odt[] = {
		{ "mimetype", ODT },
		{ "content.xml",
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
		  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">\n"
		  "  <office:automatic-styles/>\n"
		  "  <office:body>\n"
		  "    <office:text>\n"
		  "      <text:h text:outline-level=\"1\">Minutes of the meeting</text:h>\n"
		  "      <text:p>Nodal<text:s/>officers <text:span>met</text:span> in Delhi.<text:line-break/>Next line &amp; more</text:p>\n"
		  "      <text:p>मानव तस्करी<text:tab/>रोकथाम</text:p>\n"
		  "      <table:table><table:table-row>"
		  "<table:table-cell><text:p>Odisha</text:p></table:table-cell>"
		  "<table:table-cell><text:p>12</text:p><text:p>units</text:p></table:table-cell>"
		  "</table:table-row></table:table>\n"
		  "      <text:p><![CDATA[cdata text]]></text:p>\n"
		  "    </office:text>\n"
		  "  </office:body>\n"
		  "</office:document-content>\n" },
	};
	char path[256], why[256];
	struct buf text;
	int pages = -1;
	write_zip("doc.odt", odt, 2, path);
	extract(path, ODT, 0, &text, &pages, why);
	assert_int_equal(pages, 0);
	assert_string_equal(text.data, "Minutes of the meeting\n"
				       "Nodal officers met in Delhi.\nNext line & more\n"
				       "मानव तस्करी\tरोकथाम\n"
				       "Odisha\t12 units\n"
				       "cdata text");
	buf_free(&text);
}

static void ods_text_is_extracted(void **state)
{
	(void)state;
	static const struct entry ods[] = {
		{ "mimetype", ODS },
		{ "content.xml",
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		  "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
		  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">"
		  "<office:body><office:spreadsheet><table:table table:name=\"Sheet1\">"
		  "<table:table-row><table:table-cell><text:p>State</text:p></table:table-cell>"
		  "<table:table-cell><text:p>Rescued</text:p></table:table-cell></table:table-row>"
		  "<table:table-row><table:table-cell><text:p>Goa</text:p></table:table-cell>"
		  "<table:table-cell table:number-columns-repeated=\"3\"/>"
		  "<table:table-cell><text:p>7</text:p></table:table-cell></table:table-row>"
		  "</table:table></office:spreadsheet></office:body></office:document-content>" },
	};
	char path[256], why[256];
	struct buf text;
	int pages;
	write_zip("sheet.ods", ods, 2, path);
	extract(path, ODS, 0, &text, &pages, why);
	assert_string_equal(text.data, "State\tRescued\nGoa\t7");
	buf_free(&text);
}

static void docx_text_is_extracted(void **state)
{
	(void)state;
	static const struct entry docx[] = {
		{ "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>" },
		{ "word/document.xml",
		  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
		  "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
		  "<w:r><w:t>Advisory on</w:t></w:r><w:r><w:t xml:space=\"preserve\"> missing </w:t></w:r>"
		  "<w:r><w:t>children</w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>"
		  "<w:p><w:r><w:t>लापता</w:t><w:tab/><w:t>बच्चे</w:t><w:br/><w:t>after break</w:t></w:r></w:p>"
		  "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell A</w:t></w:r></w:p></w:tc>"
		  "<w:tc><w:p><w:r><w:t>Cell B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		  "<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>End</w:t></w:r></w:p>"
		  "<w:sectPr/></w:body></w:document>" },
	};
	char path[256], why[256];
	struct buf text;
	int pages;
	write_zip("doc.docx", docx, 2, path);
	extract(path, DOCX, 0, &text, &pages, why);
	assert_string_equal(text.data, "Advisory on missing children\nलापता\tबच्चे\nafter break\nCell A\tCell B\nEnd");
	buf_free(&text);
}

static void xlsx_text_is_extracted(void **state)
{
	(void)state;
	static const struct entry xlsx[] = {
		{ "xl/sharedStrings.xml",
		  "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"2\">"
		  "<si><t>Nodal officer</t></si>"
		  "<si><r><t>Rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></si></sst>" },
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
		  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>Inline one</t></is></c></row>"
		  "<row r=\"2\"><c r=\"A2\"><v>42</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>Inline two</t></is></c></row>"
		  "</sheetData></worksheet>" },
		{ "xl/worksheets/_rels/sheet1.xml.rels", "<Relationships/>" },
	};
	char path[256], why[256];
	struct buf text;
	int pages;
	write_zip("book.xlsx", xlsx, 3, path);
	extract(path, XLSX, 0, &text, &pages, why);
	assert_string_equal(text.data, "Nodal officer\nRich text\nInline one\nInline two");
	buf_free(&text);
}

static void office_xml_with_a_dtd_is_refused(void **state)
{
	(void)state;
	/* XXE: an external entity naming a local file. */
	static const struct entry xxe[] = {
		{ "content.xml",
		  "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
		  "<d xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><text:p>x &e; y</text:p></d>" },
	};
	/* Billion laughs. */
	static const struct entry laughs[] = {
		{ "word/document.xml",
		  "<?xml version=\"1.0\"?>\n<!DOCTYPE d [\n"
		  "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		  "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		  "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		  "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		  "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		  "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		  "]>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		  "<w:body><w:p><w:r><w:t>&g;</w:t></w:r></w:p></w:body></w:document>" },
	};
	char path[256], why[256];
	struct buf text;
	int pages;
	write_zip("xxe.odt", xxe, 1, path);
	extract(path, ODT, -1, &text, &pages, why);
	assert_int_equal(text.len, 0);
	assert_string_equal(why, "the ODT file holds a DTD or an entity, which office files never do");
	buf_free(&text);

	int64_t t0 = util_mono_ms();
	write_zip("laughs.docx", laughs, 1, path);
	extract(path, DOCX, -1, &text, &pages, why);
	assert_int_equal(text.len, 0);
	/* libxml2 itself may stop it first ("entity reference loop"). */
	assert_true(strncmp(why, "the DOCX file ", 14) == 0);
	assert_true(util_mono_ms() - t0 < 5000);
	buf_free(&text);
}

static void broken_office_files_are_refused(void **state)
{
	(void)state;
	static const struct entry no_content[] = { { "mimetype", ODT } };
	static const struct entry bad_xml[] = { { "word/document.xml", "<w:document><w:body><w:p>" } };
	char path[256], why[256];
	struct buf text;
	int pages;

	write_file("not-a-zip.odt", "plain words", 11, path);
	extract(path, ODT, -1, &text, &pages, why);
	assert_true(strncmp(why, "the ODT file could not be read: ", 32) == 0);
	buf_free(&text);

	write_zip("empty.odt", no_content, 1, path);
	extract(path, ODT, -1, &text, &pages, why);
	assert_non_null(strstr(why, "content.xml"));
	buf_free(&text);

	write_zip("bad.docx", bad_xml, 1, path);
	extract(path, DOCX, -1, &text, &pages, why);
	assert_true(strncmp(why, "the DOCX file could not be read: ", 33) == 0);
	buf_free(&text);

	write_zip("nosheet.xlsx", no_content, 1, path);
	extract(path, XLSX, -1, &text, &pages, why);
	assert_non_null(strstr(why, "worksheet"));
	buf_free(&text);
}

/* ---- failures ---- */

static void corrupt_pdf_fails_with_why(void **state)
{
	(void)state;
	static const char junk[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n%%EOF\n";
	char path[256], why[256];
	struct buf text;
	int pages = 5;
	write_file("corrupt.pdf", junk, sizeof junk - 1, path);
	buf_init(&text, DOC_TEXT_MAX);
	assert_int_equal(buf_append(&text, "kept", 4), 0);
	assert_int_equal(docs_extract_text(path, "application/pdf", &text, &pages, why), -1);
	assert_true(strncmp(why, "the PDF could not be read: ", 27) == 0);
	assert_true(strlen(why) > 27);
	assert_int_equal(pages, 0);
	assert_int_equal(text.len, 4);           /* out is as it was */
	assert_string_equal(text.data, "kept");
	buf_free(&text);
}

static void unknown_type_and_missing_file_fail(void **state)
{
	(void)state;
	char path[256], why[256];
	struct buf text;
	int pages;
	write_file("image.png", "\x89PNG", 4, path);
	extract(path, "image/png", -1, &text, &pages, why);
	assert_non_null(strstr(why, "image/png"));
	buf_free(&text);

	path_of("no-such-file.pdf", path);
	extract(path, "application/pdf", -1, &text, &pages, why);
	assert_non_null(strstr(why, "could not be opened"));
	buf_free(&text);
	extract(path, "text/plain", -1, &text, &pages, why);
	buf_free(&text);
}

/* ---- in a child process ---- */

static void run_returns_the_text_and_pages(void **state)
{
	(void)state;
	unsigned char *pdf = NULL;
	size_t len = 0;
	char path[256], why[256];
	struct buf text;
	int pages = 0;
	assert_int_equal(docs_placeholder_pdf(hindi_title, "Advisory", NULL, about, &pdf, &len), 0);
	write_file("run.pdf", pdf, len, path);
	free(pdf);
	buf_init(&text, DOC_TEXT_MAX);
	assert_int_equal(docs_extract_run(path, "application/pdf", &text, &pages, why), 0);
	assert_int_equal(pages, 1);
	assert_non_null(strstr(text.data, "syndicates"));
	assert_non_null(strstr(text.data, "मानव तस्करी"));
	buf_free(&text);
}

static void run_reports_the_childs_reason(void **state)
{
	(void)state;
	char path[256], why[256];
	struct buf text;
	int pages = 3;
	write_file("run-corrupt.pdf", "%PDF-1.4 nothing", 16, path);
	buf_init(&text, DOC_TEXT_MAX);
	assert_int_equal(docs_extract_run(path, "application/pdf", &text, &pages, why), -1);
	assert_true(strncmp(why, "the PDF could not be read: ", 27) == 0);
	assert_int_equal(text.len, 0);
	assert_int_equal(pages, 0);
	buf_free(&text);
}

static void run_reports_a_crash(void **state)
{
	(void)state;
	char why[256];
	struct buf text;
	int pages;
	buf_init(&text, DOC_TEXT_MAX);
	assert_int_equal(docs_extract_run("/dev/null", "test/crash", &text, &pages, why), -1);
	assert_string_equal(why, "text extraction crashed (signal 6)");
	buf_free(&text);
}

static void run_applies_the_limits(void **state)
{
	(void)state;
	char why[256];
	struct buf text;
	int pages;
	buf_init(&text, DOC_TEXT_MAX);
	assert_int_equal(docs_extract_run("/dev/null", "test/limits", &text, &pages, why), 0);
	assert_non_null(strstr(text.data, " CPU=60 CORE=0 STDIN=eof"));
	if (!UNDER_ASAN)
		assert_string_equal(text.data, "AS=268435456 CPU=60 CORE=0 STDIN=eof");
	buf_free(&text);
}

static void run_bounds_and_cleans_what_the_child_writes(void **state)
{
	(void)state;
	char why[256];
	struct buf text;
	int pages = 0;
	buf_init(&text, 3 * DOC_TEXT_MAX);
	assert_int_equal(docs_extract_run("/dev/null", "test/flood", &text, &pages, why), 0);
	assert_int_equal(pages, 7);
	assert_true(text.len <= DOC_TEXT_MAX && text.len > DOC_TEXT_MAX - 8);
	assert_memory_equal(text.data, "   क", 6);   /* \x02\x03\x01 became spaces, \xff went */
	assert_true(text_is_clean(text.data, text.len));
	buf_free(&text);
}

/* One thread's run of docs_extract_run on the file arg names. */
static void *run_thread(void *arg)
{
	char why[256];
	struct buf text;
	int pages = 0;
	intptr_t ok = 0;
	buf_init(&text, DOC_TEXT_MAX);
	if (docs_extract_run(arg, "text/plain", &text, &pages, why) == 0 && text.len == 6 &&
	    memcmp(text.data, "thread", 6) == 0)
		ok = 1;
	buf_free(&text);
	return (void *)ok;
}

static void run_is_safe_from_several_threads(void **state)
{
	(void)state;
	char path[256];
	pthread_t threads[6];
	write_file("thread.txt", "thread", 6, path);
	for (int i = 0; i < 6; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, run_thread, path), 0);
	for (int i = 0; i < 6; i++) {
		void *ok = NULL;
		assert_int_equal(pthread_join(threads[i], &ok), 0);
		assert_true(ok == (void *)1);
	}
}

/* ---- the child side of this binary ---- */

/* What this test binary does when docs_extract_run re-executes it: the
 * real command, or a test-only type that misbehaves on purpose. */
static int child_main(int argc, char **argv)
{
	const char *mime = argc > 2 ? argv[2] : "";
	if (strcmp(mime, "test/crash") == 0) {
		/* SIGABRT: the sanitizers leave it alone, unlike SIGSEGV. */
		fputs("about to crash\n", stderr);
		raise(SIGABRT);
		return 1;
	}
	if (strcmp(mime, "test/limits") == 0) {
		struct rlimit as, cpu, core;
		char c;
		getrlimit(RLIMIT_AS, &as);
		getrlimit(RLIMIT_CPU, &cpu);
		getrlimit(RLIMIT_CORE, &core);
		printf("0\nAS=%llu CPU=%llu CORE=%llu STDIN=%s", (unsigned long long)as.rlim_cur,
		       (unsigned long long)cpu.rlim_cur, (unsigned long long)core.rlim_cur,
		       read(STDIN_FILENO, &c, 1) == 0 ? "eof" : "data");
		return 0;
	}
	if (strcmp(mime, "test/flood") == 0) {
		/* Control bytes, snippet markers, broken UTF-8, and far more
		 * than DOC_TEXT_MAX of 3-byte characters. */
		printf("7\n");
		fputs("\x02\x03\x01\xff", stdout);
		for (size_t i = 0; i < DOC_TEXT_MAX; i++)
			fputs("क", stdout);
		return 0;
	}
	return docs_extract_main(argc, argv);
}

/* Makes the folder for this run's files. */
static int group_setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ahtcell-extract-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

/* Removes the folder and what the tests wrote in it. */
static int group_teardown(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	return rmdir(dir);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "extract-text") == 0)
		return child_main(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholder_text_comes_back),
		cmocka_unit_test(placeholder_continues_on_a_second_page),
		cmocka_unit_test(placeholder_is_deterministic),
		cmocka_unit_test(placeholder_refuses_bad_input),
		cmocka_unit_test(plain_text_is_cleaned),
		cmocka_unit_test(plain_text_joins_a_character_split_between_reads),
		cmocka_unit_test(text_is_cut_at_a_character_boundary),
		cmocka_unit_test(odt_text_is_extracted),
		cmocka_unit_test(ods_text_is_extracted),
		cmocka_unit_test(docx_text_is_extracted),
		cmocka_unit_test(xlsx_text_is_extracted),
		cmocka_unit_test(office_xml_with_a_dtd_is_refused),
		cmocka_unit_test(broken_office_files_are_refused),
		cmocka_unit_test(corrupt_pdf_fails_with_why),
		cmocka_unit_test(unknown_type_and_missing_file_fail),
		cmocka_unit_test(run_returns_the_text_and_pages),
		cmocka_unit_test(run_reports_the_childs_reason),
		cmocka_unit_test(run_reports_a_crash),
		cmocka_unit_test(run_applies_the_limits),
		cmocka_unit_test(run_bounds_and_cleans_what_the_child_writes),
		cmocka_unit_test(run_is_safe_from_several_threads),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
