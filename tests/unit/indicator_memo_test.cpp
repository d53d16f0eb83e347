// Indicator figures computed once per query and shared by the accounts
// that read an indicator the same way (compliance/indicator_memo.hpp): each
// account's figures must be what it would get alone, whatever the others
// read.
#include "compliance/indicator_memo.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine_fixture.hpp"
#include "vow/engine.hpp"

using namespace vow;

namespace {

// One shared indicator read five ways, and a sixth way only by having a window of its own.
const char* kContracts[] = {
    R"(contract "a" { timezone = "UTC", objectives = { { name = "o", sli = "s", target = 99 } } })",
    R"(contract "b" { timezone = "UTC", objectives = { { name = "o", sli = "s", target = 90 } } })",
    R"(contract "c" { timezone = "UTC", objectives = { { name = "o", sli = "s", target = 99, method = "timeslices",
        slice = "1h", max_error_rate = 5 } } })",
    R"(contract "d" { timezone = "America/New_York", objectives = { { name = "o", sli = "s", target = 99,
        method = "timeslices", slice = "1h", max_error_rate = 5 } } })",
    R"(contract "e" { timezone = "UTC", uptime = { target = 99.9, sli = "s", slice = "1h", max_error_rate = 20 } })",
    R"(contract "f" { timezone = "UTC", uptime = { target = 99.9, sli = "s", slice = "1h", max_error_rate = 20 } })",
};

std::string windows() {
  std::string out;
  // 2026-11-01 00:00 to 05:00 UTC: 0%, 10%, 30% failed, ...; and f's own bad hour.
  const int failed[] = {0, 10, 30, 0, 6};
  for (int h = 0; h < 5; ++h) {
    char start[32], end[32];
    std::snprintf(start, sizeof start, "2026-11-01T%02d:00:00Z", h);
    std::snprintf(end, sizeof end, "2026-11-01T%02d:00:00Z", h + 1);
    out += R"({"id":"w)" + std::to_string(h) + R"(","type":"sli.counted","at":")" + end + R"(","sli":"s","start":")" +
           start + R"(","end":")" + end + R"(","good":)" + std::to_string(100 - failed[h]) + R"(,"total":100})" + "\n";
  }
  out +=
      R"({"id":"own","type":"sli.counted","at":"2026-11-02T01:00:00Z","sli":"s","start":"2026-11-02T00:00:00Z","end":"2026-11-02T01:00:00Z","good":0,"total":10,"customers":["f"]})"
      "\n";
  return out;
}

std::string figures(const AccountReport& a) {
  std::string out;
  for (const ObjectiveFigures& o : a.objectives)
    out += o.name + " " + std::to_string(o.percent.value_or(-1)) + " " + std::to_string(o.met) + " " +
           std::to_string(o.budget_consumed.value_or(-1)) + " " + std::to_string(o.bad_slices.value_or(-1)) + ";";
  for (const UptimeFigures& u : a.uptimes)
    out += "uptime " + std::to_string(u.percent) + " " + std::to_string(u.met) + " " +
           std::to_string(u.downtime_seconds.value_or(-1)) + " " + std::to_string(u.bad_slices.value_or(-1)) + ";";
  return out;
}

}  // namespace

TEST(IndicatorMemo, EachAccountGetsWhatItWouldGetAlone) {
  std::string all;
  for (const char* c : kContracts) all += std::string(c) + "\n";
  Engine together = engine(all.c_str(), windows());
  Report r = together.report(query("2026-11", "2026-11-03T00:00:00Z"));
  ASSERT_EQ(r.accounts.size(), 6u);
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < 6; ++i) {
    Engine alone = engine(kContracts[i], windows());
    Report one = alone.report(query("2026-11", "2026-11-03T00:00:00Z"));
    ASSERT_EQ(one.accounts.size(), 1u);
    EXPECT_EQ(figures(r.accounts[i]), figures(one.accounts[0])) << r.accounts[i].customer;
    distinct.insert(figures(r.accounts[i]));
  }
  // The six read the windows differently: no two alike.
  EXPECT_EQ(distinct.size(), 6u);
  // e and f read alike but for f's own window: one hour over 20% failed, and f's own.
  EXPECT_EQ(r.accounts[4].uptimes.at(0).bad_slices, 1);
  EXPECT_EQ(r.accounts[5].uptimes.at(0).bad_slices, 2);
}

TEST(IndicatorMemo, ACopyStartsEmpty) {
  // A copy's lists live elsewhere: a key naming the original's must not hit.
  IndicatorMemo m;
  IndicatorMemo::Key k;
  k.as_of = 1;
  int computed = 0;
  m.slice_count(k, [&] { return ++computed, std::int64_t{7}; });
  m.slice_count(k, [&] { return ++computed, std::int64_t{7}; });
  EXPECT_EQ(computed, 1);
  IndicatorMemo copy(m);
  EXPECT_EQ(copy.slice_count(k, [&] { return ++computed, std::int64_t{8}; }), 8);
  EXPECT_EQ(computed, 2);
  IndicatorMemo assigned;
  assigned = m;
  EXPECT_EQ(assigned.slice_count(k, [&] { return ++computed, std::int64_t{9}; }), 9);
}
