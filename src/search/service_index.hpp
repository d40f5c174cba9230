#pragma once
// The in-memory condition-search engine over the registry. An index holds an immutable
// snapshot of every service with its text pre-normalised; Replace() swaps in a new snapshot
// atomically, so a search always sees one consistent state, and results keep their snapshot
// alive for as long as they are used.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "search/service_query.hpp"

namespace proven::search {

struct FacetValue {
  std::string value;
  int count = 0;
};

struct Facets {
  std::vector<FacetValue> type;  // value = type code
  std::vector<FacetValue> industry;
  std::vector<FacetValue> prefecture;
  std::vector<FacetValue> registrar;
};

class Snapshot;

struct SearchResult {
  std::shared_ptr<const Snapshot> snapshot;
  std::size_t total = 0;
  std::vector<const domain::Service*> items;  // the requested page, pointing into `snapshot`
  Facets facets;                              // disjunctive counts, zero counts left out
};

class Snapshot {
 public:
  explicit Snapshot(std::vector<domain::Service> services);
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  SearchResult Search(const ServiceQuery& q, std::shared_ptr<const Snapshot> self) const;
  const domain::Service* FindById(std::int64_t id) const;
  std::size_t size() const;
  // Every distinct industry label and registrar, for the search form (sorted by count).
  const std::vector<FacetValue>& AllIndustries() const;
  const std::vector<FacetValue>& AllRegistrars() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class ServiceIndex {
 public:
  ServiceIndex() : current_(std::make_shared<const Snapshot>(std::vector<domain::Service>{})) {}
  void Replace(std::vector<domain::Service> services);
  std::shared_ptr<const Snapshot> Current() const;
  SearchResult Search(const ServiceQuery& q) const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;
};

}  // namespace proven::search
