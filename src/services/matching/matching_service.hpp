#pragma once
// Matching needs to the live registry and catalogue (issue 11; the rules are
// domain/matching/matching.hpp and docs/adr/0011-matching.md). The service builds the matcher's
// candidates from what is published now — valid services from RegistryService (coverage,
// industries, overview, state, dates), published products from ProductCatalogue (fields, strong
// points) with the industries of their published deployment cases from CaseService — and runs
// domain::MatchNeeds as of today (Asia/Tokyo, the server's `today`).
//
// Speed: the services' candidates (a few thousand) are built once per registry generation and
// day and shared by every request until the registry changes (RegistryService::generation); the
// products and cases (tens) are read on each call through their own caches. Measured in
// bench/RESULTS.md ("match").
//
// The needs' JSON (the body of POST /api/v1/match and of a saved need) is read and written here
// too, so that the API and the saved needs agree on one form.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/matching/matching.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/query_params.hpp"
#include "services/registry_service.hpp"

namespace proven::services {

// The needs' JSON object: industry, regions, types, fields, problems, size, budget, urgency, text
// (all optional; null is the same as absent). kInvalidArgument naming the key or element
// ("regions[1]", "types[0]", "size") for a wrong type, an unknown code or an unknown key. Checks
// codes only; CheckNeeds and the field map are MatchingService::Check.
Result<domain::Needs> NeedsFromJson(const nlohmann::json& j);
// The same object back (empty members left out), as saved and as the API shows a saved need.
nlohmann::ordered_json NeedsToJson(const domain::Needs& n);
// Whether the needs ask anything at all.
bool NeedsEmpty(const domain::Needs& n);

// One match with what the page and the API show beside the matcher's outcome.
struct MatchResult {
  domain::Match match;
  std::string organisation;
};

struct MatchPage {
  std::size_t total = 0;
  std::vector<MatchResult> items;
  int page = 1;
  int per_page = kDefaultPerPage;
};

// Everything the matcher considers at one moment (a watcher's round matches every saved need
// against one set).
struct CandidateSet {
  Date today;
  std::shared_ptr<const std::vector<domain::Candidate>> services;
  std::vector<domain::Candidate> products;
};

class MatchingService {
 public:
  MatchingService(RegistryService& registry, ProductCatalogue& catalogue, CaseService& cases,
                  std::function<Date()> today)
      : registry_(registry), catalogue_(catalogue), cases_(cases), today_(std::move(today)) {}

  // domain::CheckNeeds, then every named field must be in the field map ("fields[i]").
  Status Check(const domain::Needs& needs);
  // The candidates as of today.
  Result<CandidateSet> Candidates();
  // Every match of (checked) needs against `set`, in the ADR's order.
  std::vector<MatchResult> MatchAgainst(const domain::Needs& needs, const CandidateSet& set) const;
  // Checks the needs and returns one page of their matches.
  Result<MatchPage> Match(const domain::Needs& needs, PageParams page);

  Date Today() const { return today_(); }

 private:
  Result<std::shared_ptr<const std::vector<domain::Candidate>>> ServiceCandidates(Date today);

  RegistryService& registry_;
  ProductCatalogue& catalogue_;
  CaseService& cases_;
  std::function<Date()> today_;
  std::mutex mu_;  // guards the cache below
  std::shared_ptr<const std::vector<domain::Candidate>> services_;
  std::uint64_t services_generation_ = 0;
  Date services_day_;
  bool services_built_ = false;
};

// The candidate a service is (exposed for tests): coverage is the union of its regions.
domain::Candidate ServiceCandidate(const domain::Service& s);

}  // namespace proven::services
