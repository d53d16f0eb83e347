#!/usr/bin/env python3
"""Runs Vow's own conformance scenarios (tests/conformance/scenarios/) against
a built `vow`:

    run-scenarios.py PATH/TO/vow [--only NAME] [--verbose]

A scenario is a folder with vow.toml, rules/, events.ndjson (ingested
first; several files events-*.ndjson are ingested in name order after it),
checks.json and WORKING.md, where the expected values are worked out by
hand from the spec. In vow.toml, @REPO@ stands for the repository (for the
templates it ships). checks.json is a list of
  {"args": [...], "expect": JSON, "exit": 0, "output_contains": [...]}
"expect" is compared with the JSON the command prints: an object must have
every expected key with an equal value (others are allowed), a list must
have exactly the expected items in order, numbers agree within 1e-9
relative. "exit" (default 0) is the expected exit code; "output_contains"
lists texts that standard output or error must contain.
"""
import argparse, glob, json, os, shutil, subprocess, sys, tempfile


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def compare(expected, actual, where, problems):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append("%s: expected an object, got %s" % (where, json.dumps(actual)))
            return
        for key, value in expected.items():
            if key not in actual:
                problems.append("%s.%s: missing" % (where, key))
            else:
                compare(value, actual[key], "%s.%s" % (where, key), problems)
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            problems.append("%s: expected a list, got %s" % (where, json.dumps(actual)))
            return
        for i in range(max(len(expected), len(actual))):
            if i >= len(expected):
                problems.append("%s[%d]: unexpected %s" % (where, i, json.dumps(actual[i])))
            elif i >= len(actual):
                problems.append("%s[%d]: missing %s" % (where, i, json.dumps(expected[i])))
            else:
                compare(expected[i], actual[i], "%s[%d]" % (where, i), problems)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        ok = isinstance(actual, (int, float)) and not isinstance(actual, bool) and \
            abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))
        if not ok:
            problems.append("%s: expected %s, got %s" % (where, json.dumps(expected), json.dumps(actual)))
    elif expected != actual or type(expected) != type(actual):
        problems.append("%s: expected %s, got %s" % (where, json.dumps(expected), json.dumps(actual)))


def run(vow, cfg, args):
    return subprocess.run([vow, "--config", cfg] + args, capture_output=True, text=True, timeout=300)


def scenario(vow, folder, verbose):
    name = os.path.basename(folder)
    if not os.path.isfile(os.path.join(folder, "WORKING.md")):
        print("FAIL %s: no WORKING.md with the hand computation beside the expected values" % name)
        return 0, 1
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, name)
        shutil.copytree(folder, work)
        cfg = os.path.join(work, "vow.toml")
        # @REPO@ names the repository, for what Vow ships (rules/templates).
        with open(cfg) as f:
            text = f.read()
        with open(cfg, "w") as f:
            f.write(text.replace("@REPO@", REPO))
        for events in sorted(glob.glob(os.path.join(work, "events*.ndjson"))):
            r = run(vow, cfg, ["ingest", events])
            if r.returncode != 0:
                print("FAIL %s: ingest %s exited %d: %s" % (name, os.path.basename(events), r.returncode,
                                                           (r.stderr + r.stdout).strip()[:800]))
                return 0, 1
        with open(os.path.join(folder, "checks.json")) as f:
            checks = json.load(f)
        for i, check in enumerate(checks):
            label = "%s #%d (vow %s)" % (name, i, " ".join(check["args"]))
            r = run(vow, cfg, check["args"])
            problems = []
            if r.returncode != check.get("exit", 0):
                problems.append("exit %d, expected %d: %s" % (r.returncode, check.get("exit", 0),
                                                              (r.stderr + r.stdout).strip()[:800]))
            for text in check.get("output_contains", []):
                if text not in r.stdout + r.stderr:
                    problems.append("output lacks %r: %s" % (text, (r.stderr + r.stdout).strip()[:800]))
            if "expect" in check and r.returncode == check.get("exit", 0):
                try:
                    compare(check["expect"], json.loads(r.stdout), "$", problems)
                except ValueError as e:
                    problems.append("output is not JSON (%s)" % e)
            if problems:
                failed += 1
                print("FAIL " + label)
                for p in problems[:12]:
                    print("     " + p)
            else:
                passed += 1
                if verbose:
                    print("ok   " + label)
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vow")
    ap.add_argument("--only")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
    total_passed = total_failed = 0
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if not os.path.isfile(os.path.join(folder, "checks.json")) or (a.only and a.only != name):
            continue
        p, f = scenario(os.path.abspath(a.vow), folder, a.verbose)
        total_passed += p
        total_failed += f
    print("%d passed, %d failed" % (total_passed, total_failed))
    sys.exit(1 if total_failed or not total_passed else 0)


if __name__ == "__main__":
    main()
