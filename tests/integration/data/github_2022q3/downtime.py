#!/usr/bin/env python3
"""GitHub's 2022-Q3 downtime per SLA feature, from the incident files alone.

An independent check of what `vow import statuspage` + `vow report` must give
(tests/integration/connectors_test.cpp, GithubEnterpriseSla2022Q3). It
applies the rules of plugins/monitoring_statuspage/README.md by itself:

- a component whose updates set a status other than "operational" is down
  from the update (display_at) where its new_status became an outage to the
  update where it stopped being one (or resolved_at); degraded_performance is
  no outage (degraded = "none");
- a component listed but never given a status is down from started_at to
  resolved_at when the incident's impact is minor, major or critical;
- overlapping outages of one feature count once (any impact: partial_weight
  is 1, as the SLA counts any minute with errors).

Usage: downtime.py INCIDENTS_DIR   (prints a table and the seconds per feature)
"""
import json, os, sys
from datetime import datetime, timezone

FEATURES = ["Issues", "Pull Requests", "Git Operations", "API Requests", "Webhooks", "Pages"]
Q_START, Q_END = datetime(2022, 7, 1, tzinfo=timezone.utc), datetime(2022, 10, 1, tzinfo=timezone.utc)
OUTAGE = {"major_outage", "partial_outage"}


def t(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%f%z")


def spans(inc):
    start = inc.get("started_at") or inc["created_at"]
    end = inc.get("resolved_at")
    ups = sorted(inc["incident_updates"], key=lambda u: u.get("display_at") or u["created_at"])
    names = {c["id"]: c["name"] for c in inc.get("components") or []}
    mentions = {}
    for u in ups:
        for a in u.get("affected_components") or []:
            names.setdefault(a["code"], a["name"])
            mentions.setdefault(a["code"], []).append((u.get("display_at") or u["created_at"], a))
    for code, name in names.items():
        ms = mentions.get(code, [])
        if any(a["old_status"] != "operational" or a["new_status"] != "operational" for _, a in ms):
            def outage(status):  # the status while down, None while up
                return status if status in OUTAGE else None

            cur, since = outage(ms[0][1]["old_status"]), start
            for at, a in ms:
                new = outage(a["new_status"])
                if new != cur:
                    if cur:
                        yield name, since, at
                    cur, since = new, at
            if cur:
                yield name, since, end
        elif inc["impact"] in ("minor", "major", "critical"):
            yield name, start, end


def main(folder):
    per = {f: [] for f in FEATURES}
    for fn in sorted(os.listdir(folder)):
        inc = json.load(open(os.path.join(folder, fn)))["incident"]
        for name, a, b in spans(inc):
            if name not in per or b is None:
                continue
            a, b = max(t(a), Q_START), min(t(b), Q_END)
            if a < b:
                print(f"{inc['id']}  {name:15} {a:%Y-%m-%d %H:%M:%S.%f}  {b:%Y-%m-%d %H:%M:%S.%f}  {(b - a).total_seconds():10.3f} s")
                per[name].append((a, b))
    total = (Q_END - Q_START).total_seconds()
    for f, iv in per.items():
        iv.sort()
        merged = []
        for a, b in iv:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        secs = sum((b - a).total_seconds() for a, b in merged)
        print(f"{f:15} {secs:10.3f} s  uptime {100 * (total - secs) / total:.4f}%")


main(sys.argv[1])
