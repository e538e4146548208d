/* Monitoring the States' action (issue 7): schemes and their targets, the
 * funds released under them (in whole paise: money.h).  The AHTU register,
 * utilisation certificates, training and the dashboard come next. */
#ifndef AHTCELL_MONITORING_H
#define AHTCELL_MONITORING_H

#include "db/db.h"
#include "http/request.h"

void monitoring_schemes(struct request *r);
void monitoring_releases(struct request *r);
void monitoring_release_create(struct request *r);
/* utilisation certificates: each release's, due 12 months after its financial year */
void monitoring_utilisation(struct request *r);
void monitoring_utilisation_create(struct request *r);

/* The Comprehensive Scheme as the Cell's page describes it, with its
 * targets and the 2010-11 release, when no scheme is recorded: 1 loaded, 0
 * already there, -1 on error (logged). */
int monitoring_demo_load(struct db *db);

#endif
