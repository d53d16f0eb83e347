// Uptime of one contract over one period (spec/semantics.md, "Uptime").
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "compliance/facts.hpp"
#include "compliance/terms.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

using UptimeResult = UptimeFigures;

// What `exclude(o)` sees of an outage.
struct OutageView {
  const Event& started;
  std::optional<Instant> stop;
};
using ExcludeFn = std::function<bool(const OutageView&)>;

// The term's down and partial time from each covered service's major,
// partial and excluded spans (steps 3 and 4): disjoint, `part` without `down`.
void combine_services(const UptimeTerm& term, const std::vector<Intervals>& major,
                      const std::vector<Intervals>& partial, const std::vector<Intervals>& excluded, Intervals& down,
                      Intervals& part);

UptimeResult compute_uptime(const UptimeTerm& term, std::string_view customer, Interval period, Instant as_of,
                            const Facts& facts, const ExcludeFn& exclude);

}  // namespace vow
