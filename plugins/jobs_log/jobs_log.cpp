// A scheduler's log of job runs, as CSV with a header row or as JSON lines,
// to job.completed events: one per row, `at` its completed_at, `run` the
// date it ran for.
//
// Config (all optional):
//   format     "auto" (default: JSON lines when the first line starts with "{", else CSV), "csv" or "jsonl"
//   columns    { job = "dag_id", run = "ds", completed_at = "end_date", customer = "tenant" }: the log's own names
//   jobs       { "the log's job name" = "the contracts' job name" }
//   customers  { "the log's customer" = "customer id" }
//   prefix     event id prefix (default "jobs")
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "connector.hpp"
#include "vow/event_builders.hpp"

namespace {

using json = nlohmann::json;

// The four fields of a row, in the order of kFields.
enum Field { kJob, kRun, kCompletedAt, kCustomer };
constexpr const char* kFields[] = {"job", "run", "completed_at", "customer"};

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string_view::npos ? "" : std::string(s.substr(a, b - a + 1));
}

// "2026-11-03", a day that exists.
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  std::chrono::year_month_day d{std::chrono::year(std::stoi(s.substr(0, 4))),
                                std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                                std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
  return d.ok();
}

struct Record {
  uint32_t line;  // where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 records: fields split at commas, a quoted field may hold commas,
// line breaks and doubled quotes; spaces around an unquoted field are
// dropped. Blank lines are skipped but counted.
std::vector<Record> csv_records(const std::string& file, std::string_view data) {
  std::vector<Record> out;
  auto fail = [&](uint32_t line, const std::string& why) {
    return std::runtime_error(file + ":" + std::to_string(line) + ": " + why);
  };
  size_t i = data.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  uint32_t line = 1;
  while (i < data.size()) {
    Record r{line, {}};
    std::string cur;
    bool quoted = false, closed = false;  // the field began with a quote; its closing quote was read
    for (bool end = false; !end;) {
      if (i >= data.size()) {
        if (quoted && !closed) throw fail(r.line, "a quoted field that never ends");
        end = true;
      } else if (quoted && !closed) {
        if (data[i] == '"' && i + 1 < data.size() && data[i + 1] == '"') {
          cur += '"';
          i += 2;
          continue;
        }
        if (data[i] == '"') {
          closed = true;
        } else {
          if (data[i] == '\n') ++line;
          cur += data[i];
        }
        ++i;
        continue;
      } else if (data[i] == ',' || data[i] == '\n') {
        end = data[i] == '\n';
        if (end) ++line;
        ++i;
      } else if (data[i] == '"') {
        if (closed) throw fail(line, "text after the closing quote of field " + std::to_string(r.fields.size() + 1));
        if (!trim(cur).empty())
          throw fail(line, "a quote inside field " + std::to_string(r.fields.size() + 1) +
                               ", which does not start with one (quote the whole field and double the quotes in it)");
        quoted = true;
        cur.clear();
        ++i;
        continue;
      } else {
        char c = data[i++];
        if (c == '\r' && (i == data.size() || data[i] == '\n')) continue;
        if (closed && c != ' ' && c != '\t')
          throw fail(line, "text after the closing quote of field " + std::to_string(r.fields.size() + 1));
        if (!closed) cur += c;
        continue;
      }
      r.fields.push_back(quoted ? cur : trim(cur));
      cur.clear();
      quoted = closed = false;
    }
    bool blank = r.fields.size() == 1 && r.fields[0].empty();
    if (!blank) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

class JobsLog {
 public:
  static constexpr const char* name = "jobs_log";
  static constexpr const char* version = "1.0.0";

  explicit JobsLog(const vow::sdk::Context& cx) : cx_{{}, cx.host} {
    json config = vow::connector::config_of(cx);
    // A misspelled key would silently take its default: refused instead.
    for (const auto& [k, v] : config.items())
      if (k != "format" && k != "columns" && k != "jobs" && k != "customers" && k != "prefix")
        throw std::runtime_error("config: unknown key \"" + k + "\" (known: format, columns, jobs, customers, prefix)");
    prefix_ = text(config, "prefix", prefix_);
    format_ = text(config, "format", format_);
    if (format_ != "auto" && format_ != "csv" && format_ != "jsonl")
      throw std::runtime_error("config: format must be \"auto\", \"csv\" or \"jsonl\"");
    for (int f = kJob; f <= kCustomer; ++f) names_[f] = kFields[f];
    if (config.contains("columns")) {
      if (!config["columns"].is_object()) throw std::runtime_error("config: columns must be a table");
      for (const auto& [k, v] : config["columns"].items()) {
        int f = kJob;
        while (f <= kCustomer && k != kFields[f]) ++f;
        if (f > kCustomer)
          throw std::runtime_error("config: columns." + k + ": only job, run, completed_at and customer are read");
        if (!v.is_string() || v.get<std::string>().empty())
          throw std::runtime_error("config: columns." + k + " must be the log's name for that column");
        names_[f] = v.get<std::string>();
      }
    }
    jobs_ = mapping(config, "jobs");
    customers_ = mapping(config, "customers");
  }

  // A scheduler's callback (ABI 1.2, `vow serve`'s /v1/hooks/NAME): one
  // run as a JSON object (on as many lines as it likes), a list of them, or
  // JSON lines.
  void webhook(std::string_view /*headers*/, std::string_view body) {
    json doc = vow::connector::parse_json(body);
    start_file("webhook");
    if (doc.is_object() || doc.is_array())
      for (const auto& o : doc.is_array() ? doc : json::array({doc})) object("webhook", 0, o);
    else
      jsonl("webhook", body);  // whatever `format` says: a callback's body is JSON
    finish_file("webhook");
  }

  void feed(std::string_view file_view, std::string_view data) {
    std::string file(file_view);
    start_file(file);
    std::string format = format_;
    if (format == "auto") {
      size_t first = data.find_first_not_of(" \t\r\n", data.starts_with("\xEF\xBB\xBF") ? 3 : 0);
      format = first != std::string_view::npos && data[first] == '{' ? "jsonl" : "csv";
    }
    if (format == "csv")
      csv(file, data);
    else
      jsonl(file, data);
    finish_file(file);
  }

  bool next_batch(std::string& ndjson, vow::sdk::Origin& origin) {
    // A file that made no events is no batch: the host stops a source that
    // returns too many empty ones in a row.
    while (!batches_.empty() && batches_.front().ndjson.empty()) batches_.pop_front();
    if (batches_.empty()) return false;
    Batch& b = batches_.front();
    ndjson = std::move(b.ndjson);
    origin.file = std::move(b.file);
    origin.lines = std::move(b.lines);
    batches_.pop_front();
    return true;
  }

 private:
  static std::string text(const json& o, const char* key, const std::string& fallback) {
    if (!o.contains(key)) return fallback;
    if (!o[key].is_string()) throw std::runtime_error(std::string("config: ") + key + " must be a string");
    return o[key].get<std::string>();
  }

  static std::map<std::string, std::string> mapping(const json& config, const char* key) {
    std::map<std::string, std::string> m;
    if (!config.contains(key)) return m;
    if (!config[key].is_object()) throw std::runtime_error(std::string("config: ") + key + " must be a table");
    for (const auto& [k, v] : config[key].items()) {
      if (!v.is_string() || v.get<std::string>().empty())
        throw std::runtime_error(std::string("config: ") + key + "." + k + " must be a non-empty string");
      m[k] = v.get<std::string>();
    }
    return m;
  }

  void start_file(const std::string& file) {
    batches_.push_back({file, "", {}});
    not_completed_ = 0;
  }

  void finish_file(const std::string& file) {
    if (not_completed_ > 0)
      cx_.log(1, file + ": " + std::to_string(not_completed_) + (not_completed_ == 1 ? " row has" : " rows have") +
                     " no " + names_[kCompletedAt] + " (a run not completed): no event for " +
                     (not_completed_ == 1 ? "it" : "them"));
  }

  void csv(const std::string& file, std::string_view data) {
    std::vector<Record> records = csv_records(file, data);
    if (records.empty()) return;
    const Record& header = records.front();
    int column[4] = {-1, -1, -1, -1};
    std::string found;
    for (size_t c = 0; c < header.fields.size(); ++c) {
      found += (c ? ", " : "") + header.fields[c];
      for (int f = kJob; f <= kCustomer; ++f)
        if (lower(header.fields[c]) == lower(names_[f])) {
          if (column[f] >= 0)
            throw std::runtime_error(file + ":" + std::to_string(header.line) + ": the header names column \"" +
                                     names_[f] + "\" twice");
          column[f] = static_cast<int>(c);
        }
    }
    for (int f = kJob; f <= kCompletedAt; ++f)
      if (column[f] < 0)
        throw std::runtime_error(file + ":" + std::to_string(header.line) + ": the header row has no column \"" +
                                 names_[f] + "\" (it has: " + found + "); the first row must name the columns " +
                                 names_[kJob] + ", " + names_[kRun] + ", " + names_[kCompletedAt] + " and optionally " +
                                 names_[kCustomer]);
    for (size_t n = 1; n < records.size(); ++n) {
      const Record& r = records[n];
      if (r.fields.size() != header.fields.size())
        throw std::runtime_error(file + ":" + std::to_string(r.line) + ": " + std::to_string(r.fields.size()) +
                                 " fields, but the header has " + std::to_string(header.fields.size()));
      std::optional<std::string> v[4];
      for (int f = kJob; f <= kCustomer; ++f)
        if (column[f] >= 0) v[f] = r.fields[static_cast<size_t>(column[f])];
      row(file, r.line, v);
    }
  }

  void jsonl(const std::string& file, std::string_view data) {
    uint32_t line = 0;
    for (size_t pos = data.starts_with("\xEF\xBB\xBF") ? 3 : 0; pos < data.size();) {
      size_t stop = data.find('\n', pos);
      if (stop == std::string_view::npos) stop = data.size();
      std::string_view piece = data.substr(pos, stop - pos);
      pos = stop + 1;
      ++line;
      if (piece.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      object(file, line, vow::connector::parse_json(piece));
    }
  }

  void object(const std::string& file, uint32_t line, const json& o) {
    std::string at = file + (line ? ":" + std::to_string(line) : "") + ": ";
    if (o.is_discarded() || !o.is_object())
      throw std::runtime_error(at + "not a JSON object (one run per line, with keys " + names_[kJob] + ", " +
                               names_[kRun] + ", " + names_[kCompletedAt] + ")");
    std::optional<std::string> v[4];
    for (int f = kJob; f <= kCustomer; ++f) {
      auto it = o.find(names_[f]);
      if (it == o.end() || it->is_null()) continue;
      if (!it->is_string()) throw std::runtime_error(at + "field \"" + names_[f] + "\" must be a string");
      v[f] = it->get<std::string>();
    }
    row(file, line, v);
  }

  void row(const std::string& file, uint32_t line, const std::optional<std::string> (&v)[4]) {
    using namespace vow::sdk::events;
    std::string at = file + (line ? ":" + std::to_string(line) : "") + ": field \"";
    if (!v[kJob] || v[kJob]->empty()) throw std::runtime_error(at + names_[kJob] + "\" is missing or empty");
    if (!v[kRun] || v[kRun]->empty()) throw std::runtime_error(at + names_[kRun] + "\" is missing or empty");
    if (!is_date(*v[kRun]))
      throw std::runtime_error(at + names_[kRun] + "\": " + json(*v[kRun]).dump() +
                               " is not a date YYYY-MM-DD (the date the run is for)");
    if (!v[kCompletedAt] || v[kCompletedAt]->empty()) {
      ++not_completed_;
      return;
    }
    // Schedulers and databases write "2026-11-02 22:41:07+00:00"; RFC 3339 allows the space.
    std::string when = *v[kCompletedAt];
    if (when.size() > 10 && when[10] == ' ') when[10] = 'T';
    Timestamp completed;
    try {
      completed = Timestamp::parse(when);
    } catch (const std::invalid_argument& e) {
      bool out_of_range = std::string_view(e.what()).find(Timestamp::kRange) != std::string_view::npos;
      throw std::runtime_error(at + names_[kCompletedAt] + "\": " + json(*v[kCompletedAt]).dump() +
                               (out_of_range ? " is outside the years 1678 to 2261"
                                             : " is not an RFC 3339 timestamp with seconds and a UTC offset (like "
                                               "2026-11-02T22:41:07Z)"));
    }
    std::string job = jobs_.count(*v[kJob]) ? jobs_.at(*v[kJob]) : *v[kJob];
    std::optional<std::vector<std::string>> customers;
    if (v[kCustomer] && !v[kCustomer]->empty())
      customers = {{customers_.count(*v[kCustomer]) ? customers_.at(*v[kCustomer]) : *v[kCustomer]}};
    // A rerun of the same date completes again: its completion time keeps the two apart.
    std::string id =
        prefix_ + ":" + job + ":" + *v[kRun] + (customers ? ":" + customers->front() : "") + "@" + completed.str();
    std::string event;
    try {
      event = JobCompleted{.id = id, .at = completed, .job = job, .run = *v[kRun], .customers = customers}.line();
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(file + (line ? ":" + std::to_string(line) : "") + ": " + e.what());
    }
    Batch& b = batches_.back();
    b.ndjson += event;
    b.lines.push_back(line);
  }

  struct Batch {
    std::string file, ndjson;
    std::vector<uint32_t> lines;
  };

  vow::sdk::Context cx_;
  std::string prefix_ = "jobs";
  std::string format_ = "auto";
  std::string names_[4];
  std::map<std::string, std::string> jobs_, customers_;
  std::deque<Batch> batches_;
  size_t not_completed_ = 0;
};

VOW_PLUGIN(JobsLog)
