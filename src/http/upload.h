/* Reading a multipart/form-data upload as it arrives (src/http/upload.c).
 * Internal to src/http: it speaks libmicrohttpd. */
#ifndef AHTCELL_UPLOAD_H
#define AHTCELL_UPLOAD_H

#include <microhttpd.h>
#include <sodium.h>

#include "http/request.h"

/* One upload in progress.  status is 0 while all is well; the first
 * problem sets status (400, 413, 503), a stable code and a message, and
 * the rest of the body is then read and dropped. */
struct upload_state {
	struct upload up;               /* what the handler gets */
	struct MHD_PostProcessor *pp;   /* NULL before upload_start and after upload_finish */
	crypto_hash_sha256_state sha;
	uint64_t received;              /* body bytes so far */
	uint64_t limit;                 /* body bytes accepted */
	const char *dir;                /* where the temporary file goes */
	bool in_memory;                 /* personal data: a memfd, never a file on disk */
	int status;
	const char *code;
	char msg[200];
};

/* Sets u up for a body of at most limit bytes, the file going to dir. */
void upload_init(struct upload_state *u, const char *dir, uint64_t limit);
/* Creates the parser for conn's Content-Type; false (status 400) when it
 * names no boundary. */
bool upload_start(struct upload_state *u, struct MHD_Connection *conn);
/* Takes the next piece of the body. */
void upload_feed(struct upload_state *u, const char *data, size_t size);
/* The body is complete: checks the form was closed, finishes the hash
 * (up.sha256) and syncs the file to disk. */
void upload_finish(struct upload_state *u);
/* Frees everything and removes the temporary file (a kept file has been
 * linked into the store by then). */
void upload_free(struct upload_state *u);

#endif
