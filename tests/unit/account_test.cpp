// compliance/ owns the interface through which it calls contract code: an
// account is evaluated here with exclude and credit written in C++, no Lua.
#include "compliance/account.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>

using namespace vow;

namespace {

Instant at(const char* s) {
  return *parse_instant(s);
}

// Contract code written in C++: leaves out outages caused by "upstream",
// and credits 10% of the fee per tenth of a point below target (or fails).
class CppCalls : public ContractCalls {
 public:
  bool exclude(const Contract&, const OutageView& o, std::string&) override {
    ++excludes;
    return o.started.cause == "upstream";
  }
  std::optional<FormulaOutcome> credit(const Contract&, const CreditFigures& m, std::string& error) override {
    seen.push_back(m);
    if (fail) {
      error = "credit.cpp:7: no figures today";
      return std::nullopt;
    }
    double short_by = m.uptime->target - m.uptime->percent;
    return FormulaOutcome{std::nullopt, std::max(0.0, short_by) * 100, "tenths below: counted"};
  }
  int excludes = 0;
  bool fail = false;
  std::vector<CreditFigures> seen;
};

// Any held code: only the calls above look at what it is.
CodeRef some_code() {
  return CodeRef(std::make_unique<CodeRef::Held>());
}

struct Fixture {
  std::deque<Event> store;
  std::unique_ptr<EventStore> events;
  EventIndex index;
  Contract c;

  Fixture() {
    c.id = "acme";
    c.name = "Acme";
    c.zone = &Zone::utc();
    c.monthly_fee = *Decimal::parse("1000");
    UptimeTerm u;
    u.target = 99.9;
    u.services = {"api"};
    u.exclude_fn = some_code();
    c.uptime = std::move(u);
    c.credit.kind = CreditTerm::Kind::Function;
    c.credit.fn = some_code();
    c.credit.at = {"rules/acme.lua", 12};
    c.credit_cap = 30;
  }
  void outage(const char* id, const char* from, const char* to, std::optional<std::string> cause = {}) {
    Event& s = store.emplace_back();
    s.type = EventType::OutageStarted, s.at = at(from), s.ref = id, s.service = "api", s.cause = cause;
    Event& e = store.emplace_back();
    e.type = EventType::OutageEnded, e.at = at(to), e.ref = id;
    for (size_t i = 0; i < store.size(); ++i) store[i].seq = static_cast<std::int64_t>(i) + 1;
  }
  Facts facts(Instant as_of) {
    events = std::make_unique<EventStore>();
    for (const auto& e : store) events->add(Event(e));
    index = build_index(*events);
    return gather_facts(index, as_of, [this](std::string_view id) { return id == c.id ? &c : nullptr; });
  }
};

const Period kOctober{2026, 10, 1};
const Instant kAfter = at("2026-11-05T00:00:00Z");

}  // namespace

TEST(Account, CreditsThroughTheInterfaceWithAFormulaWrittenInCpp) {
  Fixture fx;
  fx.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T16:00:00Z");              // 6 h down
  fx.outage("o2", "2026-10-03T10:00:00Z", "2026-10-04T10:00:00Z", "upstream");  // left out by exclude
  Facts f = fx.facts(kAfter);
  CppCalls calls;
  std::vector<Diagnostic> errors;
  Evaluation ev{f, kAfter, calls, errors};
  ClockScratch scratch;
  AccountReport a = evaluate_account(fx.c, kOctober, ev, settled_clocks(fx.c, kAfter, f, scratch));

  EXPECT_EQ(calls.excludes, 2);
  EXPECT_TRUE(errors.empty());
  ASSERT_TRUE(a.uptime);
  EXPECT_DOUBLE_EQ(a.uptime->downtime_seconds, 21600);
  double percent = 100.0 * (1 - 21600.0 / (31 * 86400));
  EXPECT_NEAR(a.uptime->percent, percent, 1e-9);
  EXPECT_EQ(a.status, Status::Red);
  // The formula saw the month's figures, and its percent was capped at 30%.
  ASSERT_EQ(calls.seen.size(), 1u);
  EXPECT_EQ(calls.seen[0].period, "2026-10");
  EXPECT_DOUBLE_EQ(calls.seen[0].monthly_fee_value, 1000);
  EXPECT_NEAR(calls.seen[0].uptime->percent, percent, 1e-9);
  ASSERT_TRUE(a.credit);
  EXPECT_NEAR(*a.credit->percent, (99.9 - percent) * 100, 1e-9);
  EXPECT_EQ(a.credit->amount, "300.00");
  EXPECT_EQ(a.credit->note, "tenths below: counted");
  EXPECT_EQ(a.credit->formula, "rules/acme.lua:12");
  EXPECT_TRUE(a.credit->final);
}

TEST(Account, AFormulaThatFailsIsAnErrorNamingTheContractAndNoCredit) {
  Fixture fx;
  fx.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T12:00:00Z");
  Facts f = fx.facts(kAfter);
  CppCalls calls;
  calls.fail = true;
  std::vector<Diagnostic> errors;
  ClockScratch scratch;
  AccountReport a =
      evaluate_account(fx.c, kOctober, {f, kAfter, calls, errors}, settled_clocks(fx.c, kAfter, f, scratch));
  EXPECT_FALSE(a.credit);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].str(),
            "rules/acme.lua:12: contract \"acme\": credit formula failed: credit.cpp:7: no figures today");
}

TEST(Account, AQuarterAsksTheFormulaForEachMonthThatHasBegun) {
  Fixture fx;
  fx.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T16:00:00Z");
  Instant mid_november = at("2026-11-15T00:00:00Z");
  Facts f = fx.facts(mid_november);
  CppCalls calls;
  std::vector<Diagnostic> errors;
  ClockScratch scratch;
  AccountReport q = evaluate_account(fx.c, Period{2026, 10, 3}, {f, mid_november, calls, errors},
                                     settled_clocks(fx.c, mid_november, f, scratch));
  EXPECT_FALSE(q.credit);
  ASSERT_EQ(q.monthly_credits.size(), 2u);  // October and November; December has not begun
  EXPECT_EQ(q.monthly_credits[0].period, "2026-10");
  EXPECT_EQ(q.monthly_credits[0].amount, "300.00");
  EXPECT_TRUE(q.monthly_credits[0].final);
  EXPECT_EQ(q.monthly_credits[1].period, "2026-11");
  EXPECT_EQ(q.monthly_credits[1].amount, "0.00");
  EXPECT_FALSE(q.monthly_credits[1].final);
}
