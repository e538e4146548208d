/* Files attached to a State's records: action-taken reports, best
 * practices, award nominations.  Stored in the blob store (src/documents'
 * store.c), typed by content like the library's files, but never public:
 * read only by those who may read the record, each reading audited. */
#ifndef AHTCELL_ATTACHMENTS_H
#define AHTCELL_ATTACHMENTS_H

#include "http/request.h"

void attachments_set_data_dir(const char *dir);
void attachments_upload(struct request *r);
void attachments_list(struct request *r);
void attachments_file(struct request *r);

#endif
