// The dashboard's files (engine/src/serve/web/), built into `vow serve` so
// that it serves them with no folder to install or find.
#pragma once

#include <string_view>
#include <vector>

namespace vow::serve {

struct WebAsset {
  std::string_view path;  // "/dashboard.js"; index.html is also "/"
  std::string_view type;  // its Content-Type
  std::string_view body;
};

const std::vector<WebAsset>& web_assets();

}  // namespace vow::serve
