#!/usr/bin/env python3
"""`vow alerts` on a month of one-minute error-rate slices, N of them bad (ADR 0049, "Later").

    tests/bench/bad_slices.py [--vow build/engine/vow] [--dir DIR] [--bad 1000,6000,20000,43200]
                              [--target 99.0]

For each N: DIR/N holds one contract (an uptime term measured by timeslices
of the indicator "req", `max_error_rate = 5`, a burn-rate rule of 1 h and
5 min at 14.4) and a ledger of November 2026's 43,200 one-minute windows,
N of them (chosen at random, seed 1) with 20 of 100 requests failed. Prints
the wall time and peak memory of `vow alerts --as-of 2026-12-01T00:00:00Z
--format json` (GNU time) and how many alerts of each kind it gave."""
import argparse, collections, datetime, json, os, random, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))


def make(d, bad, target):
    os.makedirs(os.path.join(d, "rules"), exist_ok=True)
    with open(os.path.join(d, "rules", "c.lua"), "w") as f:
        f.write('contract "octo" {\n  timezone = "UTC",\n'
                '  uptime = { target = %s, sli = "req", slice = "1m", max_error_rate = 5 },\n'
                '  burn_alerts = { { long = "1h", short = "5m", factor = 14.4, severity = "page" } },\n}\n' % target)
    with open(os.path.join(d, "vow.toml"), "w") as f:
        f.write('[store]\npath = "vow.db"\n\n[rules]\npaths = ["rules"]\n')
    rng = random.Random(1)
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    chosen = set(rng.sample(range(43200), bad))
    fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(d, "events.ndjson"), "w") as f:
        for i in range(43200):
            a = start + datetime.timedelta(minutes=i)
            b = a + datetime.timedelta(minutes=1)
            f.write('{"id":"w%d","type":"sli.counted","at":"%s","sli":"req","start":"%s","end":"%s","good":%d,'
                    '"total":100}\n' % (i, fmt(b), fmt(a), fmt(b), 80 if i in chosen else 100))
    for name in os.listdir(d):
        if name.startswith("vow.db"):
            os.remove(os.path.join(d, name))
    subprocess.run([vow, "ingest", "events.ndjson"], cwd=d, check=True, stdout=subprocess.DEVNULL)


p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--vow", default=os.path.join(here, "..", "..", "build", "engine", "vow"))
p.add_argument("--dir", default="/tmp/vow-bench-bad-slices")
p.add_argument("--bad", default="1000,6000,20000,43200")
p.add_argument("--target", default="99.0")
args = p.parse_args()
vow = os.path.abspath(args.vow)
for bad in [int(x) for x in args.bad.split(",")]:
    d = os.path.join(args.dir, str(bad))
    make(d, bad, args.target)
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", vow, "alerts", "--as-of", "2026-12-01T00:00:00Z", "--format",
                        "json"], cwd=d, capture_output=True, text=True, check=True)
    seconds, kb = r.stderr.strip().splitlines()[-1].split()
    kinds = collections.Counter(a["kind"] for a in json.loads(r.stdout)["alerts"])
    print("%6d bad slices: %s s, peak %d MB; alerts %s" % (bad, seconds, int(kb) // 1024, dict(kinds)), flush=True)
