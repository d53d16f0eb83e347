// Figures of periods that have ended, kept between queries (ADR 23). Once
// as_of is past a period's end, its figures change only through events:
// a ticket event dated after the end cannot change a clock that settled
// before it (a breach is final, a stop is a stop), so only the events that
// are not ticket events (outages, maintenance, invoices, notices), once in
// view, and events added to the engine can. A report asked again as time
// passes takes its trend's months from here.
#pragma once

#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

class MonthCache {
 public:
  struct Kept {
    AccountReport report;
    std::vector<Diagnostic> errors;  // what evaluating it said (contract code that failed)
  };

  // The figures kept for `c`'s period `p` (a month or a quarter that ended
  // by as_of), if they hold at `as_of`: no instant of `changes` (sorted:
  // when events other than ticket events happened) lies between the as_of
  // they were kept at and this one.
  const Kept* find(const Contract& c, Interval p, bool with_credit, Instant as_of, std::span<const Instant> changes);
  void keep(const Contract& c, Interval p, bool with_credit, Instant as_of, Kept kept);
  // A customer's tickets got events.
  void forget(std::string_view customer);
  // Periods that began before `start`: no longer asked for as time passes.
  void forget_before(Instant start);
  void clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

  std::size_t reused = 0;  // what tests check

 private:
  struct Entry {
    Instant as_of;
    Kept kept;
  };
  // By contract, period start, period end (a quarter begins with a month).
  std::map<std::tuple<std::string, Instant, Instant, bool>, Entry, std::less<>> entries_;
};

}  // namespace vow
