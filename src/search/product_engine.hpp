#pragma once
// The verified-product catalogue on the schema-driven engine (docs/adr/0009-schema-driven-search.md):
// the product schema, the mapping of published products, queries and results onto it, and the
// engine and brute-force reference as the services layer uses them. Same query semantics as the
// service search: keyword terms (NFKC, case fold, kana folding; all must match), OR within a
// facet, AND across facets, disjunctive facet counts.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/programme/verification.hpp"
#include "search/engine.hpp"
#include "search/reference.hpp"
#include "search/schema.hpp"

namespace proven::search {

// Slots of the product schema.
namespace product_slots {
enum Text : std::size_t { kName, kVendorName, kOverview, kStrongPoints };
enum Facet : std::size_t { kField, kVendor, kDeployment, kYear };
enum Date : std::size_t { kFirstPublished };
}  // namespace product_slots

// Text: name and vendor (both rank), overview, the latest report's strong points. Facets: field
// (the field's id as decimal text, stable across renames), vendor (name), deployment form
// (DeploymentForm codes), year verified (the Japanese fiscal year of the first publication, e.g.
// "2026"). Date: first publication (relevance ties newest first; the "newest" sort). No status
// rule: every product in the index is published. One instance for the process.
const std::shared_ptr<const Schema>& ProductSchema();

enum class ProductSort { kRelevance, kName, kNewest };

struct ProductQuery {
  std::string text;                      // terms separated by ASCII or ideographic spaces, all must match
  std::vector<std::int64_t> fields;      // OR
  std::vector<std::string> vendors;      // OR
  std::vector<std::string> deployment;   // OR, DeploymentForm codes
  std::vector<int> years;                // OR, fiscal years
  ProductSort sort = ProductSort::kName;
  bool descending = false;               // ignored by kRelevance
  std::size_t offset = 0;
  std::size_t limit = 20;  // 0 = every match
};

struct ProductFacets {
  std::vector<FacetValue> field;  // values: field ids as text
  std::vector<FacetValue> vendor;
  std::vector<FacetValue> deployment;
  std::vector<FacetValue> year;
  bool operator==(const ProductFacets&) const = default;
};

struct ProductResult {
  std::size_t total = 0;
  std::vector<std::int64_t> ids;
  ProductFacets facets;
  bool operator==(const ProductResult&) const = default;
};

// A published product as a document: `strong_points` is the latest report's strong points, one
// per line. The first publication's date is read from first_published_at (ISO 8601; day 0 when
// it does not parse).
Doc ToProductDoc(const domain::PublishedProduct& p, std::string_view strong_points);
Query ToQuery(const ProductQuery& q);
ProductResult ToProductResult(Result r);

// The engine over the product schema (see Engine).
class ProductEngine {
 public:
  explicit ProductEngine(EngineOptions options = {}) : engine_(ProductSchema(), options) {}
  void Build(std::vector<Doc> docs) { engine_.Build(std::move(docs)); }
  void Apply(std::vector<Doc> upserts, const std::vector<std::int64_t>& removals) {
    engine_.Apply(std::move(upserts), removals);
  }
  ProductResult Search(const ProductQuery& q) const { return ToProductResult(engine_.Search(ToQuery(q))); }
  EngineStats Stats() const { return engine_.Stats(); }
  std::uint64_t generation() const { return engine_.generation(); }

 private:
  Engine engine_;
};

// The brute-force reference over the same documents (normalised once, at construction).
class ProductReference {
 public:
  explicit ProductReference(std::vector<Doc> docs);
  ProductResult Search(const ProductQuery& q) const;

 private:
  std::vector<Doc> docs_;
  std::vector<NormalisedDoc> normalised_;
};

}  // namespace proven::search
