#include "ledger/window_columns.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace vow {
namespace {

// One number of `s`, and the space after it unless it is the last.
bool read_number(std::string_view& s, std::int64_t& out, bool last = false) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end == s.data()) return false;
  s.remove_prefix(static_cast<std::size_t>(end - s.data()));
  if (last) return s.empty();
  if (s.empty() || s.front() != ' ') return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

bool holds_counts(const EventRow& r) {
  return r.type == EventType::SliCounted && (r.flags & kCountsFlag) != 0;
}

std::string scope_name(const std::vector<std::string>& customers) {
  return nlohmann::json(customers).dump();
}

void write_counts(const Event& ev, std::string& out) {
  out.clear();
  // Relative to `at`, which a source mostly sets to the window's end: a
  // row a third smaller than with the instants written out.
  for (std::int64_t v : {ev.start - ev.at, ev.end - ev.at, ev.good, ev.total}) {
    if (!out.empty()) out += ' ';
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, end);
  }
}

const std::vector<std::string>* WindowColumns::scope(std::int64_t id) {
  auto [it, fresh] = scopes_.try_emplace(id);
  if (!fresh) return it->second ? &*it->second : nullptr;
  std::vector<std::string> list;
  bool sound = id > 0 && static_cast<std::size_t>(id) < names_.size();
  if (sound) {
    auto json = nlohmann::json::parse(names_[static_cast<std::size_t>(id)], nullptr, false);
    sound = json.is_array();
    if (sound)
      for (const auto& c : json) {
        if (!c.is_string() || c.get_ref<const std::string&>().empty()) {
          sound = false;
          break;
        }
        list.push_back(c.get<std::string>());
      }
  }
  if (!sound) return nullptr;
  return &it->second.emplace(std::move(list));
}

std::string WindowColumns::read(const EventRow& r, WindowRow& w) {
  auto problem = [&](const std::string& what) {
    return "event \"" + std::string(r.id) + "\" (#" + std::to_string(r.seq) + ") " + what;
  };
  std::string_view counts = r.detail;
  std::int64_t from = 0, to = 0;
  if (!read_number(counts, from) || !read_number(counts, to) || !read_number(counts, w.good) ||
      !read_number(counts, w.total, true) || __builtin_add_overflow(r.at, from, &w.start) ||
      __builtin_add_overflow(r.at, to, &w.end) || w.end <= w.start || w.good < 0 || w.good > w.total)
    return problem("has counts that do not read as a window's");
  if (r.subject <= 0 || static_cast<std::size_t>(r.subject) >= names_.size() ||
      names_[static_cast<std::size_t>(r.subject)].empty())
    return problem("names a name that is missing");
  w.sli = names_[static_cast<std::size_t>(r.subject)];
  w.customers.clear();
  w.scoped = r.customer != 0;
  if (!w.scoped) return "";
  const std::vector<std::string>* list = scope(r.customer);
  if (!list) return problem("names a name that is missing or is not a list of customers");
  for (const std::string& c : *list) w.customers.emplace_back(c);
  return "";
}

}  // namespace vow
