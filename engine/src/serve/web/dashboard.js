// Vow's dashboard: the portfolio by tier, the clocks at risk now, an account
// page, and alerts as they arrive. Plain JavaScript, no build step; every
// value from the API reaches the page as text (textContent), never as markup.
"use strict";

const view = document.getElementById("view");
let token = localStorage.getItem("vow-token") || "";
let asOf = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "href") e.setAttribute("href", v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

// Times in the viewer's own zone.
function when(iso) {
  if (!iso) return "never";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function pct(v, digits = 3) {
  return v == null ? "n/a" : v.toFixed(digits) + "%";
}

async function api(path) {
  const res = await fetch(path, { headers: token ? { Authorization: "Bearer " + token } : {} });
  if (res.status === 401 || res.status === 403) {
    await askToken();
    return api(path);
  }
  if (!res.ok) throw new Error(path + ": HTTP " + res.status + " " + (await res.text()));
  return res.json();
}

function askToken() {
  const dialog = document.getElementById("login");
  return new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        token = document.getElementById("token").value.trim();
        localStorage.setItem("vow-token", token);
        resolve();
      },
      { once: true }
    );
    dialog.showModal();
  });
}

function statusBadge(status) {
  const words = { green: "on track", yellow: "at risk", red: "missed" };
  return el("span", { class: "status " + status }, words[status] || status);
}

function budgetBar(consumed) {
  if (consumed == null) return el("span", { class: "muted" }, "no budget");
  const cls = consumed >= 1 ? "over" : consumed >= 0.8 ? "warn" : "";
  const used = el("span", { class: cls });
  // Through the CSSOM: the server's content policy refuses style attributes.
  used.style.width = Math.min(100, consumed * 100) + "%";
  return el(
    "span",
    {},
    el("span", { class: "budget", title: (consumed * 100).toFixed(0) + "% of the error budget used" }, used),
    " " + (consumed * 100).toFixed(0) + "%"
  );
}

function alertRow(a, fresh) {
  return el(
    "tr",
    { class: fresh ? "fresh" : "" },
    el("td", {}, when(a.at)),
    el("td", { class: "alert " + a.severity }, a.severity),
    el("td", {}, el("a", { href: "#/account/" + encodeURIComponent(a.customer) }, a.customer_name || a.customer)),
    el("td", {}, describe(a))
  );
}

// What an alert says, in words (docs/alerts.md).
function describe(a) {
  switch (a.kind) {
    case "clock.warning":
      return `ticket ${a.ticket} ${a.metric} (${a.priority}): ${Math.round(a.level * 100)}% of target used, due ${when(a.deadline)}`;
    case "clock.breached":
      return `ticket ${a.ticket} ${a.metric} (${a.priority}): target missed`;
    case "clock.escalated":
      return `ticket ${a.ticket} ${a.metric} (${a.priority}): escalated to ${a.to}`;
    case "uptime.budget_warning":
      return `${a.term || "uptime"} ${a.period}: ${Math.round((a.budget_consumed || 0) * 100)}% of the error budget used`;
    case "uptime.breached":
      return `${a.term || "uptime"} ${a.period}: below target`;
    case "uptime.burn_rate":
      return `${a.term ? a.term + ": " : ""}error budget burning fast (rule ${a.rule}, ${a.severity})`;
    case "objective.budget_warning":
      return `${a.name} ${a.period}: ${Math.round((a.budget_consumed || 0) * 100)}% of the error budget used`;
    case "objective.breached":
      return `${a.name} ${a.period}: below target`;
    case "job.late":
      return `job ${a.job}: the run of ${a.run} was not complete by ${when(a.due)}`;
    case "notice.overdue":
      return `${a.notice} notice for ${a.outage} overdue`;
    case "compliance.below_target":
      return `${a.metric} ${a.priority} ${a.period}: below the compliance target`;
    case "draft.ready":
      return `customer notice draft ready for ${a.outage}`;
    default:
      return a.kind;
  }
}

// A table, or the sentence `empty` when there are no rows; `id` names its
// body (the alerts table takes live rows), and an empty one is kept.
function table(headers, rows, empty, id) {
  const body = el("tbody", id ? { id } : {}, ...rows);
  const t = el("table", {}, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))), body);
  if (rows.length) return t;
  return id ? el("div", {}, el("p", { class: "muted" }, empty), t) : el("p", { class: "muted" }, empty);
}

function clockRows(clocks) {
  return clocks
    .slice()
    .sort((x, y) => (y.breached - x.breached) || ((y.fraction || 0) - (x.fraction || 0)))
    .map((c) =>
      el(
        "tr",
        {},
        el("td", {}, el("a", { href: "#/account/" + encodeURIComponent(c.customer) }, c.name)),
        el("td", {}, `${c.ticket} ${c.metric} (${c.priority})`),
        el("td", { class: c.breached ? "alert breach" : "alert warning" },
          c.breached ? "breached" : Math.round((c.fraction || 0) * 100) + "% used"),
        el("td", {}, when(c.deadline))
      )
    );
}

// Objectives and scheduled jobs lost or at risk now (`vow status`).
function termRows(status) {
  const rows = [];
  for (const o of status.objectives || [])
    rows.push(
      el("tr", {},
        el("td", {}, el("a", { href: "#/account/" + encodeURIComponent(o.customer) }, o.name)),
        el("td", {}, o.objective),
        el("td", { class: "alert " + (o.level === "breached" ? "breach" : "warning") }, o.level),
        el("td", {}, `${pct(o.percent)}; ${budgetText(o.budget_consumed)}`))
    );
  for (const j of status.jobs || [])
    rows.push(
      el("tr", {},
        el("td", {}, el("a", { href: "#/account/" + encodeURIComponent(j.customer) }, j.name)),
        el("td", {}, `job ${j.job} (${j.target})`),
        el("td", { class: "alert " + (j.level === "breached" ? "breach" : "warning") }, j.level),
        el("td", {}, jobText(j)))
    );
  return rows;
}

function budgetText(consumed) {
  return consumed == null ? "no budget left" : Math.round(consumed * 100) + "% of the error budget used";
}

function jobText(j) {
  const runs = `${j.achieved} of ${j.achieved + j.breached} runs on time`;
  if (!j.overdue || !j.overdue.length) return runs;
  return `${runs}; overdue: ${j.overdue.map((r) => `${r.run} (due ${when(r.due)})`).join(", ")}`;
}

async function portfolio() {
  const status = await api("/v1/status");
  asOf = status.as_of;
  const period = asOf.slice(0, 7);
  const [report, alerts] = await Promise.all([
    api("/v1/report?period=" + period),
    api("/v1/alerts?since=" + period + "-01T00:00:00Z"),
  ]);
  document.getElementById("period").textContent = period;
  document.getElementById("asof").textContent = "as of " + when(asOf);
  const tiers = el(
    "div",
    { class: "tiers" },
    ...report.tiers.map((t) =>
      el("div", { class: "tier " + t.status }, el("b", {}, t.tier || "no tier"),
        `${t.accounts} accounts: ${t.green} on track, ${t.yellow} at risk, ${t.red} missed`)
    )
  );
  const order = { red: 0, yellow: 1, green: 2 };
  // The tables follow the summary's order of tiers, not the first account's.
  const byTier = new Map(report.tiers.map((t) => [t.tier || "no tier", []]));
  for (const a of report.accounts) {
    const key = a.tier || "no tier";
    if (!byTier.has(key)) byTier.set(key, []);
    byTier.get(key).push(a);
  }
  const sections = [];
  for (const [tier, accounts] of byTier) {
    if (!accounts.length) continue;
    accounts.sort((x, y) => order[x.status] - order[y.status] || x.name.localeCompare(y.name));
    sections.push(
      el("h2", {}, tier),
      table(
        ["customer", "status", "uptime", "target", "error budget", "credit"],
        accounts.map((a) =>
          el(
            "tr",
            {},
            el("td", {}, el("a", { href: "#/account/" + encodeURIComponent(a.customer) }, a.name)),
            el("td", {}, statusBadge(a.status)),
            el("td", { class: "num" }, a.uptime ? pct(a.uptime.percent) : "n/a"),
            el("td", { class: "num" }, a.uptime ? pct(a.uptime.target, 1) : ""),
            el("td", {}, a.uptime ? budgetBar(a.uptime.budget_consumed) : ""),
            el("td", { class: "num" }, a.credit ? `${a.credit.amount} ${a.credit.currency}` : "")
          )
        ),
        "No accounts."
      )
    );
  }
  const recent = alerts.alerts.slice().reverse().slice(0, 20);
  const more = alerts.alerts.length > recent.length ? ` (the latest 20 of ${alerts.alerts.length})` : "";
  view.replaceChildren(
    el("h1", {}, "Portfolio"),
    tiers,
    el("section", { class: "card" }, el("h2", {}, "Clocks at risk now"),
      table(["customer", "ticket", "state", "deadline"], clockRows(status.clocks), "No ticket clock at risk.")),
    el("section", { class: "card", id: "terms-at-risk" }, el("h2", {}, "Objectives and jobs at risk now"),
      table(["customer", "promise", "state", "figures"], termRows(status), "No objective or job at risk.")),
    el("section", { class: "card" }, ...sections),
    el("section", { class: "card" }, el("h2", {}, "Alerts this month" + more),
      table(["when", "severity", "customer", "what"], recent.map((a) => alertRow(a)), "No alerts this month.", "alerts"))
  );
}

// Uptime of the whole month as downtime accrues, against the target: the
// shape from the incidents, scaled so that it ends at the report's figure.
function uptimeChart(account, incidents, asOfIso) {
  const start = Date.parse(account.start), end = Date.parse(account.end);
  const now = Math.min(Date.parse(asOfIso), end);
  const whole = end - start;
  const spans = incidents
    .map((i) => [Math.max(start, Date.parse(i.started)), Math.min(now, i.ended ? Date.parse(i.ended) : now)])
    .filter(([a, b]) => b > a);
  const raw = spans.reduce((s, [a, b]) => s + (b - a), 0);
  const scale = raw > 0 ? (account.uptime.downtime_seconds * 1000) / raw : 0;
  const down = (t) => spans.reduce((s, [a, b]) => s + Math.max(0, Math.min(b, t) - a), 0) * scale;
  const points = [];
  const steps = 200;
  for (let i = 0; i <= steps; ++i) {
    const t = start + ((now - start) * i) / steps;
    points.push([t, 100 - (100 * down(t)) / whole]);
  }
  const target = account.uptime.target;
  const lo = Math.min(target - (100 - target), ...points.map((p) => p[1])) - 0.01;
  const x = (t) => ((t - start) / whole) * 1000;
  const y = (v) => 170 - ((v - lo) / (100 - lo)) * 160;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 1000 180");
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `uptime through the month against its target of ${target}%`);
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", points.map(([t, v]) => x(t).toFixed(1) + "," + y(v).toFixed(1)).join(" "));
  line.setAttribute("fill", "none");
  line.setAttribute("stroke", account.uptime.met ? "#1a7f37" : "#cf222e");
  line.setAttribute("stroke-width", "2");
  const goal = document.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({ x1: 0, x2: 1000, y1: y(target), y2: y(target), stroke: "#6e7781", "stroke-dasharray": "6 4" }))
    goal.setAttribute(k, v);
  const label = document.createElementNS(ns, "text");
  label.setAttribute("x", "6");
  label.setAttribute("y", String(y(target) - 4));
  label.setAttribute("font-size", "12");
  label.textContent = `target ${target}%`;
  svg.append(goal, line, label);
  return svg;
}

async function account(id) {
  const status = await api("/v1/status?customer=" + encodeURIComponent(id));
  asOf = status.as_of;
  const period = asOf.slice(0, 7);
  const [report, alerts] = await Promise.all([
    api("/v1/report?period=" + period + "&customer=" + encodeURIComponent(id)),
    api("/v1/alerts?customer=" + encodeURIComponent(id) + "&since=" + period + "-01T00:00:00Z"),
  ]);
  const a = report.accounts[0];
  if (!a) {
    view.replaceChildren(el("p", { class: "error" }, "No such account."));
    return;
  }
  const incidents = report.incidents.filter((i) => !i.customers || i.customers.includes(id));
  const parts = [el("p", {}, el("a", { href: "#/" }, "← portfolio")), el("h1", {}, a.name, " ", statusBadge(a.status))];
  if (a.uptime) {
    parts.push(
      el("section", { class: "card" },
        el("h2", {}, `Uptime ${pct(a.uptime.percent)} against ${pct(a.uptime.target, 1)} for ${period}`),
        el("p", {}, "Error budget: ", budgetBar(a.uptime.budget_consumed)),
        uptimeChart(a, incidents, asOf))
    );
  }
  if (a.objectives && a.objectives.length) {
    parts.push(
      el("section", { class: "card", id: "objectives" }, el("h2", {}, "Objectives"),
        table(["objective", "measured", "this month", "target", "error budget"],
          a.objectives.map((o) => el("tr", {},
            el("td", {}, o.name),
            el("td", {}, o.method === "ratio" ? `${o.total ?? 0} events` : `${o.bad_slices ?? 0} of ${o.slices ?? 0} slices bad`),
            el("td", { class: "num" }, pct(o.percent)),
            el("td", { class: "num" }, pct(o.target, 1)),
            el("td", {}, budgetBar(o.budget_consumed)))), ""))
    );
  }
  const jobs = Object.entries(a.jobs || {});
  if (jobs.length) {
    // The status covers the contract's own period (a quarter, its zone's month): only this page's month's runs.
    const inMonth = (r) => Date.parse(r.due) >= Date.parse(a.start) && Date.parse(r.due) < Date.parse(a.end);
    const overdue = new Map((status.jobs || []).map((j) => [j.job, (j.overdue || []).filter(inMonth)]));
    parts.push(
      el("section", { class: "card", id: "jobs" }, el("h2", {}, "Scheduled jobs"),
        table(["job", "due", "on time", "late", "now"],
          jobs.map(([name, j]) => el("tr", {},
            el("td", {}, name),
            el("td", {}, j.target),
            el("td", { class: "num" }, String(j.achieved)),
            el("td", { class: "num" }, String(j.breached)),
            el("td", { class: (overdue.get(name) || []).length ? "alert breach" : "" },
              (overdue.get(name) || []).length ? "overdue: " + overdue.get(name).map((r) => r.run).join(", ") : "—"))), ""))
    );
  }
  parts.push(
    el("section", { class: "card" }, el("h2", {}, "Ticket clocks now"),
      table(["customer", "ticket", "state", "deadline"], clockRows(status.clocks), "No clock running.")),
    el("section", { class: "card" }, el("h2", {}, "Incidents"),
      table(["started", "ended", "service", "what"],
        incidents.map((i) => el("tr", {}, el("td", {}, when(i.started)), el("td", {}, i.ended ? when(i.ended) : "ongoing"),
          el("td", {}, i.service), el("td", {}, i.title || ""))), "No incidents this month.")),
    el("section", { class: "card" }, el("h2", {}, "Credit"),
      a.credit ? el("p", {}, `${a.credit.amount} ${a.credit.currency}${a.credit.final ? "" : " (provisional until the month closes)"}`)
               : el("p", { class: "muted" }, "None owed.")),
    el("section", { class: "card" }, el("h2", {}, "Alerts"),
      table(["when", "severity", "customer", "what"], alerts.alerts.slice().reverse().map((x) => alertRow(x)),
        "No alerts this month.", "alerts"))
  );
  document.getElementById("period").textContent = period;
  document.getElementById("asof").textContent = "as of " + when(asOf);
  view.replaceChildren(...parts);
}

async function render() {
  const m = location.hash.match(/^#\/account\/(.+)$/);
  try {
    if (m) await account(decodeURIComponent(m[1]));
    else await portfolio();
  } catch (e) {
    view.replaceChildren(el("p", { class: "error" }, String(e.message || e)));
  }
}

// The alert stream (server-sent events) read with fetch, which can carry
// the token; each alert is shown at once and the figures are refreshed.
async function follow() {
  const live = document.getElementById("live");
  for (;;) {
    try {
      const res = await fetch("/v1/alerts/stream", { headers: token ? { Authorization: "Bearer " + token } : {} });
      if (!res.ok || !res.body) throw new Error("HTTP " + res.status);
      live.textContent = "live";
      live.className = "live on";
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split("\n");
          const field = (name) => lines.filter((l) => l.startsWith(name + ":")).map((l) => l.slice(name.length + 1).trim());
          const data = field("data").join("\n");
          if (!data) continue;
          const kind = field("event")[0] || "message";
          // A new alert is shown at once where it belongs (the portfolio, or
          // its own account's page); retractions and drafts change what the
          // figures say, which the refresh shows.
          if (kind === "alert") {
            const alert = JSON.parse(data);
            const shown = location.hash.match(/^#\/account\/(.+)$/);
            const body = document.getElementById("alerts");
            if (body && (!shown || decodeURIComponent(shown[1]) === alert.customer)) body.prepend(alertRow(alert, true));
          }
          scheduleRefresh();
        }
      }
    } catch (e) {
      // The server restarted or the network dropped: say so, and try again.
    }
    live.textContent = "offline";
    live.className = "live off";
    await new Promise((r) => setTimeout(r, 3000));
  }
}

let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(render, 1500);
}

window.addEventListener("hashchange", render);
render().then(follow);
