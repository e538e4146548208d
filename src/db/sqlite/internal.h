/* Shared by the SQLite backend's files only. */
#ifndef AHTCELL_SQLITE_INTERNAL_H
#define AHTCELL_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "db/db.h"

/* Named prepared statements, prepared once per connection on first use.
 * Each is marked with the function that uses it. */
enum stmt_id {
	ST_STATES_LIST,         /* master_states_list */
	ST_DISTRICTS_LIST,      /* master_districts_list */
	ST_DISTRICT_STATE,      /* master_district_state */
	ST_STATE_EXISTS,        /* master_state_exists */
	ST_USER_INSERT,         /* users_insert */
	ST_USER_UPDATE,         /* users_update */
	ST_USER_GET,            /* users_get */
	ST_USER_GET_LOGIN,      /* users_get_by_login */
	ST_USER_LIST,           /* users_list */
	ST_USER_COUNT_SCOPED,   /* users_list */
	ST_USER_COUNT,          /* users_count */
	ST_SESSION_INSERT,      /* sessions_insert */
	ST_SESSION_GET_HASH,    /* sessions_get_by_hash */
	ST_SESSION_TOUCH,       /* sessions_touch */
	ST_SESSION_REVOKE,      /* sessions_revoke */
	ST_SESSION_REVOKE_ALL,  /* sessions_revoke_all */
	ST_SESSION_LIST,        /* sessions_list */
	ST_TOKEN_INSERT,        /* tokens_insert */
	ST_TOKEN_GET_HASH,      /* tokens_get_by_hash */
	ST_TOKEN_GET,           /* tokens_get */
	ST_TOKEN_TOUCH,         /* tokens_touch */
	ST_TOKEN_REVOKE,        /* tokens_revoke */
	ST_TOKEN_REVOKE_ALL,    /* tokens_revoke_all */
	ST_TOKEN_LIST,          /* tokens_list */
	ST_AUDIT_LAST,          /* audit_last */
	ST_AUDIT_INSERT,        /* audit_insert */
	ST_AUDIT_LIST,          /* audit_list */
	ST_AUDIT_COUNT,         /* audit_list */
	ST_AUDIT_EACH,          /* audit_each */
	ST_IDEM_GET,            /* idem_get */
	ST_IDEM_PUT,            /* idem_put */
	ST_IDEM_EXPIRE,         /* idem_put */
	ST_CORE_COUNT,
	/* documents.c: their SQL is sqlite_documents_sql[id - ST_DOC_FIRST] */
	ST_DOC_FIRST = ST_CORE_COUNT,
	ST_BLOB_INSERT = ST_DOC_FIRST, /* blobs_insert */
	ST_BLOB_GET,            /* blobs_get */
	ST_BLOB_NEXT_PENDING,   /* blobs_next_pending */
	ST_BLOB_SET,            /* blobs_set_text */
	ST_BLOB_TEXT_PUT,       /* blobs_set_text */
	ST_FTS_BODY_SET,        /* blobs_set_text */
	ST_EXC_BODY_SET,        /* blobs_set_text */
	ST_BLOB_KNOWN,          /* blobs_known */
	ST_GROUP_GET,           /* group_id */
	ST_GROUP_INSERT,        /* group_id */
	ST_GROUPS_LIST,         /* documents_groups */
	ST_DOC_INSERT,          /* documents_insert */
	ST_FTS_INSERT,          /* documents_insert */
	ST_EXC_INSERT,          /* documents_insert */
	ST_DOC_UPDATE,          /* documents_update */
	ST_FTS_UPDATE,          /* documents_update */
	ST_EXC_UPDATE,          /* documents_update */
	ST_DOC_GET,             /* documents_get */
	ST_DOC_LIST,            /* documents_list */
	ST_DOC_COUNT,           /* documents_list */
	ST_DOC_SEARCH_RANKED,   /* documents_list */
	ST_DOC_SEARCH_SORTED,   /* documents_list */
	ST_DOC_SEARCH_COUNT,    /* documents_list */
	ST_DOC_SNIPPET,         /* documents_list */
	ST_DOC_VERSIONS,        /* documents_versions */
	ST_DOC_FACETS,          /* documents_facets */
	ST_LIBRARY_VERSION,     /* library_version */
	ST_DOC_MINUTES,         /* documents_minutes */
	/* records.c: sqlite_records_sql[id - ST_REC_FIRST] */
	ST_REC_FIRST,
	ST_REC_INSERT = ST_REC_FIRST, /* records_insert */
	ST_REC_REVISION_KEEP,   /* records_update */
	ST_REC_UPDATE,          /* records_update */
	ST_REC_GET,             /* records_get */
	ST_REC_OPEN_TERM,       /* records_open_term */
	ST_REC_COUNT,           /* records_list */
	ST_REC_LIST,            /* records_list */
	ST_REC_REVISIONS,       /* records_revisions */
	/* meetings.c: sqlite_meetings_sql[id - ST_MTG_FIRST] */
	ST_MTG_FIRST,
	ST_MTG_INSERT = ST_MTG_FIRST, /* meetings_insert */
	ST_MTG_UPDATE,          /* meetings_update */
	ST_MTG_GET,             /* meetings_get */
	ST_MTG_INVITEES,        /* meetings_get */
	ST_MTG_COUNT,           /* meetings_list */
	ST_MTG_LIST,            /* meetings_list */
	ST_MTG_INVITE,          /* meetings_invite */
	ST_MTG_CONFIRM,         /* meetings_confirm */
	ST_MTG_ATTEND,          /* meetings_attendance */
	ST_MTG_EXISTS,          /* meetings_exists */
	ST_AP_INSERT,           /* action_points_insert */
	ST_AS_INSERT,           /* action_points_insert */
	ST_AP_GET,              /* action_points_get */
	ST_AP_OF_MTG,           /* action_points_of_meeting */
	ST_AS_OF_AP,            /* action_point_parts */
	ST_REP_OF_AP,           /* action_point_parts */
	ST_AS_GET,              /* assignments_get */
	ST_AS_SET,              /* assignments_set */
	ST_REP_INSERT,          /* reports_insert */
	ST_REP_GET,             /* reports_get */
	ST_REP_LATEST,          /* reports_latest */
	ST_REP_DECIDE,          /* reports_decide */
	ST_FU_COUNT,            /* followups_list */
	ST_FU_COUNT_PENDING,    /* followups_list */
	ST_FU_COUNT_PENDING_ALL, /* followups_list */
	ST_FU_KEYS,             /* followups_list */
	ST_FU_KEYS_PENDING,     /* followups_list */
	ST_FU_KEYS_PENDING_DUE, /* followups_list */
	ST_FU_STATE_COUNTS,     /* keys_by_state */
	ST_FU_KEYS_ONE_STATE,   /* keys_by_state */
	ST_FU_ROW,              /* followups_list */
	/* compliance.c: sqlite_compliance_sql[id - ST_ADV_FIRST] */
	ST_ADV_FIRST,
	ST_ADV_LIST = ST_ADV_FIRST, /* compliance_matrix */
	ST_ADV_CELLS,           /* compliance_matrix */
	ST_ADV_GET,             /* compliance_of */
	ST_ADV_REPORTS,         /* compliance_of */
	ST_ADV_REPORT,          /* compliance_report */
	ST_ADV_ACTIONS,         /* advisory_set_actions */
	ST_ADV_STATE_REPORTS,   /* compliance_matrix */
	ST_ATT_INSERT,          /* attachments_insert */
	ST_ATT_GET,             /* attachments_get */
	ST_ATT_OF,              /* attachments_of */
	/* returns.c: sqlite_returns_sql[id - ST_RET_FIRST] */
	ST_RET_FIRST,
	ST_RET_DISAGG_PUT = ST_RET_FIRST, /* define_in_tx */
	ST_RET_IND_PUT,         /* define_in_tx */
	ST_RET_CELL_PUT,        /* define_in_tx */
	ST_RET_DATASET_PUT,     /* define_in_tx */
	ST_RET_RULES_CLEAR,     /* define_in_tx */
	ST_RET_RULE_PUT,        /* define_in_tx */
	ST_RET_DATASETS,        /* datasets_list */
	ST_RET_DATASET,         /* dataset_get */
	ST_RET_INDICATOR,       /* indicator_of */
	ST_RET_CELLS,           /* indicator_of */
	ST_RET_RULES,           /* dataset_get */
	ST_RET_GET,             /* return_row */
	ST_RET_INSERT,          /* return_ensure */
	ST_RET_TOUCH,           /* return_save */
	ST_RET_STEP,            /* return_step */
	ST_RET_EVENT,           /* return_step */
	ST_RET_EVENTS,          /* return_get */
	ST_RET_VALUE_PUT,       /* return_save */
	ST_RET_VALUES,          /* return_get */
	ST_RET_HISTORY,         /* value_history */
	ST_RET_EXCEPTION_GET,   /* period_exception */
	ST_RET_EXCEPTION_PUT,   /* period_exception_put */
	ST_RET_COMPLETENESS,    /* completeness */
	ST_RET_DISAGG_GET,      /* define_in_tx */
	ST_RET_USUAL,           /* usual_values */
	ST_RET_EXPORT,          /* values_export */
	ST_RET_TEMPLATE,        /* values_export */
	ST_RET_STALE,           /* return_save, return_step */
	ST_RET_TOUCH_KEY,       /* values_bulk */
	ST_RET_OPEN,            /* return_open */
	ST_IMP_INSERT,          /* import_create */
	ST_IMP_NEXT,            /* import_next */
	ST_IMP_FINISH,          /* import_finish */
	ST_IMP_GET,             /* import_get */
	ST_IMP_LIST,            /* imports_list */
	ST_IMP_RECOVER,         /* imports_recover */
	/* cases.c: sqlite_cases_sql[id - ST_CASE_FIRST] */
	ST_CASE_FIRST,
	ST_CASE_INSERT = ST_CASE_FIRST, /* cases_insert */
	ST_CASE_UPDATE,         /* cases_update */
	ST_CASE_GET,            /* cases_get */
	ST_CASE_VICTIMS,        /* cases_get, cases_update */
	ST_CASE_ACCUSED,        /* cases_get, cases_update */
	ST_VICTIM_INSERT,       /* victims_write */
	ST_VICTIM_UPDATE,       /* victims_write */
	ST_VICTIM_SEAL,         /* victims_write */
	ST_VICTIM_DELETE,       /* cases_update */
	ST_ACCUSED_INSERT,      /* accused_write */
	ST_ACCUSED_UPDATE,      /* accused_write */
	ST_ACCUSED_SEAL,        /* accused_write */
	ST_ACCUSED_DELETE,      /* cases_update */
	ST_CASE_EVENT_ADD,      /* cases_event_add */
	ST_CASE_EVENTS,         /* cases_events */
	ST_CASE_LIST,           /* cases_list */
	ST_CASE_COUNT,          /* cases_list */
	ST_CASE_FACTS,          /* cases_facts */
	ST_CASES_VERSION,       /* cases_version */
	ST_CASE_FIR_TAKEN,      /* cases_fir_taken */
	ST_SETTING_GET,         /* settings_get */
	ST_SETTING_PUT,         /* settings_put */
	ST_PHOTO_PUT,           /* victims_photo_put */
	ST_PHOTO_GET,           /* victims_photo_get */
	ST_VICTIM_EXPORT,       /* victims_export */
	/* monitoring.c: sqlite_monitoring_sql[id - ST_MON_FIRST] */
	ST_MON_FIRST,
	ST_SCHEME_PUT = ST_MON_FIRST, /* schemes_put */
	ST_SCHEME_TARGETS_CLEAR, /* schemes_put */
	ST_SCHEME_TARGET_PUT,   /* schemes_put */
	ST_SCHEMES,             /* schemes_list */
	ST_SCHEME_TARGETS,      /* schemes_list */
	ST_SCHEME_ID,           /* schemes_id_of */
	ST_RELEASE_INSERT,      /* releases_insert */
	ST_RELEASES,            /* releases_list */
	ST_RELEASES_TOTAL,      /* releases_list */
	ST_RELEASE_GET,         /* releases_get */
	ST_UC_INSERT,           /* utilisation_insert */
	ST_UC_STATUS,           /* utilisation_status */
	ST_RELEASE_WITHDRAW,    /* releases_withdraw */
	ST_UC_GET,              /* uc_get */
	ST_UC_WITHDRAW,         /* uc_withdraw */
	ST_UC_LIST,             /* uc_list */
	ST_PROGRAMME_PUT,       /* programmes_put */
	ST_PROGRAMMES,          /* programmes_list */
	ST_PROGRAMME_OF,        /* programmes_of */
	ST_COURSE_INSERT,       /* courses_put */
	ST_COURSE_UPDATE,       /* courses_put */
	ST_PARTS_CLEAR,         /* courses_put */
	ST_PART_INSERT,         /* courses_put */
	ST_COURSES,             /* courses_list */
	ST_COURSES_TOTAL,       /* courses_list */
	ST_COURSE_GET,          /* courses_get */
	ST_COURSE_PARTS,        /* courses_get */
	ST_COURSE_CASCADE,      /* courses_get */
	ST_TRAINING_TOTALS,     /* training_totals_of */
	ST_TRAINING_CASCADE,    /* training_totals_of */
	ST_AP_BY_STATE,         /* action_points_by_state */
	ST_AHTU_CASES,          /* ahtu_cases_by_district */
	ST_TRAINEE_INSERT,      /* trainee_insert */
	ST_TRAINEE_SEAL,        /* trainee_seal */
	ST_TRAINEES,            /* trainees_of */
	ST_TRAINEES_NAMED,      /* trainees_named */
	ST_COUNT
};

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	sqlite3_stmt *stmt[ST_COUNT];
};

/* The statement id, reset and with its bindings cleared, ready to bind;
 * NULL on a prepare error (logged).  Owned by the connection. */
sqlite3_stmt *sq_stmt(struct db *db, enum stmt_id id);
/* Logs the connection's last error with a context word; returns DB_ERROR. */
enum db_status sq_fail(struct db *db, const char *what);
/* Steps a statement that returns no rows; DB_CONFLICT on a unique key. */
enum db_status sq_exec_stmt(struct db *db, sqlite3_stmt *st, const char *what);
/* Binds s, or NULL when s is NULL or "". */
void sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Binds v, or NULL when v is 0 (no State, no district, no id). */
void sq_bind_int_or_null(sqlite3_stmt *st, int i, int v);
void sq_bind_id_or_null(sqlite3_stmt *st, int i, int64_t v);
/* Binds a caller's scope as ?101 level, ?102 State, ?103 district. */
void sq_bind_scope(sqlite3_stmt *st, const struct scope *s);
/* Steps st to its end into a new array of row(st) per row (*out), and
 * resets it; DB_ERROR (logged with what) on a failed step. */
enum db_status sq_collect(struct db *db, sqlite3_stmt *st, json_t *(*row)(sqlite3_stmt *st), const char *what,
			  json_t **out);
/* A row as an object named by its columns: integers, reals, text; NULL
 * as null (a row function for sq_collect). */
json_t *sq_row_named(sqlite3_stmt *st);
/* Copies column i as text into out (size n), "" for NULL. */
void sq_text(sqlite3_stmt *st, int i, char *out, size_t n);

void sqlite_fill_master_ops(struct db_ops *ops);
void sqlite_fill_user_ops(struct db_ops *ops);
void sqlite_fill_audit_ops(struct db_ops *ops);
void sqlite_fill_document_ops(struct db_ops *ops);
extern const char *const sqlite_documents_sql[ST_REC_FIRST - ST_DOC_FIRST];
void sqlite_fill_record_ops(struct db_ops *ops);
extern const char *const sqlite_records_sql[ST_MTG_FIRST - ST_REC_FIRST];
void sqlite_fill_meeting_ops(struct db_ops *ops);
extern const char *const sqlite_meetings_sql[ST_ADV_FIRST - ST_MTG_FIRST];
void sqlite_fill_compliance_ops(struct db_ops *ops);
extern const char *const sqlite_compliance_sql[ST_RET_FIRST - ST_ADV_FIRST];
void sqlite_fill_returns_ops(struct db_ops *ops);
extern const char *const sqlite_returns_sql[ST_CASE_FIRST - ST_RET_FIRST];
void sqlite_fill_case_ops(struct db_ops *ops);
void sqlite_fill_monitoring_ops(struct db_ops *ops);
extern const char *const sqlite_monitoring_sql[ST_COUNT - ST_MON_FIRST];
extern const char *const sqlite_cases_sql[ST_MON_FIRST - ST_CASE_FIRST];
/* Registers bulk_values(), the table-valued function over an import's values (returns.c). */
int sqlite_register_bulk(sqlite3 *h);
/* Migration 0010's step: the standard return's definitions. */
enum db_status sqlite_load_returns_standard(struct db *db);
/* Loads the States, districts and population from the embedded CSVs. */
enum db_status sqlite_load_master(struct db *db);

#endif
