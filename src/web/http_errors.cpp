#include "web/http_errors.hpp"

#include <nlohmann/json.hpp>

namespace proven::web {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

int RetryAfterSecondsFor(ErrorCode code) {
  return code == ErrorCode::kUnavailable ? kUnavailableRetryAfterSeconds : 0;
}

std::string ErrorJson(const Error& e) {
  nlohmann::ordered_json body;
  body["error"]["code"] = ErrorCodeName(e.code);
  // Internal errors never show their text: it may hold paths or SQL.
  body["error"]["message"] = e.code == ErrorCode::kInternal ? "internal error" : e.message;
  if (!e.field.empty()) body["error"]["parameter"] = e.field;
  // The catalogue key of the reason (docs/i18n.md), for clients that show their own texts.
  if (e.code != ErrorCode::kInternal && !e.reason.key.empty()) body["error"]["key"] = e.reason.key;
  if (e.code != ErrorCode::kInternal && e.problems.size() > 1) {
    auto& problems = body["error"]["problems"];
    problems = nlohmann::ordered_json::array();
    for (const auto& p : e.problems) {
      nlohmann::ordered_json one;
      one["parameter"] = p.field;
      one["message"] = p.message;
      if (!p.reason.key.empty()) one["key"] = p.reason.key;
      problems.push_back(std::move(one));
    }
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace proven::web
