// The tokens of [[serve.customers]]: found by comparing every byte of every
// one, checked against the contracts and the other tokens, and kept out of logs.
#include <gtest/gtest.h>

#include <string>

#include "serve/customer_access.hpp"
#include "vow/error.hpp"

using namespace vow;
using namespace vow::serve;

namespace {

WorkspaceConfig config_with(std::vector<ServeCustomer> customers) {
  WorkspaceConfig c;
  c.file = "vow.toml";
  c.serve.customers = std::move(customers);
  return c;
}

std::string failure(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadConfig);
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ServeCustomerAccess, FindsOnlyTheWholeSecret) {
  std::vector<CustomerCredential> all{{"acme", "acme-secret-0123456789"}, {"beta", "beta-secret-0123456789"}};
  ASSERT_NE(find_customer(all, "beta-secret-0123456789"), nullptr);
  EXPECT_EQ(find_customer(all, "beta-secret-0123456789")->customer, "beta");
  EXPECT_EQ(find_customer(all, "beta-secret-012345678"), nullptr);
  EXPECT_EQ(find_customer(all, "beta-secret-0123456789x"), nullptr);
  EXPECT_EQ(find_customer(all, std::string("beta-secret-0123456789\0", 23)), nullptr);
  EXPECT_EQ(find_customer(all, ""), nullptr);
  EXPECT_EQ(find_customer({}, "beta-secret-0123456789"), nullptr);
}

TEST(ServeCustomerAccess, ChecksIdsAndSecretsAtStart) {
  auto env = [](const char* name) -> const char* {
    std::string n = name;
    if (n == "PAGE_OK") return "from-env-0123456789abcdef";
    if (n == "PAGE_SHORT") return "short";
    if (n == "PAGE_READ") return "read-token-0123456789";
    return nullptr;
  };
  std::vector<std::string> ids{"acme", "beta"};
  auto ok = resolve_customers(config_with({{"acme", "", "PAGE_OK", 3, 12}}), {}, ids, env);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].secret, "from-env-0123456789abcdef");
  EXPECT_EQ(failure([&] {
              resolve_customers(config_with({{"nobody", "x-0123456789abcdef", "", 3, 12}}), {}, ids, env);
            }),
            "vow.toml:3:12: serve.customers.customer \"nobody\": no contract has this id (the id is the name in "
            "contract \"ID\" { ... })");
  EXPECT_EQ(failure([&] {
              resolve_customers(config_with({{"acme", "", "PAGE_UNSET", 4, 12}}), {}, ids, env);
            }),
            "vow.toml:4:12: serve.customers.token_env of \"acme\": the environment variable PAGE_UNSET is not set");
  std::string said = failure([&] {
    resolve_customers(config_with({{"acme", "", "PAGE_SHORT", 4, 12}}), {}, ids, env);
  });
  EXPECT_NE(said.find("the value of PAGE_SHORT is not a usable token"), std::string::npos) << said;
  EXPECT_EQ(said.find("short\""), std::string::npos) << "the value is a secret";
  said = failure([&] {
    resolve_customers(config_with({{"acme", "", "PAGE_READ", 5, 12}}), {{"dash", "read-token-0123456789", false, true}},
                      ids, env);
  });
  EXPECT_NE(said.find("vow.toml:5:12: serve.customers: \"acme\" has the secret of the [[serve.tokens]] entry \"dash\""),
            std::string::npos)
      << said;
  said = failure([&] {
    resolve_customers(config_with({{"acme", "from-env-0123456789abcdef", "", 5, 12}, {"beta", "", "PAGE_OK", 8, 12}}),
                      {}, ids, env);
  });
  EXPECT_NE(said.find("vow.toml:8:12: serve.customers: \"beta\" has the same secret as \"acme\""), std::string::npos)
      << said;
}

TEST(ServeCustomerAccess, LogsNoTokenFromThePath) {
  EXPECT_EQ(loggable_path("/c/acme-secret-0123456789"), "/c/[token]");
  EXPECT_EQ(loggable_path("/c/"), "/c/[token]");
  EXPECT_EQ(loggable_path("/C/acme-secret-0123456789"), "/c/[token]");
  EXPECT_EQ(loggable_path("/x/../c/acme-secret/../../v1"), "/x/../c/[token]");
  EXPECT_EQ(loggable_path("/v1/status"), "/v1/status");
  EXPECT_EQ(loggable_path("/c"), "/c");
  EXPECT_EQ(loggable_path("/v1/hooks/abc"), "/v1/hooks/abc");
}
