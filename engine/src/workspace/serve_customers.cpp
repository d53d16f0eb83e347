#include "workspace/serve_customers.hpp"

#include <algorithm>

#include "vow/error.hpp"

namespace vow {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const toml::node& at, const std::string& msg) {
  const auto& where = at.source();
  throw Error(Exit::BadConfig, file.string() + ":" + std::to_string(where.begin.line) + ":" +
                                   std::to_string(where.begin.column) + ": " + msg);
}

std::string text(const std::filesystem::path& file, const toml::node& n, const std::string& key) {
  auto s = n.value<std::string>();
  if (!n.is_string() || !s) fail(file, n, key + " must be a string");
  return *s;
}

void only_keys(const std::filesystem::path& file, const toml::table& t, const std::string& where,
               std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : t) {
    if (std::any_of(keys.begin(), keys.end(), [&k](const char* key) { return k.str() == key; })) continue;
    std::string list;
    for (const char* key : keys) list += std::string(list.empty() ? "" : ", ") + key;
    fail(file, v, "unknown key \"" + std::string(k.str()) + "\" in " + where + " (known: " + list + ")");
  }
}

bool env_name(const std::string& s) {
  return !s.empty() && !(s[0] >= '0' && s[0] <= '9') &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
}

ServeCustomer read_customer(const std::filesystem::path& file, const toml::node& item) {
  auto* t = item.as_table();
  if (!t) fail(file, item, "serve.customers must be an array of tables: [[serve.customers]]");
  only_keys(file, *t, "serve.customers", {"customer", "token", "token_env"});
  ServeCustomer c;
  auto* id = t->get("customer");
  if (!id) fail(file, item, "serve.customers: each entry needs customer = \"ID\", the id of the customer's contract");
  c.customer = text(file, *id, "serve.customers.customer");
  c.line = static_cast<int>(id->source().begin.line);
  c.column = static_cast<int>(id->source().begin.column);
  if (c.customer.empty()) fail(file, *id, "serve.customers.customer must name a contract id");
  auto* secret = t->get("token");
  auto* env = t->get("token_env");
  if (!!secret == !!env)
    fail(file, item,
         "serve.customers \"" + c.customer +
             "\": give either token = \"...\" or token_env = \"VARIABLE\" (the variable holding it), not " +
             (secret ? "both" : "neither"));
  if (secret) {
    c.token = text(file, *secret, "serve.customers.token");
    if (!usable_path_token(c.token))
      fail(file, *secret,
           "serve.customers.token of \"" + c.customer +
               "\": use 16 to 4096 letters, digits or -._~ (it goes in the page's address; such as the output of "
               "`openssl rand -hex 32`)");
  } else {
    c.token_env = text(file, *env, "serve.customers.token_env");
    if (!env_name(c.token_env))
      fail(file, *env,
           "serve.customers.token_env \"" + c.token_env +
               "\": name an environment variable (letters, digits and '_', not starting with a digit)");
  }
  return c;
}

double number(const std::filesystem::path& file, const toml::node& n, const std::string& key, double lo, double hi) {
  std::optional<double> v;
  if (n.is_integer())
    v = static_cast<double>(*n.value<std::int64_t>());
  else if (n.is_floating_point())
    v = n.value<double>();
  if (!v || !(*v >= lo && *v <= hi))
    fail(file, n,
         key + " must be a number from " + std::to_string(static_cast<long long>(lo)) + " to " +
             std::to_string(static_cast<long long>(hi)));
  return *v;
}

}  // namespace

bool usable_path_token(const std::string& s) {
  return s.size() >= 16 && s.size() <= 4096 &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~") == std::string::npos;
}

std::vector<ServeCustomer> read_serve_customers(const std::filesystem::path& file, const toml::node& customers,
                                                const std::vector<ServeToken>& tokens) {
  auto* arr = customers.as_array();
  if (!arr) fail(file, customers, "serve.customers must be an array of tables: [[serve.customers]]");
  std::vector<ServeCustomer> out;
  for (const auto& item : *arr) {
    ServeCustomer c = read_customer(file, item);
    if (!c.token.empty()) {
      for (const auto& other : out)
        if (other.token == c.token)
          fail(file, item,
               "serve.customers.token of \"" + c.customer + "\" is the same secret as \"" + other.customer +
                   "\"'s: give each its own");
      for (const auto& t : tokens)
        if (t.token == c.token)
          fail(file, item,
               "serve.customers.token of \"" + c.customer + "\" is the secret of the [[serve.tokens]] entry \"" +
                   t.name + "\": a customer's token opens only its page, so give it its own");
    }
    out.push_back(std::move(c));
  }
  return out;
}

ServeRateLimit read_serve_rate_limit(const std::filesystem::path& file, const toml::node& limit) {
  auto* t = limit.as_table();
  if (!t)
    fail(file, limit,
         "serve.rate_limit must be a table such as { requests_per_second = 200, burst = 400 } "
         "(requests_per_second = 0 turns it off)");
  only_keys(file, *t, "serve.rate_limit", {"requests_per_second", "burst"});
  ServeRateLimit r;
  if (auto* n = t->get("requests_per_second")) {
    r.requests_per_second = number(file, *n, "serve.rate_limit.requests_per_second (0: no limit)", 0, 1'000'000);
    r.burst = std::max(1.0, 2 * r.requests_per_second);  // unless said below
  }
  if (auto* n = t->get("burst")) r.burst = number(file, *n, "serve.rate_limit.burst (requests)", 1, 1'000'000);
  return r;
}

}  // namespace vow
