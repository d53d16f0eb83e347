// Exact money: amounts are rationals, so "15% of 7777.77" is 1166.6655 and
// rounds to 1166.67, never to a binary-floating-point neighbour.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vow {

__extension__ typedef __int128 i128;

class Decimal {
 public:
  Decimal() = default;
  static Decimal integer(long long v) { return Decimal(v, 1); }
  // "20000.00", "7.5"; nullopt when not a plain decimal.
  static std::optional<Decimal> parse(std::string_view text);
  // The shortest decimal that reads back as `v` (what a person typed in Lua).
  static Decimal from_double(double v);

  Decimal operator+(const Decimal& o) const;
  Decimal operator*(const Decimal& o) const;
  Decimal operator/(const Decimal& o) const;
  bool operator<(const Decimal& o) const;
  bool operator==(const Decimal& o) const { return num_ == o.num_ && den_ == o.den_; }
  bool negative() const { return num_ < 0; }

  // Rounded half away from zero to `digits` decimals.
  Decimal rounded(int digits) const;
  std::string format(int digits) const;  // after rounding
  double to_double() const;

 private:
  Decimal(i128 n, i128 d);
  i128 num_ = 0;
  i128 den_ = 1;
};

// Decimals of the minor unit: 0 for JPY and KRW, else 2 (spec/semantics.md).
int minor_unit_digits(std::string_view currency);

}  // namespace vow
