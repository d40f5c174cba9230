// Target URLs (src/waf/target.hpp): http only, each wrong part named; loopback by resolution.
#include <gtest/gtest.h>

#include "waf/runner.hpp"
#include "waf/target.hpp"

namespace proven::waf {
namespace {

TEST(WafTarget, ParsesHostPortAndBase) {
  auto t = ParseTargetSyntax("http://waf.example.jp:8080/app/");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_EQ(t->host, "waf.example.jp");
  EXPECT_EQ(t->port, "8080");
  EXPECT_EQ(t->base_path, "/app");
  EXPECT_EQ(t->authority, "waf.example.jp:8080");
  t = ParseTargetSyntax("HTTP://10.0.0.1");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->port, "80");
  EXPECT_EQ(t->authority, "10.0.0.1");
  EXPECT_EQ(t->base_path, "");
  t = ParseTargetSyntax("http://[::1]:9000/");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->authority, "[::1]:9000");
}

TEST(WafTarget, ErrorsNameThePart) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "url"},
      {"waf.example.jp", "scheme"},
      {"https://waf.example.jp", "scheme"},
      {"ftp://waf.example.jp", "scheme"},
      {"http://", "host"},
      {"http://user@waf.example.jp", "host"},
      {"http://waf example.jp", "url"},
      {"http://waf.example.jp:", "port"},
      {"http://waf.example.jp:0", "port"},
      {"http://waf.example.jp:65536", "port"},
      {"http://waf.example.jp:80a", "port"},
      {"http://[::1", "host"},
      {"http://[nothex]:80", "host"},
      {"http://waf.example.jp/a?b=c", "path"},
      {"http://waf.example.jp/#x", "path"},
      {"http://wa$f.example.jp", "host"},
  };
  for (const auto& [url, field] : bad) {
    auto t = ParseTargetSyntax(url);
    ASSERT_FALSE(t.has_value()) << url;
    EXPECT_EQ(t.error().field, field) << url << ": " << t.error().message;
    EXPECT_NE(t.error().message.find("target"), std::string::npos) << t.error().message;
  }
}

TEST(WafTarget, LoopbackByResolution) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.8.9.10"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]"));
  EXPECT_TRUE(IsLoopbackAddress("::ffff:127.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("::"));
  EXPECT_FALSE(IsLoopbackAddress("localhost"));  // a name, not an address
  auto t = ParseTarget("http://localhost:8080");
  ASSERT_TRUE(t.has_value()) << t.error().message;
  EXPECT_TRUE(t->loopback);
  t = ParseTarget("http://127.0.0.1:8080");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->loopback);
  t = ParseTarget("http://192.0.2.1");  // TEST-NET-1: resolves to itself without DNS
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->loopback);
  t = ParseTarget("http://no-such-host.invalid");
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().field, "host");
}

TEST(WafTarget, ProfilesByTarget) {
  Target local;
  local.host = "127.0.0.1";
  local.loopback = true;
  Target remote;
  remote.host = "192.0.2.1";
  auto e = EffectiveSettings(RunSettings{}, local);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->profile, "unlimited");
  EXPECT_FALSE(e->rate.has_value());
  EXPECT_EQ(e->connections, 32);
  e = EffectiveSettings(RunSettings{}, remote);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->profile, "polite");
  EXPECT_EQ(e->rate, 20.0);
  EXPECT_EQ(e->connections, 2);
  EXPECT_EQ(e->timeout_ms, 30000);
  RunSettings s;
  s.profile = "unlimited";
  EXPECT_EQ(EffectiveSettings(s, remote).error().field, "profile");
  s = RunSettings{};
  s.rate = 0.0;
  s.profile = "custom";
  EXPECT_EQ(EffectiveSettings(s, remote).error().field, "rate");
  s = RunSettings{};
  s.preflight = "sometimes";
  EXPECT_EQ(EffectiveSettings(s, local).error().field, "preflight");
}

}  // namespace
}  // namespace proven::waf
