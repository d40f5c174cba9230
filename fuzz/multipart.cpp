// multipart/form-data bodies (web/http_parse.hpp): MultipartBoundary and ParseMultipart. The
// input is a Content-Type line, LF, then the body. Invariants: a boundary is 1 to 70 bytes; a
// parsed body has at most max_parts parts, each named, whose content is a piece of the body;
// writing the parts back out (when their names allow it) parses to the same parts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "web/http_parse.hpp"

using namespace proven::web;

namespace {

constexpr std::size_t kMaxParts = 20;

bool PlainHeaderValue(std::string_view s) {
  for (const char c : s) {
    if (c == '"' || c == '\\' || c == '\r' || c == '\n' || c == ';') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t lf = text.find('\n');
  const std::string_view content_type = text.substr(0, lf);
  const std::string_view body = lf == std::string_view::npos ? std::string_view() : text.substr(lf + 1);

  std::string boundary = "XyZ";
  if (auto b = MultipartBoundary(content_type)) {
    FUZZ_CHECK(!b->empty() && b->size() <= 70);
    boundary = *b;
  }
  auto parts = ParseMultipart(body, boundary, kMaxParts);
  if (!parts) {
    FUZZ_CHECK(parts.error().code == proven::ErrorCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(parts->size() <= kMaxParts);
  bool writable = boundary.find_first_of("\r\n") == std::string::npos;
  for (const auto& p : *parts) {
    FUZZ_CHECK(body.find(p.content) != std::string_view::npos);
    FUZZ_CHECK(p.content.find("\r\n--" + boundary) == std::string::npos);
    // Header values come from single lines and are trimmed; the writer below quotes name and
    // filename without escapes, so only names and filenames free of quotes and such round-trip.
    FUZZ_CHECK(p.content_type.find("\r\n") == std::string::npos);  // a lone CR or LF may be in a line
    writable = writable && PlainHeaderValue(p.name) && PlainHeaderValue(p.filename) &&
               p.content_type.find_first_of("\r\n") == std::string::npos;
  }
  if (!writable) return 0;
  std::string out;
  for (const auto& p : *parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) out += "; filename=\"" + p.filename + "\"";
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
    out += "\r\n" + p.content + "\r\n";
  }
  out += "--" + boundary + "--\r\n";
  auto again = ParseMultipart(out, boundary, kMaxParts);
  FUZZ_CHECK(again.has_value() && again->size() == parts->size());
  for (std::size_t i = 0; i < parts->size(); ++i) {
    FUZZ_CHECK((*again)[i].name == (*parts)[i].name);
    FUZZ_CHECK((*again)[i].filename == (*parts)[i].filename);
    FUZZ_CHECK((*again)[i].content_type == (*parts)[i].content_type);
    FUZZ_CHECK((*again)[i].content == (*parts)[i].content);
  }
  return 0;
}
