// A source connector for a plain CSV of outage windows, as many teams keep
// by hand:
//
//   id,service,start,end[,impact[,customers]]
//   db-2026-10-02,api,2026-10-02T10:00:00Z,2026-10-02T10:45:00Z,major
//   eu-disk,api,2026-10-05T08:00:00+02:00,2026-10-05T08:20:00+02:00,major,acme;globex
//
// `customers`, separated by ';', limits the outage to those accounts; without
// it, every customer whose contract covers the service is affected.
// Each row becomes an outage.started and an outage.ended (none while `end`
// is empty), written with the SDK's event builders (vow/event_builders.hpp), which
// need nothing but the standard library. One batch per file, each event with
// its row (vow::sdk::Origin): a problem Vow finds with an event is then
// reported at the CSV's line. Config: { "prefix": "csv" } names the events'
// id prefix.
#include <deque>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "vow/event_builders.hpp"
#include "vow/plugin.hpp"

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::vector<std::string> accounts(const std::string& cell) {
  std::vector<std::string> out;
  std::stringstream in(cell);
  for (std::string id; std::getline(in, id, ';');)
    if (!id.empty()) out.push_back(id);
  return out;
}

}  // namespace

class OutageCsv {
 public:
  static constexpr const char* name = "example_outage_csv";
  static constexpr const char* version = "1.0.0";

  explicit OutageCsv(const vow::sdk::Context& cx) {
    // A real connector would parse its config with a JSON library; this one
    // only looks for "prefix": "...".
    auto key = cx.config.find("\"prefix\"");
    if (key != std::string_view::npos) {
      auto open = cx.config.find('"', cx.config.find(':', key) + 1);
      auto close = cx.config.find('"', open + 1);
      if (open == std::string_view::npos || close == std::string_view::npos)
        throw std::runtime_error("config: \"prefix\" must be a string");
      prefix_ = std::string(cx.config.substr(open + 1, close - open - 1));
    }
  }

  void feed(std::string_view file, std::string_view data) {
    Batch& b = pending_.emplace_back();
    b.file = std::string(file);
    std::stringstream in{std::string(data)};
    std::string line;
    int row = 0;
    while (std::getline(in, line)) {
      ++row;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || (row == 1 && line.rfind("id,", 0) == 0)) continue;
      auto c = split(line);
      if (c.size() < 4) throw std::runtime_error("line " + std::to_string(row) + ": expected id,service,start,end");
      // The builders refuse what Vow would (a bad time, an empty service):
      // the message names the row (vow adds the file: `reading FILE failed:
      // line 3: ...`), and nothing of the file is imported.
      try {
        using namespace vow::sdk::events;
        std::string id = prefix_ + ":" + c[0];
        b.ndjson += OutageStarted{.id = id + ":start",
                                  .at = Timestamp::parse(c[2]),
                                  .outage = c[0],
                                  .service = c[1],
                                  .impact = c.size() > 4 && c[4] == "partial" ? Impact::partial : Impact::major,
                                  .customers = c.size() > 5 ? std::optional(accounts(c[5])) : std::nullopt}
                        .line();
        b.rows.push_back(static_cast<uint32_t>(row));
        if (!c[3].empty()) {
          b.ndjson += OutageEnded{.id = id + ":end", .at = Timestamp::parse(c[3]), .outage = c[0]}.line();
          b.rows.push_back(static_cast<uint32_t>(row));
        }
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error("line " + std::to_string(row) + ": " + e.what());
      }
    }
  }

  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) {
    if (pending_.empty()) return false;
    ndjson = std::move(pending_.front().ndjson);
    origin.file = std::move(pending_.front().file);
    origin.lines = std::move(pending_.front().rows);
    pending_.pop_front();
    return true;
  }

 private:
  // One file's events, and the CSV row behind each line of them.
  struct Batch {
    std::string file, ndjson;
    std::vector<uint32_t> rows;
  };
  std::string prefix_ = "csv";
  std::deque<Batch> pending_;
};

VOW_PLUGIN(OutageCsv)
