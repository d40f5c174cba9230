// Verdicts (src/waf/verdict.hpp): the oracle first; otherwise block statuses, block patterns over
// the head and body, resets, pass statuses, and unresolved for everything else.
#include <gtest/gtest.h>

#include <chrono>

#include "waf/verdict.hpp"

namespace proven::waf {
namespace {

Exchange Response(int status, std::string body = {}, std::string head_extra = {}) {
  Exchange e;
  e.transport = Transport::kResponse;
  e.status = status;
  e.head_text = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + head_extra + "\r\n";
  e.body = std::move(body);
  return e;
}
Exchange Wire(Transport t) {
  Exchange e;
  e.transport = t;
  return e;
}
VerdictRules Rules(std::optional<std::string> regex = {}, bool reset_is_block = true) {
  RunSettings s;
  s.block_regex = std::move(regex);
  s.reset_is_block = reset_is_block;
  auto r = MakeVerdictRules(s);
  EXPECT_TRUE(r.has_value());
  return *r;
}

TEST(WafVerdict, WithoutOracle) {
  const auto rules = Rules("Request rejected");
  struct Case {
    Exchange ex;
    Verdict verdict;
    Basis basis;
  };
  const std::vector<Case> cases = {
      {Response(403), Verdict::kBlocked, Basis::kBlockStatus},
      {Response(406), Verdict::kBlocked, Basis::kBlockStatus},
      {Response(200, "<h1>Request rejected</h1>"), Verdict::kBlocked, Basis::kBlockPattern},
      {Response(200, "", "X-Block: Request rejected\r\n"), Verdict::kBlocked, Basis::kBlockPattern},
      {Response(200, "fine"), Verdict::kPassed, Basis::kPassStatus},
      {Response(302), Verdict::kPassed, Basis::kPassStatus},
      {Response(404), Verdict::kPassed, Basis::kPassStatus},
      {Response(400), Verdict::kUnresolved, Basis::kOtherStatus},
      {Response(429), Verdict::kUnresolved, Basis::kOtherStatus},
      {Response(502), Verdict::kUnresolved, Basis::kOtherStatus},
      {Wire(Transport::kReset), Verdict::kBlocked, Basis::kReset},
      {Wire(Transport::kEof), Verdict::kBlocked, Basis::kEof},
      {Wire(Transport::kTimeout), Verdict::kUnresolved, Basis::kTimeout},
      {Wire(Transport::kConnectFailed), Verdict::kUnresolved, Basis::kConnectFailed},
      {Wire(Transport::kMalformed), Verdict::kUnresolved, Basis::kMalformed},
  };
  for (const auto& c : cases) {
    const auto o = Judge(c.ex, rules, std::nullopt);
    EXPECT_EQ(o.verdict, c.verdict) << c.ex.status << " " << Code(c.ex.transport);
    EXPECT_EQ(o.basis, c.basis) << c.ex.status << " " << Code(c.ex.transport);
    EXPECT_FALSE(o.inconsistent);
  }
}

TEST(WafVerdict, BlockPageWith200IsAPassWithoutTheRegex) {
  const auto o = Judge(Response(200, "<h1>Request rejected</h1>"), Rules(), std::nullopt);
  EXPECT_EQ(o.verdict, Verdict::kPassed);
}

TEST(WafVerdict, ResetsCanBeLeftUnresolved) {
  const auto rules = Rules({}, /*reset_is_block=*/false);
  EXPECT_EQ(Judge(Wire(Transport::kReset), rules, std::nullopt).verdict, Verdict::kUnresolved);
  EXPECT_EQ(Judge(Wire(Transport::kEof), rules, std::nullopt).basis, Basis::kEof);
}

TEST(WafVerdict, OracleDecidesAndFlagsDisagreement) {
  const auto rules = Rules();
  auto o = Judge(Response(200), rules, true);
  EXPECT_EQ(o.verdict, Verdict::kPassed);
  EXPECT_EQ(o.basis, Basis::kOracleReached);
  EXPECT_FALSE(o.inconsistent);
  // Reached the backend, yet a 403 came back (DetectionOnly would never do this; a response rule might).
  o = Judge(Response(403), rules, true);
  EXPECT_EQ(o.verdict, Verdict::kPassed);
  EXPECT_TRUE(o.inconsistent);
  // 400 from ModSecurity's base rules (200002/200003) is a block when the backend never saw it.
  o = Judge(Response(400), rules, false);
  EXPECT_EQ(o.verdict, Verdict::kBlocked);
  EXPECT_EQ(o.basis, Basis::kOracleNotReached);
  EXPECT_FALSE(o.inconsistent);
  o = Judge(Response(200, "ok"), rules, false);
  EXPECT_EQ(o.verdict, Verdict::kBlocked);
  EXPECT_TRUE(o.inconsistent);
  o = Judge(Wire(Transport::kReset), rules, false);
  EXPECT_EQ(o.verdict, Verdict::kBlocked);
  o = Judge(Wire(Transport::kTimeout), rules, false);
  EXPECT_EQ(o.verdict, Verdict::kUnresolved);
  EXPECT_EQ(o.basis, Basis::kTimeout);
  o = Judge(Wire(Transport::kConnectFailed), rules, false);
  EXPECT_EQ(o.basis, Basis::kConnectFailed);
  o = Judge(Wire(Transport::kTimeout), rules, true);
  EXPECT_EQ(o.verdict, Verdict::kPassed);
}

// PCRE2 with a match limit: a 64 KiB body and a pattern that backtracks exponentially neither crash
// (libstdc++'s std::regex overflows its stack on such bodies) nor hang; patterns match bytes.
TEST(WafVerdict, BlockRegexOverLongBodiesNeitherCrashesNorHangs) {
  const auto rules = Rules("(a|aa)*c");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Judge(Response(200, std::string(64 * 1024, 'a')), rules, std::nullopt).verdict, Verdict::kPassed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  const auto ja = Rules("アクセスが拒否されました");
  EXPECT_EQ(Judge(Response(200, "<p>アクセスが拒否されました</p>"), ja, std::nullopt).basis, Basis::kBlockPattern);
  std::string binary = "\xff\xfe" + std::string(1000, '\0') + "blocked by policy";
  EXPECT_EQ(Judge(Response(200, binary), Rules("blocked by (policy|rule)"), std::nullopt).basis, Basis::kBlockPattern);
}

TEST(WafVerdict, InvalidRulesNameTheSetting) {
  RunSettings s;
  s.block_regex = "([unclosed";
  auto r = MakeVerdictRules(s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "block_regex");
  s.block_regex = "";
  EXPECT_EQ(MakeVerdictRules(s).error().field, "block_regex");
  s.block_regex.reset();
  s.block_status = {403, 1000};
  r = MakeVerdictRules(s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "block_status");
  EXPECT_NE(r.error().message.find("1000"), std::string::npos);
}

}  // namespace
}  // namespace proven::waf
