/* Monitoring's demo content.  What the Cell's page publishes is loaded as
 * it says, with its source: the Comprehensive Scheme, its national targets
 * (330 AHTUs, 10,000 officers), the ₹ 8.72 crore released in 2010-11 for
 * 115 units, and the training programmes it names (Training of Trainers,
 * the UNODC project in Maharashtra, Goa, West Bengal and Andhra Pradesh,
 * the IGNOU certificate).  Everything else — each State's units, releases,
 * certificates and courses — is synthetic, made from a fixed seed and
 * marked so ("demo", "synthetic") wherever a person reads it, so that the
 * dashboard has something to show on the first `make run`.  Loaded once:
 * nothing when the scheme is already there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "master/master.h"
#include "monitoring/monitoring.h"
#include "monitoring/money.h"
#include "registers/registers.h"
#include "util/util.h"

#define SYNTHETIC "Demo (synthetic): not the Cell's figures"

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static unsigned roll(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static int put_scheme(struct db *db, int64_t now, int64_t *id)
{
	const char *source = "The Anti Trafficking Cell's page (Ministry of Home Affairs): the scheme, its national"
			     " targets and the first instalment of 2010-11 as published there. Each State's share of"
			     " the targets is the demo's apportionment by districts, not a published figure.";
	json_t *targets = json_pack("[{s:s, s:i, s:i}, {s:s, s:i, s:i}]", "measure", "ahtus_set_up", "state_lgd", 0,
				    "target", 330, "measure", "officers_trained", "state_lgd", 0, "target", 10000);
	/* the States' shares, by their districts (largest remainder, so they add up) */
	int nst = master_state_count(), nd = master_district_count();
	for (int m = 0; m < 2; m++) {
		int total = m ? 10000 : 330, given = 0;
		int *share = calloc((size_t)nst, sizeof *share);
		int *districts = calloc((size_t)nst, sizeof *districts);
		if (!share || !districts) {
			free(share);
			free(districts);
			json_decref(targets);
			return -1;
		}
		for (int i = 0; i < nd; i++)
			districts[master_state_of(master_district_at(i)->state_lgd)->index]++;
		for (int i = 0; i < nst; i++)
			given += share[i] = (int)((long long)total * districts[i] / nd);
		while (given < total)
			for (int i = 0; i < nst && given < total; i++)
				if (districts[i] > 0)
					share[i]++, given++;
		for (int i = 0; i < nst; i++)
			json_array_append_new(targets, json_pack("{s:s, s:i, s:i}", "measure",
								 m ? "officers_trained" : "ahtus_set_up", "state_lgd",
								 master_state_at(i)->lgd, "target", share[i]));
		free(share);
		free(districts);
	}
	json_t *components = json_pack(
		"[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "code", "ahtus", "name",
		"Establishment of integrated Anti Human Trafficking Units", "description",
		"330 units throughout the country: 115 funded in 2010-11, of which 85 were set up, and 110 more in 2011-12,"
		" as the Cell's page reports.",
		"code", "tot", "name", "Capacity building of responders, including Training of Trainers", "description",
		"10,000 police officers to be trained through Training of Trainers.");
	json_t *scheme = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "code", "ahtu_comprehensive", "name",
		"Comprehensive Scheme for Strengthening Law Enforcement Response in India against Trafficking in Persons"
		" through Training and Capacity Building",
		"period_from", "2010-11", "period_to", "2012-13", "sanction_ref", "", "source", source, "targets", targets,
		"components", components);
	enum db_status st = db->ops->scheme_put(db, scheme, now, id);
	json_decref(scheme);
	return st == DB_OK ? 0 : -1;
}

static int put_release(struct db *db, int64_t scheme, int state, const char *fy, int64_t paise, int units,
		       const char *source, int64_t now, int64_t *id)
{
	struct db_release rel;
	memset(&rel, 0, sizeof rel);
	rel.scheme_id = scheme;
	rel.state_lgd = state;
	snprintf(rel.financial_year, sizeof rel.financial_year, "%s", fy);
	rel.amount_paise = paise;
	rel.units = units;
	rel.instalment = 1;
	snprintf(rel.source, sizeof rel.source, "%s", source);
	if (state)
		snprintf(rel.sanction_order, sizeof rel.sanction_order, "Demo order %s/%d", fy, state);
	rel.created_at = now;
	if (db->ops->release_insert(db, &rel) != DB_OK)
		return -1;
	*id = rel.id;
	return 0;
}

/* A unit of district md, sanctioned in fy, as far along as stage (0
 * sanctioned, 1 set up, 2 functional; 3: marked functional but with no
 * staff posted, which the checks will not bear out). */
static int put_unit(struct db *db, const struct reg_type *t, const struct master_district *md, const char *fy, int stage,
		    int64_t now)
{
	char name[160], on[24], base[200];
	/* named as the synthetic cases name their unit, so that they meet */
	snprintf(name, sizeof name, "AHTU %s", md->name);
	snprintf(base, sizeof base, "District Police HQ, %s (demo entry)", md->name);
	snprintf(on, sizeof on, "%d-%02d-%02u", atoi(fy) + 1, 1 + (int)roll(9), 1 + roll(28));
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", name, "based_at", base, "scheme", "ahtu_comprehensive",
			       "sanction_year", fy, "status", stage == 0 ? "sanctioned" : stage == 1 ? "set_up" : "functional",
			       "equipment", "Demo entry: synthetic, not a real unit.");
	if (stage >= 1) {
		json_object_set_new(in, "set_up_on", json_string(on));
		json_object_set_new(in, "funds_received", json_integer((int64_t)(700000 + roll(8) * 10000) * 100));
		json_object_set_new(in, "staff_norm", json_integer(10));
	}
	if (stage == 2) {
		json_object_set_new(in, "staff_posted", json_integer(3 + roll(8)));
		json_object_set_new(in, "officer_in_charge", json_string("Demo Inspector (not a real officer)"));
		json_object_set_new(in, "vehicle", json_string("yes"));
		json_object_set_new(in, "computer", json_string("yes"));
		json_object_set_new(in, "internet", json_string(roll(4) ? "yes" : "no"));
	} else if (stage == 3) {
		json_object_set_new(in, "staff_posted", json_integer(0));
		json_object_set_new(in, "vehicle", json_string("yes"));
		json_object_set_new(in, "computer", json_string("no"));
	}
	struct reg_error err;
	struct db_record rec = { .state_lgd = md->state_lgd, .district_lgd = md->lgd, .created_at = now };
	enum db_status st = reg_insert_checked(db, t, in, &rec, &err);
	json_decref(in);
	if (st != DB_OK)
		log_error("demo: an AHTU of %s could not be stored: %s", md->name, err.message);
	return st == DB_OK ? 0 : -1;
}

static int put_programme(struct db *db, const char *code, const char *name, const char *kind, int64_t scheme,
			 const char *organiser, const char *source, int64_t now, int64_t *id)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "code", code, "name", name, "kind", kind, "scheme_id",
			      (json_int_t)scheme, "organiser", organiser, "description", "", "source", source);
	enum db_status st = db->ops->programme_put(db, p, now, id);
	json_decref(p);
	return st == DB_OK ? 0 : -1;
}

/* A course (its participants parts are stolen) in year, held by host (0: the Cell). */
static int put_course(struct db *db, int64_t programme, const char *title, int year, int host, int64_t cascade_of,
		      json_t *parts, int64_t now, int64_t *id)
{
	char from[24], to[24];
	int month = 1 + (int)roll(12), day = 1 + (int)roll(20);
	snprintf(from, sizeof from, "%04d-%02d-%02d", year, month, day);
	snprintf(to, sizeof to, "%04d-%02d-%02d", year, month, day + 2 + (int)roll(4));
	int64_t total = 0;
	size_t i;
	json_t *p;
	json_array_foreach(parts, i, p)
		total += json_integer_value(json_object_get(p, "count"));
	json_t *c = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:I, s:o}", "programme_id", (json_int_t)programme,
			      "title", title, "starts_on", from, "ends_on", to, "venue", "Demo venue (synthetic)",
			      "host_state_lgd", host, "organiser", host ? "State Police Training School (demo)" : "The Cell (demo)",
			      "resource_persons", "Demo resource persons", "certificates", (json_int_t)total, "cascade_of",
			      (json_int_t)cascade_of, "participants", parts);
	*id = 0;
	enum db_status st = db->ops->course_put(db, c, 0, now, 0, id);
	json_decref(c);
	return st == DB_OK ? 0 : -1;
}

static json_t *part(int state, const char *category, const char *rank, int count)
{
	return json_pack("{s:i, s:s, s:s, s:i}", "state_lgd", state, "category", category, "rank", rank, "count", count);
}

int monitoring_demo_load(struct db *db)
{
	if (db->ops->scheme_id_of(db, "ahtu_comprehensive"))
		return 0;
	int64_t now = util_now_ms(), scheme = 0, id = 0;
	const struct reg_type *t = reg_type_find("ahtus");
	const char *page = "The Cell's page: released to all the State Governments together";
	const char *page_prog = "Named on the Cell's page";
	if (db->ops->begin_write(db) != DB_OK)
		return -1;
	if (put_scheme(db, now, &scheme) != 0
	    || put_release(db, scheme, 0, "2010-11", 872LL * PAISE_PER_CRORE / 100, 115, page, now, &id) != 0)
		goto fail;
	/* each State's units: one for about every three districts, sanctioned
	 * in 2010-11 and 2011-12 as the page tells, the rest later */
	int nst = master_state_count(), units = 0;
	char today[11];
	monitoring_today(today);
	int this_year = atoi(today);
	for (int s = 0; s < nst; s++) {
		const struct master_state *ms = master_state_at(s);
		int k = 0;
		for (int i = 0; i < master_district_count(); i++) {
			const struct master_district *md = master_district_at(i);
			if (md->state_lgd != ms->lgd || (k++ % 3) != 0)
				continue;
			char fy[24];
			int y = units < 115 ? 2010 : units < 225 ? 2011 : 2012 + (int)roll((unsigned)(this_year - 2012));
			snprintf(fy, sizeof fy, "%d-%02d", y, (y + 1) % 100);
			unsigned r = roll(20);
			int stage = y >= this_year - 1 ? (r < 12 ? 0 : 1) : r < 2 ? 0 : r < 5 ? 1 : r < 6 ? 3 : 2;
			if (put_unit(db, t, md, fy, stage, now) != 0)
				goto fail;
			units++;
		}
		/* releases: a yearly instalment per State from 2011-12, most accounted for */
		for (int y = 2011; y < this_year; y++) {
			if (roll(3) == 0)
				continue;
			char fy[24];
			snprintf(fy, sizeof fy, "%d-%02d", y, (y + 1) % 100);
			int n = 1 + (int)roll(3);
			int64_t paise = (int64_t)n * (600000 + roll(300) * 1000) * 100;
			if (put_release(db, scheme, ms->lgd, fy, paise, n, SYNTHETIC, now, &id) != 0)
				goto fail;
			if (y >= this_year - 2 || roll(8) == 0)
				continue;
			char on[24];
			snprintf(on, sizeof on, "%d-%02d-15", y + 2, 1 + (int)roll(3));
			int64_t used = roll(5) == 0 ? paise * 7 / 10 : paise;
			int64_t uc = 0;
			if (db->ops->utilisation_insert(db, id, used, "Demo UC (synthetic)", on, now, 0, &uc) != DB_OK)
				goto fail;
		}
	}
	/* training: the programmes the page names, and synthetic courses */
	int64_t tot = 0, state_course = 0, pros = 0, judicial = 0, unodc = 0, ignou = 0;
	if (put_programme(db, "tot", "Training of Trainers (ToT) for police officers", "tot", scheme,
			  "Ministry of Home Affairs", page_prog, now, &tot) != 0
	    || put_programme(db, "state_courses", "State-level courses on anti human trafficking", "state_course", scheme,
			     "State Police Training Schools", "The scheme's cascade", now, &state_course) != 0
	    || put_programme(db, "prosecutors", "Training of prosecutors", "prosecutors", scheme, "States' Directorates of"
			     " Prosecution", "Named in the issue", now, &pros) != 0
	    || put_programme(db, "judicial_colloquia", "Judicial colloquia on human trafficking", "judicial", 0,
			     "State Judicial Academies", "Named in the issue", now, &judicial) != 0
	    || put_programme(db, "unodc_project", "UNODC project: training of law enforcement officers in Maharashtra,"
			     " Goa, West Bengal and Andhra Pradesh", "project", 0, "UNODC with the Ministry of Home Affairs;"
			     " a Project Steering Committee", page_prog, now, &unodc) != 0
	    || put_programme(db, "ignou_certificate", "Certificate Programme in Anti-Human Trafficking (IGNOU)", "certificate",
			     0, "Indira Gandhi National Open University", page_prog, now, &ignou) != 0)
		goto fail;
	static const char *const ranks[] = { "DSP", "Inspector", "Sub-Inspector", "ASI", "Head Constable" };
	for (int y = 2011; y <= this_year; y++) {
		for (int c = 0; c < 4; c++) {
			/* a national ToT course, trainers from a few States */
			json_t *parts = json_array();
			for (int k = 0; k < 4; k++) {
				int s = master_state_at((int)roll((unsigned)nst))->lgd;
				bool dup = false;
				size_t i;
				json_t *x;
				json_array_foreach(parts, i, x)
					dup |= json_integer_value(json_object_get(x, "state_lgd")) == s;
				if (!dup)
					json_array_append_new(parts, part(s, "police", ranks[roll(2)], 2 + (int)roll(4)));
			}
			char title[120];
			snprintf(title, sizeof title, "Training of Trainers, batch %d of %d (demo)", c + 1, y);
			int64_t tot_course = 0;
			if (put_course(db, tot, title, y, 0, 0, json_incref(parts), now, &tot_course) != 0) {
				json_decref(parts);
				goto fail;
			}
			/* its trainees' course in their State */
			size_t i;
			json_t *x;
			json_array_foreach(parts, i, x) {
				if (roll(2))
					continue;
				int s = (int)json_integer_value(json_object_get(x, "state_lgd"));
				/* a course the size of the State: about two officers a district */
				int size = 0;
				for (int d = 0; d < master_district_count(); d++)
					size += master_district_at(d)->state_lgd == s ? 2 : 0;
				size = (size > 60 ? 60 : size) + 2 + (int)roll(5);
				json_t *sp = json_pack("[o, o]", part(s, "police", ranks[2 + roll(3)], size),
						       part(s, "ngo", "", 1 + (int)roll(5)));
				snprintf(title, sizeof title, "State course by ToT trainees, %d (demo)", y);
				if (put_course(db, state_course, title, y, s, tot_course, sp, now, &id) != 0) {
					json_decref(parts);
					goto fail;
				}
			}
			json_decref(parts);
		}
		int s = master_state_at((int)roll((unsigned)nst))->lgd;
		char title[120];
		snprintf(title, sizeof title, "Prosecutors' workshop, %d (demo)", y);
		if (put_course(db, pros, title, y, s, 0, json_pack("[o]", part(s, "prosecutors", "APP", 10 + (int)roll(20))), now,
			       &id) != 0)
			goto fail;
		snprintf(title, sizeof title, "Judicial colloquium, %d (demo)", y);
		s = master_state_at((int)roll((unsigned)nst))->lgd;
		if (put_course(db, judicial, title, y, s, 0, json_pack("[o]", part(s, "judiciary", "", 8 + (int)roll(15))), now,
			       &id) != 0)
			goto fail;
		snprintf(title, sizeof title, "IGNOU certificate, %d batch (demo)", y);
		if (put_course(db, ignou, title, y, 0, 0, json_pack("[o, o]", part(s, "police", "Sub-Inspector", 5 + (int)roll(20)),
								      part(s, "ngo", "", 1 + (int)roll(6))), now, &id) != 0)
			goto fail;
	}
	/* the UNODC project's States (LGD: Maharashtra 27, Goa 30, West Bengal 19, Andhra Pradesh 28) */
	static const int unodc_states[] = { 27, 30, 19, 28 };
	for (int k = 0; k < 4; k++) {
		if (!master_state_of(unodc_states[k]))
			continue;
		char title[120];
		snprintf(title, sizeof title, "UNODC project course, %s (demo)", master_state_of(unodc_states[k])->name);
		if (put_course(db, unodc, title, 2011 + k % 2, unodc_states[k], 0,
			       json_pack("[o, o]", part(unodc_states[k], "police", "Inspector", 20 + (int)roll(20)),
					 part(unodc_states[k], "prosecutors", "APP", 3 + (int)roll(5))), now, &id) != 0)
			goto fail;
	}
	if (audit_record_raw(db, 0, "cli", "cli", "monitoring.demo_load", "scheme", "ahtu_comprehensive", "ok",
			     json_pack("{s:i}", "units", units)) != 0 || db->ops->commit(db) != DB_OK)
		goto fail;
	return units;
fail:
	db->ops->rollback(db);
	return -1;
}
