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

// Fails with kInvalidArgument "line N: ..." on an unterminated quoted field or a quote that
// does not start or end a field. Blank lines are skipped.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

// Appends one record, quoting fields that need it, ending with CRLF.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

}  // namespace proven
