/* Reading a multipart/form-data upload as it arrives, with libmicrohttpd's
 * parser (MHD_PostProcessor): text fields kept in memory (bounded), the
 * one file part written to a temporary file and hashed on the way, so an
 * upload is never held whole in memory.  Used by src/http/server.c for
 * F_UPLOAD routes, and by tests/fuzz/fuzz_multipart.c. */
#include "http/upload.h"

#include <errno.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

void upload_init(struct upload_state *u, const char *dir, uint64_t limit)
{
	memset(u, 0, sizeof *u);
	u->up.fd = -1;
	u->dir = dir;
	u->limit = limit;
}

static void upload_fail(struct upload_state *u, int status, const char *code, const char *msg)
{
	if (u->status)
		return;                 /* the first problem is the one to report */
	u->status = status;
	u->code = code;
	snprintf(u->msg, sizeof u->msg, "%s", msg);
}

/* MHD_PostDataIterator: a piece of one part of the form.  Text fields are
 * kept (bounded); the file part is written to a temporary file and hashed
 * as it arrives.  Returning MHD_NO stops the parser. */
static enum MHD_Result upload_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				   const char *content_type, const char *transfer_encoding, const char *data,
				   uint64_t off, size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	struct upload_state *u = cls;
	struct upload *up = &u->up;
	if (u->status)
		return MHD_NO;
	if (!key || !*key || strlen(key) > UPLOAD_NAME_MAX) {
		upload_fail(u, 400, "request.invalid", "A part of the form has no name or a name that is too long.");
		return MHD_NO;
	}
	if (filename) {
		if (strcmp(key, "file") != 0) {
			upload_fail(u, 400, "request.invalid", "Send the file as the form field named \"file\".");
			return MHD_NO;
		}
		if (up->has_file && off != up->size) {
			/* a second file part starts again at offset 0 */
			upload_fail(u, 400, "request.invalid", "Send one file per upload.");
			return MHD_NO;
		}
		if (!up->has_file && u->in_memory) {
			/* personal data: in memory only (the route's size bound holds it) */
			up->tmp_path[0] = 0;
			up->fd = memfd_create("upload", MFD_CLOEXEC);
			if (up->fd < 0) {
				log_error("upload: memfd_create: %s", strerror(errno));
				upload_fail(u, 503, "server.memory", "The server cannot take files just now; try again later.");
				return MHD_NO;
			}
			up->has_file = true;
			snprintf(up->file_name, sizeof up->file_name, "%s", filename);
			crypto_hash_sha256_init(&u->sha);
		} else if (!up->has_file) {
			up->fd = snprintf(up->tmp_path, sizeof up->tmp_path, "%s/upload-XXXXXX", u->dir)
				< (int)sizeof up->tmp_path ? mkostemp(up->tmp_path, O_CLOEXEC) : -1;
			if (up->fd < 0) {
				up->tmp_path[0] = 0;
				log_error("upload: cannot create a file in %s: %s", u->dir, strerror(errno));
				upload_fail(u, 503, "server.storage", "The server cannot store files just now; try again later.");
				return MHD_NO;
			}
			up->has_file = true;
			snprintf(up->file_name, sizeof up->file_name, "%s", filename);
			crypto_hash_sha256_init(&u->sha);
		}
		size_t done = 0;
		while (done < size) {
			ssize_t n = write(up->fd, data + done, size - done);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				log_error("upload: writing %s: %s", up->tmp_path, strerror(errno));
				upload_fail(u, 503, "server.storage", "The server could not store the file (its disk may be full).");
				return MHD_NO;
			}
			done += (size_t)n;
		}
		crypto_hash_sha256_update(&u->sha, (const unsigned char *)data, size);
		up->size += size;
		return MHD_YES;
	}
	/* a text field, perhaps in several pieces (MHD starts each with an
	 * empty piece at offset 0) */
	int i;
	for (i = 0; i < up->nfields; i++)
		if (strcmp(up->fields[i].name, key) == 0)
			break;
	if (i == up->nfields) {
		if (off != 0 || up->nfields == UPLOAD_FIELDS_MAX) {
			upload_fail(u, 400, "request.invalid", "The form has too many fields.");
			return MHD_NO;
		}
		snprintf(up->fields[i].name, sizeof up->fields[i].name, "%s", key);
		up->nfields++;
	} else if (size == 0) {
		return MHD_YES;
	} else if (off == 0 && up->fields[i].len > 0) {
		char msg[128];
		snprintf(msg, sizeof msg, "The form sends the field \"%.40s\" twice.", key);
		upload_fail(u, 400, "request.invalid", msg);
		return MHD_NO;
	}
	if (memchr(data, 0, size)) {
		char msg[128];
		snprintf(msg, sizeof msg, "The field \"%.40s\" must not contain NUL characters.", key);
		upload_fail(u, 400, "request.invalid", msg);
		return MHD_NO;
	}
	if (up->fields[i].len + size > UPLOAD_FIELD_MAX) {
		char msg[128];
		snprintf(msg, sizeof msg, "The field \"%.40s\" is longer than %d bytes.", key, UPLOAD_FIELD_MAX);
		upload_fail(u, 400, "request.invalid", msg);
		return MHD_NO;
	}
	char *v = realloc(up->fields[i].value, up->fields[i].len + size + 1);
	if (!v) {
		upload_fail(u, 503, "server.busy", "The server is short of memory; try again.");
		return MHD_NO;
	}
	memcpy(v + up->fields[i].len, data, size);
	up->fields[i].len += size;
	v[up->fields[i].len] = 0;
	up->fields[i].value = v;
	return MHD_YES;
}

bool upload_start(struct upload_state *u, struct MHD_Connection *conn)
{
	u->pp = MHD_create_post_processor(conn, 64 * 1024, upload_part, u);
	if (!u->pp) {
		upload_fail(u, 400, "request.bad_multipart", "The multipart form has no boundary; it cannot be read.");
		return false;
	}
	return true;
}

/* A piece of an upload's body. */
void upload_feed(struct upload_state *u, const char *data, size_t size)
{
	u->received += size;
	if (u->received > u->limit) {
		char msg[160];
		snprintf(msg, sizeof msg, "The upload is larger than %llu MB; send a smaller file.",
			 (unsigned long long)(u->limit / (1024 * 1024)));
		upload_fail(u, 413, "request.too_large", msg);
	}
	if (u->status)
		return;                 /* read and dropped, to answer cleanly */
	if (MHD_post_process(u->pp, data, size) != MHD_YES)
		upload_fail(u, 400, "request.bad_multipart", "The multipart form is malformed; it cannot be read.");
}

/* The body is complete: check the form ended properly, finish the file. */
void upload_finish(struct upload_state *u)
{
	struct upload *up = &u->up;
	if (MHD_destroy_post_processor(u->pp) != MHD_YES)
		upload_fail(u, 400, "request.bad_multipart", "The upload ended before the form was complete.");
	u->pp = NULL;
	if (u->status || !up->has_file)
		return;
	unsigned char digest[32];
	crypto_hash_sha256_final(&u->sha, digest);
	util_hex(digest, 32, up->sha256);
	/* on disk before the handler commits a record of it */
	if (fdatasync(up->fd) != 0) {
		log_error("upload: fsync %s: %s", up->tmp_path, strerror(errno));
		upload_fail(u, 503, "server.storage", "The server could not store the file (its disk may be full).");
	}
}

void upload_free(struct upload_state *u)
{
	struct upload *up = &u->up;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	if (up->fd >= 0)
		close(up->fd);
	if (up->tmp_path[0])
		unlink(up->tmp_path);   /* kept files were linked into the store */
	for (int i = 0; i < up->nfields; i++)
		free(up->fields[i].value);
}
