// `proven waf compare`, `proven waf html` and `proven waf run`'s flag checks on the real binary
// (issue 14): exit codes 0/1/2, messages naming the file and field, the comparison's JSON.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ReadFile;
using testing::RunProven;
using testing::TempDir;
using testing::WriteFile;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Writes a report and its JSONL as `proven waf run` would, for a WAF that misses every `miss`-th
// attack and blocks every `fp_every`-th benign request.
std::string WriteReport(const TempDir& dir, const std::string& name, int miss, int fp_every) {
  auto s = testing_waf::MakeSampleRun(miss, fp_every);
  std::ostringstream jsonl;
  waf::WriteJsonl(jsonl, s.plan, s.run);
  WriteFile(dir / (name + ".jsonl"), jsonl.str());
  const auto j = waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run),
                                 {"0.1.0", "", name + ".jsonl"});
  WriteFile(dir / (name + ".json"), j.dump(2));
  return (dir / (name + ".json")).string();
}

TEST(WafCli, CompareReportsARegression) {
  TempDir dir;
  const auto a = WriteReport(dir, "a", 50, 0);
  const auto b = WriteReport(dir, "b", 2, 3);
  const auto out = (dir / "cmp.json").string();
  auto r = RunProven({"waf", "compare", a, b, "--json", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "grade: A -> ")) << r.out;
  EXPECT_TRUE(Has(r.out, "balanced_accuracy: ")) << r.out;
  EXPECT_TRUE(Has(r.out, "intervals do not overlap")) << r.out;
  EXPECT_TRUE(Has(r.out, "regression:")) << r.out;
  const auto c = json::parse(ReadFile(out));
  EXPECT_EQ(c["schema_version"], "proven.waf.compare/1");
  EXPECT_TRUE(c["regression"].get<bool>());
  EXPECT_LT(c["headline"]["balanced_accuracy"]["delta"].get<double>(), 0);
  EXPECT_GT(c["requests"]["changed"].get<int>(), 0) << "the JSONL files beside the reports are compared";
  EXPECT_EQ(c["requests"]["compared"], 187);

  auto failing = RunProven({"waf", "compare", a, b, "--fail-on-regression"});
  EXPECT_EQ(failing.exit_code, 1);
  auto improving = RunProven({"waf", "compare", b, a, "--fail-on-regression"});
  EXPECT_EQ(improving.exit_code, 0) << improving.out;
  auto same = RunProven({"waf", "compare", a, a, "--fail-on-regression"});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_FALSE(Has(same.out, "warning:"));
}

TEST(WafCli, CompareRefusesBadReportsNamingFileAndField) {
  TempDir dir;
  const auto a = WriteReport(dir, "a", 5, 0);
  auto j = json::parse(ReadFile(a));
  j["schema_version"] = "proven.waf.report/2";
  WriteFile(dir / "v2.json", j.dump());
  auto r = RunProven({"waf", "compare", a, (dir / "v2.json").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "v2.json: not a valid WAF report: schema_version is \"proven.waf.report/2\"")) << r.err;

  j = json::parse(ReadFile(a));
  j["headline"]["grade"] = "A";
  j["headline"]["balanced_accuracy"] = 0.99;
  WriteFile(dir / "tampered.json", j.dump());
  r = RunProven({"waf", "compare", (dir / "tampered.json").string(), a});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "tampered.json: not a valid WAF report: headline.balanced_accuracy is 0.99 but its counts give"))
      << r.err;

  r = RunProven({"waf", "compare", a, (dir / "nope.json").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "cannot read")) << r.err;
  WriteFile(dir / "garbage.json", "{\"schema_version\":");
  r = RunProven({"waf", "compare", (dir / "garbage.json").string(), a});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the report is not JSON")) << r.err;
}

TEST(WafCli, CompareWarnsWhenTheCorpusDiffers) {
  TempDir dir;
  const auto a = WriteReport(dir, "a", 5, 0);
  auto j = json::parse(ReadFile(a));
  j["corpus"]["fingerprint"] = "sha256:other";
  WriteFile(dir / "other.json", j.dump());
  auto r = RunProven({"waf", "compare", a, (dir / "other.json").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "warning: the corpus fingerprints differ")) << r.out;
}

TEST(WafCli, HtmlSummaryOfAReport) {
  TempDir dir;
  const auto a = WriteReport(dir, "a", 4, 9);
  const auto out = (dir / "a.html").string();
  auto r = RunProven({"waf", "html", a, "--out", out, "--lang", "en"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = ReadFile(out);
  EXPECT_TRUE(Has(html, "<html lang=\"en\">"));
  EXPECT_TRUE(Has(html, "WAF effectiveness results"));
  r = RunProven({"waf", "html", a, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(ReadFile(out), "WAF 有効性試験の結果"));
  r = RunProven({"waf", "html", a, "--out", out, "--lang", "de"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--lang must be ja or en")) << r.err;
}

TEST(WafCli, RunChecksItsFlags) {
  TempDir dir;
  const auto report = (dir / "r.json").string();
  auto r = RunProven({"waf", "run", "--target", "http://127.0.0.1:9/", "--report", report, "--rate", "fast"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--rate: give a number")) << r.err;
  r = RunProven({"waf", "run", "--target", "http://127.0.0.1:9/", "--report", report, "--block-status", "403,7"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--block-status: \"7\"")) << r.err;
  r = RunProven({"waf", "run", "--report", report});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Has(r.err + r.out, "--target")) << r.err;
}

}  // namespace
}  // namespace proven
