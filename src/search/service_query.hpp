#pragma once
// A condition search over the registry, as the API and the search page express it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "domain/regions.hpp"
#include "domain/service.hpp"
#include "search/terms.hpp"

namespace proven::search {

// kValid and kExpired (validity by dates as of `as_of`) match only active services;
// kSuspended and kRevoked match by state whatever the dates; kAll matches everything.
enum class StatusFilter { kValid, kExpired, kAll, kSuspended, kRevoked };
enum class SortKey { kRelevance, kName, kRegisteredOn, kExpiresOn };

struct ServiceQuery {
  std::string text;  // free text: terms separated by ASCII or ideographic spaces, all must match
  std::vector<domain::ServiceType> types;       // OR
  std::vector<std::string> industries;          // OR
  std::vector<std::string> prefectures;         // OR (the provider's prefecture, canonical)
  std::vector<std::string> registrars;          // OR
  std::vector<std::string> providers;           // OR, exact names; a filter (never counted)
  // Exact registration number as given (NFKC, case-insensitive: ToQuery matches it by
  // domain::RegistrationNumberKey); empty = no filter. A filter (never counted).
  std::string registration_number;
  domain::RegionMask regions = 0;               // 0 = no region filter; else coverage must intersect
  // Scope, not a facet: only services whose registration body is this organisation (by id, never
  // by name). Like validity and region, a service outside the scope counts nowhere. Set by the
  // services layer for a registrar's own lists; never taken from a public query.
  std::optional<std::int64_t> registrar_org_id;
  // Only services whose expiry date lies in [expires_from, expires_to] (inclusive; an absent
  // bound is open). A filter, not a facet: combines with status and every other condition.
  std::optional<Date> expires_from;
  std::optional<Date> expires_to;
  StatusFilter status = StatusFilter::kValid;
  Date as_of;
  SortKey sort = SortKey::kName;
  bool descending = false;
  std::size_t offset = 0;
  std::size_t limit = 20;  // 0 = every match (exports)
};

}  // namespace proven::search
