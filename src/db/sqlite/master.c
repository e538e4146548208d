/* SQLite: States, districts and their Census 2011 population. */
#include "db/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static json_t *int_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
							  : json_integer(sqlite3_column_int64(st, i));
}

static json_t *master_states_list(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_STATES_LIST);
	if (!st)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:I}",
			"lgd", (json_int_t)sqlite3_column_int64(st, 0),
			"name", (const char *)sqlite3_column_text(st, 1),
			"kind", (const char *)sqlite3_column_text(st, 2),
			"census2011", (json_int_t)sqlite3_column_int64(st, 3),
			"population", int_or_null(st, 4), "male", int_or_null(st, 5),
			"female", int_or_null(st, 6),
			"districts", (json_int_t)sqlite3_column_int64(st, 7)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		sq_fail(db, "states_list");
		return NULL;
	}
	return a;
}

static json_t *master_districts_list(struct db *db, int state_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DISTRICTS_LIST);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, state_lgd);
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:I, s:o, s:o, s:o}",
			"lgd", (json_int_t)sqlite3_column_int64(st, 0),
			"state_lgd", (json_int_t)sqlite3_column_int64(st, 1),
			"name", (const char *)sqlite3_column_text(st, 2),
			"census2011", (json_int_t)sqlite3_column_int64(st, 3),
			"population", int_or_null(st, 4), "male", int_or_null(st, 5),
			"female", int_or_null(st, 6)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		sq_fail(db, "districts_list");
		return NULL;
	}
	return a;
}

static int master_district_state(struct db *db, int district_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_DISTRICT_STATE);
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, district_lgd);
	int state = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return state;
}

static bool master_state_exists(struct db *db, int state_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_STATE_EXISTS);
	if (!st)
		return false;
	sqlite3_bind_int(st, 1, state_lgd);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* Loading the embedded CSVs (data/states.csv, data/districts.csv; columns
 * in scripts/prepare-data.py). */
struct load_ctx {
	struct db *db;
	sqlite3_stmt *st;
	unsigned text_columns;  /* bit i set: column i is text, others integer or empty */
	int rows;
};

/* A malformed number fails the load rather than loading a NULL. */
static int bind_int_or_null(sqlite3_stmt *st, int i, const char *s)
{
	long long v;
	if (!util_parse_int(s, 0, 10000000000LL, &v))
		return -1;
	sqlite3_bind_int64(st, i, v);
	return 0;
}

static int load_row(void *c, int n, char **f)
{
	struct load_ctx *ctx = c;
	if (n != 7)
		return -1;
	sqlite3_reset(ctx->st);
	sqlite3_clear_bindings(ctx->st);
	for (int i = 0; i < 7; i++) {
		if (ctx->text_columns & (1u << i))
			sqlite3_bind_text(ctx->st, i + 1, f[i], -1, SQLITE_TRANSIENT);
		else if (*f[i]) {
			if (bind_int_or_null(ctx->st, i + 1, f[i]) != 0)
				return -1;
		}
		else
			sqlite3_bind_null(ctx->st, i + 1);
	}
	if (sqlite3_step(ctx->st) != SQLITE_DONE)
		return -1;
	ctx->rows++;
	return 0;
}

static enum db_status load_file(struct db *db, const char *file, const char *sql, unsigned text_columns,
				int expect_min)
{
	struct sqlite_db *s = (struct sqlite_db *)db;
	const struct embedded *e = embedded_get(file);
	struct load_ctx ctx = { .db = db, .text_columns = text_columns };
	if (!e) {
		log_error("db: %s is not embedded", file);
		return DB_ERROR;
	}
	if (sqlite3_prepare_v2(s->h, sql, -1, &ctx.st, NULL) != SQLITE_OK)
		return sq_fail(db, file);
	int rc = util_csv_each(e->data, e->len, load_row, &ctx);
	sqlite3_finalize(ctx.st);
	if (rc != 0 || ctx.rows < expect_min) {
		log_error("db: loading %s failed after %d rows: %s", file, ctx.rows, sqlite3_errmsg(s->h));
		return DB_ERROR;
	}
	log_info("db: loaded %d rows from %s", ctx.rows, file);
	return DB_OK;
}

enum db_status sqlite_load_master(struct db *db)
{
	/* states.csv: lgd, name, kind, census2011, population, male, female */
	if (load_file(db, "data/states.csv",
		      "INSERT INTO states (lgd, name, kind, census2011, population, male, female)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", 1u << 1 | 1u << 2, 36) != DB_OK)
		return DB_ERROR;
	/* districts.csv: lgd, state_lgd, name, census2011, population, male, female */
	return load_file(db, "data/districts.csv",
			 "INSERT INTO districts (lgd, state_lgd, name, census2011, population, male, female)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", 1u << 2, 700);
}

void sqlite_fill_master_ops(struct db_ops *ops)
{
	ops->states_list = master_states_list;
	ops->districts_list = master_districts_list;
	ops->district_state = master_district_state;
	ops->state_exists = master_state_exists;
}
