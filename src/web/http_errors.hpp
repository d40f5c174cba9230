#pragma once
// The one place where error codes become HTTP statuses and JSON error bodies.
#include <string>

#include "core/result.hpp"

namespace proven::web {

int HttpStatusFor(ErrorCode code);

// {"error": {"code": "invalid_argument", "message": "...", "parameter": "per_page"}}
std::string ErrorJson(const Error& e);

}  // namespace proven::web
