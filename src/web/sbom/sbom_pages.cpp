// The SBOM and vulnerability pages (issue 15): the vendor's SBOMs of a product with the upload and
// VEX forms, one SBOM's findings (with the vendor's statement beside each), and a user company's
// portfolio with its alerts. Server-rendered, no script needed.
#include <fmt/core.h>
#include <fmt/format.h>

#include "core/text.hpp"
#include "web/auth.hpp"
#include "web/page_support.hpp"
#include "web/sbom/sbom.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

constexpr int kPortfolioAlerts = 50;

std::string StatusLabel(Lang lang, const std::string& status) { return CodeLabel(lang, "vex_status", status); }

mst::data StatusOptions(Lang lang) {
  mst::data list = EmptyList();
  for (auto s : {sbom::VexStatus::kNotAffected, sbom::VexStatus::kAffected, sbom::VexStatus::kFixed,
                 sbom::VexStatus::kUnderInvestigation}) {
    mst::data o;
    const std::string code(sbom::VexStatusName(s));
    o.set("code", code);
    o.set("label", StatusLabel(lang, code));
    list.push_back(o);
  }
  return list;
}

// OpenVEX's justifications, the ones the form offers for not_affected.
mst::data JustificationOptions(Lang lang) {
  mst::data list = EmptyList();
  for (const char* code : {"component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
                           "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"}) {
    mst::data o;
    o.set("code", std::string(code));
    o.set("label", CodeLabel(lang, "vex_justification", code));
    list.push_back(o);
  }
  return list;
}

mst::data StatementData(Lang lang, const store::VexRow& v) {
  mst::data d;
  d.set("status", v.status);
  d.set("status_label", StatusLabel(lang, v.status));
  d.set("justification", OptionalText(v.justification.empty() ? "" : CodeLabel(lang, "vex_justification", v.justification)));
  d.set("detail", OptionalText(v.detail));
  d.set("stated_at", JstText(v.stated_at));
  d.set("stated_by", v.stated_by_email);
  return d;
}

mst::data SbomRows(Lang lang, const std::vector<store::SbomRow>& sboms) {
  mst::data list = EmptyList();
  for (const auto& s : sboms) {
    mst::data d;
    d.set("id", std::to_string(s.id));
    d.set("product_id", std::to_string(s.product_id));
    d.set("release", s.release);
    d.set("format", Message(lang, "sbom_format_value", {{"format", s.format == "spdx" ? "SPDX" : "CycloneDX"},
                                                         {"version", s.spec_version}}));
    d.set("components", std::to_string(s.components));
    d.set("uploaded_at", JstText(s.uploaded_at));
    list.push_back(d);
  }
  return list;
}

mst::data AlertRows(const std::vector<store::AlertRow>& alerts) {
  mst::data list = EmptyList();
  for (const auto& a : alerts) {
    mst::data d;
    d.set("product_id", std::to_string(a.product_id));
    d.set("product", a.product_name);
    d.set("sbom_id", std::to_string(a.sbom_id));
    d.set("release", a.release);
    d.set("record", a.record_id);
    d.set("summary", OptionalText(a.summary));
    d.set("created_at", JstText(a.created_at));
    const auto components = nlohmann::json::parse(a.components, nullptr, false);
    std::string names;
    if (components.is_array()) {
      for (const auto& c : components) {
        if (!names.empty()) names += ", ";
        names += c.value("name", std::string()) + " " + c.value("version", std::string());
      }
    }
    d.set("components", names);
    list.push_back(d);
  }
  return list;
}

void RenderVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                      std::int64_t product_id, const Error* error, int status) {
  auto sboms = app.sboms.Sboms(*auth.actor, product_id);
  if (!sboms) return ErrorPage(app, &auth, req, res, sboms.error(), "sbom");
  auto status_now = app.sboms.OsvData();
  if (!status_now) return ErrorPage(app, &auth, req, res, status_now.error(), "sbom");
  auto alerts = app.sboms.Alerts(*auth.actor, kPortfolioAlerts);
  if (!alerts) return ErrorPage(app, &auth, req, res, alerts.error(), "sbom");
  std::vector<store::AlertRow> mine;
  for (auto& a : *alerts) {
    if (a.product_id == product_id) mine.push_back(std::move(a));
  }
  auto view = app.verifications.Product(product_id);
  if (!view) return ErrorPage(app, &auth, req, res, view.error(), "sbom");
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("product_id", std::to_string(product_id));
  d.set("product", view->product.name);
  d.set("sboms", SbomRows(lang, *sboms));
  d.set("has_sboms", !sboms->empty());
  d.set("alerts", AlertRows(mine));
  d.set("has_alerts", !mine.empty());
  auto feed = app.sboms.FeedPath(*auth.actor);
  if (!feed) return ErrorPage(app, &auth, req, res, feed.error(), "sbom");
  d.set("feed_url", OptionalText(feed->empty() ? "" : *feed + (lang == Lang::kEn ? "&lang=en" : "")));
  d.set("snapshot", status_now->snapshot);
  d.set("records", std::to_string(status_now->records));
  d.set("release", FormValue(req, "release"));
  if (error) {
    const auto form = FormErrorsOf(lang, *error, "sbom");
    d.set("error", form.summary);
    mst::data problems = EmptyList();
    for (const auto& p : form.list) problems.push_back(p);
    d.set("problems", problems);
    d.set("has_problems", form.list.size() > 1);
  }
  if (const auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "sbom_vendor", d, Message(lang, "sbom_vendor_title", {{"product", view->product.name}}),
           "", status, &auth);
}

}  // namespace

void HandleVendorSbomsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  RenderVendorPage(app, auth, req, res, lang, PathId(req, 1), nullptr, 200);
}

void HandleVendorSbomUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto product_id = PathId(req, 1);
  const std::string release = FormValue(req, "release");
  const FormPart* file = req.part("document");
  if (!file || file->content.empty()) {
    const Error e = MakeError(Reason{"error.sbom.no_file", {}}, ErrorCode::kInvalidArgument, "choose an SBOM file", "",
                              "document");
    return RenderVendorPage(app, auth, req, res, lang, product_id, &e, 400);
  }
  auto up = app.sboms.Upload(*auth.actor, product_id, release, file->content, std::string(LangCode(lang)));
  if (!up) {
    if (up.error().code == ErrorCode::kNotFound || up.error().code == ErrorCode::kPermissionDenied ||
        up.error().code == ErrorCode::kUnavailable || up.error().code == ErrorCode::kInternal) {
      return ErrorPage(app, &auth, req, res, up.error(), "sbom");
    }
    return RenderVendorPage(app, auth, req, res, lang, product_id, &up.error(), 400);
  }
  RedirectWithNotice(app, auth, res, fmt::format("/products/{}/sboms/{}", product_id, up->sbom.id), "sbom_notice_uploaded",
                     {{"components", std::to_string(up->sbom.components)},
                      {"findings", std::to_string(up->check.findings.size())}});
}

void HandleVendorVexForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto product_id = PathId(req, 1);
  const std::string back = FormValue(req, "sbom");
  const std::string location = !back.empty() && back.size() < 18 && back.find_first_not_of("0123456789") == std::string::npos
                                   ? fmt::format("/products/{}/sboms/{}", product_id, back)
                                   : fmt::format("/vendor/products/{}/sboms", product_id);
  if (const FormPart* file = req.part("vex"); file && !file->content.empty()) {
    auto stated = app.sboms.UploadVex(*auth.actor, product_id, file->content);
    if (!stated) {
      if (stated.error().code == ErrorCode::kInvalidArgument || stated.error().code == ErrorCode::kResourceExhausted) {
        return RenderVendorPage(app, auth, req, res, lang, product_id, &stated.error(), 400);
      }
      return ErrorPage(app, &auth, req, res, stated.error(), "sbom");
    }
    return RedirectWithNotice(app, auth, res, location, "sbom_notice_vex_document",
                              {{"count", std::to_string(stated->size())}});
  }
  services::VexInput in;
  for (auto [key, field] : {std::pair{"vulnerability", &in.vulnerability}, std::pair{"status", &in.status},
                            std::pair{"justification", &in.justification}, std::pair{"detail", &in.detail}}) {
    *field = FormValue(req, key);
  }
  if (const std::string scope = FormValue(req, "scope"); !Trim(scope).empty()) in.scope.push_back(std::string(Trim(scope)));
  auto stated = app.sboms.State(*auth.actor, product_id, in);
  if (!stated) return ErrorPage(app, &auth, req, res, stated.error(), "vex", /*explain_forbidden=*/true);
  RedirectWithNotice(app, auth, res, location, "sbom_notice_vex_stated",
                     {{"id", stated->vulnerability}, {"status", StatusLabel(lang, stated->status)}});
}

void HandleSbomReportPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto product_id = PathId(req, 1);
  auto report = app.sboms.Report(*auth.actor, product_id, PathId(req, 2));
  if (!report) return ErrorPage(app, &auth, req, res, report.error(), "sbom");
  const bool vendor = report->product.vendor_org_id == auth.actor->organisation_id.value_or(-1) ||
                      auth.actor->Has(domain::Role::kAdmin);
  const bool can_state = vendor && domain::AuthorizeRole(*auth.actor, domain::Action::kManageSboms).has_value();
  mst::data d;
  d.set("csrf", auth.csrf);
  d.set("product_id", std::to_string(product_id));
  d.set("product", report->product.name);
  d.set("vendor", report->product.vendor);
  d.set("sbom_id", std::to_string(report->sbom.id));
  d.set("release", report->sbom.release);
  d.set("format", Message(lang, "sbom_format_value", {{"format", report->sbom.format == "spdx" ? "SPDX" : "CycloneDX"},
                                                       {"version", report->sbom.spec_version}}));
  d.set("uploaded_at", JstText(report->sbom.uploaded_at));
  d.set("sha256", report->sbom.sha256);
  d.set("snapshot", report->snapshot);
  d.set("counts", Message(lang, "sbom_counts", {{"components", std::to_string(report->components)},
                                                {"findings", std::to_string(report->findings.size())},
                                                {"open", std::to_string(report->open)},
                                                {"unmatched", std::to_string(report->unmatched.size())}}));
  d.set("can_state", can_state);
  d.set("is_vendor", vendor);
  d.set("statuses", StatusOptions(lang));
  d.set("justifications", JustificationOptions(lang));
  mst::data findings = EmptyList();
  for (const auto& view : report->findings) {
    const auto& f = view.finding;
    mst::data row;
    row.set("component", f.component_name.empty() ? f.component_ref : f.component_name);
    row.set("version", f.component_version);
    row.set("purl", f.purl);
    row.set("id", f.match.id);
    row.set("aliases", OptionalText(fmt::format("{}", fmt::join(f.match.aliases, ", "))));
    row.set("range", f.match.vers);
    row.set("comparator", std::string(sbom::ComparatorName(f.match.comparator)));
    row.set("summary", OptionalText(f.summary));
    row.set("severity", OptionalText(f.severity));
    if (view.statement) {
      row.set("statement", StatementData(lang, *view.statement));
    } else {
      row.set("statement", false);
    }
    findings.push_back(row);
  }
  d.set("findings", findings);
  d.set("has_findings", !report->findings.empty());
  mst::data unmatched = EmptyList();
  for (const auto& u : report->unmatched) {
    mst::data row;
    row.set("component", u.component_name.empty() ? u.component_ref : u.component_name);
    row.set("purl", OptionalText(u.purl));
    row.set("reason", CodeLabel(lang, "sbom_unmatched", sbom::UnmatchedCode(u.reason)));
    row.set("detail", OptionalText(u.detail));
    unmatched.push_back(row);
  }
  d.set("unmatched", unmatched);
  d.set("has_unmatched", !report->unmatched.empty());
  if (const auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "sbom_report", d,
           Message(lang, "sbom_report_title", {{"product", report->product.name}, {"release", report->sbom.release}}), "",
           200, &auth);
}

void HandlePortfolioPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto items = app.sboms.Portfolio(*auth.actor);
  if (!items) return ErrorPage(app, &auth, req, res, items.error(), "portfolio");
  auto alerts = app.sboms.Alerts(*auth.actor, kPortfolioAlerts);
  if (!alerts) return ErrorPage(app, &auth, req, res, alerts.error(), "portfolio");
  mst::data d;
  d.set("csrf", auth.csrf);
  mst::data rows = EmptyList();
  for (const auto& p : *items) {
    mst::data row;
    row.set("product_id", std::to_string(p.product.id));
    row.set("product", p.product.name);
    row.set("vendor", p.product.vendor);
    row.set("added_at", JstText(p.entry.added_at));
    if (p.latest) {
      row.set("sbom_id", std::to_string(p.latest->id));
      row.set("release", p.latest->release);
      row.set("findings", std::to_string(p.findings));
      row.set("open", std::to_string(p.open));
      row.set("affected", p.open > 0);
    } else {
      row.set("sbom_id", false);
    }
    rows.push_back(row);
  }
  d.set("items", rows);
  d.set("has_items", !items->empty());
  d.set("alerts", AlertRows(*alerts));
  d.set("has_alerts", !alerts->empty());
  auto feed = app.sboms.FeedPath(*auth.actor);
  if (!feed) return ErrorPage(app, &auth, req, res, feed.error(), "portfolio");
  d.set("feed_url", OptionalText(feed->empty() ? "" : *feed + (lang == Lang::kEn ? "&lang=en" : "")));
  // ?add=ID: the confirmation for adding a product (linked from its public page).
  if (const std::string add = req.get_param_value("add"); !add.empty()) {
    std::int64_t id = 0;
    if (add.find_first_not_of("0123456789") == std::string::npos && add.size() < 18) id = std::stoll(add);
    auto view = id > 0 ? app.verifications.Product(id) : Result<services::ProductView>(Fail(ErrorCode::kNotFound, ""));
    if (view) {
      d.set("add_id", std::to_string(id));
      d.set("add_name", view->product.name);
    }
  }
  if (const auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "portfolio", d, Message(lang, "portfolio_title"), "", 200, &auth);
}

void HandlePortfolioForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const std::string op(PathParam(req, 2));
  const auto product_id = PathId(req, 1);
  if (op == "remove") {
    auto removed = app.sboms.Remove(*auth.actor, product_id);
    if (!removed) return ErrorPage(app, &auth, req, res, removed.error(), "portfolio");
    return RedirectWithNotice(app, auth, res, "/portfolio", "portfolio_notice_removed");
  }
  auto added = app.sboms.Add(*auth.actor, product_id, std::string(LangCode(lang)));
  if (!added) return ErrorPage(app, &auth, req, res, added.error(), "portfolio");
  RedirectWithNotice(app, auth, res, "/portfolio", *added ? "portfolio_notice_added" : "portfolio_notice_already");
}

}  // namespace proven::web
