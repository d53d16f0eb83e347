// A SINK that keeps an append-only CSV ledger of credits for finance.
//
// Config: { "path": "/srv/finance/vow-credits.csv" } (a relative path is
// relative to the folder of the vow.toml that declares the plugin).
//
// A credit is one row, keyed "<customer>:<period>". Delivering the same
// credit again writes nothing and returns the same reference, so a run
// interrupted between delivery and Vow's record is safe to repeat.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

std::string cell(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* const kHeader = "credit,customer,period,amount,currency,monthly_fee,percent,formula,note\n";

}  // namespace

class BillingCsv {
 public:
  static constexpr const char* name = "billing_csv";
  static constexpr const char* version = "1.0.0";

  explicit BillingCsv(const vow::sdk::Context& cx) {
    json config = vow::connector::config_of(cx);
    if (!config.contains("path") || !config["path"].is_string())
      throw std::runtime_error("config: \"path\" (the CSV file to append credits to) is required");
    path_ = cx.config_path(config["path"].get<std::string>()).string();
  }

  std::string deliver(std::string_view kind, std::string_view payload) {
    if (kind != "credit") return "";  // alerts and drafts are not for finance
    json c = vow::connector::parse_json(payload);
    if (c.is_discarded() || !c.contains("customer") || !c.contains("period") || !c.contains("amount"))
      throw std::runtime_error("a credit without customer, period or amount");
    std::string key = c["customer"].get<std::string>() + ":" + c["period"].get<std::string>();
    if (recorded(key)) return "csv:" + key;
    std::string row = cell(key) + "," + cell(c["customer"]) + "," + cell(c["period"]) + "," + cell(c["amount"]) + "," +
                      cell(c["currency"]) + "," + cell(c.value("monthly_fee", json())) + "," +
                      cell(c.value("percent", json())) + "," + cell(c.value("formula", json())) + "," +
                      cell(c.value("note", json())) + "\n";
    append(row);
    return "csv:" + key;
  }

 private:
  bool recorded(const std::string& key) const {
    std::ifstream in(path_);
    std::string line;
    std::string prefix = cell(key) + ",";
    while (std::getline(in, line))
      if (line.rfind(prefix, 0) == 0) return true;
    return false;
  }

  // Appends and syncs, so that the row is on disk before Vow records it.
  void append(const std::string& row) const {
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) throw std::runtime_error(path_ + ": " + std::strerror(errno));
    std::string text = (::lseek(fd, 0, SEEK_END) == 0 ? std::string(kHeader) : std::string()) + row;
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok) throw std::runtime_error(path_ + ": " + std::strerror(err));
  }

  std::string path_;
};

VOW_PLUGIN(BillingCsv)
