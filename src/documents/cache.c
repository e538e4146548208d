/* The answers of list and search, kept in memory: a public portal's
 * searches repeat, and one over 100,000 documents with a common word costs
 * a hundred milliseconds or more.  An answer is reused only while nothing
 * in the library has changed since it was computed:
 *
 *   - the database counts the library's version (migration 0004: triggers
 *     on documents, groups and files), so a change by any connection or
 *     process, the indexer's or the CLI's, is seen;
 *   - a reader reads the version *before* it queries and stores the
 *     answer under it; an answer is served only to a reader that read the
 *     same version, so one computed across a change is never served in
 *     place of the new one;
 *   - nothing expires on a timer: an answer lives while it is current and
 *     asked for;
 *   - a missing answer is computed once: the first reader to miss it
 *     computes it, and readers of the same question at the same version
 *     wait for it (at most DOCS_CACHE_WAIT_MS) rather than run the same
 *     query side by side, as they would after every change to a busy
 *     library.
 *
 * Bounded: at most DOCS_CACHE_ENTRIES answers and DOCS_CACHE_BYTES bytes,
 * the least recently used going first.  One mutex: a lookup is a hash and
 * a short chain walk, far cheaper than the query it saves. */
#include "documents/documents.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUCKETS 8192

struct entry {
	struct entry *chain;            /* next in the bucket */
	struct entry *newer, *older;    /* the LRU list */
	uint64_t hash;
	uint64_t generation;
	char *key;
	char *body;
	size_t len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[BUCKETS];
static struct entry *newest, *oldest;
static size_t count, bytes;
static uint64_t latest;                 /* the newest version seen */

/* Answers being computed: one per worker thread at most. */
struct flight {
	struct flight *next;
	uint64_t hash, generation;
	char *key;
};
static struct flight *flights;
static pthread_cond_t landed;           /* a flight ended; CLOCK_MONOTONIC */
static pthread_once_t landed_once = PTHREAD_ONCE_INIT;

static void landed_init(void)
{
	pthread_condattr_t at;
	pthread_condattr_init(&at);
	pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
	pthread_cond_init(&landed, &at);
	pthread_condattr_destroy(&at);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void lru_unlink(struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	e->newer = e->older = NULL;
}

static void lru_push(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	newest = e;
	if (!oldest)
		oldest = e;
}

/* Removes e from its bucket and the LRU list and frees it. */
static void entry_drop(struct entry *e)
{
	struct entry **p = &buckets[e->hash % BUCKETS];
	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	lru_unlink(e);
	count--;
	bytes -= e->len + strlen(e->key);
	free(e->key);
	free(e->body);
	free(e);
}

static struct flight *flight_find(uint64_t h, const char *key, uint64_t gen)
{
	for (struct flight *f = flights; f; f = f->next)
		if (f->hash == h && f->generation == gen && strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* Ends the flight of key at gen, if any, and wakes its waiters.  Locked. */
static void flight_end(uint64_t h, const char *key, uint64_t gen)
{
	for (struct flight **p = &flights; *p; p = &(*p)->next) {
		struct flight *f = *p;
		if (f->hash == h && f->generation == gen && strcmp(f->key, key) == 0) {
			*p = f->next;
			free(f->key);
			free(f);
			pthread_cond_broadcast(&landed);
			return;
		}
	}
}

/* The kept answer, or NULL.  Locked. */
static char *lookup(uint64_t h, const char *key, uint64_t gen, size_t *len)
{
	char *out = NULL;
	for (struct entry *e = buckets[h % BUCKETS]; e; e = e->chain) {
		if (e->hash != h || strcmp(e->key, key) != 0)
			continue;
		if (e->generation != gen) {
			if (e->generation < latest)
				entry_drop(e);  /* out of date for good */
			break;
		}
		out = malloc(e->len + 1);
		if (out) {
			memcpy(out, e->body, e->len + 1);
			*len = e->len;
		}
		lru_unlink(e);
		lru_push(e);
		break;
	}
	return out;
}

char *docs_cache_get(const char *key, uint64_t gen, size_t *len)
{
	pthread_once(&landed_once, landed_init);
	uint64_t h = fnv1a(key);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += DOCS_CACHE_WAIT_MS / 1000;
	until.tv_nsec += (long)(DOCS_CACHE_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&lock);
	if (gen > latest)
		latest = gen;
	char *out;
	bool waited_enough = false;
	while (!(out = lookup(h, key, gen, len)) && flight_find(h, key, gen) && gen == latest && !waited_enough)
		waited_enough = pthread_cond_timedwait(&landed, &lock, &until) != 0;
	/* a miss makes this caller the one computing: a new flight, or one
	 * whose computer has taken too long (this caller's answer, or its
	 * abandon, ends it then) */
	if (!out && !flight_find(h, key, gen)) {
		struct flight *f = calloc(1, sizeof *f);
		if (f && (f->key = strdup(key))) {
			f->hash = h;
			f->generation = gen;
			f->next = flights;
			flights = f;
		} else {
			free(f);
		}
	}
	pthread_mutex_unlock(&lock);
	return out;
}

void docs_cache_abandon(const char *key, uint64_t gen)
{
	pthread_once(&landed_once, landed_init);
	pthread_mutex_lock(&lock);
	flight_end(fnv1a(key), key, gen);
	pthread_mutex_unlock(&lock);
}

void docs_cache_put(const char *key, const char *body, size_t len, uint64_t gen)
{
	size_t klen = strlen(key);
	struct entry *e = len + klen > DOCS_CACHE_BYTES / 16 ? NULL : calloc(1, sizeof *e);
	if (e) {
		e->key = strdup(key);
		e->body = malloc(len + 1);
	}
	if (!e || !e->key || !e->body) {         /* too big to be worth it, or no memory */
		if (e) {
			free(e->key);
			free(e->body);
			free(e);
		}
		docs_cache_abandon(key, gen);
		return;
	}
	memcpy(e->body, body, len);
	e->body[len] = 0;
	e->len = len;
	e->hash = fnv1a(key);
	e->generation = gen;
	pthread_once(&landed_once, landed_init);
	pthread_mutex_lock(&lock);
	flight_end(e->hash, key, gen);
	if (gen < latest) {     /* computed before a change another reader has seen */
		pthread_mutex_unlock(&lock);
		free(e->key);
		free(e->body);
		free(e);
		return;
	}
	latest = gen;
	for (struct entry *o = buckets[e->hash % BUCKETS]; o; o = o->chain)
		if (o->hash == e->hash && strcmp(o->key, key) == 0) {
			entry_drop(o);
			break;
		}
	e->chain = buckets[e->hash % BUCKETS];
	buckets[e->hash % BUCKETS] = e;
	lru_push(e);
	count++;
	bytes += len + klen;
	while (oldest && (count > DOCS_CACHE_ENTRIES || bytes > DOCS_CACHE_BYTES))
		entry_drop(oldest);
	pthread_mutex_unlock(&lock);
}

void docs_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	while (oldest)
		entry_drop(oldest);
	latest = 0;
	pthread_mutex_unlock(&lock);
}
