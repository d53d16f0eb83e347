// Files read and written: input (a file, or standard input), and output
// (--output, the reject file) written whole or not at all.
#pragma once

#include <string>
#include <string_view>

namespace vow {

// The whole of `file`, or of standard input for "-" (exit 65 when it cannot
// be read).
std::string read_input(const std::string& file);

// Writes `text` to a temporary file beside `path` and renames it over `path`
// once written, flushed to disk and closed. On any failure (a full disk, a
// missing folder, `path` a folder) the temporary file is removed, `path` is
// left as it was, and vow::Error (exit 2) names `what` (such as "--output r.json").
// An existing file keeps its mode; a symbolic link is followed, so the file
// it names is replaced and the link kept; a device, FIFO or socket, or any
// name under /dev or /proc, is written to in place (it cannot be replaced
// whole). /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are
// written through that descriptor, as a shell redirect would: never
// resolved to the file behind it and replaced. An empty path is an error.
void write_whole(const std::string& path, std::string_view text, const std::string& what);

// Appends `text` to `path` the same way: old content and new, or the old alone.
void append_whole(const std::string& path, std::string_view text, const std::string& what);

}  // namespace vow
