#pragma once
// What the search engine knows of a service, and the result shape of a search.
#include <cstdint>
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
  std::vector<std::string> industries;
  domain::RegionMask coverage = 0;
  std::int64_t registered_days = 0;  // Date::DaysSinceEpoch
  std::int64_t expires_days = 0;
};

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
