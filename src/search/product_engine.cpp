#include "search/product_engine.hpp"

#include <utility>

#include "core/date.hpp"

namespace proven::search {

namespace slots = product_slots;

namespace {

std::shared_ptr<const Schema> MakeProductSchema() {
  auto s = std::make_shared<Schema>();
  s->text = {{"name", true}, {"vendor", true}, {"overview", false}, {"strong_points", false}};
  s->facets = {{"field"}, {"vendor"}, {"deployment"}, {"year"}};
  s->dates = {{"first_published"}};
  s->relevance_date = slots::kFirstPublished;
  // In ProductSort order.
  s->sorts = {{"relevance", SortKind::kRelevance, -1},
              {"name", SortKind::kTitle, -1},
              {"newest", SortKind::kDate, slots::kFirstPublished}};
  s->Validate();
  return s;
}

}  // namespace

const std::shared_ptr<const Schema>& ProductSchema() {
  static const std::shared_ptr<const Schema> schema = MakeProductSchema();
  return schema;
}

Doc ToProductDoc(const domain::PublishedProduct& p, std::string_view strong_points) {
  Doc d;
  d.id = p.id;
  d.text = {p.name, p.vendor, p.overview, std::string(strong_points)};
  d.facets.resize(4);
  for (auto f : p.field_ids) d.facets[slots::kField].push_back(std::to_string(f));
  d.facets[slots::kVendor].push_back(p.vendor);
  d.facets[slots::kDeployment] = p.deployment;
  if (p.fiscal_year_verified > 0) d.facets[slots::kYear].push_back(std::to_string(p.fiscal_year_verified));
  const auto at = ParseIsoInstant(p.first_published_at);
  d.dates = {at ? TokyoDateOf(*at).DaysSinceEpoch() : 0};
  return d;
}

Query ToQuery(const ProductQuery& q) {
  Query out;
  out.text = q.text;
  out.facets.resize(4);
  for (auto f : q.fields) out.facets[slots::kField].push_back(std::to_string(f));
  out.facets[slots::kVendor] = q.vendors;
  out.facets[slots::kDeployment] = q.deployment;
  for (int y : q.years) out.facets[slots::kYear].push_back(std::to_string(y));
  out.sort = static_cast<std::size_t>(q.sort);
  out.descending = q.descending;
  out.offset = q.offset;
  out.limit = q.limit;
  return out;
}

ProductResult ToProductResult(Result r) {
  ProductResult out;
  out.total = r.total;
  out.ids = std::move(r.ids);
  r.facets.resize(4);
  out.facets.field = std::move(r.facets[slots::kField]);
  out.facets.vendor = std::move(r.facets[slots::kVendor]);
  out.facets.deployment = std::move(r.facets[slots::kDeployment]);
  out.facets.year = std::move(r.facets[slots::kYear]);
  return out;
}

ProductReference::ProductReference(std::vector<Doc> docs) : docs_(std::move(docs)), normalised_(NormaliseDocs(docs_)) {}

ProductResult ProductReference::Search(const ProductQuery& q) const {
  return ToProductResult(ReferenceSearch(*ProductSchema(), docs_, normalised_, ToQuery(q)));
}

}  // namespace proven::search
