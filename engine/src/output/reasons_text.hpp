// The sentences the outputs write about the arithmetic's figures (the
// public ones are in vow/render.hpp), and what an account owes. Plain text:
// each renderer escapes it for its own format.
#pragma once

#include <string>

#include "compliance/owed.hpp"
#include "vow/render.hpp"

namespace vow {

// "10500.00 USD", "14250.00 USD (2026-10: 10500.00, 2026-11: 3750.00)", with
// " (provisional)" while not final; "(2026-11: formula failed) (incomplete)"
// when a month could not be computed.
std::string owed_text(const Owed& o);
// An account's credit cell: what it owes, "per quarter" for a month of a
// quarterly commitment (its credit is the quarter's), or "" for none.
std::string credit_text(const AccountReport& a);
// "2 of 5 ratings good (40.0%)".
std::string csat_text(const Csat& c);
// "refresh (06:00 daily): 28 of 30 runs on time (93.3%) against 95.0%; late:
// 2026-11-03, 2026-11-14" (1.1, scheduled jobs).
// "Page load under 3 s: 97.000% against 95.000%, met (1880 of 1904 events
// good)" (1.1, objectives).
std::string objective_text(const ObjectiveFigures& o);
std::string job_text(const std::string& name, const JobFigures& j, double compliance_target);

}  // namespace vow
