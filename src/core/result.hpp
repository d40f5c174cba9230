#pragma once
// Errors as values. Every expected failure in Proven is a Result<T>; the web layer maps
// ErrorCode to HTTP in exactly one function (web/http_errors.cpp).
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace proven {

enum class ErrorCode {
  kInvalidArgument,     // the caller sent something malformed or out of range
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a create clashed with an existing thing
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // no or bad credentials
  kFailedPrecondition,  // the system is not in a state that allows this (e.g. pending migrations)
  kResourceExhausted,   // a limit was hit
  kUnavailable,         // a dependency is temporarily not there (database locked, ...)
  kInternal,            // a bug or an unexpected environment failure
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe to show to the client
  std::string detail;   // for the log only (paths, SQL, library messages)
  std::string field;    // the parameter or field the error is about, if any
};

inline Error MakeError(ErrorCode code, std::string message, std::string detail = {},
                       std::string field = {}) {
  return Error{code, std::move(message), std::move(detail), std::move(field)};
}

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string detail = {},
                                  std::string field = {}) {
  return tl::unexpected<Error>(MakeError(code, std::move(message), std::move(detail),
                                         std::move(field)));
}
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace proven
