// GET /c/TOKEN: one customer's own page (docs/serve.md, docs/adr/0035). Its
// commitments and how they stand in the month running: availability
// against the target, open tickets against their deadlines, the month's
// incidents and credits. Nothing internal: no tier, no status colours, no
// notes or formulas, no other customer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vow/report.hpp"
#include "vow/workspace.hpp"

namespace vow::serve {

struct CustomerView {
  Instant as_of = 0;
  Report month;                             // the customer's own cut of the month of as_of
  std::vector<StatusClock> open;            // its ticket clocks running or late at as_of
  std::optional<CreditFigures> last_month;  // the month before's credit, when its contract has one
};

// The figures, read from `ws` (its events refreshed by the caller).
CustomerView customer_view(Workspace& ws, const std::string& customer, Instant as_of);

// The page, an HTML document whose style is /page.css (no inline style
// or script: the server's Content-Security-Policy allows neither).
std::string customer_page(const CustomerView& v);

// What any address under /c/ that is not a customer's page answers: the
// same words whether or not customers are configured.
std::string customer_not_found_page();

}  // namespace vow::serve
