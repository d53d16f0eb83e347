#!/usr/bin/env python3
"""Start-up of `vow serve` on a ledger already ingested (docs/performance.md, issue 11).

    tests/bench/serve_startup.py DIR [--vow build/engine/vow] [--runs 3]

DIR is a workspace of tests/bench/gen.py whose ledger is ingested
(`vow --config DIR/vow.toml ingest DIR/events.ndjson`, not timed here). The
script writes DIR/serve.toml (DIR/vow.toml plus a [serve] section with two
tokens), then for each run launches `vow serve` and times, from the launch:
the `listening on` line, the first `GET /healthz` answered 200, and the first
`GET /v1/status` (read token) answered 200, asked as soon as /healthz
answers; then reads VmHWM and VmRSS from /proc/PID/status and stops the
server with SIGTERM. Last, the peer: `vow status --format json` on the same
ledger from the command line, under /usr/bin/time."""
import argparse, http.client, os, secrets, shutil, signal, socket, statistics, subprocess, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--vow", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "engine", "vow"))
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--as-of", help="asks /v1/status?as_of=THIS (default: the server's clock, now)")
ap.add_argument("--no-peer", action="store_true", help="skip the `vow status` command")
a = ap.parse_args()
vow = os.path.abspath(a.vow)
ws = os.path.abspath(a.dir)

read_token, ingest_token = secrets.token_hex(32), secrets.token_hex(32)
with open(os.path.join(ws, "vow.toml")) as f:
    base = f.read()
with open(os.path.join(ws, "serve.toml"), "w") as f:
    f.write(base.rstrip("\n") + "\n\n[serve]\nlisten = \"127.0.0.1:0\"\n"
            '[[serve.tokens]]\nname = "reader"\ntoken_env = "BENCH_READ_TOKEN"\nscopes = ["read"]\n'
            '[[serve.tokens]]\nname = "writer"\ntoken_env = "BENCH_INGEST_TOKEN"\nscopes = ["ingest"]\n')
status_path = "/v1/status" + ("?as_of=" + a.as_of if a.as_of else "")
env = dict(os.environ, BENCH_READ_TOKEN=read_token, BENCH_INGEST_TOKEN=ingest_token)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, token=None):
    """The status of one GET, or None when nothing listens yet."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        c.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, len(body)
    except (ConnectionRefusedError, ConnectionResetError):
        return None, 0


def proc_status(pid):
    got = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                got[k] = int(v.split()[0]) // 1024  # MiB
    return got


def one_run():
    port = free_port()
    t0 = time.monotonic()
    p = subprocess.Popen([vow, "--config", os.path.join(ws, "serve.toml"), "serve", "--listen", "127.0.0.1:%d" % port],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    listening = {}

    def watch():
        for line in p.stdout:
            if line.startswith("listening on") and "t" not in listening:
                listening["t"] = time.monotonic() - t0

    w = threading.Thread(target=watch, daemon=True)
    w.start()
    while True:  # /healthz every 5 ms until it answers
        status, _ = get(port, "/healthz")
        if status == 200:
            healthz = time.monotonic() - t0
            break
        if p.poll() is not None:
            raise SystemExit("vow serve exited with %d before answering" % p.returncode)
        time.sleep(0.005)
    status, size = get(port, status_path, read_token)
    first = time.monotonic() - t0
    if status != 200:
        raise SystemExit("GET /v1/status answered %s" % status)
    mem = proc_status(p.pid)
    t1 = time.monotonic()
    status, _ = get(port, status_path, read_token)
    second = time.monotonic() - t1
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60)
    w.join(timeout=5)
    return dict(listening=listening.get("t"), healthz=healthz, status=first, status_bytes=size,
                second_status=second, hwm=mem["VmHWM"], rss=mem["VmRSS"])


print("vow serve start-up, %s, %d runs (%s), GET %s" % (ws, a.runs, vow, status_path))
runs = []
for i in range(a.runs):
    r = one_run()
    runs.append(r)
    print("run %d: listening %.2f s, /healthz 200 at %.2f s, /v1/status 200 at %.2f s (%d bytes; again: %.2f s), "
          "VmHWM %d MiB, VmRSS %d MiB" % (i + 1, r["listening"], r["healthz"], r["status"], r["status_bytes"],
                                          r["second_status"], r["hwm"], r["rss"]), flush=True)
for k in ("listening", "healthz", "status", "second_status", "hwm", "rss"):
    v = [r[k] for r in runs]
    print("median %s: %s (min %s, max %s)" % (k, round(statistics.median(v), 2), round(min(v), 2), round(max(v), 2)))

if not a.no_peer and shutil.which("/usr/bin/time"):
    for i in range(a.runs):
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", vow, "--config", os.path.join(ws, "vow.toml"), "status",
                            "--format", "json"] + (["--as-of", a.as_of] if a.as_of else []), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall, kb = r.stderr.strip().splitlines()[-1].split()
        print("peer run %d: vow status --format json (exit %d): %s s, peak %d MiB" % (i + 1, r.returncode, wall,
                                                                                   int(kb) // 1024), flush=True)
