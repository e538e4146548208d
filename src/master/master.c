/* Master data answers, built once from the database at start. */
#include "master/master.h"

#include <stdio.h>
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

#define DISTRICT_LGD_MAX 9999

static struct master_state gz_states[STATE_LGD_MAX + 1];
static int gz_nstates;
static struct master_district *gz_districts;
static int gz_ndistricts;
static int16_t gz_state_index[STATE_LGD_MAX + 1];       /* lgd -> index + 1 */
static int16_t gz_district_index[DISTRICT_LGD_MAX + 1]; /* lgd -> index + 1 */

static long long population_of(const json_t *o)
{
	json_t *p = json_object_get(o, "population");
	return json_is_integer(p) ? (long long)json_integer_value(p) : 0;
}

int master_load(struct db *db)
{
	if (gz_nstates > 0)
		return 0;
	json_t *states = db->ops->states_list(db);
	if (!states)
		return -1;
	size_t i, k;
	json_t *st, *d;
	struct master_district *districts = NULL;
	int nd = 0, ns = 0, rc = -1;
	json_array_foreach(states, i, st) {
		json_int_t lgd = json_integer_value(json_object_get(st, "lgd"));
		if (lgd < 1 || lgd > STATE_LGD_MAX || ns > STATE_LGD_MAX)
			goto out;
		struct master_state *s = &gz_states[ns];
		s->lgd = (int)lgd;
		s->index = ns;
		snprintf(s->name, sizeof s->name, "%s", json_string_value(json_object_get(st, "name")));
		snprintf(s->kind, sizeof s->kind, "%s", json_string_value(json_object_get(st, "kind")));
		s->population = population_of(st);
		gz_state_index[lgd] = (int16_t)(ns + 1);
		ns++;
		json_t *list = db->ops->districts_list(db, (int)lgd);
		if (!list)
			goto out;
		struct master_district *grown = realloc(districts, (nd + json_array_size(list)) * sizeof *districts);
		if (!grown) {
			json_decref(list);
			goto out;
		}
		districts = grown;
		json_array_foreach(list, k, d) {
			json_int_t dl = json_integer_value(json_object_get(d, "lgd"));
			if (dl < 1 || dl > DISTRICT_LGD_MAX) {
				json_decref(list);
				goto out;
			}
			struct master_district *m = &districts[nd];
			m->lgd = (int)dl;
			m->state_lgd = (int)lgd;
			m->index = nd;
			snprintf(m->name, sizeof m->name, "%s", json_string_value(json_object_get(d, "name")));
			m->population = population_of(d);
			gz_district_index[dl] = (int16_t)(nd + 1);
			nd++;
		}
		json_decref(list);
	}
	gz_districts = districts;
	districts = NULL;
	gz_ndistricts = nd;
	gz_nstates = ns;
	rc = 0;
out:
	if (rc != 0)
		log_error("master: the States and districts could not be read");
	free(districts);
	json_decref(states);
	return rc;
}

const struct master_state *master_state_of(int lgd)
{
	return lgd >= 1 && lgd <= STATE_LGD_MAX && gz_state_index[lgd] ? &gz_states[gz_state_index[lgd] - 1] : NULL;
}

const struct master_district *master_district_of(int lgd)
{
	return lgd >= 1 && lgd <= DISTRICT_LGD_MAX && gz_district_index[lgd] ? &gz_districts[gz_district_index[lgd] - 1]
									     : NULL;
}

int master_state_count(void)
{
	return gz_nstates;
}

int master_district_count(void)
{
	return gz_ndistricts;
}

const struct master_state *master_state_at(int i)
{
	return i >= 0 && i < gz_nstates ? &gz_states[i] : NULL;
}

const struct master_district *master_district_at(int i)
{
	return i >= 0 && i < gz_ndistricts ? &gz_districts[i] : NULL;
}

int master_init(struct db *db)
{
	if (master_load(db) != 0)
		return -1;
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
