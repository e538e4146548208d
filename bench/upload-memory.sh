#!/usr/bin/env bash
# Issue 3: memory while a 20 MB PDF is uploaded and indexed.  Target: the
# upload and its indexing never hold more than 64 MB of extra memory.
#
# A fresh demo data folder and a cell user; bench/make_pdf.py makes a
# ~20 MB PDF (360 pages of text, ~1.9 MB of it, and 18 MB of
# incompressible images); bench/rss_sampler.py samples, every 20 ms, the
# server's VmRSS/RssAnon and those of its children (the text extraction
# child, `ahtcell extract-text`) from before the upload until the indexer
# has marked the file's text done, and 1 s after.
# Reports, in kB: the server's baseline, peak and peak - baseline; the
# child's peak; and the peak of the sum (server - baseline + children) at
# one instant, which is what the target is checked on.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

MB=${BENCH_PDF_MB:-20}
EXTRA_MAX_MB=64
LOGIN=benchcell
PASSWORD='Qv7-harbour-Lantern-92-bench'

python3 bench/make_pdf.py "$tmp/big.pdf" "$MB"
pdf_bytes=$(wc -c <"$tmp/big.pdf")
pages="?"
command -v pdfinfo >/dev/null && pages=$(pdfinfo "$tmp/big.pdf" | awk '/^Pages:/ { print $2 }')
echo "== issue 3: upload and indexing of a $pdf_bytes-byte PDF ($pages pages)"

data="$tmp/upload-data"
"$BIN" demo --data "$data" >"$tmp/demo.log" 2>&1
printf '%s\n' "$PASSWORD" | "$BIN" user add "$LOGIN" --role cell --jurisdiction national --data "$data" >/dev/null 2>&1
start_ahtcell "$data" "$tmp/upload-ahtcell.log"
base="http://127.0.0.1:$ap"
csrf=$(curl -sf -c "$tmp/jar" -H 'Content-Type: application/json' \
	-d "{\"login\":\"$LOGIN\",\"password\":\"$PASSWORD\"}" "$base/api/v1/session" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf"])')
sleep 1   # the demo's files are indexed already; let the server settle

mark() { echo "$1" >"$tmp/rss.tsv.mark"; }
python3 bench/rss_sampler.py "$ahtcell_pid" "$tmp/rss.tsv" 20 &
sampler=$!
pids+=("$sampler")
sleep 1
mark upload
t0=$(date +%s.%N)
code=$(curl -s -o "$tmp/upload.json" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" \
	-F "file=@$tmp/big.pdf;type=application/pdf" -F "title=Bench upload: annual report on rescue and rehabilitation" \
	-F category=report "$base/api/v1/documents")
t1=$(date +%s.%N)
[ "$code" = 201 ] || { echo "bench: upload answered $code: $(head -c 300 "$tmp/upload.json")" >&2; exit 1; }
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$tmp/upload.json")
mark index
status=pending
for _ in $(seq 1200); do
	status=$(curl -sf -b "$tmp/jar" "$base/api/v1/documents/$id" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["file"]["text_status"])')
	[ "$status" = pending ] || break
	sleep 0.1
done
t2=$(date +%s.%N)
mark after
sleep 1
kill "$sampler"; wait "$sampler" 2>/dev/null || true
pagesdone=$(curl -sf -b "$tmp/jar" "$base/api/v1/documents/$id" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["file"]["pages"])')
hits=$(curl -sf "$base/api/v1/documents?q=rehabilitation%20bench&limit=1" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')

# t server_rss server_anon server_hwm children_rss children_anon children_hwm n
read -r n_samples base_rss base_anon peak_rss peak_anon child_rss child_anon child_hwm sum_peak sum_anon_peak end_rss <<<"$(awk '
	/^#mark/ { phase = $2; next }
	phase == "" { b_rss[++nb] = $2; b_anon[nb] = $3; next }
	{ s[++n] = $0; rss[n] = $2; anon[n] = $3; crss[n] = $5; canon[n] = $6; chwm[n] = $7 }
	function median(a, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } return a[int((k + 1) / 2)] }
	END {
		br = median(b_rss, nb); ba = median(b_anon, nb)
		for (i = 1; i <= n; i++) {
			if (rss[i] > pr) pr = rss[i]; if (anon[i] > pa) pa = anon[i]
			if (crss[i] > cr) cr = crss[i]; if (canon[i] > ca) ca = canon[i]; if (chwm[i] > ch) ch = chwm[i]
			x = rss[i] - br + crss[i]; if (x > sp) sp = x
			y = anon[i] - ba + canon[i]; if (y > sa) sa = y
		}
		print n + nb, br, ba, pr, pa, cr, ca, ch, sp, sa, rss[n]
	}' "$tmp/rss.tsv")"
child_peak=$((child_hwm > child_rss ? child_hwm : child_rss))
server_extra=$((peak_rss - base_rss))
up_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
ix_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
v_total=$(verdict "$(mb "$sum_peak")" "$EXTRA_MAX_MB" le)
v_server=$(verdict "$(mb "$server_extra")" "$EXTRA_MAX_MB" le)
v_child=$(verdict "$(mb "$child_peak")" "$EXTRA_MAX_MB" le)
printf 'upload %s s (HTTP %s), then text %s after %s s more (%s pages); %s samples\n' "$up_s" "$code" "$status" "$ix_s" "$pagesdone" "$n_samples"
printf '%-34s %10s %10s\n' "" "RSS MB" "anon MB"
printf '%-34s %10s %10s\n' "server before the upload" "$(mb "$base_rss")" "$(mb "$base_anon")"
printf '%-34s %10s %10s\n' "server peak" "$(mb "$peak_rss")" "$(mb "$peak_anon")"
printf '%-34s %10s %10s\n' "server peak - before" "$(mb "$server_extra")" "$(mb $((peak_anon - base_anon)))"
printf '%-34s %10s %10s\n' "extraction child peak" "$(mb "$child_peak")" "$(mb "$child_anon")"
printf '%-34s %10s %10s\n' "extra at one instant (server+child)" "$(mb "$sum_peak")" "$(mb "$sum_anon_peak")"
printf '%-34s %10s\n' "server after" "$(mb "$end_rss")"
echo "extra memory, server + child at its peak = $(mb "$sum_peak") MB  (target <= $EXTRA_MAX_MB MB: $v_total)"
[ "$status" = "done" ] || echo "bench: the file's text ended $status" >&2
[ "$hits" -ge 1 ] 2>/dev/null || echo "bench: the uploaded document is not found by search ($hits)" >&2
results "[upload-memory] issue 3: upload and indexing of a $pdf_bytes-byte PDF ($pages pages)" \
	"date=$(date -u +%FT%TZ) upload_s=$up_s index_s=$ix_s text_status=$status pages=$pagesdone samples=$n_samples interval_ms=20" \
	"server rss_kb_before=$base_rss rss_kb_peak=$peak_rss rss_kb_extra=$server_extra anon_kb_before=$base_anon anon_kb_peak=$peak_anon rss_kb_after=$end_rss" \
	"child rss_kb_peak=$child_peak anon_kb_peak=$child_anon" \
	"total rss_kb_extra_peak=$sum_peak anon_kb_extra_peak=$sum_anon_peak" \
	"$v_server upload server extra RSS=$(mb "$server_extra") MB (target <= $EXTRA_MAX_MB MB)" \
	"$v_child upload extraction child peak RSS=$(mb "$child_peak") MB (target <= $EXTRA_MAX_MB MB)" \
	"$v_total upload extra RSS server+child=$(mb "$sum_peak") MB (target <= $EXTRA_MAX_MB MB)" ""
