#include "serve/recorder.hpp"

#include <chrono>

#include "serve/log.hpp"
#include "serve/metrics.hpp"

namespace vow::serve {
namespace {

// A batch this large is written without waiting for the rest of its gathering.
constexpr std::size_t kGatherAtMost = 1000;

}  // namespace

Recorder::Recorder(Workspace& ws, std::mutex& writing, Log& log, Metrics& metrics, std::chrono::milliseconds gather)
    : ws_(ws), writing_(writing), log_(log), metrics_(metrics), gather_(gather) {}

Recorder::~Recorder() {
  stop();
}

void Recorder::start() {
  thread_ = std::thread([this] { loop(); });
}

void Recorder::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Recorder::add(const Key& key, std::string line, nlohmann::ordered_json logged) {
  {
    std::lock_guard lock(m_);
    in_flight_[key] = 0;
    if (queue_.empty()) first_waiting_ = std::chrono::steady_clock::now();
    queue_.push_back({key, std::move(line), std::move(logged)});
  }
  wake_.notify_all();
}

std::uint64_t Recorder::mark() {
  std::lock_guard lock(m_);
  return written_;
}

bool Recorder::holds(const Key& key, std::uint64_t mark) {
  std::lock_guard lock(m_);
  std::erase_if(in_flight_, [&](const auto& kv) { return kv.second != 0 && kv.second <= mark; });
  return in_flight_.contains(key);
}

void Recorder::drain() {
  std::unique_lock lock(m_);
  if (queue_.empty() && !busy_) return;
  // What is queued is written now, not at the end of its gathering; with
  // nothing queued, the next records are gathered as usual.
  if (!queue_.empty()) {
    hurry_ = true;
    wake_.notify_all();
  }
  // A write under way took all that was queued before it began; what was
  // queued since goes with the next.
  std::uint64_t want = tries_ + (busy_ && !queue_.empty() ? 2 : 1);
  idle_.wait(lock, [&] { return tries_ >= want || stopping_; });
}

void Recorder::loop() {
  std::vector<Pending> batch;  // not empty after a write the ledger refused
  for (;;) {
    {
      std::unique_lock lock(m_);
      if (batch.empty()) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        // Gathered first (ADR 0054): each write is a commit under the
        // ledger's one writer, which the POSTs wait behind, and a sync
        // (ADR 0063). The window runs from the first record's arrival,
        // which may be during a write.
        wake_.wait_until(lock, first_waiting_ + gather_,
                         [&] { return stopping_ || hurry_ || queue_.size() >= kGatherAtMost; });
      } else {  // a refused batch is tried again after a second
        wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
      }
      hurry_ = false;
      for (auto& p : queue_) batch.push_back(std::move(p));
      queue_.clear();
      if (batch.empty()) return;  // stopping, nothing left
      busy_ = true;
    }
    write(batch);
    bool stop = false;
    {
      std::lock_guard lock(m_);
      busy_ = false;
      ++tries_;
      stop = stopping_;
    }
    idle_.notify_all();
    if (stop && !batch.empty()) {
      log_.write("error", "alert deliveries not recorded at stop: the next start sends them again",
                 {{"deliveries", batch.size()}});
      return;
    }
  }
}

void Recorder::write(std::vector<Pending>& batch) {
  std::string lines, why;
  for (const Pending& p : batch) lines += p.line;
  bool stored = false;
  try {
    bool committed = false;
    {
      std::lock_guard lock(writing_);
      auto out = ws_.ingest("vow serve", lines, {});
      committed = out.stored;
      for (const auto& r : out.rejected) why += (why.empty() ? "" : "; ") + r.reason;
    }
    // Recorded means on disk: a restart repeats no delivery recorded (ADR 0063).
    if (committed) ws_.sync();
    stored = committed;
  } catch (const std::exception& e) {
    why = e.what();
  }
  if (!stored) {
    if (why.empty()) why = "the ledger refused it";
    log_.write("error", "alert deliveries not recorded yet", {{"deliveries", batch.size()}, {"error", why}});
    return;  // kept: tried again
  }
  std::uint64_t number = 0;
  {
    std::lock_guard lock(m_);
    number = ++written_;
    for (const Pending& p : batch) in_flight_[p.key] = number;
  }
  for (Pending& p : batch) {
    metrics_.delivery(p.key.second, "delivered");
    log_.write("info", "alert delivery", p.logged);
  }
  batch.clear();
}

}  // namespace vow::serve
