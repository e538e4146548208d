/* SQLite: the document library — blobs, documents, their groups and the
 * FTS5 search index (documents_fts, rowid = documents.id). */
#include "db/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The id x when the reader may see that document, else NULL: links to a
 * restricted or withdrawn document are not shown to who may not see it,
 * and a version is the latest for a reader when no newer one is visible
 * to that reader (a restricted or withdrawn new version leaves the public
 * one in the public list). */
#define VIS(x) "(SELECT v.id FROM documents v WHERE v.id = " x \
	" AND (?101 OR v.visibility = 'public') AND (?102 OR v.status = 'active'))"
#define DOC_COLS "d.id, d.title, d.title_hi, d.category, d.reference, d.issued_on, d.language, g.name," \
	" d.summary, d.visibility, d.status, d.withdrawn_at, d.withdrawn_reason, d.sha256, d.file_name, " \
	VIS("d.corrects_id") ", " VIS("d.supersedes_id") ", " VIS("d.superseded_by_id") "," \
	" d.meeting_id, d.published_at, d.updated_at," \
	" d.created_by, d.updated_by, b.size, b.mime, b.format, coalesce(b.pages, -1), b.text_status," \
	" b.created_at"
#define DOC_COLS_N 29
#define EXCERPT_CHARS "32768"   /* characters of a text that snippets are made from */
#define DOC_FROM " FROM documents d JOIN document_groups g ON g.id = d.group_id JOIN blobs b ON b.sha256 = d.sha256"
/* Who may read what: ?101 restricted allowed, ?102 withdrawn allowed. */
#define DOC_ACCESS "(?101 OR d.visibility = 'public') AND (?102 OR d.status = 'active')"
/* The list filters: ?1 category, ?2 group, ?3 language, ?4 year, ?5 status
 * (0 active, 1 withdrawn, 2 all), ?6 corrects_id, ?7 all versions, ?12 visibility. */
#define DOC_FILTER \
	" AND (?1 IS NULL OR d.category = ?1)" \
	" AND (?2 IS NULL OR d.group_id = (SELECT id FROM document_groups WHERE name = ?2))" \
	" AND (?3 IS NULL OR d.language = ?3)" \
	" AND (?4 = 0 OR (d.issued_on >= printf('%04d-01-01', ?4) AND d.issued_on < printf('%04d-01-01', ?4 + 1)))" \
	" AND (?5 = 2 OR (?5 = 0 AND d.status = 'active') OR (?5 = 1 AND d.status = 'withdrawn'))" \
	" AND (?6 = 0 OR d.corrects_id = ?6)" \
	" AND (?7 OR d.superseded_by_id IS NULL OR " VIS("d.superseded_by_id") " IS NULL)" \
	" AND (?12 IS NULL OR d.visibility = ?12)"
/* ?10 the sort key (checked by the caller). */
#define DOC_ORDER \
	" ORDER BY" \
	"  CASE WHEN ?10 = 'portal' THEN g.position END ASC," \
	"  CASE ?10 WHEN 'title' THEN lower(d.title) END ASC," \
	"  CASE ?10 WHEN '-title' THEN lower(d.title) END DESC," \
	"  CASE ?10 WHEN 'published' THEN d.published_at WHEN 'issued' THEN coalesce(d.issued_on, '9999') END ASC," \
	"  CASE ?10 WHEN '-published' THEN d.published_at WHEN 'portal' THEN d.published_at" \
	"   WHEN '-issued' THEN coalesce(d.issued_on, '0000') END DESC," \
	"  d.id DESC"

const char *const sqlite_documents_sql[ST_REC_FIRST - ST_DOC_FIRST] = {
#define S(id) [id - ST_DOC_FIRST]
	S(ST_BLOB_INSERT) =
	"INSERT INTO blobs (sha256, size, mime, format, pages, text_status, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
	S(ST_BLOB_GET) =
	"SELECT sha256, size, mime, format, coalesce(pages, -1), text_status, created_at FROM blobs WHERE sha256 = ?1",
	S(ST_BLOB_NEXT_PENDING) =
	"SELECT sha256, size, mime, format, coalesce(pages, -1), text_status, created_at FROM blobs"
	" WHERE text_status = 'pending' ORDER BY created_at LIMIT 1",
	S(ST_BLOB_SET) = "UPDATE blobs SET text_status = ?2, pages = ?3, text_error = ?4 WHERE sha256 = ?1",
	S(ST_BLOB_TEXT_PUT) = "INSERT OR REPLACE INTO blob_texts (sha256, text) VALUES (?1, ?2)",
	S(ST_FTS_BODY_SET) =
	"UPDATE documents_fts SET body = ?2 WHERE rowid IN (SELECT id FROM documents WHERE sha256 = ?1)",
	S(ST_EXC_BODY_SET) =
	"UPDATE documents_excerpts SET excerpt = substr(?2, 1, " EXCERPT_CHARS ")"
	" WHERE rowid IN (SELECT id FROM documents WHERE sha256 = ?1)",
	S(ST_BLOB_KNOWN) = "SELECT 1 FROM blobs WHERE sha256 = ?1",
	S(ST_GROUP_GET) = "SELECT id FROM document_groups WHERE name = ?1",
	S(ST_GROUP_INSERT) =
	"INSERT INTO document_groups (name, position)"
	" VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM document_groups))",
	S(ST_GROUPS_LIST) = "SELECT name FROM document_groups ORDER BY position",
	S(ST_DOC_INSERT) =
	"INSERT INTO documents (title, title_hi, category, reference, issued_on, language, group_id, summary,"
	" visibility, status, withdrawn_at, withdrawn_reason, sha256, file_name, corrects_id, supersedes_id,"
	" superseded_by_id, meeting_id, published_at, updated_at, created_by, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
	S(ST_FTS_INSERT) =
	"INSERT INTO documents_fts (rowid, title, title_hi, reference, body)"
	" VALUES (?1, ?2, ?3, ?4, coalesce((SELECT text FROM blob_texts WHERE sha256 = ?5), ''))",
	S(ST_EXC_INSERT) =
	"INSERT INTO documents_excerpts (rowid, title, title_hi, reference, excerpt)"
	" VALUES (?1, ?2, ?3, ?4, substr(coalesce((SELECT text FROM blob_texts WHERE sha256 = ?5), ''), 1, "
	EXCERPT_CHARS "))",
	S(ST_DOC_UPDATE) =
	"UPDATE documents SET title = ?1, title_hi = ?2, category = ?3, reference = ?4, issued_on = ?5,"
	" language = ?6, group_id = ?7, summary = ?8, visibility = ?9, status = ?10, withdrawn_at = ?11,"
	" withdrawn_reason = ?12, sha256 = ?13, file_name = ?14, corrects_id = ?15, supersedes_id = ?16,"
	" superseded_by_id = ?17, meeting_id = ?18, published_at = ?19, updated_at = ?20, created_by = ?21,"
	" updated_by = ?22 WHERE id = ?23",
	S(ST_FTS_UPDATE) = "UPDATE documents_fts SET title = ?2, title_hi = ?3, reference = ?4 WHERE rowid = ?1",
	S(ST_EXC_UPDATE) = "UPDATE documents_excerpts SET title = ?2, title_hi = ?3, reference = ?4 WHERE rowid = ?1",
	S(ST_DOC_GET) = "SELECT " DOC_COLS DOC_FROM " WHERE d.id = ?1 AND " DOC_ACCESS,
	/* Lists sort ids only (the sorter holds two numbers a row, not whole
	 * rows); the page's rows are then read one by one (ST_DOC_GET). */
	S(ST_DOC_LIST) =
	"SELECT d.id FROM documents d JOIN document_groups g ON g.id = d.group_id WHERE " DOC_ACCESS DOC_FILTER
	DOC_ORDER " LIMIT ?8 OFFSET ?9",
	S(ST_DOC_COUNT) = "SELECT count(*) FROM documents d WHERE " DOC_ACCESS DOC_FILTER,
	/* Title and Hindi title weigh ten times the body, the reference five. */
	S(ST_DOC_SEARCH_RANKED) =
	"SELECT d.id FROM documents_fts f JOIN documents d ON d.id = f.rowid"
	" WHERE documents_fts MATCH ?11 AND " DOC_ACCESS DOC_FILTER
	" ORDER BY bm25(documents_fts, 10.0, 10.0, 5.0, 1.0), d.id DESC LIMIT ?8 OFFSET ?9",
	S(ST_DOC_SEARCH_SORTED) =
	"SELECT d.id FROM documents_fts f JOIN documents d ON d.id = f.rowid"
	" JOIN document_groups g ON g.id = d.group_id"
	" WHERE documents_fts MATCH ?11 AND " DOC_ACCESS DOC_FILTER DOC_ORDER " LIMIT ?8 OFFSET ?9",
	/* FTS5's snippet() costs the square of the hits in a text: it works on
	 * the first 32 KB of each text (documents_excerpts), for one row at a
	 * time, never while sorting. */
	S(ST_DOC_SNIPPET) =
	"SELECT snippet(documents_excerpts, -1, char(2), char(3), '…', 24) FROM documents_excerpts"
	" WHERE documents_excerpts MATCH ?1 AND rowid = ?2",
	S(ST_DOC_SEARCH_COUNT) =
	"SELECT count(*) FROM documents_fts f JOIN documents d ON d.id = f.rowid"
	" WHERE documents_fts MATCH ?11 AND " DOC_ACCESS DOC_FILTER,
	/* Up the chain of supersedes_id to the first version, then down. */
	S(ST_DOC_VERSIONS) =
	"WITH RECURSIVE"
	" up(id, sup, n) AS (SELECT id, supersedes_id, 0 FROM documents WHERE id = ?1"
	"  UNION ALL SELECT d.id, d.supersedes_id, up.n + 1 FROM documents d JOIN up ON d.id = up.sup WHERE up.n < 1000),"
	" down(id, n) AS (SELECT id, 0 FROM up WHERE sup IS NULL"
	"  UNION ALL SELECT d.id, down.n + 1 FROM documents d JOIN down ON d.supersedes_id = down.id WHERE down.n < 1000)"
	" SELECT " DOC_COLS " FROM down JOIN documents d ON d.id = down.id"
	" JOIN document_groups g ON g.id = d.group_id JOIN blobs b ON b.sha256 = d.sha256"
	" WHERE " DOC_ACCESS " ORDER BY down.n",
#define FACET_WHERE " WHERE " DOC_ACCESS " AND d.status = 'active'" \
	" AND (d.superseded_by_id IS NULL OR " VIS("d.superseded_by_id") " IS NULL)"
	S(ST_DOC_FACETS) =
	"SELECT 1, d.category, count(*), 0 FROM documents d" FACET_WHERE " GROUP BY d.category"
	" UNION ALL SELECT 2, g.name, count(*), g.position FROM documents d JOIN document_groups g"
	"  ON g.id = d.group_id" FACET_WHERE " GROUP BY g.id"
	" UNION ALL SELECT 3, substr(d.issued_on, 1, 4), count(*), 0 FROM documents d" FACET_WHERE
	"  AND d.issued_on IS NOT NULL GROUP BY 2"
	" UNION ALL SELECT 4, d.language, count(*), 0 FROM documents d" FACET_WHERE " GROUP BY d.language"
	" ORDER BY 1, 4, 2",
	S(ST_LIBRARY_VERSION) = "SELECT version FROM library_version WHERE id = 1",
	S(ST_DOC_MINUTES) =
	"SELECT d.id, d.title, d.category, d.issued_on, d.corrects_id FROM documents d"
	" WHERE (d.meeting_id = ?1 OR d.corrects_id IN (SELECT m.id FROM documents m WHERE m.meeting_id = ?1))"
	" AND " DOC_ACCESS " AND (d.superseded_by_id IS NULL OR " VIS("d.superseded_by_id") " IS NULL)"
	" ORDER BY d.corrects_id IS NOT NULL, d.issued_on, d.id",
#undef S
};

static void bind_access(sqlite3_stmt *st, const struct db_doc_access *a)
{
	sqlite3_bind_int(st, 101, a->restricted);
	sqlite3_bind_int(st, 102, a->withdrawn);
}

static void blob_from_row(sqlite3_stmt *st, int c, struct db_blob *b)
{
	sq_text(st, c, b->sha256, sizeof b->sha256);
	b->size = sqlite3_column_int64(st, c + 1);
	sq_text(st, c + 2, b->mime, sizeof b->mime);
	sq_text(st, c + 3, b->format, sizeof b->format);
	b->pages = sqlite3_column_int(st, c + 4);
	sq_text(st, c + 5, b->text_status, sizeof b->text_status);
	b->created_at = sqlite3_column_int64(st, c + 6);
}

/* Reads a row of DOC_COLS. */
static void document_from_row(sqlite3_stmt *st, struct db_document *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	sq_text(st, 1, d->title, sizeof d->title);
	sq_text(st, 2, d->title_hi, sizeof d->title_hi);
	sq_text(st, 3, d->category, sizeof d->category);
	sq_text(st, 4, d->reference, sizeof d->reference);
	sq_text(st, 5, d->issued_on, sizeof d->issued_on);
	sq_text(st, 6, d->language, sizeof d->language);
	sq_text(st, 7, d->group_name, sizeof d->group_name);
	sq_text(st, 8, d->summary, sizeof d->summary);
	sq_text(st, 9, d->visibility, sizeof d->visibility);
	sq_text(st, 10, d->status, sizeof d->status);
	d->withdrawn_at = sqlite3_column_int64(st, 11);
	sq_text(st, 12, d->withdrawn_reason, sizeof d->withdrawn_reason);
	sq_text(st, 13, d->sha256, sizeof d->sha256);
	sq_text(st, 14, d->file_name, sizeof d->file_name);
	d->corrects_id = sqlite3_column_int64(st, 15);
	d->supersedes_id = sqlite3_column_int64(st, 16);
	d->superseded_by_id = sqlite3_column_int64(st, 17);
	d->meeting_id = sqlite3_column_int64(st, 18);
	d->published_at = sqlite3_column_int64(st, 19);
	d->updated_at = sqlite3_column_int64(st, 20);
	d->created_by = sqlite3_column_int64(st, 21);
	d->updated_by = sqlite3_column_int64(st, 22);
	memcpy(d->blob.sha256, d->sha256, sizeof d->sha256);
	d->blob.size = sqlite3_column_int64(st, 23);
	sq_text(st, 24, d->blob.mime, sizeof d->blob.mime);
	sq_text(st, 25, d->blob.format, sizeof d->blob.format);
	d->blob.pages = sqlite3_column_int(st, 26);
	sq_text(st, 27, d->blob.text_status, sizeof d->blob.text_status);
	d->blob.created_at = sqlite3_column_int64(st, 28);
}

static enum db_status blobs_insert(struct db *db, const struct db_blob *b)
{
	sqlite3_stmt *st = sq_stmt(db, ST_BLOB_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, b->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, b->size);
	sqlite3_bind_text(st, 3, b->mime, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, b->format, -1, SQLITE_STATIC);
	if (b->pages >= 0)
		sqlite3_bind_int(st, 5, b->pages);
	sqlite3_bind_text(st, 6, b->text_status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, b->created_at);
	return sq_exec_stmt(db, st, "blobs_insert");
}

static enum db_status blob_read(struct db *db, enum stmt_id id, const char *sha256, struct db_blob *out)
{
	sqlite3_stmt *st = sq_stmt(db, id);
	if (!st)
		return DB_ERROR;
	if (sha256)
		sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		blob_from_row(st, 0, out);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "blobs_get");
}

static enum db_status blobs_get(struct db *db, const char *sha256, struct db_blob *out)
{
	return blob_read(db, ST_BLOB_GET, sha256, out);
}

static enum db_status blobs_next_pending(struct db *db, struct db_blob *out)
{
	return blob_read(db, ST_BLOB_NEXT_PENDING, NULL, out);
}

static enum db_status blobs_set_text(struct db *db, const char *sha256, const char *status, int pages,
				     const char *text, const char *error)
{
	sqlite3_stmt *st = sq_stmt(db, ST_BLOB_SET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (pages >= 0)
		sqlite3_bind_int(st, 3, pages);
	sq_bind_text_or_null(st, 4, error);
	enum db_status rc = sq_exec_stmt(db, st, "blobs_set_text");
	if (rc != DB_OK || !text)
		return rc;
	st = sq_stmt(db, ST_BLOB_TEXT_PUT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if ((rc = sq_exec_stmt(db, st, "blobs_set_text text")) != DB_OK)
		return rc;
	for (enum stmt_id id = ST_FTS_BODY_SET; id <= ST_EXC_BODY_SET; id++) {
		st = sq_stmt(db, id);
		if (!st)
			return DB_ERROR;
		sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		if ((rc = sq_exec_stmt(db, st, "blobs_set_text index")) != DB_OK)
			return rc;
	}
	return DB_OK;
}

static bool blobs_known(struct db *db, const char *sha256)
{
	sqlite3_stmt *st = sq_stmt(db, ST_BLOB_KNOWN);
	if (!st)
		return true;   /* when in doubt, keep the file */
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc != SQLITE_DONE;
}

/* The id of the group called name, created at the end of the portal's
 * order when new; 0 on error. */
static int64_t group_id(struct db *db, const char *name)
{
	sqlite3_stmt *st = sq_stmt(db, ST_GROUP_GET);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return id;
	if (rc != SQLITE_DONE) {
		sq_fail(db, "group_id");
		return 0;
	}
	st = sq_stmt(db, ST_GROUP_INSERT);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sq_exec_stmt(db, st, "group_id insert") != DB_OK)
		return 0;
	return sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
}

/* Binds the 22 columns of documents shared by insert and update. */
static void bind_document(sqlite3_stmt *st, const struct db_document *d, int64_t gid)
{
	sqlite3_bind_text(st, 1, d->title, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 2, d->title_hi);
	sqlite3_bind_text(st, 3, d->category, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 4, d->reference);
	sq_bind_text_or_null(st, 5, d->issued_on);
	sqlite3_bind_text(st, 6, d->language, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, gid);
	sq_bind_text_or_null(st, 8, d->summary);
	sqlite3_bind_text(st, 9, d->visibility, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, d->status, -1, SQLITE_STATIC);
	sq_bind_id_or_null(st, 11, d->withdrawn_at);
	sq_bind_text_or_null(st, 12, d->withdrawn_reason);
	sqlite3_bind_text(st, 13, d->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, d->file_name, -1, SQLITE_STATIC);
	sq_bind_id_or_null(st, 15, d->corrects_id);
	sq_bind_id_or_null(st, 16, d->supersedes_id);
	sq_bind_id_or_null(st, 17, d->superseded_by_id);
	sq_bind_id_or_null(st, 18, d->meeting_id);
	sqlite3_bind_int64(st, 19, d->published_at);
	sqlite3_bind_int64(st, 20, d->updated_at);
	sq_bind_id_or_null(st, 21, d->created_by);
	sq_bind_id_or_null(st, 22, d->updated_by);
}

/* Writes d's search entries (title, Hindi title, reference; on insert the
 * file's text when known) with the statement pair fts/excerpt. */
static enum db_status index_write(struct db *db, enum stmt_id fts, enum stmt_id excerpt, const struct db_document *d)
{
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = sq_stmt(db, i ? excerpt : fts);
		if (!st)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_text(st, 2, d->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, d->title_hi, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, d->reference, -1, SQLITE_STATIC);
		if (fts == ST_FTS_INSERT)
			sqlite3_bind_text(st, 5, d->sha256, -1, SQLITE_STATIC);
		enum db_status rc = sq_exec_stmt(db, st, "documents index");
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

static enum db_status documents_insert(struct db *db, struct db_document *d)
{
	int64_t gid = group_id(db, d->group_name);
	if (!gid)
		return DB_ERROR;
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_INSERT);
	if (!st)
		return DB_ERROR;
	bind_document(st, d, gid);
	enum db_status rc = sq_exec_stmt(db, st, "documents_insert");
	if (rc != DB_OK)
		return rc;
	d->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return index_write(db, ST_FTS_INSERT, ST_EXC_INSERT, d);
}

static enum db_status documents_update(struct db *db, const struct db_document *d)
{
	int64_t gid = group_id(db, d->group_name);
	if (!gid)
		return DB_ERROR;
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_UPDATE);
	if (!st)
		return DB_ERROR;
	bind_document(st, d, gid);
	sqlite3_bind_int64(st, 23, d->id);
	enum db_status rc = sq_exec_stmt(db, st, "documents_update");
	if (rc != DB_OK)
		return rc;
	return index_write(db, ST_FTS_UPDATE, ST_EXC_UPDATE, d);
}

static enum db_status documents_get(struct db *db, const struct db_doc_access *a, int64_t id,
				    struct db_document *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	bind_access(st, a);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		document_from_row(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "documents_get");
}

static void bind_filter(sqlite3_stmt *st, const struct db_doc_access *a, const struct db_document_filter *f)
{
	bind_access(st, a);
	sq_bind_text_or_null(st, 1, f->category);
	sq_bind_text_or_null(st, 2, f->group);
	sq_bind_text_or_null(st, 3, f->language);
	sqlite3_bind_int(st, 4, f->year);
	sqlite3_bind_int(st, 5, a->withdrawn ? f->status : 0);
	sqlite3_bind_int64(st, 6, f->corrects_id);
	sqlite3_bind_int(st, 7, f->all_versions);
	sq_bind_text_or_null(st, 12, f->visibility);
	if (f->fts)
		sqlite3_bind_text(st, 11, f->fts, -1, SQLITE_STATIC);
}

/* A time budget for one list or search: SQLite calls this every few
 * thousand steps; past the deadline the statement stops (SQLITE_INTERRUPT). */
static int past_deadline(void *arg)
{
	return util_mono_ms() > *(const int64_t *)arg;
}

/* Steps st to its first row (or end) within the budget set on db. */
static enum db_status list_step(struct db *db, sqlite3_stmt *st, int *rc, const char *what)
{
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
		return DB_OK;
	if (*rc == SQLITE_INTERRUPT) {
		log_error("db: %s stopped: it ran past %d ms", what, DOC_QUERY_BUDGET_MS);
		return DB_TIMEOUT;
	}
	return sq_fail(db, what);
}

static enum db_status documents_list(struct db *db, const struct db_doc_access *a,
				     const struct db_document_filter *f,
				     int (*fn)(void *ctx, const struct db_document *d, const char *snippet),
				     void *ctx, int64_t *total)
{
	sqlite3 *h = ((struct sqlite_db *)db)->h;
	bool search = f->fts && *f->fts;
	const char *sort = f->sort ? f->sort : search ? "relevance" : "portal";
	int64_t deadline = util_mono_ms() + DOC_QUERY_BUDGET_MS, *ids = NULL;
	int rc, n = 0;
	enum db_status out = DB_OK;
	struct db_document *d = NULL;
	sqlite3_progress_handler(h, 4000, past_deadline, &deadline);

	sqlite3_stmt *st = sq_stmt(db, search ? ST_DOC_SEARCH_COUNT : ST_DOC_COUNT);
	if (!st) {
		out = DB_ERROR;
		goto done;
	}
	bind_filter(st, a, f);
	if ((out = list_step(db, st, &rc, "documents_list count")) != DB_OK)
		goto done;
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!fn || *total == 0 || f->offset >= *total)
		goto done;

	/* the page's ids, in order */
	enum stmt_id id = !search ? ST_DOC_LIST
		: strcmp(sort, "relevance") == 0 ? ST_DOC_SEARCH_RANKED : ST_DOC_SEARCH_SORTED;
	st = sq_stmt(db, id);
	ids = malloc(sizeof *ids * (size_t)f->limit);
	d = malloc(sizeof *d);
	if (!st || !ids || !d) {
		out = DB_ERROR;
		goto done;
	}
	bind_filter(st, a, f);
	sqlite3_bind_int(st, 8, f->limit);
	sqlite3_bind_int(st, 9, f->offset);
	if (id != ST_DOC_SEARCH_RANKED)
		sqlite3_bind_text(st, 10, strcmp(sort, "relevance") == 0 ? "portal" : sort, -1, SQLITE_STATIC);
	while ((out = list_step(db, st, &rc, "documents_list")) == DB_OK && rc == SQLITE_ROW && n < f->limit)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (out != DB_OK)
		goto done;

	/* then each row, and its snippet */
	for (int i = 0; i < n; i++) {
		if ((out = documents_get(db, a, ids[i], d)) == DB_NOTFOUND)
			continue;       /* changed since: it is no longer the reader's */
		if (out != DB_OK)
			goto done;
		const char *snippet = NULL;
		if (search) {
			st = sq_stmt(db, ST_DOC_SNIPPET);
			if (!st) {
				out = DB_ERROR;
				goto done;
			}
			sqlite3_bind_text(st, 1, f->fts, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, ids[i]);
			if ((out = list_step(db, st, &rc, "documents_list snippet")) != DB_OK)
				goto done;
			/* a hit only past the excerpt: the title, without a hit */
			snippet = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : d->title;
		}
		int stop = fn(ctx, d, snippet ? snippet : (search ? "" : NULL));
		if (search)
			sqlite3_reset(st);
		if (stop)
			break;
	}
	out = DB_OK;
done:
	sqlite3_progress_handler(h, 0, NULL, NULL);
	free(ids);
	free(d);
	return out;
}

static enum db_status documents_versions(struct db *db, const struct db_doc_access *a, int64_t id,
					 int (*fn)(void *ctx, const struct db_document *d), void *ctx)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_VERSIONS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	bind_access(st, a);
	struct db_document *d = malloc(sizeof *d);
	if (!d) {
		sqlite3_reset(st);
		return DB_ERROR;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		document_from_row(st, d);
		if (fn(ctx, d))
			break;
	}
	free(d);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : sq_fail(db, "documents_versions");
}

static json_t *documents_facets(struct db *db, const struct db_doc_access *a)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_FACETS);
	if (!st)
		return NULL;
	bind_access(st, a);
	json_t *out = json_pack("{s:[], s:[], s:[], s:[]}", "categories", "groups", "years", "languages");
	static const char *const keys[] = { NULL, "categories", "groups", "years", "languages" };
	int rc;
	while (out && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (kind < 1 || kind > 4 || !name)
			continue;
		json_t *item = kind == 3
			? json_pack("{s:i, s:I}", "year", atoi(name), "count", (json_int_t)sqlite3_column_int64(st, 2))
			: json_pack("{s:s, s:I}", "name", name, "count", (json_int_t)sqlite3_column_int64(st, 2));
		json_array_append_new(json_object_get(out, keys[kind]), item);
	}
	sqlite3_reset(st);
	if (out && rc != SQLITE_DONE) {
		sq_fail(db, "documents_facets");
		json_decref(out);
		return NULL;
	}
	return out;
}

static int64_t library_version(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_LIBRARY_VERSION);
	if (!st)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

static json_t *documents_minutes(struct db *db, const struct db_doc_access *a, int64_t meeting_id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DOC_MINUTES);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, meeting_id);
	bind_access(st, a);
	json_t *out = json_array();
	int rc;
	/* minutes first, then each corrigendum under the minutes it corrects */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *issued = (const char *)sqlite3_column_text(st, 3);
		json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0),
				      "title", (const char *)sqlite3_column_text(st, 1),
				      "category", (const char *)sqlite3_column_text(st, 2),
				      "issued_on", issued ? json_string(issued) : json_null());
		int64_t corrects = sqlite3_column_int64(st, 4);
		if (!corrects) {
			json_object_set_new(o, "corrigenda", json_array());
			json_array_append_new(out, o);
			continue;
		}
		size_t i;
		json_t *m;
		json_array_foreach(out, i, m)
			if (json_integer_value(json_object_get(m, "id")) == corrects) {
				json_array_append(json_object_get(m, "corrigenda"), o);
				break;
			}
		json_decref(o);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *documents_groups(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_GROUPS_LIST);
	if (!st)
		return NULL;
	json_t *out = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(out, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

void sqlite_fill_document_ops(struct db_ops *ops)
{
	ops->blob_insert = blobs_insert;
	ops->blob_get = blobs_get;
	ops->blob_next_pending = blobs_next_pending;
	ops->blob_set_text = blobs_set_text;
	ops->blob_known = blobs_known;
	ops->document_insert = documents_insert;
	ops->document_update = documents_update;
	ops->document_get = documents_get;
	ops->document_list = documents_list;
	ops->document_versions = documents_versions;
	ops->document_facets = documents_facets;
	ops->document_groups = documents_groups;
	ops->library_version = library_version;
	ops->meeting_minutes = documents_minutes;
}
