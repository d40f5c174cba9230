// Sign-in, sign-out, password change, and the admin's users and audit pages.
#include <fmt/core.h>

#include "core/json_writer.hpp"
#include "core/text.hpp"
#include "store/audit_log.hpp"
#include "web/app.hpp"
#include "services/query_params.hpp"
#include "web/http_errors.hpp"
#include "web/http_parse.hpp"

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
    d.set("error", ErrorText(lang, st.error()));
    return SendPage(app, req, res, lang, "password", d, Message(lang, "change_password"), "",
                    HttpStatusFor(st.error().code), &auth);
  }
  // Every session ended with the change: sign in again.
  SetCookie(res, kSessionCookie, "", {app.secure_cookies, 0});
  Redirect(res, "/login");
}

namespace {

// The users page with a message the server chose (never text from the URL).
void RenderAdminUsers(AppContext& app, const Auth& auth, const Request& req, Response& res,
                      std::string_view notice_key, const std::string& error, int status);

}  // namespace

void HandleAdminUsersPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  // Only the codes of this server's own redirects; any other value shows nothing.
  const std::string done = req.get_param_value("done");
  std::string_view notice_key;
  if (done == "added") notice_key = "user_added";
  if (done == "disabled") notice_key = "user_disabled";
  if (done == "org_added") notice_key = "organisation_added";
  RenderAdminUsers(app, auth, req, res, notice_key, "", 200);
}

namespace {

void RenderAdminUsers(AppContext& app, const Auth& auth, const Request& req, Response& res,
                      std::string_view notice_key, const std::string& error, int status) {
  const Lang lang = ResolveLang(req, res);
  auto users = app.accounts.ListUsers(*auth.actor);
  if (!users) return RespondError(app, req, res, users.error());
  mst::data d;
  d.set("csrf", auth.csrf);
  mst::data list{mst::data::type::list};
  for (const auto& u : *users) {
    std::vector<std::string> roles;
    for (auto r : u.roles) roles.push_back(RoleLabel(r, lang));
    mst::data row;
    row.set("id", std::to_string(u.id));
    row.set("email", u.email);
    row.set("roles", Join(roles, ", "));
    row.set("organisation", u.organisation);
    row.set("state", Message(lang, u.disabled ? "disabled" : "active"));
    row.set("disabled", u.disabled);
    row.set("csrf", auth.csrf);
    list.push_back(row);
  }
  d.set("users", list);
  mst::data roles{mst::data::type::list};
  for (auto r : domain::kRoles) {
    mst::data o;
    o.set("value", std::string(domain::RoleCode(r)));
    o.set("label", RoleLabel(r, lang));
    roles.push_back(o);
  }
  d.set("role_options", roles);
  mst::data orgs{mst::data::type::list};
  if (auto all = app.accounts.ListOrganisations(*auth.actor)) {
    for (const auto& o : *all) {
      mst::data x;
      x.set("name", o.name);
      x.set("kind", OrgKindLabel(o.kind, lang));
      orgs.push_back(x);
    }
  }
  d.set("organisations", orgs);
  mst::data kinds{mst::data::type::list};
  for (auto k : domain::kOrgKinds) {
    mst::data x;
    x.set("value", std::string(domain::OrgKindCode(k)));
    x.set("label", OrgKindLabel(k, lang));
    kinds.push_back(x);
  }
  d.set("org_kinds", kinds);
  if (!notice_key.empty()) d.set("notice", Message(lang, notice_key));
  if (!error.empty()) d.set("error", error);
  SendPage(app, req, res, lang, "admin_users", d, Message(lang, "admin_users"), "", status, &auth);
}

// The page names the organisation's form field "name": its own label ("field.account.name").
void UsersError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  RenderAdminUsers(app, auth, req, res, "", ErrorText(ResolveLang(req, res), e, "account"), HttpStatusFor(e.code));
}

}  // namespace

void HandleAdminUserCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  std::vector<domain::Role> roles;
  for (auto [b, e] = req.form.equal_range("role"); b != e; ++b) {
    if (auto r = domain::RoleFromCode(b->second)) roles.push_back(*r);
  }
  auto id = app.accounts.AddUser(*auth.actor, FormValue(req, "email"), FormValue(req, "password"), roles,
                                 std::string(Trim(FormValue(req, "org"))));
  if (!id) return UsersError(app, auth, req, res, id.error());
  Redirect(res, "/admin/users?done=added");
}

void HandleAdminOrganisationCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string name(Trim(FormValue(req, "name")));
  auto kind = domain::OrgKindFromCode(FormValue(req, "kind"));
  if (name.empty() || !kind) {
    return UsersError(app, auth, req, res,
                      MakeError(Reason{"error.organisation.name_and_kind", {}}, ErrorCode::kInvalidArgument,
                                "give a name and a kind"));
  }
  if (auto org = app.accounts.AddOrganisation(*auth.actor, name, *kind); !org) {
    return UsersError(app, auth, req, res, org.error());
  }
  Redirect(res, "/admin/users?done=org_added");
}

void HandleAdminUserDisable(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.accounts.DisableUser(*auth.actor, PathId(req)); !st) {
    return UsersError(app, auth, req, res, st.error());
  }
  Redirect(res, "/admin/users?done=disabled");
}

void HandleAdminAuditPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  std::int64_t before = std::numeric_limits<std::int64_t>::max();
  if (req.has_param("before")) {
    try {
      before = std::stoll(req.get_param_value("before"));
    } catch (const std::exception&) {
    }
  }
  auto page = app.accounts.Audit(*auth.actor, before, 50);
  auto check = app.accounts.VerifyAudit(*auth.actor);
  if (!page) return RespondError(app, req, res, page.error());
  if (!check) return RespondError(app, req, res, check.error());
  mst::data d;
  d.set("intact", check->problems.empty());
  std::string status = check->problems.empty()
                           ? Message(lang, "audit_intact") + " (" + std::to_string(check->entries) + ")"
                           : Message(lang, "audit_broken");
  std::vector<std::string> problems;
  for (const auto& p : check->problems) problems.push_back(Message(lang, p.reason.key, p.reason.args));
  status += Join(problems, " ");
  d.set("status", status);
  mst::data entries{mst::data::type::list};
  for (const auto& e : *page) {
    mst::data row;
    row.set("seq", std::to_string(e.seq));
    row.set("at", e.at);
    row.set("actor", e.actor);
    row.set("action", CodeLabel(lang, "audit", e.action));
    row.set("action_code", e.action);
    row.set("entity", e.entity);
    row.set("before", Ellipsize(e.before, 300));
    if (!e.after.empty()) row.set("after", Ellipsize(e.after, 300));
    entries.push_back(row);
  }
  d.set("entries", entries);
  if (page->size() == 50) d.set("older_url", "/admin/audit?before=" + std::to_string(page->back().seq));
  SendPage(app, req, res, lang, "admin_audit", d, Message(lang, "audit_log"), "", 200, &auth);
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
