/* Master data: States/UTs and districts with LGD codes and Census 2011
 * population.  It never changes while the server runs, so its answers are
 * built once at start and served from memory. */
#ifndef AHTCELL_MASTER_H
#define AHTCELL_MASTER_H

#include "db/db.h"
#include "http/request.h"

/* Builds the cached answers from db; -1 on failure (logged). */
int master_init(struct db *db);

void master_states(struct request *r);
void master_state(struct request *r);
void master_districts(struct request *r);

#endif
