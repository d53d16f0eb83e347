// A contract's terms once its Lua definition, its tier and its calendars are
// resolved: plain data that the arithmetic reads.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compliance/money.hpp"
#include "contracts/registry_ref.hpp"
#include "time/calendar.hpp"
#include "vow/event.hpp"

namespace vow {

struct SourceRef {
  std::string file;
  int line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

struct Target {
  Millis target = 0;  // open time of `calendar`
  const Calendar* calendar = nullptr;
  std::string calendar_name;
};

struct UptimeTerm {
  double target = 0;
  std::vector<std::string> services;
  bool combine_all = false;
  double partial_weight = 1.0;
  Millis maintenance_notice = 7 * 86'400'000LL;
  Millis min_outage = 0;
  RegistryRef exclude_fn;  // empty: none
  SourceRef exclude_at;
};

struct ScheduleRow {
  double below = 0;
  double percent = 0;
};

struct CreditTerm {
  enum class Kind { None, Schedule, Function } kind = Kind::None;
  std::vector<ScheduleRow> rows;
  RegistryRef fn;  // for Kind::Function
  SourceRef at;
};

struct Communications {
  std::optional<Millis> initial, update_every, postmortem;
};

struct Contract {
  std::string id;
  std::string name;
  std::optional<std::string> tier;
  const Zone* zone = nullptr;
  std::string currency = "USD";
  std::optional<Decimal> monthly_fee;
  std::optional<Decimal> acv;
  std::optional<UptimeTerm> uptime;
  std::map<std::string, Target> response, resolution;
  std::set<TicketStatus> pause_on{TicketStatus::Pending, TicketStatus::OnHold};
  double compliance_target = 0.95;
  std::vector<double> warn_at{0.8, 0.9};
  double budget_warn = 0.8;
  CreditTerm credit;
  double credit_cap = 100;
  std::optional<Communications> communications;
  SourceRef at;

  // The contract's own fee: monthly_fee, else acv / 12, unrounded.
  std::optional<Decimal> base_fee() const;
};

}  // namespace vow
