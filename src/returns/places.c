/* The States' and districts' names and each district's State, read once for
 * an import or an export (internal.h). */
#include "returns/internal.h"

bool returns_places_load(struct db *db, int state, struct places *p)
{
	p->states = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	p->districts = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	p->state_of = g_hash_table_new(NULL, NULL);
	json_t *states = db->ops->states_list(db);
	json_t *list = json_is_array(states) ? states : json_object_get(states, "items");
	bool ok = json_is_array(list);
	size_t i, k;
	json_t *s, *d;
	json_array_foreach(list, i, s) {
		int lgd = (int)json_integer_value(json_object_get(s, "lgd"));
		if (state && lgd != state)
			continue;
		g_hash_table_insert(p->states, GINT_TO_POINTER(lgd), g_strdup(json_string_value(json_object_get(s, "name"))));
		json_t *ds = db->ops->districts_list(db, lgd);
		json_t *dl = json_is_array(ds) ? ds : json_object_get(ds, "items");
		ok &= json_is_array(dl);
		json_array_foreach(dl, k, d) {
			int dlgd = (int)json_integer_value(json_object_get(d, "lgd"));
			g_hash_table_insert(p->districts, GINT_TO_POINTER(dlgd), g_strdup(json_string_value(json_object_get(d, "name"))));
			g_hash_table_insert(p->state_of, GINT_TO_POINTER(dlgd), GINT_TO_POINTER(lgd));
		}
		json_decref(ds);
	}
	json_decref(states);
	return ok;
}

void returns_places_free(struct places *p)
{
	if (p->states)
		g_hash_table_destroy(p->states);
	if (p->districts)
		g_hash_table_destroy(p->districts);
	if (p->state_of)
		g_hash_table_destroy(p->state_of);
	p->states = p->districts = p->state_of = NULL;
}
