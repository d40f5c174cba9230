// CVSS v3.0 and v3.1 against FIRST's published examples, published calculator outputs and the
// specification's Roundup rule. Expected values are copied from the sources named in
// tests/fixtures/devices/SOURCES.md, never computed here.
#include <sstream>
#include <string>

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

// The base AV value of a v3 vector, to append MAV:<same> so that the environmental score is
// computed with every modified metric equal to its base metric (as "Not Defined" means).
std::string SameAttackVector(const std::string& vector) {
  const auto at = vector.find("AV:");
  return "/MAV:" + vector.substr(at + 3, 1);
}

TEST(CvssV3, FirstExamplesBaseScores) {
  const auto lines = FixtureLines("v3_first_examples.txt");
  ASSERT_EQ(lines.size(), 28u);
  for (const std::string& line : lines) {
    std::istringstream in(line);
    std::string vector;
    double expected = 0;
    in >> vector >> expected;
    const Scores s = MustScore(vector);
    EXPECT_DOUBLE_EQ(s.base_score, expected) << vector;
    EXPECT_EQ(s.version, vector.substr(5, 3));
    EXPECT_FALSE(s.temporal_score.has_value()) << vector;
    EXPECT_FALSE(s.environmental_score.has_value()) << vector;
  }
}

void CheckSimpleFile(const std::string& file, std::size_t count) {
  const auto lines = FixtureLines(file);
  ASSERT_EQ(lines.size(), count);
  for (const std::string& line : lines) {
    const auto e = ParseExpected(line);
    ASSERT_EQ(e.scores.size(), 3u) << line;
    EXPECT_DOUBLE_EQ(MustScore(e.vector).base_score, e.scores[0]) << e.vector;
    // RC:C (Confirmed) has weight 1, like Not Defined, but makes the temporal score present.
    const Scores t = MustScore(e.vector + "/RC:C");
    ASSERT_TRUE(t.temporal_score.has_value()) << e.vector;
    EXPECT_DOUBLE_EQ(*t.temporal_score, e.scores[1]) << e.vector;
    const Scores env = MustScore(e.vector + SameAttackVector(e.vector));
    ASSERT_TRUE(env.environmental_score.has_value()) << e.vector;
    EXPECT_DOUBLE_EQ(*env.environmental_score, e.scores[2]) << e.vector;
  }
}

TEST(CvssV3, PublishedV31BaseTemporalEnvironmental) { CheckSimpleFile("v31_simple.txt", 74); }

TEST(CvssV3, PublishedV30BaseTemporalEnvironmental) { CheckSimpleFile("v30_simple.txt", 39); }

TEST(CvssV3, V30AndV31EnvironmentalFormulasDiffer) {
  // Same vector, 3.0 vs 3.1: 9.6 in 3.0 (vectors_simple3), 9.7 in 3.1 (vectors_simple31).
  const Scores v30 = MustScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H/MAV:N");
  const Scores v31 = MustScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H/MAV:N");
  EXPECT_DOUBLE_EQ(*v30.environmental_score, 9.6);
  EXPECT_DOUBLE_EQ(*v31.environmental_score, 9.7);
}

TEST(CvssV3, OfficialCalculatorOutputs) {
  // RedHatProductSecurity/cvss tests/vectors_calculator3: scores from FIRST's calculator.
  const auto lines = FixtureLines("v3_calculator.txt");
  ASSERT_EQ(lines.size(), 2u);
  for (const std::string& line : lines) {
    const auto e = ParseExpected(line);
    const Scores s = MustScore(e.vector);
    EXPECT_DOUBLE_EQ(s.base_score, e.scores[0]) << e.vector;
    ASSERT_TRUE(s.temporal_score.has_value()) << e.vector;
    EXPECT_DOUBLE_EQ(*s.temporal_score, e.scores[1]) << e.vector;
    if (s.environmental_score) {
      EXPECT_DOUBLE_EQ(*s.environmental_score, e.scores[2]) << e.vector;
    }
  }
  EXPECT_TRUE(MustScore(ParseExpected(lines[1]).vector).environmental_score.has_value());
}

TEST(CvssV3, TemporalAndEnvironmentalCasesFromCvssRs) {
  // scm-rs/cvss-rs tests/score_calculation_tests/v3_tests.rs.
  const Scores t = MustScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C");
  EXPECT_DOUBLE_EQ(t.base_score, 9.8);
  EXPECT_DOUBLE_EQ(*t.temporal_score, 8.8);
  EXPECT_EQ(*t.temporal_severity, "HIGH");
  const Scores req = MustScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H");
  EXPECT_DOUBLE_EQ(*req.environmental_score, 9.8);
  EXPECT_FALSE(req.temporal_score.has_value());
  const Scores explicit_x = MustScore(
      "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H/MAV:A/MAC:L/MPR:N/MUI:X/MS:U/CR:L/IR:H/AR:X");
  const Scores implicit_x =
      MustScore("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H/MAV:A/MAC:L/MPR:N/MS:U/CR:L/IR:H");
  for (const Scores* s : {&explicit_x, &implicit_x}) {
    EXPECT_DOUBLE_EQ(s->base_score, 7.8);
    ASSERT_TRUE(s->environmental_score.has_value());
    EXPECT_DOUBLE_EQ(*s->environmental_score, 8.0);
  }
}

TEST(CvssV3, NotDefinedMetricsDoNotMakeScoresAppear) {
  const Scores s = MustScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/MAV:X");
  EXPECT_FALSE(s.temporal_score.has_value());
  EXPECT_FALSE(s.environmental_score.has_value());
  EXPECT_DOUBLE_EQ(s.base_score, 9.8);
  EXPECT_EQ(s.severity, "CRITICAL");
  EXPECT_TRUE(s.nomenclature.empty());
  EXPECT_TRUE(s.macrovector.empty());
}

// FIRST's CVSS v3.1 User Guide §2.6.2 (Roundup Function Redefinition): "the following metric
// combination has a Temporal Score of 4.7 in CVSS v3.0, but 4.6 in v3.1" (5.0 × 0.92 is
// 4.6000000000000005 in floating point). Quoted in scm-rs/cvss-rs and 0llirocks/cvss-suite tests.
TEST(CvssV3, UserGuideRoundupRedefinitionExample) {
  const Scores v30 = MustScore("CVSS:3.0/AV:P/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:H/E:H/RL:U/RC:U");
  const Scores v31 = MustScore("CVSS:3.1/AV:P/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:H/E:H/RL:U/RC:U");
  EXPECT_DOUBLE_EQ(v30.base_score, 5.0);
  EXPECT_DOUBLE_EQ(v31.base_score, 5.0);
  EXPECT_DOUBLE_EQ(*v30.temporal_score, 4.7);
  EXPECT_DOUBLE_EQ(*v31.temporal_score, 4.6);
}

// Rootshell-Security/cvss-calculator's published v3.x cases, with modified metrics.
TEST(CvssV3, RootshellEnvironmentalCases) {
  std::size_t checked = 0;
  for (const std::string& line : FixtureLines("rootshell_scores.txt")) {
    const auto e = ParseExpected(line);
    if (e.vector.rfind("CVSS:3.", 0) != 0) continue;
    const Scores s = MustScore(e.vector);
    EXPECT_DOUBLE_EQ(s.base_score, e.scores[0]) << e.vector;
    if (s.temporal_score) {
      EXPECT_DOUBLE_EQ(*s.temporal_score, e.scores[1]) << e.vector;
    } else {
      EXPECT_DOUBLE_EQ(e.scores[1], e.scores[0]) << e.vector;  // no temporal metrics
    }
    if (s.environmental_score) {
      EXPECT_DOUBLE_EQ(*s.environmental_score, e.scores[2]) << e.vector;
    } else {
      EXPECT_DOUBLE_EQ(e.scores[2], e.scores[1]) << e.vector;  // no environmental metrics
    }
    ++checked;
  }
  EXPECT_EQ(checked, 16u);
}

// CVSS v3.1 specification, Appendix A: Roundup returns the smallest one-decimal number equal to
// or higher than its input, computed on integers so that floating-point noise in the 6th decimal
// and beyond does not lift a score.
TEST(CvssRoundUp, V31AppendixA) {
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.02), 4.1);
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.00), 4.0);
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.000000000000001), 4.0);  // floating-point noise
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.0000001), 4.0);          // below 1e-5: noise
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.000001), 4.0);           // x.x000001 too
  EXPECT_DOUBLE_EQ(detail::RoundUp31(4.00001), 4.1);            // at 1e-5: a real excess
  EXPECT_DOUBLE_EQ(detail::RoundUp31(9.99), 10.0);
  EXPECT_DOUBLE_EQ(detail::RoundUp31(0.0), 0.0);
  EXPECT_DOUBLE_EQ(detail::RoundUp31(6.05), 6.1);
}

TEST(CvssRoundUp, V30IsAPlainCeiling) {
  EXPECT_DOUBLE_EQ(detail::RoundUp30(4.02), 4.1);
  EXPECT_DOUBLE_EQ(detail::RoundUp30(4.00), 4.0);
  EXPECT_DOUBLE_EQ(detail::RoundUp30(4.000000000000001), 4.1);  // the flaw 3.1 fixed
}

}  // namespace
}  // namespace proven::cvss
