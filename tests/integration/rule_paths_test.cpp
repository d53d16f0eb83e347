// Rule paths that cannot be looked up (a loop of symbolic links, a name over
// NAME_MAX, a path over PATH_MAX) are config errors naming the path, exit 78.
#include <climits>

#include "helpers.hpp"

using namespace vowtest;

struct BadRulePath {
  const char* name;
  bool in_folder;  // the bad path is inside the rules folder, not in rules.paths itself
};

class RulePath : public ::testing::TestWithParam<BadRulePath> {};

TEST_P(RulePath, Exits78NamingThePath) {
  auto dir = project(std::string("rule-path-") + GetParam().name);
  std::string name = GetParam().name;
  fs::path bad;
  if (name.rfind("loop", 0) == 0) {
    fs::path base = GetParam().in_folder ? dir / "rules" : dir;
    fs::create_symlink("b.lua", base / "a.lua");
    fs::create_symlink("a.lua", base / "b.lua");
    bad = base / "a.lua";
  } else if (name == "long_component") {
    bad = dir / (std::string(NAME_MAX + 10, 'r') + ".lua");
  } else {
    std::string deep;
    while (deep.size() < PATH_MAX + 100) deep += "/abcdefghij";
    bad = dir.string() + deep + ".lua";
  }
  if (!GetParam().in_folder)
    write(dir / "vow.toml", "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\", \"" + bad.string() + "\"]\n");
  for (const char* cmd : {"check", "report --period 2026-10"}) {
    auto r = run_vow(dir, cmd);
    EXPECT_EQ(r.code, 78) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find(bad.filename().string().substr(0, 40)), std::string::npos) << cmd << ": " << r.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, RulePath,
                         ::testing::Values(BadRulePath{"loop", false}, BadRulePath{"loop_in_folder", true},
                                           BadRulePath{"long_component", false}, BadRulePath{"long_path", false}),
                         [](const auto& p) { return std::string(p.param.name); });
