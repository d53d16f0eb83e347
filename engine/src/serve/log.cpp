#include "serve/log.hpp"

#include "vow/instant.hpp"

namespace vow::serve {

void Log::write(const std::string& level, const std::string& msg, const nlohmann::ordered_json& fields) {
  nlohmann::ordered_json line{{"time", format_instant(now_instant())}, {"level", level}, {"msg", msg}};
  if (fields.is_object())
    for (const auto& [k, v] : fields.items()) line[k] = v;
  // Replaced, not thrown: a path from a client need not be UTF-8.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mutex_);
  out_ << text << std::flush;
}

}  // namespace vow::serve
