// Prometheus range-query results (the "matrix" of /api/v1/query_range) to
// sli.counted windows: per indicator, a query counting the good (or the bad)
// events and one counting all of them, evaluated every `step`, paired
// series by series and instant by instant.
//
// Config (README.md has the whole table):
//   indicators       list of { sli, step, total, good | bad, total_file, good_file | bad_file,
//                    customer_label?, sample_at?, missing_as_zero? }
//   url              Prometheus' base URL; without it, the saved responses the *_file keys name are read
//   headers, timeout sent with each GET, seconds per request (default 30)
//   start, end       the range of windows to fetch (RFC 3339); default: `range` (1h) ending `lag` (5m) ago
//   customer_label   label naming the customer (default "customer"); customers { label value: customer id }
//   sample_at        "end" (default: a sample closes its window) or "start"
//   prefix           event id prefix (default "prometheus")
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connector.hpp"
#include "http_post.hpp"
#include "vow/event_builders.hpp"

namespace {

using json = nlohmann::json;
using Millis = long long;  // Unix time or a duration, in milliseconds
namespace fs = std::filesystem;

constexpr Millis kDay = 86'400'000;
// Prometheus refuses a range query of more than 11,000 points per series.
constexpr Millis kPointsPerRequest = 10'000;
// A count at or past 2^63 has no integer to round to.
constexpr double kMaxCount = 9.2e18;
// The SDK's Timestamp holds no instant from this one on.
constexpr Millis kLatest =
    std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::sys_days{std::chrono::year{vow::sdk::events::Timestamp::kLastYear + 1} / std::chrono::January / 1}
            .time_since_epoch())
        .count();

// A value in a message as Prometheus writes it ("NaN", "+Inf", "9411.7").
std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::trunc(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return json(v).dump();
}

// Milliseconds as decimal seconds ("60", "0.25"), as the API takes them.
std::string seconds_text(Millis t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, t % 1000 ? "%lld.%03lld" : "%lld", t / 1000, t % 1000);
  std::string out = buf;
  if (out.find('.') != std::string::npos) out.erase(out.find_last_not_of('0') + 1);
  return out;
}

std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string rfc3339(Millis t) {
  return vow::sdk::events::Timestamp(std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{t}})
      .str();
}

// A misspelled key would silently take its default: refused instead.
void known_keys(const json& o, std::initializer_list<std::string_view> keys, const std::string& where) {
  for (const auto& [k, v] : o.items()) {
    bool known = false;
    for (auto key : keys) known = known || k == key;
    if (known) continue;
    std::string list;
    for (auto key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
    throw std::runtime_error(where + ": unknown key \"" + k + "\" (known: " + list + ")");
  }
}

// Prometheus' duration syntax ("1m", "1h30m", "250ms", "1d") or a number of
// seconds, in milliseconds.
Millis duration_ms(const json& v, const std::string& key, bool zero_allowed) {
  auto bad = [&] {
    return std::runtime_error("config: " + key + " must be a duration like \"1m\", \"5m\" or \"1h30m\" (or seconds)" +
                              (zero_allowed ? "" : ", above zero"));
  };
  Millis total = 0;
  if (v.is_number()) {
    double s = v.get<double>();
    if (!(s >= 0) || s > 1e10) throw bad();
    total = std::llround(s * 1000);
  } else if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.empty()) throw bad();
    if (s.find_first_not_of("0123456789.") == std::string::npos) {
      char* end = nullptr;
      double seconds = std::strtod(s.c_str(), &end);
      if (*end != '\0') throw bad();
      return duration_ms(seconds, key, zero_allowed);
    }
    // "ms" before "m", so that 250ms is not read as 250 minutes and an "s".
    static const std::pair<std::string_view, Millis> units[] = {
        {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", kDay}, {"w", 7 * kDay}, {"y", 365 * kDay}};
    size_t i = 0;
    while (i < s.size()) {
      size_t digits = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == digits || i - digits > 9) throw bad();
      Millis n = std::stoll(s.substr(digits, i - digits));
      bool found = false;
      for (auto [unit, scale] : units) {
        if (s.compare(i, unit.size(), unit) == 0) {
          total += n * scale;
          i += unit.size();
          found = true;
          break;
        }
      }
      if (!found || total > 100 * 365 * kDay) throw bad();
    }
  } else {
    throw bad();
  }
  if (total < 0 || (total == 0 && !zero_allowed)) throw bad();
  return total;
}

Millis instant_ms(const json& v, const std::string& key) {
  if (!v.is_string())
    throw std::runtime_error("config: " + key + " must be an RFC 3339 instant like 2026-10-01T00:00:00Z");
  try {
    auto t = vow::sdk::events::Timestamp::parse(v.get<std::string>()).time();
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("config: " + key + ": " + e.what());
  }
}

// `{customer="acme", job="api"}`, as Prometheus writes a series.
std::string series_text(const json& labels) {
  std::string out = "{";
  for (const auto& [k, v] : labels.items()) {
    if (out.size() > 1) out += ", ";
    out += k + "=" + v.dump();
  }
  return out + "}";
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// One series of a response: its labels without __name__, its samples by instant.
struct Series {
  json labels = json::object();
  std::map<Millis, double> samples;
};
using Matrix = std::map<std::string, Series>;  // by the labels' JSON text, which sorts them

// Reads a sample's value as Prometheus writes it: a decimal string, "NaN", "+Inf" or "-Inf".
double sample_value(const json& v, const std::string& at) {
  std::string s = v.is_string() ? v.get<std::string>() : "";
  if (s == "NaN") return std::nan("");
  if (s == "+Inf" || s == "Inf") return HUGE_VAL;
  if (s == "-Inf") return -HUGE_VAL;
  char* end = nullptr;
  double d =
      s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string::npos ? 0 : std::strtod(s.c_str(), &end);
  if (end == nullptr || *end != '\0') throw std::runtime_error(at + ": value " + v.dump() + " is not a number");
  return d;
}

// A saved or fetched /api/v1/query_range response as its series. `where`
// names it in messages; `notes` collects what is worth a warning.
Matrix read_matrix(const std::string& where, std::string_view data, Millis step, std::vector<std::string>& notes) {
  json doc;
  try {
    doc = vow::connector::parse_json(data);
  } catch (const std::exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("status"))
    throw std::runtime_error(where + ": not a Prometheus API response (no JSON object with \"status\")");
  if (doc["status"] != "success")
    throw std::runtime_error(where + ": Prometheus answered " +
                             (str(doc, "errorType").empty() ? "an error" : str(doc, "errorType")) + ": " +
                             (str(doc, "error").empty() ? "(no message)" : str(doc, "error")));
  if (doc.contains("warnings") && doc["warnings"].is_array())
    for (const auto& w : doc["warnings"])
      if (w.is_string()) notes.push_back(where + ": Prometheus warns: " + w.get<std::string>());
  const json body = doc.contains("data") && doc["data"].is_object() ? doc["data"] : json::object();
  std::string type = str(body, "resultType");
  if (type != "matrix")
    throw std::runtime_error(where + ": resultType is \"" + type +
                             "\", not \"matrix\": save what /api/v1/query_range answers (a range query), not "
                             "/api/v1/query");
  if (!body.contains("result") || !body["result"].is_array())
    throw std::runtime_error(where + ": data.result is not a list of series");
  Matrix m;
  bool unaligned = false;
  for (const auto& r : body["result"]) {
    Series s;
    if (!r.is_object() || (r.contains("metric") && !r["metric"].is_object()))
      throw std::runtime_error(where + ": a series that is not {\"metric\": {...}, \"values\": [...]}");
    const json metric = r.value("metric", json::object());
    for (const auto& [k, v] : metric.items()) {
      if (!v.is_string()) throw std::runtime_error(where + ": label " + k + " is not a string");
      if (k != "__name__") s.labels[k] = v;
    }
    std::string name = series_text(s.labels);
    if (!r.contains("values") && r.contains("histograms"))
      throw std::runtime_error(where + ": series " + name +
                               " holds native histograms, not counts: query a count (histogram_count(...))");
    const json values = r.value("values", json::array());
    if (!values.is_array()) throw std::runtime_error(where + ": series " + name + ": \"values\" is not a list");
    for (const auto& sample : values) {
      if (!sample.is_array() || sample.size() != 2 || !sample[0].is_number())
        throw std::runtime_error(where + ": series " + name + ": a sample that is not [<unix seconds>, \"<value>\"]");
      double seconds = sample[0].get<double>();
      if (!(seconds >= 0) || seconds * 1000 >= kLatest)
        throw std::runtime_error(where + ": series " + name + ": timestamp " + sample[0].dump() +
                                 " is not an instant of the years 1970 to 2261 (unix seconds, not milliseconds)");
      Millis t = std::llround(seconds * 1000);
      std::string at = where + ": series " + name + " at " + rfc3339(t);
      if (!s.samples.emplace(t, sample_value(sample[1], at)).second)
        throw std::runtime_error(at + ": two samples at one instant");
      if (t % step != 0) unaligned = true;
    }
    // Samples closer than the step would make windows that overlap, which
    // vow leaves out both of: the response was fetched with another step.
    for (auto it = s.samples.begin(); it != s.samples.end(); ++it)
      if (auto next = std::next(it); next != s.samples.end() && next->first - it->first < step)
        throw std::runtime_error(where + ": series " + name + ": samples at " + rfc3339(it->first) + " and " +
                                 rfc3339(next->first) + " are closer than the indicator's step (" + seconds_text(step) +
                                 " s): was it queried with another step?");
    std::string key = s.labels.dump();
    if (m.count(key))
      throw std::runtime_error(where + ": two series with the labels " + name +
                               " once __name__ is left out: aggregate them (sum by (...)) so that each can be paired");
    m.emplace(key, std::move(s));
  }
  if (unaligned)
    notes.push_back(where +
                    ": sample instants are not multiples of the step since 1970: windows will not line up "
                    "with the contracts' slices (query with start and end that are)");
  return m;
}

// One query of an indicator: the PromQL to fetch, or the saved response to read.
struct Query {
  const char* role = "";  // "good", "bad" or "total"
  std::string promql;
  fs::path file;      // as the config says it, resolved against the config's folder
  std::string where;  // the response's name in messages
  std::optional<Matrix> got;
};

struct Indicator {
  std::string sli;
  Millis step = 0;
  bool bad = false;  // `part` counts the bad events rather than the good
  Query part, total;
  std::string customer_label;
  bool sample_at_end = true;
  bool missing_as_zero = false;
};

// Occurrences of one kind of trouble in an indicator, told once with the first.
struct Tally {
  size_t count = 0;
  std::string first;
  void add(const std::string& what) {
    if (count++ == 0) first = what;
  }
};

}  // namespace

class Prometheus {
 public:
  static constexpr const char* name = "monitoring_prometheus";
  static constexpr const char* version = "1.0.0";

  explicit Prometheus(const vow::sdk::Context& cx) : cx_{{}, cx.host} {
    json config = vow::connector::config_of(cx);
    known_keys(config,
               {"indicators", "url", "headers", "timeout", "start", "end", "range", "lag", "customer_label",
                "customers", "sample_at", "prefix"},
               "config");
    if (!config.contains("url"))
      for (const char* key : {"headers", "timeout", "start", "end", "range", "lag"})
        if (config.contains(key))
          throw std::runtime_error(std::string("config: ") + key + " is for fetching from Prometheus: it needs url");
    prefix_ = text(config, "prefix", prefix_);
    std::string customer_label = text(config, "customer_label", "customer");
    std::string sample_at = text(config, "sample_at", "end");
    if (config.contains("customers")) {
      if (!config["customers"].is_object()) throw std::runtime_error("config: customers must be a table");
      for (const auto& [k, v] : config["customers"].items()) {
        if (!v.is_string() || v.get<std::string>().empty())
          throw std::runtime_error("config: customers." + k + " must be a customer id");
        customers_[k] = v.get<std::string>();
      }
    }
    if (config.contains("url")) {
      if (!config["url"].is_string()) throw std::runtime_error("config: url must be Prometheus' base URL");
      url_ = vow::connector::parse_url(config["url"].get<std::string>(), "url");
      while (url_->path.size() > 0 && url_->path.back() == '/') url_->path.pop_back();
      if (config.contains("headers")) {
        if (!config["headers"].is_object()) throw std::runtime_error("config: headers must be a table of strings");
        for (const auto& [k, v] : config["headers"].items()) {
          if (!v.is_string()) throw std::runtime_error("config: headers." + k + " must be a string");
          headers_.emplace(k, v.get<std::string>());
        }
      }
      if (config.contains("timeout")) {
        if (!config["timeout"].is_number_integer() || config["timeout"].get<long long>() < 1 ||
            config["timeout"].get<long long>() > 600)
          throw std::runtime_error("config: timeout must be 1 to 600 seconds");
        timeout_ = config["timeout"].get<int>();
      }
      if (config.contains("start") != config.contains("end"))
        throw std::runtime_error("config: give both start and end, or neither (then range and lag say what to fetch)");
      if (config.contains("start")) {
        start_ = instant_ms(config["start"], "start");
        end_ = instant_ms(config["end"], "end");
        if (*end_ <= *start_) throw std::runtime_error("config: end must be after start");
      }
      range_ = duration_ms(config.value("range", json("1h")), "range", false);
      lag_ = duration_ms(config.value("lag", json("5m")), "lag", true);
    }
    if (!config.contains("indicators") || !config["indicators"].is_array() || config["indicators"].empty())
      throw std::runtime_error("config: indicators must list at least one indicator ([[plugins.config.indicators]])");
    for (const auto& c : config["indicators"]) indicators_.push_back(indicator(cx, c, customer_label, sample_at));
  }

  // A saved response: one of the files the indicators name (*_file).
  void feed(std::string_view file, std::string_view data) {
    Query* q = query_for(file);
    Indicator& ind = owner(*q);
    if (q->got)
      throw std::runtime_error(std::string(file) + ": given twice (it is " + ind.sli + "'s " + q->role + "_file)");
    q->where = std::string(file);
    q->got = read_matrix(q->where, data, ind.step, notes_);
    fed_ = true;
    warn_notes();
  }

  // One indicator's windows per batch. Without files fed, each indicator's
  // responses are fetched (url) or read from the files the config names.
  bool next_batch(std::string& ndjson) {
    // Refused before any indicator is read, so that no warning precedes the refusal.
    if (next_ == 0 && fed_)
      for (auto& ind : indicators_)
        if (ind.part.got || ind.total.got) unpaired_file(ind, ind.part.got ? ind.total : ind.part);
    while (next_ < indicators_.size() && ndjson.empty()) {
      Indicator& ind = indicators_[next_++];
      if (fed_ && !ind.part.got && !ind.total.got) continue;
      for (Query* q : {&ind.part, &ind.total})
        if (!q->got) load(ind, *q);
      warn_notes();
      ndjson = windows(ind);
    }
    return next_ < indicators_.size();
  }

 private:
  static std::string text(const json& o, const char* key, const std::string& fallback) {
    if (!o.contains(key)) return fallback;
    if (!o[key].is_string()) throw std::runtime_error(std::string("config: ") + key + " must be a string");
    return o[key].get<std::string>();
  }

  Indicator indicator(const vow::sdk::Context& cx, const json& c, const std::string& customer_label,
                      const std::string& sample_at) {
    if (!c.is_object()) throw std::runtime_error("config: each of indicators must be a table");
    Indicator ind;
    ind.sli = text(c, "sli", "");
    std::string at = "config: indicator " + (ind.sli.empty() ? std::to_string(indicators_.size() + 1) : ind.sli);
    known_keys(c,
               {"sli", "step", "good", "bad", "total", "good_file", "bad_file", "total_file", "customer_label",
                "sample_at", "missing_as_zero"},
               at);
    if (ind.sli.empty())
      throw std::runtime_error(at + ": sli (the indicator's name, as contracts name it) is required");
    for (const auto& other : indicators_)
      if (other.sli == ind.sli) throw std::runtime_error(at + ": listed twice");
    if (!c.contains("step")) throw std::runtime_error(at + ": step (the queries' resolution, like \"1m\") is required");
    ind.step = duration_ms(c["step"], "indicator " + ind.sli + ": step", false);
    if (kDay % ind.step != 0)
      throw std::runtime_error(at + ": step must divide a day (\"1m\", \"5m\", \"1h\"), as the contracts' slices do");
    bool good = c.contains("good") || c.contains("good_file"), bad = c.contains("bad") || c.contains("bad_file");
    if (good == bad)
      throw std::runtime_error(at +
                               ": give the query of good events (good, good_file) or of bad ones (bad, "
                               "bad_file), one of the two");
    ind.bad = bad;
    ind.part.role = bad ? "bad" : "good";
    ind.total.role = "total";
    for (Query* q : {&ind.part, &ind.total}) {
      std::string role = q->role;
      q->promql = text(c, role.c_str(), "");
      std::string file = text(c, (role + "_file").c_str(), "");
      if (!file.empty()) q->file = cx.config_path(file);
      if (q->promql.empty() && file.empty())
        throw std::runtime_error(at + ": " + role + " (a PromQL query) or " + role +
                                 "_file (its saved response) is required");
    }
    ind.customer_label = text(c, "customer_label", customer_label);
    std::string when = text(c, "sample_at", sample_at);
    if (when != "end" && when != "start")
      throw std::runtime_error(at + ": sample_at must be \"end\" (a sample closes its window) or \"start\"");
    ind.sample_at_end = when == "end";
    if (c.contains("missing_as_zero")) {
      if (!c["missing_as_zero"].is_boolean()) throw std::runtime_error(at + ": missing_as_zero must be true or false");
      ind.missing_as_zero = c["missing_as_zero"].get<bool>();
    }
    return ind;
  }

  // The query whose *_file is `file`: the same path, or else the only one of that name.
  Query* query_for(std::string_view file) {
    std::error_code ec;
    fs::path given = fs::weakly_canonical(fs::absolute(fs::path(file), ec), ec);
    std::vector<Query*> by_name;
    std::string names;
    for (auto& ind : indicators_)
      for (Query* q : {&ind.part, &ind.total}) {
        if (q->file.empty()) continue;
        names += (names.empty() ? "" : ", ") + q->file.filename().string();
        if (fs::weakly_canonical(fs::absolute(q->file, ec), ec) == given) return q;
        if (q->file.filename() == fs::path(file).filename()) by_name.push_back(q);
      }
    if (by_name.size() == 1) return by_name[0];
    if (by_name.size() > 1)
      throw std::runtime_error(std::string(file) + ": several indicators name a file of that name; give its path");
    throw std::runtime_error(std::string(file) + ": no indicator names this file (good_file, bad_file, total_file" +
                             (names.empty() ? "; none is configured)" : ": " + names + ")"));
  }

  Indicator& owner(const Query& q) {
    for (auto& ind : indicators_)
      if (&ind.part == &q || &ind.total == &q) return ind;
    throw std::logic_error("a query of no indicator");
  }

  void unpaired_file(const Indicator& ind, const Query& q) {
    if (q.got) return;
    const Query& other = &q == &ind.part ? ind.total : ind.part;
    throw std::runtime_error(other.where + " is " + ind.sli + "'s " + other.role + "_file, but its " + q.role +
                             "_file" + (q.file.empty() ? "" : " (" + q.file.string() + ")") +
                             " was not given: import both");
  }

  void load(Indicator& ind, Query& q) {
    if (url_ && !q.promql.empty()) {
      q.where = "Prometheus at " + url_->origin + " (" + ind.sli + ", " + q.role + ")";
      q.got = fetch(ind, q);
      return;
    }
    q.where = q.file.string();
    std::ifstream in(q.file, std::ios::binary);
    if (!in) throw std::runtime_error(q.where + ": cannot be read (" + ind.sli + "'s " + q.role + "_file)");
    std::string data{std::istreambuf_iterator<char>(in), {}};
    q.got = read_matrix(q.where, data, ind.step, notes_);
  }

  // The evaluations of the windows [from, to): every step from `from` (a
  // sample opening its window) or from `from + step` (a sample closing it),
  // in requests of at most kPointsPerRequest points.
  Matrix fetch(const Indicator& ind, const Query& q) {
    Millis to = 0, from = 0;
    if (start_) {
      from = *start_, to = *end_;
      if (from % ind.step != 0 || to % ind.step != 0)
        throw std::runtime_error("config: start and end must be multiples of indicator " + ind.sli +
                                 "'s step since 1970 (whole minutes for \"1m\"), so that windows line up with slices");
    } else {
      auto now =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count();
      to = (now - lag_) / ind.step * ind.step;
      from = (to - range_) / ind.step * ind.step;
    }
    if (to - from < ind.step)
      throw std::runtime_error("config: the range to fetch is shorter than " + ind.sli + "'s step");
    Millis first = ind.sample_at_end ? from + ind.step : from, last = ind.sample_at_end ? to : to - ind.step;
    Matrix all;
    for (Millis a = first; a <= last; a += kPointsPerRequest * ind.step) {
      Millis b = std::min(last, a + (kPointsPerRequest - 1) * ind.step);
      Matrix part = read_matrix(q.where, get(q, a, b, ind.step), ind.step, notes_);
      for (auto& [key, s] : part) {
        // try_emplace leaves `s` whole when the series came in an earlier request.
        auto [it, added] = all.try_emplace(key, std::move(s));
        if (!added) it->second.samples.merge(s.samples);
      }
    }
    return all;
  }

  std::string get(const Query& q, Millis start, Millis end, Millis step) {
    httplib::Client client(url_->origin);
    client.set_connection_timeout(timeout_, 0);
    client.set_read_timeout(timeout_, 0);
    httplib::Params params{
        {"query", q.promql}, {"start", seconds_text(start)}, {"end", seconds_text(end)}, {"step", seconds_text(step)}};
    auto res = client.Get(url_->path + "/api/v1/query_range", params, headers_);
    if (!res) throw std::runtime_error(q.where + ": GET failed: " + httplib::to_string(res.error()));
    if (res->status != 200) {
      // Prometheus says why in the body's "error", as it does in a saved response.
      json doc = vow::connector::parse_json(res->body);
      std::string said = doc.is_object() && doc.contains("error") && doc["error"].is_string()
                             ? doc["error"].get<std::string>()
                             : res->body.substr(0, 200);
      for (char& c : said)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
      throw std::runtime_error(q.where + ": HTTP " + std::to_string(res->status) + (said.empty() ? "" : ": " + said));
    }
    return res->body;
  }

  // The indicator's windows, paired series by series and instant by instant.
  std::string windows(const Indicator& ind) {
    using namespace vow::sdk::events;
    const Matrix& part = *ind.part.got;
    const Matrix& total = *ind.total.got;
    Tally not_finite, not_count, unpaired_instant, clamped, part_alone, total_alone;
    std::map<std::pair<std::string, Millis>, std::string> seen;  // (customer or "", start) -> series
    bool with_customer = false, without_customer = false;
    std::string out;
    std::set<std::string> keys;
    for (const auto& [k, s] : part) keys.insert(k);
    for (const auto& [k, s] : total) keys.insert(k);
    for (const auto& key : keys) {
      auto p = part.find(key), t = total.find(key);
      const json& labels = p != part.end() ? p->second.labels : t->second.labels;
      std::string series = series_text(labels);
      if (t == total.end()) {
        part_alone.add(series + ", " + plural(p->second.samples.size(), "sample", "samples"));
        continue;
      }
      if (p == part.end() && !ind.missing_as_zero) {
        total_alone.add(series + ", " + plural(t->second.samples.size(), "sample", "samples"));
        continue;
      }
      std::optional<std::vector<std::string>> customers;
      if (auto c = labels.find(ind.customer_label); !ind.customer_label.empty() && c != labels.end() && *c != "") {
        std::string id = c->get<std::string>();
        customers = {{customers_.count(id) ? customers_.at(id) : id}};
        with_customer = true;
      } else {
        without_customer = true;
      }
      static const std::map<Millis, double> none;
      const auto& ps = p != part.end() ? p->second.samples : none;
      std::set<Millis> instants;
      for (const auto& [at, v] : ps) instants.insert(at);
      for (const auto& [at, v] : t->second.samples) instants.insert(at);
      for (Millis at : instants) {
        Millis start = ind.sample_at_end ? at - ind.step : at, end = start + ind.step;
        std::string where = series + " [" + rfc3339(start) + ", " + rfc3339(end) + ")";
        auto pv = ps.find(at), tv = t->second.samples.find(at);
        if (tv == t->second.samples.end() || (pv == ps.end() && !ind.missing_as_zero)) {
          unpaired_instant.add(tv == t->second.samples.end()
                                   ? std::string(ind.part.role) + " " + where + " (no " + ind.total.role + ")"
                                   : std::string(ind.total.role) + " " + where + " (no " + ind.part.role + ")");
          continue;
        }
        double a = pv == ps.end() ? 0 : pv->second, b = tv->second;
        if (!std::isfinite(a) || !std::isfinite(b)) {
          not_finite.add(where + " (" + ind.part.role + " " + number_text(a) + ", total " + number_text(b) + ")");
          continue;
        }
        if (a <= -0.5 || b <= -0.5 || a >= kMaxCount || b >= kMaxCount) {
          not_count.add(where + " (" + ind.part.role + " " + number_text(a) + ", total " + number_text(b) + ")");
          continue;
        }
        // increase() extrapolates to the window's edges, so counts come back
        // fractional: the nearest whole number, halves away from zero.
        long long n = std::llround(a), all = std::llround(b), good = ind.bad ? all - n : n;
        if (good < 0 || good > all) {
          clamped.add(where + " (" + ind.part.role + " " + std::to_string(n) + ", total " + std::to_string(all) + ")");
          good = good < 0 ? 0 : all;
        }
        auto [prior, fresh] = seen.emplace(std::pair{customers ? customers->front() : std::string(), start}, series);
        if (!fresh)
          throw std::runtime_error(
              ind.part.where + ", " + ind.total.where + ": indicator " + ind.sli + ": series " + prior->second +
              " and " + series + " both count " + (customers ? "customer " + customers->front() : "every customer") +
              " at " + rfc3339(start) + ": aggregate the queries " +
              (ind.customer_label.empty() ? "into one series (sum(...))"
                                          : "by the customer label (sum by (" + ind.customer_label + ") (...))"));
        using std::chrono::milliseconds;
        using std::chrono::sys_time;
        out += SliCounted{.id = prefix_ + ":" + ind.sli + "@" + rfc3339(start) +
                                (customers ? ":" + customers->front() : ""),
                          .at = sys_time<milliseconds>{milliseconds{end}},
                          .sli = ind.sli,
                          .start = sys_time<milliseconds>{milliseconds{start}},
                          .end = sys_time<milliseconds>{milliseconds{end}},
                          .good = good,
                          .total = all,
                          .customers = customers}
                   .line();
      }
    }
    auto warn = [&](const std::string& message) { cx_.log(2, ind.sli + ": " + message); };
    auto alone = [&](const Tally& t, const Query& in, const Query& not_in) {
      if (t.count)
        warn(plural(t.count, "series", "series") + " of " + in.where + " " + (t.count == 1 ? "has" : "have") +
             " no series with the same labels in " + not_in.where + " (first: " + t.first + "): no windows for " +
             (t.count == 1 ? "it" : "them"));
    };
    alone(part_alone, ind.part, ind.total);
    alone(total_alone, ind.total, ind.part);
    auto left_out = [&](const Tally& t, const std::string& one, const std::string& many, const std::string& then) {
      if (t.count)
        warn((t.count == 1 ? "1 " + one : std::to_string(t.count) + " " + many) + " (first: " + t.first + "): " + then);
    };
    left_out(unpaired_instant, "window has a sample in one query and none in the other",
             "windows have a sample in one query and none in the other", "no window");
    left_out(not_finite, "window has a NaN or infinite value", "windows have a NaN or infinite value", "no window");
    left_out(not_count, "window has a negative or too large value", "windows have a negative or too large value",
             "no window");
    left_out(clamped, std::string("window counts more ") + ind.part.role + " events than total",
             std::string("windows count more ") + ind.part.role + " events than total",
             std::string("good taken as ") + (ind.bad ? "0" : "total"));
    if (with_customer && without_customer)
      warn("some series carry the label " + ind.customer_label + " and some do not: a window without it counts for " +
           "every customer, and vow leaves both it and a customer's own window at that time out for that customer");
    return out;
  }

  void warn_notes() {
    for (const auto& n : notes_) cx_.log(2, n);
    notes_.clear();
  }

  vow::sdk::Context cx_;
  std::string prefix_ = "prometheus";
  std::map<std::string, std::string> customers_;
  std::optional<vow::connector::Url> url_;
  httplib::Headers headers_;
  int timeout_ = 30;
  std::optional<Millis> start_, end_;
  Millis range_ = 3'600'000, lag_ = 300'000;
  std::vector<Indicator> indicators_;
  std::vector<std::string> notes_;
  bool fed_ = false;
  size_t next_ = 0;
};

VOW_PLUGIN(Prometheus)
