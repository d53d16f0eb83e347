// The config loader (vow.toml) on arbitrary bytes. load_config reads a
// file, so each input is written to one in a folder of this process's own.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "vow/config.hpp"
#include "vow/error.hpp"

namespace {

std::filesystem::path scratch_file() {
  static std::filesystem::path file = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "vow-fuzz-config-XXXXXX").string();
    if (!mkdtemp(dir.data())) std::abort();
    // Two fuzzers at once must not share it; at exit it goes.
    static std::filesystem::path keep = dir;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return std::filesystem::path(dir) / "vow.toml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = scratch_file();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    vow::load_config(file);
  } catch (const vow::Error&) {
    // Every problem is reported this way (exit 78); anything else escapes and crashes.
  }
  return 0;
}
