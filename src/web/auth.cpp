#include "web/auth.hpp"

#include "core/crypto.hpp"
#include "web/app.hpp"
#include "web/http_parse.hpp"

namespace proven::web {

std::string FormValue(const Request& req, const std::string& name) {
  // From the body only, never the query string: a token in a URL ends up in logs and history.
  auto it = req.form.find(name);
  return it == req.form.end() ? std::string() : it->second;
}

Auth ResolveAuth(AppContext& app, const Request& req, Response& res) {
  Auth auth;
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.starts_with("Bearer ")) {
    auto actor = app.accounts.ResolveToken(authorization.substr(7));
    if (actor) {
      auth.actor = *actor;
      auth.via_token = true;
    } else {
      auth.error = actor.error().message;
      if (actor.error().code == ErrorCode::kUnavailable) auth.unavailable = actor.error();
    }
    return auth;
  }
  if (const std::string sid = CookieValue(req, kSessionCookie); !sid.empty()) {
    auto session = app.accounts.Resume(sid);
    if (session) {
      auth.actor = session->actor;
      auth.csrf = session->csrf;
      auth.session_id = sid;
      return auth;
    }
    auth.error = session.error().message;
    if (session.error().code == ErrorCode::kUnavailable) {
      auth.unavailable = session.error();
      return auth;
    }
  }
  auth.csrf = CookieValue(req, kPreSessionCookie);
  if (auth.csrf.size() < 32) {
    auth.csrf = RandomToken(32);
    SetCookie(res, kPreSessionCookie, auth.csrf, {app.secure_cookies});
  }
  return auth;
}

bool CsrfOk(const Auth& auth, const Request& req) {
  if (auth.via_token) return true;
  std::string presented = req.get_header_value("X-CSRF-Token");
  if (presented.empty()) presented = FormValue(req, "csrf");
  if (presented.empty() || auth.csrf.empty()) return false;
  // Before sign-in the token must also be the one in the client's own cookie (double submit).
  if (!auth.actor && !SecretsEqual(CookieValue(req, kPreSessionCookie), presented)) return false;
  return SecretsEqual(auth.csrf, presented);
}

}  // namespace proven::web
