// An embedder's errors are in the library's terms, not the command line's
// (issue 10: "errors quote command-line flags"): no `--flag`, no `vow
// COMMAND`. The inputs they are about are named as fields, which `vow`
// words as its options and commands (option_words_test.cpp).
#include "helpers.hpp"
#include "vow/workspace.hpp"

using namespace vowtest;

namespace {

// What `fn` threw; fails the test when it threw nothing.
vow::Error thrown(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const vow::Error& e) {
    return e;
  }
  ADD_FAILURE() << "nothing was thrown";
  return vow::Error(vow::Exit::Ok, "");
}

void in_library_terms(const vow::Error& e) {
  std::string said = e.what();
  for (const char* cli : {"--", "`vow", "vow ingest", "vow import", "vow pull", "vow check", "vow report",
                          "vow credits", "vow draft", "vow export", "vow backtest"})
    EXPECT_EQ(said.find(cli), std::string::npos) << said;
}

vow::Query october() {
  vow::Query q;
  q.period = "2026-10";
  q.as_of = unix_ms("2026-11-02T00:00:00Z");
  return q;
}

}  // namespace

TEST(LibraryWords, AMissingLedgerIsToldInTheLibrarysTerms) {
  auto dir = project("words-missing");
  auto ws = project_workspace(dir);
  vow::Error e = thrown([&] { ws.report(october()); });
  EXPECT_EQ(e.code(), vow::Exit::BadConfig);
  in_library_terms(e);
  EXPECT_NE(std::string(e.what()).find("or create the ledger with Workspace::ingest()"), std::string::npos) << e.what();
  EXPECT_EQ(e.fields(), std::vector<std::string>{"ingest_file"});
  // The command says its own words, as before.
  auto cli = run_vow(dir, "report --period 2026-10");
  EXPECT_NE(cli.out.find("or create the ledger with `vow ingest FILE`"), std::string::npos) << cli.out;
}

TEST(LibraryWords, AFileThatIsNoLedgerIsToldInTheLibrarysTerms) {
  auto dir = project("words-not-a-ledger");
  write(dir / "vow.db", "");
  auto ws = project_workspace(dir);
  vow::Error e = thrown([&] { ws.report(october()); });
  in_library_terms(e);
  EXPECT_NE(std::string(e.what()).find("or let Workspace::ingest() create the ledger"), std::string::npos) << e.what();
  vow::CheckResult checked = ws.check();
  ASSERT_TRUE(checked.ledger.error.has_value());
  in_library_terms(*checked.ledger.error);
  for (const char* command : {"report --period 2026-10", "check"}) {
    auto cli = run_vow(dir, command);
    EXPECT_NE(cli.out.find("or let `vow ingest` create the ledger"), std::string::npos) << command << ": " << cli.out;
  }
}

// Every mistake an embedder can make with a request, each in its terms.
TEST(LibraryWords, MistakenRequestsNameNoFlag) {
  auto dir =
      project("words-requests", "contract \"acme\" { monthly_fee = 100 }\ncontract \"beta\" { monthly_fee = 100 }\n");
  empty_ledger(dir);
  auto ws = project_workspace(dir);
  std::vector<std::function<void()>> mistakes = {
      [&] {
        vow::Query q = october();
        q.period = "2026-13";
        ws.report(q);
      },
      [&] {
        vow::Query q = october();
        q.period = "2026-13";
        ws.credits(q);
      },
      [&] {
        vow::Query q = october();
        q.customers = {"nobody"};
        ws.report(q);
      },
      [&] {
        vow::Query q = october();
        q.customer_audience = true;
        ws.report(q);
      },
      [&] { ws.export_events(0, [](std::string_view) {}); },
      [&] {
        vow::BacktestQuery b;
        b.from = "2026-10";
        b.to = "2026-09";
        ws.backtest(b);
      },
      [&] {
        vow::DraftOrder d;
        d.kind = "initial";
        ws.draft(d);
      },
      [&] {
        vow::DraftOrder d;
        d.kind = "no-such-kind";
        ws.draft(d);
      },
      [&] {
        vow::DraftOrder d;
        d.kind = "credit-offer";
        d.customer = "acme";
        ws.draft(d);
      },
      [&] { ws.import("nothing", {}); },
  };
  for (std::size_t i = 0; i < mistakes.size(); ++i) {
    SCOPED_TRACE("mistake " + std::to_string(i));
    in_library_terms(thrown(mistakes[i]));
  }
}
