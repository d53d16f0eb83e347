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
  bool exclude(const Contract&, const UptimeTerm&, const OutageView& o, std::string&) override {
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
    c.uptimes.push_back(std::move(u));
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
  EXPECT_DOUBLE_EQ(a.uptime->downtime_seconds.value(), 21600);
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

// Contract language 1.1, "Commitment per quarter".
namespace {

struct Quarterly : Fixture {
  Quarterly() { c.commitment = Commitment::Quarter; }
  void invoice(const char* id, const char* period, const char* amount) {
    Event& e = store.emplace_back();
    e.type = EventType::InvoiceIssued, e.at = at("2026-10-01T00:00:00Z"), e.ref = id, e.customer = "acme";
    e.period = period, e.amount = amount, e.currency = "USD";
    e.id = std::string("inv:") + id;
    for (size_t i = 0; i < store.size(); ++i) store[i].seq = static_cast<std::int64_t>(i) + 1;
  }
  AccountReport report(const Period& p, Instant as_of, CppCalls& calls, std::vector<Diagnostic>& errors) {
    Facts f = facts(as_of);
    ClockScratch scratch;
    return evaluate_account(c, p, {f, as_of, calls, errors}, settled_clocks(c, as_of, f, scratch));
  }
};

const Period kQ4{2026, 10, 3};
const Instant kAfterQ4 = at("2027-01-05T00:00:00Z");

}  // namespace

TEST(Quarterly, TheQuarterHasOneCreditOverItsFiguresAndFee) {
  Quarterly fx;
  fx.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T16:00:00Z");  // 6 h of the quarter's 92 days
  CppCalls calls;
  std::vector<Diagnostic> errors;
  AccountReport q = fx.report(kQ4, kAfterQ4, calls, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(q.quarterly);
  EXPECT_TRUE(q.monthly_credits.empty());
  ASSERT_EQ(calls.seen.size(), 1u);
  EXPECT_EQ(calls.seen[0].period, "2026-Q4");
  EXPECT_DOUBLE_EQ(calls.seen[0].fee_value, 3000);  // three monthly fees
  EXPECT_DOUBLE_EQ(calls.seen[0].monthly_fee_value, 1000);
  double percent = 100.0 * (1 - 21600.0 / (92 * 86400));
  EXPECT_NEAR(calls.seen[0].uptime->percent, percent, 1e-9);
  ASSERT_TRUE(q.credit);
  EXPECT_EQ(q.credit->period, "2026-Q4");
  EXPECT_EQ(q.credit->fee, "3000.00");
  // (99.9 - 99.72826...) x 100 = 17.1739...% of 3000, under the cap of 30% of it.
  EXPECT_EQ(q.credit->amount, "515.22");
  EXPECT_TRUE(q.credit->final);
}

TEST(Quarterly, TheQuarterFeeAddsItsMonthsInvoicesUnlessTheQuarterHasItsOwn) {
  Quarterly fx;
  fx.invoice("nov", "2026-11", "1200");
  CppCalls calls;
  std::vector<Diagnostic> errors;
  fx.report(kQ4, kAfterQ4, calls, errors);
  ASSERT_EQ(calls.seen.size(), 1u);
  EXPECT_DOUBLE_EQ(calls.seen[0].fee_value, 3200);  // 1000 + 1200 + 1000
  EXPECT_FALSE(calls.seen[0].invoice);
  fx.invoice("q4", "2026-Q4", "2500");
  fx.report(kQ4, kAfterQ4, calls, errors);
  ASSERT_EQ(calls.seen.size(), 2u);
  EXPECT_DOUBLE_EQ(calls.seen[1].fee_value, 2500);  // the quarter's own invoice replaces its months'
  EXPECT_NEAR(calls.seen[1].monthly_fee_value, 2500.0 / 3, 1e-9);
  EXPECT_EQ(calls.seen[1].invoice, "q4");
}

TEST(Quarterly, AMonthHasNoCreditAndTheStatusOfItsQuarterAsOfItsEnd) {
  Quarterly fx;
  fx.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T11:00:00Z");  // 60 min: over October's 44.64, under Q4's 132.48
  fx.outage("o2", "2026-12-05T10:00:00Z", "2026-12-05T12:00:00Z");  // 120 more: the quarter is missed
  CppCalls calls;
  std::vector<Diagnostic> errors;
  Instant december = at("2026-12-20T00:00:00Z");
  AccountReport oct = fx.report(Period{2026, 10, 1}, december, calls, errors);
  EXPECT_TRUE(oct.quarterly);
  EXPECT_TRUE(oct.has_credit_term);
  EXPECT_FALSE(oct.credit);
  EXPECT_TRUE(calls.seen.empty());  // no formula is asked for a month
  EXPECT_FALSE(oct.uptime->met);    // the month's own figures
  // As of October's end the quarter had used 60 of 132.48 minutes (0.45 < 0.8).
  EXPECT_EQ(oct.status, Status::Green);
  AccountReport nov = fx.report(Period{2026, 11, 1}, december, calls, errors);
  EXPECT_EQ(nov.status, Status::Green);
  AccountReport dec = fx.report(Period{2026, 12, 1}, december, calls, errors);
  EXPECT_EQ(dec.status, Status::Red);  // as of December 20th: 180 of 132.48 minutes
  // A month with nothing wrong of its own shares its quarter's miss.
  Quarterly fy;
  fy.outage("o1", "2026-10-02T10:00:00Z", "2026-10-02T13:00:00Z");
  AccountReport clean = fy.report(Period{2026, 11, 1}, december, calls, errors);
  EXPECT_TRUE(clean.uptime->met);
  EXPECT_DOUBLE_EQ(clean.uptime->downtime_seconds.value(), 0);
  EXPECT_EQ(clean.status, Status::Red);
  EXPECT_TRUE(errors.empty());
}
