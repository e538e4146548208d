/* Files compiled into the binary with `ld -r -b binary` (Makefile EMBED).
 * ld names each one _binary_<path with / . - as _>_start / _end; the
 * Makefile writes that list to embedded.def, in name order. */
#include "util/util.h"

#include <pthread.h>
#include <string.h>

#define EMBED(sym, path) extern const char _binary_##sym##_start[], _binary_##sym##_end[];
#include "util/embedded.def"
#undef EMBED

struct embedded_span {
	const char *name;
	const char *start;
	const char *end;
};

static const struct embedded_span spans[] = {
#define EMBED(sym, path) { path, _binary_##sym##_start, _binary_##sym##_end },
#include "util/embedded.def"
#undef EMBED
};

#define NFILES (sizeof spans / sizeof spans[0])
static struct embedded table[NFILES];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_fill(void)
{
	for (size_t i = 0; i < NFILES; i++) {
		table[i].name = spans[i].name;
		table[i].data = spans[i].start;
		table[i].len = (size_t)(spans[i].end - spans[i].start);
	}
}

const struct embedded *embedded_get(const char *name)
{
	pthread_once(&table_once, table_fill);
	for (size_t i = 0; i < NFILES; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

size_t embedded_list(const char *prefix, const struct embedded **out, size_t max)
{
	pthread_once(&table_once, table_fill);
	size_t n = 0, plen = strlen(prefix);
	for (size_t i = 0; i < NFILES; i++)
		if (strncmp(table[i].name, prefix, plen) == 0) {
			if (n < max)
				out[n] = &table[i];
			n++;
		}
	return n;
}
