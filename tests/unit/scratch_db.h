/* A migrated database with the gazetteer loaded, in a folder of its own
 * under /tmp, for the unit tests that need real storage; and its removal.
 * Included by the tests (header-only: each test is one program). */
#ifndef AHTCELL_TEST_SCRATCH_DB_H
#define AHTCELL_TEST_SCRATCH_DB_H

#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "master/master.h"

/* dir (64 bytes) gets the folder made from name; NULL on failure. */
static inline struct db *scratch_db_open(const char *name, char dir[64])
{
	snprintf(dir, 64, "/tmp/ahtcell-%s-XXXXXX", name);
	if (!mkdtemp(dir))
		return NULL;
	char url[128];
	snprintf(url, sizeof url, "sqlite:%s/t.db", dir);
	struct db *db = db_open(url);
	int from, to;
	if (!db || db->ops->migrate(db, &from, &to) != DB_OK || master_load(db) != 0) {
		if (db)
			db_close(db);
		return NULL;
	}
	return db;
}

static inline int scratch_db_close(struct db *db, const char *dir)
{
	db_close(db);
	char p[128];
	snprintf(p, sizeof p, "rm -rf %s", dir);
	return system(p) == 0 ? 0 : -1;
}

#endif
