// Strict parsing: every error is kInvalidArgument, names the metric at fault in Error::field and
// names metric and value in the message. Also the JSON view.
#include <string>

#include <gtest/gtest.h>

#include "cvss/cvss.hpp"

namespace proven::cvss {
namespace {

constexpr const char* kV31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr const char* kV40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

Error MustFail(const std::string& vector) {
  auto r = Score(vector);
  EXPECT_FALSE(r.has_value()) << vector << " was accepted";
  if (r) return Error{};
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << vector;
  return r.error();
}

void ExpectMessageHas(const Error& e, const std::string& needle) {
  EXPECT_NE(e.message.find(needle), std::string::npos) << "'" << e.message << "' lacks " << needle;
}

TEST(CvssParse, UnknownValueNamesMetricAndValue) {
  const Error e = MustFail("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(e.field, "AV");
  EXPECT_EQ(e.message, "CVSS:3.1: metric AV has no value 'Q' (allowed: N, A, L, P)");
  const Error v4 = MustFail("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:J");
  EXPECT_EQ(v4.field, "SA");
  ExpectMessageHas(v4, "SA");
  ExpectMessageHas(v4, "'J'");
  const Error u = MustFail(std::string(kV40) + "/U:Blue");
  EXPECT_EQ(u.field, "U");
  ExpectMessageHas(u, "Clear, Green, Amber, Red");
}

TEST(CvssParse, ValuesOfAnotherVersionAreRejected) {
  // S (Scope) is a v3 metric; in v4.0 S is Safety, with values X, N, P.
  const Error e = MustFail(std::string(kV40) + "/S:U");
  EXPECT_EQ(e.field, "S");
  // v4.0's AT does not exist in v3.1.
  const Error at = MustFail(std::string(kV31) + "/AT:N");
  EXPECT_EQ(at.field, "AT");
  ExpectMessageHas(at, "unknown metric 'AT'");
  // SI:S exists only as MSI:S.
  EXPECT_EQ(MustFail("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N").field, "SI");
}

TEST(CvssParse, DuplicateMetric) {
  const Error e = MustFail(std::string(kV31) + "/AV:L");
  EXPECT_EQ(e.field, "AV");
  EXPECT_EQ(e.message, "CVSS:3.1: metric AV is given more than once");
  EXPECT_EQ(MustFail("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SI:H").field, "SI");
  EXPECT_EQ(MustFail(std::string(kV31) + "/E:X/E:X").field, "E");
}

TEST(CvssParse, MissingMandatoryMetric) {
  const Error e = MustFail("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H");
  EXPECT_EQ(e.field, "A");
  EXPECT_EQ(e.message, "CVSS:3.1: metric A is missing");
  EXPECT_EQ(MustFail("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H").field, "S");
  EXPECT_EQ(MustFail("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").field, "AT");
}

TEST(CvssParse, UnknownMetric) {
  const Error e = MustFail("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/JJ:H");
  EXPECT_EQ(e.field, "JJ");
  EXPECT_EQ(e.message, "CVSS:4.0: unknown metric 'JJ'");
  EXPECT_EQ(MustFail("CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").field, "av");
}

TEST(CvssParse, MalformedComponents) {
  ExpectMessageHas(MustFail(std::string(kV31) + "/"), "empty component");  // trailing slash
  ExpectMessageHas(MustFail("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), "empty component");
  ExpectMessageHas(MustFail("CVSS:4.0/"), "empty component");
  const Error e = MustFail("CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(e.field, "AVN");
  ExpectMessageHas(e, "not METRIC:VALUE");
  EXPECT_EQ(MustFail("CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").field, "AV");
}

TEST(CvssParse, Prefix) {
  for (const std::string v : {"", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                              "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "CVSS:3.1", "cvss:3.1/AV:N",
                              "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", " CVSS:3.1/AV:N"}) {
    const Error e = MustFail(v);
    EXPECT_EQ(e.field, "prefix") << v;
    ExpectMessageHas(e, "CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  }
}

TEST(CvssParse, ValidVectorsKeepTheirText) {
  auto r = Score(kV31);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->vector, kV31);
  EXPECT_EQ(r->version, "3.1");
  // Metrics may come in any order.
  auto shuffled = Score("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N");
  ASSERT_TRUE(shuffled.has_value());
  EXPECT_DOUBLE_EQ(shuffled->base_score, r->base_score);
}

TEST(CvssJson, BaseOnly) {
  auto r = Score(kV31);
  ASSERT_TRUE(r.has_value());
  const nlohmann::json j = nlohmann::json::parse(ToJson(*r).dump());
  EXPECT_EQ(j.dump(), R"({"base_score":9.8,"severity":"CRITICAL","version":"3.1"})");
}

TEST(CvssJson, WholeScoresAreIntegersAndOptionalKeysAppear) {
  auto r = Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/CR:L");
  ASSERT_TRUE(r.has_value());
  const nlohmann::json j = nlohmann::json::parse(ToJson(*r).dump());
  EXPECT_TRUE(j["base_score"].is_number_integer());
  EXPECT_EQ(j["base_score"], 10);
  EXPECT_TRUE(j.contains("temporal_score"));
  EXPECT_TRUE(j.contains("temporal_severity"));
  EXPECT_TRUE(j.contains("environmental_score"));
  EXPECT_TRUE(j.contains("environmental_severity"));
  EXPECT_FALSE(j.contains("threat_score"));
  EXPECT_FALSE(j.contains("nomenclature"));

  auto v4 = Score(std::string(kV40) + "/E:U");
  ASSERT_TRUE(v4.has_value());
  const nlohmann::json k = nlohmann::json::parse(ToJson(*v4).dump());
  EXPECT_EQ(k["version"], "4.0");
  EXPECT_EQ(k["nomenclature"], "CVSS-BT");
  EXPECT_EQ(k["macrovector"], "000220");
  EXPECT_TRUE(k.contains("threat_score"));
  EXPECT_TRUE(k.contains("threat_severity"));
  EXPECT_FALSE(k.contains("environmental_score"));
  EXPECT_FALSE(k.contains("temporal_score"));
}

TEST(CvssSeverity, RatingScaleBoundaries) {
  EXPECT_EQ(Severity(0.0), "NONE");
  EXPECT_EQ(Severity(0.1), "LOW");
  EXPECT_EQ(Severity(3.9), "LOW");
  EXPECT_EQ(Severity(4.0), "MEDIUM");
  EXPECT_EQ(Severity(6.9), "MEDIUM");
  EXPECT_EQ(Severity(7.0), "HIGH");
  EXPECT_EQ(Severity(8.9), "HIGH");
  EXPECT_EQ(Severity(9.0), "CRITICAL");
  EXPECT_EQ(Severity(10.0), "CRITICAL");
}

}  // namespace
}  // namespace proven::cvss
