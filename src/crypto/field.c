/* Field encryption for personal data; see field.h. */
#include "crypto/field.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

struct field_key {
	uint32_t id;
	unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
};

static pthread_rwlock_t keys_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct field_key *keys;      /* sodium_malloc'd, FIELD_KEYS_MAX entries */
static int nkeys;

static void keys_path(const char *dir, char out[PATH_MAX])
{
	snprintf(out, PATH_MAX, "%s/field.keys", dir);
}

static int parse_keys(FILE *f, struct field_key *into, int *n)
{
	char line[256];
	*n = 0;
	while (fgets(line, sizeof line, f)) {
		unsigned id;
		char hex[80];
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (*n >= FIELD_KEYS_MAX || sscanf(line, "%u %79s", &id, hex) != 2 || strlen(hex) != 64
		    || sodium_hex2bin(into[*n].key, sizeof into[*n].key, hex, 64, NULL, NULL, NULL) != 0) {
			sodium_memzero(line, sizeof line);
			sodium_memzero(hex, sizeof hex);
			return -1;
		}
		into[*n].id = id;
		(*n)++;
		sodium_memzero(line, sizeof line);
		sodium_memzero(hex, sizeof hex);
	}
	return 0;
}

/* Appends a new random key to the file (created 0600 when absent). */
static int append_key(const char *dir, uint32_t id)
{
	char path[PATH_MAX];
	keys_path(dir, path);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("keys: cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	unsigned char k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	char hex[2 * sizeof k + 1], line[128];
	crypto_aead_xchacha20poly1305_ietf_keygen(k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	int n = snprintf(line, sizeof line, "%u %s\n", id, hex);
	ssize_t w = write(fd, line, (size_t)n);
	int rc = (w == n && fsync(fd) == 0) ? 0 : -1;
	close(fd);
	sodium_memzero(k, sizeof k);
	sodium_memzero(hex, sizeof hex);
	sodium_memzero(line, sizeof line);
	if (rc != 0)
		log_error("keys: writing %s failed", path);
	return rc;
}

int field_keys_load(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("keys: cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	keys_path(dir, path);
	if (stat(path, &st) != 0) {
		if (append_key(dir, 1) != 0)
			return -1;
		log_info("keys: created %s with a first key (keep a copy of it apart from the database backups)", path);
		if (stat(path, &st) != 0)
			return -1;
	}
	if ((st.st_mode & 077) != 0) {
		log_error("keys: %s is readable by others (mode %o); run chmod 600 on it", path,
			  (unsigned)(st.st_mode & 0777));
		return -1;
	}
	FILE *f = fopen(path, "re");
	if (!f) {
		log_error("keys: cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	struct field_key *k = sodium_malloc(FIELD_KEYS_MAX * sizeof *k);
	int n = 0;
	int rc = k ? parse_keys(f, k, &n) : -1;
	fclose(f);
	if (rc != 0 || n == 0) {
		log_error("keys: %s is malformed (want lines '<id> <64 hex digits>')", path);
		if (k)
			sodium_free(k);
		return -1;
	}
	pthread_rwlock_wrlock(&keys_lock);
	if (keys)
		sodium_free(keys);
	keys = k;
	nkeys = n;
	pthread_rwlock_unlock(&keys_lock);
	return 0;
}

int field_keys_rotate(const char *dir)
{
	if (field_keys_load(dir) != 0)
		return -1;
	uint32_t next = 0;
	pthread_rwlock_rdlock(&keys_lock);
	for (int i = 0; i < nkeys; i++)
		if (keys[i].id >= next)
			next = keys[i].id + 1;
	pthread_rwlock_unlock(&keys_lock);
	if (append_key(dir, next) != 0)
		return -1;
	return field_keys_load(dir);
}

uint32_t field_key_current(void)
{
	pthread_rwlock_rdlock(&keys_lock);
	uint32_t id = nkeys ? keys[nkeys - 1].id : 0;
	pthread_rwlock_unlock(&keys_lock);
	return id;
}

void field_keys_unload(void)
{
	pthread_rwlock_wrlock(&keys_lock);
	if (keys)
		sodium_free(keys);
	keys = NULL;
	nkeys = 0;
	pthread_rwlock_unlock(&keys_lock);
}

int field_seal(const void *plain, size_t len, const char *ad, unsigned char **out, size_t *outlen)
{
	unsigned char *o = malloc(len + FIELD_OVERHEAD);
	if (!o)
		return -1;
	pthread_rwlock_rdlock(&keys_lock);
	if (!nkeys) {
		pthread_rwlock_unlock(&keys_lock);
		free(o);
		return -1;
	}
	const struct field_key *k = &keys[nkeys - 1];
	o[0] = 'k';
	o[1] = (unsigned char)(k->id >> 24);
	o[2] = (unsigned char)(k->id >> 16);
	o[3] = (unsigned char)(k->id >> 8);
	o[4] = (unsigned char)k->id;
	unsigned char *nonce = o + 5;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(o + 29, &clen, plain, len, (const unsigned char *)ad, strlen(ad),
						   NULL, nonce, k->key);
	pthread_rwlock_unlock(&keys_lock);
	*out = o;
	*outlen = 29 + (size_t)clen;
	return 0;
}

int field_open(const unsigned char *s, size_t len, const char *ad, char **out, size_t *outlen)
{
	if (len < FIELD_OVERHEAD || s[0] != 'k')
		return -1;
	uint32_t id = (uint32_t)s[1] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 8 | s[4];
	char *p = malloc(len - FIELD_OVERHEAD + 1);
	if (!p)
		return -1;
	int rc = -1;
	unsigned long long plen = 0;
	pthread_rwlock_rdlock(&keys_lock);
	for (int i = 0; i < nkeys; i++)
		if (keys[i].id == id) {
			rc = crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)p, &plen, NULL, s + 29, len - 29,
									(const unsigned char *)ad, strlen(ad), s + 5,
									keys[i].key);
			break;
		}
	pthread_rwlock_unlock(&keys_lock);
	if (rc != 0) {
		free(p);
		return -1;
	}
	p[plen] = 0;
	*out = p;
	*outlen = (size_t)plen;
	return 0;
}
