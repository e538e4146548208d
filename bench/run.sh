#!/usr/bin/env bash
# make bench: GET /api/v1/states on ahtcell against nginx serving the same
# bytes as a static file, same machine, same run, same wrk settings.
# Prints req/s and latency for each and the ratios ahtcell/nginx against the
# targets (throughput >= 0.8x, p99 <= 1.5x): medians of BENCH_ROUNDS (3)
# alternating rounds, since one 10 s p99 on 2 shared cores is noisy.
# Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${AHTCELL_BIN:-build/ahtcell}
DURATION=${BENCH_SECONDS:-10}
THREADS=${BENCH_WRK_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
tmp=$(mktemp -d /tmp/ahtcell-bench.XXXXXX)
mkdir -p bench/out
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {
	for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
	echo "bench: $1 did not come up" >&2; return 1
}

# ahtcell, with its access log on (to a file, as nginx's).
ap=$(free_port)
"$BIN" migrate --data "$tmp/data" >/dev/null 2>&1
"$BIN" serve --listen "127.0.0.1:$ap" --data "$tmp/data" --web web/dist ${BENCH_AHTCELL_THREADS:+--threads $BENCH_AHTCELL_THREADS} 2>"$tmp/ahtcell.log" &
pids+=($!)
wait_up "http://127.0.0.1:$ap/api/v1/health"
curl -sf "http://127.0.0.1:$ap/api/v1/states" -o "$tmp/states.json"
# nginx workers run as www-data when started by root: let them read the file.
chmod 755 "$tmp"; chmod 644 "$tmp/states.json"

# nginx serving those bytes, with the same headers and an access log.
np=$(free_port)
mkdir -p "$tmp/nginx/logs"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log $tmp/nginx/logs/access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=100 inactive=60s;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$np;
        location = /api/v1/states {
            default_type application/json;
            alias $tmp/states.json;
            add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            add_header X-Content-Type-Options nosniff;
            add_header Referrer-Policy no-referrer;
            add_header X-Frame-Options DENY;
            add_header Cross-Origin-Opener-Policy same-origin;
            add_header Cache-Control "public, max-age=3600";
        }
    }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx/" -g "daemon off;" 2>"$tmp/nginx.err" &
pids+=($!)
wait_up "http://127.0.0.1:$np/api/v1/states" || { cat "$tmp/nginx.err" "$tmp/nginx/logs/error.log" >&2; exit 1; }

a_len=$(curl -s "http://127.0.0.1:$ap/api/v1/states" | wc -c)
n_len=$(curl -s "http://127.0.0.1:$np/api/v1/states" | wc -c)
[ "$a_len" = "$n_len" ] || { echo "bench: bodies differ ($a_len vs $n_len bytes)" >&2; exit 1; }

# to milliseconds: wrk prints 812.00us, 1.20ms, 1.01s
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

run() { # name url -> sets rps, p50, p99
	local out="$tmp/wrk-$1.txt"
	wrk -t"$THREADS" -c"$CONNS" -d2s "$2" >/dev/null 2>&1 || true   # warm-up
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$2" >"$out"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	errs=$(awk '/Non-2xx|Socket errors/ { print }' "$out")
	[ -z "$errs" ] || echo "bench: $1: $errs" >&2
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ROUNDS=${BENCH_ROUNDS:-3}
echo "GET /api/v1/states ($a_len bytes), wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS alternating rounds, $(nproc) cores"
N_RPS=(); N_P50=(); N_P99=(); A_RPS=(); A_P50=(); A_P99=()
for round in $(seq "$ROUNDS"); do
	run nginx "http://127.0.0.1:$np/api/v1/states"; N_RPS+=("$rps"); N_P50+=("$p50"); N_P99+=("$p99")
	run ahtcell "http://127.0.0.1:$ap/api/v1/states"; A_RPS+=("$rps"); A_P50+=("$p50"); A_P99+=("$p99")
	printf 'round %d: nginx %s req/s p99 %s ms | ahtcell %s req/s p99 %s ms\n' "$round" \
		"${N_RPS[-1]}" "${N_P99[-1]}" "${A_RPS[-1]}" "${A_P99[-1]}"
done
n_rps=$(median "${N_RPS[@]}"); n_p50=$(median "${N_P50[@]}"); n_p99=$(median "${N_P99[@]}")
a_rps=$(median "${A_RPS[@]}"); a_p50=$(median "${A_P50[@]}"); a_p99=$(median "${A_P99[@]}")
echo "medians:"

printf '%-10s %12s %10s %10s\n' server req/s p50_ms p99_ms
printf '%-10s %12s %10s %10s\n' nginx "$n_rps" "$n_p50" "$n_p99"
printf '%-10s %12s %10s %10s\n' ahtcell "$a_rps" "$a_p50" "$a_p99"
read -r tput lat <<<"$(awk -v ar="$a_rps" -v nr="$n_rps" -v ap="$a_p99" -v np="$n_p99" \
	'BEGIN { printf "%.2f %.2f", ar / nr, (np > 0 ? ap / np : 0) }')"
verdict() { awk -v x="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "ge" ? x >= t : x <= t; print ok ? "PASS" : "FAIL" }'; }
echo "throughput ahtcell/nginx = ${tput}x  (target >= 0.8x: $(verdict "$tput" 0.8 ge))"
echo "p99 latency ahtcell/nginx = ${lat}x  (target <= 1.5x: $(verdict "$lat" 1.5 le))"
{
	echo "date=$(date -u +%FT%TZ) bytes=$a_len wrk=-t$THREADS/-c$CONNS/-d${DURATION}s rounds=$ROUNDS cores=$(nproc)"
	echo "nginx rps=$n_rps p50_ms=$n_p50 p99_ms=$n_p99"
	echo "ahtcell rps=$a_rps p50_ms=$a_p50 p99_ms=$a_p99"
	echo "ratio throughput=$tput p99=$lat"
} >bench/out/results.txt
