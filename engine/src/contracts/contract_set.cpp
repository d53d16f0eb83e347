#include "contracts/contract_set.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "contracts/definitions.hpp"
#include "model/utf8.hpp"

namespace vow {

ContractSet::ContractSet(SandboxLimits limits) : sandbox_(limits) {
  install_definitions(*this);
}

ContractSet::~ContractSet() = default;

void ContractSet::add_source(const std::string& name, std::string source) {
  auto& lines = lines_[name];
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (source.size() >= 4 && source.compare(0, 4, LUA_SIGNATURE) == 0) {
    report({name, 1}, "precompiled Lua bytecode is not accepted; contracts must be Lua source text");
    return;
  }
  std::string error;
  if (!sandbox_.run_chunk(name, source, error)) {
    // Lua's own messages read "file:line: what"; keep that shape.
    if (auto at = split_location(error))
      report({at->file, at->line}, at->message);
    else
      report({name, 0}, error);
  }
}

void ContractSet::report(const SourceRef& at, std::string message) {
  diagnostics_.report(at, std::move(message));
}

std::optional<Located> split_location(std::string_view text) {
  // No regex: a message may be megabytes long, and std::regex recurses per character.
  size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  size_t k = colon + 1;
  long line = 0;
  while (k < text.size() && text[k] >= '0' && text[k] <= '9') {
    if (k - colon > 9) return std::nullopt;  // no file has a billion lines
    line = line * 10 + (text[k++] - '0');
  }
  if (k == colon + 1 || text.substr(k, 2) != ": ") return std::nullopt;
  return Located{std::string(text.substr(0, colon)), static_cast<int>(line), std::string(text.substr(k + 2))};
}

void ContractSet::record(Definition def) {
  starts_[def.at.file].insert(def.at.line);
  definitions_.push_back(std::move(def));
}

int ContractSet::line_of_field(const SourceRef& def, std::string_view field, int from, std::string_view value) const {
  auto it = lines_.find(def.file);
  if (it == lines_.end() || def.line <= 0) return def.line;
  // The first `field =` from the definition's line on, before the next
  // definition in the same file.
  int stop = static_cast<int>(it->second.size());
  if (auto starts = starts_.find(def.file); starts != starts_.end())
    if (auto next = starts->second.upper_bound(def.line); next != starts->second.end())
      stop = std::min(stop, *next - 1);
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (int i = std::max(def.line, from) - 1; i < stop; ++i) {
    const std::string& text = it->second[i];
    for (size_t at = text.find(field); at != std::string::npos; at = text.find(field, at + 1)) {
      if (at > 0 && word(text[at - 1])) continue;
      size_t k = at + field.size();
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k >= text.size() || text[k] != '=' || (k + 1 < text.size() && text[k + 1] == '=')) continue;
      size_t v = text.find_first_not_of(" \t", k + 1);
      if (value.empty() || (v != std::string::npos && text.compare(v, value.size(), value) == 0)) return i + 1;
    }
  }
  return def.line;
}

const Contract* ContractSet::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::string nearest(std::string_view word, const std::vector<std::string_view>& known) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (auto k : known) {
    std::vector<size_t> prev(k.size() + 1), cur(k.size() + 1);
    for (size_t j = 0; j <= k.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= k.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (word[i - 1] == k[j - 1] ? 0 : 1)});
      std::swap(prev, cur);
    }
    if (prev[k.size()] < best_d) best_d = prev[k.size()], best = k;
  }
  return best;
}

std::optional<Decimal> Contract::base_fee() const {
  if (monthly_fee) return monthly_fee;
  if (acv) return *acv / Decimal::integer(12);
  return std::nullopt;
}

std::vector<std::string> Contract::uptime_services() const {
  std::vector<std::string> out;
  any_version([&](const Contract& v) {
    for (const UptimeTerm& u : v.uptimes)
      for (const std::string& s : u.services)
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return false;
  });
  return out;
}

bool Contract::has_ticket_targets() const {
  return any_version([](const Contract& v) {
    return !v.response.empty() || !v.resolution.empty() || !v.next_reply.empty() || !v.update.empty();
  });
}

const Contract& Contract::in_force(const Period& p) const {
  if (!versions) return *this;
  const Contract* found = this;
  for (const auto& v : versions->versions)
    if (!v.from || std::pair(v.from->year, v.from->first_month) <= std::pair(p.year, p.first_month))
      found = v.terms.get();
  return *found;
}

const Contract& Contract::in_force_at(Instant t) const {
  return versions ? in_force(month_containing(t, zone ? *zone : Zone::utc())) : *this;
}

Period Contract::period_at(Instant t) const {
  const Zone& z = zone ? *zone : Zone::utc();
  return quarterly() ? quarter_containing(t, z) : month_containing(t, z);
}

}  // namespace vow
