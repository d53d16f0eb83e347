// Names, ids and services that try to inject markup or spreadsheet formulas,
// through the real command: every Markdown and CSV output and the drafts
// stay safe (docs/reports.md, "Text from contracts and events").
#include "../hostile_text.hpp"

#include "helpers.hpp"

using namespace vowtest;

namespace {

const char* kRules =
    "contract \"acme\" {\n"
    "  name = \"<script>alert(1)</script> | x\\n# y\",\n"
    "  monthly_fee = 1000,\n"
    "  uptime = { target = 99.9, services = { \"<b>api</b>|x\" } },\n"
    "  response = { P1 = hours(1) },\n"
    "  communications = { initial = minutes(15), update_every = minutes(30), postmortem = days(5) },\n"
    "  credit = schedule { { below = 99.9, percent = 10 } },\n"
    "}\n"
    "contract \"beta\" {\n"
    "  name = '=HYPERLINK(\"http://evil\",\"x\")',\n"
    "  monthly_fee = 1000,\n"
    "  uptime = { target = 99.9, services = { \"<b>api</b>|x\" } },\n"
    "  credit = function(m) return { amount = 5, note = \"-2+3 | <i>\\n# z\" } end,\n"
    "}\n";

// An outage whose id and service are hostile, still open at 10:45, and a
// ticket with a hostile id, late for its first response.
const char* kEvents =
    "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\","
    "\"outage\":\"=cmd|' /C calc'!A0 <script>x\",\"service\":\"<b>api</b>|x\",\"title\":\"@SUM(1) | <i>\\n# t\"}\n"
    "{\"id\":\"2\",\"type\":\"ticket.opened\",\"at\":\"2026-10-02T08:00:00Z\",\"ticket\":\"+T|1\\n<script>\","
    "\"customer\":\"acme\",\"priority\":\"P1\"}\n"
    "{\"id\":\"3\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"=cmd|' /C calc'!A0 "
    "<script>x\"}\n"
    "{\"id\":\"4\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"-never|<script>\"}\n";

}  // namespace

TEST(HostileText, MarkdownCsvAndDraftsStaySafe) {
  auto dir = project("hostile-text", kRules);
  fs::copy(VOW_SOURCE_DIR "/rules/templates", dir / "templates", fs::copy_options::recursive);
  write(dir / "e.ndjson", kEvents);
  auto ingest = run_vow(dir, "ingest e.ndjson");
  ASSERT_EQ(ingest.code, 0) << ingest.out;

  const std::string month = " --period 2026-10 --as-of 2026-11-02T00:00:00Z";
  for (const std::string& args : {"report" + month + " --format md", std::string("status --as-of "
                                                                                 "2026-10-02T10:45:00Z --format md")}) {
    auto r = run_vow(dir, args);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    SCOPED_TRACE(args);
    hostile::expect_safe_markdown(r.out);
  }
  auto report = run_vow(dir, "report" + month + " --format md");
  EXPECT_NE(report.out.find("&lt;script&gt;alert(1)&lt;/script&gt; \\| x \\# y (`acme`)"), std::string::npos)
      << report.out;
  EXPECT_NE(report.out.find("-never\\|&lt;script&gt;"), std::string::npos) << report.out;  // a problem event
  auto status = run_vow(dir, "status --as-of 2026-10-02T10:45:00Z --format md");
  EXPECT_NE(status.out.find("ticket +T\\|1 &lt;script&gt;"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("outage =cmd\\|' /C calc'!A0 &lt;script&gt;x"), std::string::npos) << status.out;

  for (const std::string& args : {"report" + month + " --format csv", "credits" + month + " --format csv",
                                  std::string("status --as-of 2026-10-02T10:45:00Z --format csv")}) {
    auto r = run_vow(dir, args);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    SCOPED_TRACE(args);
    hostile::expect_safe_csv(r.out);
  }
  auto csv = run_vow(dir, "report" + month + " --format csv");
  EXPECT_NE(csv.out.find("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""), std::string::npos) << csv.out;
  auto credits = run_vow(dir, "credits" + month + " --format csv");
  EXPECT_NE(credits.out.find("\"'-2+3 | <i>\n# z\""), std::string::npos) << credits.out;

  const std::string outage = " --outage \"=cmd|' /C calc'!A0 <script>x\" --as-of 2026-10-03T00:00:00Z";
  for (const std::string& args :
       {"draft initial --customer acme" + outage, "draft update --customer acme" + outage,
        "draft resolved --customer acme" + outage, "draft postmortem --customer acme" + outage,
        "draft internal-status" + outage,
        std::string("draft credit-offer --customer acme --period 2026-10 --as-of 2026-11-02T00:00:00Z"),
        std::string("draft breach --ticket '+T|1\n<script>' --as-of 2026-10-03T00:00:00Z")}) {
    auto r = run_vow(dir, args);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.out;
    SCOPED_TRACE(args);
    hostile::expect_safe_markdown(r.out);
  }
  auto internal = run_vow(dir, "draft internal-status" + outage);
  EXPECT_NE(internal.out.find("| &lt;script&gt;alert(1)&lt;/script&gt; \\| x \\# y (acme) |"), std::string::npos)
      << internal.out;
  auto text = run_vow(dir, "draft initial --customer acme --format text" + outage);
  EXPECT_NE(text.out.find("problem with <b>api</b>|x"), std::string::npos) << text.out;  // plain text: as it is
}
