#include "ledger/names.hpp"

#include "ledger/columns.hpp"
#include "vow/error.hpp"

namespace vow {

NameWriter::NameWriter(sql::Db& db)
    : find_(db, "SELECT id FROM names WHERE name = ?"),
      insert_(db, "INSERT INTO names (id, name, crc) VALUES (?, ?, ?)") {
  sql::Stmt last(db, "SELECT coalesce(max(id), 0) + 1 FROM names");
  last.step();
  next_ = last.int64(0);
}

std::int64_t NameWriter::id_of(std::string_view name, int field) {
  if (name.empty()) return 0;
  auto& last_id = last_id_[static_cast<std::size_t>(field)];
  auto& last_name = last_name_[static_cast<std::size_t>(field)];
  if (last_id != 0 && name == last_name) return last_id;
  last_name = name;
  if (auto it = cache_.find(name); it != cache_.end()) return last_id = it->second;
  std::int64_t id = 0;
  find_.bind(1, name);
  if (find_.step()) {
    id = find_.int64(0);
    find_.reset();
  } else {
    find_.reset();
    id = next_++;
    insert_.bind(1, id).bind(2, name).bind(3, static_cast<std::int64_t>(name_checksum(id, name)));
    insert_.step();
    insert_.reset();
  }
  cache_.emplace(name, id);
  return last_id = id;
}

std::string name_problem(const sql::Stmt& row) {
  std::int64_t id = row.int64(0);
  if (!row.null(2) && static_cast<std::uint64_t>(row.int64(2)) == name_checksum(id, row.text(1))) return "";
  return "name #" + std::to_string(id) + " (\"" + std::string(row.text(1).substr(0, 64)) +
         "\") does not match its checksum";
}

std::vector<std::string> read_names(sql::Db& db) {
  std::vector<std::string> names(1);
  sql::Stmt all(db, "SELECT id, name, crc FROM names ORDER BY id");
  while (all.step()) {
    if (std::string problem = name_problem(all); !problem.empty())
      throw Error(Exit::BadConfig, db.path() + ": the ledger is damaged: " + problem +
                                       "; restore it from a backup (vow check lists every problem)");
    auto id = static_cast<std::size_t>(all.int64(0));
    if (id == 0 || id > names.size() + (1u << 20)) continue;  // never referred to by a sound row
    if (id >= names.size()) names.resize(id + 1);
    names[id] = std::string(all.text(1));
  }
  return names;
}

}  // namespace vow
