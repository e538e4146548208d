/* SQLite: periodic returns (migration 0010).  Definitions (disaggregations,
 * indicators and their cells, data sets, validation rules), the returns'
 * status and workflow events, the values with their history (written by
 * triggers), and per-district exceptions to a period's lock.  The module
 * (src/returns) validates everything it passes here; this file keeps the
 * rules that need the database: a return's status is read and changed in
 * one write transaction, so two steps or a step and an edit never cross. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/sqlite/internal.h"
#include "util/util.h"

const char *const sqlite_returns_sql[ST_COUNT - ST_RET_FIRST] = {
#define S(id) [id - ST_RET_FIRST]
	S(ST_RET_DISAGG_PUT) =
	"INSERT INTO disaggregations (code, name, categories, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"
	" ON CONFLICT (code) DO UPDATE SET name = ?2, categories = ?3, updated_at = ?4 RETURNING id, categories",
	S(ST_RET_IND_PUT) =
	"INSERT INTO indicators (code, name, description, disaggregation_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	" ON CONFLICT (code) DO UPDATE SET name = ?2, description = ?3, updated_at = ?5"
	" RETURNING id, disaggregation_id",
	S(ST_RET_CELL_PUT) =
	"INSERT INTO indicator_cells (indicator_id, combo, position) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (indicator_id, combo) DO UPDATE SET position = ?3",
	S(ST_RET_DATASET_PUT) =
	"INSERT INTO datasets (code, name, description, period_type, lock_days, due_days, sections, created_at,"
	" updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
	" ON CONFLICT (code) DO UPDATE SET name = ?2, description = ?3, lock_days = ?5, due_days = ?6,"
	" sections = ?7, version = version + 1, updated_at = ?8, updated_by = ?9"
	" RETURNING id, period_type",
	S(ST_RET_RULES_CLEAR) = "DELETE FROM validation_rules WHERE dataset_id = ?1",
	S(ST_RET_RULE_PUT) =
	"INSERT INTO validation_rules (dataset_id, code, name, left_side, op, right_side, importance, instruction)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	S(ST_RET_DATASETS) =
	"SELECT id, code, name, description, period_type, level, lock_days, due_days, sections, version, updated_at"
	" FROM datasets ORDER BY name",
	S(ST_RET_DATASET) =
	"SELECT id, code, name, description, period_type, level, lock_days, due_days, sections, version, updated_at"
	" FROM datasets WHERE code = ?1",
	S(ST_RET_INDICATOR) =
	"SELECT i.id, i.code, i.name, i.description, g.code, g.name, g.categories FROM indicators i"
	" LEFT JOIN disaggregations g ON g.id = i.disaggregation_id WHERE i.code = ?1",
	S(ST_RET_CELLS) = "SELECT id, combo FROM indicator_cells WHERE indicator_id = ?1 ORDER BY position",
	S(ST_RET_RULES) =
	"SELECT code, name, left_side, op, right_side, importance, instruction FROM validation_rules"
	" WHERE dataset_id = ?1 ORDER BY id",
	S(ST_RET_GET) =
	"SELECT id, status, comment, version, created_at, updated_at, submitted_at, approved_at, accepted_at"
	" FROM returns WHERE dataset_id = ?1 AND period = ?2 AND district_lgd = ?3",
	S(ST_RET_INSERT) =
	"INSERT INTO returns (dataset_id, period, district_lgd, state_lgd, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
	S(ST_RET_TOUCH) = "UPDATE returns SET version = version + 1, updated_at = ?2 WHERE id = ?1",
	S(ST_RET_STEP) =
	"UPDATE returns SET status = ?2, comment = ?3, version = version + 1, updated_at = ?4,"
	" submitted_at = CASE WHEN ?2 = 'submitted' THEN coalesce(submitted_at, ?4) ELSE submitted_at END,"
	" approved_at = CASE WHEN ?2 = 'approved' THEN ?4 WHEN ?2 IN ('draft', 'returned') THEN NULL ELSE approved_at END,"
	" accepted_at = CASE WHEN ?2 = 'accepted' THEN ?4 WHEN ?2 IN ('draft', 'returned') THEN NULL ELSE accepted_at END"
	" WHERE id = ?1",
	S(ST_RET_EVENT) =
	"INSERT INTO return_events (return_id, action, from_status, to_status, comment, at, by_user)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	S(ST_RET_EVENTS) =
	"SELECT e.action, e.from_status, e.to_status, e.comment, e.at, coalesce(u.login, '') FROM return_events e"
	" LEFT JOIN users u ON u.id = e.by_user WHERE e.return_id = ?1 ORDER BY e.id",
	S(ST_RET_VALUE_PUT) =
	"INSERT INTO data_values (district_lgd, period, cell_id, value, comment, updated_at, updated_by, dataset_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9)"
	" ON CONFLICT (dataset_id, district_lgd, period, cell_id) DO UPDATE SET value = ?4,"
	" comment = CASE WHEN ?8 THEN ?5 ELSE comment END, updated_at = ?6, updated_by = ?7"
	" WHERE value IS NOT ?4 OR (?8 AND comment IS NOT ?5)",
	S(ST_RET_VALUES) =
	"SELECT v.cell_id, v.value, v.comment FROM data_values v WHERE v.dataset_id = ?4 AND v.district_lgd = ?1"
	" AND v.period = ?2 AND v.cell_id IN (SELECT value FROM json_each(?3))",
	S(ST_RET_HISTORY) =
	"SELECT h.old_value, h.new_value, h.at, coalesce(u.login, '') FROM value_history h"
	" LEFT JOIN users u ON u.id = h.by_user"
	" WHERE h.dataset_id = ?4 AND h.district_lgd = ?1 AND h.period = ?2 AND h.cell_id = ?3 ORDER BY h.id DESC LIMIT 200",
	S(ST_RET_EXCEPTION_GET) =
	"SELECT open_until FROM period_exceptions WHERE dataset_id = ?1 AND period = ?2 AND district_lgd = ?3",
	S(ST_RET_EXCEPTION_PUT) =
	"INSERT INTO period_exceptions (dataset_id, period, district_lgd, open_until, reason, created_at, created_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (dataset_id, period, district_lgd) DO UPDATE SET"
	" open_until = ?4, reason = ?5, created_at = ?6, created_by = ?7",
	S(ST_RET_USUAL) =
	"SELECT cell_id, count(*), avg(value), avg(value * value) FROM data_values"
	" WHERE dataset_id = ?1 AND district_lgd = ?2 AND period >= ?3 AND period < ?4 AND value IS NOT NULL"
	" AND cell_id IN (SELECT value FROM json_each(?5)) GROUP BY cell_id",
	S(ST_RET_DISAGG_GET) = "SELECT categories FROM disaggregations WHERE code = ?1",
	S(ST_RET_COMPLETENESS) =
	"SELECT d.state_lgd, st.name, d.lgd, d.name, r.status, r.submitted_at, r.approved_at, r.accepted_at"
	" FROM districts d JOIN states st ON st.lgd = d.state_lgd"
	" LEFT JOIN returns r ON r.district_lgd = d.lgd AND r.dataset_id = ?1 AND r.period = ?2"
	" WHERE (?3 = 0 OR d.state_lgd = ?3) AND (?4 = 0 OR d.lgd = ?4) ORDER BY st.name, d.name",
#undef S
};

static json_t *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? json_string((const char *)t) : json_null();
}

static json_t *col_json(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	json_t *v = t ? json_loads((const char *)t, 0, NULL) : NULL;
	return v ? v : json_null();
}

static json_t *col_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	char at[32];
	util_iso8601(sqlite3_column_int64(st, i), at);
	return json_string(at);
}

/* Whether this call opens (and so must close) the transaction. */
static enum db_status begin_own(struct db *db, bool *own)
{
	*own = !db->ops->in_transaction(db);
	return *own ? db->ops->begin_write(db) : DB_OK;
}

static enum db_status end_own(struct db *db, bool own, enum db_status st)
{
	if (!own)
		return st;
	if (st == DB_OK)
		return db->ops->commit(db);
	db->ops->rollback(db);
	return st;
}

/* The cells' combos of a disaggregation's categories: the product of their
 * options, the first category varying slowest ("female_u18", …); [""] for
 * none.  New array. */
static json_t *combos_of(const json_t *categories)
{
	json_t *out = json_array();
	json_array_append_new(out, json_string(""));
	size_t i, j, k;
	json_t *cat, *opt, *prefix;
	json_array_foreach(categories, i, cat) {
		json_t *next = json_array();
		json_array_foreach(out, j, prefix) {
			json_array_foreach(json_object_get(cat, "options"), k, opt) {
				const char *p = json_string_value(prefix), *o = json_string_value(json_object_get(opt, "code"));
				char combo[256];
				snprintf(combo, sizeof combo, "%s%s%s", p, *p ? "_" : "", o ? o : "");
				json_array_append_new(next, json_string(combo));
			}
		}
		json_decref(out);
		out = next;
	}
	return out;
}

static enum db_status define_in_tx(struct db *db, const json_t *def, int64_t now, int64_t user)
{
	sqlite3_stmt *st;
	size_t i, k;
	json_t *d, *c;
	/* disaggregations: name and categories; their id by code */
	json_t *ids = json_object();
	json_array_foreach(json_object_get(def, "disaggregations"), i, d) {
		/* a disaggregation in use keeps its categories: its cells hold values */
		if (!(st = sq_stmt(db, ST_RET_DISAGG_GET)))
			goto fail;
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(d, "code")), -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(st);
		json_t *had = rc == SQLITE_ROW ? col_json(st, 0) : NULL;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			goto fail;
		bool changed = had && !json_equal(had, json_object_get(d, "categories"));
		json_decref(had);
		if (changed) {
			json_decref(ids);
			return DB_CONFLICT;
		}
		char *cats = json_dumps(json_object_get(d, "categories"), JSON_COMPACT);
		if (!(st = sq_stmt(db, ST_RET_DISAGG_PUT)) || !cats) {
			free(cats);
			goto fail;
		}
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(d, "code")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(d, "name")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, cats, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, now);
		free(cats);
		if (sqlite3_step(st) != SQLITE_ROW)
			goto fail;
		json_object_set_new(ids, json_string_value(json_object_get(d, "code")),
				    json_integer(sqlite3_column_int64(st, 0)));
		sqlite3_reset(st);
	}
	json_array_foreach(json_object_get(def, "indicators"), i, d) {
		const char *dis = json_string_value(json_object_get(d, "disaggregation"));
		json_t *did = dis ? json_object_get(ids, dis) : NULL;
		if (!(st = sq_stmt(db, ST_RET_IND_PUT)))
			goto fail;
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(d, "code")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, json_string_value(json_object_get(d, "name")), -1, SQLITE_TRANSIENT);
		sq_bind_text_or_null(st, 3, json_string_value(json_object_get(d, "description")));
		sq_bind_id_or_null(st, 4, did ? json_integer_value(did) : 0);
		sqlite3_bind_int64(st, 5, now);
		if (sqlite3_step(st) != SQLITE_ROW)
			goto fail;
		int64_t ind = sqlite3_column_int64(st, 0);
		int64_t had = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		if (had != (did ? json_integer_value(did) : 0)) {
			/* an indicator keeps the disaggregation its values were given in */
			log_error("returns: indicator %s keeps its disaggregation",
				  json_string_value(json_object_get(d, "code")));
			json_decref(ids);
			return DB_CONFLICT;
		}
		json_t *cats = NULL;
		json_array_foreach(json_object_get(def, "disaggregations"), k, c)
			if (dis && strcmp(json_string_value(json_object_get(c, "code")), dis) == 0)
				cats = json_object_get(c, "categories");
		json_t *none = cats ? NULL : json_array();
		json_t *combos = combos_of(cats ? cats : none);
		json_decref(none);
		json_array_foreach(combos, k, c) {
			if (!(st = sq_stmt(db, ST_RET_CELL_PUT))) {
				json_decref(combos);
				goto fail;
			}
			sqlite3_bind_int64(st, 1, ind);
			sqlite3_bind_text(st, 2, json_string_value(c), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 3, (int)k);
			if (sq_exec_stmt(db, st, "returns cells") != DB_OK) {
				json_decref(combos);
				goto fail;
			}
		}
		json_decref(combos);
	}
	json_decref(ids);
	ids = NULL;
	/* the data set, then its rules (replaced) */
	char *sections = json_dumps(json_object_get(def, "sections"), JSON_COMPACT);
	if (!(st = sq_stmt(db, ST_RET_DATASET_PUT)) || !sections) {
		free(sections);
		goto fail;
	}
	sqlite3_bind_text(st, 1, json_string_value(json_object_get(def, "code")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, json_string_value(json_object_get(def, "name")), -1, SQLITE_TRANSIENT);
	sq_bind_text_or_null(st, 3, json_string_value(json_object_get(def, "description")));
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(def, "period_type")), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, (int)json_integer_value(json_object_get(def, "lock_days")));
	sqlite3_bind_int(st, 6, (int)json_integer_value(json_object_get(def, "due_days")));
	sqlite3_bind_text(st, 7, sections, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, now);
	sq_bind_id_or_null(st, 9, user);
	free(sections);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	int64_t ds = sqlite3_column_int64(st, 0);
	bool same_type = strcmp((const char *)sqlite3_column_text(st, 1),
				json_string_value(json_object_get(def, "period_type"))) == 0;
	sqlite3_reset(st);
	if (!same_type)
		return DB_CONFLICT;     /* a data set keeps its period type */
	if (!(st = sq_stmt(db, ST_RET_RULES_CLEAR)))
		goto fail;
	sqlite3_bind_int64(st, 1, ds);
	if (sq_exec_stmt(db, st, "returns rules") != DB_OK)
		goto fail;
	json_array_foreach(json_object_get(def, "rules"), i, d) {
		if (!(st = sq_stmt(db, ST_RET_RULE_PUT)))
			goto fail;
		sqlite3_bind_int64(st, 1, ds);
		static const char *const keys[] = { "code", "name", "left", "op", "right", "importance", "instruction" };
		for (int n = 0; n < 7; n++)
			sq_bind_text_or_null(st, n + 2, json_string_value(json_object_get(d, keys[n])));
		if (sq_exec_stmt(db, st, "returns rule") != DB_OK)
			goto fail;
	}
	return DB_OK;
fail:
	json_decref(ids);
	return sq_fail(db, "returns define");
}

static enum db_status returns_define(struct db *db, const json_t *def, int64_t now, int64_t user)
{
	bool own;
	enum db_status st = begin_own(db, &own);
	if (st != DB_OK)
		return st;
	return end_own(db, own, define_in_tx(db, def, now, user));
}

/* Migration 0010's step: the standard return (data/returns-standard.json):
 * its disaggregations, indicators, sections and rules for each data set. */
enum db_status sqlite_load_returns_standard(struct db *db)
{
	const struct embedded *e = embedded_get("data/returns-standard.json");
	json_t *all = e ? json_loadb(e->data, e->len, 0, NULL) : NULL;
	if (!all) {
		log_error("returns: data/returns-standard.json is missing or not JSON");
		return DB_ERROR;
	}
	size_t i;
	json_t *ds;
	enum db_status st = DB_OK;
	json_array_foreach(json_object_get(all, "datasets"), i, ds) {
		json_t *def = json_deep_copy(ds);
		json_object_set(def, "disaggregations", json_object_get(all, "disaggregations"));
		json_object_set(def, "indicators", json_object_get(all, "indicators"));
		json_object_set(def, "sections", json_object_get(all, "sections"));
		json_object_set(def, "rules", json_object_get(all, "rules"));
		st = define_in_tx(db, def, util_now_ms(), 0);
		json_decref(def);
		if (st != DB_OK)
			break;
	}
	json_decref(all);
	return st;
}

static json_t *dataset_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:o, s:i, s:o}", "id",
			 (json_int_t)sqlite3_column_int64(st, 0), "code", col_text(st, 1), "name", col_text(st, 2),
			 "description", col_text(st, 3), "period_type", col_text(st, 4), "level", col_text(st, 5),
			 "lock_days", sqlite3_column_int(st, 6), "due_days", sqlite3_column_int(st, 7), "sections",
			 col_json(st, 8), "version", sqlite3_column_int(st, 9), "updated_at", col_time(st, 10));
}

/* Rows of the statements below, as JSON (for sq_collect). */
static json_t *cell_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0), "combo", col_text(st, 1));
}

static json_t *rule_row(sqlite3_stmt *st)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "code", col_text(st, 0), "name", col_text(st, 1), "left",
			 col_text(st, 2), "op", col_text(st, 3), "right", col_text(st, 4), "importance", col_text(st, 5),
			 "instruction", col_text(st, 6));
}

static json_t *event_row(sqlite3_stmt *st)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "action", col_text(st, 0), "from", col_text(st, 1), "to",
			 col_text(st, 2), "comment", col_text(st, 3), "at", col_time(st, 4), "by", col_text(st, 5));
}

static json_t *count_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, i));
}

static json_t *history_row(sqlite3_stmt *st)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "at", col_time(st, 2), "by", col_text(st, 3), "old",
			 count_or_null(st, 0), "new", count_or_null(st, 1));
}

/* A district and its return's status and times; submitted_ms too, for the
 * module's timeliness. */
static json_t *completeness_row(sqlite3_stmt *st)
{
	return json_pack("{s:i, s:o, s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "state_lgd", sqlite3_column_int(st, 0), "state",
			 col_text(st, 1), "district_lgd", sqlite3_column_int(st, 2), "district", col_text(st, 3),
			 "status", col_text(st, 4), "submitted_ms", count_or_null(st, 5), "submitted_at",
			 col_time(st, 5), "approved_at", col_time(st, 6), "accepted_at", col_time(st, 7));
}

static enum db_status datasets_list(struct db *db, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_DATASETS);
	if (!st)
		return DB_ERROR;
	return sq_collect(db, st, dataset_row, "datasets_list", out);
}

/* An indicator with its disaggregation and cells:
 * {code,name,description,disaggregation:{code,name,categories}|null,
 *  cells:[{id,combo}]}. */
static enum db_status indicator_of(struct db *db, const char *code, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_INDICATOR);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "indicator_of");
	}
	int64_t id = sqlite3_column_int64(st, 0);
	json_t *dis = sqlite3_column_type(st, 4) == SQLITE_NULL
			      ? json_null()
			      : json_pack("{s:o, s:o, s:o}", "code", col_text(st, 4), "name", col_text(st, 5),
					  "categories", col_json(st, 6));
	json_t *ind = json_pack("{s:o, s:o, s:o, s:o}", "code", col_text(st, 1), "name", col_text(st, 2),
				"description", col_text(st, 3), "disaggregation", dis);
	sqlite3_reset(st);
	if (!(st = sq_stmt(db, ST_RET_CELLS))) {
		json_decref(ind);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	json_t *cells;
	if (sq_collect(db, st, cell_row, "indicator_of cells", &cells) != DB_OK) {
		json_decref(ind);
		return DB_ERROR;
	}
	json_object_set_new(ind, "cells", cells);
	*out = ind;
	return DB_OK;
}

static enum db_status dataset_get(struct db *db, const char *code, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_DATASET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "dataset_get");
	}
	json_t *ds = dataset_row(st);
	sqlite3_reset(st);
	/* each section's indicators, in full */
	size_t i, k;
	json_t *sec, *c;
	json_array_foreach(json_object_get(ds, "sections"), i, sec) {
		json_t *full = json_array();
		json_array_foreach(json_object_get(sec, "indicators"), k, c) {
			json_t *ind = NULL;
			enum db_status s = indicator_of(db, json_string_value(c), &ind);
			if (s != DB_OK) {
				json_decref(full);
				json_decref(ds);
				return s == DB_NOTFOUND ? sq_fail(db, "dataset_get: an indicator is missing") : s;
			}
			json_array_append_new(full, ind);
		}
		json_object_set_new(sec, "indicators", full);
	}
	if (!(st = sq_stmt(db, ST_RET_RULES))) {
		json_decref(ds);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(ds, "id")));
	json_t *rules;
	if (sq_collect(db, st, rule_row, "dataset_get rules", &rules) != DB_OK) {
		json_decref(ds);
		return DB_ERROR;
	}
	json_object_set_new(ds, "rules", rules);
	*out = ds;
	return DB_OK;
}

/* The return's row as JSON (*out), or DB_NOTFOUND when none is saved yet. */
static enum db_status return_row(struct db *db, int64_t dataset, const char *period, int district, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, district);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = json_pack("{s:I, s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:o}", "id",
				 (json_int_t)sqlite3_column_int64(st, 0), "status", col_text(st, 1), "comment",
				 col_text(st, 2), "version", sqlite3_column_int(st, 3), "created_at", col_time(st, 4),
				 "updated_at", col_time(st, 5), "submitted_at", col_time(st, 6), "approved_at",
				 col_time(st, 7), "accepted_at", col_time(st, 8));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "return_row");
}

static enum db_status return_get(struct db *db, int64_t dataset, const char *period, int district,
				 const char *cells_json, json_t **out)
{
	json_t *ret = NULL;
	enum db_status s = return_row(db, dataset, period, district, &ret);
	if (s == DB_NOTFOUND)
		ret = json_pack("{s:n, s:s, s:n, s:i}", "id", "status", "draft", "comment", "version", 0);
	else if (s != DB_OK)
		return s;
	sqlite3_stmt *st = sq_stmt(db, ST_RET_VALUES);
	if (!st) {
		json_decref(ret);
		return DB_ERROR;
	}
	sqlite3_bind_int(st, 1, district);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, cells_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, dataset);
	json_t *values = json_object(), *comments = json_object();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			json_object_set_new(values, key, json_integer(sqlite3_column_int64(st, 1)));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			json_object_set_new(comments, key, col_text(st, 2));
	}
	sqlite3_reset(st);
	json_object_set_new(ret, "values", values);
	json_object_set_new(ret, "comments", comments);
	if (rc != SQLITE_DONE) {
		json_decref(ret);
		return sq_fail(db, "return_get values");
	}
	/* its workflow so far */
	json_t *events = NULL;
	if (json_integer_value(json_object_get(ret, "id"))) {
		if (!(st = sq_stmt(db, ST_RET_EVENTS))) {
			json_decref(ret);
			return DB_ERROR;
		}
		sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(ret, "id")));
		if (sq_collect(db, st, event_row, "return_get events", &events) != DB_OK) {
			json_decref(ret);
			return DB_ERROR;
		}
	}
	json_object_set_new(ret, "events", events ? events : json_array());
	*out = ret;
	return DB_OK;
}

static bool listed(const char *s, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* The return's id and status, made as a draft when there is none yet. */
static enum db_status return_ensure(struct db *db, int64_t dataset, const char *period, int district, int state,
				    int64_t now, int64_t *id, char status[16])
{
	json_t *row;
	enum db_status s = return_row(db, dataset, period, district, &row);
	if (s == DB_OK) {
		*id = json_integer_value(json_object_get(row, "id"));
		snprintf(status, 16, "%s", json_string_value(json_object_get(row, "status")));
		json_decref(row);
		return DB_OK;
	}
	if (s != DB_NOTFOUND)
		return s;
	sqlite3_stmt *st = sq_stmt(db, ST_RET_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, district);
	sqlite3_bind_int(st, 4, state);
	sqlite3_bind_int64(st, 5, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sq_fail(db, "return_ensure");
	snprintf(status, 16, "draft");
	return DB_OK;
}

static enum db_status return_save(struct db *db, const struct db_return_key *key, const struct db_value *vals,
				  size_t n, const char *const *editable, int64_t now, int64_t user, char status[16])
{
	bool own;
	enum db_status s = begin_own(db, &own);
	if (s != DB_OK)
		return s;
	int64_t id;
	s = return_ensure(db, key->dataset_id, key->period, key->district_lgd, key->state_lgd, now, &id, status);
	if (s == DB_OK && !listed(status, editable))
		s = DB_CONFLICT;
	int changed = 0;
	for (size_t i = 0; s == DB_OK && i < n; i++) {
		sqlite3_stmt *st = sq_stmt(db, ST_RET_VALUE_PUT);
		if (!st) {
			s = DB_ERROR;
			break;
		}
		sqlite3_bind_int(st, 1, key->district_lgd);
		sqlite3_bind_text(st, 2, key->period, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, vals[i].cell_id);
		if (vals[i].blank)
			sqlite3_bind_null(st, 4);
		else
			sqlite3_bind_int64(st, 4, vals[i].value);
		sq_bind_text_or_null(st, 5, vals[i].comment);
		sqlite3_bind_int64(st, 6, now);
		sqlite3_bind_int64(st, 7, user);
		sqlite3_bind_int(st, 8, vals[i].set_comment);
		sqlite3_bind_int64(st, 9, key->dataset_id);
		s = sq_exec_stmt(db, st, "return_save value");
		changed += sqlite3_changes(((struct sqlite_db *)db)->h);
	}
	if (s == DB_OK && changed) {
		sqlite3_stmt *st = sq_stmt(db, ST_RET_TOUCH);
		if (!st)
			s = DB_ERROR;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, now);
			s = sq_exec_stmt(db, st, "return_save touch");
		}
	}
	return end_own(db, own, s);
}

static enum db_status return_step(struct db *db, const struct db_return_key *key, const char *action,
				  const char *const *from, const char *to, const char *comment, int64_t now, int64_t user,
				  char status[16])
{
	bool own;
	enum db_status s = begin_own(db, &own);
	if (s != DB_OK)
		return s;
	int64_t id;
	s = return_ensure(db, key->dataset_id, key->period, key->district_lgd, key->state_lgd, now, &id, status);
	if (s == DB_OK && !listed(status, from))
		s = DB_CONFLICT;        /* *status says where it stands */
	sqlite3_stmt *st;
	if (s == DB_OK) {
		if (!(st = sq_stmt(db, ST_RET_STEP)))
			s = DB_ERROR;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
			sq_bind_text_or_null(st, 3, comment);
			sqlite3_bind_int64(st, 4, now);
			s = sq_exec_stmt(db, st, "return_step");
		}
	}
	if (s == DB_OK) {
		if (!(st = sq_stmt(db, ST_RET_EVENT)))
			s = DB_ERROR;
		else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
			sq_bind_text_or_null(st, 5, comment);
			sqlite3_bind_int64(st, 6, now);
			sqlite3_bind_int64(st, 7, user);
			s = sq_exec_stmt(db, st, "return_step event");
		}
	}
	return end_own(db, own, s);
}

static enum db_status value_history(struct db *db, int64_t dataset, int district, const char *period, int64_t cell,
				   json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_HISTORY);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 4, dataset);
	sqlite3_bind_int(st, 1, district);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, cell);
	return sq_collect(db, st, history_row, "value_history", out);
}

static enum db_status period_exception(struct db *db, int64_t dataset, const char *period, int district,
				       char open_until[11])
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_EXCEPTION_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, district);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		sq_text(st, 0, open_until, 11);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "period_exception");
}

static enum db_status period_exception_put(struct db *db, int64_t dataset, const char *period, int district,
					   const char *open_until, const char *reason, int64_t now, int64_t user)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_EXCEPTION_PUT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, district);
	sqlite3_bind_text(st, 4, open_until, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, user);
	return sq_exec_stmt(db, st, "period_exception_put");
}

static enum db_status completeness(struct db *db, int64_t dataset, const char *period, int state, int district,
				   json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_COMPLETENESS);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, state);
	sqlite3_bind_int(st, 4, district);
	return sq_collect(db, st, completeness_row, "completeness", out);
}

static enum db_status usual_values(struct db *db, int64_t dataset, int district, const char *from, const char *before,
				   const char *cells_json, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_USUAL);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, dataset);
	sqlite3_bind_int(st, 2, district);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, before, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, cells_json, -1, SQLITE_TRANSIENT);
	json_t *o = json_object();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
		json_object_set_new(o, key, json_pack("{s:i, s:f, s:f}", "n", sqlite3_column_int(st, 1), "mean",
						      sqlite3_column_double(st, 2), "mean_sq", sqlite3_column_double(st, 3)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return sq_fail(db, "usual_values");
	}
	*out = o;
	return DB_OK;
}

/* The SQL expression of a pivot's dimension: fixed fragments chosen by an
 * enum, never text from a request. */
static const char *dim_sql(enum db_pivot_dim d)
{
	switch (d) {
	case PIVOT_STATE: return "d.state_lgd";
	case PIVOT_DISTRICT: return "v.district_lgd";
	case PIVOT_PERIOD: return "v.period";
	case PIVOT_COMBO: return "c.combo";
	default: return "''";
	}
}

static enum db_status pivot(struct db *db, const struct db_pivot *q, json_t **out)
{
	char sql[1536];
	snprintf(sql, sizeof sql,
		 "SELECT %s, %s, sum(v.value) FROM data_values v JOIN indicator_cells c ON c.id = v.cell_id"
		 " JOIN indicators i ON i.id = c.indicator_id JOIN districts d ON d.lgd = v.district_lgd"
		 " JOIN returns r ON r.dataset_id = v.dataset_id AND r.period = v.period AND r.district_lgd = v.district_lgd"
		 " WHERE v.dataset_id = ?1 AND i.code = ?2 AND (?3 IS NULL OR c.combo = ?3) AND v.period >= ?4"
		 " AND v.period <= ?5 AND (?6 = 0 OR d.state_lgd = ?6) AND (?7 = 0 OR v.district_lgd = ?7)"
		 " AND r.status IN (SELECT value FROM json_each(?8)) AND v.value IS NOT NULL GROUP BY 1, 2",
		 dim_sql(q->rows), dim_sql(q->cols));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(((struct sqlite_db *)db)->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(db, "pivot prepare");
	sqlite3_bind_int64(st, 1, q->dataset_id);
	sqlite3_bind_text(st, 2, q->indicator, -1, SQLITE_TRANSIENT);
	sq_bind_text_or_null(st, 3, q->combo);
	sqlite3_bind_text(st, 4, q->from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, q->to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, q->state_lgd);
	sqlite3_bind_int(st, 7, q->district_lgd);
	sqlite3_bind_text(st, 8, q->statuses_json, -1, SQLITE_TRANSIENT);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("[s, s, I]", (const char *)sqlite3_column_text(st, 0),
						      (const char *)sqlite3_column_text(st, 1),
						      (json_int_t)sqlite3_column_int64(st, 2)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		return sq_fail(db, "pivot");
	}
	*out = rows;
	return DB_OK;
}

void sqlite_fill_returns_ops(struct db_ops *ops)
{
	ops->pivot = pivot;
	ops->usual_values = usual_values;
	ops->completeness = completeness;
	ops->returns_define = returns_define;
	ops->datasets_list = datasets_list;
	ops->dataset_get = dataset_get;
	ops->return_get = return_get;
	ops->return_save = return_save;
	ops->return_step = return_step;
	ops->value_history = value_history;
	ops->period_exception = period_exception;
	ops->period_exception_put = period_exception_put;
}
