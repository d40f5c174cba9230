#pragma once
// Exports of the service list: every match of a search as CSV (the format the import reads),
// JSON (the API's shape) or Excel. Shared by the web server (GET /api/v1/services/export) and
// `proven export services`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "search/service_query.hpp"
#include "services/registry_service.hpp"

namespace proven::services {

enum class ExportFormat { kCsv, kJson, kXlsx };
std::optional<ExportFormat> ExportFormatFromString(std::string_view s);

// The CSV's encoding: UTF-8 with BOM (the default), or CP932 (Windows-31J, "Shift_JIS" for
// older Excel; no BOM). "utf-8"/"utf8", "cp932"/"shift_jis"/"sjis"/"windows-31j" (any case).
enum class ExportEncoding { kUtf8, kCp932 };
std::optional<ExportEncoding> ExportEncodingFromString(std::string_view s);

// The columns an export adds after the registry fields (domain::kExportOnlyHeaders): the id,
// the status as of `as_of` (its Japanese label, as on the pages: 有効, まもなく期限切れ, 期限切れ,
// 登録前, 一時停止中, 登録取消) and the detail page's URL (`public_url` + /services/{id}; empty when
// there is no public URL).
struct ExportColumns {
  Date as_of;
  std::string public_url;
};
std::string_view StatusLabelJa(domain::ServiceStatus status);

struct ExportFile {
  std::string bytes;
  std::string content_type;
  std::string extension;  // csv, json, xlsx
  // What the file could not hold as it is (e.g. an XLSX cell cut at Excel's 32,767-character
  // limit); the file itself says so too.
  std::vector<std::string> warnings;
  // CP932 CSV only: characters CP932 cannot hold, written as "?".
  std::size_t unmappable = 0;
};

struct ExportOptions {
  ExportEncoding encoding = ExportEncoding::kUtf8;  // CSV only
  std::string public_url;                           // for the detail page's URL column
};

class ExportService {
 public:
  // Searches through `registry` (its index and its store).
  explicit ExportService(const RegistryService& registry) : registry_(registry) {}

  // Every match of `q` (its offset and limit are ignored), in `format`.
  Result<ExportFile> Export(const search::ServiceQuery& q, ExportFormat format, const ExportOptions& options = {}) const;

 private:
  const RegistryService& registry_;
};

// A table to write as CSV or XLSX: a header row, then rows of text cells (each as long as the
// header). Widths (in characters; Japanese characters are about two wide) and wrapping are for
// the spreadsheet only.
struct TableColumn {
  std::string header;
  double width = 20;
  bool wrap = false;
};
struct Table {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
};
// UTF-8 with BOM, CRLF; cells a spreadsheet would run as a formula are neutralised (quoted, with
// a leading ').
std::string TableToCsv(const Table& table);
// TableToCsv in `encoding` (CP932: no BOM; characters CP932 cannot hold are written as "?",
// counted in ExportFile::unmappable and in a warning).
Result<ExportFile> TableToCsvFile(const Table& table, ExportEncoding encoding);
// One sheet `sheet` with a bold frozen header row and an autofilter; see ServicesToXlsx for text
// and Excel's cell limit.
Result<ExportFile> TableToXlsx(const Table& table, const std::string& sheet = "services");
// The export's columns (domain::ServiceFields, then domain::kExportOnlyHeaders) with their widths.
std::vector<TableColumn> ExportTableColumns();

// The CSV the import reads: UTF-8 with BOM, Japanese header row, CRLF; the registry's columns
// and then the export-only ones (ExportColumns), which the import ignores. Cells that a
// spreadsheet would run as a formula are neutralised (NeutraliseCsvCell), and the import undoes
// exactly that.
std::string ServicesToCsv(const std::vector<domain::Service>& services, const ExportColumns& columns);
// The same file as ExportFile, in `encoding` (CP932: no BOM; unmappable characters counted in
// ExportFile::unmappable and in a warning).
Result<ExportFile> ServicesToCsvFile(const std::vector<domain::Service>& services, const ExportColumns& columns,
                                     ExportEncoding encoding);

// Excel's limit for the text of one cell, in UTF-16 code units.
inline constexpr std::size_t kXlsxMaxCellChars = 32767;
// One sheet "services" with the CSV's columns. Text is written as text, never as a formula. A
// cell longer than kXlsxMaxCellChars is cut, ends with a visible "…[truncated: N characters …]"
// marker, is listed on a second sheet "notes" and in ExportFile::warnings; nothing is dropped
// silently.
Result<ExportFile> ServicesToXlsx(const std::vector<domain::Service>& services, const ExportColumns& columns);

}  // namespace proven::services
