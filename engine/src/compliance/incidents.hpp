// The outages one customer lived through in a period, for the customer's own
// report: what a company tells a customer about its incidents.
#pragma once

#include <span>
#include <vector>

#include "compliance/facts.hpp"
#include "time/intervals.hpp"
#include "vow/report.hpp"

namespace vow {

struct Contract;

// Outages that affect the contract (spec: its customer list names it, or it
// has none and its service is one the contract's uptime covers) and overlap
// the period as of `as_of`, in the order they started.
std::vector<Incident> incidents_of(const Contract& c, Interval period, Instant as_of, const Facts& f);

// The same for several contracts, each outage once, naming in `customers`
// the contracts it affected (in the order given), each over its own period.
struct ContractPeriod {
  const Contract* contract;
  Interval period;
};
std::vector<Incident> incidents_of(std::span<const ContractPeriod> contracts, Instant as_of, const Facts& f);

}  // namespace vow
