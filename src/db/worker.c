/* A background thread with its own connection (worker.h). */
#include "db/worker.h"

#include <stdio.h>
#include <time.h>

#include "util/util.h"

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct db *db = db_open(w->db_url);
	if (!db) {
		log_error("%s: cannot open the database; its work waits for the next start", w->name);
		return NULL;
	}
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		pthread_mutex_unlock(&w->lock);
		/* a failing database is retried at the next tick, not in a spin */
		while (!worker_stopping(w) && w->one(db, w->ctx) == 1)
			;
		pthread_mutex_lock(&w->lock);
		if (w->stopping)
			break;
		if (!w->woken) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 5;
			pthread_cond_timedwait(&w->cond, &w->lock, &until);
		}
		w->woken = false;
		if (!w->stopping) {
			/* a wake comes from inside the waker's transaction: give it a
			 * moment to commit */
			pthread_mutex_unlock(&w->lock);
			struct timespec pause = { 0, 100 * 1000 * 1000 };
			nanosleep(&pause, NULL);
			pthread_mutex_lock(&w->lock);
		}
	}
	pthread_mutex_unlock(&w->lock);
	db_close(db);
	return NULL;
}

int worker_start(struct worker *w, const char *db_url)
{
	snprintf(w->db_url, sizeof w->db_url, "%s", db_url);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->stopping = w->woken = false;
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
		return -1;
	w->running = true;
	return 0;
}

void worker_wake(struct worker *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	w->woken = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

bool worker_stopping(struct worker *w)
{
	return __atomic_load_n(&w->stopping, __ATOMIC_SEQ_CST);
}

void worker_stop(struct worker *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->lock);
	__atomic_store_n(&w->stopping, true, __ATOMIC_SEQ_CST);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->cancel)
		w->cancel(w->ctx);
	pthread_join(w->thread, NULL);
	w->running = false;
}
