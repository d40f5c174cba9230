#pragma once
// Use cases of the service registry, shared by the web server and the CLI: import, export,
// search and lookup. Owns the search index and keeps it in step with the store.
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

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "core/json_writer.hpp"
#include "core/result.hpp"
#include "domain/service_fields.hpp"
#include "search/engine.hpp"
#include "store/service_store.hpp"

namespace proven::services {

struct ImportProblem {
  std::size_t line = 0;  // 1-based line in the file; 0 for a problem with the whole file
  std::string column;    // the column as the file names it, "header", or empty
  std::string message;   // English, for the CLI and the API
  std::string field;     // the column's field key (name, type, ...), "header", or empty: pages name it
  Reason reason;         // the message for pages, from the catalogue (docs/i18n.md)
};

struct ImportReport {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::size_t rows = 0;
  store::UpsertOutcome outcome;         // what was (or, on a dry run, would be) written
  std::vector<ImportProblem> problems;  // non-empty → nothing was written
  std::vector<std::string> warnings;    // e.g. ignored columns
  // "FILE:LINE: column: message" lines, one per problem.
  std::vector<std::string> FormatProblems(std::string_view file_name) const;
};

struct ImportOptions {
  bool dry_run = false;
  // A registrar's upload: every row must be of this registration body, and may not change
  // another body's service. Its events name this body; other imports name "operator".
  std::optional<std::string> only_registrar;
  std::string actor;  // the audit log's actor ("cli", "user:3 a@example.jp"); "import" when empty
};

enum class ExportFormat { kCsv, kJson, kXlsx };
std::optional<ExportFormat> ExportFormatFromString(std::string_view s);

struct ExportFile {
  std::string bytes;
  std::string content_type;
  std::string extension;  // csv, json, xlsx
  // What the file could not hold as it is (e.g. an XLSX cell cut at Excel's 32,767-character
  // limit); the file itself says so too.
  std::vector<std::string> warnings;
};

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

  // Parses and validates the whole file, then writes every row in one transaction, or
  // nothing when any row has a problem (or when `dry_run`). The registry's rules apply as in the
  // registrar workflow: a revoked service cannot change (a problem on its line), and every service
  // the import adds or changes gets one history event ("registered"; "renewed" when its expiry
  // moves later; otherwise "changed") and one audit entry "service.import" with its state before
  // and after, in the same transaction, plus one summary entry "services.import". A row equal to
  // the stored service writes nothing.
  Result<ImportReport> ImportServices(std::string_view bytes, const ImportOptions& options);
  Result<ImportReport> ImportServices(std::string_view bytes, bool dry_run) {
    return ImportServices(bytes, ImportOptions{dry_run, std::nullopt, {}});
  }

  Result<SearchPage> Search(const search::ServiceQuery& q) const;
  // Counts and facets only (no services read).
  search::EngineResult Count(const search::ServiceQuery& q) const;
  Result<std::optional<domain::Service>> GetService(std::int64_t id) const;

  Result<ExportFile> Export(const search::ServiceQuery& q, ExportFormat format) const;

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

  // The write phase of an import: adds the rows' problems to `report` and rolls back when there
  // are any (or on a dry run).
  Result<store::UpsertOutcome> WriteImport(const std::vector<domain::Service>& services,
                                           const std::vector<std::size_t>& lines,
                                           const std::array<std::string, domain::kServiceFieldCount>& column_label,
                                           const ImportOptions& options, ImportReport& report);

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

// The API's JSON shape of one service (also the JSON export's items).
nlohmann::ordered_json ServiceToJson(const domain::Service& s, Date as_of);
// The same, written straight into `w` (the search response's hot path). Without `as_of` there is
// no "status" (the audit log records stored state, not a view of it on some day).
void WriteServiceJson(JsonWriter& w, const domain::Service& s, std::optional<Date> as_of);

// The audit log's JSON of a service: its whole stored state, the API's shape without "status".
std::string ServiceAuditJson(const domain::Service& s);
// The detail of a "registered" event: {"registered_on", "expires_on"}.
std::string RegisteredEventDetail(const domain::Service& s);
// The event an import writes for a changed service: "renewed" {"from", "to"} (with "fields" when
// more than the expiry changed) when the expiry moves later, else "changed" {"fields"}.
std::pair<std::string, std::string> ImportChangeEvent(const domain::Service& before, const domain::Service& after,
                                                      const std::vector<std::string>& changed_keys);

// The CSV the import reads: UTF-8 with BOM, Japanese header row, CRLF. Cells that a spreadsheet
// would run as a formula are neutralised (NeutraliseCsvCell), and the import undoes exactly that.
std::string ServicesToCsv(const std::vector<domain::Service>& services);

// CSV ("formula") injection, as OWASP recommends: a cell whose first character is = + - @ TAB or
// CR gets a leading single quote, so that Excel and LibreOffice show it as text. A cell that
// already starts with ' gets one too, so that the import can strip exactly one: '=x exports
// as ''=x and imports as '=x again.
bool CsvCellNeedsNeutralising(std::string_view cell);
std::string NeutraliseCsvCell(std::string_view cell);
// The inverse, applied to every imported cell: drops one leading ' when the next character is
// one of = + - @ TAB CR or '.
std::string_view RestoreCsvCell(std::string_view cell);

// Excel's limit for the text of one cell, in UTF-16 code units.
inline constexpr std::size_t kXlsxMaxCellChars = 32767;
// One sheet "services" with the CSV's columns. Text is written as text, never as a formula. A
// cell longer than kXlsxMaxCellChars is cut, ends with a visible "…[truncated: N characters …]"
// marker, is listed on a second sheet "notes" and in ExportFile::warnings; nothing is dropped
// silently.
Result<ExportFile> ServicesToXlsx(const std::vector<domain::Service>& services);

}  // namespace proven::services
