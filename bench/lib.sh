# shellcheck shell=bash disable=SC2034  # (variables used by the scripts that source this)
# Sourced by the bench scripts (bench/states.sh, bench/search.sh,
# bench/upload-memory.sh): settings, a temporary folder removed on exit,
# ports, nginx with ahtcell's security headers, wrk and medians.
# Loopback only.

BIN=${AHTCELL_BIN:-build/ahtcell}
DURATION=${BENCH_SECONDS:-10}
THREADS=${BENCH_WRK_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-3}
RESULTS=${BENCH_RESULTS:-bench/out/results.txt}
# wrk counts a request that takes longer than this as a timeout and leaves
# it out of the latency figures: long enough that none does.
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-30s}

mkdir -p bench/out
tmp=$(mktemp -d /tmp/ahtcell-bench.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {   # URL: up to BENCH_START_SECONDS (60)
	for _ in $(seq $((${BENCH_START_SECONDS:-60} * 10))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
	echo "bench: $1 did not come up" >&2; return 1
}

# start_ahtcell DATA_DIR LOG -> ap (its port); the pid goes into pids and ahtcell_pid.
start_ahtcell() {
	ap=$(free_port)
	"$BIN" serve --listen "127.0.0.1:$ap" --data "$1" --web web/dist \
		${BENCH_AHTCELL_THREADS:+--threads $BENCH_AHTCELL_THREADS} 2>"$2" &
	ahtcell_pid=$!
	pids+=("$ahtcell_pid")
	wait_up "http://127.0.0.1:$ap/api/v1/health"
}

# start_nginx NAME URL_PATH FILE CACHE_CONTROL -> np (its port).  nginx as in
# production (a worker per core, sendfile, open_file_cache, long keep-alive),
# serving FILE at URL_PATH (whatever the query string) with ahtcell's headers
# and an access log, as ahtcell writes one.
start_nginx() {
	local name=$1 path=$2 file=$3 cache=$4 dir="$tmp/nginx-$1"
	np=$(free_port)
	mkdir -p "$dir/logs"
	# nginx workers run as www-data when started by root: let them read the file.
	chmod 755 "$tmp" "$(dirname "$file")"; chmod 644 "$file"
	cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=100 inactive=60s;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$np;
        location = $path {
            default_type application/json;
            alias $file;
            add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            add_header X-Content-Type-Options nosniff;
            add_header Referrer-Policy no-referrer;
            add_header X-Frame-Options DENY;
            add_header Cross-Origin-Opener-Policy same-origin;
            add_header Cache-Control "$cache";
        }
    }
}
CONF
	nginx -c "$dir/nginx.conf" -p "$dir/" -g "daemon off;" 2>"$dir/nginx.err" &
	pids+=($!)
	wait_up "http://127.0.0.1:$np$path" || { cat "$dir/nginx.err" "$dir/logs/error.log" >&2; return 1; }
}

# to milliseconds: wrk prints 812.00us, 1.20ms, 1.01s, 1.00m
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# wrk_run NAME URL [wrk options …] [-- script args …] -> rps, p50, p99 (ms),
# errs; a 2 s warm-up first; wrk's output in $tmp/wrk-NAME.txt
wrk_run() {
	local name=$1 url=$2 out="$tmp/wrk-$1.txt" opts=() args=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	args=("$@")
	wrk -t"$THREADS" -c"$CONNS" -d2s --timeout "$WRK_TIMEOUT" "${opts[@]}" "$url" "${args[@]}" >/dev/null 2>&1 || true
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" --latency "${opts[@]}" "$url" "${args[@]}" >"$out"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	errs=$(awk '/Non-2xx|Socket errors/ { print }' "$out")
	[ -z "$errs" ] || echo "bench: $name: $errs" >&2
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The medians of the rounds in N_RPS N_P50 N_P99 (nginx) and A_* (ahtcell):
# sets n_rps n_p50 n_p99 a_rps a_p50 a_p99 and prints them as a table.
medians() {
	n_rps=$(median "${N_RPS[@]}"); n_p50=$(median "${N_P50[@]}"); n_p99=$(median "${N_P99[@]}")
	a_rps=$(median "${A_RPS[@]}"); a_p50=$(median "${A_P50[@]}"); a_p99=$(median "${A_P99[@]}")
	echo "medians:"
	printf '%-10s %12s %10s %10s\n' server req/s p50_ms p99_ms
	printf '%-10s %12s %10s %10s\n' nginx "$n_rps" "$n_p50" "$n_p99"
	printf '%-10s %12s %10s %10s\n' ahtcell "$a_rps" "$a_p50" "$a_p99"
}
# verdict X TARGET ge|le|lt -> PASS or FAIL
verdict() { awk -v x="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = dir == "ge" ? x >= t : dir == "lt" ? x < t : x <= t; print ok ? "PASS" : "FAIL" }'; }
# results LINE…: appends lines to the results file
results() { printf '%s\n' "$@" >>"$RESULTS"; }
