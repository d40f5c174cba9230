// Sign-in, sign-out, password change, and the admin's users and audit pages.
#include <fmt/core.h>

#include "core/json_writer.hpp"
#include "core/text.hpp"
#include "store/audit_log.hpp"
#include "web/app.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/http_parse.hpp"
#include "web/admin_pages.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

// Only local paths: never an open redirect.
// Where to go after sign-in: a path on this site as the browser will read it, else home.
std::string SafeNext(const std::string& next) { return SafeLocalPath(next).value_or("/"); }

void Redirect(Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

// `error`, when given, is shown from the catalogue in the page's language (never its message).
void RenderLogin(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error* error,
                 int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("next", SafeNext(FormValue(req, "next").empty() ? req.get_param_value("next") : FormValue(req, "next")));
  d.set("email", FormValue(req, "email"));
  if (error) d.set("error", ErrorText(lang, *error));
  SendPage(app, req, res, lang, "login", d, Message(lang, "sign_in"), "", status, &auth);
}

}  // namespace

void HandleLoginPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auth.actor) return Redirect(res, SafeNext(req.get_param_value("next")));
  RenderLogin(app, auth, req, res, nullptr, 200);
}

void HandleLogin(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string address = req.remote_addr;
  auto session = app.accounts.SignIn(FormValue(req, "email"), FormValue(req, "password"), address);
  if (!session) {
    // 401 wrong credentials, 429 throttled, 400 an overlong input, 503 the database stayed busy.
    const ErrorCode code = session.error().code;
    if (code == ErrorCode::kResourceExhausted) {
      res.set_header("Retry-After", std::to_string(services::LoginThrottle::RetryAfter(session.error())));
    } else if (const int retry = RetryAfterSecondsFor(code); retry > 0) {
      res.set_header("Retry-After", std::to_string(retry));
    }
    return RenderLogin(app, auth, req, res, &session.error(), HttpStatusFor(code));
  }
  // A new session id on every sign-in; the pre-session token is spent.
  SetCookie(res, kSessionCookie, session->id, {app.secure_cookies});
  SetCookie(res, kPreSessionCookie, "", {app.secure_cookies, 0});
  const std::string next = SafeNext(FormValue(req, "next"));
  Redirect(res, next == "/" && domain::Authorize(session->actor, domain::Action::kViewRegistrarPages) ? "/registrar" : next);
}

void HandleLogout(AppContext& app, const Auth& auth, const Request&, Response& res) {
  if (!auth.session_id.empty()) (void)app.accounts.SignOut(auth.session_id);
  SetCookie(res, kSessionCookie, "", {app.secure_cookies, 0});
  Redirect(res, "/");
}

void HandlePasswordPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("csrf", auth.csrf);
  SendPage(app, req, res, lang, "password", d, Message(lang, "change_password"), "", 200, &auth);
}

void HandlePasswordChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto st = app.accounts.ChangePassword(*auth.actor, FormValue(req, "current_password"), FormValue(req, "new_password"));
  if (!st) {
    mst::data d;
    d.set("csrf", auth.csrf);
    const FormErrors errors = FormErrorsOf(lang, st.error());
    d.set("error", errors.summary);
    for (const auto& [field, texts] : errors.by_field) {
      if (!field.empty()) d.set("error_" + field, Join(texts, " "));
    }
    return SendPage(app, req, res, lang, "password", d, Message(lang, "change_password"), "",
                    HttpStatusFor(st.error().code), &auth);
  }
  // Every session ended with the change: sign in again.
  SetCookie(res, kSessionCookie, "", {app.secure_cookies, 0});
  Redirect(res, "/login");
}

namespace {

// The reset page: the form while the link can be used, else why it cannot (404 unknown, 410 used
// or expired). Never cached, and the token leaves through no Referer.
void RenderReset(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                 int status) {
  const Lang lang = ResolveLang(req, res);
  const std::string token(PathParam(req, 1));
  mst::data d;
  auto user = app.accounts.CheckPasswordReset(token);
  if (!user && user.error().code != ErrorCode::kNotFound && user.error().code != ErrorCode::kFailedPrecondition) {
    return RespondError(app, req, res, user.error());
  }
  if (!user) {
    d.set("unusable", ErrorText(lang, user.error()));
    status = user.error().code == ErrorCode::kNotFound ? 404 : 410;
  } else {
    d.set("csrf", auth.csrf);
    d.set("token", token);
    d.set("lead", Message(lang, "password_reset_for", {{"email", user->email}}));
    if (errors) {
      d.set("error", errors->summary);
      auto it = errors->by_field.find("new_password");
      if (it != errors->by_field.end()) d.set("error_new_password", Join(it->second, " "));
    }
  }
  SendPage(app, req, res, lang, "password_reset", d, Message(lang, "password_reset_page_title"), "", status, &auth);
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace

void HandlePasswordResetPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderReset(app, auth, req, res, nullptr, 200);
}

void HandlePasswordReset(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto st = app.accounts.CompletePasswordReset(std::string(PathParam(req, 1)), FormValue(req, "new_password"));
  if (!st) {
    if (st.error().code == ErrorCode::kInvalidArgument) {
      const FormErrors errors = FormErrorsOf(lang, st.error());
      return RenderReset(app, auth, req, res, &errors, 400);
    }
    return RenderReset(app, auth, req, res, nullptr, 200);
  }
  mst::data d;
  d.set("done", Message(lang, "password_reset_done"));
  // Signed in as someone on this browser: that session ended if it was the same account.
  SendPage(app, req, res, lang, "password_reset", d, Message(lang, "password_reset_page_title"), "", 200, &auth);
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
}

void HandleApiMe(AppContext&, const Auth& auth, const Request&, Response& res) {
  std::string body;
  JsonWriter w(body);
  w.BeginObject();
  w.Key("id").Int(auth.actor->user_id);
  w.Key("email").String(auth.actor->email);
  w.Key("organisation").String(auth.actor->organisation);
  w.Key("roles").BeginArray();
  for (auto r : auth.actor->roles) w.String(domain::RoleCode(r));
  w.EndArray();
  if (!auth.via_token) w.Key("csrf_token").String(auth.csrf);
  w.EndObject();
  SetJson(res, 200, body);
}

}  // namespace proven::web
