#include "serve/live.hpp"

#include <algorithm>
#include <chrono>

#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "vow/render.hpp"

namespace vow::serve {
namespace {

using Steady = std::chrono::steady_clock;

// The same ADR: an alert known more than a minute after its `at` is late.
constexpr Millis kLateAfter = 60'000;

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
  thread_ = std::thread([this] { loop(); });
}

void Live::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  wake_.notify_all();
  ended_round_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Live::changed() {
  {
    std::lock_guard lock(m_);
    pending_ = true;
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
  if (!plan.empty()) courier_.deliver(plan, now);
}

}  // namespace vow::serve
