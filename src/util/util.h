/* Small shared helpers: time, numbers, bounded buffers, logging, embedded
 * files.  Nothing here knows about HTTP or the database. */
#ifndef AHTCELL_UTIL_H
#define AHTCELL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the Unix epoch, wall clock. */
int64_t util_now_ms(void);
/* Monotonic milliseconds, for durations. */
int64_t util_mono_ms(void);
/* Formats ms as "2026-11-28T15:30:00Z" into out (at least 32 bytes). */
void util_iso8601(int64_t ms, char out[32]);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" into ms; false when malformed. */
bool util_parse_time(const char *s, int64_t *ms);

/* Parses a whole decimal integer in [min, max]; false on any junk, overflow
 * or range error (leading '+', spaces and empty strings are junk). */
bool util_parse_int(const char *s, long long min, long long max, long long *out);
/* True when s is a real calendar date written YYYY-MM-DD, 1900 to 2100. */
bool util_date_valid(const char *s);
/* True when s is an Indian financial year written "2010-11", 1990-91 to 2099-00. */
bool util_financial_year_valid(const char *s);
/* A file name as a client gave it, made safe to store and show: without
 * folders, quotes, backslashes or control characters, the valid UTF-8
 * part of it (a name cut inside a character keeps what came before), cut
 * at a character to fit n bytes.  "" when nothing is left. */
void util_clean_file_name(const char *in, char *out, size_t n);
/* s cut at its first byte that is not valid UTF-8 (in place). */
void util_utf8_cut(char *s);
/* Whether s is a plain decimal number ("-10", "+433.3", "12.50"): a text a
 * spreadsheet reads as a number, never as a formula. */
bool util_plain_number(const char *s);

/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void util_hex(const unsigned char *in, size_t len, char *out);

/* A growable buffer with a hard size limit (curl's dynbuf).  data is always
 * NUL-terminated when len > 0.  Free with buf_free. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;     /* append fails past this many bytes */
};
void buf_init(struct buf *b, size_t max);
/* Appends n bytes; -1 (buffer unchanged) when the limit would be passed or
 * memory is short. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* Logging to stderr, one line each, UTC timestamp first.  Never pass a
 * password, a token or personal data. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes one already formatted line (no newline needed) with one write(2),
 * so lines from different threads never interleave. */
void log_line(const char *line, size_t len);

/* Files compiled into the binary (see EMBED in the Makefile). */
struct embedded {
	const char *name;       /* path relative to the repository, e.g. "data/states.csv" */
	const char *data;
	size_t len;
};
/* The embedded file of that name, or NULL. */
const struct embedded *embedded_get(const char *name);
/* All embedded files whose name starts with prefix, in name order; returns
 * their count and fills at most max entries. */
size_t embedded_list(const char *prefix, const struct embedded **out, size_t max);

/* A whole number (>= 0) grouped the Indian way, 1,23,45,678, into out (n
 * bytes, at least 32). */
void util_group_indian(unsigned long long v, char *out, size_t n);

/* Reads a CSV held in memory (RFC 4180, via libcsv) and calls row() for each
 * record after the header, with the fields as NUL-terminated strings.
 * row() returns 0 to go on, non-zero to stop (that value is returned).
 * Returns -1 on a malformed file or a record of more than 32 fields. */
typedef int (*csv_row_fn)(void *ctx, int nfields, char **fields);
int util_csv_each(const char *data, size_t len, csv_row_fn row, void *ctx);
/* The same with the header too: row() gets every record. */
int util_csv_rows(const char *data, size_t len, csv_row_fn row, void *ctx);

#endif
