#pragma once
// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF, LF and CR
// line ends are accepted. Each record remembers the line it starts on, for error messages.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven {

struct CsvRecord {
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

// Why a text is not CSV, and where.
struct CsvProblem {
  std::size_t line = 0;   // 1-based physical line of the problem
  std::size_t field = 0;  // 1-based field of the record, 0 when not about one field
  std::vector<std::string> header;  // the first record, when it was read before the problem
  std::string message;    // without line or field: "contains a NUL byte (U+0000), ..."
  std::string key;        // the message's catalogue key (docs/i18n.md): "error.csv.nul", ...

  // "line 4: field 2: contains a NUL byte (U+0000), ..." (no "field" part when field is 0).
  std::string Describe() const;
};

// Fails on an unterminated quoted field, a quote that does not start or end a field, or a NUL
// byte anywhere (no text file holds one; it would cut the text short in many tools). Blank
// lines are skipped. Linear in the size of the text.
tl::expected<std::vector<CsvRecord>, CsvProblem> ReadCsv(std::string_view text);

// ReadCsv, failing with kInvalidArgument and CsvProblem::Describe() as the message.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

// Appends one record, quoting fields that need it, ending with CRLF.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

}  // namespace proven
