#include "services/export_service.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "core/csv.hpp"
#include "core/encoding.hpp"
#include "core/json_writer.hpp"
#include "core/scan.hpp"
#include "core/text.hpp"
#include "domain/service_fields.hpp"
#include "services/service_record.hpp"

namespace proven::services {

using domain::Service;
using domain::ServiceField;

std::optional<ExportFormat> ExportFormatFromString(std::string_view s) {
  if (s == "csv") return ExportFormat::kCsv;
  if (s == "json") return ExportFormat::kJson;
  if (s == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

std::optional<ExportEncoding> ExportEncodingFromString(std::string_view s) {
  std::string lower;
  for (char c : s) lower.push_back(AsciiLower(c));
  if (lower == "utf-8" || lower == "utf8") return ExportEncoding::kUtf8;
  if (lower == "cp932" || lower == "shift_jis" || lower == "sjis" || lower == "windows-31j") return ExportEncoding::kCp932;
  return std::nullopt;
}

std::string_view StatusLabelJa(domain::ServiceStatus status) {
  using domain::ServiceStatus;
  switch (status) {
    case ServiceStatus::kValid: return "有効";
    case ServiceStatus::kExpiringSoon: return "まもなく期限切れ";
    case ServiceStatus::kExpired: return "期限切れ";
    case ServiceStatus::kNotYetValid: return "登録前";
    case ServiceStatus::kSuspended: return "一時停止中";
    case ServiceStatus::kRevoked: return "登録取消";
  }
  return "";
}

namespace {

// Every cell of one exported row: the registry's fields, then the export-only columns.
std::vector<std::string> ExportCells(const Service& s, const ExportColumns& columns) {
  const auto fields = domain::CellsFromService(s);
  std::vector<std::string> cells(fields.begin(), fields.end());
  cells.push_back(std::to_string(s.id));
  cells.emplace_back(StatusLabelJa(domain::StatusAsOf(s, columns.as_of)));
  cells.push_back(columns.public_url.empty() ? std::string() : fmt::format("{}/services/{}", columns.public_url, s.id));
  return cells;
}

Table ExportTable(const std::vector<Service>& services, const ExportColumns& columns) {
  Table t{ExportTableColumns(), {}};
  t.rows.reserve(services.size());
  for (const Service& s : services) t.rows.push_back(ExportCells(s, columns));
  return t;
}

// One CSV record as core/csv writes it, except that neutralised cells are always quoted
// (OWASP: prefix with ' and quote the cell).
void AppendExportRecord(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    const bool neutralise = CsvCellNeedsNeutralising(cells[i]);
    if (!neutralise && cells[i].find_first_of(",\"\r\n") == std::string::npos) {
      out += cells[i];
      continue;
    }
    out.push_back('"');
    if (neutralise) out.push_back('\'');
    for (char c : cells[i]) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

// Length in UTF-16 code units (what Excel counts); `text` is UTF-8.
std::size_t Utf16Length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// The longest prefix of `text` (whole code points) of at most `units` UTF-16 code units.
std::string_view Utf16Prefix(std::string_view text, std::size_t units) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    const std::size_t w = c >= 0xF0 ? 2 : 1;
    if (n + w > units) return text.substr(0, i);
    n += w;
  }
  return text;
}

}  // namespace

std::vector<TableColumn> ExportTableColumns() {
  std::vector<TableColumn> out;
  for (const auto& info : domain::ServiceFields()) {
    double width = 24;
    switch (info.field) {
      case ServiceField::kName: width = 36; break;
      case ServiceField::kProvider: width = 30; break;
      case ServiceField::kAddress: width = 40; break;
      case ServiceField::kOverview: width = 70; break;
      case ServiceField::kIndustries: width = 28; break;
      case ServiceField::kRegisteredOn:
      case ServiceField::kExpiresOn: width = 12; break;
      case ServiceField::kRegistrar: width = 30; break;
      case ServiceField::kType: width = 22; break;
      case ServiceField::kUrl: width = 36; break;
      default: break;
    }
    out.push_back({std::string(info.header_ja), width, info.field == ServiceField::kOverview});
  }
  out.push_back({std::string(domain::kExportOnlyHeaders[0]), 8, false});
  out.push_back({std::string(domain::kExportOnlyHeaders[1]), 16, false});
  out.push_back({std::string(domain::kExportOnlyHeaders[2]), 40, false});
  return out;
}

std::string TableToCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (const auto& c : table.columns) header.push_back(c.header);
  AppendCsvRecord(out, header);
  for (const auto& row : table.rows) AppendExportRecord(out, row);
  return out;
}

Result<ExportFile> TableToCsvFile(const Table& table, ExportEncoding encoding) {
  std::string utf8 = TableToCsv(table);
  if (encoding == ExportEncoding::kUtf8) return ExportFile{std::move(utf8), "text/csv; charset=utf-8", "csv", {}, 0};
  auto sjis = Utf8ToCp932(std::string_view(utf8).substr(3));  // no BOM in CP932
  if (!sjis) return Fail(sjis.error());
  ExportFile file{std::move(sjis->bytes), "text/csv; charset=Shift_JIS", "csv", {}, sjis->unmappable};
  if (file.unmappable > 0) {
    file.warnings.push_back(
        fmt::format("{} characters have no Shift_JIS (CP932) form and were written as \"?\"; the UTF-8 CSV holds them",
                    file.unmappable));
  }
  return file;
}

std::string ServicesToCsv(const std::vector<Service>& services, const ExportColumns& columns) {
  return TableToCsv(ExportTable(services, columns));
}

Result<ExportFile> ServicesToCsvFile(const std::vector<Service>& services, const ExportColumns& columns,
                                     ExportEncoding encoding) {
  return TableToCsvFile(ExportTable(services, columns), encoding);
}

Result<ExportFile> ServicesToXlsx(const std::vector<Service>& services, const ExportColumns& columns) {
  return TableToXlsx(ExportTable(services, columns));
}

Result<ExportFile> TableToXlsx(const Table& table, const std::string& sheet) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "proven-export-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", "mkstemp failed");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } cleanup{tmpl};

  lxw_workbook* wb = workbook_new(tmpl.c_str());
  if (wb == nullptr) return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", "workbook_new failed");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  const auto column_count = static_cast<lxw_col_t>(table.columns.size());
  for (lxw_col_t col = 0; col < column_count; ++col) {
    const TableColumn& c = table.columns[col];
    worksheet_set_column(ws, col, col, c.width, c.wrap ? wrap : nullptr);
    worksheet_write_string(ws, 0, col, c.header.c_str(), bold);
  }
  worksheet_freeze_panes(ws, 1, 0);
  // Strings are written as strings (shared-string cells, never formulas), so a value such as
  // =HYPERLINK(...) is shown as text and needs no neutralising here. A cell over Excel's limit
  // would be refused by libxlsxwriter (LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) and left empty:
  // cut it with a visible marker instead and list it on a "notes" sheet.
  struct Cut {
    lxw_row_t row;
    lxw_col_t col;
    std::size_t length;
  };
  std::vector<Cut> cuts;
  lxw_error write_error = LXW_NO_ERROR;
  lxw_row_t row = 1;
  for (const auto& cells : table.rows) {
    for (lxw_col_t c = 0; c < column_count && c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      std::string text = cells[c];
      if (const std::size_t length = Utf16Length(text); length > kXlsxMaxCellChars) {
        const std::string marker = fmt::format(
            "…[truncated: {} characters in total; the CSV and JSON exports hold the full text]", length);
        text = std::string(Utf16Prefix(text, kXlsxMaxCellChars - Utf16Length(marker))) + marker;
        cuts.push_back({row, c, length});
      }
      if (const lxw_error err = worksheet_write_string(ws, row, c, text.c_str(), nullptr); err != LXW_NO_ERROR) {
        write_error = err;
      }
    }
    ++row;
  }
  if (!table.rows.empty() && column_count > 0) {
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(table.rows.size()), column_count - 1);
  }
  std::vector<std::string> warnings;
  if (!cuts.empty()) {
    lxw_worksheet* notes = workbook_add_worksheet(wb, "notes");
    worksheet_set_column(notes, 0, 3, 24, nullptr);
    const char* const kNoteHeader[] = {"行 (row)", "列 (column)", "元の文字数 (characters)", "メモ (note)"};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(notes, 0, c, kNoteHeader[c], bold);
    lxw_row_t r = 1;
    for (const auto& cut : cuts) {
      const std::string& column = table.columns[cut.col].header;
      worksheet_write_number(notes, r, 0, static_cast<double>(cut.row + 1), nullptr);
      worksheet_write_string(notes, r, 1, column.c_str(), nullptr);
      worksheet_write_number(notes, r, 2, static_cast<double>(cut.length), nullptr);
      worksheet_write_string(notes, r, 3, "cut at Excel's limit of 32,767 characters", nullptr);
      warnings.push_back(fmt::format("row {}, column {}: {} characters cut to Excel's limit of 32,767", cut.row + 1,
                                     column, cut.length));
      ++r;
    }
  }
  if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", lxw_strerror(err));
  }
  if (write_error != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", lxw_strerror(write_error));
  }
  std::ifstream in(tmpl, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return ExportFile{buf.str(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                    std::move(warnings)};
}

Result<ExportFile> ExportService::Export(const search::ServiceQuery& query, ExportFormat format,
                                         const ExportOptions& options) const {
  search::ServiceQuery q = query;
  q.offset = 0;
  q.limit = 0;
  auto page = registry_.Search(q);
  if (!page) return Fail(page.error());
  const auto& items = page->items;
  const ExportColumns columns{q.as_of, options.public_url};
  switch (format) {
    case ExportFormat::kCsv:
      return ServicesToCsvFile(items, columns, options.encoding);
    case ExportFormat::kJson: {
      std::string out;
      JsonWriter w(out);
      w.BeginArray();
      for (const Service& s : items) WriteServiceRecord(w, s, q.as_of);
      w.EndArray();
      out.push_back('\n');
      return ExportFile{std::move(out), "application/json; charset=utf-8", "json", {}, 0};
    }
    case ExportFormat::kXlsx:
      return ServicesToXlsx(items, columns);
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown export format");
}

}  // namespace proven::services
