/* The registers' demo content: a nodal officer for every State/UT, marked
 * plainly as a demo entry (the Cell's real list is not ours to ship), so
 * that the public directory, its printed list and the forms have something
 * to show on the first `make run`.  Loaded once: nothing when the register
 * already has records. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "registers/registers.h"
#include "util/util.h"

static int count_one(void *ctx, const struct db_record *r)
{
	(void)r;
	(void)ctx;
	return 1;
}

enum db_status reg_insert_checked(struct db *db, const struct reg_type *t, const json_t *in, struct db_record *rec,
				  struct reg_error *err)
{
	json_t *data = reg_validate(t, in, NULL, err);
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *search = data ? reg_search_text(t, data, false) : NULL;
	char *search_public = data ? reg_search_text(t, data, true) : NULL;
	json_decref(data);
	snprintf(rec->type, sizeof rec->type, "%s", t->name);
	rec->data = text;
	enum db_status st = text && search && search_public ? db->ops->record_insert(db, rec, search, search_public)
			    : DB_ERROR;
	rec->data = NULL;
	free(text);
	free(search);
	free(search_public);
	return st;
}

int registers_demo_load(struct db *db)
{
	const struct reg_type *t = reg_type_find("officers");
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	struct db_record_filter f = { .type = t->name, .sort = RECORD_SORT_ID, .limit = 1 };
	int64_t total = 0;
	if (db->ops->record_list(db, &all, &f, count_one, NULL, &total) != DB_OK)
		return -1;
	if (total > 0)
		return 0;
	json_t *states = db->ops->states_list(db);
	if (!states || db->ops->begin_write(db) != DB_OK) {
		json_decref(states);
		return -1;
	}
	int n = 0;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(states, "items") ? json_object_get(states, "items") : states, i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		int lgd = (int)json_integer_value(json_object_get(s, "lgd"));
		if (!name || !lgd)
			continue;
		char slug[64], email[96], who[160];
		size_t k = 0;
		for (const char *p = name; *p && k < sizeof slug - 1; p++)
			if (isalnum((unsigned char)*p))
				slug[k++] = (char)tolower((unsigned char)*p);
		slug[k] = 0;
		snprintf(email, sizeof email, "nodal.aht@%s.example", slug);
		snprintf(who, sizeof who, "Demo Nodal Officer, %s", name);
		json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", who, "rank", "IGP", "designation",
				       "Inspector General of Police (demo entry, not a real officer)", "office",
				       "State CID, Crime Against Women and Children", "email", email);
		struct db_record rec = { .state_lgd = lgd, .created_at = util_now_ms() };
		snprintf(rec.slot, sizeof rec.slot, "state:%d", lgd);
		snprintf(rec.valid_from, sizeof rec.valid_from, "2025-04-01");
		struct reg_error err;
		enum db_status st = reg_insert_checked(db, t, in, &rec, &err);
		json_decref(in);
		if (st != DB_OK) {
			log_error("demo: the nodal officer of %s could not be stored: %s", name, err.message);
			db->ops->rollback(db);
			json_decref(states);
			return -1;
		}
		n++;
	}
	json_decref(states);
	if (audit_record_raw(db, 0, "cli", "cli", "register.demo_load", t->name, "", "ok",
			     json_pack("{s:i}", "records", n)) != 0 || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return -1;
	}
	return n;
}
