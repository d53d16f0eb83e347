// Exact money: amounts are arbitrary-precision rationals (Boost.Multiprecision),
// so "15% of 7777.77" is 1166.6655 and rounds to 1166.67, never to a
// binary-floating-point neighbour, and no product or comparison can overflow.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vow {

class Decimal {
 public:
  Decimal() = default;
  static Decimal integer(long long v) { return Decimal(Rational(v)); }
  // "20000.00", "7.5", "-3"; nullopt when not a plain decimal (no exponent).
  static std::optional<Decimal> parse(std::string_view text);
  // The shortest decimal that reads back as `v` (what a person typed in Lua).
  // Throws std::domain_error for an infinity or NaN.
  static Decimal from_double(double v);

  Decimal operator+(const Decimal& o) const { return Decimal(value_ + o.value_); }
  Decimal operator*(const Decimal& o) const { return Decimal(value_ * o.value_); }
  // Throws std::domain_error on division by zero.
  Decimal operator/(const Decimal& o) const;
  bool operator<(const Decimal& o) const { return value_ < o.value_; }
  bool operator==(const Decimal& o) const { return value_ == o.value_; }
  bool negative() const { return value_ < 0; }

  // Rounded half away from zero to `digits` decimals.
  Decimal rounded(int digits) const;
  std::string format(int digits) const;  // after rounding
  // The least integer not below it (a level's share of a target, in whole
  // milliseconds). Throws std::overflow_error beyond 64 bits.
  long long ceiling() const;
  double to_double() const;

 private:
  using Rational = boost::multiprecision::cpp_rational;
  explicit Decimal(Rational v) : value_(std::move(v)) {}
  Rational value_{0};
};

// Decimals of the minor unit: 0 for JPY and KRW, else 2 (spec/semantics.md).
int minor_unit_digits(std::string_view currency);

}  // namespace vow
