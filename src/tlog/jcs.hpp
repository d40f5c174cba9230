#pragma once
// RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of
// their names, no whitespace, strings with only the escapes JSON requires (\" \\ \b \f \n \r \t
// and \u00xx for other controls; everything else as UTF-8), numbers as ECMAScript prints them.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace proven::tlog {

// kInvalidArgument for NaN or infinite numbers and for strings that are not UTF-8.
Result<std::string> Canonical(const nlohmann::json& value);
Result<std::string> Canonical(const nlohmann::ordered_json& value);

}  // namespace proven::tlog
