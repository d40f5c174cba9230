#pragma once
// What the search engine knows of a service, and the result shape of a search.
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "domain/service.hpp"
#include "search/service_query.hpp"

namespace proven::search {

struct IndexDoc {
  std::int64_t id = 0;
  std::string name;  // as registered (collation and exact-name use it)
  std::string provider;
  std::string overview;
  domain::ServiceType type = domain::ServiceType::kAudit;
  int prefecture = -1;  // index into domain::Prefectures(), -1 when unknown
  std::string registrar;
  std::optional<std::int64_t> registrar_org_id;  // filterable (ServiceQuery::registrar_org_id), never shown
  std::vector<std::string> industries;
  domain::RegionMask coverage = 0;
  std::int64_t registered_days = 0;  // Date::DaysSinceEpoch
  std::int64_t expires_days = 0;
  domain::ServiceState state = domain::ServiceState::kActive;
};

// Whether a document passes the query's status filter as of `as_of` (days). Inline: the engine
// runs it over every document when it builds a status bitmap.
inline bool StatusMatches(StatusFilter status, domain::ServiceState state, std::int64_t registered_days,
                          std::int64_t expires_days, std::int64_t as_of) {
  using domain::ServiceState;
  switch (status) {
    case StatusFilter::kValid:
      return state == ServiceState::kActive && registered_days <= as_of && as_of <= expires_days;
    case StatusFilter::kExpired: return state == ServiceState::kActive && expires_days < as_of;
    case StatusFilter::kSuspended: return state == ServiceState::kSuspended;
    case StatusFilter::kRevoked: return state == ServiceState::kRevoked;
    case StatusFilter::kAll: return true;
  }
  return true;
}

IndexDoc ToIndexDoc(const domain::Service& s);

struct FacetValue {
  std::string value;
  int count = 0;
  bool operator==(const FacetValue&) const = default;
};

struct Facets {
  std::vector<FacetValue> type;  // value = type code
  std::vector<FacetValue> industry;
  std::vector<FacetValue> prefecture;
  std::vector<FacetValue> registrar;
  bool operator==(const Facets&) const = default;
};

struct EngineResult {
  std::size_t total = 0;
  std::vector<std::int64_t> ids;  // the requested page, in order
  Facets facets;                  // disjunctive counts; zero counts left out; count desc, value asc
  bool operator==(const EngineResult&) const = default;
};

// Sorts facet values the way every result presents them: count desc, then value asc.
void SortFacet(std::vector<FacetValue>& values);

// The parts of a query that the per-document rules need, worked out once.
struct PreparedQuery {
  explicit PreparedQuery(const ServiceQuery& query);
  const ServiceQuery& q;
  std::vector<std::string> terms;  // normalised
  std::string whole;               // the terms run together (exact-name tier)
  std::int64_t as_of = 0;          // days
  std::vector<int> prefectures;    // indices of the prefecture filter
};

// How one document fares against a query by the contract's rules, one document at a time (the
// reference scan, and the engine's overlay). nullopt: it fails validity, region or text and
// counts nowhere; otherwise which facet filters it passes and its relevance tier.
struct DocVerdict {
  bool type_ok = true, pref_ok = true, registrar_ok = true, industry_ok = true;
  int tier = 1;
  bool all() const { return type_ok && pref_ok && registrar_ok && industry_ok; }
};
std::optional<DocVerdict> Evaluate(const PreparedQuery& pq, const IndexDoc& d, std::string_view name,
                                   std::string_view provider, std::string_view overview, std::string_view compact_name);

// Each industry of a document once.
std::vector<std::string_view> DistinctIndustries(const IndexDoc& d);

// Brute-force search with the contract's exact semantics: the reference the engine is tested
// and benchmarked against. Normalises every document on every call, so only for small sets
// unless `normalised` is given.
struct NormalisedDoc {
  std::string name, provider, overview, compact_name;
  std::string collation_key;  // ICU Japanese sort key of the original name
};
std::vector<NormalisedDoc> NormaliseDocs(const std::vector<IndexDoc>& docs);
EngineResult ReferenceSearch(const std::vector<IndexDoc>& docs, const std::vector<NormalisedDoc>& normalised,
                             const ServiceQuery& q);

}  // namespace proven::search
