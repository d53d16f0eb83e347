// The bundled notifier sinks deliver alerts for real: to an HTTP server on
// loopback that the test runs (cpp-httplib), and to an outbox folder.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "helpers.hpp"
#include "plugins/plugin.hpp"
#include "receiver.hpp"
#include "vow/error.hpp"

using namespace vowtest;
using json = nlohmann::json;

namespace {

const char* kBreach = R"({"id": "clock.breached:acme:T-2:response:1", "kind": "clock.breached", "severity": "breach",
  "customer": "acme", "customer_name": "Acme <Corp> & Co", "at": "2026-10-05T09:00:00Z", "ticket": "T-2",
  "metric": "response", "cycle": 1, "priority": "P1", "deadline": "2026-10-05T09:00:00Z",
  "retraction": false, "late": false, "drill": false})";

vow::PluginInstance sink(const char* library, const json& config, const fs::path& dir = {}) {
  return vow::PluginInstance(vow::PluginLibrary::load("notifier", library), config.dump(), dir.string());
}

}  // namespace

TEST(NotifyWebhook, PostsTheAlertAsItIsWithItsIdAsIdempotencyKey) {
  Receiver r;
  auto p = sink(PLUGIN_NOTIFY_WEBHOOK, {{"url", r.url("/hooks/vow")}, {"headers", {{"Authorization", "Bearer s3"}}}});
  EXPECT_EQ(p.deliver("alert", kBreach), "HTTP 200");
  json retraction = json::parse(kBreach);
  retraction["retraction"] = true;
  p.deliver("alert", retraction.dump());
  EXPECT_EQ(p.deliver("credit", "{}"), "");  // not a notifier's business
  auto got = r.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].path, "/hooks/vow");
  EXPECT_EQ(json::parse(got[0].body), json::parse(kBreach));
  EXPECT_EQ(got[0].key, "clock.breached:acme:T-2:response:1");
  EXPECT_EQ(got[1].key, "clock.breached:acme:T-2:response:1:retraction");
  EXPECT_EQ(got[0].authorization, "Bearer s3");
  EXPECT_EQ(got[0].content_type, "application/json");
}

TEST(NotifyWebhook, ARefusalOrNoServerIsAFailedDeliveryThatKeepsThePathSecret) {
  Receiver r;
  r.status = 503;
  auto p = sink(PLUGIN_NOTIFY_WEBHOOK, {{"url", r.url("/secret-token-path")}});
  try {
    p.deliver("alert", kBreach);
    FAIL() << "no error";
  } catch (const vow::Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("answered HTTP 503: no such channel"), std::string::npos) << what;
    EXPECT_EQ(what.find("secret-token-path"), std::string::npos) << what;
  }
  auto gone = sink(PLUGIN_NOTIFY_WEBHOOK, {{"url", "http://127.0.0.1:9/x"}, {"timeout", 2}});
  EXPECT_THROW(gone.deliver("alert", kBreach), vow::Error);
}

TEST(NotifyWebhook, BadConfigIsRefusedAtCreate) {
  for (const json& config : {json::object(), json{{"url", "ftp://x"}}, json{{"url", "http://x"}, {"timeout", 0}},
                             json{{"url", "http://x"}, {"headers", {{"A", 1}}}}})
    EXPECT_THROW(sink(PLUGIN_NOTIFY_WEBHOOK, config), vow::Error) << config;
}

TEST(NotifySlack, OneLineAPersonReadsWithMarkupEscaped) {
  Receiver r;
  auto p = sink(PLUGIN_NOTIFY_SLACK, {{"url", r.url("/services/T0/B0/XYZ")}});
  EXPECT_EQ(p.deliver("alert", kBreach), "slack:clock.breached:acme:T-2:response:1");
  auto got = r.requests();
  ASSERT_EQ(got.size(), 1u);
  json m = json::parse(got[0].body);
  EXPECT_EQ(m["text"],
            "[BREACH] Acme &lt;Corp&gt; &amp; Co: ticket T-2 response (P1): target missed at 2026-10-05T09:00:00Z");
  EXPECT_EQ(m["blocks"][0]["text"]["type"], "mrkdwn");
  EXPECT_NE(m["blocks"][1]["elements"][0]["text"].get<std::string>().find("clock.breached:acme:T-2:response:1"),
            std::string::npos);
}

TEST(NotifySlack, DrillsLateAlertsAndEveryKindSayWhatTheyAre) {
  Receiver r;
  auto p = sink(PLUGIN_NOTIFY_SLACK, {{"url", r.url("/s")}});
  json a = json::parse(kBreach);
  a["drill"] = true;
  a["late"] = true;
  a["late_seconds"] = 720;
  p.deliver("alert", a.dump());
  json budget = {{"id", "uptime.budget_warning:acme:2026-10"},
                 {"kind", "uptime.budget_warning"},
                 {"severity", "warning"},
                 {"customer", "acme"},
                 {"customer_name", "Acme"},
                 {"at", "x"},
                 {"period", "2026-10"},
                 {"budget_consumed", 0.8}};
  p.deliver("alert", budget.dump());
  auto got = r.requests();
  ASSERT_EQ(got.size(), 2u);
  std::string first = json::parse(got[0].body)["text"];
  EXPECT_EQ(first.rfind("[DRILL] [BREACH] ", 0), 0u) << first;
  EXPECT_NE(first.find("(late by 12 min)"), std::string::npos) << first;
  EXPECT_EQ(json::parse(got[1].body)["text"], "[WARNING] Acme: uptime 2026-10: 80% of the downtime budget used");
}

TEST(NotifyEmail, OneMessagePerAlertWrittenOnce) {
  auto dir = scratch("notify-email");
  auto p = sink(
      PLUGIN_NOTIFY_EMAIL,
      {{"outbox", "outbox"}, {"from", "Vow <vow@example.com>"}, {"to", {"cs@example.com", "cto@example.com"}}}, dir);
  std::string ref = p.deliver("alert", kBreach);
  EXPECT_EQ(ref, "clock.breached_3aacme_3aT-2_3aresponse_3a1.eml");
  EXPECT_EQ(p.deliver("alert", kBreach), ref);  // again: the same file, not a second message
  std::string eml = slurp(dir / "outbox" / ref);
  EXPECT_NE(eml.find("From: Vow <vow@example.com>\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("To: cs@example.com, cto@example.com\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Subject: [BREACH] Acme <Corp> & Co: ticket T-2 response (P1): target missed at "
                     "2026-10-05T09:00:00Z\r\n"),
            std::string::npos)
      << eml;
  EXPECT_NE(eml.find("Message-ID: <clock.breached_3aacme_3aT-2_3aresponse_3a1@vow>\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("\r\n\r\n[BREACH] Acme"), std::string::npos) << eml;
  EXPECT_NE(eml.find("ticket: T-2\r\n"), std::string::npos) << eml;
  // A retraction is a message of its own; a name outside ASCII is encoded.
  json r = json::parse(kBreach);
  r["retraction"] = true;
  r["customer_name"] = "Société Générale";
  std::string rref = p.deliver("alert", r.dump());
  EXPECT_NE(rref, ref);
  std::string reml = slurp(dir / "outbox" / rref);
  EXPECT_NE(reml.find("Subject: =?UTF-8?B?"), std::string::npos) << reml;
  EXPECT_NE(reml.find("withdrawn"), std::string::npos) << reml;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir / "outbox")) files += e.path().extension() == ".eml";
  EXPECT_EQ(files, 2u);
}

TEST(NotifyEmail, MissingOrUnsafeConfigIsRefused) {
  auto dir = scratch("notify-email-config");
  for (const json& config :
       {json{{"from", "a@b"}, {"to", "c@d"}}, json{{"outbox", "o"}, {"to", "c@d"}},
        json{{"outbox", "o"}, {"from", "a@b"}}, json{{"outbox", "o"}, {"from", "a@b\nBcc: x@y"}, {"to", "c@d"}},
        json{{"outbox", "o"}, {"from", "a@b"}, {"to", {"c@d\r\nBcc: x@y"}}}})
    EXPECT_THROW(sink(PLUGIN_NOTIFY_EMAIL, config, dir), vow::Error) << config;
}
