#!/usr/bin/env python3
"""A customer's page (GET /c/TOKEN) in a real browser: Debian's headless
Chromium loads it from a real `vow serve` over the example portfolio, under
the server's Content-Security-Policy. The page must load its style sheet
(nothing refused, nothing missing), show the customer's name and sections,
and print to PDF.

    serve_customer_chromium.py PATH/TO/vow SOURCE_DIR
"""
import os, shutil, signal, subprocess, sys, tempfile

TOKEN = "chromiumPageToken-0123456789abcdef"
CUSTOMER, NAME = "c042", "Vandelay Logistics 42"  # at 03:00 on 18 Nov: a ticket past its deadline, an incident


def main():
    vow, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    if not shutil.which("chromium"):
        sys.exit("chromium is not installed (scripts/install-deps installs it)")
    work = tempfile.mkdtemp(prefix="vow-customer-chromium-")
    try:
        check(vow, source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check(vow, source, work):
    folder = os.path.join(work, "examples", "portfolio")
    shutil.copytree(os.path.join(source, "examples", "portfolio"), folder)
    shutil.copytree(os.path.join(source, "rules"), os.path.join(work, "rules"))
    for f in os.listdir(folder):
        if f.startswith("vow.db"):
            os.remove(os.path.join(folder, f))
    subprocess.run(["python3", os.path.join(folder, "generate.py"), "--out", os.path.join(work, "e.ndjson")], check=True,
                   capture_output=True)
    config = os.path.join(folder, "vow.toml")
    with open(config, "a") as f:
        f.write('\n[serve]\nlisten = "127.0.0.1:0"\nclock = "2026-11-18T03:00:00Z"\n'
                '[[serve.customers]]\ncustomer = "%s"\ntoken = "%s"\n' % (CUSTOMER, TOKEN))
    subprocess.run([vow, "--config", config, "ingest", os.path.join(work, "e.ndjson")], check=True, capture_output=True)
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([vow, "--config", config, "serve"], stdout=subprocess.PIPE, stderr=log, text=True)
    failures = []
    try:
        line = server.stdout.readline()
        if "listening on http://" not in line:
            sys.exit("vow serve did not start: %r" % line)
        url = line.strip().split("listening on ", 1)[1] + "/c/" + TOKEN
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + os.path.join(work, "profile"), "--enable-logging=stderr", "--v=0",
                 "--virtual-time-budget=5000", "--window-size=1200,1600"]
        dom = subprocess.run(["chromium"] + flags + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
        console = "\n".join(l for l in dom.stderr.splitlines() if "CONSOLE" in l or "Refused" in l)
        for bad in ("Refused", "Failed to load resource", "Content Security Policy"):
            if bad in console:
                failures.append("the browser said %r: %s" % (bad, console[:500]))
        for want in (NAME, "Availability", "Open tickets", "T00198", "past its deadline", "Incidents this month",
                     "Service credits", 'href="/page.css"'):
            if want not in dom.stdout:
                failures.append("the rendered page lacks %r" % want)
        pdf = os.path.join(work, "page.pdf")
        subprocess.run(["chromium"] + flags + ["--print-to-pdf=" + pdf, url], capture_output=True, timeout=120)
        if not os.path.exists(pdf) or open(pdf, "rb").read(5) != b"%PDF-":
            failures.append("the page did not print to PDF")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if TOKEN in open(os.path.join(work, "serve.log")).read():
            failures.append("the token is in the server's log")
    for f in failures:
        print("FAIL " + f)
    print("customer page in chromium: %s" % ("ok" if not failures else "%d failed" % len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
