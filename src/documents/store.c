/* The blob store: every file once, named by its SHA-256, in DATA/blobs.
 *
 * A file arrives in DATA/blobs/tmp (written and fsync'd by whoever receives
 * it), then store_commit links it to blobs/ab/ab12… — link(2) fails with
 * EEXIST when the same content is stored already, which is how a second
 * upload of one file is stored once — and fsyncs the folder, so that a
 * blob whose record was committed survives a power cut.  The record is
 * written after the file: a crash in between leaves a file nobody refers
 * to, which store_sweep removes at the next start; never a record without
 * its file. */
#include "documents/documents.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static bool hex_valid(const char *hex)
{
	if (strlen(hex) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
			return false;
	return true;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int mkdir_p1(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	log_error("store: cannot create %s: %s", path, strerror(errno));
	return -1;
}

/* The lock of DATA/blobs held by `serve` for its whole life (flock). */
static int lock_fd = -1;

int store_init(const char *data_dir, bool serve)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/blobs", data_dir);
	if (mkdir_p1(path) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/blobs/tmp", data_dir);
	if (mkdir_p1(path) != 0)
		return -1;
	/* Only the holder of the lock may clean: another process's uploads in
	 * flight, or a blob linked by its uncommitted transaction, must stay. */
	char lock[PATH_MAX];
	snprintf(lock, sizeof lock, "%s/blobs/.lock", data_dir);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("store: cannot open %s: %s", lock, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		if (errno != EWOULDBLOCK) {
			log_error("store: cannot lock %s: %s", lock, strerror(errno));
			return -1;
		}
		if (serve) {
			log_error("store: another ahtcell serve is using %s; one server per data folder", data_dir);
			return -1;
		}
		return 0;       /* a server runs: it owns the cleaning */
	}
	if (serve)
		lock_fd = fd;
	DIR *d = opendir(path);
	if (!d) {
		if (!serve)
			close(fd);
		return -1;
	}
	struct dirent *e;
	int removed = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	closedir(d);
	if (removed)
		log_info("store: removed %d unfinished upload(s) from %s", removed, path);
	if (!serve)
		close(fd);      /* and with it the lock */
	return 0;
}

void store_path(const char *data_dir, const char hex[65], char *out, size_t outmax)
{
	snprintf(out, outmax, "%s/blobs/%.2s/%s", data_dir, hex, hex);
}

int store_commit(const char *data_dir, const char *tmp_path, const char hex[65], bool *created)
{
	char dir[PATH_MAX], path[PATH_MAX];
	*created = false;
	if (!hex_valid(hex))
		return -1;
	snprintf(dir, sizeof dir, "%s/blobs/%.2s", data_dir, hex);
	if (mkdir_p1(dir) != 0)
		return -1;
	store_path(data_dir, hex, path, sizeof path);
	if (link(tmp_path, path) == 0) {
		*created = true;
		if (fsync_dir(dir) != 0) {
			log_error("store: fsync %s: %s", dir, strerror(errno));
			unlink(path);
			*created = false;
			return -1;
		}
	} else if (errno != EEXIST) {
		log_error("store: cannot store %s: %s", path, strerror(errno));
		return -1;
	}
	unlink(tmp_path);
	return 0;
}

int store_remove(const char *data_dir, const char hex[65])
{
	char path[PATH_MAX];
	if (!hex_valid(hex))
		return -1;
	store_path(data_dir, hex, path, sizeof path);
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int store_sweep(const char *data_dir, bool (*keep)(void *ctx, const char hex[65]), void *ctx)
{
	char root[PATH_MAX], sub[PATH_MAX];
	snprintf(root, sizeof root, "%s/blobs", data_dir);
	DIR *d = opendir(root);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strlen(e->d_name) != 2 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(sub, sizeof sub, "%s/%s", root, e->d_name) >= (int)sizeof sub)
			continue;
		DIR *s = opendir(sub);
		if (!s)
			continue;
		struct dirent *f;
		while ((f = readdir(s))) {
			if (!hex_valid(f->d_name) || keep(ctx, f->d_name))
				continue;
			if (unlinkat(dirfd(s), f->d_name, 0) == 0) {
				log_info("store: removed %s/%s, a file no record refers to", sub, f->d_name);
				removed++;
			}
		}
		closedir(s);
	}
	closedir(d);
	return removed;
}

int store_put_bytes(const char *data_dir, const void *data, size_t len, char hex[65], bool *created)
{
	char tmp[PATH_MAX];
	unsigned char digest[32];
	snprintf(tmp, sizeof tmp, "%s/blobs/tmp/put-XXXXXX", data_dir);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		log_error("store: cannot create a file in %s/blobs/tmp: %s", data_dir, strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	close(fd);
	fd = -1;
	crypto_hash_sha256(digest, data, len);
	util_hex(digest, 32, hex);
	if (store_commit(data_dir, tmp, hex, created) != 0)
		goto fail;
	return 0;
fail:
	log_error("store: cannot write %s: %s", tmp, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

/* ---- type detection ---- */

/* libmagic's cookies are not thread-safe: one per thread, loaded once,
 * closed when the thread ends (a pthread key's destructor). */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void magic_key_free(void *m)
{
	magic_close(m);
}

static void magic_key_make(void)
{
	pthread_key_create(&magic_key, magic_key_free);
}

static magic_t magic_thread(void)
{
	pthread_once(&magic_once, magic_key_make);
	magic_t m = pthread_getspecific(magic_key);
	if (m)
		return m;
	m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF | MAGIC_ERROR);
	if (!m)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		log_error("store: libmagic cannot load its database: %s", magic_error(m));
		magic_close(m);
		return NULL;
	}
	pthread_setspecific(magic_key, m);
	return m;
}

static const struct { const char *mime, *ext; } accepted[] = {
	{ "application/pdf", "pdf" },
	{ "application/vnd.oasis.opendocument.text", "odt" },
	{ "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
	{ "application/vnd.oasis.opendocument.spreadsheet", "ods" },
	{ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
	{ "text/plain", "txt" },
};

int docs_detect_type(int fd, char out[128], const char **ext)
{
	magic_t m = magic_thread();
	if (!m)
		return -1;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	const char *mime = magic_descriptor(m, fd);
	lseek(fd, 0, SEEK_SET);
	if (!mime) {
		log_error("store: libmagic: %s", magic_error(m));
		return -1;
	}
	snprintf(out, 128, "%s", mime);
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		if (strcmp(mime, accepted[i].mime) == 0) {
			*ext = accepted[i].ext;
			return 0;
		}
	*ext = NULL;
	return 1;
}
