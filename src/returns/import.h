/* Importing returns' values from a CSV or XLSX file, and exporting them
 * (src/returns/import.c, transfer.c, jobs.c).  One file format, in and
 * out: one value a row, under the header
 *   dataset, period, state_lgd, state, district_lgd, district, indicator,
 *   indicator_name, combo, combo_name, value, comment
 * of which dataset, period, district_lgd, indicator, combo and value are
 * read (comment when present); the names are there for people.  A row
 * whose value is empty changes nothing (and may not carry a comment).  A
 * template is the same file with every cell of every district, empty
 * where nothing was entered. */
#ifndef AHTCELL_RETURNS_IMPORT_H
#define AHTCELL_RETURNS_IMPORT_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "db/db.h"

#define IMPORT_ERRORS_KEPT 1000         /* errors listed in a report (all are counted) */
#define IMPORT_ROWS_MAX 6000000L        /* rows of one file (the command line) */
#define IMPORT_ROWS_MAX_UPLOAD 1000000L /* rows of one uploaded file */

struct import_report;

/* Who imports and how. */
struct import_opts {
	int64_t user_id;
	struct scope scope;             /* the districts they may write */
	bool check_locks;               /* refuse periods not started or locked (the API); the command line loads history */
	bool accept;                    /* mark every return imported accepted by the Cell (the command line, for history) */
	const char *source;             /* the file's name, for the returns' history */
	long max_rows;                  /* at most (0: IMPORT_ROWS_MAX) */
	/* Called in the saving transaction just before its commit, the report
	 * then final but for its times (a job files its outcome with the
	 * values, so that a crash leaves both or neither).  Not DB_OK: nothing
	 * is saved (outcome failed).  May be NULL. */
	enum db_status (*before_commit)(struct db *db, const struct import_report *rep, void *ctx);
	void *ctx;
};

/* How far an import is; read by another thread while it runs. */
enum import_phase { IMPORT_QUEUED, IMPORT_READING, IMPORT_CHECKING, IMPORT_SAVING, IMPORT_FINISHED };
struct import_progress {
	_Atomic int phase;
	_Atomic uint64_t done, total;   /* bytes while reading, values while saving */
	_Atomic bool stop;              /* set to give up (the server is stopping) */
};

enum import_outcome { IMPORT_DONE, IMPORT_REJECTED, IMPORT_FAILED, IMPORT_STOPPED };

/* What came of it.  errors: [{row, column, cell, value, reason}] (the
 * first IMPORT_ERRORS_KEPT); nothing is saved unless error_count is 0. */
struct import_report {
	enum import_outcome outcome;
	long rows, values, blanks, returns, districts, periods;  /* blanks: rows left empty */
	long unchanged;                 /* rows of returns not open to change that give what is stored: left out */
	long error_count;
	json_t *errors;
	json_t *ignored;                /* the header's columns not read */
	char message[300];              /* for the file as a whole */
	int64_t read_ms, check_ms, save_ms; /* the time each step took */
};

/* Imports data (len bytes, CSV or XLSX), all of it or nothing, as o says,
 * updating p as it goes (p may be NULL).  Fills rep (free with
 * import_report_clear). */
void returns_import(struct db *db, const char *data, size_t len, const struct import_opts *o,
		    struct import_progress *p, struct import_report *rep);
void import_report_clear(struct import_report *rep);
/* {outcome, rows, values, blanks, returns, districts, periods,
 * error_count, errors, ignored_columns, message, ms:{read, check,
 * save}}: a new object. */
json_t *import_report_json(const struct import_report *rep);
const char *import_outcome_name(enum import_outcome o);

#endif
