// Decodes the lines of a big input on a second thread, a batch ahead of the
// writer that stores them: `vow ingest` of a large file uses both cores, the
// JSON on one and SQLite on the other (docs/adr/0061). Lines come out in
// input order, numbered and split exactly as for_each_line() does.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "events/decode.hpp"
#include "vow/event.hpp"

namespace vow {

struct DecodedLine {
  std::size_t line_no = 0;
  std::string_view line;  // into the input
  bool valid = false;     // EventDecoder::decode()'s answer; false, with no problems, once stop_decoding()
  Event ev;
  std::vector<LineProblem> problems;
};

class DecodeAhead {
 public:
  // `data` must outlive this object.
  explicit DecodeAhead(std::string_view data);
  ~DecodeAhead();
  DecodeAhead(const DecodeAhead&) = delete;
  DecodeAhead& operator=(const DecodeAhead&) = delete;

  // The next lines, in order; empty at the end of the input. Valid until
  // the next call. What the decoding thread threw is thrown here.
  std::vector<DecodedLine>& next();
  // The input is refused already: the lines still to come are split and
  // numbered, not decoded.
  void stop_decoding();

 private:
  void run();

  std::string_view data_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<DecodedLine>> ready_;   // decoded, not yet handed out
  std::vector<std::vector<DecodedLine>> spare_;  // handed back, to be filled again
  std::vector<DecodedLine> current_;             // handed out by next()
  bool done_ = false, cancelled_ = false, skip_ = false;
  std::exception_ptr failed_;
  std::thread worker_;  // last: started once the members above exist
};

}  // namespace vow
