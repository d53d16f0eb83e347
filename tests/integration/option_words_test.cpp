// The library's errors name inputs (a period, a customer); the command says
// them as its options (--period, --customer) and its subcommands (vow
// draft). Each message here is pinned word for word as `vow` has always
// printed it.
#include "helpers.hpp"

using namespace vowtest;

namespace {

struct Case {
  const char* args;
  int code;
  const char* said;  // the whole output, standard error, "vow: " and all
};

const char* kAsOf = " --as-of 2026-11-02T00:00:00Z";

fs::path two_accounts() {
  auto dir = project("option-words",
                     "contract \"acme\" { monthly_fee = 1000, uptime = { target = 99.9, services = { \"api\" } },\n"
                     "  credit = schedule { { below = 99.9, percent = 10 } } }\n"
                     "contract \"beta\" { monthly_fee = 500, uptime = { target = 99.9, services = { \"web\" } } }\n");
  write(dir / "e.ndjson",
        "{\"id\":\"1\",\"type\":\"outage.started\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o\",\"service\":"
        "\"api\"}\n"
        "{\"id\":\"2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T12:00:00Z\",\"outage\":\"o\"}\n");
  EXPECT_EQ(run_vow(dir, "ingest e.ndjson").code, 0);
  return dir;
}

}  // namespace

TEST(OptionWords, EveryLibraryErrorIsSaidWithTheCommandsOwnOptions) {
  auto dir = two_accounts();
  const Case cases[] = {
      {"report --period 2026-13", 2, "vow: --period 2026-13: expected a month YYYY-MM or a quarter YYYY-Qn\n"},
      {"report --period 2026-10 --customer nobody", 2, "vow: --customer nobody: no contract has this id\n"},
      {"report --period 2026-10 --tier gold", 2, "vow: --tier gold: no contract is of this tier (none has a tier)\n"},
      {"status --tier gold", 2, "vow: --tier gold: no contract is of this tier (none has a tier)\n"},
      {"report --period 2026-10 --audience customer", 2,
       "vow: --audience customer: name exactly one --customer, the one the report is for\n"},
      {"credits --period 2026-10 --apply", 78, "vow: vow.toml: --apply needs a billing sink plugin in [[plugins]]\n"},
      {"backtest --from 2026-12 --to 2026-10", 2, "vow: --to 2026-10: is before --from 2026-12\n"},
      {"backtest --from 2026-13 --to 2026-10", 2, "vow: --from 2026-13: expected a month YYYY-MM\n"},
      {"backtest --from 2026-10 --to 9999-01", 2, "vow: --to 9999-01: months from 1970-01 to 9998-12\n"},
      {"backtest --from 1970-01 --to 2026-10", 2,
       "vow: --from 1970-01 --to 2026-10: at most 600 months at a time (the replay forecasts every day)\n"},
      {"draft bogus", 2,
       "vow: vow draft bogus: the kinds are initial, update, resolved, report-to-follow, internal-status, "
       "postmortem, breach, credit-offer\n"},
      {"draft initial --customer acme", 2, "vow: vow draft initial: name the --outage\n"},
      {"draft breach", 2, "vow: vow draft breach: name the --ticket\n"},
      {"draft initial --outage o", 2, "vow: vow draft initial: name the --customer it is for\n"},
      {"draft breach --ticket t9", 2, "vow: --ticket t9: no such ticket in the ledger as of 2026-11-02T00:00:00Z\n"},
      {"draft initial --outage o9 --customer acme", 2,
       "vow: --outage o9: no such outage in the ledger as of 2026-11-02T00:00:00Z\n"},
      {"draft initial --outage o --customer beta", 2, "vow: --customer beta: outage o does not affect this customer\n"},
      {"draft initial --outage o --customer nobody", 2, "vow: --customer nobody: no contract has this id\n"},
      {"draft credit-offer --customer acme", 2, "vow: credit-offer: give --period YYYY-MM\n"},
      {"draft credit-offer --customer beta --period 2026-10", 3,
       "vow: vow draft credit-offer: beta's contract has no credit terms: there is no credit to offer; no draft "
       "written\n"},
      {"export --since 0", 2, "vow: --since 0: sequence numbers start at 1\n"},
  };
  for (const Case& c : cases) {
    bool dated = std::string(c.args).rfind("backtest", 0) != 0 && std::string(c.args).rfind("export", 0) != 0;
    auto r = run_vow(dir, c.args + std::string(dated ? kAsOf : ""));
    EXPECT_EQ(r.code, c.code) << c.args;
    EXPECT_EQ(r.out, c.said) << c.args;
  }
}

// A tier no contract is of names the tiers there are.
TEST(OptionWords, AnUnknownTierNamesTheTiers) {
  auto dir = project("unknown-tier",
                     "tier \"gold\" { monthly_fee = 10 }\ntier \"silver\" { monthly_fee = 5 }\n"
                     "contract \"acme\" { tier = \"gold\" }\ncontract \"beta\" { tier = \"silver\" }\n");
  empty_ledger(dir);
  auto r = run_vow(dir, "credits --period 2026-10 --tier gld");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "vow: --tier gld: no contract is of this tier (tiers: gold, silver)\n");
  EXPECT_EQ(run_vow(dir, "credits --period 2026-10 --tier gold").code, 0);
}
