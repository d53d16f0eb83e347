#include "compliance/money.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vow {
namespace {

using boost::multiprecision::cpp_int;

cpp_int pow10(int n) {
  cpp_int p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  // A double's longest fixed-point spelling is under 400 characters; the
  // bound keeps a hostile string from costing quadratic time.
  if (s.empty() || s.size() > 1000) return std::nullopt;
  cpp_int n = 0;
  int frac = -1;
  for (char c : s) {
    if (c == '.') {
      if (frac >= 0) return std::nullopt;
      frac = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
    if (frac >= 0) ++frac;
  }
  if (frac == 0) return std::nullopt;
  return Decimal(Rational(neg ? cpp_int(-n) : n, pow10(frac < 0 ? 0 : frac)));
}

Decimal Decimal::from_double(double v) {
  if (!std::isfinite(v)) throw std::domain_error("an amount must be a finite number");
  char buf[512];  // the longest fixed spelling of a double is 326 characters
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) throw std::domain_error("amount out of range");
  auto d = parse(std::string_view(buf, static_cast<size_t>(end - buf)));
  if (!d) throw std::domain_error("amount out of range");
  return *d;
}

Decimal Decimal::operator/(const Decimal& o) const {
  if (o.value_ == 0) throw std::domain_error("division by zero in money arithmetic");
  return Decimal(value_ / o.value_);
}

Decimal Decimal::rounded(int digits) const {
  cpp_int scale = pow10(digits);
  cpp_int scaled = numerator(value_) * scale, den = denominator(value_);
  cpp_int q = scaled / den, r = scaled % den;  // truncates toward zero
  if (r < 0) r = -r;
  if (2 * r >= den) q += value_ < 0 ? -1 : 1;  // half away from zero
  return Decimal(Rational(q, scale));
}

long long Decimal::ceiling() const {
  cpp_int num = numerator(value_), den = denominator(value_);
  cpp_int q = num / den;  // truncates toward zero
  if (num % den != 0 && num > 0) q += 1;
  if (q > std::numeric_limits<long long>::max() || q < std::numeric_limits<long long>::min())
    throw std::overflow_error("a level's share of a target does not fit in 64 bits");
  return static_cast<long long>(q);
}

std::string Decimal::format(int digits) const {
  Decimal r = rounded(digits);
  cpp_int scaled = numerator(r.value_) * (pow10(digits) / denominator(r.value_));
  bool neg = scaled < 0;
  std::string s = (neg ? cpp_int(-scaled) : scaled).str();
  if (digits > 0) {
    if (s.size() <= static_cast<size_t>(digits)) s = std::string(digits + 1 - s.size(), '0') + s;
    size_t cut = s.size() - static_cast<size_t>(digits);
    s = s.substr(0, cut) + "." + s.substr(cut);
  }
  return neg ? "-" + s : s;
}

double Decimal::to_double() const {
  return value_.convert_to<double>();
}

int minor_unit_digits(std::string_view currency) {
  return currency == "JPY" || currency == "KRW" ? 0 : 2;
}

}  // namespace vow
