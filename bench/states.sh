#!/usr/bin/env bash
# Issue 2: GET /api/v1/states on ahtcell against nginx serving the same
# bytes as a static file, same machine, same run, same wrk settings.
# Prints req/s and latency for each and the ratios ahtcell/nginx against the
# targets (throughput >= 0.8x, p99 <= 1.5x): medians of BENCH_ROUNDS (3)
# alternating rounds, since one 10 s p99 on 2 shared cores is noisy.
# Appends its figures to bench/out/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

# ahtcell, with its access log on (to a file, as nginx's).
"$BIN" migrate --data "$tmp/data" >/dev/null 2>&1
start_ahtcell "$tmp/data" "$tmp/ahtcell.log"
mkdir -p "$tmp/www"
curl -sf "http://127.0.0.1:$ap/api/v1/states" -o "$tmp/www/states.json"
start_nginx states /api/v1/states "$tmp/www/states.json" "public, max-age=3600"

a_len=$(curl -s "http://127.0.0.1:$ap/api/v1/states" | wc -c)
n_len=$(curl -s "http://127.0.0.1:$np/api/v1/states" | wc -c)
[ "$a_len" = "$n_len" ] || { echo "bench: bodies differ ($a_len vs $n_len bytes)" >&2; exit 1; }

echo "== issue 2: GET /api/v1/states ($a_len bytes), wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS alternating rounds, $(nproc) cores"
N_RPS=(); N_P50=(); N_P99=(); A_RPS=(); A_P50=(); A_P99=()
for round in $(seq "$ROUNDS"); do
	wrk_run nginx "http://127.0.0.1:$np/api/v1/states"; N_RPS+=("$rps"); N_P50+=("$p50"); N_P99+=("$p99")
	wrk_run ahtcell "http://127.0.0.1:$ap/api/v1/states"; A_RPS+=("$rps"); A_P50+=("$p50"); A_P99+=("$p99")
	printf 'round %d: nginx %s req/s p99 %s ms | ahtcell %s req/s p99 %s ms\n' "$round" \
		"${N_RPS[-1]}" "${N_P99[-1]}" "${A_RPS[-1]}" "${A_P99[-1]}"
done
medians
read -r tput lat <<<"$(awk -v ar="$a_rps" -v nr="$n_rps" -v ap="$a_p99" -v np="$n_p99" \
	'BEGIN { printf "%.2f %.2f", ar / nr, (np > 0 ? ap / np : 0) }')"
v_tput=$(verdict "$tput" 0.8 ge); v_lat=$(verdict "$lat" 1.5 le)
echo "throughput ahtcell/nginx = ${tput}x  (target >= 0.8x: $v_tput)"
echo "p99 latency ahtcell/nginx = ${lat}x  (target <= 1.5x: $v_lat)"
results "[states] issue 2: GET /api/v1/states" \
	"date=$(date -u +%FT%TZ) bytes=$a_len wrk=-t$THREADS/-c$CONNS/-d${DURATION}s rounds=$ROUNDS cores=$(nproc)" \
	"nginx rps=$n_rps p50_ms=$n_p50 p99_ms=$n_p99" \
	"ahtcell rps=$a_rps p50_ms=$a_p50 p99_ms=$a_p99" \
	"ratio throughput=$tput p99=$lat" \
	"$v_tput states throughput ahtcell/nginx=${tput}x (target >= 0.8x)" \
	"$v_lat states p99 ahtcell/nginx=${lat}x (target <= 1.5x)" ""
