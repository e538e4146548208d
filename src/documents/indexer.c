/* The indexer: a thread of the server that extracts the text of new files
 * and puts it into the search index, so that an upload answers at once and
 * search catches up within seconds.  Extraction runs in a child process
 * (docs_extract_run): a hostile PDF can crash or stall only that child. */
#include "documents/documents.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running, stopping, woken;
static char thread_db_url[PATH_MAX + 16];
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

static void *indexer_main(void *arg)
{
	(void)arg;
	struct db *db = db_open(thread_db_url);
	if (!db) {
		log_error("indexer: cannot open the database; search will not see new files");
		return NULL;
	}
	pthread_mutex_lock(&lock);
	while (!stopping) {
		pthread_mutex_unlock(&lock);
		/* a failing database is retried at the next tick, not in a spin */
		while (!__atomic_load_n(&stopping, __ATOMIC_SEQ_CST) && index_one(db, thread_data_dir) == 1)
			;
		pthread_mutex_lock(&lock);
		if (stopping)
			break;
		if (!woken) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 5;
			pthread_cond_timedwait(&cond, &lock, &until);
		}
		woken = false;
		if (!stopping) {
			/* a wake comes from inside the uploader's transaction: give
			 * it a moment to commit */
			pthread_mutex_unlock(&lock);
			struct timespec pause = { 0, 100 * 1000 * 1000 };
			nanosleep(&pause, NULL);
			pthread_mutex_lock(&lock);
		}
	}
	pthread_mutex_unlock(&lock);
	db_close(db);
	return NULL;
}

int docs_indexer_start(const char *db_url, const char *data_dir)
{
	snprintf(thread_db_url, sizeof thread_db_url, "%s", db_url);
	snprintf(thread_data_dir, sizeof thread_data_dir, "%s", data_dir);
	stopping = false;
	if (pthread_create(&thread, NULL, indexer_main, NULL) != 0)
		return -1;
	running = true;
	return 0;
}

void docs_indexer_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

void docs_indexer_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	docs_extract_cancel_all();
	pthread_join(thread, NULL);
	running = false;
}
