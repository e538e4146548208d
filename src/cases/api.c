/* The case records' handlers.  Who may call is the route table's: the
 * Cell reads every case; a State or district user reads and writes its
 * jurisdiction's (auth_scope, applied by the storage layer), and only they
 * open the personal values of a case they may read — each opening
 * audited before anything is sent. */
#include <limits.h>
#include <magic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "crypto/field.h"
#include "master/master.h"
#include "cases/internal.h"
#include "registers/registers.h"
#include "util/util.h"

#define CASES_EXPORT_MAX 100000
#define QUERY_TEXT_MAX 100

void cases_vocabulary(struct request *r)
{
	json_t *countries = json_array();
	for (int i = 0; i < vocab_country_count(); i++) {
		const char *c = vocab_country_at(i);
		json_array_append_new(countries, json_pack("{s:s, s:s}", "code", c, "label", vocab_country_name(c)));
	}
	reply_json(r, 200, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "status", vocab_json(&vocab_status),
				     "gender", vocab_json(&vocab_gender), "age_band", vocab_json(&vocab_age_band),
				     "purposes", vocab_json(&vocab_purpose), "methods_of_control",
				     vocab_json(&vocab_control), "recruiter_relation", vocab_json(&vocab_relation),
				     "roles", vocab_json(&vocab_role), "countries", countries));
}

/* ?name= as a date, or NULL; false with a 400 reply when malformed. */
static bool query_date(struct request *r, const char *name, const char **out)
{
	const char *v = request_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return true;
	if (!util_date_valid(v)) {
		reply_invalid(r, name, "%s must be a date written YYYY-MM-DD.", name);
		return false;
	}
	*out = v;
	return true;
}

/* ?name= as an LGD code (0 when absent); false with a 400 reply. */
static bool query_lgd(struct request *r, const char *name, int *out)
{
	const char *v = request_query(r, name);
	long long n;
	*out = 0;
	if (!v || !*v)
		return true;
	if (!util_parse_int(v, 1, 9999, &n)) {
		reply_invalid(r, name, "%s must be an LGD code.", name);
		return false;
	}
	*out = (int)n;
	return true;
}

void cases_list(struct request *r)
{
	struct db_case_filter f = { 0 };
	f.q = request_query(r, "q");
	if (f.q && strlen(f.q) > QUERY_TEXT_MAX) {
		reply_invalid(r, "q", "The search text is too long (at most %d bytes).", QUERY_TEXT_MAX);
		return;
	}
	f.ahtu = request_query(r, "ahtu");
	if (f.ahtu && strlen(f.ahtu) > 200) {
		reply_invalid(r, "ahtu", "The AHTU's name is too long (at most 200 bytes).");
		return;
	}
	if (f.ahtu && !*f.ahtu)
		f.ahtu = NULL;
	f.status = request_query(r, "status");
	if (f.status && *f.status && vocab_find(&vocab_status, f.status) < 0) {
		reply_invalid(r, "status", "status must be one of under_investigation, chargesheeted, on_trial, convicted,"
				       " acquitted, closed.");
		return;
	}
	if (f.status && !*f.status)
		f.status = NULL;
	if (!query_lgd(r, "state", &f.state_lgd) || !query_lgd(r, "district", &f.district_lgd)
	    || !query_date(r, "from", &f.from) || !query_date(r, "to", &f.to))
		return;
	static const char *const sorts[] = { "fir_date", "-fir_date", "updated_at", "-updated_at", "district",
					     "-district", "status", "-status", NULL };
	f.sort = request_query(r, "sort");
	bool sort_ok = !f.sort;
	for (int i = 0; f.sort && sorts[i]; i++)
		sort_ok |= strcmp(sorts[i], f.sort) == 0;
	if (!sort_ok) {
		reply_invalid(r, "sort", "sort must be fir_date, updated_at, district or status, with '-' for descending.");
		return;
	}
	const char *format = request_query(r, "format");
	bool exporting = format && strcmp(format, "json") != 0;
	if (exporting && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	if (exporting)
		f.limit = CASES_EXPORT_MAX;
	else if (!request_paging(r, &f.limit, &f.offset))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *items = NULL;
	int64_t total = 0;
	if (r->db->ops->case_list(r->db, &s, &f, &items, &total) != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (!exporting) {
		reply_list(r, items, total, f.limit, f.offset);
		return;
	}
	if (total > CASES_EXPORT_MAX) {
		json_decref(items);
		reply_error(r, 413, "export.too_big", "This list has %lld cases; an export holds at most %d. Filter it first.",
			    (long long)total, CASES_EXPORT_MAX);
		return;
	}
	static const char *const keys[] = { "id", "state", "district", "police_station", "fir_number", "fir_date",
					    "status", "status_on", "victims", "accused" };
	static const char *const labels[] = { "Case", "State/UT", "District", "Police station", "FIR number",
					      "FIR date", "Status", "Since", "Victims", "Accused" };
	struct reg_table t = { "Case records", keys, labels, sizeof keys / sizeof keys[0], items };
	registers_reply_export(r, "cases", format, &t);
	json_decref(items);
}

/* The case the path names, within the caller's scope, into c; false with
 * the reply set (404 for one out of scope, as for one that is not). */
static bool path_case(struct request *r, struct db_case *c)
{
	int64_t id;
	memset(c, 0, sizeof *c);
	if (!request_param_id(r, 0, &id))
		return false;
	struct scope s = auth_scope(&r->caller);
	enum db_status st = r->db->ops->case_get(r->db, &s, id, c);
	if (st == DB_NOTFOUND) {
		reply_error(r, 404, "case.not_found", "There is no case %lld that you may see.", (long long)id);
		return false;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return false;
	}
	return true;
}

/* Replies with the case as stored now. */
static void reply_case(struct request *r, int status, int64_t id)
{
	struct db_case c;
	struct scope s = auth_scope(&r->caller);
	json_t *events = NULL;
	if (r->db->ops->case_get(r->db, &s, id, &c) != DB_OK || r->db->ops->case_events(r->db, id, &events) != DB_OK) {
		db_case_clear(&c);
		reply_db_error(r);
		return;
	}
	reply_json(r, status, cases_to_json(&c, events));
	db_case_clear(&c);
}

void cases_show(struct request *r)
{
	struct db_case c;
	if (!path_case(r, &c))
		return;
	int64_t id = c.id;
	db_case_clear(&c);
	reply_case(r, 200, id);
}

static json_t *audit_detail(const struct db_case *c)
{
	return json_pack("{s:i, s:s, s:i, s:i}", "district_lgd", c->district_lgd, "status", c->status, "victims",
			 c->nvictims, "accused", c->naccused);
}

void cases_create(struct request *r)
{
	struct db_case c;
	if (!cases_from_json(r, r->body, NULL, &c)) {
		db_case_clear(&c);
		return;
	}
	c.created_at = c.updated_at = util_now_ms();
	c.created_by = c.updated_by = r->caller.user_id;
	enum db_status st = r->db->ops->case_insert(r->db, &c);
	if (st == DB_OK)
		st = r->db->ops->case_event_add(r->db, c.id, c.status, c.status_on, c.created_at, r->caller.user_id);
	if (st != DB_OK) {
		db_case_clear(&c);
		if (st == DB_CONFLICT)
			reply_error(r, 409, "case.duplicate", "This FIR, or a victim's code, is already recorded.");
		else
			reply_db_error(r);
		return;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c.id);
	if (audit_record(r, "case.create", "case", id, "ok", audit_detail(&c)) != 0) {
		db_case_clear(&c);
		reply_db_error(r);
		return;
	}
	int64_t case_id = c.id;
	db_case_clear(&c);
	reply_case(r, 201, case_id);
}

void cases_update(struct request *r)
{
	struct db_case stored, c;
	if (!path_case(r, &stored))
		return;
	if (!cases_from_json(r, r->body, &stored, &c))
		goto out;
	c.created_at = stored.created_at;
	c.created_by = stored.created_by;
	c.updated_at = util_now_ms();
	c.updated_by = r->caller.user_id;
	enum db_status st = r->db->ops->case_update(r->db, &c);
	bool moved = strcmp(c.status, stored.status) != 0 || strcmp(c.status_on, stored.status_on) != 0;
	if (st == DB_OK && moved)
		st = r->db->ops->case_event_add(r->db, c.id, c.status, c.status_on, c.updated_at, r->caller.user_id);
	if (st != DB_OK) {
		if (st == DB_CONFLICT)
			reply_error(r, 409, "case.changed", "The case was changed while you saved it; read it again.");
		else
			reply_db_error(r);
		goto out;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c.id);
	json_t *detail = audit_detail(&c);
	json_object_set_new(detail, "version", json_integer(c.version));
	if (moved)
		json_object_set_new(detail, "status_before", json_string(stored.status));
	if (audit_record(r, "case.update", "case", id, "ok", detail) != 0) {
		reply_db_error(r);
		goto out;
	}
	reply_case(r, 200, c.id);
out:
	db_case_clear(&c);
	db_case_clear(&stored);
}

void cases_personal(struct request *r)
{
	struct db_case c;
	if (!path_case(r, &c))
		return;
	json_t *out = cases_personal_json(&c);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c.id);
	if (!out) {
		audit_record(r, "case.personal.read", "case", id, "failed", NULL);
		reply_error(r, 500, "personal.unreadable",
			    "The personal data of this case cannot be opened (a key is missing or a value was altered)."
			    " The administrator has the details in the log.");
		db_case_clear(&c);
		return;
	}
	/* audited before it is sent: an opening that cannot be audited is not made */
	if (audit_record(r, "case.personal.read", "case", id, "ok",
			 json_pack("{s:i, s:i}", "victims", c.nvictims, "accused", c.naccused)) != 0) {
		json_decref(out);
		db_case_clear(&c);
		reply_db_error(r);
		return;
	}
	db_case_clear(&c);
	reply_json(r, 200, out);
}

/* ---- a victim's photo ---- */

#define PHOTO_MAX (2 * 1024 * 1024)

/* The case and victim the path names, the case within the caller's scope;
 * false with a 404 reply. */
static bool path_victim(struct request *r, int64_t *case_id, int64_t *victim_id)
{
	if (!request_param_id(r, 0, case_id) || !request_param_id(r, 1, victim_id))
		return false;
	return true;
}

/* The type of an image by its content (libmagic): "image/jpeg",
 * "image/png", or NULL for anything else. */
static const char *image_type(const void *data, size_t len)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
	if (!m || magic_load(m, NULL) != 0) {
		if (m)
			magic_close(m);
		return NULL;
	}
	const char *t = magic_buffer(m, data, len);
	const char *out = t && strcmp(t, "image/jpeg") == 0 ? "image/jpeg" : t && strcmp(t, "image/png") == 0 ? "image/png" : NULL;
	magic_close(m);
	return out;
}

void cases_photo_put(struct request *r)
{
	int64_t case_id, victim_id;
	if (!path_victim(r, &case_id, &victim_id))
		return;
	struct upload *up = r->upload;
	if (!up || !up->has_file) {
		reply_invalid(r, "file", "Choose the photo to upload (the form field \"file\").");
		return;
	}
	if (up->size > PHOTO_MAX) {
		reply_error(r, 413, "photo.too_big", "A photo is at most 2 MB.");
		return;
	}
	struct scope s = auth_scope(&r->caller);
	char code[CASE_CODE_MAX + 1];
	struct db_sealed old = { 0 };
	enum db_status st = r->db->ops->victim_photo_get(r->db, &s, case_id, victim_id, code, &old);
	free(old.data);
	if (st == DB_NOTFOUND) {
		reply_error(r, 404, "victim.not_found", "There is no such victim in a case that you may see.");
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	unsigned char *bytes = malloc(up->size ? up->size : 1);
	ssize_t got = bytes ? pread(up->fd, bytes, up->size, 0) : -1;
	const char *type = got > 0 && (uint64_t)got == up->size ? image_type(bytes, (size_t)got) : NULL;
	if (!type) {
		free(bytes);
		reply_error(r, 415, "photo.type_refused", "A photo is a JPEG or PNG image.");
		return;
	}
	/* the type goes in with the picture: "image/png\n" then the bytes */
	size_t tl = strlen(type) + 1, n = tl + (size_t)got;
	unsigned char *plain = malloc(n);
	struct db_sealed sealed = { 0 };
	char ad[64];
	snprintf(ad, sizeof ad, "victims.photo:%s", code);
	bool ok = plain != NULL;
	if (ok) {
		memcpy(plain, type, tl - 1);
		plain[tl - 1] = '\n';
		memcpy(plain + tl, bytes, (size_t)got);
		ok = field_seal(plain, n, ad, &sealed.data, &sealed.len) == 0;
		sodium_memzero(plain, n);
	}
	sodium_memzero(bytes, (size_t)got);
	free(bytes);
	free(plain);
	if (!ok) {
		reply_error(r, 503, "keys.unavailable", "Personal data cannot be sealed: no key is loaded.");
		return;
	}
	st = r->db->ops->victim_photo_put(r->db, case_id, victim_id, &sealed);
	free(sealed.data);
	char id[48];
	snprintf(id, sizeof id, "%lld/%lld", (long long)case_id, (long long)victim_id);
	if (st != DB_OK || audit_record(r, "case.photo.upload", "victim", id, "ok",
					 json_pack("{s:s, s:I}", "type", type, "size", (json_int_t)got)) != 0) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 201, json_pack("{s:I, s:s, s:I}", "victim_id", (json_int_t)victim_id, "type", type, "size",
				     (json_int_t)got));
}

void cases_photo_delete(struct request *r)
{
	int64_t case_id, victim_id;
	if (!path_victim(r, &case_id, &victim_id))
		return;
	struct scope s = auth_scope(&r->caller);
	char code[CASE_CODE_MAX + 1];
	struct db_sealed old = { 0 };
	enum db_status st = r->db->ops->victim_photo_get(r->db, &s, case_id, victim_id, code, &old);
	bool had = old.data != NULL;
	free(old.data);
	if (st == DB_NOTFOUND || (st == DB_OK && !had)) {
		reply_error(r, 404, "photo.not_found", "This victim has no photo that you may see.");
		return;
	}
	struct db_sealed none = { 0 };
	char id[48];
	snprintf(id, sizeof id, "%lld/%lld", (long long)case_id, (long long)victim_id);
	if (st != DB_OK || r->db->ops->victim_photo_put(r->db, case_id, victim_id, &none) != DB_OK
	    || audit_record(r, "case.photo.delete", "victim", id, "ok", NULL) != 0) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 204, NULL);
}

void cases_photo_get(struct request *r)
{
	int64_t case_id, victim_id;
	if (!path_victim(r, &case_id, &victim_id))
		return;
	struct scope s = auth_scope(&r->caller);
	char code[CASE_CODE_MAX + 1];
	struct db_sealed sealed = { 0 };
	enum db_status st = r->db->ops->victim_photo_get(r->db, &s, case_id, victim_id, code, &sealed);
	if (st == DB_OK && !sealed.data)
		st = DB_NOTFOUND;
	if (st != DB_OK) {
		free(sealed.data);
		if (st == DB_NOTFOUND)
			reply_error(r, 404, "photo.not_found", "This victim has no photo that you may see.");
		else
			reply_db_error(r);
		return;
	}
	char ad[64], *plain = NULL, id[48];
	size_t len = 0;
	snprintf(ad, sizeof ad, "victims.photo:%s", code);
	snprintf(id, sizeof id, "%lld/%lld", (long long)case_id, (long long)victim_id);
	bool opened = field_open(sealed.data, sealed.len, ad, &plain, &len) == 0;
	free(sealed.data);
	char *nl = opened ? memchr(plain, '\n', len) : NULL;
	if (!nl) {
		if (plain) {
			sodium_memzero(plain, len);
			free(plain);
		}
		audit_record(r, "case.photo.read", "victim", id, "failed", NULL);
		reply_error(r, 500, "personal.unreadable", "The photo cannot be opened (a key is missing or it was altered).");
		return;
	}
	/* audited before it is sent */
	if (audit_record(r, "case.photo.read", "victim", id, "ok", NULL) != 0) {
		sodium_memzero(plain, len);
		free(plain);
		reply_db_error(r);
		return;
	}
	*nl = 0;
	const char *type = strcmp(plain, "image/png") == 0 ? "image/png" : "image/jpeg";
	size_t off = (size_t)(nl - plain) + 1;
	char disposition[96];
	snprintf(disposition, sizeof disposition, "inline; filename=\"victim-%lld.%s\"", (long long)victim_id,
		 type[6] == 'p' ? "png" : "jpg");
	/* from memory: the opened photo never touches the disk */
	reply_secret(r, plain + off, len - off, type, disposition);
	sodium_memzero(plain, len);
	free(plain);
}

/* ---- the victims for exchange: de-identified, in the standard's names ---- */

#define EXCHANGE_MAX 100000

struct exchange {
	json_t *rows;
};

/* A place's country, State and district names and district's LGD code. */
static void exchange_place(json_t *row, const char *prefix, const struct db_place *p)
{
	char key[48];
	const struct master_district *d = p->district_lgd ? master_district_of(p->district_lgd) : NULL;
	snprintf(key, sizeof key, "%sCountry", prefix);
	json_object_set_new(row, key, json_string(d ? "IN" : p->country));
	snprintf(key, sizeof key, "%sState", prefix);
	json_object_set_new(row, key, json_string(d ? master_state_of(d->state_lgd)->name : ""));
	snprintf(key, sizeof key, "%sDistrict", prefix);
	json_object_set_new(row, key, json_string(d ? d->name : ""));
	snprintf(key, sizeof key, "%sDistrictLGD", prefix);
	json_object_set_new(row, key, d ? json_integer(d->lgd) : json_string(""));
}

/* The codes of a bit set joined by ";". */
static json_t *joined(const struct vocab *v, uint32_t bits)
{
	char out[512] = "";
	size_t n = 0;
	for (int i = 0; i < v->n && i < 32; i++)
		if (bits & (1u << i)) {
			int k = snprintf(out + n, sizeof out - n, "%s%s", n ? ";" : "", v->codes[i]);
			if (k > 0 && (size_t)k < sizeof out - n)
				n += (size_t)k;
		}
	return json_string(out);
}

static int exchange_row(void *ctx, const struct db_case *c, const struct db_victim *v)
{
	struct exchange *x = ctx;
	const struct master_district *d = master_district_of(c->district_lgd);
	bool minor = vocab_age_band_minor(v->age_band), unknown = strcmp(v->age_band, "Unknown") == 0;
	char transit[256] = "", year[5], month[8] = "";
	for (int i = 0; i < v->ntransit; i++) {
		const struct master_district *t = v->transit[i].district_lgd ? master_district_of(v->transit[i].district_lgd) : NULL;
		size_t n = strlen(transit);
		snprintf(transit + n, sizeof transit - n, "%s%s", i ? ";" : "", t ? t->name : v->transit[i].country);
	}
	snprintf(year, sizeof year, "%.4s", c->fir_date);
	if (v->rescued_on[0])
		snprintf(month, sizeof month, "%.7s", v->rescued_on);      /* the month only: de-identified */
	uint32_t sexual = (1u << vocab_find(&vocab_purpose, "prostitution")) | (1u << vocab_find(&vocab_purpose, "other_sexual"))
			  | (1u << vocab_find(&vocab_purpose, "child_pornography"));
	json_t *row = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i, s:i, s:o, s:s, s:s}",
				"cas_Id", (json_int_t)c->id, "cas_Status", c->status, "yearOfRegistration", year,
				"cas_State", d ? master_state_of(d->state_lgd)->name : "", "cas_District", d ? d->name : "",
				"vic_Id", v->code, "prs_Gender", v->gender, "ageBroad", v->age_band, "majorityStatus",
				unknown ? "Unknown" : minor ? "Minor" : "Adult", "purposes",
				joined(&vocab_purpose, v->purposes), "isForcedLabour",
				!!(v->purposes & (1u << vocab_find(&vocab_purpose, "forced_labour"))), "isSexualExploit",
				!!(v->purposes & sexual), "isForcedMarriage",
				!!(v->purposes & (1u << vocab_find(&vocab_purpose, "forced_marriage"))),
				"vic_MethodsOfControl", joined(&vocab_control, v->methods), "recruiterRelation", v->relation,
				"prs_Nationality", v->nationality);
	exchange_place(row, "recruitment", &v->source);
	json_object_set_new(row, "transit", json_string(transit));
	exchange_place(row, "exploitation", &v->destination);
	json_object_set_new(row, "rescueMonth", json_string(month));
	json_object_set_new(row, "synthetic", json_integer(c->synthetic));
	json_array_append_new(x->rows, row);
	return 0;
}

void cases_victims_export(struct request *r)
{
	struct db_case_filter f = { 0 };
	if (!query_lgd(r, "state", &f.state_lgd) || !query_lgd(r, "district", &f.district_lgd)
	    || !query_date(r, "from", &f.from) || !query_date(r, "to", &f.to))
		return;
	const char *format = request_query(r, "format");
	if (!format)
		format = "csv";
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0) {
		reply_invalid(r, "format", "format is csv or xlsx.");
		return;
	}
	f.limit = EXCHANGE_MAX + 1;
	struct scope s = auth_scope(&r->caller);
	struct exchange x = { json_array() };
	int64_t total = 0;
	if (r->db->ops->victims_export(r->db, &s, &f, exchange_row, &x, &total) != DB_OK) {
		json_decref(x.rows);
		reply_db_error(r);
		return;
	}
	if (total > EXCHANGE_MAX) {
		json_decref(x.rows);
		reply_error(r, 413, "export.too_big", "These cases hold %lld victims; an export holds at most %d. Narrow it by"
			    " State, district or FIR dates.", (long long)total, EXCHANGE_MAX);
		return;
	}
	static const char *const keys[] = { "cas_Id", "cas_Status", "yearOfRegistration", "cas_State", "cas_District",
					    "vic_Id", "prs_Gender", "ageBroad", "majorityStatus", "prs_Nationality",
					    "purposes", "isForcedLabour", "isSexualExploit", "isForcedMarriage",
					    "vic_MethodsOfControl", "recruiterRelation", "recruitmentCountry",
					    "recruitmentState", "recruitmentDistrict", "recruitmentDistrictLGD", "transit",
					    "exploitationCountry", "exploitationState", "exploitationDistrict",
					    "exploitationDistrictLGD", "rescueMonth", "synthetic" };
	struct reg_table t = { "Victims, de-identified (Human Trafficking Case Data Standard names)", keys, keys,
			       sizeof keys / sizeof *keys, x.rows };
	registers_reply_export(r, "victims", format, &t);
	json_decref(x.rows);
}
