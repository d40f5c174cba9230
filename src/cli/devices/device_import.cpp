#include "cli/devices/device_import.hpp"

#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "services/account_service.hpp"
#include "services/devices/device_service.hpp"
#include "store/account_store.hpp"
#include "store/devices/device_store.hpp"
#include "store/sbom/sbom_store.hpp"

namespace proven::cli {
namespace {

using nlohmann::json;
namespace dev = domain::devices;

tl::unexpected<Error> At(const std::string& path, const std::string& message) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path, message), {}, path);
}

// A service error with the JSON path in front.
template <typename T>
Status Step(const std::string& path, const Result<T>& r) {
  if (r) return {};
  Error e = r.error();
  e.message = fmt::format("{}: {}", path, e.message);
  return tl::unexpected<Error>(std::move(e));
}

std::string Str(const json& j, const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; }

std::vector<std::string> Strs(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array()) {
    for (const auto& v : j[key]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

int Int(const json& j, const char* key) { return j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : 0; }

struct Context {
  services::DeviceService& devices;
  std::map<std::string, domain::Actor>& actors;
  DeviceImportReport& report;
};

Result<domain::Actor> ActorOf(Context& c, const json& j, const char* key, const std::string& path) {
  const std::string email = Str(j, key);
  auto it = c.actors.find(email);
  if (it == c.actors.end()) return At(path + "." + key, fmt::format("there is no account '{}'", email));
  return it->second;
}

// Element and threat ids by name / title, as the model has them now.
std::string IdByName(const threat::Model& m, const std::string& name, bool threat) {
  for (const auto& d : m.diagrams) {
    for (const auto& el : d.elements) {
      if (!threat && el.name == name) return el.id;
      for (const auto& t : el.threats) {
        if (threat && t.title == name) return t.id;
      }
    }
  }
  return "";
}

services::ThreatEdit EditOf(const json& e, const std::string& op) {
  services::ThreatEdit out;
  out.op = op;
  for (auto [key, field] : {std::pair{"kind", &out.kind}, std::pair{"name", &out.name},
                            std::pair{"description", &out.description}, std::pair{"category", &out.category},
                            std::pair{"title", &out.title}, std::pair{"mitigation", &out.mitigation},
                            std::pair{"status", &out.status}}) {
    *field = Str(e, key);
  }
  out.asset = e.value("asset", false);
  out.entry_point = e.value("entry_point", false);
  out.out_of_scope = e.value("out_of_scope", false);
  out.likelihood = Int(e, "likelihood");
  out.impact = Int(e, "impact");
  return out;
}

Status ImportModel(Context& c, const domain::Actor& provider, std::int64_t id, const json& model, const std::string& path) {
  auto view = c.devices.ThreatModel(provider, id);
  if (!view) return Step(path, view);
  threat::Model m = view->model;
  auto apply = [&](services::ThreatEdit e, const std::string& at) -> Status {
    auto v = c.devices.EditThreatModel(provider, id, e);
    if (!v) return Step(at, v);
    m = v->model;
    return {};
  };
  for (std::size_t i = 0; model.contains("elements") && i < model["elements"].size(); ++i) {
    const json& e = model["elements"][i];
    auto edit = EditOf(e, "add_element");
    edit.source = IdByName(m, Str(e, "source"), false);
    edit.target = IdByName(m, Str(e, "target"), false);
    if (auto st = apply(edit, fmt::format("{}.elements[{}]", path, i)); !st) return st;
  }
  for (std::size_t i = 0; model.contains("threats") && i < model["threats"].size(); ++i) {
    const json& t = model["threats"][i];
    auto edit = EditOf(t, "add_threat");
    edit.id = IdByName(m, Str(t, "element"), false);
    if (edit.id.empty()) return At(fmt::format("{}.threats[{}].element", path, i), "no such element");
    if (auto st = apply(edit, fmt::format("{}.threats[{}]", path, i)); !st) return st;
    ++c.report.threats;
  }
  for (std::size_t i = 0; model.contains("paths") && i < model["paths"].size(); ++i) {
    const json& p = model["paths"][i];
    auto edit = EditOf(p, "add_path");
    for (const auto& s : Strs(p, "steps")) edit.steps.push_back(IdByName(m, s, false));
    for (const auto& t : Strs(p, "threats")) edit.threats.push_back(IdByName(m, t, true));
    if (auto st = apply(edit, fmt::format("{}.paths[{}]", path, i)); !st) return st;
  }
  return {};
}

Status ImportItems(Context& c, const domain::Actor& provider, std::int64_t id, const json& items, const std::string& path,
                   std::map<std::string, std::int64_t>& by_code) {
  auto view = c.devices.ThreatModel(provider, id);
  if (!view) return Step(path, view);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& it = items[i];
    const std::string at = fmt::format("{}[{}]", path, i);
    Result<store::TestItemRow> added = c.devices.AddFromCatalogue(provider, id, Str(it, "catalogue_code"));
    if (Str(it, "catalogue_code").empty()) {
      dev::ItemInput in{"", Str(it, "title"), Str(it, "method"), Str(it, "tools"), Str(it, "evidence"), {}, "planned", ""};
      added = c.devices.AddItem(provider, id, in);
    }
    if (!added) return Step(at, added);
    dev::ItemInput change{"", added->title, added->method, added->tools, added->evidence, added->threats,
                          it.value("status", std::string("planned")), Str(it, "result")};
    if (it.contains("threats")) {
      change.threats.clear();
      for (const auto& t : Strs(it, "threats")) change.threats.push_back(IdByName(view->model, t, true));
    }
    auto changed = c.devices.ChangeItem(provider, id, added->id, change);
    if (!changed) return Step(at, changed);
    by_code[Str(it, "catalogue_code").empty() ? Str(it, "title") : Str(it, "catalogue_code")] = added->id;
    ++c.report.items;
  }
  return {};
}

Status ImportFinding(Context& c, const domain::Actor& maker, const domain::Actor& provider, std::int64_t id, const json& f,
                     const std::string& at, const std::map<std::string, std::int64_t>& items) {
  auto view = c.devices.ThreatModel(provider, id);
  if (!view) return Step(at, view);
  dev::FindingInput in{Str(f, "title"), Str(f, "description"), Str(f, "reproduction"), std::nullopt,
                       IdByName(view->model, Str(f, "threat"), true), Str(f, "cvss31"), Str(f, "cvss40"),
                       f.value("withheld", true)};
  if (auto it = items.find(Str(f, "item")); it != items.end()) in.test_item_id = it->second;
  auto added = c.devices.AddFinding(provider, id, in);
  if (!added) return Step(at, added);
  const auto fid = added->row.id;
  if (f.contains("response")) {
    const json& r = f["response"];
    if (auto st = Step(at + ".response", c.devices.Respond(maker, id, fid, {Str(r, "maker_risk"), Str(r, "response"), Str(r, "response_note")})); !st) return st;
  }
  if (f.contains("retest")) {
    const json& r = f["retest"];
    if (auto st = Step(at + ".retest", c.devices.Retest(provider, id, fid, {Str(r, "retest"), Str(r, "retest_note")})); !st) return st;
  }
  if (!Str(f, "disclose_on").empty()) {
    if (auto st = Step(at + ".disclose_on", c.devices.Disclosure(provider, id, fid, "propose", Str(f, "disclose_on"))); !st) return st;
    if (auto st = Step(at + ".disclose_on", c.devices.Disclosure(maker, id, fid, "agree", "")); !st) return st;
  }
  ++c.report.findings;
  return {};
}

Status ImportProject(Context& c, const json& p, const std::string& path) {
  auto maker = ActorOf(c, p, "maker", path);
  if (!maker) return Fail(maker.error());
  auto provider = ActorOf(c, p, "provider", path);
  if (!provider) return Fail(provider.error());
  auto services = c.devices.Providers();
  if (!services) return Step(path, services);
  dev::ProjectInput in;
  for (const auto& s : *services) {
    if (s.name == Str(p, "service") && provider->organisation_id && s.provider_org_id == *provider->organisation_id) in.service_id = s.id;
  }
  if (in.service_id == 0) return At(path + ".service", fmt::format("the provider has no active 機器検証 service '{}'", Str(p, "service")));
  in.title = Str(p, "title");
  in.device_kind = Str(p, "device_kind");
  in.model = Str(p, "model");
  in.firmware_version = Str(p, "firmware_version");
  in.interfaces = Strs(p, "interfaces");
  in.interface_notes = Str(p, "interface_notes");
  in.intended_use = Str(p, "intended_use");
  in.scope = Str(p, "scope");
  in.depth = p.value("depth", std::string("standard"));
  in.lang = p.value("lang", std::string("ja"));
  auto project = c.devices.Request(*maker, in);
  if (!project) return Step(path, project);
  const auto id = project->row.id;
  ++c.report.projects;
  if (!p.value("accept", false)) return {};
  if (auto st = Step(path + ".accept", c.devices.Transition(*provider, id, dev::ProjectAction::kAccept, "")); !st) return st;
  if (p.contains("threat_model")) {
    if (auto st = ImportModel(c, *provider, id, p["threat_model"], path + ".threat_model"); !st) return st;
  }
  std::map<std::string, std::int64_t> items;
  if (p.contains("items")) {
    if (auto st = ImportItems(c, *provider, id, p["items"], path + ".items", items); !st) return st;
  }
  for (std::size_t i = 0; p.contains("findings") && i < p["findings"].size(); ++i) {
    if (auto st = ImportFinding(c, *maker, *provider, id, p["findings"][i], fmt::format("{}.findings[{}]", path, i), items); !st) return st;
  }
  for (std::size_t i = 0; p.contains("checklist") && i < p["checklist"].size(); ++i) {
    const json& e = p["checklist"][i];
    auto v = c.devices.Assess(*provider, id, Str(e, "baseline"), Str(e, "code"), Str(e, "status"), Str(e, "note"));
    if (auto st = Step(fmt::format("{}.checklist[{}]", path, i), v); !st) return st;
  }
  if (p.contains("report")) {
    auto r = c.devices.Transition(*provider, id, dev::ProjectAction::kIssueReport, Str(p, "report"));
    if (auto st = Step(path + ".report", r); !st) return st;
  }
  if (p.value("publish", false)) {
    if (auto st = Step(path + ".publish", c.devices.Consent(*maker, id, true)); !st) return st;
    if (auto st = Step(path + ".publish", c.devices.Consent(*provider, id, true)); !st) return st;
  }
  return {};
}

}  // namespace

Result<DeviceImportReport> ImportDevices(store::ConnectionPool& pool, std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return At("$", "the file must be a JSON object");
  DeviceImportReport report;
  store::AccountStore account_store(pool);
  store::FailureCounts failures(pool);
  services::AccountService accounts(account_store, failures);
  for (std::size_t i = 0; j.contains("accounts") && i < j["accounts"].size(); ++i) {
    const json& a = j["accounts"][i];
    std::vector<domain::Role> roles;
    for (const auto& code : Strs(a, "roles")) {
      auto r = domain::RoleFromCode(code);
      if (!r) return At(fmt::format("accounts[{}].roles", i), fmt::format("'{}' is not a role", code));
      roles.push_back(*r);
    }
    // Demo accounts get a random password nobody knows: they own the data, they do not sign in.
    auto id = accounts.AddUser(Str(a, "email"), RandomToken(24), roles, Str(a, "organisation"), "cli");
    if (auto st = Step(fmt::format("accounts[{}]", i), id); !st) return Fail(st.error());
    ++report.accounts;
  }
  std::map<std::string, domain::Actor> actors;
  auto users = accounts.ListUsers();
  if (!users) return Fail(users.error());
  for (const auto& u : *users) actors[u.email] = u.ToActor();
  store::SqlDeviceStore device_store(pool);
  store::SqlSbomStore sbom_store(pool);
  services::DeviceService devices(device_store, sbom_store);
  if (auto st = devices.SeedCatalogue(); !st) return Fail(st.error());
  Context c{devices, actors, report};
  for (std::size_t i = 0; j.contains("projects") && i < j["projects"].size(); ++i) {
    if (auto st = ImportProject(c, j["projects"][i], fmt::format("projects[{}]", i)); !st) return Fail(st.error());
  }
  return report;
}

}  // namespace proven::cli
