/* The registers, as data.  To add one: describe its fields here, list it in
 * reg_types[], and give it its routes in src/http/routes.c (the same
 * generic handlers). */
#include <string.h>

#include "registers/registers.h"

#define N(a) (sizeof a / sizeof a[0])

/* ---- State/UT nodal officers for human trafficking ----
 * One per State at a time: appointing a new one closes the previous term.
 * The Cell publishes the list with names, offices and telephones; the
 * mobile number is for the Cell and the States only. */
static const struct reg_field officer_fields[] = {
	{ "name", "Name", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 120, 0, NULL, NULL,
	  "As the officer signs: \"Shri A. K. Mishra, IPS\"." },
	{ "rank", "Rank", RF_TEXT, RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 60, 0, NULL, NULL,
	  "IGP, DIG, SP …" },
	{ "designation", "Designation", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_LIST, 160, 0, NULL, NULL,
	  "The post: \"Inspector General of Police, CID (Crime Against Women)\"." },
	{ "office", "Office", RF_TEXT, RF_PUBLIC | RF_SEARCH, 160, 0, NULL, NULL, NULL },
	{ "address", "Address", RF_LONGTEXT, RF_PUBLIC | RF_LIST, 500, 0, NULL, NULL, NULL },
	{ "phone", "Telephone (office)", RF_PHONE, RF_PUBLIC | RF_LIST, 40, 0, NULL, NULL,
	  "With the STD code: 0674-2391234." },
	{ "mobile", "Mobile", RF_PHONE, RF_LIST, 40, 0, NULL, NULL, "Seen by the Cell and the State only." },
	{ "fax", "Fax", RF_PHONE, RF_PUBLIC, 40, 0, NULL, NULL, NULL },
	{ "email", "E-mail", RF_EMAIL, RF_PUBLIC | RF_SEARCH | RF_LIST, 254, 0, NULL, NULL, NULL },
};

static const struct reg_type officers = {
	.name = "officers",
	.label = "Nodal officers",
	.label_one = "nodal officer",
	.title = "List of Nodal Officers for Anti Human Trafficking",
	.level = REG_LEVEL_STATE,
	.terms = true,
	.public_read = true,
	.fields = officer_fields,
	.nfields = N(officer_fields),
	.default_sort = "state",
};

/* ---- Private placement agencies ----
 * Registered by the States under the Cell's 2003 guidelines.  The public
 * may check that an agency is registered (name, number, State, status,
 * licence); owners and complaints are for the Cell and the States. */
static const char *const agency_status[] = { "registered", "suspended", "cancelled", "blacklisted", NULL };
static const char *const agency_status_labels[] = { "Registered", "Suspended", "Cancelled", "Blacklisted", NULL };
static const struct reg_field agency_fields[] = {
	{ "name", "Name of the agency", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 200, 0,
	  NULL, NULL, NULL },
	{ "registration_no", "Registration number", RF_TEXT,
	  RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 60, 0, NULL, NULL,
	  "As on the State's registration certificate." },
	{ "address", "Address", RF_LONGTEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_LIST, 500, 0, NULL, NULL, NULL },
	{ "owners", "Owners / partners", RF_LONGTEXT, RF_SEARCH, 1000, 0, NULL, NULL,
	  "One per line, with their addresses." },
	{ "phone", "Telephone", RF_PHONE, RF_PUBLIC, 40, 0, NULL, NULL, NULL },
	{ "email", "E-mail", RF_EMAIL, RF_PUBLIC, 254, 0, NULL, NULL, NULL },
	{ "licence_valid_from", "Licence valid from", RF_DATE, RF_PUBLIC, 10, 0, NULL, NULL, NULL },
	{ "licence_valid_to", "Licence valid to", RF_DATE, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_LIST | RF_RANGE, 10,
	  0, NULL, NULL, "Agencies whose licence lapses soon: ?licence_valid_to_within=30." },
	{ "status", "Status", RF_ENUM, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_FILTER | RF_LIST | RF_REASON, 0, 0,
	  agency_status,
	  agency_status_labels, "A change of status needs its reason, kept in the history." },
	{ "complaints", "Complaints against the agency", RF_LONGTEXT, 0, 8000, 0, NULL, NULL,
	  "Each with its date, who complained, and what became of it." },
};

static const struct reg_type agencies = {
	.name = "agencies",
	.label = "Placement agencies",
	.label_one = "placement agency",
	.title = "Register of Private Placement Agencies",
	.level = REG_LEVEL_STATE,
	.terms = false,
	.public_read = true,
	.fields = agency_fields,
	.nfields = N(agency_fields),
	.default_sort = "name",
};

const struct reg_type *const reg_types[] = { &officers, &agencies };
const size_t reg_types_count = N(reg_types);

const struct reg_type *reg_type_find(const char *name)
{
	for (size_t i = 0; i < reg_types_count; i++)
		if (strcmp(reg_types[i]->name, name) == 0)
			return reg_types[i];
	return NULL;
}
