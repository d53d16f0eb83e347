// A contract's terms once its Lua definition, its tier and its calendars are
// resolved: plain data that the arithmetic reads. contracts/ builds them;
// the contract code in them is opaque here (CodeRef), called only through
// ContractCalls (compliance/contract_calls.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compliance/money.hpp"
#include "time/calendar.hpp"
#include "time/period.hpp"
#include "vow/event.hpp"

namespace vow {

// A function of a contract's code. What it holds (a Lua function in the
// registry) is the business of the ContractCalls that made it; here it only
// says whether there is one. Move-only: it owns what it holds, whose
// lifetime may be bound to an interpreter.
class CodeRef {
 public:
  struct Held {
    virtual ~Held() = default;
  };
  CodeRef() = default;
  explicit CodeRef(std::unique_ptr<Held> held) : held_(std::move(held)) {}
  explicit operator bool() const { return held_ != nullptr; }
  const Held* get() const { return held_.get(); }

 private:
  std::unique_ptr<Held> held_;
};

struct SourceRef {
  std::string file;
  int line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

// The ticket clocks: first response and resolution (version 1), and (1.1)
// the next reply to each customer message and the regular update.
enum class Metric { Response, Resolution, NextReply, Update };
inline const char* metric_name(Metric m) {
  switch (m) {
    case Metric::Response:
      return "response";
    case Metric::Resolution:
      return "resolution";
    case Metric::NextReply:
      return "next_reply";
    default:
      return "update";
  }
}

// What business_days(n) reads as (contract language 1.1): a target or a
// notice's wait whose length depends on when it starts.
inline std::string business_days_text(int n) {
  return "business_days(" + std::to_string(n) + ")";
}

struct Target {
  Millis target = 0;  // open time of `calendar`
  const Calendar* calendar = nullptr;
  std::string calendar_name;
  std::optional<std::string> clause;  // 1.1: where it stands in the signed contract
  // 1.1: > 0 for business_days(n): each clock's target is the open time from
  // its start to the close of the n-th open day after the start's local
  // date, in `calendar` (a 24x7 calendar's days are those of `zone`).
  int business_days = 0;
  const Zone* zone = nullptr;
};

// A notice's wait (communications): a duration, or (1.1) business_days(n):
// until the close of the n-th open day of `calendar` after the local date
// of its start.
struct Wait {
  Millis length = 0;
  int business_days = 0;
  const Calendar* calendar = nullptr;
  const Zone* zone = nullptr;  // a 24x7 calendar's days
  Instant after(Instant start, CalendarCache& cache) const {
    return business_days > 0 ? calendar->close_of_open_day(start, business_days, *zone, cache) : start + length;
  }
};

// How a term reads an indicator's sli.counted windows (1.1, slis.md).
enum class SliMethod { Ratio, Timeslices, RatioTimeslices };
struct SliMeasure {
  std::string sli;
  SliMethod method = SliMethod::Ratio;
  Millis slice = 0;                         // timeslices and ratio_timeslices: divides a day
  double max_error_rate = 0;                // timeslices: percent, as written
  std::int64_t rate_num = 0, rate_den = 1;  // the same, exactly
  std::int64_t min_total = 1;
};

struct UptimeTerm {
  std::string name = "uptime";        // 1.1: each term of a list has its own
  std::optional<std::string> clause;  // where the term stands in the signed contract
  std::optional<double> fee_share;    // of the fee, in schedule { term = "*" }; none: 1 / number of terms
  double target = 0;
  std::vector<std::string> services;
  bool combine_all = false;
  double partial_weight = 1.0;
  Millis maintenance_notice = 7 * 86'400'000LL;
  Millis min_outage = 0;
  CodeRef exclude_fn;  // empty: none
  SourceRef exclude_at;
  // 1.1 (slis.md): downtime from an indicator's bad slices, or a ratio of
  // its events; `services` may then be empty.
  std::optional<SliMeasure> measure{};
  std::int64_t target_num = 0, target_den = 1;  // the target exactly, with a measure
  const Zone* zone = nullptr;                   // the contract's: slices start at its midnights
  bool by_events() const { return measure && measure->method != SliMethod::Timeslices; }
};

// { below = B, percent = P } matches an uptime under B; { at_most = B, ... }
// (contract language 1.1) one at or under B.
struct ScheduleRow {
  double bound = 0;
  bool inclusive = false;  // at_most
  double percent = 0;
};

struct CreditTerm {
  enum class Kind { None, Schedule, Function } kind = Kind::None;
  std::vector<ScheduleRow> rows;
  // The uptime term a schedule reads (1.1): its name, "*" for each term
  // weighted by its fee_share, or empty for the first.
  std::string term;
  CodeRef fn;  // for Kind::Function
  SourceRef at;
  std::optional<std::string> clause;  // the schedule's, else the contract's
};

struct Communications {
  std::optional<Wait> initial, update_every, postmortem;
  std::optional<std::string> clause;
};

// Who hears of a breach, and when (docs/alerts.md, "Escalation"): `after`
// is wall-clock time after the breach instant, `to` a free name.
struct EscalationStep {
  Millis after = 0;
  std::string to;
};

// A multi-window burn-rate rule (docs/alerts.md, "Burn-rate rules"): it
// holds at a minute when the burn over both windows is at least `factor`.
struct BurnRule {
  Millis long_window = 0, short_window = 0;
  double factor = 0;  // as the contract wrote it: compared as a decimal
  std::string severity;
  bool operator==(const BurnRule&) const = default;
};

// The SRE Workbook's rules, for a contract that says nothing.
inline std::vector<BurnRule> default_burn_rules() {
  constexpr Millis m = 60'000, h = 60 * m;
  return {{h, 5 * m, 14.4, "page"}, {6 * h, 30 * m, 6, "page"}, {72 * h, 6 * h, 1, "ticket"}};
}

// A promise about an indicator beside uptime (1.1): latency, freshness, lag.
struct Objective {
  std::string name;
  SliMeasure measure;
  double target = 0;                            // percent
  std::int64_t target_num = 0, target_den = 1;  // the same, exactly
  std::optional<std::string> clause;
};

// A scheduled job (1.1, slis.md): a run for each date its `days` select in
// `zone`, but the contract calendar's holidays, due at `due` local time.
struct JobTerm {
  std::string name;
  Millis due = 0;  // after local midnight
  std::string due_text;
  std::string days_text = "daily";
  std::array<bool, 7> days{true, true, true, true, true, true, true};  // 0 = Monday
  const Zone* zone = nullptr;
  std::optional<std::int64_t> from;   // the first run's date (days since 1970-01-01); none: the first completion's
  std::set<std::int64_t> holidays{};  // dates skipped
  std::optional<std::string> clause;
  std::string target_text() const { return due_text + " " + days_text; }
};

// The period that decides status and credit (contract language 1.1,
// "Commitment per quarter"): the month, or the calendar quarter.
enum class Commitment { Month, Quarter };

struct TermsHistory;

struct Contract {
  std::string id;
  std::string name;
  std::optional<std::string> tier;
  const Zone* zone = nullptr;
  Commitment commitment = Commitment::Month;
  std::string currency = "USD";
  std::optional<Decimal> monthly_fee;
  std::optional<Decimal> acv;
  // The uptime terms (1.1: several, each computed on its own), in the
  // merged order; empty without an uptime term. `uptime()` is the first.
  std::vector<UptimeTerm> uptimes;
  bool uptime_list = false;  // written as a list: alert ids end in :TERM
  std::map<std::string, Target> response, resolution;
  std::map<std::string, Target> next_reply, update;  // 1.1: `next_reply`, `update_every`
  const std::map<std::string, Target>& targets(Metric m) const {
    return m == Metric::Response     ? response
           : m == Metric::Resolution ? resolution
           : m == Metric::NextReply  ? next_reply
                                     : update;
  }
  std::map<std::string, Target>& targets(Metric m) {
    return const_cast<std::map<std::string, Target>&>(std::as_const(*this).targets(m));
  }
  // Whether any version of the terms has a ticket target.
  bool has_ticket_targets() const;
  std::set<TicketStatus> pause_on{TicketStatus::Pending, TicketStatus::OnHold};
  double compliance_target = 0.95;
  std::vector<double> warn_at{0.8, 0.9};
  double budget_warn = 0.8;
  CreditTerm credit;
  double credit_cap = 100;
  std::optional<double> credit_cap_days;  // 1.1: at most this many days of the period's fee
  std::optional<Communications> communications;
  std::map<std::string, std::vector<EscalationStep>> escalate;  // by priority; none: no one
  std::vector<BurnRule> burn_alerts = default_burn_rules();     // empty: none
  std::map<std::string, JobTerm> jobs{};                        // 1.1: by name
  std::vector<Objective> objectives{};                          // 1.1: in the contract's order
  // 1.1: where the contract stands (its clause reaches every term that
  // names none of its own: ADR 0042).
  std::optional<std::string> clause;
  // 1.1: what the signed contract says that Vow does not compute (a claim
  // window, fiscal quarters): carried into reports as it is written.
  std::optional<std::string> note;
  SourceRef at;
  // 1.1 amendments: the `from` month ("YYYY-MM") of the last amendment in
  // these terms, and every version of the terms by the month it starts. The
  // contract as first written owns the history; each version points to it.
  std::optional<std::string> terms_from;
  std::shared_ptr<const TermsHistory> history;
  const TermsHistory* versions = nullptr;

  // The terms in force for `p` (a month or a quarter): the last version
  // whose `from` is at or before its first month; *this without amendments.
  const Contract& in_force(const Period& p) const;
  // The terms in force in the month holding `t` (a ticket clock's start).
  const Contract& in_force_at(Instant t) const;
  // Whether any version of the terms satisfies `pred`.
  template <typename Pred>
  bool any_version(Pred&& pred) const;

  // The contract's own fee: monthly_fee, else acv / 12, unrounded.
  std::optional<Decimal> base_fee() const;
  bool quarterly() const { return commitment == Commitment::Quarter; }
  const UptimeTerm* uptime() const { return uptimes.empty() ? nullptr : &uptimes.front(); }
  // Every service of its uptime terms (of every version), each once, in
  // the order they name them.
  std::vector<std::string> uptime_services() const;
  // A term's fee_share, or its equal part of the fee.
  double fee_share(const UptimeTerm& u) const {
    return u.fee_share.value_or(1.0 / static_cast<double>(uptimes.size()));
  }
  // The commitment period (month or quarter) holding `t`, in the contract's zone.
  Period period_at(Instant t) const;
};

struct TermsHistory {
  struct Version {
    std::optional<Period> from;  // a month; none for the terms as first written
    std::unique_ptr<Contract> terms;
  };
  std::vector<Version> versions;  // ascending from
};

template <typename Pred>
bool Contract::any_version(Pred&& pred) const {
  if (!versions) return pred(*this);
  for (const auto& v : versions->versions)
    if (pred(*v.terms)) return true;
  return false;
}

}  // namespace vow
