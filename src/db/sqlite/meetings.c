/* SQLite: coordination meetings, action points, their assignments to the
 * States and the action-taken reports (migration 0006).  Reads answer in
 * the API's JSON shapes, built here from bound queries; a State or district
 * caller reaches only the meetings its State is invited to and only its
 * own State's assignments and reports. */
#include "db/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* ?101 level, ?102 State. */
#define MTG_SCOPE \
	"(?101 = 1 OR (?101 IN (2, 3) AND EXISTS (SELECT 1 FROM meeting_invitees s" \
	" WHERE s.meeting_id = m.id AND s.state_lgd = ?102)))"
#define ROW_SCOPE(col) "(?101 = 1 OR (?101 IN (2, 3) AND " col " = ?102))"
#define MTG_COLS \
	"m.id, m.title, m.kind, m.starts_at, m.ends_at, m.venue, m.video_link, m.chair, m.agenda, m.status," \
	" m.version, m.created_at, m.updated_at," \
	" (SELECT count(*) FROM meeting_invitees i WHERE i.meeting_id = m.id AND " ROW_SCOPE("i.state_lgd") ")," \
	" (SELECT count(*) FROM action_points a WHERE a.meeting_id = m.id AND EXISTS (SELECT 1 FROM action_assignments y" \
	"   WHERE y.action_point_id = a.id AND " ROW_SCOPE("y.state_lgd") "))," \
	" (SELECT count(*) FROM action_assignments x JOIN action_points a ON a.id = x.action_point_id" \
	"   WHERE a.meeting_id = m.id AND x.status <> 'closed' AND " ROW_SCOPE("x.state_lgd") ")"
#define MTG_FILTER \
	" WHERE " MTG_SCOPE \
	" AND (?1 IS NULL OR m.title LIKE '%' || ?1 || '%' ESCAPE '\\')" \
	" AND (?2 IS NULL OR m.kind = ?2)" \
	" AND (?3 IS NULL OR m.starts_at >= ?3) AND (?4 IS NULL OR m.starts_at < ?4)" \
	" AND (?5 = 0 OR EXISTS (SELECT 1 FROM meeting_invitees i WHERE i.meeting_id = m.id AND i.state_lgd = ?5" \
	"  AND " ROW_SCOPE("i.state_lgd") "))"
/* The follow-up list's filter, on the assignments alone (the list picks
 * its page of keys first and reads the 50 rows' details after).  Two
 * forms: any status (?3 NULL or 'closed'), and the one the Cell lives in —
 * not closed (?3 'pending', or open/reported/returned) — written so that
 * SQLite walks the partial index of pending assignments in due order and
 * stops at the page's end.  ?4/?5 the due range, always bound. */
#define FU_WHERE \
	" WHERE " ROW_SCOPE("x.state_lgd") \
	" AND (?1 = 0 OR x.state_lgd = ?1)" \
	" AND (?2 = 0 OR x.action_point_id IN (SELECT id FROM action_points WHERE meeting_id = ?2))" \
	" AND x.due_on < ?4 AND x.due_on >= ?5"
#define FU_FILTER FU_WHERE " AND (?3 IS NULL OR x.status = ?3)"
#define FU_FILTER_PENDING FU_WHERE " AND x.status <> 'closed' AND (?3 = 'pending' OR x.status = ?3)"
#define FU_ORDER \
	" ORDER BY CASE ?6 WHEN '-due' THEN x.due_on END DESC," \
	"  CASE ?6 WHEN 'state' THEN (SELECT name FROM states WHERE lgd = x.state_lgd) END ASC," \
	"  CASE ?6 WHEN 'meeting' THEN x.action_point_id END DESC," \
	"  x.due_on, x.state_lgd, x.action_point_id" \
	" LIMIT ?7 OFFSET ?8"

const char *const sqlite_meetings_sql[ST_ADV_FIRST - ST_MTG_FIRST] = {
#define S(id) [id - ST_MTG_FIRST]
	S(ST_MTG_INSERT) =
	"INSERT INTO meetings (title, kind, starts_at, ends_at, venue, video_link, chair, agenda, status,"
	" version, created_at, created_by, updated_at, updated_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?10, ?11)",
	S(ST_MTG_UPDATE) =
	"UPDATE meetings SET title = ?2, kind = ?3, starts_at = ?4, ends_at = ?5, venue = ?6, video_link = ?7,"
	" chair = ?8, agenda = ?9, status = ?10, version = version + 1, updated_at = ?11, updated_by = ?12"
	" WHERE id = ?1 AND version = ?13",
	S(ST_MTG_GET) = "SELECT " MTG_COLS " FROM meetings m WHERE m.id = ?1 AND " MTG_SCOPE,
	S(ST_MTG_INVITEES) =
	"SELECT i.state_lgd, st.name, i.attendee, i.attendee_designation, i.confirmed_at, i.attendance,"
	" i.represented_by FROM meeting_invitees i JOIN states st ON st.lgd = i.state_lgd"
	" WHERE i.meeting_id = ?1 AND " ROW_SCOPE("i.state_lgd") " ORDER BY st.name",
	S(ST_MTG_COUNT) = "SELECT count(*) FROM meetings m" MTG_FILTER,
	S(ST_MTG_LIST) =
	"SELECT " MTG_COLS " FROM meetings m" MTG_FILTER
	" ORDER BY CASE WHEN ?6 THEN m.starts_at END DESC, CASE WHEN NOT ?6 THEN m.starts_at END ASC, m.id"
	" LIMIT ?7 OFFSET ?8",
	S(ST_MTG_INVITE) =
	"INSERT INTO meeting_invitees (meeting_id, state_lgd) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	S(ST_MTG_CONFIRM) =
	"UPDATE meeting_invitees SET attendee = ?3, attendee_designation = ?4, confirmed_at = ?5, confirmed_by = ?6"
	" WHERE meeting_id = ?1 AND state_lgd = ?2",
	S(ST_MTG_ATTEND) =
	"UPDATE meeting_invitees SET attendance = ?3, represented_by = ?4 WHERE meeting_id = ?1 AND state_lgd = ?2",
	S(ST_MTG_EXISTS) = "SELECT 1 FROM meetings WHERE id = ?1",
	S(ST_AP_INSERT) =
	"INSERT INTO action_points (meeting_id, number, text, due_on, created_at, created_by)"
	" VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM action_points WHERE meeting_id = ?1), ?2, ?3, ?4, ?5)",
	S(ST_AS_INSERT) =
	"INSERT INTO action_assignments (action_point_id, state_lgd, due_on, status, status_at)"
	" VALUES (?1, ?2, ?3, 'open', ?4)",
	S(ST_AP_GET) =
	"SELECT a.id, a.meeting_id, m.title, m.starts_at, a.number, a.text, a.due_on, a.created_at"
	" FROM action_points a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = ?1"
	" AND EXISTS (SELECT 1 FROM action_assignments x WHERE x.action_point_id = a.id AND " ROW_SCOPE("x.state_lgd") ")",
	S(ST_AP_OF_MTG) =
	"SELECT a.id, a.meeting_id, m.title, m.starts_at, a.number, a.text, a.due_on, a.created_at"
	" FROM action_points a JOIN meetings m ON m.id = a.meeting_id WHERE a.meeting_id = ?1"
	" AND EXISTS (SELECT 1 FROM action_assignments x WHERE x.action_point_id = a.id AND " ROW_SCOPE("x.state_lgd") ")"
	" ORDER BY a.number",
	S(ST_AS_OF_AP) =
	"SELECT x.state_lgd, st.name, x.status, x.due_on, x.closed_on FROM action_assignments x"
	" JOIN states st ON st.lgd = x.state_lgd WHERE x.action_point_id = ?1 AND " ROW_SCOPE("x.state_lgd")
	" ORDER BY st.name",
	S(ST_REP_OF_AP) =
	"SELECT r.id, r.state_lgd, r.text, r.reported_on, r.submitted_at, coalesce(u.login, ''), r.decision,"
	" r.decided_at, coalesce(du.login, ''), r.comment FROM action_reports r"
	" LEFT JOIN users u ON u.id = r.submitted_by LEFT JOIN users du ON du.id = r.decided_by"
	" WHERE r.action_point_id = ?1 AND " ROW_SCOPE("r.state_lgd") " ORDER BY r.id",
	S(ST_AS_GET) =
	"SELECT x.status, x.due_on, a.meeting_id FROM action_assignments x JOIN action_points a ON a.id = x.action_point_id"
	" WHERE x.action_point_id = ?1 AND x.state_lgd = ?2",
	S(ST_AS_SET) =
	"UPDATE action_assignments SET status = ?3, status_at = ?4, closed_on = ?5 WHERE action_point_id = ?1 AND state_lgd = ?2",
	S(ST_REP_INSERT) =
	"INSERT INTO action_reports (action_point_id, state_lgd, text, reported_on, submitted_at, submitted_by)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	S(ST_REP_GET) =
	"SELECT r.id, r.action_point_id, r.state_lgd, r.reported_on, coalesce(r.decision, ''), r.submitted_at,"
	" r.submitted_by FROM action_reports r WHERE r.id = ?1 AND " ROW_SCOPE("r.state_lgd"),
	S(ST_REP_LATEST) = "SELECT max(id) FROM action_reports WHERE action_point_id = ?1 AND state_lgd = ?2",
	S(ST_REP_DECIDE) =
	"UPDATE action_reports SET decision = ?2, comment = ?3, decided_at = ?4, decided_by = ?5"
	" WHERE id = ?1 AND decision IS NULL",
	S(ST_FU_COUNT) = "SELECT count(*) FROM action_assignments x" FU_FILTER,
	S(ST_FU_COUNT_PENDING) = "SELECT count(*) FROM action_assignments x" FU_FILTER_PENDING,
	/* pending, whatever the meeting: from the counters the triggers keep */
	S(ST_FU_COUNT_PENDING_ALL) =
	"SELECT coalesce(sum(c.n), 0) FROM action_pending_counts c WHERE " ROW_SCOPE("c.state_lgd")
	" AND (?1 = 0 OR c.state_lgd = ?1) AND c.due_on < ?4 AND c.due_on >= ?5",
	S(ST_FU_KEYS) = "SELECT x.action_point_id, x.state_lgd FROM action_assignments x" FU_FILTER FU_ORDER,
	S(ST_FU_KEYS_PENDING) =
	"SELECT x.action_point_id, x.state_lgd FROM action_assignments x" FU_FILTER_PENDING FU_ORDER,
	/* the Cell's daily list: pending, soonest due first — the partial
	 * index's own order, so no sort at all */
	S(ST_FU_KEYS_PENDING_DUE) =
	"SELECT x.action_point_id, x.state_lgd FROM action_assignments x" FU_FILTER_PENDING
	" ORDER BY x.due_on, x.state_lgd, x.action_point_id LIMIT ?7 OFFSET ?8",
	/* pending by State/UT name: each State's count from the counters, in
	 * name order, then a page of one State's keys from its index */
	S(ST_FU_STATE_COUNTS) =
	"SELECT c.state_lgd, sum(c.n) FROM action_pending_counts c JOIN states st ON st.lgd = c.state_lgd"
	" WHERE " ROW_SCOPE("c.state_lgd") " AND (?1 = 0 OR c.state_lgd = ?1) AND c.due_on < ?4 AND c.due_on >= ?5"
	" GROUP BY c.state_lgd HAVING sum(c.n) > 0 ORDER BY st.name",
	S(ST_FU_KEYS_ONE_STATE) =
	"SELECT x.action_point_id, x.state_lgd FROM action_assignments x"
	" WHERE x.state_lgd = ?1 AND x.status <> 'closed' AND x.due_on < ?4 AND x.due_on >= ?5"
	" ORDER BY x.due_on, x.action_point_id LIMIT ?7 OFFSET ?8",
	S(ST_FU_ROW) =
	"SELECT x.action_point_id, a.meeting_id, m.title, substr(m.starts_at, 1, 10), a.number, a.text,"
	" x.state_lgd, st.name, x.due_on, x.status, x.closed_on,"
	" CAST(julianday(?3) - julianday(x.due_on) AS INTEGER), r.id, r.reported_on, r.decision"
	" FROM action_assignments x JOIN action_points a ON a.id = x.action_point_id"
	" JOIN meetings m ON m.id = a.meeting_id JOIN states st ON st.lgd = x.state_lgd"
	" LEFT JOIN action_reports r ON r.id = (SELECT max(q.id) FROM action_reports q"
	"  WHERE q.action_point_id = x.action_point_id AND q.state_lgd = x.state_lgd)"
	" WHERE x.action_point_id = ?1 AND x.state_lgd = ?2",
#undef S
};

static json_t *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t && *t ? json_string((const char *)t) : json_null();
}

static json_t *col_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	char t[32];
	util_iso8601(sqlite3_column_int64(st, i), t);
	return json_string(t);
}

/* ---- meetings ---- */

static void bind_meeting(sqlite3_stmt *st, const struct db_meeting *m, int first)
{
	sqlite3_bind_text(st, first, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 1, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 2, m->starts_at, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, first + 3, m->ends_at);
	sq_bind_text_or_null(st, first + 4, m->venue);
	sq_bind_text_or_null(st, first + 5, m->video_link);
	sq_bind_text_or_null(st, first + 6, m->chair);
	sqlite3_bind_text(st, first + 7, m->agenda ? m->agenda : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, first + 8, m->status[0] ? m->status : "scheduled", -1, SQLITE_STATIC);
}

static enum db_status meetings_insert(struct db *db, struct db_meeting *m)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_INSERT);
	if (!st)
		return DB_ERROR;
	bind_meeting(st, m, 1);
	sqlite3_bind_int64(st, 10, m->at);
	sqlite3_bind_int64(st, 11, m->by);
	enum db_status rc = sq_exec_stmt(db, st, "meetings_insert");
	if (rc == DB_OK) {
		m->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
		m->version = 1;
	}
	return rc;
}

static enum db_status meetings_update(struct db *db, struct db_meeting *m)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_UPDATE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, m->id);
	bind_meeting(st, m, 2);
	sqlite3_bind_int64(st, 11, m->at);
	sqlite3_bind_int64(st, 12, m->by);
	sqlite3_bind_int(st, 13, m->version);
	enum db_status rc = sq_exec_stmt(db, st, "meetings_update");
	if (rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_CONFLICT;
	if (rc == DB_OK)
		m->version++;
	return rc;
}

/* A row of MTG_COLS as the API shows a meeting in a list. */
static json_t *meeting_from_row(sqlite3_stmt *st)
{
	json_t *agenda = json_loads((const char *)sqlite3_column_text(st, 8), 0, NULL);
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:i, s:i, s:i}",
			      "id", (json_int_t)sqlite3_column_int64(st, 0), "title", col_str(st, 1),
			      "kind", col_str(st, 2), "starts_at", col_str(st, 3), "ends_at", col_str(st, 4),
			      "venue", col_str(st, 5), "video_link", col_str(st, 6), "chair", col_str(st, 7),
			      "agenda", agenda ? agenda : json_array(), "status", col_str(st, 9),
			      "version", sqlite3_column_int(st, 10), "created_at", col_time(st, 11),
			      "updated_at", col_time(st, 12), "invited", sqlite3_column_int(st, 13),
			      "action_points", sqlite3_column_int(st, 14), "open_assignments", sqlite3_column_int(st, 15));
	return o;
}

/* Reads row id of statement sid within scope s with from_row (new
 * reference in *out). */
static enum db_status one_row(struct db *db, enum stmt_id sid, const struct scope *s, int64_t id,
			      json_t *(*from_row)(sqlite3_stmt *st), json_t **out, const char *what)
{
	sqlite3_stmt *st = sq_stmt(db, sid);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = from_row(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, what);
}

static enum db_status meetings_get(struct db *db, const struct scope *s, int64_t id, json_t **out)
{
	json_t *m = NULL;
	enum db_status res = one_row(db, ST_MTG_GET, s, id, meeting_from_row, &m, "meetings_get");
	if (res != DB_OK)
		return res;
	int rc;
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_INVITEES);
	if (!st) {
		json_decref(m);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	json_t *inv = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(inv, json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o}",
						     "state_lgd", sqlite3_column_int(st, 0), "state", col_str(st, 1),
						     "attendee", col_str(st, 2), "attendee_designation", col_str(st, 3),
						     "confirmed_at", col_time(st, 4), "attendance", col_str(st, 5),
						     "represented_by", col_str(st, 6)));
	sqlite3_reset(st);
	json_object_set_new(m, "invitees", inv);
	if (rc != SQLITE_DONE) {
		json_decref(m);
		return sq_fail(db, "meetings_get invitees");
	}
	*out = m;
	return DB_OK;
}

static void bind_meeting_filter(sqlite3_stmt *st, const struct scope *s, const struct db_meeting_filter *f,
				const char *q)
{
	sq_bind_scope(st, s);
	sq_bind_text_or_null(st, 1, q);
	sq_bind_text_or_null(st, 2, f->kind);
	sq_bind_text_or_null(st, 3, f->from);
	sq_bind_text_or_null(st, 4, f->to);
	sqlite3_bind_int(st, 5, f->state_lgd);
}

/* q with LIKE's wildcards escaped; malloc'd (NULL for none). */
static char *like_text(const char *q)
{
	if (!q || !*q)
		return NULL;
	char *out = malloc(2 * strlen(q) + 1), *o = out;
	if (!out)
		return NULL;
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o = 0;
	return out;
}

static enum db_status meetings_list(struct db *db, const struct scope *s, const struct db_meeting_filter *f,
				    json_t **items, int64_t *total)
{
	char *q = like_text(f->q);
	enum db_status res = DB_ERROR;
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_COUNT);
	if (!st)
		goto out;
	bind_meeting_filter(st, s, f, q);
	if (sqlite3_step(st) != SQLITE_ROW) {
		res = sq_fail(db, "meetings_list count");
		goto out;
	}
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = sq_stmt(db, ST_MTG_LIST);
	if (!st)
		goto out;
	bind_meeting_filter(st, s, f, q);
	sqlite3_bind_int(st, 6, f->desc);
	sqlite3_bind_int(st, 7, f->limit);
	sqlite3_bind_int(st, 8, f->offset);
	json_t *arr = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, meeting_from_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		res = sq_fail(db, "meetings_list");
		goto out;
	}
	*items = arr;
	res = DB_OK;
out:
	free(q);
	return res;
}

static enum db_status meetings_invite(struct db *db, int64_t meeting_id, int state_lgd)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_INVITE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int(st, 2, state_lgd);
	return sq_exec_stmt(db, st, "meetings_invite");
}

static enum db_status changed_one(struct db *db, enum db_status rc)
{
	if (rc == DB_OK && sqlite3_changes(((struct sqlite_db *)db)->h) != 1)
		return DB_NOTFOUND;
	return rc;
}

static enum db_status meetings_confirm(struct db *db, int64_t meeting_id, int state_lgd, const char *attendee,
				       const char *designation, int64_t at, int64_t by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_CONFIRM);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sq_bind_text_or_null(st, 3, attendee);
	sq_bind_text_or_null(st, 4, designation);
	sqlite3_bind_int64(st, 5, at);
	sqlite3_bind_int64(st, 6, by);
	return changed_one(db, sq_exec_stmt(db, st, "meetings_confirm"));
}

static enum db_status meetings_attendance(struct db *db, int64_t meeting_id, int state_lgd, const char *attendance,
					  const char *represented_by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_ATTEND);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sq_bind_text_or_null(st, 3, attendance);
	sq_bind_text_or_null(st, 4, represented_by);
	return changed_one(db, sq_exec_stmt(db, st, "meetings_attendance"));
}

static bool meetings_exists(struct db *db, int64_t id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_MTG_EXISTS);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, id);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return yes;
}

/* ---- action points ---- */

static enum db_status action_points_insert(struct db *db, int64_t meeting_id, const char *text, const char *due_on,
					   const int *states, int nstates, int64_t at, int64_t by, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AP_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	sqlite3_bind_int64(st, 5, by);
	enum db_status rc = sq_exec_stmt(db, st, "action_points_insert");
	if (rc != DB_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	for (int i = 0; i < nstates && rc == DB_OK; i++) {
		st = sq_stmt(db, ST_AS_INSERT);
		if (!st)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, states[i]);
		sqlite3_bind_text(st, 3, due_on, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, at);
		rc = sq_exec_stmt(db, st, "action_points_insert assignment");
	}
	return rc;
}

/* The assignments (and, with reports, the reports) of action point id in
 * scope, into o. */
static enum db_status action_point_parts(struct db *db, const struct scope *s, int64_t id, json_t *o, bool reports)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AS_OF_AP);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	json_t *arr = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:i, s:o, s:o, s:o, s:o}", "state_lgd", sqlite3_column_int(st, 0),
						     "state", col_str(st, 1), "status", col_str(st, 2),
						     "due_on", col_str(st, 3), "closed_on", col_str(st, 4)));
	sqlite3_reset(st);
	json_object_set_new(o, "states", arr);
	if (rc != SQLITE_DONE)
		return sq_fail(db, "action point assignments");
	if (!reports)
		return DB_OK;
	st = sq_stmt(db, ST_REP_OF_AP);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	arr = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
						     "id", (json_int_t)sqlite3_column_int64(st, 0),
						     "state_lgd", sqlite3_column_int(st, 1), "text", col_str(st, 2),
						     "reported_on", col_str(st, 3), "submitted_at", col_time(st, 4),
						     "submitted_by", col_str(st, 5), "decision", col_str(st, 6),
						     "decided_at", col_time(st, 7), "decided_by", col_str(st, 8),
						     "comment", col_str(st, 9)));
	sqlite3_reset(st);
	json_object_set_new(o, "reports", arr);
	return rc == SQLITE_DONE ? DB_OK : sq_fail(db, "action point reports");
}

static json_t *action_point_from_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:i, s:o, s:o, s:o}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			 "meeting_id", (json_int_t)sqlite3_column_int64(st, 1), "meeting_title", col_str(st, 2),
			 "meeting_starts_at", col_str(st, 3), "number", sqlite3_column_int(st, 4),
			 "text", col_str(st, 5), "due_on", col_str(st, 6), "created_at", col_time(st, 7));
}

static enum db_status action_points_get(struct db *db, const struct scope *s, int64_t id, json_t **out)
{
	json_t *o = NULL;
	enum db_status res = one_row(db, ST_AP_GET, s, id, action_point_from_row, &o, "action_points_get");
	if (res != DB_OK)
		return res;
	res = action_point_parts(db, s, id, o, true);
	if (res != DB_OK) {
		json_decref(o);
		return res;
	}
	*out = o;
	return DB_OK;
}

static enum db_status action_points_of_meeting(struct db *db, const struct scope *s, int64_t meeting_id,
					       json_t **items)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AP_OF_MTG);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, meeting_id);
	sq_bind_scope(st, s);
	json_t *arr = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, action_point_from_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		return sq_fail(db, "action_points_of_meeting");
	}
	size_t i;
	json_t *ap;
	json_array_foreach(arr, i, ap) {
		enum db_status res = action_point_parts(db, s, json_integer_value(json_object_get(ap, "id")), ap, false);
		if (res != DB_OK) {
			json_decref(arr);
			return res;
		}
	}
	*items = arr;
	return DB_OK;
}

static enum db_status assignments_get(struct db *db, int64_t action_point_id, int state_lgd, struct db_assignment *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AS_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, action_point_id);
	sqlite3_bind_int(st, 2, state_lgd);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->action_point_id = action_point_id;
		out->state_lgd = state_lgd;
		sq_text(st, 0, out->status, sizeof out->status);
		sq_text(st, 1, out->due_on, sizeof out->due_on);
		out->meeting_id = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "assignments_get");
}

static enum db_status assignments_set(struct db *db, int64_t action_point_id, int state_lgd, const char *status,
				      int64_t at, const char *closed_on)
{
	sqlite3_stmt *st = sq_stmt(db, ST_AS_SET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, action_point_id);
	sqlite3_bind_int(st, 2, state_lgd);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	sq_bind_text_or_null(st, 5, closed_on);
	return changed_one(db, sq_exec_stmt(db, st, "assignments_set"));
}

static enum db_status reports_insert(struct db *db, struct db_action_report *rep)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REP_INSERT);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, rep->action_point_id);
	sqlite3_bind_int(st, 2, rep->state_lgd);
	sqlite3_bind_text(st, 3, rep->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rep->reported_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, rep->submitted_at);
	sqlite3_bind_int64(st, 6, rep->submitted_by);
	enum db_status rc = sq_exec_stmt(db, st, "reports_insert");
	if (rc == DB_OK)
		rep->id = sqlite3_last_insert_rowid(((struct sqlite_db *)db)->h);
	return rc;
}

static enum db_status reports_get(struct db *db, const struct scope *s, int64_t id, struct db_action_report *out)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REP_GET);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sq_bind_scope(st, s);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->action_point_id = sqlite3_column_int64(st, 1);
		out->state_lgd = sqlite3_column_int(st, 2);
		sq_text(st, 3, out->reported_on, sizeof out->reported_on);
		sq_text(st, 4, out->decision, sizeof out->decision);
		out->submitted_at = sqlite3_column_int64(st, 5);
		out->submitted_by = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : rc == SQLITE_DONE ? DB_NOTFOUND : sq_fail(db, "reports_get");
}

static enum db_status reports_latest(struct db *db, int64_t action_point_id, int state_lgd, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REP_LATEST);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, action_point_id);
	sqlite3_bind_int(st, 2, state_lgd);
	int rc = sqlite3_step(st);
	enum db_status res = rc != SQLITE_ROW ? sq_fail(db, "reports_latest")
			     : sqlite3_column_type(st, 0) == SQLITE_NULL ? DB_NOTFOUND : DB_OK;
	if (res == DB_OK)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return res;
}

static enum db_status reports_decide(struct db *db, int64_t id, const char *decision, const char *comment,
				     int64_t at, int64_t by)
{
	sqlite3_stmt *st = sq_stmt(db, ST_REP_DECIDE);
	if (!st)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, decision, -1, SQLITE_STATIC);
	sq_bind_text_or_null(st, 3, comment);
	sqlite3_bind_int64(st, 4, at);
	sqlite3_bind_int64(st, 5, by);
	return changed_one(db, sq_exec_stmt(db, st, "reports_decide"));
}

/* ---- the follow-up list ---- */

static void bind_followup(sqlite3_stmt *st, const struct scope *s, const struct db_followup_filter *f)
{
	sq_bind_scope(st, s);
	sqlite3_bind_int(st, 1, f->state_lgd);
	sqlite3_bind_int64(st, 2, f->meeting_id);
	sq_bind_text_or_null(st, 3, f->status);
	sqlite3_bind_text(st, 4, f->due_before ? f->due_before : "9999-12-31", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f->due_from ? f->due_from : "0000-00-00", -1, SQLITE_STATIC);
}

struct fu_key {
	int64_t ap;
	int state;
};

/* Steps st, appending its (action point, State) rows to keys (at most cap). */
static enum db_status keys_read(struct db *db, sqlite3_stmt *st, struct fu_key *keys, size_t cap, size_t *n)
{
	int rc;
	while (*n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		keys[*n].ap = sqlite3_column_int64(st, 0);
		keys[(*n)++].state = sqlite3_column_int(st, 1);
	}
	if (*n < cap && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return sq_fail(db, "followups_list keys");
	}
	sqlite3_reset(st);
	return DB_OK;
}

static enum db_status keys_page(struct db *db, const struct scope *s, const struct db_followup_filter *f,
				enum stmt_id sid, bool bind_sort, struct fu_key *keys, size_t cap, size_t *n)
{
	sqlite3_stmt *st = sq_stmt(db, sid);
	if (!st)
		return DB_ERROR;
	bind_followup(st, s, f);
	if (bind_sort)
		sqlite3_bind_text(st, 6, f->sort ? f->sort : "due", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, f->limit);
	sqlite3_bind_int(st, 8, f->offset);
	return keys_read(db, st, keys, cap, n);
}

/* Pending, by State/UT name: walks the States in name order with their
 * counts, skipping whole States before the page, then reads each State's
 * part of the page from its own index. */
static enum db_status keys_by_state(struct db *db, const struct scope *s, const struct db_followup_filter *f,
				    struct fu_key *keys, size_t cap, size_t *n)
{
	sqlite3_stmt *st = sq_stmt(db, ST_FU_STATE_COUNTS);
	if (!st)
		return DB_ERROR;
	bind_followup(st, s, f);
	struct { int lgd; int64_t count; } states[64];
	int ns = 0, rc;
	while (ns < 64 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		states[ns].lgd = sqlite3_column_int(st, 0);
		states[ns++].count = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	int64_t skip = f->offset;
	for (int i = 0; i < ns && *n < cap; i++) {
		if (skip >= states[i].count) {
			skip -= states[i].count;
			continue;
		}
		st = sq_stmt(db, ST_FU_KEYS_ONE_STATE);
		if (!st)
			return DB_ERROR;
		bind_followup(st, s, f);
		sqlite3_bind_int(st, 1, states[i].lgd);
		sqlite3_bind_int64(st, 7, (int64_t)(cap - *n));
		sqlite3_bind_int64(st, 8, skip);
		skip = 0;
		enum db_status res = keys_read(db, st, keys, cap, n);
		if (res != DB_OK)
			return res;
	}
	return DB_OK;
}

static enum db_status followups_list(struct db *db, const struct scope *s, const struct db_followup_filter *f,
				     const char *today, json_t **items, int64_t *total)
{
	bool pending = f->status && strcmp(f->status, "closed") != 0;
	bool counters = pending && strcmp(f->status, "pending") == 0 && !f->meeting_id;
	sqlite3_stmt *st = sq_stmt(db, counters ? ST_FU_COUNT_PENDING_ALL : pending ? ST_FU_COUNT_PENDING : ST_FU_COUNT);
	if (!st)
		return DB_ERROR;
	bind_followup(st, s, f);
	if (sqlite3_step(st) != SQLITE_ROW)
		return sq_fail(db, "followups_list count");
	*total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* the page's keys, then each row's details: the details (a join of four
	 * tables and the latest report) are read for 50 rows, not for every
	 * match before the sort */
	size_t cap = f->limit > 0 ? (size_t)f->limit : 1, n = 0;
	struct fu_key *keys = malloc(cap * sizeof *keys);
	if (!keys)
		return DB_ERROR;
	bool by_due = !f->sort || strcmp(f->sort, "due") == 0;
	enum db_status res = counters && f->sort && strcmp(f->sort, "state") == 0
			     ? keys_by_state(db, s, f, keys, cap, &n)
			     : keys_page(db, s, f, !pending ? ST_FU_KEYS : by_due ? ST_FU_KEYS_PENDING_DUE : ST_FU_KEYS_PENDING,
					 !(pending && by_due), keys, cap, &n);
	if (res != DB_OK) {
		free(keys);
		return res;
	}
	int rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		st = sq_stmt(db, ST_FU_ROW);
		if (!st) {
			free(keys);
			json_decref(arr);
			return DB_ERROR;
		}
		sqlite3_bind_int64(st, 1, keys[i].ap);
		sqlite3_bind_int(st, 2, keys[i].state);
		sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			free(keys);
			json_decref(arr);
			return sq_fail(db, "followups_list row");
		}
		const char *status = (const char *)sqlite3_column_text(st, 9);
		int late = sqlite3_column_int(st, 11);
		bool open = status && strcmp(status, "closed") != 0;
		json_t *report = sqlite3_column_type(st, 12) == SQLITE_NULL ? json_null()
				 : json_pack("{s:I, s:o, s:o}", "id", (json_int_t)sqlite3_column_int64(st, 12),
					     "reported_on", col_str(st, 13), "decision", col_str(st, 14));
		json_array_append_new(arr, json_pack("{s:I, s:I, s:o, s:o, s:i, s:o, s:i, s:o, s:o, s:o, s:o, s:i, s:o}",
			"action_point_id", (json_int_t)sqlite3_column_int64(st, 0),
			"meeting_id", (json_int_t)sqlite3_column_int64(st, 1), "meeting_title", col_str(st, 2),
			"meeting_date", col_str(st, 3), "number", sqlite3_column_int(st, 4), "text", col_str(st, 5),
			"state_lgd", sqlite3_column_int(st, 6), "state", col_str(st, 7), "due_on", col_str(st, 8),
			"status", col_str(st, 9), "closed_on", col_str(st, 10),
			"days_overdue", open && late > 0 ? late : 0, "last_report", report));
		sqlite3_reset(st);
	}
	free(keys);
	*items = arr;
	return DB_OK;
}

void sqlite_fill_meeting_ops(struct db_ops *ops)
{
	ops->meeting_insert = meetings_insert;
	ops->meeting_update = meetings_update;
	ops->meeting_get = meetings_get;
	ops->meeting_list = meetings_list;
	ops->meeting_invite = meetings_invite;
	ops->meeting_confirm = meetings_confirm;
	ops->meeting_attendance = meetings_attendance;
	ops->meeting_exists = meetings_exists;
	ops->action_point_insert = action_points_insert;
	ops->action_point_get = action_points_get;
	ops->action_points_of_meeting = action_points_of_meeting;
	ops->assignment_get = assignments_get;
	ops->assignment_set = assignments_set;
	ops->report_insert = reports_insert;
	ops->report_get = reports_get;
	ops->report_latest = reports_latest;
	ops->report_decide = reports_decide;
	ops->followup_list = followups_list;
}
