#pragma once
// Imports of the service list: a CSV file as registration bodies and IPA keep it, validated as a
// whole and written in one transaction (or not at all), under the registry's rules. Shared by
// `proven import services` and the registrars' upload (RegistrarService::Import).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/encoding.hpp"
#include "core/result.hpp"
#include "domain/codes.hpp"
#include "domain/service_fields.hpp"
#include "services/registry_service.hpp"
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
  // With only_registrar: the uploader's organisation; an existing service is its own only when it
  // has this id (ownership by id, not by the name in the row).
  std::optional<std::int64_t> only_registrar_org_id;
};

class ImportService {
 public:
  // Writes to `store`; brings `index` up to date after a write.
  ImportService(store::ServiceStore& store, RegistryService& index) : store_(store), index_(index) {}

  // Parses and validates the whole file, then writes every row in one transaction, or
  // nothing when any row has a problem (or when `dry_run`). The registry's rules apply as in the
  // registrar workflow: a revoked service cannot change (a problem on its line), and every service
  // the import adds or changes gets one history event ("registered"; "renewed" when its expiry
  // moves later; otherwise "changed") and one audit entry "service.import" with its state before
  // and after, in the same transaction, plus one summary entry "services.import". A row equal to
  // the stored service writes nothing.
  Result<ImportReport> Import(std::string_view bytes, const ImportOptions& options);
  Result<ImportReport> Import(std::string_view bytes, bool dry_run) {
    return Import(bytes, ImportOptions{dry_run, std::nullopt, {}, std::nullopt});
  }

 private:
  // The write phase of an import: adds the rows' problems to `report` and rolls back when there
  // are any (or on a dry run).
  Result<store::UpsertOutcome> WriteImport(const std::vector<domain::Service>& services,
                                           const std::vector<std::size_t>& lines,
                                           const std::array<std::string, domain::kServiceFieldCount>& column_label,
                                           const ImportOptions& options, ImportReport& report);

  store::ServiceStore& store_;
  RegistryService& index_;
};

// The event an import writes for a changed service: "renewed" {"from", "to"} (with "fields" when
// more than the expiry changed) when the expiry moves later, else "changed" {"fields"}.
std::pair<domain::EventKind, std::string> ImportChangeEvent(const domain::Service& before,
                                                            const domain::Service& after,
                                                            const std::vector<std::string>& changed_keys);

}  // namespace proven::services
