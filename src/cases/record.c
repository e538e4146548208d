/* A case record: its body checked into a struct db_case (every value
 * bounded and from its list, places real, dates in order, personal values
 * sealed), and the JSON the API shows of it. */
#include "cases/internal.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/field.h"
#include "master/master.h"
#include "util/util.h"

void cases_today(char out[11])
{
	time_t now = time(NULL) + 19800;        /* IST */
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void cases_new_code(char prefix, char out[CASE_CODE_MAX + 1])
{
	unsigned char rnd[12];
	randombytes_buf(rnd, sizeof rnd);
	out[0] = prefix;
	out[1] = '-';
	for (int i = 0; i < 12; i++)
		out[2 + i] = crockford[rnd[i] & 31];
	out[14] = 0;
}

bool cases_code_valid(char prefix, const char *s)
{
	if (!s || strlen(s) != 14 || s[0] != prefix || s[1] != '-')
		return false;
	for (int i = 2; i < 14; i++)
		if (!strchr(crockford, s[i]) || !s[i])
			return false;
	return true;
}

/* ---- reading a body ---- */

/* Where a check stands: the request (for the reply) and the field's path
 * as a person reads it ("victims[2].route.source"). */
struct check {
	struct request *r;
	char path[96];
	char today[11];
	struct case_problem *problem;   /* NULL: reply; else the first problem goes here */
};

/* Stops the check: a reply of status with code, or the problem noted. */
static bool refuse(struct check *k, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static bool refuse(struct check *k, int status, const char *code, const char *field, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (k->problem) {
		k->problem->status = status;
		snprintf(k->problem->field, sizeof k->problem->field, "%s", field ? field : "");
		snprintf(k->problem->message, sizeof k->problem->message, "%s", msg);
		return false;
	}
	if (status == 400 && field)
		reply_invalid(k->r, field, "%s", msg);
	else
		reply_error(k->r, status, code, "%s", msg);
	return false;
}

static bool invalid(struct check *k, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool invalid(struct check *k, const char *field, const char *fmt, ...)
{
	char path[160], msg[400];
	snprintf(path, sizeof path, "%s%s%s", k->path, k->path[0] && field[0] ? "." : "", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return refuse(k, 400, "request.invalid", path, "%s", msg);
}

/* A string member into out (size n) — optional ("" when absent or null)
 * unless required; bounded, valid UTF-8 without control characters. */
static bool text_member(struct check *k, const json_t *o, const char *key, bool required, char *out, size_t n,
			const char *what)
{
	json_t *v = json_object_get(o, key);
	out[0] = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return invalid(k, key, "%s is required.", what);
		return true;
	}
	const char *s = json_string_value(v);
	if (!s)
		return invalid(k, key, "%s must be text.", what);
	size_t len = json_string_length(v);
	if (len >= n)
		return invalid(k, key, "%s is too long.", what);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			return invalid(k, key, "%s may not hold control characters or line breaks.", what);
	while (*s == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (required && len == 0)
		return invalid(k, key, "%s is required.", what);
	memcpy(out, s, len);
	out[len] = 0;
	return true;
}

/* A date member: optional unless required; from 1990 to today. */
static bool date_member(struct check *k, const json_t *o, const char *key, bool required, char out[11],
			const char *what)
{
	char s[16];
	if (!text_member(k, o, key, required, s, sizeof s, what))
		return false;
	if (!s[0]) {
		out[0] = 0;
		return true;
	}
	if (!util_date_valid(s))
		return invalid(k, key, "%s must be a date written YYYY-MM-DD.", what);
	if (strcmp(s, "1990-01-01") < 0)
		return invalid(k, key, "%s is before 1990.", what);
	if (strcmp(s, k->today) > 0)
		return invalid(k, key, "%s is in the future.", what);
	memcpy(out, s, 11);
	return true;
}

static bool code_member(struct check *k, const json_t *o, const char *key, bool required, const struct vocab *v,
			char *out, size_t n)
{
	if (!text_member(k, o, key, required, out, n, v->name))
		return false;
	if (out[0] && vocab_find(v, out) < 0)
		return invalid(k, key, "'%s' is not on the list (GET /api/v1/cases/vocabulary).", out);
	return true;
}

static bool bits_member(struct check *k, const json_t *o, const char *key, const struct vocab *v, uint32_t *bits)
{
	json_t *a = json_object_get(o, key);
	*bits = 0;
	if (!a || json_is_null(a))
		return true;
	const char *bad;
	if (!vocab_bits_from_json(v, a, bits, &bad)) {
		if (bad)
			return invalid(k, key, "'%s' is not on the list (GET /api/v1/cases/vocabulary).", bad);
		return invalid(k, key, "%s must be a list of codes, each once.", v->name);
	}
	return true;
}

static bool bool_member(struct check *k, const json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		*out = false;
		return true;
	}
	if (!json_is_boolean(v))
		return invalid(k, key, "%s must be true or false.", key);
	*out = json_is_true(v);
	return true;
}

/* A place: {district_lgd} or {country} (a foreign one), or null. */
static bool place_from(struct check *k, const json_t *v, const char *key, struct db_place *p)
{
	memset(p, 0, sizeof *p);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_object(v))
		return invalid(k, key, "A place is {\"district_lgd\": N} or {\"country\": \"NP\"}.");
	json_t *d = json_object_get(v, "district_lgd"), *c = json_object_get(v, "country");
	if (d && !json_is_null(d)) {
		if (c && !json_is_null(c))
			return invalid(k, key, "A place is a district or a country, not both.");
		const struct master_district *m =
			json_is_integer(d) ? master_district_of((int)json_integer_value(d)) : NULL;
		if (!m)
			return invalid(k, key, "There is no district with that LGD code.");
		p->district_lgd = m->lgd;
		return true;
	}
	const char *cc = json_string_value(c);
	if (!cc)
		return invalid(k, key, "A place is {\"district_lgd\": N} or {\"country\": \"NP\"}.");
	if (strcmp(cc, "IN") == 0)
		return invalid(k, key, "A place in India is given by its district (district_lgd).");
	if (!vocab_country_name(cc))
		return invalid(k, key, "'%s' is not an ISO 3166 country code.", cc);
	memcpy(p->country, cc, 3);
	return true;
}

/* The sealed value of a personal member, bound to its row and column. */
static bool seal_member(struct check *k, const json_t *o, const char *key, size_t max, const char *table,
			const char *code, struct db_sealed *out)
{
	char *plain = malloc(max + 1);
	if (!plain)
		return refuse(k, 500, "server.memory", NULL, "The server is out of memory.");
	bool ok = text_member(k, o, key, false, plain, max + 1, key);
	if (ok && plain[0]) {
		char ad[64];
		snprintf(ad, sizeof ad, "%s.%s:%s", table, key, code);
		if (field_seal(plain, strlen(plain), ad, &out->data, &out->len) != 0)
			ok = refuse(k, 503, "keys.unavailable", NULL, "Personal data cannot be sealed: no key is loaded.");
	}
	sodium_memzero(plain, max + 1);
	free(plain);
	return ok;
}

static int find_stored_victim(const struct db_case *s, int64_t id)
{
	for (int i = 0; s && i < s->nvictims; i++)
		if (s->victims[i].id == id)
			return i;
	return -1;
}

static int find_stored_accused(const struct db_case *s, int64_t id)
{
	for (int i = 0; s && i < s->naccused; i++)
		if (s->accused[i].id == id)
			return i;
	return -1;
}

/* An id member naming a stored part: 0 when absent (a new part). */
static bool part_id(struct check *k, const json_t *o, int64_t *id)
{
	json_t *v = json_object_get(o, "id");
	*id = 0;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return invalid(k, "id", "id must be the id of a part of this case, or left out for a new one.");
	*id = json_integer_value(v);
	return true;
}

static bool victim_from(struct check *k, const json_t *o, const struct db_case *stored, struct db_victim *v)
{
	if (!json_is_object(o))
		return invalid(k, "", "A victim is an object.");
	if (!part_id(k, o, &v->id))
		return false;
	const struct db_victim *old = NULL;
	if (v->id) {
		int i = find_stored_victim(stored, v->id);
		if (i < 0)
			return invalid(k, "id", "This case has no victim with that id.");
		old = &stored->victims[i];
		memcpy(v->code, old->code, sizeof v->code);
	} else {
		cases_new_code('V', v->code);
	}
	if (!code_member(k, o, "gender", true, &vocab_gender, v->gender, sizeof v->gender))
		return false;
	json_t *age = json_object_get(o, "age");
	v->age = -1;
	if (age && !json_is_null(age)) {
		if (!json_is_integer(age) || json_integer_value(age) < 0 || json_integer_value(age) > 120)
			return invalid(k, "age", "age is a whole number of years, 0 to 120.");
		v->age = (int)json_integer_value(age);
	}
	char band[sizeof v->age_band];
	if (!code_member(k, o, "age_band", false, &vocab_age_band, band, sizeof band))
		return false;
	const char *from_age = vocab_age_band_of(v->age);
	if (v->age >= 0 && band[0] && strcmp(band, from_age) != 0)
		return invalid(k, "age_band", "The age band does not hold the age given (%s).", from_age);
	snprintf(v->age_band, sizeof v->age_band, "%s", v->age >= 0 ? from_age : band[0] ? band : "Unknown");
	char nat[8];
	if (!text_member(k, o, "nationality", true, nat, sizeof nat, "The nationality"))
		return false;
	if (!vocab_country_name(nat))
		return invalid(k, "nationality", "'%s' is not an ISO 3166 country code (IN for India).", nat);
	memcpy(v->nationality, nat, 3);
	if (!bits_member(k, o, "purposes", &vocab_purpose, &v->purposes)
	    || !bits_member(k, o, "methods_of_control", &vocab_control, &v->methods)
	    || !code_member(k, o, "recruiter_relation", false, &vocab_relation, v->relation, sizeof v->relation)
	    || !date_member(k, o, "rescued_on", false, v->rescued_on, "The date of rescue")
	    || !text_member(k, o, "shelter", false, v->shelter, sizeof v->shelter, "The shelter"))
		return false;
	struct db_place rescue;
	if (!place_from(k, json_object_get(o, "rescue_place"), "rescue_place", &rescue))
		return false;
	if (rescue.country[0])
		return invalid(k, "rescue_place", "The place of rescue is a district in India.");
	v->rescue_district_lgd = rescue.district_lgd;
	json_t *route = json_object_get(o, "route");
	if (route && !json_is_null(route)) {
		if (!json_is_object(route))
			return invalid(k, "route", "The route is {source, transit: [], destination}.");
		size_t len = strlen(k->path);
		snprintf(k->path + len, sizeof k->path - len, ".route");
		bool ok = place_from(k, json_object_get(route, "source"), "source", &v->source)
			  && place_from(k, json_object_get(route, "destination"), "destination", &v->destination);
		json_t *t = json_object_get(route, "transit");
		if (ok && t && !json_is_null(t)) {
			if (!json_is_array(t) || json_array_size(t) > CASE_TRANSIT_MAX)
				ok = invalid(k, "transit", "Places of transit are a list of at most 8 places.");
			size_t i;
			json_t *e;
			json_array_foreach(t, i, e) {
				if (!ok)
					break;
				char key[32];
				snprintf(key, sizeof key, "transit[%zu]", i);
				ok = place_from(k, e, key, &v->transit[v->ntransit]);
				if (ok && !v->transit[v->ntransit].district_lgd && !v->transit[v->ntransit].country[0])
					ok = invalid(k, key, "A place of transit cannot be null.");
				v->ntransit++;
			}
		}
		k->path[len] = 0;
		if (!ok)
			return false;
	}
	json_t *personal = json_object_get(o, "personal");
	v->keep_personal = old && !personal;
	if (personal && !json_is_null(personal)) {
		if (!json_is_object(personal))
			return invalid(k, "personal", "personal is {name, address, contact}.");
		size_t len = strlen(k->path);
		snprintf(k->path + len, sizeof k->path - len, ".personal");
		bool ok = seal_member(k, personal, "name", CASE_PERSONAL_NAME_MAX, "victims", v->code, &v->name)
			  && seal_member(k, personal, "address", CASE_PERSONAL_ADDRESS_MAX, "victims", v->code,
					 &v->address)
			  && seal_member(k, personal, "contact", CASE_PERSONAL_CONTACT_MAX, "victims", v->code,
					 &v->contact);
		k->path[len] = 0;
		if (!ok)
			return false;
	}
	return true;
}

static bool accused_from(struct check *k, const json_t *o, const struct db_case *stored, struct db_accused *a)
{
	if (!json_is_object(o))
		return invalid(k, "", "An accused is an object.");
	if (!part_id(k, o, &a->id))
		return false;
	const struct db_accused *old = NULL;
	if (a->id) {
		int i = find_stored_accused(stored, a->id);
		if (i < 0)
			return invalid(k, "id", "This case has no accused with that id.");
		old = &stored->accused[i];
	}
	char code[32];
	if (!text_member(k, o, "code", false, code, sizeof code, "The accused's code"))
		return false;
	if (code[0] && !cases_code_valid('A', code))
		return invalid(k, "code", "An accused's code is A- and 12 letters or digits, as given by this system.");
	if (code[0])
		memcpy(a->code, code, CASE_CODE_MAX + 1);
	else if (old)
		memcpy(a->code, old->code, sizeof a->code);
	else
		cases_new_code('A', a->code);
	if (!bits_member(k, o, "roles", &vocab_role, &a->roles) || !bool_member(k, o, "arrested", &a->arrested)
	    || !bool_member(k, o, "chargesheeted", &a->chargesheeted) || !bool_member(k, o, "convicted", &a->convicted))
		return false;
	if (!a->roles)
		return invalid(k, "roles", "Give the accused's role, at least one.");
	json_t *ag = json_object_get(o, "agency_id");
	if (ag && !json_is_null(ag)) {
		struct db_record rec;
		struct scope all = { SCOPE_NATIONAL, 0, 0 };
		if (!json_is_integer(ag)
		    || k->r->db->ops->record_get(k->r->db, &all, "agencies", json_integer_value(ag), &rec) != DB_OK)
			return invalid(k, "agency_id", "There is no registered placement agency with that id.");
		db_record_clear(&rec);
		a->agency_id = json_integer_value(ag);
	}
	json_t *personal = json_object_get(o, "personal");
	a->keep_personal = old && !personal && strcmp(old->code, a->code) == 0;
	if (personal && !json_is_null(personal)) {
		if (!json_is_object(personal))
			return invalid(k, "personal", "personal is {name}.");
		size_t len = strlen(k->path);
		snprintf(k->path + len, sizeof k->path - len, ".personal");
		bool ok = seal_member(k, personal, "name", CASE_PERSONAL_NAME_MAX, "accused", a->code, &a->name);
		k->path[len] = 0;
		if (!ok)
			return false;
	} else if (old && !personal && !a->keep_personal && old->name.data) {
		/* the code changed: the name sealed under the old one does not open under the new */
		return invalid(k, "personal", "Give the accused's name again when the code changes.");
	}
	return true;
}

static bool sections_from(struct check *k, const json_t *o, char *out, size_t n)
{
	json_t *a = json_object_get(o, "sections");
	snprintf(out, n, "[]");
	if (!a || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > 20)
		return invalid(k, "sections", "The legal sections are a list of at most 20.");
	size_t i;
	json_t *e;
	json_array_foreach(a, i, e) {
		const char *s = json_string_value(e);
		if (!s || !*s || json_string_length(e) > 40)
			return invalid(k, "sections", "Each section is a text of 1 to 40 bytes (\"IPC 370\").");
		for (const char *c = s; *c; c++)
			if ((unsigned char)*c < 0x20)
				return invalid(k, "sections", "A section may not hold control characters or line breaks.");
	}
	char *text = json_dumps(a, JSON_COMPACT);
	bool ok = text && strlen(text) < n;
	if (ok)
		snprintf(out, n, "%s", text);
	free(text);
	return ok ? true : invalid(k, "sections", "The legal sections are too long together.");
}

/* The check of a case's body, replying (problem NULL) or noting. */
static bool check_case(struct request *r, const json_t *body, const struct db_case *stored, struct db_case *out,
		       struct case_problem *problem)
{
	struct check k = { .r = r, .problem = problem };
	cases_today(k.today);
	memset(out, 0, sizeof *out);
	if (!json_is_object(body))
		return refuse(&k, 400, "request.body", NULL, "The body must be a JSON object.");
	if (stored) {
		json_t *ver = json_object_get(body, "version");
		if (!json_is_integer(ver))
			return refuse(&k, 400, "request.invalid", "version",
				      "Give the version you read, so that a change made since is not lost.");
		if (json_integer_value(ver) != stored->version)
			return refuse(&k, 409, "case.changed",
				      NULL, "The case has been changed since you read it (version %lld now); read it again.",
				      (long long)stored->version);
		out->id = stored->id;
		out->version = stored->version;
		out->synthetic = stored->synthetic;
	}
	json_t *d = json_object_get(body, "district_lgd");
	const struct master_district *m = json_is_integer(d) ? master_district_of((int)json_integer_value(d)) : NULL;
	if (!m && stored && (!d || json_is_null(d)))
		m = master_district_of(stored->district_lgd);
	if (!m)
		return invalid(&k, "district_lgd", "Give the district of the police station (its LGD code).");
	const struct scope *s = &r->caller.scope;
	if ((s->level == SCOPE_STATE && m->state_lgd != s->state_lgd)
	    || (s->level == SCOPE_DISTRICT && m->lgd != s->district_lgd) || s->level == SCOPE_NONE)
		return invalid(&k, "district_lgd", "%s is outside your jurisdiction.", m->name);
	out->district_lgd = m->lgd;
	out->state_lgd = m->state_lgd;
	if (!text_member(&k, body, "police_station", true, out->police_station, sizeof out->police_station,
			 "The police station")
	    || !text_member(&k, body, "fir_number", true, out->fir_number, sizeof out->fir_number, "The FIR number")
	    || !date_member(&k, body, "fir_date", true, out->fir_date, "The FIR's date")
	    || !sections_from(&k, body, out->sections, sizeof out->sections)
	    || !text_member(&k, body, "ahtu", false, out->ahtu, sizeof out->ahtu, "The AHTU")
	    || !code_member(&k, body, "status", false, &vocab_status, out->status, sizeof out->status)
	    || !date_member(&k, body, "status_on", false, out->status_on, "The status's date"))
		return false;
	if (!out->status[0])
		snprintf(out->status, sizeof out->status, "%s", stored ? stored->status : "under_investigation");
	if (!out->status_on[0]) {
		bool same = stored && strcmp(out->status, stored->status) == 0;
		if (stored && !same)
			return invalid(&k, "status_on", "Give the date of the new status.");
		snprintf(out->status_on, sizeof out->status_on, "%s", same ? stored->status_on : out->fir_date);
	}
	if (strcmp(out->status_on, out->fir_date) < 0)
		return invalid(&k, "status_on", "The status's date is before the FIR's date.");
	if (stored && strcmp(out->status, stored->status) != 0 && strcmp(out->status_on, stored->status_on) < 0)
		return invalid(&k, "status_on", "The new status's date is before the last one (%s).", stored->status_on);
	if (stored && strcmp(out->status, stored->status) == 0 && strcmp(out->status_on, stored->status_on) != 0)
		return invalid(&k, "status_on", "The date of a status is kept as it was recorded (%s); it changes with the"
			       " status only.", stored->status_on);
	int64_t other = r->db->ops->case_fir_taken(r->db, out->district_lgd, out->police_station, out->fir_number,
						   out->fir_date, out->id);
	if (other)
		return refuse(&k, 409, "case.duplicate", "fir_number", "FIR %s of %s in %.4s is already recorded (case %lld).",
			      out->fir_number, out->police_station, out->fir_date, (long long)other);

	json_t *victims = json_object_get(body, "victims"), *accused = json_object_get(body, "accused");
	if (victims && !json_is_null(victims) && (!json_is_array(victims) || json_array_size(victims) > CASE_VICTIMS_MAX))
		return invalid(&k, "victims", "victims is a list of at most 500.");
	if (accused && !json_is_null(accused) && (!json_is_array(accused) || json_array_size(accused) > CASE_ACCUSED_MAX))
		return invalid(&k, "accused", "accused is a list of at most 200.");
	/* as many as the body holds: an import keeps thousands of cases at once */
	size_t nv = json_is_array(victims) ? json_array_size(victims) : 0, na = json_is_array(accused) ? json_array_size(accused) : 0;
	out->victims = calloc(nv ? nv : 1, sizeof *out->victims);
	out->accused = calloc(na ? na : 1, sizeof *out->accused);
	if (!out->victims || !out->accused)
		return refuse(&k, 500, "server.memory", NULL, "The server is out of memory.");
	size_t i;
	json_t *e;
	json_array_foreach(victims, i, e) {
		snprintf(k.path, sizeof k.path, "victims[%zu]", i);
		bool ok = victim_from(&k, e, stored, &out->victims[out->nvictims]);
		out->nvictims++;
		if (!ok)
			return false;
		for (int j = 0; j + 1 < out->nvictims; j++)
			if (out->victims[j].id && out->victims[j].id == out->victims[out->nvictims - 1].id)
				return invalid(&k, "id", "The same victim is listed twice.");
	}
	json_array_foreach(accused, i, e) {
		snprintf(k.path, sizeof k.path, "accused[%zu]", i);
		bool ok = accused_from(&k, e, stored, &out->accused[out->naccused]);
		out->naccused++;
		if (!ok)
			return false;
		for (int j = 0; j + 1 < out->naccused; j++)
			if ((out->accused[j].id && out->accused[j].id == out->accused[out->naccused - 1].id)
			    || strcmp(out->accused[j].code, out->accused[out->naccused - 1].code) == 0)
				return invalid(&k, "code", "The same accused is listed twice.");
	}
	return true;
}

bool cases_from_json(struct request *r, const json_t *body, const struct db_case *stored, struct db_case *out)
{
	return check_case(r, body, stored, out, NULL);
}

bool cases_check_new(struct request *r, const json_t *body, struct db_case *out, struct case_problem *problem)
{
	memset(problem, 0, sizeof *problem);
	return check_case(r, body, NULL, out, problem);
}

/* ---- showing a case ---- */

json_t *cases_place_json(const struct db_place *p)
{
	if (p->district_lgd) {
		const struct master_district *d = master_district_of(p->district_lgd);
		const struct master_state *s = d ? master_state_of(d->state_lgd) : NULL;
		return json_pack("{s:i, s:s, s:i, s:s}", "district_lgd", p->district_lgd, "district", d ? d->name : "?",
				 "state_lgd", d ? d->state_lgd : 0, "state", s ? s->name : "?");
	}
	if (p->country[0]) {
		const char *name = vocab_country_name(p->country);
		return json_pack("{s:s, s:s}", "country", p->country, "country_name", name ? name : p->country);
	}
	return json_null();
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *victim_json(const struct db_victim *v)
{
	json_t *transit = json_array();
	for (int i = 0; i < v->ntransit; i++)
		json_array_append_new(transit, cases_place_json(&v->transit[i]));
	struct db_place rescue = { v->rescue_district_lgd, "" };
	json_t *out = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o}, s:b}",
			 "id", (json_int_t)v->id, "code", v->code, "gender", v->gender, "age",
			 v->age >= 0 ? json_integer(v->age) : json_null(), "age_band", v->age_band, "nationality",
			 v->nationality, "purposes", vocab_bits_to_json(&vocab_purpose, v->purposes),
			 "methods_of_control", vocab_bits_to_json(&vocab_control, v->methods), "recruiter_relation",
			 text_or_null(v->relation), "rescued_on", text_or_null(v->rescued_on), "rescue_place",
			 cases_place_json(&rescue), "shelter", text_or_null(v->shelter), "route", "source",
			 cases_place_json(&v->source), "transit", transit, "destination",
			 cases_place_json(&v->destination), "has_personal",
			 v->name.data || v->address.data || v->contact.data);
	json_object_set_new(out, "has_photo", json_boolean(v->has_photo));
	return out;
}

static json_t *accused_json(const struct db_accused *a)
{
	return json_pack("{s:I, s:s, s:o, s:b, s:b, s:b, s:o, s:b}", "id", (json_int_t)a->id, "code", a->code, "roles",
			 vocab_bits_to_json(&vocab_role, a->roles), "arrested", a->arrested, "chargesheeted",
			 a->chargesheeted, "convicted", a->convicted, "agency_id",
			 a->agency_id ? json_integer(a->agency_id) : json_null(), "has_personal", a->name.data != NULL);
}

json_t *cases_to_json(const struct db_case *c, json_t *events)
{
	const struct master_district *d = master_district_of(c->district_lgd);
	const struct master_state *s = master_state_of(c->state_lgd);
	json_t *victims = json_array(), *accused = json_array();
	for (int i = 0; i < c->nvictims; i++)
		json_array_append_new(victims, victim_json(&c->victims[i]));
	for (int i = 0; i < c->naccused; i++)
		json_array_append_new(accused, accused_json(&c->accused[i]));
	json_t *sections = json_loads(c->sections, 0, NULL);
	char created[32], updated[32];
	util_iso8601(c->created_at, created);
	util_iso8601(c->updated_at, updated);
	return json_pack("{s:I, s:i, s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:b, s:I, s:s, s:s,"
			 " s:o, s:o}",
			 "id", (json_int_t)c->id, "state_lgd", c->state_lgd, "state", s ? s->name : "?", "district_lgd",
			 c->district_lgd, "district", d ? d->name : "?", "police_station", c->police_station,
			 "fir_number", c->fir_number, "fir_date", c->fir_date, "sections",
			 sections ? sections : json_array(), "ahtu", text_or_null(c->ahtu), "status", c->status,
			 "status_on", c->status_on, "history", events ? events : json_array(), "synthetic", c->synthetic,
			 "version", (json_int_t)c->version, "created_at", created, "updated_at", updated, "victims",
			 victims, "accused", accused);
}

/* Opens one sealed value into a new JSON string (null when none); false
 * when it does not open. */
static bool open_member(const struct db_sealed *s, const char *table, const char *col, const char *code, json_t **out)
{
	*out = json_null();
	if (!s->data)
		return true;
	char ad[64], *plain;
	size_t len;
	snprintf(ad, sizeof ad, "%s.%s:%s", table, col, code);
	if (field_open(s->data, s->len, ad, &plain, &len) != 0) {
		log_error("cases: a sealed %s.%s of %s does not open (a wrong key, or the row was altered)", table, col,
			  code);
		return false;
	}
	*out = json_stringn(plain, len);
	sodium_memzero(plain, len);
	free(plain);
	return true;
}

json_t *cases_personal_json(const struct db_case *c)
{
	json_t *victims = json_array(), *accused = json_array();
	bool ok = true;
	for (int i = 0; i < c->nvictims && ok; i++) {
		const struct db_victim *v = &c->victims[i];
		json_t *name, *address, *contact;
		ok = open_member(&v->name, "victims", "name", v->code, &name);
		ok = open_member(&v->address, "victims", "address", v->code, &address) && ok;
		ok = open_member(&v->contact, "victims", "contact", v->code, &contact) && ok;
		json_array_append_new(victims, json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)v->id, "code",
							 v->code, "name", name, "address", address, "contact", contact));
	}
	for (int i = 0; i < c->naccused && ok; i++) {
		const struct db_accused *a = &c->accused[i];
		json_t *name;
		ok = open_member(&a->name, "accused", "name", a->code, &name);
		json_array_append_new(accused, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)a->id, "code", a->code,
							 "name", name));
	}
	json_t *out = json_pack("{s:o, s:o}", "victims", victims, "accused", accused);
	if (!ok) {
		json_decref(out);
		return NULL;
	}
	return out;
}
