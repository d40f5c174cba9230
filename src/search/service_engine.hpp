#pragma once
// The service catalogue on the schema-driven engine: the service schema, the mapping of
// services, queries and results onto it, and the engine, builder and reference as the services
// layer uses them (with service documents and ServiceQuery).
#include <memory>
#include <vector>

#include "search/engine.hpp"
#include "search/index_doc.hpp"
#include "search/reference.hpp"
#include "search/schema.hpp"
#include "search/service_query.hpp"

namespace proven::search {

// Slots of the service schema.
namespace service_slots {
enum Text : std::size_t { kName, kProvider, kOverview };
enum Facet : std::size_t { kType, kIndustry, kPrefecture, kRegistrar, kProviderFacet, kRegistrationNumber, kFacetCount };
enum Date : std::size_t { kRegisteredOn, kExpiresOn };
enum Mask : std::size_t { kCoverage };
enum Scope : std::size_t { kRegistrarOrg };
}  // namespace service_slots

// Text: name and provider (both rank), overview. Facets: type (code), industry, prefecture
// (canonical name), registrar, provider (exact name; filter only, never counted), registration
// number (domain::RegistrationNumberKey; filter only, and a keyword: q equal to the number finds
// the service, part of it does not). Dates: registered_on, expires_on. Mask: region coverage. Scope:
// the registration body's organisation id. Statuses: valid, expired (active services, by dates),
// suspended, revoked (by state). Sorts in SortKey order. One instance for the process.
const std::shared_ptr<const Schema>& ServiceSchema();

Doc ToDoc(IndexDoc d);
Query ToQuery(const ServiceQuery& q);
EngineResult ToEngineResult(Result r);

// Builds a service base (see EngineBuilder).
class IndexBuilder {
 public:
  explicit IndexBuilder(EngineOptions options = {});
  void Add(IndexDoc doc) { builder_.Add(ToDoc(std::move(doc))); }
  std::shared_ptr<const BaseIndex> Finish() { return builder_.Finish(); }

 private:
  EngineBuilder builder_;
};

// The engine over the service schema (see Engine).
class SearchEngine {
 public:
  explicit SearchEngine(EngineOptions options = {});

  void Build(std::vector<IndexDoc> docs) { engine_.Build(ToDocs(std::move(docs))); }
  void ReplaceBase(std::shared_ptr<const BaseIndex> base, std::vector<IndexDoc> upserts = {},
                   const std::vector<std::int64_t>& removals = {}) {
    engine_.ReplaceBase(std::move(base), ToDocs(std::move(upserts)), removals);
  }
  void Apply(std::vector<IndexDoc> upserts, const std::vector<std::int64_t>& removals) {
    engine_.Apply(ToDocs(std::move(upserts)), removals);
  }
  void Upsert(std::vector<IndexDoc> docs) { Apply(std::move(docs), {}); }
  void Remove(const std::vector<std::int64_t>& ids) { Apply({}, ids); }

  EngineResult Search(const ServiceQuery& q) const { return ToEngineResult(engine_.Search(ToQuery(q))); }
  EngineStats Stats() const { return engine_.Stats(); }
  std::uint64_t generation() const { return engine_.generation(); }
  const EngineOptions& options() const { return engine_.options(); }

 private:
  static std::vector<Doc> ToDocs(std::vector<IndexDoc> docs);
  Engine engine_;
};

// The brute-force reference over service documents (normalised once, at construction).
class ServiceReference {
 public:
  explicit ServiceReference(const std::vector<IndexDoc>& docs);
  EngineResult Search(const ServiceQuery& q) const;
  const std::vector<NormalisedDoc>& normalised() const { return normalised_; }

 private:
  std::vector<Doc> docs_;
  std::vector<NormalisedDoc> normalised_;
};

}  // namespace proven::search
