/* The storage interface.  Every module reaches the database only through
 * a struct db and its ops; a backend (src/db/sqlite/, later src/db/pg/)
 * fills in the ops.  The database URL picks the backend:
 *   sqlite:PATH        (default: sqlite:DATA/ahtcell.db)
 *
 * Threads: a struct db is one connection, used by one thread at a time.
 * The HTTP server gives each of its threads its own (db_thread()).
 *
 * Scoping: every query over rows that belong to a State or a district
 * takes a struct scope, which src/auth builds from the caller; the backend
 * turns it into bound WHERE terms, so a row out of scope is neither returned
 * nor counted.  Handlers never filter rows themselves. */
#ifndef AHTCELL_DB_H
#define AHTCELL_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum db_status {
	DB_OK = 0,
	DB_NOTFOUND,
	DB_CONFLICT,    /* a unique key already taken */
	DB_ERROR,       /* logged by the backend; answer 500 */
	DB_TIMEOUT,     /* a query ran past its time budget (logged); answer 503 */
};

/* Whose rows a query may touch.  NATIONAL sees all; STATE rows whose
 * state_lgd matches; DISTRICT rows whose district_lgd matches; NONE nothing. */
enum scope_level { SCOPE_NONE = 0, SCOPE_NATIONAL, SCOPE_STATE, SCOPE_DISTRICT };
struct scope {
	enum scope_level level;
	int state_lgd;
	int district_lgd;
};

enum role { ROLE_PUBLIC = 0, ROLE_ADMIN, ROLE_CELL, ROLE_STATE, ROLE_DISTRICT, ROLE_VIEWER, ROLE_COUNT };

#define LOGIN_MAX 64
#define NAME_MAX_LEN 128
#define EMAIL_MAX 254
#define PWHASH_MAX 128          /* crypto_pwhash_STRBYTES */

/* A user account.  state_lgd is set for state and district jurisdictions,
 * district_lgd for district ones only; both 0 for national. */
struct db_user {
	int64_t id;
	char login[LOGIN_MAX + 1];
	char name[NAME_MAX_LEN + 1];
	char email[EMAIL_MAX + 1];
	enum role role;
	enum scope_level level;
	int state_lgd;
	int district_lgd;
	char pw_hash[PWHASH_MAX];
	bool disabled;
	bool must_change_password;
	int failed_logins;
	int64_t locked_until;   /* ms; 0 when not locked */
	int64_t created_at;
	int64_t last_login_at;  /* 0 when never */
};

struct db_user_filter {
	const char *q;          /* login or name contains; NULL for any */
	int role;               /* -1 for any */
	int disabled;           /* -1 any, 0, 1 */
	const char *sort;       /* login, name, role, created_at, last_login_at; '-' first for
				 * descending; NULL: login.  Checked by the caller. */
	int limit, offset;
};

/* A sign-in session or an API token: both are a random secret held by the
 * client, stored here only as its SHA-256. */
struct db_session {
	int64_t id;
	int64_t user_id;
	unsigned char hash[32];
	int64_t created_at, last_seen_at, expires_at;
	int64_t revoked_at;     /* 0 when live */
	char ip[64];
	char user_agent[200];
};

struct db_token {
	int64_t id;
	int64_t user_id;
	unsigned char hash[32];
	char name[NAME_MAX_LEN + 1];
	int64_t created_at, last_used_at, expires_at, revoked_at;
};

/* One audit entry.  hash = SHA-256 over the other fields and prev_hash
 * (src/auth/audit.c defines the exact bytes). */
struct db_audit {
	int64_t id;
	int64_t at;
	int64_t user_id;        /* 0: nobody signed in */
	char login[LOGIN_MAX + 1];
	char ip[64];
	char action[64];
	char object_type[32];
	char object_id[64];
	char outcome[16];       /* ok, denied, failed */
	char *detail;           /* JSON text, no personal data; owned by the struct's user */
	char prev_hash[65];
	char hash[65];
};

struct db_audit_filter {
	int64_t user_id;        /* 0: any */
	const char *action_prefix;
	const char *outcome;
	int64_t from, to;       /* ms; 0: open */
	int limit, offset;
};

/* A stored answer for an Idempotency-Key. */
struct db_idem {
	char request_hash[65];
	int status;
	char *body;             /* malloc'd by the backend; caller frees */
};

/* ---- documents ---- */
#define DOC_TITLE_MAX       500                   /* bytes */
#define DOC_REFERENCE_MAX   200
#define DOC_GROUP_MAX       200
#define DOC_SUMMARY_MAX     4000
#define DOC_FILE_NAME_MAX   255
#define DOC_REASON_MAX      500
#define DOC_QUERY_BUDGET_MS 3000                  /* one list or search, at most */

/* A stored file.  pages is -1 until its text has been extracted. */
struct db_blob {
	char sha256[65];
	int64_t size;
	char mime[128];
	char format[8];         /* pdf odt docx ods xlsx txt */
	int pages;
	char text_status[8];    /* pending done failed none */
	int64_t created_at;
};

/* A document as stored.  Optional strings are "" when absent, optional ids
 * and times 0. */
struct db_document {
	int64_t id;
	char title[DOC_TITLE_MAX + 1];
	char title_hi[DOC_TITLE_MAX + 1];
	char category[16];
	char reference[DOC_REFERENCE_MAX + 1];
	char issued_on[11];     /* YYYY-MM-DD */
	char language[8];
	char group_name[DOC_GROUP_MAX + 1];
	char summary[DOC_SUMMARY_MAX + 1];
	char visibility[12];    /* public restricted */
	char status[12];        /* active withdrawn */
	int64_t withdrawn_at;
	char withdrawn_reason[DOC_REASON_MAX + 1];
	char sha256[65];
	char file_name[DOC_FILE_NAME_MAX + 1];
	int64_t corrects_id, supersedes_id, superseded_by_id, meeting_id;
	int64_t published_at, updated_at;
	int64_t created_by, updated_by;
	struct db_blob blob;    /* filled by reads */
};

/* Who is reading: the public sees public active documents; a signed-in
 * user also restricted ones; the Cell also withdrawn ones.  Applied by the
 * backend in every read, like a jurisdiction scope. */
struct db_doc_access {
	bool restricted;
	bool withdrawn;
};

struct db_document_filter {
	const char *fts;        /* an FTS5 expression (docs_query_translate), NULL: no search */
	const char *category, *group, *language;   /* NULL: any */
	const char *visibility; /* public, restricted; NULL: any (capped by access) */
	int year;               /* of issued_on; 0: any */
	int status;             /* 0 active, 1 withdrawn, 2 all (capped by access) */
	int64_t corrects_id;    /* 0: any; else only corrigenda of that document */
	bool all_versions;      /* false: only the latest version of each document */
	const char *sort;       /* relevance portal published -published issued -issued title -title */
	int limit, offset;
};

/* ---- registers (src/registers): records of types described as data ---- */
#define RECORD_TYPE_MAX 31
#define RECORD_SLOT_MAX 47
#define RECORD_DATA_MAX (64 * 1024)     /* bytes of a record's JSON */

/* A record as stored.  data is its own fields as a JSON object's text. */
struct db_record {
	int64_t id;
	char type[RECORD_TYPE_MAX + 1];
	int state_lgd, district_lgd;    /* 0: none */
	char slot[RECORD_SLOT_MAX + 1]; /* registers with terms: the post; "" otherwise */
	char valid_from[11], valid_to[11];  /* YYYY-MM-DD; "" none / open */
	char *data;                     /* malloc'd by reads (free with db_record_clear) */
	int version;
	int64_t created_at, created_by, updated_at, updated_by;
	char state_name[64], district_name[64];  /* filled by reads */
};

/* An earlier state of a record. */
struct db_record_revision {
	int version;
	char valid_from[11], valid_to[11];
	const char *data, *reason;      /* valid during the callback */
	int64_t changed_at, changed_by;
	const char *changed_by_login;
};

enum record_sort { RECORD_SORT_FIELD, RECORD_SORT_STATE, RECORD_SORT_FROM, RECORD_SORT_UPDATED, RECORD_SORT_ID };

struct db_record_filter {
	const char *type;
	const char *q;                  /* a substring of the search text (lower case); NULL: any */
	bool public_search;             /* search the public fields' text only */
	int state_lgd, district_lgd;    /* 0: any (within the scope) */
	bool current_only;              /* open terms only */
	const char *field_path[2];      /* "$.status": equal to field_value; NULL: none */
	const char *field_value[2];
	const char *status_path, *status_value;  /* a workflow's public status, forced for the public */
	const char *range_path;         /* "$.licence_valid_to": from <= value < to; NULL: none */
	const char *range_from, *range_to;  /* NULL: open on that side */
	enum record_sort sort;
	const char *sort_path;          /* RECORD_SORT_FIELD: "$.name" */
	bool desc;
	int limit, offset;
};

/* ---- meetings (src/meetings) ---- */
#define MEETING_TITLE_MAX 300
#define MEETING_TEXT_MAX 300            /* venue, chair */
#define MEETING_LINK_MAX 500
#define ACTION_TEXT_MAX 2000
#define REPORT_TEXT_MAX 8000
#define COMMENT_MAX 2000

struct db_meeting {
	int64_t id;
	char title[MEETING_TITLE_MAX + 1];
	char kind[24];
	char starts_at[17], ends_at[17];        /* YYYY-MM-DDTHH:MM (IST); ends_at "" none */
	char venue[MEETING_TEXT_MAX + 1], video_link[MEETING_LINK_MAX + 1], chair[MEETING_TEXT_MAX + 1];
	const char *agenda;                     /* JSON array text */
	char status[12];
	int version;
	int64_t at, by;                         /* created (insert) or updated (update) */
};

/* One State's part of an action point. */
struct db_assignment {
	int64_t action_point_id;
	int state_lgd;
	char status[12];                        /* open reported returned closed */
	char due_on[11];
	int64_t meeting_id;
};

struct db_action_report {
	int64_t id, action_point_id;
	int state_lgd;
	char reported_on[11];
	const char *text;
	char decision[12];                      /* "" pending, accepted, returned */
	int64_t submitted_at, submitted_by;
};

struct db_meeting_filter {
	const char *q;                          /* a part of the title (NULL any) */
	const char *kind, *from, *to;           /* starts on or after from, before to (dates) */
	int state_lgd;                          /* invited (0 any within scope) */
	bool desc;                              /* newest first */
	int limit, offset;
};

struct db_followup_filter {
	int state_lgd;                          /* 0 any within scope */
	int64_t meeting_id;                     /* 0 any */
	const char *status;                     /* open reported returned closed, "pending" (not closed), NULL any */
	const char *due_before;                 /* due_on < this (overdue: today) */
	const char *due_from;                   /* due_on >= this */
	const char *sort;                       /* due -due state meeting */
	int limit, offset;
};

/* ---- attachments (src/attachments) ---- */
struct db_attachment {
	int64_t id;
	char owner_type[24];
	int64_t owner_id;
	int state_lgd;
	char sha256[65];
	char file_name[256];
	int64_t created_at, created_by;
	struct db_blob blob;            /* filled by reads */
};

/* ---- advisory compliance (src/compliance) ---- */
#define DB_STATE_REPORTS_MAX 1000       /* a State's reports in one answer */

/* ---- periodic returns (src/returns) ---- */
/* One district's return of a data set for a period. */
struct db_return_key {
	int64_t dataset_id;
	const char *period;             /* as the API writes it */
	int district_lgd, state_lgd;
};
/* A pivot of one indicator's values: what its rows and columns are. */
enum db_pivot_dim { PIVOT_NONE, PIVOT_STATE, PIVOT_DISTRICT, PIVOT_PERIOD, PIVOT_COMBO,
		    PIVOT_YEAR /* the calendar year a period falls in, or a financial year's first */ };
struct db_pivot {
	int64_t dataset_id;
	const char *indicator;
	const char *combo;              /* NULL: every cell of the indicator */
	const char *from, *to;          /* periods, inclusive */
	int state_lgd, district_lgd;    /* 0: any (the caller's scope narrows them) */
	const char *statuses_json;      /* the returns' statuses counted, a JSON array */
	enum db_pivot_dim rows, cols;
};
/* A value of a bulk save (values_bulk): its return, its cell, a count, a
 * comment (NULL keeps the one stored), and whether its return was made by
 * this save (fresh: no value of it is stored yet). */
struct db_bulk_value {
	int64_t dataset_id;
	const char *period;
	int district_lgd, state_lgd;
	int64_t cell_id;
	long long value;
	const char *comment;
	bool fresh;
};

/* An import the importer takes from the queue: who uploaded it, within
 * which jurisdiction (0: national), and how many times it has been
 * started (this one included). */
struct db_import_job {
	int64_t id, user_id;
	char file_name[256];
	int attempts, state_lgd, district_lgd;
};

/* Values to export: of one data set, periods from..to (texts, which sort
 * in time), narrowed to a State, a district and some cells (cells_json, a
 * JSON array of ids; NULL for all).  template: every district (as
 * narrowed) × every cell of cells_json for the one period from == to,
 * blank where nothing is stored, in the form's order (the array's). */
struct db_values_query {
	int64_t dataset_id;
	const char *from, *to;
	int state_lgd, district_lgd;
	const char *cells_json;
	bool template;
};
struct db_value_row {
	const char *period;
	int state_lgd, district_lgd;
	int64_t cell_id;
	bool blank;
	long long value;
	const char *comment;            /* NULL for none */
	const char *status;             /* the return's ("draft" when there is none yet) */
};
/* Takes one row; non-zero stops (values_export then answers DB_CONFLICT). */
typedef int (*db_value_row_fn)(void *ctx, const struct db_value_row *row);

/* A value to save: blank, or a count; its comment, set when set_comment. */
struct db_value {
	int64_t cell_id;
	bool blank;
	long long value;
	bool set_comment;
	const char *comment;            /* NULL clears it */
};

/* ---- case records (src/cases) ---- */
#define CASE_VICTIMS_MAX   500          /* victims of one case */
#define CASE_ACCUSED_MAX   200
#define CASE_TRANSIT_MAX   8            /* places of transit on one victim's route */
#define CASE_TEXT_MAX      200          /* bytes of a short text (police station, shelter, unit) */
#define CASE_CODE_MAX      15           /* a pseudonymous code: "V-" or "A-" and 12 characters */

/* A place on a route: an Indian district (district_lgd), a foreign
 * country (ISO 3166 alpha-2 code), or neither (not known). */
struct db_place {
	int district_lgd;
	char country[3];
};
/* A sealed personal value (src/crypto/field.h): malloc'd, NULL for none. */
struct db_sealed {
	unsigned char *data;
	size_t len;
};
/* One victim of a case.  Code lists (gender, age band, purposes as a bit
 * set …) are src/cases/vocab.c's; this layer stores what it is given. */
struct db_victim {
	int64_t id;                     /* 0: a new one */
	char code[CASE_CODE_MAX + 1];   /* pseudonymous, unique, never changes */
	char gender[32];
	int age;                        /* -1: not known */
	char age_band[12];
	char nationality[3];
	uint32_t purposes, methods;     /* bit sets */
	char relation[24];              /* the recruiter's relation to the victim, "" unknown */
	char rescued_on[11];            /* "" when not known */
	int rescue_district_lgd;
	char shelter[CASE_TEXT_MAX + 1];
	struct db_place source, destination, transit[CASE_TRANSIT_MAX];
	int ntransit;
	struct db_sealed name, address, contact;
	bool keep_personal;             /* an update leaves the stored sealed values */
	bool has_photo;                 /* read only: a photo is stored (victim_photo_get) */
};
struct db_accused {
	int64_t id;
	char code[CASE_CODE_MAX + 1];   /* the same person in several cases shares it */
	uint32_t roles;
	bool arrested, chargesheeted, convicted;
	int64_t agency_id;              /* a registered placement agency, 0 none */
	struct db_sealed name;
	bool keep_personal;
};
/* A case.  Free what a read put into it with db_case_clear. */
struct db_case {
	int64_t id;
	int state_lgd, district_lgd;
	char police_station[CASE_TEXT_MAX + 1];
	char fir_number[33];
	char fir_date[11];
	char sections[1024];            /* JSON array text */
	char ahtu[CASE_TEXT_MAX + 1];
	char status[24], status_on[11];
	bool synthetic;
	int64_t version;
	int64_t created_at, created_by, updated_at, updated_by;
	struct db_victim *victims;      /* malloc'd */
	int nvictims;
	struct db_accused *accused;     /* malloc'd */
	int naccused;
};
void db_case_clear(struct db_case *c);

struct db_case_filter {
	const char *q;                  /* FIR number or police station contains; NULL any */
	const char *status;             /* NULL any */
	int state_lgd, district_lgd;    /* 0 any (the scope narrows further) */
	const char *from, *to;          /* FIR dates, inclusive; NULL open */
	const char *ahtu;               /* the AHTU the case names, whole (any case); NULL any */
	const char *sort;               /* fir_date, updated_at, district, status; '-' first for descending */
	int limit, offset;
};

/* What the analysis keeps of one victim (src/cases/facts.c). */
struct db_case_fact {
	int64_t case_id;
	int case_state_lgd, case_district_lgd;
	const char *date;               /* rescued_on, or the FIR's date */
	const char *gender, *age_band, *nationality;
	uint32_t purposes;
	struct db_place source, destination;
	const char *transit;            /* as stored: "D123 NP …" */
};
typedef int (*db_case_fact_fn)(void *ctx, const struct db_case_fact *f);

/* ---- monitoring (src/monitoring) ---- */
/* A release of funds; amounts in whole paise. */
struct db_release {
	int64_t id;
	int64_t scheme_id;
	int state_lgd;                  /* 0: all the States together (a published total) */
	char financial_year[8];         /* 2010-11 */
	int64_t amount_paise;
	int units;
	char sanction_order[201];
	char released_on[11];           /* "" when not known */
	int instalment;
	char source[201];
	int64_t created_at, created_by;
	int certificates;               /* read: its certificates not withdrawn */
};
struct db_release_filter {
	int64_t scheme_id;              /* 0 any */
	int state_lgd;                  /* 0 any (the scope narrows) */
	const char *financial_year;     /* NULL any */
	int limit, offset;
};

/* Training courses: which to list. */
struct db_course_filter {
	int64_t programme_id;           /* 0 any */
	int state_lgd;                  /* 0 any: else held by it or with its participants */
	const char *from, *to;          /* starts_on within, YYYY-MM-DD; NULL open */
	int limit, offset;
};

struct db;
struct db_ops {
	void (*close)(struct db *db);
	/* Transactions.  begin_write takes the write lock at once (SQLite
	 * BEGIN IMMEDIATE), so read-then-write sequences cannot interleave. */
	enum db_status (*begin_write)(struct db *db);
	enum db_status (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	bool (*in_transaction)(struct db *db);
	/* A big write ahead (an import of millions of values), checked key by
	 * key by its caller: give this connection a page cache of cache_mb,
	 * so that the transaction's pages stay in memory instead of being
	 * spilled to disk again and again, and no foreign-key lookups.  Call
	 * it outside a transaction; 0 gives back the usual settings. */
	void (*bulk_cache)(struct db *db, int cache_mb);

	/* Schema: applies the pending migrations, each in one transaction.
	 * Refuses (DB_ERROR, logged) a database newer than the program. */
	enum db_status (*migrate)(struct db *db, int *from, int *to);
	int (*schema_version)(struct db *db);   /* -1 on error */
	int (*schema_latest)(void);

	/* Master data (public). Each returns a new JSON array (caller owns). */
	json_t *(*states_list)(struct db *db);
	json_t *(*districts_list)(struct db *db, int state_lgd);
	/* The State of a district, or 0 when no such district. */
	int (*district_state)(struct db *db, int district_lgd);
	bool (*state_exists)(struct db *db, int state_lgd);

	/* Users. */
	enum db_status (*user_insert)(struct db *db, struct db_user *u);     /* sets u->id */
	enum db_status (*user_update)(struct db *db, const struct db_user *u);
	enum db_status (*user_get)(struct db *db, const struct scope *s, int64_t id, struct db_user *out);
	enum db_status (*user_get_by_login)(struct db *db, const char *login, struct db_user *out);
	/* Calls fn for each user on the page (stops when fn returns non-zero)
	 * and sets *total to the count of all matching rows in scope. */
	enum db_status (*user_list)(struct db *db, const struct scope *s, const struct db_user_filter *f,
				    int (*fn)(void *ctx, const struct db_user *u), void *ctx, int64_t *total);
	int64_t (*user_count)(struct db *db);

	/* Sessions. */
	enum db_status (*session_insert)(struct db *db, struct db_session *s);     /* sets s->id */
	enum db_status (*session_get_by_hash)(struct db *db, const unsigned char hash[32], struct db_session *out);
	enum db_status (*session_touch)(struct db *db, int64_t id, int64_t now);
	/* Revokes session id if it belongs to user_id; DB_NOTFOUND otherwise. */
	enum db_status (*session_revoke)(struct db *db, int64_t user_id, int64_t id, int64_t now);
	/* Revokes all of a user's live sessions except keep_id (0: none kept). */
	enum db_status (*session_revoke_all)(struct db *db, int64_t user_id, int64_t keep_id, int64_t now);
	json_t *(*session_list)(struct db *db, int64_t user_id, int64_t now);

	/* API tokens. */
	enum db_status (*token_insert)(struct db *db, struct db_token *t);
	enum db_status (*token_get_by_hash)(struct db *db, const unsigned char hash[32], struct db_token *out);
	enum db_status (*token_get)(struct db *db, int64_t id, struct db_token *out);
	enum db_status (*token_touch)(struct db *db, int64_t id, int64_t now);
	enum db_status (*token_revoke)(struct db *db, int64_t id, int64_t now);
	enum db_status (*token_revoke_all)(struct db *db, int64_t user_id, int64_t now);
	json_t *(*token_list)(struct db *db, int64_t user_id);

	/* Audit: append-only.  audit_last gives the newest entry's id and hash
	 * (id 0 and an empty hash when the log is empty). */
	enum db_status (*audit_last)(struct db *db, int64_t *id, char hash[65]);
	enum db_status (*audit_insert)(struct db *db, const struct db_audit *a);
	/* Newest first; like user_list. */
	enum db_status (*audit_list)(struct db *db, const struct db_audit_filter *f,
				     int (*fn)(void *ctx, const struct db_audit *a), void *ctx, int64_t *total);
	/* Calls fn for each entry in id order; stops when fn returns non-zero. */
	enum db_status (*audit_each)(struct db *db, int (*fn)(void *ctx, const struct db_audit *a), void *ctx);

	/* Idempotency keys: owner is "u:ID" or "ip:ADDR". */
	enum db_status (*idem_get)(struct db *db, const char *owner, const char *key, struct db_idem *out);
	enum db_status (*idem_put)(struct db *db, const char *owner, const char *key, const struct db_idem *in,
				   int64_t now);

	/* Documents (src/db/sqlite/documents.c). */
	/* Adds a blob's row unless one with its hash exists. */
	enum db_status (*blob_insert)(struct db *db, const struct db_blob *b);
	enum db_status (*blob_get)(struct db *db, const char *sha256, struct db_blob *out);
	/* The oldest blob whose text is pending: DB_NOTFOUND when none. */
	enum db_status (*blob_next_pending)(struct db *db, struct db_blob *out);
	/* Records the outcome of text extraction (status done/failed/none, the
	 * page count or -1, the text or NULL, an error or NULL) and puts the
	 * text into the search index of every document with this file. */
	enum db_status (*blob_set_text)(struct db *db, const char *sha256, const char *status, int pages,
					const char *text, const char *error);
	/* True when a document or blob row refers to sha256 (for the store sweep). */
	bool (*blob_known)(struct db *db, const char *sha256);
	/* Inserts d (group created when new) and its search entry; sets d->id. */
	enum db_status (*document_insert)(struct db *db, struct db_document *d);
	/* Writes every column of d and its search entry. */
	enum db_status (*document_update)(struct db *db, const struct db_document *d);
	enum db_status (*document_get)(struct db *db, const struct db_doc_access *a, int64_t id,
				       struct db_document *out);
	/* Lists documents; fn gets each with its snippet (search only, else
	 * NULL: text with 0x02/0x03 around the hits); stops when fn returns
	 * non-zero.  total counts every match. */
	enum db_status (*document_list)(struct db *db, const struct db_doc_access *a,
					const struct db_document_filter *f,
					int (*fn)(void *ctx, const struct db_document *d, const char *snippet),
					void *ctx, int64_t *total);
	/* Every version of the document id belongs to, oldest first. */
	enum db_status (*document_versions)(struct db *db, const struct db_doc_access *a, int64_t id,
					    int (*fn)(void *ctx, const struct db_document *d), void *ctx);
	/* Counts per category, group, year and language (new JSON object). */
	json_t *(*document_facets)(struct db *db, const struct db_doc_access *a);
	/* Group names in portal order (new JSON array of strings). */
	json_t *(*document_groups)(struct db *db);
	/* A number that changes with every committed change to the library
	 * (documents, groups, a file's text), by any connection; -1 on error. */
	int64_t (*library_version)(struct db *db);

	/* Registers.  Reads take the caller's scope: national all; a State its
	 * State's records; a district its district's and its State's
	 * State-wide ones; the public (SCOPE_NONE) only open terms. */
	/* Inserts r (id set); search is the record's search text, search_public
	 * that of its public fields only (the backend adds the State's and
	 * district's names to both). */
	enum db_status (*record_insert)(struct db *db, struct db_record *r, const char *search,
					const char *search_public);
	/* Writes r's term, data and search text as version r->version + 1
	 * (r->version is updated), after keeping the stored one as a revision
	 * with reason (may be NULL).  DB_NOTFOUND when r->id is not of r->type. */
	enum db_status (*record_update)(struct db *db, struct db_record *r, const char *search,
					const char *search_public, const char *reason);
	enum db_status (*record_get)(struct db *db, const struct scope *s, const char *type, int64_t id,
				     struct db_record *out);
	/* The record holding the open term of slot, DB_NOTFOUND when vacant. */
	enum db_status (*record_open_term)(struct db *db, const char *type, const char *slot, struct db_record *out);
	/* Lists records; fn returns non-zero to stop.  total counts every match. */
	enum db_status (*record_list)(struct db *db, const struct scope *s, const struct db_record_filter *f,
				      int (*fn)(void *ctx, const struct db_record *r), void *ctx, int64_t *total);
	/* The revisions of a record, newest first. */
	enum db_status (*record_revisions)(struct db *db, int64_t id,
					   int (*fn)(void *ctx, const struct db_record_revision *v), void *ctx);

	/* Meetings.  A State or district caller reaches the meetings its State
	 * is invited to, and only its own State's parts of them. */
	enum db_status (*meeting_insert)(struct db *db, struct db_meeting *m);
	/* Writes m's fields as version m->version + 1 when the stored version
	 * is m->version: DB_CONFLICT when it is not. */
	enum db_status (*meeting_update)(struct db *db, struct db_meeting *m);
	/* The meeting as the API shows it (agenda parsed, invitees in scope,
	 * counts), new reference in *out. */
	enum db_status (*meeting_get)(struct db *db, const struct scope *s, int64_t id, json_t **out);
	enum db_status (*meeting_list)(struct db *db, const struct scope *s, const struct db_meeting_filter *f,
				       json_t **items, int64_t *total);
	enum db_status (*meeting_invite)(struct db *db, int64_t meeting_id, int state_lgd);
	/* DB_NOTFOUND when the State is not invited. */
	enum db_status (*meeting_confirm)(struct db *db, int64_t meeting_id, int state_lgd, const char *attendee,
					  const char *designation, int64_t at, int64_t by);
	enum db_status (*meeting_attendance)(struct db *db, int64_t meeting_id, int state_lgd, const char *attendance,
					     const char *represented_by);
	/* The minutes (documents with this meeting_id) the reader may see, each
	 * with its corrigenda: a new JSON array. */
	json_t *(*meeting_minutes)(struct db *db, const struct db_doc_access *a, int64_t meeting_id);
	bool (*meeting_exists)(struct db *db, int64_t id);

	/* Action points: inserted with a number after the meeting's last, and
	 * an assignment for each State of states. */
	enum db_status (*action_point_insert)(struct db *db, int64_t meeting_id, const char *text, const char *due_on,
					      const int *states, int nstates, int64_t at, int64_t by, int64_t *id);
	/* The action point with its assignments and reports in scope. */
	enum db_status (*action_point_get)(struct db *db, const struct scope *s, int64_t id, json_t **out);
	/* The meeting's action points, each with its assignments in scope. */
	enum db_status (*action_points_of_meeting)(struct db *db, const struct scope *s, int64_t meeting_id,
						   json_t **items);
	enum db_status (*assignment_get)(struct db *db, int64_t action_point_id, int state_lgd,
					 struct db_assignment *out);
	enum db_status (*assignment_set)(struct db *db, int64_t action_point_id, int state_lgd, const char *status,
					 int64_t at, const char *closed_on);
	enum db_status (*report_insert)(struct db *db, struct db_action_report *rep);
	/* A report within scope (its State's), with its action point's id. */
	enum db_status (*report_get)(struct db *db, const struct scope *s, int64_t id, struct db_action_report *out);
	/* The latest report of an assignment: DB_NOTFOUND when none. */
	enum db_status (*report_latest)(struct db *db, int64_t action_point_id, int state_lgd, int64_t *id);
	enum db_status (*report_decide)(struct db *db, int64_t id, const char *decision, const char *comment,
					int64_t at, int64_t by);
	/* The follow-up list: one row per assignment, with its action point,
	 * meeting and latest report; today (YYYY-MM-DD) for days overdue. */
	enum db_status (*followup_list)(struct db *db, const struct scope *s, const struct db_followup_filter *f,
					const char *today, json_t **items, int64_t *total);

	/* Advisory compliance.  Advisories are the library's active, latest
	 * documents of category advisory. */
	/* {"advisories":[{id,title,issued_on,actions}], "cells":[{document_id,
	 * state_lgd,status,reported_on}]}: every advisory, and the latest
	 * report of each State in scope (state_lgd 0: every State in scope).
	 * With a state_lgd, also "reports": that State's reports in scope on
	 * every advisory, newest first ({id,document_id,title,state_lgd,status,
	 * report,reported_on,submitted_at,submitted_by}; the newest
	 * DB_STATE_REPORTS_MAX, "reports_truncated" true when there were more). */
	enum db_status (*compliance_matrix)(struct db *db, const struct scope *s, int state_lgd, json_t **out);
	/* One advisory: {id,title,issued_on,actions,states:[latest per State in
	 * scope], reports:[every report in scope, newest first]}; DB_NOTFOUND
	 * when id is not an active advisory. */
	enum db_status (*compliance_of)(struct db *db, const struct scope *s, int64_t id, json_t **out);
	enum db_status (*compliance_report)(struct db *db, int64_t document_id, int state_lgd, const char *status,
					    const char *report, const char *reported_on, int64_t at, int64_t by,
					    int64_t *id);
	/* Sets the actions (JSON array text) an advisory asks of the States. */
	enum db_status (*advisory_set_actions)(struct db *db, int64_t document_id, const char *actions, int64_t at,
					       int64_t by);

	/* Attachments: scoped by their State like the records they belong to. */
	enum db_status (*attachment_insert)(struct db *db, struct db_attachment *a);
	enum db_status (*attachment_get)(struct db *db, const struct scope *s, int64_t id, struct db_attachment *out);
	/* [{id, file_name, size, type, format}] of an owner, in scope: a new array, NULL on error. */
	json_t *(*attachments_of)(struct db *db, const struct scope *s, const char *owner_type, int64_t owner_id);

	/* Periodic returns.  The module checks who may reach which district;
	 * these read and write what they are given.
	 * returns_define upserts a data set with its disaggregations,
	 * indicators (and their cells), sections and rules (replaced), all
	 * validated by the module: {code,name,description?,period_type,
	 * lock_days,due_days,disaggregations,indicators,sections,rules}.
	 * DB_CONFLICT when an indicator would change its disaggregation, a
	 * disaggregation its categories, or a data set its period type. */
	enum db_status (*returns_define)(struct db *db, const json_t *def, int64_t now, int64_t user);
	/* [{id,code,name,description,period_type,level,lock_days,due_days,sections,version,updated_at}] */
	enum db_status (*datasets_list)(struct db *db, json_t **out);
	/* One data set with its sections' indicators in full ({code,name,
	 * description,disaggregation:{code,name,categories}|null,cells:[{id,
	 * combo}]}) and its rules; DB_NOTFOUND when no such code. */
	enum db_status (*dataset_get)(struct db *db, const char *code, json_t **out);
	/* {id|null,status,comment,version,…times,values:{cell_id:n},
	 * comments:{cell_id:text},events:[…]} of the cells cells_json (a JSON
	 * array of cell ids); a return never saved is a draft with id null. */
	enum db_status (*return_get)(struct db *db, int64_t dataset_id, const char *period, int district_lgd,
				     const char *cells_json, json_t **out);
	/* Saves n values in one transaction when the return's status (a new
	 * return is a draft) is one of editable; DB_CONFLICT otherwise.  The
	 * status is copied to status either way. */
	enum db_status (*return_save)(struct db *db, const struct db_return_key *k, const struct db_value *vals,
				      size_t n, const char *const *editable, int64_t now, int64_t user, char status[16]);
	/* Moves the return from one of from to to, recording the event; the
	 * status before is copied to status; DB_CONFLICT when not in from. */
	enum db_status (*return_step)(struct db *db, const struct db_return_key *k, const char *action,
				      const char *const *from, const char *to, const char *comment, int64_t now,
				      int64_t user, char status[16]);
	/* [{at,by,old,new}] of one cell, newest first (200 at most). */
	enum db_status (*value_history)(struct db *db, int64_t dataset_id, int district_lgd, const char *period,
					int64_t cell_id, json_t **out);
	/* The day entry stays open for this district past the period's lock. */
	enum db_status (*period_exception)(struct db *db, int64_t dataset_id, const char *period, int district_lgd,
					   char open_until[11]);
	/* Every district (of state, or only district, when not 0) with its
	 * return of the period: [{state_lgd,state,district_lgd,district,
	 * status|null,submitted_at,submitted_ms,approved_at,accepted_at}],
	 * by State's then district's name. */
	enum db_status (*completeness)(struct db *db, int64_t dataset_id, const char *period, int state_lgd,
				       int district_lgd, json_t **out);
	/* The district's past values of the cells in the data set, periods
	 * from <= period < before (as texts, which sort in time):
	 * {cell_id: {n, mean, mean_sq}}. */
	enum db_status (*usual_values)(struct db *db, int64_t dataset_id, int district_lgd, const char *from,
				       const char *before, const char *cells_json, json_t **out);
	/* Sums of values by (rows, cols): [[row key, col key, sum]] (keys as
	 * text: an LGD code, a period, a combo, "" for none). */
	enum db_status (*pivot)(struct db *db, const struct db_pivot *q, json_t **out);
	/* Saves n values of many returns with a few statements (an import),
	 * in the caller's transaction, which has checked that each return
	 * exists and may change (return_save with no values); their history
	 * is written as for return_save, and each return's version moves on. */
	/* Makes again the pivot's totals that writes made stale, of one data
	 * set (0: all), in transactions of its own of a few hundred States
	 * and periods each (nothing when called inside one).  The pivot calls
	 * it first; the importer whenever its queue is empty. */
	enum db_status (*totals_refresh)(struct db *db, int64_t dataset_id);
	/* The return, made a draft if it was not there (*created: by this
	 * call), and its status: the first step of a bulk save. */
	enum db_status (*return_open)(struct db *db, const struct db_return_key *k, int64_t now, char status[16],
				      bool *created);
	enum db_status (*values_bulk)(struct db *db, const struct db_bulk_value *v, size_t n, int64_t now, int64_t user);
	/* Each value q asks for, in order (period, State, district, cell; a
	 * template by State, district name and the form's order), to fn. */
	enum db_status (*values_export)(struct db *db, const struct db_values_query *q, db_value_row_fn fn, void *ctx);
	/* Imports of returns from files (src/returns/jobs.c): queued with
	 * import_create (the uploader's scope is the import's: who sees it);
	 * import_next takes the oldest queued one and marks it running
	 * (DB_NOTFOUND when none); import_finish files its outcome (done,
	 * rejected, failed) and report (JSON text); imports_recover queues
	 * again what was running when the server stopped.  import_get and
	 * imports_list (the last 20), within a scope, give {id, file_name,
	 * size, status, report, created_at, started_at, finished_at, by,
	 * queued_before}. */
	enum db_status (*import_create)(struct db *db, int64_t user, const struct scope *s, const char *file_name,
					uint64_t size, const char *sha256, int64_t now, int64_t *id);
	enum db_status (*import_next)(struct db *db, int64_t now, struct db_import_job *job);
	enum db_status (*import_finish)(struct db *db, int64_t id, const char *status, const char *report, int64_t now);
	enum db_status (*import_get)(struct db *db, const struct scope *s, int64_t id, json_t **out);
	enum db_status (*imports_list)(struct db *db, const struct scope *s, json_t **out);
	enum db_status (*imports_recover)(struct db *db);
	enum db_status (*period_exception_put)(struct db *db, int64_t dataset_id, const char *period, int district_lgd,
					       const char *open_until, const char *reason, int64_t now, int64_t user);

	/* Case records (src/cases checks every value; these store them).
	 * case_insert sets the ids of the case, its victims and accused;
	 * case_update writes c as version c->version + 1 when the stored one
	 * is c->version (DB_CONFLICT when not, DB_NOTFOUND when no such case):
	 * victims and accused with an id are updated, without one inserted,
	 * stored ones not in c deleted.  case_get reads within a scope (the
	 * case's State or district), sealed values included. */
	enum db_status (*case_insert)(struct db *db, struct db_case *c);
	enum db_status (*case_update)(struct db *db, struct db_case *c);
	enum db_status (*case_get)(struct db *db, const struct scope *s, int64_t id, struct db_case *out);
	/* A dated status change: [{status,on,at,by}] oldest first from case_events. */
	enum db_status (*case_event_add)(struct db *db, int64_t case_id, const char *status, const char *on,
					 int64_t at, int64_t by);
	enum db_status (*case_events)(struct db *db, int64_t case_id, json_t **out);
	/* [{id,state_lgd,district_lgd,police_station,fir_number,fir_date,
	 * status,status_on,victims,accused,synthetic,updated_at}] */
	enum db_status (*case_list)(struct db *db, const struct scope *s, const struct db_case_filter *f,
				    json_t **items, int64_t *total);
	/* Every victim with its case's place and dates, to fn (non-zero stops). */
	enum db_status (*case_facts)(struct db *db, db_case_fact_fn fn, void *ctx);
	/* A number that changes with every committed change to cases, victims
	 * or accused, by any connection; -1 on error. */
	int64_t (*cases_version)(struct db *db);
	/* Whether a case of this district has this police station and FIR
	 * number in the FIR date's year, other than except_id: its id, or 0. */
	int64_t (*case_fir_taken)(struct db *db, int district_lgd, const char *police_station, const char *fir_number,
				  const char *fir_date, int64_t except_id);

	/* A victim's sealed photo (photo->data NULL removes it): DB_NOTFOUND
	 * when the case has no such victim.  victim_photo_get reads it within
	 * a scope with the victim's code (its seal's context); photo->data is
	 * NULL when there is none. */
	enum db_status (*victim_photo_put)(struct db *db, int64_t case_id, int64_t victim_id, const struct db_sealed *photo);
	enum db_status (*victim_photo_get)(struct db *db, const struct scope *s, int64_t case_id, int64_t victim_id,
					   char code[CASE_CODE_MAX + 1], struct db_sealed *photo);
	/* Every victim of the cases in scope (of state, district when not 0;
	 * FIR dates from..to when set), de-identified, with its case, to fn
	 * (non-zero stops), at most limit of them; *total counts them all. */
	enum db_status (*victims_export)(struct db *db, const struct scope *s, const struct db_case_filter *f,
					 int (*fn)(void *ctx, const struct db_case *c, const struct db_victim *v), void *ctx,
					 int64_t *total);

	/* Monitoring.  scheme_put upserts a scheme by code with its targets
	 * ({code,name,period_from,period_to,sanction_ref,source,targets:[{measure,
	 * state_lgd,target}]}), its id into *id.  schemes_list gives each with
	 * its targets and, within the scope, what was released under it
	 * (released_paise, units_funded).  scheme_id_of: 0 when no such code. */
	enum db_status (*scheme_put)(struct db *db, const json_t *scheme, int64_t now, int64_t *id);
	enum db_status (*schemes_list)(struct db *db, const struct scope *s, json_t **out);
	int64_t (*scheme_id_of)(struct db *db, const char *code);
	enum db_status (*release_insert)(struct db *db, struct db_release *r);
	/* The releases in scope (a State's and district's: their State's), newest
	 * year first: [{id,scheme,scheme_name,state_lgd,state,financial_year,
	 * amount_paise,units,sanction_order,released_on,instalment,source}], and
	 * over all that match (not only the page) their count, paise and units. */
	enum db_status (*releases_list)(struct db *db, const struct scope *s, const struct db_release_filter *f,
					json_t **items, int64_t *count, int64_t *paise, int64_t *units);

	/* A release in scope and what its certificates account for (paise). */
	enum db_status (*release_get)(struct db *db, const struct scope *s, int64_t id, struct db_release *out,
				      int64_t *utilised);
	/* Withdrawals of a release or a certificate entered by mistake, with the
	 * reason (migration 0022): DB_NOTFOUND when none, or already withdrawn.
	 * A withdrawn one counts in no list nor total. */
	enum db_status (*release_withdraw)(struct db *db, int64_t id, int64_t at, int64_t by, const char *reason);
	enum db_status (*utilisation_withdraw)(struct db *db, int64_t id, int64_t at, int64_t by, const char *reason);
	/* A certificate in scope: its release and that release's State (0: all). */
	enum db_status (*utilisation_get)(struct db *db, const struct scope *s, int64_t id, int64_t *release_id,
					  int *state_lgd);
	/* The certificates in scope (of state when not 0): [{id,release_id,
	 * amount_paise,certificate_ref,certified_on}]. */
	enum db_status (*utilisation_list)(struct db *db, const struct scope *s, int state_lgd, json_t **out);
	enum db_status (*utilisation_insert)(struct db *db, int64_t release_id, int64_t paise, const char *certificate_ref,
					     const char *certified_on, int64_t at, int64_t by, int64_t *id);
	/* Each release in scope (of state when not 0) with its certificates:
	 * [{release_id,state_lgd,state,financial_year,released_paise,
	 * utilised_paise,certificates,last_certified_on}]. */
	enum db_status (*utilisation_status)(struct db *db, const struct scope *s, int state_lgd, json_t **out);

	/* Training.  programme_put upserts by code ({code,name,kind,scheme_id,
	 * organiser,description,source}); programmes_list gives each with its
	 * courses and participants in scope; programme_of: id and kind of a
	 * code, DB_NOTFOUND when none. */
	enum db_status (*programme_put)(struct db *db, const json_t *p, int64_t now, int64_t *id);
	enum db_status (*programmes_list)(struct db *db, const struct scope *s, json_t **out);
	enum db_status (*programme_of)(struct db *db, const char *code, int64_t *id, char kind[16]);
	/* Writes a course ({programme_id,title,starts_on,ends_on,venue,
	 * host_state_lgd,organiser,resource_persons,certificates,cascade_of,
	 * participants:[{state_lgd,category,rank,count}]}): a new one when *id
	 * is 0 (*id set), else the stored one if its version is still version
	 * (DB_CONFLICT otherwise).  In the caller's transaction. */
	enum db_status (*course_put)(struct db *db, const json_t *c, int version, int64_t at, int64_t by, int64_t *id);
	/* Courses in scope (held by the caller's State or with its
	 * participants), newest first, with their participants' totals; *total
	 * and *participants count every match. */
	enum db_status (*courses_list)(struct db *db, const struct scope *s, const struct db_course_filter *f,
				       json_t **items, int64_t *total, int64_t *participants);
	/* A course in scope with its participants and the courses its trainees
	 * ran (cascade); DB_NOTFOUND when none. */
	enum db_status (*course_get)(struct db *db, const struct scope *s, int64_t id, json_t **out);
	/* Participants by State, category and whether the programme trains
	 * trainers, of the programmes of scheme (0: all):
	 * [{state_lgd,category,tot,n}]; and by State those trained by
	 * trainees of a Training of Trainers course: [{state_lgd,n}]. */
	enum db_status (*training_totals)(struct db *db, int64_t scheme_id, json_t **out, json_t **cascade);
	/* Named trainees of a course: insert (no name yet: it is sealed with
	 * the row's id, then set by trainee_seal), and list those in scope (a
	 * State's and district's: their State's) as [{id,state_lgd,state,
	 * category,rank,name_sealed (base64),certificate_no}]; how many are named per State and category (for the
	 * check against the counts). */
	enum db_status (*trainee_insert)(struct db *db, int64_t course_id, int state_lgd, const char *category,
					 const char *rank, const char *certificate_no, int64_t at, int64_t by, int64_t *id);
	enum db_status (*trainee_seal)(struct db *db, int64_t id, const unsigned char *sealed, size_t sealed_len);
	enum db_status (*trainees_of)(struct db *db, const struct scope *s, int64_t course_id, json_t **out);
	enum db_status (*trainees_named)(struct db *db, int64_t course_id, int state_lgd, const char *category,
					 int64_t *n);
	/* Cases naming an AHTU with their FIR from from (YYYY-MM-DD) on, in
	 * scope (of state when not 0), by district: [{state_lgd,district_lgd,n}]. */
	enum db_status (*ahtu_cases_by_district)(struct db *db, const struct scope *s, int state_lgd, const char *from,
						 json_t **out);
	/* The action points not closed, by State: [{state_lgd,open,overdue}]
	 * (overdue: due before today, YYYY-MM-DD). */
	enum db_status (*action_points_by_state)(struct db *db, const char *today, json_t **out);

	/* Settings the Cell keeps (a JSON text per key); DB_NOTFOUND when unset. */
	enum db_status (*setting_get)(struct db *db, const char *key, char **json);
	enum db_status (*setting_put)(struct db *db, const char *key, const char *json, int64_t at, int64_t by);
};

/* Frees what a read put into r. */
void db_record_clear(struct db_record *r);

struct db {
	const struct db_ops *ops;
	void *impl;
};

/* Opens a connection for url ("sqlite:PATH").  NULL on failure (logged).
 * Free with db_close. */
struct db *db_open(const char *url);
void db_close(struct db *db);

/* Role names: "admin" … "viewer", "public". */
const char *role_name(enum role r);
/* ROLE_COUNT when name is not a role (ROLE_PUBLIC is never a user's role). */
enum role role_from_name(const char *name);

#endif
