#!/usr/bin/env bash
# Issue 4: the Cell's overdue follow-up list, GET /api/v1/action-points?overdue=1
# (first page, 50 rows, with its total), over 36 States x 200 meetings x 10
# action points (72,000 assignments) and their reports; target: it answers
# in under 50 ms at the API (p99, one connection; also shown at 8).  Also
# Odisha's own list, as its State user sees it, and the due-soon list.
# The data is made with SQL straight into a migrated database: 200 meetings
# over two years inviting every State/UT, 10 action points each assigned to
# all 36, due 30 days after the meeting; a mix of statuses (about 30 %
# closed, 15 % reported, 10 % returned, the rest open) and a report for every
# assignment that is not open, two for the returned ones.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
TARGET_MS=50

"$BIN" migrate --data "$tmp/data" >/dev/null 2>&1
echo 'Bench-Harbour-Lantern-92' | "$BIN" user add bench-cell --role cell --jurisdiction national --data "$tmp/data" >/dev/null 2>&1
echo 'Bench-Harbour-Lantern-92' | "$BIN" user add bench-od --role state --jurisdiction state:21 --data "$tmp/data" >/dev/null 2>&1
gen_start=$(date +%s.%N)
sqlite3 "$tmp/data/ahtcell.db" <<'SQL'

BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO meetings (id, title, kind, starts_at, venue, agenda, status, created_at, created_by, updated_at, updated_by)
SELECT i, 'Coordination meeting ' || i || ' of State/UT nodal officers', 'nodal_officers',
       strftime('%Y-%m-%dT10:30', date('now', '-' || (i * 3) || ' days', '+30 days')), 'New Delhi', '["Review"]',
       'held', 0, 1, 0, 1 FROM n;
INSERT INTO meeting_invitees (meeting_id, state_lgd) SELECT m.id, s.lgd FROM meetings m, states s;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 10)
INSERT INTO action_points (meeting_id, number, text, due_on, created_at, created_by)
SELECT m.id, k.j, 'Action point ' || k.j || ' of meeting ' || m.id || ': report the steps taken by the State',
       date(substr(m.starts_at, 1, 10), '+30 days'), 0, 1 FROM meetings m, k;
INSERT INTO action_assignments (action_point_id, state_lgd, due_on, status, status_at, closed_on)
SELECT a.id, s.lgd, a.due_on,
       CASE WHEN (a.id * 7 + s.lgd * 13) % 20 < 6 THEN 'closed'
            WHEN (a.id * 7 + s.lgd * 13) % 20 < 9 THEN 'reported'
            WHEN (a.id * 7 + s.lgd * 13) % 20 < 11 THEN 'returned' ELSE 'open' END, 0,
       CASE WHEN (a.id * 7 + s.lgd * 13) % 20 < 6 THEN a.due_on END
FROM action_points a, states s;
INSERT INTO action_reports (action_point_id, state_lgd, text, reported_on, submitted_at, submitted_by, decision, decided_at, decided_by)
SELECT action_point_id, state_lgd, 'Action taken: orders issued to all districts.', due_on, 0, 2,
       CASE status WHEN 'closed' THEN 'accepted' WHEN 'returned' THEN 'returned' END, 0, 1
FROM action_assignments WHERE status <> 'open';
INSERT INTO action_reports (action_point_id, state_lgd, text, reported_on, submitted_at, submitted_by)
SELECT action_point_id, state_lgd, 'Further action taken.', due_on, 0, 2 FROM action_assignments WHERE status = 'returned';
COMMIT;
ANALYZE;
SQL
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
counts=$(sqlite3 "$tmp/data/ahtcell.db" "SELECT (SELECT count(*) FROM meetings) || ' meetings, ' || (SELECT count(*) FROM action_points) || ' action points, ' || (SELECT count(*) FROM action_assignments) || ' assignments (' || (SELECT count(*) FROM action_assignments WHERE status <> 'closed' AND due_on < date('now')) || ' overdue), ' || (SELECT count(*) FROM action_reports) || ' reports'")
echo "== issue 4: the follow-up list over $counts (made in ${gen_s} s)"

start_ahtcell "$tmp/data" "$tmp/ahtcell.log"
cookie() {
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"Bench-Harbour-Lantern-92\"}" "http://127.0.0.1:$ap/api/v1/session" |
		tr -d '\r' | awk -F'[=;]' 'tolower($1) ~ /^set-cookie: ahtcell_session$/ { print $2 }'
}
cell=$(cookie bench-cell)
od=$(cookie bench-od)
[ -n "$cell" ] && [ -n "$od" ] || { echo "bench: sign-in failed" >&2; exit 1; }
body=$(curl -s -H "Cookie: ahtcell_session=$cell" "http://127.0.0.1:$ap/api/v1/action-points?overdue=1")
total=$(printf '%s' "$body" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["items"]))')
echo "overdue list: total and rows on the first page: $total ($(printf '%s' "$body" | wc -c) bytes)"

lines=()
for spec in "overdue cell /api/v1/action-points?overdue=1" \
	    "overdue-by-state cell /api/v1/action-points?overdue=1&sort=state" \
	    "odisha od /api/v1/action-points?status=pending" \
	    "due-soon cell /api/v1/action-points?due_within=14"; do
	set -- $spec
	name=$1 who=$2 path=$3
	c=$cell; [ "$who" = od ] && c=$od
	for conns in 1 8; do
		CONNS=$conns THREADS=1 wrk_run "fu-$name-$conns" "http://127.0.0.1:$ap$path" -H "Cookie: ahtcell_session=$c"
		v=$(verdict "$p99" "$TARGET_MS" lt)
		printf '%-18s %2d conn: %8s req/s  p50 %7s ms  p99 %7s ms  (target p99 < %d ms: %s)\n' \
			"$name" "$conns" "$rps" "$p50" "$p99" "$TARGET_MS" "$v"
		lines+=("$name conns=$conns rps=$rps p50_ms=$p50 p99_ms=$p99")
		[ "$name" = overdue ] && [ "$conns" = 1 ] && o_p99=$p99 && o_p50=$p50
	done
done
v=$(verdict "$o_p99" "$TARGET_MS" lt)
results "[followup] issue 4: GET /api/v1/action-points?overdue=1 over $counts" \
	"date=$(date -u +%FT%TZ) cores=$(nproc) wrk=-d${DURATION}s" "${lines[@]}" \
	"$v followup overdue p99=${o_p99} ms p50=${o_p50} ms (target < ${TARGET_MS} ms, one connection)"
