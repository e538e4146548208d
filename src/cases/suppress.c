/* Suppression of small counts in a published table with its totals
 * (analysis.h, docs/analysis.md).
 *
 * The table with its margins is (rows+1) × (cols+1) values that obey one
 * equation per row (its cells sum to its total; the last row: the column
 * totals sum to the grand total) and one per column.  Think of every row
 * and column as a vertex and every hidden value as an edge between its
 * row and its column.  A change to the hidden values that keeps every sum
 * is a cycle of edges with alternating +d and -d (the graph is bipartite,
 * so every cycle is even), and there is no other: so a hidden value can
 * be worked out exactly from what is shown if and only if its edge lies
 * on no cycle — it is a bridge.  (A row with one hidden value is the
 * simplest case: a vertex of degree one.)  Primary suppression hides
 * every value under 11; complementary suppression then hides the smallest
 * shown value of a row or column at an end of a bridge, until no hidden
 * value is a bridge.
 *
 * Equations are not all a reader knows: a hidden count is at least 0, and
 * one shown as "<11" at most 10, one shown as "x" (hidden for another's
 * sake) at least 11.  A line whose hidden values add up to the least they
 * could (every "<11" a 0, every "x" an 11) or to the most (every "<11" a
 * 10, and no "x") gives them all away: such a line gets one more hidden
 * value too. */
#include "cases/analysis.h"

#include <stdlib.h>
#include <string.h>

/* Marks in bridge every hidden element that is a bridge of the graph of
 * hidden values (Tarjan's, with an explicit stack).  0 or -1 (no memory). */
static int find_bridges(int rows, int cols, const bool *hidden, bool *bridge)
{
	int nrow = rows + 1, nv = nrow + cols + 1, ne = nrow * (cols + 1);
	int *mem = malloc(sizeof(int) * (6 * (size_t)nv + 6 * (size_t)ne));
	if (!mem)
		return -1;
	int *head = mem, *disc = head + nv, *low = disc + nv, *stack_v = low + nv, *stack_h = stack_v + nv,
	    *came_by = stack_h + nv, *half_to = came_by + nv, *half_next = half_to + 2 * ne,
	    *half_elem = half_next + 2 * ne;
	for (int v = 0; v < nv; v++)
		head[v] = -1, disc[v] = -1;
	int nh = 0;
	for (int k = 0; k < ne; k++) {
		bridge[k] = false;
		if (!hidden[k])
			continue;
		int u = k / (cols + 1), v = nrow + k % (cols + 1);
		/* half-edges 2e and 2e + 1 of one element: h ^ 1 is the other */
		half_to[nh] = v, half_elem[nh] = k, half_next[nh] = head[u], head[u] = nh++;
		half_to[nh] = u, half_elem[nh] = k, half_next[nh] = head[v], head[v] = nh++;
	}
	int time = 0;
	for (int root = 0; root < nv; root++) {
		if (disc[root] >= 0)
			continue;
		int sp = 0;
		stack_v[sp] = root, stack_h[sp] = head[root], came_by[sp] = -1, sp++;
		disc[root] = low[root] = time++;
		while (sp > 0) {
			int v = stack_v[sp - 1], h = stack_h[sp - 1];
			if (h >= 0) {
				stack_h[sp - 1] = half_next[h];
				if (came_by[sp - 1] >= 0 && (h ^ 1) == came_by[sp - 1])
					continue;       /* back along the edge we came by */
				int w = half_to[h];
				if (disc[w] < 0) {
					disc[w] = low[w] = time++;
					stack_v[sp] = w, stack_h[sp] = head[w], came_by[sp] = h, sp++;
				} else if (disc[w] < low[v]) {
					low[v] = disc[w];
				}
			} else {
				int in = came_by[sp - 1];
				sp--;
				if (sp > 0) {
					int p = stack_v[sp - 1];
					if (low[v] < low[p])
						low[p] = low[v];
					if (low[v] > disc[p])
						bridge[half_elem[in]] = true;
				}
			}
		}
	}
	free(mem);
	return 0;
}

/* The value of element k of the table with margins. */
static long long value_at(const long long *cells, int rows, int cols, int k)
{
	int i = k / (cols + 1), j = k % (cols + 1);
	long long s = 0;
	if (i < rows && j < cols)
		return cells[(size_t)i * cols + j];
	if (i < rows) {
		for (int c = 0; c < cols; c++)
			s += cells[(size_t)i * cols + c];
		return s;
	}
	for (int r = 0; r < rows; r++)
		if (j < cols)
			s += cells[(size_t)r * cols + j];
		else
			for (int c = 0; c < cols; c++)
				s += cells[(size_t)r * cols + c];
	return s;
}

/* Hides the smallest shown element of row i (line_is_row) or column j,
 * cells before totals; false when all are hidden already. */
static bool hide_smallest(const long long *values, int rows, int cols, bool *hidden, bool line_is_row, int line)
{
	int best = -1;
	int n = line_is_row ? cols + 1 : rows + 1;
	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (int t = 0; t < n; t++) {
			int k = line_is_row ? line * (cols + 1) + t : t * (cols + 1) + line;
			int i = k / (cols + 1), j = k % (cols + 1);
			bool total = i == rows || j == cols;
			if (hidden[k] || total != (pass == 1))
				continue;
			if (best < 0 || values[k] < values[best])
				best = k;
		}
	if (best < 0)
		return false;
	hidden[best] = true;
	return true;
}

/* The first line (row, then column; as index: rows first) whose hidden
 * values sit at a bound, -1 when none. */
static int line_at_bound(const long long *values, int rows, int cols, const bool *hidden)
{
	for (int line = 0; line < rows + 1 + cols + 1; line++) {
		bool is_row = line <= rows;
		int idx = is_row ? line : line - rows - 1, len = is_row ? cols + 1 : rows + 1;
		long long sum = 0;
		int small = 0, large = 0;
		for (int t = 0; t < len; t++) {
			int k = is_row ? idx * (cols + 1) + t : t * (cols + 1) + idx;
			if (!hidden[k])
				continue;
			sum += values[k];
			if (values[k] < SUPPRESS_BELOW)
				small++;
			else
				large++;
		}
		if (small + large == 0 || small + large == len)
			continue;       /* nothing hidden; or all, the total too: no sum is known */
		if (sum == (long long)SUPPRESS_BELOW * large || (large == 0 && sum == (long long)(SUPPRESS_BELOW - 1) * small))
			return line;
	}
	return -1;
}

int suppress_table(const long long *cells, int rows, int cols, bool *hidden)
{
	int ne = (rows + 1) * (cols + 1);
	long long *values = malloc(sizeof *values * (size_t)ne);
	bool *bridge = malloc(sizeof *bridge * (size_t)ne);
	if (!values || !bridge) {
		free(values);
		free(bridge);
		return -1;
	}
	for (int k = 0; k < ne; k++) {
		values[k] = value_at(cells, rows, cols, k);
		hidden[k] = values[k] < SUPPRESS_BELOW;
	}
	int rc = 0;
	for (;;) {
		if (find_bridges(rows, cols, hidden, bridge) != 0) {
			rc = -1;
			break;
		}
		int k = 0;
		while (k < ne && !bridge[k])
			k++;
		if (k == ne) {
			/* no value is fixed by the sums: are some by their bounds? */
			int line = line_at_bound(values, rows, cols, hidden);
			if (line < 0)
				break;
			bool is_row = line <= rows;
			if (!hide_smallest(values, rows, cols, hidden, is_row, is_row ? line : line - rows - 1))
				break;  /* nothing left to hide in it: all of the line is hidden */
			continue;
		}
		/* close a cycle through it.  First a line (row or column) with
		 * one hidden value, which gives it away: hide its smallest shown
		 * value.  Else (a bridge between two cycles) another value of
		 * the bridge's row, else of its column. */
		bool done = false;
		for (int line = 0; line < rows + 1 + cols + 1 && !done; line++) {
			bool is_row = line <= rows;
			int idx = is_row ? line : line - rows - 1, len = is_row ? cols + 1 : rows + 1, count = 0;
			for (int t = 0; t < len; t++)
				count += hidden[is_row ? idx * (cols + 1) + t : t * (cols + 1) + idx];
			if (count == 1)
				done = hide_smallest(values, rows, cols, hidden, is_row, idx);
		}
		int i = k / (cols + 1), j = k % (cols + 1);
		if (!done && !hide_smallest(values, rows, cols, hidden, true, i)
		    && !hide_smallest(values, rows, cols, hidden, false, j)) {
			/* its row and column are all hidden and it is still a bridge:
			 * cannot be with two or more of each; hide everything */
			for (int x = 0; x < ne; x++)
				hidden[x] = true;
			break;
		}
	}
	free(values);
	free(bridge);
	return rc;
}

bool suppress_at_bound(const long long *cells, int rows, int cols, const bool *hidden)
{
	int ne = (rows + 1) * (cols + 1);
	long long *values = malloc(sizeof *values * (size_t)ne);
	if (!values)
		return true;
	for (int k = 0; k < ne; k++)
		values[k] = value_at(cells, rows, cols, k);
	bool out = line_at_bound(values, rows, cols, hidden) >= 0;
	free(values);
	return out;
}

bool suppress_determined(const long long *cells, int rows, int cols, const bool *hidden, int k)
{
	(void)cells;
	int ne = (rows + 1) * (cols + 1);
	if (k < 0 || k >= ne || !hidden[k])
		return true;    /* shown: known */
	bool *bridge = malloc(sizeof *bridge * (size_t)ne);
	if (!bridge)
		return true;
	bool out = find_bridges(rows, cols, hidden, bridge) != 0 || bridge[k];
	free(bridge);
	return out;
}
