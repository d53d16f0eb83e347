#include "ledger/sqlite.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "ledger/sqlite_error.hpp"
#include "vow/error.hpp"

namespace vow::sql {
namespace {

// SQLite URIs take a path with %, ? and # escaped; escape all but the plain.
std::string uri_of(const std::string& path, const char* query) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri + "?" + query;
}

// Writers take turns: a second one waits this long for the first (a year
// of events takes a while to ingest). Readers of a WAL ledger wait only for
// the rare moments a checkpoint or recovery holds it.
// VOW_BUSY_TIMEOUT_MS is for tests only (they hold the ledger on purpose
// and should not wait minutes); it is not a documented setting.
int busy_timeout_ms(Access access) {
  const char* v = std::getenv("VOW_BUSY_TIMEOUT_MS");
  int ms = v ? std::atoi(v) : 0;
  return ms > 0 ? ms : access == Access::Write ? 600'000 : 10'000;
}

// SQLite's own timeout, plus one line on standard error once the wait is
// long enough for a person to wonder why nothing happens.
int on_busy(void* waiting, int count) {
  auto* w = static_cast<Db::Waiting*>(waiting);
  auto now = std::chrono::steady_clock::now();
  if (count == 0) w->since = now;
  if (now - w->since > std::chrono::milliseconds(w->limit_ms)) return 0;
  if (!w->told && now - w->since > std::chrono::seconds(1)) {
    std::fprintf(stderr, "%s: waiting for another vow to finish writing the ledger\n", w->path->c_str());
    w->told = true;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(count < 10 ? 5 : 50));
  return 1;
}

}  // namespace

Db::Db(const std::string& path, Access access) : path_(path), busy_ms_(busy_timeout_ms(access)) {
  if (access == Access::Write) {
    std::error_code ec;
    auto kind = std::filesystem::status(path, ec).type();
    if (!ec && kind != std::filesystem::file_type::regular && kind != std::filesystem::file_type::not_found)
      throw Error(Exit::BadConfig, path +
                                       ": the ledger must be a regular file (store.path names a folder, a device "
                                       "or something else); check store.path in the config");
    open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // SQLite falls back to read-only when the file or folder cannot be written.
    if (sqlite3_db_readonly(db_, "main") == 1)
      throw Error(Exit::BadConfig, path +
                                       ": the ledger cannot be written (a read-only file, folder or file system); "
                                       "only reading commands (report, credits, status, draft, check) work on it");
    return;
  }
  if (access == Access::Checkpoint) {
    open(path, SQLITE_OPEN_READWRITE);
    return;
  }
  // A reader of a WAL ledger needs the -shm (and -wal) beside it, which it
  // creates when missing, even with mode=ro. In a folder it cannot write
  // (another user's, a read-only mount, a backup) that fails; then, if there
  // is no -wal, every committed event is in the main file and no writer is
  // connected (a writer keeps the -wal while it is), so the file is read as
  // `immutable`, which needs no -shm. With a non-empty -wal there, the
  // newest events are only in it and cannot be read without the -shm.
  open(uri_of(path, "mode=ro"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  int rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_CANTOPEN) {
    std::error_code ec;
    auto wal = std::filesystem::file_size(path + "-wal", ec);
    if (!ec && wal > 0)
      throw Error(Exit::BadConfig, path + ": cannot read the ledger: its folder is read-only and " + path +
                                       "-wal holds events not yet in the main file; open it once where it can be "
                                       "written (any vow command there), or copy it with sqlite3's .backup");
    sqlite3_close(db_);
    db_ = nullptr;
    open(uri_of(path, "mode=ro&immutable=1"), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  }
  if (rc != SQLITE_OK) fail("cannot read the ledger");
}

void Db::open(const std::string& uri, int flags) {
  if (sqlite3_open_v2(uri.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(Exit::BadConfig, path_ + ": cannot open the ledger: " + msg);
  }
  waiting_ = Waiting{&path_, busy_ms_, {}, false};
  sqlite3_busy_handler(db_, on_busy, &waiting_);
}

Db::~Db() {
  for (auto& [sql, st] : idle_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

sqlite3_stmt* Db::take_prepared(std::string_view sql) {
  auto it = idle_.find(std::string(sql));
  if (it == idle_.end()) return nullptr;
  sqlite3_stmt* st = it->second;
  idle_.erase(it);
  return st;
}

void Db::keep_prepared(sqlite3_stmt* st) {
  if (!st) return;
  // A statement whose last step failed reports it again here: that was
  // the step's to report, not this.
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  constexpr std::size_t kKept = 64;
  if (idle_.size() >= kKept) {
    sqlite3_finalize(st);
    return;
  }
  idle_.emplace(sqlite3_sql(st), st);
}

void Db::fail(const std::string& what) const {
  throw_error(path_, sqlite3_extended_errcode(db_), what + ": " + sqlite3_errmsg(db_), busy_ms_);
}

void Db::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw_error(path_, sqlite3_extended_errcode(db_), msg, busy_ms_);
  }
}

Stmt::Stmt(Db& db, const char* sql) : db_(db), st_(db.take_prepared(sql)) {
  if (!st_ && sqlite3_prepare_v2(db.raw(), sql, -1, &st_, nullptr) != SQLITE_OK) db.fail("prepare");
}

Stmt::~Stmt() {
  db_.keep_prepared(st_);
}

Stmt& Stmt::bind(int i, std::string_view text) {
  // Not copied: callers keep the text alive until the statement is reset.
  sqlite3_bind_text(st_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(st_, i, v);
  return *this;
}

Stmt& Stmt::bind_blob(int i, std::string_view bytes) {
  sqlite3_bind_blob(st_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(st_, i);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("step");
}

void Stmt::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

std::string_view Stmt::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
  return p ? std::string_view(p, sqlite3_column_bytes(st_, col)) : std::string_view();
}

std::string_view Stmt::blob(int col) const {
  auto p = static_cast<const char*>(sqlite3_column_blob(st_, col));
  return p ? std::string_view(p, sqlite3_column_bytes(st_, col)) : std::string_view();
}

}  // namespace vow::sql
