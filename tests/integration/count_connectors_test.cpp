// The connectors of counts and jobs (slis.md): monitoring_prometheus on
// responses shaped as Prometheus' /api/v1/query_range answers them (saved in
// data/prometheus, and served by a stand-in Prometheus on loopback), and
// jobs_log on scheduler logs (data/jobs). Every line a connector produces
// must be a valid event; each expectation was worked out by hand from the
// fixture (the comments say how).
#include <httplib.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "events/decode.hpp"
#include "events/lines.hpp"
#include "helpers.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const fs::path kData = fs::path(VOW_SOURCE_DIR) / "tests" / "integration" / "data";
const fs::path kProm = kData / "prometheus";
const fs::path kJobs = kData / "jobs";

// Runs a connector in this process over `files` and returns its events, each checked valid.
std::vector<json> run(const char* library, const json& config,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  vow::PluginInstance p(vow::PluginLibrary::load("under-test", library), config.dump());
  for (const auto& [name, data] : files) p.feed(name, data);
  std::string ndjson;
  while (p.next_batch(ndjson)) {
  }
  std::vector<json> events;
  vow::EventDecoder decoder;
  vow::Event ev;
  std::string reason;
  vow::for_each_line(ndjson, [&](size_t n, std::string_view line) {
    EXPECT_TRUE(decoder.decode(line, ev, reason)) << "line " << n << ": " << reason << "\n" << line;
    events.push_back(json::parse(line));
  });
  return events;
}

// The message of the vow::Error that `f` throws; "" (and a failure) when it throws none.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const vow::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

// --- monitoring_prometheus ---

// The two indicators of data/prometheus, read from their saved responses.
json prom_config() {
  return {{"indicators",
           {{{"sli", "api_requests"},
             {"step", "1m"},
             {"good_file", (kProm / "api-good.json").string()},
             {"total_file", (kProm / "api-total.json").string()}},
            {{"sli", "checkout_requests"},
             {"step", "5m"},
             {"bad_file", (kProm / "checkout-bad.json").string()},
             {"total_file", (kProm / "checkout-total.json").string()}}}}};
}

std::vector<std::pair<std::string, std::string>> prom_files(std::initializer_list<const char*> names) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* n : names) files.emplace_back((kProm / n).string(), slurp(kProm / n));
  return files;
}

// Each window as "start end good/total customers", by id.
std::map<std::string, std::string> windows(const std::vector<json>& events) {
  std::map<std::string, std::string> out;
  for (const auto& e : events) {
    EXPECT_EQ(e["type"], "sli.counted");
    EXPECT_EQ(e["at"], e["end"]) << e.dump();  // counted when the window closes
    std::string w = e["start"].get<std::string>() + " " + e["end"].get<std::string>() + " " +
                    std::to_string(e["good"].get<long long>()) + "/" + std::to_string(e["total"].get<long long>());
    if (e.contains("customers")) w += " " + e["customers"].dump();
    EXPECT_TRUE(out.emplace(e["id"].get<std::string>(), w).second) << "id twice: " << e["id"];
  }
  return out;
}

// A vow.toml whose plugin "prometheus" has `config` (strings, numbers and booleans, and the indicators).
fs::path prom_project(const std::string& name, const json& config, const std::string& rules = "") {
  auto dir = rules.empty() ? project(name) : project(name, rules);
  std::string toml =
      "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"prometheus\"\n"
      "library = \"" PLUGIN_MONITORING_PROMETHEUS "\"\n[plugins.config]\n";
  for (const auto& [k, v] : config.items())
    if (!v.is_array()) toml += k + " = " + v.dump() + "\n";
  for (const auto& ind : config.value("indicators", json::array())) {
    toml += "[[plugins.config.indicators]]\n";
    for (const auto& [k, v] : ind.items()) toml += k + " = " + v.dump() + "\n";
  }
  write(dir / "vow.toml", toml);
  return dir;
}

// The api_requests windows of data/prometheus (sample_at "end": a sample at t
// is the minute before t):
//   acme   11:56 good 9412 total 10000             -> [11:55, 11:56) 9412/10000
//          11:57 good 10229.6 total 10230.5        -> [11:56, 11:57) 10230/10231 (each rounded)
//          11:58 total 9987.4999, no good sample   -> nothing
//          11:59 good NaN, total 120               -> nothing
//          12:00 good 100.4, total 100             -> [11:59, 12:00) 100/100
//   globex 11:56 good 499.5 total 500              -> 500/500 (halves away from zero)
//          11:57 good 479.49 total 480             -> 479/480
//          11:58 no sample in either (a gap)       -> nothing
//          11:59 good 512 total 510                -> 510/510 (clamped)
//          12:00 good 0 total 0                    -> 0/0
//   initech: a total series without a good one     -> nothing
const std::map<std::string, std::string> kApiWindows = {
    {"prometheus:api_requests@2026-10-07T11:55:00Z:acme",
     "2026-10-07T11:55:00Z 2026-10-07T11:56:00Z 9412/10000 [\"acme\"]"},
    {"prometheus:api_requests@2026-10-07T11:56:00Z:acme",
     "2026-10-07T11:56:00Z 2026-10-07T11:57:00Z 10230/10231 [\"acme\"]"},
    {"prometheus:api_requests@2026-10-07T11:59:00Z:acme",
     "2026-10-07T11:59:00Z 2026-10-07T12:00:00Z 100/100 [\"acme\"]"},
    {"prometheus:api_requests@2026-10-07T11:55:00Z:globex",
     "2026-10-07T11:55:00Z 2026-10-07T11:56:00Z 500/500 [\"globex\"]"},
    {"prometheus:api_requests@2026-10-07T11:56:00Z:globex",
     "2026-10-07T11:56:00Z 2026-10-07T11:57:00Z 479/480 [\"globex\"]"},
    {"prometheus:api_requests@2026-10-07T11:58:00Z:globex",
     "2026-10-07T11:58:00Z 2026-10-07T11:59:00Z 510/510 [\"globex\"]"},
    {"prometheus:api_requests@2026-10-07T11:59:00Z:globex",
     "2026-10-07T11:59:00Z 2026-10-07T12:00:00Z 0/0 [\"globex\"]"},
};

// The checkout_requests windows (bad and total, 5 min, no customer label):
//   12:05 bad 12.5 total 1200  -> [12:00, 12:05) good 1200 - 13 = 1187
//   12:10 total 1300, no bad   -> nothing (unless missing_as_zero)
//   12:15 bad 3, total +Inf    -> nothing
//   12:20 bad 11, total 10     -> [12:15, 12:20) good 0 (clamped)
const std::map<std::string, std::string> kCheckoutWindows = {
    {"prometheus:checkout_requests@2026-10-07T12:00:00Z", "2026-10-07T12:00:00Z 2026-10-07T12:05:00Z 1187/1200"},
    {"prometheus:checkout_requests@2026-10-07T12:15:00Z", "2026-10-07T12:15:00Z 2026-10-07T12:20:00Z 0/10"},
};

// A stand-in for Prometheus on 127.0.0.1: answers GET {prefix}/api/v1/query_range
// with the series of the fixture whose name the query holds, cut to
// [start, end] as Prometheus evaluates, and keeps every request's parameters.
class FakePrometheus {
 public:
  explicit FakePrometheus(std::map<std::string, std::string> fixtures) : fixtures_(std::move(fixtures)) {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::map<std::string, std::string> got{{"path", req.path},
                                             {"authorization", req.get_header_value("Authorization")}};
      for (const auto& [k, v] : req.params) got[k] = v;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(got);
      }
      for (const auto& [needle, file] : fixtures_)
        if (got["query"].find(needle) != std::string::npos && req.path == "/prom/api/v1/query_range") {
          json doc = json::parse(slurp(kProm / file));
          double from = std::stod(got["start"]), to = std::stod(got["end"]);
          json kept = json::array();
          for (auto& series : doc["data"]["result"]) {
            json values = json::array();
            for (const auto& v : series["values"])
              if (v[0].get<double>() >= from && v[0].get<double>() <= to) values.push_back(v);
            series["values"] = values;
            if (!values.empty()) kept.push_back(series);
          }
          doc["data"]["result"] = kept;
          res.set_content(doc.dump(), "application/json");
          return;
        }
      res.status = 400;
      res.set_content(R"({"status":"error","errorType":"bad_data","error":"1:1: parse error: no such metric"})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakePrometheus() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/prom/"; }
  std::vector<std::map<std::string, std::string>> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  std::map<std::string, std::string> fixtures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::map<std::string, std::string>> requests_;
};

}  // namespace

TEST(Prometheus, EachSampleCountsTheStepBeforeItPerCustomer) {
  auto events = run(PLUGIN_MONITORING_PROMETHEUS, prom_config(), prom_files({"api-good.json", "api-total.json"}));
  EXPECT_EQ(windows(events), kApiWindows);  // checkout's files not given: that indicator is skipped
}

TEST(Prometheus, GapsNaNAndUnpairedSamplesMakeNoWindow) {
  auto w = windows(run(PLUGIN_MONITORING_PROMETHEUS, prom_config(), prom_files({"api-good.json", "api-total.json"})));
  EXPECT_FALSE(w.count("prometheus:api_requests@2026-10-07T11:57:00Z:acme"));                 // total alone
  EXPECT_FALSE(w.count("prometheus:api_requests@2026-10-07T11:58:00Z:acme"));                 // good NaN
  EXPECT_FALSE(w.count("prometheus:api_requests@2026-10-07T11:57:00Z:globex"));               // a gap in both
  for (const auto& [id, window] : w) EXPECT_EQ(id.find("initech"), std::string::npos) << id;  // no good series
}

TEST(Prometheus, BadAndTotalWithoutTheCustomerLabelCountForEveryCustomer) {
  auto w = windows(
      run(PLUGIN_MONITORING_PROMETHEUS, prom_config(), prom_files({"checkout-bad.json", "checkout-total.json"})));
  EXPECT_EQ(w, kCheckoutWindows);  // no "customers": every customer
}

TEST(Prometheus, MissingAsZeroTakesAnAbsentBadSampleAsNoErrors) {
  json config = prom_config();
  config["indicators"][1]["missing_as_zero"] = true;
  auto w = windows(run(PLUGIN_MONITORING_PROMETHEUS, config, prom_files({"checkout-bad.json", "checkout-total.json"})));
  auto expected = kCheckoutWindows;
  expected["prometheus:checkout_requests@2026-10-07T12:05:00Z"] = "2026-10-07T12:05:00Z 2026-10-07T12:10:00Z 1300/1300";
  EXPECT_EQ(w, expected);  // the +Inf total at 12:15 still makes none
}

TEST(Prometheus, SampleAtStartOpensTheWindowAndCustomersAreMapped) {
  json config = prom_config();
  config["sample_at"] = "start";
  config["customers"] = {{"acme", "acme-corp"}};
  auto w = windows(run(PLUGIN_MONITORING_PROMETHEUS, config, prom_files({"api-good.json", "api-total.json"})));
  EXPECT_EQ(w.size(), kApiWindows.size());
  EXPECT_EQ(w["prometheus:api_requests@2026-10-07T11:56:00Z:acme-corp"],
            "2026-10-07T11:56:00Z 2026-10-07T11:57:00Z 9412/10000 [\"acme-corp\"]");
  EXPECT_EQ(w["prometheus:api_requests@2026-10-07T12:00:00Z:globex"],
            "2026-10-07T12:00:00Z 2026-10-07T12:01:00Z 0/0 [\"globex\"]");
}

TEST(Prometheus, SeriesThatCountOneCustomerTwiceAreRefused) {
  json config = prom_config();
  config["customer_label"] = "";  // then acme's and globex's series both count every customer
  auto said = error_of([&] {
    run(PLUGIN_MONITORING_PROMETHEUS, config, prom_files({"api-good.json", "api-total.json"}));
  });
  EXPECT_NE(said.find("api-good.json, " + (kProm / "api-total.json").string() +
                      ": indicator api_requests: series "
                      "{customer=\"acme\", job=\"api\"} and {customer=\"globex\", job=\"api\"} both count every "
                      "customer at 2026-10-07T11:55:00Z"),
            std::string::npos)
      << said;
}

TEST(Prometheus, ImportWarnsOfWhatItLeftOutAndStoresTheRest) {
  auto dir = prom_project("prom-import", prom_config());
  std::string files = " '" + (kProm / "api-good.json").string() + "' '" + (kProm / "api-total.json").string() + "'";
  auto r = run_vow(dir, "import prometheus" + files);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("plugin prometheus: 7 new, 0 duplicate"), std::string::npos) << r.out;
  for (const char* warning :
       {"plugin prometheus: warning: api_requests: 1 series of " /* initech */,
        "has no series with the same labels in ", "(first: {customer=\"initech\", job=\"api\"}, 2 samples)",
        "api_requests: 1 window has a sample in one query and none in the other (first: total {customer=\"acme\", "
        "job=\"api\"} [2026-10-07T11:57:00Z, 2026-10-07T11:58:00Z) (no good)): no window",
        "api_requests: 1 window has a NaN or infinite value (first: {customer=\"acme\", job=\"api\"} "
        "[2026-10-07T11:58:00Z, 2026-10-07T11:59:00Z) (good NaN, total 120)): no window",
        "api_requests: 1 window counts more good events than total (first: {customer=\"globex\", job=\"api\"} "
        "[2026-10-07T11:58:00Z, 2026-10-07T11:59:00Z) (good 512, total 510)): good taken as total"})
    EXPECT_NE(r.out.find(warning), std::string::npos) << warning << "\n" << r.out;
  auto again = run_vow(dir, "import prometheus" + files);
  EXPECT_NE(again.out.find("plugin prometheus: 0 new, 7 duplicate"), std::string::npos) << again.out;
}

TEST(Prometheus, PullReadsEveryConfiguredFileAndTheObjectivesCountThem) {
  auto dir = prom_project("prom-pull", prom_config(),
                          "contract \"acme\" { timezone = \"UTC\", objectives = {\n"
                          "  { name = \"API\", sli = \"api_requests\", target = 99 },\n"
                          "  { name = \"Checkout\", sli = \"checkout_requests\", target = 99 } } }\n");
  auto r = run_vow(dir, "pull");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("plugin prometheus: 9 new, 0 duplicate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("checkout_requests: 1 window has a NaN or infinite value (first: {} [2026-10-07T12:10:00Z, "
                       "2026-10-07T12:15:00Z) (bad 3, total +Inf)): no window"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("checkout_requests: 1 window counts more bad events than total (first: {} "
                       "[2026-10-07T12:15:00Z, 2026-10-07T12:20:00Z) (bad 11, total 10)): good taken as 0"),
            std::string::npos)
      << r.out;
  auto report = run_vow(dir, "report --period 2026-10 --as-of 2026-11-01T00:00:00Z");
  ASSERT_EQ(report.code, 0) << report.out;
  json parsed = json::parse(report.out);
  std::map<std::string, std::pair<long long, long long>> counted;
  for (const auto& o : parsed["accounts"][0]["objectives"])
    counted[o["sli"].get<std::string>()] = {o["good"].get<long long>(), o["total"].get<long long>()};
  // acme's own windows (9412 + 10230 + 100 of 10000 + 10231 + 100) and the
  // checkout windows for everyone (1187 + 0 of 1200 + 10); globex's are not acme's.
  EXPECT_EQ(counted["api_requests"], std::make_pair(19742LL, 20331LL));
  EXPECT_EQ(counted["checkout_requests"], std::make_pair(1187LL, 1210LL));
}

TEST(Prometheus, SeriesWithAndWithoutTheCustomerLabelAndPrometheusOwnWarningsAreWarnedOf) {
  auto dir = scratch("prom-mixed");
  // acme's series and one without the label: the latter's windows are for
  // every customer, acme included, and overlap acme's own.
  write(dir / "good.json", R"({"status":"success","data":{"resultType":"matrix","result":[)"
                           R"({"metric":{"customer":"acme"},"values":[[1791374160,"9"],[1791374220,"8"]]},)"
                           R"({"metric":{},"values":[[1791374160,"90"],[1791374220,"80"]]}]},)"
                           R"("warnings":["PromQL info: metric might not be a counter: \"slo_good\""]})");
  write(dir / "total.json", R"({"status":"success","data":{"resultType":"matrix","result":[)"
                            R"({"metric":{"customer":"acme"},"values":[[1791374160,"10"],[1791374220,"10"]]},)"
                            R"({"metric":{},"values":[[1791374160,"100"],[1791374220,"100"]]}]}})");
  json config = {{"indicators",
                  {{{"sli", "x"},
                    {"step", "1m"},
                    {"good_file", (dir / "good.json").string()},
                    {"total_file", (dir / "total.json").string()}}}}};
  auto events = run(PLUGIN_MONITORING_PROMETHEUS, config,
                    {{(dir / "good.json").string(), slurp(dir / "good.json")},
                     {(dir / "total.json").string(), slurp(dir / "total.json")}});
  EXPECT_EQ(
      windows(events),
      (std::map<std::string, std::string>{
          {"prometheus:x@2026-10-07T11:55:00Z", "2026-10-07T11:55:00Z 2026-10-07T11:56:00Z 90/100"},
          {"prometheus:x@2026-10-07T11:56:00Z", "2026-10-07T11:56:00Z 2026-10-07T11:57:00Z 80/100"},
          {"prometheus:x@2026-10-07T11:55:00Z:acme", "2026-10-07T11:55:00Z 2026-10-07T11:56:00Z 9/10 [\"acme\"]"},
          {"prometheus:x@2026-10-07T11:56:00Z:acme", "2026-10-07T11:56:00Z 2026-10-07T11:57:00Z 8/10 [\"acme\"]"}}));
  auto project_dir = prom_project("prom-mixed-import", config);
  auto r = run_vow(project_dir, "import prometheus '" + (dir / "good.json").string() + "' '" +
                                    (dir / "total.json").string() + "' --dry-run");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("good.json: Prometheus warns: PromQL info: metric might not be a counter: \"slo_good\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("warning: x: some series carry the label customer and some do not: a window without it counts "
                       "for every customer, and vow leaves both it and a customer's own window at that time out for "
                       "that customer"),
            std::string::npos)
      << r.out;
}

TEST(Prometheus, ErrorsNameTheFile) {
  vow::PluginInstance p(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), prom_config().dump());
  auto said = error_of([&] { p.feed("instant-vector.json", slurp(kProm / "instant-vector.json")); });
  EXPECT_NE(said.find("plugin prom ("), std::string::npos) << said;
  EXPECT_NE(said.find("instant-vector.json: no indicator names this file (good_file, bad_file, total_file: "
                      "api-good.json, api-total.json, checkout-bad.json, checkout-total.json)"),
            std::string::npos)
      << said;

  json config = prom_config();
  config["indicators"][0]["good_file"] = (kProm / "instant-vector.json").string();
  config["indicators"][1]["bad_file"] = (kProm / "error-response.json").string();
  vow::PluginInstance q(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), config.dump());
  said = error_of([&] { q.feed("instant-vector.json", slurp(kProm / "instant-vector.json")); });
  EXPECT_NE(said.find("instant-vector.json: resultType is \"vector\", not \"matrix\""), std::string::npos) << said;
  said = error_of([&] { q.feed("error-response.json", slurp(kProm / "error-response.json")); });
  EXPECT_NE(said.find("error-response.json: Prometheus answered bad_data: invalid parameter \"query\""),
            std::string::npos)
      << said;
}

TEST(Prometheus, OneFileOfAPairIsRefusedNamingTheOther) {
  vow::PluginInstance p(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), prom_config().dump());
  p.feed("checkout-total.json", slurp(kProm / "checkout-total.json"));  // matched by its file name
  std::string ndjson;
  auto said = error_of([&] { p.next_batch(ndjson); });
  EXPECT_NE(said.find("checkout-total.json is checkout_requests's total_file, but its bad_file (" +
                      (kProm / "checkout-bad.json").string() + ") was not given: import both"),
            std::string::npos)
      << said;
}

TEST(Prometheus, SamplesCloserThanTheStepAreRefused) {
  // api-good.json's samples are a minute apart: not a 5-minute query's answer.
  json config = prom_config();
  config["indicators"][0]["step"] = "5m";
  vow::PluginInstance p(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), config.dump());
  auto said = error_of([&] { p.feed("api-good.json", slurp(kProm / "api-good.json")); });
  EXPECT_NE(said.find("api-good.json: series {customer=\"acme\", job=\"api\"}: samples at 2026-10-07T11:56:00Z and "
                      "2026-10-07T11:57:00Z are closer than the indicator's step (300 s)"),
            std::string::npos)
      << said;
}

TEST(Prometheus, ATimestampInMillisecondsIsRefusedNamingTheSample) {
  // Found by fuzz_monitoring_prometheus: past 2262 the SDK's Timestamp cannot hold the instant.
  json config = prom_config();
  vow::PluginInstance p(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), config.dump());
  std::string body = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"customer":"acme"},)"
                     R"("values":[[1791374160000,"10"]]}]}})";
  auto said = error_of([&] { p.feed("api-good.json", body); });
  EXPECT_NE(said.find("api-good.json: series {customer=\"acme\"}: timestamp 1791374160000 is not an instant of the "
                      "years 1970 to 2261 (unix seconds, not milliseconds)"),
            std::string::npos)
      << said;
}

TEST(Prometheus, FetchesEachWindowOnceFromTheRangeApi) {
  FakePrometheus prom({{"api_good", "api-good.json"},
                       {"api_total", "api-total.json"},
                       {"co_bad", "checkout-bad.json"},
                       {"co_total", "checkout-total.json"}});
  json config = {{"url", prom.url()},
                 {"headers", {{"Authorization", "Bearer s3cret"}}},
                 {"start", "2026-10-07T11:55:00Z"},
                 {"end", "2026-10-07T12:20:00Z"},
                 {"indicators",
                  {{{"sli", "api_requests"},
                    {"step", "1m"},
                    {"good", R"(sum by (customer) (increase(api_good{code!~"5.."}[1m])) + 0)"},
                    {"total", "sum by (customer) (increase(api_total[1m]))"}},
                   {{"sli", "checkout_requests"},
                    {"step", "5m"},
                    {"bad", "sum(increase(co_bad[5m]))"},
                    {"total", "sum(increase(co_total[5m]))"}}}}};
  auto w = windows(run(PLUGIN_MONITORING_PROMETHEUS, config, {}));
  auto expected = kApiWindows;
  expected.insert(kCheckoutWindows.begin(), kCheckoutWindows.end());
  EXPECT_EQ(w, expected);  // the same as from the saved responses
  auto asked = prom.requests();
  ASSERT_EQ(asked.size(), 4u);
  // [11:55, 12:20) in minutes is evaluated from 11:56 to 12:20 (each sample
  // closes its minute), in 5 minutes from 12:00 to 12:20.
  EXPECT_EQ(asked[0]["query"], R"(sum by (customer) (increase(api_good{code!~"5.."}[1m])) + 0)");  // encoded intact
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(asked[i]["path"], "/prom/api/v1/query_range");
    EXPECT_EQ(asked[i]["authorization"], "Bearer s3cret");
    EXPECT_EQ(asked[i]["end"], "1791375600");
    EXPECT_EQ(asked[i]["start"], i < 2 ? "1791374160" : "1791374400");
    EXPECT_EQ(asked[i]["step"], i < 2 ? "60" : "300");
  }
}

TEST(Prometheus, LongRangesAreFetchedInRequestsOfTenThousandPoints) {
  // One-second windows from 09:11:20: the first request's 10,000 points end
  // at 11:58:00, between the fixture's samples, so each series comes in two parts.
  FakePrometheus prom({{"api_good", "api-good.json"}, {"api_total", "api-total.json"}});
  json config = {
      {"url", prom.url()},
      {"start", "2026-10-07T09:11:20Z"},
      {"end", "2026-10-07T12:00:00Z"},
      {"indicators", {{{"sli", "api_requests"}, {"step", "1s"}, {"good", "api_good"}, {"total", "api_total"}}}}};
  auto w = windows(run(PLUGIN_MONITORING_PROMETHEUS, config, {}));
  EXPECT_EQ(w.size(), kApiWindows.size());
  EXPECT_EQ(w["prometheus:api_requests@2026-10-07T11:59:59Z:globex"],
            "2026-10-07T11:59:59Z 2026-10-07T12:00:00Z 0/0 [\"globex\"]");  // from the second request
  EXPECT_EQ(w["prometheus:api_requests@2026-10-07T11:55:59Z:acme"],
            "2026-10-07T11:55:59Z 2026-10-07T11:56:00Z 9412/10000 [\"acme\"]");  // from the first
  auto asked = prom.requests();
  ASSERT_EQ(asked.size(), 4u);
  EXPECT_EQ(asked[0]["start"], "1791364281");
  EXPECT_EQ(asked[0]["end"], "1791374280");  // 10,000 points
  EXPECT_EQ(asked[1]["start"], "1791374281");
  EXPECT_EQ(asked[1]["end"], "1791374400");
}

TEST(Prometheus, AnErrorFromPrometheusIsReportedWithItsMessage) {
  FakePrometheus prom(std::map<std::string, std::string>{{"api_good", "api-good.json"}});
  json config = {{"url", prom.url()},
                 {"start", "2026-10-07T11:55:00Z"},
                 {"end", "2026-10-07T12:00:00Z"},
                 {"indicators", {{{"sli", "api_requests"}, {"step", "1m"}, {"good", "api_good"}, {"total", "nope"}}}}};
  auto said = error_of([&] { run(PLUGIN_MONITORING_PROMETHEUS, config, {}); });
  EXPECT_NE(said.find("Prometheus at http://127.0.0.1:"), std::string::npos) << said;
  EXPECT_NE(said.find(" (api_requests, total): HTTP 400: 1:1: parse error: no such metric"), std::string::npos) << said;
}

TEST(Prometheus, BadConfigIsRefusedAtCreate) {
  json ok = prom_config();
  std::vector<std::pair<json, std::string>> bad;
  auto with = [&](const std::function<void(json&)>& change, const std::string& message) {
    json c = ok;
    change(c);
    bad.emplace_back(c, message);
  };
  with([](json& c) { c.erase("indicators"); }, "indicators must list at least one indicator");
  with([](json& c) { c["indicators"][0].erase("total_file"); }, "indicator api_requests: total (a PromQL query)");
  with([](json& c) { c["indicators"][0]["bad"] = "x"; }, "indicator api_requests: give the query of good events");
  with([](json& c) { c["indicators"][0]["step"] = "7m"; }, "step must divide a day");
  with([](json& c) { c["indicators"][0]["step"] = "1x"; }, "step must be a duration");
  with([](json& c) { c["indicators"][1]["sli"] = "api_requests"; }, "indicator api_requests: listed twice");
  with([](json& c) { c["sample_at"] = "middle"; }, "sample_at must be \"end\"");
  with([](json& c) { c["customer_lable"] = "tenant"; }, "unknown key \"customer_lable\"");
  with([](json& c) { c["start"] = "2026-10-01T00:00:00Z"; }, "start is for fetching from Prometheus: it needs url");
  with([](json& c) { c["url"] = "ftp://prometheus"; }, "url must be an http:// or https:// URL");
  with(
      [](json& c) {
        c["url"] = "http://127.0.0.1:9";
        c["start"] = "2026-10-01T00:00:00Z";
      },
      "give both start and end");
  for (const auto& [config, message] : bad) {
    auto said = error_of(
        [&] { vow::PluginInstance p(vow::PluginLibrary::load("prom", PLUGIN_MONITORING_PROMETHEUS), config.dump()); });
    EXPECT_NE(said.find(message), std::string::npos) << config.dump() << "\n" << said;
  }
}

// --- jobs_log ---

namespace {

std::vector<json> jobs(const std::vector<std::string>& names, const json& config = json::object()) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& n : names) files.emplace_back(n, slurp(kJobs / n));
  return run(PLUGIN_JOBS_LOG, config, files);
}

// data/jobs/runs.csv (CRLF line ends, a blank line 4, a quoted job name
// holding a comma) and runs.jsonl say the same runs:
//   refresh 2026-11-03 done 2026-11-02T22:41:07Z for acme
//   refresh 2026-11-04 done 2026-11-04 05:12:30+07:00 = 2026-11-03T22:12:30Z
//   export 2026-11-03 done 08:01:00.250Z for everyone (no customer)
//   refresh 2026-11-05 not completed: no event
//   "nightly, full" 2026-11-03 for globex
//   refresh 2026-11-03 again (a rerun), done 2026-11-03T00:05:00Z
const std::vector<std::string> kRuns = {
    R"({"id":"jobs:refresh:2026-11-03:acme@2026-11-02T22:41:07Z","type":"job.completed","at":"2026-11-02T22:41:07Z","job":"refresh","run":"2026-11-03","customers":["acme"]})",
    R"({"id":"jobs:refresh:2026-11-04:acme@2026-11-03T22:12:30Z","type":"job.completed","at":"2026-11-03T22:12:30Z","job":"refresh","run":"2026-11-04","customers":["acme"]})",
    R"({"id":"jobs:export:2026-11-03@2026-11-03T08:01:00.25Z","type":"job.completed","at":"2026-11-03T08:01:00.25Z","job":"export","run":"2026-11-03"})",
    R"({"id":"jobs:nightly, full:2026-11-03:globex@2026-11-03T01:00:00Z","type":"job.completed","at":"2026-11-03T01:00:00Z","job":"nightly, full","run":"2026-11-03","customers":["globex"]})",
    R"({"id":"jobs:refresh:2026-11-03:acme@2026-11-03T00:05:00Z","type":"job.completed","at":"2026-11-03T00:05:00Z","job":"refresh","run":"2026-11-03","customers":["acme"]})",
};

std::vector<std::string> dumped(const std::vector<json>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.dump());
  return out;
}

std::vector<std::string> expected_runs() {
  std::vector<std::string> out;
  for (const auto& line : kRuns) out.push_back(json::parse(line).dump());
  return out;
}

fs::path jobs_project(const std::string& name, const std::string& rules = "") {
  auto dir = rules.empty() ? project(name) : project(name, rules);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n[rules]\npaths = [\"rules\"]\n[[plugins]]\nname = \"jobs\"\n"
        "library = \"" PLUGIN_JOBS_LOG "\"\n");
  return dir;
}

}  // namespace

TEST(JobsLog, EachCompletedRowOfTheCsvIsOneCompletion) {
  EXPECT_EQ(dumped(jobs({"runs.csv"})), expected_runs());
}

TEST(JobsLog, JsonLinesSayTheSameAsCsv) {
  EXPECT_EQ(dumped(jobs({"runs.jsonl"})), expected_runs());
}

TEST(JobsLog, ErrorsNameTheFileTheLineAndTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {"bad-run.csv", "bad-run.csv:3: field \"run\": \"2026-02-30\" is not a date YYYY-MM-DD"},
      {"bad-completed-at.csv",
       "bad-completed-at.csv:3: field \"completed_at\": \"2026-11-03 08:01\" is not an RFC 3339 timestamp with "
       "seconds and a UTC offset"},
      {"no-completed-at-column.csv",
       "no-completed-at-column.csv:1: the header row has no column \"completed_at\" (it has: job, run, finished, "
       "customer)"},
      {"bad-job.jsonl", "bad-job.jsonl:2: field \"job\" must be a string"},
  };
  for (const auto& [file, message] : cases) {
    vow::PluginInstance p(vow::PluginLibrary::load("jobs", PLUGIN_JOBS_LOG), "{}");
    auto said = error_of([&] { p.feed(file, slurp(kJobs / file)); });
    EXPECT_NE(said.find(std::string("reading ") + file + " failed: " + message), std::string::npos) << said;
  }
}

TEST(JobsLog, AYearTheSdkCannotHoldIsRefusedAtItsLine) {
  // Found by fuzz_jobs_log: the year 1013 once wrapped around in the SDK's Timestamp.
  vow::PluginInstance p(vow::PluginLibrary::load("jobs", PLUGIN_JOBS_LOG), "{}");
  auto said = error_of([&] {
    p.feed("old.csv",
           "job,run,completed_at,customer\nrefresh,2026-11-03,2026-11-03T05:00:00Z,acme\n"
           "refresh,2026-11-04,1013-11-04T05:00:00Z,acme\n");
  });
  EXPECT_NE(said.find("old.csv:3: field \"completed_at\": \"1013-11-04T05:00:00Z\" is outside the years 1678 to 2261"),
            std::string::npos)
      << said;
}

TEST(JobsLog, QuotedFieldsFollowRfc4180AndLinesCountInsideThem) {
  vow::PluginInstance p(vow::PluginLibrary::load("jobs", PLUGIN_JOBS_LOG), "{}");
  auto said = error_of([&] {
    p.feed("q.csv",
           "job,run,completed_at\n\"multi\nline \"\"job\"\"\",2026-11-03,2026-11-03T00:00:00Z\nx,2026-11-03\n");
  });
  EXPECT_NE(said.find("q.csv:4: 2 fields, but the header has 3"), std::string::npos) << said;
  said = error_of([&] { p.feed("q.csv", "job,run,completed_at\n\"refresh\",2026-11-03,\"2026-11-03T00:00:00Z\n"); });
  EXPECT_NE(said.find("q.csv:2: a quoted field that never ends"), std::string::npos) << said;
  auto events = run(PLUGIN_JOBS_LOG, json::object(),
                    {{"q.csv", "job,run,completed_at\n\"multi\nline \"\"job\"\"\",2026-11-03,2026-11-03T00:00:00Z\n"}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["job"], "multi\nline \"job\"");
  EXPECT_FALSE(events[0].contains("customers"));  // no customer column: every customer
}

TEST(JobsLog, ColumnsJobsAndCustomersMapAnotherSchedulersNames) {
  json config = {{"columns", {{"job", "dag_id"}, {"run", "ds"}, {"completed_at", "end_date"}, {"customer", "tenant"}}},
                 {"jobs", {{"refresh_dag", "refresh"}}},
                 {"customers", {{"t-1", "acme"}}},
                 {"prefix", "airflow"}};
  auto events = jobs({"airflow.csv"}, config);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      events[0].dump(),
      json::parse(R"({"id":"airflow:refresh:2026-11-03:acme@2026-11-02T22:41:07.123456Z","type":"job.completed",)"
                  R"("at":"2026-11-02T22:41:07.123456Z","job":"refresh","run":"2026-11-03","customers":["acme"]})")
          .dump());
}

TEST(JobsLog, AWebhookBodyIsOneRunOrAListOfThem) {
  vow::PluginInstance p(vow::PluginLibrary::load("jobs", PLUGIN_JOBS_LOG), R"({"format":"csv"})");
  p.webhook(R"({"x-vow-received-at":"2026-11-03T00:00:00Z"})",
            "{\n  \"job\": \"refresh\",\n  \"run\": \"2026-11-03\",\n  \"completed_at\": \"2026-11-02T22:41:07Z\",\n"
            "  \"customer\": \"acme\"\n}\n");
  std::string ndjson;
  while (p.next_batch(ndjson)) {
  }
  EXPECT_EQ(json::parse(ndjson).dump(), json::parse(kRuns[0]).dump());
}

TEST(JobsLog, ImportedRunsAreAchievedOrLateInTheReport) {
  // refresh is due 06:00 in Jakarta (23:00 UTC the day before): the runs of
  // the 3rd and 4th completed before that, the 5th never (its row has no
  // completed_at), and the 6th is late as of the 6th.
  auto dir = jobs_project("jobs-report",
                          "contract \"acme\" { timezone = \"UTC\", compliance_target = 0.9,\n"
                          "  jobs = { refresh = { due = \"06:00\", days = \"daily\",\n"
                          "    timezone = \"Asia/Jakarta\", from = \"2026-11-03\" } } }\n");
  auto r = run_vow(dir, "import jobs '" + (kJobs / "runs.csv").string() + "'");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("plugin jobs: 5 new, 0 duplicate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("runs.csv: 1 row has no completed_at (a run not completed): no event for it"), std::string::npos)
      << r.out;
  auto again = run_vow(dir, "import jobs '" + (kJobs / "runs.jsonl").string() + "'");
  EXPECT_NE(again.out.find("plugin jobs: 0 new, 5 duplicate"), std::string::npos) << again.out;
  auto report = run_vow(dir, "report --period 2026-11 --as-of 2026-11-06T00:00:00Z");
  ASSERT_EQ(report.code, 0) << report.out;
  json refresh = json::parse(report.out)["accounts"][0]["jobs"]["refresh"];
  EXPECT_EQ(refresh["achieved"], 2);
  EXPECT_EQ(refresh["breached"], 2);
}

TEST(JobsLog, AProblemWithAnEventIsReportedAtItsRow) {
  auto dir = jobs_project("jobs-origin");
  // The rerun's id (row 8 of runs.csv, line 7 of runs.jsonl), stored with another run date.
  write(
      dir / "pre.ndjson",
      R"({"id":"jobs:refresh:2026-11-03:acme@2026-11-03T00:05:00Z","type":"job.completed","at":"2026-11-03T00:05:00Z","job":"refresh","run":"2026-11-04","customers":["acme"]})"
      "\n");
  ASSERT_EQ(run_vow(dir, "ingest pre.ndjson").code, 0);
  auto csv = run_vow(dir, "import jobs '" + (kJobs / "runs.csv").string() + "'");
  EXPECT_EQ(csv.code, 65) << csv.out;
  EXPECT_NE(csv.out.find("runs.csv:8: conflict: event \"jobs:refresh:2026-11-03:acme@2026-11-03T00:05:00Z\""),
            std::string::npos)
      << csv.out;
  auto jsonl = run_vow(dir, "import jobs '" + (kJobs / "runs.jsonl").string() + "'");
  EXPECT_NE(jsonl.out.find("runs.jsonl:7: conflict: "), std::string::npos) << jsonl.out;
}

TEST(JobsLog, BadConfigIsRefusedAtCreate) {
  for (const char* config : {R"({"format":"xml"})", R"({"columns":{"status":"state"}})", R"({"columns":{"job":""}})",
                             R"({"jobs":{"a":7}})", R"({"prefx":"jobs"})"})
    EXPECT_THROW(vow::PluginInstance(vow::PluginLibrary::load("jobs", PLUGIN_JOBS_LOG), config), vow::Error) << config;
}
