#pragma once
// Placements (issue 14, ADR 0017 "Corpus and plan"): where a payload goes in a request, the carrier
// escaping the application undoes there, and the exact request bytes. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "waf/model.hpp"

namespace proven::waf {

// Every built request (all placements but raw_request) is exactly:
//   <METHOD> {{proven:base}}/<target> HTTP/1.1\r\n
//   Host: {{proven:host}}\r\n
//   User-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n   (unless the placement is user_agent)
//   Accept: */*\r\n
//   [Content-Type: …\r\nContent-Length: <n>\r\n]              (body placements, POST)
//   [the placement's header]
//   \r\n
//   [body]
// Materialise (plan.hpp) adds X-Proven-Test-Id right after the request line.
inline constexpr std::string_view kUserAgent = "Mozilla/5.0 (compatible; proven-waf/1)";
// Longest value in a request-line or header placement: nginx's default header buffers are 8 KiB.
inline constexpr std::size_t kMaxLineValue = 7 * 1024;

// What a placement needs beyond the (encoded) value.
struct PlacementInput {
  Placement placement = Placement::kQuery;
  Encoder encoder = Encoder::kPlain;  // percent-family encoders replace the percent carrier
  std::string value;                  // the encoded payload
  std::string name;                   // parameter / cookie / JSON key / custom header suffix ([a-z0-9], no "_")
  std::string boundary_token;         // multipart: 16 lowercase hex digits
  std::string named_header;           // header_named: X-Forwarded-For, Accept-Language or X-Requested-With
  std::string content_type;           // raw_body (default text/plain)
  bool verbatim = false;              // path with plain: the value is already percent-encoded
};

// Why a value cannot be placed (CR/LF/NUL in a header, too long for a line, invalid UTF-8 in JSON or
// XML, a multipart value containing the boundary), or nullopt.
std::optional<std::string> Unrepresentable(const PlacementInput& in);

// The request bytes (markers {{proven:base}}, {{proven:host}}); the caller checked Unrepresentable.
std::string BuildRequest(const PlacementInput& in);

// The carriers, exposed for tests: the escaping each placement applies to a non-percent-family value.
std::string QueryCarrier(std::string_view v);    // bytes outside unreserved, sub-delims but & = + ; # and : @ / ? as %XX
std::string PathCarrier(std::string_view v);     // bytes outside unreserved, sub-delims and : @ as %XX ("/" too)
std::string VerbatimPath(std::string_view v);    // only controls, space, DEL, non-ASCII, "#" and "?" as %XX
std::string FormCarrier(std::string_view v);     // application/x-www-form-urlencoded: alnum * - . _ kept, space +
std::string CookieCarrier(std::string_view v);   // ; , space % " and controls as %XX
std::string JsonString(std::string_view v);      // JSON string escaping (" \ and controls), no quotes
std::string XmlEscape(std::string_view v, bool attribute);  // & < > (and " in attributes)
bool ValidUtf8(std::string_view v);

}  // namespace proven::waf
