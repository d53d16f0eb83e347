// Bearer tokens of vow serve: found by comparing every byte of every one.
#include <gtest/gtest.h>

#include <string>

#include "serve/tokens.hpp"
#include "vow/error.hpp"

using namespace vow;
using namespace vow::serve;

TEST(ServeTokens, SameSecretIsExactByteEquality) {
  EXPECT_TRUE(same_secret("0123456789abcdef", "0123456789abcdef"));
  EXPECT_TRUE(same_secret("", ""));
  EXPECT_FALSE(same_secret("0123456789abcdef", "0123456789abcdeF"));
  EXPECT_FALSE(same_secret("0123456789abcdef", "1123456789abcdef"));
  EXPECT_FALSE(same_secret("0123456789abcdef", "0123456789abcde"));  // a prefix
  EXPECT_FALSE(same_secret("0123456789abcde", "0123456789abcdef"));  // longer
  EXPECT_FALSE(same_secret("abc", std::string("abc\0", 4)));         // a NUL past the end
  EXPECT_FALSE(same_secret("", "a"));
  // Every byte value, at every place of a 16-byte secret.
  std::string secret = "0123456789abcdef";
  for (size_t i = 0; i < secret.size(); ++i)
    for (int b = 0; b < 256; ++b) {
      std::string other = secret;
      other[i] = static_cast<char>(b);
      EXPECT_EQ(same_secret(secret, other), other == secret) << i << " " << b;
    }
}

TEST(ServeTokens, FindsTheOneCredentialWhoseSecretMatches) {
  std::vector<Credential> all{{"ci", "ingest-0123456789abc", true, false},
                              {"dash", "read-0123456789abcdef", false, true},
                              {"ops", "ops-0123456789abcdefgh", true, true}};
  EXPECT_EQ(find_credential(all, "read-0123456789abcdef"), &all[1]);
  EXPECT_EQ(find_credential(all, "ops-0123456789abcdefgh"), &all[2]);
  EXPECT_EQ(find_credential(all, "ingest-0123456789abc"), &all[0]);
  EXPECT_EQ(find_credential(all, "read-0123456789abcde"), nullptr);
  EXPECT_EQ(find_credential(all, ""), nullptr);
  EXPECT_EQ(find_credential({}, "read-0123456789abcdef"), nullptr);
}

TEST(ServeTokens, BearerHeader) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_EQ(bearer_token("BEARER abc"), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer"));
  EXPECT_FALSE(bearer_token("Bearer "));
  EXPECT_FALSE(bearer_token("Bearerabc"));
  EXPECT_FALSE(bearer_token(""));
}

TEST(ServeTokens, SecretsFromTheEnvironment) {
  WorkspaceConfig c;
  c.file = "vow.toml";
  c.serve.tokens.push_back({"ops", "", "OPS_TOKEN", {"read"}, 7});
  auto from = [](const char* value) { return [value](const char*) { return value; }; };
  auto got = resolve_tokens(c, from("0123456789abcdef0123"));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].secret, "0123456789abcdef0123");
  EXPECT_TRUE(got[0].read);
  EXPECT_FALSE(got[0].ingest);
  try {
    resolve_tokens(c, from(nullptr));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadConfig);
    EXPECT_STREQ(e.what(),
                 "vow.toml:7: serve.tokens.token_env of \"ops\": the environment variable OPS_TOKEN is not set");
  }
  try {
    resolve_tokens(c, from("short secret"));
    FAIL();
  } catch (const Error& e) {
    // Its value is not repeated.
    EXPECT_EQ(std::string(e.what()).find("short secret"), std::string::npos) << e.what();
  }
}
