/* Picks a storage backend by URL; see db.h. */
#include "db/db.h"

#include <string.h>

#include "util/util.h"

struct db *sqlite_open(const char *path);

struct db *db_open(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return sqlite_open(url + 7);
	log_error("db: unsupported database URL scheme in '%.*s' (supported: sqlite:PATH)",
		  (int)strcspn(url, ":"), url);
	return NULL;
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_PUBLIC] = "public", [ROLE_ADMIN] = "admin", [ROLE_CELL] = "cell",
	[ROLE_STATE] = "state", [ROLE_DISTRICT] = "district", [ROLE_VIEWER] = "viewer",
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "?";
}

enum role role_from_name(const char *name)
{
	if (!name)
		return ROLE_COUNT;
	for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++)
		if (strcmp(name, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_COUNT;
}
