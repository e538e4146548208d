#!/usr/bin/env python3
"""bench/latency.py HOST:PORT QUERIES.tsv OUT.tsv [--every N] [--pick FILE]

Sends each query of QUERIES.tsv ("CLASS<TAB>QUERY" lines; with --every N
only every Nth) once, one after the other over one keep-alive connection,
as GET /api/v1/documents?q=QUERY&limit=20, and times each answer (request
sent to last byte read).  Writes "class query ms bytes total" lines to
OUT.tsv and prints, per class of query, the count and the p50/p90/p99/max
latency, the mean answer size and the mean number of hits.  --pick FILE
saves the answer whose size is nearest the mean of all answers (for nginx
to serve).  An answer other than 200 (503 search.too_slow: the query ran
past the server's budget) is counted and left out of the sizes; exits 1
when there was none but errors."""
import http.client, json, statistics, sys, time, urllib.parse

def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, max(0, int(round(p / 100 * len(v) + 0.5)) - 1))]

def main():
    args = sys.argv[1:]
    every, pick = 1, None
    if '--every' in args:
        k = args.index('--every'); every = int(args[k + 1]); del args[k:k + 2]
    if '--pick' in args:
        k = args.index('--pick'); pick = args[k + 1]; del args[k:k + 2]
    hostport, qfile, out = args
    host, port = hostport.rsplit(':', 1)
    lines = [l.rstrip('\n').split('\t', 1) for l in open(qfile, encoding='utf-8') if l.strip()]
    lines = [l if len(l) == 2 else ['all', l[0]] for l in lines][::every]
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    rows, bodies = [], []
    for cls, q in lines:
        path = '/api/v1/documents?q=' + urllib.parse.quote(q, safe='') + '&limit=20'
        t0 = time.perf_counter()
        conn.request('GET', path)
        r = conn.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            print(f'latency.py: {q!r}: HTTP {r.status} after {ms:.0f} ms: {body[:120]!r}', file=sys.stderr)
            rows.append((cls, q, ms, len(body), -r.status))
            continue
        total = json.loads(body).get('total', 0)
        rows.append((cls, q, ms, len(body), total))
        if pick:
            bodies.append(body)
    with open(out, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write('%s\t%s\t%.3f\t%d\t%d\n' % r)
    print('%-8s %5s %8s %8s %8s %8s %8s %8s %9s %6s' % ('class', 'n', 'mean_ms', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms',
                                                   'bytes', 'hits', 'errors'))
    classes = list(dict.fromkeys(r[0] for r in rows)) + ['all']
    for c in classes:
        sel = [r for r in rows if c == 'all' or r[0] == c]
        ok = [r for r in sel if r[4] >= 0] or [(0, 0, 0, 0, 0)]
        ms = [r[2] for r in sel]
        print('%-8s %5d %8.1f %8.1f %8.1f %8.1f %8.1f %8d %9d %6d' % (c, len(sel), statistics.mean(ms), pct(ms, 50),
              pct(ms, 90), pct(ms, 99),
              max(ms), statistics.mean(r[3] for r in ok), statistics.mean(r[4] for r in ok),
              sum(1 for r in sel if r[4] < 0)))
    if not bodies and pick:
        sys.exit(1)
    if pick:
        mean = statistics.mean(len(b) for b in bodies)
        best = min(bodies, key=lambda b: abs(len(b) - mean))
        with open(pick, 'wb') as f:
            f.write(best)

main()
