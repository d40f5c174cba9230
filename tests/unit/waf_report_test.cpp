// The reports of a WAF run (src/waf/report.hpp): the JSON report's fields and its reading back with
// validation, the JSONL and JUnit files, and compare.
#include <gtest/gtest.h>

#include <sstream>

#include "support/waf_fixtures.hpp"
#include "waf/encoders.hpp"
#include "waf/metrics.hpp"
#include "waf/plan.hpp"
#include "waf/report.hpp"

namespace proven::waf {
namespace {

using nlohmann::ordered_json;
using testing_waf::MakeSampleRun;

ordered_json SampleReport(int miss = 5, int fp_every = 0) {
  const auto s = MakeSampleRun(miss, fp_every);
  return ReportJson(s.plan, s.target, s.settings, s.run, Score(s.plan, s.run), {"0.1.0", "Null WAF", "run.jsonl"});
}

TEST(WafReport, JsonHasTheFieldsTheIssueNames) {
  const auto j = SampleReport();
  EXPECT_EQ(j["schema_version"], "proven.waf.report/1");
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["corpus"]["fingerprint"], "sha256:" + std::string(64, 'c'));
  EXPECT_EQ(j["corpus"]["requests"], 187);
  EXPECT_EQ(j["corpus"]["robustness_requests"], 12);
  EXPECT_EQ(j["corpus"]["sources"][0]["licence"], "MIT");
  EXPECT_EQ(j["target"]["ruleset"], "OWASP_CRS/3.3.4 PL1 <test & \"quoted\">");
  EXPECT_EQ(j["target"]["name"], "Null WAF");
  EXPECT_EQ(j["oracle"]["kind"], "response");
  EXPECT_EQ(j["oracle"]["block_status"], ordered_json::array({403, 406}));
  EXPECT_TRUE(j["oracle"]["block_regex"].is_null());
  EXPECT_EQ(j["settings"]["rate"], "unlimited");
  EXPECT_EQ(j["run"]["requests"], 187);
  EXPECT_DOUBLE_EQ(j["run"]["seconds"].get<double>(), 1.5);
  EXPECT_NEAR(j["run"]["requests_per_second"].get<double>(), 124.666667, 1e-9);
  EXPECT_EQ(j["run"]["bases"]["block_status"].get<int>() + j["run"]["bases"]["pass_status"].get<int>(), 187);
  const auto& h = j["headline"];
  for (const char* k : {"balanced_accuracy", "tpr", "fpr"}) {
    ASSERT_TRUE(h[k].is_number()) << k;
    EXPECT_GE(h[k].get<double>(), 0);
    EXPECT_LE(h[k].get<double>(), 1);
  }
  EXPECT_EQ(h["categories_scored"], 3);
  EXPECT_EQ(h["grade"], "A") << h.dump();
  EXPECT_DOUBLE_EQ(h["fpr"].get<double>(), 0);
  EXPECT_EQ(h["formula"], std::string(FormulaText()));
  EXPECT_EQ(j["categories"].size(), 5u);  // general, path-traversal, rce, sqli, xss
  EXPECT_EQ(j["categories"][4]["name"], "xss");
  EXPECT_FALSE(j["categories"][4]["scored"].get<bool>());
  EXPECT_EQ(j["robustness"]["pooled"]["attacks"], 12);
  EXPECT_EQ(j["requests_file"], "run.jsonl");
  // numbers are rounded to 6 decimals
  const double tpr = h["tpr"].get<double>();
  EXPECT_DOUBLE_EQ(tpr, std::round(tpr * 1e6) / 1e6);
}

TEST(WafReport, ReadsItsOwnReportBack) {
  const auto j = SampleReport(4, 7);
  auto r = ReadReport(j.dump());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->grade, j["headline"]["grade"]);
  EXPECT_EQ(r->headline.categories, 3);
  EXPECT_EQ(r->seed, 42u);
  EXPECT_EQ(r->slices.categories.size(), 5u);
  EXPECT_EQ(r->requests, 187);
  EXPECT_EQ(r->sources.size(), 2u);
  EXPECT_FALSE(r->worst_false_positives.empty());
  EXPECT_NEAR(*r->headline.ba, j["headline"]["balanced_accuracy"].get<double>(), 1e-12);
}

void ExpectRejected(ordered_json j, const std::string& field, const std::string& text) {
  auto r = ReadReport(j.dump());
  ASSERT_FALSE(r) << "accepted; expected an error on " << field;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
}

TEST(WafReport, RejectsReportsThatDoNotAddUp) {
  const auto good = SampleReport(4, 7);
  EXPECT_FALSE(ReadReport("{not json"));
  EXPECT_FALSE(ReadReport("[]"));
  auto j = good;
  j["schema_version"] = "proven.waf.report/2";
  ExpectRejected(j, "schema_version", "this proven reads proven.waf.report/1");
  j = good;
  j["headline"].erase("grade");
  ExpectRejected(j, "headline.grade", "is missing");
  j = good;
  j["headline"]["grade"] = "A+";
  ExpectRejected(j, "headline.grade", "one of");
  j = good;
  j["headline"]["grade"] = good["headline"]["grade"] == "A" ? "B" : "A";
  ExpectRejected(j, "headline.grade", "the categories give");
  j = good;
  j["headline"]["tpr"] = 0.999;
  ExpectRejected(j, "headline.tpr", "its counts give");
  j = good;
  j["headline"]["fpr"] = 1.5;
  ExpectRejected(j, "headline.fpr", "from 0 to 1");
  j = good;
  j["categories"][1]["blocked"] = j["categories"][1]["blocked"].get<int>() + 1;
  ExpectRejected(j, "categories[1].tpr", "its counts give");
  j = good;
  j["categories"][1]["blocked"] = 1000;
  ExpectRejected(j, "categories[1].blocked", "more than attacks");
  j = good;
  j["categories"][4]["scored"] = true;
  ExpectRejected(j, "categories[4].scored", "does not follow");
  j = good;
  j["categories"][2]["attacks"] = -1;
  ExpectRejected(j, "categories[2].attacks", "whole number");
  j = good;
  j["run"]["seconds"] = "fast";
  ExpectRejected(j, "run.seconds", "number");
  j = good;
  j["headline"]["tpr_ci"] = ordered_json::array({0.9, 0.1});
  ExpectRejected(j, "headline.tpr_ci", "low <= high");
  j = good;
  j["categories"].erase(1);
  ExpectRejected(j, "headline.categories_scored", "scored");
}

TEST(WafReport, EncoderSlicesSayWhereEachEncoderIsDecoded) {
  const auto good = SampleReport(4, 7);
  ASSERT_FALSE(good["encoders"].empty());
  for (const auto& e : good["encoders"]) {
    const auto encoder = EncoderFromCode(e["name"].get<std::string>());
    ASSERT_TRUE(encoder) << e["name"];
    ordered_json want = ordered_json::array();
    for (const Placement p : DecodedIn(*encoder)) want.push_back(std::string(Code(p)));
    EXPECT_EQ(e["decoded_in"], want) << e["name"];
  }
  EXPECT_EQ(good["encoders"][0]["name"], "plain");
  EXPECT_EQ(good["encoders"][0]["decoded_in"].size(), AllPlacements().size()) << "plain is decoded everywhere";
  EXPECT_FALSE(good["robustness"]["encoders"].empty());
  EXPECT_FALSE(good["robustness"]["encoders"][0].contains("decoded_in")) << "only the headline slices carry it";
  auto r = ReadReport(good.dump());
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->decoded_in.contains("plain"));
  EXPECT_EQ(r->decoded_in["plain"].front(), "query");

  // Informative: a report written before decoded_in existed reads back without it.
  auto j = good;
  for (auto& e : j["encoders"]) e.erase("decoded_in");
  r = ReadReport(j.dump());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->decoded_in.empty());
  // When given, a list of distinct placement codes.
  j = good;
  j["encoders"][0]["decoded_in"] = "query";
  ExpectRejected(j, "encoders[0].decoded_in", "list of placement codes");
  j = good;
  j["encoders"][0]["decoded_in"] = ordered_json::array({"query", "nowhere"});
  ExpectRejected(j, "encoders[0].decoded_in", "list of placement codes");
  j = good;
  j["encoders"][0]["decoded_in"] = ordered_json::array({"query", "query"});
  ExpectRejected(j, "encoders[0].decoded_in", "repeats query");
  // This proven's plan version: the table itself (in any order); another version keeps its own list.
  j = good;
  j["corpus"]["plan_version"] = std::string(kPlanVersion);
  auto reversed = j["encoders"][0]["decoded_in"];
  std::reverse(reversed.begin(), reversed.end());
  j["encoders"][0]["decoded_in"] = reversed;
  EXPECT_TRUE(ReadReport(j.dump()));
  j["encoders"][0]["decoded_in"] = ordered_json::array({"query"});
  ExpectRejected(j, "encoders[0].decoded_in", "is not where plain is decoded in plan version");
  j["corpus"]["plan_version"] = "proven.waf.plan/0";
  r = ReadReport(j.dump());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->decoded_in["plain"], (std::vector<std::string>{"query"}));
}

TEST(WafReport, JsonlOneLinePerRequestInPlanOrder) {
  auto s = MakeSampleRun();
  s.run.results.pop_back();  // the last request has no result: unresolved
  std::ostringstream out;
  WriteJsonl(out, s.plan, s.run);
  std::istringstream in(out.str());
  std::string line;
  std::size_t n = 0;
  ordered_json last;
  while (std::getline(in, line)) {
    last = ordered_json::parse(line);
    EXPECT_EQ(last["i"], n);
    EXPECT_EQ(last["id"], s.plan.requests[n].id);
    ++n;
  }
  EXPECT_EQ(n, s.plan.requests.size());
  const auto first = ordered_json::parse(out.str().substr(0, out.str().find('\n')));
  EXPECT_EQ(first.dump(),
            R"({"i":0,"id":"0000000000000000","case":"test/sqli/block-0","source":"gotestwaf","category":"sqli",)"
            R"("expect":"block","placement":"query","encoder":"url","headline":true,"verdict":"passed",)"
            R"("basis":"pass_status","status":200,"inconsistent":false,"latency_us":800,"attempts":1,"window":0})");
  EXPECT_EQ(last["verdict"], "unresolved");
  EXPECT_TRUE(last["basis"].is_null());
}

TEST(WafReport, JunitCountsFailuresAndSkipsAndEscapes) {
  auto s = MakeSampleRun(5, 10);
  s.plan.requests[1].case_id = "x<&\"'>\x01";
  s.run.results[2].verdict = Verdict::kUnresolved;
  s.run.results[2].basis = Basis::kTimeout;
  const std::string xml = JunitXml(s.plan, s.run);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"proven waf\" tests=\"187\"", 0), 0u)
      << xml.substr(0, 200);
  EXPECT_NE(xml.find("name=\"x&lt;&amp;&quot;&apos;&gt;? ["), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"unresolved: timeout\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"expected block; passed (pass_status, status 200)\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"expected allow; blocked (block_status, status 403)\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"waf.general\""), std::string::npos);
  EXPECT_NE(xml.find("classname=\"waf.sqli.query.url\""), std::string::npos);
  // failures: every 5th attack passes, every 10th benign is blocked; request 2 is now skipped
  int attacks_missed = 0, fps = 0, benign = 0;
  for (std::size_t i = 0; i < s.plan.requests.size(); ++i) {
    if (i == 2) continue;
    if (s.plan.requests[i].expect == Expect::kBlock) {
      attacks_missed += i % 5 == 0;
    } else {
      fps += ++benign % 10 == 0;
    }
  }
  EXPECT_NE(xml.find("failures=\"" + std::to_string(attacks_missed + fps) + "\" skipped=\"1\""), std::string::npos);
}

TEST(WafReport, CompareGivesDeltasOverlapAndWarnings) {
  auto a = ReadReport(SampleReport(50, 0).dump());
  auto s = MakeSampleRun(2, 3);
  s.plan.seed = 7;
  s.plan.corpus_fingerprint = "sha256:other";
  auto b = ReadReport(
      ReportJson(s.plan, s.target, s.settings, s.run, Score(s.plan, s.run), {"0.1.0", "", ""}).dump());
  ASSERT_TRUE(a && b);
  const auto c = Compare(*a, *b);
  EXPECT_EQ(c["warnings"].size(), 2u) << c["warnings"].dump();
  EXPECT_NE(c["warnings"][0].get<std::string>().find("corpus fingerprints differ"), std::string::npos);
  const auto& ba = c["headline"]["balanced_accuracy"];
  EXPECT_LT(ba["delta"].get<double>(), 0);
  EXPECT_FALSE(ba["intervals_overlap"].get<bool>());
  EXPECT_TRUE(Regressed(c));
  EXPECT_TRUE(c["headline"]["grade"]["changed"].get<bool>());
  EXPECT_EQ(c["categories"].size(), 5u);
  EXPECT_TRUE(c["categories"][3]["significant"].get<bool>()) << c["categories"][3].dump();
  const std::string text = CompareText(c);
  EXPECT_NE(text.find("warning: the corpus fingerprints differ"), std::string::npos) << text;
  EXPECT_NE(text.find("intervals do not overlap"), std::string::npos);
  EXPECT_NE(text.find("regression:"), std::string::npos);

  const auto same = Compare(*a, *a);
  EXPECT_TRUE(same["warnings"].empty());
  EXPECT_FALSE(Regressed(same));
  EXPECT_DOUBLE_EQ(same["headline"]["tpr"]["delta"].get<double>(), 0);
  EXPECT_FALSE(Regressed(Compare(*b, *a))) << "an improvement is no regression";
}

TEST(WafReport, CompareRequestsListsFlips) {
  auto s = MakeSampleRun(5, 0);
  std::ostringstream a, b;
  WriteJsonl(a, s.plan, s.run);
  s.run.results[0].verdict = Verdict::kBlocked;  // passed → blocked
  s.run.results[1].verdict = Verdict::kPassed;   // blocked → passed
  s.run.results[3].verdict = Verdict::kPassed;
  WriteJsonl(b, s.plan, s.run);
  auto r = CompareRequests(a.str(), b.str(), 1);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["compared"], 187);
  EXPECT_EQ((*r)["changed"], 3);
  EXPECT_EQ((*r)["flips"]["blocked->passed"]["count"], 2);
  EXPECT_EQ((*r)["flips"]["blocked->passed"]["ids"].size(), 1u);
  EXPECT_EQ((*r)["flips"]["passed->blocked"]["ids"][0], s.plan.requests[0].id);
  auto bad = CompareRequests(a.str(), "{\"id\":\"x\",\"verdict\":\"blocked\"}\nnope\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("B line 2"), std::string::npos);
}

}  // namespace
}  // namespace proven::waf
