// The admin's users and organisations pages: the list, one user's page (roles and organisation,
// enable/disable, a password reset link), adding a user (in an organisation chosen from a list)
// and adding an organisation (its own form, never from a typo).
#include <algorithm>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/core.h>

#include "core/text.hpp"
#include "web/admin_pages.hpp"
#include "web/app.hpp"
#include "web/http_errors.hpp"
#include "web/http_parse.hpp"
#include "web/mail_texts.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr std::string_view kScope = "account";

std::string FieldError(const FormErrors* errors, std::string_view field) {
  if (!errors) return {};
  auto it = errors->by_field.find(std::string(field));
  return it == errors->by_field.end() ? std::string() : Join(it->second, " ");
}

// Sets error_<field> for each field named.
void SetFieldErrors(mst::data& d, const FormErrors* errors, std::initializer_list<std::string_view> fields) {
  for (auto f : fields) {
    if (const std::string e = FieldError(errors, f); !e.empty()) d.set("error_" + std::string(f), e);
  }
}

void SetSummary(mst::data& d, const FormErrors* errors) {
  if (!errors) return;
  d.set("error", errors->summary);
  mst::data list{mst::data::type::list};
  for (const auto& line : errors->list) list.push_back(mst::data(line));
  d.set("error_list", list);
  d.set("has_error_list", !errors->list.empty());
}

// The roles posted ("role" checkboxes), unknown codes ignored.
std::vector<domain::Role> PostedRoles(const Request& req) {
  std::vector<domain::Role> roles;
  for (auto [b, e] = req.form.equal_range("role"); b != e; ++b) {
    if (auto r = domain::RoleFromCode(b->second)) roles.push_back(*r);
  }
  return roles;
}

// The organisation posted: nullopt for "none" (empty); -1 for a value that is no id, which the
// service then refuses naming org_id.
std::optional<std::int64_t> PostedOrgId(const Request& req) {
  const std::string v(Trim(FormValue(req, "org_id")));
  if (v.empty()) return std::nullopt;
  if (v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(v);
}

// What was typed, to show again: not a value over the field's limit (the page does not echo megabytes).
std::string Kept(const std::string& value, std::size_t max) { return value.size() <= max ? value : std::string(); }

mst::data RoleOptions(Lang lang, const std::vector<domain::Role>& checked) {
  mst::data roles{mst::data::type::list};
  for (auto r : domain::kRoles) {
    mst::data o;
    o.set("value", std::string(domain::RoleCode(r)));
    o.set("label", RoleLabel(r, lang));
    o.set("checked", std::find(checked.begin(), checked.end(), r) != checked.end());
    roles.push_back(o);
  }
  return roles;
}

// <optgroup> per organisation kind, the chosen one selected.
mst::data OrgGroups(Lang lang, const std::vector<store::Organisation>& orgs, std::optional<std::int64_t> selected) {
  mst::data groups{mst::data::type::list};
  for (auto k : domain::kOrgKinds) {
    mst::data options{mst::data::type::list};
    bool any = false;
    for (const auto& o : orgs) {
      if (o.kind != k) continue;
      mst::data x;
      x.set("id", std::to_string(o.id));
      x.set("name", o.name);
      x.set("selected", selected && *selected == o.id);
      options.push_back(x);
      any = true;
    }
    if (!any) continue;
    mst::data g;
    g.set("label", OrgKindLabel(k, lang));
    g.set("options", options);
    groups.push_back(g);
  }
  return groups;
}

std::string UnixIso(std::int64_t t) {
  return fmt::format("{:%FT%TZ}", std::chrono::sys_seconds(std::chrono::seconds(t)));
}

// The users page; on a failed add, the form keeps what was typed (not the password) and shows
// each problem by its field.
void RenderAdminUsers(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                      int status) {
  const Lang lang = ResolveLang(req, res);
  auto users = app.accounts.ListUsers(*auth.actor);
  if (!users) return RespondError(app, req, res, users.error());
  auto orgs = app.accounts.ListOrganisations(*auth.actor);
  if (!orgs) return RespondError(app, req, res, orgs.error());
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
  const bool failed = errors != nullptr;
  d.set("role_options", RoleOptions(lang, failed ? PostedRoles(req) : std::vector<domain::Role>{}));
  const auto org_id = failed ? PostedOrgId(req) : std::nullopt;
  d.set("org_groups", OrgGroups(lang, *orgs, org_id));
  d.set("no_org", !org_id.has_value());
  if (failed) d.set("email", Kept(FormValue(req, "email"), services::kMaxEmailBytes));
  SetSummary(d, errors);
  SetFieldErrors(d, errors, {"email", "password", "role", "org_id"});
  if (const std::string notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "admin_users", d, Message(lang, "admin_users"), "", status, &auth);
}

void RenderOrganisations(AppContext& app, const Auth& auth, const Request& req, Response& res, const FormErrors* errors,
                         int status) {
  const Lang lang = ResolveLang(req, res);
  auto orgs = app.accounts.ListOrganisations(*auth.actor);
  if (!orgs) return RespondError(app, req, res, orgs.error());
  auto users = app.accounts.ListUsers(*auth.actor);
  if (!users) return RespondError(app, req, res, users.error());
  mst::data d;
  d.set("csrf", auth.csrf);
  mst::data list{mst::data::type::list};
  for (const auto& o : *orgs) {
    std::size_t n = 0;
    for (const auto& u : *users) n += u.organisation_id == o.id;
    mst::data x;
    x.set("id", std::to_string(o.id));
    x.set("name", o.name);
    x.set("kind", OrgKindLabel(o.kind, lang));
    x.set("users", std::to_string(n));
    list.push_back(x);
  }
  d.set("organisations", list);
  const std::string kind = errors ? FormValue(req, "kind") : std::string();
  mst::data kinds{mst::data::type::list};
  for (auto k : domain::kOrgKinds) {
    mst::data x;
    x.set("value", std::string(domain::OrgKindCode(k)));
    x.set("label", OrgKindLabel(k, lang));
    x.set("selected", kind == domain::OrgKindCode(k));
    kinds.push_back(x);
  }
  d.set("org_kinds", kinds);
  if (errors) d.set("name", Kept(FormValue(req, "name"), services::kMaxNameBytes));
  SetSummary(d, errors);
  SetFieldErrors(d, errors, {"name", "kind"});
  if (const std::string notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "admin_organisations", d, Message(lang, "organisations_title"), "", status, &auth);
}

// One user's page; `errors` for a failed change of roles (the posted roles and organisation kept).
void RenderAdminUser(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t id,
                     const FormErrors* errors, int status) {
  const Lang lang = ResolveLang(req, res);
  if (auto st = domain::Authorize(*auth.actor, domain::Action::kManageUsers); !st) {
    return ErrorPage(app, &auth, req, res, st.error());
  }
  auto user = app.accounts.FindUser(id);
  if (!user) return RespondError(app, req, res, user.error());
  if (!*user) return RenderErrorPage(app, req, res, 404);
  auto orgs = app.accounts.ListOrganisations(*auth.actor);
  if (!orgs) return RespondError(app, req, res, orgs.error());
  const auto& u = **user;
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("id", std::to_string(u.id));
  d.set("email", u.email);
  d.set("disabled", u.disabled);
  d.set("state", Message(lang, u.disabled ? "disabled" : "active"));
  std::vector<std::string> role_labels;
  for (auto r : u.roles) role_labels.push_back(RoleLabel(r, lang));
  d.set("roles", Join(role_labels, ", "));
  d.set("organisation", u.organisation);
  const bool failed = errors != nullptr;
  d.set("role_options", RoleOptions(lang, failed ? PostedRoles(req) : u.roles));
  const auto org_id = failed ? PostedOrgId(req) : u.organisation_id;
  d.set("org_groups", OrgGroups(lang, *orgs, org_id));
  d.set("no_org", !org_id.has_value());
  d.set("audit_url", UrlWith("/admin/audit", {{"entity", "user:" + std::to_string(u.id)}}));
  SetSummary(d, errors);
  SetFieldErrors(d, errors, {"role", "org_id"});
  if (const std::string notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "admin_user", d, Message(lang, "user_page_title", {{"email", u.email}}), "", status,
           &auth);
}

std::string UserPath(std::int64_t id) { return "/admin/users/" + std::to_string(id); }

// A refused action on one user's page: that page with the error (404 for no such user).
void UserError(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t id, const Error& e) {
  if (HttpStatusFor(e.code) == 404 || HttpStatusFor(e.code) >= 500 || e.code == ErrorCode::kPermissionDenied) {
    return ErrorPage(app, &auth, req, res, e, kScope);
  }
  const Lang lang = ResolveLang(req, res);
  const FormErrors errors = FormErrorsOf(lang, e, kScope);
  RenderAdminUser(app, auth, req, res, id, &errors, HttpStatusFor(e.code));
}

}  // namespace

void HandleAdminUsersPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderAdminUsers(app, auth, req, res, nullptr, 200);
}

void HandleAdminUserCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto id = app.accounts.AddUserInOrganisation(*auth.actor, FormValue(req, "email"), FormValue(req, "password"),
                                               PostedRoles(req), PostedOrgId(req));
  if (!id) {
    if (HttpStatusFor(id.error().code) >= 500 || id.error().code == ErrorCode::kPermissionDenied) {
      return ErrorPage(app, &auth, req, res, id.error(), kScope);
    }
    const FormErrors errors = FormErrorsOf(ResolveLang(req, res), id.error(), kScope);
    return RenderAdminUsers(app, auth, req, res, &errors, HttpStatusFor(id.error().code));
  }
  RedirectWithNotice(app, auth, res, UserPath(*id), "user_added");
}

void HandleAdminOrganisationsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderOrganisations(app, auth, req, res, nullptr, 200);
}

void HandleAdminOrganisationCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string name(Trim(FormValue(req, "name")));
  auto org = app.accounts.CreateOrganisation(*auth.actor, name, domain::OrgKindFromCode(FormValue(req, "kind")));
  if (!org) {
    if (HttpStatusFor(org.error().code) >= 500 || org.error().code == ErrorCode::kPermissionDenied) {
      return ErrorPage(app, &auth, req, res, org.error(), kScope);
    }
    const FormErrors errors = FormErrorsOf(ResolveLang(req, res), org.error(), kScope);
    return RenderOrganisations(app, auth, req, res, &errors, HttpStatusFor(org.error().code));
  }
  RedirectWithNotice(app, auth, res, "/admin/organisations", "organisation_added");
}

void HandleAdminUserPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderAdminUser(app, auth, req, res, PathId(req), nullptr, 200);
}

void HandleAdminUserDisable(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::int64_t id = PathId(req);
  if (auto st = app.accounts.DisableUser(*auth.actor, id); !st) return UserError(app, auth, req, res, id, st.error());
  RedirectWithNotice(app, auth, res, UserPath(id), "user_disabled");
}

void HandleAdminUserEnable(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::int64_t id = PathId(req);
  if (auto st = app.accounts.EnableUser(*auth.actor, id); !st) return UserError(app, auth, req, res, id, st.error());
  RedirectWithNotice(app, auth, res, UserPath(id), "user_enabled");
}

void HandleAdminUserRoles(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::int64_t id = PathId(req);
  if (auto st = app.accounts.ChangeRoles(*auth.actor, id, PostedRoles(req), PostedOrgId(req)); !st) {
    return UserError(app, auth, req, res, id, st.error());
  }
  RedirectWithNotice(app, auth, res, UserPath(id), "user_roles_changed");
}

// The link is shown once, on this answer (no redirect: it is in no URL the browser keeps, and the
// page is not stored).
void HandleAdminUserReset(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const std::int64_t id = PathId(req);
  auto user = app.accounts.FindUser(id);
  if (!user) return RespondError(app, req, res, user.error());
  auto started = app.accounts.StartPasswordReset(*auth.actor, id, lang == Lang::kEn ? "en" : "ja",
                                                 CatalogueMailComposer(), app.public_url);
  if (!started) return UserError(app, auth, req, res, id, started.error());
  const std::string email = *user ? (*user)->email : std::string();
  mst::data d;
  d.set("id", std::to_string(id));
  d.set("issued", Message(lang, "password_reset_issued", {{"email", email}}));
  d.set("expires", Message(lang, "password_reset_expires", {{"at", JstText(UnixIso(started->expires_at))}}));
  d.set("expires_iso", UnixIso(started->expires_at));
  d.set("url", started->url);
  d.set("relative", app.public_url.empty());
  if (started->mailed) {
    d.set("mail_note", Message(lang, "password_reset_mailed", {{"email", email}}) +
                           (app.mail_relay_configured ? "" : " " + Message(lang, "password_reset_mail_queued")));
  } else {
    d.set("mail_note", Message(lang, "password_reset_not_mailed"));
  }
  SendPage(app, req, res, lang, "admin_password_reset", d, Message(lang, "password_reset_issued_title"), "", 200, &auth);
  res.set_header("Cache-Control", "no-store");
}

}  // namespace proven::web
