// Turns the recorded Lua definitions into Contract terms. This file only
// coordinates: the checks before (field_checks), the calendars
// (calendar_lookup), tier inheritance (inherit) and one builder per kind of
// field (build_terms.hpp) are their own pieces; every problem goes to the
// sink at the line of the field it is about.
#include <algorithm>
#include <deque>
#include <map>
#include <numeric>
#include <set>

#include "contracts/build_terms.hpp"
#include "contracts/calendar_lookup.hpp"
#include "contracts/contract_set.hpp"
#include "contracts/field_checks.hpp"
#include "contracts/fields.hpp"
#include "contracts/inherit.hpp"

namespace vow {
namespace {

using Kind = Definition::Kind;

// Reads the definitions, reports to the sink, and appends the contracts
// that resolved to `out`; the calendars they use go to `calendars`.
class Resolver {
 public:
  Resolver(lua_State* state, const std::vector<Definition>& definitions, const ContractSet& lines, DiagnosticSink& sink,
           std::vector<Contract>& out, CalendarStore& calendars)
      : L(state),
        defs_(definitions),
        lines_(lines),
        sink_(sink),
        out_(out),
        calendars_(calendars),
        reader_(state, lines, sink) {}

  void run() {
    check_duplicates(defs_, sink_);
    for (const auto& d : defs_)
      if (d.kind == Kind::Tier) tier_defs_.emplace(d.name, &d);
    for (const auto& d : defs_)
      if (!check_fields(L, d, lines_, sink_)) bad_text_.insert(&d);
    calendars_.read(L, defs_, lines_, sink_);
    std::set<std::string> seen;
    for (const auto& d : defs_) {
      if (d.kind != Kind::Contract || !seen.insert(d.name).second) continue;
      Contract c;
      if (build(d, c)) out_.push_back(std::move(c));
    }
    // Tiers nobody uses still get their types checked.
    for (const auto& d : defs_) {
      if (d.kind != Kind::Tier || bad_text_.count(&d)) continue;
      Contract scratch;
      build_from({&d}, d, scratch);
    }
    // By id: the order indices sort in, then each contract moved once
    // (thousands of them, each a large object).
    std::vector<std::size_t> order(out_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return out_[a].id < out_[b].id; });
    if (!std::is_sorted(order.begin(), order.end())) {
      std::vector<Contract> sorted;
      sorted.reserve(out_.size());
      for (std::size_t i : order) sorted.push_back(std::move(out_[i]));
      out_ = std::move(sorted);
    }
  }

 private:
  lua_State* L;
  const std::vector<Definition>& defs_;
  const ContractSet& lines_;
  DiagnosticSink& sink_;
  std::vector<Contract>& out_;
  CalendarLookup calendars_;
  FieldReader reader_;
  std::map<std::string, const Definition*> tier_defs_;  // the first of each name
  std::set<const Definition*> bad_text_;                // definitions with text too long or not UTF-8
  std::deque<Definition> amendments_;                   // the layers of every contract's amendments

  // The tier `d` names, or nullptr (after reporting a name that is no tier).
  const Definition* tier_of(const Definition& d) {
    const Definition* tier = nullptr;
    d.table.push(L);
    if (rawfield(L, lua_gettop(L), "tier") != LUA_TNIL) {
      reader_.point_at(&d);
      reader_.name("contract " + quote(d.name));
      if (lua_type(L, -1) != LUA_TSTRING) {
        reader_.error("tier", "must be the name of a tier");
      } else {
        auto it = tier_defs_.find(lua_tostring(L, -1));
        if (it == tier_defs_.end()) {
          std::vector<std::string_view> names;
          for (auto& [n, _] : tier_defs_) names.push_back(n);
          reader_.error("tier",
                        ": unknown tier " + quote(lua_tostring(L, -1)) + did_you_mean(lua_tostring(L, -1), names));
        } else {
          tier = it->second;
        }
      }
    }
    lua_pop(L, 2);
    return tier;
  }

  bool build(const Definition& d, Contract& c) {
    const Definition* tier = tier_of(d);
    if (tier) c.tier = tier->name;
    // Text that was refused is never copied out of Lua: 20 MB names in
    // every contract would otherwise add up in the engine's memory.
    if (bad_text_.count(&d) || (tier && bad_text_.count(tier))) return false;
    Layers layers{tier, &d};
    if (!build_from(layers, d, c)) return false;
    return build_versions(layers, d, c);
  }

  // With `amendments` (1.1), one version of the terms per amendment, each
  // over the ones before it; `c` (built from `layers`) owns them all.
  bool build_versions(Layers layers, const Definition& d, Contract& c) {
    d.table.push(L);
    if (rawfield(L, lua_gettop(L), "amendments") == LUA_TNIL) {
      lua_pop(L, 2);
      return true;
    }
    reader_.point_at(&d);
    std::vector<const Definition*> amendments;
    bool ok = build_amendments(reader_, d, c.quarterly(), amendments_, amendments);
    lua_pop(L, 2);
    for (const Definition* a : amendments)
      if (!check_fields(L, *a, lines_, sink_)) ok = false;
    if (!ok || amendments.empty()) return ok;
    auto history = std::make_shared<TermsHistory>();
    auto first = std::make_unique<Contract>();
    first->tier = c.tier;
    ok = build_from(layers, d, *first);  // the terms before any amendment, held by the history too
    history->versions.push_back({std::nullopt, std::move(first)});
    for (const Definition* a : amendments) {
      layers.push_back(a);
      auto version = std::make_unique<Contract>();
      version->tier = c.tier;
      ok = build_from(layers, d, *version) && ok;
      for (std::size_t i = 2; i < layers.size(); ++i) apply_amendment_clause(L, *layers[i], *version);
      version->terms_from = a->from;
      history->versions.push_back({parse_period(a->from), std::move(version)});
    }
    for (auto& v : history->versions) v.terms->versions = history.get();
    c.versions = history.get();
    c.history = std::move(history);
    return ok;
  }

  // Each field of the layers (a tier, the contract, its amendments), the
  // upper over the lower, in the order messages list them.
  bool build_from(const Layers& layers, const Definition& d, Contract& c) {
    const Definition* own = &d;
    // Who the contract is and where it stands overall are its own text,
    // never an amendment's.
    const Layers signed_text(layers.begin(), layers.begin() + std::min<std::size_t>(layers.size(), 2));
    bool ok = true;
    reader_.name(std::string(kind_name(d.kind)) + " " + quote(d.name));
    c.id = d.name;
    c.name = d.name;
    c.at = d.at;
    c.zone = &Zone::utc();
    auto with_in = [&](const Layers& from_layers, const char* key, auto&& build_field) {
      if (const Definition* from = push_inherited(L, from_layers, key)) {
        reader_.point_at(from);
        if (!build_field()) ok = false;
      }
      lua_pop(L, 1);
      reader_.point_at(own);
    };
    auto with = [&](const char* key, auto&& build_field) { with_in(layers, key, build_field); };
    auto& r = reader_;
    with_in(signed_text, "name", [&] { return build_name(r, c.name); });
    with_in(signed_text, "timezone", [&] { return build_timezone(r, c.zone); });
    with_in(signed_text, "commitment", [&] { return build_commitment(r, c.commitment); });
    with("currency", [&] { return build_currency(r, c.currency); });
    with("monthly_fee", [&] { return build_amount(r, "monthly_fee", c.monthly_fee); });
    with("acv", [&] { return build_amount(r, "acv", c.acv); });
    std::string default_calendar = "24x7";
    bool calendar_ok = true;
    with("calendar", [&] { return calendar_ok = build_default_calendar(r, calendars_, c.zone, default_calendar); });
    // Terms merge by name, not key by key (terms.md): read from both texts.
    if (!build_uptimes(r, layers, c)) ok = false;
    reader_.point_at(own);
    with("response", [&] { return build_targets(r, calendars_, "response", c.response, default_calendar, c.zone); });
    with("resolution",
         [&] { return build_targets(r, calendars_, "resolution", c.resolution, default_calendar, c.zone); });
    with("next_reply",
         [&] { return build_targets(r, calendars_, "next_reply", c.next_reply, default_calendar, c.zone); });
    with("update_every",
         [&] { return build_targets(r, calendars_, "update_every", c.update, default_calendar, c.zone); });
    with("pause_on", [&] { return build_pause_on(r, c.pause_on); });
    with("compliance_target", [&] { return build_compliance_target(r, c.compliance_target); });
    with("budget_warn", [&] { return build_budget_warn(r, c.budget_warn); });
    with("credit_cap", [&] { return build_credit_cap(r, c.credit_cap); });
    with("credit_cap_days", [&] { return build_credit_cap_days(r, c.credit_cap_days); });
    with("warn_at", [&] { return build_warn_at(r, c.warn_at); });
    with("credit", [&] { return build_credit(r, c.credit); });
    if (!c.credit.term.empty() && c.credit.term != "*" &&
        std::none_of(c.uptimes.begin(), c.uptimes.end(),
                     [&](const UptimeTerm& u) { return u.name == c.credit.term; })) {
      std::string names;
      for (const UptimeTerm& u : c.uptimes) names += (names.empty() ? "" : ", ") + quote(u.name);
      reader_.error("credit.term", ": no uptime term is named " + quote(c.credit.term) +
                                       (names.empty() ? " (the contract has none)" : " (its terms: " + names + ")"));
      ok = false;
    }
    with("communications",
         [&] { return build_communications(r, calendars_, default_calendar, c.zone, c.communications); });
    with("escalate", [&] { return build_escalate(r, c.escalate); });
    with("burn_alerts", [&] { return build_burn_alerts(r, c.burn_alerts); });
    with("objectives", [&] { return build_objectives(r, c.objectives); });
    with("jobs", [&] {
      const Calendar* holidays = calendar_ok ? calendars_.find(r, "calendar", default_calendar, c.zone) : nullptr;
      return build_jobs(r, c.zone, holidays, c.jobs);
    });
    with_in(signed_text, "clause", [&] {
      if (lua_type(L, -1) == LUA_TSTRING) return c.clause = lua_tostring(L, -1), true;
      return r.error("clause", "must be text: where the contract stands, such as \"Enterprise SLA, 2026\""), false;
    });
    with("note", [&] {
      if (lua_type(L, -1) == LUA_TSTRING) return c.note = lua_tostring(L, -1), true;
      return r.error("note", "must be text: what the signed contract says that Vow does not compute"), false;
    });
    // A figure's clause is the innermost table's that names one (terms.md).
    for (UptimeTerm& u : c.uptimes) {
      if (!u.clause) u.clause = c.clause;
      u.zone = c.zone;
    }
    for (Metric m : {Metric::Response, Metric::Resolution, Metric::NextReply, Metric::Update})
      for (auto& [_, t] : c.targets(m))
        if (!t.clause) t.clause = c.clause;
    if (c.communications && !c.communications->clause) c.communications->clause = c.clause;
    if (!c.credit.clause) c.credit.clause = c.clause;
    for (auto& [_, job] : c.jobs)
      if (!job.clause) job.clause = c.clause;
    for (Objective& o : c.objectives)
      if (!o.clause) o.clause = c.clause;
    return ok;
  }
};

}  // namespace

void ContractSet::resolve() {
  Resolver(sandbox_.L(), definitions_, *this, diagnostics_, contracts_, calendars_).run();
  diagnostics_.tidy();
  by_id_.clear();
  for (const Contract& c : contracts_) by_id_.emplace(c.id, &c);
}

}  // namespace vow
