// The device verification pages (issue 16, docs/devices.md): the list of one's projects, the
// request form, a project's overview with its documents and the actions of each side.
// Server-rendered, no script needed.
#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "web/auth.hpp"
#include "web/devices/device_page_support.hpp"
#include "web/devices/devices.hpp"
#include "web/page_support.hpp"
#include "web/staff_pages.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
namespace dev = domain::devices;

namespace device_pages {

std::string KindLabel(Lang lang, const std::string& code) {
  for (const auto& k : dev::DeviceKinds()) {
    if (k.code == code) return k.label.In(LangCode(lang));
  }
  return code;
}

std::string InterfaceLabel(Lang lang, const std::string& code) {
  for (const auto& k : dev::Interfaces()) {
    if (k.code == code) return k.label.In(LangCode(lang));
  }
  return code;
}

bool IsFormError(const Error& e) {
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kFailedPrecondition ||
         e.code == ErrorCode::kResourceExhausted || e.code == ErrorCode::kAlreadyExists;
}

void SetError(mst::data& d, Lang lang, const Error& e) {
  const auto form = FormErrorsOf(lang, e, "device");
  d.set("error", form.summary);
  mst::data problems = EmptyList();
  for (const auto& p : form.list) problems.push_back(p);
  d.set("problems", problems);
  d.set("has_problems", form.list.size() > 1);
}

void SetNotice(AppContext& app, const Request& req, Lang lang, mst::data& d) {
  if (const auto notice = TakeNotice(app, req, lang); !notice.empty()) d.set("notice", notice);
}

std::optional<std::int64_t> FormId(const Request& req, const std::string& name) {
  const std::string v = FormValue(req, name);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(v);
}

mst::data ProjectHeader(Lang lang, const services::DeviceProject& p, std::string_view active) {
  const auto& r = p.row;
  mst::data d;
  d.set("id", std::to_string(r.id));
  d.set("project_id", std::to_string(r.id));
  d.set("title", r.title);
  d.set("status", r.status);
  d.set("status_label", Message(lang, "device.status." + r.status, {}));
  d.set("side_label", Message(lang, "device.side." + std::string(dev::SideCode(p.side)), {}));
  d.set("maker", r.maker_name);
  d.set("provider", r.provider_name);
  d.set("model", r.model);
  mst::data tabs = EmptyList();
  for (const char* tab : {"overview", "threats", "items", "findings", "checklists"}) {
    mst::data t;
    const std::string name(tab);
    t.set("label", Message(lang, "device_tab_" + name, {}));
    t.set("href", name == "overview"     ? fmt::format("/devices/{}", r.id)
                  : name == "checklists" ? fmt::format("/devices/{}/checklists/etsi-en-303-645", r.id)
                                         : fmt::format("/devices/{}/{}", r.id, name));
    t.set("current", name == active);
    tabs.push_back(t);
  }
  d.set("tabs", tabs);
  const auto state = services::StateOf(r);
  d.set("provider_works", dev::Allowed(p.side, state, dev::ProjectAction::kEditWork).has_value());
  d.set("maker_responds", dev::Allowed(p.side, state, dev::ProjectAction::kRespond).has_value());
  d.set("may_disclose", dev::Allowed(p.side, state, dev::ProjectAction::kDisclosure).has_value());
  return d;
}

}  // namespace device_pages

using namespace device_pages;

namespace {

mst::data ProjectRows(Lang lang, const std::vector<store::DeviceProjectRow>& rows) {
  mst::data list = EmptyList();
  for (const auto& r : rows) {
    mst::data d;
    d.set("id", std::to_string(r.id));
    d.set("title", r.title);
    d.set("device", KindLabel(lang, r.device_kind) + " / " + r.model);
    d.set("maker", r.maker_name);
    d.set("provider", r.provider_name);
    d.set("status", r.status);
    d.set("status_label", Message(lang, "device.status." + r.status, {}));
    d.set("requested_at", JstText(r.requested_at));
    list.push_back(d);
  }
  return list;
}

mst::data Options(Lang lang, const std::vector<dev::Coded>& codes, const std::vector<std::string>& selected) {
  mst::data list = EmptyList();
  for (const auto& c : codes) {
    mst::data o;
    o.set("code", c.code);
    o.set("label", c.label.In(LangCode(lang)));
    o.set("selected", std::find(selected.begin(), selected.end(), c.code) != selected.end());
    list.push_back(o);
  }
  return list;
}

dev::ProjectInput ProjectFromForm(const Request& req, Lang lang) {
  dev::ProjectInput in;
  in.service_id = FormId(req, "service_id").value_or(0);
  in.title = FormValue(req, "title");
  in.device_kind = FormValue(req, "device_kind");
  in.model = FormValue(req, "model");
  in.firmware_version = FormValue(req, "firmware_version");
  in.interfaces = FormValues(req, "interfaces");
  in.interface_notes = FormValue(req, "interface_notes");
  in.intended_use = FormValue(req, "intended_use");
  in.scope = FormValue(req, "scope");
  in.depth = FormValue(req, "depth");
  in.lang = std::string(LangCode(lang));
  return in;
}

void RenderNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang,
                   const dev::ProjectInput& in, const Error* error, int status) {
  auto services = app.devices.Providers();
  if (!services) return ErrorPage(app, &auth, req, res, services.error(), "device");
  mst::data d;
  d.set("csrf", auth.csrf);
  mst::data list = EmptyList();
  for (const auto& s : *services) {
    mst::data o;
    o.set("id", std::to_string(s.id));
    o.set("label", s.provider + " — " + s.name);
    o.set("selected", s.id == in.service_id);
    list.push_back(o);
  }
  d.set("services", list);
  d.set("has_services", !services->empty());
  d.set("kinds", Options(lang, dev::DeviceKinds(), {in.device_kind}));
  d.set("interfaces", Options(lang, dev::Interfaces(), in.interfaces));
  mst::data depths = EmptyList();
  for (const auto& e : dev::kDepthCodes) {
    mst::data o;
    o.set("code", std::string(e.code));
    o.set("label", Message(lang, "device.depth." + std::string(e.code), {}));
    o.set("selected", in.depth == e.code);
    depths.push_back(o);
  }
  d.set("depths", depths);
  for (auto [key, value] : {std::pair{"title", &in.title}, std::pair{"model", &in.model},
                            std::pair{"firmware_version", &in.firmware_version},
                            std::pair{"interface_notes", &in.interface_notes},
                            std::pair{"intended_use", &in.intended_use}, std::pair{"scope", &in.scope}}) {
    d.set(key, *value);
  }
  if (error) SetError(d, lang, *error);
  SendPage(app, req, res, lang, "device_new", d, Message(lang, "device_new_title", {}), "", status, &auth);
}

mst::data DocumentRows(Lang lang, const std::vector<store::DeviceDocumentRow>& docs) {
  mst::data list = EmptyList();
  for (const auto& doc : docs) {
    if (doc.finding_id) continue;
    mst::data d;
    d.set("id", std::to_string(doc.id));
    d.set("project_id", std::to_string(doc.project_id));
    d.set("name", doc.name);
    d.set("kind", Message(lang, "device.document." + doc.kind, {}));
    d.set("size", domain::WithThousandsSeparators(static_cast<std::size_t>(doc.size)));
    d.set("sha256", doc.sha256.substr(0, 16));
    d.set("uploaded_at", JstText(doc.uploaded_at));
    list.push_back(d);
  }
  return list;
}

mst::data SbomData(const std::vector<services::SbomDocumentCheck>& checks) {
  mst::data list = EmptyList();
  for (const auto& c : checks) {
    mst::data d;
    d.set("name", c.document.name);
    d.set("components", std::to_string(c.outcome.components));
    d.set("findings", std::to_string(c.outcome.findings.size()));
    d.set("unmatched", std::to_string(c.outcome.unmatched.size()));
    mst::data ids = EmptyList();
    for (const auto& f : c.outcome.findings) ids.push_back(f.component_name + " " + f.component_version + ": " + f.match.id);
    d.set("ids", ids);
    list.push_back(d);
  }
  return list;
}

void SetOverview(mst::data& d, Lang lang, const store::DeviceProjectRow& r) {
  d.set("device_kind", KindLabel(lang, r.device_kind));
  d.set("service", r.service_name);
  d.set("firmware_version", OptionalText(r.firmware_version));
  std::vector<std::string> labels;
  for (const auto& i : r.interfaces) labels.push_back(InterfaceLabel(lang, i));
  d.set("interfaces", OptionalText(Join(labels, "、")));
  d.set("interface_notes", OptionalText(r.interface_notes));
  d.set("intended_use", OptionalText(r.intended_use));
  d.set("scope", OptionalText(r.scope));
  d.set("depth", Message(lang, "device.depth." + r.depth, {}));
  d.set("status_note", OptionalText(r.status_note));
  d.set("summary", OptionalText(r.summary));
  d.set("requested_at", JstText(r.requested_at));
  d.set("accepted_at", OptionalText(JstText(r.accepted_at)));
  d.set("reported_at", OptionalText(JstText(r.reported_at)));
  d.set("publish_maker", r.publish_maker);
  d.set("publish_provider", r.publish_provider);
  d.set("published", r.publish_maker && r.publish_provider);
}

void SetActions(mst::data& d, const services::DeviceProject& p) {
  const auto state = services::StateOf(p.row);
  auto may = [&](dev::ProjectAction a) { return dev::Allowed(p.side, state, a).has_value(); };
  d.set("may_withdraw", may(dev::ProjectAction::kWithdraw));
  d.set("may_accept", may(dev::ProjectAction::kAccept));
  d.set("may_report", may(dev::ProjectAction::kIssueReport));
  d.set("may_upload", may(dev::ProjectAction::kUploadDocument) && p.side == dev::Side::kMaker);
  const bool consent = may(dev::ProjectAction::kConsentPublish);
  d.set("may_consent", consent);
  d.set("consented", p.side == dev::Side::kMaker ? p.row.publish_maker : p.row.publish_provider);
}

void RenderProjectPage(AppContext& app, const Auth& auth, const Request& req, Response& res, Lang lang, std::int64_t id,
                       const Error* error, int status) {
  auto p = app.devices.Project(*auth.actor, id);
  if (!p) return ErrorPage(app, &auth, req, res, p.error(), "device");
  auto docs = app.devices.Documents(*auth.actor, id);
  if (!docs) return ErrorPage(app, &auth, req, res, docs.error(), "device");
  auto sboms = app.devices.SbomChecks(*auth.actor, id);
  if (!sboms) return ErrorPage(app, &auth, req, res, sboms.error(), "device");
  mst::data d = ProjectHeader(lang, *p, "overview");
  d.set("csrf", auth.csrf);
  SetOverview(d, lang, p->row);
  SetActions(d, *p);
  d.set("documents", DocumentRows(lang, *docs));
  d.set("has_documents", std::any_of(docs->begin(), docs->end(), [](const auto& x) { return !x.finding_id; }));
  d.set("sboms", SbomData(*sboms));
  d.set("has_sboms", !sboms->empty());
  if (error) SetError(d, lang, *error);
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "device", d, p->row.title, "", status, &auth);
}

}  // namespace

void HandleDevicesPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto rows = app.devices.Projects(*auth.actor);
  if (!rows) return ErrorPage(app, &auth, req, res, rows.error(), "device");
  mst::data d;
  d.set("projects", ProjectRows(lang, *rows));
  d.set("has_projects", !rows->empty());
  d.set("may_request", domain::AuthorizeRole(*auth.actor, domain::Action::kRequestDeviceVerification).has_value());
  SetNotice(app, req, lang, d);
  SendPage(app, req, res, lang, "devices", d, Message(lang, "devices_title", {}), "", 200, &auth);
}

void HandleDeviceNewPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  dev::ProjectInput in;
  in.service_id = FormId(req, "service").value_or(0);
  RenderNewPage(app, auth, req, res, lang, in, nullptr, 200);
}

void HandleDeviceCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto in = ProjectFromForm(req, lang);
  auto p = app.devices.Request(*auth.actor, in);
  if (!p) {
    if (!IsFormError(p.error())) return ErrorPage(app, &auth, req, res, p.error(), "device");
    return RenderNewPage(app, auth, req, res, lang, in, &p.error(), 400);
  }
  RedirectWithNotice(app, auth, res, fmt::format("/devices/{}", p->row.id), "device_notice_requested",
                     {{"provider", p->row.provider_name}});
}

void HandleDevicePage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  RenderProjectPage(app, auth, req, res, lang, PathId(req, 1), nullptr, 200);
}

// POST /devices/{id}/{op:withdraw|accept|decline|report|consent|documents}
void HandleDeviceForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req, 1);
  const std::string op(PathParam(req, 2));
  Status done;
  if (op == "documents") {
    const FormPart* file = req.part("file");
    auto doc = app.devices.Upload(*auth.actor, id, FormValue(req, "kind"), file ? file->filename : "",
                                  file ? file->content_type : "", file ? std::string_view(file->content) : "", std::nullopt);
    if (!doc) done = Fail(doc.error());
  } else if (op == "consent") {
    auto p = app.devices.Consent(*auth.actor, id, FormValue(req, "consent") == "1");
    if (!p) done = Fail(p.error());
  } else {
    const auto action = op == "accept"    ? dev::ProjectAction::kAccept
                        : op == "decline" ? dev::ProjectAction::kDecline
                        : op == "report"  ? dev::ProjectAction::kIssueReport
                                          : dev::ProjectAction::kWithdraw;
    auto p = app.devices.Transition(*auth.actor, id, action, FormValue(req, "note"));
    if (!p) done = Fail(p.error());
  }
  if (!done) {
    if (!IsFormError(done.error())) return ErrorPage(app, &auth, req, res, done.error(), "device", true);
    return RenderProjectPage(app, auth, req, res, lang, id, &done.error(), 400);
  }
  RedirectWithNotice(app, auth, res, fmt::format("/devices/{}", id), "device_notice_" + op);
}

}  // namespace proven::web
