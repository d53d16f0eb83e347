// The loader against real shared libraries: one good plugin and a catalogue
// of broken ones, each refused with one clear message naming plugin and file.
#include "helpers.hpp"
#include "ledger/ledger.hpp"
#include "plugins/plugin.hpp"
#include "vow/error.hpp"

using namespace vowtest;

namespace {

std::string load_error(const std::string& path) {
  try {
    auto lib = vow::PluginLibrary::load("probe", path);
    vow::PluginInstance instance(lib, "{}");
  } catch (const vow::Error& e) {
    EXPECT_EQ(e.code(), vow::Exit::BadConfig);
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Plugins, GoodSourceRunsThroughTheAbi) {
  auto lib = vow::PluginLibrary::load("good", PLUGIN_GOOD_SOURCE);
  EXPECT_STREQ(lib->api().name, "test_good_source");
  vow::PluginInstance p(lib, "{}");
  EXPECT_TRUE(p.is_source());
  EXPECT_FALSE(p.is_sink());
  p.feed("f", "o1\no2\n");
  std::string out;
  while (p.next_batch(out)) {
  }
  EXPECT_EQ(out,
            "{\"id\":\"good:f:1\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o1\"}\n"
            "{\"id\":\"good:f:2\",\"type\":\"outage.ended\",\"at\":\"2026-10-02T10:00:00Z\",\"outage\":\"o2\"}\n");
}

TEST(Plugins, ARawCTableLoads) {
  EXPECT_EQ(load_error(PLUGIN_RAW_OK), "");
}

struct Broken {
  const char* name;
  std::string path;
  const char* message;
};

class BrokenPlugin : public ::testing::TestWithParam<Broken> {};

TEST_P(BrokenPlugin, IsRefusedWithOneClearMessage) {
  std::string msg = load_error(GetParam().path);
  EXPECT_NE(msg.find("plugin probe (" + GetParam().path + "): "), std::string::npos) << msg;
  EXPECT_NE(msg.find(GetParam().message), std::string::npos) << msg;
}

std::string not_a_library() {
  auto dir = scratch("not-a-lib");
  write(dir / "libfake.so", "this is text, not ELF\n");
  return (dir / "libfake.so").string();
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, BrokenPlugin,
    ::testing::Values(Broken{"missing_file", "/nonexistent/libvow_nothing.so", "no such file"},
                      Broken{"not_a_shared_library", not_a_library(), "is not a shared library"},
                      Broken{"no_entry_symbol", PLUGIN_NO_ENTRY, "exports no vow_plugin_entry symbol"},
                      Broken{"abi_major_mismatch", PLUGIN_ABI_MAJOR, "was built for plugin ABI 2.0"},
                      Broken{"plugin_newer_than_host", PLUGIN_ABI_NEWER, "needs plugin ABI 1.99, newer than this vow"},
                      Broken{"source_without_next_batch", PLUGIN_NO_NEXT,
                             "has no next_batch function, which SOURCE requires"},
                      Broken{"create_fails", PLUGIN_CREATE_FAILS, "create failed: config: \"url\" is required"}),
    [](const auto& p) { return std::string(p.param.name); });

namespace {

fs::path plugin_project(const std::string& name, const std::string& library) {
  auto dir = project(name);
  write(dir / "vow.toml",
        "[store]\npath = \"vow.db\"\n\n[rules]\npaths = [\"rules\"]\n\n[[plugins]]\nname = \"good\"\n"
        "library = \"" +
            library + "\"\n[plugins.config]\nsite = \"x\"\n");
  return dir;
}

}  // namespace

TEST(Import, DryRunPrintsTheNormalizedEvents) {
  auto dir = plugin_project("import-dry", PLUGIN_GOOD_SOURCE);
  write(dir / "a.txt", "o1\no2\n");
  auto r = run_vow(dir, "import good a.txt --dry-run");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("{\"id\":\"good:a.txt:2\",\"type\":\"outage.ended\""), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "vow.db"));
}

TEST(Import, StoresThroughTheIngestPathAndIsIdempotent) {
  auto dir = plugin_project("import-store", PLUGIN_GOOD_SOURCE);
  write(dir / "a.txt", "o1\no2\n");
  auto first = run_vow(dir, "import good a.txt");
  EXPECT_EQ(first.code, 0) << first.out;
  EXPECT_NE(first.out.find("plugin good: 2 new, 0 duplicate"), std::string::npos) << first.out;
  auto again = run_vow(dir, "import good a.txt");
  EXPECT_NE(again.out.find("plugin good: 0 new, 2 duplicate"), std::string::npos) << again.out;
}

TEST(Import, InvalidConnectorOutputIsNamedAndNothingIsStored) {
  auto dir = plugin_project("import-invalid", PLUGIN_GOOD_SOURCE);
  write(dir / "a.txt", "o1\n!invalid\n");
  auto r = run_vow(dir, "import good a.txt");
  EXPECT_EQ(r.code, 65) << r.out;
  EXPECT_NE(r.out.find("plugin good:2: missing field \"outage\""), std::string::npos) << r.out;
  vow::Ledger ledger((dir / "vow.db").string());
  EXPECT_EQ(ledger.count(), 0);
  EXPECT_EQ(run_vow(dir, "import good a.txt --dry-run").code, 65);
}

TEST(Import, UnknownPluginIsAUsageError) {
  auto dir = plugin_project("import-unknown", PLUGIN_GOOD_SOURCE);
  auto r = run_vow(dir, "import zendesk x.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("no plugin named zendesk in vow.toml (configured: good)"), std::string::npos) << r.out;
}

TEST(Pull, RunsEverySourceOnce) {
  auto dir = plugin_project("pull", PLUGIN_GOOD_SOURCE);
  auto r = run_vow(dir, "pull");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("plugin good: 0 new, 0 duplicate"), std::string::npos) << r.out;
}

TEST(Check, ReportsPluginProblems) {
  auto dir = plugin_project("check-plugin", PLUGIN_ABI_MAJOR);
  auto r = run_vow(dir, "check");
  EXPECT_EQ(r.code, 78);
  EXPECT_NE(r.out.find("vow.toml:7: plugin good (" PLUGIN_ABI_MAJOR "): was built for plugin ABI 2.0"),
            std::string::npos)
      << r.out;
  auto ok = plugin_project("check-plugin-ok", PLUGIN_GOOD_SOURCE);
  EXPECT_EQ(run_vow(ok, "check").code, 0);
}
