/* Who is asking and what they may do: decided here, in one place. */
#ifndef AHTCELL_AUTH_H
#define AHTCELL_AUTH_H

#include "http/request.h"

#define SESSION_COOKIE "ahtcell_session"
#define SESSION_IDLE_MS (30LL * 60 * 1000)
#define SESSION_ABSOLUTE_MS (12LL * 3600 * 1000)
#define TOKEN_PREFIX "aht_"

/* Fills r->caller from the session cookie or the bearer token; leaves the
 * public caller when there is none or it is not valid.  An expired or
 * revoked credential is the same as none. */
void auth_identify(struct request *r);

/* Applies the route's policy to r->caller: role, forced password change,
 * CSRF.  Returns false with an error reply set, and the refusal audited,
 * when the request may not go on. */
bool auth_admit(struct request *r);

/* Audits a refused request (access.denied) with the error code. */
void audit_denied(struct request *r, const char *code);

/* The rows this caller may reach (what src/db turns into WHERE terms). */
struct scope auth_scope(const struct caller *c);

/* "national", "state:21", "district:376" of a user, into out (32 bytes). */
void auth_jurisdiction_string(enum scope_level level, int state_lgd, int district_lgd, char out[32]);
/* Parses that form; checks that the State or district exists; false when not. */
bool auth_parse_jurisdiction(struct db *db, const char *s, enum scope_level *level, int *state_lgd,
			     int *district_lgd);

/* The CSRF value of a session token (derived, never stored), into out
 * (at least 64 bytes). */
void auth_csrf_for(const char *session_token, char out[64]);

/* A new API token "aht_" + 256 random bits (base64url) into out (80 bytes)
 * and its stored form, the SHA-256, into hash.  Zero out after use. */
void auth_token_new(char out[80], unsigned char hash[32]);

/* SHA-256 of a secret, the only form in which sessions and tokens are stored. */
void auth_secret_hash(const char *secret, unsigned char out[32]);

/* Appends an entry to the hash-chained audit log: who (r->caller), from
 * where (r->ip), what.  detail (stolen, may be NULL) must hold no personal
 * data.  Runs in the request's transaction when there is one, in its own
 * otherwise.  Returns 0, or -1 when it could not be written (logged). */
int audit_record(struct request *r, const char *action, const char *object_type, const char *object_id,
		 const char *outcome, json_t *detail);
/* The same for the command line (no request): user_id 0 and ip "cli" unless given. */
int audit_record_raw(struct db *db, int64_t user_id, const char *login, const char *ip, const char *action,
		     const char *object_type, const char *object_id, const char *outcome, json_t *detail);
/* Walks the chain; returns 0 when intact, else the id of the first entry
 * that does not hold (and a message in why, 256 bytes).  head gets the last
 * entry's hash.  A chain cannot show that entries were cut off its end, so
 * expect_id/expect_hash (0/NULL: none), a head recorded earlier somewhere
 * else, must still be in the chain with that hash. */
int64_t audit_verify(struct db *db, int64_t expect_id, const char *expect_hash, int64_t *count, char head[65],
		     char why[256]);

/* Passwords (argon2id through libsodium). */
#define PASSWORD_MIN 12
#define PASSWORD_MAX 256
/* what is read from a request, so that a longer one gets password_weakness's message */
#define PASSWORD_INPUT_MAX 4096
/* NULL when acceptable for login, else the reason, for a person. */
const char *password_weakness(const char *password, const char *login);
/* Hashes into out (PWHASH_MAX); -1 when out of memory. */
int password_hash(const char *password, char out[PWHASH_MAX]);
bool password_verify(const char *hash, const char *password);
/* Spends the time of a verification, for unknown logins. */
void password_verify_dummy(const char *password);
/* A random password of 20 characters from an unambiguous alphabet. */
void password_random(char out[32]);

/* A user as the API shows it (no password hash).  New reference. */
json_t *auth_user_json(const struct db_user *u);

#endif
