// Files the command writes (--output, the reject file): whole or not at all.
#pragma once

#include <string>
#include <string_view>

namespace vow::cli {

// Writes `text` to a temporary file beside `path` and renames it over `path`
// once written, flushed to disk and closed. On any failure (a full disk, a
// missing folder, `path` a folder) the temporary file is removed, `path` is
// left as it was, and vow::Error (exit 2) names `what` (such as "--output r.json").
void write_whole(const std::string& path, std::string_view text, const std::string& what);

// Appends `text` to `path` the same way: old content and new, or the old alone.
void append_whole(const std::string& path, std::string_view text, const std::string& what);

}  // namespace vow::cli
