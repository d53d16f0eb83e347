#!/usr/bin/env python3
"""Benchmark data for issue 13: a month of one-minute sli.counted windows.

    gen_slis.py --shared 10000 --own 100 --out DIR

4 indicators without `customers` (every account reads them) and, for each
of --own accounts, one indicator of its own (`customers`), 43,200 windows
each: about 4.5M windows for the defaults. Writes DIR/vow.toml,
DIR/rules/contracts.lua (a tier reading the shared indicators through
objectives and an uptime term, and one whose accounts read their own) and
DIR/events.ndjson. Fixed seed."""
import argparse, os, random, time

ap = argparse.ArgumentParser()
ap.add_argument("--shared", type=int, default=10000)
ap.add_argument("--own", type=int, default=100)
ap.add_argument("--out", required=True)
ap.add_argument("--seed", type=int, default=13)
a = ap.parse_args()
rng = random.Random(a.seed)
os.makedirs(os.path.join(a.out, "rules"), exist_ok=True)
with open(os.path.join(a.out, "vow.toml"), "w") as f:
    f.write('[store]\npath = "vow.db"\n\n[rules]\npaths = ["rules"]\n')
with open(os.path.join(a.out, "rules", "contracts.lua"), "w") as f:
    f.write('''tier "shared" {
  uptime = { target = 99.9, sli = "pages", slice = "1m", max_error_rate = 5 },
  objectives = {
    { name = "API", sli = "api", target = 99.9 },
    { name = "Web minutes", sli = "web", target = 99.5, method = "timeslices", slice = "1m", max_error_rate = 5 },
    { name = "Sync", sli = "sync", target = 99, method = "ratio_timeslices", slice = "1h" },
  },
}
tier "own" { uptime = { target = 99.5, sli = "own", slice = "5m", max_error_rate = 1, min_total = 10 } }
''')
    for i in range(a.shared):
        f.write('contract "s%05d" { tier = "shared", timezone = "UTC" }\n' % i)
    for i in range(a.own):
        f.write('contract "o%03d" { tier = "own", timezone = "UTC" }\n' % i)

base = 1793491200  # 2026-11-01T00:00:00Z
minutes = 30 * 1440
stamps = [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + 60 * m)) for m in range(minutes + 1)]


def series(w, sli, customers=""):
    for m in range(minutes):
        total = rng.randrange(200, 2000)
        # One minute in 5,000 fails badly; the others lose a request now and then.
        failed = total // 10 if rng.randrange(5000) == 0 else rng.randrange(2)
        w('{"id":"%s%s:%d","type":"sli.counted","at":"%s","sli":"%s","start":"%s","end":"%s","good":%d,"total":%d%s}\n'
          % (sli, customers and "-" + customers, m, stamps[m + 1], sli, stamps[m], stamps[m + 1], total - failed, total,
             customers and ',"customers":["%s"]' % customers))


with open(os.path.join(a.out, "events.ndjson"), "w", buffering=1 << 22) as f:
    for sli in ("api", "web", "sync", "pages"):
        series(f.write, sli)
    for i in range(a.own):
        series(f.write, "own", "o%03d" % i)
