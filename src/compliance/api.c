/* The advisory compliance handlers.  Who may call is the route table's;
 * which States' reports a caller reaches is the storage layer's
 * (auth_scope); a State files only for itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "compliance/compliance.h"
#include "registers/registers.h"
#include "util/util.h"

#define ACTIONS_MAX 30
#define ACTION_MAX 500
#define REPORT_MAX 8000

static const char *const statuses[] = { "not_started", "in_progress", "complied", "not_applicable", NULL };
static const char *const status_labels[] = { "Not started", "In progress", "Complied", "Not applicable", NULL };

static const char *status_label(const char *s)
{
	for (size_t i = 0; s && statuses[i]; i++)
		if (strcmp(statuses[i], s) == 0)
			return status_labels[i];
	return "Not reported";
}

/* The States the caller reaches, as [{lgd,name}] (new reference). */
static json_t *states_in_scope(struct request *r, int only)
{
	json_t *all = r->db->ops->states_list(r->db);
	json_t *items = json_is_array(all) ? all : json_object_get(all, "items");
	json_t *out = json_array();
	int own = r->caller.scope.level >= SCOPE_STATE ? r->caller.scope.state_lgd : 0;
	size_t i;
	json_t *s;
	json_array_foreach(items, i, s) {
		int lgd = (int)json_integer_value(json_object_get(s, "lgd"));
		if ((own && lgd != own) || (only && lgd != only))
			continue;
		json_array_append_new(out, json_pack("{s:i, s:O}", "lgd", lgd, "name", json_object_get(s, "name")));
	}
	json_decref(all);
	return out;
}

/* The matrix as a table: a row per State, a column per advisory; each
 * cell "Complied (2026-03-01)". */
static void matrix_export(struct request *r, const char *format, json_t *m, json_t *states)
{
	json_t *advisories = json_object_get(m, "advisories"), *cells = json_object_get(m, "cells");
	size_t na = json_array_size(advisories), i, j;
	const char **keys = calloc(na + 1, sizeof *keys), **labels = calloc(na + 1, sizeof *labels);
	char (*names)[24] = calloc(na + 1, sizeof *names);
	json_t *rows = json_array();
	if (!keys || !labels || !names) {
		reply_db_error(r);
		goto out;
	}
	keys[0] = "state";
	labels[0] = "State/UT";
	json_t *a;
	json_array_foreach(advisories, i, a) {
		snprintf(names[i + 1], sizeof names[0], "a%lld", (long long)json_integer_value(json_object_get(a, "id")));
		keys[i + 1] = names[i + 1];
		labels[i + 1] = json_string_value(json_object_get(a, "title"));
	}
	json_t *s;
	json_array_foreach(states, i, s) {
		json_t *row = json_pack("{s:O}", "state", json_object_get(s, "name"));
		json_array_foreach(advisories, j, a) {
			json_t *c;
			size_t k;
			const char *text = "Not reported";
			char buf[64];
			json_array_foreach(cells, k, c)
				if (json_integer_value(json_object_get(c, "state_lgd")) == json_integer_value(json_object_get(s, "lgd")) &&
				    json_integer_value(json_object_get(c, "document_id")) == json_integer_value(json_object_get(a, "id"))) {
					snprintf(buf, sizeof buf, "%s (%s)", status_label(json_string_value(json_object_get(c, "status"))),
						 json_string_value(json_object_get(c, "reported_on")));
					text = buf;
				}
			json_object_set_new(row, keys[j + 1], json_string(text));
		}
		json_array_append_new(rows, row);
	}
	struct reg_table t = { "Compliance with the advisories of the Anti Trafficking Cell", keys, labels, na + 1, rows };
	registers_reply_export(r, "advisory-compliance", format, &t);
out:
	json_decref(rows);
	free(keys);
	free(labels);
	free(names);
}

void compliance_matrix(struct request *r)
{
	long long n = 0;
	const char *v = request_query(r, "state");
	if (v && (!util_parse_int(v, 1, 999999, &n) || !r->db->ops->state_exists(r->db, (int)n))) {
		reply_invalid(r, "state", "state must be a State's LGD code.");
		return;
	}
	const char *format = request_query(r, "format");
	if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	struct scope s = auth_scope(&r->caller);
	json_t *m = NULL;
	if (r->db->ops->compliance_matrix(r->db, &s, (int)n, &m) != DB_OK) {
		reply_db_error(r);
		return;
	}
	json_t *states = states_in_scope(r, (int)n);
	if (format && strcmp(format, "json") != 0) {
		matrix_export(r, format, m, states);
		json_decref(states);
		json_decref(m);
		return;
	}
	/* per advisory: how many States in each status */
	json_t *a;
	size_t i, k;
	json_array_foreach(json_object_get(m, "advisories"), i, a) {
		json_t *counts = json_pack("{s:i, s:i, s:i, s:i, s:i}", "not_started", 0, "in_progress", 0, "complied", 0,
					   "not_applicable", 0, "not_reported", (int)json_array_size(states));
		json_t *c;
		json_array_foreach(json_object_get(m, "cells"), k, c) {
			if (json_integer_value(json_object_get(c, "document_id")) != json_integer_value(json_object_get(a, "id")))
				continue;
			const char *st = json_string_value(json_object_get(c, "status"));
			json_object_set_new(counts, st, json_integer(json_integer_value(json_object_get(counts, st)) + 1));
			json_object_set_new(counts, "not_reported",
					    json_integer(json_integer_value(json_object_get(counts, "not_reported")) - 1));
		}
		json_object_set_new(a, "counts", counts);
	}
	json_object_set_new(m, "states", states);
	reply_json(r, 200, m);
}

/* The advisory of the path (*out, new reference); false with a reply. */
static bool advisory_of_path(struct request *r, int64_t *id, json_t **out)
{
	if (!request_param_id(r, 0, id))
		return false;
	struct scope s = auth_scope(&r->caller);
	enum db_status st = r->db->ops->compliance_of(r->db, &s, *id, out);
	if (st == DB_NOTFOUND)
		reply_not_found(r);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

void compliance_show(struct request *r)
{
	int64_t id;
	json_t *o;
	if (advisory_of_path(r, &id, &o))
		reply_json(r, 200, o);
}

void compliance_file(struct request *r)
{
	int64_t id;
	json_t *o;
	if (!advisory_of_path(r, &id, &o))
		return;
	json_decref(o);
	static const struct reg_field fields[] = {
		{ "status", "Status", RF_ENUM, RF_REQUIRED, 0, 0, statuses, status_labels, NULL },
		{ "report", "Report", RF_LONGTEXT, 0, REPORT_MAX, 0, NULL, NULL, NULL },
		{ "reported_on", "Reported on", RF_DATE, 0, 10, 0, NULL, NULL, NULL },
	};
	static const struct reg_type t = { .name = "compliance", .label_one = "compliance report", .fields = fields,
					   .nfields = sizeof fields / sizeof fields[0] };
	if (!json_is_object(r->body)) {
		reply_error(r, 400, "request.invalid", "The body must be a JSON object.");
		return;
	}
	struct reg_error err;
	json_t *data = reg_validate(&t, r->body, NULL, &err);
	if (!data) {
		reply_invalid(r, err.field[0] ? err.field : "body", "%s", err.message);
		return;
	}
	char today[11];
	time_t now = time(NULL) + 19800;        /* the Cell's day, IST */
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	const char *on = json_string_value(json_object_get(data, "reported_on"));
	if (!on)
		on = today;
	if (strcmp(on, today) > 0) {
		json_decref(data);
		reply_invalid(r, "reported_on", "A report cannot be dated after today (%s).", today);
		return;
	}
	char status[24];        /* a copy: data goes before the audit */
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(data, "status")));
	if (!strcmp(status, "not_applicable") && !json_object_get(data, "report")) {
		json_decref(data);
		reply_invalid(r, "report", "Say why the advisory does not apply to the State.");
		return;
	}
	int64_t rid;
	int state = r->caller.scope.state_lgd;
	if (r->db->ops->compliance_report(r->db, id, state, status,
					  json_string_value(json_object_get(data, "report")), on, util_now_ms(),
					  r->caller.user_id, &rid) != DB_OK) {
		json_decref(data);
		reply_db_error(r);
		return;
	}
	json_decref(data);
	struct scope s = auth_scope(&r->caller);
	if (r->db->ops->compliance_of(r->db, &s, id, &o) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)rid);
	if (audit_record(r, "compliance.report", "advisory", sid, "ok",
			 json_pack("{s:I, s:i, s:s}", "document_id", (json_int_t)id, "state_lgd", state, "status", status)) != 0) {
		json_decref(o);
		reply_db_error(r);
		return;
	}
	reply_json(r, 201, o);
}

void compliance_set_actions(struct request *r)
{
	int64_t id;
	json_t *o;
	if (!advisory_of_path(r, &id, &o))
		return;
	json_decref(o);
	json_t *a = json_object_get(r->body, "actions");
	if (!json_is_array(a) || json_array_size(a) > ACTIONS_MAX) {
		reply_invalid(r, "actions", "actions must be a list of at most %d texts.", ACTIONS_MAX);
		return;
	}
	static const struct reg_field item[] = {
		{ "action", "An action", RF_TEXT, RF_REQUIRED, ACTION_MAX, 0, NULL, NULL, NULL },
	};
	static const struct reg_type t = { .name = "actions", .label_one = "action", .fields = item, .nfields = 1 };
	json_t *clean = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		json_t *in = json_pack("{s:O}", "action", v);
		struct reg_error err;
		json_t *ok = reg_validate(&t, in, NULL, &err);
		json_decref(in);
		if (!ok) {
			json_decref(clean);
			reply_invalid(r, "actions", "Action %zu: %s", i + 1, err.message);
			return;
		}
		json_array_append(clean, json_object_get(ok, "action"));
		json_decref(ok);
	}
	char *text = json_dumps(clean, JSON_COMPACT);
	json_decref(clean);
	enum db_status st = text ? r->db->ops->advisory_set_actions(r->db, id, text, util_now_ms(), r->caller.user_id)
				 : DB_ERROR;
	free(text);
	struct scope s = auth_scope(&r->caller);
	if (st != DB_OK || r->db->ops->compliance_of(r->db, &s, id, &o) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (audit_record(r, "advisory.actions", "document", sid, "ok",
			 json_pack("{s:i}", "actions", (int)json_array_size(a))) != 0) {
		json_decref(o);
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, o);
}
