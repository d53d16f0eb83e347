#include "compliance/money.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace vow {
namespace {

i128 gcd(i128 a, i128 b) {
  if (a < 0) a = -a;
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t < 0 ? -t : t;
  }
  return a;
}

i128 pow10(int n) {
  i128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

std::string to_string(i128 v) {
  char buf[48];
  char* p = buf + sizeof buf;
  bool neg = v < 0;
  do {
    int digit = static_cast<int>(v % 10);
    *--p = static_cast<char>('0' + (digit < 0 ? -digit : digit));
    v /= 10;
  } while (v != 0);
  if (neg) *--p = '-';
  return std::string(p, buf + sizeof buf - p);
}

}  // namespace

Decimal::Decimal(i128 n, i128 d) {
  if (d == 0) throw std::domain_error("division by zero in money arithmetic");
  if (d < 0) n = -n, d = -d;
  i128 g = gcd(n, d);
  if (g > 1) n /= g, d /= g;
  num_ = n;
  den_ = d;
}

std::optional<Decimal> Decimal::parse(std::string_view s) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || s.size() > 30) return std::nullopt;
  i128 n = 0;
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
  return Decimal(neg ? -n : n, pow10(frac < 0 ? 0 : frac));
}

Decimal Decimal::from_double(double v) {
  if (!std::isfinite(v)) throw std::domain_error("an amount must be a finite number");
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) throw std::domain_error("amount out of range");
  auto d = parse(std::string_view(buf, end - buf));
  if (!d) throw std::domain_error("amount out of range");
  return *d;
}

Decimal Decimal::operator+(const Decimal& o) const {
  return Decimal(num_ * o.den_ + o.num_ * den_, den_ * o.den_);
}
Decimal Decimal::operator*(const Decimal& o) const {
  // Cross-reduce first to keep the products small.
  i128 g1 = gcd(num_, o.den_), g2 = gcd(o.num_, den_);
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  return Decimal((num_ / g1) * (o.num_ / g2), (den_ / g2) * (o.den_ / g1));
}
Decimal Decimal::operator/(const Decimal& o) const {
  return *this * Decimal(o.den_, o.num_);
}
bool Decimal::operator<(const Decimal& o) const {
  return num_ * o.den_ < o.num_ * den_;
}

Decimal Decimal::rounded(int digits) const {
  i128 scale = pow10(digits);
  i128 scaled = num_ * scale;
  i128 q = scaled / den_, r = scaled % den_;
  if (r < 0) r = -r;
  if (2 * r >= den_) q += num_ < 0 ? -1 : 1;  // half away from zero
  return Decimal(q, scale);
}

std::string Decimal::format(int digits) const {
  Decimal r = rounded(digits);
  i128 scaled = r.num_ * (pow10(digits) / r.den_);
  bool neg = scaled < 0;
  std::string s = to_string(neg ? -scaled : scaled);
  if (digits > 0) {
    if (s.size() <= static_cast<size_t>(digits)) s = std::string(digits + 1 - s.size(), '0') + s;
    size_t cut = s.size() - static_cast<size_t>(digits);
    s = s.substr(0, cut) + "." + s.substr(cut);
  }
  return neg ? "-" + s : s;
}

double Decimal::to_double() const {
  return static_cast<double>(num_) / static_cast<double>(den_);
}

int minor_unit_digits(std::string_view currency) {
  return currency == "JPY" || currency == "KRW" ? 0 : 2;
}

}  // namespace vow
