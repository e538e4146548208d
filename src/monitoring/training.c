/* Training (issue 7): the programmes, their courses and who took part,
 * counted by State, category (police, prosecutors, judiciary, NGOs, others)
 * and rank; the cascade of the Training of Trainers model (courses run by a
 * ToT course's trainees); and progress against the scheme's targets.
 *
 * The Cell records any course; a State records the courses it holds, with
 * its own participants; everyone signed in reads the courses within their
 * jurisdiction (a State: those it held or sent officers to). */
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "crypto/field.h"
#include "master/master.h"
#include "monitoring/monitoring.h"
#include "registers/registers.h"
#include "util/util.h"

#define PARTICIPANT_ROWS_MAX 500

static const char *const kinds[] = { "tot", "state_course", "prosecutors", "judicial", "project", "certificate",
				     "other", NULL };
static const char *const categories[] = { "police", "prosecutors", "judiciary", "ngo", "other", NULL };

static bool one_of(const char *s, const char *const *set)
{
	for (size_t i = 0; s && set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static bool code_valid(const char *s)
{
	size_t n = strlen(s);
	return n >= 2 && n <= 40 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

void monitoring_programmes(struct request *r)
{
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	if (r->db->ops->programmes_list(r->db, &s, &items) != DB_OK) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void monitoring_programme_create(struct request *r)
{
	static const char *const known[] = { "code", "name", "kind", "scheme", "organiser", "description", NULL };
	if (!monitoring_only_members(r, known, "A programme"))
		return;
	bool bad = false;
	const char *code = body_string(r, "code", 40, true, &bad);
	const char *name = bad ? NULL : body_string(r, "name", 300, true, &bad);
	const char *kind = bad ? NULL : body_string(r, "kind", 20, true, &bad);
	const char *scheme = bad ? NULL : body_string(r, "scheme", 40, false, &bad);
	const char *organiser = bad ? NULL : body_string(r, "organiser", 200, false, &bad);
	const char *description = bad ? NULL : body_string(r, "description", 4000, false, &bad);
	if (bad)
		return;
	if (!code_valid(code)) {
		reply_invalid(r, "code", "The code is 2 to 40 small letters, digits and _ (ignou_certificate).");
		return;
	}
	if (!one_of(kind, kinds)) {
		reply_invalid(r, "kind", "kind is one of tot, state_course, prosecutors, judicial, project, certificate,"
				 " other.");
		return;
	}
	int64_t scheme_id = 0;
	if (scheme && *scheme && !(scheme_id = r->db->ops->scheme_id_of(r->db, scheme))) {
		reply_invalid(r, "scheme", "There is no scheme with that code.");
		return;
	}
	json_t *p = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "code", code, "name", name, "kind", kind, "scheme_id",
			      (json_int_t)scheme_id, "organiser", organiser ? organiser : "", "description",
			      description ? description : "");
	int64_t id = 0, was = 0;
	char was_kind[16];
	bool existed = r->db->ops->programme_of(r->db, code, &was, was_kind) == DB_OK;
	if (r->db->ops->programme_put(r->db, p, util_now_ms(), &id) != DB_OK
	    || audit_record(r, "programme.put", "programme", code, "ok", NULL) != 0) {
		json_decref(p);
		reply_db_error(r);
		return;
	}
	json_object_set_new(p, "id", json_integer(id));
	json_object_del(p, "scheme_id");
	json_object_set_new(p, "scheme", json_string(scheme ? scheme : ""));
	reply_json(r, existed ? 200 : 201, p);   /* a programme given again by its code is changed */
}

/* ---- courses ---- */

/* The participants as given, checked: a new array, or NULL with a reply. */
static json_t *participants_checked(struct request *r, const json_t *in, int only_state, int64_t *total)
{
	if (!json_is_array(in) || json_array_size(in) > PARTICIPANT_ROWS_MAX) {
		reply_invalid(r, "participants", "participants is a list of at most %d rows of {state_lgd, category, rank,"
				 " count}.", PARTICIPANT_ROWS_MAX);
		return NULL;
	}
	json_t *out = json_array();
	*total = 0;
	size_t i;
	json_t *p;
	json_array_foreach(in, i, p) {
		char where[40];
		snprintf(where, sizeof where, "participants[%zu]", i);
		json_t *st = json_object_get(p, "state_lgd"), *n = json_object_get(p, "count");
		const char *cat = json_string_value(json_object_get(p, "category"));
		json_t *rk = json_object_get(p, "rank");
		const char *rank = json_is_string(rk) ? json_string_value(rk) : "";
		const struct master_state *ms = monitoring_state_of(st);
		const char *problem = !json_is_object(p)                          ? "is not an object."
				      : !ms                                       ? "needs the State/UT's LGD code (state_lgd)."
				      : only_state && ms->lgd != only_state       ? "is of another State/UT than yours."
				      : !one_of(cat, categories)                  ? "has a category that is not police, prosecutors,"
										    " judiciary, ngo or other."
				      : (rk && !json_is_null(rk) && !json_is_string(rk)) || strlen(rank) > 60
					      ? "has a rank that is not text of at most 60 bytes."
				      : !json_is_integer(n) || json_integer_value(n) < 1 || json_integer_value(n) > 100000
					      ? "needs a count from 1 to 100000."
					      : NULL;
		for (size_t k = 0; !problem && k < json_array_size(out); k++) {
			json_t *o = json_array_get(out, k);
			if (json_integer_value(json_object_get(o, "state_lgd")) == ms->lgd
			    && strcmp(json_string_value(json_object_get(o, "category")), cat) == 0
			    && strcmp(json_string_value(json_object_get(o, "rank")), rank) == 0)
				problem = "repeats a State, category and rank given before: add their counts.";
		}
		if (problem) {
			json_decref(out);
			reply_invalid(r, where, "The row %s %s", where, problem);
			return NULL;
		}
		*total += json_integer_value(n);
		json_array_append_new(out, json_pack("{s:i, s:s, s:s, s:I}", "state_lgd", ms->lgd, "category", cat, "rank",
						     rank, "count", (json_int_t)json_integer_value(n)));
	}
	return out;
}

/* Whether every trainee named on the course is still counted among parts
 * (by State and category); false with a reply. */
static bool named_still_counted(struct request *r, int64_t course_id, const json_t *parts)
{
	json_t *named = NULL;
	/* counted, not read: every State's named trainees */
	static const struct scope all = { SCOPE_NATIONAL, 0, 0 };
	if (r->db->ops->trainees_of(r->db, &all, course_id, &named) != DB_OK) {
		reply_db_error(r);
		return false;
	}
	bool ok = true;
	size_t i;
	json_t *t;
	json_array_foreach(named, i, t) {
		int lgd = (int)json_integer_value(json_object_get(t, "state_lgd"));
		const char *cat = json_string_value(json_object_get(t, "category"));
		int64_t n = 0, counted = 0;
		size_t k;
		json_t *x;
		json_array_foreach(named, k, x)
			n += json_integer_value(json_object_get(x, "state_lgd")) == lgd
			     && strcmp(json_string_value(json_object_get(x, "category")), cat) == 0;
		json_array_foreach(parts, k, x)
			if (json_integer_value(json_object_get(x, "state_lgd")) == lgd
			    && strcmp(json_string_value(json_object_get(x, "category")), cat) == 0)
				counted += json_integer_value(json_object_get(x, "count"));
		if (counted < n) {
			reply_invalid(r, "participants", "The course names %lld trainees of %s (%s); its count of them cannot"
				      " fall below that.", (long long)n, json_string_value(json_object_get(t, "state")), cat);
			ok = false;
			break;
		}
	}
	json_decref(named);
	return ok;
}

/* The course in the body, merged over base (the stored course, on a
 * change), checked: a new object for course_put, or NULL with a reply. */
static json_t *course_checked(struct request *r, const json_t *base)
{
	const json_t *b = r->body;
	json_t *c = json_object();
	bool bad = false;
	/* text members: from the body, else the stored value */
	static const struct {
		const char *key;
		size_t max;
		bool required;
	} texts[] = { { "title", 300, true }, { "starts_on", 10, true }, { "ends_on", 10, true }, { "venue", 200, false },
		      { "organiser", 200, false }, { "resource_persons", 4000, false } };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *v = json_object_get(b, texts[i].key) || !base
				? body_string(r, texts[i].key, texts[i].max, texts[i].required, &bad)
				: json_string_value(json_object_get(base, texts[i].key));
		if (bad)
			goto fail;
		json_object_set_new(c, texts[i].key, json_string(v ? v : ""));
	}
	const char *from = json_string_value(json_object_get(c, "starts_on")),
		   *to = json_string_value(json_object_get(c, "ends_on"));
	if (!util_date_valid(from) || !util_date_valid(to) || strcmp(to, from) < 0) {
		reply_invalid(r, util_date_valid(from) ? "ends_on" : "starts_on",
			      "The course's dates are written YYYY-MM-DD, and it ends on or after the day it starts.");
		goto fail;
	}
	/* the programme */
	const char *prog = json_object_get(b, "programme") || !base ? body_string(r, "programme", 40, true, &bad)
								   : json_string_value(json_object_get(base, "programme"));
	if (bad)
		goto fail;
	int64_t pid = 0;
	char kind[16];
	if (r->db->ops->programme_of(r->db, prog, &pid, kind) != DB_OK) {
		reply_invalid(r, "programme", "There is no training programme with that code.");
		goto fail;
	}
	json_object_set_new(c, "programme_id", json_integer(pid));
	/* who held it: a State's user, their State */
	int own = r->caller.role == ROLE_STATE ? r->caller.scope.state_lgd : 0;
	json_t *host = json_object_get(b, "host_state_lgd");
	const struct master_state *hms = monitoring_state_of(host);
	int host_lgd = !host ? (base ? (int)json_integer_value(json_object_get(base, "host_state_lgd")) : own)
		       : json_is_null(host) || (json_is_integer(host) && json_integer_value(host) == 0) ? 0
		       : hms ? hms->lgd : -1;
	if (host_lgd < 0) {
		reply_invalid(r, "host_state_lgd", "host_state_lgd is the LGD code of the State/UT that held the course,"
				 " or null for the Cell's own.");
		goto fail;
	}
	if (own && host_lgd != own) {
		reply_invalid(r, "host_state_lgd", "A State/UT records the courses it holds itself.");
		goto fail;
	}
	json_object_set_new(c, "host_state_lgd", json_integer(host_lgd));
	/* certificates and the cascade */
	json_t *cert = json_object_get(b, "certificates");
	if (cert && (!json_is_integer(cert) || json_integer_value(cert) < 0)) {
		reply_invalid(r, "certificates", "certificates is the number of certificates issued, 0 or more.");
		goto fail;
	}
	json_object_set_new(c, "certificates", json_integer(cert ? json_integer_value(cert)
								: base ? json_integer_value(json_object_get(base, "certificates"))
								       : 0));
	json_t *cas = json_object_get(b, "cascade_of");
	int64_t cascade = cas ? (json_is_integer(cas) ? json_integer_value(cas) : json_is_null(cas) ? 0 : -1)
			      : base ? json_integer_value(json_object_get(base, "cascade_of")) : 0;
	if (cascade) {
		struct scope s = auth_scope(&r->caller);
		json_t *tot = NULL;
		bool ok = cascade > 0 && r->db->ops->course_get(r->db, &s, cascade, &tot) == DB_OK
			  && strcmp(json_string_value(json_object_get(tot, "kind")), "tot") == 0
			  && (!base || cascade != json_integer_value(json_object_get(base, "id")));
		json_decref(tot);
		if (!ok) {
			reply_invalid(r, "cascade_of", "cascade_of is the id of the Training of Trainers course whose trainees"
					 " ran this one.");
			goto fail;
		}
	}
	json_object_set_new(c, "cascade_of", json_integer(cascade));
	/* participants: those given (a State gives its own, and the other States'
	 * stay as they were), or those stored */
	int64_t total = 0;
	json_t *given = json_object_get(b, "participants"), *parts;
	if (given) {
		if (!(parts = participants_checked(r, given, own, &total)))
			goto fail;
		size_t i;
		json_t *p;
		json_array_foreach(own && base ? json_object_get(base, "participants_by") : NULL, i, p) {
			if (json_integer_value(json_object_get(p, "state_lgd")) == own)
				continue;
			total += json_integer_value(json_object_get(p, "count"));
			json_array_append_new(parts, json_pack("{s:O, s:O, s:O, s:O}", "state_lgd", json_object_get(p, "state_lgd"),
							       "category", json_object_get(p, "category"), "rank",
							       json_object_get(p, "rank"), "count", json_object_get(p, "count")));
		}
	} else if (base) {
		if (!(parts = participants_checked(r, json_object_get(base, "participants_by"), 0, &total)))
			goto fail;
	} else {
		parts = json_array();
	}
	json_object_set_new(c, "participants", parts);
	if (base && !named_still_counted(r, json_integer_value(json_object_get(base, "id")), parts))
		goto fail;
	if (json_integer_value(json_object_get(c, "certificates")) > total) {
		reply_invalid(r, "certificates", "More certificates than participants (%lld).", (long long)total);
		goto fail;
	}
	return c;
fail:
	json_decref(c);
	return NULL;
}

/* Members of the body no course has: refused, naming them. */
static bool only_course_members(struct request *r)
{
	static const char *const known[] = { "programme", "title", "starts_on", "ends_on", "venue", "host_state_lgd",
					     "organiser", "resource_persons", "certificates", "cascade_of", "participants",
					     "version", NULL };
	return monitoring_only_members(r, known, "A course");
}

/* The course of the path within the caller's jurisdiction (*out, new
 * reference); false with a reply set. */
static bool course_of_path(struct request *r, int64_t *id, json_t **out)
{
	if (!request_param_id(r, 0, id))
		return false;
	struct scope s = auth_scope(&r->caller);
	return monitoring_found(r, r->db->ops->course_get(r->db, &s, *id, out), "course.not_found",
				"There is no such course in your jurisdiction.");
}

static void reply_course(struct request *r, int status, int64_t id)
{
	struct scope s = auth_scope(&r->caller);
	json_t *c = NULL;
	if (r->db->ops->course_get(r->db, &s, id, &c) != DB_OK) {
		reply_db_error(r);
		return;
	}
	reply_json(r, status, c);
}

void monitoring_course_create(struct request *r)
{
	if (!only_course_members(r))
		return;
	json_t *c = course_checked(r, NULL);
	if (!c)
		return;
	int64_t id = 0;
	char sid[24];
	enum db_status st = r->db->ops->course_put(r->db, c, 0, util_now_ms(), r->caller.user_id, &id);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (st != DB_OK || audit_record(r, "course.create", "course", sid, "ok",
					json_pack("{s:O, s:O}", "programme_id", json_object_get(c, "programme_id"),
						  "host_state_lgd", json_object_get(c, "host_state_lgd"))) != 0) {
		json_decref(c);
		reply_db_error(r);
		return;
	}
	json_decref(c);
	reply_course(r, 201, id);
}

void monitoring_course_show(struct request *r)
{
	int64_t id;
	json_t *c = NULL;
	if (course_of_path(r, &id, &c))
		reply_json(r, 200, c);
}

void monitoring_course_update(struct request *r)
{
	int64_t id;
	json_t *base = NULL;
	if (!course_of_path(r, &id, &base))
		return;
	if (!only_course_members(r)) {
		json_decref(base);
		return;
	}
	/* a State changes only the courses it held */
	if (r->caller.role == ROLE_STATE && json_integer_value(json_object_get(base, "host_state_lgd")) != r->caller.scope.state_lgd) {
		json_decref(base);
		reply_error(r, 403, "course.not_yours", "Only the Cell or the State/UT that held a course may change it.");
		return;
	}
	json_t *ver = json_object_get(r->body, "version");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1 || json_integer_value(ver) > 1000000000) {
		json_decref(base);
		reply_invalid(r, "version", "Give the version you changed (the course's version as you read it).");
		return;
	}
	json_t *c = course_checked(r, base);
	json_decref(base);
	if (!c)
		return;
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	enum db_status st = r->db->ops->course_put(r->db, c, (int)json_integer_value(ver), util_now_ms(), r->caller.user_id, &id);
	json_decref(c);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "course.changed", "Someone changed this course after you read it: reload it and make your"
			    " change again.");
		return;
	}
	if (st != DB_OK || audit_record(r, "course.update", "course", sid, "ok", NULL) != 0) {
		reply_db_error(r);
		return;
	}
	reply_course(r, 200, id);
}

void monitoring_courses(struct request *r)
{
	struct db_course_filter f = { 0 };
	const char *prog = request_query(r, "programme"), *from = request_query(r, "from"), *to = request_query(r, "to"),
		   *format = request_query(r, "format");
	char kind[16];
	if (prog && *prog && r->db->ops->programme_of(r->db, prog, &f.programme_id, kind) != DB_OK) {
		reply_invalid(r, "programme", "There is no training programme with that code.");
		return;
	}
	if (!monitoring_query_state(r, &f.state_lgd))
		return;
	if ((from && *from && !util_date_valid(from)) || (to && *to && !util_date_valid(to))) {
		reply_invalid(r, from && *from && !util_date_valid(from) ? "from" : "to", "Dates are written YYYY-MM-DD.");
		return;
	}
	f.from = from && *from ? from : NULL;
	f.to = to && *to ? to : NULL;
	bool exporting;
	if (!monitoring_list_window(r, format, &exporting, &f.limit, &f.offset))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	int64_t total = 0, participants = 0;
	if (r->db->ops->courses_list(r->db, &s, &f, &items, &total, &participants) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (exporting) {
		if (!monitoring_export_fits(r, total, "courses")) {
			json_decref(items);
			return;
		}
		static const char *const keys[] = { "starts_on", "ends_on", "programme_name", "title", "venue", "host_state",
						    "organiser", "participants", "police", "certificates" };
		static const char *const labels[] = { "From", "To", "Programme", "Course", "Venue", "Held by", "Organiser",
						      "Participants", "Of them police", "Certificates" };
		struct reg_table t = { "Training courses", keys, labels, sizeof keys / sizeof *keys, items };
		registers_reply_export(r, "trainings", format, &t);
		json_decref(items);
		return;
	}
	reply_json(r, 200, json_pack("{s:o, s:I, s:i, s:i, s:I}", "items", items, "total", (json_int_t)total, "limit",
				     f.limit, "offset", f.offset, "participants", (json_int_t)participants));
}

/* ---- progress against the targets ---- */

int monitoring_training_progress(struct db *db, int64_t scheme_id, struct training_progress out[MON_STATES_MAX],
				 struct training_progress *national)
{
	json_t *rows = NULL, *cascade = NULL;
	if (db->ops->training_totals(db, scheme_id, &rows, &cascade) != DB_OK)
		return -1;
	memset(out, 0, sizeof *out * MON_STATES_MAX);
	memset(national, 0, sizeof *national);
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		const struct master_state *ms = master_state_of((int)json_integer_value(json_object_get(x, "state_lgd")));
		if (!ms || ms->index >= MON_STATES_MAX)
			continue;
		struct training_progress *p = &out[ms->index];
		int64_t n = json_integer_value(json_object_get(x, "n"));
		const char *cat = json_string_value(json_object_get(x, "category"));
		for (int k = 0; categories[k]; k++)
			if (strcmp(cat, categories[k]) == 0) {
				p->by_category[k] += n;
				national->by_category[k] += n;
			}
		if (strcmp(cat, "police") == 0) {
			p->officers += n;
			national->officers += n;
			if (json_integer_value(json_object_get(x, "tot"))) {
				p->trainers += n;
				national->trainers += n;
			}
		}
	}
	json_array_foreach(cascade, i, x) {
		const struct master_state *ms = master_state_of((int)json_integer_value(json_object_get(x, "state_lgd")));
		if (!ms || ms->index >= MON_STATES_MAX)
			continue;
		out[ms->index].cascade += json_integer_value(json_object_get(x, "n"));
		national->cascade += json_integer_value(json_object_get(x, "n"));
	}
	json_decref(rows);
	json_decref(cascade);
	return 0;
}

/* ---- trainees named: personal data, sealed, every reading audited ---- */

/* A name is sealed to its own row and course: it opens nowhere else. */
static void trainee_ad(int64_t course_id, int64_t trainee_id, char ad[64])
{
	snprintf(ad, 64, "trainee:%lld:course:%lld", (long long)trainee_id, (long long)course_id);
}

void monitoring_trainees(struct request *r)
{
	int64_t id;
	json_t *course = NULL;
	if (!course_of_path(r, &id, &course))
		return;
	json_decref(course);
	/* a State's users read their own State's trainees only (the storage's scope) */
	struct scope s = auth_scope(&r->caller);
	int state = s.level == SCOPE_NATIONAL ? 0 : s.state_lgd;
	json_t *rows = NULL;
	if (r->db->ops->trainees_of(r->db, &s, id, &rows) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char ad[64], sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	size_t i;
	json_t *x;
	int failed = 0;
	json_array_foreach(rows, i, x) {
		trainee_ad(id, json_integer_value(json_object_get(x, "id")), ad);
		gsize n = 0;
		guchar *sealed = g_base64_decode(json_string_value(json_object_get(x, "name_sealed")), &n);
		char *plain = NULL;
		size_t len = 0;
		if (sealed && field_open(sealed, n, ad, &plain, &len) == 0) {
			json_object_set_new(x, "name", json_stringn(plain, len));
			sodium_memzero(plain, len);
			free(plain);
		} else {
			json_object_set_new(x, "name", json_null());
			failed++;
		}
		g_free(sealed);
		json_object_del(x, "name_sealed");
	}
	if (failed)
		log_error("monitoring: %d trainee names of course %lld could not be opened", failed, (long long)id);
	if (audit_record(r, "trainee.read", "course", sid, failed ? "partial" : "ok",
			 json_pack("{s:i, s:i}", "names", (int)json_array_size(rows), "state_lgd", state)) != 0) {
		json_decref(rows);
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", rows));
}

void monitoring_trainee_create(struct request *r)
{
	static const char *const known[] = { "state_lgd", "category", "rank", "name", "certificate_no", NULL };
	int64_t id;
	json_t *course = NULL;
	if (!course_of_path(r, &id, &course))
		return;
	if (!monitoring_only_members(r, known, "A trainee")) {
		json_decref(course);
		return;
	}
	bool bad = false;
	const char *name = body_string(r, "name", 200, true, &bad);
	const char *cat = bad ? NULL : body_string(r, "category", 20, true, &bad);
	const char *rank = bad ? NULL : body_string(r, "rank", 60, false, &bad);
	const char *cert = bad ? NULL : body_string(r, "certificate_no", 60, false, &bad);
	if (bad) {
		json_decref(course);
		return;
	}
	const struct master_state *ms = monitoring_state_of(json_object_get(r->body, "state_lgd"));
	int own = r->caller.scope.level == SCOPE_NATIONAL ? 0 : r->caller.scope.state_lgd;
	if (ms && own && ms->lgd != own) {
		/* another State's officer: outside the caller's jurisdiction (refused, and audited as such) */
		json_decref(course);
		reply_error(r, 403, "scope.state", "A State/UT names its own officers only.");
		return;
	}
	const char *problem = !ms ? "state_lgd" : !one_of(cat, categories) ? "category" : NULL;
	if (problem) {
		json_decref(course);
		reply_invalid(r, problem, strcmp(problem, "category") == 0
				  ? "category is police, prosecutors, judiciary, ngo or other."
				  : "state_lgd is the trainee's State/UT, by its LGD code.");
		return;
	}
	for (const char *t = rank ? rank : ""; *t; t++)
		if ((unsigned char)*t < 0x20) {
			json_decref(course);
			reply_invalid(r, "rank", "The rank must not contain control characters.");
			return;
		}
	for (const char *t = cert ? cert : ""; *t; t++)
		if ((unsigned char)*t < 0x20) {
			json_decref(course);
			reply_invalid(r, "certificate_no", "The certificate number must not contain control characters.");
			return;
		}
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20) {
			json_decref(course);
			reply_invalid(r, "name", "The name must not contain control characters.");
			return;
		}
	/* no more named than were counted, for the State and category */
	int64_t counted = 0, named = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(course, "participants_by"), i, p)
		if (json_integer_value(json_object_get(p, "state_lgd")) == ms->lgd
		    && strcmp(json_string_value(json_object_get(p, "category")), cat) == 0)
			counted += json_integer_value(json_object_get(p, "count"));
	json_decref(course);
	if (r->db->ops->trainees_named(r->db, id, ms->lgd, cat, &named) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (named >= counted) {
		reply_invalid(r, "state_lgd", "The course counts %lld %s of %s; %lld are named already. Add them to its"
			      " participants first.", (long long)counted, cat, ms->name, (long long)named);
		return;
	}
	char ad[64], sid[24];
	unsigned char *sealed = NULL;
	size_t slen = 0;
	int64_t tid = 0;
	if (r->db->ops->trainee_insert(r->db, id, ms->lgd, cat, rank ? rank : "", cert ? cert : "", util_now_ms(),
				       r->caller.user_id, &tid) != DB_OK
	    || (trainee_ad(id, tid, ad), field_seal(name, strlen(name), ad, &sealed, &slen)) != 0
	    || r->db->ops->trainee_seal(r->db, tid, sealed, slen) != DB_OK) {
		free(sealed);
		reply_db_error(r);
		return;
	}
	free(sealed);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (audit_record(r, "trainee.create", "course", sid, "ok",
			 json_pack("{s:I, s:i, s:s}", "trainee_id", (json_int_t)tid, "state_lgd", ms->lgd, "category", cat)) != 0) {
		reply_db_error(r);
		return;
	}
	/* the name is not sent back: an idempotent request's answer is kept, and a name is kept only sealed */
	reply_json(r, 201, json_pack("{s:I, s:I, s:i, s:s, s:s, s:s}", "id", (json_int_t)tid, "course_id", (json_int_t)id,
				     "state_lgd", ms->lgd, "category", cat, "rank", rank ? rank : "", "certificate_no",
				     cert ? cert : ""));
}
