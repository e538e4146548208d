#!/usr/bin/env bash
# Runs the test tiers and ends with one line "N passed, N failed".
#   scripts/test.sh            every tier (what `make test` and CI run)
#   scripts/test.sh unit|api|browser|sanitize|fuzz   one tier
# A tier counts its test cases: cmocka's summaries, node's TAP "# pass/# fail",
# and the fuzzer as one case (passed when it found no crash).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()
log_dir=$(mktemp -d /tmp/ahtcell-test.XXXXXX)
trap 'rm -rf "$log_dir"' EXIT

note() { printf '\n=== %s\n' "$*"; }

# cmocka binaries in $1 (build or build-san).
tier_unit() {
	local dir=$1 t out p f
	for t in "$dir"/tests/test_*; do
		[ -x "$t" ] || continue
		out="$log_dir/$(basename "$t").log"
		"$t" >"$out" 2>&1
		local rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		p=${p:-0}; f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
		passed=$((passed + p)); failed=$((failed + f))
		printf '%-40s %3d passed %3d failed\n' "$t" "$p" "$f"
		if [ "$f" -ne 0 ]; then failures+=("$t"); cat "$out"; fi
	done
}

# node --test over a folder, with the binary in $2.
tier_node() {
	local what=$1 bin=$2 out="$log_dir/node-$1-$(basename "$(dirname "$2")").log"
	AHTCELL_BIN=$bin node --test --test-reporter=tap "tests/$what/" >"$out" 2>&1
	local rc=$?
	local p f
	p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$out" | tail -1)
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-40s %3d passed %3d failed\n' "tests/$what ($bin)" "$p" "$f"
	if [ "$f" -ne 0 ]; then failures+=("tests/$what with $bin"); grep -v '^ *#' "$out" | grep -B2 -A30 '^not ok' | head -200; fi
}

# Every harness build-fuzz/fuzz_NAME over tests/fuzz/corpus/NAME.
tier_fuzz() {
	local bin name corpus_tmp out
	for bin in build-fuzz/fuzz_*; do
		[ -x "$bin" ] || continue
		name=$(basename "$bin")
		corpus_tmp="$log_dir/$name-corpus" out="$log_dir/$name.log"
		mkdir -p "$corpus_tmp"
		# New inputs go to the first folder (a temporary one); the checked-in
		# corpus is only read.
		if "$bin" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=5 -rss_limit_mb=2048 \
			-print_final_stats=1 "$corpus_tmp" "tests/fuzz/corpus/${name#fuzz_}" >"$out" 2>&1; then
			passed=$((passed + 1))
			printf '%-40s %s\n' "$name" "$(grep -m1 stat::number_of_executed_units "$out" | awk '{print $2" runs, no crash"}')"
		else
			failed=$((failed + 1)); failures+=("$name"); tail -60 "$out"
		fi
	done
}

want=${1:-all}
case $want in
unit) note "unit (cmocka)"; make -s unit-bins >/dev/null && tier_unit build ;;
api) note "API"; tier_node api build/ahtcell ;;
browser) note "browser (Chromium)"; tier_node browser build/ahtcell ;;
sanitize)
	note "sanitizer build (ASan + UBSan)"
	make -s sanitize >/dev/null || { failed=$((failed + 1)); failures+=("make sanitize"); }
	tier_unit build-san
	tier_node api build-san/ahtcell ;;
fuzz) note "fuzz"; make -s fuzz >/dev/null && tier_fuzz ;;
all)
	note "unit (cmocka)"
	make -s unit-bins >/dev/null || { failed=$((failed + 1)); failures+=("make unit-bins"); }
	tier_unit build
	note "API"; tier_node api build/ahtcell
	note "browser (Chromium)"; tier_node browser build/ahtcell
	note "sanitizer build (ASan + UBSan): unit and API"
	if make -s sanitize >/dev/null; then
		tier_unit build-san
		tier_node api build-san/ahtcell
	else
		failed=$((failed + 1)); failures+=("make sanitize")
	fi
	note "fuzz (libFuzzer, ${FUZZ_SECONDS:-20} s)"
	if make -s fuzz >/dev/null; then tier_fuzz; else failed=$((failed + 1)); failures+=("make fuzz"); fi
	;;
*) echo "usage: scripts/test.sh [unit|api|browser|sanitize|fuzz]" >&2; exit 2 ;;
esac

echo
[ ${#failures[@]} -eq 0 ] || printf 'FAILED: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
