/* The document library's HTTP handlers: list and search, one document, its
 * file, upload, edit, withdraw and restore, facets and the Atom feed.
 * Who reads what is decided once, in doc_access(), and applied by the
 * storage layer in every query. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libxml/xmlwriter.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "documents/documents.h"

#define DEFAULT_GROUP "Anti Trafficking Cell"
#define HTTP_KEY_MAX 4096       /* a cache key: the query's values, bounded by the URL's limit */

static char data_dir[PATH_MAX] = "var";

void docs_set_data_dir(const char *dir)
{
	snprintf(data_dir, sizeof data_dir, "%s", dir);
}

/* The public reads public, active documents; anyone signed in also the
 * restricted ones; the Cell (and the admin, who audits) also withdrawn ones. */
static struct db_doc_access doc_access(const struct request *r)
{
	/* someone who must first change a temporary password reads as the public */
	struct db_doc_access a = {
		.restricted = r->caller.role != ROLE_PUBLIC && !r->caller.must_change_password,
		.withdrawn = r->caller.role == ROLE_CELL || r->caller.role == ROLE_ADMIN,
	};
	return a;
}

/* ---- JSON ---- */

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

static json_t *time_or_null(int64_t ms)
{
	char t[32];
	if (!ms)
		return json_null();
	util_iso8601(ms, t);
	return json_string(t);
}

/* The name a downloaded file gets: the title's letters and digits in
 * lower case, joined by hyphens, at most 80 characters, then the
 * extension ("advisory-on-missing-children.pdf"); "document-12.pdf" when
 * the title has no ASCII letters (a Hindi title). out holds 100 bytes. */
static void download_name(const struct db_document *d, char out[100])
{
	size_t n = 0;
	bool hyphen = false;
	for (const char *p = d->title; *p && n < 80; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (hyphen && n)
				out[n++] = '-';
			hyphen = false;
			out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else {
			hyphen = true;
		}
	}
	out[n] = 0;
	if (n == 0)
		snprintf(out, 100, "document-%lld", (long long)d->id);
	size_t len = strlen(out);
	snprintf(out + len, 100 - len, ".%s", d->blob.format[0] ? d->blob.format : "bin");
}

static json_t *brief_json(const struct db_document *d)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:b}", "id", (json_int_t)d->id, "title", d->title,
			 "category", d->category, "issued_on", str_or_null(d->issued_on),
			 "published_at", time_or_null(d->published_at), "status", d->status,
			 "latest", d->superseded_by_id == 0);
}

/* The snippet from FTS5 (hits between 0x02 and 0x03) as an array whose odd
 * positions are the hits: ["before ", "hit", " after"]. */
static json_t *snippet_json(const char *s)
{
	json_t *a = json_array();
	struct buf part;
	buf_init(&part, 64 * 1024);
	bool hit = false;
	for (const char *p = s;; p++) {
		if (*p == 0 || *p == 2 || *p == 3) {
			bool ends_hit = *p == 3;
			if (*p == 2 && hit)
				continue;
			if (*p == 3 && !hit)
				continue;
			json_array_append_new(a, json_stringn(part.data ? part.data : "", part.len));
			part.len = 0;
			if (*p == 0)
				break;
			hit = !ends_hit;
			continue;
		}
		buf_append(&part, p, 1);
	}
	buf_free(&part);
	return a;
}

static json_t *document_json(const struct db_document *d, const char *snippet)
{
	char size_text[32], name[100], url[64];
	int cat = docs_category_parse(d->category);
	docs_size_format(d->blob.size, size_text);
	download_name(d, name);
	snprintf(url, sizeof url, "/api/v1/documents/%lld/file", (long long)d->id);
	json_t *file = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "name", name,
				 "size", (json_int_t)d->blob.size, "size_text", size_text, "type", d->blob.mime,
				 "format", d->blob.format,
				 "pages", d->blob.pages >= 0 ? json_integer(d->blob.pages) : json_null(),
				 "sha256", d->sha256, "text_status", d->blob.text_status, "url", url);
	json_t *o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:s, s:o, s:o,"
			      " s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
			      "id", (json_int_t)d->id, "title", d->title, "title_hi", str_or_null(d->title_hi),
			      "category", d->category,
			      "category_label", cat >= 0 ? docs_category_label((enum doc_category)cat) : d->category,
			      "reference", str_or_null(d->reference), "issued_on", str_or_null(d->issued_on),
			      "language", d->language, "group", d->group_name, "summary", str_or_null(d->summary),
			      "visibility", d->visibility, "status", d->status,
			      "withdrawn_at", time_or_null(d->withdrawn_at),
			      "withdrawn_reason", str_or_null(d->withdrawn_reason),
			      "published_at", time_or_null(d->published_at), "updated_at", time_or_null(d->updated_at),
			      "corrects_id", id_or_null(d->corrects_id), "supersedes_id", id_or_null(d->supersedes_id),
			      "superseded_by_id", id_or_null(d->superseded_by_id),
			      "meeting_id", id_or_null(d->meeting_id), "latest", d->superseded_by_id == 0,
			      "file", file);
	if (o && snippet)
		json_object_set_new(o, "snippet", snippet_json(snippet));
	return o;
}

/* ---- list, search, facets ---- */

static int list_item(void *ctx, const struct db_document *d, const char *snippet)
{
	json_array_append_new(ctx, document_json(d, snippet));
	return 0;
}

static bool sort_valid(const char *s)
{
	static const char *const sorts[] = { "relevance", "portal", "published", "-published", "issued",
					     "-issued", "title", "-title" };
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(s, sorts[i]) == 0)
			return true;
	return false;
}

void docs_list(struct request *r)
{
	struct db_doc_access a = doc_access(r);
	struct db_document_filter f = { 0 };
	char fts[DOC_FTS_MAX];
	long long v;
	if (!request_paging(r, &f.limit, &f.offset))
		return;
	const char *q = request_query(r, "q");
	bool nothing = false;   /* typed something, none of it searchable: "(*)" */
	if (q && docs_query_translate(q, fts, sizeof fts) > 0)
		f.fts = fts;
	else if (q)
		for (const char *p = q; *p; p++)
			nothing |= *p != ' ';
	f.visibility = request_query(r, "visibility");
	if (f.visibility && !*f.visibility)
		f.visibility = NULL;
	if (f.visibility && strcmp(f.visibility, "public") != 0 && strcmp(f.visibility, "restricted") != 0) {
		reply_invalid(r, "visibility", "visibility must be public or restricted.");
		return;
	}
	f.category = request_query(r, "category");
	if (f.category && !*f.category)
		f.category = NULL;
	if (f.category && docs_category_parse(f.category) < 0) {
		reply_invalid(r, "category", "There is no category \"%.40s\".", f.category);
		return;
	}
	f.group = request_query(r, "group");
	if (f.group && (!*f.group || strlen(f.group) > DOC_GROUP_MAX))
		f.group = NULL;
	f.language = request_query(r, "language");
	if (f.language && !*f.language)
		f.language = NULL;
	if (f.language && !docs_language_valid(f.language)) {
		reply_invalid(r, "language", "There is no language \"%.20s\".", f.language);
		return;
	}
	const char *year = request_query(r, "year");
	if (year && *year) {
		if (!util_parse_int(year, 1900, 2100, &v)) {
			reply_invalid(r, "year", "year must be a year from 1900 to 2100.");
			return;
		}
		f.year = (int)v;
	}
	const char *status = request_query(r, "status");
	if (status && *status && strcmp(status, "active") != 0) {
		if (strcmp(status, "withdrawn") != 0 && strcmp(status, "all") != 0) {
			reply_invalid(r, "status", "status must be active, withdrawn or all.");
			return;
		}
		if (!a.withdrawn) {
			/* the public gets 401, which is not audited: a visitor must not
			 * be able to fill the audit log */
			if (r->caller.role == ROLE_PUBLIC)
				reply_error(r, 401, "auth.required", "Sign in as a Cell user to see withdrawn documents.");
			else
				reply_error(r, 403, "auth.forbidden", "Only the Cell sees withdrawn documents.");
			return;
		}
		f.status = strcmp(status, "withdrawn") == 0 ? 1 : 2;
	}
	f.sort = request_query(r, "sort");
	if (f.sort && !*f.sort)
		f.sort = NULL;
	if (f.sort && !sort_valid(f.sort)) {
		reply_invalid(r, "sort", "sort must be one of relevance, portal, published, -published, issued,"
			      " -issued, title, -title.");
		return;
	}
	if (f.sort && strcmp(f.sort, "relevance") == 0 && !f.fts)
		f.sort = NULL;

	/* the same question from the same kind of reader: the same answer, as
	 * long as the library has not changed (cache.c) */
	struct buf key;
	buf_init(&key, HTTP_KEY_MAX);
	static const char *const params[] = { "q", "category", "group", "year", "language", "status",
					      "visibility", "sort", "limit", "offset" };
	buf_printf(&key, "%d%d", a.restricted, a.withdrawn);
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
		const char *value = request_query(r, params[i]);
		buf_printf(&key, "\x1f%s", value ? value : "\x1e");
	}
	int64_t version = r->db->ops->library_version(r->db);
	bool kept = key.data && version > 0;    /* else computed, not kept */
	size_t len;
	char *cached = kept ? docs_cache_get(key.data, (uint64_t)version, &len) : NULL;
	if (cached) {
		buf_free(&key);
		reply_text(r, cached, "application/json", "no-store");
		return;
	}
	/* this request computes the answer; others asking the same wait for it */
	json_t *items = json_array();
	int64_t total = 0;
	enum db_status st = nothing ? DB_OK : r->db->ops->document_list(r->db, &a, &f, list_item, items, &total);
	if (st != DB_OK) {
		json_decref(items);
		if (st == DB_TIMEOUT)
			reply_error(r, 503, "search.too_slow", "This search took too long; add words or filters to narrow it.");
		else
			reply_db_error(r);
		if (kept)
			docs_cache_abandon(key.data, (uint64_t)version);
		buf_free(&key);
		return;
	}
	json_t *answer = json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
				   "limit", f.limit, "offset", f.offset);
	char *text = answer ? json_dumps(answer, JSON_COMPACT) : NULL;
	json_decref(answer);
	if (!text) {
		if (kept)
			docs_cache_abandon(key.data, (uint64_t)version);
		buf_free(&key);
		reply_db_error(r);
		return;
	}
	if (kept)
		docs_cache_put(key.data, text, strlen(text), (uint64_t)version);
	buf_free(&key);
	reply_text(r, text, "application/json", "no-store");
}

void docs_facets(struct request *r)
{
	struct db_doc_access a = doc_access(r);
	json_t *o = r->db->ops->document_facets(r->db, &a);
	if (!o) {
		reply_db_error(r);
		return;
	}
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "categories"), i, c) {
		int cat = docs_category_parse(json_string_value(json_object_get(c, "name")));
		json_object_set_new(c, "label", json_string(cat >= 0 ? docs_category_label((enum doc_category)cat) : "?"));
	}
	reply_json(r, 200, o);
}

/* ---- one document ---- */

static int version_item(void *ctx, const struct db_document *d)
{
	json_array_append_new(ctx, brief_json(d));
	return 0;
}

static int corrigendum_item(void *ctx, const struct db_document *d, const char *snippet)
{
	(void)snippet;
	json_array_append_new(ctx, brief_json(d));
	return 0;
}

/* Reads path parameter 0 and the document it names as the caller may see
 * it; false with a 404 (or 500) set otherwise.  d is malloc'd: free it. */
static bool document_load(struct request *r, struct db_document **d)
{
	int64_t id;
	*d = NULL;
	if (!request_param_id(r, 0, &id))
		return false;
	struct db_doc_access a = doc_access(r);
	*d = malloc(sizeof **d);
	if (!*d) {
		reply_db_error(r);
		return false;
	}
	enum db_status st = r->db->ops->document_get(r->db, &a, id, *d);
	if (st == DB_OK)
		return true;
	free(*d);
	*d = NULL;
	if (st == DB_NOTFOUND)
		reply_error(r, 404, "document.not_found", "There is no such document, or it is not public.");
	else
		reply_db_error(r);
	return false;
}

/* The full answer for one document: with what it corrects, its
 * corrigenda and its versions. */
static json_t *document_full_json(struct request *r, const struct db_document *d)
{
	struct db_doc_access a = doc_access(r);
	json_t *o = document_json(d, NULL);
	json_t *corrects = json_null();
	if (d->corrects_id) {
		struct db_document *c = malloc(sizeof *c);
		if (c && r->db->ops->document_get(r->db, &a, d->corrects_id, c) == DB_OK) {
			json_decref(corrects);
			corrects = brief_json(c);
		}
		free(c);
	}
	json_object_set_new(o, "corrects", corrects);
	json_t *corrigenda = json_array(), *versions = json_array();
	struct db_document_filter f = { .corrects_id = d->id, .sort = "issued", .limit = 100, .all_versions = false };
	int64_t total;
	if (r->db->ops->document_list(r->db, &a, &f, corrigendum_item, corrigenda, &total) != DB_OK
	    || r->db->ops->document_versions(r->db, &a, d->id, version_item, versions) != DB_OK) {
		json_decref(corrigenda);
		json_decref(versions);
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "corrigenda", corrigenda);
	json_object_set_new(o, "versions", versions);
	return o;
}

void docs_show(struct request *r)
{
	struct db_document *d;
	if (!document_load(r, &d))
		return;
	json_t *o = document_full_json(r, d);
	free(d);
	if (!o)
		reply_db_error(r);
	else
		reply_json(r, 200, o);
}

/* Whether this request reads the file, for the audit: a GET of the whole
 * file or of a range from its first byte — not HEAD, not a 304, not the
 * further ranges a PDF viewer asks for while it reads on. */
void docs_file(struct request *r)
{
	struct db_document *d;
	if (!document_load(r, &d))
		return;
	char path[PATH_MAX], name[100], disposition[160], etag[72], type[160];
	store_path(data_dir, d->sha256, path, sizeof path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("documents: the file of document %lld (%s) cannot be opened: %s", (long long)d->id,
			  d->sha256, strerror(errno));
		free(d);
		reply_error(r, 500, "document.file_missing", "The file of this document cannot be read; the"
			    " administrator has been told in the server's log.");
		return;
	}
	bool restricted = strcmp(d->visibility, "public") != 0;
	snprintf(etag, sizeof etag, "\"%s\"", d->sha256);
	if ((restricted || strcmp(d->status, "active") != 0) &&
	    request_reads_from_start(r, (uint64_t)d->blob.size, etag)) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)d->id);
		if (audit_record(r, "document.download", "document", id, "ok",
				 json_pack("{s:s, s:s}", "visibility", d->visibility, "status", d->status)) != 0) {
			/* no record of the reading, no reading */
			close(fd);
			free(d);
			reply_error(r, 503, "server.busy", "The download could not be recorded; try again in a moment.");
			reply_header(r, "Retry-After", "1");
			return;
		}
	}
	download_name(d, name);
	/* browsers show PDF and text; office files are always downloaded */
	bool inline_ok = strcmp(d->blob.format, "pdf") == 0 || strcmp(d->blob.format, "txt") == 0;
	const char *dl = request_query(r, "download");
	snprintf(disposition, sizeof disposition, "%s; filename=\"%s\"",
		 inline_ok && !(dl && strcmp(dl, "0") != 0) ? "inline" : "attachment", name);
	snprintf(type, sizeof type, "%s%s", d->blob.mime, strcmp(d->blob.format, "txt") == 0 ? "; charset=utf-8" : "");
	reply_file(r, fd, (uint64_t)d->blob.size, type, etag, disposition,
		   restricted ? "private, no-store" : "public, max-age=300");
	free(d);
}

/* ---- reading the fields of an upload or an edit ---- */

/* Where the fields come from: the multipart form of an upload, or the JSON
 * body of an edit (where null clears an optional field and ids are numbers). */
struct field_src {
	struct request *r;
	bool json;
};

/* The value of field name: NULL when absent; *null set when it is JSON
 * null.  Numbers are written into num (24 bytes) when num is given, else
 * refused like other non-strings ("\x01", which no field accepts). */
static const char *field_get(const struct field_src *s, const char *name, bool *null, char num[24])
{
	*null = false;
	if (!s->json)
		return upload_field(s->r, name);
	json_t *v = s->r->body ? json_object_get(s->r->body, name) : NULL;
	if (!v)
		return NULL;
	if (json_is_null(v)) {
		*null = true;
		return "";
	}
	if (json_is_integer(v) && num) {
		snprintf(num, 24, "%lld", (long long)json_integer_value(v));
		return num;
	}
	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			return "\x01";  /* a NUL inside: refused as a control character */
		return json_string_value(v);
	}
	return "\x01";
}

/* How a field is named to a person in a message ("The date of issue"). */
static const char *field_label(const char *name)
{
	static const struct { const char *name, *label; } labels[] = {
		{ "title", "The title" }, { "title_hi", "The Hindi title" }, { "category", "The category" },
		{ "reference", "The reference number" }, { "issued_on", "The date of issue" },
		{ "language", "The language" }, { "group", "The group" }, { "summary", "The summary" },
		{ "visibility", "The visibility" }, { "corrects_id", "The corrected document (corrects_id)" },
		{ "meeting_id", "The meeting (meeting_id)" }, { "supersedes_id", "The earlier version (supersedes_id)" },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].name, name) == 0)
			return labels[i].label;
	return name;
}

/* Copies a text field into out (size max+1), trimmed of spaces; false
 * with a reply set when it is not UTF-8, holds control characters or is
 * too long.  Absent: out untouched.  Null or empty: out "" (refused when
 * required). */
static bool field_text(const struct field_src *s, const char *name, char *out, size_t max, bool required)
{
	bool null;
	const char *v = field_get(s, name, &null, NULL);
	if (!v) {
		if (required && !*out) {
			reply_invalid(s->r, name, "%s is required.", field_label(name));
			return false;
		}
		return true;
	}
	while (*v == ' ')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\r' || v[n - 1] == '\t'))
		n--;
	if (v[0] == 1 && !v[1]) {
		reply_invalid(s->r, name, "%s must be text.", field_label(name));
		return false;
	}
	if (!g_utf8_validate(v, (gssize)n, NULL)) {
		reply_invalid(s->r, name, "%s is not valid UTF-8 text.", field_label(name));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c < 0x20 && !(c == '\n' && strcmp(name, "summary") == 0)) || c == 0x7f) {
			reply_invalid(s->r, name, "%s must not contain control characters.", field_label(name));
			return false;
		}
	}
	/* nor C1 controls or U+FFFE/U+FFFF, which XML (the Atom feed) cannot carry */
	for (const char *p = v; p < v + n; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if ((u >= 0x80 && u <= 0x9f) || u == 0xfffe || u == 0xffff) {
			reply_invalid(s->r, name, "%s must not contain control characters.", field_label(name));
			return false;
		}
	}
	if (n > max) {
		reply_invalid(s->r, name, "%s is too long (at most %zu bytes).", field_label(name), max);
		return false;
	}
	if (required && n == 0) {
		reply_invalid(s->r, name, "%s must not be empty.", field_label(name));
		return false;
	}
	memcpy(out, v, n);
	out[n] = 0;
	return true;
}

/* An id field: absent leaves *out, null or "" clears it. */
static bool field_id(const struct field_src *s, const char *name, int64_t *out)
{
	bool null;
	char num[24];
	const char *v = field_get(s, name, &null, num);
	long long id;
	if (!v)
		return true;
	if (null || !*v) {
		*out = 0;
		return true;
	}
	if (!util_parse_int(v, 1, INT64_MAX, &id)) {
		reply_invalid(s->r, name, "%s must be the id of a document (a whole number).", field_label(name));
		return false;
	}
	*out = id;
	return true;
}

/* Reads the metadata fields into d (create: d holds the defaults; edit:
 * the stored document) and checks the rules across them.  false with a
 * reply set when something is wrong. */
static bool document_fields(const struct field_src *s, struct db_document *d, bool create)
{
	struct request *r = s->r;
	if (!field_text(s, "title", d->title, DOC_TITLE_MAX, true)
	    || !field_text(s, "title_hi", d->title_hi, DOC_TITLE_MAX, false)
	    || !field_text(s, "category", d->category, sizeof d->category - 1, true)
	    || !field_text(s, "reference", d->reference, DOC_REFERENCE_MAX, false)
	    || !field_text(s, "issued_on", d->issued_on, sizeof d->issued_on - 1, false)
	    || !field_text(s, "language", d->language, sizeof d->language - 1, true)
	    || !field_text(s, "group", d->group_name, DOC_GROUP_MAX, true)
	    || !field_text(s, "summary", d->summary, DOC_SUMMARY_MAX, false)
	    || !field_text(s, "visibility", d->visibility, sizeof d->visibility - 1, true)
	    || !field_id(s, "corrects_id", &d->corrects_id) || !field_id(s, "meeting_id", &d->meeting_id))
		return false;
	int cat = docs_category_parse(d->category);
	if (cat < 0) {
		reply_invalid(r, "category", "The category must be one of advisory, sop, minutes, guidelines, report,"
			      " scheme, award, training, compendium, directory, corrigendum, other.");
		return false;
	}
	if (d->issued_on[0] && !util_date_valid(d->issued_on)) {
		reply_invalid(r, "issued_on", "The date of issue must be a date written YYYY-MM-DD (for example 2012-04-30), from 1900 to 2100.");
		return false;
	}
	if (!docs_language_valid(d->language)) {
		reply_invalid(r, "language", "The language must be en, hi, en+hi or another language code of India.");
		return false;
	}
	if (strcmp(d->visibility, "public") != 0 && strcmp(d->visibility, "restricted") != 0) {
		reply_invalid(r, "visibility", "The visibility must be public or restricted.");
		return false;
	}
	const char *why = docs_category_links_check((enum doc_category)cat, d->corrects_id != 0, d->meeting_id != 0);
	if (why) {
		reply_invalid(r, d->corrects_id || cat == DOC_CORRIGENDUM ? "corrects_id" : "meeting_id", "%s", why);
		return false;
	}
	if (d->meeting_id && !r->db->ops->meeting_exists(r->db, d->meeting_id)) {
		reply_invalid(r, "meeting_id", "The meeting (meeting_id) must be a meeting of the Cell's calendar.");
		return false;
	}
	if (d->corrects_id) {
		struct db_doc_access all = { true, true };
		struct db_document *c = malloc(sizeof *c);
		enum db_status st = c ? r->db->ops->document_get(r->db, &all, d->corrects_id, c) : DB_ERROR;
		free(c);
		if (st == DB_NOTFOUND || (!create && d->corrects_id == d->id)) {
			reply_invalid(r, "corrects_id", "The corrected document (corrects_id) must be another document of the library.");
			return false;
		}
		if (st != DB_OK) {
			reply_db_error(r);
			return false;
		}
	}
	return true;
}

/* ---- upload ---- */

/* The file name as the client gave it, without folders or control characters. */
static void clean_file_name(const char *in, char *out, size_t max)
{
	const char *base = in;
	for (const char *p = in; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = 0;
	for (const char *p = base; *p && n < max; p++)
		out[n++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '_' : *p;
	out[n] = 0;
	if (!g_utf8_validate(out, -1, NULL))
		snprintf(out, max + 1, "upload");
}

void docs_create(struct request *r)
{
	struct upload *up = r->upload;
	struct db_document *d = calloc(1, sizeof *d), *old = NULL;
	bool created = false;
	if (!d) {
		reply_db_error(r);
		return;
	}
	if (!up || !up->has_file) {
		reply_invalid(r, "file", "Choose a file to upload (the form field \"file\").");
		goto out;
	}
	if (up->size > DOC_FILE_MAX) {
		reply_error(r, 413, "request.too_large", "The file is larger than %lld MB; upload a smaller file.",
			    DOC_FILE_MAX / (1024 * 1024));
		goto out;
	}
	if (up->size == 0) {
		reply_invalid(r, "file", "The file is empty.");
		goto out;
	}
	struct field_src src = { r, false };
	/* A new version starts from the old one's details. */
	if (!field_id(&src, "supersedes_id", &d->supersedes_id))
		goto out;
	if (d->supersedes_id) {
		struct db_doc_access all = { true, true };
		old = malloc(sizeof *old);
		enum db_status st = old ? r->db->ops->document_get(r->db, &all, d->supersedes_id, old) : DB_ERROR;
		if (st == DB_NOTFOUND) {
			reply_invalid(r, "supersedes_id", "The earlier version (supersedes_id) must be a document of the library.");
			goto out;
		}
		if (st != DB_OK) {
			reply_db_error(r);
			goto out;
		}
		if (old->superseded_by_id) {
			reply_error(r, 409, "document.superseded", "Document %lld already has a newer version (%lld);"
				    " upload the new version of that one.", (long long)old->id,
				    (long long)old->superseded_by_id);
			goto out;
		}
		int64_t sup = d->supersedes_id;
		*d = *old;
		d->supersedes_id = sup;
		d->superseded_by_id = 0;
		d->status[0] = 0;
	} else {
		snprintf(d->language, sizeof d->language, "en");
		snprintf(d->group_name, sizeof d->group_name, DEFAULT_GROUP);
		snprintf(d->visibility, sizeof d->visibility, "public");
	}
	if (!document_fields(&src, d, true))
		goto out;

	char mime[128];
	const char *ext;
	int t = docs_detect_type(up->fd, mime, &ext);
	if (t < 0) {
		reply_db_error(r);
		goto out;
	}
	if (t > 0) {
		reply_error(r, 415, "document.type_refused", "This file is %.80s, which the library does not take;"
			    " upload a PDF, an ODT or DOCX document, an ODS or XLSX sheet, or a plain-text file.", mime);
		goto out;
	}
	if (store_commit(data_dir, up->tmp_path, up->sha256, &created) != 0) {
		reply_error(r, 503, "server.storage", "The server could not store the file; try again later.");
		goto out;
	}
	int64_t now = util_now_ms();
	struct db_blob b = { .size = (int64_t)up->size, .pages = -1, .created_at = now };
	memcpy(b.sha256, up->sha256, sizeof b.sha256);
	snprintf(b.mime, sizeof b.mime, "%s", mime);
	snprintf(b.format, sizeof b.format, "%s", ext);
	snprintf(b.text_status, sizeof b.text_status, "pending");
	memcpy(d->sha256, up->sha256, sizeof d->sha256);
	clean_file_name(up->file_name, d->file_name, DOC_FILE_NAME_MAX);
	snprintf(d->status, sizeof d->status, "active");
	d->id = 0;
	d->withdrawn_at = 0;
	d->withdrawn_reason[0] = 0;
	d->published_at = d->updated_at = now;
	d->created_by = d->updated_by = r->caller.user_id;
	if (r->db->ops->blob_insert(r->db, &b) != DB_OK || r->db->ops->document_insert(r->db, d) != DB_OK)
		goto fail;
	if (old) {
		old->superseded_by_id = d->id;
		old->updated_at = now;
		old->updated_by = r->caller.user_id;
		if (r->db->ops->document_update(r->db, old) != DB_OK)
			goto fail;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	if (audit_record(r, "document.create", "document", id, "ok",
			 json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "category", d->category, "visibility", d->visibility,
				   "sha256", d->sha256, "size", (json_int_t)b.size,
				   "supersedes_id", id_or_null(d->supersedes_id),
				   "corrects_id", id_or_null(d->corrects_id))) != 0)
		goto fail;
	struct db_doc_access all = { true, true };
	if (r->db->ops->document_get(r->db, &all, d->id, d) != DB_OK)
		goto fail;
	json_t *o = document_full_json(r, d);
	if (!o)
		goto fail;
	reply_json(r, 201, o);
	docs_indexer_wake();
	goto out;
fail:
	reply_db_error(r);
	if (created)
		store_remove(data_dir, up->sha256);
out:
	free(old);
	free(d);
}

/* ---- documents the program makes (a compendium, a printed report) ---- */

/* The newest document (of the title asked, when one is: ctx {title, id}). */
struct same_title {
	const char *title;
	int64_t id;
};
static int first_of_title(void *ctx, const struct db_document *d, const char *snippet)
{
	(void)snippet;
	struct same_title *t = ctx;
	if (t->title && strcmp(d->title, t->title) != 0)
		return 0;
	t->id = d->id;
	return 1;
}

json_t *docs_publish_generated(struct request *r, const void *pdf, size_t len, const char *title,
			       const char *category, const char *group, bool same_title)
{
	struct db_document *d = calloc(1, sizeof *d), *old = calloc(1, sizeof *old);
	json_t *o = NULL;
	bool created = false;
	char hex[65];
	if (!d || !old || store_put_bytes(data_dir, pdf, len, hex, &created) != 0) {
		reply_error(r, 503, "server.storage", "The server could not store the file; try again later.");
		goto out;
	}
	/* the newest active one of that title, category and group is the version it replaces
	 * (a State's profile replaces that State's of that period, not another's) */
	struct db_doc_access all = { true, true };
	struct db_document_filter f = { .category = category, .group = group, .sort = "-published", .limit = 500 };
	int64_t total = 0, prev = 0;
	struct same_title want = { same_title ? title : NULL, 0 };
	if (r->db->ops->document_list(r->db, &all, &f, first_of_title, &want, &total) != DB_OK)
		goto fail;
	prev = want.id;
	if (prev && r->db->ops->document_get(r->db, &all, prev, old) != DB_OK)
		goto fail;
	int64_t now = util_now_ms();
	struct db_blob b = { .size = (int64_t)len, .pages = -1, .created_at = now };
	memcpy(b.sha256, hex, sizeof hex);
	snprintf(b.mime, sizeof b.mime, "application/pdf");
	snprintf(b.format, sizeof b.format, "pdf");
	snprintf(b.text_status, sizeof b.text_status, "pending");
	snprintf(d->title, sizeof d->title, "%s", title);
	snprintf(d->category, sizeof d->category, "%s", category);
	snprintf(d->language, sizeof d->language, "en");
	snprintf(d->group_name, sizeof d->group_name, "%s", group);
	snprintf(d->visibility, sizeof d->visibility, "public");
	snprintf(d->status, sizeof d->status, "active");
	memcpy(d->sha256, hex, sizeof hex);
	snprintf(d->file_name, sizeof d->file_name, "%s.pdf", category);
	time_t t = (time_t)(now / 1000) + 19800;        /* issued today, in India */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(d->issued_on, sizeof d->issued_on, "%Y-%m-%d", &tm);
	d->supersedes_id = prev;
	d->published_at = d->updated_at = now;
	d->created_by = d->updated_by = r->caller.user_id;
	if (r->db->ops->blob_insert(r->db, &b) != DB_OK || r->db->ops->document_insert(r->db, d) != DB_OK)
		goto fail;
	if (prev) {
		old->superseded_by_id = d->id;
		old->updated_at = now;
		old->updated_by = r->caller.user_id;
		if (r->db->ops->document_update(r->db, old) != DB_OK)
			goto fail;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	if (audit_record(r, "document.create", "document", id, "ok",
			 json_pack("{s:s, s:s, s:s, s:I, s:o, s:b}", "category", d->category, "visibility", d->visibility,
				   "sha256", d->sha256, "size", (json_int_t)len, "supersedes_id", id_or_null(prev),
				   "generated", true)) != 0 ||
	    r->db->ops->document_get(r->db, &all, d->id, d) != DB_OK || !(o = document_full_json(r, d)))
		goto fail;
	docs_indexer_wake();
	goto out;
fail:
	reply_db_error(r);
	if (created)
		store_remove(data_dir, hex);
out:
	free(old);
	free(d);
	return o;
}

/* ---- edit, withdraw, restore ---- */

static void document_save(struct request *r, struct db_document *d, const char *action, json_t *detail)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)d->id);
	d->updated_at = util_now_ms();
	d->updated_by = r->caller.user_id;
	if (r->db->ops->document_update(r->db, d) != DB_OK) {
		json_decref(detail);
		reply_db_error(r);
		return;
	}
	if (audit_record(r, action, "document", id, "ok", detail) != 0) {
		reply_db_error(r);
		return;
	}
	json_t *o = document_full_json(r, d);
	if (!o) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, o);
}

void docs_update(struct request *r)
{
	struct db_document *d, *before;
	if (!document_load(r, &d))
		return;
	before = malloc(sizeof *before);
	if (!before) {
		free(d);
		reply_db_error(r);
		return;
	}
	*before = *d;
	static const char *const allowed[] = { "title", "title_hi", "category", "reference", "issued_on", "language",
					       "group", "summary", "visibility", "corrects_id", "meeting_id" };
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v) {
		size_t i;
		for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (i == sizeof allowed / sizeof allowed[0]) {
			reply_invalid(r, key, "%s cannot be changed here%s.", key,
				      strcmp(key, "file") == 0 ? "; upload a new version instead" : "");
			goto out;
		}
	}
	struct field_src src = { r, true };
	if (!document_fields(&src, d, false))
		goto out;
	json_t *changed = json_array();
#define CHANGED(field, name) if (strcmp(before->field, d->field) != 0) json_array_append_new(changed, json_string(name))
	CHANGED(title, "title");
	CHANGED(title_hi, "title_hi");
	CHANGED(category, "category");
	CHANGED(reference, "reference");
	CHANGED(issued_on, "issued_on");
	CHANGED(language, "language");
	CHANGED(group_name, "group");
	CHANGED(summary, "summary");
	CHANGED(visibility, "visibility");
#undef CHANGED
	if (before->corrects_id != d->corrects_id)
		json_array_append_new(changed, json_string("corrects_id"));
	if (before->meeting_id != d->meeting_id)
		json_array_append_new(changed, json_string("meeting_id"));
	document_save(r, d, "document.update", json_pack("{s:o}", "changed", changed));
out:
	free(before);
	free(d);
}

void docs_withdraw(struct request *r)
{
	struct db_document *d;
	if (!document_load(r, &d))
		return;
	bool bad;
	const char *reason = body_string(r, "reason", DOC_REASON_MAX, true, &bad);
	if (bad)
		goto out;
	if (strcmp(d->status, "withdrawn") == 0) {
		reply_error(r, 409, "document.withdrawn", "This document is withdrawn already.");
		goto out;
	}
	snprintf(d->status, sizeof d->status, "withdrawn");
	snprintf(d->withdrawn_reason, sizeof d->withdrawn_reason, "%s", reason);
	d->withdrawn_at = util_now_ms();
	document_save(r, d, "document.withdraw", NULL);
out:
	free(d);
}

void docs_restore(struct request *r)
{
	struct db_document *d;
	if (!document_load(r, &d))
		return;
	if (strcmp(d->status, "active") == 0) {
		reply_error(r, 409, "document.active", "This document is not withdrawn.");
		free(d);
		return;
	}
	snprintf(d->status, sizeof d->status, "active");
	d->withdrawn_reason[0] = 0;
	d->withdrawn_at = 0;
	document_save(r, d, "document.restore", NULL);
	free(d);
}

/* ---- the Atom feed (RFC 4287), written with libxml2 ---- */

static int feed_entry(void *ctx, const struct db_document *d, const char *snippet)
{
	(void)snippet;
	xmlTextWriterPtr w = ctx;
	char t[32], id[96], href[96], size_text[32], summary[DOC_TITLE_MAX + 128];
	int cat = docs_category_parse(d->category);
	util_iso8601(d->published_at, t);
	snprintf(id, sizeof id, "urn:ahtcell:document:%lld", (long long)d->id);
	snprintf(href, sizeof href, "/documents/%lld", (long long)d->id);
	docs_size_format(d->blob.size, size_text);
	snprintf(summary, sizeof summary, "%s%s%s. %s, %s.", cat >= 0 ? docs_category_label((enum doc_category)cat) : "",
		 d->issued_on[0] ? ", issued " : "", d->issued_on, d->blob.format, size_text);
	xmlTextWriterStartElement(w, BAD_CAST "entry");
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST id);
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST d->title);
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST t);
	xmlTextWriterWriteElement(w, BAD_CAST "published", BAD_CAST t);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href);
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "category");
	xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST d->category);
	xmlTextWriterEndElement(w);
	xmlTextWriterWriteElement(w, BAD_CAST "summary", BAD_CAST summary);
	xmlTextWriterEndElement(w);
	return 0;
}

void docs_feed(struct request *r)
{
	/* Only what the public sees, whoever asks: a feed is a public thing. */
	struct db_doc_access a = { false, false };
	struct db_document_filter f = { .sort = "-published", .limit = 50 };
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int64_t total;
	char now[32];
	util_iso8601(util_now_ms(), now);
	if (!w) {
		if (buf)
			xmlBufferFree(buf);
		reply_db_error(r);
		return;
	}
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "feed");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST "urn:ahtcell:documents");
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST "Anti Trafficking Cell — new documents");
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST now);
	xmlTextWriterStartElement(w, BAD_CAST "author");
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST "Anti Trafficking Cell");
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST "/api/v1/documents/feed");
	xmlTextWriterEndElement(w);
	enum db_status st = r->db->ops->document_list(r->db, &a, &f, feed_entry, w, &total);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	if (st != DB_OK) {
		xmlBufferFree(buf);
		reply_db_error(r);
		return;
	}
	char *text = strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	if (!text) {
		reply_db_error(r);
		return;
	}
	reply_text(r, text, "application/atom+xml; charset=utf-8", "public, max-age=300");
}
