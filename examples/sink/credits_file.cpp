// A SINK that writes each credit Vow applies as one line of a file, for a
// person or a script to pick up:
//
//   {"key":"acme:2026-10","customer":"acme","period":"2026-10","amount":"125.00","currency":"USD"}
//
// Config: { "path": "credits.ndjson" }; a relative path is relative to the
// folder of the vow.toml that declares the plugin (Context::config_path).
//
// Delivering the same credit twice must not act twice (docs/plugins.md):
// a credit whose key (customer and month) is already in the file is not
// written again, and gets the same reference.
#include <fstream>
#include <stdexcept>
#include <string>

#include "vow/event_json.hpp"
#include "vow/plugin.hpp"

class CreditsFile {
 public:
  static constexpr const char* name = "example_credits_file";
  static constexpr const char* version = "1.0.0";

  explicit CreditsFile(const vow::sdk::Context& cx) {
    auto config = vow::sdk::json::parse_config(cx.config);
    if (!config.contains("path") || !config["path"].is_string())
      throw std::runtime_error("config: \"path\" (the file to write credits to) is required");
    path_ = cx.config_path(config["path"].get<std::string>());
  }

  std::string deliver(std::string_view kind, std::string_view json) {
    if (kind != "credit") return "";  // other kinds are not this sink's business
    auto credit = vow::sdk::json::read_credit(json);
    std::string reference = "file:" + credit.key();
    if (written(credit.key())) return reference;
    vow::sdk::json::Json line{{"key", credit.key()},
                              {"customer", credit.customer},
                              {"period", credit.period},
                              {"amount", credit.amount},
                              {"currency", credit.currency}};
    std::ofstream out(path_, std::ios::app);
    out << line.dump() << "\n";
    out.flush();
    if (!out) throw std::runtime_error(path_.string() + ": cannot write");
    return reference;
  }

 private:
  bool written(const std::string& key) const {
    std::ifstream in(path_);
    for (std::string line; std::getline(in, line);) {
      auto j = vow::sdk::json::Json::parse(line, nullptr, false);
      if (j.is_object() && j.value("key", "") == key) return true;
    }
    return false;
  }

  std::filesystem::path path_;
};

VOW_PLUGIN(CreditsFile)
