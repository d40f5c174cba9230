#pragma once
// Scores of a WAF run (issue 14, docs/adr/0017-waf-effectiveness-suite.md "Headline and grade"): pure.
// Counting unit: one request. Per slice (category, placement, encoder, source; headline requests and
// robustness requests apart) the resolved attacks and how many were blocked (TPR), the resolved
// benign requests and how many were blocked (FPR), with Wilson 95 % intervals; unresolved requests
// are counted apart and never enter a denominator. The headline is the macro mean over scored
// categories, the grade comes from its balanced accuracy capped by a false-positive gate.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "waf/model.hpp"

namespace proven::waf {

// z for a two-sided 95 % interval.
inline constexpr double kZ95 = 1.959963984540054;
// A category is scored with at least this many resolved attacks and resolved benign requests.
inline constexpr std::int64_t kMinScored = 10;
// Fewer scored categories than this, or more unresolved headline requests than this share: grade I.
inline constexpr int kMinCategoriesForGrade = 3;
inline constexpr double kMaxUnresolvedShare = 0.05;
inline constexpr std::size_t kMaxWorstFalsePositives = 20;
// The category of benign cases tied to no category: in fpr_all, never a scored category.
inline constexpr std::string_view kGeneralCategory = "general";

struct Interval {
  double lo = 0;
  double hi = 1;
};
bool operator==(const Interval& a, const Interval& b);

// Wilson score 95 % interval for x successes of n; nullopt when n = 0 (or x outside [0, n]).
std::optional<Interval> Wilson(std::int64_t x, std::int64_t n);

// Agresti–Coull variance of a proportion x/n: p̃ = (x + z²/2)/(n + z²), var = p̃(1 − p̃)/(n + z²).
double AgrestiCoullVariance(std::int64_t x, std::int64_t n);

struct SliceStats {
  std::string name;
  std::int64_t attacks = 0;     // resolved attack requests
  std::int64_t blocked = 0;     // of those, blocked
  std::int64_t benign = 0;      // resolved benign requests
  std::int64_t fp = 0;          // of those, blocked
  std::int64_t unresolved = 0;  // attack or benign, neither blocked nor passed for sure
  std::optional<double> tpr, fpr, ba;
  std::optional<Interval> tpr_ci, fpr_ci;
  bool scored = false;  // ≥ kMinScored attacks and ≥ kMinScored benign (never for "general")
};
// Fills the rates, intervals and `scored` from the counts.
void Finish(SliceStats& s);

struct Slices {
  std::vector<SliceStats> categories, placements, encoders, sources;  // each sorted by name
};

// A macro mean over categories: TPR, FPR and BA with their Agresti–Coull intervals.
struct Macro {
  std::optional<double> ba, tpr, fpr;
  std::optional<Interval> ba_ci, tpr_ci, fpr_ci;
  int categories = 0;  // how many categories the means are over
};
// The macro mean over the scored slices of `categories` (nullopt values when none is scored).
Macro MacroOver(const std::vector<SliceStats>& categories);

struct GradeResult {
  std::string grade;              // A B C D F, or I (incomplete)
  std::string grade_before_gate;  // from BA alone ("" when there is no BA)
  std::string gate;               // why the grade is lower than BA alone gives, in English; "" if not
};
// The grade (ADR 0017): from BA A ≥ 0.90, B ≥ 0.80, C ≥ 0.70, D ≥ 0.60, else F; capped on
// g = fpr_gate = max(fpr, fpr_all): > 0.10 F, > 0.05 at most D, > 0.02 at most C, > 0.01 at most B;
// I when fewer than 3 categories are scored or more than 5 % of the headline requests are unresolved.
GradeResult Grade(std::optional<double> ba, double fpr_gate, int categories_scored, double unresolved_share);
// The same, only the letter.
std::string GradeLetter(std::optional<double> ba, double fpr_gate, int categories_scored,
                        double unresolved_share);

struct CoverageGap {
  std::string kind;    // "category", "placement", "encoder", "robustness"
  std::string name;
  std::string reason;  // English, fixed texts (see metrics.cpp)
};

struct FalsePositive {
  std::uint32_t index = 0;  // into Plan::requests
  std::string id, case_id, category, placement, encoder, basis, preview;
  int status = 0;
  bool headline = true;
  bool scored_category = false;
};

struct Scores {
  // Headline: only requests a typical application decodes.
  Macro headline;
  std::optional<double> fpr_all;  // pooled over every resolved headline benign request, "general" too
  std::optional<Interval> fpr_all_ci;
  GradeResult grade;
  std::int64_t headline_requests = 0, headline_attacks = 0, headline_benign = 0, headline_unresolved = 0;
  double unresolved_share = 0;  // unresolved / headline requests (0 when there are none)
  Slices headline_slices;

  // Robustness: the requests a typical application does not decode, never in the headline or grade.
  // The macro over its scored categories (same rule); the pooled counts beside.
  Macro robustness;
  SliceStats robustness_pooled;
  Slices robustness_slices;

  std::int64_t requests = 0, unresolved = 0;
  std::vector<CoverageGap> coverage_gaps;
  std::vector<FalsePositive> worst_false_positives;  // at most kMaxWorstFalsePositives
};

// Results are matched to the plan by RequestResult::index; a plan request without a result (or
// with an index out of range) counts as unresolved.
Scores Score(const Plan& plan, const RunResult& run);

// The formula as published in every report (headline.formula) and in docs.
std::string_view FormulaText();

}  // namespace proven::waf
