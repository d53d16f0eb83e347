#include "ledger/decode_ahead.hpp"

#include "events/lines.hpp"

namespace vow {
namespace {

// Enough lines that handing a batch over costs nothing next to decoding
// it; few enough batches ahead that memory stays a few megabytes.
constexpr std::size_t kBatchLines = 2048;
constexpr std::size_t kBatchesAhead = 4;

struct Cancelled {};

}  // namespace

DecodeAhead::DecodeAhead(std::string_view data) : data_(data), worker_([this] { run(); }) {}

DecodeAhead::~DecodeAhead() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void DecodeAhead::stop_decoding() {
  std::lock_guard lock(mutex_);
  skip_ = true;
}

std::vector<DecodedLine>& DecodeAhead::next() {
  std::unique_lock lock(mutex_);
  if (!current_.empty()) {
    spare_.push_back(std::move(current_));
    current_.clear();
  }
  changed_.wait(lock, [&] { return !ready_.empty() || done_; });
  if (failed_) std::rethrow_exception(failed_);
  if (!ready_.empty()) {
    current_ = std::move(ready_.front());
    ready_.pop_front();
  }
  changed_.notify_all();
  return current_;
}

void DecodeAhead::run() {
  try {
    EventDecoder decoder;
    std::vector<DecodedLine> batch;
    std::size_t used = 0;
    bool skip = false;
    auto hand_over = [&] {
      batch.resize(used);
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return ready_.size() < kBatchesAhead || cancelled_; });
      if (cancelled_) throw Cancelled{};
      ready_.push_back(std::move(batch));
      batch.clear();
      if (!spare_.empty()) {
        batch = std::move(spare_.back());  // its events' strings keep their room
        spare_.pop_back();
      }
      skip = skip_;
      used = 0;
      changed_.notify_all();
    };
    for_each_line(data_, [&](std::size_t line_no, std::string_view line) {
      if (used == batch.size()) batch.emplace_back();
      DecodedLine& d = batch[used++];
      d.line_no = line_no;
      d.line = line;
      d.problems.clear();
      d.valid = !skip && decoder.decode(line, d.ev, d.problems);
      if (used == kBatchLines) hand_over();
    });
    if (used > 0) hand_over();
  } catch (const Cancelled&) {
  } catch (...) {
    std::lock_guard lock(mutex_);
    failed_ = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
}

}  // namespace vow
