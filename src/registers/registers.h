/* The registers: record types described once, as data (types.c), and one
 * piece of code that serves list, get, create, update, history, search,
 * CSV / XLSX / PDF export and validation for all of them.
 *
 * A register's record has system fields — id, state, district, the term
 * (for registers whose records hold a post: one holder at a time, a new
 * one closes the previous term) and its version — and its own fields,
 * described by struct reg_field and stored as a JSON object (src/db).
 * Workflows (meetings, action points, reviews) are written by hand
 * elsewhere; they may use the same validation and export. */
#ifndef AHTCELL_REGISTERS_H
#define AHTCELL_REGISTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "http/request.h"
#include <limits.h>

enum reg_field_type {
	RF_TEXT,        /* one line */
	RF_LONGTEXT,    /* several lines */
	RF_EMAIL,
	RF_PHONE,       /* digits, spaces, + - ( ) /, 6 to 15 digits */
	RF_DATE,        /* YYYY-MM-DD, a real date */
	RF_INT,         /* within min..max */
	RF_ENUM,        /* one of choices */
	RF_URL,         /* http or https */
	RF_DATETIME,    /* YYYY-MM-DDTHH:MM (India Standard Time), a real date and time */
	RF_MONEY,       /* whole paise, stored as a number; given as paise (a number) or as
			   rupees a person writes them ("8.72 crore", "1,23,456"), up to max crore */
	RF_FINYEAR,     /* a financial year, "2010-11" */
};

/* Field flags. */
#define RF_REQUIRED 0x01u
#define RF_PUBLIC   0x02u       /* shown to the public (registers read by the public) */
#define RF_SEARCH   0x04u       /* part of the search text */
#define RF_SORT     0x08u       /* the list may be sorted by it */
#define RF_FILTER   0x10u       /* the list may be filtered by its value (?name=value) */
#define RF_LIST     0x20u       /* a column of the list's table and printed list */
#define RF_REASON   0x80u       /* a change of it needs a reason (kept in the history) */
#define RF_BY_REVIEW 0x100u     /* set only by the workflow's steps (status, the Cell's comments) */
#define RF_DERIVED  0x200u      /* worked out from the others by the type's derive(), never given
				   nor stored: shown in records, lists and exports */
#define RF_RANGE    0x40u       /* a date the list may be limited to: ?<name>_from=, ?<name>_before=,
				   ?<name>_within=DAYS (from today to DAYS on) */

struct reg_field {
	const char *name;       /* JSON member and CSV column; [a-z_]+ */
	const char *label;      /* as a person reads it: "E-mail" */
	enum reg_field_type type;
	unsigned flags;
	int max;                /* text: bytes (UTF-8); int: the largest value */
	int min;                /* int: the smallest value */
	const char *const *choices;     /* RF_ENUM: NULL-terminated values */
	const char *const *choice_labels; /* RF_ENUM: their labels, same order */
	const char *hint;       /* shown under the field in forms; may be NULL */
};

/* A step of a register's workflow (a review): POST /api/v1/<register>/{id}/<action>
 * moves the record's status from one of from[] to to, for the roles given
 * (bits of 1 << enum role), the record's State's users only for roles
 * below the national ones. */
struct reg_transition {
	const char *action;             /* "submit", "accept", … */
	const char *from[4];            /* NULL-terminated */
	const char *to;
	unsigned roles;
	bool comment_required;          /* return and reject say why */
};

/* Which jurisdiction a record belongs to. */
enum reg_level {
	REG_LEVEL_STATE,        /* a State's record: its users write it, the Cell sees all */
	REG_LEVEL_DISTRICT,     /* a district's */
	REG_LEVEL_NATIONAL,     /* the Cell's own (an award's call): no State; every reader in scope sees it */
};

/* A field's problem: which field, and a message for a person. */
struct reg_error {
	char field[48];
	char message[200];
};

struct reg_type {
	const char *name;       /* the path segment: /api/v1/<name> */
	const char *label;      /* "Nodal officers" */
	const char *label_one;  /* "nodal officer" */
	const char *title;      /* the printed list's title: "List of Nodal Officers" */
	enum reg_level level;
	bool terms;             /* records hold a post (the State or district): one open term each */
	bool public_read;       /* the public reads open records' public fields */
	/* who may write is the routes' business (src/http/routes.c); within
	 * the caller's jurisdiction only */
	const struct reg_field *fields;
	size_t nfields;
	const char *default_sort; /* a field name, or "state" */
	const char *title_field;  /* the field a record goes by; NULL: its first required text field */
	/* a workflow (optional): the status field, set only by transitions;
	 * the status a new record gets; those in which its fields may be
	 * changed; the one the public sees (NULL: every record) */
	const char *status_field;
	const char *initial_status;
	const char *const *editable_in;
	const char *public_status;
	const char *comment_field;      /* where a step's comment is kept */
	const struct reg_transition *transitions;
	size_t ntransitions;
	/* fills the RF_DERIVED fields into a record's data (its stored
	 * fields) before it is shown; optional */
	void (*derive)(json_t *data);
	/* checks what validation alone cannot (another table: a user named),
	 * on a new record's data or a changed one's (base: the stored data, NULL
	 * for a new record), before it is saved: false with err set; optional */
	bool (*check)(struct db *db, const struct db_record *rec, const json_t *base, const json_t *data,
		      struct reg_error *err);
};

/* The transition action allows from status, or NULL. */
const struct reg_transition *reg_transition_find(const struct reg_type *t, const char *action, const char *status);
/* Whether a record in status may have its fields changed. */
bool reg_editable(const struct reg_type *t, const char *status);

/* Every register, and the one named name (NULL when none). */
extern const struct reg_type *const reg_types[];
extern const size_t reg_types_count;
const struct reg_type *reg_type_find(const char *name);

/* ---- record.c: validation and shapes, no HTTP ---- */


/* Checks in (a JSON object of the type's own fields) and builds the
 * record's data: every known field, trimmed and checked against its type
 * and bounds; unknown members refused.  With base (the stored data, for a
 * change), members absent from in keep their stored value and a null
 * clears an optional field.  Returns a new object, or NULL with err set. */
json_t *reg_validate(const struct reg_type *t, const json_t *in, const json_t *base, struct reg_error *err);

/* The case-folded text (g_utf8_casefold) of the searchable fields (only
 * the public ones with public_only), for the storage layer's search
 * (malloc'd; caller frees). */
char *reg_search_text(const struct reg_type *t, const json_t *data, bool public_only);

/* A record as the API shows it: system fields, then the type's own fields
 * (only the public ones when public_only).  New reference. */
json_t *reg_record_json(const struct reg_type *t, const struct db_record *r, bool public_only);

/* The type's description for forms: fields with labels, types, bounds and
 * choices.  New reference. */
json_t *reg_type_json(const struct reg_type *t);

/* ---- export.c: a list as CSV, XLSX or a printed PDF ---- */

/* A table: column keys and labels, rows of JSON objects (values by key). */
struct reg_table {
	const char *title;      /* the PDF's and sheet's heading */
	const char *const *keys;
	const char *const *labels;
	size_t ncols;
	json_t *rows;           /* array of objects; borrowed */
};
#define REG_PRINT_COLUMNS_MAX 16     /* columns a printed A4 list can hold */
/* RFC 4180 CSV, UTF-8 with a byte-order mark so that Excel reads Hindi.
 * malloc'd (caller frees), *len its length; NULL when out of memory. */
char *reg_export_csv(const struct reg_table *t, size_t *len);
/* Writes the XLSX (libxlsxwriter) or the PDF (cairo + pango, A4
 * landscape, dated, numbered pages; at most REG_PRINT_COLUMNS_MAX columns)
 * to path.  0 or -1 (logged). */
int reg_export_xlsx(const struct reg_table *t, const char *path);
int reg_export_pdf(const struct reg_table *t, const char *path);

/* ---- demo.c ---- */
/* A demo nodal officer for every State/UT when the register is empty:
 * how many were loaded (0 when there were records), -1 on error. */
int registers_demo_load(struct db *db);
/* Validates in as a record of t and inserts it with rec's system fields
 * (state, district, slot, term, created_at; type and data are set here),
 * outside any request (the demos).  DB_ERROR with err set when in is not
 * valid. */
enum db_status reg_insert_checked(struct db *db, const struct reg_type *t, const json_t *in, struct db_record *rec,
				  struct reg_error *err);

/* ---- api.c ---- */
void registers_set_data_dir(const char *dir);
/* Answers with t as a file: format csv, xlsx or pdf (checked by the
 * caller), named "<name>-<date>.<format>"; exports by signed-in users are
 * audited.  For workflows' tables as well as registers' lists. */
void registers_reply_export(struct request *r, const char *name, const char *format, const struct reg_table *t);
/* Removes the export files a crash left in DATA/tmp (the server's start). */
void registers_tmp_sweep(void);
/* A new empty file in DATA/tmp for an export, its path in path; 0 or -1 (logged). */
int registers_tmp_file(char path[PATH_MAX]);
/* Answers with the file at path (then removed) as an attachment named name. */
void registers_reply_file(struct request *r, const char *path, const char *type, const char *name);
void registers_list(struct request *r);
void registers_show(struct request *r);
void registers_create(struct request *r);
void registers_update(struct request *r);
void registers_end_term(struct request *r);
void registers_history(struct request *r);
void registers_types(struct request *r);
void registers_transition(struct request *r);
/* ---- compendium.c ---- */
void registers_compendium(struct request *r);
void registers_type(struct request *r);

#endif
