#pragma once
// Errors as values. Every expected failure in Proven is a Result<T>; the web layer maps
// ErrorCode to HTTP in exactly one function (web/http_errors.cpp).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The named values of a catalogue message, e.g. {{"max", "2,048"}}: numbers, dates, ids and text
// quoted from the input, never words of a language.
using MessageArgs = std::vector<std::pair<std::string, std::string>>;

// What a person reads about a failure, in either language: a key of the message catalogue
// (web/catalogue.cpp, docs/i18n.md) such as "error.text.too_long" and its placeholders' values.
// An empty key means "no particular reason": pages show the generic text of the error's code.
struct Reason {
  std::string key;
  MessageArgs args;
};

// One of several problems an error stands for (e.g. one per field of a form), with the same
// three views: the English message, the field, and the catalogue reason.
struct Problem {
  std::string field;
  std::string message;
  Reason reason;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe to show to the client: English, for the API, the CLI and logs
  std::string detail;   // for the log only (paths, SQL, library messages)
  std::string field;    // the parameter or field the error is about, if any
  Reason reason;        // what pages show, from the catalogue in the page's language
  std::vector<Problem> problems;  // every problem when there are several (the message joins them)
};

inline Error MakeError(ErrorCode code, std::string message, std::string detail = {},
                       std::string field = {}) {
  return Error{code, std::move(message), std::move(detail), std::move(field), {}, {}};
}
// The same with the catalogue reason people read.
inline Error MakeError(Reason reason, ErrorCode code, std::string message, std::string detail = {},
                       std::string field = {}) {
  return Error{code, std::move(message), std::move(detail), std::move(field), std::move(reason), {}};
}

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string detail = {},
                                  std::string field = {}) {
  return tl::unexpected<Error>(MakeError(code, std::move(message), std::move(detail),
                                         std::move(field)));
}
inline tl::unexpected<Error> Fail(Reason reason, ErrorCode code, std::string message,
                                  std::string detail = {}, std::string field = {}) {
  return tl::unexpected<Error>(MakeError(std::move(reason), code, std::move(message), std::move(detail),
                                         std::move(field)));
}
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace proven
