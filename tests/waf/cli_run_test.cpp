// `proven waf run` on the real binary against fake WAFs (tests/support/waf_target.hpp): the default
// plan from the source tree's corpus, every output written and read back, exit 3 when the pre-flight
// fails, exit 2 for flags the target does not allow.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/waf_target.hpp"
#include "waf/oracle_backend.hpp"
#include "waf/report.hpp"

namespace proven {
namespace {

using testing::FakeWaf;
using testing::FakeWafMode;
using testing::ReadFile;
using testing::RunProven;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(WafCliRun, NullWafRunsTheDefaultPlanAndGradesF) {
  auto backend = waf::OracleBackend::Start();
  ASSERT_TRUE(backend) << backend.error().message;
  FakeWaf fake(FakeWafMode::kNull, (*backend)->port());
  TempDir dir;
  const auto report = (dir / "null.json").string();
  auto r = RunProven({"waf", "run", "--target", fake.url(), "--report", report, "--seed", "5", "--preflight", "benign",
                      "--html", (dir / "null.html").string(), "--junit", (dir / "null.xml").string(), "--lang", "en",
                      "--ruleset", "FakeWAF null", "--name", "Null WAF"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Has(r.out, "grade F")) << r.out;
  auto summary = waf::ReadReport(ReadFile(report));
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->grade, "F");
  EXPECT_EQ(summary->seed, 5u);
  EXPECT_EQ(summary->ruleset, "FakeWAF null");
  EXPECT_EQ(summary->profile, "unlimited");
  EXPECT_GT(summary->requests, 1000);
  EXPECT_DOUBLE_EQ(*summary->headline.tpr, 0);
  EXPECT_DOUBLE_EQ(*summary->headline.fpr, 0);
  EXPECT_EQ(summary->requests_file, "null.jsonl");
  const std::string jsonl = ReadFile(dir / "null.jsonl");
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), summary->requests);
  EXPECT_TRUE(Has(ReadFile(dir / "null.html"), "WAF effectiveness results"));
  EXPECT_TRUE(Has(ReadFile(dir / "null.xml"), "<testsuites name=\"proven waf\""));
  EXPECT_FALSE(summary->json["corpus"]["sources"].empty());
}

TEST(WafCliRun, AFailedPreflightExits3) {
  auto backend = waf::OracleBackend::Start();
  ASSERT_TRUE(backend) << backend.error().message;
  FakeWaf fake(FakeWafMode::kBlockAll, (*backend)->port());
  TempDir dir;
  auto r = RunProven({"waf", "run", "--target", fake.url(), "--report", (dir / "r.json").string()});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "r.json"));
}

TEST(WafCliRun, OnlyLoopbackMayRunUnlimited) {
  TempDir dir;
  auto r = RunProven({"waf", "run", "--target", "http://192.0.2.1/", "--report", (dir / "r.json").string(), "--rate",
                      "unlimited"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "--rate: unlimited is only for a target on this machine")) << r.err;
  r = RunProven({"waf", "run", "--target", "https://127.0.0.1/", "--report", (dir / "r.json").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "--target: ")) << r.err;
}

}  // namespace
}  // namespace proven
