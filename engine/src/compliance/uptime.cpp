#include "compliance/uptime.hpp"

#include <algorithm>

#include "compliance/bad_slices.hpp"
#include "compliance/objective_sweep.hpp"
#include "compliance/objectives.hpp"
#include "compliance/slices.hpp"

namespace vow {
namespace {

// The first instant t at which the downtime over [start, t) makes the
// whole period's percent miss the target, by the same comparison as `met`:
// the outcome cannot change after it, as downtime only grows.
Instant crossing(const Intervals& down, const Intervals& part, double partial_weight, double whole, double target) {
  struct Piece {
    Interval span;
    double weight;
  };
  std::vector<Piece> pieces;
  for (const auto& i : down) pieces.push_back({i, 1.0});
  if (partial_weight > 0)
    for (const auto& i : part) pieces.push_back({i, partial_weight});
  std::sort(pieces.begin(), pieces.end(), [](const Piece& x, const Piece& y) { return x.span.a < y.span.a; });
  auto missed = [&](double downtime) { return 100.0 * (whole - downtime) / whole < target; };
  double allowed = (1.0 - target / 100.0) * whole;
  double so_far = 0;
  for (const auto& p : pieces) {
    double here = p.weight * static_cast<double>(p.span.length());
    if (missed(so_far + here)) {
      auto at = [&](Instant t) { return so_far + p.weight * static_cast<double>(t - p.span.a); };
      Instant t = p.span.a + std::clamp(static_cast<Millis>((allowed - so_far) / p.weight), Millis{0}, p.span.length());
      // The estimate is within a millisecond or two: settle it by the comparison itself.
      while (t > p.span.a && missed(at(t - 1))) --t;
      while (t < p.span.b && !missed(at(t))) ++t;
      return t;
    }
    so_far += here;
  }
  return pieces.empty() ? 0 : pieces.back().span.b;
}

}  // namespace

void combine_services(const UptimeTerm& term, const std::vector<Intervals>& major,
                      const std::vector<Intervals>& partial, const std::vector<Intervals>& excluded, Intervals& down,
                      Intervals& part) {
  down.clear();
  part.clear();
  for (size_t s = 0; s < term.services.size(); ++s) {
    Intervals excl = normalize(excluded[s]);
    Intervals maj = subtract(normalize(major[s]), excl);
    Intervals par = subtract(subtract(normalize(partial[s]), maj), excl);
    if (!term.combine_all) {
      down = unite(down, maj);
      part = unite(part, par);
    } else if (s == 0) {
      down = maj;
      part = unite(maj, par);  // "at least partial" until the end
    } else {
      down = intersect(down, maj);
      part = intersect(part, unite(maj, par));
    }
  }
  part = subtract(part, down);
}

namespace {

Objective as_objective(const UptimeTerm& term) {
  return {term.name, *term.measure, term.target, term.target_num, term.target_den, term.clause};
}

// A term measured by events (slis.md, "Availability as a ratio of events"):
// the figures of an objective with its target, and no downtime.
UptimeResult uptime_by_events(const UptimeTerm& term, std::string_view customer, Interval period, Instant as_of,
                              const Facts& facts) {
  ObjectiveFigures o = objective_figures(as_objective(term), *term.zone, customer, period, as_of, facts);
  UptimeResult r;
  r.target = term.target;
  r.percent = o.percent.value_or(100.0);
  r.met = o.met;
  r.budget_consumed = o.budget_consumed;
  r.percent_to_date = r.downtime_seconds = r.eligible_seconds = r.elapsed_seconds = std::nullopt;
  r.sli = o.sli;
  r.method = o.method;
  r.good = o.good;
  r.total = o.total;
  r.slices = o.slices;
  r.windows_left_out = o.windows_left_out;
  if (!r.met && term.measure->method == SliMethod::Ratio) {
    // A ratio can rise again: it is lost at the period's end (alerts.md).
    if (as_of >= period.b) r.missed_at = period.b;
  } else if (!r.met) {
    // ratio_timeslices only falls: lost at the slice end where it first fell below target.
    const Objective objective = as_objective(term);
    auto windows = windows_of(facts, objective.measure.sli, customer);
    auto key = IndicatorMemo::key(objective.measure, windows, *term.zone, period, as_of, objective.target_num,
                                  objective.target_den);
    r.missed_at = facts.memo.missed_at(key, [&] {
      std::optional<Instant> missed;
      ObjectiveSweep(objective, *term.zone, period, as_of, windows).run([&](Instant t, double, bool met) {
        if (!met) missed = t;
        return met;
      });
      return missed;
    });
  }
  return r;
}

}  // namespace

UptimeResult compute_uptime(const UptimeTerm& term, std::string_view customer, Interval period, Instant as_of,
                            const Facts& facts, const ExcludeFn& exclude) {
  if (term.by_events()) return uptime_by_events(term, customer, period, as_of, facts);
  const Interval evaluated{period.a, std::max(period.a, std::min(period.b, as_of))};
  std::vector<Intervals> major(term.services.size()), partial(term.services.size()), excluded(term.services.size());
  Intervals exceptions;
  auto service_index = [&](const std::string& s) -> int {
    auto it = std::find(term.services.begin(), term.services.end(), s);
    return it == term.services.end() ? -1 : static_cast<int>(it - term.services.begin());
  };

  for (const Outage& o : facts.outages) {
    const Event& e = *o.started;
    int s = service_index(e.service);
    if (s < 0 || !e.covers(customer)) continue;
    if (e.at > as_of) continue;
    // Facts gathered later than as_of (a quarter's status as of a month's
    // end) may know an end that as_of does not yet.
    Interval span{e.at, o.end && *o.end <= as_of ? *o.end : as_of};
    if (span.length() < term.min_outage) continue;
    if (span.b <= evaluated.a || span.a >= evaluated.b) continue;  // cannot touch the period
    if (exclude && exclude(OutageView{e, o.end && *o.end <= as_of ? o.end : std::nullopt})) continue;
    (e.partial ? partial : major)[s].push_back(span);
  }
  for (const Maintenance& m : facts.maintenance) {
    const Event& e = *m.scheduled;
    int s = service_index(e.service);
    if (s < 0 || (m.cancelled && m.cancelled_at <= as_of) || e.at > as_of || !e.covers(customer)) continue;
    if (e.start - e.at < term.maintenance_notice) continue;
    excluded[s].push_back({e.start, e.end});
  }
  // An exception for uptime (1.1) counts as up like valid maintenance, on
  // every service of the term, with no notice asked.
  for (const ExceptionGrant& x : facts.exceptions) {
    const Event& e = *x.granted;
    if (!x.covers_uptime() || e.customer != customer || e.at > as_of || x.revoked_at <= as_of) continue;
    for (Intervals& windows : excluded) windows.push_back({e.start, e.end});
    exceptions.push_back({e.start, e.end});
  }

  Intervals down, part;
  combine_services(term, major, partial, excluded, down, part);
  down = clip(down, evaluated);
  part = clip(part, evaluated);
  UptimeResult r;
  if (term.measure) {
    // Bad slices are down whatever the services' state, except where every
    // covered service is in excluded time (slis.md).
    const SliMeasure& m = *term.measure;
    auto windows = windows_of(facts, m.sli, customer);
    auto key = IndicatorMemo::key(m, windows, *term.zone, period, as_of);
    const IndicatorSlices& read = facts.memo.bad_slices(key, [&] {
      IndicatorSlices out;
      std::vector<const SliWindow*> too_long;
      out.bad = bad_slices(m, *term.zone, windows, period, as_of, &too_long);
      for (const SliWindow* w : too_long) out.left_out.emplace_back(w->id);
      return out;
    });
    const std::vector<BadSlice>& slices = read.bad;
    r.windows_left_out = read.left_out;
    Intervals bad = bad_as_of(slices, as_of, evaluated);
    Intervals everywhere = normalize(exceptions);
    if (!term.services.empty()) {
      everywhere = normalize(excluded[0]);
      for (std::size_t s = 1; s < excluded.size(); ++s) everywhere = intersect(everywhere, normalize(excluded[s]));
    }
    down = unite(down, subtract(bad, everywhere));
    part = subtract(part, down);
    r.sli = m.sli;
    r.method = "timeslices";
    r.slices = facts.memo.slice_count(
        key, [&] { return static_cast<std::int64_t>(slice_grid(*term.zone, period, m.slice).size()); });
    r.bad_slices = static_cast<std::int64_t>(
        std::count_if(slices.begin(), slices.end(), [&](const BadSlice& b) { return b.bad_at(as_of); }));
  }
  r.target = term.target;
  double whole = static_cast<double>(period.length());
  double elapsed = static_cast<double>(evaluated.length());
  double downtime = static_cast<double>(measure(down)) + term.partial_weight * static_cast<double>(measure(part));
  r.downtime_seconds = downtime / 1000.0;
  r.eligible_seconds = whole / 1000.0;
  r.elapsed_seconds = elapsed / 1000.0;
  r.percent = whole > 0 ? 100.0 * (whole - downtime) / whole : 100.0;
  if (elapsed > 0) r.percent_to_date = 100.0 * (elapsed - downtime) / elapsed;
  double allowed = (1.0 - term.target / 100.0) * whole;
  if (term.target < 100.0 && allowed > 0) r.budget_consumed = downtime / allowed;
  r.met = r.percent >= term.target;
  if (!r.met) r.missed_at = crossing(down, part, term.partial_weight, whole, term.target);
  return r;
}

}  // namespace vow
