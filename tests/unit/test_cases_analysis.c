/* The case analysis (src/cases/analysis.c, facts.c, suppress.c): the
 * classes of districts, counts by role, flows and their purposes, series,
 * rates — and suppression, attacked by an independent solver that tries
 * to work out every hidden small count from the shown values and the
 * table's totals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cases/analysis.h"
#include "cases/vocab.h"
#include "db/db.h"
#include "master/master.h"
#include "scratch_db.h"

static struct db *db;
static char dir[64];

static int group_setup(void **state)
{
	(void)state;
	db = scratch_db_open("analysis", dir);
	return !db || vocab_countries_load() != 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return scratch_db_close(db, dir);
}

static struct db_place district(int lgd)
{
	struct db_place p = { lgd, "" };
	return p;
}

static struct db_place country(const char *c)
{
	struct db_place p = { 0, "" };
	memcpy(p.country, c, 3);
	return p;
}

/* A victim of a case of case_district, dated date. */
static void add(struct facts *F, int case_district, const char *date, struct db_place src, const char *transit,
		struct db_place dst, const char *gender, const char *band, uint32_t purposes)
{
	struct db_case_fact f = { 0 };
	f.case_district_lgd = case_district;
	f.case_state_lgd = master_district_of(case_district)->state_lgd;
	f.date = date;
	f.source = src;
	f.destination = dst;
	f.transit = transit;
	f.gender = gender;
	f.age_band = band;
	f.nationality = "IN";
	f.purposes = purposes;
	assert_int_equal(facts_add(F, &f), 0);
}

static int place(int lgd)
{
	return 1 + master_district_of(lgd)->index;
}

static struct analysis_query all_of(int y)
{
	struct analysis_query q = { MONTH_OF(y, 1), MONTH_OF(y, 12), 0, 0, 0, -1, -1, -1 };
	return q;
}

/* Howrah 313 (West Bengal 19), Gumla 331 (Jharkhand 20), Ranchi 339,
 * Mumbai 482 (Maharashtra 27), Kolkata 315 (West Bengal). */
static struct facts *sample(void)
{
	struct facts *F = facts_new();
	assert_non_null(F);
	/* six from Gumla through Ranchi (twice on one route: counted once) to Mumbai, registered in Mumbai */
	for (int i = 0; i < 6; i++)
		add(F, 482, "2025-04-10", district(331), i == 0 ? "D339 D339" : "D339", district(482), "Female", "9--17", 1u << 0);
	/* three from Nepal through Howrah to Mumbai, registered in Howrah */
	for (int i = 0; i < 3; i++)
		add(F, 313, "2025-10-02", country("NP"), "D313", district(482), "Female", "18--20", 1u << 1);
	/* one from Kolkata, destination not known, registered in Kolkata, in 2024 */
	add(F, 315, "2024-12-31", district(315), "", (struct db_place){ 0, "" }, "Male", "Unknown", 1u << 0 | 1u << 3);
	assert_int_equal(facts_seal(F), 0);
	return F;
}

static void test_classify(void **state)
{
	(void)state;
	struct thresholds t = { 10, 0.6 };
	assert_int_equal(analysis_classify(0, 0, 0, &t), CLASS_TOO_FEW);
	assert_int_equal(analysis_classify(9, 0, 0, &t), CLASS_TOO_FEW);
	assert_int_equal(analysis_classify(10, 0, 0, &t), CLASS_SOURCE);
	assert_int_equal(analysis_classify(6, 2, 2, &t), CLASS_SOURCE);       /* exactly 60% */
	assert_int_equal(analysis_classify(59, 21, 20, &t), CLASS_MIXED);     /* 59% */
	assert_int_equal(analysis_classify(2, 2, 6, &t), CLASS_DESTINATION);
	assert_int_equal(analysis_classify(1, 7, 2, &t), CLASS_TRANSIT);
	assert_int_equal(analysis_classify(5, 0, 5, &t), CLASS_MIXED);
	struct thresholds strict = { 3, 0.9 };
	assert_int_equal(analysis_classify(8, 1, 1, &strict), CLASS_MIXED);
	assert_int_equal(analysis_classify(9, 1, 0, &strict), CLASS_SOURCE);
	assert_string_equal(analysis_class_name(CLASS_TOO_FEW), "too_few");
	assert_string_equal(analysis_class_name(CLASS_DESTINATION), "destination");
}

static void test_place_counts(void **state)
{
	(void)state;
	struct facts *F = sample();
	assert_int_equal(F->n, 10);
	struct analysis_query q = all_of(2025);
	struct place_counts c;
	assert_int_equal(analysis_place_counts(F, &q, &c), 0);
	assert_int_equal(c.source[place(331)], 6);
	assert_int_equal(c.transit[place(339)], 6);     /* the victim through Ranchi twice counts once */
	assert_int_equal(c.transit[place(313)], 3);
	assert_int_equal(c.destination[place(482)], 9);
	assert_int_equal(c.source[place(315)], 0);      /* 2024: outside the year */
	int np = 1 + F->ndistricts + vocab_country_index("NP");
	assert_int_equal(c.source[np], 3);
	assert_int_equal(c.source[0] + c.destination[0], 0);
	analysis_counts_free(&c);

	/* a State's user counts its own cases only: West Bengal registered the Nepal three */
	q.case_state = 1 + master_state_of(19)->index;
	assert_int_equal(analysis_place_counts(F, &q, &c), 0);
	assert_int_equal(c.destination[place(482)], 3);
	assert_int_equal(c.source[place(331)], 0);
	analysis_counts_free(&c);

	/* narrowing: minors only, purpose forced labour */
	q = all_of(2025);
	q.age_band = AGE_MINORS;
	assert_int_equal(analysis_place_counts(F, &q, &c), 0);
	assert_int_equal(c.destination[place(482)], 6);
	analysis_counts_free(&c);
	q = all_of(2024);
	q.purposes = 1u << 3;
	assert_int_equal(analysis_place_counts(F, &q, &c), 0);
	assert_int_equal(c.source[place(315)], 1);
	analysis_counts_free(&c);
	facts_release(F);
}

static void test_flows(void **state)
{
	(void)state;
	struct facts *F = sample();
	struct analysis_query q = { MONTH_OF(2024, 1), MONTH_OF(2025, 12), 0, 0, 0, -1, -1, -1 };
	uint32_t *m;
	int n;
	assert_int_equal(analysis_flows(F, &q, true, 0, 0, &m, &n), 0);
	assert_int_equal(n, 1 + F->nstates + F->ncountries);
	int jh = 1 + master_state_of(20)->index, mh = 1 + master_state_of(27)->index,
	    np = 1 + F->nstates + vocab_country_index("NP");
	assert_int_equal(m[(size_t)jh * n + mh], 6);
	assert_int_equal(m[(size_t)np * n + mh], 3);
	uint64_t sum = 0;
	for (int i = 0; i < n * n; i++)
		sum += m[i];
	assert_int_equal(sum, 9);       /* the Kolkata victim's destination is not known: no route */
	free(m);

	/* district level, into Mumbai only */
	assert_int_equal(analysis_flows(F, &q, false, 0, place(482), &m, &n), 0);
	assert_int_equal(m[(size_t)place(331) * n + place(482)], 6);
	assert_int_equal(m[(size_t)(1 + F->ndistricts + vocab_country_index("NP")) * n + place(482)], 3);
	free(m);

	int from[2] = { jh, np }, to[2] = { mh, mh };
	uint32_t purposes[32];
	assert_int_equal(analysis_route_purposes(F, &q, true, from, to, 2, purposes), 0);
	assert_int_equal(purposes[0], 6);               /* forced labour on Jharkhand → Maharashtra */
	assert_int_equal(purposes[1], 0);
	assert_int_equal(purposes[16 + 1], 3);          /* prostitution on Nepal → Maharashtra */
	facts_release(F);
}

static void test_series_and_rates(void **state)
{
	(void)state;
	struct facts *F = sample();
	struct analysis_query q = { MONTH_OF(2024, 12), MONTH_OF(2025, 12), 0, 0, 0, -1, -1, -1 };
	uint32_t out[13] = { 0 };
	analysis_monthly(F, &q, 0, false, 'c', out);
	assert_int_equal(out[0], 1);    /* 2024-12 */
	assert_int_equal(out[4], 6);    /* 2025-04 */
	assert_int_equal(out[10], 3);   /* 2025-10 */
	memset(out, 0, sizeof out);
	analysis_monthly(F, &q, place(313), false, 't', out);
	assert_int_equal(out[10], 3);
	assert_int_equal(out[4], 0);
	memset(out, 0, sizeof out);
	analysis_monthly(F, &q, 1 + master_state_of(27)->index, true, 'd', out);
	assert_int_equal(out[4] + out[10], 9);

	uint32_t *a = calloc((size_t)facts_places(F), sizeof *a), *b = calloc((size_t)facts_places(F), sizeof *b);
	analysis_two_windows(F, &q, MONTH_OF(2024, 1), MONTH_OF(2024, 12), MONTH_OF(2025, 1), MONTH_OF(2025, 12), a, b);
	assert_int_equal(a[place(315)], 1);
	assert_int_equal(b[place(482)], 9);
	assert_int_equal(b[place(339)], 6);
	free(a);
	free(b);

	assert_true(analysis_per_lakh(45, 4496694) > 0.99 && analysis_per_lakh(45, 4496694) < 1.01);
	assert_true(analysis_per_lakh(1, 100000) == 1.0);
	assert_true(analysis_per_lakh(3, 0) < 0);
	facts_release(F);
}

/* ---- suppression and the attack on it ---- */

#define P 1000000007LL

static long long mod_inverse(long long a)
{
	long long r = 1, e = P - 2;
	a %= P;
	if (a < 0)
		a += P;
	while (e) {
		if (e & 1)
			r = r * a % P;
		a = a * a % P;
		e >>= 1;
	}
	return r;
}

/* The rank of an m × n matrix mod P (rows copied). */
static int rank_mod(long long *a, int m, int n)
{
	int rank = 0;
	for (int col = 0; col < n && rank < m; col++) {
		int piv = -1;
		for (int r = rank; r < m && piv < 0; r++)
			if (a[(size_t)r * n + col] % P)
				piv = r;
		if (piv < 0)
			continue;
		for (int c = 0; c < n; c++) {
			long long t = a[(size_t)piv * n + c];
			a[(size_t)piv * n + c] = a[(size_t)rank * n + c];
			a[(size_t)rank * n + c] = t;
		}
		long long inv = mod_inverse(a[(size_t)rank * n + col]);
		for (int r = 0; r < m; r++) {
			if (r == rank || !(a[(size_t)r * n + col] % P))
				continue;
			long long f = a[(size_t)r * n + col] % P * inv % P;
			for (int c = 0; c < n; c++)
				a[(size_t)r * n + c] = ((a[(size_t)r * n + c] - f * a[(size_t)rank * n + c]) % P + P) % P;
		}
		rank++;
	}
	return rank;
}

/* The attacker: the table's equations in the hidden values (the shown
 * ones moved to the right), and the question whether e_k lies in their
 * row space — then x_k is fixed by what is published.  Independent of
 * suppress.c's graph argument. */
static bool attack_recovers(int rows, int cols, const bool *hidden, int k)
{
	int ne = (rows + 1) * (cols + 1);
	int *var = malloc(sizeof(int) * (size_t)ne), nv = 0;
	for (int e = 0; e < ne; e++)
		var[e] = hidden[e] ? nv++ : -1;
	int neq = rows + 1 + cols + 1;
	long long *a = calloc((size_t)(neq + 1) * nv, sizeof *a);
	/* row i: sum of its cells minus its total; column j likewise */
	for (int i = 0; i <= rows; i++)
		for (int j = 0; j <= cols; j++) {
			int e = i * (cols + 1) + j;
			if (var[e] < 0)
				continue;
			a[(size_t)i * nv + var[e]] = j == cols ? -1 : 1;
			a[(size_t)(rows + 1 + j) * nv + var[e]] = i == rows ? -1 : 1;
		}
	long long *b = malloc(sizeof *b * (size_t)(neq + 1) * nv);
	memcpy(b, a, sizeof *b * (size_t)neq * nv);
	int r1 = rank_mod(b, neq, nv);
	memcpy(b, a, sizeof *b * (size_t)neq * nv);
	memset(b + (size_t)neq * nv, 0, sizeof *b * nv);
	b[(size_t)neq * nv + var[k]] = 1;
	int r2 = rank_mod(b, neq + 1, nv);
	free(var), free(a), free(b);
	return r1 == r2;
}

/* The naive attacker: an equation with one unknown gives it; repeat. */
static bool naive_recovers_any(int rows, int cols, const bool *hidden_in, const long long *cells)
{
	(void)cells;
	int ne = (rows + 1) * (cols + 1);
	bool *h = malloc((size_t)ne);
	memcpy(h, hidden_in, (size_t)ne);
	bool found = false, progress = true;
	while (progress && !found) {
		progress = false;
		for (int line = 0; line < rows + 1 + cols + 1; line++) {
			int unknown = -1, count = 0;
			int len = line <= rows ? cols + 1 : rows + 1;
			for (int t = 0; t < len; t++) {
				int e = line <= rows ? line * (cols + 1) + t : t * (cols + 1) + (line - rows - 1);
				if (h[e])
					unknown = e, count++;
			}
			if (count == 1) {
				h[unknown] = false;
				progress = found = true;
			}
		}
	}
	free(h);
	return found;
}

static long long table_value(const long long *cells, int rows, int cols, int e)
{
	int i = e / (cols + 1), j = e % (cols + 1);
	long long s = 0;
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			if ((i == rows || r == i) && (j == cols || c == j))
				s += cells[r * cols + c];
	return s;
}

static void check_table(const long long *cells, int rows, int cols)
{
	int ne = (rows + 1) * (cols + 1);
	bool *hidden = calloc((size_t)ne, 1);
	assert_int_equal(suppress_table(cells, rows, cols, hidden), 0);
	for (int e = 0; e < ne; e++) {
		long long v = table_value(cells, rows, cols, e);
		if (v < SUPPRESS_BELOW && !hidden[e])
			fail_msg("a count of %lld at %d is shown", v, e);
		if (hidden[e] && v < SUPPRESS_BELOW) {
			if (attack_recovers(rows, cols, hidden, e))
				fail_msg("the hidden %lld at (%d,%d) of a %dx%d table is recovered", v, e / (cols + 1),
					 e % (cols + 1), rows, cols);
			assert_false(suppress_determined(cells, rows, cols, hidden, e));
		}
	}
	assert_false(naive_recovers_any(rows, cols, hidden, cells));
	/* the bounds attacker: a line whose hidden values add up to the least or the most they
	   could be ("<11": 0..10, "x": 11 or more) gives them away */
	for (int line = 0; line < rows + 1 + cols + 1; line++) {
		bool is_row = line <= rows;
		int idx = is_row ? line : line - rows - 1, len = is_row ? cols + 1 : rows + 1, small = 0, large = 0;
		long long sum = 0;
		for (int t = 0; t < len; t++) {
			int e = is_row ? idx * (cols + 1) + t : t * (cols + 1) + idx;
			if (!hidden[e])
				continue;
			long long v = table_value(cells, rows, cols, e);
			sum += v;
			v < SUPPRESS_BELOW ? small++ : large++;
		}
		if (small + large == 0 || small + large == len)
			continue;       /* nothing hidden, or all of the line: its total is not shown either */
		if (sum == 11LL * large || (large == 0 && sum == 10LL * small))
			fail_msg("%s %d of a %dx%d table: its hidden values add up to %lld, at their bound", is_row ? "row" : "column",
				 idx, rows, cols, sum);
	}
	assert_false(suppress_at_bound(cells, rows, cols, hidden));
	free(hidden);
}

static void test_suppress_small_tables(void **state)
{
	(void)state;
	/* one small cell: a rectangle of four must hide */
	long long t1[] = { 5, 20, 30, 40 };
	bool h[9];
	assert_int_equal(suppress_table(t1, 2, 2, h), 0);
	assert_true(h[0] && h[1] && h[3] && h[4]);
	assert_false(h[8]);            /* the grand total, 95, stays */
	check_table(t1, 2, 2);
	/* nothing small: nothing hidden */
	long long t2[] = { 50, 20, 30, 40 };
	assert_int_equal(suppress_table(t2, 2, 2, h), 0);
	for (int i = 0; i < 9; i++)
		assert_false(h[i]);
	/* a series with its total (one row): its small month needs a partner */
	long long t3[] = { 3, 50, 60, 70 };
	check_table(t3, 1, 4);
	/* all small */
	long long t4[] = { 1, 2, 3, 4, 5, 6 };
	check_table(t4, 2, 3);
	/* one row of one */
	long long t5[] = { 7 };
	check_table(t5, 1, 1);
	/* the reviewer's case: a row whose hidden cells are both 0 */
	long long t7[] = { 31, 17, 0, 0, 40, 25, 3, 2, 60, 70, 20, 15 };
	check_table(t7, 3, 4);
	/* the classic: two small cells in one row still fall to the columns */
	long long t6[] = { 3, 4, 100, 50, 60, 70 };
	check_table(t6, 2, 3);
}

static void test_suppress_attack_random(void **state)
{
	(void)state;
	srand(20261129);
	for (int round = 0; round < 400; round++) {
		int rows = 1 + rand() % 9, cols = 1 + rand() % 6;
		long long cells[60];
		for (int i = 0; i < rows * cols; i++)
			cells[i] = rand() % 3 == 0 ? rand() % 11 : rand() % 4 == 0 ? rand() % 400 : 11 + rand() % 30;
		check_table(cells, rows, cols);
	}
}

static void test_suppress_states_table(void **state)
{
	(void)state;
	/* the public page's shape: 36 States × 4 columns, mostly small */
	srand(7);
	long long cells[36 * 4];
	for (int i = 0; i < 36 * 4; i++)
		cells[i] = i % 4 >= 2 ? rand() % 6 : rand() % 3 == 0 ? rand() % 15 : 20 + rand() % 300;
	check_table(cells, 36, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_place_counts),
		cmocka_unit_test(test_flows),
		cmocka_unit_test(test_series_and_rates),
		cmocka_unit_test(test_suppress_small_tables),
		cmocka_unit_test(test_suppress_attack_random),
		cmocka_unit_test(test_suppress_states_table),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
