// Query strings and url-encoded forms (web/http_parse.hpp): ParseQueryString, PercentDecode,
// SplitTarget, and what else a request line and its headers feed: CookieValue, SafeLocalPath,
// MatchRoute. Invariants: parsed parameters re-encoded parse back to the same multimap; decoding
// never grows the text; a "safe local path" is one a browser keeps on this site; a route match
// yields one value per placeholder and {id} values are digits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "web/http_parse.hpp"

using namespace proven::web;

namespace {

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// Patterns of the shapes the route table uses.
constexpr std::string_view kPatterns[] = {
    "/",
    "/api/v1/services",
    "/api/v1/services/{id}",
    "/api/v1/services/{id}/history",
    "/api/v1/services/{id}/{action:renew|suspend|resume|revoke}",
    "/registrar/proposals/{id}/{decision:approve|reject}",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // Query string / form body.
  const Params params = ParseQueryString(text);
  std::string again;
  for (const auto& [k, v] : params) {
    FUZZ_CHECK(!k.empty());
    if (!again.empty()) again += '&';
    again += Encode(k) + "=" + Encode(v);
  }
  FUZZ_CHECK(ParseQueryString(again) == params);
  for (const bool plus : {true, false}) FUZZ_CHECK(PercentDecode(text, plus).size() <= text.size());
  FUZZ_CHECK(PercentDecode(Encode(text), true) == text);

  // Request target.
  const Target target = SplitTarget(text);
  FUZZ_CHECK(target.path.size() <= text.size() && target.query.size() < text.size() + 1);
  if (text.find('?') != std::string_view::npos) FUZZ_CHECK(text.ends_with(target.query));

  // Redirect targets.
  if (auto local = SafeLocalPath(text)) {
    FUZZ_CHECK(!local->empty() && (*local)[0] == '/');
    FUZZ_CHECK(local->size() == 1 || (*local)[1] != '/');
    for (const char c : *local) {
      const auto u = static_cast<unsigned char>(c);
      FUZZ_CHECK(u >= 0x20 && u != 0x7F && c != '\\');
    }
    FUZZ_CHECK(SafeLocalPath(*local) == local);
  }

  // Cookies.
  const std::string cookie = CookieValue(text, "proven_session");
  FUZZ_CHECK(cookie.size() <= text.size());

  // Routes.
  std::vector<std::string> values;
  for (const auto pattern : kPatterns) {
    if (!MatchRoute(pattern, target.path, values)) {
      FUZZ_CHECK(values.empty());
      continue;
    }
    std::size_t placeholders = 0;
    for (const char c : pattern) placeholders += c == '{' ? 1 : 0;
    FUZZ_CHECK(values.size() == placeholders);
    if (placeholders > 0 && pattern.find("{id}") != std::string_view::npos) {
      FUZZ_CHECK(!values[0].empty() && values[0].size() <= 18);
      for (const char c : values[0]) FUZZ_CHECK(c >= '0' && c <= '9');
    }
    FUZZ_CHECK(MatchRoute(pattern, ExamplePath(pattern), values));
  }
  return 0;
}
