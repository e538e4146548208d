/* Unit tests of src/auth/password.c: the policy for new passwords, argon2id
 * hashing and random passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"

/* Asserts that pw is refused for login with a reason containing want. */
#define assert_weak(pw, login, want) do { \
	const char *why_ = password_weakness((pw), (login)); \
	if (!why_) \
		fail_msg("\"%s\" was accepted", (pw)); \
	if (!strstr(why_, (want))) \
		fail_msg("\"%s\" refused for \"%s\", expected a reason with \"%s\"", (pw), why_, (want)); \
} while (0)

#define assert_strong(pw, login) do { \
	const char *why_ = password_weakness((pw), (login)); \
	if (why_) \
		fail_msg("\"%s\" was refused: %s", (pw), why_); \
} while (0)

static void too_short(void **state)
{
	(void)state;
	assert_weak("", NULL, "at least 12");
	assert_weak("Kq7vTz2mPx9", NULL, "at least 12");       /* 11 */
	assert_strong("Kq7vTz2mPx9w", NULL);                    /* 12 */
}

/* A varied string of n characters (not common, not one character). */
static void varied(char *out, size_t n)
{
	static const char mix[] = "Tr7#kiLm2Qz9vWx!pE4nYb";
	for (size_t i = 0; i < n; i++)
		out[i] = mix[i % (sizeof mix - 1)];
	out[n] = 0;
}

static void too_long(void **state)
{
	(void)state;
	char pw[600];
	varied(pw, PASSWORD_MAX);
	assert_strong(pw, NULL);
	varied(pw, PASSWORD_MAX + 1);
	assert_weak(pw, NULL, "at most 256");
	varied(pw, 599);
	assert_weak(pw, NULL, "at most 256");
}

static void common_passwords(void **state)
{
	(void)state;
	/* on the list (any case) */
	assert_weak("winniethepooh", NULL, "common");
	assert_weak("WinnieThePooh", NULL, "common");
	/* a common word with digits or symbols around it */
	assert_weak("password123456", NULL, "common");
	assert_weak("Password12345678", NULL, "common");
	assert_weak("12345678Password", NULL, "common");
	assert_weak("!!Password!!", NULL, "common");
	assert_weak("2024dragon2024", NULL, "common");
	/* digits only */
	assert_weak("123456789012", NULL, "common");
	/* but a common word inside a longer phrase is fine */
	assert_strong("password is not my password", NULL);
}

static void one_character_repeated(void **state)
{
	(void)state;
	assert_weak("aaaaaaaaaaaa", NULL, "one character");
	assert_weak("AaAaAaAaAaAaAaAa", NULL, "one character");
	assert_weak("############", NULL, "one character");
	/* two characters are not one */
	assert_strong("abababababababab", NULL);
}

static void containing_the_login(void **state)
{
	(void)state;
	assert_weak("my name is RaVi.kumar ok", "ravi.kumar", "login");
	assert_weak("x-ODISHA.SP-2026!", "odisha.sp", "login");
	assert_weak("Kq7vTz2mPx9wAnjali", "ANJALI", "login");
	/* short logins are not looked for (every password would contain "a") */
	assert_strong("an ox is slow today", "ox");
	/* unrelated login: accepted */
	assert_strong("correct horse battery staple", "ravi.kumar");
}

static void a_good_passphrase_is_accepted(void **state)
{
	(void)state;
	assert_strong("correct horse battery staple", NULL);
	assert_strong("correct horse battery staple", "");
	assert_strong("correct horse battery staple", "ravi");
	assert_strong("Monsoon arrives late in Puri 2026", "state.odisha");
}

static void hash_and_verify(void **state)
{
	(void)state;
	char h1[PWHASH_MAX], h2[PWHASH_MAX];
	const char *pw = "correct horse battery staple";
	assert_int_equal(password_hash(pw, h1), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(strlen(h1) < PWHASH_MAX);
	assert_null(strstr(h1, pw));
	assert_true(password_verify(h1, pw));
	assert_false(password_verify(h1, "correct horse battery stapl"));
	assert_false(password_verify(h1, "Correct horse battery staple"));
	assert_false(password_verify(h1, ""));
	/* a fresh salt each time, both verify */
	assert_int_equal(password_hash(pw, h2), 0);
	assert_string_not_equal(h1, h2);
	assert_true(password_verify(h2, pw));
	/* a damaged hash verifies nothing */
	h2[strlen(h2) - 2] = h2[strlen(h2) - 2] == 'A' ? 'B' : 'A';
	assert_false(password_verify(h2, pw));
	assert_false(password_verify("", pw));
	assert_false(password_verify("not a hash", pw));
	/* the dummy check runs and does not verify an arbitrary password */
	password_verify_dummy(pw);
}

static void random_passwords(void **state)
{
	(void)state;
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int seen[256] = { 0 };
	char prev[32] = "";
	for (int n = 0; n < 2000; n++) {
		char pw[32];
		memset(pw, 'X', sizeof pw);
		password_random(pw);
		assert_int_equal(strlen(pw), 20);
		for (int i = 0; i < 20; i++) {
			if (!strchr(alphabet, pw[i]))
				fail_msg("'%c' in \"%s\" is not in the alphabet", pw[i], pw);
			seen[(unsigned char)pw[i]]++;
		}
		assert_string_not_equal(pw, prev);
		memcpy(prev, pw, sizeof prev);
	}
	/* 40000 draws: every letter of the alphabet shows up, the ambiguous
	 * ones (0 O 1 l I i o) never do */
	for (const char *a = alphabet; *a; a++)
		if (!seen[(unsigned char)*a])
			fail_msg("'%c' never drawn", *a);
	for (const char *a = "0O1lIio"; *a; a++)
		assert_int_equal(seen[(unsigned char)*a], 0);
	/* a random password passes the policy */
	char pw[32];
	password_random(pw);
	assert_strong(pw, "admin");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(too_short),
		cmocka_unit_test(too_long),
		cmocka_unit_test(common_passwords),
		cmocka_unit_test(one_character_repeated),
		cmocka_unit_test(containing_the_login),
		cmocka_unit_test(a_good_passphrase_is_accepted),
		cmocka_unit_test(hash_and_verify),
		cmocka_unit_test(random_passwords),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
