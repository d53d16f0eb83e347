// Prepared statements kept by the connection for the next sql::Stmt of the
// same SQL (ledger/sqlite.hpp): a kept one starts clean, whatever its last
// use left, and follows the schema as it changes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "ledger/sqlite.hpp"

using namespace vow;

namespace {

struct Scratch {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("vow-sqlite-statements-" + std::to_string(::getpid()) + ".db");
  Scratch() { std::filesystem::remove(path); }
  ~Scratch() { std::filesystem::remove(path); }
};

std::int64_t count(sql::Db& db) {
  sql::Stmt s(db, "SELECT count(*) FROM t");
  s.step();
  return s.int64(0);
}

}  // namespace

TEST(SqliteStatements, AKeptStatementStartsWithNoBindingsAndNoRow) {
  Scratch f;
  sql::Db db(f.path.string(), sql::Access::Write);
  db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  {
    sql::Stmt insert(db, "INSERT INTO t (k, v) VALUES (?, ?)");
    insert.bind(1, std::int64_t{1}).bind(2, "one").step();
  }
  {
    // Its bindings from before are gone: v would be NULL, which the table refuses.
    sql::Stmt insert(db, "INSERT INTO t (k, v) VALUES (?, ?)");
    insert.bind(1, std::int64_t{2});
    EXPECT_THROW(insert.step(), std::exception);
  }
  {
    // After that failure, it works again.
    sql::Stmt insert(db, "INSERT INTO t (k, v) VALUES (?, ?)");
    insert.bind(1, std::int64_t{2}).bind(2, "two").step();
  }
  {
    // Left in the middle of its rows.
    sql::Stmt rows(db, "SELECT v FROM t ORDER BY k");
    ASSERT_TRUE(rows.step());
    EXPECT_EQ(rows.text(0), "one");
  }
  sql::Stmt rows(db, "SELECT v FROM t ORDER BY k");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.text(0), "one");  // from the first row again
  // The same SQL twice at once: two statements.
  sql::Stmt again(db, "SELECT v FROM t ORDER BY k");
  ASSERT_TRUE(again.step());
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.text(0), "two");
  EXPECT_EQ(again.text(0), "one");
}

TEST(SqliteStatements, AKeptStatementFollowsTheSchema) {
  Scratch f;
  sql::Db db(f.path.string(), sql::Access::Write);
  db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  db.exec("INSERT INTO t (k) VALUES (1)");
  EXPECT_EQ(count(db), 1);
  db.exec("DROP TABLE t; CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  EXPECT_EQ(count(db), 2);
  db.exec("DROP TABLE t");
  EXPECT_THROW(count(db), std::exception);  // kept, yet it says the table is gone
}
