/* A register's record: validation of its fields against their description,
 * its search text and its JSON shapes.  No HTTP, no storage. */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitoring/money.h"
#include "registers/registers.h"
#include "util/util.h"

static bool fail(struct reg_error *err, const struct reg_field *f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct reg_error *err, const struct reg_field *f, const char *fmt, ...)
{
	snprintf(err->field, sizeof err->field, "%s", f ? f->name : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

/* True when s (n bytes, valid UTF-8) holds no control character: C0 (but
 * \n where lines are allowed), DEL, C1, U+FFFE/U+FFFF. */
static bool text_clean(const char *s, size_t n, bool lines)
{
	for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if ((u < 0x20 && !(lines && u == '\n')) || (u >= 0x7f && u <= 0x9f) || u == 0xfffe || u == 0xffff)
			return false;
	}
	return true;
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || at - s > 64 || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return false;
	for (const char *p = s; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' || *p == '"')
			return false;
	return true;
}

static bool phone_valid(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()/", *p))
			return false;
	}
	return digits >= 6 && digits <= 15;
}

/* Checks one value v against f; returns the value to store (new
 * reference) or NULL with err set. */
static json_t *field_value(const struct reg_field *f, const json_t *v, struct reg_error *err)
{
	if (f->type == RF_INT) {
		long long n;
		if (json_is_integer(v))
			n = json_integer_value(v);
		else if (!json_is_string(v) || !util_parse_int(json_string_value(v), f->min, f->max, &n)) {
			fail(err, f, "%s must be a whole number from %d to %d.", f->label, f->min, f->max);
			return NULL;
		}
		if (n < f->min || n > f->max) {
			fail(err, f, "%s must be from %d to %d.", f->label, f->min, f->max);
			return NULL;
		}
		return json_integer(n);
	}
	if (f->type == RF_MONEY) {
		int64_t paise = 0;
		bool ok = json_is_integer(v) ? (paise = json_integer_value(v)) >= 0 && paise <= MONEY_MAX
					     : json_is_string(v) && money_parse(json_string_value(v), &paise);
		if (!ok) {
			fail(err, f, "%s is an amount in rupees (1,23,456 or 8.72 crore or 45.5 lakh), or a number of paise.",
			     f->label);
			return NULL;
		}
		if (f->max && paise > (int64_t)f->max * PAISE_PER_CRORE) {
			fail(err, f, "%s is at most ₹ %d crore.", f->label, f->max);
			return NULL;
		}
		return json_integer(paise);
	}
	if (!json_is_string(v)) {
		fail(err, f, "%s must be text.", f->label);
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n) {
		fail(err, f, "%s must not contain control characters.", f->label);
		return NULL;
	}
	while (*s == ' ' || *s == '\t')
		s++, n--;
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (!text_clean(s, n, f->type == RF_LONGTEXT)) {
		fail(err, f, "%s must not contain control characters.", f->label);
		return NULL;
	}
	if (f->max && n > (size_t)f->max) {
		fail(err, f, "%s is too long (at most %d bytes; this is %zu).", f->label, f->max, n);
		return NULL;
	}
	char *t = g_strndup(s, n);
	bool ok = true;
	const char *msg = NULL;
	switch (f->type) {
	case RF_EMAIL:
		ok = !n || email_valid(t);
		msg = "is not an e-mail address (name@example.gov.in).";
		break;
	case RF_PHONE:
		ok = !n || phone_valid(t);
		msg = "must be a telephone number: 6 to 15 digits, with spaces, +, -, ( ) allowed.";
		break;
	case RF_DATE:
		ok = !n || util_date_valid(t);
		msg = "must be a date written YYYY-MM-DD (2026-03-31).";
		break;
	case RF_DATETIME:
		ok = !n || (n == 16 && t[10] == 'T' && t[13] == ':' && t[11] >= '0' && t[11] <= '2' && t[12] >= '0' &&
			    t[12] <= '9' && t[14] >= '0' && t[14] <= '5' && t[15] >= '0' && t[15] <= '9' &&
			    (t[11] < '2' || t[12] <= '3') && (t[10] = 0, util_date_valid(t)));
		if (n == 16)
			t[10] = 'T';
		msg = "must be a date and time written YYYY-MM-DDTHH:MM (2026-03-31T10:30).";
		break;
	case RF_FINYEAR:
		ok = !n || util_financial_year_valid(t);
		msg = "must be a financial year written 2010-11.";
		break;
	case RF_URL:
		ok = !n || ((strncmp(t, "https://", 8) == 0 || strncmp(t, "http://", 7) == 0) && !strchr(t, ' '));
		msg = "must be a web address starting with https://.";
		break;
	case RF_ENUM:
		ok = !n;
		for (size_t i = 0; !ok && f->choices[i]; i++)
			ok = strcmp(f->choices[i], t) == 0;
		msg = "is not one of the choices offered.";
		break;
	default:
		break;
	}
	if (!ok) {
		g_free(t);
		fail(err, f, "%s %s", f->label, msg);
		return NULL;
	}
	json_t *out = n ? json_stringn(t, n) : json_null();
	g_free(t);
	return out;
}

json_t *reg_validate(const struct reg_type *t, const json_t *in, const json_t *base, struct reg_error *err)
{
	memset(err, 0, sizeof *err);
	if (!json_is_object(in)) {
		fail(err, NULL, "The body must be a JSON object.");
		return NULL;
	}
	/* unknown members are refused, naming them */
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)in, key, value) {
		bool known = false;
		for (size_t i = 0; i < t->nfields && !known; i++)
			known = strcmp(t->fields[i].name, key) == 0;
		if (!known) {
			/* named back only when short and plain: never a cut or odd character */
			bool plain = strlen(key) <= 40 && strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(key);
			snprintf(err->field, sizeof err->field, "%s", plain ? key : "body");
			if (plain)
				snprintf(err->message, sizeof err->message, "A %s has no field \"%s\".", t->label_one, key);
			else
				snprintf(err->message, sizeof err->message, "The body has a member that is no field of a %s.",
					 t->label_one);
			return NULL;
		}
	}
	json_t *out = json_object();
	for (size_t i = 0; i < t->nfields; i++) {
		const struct reg_field *f = &t->fields[i];
		if (f->flags & RF_DERIVED)
			continue;
		const json_t *v = json_object_get(in, f->name);
		if (!v && base)
			v = json_object_get(base, f->name);
		json_t *stored = v && !json_is_null(v) ? field_value(f, v, err) : json_null();
		if (!stored) {
			json_decref(out);
			return NULL;
		}
		if (json_is_null(stored) && (f->flags & RF_REQUIRED)) {
			json_decref(stored);
			json_decref(out);
			fail(err, f, "%s is required.", f->label);
			return NULL;
		}
		if (json_is_null(stored))
			json_decref(stored);
		else
			json_object_set_new(out, f->name, stored);
	}
	return out;
}

char *reg_search_text(const struct reg_type *t, const json_t *data, bool public_only)
{
	struct buf b;
	buf_init(&b, RECORD_DATA_MAX);
	buf_append(&b, "", 0);
	for (size_t i = 0; i < t->nfields; i++) {
		const json_t *v = json_object_get(data, t->fields[i].name);
		if ((t->fields[i].flags & RF_SEARCH) && json_is_string(v) && (!public_only || (t->fields[i].flags & RF_PUBLIC)))
			buf_printf(&b, " %s", json_string_value(v));
	}
	if (!b.data)
		return NULL;
	char *folded = g_utf8_casefold(b.data, -1);
	buf_free(&b);
	char *out = folded ? strdup(folded) : NULL;
	g_free(folded);
	return out;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *reg_record_json(const struct reg_type *t, const struct db_record *r, bool public_only)
{
	json_t *data = json_loads(r->data ? r->data : "{}", 0, NULL);
	if (!data)
		data = json_object();
	if (t->derive)
		t->derive(data);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "state_lgd", r->state_lgd ? json_integer(r->state_lgd) : json_null());
	json_object_set_new(o, "state", str_or_null(r->state_name));
	if (t->level == REG_LEVEL_DISTRICT) {
		json_object_set_new(o, "district_lgd", r->district_lgd ? json_integer(r->district_lgd) : json_null());
		json_object_set_new(o, "district", str_or_null(r->district_name));
	}
	if (t->terms) {
		json_object_set_new(o, "from", str_or_null(r->valid_from));
		json_object_set_new(o, "to", str_or_null(r->valid_to));
		json_object_set_new(o, "current", json_boolean(!r->valid_to[0]));
	}
	for (size_t i = 0; i < t->nfields; i++) {
		const struct reg_field *f = &t->fields[i];
		if (public_only && !(f->flags & RF_PUBLIC))
			continue;
		json_t *v = json_object_get(data, f->name);
		json_object_set(o, f->name, v ? v : json_null());
	}
	if (!public_only) {
		char at[32];
		json_object_set_new(o, "version", json_integer(r->version));
		util_iso8601(r->updated_at, at);
		json_object_set_new(o, "updated_at", json_string(at));
	}
	json_decref(data);
	return o;
}

static const char *type_name(enum reg_field_type t)
{
	static const char *const names[] = { "text", "longtext", "email", "phone", "date", "int", "enum", "url",
					     "datetime", "money", "finyear" };
	return names[t];
}

json_t *reg_type_json(const struct reg_type *t)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < t->nfields; i++) {
		const struct reg_field *f = &t->fields[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "name", f->name, "label",
				      f->label, "type", type_name(f->type), "required", (f->flags & RF_REQUIRED) != 0,
				      "public", (f->flags & RF_PUBLIC) != 0, "sortable", (f->flags & RF_SORT) != 0,
				      "filter", (f->flags & RF_FILTER) != 0, "column", (f->flags & RF_LIST) != 0,
				      "range", (f->flags & RF_RANGE) != 0, "reason_required", (f->flags & RF_REASON) != 0,
				      "by_review", (f->flags & RF_BY_REVIEW) != 0);
		if (f->flags & RF_DERIVED)
			json_object_set_new(o, "derived", json_true());
		if (f->type == RF_INT) {
			json_object_set_new(o, "min", json_integer(f->min));
			json_object_set_new(o, "max", json_integer(f->max));
		} else if (f->type == RF_MONEY) {
			if (f->max)
				json_object_set_new(o, "max_crore", json_integer(f->max));
		} else if (f->max) {
			json_object_set_new(o, "max_length", json_integer(f->max));
		}
		if (f->hint)
			json_object_set_new(o, "hint", json_string(f->hint));
		if (f->type == RF_ENUM) {
			json_t *choices = json_array();
			for (size_t c = 0; f->choices[c]; c++)
				json_array_append_new(choices, json_pack("{s:s, s:s}", "value", f->choices[c], "label",
									 f->choice_labels ? f->choice_labels[c] : f->choices[c]));
			json_object_set_new(o, "choices", choices);
		}
		json_array_append_new(fields, o);
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "name", t->name, "label", t->label,
			      "label_one", t->label_one, "title", t->title, "level",
			      t->level == REG_LEVEL_STATE ? "state" : t->level == REG_LEVEL_DISTRICT ? "district" : "national",
			      "terms", t->terms, "public",
			      t->public_read, "fields", fields);
	json_object_set_new(o, "default_sort", json_string(t->default_sort));
	const char *title = t->title_field;
	for (size_t i = 0; !title && i < t->nfields; i++)
		if ((t->fields[i].flags & RF_REQUIRED) && t->fields[i].type == RF_TEXT)
			title = t->fields[i].name;
	if (title)
		json_object_set_new(o, "title_field", json_string(title));
	if (t->status_field) {
		json_t *steps = json_array(), *editable = json_array();
		static const char *const role_names[] = { "public", "admin", "cell", "state", "district", "viewer" };
		for (size_t i = 0; i < t->ntransitions; i++) {
			const struct reg_transition *x = &t->transitions[i];
			json_t *from = json_array(), *roles = json_array();
			for (size_t f = 0; x->from[f]; f++)
				json_array_append_new(from, json_string(x->from[f]));
			for (size_t k = 0; k < sizeof role_names / sizeof role_names[0]; k++)
				if (x->roles & (1u << k))
					json_array_append_new(roles, json_string(role_names[k]));
			json_array_append_new(steps, json_pack("{s:s, s:o, s:s, s:o, s:b}", "action", x->action, "from", from,
							       "to", x->to, "roles", roles, "comment_required",
							       x->comment_required));
		}
		for (size_t i = 0; t->editable_in && t->editable_in[i]; i++)
			json_array_append_new(editable, json_string(t->editable_in[i]));
		json_object_set_new(o, "workflow", json_pack("{s:s, s:s, s:o, s:o, s:o}", "status_field", t->status_field,
							     "initial", t->initial_status, "public_status",
							     t->public_status ? json_string(t->public_status) : json_null(),
							     "editable_in", editable, "steps", steps));
	}
	return o;
}
