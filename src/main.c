/* ahtcell: the command line.  Each subcommand is a few lines here that call
 * into its module. */
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "auth/auth.h"
#include "crypto/field.h"
#include "db/db.h"
#include "attachments/attachments.h"
#include "cases/cases.h"
#include "cases/vocab.h"
#include "documents/documents.h"
#include "meetings/meetings.h"
#include "monitoring/monitoring.h"
#include "registers/registers.h"
#include "returns/import.h"
#include "returns/returns_api.h"
#include "returns/transfer.h"
#include "http/router.h"
#include "http/server.h"
#include "master/master.h"
#include "util/util.h"

static const char usage[] =
"ahtcell " AHTCELL_VERSION " - information system of the Anti Human Trafficking Cell\n"
"\n"
"usage: ahtcell COMMAND [options]\n"
"\n"
"commands:\n"
"  serve         serve the API and the web UI until SIGTERM/SIGINT\n"
"  migrate       bring the database schema up to date\n"
"  demo [--cases N] [--seed S]\n"
"                create the database with demo data (the Cell's published documents with\n"
"                placeholder PDFs, a demo nodal officer per State/UT, 3000 synthetic case\n"
"                records when there are none, the Comprehensive Scheme with its targets,\n"
"                2010-11 release and programmes as the Cell's page gives them, and\n"
"                synthetic AHTUs, releases, certificates and courses) and a first admin\n"
"                (password printed once);\n"
"                --cases N adds N synthetic cases (marked synthetic; names sealed up to\n"
"                20000), --seed makes them the same each time\n"
"  user add LOGIN --role ROLE --jurisdiction national|state:LGD|district:LGD\n"
"                [--name NAME] [--email EMAIL] [--temporary]\n"
"                              create a user; the password is read from standard input\n"
"  user passwd LOGIN           set a user's password (from standard input)\n"
"  user disable LOGIN | user enable LOGIN\n"
"  user list                   list users\n"
"  user token LOGIN --name NAME [--days N]\n"
"                              issue an API token (printed once)\n"
"  digest send [--state LGD] [--smtp URL --mail-from ADDRESS]\n"
"                e-mail each State's nodal officer its action points overdue and due in\n"
"                14 days (libcurl; smtp://host:25, smtps://host:465); without a mail\n"
"                server, print them instead\n"
"  audit-verify [--head ID:HASH]\n"
"                check the audit log's hash chain; exit 1 and name the entry where it breaks;\n"
"                prints the head, which --head checks later (a cut-off end)\n"
"  import returns FILE --as LOGIN [--accept]\n"
"                import a CSV or XLSX of returns' values (the template's columns), all or\n"
"                nothing, as LOGIN and within LOGIN's jurisdiction; periods past their lock\n"
"                are allowed (loading history). --accept: mark the returns accepted (LOGIN\n"
"                must be a cell or admin user). Errors are listed by row and cell; exit 1\n"
"  export returns --dataset CODE (--period P | --from P --to P) [--state LGD] [--district LGD]\n"
"                [--indicator CODE] [--template] [--format csv|xlsx] [--out FILE]\n"
"                the values as CSV (to standard output without --out) or XLSX; --template:\n"
"                every cell of every district for one period, blank where none, to fill in\n"
"  keys rotate   add a new personal-data key and seal new values with it\n"
"  routes        print the route table as JSON\n"
"  version       print the version\n"
"\n"
"options (every command):\n"
"  --data DIR          data folder (default ./var): database, keys, stored files (blobs/)\n"
"  --db URL            database (default sqlite:DIR/ahtcell.db)\n"
"  --config FILE       read options from FILE (lines 'key = value': listen, data, db, web,\n"
"                      threads, secure_cookies, smtp, mail_from)\n"
"serve options:\n"
"  --listen ADDR:PORT  default 127.0.0.1:8080 ([::1]:8080 for IPv6)\n"
"  --web DIR           the built web UI (default web/dist)\n"
"  --threads N         worker threads (default: twice the cores)\n"
"  --secure-cookies    mark the session cookie Secure (when a TLS proxy is in front)\n"
"\n"
"ROLE is admin, cell, state, district or viewer.\n";

struct options {
	struct server_config srv;
	char smtp_url[512], mail_from[256];     /* digest send */
	int state;
	char keys_dir[PATH_MAX];
	const char *role, *jurisdiction, *name, *email, *head;
	const char *as, *dataset, *period, *from, *to, *indicator, *format, *out;  /* import / export returns */
	int district;
	long long cases, seed;  /* demo --cases N --seed S; cases -1: not given */
	bool temporary, accept, template;
	int days;
	const char *args[4];    /* positional arguments after the command */
	int nargs;
};

static int set_listen(struct options *o, const char *v)
{
	const char *colon = strrchr(v, ':');
	long long port;
	if (!colon || !util_parse_int(colon + 1, 1, 65535, &port)) {
		fprintf(stderr, "ahtcell: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080\n");
		return -1;
	}
	size_t hl = (size_t)(colon - v);
	if (hl >= 2 && v[0] == '[' && v[hl - 1] == ']') {
		v++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof o->srv.listen_host) {
		fprintf(stderr, "ahtcell: --listen wants ADDR:PORT\n");
		return -1;
	}
	memcpy(o->srv.listen_host, v, hl);
	o->srv.listen_host[hl] = 0;
	o->srv.port = (int)port;
	return 0;
}

static int set_option(struct options *o, const char *key, const char *v)
{
	long long n;
	if (strcmp(key, "listen") == 0)
		return set_listen(o, v);
	if (strcmp(key, "data") == 0)
		snprintf(o->srv.data_dir, sizeof o->srv.data_dir, "%s", v);
	else if (strcmp(key, "db") == 0)
		snprintf(o->srv.db_url, sizeof o->srv.db_url, "%s", v);
	else if (strcmp(key, "web") == 0)
		snprintf(o->srv.web_dir, sizeof o->srv.web_dir, "%s", v);
	else if (strcmp(key, "smtp") == 0)
		snprintf(o->smtp_url, sizeof o->smtp_url, "%s", v);
	else if (strcmp(key, "mail_from") == 0)
		snprintf(o->mail_from, sizeof o->mail_from, "%s", v);
	else if (strcmp(key, "secure_cookies") == 0)
		o->srv.secure_cookies = strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
	else if (strcmp(key, "threads") == 0) {
		if (!util_parse_int(v, 1, 256, &n)) {
			fprintf(stderr, "ahtcell: threads must be 1 to 256\n");
			return -1;
		}
		o->srv.threads = (int)n;
	} else {
		fprintf(stderr, "ahtcell: unknown option '%s'\n", key);
		return -1;
	}
	return 0;
}

static int read_config(struct options *o, const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "ahtcell: cannot read config %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[PATH_MAX + 64];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = 0;
		if (!*p || *p == '#')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "ahtcell: %s:%d: want 'key = value'\n", path, lineno);
			rc = -1;
			break;
		}
		char *k = p, *v = eq + 1;
		*eq = 0;
		for (char *e = eq - 1; e >= k && (*e == ' ' || *e == '\t'); e--)
			*e = 0;
		v += strspn(v, " \t");
		rc = set_option(o, k, v);
		if (rc)
			fprintf(stderr, "ahtcell: in %s at line %d\n", path, lineno);
	}
	fclose(f);
	return rc;
}

/* Parses options after the command; the config file is read first so that
 * options on the command line win. */
static int parse_options(struct options *o, int argc, char **argv)
{
	memset(o, 0, sizeof *o);
	o->cases = -1;
	snprintf(o->srv.listen_host, sizeof o->srv.listen_host, "127.0.0.1");
	o->srv.port = 8080;
	snprintf(o->srv.data_dir, sizeof o->srv.data_dir, "var");
	snprintf(o->srv.web_dir, sizeof o->srv.web_dir, "web/dist");
	o->srv.shutdown_grace_s = 10;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc || read_config(o, argv[i + 1]) != 0)
				return -1;
		}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strncmp(a, "--", 2) != 0) {
			if (o->nargs >= 4) {
				fprintf(stderr, "ahtcell: too many arguments\n");
				return -1;
			}
			o->args[o->nargs++] = a;
			continue;
		}
		if (strcmp(a, "--temporary") == 0) {
			o->temporary = true;
			continue;
		}
		if (strcmp(a, "--accept") == 0 || strcmp(a, "--template") == 0) {
			*(a[2] == 'a' ? &o->accept : &o->template) = true;
			continue;
		}
		if (strcmp(a, "--secure-cookies") == 0) {
			o->srv.secure_cookies = true;
			continue;
		}
		if (!v) {
			fprintf(stderr, "ahtcell: %s needs a value\n", a);
			return -1;
		}
		i++;
		if (strcmp(a, "--config") == 0)
			continue;
		else if (strcmp(a, "--role") == 0)
			o->role = v;
		else if (strcmp(a, "--jurisdiction") == 0)
			o->jurisdiction = v;
		else if (strcmp(a, "--name") == 0)
			o->name = v;
		else if (strcmp(a, "--email") == 0)
			o->email = v;
		else if (strcmp(a, "--head") == 0)
			o->head = v;
		else if (strcmp(a, "--as") == 0)
			o->as = v;
		else if (strcmp(a, "--dataset") == 0)
			o->dataset = v;
		else if (strcmp(a, "--period") == 0)
			o->period = v;
		else if (strcmp(a, "--from") == 0)
			o->from = v;
		else if (strcmp(a, "--to") == 0)
			o->to = v;
		else if (strcmp(a, "--indicator") == 0)
			o->indicator = v;
		else if (strcmp(a, "--format") == 0)
			o->format = v;
		else if (strcmp(a, "--out") == 0)
			o->out = v;
		else if (strcmp(a, "--district") == 0) {
			long long n;
			if (!util_parse_int(v, 1, 999999, &n)) {
				fprintf(stderr, "ahtcell: --district wants a district's LGD code\n");
				return -1;
			}
			o->district = (int)n;
		}
		else if (strcmp(a, "--keys") == 0)
			snprintf(o->keys_dir, sizeof o->keys_dir, "%s", v);
		else if (strcmp(a, "--state") == 0) {
			long long n;
			if (!util_parse_int(v, 1, 999999, &n)) {
				fprintf(stderr, "ahtcell: --state wants a State's LGD code\n");
				return -1;
			}
			o->state = (int)n;
		} else if (strcmp(a, "--smtp") == 0)
			snprintf(o->smtp_url, sizeof o->smtp_url, "%s", v);
		else if (strcmp(a, "--mail-from") == 0)
			snprintf(o->mail_from, sizeof o->mail_from, "%s", v);
		else if (strcmp(a, "--cases") == 0 || strcmp(a, "--seed") == 0) {
			long long n;
			if (!util_parse_int(v, a[2] == 'c' ? 0 : 1, a[2] == 'c' ? 5000000 : 4294967295LL, &n)) {
				fprintf(stderr, "ahtcell: %s\n", a[2] == 'c' ? "--cases must be 0 to 5000000"
									   : "--seed must be 1 to 4294967295");
				return -1;
			}
			*(a[2] == 'c' ? &o->cases : &o->seed) = n;
		} else if (strcmp(a, "--days") == 0) {
			long long n;
			if (!util_parse_int(v, 1, 3650, &n)) {
				fprintf(stderr, "ahtcell: --days must be 1 to 3650\n");
				return -1;
			}
			o->days = (int)n;
		} else if (set_option(o, a + 2, v) != 0)
			return -1;
	}
	if (strlen(o->srv.data_dir) > PATH_MAX - 32) {
		fprintf(stderr, "ahtcell: --data path is too long\n");
		return -1;
	}
	if (!o->srv.db_url[0])
		snprintf(o->srv.db_url, sizeof o->srv.db_url, "sqlite:%.*s/ahtcell.db", PATH_MAX - 32, o->srv.data_dir);
	if (!o->keys_dir[0])
		snprintf(o->keys_dir, sizeof o->keys_dir, "%.*s/keys", PATH_MAX - 32, o->srv.data_dir);
	return 0;
}

/* Opens the database (creating the data folder) and migrates it. */
static struct db *open_db(const struct options *o)
{
	if (mkdir(o->srv.data_dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "ahtcell: cannot create %s: %s\n", o->srv.data_dir, strerror(errno));
		return NULL;
	}
	struct db *db = db_open(o->srv.db_url);
	if (!db)
		return NULL;
	int from, to;
	if (db->ops->migrate(db, &from, &to) != DB_OK) {
		db_close(db);
		return NULL;
	}
	if (from != to)
		log_info("db: schema migrated from version %d to %d", from, to);
	/* the States, districts and countries every module looks places up in */
	if (master_load(db) != 0 || vocab_countries_load() != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* Reads one line from standard input into out (no echo on a terminal). */
static int read_password(char *out, size_t n)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "Password: ");
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!got) {
		fprintf(stderr, "ahtcell: no password on standard input\n");
		return -1;
	}
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

static int cmd_user_add(struct db *db, const struct options *o)
{
	struct db_user u;
	memset(&u, 0, sizeof u);
	if (o->nargs < 2 || !o->role || !o->jurisdiction) {
		fprintf(stderr, "usage: ahtcell user add LOGIN --role ROLE --jurisdiction J\n");
		return 2;
	}
	snprintf(u.login, sizeof u.login, "%s", o->args[1]);
	u.role = role_from_name(o->role);
	if (u.role == ROLE_COUNT) {
		fprintf(stderr, "ahtcell: --role must be admin, cell, state, district or viewer\n");
		return 2;
	}
	if (!auth_parse_jurisdiction(db, o->jurisdiction, &u.level, &u.state_lgd, &u.district_lgd)) {
		fprintf(stderr, "ahtcell: --jurisdiction must be national, state:LGD or district:LGD of an existing "
				"State or district\n");
		return 2;
	}
	snprintf(u.name, sizeof u.name, "%s", o->name ? o->name : o->args[1]);
	snprintf(u.email, sizeof u.email, "%s", o->email ? o->email : "");
	char pw[PASSWORD_MAX + 2];
	if (read_password(pw, sizeof pw) != 0)
		return 1;
	const char *weak = password_weakness(pw, u.login);
	if (weak) {
		fprintf(stderr, "ahtcell: %s\n", weak);
		sodium_memzero(pw, sizeof pw);
		return 1;
	}
	int rc = password_hash(pw, u.pw_hash);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0)
		return 1;
	u.must_change_password = o->temporary;
	u.created_at = util_now_ms();
	if (db->ops->begin_write(db) != DB_OK)
		return 1;
	enum db_status st = db->ops->user_insert(db, &u);
	if (st == DB_CONFLICT) {
		db->ops->rollback(db);
		fprintf(stderr, "ahtcell: the login '%s' is taken\n", u.login);
		return 1;
	}
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	if (st != DB_OK || audit_record_raw(db, 0, "cli", "cli", "user.create", "user", uid, "ok",
					    json_pack("{s:s, s:s}", "role", o->role, "jurisdiction", o->jurisdiction))
	    || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return 1;
	}
	printf("%lld\n", (long long)u.id);
	return 0;
}

static int find_user(struct db *db, const char *login, struct db_user *u)
{
	if (db->ops->user_get_by_login(db, login, u) != DB_OK) {
		fprintf(stderr, "ahtcell: no user '%s'\n", login);
		return -1;
	}
	return 0;
}

/* Saves u and its audit entry in one transaction.  A disabled user loses
 * their sessions and tokens; a new password (revoke_sessions) their sessions. */
static int save_user(struct db *db, struct db_user *u, const char *action, json_t *detail, bool revoke_sessions)
{
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)u->id);
	if (db->ops->begin_write(db) != DB_OK)
		return 1;
	if (db->ops->user_update(db, u) != DB_OK
	    || ((u->disabled || revoke_sessions) && db->ops->session_revoke_all(db, u->id, 0, util_now_ms()) != DB_OK)
	    || (u->disabled && db->ops->token_revoke_all(db, u->id, util_now_ms()) != DB_OK)
	    || audit_record_raw(db, 0, "cli", "cli", action, "user", uid, "ok", detail) != 0
	    || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return 1;
	}
	return 0;
}

static int cmd_user_passwd(struct db *db, const struct options *o)
{
	struct db_user u;
	if (o->nargs < 2 || find_user(db, o->args[1], &u) != 0)
		return 1;
	char pw[PASSWORD_MAX + 2];
	if (read_password(pw, sizeof pw) != 0)
		return 1;
	const char *weak = password_weakness(pw, u.login);
	int rc = weak ? -1 : password_hash(pw, u.pw_hash);
	sodium_memzero(pw, sizeof pw);
	if (weak)
		fprintf(stderr, "ahtcell: %s\n", weak);
	if (rc != 0)
		return 1;
	u.must_change_password = o->temporary;
	u.failed_logins = 0;
	u.locked_until = 0;
	return save_user(db, &u, "password.reset", NULL, true);
}

static int print_user(void *ctx, const struct db_user *u)
{
	(void)ctx;
	char jur[32];
	auth_jurisdiction_string(u->level, u->state_lgd, u->district_lgd, jur);
	printf("%-6lld %-24s %-9s %-16s %s%s\n", (long long)u->id, u->login, role_name(u->role), jur, u->name,
	       u->disabled ? " (disabled)" : "");
	return 0;
}

static int cmd_user_token(struct db *db, const struct options *o)
{
	struct db_user u;
	if (o->nargs < 2 || !o->name) {
		fprintf(stderr, "usage: ahtcell user token LOGIN --name NAME [--days N]\n");
		return 2;
	}
	if (find_user(db, o->args[1], &u) != 0)
		return 1;
	struct db_token t;
	memset(&t, 0, sizeof t);
	char token[80];
	auth_token_new(token, t.hash);
	t.user_id = u.id;
	snprintf(t.name, sizeof t.name, "%s", o->name);
	t.created_at = util_now_ms();
	if (o->days)
		t.expires_at = t.created_at + o->days * 86400LL * 1000;
	if (db->ops->begin_write(db) != DB_OK)
		return 1;
	char tid[24];
	if (db->ops->token_insert(db, &t) != DB_OK
	    || (snprintf(tid, sizeof tid, "%lld", (long long)t.id),
		audit_record_raw(db, 0, "cli", "cli", "token.create", "token", tid, "ok",
				 json_pack("{s:I}", "user_id", (json_int_t)u.id))) != 0
	    || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return 1;
	}
	printf("%s\n", token);
	sodium_memzero(token, sizeof token);
	return 0;
}

static int cmd_user(struct db *db, const struct options *o)
{
	const char *sub = o->nargs ? o->args[0] : "";
	struct db_user u;
	if (strcmp(sub, "add") == 0)
		return cmd_user_add(db, o);
	if (strcmp(sub, "passwd") == 0)
		return cmd_user_passwd(db, o);
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
		if (o->nargs < 2 || find_user(db, o->args[1], &u) != 0)
			return 1;
		u.disabled = strcmp(sub, "disable") == 0;
		return save_user(db, &u, "user.update", json_pack("{s:b}", "disabled", u.disabled), false);
	}
	if (strcmp(sub, "list") == 0) {
		struct scope all = { SCOPE_NATIONAL, 0, 0 };
		struct db_user_filter f = { .role = -1, .disabled = -1, .limit = 1000000 };
		int64_t total;
		return db->ops->user_list(db, &all, &f, print_user, NULL, &total) == DB_OK ? 0 : 1;
	}
	if (strcmp(sub, "token") == 0)
		return cmd_user_token(db, o);
	fprintf(stderr, "usage: ahtcell user add|passwd|disable|enable|list|token ... (see ahtcell help)\n");
	return 2;
}

static int cmd_demo(struct db *db, const struct options *o)
{
	int64_t n = db->ops->user_count(db);
	if (n < 0)
		return 1;
	if (n > 0) {
		printf("The database in %s already has users; demo data is in place.\n", o->srv.data_dir);
		return 0;
	}
	struct db_user u;
	memset(&u, 0, sizeof u);
	char pw[32];
	password_random(pw);
	snprintf(u.login, sizeof u.login, "admin");
	snprintf(u.name, sizeof u.name, "Administrator");
	u.role = ROLE_ADMIN;
	u.level = SCOPE_NATIONAL;
	u.must_change_password = true;
	u.created_at = util_now_ms();
	if (password_hash(pw, u.pw_hash) != 0 || db->ops->begin_write(db) != DB_OK)
		return 1;
	if (db->ops->user_insert(db, &u) != DB_OK
	    || audit_record_raw(db, 0, "cli", "cli", "user.create", "user", "1", "ok",
				json_pack("{s:s, s:s}", "role", "admin", "jurisdiction", "national")) != 0
	    || db->ops->commit(db) != DB_OK) {
		db->ops->rollback(db);
		return 1;
	}
	printf("\n  Demo database created in %s.\n"
	       "  Sign in as   admin\n"
	       "  password     %s\n"
	       "  (shown only this once; you will be asked to change it)\n\n", o->srv.data_dir, pw);
	sodium_memzero(pw, sizeof pw);
	return 0;
}

static void demo_progress(long long done, long long n)
{
	if (n >= 20000 && (done % 20000 == 0 || done == n))
		fprintf(stderr, "  %lld of %lld synthetic cases\n", done, n);
}

/* Synthetic cases: --cases N of them, or DEMO_CASES when there are none. */
#define DEMO_CASES 3000
static int cmd_demo_cases(struct db *db, const struct options *o)
{
	long long n = o->cases;
	if (n < 0) {
		struct scope all = { SCOPE_NATIONAL, 0, 0 };
		struct db_case_filter f = { .limit = 1 };
		json_t *items = NULL;
		int64_t total = 0;
		if (db->ops->case_list(db, &all, &f, &items, &total) != DB_OK)
			return 1;
		json_decref(items);
		if (total > 0)
			return 0;
		n = DEMO_CASES;
	}
	if (n == 0)
		return 0;
	int64_t t0 = util_mono_ms();
	long long victims = cases_demo_load(db, n, (unsigned)o->seed, demo_progress);
	if (victims < 0) {
		fprintf(stderr, "ahtcell: the synthetic cases could not be loaded (see the log above)\n");
		return 1;
	}
	printf("  %lld synthetic cases (%lld victims, marked synthetic) loaded in %.1f s.\n", n, victims,
	       (util_mono_ms() - t0) / 1000.0);
	return 0;
}

/* The library's demo documents, when the library is empty. */
static int cmd_demo_documents(struct db *db, const struct options *o)
{
	if (store_init(o->srv.data_dir, false) != 0)
		return 1;
	int n = docs_demo_load(db, o->srv.data_dir);
	if (n < 0) {
		fprintf(stderr, "ahtcell: the demo documents could not be loaded (see the log above)\n");
		return 1;
	}
	if (n > 0)
		printf("  %d documents of the Cell's published list loaded, with placeholder PDFs.\n", n);
	return 0;
}

/* The registers' demo entries, when they are empty. */
static int cmd_demo_registers(struct db *db)
{
	int n = registers_demo_load(db);
	if (n < 0) {
		fprintf(stderr, "ahtcell: the demo nodal officers could not be loaded (see the log above)\n");
		return 1;
	}
	if (n > 0)
		printf("  %d demo nodal officers (one per State/UT, marked as demo entries) loaded.\n", n);
	return 0;
}

/* Monitoring's demo: the published scheme and synthetic units, funds, courses. */
static int cmd_demo_monitoring(struct db *db)
{
	int n = monitoring_demo_load(db);
	if (n < 0) {
		fprintf(stderr, "ahtcell: the monitoring demo could not be loaded (see the log above)\n");
		return 1;
	}
	if (n > 0)
		printf("  The Comprehensive Scheme as the Cell's page gives it, with %d AHTUs, releases, certificates and"
		       " courses (marked synthetic).\n", n);
	return 0;
}

/* digest send: each State's reminders to its nodal officer. */
static int cmd_digest(struct db *db, const struct options *o)
{
	if (o->nargs < 1 || strcmp(o->args[0], "send") != 0) {
		fprintf(stderr, "ahtcell: digest send [--state LGD] [--smtp URL --mail-from ADDRESS]\n");
		return 2;
	}
	if (o->smtp_url[0] && !o->mail_from[0]) {
		fprintf(stderr, "ahtcell: --mail-from (or mail_from in the config) is needed to send mail\n");
		return 2;
	}
	if (!o->smtp_url[0])
		fprintf(stderr, "ahtcell: no mail server configured (smtp = smtp://host:port): printing the digests, "
				"sending none\n");
	int n = meetings_mail_digests(db, o->smtp_url[0] ? o->smtp_url : NULL, o->mail_from, o->state);
	if (n < 0) {
		fprintf(stderr, "ahtcell: some digests could not be made or sent (see the log above)\n");
		return 1;
	}
	printf("%d digest%s %s\n", n, n == 1 ? "" : "s", o->smtp_url[0] ? "sent" : "printed");
	return 0;
}

static int cmd_audit_verify(struct db *db, const struct options *o)
{
	int64_t count, want = 0;
	char why[256], head[65], hash[65] = "";
	if (o->head) {
		long long id;
		const char *colon = strchr(o->head, ':');
		char num[24];
		size_t nl = colon ? (size_t)(colon - o->head) : 0;
		if (!colon || nl == 0 || nl >= sizeof num || strlen(colon + 1) != 64) {
			fprintf(stderr, "ahtcell: --head wants ID:HASH as printed by an earlier audit-verify\n");
			return 2;
		}
		memcpy(num, o->head, nl);
		num[nl] = 0;
		if (!util_parse_int(num, 1, INT64_MAX, &id)) {
			fprintf(stderr, "ahtcell: --head wants ID:HASH as printed by an earlier audit-verify\n");
			return 2;
		}
		want = id;
		memcpy(hash, colon + 1, 65);
	}
	int64_t bad = audit_verify(db, want, want ? hash : NULL, &count, head, why);
	if (bad == 0) {
		printf("audit log intact: %lld entries\n", (long long)count);
		if (count)
			printf("head: %lld:%s\n(keep this line somewhere else; --head checks later that nothing was cut off)\n",
			       (long long)count, head);
		return 0;
	}
	fprintf(stderr, "audit log BROKEN: %s\n", why);
	return 1;
}

/* import returns FILE --as LOGIN [--accept] */
static int cmd_import(struct db *db, const struct options *o)
{
	if (o->nargs < 2 || strcmp(o->args[0], "returns") != 0 || !o->as) {
		fprintf(stderr, "usage: ahtcell import returns FILE --as LOGIN [--accept]\n");
		return 2;
	}
	struct db_user u;
	if (find_user(db, o->as, &u) != 0)
		return 1;
	if (u.role == ROLE_VIEWER || u.disabled) {
		fprintf(stderr, "ahtcell: %s may not enter returns\n", u.login);
		return 1;
	}
	if (o->accept && u.role != ROLE_CELL && u.role != ROLE_ADMIN) {
		fprintf(stderr, "ahtcell: --accept marks the returns accepted by the Cell: --as a cell or admin user\n");
		return 2;
	}
	const char *path = o->args[1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "ahtcell: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	void *data = sb.st_size ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (data == MAP_FAILED) {
		fprintf(stderr, "ahtcell: %s: %s\n", path, strerror(errno));
		return 1;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct import_opts io = { .user_id = u.id, .scope = { u.level, u.state_lgd, u.district_lgd },
				  .check_locks = false, .accept = o->accept, .source = base };
	struct import_report rep;
	int64_t t0 = util_mono_ms();
	returns_import(db, data ? data : "", (size_t)sb.st_size, &io, NULL, &rep);
	int64_t ms = util_mono_ms() - t0;
	if (data)
		munmap(data, (size_t)sb.st_size);
	char status[16];
	snprintf(status, sizeof status, "%s", import_outcome_name(rep.outcome));
	audit_record_raw(db, u.id, u.login, "cli", "returns.import", "file", base, status,
			 json_pack("{s:I, s:I, s:I, s:b}", "rows", (json_int_t)rep.rows, "values", (json_int_t)rep.values,
				   "errors", (json_int_t)rep.error_count, "accept", o->accept));
	if (rep.outcome == IMPORT_DONE) {
		printf("%s: %ld rows, %ld values (%ld blank) into %ld returns of %ld districts, %ld periods, in %.1f s"
		       " (read %.1f, checked %.1f, saved %.1f)%s\n", base, rep.rows, rep.values, rep.blanks, rep.returns,
		       rep.districts, rep.periods, ms / 1000.0, rep.read_ms / 1000.0, rep.check_ms / 1000.0,
		       rep.save_ms / 1000.0, o->accept ? "; accepted" : "");
		import_report_clear(&rep);
		return 0;
	}
	fprintf(stderr, "%s: %s\n", base, rep.message);
	size_t i;
	json_t *e;
	json_array_foreach(rep.errors, i, e)
		fprintf(stderr, "  row %lld%s%s: %s\n", (long long)json_integer_value(json_object_get(e, "row")),
			json_string_length(json_object_get(e, "cell")) ? ", cell " : "",
			json_string_value(json_object_get(e, "cell")), json_string_value(json_object_get(e, "reason")));
	if (rep.error_count > (long)json_array_size(rep.errors))
		fprintf(stderr, "  … and %ld more\n", rep.error_count - (long)json_array_size(rep.errors));
	import_report_clear(&rep);
	return 1;
}

/* export returns --dataset CODE (--period P | --from P --to P) … */
static int cmd_export(struct db *db, const struct options *o)
{
	if (o->nargs < 1 || strcmp(o->args[0], "returns") != 0 || !o->dataset || (!o->period && !(o->from && o->to))) {
		fprintf(stderr, "usage: ahtcell export returns --dataset CODE (--period P | --from P --to P) [--state LGD]\n"
				"       [--district LGD] [--indicator CODE] [--template] [--format csv|xlsx] [--out FILE]\n");
		return 2;
	}
	json_t *ds;
	if (db->ops->dataset_get(db, o->dataset, &ds) != DB_OK) {
		fprintf(stderr, "ahtcell: no data set %s\n", o->dataset);
		return 1;
	}
	enum period_type t;
	period_type_parse(json_string_value(json_object_get(ds, "period_type")), &t);
	struct export_q q = { .ds = ds, .state = o->state, .district = o->district, .indicator = o->indicator,
			      .template = o->template };
	const char *from = o->period ? o->period : o->from, *to = o->period ? o->period : o->to;
	if (!period_parse_as(from, t, &q.from) || !period_parse_as(to, t, &q.to) || period_compare(&q.from, &q.to) > 0 ||
	    (o->template && period_compare(&q.from, &q.to) != 0)) {
		fprintf(stderr, "ahtcell: periods of %s are written like %s%s\n", o->dataset,
			(const char *[]){ "2026-03", "2026Q1", "2026", "2025-26" }[t], o->template ? " (a template: one --period)" : "");
		json_decref(ds);
		return 2;
	}
	bool xlsx = o->format && strcmp(o->format, "xlsx") == 0;
	if ((o->format && !xlsx && strcmp(o->format, "csv") != 0) || (xlsx && !o->out)) {
		fprintf(stderr, "ahtcell: --format is csv (the default) or xlsx; xlsx needs --out FILE\n");
		json_decref(ds);
		return 2;
	}
	long rows;
	char why[200];
	int rc = returns_export(db, &q, xlsx ? EXPORT_XLSX : EXPORT_CSV, o->out, o->out ? NULL : stdout, NULL, 0, &rows, why);
	json_decref(ds);
	if (rc != 0) {
		fprintf(stderr, "ahtcell: export: %s\n", why);
		return 1;
	}
	fprintf(stderr, "%ld rows%s%s\n", rows, o->out ? " written to " : "", o->out ? o->out : "");
	return 0;
}

static bool blob_keep(void *ctx, const char hex[65])
{
	struct db *db = ctx;
	return db->ops->blob_known(db, hex);
}

static int cmd_serve(struct options *o)
{
	struct db *db = open_db(o);
	if (!db)
		return 1;
	/* files a crash left half-written, or stored without their record */
	if (master_init(db) != 0 || store_init(o->srv.data_dir, true) != 0
	    || store_sweep(o->srv.data_dir, blob_keep, db) < 0 || cases_facts_warm(db) != 0
	    || monitoring_init(db) != 0) {
		db_close(db);
		return 1;
	}
	db_close(db);
	if (field_keys_load(o->keys_dir) != 0)
		return 1;
	snprintf(o->srv.upload_dir, sizeof o->srv.upload_dir, "%s/blobs/tmp", o->srv.data_dir);
	docs_set_data_dir(o->srv.data_dir);
	registers_set_data_dir(o->srv.data_dir);
	registers_tmp_sweep();
	attachments_set_data_dir(o->srv.data_dir);
	if (docs_indexer_start(o->srv.db_url, o->srv.data_dir) != 0)
		return 1;
	if (returns_importer_start(o->srv.db_url, o->srv.data_dir) != 0) {
		docs_indexer_stop();
		return 1;
	}
	int rc = server_run(&o->srv);
	returns_importer_stop();
	docs_indexer_stop();
	field_keys_unload();
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("ahtcell %s\n", AHTCELL_VERSION);
		return 0;
	}
	/* The database, its WAL and the keys are for this user's eyes only. */
	umask(077);
	if (sodium_init() < 0) {
		fprintf(stderr, "ahtcell: libsodium cannot start\n");
		return 1;
	}
	/* hidden: the child that reads a file's text for the indexer */
	if (strcmp(cmd, "extract-text") == 0)
		return docs_extract_main(argc, argv);
	if (strcmp(cmd, "routes") == 0) {
		json_t *t = router_table_json();
		json_dumpf(t, stdout, JSON_INDENT(1));
		putchar('\n');
		json_decref(t);
		return 0;
	}
	struct options o;
	if (parse_options(&o, argc - 2, argv + 2) != 0)
		return 2;
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(&o);
	if (strcmp(cmd, "keys") == 0) {
		if (o.nargs < 1 || strcmp(o.args[0], "rotate") != 0) {
			fprintf(stderr, "usage: ahtcell keys rotate [--data DIR]\n");
			return 2;
		}
		if (field_keys_rotate(o.keys_dir) != 0)
			return 1;
		printf("new personal-data key %u is in use\n", field_key_current());
		return 0;
	}
	int rc;
	struct db *db;
	if (strcmp(cmd, "migrate") == 0 || strcmp(cmd, "demo") == 0 || strcmp(cmd, "user") == 0
	    || strcmp(cmd, "audit-verify") == 0 || strcmp(cmd, "digest") == 0 || strcmp(cmd, "import") == 0
	    || strcmp(cmd, "export") == 0) {
		db = open_db(&o);
		if (!db)
			return 1;
	} else {
		fprintf(stderr, "ahtcell: unknown command '%s' (see ahtcell help)\n", cmd);
		return 2;
	}
	if (strcmp(cmd, "migrate") == 0) {
		printf("schema version %d\n", db->ops->schema_version(db));
		rc = 0;
	} else if (strcmp(cmd, "demo") == 0) {
		rc = cmd_demo(db, &o);
		if (rc == 0)
			rc = cmd_demo_documents(db, &o);
		if (rc == 0)
			rc = cmd_demo_registers(db);
		if (rc == 0 && field_keys_load(o.keys_dir) != 0)
			rc = 1;
		if (rc == 0)
			rc = cmd_demo_cases(db, &o);
		if (rc == 0)
			rc = cmd_demo_monitoring(db);
	} else if (strcmp(cmd, "user") == 0) {
		rc = cmd_user(db, &o);
	} else if (strcmp(cmd, "digest") == 0) {
		rc = cmd_digest(db, &o);
	} else if (strcmp(cmd, "import") == 0) {
		rc = cmd_import(db, &o);
	} else if (strcmp(cmd, "export") == 0) {
		rc = cmd_export(db, &o);
	} else {
		rc = cmd_audit_verify(db, &o);
	}
	db_close(db);
	return rc;
}
