// Deliver each final credit to each sink once. The ledger records a delivery
// as a credit.issued event whose id names credit and sink; sinks must not act
// twice for the same credit, so a delivery left unrecorded (a kill, a ledger
// that cannot be written) is mended by the next run.
#include "cli/apply.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/apply_lock.hpp"
#include "cli/setup.hpp"
#include "compliance/money.hpp"
#include "events/decode.hpp"
#include "ledger/ledger.hpp"
#include "model/utf8.hpp"
#include "vow/error.hpp"
#include "vow/render.hpp"

namespace vow::cli {
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

// A sink's reference as the ledger can hold it: valid UTF-8, at most 200 bytes.
std::string safe_reference(const std::string& reference) {
  std::string s = mend_utf8(std::string_view(reference).substr(0, 1000));
  size_t cut = std::min<size_t>(s.size(), 200);
  while (cut < s.size() && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  s.resize(cut);
  return s;
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

std::vector<std::unique_ptr<PluginProcess>> sinks_of(const Config& cfg) {
  std::vector<std::unique_ptr<PluginProcess>> sinks;
  for (const auto& p : cfg.plugins) {
    auto instance = instance_of(p);
    if (instance->is_sink()) sinks.push_back(std::move(instance));
  }
  if (sinks.empty())
    throw Error(Exit::BadConfig, cfg.file.string() + ": --apply needs a billing sink plugin in [[plugins]]");
  return sinks;
}

}  // namespace

int apply_credits(const Config& cfg, const Query& q) {
  ApplyLock lock(cfg.store.string());  // held to the end: see apply_lock.hpp
  Engine engine;
  if (!load_rules(engine, cfg)) return static_cast<int>(Exit::BadConfig);
  load_events(engine, cfg.store);
  CreditsReport report = engine.credits(q);
  for (const auto& e : report.errors) std::cerr << e.str() << "\n";
  auto sinks = sinks_of(cfg);
  Ledger ledger(cfg.store.string());  // deliveries are recorded in it
  int code = report.errors.empty() ? 0 : static_cast<int>(Exit::BadConfig);
  size_t delivered = 0, already = 0, skipped = 0;
  for (const auto& c : report.credits) {
    auto amount = Decimal::parse(c.amount);
    if (!c.final || !amount || !(Decimal() < *amount)) {
      ++skipped;  // provisional, or nothing owed
      continue;
    }
    std::string credit = c.customer + " " + c.period + ": " + c.amount + " " + c.currency;
    for (auto& sink : sinks) {
      const std::string& sink_name = sink->name();
      std::string key = "vow:credit:" + c.customer + ":" + c.period + ":" + sink_name;
      if (ledger.has(key)) {
        ++already;
        continue;
      }
      // No delivery that cannot be recorded: the record is checked first,
      // with a stand-in for the sink's reference, which is made safe after.
      std::string why;
      if (!recordable(issued_line(c, key, "reference", q.as_of, sink_name), why)) {
        std::cerr << "credit of " << c.customer << " for " << c.period << " cannot be recorded (" << why
                  << "); not delivered to " << sink_name << "\n";
        code = static_cast<int>(Exit::BadData);
        continue;
      }
      std::string reference;
      try {
        reference = sink->deliver("credit", credit_json(c));
      } catch (const Error& e) {
        std::cerr << e.what() << " (credit of " << c.customer << " for " << c.period
                  << " not applied; the next --apply retries it)\n";
        code = static_cast<int>(Exit::BadConfig);
        continue;
      }
      std::string safe = safe_reference(reference);
      if (safe != reference)
        std::cerr << "plugin " << sink_name << ": its reference for " << c.customer << " " << c.period
                  << " was not short UTF-8 text; recorded as \"" << safe << "\"\n";
      if (safe.empty()) safe = key;
      // Delivered but not recorded: stop before anything else goes out; the
      // next run records it, and the sink does not act twice (ADR 6).
      if (std::string failed = record(ledger, issued_line(c, key, safe, q.as_of, sink_name)); !failed.empty()) {
        std::cerr << credit << " WAS delivered to " << sink_name << " (" << safe
                  << ") but could not be recorded: " << failed << "\n"
                  << "stopped: nothing more was delivered; the next --apply records it without a second delivery\n";
        return static_cast<int>(Exit::BadConfig);
      }
      std::cout << credit << " applied by " << sink_name << " (" << safe << ")\n";
      ++delivered;
    }
  }
  std::cout << delivered << " delivered, " << already << " already applied, " << skipped
            << " not applicable (provisional or nothing owed)\n";
  return code;
}

}  // namespace vow::cli
