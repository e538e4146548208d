/* Every route of the API, with who may call it and how big a body it takes.
 * Policy is checked by src/auth before the handler runs.  The access matrix
 * test (tests/api/matrix.test.mjs) reads this table through `ahtcell routes`:
 * give each route whose path names a row a `resource`. */
#include "attachments/attachments.h"
#include "cases/cases.h"
#include "auth/api.h"
#include "compliance/compliance.h"
#include "documents/documents.h"
#include "http/router.h"
#include "master/master.h"
#include "meetings/meetings.h"
#include "monitoring/monitoring.h"
#include "registers/registers.h"
#include "returns/returns_api.h"
#include "system/system.h"

#define KB 1024
/* an upload: the file and its form (fields, boundaries) */
#define UPLOAD_MAX ((size_t)DOC_FILE_MAX + 256 * KB)

const struct route routes[] = {
	/* method   pattern                              handler                  roles                   body     flags                               resource */
	{ M_GET,    "/api/v1/health",                    system_health,           R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/about",                     system_about,            R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/states",                    master_states,           R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/states/{lgd}",              master_state,            R_PUBLIC,               0,       0,                                  "state" },
	{ M_GET,    "/api/v1/states/{lgd}/districts",    master_districts,        R_PUBLIC,               0,       0,                                  "state" },

	{ M_POST,   "/api/v1/session",                   session_create,          R_PUBLIC,               4 * KB,  F_PASSWORD_CHANGE | F_OWN_TX,       NULL },
	{ M_GET,    "/api/v1/session",                   session_show,            R_SIGNED_IN,            0,       F_PASSWORD_CHANGE,                  NULL },
	{ M_DELETE, "/api/v1/session",                   session_delete,          R_SIGNED_IN,            0,       F_PASSWORD_CHANGE,                  NULL },
	{ M_POST,   "/api/v1/session/password",          session_change_password, R_SIGNED_IN,            4 * KB,  F_PASSWORD_CHANGE,                  NULL },
	{ M_GET,    "/api/v1/sessions",                  sessions_list,           R_SIGNED_IN,            0,       F_PASSWORD_CHANGE,                  NULL },
	{ M_DELETE, "/api/v1/sessions/{id}",             sessions_revoke,         R_SIGNED_IN,            0,       F_PASSWORD_CHANGE,                  "session" },

	{ M_GET,    "/api/v1/users",                     users_list,              R_ADMIN | R_STATE,      0,       0,                                  NULL },
	{ M_POST,   "/api/v1/users",                     users_create,            R_ADMIN | R_STATE,      8 * KB,  F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/users/{id}",                users_show,              R_ADMIN | R_STATE,      0,       0,                                  "user" },
	{ M_PATCH,  "/api/v1/users/{id}",                users_update,            R_ADMIN | R_STATE,      8 * KB,  0,                                  "user" },
	{ M_POST,   "/api/v1/users/{id}/password",       users_reset_password,    R_ADMIN | R_STATE,      4 * KB,  0,                                  "user" },
	{ M_GET,    "/api/v1/users/{id}/tokens",         tokens_list,             R_ADMIN,                0,       0,                                  "user" },
	{ M_POST,   "/api/v1/users/{id}/tokens",         tokens_create,           R_ADMIN,                4 * KB,  F_IDEMPOTENT,                       "user" },
	{ M_DELETE, "/api/v1/tokens/{id}",               tokens_revoke,           R_ADMIN,                0,       0,                                  "token" },

	{ M_GET,    "/api/v1/audit",                     audit_list,              R_ADMIN | R_CELL,       0,       0,                                  NULL },

	{ M_GET,    "/api/v1/documents",                 docs_list,               R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/documents",                 docs_create,             R_CELL,                 UPLOAD_MAX, F_UPLOAD | F_IDEMPOTENT,         NULL },
	{ M_GET,    "/api/v1/documents/facets",          docs_facets,             R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/documents/feed",            docs_feed,               R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/documents/{id}",            docs_show,               R_PUBLIC,               0,       0,                                  "document" },
	{ M_PATCH,  "/api/v1/documents/{id}",            docs_update,             R_CELL,                 16 * KB, 0,                                  "document" },
	{ M_GET,    "/api/v1/documents/{id}/file",       docs_file,               R_PUBLIC,               0,       0,                                  "document" },
	{ M_POST,   "/api/v1/documents/{id}/withdraw",   docs_withdraw,           R_CELL,                 4 * KB,  0,                                  "document" },
	{ M_POST,   "/api/v1/documents/{id}/restore",    docs_restore,            R_CELL,                 4 * KB,  0,                                  "document" },

	/* the registers: one set of generic handlers, the register named by the path (src/registers) */
	{ M_GET,    "/api/v1/registers",                 registers_types,         R_PUBLIC,               0,       0,                                  NULL },
	{ M_GET,    "/api/v1/registers/{name}",          registers_type,          R_PUBLIC,               0,       0,                                  "register" },
	{ M_GET,    "/api/v1/officers",                  registers_list,          R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/officers",                  registers_create,        R_CELL | R_STATE,       16 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/officers/{id}",             registers_show,          R_PUBLIC,               0,       0,                                  "officer" },
	{ M_PATCH,  "/api/v1/officers/{id}",             registers_update,        R_CELL | R_STATE,       16 * KB, 0,                                  "officer" },
	{ M_POST,   "/api/v1/officers/{id}/end",         registers_end_term,      R_CELL | R_STATE,       4 * KB,  0,                                  "officer" },
	{ M_GET,    "/api/v1/officers/{id}/history",     registers_history,       R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "officer" },
	{ M_GET,    "/api/v1/practices",                 registers_list,          R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/practices",                 registers_create,        R_STATE,                64 * KB, F_IDEMPOTENT,                       NULL },
	{ M_POST,   "/api/v1/practices/compendium",      registers_compendium,    R_CELL,                 1 * KB,  0,                                  NULL },
	{ M_GET,    "/api/v1/practices/{id}",            registers_show,          R_PUBLIC,               0,       0,                                  "practice" },
	{ M_PATCH,  "/api/v1/practices/{id}",            registers_update,        R_STATE,                64 * KB, 0,                                  "practice" },
	{ M_GET,    "/api/v1/practices/{id}/history",    registers_history,       R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "practice" },
	{ M_POST,   "/api/v1/practices/{id}/submit",     registers_transition,    R_STATE,                8 * KB,  0,                                  "practice" },
	{ M_POST,   "/api/v1/practices/{id}/accept",     registers_transition,    R_CELL,                 8 * KB,  0,                                  "practice" },
	{ M_POST,   "/api/v1/practices/{id}/return",     registers_transition,    R_CELL,                 8 * KB,  0,                                  "practice" },
	{ M_POST,   "/api/v1/practices/{id}/reject",     registers_transition,    R_CELL,                 8 * KB,  0,                                  "practice" },
	{ M_POST,   "/api/v1/practices/{id}/publish",    registers_transition,    R_CELL,                 8 * KB,  0,                                  "practice" },
	{ M_GET,    "/api/v1/award-calls",               registers_list,          R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/award-calls",               registers_create,        R_CELL,                 16 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/award-calls/{id}",          registers_show,          R_PUBLIC,               0,       0,                                  "award-call" },
	{ M_PATCH,  "/api/v1/award-calls/{id}",          registers_update,        R_CELL,                 16 * KB, 0,                                  "award-call" },
	{ M_GET,    "/api/v1/award-calls/{id}/history",  registers_history,       R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "award-call" },
	{ M_GET,    "/api/v1/nominations",               registers_list,          R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/nominations",               registers_create,        R_STATE,                32 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/nominations/{id}",          registers_show,          R_PUBLIC,               0,       0,                                  "nomination" },
	{ M_PATCH,  "/api/v1/nominations/{id}",          registers_update,        R_STATE,                32 * KB, 0,                                  "nomination" },
	{ M_GET,    "/api/v1/nominations/{id}/history",  registers_history,       R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "nomination" },
	{ M_POST,   "/api/v1/nominations/{id}/submit",   registers_transition,    R_STATE,                8 * KB,  0,                                  "nomination" },
	{ M_POST,   "/api/v1/nominations/{id}/shortlist", registers_transition,   R_CELL,                 8 * KB,  0,                                  "nomination" },
	{ M_POST,   "/api/v1/nominations/{id}/award",    registers_transition,    R_CELL,                 8 * KB,  0,                                  "nomination" },
	{ M_POST,   "/api/v1/nominations/{id}/decline",  registers_transition,    R_CELL,                 8 * KB,  0,                                  "nomination" },
	{ M_GET,    "/api/v1/agencies",                  registers_list,          R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/agencies",                  registers_create,        R_CELL | R_STATE,       32 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/agencies/{id}",             registers_show,          R_PUBLIC,               0,       0,                                  "agency" },
	{ M_PATCH,  "/api/v1/agencies/{id}",             registers_update,        R_CELL | R_STATE,       32 * KB, 0,                                  "agency" },
	{ M_GET,    "/api/v1/agencies/{id}/history",     registers_history,       R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "agency" },

	/* coordination meetings and the follow-up of their action points (src/meetings) */
	{ M_GET,    "/api/v1/meetings",                  meetings_list,           R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_POST,   "/api/v1/meetings",                  meetings_create,         R_CELL,                 64 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/meetings/{id}",             meetings_show,           R_SIGNED_IN,            0,       0,                                  "meeting" },
	{ M_PATCH,  "/api/v1/meetings/{id}",             meetings_update,         R_CELL,                 64 * KB, 0,                                  "meeting" },
	{ M_POST,   "/api/v1/meetings/{id}/confirm",     meetings_confirm,        R_STATE,                4 * KB,  0,                                  "meeting" },
	{ M_POST,   "/api/v1/meetings/{id}/attendance",  meetings_attendance,     R_CELL,                 32 * KB, 0,                                  "meeting" },
	{ M_GET,    "/api/v1/meetings/{id}/action-points", meetings_action_points, R_SIGNED_IN,           0,       0,                                  "meeting" },
	{ M_POST,   "/api/v1/meetings/{id}/action-points", meetings_add_action_point, R_CELL,             16 * KB, F_IDEMPOTENT,                       "meeting" },
	{ M_GET,    "/api/v1/action-points",             actions_followup,        R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_GET,    "/api/v1/action-points/{id}",        actions_show,            R_SIGNED_IN,            0,       0,                                  "action-point" },
	{ M_POST,   "/api/v1/action-points/{id}/reports", actions_file_report,    R_STATE,                32 * KB, F_IDEMPOTENT,                       "action-point" },
	{ M_POST,   "/api/v1/action-reports/{id}/accept", actions_accept_report,  R_CELL,                 8 * KB,  0,                                  "action-report" },
	{ M_POST,   "/api/v1/action-reports/{id}/return", actions_return_report,  R_CELL,                 8 * KB,  0,                                  "action-report" },
	{ M_GET,    "/api/v1/advisories/compliance",     compliance_matrix,       R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_GET,    "/api/v1/advisories/{id}/compliance", compliance_show,        R_SIGNED_IN,            0,       0,                                  "advisory" },
	{ M_POST,   "/api/v1/advisories/{id}/compliance", compliance_file,        R_STATE,                16 * KB, F_IDEMPOTENT,                       "advisory" },
	{ M_PUT,    "/api/v1/advisories/{id}/actions",   compliance_set_actions,  R_CELL,                 32 * KB, 0,                                  "advisory" },
	{ M_GET,    "/api/v1/datasets",                  returns_datasets,        R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_GET,    "/api/v1/datasets/{code}",           returns_dataset,         R_SIGNED_IN,            0,       0,                                  "dataset" },
	{ M_PUT,    "/api/v1/datasets/{code}",           returns_define_dataset,  R_CELL,                 256 * KB, 0,                                 "dataset" },
	{ M_GET,    "/api/v1/completeness",              returns_completeness,    R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_GET,    "/api/v1/pivot",                     returns_pivot,           R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       NULL },
	{ M_GET,    "/api/v1/returns/{dataset}/{period}/{district}",         returns_show,         R_SIGNED_IN,          0,       0,     "return" },
	{ M_PUT,    "/api/v1/returns/{dataset}/{period}/{district}",         returns_save,         R_STATE | R_DISTRICT, 256 * KB, 0,    "return" },
	{ M_GET,    "/api/v1/returns/{dataset}/{period}/{district}/history", returns_cell_history, R_SIGNED_IN,          0,       0,     "return" },
	{ M_POST,   "/api/v1/returns/{dataset}/{period}/{district}/submit",  returns_step,         R_STATE | R_DISTRICT, 4 * KB,  F_IDEMPOTENT, "return" },
	{ M_POST,   "/api/v1/returns/{dataset}/{period}/{district}/approve", returns_step,         R_STATE,              4 * KB,  F_IDEMPOTENT, "return" },
	{ M_POST,   "/api/v1/returns/{dataset}/{period}/{district}/send-back", returns_step,       R_STATE | R_CELL,     4 * KB,  F_IDEMPOTENT, "return" },
	{ M_POST,   "/api/v1/returns/{dataset}/{period}/{district}/accept",  returns_step,         R_CELL,               4 * KB,  F_IDEMPOTENT, "return" },
	{ M_POST,   "/api/v1/returns/{dataset}/{period}/{district}/reopen",  returns_step,         R_CELL,               4 * KB,  F_IDEMPOTENT, "return" },
	{ M_PUT,    "/api/v1/returns/{dataset}/{period}/{district}/exception", returns_exception, R_CELL,             4 * KB,  0,     "return" },
	{ M_GET,    "/api/v1/values",                    returns_values,          R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       NULL },
	{ M_POST,   "/api/v1/imports/returns",           returns_import_upload,   R_STATE | R_DISTRICT,   UPLOAD_MAX, F_UPLOAD | F_IDEMPOTENT,         NULL },
	{ M_GET,    "/api/v1/imports",                   returns_imports_list,    R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       NULL },
	{ M_GET,    "/api/v1/imports/{id}",              returns_import_show,     R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "import" },

	/* case records: the Cell reads all, a State or district its own; personal data only its own (src/cases) */
	{ M_GET,    "/api/v1/cases/vocabulary",          cases_vocabulary,        R_SIGNED_IN,            0,       0,                                  NULL },
	{ M_GET,    "/api/v1/cases/victims",             cases_victims_export,    R_CELL | R_STATE | R_DISTRICT, 0, 0,                                 NULL },
	{ M_GET,    "/api/v1/cases",                     cases_list,              R_CELL | R_STATE | R_DISTRICT, 0, 0,                                 NULL },
	{ M_POST,   "/api/v1/cases",                     cases_create,            R_STATE | R_DISTRICT,   1024 * KB, F_IDEMPOTENT,                     NULL },
	{ M_GET,    "/api/v1/cases/{id}",                cases_show,              R_CELL | R_STATE | R_DISTRICT, 0, 0,                                 "case" },
	{ M_PUT,    "/api/v1/cases/{id}",                cases_update,            R_STATE | R_DISTRICT,   1024 * KB, 0,                                "case" },
	{ M_POST,   "/api/v1/imports/cases",             cases_import,            R_STATE | R_DISTRICT,   10240 * KB + 256 * KB, F_UPLOAD | F_UPLOAD_MEMORY | F_IDEMPOTENT, NULL },
	{ M_POST,   "/api/v1/cases/{id}/victims/{victim}/photo", cases_photo_put, R_STATE | R_DISTRICT,   2304 * KB, F_UPLOAD | F_UPLOAD_MEMORY,    "victim" },
	{ M_GET,    "/api/v1/cases/{id}/victims/{victim}/photo", cases_photo_get, R_STATE | R_DISTRICT,   0,       0,                                  "victim" },
	{ M_DELETE, "/api/v1/cases/{id}/victims/{victim}/photo", cases_photo_delete, R_STATE | R_DISTRICT, 0,      0,                                  "victim" },
	{ M_GET,    "/api/v1/cases/{id}/personal",       cases_personal,          R_STATE | R_DISTRICT,   0,       0,                                  "case" },
	/* their analysis: the Cell, States and districts within their jurisdiction; viewers suppressed; not admin */
	{ M_GET,    "/api/v1/analysis/districts",        cases_analysis_districts, R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                     NULL },
	{ M_GET,    "/api/v1/analysis/flows",            cases_analysis_flows,    R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_GET,    "/api/v1/analysis/trends",           cases_analysis_trends,   R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_GET,    "/api/v1/analysis/settings",         cases_analysis_settings, R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_PUT,    "/api/v1/analysis/settings",         cases_analysis_settings_put, R_CELL,             4 * KB,  0,                                  NULL },
	{ M_GET,    "/api/v1/reports/national",          cases_report_national,   R_CELL,                 0,       0,                                  NULL },
	{ M_POST,   "/api/v1/reports/national/file",     cases_report_national_file, R_CELL,              1 * KB,  0,                                  NULL },
	{ M_GET,    "/api/v1/reports/state/{lgd}",       cases_report_state,      R_CELL | R_STATE,       0,       0,                                  "state" },
	{ M_POST,   "/api/v1/reports/state/{lgd}/file",  cases_report_state_file, R_CELL,                 1 * KB,  0,                                  "state" },
	/* monitoring: schemes and the funds released under them (src/monitoring) */
	{ M_GET,    "/api/v1/ahtus",                     registers_list,          R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/ahtus",                     registers_create,        R_CELL | R_STATE | R_DISTRICT, 16 * KB, F_IDEMPOTENT,                NULL },
	{ M_GET,    "/api/v1/ahtus/criteria",            monitoring_ahtu_criteria, R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                     NULL },
	{ M_PUT,    "/api/v1/ahtus/criteria",            monitoring_ahtu_criteria_put, R_CELL,            16 * KB, 0,                                  NULL },
	{ M_GET,    "/api/v1/ahtus/{id}",                registers_show,          R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      "ahtu" },
	{ M_PATCH,  "/api/v1/ahtus/{id}",                registers_update,        R_CELL | R_STATE | R_DISTRICT, 16 * KB, 0,                           "ahtu" },
	{ M_GET,    "/api/v1/ahtus/{id}/history",        registers_history,       R_CELL | R_STATE | R_DISTRICT, 0, 0,                                 "ahtu" },
	{ M_GET,    "/api/v1/trainings",                 monitoring_courses,      R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/trainings",                 monitoring_course_create, R_CELL | R_STATE,      64 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/trainings/programmes",      monitoring_programmes,   R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/trainings/programmes",      monitoring_programme_create, R_CELL,             16 * KB, F_IDEMPOTENT,                       NULL },
	{ M_GET,    "/api/v1/trainings/{id}",            monitoring_course_show,  R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      "course" },
	{ M_PATCH,  "/api/v1/trainings/{id}",            monitoring_course_update, R_CELL | R_STATE,      64 * KB, 0,                                  "course" },
	{ M_GET,    "/api/v1/trainings/{id}/trainees",   monitoring_trainees,     R_CELL | R_STATE,       0,       0,                                  "course" },
	{ M_POST,   "/api/v1/trainings/{id}/trainees",   monitoring_trainee_create, R_CELL | R_STATE,     4 * KB,  F_IDEMPOTENT,                       "course" },
	{ M_GET,    "/api/v1/dashboard",                 monitoring_dashboard,    R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/dashboard/file",            monitoring_dashboard_file, R_CELL,               1 * KB,  0,                                  NULL },
	{ M_GET,    "/api/v1/schemes",                   monitoring_schemes,      R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_PUT,    "/api/v1/schemes/{code}",            monitoring_scheme_put,   R_CELL,                 64 * KB, 0,                                  "scheme" },
	{ M_GET,    "/api/v1/releases",                  monitoring_releases,     R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/releases",                  monitoring_release_create, R_CELL,               8 * KB,  F_IDEMPOTENT,                       NULL },
	{ M_POST,   "/api/v1/releases/{id}/withdraw",    monitoring_release_withdraw, R_CELL,             4 * KB,  0,                                  "release" },
	{ M_GET,    "/api/v1/utilisation",               monitoring_utilisation,  R_CELL | R_STATE | R_DISTRICT | R_VIEWER, 0, 0,                      NULL },
	{ M_POST,   "/api/v1/utilisation",               monitoring_utilisation_create, R_CELL | R_STATE, 8 * KB,  F_IDEMPOTENT,                       NULL },
	{ M_POST,   "/api/v1/utilisation/{id}/withdraw", monitoring_utilisation_withdraw, R_CELL | R_STATE, 4 * KB, 0,                                 "certificate" },
	{ M_GET,    "/api/v1/public/statistics",         cases_public_statistics, R_PUBLIC,               0,       0,                                  NULL },
	{ M_POST,   "/api/v1/attachments",               attachments_upload,      R_STATE,                UPLOAD_MAX, F_UPLOAD | F_IDEMPOTENT,         NULL },
	{ M_GET,    "/api/v1/attachments",               attachments_list,        R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       NULL },
	{ M_GET,    "/api/v1/attachments/{id}",          attachments_file,        R_ADMIN | R_CELL | R_STATE | R_DISTRICT, 0, 0,                       "attachment" },
	{ M_GET,    "/api/v1/digest",                    actions_digest,          R_ADMIN | R_CELL | R_STATE, 0,   0,                                  NULL },
};
const size_t routes_count = sizeof routes / sizeof routes[0];
