#include "serve/live.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_set>

#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "vow/render.hpp"

namespace vow::serve {
namespace {

using Steady = std::chrono::steady_clock;

// The same ADR: an alert known more than a minute after its `at` is late.
constexpr Millis kLateAfter = 60'000;
// ADR 0036: how far ahead a customer's next alert is looked for; it is
// evaluated again at that alert's instant, or this much later.
constexpr Millis kLookAhead = 5 * 60'000;
// A customer whose alerts as of later are not those of now plus new ones
// (an event stored with a future instant) is evaluated every second.
constexpr Millis kUnsure = 1'000;
// Events taken in before the engine copies an array or rehashes a table
// to hold more (Engine::expect_events): each such copy would hold a round
// up for tens of milliseconds.
constexpr std::size_t kRoomForEvents = 1u << 20;

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
      recorder_(ws, writing, log, metrics),
      courier_(ws, writing, log, metrics, false, &recorder_) {}

Live::~Live() {
  stop();
}

void Live::start() {
  courier_.start(ws_.config().serve.routes);
  recorder_.start();
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
  recorder_.stop();  // after the last round: what it handed over is written
}

Live::Arrival::Arrival(Live* live, Steady::time_point at) : live_(live) {
  if (!live_) return;
  std::lock_guard lock(live_->m_);
  id_ = ++live_->next_arrival_;
  live_->arriving_.emplace(id_, Arriving{at, false});
}

void Live::Arrival::stored() {
  if (!live_) return;
  std::lock_guard lock(live_->m_);
  if (auto it = live_->arriving_.find(id_); it != live_->arriving_.end()) it->second.stored = true;
  live_ = nullptr;
}

void Live::changed(bool outage_started) {
  {
    std::lock_guard lock(m_);
    if (!pending_) asked_ = Steady::now();
    pending_ = true;
    outages_ = outages_ || outage_started;
  }
  wake_.notify_all();
}

void Live::settle() {
  std::unique_lock lock(m_);
  if (!pending_) asked_ = Steady::now();
  pending_ = true;
  std::uint64_t want = begun_ + 1;
  wake_.notify_all();
  ended_round_.wait(lock, [&] { return ended_ >= want || stopping_; });
  lock.unlock();
  recorder_.drain();  // and its deliveries recorded
}

void Live::loop() {
  for (;;) {
    {
      // Till the next customer is due, at most a second (the ledger may
      // have events from another process); a test clock that stood still
      // since the last round makes no one due.
      auto wait = std::chrono::milliseconds(1000);
      Instant now = now_();
      if (!queue_.empty() && now != last_now_)
        wait = std::clamp(std::chrono::milliseconds(queue_.begin()->first - now), std::chrono::milliseconds(1), wait);
      std::unique_lock lock(m_);
      wake_.wait_for(lock, wait, [&] { return pending_ || stopping_; });
      if (stopping_) break;
      if (!pending_) asked_ = Steady::now();  // woken by the clock
      round_asked_ = asked_;
      pending_ = false;
      ++begun_;
    }
    try {
      round();
    } catch (const std::exception& e) {
      // The next round tries again, with every customer (those this one
      // took off the schedule among them); the server goes on answering.
      redo_all_ = true;
      log_.write("error", "live evaluation failed", {{"error", e.what()}});
    }
    {
      std::lock_guard lock(m_);
      ++ended_;
    }
    ended_round_.notify_all();
  }
}

std::vector<std::string> Live::chosen(const Touched& touched, Instant now, bool& all) {
  all = first_round_ || touched.all || redo_all_;
  redo_all_ = false;
  if (all) {
    due_.clear();
    queue_.clear();
    return {};
  }
  std::set<std::string> out = touched.customers;
  // What is owed is planned again each round, at least each second of the
  // wall clock (the courier keeps each sink's backoff, and records what a
  // sink took before asking it again).
  out.insert(owed_.begin(), owed_.end());
  while (!queue_.empty() && queue_.begin()->first <= now) {
    auto due = due_.find(*queue_.begin()->second);
    queue_.erase(queue_.begin());
    out.insert(due->first);
    due_.erase(due);
  }
  // Tickets of a customer no contract names raise no alert.
  std::erase_if(out, [&](const std::string& c) { return !names_.contains(c); });
  return {out.begin(), out.end()};
}

void Live::set_due(const std::string& customer, Instant at) {
  auto [it, fresh] = due_.try_emplace(customer, at);
  if (!fresh) {
    if (it->second == at) return;
    queue_.erase({it->second, &it->first});
    it->second = at;
  }
  queue_.insert({at, &it->first});
}

void Live::schedule(const std::vector<std::string>& customers, const std::vector<Alert>& as_of_now,
                    const AlertsReport& later, Instant now) {
  std::map<std::string_view, Instant> next;
  for (const std::string& c : customers) next[c] = now + kLookAhead;
  auto sooner = [&](const std::string& c, Instant at) {
    auto [it, fresh] = next.try_emplace(c, at);
    if (!fresh) it->second = std::min(it->second, at);
  };
  std::unordered_set<std::string_view> known, still;
  for (const Alert& a : as_of_now) known.insert(a.id);
  for (const Alert& a : later.alerts) {
    still.insert(a.id);
    // One at now itself did not exist as of now (a breach exists just
    // after its instant): a millisecond on. One before now can only come
    // from events stamped ahead of now.
    if (!known.contains(a.id)) sooner(a.customer, a.at > now ? a.at : a.at == now ? now + 1 : now + kUnsure);
  }
  // An alert of now that later does not show, or one that appears with an
  // instant already past: events with instants ahead of now are stored.
  for (const Alert& a : as_of_now)
    if (!still.contains(a.id)) sooner(a.customer, now + kUnsure);
  for (const auto& [c, at] : next) set_due(std::string(c), at);
}

void Live::round() {
  auto start = Steady::now();
  Instant now = now_();
  last_now_ = now;
  bool outages = false;
  {
    std::lock_guard lock(m_);
    std::swap(outages, outages_);
  }
  // Bodies whose store ended before the events are read: this read has
  // their events, so they are forgotten after it.
  std::vector<std::uint64_t> stored;
  Touched touched;
  std::size_t events = 0;
  {
    std::unique_lock lock(state_);
    {
      std::lock_guard arrivals(m_);
      for (const auto& [id, a] : arriving_)
        if (a.stored) stored.push_back(id);
    }
    courier_.reading_begins();
    events = ws_.follow();
    if (first_round_) ws_.expect_events(kRoomForEvents);
    touched = ws_.take_touched();
  }
  // Every body whose events this read may hold arrived no later than the
  // earliest one known now (each is known before its events can be read,
  // and forgotten only by a round that began after its store ended). One
  // still being stored may make the figure longer, never shorter.
  std::optional<Steady::time_point> arrived;
  {
    std::lock_guard lock(m_);
    for (const auto& [id, a] : arriving_)
      if (!arrived || a.at < *arrived) arrived = a.at;
    for (std::uint64_t id : stored) arriving_.erase(id);
  }
  auto read = Steady::now();
  bool all = false;
  // Alerts new this round of the customers whose events it took in are
  // timed from the bodies' arrival to their hand-over to a sink.
  const bool timing = arrived && events > 0 && !touched.all && !first_round_;
  std::vector<std::string> customers = chosen(touched, now, all);
  if (!all && customers.empty() && !outages) return;
  Query q;
  q.as_of = now;
  q.customers = customers;
  AlertsReport r;
  if (all || !customers.empty()) {
    std::shared_lock lock(state_);
    r = ws_.alerts(q);
  }
  auto evaluated = Steady::now();
  // A round that holds alerts up says what it spent its time on, and how
  // long it waited for the round before it to end.
  struct SlowRound {
    Log& log;
    std::chrono::milliseconds limit;
    Steady::time_point asked, start, read, evaluated, delivered;
    std::size_t events, customers;
    bool all, first;
    ~SlowRound() {
      auto ms = [](auto d) { return std::round(std::chrono::duration<double, std::milli>(d).count() * 1000) / 1000; };
      auto end = Steady::now();
      // A round that failed is logged as such, not as slow.
      if (first || end - start < limit || std::uncaught_exceptions() > 0) return;
      if (delivered < evaluated) delivered = evaluated;  // nothing to deliver
      try {
        log.write("warning", "slow live round",
                  {{"ms", ms(end - start)},
                   {"waiting_ms", ms(start - std::min(asked, start))},
                   {"reading_ms", ms(read - start)},
                   {"evaluating_ms", ms(evaluated - read)},
                   {"delivering_ms", ms(delivered - evaluated)},
                   {"looking_ahead_ms", ms(end - delivered)},
                   {"events", events},
                   {"customers", all ? nlohmann::ordered_json("all") : nlohmann::ordered_json(customers)}});
      } catch (const std::exception&) {
        // A log line that cannot be written is no reason to stop the server.
      }
    }
  } slow{log_,
         std::chrono::milliseconds(ws_.config().serve.slow_round_ms),
         round_asked_,
         start,
         read,
         evaluated,
         {},
         events,
         customers.size(),
         all,
         first_round_};
  if (all) names_ = {r.names.begin(), r.names.end()};
  // Alerts from before vow serve first ran on this ledger are history:
  // `vow alerts` lists them; no sink is sent them. Kept aside for the
  // lookahead, which compares with every alert as of now.
  std::vector<Alert> history;
  for (Alert& a : r.alerts)
    if (a.at < from_) history.push_back(std::move(a));
  std::erase_if(r.alerts, [&](const Alert& a) { return a.at < from_; });

  std::unordered_set<std::string_view> timed;  // ids of r.alerts
  for (const Alert& a : r.alerts) {
    if (!seen_.insert(a.id).second) continue;
    if (timing && touched.customers.contains(a.customer)) timed.insert(a.id);
    seen_retracted_.erase(a.id);  // raised again after its retraction: news again
    metrics_.alert_known(a.kind);
    if (!first_round_) stream_.announce({"alert", a.id, to_json(a, AlertDelivery{})});
  }
  for (const Alert& a : r.retracted) {
    if (!seen_retracted_.insert(a.id).second) continue;
    seen_.erase(a.id);
    if (!first_round_) stream_.announce({"retraction", a.id, to_json(a, AlertDelivery{true, std::nullopt, false})});
  }
  if (outages) announce_drafts(now, names_);
  first_round_ = false;
  if (!all && customers.empty()) return;  // drafts only: no one to deliver to or look ahead for

  const auto& routes = ws_.config().serve.routes;
  DeliveryInputs in{&r, &routes, &r.tiers, &r.deliveries, now, kLateAfter};
  auto plan = plan_deliveries(in);
  // Late is measured from when the alert was first owed to a sink, not
  // from a retry's moment.
  for (PlannedDelivery& p : plan) {
    if (p.retraction) continue;
    // Each occurrence is known anew (ADR 0037): one raised again days later is late.
    Instant known = first_known_.try_emplace(p.alert.id + "#" + std::to_string(p.occurrence), now).first->second;
    p.late = known - p.alert.at > kLateAfter;
    p.late_by = p.late ? known - p.alert.at : 0;
  }
  metrics_.evaluated(std::chrono::duration<double>(Steady::now() - start).count());
  // Customers with a delivery failed or waiting for its retry. One a sink
  // acknowledged is not owed: its record, once the recorder writes it,
  // touches the customer (ADR 0036), which is evaluated again then.
  std::set<std::string> owed;
  if (!plan.empty()) {
    auto done = courier_.deliver(plan, now, [this] { return stop_asked_.load(); });
    slow.delivered = Steady::now();
    for (const auto& o : done)
      if (!o.delivery.retraction && timed.erase(o.delivery.alert.id) > 0)  // its first hand-over only
        metrics_.event_to_alert(std::chrono::duration<double>(o.handed - *arrived).count());
    std::set<std::tuple<std::string, std::string, bool>> taken;
    for (const auto& o : done)
      if (o.acknowledged) taken.insert({o.delivery.alert.id, o.delivery.sink, o.delivery.retraction});
    for (const PlannedDelivery& p : plan)
      if (!taken.contains({p.alert.id, p.sink, p.retraction})) owed.insert(p.alert.customer);
  }

  // Then, the deliveries made, when to look at these customers again: at
  // the instant the engine says their alerts change (ADR 0039), or, for
  // those it cannot say it of, at the first change looking ahead.
  if (all) {
    customers.clear();
    for (const auto& [id, name] : names_) customers.push_back(id);
    std::sort(customers.begin(), customers.end());
  }
  std::vector<std::string> unsure;
  for (const std::string& c : customers) {
    auto quiet = r.quiet_until.find(c);
    if (quiet == r.quiet_until.end())
      unsure.push_back(c);
    else
      set_due(c, std::min(quiet->second, now + kLookAhead));
  }
  if (!unsure.empty()) {
    Query ahead = q;
    ahead.as_of = now + kLookAhead;
    ahead.customers = unsure;
    AlertsReport later;
    {
      std::shared_lock lock(state_);
      later = ws_.alerts(ahead);
    }
    std::unordered_set<std::string_view> theirs(unsure.begin(), unsure.end());
    std::vector<Alert> as_of_now;  // theirs: copied only when some customer needs the lookahead
    for (const auto* alerts : {&r.alerts, &history})
      for (const Alert& a : *alerts)
        if (theirs.contains(a.customer)) as_of_now.push_back(a);
    schedule(unsure, as_of_now, later, now);
  }
  owed_ = std::move(owed);
}

void Live::announce_drafts(Instant now, const std::unordered_map<std::string, std::string>& names) {
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
