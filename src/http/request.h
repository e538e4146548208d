/* What a handler sees of an HTTP request, and how it answers.  Only
 * src/http includes microhttpd.h; handlers use these functions. */
#ifndef AHTCELL_REQUEST_H
#define AHTCELL_REQUEST_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum http_method { M_GET = 1, M_POST = 2, M_PUT = 4, M_PATCH = 8, M_DELETE = 16, M_HEAD = 32 };

/* Who is asking.  For the public, user_id is 0, role ROLE_PUBLIC and the
 * scope SCOPE_NONE. */
struct caller {
	int64_t user_id;
	char login[LOGIN_MAX + 1];
	enum role role;
	struct scope scope;
	bool must_change_password;
	int64_t session_id;     /* the cookie session, 0 with a token or none */
	int64_t session_expires_at;
	int64_t token_id;       /* the API token, 0 with a cookie or none */
	char session_token[64]; /* the cookie's token (for the CSRF value); never logged */
	bool presented;         /* the request carried a cookie or token, valid or not */
};

#define ROUTE_MAX_PARAMS 4
#define EXTRA_HEADERS_MAX 4

struct route;

/* A multipart/form-data upload (routes with F_UPLOAD), as the server has
 * received it before the handler runs: the form's text fields, and its one
 * file part already on disk in a temporary file, fsync'd and hashed.  The
 * server removes the temporary file when the request ends, so a handler
 * that keeps the file links it elsewhere (store_commit). */
#define UPLOAD_FIELDS_MAX 24
#define UPLOAD_FIELD_MAX  8192          /* bytes of one text field */
#define UPLOAD_NAME_MAX   63            /* bytes of a field's name */
struct upload {
	struct { char name[UPLOAD_NAME_MAX + 1]; char *value; size_t len; } fields[UPLOAD_FIELDS_MAX];
	int nfields;
	bool has_file;
	char file_name[256];            /* as the client named it ("" when it did not) */
	char tmp_path[PATH_MAX];
	int fd;                         /* open on tmp_path, read-only use; -1 when no file */
	uint64_t size;
	char sha256[65];
};

/* A file to send as the answer (reply_file). */
struct reply_file {
	int fd;                         /* -1: none; closed by the server */
	uint64_t size;
	char content_type[128];
	char etag[72];                  /* with its quotes */
	char *disposition;              /* owned; NULL for none */
	const char *cache_control;      /* string literal */
};

/* One request.  Lives from the first byte to the response; everything it
 * points to is freed with it (src/http/server.c). */
struct request {
	enum http_method method;
	const char *path;                 /* without the query string */
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS]; /* path parameters, in pattern order */
	int nparams;
	json_t *body;                     /* parsed JSON body, or NULL */
	struct upload *upload;            /* F_UPLOAD routes only, else NULL */
	struct caller caller;
	struct db *db;                    /* this thread's connection */
	char ip[64];
	const char *user_agent;           /* may be NULL */
	bool tls;

	/* the answer */
	int status;
	json_t *reply;                    /* owned; NULL for an empty body */
	const struct static_reply *reply_static;
	const char *set_cookie;           /* static or owned by extra_owned */
	char *extra_owned;
	struct { const char *name; char value[128]; } headers[EXTRA_HEADERS_MAX];
	int nheaders;
	const char *reply_secret_member;  /* a member of the reply never stored for Idempotency-Key replays */
	struct reply_file file;           /* reply_file's answer */
	const char *reply_text;           /* reply_text's answer (owned by extra_owned) */
	const char *reply_text_type;
	struct secret_bytes *secret;      /* reply_secret's answer (owned; zeroed when freed) */

	void *conn;                       /* the MHD connection, for src/http only */
};

/* A reply whose bytes never change (master data): the server builds the
 * HTTP response once and reuses it.  Initialise with body and len. */
struct static_reply {
	const char *body;
	size_t len;
	const char *cache_control;        /* NULL: "public, max-age=3600" */
	void *cached;                     /* src/http's, built on first use */
};

/* Query-string value of key, or NULL.  Valid for the request's life. */
const char *request_query(struct request *r, const char *key);
/* Cookie value, or NULL. */
const char *request_cookie(struct request *r, const char *name);
/* Header value, or NULL. */
const char *request_header(struct request *r, const char *name);
/* Path parameter i as a positive integer id; false (and a 404 reply set)
 * when it is not one, so handlers can `if (!request_param_id(...)) return;`. */
bool request_param_id(struct request *r, int i, int64_t *id);
/* ?limit= and ?offset=, bounded (limit 1..500, default 50; offset >= 0);
 * false with a 400 reply set when malformed. */
bool request_paging(struct request *r, int *limit, int *offset);

/* Sets the reply to status with body (stolen; NULL for none). */
void reply_json(struct request *r, int status, json_t *body);
/* Sets an error reply {"error":{"code","message"}}. */
void reply_error(struct request *r, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Like reply_error with a "field" naming the offending input. */
void reply_invalid(struct request *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The standard list answer {"items","total","limit","offset"}; items stolen. */
void reply_list(struct request *r, json_t *items, int64_t total, int limit, int offset);
void reply_static(struct request *r, const struct static_reply *s);
/* Adds a response header; name must be a string literal. */
void reply_header(struct request *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Answers with the file open at fd (taken: the server closes it), size
 * bytes long.  The server honours If-None-Match against etag (304), HEAD,
 * and a single Range (206/416).  disposition (copied) may be NULL. */
void reply_file(struct request *r, int fd, uint64_t size, const char *content_type, const char *etag,
		const char *disposition, const char *cache_control);
/* Whether the file answer to this request will send the file's first
 * byte: false for HEAD, a 304 (If-None-Match holds etag) and a Range that
 * starts further on (what a viewer fetches as it reads); true for anything
 * else, whatever the Range header says.  For auditing readings of
 * restricted files: one audit entry per reading from the start. */
bool request_reads_from_start(struct request *r, uint64_t size, const char *etag);
/* Answers 200 with a text body (taken: malloc'd, freed by the server) of
 * the given Content-Type (a string literal): the Atom feed, a CSV.  Headers
 * added with reply_header go with it. */
void reply_text(struct request *r, char *text, const char *content_type, const char *cache_control);
/* Answers 200 with len bytes of personal data from memory — never a file
 * on disk — with Content-Type type (a string literal) and Content-
 * Disposition disposition (copied; NULL none), no-store.  The bytes are
 * copied; the copy is zeroed and freed once sent, or when the request
 * ends unsent.  The caller zeroes its own. */
void reply_secret(struct request *r, const void *data, size_t len, const char *type, const char *disposition);
/* The value of an upload's text field, NULL when absent (or no upload). */
const char *upload_field(struct request *r, const char *name);

/* Handlers of the error replies shared by every module. */
void reply_not_found(struct request *r);
void reply_db_error(struct request *r);

/* JSON body helpers: a string member of at most max bytes; NULL when absent
 * (and *bad false), or *bad true with a 400 reply set when it is not a
 * string, is empty when required, or too long. */
const char *body_string(struct request *r, const char *key, size_t max, bool required, bool *bad);

#endif
