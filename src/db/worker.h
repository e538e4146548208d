/* A background thread of the server with its own database connection that
 * does one piece of work at a time while there is some, then waits to be
 * woken (or five seconds): the document indexer and the returns' importer
 * (src/db/worker.c). */
#ifndef AHTCELL_WORKER_H
#define AHTCELL_WORKER_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>

#include "db/db.h"

struct worker {
	const char *name;                       /* for the log */
	/* One piece of work: 1 when one was done (call again), 0 when none is
	 * waiting, -1 on an error (retried at the next wake or tick). */
	int (*one)(struct db *db, void *ctx);
	/* Called by worker_stop before it waits for the thread: make the work
	 * under way give up soon.  May be NULL. */
	void (*cancel)(void *ctx);
	void *ctx;
	/* the rest is the worker's */
	char db_url[PATH_MAX + 16];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool running, stopping, woken;
};

/* Starts w's thread on the database at db_url.  0, or -1. */
int worker_start(struct worker *w, const char *db_url);
/* There is new work (called from a request, perhaps inside its transaction:
 * the worker gives it a moment to commit). */
void worker_wake(struct worker *w);
/* Stops the thread and waits for it. */
void worker_stop(struct worker *w);
/* Whether worker_stop has been called (for work that checks as it goes). */
bool worker_stopping(struct worker *w);

#endif
