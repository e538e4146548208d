/* The HTTP server: request lifecycle on libmicrohttpd, limits, security
 * headers, transactions and idempotency around handlers, static files of
 * the UI, the access log, and a clean shutdown.
 *
 * Lifecycle of one request (MHD calls on_request several times):
 *   1st call   match the route, check URL and declared body size, create
 *              struct request_ctx.  Nothing is queued yet: queueing on the
 *              first call makes MHD 0.9.75 close a keep-alive connection.
 *   body calls append to the bounded body buffer (or drop past the limit).
 *   last call  identify the caller, admit by policy, parse JSON, run the
 *              handler inside a transaction for writes, queue the answer.
 *   completed  write the access-log line, free everything. */
#include "http/server.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "auth/auth.h"
#include "http/router.h"
#include "http/upload.h"
#include "util/util.h"

#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;" \
	" connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';" \
	" form-action 'self'; frame-ancestors 'none'"

static const struct server_config *config;
static int web_fd = -1;
static volatile int in_flight;

/* One database connection per server thread, opened on first use and
 * closed after the daemon has stopped (all threads joined). */
static _Thread_local struct db *thread_db;
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **conns;
static size_t nconns;

static struct db *db_thread(void)
{
	if (thread_db)
		return thread_db;
	struct db *db = db_open(config->db_url);
	if (!db)
		return NULL;
	pthread_mutex_lock(&conns_lock);
	struct db **n = realloc(conns, (nconns + 1) * sizeof *conns);
	if (n) {
		conns = n;
		conns[nconns++] = db;
	}
	pthread_mutex_unlock(&conns_lock);
	if (!n) {
		db_close(db);
		return NULL;
	}
	thread_db = db;
	return db;
}

struct request_ctx {
	struct request r;
	struct buf body;
	/* F_UPLOAD routes: the body goes through MHD's multipart parser into up */
	struct upload_state up;
	bool admitted;          /* identified and admitted on the first call */
	bool refused;           /* not admitted: the body is read, dropped, then the answer sent */
	bool started;           /* the first call is over */
	bool too_large;
	bool body_seen;
	int early_status;       /* a reply decided before the handler (404/405/414/413) */
	const char *early_code;
	unsigned allowed;       /* methods of the path, for 405 */
	int64_t t0;
	uint64_t bytes_out;
	char *scratch;          /* path parameters point here */
};

/* ---- what handlers call (request.h) ---- */

const char *request_query(struct request *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *request_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *request_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool request_param_id(struct request *r, int i, int64_t *id)
{
	long long v;
	if (i < r->nparams && util_parse_int(r->params[i], 1, INT64_MAX, &v)) {
		*id = v;
		return true;
	}
	reply_not_found(r);
	return false;
}

bool request_paging(struct request *r, int *limit, int *offset)
{
	const char *l = request_query(r, "limit"), *o = request_query(r, "offset");
	long long v;
	*limit = 50;
	*offset = 0;
	if (l) {
		if (!util_parse_int(l, 1, 500, &v)) {
			reply_invalid(r, "limit", "limit must be a whole number from 1 to 500.");
			return false;
		}
		*limit = (int)v;
	}
	if (o) {
		if (!util_parse_int(o, 0, 100000000, &v)) {
			reply_invalid(r, "offset", "offset must be a whole number from 0.");
			return false;
		}
		*offset = (int)v;
	}
	return true;
}

void reply_json(struct request *r, int status, json_t *body)
{
	json_decref(r->reply);
	r->status = status;
	r->reply = body;
	r->reply_static = NULL;
}

__attribute__((format(printf, 2, 0)))
static json_t *error_body(const char *code, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	return json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
}

void reply_error(struct request *r, int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	reply_json(r, status, error_body(code, fmt, ap));
	va_end(ap);
}

void reply_invalid(struct request *r, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *b = error_body("request.invalid", fmt, ap);
	va_end(ap);
	json_object_set_new(json_object_get(b, "error"), "field", json_string(field));
	reply_json(r, 400, b);
}

void reply_list(struct request *r, json_t *items, int64_t total, int limit, int offset)
{
	reply_json(r, 200, json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
				     "limit", limit, "offset", offset));
}

void reply_static(struct request *r, const struct static_reply *s)
{
	reply_json(r, 200, NULL);
	r->reply_static = s;
}

void reply_header(struct request *r, const char *name, const char *fmt, ...)
{
	if (r->nheaders >= EXTRA_HEADERS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	r->headers[r->nheaders].name = name;
	vsnprintf(r->headers[r->nheaders].value, sizeof r->headers[0].value, fmt, ap);
	va_end(ap);
	r->nheaders++;
}

void reply_file(struct request *r, int fd, uint64_t size, const char *content_type, const char *etag,
		const char *disposition, const char *cache_control)
{
	reply_json(r, 200, NULL);
	if (r->file.fd >= 0)
		close(r->file.fd);
	free(r->file.disposition);
	r->file.fd = fd;
	r->file.size = size;
	snprintf(r->file.content_type, sizeof r->file.content_type, "%s", content_type);
	snprintf(r->file.etag, sizeof r->file.etag, "%s", etag ? etag : "");
	r->file.disposition = disposition ? strdup(disposition) : NULL;
	r->file.cache_control = cache_control;
}

void reply_text(struct request *r, char *text, const char *content_type, const char *cache_control)
{
	reply_json(r, 200, NULL);
	free(r->extra_owned);
	r->extra_owned = text;
	r->reply_text = text;
	r->reply_text_type = content_type;
	r->file.cache_control = cache_control;
}

/* Bytes of personal data, with their length, zeroed before they are freed. */
struct secret_bytes {
	size_t len;
	unsigned char data[];
};

static void secret_free(void *cls)
{
	struct secret_bytes *s = cls;
	if (!s)
		return;
	sodium_memzero(s->data, s->len);
	free(s);
}

/* MHD's free callback gets the buffer: the struct sits just before it. */
static void secret_free_buffer(void *buffer)
{
	if (buffer)
		secret_free((unsigned char *)buffer - offsetof(struct secret_bytes, data));
}

void reply_secret(struct request *r, const void *data, size_t len, const char *type, const char *disposition)
{
	struct secret_bytes *s = malloc(sizeof *s + (len ? len : 1));
	if (!s) {
		reply_db_error(r);
		return;
	}
	s->len = len;
	memcpy(s->data, data, len);
	reply_json(r, 200, NULL);
	secret_free(r->secret);
	r->secret = s;
	r->reply_text_type = type;
	r->file.cache_control = "no-store";
	free(r->file.disposition);
	r->file.disposition = disposition ? strdup(disposition) : NULL;
}

const char *upload_field(struct request *r, const char *name)
{
	if (!r->upload)
		return NULL;
	for (int i = 0; i < r->upload->nfields; i++)
		if (strcmp(r->upload->fields[i].name, name) == 0)
			return r->upload->fields[i].value ? r->upload->fields[i].value : "";
	return NULL;
}

void reply_not_found(struct request *r)
{
	reply_error(r, 404, "not_found", "Nothing here: it does not exist or is not yours to see.");
}

void reply_db_error(struct request *r)
{
	reply_error(r, 500, "server.error", "The server could not complete this; it has been logged. Try again.");
}

const char *body_string(struct request *r, const char *key, size_t max, bool required, bool *bad)
{
	json_t *v = r->body ? json_object_get(r->body, key) : NULL;
	*bad = false;
	if (!v || json_is_null(v)) {
		if (required) {
			reply_invalid(r, key, "%s is required.", key);
			*bad = true;
		}
		return NULL;
	}
	if (!json_is_string(v)) {
		reply_invalid(r, key, "%s must be a string.", key);
		*bad = true;
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (strlen(s) != len) {
		reply_invalid(r, key, "%s must not contain NUL characters.", key);
		*bad = true;
		return NULL;
	}
	if (required && len == 0) {
		reply_invalid(r, key, "%s must not be empty.", key);
		*bad = true;
		return NULL;
	}
	if (len > max) {
		reply_invalid(r, key, "%s is too long (at most %zu bytes).", key, max);
		*bad = true;
		return NULL;
	}
	return s;
}

/* ---- responses ---- */

static void add_common_headers(struct MHD_Response *resp, const char *cache_control)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", cache_control);
}

static pthread_mutex_t static_lock = PTHREAD_MUTEX_INITIALIZER;

/* The response of a static_reply, built once and shared (MHD counts its
 * references; it stays alive for the process). */
static struct MHD_Response *static_response(const struct static_reply *s)
{
	struct static_reply *w = (struct static_reply *)s;
	struct MHD_Response *resp = __atomic_load_n((struct MHD_Response **)&w->cached, __ATOMIC_ACQUIRE);
	if (resp)
		return resp;
	pthread_mutex_lock(&static_lock);
	resp = w->cached;
	if (!resp) {
		resp = MHD_create_response_from_buffer(s->len, (void *)s->body, MHD_RESPMEM_PERSISTENT);
		if (resp) {
			add_common_headers(resp, s->cache_control ? s->cache_control : "public, max-age=3600");
			MHD_add_response_header(resp, "Content-Type", "application/json");
			__atomic_store_n((struct MHD_Response **)&w->cached, resp, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&static_lock);
	return resp;
}

static enum MHD_Result queue_response(struct request_ctx *ctx, struct MHD_Connection *conn,
				       struct MHD_Response *resp, int status, bool shared)
{
	ctx->r.status = status;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
	if (!shared)
		MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result send_file(struct request_ctx *ctx, struct MHD_Connection *conn);
static enum MHD_Result send_reply(struct request_ctx *ctx, struct MHD_Connection *conn);

/* ---- files (reply_file) ---- */

/* True when the If-None-Match list names etag (or is "*").  Weak
 * comparison, as RFC 9110 asks for If-None-Match. */
static bool etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (n && strncmp(p, etag, n) == 0 && (p[n] == 0 || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* Parses a Range header for a file of size bytes.  Returns 1 with the
 * first byte and the length of one satisfiable range, 0 when the header is
 * to be ignored (absent, not bytes, several ranges, malformed: RFC 9110
 * lets a server answer those with the whole file), -1 when unsatisfiable. */
static int range_parse(const char *h, uint64_t size, uint64_t *start, uint64_t *len)
{
	if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 0;
	const char *p = h + 6, *dash = strchr(p, '-');
	if (!dash)
		return 0;
	char a[24] = "", b[24] = "";
	size_t al = (size_t)(dash - p), bl = strlen(dash + 1);
	if (al >= sizeof a || bl >= sizeof b)
		return 0;
	memcpy(a, p, al);
	memcpy(b, dash + 1, bl + 1);
	long long x, y;
	if (!al) {                              /* bytes=-N: the last N */
		if (!util_parse_int(b, 0, INT64_MAX, &y))
			return 0;
		if (y == 0 || size == 0)
			return -1;
		*len = (uint64_t)y < size ? (uint64_t)y : size;
		*start = size - *len;
		return 1;
	}
	if (!util_parse_int(a, 0, INT64_MAX, &x))
		return 0;
	if (bl && (!util_parse_int(b, 0, INT64_MAX, &y) || y < x))
		return 0;
	if ((uint64_t)x >= size)
		return -1;
	uint64_t last = bl && (uint64_t)y < size - 1 ? (uint64_t)y : size - 1;
	*start = (uint64_t)x;
	*len = last - (uint64_t)x + 1;
	return 1;
}

bool request_reads_from_start(struct request *r, uint64_t size, const char *etag)
{
	if (r->method != M_GET)
		return false;
	const char *inm = request_header(r, "If-None-Match");
	if (inm && etag && strstr(inm, etag))
		return false;                   /* 304: nothing sent */
	uint64_t start = 0, len = 0;
	int ranged = range_parse(request_header(r, "Range"), size, &start, &len);
	const char *if_range = request_header(r, "If-Range");
	if (ranged > 0 && if_range && etag && strcmp(if_range, etag) != 0)
		return true;                    /* the file changed: sent whole */
	/* a range the server understands and that starts further on (or a 416)
	 * sends nothing of the start; anything else sends it, whole or not */
	return !(ranged < 0 || (ranged > 0 && start > 0));
}

static void add_file_headers(struct request *r, struct MHD_Response *resp)
{
	/* An uploaded file is never HTML (only PDF, office files and plain
	 * text are accepted), and nosniff keeps it that way; no CSP, which
	 * would stop the browser's PDF viewer. */
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "SAMEORIGIN");
	MHD_add_response_header(resp, "Cache-Control", r->file.cache_control ? r->file.cache_control : "no-store");
	if (r->file.etag[0])
		MHD_add_response_header(resp, "ETag", r->file.etag);
	MHD_add_response_header(resp, "Accept-Ranges", "bytes");
}

static enum MHD_Result send_file(struct request_ctx *ctx, struct MHD_Connection *conn)
{
	struct request *r = &ctx->r;
	const char *inm = request_header(r, "If-None-Match");
	if (inm && r->file.etag[0] && etag_listed(inm, r->file.etag)) {
		struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		add_file_headers(r, resp);
		return queue_response(ctx, conn, resp, 304, false);
	}
	uint64_t start = 0, len = r->file.size;
	int ranged = range_parse(request_header(r, "Range"), r->file.size, &start, &len);
	const char *if_range = request_header(r, "If-Range");
	if (ranged && if_range && strcmp(if_range, r->file.etag) != 0) {
		ranged = 0;                     /* the file changed: send it whole */
		start = 0;
		len = r->file.size;
	}
	if (ranged < 0) {
		reply_error(r, 416, "request.range", "The range asked for is outside the file (%llu bytes).",
			    (unsigned long long)r->file.size);
		reply_header(r, "Content-Range", "bytes */%llu", (unsigned long long)r->file.size);
		close(r->file.fd);
		r->file.fd = -1;
		return send_reply(ctx, conn);
	}
	struct MHD_Response *resp = MHD_create_response_from_fd_at_offset64(len, r->file.fd, start);
	if (!resp)
		return MHD_NO;
	r->file.fd = -1;                        /* MHD closes it with the response */
	add_file_headers(r, resp);
	MHD_add_response_header(resp, "Content-Type", r->file.content_type);
	if (r->file.disposition)
		MHD_add_response_header(resp, "Content-Disposition", r->file.disposition);
	if (ranged > 0) {
		char cr[96];
		snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu", (unsigned long long)start,
			 (unsigned long long)(start + len - 1), (unsigned long long)r->file.size);
		MHD_add_response_header(resp, "Content-Range", cr);
	}
	ctx->bytes_out = len;
	return queue_response(ctx, conn, resp, ranged > 0 ? 206 : 200, false);
}

/* Sends r's reply (JSON, static, file, text, or empty). */
static enum MHD_Result send_reply(struct request_ctx *ctx, struct MHD_Connection *conn)
{
	struct request *r = &ctx->r;
	if (r->reply_static) {
		struct MHD_Response *resp = static_response(r->reply_static);
		if (!resp)
			return MHD_NO;
		ctx->bytes_out = r->reply_static->len;
		return queue_response(ctx, conn, resp, 200, true);
	}
	if (r->file.fd >= 0)
		return send_file(ctx, conn);
	if (r->secret) {
		struct secret_bytes *sb = r->secret;
		struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(sb->len, sb->data,
											      secret_free_buffer);
		if (!resp)
			return MHD_NO;
		r->secret = NULL;       /* MHD's now: zeroed and freed when sent */
		add_common_headers(resp, "no-store");
		MHD_add_response_header(resp, "Content-Type", r->reply_text_type);
		if (r->file.disposition)
			MHD_add_response_header(resp, "Content-Disposition", r->file.disposition);
		for (int i = 0; i < r->nheaders; i++)
			MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
		ctx->bytes_out = sb->len;
		return queue_response(ctx, conn, resp, 200, false);
	}
	if (r->reply_text) {
		size_t tlen = strlen(r->reply_text);
		struct MHD_Response *resp = MHD_create_response_from_buffer(tlen, (void *)r->reply_text,
									    MHD_RESPMEM_MUST_COPY);
		if (!resp)
			return MHD_NO;
		add_common_headers(resp, r->file.cache_control ? r->file.cache_control : "no-cache");
		MHD_add_response_header(resp, "Content-Type", r->reply_text_type);
		for (int i = 0; i < r->nheaders; i++)
			MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
		ctx->bytes_out = tlen;
		return queue_response(ctx, conn, resp, 200, false);
	}
	char *text = r->reply ? json_dumps(r->reply, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
	size_t len = text ? strlen(text) : 0;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, text ? text : (void *)"",
								    text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	add_common_headers(resp, "no-store");
	if (text)
		MHD_add_response_header(resp, "Content-Type", "application/json");
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	ctx->bytes_out = len;
	return queue_response(ctx, conn, resp, r->status ? r->status : 200, false);
}

/* ---- static files of the UI ---- */

static const char *content_type_of(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" }, { ".svg", "image/svg+xml" },
		{ ".png", "image/png" }, { ".ico", "image/x-icon" }, { ".json", "application/json" },
		{ ".woff2", "font/woff2" }, { ".txt", "text/plain; charset=utf-8" },
		{ ".map", "application/json" }, { ".webmanifest", "application/manifest+json" },
	};
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* Opens a file under the web root; -1 when it is not a regular file there.
 * openat2 with RESOLVE_BENEATH refuses anything that would leave the web
 * root (an absolute path, "..", a symlink anywhere on the way), whatever
 * the path's spelling; the checks before it only spare the system call. */
static int web_open(const char *rel, struct stat *st)
{
	if (web_fd < 0 || !*rel || rel[0] == '/' || rel[0] == '.' || strstr(rel, "/.") || strstr(rel, "//"))
		return -1;
	struct open_how how = {
		.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, web_fd, rel, &how, sizeof how);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

static enum MHD_Result serve_static(struct request_ctx *ctx, struct MHD_Connection *conn)
{
	const char *path = ctx->r.path;
	struct stat st;
	const char *rel = path[1] ? path + 1 : "index.html";
	int fd = web_open(rel, &st);
	const char *served = rel;
	/* Client-side routes (/users/12) get the app; missing assets are 404. */
	if (fd < 0 && strncmp(path, "/assets/", 8) != 0 && !strchr(strrchr(path, '/'), '.')) {
		served = "index.html";
		fd = web_open(served, &st);
	}
	if (fd < 0) {
		if (web_fd < 0)
			reply_error(&ctx->r, 404, "not_found", "The web UI is not built here (start with --web DIR).");
		else
			reply_not_found(&ctx->r);
		return send_reply(ctx, conn);
	}
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	bool hashed = strncmp(served, "assets/", 7) == 0;
	add_common_headers(resp, hashed ? "public, max-age=31536000, immutable" : "no-cache");
	MHD_add_response_header(resp, "Content-Type", content_type_of(served));
	ctx->bytes_out = (uint64_t)st.st_size;
	return queue_response(ctx, conn, resp, 200, false);
}


/* ---- uploads (F_UPLOAD): src/http/upload.c reads the form ---- */

/* The first call of an upload route: admit the caller before reading a
 * byte of the body (nobody may fill the disk without the right), then set
 * up the parser.  Returns false when an answer has been set. */
static bool upload_begin(struct request_ctx *ctx, struct MHD_Connection *conn)
{
	struct request *r = &ctx->r;
	r->upload = &ctx->up.up;
	r->db = db_thread();
	if (!r->db) {
		reply_error(r, 503, "server.busy", "The database cannot be opened; try again later.");
		return false;
	}
	auth_identify(r);
	if (!auth_admit(r))
		return false;
	ctx->admitted = true;
	ctx->up.in_memory = (r->route->flags & F_UPLOAD_MEMORY) != 0;
	const char *ct = request_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) {
		reply_error(r, 415, "request.content_type", "Send the upload as Content-Type: multipart/form-data.");
		return false;
	}
	if (!upload_start(&ctx->up, conn)) {
		reply_error(r, ctx->up.status, ctx->up.code, "%s", ctx->up.msg);
		return false;
	}
	return true;
}

/* ---- the API path ---- */

static void idempotency_owner(const struct request *r, char out[96])
{
	if (r->caller.user_id)
		snprintf(out, 96, "u:%lld", (long long)r->caller.user_id);
	else
		snprintf(out, 96, "ip:%s", r->ip);
}

static void request_hash(const struct request_ctx *ctx, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char d[32];
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)router_method_name(ctx->r.method),
				  strlen(router_method_name(ctx->r.method)));
	crypto_hash_sha256_update(&h, (const unsigned char *)ctx->r.path, strlen(ctx->r.path) + 1);
	if (ctx->body.len)
		crypto_hash_sha256_update(&h, (const unsigned char *)ctx->body.data, ctx->body.len);
	const struct upload *up = &ctx->up.up;
	for (int i = 0; i < up->nfields; i++) {
		crypto_hash_sha256_update(&h, (const unsigned char *)up->fields[i].name, strlen(up->fields[i].name) + 1);
		crypto_hash_sha256_update(&h, (const unsigned char *)up->fields[i].value, up->fields[i].len);
		crypto_hash_sha256_update(&h, (const unsigned char *)"", 1);
	}
	if (up->has_file)
		crypto_hash_sha256_update(&h, (const unsigned char *)up->sha256, 64);
	crypto_hash_sha256_final(&h, d);
	util_hex(d, 32, out);
}

static bool idempotency_key_valid(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
}

/* Runs the handler of an admitted request: writes in one transaction
 * (committed only when the answer is a success), with the Idempotency-Key
 * replay inside it.  F_OWN_TX routes manage their own transactions. */
static void run_handler(struct request_ctx *ctx)
{
	struct request *r = &ctx->r;
	struct db *db = r->db;
	bool write = r->method != M_GET && r->method != M_HEAD && !(r->route->flags & F_OWN_TX);
	const char *key = (r->route->flags & F_IDEMPOTENT) ? request_header(r, "Idempotency-Key") : NULL;
	char owner[96], hash[65];

	if (key && !idempotency_key_valid(key)) {
		reply_invalid(r, "Idempotency-Key", "Idempotency-Key must be 1 to 128 printable ASCII characters.");
		return;
	}
	if (write && db->ops->begin_write(db) != DB_OK) {
		reply_error(r, 503, "server.busy", "The database is busy; try again in a moment.");
		reply_header(r, "Retry-After", "1");
		return;
	}
	if (key) {
		struct db_idem seen;
		idempotency_owner(r, owner);
		request_hash(ctx, hash);
		enum db_status st = db->ops->idem_get(db, owner, key, &seen);
		if (st == DB_OK) {
			db->ops->rollback(db);
			if (strcmp(seen.request_hash, hash) != 0) {
				reply_error(r, 422, "idempotency.mismatch",
					    "This Idempotency-Key was used for a different request; use a new key.");
			} else {
				reply_json(r, seen.status, json_loads(seen.body, 0, NULL));
				reply_header(r, "Idempotent-Replay", "true");
			}
			free(seen.body);
			return;
		}
		if (st != DB_NOTFOUND) {
			db->ops->rollback(db);
			reply_db_error(r);
			return;
		}
	}

	r->route->handler(r);

	bool ok = r->status < 400;
	if (write && !ok)
		db->ops->rollback(db);
	/* A refusal decided by a handler (a State user reaching past its State)
	 * is audited like one decided by the route table; after the rollback,
	 * so that it stays. */
	if (r->status == 403)
		audit_denied(r, json_string_value(json_object_get(json_object_get(r->reply, "error"), "code")));
	if (!write || !ok)
		return;
	if (ok && key) {
		struct db_idem put = { .status = r->status };
		memcpy(put.request_hash, hash, sizeof hash);
		/* A secret shown once (an API token) is not kept for replays. */
		json_t *kept = r->reply ? json_deep_copy(r->reply) : NULL;
		if (kept && r->reply_secret_member && json_object_get(kept, r->reply_secret_member)) {
			json_object_set_new(kept, r->reply_secret_member, json_null());
			json_object_set_new(kept, "secret_withheld", json_true());
		}
		put.body = kept ? json_dumps(kept, JSON_COMPACT | JSON_REAL_PRECISION(12)) : strdup("");
		json_decref(kept);
		enum db_status st = put.body ? db->ops->idem_put(db, owner, key, &put, util_now_ms()) : DB_ERROR;
		free(put.body);
		if (st != DB_OK) {
			db->ops->rollback(db);
			reply_db_error(r);
			return;
		}
	}
	if (db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		reply_error(r, 503, "server.busy", "The change could not be saved; nothing was changed. Try again.");
		return;
	}
}

static enum MHD_Result serve_api(struct request_ctx *ctx, struct MHD_Connection *conn)
{
	struct request *r = &ctx->r;
	if (!ctx->admitted) {
		r->db = db_thread();
		if (!r->db) {
			reply_error(r, 503, "server.busy", "The database cannot be opened; try again later.");
			return send_reply(ctx, conn);
		}
		auth_identify(r);
		if (!auth_admit(r))
			return send_reply(ctx, conn);
	}
	if (ctx->body.len) {
		/* JSON only: a cross-site form (text/plain, urlencoded) can send a
		 * body without a preflight, so it must not be taken as one. */
		const char *ct = request_header(r, "Content-Type");
		if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
			reply_error(r, 415, "request.content_type", "Send the body as Content-Type: application/json.");
			return send_reply(ctx, conn);
		}
		json_error_t err;
		if (!json_depth_ok(ctx->body.data, ctx->body.len, HTTP_JSON_DEPTH_MAX)) {
			reply_error(r, 400, "request.bad_json", "The JSON body nests deeper than %d levels.",
				    HTTP_JSON_DEPTH_MAX);
			return send_reply(ctx, conn);
		}
		r->body = json_loadb(ctx->body.data, ctx->body.len, JSON_REJECT_DUPLICATES, &err);
		if (!r->body || !json_is_object(r->body)) {
			reply_error(r, 400, "request.bad_json", "The body is not a JSON object: %s (line %d).",
				    r->body ? "another JSON value" : err.text, err.line);
			return send_reply(ctx, conn);
		}
	}
	run_handler(ctx);
	return send_reply(ctx, conn);
}

/* ---- the MHD callbacks ---- */

static void client_ip(struct MHD_Connection *conn, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, 64);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64);
	}
	if (!out[0])
		strcpy(out, "?");
}

/* Adds up the bytes of headers or query arguments (MHD_ValueKind in kind). */
static enum MHD_Result count_bytes(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	size_t *n = cls;
	*n += strlen(key) + (value ? strlen(value) : 0) + 2;
	return MHD_YES;
}

/* The first call: everything that can be decided from the headers alone. */
static struct request_ctx *request_start(struct MHD_Connection *conn, const char *url, const char *method)
{
	struct request_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	__atomic_add_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
	ctx->t0 = util_mono_ms();
	ctx->r.conn = conn;
	ctx->r.path = url;
	ctx->r.method = router_method(method);
	ctx->r.user_agent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");
	client_ip(conn, ctx->r.ip);
	ctx->r.tls = config->secure_cookies;
	ctx->r.file.fd = -1;
	upload_init(&ctx->up, config->upload_dir, 0);
	buf_init(&ctx->body, 0);

	/* MHD itself answers past its memory limit (with HTML); within it,
	 * these bounds answer in JSON like every other error. */
	size_t ulen = strlen(url), qlen = 0, hlen = 0;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, count_bytes, &qlen);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_bytes, &hlen);
	if (ulen + qlen > HTTP_URL_MAX) {
		ctx->early_status = 414;
		return ctx;
	}
	if (hlen > HTTP_HEADERS_MAX) {
		ctx->early_status = 431;
		return ctx;
	}
	if (url[0] != '/') {
		ctx->early_status = 404;  /* "GET xy" or "GET *": nothing of ours */
		return ctx;
	}
	if (strncmp(url, "/api/", 5) != 0) {
		if (ctx->r.method != M_GET && ctx->r.method != M_HEAD) {
			ctx->early_status = 405;
			ctx->allowed = M_GET | M_HEAD;
		}
		return ctx;
	}
	ctx->scratch = malloc(ulen + 1);
	if (!ctx->scratch) {
		ctx->early_status = 503;
		return ctx;
	}
	enum route_match m = ctx->r.method
		? router_match(ctx->r.method, url, ctx->scratch, &ctx->r.route, ctx->r.params, &ctx->r.nparams,
			       &ctx->allowed)
		: ROUTE_NO_METHOD;
	if (m == ROUTE_NO_PATH) {
		ctx->early_status = 404;
		return ctx;
	}
	if (m == ROUTE_NO_METHOD) {
		ctx->early_status = 405;
		return ctx;
	}
	/* an upload's body never goes to memory: it streams through upload_feed */
	ctx->body.max = (ctx->r.route->flags & F_UPLOAD) ? 0 : ctx->r.route->body_limit;
	ctx->up.limit = ctx->r.route->body_limit;
	return ctx;
}

static void early_reply(struct request_ctx *ctx)
{
	struct request *r = &ctx->r;
	switch (ctx->early_status) {
	case 414:
		reply_error(r, 414, "request.uri_too_long", "The URL is longer than %d bytes.", HTTP_URL_MAX);
		break;
	case 431:
		reply_error(r, 431, "request.headers_too_large", "The request's headers are larger than %d bytes.",
			    HTTP_HEADERS_MAX);
		break;
	case 404:
		reply_error(r, 404, "not_found", "There is no such route.");
		break;
	case 405: {
		char allow[64] = "";
		for (unsigned m = 1; m <= M_HEAD; m <<= 1)
			if (ctx->allowed & m) {
				if (*allow)
					strcat(allow, ", ");
				strcat(allow, router_method_name((enum http_method)m));
			}
		reply_error(r, 405, "method_not_allowed", "This route does not take that method; it takes %s.", allow);
		reply_header(r, "Allow", "%s", allow);
		break;
	}
	case 413:
		reply_error(r, 413, "request.too_large", "The body is larger than this route accepts (%zu bytes).",
			    r->route ? r->route->body_limit : 0);
		break;
	default:
		reply_error(r, 503, "server.busy", "The server is short of memory; try again.");
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	(void)cls;
	(void)version;
	struct request_ctx *ctx = *con_cls;
	if (!ctx) {
		ctx = request_start(conn, url, method);
		if (!ctx)
			return MHD_NO;
		*con_cls = ctx;
		/* A declared body far past the limit: answer now (MHD then closes
		 * the connection) rather than read megabytes to drop them. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		long long n;
		uint64_t cap = ctx->r.route && (ctx->r.route->flags & F_UPLOAD) ? ctx->r.route->body_limit
			: ctx->body.max + HTTP_DISCARD_MAX;
		if (!ctx->early_status && cl && util_parse_int(cl, 0, INT64_MAX, &n) && (uint64_t)n > cap) {
			ctx->early_status = 413;
			early_reply(ctx);
			return send_reply(ctx, conn);
		}
		if (!ctx->early_status && ctx->r.route && (ctx->r.route->flags & F_UPLOAD)
		    && !upload_begin(ctx, conn)) {
			/* Refused: a small body is read and dropped so that the client,
			 * still sending, reads the answer rather than a reset. */
			if (cl && util_parse_int(cl, 0, HTTP_DISCARD_MAX, &n)) {
				ctx->refused = true;
				return MHD_YES;
			}
			ctx->started = true;
			return send_reply(ctx, conn);
		}
		return MHD_YES;
	}
	if (*upload_data_size && ctx->refused) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size && ctx->up.pp) {
		upload_feed(&ctx->up, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		ctx->body_seen = true;
		if (!ctx->too_large && !ctx->early_status
		    && buf_append(&ctx->body, upload_data, *upload_data_size) != 0) {
			ctx->too_large = true;
			buf_free(&ctx->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (ctx->started)
		return MHD_YES;  /* already answered */
	ctx->started = true;
	if (ctx->refused)
		return send_reply(ctx, conn);
	if (ctx->too_large)
		ctx->early_status = 413;
	if (ctx->early_status) {
		early_reply(ctx);
		return send_reply(ctx, conn);
	}
	if (!ctx->r.route)
		return serve_static(ctx, conn);
	if (ctx->up.pp) {
		upload_finish(&ctx->up);
		if (ctx->up.status) {
			reply_error(&ctx->r, ctx->up.status, ctx->up.code, "%s", ctx->up.msg);
			return send_reply(ctx, conn);
		}
	}
	return serve_api(ctx, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct request_ctx *ctx = *con_cls;
	if (!ctx)
		return;
	char line[512], when[32], path[201];
	util_iso8601(util_now_ms(), when);
	/* the path is decoded: a %0A in it must not start a forged log line */
	size_t i = 0;
	for (; ctx->r.path[i] && i < sizeof path - 1; i++) {
		unsigned char c = (unsigned char)ctx->r.path[i];
		path[i] = c < 0x20 || c == 0x7f || c == ' ' ? '?' : (char)c;
	}
	path[i] = 0;
	int n = snprintf(line, sizeof line, "%s access %s %s %d %llu %lldms uid=%lld%s", when,
			 ctx->r.method ? router_method_name(ctx->r.method) : "OTHER", path,
			 ctx->r.status, (unsigned long long)ctx->bytes_out, (long long)(util_mono_ms() - ctx->t0),
			 (long long)ctx->r.caller.user_id,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	log_line(line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
	upload_free(&ctx->up);
	if (ctx->r.file.fd >= 0)
		close(ctx->r.file.fd);
	free(ctx->r.file.disposition);
	json_decref(ctx->r.body);
	json_decref(ctx->r.reply);
	free(ctx->r.extra_owned);
	secret_free(ctx->r.secret);
	free(ctx->scratch);
	buf_free(&ctx->body);
	sodium_memzero(ctx->r.caller.session_token, sizeof ctx->r.caller.session_token);
	free(ctx);
	*con_cls = NULL;
	__atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
}

__attribute__((format(printf, 2, 0)))
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\n")] = 0;
	log_info("http: %s", msg);
}

int server_run(const struct server_config *c)
{
	config = c;
	struct sockaddr_storage addr;
	memset(&addr, 0, sizeof addr);
	socklen_t alen;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
	unsigned ipv6 = 0;
	if (inet_pton(AF_INET, c->listen_host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)c->port);
		alen = sizeof *a4;
	} else if (inet_pton(AF_INET6, c->listen_host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)c->port);
		alen = sizeof *a6;
		ipv6 = MHD_USE_IPv6;
	} else {
		log_error("serve: --listen needs a numeric address, not '%s'", c->listen_host);
		return 2;
	}
	(void)alen;

	if (c->web_dir[0]) {
		web_fd = open(c->web_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (web_fd < 0)
			log_error("serve: the web UI directory %s cannot be opened (%s); serving the API only",
				  c->web_dir, strerror(errno));
	}

	/* Signals: blocked in every thread, taken by sigwait below. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	int threads = c->threads;
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (int)n * 2 : 2;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_USE_TURBO | ipv6;
	struct MHD_Daemon *d = MHD_start_daemon(flags, (uint16_t)c->port, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(HTTP_HEADERS_MAX + 16 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	if (!d) {
		log_error("serve: cannot listen on %s:%d (in use, or not an address of this machine)",
			  c->listen_host, c->port);
		return 1;
	}
	log_info("serve: listening on http://%s%s%s:%d/ with %d threads, data in %s", ipv6 ? "[" : "",
		 c->listen_host, ipv6 ? "]" : "", c->port, threads, c->data_dir);

	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("serve: %s received; finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	MHD_quiesce_daemon(d);
	/* A connection accepted while its thread was busy has a request that is
	 * not counted yet: wait until nothing has been in flight for a while,
	 * not only for the count to touch zero. */
	int64_t deadline = util_mono_ms() + (int64_t)c->shutdown_grace_s * 1000, quiet_since = 0;
	while (util_mono_ms() < deadline) {
		if (__atomic_load_n(&in_flight, __ATOMIC_SEQ_CST) > 0)
			quiet_since = 0;
		else if (!quiet_since)
			quiet_since = util_mono_ms();
		else if (util_mono_ms() - quiet_since >= 200)
			break;
		usleep(20 * 1000);
	}
	MHD_stop_daemon(d);

	pthread_mutex_lock(&conns_lock);
	for (size_t i = 0; i < nconns; i++)
		db_close(conns[i]);
	free(conns);
	conns = NULL;
	nconns = 0;
	pthread_mutex_unlock(&conns_lock);
	if (web_fd >= 0)
		close(web_fd);
	log_info("serve: stopped cleanly");
	return 0;
}
