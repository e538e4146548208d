/* Cases from a CSV file (POST /api/v1/imports/cases): one row per victim,
 * the case's columns repeated on each of its rows, checked row by row with
 * the same rules as a case sent to the API; every problem named by row and
 * column; nothing saved unless every row is right (the request's one
 * transaction).  docs/cases.md lists the columns. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cases/internal.h"
#include "util/util.h"

#define IMPORT_BYTES_MAX (10 * 1024 * 1024)
#define IMPORT_ROWS_MAX 50000
#define IMPORT_ERRORS_MAX 1000

enum column {
	COL_DISTRICT, COL_STATION, COL_FIR, COL_FIR_DATE, COL_SECTIONS, COL_AHTU, COL_STATUS, COL_STATUS_ON,
	COL_GENDER, COL_AGE, COL_AGE_BAND, COL_NATIONALITY, COL_PURPOSES, COL_CONTROL, COL_RELATION, COL_RESCUED_ON,
	COL_RESCUE_DISTRICT, COL_SHELTER, COL_SOURCE, COL_TRANSIT, COL_DESTINATION, COL_NAME, COL_ADDRESS, COL_CONTACT,
	COL_COUNT
};
static const char *const column_names[COL_COUNT] = {
	"district_lgd", "police_station", "fir_number", "fir_date", "sections", "ahtu", "status", "status_on",
	"gender", "age", "age_band", "nationality", "purposes", "methods_of_control", "recruiter_relation",
	"rescued_on", "rescue_district_lgd", "shelter", "source", "transit", "destination", "name", "address", "contact",
};
static const bool required[COL_COUNT] = {
	[COL_DISTRICT] = true, [COL_STATION] = true, [COL_FIR] = true, [COL_FIR_DATE] = true, [COL_GENDER] = true,
	[COL_NATIONALITY] = true,
};
/* The columns of the case, the same on each of its rows. */
#define CASE_COLUMNS 8

/* A case being gathered: its body, the row of its first line and of each victim. */
struct gathered {
	json_t *body;
	int first_row;
	int *rows;
	int nrows;
};

struct reading {
	struct request *r;
	int map[COL_COUNT];             /* column → field index in the file, -1 absent */
	int row;                        /* as a spreadsheet numbers it: the header is 1 */
	bool header_done;
	GHashTable *by_key;             /* case key → index in cases */
	GArray *cases;                  /* struct gathered */
	json_t *errors;
	bool stop;                      /* a problem with the file itself */
};

static void problem(struct reading *g, int row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct reading *g, int row, const char *column, const char *fmt, ...)
{
	if (json_array_size(g->errors) >= IMPORT_ERRORS_MAX)
		return;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_array_append_new(g->errors, json_pack("{s:i, s:s, s:s}", "row", row, "column", column ? column : "",
						   "message", msg));
}

static const char *field_of(struct reading *g, int n, char **f, enum column c)
{
	int i = g->map[c];
	return i >= 0 && i < n ? f[i] : "";
}

/* "a; b;c" → ["a","b","c"] (empty parts left out). */
static json_t *list_of(const char *s)
{
	json_t *a = json_array();
	char *copy = strdup(s ? s : ""), *save = NULL;
	for (char *t = copy ? strtok_r(copy, ";", &save) : NULL; t; t = strtok_r(NULL, ";", &save)) {
		while (*t == ' ')
			t++;
		size_t len = strlen(t);
		while (len > 0 && t[len - 1] == ' ')
			t[--len] = 0;
		if (*t)
			json_array_append_new(a, json_string(t));
	}
	free(copy);
	return a;
}

/* "D313", "313" or "NP" → a place's JSON; null for "". */
static json_t *place_of(const char *s)
{
	while (*s == ' ')
		s++;
	if (!*s)
		return json_null();
	long long lgd;
	if (util_parse_int(s[0] == 'D' ? s + 1 : s, 1, 9999, &lgd))
		return json_pack("{s:I}", "district_lgd", (json_int_t)lgd);
	return json_pack("{s:s}", "country", s);
}

static json_t *transit_of(const char *s)
{
	json_t *parts = list_of(s), *out = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(parts, i, p)
		json_array_append_new(out, place_of(json_string_value(p)));
	json_decref(parts);
	return out;
}

static void set_text(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
}

/* The number in v as JSON, or v itself (a string the check refuses). */
static json_t *number_or_text(const char *v)
{
	long long n;
	return util_parse_int(v, -1000000000LL, 1000000000LL, &n) ? json_integer(n) : json_string(v);
}

static int header(struct reading *g, int n, char **f)
{
	for (int c = 0; c < COL_COUNT; c++)
		g->map[c] = -1;
	for (int i = 0; i < n; i++) {
		const char *name = f[i];
		if (i == 0 && (unsigned char)name[0] == 0xEF && (unsigned char)name[1] == 0xBB && (unsigned char)name[2] == 0xBF)
			name += 3;
		int c = 0;
		while (c < COL_COUNT && g_ascii_strcasecmp(column_names[c], name) != 0)
			c++;
		if (c == COL_COUNT) {
			problem(g, 1, name, "'%.40s' is not a column of a case file (docs/cases.md lists them).", name);
			g->stop = true;
			continue;
		}
		if (g->map[c] >= 0) {
			problem(g, 1, name, "The column %s is there twice.", column_names[c]);
			g->stop = true;
		}
		g->map[c] = i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (required[c] && g->map[c] < 0) {
			problem(g, 1, column_names[c], "The column %s is missing.", column_names[c]);
			g->stop = true;
		}
	return g->stop ? 1 : 0;
}

static int on_row(void *ctx, int n, char **f)
{
	struct reading *g = ctx;
	g->row++;
	if (!g->header_done) {
		g->header_done = true;
		return header(g, n, f);
	}
	if (g->row - 1 > IMPORT_ROWS_MAX) {
		problem(g, g->row, NULL, "A file holds at most %d victims; split it.", IMPORT_ROWS_MAX);
		g->stop = true;
		return 1;
	}
	bool blank = true;
	for (int i = 0; i < n && blank; i++)
		blank = !f[i][0];
	if (blank)
		return 0;
	/* the case: district, police station (any case of letters), FIR number and date */
	char *station = g_utf8_casefold(field_of(g, n, f, COL_STATION), -1);
	char *key = g_strdup_printf("%s\x1f%s\x1f%s\x1f%s", field_of(g, n, f, COL_DISTRICT), station,
				    field_of(g, n, f, COL_FIR), field_of(g, n, f, COL_FIR_DATE));
	g_free(station);
	gpointer idx;
	struct gathered *c;
	if (g_hash_table_lookup_extended(g->by_key, key, NULL, &idx)) {
		g_free(key);
		c = &g_array_index(g->cases, struct gathered, GPOINTER_TO_INT(idx));
		/* the case's other columns must say the same on each of its rows */
		for (int col = COL_SECTIONS; col < CASE_COLUMNS; col++) {
			const char *now = field_of(g, n, f, (enum column)col);
			json_t *had = json_object_get(c->body, column_names[col]);
			const char *before = json_is_string(had) ? json_string_value(had) : "";
			if (col == COL_SECTIONS) {
				json_t *list = list_of(now);
				bool same = json_equal(list, had);
				json_decref(list);
				if (!same)
					problem(g, g->row, column_names[col], "The case's %s differ from its row %d.",
						column_names[col], c->first_row);
			} else if (strcmp(now, before) != 0) {
				problem(g, g->row, column_names[col], "The case's %s differs from its row %d.", column_names[col],
					c->first_row);
			}
		}
	} else {
		struct gathered fresh = { json_object(), g->row, NULL, 0 };
		long long lgd;
		const char *d = field_of(g, n, f, COL_DISTRICT);
		json_object_set_new(fresh.body, "district_lgd",
				    util_parse_int(d, 1, 9999, &lgd) ? json_integer(lgd) : json_string(d));
		set_text(fresh.body, "police_station", field_of(g, n, f, COL_STATION));
		set_text(fresh.body, "fir_number", field_of(g, n, f, COL_FIR));
		set_text(fresh.body, "fir_date", field_of(g, n, f, COL_FIR_DATE));
		json_object_set_new(fresh.body, "sections", list_of(field_of(g, n, f, COL_SECTIONS)));
		set_text(fresh.body, "ahtu", field_of(g, n, f, COL_AHTU));
		set_text(fresh.body, "status", field_of(g, n, f, COL_STATUS));
		set_text(fresh.body, "status_on", field_of(g, n, f, COL_STATUS_ON));
		json_object_set_new(fresh.body, "victims", json_array());
		g_array_append_val(g->cases, fresh);
		g_hash_table_insert(g->by_key, key, GINT_TO_POINTER(g->cases->len - 1));
		c = &g_array_index(g->cases, struct gathered, g->cases->len - 1);
	}
	/* the row's victim */
	json_t *v = json_object();
	set_text(v, "gender", field_of(g, n, f, COL_GENDER));
	const char *age = field_of(g, n, f, COL_AGE);
	if (*age)
		json_object_set_new(v, "age", number_or_text(age));
	set_text(v, "age_band", field_of(g, n, f, COL_AGE_BAND));
	set_text(v, "nationality", field_of(g, n, f, COL_NATIONALITY));
	json_object_set_new(v, "purposes", list_of(field_of(g, n, f, COL_PURPOSES)));
	json_object_set_new(v, "methods_of_control", list_of(field_of(g, n, f, COL_CONTROL)));
	set_text(v, "recruiter_relation", field_of(g, n, f, COL_RELATION));
	set_text(v, "rescued_on", field_of(g, n, f, COL_RESCUED_ON));
	const char *rd = field_of(g, n, f, COL_RESCUE_DISTRICT);
	if (*rd)
		json_object_set_new(v, "rescue_place", json_pack("{s:o}", "district_lgd", number_or_text(rd)));
	set_text(v, "shelter", field_of(g, n, f, COL_SHELTER));
	json_object_set_new(v, "route", json_pack("{s:o, s:o, s:o}", "source", place_of(field_of(g, n, f, COL_SOURCE)),
						  "transit", transit_of(field_of(g, n, f, COL_TRANSIT)), "destination",
						  place_of(field_of(g, n, f, COL_DESTINATION))));
	const char *name = field_of(g, n, f, COL_NAME), *address = field_of(g, n, f, COL_ADDRESS),
		   *contact = field_of(g, n, f, COL_CONTACT);
	if (*name || *address || *contact) {
		json_t *p = json_object();
		set_text(p, "name", name);
		set_text(p, "address", address);
		set_text(p, "contact", contact);
		json_object_set_new(v, "personal", p);
	}
	json_array_append_new(json_object_get(c->body, "victims"), v);
	int *rows = realloc(c->rows, sizeof *rows * (size_t)(c->nrows + 1));
	if (!rows) {
		problem(g, g->row, NULL, "The server ran out of memory reading the file; nothing was saved.");
		g->stop = true;
		return 1;
	}
	c->rows = rows;
	c->rows[c->nrows++] = g->row;
	return 0;
}

/* The row and column of a problem the case check named by its field:
 * "victims[3].route.transit[1]" is the fourth victim's row, column transit. */
static void locate(const struct gathered *c, const char *field, int *row, char column[32])
{
	*row = c->first_row;
	snprintf(column, 32, "%.31s", field);
	int v;
	if (sscanf(field, "victims[%d]", &v) == 1 && v >= 0 && v < c->nrows) {
		*row = c->rows[v];
		const char *rest = strchr(field, ']');
		rest = rest && rest[1] == '.' ? rest + 2 : "";
		static const struct { const char *prefix, *column; } map[] = {
			{ "route.source", "source" }, { "route.destination", "destination" }, { "route.transit", "transit" },
			{ "rescue_place", "rescue_district_lgd" }, { "personal.name", "name" },
			{ "personal.address", "address" }, { "personal.contact", "contact" },
		};
		snprintf(column, 32, "%.*s", (int)strcspn(rest, ".["), rest);
		for (size_t i = 0; i < sizeof map / sizeof *map; i++)
			if (strncmp(rest, map[i].prefix, strlen(map[i].prefix)) == 0)
				snprintf(column, 32, "%s", map[i].column);
	}
}

/* Orders the problems by row, the order of their finding within a row. */
static int by_row(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t rx = json_integer_value(json_object_get(x, "row")), ry = json_integer_value(json_object_get(y, "row"));
	if (rx != ry)
		return rx < ry ? -1 : 1;
	json_int_t sx = json_integer_value(json_object_get(x, "seq")), sy = json_integer_value(json_object_get(y, "seq"));
	return sx < sy ? -1 : sx > sy;
}

static json_t *sorted_by_row(json_t *errors)
{
	size_t n = json_array_size(errors), i;
	json_t **v = malloc(sizeof *v * (n ? n : 1)), *out = json_array();
	for (i = 0; v && i < n; i++) {
		v[i] = json_array_get(errors, i);
		json_object_set_new(v[i], "seq", json_integer((json_int_t)i));
	}
	if (v)
		qsort(v, n, sizeof *v, by_row);
	for (i = 0; v && i < n; i++) {
		json_object_del(v[i], "seq");
		json_array_append(out, v[i]);
	}
	free(v);
	json_decref(errors);
	return out;
}

static void gathered_free(GArray *cases)
{
	for (guint i = 0; cases && i < cases->len; i++) {
		struct gathered *c = &g_array_index(cases, struct gathered, i);
		json_decref(c->body);
		free(c->rows);
	}
	if (cases)
		g_array_free(cases, TRUE);
}

void cases_import(struct request *r)
{
	struct upload *up = r->upload;
	if (!up || !up->has_file) {
		reply_invalid(r, "file", "Choose the CSV file of cases to upload (the form field \"file\").");
		return;
	}
	if (up->size > IMPORT_BYTES_MAX) {
		reply_error(r, 413, "import.too_big", "A file of cases holds at most 10 MB; split it.");
		return;
	}
	char *data = malloc(up->size + 1);
	ssize_t got = data ? pread(up->fd, data, up->size, 0) : -1;
	if (got < 0 || (uint64_t)got != up->size) {
		free(data);
		reply_db_error(r);
		return;
	}
	data[got] = 0;
	struct reading g = { .r = r };
	g.by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g.cases = g_array_new(FALSE, TRUE, sizeof(struct gathered));
	g.errors = json_array();
	if (!g_utf8_validate(data, got, NULL)) {
		problem(&g, 1, NULL, "The file is not UTF-8 text: save it as \"CSV UTF-8\".");
		g.stop = true;
	} else if (util_csv_rows(data, (size_t)got, on_row, &g) < 0 && !g.stop) {
		problem(&g, g.row + 1, NULL, "The file is not a well-formed CSV after row %d (a quote not closed?).", g.row);
		g.stop = true;
	}
	free(data);
	if (!g.stop && g.cases->len == 0)
		problem(&g, 2, NULL, "The file holds no victims.");
	/* each case checked as the API checks one; the file's own repeats of a FIR */
	GPtrArray *checked = g_ptr_array_new();
	GHashTable *firs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	long long victims = 0;
	for (guint i = 0; !g.stop && i < g.cases->len; i++) {
		struct gathered *c = &g_array_index(g.cases, struct gathered, i);
		struct db_case *out = calloc(1, sizeof *out);
		struct case_problem p;
		if (!out) {
			problem(&g, c->first_row, NULL, "The server ran out of memory checking the file; nothing was saved.");
			break;
		}
		if (!cases_check_new(r, c->body, out, &p)) {
			int row;
			char column[32];
			locate(c, p.field, &row, column);
			problem(&g, row, column, "%s", p.message);
			db_case_clear(out);
			free(out);
			continue;
		}
		char *station = g_utf8_casefold(out->police_station, -1);
		char *fir = g_strdup_printf("%d\x1f%s\x1f%s\x1f%.4s", out->district_lgd, station, out->fir_number,
					    out->fir_date);
		g_free(station);
		if (g_hash_table_contains(firs, fir)) {
			problem(&g, c->first_row, "fir_number", "FIR %s of %s in %.4s is in the file twice, with two dates.",
				out->fir_number, out->police_station, out->fir_date);
			g_free(fir);
		} else {
			g_hash_table_add(firs, fir);
		}
		victims += out->nvictims;
		g_ptr_array_add(checked, out);
	}
	g_hash_table_destroy(firs);
	int64_t now = util_now_ms();
	json_t *ids = json_array();
	bool saved = json_array_size(g.errors) == 0;
	for (guint i = 0; saved && i < checked->len; i++) {
		struct db_case *c = checked->pdata[i];
		c->created_at = c->updated_at = now;
		c->created_by = c->updated_by = r->caller.user_id;
		saved = r->db->ops->case_insert(r->db, c) == DB_OK
			&& r->db->ops->case_event_add(r->db, c->id, c->status, c->status_on, now, r->caller.user_id) == DB_OK;
		json_array_append_new(ids, json_integer(c->id));
	}
	for (guint i = 0; i < checked->len; i++) {
		db_case_clear(checked->pdata[i]);
		free(checked->pdata[i]);
	}
	g_ptr_array_free(checked, TRUE);
	size_t ncases = g.cases->len;
	gathered_free(g.cases);
	g_hash_table_destroy(g.by_key);
	if (json_array_size(g.errors) > 0) {
		json_decref(ids);
		size_t n = json_array_size(g.errors);
		json_t *b = json_pack("{s:{s:s, s:s}, s:o}", "error", "code", "import.rejected", "message",
				      n >= IMPORT_ERRORS_MAX ? "The file has at least 1000 problems; nothing was saved."
							     : "The file has problems; nothing was saved. Correct the rows listed and upload it again.",
				      "errors", sorted_by_row(g.errors));
		reply_json(r, 422, b);
		return;
	}
	json_decref(g.errors);
	if (!saved) {
		json_decref(ids);
		reply_db_error(r);
		return;
	}
	if (audit_record(r, "case.import", "cases", "", "ok",
			 json_pack("{s:I, s:I, s:I}", "cases", (json_int_t)ncases, "victims", (json_int_t)victims, "size",
				   (json_int_t)up->size)) != 0) {
		json_decref(ids);
		reply_db_error(r);
		return;
	}
	reply_json(r, 201, json_pack("{s:I, s:I, s:o}", "cases", (json_int_t)ncases, "victims", (json_int_t)victims,
				     "ids", ids));
}
