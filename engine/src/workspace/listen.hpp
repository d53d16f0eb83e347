// What [serve] and `vow serve --listen` accept, for both to check alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vow {

// "127.0.0.1:8080", "[::1]:0": the host (without brackets) and port; nullopt
// for anything else. kListenForm says what is expected.
std::optional<std::pair<std::string, int>> parse_listen(std::string_view text);
extern const char* const kListenForm;

// The endpoints serve.public may name.
const std::vector<std::string>& serve_endpoints();

}  // namespace vow
