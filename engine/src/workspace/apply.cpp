// Deliver each final credit to each sink once. The ledger records a delivery
// as a credit.issued event whose id names credit and sink; sinks must not act
// twice for the same credit, so a delivery left unrecorded (a kill, a ledger
// that cannot be written) is mended by the next run.
#include <nlohmann/json.hpp>

#include "compliance/money.hpp"
#include "events/decode.hpp"
#include "ledger/ledger.hpp"
#include "model/utf8.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"
#include "vow/workspace.hpp"
#include "workspace/apply_lock.hpp"
#include "workspace/impl.hpp"

namespace vow {
namespace {

// The JSON a sink receives for one credit: the credit as `vow credits` shows it.
std::string credit_json(const CreditFigures& c) {
  CreditsReport one;
  one.period = c.period;
  one.credits = {c};
  auto credit = nlohmann::json::parse(to_json(one))["credits"][0];
  credit["period"] = c.period;  // the report keeps it at the top; a sink needs it with the credit
  return credit.dump();
}

// The credit.issued line that records one delivery.
std::string issued_line(const CreditFigures& c, const std::string& key, const std::string& reference, Instant at,
                        const std::string& sink) {
  nlohmann::json issued{
      {"id", key},           {"type", "credit.issued"}, {"at", format_instant(at)}, {"customer", c.customer},
      {"credit", reference}, {"period", c.period},      {"amount", c.amount},       {"currency", c.currency},
      {"sink", sink}};
  return issued.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool recordable(const std::string& line, std::string& why) {
  EventDecoder decoder;
  Event ev;
  return decoder.decode(line, ev, why);
}

// Records one delivery; returns why it could not be, or "" once it is.
// Whatever goes wrong (a busy or full ledger, a refusal, a bug) is reported
// the same way: the credit is out and the ledger does not know it.
std::string record(Ledger& ledger, const std::string& line) {
  try {
    auto res = ledger.ingest("credits --apply", line, IngestOptions{});
    if (res.stored) return "";
    std::string why;
    for (const auto& r : res.rejected) why += (why.empty() ? "" : "; ") + r.reason;
    return why.empty() ? "the ledger refused it" : why;
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Delivers one credit to one sink and records it; `d` says how that went.
void deliver(PluginProcess& sink, const CreditFigures& c, Instant at, Ledger& ledger, Delivery& d) {
  std::string key = "vow:credit:" + c.customer + ":" + c.period + ":" + d.sink;
  // No delivery that cannot be recorded: the record is checked first,
  // with a stand-in for the sink's reference, which is made safe after.
  if (!recordable(issued_line(c, key, "reference", at, d.sink), d.why)) {
    d.outcome = Delivery::Outcome::NotRecordable;
    return;
  }
  std::string reference;
  try {
    reference = sink.deliver("credit", credit_json(c));
  } catch (const Error& e) {
    d.outcome = Delivery::Outcome::SinkFailed;
    d.why = e.what();
    return;
  }
  std::string safe = safe_reference(reference);
  if (safe != reference) d.mended = safe;
  d.reference = safe.empty() ? key : safe;
  // Delivered but not recorded: the caller stops before anything else goes
  // out; the next run records it, and the sink does not act twice (ADR 6).
  d.why = record(ledger, issued_line(c, key, d.reference, at, d.sink));
  d.outcome = d.why.empty() ? Delivery::Outcome::Applied : Delivery::Outcome::RecordFailed;
}

}  // namespace

std::vector<std::unique_ptr<PluginProcess>> Workspace::Impl::billing_sinks() const {
  std::vector<std::unique_ptr<PluginProcess>> sinks;
  for (const auto& p : config.plugins) {
    auto instance = plugin(p);
    if (instance->is_sink()) sinks.push_back(std::move(instance));
  }
  if (sinks.empty())
    throw Error(Exit::BadConfig, {config.file.string() + ": ", field("apply", "applying credits"),
                                  " needs a billing sink plugin in [[plugins]]"});
  return sinks;
}

ApplyResult Workspace::apply_credits(const Query& q, const ApplyCallbacks& callbacks) {
  ApplyLock lock(impl_->config.store.string(), callbacks.waiting);  // held to the end: see apply_lock.hpp
  ApplyResult r;
  r.credits = credits(q);
  if (callbacks.figured) callbacks.figured(r.credits);
  auto sinks = impl_->billing_sinks();
  Ledger& ledger = impl_->ledger();  // deliveries are recorded in it
  for (const auto& c : r.credits.credits) {
    auto amount = Decimal::parse(c.amount);
    if (!c.final || !amount || !(Decimal() < *amount)) {
      ++r.skipped;  // provisional, or nothing owed
      continue;
    }
    for (auto& sink : sinks) {
      if (ledger.has("vow:credit:" + c.customer + ":" + c.period + ":" + sink->name())) {
        ++r.already;
        continue;
      }
      Delivery d{c.customer, c.period, c.amount, c.currency, sink->name(), {}, {}, {}, {}};
      deliver(*sink, c, q.as_of, ledger, d);
      if (d.outcome == Delivery::Outcome::Applied) ++r.applied;
      if (d.outcome == Delivery::Outcome::SinkFailed || d.outcome == Delivery::Outcome::NotRecordable) ++r.failed;
      if (callbacks.delivered) callbacks.delivered(d);
      r.deliveries.push_back(std::move(d));
      if (r.deliveries.back().outcome == Delivery::Outcome::RecordFailed) {
        r.stopped = true;
        return r;
      }
    }
  }
  return r;
}

}  // namespace vow
