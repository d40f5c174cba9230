#include "waf/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace proven::waf {
namespace {

constexpr std::string_view kFormula =
    "Only requests a typical application decodes count (headline). Per category c: TPR_c = blocked attacks / "
    "resolved attacks, FPR_c = blocked benign / resolved benign, BA_c = (TPR_c + 1 - FPR_c)/2; a category is "
    "scored with >= 10 resolved attacks and >= 10 resolved benign requests; tpr, fpr and balanced_accuracy are "
    "the means over the K scored categories (macro); unresolved requests are in no denominator. Intervals: "
    "Wilson 95 % per slice; for the means value +/- 1.96*sqrt(sum of Agresti-Coull variances)/K (BA: /(2K)). "
    "fpr_all = blocked / resolved over every headline benign request. Grade from BA: A >= 0.90, B >= 0.80, "
    "C >= 0.70, D >= 0.60, else F; gate on g = max(fpr, fpr_all): g > 0.10 F, g > 0.05 at most D, "
    "g > 0.02 at most C, g > 0.01 at most B; K < 3 or more than 5 % of headline requests unresolved: I.";

double Clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

int GradeRank(char g) {  // A = 0 … F = 4
  switch (g) {
    case 'A': return 0;
    case 'B': return 1;
    case 'C': return 2;
    case 'D': return 3;
    default: return 4;
  }
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s(buf);
  while (s.size() > 3 && s.back() == '0') s.pop_back();
  return s;
}

bool IsAttack(const CompiledRequest& r) { return r.expect == Expect::kBlock; }

// Adds one request to a slice's counts.
void Count(SliceStats& s, const CompiledRequest& r, Verdict v) {
  if (v == Verdict::kUnresolved) {
    ++s.unresolved;
  } else if (IsAttack(r)) {
    ++s.attacks;
    if (v == Verdict::kBlocked) ++s.blocked;
  } else {
    ++s.benign;
    if (v == Verdict::kBlocked) ++s.fp;
  }
}

struct SliceMaps {
  std::map<std::string, SliceStats> categories, placements, encoders, sources;
};

void CountAll(SliceMaps& m, const CompiledRequest& r, Verdict v) {
  auto add = [&](std::map<std::string, SliceStats>& map, std::string_view name) {
    auto& s = map[std::string(name)];
    s.name = std::string(name);
    Count(s, r, v);
  };
  add(m.categories, r.category);
  add(m.placements, Code(r.placement));
  add(m.encoders, Code(r.encoder));
  add(m.sources, r.source);
}

std::vector<SliceStats> Finished(std::map<std::string, SliceStats>& map, bool categories) {
  std::vector<SliceStats> out;
  out.reserve(map.size());
  for (auto& [name, s] : map) {
    Finish(s);
    if (categories && name == kGeneralCategory) s.scored = false;
    out.push_back(s);
  }
  return out;
}

Slices ToSlices(SliceMaps& m) {
  return Slices{Finished(m.categories, true), Finished(m.placements, false), Finished(m.encoders, false),
                Finished(m.sources, false)};
}

void CategoryGaps(const std::vector<SliceStats>& cats, std::vector<CoverageGap>& gaps) {
  for (const auto& c : cats) {
    if (c.name == kGeneralCategory) continue;
    if (c.attacks == 0) {
      gaps.push_back({"category", c.name, "no_attacks"});
    } else if (c.attacks < kMinScored) {
      gaps.push_back({"category", c.name, "few_attacks"});
    }
    if (c.benign == 0) {
      gaps.push_back({"category", c.name, "no_benign"});
    } else if (c.benign < kMinScored) {
      gaps.push_back({"category", c.name, "few_benign"});
    }
    if (c.scored && c.tpr && *c.tpr < 0.5) gaps.push_back({"category", c.name, "low_tpr"});
  }
}

}  // namespace

bool operator==(const Interval& a, const Interval& b) { return a.lo == b.lo && a.hi == b.hi; }

std::optional<Interval> Wilson(std::int64_t x, std::int64_t n) {
  if (n <= 0 || x < 0 || x > n) return std::nullopt;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(x) / nn;
  const double z2 = kZ95 * kZ95;
  const double d = 1 + z2 / nn;
  const double c = (p + z2 / (2 * nn)) / d;
  const double h = (kZ95 / d) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  Interval i{Clamp01(c - h), Clamp01(c + h)};
  if (x == 0) i.lo = 0;
  if (x == n) i.hi = 1;
  return i;
}

double AgrestiCoullVariance(std::int64_t x, std::int64_t n) {
  const double z2 = kZ95 * kZ95;
  const double nt = static_cast<double>(n) + z2;
  const double pt = (static_cast<double>(x) + z2 / 2) / nt;
  return pt * (1 - pt) / nt;
}

void Finish(SliceStats& s) {
  s.tpr.reset();
  s.fpr.reset();
  s.ba.reset();
  if (s.attacks > 0) s.tpr = static_cast<double>(s.blocked) / static_cast<double>(s.attacks);
  if (s.benign > 0) s.fpr = static_cast<double>(s.fp) / static_cast<double>(s.benign);
  if (s.tpr && s.fpr) s.ba = (*s.tpr + 1 - *s.fpr) / 2;
  s.tpr_ci = Wilson(s.blocked, s.attacks);
  s.fpr_ci = Wilson(s.fp, s.benign);
  s.scored = s.attacks >= kMinScored && s.benign >= kMinScored;
}

Macro MacroOver(const std::vector<SliceStats>& categories) {
  Macro m;
  double tpr = 0, fpr = 0, var_tpr = 0, var_fpr = 0;
  for (const auto& c : categories) {
    if (!c.scored || c.name == kGeneralCategory) continue;
    ++m.categories;
    tpr += static_cast<double>(c.blocked) / static_cast<double>(c.attacks);
    fpr += static_cast<double>(c.fp) / static_cast<double>(c.benign);
    var_tpr += AgrestiCoullVariance(c.blocked, c.attacks);
    var_fpr += AgrestiCoullVariance(c.fp, c.benign);
  }
  if (m.categories == 0) return m;
  const double k = m.categories;
  m.tpr = tpr / k;
  m.fpr = fpr / k;
  m.ba = (*m.tpr + 1 - *m.fpr) / 2;
  auto around = [](double v, double var) {
    const double h = kZ95 * std::sqrt(var);
    return Interval{Clamp01(v - h), Clamp01(v + h)};
  };
  m.tpr_ci = around(*m.tpr, var_tpr / (k * k));
  m.fpr_ci = around(*m.fpr, var_fpr / (k * k));
  m.ba_ci = around(*m.ba, (var_tpr + var_fpr) / (4 * k * k));
  return m;
}

GradeResult Grade(std::optional<double> ba, double fpr_gate, int categories_scored, double unresolved_share) {
  GradeResult g;
  if (ba) {
    const double b = *ba;
    g.grade_before_gate = b >= 0.90 ? "A" : b >= 0.80 ? "B" : b >= 0.70 ? "C" : b >= 0.60 ? "D" : "F";
  }
  if (categories_scored < kMinCategoriesForGrade) {
    g.grade = "I";
    g.gate = "incomplete: " + std::to_string(categories_scored) + " scored categories (fewer than " +
             std::to_string(kMinCategoriesForGrade) + ")";
    return g;
  }
  if (unresolved_share > kMaxUnresolvedShare) {
    g.grade = "I";
    g.gate = "incomplete: " + Fixed(unresolved_share) + " of the headline requests unresolved (more than 0.05)";
    return g;
  }
  // ba is set whenever a category is scored.
  char grade = g.grade_before_gate.empty() ? 'F' : g.grade_before_gate[0];
  char cap = 'A';
  std::string limit;
  if (fpr_gate > 0.10) {
    cap = 'F', limit = "0.10: F";
  } else if (fpr_gate > 0.05) {
    cap = 'D', limit = "0.05: at most D";
  } else if (fpr_gate > 0.02) {
    cap = 'C', limit = "0.02: at most C";
  } else if (fpr_gate > 0.01) {
    cap = 'B', limit = "0.01: at most B";
  }
  if (GradeRank(cap) > GradeRank(grade)) {
    grade = cap;
    g.gate = "max(fpr, fpr_all) " + Fixed(fpr_gate) + " > " + limit;
  }
  g.grade = std::string(1, grade);
  return g;
}

std::string GradeLetter(std::optional<double> ba, double fpr_gate, int categories_scored,
                        double unresolved_share) {
  return Grade(ba, fpr_gate, categories_scored, unresolved_share).grade;
}

Scores Score(const Plan& plan, const RunResult& run) {
  std::vector<Verdict> verdicts(plan.requests.size(), Verdict::kUnresolved);
  std::vector<const RequestResult*> results(plan.requests.size(), nullptr);
  for (const auto& r : run.results) {
    if (r.index < plan.requests.size()) {
      verdicts[r.index] = r.verdict;
      results[r.index] = &r;
    }
  }

  Scores s;
  SliceMaps head, rob;
  s.robustness_pooled.name = "robustness";
  std::int64_t all_benign = 0, all_fp = 0;
  std::set<std::string> placements_in_plan, encoders_in_plan;
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    const auto& r = plan.requests[i];
    const Verdict v = verdicts[i];
    ++s.requests;
    if (v == Verdict::kUnresolved) ++s.unresolved;
    placements_in_plan.insert(std::string(Code(r.placement)));
    encoders_in_plan.insert(std::string(Code(r.encoder)));
    if (r.headline) {
      CountAll(head, r, v);
      ++s.headline_requests;
      if (v == Verdict::kUnresolved) {
        ++s.headline_unresolved;
      } else if (IsAttack(r)) {
        ++s.headline_attacks;
      } else {
        ++s.headline_benign;
        ++all_benign;
        if (v == Verdict::kBlocked) ++all_fp;
      }
    } else {
      CountAll(rob, r, v);
      Count(s.robustness_pooled, r, v);
    }
  }
  Finish(s.robustness_pooled);
  s.headline_slices = ToSlices(head);
  s.robustness_slices = ToSlices(rob);
  s.headline = MacroOver(s.headline_slices.categories);
  s.robustness = MacroOver(s.robustness_slices.categories);
  if (all_benign > 0) s.fpr_all = static_cast<double>(all_fp) / static_cast<double>(all_benign);
  s.fpr_all_ci = Wilson(all_fp, all_benign);
  s.unresolved_share = s.headline_requests > 0 ? static_cast<double>(s.headline_unresolved) /
                                                     static_cast<double>(s.headline_requests)
                                               : 0;
  const double gate = std::max(s.headline.fpr.value_or(0), s.fpr_all.value_or(0));
  s.grade = Grade(s.headline.ba, gate, s.headline.categories, s.unresolved_share);

  // Coverage gaps.
  CategoryGaps(s.headline_slices.categories, s.coverage_gaps);
  std::set<std::string> headline_categories;
  for (const auto& c : s.headline_slices.categories) headline_categories.insert(c.name);
  for (const auto& c : s.robustness_slices.categories) {
    if (!headline_categories.contains(c.name)) s.coverage_gaps.push_back({"category", c.name, "no_headline"});
  }
  for (Placement p : AllPlacements()) {
    const std::string code(Code(p));
    if (!placements_in_plan.contains(code)) s.coverage_gaps.push_back({"placement", code, "not_in_plan"});
  }
  for (const auto& p : s.headline_slices.placements) {
    if (p.attacks == 0) {
      s.coverage_gaps.push_back({"placement", p.name, "no_attacks"});
    } else if (p.attacks >= kMinScored && p.tpr && *p.tpr < 0.5) {
      s.coverage_gaps.push_back({"placement", p.name, "low_tpr"});
    }
  }
  for (Encoder e : AllEncoders()) {
    const std::string code(Code(e));
    if (!encoders_in_plan.contains(code)) s.coverage_gaps.push_back({"encoder", code, "not_in_plan"});
  }
  for (const auto* list : {&s.headline_slices.encoders, &s.robustness_slices.encoders}) {
    for (const auto& e : *list) {
      if (e.attacks >= kMinScored && e.tpr && *e.tpr < 0.5) {
        s.coverage_gaps.push_back({"encoder", e.name, list == &s.headline_slices.encoders ? "low_tpr" : "low_tpr_robustness"});
      }
    }
  }
  if (s.robustness_pooled.attacks + s.robustness_pooled.benign + s.robustness_pooled.unresolved > 0 &&
      s.robustness.categories == 0) {
    s.coverage_gaps.push_back({"robustness", "", "none_scored"});
  }

  // Worst false positives: scored categories first, headline first, short payloads first.
  std::set<std::string> scored;
  for (const auto& c : s.headline_slices.categories) {
    if (c.scored) scored.insert(c.name);
  }
  std::vector<FalsePositive> fps;
  for (std::size_t i = 0; i < plan.requests.size(); ++i) {
    const auto& r = plan.requests[i];
    if (IsAttack(r) || verdicts[i] != Verdict::kBlocked) continue;
    FalsePositive f;
    f.index = static_cast<std::uint32_t>(i);
    f.id = r.id;
    f.case_id = r.case_id;
    f.category = r.category;
    f.placement = std::string(Code(r.placement));
    f.encoder = std::string(Code(r.encoder));
    f.basis = std::string(Code(results[i]->basis));
    f.status = results[i]->status;
    f.preview = r.preview;
    f.headline = r.headline;
    f.scored_category = scored.contains(r.category);
    fps.push_back(std::move(f));
  }
  std::stable_sort(fps.begin(), fps.end(), [](const FalsePositive& a, const FalsePositive& b) {
    return std::make_tuple(!a.scored_category, !a.headline, a.preview.size(), a.index) <
           std::make_tuple(!b.scored_category, !b.headline, b.preview.size(), b.index);
  });
  if (fps.size() > kMaxWorstFalsePositives) fps.resize(kMaxWorstFalsePositives);
  s.worst_false_positives = std::move(fps);
  return s;
}

std::string_view FormulaText() { return kFormula; }

}  // namespace proven::waf
