// The names events refer to (tickets, outages, customers, priorities), each
// stored once in the table `names` (schema version 3) and referred to by id.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ledger/sqlite.hpp"

namespace vow {

// For a writer inside its transaction.
class NameWriter {
 public:
  explicit NameWriter(sql::Db& db);
  // The id of `name`, stored now when it is new; 0 for "". `field` (0 to 2)
  // keeps a last-used name per field: a ticket's events mostly come together.
  std::int64_t id_of(std::string_view name, int field = 0);

 private:
  sql::Stmt find_, insert_;
  std::int64_t next_ = 1;
  std::array<std::string, 3> last_name_;
  std::array<std::int64_t, 3> last_id_{};
  // Names seen by this writer: a file names each ticket about six times.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> cache_;
};

// Every name, indexed by id ([0] is ""). A name that does not match its
// checksum throws, through `damaged`, what is wrong.
std::vector<std::string> read_names(sql::Db& db);

// "" when the current row of "SELECT id, name, crc FROM names" is sound.
std::string name_problem(const sql::Stmt& row);

}  // namespace vow
