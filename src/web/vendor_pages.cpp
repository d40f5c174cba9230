// A vendor's own services, each with a form to propose a new overview, industries, regions and
// URL — the same controls as the service form — and its proposals with their status. An error
// shows next to the field it concerns, on the service's form, with the proposal as typed.
#include <algorithm>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"
#include "web/staff_pages.hpp"
#include "web/vocabulary.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;

namespace {

// What a failed proposal had typed, for the form it came from.
struct Typed {
  std::int64_t service_id = 0;
  domain::ServiceCells cells;
  const Error* error = nullptr;
};

std::string CellOr(const Typed& typed, std::int64_t id, domain::ServiceField f, const std::string& current) {
  if (typed.service_id != id) return current;
  const auto& c = typed.cells[static_cast<std::size_t>(f)];
  return c ? *c : current;
}

void RenderVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res, const Typed& typed,
                      int status) {
  const Lang lang = ResolveLang(req, res);
  mst::data d;
  d.set("organisation", auth.actor->organisation);
  if (status == 200) {
    if (auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  }
  FormErrors errors;
  if (typed.error) {
    errors = FormErrorsOf(lang, *typed.error);
    SetErrorSummary(d, lang, *typed.error, "p" + std::to_string(typed.service_id) + "-");
    if (typed.error->field.empty()) d.set("error_href", "#svc-" + std::to_string(typed.service_id));
  }
  search::ServiceQuery own;
  own.as_of = app.today();
  own.status = search::StatusFilter::kAll;
  // Find the provider's services by its name (a text search), then keep exact matches only.
  own.text = auth.actor->organisation;
  own.limit = 200;
  auto mine = app.registry.Search(own);
  if (!mine) return RespondError(app, req, res, mine.error());
  mst::data list{mst::data::type::list};
  for (const auto& s : mine->items) {
    if (s.provider != auth.actor->organisation) continue;
    using F = domain::ServiceField;
    const bool failed = typed.service_id == s.id;
    mst::data row;
    const std::string id = std::to_string(s.id);
    row.set("id", id);
    row.set("name", s.name);
    row.set("overview", CellOr(typed, s.id, F::kOverview, s.overview));
    row.set("overview_max", std::to_string(domain::LimitOf(F::kOverview).max_chars));
    row.set("url", CellOr(typed, s.id, F::kUrl, s.url));
    row.set("industry_options",
            IndustryOptions(lang, domain::SplitListCell(CellOr(typed, s.id, F::kIndustries, Join(s.industries, "、")))));
    row.set("region_groups",
            RegionOptionGroups(lang, domain::SplitListCell(CellOr(typed, s.id, F::kRegions, Join(s.regions, "、")))));
    for (const char* key : {"overview", "industries", "regions", "url"}) {
      mst::data f;
      SetFieldErrors(f, failed ? errors : FormErrors{}, key);
      row.set(std::string("e_") + key, f);
    }
    row.set("csrf", auth.csrf);
    list.push_back(row);
  }
  d.set("services", list);
  mst::data proposals{mst::data::type::list};
  if (auto mine_p = app.registrar.ListProposals(*auth.actor, 0, 50)) {  // the newest 50
    for (const auto& p : mine_p->items) {
      mst::data x;
      x.set("service_name", p.service_name);
      x.set("status", CodeLabel(lang, "proposal_status", p.status));
      x.set("status_code", p.status);
      x.set("created_at", JstText(p.created_at));
      x.set("created_iso", p.created_at);
      x.set("reason", p.reason);
      proposals.push_back(x);
    }
  }
  d.set("has_proposals", !proposals.is_empty_list());
  d.set("proposals", proposals);
  SendPage(app, req, res, lang, "vendor", d, Message(lang, "vendor_title"), "", status, &auth);
}

}  // namespace

void HandleVendorPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderVendorPage(app, auth, req, res, {}, 200);
}

void HandleVendorPropose(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::int64_t id = PathId(req);
  // The form shows every proposable field: propose only those the provider actually changed.
  auto current = app.registry.GetService(id);
  if (!current) return RespondError(app, req, res, current.error());
  if (!*current) return RenderErrorPage(app, req, res, 404);
  const auto now = domain::CellsFromService(**current);
  Typed typed;
  typed.service_id = id;
  domain::ServiceCells changed;
  for (auto f : services::kProposableFields) {
    const std::string key(domain::FieldInfo(f).key);
    std::optional<std::string> value;
    if (f == domain::ServiceField::kIndustries || f == domain::ServiceField::kRegions) {
      if (req.form.contains(key) || req.form.contains(key + "_shown")) value = Join(FormValues(req, key), "、");
    } else if (req.form.contains(key)) {
      value = FormValue(req, key);
    }
    if (!value) continue;
    typed.cells[static_cast<std::size_t>(f)] = *value;
    // Compared trimmed (lists item by item), passed as given: the service checks the limits
    // before it trims.
    const bool same = (f == domain::ServiceField::kIndustries || f == domain::ServiceField::kRegions)
                          ? domain::SplitListCell(*value) == domain::SplitListCell(now[static_cast<std::size_t>(f)])
                          : Trim(*value) == Trim(now[static_cast<std::size_t>(f)]);
    if (!same) changed[static_cast<std::size_t>(f)] = *value;
  }
  Result<std::int64_t> proposal =
      std::any_of(changed.begin(), changed.end(), [](const auto& c) { return c.has_value(); })
          ? app.registrar.Propose(*auth.actor, id, changed)
          : Result<std::int64_t>(Fail(Reason{"error.proposal.nothing_changed", {}}, ErrorCode::kInvalidArgument,
                                      "nothing was changed"));
  if (!proposal) {
    const int status = HttpStatusFor(proposal.error().code);
    if (status == 403 || status == 404 || status >= 500) return ErrorPage(app, &auth, req, res, proposal.error());
    typed.error = &proposal.error();
    return RenderVendorPage(app, auth, req, res, typed, status);
  }
  RedirectWithNotice(app, auth, res, "/vendor", "notice_proposed");
}

}  // namespace proven::web
