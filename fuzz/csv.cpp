// The import's front end: bytes → DecodeText (UTF-8 or CP932) → ReadCsv.
// Invariants: a parsed file written back with AppendCsvRecord reads back to the same fields;
// no field holds a NUL; a problem's line lies within the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "core/csv.hpp"
#include "core/encoding.hpp"

namespace {

void CheckCsv(std::string_view text) {
  auto records = proven::ReadCsv(text);
  if (!records) {
    const auto& p = records.error();
    FUZZ_CHECK(!p.message.empty());
    FUZZ_CHECK(p.line >= 1);
    FUZZ_CHECK(p.line <= 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                             static_cast<std::size_t>(std::count(text.begin(), text.end(), '\r')));
    return;
  }
  std::string out;
  std::size_t previous_line = 0;
  for (const auto& r : *records) {
    FUZZ_CHECK(r.line > previous_line);
    previous_line = r.line;
    FUZZ_CHECK(!r.fields.empty());
    for (const auto& f : r.fields) FUZZ_CHECK(f.find('\0') == std::string::npos);
    proven::AppendCsvRecord(out, r.fields);
  }
  auto again = proven::ReadCsv(out);
  FUZZ_CHECK(again.has_value());
  // A record of one empty field is written as an empty line, which reading skips.
  std::vector<std::vector<std::string>> want;
  for (const auto& r : *records) {
    if (!(r.fields.size() == 1 && r.fields[0].empty())) want.push_back(r.fields);
  }
  FUZZ_CHECK(again->size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) FUZZ_CHECK((*again)[i].fields == want[i]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = proven::DecodeText(bytes);
  if (decoded) {
    CheckCsv(decoded->utf8);
  } else {
    FUZZ_CHECK(!decoded.error().message.empty());
    CheckCsv(bytes);  // the reader itself takes any bytes
  }
  return 0;
}
