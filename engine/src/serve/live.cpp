#include "serve/live.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "vow/render.hpp"

namespace vow::serve {
namespace {

using Steady = std::chrono::steady_clock;

// The same ADR: an alert known more than a minute after its `at` is late.
constexpr Millis kLateAfter = 60'000;

std::string url_encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

Live::Live(Workspace& ws, std::shared_mutex& state, std::mutex& writing, Log& log, Metrics& metrics, Stream& stream,
           std::function<Instant()> now, Instant from)
    : ws_(ws),
      state_(state),
      log_(log),
      metrics_(metrics),
      stream_(stream),
      now_(std::move(now)),
      from_(from),
      courier_(ws, writing, log, metrics) {}

Live::~Live() {
  stop();
}

void Live::start() {
  courier_.start(ws_.config().serve.routes);
  // The first round at once: it learns what exists already (announcing
  // nothing), so that what comes next is told as new.
  pending_ = true;
  thread_ = std::thread([this] { loop(); });
}

void Live::stop() {
  stop_asked_ = true;
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  wake_.notify_all();
  ended_round_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Live::changed(bool outage_started) {
  {
    std::lock_guard lock(m_);
    pending_ = true;
    outages_ = outages_ || outage_started;
  }
  wake_.notify_all();
}

void Live::settle() {
  std::unique_lock lock(m_);
  pending_ = true;
  std::uint64_t want = begun_ + 1;
  wake_.notify_all();
  ended_round_.wait(lock, [&] { return ended_ >= want || stopping_; });
}

void Live::loop() {
  for (;;) {
    {
      std::unique_lock lock(m_);
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return pending_ || stopping_; });
      if (stopping_) break;
      pending_ = false;
      ++begun_;
    }
    try {
      round();
    } catch (const std::exception& e) {
      // The next round tries again; the server goes on answering.
      log_.write("error", "live evaluation failed", {{"error", e.what()}});
    }
    {
      std::lock_guard lock(m_);
      ++ended_;
    }
    ended_round_.notify_all();
  }
}

void Live::round() {
  auto start = Steady::now();
  Instant now = now_();
  bool outages = false;
  {
    std::lock_guard lock(m_);
    std::swap(outages, outages_);
  }
  AlertsReport r;
  {
    std::unique_lock lock(state_);
    ws_.refresh();
  }
  {
    std::shared_lock lock(state_);
    Query q;
    q.as_of = now;
    r = ws_.alerts(q);
  }
  // Alerts from before vow serve first ran on this ledger are history:
  // `vow alerts` lists them; no sink is sent them.
  std::erase_if(r.alerts, [&](const Alert& a) { return a.at < from_; });

  for (const Alert& a : r.alerts) {
    if (!seen_.insert(a.id).second) continue;
    metrics_.alert_known(a.kind);
    if (!first_round_) stream_.announce({"alert", a.id, to_json(a, AlertDelivery{})});
  }
  for (const Alert& a : r.retracted) {
    if (!seen_retracted_.insert(a.id).second) continue;
    if (!first_round_) stream_.announce({"retraction", a.id, to_json(a, AlertDelivery{true, std::nullopt, false})});
  }
  if (outages) announce_drafts(now, r.names);
  first_round_ = false;

  const auto& routes = ws_.config().serve.routes;
  DeliveryInputs in{&r, &routes, &r.tiers, &r.deliveries, now, kLateAfter};
  auto plan = plan_deliveries(in);
  // Late is measured from when the alert was first owed to a sink, not
  // from a retry's moment.
  for (PlannedDelivery& p : plan) {
    if (p.retraction) continue;
    Instant known = first_known_.try_emplace(p.alert.id, now).first->second;
    p.late = known - p.alert.at > kLateAfter;
    p.late_by = p.late ? known - p.alert.at : 0;
  }
  metrics_.evaluated(std::chrono::duration<double>(Steady::now() - start).count());
  if (!plan.empty()) courier_.deliver(plan, now, [this] { return stop_asked_.load(); });
}

void Live::announce_drafts(Instant now, const std::map<std::string, std::string>& names) {
  StatusReport status;
  {
    std::shared_lock lock(state_);
    Query q;
    q.as_of = now;
    status = ws_.status(q);
  }
  for (const Incident& i : status.open_outages) {
    if (i.started < from_) continue;
    for (const std::string& customer : i.customers) {
      if (!drafted_.insert({i.outage, customer}).second || first_round_) continue;
      auto name = names.find(customer);
      nlohmann::ordered_json d{
          {"kind", "draft"},
          {"draft", "initial"},
          {"outage", i.outage},
          {"service", i.service},
          {"customer", customer},
          {"customer_name", name == names.end() ? customer : name->second},
          {"at", format_instant(i.started)},
          {"url", "/v1/drafts/initial?outage=" + url_encoded(i.outage) + "&customer=" + url_encoded(customer)}};
      stream_.announce({"draft", "draft:initial:" + i.outage + ":" + customer,
                        d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    }
  }
}

}  // namespace vow::serve
