/* Passwords: argon2id hashes (libsodium) and the policy for new ones. */
#include "auth/auth.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "util/util.h"

/* Is word (lower-case) on the embedded list of common passwords? */
static bool is_common(const char *word, size_t len)
{
	const struct embedded *e = embedded_get("data/common-passwords.txt");
	if (!e || len == 0)
		return false;
	const char *p = e->data, *end = e->data + e->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n == len && memcmp(p, word, len) == 0)
			return true;
		p += n + 1;
	}
	return false;
}

const char *password_weakness(const char *pw, const char *login)
{
	size_t len = strlen(pw);
	if (len < PASSWORD_MIN)
		return "The password must have at least 12 characters.";
	if (len > PASSWORD_MAX)
		return "The password must have at most 256 characters.";
	char low[PASSWORD_MAX + 1];
	for (size_t i = 0; i <= len; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	bool all_same = true;
	for (size_t i = 1; i < len; i++)
		if (low[i] != low[0])
			all_same = false;
	if (all_same)
		return "The password must not be one character repeated.";
	if (is_common(low, len))
		return "That password is on a list of common passwords; choose another.";
	/* common word with digits or symbols around it: "password123456" */
	size_t a = 0, b = len;
	while (a < b && !isalpha((unsigned char)low[a]))
		a++;
	while (b > a && !isalpha((unsigned char)low[b - 1]))
		b--;
	if (b - a < len && (b == a || is_common(low + a, b - a)))
		return "That password is a common password with digits or symbols added; choose another.";
	if (login && *login && strlen(login) >= 3) {
		char l[LOGIN_MAX + 1];
		size_t ln = strlen(login);
		if (ln <= LOGIN_MAX) {
			for (size_t i = 0; i <= ln; i++)
				l[i] = (char)tolower((unsigned char)login[i]);
			if (strstr(low, l))
				return "The password must not contain the login.";
		}
	}
	return NULL;
}

int password_hash(const char *pw, char out[PWHASH_MAX])
{
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char dummy_hash[PWHASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	if (password_hash("not a password of anybody's", dummy_hash) != 0)
		dummy_hash[0] = 0;
}

void password_verify_dummy(const char *pw)
{
	pthread_once(&dummy_once, dummy_make);
	if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
		log_error("auth: the dummy hash verified a password");
}

void password_random(char out[32])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[20] = 0;
}
