#include "serve/customer_access.hpp"

#include <algorithm>

#include "vow/error.hpp"
#include "workspace/serve_customers.hpp"

namespace vow::serve {

std::vector<CustomerCredential> resolve_customers(const WorkspaceConfig& config, const std::vector<Credential>& tokens,
                                                  const std::vector<std::string>& contract_ids,
                                                  const std::function<const char*(const char*)>& env) {
  std::vector<CustomerCredential> out;
  for (const auto& c : config.serve.customers) {
    std::string where = config.file.string() + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
    if (std::find(contract_ids.begin(), contract_ids.end(), c.customer) == contract_ids.end())
      throw Error(Exit::BadConfig, where + "serve.customers.customer \"" + c.customer +
                                       "\": no contract has this id (the id is the name in contract \"ID\" { ... })");
    CustomerCredential cred{c.customer, c.token};
    if (!c.token_env.empty()) {
      const char* v = env(c.token_env.c_str());
      std::string of = where + "serve.customers.token_env of \"" + c.customer + "\": ";
      if (!v || !*v) throw Error(Exit::BadConfig, of + "the environment variable " + c.token_env + " is not set");
      cred.secret = v;
      // Its value is never said: it is a secret.
      if (!usable_path_token(cred.secret))
        throw Error(Exit::BadConfig,
                    of + "the value of " + c.token_env + " is not a usable token (16 to 4096 letters, digits or -._~)");
    }
    for (const auto& other : out)
      if (same_secret(other.secret, cred.secret))
        throw Error(Exit::BadConfig, where + "serve.customers: \"" + c.customer + "\" has the same secret as \"" +
                                         other.customer + "\": give each its own");
    for (const auto& t : tokens)
      if (same_secret(t.secret, cred.secret))
        throw Error(Exit::BadConfig, where + "serve.customers: \"" + c.customer +
                                         "\" has the secret of the [[serve.tokens]] entry \"" + t.name +
                                         "\": a customer's token opens only its page, so give it its own");
    out.push_back(std::move(cred));
  }
  return out;
}

const CustomerCredential* find_customer(const std::vector<CustomerCredential>& all, std::string_view presented) {
  const CustomerCredential* found = nullptr;
  for (const auto& c : all) {
    bool same = same_secret(c.secret, presented);
    found = same ? &c : found;
  }
  return found;
}

std::string loggable_path(std::string_view path) {
  // In any case: "/C/TOKEN" is a customer's address mistyped, its token as secret.
  for (std::size_t at = 0; at + 3 <= path.size(); ++at)
    if (path[at] == '/' && (path[at + 1] | 0x20) == 'c' && path[at + 2] == '/')
      return std::string(path.substr(0, at)) + "/c/[token]";
  return std::string(path);
}

std::string customer_log_name(const std::string& customer) {
  return "customer:" + customer;
}

}  // namespace vow::serve
