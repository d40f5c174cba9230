#pragma once
// Dated editions of the published list (docs/adr/0016-list-editions.md): publishing one (by hand,
// `proven editions publish`, or monthly by the server), listing them, their files and the changes
// between two of them. An edition is built from the registry's current list valid on its date and
// never changes once stored; its files and its changes come from its stored rows alone.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/periodic.hpp"
#include "core/result.hpp"
#include "domain/edition.hpp"
#include "services/export_service.hpp"
#include "services/registry_service.hpp"
#include "store/edition_store.hpp"

namespace proven::services {

// The actor of the monthly publication.
inline constexpr const char* kEditionSystemActor = "system";

struct EditionComparison {
  std::optional<domain::Edition> before;  // nullopt: the first edition (everything counts as added)
  domain::Edition after;
  domain::EditionChanges changes;
};

class EditionService {
 public:
  EditionService(store::EditionStore& store, const RegistryService& registry) : store_(store), registry_(registry) {}

  // Freezes the list valid on `date` (every type; as the registry holds it now) as that date's
  // edition, audited as edition.publish by `actor`. kAlreadyExists when that date has one.
  Result<domain::Edition> Publish(Date date, const std::string& actor);
  // The monthly publication: today's edition when no edition is dated in today's month, else
  // nullopt. Safe to run from several instances at once (an edition's date is unique).
  Result<std::optional<domain::Edition>> PublishMonthly(Date today);

  // Every edition, newest first, without rows.
  Result<std::vector<domain::Edition>> Editions() const;
  // The edition of `date` with its rows; kNotFound when there is none.
  Result<domain::Edition> Find(Date date) const;
  // What changed up to the edition of `date`: against the edition of `since` when given (which
  // must exist and be earlier), else against the latest one before it.
  Result<EditionComparison> Compare(Date date, std::optional<Date> since) const;

 private:
  store::EditionStore& store_;
  const RegistryService& registry_;
};

// The monthly publication while the server runs (`serve --editions monthly`, the default): every
// `interval`, PublishMonthly(today()). Failures are logged and tried again at the next round.
class EditionPublisher {
 public:
  EditionPublisher(EditionService& editions, std::function<Date()> today, std::chrono::milliseconds interval);

 private:
  void Round();
  EditionService& editions_;
  std::function<Date()> today_;
  Periodic thread_;  // last: starts once the members it uses exist
};

// The edition's columns and rows as a table; only `type`'s rows when given.
Table EditionTable(const domain::Edition& e, std::optional<domain::ServiceType> type = std::nullopt);
// The edition as a file: CSV (UTF-8 with BOM or CP932) or XLSX. The UTF-8 CSV of every type is
// what Edition::sha256 is computed over.
Result<ExportFile> EditionFile(const domain::Edition& e, ExportFormat format, ExportEncoding encoding,
                               std::optional<domain::ServiceType> type);

}  // namespace proven::services
