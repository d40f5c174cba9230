// `proven waf run`'s settings from its flags (the polite profile, loopback-only unlimited) and the
// writing of a run's outputs (cli/waf_cli.hpp).
#include <gtest/gtest.h>

#include <fstream>

#include "cli/waf_cli.hpp"
#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/oracle_backend.hpp"

namespace proven::cli {
namespace {

TEST(WafCli, LoopbackRunsUnlimitedOthersPolitely) {
  WafRunFlags f;
  auto loop = ResolveRunSettings(f, true);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->profile, "unlimited");
  EXPECT_FALSE(loop->rate);
  EXPECT_EQ(loop->connections, kLoopbackConnections);
  auto remote = ResolveRunSettings(f, false);
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->profile, "polite");
  EXPECT_EQ(*remote->rate, 20);
  EXPECT_EQ(remote->connections, 2);
  EXPECT_EQ(remote->block_status, (std::vector<int>{403, 406}));
  EXPECT_EQ(remote->preflight, "strict");

  f.rate = "unlimited";
  EXPECT_TRUE(ResolveRunSettings(f, true));
  auto refused = ResolveRunSettings(f, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "rate");
  EXPECT_NE(refused.error().message.find("only for a target on this machine"), std::string::npos);

  f.rate = "5";
  EXPECT_EQ(ResolveRunSettings(f, false)->profile, "polite");
  f.rate = "200.5";
  auto custom = ResolveRunSettings(f, false);
  EXPECT_EQ(custom->profile, "custom");
  EXPECT_DOUBLE_EQ(*custom->rate, 200.5);
  for (const char* bad : {"0", "-3", "fast", "1e9", "nan", "10x"}) {
    f.rate = bad;
    auto r = ResolveRunSettings(f, true);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "rate");
  }
}

TEST(WafCli, FlagsAreCheckedNamingTheFlag) {
  auto field_of = [](WafRunFlags f) {
    auto r = ResolveRunSettings(f, true);
    return r ? std::string() : r.error().field;
  };
  WafRunFlags f;
  f.connections = 0;
  EXPECT_EQ(field_of(f), "connections");
  f = {};
  f.timeout_ms = 0;
  EXPECT_EQ(field_of(f), "timeout");
  f = {};
  f.preflight = "lenient";
  EXPECT_EQ(field_of(f), "preflight");
  f = {};
  f.canary_every = -1;
  EXPECT_EQ(field_of(f), "canary-every");
  f = {};
  f.block_regex = "(unclosed";
  EXPECT_EQ(field_of(f), "block-regex");
  f = {};
  f.block_status = "403,abc";
  EXPECT_EQ(field_of(f), "block-status");
  f = {};
  f.block_regex = "Access denied|blocked by";
  f.block_status = " 403 , 406,403,999 ";
  EXPECT_EQ(field_of(f), "block-status");
  f.block_status = " 403 , 406,403,400 ";
  auto s = ResolveRunSettings(f, true);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->block_status, (std::vector<int>{403, 406, 400}));
  EXPECT_EQ(*s->block_regex, "Access denied|blocked by");
  EXPECT_FALSE(ParseStatusList(""));
  EXPECT_FALSE(ParseStatusList("403,"));
}

TEST(WafCli, OracleListenIsAnIpAddressOrLocalhostAndAPort) {
  struct Good {
    const char* text;
    const char* host;
    int port;
  };
  for (const Good& g : {Good{"127.0.0.1:8081", "127.0.0.1", 8081}, Good{"localhost:1", "127.0.0.1", 1},
                        Good{"0.0.0.0:65535", "0.0.0.0", 65535}, Good{"[::1]:0", "::1", 0}, Good{"10.1.2.3:0", "10.1.2.3", 0}}) {
    auto a = waf::ParseListenAddress(g.text);
    ASSERT_TRUE(a) << g.text << ": " << a.error().message;
    EXPECT_EQ(a->host, g.host) << g.text;
    EXPECT_EQ(a->port, g.port) << g.text;
  }
  for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", ":8081", "example.com:8081", "127.0.0.1:65536", "127.0.0.1:-1",
                          "127.0.0.1:+80", "127.0.0.1:80x", "::1:8081", "[127.0.0.1]:80", "[::1]", "localhost:http",
                          "127.0.0.256:80"}) {
    auto a = waf::ParseListenAddress(bad);
    ASSERT_FALSE(a) << bad;
    EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(a.error().field, "oracle_listen") << bad;
    EXPECT_NE(a.error().message.find("give HOST:PORT"), std::string::npos) << a.error().message;
  }
}

TEST(WafCli, WritesEveryOutputThatReadsBack) {
  testing::TempDir dir;
  auto s = testing_waf::MakeSampleRun(4, 9);
  WafOutputs out;
  out.report = (dir / "run.json").string();
  out.html = (dir / "run.html").string();
  out.junit = (dir / "run.xml").string();
  out.lang = "en";
  out.target_name = "Test WAF";
  auto summary = WriteRunOutputs(out, s.plan, s.target, s.settings, s.run);
  ASSERT_TRUE(summary) << summary.error().message << " " << summary.error().detail;
  EXPECT_EQ(summary->requests_file, "run.jsonl");
  EXPECT_EQ(summary->target_name, "Test WAF");
  const std::string jsonl = testing::ReadFile(dir / "run.jsonl");
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), static_cast<long>(s.plan.requests.size()));
  auto again = waf::ReadReport(testing::ReadFile(dir / "run.json"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->grade, summary->grade);
  EXPECT_NE(testing::ReadFile(dir / "run.html").find("Results by category"), std::string::npos);
  EXPECT_NE(testing::ReadFile(dir / "run.xml").find("<testsuites name=\"proven waf\""), std::string::npos);
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << "no temporary file left: " << e.path();
  }

  out.lang = "fr";
  EXPECT_FALSE(WriteRunOutputs(out, s.plan, s.target, s.settings, s.run));
  out.lang = "ja";
  out.report = (dir / "missing-dir" / "run.json").string();
  out.requests = (dir / "elsewhere.jsonl").string();
  auto failed = WriteRunOutputs(out, s.plan, s.target, s.settings, s.run);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("cannot write"), std::string::npos);
}

}  // namespace
}  // namespace proven::cli
