// Sources that went quiet. Monitoring reports outages, so a service it said
// nothing about looks up; a period after the last event of a source would
// read 100.000% green. This says, per source, since when nothing was heard,
// so a report can show the silence instead of presenting it as uptime.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compliance/facts.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

struct SilenceInput {
  std::string customer;
  std::vector<std::string> services;  // its uptime terms' services; none: no uptime term
  bool counts_tickets = false;        // it has response or resolution targets
  Interval period;                    // the report's period in its time zone
};

// Per service (and for tickets, across the ledger): a source is silent for an
// account's period when the period has begun, nothing of that kind was heard
// in it up to as_of, and the last thing heard was before it (or never).
// `tickets_heard`: the latest ticket event of tickets not in `f` (at or
// before as_of), when the events were read in part.
std::vector<SilentSource> silent_sources(const Facts& f, std::span<const SilenceInput> accounts, Instant as_of,
                                         std::optional<Instant> tickets_heard = std::nullopt);

}  // namespace vow
