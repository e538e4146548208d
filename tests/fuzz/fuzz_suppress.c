/* libFuzzer harness for the suppression of published tables
 * (src/cases/suppress.c).
 *
 * Input: the first byte gives the rows (1 + b % 12), the second the columns
 * (1 + b % 8); each following byte is a count: under 11 when below 128
 * (b % 11), else 11 + (b - 128) * 3, so that small and large counts mix.
 * Missing counts are 0.
 *
 * What must hold, or abort():
 *   - every count under 11 (a cell, a total or the grand total) is hidden;
 *   - no hidden count under 11 is fixed by the table's sums: its edge in
 *     the graph of hidden counts lies on a cycle (suppress_determined), and
 *     independently, no row or column holds exactly one hidden count;
 *   - no row or column's hidden counts add up to the least or most they
 *     could be (suppress_at_bound).
 * Built by `make fuzz`; run briefly by `make test` over
 * tests/fuzz/corpus/suppress. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/analysis.h"

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_suppress: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int rows = 1 + data[0] % 12, cols = 1 + data[1] % 8;
	long long cells[12 * 8];
	for (int i = 0; i < rows * cols; i++) {
		uint8_t b = (size_t)(2 + i) < size ? data[2 + i] : 0;
		cells[i] = b < 128 ? b % 11 : 11 + (long long)(b - 128) * 3;
	}
	int ne = (rows + 1) * (cols + 1);
	bool hidden[13 * 9];
	check(suppress_table(cells, rows, cols, hidden) == 0, "suppress_table failed");
	for (int k = 0; k < ne; k++) {
		int i = k / (cols + 1), j = k % (cols + 1);
		long long v = 0;
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++)
				if ((i == rows || r == i) && (j == cols || c == j))
					v += cells[r * cols + c];
		if (v < SUPPRESS_BELOW)
			check(hidden[k], "a count under 11 is shown");
		if (hidden[k] && v < SUPPRESS_BELOW)
			check(!suppress_determined(cells, rows, cols, hidden, k), "a hidden small count is fixed by the sums");
	}
	for (int line = 0; line < rows + 1 + cols + 1; line++) {
		bool is_row = line <= rows;
		int idx = is_row ? line : line - rows - 1, len = is_row ? cols + 1 : rows + 1, n = 0;
		for (int t = 0; t < len; t++)
			n += hidden[is_row ? idx * (cols + 1) + t : t * (cols + 1) + idx];
		check(n != 1, "a row or column holds one hidden count");
	}
	check(!suppress_at_bound(cells, rows, cols, hidden), "hidden counts sit at their bounds");
	return 0;
}
