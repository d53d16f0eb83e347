#!/usr/bin/env python3
"""docs/events.md and the event schema (sdk/schema/vow-event.schema.json)
say what the real `vow ingest` does:

- every line of the page's ```ndjson blocks validates against the schema and
  is stored by `vow ingest` into a scratch ledger, each as a new event, and
  together they make a report without problems (they tell one story);
- the warning about `customer` on an outage holds: its ```ndjson wrong
  example charges every account on the service, the corrected one only the
  customer it names;
- together the examples cover every event type the schema knows;
- lines that break one rule each are refused by `vow ingest` (exit 65, with
  the reason docs/events.md lists) and by the schema;
- edge cases vow accepts (null for optional fields, offsets, lower case,
  unknown fields) are accepted by the schema too;
- links to the page's sections resolve, and no user-facing file points to
  shared/spec, which users do not have.

usage: events_doc.py VOW SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing: run scripts/install-deps")

AT = '"at": "2026-10-02T10:00:00Z"'

# One broken rule each: (what, line, the reason vow gives). Every rule the
# decoder enforces that a schema can express.
INVALID = [
    ("no id", '{"type": "outage.ended", %s, "outage": "o"}' % AT, 'missing field "id"'),
    ("empty id", '{"id": "", "type": "outage.ended", %s, "outage": "o"}' % AT, 'field "id" must not be empty'),
    ("id over 256 bytes", '{"id": "%s", "type": "outage.ended", %s, "outage": "o"}' % ("x" * 257, AT),
     'field "id" is 257 bytes; at most 256 are allowed'),
    ("id a number", '{"id": 7, "type": "outage.ended", %s, "outage": "o"}' % AT, 'field "id" must be a string'),
    ("no type", '{"id": "e", %s, "outage": "o"}' % AT, 'missing field "type"'),
    ("unknown type", '{"id": "e", "type": "outage.start", %s, "outage": "o"}' % AT,
     'field "type": unknown event type "outage.start"'),
    ("type a number", '{"id": "e", "type": 1, %s, "outage": "o"}' % AT, 'field "type" must be a string'),
    ("no at", '{"id": "e", "type": "outage.ended", "outage": "o"}', 'missing field "at"'),
    ("at without seconds", '{"id": "e", "type": "outage.ended", "at": "2026-10-02T10:00Z", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at without offset", '{"id": "e", "type": "outage.ended", "at": "2026-10-02T10:00:00", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at with a space", '{"id": "e", "type": "outage.ended", "at": "2026-10-02 10:00:00Z", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at month 13", '{"id": "e", "type": "outage.ended", "at": "2026-13-02T10:00:00Z", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at a leap second", '{"id": "e", "type": "outage.ended", "at": "2026-12-31T23:59:60Z", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at offset +24:00", '{"id": "e", "type": "outage.ended", "at": "2026-10-02T10:00:00+24:00", "outage": "o"}',
     'is not an RFC 3339 timestamp'),
    ("at a number", '{"id": "e", "type": "outage.ended", "at": 1759399200, "outage": "o"}',
     'field "at" must be a string'),
    ("not an object", '["outage.ended"]', 'an event must be a JSON object'),
    ("outage null", '{"id": "e", "type": "outage.ended", %s, "outage": null}' % AT, 'missing field "outage"'),
    ("outage without service", '{"id": "e", "type": "outage.started", %s, "outage": "o"}' % AT,
     'missing field "service"'),
    ("impact minor", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", "impact": "minor"}'
     % AT, 'field "impact": "minor" is not one of'),
    ("customers a string", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", '
     '"customers": "acme"}' % AT, 'field "customers" must be an array of customer ids'),
    ("customers with an empty id", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", '
     '"customers": ["acme", ""]}' % AT, 'field "customers" must hold only non-empty strings'),
    ("customers with a number", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", '
     '"customers": [42]}' % AT, 'field "customers" must hold only non-empty strings'),
    ("title a number", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", "title": 5}'
     % AT, 'field "title" must be a string'),
    ("cause an object", '{"id": "e", "type": "outage.started", %s, "outage": "o", "service": "api", '
     '"cause": {}}' % AT, 'field "cause" must be a string'),
    ("maintenance without end", '{"id": "e", "type": "maintenance.scheduled", %s, "maintenance": "m", '
     '"service": "api", "start": "2026-10-11T02:00:00Z"}' % AT, 'missing field "end"'),
    ("maintenance start without offset", '{"id": "e", "type": "maintenance.scheduled", %s, "maintenance": "m", '
     '"service": "api", "start": "2026-10-11T02:00:00", "end": "2026-10-11T04:00:00Z"}' % AT,
     'field "start": "2026-10-11T02:00:00" is not an RFC 3339 timestamp'),
    ("cancelled without maintenance", '{"id": "e", "type": "maintenance.cancelled", %s}' % AT,
     'missing field "maintenance"'),
    ("ticket without priority", '{"id": "e", "type": "ticket.opened", %s, "ticket": "t", "customer": "acme"}'
     % AT, 'missing field "priority"'),
    ("ticket with an empty customer", '{"id": "e", "type": "ticket.opened", %s, "ticket": "t", "customer": "", '
     '"priority": "P1"}' % AT, 'field "customer" must not be empty'),
    ("priority change without priority", '{"id": "e", "type": "ticket.priority_changed", %s, "ticket": "t"}'
     % AT, 'missing field "priority"'),
    ("reply by a bot", '{"id": "e", "type": "ticket.replied", %s, "ticket": "t", "author": "bot"}' % AT,
     'field "author": "bot" is not one of'),
    ("public as a string", '{"id": "e", "type": "ticket.replied", %s, "ticket": "t", "author": "agent", '
     '"public": "yes"}' % AT, 'field "public" must be true or false'),
    ("status resolved", '{"id": "e", "type": "ticket.status_changed", %s, "ticket": "t", "status": "resolved"}'
     % AT, 'field "status": "resolved" is not one of'),
    ("notice kind final", '{"id": "e", "type": "incident.notified", %s, "outage": "o", "customer": "acme", '
     '"kind": "final"}' % AT, 'field "kind": "final" is not one of'),
    ("invoice period 13", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-13", "amount": "1.00", "currency": "USD"}' % AT, 'field "period": "2026-13" is not a month'),
    ("invoice period a day", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10-01", "amount": "1.00", "currency": "USD"}' % AT, 'is not a month YYYY-MM'),
    ("amount a number", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": 20000, "currency": "USD"}' % AT, 'field "amount" must be a string'),
    ("amount negative", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "-1.00", "currency": "USD"}' % AT, 'is not a decimal string'),
    ("amount ending in a point", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "1.", "currency": "USD"}' % AT, 'is not a decimal string'),
    ("amount with 7 decimals", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "1.1234567", "currency": "USD"}' % AT, 'is not a decimal string'),
    ("amount with 16 digits", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "1234567890123456", "currency": "USD"}' % AT, 'is not a decimal string'),
    ("amount with an exponent", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "2e4", "currency": "USD"}' % AT, 'is not a decimal string'),
    ("currency lower case", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", "invoice": "i", '
     '"period": "2026-10", "amount": "1.00", "currency": "usd"}' % AT, 'is not an ISO 4217 code'),
    ("invoice without invoice", '{"id": "e", "type": "invoice.issued", %s, "customer": "acme", '
     '"period": "2026-10", "amount": "1.00", "currency": "USD"}' % AT, 'missing field "invoice"'),
    ("credit without credit", '{"id": "e", "type": "credit.issued", %s, "customer": "acme", '
     '"period": "2026-10", "amount": "1.00", "currency": "USD"}' % AT, 'missing field "credit"'),
    ("delivery without sink", '{"id": "e", "type": "alert.delivered", %s, "alert": "notice.overdue:acme:o:initial:1"}'
     % AT, 'missing field "sink"'),
    ("retraction as a string", '{"id": "e", "type": "alert.delivered", %s, "alert": "a", "sink": "pager", '
     '"retraction": "yes"}' % AT, 'field "retraction" must be true or false'),
    ("reference a number", '{"id": "e", "type": "alert.delivered", %s, "alert": "a", "sink": "pager", '
     '"reference": 42}' % AT, 'field "reference" must be a string'),
    ("exception scope tickets only", '{"id": "e", "type": "exception.granted", %s, "exception": "x", '
     '"customer": "acme", "start": "2026-10-02T00:00:00Z", "end": "2026-10-03T00:00:00Z", "scope": "ticket", '
     '"reason": "r", "approved_by": "a"}' % AT, 'field "scope": "ticket" is not one of'),
    ("exception without approver", '{"id": "e", "type": "exception.granted", %s, "exception": "x", '
     '"customer": "acme", "start": "2026-10-02T00:00:00Z", "end": "2026-10-03T00:00:00Z", "scope": "all", '
     '"reason": "r"}' % AT, 'missing field "approved_by"'),
    ("exception end without seconds", '{"id": "e", "type": "exception.granted", %s, "exception": "x", '
     '"customer": "acme", "start": "2026-10-02T00:00:00Z", "end": "2026-10-03T00:00Z", "scope": "all", '
     '"reason": "r", "approved_by": "a"}' % AT, 'is not an RFC 3339 timestamp'),
    ("revocation without exception", '{"id": "e", "type": "exception.revoked", %s}' % AT,
     'missing field "exception"'),
    ("rating of 6", '{"id": "e", "type": "ticket.rated", %s, "ticket": "t", "score": 6}' % AT,
     'field "score" must be a whole number from 1 to 5'),
    ("rating of 4.5", '{"id": "e", "type": "ticket.rated", %s, "ticket": "t", "score": 4.5}' % AT,
     'field "score" must be a whole number from 1 to 5'),
    ("rating as a string", '{"id": "e", "type": "ticket.rated", %s, "ticket": "t", "score": "5"}' % AT,
     'field "score" must be a whole number from 1 to 5'),
    ("rating without score", '{"id": "e", "type": "ticket.rated", %s, "ticket": "t"}' % AT,
     'missing field "score"'),
    ("window without sli", '{"id": "e", "type": "sli.counted", %s, "start": "2026-10-02T00:00:00Z", '
     '"end": "2026-10-02T00:01:00Z", "good": 1, "total": 1}' % AT, 'missing field "sli"'),
    ("negative good", '{"id": "e", "type": "sli.counted", %s, "sli": "s", "start": "2026-10-02T00:00:00Z", '
     '"end": "2026-10-02T00:01:00Z", "good": -1, "total": 1}' % AT, 'field "good" must be a whole number'),
    ("total a fraction", '{"id": "e", "type": "sli.counted", %s, "sli": "s", "start": "2026-10-02T00:00:00Z", '
     '"end": "2026-10-02T00:01:00Z", "good": 1, "total": 1.5}' % AT, 'field "total" must be a whole number'),
    ("window without total", '{"id": "e", "type": "sli.counted", %s, "sli": "s", "start": "2026-10-02T00:00:00Z", '
     '"end": "2026-10-02T00:01:00Z", "good": 1}' % AT, 'missing field "total"'),
    ("window without end", '{"id": "e", "type": "sli.counted", %s, "sli": "s", "start": "2026-10-02T00:00:00Z", '
     '"good": 1, "total": 1}' % AT, 'missing field "end"'),
    ("job run a month", '{"id": "e", "type": "job.completed", %s, "job": "j", "run": "2026-10"}' % AT,
     'field "run": "2026-10" is not a date YYYY-MM-DD'),
    ("job without run", '{"id": "e", "type": "job.completed", %s, "job": "j"}' % AT, 'missing field "run"'),
    ("job customers a string", '{"id": "e", "type": "job.completed", %s, "job": "j", "run": "2026-10-02", '
     '"customers": "acme"}' % AT, 'field "customers" must be an array'),
]

# Lines vow stores that the page does not show: the schema must take them.
VALID_EDGES = [
    '{"id": "edge:1", "type": "outage.started", "at": "2026-10-02t10:00:00z", "outage": "e1", "service": "api", '
    '"impact": null, "customers": null, "cause": null, "title": null}',
    '{"id": "edge:2", "type": "outage.started", "at": "2026-10-02T10:00:00.123456789+05:30", "outage": "e2", '
    '"service": "api", "customers": [], "cause": "", "title": "", "source": {"anything": [1, 2.5, null]}}',
    '{"id": "edge:3", "type": "ticket.replied", "at": "2026-10-02T10:00:00-23:59", "ticket": "t", '
    '"author": "customer", "public": null}',
    '{"id": "edge:4", "type": "invoice.issued", "at": "2026-10-02T10:00:00Z", "customer": "acme", '
    '"invoice": "i", "period": "2026-12", "amount": "123456789012345.123456", "currency": "JPY"}',
    '{"id": "%s", "type": "outage.ended", "at": "2026-10-02T10:00:00Z", "outage": "e1"}' % ("y" * 256),
    '{"id": "edge:5", "type": "alert.delivered", "at": "2026-10-02T10:00:00Z", "alert": "clock.breached:acme:T:'
    'response:1", "sink": "pager", "reference": "", "retraction": null}',
]

failures = []


def fail(what):
    failures.append(what)
    print("FAIL: " + what, file=sys.stderr)


def doc_blocks(path):
    """The page's fenced blocks whose info string starts with ndjson, in order:
    (info string, [(line number in the page, text)])."""
    blocks, block = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fence = line.strip()
            if fence.startswith("```"):
                if block is None and fence.startswith("```ndjson"):
                    block = (fence[3:], [])
                    blocks.append(block)
                else:
                    block = None
            elif block is not None and fence:
                block[1].append((n, fence))
    return blocks


def downtime(vow, work, lines, customers):
    """Each customer's October downtime in seconds, from `lines` alone."""
    os.makedirs(work)
    config = project(work, customers)
    path = os.path.join(work, "events.ndjson")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(text + "\n" for _, text in lines))
    ingest(vow, config, path)
    r = subprocess.run([vow, "--config", config, "report", "--period", "2026-10", "--as-of", "2026-11-05T00:00:00Z"],
                       stdout=subprocess.PIPE, text=True)
    return {a["customer"]: a["uptime"]["downtime_seconds"] for a in json.loads(r.stdout)["accounts"]}


def check_warning(vow, work, blocks, validator):
    """The page's warning holds: its `customer` line charges every account on
    the service, the corrected lines after it only the customer named."""
    at = [i for i, (info, _) in enumerate(blocks) if info == "ndjson wrong"]
    if len(at) != 1 or at[0] + 1 >= len(blocks):
        fail("docs/events.md: expected one ```ndjson wrong block followed by its corrected ```ndjson block")
        return
    wrong, right = blocks[at[0]][1], blocks[at[0] + 1][1]
    for n, text in wrong:
        if schema_errors(validator, text):
            fail("docs/events.md:%d: the page says the schema accepts this line; it refuses it" % n)
    # vow warns of it, naming the field meant, and --strict refuses it.
    os.makedirs(os.path.join(work, "warned"))
    config = project(os.path.join(work, "warned"), {"acme"})
    path = os.path.join(work, "warned", "wrong.ndjson")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(text + "\n" for _, text in wrong))
    code, out, err = ingest(vow, config, path, "--strict")
    if code != 65 or 'unknown field "customer": did you mean "customers"? (refused: strict)' not in err:
        fail("vow ingest --strict of the wrong `customer` example: exit %d, expected 65 and the field named: %s"
             % (code, err.strip()[:400]))
    code, out, err = ingest(vow, config, path)
    if code != 0 or 'warning: unknown field "customer": did you mean "customers"? (kept, but not read)' not in err:
        fail("vow ingest of the wrong `customer` example: exit %d, expected 0 and a warning naming `customers`: %s"
             % (code, err.strip()[:400]))
    named = json.loads(right[0][1])["customers"]
    everyone = set(named) | {"bystander"}
    got = downtime(vow, os.path.join(work, "wrong"), wrong, everyone)
    if not all(got.get(c, 0) > 0 for c in everyone):
        fail("the wrong `customer` example does not charge every account, as the page says: %s" % got)
    got = downtime(vow, os.path.join(work, "right"), right, everyone)
    if got.get("bystander") != 0 or not all(got.get(c, 0) > 0 for c in named):
        fail("the corrected example does not charge only %s: %s" % (named, got))


def slug(heading):
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def check_links(source):
    """Links to the page's sections resolve, and no user-facing file sends
    readers to the spec outside the repository."""
    with open(os.path.join(source, "docs", "events.md"), encoding="utf-8") as f:
        page = f.read()
    anchors = {slug(h) for h in re.findall(r"^#+ (.*)$", page, re.M)}
    readable = [os.path.join(source, "README.md"), os.path.join(source, "sdk", "schema", "vow-event.schema.json")]
    readable += [os.path.join(source, "docs", n) for n in os.listdir(os.path.join(source, "docs")) if n.endswith(".md")]
    plugins = os.path.join(source, "plugins")
    readable += [os.path.join(plugins, d, "README.md") for d in os.listdir(plugins)
                 if os.path.exists(os.path.join(plugins, d, "README.md"))]
    for path in readable:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        name = os.path.relpath(path, source)
        own = r"\(#" if name == os.path.join("docs", "events.md") else r"\((?:docs/)?events\.md#"
        for anchor in re.findall(own + r"([^)]+)\)", text):
            if anchor not in anchors:
                fail("%s: link to events.md#%s, which is no heading of docs/events.md" % (name, anchor))
        if "shared/spec" in text:
            fail("%s: points readers to shared/spec, which users do not have; link docs/ instead" % name)


def schema_errors(validator, text):
    try:
        value = json.loads(text)
    except ValueError as e:
        return ["not JSON: %s" % e]
    return [e.message for e in validator.iter_errors(value)]


def ingest(vow, config, path, *flags):
    r = subprocess.run([vow, "--config", config, "ingest", *flags, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def project(work, customers):
    """A config and one contract per customer, each on the service `api`."""
    os.makedirs(os.path.join(work, "rules"))
    with open(os.path.join(work, "rules", "contracts.lua"), "w") as f:
        for c in sorted(customers):
            f.write('contract "%s" { monthly_fee = 20000, uptime = { target = 99.9, services = { "api" } },\n'
                    '  response = { P1 = hours(1), P2 = hours(4) }, resolution = { P1 = hours(24) } }\n' % c)
    config = os.path.join(work, "vow.toml")
    with open(config, "w") as f:
        f.write('[store]\npath = "vow.db"\n[rules]\npaths = ["rules"]\n')
    return config


def main():
    vow, source = sys.argv[1], sys.argv[2]
    with open(os.path.join(source, "sdk", "schema", "vow-event.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    check_links(source)
    blocks = doc_blocks(os.path.join(source, "docs", "events.md"))
    examples = [line for info, lines in blocks if info == "ndjson" for line in lines]
    if len(examples) < 12:
        fail("docs/events.md: %d example lines in ```ndjson blocks; expected one per type at least" % len(examples))
    types, customers = set(), set()
    for n, text in examples:
        for e in schema_errors(validator, text):
            fail("docs/events.md:%d: the schema refuses the example: %s" % (n, e))
        try:
            event = json.loads(text)
        except ValueError:
            continue
        types.add(event.get("type"))
        customers.update(event.get("customers") or [])
        if "customer" in event and event.get("type") not in ("outage.started", "maintenance.scheduled"):
            customers.add(event["customer"])
    missing = set(schema["properties"]["type"]["enum"]) - types
    if missing:
        fail("docs/events.md has no example of " + ", ".join(sorted(missing)))

    with tempfile.TemporaryDirectory() as work:
        config = project(work, customers)
        lines = os.path.join(work, "examples.ndjson")
        with open(lines, "w", encoding="utf-8") as f:
            f.write("".join(text + "\n" for _, text in examples))
        code, out, err = ingest(vow, config, lines)
        for k, reason in re.findall(r"^" + re.escape(lines) + r":(\d+)(?::\d+)?: (.*)$", err, re.M):
            fail("docs/events.md:%d: vow ingest refuses or warns of the example: %s" % (examples[int(k) - 1][0], reason))
        if code != 0 or ("%d new, 0 duplicate" % len(examples)) not in out:
            fail("vow ingest of the %d examples of docs/events.md: exit %d, expected 0 and `%d new, 0 duplicate`: %s"
                 % (len(examples), code, len(examples), (out + err).strip()[-2000:]))
        # Valid one by one is not enough: the examples make one consistent story.
        r = subprocess.run([vow, "--config", config, "report", "--period", "2026-10", "--as-of",
                            "2026-11-05T00:00:00Z"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            fail("vow report over the examples: exit %d: %s" % (r.returncode, r.stderr.strip()[-1000:]))
        else:
            problems = json.loads(r.stdout).get("problems", "absent")
            if problems != []:
                fail("the examples of docs/events.md make problems: %s" % json.dumps(problems))

        check_warning(vow, work, blocks, validator)

        for i, text in enumerate(VALID_EDGES):
            for e in schema_errors(validator, text):
                fail("edge line %d, which vow accepts: the schema refuses it: %s" % (i + 1, e))
            path = os.path.join(work, "edge-%d.ndjson" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            code, out, err = ingest(vow, config, path)
            if code != 0:
                fail("edge line %d: vow ingest exits %d: %s" % (i + 1, code, err.strip()))

        for i, (what, text, reason) in enumerate(INVALID):
            if not schema_errors(validator, text):
                fail("%s: the schema accepts %s" % (what, text[:200]))
            path = os.path.join(work, "bad-%d.ndjson" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            code, out, err = ingest(vow, config, path)
            # FILE:LINE:COLUMN: when there is a place to point at (docs/adr/0026).
            if code != 65 or not re.search("^" + re.escape(path) + r":1(:\d+)?: ", err, re.M) or reason not in err:
                fail("%s: vow ingest exits %d, expected 65 and `%s`: %s" % (what, code, reason, err.strip()[:400]))

    print("%d examples, %d edge lines, %d invalid lines checked" % (len(examples), len(VALID_EDGES), len(INVALID)))
    if failures:
        print("%d failures" % len(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
