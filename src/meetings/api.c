/* The meetings module's HTTP handlers.  Who may call is the route table's;
 * which meetings, assignments and reports a caller reaches is the storage
 * layer's (auth_scope: a State reaches the meetings it is invited to and
 * its own parts of them); the action point's state machine is rules.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "meetings/meetings.h"
#include "returns/returns.h"
#include "registers/registers.h"
#include "util/util.h"

#define AGENDA_ITEMS_MAX 50
#define AGENDA_ITEM_MAX 500
#define STATES_MAX 64
#define EXPORT_ROWS_MAX 10000

/* ---- fields, described as the registers describe theirs ---- */

static const char *const kind_values[] = { "nodal_officers", "steering_committee", "training_planning", "other", NULL };
static const char *const kind_labels[] = { "Meeting of State/UT nodal officers", "Project steering committee",
					   "Training planning", "Other", NULL };
static const char *const status_values[] = { "scheduled", "held", "cancelled", NULL };
static const char *const status_labels[] = { "Scheduled", "Held", "Cancelled", NULL };

static const struct reg_field meeting_fields[] = {
	{ "title", "Title", RF_TEXT, RF_REQUIRED, MEETING_TITLE_MAX, 0, NULL, NULL, NULL },
	{ "kind", "Kind", RF_ENUM, RF_REQUIRED, 0, 0, kind_values, kind_labels, NULL },
	{ "starts_at", "Starts", RF_DATETIME, RF_REQUIRED, 16, 0, NULL, NULL, NULL },
	{ "ends_at", "Ends", RF_DATETIME, 0, 16, 0, NULL, NULL, NULL },
	{ "venue", "Venue", RF_TEXT, 0, MEETING_TEXT_MAX, 0, NULL, NULL, NULL },
	{ "video_link", "Video link", RF_URL, 0, MEETING_LINK_MAX, 0, NULL, NULL, NULL },
	{ "chair", "Chair", RF_TEXT, 0, MEETING_TEXT_MAX, 0, NULL, NULL, NULL },
	{ "status", "Status", RF_ENUM, 0, 0, 0, status_values, status_labels, NULL },
};
static const struct reg_type meeting_type = {
	.name = "meetings", .label = "Meetings", .label_one = "meeting", .title = "Coordination meetings",
	.fields = meeting_fields, .nfields = sizeof meeting_fields / sizeof meeting_fields[0],
};

static const struct reg_field action_fields[] = {
	{ "text", "Action point", RF_LONGTEXT, RF_REQUIRED, ACTION_TEXT_MAX, 0, NULL, NULL, NULL },
	{ "due_on", "Due on", RF_DATE, RF_REQUIRED, 10, 0, NULL, NULL, NULL },
};
static const struct reg_type action_type = {
	.name = "action-points", .label = "Action points", .label_one = "action point", .title = "Action points",
	.fields = action_fields, .nfields = sizeof action_fields / sizeof action_fields[0],
};

static const struct reg_field report_fields[] = {
	{ "text", "Action taken", RF_LONGTEXT, RF_REQUIRED, REPORT_TEXT_MAX, 0, NULL, NULL, NULL },
	{ "reported_on", "Action taken on", RF_DATE, 0, 10, 0, NULL, NULL, NULL },
};
static const struct reg_type report_type = {
	.name = "action-reports", .label = "Action-taken reports", .label_one = "report", .title = "Reports",
	.fields = report_fields, .nfields = sizeof report_fields / sizeof report_fields[0],
};

/* body's members named in keep (NULL-terminated), validated as t's fields
 * (over base for a change); NULL with a reply set. */
static json_t *validated(struct request *r, const struct reg_type *t, const json_t *base,
			 const char *const *skip)
{
	if (!json_is_object(r->body)) {
		reply_error(r, 400, "request.invalid", "The body must be a JSON object.");
		return NULL;
	}
	json_t *in = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v) {
		bool skipped = false;
		for (size_t i = 0; skip && skip[i] && !skipped; i++)
			skipped = strcmp(skip[i], key) == 0;
		if (!skipped)
			json_object_set(in, key, v);
	}
	struct reg_error err;
	json_t *out = reg_validate(t, in, base, &err);
	json_decref(in);
	if (!out) {
		if (err.field[0])
			reply_invalid(r, err.field, "%s", err.message);
		else
			reply_error(r, 400, "request.invalid", "%s", err.message);
	}
	return out;
}

static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The agenda from the body: an array of at most AGENDA_ITEMS_MAX texts,
 * each trimmed, non-empty, at most AGENDA_ITEM_MAX bytes; as JSON text
 * (malloc'd) in *out, or NULL when absent.  False with a reply set. */
static bool body_agenda(struct request *r, char **out)
{
	*out = NULL;
	json_t *a = json_object_get(r->body, "agenda");
	if (!a || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > AGENDA_ITEMS_MAX) {
		reply_invalid(r, "agenda", "The agenda must be a list of at most %d items.", AGENDA_ITEMS_MAX);
		return false;
	}
	static const struct reg_field item_field[] = {
		{ "item", "An agenda item", RF_TEXT, RF_REQUIRED, AGENDA_ITEM_MAX, 0, NULL, NULL, NULL },
	};
	static const struct reg_type item_type = { .name = "agenda", .label_one = "agenda item",
						   .fields = item_field, .nfields = 1 };
	json_t *clean = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		json_t *in = json_pack("{s:O}", "item", v);
		struct reg_error err;
		json_t *ok = reg_validate(&item_type, in, NULL, &err);
		json_decref(in);
		if (!ok) {
			json_decref(clean);
			reply_invalid(r, "agenda", "Agenda item %zu: %s", i + 1, err.message);
			return false;
		}
		json_array_append(clean, json_object_get(ok, "item"));
		json_decref(ok);
	}
	*out = json_dumps(clean, JSON_COMPACT);
	json_decref(clean);
	return *out != NULL;
}

/* States named by the body's member key: an array of LGD codes, "all" (the
 * 36 States/UTs) or, with invited (a meeting's invitees), "invited".
 * Fills states (STATES_MAX) and *n; false with a reply set. */
static bool body_states(struct request *r, const char *key, const json_t *invited, int *states, int *n,
			bool required)
{
	*n = 0;
	json_t *v = json_object_get(r->body, key);
	if (!v || json_is_null(v)) {
		if (required)
			reply_invalid(r, key, "Name the States/UTs: a list of LGD codes, \"all\"%s.",
				      invited ? " or \"invited\"" : "");
		return !required;
	}
	json_t *list = NULL;
	if (json_is_string(v) && strcmp(json_string_value(v), "all") == 0) {
		json_t *all = r->db->ops->states_list(r->db);
		json_t *items = json_is_array(all) ? all : json_object_get(all, "items");
		list = json_array();
		size_t i;
		json_t *s;
		json_array_foreach(items, i, s)
			json_array_append(list, json_object_get(s, "lgd"));
		json_decref(all);
	} else if (json_is_string(v) && invited && strcmp(json_string_value(v), "invited") == 0) {
		list = json_array();
		size_t i;
		json_t *s;
		json_array_foreach(invited, i, s)
			json_array_append(list, json_object_get(s, "state_lgd"));
	} else if (json_is_array(v)) {
		list = json_incref(v);
	} else {
		reply_invalid(r, key, "Name the States/UTs: a list of LGD codes, \"all\"%s.",
			      invited ? " or \"invited\"" : "");
		return false;
	}
	size_t i;
	json_t *s;
	bool ok = json_array_size(list) > 0 && json_array_size(list) <= STATES_MAX;
	if (!ok)
		reply_invalid(r, key, "Name at least one State/UT.");
	json_array_foreach(list, i, s) {
		if (!ok)
			break;
		json_int_t lgd = json_is_integer(s) ? json_integer_value(s) : 0;
		if (lgd <= 0 || lgd > 999999 || !r->db->ops->state_exists(r->db, (int)lgd)) {
			reply_invalid(r, key, "Item %zu is not a State's or UT's LGD code.", i + 1);
			ok = false;
			break;
		}
		bool dup = false;
		for (int k = 0; k < *n && !dup; k++)
			dup = states[k] == (int)lgd;
		if (!dup)
			states[(*n)++] = (int)lgd;
	}
	json_decref(list);
	return ok;
}

static void audit_ok(struct request *r, const char *action, const char *type, int64_t id, json_t *detail)
{
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (audit_record(r, action, type, sid, "ok", detail) != 0)
		reply_db_error(r);
}

typedef enum db_status (*get_fn)(struct db *db, const struct scope *s, int64_t id, json_t **out);

/* The id of the path's {id}, and what get reads of it within the caller's
 * scope (*out, new reference); false with a reply set (404 out of scope). */
static bool object_of_path(struct request *r, get_fn get, int64_t *id, json_t **out)
{
	if (!request_param_id(r, 0, id))
		return false;
	struct scope s = auth_scope(&r->caller);
	enum db_status st = get(r->db, &s, *id, out);
	if (st == DB_NOTFOUND)
		reply_not_found(r);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

static bool meeting_of_path(struct request *r, int64_t *id, json_t **out)
{
	return object_of_path(r, r->db->ops->meeting_get, id, out);
}

static void add_kind_label(json_t *m)
{
	const char *kind = str_of(m, "kind");
	for (int i = 0; meetings_kind_name(i); i++)
		if (strcmp(meetings_kind_name(i), kind) == 0)
			json_object_set_new(m, "kind_label", json_string(meetings_kind_label(i)));
}

/* Answers with the meeting as the caller now sees it (status 200 or 201),
 * after auditing the change (detail stolen); a reply set either way. */
static void reply_meeting(struct request *r, int64_t id, int status, const char *action, json_t *detail)
{
	struct scope s = auth_scope(&r->caller);
	json_t *o = NULL;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (r->db->ops->meeting_get(r->db, &s, id, &o) != DB_OK ||
	    audit_record(r, action, "meeting", sid, "ok", detail) != 0) {
		if (!o)
			json_decref(detail);
		json_decref(o);
		reply_db_error(r);
		return;
	}
	add_kind_label(o);
	reply_json(r, status, o);
}

/* ---- meetings ---- */

void meetings_list(struct request *r)
{
	struct db_meeting_filter f = { .desc = true };
	f.q = request_query(r, "q");
	f.kind = request_query(r, "kind");
	if (f.q && strlen(f.q) > 200) {
		reply_invalid(r, "q", "The search text is too long (at most 200 bytes).");
		return;
	}
	if (f.kind && !meetings_kind_valid(f.kind)) {
		reply_invalid(r, "kind", "kind must be nodal_officers, steering_committee, training_planning or other.");
		return;
	}
	f.from = request_query(r, "from");
	f.to = request_query(r, "to");
	if ((f.from && !util_date_valid(f.from)) || (f.to && !util_date_valid(f.to))) {
		reply_invalid(r, f.from && !util_date_valid(f.from) ? "from" : "to", "Dates are written YYYY-MM-DD.");
		return;
	}
	const char *v = request_query(r, "state");
	long long n;
	if (v) {
		if (!util_parse_int(v, 1, 999999, &n)) {
			reply_invalid(r, "state", "state must be a State's LGD code.");
			return;
		}
		f.state_lgd = (int)n;
	}
	v = request_query(r, "sort");
	if (v && strcmp(v, "starts_at") != 0 && strcmp(v, "-starts_at") != 0) {
		reply_invalid(r, "sort", "sort must be starts_at or -starts_at.");
		return;
	}
	f.desc = !v || v[0] == '-';
	const char *format = request_query(r, "format");
	bool exporting = format && strcmp(format, "json") != 0;
	if (exporting && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	if (exporting) {
		f.limit = EXPORT_ROWS_MAX;
	} else if (!request_paging(r, &f.limit, &f.offset)) {
		return;
	}
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	int64_t total = 0;
	if (r->db->ops->meeting_list(r->db, &s, &f, &items, &total) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (exporting && total > EXPORT_ROWS_MAX) {
		json_decref(items);
		reply_error(r, 413, "export.too_big", "This list has %lld rows; an export holds at most %d. Filter it first.",
			    (long long)total, EXPORT_ROWS_MAX);
		return;
	}
	size_t i;
	json_t *m;
	json_array_foreach(items, i, m)
		add_kind_label(m);
	if (!exporting) {
		reply_list(r, items, total, f.limit, f.offset);
		return;
	}
	static const char *const keys[] = { "starts_at", "title", "kind_label", "venue", "chair", "status", "invited",
					    "action_points", "open_assignments" };
	static const char *const labels[] = { "Date and time", "Title", "Kind", "Venue", "Chair", "Status",
					      "States invited", "Action points", "Open for States" };
	struct reg_table t = { "Coordination meetings", keys, labels, sizeof keys / sizeof keys[0], items };
	registers_reply_export(r, "meetings", format, &t);
	json_decref(items);
}

void meetings_create(struct request *r)
{
	static const char *const skip[] = { "agenda", "invited", NULL };
	json_t *data = validated(r, &meeting_type, NULL, skip);
	if (!data)
		return;
	char *agenda = NULL;
	int states[STATES_MAX], n = 0;
	if (!body_agenda(r, &agenda) || !body_states(r, "invited", NULL, states, &n, false))
		goto out;
	struct db_meeting m = { .agenda = agenda, .at = util_now_ms(), .by = r->caller.user_id };
	snprintf(m.title, sizeof m.title, "%s", str_of(data, "title"));
	snprintf(m.kind, sizeof m.kind, "%s", str_of(data, "kind"));
	snprintf(m.starts_at, sizeof m.starts_at, "%s", str_of(data, "starts_at"));
	snprintf(m.ends_at, sizeof m.ends_at, "%s", str_of(data, "ends_at"));
	snprintf(m.venue, sizeof m.venue, "%s", str_of(data, "venue"));
	snprintf(m.video_link, sizeof m.video_link, "%s", str_of(data, "video_link"));
	snprintf(m.chair, sizeof m.chair, "%s", str_of(data, "chair"));
	snprintf(m.status, sizeof m.status, "%s", *str_of(data, "status") ? str_of(data, "status") : "scheduled");
	if (m.ends_at[0] && strcmp(m.ends_at, m.starts_at) < 0) {
		reply_invalid(r, "ends_at", "The meeting cannot end before it starts (%s).", m.starts_at);
		goto out;
	}
	if (r->db->ops->meeting_insert(r->db, &m) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	for (int i = 0; i < n; i++)
		if (r->db->ops->meeting_invite(r->db, m.id, states[i]) != DB_OK) {
			reply_db_error(r);
			goto out;
		}
	reply_meeting(r, m.id, 201, "meeting.create", json_pack("{s:i}", "invited", n));
out:
	free(agenda);
	json_decref(data);
}

void meetings_show(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *aps = NULL;
	if (r->db->ops->action_points_of_meeting(r->db, &s, id, &aps) != DB_OK) {
		json_decref(m);
		reply_db_error(r);
		return;
	}
	/* its minutes in the library, as the reader may see them */
	struct db_doc_access a = {
		.restricted = !r->caller.must_change_password,
		.withdrawn = r->caller.role == ROLE_CELL || r->caller.role == ROLE_ADMIN,
	};
	json_t *minutes = r->db->ops->meeting_minutes(r->db, &a, id);
	add_kind_label(m);
	json_object_set_new(m, "action_point_list", aps);
	json_object_set_new(m, "minutes", minutes ? minutes : json_array());
	reply_json(r, 200, m);
}

void meetings_update(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	static const char *const skip[] = { "agenda", "invited", "version", NULL };
	json_t *data = validated(r, &meeting_type, m, skip);
	char *agenda = NULL;
	int states[STATES_MAX], n = 0;
	if (!data || !body_agenda(r, &agenda) || !body_states(r, "invited", NULL, states, &n, false))
		goto out;
	json_t *v = json_object_get(r->body, "version");
	int version = (int)json_integer_value(json_object_get(m, "version"));
	if (v && !json_is_integer(v)) {
		reply_invalid(r, "version", "version must be the meeting's version number, as it was read.");
		goto out;
	}
	if (v && json_integer_value(v) != version) {
		reply_error(r, 409, "record.changed",
			    "Someone changed this meeting since you opened it (now version %d); reload it and apply your change again.",
			    version);
		goto out;
	}
	char *old_agenda = json_dumps(json_object_get(m, "agenda"), JSON_COMPACT);
	struct db_meeting u = { .id = id, .version = version, .agenda = agenda ? agenda : old_agenda,
				.at = util_now_ms(), .by = r->caller.user_id };
	snprintf(u.title, sizeof u.title, "%s", str_of(data, "title"));
	snprintf(u.kind, sizeof u.kind, "%s", str_of(data, "kind"));
	snprintf(u.starts_at, sizeof u.starts_at, "%s", str_of(data, "starts_at"));
	snprintf(u.ends_at, sizeof u.ends_at, "%s", str_of(data, "ends_at"));
	snprintf(u.venue, sizeof u.venue, "%s", str_of(data, "venue"));
	snprintf(u.video_link, sizeof u.video_link, "%s", str_of(data, "video_link"));
	snprintf(u.chair, sizeof u.chair, "%s", str_of(data, "chair"));
	snprintf(u.status, sizeof u.status, "%s", *str_of(data, "status") ? str_of(data, "status") : "scheduled");
	enum db_status st = u.ends_at[0] && strcmp(u.ends_at, u.starts_at) < 0 ? DB_NOTFOUND
			    : r->db->ops->meeting_update(r->db, &u);
	free(old_agenda);
	if (st == DB_NOTFOUND) {
		reply_invalid(r, "ends_at", "The meeting cannot end before it starts (%s).", u.starts_at);
		goto out;
	}
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "record.changed", "Someone changed this meeting a moment ago; reload it.");
		goto out;
	}
	for (int i = 0; st == DB_OK && i < n; i++)
		st = r->db->ops->meeting_invite(r->db, id, states[i]);
	if (st != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	reply_meeting(r, id, 200, "meeting.update", json_pack("{s:i}", "invited_added", n));
out:
	free(agenda);
	json_decref(data);
	json_decref(m);
}

/* A State confirms whom it sends. */
void meetings_confirm(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	json_decref(m);
	static const struct reg_field fields[] = {
		{ "attendee", "Attendee", RF_TEXT, RF_REQUIRED, 200, 0, NULL, NULL, "Name of the officer who will attend." },
		{ "attendee_designation", "Designation", RF_TEXT, 0, 200, 0, NULL, NULL, NULL },
	};
	static const struct reg_type t = { .name = "confirm", .label_one = "confirmation", .fields = fields, .nfields = 2 };
	json_t *data = validated(r, &t, NULL, NULL);
	if (!data)
		return;
	enum db_status st = r->db->ops->meeting_confirm(r->db, id, r->caller.scope.state_lgd, str_of(data, "attendee"),
							str_of(data, "attendee_designation"), util_now_ms(),
							r->caller.user_id);
	json_decref(data);
	if (st == DB_NOTFOUND) {
		reply_not_found(r);
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	reply_meeting(r, id, 200, "meeting.confirm", json_pack("{s:i}", "state_lgd", r->caller.scope.state_lgd));
}

/* The Cell records who came: {"attendance":[{"state_lgd","attendance","represented_by"}]}. */
void meetings_attendance(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	json_decref(m);
	json_t *list = json_object_get(r->body, "attendance");
	if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > STATES_MAX) {
		reply_invalid(r, "attendance", "attendance must be a list of {state_lgd, attendance, represented_by}.");
		return;
	}
	static const char *const attendance_values[] = { "present", "absent", "represented", NULL };
	static const struct reg_field fields[] = {
		{ "state_lgd", "State/UT", RF_INT, RF_REQUIRED, 999999, 1, NULL, NULL, NULL },
		{ "attendance", "Attendance", RF_ENUM, RF_REQUIRED, 0, 0, attendance_values, attendance_values, NULL },
		{ "represented_by", "Represented by", RF_TEXT, 0, 200, 0, NULL, NULL, NULL },
	};
	static const struct reg_type t = { .name = "attendance", .label_one = "attendance", .fields = fields,
					   .nfields = sizeof fields / sizeof fields[0] };
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		struct reg_error err;
		json_t *item = reg_validate(&t, a, NULL, &err);
		if (!item) {
			reply_invalid(r, "attendance", "Item %zu: %s", i + 1, err.message);
			return;
		}
		json_int_t lgd = json_integer_value(json_object_get(item, "state_lgd"));
		const char *att = str_of(item, "attendance");
		const char *rep = json_string_value(json_object_get(item, "represented_by"));
		if (rep && strcmp(att, "represented") != 0) {
			json_decref(item);
			reply_invalid(r, "attendance", "Item %zu: represented_by is for a State that was represented.", i + 1);
			return;
		}
		enum db_status st = r->db->ops->meeting_attendance(r->db, id, (int)lgd, att, rep);
		json_decref(item);
		if (st == DB_NOTFOUND) {
			reply_invalid(r, "attendance", "Item %zu: that State/UT was not invited.", i + 1);
			return;
		}
		if (st != DB_OK) {
			reply_db_error(r);
			return;
		}
	}
	reply_meeting(r, id, 200, "meeting.attendance", json_pack("{s:i}", "states", (int)json_array_size(list)));
}

void meetings_action_points(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	json_decref(m);
	struct scope s = auth_scope(&r->caller);
	json_t *aps = NULL;
	if (r->db->ops->action_points_of_meeting(r->db, &s, id, &aps) != DB_OK) {
		reply_db_error(r);
		return;
	}
	reply_list(r, aps, (int64_t)json_array_size(aps), (int)json_array_size(aps), 0);
}

void meetings_add_action_point(struct request *r)
{
	int64_t id;
	json_t *m;
	if (!meeting_of_path(r, &id, &m))
		return;
	static const char *const skip[] = { "states", NULL };
	json_t *data = validated(r, &action_type, NULL, skip);
	int states[STATES_MAX], n = 0;
	if (!data || !body_states(r, "states", json_object_get(m, "invitees"), states, &n, true))
		goto out;
	int64_t ap;
	if (r->db->ops->action_point_insert(r->db, id, str_of(data, "text"), str_of(data, "due_on"), states, n,
					    util_now_ms(), r->caller.user_id, &ap) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	json_t *o = NULL;
	if (r->db->ops->action_point_get(r->db, &all, ap, &o) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	reply_json(r, 201, o);
	audit_ok(r, "action_point.create", "action_point", ap, json_pack("{s:I, s:i}", "meeting_id", (json_int_t)id,
									 "states", n));
out:
	json_decref(data);
	json_decref(m);
}

/* ---- the follow-up ---- */

static void followup_export(struct request *r, const char *format, json_t *items)
{
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row) {
		char ref[64];
		snprintf(ref, sizeof ref, "%s #%d", str_of(row, "meeting_date"),
			 (int)json_integer_value(json_object_get(row, "number")));
		json_object_set_new(row, "ref", json_string(ref));
		json_t *rep = json_object_get(row, "last_report");
		json_object_set_new(row, "report", json_string(json_is_object(rep)
				    ? (*str_of(rep, "decision") ? str_of(rep, "decision") : "awaiting decision") : ""));
	}
	static const char *const keys[] = { "state", "meeting_title", "ref", "text", "due_on", "status", "days_overdue",
					    "report" };
	static const char *const labels[] = { "State/UT", "Meeting", "Date, item", "Action point", "Due on", "Status",
					      "Days overdue", "Last report" };
	struct reg_table t = { "Follow-up of action points", keys, labels, sizeof keys / sizeof keys[0], items };
	registers_reply_export(r, "action-points", format, &t);
}

void actions_followup(struct request *r)
{
	struct db_followup_filter f = { 0 };
	const char *v;
	long long n;
	if ((v = request_query(r, "state"))) {
		if (!util_parse_int(v, 1, 999999, &n)) {
			reply_invalid(r, "state", "state must be a State's LGD code.");
			return;
		}
		f.state_lgd = (int)n;
	}
	if ((v = request_query(r, "meeting"))) {
		if (!util_parse_int(v, 1, INT64_MAX, &n)) {
			reply_invalid(r, "meeting", "meeting must be a meeting's id.");
			return;
		}
		f.meeting_id = n;
	}
	f.status = request_query(r, "status");
	if (f.status && strcmp(f.status, "pending") != 0 && meetings_ap_status_parse(f.status) < 0) {
		reply_invalid(r, "status", "status must be open, reported, returned, closed or pending (not closed).");
		return;
	}
	char today[11], soon[11];
	meetings_day(0, today);
	if ((v = request_query(r, "overdue"))) {
		if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
			reply_invalid(r, "overdue", "overdue must be 1 or 0.");
			return;
		}
		if (v[0] == '1') {
			f.due_before = today;
			if (!f.status)
				f.status = "pending";
		}
	}
	if ((v = request_query(r, "due_within"))) {
		if (!util_parse_int(v, 0, 366, &n)) {
			reply_invalid(r, "due_within", "due_within must be a number of days, 0 to 366.");
			return;
		}
		meetings_day((int)n + 1, soon);
		f.due_from = today;
		f.due_before = soon;
		if (!f.status)
			f.status = "pending";
	}
	f.sort = request_query(r, "sort");
	if (f.sort && strcmp(f.sort, "due") != 0 && strcmp(f.sort, "-due") != 0 && strcmp(f.sort, "state") != 0 &&
	    strcmp(f.sort, "meeting") != 0) {
		reply_invalid(r, "sort", "sort must be due, -due, state or meeting.");
		return;
	}
	const char *format = request_query(r, "format");
	bool exporting = format && strcmp(format, "json") != 0;
	if (exporting && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	if (exporting) {
		f.limit = EXPORT_ROWS_MAX + 1;
	} else if (!request_paging(r, &f.limit, &f.offset)) {
		return;
	}
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	int64_t total = 0;
	if (r->db->ops->followup_list(r->db, &s, &f, today, &items, &total) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (!exporting) {
		reply_list(r, items, total, f.limit, f.offset);
		return;
	}
	if (total > EXPORT_ROWS_MAX) {
		json_decref(items);
		reply_error(r, 413, "export.too_big", "This list has %lld rows; an export holds at most %d. Filter it first.",
			    (long long)total, EXPORT_ROWS_MAX);
		return;
	}
	followup_export(r, format, items);
	json_decref(items);
}

/* Adds to each report of action point o the files attached to it (as the
 * caller may see them). */
static void add_report_attachments(struct request *r, json_t *o)
{
	struct scope s = auth_scope(&r->caller);
	size_t i;
	json_t *rep;
	json_array_foreach(json_object_get(o, "reports"), i, rep) {
		json_t *files = r->db->ops->attachments_of(r->db, &s, "action_report",
							   json_integer_value(json_object_get(rep, "id")));
		json_object_set_new(rep, "attachments", files ? files : json_array());
	}
}

static bool action_point_of_path(struct request *r, int64_t *id, json_t **out)
{
	if (!object_of_path(r, r->db->ops->action_point_get, id, out))
		return false;
	add_report_attachments(r, *out);
	return true;
}

void actions_show(struct request *r)
{
	int64_t id;
	json_t *o;
	if (action_point_of_path(r, &id, &o))
		reply_json(r, 200, o);
}

/* Moves the assignment by ev; false with a 409 reply when the state
 * machine refuses. */
static bool assignment_move(struct request *r, int64_t ap, int state, enum ap_event ev, enum ap_status *next)
{
	struct db_assignment as;
	enum db_status st = r->db->ops->assignment_get(r->db, ap, state, &as);
	if (st != DB_OK) {
		if (st == DB_NOTFOUND)
			reply_not_found(r);
		else
			reply_db_error(r);
		return false;
	}
	const char *code, *message;
	int to = meetings_ap_next((enum ap_status)meetings_ap_status_parse(as.status), ev, &code, &message);
	if (to < 0) {
		reply_error(r, 409, code, "%s", message);
		return false;
	}
	char today[11];
	meetings_day(0, today);
	st = r->db->ops->assignment_set(r->db, ap, state, meetings_ap_status_name((enum ap_status)to), util_now_ms(),
					to == AP_CLOSED ? today : NULL);
	if (st != DB_OK) {
		reply_db_error(r);
		return false;
	}
	*next = (enum ap_status)to;
	return true;
}

void actions_file_report(struct request *r)
{
	int64_t id;
	json_t *ap;
	if (!action_point_of_path(r, &id, &ap))
		return;
	json_decref(ap);
	json_t *data = validated(r, &report_type, NULL, NULL);
	if (!data)
		return;
	char today[11];
	meetings_day(0, today);
	const char *on = *str_of(data, "reported_on") ? str_of(data, "reported_on") : today;
	if (strcmp(on, today) > 0) {
		json_decref(data);
		reply_invalid(r, "reported_on", "The action cannot have been taken after today (%s).", today);
		return;
	}
	int state = r->caller.scope.state_lgd;
	enum ap_status next;
	if (!assignment_move(r, id, state, AP_FILE_REPORT, &next)) {
		json_decref(data);
		return;
	}
	struct db_action_report rep = { .action_point_id = id, .state_lgd = state, .text = str_of(data, "text"),
					.submitted_at = util_now_ms(), .submitted_by = r->caller.user_id };
	snprintf(rep.reported_on, sizeof rep.reported_on, "%s", on);
	if (r->db->ops->report_insert(r->db, &rep) != DB_OK) {
		json_decref(data);
		reply_db_error(r);
		return;
	}
	json_decref(data);
	struct scope s = auth_scope(&r->caller);
	json_t *o = NULL;
	if (r->db->ops->action_point_get(r->db, &s, id, &o) != DB_OK) {
		reply_db_error(r);
		return;
	}
	add_report_attachments(r, o);
	json_object_set_new(o, "report_id", json_integer(rep.id));
	reply_json(r, 201, o);
	audit_ok(r, "action_report.submit", "action_report", rep.id,
		 json_pack("{s:I, s:i}", "action_point_id", (json_int_t)id, "state_lgd", state));
}

/* Accept or return the report the path names. */
static void decide(struct request *r, enum ap_event ev)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return;
	struct scope s = auth_scope(&r->caller);
	struct db_action_report rep;
	enum db_status st = r->db->ops->report_get(r->db, &s, id, &rep);
	if (st != DB_OK) {
		if (st == DB_NOTFOUND)
			reply_not_found(r);
		else
			reply_db_error(r);
		return;
	}
	bool bad = false;
	const char *comment = body_string(r, "comment", COMMENT_MAX, ev == AP_RETURN, &bad);
	if (bad)
		return;
	int64_t latest = 0;
	if (rep.decision[0] || r->db->ops->report_latest(r->db, rep.action_point_id, rep.state_lgd, &latest) != DB_OK ||
	    latest != rep.id) {
		reply_error(r, 409, "report.decided", rep.decision[0]
			    ? "This report was already %s." : "A later report of this State replaces this one%s.",
			    rep.decision[0] ? rep.decision : "");
		return;
	}
	enum ap_status next;
	if (!assignment_move(r, rep.action_point_id, rep.state_lgd, ev, &next))
		return;
	const char *decision = ev == AP_ACCEPT ? "accepted" : "returned";
	if (r->db->ops->report_decide(r->db, id, decision, comment, util_now_ms(), r->caller.user_id) != DB_OK) {
		reply_db_error(r);
		return;
	}
	json_t *o = NULL;
	if (r->db->ops->action_point_get(r->db, &s, rep.action_point_id, &o) != DB_OK) {
		reply_db_error(r);
		return;
	}
	add_report_attachments(r, o);
	reply_json(r, 200, o);
	audit_ok(r, ev == AP_ACCEPT ? "action_report.accept" : "action_report.return", "action_report", id,
		 json_pack("{s:I, s:i}", "action_point_id", (json_int_t)rep.action_point_id, "state_lgd", rep.state_lgd));
}

void actions_accept_report(struct request *r)
{
	decide(r, AP_ACCEPT);
}

void actions_return_report(struct request *r)
{
	decide(r, AP_RETURN);
}

/* ---- the digest ---- */

static void digest_lines(struct buf *b, const char *heading, json_t *items)
{
	buf_printf(b, "\n%s (%zu)\n", heading, json_array_size(items));
	if (!json_array_size(items))
		buf_printf(b, "  None.\n");
	size_t i;
	json_t *x;
	json_array_foreach(items, i, x) {
		int late = (int)json_integer_value(json_object_get(x, "days_overdue"));
		char when[48] = "";
		if (late)
			snprintf(when, sizeof when, ", overdue by %d day%s", late, late == 1 ? "" : "s");
		buf_printf(b, "  %zu. %s\n     Due %s%s. Meeting: %s (%s), item %d. Status: %s.\n", i + 1,
			   str_of(x, "text"), str_of(x, "due_on"), when, str_of(x, "meeting_title"),
			   str_of(x, "meeting_date"), (int)json_integer_value(json_object_get(x, "number")),
			   str_of(x, "status"));
	}
}

json_t *meetings_digest(struct db *db, const struct scope *s, int state)
{
	char today[11], soon[11];
	meetings_day(0, today);
	meetings_day(15, soon);
	struct db_followup_filter over = { .state_lgd = state, .status = "pending", .due_before = today, .sort = "due",
					   .limit = 500 };
	struct db_followup_filter due = { .state_lgd = state, .status = "pending", .due_from = today,
					  .due_before = soon, .sort = "due", .limit = 500 };
	json_t *overdue = NULL, *upcoming = NULL;
	int64_t n_over = 0, n_due = 0;
	if (db->ops->followup_list(db, s, &over, today, &overdue, &n_over) != DB_OK ||
	    db->ops->followup_list(db, s, &due, today, &upcoming, &n_due) != DB_OK) {
		json_decref(overdue);
		return NULL;
	}
	json_t *states = db->ops->states_list(db);
	const char *name = NULL;
	size_t i;
	json_t *st;
	json_array_foreach(json_is_array(states) ? states : json_object_get(states, "items"), i, st)
		if (json_integer_value(json_object_get(st, "lgd")) == state)
			name = json_string_value(json_object_get(st, "name"));
	json_t *o = json_pack("{s:i, s:s, s:s, s:I, s:I, s:o, s:o}", "state_lgd", state, "state", name ? name : "",
			      "as_on", today, "overdue_total", (json_int_t)n_over, "due_soon_total", (json_int_t)n_due,
			      "overdue", overdue, "due_soon", upcoming);
	json_decref(states);
	/* and the periodic returns its districts have not submitted */
	json_t *returns = returns_digest(db, state);
	if (!returns) {
		json_decref(o);
		return NULL;
	}
	json_object_update(o, returns);
	json_decref(returns);
	return o;
}

char *meetings_digest_text(const json_t *d, const char *title_prefix)
{
	struct buf b;
	buf_init(&b, 4u * 1024 * 1024);
	const char *state = str_of(d, "state"), *today = str_of(d, "as_on");
	buf_printf(&b, "%s%s: %lld overdue, %lld due in 14 days (%s)", title_prefix, state,
		   (long long)json_integer_value(json_object_get(d, "overdue_total")),
		   (long long)json_integer_value(json_object_get(d, "due_soon_total")), today);
	buf_printf(&b, "\n\nAction points of the coordination meetings assigned to %s, as on %s.\n", state, today);
	digest_lines(&b, "Overdue", json_object_get(d, "overdue"));
	digest_lines(&b, "Due in the next 14 days", json_object_get(d, "due_soon"));
	buf_printf(&b, "\nFile action-taken reports in AHT Cell under Follow-up. An action point is closed "
		       "when the Cell accepts its report.\n");
	static const char *const parts[] = { "returns_overdue", "returns_due_soon" };
	static const char *const heads[] = { "Periodic returns overdue", "Periodic returns due in the next 14 days" };
	for (int p = 0; p < 2; p++) {
		json_t *items = json_object_get(d, parts[p]);
		buf_printf(&b, "\n%s (%zu)\n", heads[p], json_array_size(items));
		if (!json_array_size(items))
			buf_printf(&b, "  None.\n");
		size_t i, k;
		json_t *x, *n;
		json_array_foreach(items, i, x) {
			int late = (int)json_integer_value(json_object_get(x, "days_overdue"));
			char when[48] = "";
			if (late)
				snprintf(when, sizeof when, " (%d day%s late)", late, late == 1 ? "" : "s");
			buf_printf(&b, "  %zu. %s, %s: due %s%s; %lld of %lld districts have not submitted:\n     ", i + 1,
				   str_of(x, "dataset_name"), str_of(x, "period_label"), str_of(x, "due"), when,
				   (long long)json_integer_value(json_object_get(x, "missing")),
				   (long long)json_integer_value(json_object_get(x, "expected")));
			json_array_foreach(json_object_get(x, "districts"), k, n)
				buf_printf(&b, "%s%s", k ? ", " : "", json_string_value(n));
			buf_printf(&b, ".\n");
		}
	}
	return b.data;
}

/* What a State has due in the next 14 days and what is overdue: a page
 * (JSON) and, with format=text, the body of an e-mail for a mail server. */
void actions_digest(struct request *r)
{
	int state = r->caller.scope.level >= SCOPE_STATE ? r->caller.scope.state_lgd : 0;
	const char *v = request_query(r, "state");
	long long n;
	if (v) {
		if (!util_parse_int(v, 1, 999999, &n) || !r->db->ops->state_exists(r->db, (int)n)) {
			reply_invalid(r, "state", "state must be a State's LGD code.");
			return;
		}
		if (state && n != state) {
			reply_error(r, 403, "scope.state", "You can only see your own State's digest.");
			return;
		}
		state = (int)n;
	}
	if (!state) {
		reply_invalid(r, "state", "Name the State: ?state=LGD.");
		return;
	}
	struct scope s = auth_scope(&r->caller);
	json_t *d = meetings_digest(r->db, &s, state);
	if (!d) {
		reply_db_error(r);
		return;
	}
	const char *format = request_query(r, "format");
	if (format && strcmp(format, "text") == 0) {
		char *text = meetings_digest_text(d, "Subject: Action points of ");
		json_decref(d);
		if (!text) {
			reply_db_error(r);
			return;
		}
		reply_text(r, text, "text/plain; charset=utf-8", "no-store");
		return;
	}
	reply_json(r, 200, d);
}
