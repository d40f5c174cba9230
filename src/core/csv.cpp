#include "core/csv.hpp"

#include <fmt/core.h>

namespace proven {

namespace {

constexpr std::string_view kNul = "contains a NUL byte (U+0000), which a text file never holds";

}  // namespace

tl::expected<std::vector<CsvRecord>, CsvProblem> ReadCsv(std::string_view text) {
  std::vector<CsvRecord> records;
  auto fail = [&](std::size_t at_line, std::size_t field, std::string message, std::string key = "error.csv.nul") {
    CsvProblem p{at_line, field, {}, std::move(message), std::move(key)};
    if (!records.empty()) p.header = records.front().fields;
    return tl::unexpected<CsvProblem>(std::move(p));
  };
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
            if (c == '\0') return fail(line, rec.fields.size() + 1, std::string(kNul));
            if (c == '\n' || (c == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) ++line;
            field.push_back(c);
            ++i;
          }
        }
        if (!closed) {
          return fail(quote_line, 0, "a quoted field is never closed (missing '\"')", "error.csv.unclosed_quote");
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '\0') return fail(line, rec.fields.size() + 1, std::string(kNul));
          return fail(line, rec.fields.size() + 1, "unexpected text after a closing quote", "error.csv.text_after_quote");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return fail(line, rec.fields.size() + 1,
                        "a quote inside an unquoted field (quote the whole field and double the quote)",
                        "error.csv.quote_in_field");
          }
          if (text[i] == '\0') return fail(line, rec.fields.size() + 1, std::string(kNul));
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

std::string CsvProblem::Describe() const {
  if (field == 0) return fmt::format("line {}: {}", line, message);
  return fmt::format("line {}: field {}: {}", line, field, message);
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  auto records = ReadCsv(text);
  if (!records) return Fail(ErrorCode::kInvalidArgument, records.error().Describe());
  return std::move(*records);
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
