/* Case records and their analysis: a case (FIR, police station, district,
 * legal sections, unit, status over time), its victims with the route of
 * each (source, transit, destination: districts or foreign countries) and
 * its accused; the districts' classification as source, transit or
 * destination, the routes' flows, trends and hotspots; what the public
 * may see of them, suppressed.  docs/cases.md and docs/analysis.md. */
#ifndef AHTCELL_CASES_H
#define AHTCELL_CASES_H

#include "db/db.h"
#include "http/request.h"

/* api.c: the records */
void cases_vocabulary(struct request *r);
void cases_list(struct request *r);
void cases_show(struct request *r);
void cases_create(struct request *r);
void cases_update(struct request *r);
void cases_personal(struct request *r);
/* the victims of the cases in scope, de-identified, in HTCDS/CTDC column names: CSV or XLSX */
void cases_victims_export(struct request *r);
/* a victim's photo: sealed, read by the case's jurisdiction only, each reading audited */
void cases_photo_put(struct request *r);
void cases_photo_get(struct request *r);
void cases_photo_delete(struct request *r);
/* import.c: POST /api/v1/imports/cases, a CSV of victims' rows */
void cases_import(struct request *r);

/* analysis_api.c */
void cases_analysis_districts(struct request *r);
void cases_analysis_flows(struct request *r);
void cases_analysis_trends(struct request *r);
void cases_analysis_settings(struct request *r);
void cases_analysis_settings_put(struct request *r);
void cases_public_statistics(struct request *r);

/* report.c: the State profile and the national summary, PDF or XLSX; filed in the library */
void cases_report_state(struct request *r);
void cases_report_national(struct request *r);
void cases_report_state_file(struct request *r);
void cases_report_national_file(struct request *r);

/* demo.c: n synthetic cases (marked synthetic), spread and routed as
 * docs/cases.md says, from the seed (0: the clock).  How many victims
 * they hold, or -1 on error (logged).  progress (may be NULL) is called
 * now and then with the cases made so far. */
long long cases_demo_load(struct db *db, long long n, unsigned seed, void (*progress)(long long done, long long n));

/* facts.c: the analysis's copy of every victim, made on first use and
 * again after a change; cases_facts_warm makes it now (for the server's
 * start).  0 or -1. */
int cases_facts_warm(struct db *db);

#endif
