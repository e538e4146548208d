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

const char *const sqlite_returns_sql[ST_CASE_FIRST - ST_RET_FIRST] = {
#define S(id) [id - ST_RET_FIRST]
	S(ST_RET_DISAGG_PUT) =
	"INSERT INTO disaggregations (code, name, categories, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"
	" ON CONFLICT (code) DO UPDATE SET name = ?2, categories = ?3, updated_at = ?4 RETURNING id, categories",
	S(ST_RET_IND_PUT) =
	"INSERT INTO indicators (code, name, description, disaggregation_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	" ON CONFLICT (code) DO UPDATE SET name = ?2, description = coalesce(?3, description), updated_at = ?5"
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
	S(ST_RET_EXPORT) =
	/* the returns asked for first (by data set, period and State), then
	 * their values by key: never every value of the data set */
	"SELECT r.period, r.state_lgd, r.district_lgd, v.cell_id, v.value, v.comment, r.status"
	" FROM returns r CROSS JOIN data_values v"
	" WHERE r.dataset_id = ?1 AND r.period >= ?2 AND r.period <= ?3 AND (?4 = 0 OR r.state_lgd = ?4)"
	" AND (?5 = 0 OR r.district_lgd = ?5) AND v.dataset_id = r.dataset_id AND v.district_lgd = r.district_lgd"
	" AND v.period = +r.period AND (?6 IS NULL OR v.cell_id IN (SELECT value FROM json_each(?6)))"
	" AND (v.value IS NOT NULL OR v.comment IS NOT NULL)"
	" ORDER BY r.period, r.state_lgd, r.district_lgd, v.cell_id",
	S(ST_RET_TEMPLATE) =
	"SELECT ?2, d.state_lgd, d.lgd, c.value, v.value, v.comment, coalesce(r.status, 'draft')"
	" FROM districts d JOIN json_each(?6) c"
	" LEFT JOIN data_values v ON v.dataset_id = ?1 AND v.district_lgd = d.lgd AND v.period = ?2 AND v.cell_id = c.value"
	" LEFT JOIN returns r ON r.dataset_id = ?1 AND r.period = ?2 AND r.district_lgd = d.lgd"
	" WHERE ?3 = ?2 AND (?4 = 0 OR d.state_lgd = ?4) AND (?5 = 0 OR d.lgd = ?5)"
	" ORDER BY d.state_lgd, d.name, c.key",
	S(ST_RET_OPEN) =
	"INSERT INTO returns (dataset_id, period, district_lgd, state_lgd, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	" ON CONFLICT (dataset_id, period, district_lgd) DO UPDATE SET dataset_id = excluded.dataset_id"
	" RETURNING status, created_at = ?5 AND version = 1",
	S(ST_RET_TOUCH_KEY) =
	"UPDATE returns SET version = version + 1, updated_at = ?4 WHERE dataset_id = ?1 AND period = ?2 AND district_lgd = ?3"
	" AND EXISTS (SELECT 1 FROM value_history h WHERE h.dataset_id = ?1 AND h.district_lgd = ?3 AND h.period = ?2"
	" AND h.at = ?4 AND h.by_user = ?5)",
	S(ST_RET_STALE) = "INSERT OR IGNORE INTO value_totals_stale (dataset_id, period, state_lgd) VALUES (?1, ?2, ?3)",
	S(ST_IMP_INSERT) =
	"INSERT INTO imports (user_id, file_name, size, sha256, created_at, state_lgd, district_lgd)"
	" VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), nullif(?7, 0)) RETURNING id",
	S(ST_IMP_NEXT) =
	"UPDATE imports SET status = 'running', started_at = ?1, attempts = attempts + 1 WHERE id = (SELECT min(id)"
	" FROM imports WHERE status = 'queued') RETURNING id, user_id, file_name, attempts, coalesce(state_lgd, 0),"
	" coalesce(district_lgd, 0)",
	S(ST_IMP_FINISH) = "UPDATE imports SET status = ?2, report = ?3, finished_at = ?4 WHERE id = ?1",
	S(ST_IMP_GET) =
	"SELECT i.id, i.file_name, i.size, i.status, i.report, i.created_at, i.started_at, i.finished_at, u.login,"
	" (SELECT count(*) FROM imports q WHERE q.status = 'queued' AND q.id < i.id)"
	" FROM imports i LEFT JOIN users u ON u.id = i.user_id WHERE i.id = ?1 AND (?2 = 0 OR i.state_lgd = ?2)"
	" AND (?3 = 0 OR i.district_lgd = ?3)",
	S(ST_IMP_LIST) =
	"SELECT i.id, i.file_name, i.size, i.status, i.report, i.created_at, i.started_at, i.finished_at, u.login, 0"
	" FROM imports i LEFT JOIN users u ON u.id = i.user_id WHERE (?1 = 0 OR i.state_lgd = ?1)"
	" AND (?2 = 0 OR i.district_lgd = ?2) ORDER BY i.id DESC LIMIT 20",
	S(ST_IMP_RECOVER) = "UPDATE imports SET status = 'queued', started_at = NULL WHERE status = 'running'",
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

/* Whether two disaggregations' categories make the same cells: the same
 * categories' and options' codes in the same order (names may differ). */
static bool same_shape(const json_t *a, const json_t *b)
{
	if (json_array_size(a) != json_array_size(b))
		return false;
	size_t i, k;
	json_t *ca;
	json_array_foreach(a, i, ca) {
		const json_t *cb = json_array_get(b, i);
		const json_t *oa = json_object_get(ca, "options"), *ob = json_object_get(cb, "options");
		if (!json_equal(json_object_get(ca, "code"), json_object_get(cb, "code")) || json_array_size(oa) != json_array_size(ob))
			return false;
		json_t *o;
		json_array_foreach(oa, k, o)
			if (!json_equal(json_object_get(o, "code"), json_object_get(json_array_get(ob, k), "code")))
				return false;
	}
	return true;
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
		bool changed = had && !same_shape(had, json_object_get(d, "categories"));
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

/* The return's State and period need their totals made again (value_totals). */
static enum db_status mark_stale(struct db *db, const struct db_return_key *key)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_STALE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, key->dataset_id);
	sqlite3_bind_text(st, 2, key->period, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, key->state_lgd);
	return sq_exec_stmt(db, st, "mark_stale");
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
		if (s == DB_OK)
			s = mark_stale(db, key);
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
	if (s == DB_OK)
		s = mark_stale(db, key);
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

/* The SQL expression of a pivot's dimension over data_values (v) or over
 * the States' totals (t): fixed fragments chosen by an enum, never text
 * from a request. */
static const char *dim_sql(enum db_pivot_dim d, bool totals)
{
	switch (d) {
	case PIVOT_STATE: return totals ? "t.state_lgd" : "d.state_lgd";
	case PIVOT_DISTRICT: return "v.district_lgd";
	case PIVOT_PERIOD: return totals ? "t.period" : "v.period";
	case PIVOT_COMBO: return "c.combo";
	case PIVOT_YEAR: return totals ? "substr(t.period, 1, 4)" : "substr(v.period, 1, 4)";
	default: return "''";
	}
}

/* Makes again the totals of the data set's (0: every data set's) stale
 * States and periods, one
 * State and period at a time (each a small sort in memory, where one
 * statement for all would sort every value of the data set). */
#define TOTALS_BATCH 200               /* States and periods a transaction makes again */

static enum db_status refresh_totals(struct db *db, int64_t dataset)
{
	if (db->ops->in_transaction(db))
		return DB_OK;           /* a read inside a write: the totals wait for the next reader */
	sqlite3 *h = ((struct sqlite_db *)db)->h;
	static const char *const sql[] = {
		"SELECT dataset_id, period, state_lgd FROM value_totals_stale WHERE ?1 = 0 OR dataset_id = ?1 LIMIT ?2",
		"DELETE FROM value_totals WHERE dataset_id = ?1 AND period = ?2 AND state_lgd = ?3",
		"INSERT INTO value_totals (dataset_id, cell_id, period, state_lgd, status, total, n)"
		" SELECT ?1, v.cell_id, ?2, ?3, r.status, sum(v.value), count(*) FROM returns r CROSS JOIN data_values v"
		" ON v.dataset_id = r.dataset_id AND v.district_lgd = r.district_lgd AND v.period = r.period"
		" WHERE r.dataset_id = ?1 AND r.period = ?2 AND r.state_lgd = ?3 AND v.value IS NOT NULL"
		" GROUP BY v.cell_id, r.status",
		"DELETE FROM value_totals_stale WHERE dataset_id = ?1 AND period = ?2 AND state_lgd = ?3",
	};
	sqlite3_stmt *q[4] = { NULL };
	enum db_status s = DB_OK;
	for (int i = 0; i < 4; i++)
		if (sqlite3_prepare_v2(h, sql[i], -1, &q[i], NULL) != SQLITE_OK) {
			s = sq_fail(db, "refresh_totals prepare");
			goto out;
		}
	/* in batches, each its own transaction: a national bulk load's totals
	 * never hold the write lock for long at once */
	for (int n = TOTALS_BATCH; s == DB_OK && n == TOTALS_BATCH;) {
		sqlite3_bind_int64(q[0], 1, dataset);
		sqlite3_bind_int(q[0], 2, TOTALS_BATCH);
		if (sqlite3_step(q[0]) != SQLITE_ROW) {
			sqlite3_reset(q[0]);
			break;          /* none stale (or an error, which the next reader meets) */
		}
		sqlite3_reset(q[0]);
		if ((s = db->ops->begin_write(db)) != DB_OK)
			break;
		int rc;
		n = 0;
		while (s == DB_OK && (rc = sqlite3_step(q[0])) == SQLITE_ROW) {
			n++;
			for (int i = 1; i <= 3 && s == DB_OK; i++) {
				for (int k = 0; k < 3; k++)
					sqlite3_bind_value(q[i], k + 1, sqlite3_column_value(q[0], k));
				if (sqlite3_step(q[i]) != SQLITE_DONE)
					s = sq_fail(db, "refresh_totals group");
				sqlite3_reset(q[i]);
			}
		}
		if (s == DB_OK && rc != SQLITE_DONE)
			s = sq_fail(db, "refresh_totals stale");
		sqlite3_reset(q[0]);
		if (s == DB_OK)
			s = db->ops->commit(db);
		else
			db->ops->rollback(db);
	}
out:
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(q[i]);
	return s;
}

/* A pivot by State, period, year or combination reads the States' totals
 * (made again first where stale); one by district, or of one district,
 * reads the districts' values, through the primary key. */
static enum db_status pivot(struct db *db, const struct db_pivot *q, json_t **out)
{
	bool totals = q->rows != PIVOT_DISTRICT && q->cols != PIVOT_DISTRICT && q->district_lgd == 0;
	char sql[1536];
	/* totals that cannot be made again now (an import holds the write
	 * lock) are not used: the values are summed instead, more slowly */
	if (totals && refresh_totals(db, q->dataset_id) != DB_OK) {
		log_info("pivot: the totals are being written elsewhere; summing the values instead");
		totals = false;
	}
	if (totals) {
		snprintf(sql, sizeof sql,
			 "SELECT %s, %s, sum(t.total) FROM indicators i CROSS JOIN indicator_cells c CROSS JOIN value_totals t"
			 " WHERE c.indicator_id = i.id AND t.dataset_id = ?1 AND t.cell_id = c.id AND i.code = ?2 AND (?3 IS NULL OR c.combo = ?3) AND t.period >= ?4 AND t.period <= ?5"
			 " AND (?6 = 0 OR t.state_lgd = ?6) AND ?7 = 0 AND t.status IN (SELECT value FROM json_each(?8))"
			 " GROUP BY 1, 2",
			 dim_sql(q->rows, true), dim_sql(q->cols, true));
	} else {
		snprintf(sql, sizeof sql,
			 /* "+r.period": an expression, so that SQLite does not carry r's
			  * period range over to v and search v by range instead of by key */
			 "SELECT %s, %s, sum(v.value) FROM returns r JOIN districts d ON d.lgd = r.district_lgd"
			 " CROSS JOIN data_values v JOIN indicator_cells c ON c.id = v.cell_id JOIN indicators i ON i.id = c.indicator_id"
			 " WHERE r.dataset_id = ?1 AND r.period >= ?4 AND r.period <= ?5 AND (?6 = 0 OR r.state_lgd = ?6)"
			 " AND (?7 = 0 OR r.district_lgd = ?7) AND r.status IN (SELECT value FROM json_each(?8))"
			 " AND v.dataset_id = r.dataset_id AND v.district_lgd = r.district_lgd AND v.period = +r.period"
			 " AND v.value IS NOT NULL AND i.code = ?2 AND (?3 IS NULL OR c.combo = ?3) GROUP BY 1, 2",
			 dim_sql(q->rows, false), dim_sql(q->cols, false));
	}
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

static enum db_status values_export(struct db *db, const struct db_values_query *q, db_value_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = sq_stmt(db, q->template ? ST_RET_TEMPLATE : ST_RET_EXPORT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, q->dataset_id);
	sqlite3_bind_text(st, 2, q->from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, q->to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, q->state_lgd);
	sqlite3_bind_int(st, 5, q->district_lgd);
	sq_bind_text_or_null(st, 6, q->cells_json);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_value_row row = {
			.period = (const char *)sqlite3_column_text(st, 0),
			.state_lgd = sqlite3_column_int(st, 1),
			.district_lgd = sqlite3_column_int(st, 2),
			.cell_id = sqlite3_column_int64(st, 3),
			.blank = sqlite3_column_type(st, 4) == SQLITE_NULL,
			.value = sqlite3_column_int64(st, 4),
			.comment = (const char *)sqlite3_column_text(st, 5),
			.status = (const char *)sqlite3_column_text(st, 6),
		};
		stop = fn(ctx, &row);
	}
	sqlite3_reset(st);
	if (stop)
		return DB_CONFLICT;
	return rc == SQLITE_DONE ? DB_OK : sq_fail(db, "values_export");
}

/* ---- values in bulk ---- */

/* bulk_values(?1): a table-valued function over the C array of an
 * import's values (?1 bound with sqlite3_bind_pointer), so that two
 * statements save a whole chunk without copying it into a table first. */
struct bulk_array {
	const struct db_bulk_value *v;
	size_t n;
};
struct bulk_cursor {
	sqlite3_vtab_cursor base;
	const struct bulk_array *a;
	size_t i;
};
enum { BV_DATASET, BV_DISTRICT, BV_PERIOD, BV_CELL, BV_VALUE, BV_COMMENT, BV_FRESH, BV_SRC };

static int bv_connect(sqlite3 *h, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err)
{
	(void)aux, (void)argc, (void)argv, (void)err;
	int rc = sqlite3_declare_vtab(h, "CREATE TABLE x (dataset_id INTEGER, district_lgd INTEGER, period TEXT,"
				      " cell_id INTEGER, value INTEGER, comment TEXT, fresh INTEGER, src HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab_config(h, SQLITE_VTAB_DIRECTONLY);
	*out = sqlite3_malloc(sizeof **out);
	if (!*out)
		return SQLITE_NOMEM;
	memset(*out, 0, sizeof **out);
	return SQLITE_OK;
}

static int bv_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

/* Only with src given: bulk_values(?1). */
static int bv_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	(void)t;
	for (int i = 0; i < info->nConstraint; i++)
		if (info->aConstraint[i].iColumn == BV_SRC && info->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ &&
		    info->aConstraint[i].usable) {
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->estimatedCost = 10;
			info->estimatedRows = 100000;
			return SQLITE_OK;
		}
	return SQLITE_CONSTRAINT;
}

static int bv_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	(void)t;
	struct bulk_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int bv_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int bv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc, sqlite3_value **argv)
{
	(void)idx, (void)idxs;
	struct bulk_cursor *c = (struct bulk_cursor *)cur;
	c->a = argc ? sqlite3_value_pointer(argv[0], "ahtcell_bulk_values") : NULL;
	c->i = 0;
	return SQLITE_OK;
}

static int bv_next(sqlite3_vtab_cursor *cur)
{
	((struct bulk_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int bv_eof(sqlite3_vtab_cursor *cur)
{
	struct bulk_cursor *c = (struct bulk_cursor *)cur;
	return !c->a || c->i >= c->a->n;
}

static int bv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	struct bulk_cursor *c = (struct bulk_cursor *)cur;
	const struct db_bulk_value *v = &c->a->v[c->i];
	switch (col) {
	case BV_DATASET: sqlite3_result_int64(ctx, v->dataset_id); break;
	case BV_DISTRICT: sqlite3_result_int(ctx, v->district_lgd); break;
	case BV_PERIOD: sqlite3_result_text(ctx, v->period, -1, SQLITE_STATIC); break;
	case BV_CELL: sqlite3_result_int64(ctx, v->cell_id); break;
	case BV_VALUE: sqlite3_result_int64(ctx, v->value); break;
	case BV_FRESH: sqlite3_result_int(ctx, v->fresh); break;
	case BV_COMMENT:
		if (v->comment)
			sqlite3_result_text(ctx, v->comment, -1, SQLITE_STATIC);
		else
			sqlite3_result_null(ctx);
		break;
	default: sqlite3_result_null(ctx);
	}
	return SQLITE_OK;
}

static int bv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct bulk_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module bulk_module = {
	.iVersion = 0,
	.xConnect = bv_connect,
	.xBestIndex = bv_best_index,
	.xDisconnect = bv_disconnect,
	.xOpen = bv_open,
	.xClose = bv_close,
	.xFilter = bv_filter,
	.xNext = bv_next,
	.xEof = bv_eof,
	.xColumn = bv_column,
	.xRowid = bv_rowid,
};

int sqlite_register_bulk(sqlite3 *h)
{
	return sqlite3_create_module_v2(h, "bulk_values", &bulk_module, NULL, NULL);
}

static enum db_status return_open(struct db *db, const struct db_return_key *k, int64_t now, char status[16],
				  bool *created)
{
	sqlite3_stmt *st = sq_stmt(db, ST_RET_OPEN);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, k->dataset_id);
	sqlite3_bind_text(st, 2, k->period, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, k->district_lgd);
	sqlite3_bind_int(st, 4, k->state_lgd);
	sqlite3_bind_int64(st, 5, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(status, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		*created = sqlite3_column_int(st, 1) != 0;
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : sq_fail(db, "return_open");
}

/* Runs sql over the array a (bound as ?1), with the time ?2 and the user ?3. */
static enum db_status bulk_exec(struct db *db, const char *sql, const struct bulk_array *a, int64_t now, int64_t user)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(((struct sqlite_db *)db)->h, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(db, "values_bulk prepare");
	sqlite3_bind_pointer(st, 1, (void *)a, "ahtcell_bulk_values", NULL);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, user);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DB_OK : sq_fail(db, "values_bulk");
}

/* Saves a chunk of values: the history first (the values before are still
 * there), then the values, with the connection's triggers off — the
 * history trigger would run a program and keep a statement journal for
 * every row; then, for each return whose values changed, its version and
 * its State's stale totals (a comment alone changes neither).  In the
 * caller's transaction. */
static enum db_status values_bulk(struct db *db, const struct db_bulk_value *v, size_t n, int64_t now, int64_t user)
{
	sqlite3 *h = ((struct sqlite_db *)db)->h;
	struct bulk_array a = { v, n };
	/* ?1 the values, ?2 the time, ?3 the user */
	static const char *const sql[] = {
		/* the values of returns made by this save have no value before them: no lookup */
		"INSERT INTO value_history (dataset_id, district_lgd, period, cell_id, old_value, new_value, at, by_user)"
		" SELECT dataset_id, district_lgd, period, cell_id, NULL, value, ?2, ?3 FROM bulk_values(?1) WHERE fresh",
		"INSERT INTO value_history (dataset_id, district_lgd, period, cell_id, old_value, new_value, at, by_user)"
		" SELECT b.dataset_id, b.district_lgd, b.period, b.cell_id, v.value, b.value, ?2, ?3"
		" FROM bulk_values(?1) b LEFT JOIN data_values v ON v.dataset_id = b.dataset_id"
		" AND v.district_lgd = b.district_lgd AND v.period = b.period AND v.cell_id = b.cell_id"
		" WHERE NOT b.fresh AND v.value IS NOT b.value",
		"INSERT INTO data_values (dataset_id, district_lgd, period, cell_id, value, comment, updated_at, updated_by)"
		" SELECT dataset_id, district_lgd, period, cell_id, value, comment, ?2, ?3 FROM bulk_values(?1) WHERE true"
		" ON CONFLICT (dataset_id, district_lgd, period, cell_id) DO UPDATE SET value = excluded.value,"
		" comment = coalesce(excluded.comment, comment), updated_at = excluded.updated_at,"
		" updated_by = excluded.updated_by"
		" WHERE value IS NOT excluded.value OR (excluded.comment IS NOT NULL AND comment IS NOT excluded.comment)",
	};
	int off = 0, on = 1;
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off);
	enum db_status s = DB_OK;
	for (size_t i = 0; s == DB_OK && i < sizeof sql / sizeof sql[0]; i++)
		s = bulk_exec(db, sql[i], &a, now, user);
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, &on);
	/* each return once (the values come grouped by return) */
	for (size_t i = 0; s == DB_OK && i < n; i++) {
		if (i && v[i].dataset_id == v[i - 1].dataset_id && v[i].district_lgd == v[i - 1].district_lgd &&
		    strcmp(v[i].period, v[i - 1].period) == 0)
			continue;
		sqlite3_stmt *st = sq_stmt(db, ST_RET_TOUCH_KEY);
		if (!st)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, v[i].dataset_id);
		sqlite3_bind_text(st, 2, v[i].period, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, v[i].district_lgd);
		sqlite3_bind_int64(st, 4, now);
		sqlite3_bind_int64(st, 5, user);
		s = sq_exec_stmt(db, st, "values_bulk touch");
		/* a return whose values this save changed (it wrote their history)
		 * moves on a version, and its State's totals are stale */
		struct db_return_key key = { v[i].dataset_id, v[i].period, v[i].district_lgd, v[i].state_lgd };
		if (s == DB_OK && sqlite3_changes(h) > 0)
			s = mark_stale(db, &key);
	}
	return s;
}

/* ---- imports ---- */

static enum db_status import_create(struct db *db, int64_t user, const struct scope *sc, const char *file_name,
				    uint64_t size, const char *sha256, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_text(st, 2, file_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)size);
	sqlite3_bind_text(st, 4, sha256, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int(st, 6, sc->level >= SCOPE_STATE ? sc->state_lgd : 0);
	sqlite3_bind_int(st, 7, sc->level == SCOPE_DISTRICT ? sc->district_lgd : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : sq_fail(db, "import_create");
}

static enum db_status import_next(struct db *db, int64_t now, struct db_import_job *job)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_NEXT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		job->id = sqlite3_column_int64(st, 0);
		job->user_id = sqlite3_column_int64(st, 1);
		snprintf(job->file_name, sizeof job->file_name, "%s", (const char *)sqlite3_column_text(st, 2));
		job->attempts = sqlite3_column_int(st, 3);
		job->state_lgd = sqlite3_column_int(st, 4);
		job->district_lgd = sqlite3_column_int(st, 5);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_OK : sq_fail(db, "import_next");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "import_next");
}

static enum db_status import_finish(struct db *db, int64_t id, const char *status, const char *report, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_FINISH);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
	sq_bind_text_or_null(st, 3, report);
	sqlite3_bind_int64(st, 4, now);
	return sq_exec_stmt(db, st, "import_finish");
}

static json_t *import_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:s, s:I}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			 "file_name", (const char *)sqlite3_column_text(st, 1), "size", (json_int_t)sqlite3_column_int64(st, 2),
			 "status", (const char *)sqlite3_column_text(st, 3), "report", col_json(st, 4),
			 "created_at", col_time(st, 5), "started_at", col_time(st, 6), "finished_at", col_time(st, 7),
			 "by", sqlite3_column_text(st, 8) ? (const char *)sqlite3_column_text(st, 8) : "",
			 "queued_before", (json_int_t)sqlite3_column_int64(st, 9));
}

static enum db_status import_get(struct db *db, const struct scope *sc, int64_t id, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, sc->level >= SCOPE_STATE ? sc->state_lgd : 0);
	sqlite3_bind_int(st, 3, sc->level == SCOPE_DISTRICT ? sc->district_lgd : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = import_row(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && !*out)
		return DB_ERROR;        /* text jansson would not take */
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "import_get");
}

static enum db_status imports_list(struct db *db, const struct scope *sc, json_t **out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_LIST);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int(st, 1, sc->level >= SCOPE_STATE ? sc->state_lgd : 0);
	sqlite3_bind_int(st, 2, sc->level == SCOPE_DISTRICT ? sc->district_lgd : 0);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = import_row(st);
		if (row)
			json_array_append_new(items, row);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sq_fail(db, "imports_list");
	}
	*out = items;
	return DB_OK;
}

static enum db_status imports_recover(struct db *db)
{
	sqlite3_stmt *st = sq_stmt(db, ST_IMP_RECOVER);
	return st ? sq_exec_stmt(db, st, "imports_recover") : DB_ERROR;
}

void sqlite_fill_returns_ops(struct db_ops *ops)
{
	ops->values_bulk = values_bulk;
	ops->totals_refresh = refresh_totals;
	ops->return_open = return_open;
	ops->import_create = import_create;
	ops->import_next = import_next;
	ops->import_finish = import_finish;
	ops->import_get = import_get;
	ops->imports_list = imports_list;
	ops->imports_recover = imports_recover;
	ops->values_export = values_export;
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
