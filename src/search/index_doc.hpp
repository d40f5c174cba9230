#pragma once
// What the search engine knows of a service, and the result shape of a service search. The
// engine itself is schema-driven (search/schema.hpp); search/service_engine.hpp maps these onto
// the service schema.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/regions.hpp"
#include "domain/service.hpp"
#include "search/schema.hpp"
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
  std::string registration_number;  // domain::RegistrationNumberKey; empty when none
  std::optional<std::int64_t> registrar_org_id;  // filterable (ServiceQuery::registrar_org_id), never shown
  std::vector<std::string> industries;
  domain::RegionMask coverage = 0;
  std::int64_t registered_days = 0;  // Date::DaysSinceEpoch
  std::int64_t expires_days = 0;
  domain::ServiceState state = domain::ServiceState::kActive;
};

IndexDoc ToIndexDoc(const domain::Service& s);

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

}  // namespace proven::search
