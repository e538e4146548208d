/* Shared by src/cases's files only. */
#ifndef AHTCELL_CASES_INTERNAL_H
#define AHTCELL_CASES_INTERNAL_H

#include "cases/cases.h"
#include "cases/vocab.h"
#include "db/db.h"
#include "http/request.h"

#define CASE_PERSONAL_NAME_MAX    200
#define CASE_PERSONAL_ADDRESS_MAX 500
#define CASE_PERSONAL_CONTACT_MAX 100

/* A new pseudonymous code, prefix ("V" or "A") "-" and 12 characters of
 * Crockford's base32 from the system's random source, into out. */
void cases_new_code(char prefix, char out[CASE_CODE_MAX + 1]);
/* Whether s has that form. */
bool cases_code_valid(char prefix, const char *s);

/* The case body of a create (stored NULL) or an update (stored: the case
 * as it is, whose victims and accused the body's ids must name) checked
 * into out, personal values sealed, for the caller's scope.  false with
 * a 400 (or 409) reply set naming the field.  out is cleared first; free
 * it with db_case_clear either way. */
bool cases_from_json(struct request *r, const json_t *body, const struct db_case *stored, struct db_case *out);

/* The same for a new case read from a file (an import): nothing is
 * replied; the first problem is noted in problem (its HTTP status, the
 * field's path as the API names it, the message). */
struct case_problem {
	int status;
	char field[160];
	char message[400];
};
bool cases_check_new(struct request *r, const json_t *body, struct db_case *out, struct case_problem *problem);

/* A case as the API shows it, without personal data (has_personal says
 * where there is some); events is stolen (may be NULL).  New reference. */
json_t *cases_to_json(const struct db_case *c, json_t *events);
/* A place as {district_lgd, district, state_lgd, state} or {country,
 * country_name}, or null. */
json_t *cases_place_json(const struct db_place *p);

/* The sealed values of a case opened: {victims:[{id,code,name,address,
 * contact}], accused:[{id,code,name}]}; NULL when a value does not open
 * (logged: a wrong key or an altered row).  New reference. */
json_t *cases_personal_json(const struct db_case *c);

/* Today, YYYY-MM-DD, in India (the Cell's day). */
void cases_today(char out[11]);

#endif
