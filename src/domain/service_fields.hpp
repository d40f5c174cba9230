#pragma once
// The registry list's columns and the validation of one row of it. Pure: callers bring the
// text of each cell; the result is a Service or every problem found in the row.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/service.hpp"

namespace proven::domain {

enum class ServiceField {
  kName,
  kProvider,
  kAddress,
  kOverview,
  kIndustries,
  kRegions,
  kRegisteredOn,
  kExpiresOn,
  kRegistrar,
  kType,
  kUrl,
  kRegistrationNumber,  // optional; after ホームページ so that older files keep their column order
};
inline constexpr std::size_t kServiceFieldCount = 12;

struct ServiceFieldInfo {
  ServiceField field;
  std::string_view header_ja;  // サービス名
  std::string_view key;        // name
  bool required;
};
const std::array<ServiceFieldInfo, kServiceFieldCount>& ServiceFields();
const ServiceFieldInfo& FieldInfo(ServiceField f);

// A header cell (Japanese header or English key, NFKC/case-tolerant) → its field.
std::optional<ServiceField> FieldFromHeader(std::string_view header);

// Columns an export adds after the registry fields (ID, status as of the export's date, the
// detail page's URL). Not registry fields: an import ignores them silently, so that an exported
// file can be imported again as it is.
inline constexpr std::array<std::string_view, 3> kExportOnlyHeaders{"ID", "状態", "詳細ページURL"};
// Whether a header cell (NFKC/case-tolerant, or the English keys id, status, page_url) is one of them.
bool IsExportOnlyHeader(std::string_view header);

// Separators of list cells. Never "・", which belongs to names such as 機械・電機・精密機器.
std::vector<std::string> SplitListCell(std::string_view cell);

struct FieldProblem {
  ServiceField field;
  std::string message;  // English, without the field's name
  Reason reason;        // the same for pages, from the message catalogue
};

// Cells indexed by ServiceField; nullopt when the file has no such column.
using ServiceCells = std::array<std::optional<std::string>, kServiceFieldCount>;

// Validates and converts. Text is trimmed and otherwise stored as given; regions become
// canonical names; the prefecture is derived from the address. Each cell is first held to its
// limits (domain/limits.hpp: length, UTF-8, control characters) and parsed only when it passes.
std::variant<Service, std::vector<FieldProblem>> ServiceFromCells(const ServiceCells& cells);

// The cells a Service exports to (inverse of ServiceFromCells).
std::array<std::string, kServiceFieldCount> CellsFromService(const Service& s);

// The fields whose exported cells differ between two services, in column order (the derived
// prefecture counts as the address).
std::vector<ServiceField> ChangedFields(const Service& before, const Service& after);

// A registration number as stored: NFKC (full-width ＪＡＳＡ－０１２３ → JASA-0123), trimmed.
std::string NormalizeRegistrationNumber(std::string_view number);
// The form a registration number is matched by (search, uniqueness): normalised for search
// (NFKC, case-folded) without spaces. Empty for an empty number.
std::string RegistrationNumberKey(std::string_view number);

// http(s) URL with a host; the only kind a page may link to.
bool IsHttpUrl(std::string_view url);

}  // namespace proven::domain
