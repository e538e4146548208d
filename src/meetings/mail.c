/* Reminders by e-mail: each State's digest (overdue and due in 14 days)
 * to its nodal officer, through an SMTP server with libcurl.  Run by
 * `ahtcell digest send` (from cron, say, each Monday).  Without a mail
 * server configured it prints the digests and sends nothing: nothing else
 * depends on mail. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "meetings/meetings.h"
#include "util/util.h"

struct payload {
	const char *data;
	size_t len, sent;
};

static size_t read_payload(char *out, size_t size, size_t n, void *ctx)
{
	struct payload *p = ctx;
	size_t room = size * n, left = p->len - p->sent;
	size_t k = left < room ? left : room;
	memcpy(out, p->data + p->sent, k);
	p->sent += k;
	return k;
}

/* The current nodal officer's e-mail of state into out (255); false when
 * none is recorded. */
static int first_record(void *ctx, const struct db_record *r)
{
	json_t *data = json_loads(r->data, 0, NULL);
	const char *e = json_string_value(json_object_get(data, "email"));
	if (e)
		snprintf(ctx, 255, "%s", e);
	json_decref(data);
	return 1;
}

static bool officer_email(struct db *db, int state, char out[255])
{
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	struct db_record_filter f = { .type = "officers", .state_lgd = state, .current_only = true,
				      .sort = RECORD_SORT_ID, .limit = 1 };
	int64_t total = 0;
	out[0] = 0;
	return db->ops->record_list(db, &all, &f, first_record, out, &total) == DB_OK && out[0];
}

/* The message: headers, a blank line, the body (CRLF line ends). */
static char *message(const char *from, const char *to, const char *text, int state)
{
	const char *nl = strchr(text, '\n');
	size_t subject_len = nl ? (size_t)(nl - text) : strlen(text);
	const char *body = nl ? nl + 1 : "";
	while (*body == '\n')
		body++;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	struct buf b;
	buf_init(&b, 8u * 1024 * 1024);
	buf_printf(&b, "Date: %s\r\nFrom: AHT Cell <%s>\r\nTo: <%s>\r\nSubject: %.*s\r\n"
		       "Message-ID: <%lld.%d@ahtcell>\r\nMIME-Version: 1.0\r\n"
		       "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
		   date, from, to, (int)subject_len, text, (long long)util_now_ms(), state);
	for (const char *p = body; *p; p++) {
		if (*p == '\n')
			buf_append(&b, "\r\n", 2);
		else if (*p == '.' && (p == body || p[-1] == '\n'))
			buf_append(&b, "..", 2);        /* a line of its own "." would end the message */
		else
			buf_append(&b, p, 1);
	}
	return b.data;
}

static int send_one(const char *smtp_url, const char *from, const char *to, const char *msg)
{
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	struct payload p = { msg, strlen(msg), 0 };
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	curl_easy_setopt(c, CURLOPT_URL, smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_payload);
	curl_easy_setopt(c, CURLOPT_READDATA, &p);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		log_error("digest: sending to %s through %s: %s", to, smtp_url, curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

int meetings_mail_digests(struct db *db, const char *smtp_url, const char *mail_from, int state)
{
	json_t *states = db->ops->states_list(db);
	if (!states)
		return -1;
	if (smtp_url && curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		json_decref(states);
		return -1;
	}
	struct scope all = { SCOPE_NATIONAL, 0, 0 };
	int done = 0, failed = 0;
	size_t i;
	json_t *st;
	json_array_foreach(json_is_array(states) ? states : json_object_get(states, "items"), i, st) {
		int lgd = (int)json_integer_value(json_object_get(st, "lgd"));
		if (state && lgd != state)
			continue;
		json_t *d = meetings_digest(db, &all, lgd);
		if (!d) {
			failed++;
			continue;
		}
		if (!json_integer_value(json_object_get(d, "overdue_total")) &&
		    !json_integer_value(json_object_get(d, "due_soon_total"))) {
			json_decref(d);
			continue;
		}
		char to[255];
		char *text = meetings_digest_text(d, "Action points of ");
		if (!officer_email(db, lgd, to)) {
			fprintf(stderr, "ahtcell: %s has no nodal officer's e-mail in the directory: its digest is not sent\n",
				json_string_value(json_object_get(d, "state")));
		} else if (!smtp_url) {
			printf("---- to %s\n%s\n", to, text ? text : "");
			done++;
		} else {
			char *msg = text ? message(mail_from, to, text, lgd) : NULL;
			if (msg && send_one(smtp_url, mail_from, to, msg) == 0) {
				printf("sent to %s: %s\n", to, json_string_value(json_object_get(d, "state")));
				char sid[16];
				snprintf(sid, sizeof sid, "%d", lgd);
				audit_record_raw(db, 0, "cli", "cli", "digest.sent", "state", sid, "ok", json_pack("{s:i, s:I, s:I}", "state_lgd", lgd, "overdue",
								 json_integer_value(json_object_get(d, "overdue_total")), "due_soon",
								 json_integer_value(json_object_get(d, "due_soon_total"))));
				done++;
			} else {
				failed++;
			}
			free(msg);
		}
		free(text);
		json_decref(d);
	}
	json_decref(states);
	if (smtp_url)
		curl_global_cleanup();
	return failed ? -1 : done;
}
