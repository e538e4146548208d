/* Monitoring (src/monitoring): the functional-status rules of the AHTU
 * register — a unit is never further along than reported, and less when
 * its record does not bear the report out — with the default criteria and
 * with criteria the Cell sets; and progress against the training targets,
 * kept by the triggers of migration 0019 through every change of a course
 * (added, its participants replaced, moved to another programme). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db/db.h"
#include "master/master.h"
#include "scratch_db.h"
#include "monitoring/monitoring.h"

static struct db *db;
static char dir[64];
static const int GOA = 30, OD = 21;

static int group_setup(void **state)
{
	(void)state;
	db = scratch_db_open("monitoring", dir);
	return !db ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return scratch_db_close(db, dir);
}

/* The unit's checked status and shortfalls for the data given as JSON. */
static const char *checked(const char *data_json, char shortfalls[512])
{
	static char status[32];
	json_t *d = json_loads(data_json, 0, NULL);
	assert_non_null(d);
	monitoring_ahtu_derive(d);
	snprintf(status, sizeof status, "%s", json_string_value(json_object_get(d, "status_checked")));
	const char *why = json_string_value(json_object_get(d, "shortfalls"));
	snprintf(shortfalls, 512, "%s", why ? why : "");
	json_decref(d);
	return status;
}

#define FULL "\"set_up_on\": \"2012-04-02\", \"staff_posted\": 6, \"officer_in_charge\": \"Insp. Naik\"," \
	     " \"vehicle\": \"yes\", \"computer\": \"yes\""

static void test_default_rules(void **state)
{
	(void)state;
	char why[512];
	/* as far as reported, when the record bears it out */
	assert_string_equal(checked("{\"status\": \"functional\", " FULL "}", why), "functional");
	assert_string_equal(why, "");
	assert_string_equal(checked("{\"status\": \"set_up\", " FULL "}", why), "set_up");
	assert_string_equal(checked("{\"status\": \"sanctioned\", " FULL "}", why), "sanctioned");
	assert_string_equal(why, "");
	/* no staff posted: not functional, whatever it was marked */
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": 0,"
				    " \"officer_in_charge\": \"Insp. Naik\", \"vehicle\": \"yes\", \"computer\": \"yes\"}", why),
			    "set_up");
	assert_string_equal(why, "Not functional: at least one officer is posted.");
	/* no staff recorded at all is no better */
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\"}", why), "set_up");
	assert_non_null(strstr(why, "at least one officer is posted; an officer is in charge; it has a vehicle;"
				    " it has a computer"));
	/* an empty text is not a value */
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": 3,"
				    " \"officer_in_charge\": \"\", \"vehicle\": \"yes\", \"computer\": \"yes\"}", why),
			    "set_up");
	assert_string_equal(why, "Not functional: an officer is in charge.");
	/* not even set up: reported functional, falls to sanctioned, with both reasons */
	assert_string_equal(checked("{\"status\": \"functional\", \"staff_posted\": 6, \"officer_in_charge\": \"X\","
				    " \"vehicle\": \"yes\", \"computer\": \"yes\"}", why), "sanctioned");
	assert_string_equal(why, "Not set up: the date it was set up is recorded.");
	assert_string_equal(checked("{\"status\": \"set_up\"}", why), "sanctioned");
	assert_string_equal(why, "Not set up: the date it was set up is recorded.");
	/* a vehicle answered "no" is not a vehicle */
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": 6,"
				    " \"officer_in_charge\": \"X\", \"vehicle\": \"no\", \"computer\": \"yes\"}", why), "set_up");
	assert_string_equal(why, "Not functional: it has a vehicle.");
	/* no status: sanctioned, nothing owed */
	assert_string_equal(checked("{}", why), "sanctioned");
	assert_string_equal(why, "");
}

static void test_cell_criteria(void **state)
{
	(void)state;
	/* the Cell's criteria, as the setting holds them: staff at least 3, internet */
	const char *c = "{\"set_up\": [{\"field\": \"set_up_on\", \"op\": \"present\", \"label\": \"set up\"}],"
			" \"functional\": [{\"field\": \"staff_posted\", \"op\": \">=\", \"value\": 3, \"label\": \"three posted\"},"
			" {\"field\": \"internet\", \"op\": \"=\", \"value\": \"yes\", \"label\": \"online\"}]}";
	assert_int_equal(db->ops->setting_put(db, "ahtu.criteria", c, 1, 0), DB_OK);
	assert_int_equal(monitoring_init(db), 0);
	char why[512];
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": 3,"
				    " \"internet\": \"yes\"}", why), "functional");
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": 2,"
				    " \"internet\": \"yes\"}", why), "set_up");
	assert_string_equal(why, "Not functional: three posted.");
	/* a number as text does not pass for a number */
	assert_string_equal(checked("{\"status\": \"functional\", \"set_up_on\": \"2012-04-02\", \"staff_posted\": \"9\","
				    " \"internet\": \"yes\"}", why), "set_up");
	/* no rules at all: as reported */
	assert_int_equal(db->ops->setting_put(db, "ahtu.criteria", "{\"set_up\": [], \"functional\": []}", 2, 0), DB_OK);
	assert_int_equal(monitoring_init(db), 0);
	assert_string_equal(checked("{\"status\": \"functional\"}", why), "functional");
	/* a setting that is not JSON is refused at start, not half read */
	assert_int_equal(db->ops->setting_put(db, "ahtu.criteria", "{broken", 3, 0), DB_OK);
	assert_int_equal(monitoring_init(db), -1);
}

/* A course of programme pid with participants given as JSON; its id. */
static int64_t course(int64_t pid, int host, int64_t cascade, const char *parts, int64_t id, int version)
{
	json_t *p = json_loads(parts, 0, NULL);
	assert_non_null(p);
	json_t *c = json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:o}", "programme_id", (json_int_t)pid, "title", "T",
			      "starts_on", "2025-01-01", "ends_on", "2025-01-02", "host_state_lgd", host, "cascade_of",
			      (json_int_t)cascade, "participants", p);
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	enum db_status st = db->ops->course_put(db, c, version, 1, 0, &id);
	assert_int_equal(st, DB_OK);
	assert_int_equal(db->ops->commit(db), DB_OK);
	json_decref(c);
	return id;
}

static int64_t programme(const char *code, const char *kind, int64_t scheme)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:I}", "code", code, "name", code, "kind", kind, "scheme_id", (json_int_t)scheme);
	int64_t id = 0;
	assert_int_equal(db->ops->programme_put(db, p, 1, &id), DB_OK);
	json_decref(p);
	return id;
}

static void test_training_progress(void **state)
{
	(void)state;
	json_t *sc = json_pack("{s:s, s:s, s:[]}", "code", "s1", "name", "Scheme", "targets");
	int64_t scheme = 0;
	assert_int_equal(db->ops->scheme_put(db, sc, 1, &scheme), DB_OK);
	json_decref(sc);
	int64_t tot = programme("t_tot", "tot", scheme), st = programme("t_state", "state_course", scheme),
		other = programme("t_other", "judicial", 0);
	int64_t a = course(tot, 0, 0, "[{\"state_lgd\": 30, \"category\": \"police\", \"rank\": \"SI\", \"count\": 4},"
				      " {\"state_lgd\": 21, \"category\": \"police\", \"rank\": \"DSP\", \"count\": 5}]", 0, 0);
	int64_t b = course(st, GOA, a, "[{\"state_lgd\": 30, \"category\": \"police\", \"rank\": \"ASI\", \"count\": 30},"
				       " {\"state_lgd\": 30, \"category\": \"ngo\", \"rank\": \"\", \"count\": 3}]", 0, 0);
	course(other, OD, 0, "[{\"state_lgd\": 21, \"category\": \"judiciary\", \"rank\": \"\", \"count\": 12}]", 0, 0);
	struct training_progress by[MON_STATES_MAX], nat;
	assert_int_equal(monitoring_training_progress(db, scheme, by, &nat), 0);
	int g = master_state_of(GOA)->index, o = master_state_of(OD)->index;
	assert_int_equal(by[g].officers, 34);
	assert_int_equal(by[g].trainers, 4);
	assert_int_equal(by[g].cascade, 33);
	assert_int_equal(by[o].officers, 5);
	assert_int_equal(by[o].by_category[2], 0);    /* the colloquium is of no programme of the scheme */
	assert_int_equal(nat.officers, 39);
	/* every programme: the colloquium counts */
	assert_int_equal(monitoring_training_progress(db, 0, by, &nat), 0);
	assert_int_equal(by[o].by_category[2], 12);
	/* Goa's course with its participants replaced: the totals follow, nothing counted twice */
	course(st, GOA, a, "[{\"state_lgd\": 30, \"category\": \"police\", \"rank\": \"ASI\", \"count\": 20}]", b, 1);
	assert_int_equal(monitoring_training_progress(db, scheme, by, &nat), 0);
	assert_int_equal(by[g].officers, 24);
	assert_int_equal(by[g].cascade, 20);
	/* moved to a programme outside the scheme: out of its progress */
	course(other, GOA, 0, "[{\"state_lgd\": 30, \"category\": \"police\", \"rank\": \"ASI\", \"count\": 20}]", b, 2);
	assert_int_equal(monitoring_training_progress(db, scheme, by, &nat), 0);
	assert_int_equal(by[g].officers, 4);
	assert_int_equal(nat.officers, 9);
	/* a stale version changes nothing */
	json_t *c = json_pack("{s:I, s:s, s:s, s:s, s:i, s:I, s:[]}", "programme_id", (json_int_t)st, "title", "T",
			      "starts_on", "2025-01-01", "ends_on", "2025-01-02", "host_state_lgd", GOA, "cascade_of",
			      (json_int_t)0, "participants");
	assert_int_equal(db->ops->begin_write(db), DB_OK);
	assert_int_equal(db->ops->course_put(db, c, 1, 1, 0, &b), DB_CONFLICT);
	db->ops->rollback(db);
	json_decref(c);
	assert_int_equal(monitoring_training_progress(db, scheme, by, &nat), 0);
	assert_int_equal(by[g].officers, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_cell_criteria),
		cmocka_unit_test(test_training_progress),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
