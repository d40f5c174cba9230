#pragma once
// The one place where error codes become HTTP statuses and JSON error bodies.
#include <string>

#include "core/result.hpp"

namespace proven::web {

int HttpStatusFor(ErrorCode code);

// The Retry-After header (seconds) that goes with an error, or 0 for none: kUnavailable (the
// database stayed locked by another writer beyond the busy timeout) answers 503 with one.
inline constexpr int kUnavailableRetryAfterSeconds = 5;
int RetryAfterSecondsFor(ErrorCode code);

// {"error": {"code": "invalid_argument", "message": "...", "parameter": "per_page", "key": "error.…",
//  "problems": [{"parameter": "type", "message": "...", "key": "error.type.unknown"}, ...]}}; `key` when
// the error has a catalogue reason, `problems` when it stands for several (docs/api.md).
std::string ErrorJson(const Error& e);

}  // namespace proven::web
