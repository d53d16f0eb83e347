// `draft`: the facts of a communication from the ledger, then the text
// from the template that fits the customer (docs/communications.md).
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "vow/workspace.hpp"
#include "workspace/draft_text.hpp"
#include "workspace/files.hpp"
#include "workspace/impl.hpp"

namespace vow {
namespace {

// The team's incident record as JSON: a .toml file is converted, with the
// line and column of a syntax error.
std::string incident_json(const std::string& file) {
  std::string text = read_input(file);
  if (std::filesystem::path(file).extension() != ".toml") return text;
  try {
    std::ostringstream js;
    js << toml::json_formatter{toml::parse(text, file)};
    return js.str();
  } catch (const toml::parse_error& e) {
    throw Error(Exit::BadData, file + ":" + std::to_string(e.source().begin.line) + ":" +
                                   std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
}

// What each kind needs named, checked once the ledger is read.
void check_order(const DraftOrder& o) {
  bool needs_outage = o.kind != "breach" && o.kind != "credit-offer";
  if (needs_outage && o.outage.empty())
    throw Error(Exit::Usage, {field("draft"), " " + o.kind + ": name the ", field("outage")});
  if (o.kind == "breach" && o.ticket.empty())
    throw Error(Exit::Usage, {field("draft"), " breach: name the ", field("ticket")});
  bool to_customer = o.kind != "internal-status";
  if (to_customer && o.customer.empty() && o.kind != "breach")
    throw Error(Exit::Usage, {field("draft"), " " + o.kind + ": name the ", field("customer"), " it is for"});
}

}  // namespace

const std::vector<std::string>& draft_kinds() {
  static const std::vector<std::string> kinds{"initial",         "update",     "resolved", "report-to-follow",
                                              "internal-status", "postmortem", "breach",   "credit-offer"};
  return kinds;
}

void check_draft_kind(const std::string& kind) {
  const auto& kinds = draft_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return;
  std::string list;
  for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
  throw Error(Exit::Usage, {field("draft"), " " + kind + ": the kinds are " + list});
}

Draft Workspace::draft(const DraftOrder& order) {
  check_draft_kind(order.kind);
  impl_->require_contracts();
  impl_->events();
  DraftRequest d;
  d.kind = order.kind;
  d.outage = order.outage;
  d.ticket = order.ticket;
  d.period = order.period;
  d.customer = order.customer;
  d.as_of = order.as_of;
  if (!order.incident.empty()) d.incident_json = incident_json(order.incident);
  check_order(order);
  Draft out;
  out.facts = impl_->engine.draft_facts(d);
  if (order.format == DraftFormat::Facts) return out;
  if (out.facts.does_not_apply)
    throw Error(Exit::DoesNotApply,
                {field("draft"), " " + order.kind + ": " + *out.facts.does_not_apply + "; no draft written"});
  std::string customer = d.customer.empty() && out.facts.customer ? out.facts.customer->id : d.customer;
  out.text = render_draft(impl_->config, order.kind, customer, customer.empty() ? "" : impl_->engine.tier_of(customer),
                          out.facts, order.format == DraftFormat::Text);
  return out;
}

}  // namespace vow
