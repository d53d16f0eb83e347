#!/usr/bin/env python3
"""The examples users are given run as written, from the checkout after
./scripts/setup: every `vow ... --help` example, every --period and --format
value a command's help offers, the README's "Using it" block and the `$ vow`
lines of docs/cli.md.

usage: help_examples.py VOW SOURCE_DIR BUILD_DIR

It works in a scratch copy of the checkout's examples/ and rules/, made as
scripts/setup makes them, with build/engine/vow the binary under test and
build/plugins the build's plugins.
"""
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

COMMANDS = ["check", "ingest", "import", "pull", "report", "credits", "draft", "status", "alerts", "backtest", "test", "import-slo"]
FORMATS = ["json", "md", "csv", "html", "text"]
PERIODS = {"YYYY-MM": "2026-10", "YYYY-Qn": "2026-Q4"}

failures = []


def fail(what):
    failures.append(what)
    print("FAIL: " + what, file=sys.stderr)


def run(line, cwd, env):
    r = subprocess.run(["bash", "-c", line], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=600)
    return r.returncode, r.stderr.strip()


def expect_ok(what, line, cwd, env):
    code, err = run(line, cwd, env)
    if code != 0:
        fail("%s: `%s` exits %d: %s" % (what, line, code, err[-400:]))
    else:
        print("ok: " + line)


def generated(folder, names):
    """What a checkout does not have: ledgers, and the portfolio's generated
    events (a contract test's own events.ndjson is source)."""
    out = [n for n in names if n.endswith(".db") or ".db-" in n]
    if os.path.basename(folder) == "portfolio" and "events.ndjson" in names:
        out.append("events.ndjson")
    return out


def checkout(vow, source, build, work):
    for folder in ["examples", "rules"]:
        shutil.copytree(os.path.join(source, folder), os.path.join(work, folder), ignore=generated)
    os.makedirs(os.path.join(work, "build", "engine"))
    os.symlink(os.path.abspath(vow), os.path.join(work, "build", "engine", "vow"))
    os.symlink(os.path.join(build, "plugins"), os.path.join(work, "build", "plugins"))
    os.makedirs(os.path.join(work, "bin"))
    os.symlink(os.path.abspath(vow), os.path.join(work, "bin", "vow"))
    # What scripts/setup does after building.
    events = "examples/portfolio/events.ndjson"
    subprocess.run(["python3", "examples/portfolio/generate.py", "--out", events], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([vow, "--config", "examples/portfolio/vow.toml", "ingest", events], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)


def help_text(vow, command, cwd, env):
    args = [vow] + ([command] if command else []) + ["--help"]
    return subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, text=True, check=True).stdout


def examples_of(text):
    found = []
    for line in text.splitlines():
        m = re.match(r"^\s*(?:Examples?[^:]*:)?\s*(vow .*)$", line)
        if m and not line.startswith("Usage:"):
            found.append(m.group(1).split(" # ")[0].strip())
    return found


def option_help(text, option):
    for line in text.splitlines():
        if re.match(r"^\s*" + re.escape(option) + r"\b", line):
            return line
    return None


def with_option(example, option, value):
    if re.search(r"(^|\s)" + re.escape(option) + r"\s", example):
        return re.sub(re.escape(option) + r"\s+\S+", option + " " + value, example)
    return example + " " + option + " " + value


def check_helps(vow, work, env):
    for command in [None] + COMMANDS:
        name = "vow " + command if command else "vow"
        text = help_text(vow, command, work, env)
        examples = examples_of(text)
        own = [e for e in examples if command is None or (" " + command + " ") in (e + " ")]
        if not own:
            fail("%s --help: no example of the command" % name)
            continue
        for example in examples:
            expect_ok(name + " --help example", example, work, env)
        base = own[0]
        periods = option_help(text, "--period")
        if periods and command != "draft":
            offered = [v for k, v in PERIODS.items() if k in periods]
            if not offered:
                fail("%s --help: --period offers no YYYY-MM or YYYY-Qn: %s" % (name, periods.strip()))
            for value in offered:
                expect_ok(name + " --help offers --period " + value, with_option(base, "--period", value), work, env)
        formats = option_help(text, "--format")
        if formats:
            described = formats.split("--format", 1)[1]
            for value in [f for f in FORMATS if re.search(r"\b" + f + r"\b", described)]:
                line = with_option(base, "--format", value)
                if value == "html" and "--output" not in line:
                    line += " --output page.html"
                expect_ok(name + " --help offers --format " + value, line, work, env)


def http(url, token=None, data=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def check_serve(vow, work, env):
    """vow serve --help's example, on a free port (8080 may be taken on a
    shared machine), with the requests its curl lines make."""
    text = help_text(vow, "serve", work, env)
    examples = [e for e in examples_of(text) if " serve" in e]
    if not examples:
        fail("vow serve --help: no example of the command")
        return
    line = re.sub(r"--listen \S+", "--listen 127.0.0.1:0", examples[0])
    tokens = {"VOW_READ_TOKEN": "read-" + "0" * 32, "VOW_INGEST_TOKEN": "ingest-" + "1" * 32}
    p = subprocess.Popen(["bash", "-c", "exec " + line], cwd=work, env=dict(env, **tokens), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([p.stdout], [], [], 60)
        said = p.stdout.readline() if ready else ""
        m = re.match(r"listening on (http://\S+)", said)
        if not m:
            fail("vow serve --help example `%s` did not say where it listens: %r" % (line, said))
            return
        url = m.group(1)
        for path in ["/v1/status", "/v1/report?period=2026-10", "/v1/credits?period=2026-10", "/v1/alerts"]:
            code, body = http(url + path, tokens["VOW_READ_TOKEN"])
            if code != 200:
                fail("vow serve --help example: GET %s: %d %s" % (path, code, body[:200]))
        with open(os.path.join(work, "examples", "portfolio", "events.ndjson"), "rb") as f:
            code, body = http(url + "/v1/events", tokens["VOW_INGEST_TOKEN"], f.read())
        if code != 200 or json.loads(body).get("new") != 0:
            fail("vow serve --help example: POST the portfolio's events again: %d %s" % (code, body[:200]))
        for path in ["/healthz", "/metrics"]:
            code, body = http(url + path)
            if code != 200:
                fail("vow serve --help example: GET %s without a token: %d" % (path, code))
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=60)
        if rc != 0:
            fail("vow serve --help example: exit %d after SIGTERM" % rc)
        else:
            print("ok: " + line)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def code_block(path, heading):
    text = open(path, encoding="utf-8").read()
    section = text.split(heading, 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def main():
    vow, source, build = sys.argv[1:4]
    vow = os.path.abspath(vow)
    work = tempfile.mkdtemp(prefix="vow-help-")
    try:
        checkout(vow, source, os.path.abspath(build), work)
        env = dict(os.environ)
        env.pop("VOW_CONFIG", None)
        env_help = dict(env, PATH=os.path.join(work, "bin") + os.pathsep + env.get("PATH", ""))
        check_helps(vow, work, env_help)
        check_serve(vow, work, env_help)
        readme = code_block(os.path.join(source, "README.md"), "## Using it")
        if not readme:
            fail("README.md: no sh block under \"Using it\"")
        for line in readme:
            expect_ok("README.md \"Using it\"", line, work, env)
        # docs/cli.md shows sessions run with the example portfolio's config.
        env_docs = dict(env_help, VOW_CONFIG="examples/portfolio/vow.toml")
        with open(os.path.join(source, "docs", "cli.md"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("$ vow "):
                    expect_ok("docs/cli.md", line[2:].strip(), work, env_docs)
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("%d examples do not run as written" % len(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
