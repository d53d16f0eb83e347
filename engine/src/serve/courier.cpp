#include "serve/courier.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/utf8.hpp"
#include "plugins/child.hpp"
#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "vow/render.hpp"

namespace vow::serve {
namespace {

using Steady = std::chrono::steady_clock;

constexpr std::size_t kBatch = 100;
constexpr auto kBatchTime = std::chrono::milliseconds(50);

// The alert's id, then `#N` from its second occurrence on (ADR 0037), then
// `:retraction` for one: what a sink tells deliveries apart by.
std::string key_of(const PlannedDelivery& d) {
  std::string key = d.alert.id;
  if (d.occurrence > 1) key += "#" + std::to_string(d.occurrence);
  if (d.retraction) key += ":retraction";
  return key;
}

// FNV-1a: ids past the ledger's 256 bytes are named by a digest instead.
std::string digest(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace

std::string delivered_line(const PlannedDelivery& d, const std::string& reference, Instant at, bool drill) {
  std::string id = std::string(drill ? "vow:drill:" : "vow:alert:") + key_of(d) + ":" + d.sink;
  if (id.size() > 256) id = std::string(drill ? "vow:drill:" : "vow:alert:") + digest(id) + ":" + d.sink;
  nlohmann::json line{{"id", id},       {"type", "alert.delivered"}, {"at", format_instant(at)}, {"alert", d.alert.id},
                      {"sink", d.sink}, {"reference", reference}};
  if (d.retraction) line["retraction"] = true;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Courier::Courier(Workspace& ws, std::mutex& writing, Log& log, Metrics& metrics, bool drill, Recorder* recorder)
    : ws_(ws), writing_(writing), log_(log), metrics_(metrics), drill_(drill), recorder_(recorder) {}

Courier::~Courier() = default;

void Courier::start(const std::vector<ServeRoute>& routes) {
  for (const auto& route : routes)
    for (const auto& name : route.sinks) {
      if (sinks_.count(name)) continue;
      auto p = ws_.start_plugin(name);
      if (!p->is_sink())
        throw Error(Exit::BadConfig, ws_.config().file.string() + ":" + std::to_string(route.line) +
                                         ": serve.routes.sinks: " + p->where() +
                                         " is not a SINK: it cannot take alerts (see docs/plugins.md)");
      sinks_[name] = std::move(p);
    }
}

PluginProcess* Courier::sink(const std::string& name) {
  auto& p = sinks_[name];
  if (!p) p = ws_.start_plugin(name);  // after a crash, or one not started yet
  return p.get();
}

bool Courier::record(const std::string& lines, std::string& why) {
  try {
    std::lock_guard lock(writing_);
    auto out = ws_.ingest(drill_ ? "vow drill" : "vow serve", lines, {});
    if (out.stored) return true;
    for (const auto& r : out.rejected) why += (why.empty() ? "" : "; ") + r.reason;
  } catch (const std::exception& e) {
    why = e.what();
  }
  if (why.empty()) why = "the ledger refused it";
  return false;
}

nlohmann::ordered_json Courier::log_fields(const Outcome& o, const std::string& outcome) {
  const PlannedDelivery& d = o.delivery;
  nlohmann::ordered_json f{
      {"alert", d.alert.id}, {"sink", d.sink}, {"outcome", outcome}, {"ms", static_cast<long long>(o.seconds * 1000)}};
  if (d.occurrence > 1) f["occurrence"] = d.occurrence;
  if (d.retraction) f["retraction"] = true;
  if (d.late) f["late_seconds"] = d.late_by / kSecond;
  if (!o.why.empty()) f["error"] = o.why;
  return f;
}

void Courier::settle(std::vector<Outcome>& done, std::size_t from, Instant now) {
  // The acknowledged deliveries since `from`, recorded together: one
  // durable transaction for many (a crash before it sends them once more,
  // which alerts.md allows and sinks recognise by the id).
  std::string lines, why;
  if (!recorder_)
    for (std::size_t i = from; i < done.size(); ++i)
      if (done[i].acknowledged) lines += delivered_line(done[i].delivery, done[i].reference, now, drill_);
  bool recorded = !lines.empty() && record(lines, why);
  for (std::size_t i = from; i < done.size(); ++i) {
    Outcome& o = done[i];
    const PlannedDelivery& d = o.delivery;
    auto key = std::make_pair(key_of(d), d.sink);
    if (o.acknowledged && recorder_) {
      retries_.erase(key);
      recorder_->add(key, delivered_line(d, o.reference, now, drill_), log_fields(o, "delivered"));
      continue;
    }
    if (o.acknowledged) {
      o.recorded = recorded;
      retries_.erase(key);
      // The sink has it: only its record is owed, tried again before the
      // next delivery; the sink is not asked twice.
      if (!recorded) {
        o.why = why;
        unrecorded_[key] = delivered_line(d, o.reference, now, drill_);
      }
    } else {
      Retry& r = retries_[key];
      r.failures = std::min(r.failures + 1, 20);
      auto wait = std::chrono::seconds(std::min<std::int64_t>(300, std::int64_t{1} << std::min(r.failures - 1, 9)));
      r.next = Steady::now() + wait;
    }
    std::string outcome = !o.acknowledged ? "failed" : o.recorded ? "delivered" : "unrecorded";
    metrics_.delivery(d.sink, outcome);
    log_.write(o.recorded ? "info" : o.acknowledged ? "error" : "warning", "alert delivery", log_fields(o, outcome));
  }
}

void Courier::record_owed() {
  if (unrecorded_.empty() || Steady::now() < record_retry_) return;
  std::string lines, why;
  for (const auto& [key, line] : unrecorded_) lines += line;
  if (record(lines, why)) {
    log_.write("info", "alert deliveries recorded late", {{"deliveries", unrecorded_.size()}});
    unrecorded_.clear();
    return;
  }
  log_.write("error", "alert deliveries still not recorded", {{"deliveries", unrecorded_.size()}, {"error", why}});
  record_retry_ = Steady::now() + std::chrono::seconds(1);
}

std::vector<Courier::Outcome> Courier::deliver(const std::vector<PlannedDelivery>& plan, Instant now,
                                               const std::function<bool()>& stop) {
  record_owed();
  std::vector<Outcome> done;
  std::size_t unsettled = 0;  // done[unsettled..] are not recorded yet
  auto batch_began = Steady::now();
  for (const PlannedDelivery& d : plan) {
    if (stop && stop()) break;  // what is left is owed still: the next start sends it
    auto key = std::make_pair(key_of(d), d.sink);
    if (unrecorded_.count(key)) continue;                     // delivered: its record is what is owed
    if (recorder_ && recorder_->holds(key, mark_)) continue;  // the same, on the recorder's thread
    auto retry = retries_.find(key);
    if (retry != retries_.end() && Steady::now() < retry->second.next) continue;
    // Recorded at most 100 deliveries or 50 ms after the first of them,
    // and before a sink call that may take its whole timeout.
    if (unsettled < done.size() && (done.size() - unsettled >= kBatch || Steady::now() - batch_began >= kBatchTime)) {
      settle(done, unsettled, now);
      unsettled = done.size();
    }
    if (unsettled == done.size()) batch_began = Steady::now();
    Outcome o{d, false, false, {}, {}, 0, {}};
    AlertDelivery about{d.retraction, d.late ? std::optional<Millis>(d.late_by) : std::nullopt, drill_, d.occurrence};
    auto start = Steady::now();
    o.handed = start;
    try {
      o.reference = safe_reference(sink(d.sink)->deliver("alert", to_json(d.alert, about)));
      o.acknowledged = true;
    } catch (const Error& e) {
      o.why = e.what();
      // A crash, hang or exit (78) leaves no process to ask again.
      if (e.code() == Exit::BadConfig) sinks_.erase(d.sink);
    }
    o.seconds = std::chrono::duration<double>(Steady::now() - start).count();
    done.push_back(std::move(o));
  }
  if (unsettled < done.size()) settle(done, unsettled, now);
  return done;
}

}  // namespace vow::serve
