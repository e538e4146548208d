/* The analysis of case records (docs/analysis.md): every victim kept in
 * memory as a small fact (facts.c), and the sums the API asks of them —
 * each district's counts as source, transit and destination and its class,
 * the flows between places, the series in time (analysis.c) — and what of
 * a table may be published (suppress.c).  Pure functions of the facts, so
 * that the tests drive them with facts of their own. */
#ifndef AHTCELL_CASES_ANALYSIS_H
#define AHTCELL_CASES_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Months are counted from January 1990 (0). */
#define MONTH_OF(year, month) (((year) - 1990) * 12 + (month) - 1)
#define MONTHS_MAX MONTH_OF(2100, 1)

/* One victim.  A place is 0 (not known), 1 + a district's index
 * (master_district_at), or 1 + nd + a country's index (vocab_country_at). */
struct fact {
	uint16_t month;                 /* of rescue, else of the FIR */
	uint16_t case_state;            /* 1 + the index of the case's State */
	uint16_t case_district;         /* 1 + the index of the case's district */
	uint16_t source, destination;
	uint16_t nationality;           /* the country's index */
	uint16_t purposes;              /* bit set (vocab_purpose) */
	uint8_t gender;                 /* index in vocab_gender */
	uint8_t age_band;               /* index in vocab_age_band */
	uint8_t ntransit;
	uint8_t pad;
	uint32_t transit;               /* the first of its places in facts.transit */
};

/* Every victim, sorted by month, with the sizes the places are counted in.
 * Shared by the readers that hold a reference (facts.c). */
struct facts {
	int64_t version;                /* of the database it was read at */
	struct fact *f;
	size_t n;
	uint16_t *transit;
	size_t ntransit;
	int nstates, ndistricts, ncountries;
	uint16_t *state_of_district;    /* a district's index → its State's index */
	int refs;
	size_t cap, tcap;               /* of f and transit, while being built */
};

static inline int facts_places(const struct facts *F)
{
	return 1 + F->ndistricts + F->ncountries;
}

/* The facts as of the database's version now (read again when a case has
 * changed since), with a reference the caller gives back with
 * facts_release; NULL on a database error or no memory (logged). */
struct facts *facts_get(struct db *db);
void facts_release(struct facts *F);
/* Builds facts from rows (a test's, or the database's through case_facts). */
struct facts *facts_new(void);
int facts_add(struct facts *F, const struct db_case_fact *row);
/* Sorts by month; call once after the last facts_add. */
int facts_seal(struct facts *F);

/* Which victims a question counts. */
#define AGE_MINORS (-2)
#define AGE_ADULTS (-3)
struct analysis_query {
	int month_from, month_to;       /* inclusive */
	int case_state, case_district;  /* 1 + index: only the cases of that State / district (0 any) */
	uint16_t purposes;              /* any of these (0: any) */
	int gender;                     /* index, -1 any */
	int age_band;                   /* index, AGE_MINORS, AGE_ADULTS, -1 any */
	int nationality;                /* country index, -1 any */
};
bool analysis_match(const struct analysis_query *q, const struct fact *f);
/* The first and one-past-last facts of the query's months. */
void analysis_slice(const struct facts *F, const struct analysis_query *q, size_t *begin, size_t *end);

/* Counts per place of victims recruited there (source), passing through
 * (transit: once per victim however often it passes) and exploited there
 * (destination): three arrays of facts_places(F) counts, malloc'd into
 * out (free with analysis_counts_free).  0 or -1 (no memory). */
struct place_counts {
	uint32_t *source, *transit, *destination;
	int nplaces;
};
int analysis_place_counts(const struct facts *F, const struct analysis_query *q, struct place_counts *out);
void analysis_counts_free(struct place_counts *c);

/* The classes of a district (docs/analysis.md). */
enum district_class { CLASS_TOO_FEW, CLASS_SOURCE, CLASS_TRANSIT, CLASS_DESTINATION, CLASS_MIXED };
struct thresholds {
	int min_victims;                /* fewer victims in all roles: too few to say */
	double dominant_share;          /* a role's share of all to name the class, 0.5 < s <= 1 */
};
/* count per 100,000 of population, to two decimals; -1 when the
 * population is not known (0). */
double analysis_per_lakh(long long count, long long population);
enum district_class analysis_classify(uint32_t source, uint32_t transit, uint32_t destination,
				      const struct thresholds *t);
const char *analysis_class_name(enum district_class c);

/* Flows between nodes: with by_state, a node is 0 (not known), 1 + a
 * State's index or 1 + nstates + a country's index; else a place.  The
 * matrix (nodes × nodes, from × to) is malloc'd into *matrix; *nodes its
 * side.  Only routes with both ends known count; touching (a node, 0 for
 * any) keeps the routes that start or end there.  0 or -1. */
int analysis_flows(const struct facts *F, const struct analysis_query *q, bool by_state, int from_node, int to_node,
		   uint32_t **matrix, int *nodes);
/* The node of a place at the level asked. */
int analysis_node_of_place(const struct facts *F, int place, bool by_state);
/* Counts per purpose (vocab_purpose order, 16 slots) of the victims on
 * each of n routes (from[i] → to[i], nodes as analysis_flows), in one
 * pass: out holds n × 16, zeroed here.  0 or -1 (no memory). */
int analysis_route_purposes(const struct facts *F, const struct analysis_query *q, bool by_state, const int *from,
			    const int *to, int n, uint32_t *out);

/* Series: victims per month (index month - q->month_from) whose node (a
 * place, or with by_state a State or country as analysis_flows) in the
 * role given is node (0: every victim the query counts).  role: 's'
 * source, 't' transit, 'd' destination, 'c' the case's district (State),
 * 'a' any of source, transit or destination (once per victim).  out holds
 * q->month_to - q->month_from + 1 counts, zeroed by the caller. */
void analysis_monthly(const struct facts *F, const struct analysis_query *q, int node, bool by_state, char role,
		      uint32_t *out);
/* Per district (by place), victims involved in any role in each of two
 * windows of months [a_from, a_to] and [b_from, b_to]; arrays of
 * facts_places(F), zeroed by the caller. */
void analysis_two_windows(const struct facts *F, const struct analysis_query *q, int a_from, int a_to, int b_from,
			  int b_to, uint32_t *a, uint32_t *b);

/* ---- suppress.c ---- */
#define SUPPRESS_BELOW 11
/* A table of rows × cols counts with its row totals, column totals and
 * grand total published beside it.  hidden (rows+1 × cols+1, the last
 * column the row totals, the last row the column totals, the corner the
 * grand total) is set for every value to show as "<11": each under 11,
 * and then enough others that no hidden value under 11 can be worked out
 * exactly from what is shown (each row and column equation, and every
 * combination of them).  0, or -1 (no memory). */
int suppress_table(const long long *cells, int rows, int cols, bool *hidden);
/* Whether the hidden value at k (index in the (rows+1) × (cols+1) table)
 * is fixed by the shown values and the table's sums: the test the
 * suppression makes of itself. */
bool suppress_determined(const long long *cells, int rows, int cols, const bool *hidden, int k);
/* Whether a row or column's hidden values add up to the least or the most
 * they could be ("<11" from 0 to 10, "x" from 11): they would be known. */
bool suppress_at_bound(const long long *cells, int rows, int cols, const bool *hidden);

#endif
