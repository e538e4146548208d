/* The answers of list and search, kept in memory: a public portal's
 * searches repeat, and one over 100,000 documents with a common word costs
 * a hundred milliseconds or more.  An answer is reused only while nothing
 * in the library has changed since it was computed:
 *
 *   - every change bumps a generation counter *after* its commit (the
 *     request's on_commit hook; the indexer after its own commit);
 *   - a reader notes the generation *before* it queries, and stores the
 *     answer under that one, so an answer computed across a change is
 *     stored already out of date and never served;
 *   - a change made by another process (the CLI) is not seen here: every
 *     answer also expires after DOCS_CACHE_TTL_MS.
 *
 * Bounded: at most DOCS_CACHE_ENTRIES answers and DOCS_CACHE_BYTES bytes,
 * the least recently used going first.  One mutex: a lookup is a hash and
 * a short chain walk, far cheaper than the query it saves. */
#include "documents/documents.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 8192

struct entry {
	struct entry *chain;            /* next in the bucket */
	struct entry *newer, *older;    /* the LRU list */
	uint64_t hash;
	uint64_t generation;
	int64_t created_ms;
	char *key;
	char *body;
	size_t len;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[BUCKETS];
static struct entry *newest, *oldest;
static size_t count, bytes;
static uint64_t generation = 1;

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

uint64_t docs_cache_generation(void)
{
	return __atomic_load_n(&generation, __ATOMIC_SEQ_CST);
}

void docs_cache_invalidate(void)
{
	__atomic_add_fetch(&generation, 1, __ATOMIC_SEQ_CST);
}

char *docs_cache_get(const char *key, size_t *len)
{
	uint64_t h = fnv1a(key), gen = docs_cache_generation();
	int64_t now = util_mono_ms();
	char *out = NULL;
	pthread_mutex_lock(&lock);
	for (struct entry *e = buckets[h % BUCKETS]; e; e = e->chain) {
		if (e->hash != h || strcmp(e->key, key) != 0)
			continue;
		if (e->generation != gen || now - e->created_ms > DOCS_CACHE_TTL_MS) {
			entry_drop(e);
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
	pthread_mutex_unlock(&lock);
	return out;
}

void docs_cache_put(const char *key, const char *body, size_t len, uint64_t gen)
{
	size_t klen = strlen(key);
	if (gen != docs_cache_generation() || len + klen > DOCS_CACHE_BYTES / 16)
		return;         /* already out of date, or too big to be worth it */
	struct entry *e = calloc(1, sizeof *e);
	if (!e)
		return;
	e->key = strdup(key);
	e->body = malloc(len + 1);
	if (!e->key || !e->body) {
		free(e->key);
		free(e->body);
		free(e);
		return;
	}
	memcpy(e->body, body, len);
	e->body[len] = 0;
	e->len = len;
	e->hash = fnv1a(key);
	e->generation = gen;
	e->created_ms = util_mono_ms();
	pthread_mutex_lock(&lock);
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
	pthread_mutex_unlock(&lock);
}
