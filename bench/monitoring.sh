#!/usr/bin/env bash
# Issue 7: the national monitoring dashboard (GET /api/v1/dashboard) over
# 800 AHTUs, 15 years of releases with their certificates, and 20,000
# training courses with their participants.
#  1. `ahtcell demo --cases 0` (the published scheme, the demo's units,
#     releases and courses), then, written straight into the database as the
#     program writes them, synthetic units up to 800, releases for every
#     State in each of 15 years (two instalments, most certified), and
#     courses up to 20,000 with two to four rows of participants each (the
#     triggers of migration 0019 keep their totals, as on any write).
#  2. ahtcell, warm: the Cell's dashboard — every State's units (each
#     checked against the criteria), funds, certificates, training,
#     advisories, action points and returns — over one keep-alive
#     connection: p50 and p99.  The issue names no peer: the target is
#     absolute.
# Target: p99 under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
TARGET_MS=50
UNITS=${BENCH_UNITS:-800}
COURSES=${BENCH_COURSES:-20000}
ROUNDS_DASH=${BENCH_DASH_ROUNDS:-300}
export LC_ALL=C.UTF-8

echo "== issue 7: the national dashboard over $UNITS AHTUs, 15 years of releases, $COURSES courses"
"$BIN" demo --cases 0 --data "$tmp/data" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
db="$tmp/data/ahtcell.db"
now=$(date +%s000)
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
-- units up to $UNITS, spread over the districts, at every stage; each as the register writes it
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $UNITS - (SELECT count(*) FROM records WHERE type = 'ahtus')),
d AS (SELECT lgd, state_lgd, name, row_number() OVER (ORDER BY lgd) - 1 AS k, count(*) OVER () AS nd FROM districts)
INSERT INTO records (type, state_lgd, district_lgd, data, search, search_public, version, created_at, created_by, updated_at, updated_by)
SELECT 'ahtus', d.state_lgd, d.lgd,
	json_object('name', 'AHTU ' || d.name || ' ' || n.i || ' (bench)', 'based_at', 'HQ', 'sanction_year',
		(2010 + n.i % 15) || '-' || printf('%02d', (2011 + n.i % 15) % 100),
		'status', CASE n.i % 4 WHEN 0 THEN 'sanctioned' WHEN 1 THEN 'set_up' ELSE 'functional' END,
		'set_up_on', CASE WHEN n.i % 4 = 0 THEN NULL ELSE '2016-05-01' END,
		'staff_posted', n.i % 9, 'officer_in_charge', CASE WHEN n.i % 5 = 0 THEN NULL ELSE 'Bench Inspector' END,
		'vehicle', 'yes', 'computer', CASE WHEN n.i % 7 = 0 THEN 'no' ELSE 'yes' END),
	'ahtu bench', 'ahtu bench', 1, $now, 0, $now, 0
FROM n JOIN d ON d.k = (n.i * 37) % d.nd;
-- releases: every State, 15 years, two instalments
WITH RECURSIVE y(v) AS (SELECT 2011 UNION ALL SELECT v + 1 FROM y WHERE v < 2025), k(i) AS (SELECT 1 UNION SELECT 2)
INSERT INTO fund_releases (scheme_id, state_lgd, financial_year, amount_paise, units, instalment, source, created_at)
SELECT (SELECT id FROM schemes WHERE code = 'ahtu_comprehensive'), s.lgd, y.v || '-' || printf('%02d', (y.v + 1) % 100),
	(500000 + (s.lgd * 7919 + y.v * 31 + k.i) % 900000) * 100 + (s.lgd + k.i) % 100, 1 + k.i, k.i, 'Bench (synthetic)', $now
FROM states s, y, k;
INSERT INTO utilisation (release_id, amount_paise, certificate_ref, certified_on, created_at)
SELECT id, amount_paise - id % 3 * 1000, 'Bench UC', '2025-01-01', $now FROM fund_releases WHERE source = 'Bench (synthetic)' AND id % 5 <> 0;
-- courses up to $COURSES, with two to four rows of participants each
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $COURSES - (SELECT count(*) FROM training_courses)),
p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS np FROM training_programmes),
st AS (SELECT lgd, row_number() OVER (ORDER BY lgd) - 1 AS k, count(*) OVER () AS ns FROM states)
INSERT INTO training_courses (programme_id, title, starts_on, ends_on, venue, host_state_lgd, certificates, created_at, updated_at)
SELECT p.id, 'Bench course ' || n.i, (2011 + n.i % 15) || '-06-01', (2011 + n.i % 15) || '-06-03', 'Bench', st.lgd, 0, $now, $now
FROM n JOIN p ON p.k = n.i % p.np JOIN st ON st.k = n.i % st.ns;
WITH r(j, cat) AS (VALUES (0, 'police'), (1, 'prosecutors'), (2, 'ngo'), (3, 'police'))
INSERT INTO training_participants (course_id, state_lgd, category, rank, count)
SELECT c.id, c.host_state_lgd, r.cat, 'R' || r.j, 5 + (c.id + r.j) % 30
FROM training_courses c JOIN r ON r.j < 2 + c.id % 3 WHERE c.title LIKE 'Bench course %';
COMMIT;
SQL
units=$(sqlite3 "$db" "SELECT count(*) FROM records WHERE type = 'ahtus'")
releases=$(sqlite3 "$db" "SELECT count(*) FROM fund_releases")
courses=$(sqlite3 "$db" "SELECT count(*) FROM training_courses")
parts=$(sqlite3 "$db" "SELECT count(*) FROM training_participants")
years=$(sqlite3 "$db" "SELECT count(DISTINCT financial_year) FROM fund_releases WHERE state_lgd IS NOT NULL")
echo "$units units, $releases releases over $years years, $courses courses with $parts rows of participants"
echo 'Bench-Harbour-Lantern-92' | "$BIN" user add bench-cell --role cell --jurisdiction national --data "$tmp/data" >/dev/null 2>&1
start_ahtcell "$tmp/data" "$tmp/ahtcell.log"
token=$("$BIN" user token bench-cell --name bench --data "$tmp/data" 2>/dev/null | tail -1)

python3 - "$ap" "$token" "$ROUNDS_DASH" "$units" >"$tmp/dash.txt" <<'PY'
import http.client, json, sys, time
port, token, rounds, units = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = http.client.HTTPConnection('127.0.0.1', int(port))
h = {'Authorization': 'Bearer ' + token}
def get(p):
    c.request('GET', p, headers=h)
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, (p, r.status, body[:200])
    return body
d = json.loads(get('/api/v1/dashboard'))
t = d['total']
assert t['ahtus_sanctioned'] == units, (t['ahtus_sanctioned'], units)
assert sum(x['ahtus_sanctioned'] for x in d['rows']) == units
print('check: %d States, %d units (%d functional as checked), %s released, %d officers trained, %d certificates overdue'
      % (len(d['rows']), t['ahtus_sanctioned'], t['ahtus_functional'], t['released_words'], t['officers_trained'],
         d['overdue']['utilisation_count']), file=sys.stderr)
for _ in range(20):
    get('/api/v1/dashboard')
times = []
for _ in range(rounds):
    s = time.perf_counter()
    get('/api/v1/dashboard')
    times.append((time.perf_counter() - s) * 1000)
times.sort()
print('%.2f %.2f %d' % (times[len(times) // 2], times[int(len(times) * 0.99) - 1], len(json.dumps(d))))
PY
[ -n "${BENCH_KEEP:-}" ] && { cp -r "$tmp/data" "$BENCH_KEEP"; }
read -r d_p50 d_p99 bytes <"$tmp/dash.txt"
printf '%-52s %10s %10s\n' "the national dashboard (GET /api/v1/dashboard)" p50_ms p99_ms
printf '%-52s %10s %10s\n' "ahtcell (HTTP + JSON, $bytes bytes)" "$d_p50" "$d_p99"
v=$(verdict "$d_p99" "$TARGET_MS" lt)
printf 'dashboard p99 %s ms (target < %d: %s)\n' "$d_p99" "$TARGET_MS" "$v"
results "$v monitoring-dashboard p99_ms=$d_p99 (target < $TARGET_MS) p50_ms=$d_p50 units=$units releases=$releases courses=$courses"
