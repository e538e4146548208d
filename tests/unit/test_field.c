/* Unit tests of src/crypto/field.c: the key file, sealing and opening
 * personal data, key rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/field.h"

/* A temporary folder per test; the keys go to TMP/keys. */
struct fixture {
	char tmp[64];
	char keys[96];
	char file[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->tmp, sizeof f->tmp, "/tmp/ahtcell-field-XXXXXX");
	if (!mkdtemp(f->tmp)) {
		free(f);
		return -1;
	}
	snprintf(f->keys, sizeof f->keys, "%s/keys", f->tmp);
	snprintf(f->file, sizeof f->file, "%s/field.keys", f->keys);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	field_keys_unload();
	unlink(f->file);
	rmdir(f->keys);
	rmdir(f->tmp);
	free(f);
	return 0;
}

static int count_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	int n = 0, c;
	while ((c = fgetc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

/* Seals plain under ad; returns the sealed bytes (caller frees). */
static unsigned char *seal(const char *plain, const char *ad, size_t *len)
{
	unsigned char *out = NULL;
	assert_int_equal(field_seal(plain, strlen(plain), ad, &out, len), 0);
	assert_non_null(out);
	assert_int_equal(*len, strlen(plain) + FIELD_OVERHEAD);
	return out;
}

/* Opens sealed under ad and compares with want; NULL want: must fail. */
static void expect_open(const unsigned char *sealed, size_t len, const char *ad, const char *want)
{
	char *out = (char *)0x1;
	size_t outlen = 12345;
	int rc = field_open(sealed, len, ad, &out, &outlen);
	if (!want) {
		assert_int_equal(rc, -1);
		assert_ptr_equal(out, (char *)0x1);
		return;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(outlen, strlen(want));
	assert_int_equal(out[outlen], 0);
	bool same = memcmp(out, want, outlen) == 0;
	free(out);
	assert_true(same);
}

static uint32_t sealed_key_id(const unsigned char *s)
{
	return (uint32_t)s[1] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 8 | s[4];
}

static void load_creates_a_private_key_file(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	assert_int_equal(field_key_current(), 0);
	assert_int_equal(field_keys_load(f->keys), 0);
	assert_int_equal(stat(f->keys, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(f->file, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(field_key_current(), 1);

	/* one line: "1 <64 hex digits>" */
	char line[256] = "";
	FILE *fp = fopen(f->file, "r");
	assert_non_null(fp);
	char *got = fgets(line, sizeof line, fp);
	fclose(fp);
	assert_non_null(got);
	assert_int_equal(strlen(line), 2 + 64 + 1);
	assert_memory_equal(line, "1 ", 2);
	assert_int_equal(strspn(line + 2, "0123456789abcdef"), 64);
	assert_int_equal(count_lines(f->file), 1);

	/* loading again reads the same key, it does not add one */
	size_t len;
	unsigned char *s = seal("Asha Devi", "victims.name:1", &len);
	field_keys_unload();
	assert_int_equal(field_key_current(), 0);
	assert_int_equal(field_keys_load(f->keys), 0);
	assert_int_equal(count_lines(f->file), 1);
	expect_open(s, len, "victims.name:1", "Asha Devi");
	free(s);
}

static void load_refuses_a_file_others_can_read(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	size_t len;
	unsigned char *s = seal("Asha Devi", "victims.name:1", &len);
	field_keys_unload();

	assert_int_equal(chmod(f->file, 0644), 0);
	assert_int_equal(field_keys_load(f->keys), -1);
	assert_int_equal(field_key_current(), 0);
	assert_int_equal(chmod(f->file, 0640), 0);
	assert_int_equal(field_keys_load(f->keys), -1);
	assert_int_equal(chmod(f->file, 0604), 0);
	assert_int_equal(field_keys_load(f->keys), -1);
	assert_int_equal(field_key_current(), 0);
	/* the refused file was not replaced by a new key */
	assert_int_equal(count_lines(f->file), 1);

	assert_int_equal(chmod(f->file, 0600), 0);
	assert_int_equal(field_keys_load(f->keys), 0);
	expect_open(s, len, "victims.name:1", "Asha Devi");

	/* a refused load keeps the keys already loaded */
	assert_int_equal(chmod(f->file, 0644), 0);
	assert_int_equal(field_keys_load(f->keys), -1);
	assert_int_equal(field_key_current(), 1);
	expect_open(s, len, "victims.name:1", "Asha Devi");
	assert_int_equal(chmod(f->file, 0600), 0);
	free(s);
}

static void load_refuses_a_malformed_file(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"",                                                         /* no key */
		"1 abcd\n",                                                 /* short */
		"1 zz00000000000000000000000000000000000000000000000000000000000000\n",
		"x 0000000000000000000000000000000000000000000000000000000000000000\n",
		"1 00000000000000000000000000000000000000000000000000000000000000000\n", /* 65 */
	};
	assert_int_equal(mkdir(f->keys, 0700), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int fd = open(f->file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		ssize_t w = write(fd, bad[i], strlen(bad[i]));
		close(fd);
		assert_int_equal(w, (ssize_t)strlen(bad[i]));
		if (field_keys_load(f->keys) != -1)
			fail_msg("key file #%zu was accepted", i);
		assert_int_equal(field_key_current(), 0);
	}
	/* comments and blank lines are fine */
	int fd = open(f->file, O_WRONLY | O_TRUNC, 0600);
	const char *good = "# field keys\n\n7 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
	assert_int_equal(write(fd, good, strlen(good)), (ssize_t)strlen(good));
	close(fd);
	assert_int_equal(field_keys_load(f->keys), 0);
	assert_int_equal(field_key_current(), 7);
}

static void seal_and_open(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	const char *name = "Asha Devi, D/o Ram Prasad";
	size_t len;
	unsigned char *s = seal(name, "victims.name:42", &len);
	assert_int_equal(s[0], 'k');
	assert_int_equal(sealed_key_id(s), 1);
	assert_null(memmem(s, len, "Asha", 4));
	expect_open(s, len, "victims.name:42", name);

	/* a fresh nonce each time */
	size_t len2;
	unsigned char *s2 = seal(name, "victims.name:42", &len2);
	assert_int_equal(len, len2);
	assert_memory_not_equal(s + 5, s2 + 5, 24);
	expect_open(s2, len2, "victims.name:42", name);

	/* empty values too */
	size_t len3;
	unsigned char *s3 = seal("", "victims.alias:42", &len3);
	assert_int_equal(len3, FIELD_OVERHEAD);
	expect_open(s3, len3, "victims.alias:42", "");
	free(s);
	free(s2);
	free(s3);
}

static void wrong_context_does_not_open(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	size_t len;
	unsigned char *s = seal("9876 5432 1098", "victims.aadhaar:42", &len);
	expect_open(s, len, "victims.aadhaar:43", NULL);      /* another row */
	expect_open(s, len, "victims.name:42", NULL);         /* another column */
	expect_open(s, len, "", NULL);
	expect_open(s, len, "victims.aadhaar:42 ", NULL);
	expect_open(s, len, "victims.aadhaar:42", "9876 5432 1098");
	free(s);
}

static void any_flipped_byte_fails(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	size_t len;
	unsigned char *s = seal("Asha Devi", "victims.name:42", &len);
	for (size_t i = 0; i < len; i++)
		for (unsigned bit = 1; bit < 256; bit <<= 1) {
			s[i] ^= (unsigned char)bit;
			char *out = NULL;
			size_t outlen;
			int rc = field_open(s, len, "victims.name:42", &out, &outlen);
			s[i] ^= (unsigned char)bit;
			if (rc != -1) {
				free(out);
				free(s);
				fail_msg("flipping bit %u of byte %zu still opened", bit, i);
			}
		}
	/* cut short, or by one byte */
	expect_open(s, len - 1, "victims.name:42", NULL);
	expect_open(s, FIELD_OVERHEAD - 1, "victims.name:42", NULL);
	expect_open(s, 0, "victims.name:42", NULL);
	/* and unchanged, it opens */
	expect_open(s, len, "victims.name:42", "Asha Devi");
	free(s);
}

static void rotation_keeps_old_values_readable(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	size_t len1;
	unsigned char *v1 = seal("sealed under key 1", "t.c:1", &len1);
	assert_int_equal(sealed_key_id(v1), 1);

	assert_int_equal(field_keys_rotate(f->keys), 0);
	assert_int_equal(field_key_current(), 2);
	assert_int_equal(count_lines(f->file), 2);
	struct stat st;
	assert_int_equal(stat(f->file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t len2;
	unsigned char *v2 = seal("sealed under key 2", "t.c:2", &len2);
	assert_int_equal(sealed_key_id(v2), 2);
	expect_open(v1, len1, "t.c:1", "sealed under key 1");
	expect_open(v2, len2, "t.c:2", "sealed under key 2");

	/* the keys differ: v1 relabelled as key 2 does not open */
	unsigned char *relabelled = malloc(len1);
	assert_non_null(relabelled);
	memcpy(relabelled, v1, len1);
	relabelled[4] = 2;
	expect_open(relabelled, len1, "t.c:1", NULL);
	free(relabelled);

	/* after a restart (unload, load) both still open */
	assert_int_equal(field_keys_rotate(f->keys), 0);
	assert_int_equal(field_key_current(), 3);
	field_keys_unload();
	assert_int_equal(field_keys_load(f->keys), 0);
	assert_int_equal(field_key_current(), 3);
	expect_open(v1, len1, "t.c:1", "sealed under key 1");
	expect_open(v2, len2, "t.c:2", "sealed under key 2");
	free(v1);
	free(v2);
}

static void unknown_key_id_fails(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(field_keys_load(f->keys), 0);
	size_t len;
	unsigned char *s = seal("Asha Devi", "victims.name:42", &len);
	unsigned char *copy = malloc(len);
	assert_non_null(copy);
	static const uint32_t ids[] = { 0, 2, 99, 0x01000001u, 0xffffffffu };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		memcpy(copy, s, len);
		copy[1] = (unsigned char)(ids[i] >> 24);
		copy[2] = (unsigned char)(ids[i] >> 16);
		copy[3] = (unsigned char)(ids[i] >> 8);
		copy[4] = (unsigned char)ids[i];
		expect_open(copy, len, "victims.name:42", NULL);
	}
	free(copy);

	/* no keys loaded: nothing opens, nothing seals */
	field_keys_unload();
	expect_open(s, len, "victims.name:42", NULL);
	unsigned char *out = NULL;
	size_t outlen = 0;
	assert_int_equal(field_seal("x", 1, "a", &out, &outlen), -1);
	assert_null(out);

	/* another installation's key 1 is not this one's key 1 */
	char other[128];
	snprintf(other, sizeof other, "%s/other", f->tmp);
	assert_int_equal(field_keys_load(other), 0);
	assert_int_equal(field_key_current(), 1);
	expect_open(s, len, "victims.name:42", NULL);
	char other_file[160];
	snprintf(other_file, sizeof other_file, "%s/field.keys", other);
	unlink(other_file);
	rmdir(other);
	free(s);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(load_creates_a_private_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(load_refuses_a_file_others_can_read, setup, teardown),
		cmocka_unit_test_setup_teardown(load_refuses_a_malformed_file, setup, teardown),
		cmocka_unit_test_setup_teardown(seal_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_context_does_not_open, setup, teardown),
		cmocka_unit_test_setup_teardown(any_flipped_byte_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(rotation_keeps_old_values_readable, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_key_id_fails, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
