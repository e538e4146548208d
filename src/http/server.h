/* The HTTP server (libmicrohttpd, thread pool + epoll). */
#ifndef AHTCELL_SERVER_H
#define AHTCELL_SERVER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct server_config {
	char listen_host[64];           /* numeric IPv4 or IPv6 address */
	int port;
	char data_dir[PATH_MAX];
	char db_url[PATH_MAX + 16];
	char web_dir[PATH_MAX];         /* the built UI (web/dist) */
	int threads;                    /* worker threads; 0: twice the cores, at least 2 */
	int shutdown_grace_s;           /* how long SIGTERM waits for requests in flight */
	bool secure_cookies;            /* mark cookies Secure: served over TLS (by a proxy) */
	char upload_dir[PATH_MAX];      /* where uploads are written while they arrive */
};

/* Serves until SIGTERM or SIGINT, then finishes the requests in flight and
 * closes the database.  Returns the process exit code. */
int server_run(const struct server_config *c);

/* Limits on every request (see docs/api.md). */
#define HTTP_URL_MAX        2048
#define HTTP_HEADERS_MAX    (32 * 1024)  /* all headers of one request */
#define HTTP_JSON_DEPTH_MAX 32
#define HTTP_TIMEOUT_S      30
#define HTTP_DISCARD_MAX    (8u * 1024 * 1024)  /* body read and dropped to answer 413 cleanly */

/* True when the JSON text nests no deeper than max (arrays and objects),
 * counted outside strings.  Used before jansson parses a body. */
bool json_depth_ok(const char *s, size_t len, int max);

#endif
