// The paths of vow.toml as docs/config.md states them: relative to the
// config file's folder wherever vow runs, and [drafts] templates checked
// only when the key is set.
#include "helpers.hpp"

using namespace vowtest;

TEST(ConfigPaths, APluginsLibraryIsRelativeToTheConfigFilesFolder) {
  auto dir = project("config-library-relative");
  fs::create_directories(dir / "plugins");
  fs::copy_file(PLUGIN_GOOD_SOURCE, dir / "plugins" / "libsource.so");
  write(dir / "vow.toml",
        slurp(dir / "vow.toml") + "[[plugins]]\nname = \"good\"\nlibrary = \"plugins/libsource.so\"\n");
  auto elsewhere = scratch("config-library-relative-elsewhere");
  fs::create_directories(elsewhere / "plugins");  // the same path from here holds no library
  auto r = run_vow(elsewhere, "--config " + fs::relative(dir / "vow.toml", elsewhere).string() + " check");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1 plugins"), std::string::npos) << r.out;
}

TEST(ConfigPaths, TemplatesFoldersMustExistOnlyWhenTheKeyIsSet) {
  auto dir = project("config-templates-default");
  ASSERT_FALSE(fs::exists(dir / "templates"));
  auto unset = run_vow(dir, "check");
  EXPECT_EQ(unset.code, 0) << unset.out;  // the default templates/ need not exist
  write(dir / "vow.toml", slurp(dir / "vow.toml") + "[drafts]\ntemplates = [\"templates\"]\n");
  auto set = run_vow(dir, "check");
  EXPECT_EQ(set.code, 78) << set.out;
  EXPECT_NE(set.out.find("vow.toml:7:14: drafts.templates: "), std::string::npos) << set.out;
  EXPECT_NE(set.out.find("templates is not a folder"), std::string::npos) << set.out;
}
