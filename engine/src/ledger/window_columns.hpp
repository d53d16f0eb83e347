// An sli.counted event in its row (schema version 5, docs/adr/0060): a
// month of one-minute windows is millions of rows, so its fields are kept
// as columns, not its line. The indicator is `subject`; its `customers`
// are one name (`customer`: 0 when absent, else the list as a JSON array);
// start and end (as milliseconds from `at`), good and total are the row's
// `detail` in decimal, and the flag kCountsFlag says so. Rows of earlier
// versions keep the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ledger/columns.hpp"
#include "ledger/ledger.hpp"
#include "vow/event.hpp"

namespace vow {

// Beside pack_flags()'s bits: set only on sli.counted rows in this form.
constexpr std::int64_t kCountsFlag = 0x20;

bool holds_counts(const EventRow& r);

// The name a window's `customers` is stored under.
std::string scope_name(const std::vector<std::string>& customers);

// The row's detail for `ev`: "START END GOOD TOTAL", START and END in
// milliseconds from its `at` (say "-60000 0 998 1000").
void write_counts(const Event& ev, std::string& out);

// Reads rows holding counts against the ledger's names (read_names()). The
// views it gives point into `names` and into this reader.
class WindowColumns {
 public:
  explicit WindowColumns(const std::vector<std::string>& names) : names_(names) {}
  // `w` from a row that holds_counts(); "" or what is wrong, naming the event.
  std::string read(const EventRow& r, WindowRow& w);

 private:
  const std::vector<std::string>* scope(std::int64_t id);

  const std::vector<std::string>& names_;
  // Each list read once; nullopt: a name that is missing or not a list.
  std::unordered_map<std::int64_t, std::optional<std::vector<std::string>>> scopes_;
};

}  // namespace vow
