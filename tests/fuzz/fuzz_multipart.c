/* libFuzzer harness for uploads: libmicrohttpd's multipart parser with our
 * reader behind it (src/http/upload.c), driven the way the server drives
 * them.  An in-process MHD daemon without a listening socket gets each
 * input as the body of a POST over a socketpair.
 *
 * Input: the body of a multipart/form-data request with boundary AaB03x;
 * when it starts with a line "CT:<value>\n", <value> is the Content-Type
 * instead (so the boundary parsing is fuzzed too).
 *
 * Checked for every input: no crash or sanitizer report; the reader ends
 * with a status or a complete form; fields stay within their bounds; a
 * kept file on disk has exactly the size and SHA-256 the reader reported;
 * no temporary file outlives the request.
 * Built by `make fuzz`; run briefly by `make test` over tests/fuzz/corpus/multipart. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/upload.h"
#include "util/util.h"

#define LIMIT (256 * 1024)

static struct MHD_Daemon *daemon_;
static char dir[] = "/tmp/ahtcell-fuzz-multipart-XXXXXX";

/* The whole file at path hashed, compared with what the reader said. */
static void check_file(const struct upload *up)
{
	struct stat st;
	if (fstat(up->fd, &st) != 0 || (uint64_t)st.st_size != up->size)
		abort();
	FILE *f = fopen(up->tmp_path, "rb");
	if (!f)
		abort();
	crypto_hash_sha256_state h;
	unsigned char d[32], buf[4096];
	char hex[65];
	size_t n;
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&h, d);
	util_hex(d, 32, hex);
	if (strcmp(hex, up->sha256) != 0)
		abort();
}

static void check_form(const struct upload_state *u)
{
	const struct upload *up = &u->up;
	if (up->nfields < 0 || up->nfields > UPLOAD_FIELDS_MAX)
		abort();
	for (int i = 0; i < up->nfields; i++) {
		if (strlen(up->fields[i].name) == 0 || strlen(up->fields[i].name) > UPLOAD_NAME_MAX)
			abort();
		if (up->fields[i].len > UPLOAD_FIELD_MAX || (up->fields[i].len && !up->fields[i].value))
			abort();
		if (up->fields[i].value && up->fields[i].value[up->fields[i].len] != 0)
			abort();
	}
	if (u->status == 0 && up->has_file)
		check_file(up);
	if (u->status && (!u->code || !u->msg[0]))
		abort();
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *data, size_t *size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	struct upload_state *u = *con_cls;
	if (!u) {
		u = malloc(sizeof *u);
		upload_init(u, dir, LIMIT);
		*con_cls = u;
		if (!upload_start(u, conn))
			u->pp = NULL;
		return MHD_YES;
	}
	if (*size) {
		if (u->pp)
			upload_feed(u, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (u->pp)
		upload_finish(u);
	check_form(u);
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result r = MHD_queue_response(conn, u->status ? (unsigned)u->status : 200u, resp);
	MHD_destroy_response(resp);
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct upload_state *u = *con_cls;
	if (!u)
		return;
	char path[sizeof u->up.tmp_path];
	memcpy(path, u->up.tmp_path, sizeof path);
	upload_free(u);
	if (path[0] && access(path, F_OK) == 0)
		abort();        /* a temporary file outlived its request */
	free(u);
	*con_cls = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0 || !mkdtemp(dir))
		abort();
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC, 0, NULL,
				   NULL, on_request, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				   MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_END);
	if (!daemon_)
		abort();
	return 0;
}

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return;     /* MHD closed early (an answer before the body): fine */
		c += w;
		n -= (size_t)w;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ct[256] = "multipart/form-data; boundary=AaB03x";
	if (size > 3 && memcmp(data, "CT:", 3) == 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		if (!nl)
			return 0;
		size_t n = (size_t)(nl - data) - 3;
		if (n >= sizeof ct)
			return 0;
		for (size_t i = 0; i < n; i++)
			ct[i] = data[3 + i] == '\r' || data[3 + i] == 0 ? ' ' : (char)data[3 + i];
		ct[n] = 0;
		size -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(9) };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&addr, sizeof addr) != MHD_YES)
		abort();
	char head[512];
	int hn = snprintf(head, sizeof head, "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			  "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n", ct, size);
	write_all(sv[1], head, (size_t)hn);
	write_all(sv[1], data, size);
	/* read the answer until MHD closes */
	char buf[4096];
	struct pollfd p = { .fd = sv[1], .events = POLLIN };
	while (poll(&p, 1, 5000) > 0 && read(sv[1], buf, sizeof buf) > 0)
		;
	close(sv[1]);
	return 0;
}
