#include "services/programme/product_catalogue.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "domain/codes.hpp"
#include "search/terms.hpp"

namespace proven::services {

namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

tl::unexpected<Error> BadParam(const std::string& name, const std::string& value, std::string message) {
  return Fail(Reason{"error.param.unknown_value", {{"value", Ellipsize(value, 40)}}}, ErrorCode::kInvalidArgument,
              std::move(message), {}, name);
}

Result<std::string> Single(const QueryParams& params, const std::string& key) {
  auto v = Values(params, key);
  if (v.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument,
                fmt::format("{} may be given only once", key), {}, key);
  }
  return v.empty() ? std::string() : v.front();
}

std::optional<std::int64_t> PositiveId(std::string_view v) {
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out <= 0) return std::nullopt;
  return out;
}

std::string StrongPointsText(const PublishedReport& r) { return Join(r.strong_points, "\n"); }

bool SameRecord(const domain::PublishedProduct& a, const domain::PublishedProduct& b) {
  return a.latest_version == b.latest_version && a.name == b.name && a.version == b.version &&
         a.overview == b.overview && a.vendor == b.vendor && a.field_ids == b.field_ids &&
         a.deployment == b.deployment && a.homepage == b.homepage && a.call_id == b.call_id &&
         a.fiscal_year_verified == b.fiscal_year_verified && a.first_published_at == b.first_published_at;
}

tl::unexpected<Error> NoProduct(std::int64_t id) {
  return Fail(Reason{"error.product.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("no published product with id {}", id));
}

}  // namespace

PublishedReport ParseReport(const std::string& content) {
  PublishedReport out;
  const json j = json::parse(content, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return out;
  out.summary = Str(j, "summary");
  if (j.contains("items") && j["items"].is_array()) {
    for (const auto& i : j["items"]) {
      ReportItem item{Str(i, "title"), Str(i, "environment"), Str(i, "method"), Str(i, "expected"), Str(i, "notes"),
                      Str(i, "result"), std::nullopt, std::nullopt};
      if (i.is_object() && i.contains("metric") && i["metric"].is_object()) {
        const auto& m = i["metric"];
        domain::Metric metric{Str(m, "value"), Str(m, "unit"), std::nullopt};
        if (m.contains("sample_size") && m["sample_size"].is_number_integer()) {
          metric.sample_size = m["sample_size"].get<std::int64_t>();
        }
        item.metric = std::move(metric);
      }
      if (i.is_object() && i.contains("waf")) item.waf = ReadWafSummaryJson(i["waf"]);
      // Records published before issue 14 have no kind: their items were checked by hand.
      const auto kind = domain::ValueIn<domain::ItemKind>(domain::kItemKindCodes, Str(i, "kind"));
      item.kind = kind ? *kind : domain::ItemKind::kManual;
      out.items.push_back(std::move(item));
    }
  }
  if (j.contains("strong_points") && j["strong_points"].is_array()) {
    for (const auto& p : j["strong_points"]) {
      if (auto t = Str(p, "text"); !t.empty()) out.strong_points.push_back(std::move(t));
    }
  }
  if (j.contains("trial") && j["trial"].is_object()) {
    const auto& t = j["trial"];
    out.trial = domain::Trial{Str(t, "organisation"), Str(t, "period"), Str(t, "scope"), Str(t, "findings"),
                              Str(t, "user_comments")};
  }
  return out;
}

Result<ProductSearchParams> ParseProductSearchParams(const QueryParams& params) {
  ProductSearchParams out;
  auto& q = out.query;
  q.text = Join(Values(params, "q"), " ");
  for (const auto& v : Values(params, "field")) {
    auto id = PositiveId(v);
    if (!id) return BadParam("field", v, fmt::format("field '{}' is not a field id (a positive whole number)", v));
    q.fields.push_back(*id);
  }
  q.vendors = Values(params, "vendor");
  for (const auto& v : Values(params, "deployment")) {
    if (!domain::ValueIn<domain::DeploymentForm>(domain::kDeploymentFormCodes, v)) {
      return BadParam("deployment", v,
                      fmt::format("deployment '{}' is not one of saas, on_premises, appliance, hybrid, other", v));
    }
    q.deployment.push_back(v);
  }
  for (const auto& v : Values(params, "year")) {
    int y = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), y);
    if (ec != std::errc() || p != v.data() + v.size() || y < 2000 || y > 2100) {
      return Fail(Reason{"error.param.number_range", {{"min", "2000"}, {"max", "2100"}}}, ErrorCode::kInvalidArgument,
                  "year must be a whole number from 2000 to 2100 (a Japanese fiscal year)", {}, "year");
    }
    q.years.push_back(y);
  }

  auto sort = Single(params, "sort");
  if (!sort) return Fail(sort.error());
  if (sort->empty()) {
    q.sort = search::QueryTerms(q.text).empty() ? search::ProductSort::kName : search::ProductSort::kRelevance;
  } else if (*sort == "relevance") {
    q.sort = search::ProductSort::kRelevance;
  } else if (*sort == "name") {
    q.sort = search::ProductSort::kName;
  } else if (*sort == "newest") {
    q.sort = search::ProductSort::kNewest;
  } else {
    return BadParam("sort", *sort, "sort must be relevance, name or newest");
  }
  // Newest first; names A→Z.
  q.descending = q.sort == search::ProductSort::kNewest;
  auto order = Single(params, "order");
  if (!order) return Fail(order.error());
  if (*order == "asc") {
    q.descending = false;
  } else if (*order == "desc") {
    q.descending = true;
  } else if (!order->empty()) {
    return BadParam("order", *order, "order must be asc or desc");
  }

  auto paging = ParsePageParams(params);
  if (!paging) return Fail(paging.error());
  out.page = paging->page;
  out.per_page = paging->per_page;
  q.offset = paging->offset();
  q.limit = static_cast<std::size_t>(out.per_page);
  return out;
}

ProductCatalogue::ProductCatalogue(store::VerificationStore& store, store::ProgrammeStore& programme)
    : store_(store), programme_(programme) {}

Result<std::string> ProductCatalogue::Stamp() {
  std::string stamp;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto s = r.CatalogueStamp();
    if (!s) return Fail(s.error());
    stamp = std::move(*s);
    return {};
  });
  if (!st) return Fail(st.error());
  return stamp;
}

// Reads the product list and, for new or changed products, the latest report; applies the
// difference to the engine (everything when `full`) and swaps in the new snapshot.
Status ProductCatalogue::Load(const std::string& stamp, bool full) {
  std::shared_ptr<const Snapshot> old;
  {
    std::shared_lock lock(mu_);
    old = snapshot_;
  }
  auto next = std::make_shared<Snapshot>();
  std::vector<search::Doc> upserts;
  std::vector<std::int64_t> removals;
  auto st = store_.Read([&](store::VerificationReader& r) -> Status {
    auto products = r.Products();
    if (!products) return Fail(products.error());
    for (auto& p : *products) {
      if (p.latest_version <= 0) continue;  // created, no version yet: not published
      if (auto it = old->find(p.id); !full && it != old->end() && SameRecord(it->second.product, p)) {
        next->emplace(p.id, it->second);
        continue;
      }
      auto versions = r.ReportVersions(p.id);
      if (!versions) return Fail(versions.error());
      CatalogueProduct cp{std::move(p), {}};
      if (!versions->empty()) cp.report = ParseReport(versions->back().content);
      upserts.push_back(search::ToProductDoc(cp.product, StrongPointsText(cp.report)));
      next->emplace(cp.product.id, std::move(cp));
    }
    return {};
  });
  if (!st) return st;
  for (const auto& [id, _] : *old) {
    if (!next->contains(id)) removals.push_back(id);
  }
  std::unique_lock lock(mu_);
  if (full) {
    engine_.Build(std::move(upserts));
  } else if (!upserts.empty() || !removals.empty()) {
    engine_.Apply(std::move(upserts), removals);
  }
  snapshot_ = std::move(next);
  stamp_ = stamp;
  loaded_ = true;
  return {};
}

Status ProductCatalogue::Reload() {
  std::lock_guard guard(refresh_mu_);
  auto stamp = Stamp();
  if (!stamp) return Fail(stamp.error());
  return Load(*stamp, true);
}

Result<std::size_t> ProductCatalogue::Refresh() {
  auto stamp = Stamp();
  if (!stamp) return Fail(stamp.error());
  {
    std::shared_lock lock(mu_);
    if (loaded_ && *stamp == stamp_) return std::size_t{0};
  }
  std::lock_guard guard(refresh_mu_);
  std::shared_ptr<const Snapshot> before;
  bool was_loaded = false;
  {
    std::shared_lock lock(mu_);
    if (loaded_ && *stamp == stamp_) return std::size_t{0};  // another search refreshed meanwhile
    before = snapshot_;
    was_loaded = loaded_;
  }
  if (auto st = Load(*stamp, !was_loaded); !st) return Fail(st.error());
  std::shared_lock lock(mu_);
  std::size_t changed = 0;
  for (const auto& [id, p] : *snapshot_) {
    auto it = before->find(id);
    if (it == before->end() || !SameRecord(it->second.product, p.product)) ++changed;
  }
  for (const auto& [id, _] : *before) changed += snapshot_->contains(id) ? 0 : 1;
  return changed;
}

std::size_t ProductCatalogue::size() const {
  std::shared_lock lock(mu_);
  return snapshot_->size();
}

Result<ProductPage> ProductCatalogue::Search(const search::ProductQuery& q) {
  if (auto r = Refresh(); !r) return Fail(r.error());
  std::shared_lock lock(mu_);
  auto found = engine_.Search(q);
  ProductPage page;
  page.total = found.total;
  page.facets = std::move(found.facets);
  for (auto id : found.ids) {
    if (auto it = snapshot_->find(id); it != snapshot_->end()) page.items.push_back(it->second);
  }
  return page;
}

Result<std::vector<std::int64_t>> ProductCatalogue::ParseIds(const std::string& text) {
  std::vector<std::int64_t> ids;
  for (const auto& part : SplitList(text, {","})) {
    const auto v = Trim(part);
    if (v.empty()) continue;
    auto id = PositiveId(v);
    if (!id) {
      return Fail(Reason{"error.compare.bad_id", {{"value", Ellipsize(std::string(v), 40)}}},
                  ErrorCode::kInvalidArgument, fmt::format("ids: '{}' is not a product id", Ellipsize(std::string(v), 40)),
                  {}, "ids");
    }
    ids.push_back(*id);
  }
  return ids;
}

Result<std::vector<CatalogueProduct>> ProductCatalogue::Compare(const std::vector<std::int64_t>& ids) {
  if (ids.size() < kMinCompare || ids.size() > kMaxCompare) {
    return Fail(Reason{"error.compare.count", {{"min", std::to_string(kMinCompare)}, {"max", std::to_string(kMaxCompare)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("ids: give {} to {} product ids separated by commas (got {})", kMinCompare, kMaxCompare,
                            ids.size()),
                {}, "ids");
  }
  if (std::set<std::int64_t>(ids.begin(), ids.end()).size() != ids.size()) {
    return Fail(Reason{"error.compare.duplicate", {}}, ErrorCode::kInvalidArgument,
                "ids: each product may be given only once", {}, "ids");
  }
  if (auto r = Refresh(); !r) return Fail(r.error());
  std::shared_lock lock(mu_);
  std::vector<CatalogueProduct> out;
  for (auto id : ids) {
    auto it = snapshot_->find(id);
    if (it == snapshot_->end()) return NoProduct(id);
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<domain::Field>> ProductCatalogue::Fields() {
  std::vector<domain::Field> out;
  auto st = programme_.Read([&](store::ProgrammeReader& r) -> Status {
    auto f = r.Fields();
    if (!f) return Fail(f.error());
    out = std::move(*f);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<CoverageMatrix> ProductCatalogue::Matrix(const std::vector<std::int64_t>& filter) {
  auto fields = Fields();
  if (!fields) return Fail(fields.error());
  CoverageMatrix m;
  for (auto id : filter) {
    if (std::none_of(fields->begin(), fields->end(), [&](const domain::Field& f) { return f.id == id; })) {
      return Fail(Reason{"error.param.unknown_value", {{"value", std::to_string(id)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("field {} is not a field of the field map", id), {}, "field");
    }
  }
  for (auto& f : *fields) {
    if (filter.empty() || std::find(filter.begin(), filter.end(), f.id) != filter.end()) m.fields.push_back(std::move(f));
  }
  if (auto r = Refresh(); !r) return Fail(r.error());
  // By name (the engine's Japanese collation), then id.
  search::ProductQuery all;
  all.sort = search::ProductSort::kName;
  all.limit = 0;
  std::shared_lock lock(mu_);
  for (auto id : engine_.Search(all).ids) {
    auto it = snapshot_->find(id);
    if (it == snapshot_->end()) continue;
    CoverageMatrix::Row row{it->second.product, {}};
    bool any = false;
    for (const auto& f : m.fields) {
      const bool covers = std::find(row.product.field_ids.begin(), row.product.field_ids.end(), f.id) !=
                          row.product.field_ids.end();
      row.covers.push_back(covers);
      any = any || covers;
    }
    if (any) m.rows.push_back(std::move(row));
  }
  return m;
}

Result<CatalogueProduct> ProductCatalogue::Get(std::int64_t id) {
  if (auto r = Refresh(); !r) return Fail(r.error());
  std::shared_lock lock(mu_);
  auto it = snapshot_->find(id);
  if (it == snapshot_->end()) return NoProduct(id);
  return it->second;
}

}  // namespace proven::services
