#!/usr/bin/env python3
"""bench/rss_sampler.py PID OUT.tsv [INTERVAL_MS]

Samples the memory of process PID and of its children (the text
extraction child, `ahtcell extract-text`) every INTERVAL_MS (20) until it
gets SIGTERM/SIGINT or PID ends.  From /proc/N/status: VmRSS (resident),
RssAnon (resident anonymous memory: heap and stacks, what the process
itself allocated, as opposed to mapped files and libraries) and VmHWM
(the kernel's own peak of VmRSS, which catches a peak between samples).
Writes one line a sample: t_ms server_rss server_anon server_hwm
children_rss children_anon children_hwm n_children (kB).  A line "#mark
NAME" is written when the file OUT.tsv.mark holds NAME (the bench script
writes phase names there)."""
import os, signal, sys, time

pid = int(sys.argv[1])
out = sys.argv[2]
interval = (float(sys.argv[3]) if len(sys.argv) > 3 else 20) / 1000
stop = False


def on_signal(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


def status(p):
    v = {}
    try:
        with open(f'/proc/{p}/status') as f:
            for line in f:
                k, _, rest = line.partition(':')
                if k in ('VmRSS', 'RssAnon', 'VmHWM'):
                    v[k] = int(rest.split()[0])
    except OSError:
        return None
    return v


def children(p):
    kids = []
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/stat') as f:
                s = f.read()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces and parentheses
        if int(s[s.rindex(')') + 2:].split()[1]) == p:
            kids.append(int(d))
    return kids


t0 = time.monotonic()
last_mark = None
with open(out, 'w') as f:
    while not stop:
        s = status(pid)
        if s is None:
            break
        crss = canon = chwm = n = 0
        for k in children(pid):
            c = status(k)
            if c:
                crss += c.get('VmRSS', 0); canon += c.get('RssAnon', 0); chwm = max(chwm, c.get('VmHWM', 0)); n += 1
        try:
            mark = open(out + '.mark').read().strip()
        except OSError:
            mark = None
        if mark and mark != last_mark:
            f.write(f'#mark {mark}\n')
            last_mark = mark
        f.write('%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n' % ((time.monotonic() - t0) * 1000, s.get('VmRSS', 0),
                s.get('RssAnon', 0), s.get('VmHWM', 0), crss, canon, chwm, n))
        f.flush()
        time.sleep(interval)
