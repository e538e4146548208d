/* The attachments' handlers.  Who may call is the route table's; whether
 * the caller may attach to or read a record is decided once, in
 * owner_check(), from the record as the caller's scope reaches it. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attachments/attachments.h"
#include "auth/auth.h"
#include "documents/documents.h"
#include "registers/registers.h"
#include "util/util.h"

static char data_dir[PATH_MAX - 64] = "var";

void attachments_set_data_dir(const char *dir)
{
	snprintf(data_dir, sizeof data_dir, "%s", dir);
}

/* Whether the record owner_type/owner_id exists in the caller's scope —
 * and, to attach (writing), whether it is the caller's State's and still
 * open to change.  Sets *state to the record's State.  False with a reply
 * set. */
static bool owner_check(struct request *r, const char *owner_type, int64_t owner_id, bool writing, int *state)
{
	struct scope s = auth_scope(&r->caller);
	if (owner_type && strcmp(owner_type, "action_report") == 0) {
		struct db_action_report rep;
		enum db_status st = r->db->ops->report_get(r->db, &s, owner_id, &rep);
		if (st != DB_OK) {
			if (st == DB_NOTFOUND)
				reply_not_found(r);
			else
				reply_db_error(r);
			return false;
		}
		if (writing && rep.decision[0]) {
			reply_error(r, 409, "attachment.closed",
				    "The Cell has %s this report; attach the file to a new report instead.", rep.decision);
			return false;
		}
		*state = rep.state_lgd;
		return true;
	}
	const struct reg_type *t = owner_type ? reg_type_find(owner_type) : NULL;
	if (!t || !t->status_field || t->level != REG_LEVEL_STATE) {
		reply_invalid(r, "owner_type", "owner_type must be action_report, practices or nominations.");
		return false;
	}
	struct db_record rec;
	enum db_status st = r->db->ops->record_get(r->db, &s, t->name, owner_id, &rec);
	if (st != DB_OK) {
		if (st == DB_NOTFOUND)
			reply_not_found(r);
		else
			reply_db_error(r);
		return false;
	}
	json_t *data = json_loads(rec.data, 0, NULL);
	const char *status = json_string_value(json_object_get(data, t->status_field));
	bool open = reg_editable(t, status);
	*state = rec.state_lgd;
	db_record_clear(&rec);
	if (writing && !open) {
		reply_error(r, 409, "record.locked", "This %s is %s: files can be attached while it is a draft%s.",
			    t->label_one, status ? status : "?", strcmp(t->name, "practices") == 0 ? " or returned" : "");
		json_decref(data);
		return false;
	}
	json_decref(data);
	return true;
}

static bool owner_of_query(struct request *r, const char **type, int64_t *id)
{
	*type = r->upload ? upload_field(r, "owner_type") : request_query(r, "owner_type");
	const char *v = r->upload ? upload_field(r, "owner_id") : request_query(r, "owner_id");
	long long n;
	if (!v || !util_parse_int(v, 1, INT64_MAX, &n)) {
		reply_invalid(r, "owner_id", "owner_id must be the id of the report or record.");
		return false;
	}
	*id = n;
	return true;
}

void attachments_upload(struct request *r)
{
	struct upload *up = r->upload;
	const char *owner_type;
	int64_t owner_id;
	int state = 0;
	if (!up || !up->has_file) {
		reply_invalid(r, "file", "Choose a file to attach (the form field \"file\").");
		return;
	}
	if (up->size == 0 || up->size > DOC_FILE_MAX) {
		reply_error(r, up->size ? 413 : 400, up->size ? "request.too_large" : "request.invalid",
			    up->size ? "The file is larger than 50 MB." : "The file is empty.");
		return;
	}
	if (!owner_of_query(r, &owner_type, &owner_id) || !owner_check(r, owner_type, owner_id, true, &state))
		return;
	if (r->caller.scope.level != SCOPE_NATIONAL && state != r->caller.scope.state_lgd) {
		reply_not_found(r);
		return;
	}
	char mime[128];
	const char *ext;
	int t = docs_detect_type(up->fd, mime, &ext);
	if (t < 0) {
		reply_db_error(r);
		return;
	}
	if (t > 0) {
		reply_error(r, 415, "document.type_refused", "This file is %.80s; attach a PDF, an ODT or DOCX document, "
			    "an ODS or XLSX sheet, or a plain-text file.", mime);
		return;
	}
	bool created = false;
	if (store_commit(data_dir, up->tmp_path, up->sha256, &created) != 0) {
		reply_error(r, 503, "server.storage", "The server could not store the file; try again later.");
		return;
	}
	struct db_blob b = { .size = (int64_t)up->size, .pages = -1, .created_at = util_now_ms() };
	memcpy(b.sha256, up->sha256, sizeof b.sha256);
	snprintf(b.mime, sizeof b.mime, "%s", mime);
	snprintf(b.format, sizeof b.format, "%s", ext);
	snprintf(b.text_status, sizeof b.text_status, "none");  /* not for the library's search */
	struct db_attachment a = { .owner_id = owner_id, .state_lgd = state, .created_at = b.created_at,
				   .created_by = r->caller.user_id };
	snprintf(a.owner_type, sizeof a.owner_type, "%s", owner_type);
	memcpy(a.sha256, up->sha256, sizeof a.sha256);
	/* the name as the client gave it, without folders, quotes or control
	 * characters, valid UTF-8 cut at a character (else a plain one) */
	util_clean_file_name(up->file_name, a.file_name, sizeof a.file_name);
	if (!a.file_name[0])
		snprintf(a.file_name, sizeof a.file_name, "attachment.%s", ext);
	char id[24];
	if (r->db->ops->blob_insert(r->db, &b) != DB_OK || r->db->ops->attachment_insert(r->db, &a) != DB_OK)
		goto fail;
	snprintf(id, sizeof id, "%lld", (long long)a.id);
	if (audit_record(r, "attachment.create", "attachment", id, "ok",
			 json_pack("{s:s, s:I, s:s, s:I}", "owner_type", a.owner_type, "owner_id", (json_int_t)owner_id,
				   "sha256", a.sha256, "size", (json_int_t)b.size)) != 0)
		goto fail;
	char url[64];
	snprintf(url, sizeof url, "/api/v1/attachments/%lld", (long long)a.id);
	reply_json(r, 201, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a.id, "file_name", a.file_name,
				     "size", (json_int_t)b.size, "type", b.mime, "format", b.format, "url", url));
	return;
fail:
	reply_db_error(r);
	if (created)
		store_remove(data_dir, up->sha256);
}

void attachments_list(struct request *r)
{
	const char *owner_type;
	int64_t owner_id;
	int state;
	if (!owner_of_query(r, &owner_type, &owner_id) || !owner_check(r, owner_type, owner_id, false, &state))
		return;
	struct scope s = auth_scope(&r->caller);
	json_t *items = r->db->ops->attachments_of(r->db, &s, owner_type, owner_id);
	if (!items) {
		reply_db_error(r);
		return;
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void attachments_file(struct request *r)
{
	int64_t id;
	if (!request_param_id(r, 0, &id))
		return;
	struct scope s = auth_scope(&r->caller);
	struct db_attachment a;
	enum db_status st = r->db->ops->attachment_get(r->db, &s, id, &a);
	if (st != DB_OK) {
		if (st == DB_NOTFOUND)
			reply_not_found(r);
		else
			reply_db_error(r);
		return;
	}
	char path[PATH_MAX];
	store_path(data_dir, a.sha256, path, sizeof path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("attachments: %s: %s", path, strerror(errno));
		reply_error(r, 503, "server.storage", "The file could not be read; the administrator has been told.");
		return;
	}
	/* every reading from the start is audited (not a HEAD, a 304, nor the
	 * further ranges a viewer fetches); no record, no reading */
	char etag[72];
	snprintf(etag, sizeof etag, "\"%s\"", a.sha256);
	if (request_reads_from_start(r, (uint64_t)a.blob.size, etag)) {
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)a.id);
		if (audit_record(r, "attachment.download", "attachment", sid, "ok",
				 json_pack("{s:s, s:I}", "owner_type", a.owner_type, "owner_id", (json_int_t)a.owner_id)) != 0) {
			close(fd);
			reply_error(r, 503, "server.busy", "The download could not be recorded; try again in a moment.");
			return;
		}
	}
	/* an ASCII name for old clients, the real one (RFC 5987) for the rest */
	char disposition[1200], type[160], ascii[256], encoded[800];
	size_t ka = 0, ke = 0;
	for (const unsigned char *p = (const unsigned char *)a.file_name; *p && ke < sizeof encoded - 4; p++) {
		if (ka < sizeof ascii - 1)
			ascii[ka++] = *p < 0x80 && *p != '%' ? (char)*p : '_';
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-_", *p))
			encoded[ke++] = (char)*p;
		else
			ke += (size_t)snprintf(encoded + ke, sizeof encoded - ke, "%%%02X", *p);
	}
	ascii[ka] = 0;
	encoded[ke] = 0;
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, encoded);
	snprintf(type, sizeof type, "%s%s", a.blob.mime, strcmp(a.blob.format, "txt") == 0 ? "; charset=utf-8" : "");
	reply_file(r, fd, (uint64_t)a.blob.size, type, etag, disposition, "private, no-store");
}
