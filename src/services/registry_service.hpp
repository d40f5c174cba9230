#pragma once
// Use cases of the service registry, shared by the web server and the CLI: search and lookup.
// Owns the search index and keeps it in step with the store. Imports are
// services/import_service.hpp, exports services/export_service.hpp, a service's JSON record
// services/service_record.hpp; the API's JSON is web/service_json.hpp.
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.hpp"
#include "core/result.hpp"
#include "domain/codes.hpp"
#include "domain/service_fields.hpp"
#include "search/service_engine.hpp"
#include "store/service_store.hpp"

namespace proven::services {

// One page of a search: the services themselves (read from the store), with the total and
// the facet counts of the whole result.
struct SearchPage {
  std::size_t total = 0;
  std::vector<domain::Service> items;
  search::Facets facets;
};

struct RegistryStats {
  Date as_of;
  std::size_t total = 0;
  search::Facets overall;  // type and prefecture counts of valid services
  struct PerType {
    domain::ServiceType type;
    int total = 0;
    std::vector<search::FacetValue> prefectures;
  };
  std::vector<PerType> per_type;
};

class RegistryService {
 public:
  explicit RegistryService(store::ServiceStore& store, search::EngineOptions options = {})
      : store_(store), engine_(options) {}

  // Rebuilds the search index from every service in the store.
  Status Reload();
  // Applies the store's changes since the last Reload/Sync to the index (cheap when there are
  // none). Returns how many services changed. Safe to call from any thread.
  Result<std::size_t> Sync();
  // Rebuilds the index base when many documents sit in its overlay; searches and Sync go on
  // meanwhile. Returns whether it rebuilt.
  Result<bool> CompactIfNeeded();

  Result<SearchPage> Search(const search::ServiceQuery& q) const;
  // Counts and facets only (no services read).
  search::EngineResult Count(const search::ServiceQuery& q) const;
  Result<std::optional<domain::Service>> GetService(std::int64_t id) const;

  RegistryStats Stats(Date as_of) const;
  search::EngineStats IndexStats() const { return engine_.Stats(); }
  // Changes whenever what a search can return changes (see SearchEngine::generation).
  std::uint64_t generation() const { return engine_.generation(); }

  Status Ping() { return store_.Ping(); }

 private:
  struct Changes {
    std::vector<search::IndexDoc> upserts;
    std::vector<std::int64_t> removals;
    std::int64_t last_seq = 0;
    std::size_t count = 0;
  };
  // Everything the store changed after `seq`.
  Result<Changes> ChangesAfter(std::int64_t seq) const;

  // Recently shown services by id (pages show the same ones again and again); entries of changed
  // services are dropped by Sync, everything by Reload.
  Result<std::vector<domain::Service>> Fetch(const std::vector<std::int64_t>& ids) const;
  void Forget(const std::vector<std::int64_t>& ids);
  static constexpr std::size_t kItemCacheEntries = 20000;
  mutable std::mutex item_mu_;
  mutable std::unordered_map<std::int64_t, std::shared_ptr<const domain::Service>> items_;
  mutable std::deque<std::int64_t> item_order_;

  store::ServiceStore& store_;
  search::SearchEngine engine_;
  std::mutex sync_mu_;          // one Sync or base swap at a time
  std::int64_t applied_seq_ = 0;  // guarded by sync_mu_
  std::mutex compact_mu_;       // one rebuild at a time
};

// CSV ("formula") injection, as OWASP recommends: a cell whose first character is = + - @ TAB or
// CR gets a leading single quote, so that Excel and LibreOffice show it as text. A cell that
// already starts with ' gets one too, so that the import can strip exactly one: '=x exports
// as ''=x and imports as '=x again.
bool CsvCellNeedsNeutralising(std::string_view cell);
std::string NeutraliseCsvCell(std::string_view cell);
// The inverse, applied to every imported cell: drops one leading ' when the next character is
// one of = + - @ TAB CR or '.
std::string_view RestoreCsvCell(std::string_view cell);

}  // namespace proven::services
