/* HTTP handlers of src/auth: sessions, users, tokens, audit. */
#ifndef AHTCELL_AUTH_API_H
#define AHTCELL_AUTH_API_H

#include "http/request.h"

void session_create(struct request *r);
void session_show(struct request *r);
void session_delete(struct request *r);
void session_change_password(struct request *r);
void sessions_list(struct request *r);
void sessions_revoke(struct request *r);

void users_list(struct request *r);
void users_create(struct request *r);
void users_show(struct request *r);
void users_update(struct request *r);
void users_reset_password(struct request *r);
void tokens_list(struct request *r);
void tokens_create(struct request *r);
void tokens_revoke(struct request *r);

void audit_list(struct request *r);

#endif
