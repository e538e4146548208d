/* Health and About. */
#ifndef AHTCELL_SYSTEM_H
#define AHTCELL_SYSTEM_H

#include "http/request.h"

void system_health(struct request *r);
void system_about(struct request *r);

#endif
