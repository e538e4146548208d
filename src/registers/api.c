/* The registers' HTTP handlers, one set for every register: the register
 * is the path's third segment (/api/v1/<register>/…), its description in
 * types.c.  Who may call is the route table's; which rows a caller reaches
 * is the storage layer's (auth_scope); which fields a reader sees is
 * decided here once, in reader_full(). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "monitoring/money.h"
#include "registers/registers.h"
#include "util/util.h"

#define EXPORT_ROWS_MAX 10000   /* rows of a CSV / XLSX / PDF at most */
#define REASON_MAX 500

static char data_dir[PATH_MAX - 64] = "var";

void registers_set_data_dir(const char *dir)
{
	snprintf(data_dir, sizeof data_dir, "%s", dir);
}

/* The register a route serves: /api/v1/<name>[/…].  The route table only
 * routes registers' paths here, so there always is one. */
static const struct reg_type *type_of(const struct request *r)
{
	char name[RECORD_TYPE_MAX + 1];
	const char *p = r->path + strlen("/api/v1/");
	size_t n = strcspn(p, "/");
	snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
	const struct reg_type *t = reg_type_find(name);
	if (!t) {
		log_error("registers: no register for %s", r->path);
		abort();
	}
	return t;
}

/* Whether the caller sees every field (the Cell, the admin, the States'
 * and districts' users) or only the public ones (the public, viewers,
 * and anyone who must first change a temporary password). */
static bool reader_full(const struct request *r)
{
	enum role role = r->caller.role;
	return !r->caller.must_change_password &&
	       (role == ROLE_CELL || role == ROLE_ADMIN || role == ROLE_STATE || role == ROLE_DISTRICT);
}

static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const struct reg_field *field_find(const struct reg_type *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* The record's workflow status ("" without one), from its data. */
static const char *status_of(const struct reg_type *t, const json_t *data)
{
	const char *s = t->status_field ? json_string_value(json_object_get(data, t->status_field)) : NULL;
	return s ? s : "";
}

/* ---- reading ---- */

struct collect {
	const struct reg_type *t;
	bool public_only;
	json_t *items;
};

static int collect_one(void *ctx, const struct db_record *rec)
{
	struct collect *c = ctx;
	json_array_append_new(c->items, reg_record_json(c->t, rec, c->public_only));
	return 0;
}

/* The list's sort from ?sort= ("name", "-from", "state", "updated");
 * false with a reply set when it is not one the register offers. */
static bool parse_sort(struct request *r, const struct reg_type *t, struct db_record_filter *f, char *path,
		       size_t path_size)
{
	const char *s = request_query(r, "sort");
	if (!s || !*s)
		s = t->default_sort;
	f->desc = s[0] == '-';
	const char *name = s + f->desc;
	const struct reg_field *fd = field_find(t, name);
	if (strcmp(name, "state") == 0) {
		f->sort = RECORD_SORT_STATE;
	} else if (strcmp(name, "from") == 0 && t->terms) {
		f->sort = RECORD_SORT_FROM;
	} else if (strcmp(name, "updated") == 0 && reader_full(r)) {
		f->sort = RECORD_SORT_UPDATED;
	} else if (fd && (fd->flags & RF_SORT) && (reader_full(r) || (fd->flags & RF_PUBLIC))) {
		f->sort = RECORD_SORT_FIELD;
		snprintf(path, path_size, "$.%s", fd->name);
		f->sort_path = path;
	} else {
		json_t *names = json_array();
		reply_invalid(r, "sort", "The list can be sorted by state%s%s, or a field marked sortable.",
			      t->terms ? ", from" : "", reader_full(r) ? ", updated" : "");
		json_decref(names);
		return false;
	}
	return true;
}

/* The list's filters from the query string; false with a reply set. */
static bool parse_filter(struct request *r, const struct reg_type *t, struct db_record_filter *f, char *q,
			 size_t q_size, char paths[3][48], char range[2][11])
{
	const char *v = request_query(r, "q");
	if (v && *v) {
		if (strlen(v) > 200) {
			reply_invalid(r, "q", "The search text is too long (at most 200 bytes).");
			return false;
		}
		char *folded = g_utf8_validate(v, -1, NULL) ? g_utf8_casefold(v, -1) : NULL;
		if (!folded) {
			reply_invalid(r, "q", "The search text is not valid UTF-8.");
			return false;
		}
		if (strlen(folded) >= q_size) {         /* folding can lengthen a text: never cut one */
			g_free(folded);
			reply_invalid(r, "q", "The search text is too long.");
			return false;
		}
		snprintf(q, q_size, "%s", folded);
		g_free(folded);
		f->q = q;
	}
	long long n;
	if ((v = request_query(r, "state"))) {
		if (!util_parse_int(v, 1, 999999, &n)) {
			reply_invalid(r, "state", "state must be a State's LGD code.");
			return false;
		}
		f->state_lgd = (int)n;
	}
	if ((v = request_query(r, "district"))) {
		if (!util_parse_int(v, 1, 999999, &n)) {
			reply_invalid(r, "district", "district must be a district's LGD code.");
			return false;
		}
		f->district_lgd = (int)n;
	}
	/* registers with terms list the holders now; ?current=0 also those before */
	f->current_only = t->terms;
	if ((v = request_query(r, "current"))) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			reply_invalid(r, "current", "current must be 1 (holders now) or 0 (also earlier terms).");
			return false;
		}
		f->current_only = v[0] == '1';
	}
	/* a date range on one field (licences lapsing in 30 days) */
	for (size_t i = 0; i < t->nfields; i++) {
		const struct reg_field *fd = &t->fields[i];
		if (!(fd->flags & RF_RANGE) || (!reader_full(r) && !(fd->flags & RF_PUBLIC)))
			continue;
		char key[64];
		const char *from, *before, *within;
		snprintf(key, sizeof key, "%s_from", fd->name);
		from = request_query(r, key);
		snprintf(key, sizeof key, "%s_before", fd->name);
		before = request_query(r, key);
		snprintf(key, sizeof key, "%s_within", fd->name);
		within = request_query(r, key);
		if (!from && !before && !within)
			continue;
		if ((from && !util_date_valid(from)) || (before && !util_date_valid(before))) {
			reply_invalid(r, from && !util_date_valid(from) ? "from" : "before", "Dates are written YYYY-MM-DD.");
			return false;
		}
		if (within) {
			if (!util_parse_int(within, 0, 3660, &n)) {
				reply_invalid(r, key, "%s must be a number of days, 0 to 3660.", key);
				return false;
			}
			time_t now = time(NULL) + 19800;        /* the Cell's day, IST */
			struct tm tm;
			gmtime_r(&now, &tm);
			strftime(range[0], 11, "%Y-%m-%d", &tm);
			now += (time_t)(n + 1) * 86400;
			gmtime_r(&now, &tm);
			strftime(range[1], 11, "%Y-%m-%d", &tm);
			from = range[0];
			before = range[1];
		}
		snprintf(paths[2], 48, "$.%s", fd->name);
		f->range_path = paths[2];
		f->range_from = from;
		f->range_to = before;
		break;
	}
	int used = 0;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct reg_field *fd = &t->fields[i];
		if (!(fd->flags & RF_FILTER) || !(v = request_query(r, fd->name)))
			continue;
		if (!reader_full(r) && !(fd->flags & RF_PUBLIC)) {
			reply_invalid(r, fd->name, "The list cannot be filtered by %s.", fd->label);
			return false;
		}
		if (used == 2) {
			reply_invalid(r, fd->name, "At most two fields can be filtered on at once.");
			return false;
		}
		snprintf(paths[used], 48, "$.%s", fd->name);
		f->field_path[used] = paths[used];
		f->field_value[used] = v;
		used++;
	}
	return true;
}

/* The columns of an export: the system fields, then the fields the reader
 * sees (only those marked for the list in a printed PDF). */
struct columns {
	const char *keys[48];
	const char *labels[48];
	size_t n;
};

static void export_columns(const struct reg_type *t, bool full, bool printed, bool terms_shown, struct columns *c)
{
	c->n = 0;
	if (!printed) {
		c->keys[c->n] = "id";
		c->labels[c->n++] = "ID";
	}
	if (t->level != REG_LEVEL_NATIONAL) {
		c->keys[c->n] = "state";
		c->labels[c->n++] = "State/UT";
	}
	if (t->level == REG_LEVEL_DISTRICT) {
		c->keys[c->n] = "district";
		c->labels[c->n++] = "District";
	}
	for (size_t i = 0; i < t->nfields && c->n < 44; i++) {
		const struct reg_field *f = &t->fields[i];
		if ((!full && !(f->flags & RF_PUBLIC)) || (printed && !(f->flags & RF_LIST)))
			continue;
		c->keys[c->n] = f->name;
		c->labels[c->n++] = f->label;
	}
	if (t->terms && (terms_shown || !printed)) {
		c->keys[c->n] = "from";
		c->labels[c->n++] = "From";
		c->keys[c->n] = "to";
		c->labels[c->n++] = "To";
	}
}

/* Answers with the file at path (XLSX or PDF), then removes it. */
void registers_tmp_sweep(void)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/tmp", data_dir);
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "export-", 7) != 0)
			continue;
		n += unlinkat(dirfd(d), e->d_name, 0) == 0;
	}
	closedir(d);
	if (n)
		log_info("registers: %d leftover export file%s removed from %s", n, n == 1 ? "" : "s", path);
}

int registers_tmp_file(char path[PATH_MAX])
{
	snprintf(path, PATH_MAX, "%s/tmp", data_dir);
	mkdir(path, 0700);
	snprintf(path, PATH_MAX, "%s/tmp/export-XXXXXX", data_dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("registers: %s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

void registers_reply_file(struct request *r, const char *path, const char *type, const char *name)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		reply_db_error(r);
		return;
	}
	char disposition[160], etag[48];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", name);
	snprintf(etag, sizeof etag, "\"x%llx-%lld\"", (unsigned long long)st.st_ino, (long long)util_now_ms());
	reply_file(r, fd, (uint64_t)st.st_size, type, etag, disposition, "no-store");
}

void registers_reply_export(struct request *r, const char *name, const char *format, const struct reg_table *t)
{
	char day[11];
	today(day);
	char file[96];
	snprintf(file, sizeof file, "%s-%s.%s", name, day, format);
	if (r->caller.user_id) {
		json_t *detail = json_pack("{s:s, s:i}", "format", format, "rows", (int)json_array_size(t->rows));
		audit_record(r, "register.export", name, "list", "ok", detail);
	}
	if (strcmp(format, "csv") == 0) {
		size_t len;
		char *text = reg_export_csv(t, &len);
		if (!text) {
			reply_error(r, 413, "export.too_big", "This list is too big to export at once; filter it.");
			return;
		}
		reply_header(r, "Content-Disposition", "attachment; filename=\"%s\"", file);
		reply_text(r, text, "text/csv; charset=utf-8", "no-store");
		return;
	}
	bool printed = strcmp(format, "pdf") == 0;
	if (printed && t->ncols > REG_PRINT_COLUMNS_MAX) {
		reply_error(r, 413, "export.too_wide", "This table has %zu columns, too many to print on a page;"
			    " download it as XLSX.", t->ncols);
		return;
	}
	char path[PATH_MAX];
	if (registers_tmp_file(path) != 0) {
		reply_db_error(r);
		return;
	}
	int rc = printed ? reg_export_pdf(t, path) : reg_export_xlsx(t, path);
	if (rc != 0) {
		unlink(path);
		reply_db_error(r);
		return;
	}
	registers_reply_file(r, path, printed ? "application/pdf"
				: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
}

static void export_list(struct request *r, const struct reg_type *t, const char *format, json_t *items,
			bool full, bool current_only)
{
	bool printed = strcmp(format, "pdf") == 0;
	/* amounts as people read them, not the paise they are kept in */
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		for (size_t k = 0; k < t->nfields; k++) {
			json_t *v = json_object_get(it, t->fields[k].name);
			if (t->fields[k].type == RF_MONEY && json_is_integer(v)) {
				char text[MONEY_TEXT_MAX];
				money_format(json_integer_value(v), text);
				json_object_set_new(it, t->fields[k].name, json_string(text));
			}
		}
	/* the printed list of a public register is the one the Cell publishes:
	 * public fields only, whoever prints it */
	if (printed && t->public_read)
		full = false;
	struct columns c;
	export_columns(t, full, printed, !current_only, &c);
	struct reg_table table = { .title = t->title, .keys = c.keys, .labels = c.labels, .ncols = c.n, .rows = items };
	registers_reply_export(r, t->name, format, &table);
}

void registers_list(struct request *r)
{
	const struct reg_type *t = type_of(r);
	const char *format = request_query(r, "format");
	if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 &&
	    strcmp(format, "pdf") != 0) {
		reply_invalid(r, "format", "format must be json, csv, xlsx or pdf.");
		return;
	}
	bool exporting = format && strcmp(format, "json") != 0;
	struct db_record_filter f = { .type = t->name };
	char q[256], sort_path[48], paths[3][48], range[2][11];
	if (!parse_filter(r, t, &f, q, sizeof q, paths, range) || !parse_sort(r, t, &f, sort_path, sizeof sort_path))
		return;
	if (exporting) {
		f.limit = EXPORT_ROWS_MAX + 1;
		f.offset = 0;
	} else if (!request_paging(r, &f.limit, &f.offset)) {
		return;
	}
	struct scope s = auth_scope(&r->caller);
	f.public_search = !reader_full(r);
	char status_path[48];
	if (!reader_full(r) && t->public_status) {
		/* the public and viewers see a workflow's records once published */
		snprintf(status_path, sizeof status_path, "$.%s", t->status_field);
		f.status_path = status_path;
		f.status_value = t->public_status;
	}
	struct collect c = { .t = t, .public_only = !reader_full(r), .items = json_array() };
	int64_t total = 0;
	if (r->db->ops->record_list(r->db, &s, &f, collect_one, &c, &total) != DB_OK) {
		json_decref(c.items);
		reply_db_error(r);
		return;
	}
	if (!exporting) {
		reply_list(r, c.items, total, f.limit, f.offset);
		return;
	}
	if (total > EXPORT_ROWS_MAX) {
		json_decref(c.items);
		reply_error(r, 413, "export.too_big", "This list has %lld rows; an export holds at most %d. Filter it first.",
			    (long long)total, EXPORT_ROWS_MAX);
		return;
	}
	/* the printed list of a post every State has (the nodal officers) names
	 * the States without a holder, as the Cell's published list does */
	if (strcmp(format, "pdf") == 0 && t->terms && t->level == REG_LEVEL_STATE && f.current_only &&
	    !f.state_lgd && !f.q && !f.field_path[0] && f.sort == RECORD_SORT_STATE && !f.desc) {
		json_t *all = r->db->ops->states_list(r->db), *merged = json_array();
		size_t i, k;
		json_t *st, *x;
		json_array_foreach(json_is_array(all) ? all : json_object_get(all, "items"), i, st) {
			json_int_t lgd = json_integer_value(json_object_get(st, "lgd"));
			bool held = false;
			json_array_foreach(c.items, k, x)
				if (json_integer_value(json_object_get(x, "state_lgd")) == lgd) {
					json_array_append(merged, x);
					held = true;
				}
			if (!held)
				json_array_append_new(merged, json_pack("{s:I, s:O, s:s}", "state_lgd", lgd, "state",
									json_object_get(st, "name"), "name", "Vacant"));
		}
		json_decref(all);
		json_decref(c.items);
		c.items = merged;
	}
	export_list(r, t, format, c.items, reader_full(r), f.current_only);
	json_decref(c.items);
}

/* The record the path names, within the caller's scope; false with a
 * reply set (404 when out of scope, as when it does not exist). */
static bool record_of_path(struct request *r, const struct reg_type *t, struct db_record *rec)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return false;
	struct scope s = auth_scope(&r->caller);
	enum db_status st = r->db->ops->record_get(r->db, &s, t->name, id, rec);
	if (st == DB_OK && !reader_full(r) && t->public_status) {
		/* before publication a workflow's record is not the public's */
		json_t *data = json_loads(rec->data, 0, NULL);
		if (strcmp(status_of(t, data), t->public_status) != 0) {
			db_record_clear(rec);
			st = DB_NOTFOUND;
		}
		json_decref(data);
	}
	if (st == DB_NOTFOUND)
		reply_not_found(r);
	else if (st != DB_OK)
		reply_db_error(r);
	return st == DB_OK;
}

void registers_show(struct request *r)
{
	const struct reg_type *t = type_of(r);
	struct db_record rec;
	if (!record_of_path(r, t, &rec))
		return;
	reply_json(r, 200, reg_record_json(t, &rec, !reader_full(r)));
	db_record_clear(&rec);
}

struct revisions {
	const struct reg_type *t;
	json_t *items;
};

static int revision_one(void *ctx, const struct db_record_revision *v)
{
	struct revisions *rv = ctx;
	char at[32];
	util_iso8601(v->changed_at, at);
	json_t *data = json_loads(v->data ? v->data : "{}", 0, NULL);
	json_t *o = json_pack("{s:i, s:s, s:s}", "version", v->version, "replaced_at", at, "replaced_by",
			      v->changed_by_login && *v->changed_by_login ? v->changed_by_login : "system");
	json_object_set_new(o, "reason", v->reason ? json_string(v->reason) : json_null());
	if (rv->t->terms) {
		json_object_set_new(o, "from", *v->valid_from ? json_string(v->valid_from) : json_null());
		json_object_set_new(o, "to", *v->valid_to ? json_string(v->valid_to) : json_null());
	}
	json_t *fields = json_object();
	for (size_t i = 0; i < rv->t->nfields; i++) {
		json_t *x = json_object_get(data, rv->t->fields[i].name);
		json_object_set(fields, rv->t->fields[i].name, x ? x : json_null());
	}
	json_object_set_new(o, "fields", fields);
	json_decref(data);
	json_array_append_new(rv->items, o);
	return 0;
}

void registers_history(struct request *r)
{
	const struct reg_type *t = type_of(r);
	struct db_record rec;
	if (!record_of_path(r, t, &rec))
		return;
	int64_t id = rec.id;
	db_record_clear(&rec);
	struct revisions rv = { .t = t, .items = json_array() };
	if (r->db->ops->record_revisions(r->db, id, revision_one, &rv) != DB_OK) {
		json_decref(rv.items);
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", rv.items));
}

void registers_types(struct request *r)
{
	json_t *items = json_array();
	for (size_t i = 0; i < reg_types_count; i++)
		if (reg_types[i]->public_read || r->caller.role != ROLE_PUBLIC)
			json_array_append_new(items, reg_type_json(reg_types[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void registers_type(struct request *r)
{
	const struct reg_type *t = reg_type_find(r->params[0]);
	if (!t || (!t->public_read && r->caller.role == ROLE_PUBLIC)) {
		reply_not_found(r);
		return;
	}
	reply_json(r, 200, reg_type_json(t));
}

/* ---- writing ---- */

/* The body without the system members (state_lgd, district_lgd, from, to,
 * reason, version), which are read apart.  New reference. */
static json_t *own_fields(const json_t *body)
{
	static const char *const system[] = { "state_lgd", "district_lgd", "from", "to", "reason", "version" };
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v) {
		bool sys = false;
		for (size_t i = 0; i < sizeof system / sizeof system[0] && !sys; i++)
			sys = strcmp(system[i], key) == 0;
		if (!sys)
			json_object_set(o, key, v);
	}
	return o;
}

/* A date member of the body ("from", "to"): false with a reply set when
 * present and not YYYY-MM-DD; out "" when absent. */
static bool body_date(struct request *r, const char *key, const char *label, char out[11])
{
	out[0] = 0;
	json_t *v = json_object_get(r->body, key);
	if (!v || json_is_null(v))
		return true;
	const char *s = json_string_value(v);
	bool ok = s && util_date_valid(s);
	if (!ok) {
		reply_invalid(r, key, "%s must be a date written YYYY-MM-DD (2026-03-31).", label);
		return false;
	}
	snprintf(out, 11, "%s", s);
	return true;
}

static bool body_reason(struct request *r, const char **reason)
{
	bool bad = false;
	*reason = body_string(r, "reason", REASON_MAX, false, &bad);
	return !bad;
}

/* False with a reply set when the body sets a field only the workflow's
 * steps set (a practice's status, the Cell's comments). */
static bool no_review_fields(struct request *r, const struct reg_type *t)
{
	for (size_t i = 0; i < t->nfields; i++)
		if ((t->fields[i].flags & (RF_BY_REVIEW | RF_DERIVED)) && json_object_get(r->body, t->fields[i].name)) {
			reply_invalid(r, t->fields[i].name, (t->fields[i].flags & RF_DERIVED)
					 ? "%s is worked out from what is recorded, not set."
					 : "%s is set by the review, not by an edit.", t->fields[i].label);
			return false;
		}
	return true;
}

/* Stores data (stolen) into rec->data as text; false when too big (reply set). */
static bool set_data(struct request *r, struct db_record *rec, json_t *data)
{
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	if (!text || strlen(text) > RECORD_DATA_MAX) {
		free(text);
		reply_error(r, 413, "record.too_big", "This record is too big (at most %d bytes).", RECORD_DATA_MAX);
		return false;
	}
	free(rec->data);
	rec->data = text;
	return true;
}

static void reply_field_error(struct request *r, const struct reg_error *err)
{
	if (err->field[0])
		reply_invalid(r, err->field, "%s", err->message);
	else
		reply_error(r, 400, "request.invalid", "%s", err->message);
}

/* Writes rec with its search text: insert (id 0) or update. */
static enum db_status save(struct request *r, const struct reg_type *t, struct db_record *rec, const json_t *data,
			   const char *reason)
{
	char *search = reg_search_text(t, data, false), *search_public = reg_search_text(t, data, true);
	enum db_status st = !search || !search_public ? DB_ERROR
			    : rec->id ? r->db->ops->record_update(r->db, rec, search, search_public, reason)
			    : r->db->ops->record_insert(r->db, rec, search, search_public);
	free(search);
	free(search_public);
	return st;
}

/* The names of the fields whose values differ between a and b (for the
 * audit: names only, never values).  New reference. */
static json_t *changed_fields(const struct reg_type *t, const json_t *a, const json_t *b)
{
	json_t *names = json_array();
	for (size_t i = 0; i < t->nfields; i++) {
		const json_t *x = json_object_get(a, t->fields[i].name), *y = json_object_get(b, t->fields[i].name);
		if (!(x == y || (x && y && json_equal(x, y))))
			json_array_append_new(names, json_string(t->fields[i].name));
	}
	return names;
}

void registers_create(struct request *r)
{
	const struct reg_type *t = type_of(r);
	const struct caller *c = &r->caller;
	struct db_record rec = { 0 };
	struct db_record prev = { 0 };
	json_t *data = NULL;
	const char *reason;
	if (!json_is_object(r->body)) {
		reply_error(r, 400, "request.invalid", "The body must be a JSON object.");
		return;
	}
	if (!body_reason(r, &reason))
		return;

	/* whose record: the caller's own State or district unless national */
	long long n;
	json_t *v = json_object_get(r->body, "state_lgd");
	rec.state_lgd = c->scope.level >= SCOPE_STATE ? c->scope.state_lgd : 0;
	if (t->level == REG_LEVEL_NATIONAL) {
		if (v || c->scope.level != SCOPE_NATIONAL) {
			reply_invalid(r, "state_lgd", "A %s belongs to no State/UT: it is the Cell's own.", t->label_one);
			return;
		}
	} else if (v && !json_is_null(v)) {
		n = json_is_integer(v) ? json_integer_value(v) : 0;
		if (n <= 0 || n > 999999 || !r->db->ops->state_exists(r->db, (int)n)) {
			reply_invalid(r, "state_lgd", "State/UT must be a State's or UT's LGD code.");
			return;
		}
		if (c->scope.level >= SCOPE_STATE && n != c->scope.state_lgd) {
			reply_error(r, 403, "scope.state", "You can only add records of your own State/UT.");
			return;
		}
		rec.state_lgd = (int)n;
	}
	if (!rec.state_lgd && t->level != REG_LEVEL_NATIONAL) {
		reply_invalid(r, "state_lgd", "State/UT is required.");
		return;
	}
	if (t->level == REG_LEVEL_DISTRICT) {
		v = json_object_get(r->body, "district_lgd");
		n = json_is_integer(v) ? json_integer_value(v) : (c->scope.level == SCOPE_DISTRICT ? c->scope.district_lgd : 0);
		if (n <= 0 || n > 999999 || r->db->ops->district_state(r->db, (int)n) != rec.state_lgd) {
			reply_invalid(r, "district_lgd", "District must be a district of the State/UT, by its LGD code.");
			return;
		}
		if (c->scope.level == SCOPE_DISTRICT && n != c->scope.district_lgd) {
			reply_error(r, 403, "scope.district", "You can only add records of your own district.");
			return;
		}
		rec.district_lgd = (int)n;
	}

	if (!no_review_fields(r, t))
		return;
	json_t *fields = own_fields(r->body);
	if (t->status_field)
		json_object_set_new(fields, t->status_field, json_string(t->initial_status));
	struct reg_error err;
	data = reg_validate(t, fields, NULL, &err);
	json_decref(fields);
	if (!data || (t->check && !t->check(r->db, &rec, NULL, data, &err))) {
		reply_field_error(r, &err);
		json_decref(data);
		return;
	}
	snprintf(rec.type, sizeof rec.type, "%s", t->name);
	rec.created_at = util_now_ms();
	rec.created_by = c->user_id;

	if (t->terms) {
		if (!body_date(r, "from", "The term's start", rec.valid_from))
			goto out;
		if (!rec.valid_from[0])
			today(rec.valid_from);
		if (t->level == REG_LEVEL_STATE)
			snprintf(rec.slot, sizeof rec.slot, "state:%d", rec.state_lgd);
		else
			snprintf(rec.slot, sizeof rec.slot, "district:%d", rec.district_lgd);
		/* the holder until now: their term ends the day the new one's begins */
		enum db_status st = r->db->ops->record_open_term(r->db, t->name, rec.slot, &prev);
		if (st == DB_OK) {
			if (strcmp(prev.valid_from, rec.valid_from) > 0) {
				reply_error(r, 409, "term.overlap",
					    "The present %s's term began on %s; a new term must begin on or after that day.",
					    t->label_one, prev.valid_from);
				goto out;
			}
			snprintf(prev.valid_to, sizeof prev.valid_to, "%s", rec.valid_from);
			prev.updated_at = rec.created_at;
			prev.updated_by = c->user_id;
			json_t *prev_data = json_loads(prev.data, 0, NULL);
			char why[128];
			snprintf(why, sizeof why, "Term ended: a new %s from %s.", t->label_one, rec.valid_from);
			st = prev_data ? save(r, t, &prev, prev_data, reason ? reason : why) : DB_ERROR;
			json_decref(prev_data);
			if (st != DB_OK) {
				reply_db_error(r);
				goto out;
			}
		} else if (st != DB_NOTFOUND) {
			reply_db_error(r);
			goto out;
		}
	}
	if (!set_data(r, &rec, json_incref(data)))
		goto out;
	enum db_status st = save(r, t, &rec, data, NULL);
	if (st == DB_CONFLICT) {
		reply_error(r, 409, "term.open", "This post already has a holder; try again.");
		goto out;
	}
	if (st != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	struct db_record stored;
	if (r->db->ops->record_get(r->db, &all, t->name, rec.id, &stored) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)rec.id);
	json_t *detail = json_pack("{s:i}", "state_lgd", rec.state_lgd);
	if (prev.id)
		json_object_set_new(detail, "ended_term_of", json_integer(prev.id));
	if (audit_record(r, "register.create", t->name, id, "ok", detail) != 0) {
		db_record_clear(&stored);
		reply_db_error(r);
		goto out;
	}
	json_t *o = reg_record_json(t, &stored, false);
	if (prev.id)
		json_object_set_new(o, "ended_term", json_integer(prev.id));
	db_record_clear(&stored);
	reply_json(r, 201, o);
out:
	json_decref(data);
	db_record_clear(&rec);
	db_record_clear(&prev);
}

/* Audits a change of rec (detail stolen) and answers with rec; a reply
 * set either way. */
static void audit_and_reply(struct request *r, const struct reg_type *t, const struct db_record *rec,
			    const char *action, json_t *detail)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)rec->id);
	if (audit_record(r, action, t->name, id, "ok", detail) != 0) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, reg_record_json(t, rec, false));
}

/* Reads the record of the path within the caller's scope for a change;
 * false with a reply set. */
static bool record_for_change(struct request *r, const struct reg_type *t, struct db_record *rec)
{
	if (!record_of_path(r, t, rec))
		return false;
	if (!json_is_object(r->body)) {
		reply_error(r, 400, "request.invalid", "The body must be a JSON object.");
		db_record_clear(rec);
		return false;
	}
	if (t->terms && rec->valid_to[0]) {
		reply_error(r, 409, "term.closed", "This term ended on %s; its record is kept as it was.", rec->valid_to);
		db_record_clear(rec);
		return false;
	}
	json_t *v = json_object_get(r->body, "version");
	if (v && !json_is_integer(v)) {
		reply_invalid(r, "version", "version must be the record's version number, as it was read.");
		db_record_clear(rec);
		return false;
	}
	if (v && json_integer_value(v) != rec->version) {
		reply_error(r, 409, "record.changed",
			    "Someone changed this %s since you opened it (now version %d); reload it and apply your change again.",
			    t->label_one, rec->version);
		db_record_clear(rec);
		return false;
	}
	return true;
}

void registers_update(struct request *r)
{
	const struct reg_type *t = type_of(r);
	struct db_record rec;
	if (!record_for_change(r, t, &rec))
		return;
	const char *reason;
	json_t *base = json_loads(rec.data, 0, NULL), *data = NULL;
	if (!body_reason(r, &reason))
		goto out;
	if (!no_review_fields(r, t))
		goto out;
	if (!reg_editable(t, status_of(t, base))) {
		reply_error(r, 409, "record.locked", "This %s is %s: it can be changed while it is a draft or returned.",
			    t->label_one, status_of(t, base));
		goto out;
	}
	static const char *const fixed[] = { "state_lgd", "district_lgd", "from", "to" };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (json_object_get(r->body, fixed[i])) {
			reply_invalid(r, fixed[i], "%s cannot be changed here%s.", fixed[i],
				      t->terms ? ": appoint a new holder, or end the term" : "");
			goto out;
		}
	json_t *fields = own_fields(r->body);
	struct reg_error err;
	data = reg_validate(t, fields, base, &err);
	json_decref(fields);
	if (!data || (t->check && !t->check(r->db, &rec, base, data, &err))) {
		reply_field_error(r, &err);
		goto out;
	}
	json_t *changed = changed_fields(t, base, data);
	size_t ci;
	json_t *cname;
	json_array_foreach(changed, ci, cname) {
		const struct reg_field *fd = field_find(t, json_string_value(cname));
		if (fd && (fd->flags & RF_REASON) && (!reason || !*reason)) {
			json_decref(changed);
			reply_invalid(r, "reason", "A change of %s needs a reason; it is kept in the history.", fd->label);
			goto out;
		}
	}
	if (!json_array_size(changed)) {
		json_decref(changed);
		reply_json(r, 200, reg_record_json(t, &rec, false));
		goto out;
	}
	rec.updated_at = util_now_ms();
	rec.updated_by = r->caller.user_id;
	if (!set_data(r, &rec, json_incref(data))) {
		json_decref(changed);
		goto out;
	}
	if (save(r, t, &rec, data, reason) != DB_OK) {
		json_decref(changed);
		reply_db_error(r);
		goto out;
	}
	audit_and_reply(r, t, &rec, "register.update", json_pack("{s:o}", "fields", changed));
out:
	json_decref(base);
	json_decref(data);
	db_record_clear(&rec);
}

void registers_end_term(struct request *r)
{
	const struct reg_type *t = type_of(r);
	if (!t->terms) {
		reply_not_found(r);
		return;
	}
	struct db_record rec;
	if (!record_for_change(r, t, &rec))
		return;
	const char *reason;
	json_t *data = NULL;
	char to[11];
	if (!body_reason(r, &reason) || !body_date(r, "to", "The term's end", to))
		goto out;
	if (!to[0])
		today(to);
	if (strcmp(to, rec.valid_from) < 0) {
		reply_invalid(r, "to", "The term began on %s; it cannot end before.", rec.valid_from);
		goto out;
	}
	snprintf(rec.valid_to, sizeof rec.valid_to, "%s", to);
	rec.updated_at = util_now_ms();
	rec.updated_by = r->caller.user_id;
	data = json_loads(rec.data, 0, NULL);
	if (!data || save(r, t, &rec, data, reason ? reason : "Term ended; the post is vacant.") != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	audit_and_reply(r, t, &rec, "register.end_term", json_pack("{s:s}", "to", to));
out:
	json_decref(data);
	db_record_clear(&rec);
}

/* A step of the register's workflow: POST /api/v1/<register>/{id}/<action>. */
void registers_transition(struct request *r)
{
	const struct reg_type *t = type_of(r);
	const char *action = strrchr(r->path, '/') + 1;
	struct db_record rec;
	if (!record_of_path(r, t, &rec))
		return;
	json_t *data = json_loads(rec.data, 0, NULL);
	char status[32];        /* a copy: the data's own string goes when the status is set */
	snprintf(status, sizeof status, "%s", status_of(t, data));
	const struct reg_transition *step = reg_transition_find(t, action, status);
	bool bad = false;
	const char *comment = NULL;
	if (!step) {
		reply_error(r, 409, "workflow.not_allowed", "This %s is %s; it cannot be given \"%s\" now.", t->label_one,
			    *status ? status : "without a status", action);
		goto out;
	}
	if (!(step->roles & (1u << r->caller.role))) {
		reply_error(r, 403, "auth.role", "Your role cannot %s a %s.", action, t->label_one);
		goto out;
	}
	comment = json_is_object(r->body) ? body_string(r, "comment", 4000, step->comment_required, &bad) : NULL;
	if (bad)
		goto out;
	if (step->comment_required && !comment) {
		reply_invalid(r, "comment", "Say why: the comment goes back to the State.");
		goto out;
	}
	json_object_set_new(data, t->status_field, json_string(step->to));
	if (comment && t->comment_field)
		json_object_set_new(data, t->comment_field, json_string(comment));
	rec.updated_at = util_now_ms();
	rec.updated_by = r->caller.user_id;
	char why[96];
	snprintf(why, sizeof why, "%s: %s to %s", action, status, step->to);
	if (!set_data(r, &rec, json_incref(data)))
		goto out;
	if (save(r, t, &rec, data, comment ? comment : why) != DB_OK) {
		reply_db_error(r);
		goto out;
	}
	char act[64];
	snprintf(act, sizeof act, "register.%s", action);
	audit_and_reply(r, t, &rec, act, json_pack("{s:s, s:s}", "from", status, "to", step->to));
out:
	json_decref(data);
	db_record_clear(&rec);
}
