#!/usr/bin/env bash
# Issue 6: the analysis of the cases over a million synthetic victims.
#  1. `ahtcell demo --cases N` makes about 1,000,000 victims (five years of
#     synthetic cases, seeded).
#  2. ahtcell, warm: the national district classification
#     (GET /api/v1/analysis/districts, every district) and then the State
#     flow matrix with the purposes on every route (GET /api/v1/analysis/flows,
#     every route), for one year, one after the other over one keep-alive
#     connection, as the Cell's map screen asks them: the time of the pair.
#  3. PostgreSQL 15 on this machine, in the same run: the same victims
#     (copied from the SQLite file), an index on the date, the same two
#     aggregations written as SQL (the classes by the same rule, the rates
#     from the same population), warm: the time of the pair.
#  4. The server's peak memory (VmHWM) after loading and answering.
# Targets: the pair under 100 ms (p99), at least 5x faster than PostgreSQL
# (medians), memory under 512 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
PAIR_TARGET_MS=100
RATIO_TARGET=5
MEMORY_TARGET_MB=512
CASES=${BENCH_CASES:-292000}
ROUNDS_PAIR=${BENCH_PAIRS:-200}
PG=/usr/lib/postgresql/15/bin
export LC_ALL=C.UTF-8
YEAR=$(( $(date +%Y) - 1 ))

echo "== issue 6: the analysis over $CASES synthetic cases"
gen_start=$(date +%s.%N)
"$BIN" demo --cases "$CASES" --seed 6 --data "$tmp/data" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
victims=$(sqlite3 "$tmp/data/ahtcell.db" "SELECT count(*) FROM victims")
in_year=$(sqlite3 "$tmp/data/ahtcell.db" "SELECT count(*) FROM victims v JOIN cases c ON c.id = v.case_id
	WHERE substr(coalesce(v.rescued_on, c.fir_date), 1, 4) = '$YEAR'")
echo "$victims victims ($in_year of them in $YEAR) made in ${gen_s} s"
echo 'Bench-Harbour-Lantern-92' | "$BIN" user add bench-cell --role cell --jurisdiction national --data "$tmp/data" >/dev/null 2>&1

start_s=$(date +%s.%N)
start_ahtcell "$tmp/data" "$tmp/ahtcell.log"
up_s=$(awk -v a="$start_s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
grep -o 'victims read for the analysis in [0-9]* ms' "$tmp/ahtcell.log" | sed "s/^/server up in ${up_s} s; /"
token=$("$BIN" user token bench-cell --name bench --data "$tmp/data" 2>/dev/null | tail -1)

# ahtcell: the pair, over one keep-alive connection
python3 - "$ap" "$token" "$YEAR" "$ROUNDS_PAIR" "$in_year" >"$tmp/ahtcell-pair.txt" <<'PY'
import http.client, json, sys, time
port, token, year, rounds, in_year = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
c = http.client.HTTPConnection('127.0.0.1', int(port))
h = {'Authorization': 'Bearer ' + token}
paths = ['/api/v1/analysis/districts?from=%s&to=%s&limit=all' % (year, year),
         '/api/v1/analysis/flows?level=state&from=%s&to=%s&limit=all' % (year, year)]
def get(p):
    c.request('GET', p, headers=h)
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, (p, r.status, body[:200])
    return body
d = json.loads(get(paths[0])); f = json.loads(get(paths[1]))
routed = sum(l['victims'] for l in f['links'])
print('check: %d districts classed, %d routes carrying %d victims (of %d in the year)' % (len(d['districts']), len(f['links']), routed, in_year), file=sys.stderr)
assert routed == f['victims'] <= in_year
for _ in range(20):
    for p in paths: get(p)
times = []
for _ in range(rounds):
    t = time.perf_counter()
    for p in paths: get(p)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print('%.2f %.2f %d' % (times[len(times) // 2], times[int(len(times) * 0.99) - 1], len(d['districts'])))
PY
read -r a_p50 a_p99 classed <"$tmp/ahtcell-pair.txt"
hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$ahtcell_pid/status")
hwm_mb=$(( hwm_kb / 1024 ))

# PostgreSQL 15 with the same victims
sqlite3 -csv "$tmp/data/ahtcell.db" "SELECT c.state_lgd, c.district_lgd, coalesce(v.rescued_on, c.fir_date),
	v.source_district_lgd, v.source_country, v.destination_district_lgd, v.destination_country, v.transit,
	v.purposes, v.gender, v.age_band FROM victims v JOIN cases c ON c.id = v.case_id" >"$tmp/victims.csv"
sqlite3 -csv "$tmp/data/ahtcell.db" "SELECT lgd, state_lgd, coalesce(population, 0) FROM districts" >"$tmp/districts.csv"
chmod 755 "$tmp"; chmod 644 "$tmp/victims.csv" "$tmp/districts.csv"
pgdir="$tmp/pg"
mkdir -p "$pgdir"
chown postgres "$pgdir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgport=$(free_port)
as_pg "$PG/initdb" -D "$pgdir/db" --auth=trust -U postgres >/dev/null
as_pg "$PG/pg_ctl" -D "$pgdir/db" -o "-k $pgdir -p $pgport -c listen_addresses='' -c shared_buffers=512MB" -l "$pgdir/log" -w start >/dev/null
pg_stop() { as_pg "$PG/pg_ctl" -D "$pgdir/db" -m fast stop >/dev/null 2>&1 || true; }
trap 'pg_stop; cleanup' EXIT
psql_() { "$PG/psql" -h "$pgdir" -p "$pgport" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_ <<SQL
CREATE TABLE victims (case_state int, case_district int, day date, source_district int, source_country text,
	destination_district int, destination_country text, transit text, purposes int, gender text, age_band text);
CREATE TABLE districts (lgd int PRIMARY KEY, state_lgd int, population bigint);
\\copy victims FROM '$tmp/victims.csv' WITH (FORMAT csv)
\\copy districts FROM '$tmp/districts.csv' WITH (FORMAT csv)
CREATE INDEX victims_day ON victims (day);
VACUUM ANALYZE;
SQL
# The two questions, as SQL: the districts' counts by role (transit once per
# victim), rates and classes; the State flows with the purposes on each.
cat >"$tmp/pair.sql" <<SQL
WITH v AS (SELECT * FROM victims WHERE day >= '$YEAR-01-01' AND day < '$((YEAR + 1))-01-01'),
roles AS (
	SELECT source_district AS d, 1 AS s, 0 AS t, 0 AS x FROM v WHERE source_district IS NOT NULL
	UNION ALL SELECT destination_district, 0, 0, 1 FROM v WHERE destination_district IS NOT NULL
	UNION ALL SELECT tt.d, 0, 1, 0 FROM v, LATERAL (SELECT DISTINCT substr(p, 2)::int AS d
		FROM unnest(string_to_array(v.transit, ' ')) p WHERE p LIKE 'D%') tt WHERE v.transit <> ''),
c AS (SELECT d, sum(s) AS s, sum(t) AS t, sum(x) AS x, sum(s + t + x) AS a FROM roles GROUP BY d)
SELECT c.d, c.s, c.t, c.x, c.a, round(c.a * 100000.0 / nullif(ds.population, 0), 2),
	CASE WHEN c.a < 10 THEN 'too_few' WHEN c.s * 10 >= c.a * 6 THEN 'source' WHEN c.x * 10 >= c.a * 6 THEN 'destination'
	     WHEN c.t * 10 >= c.a * 6 THEN 'transit' ELSE 'mixed' END
FROM c JOIN districts ds ON ds.lgd = c.d ORDER BY c.a DESC, c.d;
SELECT coalesce(sd.state_lgd::text, v.source_country) AS a, coalesce(dd.state_lgd::text, v.destination_country) AS b,
	count(*) AS n,
	sum((purposes & 1 <> 0)::int), sum((purposes & 2 <> 0)::int), sum((purposes & 4 <> 0)::int),
	sum((purposes & 8 <> 0)::int), sum((purposes & 16 <> 0)::int), sum((purposes & 32 <> 0)::int),
	sum((purposes & 64 <> 0)::int), sum((purposes & 128 <> 0)::int), sum((purposes & 256 <> 0)::int),
	sum((purposes & 512 <> 0)::int), sum((purposes & 1024 <> 0)::int)
FROM victims v LEFT JOIN districts sd ON sd.lgd = v.source_district LEFT JOIN districts dd ON dd.lgd = v.destination_district
WHERE v.day >= '$YEAR-01-01' AND v.day < '$((YEAR + 1))-01-01'
	AND (v.source_district IS NOT NULL OR v.source_country IS NOT NULL)
	AND (v.destination_district IS NOT NULL OR v.destination_country IS NOT NULL)
GROUP BY 1, 2 ORDER BY 3 DESC;
SQL
pg_rows=$(psql_ -tA -f "$tmp/pair.sql" | wc -l)
{
	echo '\timing on'
	for _ in 1 2 3; do cat "$tmp/pair.sql"; done        # warm-up
	for _ in $(seq 15); do cat "$tmp/pair.sql"; done
} >"$tmp/pg-run.sql"
psql_ -o /dev/null -f "$tmp/pg-run.sql" | awk '/^Time:/ { print $2 }' >"$tmp/pg-times.txt"
pg_stop
# pairs of times (classification, flows) after the six warm-up ones
pg_pairs=$(tail -n +7 "$tmp/pg-times.txt" | paste -d' ' - - | awk '{ printf "%.2f\n", $1 + $2 }' | sort -g)
p_p50=$(echo "$pg_pairs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
ratio=$(awk -v p="$p_p50" -v a="$a_p50" 'BEGIN { printf "%.1f", p / a }')

printf '%-44s %10s %10s\n' "the pair: classification + State flows, $YEAR" p50_ms p99_ms
printf '%-44s %10s %10s\n' "ahtcell (in memory, HTTP + JSON)" "$a_p50" "$a_p99"
printf '%-44s %10s %10s\n' "PostgreSQL 15 (SQL, index on the date)" "$p_p50" "-"
echo "($classed districts classed by ahtcell; PostgreSQL's answers: $pg_rows rows)"
v1=$(verdict "$a_p99" "$PAIR_TARGET_MS" lt)
v2=$(verdict "$ratio" "$RATIO_TARGET" ge)
v3=$(verdict "$hwm_mb" "$MEMORY_TARGET_MB" lt)
printf 'pair p99 %s ms (target < %d: %s); %sx PostgreSQL (target >= %d: %s); server peak memory %d MB (target < %d: %s)\n' \
	"$a_p99" "$PAIR_TARGET_MS" "$v1" "$ratio" "$RATIO_TARGET" "$v2" "$hwm_mb" "$MEMORY_TARGET_MB" "$v3"
results "$v1 cases-analysis p99_ms=$a_p99 (target < $PAIR_TARGET_MS) p50_ms=$a_p50 victims=$victims year=$YEAR in_year=$in_year" \
	"$v2 cases-vs-postgresql ratio=$ratio (target >= $RATIO_TARGET) ahtcell_p50_ms=$a_p50 postgresql_p50_ms=$p_p50" \
	"$v3 cases-memory peak_mb=$hwm_mb (target < $MEMORY_TARGET_MB) victims=$victims"
