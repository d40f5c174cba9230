#pragma once
// The verified-product catalogue (issue 10): every product with a published report, searched with
// the service search's semantics on the schema-driven engine (search/product_engine.hpp), compared
// side by side, laid out as the coverage matrix (products × fields), and summarised for the badge.
//
// Keeping the index current, with any number of server instances on one database: before each
// read the catalogue asks the store for CatalogueStamp() (one aggregate over products and
// report_versions; it changes with every publication and correction by any process). When it
// differs from the stamp the index was built at, the catalogue re-reads the product list and applies
// only what changed (new products, new report versions, changed product rows) to the engine's
// overlay. So a product published through another instance is in this instance's next search:
// the delay is bounded by one search, with no watcher thread and no notification to lose. Reads
// are public and not audited; the catalogue writes nothing.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/programme/programme.hpp"
#include "domain/programme/verification.hpp"
#include "search/product_engine.hpp"
#include "services/programme/waf_evidence.hpp"
#include "services/query_params.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"

namespace proven::services {

// A published report's content (ReportVersion::content) as the catalogue shows it.
struct ReportItem {
  std::string title, environment, method, expected, notes;
  std::string result;  // ItemResult code, or "" when none was recorded
  std::optional<domain::Metric> metric;
  std::optional<WafSummaryView> waf;  // when a `proven waf` report is the measured result
  domain::ItemKind kind = domain::ItemKind::kManual;  // "kind" (absent in records before issue 14: manual)
};
struct PublishedReport {
  std::string summary;
  std::vector<ReportItem> items;
  std::vector<std::string> strong_points;
  std::optional<domain::Trial> trial;
};
// Reads what VerificationRecord wrote; members missing or of another type are left empty.
PublishedReport ParseReport(const std::string& content);

// A product as the catalogue holds it: the record and its latest report.
struct CatalogueProduct {
  domain::PublishedProduct product;
  PublishedReport report;
};

// The search's parameters from a query string. Mirrors the service search (ParseSearchParams):
// q (terms), field (field ids, repeatable, OR), vendor (repeatable, OR), deployment (codes,
// repeatable, OR), year (fiscal years 2000..2100, repeatable, OR), sort (relevance, name, newest;
// default relevance with terms, else name), order (asc, desc; newest defaults to desc), page,
// per_page. Empty values are ignored; a bad value fails with kInvalidArgument naming the parameter.
struct ProductSearchParams {
  search::ProductQuery query;
  int page = 1;
  int per_page = kDefaultPerPage;
};
Result<ProductSearchParams> ParseProductSearchParams(const QueryParams& params);

struct ProductPage {
  std::size_t total = 0;
  std::vector<CatalogueProduct> items;
  search::ProductFacets facets;
};

// Products × fields: `fields` are the columns (every field of the field map, or the filtered
// ones), `rows` the products covering at least one column, by name.
struct CoverageMatrix {
  std::vector<domain::Field> fields;
  struct Row {
    domain::PublishedProduct product;
    std::vector<bool> covers;  // per column
  };
  std::vector<Row> rows;
};

inline constexpr std::size_t kMinCompare = 2;
inline constexpr std::size_t kMaxCompare = 4;

class ProductCatalogue {
 public:
  ProductCatalogue(store::VerificationStore& store, store::ProgrammeStore& programme);

  // Builds the index from the store (at start; Refresh does it too when needed).
  Status Reload();
  // Brings the index up to date with the store when its stamp changed. Returns the number of
  // products added, changed or removed.
  Result<std::size_t> Refresh();

  Result<ProductPage> Search(const search::ProductQuery& q);
  // 2 to 4 distinct ids, in the order given ("ids" parsed from "1,2,3"); kInvalidArgument with
  // field "ids" for too few, too many, duplicates or a malformed list; kNotFound for an id that is
  // not a published product.
  Result<std::vector<CatalogueProduct>> Compare(const std::vector<std::int64_t>& ids);
  static Result<std::vector<std::int64_t>> ParseIds(const std::string& text);
  // `fields`: filter the columns to these field ids (kInvalidArgument with field "field" for an
  // id the field map does not have); empty: every field.
  Result<CoverageMatrix> Matrix(const std::vector<std::int64_t>& fields);
  // The product as published now (kNotFound otherwise), for its page and its badge.
  Result<CatalogueProduct> Get(std::int64_t id);
  // The field map (names for facets and badges).
  Result<std::vector<domain::Field>> Fields();

  std::size_t size() const;

 private:
  using Snapshot = std::map<std::int64_t, CatalogueProduct>;
  Result<std::string> Stamp();
  Status Load(const std::string& stamp, bool full);

  store::VerificationStore& store_;
  store::ProgrammeStore& programme_;
  search::ProductEngine engine_;
  std::mutex refresh_mu_;          // one refresh at a time
  mutable std::shared_mutex mu_;   // guards snapshot_ and stamp_ against the engine's swap
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
  std::string stamp_;
  bool loaded_ = false;
};

}  // namespace proven::services
