#!/usr/bin/env python3
"""Benchmark data: N accounts x M months of events, fixed seed.

    gen.py --accounts 10000 --months 1 --events 10000000 --out DIR

Writes DIR/vow.toml, DIR/rules/contracts.lua (three tiers, N contracts) and
DIR/events.ndjson (about --events lines: tickets with replies and status
changes, outages and maintenance)."""
import argparse, os, random

ap = argparse.ArgumentParser()
ap.add_argument("--accounts", type=int, default=10000)
ap.add_argument("--months", type=int, default=1)
ap.add_argument("--events", type=int, default=10_000_000)
ap.add_argument("--out", required=True)
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()
rng = random.Random(a.seed)
os.makedirs(os.path.join(a.out, "rules"), exist_ok=True)
with open(os.path.join(a.out, "vow.toml"), "w") as f:
    f.write('[store]\npath = "vow.db"\n\n[rules]\npaths = ["rules"]\n')
with open(os.path.join(a.out, "rules", "contracts.lua"), "w") as f:
    f.write('''calendar "biz" { timezone = "America/New_York", hours = { weekdays = "09:00-18:00" }, holidays = { "2026-10-12" } }
tier "gold" { uptime = { target = 99.9, services = { "api", "web" } }, response = { P1 = hours(1), P2 = hours(4) },
  resolution = { P1 = hours(24), P2 = hours(72) }, credit = schedule { { below = 99.9, percent = 10 }, { below = 99.0, percent = 25 } } }
tier "silver" { calendar = "biz", uptime = { target = 99.5, services = { "api" } }, response = { P1 = hours(4), P2 = hours(8) },
  credit = function(m) if not m.uptime.met then return { percent = 5 } end return 0 end }
tier "bronze" { calendar = "biz", response = { P2 = hours(24), P3 = hours(48) } }
''')
    tiers = ["gold", "silver", "bronze"]
    for i in range(a.accounts):
        f.write('contract "c%05d" { tier = "%s", acv = %d, timezone = "America/New_York" }\n' % (i, tiers[i % 3], 12000 * (1 + i % 5)))

seconds = a.months * 30 * 86400
base = 1790812800  # 2026-10-01T00:00:00Z
per_ticket = 6
tickets = a.events // per_ticket
n = 0
with open(os.path.join(a.out, "events.ndjson"), "w", buffering=1 << 22) as f:
    w = f.write
    def ts(t):
        import time
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    for k in range(max(1, a.events // 100000)):
        t = base + rng.randrange(seconds)
        w('{"id":"o%d","type":"outage.started","at":"%s","outage":"o%d","service":"%s"}\n' % (k, ts(t), k, rng.choice(["api", "web"])))
        w('{"id":"oe%d","type":"outage.ended","at":"%s","outage":"o%d"}\n' % (k, ts(t + rng.randrange(60, 3600)), k))
    for i in range(tickets):
        c = "c%05d" % rng.randrange(a.accounts)
        t = base + rng.randrange(seconds - 86400)
        p = rng.choice(["P1", "P2", "P2", "P3"])
        w('{"id":"t%d:0","type":"ticket.opened","at":"%s","ticket":"t%d","customer":"%s","priority":"%s"}\n' % (i, ts(t), i, c, p))
        t += rng.randrange(60, 20000)
        w('{"id":"t%d:1","type":"ticket.replied","at":"%s","ticket":"t%d","author":"agent"}\n' % (i, ts(t), i))
        t += rng.randrange(60, 20000)
        w('{"id":"t%d:2","type":"ticket.status_changed","at":"%s","ticket":"t%d","status":"pending"}\n' % (i, ts(t), i))
        t += rng.randrange(60, 20000)
        w('{"id":"t%d:3","type":"ticket.replied","at":"%s","ticket":"t%d","author":"customer"}\n' % (i, ts(t), i))
        w('{"id":"t%d:4","type":"ticket.status_changed","at":"%s","ticket":"t%d","status":"open"}\n' % (i, ts(t), i))
        t += rng.randrange(60, 40000)
        w('{"id":"t%d:5","type":"ticket.status_changed","at":"%s","ticket":"t%d","status":"solved"}\n' % (i, ts(t), i))
