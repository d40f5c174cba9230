#include "search/schema.hpp"

#include <algorithm>
#include <stdexcept>

namespace proven::search {

void Schema::Validate() const {
  auto fail = [](const char* what) { throw std::invalid_argument(std::string("search schema: ") + what); };
  if (text.empty() || !text[0].ranks) fail("the first text field is the title and must rank");
  if (facets.size() > kMaxFacets) fail("too many facets");
  const auto date_ok = [&](int i) { return i >= -1 && i < static_cast<int>(dates.size()); };
  if (!date_ok(status_start) || !date_ok(status_end) || !date_ok(relevance_date)) fail("date index out of range");
  for (const auto& s : statuses) {
    if (s.window != DateWindow::kAny && (status_start < 0 || status_end < 0)) fail("a status window needs its dates");
  }
  if (sorts.empty()) fail("no sort order");
  for (const auto& s : sorts) {
    if (s.kind == SortKind::kDate && (s.date < 0 || s.date >= static_cast<int>(dates.size()))) fail("sort date");
  }
}

int Schema::FacetIndex(const std::string& name) const {
  for (std::size_t i = 0; i < facets.size(); ++i) {
    if (facets[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void SortFacet(std::vector<FacetValue>& values) {
  std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
}

}  // namespace proven::search
