/* What the returns' own files share (api.c, import.c, transfer.c): the
 * workflow's editable statuses and a period's entry lock. */
#ifndef AHTCELL_RETURNS_INTERNAL_H
#define AHTCELL_RETURNS_INTERNAL_H

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>

#include "db/db.h"
#include "returns/returns.h"

/* The statuses in which a return's values may change. */
extern const char *const returns_editable[];
bool returns_is_editable(const char *status);

/* A return's days: when entry starts, when it falls due, when it locks,
 * the day an exception keeps it open until ("" for none), and today in
 * India; whether entry has started and whether it is locked now. */
struct lock {
	char first[11], lock[11], due[11], open_until[11], today[11];
	bool started, locked;
};
/* The lock of data set ds's period p for one district (its exception
 * read from the database).  DB_OK, or the database's error. */
enum db_status returns_lock(struct db *db, const json_t *ds, const struct period *p, int district, struct lock *l);

/* The label of a cell's combo: its options' names joined by ", " ("" for
 * none). */
void returns_combo_label(const json_t *categories, const char *combo, char *out, size_t n);

struct request;
/* The data set named by ?dataset= (*ds, new reference) and a valid
 * ?format=; false with a reply. */
bool returns_dataset_of_query(struct request *r, json_t **ds);
/* Whose districts a report covers: the caller's jurisdiction, narrowed by
 * ?state= (another State's is 404); 0 for any.  False with a reply. */
bool returns_scope_of_query(struct request *r, int *state, int *district);

/* The States' and districts' names (LGD → name) and each district's State
 * (LGD → LGD), of one State or (0) all: places.c.  False on a database
 * error; free with returns_places_free either way. */
struct places {
	GHashTable *states, *districts, *state_of;
};
bool returns_places_load(struct db *db, int state, struct places *p);
void returns_places_free(struct places *p);

/* Today in India, "YYYY-MM-DD". */
void returns_today(char out[11]);

#endif
