// Scores of a WAF run (src/waf/metrics.hpp, ADR 0017): Wilson intervals against computed vectors, the
// worked grade cases, the gate and I, and a brute-force twin that recounts every slice naively over
// random plans and verdicts.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "waf/metrics.hpp"
#include "support/waf_fixtures.hpp"

namespace proven::waf {
namespace {

using testing_waf::AddRequests;

void ExpectInterval(const std::optional<Interval>& i, double lo, double hi) {
  ASSERT_TRUE(i.has_value());
  EXPECT_NEAR(i->lo, lo, 1e-6);
  EXPECT_NEAR(i->hi, hi, 1e-6);
}

TEST(WafMetrics, WilsonMatchesTheVectors) {
  ExpectInterval(Wilson(0, 10), 0, 0.277533);
  ExpectInterval(Wilson(10, 10), 0.722467, 1);
  ExpectInterval(Wilson(5, 10), 0.236593, 0.763407);
  ExpectInterval(Wilson(1, 100), 0.001767, 0.054486);
  ExpectInterval(Wilson(95, 100), 0.88825, 0.978456);
  ExpectInterval(Wilson(0, 1), 0, 0.793451);
  ExpectInterval(Wilson(300, 394), 0.71694, 0.800855);
  EXPECT_EQ(Wilson(10, 10)->hi, 1.0);
  EXPECT_EQ(Wilson(0, 10)->lo, 0.0);
  EXPECT_FALSE(Wilson(0, 0));
  EXPECT_FALSE(Wilson(3, 2));
  EXPECT_FALSE(Wilson(-1, 2));
}

TEST(WafMetrics, WorkedGradeCases) {
  auto ba = [](double tpr, double fpr) { return (tpr + 1 - fpr) / 2; };
  EXPECT_EQ(GradeLetter(ba(0, 0), 0, 5, 0), "F");  // null WAF
  auto block_all = Grade(ba(1, 1), 1, 5, 0);
  EXPECT_EQ(block_all.grade, "F");
  EXPECT_EQ(block_all.grade_before_gate, "F");
  auto gated = Grade(ba(0.95, 0.30), 0.30, 5, 0);
  EXPECT_EQ(gated.grade_before_gate, "B");
  EXPECT_EQ(gated.grade, "F");
  EXPECT_EQ(gated.gate, "max(fpr, fpr_all) 0.3 > 0.10: F");
  EXPECT_EQ(GradeLetter(ba(0.80, 0.01), 0.01, 5, 0), "B");
  EXPECT_EQ(GradeLetter(ba(0.70, 0.004), 0.004, 5, 0), "B");
  auto c = Grade(ba(0.60, 0.015), 0.015, 5, 0);
  EXPECT_EQ(c.grade, "C");
  EXPECT_EQ(c.gate, "") << "the gate (at most B) does not lower a C";
  EXPECT_EQ(GradeLetter(0.95, 0.015, 5, 0), "B");
  EXPECT_EQ(GradeLetter(0.95, 0.03, 5, 0), "C");
  EXPECT_EQ(GradeLetter(0.95, 0.06, 5, 0), "D");
  EXPECT_EQ(GradeLetter(0.95, 0.0100001, 5, 0), "B");
  EXPECT_EQ(GradeLetter(0.90, 0, 3, 0.05), "A") << "boundaries are inclusive";
  EXPECT_EQ(GradeLetter(0.7999999, 0, 3, 0), "C");
  EXPECT_EQ(GradeLetter(0.95, 0, 2, 0), "I");
  EXPECT_EQ(GradeLetter(0.95, 0, 3, 0.0500001), "I");
  EXPECT_EQ(Grade(std::nullopt, 0, 0, 0).grade, "I");
  EXPECT_EQ(Grade(0.95, 0, 2, 0).grade_before_gate, "A");
}

// Three categories of 10 attacks and 10 benign each, plus a general benign set.
Plan ThreeCategories() {
  Plan p;
  for (const char* c : {"sqli", "xss", "rce"}) {
    AddRequests(p, c, Expect::kBlock, 10);
    AddRequests(p, c, Expect::kAllow, 10);
  }
  AddRequests(p, "general", Expect::kAllow, 20);
  return p;
}

RunResult AllVerdicts(const Plan& p, Verdict attack, Verdict benign) {
  RunResult r;
  for (std::uint32_t i = 0; i < p.requests.size(); ++i) {
    RequestResult x;
    x.index = i;
    x.verdict = p.requests[i].expect == Expect::kBlock ? attack : benign;
    x.basis = x.verdict == Verdict::kBlocked ? Basis::kBlockStatus : Basis::kPassStatus;
    x.status = x.verdict == Verdict::kBlocked ? 403 : 200;
    r.results.push_back(x);
  }
  return r;
}

TEST(WafMetrics, NullWafGradesF) {
  const Plan p = ThreeCategories();
  const Scores s = Score(p, AllVerdicts(p, Verdict::kPassed, Verdict::kPassed));
  EXPECT_EQ(s.headline.categories, 3);
  EXPECT_DOUBLE_EQ(*s.headline.tpr, 0);
  EXPECT_DOUBLE_EQ(*s.headline.fpr, 0);
  EXPECT_DOUBLE_EQ(*s.headline.ba, 0.5);
  EXPECT_DOUBLE_EQ(*s.fpr_all, 0);
  EXPECT_EQ(s.grade.grade, "F");
  EXPECT_TRUE(s.worst_false_positives.empty());
  int low = 0;
  for (const auto& g : s.coverage_gaps) low += g.reason == "low_tpr";
  EXPECT_EQ(low, 3 + 1 + 1) << "every category, the query placement and the plain encoder";
}

TEST(WafMetrics, BlockAllGradesFByTheGate) {
  const Plan p = ThreeCategories();
  const Scores s = Score(p, AllVerdicts(p, Verdict::kBlocked, Verdict::kBlocked));
  EXPECT_DOUBLE_EQ(*s.headline.ba, 0.5);
  EXPECT_DOUBLE_EQ(*s.fpr_all, 1);
  EXPECT_EQ(s.grade.grade, "F");
  EXPECT_EQ(s.worst_false_positives.size(), kMaxWorstFalsePositives);
  // scored categories first, then the general ones
  EXPECT_TRUE(s.worst_false_positives.front().scored_category);
  EXPECT_NE(s.worst_false_positives.front().category, "general");
  EXPECT_EQ(s.worst_false_positives.front().status, 403);
  EXPECT_EQ(s.worst_false_positives.front().basis, "block_status");
}

TEST(WafMetrics, PerfectWafGradesAWithIntervals) {
  const Plan p = ThreeCategories();
  const Scores s = Score(p, AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed));
  EXPECT_DOUBLE_EQ(*s.headline.ba, 1);
  EXPECT_EQ(s.grade.grade, "A");
  // Agresti–Coull: 10/10 → p̃ = (10 + z²/2)/(10 + z²)
  const double z2 = kZ95 * kZ95;
  const double pt = (10 + z2 / 2) / (10 + z2);
  const double var = pt * (1 - pt) / (10 + z2);
  EXPECT_NEAR(s.headline.tpr_ci->lo, 1 - kZ95 * std::sqrt(3 * var / 9), 1e-12);
  EXPECT_DOUBLE_EQ(s.headline.tpr_ci->hi, 1);
  EXPECT_NEAR(s.headline.ba_ci->lo, 1 - kZ95 * std::sqrt(6 * var / 36), 1e-12);
  EXPECT_NEAR(s.headline.fpr_ci->hi, kZ95 * std::sqrt(3 * var / 9), 1e-12);
  EXPECT_DOUBLE_EQ(s.headline.fpr_ci->lo, 0);
}

TEST(WafMetrics, IncompleteWhenFewCategoriesOrManyUnresolved) {
  Plan p = ThreeCategories();
  RunResult r = AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed);
  // 4 of 80 headline requests unresolved (5 %): still graded; the fifth makes it I.
  std::vector<std::size_t> general;
  for (std::size_t i = 0; i < p.requests.size(); ++i) {
    if (p.requests[i].category == "general") general.push_back(i);
  }
  for (std::size_t i = 0; i < 4; ++i) r.results[general[i]].verdict = Verdict::kUnresolved;
  EXPECT_EQ(Score(p, r).grade.grade, "A");
  r.results[general[4]].verdict = Verdict::kUnresolved;
  const Scores s = Score(p, r);
  EXPECT_EQ(s.headline_unresolved, 5);
  EXPECT_EQ(s.headline.categories, 3);
  EXPECT_EQ(s.grade.grade, "I");
  EXPECT_EQ(s.grade.grade_before_gate, "A");
  EXPECT_EQ(s.grade.gate, "incomplete: 0.0625 of the headline requests unresolved (more than 0.05)");
  const auto& gen = s.headline_slices.categories[0];
  ASSERT_EQ(gen.name, "general");
  EXPECT_EQ(gen.unresolved, 5);
  EXPECT_EQ(gen.benign, 15);

  Plan two;
  for (const char* c : {"sqli", "xss"}) {
    AddRequests(two, c, Expect::kBlock, 10);
    AddRequests(two, c, Expect::kAllow, 10);
  }
  const Scores t = Score(two, AllVerdicts(two, Verdict::kBlocked, Verdict::kPassed));
  EXPECT_EQ(t.headline.categories, 2);
  EXPECT_EQ(t.grade.grade, "I");
}

TEST(WafMetrics, MissingResultsAreUnresolved) {
  const Plan p = ThreeCategories();
  RunResult r = AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed);
  r.results.resize(10);
  RequestResult stray;
  stray.index = 9999;
  stray.verdict = Verdict::kBlocked;
  r.results.push_back(stray);
  const Scores s = Score(p, r);
  EXPECT_EQ(s.unresolved, static_cast<std::int64_t>(p.requests.size()) - 10);
}

TEST(WafMetrics, GeneralIsInFprAllButNeverScored) {
  Plan p = ThreeCategories();
  RunResult r = AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed);
  // block 2 of the 20 general benign requests: fpr stays 0, fpr_all = 2/50 ⇒ at most C
  int blocked = 0;
  for (auto& x : r.results) {
    if (p.requests[x.index].category == "general" && blocked < 2) x.verdict = Verdict::kBlocked, ++blocked;
  }
  const Scores s = Score(p, r);
  EXPECT_DOUBLE_EQ(*s.headline.fpr, 0);
  EXPECT_DOUBLE_EQ(*s.fpr_all, 2.0 / 50);
  EXPECT_EQ(s.grade.grade_before_gate, "A");
  EXPECT_EQ(s.grade.grade, "C");
  EXPECT_EQ(s.worst_false_positives.size(), 2u);
  EXPECT_FALSE(s.worst_false_positives[0].scored_category);
  for (const auto& c : s.headline_slices.categories) {
    if (c.name == "general") {
      EXPECT_FALSE(c.scored);
    }
  }
}

TEST(WafMetrics, RobustnessNeverEntersTheHeadline) {
  Plan p = ThreeCategories();
  AddRequests(p, "sqli", Expect::kBlock, 30, Placement::kQuery, Encoder::kBase64, false);
  RunResult r = AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed);
  for (auto& x : r.results) {
    if (!p.requests[x.index].headline) x.verdict = Verdict::kPassed;
  }
  const Scores s = Score(p, r);
  EXPECT_EQ(s.grade.grade, "A");
  EXPECT_DOUBLE_EQ(*s.headline.tpr, 1);
  EXPECT_EQ(s.robustness_pooled.attacks, 30);
  EXPECT_DOUBLE_EQ(*s.robustness_pooled.tpr, 0);
  EXPECT_EQ(s.robustness.categories, 0);
  bool none_scored = false, low = false;
  for (const auto& g : s.coverage_gaps) {
    none_scored |= g.kind == "robustness" && g.reason == "none_scored";
    low |= g.kind == "encoder" && g.name == "base64" && g.reason == "low_tpr_robustness";
  }
  EXPECT_TRUE(none_scored);
  EXPECT_TRUE(low);
}

TEST(WafMetrics, CoverageGapsNameTheReason) {
  Plan p = ThreeCategories();
  AddRequests(p, "ldapi", Expect::kBlock, 14);
  AddRequests(p, "ldapi", Expect::kAllow, 3);
  AddRequests(p, "nosqli", Expect::kAllow, 12);
  const Scores s = Score(p, AllVerdicts(p, Verdict::kBlocked, Verdict::kPassed));
  std::map<std::string, std::string> got;
  for (const auto& g : s.coverage_gaps) {
    if (g.kind == "category") got[g.name] += g.reason + ";";
  }
  EXPECT_EQ(got["ldapi"], "few_benign;");
  EXPECT_EQ(got["nosqli"], "no_attacks;");
  EXPECT_FALSE(got.contains("sqli"));
  int not_in_plan = 0;
  for (const auto& g : s.coverage_gaps) not_in_plan += g.reason == "not_in_plan";
  EXPECT_EQ(not_in_plan, static_cast<int>(AllPlacements().size() + AllEncoders().size()) - 2);
}

// The brute-force twin: random plans and verdicts, every slice recounted by filtering the whole plan,
// the macro recomputed from the definitions.
TEST(WafMetrics, BruteForceTwin) {
  std::mt19937_64 rng(20261201);
  const std::vector<std::string> cats{"sqli", "xss", "rce", "lfi", "general"};
  for (int round = 0; round < 30; ++round) {
    Plan p;
    RunResult run;
    const int n = 200 + static_cast<int>(rng() % 600);
    for (int i = 0; i < n; ++i) {
      CompiledRequest r;
      r.id = std::to_string(i);
      r.category = cats[rng() % cats.size()];
      r.expect = r.category == "general" || rng() % 3 == 0 ? Expect::kAllow : Expect::kBlock;
      r.placement = AllPlacements()[rng() % 4];
      r.encoder = AllEncoders()[rng() % 5];
      r.headline = rng() % 5 != 0;
      r.source = rng() % 2 ? "gotestwaf" : "crs";
      p.requests.push_back(r);
      RequestResult x;
      x.index = static_cast<std::uint32_t>(i);
      const auto roll = rng() % 100;
      x.verdict = roll < 3 ? Verdict::kUnresolved : roll < (r.expect == Expect::kBlock ? 70u : 8u) ? Verdict::kBlocked
                                                                                                      : Verdict::kPassed;
      run.results.push_back(x);
    }
    std::shuffle(run.results.begin(), run.results.end(), rng);
    const Scores s = Score(p, run);

    auto naive = [&](bool headline, auto key, const std::string& name) {
      SliceStats t;
      for (const auto& x : run.results) {
        const auto& r = p.requests[x.index];
        if (r.headline != headline || key(r) != name) continue;
        if (x.verdict == Verdict::kUnresolved) {
          ++t.unresolved;
        } else if (r.expect == Expect::kBlock) {
          ++t.attacks, t.blocked += x.verdict == Verdict::kBlocked;
        } else {
          ++t.benign, t.fp += x.verdict == Verdict::kBlocked;
        }
      }
      return t;
    };
    auto check = [&](const std::vector<SliceStats>& slices, bool headline, auto key) {
      for (const auto& got : slices) {
        const SliceStats want = naive(headline, key, got.name);
        EXPECT_EQ(got.attacks, want.attacks) << got.name;
        EXPECT_EQ(got.blocked, want.blocked) << got.name;
        EXPECT_EQ(got.benign, want.benign) << got.name;
        EXPECT_EQ(got.fp, want.fp) << got.name;
        EXPECT_EQ(got.unresolved, want.unresolved) << got.name;
        if (want.attacks) {
          EXPECT_DOUBLE_EQ(*got.tpr, double(want.blocked) / double(want.attacks));
        }
        if (want.benign) {
          EXPECT_DOUBLE_EQ(*got.fpr, double(want.fp) / double(want.benign));
        }
        EXPECT_EQ(got.scored, want.attacks >= 10 && want.benign >= 10 && got.name != "general");
      }
    };
    for (bool h : {true, false}) {
      const Slices& sl = h ? s.headline_slices : s.robustness_slices;
      check(sl.categories, h, [](const CompiledRequest& r) { return r.category; });
      check(sl.placements, h, [](const CompiledRequest& r) { return std::string(Code(r.placement)); });
      check(sl.encoders, h, [](const CompiledRequest& r) { return std::string(Code(r.encoder)); });
      check(sl.sources, h, [](const CompiledRequest& r) { return r.source; });
      std::int64_t total = 0;
      for (const auto& c : sl.categories) total += c.attacks + c.benign + c.unresolved;
      std::int64_t want_total = 0;
      for (const auto& r : p.requests) want_total += r.headline == h;
      EXPECT_EQ(total, want_total);
    }
    // macro over scored categories, from the definitions
    double tpr = 0, fpr = 0;
    int k = 0;
    for (const auto& c : cats) {
      if (c == "general") continue;
      const SliceStats t = naive(true, [](const CompiledRequest& r) { return r.category; }, c);
      if (t.attacks < 10 || t.benign < 10) continue;
      ++k, tpr += double(t.blocked) / double(t.attacks), fpr += double(t.fp) / double(t.benign);
    }
    ASSERT_EQ(s.headline.categories, k);
    if (k > 0) {
      EXPECT_NEAR(*s.headline.tpr, tpr / k, 1e-12);
      EXPECT_NEAR(*s.headline.fpr, fpr / k, 1e-12);
      EXPECT_NEAR(*s.headline.ba, (tpr / k + 1 - fpr / k) / 2, 1e-12);
      EXPECT_LE(s.headline.ba_ci->lo, *s.headline.ba);
      EXPECT_GE(s.headline.ba_ci->hi, *s.headline.ba);
    }
    std::int64_t benign = 0, fp = 0, unresolved = 0, head = 0;
    for (const auto& x : run.results) {
      const auto& r = p.requests[x.index];
      if (!r.headline) continue;
      ++head;
      if (x.verdict == Verdict::kUnresolved) {
        ++unresolved;
      } else if (r.expect == Expect::kAllow) {
        ++benign, fp += x.verdict == Verdict::kBlocked;
      }
    }
    if (benign) {
      EXPECT_DOUBLE_EQ(*s.fpr_all, double(fp) / double(benign));
    }
    EXPECT_DOUBLE_EQ(s.unresolved_share, head ? double(unresolved) / double(head) : 0);
    const double gate = std::max(s.headline.fpr.value_or(0), s.fpr_all.value_or(0));
    EXPECT_EQ(s.grade.grade, GradeLetter(s.headline.ba, gate, k, s.unresolved_share));
    EXPECT_LE(s.worst_false_positives.size(), kMaxWorstFalsePositives);
    for (const auto& f : s.worst_false_positives) {
      EXPECT_EQ(p.requests[f.index].expect, Expect::kAllow);
    }
  }
}

}  // namespace
}  // namespace proven::waf
