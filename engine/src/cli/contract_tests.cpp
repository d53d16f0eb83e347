// `vow test` (terms.md, "Contract tests"): a test folder's events are
// evaluated in a ledger of their own, in memory, with the configured rules,
// and each check's JSON is compared with what it expects. Nothing is read
// from or written to the configured ledger.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/expect_json.hpp"
#include "vow/config.hpp"
#include "vow/engine.hpp"
#include "vow/render.hpp"
#include "workspace/files.hpp"

namespace fs = std::filesystem;

namespace vow::cli {
namespace {

using J = nlohmann::json;

// A check names a command as `vow` would take it; `vow test` answers the
// commands whose JSON a contract's figures are in.
struct Check {
  std::string command;
  Query query;
  std::optional<Instant> since;
};

Check parse_check(const J& args, const std::string& where) {
  auto bad = [&](const std::string& why) { return Error(Exit::BadData, where + ": " + why); };
  if (!args.is_array() || args.empty() || !args[0].is_string())
    throw bad("\"args\" must be a list of words such as [\"report\", \"--period\", \"2026-10\"]");
  Check c;
  c.command = args[0];
  if (c.command != "report" && c.command != "credits" && c.command != "status" && c.command != "alerts")
    throw bad("vow test runs report, credits, status and alerts, not " + c.command);
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!args[i].is_string()) throw bad("\"args\" must hold only strings");
    std::string flag = args[i];
    if (i + 1 >= args.size() || !args[i + 1].is_string()) throw bad(flag + " needs a value");
    std::string value = args[++i];
    if (flag == "--period") {
      c.query.period = value;
    } else if (flag == "--as-of" || flag == "--since") {
      auto t = parse_instant(value);
      if (!t) throw bad(flag + " " + value + ": expected an RFC 3339 timestamp such as 2026-11-02T00:00:00Z");
      (flag == "--as-of" ? c.query.as_of : c.since.emplace()) = *t;
    } else if (flag == "--customer") {
      c.query.customers.push_back(value);
    } else if (flag == "--tier") {
      c.query.tier = value;
    } else if (flag == "--audience" && c.command == "report" && (value == "internal" || value == "customer")) {
      c.query.customer_audience = value == "customer";
    } else if (flag == "--format" && value == "json") {
    } else {
      throw bad(flag + " " + value + " is not an option vow test takes for " + c.command +
                " (--period, --as-of, --customer, --tier, --since for alerts, --audience for report, --format json)");
    }
  }
  return c;
}

std::string answer(Engine& engine, const Check& c) {
  if (c.command == "report") return to_json(engine.report(c.query));
  if (c.command == "credits") return to_json(engine.credits(c.query));
  if (c.command == "status") return to_json(engine.status(c.query));
  return to_json(engine.alerts(c.query, c.since));
}

std::string joined(const J& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + (a.is_string() ? a.get<std::string>() : a.dump());
  return out;
}

struct Tally {
  int passed = 0, failed = 0;
};

// One folder: its events in a ledger of its own, then each check.
void run_folder(const WorkspaceConfig& config, const fs::path& folder, Tally& tally) {
  const std::string name = folder.lexically_normal().string();
  Engine engine;
  engine.add_contract_paths(config.rule_paths, fs::current_path());
  const auto& problems = engine.finish_contracts();
  if (!problems.empty()) {
    for (const auto& d : problems) std::cerr << d.str() << "\n";
    throw Error(Exit::BadConfig, "the contracts have problems: vow check says which");
  }
  fs::path events = folder / "events.ndjson", checks_file = folder / "checks.json";
  if (fs::exists(events)) {
    auto refused = engine.add_events_ndjson(read_input(events.string()), events.string());
    if (!refused.empty()) {
      for (const auto& d : refused) std::cerr << d.str() << "\n";
      throw Error(Exit::BadData, events.string() + ": the events of a test are taken whole; fix the lines above");
    }
  }
  J checks;
  try {
    checks = J::parse(read_input(checks_file.string()));
  } catch (const J::parse_error& e) {
    throw Error(Exit::BadData, checks_file.string() + ": not JSON: " + e.what());
  }
  if (!checks.is_array())
    throw Error(Exit::BadData, checks_file.string() + ": must be a list of { \"args\": [...], \"expect\": {...} }");
  for (std::size_t i = 0; i < checks.size(); ++i) {
    std::string where = checks_file.string() + ": check " + std::to_string(i + 1);
    const J& check = checks[i];
    if (!check.is_object() || !check.contains("args") || !check.contains("expect"))
      throw Error(Exit::BadData, where + ": must be { \"args\": [...], \"expect\": {...} }");
    Check c = parse_check(check["args"], where);
    std::vector<Mismatch> found;
    try {
      compare_json(check["expect"], J::parse(answer(engine, c)), "$", found);
    } catch (const Error& e) {
      found.push_back({"$", std::string("the command failed: ") + e.what()});
    }
    std::string label = name + ": check " + std::to_string(i + 1) + " (" + joined(check["args"]) + ")";
    for (const Mismatch& m : found) std::cout << "FAIL " << label << ": " << m.path << ": " << m.what << "\n";
    (found.empty() ? tally.passed : tally.failed)++;
  }
}

// The folders under each configured rule folder's tests/, in name order.
std::vector<fs::path> default_folders(const WorkspaceConfig& config) {
  std::vector<fs::path> out;
  for (const fs::path& rules : config.rule_paths) {
    fs::path tests = rules / "tests";
    if (!fs::is_directory(tests)) continue;
    std::vector<fs::path> here;
    for (const auto& entry : fs::directory_iterator(tests))
      if (entry.is_directory()) here.push_back(entry.path());
    std::sort(here.begin(), here.end());
    out.insert(out.end(), here.begin(), here.end());
  }
  return out;
}

}  // namespace

int test(const Options& o) {
  WorkspaceConfig config = load_config(config_path(o));
  std::vector<fs::path> folders;
  for (const std::string& f : o.files) folders.emplace_back(f);
  if (folders.empty()) folders = default_folders(config);
  for (fs::path& f : folders) f = fs::proximate(f).lexically_normal();  // as a person would type it
  if (folders.empty())
    throw Error(Exit::Usage,
                "no test folders: give DIR, or put folders of events.ndjson and checks.json under "
                "tests/ in a rules folder (rules/tests/NAME/)");
  for (const fs::path& f : folders)
    if (!fs::is_regular_file(f / "checks.json"))
      throw Error(Exit::Usage, f.string() + ": not a test folder (it has no checks.json)");
  Tally tally;
  for (const fs::path& f : folders) run_folder(config, f, tally);
  std::cout << tally.passed << " passed, " << tally.failed << " failed\n";
  constexpr int kExpectationFailed = 3;  // terms.md, "Contract tests"
  return tally.failed > 0 ? kExpectationFailed : 0;
}

}  // namespace vow::cli
