// A source whose input is already event NDJSON, as an integrator's own
// connector may write it: each line fed comes back as it is, lines starting
// with '#' dropped, one batch per file, each line with its input line
// (batch_origin). Built with VOW_TEST_STRICT, it asks for strictness (VOW_OPT_STRICT).
#include <string>
#include <utility>
#include <vector>

#include "vow/plugin.hpp"

class NdjsonRelay {
 public:
  static constexpr const char* name = "test_ndjson_relay";
  static constexpr const char* version = "1.0.0";
#ifdef VOW_TEST_STRICT
  static constexpr bool strict = true;
#endif

  explicit NdjsonRelay(const vow::sdk::Context& cx) {
    cx.log(1, "ready");
  }

  void feed(std::string_view file, std::string_view data) {
    Batch b{std::string(file), {}, {}};
    uint32_t line_no = 0;
    for (size_t pos = 0; pos < data.size();) {
      size_t end = data.find('\n', pos);
      if (end == std::string_view::npos) end = data.size();
      std::string_view line = data.substr(pos, end - pos);
      ++line_no;
      if (!line.empty() && line.front() != '#') {
        b.ndjson.append(line).append("\n");
        b.lines.push_back(line_no);
      }
      pos = end + 1;
    }
    batches_.push_back(std::move(b));
  }

  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) {
    if (next_ >= batches_.size()) return false;
    Batch& b = batches_[next_++];
    ndjson = std::move(b.ndjson);
    origin.file = b.file;
    origin.lines = std::move(b.lines);
    return true;
  }

 private:
  struct Batch {
    std::string file, ndjson;
    std::vector<uint32_t> lines;
  };
  std::vector<Batch> batches_;
  size_t next_ = 0;
};

VOW_PLUGIN(NdjsonRelay)
