#include "compliance/uptime_timeline.hpp"

#include <algorithm>
#include <cmath>

#include "compliance/slices.hpp"

namespace vow {
namespace {

Decimal minus(const Decimal& x) {
  return x * Decimal::integer(-1);
}

// The measure of `spans` before x, from the measures before each span.
Millis until(const Intervals& spans, const std::vector<Millis>& before, Instant x) {
  auto it = std::upper_bound(spans.begin(), spans.end(), x, [](Instant t, const Interval& i) { return t < i.a; });
  if (it == spans.begin()) return 0;
  std::size_t k = static_cast<std::size_t>(it - spans.begin()) - 1;
  return before[k] + (std::min(x, spans[k].b) - spans[k].a);
}

std::vector<Millis> measures_before(const Intervals& spans) {
  std::vector<Millis> out;
  out.reserve(spans.size());
  Millis sum = 0;
  for (const Interval& i : spans) {
    out.push_back(sum);
    sum += i.length();
  }
  return out;
}

}  // namespace

Threshold::Threshold(double partial_weight, const Decimal& k)
    : w_(Decimal::from_double(partial_weight)), k_(k), wd_(partial_weight), kd_(k.to_double()) {}

double Threshold::value(Downtime d) const {
  return static_cast<double>(d.major) + wd_ * static_cast<double>(d.partial);
}

bool Threshold::reached(Downtime d, bool strict) const {
  // Figures are integers of ms below 2^53 and k a few significant digits:
  // a relative gap of 1e-9 is far beyond any rounding of the doubles.
  double v = value(d), margin = 1e-9 * std::max(1.0, std::abs(kd_));
  if (v > kd_ + margin) return true;
  if (v < kd_ - margin) return false;
  Decimal exact = Decimal::integer(d.major) + w_ * Decimal::integer(d.partial);
  return strict ? k_ < exact : !(exact < k_);
}

std::optional<Threshold::Crossing> Threshold::solve(Downtime d, int major_rate, int partial_rate) const {
  Decimal rate = Decimal::integer(major_rate) + w_ * Decimal::integer(partial_rate);
  if (!(Decimal::integer(0) < rate)) return std::nullopt;
  Decimal x = (k_ + minus(Decimal::integer(d.major) + w_ * Decimal::integer(d.partial))) / rate;
  if (x.negative()) return Crossing{0, false};
  long long up = x.ceiling();
  return Crossing{up, Decimal::integer(up) == x};
}

Downtime Known::within(Interval window) const {
  if (window.b <= window.a) return {};
  return {until(down, down_before, window.b) - until(down, down_before, window.a),
          until(part, part_before, window.b) - until(part, part_before, window.a)};
}

EventsByCustomer::EventsByCustomer(const Facts& f) : facts(f) {
  for (const Outage& o : f.outages) {
    if (!o.started->customers)
      outages.push_back(&o);
    else
      for (const std::string& c : *o.started->customers) outages_of[c].push_back(&o);
  }
  for (const Maintenance& m : f.maintenance) {
    if (!m.scheduled->customers)
      windows.push_back(&m);
    else
      for (const std::string& c : *m.scheduled->customers) windows_of[c].push_back(&m);
  }
  for (const ExceptionGrant& x : f.exceptions)
    if (x.covers_uptime()) exceptions_of[x.granted->customer].push_back(&x);
}

UptimeTimeline::UptimeTimeline(const UptimeTerm& term, std::string_view customer, const EventsByCustomer& events,
                               Instant as_of, const ExcludeFn& exclude)
    : term_(term), exclude_(exclude) {
  auto service_index = [&](const std::string& s) -> int {
    auto it = std::find(term.services.begin(), term.services.end(), s);
    return it == term.services.end() ? -1 : static_cast<int>(it - term.services.begin());
  };
  auto own = [&](const auto& by_customer) {
    auto it = by_customer.find(customer);
    return it == by_customer.end() ? nullptr : &it->second;
  };
  Intervals ever;
  auto add_outage = [&](const Outage& o) {
    const Event& e = *o.started;
    int s = service_index(e.service);
    if (s < 0 || e.at > as_of) return;
    outages_.push_back({&e, e.at, o.end, s, e.partial, {}, {}});
    Instant stop = o.end ? *o.end : as_of;
    ever.push_back({e.at, stop});
    changes_.push_back(e.at);
    if (o.end) changes_.push_back(*o.end);
    touches_.push_back({o.end ? *o.end : e.at, {e.at, stop}});
    // Admitted once it has lasted min_outage, if it ever does.
    if (term.min_outage > 0 && e.at + term.min_outage <= stop) {
      changes_.push_back(e.at + term.min_outage);
      touches_.push_back({std::max(e.at + term.min_outage, o.end ? *o.end : e.at), {e.at, stop}});
    }
  };
  for (const Outage* o : events.outages) add_outage(*o);
  if (auto mine = own(events.outages_of))
    for (const Outage* o : *mine) add_outage(*o);
  // A slice is known bad (or good again) from its end, or when a late
  // window arrives: down then, as an outage is from its start.
  if (term.measure && !term.by_events()) {
    const SliMeasure& m = *term.measure;
    slices_ = bad_slices(m, *term.zone, windows_of(events.facts, m.sli, customer), {-kNever, as_of}, as_of);
    for (const BadSlice& s : slices_) {
      ever.push_back(s.span);
      for (const auto& [when, _] : s.states) changes_.push_back(when);
      touches_.push_back({s.last_change(), s.span});
    }
  }
  if (outages_.empty() && slices_.empty()) return;
  ever_ = normalize(std::move(ever));
  auto add_window = [&](const Maintenance& m) {
    const Event& e = *m.scheduled;
    int s = service_index(e.service);
    if (s < 0 || e.start - e.at < term.maintenance_notice) return;
    windows_.push_back({s, {e.start, e.end}, e.at, m.cancelled ? m.cancelled_at : kNever});
    changes_.push_back(e.at);
    if (m.cancelled) changes_.push_back(m.cancelled_at);
    touches_.push_back({m.cancelled ? std::max(e.at, m.cancelled_at) : e.at, {e.start, e.end}});
  };
  for (const Maintenance* m : events.windows) add_window(*m);
  if (auto mine = own(events.windows_of))
    for (const Maintenance* m : *mine) add_window(*m);
  // An exception for uptime (1.1): a window on every service, from its
  // grant until it is revoked, as maintenance is from its announcement
  // until it is cancelled.
  if (auto mine = own(events.exceptions_of))
    for (const ExceptionGrant* x : *mine) {
      const Event& e = *x->granted;
      for (int s = 0; s < static_cast<int>(term.services.size()); ++s)
        windows_.push_back({s, {e.start, e.end}, e.at, x->revoked_at});
      if (term.services.empty()) windows_.push_back({-1, {e.start, e.end}, e.at, x->revoked_at});
      changes_.push_back(e.at);
      if (x->revoked_at != kNever) changes_.push_back(x->revoked_at);
      touches_.push_back({x->revoked_at != kNever ? std::max(e.at, x->revoked_at) : e.at, {e.start, e.end}});
    }
  std::erase_if(changes_, [&](Instant t) { return t > as_of; });
  std::sort(changes_.begin(), changes_.end());
  changes_.erase(std::unique(changes_.begin(), changes_.end()), changes_.end());
  stretches_.resize(changes_.size());
}

std::size_t UptimeTimeline::stretch_of(Instant t) const {
  auto it = std::upper_bound(changes_.begin(), changes_.end(), t);
  return it == changes_.begin() ? npos : static_cast<std::size_t>(it - changes_.begin()) - 1;
}

const Known& UptimeTimeline::stretch(std::size_t i) const {
  if (!stretches_[i]) {
    // Each stretch holds every span known then: thousands of bad slices
    // kept for each of thousands of stretches would fill memory, so past a
    // bound the stretches kept are dropped (and made again if asked).
    if (kept_spans_ > keep_spans_) {
      for (auto& s : stretches_) s.reset();
      kept_spans_ = 0;
    }
    stretches_[i] = known_at(changes_[i]);
    kept_spans_ += stretches_[i]->down.size() + stretches_[i]->part.size();
  }
  return *stretches_[i];
}

Downtime UptimeTimeline::as_of(Instant t, Interval window) const {
  std::size_t i = stretch_of(t);
  // Made for the window alone: one call per alert, at instants scattered
  // over the stretches, which keeping each whole would only fill memory with.
  return i == npos ? Downtime{} : stretch_within(i, window).within(window);
}

Instant UptimeTimeline::settled(Interval p) const {
  Instant last = p.a;
  for (const auto& [when, span] : touches_)
    if (span.a < p.b && p.a < span.b) last = std::max(last, when);
  return last;
}

void UptimeTimeline::signature(std::string& out) const {
  auto put = [&](const auto& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  for (const Out& o : outages_) {
    put(o.started);
    put(o.end ? *o.end : kNever);
  }
  out += '|';
  for (const BadSlice& s : slices_) {
    put(s.span.a);
    put(s.span.b);  // slices of two lengths may start and turn bad together
    for (const auto& [when, bad] : s.states) {
      put(when);
      put(bad);
    }
  }
  out += '|';
  for (const Window& w : windows_) {
    put(w.service);
    put(w.span.a);
    put(w.span.b);
    put(w.announced);
    put(w.cancelled);
  }
}

Known UptimeTimeline::known_at(Instant t, Interval range) const {
  std::size_t n = term_.services.size();
  std::vector<Intervals> major(n), partial(n), excluded(n);
  // What is known at each instant depends on that instant alone: spans cut
  // to the range first give the same figures within it.
  auto put = [&](Intervals& into, Interval span) {
    span.a = std::max(span.a, range.a);
    span.b = std::min(span.b, range.b);
    if (span.a < span.b) into.push_back(span);
  };
  for (const Out& o : outages_) {
    if (o.start > t) continue;
    bool closed = o.end && *o.end <= t;
    if ((closed ? *o.end : t) - o.start < term_.min_outage) continue;
    if (exclude_) {
      auto& cached = closed ? o.excluded_closed : o.excluded_open;
      if (!cached) cached = exclude_(OutageView{*o.started, closed ? o.end : std::nullopt});
      if (*cached) continue;
    }
    put((o.partial ? partial : major)[static_cast<std::size_t>(o.service)], {o.start, closed ? *o.end : kNever});
  }
  Intervals everywhere;  // a term without services: its exceptions
  for (const Window& w : windows_)
    if (w.announced <= t && t < w.cancelled)
      put(w.service < 0 ? everywhere : excluded[static_cast<std::size_t>(w.service)], w.span);
  Known k;
  combine_services(term_, major, partial, excluded, k.down, k.part);
  if (!slices_.empty()) {
    // Bad slices are down whatever the services' state, but where every
    // covered service is excluded (slis.md).
    Intervals bad;
    // Slices come in time order and do not overlap (one grid): those in
    // the range are found by their starts.
    auto first =
        std::partition_point(slices_.begin(), slices_.end(), [&](const BadSlice& s) { return s.span.a < range.a; });
    while (first != slices_.begin() && std::prev(first)->span.b > range.a) --first;
    for (auto s = first; s != slices_.end() && s->span.a < range.b; ++s)
      if (s->bad_at(t)) put(bad, s->span);
    everywhere = normalize(std::move(everywhere));
    if (n > 0) {
      everywhere = normalize(excluded[0]);
      for (std::size_t s = 1; s < n; ++s) everywhere = intersect(everywhere, normalize(excluded[s]));
    }
    k.down = unite(k.down, subtract(normalize(std::move(bad)), everywhere));
    k.part = subtract(k.part, k.down);
  }
  k.down_before = measures_before(k.down);
  k.part_before = measures_before(k.part);
  return k;
}

}  // namespace vow
