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
import os
import re
import shutil
import subprocess
import sys
import tempfile

COMMANDS = ["check", "ingest", "import", "pull", "report", "credits", "draft", "status", "alerts", "backtest"]
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


def checkout(vow, source, build, work):
    for folder in ["examples", "rules"]:
        shutil.copytree(os.path.join(source, folder), os.path.join(work, folder),
                        ignore=shutil.ignore_patterns("*.db", "*.db-*", "events.ndjson"))
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
    credits = option_help(help_text(vow, "credits", work, env), "--period") or ""
    if "YYYY-Q" in credits or "quarter" in credits:
        fail("vow credits --help offers quarters, which credits refuse (they are monthly): " + credits.strip())


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
