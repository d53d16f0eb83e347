// An OpenSLO objective's target and budgeting method, as Vow's target,
// method, slice and max_error_rate.
#include "slo/decimal.hpp"
#include "slo/durations.hpp"
#include "slo/openslo.hpp"
#include "slo/yaml_access.hpp"

namespace vow::slo {
namespace {

constexpr int kMaxDecimals = 6;  // what the engine accepts in a target or max_error_rate

// A ratio in [low, 1] from `key`; `low_open` excludes low itself.
std::optional<Decimal> read_ratio(const YAML::Node& o, const std::string& key, const std::string& path, bool low_open,
                                  Diagnostics& d) {
  auto node = get(o, key);
  auto t = node ? text_of(*node) : std::nullopt;
  auto x = t ? parse_decimal(*t) : std::nullopt;
  Decimal zero{0, 0}, one{1, 0};
  if (!x || compare(*x, one) > 0 || (low_open ? compare(*x, zero) <= 0 : compare(*x, zero) < 0)) {
    d.refuse(node ? *node : o, at_key(path, key),
             (node ? shown(*node) : std::string("nothing")) + " is not a ratio " +
                 (low_open ? "above 0 and at most 1" : "from 0 to 1") + ", such as 0.995" +
                 (key == "target" ? " (targetPercent takes a percent)" : ""));
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> as_percent(const YAML::Node& at, const std::string& field, std::optional<Decimal> x,
                                      Diagnostics& d) {
  if (!x) return std::nullopt;
  if (x->scale > kMaxDecimals) {
    d.refuse(at, field,
             "is " + to_text(*x) + "%, with more than 6 decimals: Vow compares percents of at most 6 decimals exactly");
    return std::nullopt;
  }
  return to_text(*x);
}

}  // namespace

std::optional<Budgeting> read_budgeting(const YAML::Node& spec, Diagnostics& d) {
  auto b = get(spec, "budgetingMethod");
  auto t = b ? text_of(*b) : std::nullopt;
  if (t == "Occurrences") return Budgeting::Occurrences;
  if (t == "Timeslices") return Budgeting::Timeslices;
  if (t == "RatioTimeslices") return Budgeting::RatioTimeslices;
  d.refuse(b ? *b : spec, "spec.budgetingMethod",
           (b ? shown(*b) + " is not a budgeting method" : std::string("is required")) +
               ": Occurrences, Timeslices or RatioTimeslices");
  return std::nullopt;
}

bool read_target(const YAML::Node& o, const std::string& path, Objective& out, Diagnostics& d) {
  auto ratio = get(o, "target");
  auto percent = get(o, "targetPercent");
  if (ratio && percent) {
    d.refuse(*percent, at_key(path, "targetPercent"), "is given with target: write one of them");
    return false;
  }
  if (!ratio && !percent) {
    d.refuse(o, at_key(path, "target"), "is required: the share of good events, such as 0.995 (or targetPercent)");
    return false;
  }
  std::optional<std::string> target;
  if (ratio) {
    auto x = read_ratio(o, "target", path, false, d);
    target = as_percent(*ratio, at_key(path, "target"), x ? percent_of_ratio(*x) : std::nullopt, d);
  } else {
    auto t = text_of(*percent);
    auto x = t ? parse_decimal(*t) : std::nullopt;
    if (!x || compare(*x, Decimal{0, 0}) < 0 || compare(*x, Decimal{100, 0}) > 0) {
      d.refuse(*percent, at_key(path, "targetPercent"), shown(*percent) + " is not a percent from 0 to 100");
      return false;
    }
    target = as_percent(*percent, at_key(path, "targetPercent"), x, d);
  }
  if (!target) return false;
  out.target = *target;
  return true;
}

bool read_budget(const YAML::Node& o, const std::string& path, Budgeting b, bool v1alpha, Objective& out,
                 Diagnostics& d) {
  if (b == Budgeting::Occurrences) {
    out.method = Method::Ratio;
    return true;
  }
  int before = d.refusals();
  out.method = b == Budgeting::Timeslices ? Method::Timeslices : Method::RatioTimeslices;
  if (b == Budgeting::Timeslices) {
    // A slice is good when its share of good events reaches timeSliceTarget:
    // bad when its error rate is over 100 × (1 − timeSliceTarget) percent.
    if (!get(o, "timeSliceTarget")) {
      d.refuse(o, at_key(path, "timeSliceTarget"),
               "is required with Timeslices: the share of good events that makes a slice good, such as 0.95");
    } else if (auto x = read_ratio(o, "timeSliceTarget", path, true, d)) {
      auto rate = one_minus(*x);
      auto mer = as_percent(*get(o, "timeSliceTarget"), at_key(path, "timeSliceTarget"),
                            rate ? percent_of_ratio(*rate) : std::nullopt, d);
      if (mer) out.max_error_rate = *mer;
    }
  }
  auto window = get(o, "timeSliceWindow");
  const std::string wpath = at_key(path, "timeSliceWindow");
  if (!window) {
    d.refuse(o, wpath,
             std::string("is required with ") + (b == Budgeting::Timeslices ? "Timeslices" : "RatioTimeslices") +
                 ": the length of a slice, such as 1m" +
                 (v1alpha ? " (OpenSLO v1alpha has no field for it; add timeSliceWindow to say it)" : ""));
  } else {
    auto t = text_of(*window);
    auto len = t ? parse_shorthand(*t) : std::nullopt;
    auto seconds = len ? seconds_of(*len) : std::nullopt;
    auto slice = seconds ? vow_slice(*seconds) : std::nullopt;
    if (!slice)
      d.refuse(*window, wpath,
               shown(*window) + " is not a slice Vow measures: a minute or more that divides a day, such as 1m, 5m, " +
                   "1h or 1d (OpenSLO's m is a minute)");
    else
      out.slice = *slice;
  }
  return d.refusals() == before;
}

}  // namespace vow::slo
