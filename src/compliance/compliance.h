/* Compliance with the Cell's advisories: the actions each advisory asks of
 * the States, each State's reports (not started, in progress, complied,
 * not applicable), the States × advisories matrix and its export. */
#ifndef AHTCELL_COMPLIANCE_H
#define AHTCELL_COMPLIANCE_H

#include "http/request.h"

void compliance_matrix(struct request *r);
void compliance_show(struct request *r);
void compliance_file(struct request *r);
void compliance_set_actions(struct request *r);

#endif
