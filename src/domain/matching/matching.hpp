#pragma once
// Matching a company's needs to valid services and verified products (issue 11; the rules and
// their order are docs/adr/0011-matching.md). Pure: the needs, the plain-language problems and
// what they mean, the candidates as the services layer hands them over, and the one function that
// decides, scores, explains and orders. Nothing here reads a database.
//
// Hard conditions filter: the candidate is valid today (a service active and within its dates; a
// product published), covers every region needed (a service for 関東 or 日本全国 covers 東京都; a
// product has no region), and is of a named service type or covers a named programme field (when
// the needs name any, directly or through a problem). Soft conditions rank: the industry served,
// a published verification, a strong point relevant to a problem, deployment cases in the same
// industry, and the free text's words found in the candidate. Every condition is reported with its
// outcome, so a user sees why each candidate is there and how it scored.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/codes.hpp"
#include "domain/regions.hpp"
#include "domain/service.hpp"

namespace proven::domain {

enum class CompanySize { kMicro, kSmall, kMedium, kLarge };  // ≤20, 21–100, 101–300, 301+ employees
inline constexpr CodeEntry<CompanySize> kCompanySizeCodes[] = {{CompanySize::kMicro, "micro"},
                                                               {CompanySize::kSmall, "small"},
                                                               {CompanySize::kMedium, "medium"},
                                                               {CompanySize::kLarge, "large"}};
// Yearly budget for the service or product: under ¥1M, ¥1–5M, ¥5–20M, over ¥20M, not decided.
enum class BudgetBand { kUnder1M, k1To5M, k5To20M, kOver20M, kUndecided };
inline constexpr CodeEntry<BudgetBand> kBudgetBandCodes[] = {{BudgetBand::kUnder1M, "under_1m"},
                                                             {BudgetBand::k1To5M, "1m_5m"},
                                                             {BudgetBand::k5To20M, "5m_20m"},
                                                             {BudgetBand::kOver20M, "over_20m"},
                                                             {BudgetBand::kUndecided, "undecided"}};
enum class Urgency { kNow, kThisQuarter, kThisYear, kExploring };
inline constexpr CodeEntry<Urgency> kUrgencyCodes[] = {{Urgency::kNow, "now"},
                                                       {Urgency::kThisQuarter, "this_quarter"},
                                                       {Urgency::kThisYear, "this_year"},
                                                       {Urgency::kExploring, "exploring"}};

// A problem as a company would say it (the page shows the catalogue's problem.<code>), and what it
// means: the service types and programme fields that solve it, and the words (normalised for
// search) by which a strong point is relevant to it.
struct ProblemStatement {
  std::string_view code;
  std::span<const ServiceType> types;
  std::span<const std::int64_t> fields;  // the seeded field map's ids (migration 0006)
  std::span<const std::string_view> keywords;
};
std::span<const ProblemStatement> ProblemStatements();
const ProblemStatement* FindProblem(std::string_view code);

struct Needs {
  std::string industry;              // one of the registry's industries; empty: not said
  std::vector<std::string> regions;  // canonical region names (FindRegion) where it is needed
  std::vector<ServiceType> types;    // named directly
  std::vector<std::int64_t> fields;  // named directly
  std::vector<std::string> problems;  // ProblemStatement codes
  std::optional<CompanySize> size;
  std::optional<BudgetBand> budget;
  std::optional<Urgency> urgency;
  std::string text;  // free text, at most kNeedsTextMax characters
};
inline constexpr std::size_t kNeedsTextMax = 2000;
// kInvalidArgument naming the field ("regions[1]", "problems[0]", "text") for a region that is no
// region, an unknown problem, or text too long.
Status CheckNeeds(const Needs& n);

// What the matcher knows of a service or a product.
struct Candidate {
  enum class Kind { kService, kProduct };
  Kind kind = Kind::kService;
  std::int64_t id = 0;
  std::string name;
  std::string organisation;  // provider or vendor
  // A service.
  std::optional<ServiceType> type;
  ServiceState state = ServiceState::kActive;
  Date registered_on, expires_on;
  RegionMask coverage = 0;
  std::vector<std::string> industries;
  std::string overview;
  // A product.
  std::vector<std::int64_t> fields;
  std::vector<std::string> strong_points;
  std::vector<std::string> case_industries;  // of its published deployment cases
  // What matching derives from the above, kept by a caller that matches the same candidates
  // again and again (PrepareCandidate; the services layer caches prepared services).
  bool prepared = false;
  std::string sort_key;  // JapaneseSortKey(name)
  std::string normalised_name, normalised_overview;
  std::vector<std::string> normalised_industries;
};
// Fills the derived members (after the others are set; again after any of them changes).
void PrepareCandidate(Candidate& c);
inline constexpr std::string_view CandidateKindCode(Candidate::Kind k) {
  return k == Candidate::Kind::kService ? "service" : "product";
}

// One condition's outcome for one candidate. `applies` is false when the condition does not
// concern this kind of candidate or the needs did not ask it (then it neither filters nor scores).
struct Condition {
  std::string code;  // valid_today, region, category, industry, verified, strong_point, cases, text
  bool hard = false;
  bool applies = true;
  bool met = false;
  int points = 0;                      // what it added to the score
  std::vector<std::string> matched;    // what matched: regions, types/fields, the strong point, words
  std::vector<std::string> missing;    // what did not: uncovered regions, …
};

struct Match {
  Candidate::Kind kind = Candidate::Kind::kService;
  std::int64_t id = 0;
  std::string name;
  std::string organisation;  // the candidate's
  int score = 0;
  std::vector<Condition> conditions;  // every condition, in the order of the ADR
};

// The soft conditions' points (docs/adr/0011-matching.md).
inline constexpr int kPointsIndustry = 4;         // the exact industry is served
inline constexpr int kPointsAllIndustries = 2;    // 全業種
inline constexpr int kPointsVerified = 3;         // a product with a published verification
inline constexpr int kPointsStrongPoint = 3;      // a strong point relevant to a named problem
inline constexpr int kPointsCases = 2;            // a deployment case in the same industry
inline constexpr int kPointsTextWord = 1;         // each free-text word found (at most 3)
inline constexpr int kMaxTextWords = 3;

// Every candidate that passes the hard conditions as of `today`, scored and explained, ordered by
// score (highest first), then products before services, then name (Japanese collation), then id.
std::vector<Match> MatchNeeds(const Needs& needs, std::span<const Candidate> candidates, Date today);
// The same over several groups of candidates at once (the products and the cached services,
// without copying them into one list); the result is as if the groups were one list.
std::vector<Match> MatchNeeds(const Needs& needs, std::span<const std::span<const Candidate>> groups, Date today);

}  // namespace proven::domain
