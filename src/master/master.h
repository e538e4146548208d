/* Master data: States/UTs and districts with LGD codes and Census 2011
 * population.  It never changes while the server runs, so its answers are
 * built once at start and served from memory. */
#ifndef AHTCELL_MASTER_H
#define AHTCELL_MASTER_H

#include "db/db.h"
#include "http/request.h"

/* Builds the cached answers and the gazetteer from db; -1 on failure
 * (logged). */
int master_init(struct db *db);

/* The gazetteer: every State/UT and district with its Census 2011
 * population, in memory for the process's life, for modules that look
 * places up on a hot path (the case analysis).  master_load fills it (the
 * server's master_init does; the command line calls it itself); calling it
 * again does nothing.  index is the place's position in the lists below,
 * dense from 0, for arrays indexed by place. */
struct master_state {
	int lgd, index;
	char name[64];
	char kind[8];                   /* state, ut */
	long long population;           /* 0 when not known */
};
struct master_district {
	int lgd, state_lgd, index;
	char name[64];
	long long population;           /* 0 when not known (made after 2011) */
};
int master_load(struct db *db);
/* NULL when there is no such State/district (or nothing is loaded). */
const struct master_state *master_state_of(int lgd);
const struct master_district *master_district_of(int lgd);
int master_state_count(void);
int master_district_count(void);
/* i from 0 to count - 1: States in name order, districts by State's then own name. */
const struct master_state *master_state_at(int i);
const struct master_district *master_district_at(int i);

void master_states(struct request *r);
void master_state(struct request *r);
void master_districts(struct request *r);

#endif
