/* The demo's library: the Cell's published list (data/seed-documents.tsv,
 * 21 rows in two groups) with a placeholder PDF each, carrying its title
 * and a paragraph about its subject (data/demo-documents.tsv), so that the
 * portal looks like the Cell's page and search works out of the box. */
#include "documents/documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"

#define SEED_COLS 7   /* sr_no group title category issued_on published_size format */

/* Splits a TSV line in place into at most max fields; returns the count. */
static int tsv_split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = 0;
		p = tab + 1;
	}
	return n;
}

/* The paragraph about document (group, sr) from demo-documents.tsv (group,
 * sr_no, about), or a plain default.  Returns a malloc'd string. */
static char *demo_about(const char *group, const char *sr)
{
	const struct embedded *e = embedded_get("data/demo-documents.tsv");
	char *copy = e ? strndup(e->data, e->len) : NULL, *save = NULL, *out = NULL;
	for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line && !out; line = strtok_r(NULL, "\n", &save)) {
		char *f[3];
		if (tsv_split(line, f, 3) == 3 && strcmp(f[0], group) == 0 && strcmp(f[1], sr) == 0)
			out = strdup(f[2]);
	}
	free(copy);
	return out ? out : strdup("A document of the Anti Trafficking Cell, Ministry of Home Affairs.");
}

int docs_demo_load(struct db *db, const char *data_dir)
{
	struct db_doc_access all = { true, true };
	struct db_document_filter f = { .limit = 1, .status = 2, .all_versions = true };
	int64_t total = 0;
	if (db->ops->document_list(db, &all, &f, NULL, NULL, &total) != DB_OK)
		return -1;
	if (total > 0)
		return 0;
	const struct embedded *e = embedded_get("data/seed-documents.tsv");
	if (!e)
		return -1;
	char *copy = strndup(e->data, e->len), *save = NULL;
	struct db_document *d = calloc(1, sizeof *d);
	int rc = -1, n = 0;
	int64_t now = util_now_ms();
	char prev_group[DOC_GROUP_MAX + 1] = "";
	int64_t ids[64] = { 0 };   /* by row, for the corrigendum */
	if (!copy || !d)
		goto out;
	if (db->ops->begin_write(db) != DB_OK)
		goto out;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c[SEED_COLS];
		if (strncmp(line, "sr_no\t", 6) == 0)
			continue;
		if (tsv_split(line, c, SEED_COLS) != SEED_COLS || n >= 64) {
			log_error("demo: data/seed-documents.tsv: a row has not %d columns", SEED_COLS);
			goto fail;
		}
		int cat = docs_category_parse(c[3]);
		if (cat < 0)
			goto fail;
		memset(d, 0, sizeof *d);
		snprintf(d->title, sizeof d->title, "%s", c[2]);
		/* the Cell's list has stray spaces before full stops ("2012 .") */
		for (size_t len = strlen(d->title); len > 1 && d->title[len - 1] == '.' && d->title[len - 2] == ' ';
		     len = strlen(d->title))
			memmove(d->title + len - 2, d->title + len - 1, 2);
		snprintf(d->category, sizeof d->category, "%s", c[3]);
		snprintf(d->issued_on, sizeof d->issued_on, "%s", c[4]);
		snprintf(d->language, sizeof d->language, "en");
		snprintf(d->group_name, sizeof d->group_name, "%s", c[1]);
		snprintf(d->visibility, sizeof d->visibility, "public");
		snprintf(d->status, sizeof d->status, "active");
		if (cat == DOC_CORRIGENDUM && n > 0 && strcmp(prev_group, c[1]) == 0)
			d->corrects_id = ids[n - 1];   /* row 20 corrects row 19, as on the page */
		snprintf(prev_group, sizeof prev_group, "%s", c[1]);

		char *about = demo_about(c[1], c[0]);
		unsigned char *pdf = NULL;
		size_t len = 0;
		char hex[65];
		bool created;
		int prc = docs_placeholder_pdf(d->title, docs_category_label((enum doc_category)cat),
					       c[4][0] ? c[4] : NULL, about, &pdf, &len);
		free(about);
		if (prc != 0 || store_put_bytes(data_dir, pdf, len, hex, &created) != 0) {
			free(pdf);
			goto fail;
		}
		free(pdf);
		struct db_blob b = { .size = (int64_t)len, .pages = -1, .created_at = now };
		memcpy(b.sha256, hex, sizeof hex);
		snprintf(b.mime, sizeof b.mime, "application/pdf");
		snprintf(b.format, sizeof b.format, "pdf");
		snprintf(b.text_status, sizeof b.text_status, "pending");
		memcpy(d->sha256, hex, sizeof hex);
		snprintf(d->file_name, sizeof d->file_name, "placeholder-%d.pdf", n + 1);
		/* newest first: row 1 was published last */
		d->published_at = d->updated_at = now - (int64_t)n * 60 * 1000;
		if (db->ops->blob_insert(db, &b) != DB_OK || db->ops->document_insert(db, d) != DB_OK)
			goto fail;
		ids[n++] = d->id;
	}
	if (audit_record_raw(db, 0, "cli", "cli", "document.demo_load", "document", "", "ok",
			     json_pack("{s:i}", "documents", n)) != 0
	    || db->ops->commit(db) != DB_OK)
		goto fail;
	/* the text for search, now rather than when the server starts */
	if (docs_index_pending(db, data_dir) < 0)
		log_error("demo: the demo documents' text could not be indexed; the server will retry");
	rc = n;
	goto out;
fail:
	db->ops->rollback(db);
out:
	free(copy);
	free(d);
	return rc;
}
