#pragma once
// The system under test, from the URL a verifier gives (`--target`). Only plain http:// is accepted:
// the suite writes exact request bytes on raw TCP connections (docs/adr/0017).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "waf/model.hpp"

namespace proven::waf {

// Parses `http://host[:port][/base]` into a Target and resolves the host to decide whether it is on
// this machine (Target::loopback: every address in 127.0.0.0/8 or ::1). Errors name the part that is
// wrong ("scheme", "host", "port", "path") in Error::field; a host that does not resolve is an error.
Result<Target> ParseTarget(std::string_view url);

// The same without name resolution (loopback stays false): for reports read back and for tests.
Result<Target> ParseTargetSyntax(std::string_view url);

// True when every address `host` resolves to is a loopback address; an error when it does not resolve.
Result<bool> ResolvesToLoopbackOnly(const std::string& host, const std::string& port);

// True for a literal loopback address ("127.0.0.1", "::1", "[::1]" with brackets stripped).
bool IsLoopbackAddress(std::string_view address);

}  // namespace proven::waf
