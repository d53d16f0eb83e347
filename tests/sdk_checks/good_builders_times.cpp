// The builders as docs/plugins.md writes them: a Timestamp from epoch
// milliseconds and from seconds (sys_time of any precision), and the
// members named in their declaration order.
#include <chrono>
#include <string>

#include "vow/event_builders.hpp"

std::string lines(long long epoch_ms, long long epoch_seconds) {
  using namespace std::chrono;
  using namespace vow::sdk::events;
  return OutageStarted{.id = "x:start",
                       .at = sys_time<milliseconds>{milliseconds{epoch_ms}},
                       .outage = "x",
                       .service = "api",
                       .impact = Impact::major,
                       .customers = {{"acme"}},
                       .cause = "disk",
                       .title = "API down"}
             .line() +
         OutageEnded{.id = "x:end", .at = sys_seconds{seconds{epoch_seconds}}, .outage = "x"}.line();
}
