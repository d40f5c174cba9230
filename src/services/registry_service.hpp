#pragma once
// Use cases of the service registry, shared by the web server and the CLI: import, export,
// search and lookup. Owns the search index and keeps it in step with the store.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "core/result.hpp"
#include "search/service_index.hpp"
#include "store/service_store.hpp"

namespace proven::services {

struct ImportProblem {
  std::size_t line = 0;  // 1-based line in the file; 0 for a problem with the whole file
  std::string column;    // the column as the file names it, "header", or empty
  std::string message;
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

enum class ExportFormat { kCsv, kJson, kXlsx };
std::optional<ExportFormat> ExportFormatFromString(std::string_view s);

struct ExportFile {
  std::string bytes;
  std::string content_type;
  std::string extension;  // csv, json, xlsx
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
  explicit RegistryService(store::ServiceStore& store) : store_(store) {}

  // Loads every service from the store into a fresh search snapshot.
  Status Reload();

  // Parses and validates the whole file, then writes every row in one transaction, or
  // nothing when any row has a problem (or when `dry_run`).
  Result<ImportReport> ImportServices(std::string_view bytes, bool dry_run);

  search::SearchResult Search(const search::ServiceQuery& q) const { return index_.Search(q); }
  std::shared_ptr<const search::Snapshot> Snapshot() const { return index_.Current(); }

  Result<ExportFile> Export(const search::ServiceQuery& q, ExportFormat format) const;

  RegistryStats Stats(Date as_of) const;

  Status Ping() { return store_.Ping(); }

 private:
  store::ServiceStore& store_;
  search::ServiceIndex index_;
};

// The API's JSON shape of one service (also the JSON export's items).
nlohmann::ordered_json ServiceToJson(const domain::Service& s, Date as_of);

// The CSV the import reads: UTF-8 with BOM, Japanese header row, CRLF.
std::string ServicesToCsv(const std::vector<const domain::Service*>& services);

}  // namespace proven::services
