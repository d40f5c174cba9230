// The device verification API (issue 16, docs/api.md "Device verification"): thin adapters over
// services::DeviceService. Bodies are strict JSON objects: an unknown key or a value of another
// type is refused naming its key.
#include <fmt/core.h>

#include "core/text.hpp"
#include "web/devices/devices.hpp"
#include "web/sbom/sbom.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

using nlohmann::json;
using nlohmann::ordered_json;
namespace dev = domain::devices;

namespace {

tl::unexpected<Error> BadBody(const std::string& field, std::string message) {
  return Fail(Reason{"error.body.field", {{"field", field}}}, ErrorCode::kInvalidArgument, std::move(message), "", field);
}

// A JSON object whose keys are all in `allowed`.
Result<json> ObjectBody(std::string_view body, std::initializer_list<std::string_view> allowed) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return BadBody(key, fmt::format("{}: not a field here", key));
    }
  }
  return j;
}

Status Text(const json& j, const char* key, std::string& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_string()) return BadBody(key, fmt::format("{}: a string is expected", key));
  out = j[key].get<std::string>();
  return {};
}

Status Texts(const json& j, const char* key, std::vector<std::string>& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_array()) return BadBody(key, fmt::format("{}: an array of strings is expected", key));
  out.clear();
  for (std::size_t i = 0; i < j[key].size(); ++i) {
    if (!j[key][i].is_string()) return BadBody(fmt::format("{}.{}", key, i), fmt::format("{}.{}: a string is expected", key, i));
    out.push_back(j[key][i].get<std::string>());
  }
  return {};
}

Status Int(const json& j, const char* key, int& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_number_integer()) return BadBody(key, fmt::format("{}: an integer is expected", key));
  out = j[key].get<int>();
  return {};
}

Status Bool(const json& j, const char* key, bool& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_boolean()) return BadBody(key, fmt::format("{}: true or false is expected", key));
  out = j[key].get<bool>();
  return {};
}

Result<dev::ProjectInput> ProjectFromJson(std::string_view body) {
  auto j = ObjectBody(body, {"service_id", "title", "device_kind", "model", "firmware_version", "interfaces",
                             "interface_notes", "intended_use", "scope", "depth", "lang"});
  if (!j) return Fail(j.error());
  dev::ProjectInput in;
  if (j->contains("service_id")) {
    if (!(*j)["service_id"].is_number_integer()) return BadBody("service_id", "service_id: an integer is expected");
    in.service_id = (*j)["service_id"].get<std::int64_t>();
  }
  for (auto [key, field] : {std::pair{"title", &in.title}, std::pair{"device_kind", &in.device_kind},
                            std::pair{"model", &in.model}, std::pair{"firmware_version", &in.firmware_version},
                            std::pair{"interface_notes", &in.interface_notes}, std::pair{"intended_use", &in.intended_use},
                            std::pair{"scope", &in.scope}, std::pair{"depth", &in.depth}, std::pair{"lang", &in.lang}}) {
    if (auto st = Text(*j, key, *field); !st) return Fail(st.error());
  }
  if (auto st = Texts(*j, "interfaces", in.interfaces); !st) return Fail(st.error());
  return in;
}

Result<dev::ItemInput> ItemFromJson(std::string_view body) {
  auto j = ObjectBody(body, {"catalogue_code", "title", "method", "tools", "evidence", "threats", "status", "result"});
  if (!j) return Fail(j.error());
  dev::ItemInput in;
  for (auto [key, field] : {std::pair{"catalogue_code", &in.catalogue_code}, std::pair{"title", &in.title},
                            std::pair{"method", &in.method}, std::pair{"tools", &in.tools},
                            std::pair{"evidence", &in.evidence}, std::pair{"status", &in.status},
                            std::pair{"result", &in.result}}) {
    if (auto st = Text(*j, key, *field); !st) return Fail(st.error());
  }
  if (auto st = Texts(*j, "threats", in.threats); !st) return Fail(st.error());
  return in;
}

Result<dev::FindingInput> FindingFromJson(std::string_view body) {
  auto j = ObjectBody(body, {"title", "description", "reproduction", "test_item_id", "threat_id", "cvss31", "cvss40",
                             "withheld"});
  if (!j) return Fail(j.error());
  dev::FindingInput in;
  for (auto [key, field] : {std::pair{"title", &in.title}, std::pair{"description", &in.description},
                            std::pair{"reproduction", &in.reproduction}, std::pair{"threat_id", &in.threat_id},
                            std::pair{"cvss31", &in.cvss31}, std::pair{"cvss40", &in.cvss40}}) {
    if (auto st = Text(*j, key, *field); !st) return Fail(st.error());
  }
  if (j->contains("test_item_id") && !(*j)["test_item_id"].is_null()) {
    if (!(*j)["test_item_id"].is_number_integer()) return BadBody("test_item_id", "test_item_id: an integer is expected");
    in.test_item_id = (*j)["test_item_id"].get<std::int64_t>();
  }
  if (auto st = Bool(*j, "withheld", in.withheld); !st) return Fail(st.error());
  return in;
}

Result<services::ThreatEdit> EditFromJson(std::string_view body) {
  auto j = ObjectBody(body, {"op", "id", "kind", "name", "description", "asset", "entry_point", "out_of_scope",
                             "source", "target", "category", "title", "mitigation", "status", "likelihood", "impact",
                             "steps", "threats"});
  if (!j) return Fail(j.error());
  services::ThreatEdit e;
  for (auto [key, field] : {std::pair{"op", &e.op}, std::pair{"id", &e.id}, std::pair{"kind", &e.kind},
                            std::pair{"name", &e.name}, std::pair{"description", &e.description},
                            std::pair{"source", &e.source}, std::pair{"target", &e.target},
                            std::pair{"category", &e.category}, std::pair{"title", &e.title},
                            std::pair{"mitigation", &e.mitigation}, std::pair{"status", &e.status}}) {
    if (auto st = Text(*j, key, *field); !st) return Fail(st.error());
  }
  for (auto [key, field] : {std::pair{"asset", &e.asset}, std::pair{"entry_point", &e.entry_point},
                            std::pair{"out_of_scope", &e.out_of_scope}}) {
    if (auto st = Bool(*j, key, *field); !st) return Fail(st.error());
  }
  if (auto st = Int(*j, "likelihood", e.likelihood); !st) return Fail(st.error());
  if (auto st = Int(*j, "impact", e.impact); !st) return Fail(st.error());
  if (auto st = Texts(*j, "steps", e.steps); !st) return Fail(st.error());
  if (auto st = Texts(*j, "threats", e.threats); !st) return Fail(st.error());
  return e;
}

ordered_json ScoresJson(const std::optional<cvss::Scores>& s) {
  if (!s) return nullptr;
  ordered_json j = cvss::ToJson(*s);
  j["vector"] = s->vector;
  return j;
}

ordered_json ItemJsonOut(const store::TestItemRow& i) {
  return ordered_json{{"id", i.id},         {"catalogue_code", i.catalogue_code}, {"title", i.title},
                      {"method", i.method}, {"tools", i.tools},                   {"evidence", i.evidence},
                      {"threats", i.threats}, {"status", i.status},               {"result", i.result},
                      {"updated_at", i.updated_at}};
}

ordered_json DocumentJson(const store::DeviceDocumentRow& d) {
  return ordered_json{{"id", d.id},
                      {"kind", d.kind},
                      {"name", d.name},
                      {"content_type", d.content_type},
                      {"size", d.size},
                      {"sha256", d.sha256},
                      {"finding_id", d.finding_id ? json(*d.finding_id) : json()},
                      {"uploaded_at", d.uploaded_at},
                      {"url", fmt::format("/api/v1/device-projects/{}/documents/{}", d.project_id, d.id)}};
}

ordered_json ChecklistJson(const services::ChecklistView& v) {
  ordered_json entries = ordered_json::array();
  for (const auto& e : v.entries) {
    entries.push_back({{"code", e.requirement.code},
                       {"category", e.requirement.category},
                       {"mandatory", e.requirement.mandatory},
                       {"status", e.status},
                       {"note", e.note}});
  }
  return ordered_json{{"baseline", v.baseline->id},
                      {"version", v.baseline->version},
                      {"met", v.met},
                      {"not_met", v.not_met},
                      {"not_applicable", v.not_applicable},
                      {"not_assessed", v.not_assessed},
                      {"mandatory_open", v.mandatory_open},
                      {"requirements", entries}};
}

ordered_json CoverageJson(const services::Coverage& c) {
  ordered_json rows = ordered_json::array();
  for (const auto& r : c.rows) {
    rows.push_back({{"threat_id", r.threat_id},
                    {"title", r.title},
                    {"element", r.element},
                    {"category", r.category},
                    {"status", r.status},
                    {"risk", std::string(threat::RiskCode(r.risk))},
                    {"items", r.items},
                    {"tested", r.tested},
                    {"untested_high", r.untested_high}});
  }
  return ordered_json{{"threats", c.threats}, {"covered", c.covered}, {"tested", c.tested},
                      {"untested_high", c.untested_high}, {"rows", rows}};
}

void Created(Response& res, const std::string& location, const ordered_json& j) {
  res.set_header("Location", location);
  SetJson(res, 201, Dump(j));
}

}  // namespace

ordered_json DeviceProjectJson(const services::DeviceProject& p) {
  const auto& r = p.row;
  return ordered_json{{"id", r.id},
                      {"title", r.title},
                      {"status", r.status},
                      {"side", std::string(dev::SideCode(p.side))},
                      {"maker", r.maker_name},
                      {"provider", r.provider_name},
                      {"service_id", r.service_id},
                      {"service", r.service_name},
                      {"device_kind", r.device_kind},
                      {"model", r.model},
                      {"firmware_version", r.firmware_version},
                      {"interfaces", r.interfaces},
                      {"interface_notes", r.interface_notes},
                      {"intended_use", r.intended_use},
                      {"scope", r.scope},
                      {"depth", r.depth},
                      {"status_note", r.status_note},
                      {"summary", r.summary},
                      {"publish", {{"maker", r.publish_maker}, {"provider", r.publish_provider}}},
                      {"lang", r.lang},
                      {"requested_at", r.requested_at},
                      {"accepted_at", r.accepted_at},
                      {"reported_at", r.reported_at},
                      {"url", fmt::format("/api/v1/device-projects/{}", r.id)}};
}

ordered_json DeviceFindingJson(const services::DeviceFindingView& f) {
  const auto& r = f.row;
  ordered_json evidence = ordered_json::array();
  for (const auto& d : f.evidence) evidence.push_back(DocumentJson(d));
  return ordered_json{{"id", r.id},
                      {"number", r.number},
                      {"title", r.title},
                      {"description", r.description},
                      {"reproduction", r.reproduction},
                      {"test_item_id", r.test_item_id ? json(*r.test_item_id) : json()},
                      {"threat_id", r.threat_id},
                      {"cvss31", ScoresJson(f.v31)},
                      {"cvss40", ScoresJson(f.v40)},
                      {"severity", f.severity},
                      {"maker_risk", r.maker_risk},
                      {"response", r.response},
                      {"response_note", r.response_note},
                      {"retest", r.retest},
                      {"retest_note", r.retest_note},
                      {"retested_at", r.retested_at},
                      {"withheld", r.withheld},
                      {"disclose_on", r.disclose_on},
                      {"disclose_proposed_by", r.disclose_proposed_by},
                      {"disclose_agreed", r.disclose_agreed},
                      {"disclosed", f.disclosed},
                      {"evidence", evidence}};
}

void HandleApiDeviceServices(AppContext& app, const Request&, Response& res) {
  auto services = app.devices.Providers();
  if (!services) return SetJsonError(res, services.error());
  ordered_json list = ordered_json::array();
  for (const auto& s : *services) {
    list.push_back({{"id", s.id}, {"name", s.name}, {"provider", s.provider}, {"url", s.url}});
  }
  SetJson(res, 200, Dump(ordered_json{{"services", list}}));
}

void HandleApiBaselines(AppContext&, const Request& req, Response& res) {
  const std::string lang = req.get_param_value("lang") == "en" ? "en" : "ja";
  ordered_json list = ordered_json::array();
  for (const auto& b : dev::Baselines()) {
    ordered_json reqs = ordered_json::array();
    for (const auto& r : b.requirements) {
      reqs.push_back({{"code", r.code}, {"category", r.category}, {"title", r.title.In(lang)}, {"mandatory", r.mandatory}});
    }
    list.push_back({{"id", b.id}, {"title", b.title.In(lang)}, {"version", b.version}, {"source_url", b.source_url},
                    {"requirements", reqs}});
  }
  SetJson(res, 200, Dump(ordered_json{{"baselines", list}}));
}

void HandleApiTestCatalogue(AppContext& app, const Request&, Response& res) {
  auto rows = app.devices.Catalogue();
  if (!rows) return SetJsonError(res, rows.error());
  ordered_json list = ordered_json::array();
  for (const auto& c : *rows) {
    list.push_back({{"code", c.code},           {"title_ja", c.title_ja},       {"title_en", c.title_en},
                    {"method_ja", c.method_ja}, {"method_en", c.method_en},     {"tools", c.tools},
                    {"evidence_ja", c.evidence_ja}, {"evidence_en", c.evidence_en}, {"stride", c.stride},
                    {"interfaces", c.interfaces}, {"requirements", c.requirements}, {"active", c.active}});
  }
  SetJson(res, 200, Dump(ordered_json{{"items", list}}));
}

void HandleApiTestCatalogueSave(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = ObjectBody(req.body, {"title_ja", "title_en", "method_ja", "method_en", "tools", "evidence_ja",
                                 "evidence_en", "stride", "interfaces", "requirements", "active"});
  if (!j) return SetJsonError(res, j.error());
  store::CatalogueRow row;
  row.code = std::string(PathParam(req, 1));
  for (auto [key, field] : {std::pair{"title_ja", &row.title_ja}, std::pair{"title_en", &row.title_en},
                            std::pair{"method_ja", &row.method_ja}, std::pair{"method_en", &row.method_en},
                            std::pair{"tools", &row.tools}, std::pair{"evidence_ja", &row.evidence_ja},
                            std::pair{"evidence_en", &row.evidence_en}}) {
    if (auto st = Text(*j, key, *field); !st) return SetJsonError(res, st.error());
  }
  for (auto [key, field] : {std::pair{"stride", &row.stride}, std::pair{"interfaces", &row.interfaces},
                            std::pair{"requirements", &row.requirements}}) {
    if (auto st = Texts(*j, key, *field); !st) return SetJsonError(res, st.error());
  }
  if (auto st = Bool(*j, "active", row.active); !st) return SetJsonError(res, st.error());
  auto saved = app.devices.SaveCatalogueItem(*auth.actor, row);
  if (!saved) return SetJsonError(res, saved.error());
  SetJson(res, 200, Dump(ordered_json{{"code", saved->code}, {"updated_at", saved->updated_at}}));
}

void HandleApiDeviceProjects(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto rows = app.devices.Projects(*auth.actor);
  if (!rows) return SetJsonError(res, rows.error());
  ordered_json list = ordered_json::array();
  for (const auto& r : *rows) {
    list.push_back(DeviceProjectJson({r, services::SideOf(*auth.actor, r)}));
  }
  SetJson(res, 200, Dump(ordered_json{{"projects", list}}));
}

void HandleApiDeviceRequest(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = ProjectFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto p = app.devices.Request(*auth.actor, *in);
  if (!p) return SetJsonError(res, p.error());
  Created(res, fmt::format("/api/v1/device-projects/{}", p->row.id), DeviceProjectJson(*p));
}

void HandleApiDeviceProject(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req, 1);
  auto p = app.devices.Project(*auth.actor, id);
  if (!p) return SetJsonError(res, p.error());
  auto docs = app.devices.Documents(*auth.actor, id);
  if (!docs) return SetJsonError(res, docs.error());
  auto coverage = app.devices.CoverageOf(*auth.actor, id);
  if (!coverage) return SetJsonError(res, coverage.error());
  ordered_json j = DeviceProjectJson(*p);
  ordered_json documents = ordered_json::array();
  for (const auto& d : *docs) {
    if (!d.finding_id) documents.push_back(DocumentJson(d));
  }
  j["documents"] = documents;
  ordered_json items = ordered_json::array();
  for (const auto& i : coverage->items) items.push_back(ItemJsonOut(i));
  j["items"] = items;
  j["coverage"] = {{"threats", coverage->threats}, {"covered", coverage->covered}, {"tested", coverage->tested},
                   {"untested_high", coverage->untested_high}};
  SetJson(res, 200, Dump(j));
}

void HandleApiDeviceEdit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = ProjectFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto p = app.devices.EditRequest(*auth.actor, PathId(req, 1), *in);
  if (!p) return SetJsonError(res, p.error());
  SetJson(res, 200, Dump(DeviceProjectJson(*p)));
}

void HandleApiDeviceStep(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string_view step = PathParam(req, 2);
  const dev::ProjectAction action = step == "accept"    ? dev::ProjectAction::kAccept
                                    : step == "decline" ? dev::ProjectAction::kDecline
                                    : step == "report"  ? dev::ProjectAction::kIssueReport
                                                        : dev::ProjectAction::kWithdraw;
  std::string note;
  if (!Trim(req.body).empty()) {
    auto j = ObjectBody(req.body, {"note"});
    if (!j) return SetJsonError(res, j.error());
    if (auto st = Text(*j, "note", note); !st) return SetJsonError(res, st.error());
  }
  auto p = app.devices.Transition(*auth.actor, PathId(req, 1), action, note);
  if (!p) return SetJsonError(res, p.error());
  SetJson(res, 200, Dump(DeviceProjectJson(*p)));
}

void HandleApiDeviceConsent(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = ObjectBody(req.body, {"consent"});
  if (!j) return SetJsonError(res, j.error());
  bool consent = false;
  if (!j->contains("consent")) return SetJsonError(res, BadBody("consent", "consent: true or false is required").value());
  if (auto st = Bool(*j, "consent", consent); !st) return SetJsonError(res, st.error());
  auto p = app.devices.Consent(*auth.actor, PathId(req, 1), consent);
  if (!p) return SetJsonError(res, p.error());
  SetJson(res, 200, Dump(DeviceProjectJson(*p)));
}

void HandleApiDeviceDocumentUpload(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  std::optional<std::int64_t> finding;
  if (const std::string f = req.get_param_value("finding_id"); !f.empty()) {
    if (f.size() > 18 || f.find_first_not_of("0123456789") != std::string::npos) {
      return SetJsonError(res, BadBody("finding_id", "finding_id: an id is expected").value());
    }
    finding = std::stoll(f);
  }
  auto doc = app.devices.Upload(*auth.actor, PathId(req, 1), req.get_param_value("kind"), req.get_param_value("name"),
                                req.get_header_value("Content-Type"), req.body, finding);
  if (!doc) return SetJsonError(res, doc.error());
  const auto j = DocumentJson(*doc);
  Created(res, j["url"].get<std::string>(), j);
}

void HandleApiDeviceDocument(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto doc = app.devices.Document(*auth.actor, PathId(req, 1), PathId(req, 2));
  if (!doc) return SetJsonError(res, doc.error());
  // Never rendered by the browser as a page of this site: a download, sandboxed.
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"document-{}\"", doc->id));
  res.set_header("Content-Security-Policy", "sandbox");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(doc->content), "application/octet-stream");
}

void HandleApiDeviceSbomFindings(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto checks = app.devices.SbomChecks(*auth.actor, PathId(req, 1));
  if (!checks) return SetJsonError(res, checks.error());
  ordered_json list = ordered_json::array();
  for (const auto& c : *checks) {
    ordered_json findings = ordered_json::array();
    for (const auto& f : c.outcome.findings) findings.push_back(FindingJson(f));
    ordered_json unmatched = ordered_json::array();
    for (const auto& u : c.outcome.unmatched) unmatched.push_back(UnmatchedJson(u));
    list.push_back({{"document", DocumentJson(c.document)},
                    {"components", c.outcome.components},
                    {"snapshot", c.outcome.snapshot},
                    {"findings", findings},
                    {"unmatched", unmatched}});
  }
  SetJson(res, 200, Dump(ordered_json{{"sboms", list}}));
}

void HandleApiThreatModelExport(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto text = app.devices.ExportThreatModel(*auth.actor, PathId(req, 1));
  if (!text) return SetJsonError(res, text.error());
  res.set_header("Content-Disposition",
                 fmt::format("attachment; filename=\"device-{}-threat-model.json\"", PathId(req, 1)));
  SetJson(res, 200, *text);
}

void HandleApiThreatModelImport(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto view = app.devices.ImportThreatModel(*auth.actor, PathId(req, 1), req.body);
  if (!view) return SetJsonError(res, view.error());
  SetJson(res, 200, Dump(ordered_json{{"revision", view->revision}, {"updated_at", view->updated_at}}));
}

void HandleApiThreatModelEdit(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto edit = EditFromJson(req.body);
  if (!edit) return SetJsonError(res, edit.error());
  auto view = app.devices.EditThreatModel(*auth.actor, PathId(req, 1), *edit);
  if (!view) return SetJsonError(res, view.error());
  SetJson(res, 200, threat::WriteThreatDragon(view->model));
}

void HandleThreatModelSvg(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto view = app.devices.ThreatModel(*auth.actor, PathId(req, 1));
  if (!view) return RespondError(app, req, res, view.error());
  const Lang lang = req.get_param_value("lang") == "en" ? Lang::kEn : Lang::kJa;
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.set_content(threat::RenderSvg(view->model, 0, DiagramLabels(lang)), "image/svg+xml; charset=utf-8");
}

void HandleApiDeviceCoverage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto c = app.devices.CoverageOf(*auth.actor, PathId(req, 1));
  if (!c) return SetJsonError(res, c.error());
  SetJson(res, 200, Dump(CoverageJson(*c)));
}

void HandleApiDeviceItemAdd(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = ItemFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  const auto id = PathId(req, 1);
  auto item = in->title.empty() && !in->catalogue_code.empty() ? app.devices.AddFromCatalogue(*auth.actor, id, in->catalogue_code)
                                                               : app.devices.AddItem(*auth.actor, id, *in);
  if (!item) return SetJsonError(res, item.error());
  Created(res, fmt::format("/api/v1/device-projects/{}/items/{}", id, item->id), ItemJsonOut(*item));
}

void HandleApiDeviceItemChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = ItemFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto item = app.devices.ChangeItem(*auth.actor, PathId(req, 1), PathId(req, 2), *in);
  if (!item) return SetJsonError(res, item.error());
  SetJson(res, 200, Dump(ItemJsonOut(*item)));
}

void HandleApiDeviceItemRemove(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.devices.RemoveItem(*auth.actor, PathId(req, 1), PathId(req, 2)); !st) {
    return SetJsonError(res, st.error());
  }
  res.status = 204;
}

void HandleApiDeviceFindings(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto findings = app.devices.Findings(*auth.actor, PathId(req, 1));
  if (!findings) return SetJsonError(res, findings.error());
  ordered_json list = ordered_json::array();
  for (const auto& f : *findings) list.push_back(DeviceFindingJson(f));
  SetJson(res, 200, Dump(ordered_json{{"findings", list}}));
}

void HandleApiDeviceFindingAdd(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = FindingFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto f = app.devices.AddFinding(*auth.actor, PathId(req, 1), *in);
  if (!f) return SetJsonError(res, f.error());
  Created(res, fmt::format("/api/v1/device-projects/{}/findings/{}", PathId(req, 1), f->row.id), DeviceFindingJson(*f));
}

void HandleApiDeviceFindingChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = FindingFromJson(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto f = app.devices.ChangeFinding(*auth.actor, PathId(req, 1), PathId(req, 2), *in);
  if (!f) return SetJsonError(res, f.error());
  SetJson(res, 200, Dump(DeviceFindingJson(*f)));
}

// POST …/findings/{finding}/{step:response|retest|disclosure}
void HandleApiDeviceFindingStep(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string_view step = PathParam(req, 3);
  auto j = ObjectBody(req.body, {"maker_risk", "response", "response_note", "retest", "retest_note", "op", "date"});
  if (!j) return SetJsonError(res, j.error());
  std::map<std::string, std::string> v;
  for (const char* key : {"maker_risk", "response", "response_note", "retest", "retest_note", "op", "date"}) {
    if (auto st = Text(*j, key, v[key]); !st) return SetJsonError(res, st.error());
  }
  const auto id = PathId(req, 1), fid = PathId(req, 2);
  Result<services::DeviceFindingView> f =
      step == "response" ? app.devices.Respond(*auth.actor, id, fid, {v["maker_risk"], v["response"], v["response_note"]})
      : step == "retest" ? app.devices.Retest(*auth.actor, id, fid, {v["retest"].empty() ? "not_retested" : v["retest"], v["retest_note"]})
                         : app.devices.Disclosure(*auth.actor, id, fid, v["op"], v["date"]);
  if (!f) return SetJsonError(res, f.error());
  SetJson(res, 200, Dump(DeviceFindingJson(*f)));
}

void HandleApiDeviceChecklist(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.devices.Checklist(*auth.actor, PathId(req, 1), std::string(PathParam(req, 2)));
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(ChecklistJson(*v)));
}

void HandleApiDeviceAssess(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto j = ObjectBody(req.body, {"status", "note"});
  if (!j) return SetJsonError(res, j.error());
  std::string status, note;
  if (auto st = Text(*j, "status", status); !st) return SetJsonError(res, st.error());
  if (auto st = Text(*j, "note", note); !st) return SetJsonError(res, st.error());
  auto v = app.devices.Assess(*auth.actor, PathId(req, 1), std::string(PathParam(req, 2)), std::string(PathParam(req, 3)),
                              status, note);
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(ChecklistJson(*v)));
}

void HandleDeviceReportPdf(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req, 1);
  auto project = app.devices.Project(*auth.actor, id);
  if (!project) return RespondError(app, req, res, project.error());
  auto pdf = app.devices.ReportPdf(*auth.actor, id, DeviceReportLabels(project->row.lang == "en" ? Lang::kEn : Lang::kJa));
  if (!pdf) return RespondError(app, req, res, pdf.error());
  res.set_header("Content-Disposition", fmt::format("inline; filename=\"device-verification-{}.pdf\"", id));
  res.set_content(std::move(pdf->bytes), "application/pdf");
}

}  // namespace proven::web
