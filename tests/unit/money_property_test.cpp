// Credits against an independent exact computation (GMP's rationals, and
// the shortest decimal read from its scientific spelling) over many random
// fees, percents, amounts and caps. Any difference is wrong money.
#include <gmpxx.h>
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <random>
#include <string>

#include "compliance/credits.hpp"

using namespace vow;

namespace {

// The shortest round-tripping decimal of `v`, as an exact rational.
mpq_class exact_shortest(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest, may be 1.5e-07
  EXPECT_EQ(ec, std::errc());
  std::string s(buf, end);
  long exponent = 0;
  if (auto e = s.find_first_of("eE"); e != std::string::npos) {
    exponent = std::stol(s.substr(e + 1));
    s.resize(e);
  }
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  if (auto dot = s.find('.'); dot != std::string::npos) {
    exponent -= static_cast<long>(s.size() - dot - 1);
    s.erase(dot, 1);
  }
  mpz_class mant(s, 10), scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(std::labs(exponent)));
  mpq_class q = exponent >= 0 ? mpq_class(mant * scale) : mpq_class(mant, scale);
  q.canonicalize();
  return neg ? mpq_class(-q) : q;
}

std::string rounded_text(const mpq_class& x, int digits) {
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(digits));
  mpq_class a = abs(x) * scale;
  mpz_class q = a.get_num() / a.get_den(), r = a.get_num() % a.get_den();
  if (2 * r >= a.get_den()) q += 1;
  std::string s = q.get_str();
  if (digits > 0) {
    if (s.size() <= static_cast<size_t>(digits)) s.insert(0, std::string(digits + 1 - s.size(), '0'));
    s.insert(s.size() - static_cast<size_t>(digits), ".");
  }
  return (x < 0 && q != 0 ? "-" : "") + s;
}

struct Case {
  std::optional<double> percent, amount;
  double fee, cap;
  std::string currency;
};

std::string expected(const Case& c) {
  mpq_class fee = exact_shortest(c.fee);
  mpq_class raw = c.percent ? exact_shortest(*c.percent) / 100 * fee : exact_shortest(c.amount.value_or(0));
  mpq_class cap = exact_shortest(c.cap) / 100 * fee;
  if (raw < 0) raw = 0;
  if (raw > cap) raw = cap;
  return rounded_text(raw, minor_unit_digits(c.currency));
}

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  Case next() {
    Case c;
    c.fee = fee();
    c.cap = pick(4) == 0 ? 100.0 : uniform(0, 100) * (pick(3) == 0 ? 1 : 0) + static_cast<double>(pick(101));
    c.currency = pick(10) == 0 ? "JPY" : "USD";
    if (pick(3) == 0)
      c.amount = amount();
    else
      c.percent = percent();
    return c;
  }

 private:
  unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }
  double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }

  double fee() {
    switch (pick(5)) {
      case 0:
        return static_cast<double>(pick(1'000'000'000)) / 12.0;  // acv / 12 written in Lua
      case 1:
        return static_cast<double>(pick(100'000'000)) / 100.0;  // cents
      case 2:
        return uniform(0, 1e7);
      case 3:
        return std::ldexp(uniform(0.5, 1), static_cast<int>(pick(60)));  // up to 2^60
      default:
        return static_cast<double>(pick(1'000'000));
    }
  }
  double percent() {
    double downtime = static_cast<double>(pick(2'678'400)), eligible = 2'678'400;
    switch (pick(7)) {
      case 0:
        return downtime / 3600 * 2.5;
      case 1:
        return 100 - 100 * (eligible - downtime) / eligible;
      case 2:
        return uniform(-10, 110);
      case 3:
        return std::ldexp(uniform(0.5, 1), static_cast<int>(pick(2000)) - 1000);  // 1e-300 .. 1e300
      case 4:
        return -std::ldexp(uniform(0.5, 1), static_cast<int>(pick(200)));
      case 5:
        return static_cast<double>(pick(101));
      default:
        return uniform(0, 1) / 3;
    }
  }
  double amount() {
    switch (pick(4)) {
      case 0:
        return static_cast<double>(pick(10'000'000)) / 100.0;
      case 1:
        return uniform(-1e6, 1e9);
      case 2:
        return std::ldexp(uniform(-1, 1), static_cast<int>(pick(2000)) - 1000);
      default:
        return static_cast<double>(pick(100'000)) / 3.0;
    }
  }
  std::mt19937_64 rng_;
};

#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
constexpr int kCases = 100'000;  // sanitized and debug builds: the CI's release build runs the million
#else
constexpr int kCases = 1'000'000;
#endif

}  // namespace

TEST(MoneyProperty, IssueSevenCasesAreCappedAndExact) {
  // A fee written as acv/12 in Lua and a formula's percent: 34,447.24 came out
  // above the 10% cap (33,441.67) when 128-bit products overflowed.
  double fee = 4013000.0 / 12, percent = 14833.0 / 3600 * 2.5;
  EXPECT_EQ(settle_credit(percent, std::nullopt, Decimal::from_double(fee), 10, "USD").format(2), "33441.67");
  // ... and a small credit was raised to the whole 30% cap (110,125.00).
  double eligible = 2678400, uptime = 100 * (eligible - 14833) / eligible;
  EXPECT_EQ(settle_credit(100 - uptime, std::nullopt, Decimal::from_double(4405000.0 / 12), 30, "USD").format(2),
            "2032.91");
}

TEST(MoneyProperty, ExtremeButFiniteValuesAreClampedNotErrors) {
  Decimal fee = Decimal::integer(1000);
  EXPECT_EQ(settle_credit(1e300, std::nullopt, fee, 25, "USD").format(2), "250.00");
  EXPECT_EQ(settle_credit(1e-40, std::nullopt, fee, 25, "USD").format(2), "0.00");
  EXPECT_EQ(settle_credit(std::nullopt, -1e300, fee, 25, "USD").format(2), "0.00");
  EXPECT_EQ(settle_credit(std::nullopt, 5e-324, fee, 25, "USD").format(2), "0.00");
  EXPECT_THROW(settle_credit(std::nullopt, INFINITY, fee, 25, "USD"), std::domain_error);
}

TEST(MoneyProperty, MatchesAnIndependentExactComputation) {
  Generator gen(20261129);
  int differences = 0;
  for (int i = 0; i < kCases; ++i) {
    Case c = gen.next();
    std::string got = settle_credit(c.percent, c.amount, Decimal::from_double(c.fee), c.cap, c.currency)
                          .format(minor_unit_digits(c.currency));
    std::string want = expected(c);
    if (got != want && ++differences <= 10)
      ADD_FAILURE() << "case " << i << ": fee " << c.fee << " cap " << c.cap << " percent "
                    << (c.percent ? std::to_string(*c.percent) : "-") << " amount "
                    << (c.amount ? std::to_string(*c.amount) : "-") << ": got " << got << ", exact " << want;
  }
  EXPECT_EQ(differences, 0) << "of " << kCases << " cases";
}
