// CVSS v4.0 against the official MacroVector lookup table and published scores. Expected values are
// copied from the sources named in tests/fixtures/devices/SOURCES.md, never computed here.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cvss/cvss.hpp"
#include "cvss/cvss_internal.hpp"
#include "fixture_lines.hpp"

namespace proven::cvss {
namespace {

using testing::FixtureLines;
using testing::ParseExpected;

Scores MustScore(const std::string& vector) {
  auto r = Score(vector);
  EXPECT_TRUE(r.has_value()) << vector << ": " << (r ? "" : r.error().message);
  return r ? *r : Scores{};
}

std::map<std::string, double> LookupFixture() {
  std::map<std::string, double> table;
  for (const std::string& line : FixtureLines("cvss_v4_lookup.txt")) {
    std::istringstream in(line);
    std::string macrovector;
    double score = 0;
    in >> macrovector >> score;
    table[macrovector] = score;
  }
  return table;
}

TEST(CvssV4Lookup, EmbeddedTableIsTheFixture) {
  const auto fixture = LookupFixture();
  ASSERT_EQ(fixture.size(), 270u);
  ASSERT_EQ(detail::kV4Lookup.size(), fixture.size());
  for (const auto& entry : detail::kV4Lookup) {
    const auto it = fixture.find(entry.macrovector);
    ASSERT_NE(it, fixture.end()) << entry.macrovector;
    EXPECT_DOUBLE_EQ(entry.score, it->second) << entry.macrovector;
  }
}

// The first highest severity vector of each EQ level, from the reference calculator's
// max_composed.js (EQ3 and EQ6 together), and the metrics that give each EQ5 level.
const char* const kEq1Max[] = {"AV:N/PR:N/UI:N", "AV:A/PR:N/UI:N", "AV:P/PR:N/UI:N"};
const char* const kEq2Max[] = {"AC:L/AT:N", "AC:H/AT:N"};
const char* const kEq36Max[3][2] = {
    {"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H"},
    {"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H"},
    {nullptr, "VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"}};
// SI:S and SA:S exist only as modified (environmental) values.
const char* const kEq4Max[] = {"SC:H/SI:H/SA:H/MSI:S/MSA:S", "SC:H/SI:H/SA:H", "SC:L/SI:L/SA:L"};
const char* const kEq5[] = {"E:A", "E:P", "E:U"};

// Splits "AV:N/PR:N/UI:N" and picks one metric's component.
std::string Component(const std::string& group, const std::string& metric) {
  std::istringstream in(group);
  for (std::string part; std::getline(in, part, '/');) {
    if (part.substr(0, part.find(':')) == metric) return part;
  }
  return {};
}

// A CVSS:4.0 vector in the specification's metric order made of the highest severity vector
// of a MacroVector.
std::string HighestVector(const std::string& mv) {
  const std::string eq1 = kEq1Max[mv[0] - '0'], eq2 = kEq2Max[mv[1] - '0'];
  const std::string eq36 = kEq36Max[mv[2] - '0'][mv[5] - '0'], eq4 = kEq4Max[mv[3] - '0'];
  std::string v = "CVSS:4.0";
  const std::pair<const char*, const std::string*> order[] = {
      {"AV", &eq1}, {"AC", &eq2}, {"AT", &eq2}, {"PR", &eq1}, {"UI", &eq1}, {"VC", &eq36},
      {"VI", &eq36}, {"VA", &eq36}, {"SC", &eq4}, {"SI", &eq4}, {"SA", &eq4}};
  for (const auto& [metric, group] : order) v += "/" + Component(*group, metric);
  v += "/" + std::string(kEq5[mv[4] - '0']);
  for (const char* metric : {"CR", "IR", "AR"}) v += "/" + Component(eq36, metric);
  for (const char* metric : {"MSI", "MSA"}) {
    const std::string c = Component(eq4, metric);
    if (!c.empty()) v += "/" + c;
  }
  return v;
}

TEST(CvssV4Lookup, EveryMacroVectorsHighestVectorScoresItsLookupValue) {
  const auto fixture = LookupFixture();
  ASSERT_EQ(fixture.size(), 270u);
  for (const auto& [mv, expected] : fixture) {
    const std::string vector = HighestVector(mv);
    const Scores s = MustScore(vector);
    EXPECT_EQ(s.macrovector, mv) << vector;
    ASSERT_TRUE(s.environmental_score.has_value()) << vector;
    EXPECT_DOUBLE_EQ(*s.environmental_score, expected) << mv << " " << vector;
    EXPECT_EQ(s.nomenclature, "CVSS-BTE") << vector;
  }
}

TEST(CvssV4, PublishedBaseScores) {
  const auto lines = FixtureLines("v4_simple.txt");
  ASSERT_EQ(lines.size(), 91u);
  for (const std::string& line : lines) {
    const auto e = ParseExpected(line);
    ASSERT_EQ(e.scores.size(), 1u) << line;
    const Scores s = MustScore(e.vector);
    EXPECT_DOUBLE_EQ(s.base_score, e.scores[0]) << e.vector;
    EXPECT_EQ(s.nomenclature, "CVSS-B");
    EXPECT_FALSE(s.threat_score.has_value());
    EXPECT_FALSE(s.environmental_score.has_value());
  }
}

TEST(CvssV4, PublishedThreatAndEnvironmentalScores) {
  const auto lines = FixtureLines("v4_threat_environmental.txt");
  ASSERT_EQ(lines.size(), 26u);
  for (const std::string& line : lines) {
    const auto e = ParseExpected(line);
    const Scores s = MustScore(e.vector);
    if (e.vector.find("/E:") != std::string::npos) {
      ASSERT_TRUE(s.threat_score.has_value()) << e.vector;
      EXPECT_DOUBLE_EQ(*s.threat_score, e.scores[0]) << e.vector;
      EXPECT_EQ(s.nomenclature, "CVSS-BT");
    } else {
      ASSERT_TRUE(s.environmental_score.has_value()) << e.vector;
      EXPECT_DOUBLE_EQ(*s.environmental_score, e.scores[0]) << e.vector;
      EXPECT_EQ(s.nomenclature, "CVSS-BE");
    }
  }
}

TEST(CvssV4, BaseScoreIgnoresThreatAndEnvironmentalMetrics) {
  // vectors_threat4 / vectors_security4: the same base vector scores 7.3 with E:A, 4.1 with E:U.
  const Scores s = MustScore(
      "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:L/IR:L/AR:L");
  EXPECT_DOUBLE_EQ(s.base_score, 7.3);
  EXPECT_DOUBLE_EQ(*s.threat_score, 4.1);
  EXPECT_EQ(s.nomenclature, "CVSS-BTE");
  EXPECT_EQ(s.severity, "HIGH");
  EXPECT_EQ(*s.threat_severity, "MEDIUM");
}

// Rootshell-Security/cvss-calculator's published v4.0 cases (the score of the whole vector),
// with modified, threat and supplemental metrics.
TEST(CvssV4, RootshellCases) {
  std::size_t checked = 0;
  for (const std::string& line : FixtureLines("rootshell_scores.txt")) {
    const auto e = ParseExpected(line);
    if (e.vector.rfind("CVSS:4.0", 0) != 0) continue;
    const Scores s = MustScore(e.vector);
    const double whole = s.environmental_score.value_or(s.threat_score.value_or(s.base_score));
    EXPECT_DOUBLE_EQ(whole, e.scores[0]) << e.vector;
    ++checked;
  }
  EXPECT_EQ(checked, 22u);
}

// RedHatProductSecurity/cvss tests/test_cvss4.py (score of the whole vector).
TEST(CvssV4, ModifiedAndRequirementMetricsFromTheCvssLibraryTests) {
  EXPECT_DOUBLE_EQ(
      MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N").base_score,
      8.7);
  EXPECT_DOUBLE_EQ(
      *MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L")
           .environmental_score,
      7.9);
  const Scores msi = MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H");
  EXPECT_DOUBLE_EQ(msi.base_score, 0.0);  // no impact at all: the shortcut to 0
  EXPECT_EQ(msi.severity, "NONE");
  EXPECT_DOUBLE_EQ(*msi.environmental_score, 7.7);
}

// RedHatProductSecurity/cvss tests/test_cvss4.py test_severity: the severity of the whole vector
// (base, threat, environmental and supplemental metrics, in a non-canonical order).
TEST(CvssV4, SeveritiesOfCompleteVectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:P/VC:H/VI:N/VA:N/SC:N/SI:N/AU:N/SA:N/S:P/R:A/V:D/RE:L/"
       "U:Red/MAV:L/MAC:L/MAT:N/MPR:L/MUI:A/MVC:L/MVI:N/MVA:H/MSC:H/MSI:L/MSA:N/CR:H/IR:L/AR:L/E:P",
       "LOW"},
      {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:N/VI:L/VA:L/SC:H/SI:N/AU:Y/SA:N/S:N/R:I/V:C/RE:M/"
       "U:Amber/MAV:L/MAC:H/MAT:P/MPR:N/MUI:P/MVC:L/MVI:N/MVA:H/MSC:H/MSI:H/MSA:S/CR:M/IR:M/AR:M/E:A",
       "HIGH"},
      {"CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:L/SI:N/AU:Y/SA:L/S:P/R:U/V:D/RE:M/"
       "U:Red/MAV:N/MAC:H/MAT:P/MPR:H/MUI:P/MVC:L/MVI:H/MVA:L/MSC:N/MSI:H/MSA:H/CR:L/IR:H/AR:M/E:U",
       "LOW"},
      {"CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:H/AU:N/SA:L/S:P/R:U/V:D/RE:H/"
       "U:Clear/MAV:A/MAC:L/MAT:N/MPR:N/MUI:P/MVC:N/MVI:L/MVA:L/MSC:H/MSI:N/MSA:L/CR:M/IR:M/AR:L/E:U",
       "LOW"},
      {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:N/SC:H/SI:N/AU:Y/SA:N/S:N/R:I/V:C/RE:L/"
       "U:Green/MAV:L/MAC:L/MAT:N/MPR:H/MUI:P/MVC:L/MVI:L/MVA:N/MSC:H/MSI:H/MSA:S/CR:H/IR:H/AR:H/E:P",
       "MEDIUM"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:H/SI:L/AU:Y/SA:H/S:N/R:U/V:C/RE:M/"
       "U:Amber/MAV:L/MAC:H/MAT:N/MPR:H/MUI:N/MVC:N/MVI:L/MVA:N/MSC:L/MSI:S/MSA:H/CR:H/IR:M/AR:M/E:A",
       "MEDIUM"},
      {"CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:P/VC:N/VI:L/VA:N/SC:H/SI:H/AU:N/SA:N/S:N/R:A/V:C/RE:M/"
       "U:Green/MAV:L/MAC:L/MAT:P/MPR:L/MUI:A/MVC:N/MVI:L/MVA:H/MSC:L/MSI:N/MSA:S/CR:L/IR:L/AR:M/E:P",
       "LOW"},
      {"CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:H/SC:L/SI:N/AU:N/SA:H/S:P/R:I/V:D/RE:M/"
       "U:Red/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/CR:H/IR:H/AR:H/E:U",
       "CRITICAL"},
      {"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:H/SC:L/SI:N/AU:Y/SA:H/S:P/R:I/V:D/RE:H/"
       "U:Green/MAV:A/MAC:L/MAT:N/MPR:N/MUI:A/MVC:L/MVI:H/MVA:H/MSC:N/MSI:H/MSA:L/CR:L/IR:H/AR:L/E:U",
       "MEDIUM"},
      {"CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:H/AU:N/SA:H/S:P/R:U/V:C/RE:H/"
       "U:Red/MAV:L/MAC:L/MAT:P/MPR:L/MUI:P/MVC:N/MVI:N/MVA:N/MSC:N/MSI:N/MSA:N/CR:H/IR:H/AR:H/E:P",
       "NONE"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", "MEDIUM"},
  };
  for (const auto& [vector, severity] : cases) {
    const Scores s = MustScore(vector);
    const std::string& whole = s.environmental_severity ? *s.environmental_severity : s.severity;
    EXPECT_EQ(whole, severity) << vector;
  }
}

// FIRST's reference calculator (FIRSTdotorg/cvss-v4-calculator cvss_score.js) adds 1e-6 before
// rounding half up, so that an interpolation landing one floating-point step below an x.x5 tie
// (8.5499999999999989 here) rounds up; 522 of the 104,976 base vectors depend on it. Expected values
// as published in gumslone/laravel-vulns' tests ("like the reference calculator").
TEST(CvssV4, TiesRoundUpLikeTheReferenceCalculator) {
  EXPECT_DOUBLE_EQ(
      MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H").base_score, 8.6);
  const Scores t = MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:L/E:U");
  ASSERT_TRUE(t.threat_score.has_value());
  EXPECT_DOUBLE_EQ(*t.threat_score, 9.1);
}

TEST(CvssV4, NomenclatureAndMacroVector) {
  const Scores b = MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  EXPECT_EQ(b.version, "4.0");
  EXPECT_EQ(b.nomenclature, "CVSS-B");
  EXPECT_EQ(b.macrovector, "000200");
  EXPECT_FALSE(b.threat_score.has_value());
  // E:X and CR:X are Not Defined: still CVSS-B.
  const Scores x =
      MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X");
  EXPECT_EQ(x.nomenclature, "CVSS-B");
  EXPECT_DOUBLE_EQ(x.base_score, b.base_score);
  const Scores be =
      MustScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:P");
  EXPECT_EQ(be.nomenclature, "CVSS-BE");
  EXPECT_EQ(be.macrovector, "200200");
}

}  // namespace
}  // namespace proven::cvss
