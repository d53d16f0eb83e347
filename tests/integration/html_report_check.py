#!/usr/bin/env python3
"""Checks what Chromium rendered (html_probe.js's measurements) against the
JSON report of the same period: html_report_check.py internal|customer DOM JSON"""
import html, json, re, sys

COLOURS = {"red": "rgb(192, 57, 43)", "yellow": "rgb(212, 160, 23)", "green": "rgb(46, 139, 87)"}
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def probe_of(dom_path):
    dom = open(dom_path, encoding="utf-8").read()
    m = (re.findall(r'<pre id="probe">(.*?)</pre>', dom, re.S) or [None])[-1]
    if not m:
        sys.exit("%s: the probe did not run (no <pre id=\"probe\">)" % dom_path)
    return json.loads(html.unescape(m))


def charts_drew(p):
    check(len(p["charts"]) >= 2, "expected the uptime chart and a compliance chart, got %d" % len(p["charts"]))
    for c in p["charts"]:
        check(c["width"] > 0 and c["height"] > 0 and c["bars"] > 0, "chart %s did not draw: %s" % (c["id"], c))
    check("charts-" not in p["text"], "the page shows self-check text")


def zero_bars(p):
    check(p["zero"], "no 0% compliance bar drawn")
    for z in p["zero"]:
        check(z["seen"] and z["height"] >= 2 and z["width"] > 0, "a 0%% bar a person cannot see: %s" % z)
    for n in p["noData"]:
        check(n["tag"] == "text" and n["text"] == "\u2013", "a no-data mark that looks like a bar: %s" % n)


def internal(p, report):
    charts_drew(p)
    zero_bars(p)
    check(p["noData"], "no period without tickets is marked")
    status = {a["customer"]: a["status"] for a in report["accounts"]}
    for bar in p["uptime"]:
        want = COLOURS[status[bar["customer"]]]
        check(bar["fill"] == want and bar["seen"], "%s is %s but its bar is %s" % (bar["customer"],
                                                                             status[bar["customer"]], bar["fill"]))
    met_but_red = [a["customer"] for a in report["accounts"]
                   if a["status"] == "red" and a["uptime"] and a["uptime"]["met"]]
    check(met_but_red, "the example needs an account red on tickets alone")
    shown = [b["customer"] for b in sorted(p["uptime"], key=lambda b: b["top"])]
    flagged = [f["customer"] for f in report["flags"]]
    check(shown[:len(flagged)] == flagged, "bars not in the order of Accounts to look at: %s vs %s"
          % (shown[:len(flagged)], flagged))
    rank = {"red": 0, "yellow": 1, "green": 2}
    ranks = [rank[status[c]] for c in shown]
    check(ranks == sorted(ranks), "red, yellow and green bars are mixed")


def customer(p, report):
    charts_drew(p)
    zero_bars(p)
    text = p["text"]
    words = re.findall(r"\b(green|yellow|red|enterprise|mid-market|standard)\b", text, re.I)
    check(not words, "the customer's page shows internal words: %s" % sorted(set(words)))
    check(not re.search(r"\(\d+/\d+\)|\b(update|initial|postmortem):", text), "the customer's page shows jargon")
    u = report["accounts"][0]["communications"]["update"]
    sentence = "Status updates sent on time: %d of %d" % (u["achieved"], u["achieved"] + u["breached"])
    check(sentence in text, "missing %r" % sentence)
    incidents = report.get("incidents", [])
    check(incidents and p["incidents"] == len(incidents),
          "%d incidents shown, %d in the report" % (p["incidents"], len(incidents)))


kind, dom_path, json_path = sys.argv[1:4]
probe, report = probe_of(dom_path), json.load(open(json_path, encoding="utf-8"))
(internal if kind == "internal" else customer)(probe, report)
for f in failures:
    print("%s page: %s" % (kind, f), file=sys.stderr)
print("%s page: %d charts, %d uptime bars, %d zero bars, %d no-data marks, %d incidents"
      % (kind, len(probe["charts"]), len(probe["uptime"]), len(probe["zero"]), len(probe["noData"]),
         probe["incidents"]))
sys.exit(1 if failures else 0)
