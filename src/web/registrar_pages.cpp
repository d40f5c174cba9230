// The registration body's pages: its services searched, filtered and paged with the actions each
// allows (domain::ActionsOffered), bulk renewal, the CSV upload, the export of its own list, the
// revoke confirmation, vendors' proposals side by side, and the services that expire within 90
// days. Notices after an action are one-time flashes of the session (page_support), never URL text.
#include <algorithm>
#include <charconv>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/lifecycle.hpp"
#include "domain/limits.hpp"
#include "services/export_service.hpp"
#include "services/query_params.hpp"
#include "web/app.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/staff_pages.hpp"
#include "web/vocabulary.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr int kServicesPerPage = 50;
// A row form's typed value longer than this is not shown back (a reason's limit is far below).
constexpr std::size_t kMaxEchoBytes = 16 * 1024;
// The choices of the dashboard's "days left" filter.
constexpr int kDaysLeftChoices[] = {30, 60, 90, 180, 365};
// The status filter's choices: domain::StatusCode codes ("valid" also matches expiring soon).
constexpr domain::ServiceStatus kStatusChoices[] = {
    domain::ServiceStatus::kValid,       domain::ServiceStatus::kExpiringSoon, domain::ServiceStatus::kExpired,
    domain::ServiceStatus::kNotYetValid, domain::ServiceStatus::kSuspended,    domain::ServiceStatus::kRevoked};

std::optional<std::int64_t> ParseId(std::string_view s) {
  std::int64_t v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || v <= 0) return std::nullopt;
  return v;
}

// The dashboard's filters from the query string: q, type (repeatable), status, days, page. An
// unknown value is an error naming its parameter.
struct Filters {
  services::DashboardQuery query;
  std::string status_code;
  int page = 1;
};

Result<Filters> ParseFilters(const Request& req) {
  Filters f;
  auto bad = [](std::string key, MessageArgs args, std::string param) {
    return Fail(Reason{std::move(key), std::move(args)}, ErrorCode::kInvalidArgument, "invalid " + param, {}, param);
  };
  auto unknown = [&](const std::string& param, const std::string& value) {
    return bad("error.param.unknown_value", {{"value", value.substr(0, 40)}}, param);
  };
  const std::string text = req.get_param_value("q");
  if (text.size() > 200) {
    return bad("error.text.too_long", {{"chars", std::to_string(domain::CountChars(text))}, {"max", "200"}}, "q");
  }
  f.query.text = std::string(Trim(text));
  for (const auto& t : services::Values(req.params, "type")) {
    if (Trim(t).empty()) continue;
    auto type = domain::TypeFromCode(t);
    if (!type) return unknown("type", t);
    f.query.types.push_back(*type);
  }
  f.status_code = req.get_param_value("status");
  if (!f.status_code.empty()) {
    for (auto st : kStatusChoices) {
      if (domain::StatusCode(st) == f.status_code) f.query.status = st;
    }
    if (!f.query.status) return unknown("status", f.status_code);
  }
  if (const std::string days = req.get_param_value("days"); !days.empty()) {
    auto n = days == "0" ? std::optional<std::int64_t>(0) : ParseId(days);
    if (!n || *n > 3650) return bad("error.param.number_range", {{"min", "0"}, {"max", "3650"}}, "days");
    f.query.days_left_max = static_cast<int>(*n);
  }
  if (const std::string page = req.get_param_value("page"); !page.empty()) {
    auto n = ParseId(page);
    if (!n || *n > 100000) return bad("error.param.number_range", {{"min", "1"}, {"max", "100000"}}, "page");
    f.page = static_cast<int>(*n);
  }
  f.query.limit = kServicesPerPage;
  f.query.offset = static_cast<std::size_t>(f.page - 1) * kServicesPerPage;
  return f;
}

// "18 days left", "expires today", "expired 3 days ago".
std::string DaysLeftText(Lang lang, std::int64_t days) {
  if (days == 0) return Message(lang, "days_left_today");
  if (days < 0) return Message(lang, "days_overdue", {{"n", std::to_string(-days)}});
  return Message(lang, "days_left", {{"n", std::to_string(days)}});
}

// A failed row action, shown on its row: which service, the field, what was typed.
struct RowFailure {
  std::int64_t id = 0;
  std::string expires_on;
  std::string reason;
  std::string text;
};

// What the dashboard shows besides the list: an error (with its problems) and what a failed
// row or bulk action had typed.
struct PageState {
  std::string error;
  std::vector<std::string> problems;
  std::string error_href;
  RowFailure row;
  std::string bulk_expires_on, bulk_reason;
  std::vector<std::int64_t> bulk_ids;
};

// The filter form's choices, as chosen.
void FilterChoices(const Filters& f, Lang lang, mst::data& d) {
  d.set("q", f.query.text);
  mst::data types{mst::data::type::list};
  for (auto t : domain::kServiceTypes) {
    mst::data o;
    o.set("value", std::string(domain::TypeCode(t)));
    o.set("label", TypeLabel(t, lang));
    o.set("selected", std::find(f.query.types.begin(), f.query.types.end(), t) != f.query.types.end());
    types.push_back(o);
  }
  d.set("type_options", types);
  mst::data statuses{mst::data::type::list};
  for (auto st : kStatusChoices) {
    mst::data o;
    o.set("value", std::string(domain::StatusCode(st)));
    o.set("label", Message(lang, "badge_" + std::string(domain::StatusCode(st))));
    o.set("selected", f.query.status == st);
    statuses.push_back(o);
  }
  d.set("status_options", statuses);
  mst::data days{mst::data::type::list};
  for (int n : kDaysLeftChoices) {
    mst::data o;
    o.set("value", std::to_string(n));
    o.set("label", Message(lang, "days_within", {{"n", std::to_string(n)}}));
    o.set("selected", f.query.days_left_max == n);
    days.push_back(o);
  }
  d.set("days_options", days);
  d.set("filtered", !f.query.text.empty() || !f.query.types.empty() || f.query.status || f.query.days_left_max);
}

// The services the dashboard lists (every body's for an admin, else the actor's own body's, by
// organisation id), soonest expiry first, each with the actions it allows as of today.
Status DashboardServices(AppContext& app, const Auth& auth, const Request& req, Lang lang, const Filters& f,
                         const PageState& state, mst::data& d) {
  const Date as_of = app.today();
  auto page = app.registrar.OwnServices(*auth.actor, as_of, f.query);
  if (!page) return Fail(page.error());
  mst::data list{mst::data::type::list};
  for (const auto& s : page->items) {
    const std::string code(domain::StatusCode(domain::StatusAsOf(s, as_of)));
    const auto offered = domain::ActionsOffered(s, as_of);
    mst::data row;
    row.set("id", std::to_string(s.id));
    row.set("name", s.name);
    row.set("provider", s.provider);
    row.set("type", TypeLabel(s.type, lang));
    row.set("status", code);
    row.set("status_label", Message(lang, "badge_" + code));
    row.set("expires_on", s.expires_on.ToIso());
    const auto days = s.expires_on.DaysSinceEpoch() - as_of.DaysSinceEpoch();
    row.set("days_left", DaysLeftText(lang, days));
    row.set("overdue", days < 0);
    row.set("offer_edit", offered.edit);
    row.set("offer_renew", offered.renew);
    row.set("offer_suspend", offered.suspend);
    row.set("offer_resume", offered.resume);
    row.set("offer_revoke", offered.revoke);
    row.set("checked", std::find(state.bulk_ids.begin(), state.bulk_ids.end(), s.id) != state.bulk_ids.end());
    if (state.row.id == s.id) {
      row.set("row_error", state.row.text);
      row.set("typed_expires_on", state.row.expires_on);
      row.set("typed_reason", state.row.reason);
    }
    row.set("csrf", auth.csrf);
    list.push_back(row);
  }
  d.set("services", list);
  d.set("service_count", std::to_string(page->total));
  d.set("pagination", Pagination(req, "/registrar", page->total, f.page, kServicesPerPage));
  auto export_params = ParamsWithout(req, {"page", "lang", "proposals_page", "format"});
  auto with_format = [&](const char* format) {
    auto p = export_params;
    p.emplace_back("format", format);
    return UrlWith("/registrar/export", p);
  };
  d.set("export_csv", with_format("csv"));
  d.set("export_xlsx", with_format("xlsx"));
  return {};
}

// One pending proposal: who proposed which fields when, with a link to the whole of it.
mst::data ProposalRow(const Auth& auth, Lang lang, const store::ChangeProposal& p) {
  mst::data x;
  x.set("id", std::to_string(p.id));
  x.set("service_id", std::to_string(p.service_id));
  x.set("service_name", p.service_name);
  x.set("vendor", p.vendor);
  x.set("created_at", JstText(p.created_at));
  x.set("created_iso", p.created_at);
  x.set("csrf", auth.csrf);
  std::vector<std::string> labels;
  for (const auto& [k, v] : p.fields) labels.push_back(FieldLabel(lang, k));
  x.set("field_labels", Join(labels, Message(lang, "staff_list_separator")));
  return x;
}

// Pending proposals, a page at a time (?proposals_page=N).
void DashboardProposals(AppContext& app, const Auth& auth, const Request& req, Lang lang, mst::data& d) {
  constexpr std::size_t kProposalsPerPage = 10;
  std::size_t proposals_page = 1;
  if (auto n = ParseId(req.get_param_value("proposals_page"))) proposals_page = std::min<std::size_t>(*n, 100000);
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
                         const PageState& state, int status) {
  // The services the actor may change: every body's (an admin), else its own body's.
  const bool scoped = domain::OwnershipScope(*auth.actor, domain::Action::kChangeService).has_value();
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("organisation", scoped ? auth.actor->organisation : Message(lang, "nav_admin"));
  if (status == 200) {
    if (auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  }
  Filters filters;
  auto parsed = ParseFilters(req);
  std::string error = state.error;
  std::vector<std::string> problems = state.problems;
  if (parsed) {
    filters = *parsed;
  } else if (error.empty()) {
    // A bad filter: the whole list, and why the filter was not applied.
    error = ErrorText(lang, parsed.error(), "registrar_filter");
    status = 400;
  }
  if (!error.empty()) {
    d.set("error", error);
    d.set("error_href", OptionalText(state.error_href));
    mst::data list{mst::data::type::list};
    for (const auto& p : problems) list.push_back(p);
    d.set("problems", list);
  }
  FilterChoices(filters, lang, d);
  d.set("bulk_expires_on", state.bulk_expires_on);
  d.set("bulk_reason", state.bulk_reason);

  if (auto st = DashboardServices(app, auth, req, lang, filters, state, d); !st) {
    return RespondError(app, req, res, st.error());
  }
  auto expiring = app.registrar.ExpiringSoon(*auth.actor, app.today());
  d.set("expiring_count", std::to_string(expiring ? expiring->size() : 0));

  DashboardProposals(app, auth, req, lang, d);
  SendPage(app, req, res, lang, "registrar", d, Message(lang, "registrar_title"), "", status, &auth);
}

// A failed action shows the dashboard again with the error, at the error's status, in the page's
// language from the catalogue; a row's failure also on its row, with what was typed.
void RegistrarError(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang, const Error& e,
                    PageState state = {}) {
  const int status = HttpStatusFor(e.code);
  if (status == 404 || status >= 500) return ErrorPage(app, &auth, req, res, e);
  state.error = ErrorText(lang, e);
  if (state.row.id) {
    state.row.text = state.error;
    state.error_href = "#row-" + std::to_string(state.row.id);
  }
  RenderRegistrarPage(app, auth, req, res, lang, state, status);
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
  RenderRegistrarPage(app, auth, req, res, lang, {}, 200);
}

void HandleExpiringPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const Date as_of = app.today();
  auto expiring = app.registrar.ExpiringSoon(*auth.actor, as_of);
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
    row.set("days_left", DaysLeftText(lang, s.expires_on.DaysSinceEpoch() - as_of.DaysSinceEpoch()));
    list.push_back(row);
  }
  d.set("services", list);
  d.set("export_csv", "/registrar/export?status=expiring_soon&format=csv");
  d.set("export_xlsx", "/registrar/export?status=expiring_soon&format=xlsx");
  SendPage(app, req, res, lang, "expiring", d, Message(lang, "expiring_title"), "", 200, &auth);
}

void HandleRegistrarExport(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string format = req.get_param_value("format");
  auto fail = [&](Error e) { ErrorPage(app, &auth, req, res, e, "registrar_filter", true); };
  if (format != "csv" && format != "xlsx") {
    return fail(MakeError(Reason{"error.export.format", {}}, ErrorCode::kInvalidArgument, "format must be csv or xlsx",
                          {}, "format"));
  }
  auto filters = ParseFilters(req);
  if (!filters) return fail(filters.error());
  // The whole of the body's own list as filtered: never another body's (the services layer scopes
  // by the actor's organisation id; the public export has no such scope).
  filters->query.offset = 0;
  filters->query.limit = 0;
  auto page = app.registrar.OwnServices(*auth.actor, app.today(), filters->query);
  if (!page) return fail(page.error());
  // The public list's columns, with each service's status as of today and its page's address.
  const services::ExportColumns columns{app.today(), app.public_url};
  services::ExportFile file;
  if (format == "csv") {
    file.bytes = services::ServicesToCsv(page->items, columns);
    file.content_type = "text/csv; charset=utf-8";
    file.extension = "csv";
  } else {
    auto xlsx = services::ServicesToXlsx(page->items, columns);
    if (!xlsx) return fail(xlsx.error());
    file = std::move(*xlsx);
  }
  const Date d = app.today();
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"proven-registrar-{:04}{:02}{:02}.{}\"",
                                                    d.year, d.month, d.day, file.extension));
  res.set_header("Cache-Control", "no-store");
  res.status = 200;
  res.set_content(std::move(file.bytes), file.content_type.c_str());
}

void HandleRegistrarUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const bool dry_run = FormValue(req, "dry_run") == "1";
  const FormPart* file = req.part("file");
  const std::string file_name = file && !file->filename.empty() ? file->filename : "upload.csv";
  auto report = app.registrar.Import(*auth.actor, file ? std::string_view(file->content) : std::string_view(), dry_run);
  const Lang lang = ResolveLang(req, res);
  if (!report) return RegistrarError(app, auth, req, res, lang, report.error());
  if (!report->problems.empty()) {
    PageState state;
    for (const auto& p : report->problems) {
      if (state.problems.size() == 200) break;
      state.problems.push_back(ImportProblemText(lang, file_name, p));
    }
    const std::string count = std::to_string(report->problems.size());
    return RegistrarError(app, auth, req, res, lang,
                          MakeError(Reason{"error.upload.failed", {{"count", count}}}, ErrorCode::kInvalidArgument,
                                    fmt::format("{} problem(s); nothing was imported", count)),
                          std::move(state));
  }
  const auto& o = report->outcome;
  RedirectWithNotice(app, auth, res, "/registrar", dry_run ? "notice_checked" : "notice_uploaded",
                     {{"rows", std::to_string(report->rows)},
                      {"added", std::to_string(o.added)},
                      {"updated", std::to_string(o.updated)},
                      {"unchanged", std::to_string(o.unchanged)}});
}

namespace {

// A lifecycle step from a row of the dashboard: the service's answer, then back with a notice
// (or the dashboard with the error on that row, what was typed kept).
void AfterAction(AppContext& app, const Auth& auth, const Request& req, Response& res, const Status& st,
                 std::string_view notice) {
  if (!st) {
    PageState state;
    // What was typed goes back into the row, unless it is far beyond any limit (not echoed).
    auto typed = [&](const char* key) {
      std::string v = FormValue(req, key);
      return v.size() > kMaxEchoBytes ? std::string() : v;
    };
    state.row = {PathId(req), typed("expires_on"), typed("reason"), ""};
    return RegistrarError(app, auth, req, res, ResolveLang(req, res), st.error(), std::move(state));
  }
  RedirectWithNotice(app, auth, res, "/registrar", notice);
}

}  // namespace

void HandleRegistrarRenew(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto date = ParseIsoDate(FormValue(req, "expires_on"));
  if (!date) date.error().field = "expires_on";  // the page names the field it refers to
  // The reason as given: the service checks, then trims.
  const Status st = date ? app.registrar.Renew(*auth.actor, PathId(req), *date, FormValue(req, "reason"))
                         : Status(Fail(date.error()));
  AfterAction(app, auth, req, res, st, "notice_renewed");
}

void HandleRegistrarRenewMany(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  PageState state;
  state.bulk_expires_on = FormValue(req, "expires_on");
  state.bulk_reason = FormValue(req, "reason");
  if (state.bulk_expires_on.size() > kMaxEchoBytes) state.bulk_expires_on.clear();
  if (state.bulk_reason.size() > kMaxEchoBytes) state.bulk_reason.clear();
  std::vector<std::int64_t> ids;
  for (const auto& v : FormValues(req, "id")) {
    auto id = ParseId(Trim(v));
    if (!id) {
      return RegistrarError(app, auth, req, res, lang,
                            MakeError(Reason{"error.renew_many.none", {}}, ErrorCode::kInvalidArgument,
                                      "an id is not a service number", {}, "id"),
                            std::move(state));
    }
    ids.push_back(*id);
  }
  state.bulk_ids = ids;
  state.error_href = "#bulk";
  auto date = ParseIsoDate(state.bulk_expires_on);
  if (!date) {
    date.error().field = "expires_on";
    return RegistrarError(app, auth, req, res, lang, date.error(), std::move(state));
  }
  auto renewed = app.registrar.RenewMany(*auth.actor, ids, *date, state.bulk_reason);
  if (!renewed) {
    const Error& e = renewed.error();
    if (HttpStatusFor(e.code) == 404) return ErrorPage(app, &auth, req, res, e);
    // "X cannot be renewed, so no service was renewed" with X's own problem under it.
    if (!e.problems.empty()) {
      state.problems.push_back(ErrorText(lang, MakeError(e.problems.front().reason, e.code, e.problems.front().message,
                                                         {}, e.problems.front().field)));
    }
    return RegistrarError(app, auth, req, res, lang, e, std::move(state));
  }
  RedirectWithNotice(app, auth, res, "/registrar", "notice_renewed_many", {{"count", std::to_string(*renewed)}});
}

void HandleRegistrarSuspend(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  AfterAction(app, auth, req, res,
              app.registrar.Suspend(*auth.actor, PathId(req), FormValue(req, "reason"), app.today()),
              "notice_suspended");
}

void HandleRegistrarResume(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  AfterAction(app, auth, req, res, app.registrar.Resume(*auth.actor, PathId(req), FormValue(req, "reason")),
              "notice_resumed");
}

namespace {

// The confirmation before a revocation: what will happen, to which service, and the reason.
void RenderRevokePage(AppContext& app, const Auth& auth, const Request& req, Response& res, const domain::Service& s,
                      const Error* error, int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("id", std::to_string(s.id));
  d.set("name", s.name);
  d.set("provider", s.provider);
  d.set("registrar", s.registrar);
  d.set("expires_on", s.expires_on.ToIso());
  d.set("status_label", Message(lang, "badge_" + std::string(domain::StatusCode(domain::StatusAsOf(s, app.today())))));
  d.set("csrf", auth.csrf);
  d.set("reason", FormValue(req, "reason"));
  if (error) {
    const auto errors = FormErrorsOf(lang, *error);
    SetErrorSummary(d, lang, *error);
    SetFieldErrors(d, errors, "reason");
  } else {
    d.set("invalid", false);
  }
  SendPage(app, req, res, lang, "service_revoke", d, Message(lang, "revoke_title"), "", status, &auth);
}

}  // namespace

void HandleRegistrarRevokePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  // Another body's service, a missing or an already revoked one: the error page, not the form.
  auto s = app.registrar.ServiceToChange(*auth.actor, PathId(req));
  if (!s) return ErrorPage(app, &auth, req, res, s.error());
  RenderRevokePage(app, auth, req, res, *s, nullptr, 200);
}

void HandleRegistrarRevoke(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string page = "/registrar/services/" + std::to_string(PathId(req)) + "/revoke";
  // Only from the confirmation page: anything else goes there first.
  if (FormValue(req, "confirm") != "1") return SeeOther(res, page);
  auto st = app.registrar.Revoke(*auth.actor, PathId(req), FormValue(req, "reason"));
  if (!st) {
    if (st.error().code == ErrorCode::kInvalidArgument) {
      if (auto s = app.registrar.ServiceToChange(*auth.actor, PathId(req))) {
        return RenderRevokePage(app, auth, req, res, *s, &st.error(), 400);
      }
    }
    return ErrorPage(app, &auth, req, res, st.error());
  }
  RedirectWithNotice(app, auth, res, "/registrar", "notice_revoked");
}

void HandleRegistrarDecide(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const bool approve = PathParam(req, 2) == "approve";
  if (auto st = app.registrar.Decide(*auth.actor, PathId(req), approve, FormValue(req, "reason")); !st) {
    return RegistrarError(app, auth, req, res, ResolveLang(req, res), st.error());
  }
  RedirectWithNotice(app, auth, res, "/registrar", approve ? "notice_approved" : "notice_rejected");
}

namespace {

// A list cell's items side by side: those kept, those the proposal removes and adds.
mst::data ListDiff(const std::string& before, const std::string& after, Lang lang, bool industries) {
  const auto old_items = domain::SplitListCell(before);
  const auto new_items = domain::SplitListCell(after);
  auto label = [&](const std::string& v) { return industries ? IndustryLabel(v, lang) : PlaceLabel(v, lang); };
  auto items = [&](const std::vector<std::string>& these, const std::vector<std::string>& other, const char* mark) {
    mst::data list{mst::data::type::list};
    for (const auto& v : these) {
      mst::data x;
      x.set("text", label(v));
      x.set(mark, std::find(other.begin(), other.end(), v) == other.end());
      list.push_back(x);
    }
    return list;
  };
  mst::data d;
  d.set("old_items", items(old_items, new_items, "removed"));
  d.set("new_items", items(new_items, old_items, "added"));
  return d;
}

}  // namespace

void HandleRegistrarProposalPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto p = app.registrar.GetProposal(*auth.actor, PathId(req));
  if (!p) return ErrorPage(app, &auth, req, res, p.error());
  auto current = app.registry.GetService(p->service_id);
  if (!current) return RespondError(app, req, res, current.error());
  if (!*current) return RenderErrorPage(app, req, res, 404);
  const auto cells = domain::CellsFromService(**current);
  mst::data d;
  d.set("id", std::to_string(p->id));
  d.set("service_id", std::to_string(p->service_id));
  d.set("service_name", p->service_name);
  d.set("provider", p->provider);
  d.set("vendor", p->vendor);
  d.set("created_at", JstText(p->created_at));
  d.set("created_iso", p->created_at);
  d.set("status_label", CodeLabel(lang, "proposal_status", p->status));
  d.set("decided_at", OptionalText(JstText(p->decided_at)));
  d.set("decided_iso", p->decided_at);
  d.set("decision_reason", OptionalText(p->reason));
  const bool pending = domain::ProposalStatusFromCode(p->status) == domain::ProposalStatus::kPending;
  const bool may_decide = domain::Authorize(*auth.actor, domain::Action::kDecideProposal,
                                            domain::ServiceOwner{p->registrar_org_id, p->provider_org_id})
                              .has_value();
  d.set("can_decide", pending && may_decide);
  d.set("csrf", auth.csrf);
  mst::data rows{mst::data::type::list};
  for (const auto& [key, value] : p->fields) {
    auto f = domain::FieldFromHeader(key);
    const std::string before = f ? cells[static_cast<std::size_t>(*f)] : std::string();
    mst::data r;
    r.set("label", FieldLabel(lang, key));
    r.set("key", key);
    const bool is_list = f == domain::ServiceField::kIndustries || f == domain::ServiceField::kRegions;
    r.set("list", is_list);
    if (is_list) {
      r.set("diff", ListDiff(before, value, lang, f == domain::ServiceField::kIndustries));
    } else {
      r.set("before", before);
      r.set("after", value);
    }
    r.set("same", Trim(before) == Trim(value));
    rows.push_back(r);
  }
  d.set("rows", rows);
  SendPage(app, req, res, lang, "proposal", d, Message(lang, "proposal_title"), "", 200, &auth);
}

}  // namespace proven::web
