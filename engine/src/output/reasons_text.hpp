// The sentences the outputs write about the arithmetic's figures: why an
// account is flagged, how a tier stands, what an account owes. Plain text:
// each renderer escapes it for its own format.
#pragma once

#include <string>

#include "compliance/owed.hpp"
#include "vow/report.hpp"

namespace vow {

// "uptime 97.659% against 99.900% (2.241 points short, 23.4× the error budget)",
// "P1 response 50.0% (1/2) against 95% (10.0× the error budget)", ...
std::string miss_text(const Miss& m);

// "All 3 accounts met every target.", "1 of 2 accounts red; worst: Acme, uptime ...".
std::string tier_reason(const TierSummary& t);

// A forecast's reasoning on one line: "62% of the error budget used after
// 40% of the month; ...", "3 on time and 1 late so far, ...".
std::string basis_text(const RiskBasis& b);

// "10500.00 USD", "14250.00 USD (2026-10: 10500.00, 2026-11: 3750.00)", with
// " (provisional)" while not final; "(2026-11: formula failed) (incomplete)"
// when a month could not be computed.
std::string owed_text(const Owed& o);

}  // namespace vow
