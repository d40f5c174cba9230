#pragma once
// Hand-built plans for the WAF suite's self-tests and integration test (until the corpus compiler's
// plans are used): a few requests with known expectations.
#include <fmt/core.h>

#include <string>

#include "waf/model.hpp"

namespace proven::waf::testing {

inline std::string Id(int n) { return fmt::format("{:016x}", 0xa11ce00000000000ULL + static_cast<unsigned>(n)); }

inline CompiledRequest Request(int n, std::string category, Expect expect, std::string tmpl, bool dedicated = false) {
  CompiledRequest r;
  r.id = Id(n);
  r.case_id = "test/" + std::to_string(n);
  r.source = "proven";
  r.category = std::move(category);
  r.expect = expect;
  r.tmpl = std::move(tmpl);
  r.dedicated_connection = dedicated;
  r.preview = r.tmpl.substr(0, 60);
  return r;
}

inline std::string Get(const std::string& query) {
  return "GET {{proven:base}}/?" + query +
         " HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\nAccept: */*\r\n\r\n";
}

inline std::string Post(const std::string& content_type, const std::string& body) {
  return "POST {{proven:base}}/ HTTP/1.1\r\nHost: {{proven:host}}\r\nUser-Agent: Mozilla/5.0 (compatible; proven-waf/1)\r\n"
         "Accept: */*\r\nContent-Type: " +
         content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace proven::waf::testing
