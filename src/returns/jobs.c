/* Imports as jobs, and exports, over HTTP (docs/api.md, "Import and
 * export").  An upload is kept under DATA/imports/ID.upload and queued in
 * the imports table; one thread of the server (the importer) takes the
 * queue in order, so two big files never fight for the write lock, and
 * reports its progress in memory for GET /imports/{id} to show.  The
 * upload's 202 is the promise: the file is on disk (fsync'd) and queued in
 * the same transaction, and a file whose import a stop or a crash cut
 * short is imported again at the next start. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "db/worker.h"
#include "registers/registers.h"
#include "returns/import.h"
#include "returns/internal.h"
#include "returns/returns_api.h"
#include "returns/table.h"
#include "returns/transfer.h"
#include "util/util.h"

#define EXPORT_ROWS_MAX 1048575L        /* rows of an export over HTTP (a sheet's) */
#define JSON_ROWS_MAX 5000L             /* rows of a JSON answer */

static char data_dir[PATH_MAX - 64] = "var";
static char db_url[PATH_MAX + 16];

static struct worker importer;
static struct import_progress progress;
static _Atomic int64_t current;         /* the import running, 0 when none */

void returns_set_data_dir(const char *dir)
{
	snprintf(data_dir, sizeof data_dir, "%s", dir);
}

static void upload_path(int64_t id, char out[PATH_MAX])
{
	snprintf(out, PATH_MAX, "%s/imports/%lld.upload", data_dir, (long long)id);
}

/* ---- the importer ---- */

/* What the importer files about a job: its outcome and report, and the
 * audit entry, in the caller's transaction. */
struct job_ctx {
	const struct db_import_job *job;
	const char *login;
};

static enum db_status file_outcome(struct db *db, const struct import_report *rep, void *ctx)
{
	const struct job_ctx *c = ctx;
	json_t *report = import_report_json(rep);
	char *text = report ? json_dumps(report, JSON_COMPACT) : NULL;
	const char *status = rep->outcome == IMPORT_DONE ? "done" : rep->outcome == IMPORT_REJECTED ? "rejected" : "failed";
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)c->job->id);
	enum db_status st = text ? db->ops->import_finish(db, c->job->id, status, text, util_now_ms()) : DB_ERROR;
	if (st == DB_OK &&
	    audit_record_raw(db, c->job->user_id, c->login, "importer", "returns.import", "import", sid, status,
			     json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)rep->rows, "values", (json_int_t)rep->values,
				       "returns", (json_int_t)rep->returns, "errors", (json_int_t)rep->error_count)) != 0)
		st = DB_ERROR;
	free(text);
	json_decref(report);
	return st;
}

/* Files a job that did not save anything (refused, failed, given up), in a
 * transaction of its own. */
static int file_unsaved(struct db *db, const struct job_ctx *c, struct import_report *rep)
{
	if (!rep->errors)
		rep->errors = json_array();
	if (!rep->ignored)
		rep->ignored = json_array();
	if (db->ops->begin_write(db) != DB_OK)
		return -1;
	if (file_outcome(db, rep, (void *)c) != DB_OK || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return -1;
	}
	return 0;
}

/* Imports one queued file.  1 when one was done, 0 when none is queued,
 * -1 on a database error.  The uploader must still be able to import, in
 * the jurisdiction the file was uploaded in. */
static int import_one(struct db *db, void *ctx)
{
	(void)ctx;
	struct db_import_job job;
	enum db_status st = db->ops->import_next(db, util_now_ms(), &job);
	if (st == DB_NOTFOUND) {
		/* idle: the pivot's totals that writes made stale (a bulk load
		 * from the command line, the returns of the day), so that the
		 * next pivot need not wait for them */
		if (db->ops->totals_refresh(db, 0) != DB_OK)
			log_error("importer: the pivot's totals could not be made again (the next pivot will)");
		return 0;
	}
	if (st != DB_OK)
		return -1;
	struct db_user u;
	memset(&u, 0, sizeof u);
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	struct import_report rep;
	memset(&rep, 0, sizeof rep);
	struct job_ctx jc = { &job, "" };
	char path[PATH_MAX];
	upload_path(job.id, path);
	st = db->ops->user_get(db, &all, job.user_id, &u);
	if (st == DB_OK)
		jc.login = u.login;
	bool same_place = st == DB_OK && (u.role == ROLE_STATE || u.role == ROLE_DISTRICT) && !u.disabled &&
			  (u.level >= SCOPE_STATE ? u.state_lgd : 0) == job.state_lgd &&
			  (u.level == SCOPE_DISTRICT ? u.district_lgd : 0) == job.district_lgd;
	int fd = -1;
	struct stat sb;
	void *data = MAP_FAILED;
	rep.outcome = IMPORT_FAILED;
	if (st != DB_OK && st != DB_NOTFOUND) {
		return -1;
	} else if (job.attempts > 2) {
		snprintf(rep.message, sizeof rep.message, "The import stopped before its end twice (the server was stopped or failed);"
			 " nothing was saved. Upload the file again, or split it.");
	} else if (!same_place) {
		snprintf(rep.message, sizeof rep.message, "The account that uploaded the file can no longer import returns for"
			 " the jurisdiction it was uploaded in; nothing was saved.");
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0 || sb.st_size <= 0 ||
		   (data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		snprintf(rep.message, sizeof rep.message, "The uploaded file is gone; upload it again.");
	} else {
		struct import_opts o = { .user_id = job.user_id, .scope = { u.level, u.state_lgd, u.district_lgd },
					 .check_locks = true, .source = job.file_name, .max_rows = IMPORT_ROWS_MAX_UPLOAD,
					 .before_commit = file_outcome, .ctx = &jc };
		atomic_store(&progress.done, 0);
		atomic_store(&progress.total, (uint64_t)sb.st_size);
		atomic_store(&current, job.id);
		int64_t t0 = util_mono_ms();
		returns_import(db, data, (size_t)sb.st_size, &o, &progress, &rep);
		atomic_store(&current, 0);
		log_info("import %lld (%s, %lld bytes): %s, %ld rows, %ld values, %ld errors in %lld ms", (long long)job.id,
			 job.file_name, (long long)sb.st_size, import_outcome_name(rep.outcome), rep.rows, rep.values,
			 rep.error_count, (long long)(util_mono_ms() - t0));
	}
	if (fd >= 0)
		close(fd);
	if (data != MAP_FAILED)
		munmap(data, (size_t)sb.st_size);
	int rc = 1;
	if (rep.outcome == IMPORT_STOPPED)
		rc = 0;                 /* queued again by imports_recover at the next start */
	else if (rep.outcome != IMPORT_DONE && file_unsaved(db, &jc, &rep) != 0)
		rc = -1;                /* running still: tried again at the next start */
	if (rc == 1)
		unlink(path);           /* done (filed with the values) or filed as not saved */
	import_report_clear(&rep);
	return rc;
}

static void stop_import(void *ctx)
{
	(void)ctx;
	atomic_store(&progress.stop, true);
}

int returns_importer_start(const char *url, const char *dir)
{
	snprintf(db_url, sizeof db_url, "%s", url);
	returns_set_data_dir(dir);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/imports", data_dir);
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		log_error("importer: cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	struct db *db = db_open(db_url);
	if (!db || db->ops->imports_recover(db) != DB_OK) {
		if (db)
			db_close(db);
		return -1;
	}
	db_close(db);
	atomic_store(&progress.stop, false);
	importer = (struct worker){ .name = "importer", .one = import_one, .cancel = stop_import };
	return worker_start(&importer, db_url);
}

void returns_importer_stop(void)
{
	worker_stop(&importer);
}

/* ---- the handlers ---- */

static const char *const phases[] = { "queued", "reading", "checking", "saving", "finished" };

/* An import as the API shows it: the stored row, and while it runs, how
 * far it is. */
static json_t *import_json(json_t *row)
{
	const char *status = json_string_value(json_object_get(row, "status"));
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_t *p = json_null();
	if (strcmp(status, "running") == 0 && atomic_load(&current) == id) {
		int phase = atomic_load(&progress.phase);
		uint64_t done = atomic_load(&progress.done), total = atomic_load(&progress.total);
		int percent = total ? (int)(done * 100 / total) : 0;
		p = json_pack("{s:s, s:I, s:I, s:i}", "phase", phases[phase >= 0 && phase <= IMPORT_FINISHED ? phase : 0],
			      "done", (json_int_t)done, "total", (json_int_t)total, "percent", percent > 100 ? 100 : percent);
	}
	json_object_set_new(row, "progress", p);
	char href[64];
	snprintf(href, sizeof href, "/api/v1/imports/%lld", (long long)id);
	json_object_set_new(row, "href", json_string(href));
	return row;
}

void returns_import_upload(struct request *r)
{
	struct upload *up = r->upload;
	if (!up || !up->has_file) {
		reply_invalid(r, "file", "Choose the filled template to upload (the form field \"file\").");
		return;
	}
	char head[512], why[TABLE_WHY_MAX];
	ssize_t n = pread(up->fd, head, sizeof head, 0);
	enum table_format f;
	if (n < 0 || table_detect(head, (size_t)n, &f, why) != 0) {
		reply_invalid(r, "file", "%s", n < 0 ? "The file could not be read." : why);
		return;
	}
	int64_t id;
	char name[200];
	util_clean_file_name(up->file_name, name, sizeof name);
	if (!name[0])
		snprintf(name, sizeof name, "upload.%s", f == TABLE_XLSX ? "xlsx" : "csv");
	if (r->db->ops->import_create(r->db, r->caller.user_id, &r->caller.scope, name, up->size, up->sha256, util_now_ms(), &id) != DB_OK) {
		reply_db_error(r);
		return;
	}
	char path[PATH_MAX];
	upload_path(id, path);
	unlink(path);                   /* a leftover of a rolled-back upload */
	if (link(up->tmp_path, path) != 0) {
		log_error("imports: %s: %s", path, strerror(errno));
		reply_db_error(r);
		return;
	}
	/* the new name on disk before the 202 (the file's data already is) */
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/imports", data_dir);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) != 0) {
		log_error("imports: %s: %s", dir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		unlink(path);
		reply_db_error(r);
		return;
	}
	close(dfd);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	audit_record(r, "returns.import.upload", "import", sid, "ok",
		     json_pack("{s:I, s:s}", "size", (json_int_t)up->size, "format", f == TABLE_XLSX ? "xlsx" : "csv"));
	json_t *row;
	if (r->db->ops->import_get(r->db, &r->caller.scope, id, &row) != DB_OK) {
		unlink(path);
		reply_db_error(r);
		return;
	}
	worker_wake(&importer);
	reply_header(r, "Location", "/api/v1/imports/%lld", (long long)id);
	reply_json(r, 202, import_json(row));
}

static void errors_csv(struct request *r, const json_t *row)
{
	const json_t *errors = json_object_get(json_object_get(row, "report"), "errors");
	const char *keys[] = { "row", "column", "cell", "value", "reason" };
	const char *labels[] = { "Row", "Column", "Cell", "Value", "Reason" };
	json_t *rows = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		json_t *x = json_deep_copy(e);
		json_object_set_new(x, "row", json_sprintf("%lld", (long long)json_integer_value(json_object_get(e, "row"))));
		json_array_append_new(rows, x);
	}
	char title[320], name[64];
	snprintf(title, sizeof title, "Errors in %s", json_string_value(json_object_get(row, "file_name")));
	snprintf(name, sizeof name, "import-%lld-errors", (long long)json_integer_value(json_object_get(row, "id")));
	struct reg_table t = { title, keys, labels, 5, rows };
	registers_reply_export(r, name, "csv", &t);
	json_decref(rows);
}

void returns_import_show(struct request *r)
{
	int64_t id;
	const char *format = request_query(r, "format");
	if (!request_param_id(r, 0, &id))
		return;
	json_t *row;
	enum db_status st = r->db->ops->import_get(r->db, &r->caller.scope, id, &row);
	if (st == DB_NOTFOUND) {
		reply_not_found(r);
		return;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		return;
	}
	if (format && strcmp(format, "csv") == 0)
		errors_csv(r, row);
	else if (format && strcmp(format, "json") != 0)
		reply_invalid(r, "format", "format must be json, or csv for the list of errors.");
	else {
		reply_json(r, 200, import_json(row));
		return;
	}
	json_decref(row);
}

void returns_imports_list(struct request *r)
{
	json_t *items;
	if (r->db->ops->imports_list(r->db, &r->caller.scope, &items) != DB_OK) {
		reply_db_error(r);
		return;
	}
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row) {
		/* the list shows outcomes, not every error */
		json_t *rep = json_object_get(row, "report");
		if (json_is_object(rep))
			json_object_del(rep, "errors");
		import_json(row);
	}
	reply_list(r, items, (int64_t)json_array_size(items), 20, 0);
}

/* The period(s) of ?period= or ?from=&to=; false with a reply. */
static bool periods_of_query(struct request *r, const json_t *ds, bool one, struct period *from, struct period *to)
{
	enum period_type t;
	period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t);
	const char *p = request_query(r, "period"), *f = request_query(r, "from"), *e = request_query(r, "to");
	static const char *const forms[] = { "2026-03", "2026Q1", "2026", "2025-26" };
	if (one && !p) {
		reply_invalid(r, "period", "A template is for one period: give period=, written like %s.", forms[t]);
		return false;
	}
	if (p && (f || e)) {
		reply_invalid(r, "period", "Give period= or from= and to=, not both.");
		return false;
	}
	if (p) {
		if (!period_parse_as(p, t, from)) {
			reply_invalid(r, "period", "A period of this data set is written like %s.", forms[t]);
			return false;
		}
		*to = *from;
		return true;
	}
	if (!f || !e || !period_parse_as(f, t, from) || !period_parse_as(e, t, to)) {
		reply_invalid(r, f && e ? (period_parse_as(f, t, from) ? "to" : "from") : "period",
			      "Give period=, or from= and to=, written like %s.", forms[t]);
		return false;
	}
	if (period_compare(from, to) > 0) {
		reply_invalid(r, "to", "to comes before from.");
		return false;
	}
	return true;
}

void returns_values(struct request *r)
{
	json_t *ds = NULL, *items = NULL;
	if (!returns_dataset_of_query(r, &ds))
		return;
	const char *format = request_query(r, "format"), *tv = request_query(r, "template"),
		   *indicator = request_query(r, "indicator"), *dv = request_query(r, "district");
	bool template = tv && strcmp(tv, "1") == 0;
	enum export_format f = !format || strcmp(format, "json") == 0 ? EXPORT_JSON
			       : strcmp(format, "csv") == 0 ? EXPORT_CSV : strcmp(format, "xlsx") == 0 ? EXPORT_XLSX : -1;
	struct export_q q = { .ds = ds, .template = template, .indicator = indicator };
	long long district = 0;
	if ((int)f < 0) {
		reply_invalid(r, "format", "format must be json, csv or xlsx.");
		goto out;
	}
	if (!periods_of_query(r, ds, template, &q.from, &q.to) || !returns_scope_of_query(r, &q.state, &q.district))
		goto out;
	if (dv) {
		int st;
		if (!util_parse_int(dv, 1, 999999, &district) || (st = r->db->ops->district_state(r->db, (int)district)) <= 0) {
			reply_invalid(r, "district", "district must be a district's LGD code.");
			goto out;
		}
		if ((q.state && st != q.state) || (q.district && district != q.district)) {
			reply_not_found(r);
			goto out;
		}
		q.district = (int)district;
	}
	if (indicator) {
		bool found = false;
		size_t i, k;
		json_t *sec, *ind;
		json_array_foreach(json_object_get(ds, "sections"), i, sec)
			json_array_foreach(json_object_get(sec, "indicators"), k, ind)
				found |= strcmp(json_string_value(json_object_get(ind, "code")), indicator) == 0;
		if (!found) {
			reply_invalid(r, "indicator", "%s has no indicator %s.", json_string_value(json_object_get(ds, "name")),
				      indicator);
			goto out;
		}
	}
	char path[PATH_MAX], why[200], from[PERIOD_TEXT_MAX], to[PERIOD_TEXT_MAX];
	period_format(&q.from, from);
	period_format(&q.to, to);
	path[0] = '\0';
	if (f != EXPORT_JSON) {
		snprintf(path, sizeof path, "%s/tmp", data_dir);
		mkdir(path, 0700);
		snprintf(path, sizeof path, "%s/tmp/values-XXXXXX", data_dir);
		int fd = mkstemp(path);
		if (fd < 0) {
			reply_db_error(r);
			goto out;
		}
		close(fd);
	}
	long rows;
	int rc = returns_export(r->db, &q, f, path, NULL, &items, f == EXPORT_JSON ? JSON_ROWS_MAX : EXPORT_ROWS_MAX,
				&rows, why);
	char detail_id[64];
	snprintf(detail_id, sizeof detail_id, "%s/%s", json_string_value(json_object_get(ds, "code")), from);
	if (rc < 0) {
		log_error("returns: export: %s", why);
		reply_db_error(r);
	} else if (rc > 0 && f != EXPORT_JSON) {
		reply_error(r, 413, "export.too_big", "This export has %s.", why);
	} else if (f == EXPORT_JSON) {
		reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:b, s:o, s:b}", "dataset", json_string_value(json_object_get(ds, "code")),
					    "from", from, "to", to, "template", template, "items", items, "truncated", rc > 0));
		items = NULL;
	} else {
		audit_record(r, template ? "returns.template" : "returns.export", "dataset", detail_id, "ok",
			     json_pack("{s:s, s:s, s:i, s:i, s:I}", "format", format, "to", to, "state", q.state, "district",
				       q.district, "rows", (json_int_t)rows));
		char name[160], part[40] = "";
		snprintf(name, sizeof name, "%s-%s", json_string_value(json_object_get(ds, "code")), from);
		if (strcmp(from, to))
			snprintf(name + strlen(name), sizeof name - strlen(name), "-to-%s", to);
		if (q.district)
			snprintf(part, sizeof part, "-district-%d", q.district);
		else if (q.state)
			snprintf(part, sizeof part, "-state-%d", q.state);
		snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s.%s", part, template ? "-template" : "", format);
		registers_reply_file(r, path, f == EXPORT_CSV ? "text/csv; charset=utf-8"
					: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
		path[0] = '\0';
	}
	if (path[0])
		unlink(path);
out:
	json_decref(items);
	json_decref(ds);
}
