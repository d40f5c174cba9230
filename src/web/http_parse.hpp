#pragma once
// Pure parsers for what arrives in a request: the target, query strings and url-encoded forms,
// multipart/form-data bodies, cookies, and the "next" paths of redirects. No I/O, no
// allocation beyond the result, linear in the input; fuzzed (fuzz/).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/http.hpp"

namespace proven::web {

// %XX → byte; with `plus_as_space` (forms and query strings) '+' → ' '. A '%' not followed by
// two hex digits stays as it is, as browsers do.
std::string PercentDecode(std::string_view s, bool plus_as_space);

// "a=1&b=x+y&a=2" → {a:1, a:2, b:"x y"}. Empty keys are skipped; a key without '=' has "".
Params ParseQueryString(std::string_view query);

// Splits a request target into its decoded path and its raw query (without '?').
struct Target {
  std::string path;
  std::string query;
};
Target SplitTarget(std::string_view target);

// The `boundary` parameter of a multipart/form-data Content-Type, or nullopt.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Parses a multipart/form-data body (RFC 7578). kInvalidArgument when it is malformed: no
// closing boundary, a part without a Content-Disposition name, or more than `max_parts` parts.
Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                             std::size_t max_parts = 100);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view cookie_header, std::string_view name);

// A redirect target taken from a request (e.g. /login?next=…) when it stays on this site once a
// browser has parsed it: a path that starts with one '/', after the URL parser's own rules
// (tabs, CR and LF removed, '\' read as '/'), is not "//host" or "/\host", and holds no
// control characters. Anything else gives nullopt.
std::optional<std::string> SafeLocalPath(std::string_view next);

}  // namespace proven::web

namespace proven::web {

// Matches a path against a route pattern of '/'-separated segments: a literal, `{id}` (1 to 18
// digits), `{token}` (16 to 128 characters of base64url: an opaque secret), `{date}` (the shape
// YYYY-MM-DD), `{vuln}` (a vulnerability id: 3 to 64 of A-Z a-z 0-9 - _ . :) or `{name:a|b|c}` (one
// of the listed words). On a match, `params` gets the value of
// each placeholder in order. Linear in the path; no regular expressions.
bool MatchRoute(std::string_view pattern, std::string_view path, std::vector<std::string>& params);

// The pattern with each placeholder replaced by an example value (`{id}` → 1, `{token}` → a
// token-shaped word, `{date}` → 2026-04-01, `{a:x|y}` → x).
std::string ExamplePath(std::string_view pattern);

}  // namespace proven::web
