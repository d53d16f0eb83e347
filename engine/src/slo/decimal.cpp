#include "slo/decimal.hpp"

#include <cctype>
#include <cstdint>

namespace vow::slo {
namespace {

constexpr int kMaxDigits = 18;  // fits an int64 with room to scale by 100

Decimal normal(Decimal x) {
  while (x.scale > 0 && x.units % 10 == 0) {
    x.units /= 10;
    --x.scale;
  }
  return x;
}

// x with its scale raised to `scale` (no digits lost); nullopt on overflow.
std::optional<std::int64_t> units_at(Decimal x, int scale) {
  std::int64_t u = x.units;
  for (int s = x.scale; s < scale; ++s) {
    if (u > INT64_MAX / 10 || u < INT64_MIN / 10) return std::nullopt;
    u *= 10;
  }
  return u;
}

}  // namespace

std::optional<Decimal> parse_decimal(std::string_view t) {
  std::size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  std::int64_t units = 0;
  int digits = 0, scale = 0;
  bool any = false, point = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c == '.' && !point) {
      point = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      any = true;
      if (units == 0 && c == '0') {
        if (point) ++scale;  // leading zeros carry no digit
        continue;
      }
      if (++digits > kMaxDigits) return std::nullopt;
      units = units * 10 + (c - '0');
      if (point) ++scale;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool neg_exp = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg_exp = t[i++] == '-';
    int exp = 0;
    bool exp_digits = false;
    for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) {
      exp_digits = true;
      if (exp > 1000) return std::nullopt;
      exp = exp * 10 + (t[i] - '0');
    }
    if (!exp_digits) return std::nullopt;
    scale += neg_exp ? exp : -exp;
  }
  if (i != t.size()) return std::nullopt;
  Decimal d{negative ? -units : units, scale};
  if (d.scale < 0) {
    auto u = units_at(Decimal{d.units, 0}, -d.scale);
    if (!u) return std::nullopt;
    d = Decimal{*u, 0};
  }
  return normal(d);
}

std::optional<Decimal> percent_of_ratio(Decimal x) {
  x.scale -= 2;
  if (x.scale < 0) {
    auto u = units_at(Decimal{x.units, 0}, -x.scale);
    if (!u) return std::nullopt;
    x = Decimal{*u, 0};
  }
  return normal(x);
}

std::optional<Decimal> one_minus(Decimal x) {
  auto one = units_at(Decimal{1, 0}, x.scale);
  if (!one) return std::nullopt;
  return normal(Decimal{*one - x.units, x.scale});
}

int compare(Decimal a, Decimal b) {
  int scale = a.scale > b.scale ? a.scale : b.scale;
  auto ua = units_at(a, scale), ub = units_at(b, scale);
  // Only numbers of wildly different sizes overflow; their order is their sign and size.
  if (!ua || !ub) return !ua ? (a.units < 0 ? -1 : 1) : (b.units < 0 ? 1 : -1);
  return *ua < *ub ? -1 : *ua > *ub ? 1 : 0;
}

std::string to_text(Decimal x) {
  // The magnitude unsigned: the negative of the smallest int64 does not fit.
  std::uint64_t magnitude = x.units < 0 ? 0 - static_cast<std::uint64_t>(x.units) : static_cast<std::uint64_t>(x.units);
  std::string digits = std::to_string(magnitude);
  if (x.scale > 0) {
    auto scale = static_cast<std::size_t>(x.scale);
    if (digits.size() <= scale) digits = std::string(scale + 1 - digits.size(), '0') + digits;
    digits = digits.substr(0, digits.size() - scale) + "." + digits.substr(digits.size() - scale);
  }
  return x.units < 0 ? "-" + digits : digits;
}

}  // namespace vow::slo
