/* The HTTP handlers of the periodic returns (src/returns/api.c). */
#ifndef AHTCELL_RETURNS_API_H
#define AHTCELL_RETURNS_API_H

#include "http/request.h"

void returns_datasets(struct request *r);
void returns_dataset(struct request *r);
void returns_show(struct request *r);
void returns_save(struct request *r);
void returns_step(struct request *r);
void returns_cell_history(struct request *r);
void returns_exception(struct request *r);
void returns_completeness(struct request *r);
void returns_define_dataset(struct request *r);
void returns_pivot(struct request *r);

#endif
