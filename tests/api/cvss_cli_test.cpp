// `proven cvss VECTOR` (issue 16): {"version", "base_score", "severity"} in that order, the other
// scores when the vector has those metrics, and an error naming the bad metric (exit 2).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using testing::RunProven;

TEST(CvssCli, PrintsVersionBaseScoreAndSeverityInThatOrder) {
  auto r = RunProven({"cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"version\":\"3.1\",\"base_score\":9.8,\"severity\":\"CRITICAL\"}\n");
}

TEST(CvssCli, AddsTheTemporalAndEnvironmentalScoresWhenTheVectorHasThem) {
  // 9.8 × E:P 0.94 × RL:O 0.95 × RC:C 1 = 8.7514, rounded up to 8.8 (CVSS v3.1 §7.2, Appendix A).
  auto r = RunProven({"cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["base_score"], 9.8);
  EXPECT_EQ(j["temporal_score"], 8.8);
  EXPECT_EQ(j["temporal_severity"], "HIGH");
  EXPECT_FALSE(j.contains("environmental_score"));
  auto env = RunProven({"cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L"});
  ASSERT_EQ(env.exit_code, 0) << env.err;
  EXPECT_TRUE(nlohmann::json::parse(env.out).contains("environmental_score"));
}

TEST(CvssCli, ScoresV40WithItsNomenclature) {
  auto r = RunProven({"cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], "4.0");
  EXPECT_EQ(j["base_score"], 9.3);  // FIRST's calculator: macrovector 000200
  EXPECT_EQ(j["severity"], "CRITICAL");
  EXPECT_EQ(j["nomenclature"], "CVSS-B");
  auto bt = RunProven({"cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U"});
  ASSERT_EQ(bt.exit_code, 0) << bt.err;
  EXPECT_EQ(nlohmann::json::parse(bt.out)["nomenclature"], "CVSS-BT");
}

TEST(CvssCli, ABadVectorIsAnErrorNamingTheMetric) {
  auto r = RunProven({"cvss", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("AV"), std::string::npos) << r.err;
  auto missing = RunProven({"cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("SA"), std::string::npos) << missing.err;
  auto prefix = RunProven({"cvss", "CVSS:2.0/AV:N"});
  EXPECT_EQ(prefix.exit_code, 2);
}

}  // namespace
}  // namespace proven
