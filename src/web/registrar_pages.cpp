// The registration body's pages: its services with their actions, the CSV upload, vendors'
// proposals, and the services that expire within 90 days.
#include <algorithm>

#include <fmt/core.h>

#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/app.hpp"
#include "web/http_errors.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

// After a successful action: back to the dashboard with a notice code (never a text).
void Back(Response& res, const std::string& query) {
  res.status = 303;
  res.set_header("Location", "/registrar" + (query.empty() ? std::string() : "?" + query));
}

// What the dashboard shows above the lists: only messages this server chose.
struct Flash {
  std::string notice;
  std::string error;
  std::vector<std::string> problems;
};

// A count from the query of one of our own redirects; anything but a short number gives "".
std::string CountParam(const Request& req, std::string_view key) {
  const std::string v = req.get_param_value(key);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) return {};
  return v;
}

Flash FlashFromQuery(Lang lang, const Request& req) {
  Flash f;
  const std::string done = req.get_param_value("done");
  for (std::string_view code : {"renewed", "suspended", "resumed", "revoked", "approved", "rejected"}) {
    if (done == code) f.notice = Message(lang, "notice_" + done);
  }
  if (done == "uploaded" || done == "checked") {
    const std::string rows = CountParam(req, "rows"), added = CountParam(req, "added"),
                      updated = CountParam(req, "updated"), unchanged = CountParam(req, "unchanged");
    if (!rows.empty() && !added.empty() && !updated.empty() && !unchanged.empty()) {
      f.notice = Message(lang, "notice_" + done,
                         {{"rows", rows}, {"added", added}, {"updated", updated}, {"unchanged", unchanged}});
    }
  }
  return f;
}

// A page for an error that leaves nothing to show: 403 (forbidden) or 404.
void ErrorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  const Lang lang = ResolveLang(req, res);
  const int status = HttpStatusFor(e.code);
  if (status == 404) return RenderErrorPage(app, req, res, 404);
  mst::data d;
  d.set("heading", Message(lang, "forbidden_title"));
  d.set("message", status == 403 ? Message(lang, "forbidden_text") : ErrorText(lang, e));
  SendPage(app, req, res, lang, "error", d, Message(lang, "forbidden_title"), "", status, &auth);
}

}  // namespace

namespace {

// The services the dashboard lists (every body's for an admin, else the actor's own body's, by
// organisation id), soonest expiry first, each with the actions its state allows.
Status DashboardServices(AppContext& app, const Auth& auth, Lang lang, mst::data& d) {
  const Date as_of = app.today();
  auto page = app.registrar.OwnServices(*auth.actor, as_of);
  if (!page) return Fail(page.error());
  mst::data list{mst::data::type::list};
  for (const auto& s : page->items) {
    const std::string code(domain::StatusCode(domain::StatusAsOf(s, as_of)));
    mst::data row;
    row.set("id", std::to_string(s.id));
    row.set("name", s.name);
    row.set("provider", s.provider);
    row.set("status", code);
    row.set("status_label", Message(lang, "badge_" + code));
    row.set("expires_on", s.expires_on.ToIso());
    row.set("active", s.state == domain::ServiceState::kActive);
    row.set("suspended", s.state == domain::ServiceState::kSuspended);
    row.set("revoked", s.state == domain::ServiceState::kRevoked);
    row.set("csrf", auth.csrf);
    list.push_back(row);
  }
  d.set("services", list);
  d.set("service_count", std::to_string(page->total));
  return {};
}

// One pending proposal, each value as a preview (cut ones marked).
mst::data ProposalRow(const Auth& auth, Lang lang, const store::ChangeProposal& p) {
  mst::data x;
  x.set("id", std::to_string(p.id));
  x.set("service_id", std::to_string(p.service_id));
  x.set("service_name", p.service_name);
  x.set("vendor", p.vendor);
  x.set("created_at", p.created_at);
  x.set("csrf", auth.csrf);
  mst::data fields{mst::data::type::list};
  for (const auto& [k, v] : p.fields) {
    mst::data f;
    f.set("key", FieldLabel(lang, k).empty() ? k : FieldLabel(lang, k));
    const bool cut = std::find(p.truncated.begin(), p.truncated.end(), k) != p.truncated.end();
    f.set("value", cut ? v + "…" : v);
    fields.push_back(f);
  }
  x.set("fields", fields);
  x.set("truncated", !p.truncated.empty());
  return x;
}

// Pending proposals, a page at a time (?proposals_page=N).
void DashboardProposals(AppContext& app, const Auth& auth, const Request& req, Lang lang, mst::data& d) {
  constexpr std::size_t kProposalsPerPage = 10;
  std::size_t proposals_page = 1;
  try {
    proposals_page = std::clamp<std::size_t>(std::stoul(req.get_param_value("proposals_page")), 1, 100000);
  } catch (const std::exception&) {
  }
  mst::data proposals{mst::data::type::list};
  if (auto pending = app.registrar.ListProposals(*auth.actor, (proposals_page - 1) * kProposalsPerPage, kProposalsPerPage)) {
    for (const auto& p : pending->items) {
      if (domain::ProposalStatusFromCode(p.status) != domain::ProposalStatus::kPending) continue;
      proposals.push_back(ProposalRow(auth, lang, p));
    }
    d.set("proposal_total", std::to_string(pending->total));
    d.set("has_proposals", pending->total > 0);  // also past the last page, to show the way back
    if (proposals_page > 1) d.set("proposals_prev", "/registrar?proposals_page=" + std::to_string(proposals_page - 1));
    if (proposals_page * kProposalsPerPage < pending->total) {
      d.set("proposals_next", "/registrar?proposals_page=" + std::to_string(proposals_page + 1));
    }
  }
  d.set("proposals", proposals);
}

void RenderRegistrarPage(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                         const Flash& flash, int status) {
  // The services the actor may change: every body's (an admin), else its own body's.
  const bool scoped = domain::OwnershipScope(*auth.actor, domain::Action::kChangeService).has_value();
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("organisation", scoped ? auth.actor->organisation : Message(lang, "nav_admin"));
  if (!flash.notice.empty()) d.set("notice", flash.notice);
  if (!flash.error.empty()) {
    d.set("error", flash.error);
    mst::data problems{mst::data::type::list};
    for (const auto& p : flash.problems) problems.push_back(p);
    d.set("problems", problems);
  }

  if (auto st = DashboardServices(app, auth, lang, d); !st) return RespondError(app, req, res, st.error());
  auto expiring = app.registrar.ExpiringSoon(*auth.actor, app.today());
  d.set("expiring_count", std::to_string(expiring ? expiring->size() : 0));

  DashboardProposals(app, auth, req, lang, d);
  SendPage(app, req, res, lang, "registrar", d, Message(lang, "registrar_title"), "", status, &auth);
}

// A failed action shows the dashboard again with the error, at the error's status, in the page's
// language from the catalogue.
void RegistrarError(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang, const Error& e,
                    std::vector<std::string> problems = {}) {
  RenderRegistrarPage(app, auth, req, res, lang, Flash{"", ErrorText(lang, e), std::move(problems)},
                      HttpStatusFor(e.code));
}

// One import problem as a line of the page: "FILE LINE行目: field: text" from the catalogue. The
// field is named by its label; a column the file names but no field has is quoted as the file names it.
std::string ImportProblemText(Lang lang, const std::string& file_name, const services::ImportProblem& p) {
  std::string text = ErrorText(lang, MakeError(p.reason, ErrorCode::kInvalidArgument, p.message, {}, p.field));
  if (p.field.empty() && !p.column.empty()) {
    text = Message(lang, "error.with_field", {{"field", p.column}, {"message", text}});
  }
  if (p.line == 0) return Message(lang, "import.problem_in_file", {{"file", file_name}, {"message", text}});
  return Message(lang, "import.problem_at_line",
                 {{"file", file_name}, {"line", std::to_string(p.line)}, {"message", text}});
}

}  // namespace

void HandleRegistrarPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  RenderRegistrarPage(app, auth, req, res, lang, FlashFromQuery(lang, req), 200);
}

void HandleExpiringPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto expiring = app.registrar.ExpiringSoon(*auth.actor, app.today());
  if (!expiring) return RespondError(app, req, res, expiring.error());
  mst::data d;
  mst::data list{mst::data::type::list};
  for (const auto& s : *expiring) {
    mst::data row;
    row.set("id", std::to_string(s.id));
    row.set("name", s.name);
    row.set("provider", s.provider);
    row.set("registrar", s.registrar);
    row.set("expires_on", s.expires_on.ToIso());
    list.push_back(row);
  }
  d.set("services", list);
  SendPage(app, req, res, lang, "expiring", d, Message(lang, "expiring_title"), "", 200, &auth);
}

void HandleRegistrarUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const bool dry_run = FormValue(req, "dry_run") == "1";
  const FormPart* file = req.part("file");
  const std::string file_name = file && !file->filename.empty() ? file->filename : "upload.csv";
  auto report = app.registrar.Import(*auth.actor, file ? std::string_view(file->content) : std::string_view(), dry_run);
  const Lang lang = ResolveLang(req, res);
  if (!report) return RegistrarError(app, auth, req, res, lang, report.error());
  if (!report->problems.empty()) {
    std::vector<std::string> lines;
    for (const auto& p : report->problems) {
      if (lines.size() == 200) break;
      lines.push_back(ImportProblemText(lang, file_name, p));
    }
    const std::string count = std::to_string(report->problems.size());
    return RegistrarError(app, auth, req, res, lang,
                          MakeError(Reason{"error.upload.failed", {{"count", count}}}, ErrorCode::kInvalidArgument,
                                    fmt::format("{} problem(s); nothing was imported", count)),
                          std::move(lines));
  }
  const auto& o = report->outcome;
  Back(res, fmt::format("done={}&rows={}&added={}&updated={}&unchanged={}", dry_run ? "checked" : "uploaded", report->rows,
                        o.added, o.updated, o.unchanged));
}

namespace {

// A lifecycle step from the dashboard: the service's answer, then back with a notice code.
void AfterAction(AppContext& app, const Auth& auth, const Request& req, Response& res, const Status& st,
                 std::string_view done) {
  if (!st) return RegistrarError(app, auth, req, res, ResolveLang(req, res), st.error());
  Back(res, "done=" + std::string(done));
}

}  // namespace

void HandleRegistrarRenew(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto date = ParseIsoDate(FormValue(req, "expires_on"));
  if (!date) date.error().field = "expires_on";  // the page names the field it refers to
  // The reason as given: the service checks, then trims.
  const Status st = date ? app.registrar.Renew(*auth.actor, PathId(req), *date, FormValue(req, "reason"))
                         : Status(Fail(date.error()));
  AfterAction(app, auth, req, res, st, "renewed");
}

void HandleRegistrarSuspend(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  AfterAction(app, auth, req, res, app.registrar.Suspend(*auth.actor, PathId(req), FormValue(req, "reason")),
              "suspended");
}

void HandleRegistrarResume(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  AfterAction(app, auth, req, res, app.registrar.Resume(*auth.actor, PathId(req), FormValue(req, "reason")),
              "resumed");
}

void HandleRegistrarRevoke(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  AfterAction(app, auth, req, res, app.registrar.Revoke(*auth.actor, PathId(req), FormValue(req, "reason")),
              "revoked");
}

void HandleRegistrarDecide(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const bool approve = PathParam(req, 2) == "approve";
  if (auto st = app.registrar.Decide(*auth.actor, PathId(req), approve, FormValue(req, "reason")); !st) {
    return RegistrarError(app, auth, req, res, ResolveLang(req, res), st.error());
  }
  Back(res, approve ? "done=approved" : "done=rejected");
}

}  // namespace proven::web

namespace proven::web {

// A vendor's own services, with a form to propose new overview, industries, regions and URL.
namespace {

void RenderVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const std::string& notice,
                      const std::string& error, int status);

}  // namespace

void HandleVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  // Only the code of this server's own redirect; any other value shows nothing.
  const Lang lang = ResolveLang(req, res);
  RenderVendorPage(app, auth, req, res, req.get_param_value("done") == "proposed" ? Message(lang, "notice_proposed") : "",
                   "", 200);
}

namespace {

void RenderVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const std::string& notice,
                      const std::string& error, int status) {
  const Lang lang = ResolveLang(req, res);
  kainjow::mustache::data d;
  d.set("organisation", auth.actor->organisation);
  if (!notice.empty()) d.set("notice", notice);
  if (!error.empty()) d.set("error", error);
  search::ServiceQuery q;
  q.as_of = app.today();
  q.status = search::StatusFilter::kAll;
  kainjow::mustache::data list{kainjow::mustache::data::type::list};
  // Find the provider's services by its name (a text search), then keep exact matches only.
  search::ServiceQuery own = q;
  own.text = auth.actor->organisation;
  own.limit = 200;
  auto mine = app.registry.Search(own);
  if (!mine) return RespondError(app, req, res, mine.error());
  for (const auto& s : mine->items) {
    if (s.provider != auth.actor->organisation) continue;
    kainjow::mustache::data row;
    row.set("id", std::to_string(s.id));
    row.set("name", s.name);
    row.set("overview", s.overview);
    row.set("industries", Join(s.industries, "、"));
    row.set("regions", Join(s.regions, "、"));
    row.set("url", s.url);
    row.set("csrf", auth.csrf);
    list.push_back(row);
  }
  d.set("services", list);
  kainjow::mustache::data proposals{kainjow::mustache::data::type::list};
  if (auto mine_p = app.registrar.ListProposals(*auth.actor, 0, 50)) {  // the newest 50
    for (const auto& p : mine_p->items) {
      kainjow::mustache::data x;
      x.set("service_name", p.service_name);
      x.set("status", CodeLabel(lang, "proposal_status", p.status));
      x.set("reason", p.reason);
      proposals.push_back(x);
    }
  }
  d.set("has_proposals", !proposals.is_empty_list());
  d.set("proposals", proposals);
  SendPage(app, req, res, lang, "vendor", d, Message(lang, "vendor_title"), "", status, &auth);
}

void VendorError(AppContext& app, const Auth& auth, const Request& req, Response& res, const Error& e) {
  RenderVendorPage(app, auth, req, res, "", ErrorText(ResolveLang(req, res), e), HttpStatusFor(e.code));
}

}  // namespace

void HandleVendorPropose(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::int64_t id = PathId(req);
  // The form shows every proposable field: propose only those the provider actually changed.
  auto current = app.registry.GetService(id);
  if (!current || !*current) {
    return VendorError(app, auth, req, res,
                       MakeError(Reason{"error.service.no_such", {}}, ErrorCode::kNotFound, "there is no such service"));
  }
  const auto now = domain::CellsFromService(**current);
  domain::ServiceCells cells;
  bool any = false;
  for (auto f : services::kProposableFields) {
    const std::string key(domain::FieldInfo(f).key);
    if (!req.form.contains(key)) continue;
    // Compared trimmed, passed as given: the service checks the limits before it trims.
    std::string value = FormValue(req, key);
    if (Trim(value) == Trim(now[static_cast<std::size_t>(f)])) continue;
    cells[static_cast<std::size_t>(f)] = std::move(value);
    any = true;
  }
  if (!any) {
    return VendorError(app, auth, req, res,
                       MakeError(Reason{"error.proposal.nothing_changed", {}}, ErrorCode::kInvalidArgument,
                                 "nothing was changed"));
  }
  auto proposal = app.registrar.Propose(*auth.actor, id, cells);
  if (!proposal) return VendorError(app, auth, req, res, proposal.error());
  res.status = 303;
  res.set_header("Location", "/vendor?done=proposed");
}

}  // namespace proven::web

namespace proven::web {

namespace {

// The form for one service: every field of the list, as its CSV cell text.
void RenderServiceForm(AppContext& app, const Auth& auth, const Request& req, Response& res,
                       const std::array<std::string, domain::kServiceFieldCount>& values, const std::string& action,
                       bool is_new, const Error* error, int status) {
  const Lang lang = ResolveLang(req, res);
  kainjow::mustache::data d;
  d.set("csrf", auth.csrf);
  d.set("action", action);
  d.set("heading", Message(lang, is_new ? "register_service" : "edit_service"));
  d.set("submit", Message(lang, is_new ? "register_service" : "save"));
  if (error) {
    // One problem as the error itself; several as a count above a list, each with its field.
    const auto problems = ProblemTexts(lang, *error);
    d.set("error", problems.size() == 1 ? problems.front()
                                        : Message(lang, "error.problems", {{"count", std::to_string(problems.size())}}));
    kainjow::mustache::data list{kainjow::mustache::data::type::list};
    if (problems.size() > 1) {
      for (const auto& p : problems) list.push_back(p);
    }
    d.set("problems", list);
  }
  kainjow::mustache::data fields{kainjow::mustache::data::type::list};
  for (const auto& info : domain::ServiceFields()) {
    kainjow::mustache::data f;
    f.set("key", std::string(info.key));
    f.set("label", FieldLabel(lang, info.key));
    f.set("value", values[static_cast<std::size_t>(info.field)]);
    f.set("required", info.required && info.field != domain::ServiceField::kRegistrar);
    f.set("long", info.field == domain::ServiceField::kOverview);
    if (info.field == domain::ServiceField::kIndustries || info.field == domain::ServiceField::kRegions) {
      f.set("hint", Message(lang, "list_hint"));
    }
    if (info.field == domain::ServiceField::kRegistrar) f.set("hint", Message(lang, "registrar_hint"));
    fields.push_back(f);
  }
  d.set("fields", fields);
  SendPage(app, req, res, lang, "service_form", d, Message(lang, is_new ? "register_service" : "edit_service"), "",
           status, &auth);
}

std::array<std::string, domain::kServiceFieldCount> FormCells(const Request& req, domain::ServiceCells& cells) {
  std::array<std::string, domain::kServiceFieldCount> values;
  for (const auto& info : domain::ServiceFields()) {
    const std::string key(info.key);
    if (!req.form.contains(key)) continue;
    values[static_cast<std::size_t>(info.field)] = FormValue(req, key);
    cells[static_cast<std::size_t>(info.field)] = values[static_cast<std::size_t>(info.field)];
  }
  return values;
}

}  // namespace

void HandleServiceNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  std::array<std::string, domain::kServiceFieldCount> values;
  values[static_cast<std::size_t>(domain::ServiceField::kRegistrar)] = auth.actor->organisation;
  RenderServiceForm(app, auth, req, res, values, "/registrar/services", true, nullptr, 200);
}

void HandleServiceRegister(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  domain::ServiceCells cells;
  const auto values = FormCells(req, cells);
  auto id = app.registrar.Register(*auth.actor, cells);
  if (!id) return RenderServiceForm(app, auth, req, res, values, "/registrar/services", true, &id.error(), 400);
  res.status = 303;
  res.set_header("Location", "/services/" + std::to_string(*id));
}

void HandleServiceEditPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  // Another body's service is not shown, not even filled into a form.
  auto s = app.registrar.ServiceToChange(*auth.actor, id);
  if (!s) return ErrorPage(app, auth, req, res, s.error());
  RenderServiceForm(app, auth, req, res, domain::CellsFromService(*s), "/registrar/services/" + std::to_string(id),
                    false, nullptr, 200);
}

void HandleServiceChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  domain::ServiceCells cells;
  const auto values = FormCells(req, cells);
  auto changed = app.registrar.Change(*auth.actor, id, cells);
  if (!changed) {
    return RenderServiceForm(app, auth, req, res, values, "/registrar/services/" + std::to_string(id), false,
                             &changed.error(), 400);
  }
  res.status = 303;
  res.set_header("Location", "/services/" + std::to_string(id));
}

}  // namespace proven::web
