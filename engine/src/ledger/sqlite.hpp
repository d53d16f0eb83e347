// Thin RAII wrappers over the SQLite C API: a connection and a statement.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vow::sql {

// Read: never writes, never creates (reading commands, a read-only ledger).
// Write: creates the file when missing.
// Checkpoint: an existing ledger, opened to move its -wal into the main
// file only (ADR 0062): read and write, but nothing created or migrated.
enum class Access { Read, Write, Checkpoint };

class Db {
 public:
  Db(const std::string& path, Access access);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  void exec(const char* sql);
  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }
  int busy_ms() const { return busy_ms_; }
  // Throws for the connection's last error (ledger/sqlite_error.hpp).
  [[noreturn]] void fail(const std::string& what) const;

  // Statements prepared before and now idle, for the next Stmt of the same
  // SQL: a live server stores each POST with a dozen statements, and
  // preparing them every time cost it more than running them.
  sqlite3_stmt* take_prepared(std::string_view sql);
  // Reset and kept (finalized when many are kept already).
  void keep_prepared(sqlite3_stmt* st);

  // The busy handler's state: how long it has waited, and whether it said so.
  struct Waiting {
    const std::string* path = nullptr;
    int limit_ms = 0;
    std::chrono::steady_clock::time_point since;
    bool told = false;
  };

 private:
  void open(const std::string& uri, int flags);
  sqlite3* db_ = nullptr;
  std::string path_;
  int busy_ms_;
  Waiting waiting_;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;  // by their SQL
};

class Stmt {
 public:
  Stmt(Db& db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int i, std::string_view text);  // `text` must outlive step()
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind_blob(int i, std::string_view bytes);  // `bytes` must outlive step()
  Stmt& bind_null(int i);
  bool step();  // true while a row is ready
  void reset();
  std::int64_t int64(int col) const { return sqlite3_column_int64(st_, col); }
  bool null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string_view text(int col) const;
  std::string_view blob(int col) const;

 private:
  Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace vow::sql
