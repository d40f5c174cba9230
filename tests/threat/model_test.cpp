// The vocabulary, the risk matrix of docs/devices.md and Validate.
#include <gtest/gtest.h>

#include "threat/threat_model.hpp"
#include "threat_test_support.hpp"

namespace proven::threat {
namespace {

using testing::ReadFixture;

// The table in docs/devices.md, row by row: likelihood 1..3 down, impact 1..3 across.
TEST(ThreatRisk, MatrixAsDocumented) {
  const RiskLevel kTable[3][3] = {
      {RiskLevel::kLow, RiskLevel::kLow, RiskLevel::kMedium},
      {RiskLevel::kLow, RiskLevel::kMedium, RiskLevel::kHigh},
      {RiskLevel::kMedium, RiskLevel::kHigh, RiskLevel::kCritical},
  };
  for (int l = 1; l <= 3; ++l) {
    for (int i = 1; i <= 3; ++i) {
      EXPECT_EQ(Risk(l, i), kTable[l - 1][i - 1]) << "likelihood " << l << " impact " << i;
      EXPECT_EQ(Risk(l, i), Risk(i, l)) << "the matrix is symmetric";
    }
  }
  for (int v : {0, -1, 4}) {
    EXPECT_EQ(Risk(v, 2), RiskLevel::kNotRated) << v;
    EXPECT_EQ(Risk(2, v), RiskLevel::kNotRated) << v;
  }
  EXPECT_EQ(RiskCode(RiskLevel::kNotRated), "not_rated");
  EXPECT_EQ(RiskCode(RiskLevel::kCritical), "critical");
  Threat t;
  t.likelihood = 3;
  t.impact = 2;
  EXPECT_EQ(t.risk(), RiskLevel::kHigh);
}

TEST(ThreatVocabulary, StridePerElement) {
  using S = Stride;
  EXPECT_EQ(StrideFor(ElementKind::kActor), (std::vector<S>{S::kSpoofing, S::kRepudiation}));
  EXPECT_EQ(StrideFor(ElementKind::kProcess).size(), 6u);
  EXPECT_EQ(StrideFor(ElementKind::kStore),
            (std::vector<S>{S::kTampering, S::kRepudiation, S::kInformationDisclosure, S::kDenialOfService}));
  EXPECT_EQ(StrideFor(ElementKind::kFlow), (std::vector<S>{S::kTampering, S::kInformationDisclosure, S::kDenialOfService}));
  EXPECT_TRUE(StrideFor(ElementKind::kBoundary).empty());
}

TEST(ThreatVocabulary, CodesRoundTrip) {
  for (int i = 0; i < 6; ++i) {
    const auto s = static_cast<Stride>(i);
    EXPECT_EQ(ParseStride(StrideCode(s)), s);
  }
  for (int i = 0; i < 5; ++i) {
    const auto k = static_cast<ElementKind>(i);
    EXPECT_EQ(ParseKind(KindCode(k)), k);
  }
  EXPECT_EQ(ParseStride("Spoofing"), std::nullopt);
  EXPECT_EQ(ParseKind("tm.Actor"), std::nullopt);
}

Model Small() {
  Model m;
  Diagram d;
  d.id = "0";
  Element user{"user", ElementKind::kActor, "User", "", false, false, false, "", "", 0, 0, 0, 0, {}, {}};
  Element fw{"fw", ElementKind::kProcess, "Firmware", "", false, true, true, "", "", 0, 0, 0, 0, {}, {}};
  fw.threats.push_back({"t1", "Default password", Stride::kSpoofing, "open", "", "", 3, 2});
  Element flow{"f1", ElementKind::kFlow, "Login", "", false, false, false, "user", "fw", 0, 0, 0, 0, {}, {}};
  flow.threats.push_back({"t2", "Sniffing", Stride::kInformationDisclosure, "mitigated", "", "", 1, 1});
  Element wall{"b1", ElementKind::kBoundary, "LAN", "", false, false, false, "", "", 0, 0, 0, 0, {}, {}};
  d.elements = {user, fw, flow, wall};
  m.diagrams.push_back(d);
  m.attack_paths.push_back({"p1", "Log in as admin", "", {"user", "f1", "fw"}, {"t1"}, 2, 3});
  return m;
}

std::string FieldOf(const Model& m) {
  auto s = Validate(m);
  EXPECT_FALSE(s.has_value());
  return s ? std::string("(valid)") : s.error().field;
}

TEST(ThreatValidate, AGoodModelPasses) { EXPECT_TRUE(Validate(Small()).has_value()); }

TEST(ThreatValidate, NamesTheFirstProblem) {
  Model m = Small();
  m.diagrams[0].elements[3].id = "fw";
  EXPECT_EQ(FieldOf(m), "elements/fw");

  m = Small();
  m.diagrams[0].elements[2].target = "nowhere";
  EXPECT_EQ(FieldOf(m), "elements/f1/target");
  m = Small();
  m.diagrams[0].elements[2].source = "b1";
  EXPECT_EQ(FieldOf(m), "elements/f1/source") << "a flow does not start at a boundary";
  m = Small();
  m.diagrams[0].elements[2].source.clear();
  EXPECT_TRUE(Validate(m).has_value()) << "Threat Dragon allows a flow with a free end";

  m = Small();
  m.diagrams[0].elements[0].threats.push_back({"t3", "x", Stride::kTampering, "open", "", "", 0, 0});
  EXPECT_TRUE(Validate(m).has_value()) << "any category on any element, as Threat Dragon files it";
  m.diagrams[0].elements[0].threats.back().status = "closed";
  EXPECT_EQ(FieldOf(m), "elements/user/threats/t3/status");
  m = Small();
  m.diagrams[0].elements[1].threats[0].impact = 4;
  EXPECT_EQ(FieldOf(m), "elements/fw/threats/t1/impact");
  m = Small();
  m.diagrams[0].elements[1].threats[0].likelihood = -1;
  EXPECT_EQ(FieldOf(m), "elements/fw/threats/t1/likelihood");
  m = Small();
  m.diagrams[0].elements[1].threats[0].status = "Open";
  EXPECT_EQ(FieldOf(m), "elements/fw/threats/t1/status");
  m = Small();
  m.diagrams[0].elements[2].threats[0].id = "t1";
  EXPECT_EQ(FieldOf(m), "elements/f1/threats/t1");

  m = Small();
  m.attack_paths[0].steps.push_back("ghost");
  EXPECT_EQ(FieldOf(m), "attack_paths/p1/steps/3");
  m = Small();
  m.attack_paths[0].threats.push_back("t9");
  EXPECT_EQ(FieldOf(m), "attack_paths/p1/threats/1");
  m = Small();
  m.attack_paths[0].impact = 9;
  EXPECT_EQ(FieldOf(m), "attack_paths/p1/impact");
  m = Small();
  m.attack_paths.push_back(m.attack_paths[0]);
  EXPECT_EQ(FieldOf(m), "attack_paths/p1");
}

// Threat Dragon lets a user file any STRIDE type on any element; its own demo files a spoofing
// threat on a store, which STRIDE per element does not list. An imported model keeps it: Validate
// checks references and ranges, not the categories (Proven's own edits apply StrideFor).
TEST(ThreatValidate, TheDemoModelWithASpoofingThreatOnAStoreIsValid) {
  auto m = ReadThreatDragon(ReadFixture("threat-dragon/demo-threat-model.json"));
  ASSERT_TRUE(m.has_value());
  const auto* t = m->FindThreat("b917c6dd-e2d5-455c-8b81-61407126abfa");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->category, Stride::kSpoofing);
  EXPECT_EQ(m->ElementOfThreat(t->id)->kind, ElementKind::kStore);
  EXPECT_TRUE(Validate(*m).has_value()) << Validate(*m).error().message;
}

TEST(ThreatModelFind, ElementsAndThreats) {
  Model m = Small();
  ASSERT_NE(m.FindElement("fw"), nullptr);
  m.FindElement("fw")->name = "Firmware 1.2";
  EXPECT_EQ(std::as_const(m).FindElement("fw")->name, "Firmware 1.2");
  EXPECT_EQ(m.FindElement("zz"), nullptr);
  ASSERT_NE(m.FindThreat("t2"), nullptr);
  EXPECT_EQ(m.FindThreat("t2")->title, "Sniffing");
  EXPECT_EQ(m.ElementOfThreat("t2")->id, "f1");
  EXPECT_EQ(m.ElementOfThreat("t0"), nullptr);
}

}  // namespace
}  // namespace proven::threat
