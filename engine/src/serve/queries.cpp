#include "serve/queries.hpp"

#include <algorithm>

namespace vow::serve {
namespace {

std::optional<std::string> one(const httplib::Request& req, const char* name) {
  auto n = req.get_param_value_count(name);
  if (n == 0) return std::nullopt;
  if (n > 1)
    throw BadParameter(std::string("query parameter ") + name + " is given " + std::to_string(n) +
                       " times; give it once");
  return req.get_param_value(name);
}

Instant instant_param(const char* name, const std::string& text) {
  auto t = parse_instant(text);
  if (!t)
    throw BadParameter(std::string("query parameter ") + name + "=" + text +
                       ": expected an RFC 3339 timestamp such as 2026-11-02T00:00:00Z");
  return *t;
}

}  // namespace

Query query_of(const httplib::Request& req, std::initializer_list<const char*> allowed, Instant now,
               bool period_required) {
  for (const auto& [key, value] : req.params) {
    if (std::any_of(allowed.begin(), allowed.end(), [&key](const char* a) { return key == a; })) continue;
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
    throw BadParameter("unknown query parameter " + key + " (known here: " + list + ")");
  }
  Query q;
  q.as_of = now;
  if (auto v = one(req, "as_of")) q.as_of = instant_param("as_of", *v);
  if (auto v = one(req, "tier")) q.tier = *v;
  if (auto v = one(req, "period")) q.period = *v;
  if (period_required && q.period.empty())
    throw BadParameter("query parameter period is required: a month such as period=2026-10");
  auto customers = req.params.equal_range("customer");
  for (auto it = customers.first; it != customers.second; ++it) {
    if (it->second.empty()) throw BadParameter("query parameter customer is empty: give a customer id");
    q.customers.push_back(it->second);
  }
  return q;
}

std::optional<Instant> since_of(const httplib::Request& req) {
  auto v = one(req, "since");
  if (!v) return std::nullopt;
  return instant_param("since", *v);
}

}  // namespace vow::serve
