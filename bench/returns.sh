#!/usr/bin/env bash
# Issue 5: bulk import of returns, and the national pivot over them.
#  1. Import 10 years (2015-2024) x every district x 12 months of the standard
#     monthly return, 44 of its 55 cells filled (about 4 million values), from
#     one CSV in the template's columns, with `ahtcell import returns` (every
#     row checked: data set, period, district, cell, count; then saved, all or
#     nothing, with each value's history).  Beside it, in the same run,
#     PostgreSQL 15's `\copy` of the same file into a plain table of the same
#     columns (no index, no check).  Target: ahtcell's rows/s >= 0.5 x \copy's.
#  2. The national pivot over those values: GET /api/v1/pivot, States x years,
#     one indicator (victims rescued), with rates per lakh population, every
#     return counted (include=entered).  Target: p99 under 100 ms (one
#     connection; also shown at 8).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RATIO_TARGET=0.5
PIVOT_TARGET_MS=100
PG=/usr/lib/postgresql/15/bin
YEARS=${BENCH_RETURNS_YEARS:-10}
export LC_ALL=C.UTF-8

"$BIN" migrate --data "$tmp/data" >/dev/null 2>&1
echo 'Bench-Harbour-Lantern-92' | "$BIN" user add bench-cell --role cell --jurisdiction national --data "$tmp/data" >/dev/null 2>&1

# The file: the template of one month for the whole country gives every
# district and every cell; 44 cells of each return get a count.
"$BIN" export returns --dataset aht_monthly --period 2024-01 --template --data "$tmp/data" --out "$tmp/template.csv" 2>/dev/null
gen_start=$(date +%s.%N)
python3 - "$tmp/template.csv" "$tmp/values.csv" "$YEARS" <<'PY'
import csv, sys
src, dst, years = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.reader(open(src, encoding='utf-8-sig')))
head, body = rows[0], rows[1:]
districts = {}
for r in body:
    districts.setdefault(r[4], []).append(r)
with open(dst, 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(head[:12])
    n = rescued = 0
    for y in range(2025 - years, 2025):
        for m in range(1, 13):
            period = '%d-%02d' % (y, m)
            for d, cells in districts.items():
                k = int(d)
                for i, r in enumerate(cells):
                    if i % 5 == 4 and i < 55:   # 11 of the 55 cells stay empty
                        continue
                    v = (k * 7 + i * 13 + m * 3 + y) % 23
                    w.writerow([r[0], period, r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], v, ''])
                    n += 1
                    rescued += v if r[6] == 'victims_rescued' else 0
open(dst + '.rescued', 'w').write(str(rescued))
PY
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
rows=$(($(wc -l <"$tmp/values.csv") - 1))
size=$(du -m "$tmp/values.csv" | cut -f1)
echo "== issue 5: import of $rows values ($size MB of CSV, made in ${gen_s} s)"

# PostgreSQL 15: a cluster of its own, trust on a socket in $tmp, run as the
# postgres user (it refuses root).
chmod 755 "$tmp"
chmod 644 "$tmp/values.csv"
pgdir="$tmp/pg"
mkdir -p "$pgdir"
chown postgres "$pgdir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PG/initdb" -D "$pgdir/db" --auth=trust -U postgres >/dev/null
pgport=$(free_port)
as_pg "$PG/pg_ctl" -D "$pgdir/db" -o "-k $pgdir -p $pgport -c listen_addresses=''" -l "$pgdir/log" -w start >/dev/null
pg_stop() { as_pg "$PG/pg_ctl" -D "$pgdir/db" -m fast stop >/dev/null 2>&1 || true; }
trap 'pg_stop; cleanup' EXIT
psql_() { "$PG/psql" -h "$pgdir" -p "$pgport" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_ -c "CREATE TABLE values_copy (dataset text, period text, state_lgd int, state text, district_lgd int,
	district text, indicator text, indicator_name text, combo text, combo_name text, value int, comment text)"
pg_start=$(date +%s.%N)
psql_ -c "\\copy values_copy FROM '$tmp/values.csv' WITH (FORMAT csv, HEADER true)"
pg_s=$(awk -v a="$pg_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
pg_rows=$(psql_ -tA -c "SELECT count(*) FROM values_copy")
pg_stop

imp_start=$(date +%s.%N)
"$BIN" import returns "$tmp/values.csv" --as bench-cell --data "$tmp/data" >"$tmp/import.txt" 2>&1 || { cat "$tmp/import.txt" >&2; exit 1; }
imp_s=$(awk -v a="$imp_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
cat "$tmp/import.txt"
stored=$(sqlite3 "$tmp/data/ahtcell.db" "SELECT count(*) FROM data_values WHERE value IS NOT NULL")
[ "$stored" = "$rows" ] || { echo "bench: $stored values stored, $rows in the file" >&2; exit 1; }
[ "$pg_rows" = "$rows" ] || { echo "bench: PostgreSQL took $pg_rows rows of $rows" >&2; exit 1; }
pg_rps=$(awk -v n="$rows" -v s="$pg_s" 'BEGIN { printf "%.0f", n / s }')
a_rps=$(awk -v n="$rows" -v s="$imp_s" 'BEGIN { printf "%.0f", n / s }')
ratio=$(awk -v a="$a_rps" -v p="$pg_rps" 'BEGIN { printf "%.2f", a / p }')
v=$(verdict "$ratio" "$RATIO_TARGET" ge)
printf '%-34s %8s s %10s rows/s\n' "PostgreSQL 15 \\copy (plain table)" "$pg_s" "$pg_rps"
printf '%-34s %8s s %10s rows/s\n' "ahtcell import returns (checked)" "$imp_s" "$a_rps"
printf 'ratio %s x (target >= %s x: %s)\n' "$ratio" "$RATIO_TARGET" "$v"
results "$v returns-import ratio=$ratio (target >= $RATIO_TARGET) ahtcell_rows_per_s=$a_rps copy_rows_per_s=$pg_rps rows=$rows"

echo "== issue 5: the national pivot (States x years, victims rescued, rates) over those values"
sqlite3 "$tmp/data/ahtcell.db" "ANALYZE"
start_ahtcell "$tmp/data" "$tmp/ahtcell.log"
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d '{"login":"bench-cell","password":"Bench-Harbour-Lantern-92"}' "http://127.0.0.1:$ap/api/v1/session" |
	tr -d '\r' | awk -F'[=;]' 'tolower($1) ~ /^set-cookie: ahtcell_session$/ { print $2 }')
[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
first=$((2025 - YEARS))
path="/api/v1/pivot?dataset=aht_monthly&indicator=victims_rescued&from=$first-01&to=2024-12&rows=state&cols=year&rate=1&include=entered"
# the first pivot after the import: the server's importer makes the stale States' totals
# again in the background from its start; whatever is left, the pivot makes first
cold_start=$(date +%s.%N)
body=$(curl -s -H "Cookie: ahtcell_session=$cookie" "http://127.0.0.1:$ap$path")
cold_s=$(awk -v a="$cold_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "first pivot after the server started on the imported values: ${cold_s} s"
printf '%s' "$body" | python3 -c '
import json, sys
d = json.load(sys.stdin)
want = int(sys.argv[1])
print("pivot: %d States x %d years, total %d (the file holds %d), national rate %.1f per lakh" % (len(d["rows"]), len(d["cols"]), d["total"], want, d["rates"]["total"]))
assert len(d["rows"]) == 36 and len(d["cols"]) == '"$YEARS"'
assert d["total"] == want == sum(t for t in d["row_totals"] if t), "the pivot does not add up to the file"' "$(cat "$tmp/values.csv.rescued")"
for conns in 1 8; do
	CONNS=$conns THREADS=1 wrk_run "pivot-$conns" "http://127.0.0.1:$ap$path" -H "Cookie: ahtcell_session=$cookie"
	v=$(verdict "$p99" "$PIVOT_TARGET_MS" lt)
	printf 'pivot %d conn: %8s req/s  p50 %7s ms  p99 %7s ms  (target p99 < %d ms: %s)\n' "$conns" "$rps" "$p50" "$p99" "$PIVOT_TARGET_MS" "$v"
	[ "$conns" = 1 ] && results "$v returns-pivot p99_ms=$p99 (target < $PIVOT_TARGET_MS) p50_ms=$p50 rps=$rps conns=1 first_after_import_s=$cold_s"
done
