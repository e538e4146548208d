/* The route table: every route of the API, with its policy, checked before
 * any handler runs (cgit's cmd table, Redis's command table). */
#ifndef AHTCELL_ROUTER_H
#define AHTCELL_ROUTER_H

#include <stddef.h>

#include "http/request.h"

typedef void (*handler_fn)(struct request *r);

/* Who may call: a bit per enum role.  R_PUBLIC lets anybody in, signed in
 * or not; R_SIGNED_IN any signed-in user. */
#define R_BIT(role) (1u << (role))
#define R_PUBLIC    R_BIT(ROLE_PUBLIC)
#define R_ADMIN     R_BIT(ROLE_ADMIN)
#define R_CELL      R_BIT(ROLE_CELL)
#define R_STATE     R_BIT(ROLE_STATE)
#define R_DISTRICT  R_BIT(ROLE_DISTRICT)
#define R_VIEWER    R_BIT(ROLE_VIEWER)
#define R_SIGNED_IN (R_ADMIN | R_CELL | R_STATE | R_DISTRICT | R_VIEWER)

/* Route flags. */
#define F_PASSWORD_CHANGE 1u  /* allowed while the caller must change their password */
#define F_IDEMPOTENT      2u  /* a create: honours Idempotency-Key */
#define F_OWN_TX          4u  /* a write whose handler opens its own transactions (sign-in:
			       * slow work must run with no database lock held) */
#define F_UPLOAD          8u  /* multipart/form-data streamed to a temporary file (struct upload);
			       * the caller is admitted before the body is read */
#define F_UPLOAD_MEMORY  16u  /* with F_UPLOAD: the file is personal data, kept in an anonymous
			       * memory file (memfd), never on disk; the handler seals it */

struct route {
	enum http_method method;
	const char *pattern;      /* "/api/v1/users/{id}": {name} matches one segment */
	handler_fn handler;
	unsigned roles;
	size_t body_limit;        /* bytes; 0: no body accepted */
	unsigned flags;
	const char *resource;     /* what {id} names, for the access matrix test; NULL: none */
};

extern const struct route routes[];
extern const size_t routes_count;

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };
/* Finds the route for method and path; on ROUTE_FOUND fills params (pointers
 * into scratch, which must hold strlen(path)+1 bytes).  *allowed gets the
 * methods that the path has (for 405's Allow header). */
enum route_match router_match(enum http_method method, const char *path, char *scratch,
			      const struct route **out, const char **params, int *nparams, unsigned *allowed);
/* The method's bit from its name, 0 when not one we serve. */
enum http_method router_method(const char *name);
const char *router_method_name(enum http_method m);
/* The route table as JSON (`ahtcell routes`); caller owns it. */
json_t *router_table_json(void);

#endif
