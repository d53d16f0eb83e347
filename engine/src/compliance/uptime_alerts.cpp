#include "compliance/uptime_alerts.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "compliance/objective_sweep.hpp"
#include "compliance/ratio_burn.hpp"
#include "compliance/uptime_timeline.hpp"
#include "time/period.hpp"

namespace vow {
namespace {

constexpr Millis kMinute = 60'000;

struct Found {
  Instant at;
  bool holds;  // at `at` itself (a strict test does not, at an exact crossing)
};

// The first instant at which, evaluated as of it, the downtime of the
// period `p` passes `th`: segment by segment of what was known, solving the
// linear growth within each exactly.
std::optional<Found> first_instant(const UptimeTimeline& tl, Interval p, Instant as_of, const Threshold& th,
                                   bool strict) {
  const auto& changes = tl.changes();
  const Instant final_from = std::max(p.b, tl.settled(p));
  std::size_t i = tl.stretch_of(p.a);
  if (i == UptimeTimeline::npos) i = 0;
  for (; i < changes.size() && changes[i] <= final_from; ++i) {
    Instant begin = std::max(p.a, changes[i]);
    Instant end = i + 1 < changes.size() ? changes[i + 1] : as_of + 1;  // integer instants [begin, end)
    if (begin >= end) continue;
    const Known& k = tl.stretch(i);
    auto down_before = [&](Instant t) { return k.within({p.a, std::min(p.b, t)}); };
    if (th.reached(down_before(begin), strict)) return Found{begin, true};
    // Then the spans that grow it, in order, up to the period's end.
    Instant limit = std::min(p.b, end);
    if (begin >= limit) continue;
    auto first_after = [&](const Intervals& v) {
      return static_cast<std::size_t>(
          std::partition_point(v.begin(), v.end(), [&](const Interval& s) { return s.b <= begin; }) - v.begin());
    };
    auto next = [&](const Intervals& v, std::size_t& j) {
      return j < v.size() && v[j].a < limit ? std::optional<Interval>(v[j]) : std::nullopt;
    };
    std::size_t jd = first_after(k.down), jp = first_after(k.part);
    for (;;) {
      auto d = next(k.down, jd), q = next(k.part, jp);
      if (!d && !q) break;
      bool major = d && (!q || d->a < q->a);
      Interval span = major ? *d : *q;
      (major ? jd : jp)++;
      Instant a = std::max(span.a, begin), b = std::min(span.b, limit);
      if (b <= a) continue;
      if (!th.reached(down_before(b), strict)) continue;
      auto x = th.solve(down_before(a), major ? 1 : 0, major ? 0 : 1);
      if (!x || a + x->at > b) continue;
      Instant at = a + x->at;
      bool holds = !(strict && x->exact) && at < end;
      if (at >= end) break;  // crossed in the last fraction of a ms: the next stretch decides
      return Found{at, holds};
    }
  }
  return std::nullopt;
}

bool exists(const Found& f, Instant as_of) {
  return f.at < as_of || (f.at == as_of && f.holds);
}

Alert uptime_alert(const Contract& c, const UptimeTerm& u, const char* kind, const char* severity) {
  Alert a;
  a.kind = kind;
  a.severity = severity;
  a.customer = c.id;
  a.customer_name = c.name;
  if (c.uptime_list) a.term = u.name;
  return a;
}

// A list's terms fire each on its own: their ids end in the term's name (alerts.md).
std::string term_suffix(const Contract& c, const UptimeTerm& u) {
  return c.uptime_list ? ":" + u.name : "";
}

// One episode's alert, of the outage timeline or of a term measured by events.
Alert burn_alert(const Contract& c, const UptimeTerm& u, const BurnEpisode& e) {
  const BurnRule& rule = c.burn_alerts[static_cast<std::size_t>(e.rule - 1)];
  Alert a = uptime_alert(c, u, "uptime.burn_rate", rule.severity.c_str());
  a.at = e.at;
  a.rule = e.rule;
  a.id = a.kind + ":" + a.customer + ":" + std::to_string(a.rule) + ":" + format_instant(e.at) + term_suffix(c, u);
  a.long_window = rule.long_window;
  a.short_window = rule.short_window;
  a.factor = rule.factor;
  a.burn_long = e.burn_long;
  a.burn_short = e.burn_short;
  return a;
}

// Figures of the term in one period, the decimals as the contract wrote them.
struct PeriodTerms {
  Interval p;
  Decimal allowed;  // (100 - target) × |P| / 100, in ms
  double allowed_d;
};

PeriodTerms period_terms(const UptimeTerm& u, Interval p) {
  Decimal hundred = Decimal::integer(100);
  Decimal slack = hundred + Decimal::from_double(u.target) * Decimal::integer(-1);
  Decimal allowed = slack * Decimal::integer(p.length()) / hundred;
  return {p, allowed, allowed.to_double()};
}

// Figures for output only: the allowed downtime is exact before it becomes
// a double, so 2,142,720 of 2,678,400 ms prints as 0.8.
std::optional<double> consumed(const UptimeTimeline& tl, const UptimeTerm& u, const PeriodTerms& pt, Instant at) {
  if (u.target >= 100.0 || pt.allowed_d <= 0) return std::nullopt;
  Downtime d = tl.as_of(at, {pt.p.a, std::min(pt.p.b, at)});
  return (static_cast<double>(d.major) + u.partial_weight * static_cast<double>(d.partial)) / pt.allowed_d;
}

void period_alerts(const Contract& c, const UptimeTerm& u, const UptimeTimeline& tl, Instant as_of,
                   std::vector<Alert>& out) {
  // The commitment periods (months, or quarters: terms.md) any downtime touches.
  std::set<std::tuple<int, int, int>> periods;
  for (const Interval& i : tl.ever()) {
    if (i.b <= i.a) continue;
    Period m = c.period_at(i.a), last = c.period_at(i.b - 1);
    for (;; m = following(m)) {
      periods.insert({m.year, m.first_month, m.months});
      if (m == last) break;
    }
  }
  for (auto [year, first, months] : periods) {
    Period period{year, first, months};
    PeriodTerms pt = period_terms(u, period.bounds(*c.zone));
    if (pt.p.b <= pt.p.a) continue;
    // No stretch can count more than every outage as major: most periods
    // stop here.
    Downtime most{measure(clip(tl.ever(), pt.p)), 0};
    auto fire = [&](const char* kind, const char* severity, const Decimal& k, bool strict) {
      Threshold th(u.partial_weight, k);
      if (!th.reached(most, strict)) return;
      auto found = first_instant(tl, pt.p, as_of, th, strict);
      if (!found || !exists(*found, as_of)) return;
      Alert a = uptime_alert(c, u, kind, severity);
      a.period = period.label();
      a.id = a.kind + ":" + a.customer + ":" + a.period + term_suffix(c, u);
      a.at = found->at;
      a.budget_consumed = consumed(tl, u, pt, found->at);
      out.push_back(std::move(a));
    };
    if (u.target < 100.0)
      fire("uptime.budget_warning", "warning", Decimal::from_double(c.budget_warn) * pt.allowed, false);
    fire("uptime.breached", "breach", pt.allowed, true);
  }
}

Instant floor_minute(Instant t) {
  Instant m = t / kMinute * kMinute;
  return m > t ? m - kMinute : m;
}

// Minutes at which some downtime lies in the last `window` before them:
// (start, end + window) of each outage ever known, up to as_of.
std::vector<Interval> candidate_minutes(const Intervals& ever, Millis window, Instant as_of) {
  std::vector<Interval> out;  // [first, last] minutes, as [a, b)
  for (const Interval& i : ever) {
    Instant first = floor_minute(i.a) + kMinute;
    Instant last = std::min(floor_minute(i.b + window - 1), floor_minute(as_of));
    if (last < first) continue;
    if (!out.empty() && first <= out.back().b)
      out.back().b = std::max(out.back().b, last + kMinute);
    else
      out.push_back({first, last + kMinute});
  }
  return out;
}

// The episodes of every rule: the first minute of each run of consecutive
// minutes at which the rule holds, with the burns there.
std::vector<BurnEpisode> burn_episodes(const Contract& c, const UptimeTerm& u, const UptimeTimeline& tl, Instant as_of,
                                       Instant since) {
  std::vector<BurnEpisode> out;
  Decimal hundred = Decimal::integer(100);
  Decimal slack = hundred + Decimal::from_double(u.target) * Decimal::integer(-1);
  for (std::size_t r = 0; r < c.burn_alerts.size(); ++r) {
    const BurnRule& rule = c.burn_alerts[r];
    Decimal factor = Decimal::from_double(rule.factor);
    auto threshold = [&](Millis w) {
      return Threshold(u.partial_weight, factor * slack * Decimal::integer(w) / hundred);
    };
    Threshold long_th = threshold(rule.long_window), short_th = threshold(rule.short_window);
    auto burn = [&](Downtime d, Millis w) {
      double allowed = (slack * Decimal::integer(w) / hundred).to_double();
      return (static_cast<double>(d.major) + u.partial_weight * static_cast<double>(d.partial)) / allowed;
    };
    Instant last_held = kNever;
    std::size_t first = out.size();  // this rule's episodes
    // What stretch i knew around t: the windows before t need no more, and
    // a term with thousands of bad slices is not copied whole for each.
    Known k;
    std::size_t near_i = UptimeTimeline::npos;
    Interval near{0, 0};
    Millis reach = std::max(rule.long_window, rule.short_window);
    for (const Interval& range : candidate_minutes(tl.ever(), rule.short_window, as_of)) {
      std::size_t i = tl.stretch_of(range.a);
      for (Instant t = range.a; t < range.b; t += kMinute) {
        while (i + 1 < tl.changes().size() && tl.changes()[i + 1] <= t) ++i;  // npos + 1 is 0
        if (i == UptimeTimeline::npos || t < since) continue;
        if (i != near_i || t - reach < near.a || t > near.b) {
          near = {t - reach, t + std::max(3 * reach, 60 * kMinute)};
          k = tl.stretch_within(i, near);
          near_i = i;
        }
        Downtime s = k.within({t - rule.short_window, t});
        if (!short_th.reached(s, false)) continue;
        Downtime l = k.within({t - rule.long_window, t});
        if (!long_th.reached(l, false)) continue;
        bool continues = last_held != kNever && last_held + kMinute == t;
        if (!continues) {
          if (out.size() > first) out.back().until = last_held + kMinute;
          out.push_back({static_cast<int>(r + 1), t, burn(l, rule.long_window), burn(s, rule.short_window)});
        }
        last_held = t;
        // Sliding by d ms loses at most d ms of (weighted) downtime, so
        // within the stretch the rule keeps holding for as many minutes as
        // the smaller margin covers: no need to look at them.
        double margin = std::min(short_th.value(s) - short_th.limit(), long_th.value(l) - long_th.limit()) - 1.0;
        Instant stretch_end = i + 1 < tl.changes().size() ? tl.changes()[i + 1] : kNever;
        Instant skip = margin > kMinute ? static_cast<Instant>(margin) / kMinute * kMinute : 0;
        // While the window's front runs through a major span, it gains at
        // least what its back loses: it holds to the span's end.
        auto span = std::partition_point(k.down.begin(), k.down.end(), [&](const Interval& d) { return d.b <= t; });
        if (span != k.down.end() && span->a <= t) skip = std::max(skip, (span->b - t) / kMinute * kMinute);
        skip = std::min({skip, (stretch_end - 1 - t) / kMinute * kMinute, (range.b - kMinute - t) / kMinute * kMinute});
        if (skip > 0) {
          t += skip;
          last_held = t;
        }
      }
    }
    // Held to the last minute looked at: going on, as far as as_of knows.
    if (out.size() > first && last_held + kMinute <= floor_minute(as_of)) out.back().until = last_held + kMinute;
  }
  return out;
}

void burn_alerts(const Contract& c, const UptimeTerm& u, const UptimeTimeline& tl, Instant as_of, BurnMemo& memo,
                 BurnBoundary& boundary, std::vector<Alert>& out) {
  if (u.target >= 100.0 || c.burn_alerts.empty()) return;
  const std::vector<BurnEpisode>* episodes;
  std::vector<BurnEpisode> own;
  if (u.exclude_fn) {
    // The contract's own code decides: nothing to share.
    own = burn_episodes(c, u, tl, as_of, boundary.since);
    episodes = &own;
  } else {
    std::string key;
    auto put = [&](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    put(u.target);
    put(u.partial_weight);
    put(u.combine_all);
    put(u.maintenance_notice);
    put(u.min_outage);
    put(boundary.since);
    for (const std::string& s : u.services) key += s + '\0';
    for (const BurnRule& r : c.burn_alerts) {
      put(r.long_window);
      put(r.short_window);
      put(r.factor);
      key += r.severity + '\0';
    }
    tl.signature(key);
    auto [it, fresh] = memo.try_emplace(std::move(key));
    if (fresh) it->second = burn_episodes(c, u, tl, as_of, boundary.since);
    episodes = &it->second;
  }
  std::map<Instant, PeriodTerms> periods;  // by the period's start
  for (const BurnEpisode& e : *episodes) {
    if (boundary.goes_on(u, c.burn_alerts[static_cast<std::size_t>(e.rule - 1)], e)) continue;
    Alert a = burn_alert(c, u, e);
    Period period = c.period_at(e.at);
    a.period = period.label();
    Interval bounds = period.bounds(*c.zone);
    auto p = periods.find(bounds.a);
    if (p == periods.end()) p = periods.emplace(bounds.a, period_terms(u, bounds)).first;
    a.budget_consumed = consumed(tl, u, p->second, e.at);
    out.push_back(std::move(a));
  }
}

// A term measured by events (1.1, slis.md): its figures change only as
// windows arrive and slices end, as an objective's do; a ratio is lost only
// at its period's end (alerts.md).
void by_events_alerts(const Contract& c, const UptimeTerm& u, Instant as_of, const Facts& f, BurnBoundary& boundary,
                      std::vector<Alert>& out) {
  const Objective o{u.name, *u.measure, u.target, u.target_num, u.target_den, u.clause};
  std::span<const SliWindow* const> windows = windows_of(f, o.measure.sli, c.id);
  if (windows.empty() || windows.front()->start >= as_of) return;  // by start: nothing before the first
  const bool ratio = o.measure.method == SliMethod::Ratio;
  // Only periods that some window starts in can raise anything: from each, on to the next such one.
  auto next_with_windows = [&](Instant from) -> std::optional<Period> {
    auto it = std::lower_bound(windows.begin(), windows.end(), from,
                               [](const SliWindow* w, Instant t) { return w->start < t; });
    if (it == windows.end() || (*it)->start >= as_of) return std::nullopt;
    return c.period_at((*it)->start);
  };
  for (auto p = next_with_windows(windows.front()->start); p; p = next_with_windows(p->bounds(*c.zone).b)) {
    const Interval b = p->bounds(*c.zone);
    bool warned = u.target >= 100.0, breached = false;
    auto fire = [&](const char* kind, const char* severity, Instant t, double budget) {
      Alert a = uptime_alert(c, u, kind, severity);
      a.period = p->label();
      a.id = a.kind + ":" + a.customer + ":" + a.period + term_suffix(c, u);
      a.at = t;
      if (std::isfinite(budget)) a.budget_consumed = budget;
      out.push_back(std::move(a));
    };
    ObjectiveSweep(o, *c.zone, b, as_of, windows).run([&](Instant t, double budget, bool met) {
      if (!warned && budget >= c.budget_warn) {
        fire("uptime.budget_warning", "warning", t, budget);
        warned = true;
      }
      if (!breached && !met && (!ratio || t >= b.b)) {
        fire("uptime.breached", "breach", t, budget);
        breached = true;
      }
      return !(warned && breached);
    });
  }
  if (c.burn_alerts.empty()) return;
  for (const BurnEpisode& e : ratio_burn_episodes(u, c.burn_alerts, windows, as_of, boundary.since)) {
    if (boundary.goes_on(u, c.burn_alerts[static_cast<std::size_t>(e.rule - 1)], e)) continue;
    Alert a = burn_alert(c, u, e);
    a.period = c.period_at(e.at).label();
    out.push_back(std::move(a));
  }
}

void version_alerts(const Contract& c, Instant as_of, const Facts& f,
                    const std::function<ExcludeFn(const UptimeTerm&)>& exclude, UptimeScratch& scratch,
                    BurnBoundary& boundary, std::vector<Alert>& out) {
  if (c.uptimes.empty() || !c.zone) return;
  if (!scratch.events) scratch.events.emplace(f);
  for (const UptimeTerm& u : c.uptimes) {
    if (u.by_events()) {
      by_events_alerts(c, u, as_of, f, boundary, out);
      continue;
    }
    UptimeTimeline tl(u, c.id, *scratch.events, as_of, exclude(u));
    if (tl.empty()) continue;
    period_alerts(c, u, tl, as_of, out);
    burn_alerts(c, u, tl, as_of, scratch.burns, boundary, out);
  }
}

}  // namespace

namespace {

// What makes two versions' burns one: the term's name and what it measures,
// and the rule's windows, factor and severity (not its place in the list,
// which an amendment may change).
std::string burn_identity(const UptimeTerm& u, const BurnRule& rule) {
  std::string key = u.name + '\0';
  for (const std::string& s : u.services) key += s + '\0';
  if (u.measure) key += "sli:" + u.measure->sli + '\0';
  key += std::to_string(rule.long_window) + '\0' + std::to_string(rule.short_window) + '\0';
  key.append(reinterpret_cast<const char*>(&rule.factor), sizeof rule.factor);
  return key + '\0' + rule.severity;
}

}  // namespace

bool BurnBoundary::goes_on(const UptimeTerm& u, const BurnRule& rule, const BurnEpisode& e) {
  bool into_next = next && e.at <= *next - kMinute && *next - kMinute < e.until;
  bool at_since = e.at == since && burning_before;
  if (!into_next && !at_since) return false;  // most episodes: no identity to make
  std::string identity = burn_identity(u, rule);
  if (into_next) burning_at_next.insert(identity);
  return at_since && burning_before->contains(identity);
}

void uptime_alerts(const Contract& c, Instant as_of, const Facts& f,
                   const std::function<ExcludeFn(const UptimeTerm&)>& exclude, UptimeScratch& scratch,
                   std::vector<Alert>& out) {
  if (!c.versions) {
    BurnBoundary none;
    return version_alerts(c, as_of, f, exclude, scratch, none, out);
  }
  // Amended terms (terms.md): each version speaks for the periods it is in
  // force in; a burn-rate minute for the month it falls in.
  const auto& versions = c.versions->versions;
  std::set<std::string> burning;  // by the terms before, in their last minute
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const auto& v = versions[i];
    BurnBoundary boundary;
    if (v.from && c.zone) {
      boundary.since = v.from->bounds(*c.zone).a;
      boundary.burning_before = &burning;
    }
    if (i + 1 < versions.size() && versions[i + 1].from && c.zone)
      boundary.next = versions[i + 1].from->bounds(*c.zone).a;
    std::size_t first = out.size();
    version_alerts(*v.terms, as_of, f, exclude, scratch, boundary, out);
    auto other = [&](const Alert& a) {
      auto period = parse_period(a.period);
      const Contract& in = a.kind != "uptime.burn_rate" && period ? c.in_force(*period) : c.in_force_at(a.at);
      return &in != v.terms.get();
    };
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), other), out.end());
    burning = std::move(boundary.burning_at_next);
  }
}

}  // namespace vow
