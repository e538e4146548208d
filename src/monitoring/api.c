/* Monitoring's handlers, first part: the schemes with their targets, and
 * the funds released under them (issue 7).  Amounts are whole paise;
 * every answer gives them both as paise and as people read them
 * ("₹ 8,72,00,000", "₹ 8.72 crore").  The Cell records releases; a State
 * or district user reads its State's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "master/master.h"
#include "monitoring/monitoring.h"
#include "monitoring/money.h"
#include "registers/registers.h"
#include "util/util.h"


bool monitoring_query_state(struct request *r, int *lgd)
{
	const char *state = request_query(r, "state");
	long long n = 0;
	*lgd = 0;
	if (state && *state && (!util_parse_int(state, 1, 99, &n) || !master_state_of((int)n))) {
		reply_invalid(r, "state", "state is a State's LGD code.");
		return false;
	}
	*lgd = (int)n;
	return true;
}

bool monitoring_found(struct request *r, enum db_status st, const char *code, const char *message)
{
	if (st == DB_NOTFOUND)
		reply_error(r, 404, code, "%s", message);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

const struct master_state *monitoring_state_of(const json_t *v)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 99)
		return NULL;
	return master_state_of((int)json_integer_value(v));
}

bool monitoring_only_members(struct request *r, const char *const *known, const char *what)
{
	if (!json_is_object(r->body)) {
		reply_error(r, 400, "request.invalid", "The body must be a JSON object.");
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v) {
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], key) == 0;
		if (!ok) {
			bool plain = strlen(key) <= 40 && strspn(key, "abcdefghijklmnopqrstuvwxyz_") == strlen(key);
			reply_invalid(r, plain ? key : "body", "%s has no member %s%s%s.", what, plain ? "\"" : "of that name",
				      plain ? key : "", plain ? "\"" : "");
			return false;
		}
	}
	return true;
}

bool monitoring_list_window(struct request *r, const char *format, bool *exporting, int *limit, int *offset)
{
	*exporting = format && strcmp(format, "json") != 0;
	if (*exporting && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return false;
	}
	if (*exporting) {
		*limit = MONITORING_EXPORT_MAX;
		*offset = 0;
		return true;
	}
	return request_paging(r, limit, offset);
}

bool monitoring_export_fits(struct request *r, int64_t count, const char *what)
{
	if (count <= MONITORING_EXPORT_MAX)
		return true;
	reply_error(r, 413, "export.too_big", "There are %lld %s; an export holds at most %d. Filter them.", (long long)count,
		    what, MONITORING_EXPORT_MAX);
	return false;
}

void monitoring_add_amount(json_t *o, const char *key, int64_t paise)
{
	char text[MONEY_TEXT_MAX], words[MONEY_TEXT_MAX], k[48];
	money_format(paise, text);
	money_words(paise, words);
	snprintf(k, sizeof k, "%s_paise", key);
	json_object_set_new(o, k, json_integer(paise));
	snprintf(k, sizeof k, "%s", key);
	json_object_set_new(o, k, json_string(text));
	snprintf(k, sizeof k, "%s_words", key);
	json_object_set_new(o, k, json_string(words));
}

/* Each item's key_paise given its written forms too. */
static void add_amounts(json_t *items, const char *key)
{
	char k[48];
	snprintf(k, sizeof k, "%s_paise", key);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		monitoring_add_amount(it, key, json_integer_value(json_object_get(it, k)));
}

void monitoring_schemes(struct request *r)
{
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	if (r->db->ops->schemes_list(r->db, &s, &items) != DB_OK) {
		reply_db_error(r);
		return;
	}
	add_amounts(items, "released");
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void monitoring_releases(struct request *r)
{
	struct db_release_filter f = { 0 };
	const char *scheme = request_query(r, "scheme"), *year = request_query(r, "year"),
		   *format = request_query(r, "format");
	if (scheme && *scheme && !(f.scheme_id = r->db->ops->scheme_id_of(r->db, scheme))) {
		reply_invalid(r, "scheme", "There is no scheme with that code.");
		return;
	}
	if (!monitoring_query_state(r, &f.state_lgd))
		return;
	if (year && *year) {
		if (!util_financial_year_valid(year)) {
			reply_invalid(r, "year", "year is a financial year written 2010-11.");
			return;
		}
		f.financial_year = year;
	}
	bool exporting;
	if (!monitoring_list_window(r, format, &exporting, &f.limit, &f.offset))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	int64_t count = 0, paise = 0, units = 0;
	if (r->db->ops->releases_list(r->db, &s, &f, &items, &count, &paise, &units) != DB_OK) {
		reply_db_error(r);
		return;
	}
	add_amounts(items, "amount");
	if (exporting) {
		if (!monitoring_export_fits(r, count, "releases")) {
			json_decref(items);
			return;
		}
		static const char *const keys[] = { "financial_year", "state", "scheme_name", "instalment", "amount",
						    "amount_words", "units", "sanction_order", "released_on", "source" };
		static const char *const labels[] = { "Financial year", "State/UT", "Scheme", "Instalment", "Amount",
						      "In lakh/crore", "AHTUs funded", "Sanction order", "Released on",
						      "Source" };
		struct reg_table t = { "Funds released to the States/UTs", keys, labels, sizeof keys / sizeof *keys, items };
		registers_reply_export(r, "releases", format, &t);
		json_decref(items);
		return;
	}
	json_t *out = json_pack("{s:o, s:I, s:i, s:i, s:I}", "items", items, "total", (json_int_t)count, "limit", f.limit,
				"offset", f.offset, "units", (json_int_t)units);
	monitoring_add_amount(out, "amount", paise);
	reply_json(r, 200, out);
}

void monitoring_release_create(struct request *r)
{
	struct db_release rel;
	memset(&rel, 0, sizeof rel);
	bool bad = false;
	const char *scheme = body_string(r, "scheme", 40, true, &bad);
	if (bad)
		return;
	if (!(rel.scheme_id = r->db->ops->scheme_id_of(r->db, scheme))) {
		reply_invalid(r, "scheme", "There is no scheme with that code.");
		return;
	}
	const struct master_state *ms = monitoring_state_of(json_object_get(r->body, "state_lgd"));
	if (!ms) {
		reply_invalid(r, "state_lgd", "Give the State/UT the funds were released to (its LGD code).");
		return;
	}
	rel.state_lgd = ms->lgd;
	const char *fy = body_string(r, "financial_year", 7, true, &bad);
	if (bad)
		return;
	if (!util_financial_year_valid(fy)) {
		reply_invalid(r, "financial_year", "The financial year is written 2010-11.");
		return;
	}
	snprintf(rel.financial_year, sizeof rel.financial_year, "%s", fy);
	/* the amount: paise as a number, or as people write it ("₹ 8.72 crore") */
	json_t *a = json_object_get(r->body, "amount");
	if (json_is_integer(json_object_get(r->body, "amount_paise"))) {
		rel.amount_paise = json_integer_value(json_object_get(r->body, "amount_paise"));
		if (rel.amount_paise <= 0 || rel.amount_paise > MONEY_MAX) {
			reply_invalid(r, "amount_paise", "The amount is more than nothing and at most ₹ 10,00,000 crore.");
			return;
		}
	} else if (!json_is_string(a) || !money_parse(json_string_value(a), &rel.amount_paise) || rel.amount_paise <= 0) {
		reply_invalid(r, "amount", "Write the amount in rupees (8,72,00,000 or 8.72 crore or 45.5 lakh), or give"
				 " amount_paise.");
		return;
	}
	json_t *u = json_object_get(r->body, "units"), *n = json_object_get(r->body, "instalment");
	if (u && (!json_is_integer(u) || json_integer_value(u) < 0 || json_integer_value(u) > 10000)) {
		reply_invalid(r, "units", "units is the number of AHTUs funded, 0 to 10000.");
		return;
	}
	rel.units = u ? (int)json_integer_value(u) : 0;
	if (n && (!json_is_integer(n) || json_integer_value(n) < 1 || json_integer_value(n) > 20)) {
		reply_invalid(r, "instalment", "instalment is 1 to 20.");
		return;
	}
	rel.instalment = n ? (int)json_integer_value(n) : 1;
	const char *order = body_string(r, "sanction_order", 200, false, &bad);
	if (bad)
		return;
	snprintf(rel.sanction_order, sizeof rel.sanction_order, "%s", order ? order : "");
	const char *on = body_string(r, "released_on", 10, false, &bad);
	if (bad)
		return;
	if (on && *on && !util_date_valid(on)) {
		reply_invalid(r, "released_on", "The date of release is written YYYY-MM-DD.");
		return;
	}
	snprintf(rel.released_on, sizeof rel.released_on, "%s", on ? on : "");
	rel.created_at = util_now_ms();
	rel.created_by = r->caller.user_id;
	char id[24];
	if (r->db->ops->release_insert(r->db, &rel) != DB_OK) {
		reply_db_error(r);
		return;
	}
	snprintf(id, sizeof id, "%lld", (long long)rel.id);
	json_t *detail = json_pack("{s:i, s:s, s:I, s:i}", "state_lgd", rel.state_lgd, "financial_year", rel.financial_year,
				   "amount_paise", (json_int_t)rel.amount_paise, "units", rel.units);
	if (audit_record(r, "release.create", "release", id, "ok", detail) != 0) {
		reply_db_error(r);
		return;
	}
	json_t *out = json_pack("{s:I, s:s, s:i, s:s, s:s, s:i, s:i, s:s, s:s}", "id", (json_int_t)rel.id, "scheme", scheme,
				"state_lgd", rel.state_lgd, "state", ms->name, "financial_year", rel.financial_year,
				"units", rel.units, "instalment", rel.instalment, "sanction_order", rel.sanction_order,
				"released_on", rel.released_on);
	monitoring_add_amount(out, "amount", rel.amount_paise);
	reply_json(r, 201, out);
}

/* ---- a scheme as the Cell defines it ---- */

static const char *const measures[] = { "ahtus_set_up", "officers_trained", "trainers_trained", NULL };

static bool code_ok(const char *s, size_t min)
{
	size_t n = s ? strlen(s) : 0;
	return n >= min && n <= 40 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The targets given, checked: a new array, or NULL with a reply set. */
static json_t *targets_checked(struct request *r, const json_t *in)
{
	if (!json_is_array(in) || json_array_size(in) > 200) {
		reply_invalid(r, "targets", "targets is a list of at most 200 {measure, state_lgd, target}.");
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(in, i, t) {
		char where[48];
		snprintf(where, sizeof where, "targets[%zu]", i);
		const char *m = json_string_value(json_object_get(t, "measure"));
		json_t *st = json_object_get(t, "state_lgd"), *v = json_object_get(t, "target");
		const struct master_state *tms = monitoring_state_of(st);
		int lgd = !st || (json_is_integer(st) && json_integer_value(st) == 0) ? 0 : tms ? tms->lgd : -1;
		bool known = false;
		for (int k = 0; m && measures[k]; k++)
			known |= strcmp(m, measures[k]) == 0;
		const char *problem = !known ? "has a measure that is not ahtus_set_up, officers_trained or trainers_trained."
				      : lgd < 0 ? "has a state_lgd that is no State's (0: the nation)."
				      : !json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 10000000
					      ? "needs a target from 0 to 1,00,00,000."
					      : NULL;
		for (size_t k = 0; !problem && k < json_array_size(out); k++) {
			json_t *o = json_array_get(out, k);
			if (strcmp(json_string_value(json_object_get(o, "measure")), m) == 0
			    && json_integer_value(json_object_get(o, "state_lgd")) == lgd)
				problem = "repeats a measure and State given before.";
		}
		if (problem) {
			json_decref(out);
			reply_invalid(r, where, "The target %s %s", where, problem);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s, s:i, s:I}", "measure", m, "state_lgd", lgd, "target",
						     (json_int_t)json_integer_value(v)));
	}
	return out;
}

/* The components given, checked: a new array, or NULL with a reply set. */
static json_t *components_checked(struct request *r, const json_t *in)
{
	if (in && (!json_is_array(in) || json_array_size(in) > 30)) {
		reply_invalid(r, "components", "components is a list of at most 30 {code, name, description}.");
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(in, i, c) {
		char where[48];
		snprintf(where, sizeof where, "components[%zu]", i);
		const char *code = json_string_value(json_object_get(c, "code")),
			   *name = json_string_value(json_object_get(c, "name"));
		json_t *d = json_object_get(c, "description");
		const char *problem = !code_ok(code, 1) ? "needs a code of small letters, digits and _ (tot)."
				      : !name || !*name || strlen(name) > 200 ? "needs a name of at most 200 bytes."
				      : d && (!json_is_string(d) || json_string_length(d) > 2000)
					      ? "has a description that is not text of at most 2,000 bytes."
					      : NULL;
		for (size_t k = 0; !problem && k < json_array_size(out); k++)
			if (strcmp(json_string_value(json_object_get(json_array_get(out, k), "code")), code) == 0)
				problem = "repeats a code given before.";
		if (problem) {
			json_decref(out);
			reply_invalid(r, where, "The component %s %s", where, problem);
			return NULL;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "description",
						     json_is_string(d) ? json_string_value(d) : ""));
	}
	return out;
}

void monitoring_scheme_put(struct request *r)
{
	static const char *const known[] = { "name", "period_from", "period_to", "sanction_ref", "source", "targets",
					     "components", NULL };
	const char *code = r->nparams ? r->params[0] : NULL;
	if (!code_ok(code, 2)) {
		reply_invalid(r, "code", "A scheme's code is 2 to 40 small letters, digits and _ (ahtu_comprehensive).");
		return;
	}
	if (!monitoring_only_members(r, known, "A scheme"))
		return;
	bool bad = false;
	const char *name = body_string(r, "name", 300, true, &bad);
	const char *from = bad ? NULL : body_string(r, "period_from", 7, false, &bad);
	const char *to = bad ? NULL : body_string(r, "period_to", 7, false, &bad);
	const char *ref = bad ? NULL : body_string(r, "sanction_ref", 200, false, &bad);
	const char *source = bad ? NULL : body_string(r, "source", 500, false, &bad);
	if (bad)
		return;
	if ((from && *from && !util_financial_year_valid(from)) || (to && *to && !util_financial_year_valid(to))) {
		reply_invalid(r, from && *from && !util_financial_year_valid(from) ? "period_from" : "period_to",
			      "The scheme's period is of financial years written 2010-11.");
		return;
	}
	if (from && *from && to && *to && strcmp(to, from) < 0) {
		reply_invalid(r, "period_to", "The scheme ends in or after the year it starts.");
		return;
	}
	json_t *none = json_array();
	json_t *targets = targets_checked(r, json_object_get(r->body, "targets") ? json_object_get(r->body, "targets") : none);
	json_decref(none);
	if (!targets)
		return;
	json_t *components = components_checked(r, json_object_get(r->body, "components"));
	if (!components) {
		json_decref(targets);
		return;
	}
	json_t *sc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "code", code, "name", name, "period_from",
			       from ? from : "", "period_to", to ? to : "", "sanction_ref", ref ? ref : "", "source",
			       source ? source : "", "targets", targets, "components", components);
	int64_t id = 0;
	if (r->db->ops->scheme_put(r->db, sc, util_now_ms(), &id) != DB_OK
	    || audit_record(r, "scheme.put", "scheme", code, "ok",
			    json_pack("{s:i, s:i}", "targets", (int)json_array_size(json_object_get(sc, "targets")),
				      "components", (int)json_array_size(json_object_get(sc, "components")))) != 0) {
		json_decref(sc);
		reply_db_error(r);
		return;
	}
	json_decref(sc);
	struct scope s = auth_scope(&r->caller);
	json_t *all = NULL, *found = NULL;
	if (r->db->ops->schemes_list(r->db, &s, &all) != DB_OK) {
		reply_db_error(r);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(all, i, x)
		if (json_integer_value(json_object_get(x, "id")) == id)
			found = x;
	json_t *out = found ? json_incref(found) : json_object();
	json_decref(all);
	monitoring_add_amount(out, "released", json_integer_value(json_object_get(out, "released_paise")));
	reply_json(r, 200, out);
}

/* ---- utilisation certificates ---- */

void monitoring_today(char out[11])
{
	time_t now = time(NULL) + 19800;
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

long monitoring_days_between(const char *a, const char *b)
{
	struct tm ta = { 0 }, tb = { 0 };
	ta.tm_year = atoi(a) - 1900, ta.tm_mon = atoi(a + 5) - 1, ta.tm_mday = atoi(a + 8), ta.tm_hour = 12;
	tb.tm_year = atoi(b) - 1900, tb.tm_mon = atoi(b + 5) - 1, tb.tm_mday = atoi(b + 8), tb.tm_hour = 12;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

void monitoring_uc_due_on(const char *financial_year, char out[11])
{
	snprintf(out, 11, "%04u-03-31", (unsigned)(atoi(financial_year) + 2) % 10000);
}

/* Each release's certificates (not withdrawn) into its item, as
 * "certificates_list"; false with a reply. */
static bool attach_certificates(struct request *r, const struct scope *s, int state_lgd, json_t *items)
{
	json_t *all = NULL;
	if (r->db->ops->utilisation_list(r->db, s, state_lgd, &all) != DB_OK) {
		reply_db_error(r);
		return false;
	}
	size_t i, k = 0;
	json_t *it;
	json_t *by = json_object();     /* each item's list by its release's id */
	json_array_foreach(items, i, it) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(it, "release_id")));
		json_t *list = json_array();
		json_object_set_new(it, "certificates_list", list);
		json_object_set(by, key, list);
	}
	json_t *c;
	json_array_foreach(all, k, c) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(c, "release_id")));
		json_t *list = json_object_get(by, key);
		if (!list)
			continue;
		monitoring_add_amount(c, "amount", json_integer_value(json_object_get(c, "amount_paise")));
		json_array_append(list, c);
	}
	json_decref(by);
	json_decref(all);
	return true;
}

/* The reason of a withdrawal: 1 to 500 bytes; NULL with a reply. */
static const char *withdrawal_reason(struct request *r)
{
	bool bad = false;
	const char *reason = body_string(r, "reason", 500, true, &bad);
	return bad ? NULL : reason;
}

void monitoring_release_withdraw(struct request *r)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return;
	struct scope s = auth_scope(&r->caller);
	struct db_release rel;
	int64_t used = 0;
	if (!monitoring_found(r, r->db->ops->release_get(r->db, &s, id, &rel, &used), "release.not_found",
			      "There is no such release (or it is withdrawn already)."))
		return;
	const char *reason = withdrawal_reason(r);
	if (!reason)
		return;
	if (rel.certificates > 0) {
		reply_error(r, 409, "release.certified", "This release has %d utilisation certificate(s): withdraw them first.",
			    rel.certificates);
		return;
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (r->db->ops->release_withdraw(r->db, id, util_now_ms(), r->caller.user_id, reason) != DB_OK
	    || audit_record(r, "release.withdraw", "release", sid, "ok", json_pack("{s:s}", "reason", reason)) != 0) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:I, s:b, s:s}", "id", (json_int_t)id, "withdrawn", 1, "reason", reason));
}

void monitoring_utilisation_withdraw(struct request *r)
{
	int64_t id, release_id = 0;
	int state_lgd = 0;
	if (!request_param_id(r, 0, &id))
		return;
	struct scope s = auth_scope(&r->caller);
	if (!monitoring_found(r, r->db->ops->utilisation_get(r->db, &s, id, &release_id, &state_lgd),
			      "utilisation.not_found", "There is no such certificate that you may withdraw."))
		return;
	const char *reason = withdrawal_reason(r);
	if (!reason)
		return;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (r->db->ops->utilisation_withdraw(r->db, id, util_now_ms(), r->caller.user_id, reason) != DB_OK
	    || audit_record(r, "utilisation.withdraw", "utilisation", sid, "ok",
			    json_pack("{s:I, s:s}", "release_id", (json_int_t)release_id, "reason", reason)) != 0) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:I, s:I, s:b, s:s}", "id", (json_int_t)id, "release_id", (json_int_t)release_id,
				     "withdrawn", 1, "reason", reason));
}

void monitoring_utilisation(struct request *r)
{
	const char *overdue = request_query(r, "overdue");
	int lgd;
	if (!monitoring_query_state(r, &lgd))
		return;
	bool only_overdue = overdue && strcmp(overdue, "1") == 0;
	const char *format = request_query(r, "format");
	bool exporting;
	int limit, offset;
	if (!monitoring_list_window(r, format, &exporting, &limit, &offset))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *rows = NULL;
	if (r->db->ops->utilisation_status(r->db, &s, lgd, &rows) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char today[11];
	monitoring_today(today);
	json_t *items = json_array();
	int64_t released = 0, utilised = 0;
	int n_overdue = 0;
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		int64_t rel = json_integer_value(json_object_get(x, "released_paise")),
			used = json_integer_value(json_object_get(x, "utilised_paise"));
		char due[11];
		monitoring_uc_due_on(json_string_value(json_object_get(x, "financial_year")), due);
		/* a total released to all the States together is accounted for by theirs, not by one certificate */
		bool all_states = json_integer_value(json_object_get(x, "state_lgd")) == 0;
		const char *status = used >= rel ? "accounted" : all_states ? "all_states" : strcmp(today, due) > 0 ? "overdue" : "due";
		if (strcmp(status, "overdue") == 0)
			n_overdue++;
		if (only_overdue && strcmp(status, "overdue") != 0)
			continue;
		money_add(&released, rel);
		money_add(&utilised, used);
		json_t *it = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:s, s:s}", "release_id", json_object_get(x, "release_id"),
				       "state_lgd", json_object_get(x, "state_lgd"), "state", json_object_get(x, "state"),
				       "financial_year", json_object_get(x, "financial_year"), "certificates",
				       json_object_get(x, "certificates"), "last_certified_on",
				       json_object_get(x, "last_certified_on"), "uc_due_on", due, "status", status);
		if (strcmp(status, "overdue") == 0)
			json_object_set_new(it, "days_overdue", json_integer(monitoring_days_between(due, today)));
		monitoring_add_amount(it, "released", rel);
		monitoring_add_amount(it, "utilised", used);
		monitoring_add_amount(it, "unspent", rel - used);
		json_array_append_new(items, it);
	}
	json_decref(rows);
	if (!exporting && !attach_certificates(r, &s, lgd, items)) {
		json_decref(items);
		return;
	}
	if (exporting) {
		if (!monitoring_export_fits(r, (int64_t)json_array_size(items), "releases to account for")) {
			json_decref(items);
			return;
		}
		static const char *const keys[] = { "state", "financial_year", "released", "utilised", "unspent", "certificates",
						    "last_certified_on", "uc_due_on", "status", "days_overdue" };
		static const char *const labels[] = { "State/UT", "Released in", "Released", "Utilised", "Unspent",
						      "Certificates", "Last certified on", "Certificate due on", "Status",
						      "Days overdue" };
		struct reg_table t = { only_overdue ? "Utilisation certificates overdue" : "Utilisation certificates", keys,
				       labels, sizeof keys / sizeof *keys, items };
		registers_reply_export(r, "utilisation", format, &t);
		json_decref(items);
		return;
	}
	json_t *out = json_pack("{s:o, s:I, s:i}", "items", items, "total", (json_int_t)json_array_size(items), "overdue",
				n_overdue);
	monitoring_add_amount(out, "released", released);
	monitoring_add_amount(out, "utilised", utilised);
	monitoring_add_amount(out, "unspent", released - utilised);
	reply_json(r, 200, out);
}

void monitoring_utilisation_create(struct request *r)
{
	json_t *rid = json_object_get(r->body, "release_id");
	if (!json_is_integer(rid) || json_integer_value(rid) < 1) {
		reply_invalid(r, "release_id", "Give the release the certificate accounts for (its id).");
		return;
	}
	struct scope s = auth_scope(&r->caller);
	struct db_release rel;
	int64_t used = 0;
	if (!monitoring_found(r, r->db->ops->release_get(r->db, &s, json_integer_value(rid), &rel, &used),
			      "release.not_found", "There is no such release that you may account for."))
		return;
	int64_t paise = 0;
	json_t *a = json_object_get(r->body, "amount");
	if (json_is_integer(json_object_get(r->body, "amount_paise")))
		paise = json_integer_value(json_object_get(r->body, "amount_paise"));
	else if (!json_is_string(a) || !money_parse(json_string_value(a), &paise)) {
		reply_invalid(r, "amount", "Write the amount utilised in rupees (15,16,000 or 15.16 lakh), or give amount_paise.");
		return;
	}
	if (paise < 0 || paise > rel.amount_paise - used) {
		char bal[MONEY_TEXT_MAX];
		money_format(rel.amount_paise - used, bal);
		reply_invalid(r, "amount", "The certificate accounts for more than the release's unspent balance (%s).", bal);
		return;
	}
	bool bad = false;
	const char *ref = body_string(r, "certificate_ref", 200, false, &bad);
	if (bad)
		return;
	const char *on = body_string(r, "certified_on", 10, true, &bad);
	if (bad)
		return;
	char today[11];
	monitoring_today(today);
	if (!util_date_valid(on) || strcmp(on, today) > 0) {
		reply_invalid(r, "certified_on", "The certificate's date is written YYYY-MM-DD, and is not in the future.");
		return;
	}
	int64_t id = 0;
	if (r->db->ops->utilisation_insert(r->db, rel.id, paise, ref ? ref : "", on, util_now_ms(), r->caller.user_id, &id)
	    != DB_OK) {
		reply_db_error(r);
		return;
	}
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (audit_record(r, "utilisation.create", "utilisation", sid, "ok",
			 json_pack("{s:I, s:I}", "release_id", (json_int_t)rel.id, "amount_paise", (json_int_t)paise)) != 0) {
		reply_db_error(r);
		return;
	}
	json_t *out = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "release_id", (json_int_t)rel.id,
				"certificate_ref", ref ? ref : "", "certified_on", on);
	monitoring_add_amount(out, "amount", paise);
	monitoring_add_amount(out, "unspent", rel.amount_paise - used - paise);
	reply_json(r, 201, out);
}
