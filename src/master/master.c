/* Master data answers, built once from the database at start. */
#include "master/master.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define STATE_LGD_MAX 99

static struct static_reply states_reply;
static struct static_reply state_reply[STATE_LGD_MAX + 1];
static struct static_reply districts_reply[STATE_LGD_MAX + 1];

static void set_reply(struct static_reply *s, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	s->body = text;   /* kept for the process's life */
	s->len = text ? strlen(text) : 0;
}

int master_init(struct db *db)
{
	json_t *states = db->ops->states_list(db);
	if (!states)
		return -1;
	size_t i;
	json_t *st;
	json_array_foreach(states, i, st) {
		json_int_t lgd = json_integer_value(json_object_get(st, "lgd"));
		if (lgd < 1 || lgd > STATE_LGD_MAX) {
			log_error("master: State LGD code %lld out of range", (long long)lgd);
			json_decref(states);
			return -1;
		}
		json_t *d = db->ops->districts_list(db, (int)lgd);
		if (!d) {
			json_decref(states);
			return -1;
		}
		size_t n = json_array_size(d);
		set_reply(&districts_reply[lgd], json_pack("{s:o, s:I, s:I, s:i}", "items", d, "total", (json_int_t)n,
							   "limit", (json_int_t)n, "offset", 0));
		set_reply(&state_reply[lgd], json_incref(st));
	}
	size_t n = json_array_size(states);
	set_reply(&states_reply, json_pack("{s:o, s:I, s:I, s:i}", "items", states, "total", (json_int_t)n,
					   "limit", (json_int_t)n, "offset", 0));
	return states_reply.body ? 0 : -1;
}

/* The State named by the path, or 0 with a 404 reply set. */
static int path_state(struct request *r)
{
	long long v;
	if (r->nparams > 0 && util_parse_int(r->params[0], 1, STATE_LGD_MAX, &v) && state_reply[v].body)
		return (int)v;
	reply_error(r, 404, "state.not_found", "There is no State or UT with LGD code %s.",
		    r->nparams > 0 && strlen(r->params[0]) < 12 ? r->params[0] : "?");
	return 0;
}

void master_states(struct request *r)
{
	reply_static(r, &states_reply);
}

void master_state(struct request *r)
{
	int lgd = path_state(r);
	if (lgd)
		reply_static(r, &state_reply[lgd]);
}

void master_districts(struct request *r)
{
	int lgd = path_state(r);
	if (lgd)
		reply_static(r, &districts_reply[lgd]);
}
