/* Monitoring the States' action (issue 7): schemes and their targets, the
 * funds released under them (in whole paise: money.h), their utilisation
 * certificates, the rules of the AHTU register (a generic register,
 * src/registers/types.c), training, and the dashboard that puts them
 * together State by State. */
#ifndef AHTCELL_MONITORING_H
#define AHTCELL_MONITORING_H

#include "db/db.h"
#include "http/request.h"
#include "master/master.h"

void monitoring_schemes(struct request *r);
/* PUT /api/v1/schemes/{code}: the Cell defines a scheme, its targets and components. */
void monitoring_scheme_put(struct request *r);
void monitoring_releases(struct request *r);
void monitoring_release_create(struct request *r);
/* utilisation certificates: each release's, due 12 months after its financial year */
void monitoring_utilisation(struct request *r);
void monitoring_utilisation_create(struct request *r);
/* POST …/releases/{id}/withdraw and …/utilisation/{id}/withdraw {reason}:
 * a release (the Cell; none of its certificates left) or a certificate (the
 * Cell, or its release's State) entered by mistake, kept but counted nowhere. */
void monitoring_release_withdraw(struct request *r);
void monitoring_utilisation_withdraw(struct request *r);

/* ---- api.c: helpers the parts share ---- */
#define MONITORING_EXPORT_MAX 100000   /* rows of one CSV/XLSX/PDF export */
/* A list's window: ?format=csv|xlsx|pdf (*exporting: every row up to the
 * export's bound) or the page asked for; false with a reply. */
bool monitoring_list_window(struct request *r, const char *format, bool *exporting, int *limit, int *offset);
/* False with a 413 when count rows (of what: "courses") pass an export's bound. */
bool monitoring_export_fits(struct request *r, int64_t count, const char *what);
/* ?state=: *lgd the State's LGD code, 0 when not given; false with a
 * reply when it names no State. */
bool monitoring_query_state(struct request *r, int *lgd);
/* True when st is DB_OK; else the reply — 404 with code and message when
 * DB_NOTFOUND, the database's error otherwise — and false. */
bool monitoring_found(struct request *r, enum db_status st, const char *code, const char *message);
/* The State a JSON member names (an integer LGD code in range, of a State), or NULL. */
const struct master_state *monitoring_state_of(const json_t *v);
/* False with a reply naming them when the body has members not in known
 * (NULL-terminated); what: "A course" for the message. */
bool monitoring_only_members(struct request *r, const char *const *known, const char *what);
/* o[key_paise] = paise, o[key] = "₹ 8,72,00,000", o[key_words] = "₹ 8.72 crore". */
void monitoring_add_amount(json_t *o, const char *key, int64_t paise);
/* Today in India, YYYY-MM-DD; the days from date a to date b. */
void monitoring_today(char out[11]);
long monitoring_days_between(const char *a, const char *b);
/* A release of financial year "2010-11" owes its utilisation certificate 12
 * months after the year ends: 2012-03-31 (the General Financial Rules). */
void monitoring_uc_due_on(const char *financial_year, char out[11]);

/* ---- ahtu.c: the AHTU register's criteria ---- */
/* Reads the Cell's criteria (the server's start); 0 or -1 (logged). */
int monitoring_init(struct db *db);
/* Fills an AHTU's status_checked and shortfalls (the register's derive). */
void monitoring_ahtu_derive(json_t *data);
struct db_record;
struct reg_error;
/* The register's check: the scheme, when given, is a scheme's code; the
 * officer's account (officer_login), when given or changed, is an enabled
 * district or State user of the unit's district or State. */
bool monitoring_ahtu_check(struct db *db, const struct db_record *rec, const json_t *base, const json_t *data,
			   struct reg_error *err);
void monitoring_ahtu_criteria(struct request *r);
void monitoring_ahtu_criteria_put(struct request *r);

/* ---- training.c ---- */
void monitoring_programmes(struct request *r);
void monitoring_programme_create(struct request *r);
void monitoring_courses(struct request *r);
void monitoring_course_create(struct request *r);
void monitoring_course_show(struct request *r);
void monitoring_course_update(struct request *r);
/* GET/POST /api/v1/trainings/{id}/trainees: those named, names sealed and
 * every reading audited; a State's users reach their own State's. */
void monitoring_trainees(struct request *r);
void monitoring_trainee_create(struct request *r);

#define MON_STATES_MAX 64       /* places in arrays by a State's master index */
#define MON_CATEGORIES 5        /* police, prosecutors, judiciary, ngo, other */
/* Who was trained, of one State or the nation. */
struct training_progress {
	int64_t officers;               /* police trained, every programme */
	int64_t trainers;               /* police trained as trainers (ToT programmes) */
	int64_t cascade;                /* trained in courses run by ToT trainees */
	int64_t by_category[MON_CATEGORIES];
};
/* Each State's (by master index) and the nation's, of the programmes of
 * scheme (0: all).  0 or -1 (logged). */
int monitoring_training_progress(struct db *db, int64_t scheme_id, struct training_progress out[MON_STATES_MAX],
				 struct training_progress *national);

/* ---- dashboard.c ---- */
/* GET /api/v1/dashboard[?state=LGD]: each State (or, for one State, each
 * district) against the targets; ?format=csv|xlsx|pdf. */
void monitoring_dashboard(struct request *r);
/* POST /api/v1/dashboard/file: the status report filed in the library. */
void monitoring_dashboard_file(struct request *r);

/* demo.c: the Comprehensive Scheme as the Cell's page describes it (its
 * targets, the 2010-11 release, the training programmes it names) and,
 * marked synthetic, each State's units, releases, certificates and courses,
 * when no scheme is recorded: how many units were made, 0 when the scheme
 * was there, -1 on error (logged). */
int monitoring_demo_load(struct db *db);

#endif
