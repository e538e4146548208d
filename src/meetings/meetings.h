/* Coordination meetings with the States/UTs and the follow-up of what they
 * decide: the meeting (invited States, attendees confirmed by each State,
 * attendance, agenda, minutes in the document library), its action
 * points assigned to States, the States' action-taken reports, which the
 * Cell accepts or returns, the follow-up list and each State's digest.
 * A workflow, written by hand; it validates fields with the registers'
 * generic layer (src/registers). */
#ifndef AHTCELL_MEETINGS_H
#define AHTCELL_MEETINGS_H

#include "http/request.h"

/* ---- rules.c: no HTTP, no storage ---- */

/* An action point's state for one State.  open → reported (the State files
 * a report) → closed (the Cell accepts it) or returned (the Cell returns
 * it with a comment) → reported again … Closed only by an accepted report. */
enum ap_status { AP_OPEN, AP_REPORTED, AP_RETURNED, AP_CLOSED, AP_STATUS_COUNT };
enum ap_event { AP_FILE_REPORT, AP_ACCEPT, AP_RETURN };

const char *meetings_ap_status_name(enum ap_status s);
/* The status of that name, -1 when none. */
int meetings_ap_status_parse(const char *s);
/* The status after ev, or -1 when ev is not allowed from s; then *code
 * and *message (static) say why, for a 409. */
int meetings_ap_next(enum ap_status s, enum ap_event ev, const char **code, const char **message);

/* Meeting kinds: the value and its label; NULL past the last. */
const char *meetings_kind_name(int i);
const char *meetings_kind_label(int i);
bool meetings_kind_valid(const char *s);

/* YYYY-MM-DD of today (IST, the Cell's day) and of today + days. */
void meetings_day(int days, char out[11]);

/* ---- api.c ---- */
/* A State's digest: {state_lgd, state, as_on, overdue_total, due_soon_total,
 * overdue:[rows], due_soon:[rows due in 14 days]} within scope s; new
 * reference, NULL on a database error. */
json_t *meetings_digest(struct db *db, const struct scope *s, int state);
/* The digest as text: a first line (title_prefix + "State: n overdue, …"),
 * a blank line, the body.  malloc'd; NULL when out of memory. */
char *meetings_digest_text(const json_t *digest, const char *title_prefix);
/* mail.c: sends each State's digest to its nodal officer (the officers
 * register's e-mail) through the SMTP server at smtp_url (libcurl), from
 * mail_from; only States with something overdue or due, or only state when
 * not 0.  Without smtp_url, prints the digests instead.  Returns how many
 * were sent (or printed), -1 on error (logged). */
int meetings_mail_digests(struct db *db, const char *smtp_url, const char *mail_from, int state);
void meetings_list(struct request *r);
void meetings_create(struct request *r);
void meetings_show(struct request *r);
void meetings_update(struct request *r);
void meetings_confirm(struct request *r);
void meetings_attendance(struct request *r);
void meetings_action_points(struct request *r);
void meetings_add_action_point(struct request *r);
void actions_followup(struct request *r);
void actions_show(struct request *r);
void actions_file_report(struct request *r);
void actions_accept_report(struct request *r);
void actions_return_report(struct request *r);
void actions_digest(struct request *r);

#endif
