// Stripe: invoices in (SOURCE), credits out as credit-note requests written
// to an outbox folder (SINK), one file per credit and never twice.
//
// Config (all optional but outbox for the sink):
//   customers    { "cus_...": "customer id" }; default: the Stripe customer id
//   period_from  "period_start" (default), "period_end" or "created": which instant names the invoice's month
//   outbox       folder the sink writes credit-note requests to
//   prefix       event id prefix (default "stripe")
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "connector.hpp"

namespace {

using json = nlohmann::json;

// Stripe's zero-decimal currencies: amounts are whole units.
const std::set<std::string> kZeroDecimal = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
                                            "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};

// 123456 minor units -> "1234.56"
std::string decimal(long long minor, int digits) {
  if (digits == 0) return std::to_string(minor);
  std::string s = std::to_string(minor < 0 ? -minor : minor);
  while (s.size() <= static_cast<size_t>(digits)) s.insert(s.begin(), '0');
  return (minor < 0 ? "-" : "") + s.substr(0, s.size() - digits) + "." + s.substr(s.size() - digits);
}

// "1234.56" -> 123456 minor units
long long minor_units(const std::string& amount, int digits) {
  auto dot = amount.find('.');
  std::string whole = amount.substr(0, dot), frac = dot == std::string::npos ? "" : amount.substr(dot + 1);
  frac.resize(static_cast<size_t>(digits), '0');
  return std::stoll(whole + frac);
}

}  // namespace

class Stripe {
 public:
  static constexpr const char* name = "billing_stripe";
  static constexpr const char* version = "1.0.0";

  explicit Stripe(const vow::sdk::Context& cx) : cx_{{}, cx.host} {
    json config = vow::connector::config_of(cx);
    prefix_ = config.value("prefix", prefix_);
    period_from_ = config.value("period_from", period_from_);
    if (period_from_ != "period_start" && period_from_ != "period_end" && period_from_ != "created")
      throw std::runtime_error("config: period_from must be \"period_start\", \"period_end\" or \"created\"");
    outbox_ = config.value("outbox", std::string());
    if (config.contains("customers"))
      for (const auto& [k, v] : config["customers"].items()) customers_[k] = v.get<std::string>();
  }

  // A webhook request (ABI 1.2, `vow serve`'s /v1/hooks/NAME): its body is
  // a payload as feed reads one.
  void webhook(std::string_view /*headers*/, std::string_view body) { feed("webhook", body); }

  // SOURCE: invoice objects, invoice events, lists of either, or a document
  // holding an "invoice" object.
  void feed(std::string_view file, std::string_view data) {
    json doc = vow::connector::parse_json(data);
    if (doc.is_discarded()) throw std::runtime_error(std::string(file) + ": not JSON");
    size_t before = events_.size();
    walk(file, doc);
    if (events_.size() == before && !skipped_)
      throw std::runtime_error(std::string(file) + ": no Stripe invoice in it");
    skipped_ = false;
  }

  bool next_batch(std::string& ndjson) { return events_.next_batch(ndjson); }

  // SINK: a credit becomes outbox/credit-note-<customer>-<period>.json, the
  // body of POST /v1/credit_notes. A file already there is not written again.
  std::string deliver(std::string_view kind, std::string_view payload) {
    if (kind != "credit") return "";
    if (outbox_.empty())
      throw std::runtime_error("config: \"outbox\" (a folder for credit notes) is required to deliver");
    json c = vow::connector::parse_json(payload);
    if (c.is_discarded() || !c.contains("customer") || !c.contains("period") || !c.contains("amount"))
      throw std::runtime_error("a credit without customer, period or amount");
    std::string customer = c["customer"], period = c["period"], currency = c.value("currency", "USD");
    std::string file_name = "credit-note-" + customer + "-" + period + ".json";
    std::filesystem::path target = std::filesystem::path(outbox_) / file_name;
    if (std::filesystem::exists(target)) return "outbox:" + file_name;
    std::string lower = currency;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    int digits = kZeroDecimal.count(lower) ? 0 : 2;
    std::string stripe_customer = customer;
    for (const auto& [cus, id] : customers_)
      if (id == customer) stripe_customer = cus;
    json note{
        {"invoice", c.value("invoice", json())},
        {"customer", stripe_customer},
        {"amount", minor_units(c["amount"].get<std::string>(), digits)},
        {"currency", lower},
        {"memo", "Service credit for " + period + " under your service level agreement" +
                     (c.value("note", json()).is_string() ? ": " + c["note"].get<std::string>() : std::string())},
        {"metadata", {{"vow_customer", customer}, {"vow_period", period}, {"vow_formula", c.value("formula", "")}}}};
    write_once(target, note.dump(2) + "\n");
    return "outbox:" + file_name;
  }

 private:
  void walk(std::string_view file, const json& d) {
    if (d.is_array()) {
      for (const auto& x : d) walk(file, x);
    } else if (d.is_object()) {
      if (d.value("object", "") == "invoice")
        invoice(file, d);
      else if (d.contains("data") && d["data"].is_object() && d["data"].contains("object"))
        walk(file, d["data"]["object"]);  // an event
      else if (d.value("object", "") == "list" && d.contains("data"))
        walk(file, d["data"]);
      else if (d.contains("invoice") && d["invoice"].is_object())
        walk(file, d["invoice"]);
    }
  }

  // An integer field (cents, Unix seconds); a float such as 5.6e79 is refused
  // rather than converted, which would be undefined past long long's range.
  static long long whole(std::string_view file, const json& o, const char* key, long long fallback) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return fallback;
    bool fits =
        it->is_number_integer() &&
        !(it->is_number_unsigned() && it->get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX));
    if (!fits) throw std::runtime_error(std::string(file) + ": field \"" + key + "\" must be a whole number");
    return it->get<long long>();
  }

  void invoice(std::string_view file, const json& inv) {
    std::string id = inv.value("id", ""),
                cus = inv.value("customer", json("")).is_string() ? inv.value("customer", "") : "";
    if (id.empty() || cus.empty()) throw std::runtime_error(std::string(file) + ": an invoice without id or customer");
    if (inv.value("status", "") == "void") return;
    long long total = whole(file, inv, "total", 0);
    if (total <= 0) {
      // A zero invoice would make the month's fee, and so every credit, zero.
      cx_.log(2, std::string(file) + ": invoice " + id + " totals " + std::to_string(total) +
                     "; not passed on (it would set the month's fee to zero)");
      skipped_ = true;
      return;
    }
    std::string currency = inv.value("currency", "usd");
    long long created = whole(file, inv, "created", whole(file, inv, "date", 0));
    long long month_at = period_from_ == "created" ? created : whole(file, inv, period_from_.c_str(), created);
    std::string upper = currency;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    json e{{"id", prefix_ + ":" + id},
           {"type", "invoice.issued"},
           {"at", vow::connector::utc(created)},
           {"customer", customers_.count(cus) ? customers_.at(cus) : cus},
           {"invoice", id},
           {"period", vow::connector::utc(month_at, "%Y-%m")},
           {"amount", decimal(total, kZeroDecimal.count(currency) ? 0 : 2)},
           {"currency", upper}};
    events_.emit(e);
  }

  // Written to a temporary name, synced, then renamed: the file is whole or absent.
  static void write_once(const std::filesystem::path& target, const std::string& text) {
    std::filesystem::create_directories(target.parent_path());
    std::string tmp = target.string() + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw std::runtime_error(tmp + ": " + std::strerror(errno));
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    int err = errno;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), target.c_str()) != 0)
      throw std::runtime_error(target.string() + ": " + std::strerror(ok ? errno : err));
  }

  vow::sdk::Context cx_;
  std::map<std::string, std::string> customers_;
  std::string period_from_ = "period_start";
  std::string outbox_;
  std::string prefix_ = "stripe";
  vow::connector::Events events_;
  bool skipped_ = false;
};

VOW_PLUGIN(Stripe)
