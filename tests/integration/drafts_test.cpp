// Every draft kind for an outage of the example portfolio, and every number
// in it checked against the ledger: the events themselves, and what
// vow report and vow credits compute from them.
#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "helpers.hpp"
#include "vow/render.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

struct Portfolio {
  fs::path dir;
  std::vector<json> events;
};

const Portfolio& portfolio() {
  static Portfolio p = [] {
    Portfolio out;
    auto top = scratch("drafts");
    out.dir = top / "examples" / "portfolio";
    fs::create_directories(out.dir);
    fs::copy(VOW_SOURCE_DIR "/examples/portfolio", out.dir, fs::copy_options::recursive);
    fs::copy(VOW_SOURCE_DIR "/rules", top / "rules", fs::copy_options::recursive);
    fs::remove(out.dir / "vow.db");
    std::string gen =
        "python3 '" + (out.dir / "generate.py").string() + "' --out '" + (out.dir / "e.ndjson").string() + "'";
    EXPECT_EQ(std::system(gen.c_str()), 0);
    EXPECT_EQ(run_vow(out.dir, "ingest e.ndjson").code, 0);
    std::ifstream in(out.dir / "e.ndjson");
    for (std::string line; std::getline(in, line);) out.events.push_back(json::parse(line));
    return out;
  }();
  return p;
}

const char* kAsOf = " --as-of 2026-12-20T00:00:00Z";

std::string draft(const std::string& args) {
  auto r = run_vow(portfolio().dir, "draft " + args + kAsOf);
  EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
  EXPECT_FALSE(r.out.empty()) << args;
  return r.out;
}

// A context for `tmpl` in which every {{name}} is `value`, every section
// that names no value is `sections`, and every {{{name}}} (Markdown the team
// wrote, raw on purpose) and Vow's own words at the start of list items
// (timeline dates, "first response") are harmless.
json hostile_context(const std::string& tmpl, const std::string& value, bool sections) {
  std::set<std::string> values, raw, blocks;
  static const std::regex tag(R"(\{\{(\{?)([#^/!&]?)\s*([^}]*?)\s*\}?\}\})");
  for (std::sregex_iterator it(tmpl.begin(), tmpl.end(), tag), end; it != end; ++it) {
    std::string kind = (*it)[2], name = (*it)[3];
    if (kind == "#" || kind == "^")
      blocks.insert(name);
    else if ((*it)[1].length() > 0 || kind == "&")
      raw.insert(name);
    else if (kind.empty())
      values.insert(name);
  }
  json ctx = json::object();
  auto set = [&](const std::string& name, const json& v) {
    json* at = &ctx;
    for (size_t from = 0;;) {
      size_t dot = name.find('.', from);
      std::string part = name.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
      if (dot == std::string::npos) {
        if (!at->contains(part) || !(*at)[part].is_object()) (*at)[part] = v;
        return;
      }
      if (!(*at)[part].is_object()) (*at)[part] = json::object();
      at = &(*at)[part];
      from = dot + 1;
    }
  };
  for (const auto& b : blocks) set(b, sections);
  for (const auto& r : raw) set(r, "raw");
  for (const auto& v : values) set(v, v == "at" || v == "at_local" || v == "metric" ? json("vow's own") : json(value));
  return ctx;
}

}  // namespace

// No value from contracts or events starts a line, or a list item's text,
// in any shipped template: `- x` there would be a list, `# y` a heading,
// `    code` a code block (docs/adr/0010).
TEST(Drafts, NoShippedTemplateStartsALineWithAValue) {
  size_t templates = 0;
  for (const auto& entry : fs::recursive_directory_iterator(VOW_SOURCE_DIR "/rules/templates")) {
    if (entry.path().extension() != ".mustache") continue;
    ++templates;
    std::ifstream in(entry.path());
    std::string tmpl((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string value : {"- x", "# y", "1. z", "    code"}) {
      std::string shown = vow::render_template("{{v}}", json{{"v", value}}.dump());
      for (bool sections : {true, false}) {
        std::string out = vow::render_template(tmpl, hostile_context(tmpl, value, sections).dump());
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);) {
          static const std::regex item(R"(^(- |\* |\d+\. ))");
          std::string text = std::regex_replace(line, item, "", std::regex_constants::format_first_only);
          for (const std::string& start : {line, text})
            EXPECT_NE(start.rfind(shown, 0), 0u) << entry.path() << " with \"" << value << "\":\n" << out;
        }
      }
    }
  }
  EXPECT_GE(templates, 9u);
}

TEST(Drafts, EveryKindForAnOutageCarriesTheLedgersNumbers) {
  const auto& p = portfolio();
  // The ledger's own account of outage inc-05 (on api, no customer list).
  std::string start, end;
  for (const auto& e : p.events) {
    if (e.value("outage", "") != "inc-05") continue;
    if (e["type"] == "outage.started") start = e["at"];
    if (e["type"] == "outage.ended") end = e["at"];
  }
  ASSERT_FALSE(start.empty());
  ASSERT_FALSE(end.empty());
  long long minutes = (unix_ms(end) - unix_ms(start)) / 60'000;
  // Who it affects, by the report: every account whose uptime covers api,
  // that is enterprise (api, dashboard) and mid-market (api).
  json report = json::parse(run_vow(p.dir, "report --period 2026-10" + std::string(kAsOf)).out);
  size_t affected = 0;
  for (const auto& a : report["accounts"])
    affected += !a["uptime"].is_null() && (a["tier"] == "enterprise" || a["tier"] == "mid-market");
  json mine;
  for (const auto& a : report["accounts"])
    if (a["customer"] == "c008") mine = a;
  char uptime[64], target[64];
  std::snprintf(uptime, sizeof uptime, "%.3f%%", mine["uptime"]["percent"].get<double>());
  std::snprintf(target, sizeof target, "%.3f%%", mine["uptime"]["target"].get<double>());
  json credits = json::parse(run_vow(p.dir, "credits --period 2026-10 --customer c008" + std::string(kAsOf)).out);
  std::string credit = credits["credits"][0]["amount"];

  std::string initial = draft("initial --outage inc-05 --customer c008");
  EXPECT_NE(initial.find(new_york(start)), std::string::npos) << initial;

  std::string update = draft("update --outage inc-05 --customer c008");
  EXPECT_NE(update.find(new_york(end)), std::string::npos) << update;

  std::string resolved = draft("resolved --outage inc-05 --customer c008");
  EXPECT_NE(resolved.find(new_york(start)), std::string::npos);
  EXPECT_NE(resolved.find(new_york(end)), std::string::npos);
  EXPECT_NE(resolved.find(std::string(uptime) + " against a commitment of " + target), std::string::npos) << resolved;

  std::string follow = draft("report-to-follow --outage inc-05 --customer c008");
  EXPECT_NE(follow.find(new_york(start)), std::string::npos);

  // The team's own view, in UTC, with every account.
  std::string internal = draft("internal-status --outage inc-05");
  EXPECT_NE(internal.find("Started: " + start), std::string::npos) << internal;
  EXPECT_NE(internal.find("Affected accounts: " + std::to_string(affected)), std::string::npos) << internal;
  EXPECT_NE(internal.find("| Monarch Corp 8 (c008) | enterprise | " + std::string(uptime) + " | " + target + " | " +
                          credit + " USD | yes |"),
            std::string::npos)
      << internal;

  std::string post = draft("postmortem --outage inc-05 --customer c008");
  EXPECT_NE(post.find("- Start: " + new_york(start)), std::string::npos) << post;
  EXPECT_NE(post.find("- End: " + new_york(end)), std::string::npos);
  EXPECT_NE(post.find("(" + std::to_string(minutes) + " minutes)"), std::string::npos);
  EXPECT_NE(post.find("- Your uptime for 2026-10: " + std::string(uptime) + " against a commitment of " + target),
            std::string::npos);
  EXPECT_NE(post.find("- Service credit: " + credit + " USD"), std::string::npos);
  // Without an incident record, what the team must fill in is marked missing.
  EXPECT_NE(post.find("[Root cause missing from the incident record.]"), std::string::npos);

  std::string offer = draft("credit-offer --customer c008 --period 2026-10");
  EXPECT_NE(offer.find("**" + credit + " USD**"), std::string::npos) << offer;
  EXPECT_NE(offer.find("available " + std::string(uptime) + " of the time"), std::string::npos);
  EXPECT_NE(offer.find("inc-05"), std::string::npos);  // the post-incident report it refers to
  std::istringstream words(offer);
  size_t n = 0;
  for (std::string w; words >> w;) ++n;
  EXPECT_GE(n, 200u);
  EXPECT_LE(n, 250u);
}

TEST(Drafts, BreachNoticeForATicketAndTheIncidentRecord) {
  const auto& p = portfolio();
  // A ticket of c008 that missed a target, and one that missed none.
  std::string ticket, kept;
  for (const auto& e : p.events) {
    if (e["type"] != "ticket.opened" || e["customer"] != "c008") continue;
    json facts = json::parse(draft("breach --ticket " + e["ticket"].get<std::string>() + " --format json"));
    EXPECT_EQ(facts["customer"]["id"], "c008");
    (facts["ticket"]["breached"].get<bool>() ? ticket : kept) = e["ticket"];
  }
  ASSERT_FALSE(ticket.empty());
  std::string text = draft("breach --ticket " + ticket);
  EXPECT_NE(text.find(ticket), std::string::npos);
  // Nothing was missed: no notice of a breach (ADR 0014).
  if (!kept.empty()) {
    auto r = run_vow(p.dir, "draft breach --ticket " + kept + kAsOf);
    EXPECT_EQ(r.code, 3) << r.out;
  }

  write(p.dir / "inc.toml",
        "root_cause = \"A lock held by the backup job.\"\npreventive_measures = [\"Monthly drills\"]\n");
  std::string post = draft("postmortem --outage inc-05 --customer c008 --incident inc.toml --format text");
  EXPECT_NE(post.find("A lock held by the backup job."), std::string::npos);
  EXPECT_NE(post.find("- Monthly drills"), std::string::npos);
  EXPECT_NE(post.find("[Contributing factors missing from the incident record.]"), std::string::npos);
  EXPECT_EQ(post.find("**"), std::string::npos);  // plain text
}

TEST(Drafts, TierTemplatesOverrideTheDefault) {
  std::string enterprise = draft("initial --outage inc-05 --customer c008");
  EXPECT_NE(enterprise.find("[Action taken]"), std::string::npos);  // rules/templates/enterprise
  std::string mid = draft("initial --outage inc-05 --customer c000");
  EXPECT_EQ(mid.find("[Action taken]"), std::string::npos);
}

TEST(Drafts, WrongRequestsAreUsageErrors) {
  const auto& p = portfolio();
  EXPECT_EQ(run_vow(p.dir, "draft apology --outage inc-05").code, 2);
  EXPECT_EQ(run_vow(p.dir, "draft initial --outage nope --customer c008").code, 2);
  EXPECT_EQ(run_vow(p.dir, "draft initial --outage inc-05").code, 2);  // to whom?
  auto r = run_vow(p.dir, "draft initial --outage inc-07 --customer c008" + std::string(kAsOf));
  EXPECT_EQ(r.code, 2);  // inc-07 names other customers
  EXPECT_NE(r.out.find("does not affect this customer"), std::string::npos) << r.out;
}

// Issue 8, point 2: c000 ends October at 99.590% against 99.5%, so it is
// owed nothing, and a credit offer would offer 0.00 USD. Vow refuses it,
// says why, exits 3 and writes no file (ADR 0014).
TEST(Drafts, ACreditOfferWithNothingOwedIsRefused) {
  const auto& p = portfolio();
  json facts = json::parse(draft("credit-offer --customer c000 --period 2026-10 --format json"));
  ASSERT_FALSE(facts["account"]["credit"]["owed"].get<bool>()) << facts.dump(2);
  fs::remove(p.dir / "offer.md");
  auto r = run_vow(p.dir, "draft credit-offer --customer c000 --period 2026-10 --output offer.md" + std::string(kAsOf));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("c000 is owed no credit for 2026-10"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("We did not keep our promise"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(p.dir / "offer.md"));
  // The facts still show why.
  EXPECT_NE(facts["does_not_apply"].get<std::string>().find("nothing to offer"), std::string::npos);
  // A month that is owed one is still offered.
  EXPECT_NE(draft("credit-offer --customer c008 --period 2026-10").find("**"), std::string::npos);
}

// Issue 8, point 3: once an outage has ended, no draft speaks of it as
// going on; while it goes on, none speaks of it as over.
TEST(Drafts, AnEndedOutageIsNotDescribedAsOngoing) {
  const auto& p = portfolio();
  for (const std::string customer : {"c000", "c008"}) {  // the default and the enterprise initial
    std::string initial = draft("initial --outage inc-05 --customer " + customer);
    EXPECT_EQ(initial.find("so far"), std::string::npos) << initial;
    EXPECT_EQ(initial.find("working on it now"), std::string::npos) << initial;
    EXPECT_EQ(initial.find("until it is resolved"), std::string::npos) << initial;
    EXPECT_NE(initial.find("3 h"), std::string::npos) << initial;
  }
  std::string update = draft("update --outage inc-05 --customer c008");
  EXPECT_EQ(update.find("keep you posted until it is resolved"), std::string::npos) << update;
  EXPECT_EQ(update.find("so far"), std::string::npos) << update;
  EXPECT_NE(update.find("working normally again"), std::string::npos) << update;

  // An hour into inc-05 (15:42 to 18:42 UTC) it is ongoing.
  const std::string during = " --as-of 2026-10-02T16:42:00Z";
  auto ongoing = run_vow(p.dir, "draft update --outage inc-05 --customer c008" + during);
  EXPECT_EQ(ongoing.code, 0) << ongoing.out;
  EXPECT_NE(ongoing.out.find("still ongoing"), std::string::npos) << ongoing.out;
  EXPECT_NE(ongoing.out.find("keep you posted until it is resolved"), std::string::npos) << ongoing.out;
  EXPECT_EQ(ongoing.out.find("working normally"), std::string::npos) << ongoing.out;
  for (const std::string kind : {"resolved", "report-to-follow", "postmortem"}) {
    auto r = run_vow(p.dir, "draft " + kind + " --outage inc-05 --customer c008" + during);
    EXPECT_EQ(r.code, 3) << kind << ":\n" << r.out;
    EXPECT_NE(r.out.find("still ongoing"), std::string::npos) << r.out;
  }
  // c000's mid-market contract promises no post-incident report.
  auto r = run_vow(p.dir, "draft report-to-follow --outage inc-05 --customer c000" + std::string(kAsOf));
  EXPECT_EQ(r.code, 3) << r.out;
}

// Issue 8, point 3: a customer in New York reads New York times, named;
// no draft to a customer gives a UTC instant.
TEST(Drafts, CustomerDraftsGiveTimesInTheContractsZone) {
  const auto& p = portfolio();
  std::string start;
  for (const auto& e : p.events)
    if (e.value("outage", "") == "inc-05" && e["type"] == "outage.started") start = e["at"];
  ASSERT_EQ(new_york(start).substr(17), "EDT");
  static const std::regex utc_instant(R"(\d{4}-\d\d-\d\dT\d\d:\d\d|\(UTC\))");
  for (const std::string args :
       {"initial --outage inc-05 --customer c000", "initial --outage inc-05 --customer c008",
        "update --outage inc-05 --customer c008", "resolved --outage inc-05 --customer c008",
        "report-to-follow --outage inc-05 --customer c008", "postmortem --outage inc-05 --customer c008",
        "credit-offer --customer c008 --period 2026-10"}) {
    std::string text = draft(args);
    EXPECT_NE(text.find(new_york(start)), std::string::npos) << args << ":\n" << text;
    EXPECT_FALSE(std::regex_search(text, utc_instant)) << args << ":\n" << text;
  }
  // A breach notice too, for a ticket opened in December (EST).
  for (const auto& e : p.events) {
    if (e["type"] != "ticket.opened" || e["customer"] != "c008") continue;
    auto r = run_vow(p.dir, "draft breach --ticket " + e["ticket"].get<std::string>() + kAsOf);
    if (r.code != 0) continue;
    EXPECT_NE(r.out.find(new_york(e["at"])), std::string::npos) << r.out;
    EXPECT_FALSE(std::regex_search(r.out, utc_instant)) << r.out;
  }
}

// Issue 8, point 3: how many customers an outage hit, and who they are,
// is the team's to know, not a customer's.
TEST(Drafts, InternalFiguresStayInternal) {
  std::string post = draft("postmortem --outage inc-05 --customer c008");
  EXPECT_EQ(post.find("Customers affected"), std::string::npos) << post;
  for (const std::string args :
       {"initial --outage inc-05 --customer c008", "postmortem --outage inc-05 --customer c008",
        "update --outage inc-05 --customer c008"}) {
    json facts = json::parse(draft(args + " --format json"));
    EXPECT_FALSE(facts.contains("affected")) << args;
    EXPECT_EQ(facts.dump().find("Wonka Bank 0"), std::string::npos) << args;  // another customer, also hit
  }
  json internal = json::parse(draft("internal-status --outage inc-05 --format json"));
  EXPECT_GT(internal["affected"]["count"].get<int>(), 1);
}
