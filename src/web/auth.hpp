#pragma once
// Who is asking: a session cookie (browser) or a Bearer API token, and the CSRF rules. Forms
// and cookie-authenticated API calls that change state must carry the synchroniser token (form
// field `csrf` or header `X-CSRF-Token`); before sign-in, forms carry a double-submit token
// from the `proven_csrf` cookie. Bearer-token calls need none.
#include <optional>
#include <string>

#include "web/http.hpp"

#include "domain/auth.hpp"

namespace proven::web {

struct AppContext;

struct Auth {
  std::optional<domain::Actor> actor;
  std::string csrf;        // what this client's forms must carry
  bool via_token = false;  // Authorization: Bearer
  std::string session_id;  // raw id, when signed in with a session
  std::string error;       // why a presented credential was refused (expired session, bad token)
  // Set when the credentials could not be checked at all (the database is away): the request
  // answers 503, never 401.
  std::optional<Error> unavailable;
};

inline constexpr const char* kSessionCookie = "proven_session";
inline constexpr const char* kPreSessionCookie = "proven_csrf";

// Resolves the credentials; sets the pre-session CSRF cookie on the response when needed.
Auth ResolveAuth(AppContext& app, const Request& req, Response& res);
// The token a state-changing request carries matches the client's.
bool CsrfOk(const Auth& auth, const Request& req);
// A form field (url-encoded or multipart).
std::string FormValue(const Request& req, const std::string& name);

}  // namespace proven::web
