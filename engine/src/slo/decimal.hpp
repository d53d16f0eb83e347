// Exact decimals for targets and error rates: "0.995" must become 99.5, not
// 99.49999999999999, because the engine compares the decimal written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vow::slo {

// units / 10^scale, with no trailing zero in units while scale > 0.
struct Decimal {
  std::int64_t units = 0;
  int scale = 0;
};

// A plain YAML number ("99.9", "0.995", "1e-3", "100"); nullopt for anything
// else, and for more than 18 significant digits.
std::optional<Decimal> parse_decimal(std::string_view text);

// x × 100; nullopt on overflow.
std::optional<Decimal> percent_of_ratio(Decimal x);

// 1 − x.
std::optional<Decimal> one_minus(Decimal x);

// -1, 0 or 1 as a < b, a == b, a > b.
int compare(Decimal a, Decimal b);

// "99.5", "5", "0.05".
std::string to_text(Decimal x);

}  // namespace vow::slo
