// Burn-rate episodes of an uptime term measured by events (alerts.md,
// "Burn-rate rules"; slis.md): at each whole minute t, a window's burn is
// the failed share of the events counted in the sli.counted windows that
// start in [t − W, t) and are known by t, over (1 − target / 100); a window
// with no events does not hold. Pure.
#pragma once

#include <limits>
#include <span>
#include <vector>

#include "compliance/event_store.hpp"
#include "compliance/terms.hpp"
#include "compliance/uptime_alerts.hpp"

namespace vow {

// No episode begins before `since` (amended terms' first instant): one
// holding there begins there.
std::vector<BurnEpisode> ratio_burn_episodes(const UptimeTerm& u, const std::vector<BurnRule>& rules,
                                             std::span<const SliWindow* const> windows, Instant as_of,
                                             Instant since = std::numeric_limits<Instant>::min());

}  // namespace vow
