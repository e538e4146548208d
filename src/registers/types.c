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

const struct reg_type *const reg_types[] = { &officers };
const size_t reg_types_count = N(reg_types);

const struct reg_type *reg_type_find(const char *name)
{
	for (size_t i = 0; i < reg_types_count; i++)
		if (strcmp(reg_types[i]->name, name) == 0)
			return reg_types[i];
	return NULL;
}
