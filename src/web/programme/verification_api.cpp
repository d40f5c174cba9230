#include "web/programme/verification_api.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "services/programme/programme_records.hpp"
#include "services/query_params.hpp"
#include "web/http_parse.hpp"
#include "waf/summary.hpp"
#include "web/programme/programme_json.hpp"
#include "web/waf/waf_report_html.hpp"

namespace proven::web {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> BodyError(const std::string& message, const std::string& field) {
  // (Not std::move(field) beside fmt::format(…, field, …): the order arguments are evaluated in is
  // unspecified, and GCC moves first, leaving the message without the field's name.)
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

Result<json> Object(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return j;
}

// A string member ("" when absent); kInvalidArgument when present and not a string.
Result<std::string> Text(const json& j, const std::string& key, const std::string& at) {
  if (!j.contains(key) || j[key].is_null()) return std::string();
  if (!j[key].is_string()) return BodyError("must be a string", at + key);
  return j[key].get<std::string>();
}

Result<std::vector<services::PlanItemInput>> PlanFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  if (!j->contains("items") || !(*j)["items"].is_array()) return BodyError("must be a list of items", "items");
  std::vector<services::PlanItemInput> out;
  for (std::size_t i = 0; i < (*j)["items"].size(); ++i) {
    const json& x = (*j)["items"][i];
    const std::string at = fmt::format("items[{}].", i);
    if (!x.is_object()) return BodyError("must be an object", at.substr(0, at.size() - 1));
    services::PlanItemInput item;
    if (x.contains("id")) {
      if (!x["id"].is_number_integer()) return BodyError("must be a whole number", at + "id");
      item.id = x["id"].get<std::int64_t>();
    }
    for (auto [key, target] : {std::pair{"title", &item.title}, {"environment", &item.environment},
                               {"method", &item.method}, {"expected", &item.expected}}) {
      auto t = Text(x, key, at);
      if (!t) return Fail(t.error());
      *target = *t;
    }
    // The kind (default manual) and a WAF effectiveness item's target (issue 14).
    if (x.contains("kind") && !x["kind"].is_null()) {
      auto kind = x["kind"].is_string()
                      ? domain::ValueIn<domain::ItemKind>(domain::kItemKindCodes, x["kind"].get<std::string>())
                      : std::nullopt;
      if (!kind) return BodyError("must be manual or waf_effectiveness", at + "kind");
      item.kind = *kind;
    }
    auto waf_target = Text(x, "waf_target", at);
    if (!waf_target) return Fail(waf_target.error());
    item.waf_target = *waf_target;
    out.push_back(std::move(item));
  }
  return out;
}

Result<services::RecordInput> RecordFromJson(std::string_view body) {
  auto j = Object(body);
  if (!j) return Fail(j.error());
  services::RecordInput in;
  for (auto it = j->begin(); it != j->end(); ++it) {
    const std::string& key = it.key();
    if (key == "summary") {
      auto t = Text(*j, "summary", "");
      if (!t) return Fail(t.error());
      in.summary = *t;
    } else if (key == "results") {
      if (!it->is_array()) return BodyError("must be a list", "results");
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& r = (*it)[i];
        const std::string at = fmt::format("results[{}].", i);
        if (!r.is_object() || !r.contains("item_id") || !r["item_id"].is_number_integer()) {
          return BodyError("needs item_id, a whole number", at + "item_id");
        }
        services::ResultInput out;
        out.item_id = r["item_id"].get<std::int64_t>();
        if (r.contains("result") && !r["result"].is_null()) {
          auto code = r["result"].is_string()
                          ? domain::ValueIn<domain::ItemResult>(domain::kItemResultCodes, r["result"].get<std::string>())
                          : std::nullopt;
          if (!code) return BodyError("must be pass, partial, fail or not_applicable", at + "result");
          out.result = code;
        }
        if (r.contains("metric") && !r["metric"].is_null()) {
          const json& m = r["metric"];
          if (!m.is_object() || !m.contains("value") || !m["value"].is_string()) {
            return BodyError("needs value as a string such as \"0.962\"", at + "metric.value");
          }
          domain::Metric metric{m["value"].get<std::string>(), "", std::nullopt};
          auto unit = Text(m, "unit", at + "metric.");
          if (!unit) return Fail(unit.error());
          metric.unit = *unit;
          if (m.contains("sample_size") && !m["sample_size"].is_null()) {
            if (!m["sample_size"].is_number_integer()) return BodyError("must be a whole number", at + "metric.sample_size");
            metric.sample_size = m["sample_size"].get<std::int64_t>();
          }
          out.metric = metric;
        }
        auto notes = Text(r, "notes", at);
        if (!notes) return Fail(notes.error());
        out.notes = *notes;
        in.results.push_back(std::move(out));
      }
    } else if (key == "strong_points") {
      if (!it->is_array()) return BodyError("must be a list", "strong_points");
      std::vector<domain::StrongPoint> points;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& p = (*it)[i];
        const std::string at = fmt::format("strong_points[{}].", i);
        if (!p.is_object()) return BodyError("must be an object", at.substr(0, at.size() - 1));
        domain::StrongPoint point;
        auto text = Text(p, "text", at);
        if (!text) return Fail(text.error());
        point.text = *text;
        if (p.contains("items")) {
          if (!p["items"].is_array()) return BodyError("must be a list of item ids", at + "items");
          for (const auto& id : p["items"]) {
            if (!id.is_number_integer()) return BodyError("must be a list of item ids", at + "items");
            point.item_ids.push_back(id.get<std::int64_t>());
          }
        }
        points.push_back(std::move(point));
      }
      in.strong_points = std::move(points);
    } else if (key == "trial") {
      if (it->is_null()) {
        in.trial = std::optional<domain::Trial>();
        continue;
      }
      if (!it->is_object()) return BodyError("must be an object or null", "trial");
      domain::Trial t;
      for (auto [k, target] : {std::pair{"organisation", &t.organisation}, {"period", &t.period}, {"scope", &t.scope},
                               {"findings", &t.findings}, {"user_comments", &t.user_comments}}) {
        auto v = Text(*it, k, "trial.");
        if (!v) return Fail(v.error());
        *target = *v;
      }
      in.trial = std::optional<domain::Trial>(t);
    } else {
      return Fail(Reason{"error.body.unknown_field", {{"value", Ellipsize(key, 40)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("'{}' is not a field here", Ellipsize(key, 40)), {}, Ellipsize(key, 40));
    }
  }
  return in;
}

// An item's WAF run summary for the API (null for none): waf::SummaryJson with evidence_id always
// present (null for summaries stored before it was kept) and the links to the report.
ordered_json ItemWafJson(const std::string& stored) {
  const auto s = waf::ReadSummaryText(stored);
  if (!s) return nullptr;
  auto j = waf::SummaryJson(*s);
  j["evidence_id"] = s->evidence_id ? ordered_json(*s->evidence_id) : ordered_json(nullptr);
  j["evidence_url"] = s->evidence_id ? ordered_json(fmt::format("/api/v1/evidence/{}", *s->evidence_id)) : ordered_json(nullptr);
  j["html_url"] = s->evidence_id ? ordered_json(fmt::format("/api/v1/evidence/{}/waf.html", *s->evidence_id))
                                 : ordered_json(nullptr);
  return j;
}

ordered_json VerificationJson(const domain::Verification& v) {
  auto j = services::VerificationRecord(v);
  // Each item's WAF run summary (null for none) and its agreed WAF target: for those who may see the
  // verification, the target never published.
  for (std::size_t i = 0; i < v.items.size() && i < j["items"].size(); ++i) {
    j["items"][i]["waf"] = ItemWafJson(v.items[i].waf_summary);
    j["items"][i]["waf_target"] = v.items[i].waf_target;
  }
  j["created_at"] = v.created_at;
  j["updated_at"] = v.updated_at;
  j["plan_agreed_at"] = v.plan_agreed_at.empty() ? ordered_json(nullptr) : ordered_json(v.plan_agreed_at);
  j["submitted_at"] = v.submitted_at.empty() ? ordered_json(nullptr) : ordered_json(v.submitted_at);
  j["approved_at"] = v.approved_at.empty() ? ordered_json(nullptr) : ordered_json(v.approved_at);
  return j;
}

void SendVerification(Response& res, const Result<domain::Verification>& v, int status = 200) {
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, status, Dump(VerificationJson(*v)));
}

}  // namespace

void HandleApiVerifications(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto list = app.verifications.List(*auth.actor);
  if (!list) return SetJsonError(res, list.error());
  ordered_json items = ordered_json::array();
  for (const auto& v : *list) items.push_back(VerificationJson(v));
  SetJson(res, 200, Dump(ordered_json{{"items", items}}));
}

void HandleApiVerificationStart(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = Object(req.body);
  if (!j) return SetJsonError(res, j.error());
  if (!j->contains("application_id") || !(*j)["application_id"].is_number_integer()) {
    return SetJsonError(res, BodyError("must be a whole number", "application_id").value());
  }
  auto v = app.verifications.Start(*auth.actor, (*j)["application_id"].get<std::int64_t>());
  if (v) res.set_header("Location", fmt::format("/api/v1/verifications/{}", v->id));
  SendVerification(res, v, 201);
}

namespace {

// Which item an evidence file supports (the item whose evidence_ids hold it), if any.
std::optional<std::int64_t> ItemOfEvidence(const domain::Verification& v, std::int64_t evidence_id) {
  for (const auto& item : v.items) {
    for (auto e : item.evidence_ids) {
      if (e == evidence_id) return item.id;
    }
  }
  return std::nullopt;
}

ordered_json EvidenceJson(const store::Attachment& a, std::optional<std::int64_t> item_id) {
  return ordered_json{{"id", a.id},
                      {"verification_id", a.application_id},
                      {"item_id", item_id ? ordered_json(*item_id) : ordered_json(nullptr)},
                      {"filename", a.filename},
                      {"content_type", a.content_type},
                      {"size", a.size},
                      {"sha256", a.sha256},
                      {"uploaded_at", a.uploaded_at},
                      {"url", fmt::format("/api/v1/evidence/{}", a.id)}};
}

}  // namespace

void HandleApiVerification(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto d = app.verifications.Detail(*auth.actor, PathId(req));
  if (!d) return SetJsonError(res, d.error());
  auto j = VerificationJson(d->verification);
  j["evidence"] = ordered_json::array();
  for (const auto& e : d->evidence) j["evidence"].push_back(EvidenceJson(e, ItemOfEvidence(d->verification, e.id)));
  SetJson(res, 200, Dump(j));
}

// multipart/form-data with a `file` part (and optionally `item_id`), or the raw bytes with
// ?filename=&item_id= — as application attachments.
void HandleApiEvidenceUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  std::string filename = req.get_param_value("filename");
  std::string item = req.get_param_value("item_id");
  std::string_view content = req.body;
  if (!req.parts.empty() || MultipartBoundary(req.get_header_value("Content-Type"))) {
    const FormPart* part = req.part("file");
    if (!part) {
      return SetJsonError(res, MakeError(Reason{"error.attachment.no_file", {}}, ErrorCode::kInvalidArgument,
                                         "send the file as the multipart part named 'file'", {}, "file"));
    }
    filename = part->filename;
    content = part->content;
    if (item.empty()) item = FormValue(req, "item_id");
  }
  std::optional<std::int64_t> item_id;
  item = std::string(Trim(item));
  if (!item.empty()) {
    if (item.size() > 18 || item.find_first_not_of("0123456789") != std::string::npos) {
      return SetJsonError(res, BodyError("must be a whole number", "item_id").value());
    }
    item_id = std::stoll(item);
  }
  auto record = app.verifications.AddEvidence(*auth.actor, PathId(req), item_id, filename, content);
  if (!record) return SetJsonError(res, record.error());
  res.set_header("Location", fmt::format("/api/v1/evidence/{}", record->id));
  SetJson(res, 201, Dump(EvidenceJson(*record, item_id)));
}

void HandleApiEvidence(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto file = app.verifications.GetEvidence(*auth.actor, PathId(req));
  if (!file) return SetJsonError(res, file.error());
  // Always a download, never rendered in the site's origin (as application attachments).
  std::string ascii;
  for (unsigned char c : file->first.filename) ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? char(c) : '_';
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii,
                                                    services::PercentEncode(file->first.filename)));
  res.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
  res.status = 200;
  res.set_content(file->second, file->first.content_type);
}

// The HTML summary of a `proven waf` report held as evidence (web::WafReportHtml), ?lang=ja|en.
// Our own rendering of a checked report, shown inline: its styles are inline, so it carries its own
// CSP (no scripts, sandboxed) rather than the site's; never stored.
void HandleApiEvidenceWafHtml(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto report = app.verifications.GetWafReport(*auth.actor, PathId(req));
  if (!report) return SetJsonError(res, report.error());
  const Lang lang = ResolveLang(req, res);
  auto html = WafReportHtml(report->second, lang);
  if (!html) return SetJsonError(res, html.error());
  // Instead of the site's policy (two policies would both apply, and the site's forbids inline styles).
  res.headers.erase(std::string("Content-Security-Policy"));
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'; sandbox");
  res.set_header("Cache-Control", "no-store");
  res.status = 200;
  res.set_content(*html, "text/html; charset=utf-8");
}

void HandleApiVerificationRecord(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = RecordFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  SendVerification(res, app.verifications.Record(*auth.actor, PathId(req), *in));
}

void HandleApiVerificationVerifiers(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto body = StringsFromJson(req.body, {"email"});
  if (!body) return SetJsonError(res, body.error());
  SendVerification(res, app.verifications.AppointVerifier(*auth.actor, PathId(req), (*body)["email"]), 201);
}

void HandleApiVerificationPlan(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto items = PlanFromJson(req.body);
  if (!items) return SetJsonError(res, items.error());
  SendVerification(res, app.verifications.EditPlan(*auth.actor, PathId(req), *items));
}

// POST …/{step}: agree-plan, submit, approve, request-changes {"comments"}, corrections {"reason"}.
void HandleApiVerificationStep(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string_view step = PathParam(req, 2);
  const auto id = PathId(req);
  auto& s = app.verifications;
  if (step == "agree-plan") return SendVerification(res, s.AgreePlan(*auth.actor, id));
  if (step == "submit") return SendVerification(res, s.Submit(*auth.actor, id));
  if (step == "approve") return SendVerification(res, s.Approve(*auth.actor, id));
  auto body = StringsFromJson(req.body.empty() ? std::string_view("{}") : std::string_view(req.body),
                              {"comments", "reason"});
  if (!body) return SetJsonError(res, body.error());
  if (step == "request-changes") return SendVerification(res, s.RequestChanges(*auth.actor, id, (*body)["comments"]));
  SendVerification(res, s.StartCorrection(*auth.actor, id, (*body)["reason"]));
}

void HandleApiVerificationPublish(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto r = app.verifications.Publish(*auth.actor, PathId(req));
  if (!r) return SetJsonError(res, r.error());
  ordered_json j{{"product_id", r->product_id}, {"version", r->version}, {"published_at", r->published_at},
                 {"reason", r->reason}, {"sha256", r->sha256}};
  SetJson(res, 201, Dump(j));
}

namespace {

ordered_json VersionsJson(const services::ProductView& v) {
  ordered_json out = ordered_json::array();
  for (const auto& r : v.versions) {
    out.push_back({{"version", r.version},
                   {"published_at", r.published_at},
                   {"reason", r.reason},
                   {"sha256", r.sha256},
                   {"superseded", r.version < v.product.latest_version},
                   {"pdf", fmt::format("/products/{}/reports/{}.pdf", v.product.id, r.version)}});
  }
  return out;
}

}  // namespace

void HandleApiProduct(AppContext& app, const Request& req, Response& res) {
  auto v = app.verifications.Product(PathId(req));
  if (!v) return SetJsonError(res, v.error());
  const auto& p = v->product;
  ordered_json j{{"id", p.id},
                 {"name", p.name},
                 {"version", p.version},
                 {"vendor", p.vendor},
                 {"overview", p.overview},
                 {"fields", p.field_ids},
                 {"deployment", p.deployment},
                 {"homepage", p.homepage},
                 {"call_id", p.call_id},
                 {"fiscal_year_verified", p.fiscal_year_verified},
                 {"first_published_at", p.first_published_at},
                 {"latest_version", p.latest_version}};
  // The latest version's content: summary, items, results, strong points, trial.
  if (!v->versions.empty()) {
    j["report"] = ordered_json::parse(v->versions.back().content, nullptr, false);
    if (j["report"].is_discarded()) j["report"] = nullptr;
  }
  j["reports"] = VersionsJson(*v);
  SetJson(res, 200, Dump(j));
}

void HandleApiProductReports(AppContext& app, const Request& req, Response& res) {
  auto v = app.verifications.Product(PathId(req));
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(ordered_json{{"product_id", v->product.id}, {"items", VersionsJson(*v)}}));
}

// The stored bytes of a published version (never re-rendered). Downloads are counted per client,
// identified by a hash of its address, never the address itself.
void HandleReportPdf(AppContext& app, const Request& req, Response& res) {
  const auto product = PathId(req, 1);
  const auto version = PathId(req, 2);
  if (version <= 0 || version > 100000) return RespondError(app, req, res, MakeError(ErrorCode::kNotFound, "no such report"));
  auto pdf = app.verifications.ReportPdf(product, static_cast<int>(version), Sha256Hex("download:" + req.remote_addr));
  if (!pdf) return RespondError(app, req, res, pdf.error());
  res.status = 200;
  res.set_header("Content-Disposition", fmt::format("inline; filename=\"proven-report-{}-v{}.pdf\"", product, version));
  res.set_header("Cache-Control", "public, max-age=86400, immutable");
  res.set_content(std::move(*pdf), "application/pdf");
}

}  // namespace proven::web
