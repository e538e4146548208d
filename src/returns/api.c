/* The returns' handlers.  Who may call is the route table's; which
 * district a caller reaches is decided once, in return_of_path(): the Cell
 * and admins every district, a State user its State's districts, a
 * district user its own (another's is 404, as if it did not exist).
 * What may happen to a return is the workflow table below. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "registers/registers.h"
#include "returns/internal.h"
#include "returns/returns.h"
#include "returns/returns_api.h"
#include "util/util.h"

#define VALUES_MAX 5000         /* cells in one PUT */
#define VALUE_MAX 1000000000LL  /* a count in one cell */
#define VALUE_COMMENT_MAX 1000
#define STEP_COMMENT_MAX 2000
/* A cell's key: "indicator.combo"; a definition whose keys would not fit is refused. */
#define CELL_KEY_MAX 256

/* ---- the workflow, as data ---- */

struct step {
	const char *action;               /* the path's last word */
	const char *from[4];
	const char *to;
	unsigned roles;                   /* 1u << ROLE_x */
	bool comment_required;
	bool validate;                    /* high-importance rules must hold */
};

#define ROLE(x) (1u << (x))
static const struct step steps[] = {
	{ "submit", { "draft", "returned", NULL }, "submitted", ROLE(ROLE_DISTRICT) | ROLE(ROLE_STATE), false, true },
	{ "approve", { "submitted", NULL }, "approved", ROLE(ROLE_STATE), false, true },
	{ "send-back", { "submitted", "approved", NULL }, "returned", ROLE(ROLE_STATE) | ROLE(ROLE_CELL), true, false },
	{ "accept", { "approved", NULL }, "accepted", ROLE(ROLE_CELL), false, false },
	{ "reopen", { "accepted", NULL }, "returned", ROLE(ROLE_CELL), true, false },
};
const char *const returns_editable[] = { "draft", "returned", NULL };

bool returns_is_editable(const char *status)
{
	for (size_t i = 0; returns_editable[i]; i++)
		if (strcmp(returns_editable[i], status) == 0)
			return true;
	return false;
}

/* ---- days ---- */

/* Today in India ("YYYY-MM-DD"): the Cell's day. */
void returns_today(char out[11])
{
	time_t now = time(NULL) + 19800;
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- the return a path names ---- */

struct ret {
	json_t *ds;                       /* the data set, in full */
	json_t *cells;                    /* "indicator.combo" → cell id */
	json_t *names;                    /* "indicator.combo" → "Victims rescued: Female, Below 18" */
	char *cells_json;                 /* [ids] for the storage */
	struct period period;
	char period_text[PERIOD_TEXT_MAX];
	struct db_return_key key;
	char district[128], state[128];
};

static void ret_clear(struct ret *x)
{
	json_decref(x->ds);
	json_decref(x->cells);
	json_decref(x->names);
	free(x->cells_json);
	memset(x, 0, sizeof *x);
}

static bool valid_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > RULE_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* Walks the product of the categories' options from category i on, with
 * the combo and label so far; true when it meets want (its label then in
 * label).  Options may hold _ themselves ("sri_lanka"), so a combo is
 * matched whole, never split. */
static bool combo_walk(const json_t *cats, size_t i, const char *want, char *combo, size_t cn, char *label, size_t ln)
{
	if (i == json_array_size(cats))
		return strcmp(combo, want) == 0;
	size_t c0 = strlen(combo), l0 = strlen(label), k;
	json_t *opt;
	json_array_foreach(json_object_get(json_array_get(cats, i), "options"), k, opt) {
		const char *code = json_string_value(json_object_get(opt, "code"));
		const char *name = json_string_value(json_object_get(opt, "name"));
		snprintf(combo + c0, cn - c0, "%s%s", c0 ? "_" : "", code ? code : "");
		snprintf(label + l0, ln - l0, "%s%s", l0 ? ", " : "", name ? name : "");
		if (strncmp(combo, want, strlen(combo)) == 0 && combo_walk(cats, i + 1, want, combo, cn, label, ln))
			return true;
	}
	combo[c0] = '\0';
	label[l0] = '\0';
	return false;
}

/* The label of a cell's combo: its options' names joined by ", " ("" for
 * none or no match). */
void returns_combo_label(const json_t *categories, const char *combo, char *out, size_t n)
{
	char buf[256] = "";
	out[0] = '\0';
	if (json_array_size(categories) && !combo_walk(categories, 0, combo, buf, sizeof buf, out, n))
		out[0] = '\0';
}

/* The cells of the data set: key → id, key → name, and the ids. */
static bool map_cells(struct ret *x)
{
	x->cells = json_object();
	x->names = json_object();
	json_t *ids = json_array();
	size_t i, k, c;
	json_t *sec, *ind, *cell;
	json_array_foreach(json_object_get(x->ds, "sections"), i, sec) {
		json_array_foreach(json_object_get(sec, "indicators"), k, ind) {
			const char *code = json_string_value(json_object_get(ind, "code"));
			const json_t *cats = json_object_get(json_object_get(ind, "disaggregation"), "categories");
			json_array_foreach(json_object_get(ind, "cells"), c, cell) {
				const char *combo = json_string_value(json_object_get(cell, "combo"));
				char key[CELL_KEY_MAX], label[512], name[768];
				snprintf(key, sizeof key, "%s%s%s", code, *combo ? "." : "", combo);
				returns_combo_label(cats, combo, label, sizeof label);
				snprintf(name, sizeof name, "%s%s%s", json_string_value(json_object_get(ind, "name")),
					 *label ? ": " : "", label);
				json_object_set(x->cells, key, json_object_get(cell, "id"));
				json_object_set_new(x->names, key, json_string(name));
				json_array_append(ids, json_object_get(cell, "id"));
			}
		}
	}
	x->cells_json = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	return x->cells_json != NULL;
}

/* The data set of that code (*out, new reference); false with a reply. */
static bool dataset_of(struct request *r, const char *code, json_t **out)
{
	if (!valid_code(code)) {
		reply_not_found(r);
		return false;
	}
	enum db_status st = r->db->ops->dataset_get(r->db, code, out);
	if (st == DB_NOTFOUND)
		reply_not_found(r);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

/* Whether the caller reaches the district, and its names; 404 otherwise. */
static bool district_in_scope(struct request *r, int district, struct ret *x)
{
	int state = district > 0 ? r->db->ops->district_state(r->db, district) : 0;
	const struct scope *s = &r->caller.scope;
	bool ok = state > 0 && (s->level == SCOPE_NATIONAL || (s->level == SCOPE_STATE && s->state_lgd == state) ||
				(s->level == SCOPE_DISTRICT && s->district_lgd == district));
	if (!ok) {
		reply_not_found(r);
		return false;
	}
	x->key.district_lgd = district;
	x->key.state_lgd = state;
	json_t *ds = r->db->ops->districts_list(r->db, state), *states = r->db->ops->states_list(r->db);
	size_t i;
	json_t *d;
	json_array_foreach(json_is_array(ds) ? ds : json_object_get(ds, "items"), i, d)
		if (json_integer_value(json_object_get(d, "lgd")) == district)
			snprintf(x->district, sizeof x->district, "%s", json_string_value(json_object_get(d, "name")));
	json_array_foreach(json_is_array(states) ? states : json_object_get(states, "items"), i, d)
		if (json_integer_value(json_object_get(d, "lgd")) == state)
			snprintf(x->state, sizeof x->state, "%s", json_string_value(json_object_get(d, "name")));
	json_decref(ds);
	json_decref(states);
	return true;
}

static bool return_of_path(struct request *r, struct ret *x)
{
	memset(x, 0, sizeof *x);
	if (r->nparams < 3 || !dataset_of(r, r->params[0], &x->ds))
		return false;
	enum period_type t;
	if (!period_type_parse(json_string_value(json_object_get(x->ds, "period_type")), &t) ||
	    !period_parse_as(r->params[1], t, &x->period)) {
		static const char *const forms[] = { "2026-03", "2026Q1", "2026", "2025-26" };
		reply_invalid(r, "period", "A period of this %s data set is written like %s.",
			      json_string_value(json_object_get(x->ds, "period_type")), forms[t < PERIOD_TYPE_COUNT ? t : 0]);
		goto fail;
	}
	period_format(&x->period, x->period_text);
	long long district;
	if (!util_parse_int(r->params[2], 1, 999999, &district) || !district_in_scope(r, (int)district, x))
		goto fail_404;
	x->key.dataset_id = json_integer_value(json_object_get(x->ds, "id"));
	x->key.period = x->period_text;
	if (!map_cells(x)) {
		reply_db_error(r);
		goto fail;
	}
	return true;
fail_404:
	if (!r->status)
		reply_not_found(r);
fail:
	ret_clear(x);
	return false;
}

/* ---- locks and due dates ---- */

enum db_status returns_lock(struct db *db, const json_t *ds, const struct period *p, int district, struct lock *l)
{
	memset(l, 0, sizeof *l);
	returns_today(l->today);
	period_first_day(p, l->first);
	period_day_after_end(p, (int)json_integer_value(json_object_get(ds, "lock_days")), l->lock);
	period_day_after_end(p, (int)json_integer_value(json_object_get(ds, "due_days")), l->due);
	l->started = strcmp(l->today, l->first) >= 0;
	l->locked = strcmp(l->today, l->lock) > 0;
	if (!l->locked)
		return DB_OK;
	char text[PERIOD_TEXT_MAX];
	period_format(p, text);
	enum db_status st = db->ops->period_exception(db, json_integer_value(json_object_get(ds, "id")), text, district,
						      l->open_until);
	if (st == DB_OK && strcmp(l->today, l->open_until) <= 0)
		l->locked = false;
	return st == DB_NOTFOUND ? DB_OK : st;
}

static bool lock_of(struct request *r, const struct ret *x, struct lock *l)
{
	if (returns_lock(r->db, x->ds, &x->period, x->key.district_lgd, l) != DB_OK) {
		reply_db_error(r);
		return false;
	}
	return true;
}

/* ---- validation ---- */

struct lookup_ctx {
	const json_t *values;             /* cell id (text) → n */
	const json_t *cells;              /* key → cell id */
};

static bool look(void *ctx, const char *indicator, const char *combo, long long *value)
{
	const struct lookup_ctx *c = ctx;
	char key[CELL_KEY_MAX];
	if (combo) {
		snprintf(key, sizeof key, "%s%s%s", indicator, *combo ? "." : "", combo);
		json_t *id = json_object_get(c->cells, key);
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(id));
		json_t *v = id ? json_object_get(c->values, sid) : NULL;
		if (!v)
			return false;
		*value = json_integer_value(v);
		return true;
	}
	/* the indicator's total: every cell "indicator" or "indicator.*" */
	size_t n = strlen(indicator);
	bool any = false;
	long long sum = 0;
	const char *k;
	json_t *id;
	json_object_foreach((json_t *)c->cells, k, id) {
		if (strncmp(k, indicator, n) != 0 || (k[n] != '\0' && k[n] != '.'))
			continue;
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(id));
		json_t *v = json_object_get(c->values, sid);
		if (v) {
			sum += json_integer_value(v);
			any = true;
		}
	}
	*value = sum;
	return any;
}

/* Cuts a trailing, incomplete UTF-8 sequence left by a truncating snprintf. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s), i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

/* The name of one side for a message: an indicator's name for a single
 * term, else the expression with names. */
static void side_name(const struct rule_expr *e, const json_t *ds_names, const json_t *ind_names, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < e->nterms; i++) {
		const struct rule_term *t = &e->terms[i];
		char term[300];
		if (!t->indicator[0]) {
			snprintf(term, sizeof term, "%lld", t->number);
		} else if (t->combo[0]) {
			char key[CELL_KEY_MAX];
			snprintf(key, sizeof key, "%s.%s", t->indicator, t->combo);
			const char *nm = json_string_value(json_object_get(ds_names, key));
			snprintf(term, sizeof term, "%s", nm ? nm : key);
		} else {
			const char *nm = json_string_value(json_object_get(ind_names, t->indicator));
			snprintf(term, sizeof term, "%s", nm ? nm : t->indicator);
		}
		size_t used = strlen(out);
		snprintf(out + used, n - used, "%s%s", i == 0 ? (t->sign < 0 ? "− " : "") : (t->sign < 0 ? " − " : " + "),
			 term);
		utf8_trim(out);
	}
}

/* The rules that fail on values: [{code,name,importance,op,left:{text,value},
 * right:{text,value},message,instruction,cells:[keys]}]. New array. */
static json_t *validate(const struct ret *x, const json_t *values)
{
	json_t *out = json_array(), *ind_names = json_object();
	size_t i, k;
	json_t *sec, *ind, *rule;
	json_array_foreach(json_object_get(x->ds, "sections"), i, sec)
		json_array_foreach(json_object_get(sec, "indicators"), k, ind)
			json_object_set(ind_names, json_string_value(json_object_get(ind, "code")), json_object_get(ind, "name"));
	struct lookup_ctx c = { values, x->cells };
	json_array_foreach(json_object_get(x->ds, "rules"), i, rule) {
		struct rule_expr left, right;
		enum rule_op op;
		char err[160];
		if (!rule_expr_parse(json_string_value(json_object_get(rule, "left")), &left, err, sizeof err) ||
		    !rule_expr_parse(json_string_value(json_object_get(rule, "right")), &right, err, sizeof err) ||
		    !rule_op_parse(json_string_value(json_object_get(rule, "op")), &op)) {
			/* checked when the data set was defined; never passed silently */
			json_array_append_new(out, json_pack("{s:O?, s:O?, s:O?, s:s, s:[]}", "code", json_object_get(rule, "code"),
							     "name", json_object_get(rule, "name"), "importance",
							     json_object_get(rule, "importance"), "message",
							     "This check cannot be read: the Cell must correct its definition.",
							     "cells"));
			continue;
		}
		bool lb, rb;
		long long lv = rule_expr_eval(&left, look, &c, &lb), rv = rule_expr_eval(&right, look, &c, &rb);
		if ((lb && rb) || rule_holds(lv, op, rv))
			continue;
		char ln[1200], rn[1200], msg[2600];
		side_name(&left, x->names, ind_names, ln, sizeof ln);
		side_name(&right, x->names, ind_names, rn, sizeof rn);
		snprintf(msg, sizeof msg, "%s (%lld) must be %s %s (%lld).", ln, lv, rule_op_words(op), rn, rv);
		utf8_trim(msg);
		json_t *cells = json_array();
		const struct rule_expr *sides[2] = { &left, &right };
		for (int s = 0; s < 2; s++)
			for (size_t t = 0; t < sides[s]->nterms; t++) {
				const struct rule_term *term = &sides[s]->terms[t];
				if (!term->indicator[0])
					continue;
				const char *key;
				json_t *id;
				size_t n = strlen(term->indicator);
				json_object_foreach(x->cells, key, id)
					if (strncmp(key, term->indicator, n) == 0 &&
					    (term->combo[0] ? key[n] == '.' && strcmp(key + n + 1, term->combo) == 0
							    : key[n] == '\0' || key[n] == '.'))
						json_array_append_new(cells, json_string(key));
			}
		json_t *item = json_pack("{s:O, s:O, s:O, s:s, s:{s:O, s:I}, s:{s:O, s:I}, s:s, s:O?, s:o}",
						     "code", json_object_get(rule, "code"), "name",
						     json_object_get(rule, "name"), "importance",
						     json_object_get(rule, "importance"), "op", rule_op_text(op), "left",
						     "text", json_object_get(rule, "left"), "value", (json_int_t)lv,
						     "right", "text", json_object_get(rule, "right"), "value",
						     (json_int_t)rv, "message", msg, "instruction",
						     json_object_get(rule, "instruction"), "cells", cells);
		/* a message that cannot be built still fails the rule */
		json_array_append_new(out, item ? item
						: json_pack("{s:O?, s:O?, s:s, s:[]}", "code", json_object_get(rule, "code"),
							    "importance", json_object_get(rule, "importance"), "message",
							    "A check failed.", "cells"));
	}
	json_decref(ind_names);
	return out;
}

/* ---- values unusual for the district ---- */

#define USUAL_PERIODS_MIN 6     /* past values needed to call a value unusual */

/* How many past periods the usual range looks back over. */
static int usual_window(enum period_type t)
{
	return t == PERIOD_MONTHLY ? 12 : t == PERIOD_QUARTERLY ? 8 : 6;
}

/* The values of the return outside the district's usual range for the cell
 * — mean ± 3 standard deviations (at least ± 3) over its last periods —
 * as [{cell, name, value, usual_min, usual_max, periods, comment}]: a
 * comment is asked, nothing is blocked.  NULL with a reply on error. */
static json_t *unusual(struct request *r, const struct ret *x, const json_t *values, const json_t *comments)
{
	struct period from = x->period;
	for (int i = 0; i < usual_window(x->period.type); i++)
		from = period_previous(&from);
	char from_text[PERIOD_TEXT_MAX];
	period_format(&from, from_text);
	json_t *usual, *out = json_array();
	if (r->db->ops->usual_values(r->db, x->key.dataset_id, x->key.district_lgd, from_text, x->period_text,
				     x->cells_json, &usual) != DB_OK) {
		json_decref(out);
		reply_db_error(r);
		return NULL;
	}
	const char *key;
	json_t *id;
	json_object_foreach(x->cells, key, id) {
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(id));
		json_t *v = json_object_get(values, sid), *u = json_object_get(usual, sid);
		int n = (int)json_integer_value(json_object_get(u, "n"));
		if (!v || n < USUAL_PERIODS_MIN)
			continue;
		double mean = json_real_value(json_object_get(u, "mean"));
		double var = json_real_value(json_object_get(u, "mean_sq")) - mean * mean;
		double spread = 3 * fmax(sqrt(fmax(var, 0)), 1);
		long long lo = (long long)fmax(0, floor(mean - spread)), hi = (long long)ceil(mean + spread);
		long long val = json_integer_value(v);
		if (val >= lo && val <= hi)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:O?, s:I, s:I, s:I, s:i, s:O?}", "cell", key, "name",
						     json_object_get(x->names, key), "value", (json_int_t)val, "usual_min",
						     (json_int_t)lo, "usual_max", (json_int_t)hi, "periods", n, "comment",
						     json_object_get(comments, key)));
	}
	json_decref(usual);
	return out;
}

/* ---- the answer ---- */

/* The return as the API answers it (new reference), NULL with a reply. */
static json_t *return_json(struct request *r, const struct ret *x)
{
	json_t *raw;
	if (r->db->ops->return_get(r->db, x->key.dataset_id, x->period_text, x->key.district_lgd, x->cells_json, &raw) !=
	    DB_OK) {
		reply_db_error(r);
		return NULL;
	}
	struct lock l;
	if (!lock_of(r, x, &l)) {
		json_decref(raw);
		return NULL;
	}
	/* values and comments by key, not by cell id */
	json_t *values = json_object(), *comments = json_object();
	const char *key;
	json_t *id;
	json_object_foreach(x->cells, key, id) {
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(id));
		json_t *v = json_object_get(json_object_get(raw, "values"), sid);
		json_t *c = json_object_get(json_object_get(raw, "comments"), sid);
		if (v)
			json_object_set(values, key, v);
		if (c)
			json_object_set(comments, key, c);
	}
	const char *status = json_string_value(json_object_get(raw, "status"));
	bool writer = r->caller.role == ROLE_DISTRICT || r->caller.role == ROLE_STATE;
	char label[PERIOD_LABEL_MAX];
	period_label(&x->period, label);
	json_t *fails = validate(x, json_object_get(raw, "values"));
	json_t *odd = unusual(r, x, json_object_get(raw, "values"), comments);
	if (!odd) {
		json_decref(fails);
		json_decref(values);
		json_decref(comments);
		json_decref(raw);
		return NULL;
	}
	json_t *out = json_pack("{s:{s:O, s:O, s:O}, s:s, s:s, s:i, s:s, s:i, s:s, s:O, s:O, s:O?, s:O?, s:O?,"
				" s:O?, s:o, s:o, s:O?, s:o, s:o, s:{s:s, s:s, s:s, s:b, s:b}, s:b}",
				"dataset", "code", json_object_get(x->ds, "code"), "name", json_object_get(x->ds, "name"),
				"period_type", json_object_get(x->ds, "period_type"), "period", x->period_text,
				"period_label", label, "district_lgd", x->key.district_lgd, "district", x->district,
				"state_lgd", x->key.state_lgd, "state", x->state,
				"status", json_object_get(raw, "status"), "version", json_object_get(raw, "version"),
				"comment", json_object_get(raw, "comment"), "submitted_at",
				json_object_get(raw, "submitted_at"), "approved_at", json_object_get(raw, "approved_at"),
				"accepted_at", json_object_get(raw, "accepted_at"), "values", values, "comments", comments,
				"events", json_object_get(raw, "events"), "validation", fails, "unusual", odd, "dates", "first_day", l.first,
				"due", l.due, "locks", l.lock, "started", l.started, "locked", l.locked, "editable",
				writer && returns_is_editable(status) && l.started && !l.locked);
	json_decref(raw);
	if (!out)
		reply_db_error(r);
	return out;
}

/* Audits action on the return (details stolen) and answers it as it is
 * now; a database error reply when either fails. */
static void reply_audited(struct request *r, const struct ret *x, const char *action, json_t *details)
{
	char what[96];
	snprintf(what, sizeof what, "%s/%s/%d", json_string_value(json_object_get(x->ds, "code")), x->period_text,
		 x->key.district_lgd);
	json_t *o = return_json(r, x);
	if (!o) {
		json_decref(details);
		return;
	}
	if (audit_record(r, action, "return", what, "ok", details) != 0) {
		json_decref(o);
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, o);
}

/* ---- handlers ---- */

void returns_datasets(struct request *r)
{
	json_t *items;
	if (r->db->ops->datasets_list(r->db, &items) != DB_OK) {
		reply_db_error(r);
		return;
	}
	json_t *o = json_pack("{s:o}", "items", items);
	reply_json(r, 200, o);
}

void returns_dataset(struct request *r)
{
	json_t *ds;
	if (r->nparams < 1 || !dataset_of(r, r->params[0], &ds))
		return;
	reply_json(r, 200, ds);
}

void returns_show(struct request *r)
{
	struct ret x;
	if (!return_of_path(r, &x))
		return;
	json_t *o = return_json(r, &x);
	if (o)
		reply_json(r, 200, o);
	ret_clear(&x);
}

/* A value of the body: a count, or null for blank; false with a reply. */
static bool value_of(struct request *r, const char *key, const json_t *v, struct db_value *out)
{
	if (json_is_null(v)) {
		out->blank = true;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > VALUE_MAX) {
		reply_invalid(r, key, "%s must be a whole number from 0 to %lld, or null to leave it blank.", key, VALUE_MAX);
		return false;
	}
	out->value = json_integer_value(v);
	return true;
}

void returns_save(struct request *r)
{
	struct ret x;
	if (!return_of_path(r, &x))
		return;
	struct db_value *vals = NULL;
	json_t *current = NULL;         /* the saved values, when a comment alone is sent */
	json_t *values = json_object_get(r->body, "values"), *comments = json_object_get(r->body, "comments");
	if (!json_is_object(r->body) || (values && !json_is_object(values)) || (comments && !json_is_object(comments))) {
		reply_error(r, 400, "request.invalid",
			    "The body must be {\"values\": {\"cell\": n | null, …}, \"comments\": {\"cell\": \"text\" | null}}.");
		goto out;
	}
	size_t n = json_object_size(values) + json_object_size(comments);
	if (n == 0) {
		reply_invalid(r, "values", "Nothing to save: send the cells' values or comments.");
		goto out;
	}
	if (n > VALUES_MAX) {
		reply_invalid(r, "values", "At most %d cells can be saved at once.", VALUES_MAX);
		goto out;
	}
	struct lock l;
	if (!lock_of(r, &x, &l))
		goto out;
	if (!l.started) {
		reply_error(r, 409, "period.not_started", "The period %s begins on %s: its return can be entered from then.",
			    x.period_text, l.first);
		goto out;
	}
	if (l.locked) {
		reply_error(r, 409, "period.locked",
			    "Entry for %s closed after %s. Ask the Cell to reopen it for this district.", x.period_text, l.lock);
		goto out;
	}
	vals = calloc(n ? n : 1, sizeof *vals);
	if (!vals) {
		reply_db_error(r);
		goto out;
	}
	size_t m = 0;
	const char *key;
	json_t *v;
	json_object_foreach(values, key, v) {
		json_t *id = json_object_get(x.cells, key);
		if (!id) {
			reply_invalid(r, key, "%s is not a cell of %s.", key, json_string_value(json_object_get(x.ds, "name")));
			goto out;
		}
		vals[m].cell_id = json_integer_value(id);
		if (!value_of(r, key, v, &vals[m]))
			goto out;
		json_t *c = json_object_get(comments, key);
		if (c) {
			if (!json_is_null(c) && (!json_is_string(c) || strlen(json_string_value(c)) > VALUE_COMMENT_MAX)) {
				reply_invalid(r, key, "The comment on %s must be text of at most %d bytes.", key, VALUE_COMMENT_MAX);
				goto out;
			}
			vals[m].set_comment = true;
			vals[m].comment = json_string_value(c);
		} else {
			vals[m].set_comment = false;
		}
		m++;
	}
	/* comments on cells whose value is not sent: keep the value */
	json_object_foreach(comments, key, v) {
		if (json_object_get(values, key))
			continue;
		json_t *id = json_object_get(x.cells, key);
		if (!id) {
			reply_invalid(r, key, "%s is not a cell of %s.", key, json_string_value(json_object_get(x.ds, "name")));
			goto out;
		}
		if (!json_is_null(v) && (!json_is_string(v) || strlen(json_string_value(v)) > VALUE_COMMENT_MAX)) {
			reply_invalid(r, key, "The comment on %s must be text of at most %d bytes.", key, VALUE_COMMENT_MAX);
			goto out;
		}
		if (!current && r->db->ops->return_get(r->db, x.key.dataset_id, x.period_text, x.key.district_lgd,
						       x.cells_json, &current) != DB_OK) {
			reply_db_error(r);
			goto out;
		}
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)json_integer_value(id));
		json_t *cur = json_object_get(json_object_get(current, "values"), sid);
		vals[m].cell_id = json_integer_value(id);
		vals[m].blank = !cur;
		vals[m].value = cur ? json_integer_value(cur) : 0;
		vals[m].set_comment = true;
		vals[m].comment = json_string_value(v);
		m++;
	}
	char status[16] = "";
	enum db_status st = r->db->ops->return_save(r->db, &x.key, vals, m, returns_editable, util_now_ms(), r->caller.user_id,
						    status);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "return.locked", "This return is %s: it can be changed only while it is a draft or returned.",
			    status);
		goto out;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	reply_audited(r, &x, "return.save", json_pack("{s:i}", "cells", (int)m));
out:
	json_decref(current);
	free(vals);
	ret_clear(&x);
}

void returns_step(struct request *r)
{
	const char *action = strrchr(r->path, '/') + 1;
	const struct step *step = NULL;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (strcmp(steps[i].action, action) == 0)
			step = &steps[i];
	struct ret x;
	if (!step || !return_of_path(r, &x))
		return;
	json_t *o = NULL;
	if (!(step->roles & (1u << r->caller.role))) {
		reply_error(r, 403, "auth.role", "Your role cannot %s a return.", action);
		goto out;
	}
	const char *comment = json_string_value(json_object_get(r->body, "comment"));
	if (json_object_get(r->body, "comment") && !json_is_null(json_object_get(r->body, "comment")) &&
	    (!comment || strlen(comment) > STEP_COMMENT_MAX)) {
		reply_invalid(r, "comment", "The comment must be text of at most %d bytes.", STEP_COMMENT_MAX);
		goto out;
	}
	if (comment && !comment[strspn(comment, " \t\r\n")])
		comment = NULL;         /* only spaces: no comment */
	if (step->comment_required && !comment) {
		reply_invalid(r, "comment", "Say why: the comment goes to the district with the return.");
		goto out;
	}
	struct lock l;
	if (!lock_of(r, &x, &l))
		goto out;
	if (!strcmp(step->action, "submit") && (!l.started || l.locked)) {
		reply_error(r, 409, l.locked ? "period.locked" : "period.not_started",
			    l.locked ? "Entry for %s closed after %s. Ask the Cell to reopen it for this district."
				     : "The period %s has not begun (%s).",
			    x.period_text, l.locked ? l.lock : l.first);
		goto out;
	}
	if (!(o = return_json(r, &x)))
		goto out;
	const char *now = json_string_value(json_object_get(o, "status"));
	if (strcmp(now, step->to) == 0 && !step->comment_required) {
		reply_json(r, 200, o);  /* done already: a double click or a retry */
		o = NULL;
		goto out;
	}
	if (!strcmp(step->action, "submit") && !json_object_size(json_object_get(o, "values"))) {
		reply_error(r, 422, "return.empty",
			    "Nothing has been entered. A district with nothing to report enters 0 in the cells: "
			    "an empty cell means not reported.");
		goto out;
	}
	if (step->validate) {
		json_t *fails = json_object_get(o, "validation"), *blocking = json_array();
		size_t i;
		json_t *f;
		json_array_foreach(fails, i, f)
			if (!strcmp(json_string_value(json_object_get(f, "importance")), "high"))
				json_array_append(blocking, f);
		if (json_array_size(blocking)) {
			json_t *err = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "validation.failed", "message",
						"The return breaks rules that must hold: correct the cells named.", "rules",
						blocking);
			reply_json(r, 422, err);
			goto out;
		}
		json_decref(blocking);
	}
	char was[16] = "";
	enum db_status st = r->db->ops->return_step(r->db, &x.key, step->action, step->from, step->to, comment,
						    util_now_ms(), r->caller.user_id, was);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "workflow.not_allowed", "This return is %s; it cannot be given \"%s\" now.", was, action);
		goto out;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	char act[32];
	snprintf(act, sizeof act, "return.%s", action);
	reply_audited(r, &x, act, json_pack("{s:s, s:s}", "from", was, "to", step->to));
out:
	json_decref(o);
	ret_clear(&x);
}

void returns_cell_history(struct request *r)
{
	struct ret x;
	if (!return_of_path(r, &x))
		return;
	const char *cell = request_query(r, "cell");
	json_t *id = cell ? json_object_get(x.cells, cell) : NULL;
	if (!id) {
		reply_invalid(r, "cell", "cell must name a cell of the data set, as \"victims_rescued.female_u18\".");
		ret_clear(&x);
		return;
	}
	json_t *items;
	if (r->db->ops->value_history(r->db, x.key.dataset_id, x.key.district_lgd, x.period_text, json_integer_value(id), &items) != DB_OK) {
		reply_db_error(r);
		ret_clear(&x);
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:O?, s:o}", "cell", cell, "name", json_object_get(x.names, cell), "items",
				     items));
	ret_clear(&x);
}

/* The Cell reopens entry past the period's lock for one district, until a
 * day, with a reason. */
void returns_exception(struct request *r)
{
	struct ret x;
	if (!return_of_path(r, &x))
		return;
	const char *until = json_string_value(json_object_get(r->body, "open_until"));
	const char *reason = json_string_value(json_object_get(r->body, "reason"));
	char today[11];
	returns_today(today);
	struct period probe;
	if (!until || strlen(until) != 10 || !period_containing(PERIOD_MONTHLY, until, &probe) || strcmp(until, today) < 0) {
		reply_invalid(r, "open_until", "open_until must be a day (YYYY-MM-DD), today (%s) or later.", today);
		goto out;
	}
	if (!reason || !reason[strspn(reason, " \t\r\n")] || strlen(reason) > STEP_COMMENT_MAX) {
		reply_invalid(r, "reason", "Say why entry is reopened (at most %d bytes).", STEP_COMMENT_MAX);
		goto out;
	}
	if (r->db->ops->period_exception_put(r->db, x.key.dataset_id, x.period_text, x.key.district_lgd, until, reason,
					     util_now_ms(), r->caller.user_id) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	reply_audited(r, &x, "return.exception", json_pack("{s:s}", "open_until", until));
out:
	ret_clear(&x);
}

/* ---- completeness and timeliness ---- */

/* Milliseconds at the end of the day "YYYY-MM-DD" in India. */
static int64_t end_of_day_ist_ms(const char *day)
{
	struct tm tm = { 0 };
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	return ((int64_t)timegm(&tm) + 86400 - 19800) * 1000;
}

static bool status_in(const char *s, const char *const *set)
{
	for (size_t i = 0; s && set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static const char *const submitted_set[] = { "submitted", "approved", "accepted", NULL };
static const char *const approved_set[] = { "approved", "accepted", NULL };

/* The data set named by ?dataset= (*ds, new reference) and a valid
 * ?format=; false with a reply. */
bool returns_dataset_of_query(struct request *r, json_t **ds)
{
	const char *code = request_query(r, "dataset"), *format = request_query(r, "format");
	if (!code || !valid_code(code)) {
		reply_invalid(r, "dataset", "dataset must name a data set (GET /api/v1/datasets).");
		return false;
	}
	if (format && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "pdf")) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return false;
	}
	enum db_status st = r->db->ops->dataset_get(r->db, code, ds);
	if (st == DB_NOTFOUND)
		reply_invalid(r, "dataset", "There is no data set %s.", code);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

/* Whose districts a report covers (completeness, pivot): the caller's
 * jurisdiction, narrowed by ?state= (another State's is 404).  *state and
 * *district 0 for any.  False with a reply. */
bool returns_scope_of_query(struct request *r, int *state, int *district)
{
	const struct scope *s = &r->caller.scope;
	if (s->level != SCOPE_NATIONAL && s->level != SCOPE_STATE && s->level != SCOPE_DISTRICT) {
		reply_not_found(r);
		return false;
	}
	*state = s->level >= SCOPE_STATE ? s->state_lgd : 0;
	*district = s->level == SCOPE_DISTRICT ? s->district_lgd : 0;
	const char *sv = request_query(r, "state");
	long long want = 0;
	if (sv && (!util_parse_int(sv, 1, 999999, &want) || !r->db->ops->state_exists(r->db, (int)want))) {
		reply_invalid(r, "state", "state must be a State's LGD code.");
		return false;
	}
	if (want && *state && want != *state) {
		reply_not_found(r);
		return false;
	}
	if (want)
		*state = (int)want;
	return true;
}

/* Adds one district's return to the counts c. */
static void count(json_t *c, const json_t *row, int64_t due_ms)
{
	const char *status = json_string_value(json_object_get(row, "status"));
	json_t *sub = json_object_get(row, "submitted_ms");
	static const char *const keys[] = { "expected", "entered", "submitted", "on_time", "approved", "accepted",
					    "returned" };
	bool hit[7] = { true, status != NULL, status_in(status, submitted_set),
			status_in(status, submitted_set) && json_is_integer(sub) && json_integer_value(sub) <= due_ms,
			status_in(status, approved_set), status && !strcmp(status, "accepted"),
			status && !strcmp(status, "returned") };
	for (int i = 0; i < 7; i++)
		if (hit[i])
			json_object_set_new(c, keys[i], json_integer(json_integer_value(json_object_get(c, keys[i])) + 1));
}

static json_t *zero_counts(void)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "expected", 0, "entered", 0, "submitted", 0, "on_time", 0,
			 "approved", 0, "accepted", 0, "returned", 0);
}

static void completeness_export(struct request *r, const char *format, const json_t *o, bool by_state)
{
	static const char *const state_keys[] = { "state", "expected", "entered", "submitted", "on_time", "approved",
						  "accepted", "returned" };
	static const char *const state_labels[] = { "State/UT", "Expected", "Entered", "Submitted", "On time",
						    "Approved", "Accepted", "Returned" };
	static const char *const district_keys[] = { "state", "district", "status_label", "submitted_at", "on_time_text",
						     "approved_at", "accepted_at" };
	static const char *const district_labels[] = { "State/UT", "District", "Status", "Submitted", "On time",
						       "Approved", "Accepted" };
	char title[256];
	snprintf(title, sizeof title, "Completeness of the %s, %s", json_string_value(json_object_get(json_object_get(o, "dataset"), "name")),
		 json_string_value(json_object_get(o, "period_label")));
	json_t *rows = json_deep_copy(json_object_get(o, by_state ? "states" : "districts"));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		json_t *v;
		const char *k;
		void *tmp;
		json_object_foreach_safe(row, tmp, k, v)
			if (json_is_integer(v))
				json_object_set_new(row, k, json_sprintf("%lld", (long long)json_integer_value(v)));
		if (!by_state) {
			const char *st = json_string_value(json_object_get(row, "status"));
			json_object_set_new(row, "status_label", json_string(st ? st : "not entered"));
			json_object_set_new(row, "on_time_text", json_string(json_is_true(json_object_get(row, "on_time")) ? "yes"
									: json_is_false(json_object_get(row, "on_time")) ? "no" : ""));
		}
	}
	struct reg_table t = { title, by_state ? state_keys : district_keys, by_state ? state_labels : district_labels,
			       by_state ? 8 : 7, rows };
	registers_reply_export(r, "completeness", format, &t);
	json_decref(rows);
}

void returns_completeness(struct request *r)
{
	json_t *ds = NULL, *rows = NULL;
	const char *ptext = request_query(r, "period"), *format = request_query(r, "format");
	if (!returns_dataset_of_query(r, &ds))
		return;
	enum period_type t;
	struct period p;
	if (!period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t) || !ptext ||
	    !period_parse_as(ptext, t, &p)) {
		reply_invalid(r, "period", "period must be a period of this %s data set.",
			      json_string_value(json_object_get(ds, "period_type")));
		goto out;
	}
	int state, district;
	if (!returns_scope_of_query(r, &state, &district))
		goto out;
	char text[PERIOD_TEXT_MAX], label[PERIOD_LABEL_MAX], due[11];
	period_format(&p, text);
	period_label(&p, label);
	period_day_after_end(&p, (int)json_integer_value(json_object_get(ds, "due_days")), due);
	int64_t due_ms = end_of_day_ist_ms(due);
	if (r->db->ops->completeness(r->db, json_integer_value(json_object_get(ds, "id")), text, state, district, &rows) !=
	    DB_OK) {
		reply_db_error(r);
		goto out;
	}
	json_t *totals = zero_counts(), *states = json_array(), *districts = json_array();
	size_t i;
	json_t *row, *cur = NULL;
	json_array_foreach(rows, i, row) {
		count(totals, row, due_ms);
		if (!cur || json_integer_value(json_object_get(cur, "state_lgd")) !=
				    json_integer_value(json_object_get(row, "state_lgd"))) {
			cur = zero_counts();
			json_object_set(cur, "state_lgd", json_object_get(row, "state_lgd"));
			json_object_set(cur, "state", json_object_get(row, "state"));
			json_array_append_new(states, cur);
		}
		count(cur, row, due_ms);
		json_t *sub = json_object_get(row, "submitted_ms");
		const char *stt = json_string_value(json_object_get(row, "status"));
		json_t *d = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "district_lgd",
				      json_object_get(row, "district_lgd"), "district", json_object_get(row, "district"),
				      "state_lgd", json_object_get(row, "state_lgd"), "state", json_object_get(row, "state"),
				      "status", json_object_get(row, "status"), "submitted_at",
				      json_object_get(row, "submitted_at"), "approved_at", json_object_get(row, "approved_at"),
				      "accepted_at", json_object_get(row, "accepted_at"));
		json_object_set_new(d, "on_time", status_in(stt, submitted_set) && json_is_integer(sub)
							  ? json_boolean(json_integer_value(sub) <= due_ms)
							  : json_null());
		json_array_append_new(districts, d);
	}
	bool by_state = !state;
	json_t *o = json_pack("{s:{s:O, s:O, s:O}, s:s, s:s, s:s, s:s, s:o}", "dataset", "code",
			      json_object_get(ds, "code"), "name", json_object_get(ds, "name"), "period_type",
			      json_object_get(ds, "period_type"), "period", text, "period_label", label, "due", due,
			      "level", by_state ? "state" : "district", "totals", totals);
	json_object_set_new(o, "states", states);
	json_object_set_new(o, "districts", by_state ? json_array() : districts);
	if (by_state)
		json_decref(districts);
	if (format && strcmp(format, "json") != 0) {
		completeness_export(r, format, o, by_state);
		json_decref(o);
		goto out;
	}
	reply_json(r, 200, o);
out:
	json_decref(rows);
	json_decref(ds);
}

/* ---- the Cell defines a data set ---- */

#define DEF_NAME_MAX 200
#define DEF_TEXT_MAX 2000
#define DEF_LIST_MAX 200        /* disaggregations, indicators, rules of one data set */
#define DEF_OPTIONS_MAX 60
#define DEF_CATEGORIES_MAX 4
#define DEF_SECTIONS_MAX 30

/* A required short text of o (or optional when !required); false with a reply. */
static bool def_text(struct request *r, const json_t *o, const char *key, const char *where, size_t max, bool required)
{
	json_t *v = json_object_get(o, key);
	if (!v && !required)
		return true;
	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) > max) {
		reply_invalid(r, key, "%s: %s must be text of 1 to %zu bytes.", where, key, max);
		return false;
	}
	return true;
}

static bool def_code(struct request *r, const json_t *o, const char *where, json_t *seen)
{
	const char *c = json_string_value(json_object_get(o, "code"));
	if (!valid_code(c)) {
		reply_invalid(r, "code", "%s: code must be 1 to %d lower-case letters, digits or _.", where, RULE_CODE_MAX);
		return false;
	}
	if (seen && json_object_get(seen, c)) {
		reply_invalid(r, "code", "%s: the code %s is used twice.", where, c);
		return false;
	}
	if (seen)
		json_object_set_new(seen, c, json_true());
	return true;
}

static bool def_list(struct request *r, const json_t *body, const char *key, size_t min, size_t max)
{
	json_t *a = json_object_get(body, key);
	if ((!a && min == 0) || (json_is_array(a) && json_array_size(a) >= min && json_array_size(a) <= max))
		return true;
	reply_invalid(r, key, "%s must be a list of %zu to %zu items.", key, min, max);
	return false;
}

/* Whether combo ("female_u18") is a cell of categories. */
static bool def_has_combo(const json_t *categories, const char *combo)
{
	char buf[256] = "", label[512] = "";
	return json_array_size(categories) && combo_walk(categories, 0, combo, buf, sizeof buf, label, sizeof label);
}

void returns_define_dataset(struct request *r)
{
	const char *code = r->nparams ? r->params[0] : NULL;
	json_t *b = r->body, *seen = json_object(), *dis = json_object(), *inds = json_object(), *in_sections = json_object();
	size_t i, k, m;
	json_t *x, *y, *z;
	if (!valid_code(code)) {
		reply_invalid(r, "code", "A data set's code is 1 to %d lower-case letters, digits or _.", RULE_CODE_MAX);
		goto out;
	}
	if (!json_is_object(b) || !def_text(r, b, "name", "The data set", DEF_NAME_MAX, true) ||
	    !def_text(r, b, "description", "The data set", DEF_TEXT_MAX, false))
		goto out;
	enum period_type t;
	if (!period_type_parse(json_string_value(json_object_get(b, "period_type")), &t)) {
		reply_invalid(r, "period_type", "period_type must be monthly, quarterly, annual or financial_year.");
		goto out;
	}
	static const char *const days[] = { "lock_days", "due_days" };
	for (int d = 0; d < 2; d++) {
		json_t *v = json_object_get(b, days[d]);
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3650) {
			reply_invalid(r, days[d], "%s must be a whole number of days from 0 to 3650.", days[d]);
			goto out;
		}
	}
	if (!def_list(r, b, "disaggregations", 0, DEF_LIST_MAX) || !def_list(r, b, "indicators", 1, DEF_LIST_MAX) ||
	    !def_list(r, b, "sections", 1, DEF_SECTIONS_MAX) || !def_list(r, b, "rules", 0, DEF_LIST_MAX))
		goto out;
	/* disaggregations: categories of options, codes unique */
	json_array_foreach(json_object_get(b, "disaggregations"), i, x) {
		char where[64];
		snprintf(where, sizeof where, "Disaggregation %zu", i + 1);
		if (!json_is_object(x) || !def_code(r, x, where, seen) || !def_text(r, x, "name", where, DEF_NAME_MAX, true))
			goto out;
		json_t *cats = json_object_get(x, "categories");
		if (!json_is_array(cats) || !json_array_size(cats) || json_array_size(cats) > DEF_CATEGORIES_MAX) {
			reply_invalid(r, "categories", "%s: categories must be a list of 1 to %d.", where, DEF_CATEGORIES_MAX);
			goto out;
		}
		size_t cells = 1;
		json_t *opts_seen = json_object();
		json_array_foreach(cats, k, y) {
			json_t *opts = json_object_get(y, "options");
			if (!json_is_object(y) || !def_code(r, y, where, NULL) || !def_text(r, y, "name", where, DEF_NAME_MAX, true) ||
			    !json_is_array(opts) || json_array_size(opts) < 2 || json_array_size(opts) > DEF_OPTIONS_MAX) {
				if (!r->status)
					reply_invalid(r, "options", "%s: each category needs 2 to %d options.", where, DEF_OPTIONS_MAX);
				json_decref(opts_seen);
				goto out;
			}
			json_array_foreach(opts, m, z)
				if (!json_is_object(z) || !def_code(r, z, where, opts_seen) ||
				    !def_text(r, z, "name", where, DEF_NAME_MAX, true)) {
					json_decref(opts_seen);
					goto out;
				}
			cells *= json_array_size(opts);
		}
		json_decref(opts_seen);
		if (cells > 500) {
			reply_invalid(r, "categories", "%s makes %zu cells; at most 500.", where, cells);
			goto out;
		}
		json_object_set(dis, json_string_value(json_object_get(x, "code")), cats);
	}
	json_object_clear(seen);
	/* indicators: a disaggregation of the body, or none */
	json_array_foreach(json_object_get(b, "indicators"), i, x) {
		char where[64];
		snprintf(where, sizeof where, "Indicator %zu", i + 1);
		if (!json_is_object(x) || !def_code(r, x, where, seen) || !def_text(r, x, "name", where, DEF_NAME_MAX, true) ||
		    !def_text(r, x, "description", where, DEF_TEXT_MAX, false))
			goto out;
		const char *d = json_string_value(json_object_get(x, "disaggregation"));
		if (json_object_get(x, "disaggregation") && !json_is_null(json_object_get(x, "disaggregation")) &&
		    (!d || !json_object_get(dis, d))) {
			reply_invalid(r, "disaggregation", "%s: its disaggregation must be one of this body's disaggregations.",
				      where);
			goto out;
		}
		json_object_set_new(inds, json_string_value(json_object_get(x, "code")),
				    d ? json_incref(json_object_get(dis, d)) : json_null());
	}
	/* sections: the body's indicators, each once */
	json_array_foreach(json_object_get(b, "sections"), i, x) {
		char where[64];
		snprintf(where, sizeof where, "Section %zu", i + 1);
		json_t *list = json_object_get(x, "indicators");
		if (!json_is_object(x) || !def_text(r, x, "name", where, DEF_NAME_MAX, true) || !json_is_array(list) ||
		    !json_array_size(list)) {
			if (!r->status)
				reply_invalid(r, "sections", "%s: indicators must be a list of the body's indicators' codes.", where);
			goto out;
		}
		json_array_foreach(list, k, y) {
			const char *c = json_string_value(y);
			if (!c || !json_object_get(inds, c) || json_object_get(in_sections, c)) {
				reply_invalid(r, "sections", "%s: %s must be an indicator of the body, in one section only.", where,
					      c ? c : "each item");
				goto out;
			}
			json_object_set_new(in_sections, c, json_true());
		}
	}
	/* every indicator of the body is in a section */
	const char *key;
	json_object_foreach(inds, key, x)
		if (!json_object_get(in_sections, key)) {
			reply_invalid(r, "sections", "The indicator %s is in no section.", key);
			goto out;
		}
	/* rules: their expressions read and name the data set's cells */
	json_object_clear(seen);
	json_array_foreach(json_object_get(b, "rules"), i, x) {
		char where[64];
		snprintf(where, sizeof where, "Rule %zu", i + 1);
		if (!json_is_object(x) || !def_code(r, x, where, seen) || !def_text(r, x, "name", where, DEF_NAME_MAX, true) ||
		    !def_text(r, x, "instruction", where, DEF_TEXT_MAX, false))
			goto out;
		enum rule_op op;
		const char *imp = json_string_value(json_object_get(x, "importance"));
		if (!rule_op_parse(json_string_value(json_object_get(x, "op")), &op)) {
			reply_invalid(r, "op", "%s: op must be ==, !=, <, <=, > or >=.", where);
			goto out;
		}
		if (!imp || (strcmp(imp, "high") && strcmp(imp, "medium") && strcmp(imp, "low"))) {
			reply_invalid(r, "importance", "%s: importance must be high, medium or low.", where);
			goto out;
		}
		static const char *const sides[] = { "left", "right" };
		for (int s = 0; s < 2; s++) {
			struct rule_expr e;
			char err[256];
			if (!rule_expr_parse(json_string_value(json_object_get(x, sides[s])), &e, err, sizeof err)) {
				reply_invalid(r, sides[s], "%s, %s side: %s", where, sides[s], err);
				goto out;
			}
			for (size_t n = 0; n < e.nterms; n++) {
				const struct rule_term *term = &e.terms[n];
				if (!term->indicator[0])
					continue;
				json_t *cats = json_object_get(inds, term->indicator);
				if (!json_object_get(in_sections, term->indicator)) {
					reply_invalid(r, sides[s], "%s: %s is not an indicator of this data set.", where, term->indicator);
					goto out;
				}
				if (term->combo[0] && (json_is_null(cats) || !def_has_combo(cats, term->combo))) {
					reply_invalid(r, sides[s], "%s: %s has no cell %s.", where, term->indicator, term->combo);
					goto out;
				}
			}
		}
	}
	json_t *def = json_deep_copy(b);
	json_object_set_new(def, "code", json_string(code));
	if (!json_object_get(def, "disaggregations"))
		json_object_set_new(def, "disaggregations", json_array());
	if (!json_object_get(def, "rules"))
		json_object_set_new(def, "rules", json_array());
	enum db_status st = r->db->ops->returns_define(r->db, def, util_now_ms(), r->caller.user_id);
	json_decref(def);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "dataset.in_use",
			    "An existing data set keeps its period type, an indicator its disaggregation and a disaggregation its "
			    "categories: their cells hold values. Use new codes for a new shape.");
		goto out;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	json_t *ds;
	if (r->db->ops->dataset_get(r->db, code, &ds) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	if (audit_record(r, "dataset.define", "dataset", code, "ok",
			 json_pack("{s:i, s:i}", "indicators", (int)json_object_size(inds), "rules",
				   (int)json_array_size(json_object_get(b, "rules")))) != 0) {
		json_decref(ds);
		reply_db_error(r);
		goto out;
	}
	reply_json(r, 200, ds);
out:
	json_decref(seen);
	json_decref(dis);
	json_decref(inds);
	json_decref(in_sections);
}

/* ---- the digest: returns due and overdue ---- */

#define DIGEST_PERIODS_BACK 3   /* ended periods still chased */
#define DIGEST_SOON_DAYS 14

/* Days from a to b ("YYYY-MM-DD"), b - a. */
static int days_between(const char *a, const char *b)
{
	return (int)((end_of_day_ist_ms(b) - end_of_day_ist_ms(a)) / 86400000);
}

json_t *returns_digest(struct db *db, int state)
{
	json_t *list = NULL, *over = json_array(), *soon = json_array();
	if (db->ops->datasets_list(db, &list) != DB_OK) {
		json_decref(over);
		json_decref(soon);
		return NULL;
	}
	char today[11];
	returns_today(today);
	size_t i;
	json_t *ds;
	json_array_foreach(list, i, ds) {
		enum period_type t;
		struct period p;
		if (!period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t) ||
		    !period_containing(t, today, &p))
			continue;
		for (int back = 0; back <= DIGEST_PERIODS_BACK; back++, p = period_previous(&p)) {
			char text[PERIOD_TEXT_MAX], label[PERIOD_LABEL_MAX], due[11];
			period_format(&p, text);
			period_label(&p, label);
			period_day_after_end(&p, (int)json_integer_value(json_object_get(ds, "due_days")), due);
			char lock[11];
			period_day_after_end(&p, (int)json_integer_value(json_object_get(ds, "lock_days")), lock);
			int left = days_between(today, due);
			if (left > DIGEST_SOON_DAYS || strcmp(today, lock) > 0)
				continue;       /* not due yet, or closed: completeness shows those */
			json_t *rows = NULL;
			if (db->ops->completeness(db, json_integer_value(json_object_get(ds, "id")), text, state, 0, &rows) !=
			    DB_OK) {
				json_decref(list);
				json_decref(over);
				json_decref(soon);
				return NULL;
			}
			json_t *names = json_array();
			size_t k;
			json_t *row;
			json_array_foreach(rows, k, row)
				if (!status_in(json_string_value(json_object_get(row, "status")), submitted_set))
					json_array_append(names, json_object_get(row, "district"));
			size_t expected = json_array_size(rows);
			json_decref(rows);
			if (!json_array_size(names)) {
				json_decref(names);
				continue;
			}
			json_t *item = json_pack("{s:O, s:O, s:s, s:s, s:s, s:i, s:I, s:I, s:o}", "dataset",
						 json_object_get(ds, "code"), "dataset_name", json_object_get(ds, "name"),
						 "period", text, "period_label", label, "due", due, "days_overdue",
						 left < 0 ? -left : 0, "missing", (json_int_t)json_array_size(names), "expected",
						 (json_int_t)expected, "districts", names);
			json_array_append_new(left < 0 ? over : soon, item);
		}
	}
	json_decref(list);
	return json_pack("{s:o, s:o}", "returns_overdue", over, "returns_due_soon", soon);
}

/* ---- the pivot ---- */

#define PIVOT_PERIODS_MAX 240

static const char *const dim_names[] = { "none", "state", "district", "period", "combo", "year", NULL };

static bool dim_parse(const char *s, enum db_pivot_dim *d)
{
	for (int i = 0; dim_names[i]; i++)
		if (s && strcmp(s, dim_names[i]) == 0) {
			*d = (enum db_pivot_dim)i;
			return true;
		}
	return false;
}

/* The members of a dimension, in order: [{key, label, population?}]. */
static json_t *dim_members(struct request *r, enum db_pivot_dim d, int state, int district, const struct period *from,
			   const struct period *to, const json_t *ind, const char *combo)
{
	json_t *out = json_array();
	size_t i;
	json_t *x;
	if (d == PIVOT_NONE) {
		json_array_append_new(out, json_pack("{s:s, s:s}", "key", "", "label", "All"));
	} else if (d == PIVOT_STATE) {
		json_t *all = r->db->ops->states_list(r->db);
		json_array_foreach(json_is_array(all) ? all : json_object_get(all, "items"), i, x) {
			int lgd = (int)json_integer_value(json_object_get(x, "lgd"));
			if (state && lgd != state)
				continue;
			json_array_append_new(out, json_pack("{s:o, s:O, s:O?}", "key", json_sprintf("%d", lgd), "label",
							     json_object_get(x, "name"), "population",
							     json_object_get(x, "population")));
		}
		json_decref(all);
	} else if (d == PIVOT_DISTRICT) {
		json_t *states = r->db->ops->states_list(r->db);
		json_array_foreach(json_is_array(states) ? states : json_object_get(states, "items"), i, x) {
			int lgd = (int)json_integer_value(json_object_get(x, "lgd"));
			if (state && lgd != state)
				continue;
			json_t *ds = r->db->ops->districts_list(r->db, lgd);
			size_t k;
			json_t *y;
			json_array_foreach(json_is_array(ds) ? ds : json_object_get(ds, "items"), k, y) {
				int dl = (int)json_integer_value(json_object_get(y, "lgd"));
				if (district && dl != district)
					continue;
				json_array_append_new(out, json_pack("{s:o, s:O, s:O, s:O?}", "key", json_sprintf("%d", dl), "label",
								     json_object_get(y, "name"), "state",
								     json_object_get(x, "name"), "population",
								     json_object_get(y, "population")));
			}
			json_decref(ds);
		}
		json_decref(states);
	} else if (d == PIVOT_PERIOD) {
		struct period p = *from;
		for (int n = 0; n < PIVOT_PERIODS_MAX && period_compare(&p, to) <= 0; n++) {
			char text[PERIOD_TEXT_MAX], label[PERIOD_LABEL_MAX];
			period_format(&p, text);
			period_label(&p, label);
			json_array_append_new(out, json_pack("{s:s, s:s}", "key", text, "label", label));
			struct period next = period_next(&p);
			if (period_compare(&next, &p) == 0)
				break;
			p = next;
		}
	} else if (d == PIVOT_YEAR) {
		for (int y = from->year; y <= to->year; y++) {
			char key[8], label[16];
			snprintf(key, sizeof key, "%d", y);
			if (from->type == PERIOD_FINANCIAL_YEAR)
				snprintf(label, sizeof label, "%d-%02d", y, (y + 1) % 100);
			else
				snprintf(label, sizeof label, "%d", y);
			json_array_append_new(out, json_pack("{s:s, s:s}", "key", key, "label", label));
		}
	} else {
		const json_t *cats = json_object_get(json_object_get(ind, "disaggregation"), "categories");
		json_array_foreach(json_object_get(ind, "cells"), i, x) {
			const char *c = json_string_value(json_object_get(x, "combo"));
			if (combo && strcmp(c, combo) != 0)
				continue;
			char label[512];
			returns_combo_label(cats, c, label, sizeof label);
			json_array_append_new(out, json_pack("{s:s, s:s}", "key", c, "label", *label ? label : "Total"));
		}
	}
	return out;
}

static long key_index(const json_t *members, const char *key)
{
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m)
		if (strcmp(json_string_value(json_object_get(m, "key")), key) == 0)
			return (long)i;
	return -1;
}

static void pivot_export(struct request *r, const char *format, const json_t *o)
{
	const json_t *cols = json_object_get(o, "cols"), *rows = json_object_get(o, "rows");
	size_t nc = json_array_size(cols), i, j;
	bool rates = json_is_object(json_object_get(o, "rates"));
	const json_t *cmp = json_object_get(o, "compare");
	size_t ncols = nc + 2 + (rates ? 1 : 0) + (cmp ? 2 : 0);
	const char **keys = calloc(ncols, sizeof *keys), **labels = calloc(ncols, sizeof *labels);
	char (*names)[24] = calloc(ncols, sizeof *names);
	json_t *table = json_array();
	if (!keys || !labels || !names) {
		reply_db_error(r);
		goto out;
	}
	keys[0] = "label";
	labels[0] = json_string_value(json_object_get(o, "rows_label"));
	for (j = 0; j < nc; j++) {
		snprintf(names[j + 1], sizeof names[0], "c%zu", j);
		keys[j + 1] = names[j + 1];
		labels[j + 1] = json_string_value(json_object_get(json_array_get(cols, j), "label"));
	}
	keys[nc + 1] = "total";
	labels[nc + 1] = "Total";
	if (rates) {
		keys[nc + 2] = "rate";
		labels[nc + 2] = "Per lakh population";
	}
	char cmp_label[PERIOD_LABEL_MAX * 2 + 8] = "";
	if (cmp) {
		size_t at = nc + 2 + (rates ? 1 : 0);
		snprintf(cmp_label, sizeof cmp_label, "%s to %s", json_string_value(json_object_get(cmp, "from_label")),
			 json_string_value(json_object_get(cmp, "to_label")));
		keys[at] = "before";
		labels[at] = cmp_label;
		keys[at + 1] = "change";
		labels[at + 1] = "Change (%)";
	}
	json_t *m;
	json_array_foreach(rows, i, m) {
		json_t *row = json_pack("{s:O}", "label", json_object_get(m, "label"));
		json_t *vals = json_array_get(json_object_get(o, "values"), i);
		for (j = 0; j < nc; j++) {
			json_t *v = json_array_get(vals, j);
			json_object_set_new(row, keys[j + 1], json_is_integer(v) ? json_sprintf("%lld", (long long)json_integer_value(v))
										: json_string(""));
		}
		json_t *t = json_array_get(json_object_get(o, "row_totals"), i);
		json_object_set_new(row, "total", json_is_integer(t) ? json_sprintf("%lld", (long long)json_integer_value(t)) : json_string(""));
		if (rates) {
			json_t *rt = json_array_get(json_object_get(json_object_get(o, "rates"), "rows"), i);
			json_object_set_new(row, "rate", json_is_number(rt) ? json_sprintf("%.2f", json_number_value(rt)) : json_string(""));
		}
		if (cmp) {
			json_t *b = json_array_get(json_object_get(cmp, "row_totals"), i);
			json_t *c = json_array_get(json_object_get(cmp, "change"), i);
			json_object_set_new(row, "before", json_is_integer(b) ? json_sprintf("%lld", (long long)json_integer_value(b)) : json_string(""));
			json_object_set_new(row, "change", json_is_number(c) ? json_sprintf("%+.1f", json_number_value(c)) : json_string(""));
		}
		json_array_append_new(table, row);
	}
	/* and the totals of the columns */
	json_t *trow = json_pack("{s:s}", "label", "Total");
	for (j = 0; j < nc; j++) {
		json_t *v = json_array_get(json_object_get(o, "col_totals"), j);
		json_object_set_new(trow, keys[j + 1], json_is_integer(v) ? json_sprintf("%lld", (long long)json_integer_value(v))
									   : json_string(""));
	}
	json_t *tt = json_object_get(o, "total");
	json_object_set_new(trow, "total", json_is_integer(tt) ? json_sprintf("%lld", (long long)json_integer_value(tt)) : json_string(""));
	if (rates) {
		json_t *rt = json_object_get(json_object_get(o, "rates"), "total");
		json_object_set_new(trow, "rate", json_is_number(rt) ? json_sprintf("%.2f", json_number_value(rt)) : json_string(""));
	}
	if (cmp) {
		json_t *b = json_object_get(cmp, "total"), *c = json_object_get(cmp, "total_change");
		json_object_set_new(trow, "before", json_is_integer(b) ? json_sprintf("%lld", (long long)json_integer_value(b)) : json_string(""));
		json_object_set_new(trow, "change", json_is_number(c) ? json_sprintf("%+.1f", json_number_value(c)) : json_string(""));
	}
	json_array_append_new(table, trow);
	char title[300];
	snprintf(title, sizeof title, "%s: %s, %s to %s", json_string_value(json_object_get(json_object_get(o, "dataset"), "name")),
		 json_string_value(json_object_get(json_object_get(o, "indicator"), "name")),
		 json_string_value(json_object_get(o, "from")), json_string_value(json_object_get(o, "to")));
	struct reg_table t = { title, keys, labels, ncols, table };
	registers_reply_export(r, "pivot", format, &t);
out:
	json_decref(table);
	free(keys);
	free(labels);
	free(names);
}

/* The change in percent from was to now (one decimal), null when it has
 * no meaning. */
static json_t *change_of(const json_t *now, const json_t *was)
{
	if (!json_is_integer(was) || json_integer_value(was) == 0 || !json_is_integer(now))
		return json_null();
	double n = (double)json_integer_value(now);
	double w = (double)json_integer_value(was);
	return json_real(round((n - w) * 1000 / w) / 10);
}

/* Adds o.compare: the same rows over the periods before (as many) or a
 * year before — {kind, from, to, from_label, to_label, row_totals, total,
 * change (percent a row, null where the earlier total is 0 or none),
 * total_change}.  False with a reply. */
static bool pivot_compare(struct request *r, json_t *o, const struct db_pivot *q, bool year, const struct period *from,
			  const struct period *to, int state, int district, const json_t *ind, const char *combo)
{
	struct period pf, pt;
	bool clamped = false;
	if (year) {
		pf = period_year_before(from);
		pt = period_year_before(to);
		clamped = period_compare(&pf, from) == 0;
	} else {
		int n = 1;
		for (struct period p = *from; period_compare(&p, to) < 0; n++) {
			if (n >= PIVOT_PERIODS_MAX) {
				reply_invalid(r, "compare", "A comparison takes at most %d periods: narrow from and to.", PIVOT_PERIODS_MAX);
				return false;
			}
			p = period_next(&p);
		}
		pt = period_previous(from);
		pf = pt;
		clamped = period_compare(&pt, from) == 0;
		for (int k = 1; k < n && !clamped; k++) {
			struct period before = period_previous(&pf);
			clamped = period_compare(&before, &pf) == 0;
			pf = before;
		}
		/* years compared by place must be whole years, or a part of one
		 * would stand against a part of another */
		if ((q->rows == PIVOT_YEAR || q->cols == PIVOT_YEAR) && from->type != PERIOD_ANNUAL &&
		    from->type != PERIOD_FINANCIAL_YEAR) {
			char d1[11], d2[11];
			period_first_day(from, d1);
			period_last_day(to, d2);
			if (strcmp(d1 + 4, "-01-01") != 0 || strcmp(d2 + 4, "-12-31") != 0) {
				reply_invalid(r, "compare", "Years are compared with the years before only whole: from January to December.");
				return false;
			}
		}
	}
	if (clamped) {
		reply_invalid(r, "compare", "There are no periods before these to compare with (the earliest is %d).", PERIOD_YEAR_MIN);
		return false;
	}
	char ft[PERIOD_TEXT_MAX], tt[PERIOD_TEXT_MAX], fl[PERIOD_LABEL_MAX], tl[PERIOD_LABEL_MAX];
	period_format(&pf, ft);
	period_format(&pt, tt);
	period_label(&pf, fl);
	period_label(&pt, tl);
	struct db_pivot c = *q;
	c.from = ft;
	c.to = tt;
	c.cols = PIVOT_NONE;
	json_t *sums = NULL;
	if (r->db->ops->pivot(r->db, &c, &sums) != DB_OK) {
		reply_db_error(r);
		return false;
	}
	/* periods and years: the earlier range's members, matched by place */
	bool by_place = q->rows == PIVOT_PERIOD || q->rows == PIVOT_YEAR;
	json_t *earlier = by_place ? dim_members(r, q->rows, state, district, &pf, &pt, ind, combo) : NULL;
	const json_t *rows = json_object_get(o, "rows");
	size_t nr = json_array_size(rows), i;
	json_t *totals = json_array(), *x;
	for (i = 0; i < nr; i++)
		json_array_append_new(totals, json_null());
	json_t *total = json_null();
	json_array_foreach(sums, i, x) {
		long ri = key_index(by_place ? earlier : rows, json_string_value(json_array_get(x, 0)));
		if (ri < 0 || (size_t)ri >= nr)
			continue;
		json_int_t v = json_integer_value(json_array_get(x, 2));
		json_array_set_new(totals, (size_t)ri, json_integer(json_integer_value(json_array_get(totals, (size_t)ri)) + v));
		json_t *sum = json_integer(json_integer_value(total) + v);
		json_decref(total);
		total = sum;
	}
	json_t *change = json_array();
	const json_t *now = json_object_get(o, "row_totals");
	for (i = 0; i < nr; i++)
		json_array_append_new(change, change_of(json_array_get(now, i), json_array_get(totals, i)));
	json_object_set_new(o, "compare", json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "kind",
		year ? "year" : "previous", "from", ft, "to", tt, "from_label", fl, "to_label", tl, "row_totals", totals,
		"total", total, "change", change, "total_change", change_of(json_object_get(o, "total"), total)));
	json_decref(earlier);
	json_decref(sums);
	return true;
}

void returns_pivot(struct request *r)
{
	json_t *ds = NULL, *sums = NULL, *rm = NULL, *cm = NULL;
	const char *icode = request_query(r, "indicator"), *combo = request_query(r, "combo"),
		   *format = request_query(r, "format");
	if (!returns_dataset_of_query(r, &ds))
		return;
	/* the indicator, one of the data set's */
	const json_t *ind = NULL;
	size_t i, k;
	json_t *sec, *x;
	json_array_foreach(json_object_get(ds, "sections"), i, sec)
		json_array_foreach(json_object_get(sec, "indicators"), k, x)
			if (icode && strcmp(json_string_value(json_object_get(x, "code")), icode) == 0)
				ind = x;
	if (!ind) {
		reply_invalid(r, "indicator", "indicator must be one of the data set's indicators.");
		goto out;
	}
	if (combo) {
		bool found = false;
		json_array_foreach(json_object_get(ind, "cells"), i, x)
			found |= strcmp(json_string_value(json_object_get(x, "combo")), combo) == 0;
		if (!found || !*combo) {
			reply_invalid(r, "combo", "combo must be one of the indicator's cells (its options joined by _).");
			goto out;
		}
	}
	/* periods: from..to, by default the last 12 of the data set's type */
	enum period_type t;
	struct period from, to;
	char today[11];
	returns_today(today);
	if (!period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t) ||
	    !period_containing(t, today, &to)) {
		reply_db_error(r);
		goto out;
	}
	const char *fv = request_query(r, "from"), *tv = request_query(r, "to");
	if (tv && !period_parse_as(tv, t, &to)) {
		reply_invalid(r, "to", "to must be a period of this %s data set.", json_string_value(json_object_get(ds, "period_type")));
		goto out;
	}
	from = to;
	for (int n = 1; n < 12; n++)
		from = period_previous(&from);
	if (fv && !period_parse_as(fv, t, &from)) {
		reply_invalid(r, "from", "from must be a period of this %s data set.", json_string_value(json_object_get(ds, "period_type")));
		goto out;
	}
	if (period_compare(&from, &to) > 0) {
		reply_invalid(r, "from", "from must not come after to.");
		goto out;
	}
	int state, district;
	if (!returns_scope_of_query(r, &state, &district))
		goto out;
	enum db_pivot_dim rows = state ? PIVOT_DISTRICT : PIVOT_STATE, cols = PIVOT_NONE;
	if ((request_query(r, "rows") && !dim_parse(request_query(r, "rows"), &rows)) || rows == PIVOT_NONE) {
		reply_invalid(r, "rows", "rows must be state, district, period or combo.");
		goto out;
	}
	if ((request_query(r, "cols") && !dim_parse(request_query(r, "cols"), &cols)) || (cols != PIVOT_NONE && cols == rows)) {
		reply_invalid(r, "cols", "cols must be none, state, district, period or combo, and not the same as rows.");
		goto out;
	}
	if ((rows == PIVOT_DISTRICT || cols == PIVOT_DISTRICT) && !state) {
		reply_invalid(r, "rows", "Districts are shown one State at a time: add state=LGD.");
		goto out;
	}
	/* which returns count: by default those the State has approved */
	static const char *const includes[] = { "accepted", "approved", "submitted", "entered", NULL };
	static const char *const include_sets[] = {
		"[\"accepted\"]", "[\"approved\",\"accepted\"]", "[\"submitted\",\"approved\",\"accepted\"]",
		"[\"draft\",\"returned\",\"submitted\",\"approved\",\"accepted\"]",
	};
	const char *inc = request_query(r, "include");
	int which = 1;
	if (inc) {
		for (which = 0; includes[which] && strcmp(includes[which], inc) != 0; which++)
			;
		if (!includes[which]) {
			reply_invalid(r, "include", "include must be accepted, approved, submitted or entered.");
			goto out;
		}
	}
	char ft[PERIOD_TEXT_MAX], tt[PERIOD_TEXT_MAX];
	period_format(&from, ft);
	period_format(&to, tt);
	struct db_pivot q = { .dataset_id = json_integer_value(json_object_get(ds, "id")), .indicator = icode,
			      .combo = combo, .from = ft, .to = tt, .state_lgd = state, .district_lgd = district,
			      .statuses_json = include_sets[which], .rows = rows, .cols = cols };
	if (r->db->ops->pivot(r->db, &q, &sums) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	rm = dim_members(r, rows, state, district, &from, &to, ind, combo);
	cm = dim_members(r, cols, state, district, &from, &to, ind, combo);
	size_t nr = json_array_size(rm), nc = json_array_size(cm);
	json_t *values = json_array(), *row_totals = json_array(), *col_totals = json_array();
	for (i = 0; i < nr; i++) {
		json_t *row = json_array();
		for (k = 0; k < nc; k++)
			json_array_append_new(row, json_null());
		json_array_append_new(values, row);
		json_array_append_new(row_totals, json_null());
	}
	for (k = 0; k < nc; k++)
		json_array_append_new(col_totals, json_null());
	json_t *total = json_null();
	json_array_foreach(sums, i, x) {
		long ri = key_index(rm, json_string_value(json_array_get(x, 0)));
		long ci = key_index(cm, json_string_value(json_array_get(x, 1)));
		if (ri < 0 || ci < 0)
			continue;
		json_int_t v = json_integer_value(json_array_get(x, 2));
		json_t *row = json_array_get(values, (size_t)ri);
		json_array_set_new(row, (size_t)ci, json_integer(json_integer_value(json_array_get(row, (size_t)ci)) + v));
		json_array_set_new(row_totals, (size_t)ri, json_integer(json_integer_value(json_array_get(row_totals, (size_t)ri)) + v));
		json_array_set_new(col_totals, (size_t)ci, json_integer(json_integer_value(json_array_get(col_totals, (size_t)ci)) + v));
		json_t *sum = json_integer(json_integer_value(total) + v);
		json_decref(total);
		total = sum;
	}
	char flabel[PERIOD_LABEL_MAX], tlabel[PERIOD_LABEL_MAX];
	period_label(&from, flabel);
	period_label(&to, tlabel);
	json_t *o = json_pack("{s:{s:O, s:O, s:O}, s:{s:O, s:O}, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "dataset", "code", json_object_get(ds, "code"), "name", json_object_get(ds, "name"),
			      "period_type", json_object_get(ds, "period_type"), "indicator", "code",
			      json_object_get(ind, "code"), "name", json_object_get(ind, "name"), "combo", combo, "from", ft,
			      "to", tt, "from_label", flabel, "to_label", tlabel, "include", includes[which], "rows_dim",
			      dim_names[rows], "cols_dim", dim_names[cols], "rows_label",
			      rows == PIVOT_STATE ? "State/UT" : rows == PIVOT_DISTRICT ? "District"
								  : rows == PIVOT_PERIOD ? "Period"
								  : rows == PIVOT_YEAR ? "Year" : "Disaggregation");
	json_object_set(o, "rows", rm);
	json_object_set(o, "cols", cm);
	json_object_set_new(o, "values", values);
	json_object_set_new(o, "row_totals", row_totals);
	json_object_set_new(o, "col_totals", col_totals);
	json_object_set_new(o, "total", total);
	/* the change on the previous periods of the same length, or on the
	 * same periods a year before: row by row (places and categories by
	 * key, periods and years by place in the range) */
	const char *cmp = request_query(r, "compare");
	if (cmp && strcmp(cmp, "previous") && strcmp(cmp, "year")) {
		reply_invalid(r, "compare", "compare must be previous (the periods before, as many) or year (a year before).");
		json_decref(o);
		goto out;
	}
	if (cmp && !pivot_compare(r, o, &q, strcmp(cmp, "year") == 0, &from, &to, state, district, ind, combo)) {
		json_decref(o);
		goto out;
	}
	/* rates per lakh (100,000) of the Census 2011 population, for places */
	const char *rate = request_query(r, "rate");
	if (rate && strcmp(rate, "1") == 0 && (rows == PIVOT_STATE || rows == PIVOT_DISTRICT)) {
		json_t *rr = json_array();
		long long pop_all = 0;
		json_t *m;
		json_array_foreach(rm, i, m) {
			json_t *pop = json_object_get(m, "population"), *tot = json_array_get(row_totals, i);
			if (json_is_integer(pop) && json_integer_value(pop) > 0)
				pop_all += json_integer_value(pop);
			if (json_is_integer(pop) && json_integer_value(pop) > 0 && json_is_integer(tot)) {
				json_array_append_new(rr, json_real(round(json_integer_value(tot) * 1e7 / (double)json_integer_value(pop)) / 100));
			} else {
				json_array_append_new(rr, json_null());
			}
		}
		json_object_set_new(o, "rates", json_pack("{s:s, s:o, s:o, s:s}", "per", "lakh", "rows", rr, "total",
							   pop_all ? json_real(round(json_integer_value(total) * 1e7 / (double)pop_all) / 100)
								   : json_null(),
							   "population", "Census 2011"));
	}
	if (format && strcmp(format, "json") != 0)
		pivot_export(r, format, o);
	else
		reply_json(r, 200, json_incref(o));
	json_decref(o);
out:
	json_decref(rm);
	json_decref(cm);
	json_decref(sums);
	json_decref(ds);
}
