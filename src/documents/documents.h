/* The document library: advisories, SOPs, minutes, guidelines, reports …
 * with their files, versions, corrigenda, full-text search and the public
 * portal.  Files are stored once each, content-addressed by SHA-256, under
 * DATA/blobs/; their text is extracted off the request path (a child
 * process running poppler-glib) and indexed with SQLite FTS5.
 *
 *   rules.c        categories, languages, sizes written "82.13 KB"
 *   query.c        what a person types in the search box -> an FTS5 query
 *   store.c        the blob store: temp files, commit by hash, open, sweep
 *   extract.c      text and page count of a file (poppler-glib), in a child
 *   indexer.c      the background thread that extracts and indexes
 *   placeholder.c  the demo's placeholder PDFs (cairo + pango)
 *   api.c          the HTTP handlers
 *   demo.c         the Cell's published list as demo data */
#ifndef AHTCELL_DOCUMENTS_H
#define AHTCELL_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"
#include "util/util.h"

/* ---- bounds (the lengths of stored fields are in db/db.h) ---- */
#define DOC_FILE_MAX        (50LL * 1024 * 1024)  /* one uploaded file */
#define DOC_TEXT_MAX        (2 * 1024 * 1024)     /* text of one file kept for search */
#define DOC_QUERY_MAX       200                   /* bytes of a search box's text */
#define DOC_QUERY_TERMS_MAX 16
#define DOC_FTS_MAX         2048                  /* an FTS5 expression we build */

/* ---- rules.c ---- */

/* Categories of the Cell's documents, in the order the UI lists them. */
enum doc_category {
	DOC_ADVISORY, DOC_SOP, DOC_MINUTES, DOC_GUIDELINES, DOC_REPORT, DOC_SCHEME, DOC_AWARD,
	DOC_TRAINING, DOC_COMPENDIUM, DOC_DIRECTORY, DOC_CORRIGENDUM, DOC_OTHER, DOC_CATEGORY_COUNT
};

/* "advisory" -> DOC_ADVISORY; -1 when s names no category (case matters). */
int docs_category_parse(const char *s);
/* DOC_ADVISORY -> "advisory". */
const char *docs_category_name(enum doc_category c);
/* DOC_ADVISORY -> "Advisory" (for people: "SOP", "Minutes", "Corrigendum" …). */
const char *docs_category_label(enum doc_category c);

/* The links a document of category c may or must carry:
 *   corrects   the document a corrigendum corrects: required for a
 *              corrigendum, refused for every other category;
 *   meeting    the meeting minutes record: allowed for minutes only.
 * Returns NULL when the combination is allowed, else a message a person
 * can act on (static storage). */
const char *docs_category_links_check(enum doc_category c, bool has_corrects, bool has_meeting);

/* Languages a document may be in: "en", "hi", "en+hi" (bilingual), and
 * the other scheduled languages' ISO 639-1 codes (bn, te, mr, ta, ur, gu,
 * kn, ml, or, pa, as, ne …).  True when s is one of them. */
bool docs_language_valid(const char *s);

/* A size written the way the Cell's page writes it: bytes below 1 KB as
 * "512 B", then "82.13 KB", "1.75 MB", "1.2 GB" — two decimals with
 * trailing zeros dropped ("26.2 KB", "12 KB"), 1 KB = 1024 bytes.
 * out must hold 32 bytes.  Returns out. */
char *docs_size_format(int64_t bytes, char out[32]);

/* ---- query.c ---- */

/* Translates what a person typed in a search box into an FTS5 MATCH
 * expression over our tables, so that no input makes FTS5 fail: words
 * become quoted terms (quotes doubled), a "quoted phrase" stays a phrase,
 * a hyphenated or dotted word (child-labour, 30.04.2012, 366-A) becomes a
 * phrase of its parts, a word with a leading '-' is excluded (NOT) when
 * another term is present, OR between two terms is kept, and the last word
 * matches as a prefix (search as you type).  Control characters and
 * invalid UTF-8 are dropped; Devanagari (with its vowel signs and virama)
 * is kept whole.  At most DOC_QUERY_TERMS_MAX terms are used.
 * Returns the length written to out (NUL-terminated, at most outmax-1),
 * 0 when nothing searchable is left (search nothing: list everything). */
size_t docs_query_translate(const char *in, char *out, size_t outmax);

/* ---- store.c ---- */

/* The blob store lives in DATA/blobs: files named by their SHA-256 in hex
 * under a two-hex-digit folder (blobs/ab/ab12…), written once and never
 * changed; uploads arrive in DATA/blobs/tmp first. */

/* Creates DATA/blobs and DATA/blobs/tmp when missing and takes the store's
 * lock (DATA/blobs/.lock): when it gets it, empties tmp (what a crash left
 * there); `serve` (serve true) keeps the lock for its life — the only
 * process that may then call store_sweep — and fails when another server
 * holds it; other commands skip the cleaning when a server runs.
 * 0, or -1 with the reason logged. */
int store_init(const char *data_dir, bool serve);
/* The path of a stored blob: DATA/blobs/ab/ab12….  out holds PATH_MAX. */
void store_path(const char *data_dir, const char hex[65], char *out, size_t outmax);
/* Puts the complete, fsync'd temporary file tmp_path into the store under
 * hex.  *created is true when the blob is new, false when the same content
 * was stored before (then tmp_path is only removed).  0, or -1 (logged). */
int store_commit(const char *data_dir, const char *tmp_path, const char hex[65], bool *created);
/* Removes a blob (a new one whose record was not saved).  0 or -1. */
int store_remove(const char *data_dir, const char hex[65]);
/* Removes every stored blob for which keep(ctx, hex) is false: files left
 * by a crash between storing a blob and committing its record.  Only with
 * the lock of store_init(…, true).  Returns the number removed, -1 on error. */
int store_sweep(const char *data_dir, bool (*keep)(void *ctx, const char hex[65]), void *ctx);
/* Writes len bytes to a new temporary file in DATA/blobs/tmp, fsyncs it and
 * commits it as a blob; hex gets its SHA-256.  For the demo and the bench,
 * which make their files in memory. 0 or -1. */
int store_put_bytes(const char *data_dir, const void *data, size_t len, char hex[65], bool *created);

/* The MIME type of a file's content according to libmagic, mapped to what
 * we accept: "application/pdf", ODT, DOCX, XLSX, ODS or "text/plain".  out
 * (128 bytes) gets the type; *ext the usual extension ("pdf", "odt", …).
 * Returns 0 when accepted, 1 when the content is of a refused type (out
 * then holds libmagic's description for the message), -1 on error. */
int docs_detect_type(int fd, char out[128], const char **ext);

/* ---- extract.c ---- */

/* Text of a file for the search index and its page count (0 when the type
 * has no pages).  Runs in the process that calls it: use docs_extract_run
 * for files from users.  text (bounded by DOC_TEXT_MAX: longer text is cut
 * at a character boundary) is appended to out.  0 or -1 with why (256). */
int docs_extract_text(const char *path, const char *mime, struct buf *out, int *pages, char why[256]);
/* The same in a child process (this binary with the hidden command
 * `extract-text MIME PATH`), limited to 256 MB of address space and 60 s,
 * so that a hostile or broken file can neither crash nor stall the server.
 * 0, -1 with why, or -2 when docs_extract_cancel_all stopped it. */
int docs_extract_run(const char *path, const char *mime, struct buf *out, int *pages, char why[256]);
/* Stops every extraction running now or later in this process (its child
 * killed): for a shutdown that must not wait up to 60 s. */
void docs_extract_cancel_all(void);
/* The hidden command's main: writes "PAGES\n" then the text to stdout. */
int docs_extract_main(int argc, char **argv);

/* ---- placeholder.c ---- */

/* Writes a one- or two-page A4 PDF saying it is a demo placeholder for the
 * document `title` (category label, date of issue or NULL), with the
 * paragraph `about` set as body text; Devanagari renders (Noto).  The PDF's
 * bytes go to *out (malloc'd, caller frees), its length to *len. 0 or -1. */
int docs_placeholder_pdf(const char *title, const char *category_label, const char *issued_on,
			 const char *about, unsigned char **out, size_t *len);

/* ---- indexer.c ---- */

/* Starts the thread that extracts the text of new files and indexes it
 * (woken by docs_indexer_wake, and every few seconds).  db_url opens its
 * own connection.  0 or -1. */
int docs_indexer_start(const char *db_url, const char *data_dir);
void docs_indexer_wake(void);
void docs_indexer_stop(void);
/* Indexes every pending file now, in the caller's thread (demo, tests).
 * Returns how many were processed, -1 on error. */
int docs_index_pending(struct db *db, const char *data_dir);

/* ---- cache.c ---- */
#define DOCS_CACHE_ENTRIES 20000
#define DOCS_CACHE_BYTES   (64u * 1024 * 1024)

#define DOCS_CACHE_WAIT_MS 5000

/* gen is the library's version (db library_version) read before the query.
 * The answer stored under key for that version: a malloc'd copy (caller
 * frees) and its length.  NULL when there is none: the caller computes it
 * and then calls docs_cache_put, or docs_cache_abandon when it could not.
 * While another caller computes the same key at the same version, waits
 * for it first (at most DOCS_CACHE_WAIT_MS). */
char *docs_cache_get(const char *key, uint64_t gen, size_t *len);
/* Stores body under key as computed at version gen (dropped at once when a
 * newer version has been seen) and wakes the callers waiting for it. */
void docs_cache_put(const char *key, const char *body, size_t len, uint64_t gen);
/* The caller of a NULL docs_cache_get could not compute the answer (an
 * error, a search too slow): the next caller computes it. */
void docs_cache_abandon(const char *key, uint64_t gen);
/* Empties the cache (the end of the process, tests). */
void docs_cache_clear(void);

/* ---- api.c ---- */
/* Publishes a PDF the program made (a compendium, a printed report) as a
 * public document of the library, issued today, in the request's
 * transaction: the new version of the newest active document of that
 * category in group when there is one — with same_title, only of one of
 * the same title (a State's profile replaces its own, not another's).  Audited as document.create.  The
 * document's JSON (new reference), or NULL with a reply set. */
json_t *docs_publish_generated(struct request *r, const void *pdf, size_t len, const char *title,
			       const char *category, const char *group, bool same_title);
void docs_list(struct request *r);
void docs_show(struct request *r);
void docs_create(struct request *r);
void docs_update(struct request *r);
void docs_withdraw(struct request *r);
void docs_restore(struct request *r);
void docs_file(struct request *r);
void docs_feed(struct request *r);
void docs_facets(struct request *r);

/* The data directory the handlers store files in (set by `serve`). */
void docs_set_data_dir(const char *data_dir);

/* ---- demo.c ---- */
/* Loads the Cell's published list (21 documents) with placeholder PDFs. */
int docs_demo_load(struct db *db, const char *data_dir);

#endif
