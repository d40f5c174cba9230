#pragma once
// Exports of the service list: every match of a search as CSV (the format the import reads),
// JSON (the API's shape) or Excel. Shared by the web server (GET /api/v1/services/export) and
// `proven export services`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "search/service_query.hpp"
#include "services/registry_service.hpp"

namespace proven::services {

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

class ExportService {
 public:
  // Searches through `registry` (its index and its store).
  explicit ExportService(const RegistryService& registry) : registry_(registry) {}

  // Every match of `q` (its offset and limit are ignored), in `format`.
  Result<ExportFile> Export(const search::ServiceQuery& q, ExportFormat format) const;

 private:
  const RegistryService& registry_;
};

// The CSV the import reads: UTF-8 with BOM, Japanese header row, CRLF. Cells that a spreadsheet
// would run as a formula are neutralised (NeutraliseCsvCell), and the import undoes exactly that.
std::string ServicesToCsv(const std::vector<domain::Service>& services);

// Excel's limit for the text of one cell, in UTF-16 code units.
inline constexpr std::size_t kXlsxMaxCellChars = 32767;
// One sheet "services" with the CSV's columns. Text is written as text, never as a formula. A
// cell longer than kXlsxMaxCellChars is cut, ends with a visible "…[truncated: N characters …]"
// marker, is listed on a second sheet "notes" and in ExportFile::warnings; nothing is dropped
// silently.
Result<ExportFile> ServicesToXlsx(const std::vector<domain::Service>& services);

}  // namespace proven::services
