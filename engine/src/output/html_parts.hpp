// Pieces shared by the two HTML pages (the internal report and the
// customer's own cut): escaping, the page frame, and the inline SVG charts.
#pragma once

#include <string>
#include <vector>

#include "vow/report.hpp"

namespace vow::html {

std::string esc(const std::string& raw);

// The colour a person reads as the account's status.
const char* status_color(Status status);

// <!DOCTYPE ...><body> with the inline style, and the closing tags.
std::string page_start(const std::string& title);
std::string page_end();

// A bar per account in the given order, coloured by the account's status,
// with a tick at its target; `label` names each row.
std::string uptime_chart(const std::vector<const AccountReport*>& rows, bool with_ids);

// Compliance per priority over the trend's periods: a group of bars per
// period. A rate of 0% draws a thin bar marked 0; a period without tickets
// draws a grey dash, so the two cannot be mistaken.
std::string compliance_chart(const Trend& t, size_t index);
inline constexpr const char* kBarsNote =
    "Share of tickets handled in time per priority. A bar marked 0: none in time; a dash: no tickets that period.";

// "Gringotts Retail 50 (c050)": the name a person reads and the id they act on.
std::string name_and_id(const std::string& name, const std::string& id);

// The customer's own cut, as a company would send it (html_customer.cpp).
std::string customer_page(const Report& r);

}  // namespace vow::html
