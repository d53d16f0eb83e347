// The tokens of [[serve.customers]]: each opens one customer's page at
// GET /c/TOKEN and nothing else (docs/serve.md, docs/adr/0035).
#pragma once

#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/tokens.hpp"
#include "vow/config.hpp"

namespace vow::serve {

struct CustomerCredential {
  std::string customer;  // the contract id
  std::string secret;
};

// Each customer entry with its secret (from the environment for
// `token_env`). Exit 78 naming FILE:LINE:COL and the key when a customer
// has no contract among `contract_ids`, a variable is unset or not a usable
// token, or a secret is another customer's or a [[serve.tokens]] one's.
std::vector<CustomerCredential> resolve_customers(
    const WorkspaceConfig& config, const std::vector<Credential>& tokens, const std::vector<std::string>& contract_ids,
    const std::function<const char*(const char*)>& env = [](const char* name) { return std::getenv(name); });

// The customer whose secret is `presented`, every one compared in full;
// nullptr when none.
const CustomerCredential* find_customer(const std::vector<CustomerCredential>& all, std::string_view presented);

// A request's path as the log may write it: whatever follows the first
// "/c/" or "/C/" (a customer's token, or a guess at one) is "[token]".
std::string loggable_path(std::string_view path);

// The name a customer's request goes by in the log: "customer:ID".
std::string customer_log_name(const std::string& customer);

}  // namespace vow::serve
