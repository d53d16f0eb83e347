#!/usr/bin/env python3
"""Event-to-alert latency of `vow serve` under load (docs/performance.md, issue 11).

    tests/bench/serve_latency.py [--vow build/engine/vow] [--dir DIR] [--rate 10000] [--batch 100]
                                 [--seconds 60] [--connections 8] [--alerting 1.0]

Makes (or reuses) DIR: 10,000 contracts of tests/bench/gen.py, an empty
ledger, and DIR/serve.toml: two tokens, the notify_webhook plugin pointed at
a sink on loopback, and a route of every `clock.*` alert to it. Then starts
three processes: the sink (build/tests/bench/vow_bench_sink, or this script
with --python-sink: answers 200 and writes down when each alert arrived),
`vow serve`, and
the load (this process: threads sending `POST /v1/events` of --batch events
each, --rate events a second in all, for --seconds, each POST on its own
connection since the server closes it after one request).

Each event opens a P1 ticket for a gold account (24x7, first response
within 1 h) dated 1 h 1 s (whole seconds) before it is sent, so the
ticket's response clock breached a second or so before it is sent and
`clock.breached:CUSTOMER:TICKET:response:1` exists as soon as the event is
stored (an alert whose instant is before the server first started on the
ledger is history and not delivered; one known over a minute after its
instant is marked late). With --alerting F < 1, the other
events open tickets dated now, whose clocks run (no alert within the run).
An alert is matched to its event by the ticket id, which names the POST;
its latency is the time the sink had its body whole minus the time the POST
began. Clocks: CLOCK_REALTIME of one machine, read by both processes.
DIR/latencies.txt lists each alert's POST (seconds into the load, its
latency, and its alert's after the POST began and after it was answered),
to see whether the tail is a few stalls or a slow path."""
import argparse, asyncio, http.client, json, os, random, re, resource, secrets, signal, socket, statistics, \
    subprocess, sys, threading, time

here = os.path.dirname(os.path.abspath(__file__))


# --- the sink ---------------------------------------------------------------------------------

def sink(port, out_path):
    """Answers every POST 200 (GET /count: how many so far) and writes `RECEIVED_NS ALERT_ID` for each; keeps connections open if asked."""
    out = open(out_path, "w", buffering=1 << 16)
    seen = [0]
    id_re = re.compile(rb'"id"\s*:\s*"([^"]*)"')

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                close = False
                for line in head.split(b"\r\n")[1:]:
                    k, _, v = line.partition(b":")
                    k = k.strip().lower()
                    if k == b"content-length":
                        length = int(v)
                    elif k == b"connection" and v.strip().lower() == b"close":
                        close = True
                body = await reader.readexactly(length) if length else b""
                now = time.time_ns()
                answer = b""
                if head.startswith(b"GET"):
                    answer = b"%d" % seen[0]
                else:
                    m = id_re.search(body)
                    out.write("%d %s\n" % (now, m.group(1).decode() if m else "?"))
                    seen[0] += 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n" % len(answer) +
                             (b"Connection: close\r\n\r\n" if close else b"\r\n") + answer)
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", port, backlog=1024)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        print("sink ready", flush=True)
        async with server:
            await stop.wait()
        out.flush()
        ru = resource.getrusage(resource.RUSAGE_SELF)
        out.write("# cpu %.3f\n" % (ru.ru_utime + ru.ru_stime))
        out.close()

    asyncio.run(main())


# --- the run ----------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values, p):
    """The p-th percentile, nearest rank."""
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(p / 100 * len(v) + 0.5)) - 1))] if v else float("nan")


def cpu_of(pid):
    """User + system seconds of a process and its children so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return sum(int(x) for x in fields[11:15]) / tick


def children_cpu(pid):
    """CPU seconds of the direct children of pid (the plugin hosts), alive now."""
    total = 0.0
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            kids = open("/proc/%d/task/%s/children" % (pid, task)).read().split()
        except OSError:
            continue
        for k in kids:
            try:
                total += cpu_of(int(k))
            except OSError:
                pass
    return total


def workspace(d, sink_port, read_token, ingest_token, plugin, kinds, slow_round_ms):
    if not os.path.exists(os.path.join(d, "rules", "contracts.lua")):
        subprocess.run([sys.executable, os.path.join(here, "gen.py"), "--accounts", "10000", "--events", "0", "--out",
                        d], check=True)
        open(os.path.join(d, "events.ndjson"), "w").close()  # gen.py writes one outage even for 0: not wanted
    for f in ("vow.db", "vow.db-wal", "vow.db-shm", "vow.db.snapshot"):
        if os.path.exists(os.path.join(d, f)):
            os.remove(os.path.join(d, f))  # each run starts from an empty ledger
    with open(os.path.join(d, "serve.toml"), "w") as f:
        f.write('[store]\npath = "vow.db"\n\n[rules]\npaths = ["rules"]\n\n'
                '[serve]\nlisten = "127.0.0.1:0"\nslow_round_ms = %d\n'
                '[[serve.tokens]]\nname = "reader"\ntoken = "%s"\nscopes = ["read"]\n'
                '[[serve.tokens]]\nname = "load"\ntoken = "%s"\nscopes = ["ingest"]\n'
                % (slow_round_ms, read_token, ingest_token))
        if plugin:  # a build before the lead's delivery loop knows no [[serve.routes]]
            f.write('[[serve.routes]]\nsinks = ["hook"]\nkinds = [\"%s\"]\n\n'
                    '[[plugins]]\nname = "hook"\nlibrary = "%s"\n[plugins.config]\nurl = "http://127.0.0.1:%d/alerts"\n'
                    % (kinds, plugin, sink_port))


def slow_rounds(log_path):
    """The `slow live round` warnings of vow serve's log."""
    rounds = []
    with open(log_path) as f:
        for line in f:
            if '"slow live round"' in line:
                rounds.append(json.loads(line))
    return rounds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--sink-out", help=argparse.SUPPRESS)
    ap.add_argument("--vow", default=os.path.join(here, "..", "..", "build", "engine", "vow"))
    ap.add_argument("--plugin", help="libvow_notify_webhook.so (default: beside --vow's build)")
    ap.add_argument("--dir", default="/tmp/vow-bench-latency")
    ap.add_argument("--rate", type=int, default=10000, help="events a second")
    ap.add_argument("--batch", type=int, default=100, help="events a POST")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--connections", type=int, default=8, help="threads sending POSTs")
    ap.add_argument("--alerting", type=float, default=1.0, help="the share of events that make an alert")
    ap.add_argument("--no-routes", action="store_true",
                    help="no plugin or route in serve.toml (for builds without alert delivery): POSTs only")
    ap.add_argument("--kinds", default="clock.breached",
                    help="the route's kinds: each event makes one clock.breached (and two clock.warning, at 80%% and 90%%)")
    ap.add_argument("--sink-bin", help="the C++ sink (default: build/tests/bench/vow_bench_sink beside --vow's build)")
    ap.add_argument("--python-sink", action="store_true", help="the asyncio sink of this script instead of the C++ one")
    ap.add_argument("--slow-round-ms", type=int, default=20,
                    help="serve.slow_round_ms: rounds this long are logged, and summed up at the end "
                         "(0: every round, with percentiles of each phase)")
    ap.add_argument("--drain", type=float, default=30, help="seconds to wait for alerts after the last POST")
    ap.add_argument("--scrape-every", type=float, default=0,
                    help="GET /metrics this often during the load, as Prometheus would (seconds; 0: never)")
    a = ap.parse_args()
    if a.sink:
        return sink(a.sink, a.sink_out)

    vow = os.path.abspath(a.vow)
    plugin = os.path.abspath(a.plugin or os.path.join(os.path.dirname(vow), "..", "plugins", "notify_webhook",
                                                      "libvow_notify_webhook.so"))
    d = os.path.abspath(a.dir)
    os.makedirs(d, exist_ok=True)
    read_token, ingest_token = secrets.token_hex(32), secrets.token_hex(32)
    sink_port = free_port()
    workspace(d, sink_port, read_token, ingest_token, None if a.no_routes else plugin, a.kinds, a.slow_round_ms)
    sink_out = os.path.join(d, "alerts.txt")
    sink_bin = os.path.abspath(a.sink_bin or os.path.join(os.path.dirname(vow), "..", "tests", "bench", "vow_bench_sink"))
    if a.python_sink or not os.path.exists(sink_bin):
        sink_cmd = [sys.executable, os.path.abspath(__file__), "--sink", str(sink_port), "--sink-out", sink_out]
    else:
        sink_cmd = [sink_bin, str(sink_port), sink_out]
    print("sink: %s" % " ".join(sink_cmd[:2]), flush=True)
    sink_p = subprocess.Popen(sink_cmd, stdout=subprocess.PIPE, text=True)
    assert sink_p.stdout.readline().strip() == "sink ready"
    log = open(os.path.join(d, "serve.log"), "w")
    server = subprocess.Popen([vow, "--config", os.path.join(d, "serve.toml"), "serve"], stdout=subprocess.PIPE,
                              stderr=log, text=True)
    line = server.stdout.readline()
    if not line.startswith("listening on"):
        sink_p.kill()
        raise SystemExit("vow serve did not start: see %s/serve.log" % d)
    port = int(line.rsplit(":", 1)[1])
    print("vow serve on port %d (pid %d), sink on %d, workspace %s" % (port, server.pid, sink_port, d), flush=True)

    # Gold accounts: gen.py gives every third contract the 24x7 gold tier (P1 response 1 h).
    gold = ["c%05d" % i for i in range(0, 10000, 3)]
    posts = int(a.rate * a.seconds) // a.batch
    interval = a.batch / a.rate
    run = "r%d" % (time.time() % 100000)
    sent = [0] * posts  # ns when POST k began
    done = [0] * posts  # ns when its answer was read
    status = [0] * posts
    alerting = [0] * posts
    nxt = [0]
    lock = threading.Lock()

    def stamp(t):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

    def body_of(k):
        now = time.time()
        rng = random.Random(k)
        lines = []
        n = 0
        for j in range(a.batch):
            breached = rng.random() < a.alerting
            n += breached
            t = "%s-%d-%d" % (run, k, j)
            lines.append('{"id":"%s:0","type":"ticket.opened","at":"%s","ticket":"%s","customer":"%s",'
                         '"priority":"P1"}' % (t, stamp(int(now) - 3601 if breached else now), t, rng.choice(gold)))
        return ("\n".join(lines) + "\n").encode(), n

    # The server delivers only alerts whose instant is after its first start on this ledger (serve/live.cpp),
    # and these are a second old when sent: the load begins a little later.
    start = time.time() + 2.5
    headers = {"Authorization": "Bearer " + ingest_token, "Content-Type": "application/x-ndjson"}

    def sender():
        while True:
            with lock:
                k = nxt[0]
                nxt[0] += 1
                if k >= posts:
                    return
            wait = start + k * interval - time.time()
            if wait > 0:
                time.sleep(wait)
            body, n = body_of(k)  # dated when it is sent (about 0.2 ms for 100 events)
            alerting[k] = n
            sent[k] = time.time_ns()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("POST", "/v1/events", body=body, headers=headers)
                r = c.getresponse()
                r.read()
                status[k] = r.status
                c.close()
            except OSError:
                status[k] = -1
            done[k] = time.time_ns()

    scrapes = []  # ms each /metrics took during the load
    loading = threading.Event()

    def scraper():
        while not loading.wait(a.scrape_every):
            began = time.time()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", "/metrics")
                c.getresponse().read()
                c.close()
                scrapes.append((time.time() - began) * 1000)
            except OSError:
                scrapes.append(float("nan"))

    server_cpu0 = cpu_of(server.pid)
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    threads = [threading.Thread(target=sender) for _ in range(a.connections)]
    if a.scrape_every > 0:
        threads.append(threading.Thread(target=scraper))
    for t in threads:
        t.start()
    for t in threads[:a.connections]:
        t.join()
    loading.set()
    for t in threads[a.connections:]:
        t.join()
    end = time.time()
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu_load = cpu_of(server.pid) - server_cpu0
    hosts_cpu_load = children_cpu(server.pid)
    expected = sum(alerting)

    # Wait for the alerts still on their way: until all came, or none came for 5 s, or --drain passed.
    def count():
        c = http.client.HTTPConnection("127.0.0.1", sink_port, timeout=10)
        c.request("GET", "/count", headers={"Connection": "close"})
        n = int(c.getresponse().read())
        c.close()
        return n

    last, still = -1, time.time()
    while time.time() < end + a.drain:
        n = count()
        if n >= expected:
            break
        if n != last:
            last, still = n, time.time()
        elif time.time() - still > 5:
            break
        time.sleep(0.5)
    server_cpu = cpu_of(server.pid) - server_cpu0
    hosts_cpu = children_cpu(server.pid)
    with open("/proc/%d/status" % server.pid) as f:
        mem = {k: int(v.split()[0]) // 1024 for k, _, v in (l.partition(":") for l in f) if k in ("VmHWM", "VmRSS")}
    # The server's own measure, from a body's arrival to the alert handed to its sink (issue 11's definition).
    buckets = []
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/metrics")
        for line in c.getresponse().read().decode().splitlines():
            m = re.match(r'vow_event_to_alert_seconds_bucket\{le="([^"]+)"\} (\S+)', line)
            if m:
                buckets.append((float(m.group(1)), float(m.group(2))))
        c.close()
    except OSError:
        pass
    sink_p.send_signal(signal.SIGTERM)
    sink_p.wait(timeout=60)
    server.send_signal(signal.SIGTERM)
    stop_began = time.time()
    try:
        server.wait(timeout=60)
        stopped = "vow serve stopped %.1f s after SIGTERM" % (time.time() - stop_began)
    except subprocess.TimeoutExpired:  # a delivery round under way is finished first
        server.kill()
        server.wait()
        stopped = "vow serve had not stopped 60 s after SIGTERM: killed"

    got = {}
    sink_cpu = float("nan")
    kinds = {}
    with open(sink_out) as f:
        for line in f:
            if line.startswith("# cpu"):
                sink_cpu = float(line.split()[2])
                continue
            ns, aid = line.split(" ", 1)
            aid = aid.strip()
            parts = aid.split(":")
            kinds[parts[0]] = kinds.get(parts[0], 0) + 1
            if parts[0] == "clock.breached" and len(parts) >= 3 and parts[2].startswith(run + "-"):
                k = int(parts[2].split("-")[1])
                got.setdefault(aid, (int(ns), k))  # a repeat delivery is not a new alert
    lat = [(ns - sent[k]) / 1e6 for ns, k in got.values()]
    # Each alert's POST: when it began, how long it took, and when its alert came (for looking at the tail).
    with open(os.path.join(d, "latencies.txt"), "w") as f:
        f.write("# post_began_s post_ms alert_after_began_ms alert_after_answer_ms\n")
        for ns, k in sorted(got.values(), key=lambda v: sent[v[1]]):
            f.write("%.6f %.3f %.3f %.3f\n" % ((sent[k] - sent[0]) / 1e9, (done[k] - sent[k]) / 1e6, (ns - sent[k]) / 1e6,
                                               (ns - done[k]) / 1e6))
    after_answer = [(ns - done[k]) / 1e6 for ns, k in got.values()]
    post = [(done[k] - sent[k]) / 1e6 for k in range(posts) if status[k] == 200]
    ok = sum(1 for s in status if s == 200)
    span = (max(done) - min(sent)) / 1e9
    late = [max(0, (sent[k] / 1e9) - (start + k * interval)) * 1000 for k in range(posts)]

    print("load: %d POSTs of %d events (%d events, %.1f%% alerting) in %.2f s over %d connections: "
          "%.0f events/s achieved (asked %d); %d answered 200, %d not" %
          (posts, a.batch, posts * a.batch, 100 * a.alerting, span, a.connections, ok * a.batch / span, a.rate, ok,
           posts - ok))
    print("POST latency (begin to answer read): p50 %.1f ms, p99 %.1f ms, max %.1f ms; sent behind schedule: "
          "p50 %.1f ms, max %.1f ms" % (pct(post, 50), pct(post, 99), max(post) if post else float("nan"),
                                         pct(late, 50), max(late)))
    print("alerts: %d of %d expected arrived at the sink (all kinds seen: %s)" % (len(got), expected, kinds))
    if scrapes:
        print("/metrics during the load: %d scrapes, each %s ms" % (len(scrapes), " / ".join("%.0f" % x for x in scrapes)))
    if lat:
        print("event-to-alert (POST began to alert at the sink): p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
              "%.2f%% within 10 ms" % (pct(lat, 50), pct(lat, 99), max(lat), 100 * sum(x <= 10 for x in lat) / len(lat)))
        print("answer-to-alert (POST answered to alert at the sink): p50 %.1f ms, p99 %.1f ms, max %.1f ms" %
              (pct(after_answer, 50), pct(after_answer, 99), max(after_answer)))
    if buckets and buckets[-1][1] > 0:
        total = buckets[-1][1]

        def bucket_of(q):  # the smallest bucket bound holding the q-th share
            return next(le for le, n in buckets if n >= q * total)
        under10 = next(n for le, n in buckets if le == 0.01)
        print("event-to-alert inside the server (vow_event_to_alert_seconds: body arrived to alert handed to the "
              "sink): %d alerts, %.2f%% within 10 ms; p50 within %g ms, p99 within %g ms"
              % (total, 100 * under10 / total, 1000 * bucket_of(0.5), 1000 * bucket_of(0.99)))
    gen_cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    print("CPU during the load (%.1f s): vow serve %.1f s (%.0f%% of a core) + its plugin hosts %.1f s, "
          "generator %.1f s (%.0f%%); sink %.1f s over the whole run; vow serve VmHWM %d MiB, VmRSS %d MiB at the end" %
          (span, server_cpu_load, 100 * server_cpu_load / span, hosts_cpu_load, gen_cpu, 100 * gen_cpu / span,
           sink_cpu, mem.get("VmHWM", 0), mem.get("VmRSS", 0)))
    slow = slow_rounds(os.path.join(d, "serve.log"))
    if slow:
        for r in slow:  # a build before the split of the round's phases
            r.setdefault("waiting_ms", float("nan"))
            r.setdefault("delivering_ms", r.get("delivering_and_looking_ahead_ms", float("nan")))
            r.setdefault("looking_ahead_ms", float("nan"))
        worst = max(slow, key=lambda r: r["ms"])
        print("slow live rounds (%d ms or more): %d, the longest %.1f ms (waiting %.1f before it; reading %.1f, "
              "evaluating %.1f, delivering %.1f, looking ahead %.1f; %s events)"
              % (a.slow_round_ms, len(slow), worst["ms"], worst["waiting_ms"], worst["reading_ms"],
                 worst["evaluating_ms"], worst["delivering_ms"], worst["looking_ahead_ms"], worst["events"]))
        if a.slow_round_ms == 0:  # every round logged: where a round's time goes
            for k in ("waiting_ms", "reading_ms", "evaluating_ms", "delivering_ms", "looking_ahead_ms", "ms"):
                v = sorted(r[k] for r in slow if r[k] == r[k])  # not an old build's NaN
                if not v:
                    continue
                print("  rounds' %-16s p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f" % (k, pct(v, 50), pct(v, 90),
                                                                                      pct(v, 99), v[-1]))
    else:
        print("slow live rounds (%d ms or more): none" % a.slow_round_ms)
    print("after the drain: vow serve %.1f s CPU in all, plugin hosts %.1f s; %s" % (server_cpu, hosts_cpu, stopped))
    with open(os.path.join(d, "result.json"), "w") as f:
        json.dump(dict(args=vars(a), posts=posts, ok=ok, span=span, expected=expected, arrived=len(got),
                       post_ms=[pct(post, 50), pct(post, 99)], latency_ms=[pct(lat, 50), pct(lat, 99),
                                                                            max(lat) if lat else None]), f)


if __name__ == "__main__":
    main()
