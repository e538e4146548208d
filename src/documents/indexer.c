/* The indexer: a thread of the server that extracts the text of new files
 * and puts it into the search index, so that an upload answers at once and
 * search catches up within seconds.  Extraction runs in a child process
 * (docs_extract_run): a hostile PDF can crash or stall only that child. */
#include "documents/documents.h"
#include "db/worker.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static struct worker indexer;
static char thread_data_dir[PATH_MAX];

/* Extracts and indexes one pending file.  Returns 1 when one was done,
 * 0 when none is pending, -1 on a database error. */
static int index_one(struct db *db, const char *data_dir)
{
	struct db_blob b;
	enum db_status st = db->ops->blob_next_pending(db, &b);
	if (st == DB_NOTFOUND)
		return 0;
	if (st != DB_OK)
		return -1;
	char path[PATH_MAX], why[256] = "";
	struct buf text;
	int pages = -1;
	buf_init(&text, DOC_TEXT_MAX + 16);
	store_path(data_dir, b.sha256, path, sizeof path);
	int64_t t0 = util_mono_ms();
	int rc = docs_extract_run(path, b.mime, &text, &pages, why);
	if (rc == -2) {                 /* shutting down: it stays pending for the next start */
		buf_free(&text);
		return 0;
	}
	if (rc != 0)
		log_error("indexer: %s (%s): %s", b.sha256, b.format, why);
	else
		log_info("indexer: %s (%s, %d pages): %zu bytes of text in %lld ms", b.sha256, b.format, pages,
			 text.len, (long long)(util_mono_ms() - t0));
	if (db->ops->begin_write(db) != DB_OK) {
		buf_free(&text);
		return -1;
	}
	st = db->ops->blob_set_text(db, b.sha256, rc == 0 ? "done" : "failed", rc == 0 ? pages : -1,
				    rc == 0 ? (text.data ? text.data : "") : NULL, rc == 0 ? NULL : why);
	buf_free(&text);
	if (st != DB_OK || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return -1;
	}
	return 1;
}

int docs_index_pending(struct db *db, const char *data_dir)
{
	int n = 0, rc;
	while ((rc = index_one(db, data_dir)) == 1)
		n++;
	return rc < 0 ? -1 : n;
}

static int index_next(struct db *db, void *ctx)
{
	(void)ctx;
	return index_one(db, thread_data_dir);
}

static void cancel_extracts(void *ctx)
{
	(void)ctx;
	docs_extract_cancel_all();
}

int docs_indexer_start(const char *db_url, const char *data_dir)
{
	snprintf(thread_data_dir, sizeof thread_data_dir, "%s", data_dir);
	indexer = (struct worker){ .name = "indexer", .one = index_next, .cancel = cancel_extracts };
	return worker_start(&indexer, db_url);
}

void docs_indexer_wake(void)
{
	worker_wake(&indexer);
}

void docs_indexer_stop(void)
{
	worker_stop(&indexer);
}
