#include "core/csv.hpp"

#include <fmt/core.h>

namespace proven {

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  std::vector<CsvRecord> records;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    bool record_done = false;
    bool blank = true;
    while (!record_done) {
      std::string field;
      if (i < n && text[i] == '"') {
        blank = false;
        const std::size_t quote_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            if (c == '\n' || (c == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) ++line;
            field.push_back(c);
            ++i;
          }
        }
        if (!closed) {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("line {}: a quoted field is never closed (missing '\"')", quote_line));
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return Fail(ErrorCode::kInvalidArgument,
                      fmt::format("line {}: unexpected text after a closing quote in field {}",
                                  line, rec.fields.size() + 1));
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return Fail(ErrorCode::kInvalidArgument,
                        fmt::format("line {}: a quote inside an unquoted field {} (quote the whole "
                                    "field and double the quote)",
                                    line, rec.fields.size() + 1));
          }
          field.push_back(text[i]);
          ++i;
        }
        if (!field.empty()) blank = false;
      }
      rec.fields.push_back(std::move(field));
      if (i >= n) {
        record_done = true;
      } else if (text[i] == ',') {
        blank = false;
        ++i;
      } else {  // line end
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        record_done = true;
      }
    }
    if (!blank) records.push_back(std::move(rec));
  }
  return records;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    const std::string& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out.push_back('"');
    for (char c : f) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

}  // namespace proven
