/* Small shared helpers; see util.h. */
#include "util/util.h"

#include <glib.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int64_t util_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t util_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void util_iso8601(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool util_parse_time(const char *s, int64_t *ms)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end;
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n == 10)
		end = strptime(s, "%Y-%m-%d", &tm);
	else if (n == 20)
		end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		return false;
	if (!end || *end)
		return false;
	/* strptime accepts "2026-02-30" and padded fields: take only what
	 * prints back as the same text. */
	time_t t = timegm(&tm);
	struct tm back;
	char again[32];
	gmtime_r(&t, &back);
	strftime(again, sizeof again, n == 10 ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &back);
	if (strcmp(again, s) != 0)
		return false;
	*ms = (int64_t)t * 1000;
	return true;
}

bool util_parse_int(const char *s, long long min, long long max, long long *out)
{
	if (!s || !*s || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

void util_hex(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = 0;
}

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return -1;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return -1;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof tmp)
		return buf_append(b, tmp, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = buf_append(b, big, (size_t)n);
	free(big);
	return rc;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void log_line(const char *line, size_t len)
{
	char stack[1024];
	char *p = len + 1 <= sizeof stack ? stack : malloc(len + 1);
	if (!p)
		return;
	memcpy(p, line, len);
	p[len] = '\n';
	ssize_t w = write(STDERR_FILENO, p, len + 1);
	(void)w;
	if (p != stack)
		free(p);
}

__attribute__((format(printf, 2, 0)))
static void log_v(const char *level, const char *fmt, va_list ap)
{
	char line[2048];
	char when[32];
	util_iso8601(util_now_ms(), when);
	int n = snprintf(line, sizeof line, "%s %s ", when, level);
	int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len >= sizeof line)
		len = sizeof line - 1;
	log_line(line, len);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_v("error", fmt, ap);
	va_end(ap);
}

bool util_date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

bool util_financial_year_valid(const char *s)
{
	int y, z, n = 0;
	if (!s || strlen(s) != 7 || sscanf(s, "%4d-%2d%n", &y, &z, &n) != 2 || n != 7 || s[0] < '0' || s[5] < '0')
		return false;
	return y >= 1990 && y <= 2099 && z == (y + 1) % 100;
}

bool util_plain_number(const char *s)
{
	size_t i = 0, digits = 0;
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits > 0 && s[i] == '\0';
}

void util_utf8_cut(char *s)
{
	const char *end;
	if (!g_utf8_validate(s, -1, &end))
		s[end - s] = '\0';
}

void util_clean_file_name(const char *in, char *out, size_t n)
{
	const char *base = strrchr(in, '/');
	base = base ? base + 1 : in;
	const char *end;
	g_utf8_validate(base, -1, &end);        /* the valid part only */
	size_t k = 0;
	for (const char *p = base; p < end && *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		size_t w = (size_t)(g_utf8_next_char(p) - p);
		if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == '\\' || u == '"')
			continue;
		if (k + w >= n)
			break;
		memcpy(out + k, p, w);
		k += w;
	}
	out[k] = '\0';
}

void util_group_indian(unsigned long long v, char *out, size_t n)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%llu", v);
	size_t len = strlen(digits), o = 0;
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		size_t rest = len - i - 1;      /* digits still to come */
		out[o++] = digits[i];
		/* the last three, then by twos: 1,23,45,678 */
		if (rest == 3 || (rest > 3 && (rest - 3) % 2 == 0))
			out[o++] = ',';
	}
	out[o] = 0;
}
