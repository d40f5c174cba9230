#pragma once
// The one HTTP client (cpp-httplib's, kept inside src/web like the rest of HTTP): a GET that
// answers the body of a 200 or an error value naming the URL and what went wrong. The log
// monitor (`proven log monitor`) fetches checkpoints and proofs with it.
#include <string>

#include "core/result.hpp"

namespace proven::web {

// `origin` is scheme://host[:port] (http or https), `target` the path and query. kUnavailable
// when the server cannot be reached or answers anything but 200 (with the start of its body).
Result<std::string> HttpGet(const std::string& origin, const std::string& target);

}  // namespace proven::web
