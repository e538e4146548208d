/* The registers, as data.  To add one: describe its fields here, list it in
 * reg_types[], and give it its routes in src/http/routes.c (the same
 * generic handlers). */
#include <string.h>

#include "db/db.h"
#include "monitoring/monitoring.h"
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
	  0, NULL, NULL, "The last day of the licence granted by the State." },
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

/* ---- Best practices of the States' police ----
 * A State submits a practice; the Cell accepts it, returns it with
 * comments or rejects it; an accepted practice is published (on the portal
 * and in the compendium). */
#define ROLE(r) (1u << (r))
static const char *const themes[] = { "rescue", "investigation", "prosecution", "prevention", "rehabilitation",
				      "coordination", "capacity_building", "technology", "other", NULL };
static const char *const theme_labels[] = { "Rescue", "Investigation", "Prosecution", "Prevention",
					    "Rehabilitation and repatriation", "Coordination", "Capacity building",
					    "Technology", "Other", NULL };
static const char *const practice_status[] = { "draft", "submitted", "returned", "accepted", "rejected", "published",
					       NULL };
static const char *const practice_status_labels[] = { "Draft", "Submitted for review", "Returned with comments",
						      "Accepted", "Rejected", "Published", NULL };
static const struct reg_field practice_fields[] = {
	{ "title", "Title", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 300, 0, NULL, NULL, NULL },
	{ "theme", "Theme", RF_ENUM, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_FILTER | RF_LIST, 0, 0, themes, theme_labels,
	  NULL },
	{ "districts", "District(s)", RF_TEXT, RF_PUBLIC | RF_SEARCH | RF_LIST, 200, 0, NULL, NULL, NULL },
	{ "period", "Period", RF_TEXT, RF_PUBLIC | RF_LIST, 100, 0, NULL, NULL, "\"April 2024 – March 2025\"." },
	{ "problem", "The problem", RF_LONGTEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH, 4000, 0, NULL, NULL, NULL },
	{ "action", "What was done", RF_LONGTEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH, 8000, 0, NULL, NULL, NULL },
	{ "results", "Results, with figures", RF_LONGTEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH, 4000, 0, NULL, NULL,
	  "Victims rescued, cases registered, convictions …" },
	{ "contact", "Contact", RF_TEXT, RF_PUBLIC, 300, 0, NULL, NULL, "The office to write to." },
	{ "review_comments", "Comments of the Cell", RF_LONGTEXT, RF_BY_REVIEW, 4000, 0, NULL, NULL, NULL },
	{ "status", "Status", RF_ENUM, RF_SORT | RF_FILTER | RF_LIST | RF_BY_REVIEW, 0, 0, practice_status,
	  practice_status_labels, NULL },
};
static const char *const practice_editable[] = { "draft", "returned", NULL };
static const struct reg_transition practice_steps[] = {
	{ "submit", { "draft", "returned", NULL }, "submitted", ROLE(ROLE_STATE), false },
	{ "accept", { "submitted", NULL }, "accepted", ROLE(ROLE_CELL), false },
	{ "return", { "submitted", NULL }, "returned", ROLE(ROLE_CELL), true },
	{ "reject", { "submitted", NULL }, "rejected", ROLE(ROLE_CELL), true },
	{ "publish", { "accepted", NULL }, "published", ROLE(ROLE_CELL), false },
};

static const struct reg_type practices = {
	.name = "practices",
	.label = "Best practices",
	.label_one = "best practice",
	.title = "Compendium of Best Practices on Anti Human Trafficking",
	.level = REG_LEVEL_STATE,
	.terms = false,
	.public_read = true,
	.fields = practice_fields,
	.nfields = N(practice_fields),
	.default_sort = "state",
	.status_field = "status",
	.initial_status = "draft",
	.editable_in = practice_editable,
	.public_status = "published",
	.comment_field = "review_comments",
	.transitions = practice_steps,
	.ntransitions = N(practice_steps),
};

/* ---- Awards for outstanding anti-trafficking work ----
 * The Cell calls for nominations for a year; the States nominate; the Cell
 * shortlists and decides; the awardees are published. */
static const char *const call_status[] = { "open", "closed", "decided", NULL };
static const char *const call_status_labels[] = { "Open for nominations", "Closed", "Decided", NULL };
static const struct reg_field award_call_fields[] = {
	{ "year", "Year", RF_INT, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_FILTER | RF_LIST, 2100, 2000, NULL, NULL, NULL },
	{ "title", "Award", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 200, 0, NULL, NULL,
	  "\"Award for outstanding work against human trafficking\"." },
	{ "description", "Who may be nominated, and for what", RF_LONGTEXT, RF_PUBLIC | RF_SEARCH, 4000, 0, NULL, NULL,
	  NULL },
	{ "last_date", "Last date for nominations", RF_DATE, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_LIST | RF_RANGE, 10,
	  0, NULL, NULL, NULL },
	{ "status", "Status", RF_ENUM, RF_REQUIRED | RF_PUBLIC | RF_FILTER | RF_LIST, 0, 0, call_status,
	  call_status_labels, NULL },
};
static const struct reg_type award_calls = {
	.name = "award-calls",
	.label = "Calls for award nominations",
	.label_one = "call for nominations",
	.title = "Calls for Nominations: Awards for Outstanding Anti Human Trafficking Work",
	.level = REG_LEVEL_NATIONAL,
	.public_read = true,
	.fields = award_call_fields,
	.nfields = N(award_call_fields),
	.default_sort = "year",
};

static const char *const nomination_status[] = { "draft", "nominated", "shortlisted", "awarded", "not_selected", NULL };
static const char *const nomination_status_labels[] = { "Draft", "Nominated", "Shortlisted", "Awarded", "Not selected",
							 NULL };
static const struct reg_field nomination_fields[] = {
	{ "year", "Year", RF_INT, RF_REQUIRED | RF_PUBLIC | RF_SORT | RF_FILTER | RF_LIST, 2100, 2000, NULL, NULL, NULL },
	{ "award", "Award", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_LIST, 200, 0, NULL, NULL,
	  "As named in the call." },
	{ "officer", "Officer nominated", RF_TEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH | RF_SORT | RF_LIST, 200, 0, NULL,
	  NULL, NULL },
	{ "rank", "Rank and designation", RF_TEXT, RF_PUBLIC | RF_LIST, 200, 0, NULL, NULL, NULL },
	{ "unit", "Unit", RF_TEXT, RF_PUBLIC | RF_SEARCH | RF_LIST, 200, 0, NULL, NULL, "The AHTU or police station." },
	{ "citation", "Citation", RF_LONGTEXT, RF_REQUIRED | RF_PUBLIC | RF_SEARCH, 4000, 0, NULL, NULL,
	  "What the officer did, with figures." },
	{ "evidence", "Evidence", RF_LONGTEXT, RF_REQUIRED, 8000, 0, NULL, NULL,
	  "Case numbers, judgments, documents in the library." },
	{ "decision_note", "Note of the Cell", RF_LONGTEXT, RF_BY_REVIEW, 4000, 0, NULL, NULL, NULL },
	{ "status", "Status", RF_ENUM, RF_SORT | RF_FILTER | RF_LIST | RF_BY_REVIEW, 0, 0, nomination_status,
	  nomination_status_labels, NULL },
};
static const char *const nomination_editable[] = { "draft", NULL };
static const struct reg_transition nomination_steps[] = {
	{ "submit", { "draft", NULL }, "nominated", ROLE(ROLE_STATE), false },
	{ "shortlist", { "nominated", NULL }, "shortlisted", ROLE(ROLE_CELL), false },
	{ "award", { "shortlisted", NULL }, "awarded", ROLE(ROLE_CELL), false },
	{ "decline", { "nominated", "shortlisted", NULL }, "not_selected", ROLE(ROLE_CELL), true },
};
static const struct reg_type nominations = {
	.name = "nominations",
	.label = "Award nominations",
	.label_one = "nomination",
	.title_field = "officer",
	.title = "Awardees: Outstanding Anti Human Trafficking Work",
	.level = REG_LEVEL_STATE,
	.public_read = true,
	.fields = nomination_fields,
	.nfields = N(nomination_fields),
	.default_sort = "state",
	.status_field = "status",
	.initial_status = "draft",
	.editable_in = nomination_editable,
	.public_status = "awarded",
	.comment_field = "decision_note",
	.transitions = nomination_steps,
	.ntransitions = N(nomination_steps),
};

/* ---- Anti Human Trafficking Units ----
 * Each unit of a district, as its State reports it: sanctioned under a
 * scheme, funded, set up, staffed and equipped.  Its status is what the
 * State reports; the status checked is what the record bears out, by the
 * Cell's criteria (src/monitoring/ahtu.c) — a unit with no staff posted is
 * not functional, whatever it was marked.  Every change is kept. */
static const char *const yes_no[] = { "yes", "no", NULL };
static const char *const yes_no_labels[] = { "Yes", "No", NULL };
static const char *const ahtu_status[] = { "sanctioned", "set_up", "functional", NULL };
static const char *const ahtu_status_labels[] = { "Sanctioned", "Set up", "Functional", NULL };
static const struct reg_field ahtu_fields[] = {
	{ "name", "Unit", RF_TEXT, RF_PUBLIC | RF_REQUIRED | RF_SEARCH | RF_SORT | RF_LIST, 160, 0, NULL, NULL,
	  "As the State names it: \"AHTU, North Goa\"." },
	{ "based_at", "Police station or headquarters", RF_TEXT, RF_PUBLIC | RF_REQUIRED | RF_SEARCH | RF_LIST, 200, 0, NULL, NULL,
	  "Where the unit sits." },
	{ "districts_covered", "Other districts covered", RF_TEXT, RF_PUBLIC | RF_SEARCH, 400, 0, NULL, NULL,
	  "Besides its own district, if it covers others." },
	{ "scheme", "Scheme", RF_TEXT, RF_PUBLIC | RF_FILTER, 40, 0, NULL, NULL,
	  "The code of the scheme it was sanctioned under: ahtu_comprehensive." },
	{ "sanction_year", "Sanctioned in", RF_FINYEAR, RF_PUBLIC | RF_REQUIRED | RF_SORT | RF_FILTER | RF_LIST, 7, 0, NULL, NULL,
	  "The financial year: 2010-11." },
	{ "sanction_order", "Sanction order", RF_TEXT, RF_PUBLIC | RF_SEARCH, 200, 0, NULL, NULL, NULL },
	{ "sanctioned_on", "Sanctioned on", RF_DATE, RF_PUBLIC, 10, 0, NULL, NULL,
	  "The date of the sanction order: a unit not set up 12 months later is overdue." },
	{ "funds_received", "Funds received", RF_MONEY, RF_PUBLIC | RF_LIST, 100, 0, NULL, NULL,
	  "In rupees: 15,16,000 or 15.16 lakh." },
	{ "set_up_on", "Set up on", RF_DATE, RF_PUBLIC | RF_SORT | RF_LIST | RF_RANGE, 10, 0, NULL, NULL,
	  "The day the unit started work." },
	{ "officer_in_charge", "Officer in charge", RF_TEXT, RF_SEARCH | RF_LIST, 160, 0, NULL, NULL,
	  "Name and rank." },
	{ "officer_login", "Officer's account", RF_TEXT, RF_SEARCH, 64, 0, NULL, NULL,
	  "The officer's login in this system, when they have one: a user of this district or its State." },
	{ "phone", "Telephone", RF_PHONE, 0, 40, 0, NULL, NULL, NULL },
	{ "email", "E-mail", RF_EMAIL, 0, 254, 0, NULL, NULL, NULL },
	{ "staff_norm", "Staff sanctioned", RF_INT, RF_PUBLIC, 200, 0, NULL, NULL, "The unit's strength by the norm." },
	{ "staff_posted", "Staff posted", RF_INT, RF_PUBLIC | RF_SORT | RF_LIST, 200, 0, NULL, NULL, "Officers and men working in it today." },
	{ "vehicle", "Vehicle", RF_ENUM, RF_PUBLIC | RF_FILTER, 0, 0, yes_no, yes_no_labels, NULL },
	{ "computer", "Computer", RF_ENUM, RF_PUBLIC | RF_FILTER, 0, 0, yes_no, yes_no_labels, NULL },
	{ "internet", "Internet", RF_ENUM, RF_PUBLIC | RF_FILTER, 0, 0, yes_no, yes_no_labels, NULL },
	{ "equipment", "Other equipment", RF_LONGTEXT, RF_PUBLIC, 2000, 0, NULL, NULL,
	  "Cameras, mobile phones, rescue kits …" },
	{ "status", "Status reported", RF_ENUM, RF_PUBLIC | RF_REQUIRED | RF_SORT | RF_FILTER | RF_LIST | RF_REASON, 0, 0, ahtu_status,
	  ahtu_status_labels, "What the State reports; a change needs its reason, kept in the history." },
	{ "status_checked", "Status on the record", RF_ENUM, RF_PUBLIC | RF_LIST | RF_DERIVED, 0, 0, ahtu_status, ahtu_status_labels,
	  "What the record bears out, by the Cell's criteria." },
	{ "shortfalls", "What the record lacks", RF_LONGTEXT, RF_PUBLIC | RF_DERIVED, 2000, 0, NULL, NULL, NULL },
};

static const struct reg_type ahtus = {
	.name = "ahtus",
	.label = "AHTUs",
	.label_one = "AHTU",
	.title = "Register of Anti Human Trafficking Units",
	.level = REG_LEVEL_DISTRICT,
	.terms = false,
	.public_read = false,
	.fields = ahtu_fields,
	.nfields = N(ahtu_fields),
	.default_sort = "state",
	.derive = monitoring_ahtu_derive,
	.check = monitoring_ahtu_check,
};

const struct reg_type *const reg_types[] = { &officers, &agencies, &practices, &award_calls, &nominations, &ahtus };

const struct reg_transition *reg_transition_find(const struct reg_type *t, const char *action, const char *status)
{
	for (size_t i = 0; i < t->ntransitions; i++) {
		if (strcmp(t->transitions[i].action, action) != 0)
			continue;
		for (size_t f = 0; status && t->transitions[i].from[f]; f++)
			if (strcmp(t->transitions[i].from[f], status) == 0)
				return &t->transitions[i];
	}
	return NULL;
}

bool reg_editable(const struct reg_type *t, const char *status)
{
	if (!t->status_field)
		return true;
	for (size_t i = 0; status && t->editable_in && t->editable_in[i]; i++)
		if (strcmp(t->editable_in[i], status) == 0)
			return true;
	return false;
}
const size_t reg_types_count = N(reg_types);

const struct reg_type *reg_type_find(const char *name)
{
	for (size_t i = 0; i < reg_types_count; i++)
		if (strcmp(reg_types[i]->name, name) == 0)
			return reg_types[i];
	return NULL;
}
