/* Health and About: what any visitor, monitor or load balancer may ask. */
#include "system/system.h"

void system_health(struct request *r)
{
	int v = r->db->ops->schema_version(r->db);
	if (v < 0) {
		reply_error(r, 503, "server.db", "The database does not answer.");
		return;
	}
	reply_json(r, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "version", AHTCELL_VERSION,
				     "schema_version", v));
}

void system_about(struct request *r)
{
	json_t *sources = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]",
		"what", "States, Union Territories and districts with their LGD codes",
		"source", "Local Government Directory, Ministry of Panchayati Raj, Government of India",
		"licence", "Government Open Data License - India (GODL-India)",
		"what", "Population, male, female: States and districts",
		"source", "Census of India 2011, Primary Census Abstract",
		"licence", "Public government statistics",
		"what", "Common passwords refused for accounts",
		"source", "Openwall password list (Solar Designer, 1996-2011)",
		"licence", "Public domain");
	reply_json(r, 200, json_pack("{s:s, s:s, s:i, s:[s, s], s:o}", "name", "AHT Cell", "version",
		AHTCELL_VERSION, "schema_version", r->db->ops->schema_version(r->db), "attribution",
		"State and district codes: Local Government Directory, Ministry of Panchayati Raj, "
		"Government of India (GODL-India).",
		"Population: Census of India 2011.", "sources", sources));
}
