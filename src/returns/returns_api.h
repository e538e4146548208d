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
/* import and export (jobs.c) */
void returns_values(struct request *r);
void returns_import_upload(struct request *r);
void returns_import_show(struct request *r);
void returns_imports_list(struct request *r);
/* Where uploads and exports go (DATA/imports, DATA/tmp). */
void returns_set_data_dir(const char *dir);
/* The importer thread: takes the queue of uploaded files in order.  start
 * queues again what a stop cut short; stop waits for the thread (an
 * import under way is given up, nothing of it saved, and queued again). */
int returns_importer_start(const char *db_url, const char *data_dir);
void returns_importer_stop(void);

#endif
