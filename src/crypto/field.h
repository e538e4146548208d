/* Personal data at rest: one field at a time, XChaCha20-Poly1305 (libsodium)
 * under a key kept in a file outside the database.
 *
 * Keys live in DIR/field.keys (mode 0600, its folder 0700), one per line:
 * "<key id> <64 hex digits>"; the last line is the key new values are sealed
 * with, the others still open the values sealed before a rotation.
 *
 * A sealed value is  "k" key_id(4 bytes, big-endian) nonce(24) ciphertext+tag,
 * and the associated data binds it to its place (e.g. "victims.name:42"),
 * so a value copied into another row or column does not open. */
#ifndef AHTCELL_FIELD_H
#define AHTCELL_FIELD_H

#include <stddef.h>
#include <stdint.h>

#define FIELD_OVERHEAD (1 + 4 + 24 + 16)
#define FIELD_KEYS_MAX 64

/* Loads DIR/field.keys, creating the folder and a first key when there is
 * none.  0, or -1 with a message logged (bad permissions, bad file). */
int field_keys_load(const char *dir);
/* Adds a new key and makes it the one used for sealing; 0 or -1. */
int field_keys_rotate(const char *dir);
/* The id of the key used for sealing (0 when none is loaded). */
uint32_t field_key_current(void);
/* Forgets the loaded keys (zeroed). */
void field_keys_unload(void);

/* Seals len bytes of plain with context ad.  *out is malloc'd (caller
 * frees), *outlen = len + FIELD_OVERHEAD.  0, or -1 (no key, no memory). */
int field_seal(const void *plain, size_t len, const char *ad, unsigned char **out, size_t *outlen);
/* Opens a sealed value.  *out is malloc'd and NUL-terminated (caller frees,
 * after sodium_memzero when it is personal data).  0, or -1 when the key is
 * unknown, the value was altered, or ad does not match. */
int field_open(const unsigned char *sealed, size_t len, const char *ad, char **out, size_t *outlen);

#endif
