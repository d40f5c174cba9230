#pragma once
// Query-string parameters of the registry search → a ServiceQuery. Shared by the JSON API,
// the search page and the exports so that one URL means the same everywhere.
#include <map>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "search/service_query.hpp"

namespace proven::services {

using QueryParams = std::multimap<std::string, std::string>;  // same as httplib::Params

struct SearchParams {
  search::ServiceQuery query;
  int page = 1;
  int per_page = 20;
  bool sort_given = false;
};

inline constexpr int kDefaultPerPage = 20;
inline constexpr int kMaxPerPage = 100;

// Fails with kInvalidArgument whose `field` names the bad parameter. Empty values (as an
// unselected form control sends them) are ignored.
Result<SearchParams> ParseSearchParams(const QueryParams& params, Date today);

// `page` (1 to 1,000,000, default 1) and `per_page` (1 to kMaxPerPage, default 20), checked as
// the search checks them; for every paged list.
struct PageParams {
  int page = 1;
  int per_page = kDefaultPerPage;
  std::size_t offset() const { return static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page); }
};
Result<PageParams> ParsePageParams(const QueryParams& params);

std::vector<std::string> Values(const QueryParams& params, const std::string& key);

// Builds a query string (without "?") from key/value pairs, percent-encoding both.
std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& pairs);
std::string PercentEncode(std::string_view s);

}  // namespace proven::services
