/* The AHTU register's rules: what makes a unit "set up" and "functional",
 * written as data (the Cell's setting "ahtu.criteria", these defaults when
 * it has set none) and checked against what is recorded of each unit.  A
 * unit is never further along than its State reports it; it is less when
 * the record does not bear the report out — a unit with no staff posted is
 * not functional, whatever it was marked.  The register itself is a
 * generic one (src/registers/types.c, "ahtus"); this fills its derived
 * fields. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "monitoring/monitoring.h"
#include "registers/registers.h"
#include "util/util.h"

#define SETTING_CRITERIA "ahtu.criteria"
#define CRITERIA_MAX 20         /* rules per stage */

static const char *const default_criteria =
	"{\"set_up\": ["
	"{\"field\": \"set_up_on\", \"op\": \"present\", \"label\": \"the date it was set up is recorded\"}],"
	" \"functional\": ["
	"{\"field\": \"staff_posted\", \"op\": \">=\", \"value\": 1, \"label\": \"at least one officer is posted\"},"
	"{\"field\": \"officer_in_charge\", \"op\": \"present\", \"label\": \"an officer is in charge\"},"
	"{\"field\": \"vehicle\", \"op\": \"=\", \"value\": \"yes\", \"label\": \"it has a vehicle\"},"
	"{\"field\": \"computer\", \"op\": \"=\", \"value\": \"yes\", \"label\": \"it has a computer\"}]}";

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *criteria;        /* under lock; NULL: the defaults not yet read */

static json_t *criteria_get(void)
{
	pthread_mutex_lock(&lock);
	if (!criteria)
		criteria = json_loads(default_criteria, 0, NULL);
	json_t *c = json_incref(criteria);
	pthread_mutex_unlock(&lock);
	return c;
}

static void criteria_set(json_t *c)
{
	pthread_mutex_lock(&lock);
	json_decref(criteria);
	criteria = c;
	pthread_mutex_unlock(&lock);
}

int monitoring_init(struct db *db)
{
	char *text = NULL;
	enum db_status st = db->ops->setting_get(db, SETTING_CRITERIA, &text);
	if (st == DB_OK) {
		json_t *c = json_loads(text, 0, NULL);
		free(text);
		if (!c) {
			log_error("monitoring: the setting %s is not JSON", SETTING_CRITERIA);
			return -1;
		}
		criteria_set(c);
	} else if (st != DB_NOTFOUND) {
		return -1;
	}
	return 0;
}

/* Whether the unit's data meets one rule. */
static bool rule_met(const json_t *data, const json_t *rule)
{
	const char *field = json_string_value(json_object_get(rule, "field")),
		   *op = json_string_value(json_object_get(rule, "op"));
	const json_t *v = json_object_get(data, field ? field : ""), *want = json_object_get(rule, "value");
	if (!op)
		return false;
	if (strcmp(op, "present") == 0)
		return v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v));
	if (strcmp(op, ">=") == 0)
		return json_is_integer(v) && json_is_integer(want) && json_integer_value(v) >= json_integer_value(want);
	if (strcmp(op, "=") == 0)
		return v && want && json_equal(v, want);
	return false;
}

/* The labels of stage's rules data does not meet, joined with "; " into
 * b; how many. */
static int unmet(const json_t *data, const json_t *c, const char *stage, struct buf *b)
{
	int n = 0;
	size_t i;
	json_t *rule;
	json_array_foreach(json_object_get(c, stage), i, rule) {
		if (rule_met(data, rule))
			continue;
		buf_printf(b, "%s%s", b->len ? "; " : "", json_string_value(json_object_get(rule, "label")));
		n++;
	}
	return n;
}

void monitoring_ahtu_derive(json_t *data)
{
	json_t *c = criteria_get();
	const char *marked = json_string_value(json_object_get(data, "status"));
	int level = !marked ? 0 : strcmp(marked, "functional") == 0 ? 2 : strcmp(marked, "set_up") == 0 ? 1 : 0;
	struct buf setup, func;
	buf_init(&setup, 4096);
	buf_init(&func, 4096);
	int setup_missing = unmet(data, c, "set_up", &setup);
	int func_missing = unmet(data, c, "functional", &func);
	int checked = level;
	if (checked == 2 && func_missing + setup_missing)
		checked = setup_missing ? 0 : 1;
	if (checked == 1 && setup_missing)
		checked = 0;
	static const char *const names[] = { "sanctioned", "set_up", "functional" };
	json_object_set_new(data, "status_checked", json_string(names[checked]));
	/* what keeps it from what it was reported to be */
	struct buf why;
	buf_init(&why, 8192);
	if (checked < level) {
		if (setup_missing)
			buf_printf(&why, "Not set up: %s.", setup.data);
		if (level == 2 && func_missing)
			buf_printf(&why, "%sNot functional: %s.", why.len ? " " : "", func.data);
	}
	json_object_set_new(data, "shortfalls", why.len ? json_string(why.data) : json_null());
	buf_free(&why);
	buf_free(&setup);
	buf_free(&func);
	json_decref(c);
}

bool monitoring_ahtu_check(struct db *db, const struct db_record *rec, const json_t *base, const json_t *data,
			   struct reg_error *err)
{
	/* the scheme, when given, is one of the schemes (by its code) */
	const char *scheme = json_string_value(json_object_get(data, "scheme"));
	if (scheme && !db->ops->scheme_id_of(db, scheme)) {
		snprintf(err->field, sizeof err->field, "scheme");
		snprintf(err->message, sizeof err->message, "There is no scheme with that code (the schemes are listed under"
			 " Monitoring: Schemes and targets).");
		return false;
	}
	const char *login = json_string_value(json_object_get(data, "officer_login")),
		   *was = json_string_value(json_object_get(base, "officer_login"));
	/* checked when it is given or changed: a unit whose officer's account was
	 * later disabled can still be edited */
	if (!login || (was && strcmp(was, login) == 0))
		return true;
	struct db_user u;
	enum db_status st = db->ops->user_get_by_login(db, login, &u);
	bool ours = st == DB_OK && !u.disabled
		    && ((u.role == ROLE_DISTRICT && u.district_lgd == rec->district_lgd)
			|| (u.role == ROLE_STATE && u.state_lgd == rec->state_lgd));
	if (ours)
		return true;
	snprintf(err->field, sizeof err->field, "officer_login");
	snprintf(err->message, sizeof err->message, "%s", st == DB_OK || st == DB_NOTFOUND
			 ? "The officer's account must be an active district or State officer's account of this unit's district or State."
			 : "The officer's account could not be checked; try again.");
	return false;
}

/* ---- the criteria, as the Cell sets them ---- */

void monitoring_ahtu_criteria(struct request *r)
{
	json_t *c = criteria_get();
	reply_json(r, 200, json_pack("{s:O}", "criteria", c));
	json_decref(c);
}

/* One stage's rules checked against the register's fields; a clean copy,
 * or NULL with a reply set. */
static json_t *stage_checked(struct request *r, const struct reg_type *t, const json_t *rules, const char *stage)
{
	if (!json_is_array(rules) || json_array_size(rules) > CRITERIA_MAX) {
		reply_invalid(r, stage, "The rules of %s are a list of at most %d.", stage, CRITERIA_MAX);
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *rule;
	json_array_foreach(rules, i, rule) {
		const char *field = json_string_value(json_object_get(rule, "field")),
			   *op = json_string_value(json_object_get(rule, "op")),
			   *label = json_string_value(json_object_get(rule, "label"));
		const json_t *value = json_object_get(rule, "value");
		const struct reg_field *f = NULL;
		for (size_t k = 0; field && k < t->nfields && !f; k++)
			if (strcmp(t->fields[k].name, field) == 0 && !(t->fields[k].flags & RF_DERIVED)
			    && strcmp(field, "status") != 0)
				f = &t->fields[k];
		char where[48];
		snprintf(where, sizeof where, "%s[%zu]", stage, i);
		const char *problem = NULL;
		if (!f)
			problem = "names no field of an AHTU that is recorded (status and what is worked out are not).";
		else if (!op || (strcmp(op, "present") != 0 && strcmp(op, ">=") != 0 && strcmp(op, "=") != 0))
			problem = "has an op that is not present, >= or =.";
		else if (strcmp(op, ">=") == 0 && (f->type != RF_INT && f->type != RF_MONEY))
			problem = "compares with >= a field that is not a number.";
		else if (strcmp(op, ">=") == 0 && !json_is_integer(value))
			problem = "needs a whole number as its value.";
		else if (strcmp(op, "=") == 0 && !(json_is_string(value) || json_is_integer(value)))
			problem = "needs a value to be equal to.";
		else if (json_is_string(value) && json_string_length(value) > 200)
			problem = "has a value longer than 200 bytes.";
		else if (strcmp(op, "=") == 0 && json_is_integer(value) != (f->type == RF_INT || f->type == RF_MONEY))
			problem = "compares the field with a value of another kind (a number with text, or text with a number).";
		else if (strcmp(op, "present") == 0 && value)
			problem = "needs no value: present only asks that the field be filled.";
		else if (!label || !*label || strlen(label) > 200)
			problem = "needs a label of at most 200 bytes, as a person reads it (\"it has a vehicle\").";
		if (!problem && strcmp(op, "=") == 0 && f->type == RF_ENUM) {
			bool found = false;
			for (size_t k = 0; json_is_string(value) && f->choices[k] && !found; k++)
				found = strcmp(f->choices[k], json_string_value(value)) == 0;
			if (!found)
				problem = "compares the field with a value it cannot take.";
		}
		if (problem) {
			json_decref(out);
			reply_invalid(r, where, "The rule %s %s", where, problem);
			return NULL;
		}
		json_t *clean = json_pack("{s:s, s:s, s:s}", "field", field, "op", op, "label", label);
		if (value)
			json_object_set(clean, "value", (json_t *)value);
		json_array_append_new(out, clean);
	}
	return out;
}

void monitoring_ahtu_criteria_put(struct request *r)
{
	const struct reg_type *t = reg_type_find("ahtus");
	json_t *in = json_object_get(r->body, "criteria");
	if (!json_is_object(in) || json_object_size(in) != 2 || !json_object_get(in, "set_up")
	    || !json_object_get(in, "functional")) {
		reply_invalid(r, "criteria", "criteria holds the rules of two stages: set_up and functional.");
		return;
	}
	json_t *setup = stage_checked(r, t, json_object_get(in, "set_up"), "set_up");
	if (!setup)
		return;
	json_t *func = stage_checked(r, t, json_object_get(in, "functional"), "functional");
	if (!func) {
		json_decref(setup);
		return;
	}
	json_t *c = json_pack("{s:o, s:o}", "set_up", setup, "functional", func);
	char *text = json_dumps(c, JSON_COMPACT);
	if (!text || r->db->ops->setting_put(r->db, SETTING_CRITERIA, text, util_now_ms(), r->caller.user_id) != DB_OK
	    || audit_record(r, "ahtu.criteria", "setting", SETTING_CRITERIA, "ok", json_incref(c)) != 0) {
		free(text);
		json_decref(c);
		reply_db_error(r);
		return;
	}
	free(text);
	criteria_set(json_incref(c));
	reply_json(r, 200, json_pack("{s:o}", "criteria", c));
}
