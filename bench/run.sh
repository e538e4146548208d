#!/usr/bin/env bash
# make bench: every benchmark, each against its target, figures and
# PASS/FAIL lines in bench/out/results.txt (see docs/PERFORMANCE.md).
#   bench/states.sh         issue 2: GET /api/v1/states vs nginx, same bytes
#   bench/search.sh         issue 3: search over 100,000 documents vs nginx
#   bench/upload-memory.sh  issue 3: memory while a 20 MB PDF is uploaded and indexed
#   bench/followup.sh       issue 4: the overdue follow-up list over 72,000 assignments
#   bench/returns.sh        issue 5: import of 4 million values vs PostgreSQL's \copy; the national pivot
#   bench/cases.sh          issue 6: classification + State flows over 1,000,000 victims vs PostgreSQL
#   bench/monitoring.sh     issue 7: the national dashboard over 800 AHTUs, 15 years of releases, 20,000 courses
# BENCH_ONLY="states search" runs some of them; BENCH_STRICT=1 exits 1 when
# a target fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
export BENCH_RESULTS=${BENCH_RESULTS:-bench/out/results.txt}
: >"$BENCH_RESULTS"
start=$(date +%s)
for b in ${BENCH_ONLY:-states search upload-memory followup returns cases monitoring}; do
	"bench/$b.sh"
	echo
done
echo "== summary ($(( $(date +%s) - start )) s; $BENCH_RESULTS)"
grep -E '^(PASS|FAIL) ' "$BENCH_RESULTS"
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '^FAIL ' "$BENCH_RESULTS"; then exit 1; fi
