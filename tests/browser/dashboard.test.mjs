// The dashboard of `vow serve` as a person meets it: Debian's chromium,
// headless, driven by playwright-core, against the real binary serving a
// copy of examples/portfolio. Each step keeps a screenshot. A step the
// binary cannot take yet (no live alert stream, no customer page) says so
// and why; everything else that goes wrong fails the test.
//
//   VOW_BINARY=build/engine/vow VOW_SOURCE_DIR=. VOW_SCREENSHOTS=build/tests/browser-screenshots \
//     node --test tests/browser/dashboard.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const vow = process.env.VOW_BINARY;
const source = process.env.VOW_SOURCE_DIR;
const shots = process.env.VOW_SCREENSHOTS;
if (!vow || !source || !shots) throw new Error("set VOW_BINARY, VOW_SOURCE_DIR and VOW_SCREENSHOTS");
// ctest installs playwright-core under the build tree (VOW_NODE_MODULES);
// `npm ci` here works too.
const require = createRequire(path.join(process.env.VOW_NODE_MODULES || import.meta.dirname, "x.js"));
const { chromium } = require("playwright-core");

const CLOCK = "2026-10-20T16:00:00Z"; // a Tuesday; the ledger runs Oct-Dec 2026
const READ = "browser-read-0123456789abcdef";
const INGEST = "browser-ingest-0123456789abcdef";
const CUSTOMER_TOKEN = "browser-customer-0123456789abcdef";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// The portfolio's contracts, as examples/portfolio/rules/customers.lua has them.
function contracts(file) {
  const text = fs.readFileSync(file, "utf8");
  const out = [];
  for (const m of text.matchAll(/contract "([^"]+)" \{\s*name = "([^"]+)",\s*tier = "([^"]+)"/g))
    out.push({ id: m[1], name: m[2], tier: m[3] });
  return out;
}

// A copy of the example portfolio with its events, and a vow.toml with
// [serve]; `customers` adds the customer page's [[serve.customers]].
function workspace(work, customer) {
  fs.cpSync(path.join(source, "examples", "portfolio"), path.join(work, "examples", "portfolio"), { recursive: true });
  fs.cpSync(path.join(source, "rules"), path.join(work, "rules"), { recursive: true });
  const dir = path.join(work, "examples", "portfolio");
  for (const f of fs.readdirSync(dir)) if (f.startsWith("vow.db")) fs.rmSync(path.join(dir, f));
  execFileSync("python3", [path.join(dir, "generate.py"), "--out", path.join(work, "events.ndjson")], { cwd: dir });
  const base = fs.readFileSync(path.join(source, "examples", "portfolio", "vow.toml"), "utf8");
  const serve =
    `\n[serve]\nlisten = "127.0.0.1:0"\nclock = "${CLOCK}"\n` +
    `tokens = [\n  { name = "dashboard", token = "${READ}", scopes = ["read"] },\n` +
    `  { name = "collector", token = "${INGEST}", scopes = ["ingest"] },\n]\n`;
  const page = `\n[[serve.customers]]\ncustomer = "${customer}"\ntoken = "${CUSTOMER_TOKEN}"\n`;
  const config = path.join(dir, "vow.toml");
  // A vow without the customer page refuses [[serve.customers]]: then the
  // page's step is skipped, naming what `vow check` said.
  fs.writeFileSync(config, base + serve + page);
  let customerPage = spawnSync(vow, ["--config", config, "check"], { encoding: "utf8" });
  let refused = null;
  if (customerPage.status !== 0) {
    refused = (customerPage.stdout + customerPage.stderr).trim().split("\n").find((l) => l.includes("vow.toml")) ||
      (customerPage.stdout + customerPage.stderr).trim();
    fs.writeFileSync(config, base + serve);
    const again = spawnSync(vow, ["--config", config, "check"], { encoding: "utf8" });
    assert.equal(again.status, 0, "vow check: " + again.stdout + again.stderr);
  }
  execFileSync(vow, ["--config", config, "ingest", path.join(work, "events.ndjson")], { stdio: "ignore" });
  return { dir, config, customerPageRefused: refused };
}

// `vow serve` on port 0: resolves with its address once it says where it listens.
function serve(config, log) {
  const child = spawn(vow, ["--config", config, "serve"], { stdio: ["ignore", "pipe", fs.openSync(log, "w")] });
  return new Promise((resolve, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error("vow serve said nothing in 30 s: " + said)), 30000);
    child.on("exit", (code) => reject(new Error(`vow serve exited ${code}: ${said}${fs.readFileSync(log, "utf8")}`)));
    child.stdout.on("data", (d) => {
      said += d;
      const m = said.match(/^listening on (http:\/\/\S+)\n/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill("SIGKILL"), 20000);
    child.removeAllListeners("exit");
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
    child.kill("SIGTERM");
  });
}

async function get(url, pathAndQuery, token) {
  const res = await fetch(url + pathAndQuery, { headers: token ? { Authorization: "Bearer " + token } : {} });
  return { status: res.status, text: await res.text() };
}

// The status of a request whose body may never end (a stream).
async function status(url, pathAndQuery, token) {
  const ac = new AbortController();
  const res = await fetch(url + pathAndQuery, { headers: { Authorization: "Bearer " + token }, signal: ac.signal });
  ac.abort();
  return { status: res.status };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const word = (s) => new RegExp("(^|[^\\w-])" + escape(s) + "($|[^\\w-])", "i");

test("the dashboard in chromium", { timeout: 300000 }, async (t) => {
  fs.mkdirSync(shots, { recursive: true });
  for (const f of fs.readdirSync(shots)) if (f.endsWith(".png")) fs.rmSync(path.join(shots, f));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "vow-browser-"));
  const all = contracts(path.join(source, "examples", "portfolio", "rules", "customers.lua"));
  assert.ok(all.length >= 50, "the portfolio's contracts were read: " + all.length);
  const tiers = [...new Set(all.map((c) => c.tier))];
  const { config, customerPageRefused } = workspace(work, all.find((c) => c.tier === "enterprise").id);
  const server = await serve(config, path.join(work, "serve.log"));
  const { url } = server;
  let context = null;
  try {
    // A fresh profile in the temporary folder: nothing from an earlier run.
    context = await chromium.launchPersistentContext(path.join(work, "profile"), {
      executablePath: "/usr/bin/chromium",
      args: FLAGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
      timezoneId: "UTC",
      locale: "en-GB",
    });
    const page = context.pages()[0] || (await context.newPage());
    const scriptErrors = [];
    // A script error, or anything the server's content policy refused, fails the test.
    const watch = (p) => {
      p.on("pageerror", (e) => scriptErrors.push(String(e)));
      p.on("console", (m) => m.text().includes("Content Security Policy") && scriptErrors.push(m.text()));
    };
    watch(page);
    let n = 0;
    const shot = (p, name) => p.screenshot({ path: path.join(shots, `${String(++n).padStart(2, "0")}-${name}.png`), fullPage: true });
    const report = JSON.parse((await get(url, "/v1/report?period=2026-10", READ)).text);
    // The enterprise account with the most downtime: an uptime chart, incidents and a 15-minute P0 clock.
    const chosen = report.accounts
      .filter((a) => a.tier === "enterprise" && a.uptime)
      .sort((x, y) => y.uptime.downtime_seconds - x.uptime.downtime_seconds)[0];
    assert.ok(chosen, "an enterprise account with uptime in the report");

    await t.test("1. / asks for the token, then shows the portfolio by tier with the customers' names", async () => {
      await page.goto(url + "/");
      await page.locator("#login").waitFor({ state: "visible" });
      await shot(page, "token-dialog");
      await page.fill("#token", READ);
      await page.click("#login button");
      await page.locator("h1", { hasText: "Portfolio" }).waitFor();
      await shot(page, "portfolio");
      assert.equal(await page.evaluate(() => localStorage.getItem("vow-token")), READ);
      const text = await page.locator("#view").innerText();
      // The accounts' tables come in the order of the tiers' summary above them.
      const cards = await page.locator(".tier b").allInnerTexts();
      assert.deepEqual([...cards].sort(), [...tiers].sort(), "a summary for each tier");
      const sections = (await page.locator("h2").allInnerTexts()).filter((h) => tiers.includes(h));
      assert.deepEqual(sections, cards, "the tiers' tables in the summary's order");
      const missing = all.filter((c) => !text.includes(c.name));
      assert.deepEqual(missing.map((c) => c.name), [], "every contract's name is on the portfolio");
      assert.equal(await page.locator(".error").count(), 0, await page.locator("#view").innerText());
      // Each error budget bar is as long as the share it says (full past 100%).
      const bars = await page.locator(".budget").evaluateAll((all) =>
        all.map((b) => [b.firstChild.getBoundingClientRect().width / b.getBoundingClientRect().width, b.title]));
      assert.ok(bars.length > 0, "error budget bars");
      for (const [share, title] of bars) {
        const said = Math.min(1, parseInt(title, 10) / 100);
        assert.ok(Math.abs(share - said) < 0.03, `a bar ${(share * 100).toFixed(0)}% long says "${title}"`);
      }
    });

    await t.test(`2. clicking ${chosen.name} opens its page: uptime, clocks, incidents, credit, alerts`, async () => {
      await page.locator("a", { hasText: new RegExp(`^${escape(chosen.name)}$`) }).first().click();
      await page.locator("h1", { hasText: chosen.name }).waitFor();
      assert.equal(new URL(page.url()).hash, "#/account/" + chosen.customer);
      for (const h of ["Uptime", "Ticket clocks now", "Incidents", "Credit", "Alerts"])
        assert.equal(await page.locator("h2", { hasText: new RegExp("^" + h) }).count(), 1, "section " + h);
      const mine = JSON.parse((await get(url, "/v1/report?period=2026-10&customer=" + chosen.customer, READ)).text);
      const a = mine.accounts[0];
      const heading = await page.locator("h2", { hasText: /^Uptime/ }).innerText();
      assert.ok(heading.includes(a.uptime.percent.toFixed(3) + "%"), heading + " shows " + a.uptime.percent);
      assert.equal(await page.locator("svg.chart polyline").count(), 1, "the uptime chart");
      const incidents = mine.incidents.filter((i) => !i.customers || i.customers.includes(chosen.customer));
      const rows = page.locator("h2:text-is('Incidents') + table tbody tr");
      assert.equal(await rows.count(), incidents.length, "one row per incident");
      const credit = await page.locator("section", { has: page.locator("h2:text-is('Credit')") }).innerText();
      assert.ok(a.credit ? credit.includes(`${a.credit.amount} ${a.credit.currency}`) : credit.includes("None owed"), credit);
      assert.equal(await page.locator(".error").count(), 0);
      await shot(page, "account");
    });

    await t.test("3. an event posted with the ingest token shows its alert on the page without reloading", async (s) => {
      const stream = await status(url, "/v1/alerts/stream", READ);
      const post = (where, body) =>
        fetch(url + where, { method: "POST", headers: { Authorization: "Bearer " + INGEST }, body }).then(async (r) => {
          assert.equal(r.status, 200, `POST ${where}: ${r.status} ${await r.text()}`);
        });
      const ticket = "BROWSER-1";
      const breach = `clock.breached:${chosen.customer}:${ticket}:response:1`;
      const expect = `ticket ${ticket} response (P0): target missed`;
      const alerts = page.locator("#alerts tr", { hasText: expect });
      assert.equal(await alerts.count(), 0, "not there before the event");
      // Every row the page ever adds to its alerts table, kept before a refresh replaces it.
      await page.evaluate(() => {
        window.__sameDocument = true;
        window.__rows = [];
        new MutationObserver((changes) => {
          for (const c of changes)
            for (const n of c.addedNodes) if (n.nodeName === "TR" && n.closest("#alerts")) window.__rows.push(n.innerText);
        }).observe(document.getElementById("view"), { childList: true, subtree: true });
      });
      const other = report.accounts.find((x) => x.tier === "enterprise" && x.customer !== chosen.customer);
      const ndjson = (ev) => ev.map((e) => JSON.stringify(e) + "\n").join("");
      if (stream.status === 404) {
        // No live stream in this vow, and no POST /v1/clock: a ticket already
        // past its 15-minute P0 response target, seen after a reload.
        s.diagnostic("GET /v1/alerts/stream answered 404: no live stream in this build; checked after a reload instead");
        await post("/v1/events", ndjson([{ id: "browser:1", type: "ticket.opened", at: "2026-10-20T15:00:00Z", ticket,
          customer: chosen.customer, priority: "P0" }]));
        await page.reload();
        await alerts.first().waitFor({ timeout: 15000 });
        await shot(page, "alert-after-reload");
        s.skip("live part not run: GET /v1/alerts/stream answered 404 (the alert was seen after a reload)");
        return;
      }
      // The stream carries alerts from the server's first start on (earlier
      // ones are history, docs/serve.md): P0 tickets opened at 15:50, due
      // at 16:05, and the test clock moved on to 16:10. The other
      // customer's breach must not show on this account's page.
      await post("/v1/events", ndjson([
        { id: "browser:1", type: "ticket.opened", at: "2026-10-20T15:50:00Z", ticket, customer: chosen.customer, priority: "P0" },
        { id: "browser:2", type: "ticket.opened", at: "2026-10-20T15:50:00Z", ticket: "BROWSER-2", customer: other.customer, priority: "P0" },
      ]));
      await post("/v1/clock", "2026-10-20T16:10:00Z");
      const listed = JSON.parse((await get(url, "/v1/alerts?customer=" + chosen.customer, READ)).text);
      assert.ok(listed.alerts.some((x) => x.id === breach), "/v1/alerts lists " + breach);
      await alerts.first().waitFor({ timeout: 15000 });
      await shot(page, "alert-live");
      assert.equal(await page.evaluate(() => window.__sameDocument), true, "the page was not reloaded");
      assert.equal(await page.locator("#live").innerText(), "live");
      const rows = await page.evaluate(() => window.__rows);
      assert.ok(rows.some((r) => r.includes(expect)), "the row was added in place: " + rows.length + " rows added");
      assert.deepEqual(rows.filter((r) => r.includes(other.name)), [], `${other.name}'s alerts on ${chosen.name}'s page`);
      // Then the page reads its figures again, as of the moved clock: the breached clock is listed.
      await page.locator("#asof", { hasText: "16:10" }).waitFor({ timeout: 15000 });
      const clocks = await page.locator("section", { has: page.locator("h2:text-is('Ticket clocks now')") }).innerText();
      assert.ok(clocks.includes(`${ticket} response (P0)`) && clocks.includes("breached"), clocks);
      await shot(page, "alert-after-refresh");
    });

    await t.test("4. the customer page /c/TOKEN names no other customer and no tier", async (s) => {
      const me = all.find((c) => c.tier === "enterprise");
      if (customerPageRefused) {
        s.skip("not run: this vow refuses [[serve.customers]] (no customer page): " + customerPageRefused);
        return;
      }
      const probe = await get(url, "/c/" + CUSTOMER_TOKEN);
      if (probe.status === 404) {
        s.skip("not run: GET /c/TOKEN answered 404");
        return;
      }
      const bodies = [];
      const customerPage = await context.newPage();
      watch(customerPage);
      customerPage.on("response", async (r) => bodies.push(`${r.url()}\n${await r.text().catch(() => "")}`));
      await customerPage.goto(url + "/c/" + CUSTOMER_TOKEN);
      await customerPage.waitForLoadState("networkidle");
      await shot(customerPage, "customer-page");
      const text = await customerPage.locator("body").innerText();
      assert.ok(text.includes(me.name), "the page names its own customer " + me.name);
      const html = await customerPage.content();
      for (const [what, hay] of [["the page's text", text], ["its HTML", html], ["what it fetched", bodies.join("\n")]]) {
        const others = all.filter((c) => c.id !== me.id && (hay.includes(c.name) || word(c.id).test(hay)));
        assert.deepEqual(others.map((c) => c.id), [], `${what} names other customers`);
        const named = tiers.filter((tier) => word(tier).test(hay));
        assert.deepEqual(named, [], `${what} names tiers`);
      }
      await customerPage.close();
    });

    assert.deepEqual(scriptErrors, [], "script errors in the pages");
  } finally {
    if (context) await context.close();
    const code = await stop(server.child);
    assert.equal(code, 0, "vow serve exits 0 on SIGTERM");
    if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
});

// Contract language 1.1: objectives and scheduled jobs at risk on the
// portfolio, and in full on the account's page (docs/adr/0051).
test("objectives and jobs on the dashboard", { timeout: 180000 }, async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "vow-browser-terms-"));
  fs.mkdirSync(path.join(work, "rules"));
  fs.writeFileSync(
    path.join(work, "rules", "c.lua"),
    `contract "data" { name = "Data Co", timezone = "UTC", compliance_target = 0.9,
  objectives = { { name = "Page load under 3 s", sli = "page_load", target = 95 } },
  jobs = { refresh = { due = "06:00", from = "2026-11-01" } } }
contract "calm" { name = "Calm Co", timezone = "UTC",
  objectives = { { name = "Sync lag under 5 min", sli = "lag", target = 99 } } }
`
  );
  // 94% of page loads in time; the refresh of 11-01 on time, 11-02 never done.
  const events = [
    { id: "w1", type: "sli.counted", at: "2026-11-02T11:00:00Z", sli: "page_load", start: "2026-11-02T10:00:00Z",
      end: "2026-11-02T11:00:00Z", good: 940, total: 1000, customers: ["data"] },
    { id: "l1", type: "sli.counted", at: "2026-11-02T11:00:00Z", sli: "lag", start: "2026-11-02T10:00:00Z",
      end: "2026-11-02T11:00:00Z", good: 1000, total: 1000, customers: ["calm"] },
    { id: "j1", type: "job.completed", at: "2026-11-01T05:00:00Z", job: "refresh", run: "2026-11-01", customers: ["data"] },
  ];
  fs.writeFileSync(path.join(work, "events.ndjson"), events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  const config = path.join(work, "vow.toml");
  fs.writeFileSync(config, `[store]\npath = "vow.db"\n[rules]\npaths = ["rules"]\n[serve]\nlisten = "127.0.0.1:0"\n` +
    `clock = "2026-11-02T12:00:00Z"\ntokens = [{ name = "dashboard", token = "${READ}", scopes = ["read"] }]\n`);
  execFileSync(vow, ["--config", config, "ingest", path.join(work, "events.ndjson")], { stdio: "ignore" });
  const server = await serve(config, path.join(work, "serve.log"));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(path.join(work, "profile"), {
      executablePath: "/usr/bin/chromium", args: FLAGS, headless: true, viewport: { width: 1280, height: 900 },
      timezoneId: "UTC", locale: "en-GB",
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url + "/");
    await page.evaluate((token) => localStorage.setItem("vow-token", token), READ);
    await page.goto(server.url + "/");
    await page.locator("h1", { hasText: "Portfolio" }).waitFor();
    const atRisk = page.locator("#terms-at-risk");
    await atRisk.locator("tbody tr").first().waitFor();
    await page.screenshot({ path: path.join(shots, "objectives-portfolio.png"), fullPage: true });
    const rows = await atRisk.locator("tbody tr").allInnerTexts();
    // The ratio below target mid-month is at risk; the job is below target with 11-02 overdue; Calm Co is fine.
    assert.equal(rows.length, 2, rows.join("\n"));
    assert.match(rows[0], /Data Co\s+Page load under 3 s\s+warning\s+94\.000%; 120% of the error budget used/);
    assert.match(rows[1], /Data Co\s+job refresh \(06:00 daily\)\s+warning\s+1 of 2 runs on time; overdue: 2026-11-02/);
    assert.ok(!(await atRisk.innerText()).includes("Calm Co"), "a met objective is not at risk");

    await atRisk.locator("a", { hasText: "Data Co" }).first().click();
    await page.locator("h1", { hasText: "Data Co" }).waitFor();
    await page.locator("#objectives").waitFor();
    await page.screenshot({ path: path.join(shots, "objectives-account.png"), fullPage: true });
    const objective = await page.locator("#objectives tbody tr").allInnerTexts();
    assert.deepEqual(objective.length, 1);
    assert.match(objective[0], /Page load under 3 s\s+1000 events\s+94\.000%\s+95\.0%/);
    const jobs = await page.locator("#jobs tbody tr").allInnerTexts();
    assert.deepEqual(jobs.length, 1);
    assert.match(jobs[0], /refresh\s+06:00 daily\s+1\s+1\s+overdue: 2026-11-02/);
    assert.deepEqual(errors, [], "script errors");
  } finally {
    if (context) await context.close();
    assert.equal(await stop(server.child), 0, "vow serve exits 0 on SIGTERM");
    if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  }
});
