#include "web/programme/waf_run_pages.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "web/programme/programme_json.hpp"
#include "web/programme/verification_pages.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using nlohmann::ordered_json;

namespace {

std::string StateCode(domain::WafRunState s) {
  return std::string(domain::CodeIn<domain::WafRunState>(domain::kWafRunStateCodes, s));
}

ordered_json TextOrNull(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

}  // namespace

ordered_json WafRunJson(const domain::WafRun& run) {
  const auto [key, detail] = services::SplitWafRunError(run.error);
  return ordered_json{{"id", run.id},
                      {"verification_id", run.verification_id},
                      {"item_id", run.item_id},
                      {"state", StateCode(run.state)},
                      {"progress", {{"done", run.progress_done}, {"total", run.progress_total}}},
                      {"requested_by", run.requested_by},
                      {"requested_at", run.requested_at},
                      {"started_at", TextOrNull(run.started_at)},
                      {"finished_at", TextOrNull(run.finished_at)},
                      {"error", TextOrNull(key)},
                      {"error_detail", TextOrNull(detail)},
                      {"evidence_id", run.evidence_id ? ordered_json(*run.evidence_id) : ordered_json(nullptr)},
                      {"grade", TextOrNull(run.grade)},
                      {"balanced_accuracy", TextOrNull(run.balanced_accuracy)},
                      {"url", fmt::format("/api/v1/waf-runs/{}", run.id)}};
}

void HandleWafRunForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req, 1);
  auto run = app.waf_runs.Enqueue(*auth.actor, id, PathId(req, 2));
  if (!run) return VerificationPageError(app, auth, req, res, run.error());
  RedirectWithNotice(app, auth, res, fmt::format("/verifications/{}/waf-runs/{}", id, run->id),
                     "ver_notice_waf_run_queued");
}

void HandleWafRunPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto detail = app.waf_runs.Get(*auth.actor, PathId(req, 2));
  // The run must belong to the verification in the path.
  if (detail && detail->run.verification_id != PathId(req, 1)) {
    detail = Fail(Reason{"error.waf_run.not_found", {{"id", std::to_string(PathId(req, 2))}}}, ErrorCode::kNotFound,
                  "no such WAF run");
  }
  if (!detail) return ErrorPage(app, &auth, req, res, detail.error(), "verification", /*explain_forbidden=*/true);
  const auto& r = detail->run;
  mst::data d;
  d.set("id", std::to_string(r.id));
  d.set("verification_id", std::to_string(r.verification_id));
  d.set("product", detail->verification.product_name);
  d.set("item_title", detail->item_title);
  d.set("target", detail->target);
  d.set("state", StateCode(r.state));
  d.set("state_label", CodeLabel(lang, "waf_run_state", StateCode(r.state)));
  d.set("active", r.Active());
  if (r.Active()) d.set("refresh_seconds", std::string("5"));
  d.set("progress", Message(lang, "waf_run_progress_value",
                            {{"done", std::to_string(r.progress_done)}, {"total", std::to_string(r.progress_total)}}));
  d.set("progress_done", std::to_string(r.progress_done));
  d.set("progress_total", std::to_string(r.progress_total > 0 ? r.progress_total : 1));
  d.set("requested", Message(lang, "waf_run_requested_value", {{"at", JstText(r.requested_at)}, {"by", detail->requested_by}}));
  if (!r.started_at.empty()) d.set("started_at", JstText(r.started_at));
  if (!r.finished_at.empty()) d.set("finished_at", JstText(r.finished_at));
  const auto [key, technical] = services::SplitWafRunError(r.error);
  if (!key.empty()) {
    d.set("error", Message(lang, key));
    if (!technical.empty()) d.set("error_detail", technical);
  }
  if (!r.grade.empty()) d.set("grade", r.grade);
  if (!r.balanced_accuracy.empty()) d.set("balanced_accuracy", r.balanced_accuracy);
  if (r.evidence_id) d.set("evidence_id", std::to_string(*r.evidence_id));
  if (const auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "waf_run", d, Message(lang, "waf_run_title", {{"id", std::to_string(r.id)}}), "", 200,
           &auth);
}

void HandleApiWafRunCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto run = app.waf_runs.Enqueue(*auth.actor, PathId(req, 1), PathId(req, 2));
  if (!run) return SetJsonError(res, run.error());
  res.set_header("Location", fmt::format("/api/v1/waf-runs/{}", run->id));
  SetJson(res, 202, Dump(WafRunJson(*run)));
}

void HandleApiWafRun(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto detail = app.waf_runs.Get(*auth.actor, PathId(req, 1));
  if (!detail) return SetJsonError(res, detail.error());
  SetJson(res, 200, Dump(WafRunJson(detail->run)));
}

}  // namespace proven::web
