#!/usr/bin/env python3
"""The hostile-request catalogue against a real `vow serve` on loopback
(issue 11, "Security"): malformed and hostile requests never crash the
server, never change the ledger, and never leak a token into its logs;
concurrent writers all land, once each.

    serve_hostile.py PATH/TO/vow

Each case prints `ok NAME` or `FAIL NAME: why`; the exit code is 1 when any
failed. The server is started by this script and stopped with SIGTERM,
which must end it with exit 0.
"""
import http.client, json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time

READ = "read-token-0123456789abcdef"
INGEST = "ingest-token-0123456789abcdef"
BOTH = "both-token-0123456789abcdef0"
PAGE = "acme-page-0123456789abcdef"
MAX_BODY = 65536
failures = []


def check(name, ok, why=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + why))
    if not ok:
        failures.append(name)


def event(i, at="2026-10-05T08:00:00Z"):
    return json.dumps({"id": "e-%d" % i, "type": "ticket.opened", "at": at, "ticket": "T-%d" % i,
                       "customer": "acme", "priority": "P1"})


class Server:
    def __init__(self, vow, folder):
        self.vow, self.folder = vow, folder
        self.log = open(os.path.join(folder, "serve.log"), "w+")
        self.proc = subprocess.Popen([vow, "--config", os.path.join(folder, "vow.toml"), "serve"],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if "listening on http://" not in line:
            raise SystemExit("vow serve did not start: %r" % line)
        hostport = line.strip().split("http://", 1)[1]
        self.host, self.port = hostport.rsplit(":", 1)[0], int(hostport.rsplit(":", 1)[1])

    def request(self, method, path, body=None, token=None, headers=None, timeout=10):
        c = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data.decode("utf-8", "replace")

    def raw(self, data, timeout=5):
        """Sends raw bytes; returns what came back before the server closed (or the timeout)."""
        s = socket.create_connection((self.host, self.port), timeout=timeout)
        got = b""
        try:
            s.sendall(data)
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
        except (socket.timeout, ConnectionResetError, BrokenPipeError):
            pass
        finally:
            s.close()
        return got.decode("latin-1")

    def alive(self):
        try:
            return self.proc.poll() is None and self.request("GET", "/healthz", timeout=5)[0] == 200
        except OSError:
            return False


def export(vow, folder):
    r = subprocess.run([vow, "--config", os.path.join(folder, "vow.toml"), "export"], capture_output=True, text=True)
    return r.stdout


def main():
    vow = os.path.abspath(sys.argv[1])
    folder = tempfile.mkdtemp(prefix="vow-hostile-")
    os.makedirs(os.path.join(folder, "rules"))
    with open(os.path.join(folder, "rules", "acme.lua"), "w") as f:
        f.write('contract "acme" { name = "Acme Corp", monthly_fee = 100, response = { P1 = hours(1) } }\n'
                'contract "globex" { name = "Globex", monthly_fee = 100 }\n')
    with open(os.path.join(folder, "vow.toml"), "w") as f:
        f.write('[store]\npath = "vow.db"\n[rules]\npaths = ["rules"]\n'
                '[serve]\nlisten = "127.0.0.1:0"\nmax_body = %d\nread_timeout_seconds = 2\n'
                'clock = "2026-10-20T00:00:00Z"\n'
                'rate_limit = { requests_per_second = 100, burst = 300 }\n'
                '[[serve.tokens]]\nname = "reader"\ntoken = "%s"\nscopes = ["read"]\n'
                '[[serve.tokens]]\nname = "collector"\ntoken = "%s"\nscopes = ["ingest"]\n'
                '[[serve.tokens]]\nname = "both"\ntoken = "%s"\nscopes = ["ingest", "read"]\n'
                '[[serve.customers]]\ncustomer = "acme"\ntoken = "%s"\n'
                % (MAX_BODY, READ, INGEST, BOTH, PAGE))
    with open(os.path.join(folder, "seed.ndjson"), "w") as f:
        f.write(event(0) + "\n")
    subprocess.run([vow, "--config", os.path.join(folder, "vow.toml"), "ingest", os.path.join(folder, "seed.ndjson")],
                   check=True, capture_output=True)
    before = export(vow, folder)
    server = Server(vow, folder)
    try:
        catalogue(server)
        check("the ledger is unchanged by every hostile request", export(vow, folder) == before)
        writers(server, vow, folder)
    finally:
        server.proc.send_signal(signal.SIGTERM)
        try:
            code = server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            code = "hung"
        check("SIGTERM stops it with exit 0", code == 0, "exit %s" % code)
        server.log.seek(0)
        logs = server.log.read()
        check("no token in its logs", all(t not in logs for t in (READ, INGEST, BOTH, PAGE)))
        check("its logs are JSON lines", all(json.loads(l) is not None for l in logs.splitlines() if l.strip()),
              logs[:300])
        shutil.rmtree(folder, ignore_errors=True)
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


def catalogue(s):
    # Tokens.
    check("no token: 401", s.request("GET", "/v1/status")[0] == 401)
    check("unknown token: 401", s.request("GET", "/v1/status", token="x" * 27)[0] == 401)
    check("a token's prefix: 401", s.request("GET", "/v1/status", token=READ[:-1])[0] == 401)
    check("a token with more after it: 401", s.request("GET", "/v1/status", token=READ + "x")[0] == 401)
    check("Basic instead of Bearer: 401",
          s.request("GET", "/v1/status", headers={"Authorization": "Basic " + READ})[0] == 401)
    check("read token posting: 403", s.request("POST", "/v1/events", body=event(1), token=READ)[0] == 403)
    check("ingest token reading: 403", s.request("GET", "/v1/status", token=INGEST)[0] == 403)
    check("no token on a public endpoint: 200", s.request("GET", "/healthz")[0] == 200)
    # Bodies.
    st, body = s.request("POST", "/v1/events", body="{not json}\n", token=INGEST)
    check("bad JSON: 400 naming the line", st == 400 and "1:" in body, "%d %s" % (st, body[:200]))
    st, body = s.request("POST", "/v1/events", body=event(2) + "\n" + '{"id":"x","type":"nope"}\n', token=INGEST)
    check("one bad line of two: 400, nothing stored", st == 400 and "2:" in body, "%d %s" % (st, body[:200]))
    st, _ = s.request("POST", "/v1/events", body=b"\xff\xfe\xfd\n", token=INGEST)
    check("invalid UTF-8: 400", st == 400, str(st))
    st, _ = s.request("POST", "/v1/events", body=b"x" * (MAX_BODY + 1), token=INGEST)
    check("a body past max_body: 413", st == 413, str(st))
    st = s.raw(b"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + INGEST.encode() +
               b"\r\nTransfer-Encoding: chunked\r\n\r\n" + (b"8000\r\n" + b"y" * 0x8000 + b"\r\n") * 3 + b"0\r\n\r\n")
    check("a chunked body past max_body: 413", " 413 " in st.split("\r\n", 1)[0], st[:100])
    # Headers and request lines.
    st = s.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
    check("a 200 KB header is refused", not st.startswith("HTTP/1.1 200"), st[:100])
    st = s.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(20000)) + b"\r\n")
    check("20,000 headers are refused", not st.startswith("HTTP/1.1 200"), st[:100])
    for name, data in [("binary garbage", b"\x00\x01\x02\x03\r\n\r\n"), ("an unknown method", b"BREW /pot HTTP/1.1\r\n\r\n"),
                       ("HTTP/9.9", b"GET /healthz HTTP/9.9\r\n\r\n"), ("nothing at all", b""),
                       ("a request line of 100 KB", b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n")]:
        s.raw(data, timeout=3)
        check("%s leaves it serving" % name, s.alive())
    # Paths.
    for path in ["/c/..%2F..%2Fetc%2Fpasswd", "/c/../../etc/passwd", "/c/%2e%2e/vow.db", "/v1/hooks/..%2Fvow.db",
                 "/v1/hooks/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/v1/hooks/../../vow.toml", "/../vow.toml",
                 "/v1/events/../../vow.db", "/%00", "/c/" + "a" * 5000]:
        try:
            st, body = s.request("GET", path, token=READ)
        except (http.client.HTTPException, OSError) as e:
            st, body = 0, str(e)
        check("GET %s reveals no file" % path[:40],
              st != 200 and "root:" not in body and "[store]" not in body and "SQLite" not in body, "%d %s" % (st, body[:100]))
    # Query parameters.
    for q in ["/v1/report?period=2026-13", "/v1/report?period=", "/v1/alerts?since=yesterday",
              "/v1/status?as_of=2026-02-30T00:00:00Z", "/v1/status?customer=nobody", "/v1/credits?period=%ff"]:
        st, body = s.request("GET", q, token=READ)
        check("GET %s: 4xx with a message" % q, 400 <= st < 500 and body.strip() != "", "%d %s" % (st, body[:100]))
    # The test clock and drafts.
    for body, why in [("soon", "not an instant"), ("2026-10-19T00:00:00Z", "backwards"), ("\x00" * 100, "NUL bytes"),
                      ("2026-10-20T00:00:00Z" * 1000, "an instant repeated")]:
        st, text = s.request("POST", "/v1/clock", body=body.encode("utf-8", "replace"), token=INGEST)
        check("POST /v1/clock %s: 400 with a sentence" % why, st == 400 and text.strip() != "", "%d %s" % (st, text[:100]))
    check("POST /v1/clock with a read token: 403", s.request("POST", "/v1/clock", body=b"2026-10-21T00:00:00Z",
                                                            token=READ)[0] == 403)
    for q in ["/v1/drafts/initial?incident=/etc/passwd&outage=o&customer=acme", "/v1/drafts/..%2F..%2Fetc%2Fpasswd",
              "/v1/drafts/initial?outage=%00&customer=acme", "/v1/drafts/" + "a" * 5000]:
        st, body = s.request("GET", q, token=READ)
        check("GET %s: 4xx, no file" % q[:50], 400 <= st < 500 and "root:" not in body, "%d %s" % (st, body[:100]))
    # Followers of the alert stream each hold a thread: past 16, 503; closing them frees their places.
    followers = []
    for _ in range(18):
        c = socket.create_connection((s.host, s.port), timeout=5)
        c.sendall(("GET /v1/alerts/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n" % READ).encode())
        followers.append(c)
    heads = []
    for c in followers:
        try:
            heads.append(c.recv(200).decode("latin-1").split("\r\n", 1)[0])
        except OSError as e:
            heads.append(str(e))
    check("16 follow the stream, the others are told 503",
          heads.count("HTTP/1.1 200 OK") == 16 and heads.count("HTTP/1.1 503 Service Unavailable") == 2, repr(heads))
    check("with 16 followers it still answers", s.alive())
    for c in followers:
        c.close()
    time.sleep(16)  # a follower's going is seen at its next write: the keep-alive comment, every 15 s
    c = socket.create_connection((s.host, s.port), timeout=5)
    c.sendall(("GET /v1/alerts/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n" % READ).encode())
    head = c.recv(200).decode("latin-1").split("\r\n", 1)[0]
    c.close()
    check("closed followers free their places", head == "HTTP/1.1 200 OK", head)
    # Slow clients: a slowloris per worker thread, while a normal request still gets its answer.
    slow = []
    for _ in range(16):
        c = socket.create_connection((s.host, s.port), timeout=10)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        slow.append(c)
    start = time.time()
    ok = s.alive()
    check("16 slow clients do not keep others waiting past the read timeout", ok and time.time() - start < 6,
          "%.1f s" % (time.time() - start))
    time.sleep(3)
    closed = 0
    for c in slow:
        try:
            c.sendall(b"X-More: 1\r\n")
            c.settimeout(2)
            closed += c.recv(100) == b"" or True
        except OSError:
            closed += 1
        c.close()
    check("slow clients are dropped after the read timeout", closed == 16)
    customer_pages(s)
    flood(s)
    check("it still serves after the catalogue", s.alive())


def customer_pages(s):
    st, page = s.request("GET", "/c/" + PAGE)
    check("the customer's page: 200, its name, no other customer", st == 200 and "Acme Corp" in page and
          "Globex" not in page and "globex" not in page, "%d %s" % (st, page[:200]))
    _, missing = s.request("GET", "/c/" + "z" * 26)
    paths = ["/c/../v1/status", "/c/..%2Fv1%2Fstatus", "/c/%2e%2e/", "/c/%2e%2e/v1/status", "/c/.", "/c/..",
             "/c/" + PAGE + "/../../v1/status", "/c/" + PAGE + "%2F..%2F..%2Fv1%2Fstatus", "/c/" + PAGE + "%00",
             "/c/%00" + PAGE, "/c/" + PAGE[:-1] + "%00", "/c/" + "a" * 8000, "/c/" + PAGE * 200,
             "/c/%E2%82%AC%F0%9F%98%80" + PAGE, "/c/%ff%fe", "/c/" + PAGE.upper(), "/c//" + PAGE,
             "/c/%20" + PAGE, "/c/" + PAGE + "?x=1#y", "/C/" + PAGE, "/c/" + READ, "/c/*"]
    for path in paths:
        for token in (None, READ, PAGE):
            try:
                st, body = s.request("GET", path, token=token)
            except (http.client.HTTPException, OSError) as e:
                st, body = 0, str(e)
            opened = st == 200 and ("Acme Corp" in body or '"clocks"' in body or '"accounts"' in body)
            # Only the page's own address opens it; a query string is not part of the path.
            if path == "/c/" + PAGE + "?x=1#y":
                check("GET %s opens only the page" % path[:60], st == 200 and "Acme Corp" in body, str(st))
                continue
            check("GET %s (token %s) opens nothing" % (path[:60], "none" if token is None else token[:4]),
                  not opened and st != 500 and "root:" not in body, "%d %s" % (st, body[:100]))
            if st == 404 and path.startswith("/c/") and "\n" not in path:
                check("GET %s: the neutral 404" % path[:60], body == missing, body[:100])
    st, _ = s.request("GET", "/v1/status", token=PAGE)
    check("the customer's token on /v1/status: 401", st == 401, str(st))
    st, _ = s.request("POST", "/v1/events", body=event(3), token=PAGE)
    check("the customer's token posting: 401", st == 401, str(st))
    st = s.raw(b"GET /c/" + PAGE.encode() + b"\x00\xff HTTP/1.1\r\nHost: x\r\n\r\n")
    check("a raw NUL and a bad byte in /c/ leave it serving", " 200 " not in st.split("\r\n", 1)[0] and s.alive(),
          st[:100])


def flood(s):
    """More requests than serve.rate_limit allows from one address: 429 with
    Retry-After, nothing stored, and the server answers again once it waits."""
    statuses, lock = [], threading.Lock()

    def send(n):
        for i in range(n):
            try:
                # Bodies that would be refused anyway, and guesses at a page: cheap to answer, stored nowhere.
                st, _ = s.request("POST" if i % 2 else "GET", "/v1/events" if i % 2 else "/c/guess-%020d" % i,
                                  body="{not json}\n" if i % 2 else None, token=INGEST if i % 2 else None,
                                  timeout=10)
            except OSError:
                st = 0
            with lock:
                statuses.append(st)

    threads = [threading.Thread(target=send, args=(150,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = statuses.count(429)
    check("a flood of 1,200 requests is partly refused with 429", refused > 0,
          "statuses %s" % {k: statuses.count(k) for k in set(statuses)})
    check("the flood never gets a 5xx or a dropped connection", all(0 < st < 500 for st in statuses),
          "statuses %s" % {k: statuses.count(k) for k in set(statuses)})
    c = http.client.HTTPConnection(s.host, s.port, timeout=5)
    c.request("GET", "/healthz")
    r = c.getresponse()
    body = r.read().decode()
    retry = r.getheader("Retry-After")
    c.close()
    if r.status == 429:
        check("a 429 says when to come back, in a sentence", retry is not None and retry.isdigit() and
              "serve.rate_limit" in body, "%s %s" % (retry, body))
    time.sleep(4)  # the bucket refills
    check("after the flood it answers again", s.alive())


def writers(s, vow, folder):
    # 8 writers, 25 posts each of 20 events; ids overlap between writers with
    # the same content, so each event is stored once whoever came first.
    errors = []

    def post(w):
        for k in range(25):
            lines = "".join(event(1000 + (w % 4) * 1000 + k * 20 + j) + "\n" for j in range(20))
            try:
                st, body = s.request("POST", "/v1/events", body=lines, token=BOTH, timeout=30)
                if st != 200:
                    errors.append("%d %s" % (st, body[:100]))
            except OSError as e:
                errors.append(str(e))

    threads = [threading.Thread(target=post, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("8 concurrent writers: every post 200", not errors, "; ".join(errors[:3]))
    stored = [l for l in export(vow, folder).splitlines() if l.strip()]
    check("8 concurrent writers: each event stored once", len(stored) == 1 + 4 * 25 * 20, "%d stored" % len(stored))
    r = subprocess.run([vow, "--config", os.path.join(folder, "vow.toml"), "check"], capture_output=True, text=True)
    check("the ledger checks out after them", r.returncode == 0, r.stdout + r.stderr)


if __name__ == "__main__":
    main()
