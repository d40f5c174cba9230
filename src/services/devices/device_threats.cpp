// The threat model and test items of a device verification (issue 16, docs/devices.md).
#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "core/text.hpp"
#include "domain/limits.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/device_support.hpp"
#include "store/audit_log.hpp"

namespace proven::services {

using namespace devices_detail;
using domain::AuditAction;
using domain::devices::ProjectAction;
using domain::devices::Side;
using store::AuditRecord;

namespace {

Status Bad(std::string field, std::string message, std::string reason = "error.device.threat_edit") {
  return Fail(Reason{std::move(reason), {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

threat::Model EmptyModel(const store::DeviceProjectRow& p) {
  threat::Model m;
  m.title = p.title;
  m.owner = p.maker_name;
  m.reviewer = p.provider_name;
  m.description = p.model + (p.firmware_version.empty() ? "" : " " + p.firmware_version);
  m.diagrams.push_back(threat::Diagram{"0", p.model.empty() ? p.title : p.model, {}});
  return m;
}

nlohmann::json ModelSummary(const threat::Model& m, std::int64_t revision) {
  std::size_t elements = 0, threats = 0;
  for (const auto& d : m.diagrams) {
    elements += d.elements.size();
    for (const auto& e : d.elements) threats += e.threats.size();
  }
  return {{"revision", revision}, {"elements", elements}, {"threats", threats}, {"attack_paths", m.attack_paths.size()}};
}

Status CheckRating(int likelihood, int impact) {
  if (likelihood < 0 || likelihood > 3) return Bad("likelihood", "is 0 (not rated) to 3");
  if (impact < 0 || impact > 3) return Bad("impact", "is 0 (not rated) to 3");
  return {};
}

Status CheckThreatFields(const ThreatEdit& e) {
  if (Trim(e.title).empty()) return Bad("title", "is required", "error.field.required");
  if (auto ok = domain::CheckText({"title", 200, false}, e.title); !ok) return ok;
  if (auto ok = domain::CheckText({"description", 8000, true}, e.description); !ok) return ok;
  if (auto ok = domain::CheckText({"mitigation", 8000, true}, e.mitigation); !ok) return ok;
  if (!e.status.empty() && e.status != "open" && e.status != "mitigated" && e.status != "not_applicable") {
    return Bad("status", "is open, mitigated or not_applicable");
  }
  return CheckRating(e.likelihood, e.impact);
}

Status AddElement(threat::Model& m, const ThreatEdit& e, const std::function<std::string()>& new_id) {
  auto kind = threat::ParseKind(e.kind);
  if (!kind) return Bad("kind", fmt::format("'{}' is not actor, process, store, flow or boundary", e.kind));
  if (Trim(e.name).empty()) return Bad("name", "is required", "error.field.required");
  if (auto ok = domain::CheckText({"name", 200, false}, e.name); !ok) return ok;
  if (auto ok = domain::CheckText({"description", 8000, true}, e.description); !ok) return ok;
  threat::Element el;
  el.id = new_id();
  el.kind = *kind;
  el.name = std::string(Trim(e.name));
  el.description = e.description;
  el.asset = e.asset;
  el.entry_point = e.entry_point;
  el.out_of_scope = e.out_of_scope;
  if (*kind == threat::ElementKind::kFlow) {
    for (const auto* end : {&e.source, &e.target}) {
      const auto* other = m.FindElement(*end);
      if (!other || other->kind == threat::ElementKind::kFlow || other->kind == threat::ElementKind::kBoundary) {
        return Bad(end == &e.source ? "source" : "target", "choose an actor, process or store of the model");
      }
    }
    el.source = e.source;
    el.target = e.target;
  }
  if (m.diagrams.empty()) m.diagrams.push_back(threat::Diagram{"0", m.title, {}});
  m.diagrams.front().elements.push_back(std::move(el));
  return {};
}

Status RemoveElement(threat::Model& m, const ThreatEdit& e) {
  for (auto& d : m.diagrams) {
    auto it = std::find_if(d.elements.begin(), d.elements.end(), [&](const auto& x) { return x.id == e.id; });
    if (it == d.elements.end()) continue;
    std::set<std::string> gone{e.id};
    for (const auto& t : it->threats) gone.insert(t.id);
    d.elements.erase(it);
    // Flows that end at it go too.
    for (auto f = d.elements.begin(); f != d.elements.end();) {
      if (f->kind == threat::ElementKind::kFlow && (f->source == e.id || f->target == e.id)) {
        gone.insert(f->id);
        for (const auto& t : f->threats) gone.insert(t.id);
        f = d.elements.erase(f);
      } else {
        ++f;
      }
    }
    for (auto& p : m.attack_paths) {
      std::erase_if(p.steps, [&](const std::string& s) { return gone.count(s) > 0; });
      std::erase_if(p.threats, [&](const std::string& s) { return gone.count(s) > 0; });
    }
    return {};
  }
  return Bad("id", "no such element");
}

void FillThreat(threat::Threat& t, const ThreatEdit& e, threat::Stride category) {
  t.title = std::string(Trim(e.title));
  t.category = category;
  t.description = e.description;
  t.mitigation = e.mitigation;
  t.status = e.status.empty() ? "open" : e.status;
  t.likelihood = e.likelihood;
  t.impact = e.impact;
}

Status AddOrChangeThreat(threat::Model& m, const ThreatEdit& e, const std::function<std::string()>& new_id) {
  if (auto ok = CheckThreatFields(e); !ok) return ok;
  auto category = threat::ParseStride(e.category);
  if (!category) return Bad("category", fmt::format("'{}' is not a STRIDE category", e.category));
  if (e.op == "change_threat") {
    auto* t = m.FindThreat(e.id);
    if (!t) return Bad("id", "no such threat");
    const auto* el = m.ElementOfThreat(e.id);
    auto allowed = threat::StrideFor(el->kind);
    if (std::find(allowed.begin(), allowed.end(), *category) == allowed.end()) {
      return Bad("category", fmt::format("{} does not apply to a {}", e.category, threat::KindCode(el->kind)));
    }
    FillThreat(*t, e, *category);
    return {};
  }
  auto* el = m.FindElement(e.id);
  if (!el) return Bad("id", "no such element");
  auto allowed = threat::StrideFor(el->kind);
  if (std::find(allowed.begin(), allowed.end(), *category) == allowed.end()) {
    return Bad("category", fmt::format("{} does not apply to a {}", e.category, threat::KindCode(el->kind)));
  }
  threat::Threat t;
  t.id = new_id();
  FillThreat(t, e, *category);
  el->threats.push_back(std::move(t));
  return {};
}

Status RemoveThreat(threat::Model& m, const ThreatEdit& e) {
  for (auto& d : m.diagrams) {
    for (auto& el : d.elements) {
      auto n = std::erase_if(el.threats, [&](const auto& t) { return t.id == e.id; });
      if (n == 0) continue;
      for (auto& p : m.attack_paths) std::erase(p.threats, e.id);
      return {};
    }
  }
  return Bad("id", "no such threat");
}

Status AddPath(threat::Model& m, const ThreatEdit& e, const std::function<std::string()>& new_id) {
  if (Trim(e.title).empty()) return Bad("title", "is required", "error.field.required");
  if (auto ok = domain::CheckText({"title", 200, false}, e.title); !ok) return ok;
  if (e.steps.empty()) return Bad("steps", "an attack path goes through at least one element");
  for (std::size_t i = 0; i < e.steps.size(); ++i) {
    if (!m.FindElement(e.steps[i])) return Bad(fmt::format("steps.{}", i), "no such element");
  }
  for (std::size_t i = 0; i < e.threats.size(); ++i) {
    if (!m.FindThreat(e.threats[i])) return Bad(fmt::format("threats.{}", i), "no such threat");
  }
  if (auto ok = CheckRating(e.likelihood, e.impact); !ok) return ok;
  m.attack_paths.push_back(
      threat::AttackPath{new_id(), std::string(Trim(e.title)), e.description, e.steps, e.threats, e.likelihood, e.impact});
  return {};
}

}  // namespace

Status ApplyThreatEdit(threat::Model& m, const ThreatEdit& e, const std::function<std::string()>& new_id) {
  if (e.op == "add_element") return AddElement(m, e, new_id);
  if (e.op == "remove_element") return RemoveElement(m, e);
  if (e.op == "add_threat" || e.op == "change_threat") return AddOrChangeThreat(m, e, new_id);
  if (e.op == "remove_threat") return RemoveThreat(m, e);
  if (e.op == "add_path") return AddPath(m, e, new_id);
  if (e.op == "remove_path") {
    if (std::erase_if(m.attack_paths, [&](const auto& p) { return p.id == e.id; }) == 0) return Bad("id", "no such attack path");
    return {};
  }
  return Bad("op", fmt::format("'{}' is not an edit of a threat model", e.op));
}

Coverage CoverageFor(const threat::Model& m, const std::vector<store::TestItemRow>& items) {
  Coverage c;
  c.items = items;
  for (const auto& d : m.diagrams) {
    for (const auto& el : d.elements) {
      for (const auto& t : el.threats) {
        CoverageRow row;
        row.threat_id = t.id;
        row.title = t.title;
        row.element = el.name;
        row.category = std::string(threat::StrideCode(t.category));
        row.status = t.status;
        row.risk = t.risk();
        for (const auto& i : items) {
          if (std::find(i.threats.begin(), i.threats.end(), t.id) == i.threats.end()) continue;
          row.items.push_back(i.id);
          if (i.status == "passed" || i.status == "failed") row.tested = true;
        }
        row.untested_high = t.status == "open" && !row.tested &&
                            (row.risk == threat::RiskLevel::kHigh || row.risk == threat::RiskLevel::kCritical);
        ++c.threats;
        c.covered += row.items.empty() ? 0 : 1;
        c.tested += row.tested ? 1 : 0;
        c.untested_high += row.untested_high ? 1 : 0;
        c.rows.push_back(std::move(row));
      }
    }
  }
  std::stable_sort(c.rows.begin(), c.rows.end(), [](const auto& a, const auto& b) { return a.risk > b.risk; });
  return c;
}

Result<ThreatModelView> DeviceService::ModelOf(store::DeviceReader& r, const store::DeviceProjectRow& p) {
  auto row = r.ThreatModel(p.id);
  if (!row) return Fail(row.error());
  if (!*row) return ThreatModelView{EmptyModel(p), 0, ""};
  auto model = threat::ReadThreatDragon((*row)->document);
  if (!model) return Fail(model.error());
  return ThreatModelView{std::move(*model), (*row)->revision, (*row)->updated_at};
}

Result<ThreatModelView> DeviceService::ThreatModel(const domain::Actor& actor, std::int64_t id) {
  ThreatModelView out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto p = Load(r, actor, id);
    if (!p) return Fail(p.error());
    auto m = ModelOf(r, p->row);
    if (!m) return Fail(m.error());
    out = std::move(*m);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

// Saves `m` as the next revision with its audit entry.
Status SaveModel(store::DeviceWriter& w, const domain::Actor& actor, std::int64_t project_id, ThreatModelView& view,
                 const std::string& how) {
  if (auto ok = threat::Validate(view.model); !ok) return ok;
  const std::string document = threat::WriteThreatDragon(view.model);
  ++view.revision;
  view.updated_at = w.Now();
  if (auto done = w.PutThreatModel({project_id, document, view.revision, actor.user_id, w.Now()}); !done) return done;
  auto after = ModelSummary(view.model, view.revision);
  after["how"] = how;
  after["project"] = project_id;
  return w.Audit(AuditRecord(actor.Label(), AuditAction::kThreatModelSave).On("threat_model", project_id).After(Dump(after)));
}

}  // namespace

Result<ThreatModelView> DeviceService::ImportThreatModel(const domain::Actor& actor, std::int64_t id,
                                                         std::string_view json_text) {
  if (json_text.size() > kMaxThreatModelBytes) {
    return Fail(Reason{"error.device.file_too_large", {{"max", "8 MB"}}}, ErrorCode::kResourceExhausted,
                fmt::format("file: {} bytes; at most {} are accepted", json_text.size(), kMaxThreatModelBytes), {}, "file");
  }
  auto model = threat::ReadThreatDragon(json_text);
  if (!model) return Fail(model.error());
  ThreatModelView out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto current = ModelOf(w, p->row);
    if (!current) return Fail(current.error());
    out = ThreatModelView{std::move(*model), current->revision, ""};
    return SaveModel(w, actor, id, out, "import");
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::string> DeviceService::ExportThreatModel(const domain::Actor& actor, std::int64_t id) {
  auto view = ThreatModel(actor, id);
  if (!view) return Fail(view.error());
  return threat::WriteThreatDragon(view->model);
}

Result<ThreatModelView> DeviceService::EditThreatModel(const domain::Actor& actor, std::int64_t id, const ThreatEdit& edit) {
  ThreatModelView out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto current = ModelOf(w, p->row);
    if (!current) return Fail(current.error());
    out = std::move(*current);
    if (auto ok = ApplyThreatEdit(out.model, edit, NewUuid); !ok) return ok;
    return SaveModel(w, actor, id, out, edit.op);
  });
  if (!st) return Fail(st.error());
  return out;
}

// ---- Test items ---------------------------------------------------------------------------------

Result<std::vector<store::CatalogueRow>> DeviceService::Catalogue() {
  std::vector<store::CatalogueRow> out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto rows = r.Catalogue();
    if (!rows) return Fail(rows.error());
    out = std::move(*rows);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

// The open threats of the model whose category is one of `stride`.
std::vector<std::string> ThreatsFor(const threat::Model& m, const std::vector<std::string>& stride) {
  std::vector<std::string> out;
  for (const auto& d : m.diagrams) {
    for (const auto& el : d.elements) {
      if (el.out_of_scope) continue;
      for (const auto& t : el.threats) {
        if (t.status != "open") continue;
        if (std::find(stride.begin(), stride.end(), threat::StrideCode(t.category)) != stride.end()) out.push_back(t.id);
      }
    }
  }
  return out;
}

bool AppliesTo(const store::CatalogueRow& c, const std::vector<std::string>& interfaces) {
  if (c.interfaces.empty()) return true;
  return std::any_of(c.interfaces.begin(), c.interfaces.end(), [&](const std::string& i) {
    return std::find(interfaces.begin(), interfaces.end(), i) != interfaces.end();
  });
}

}  // namespace

Result<std::vector<store::CatalogueRow>> DeviceService::Suggestions(const domain::Actor& actor, std::int64_t id) {
  std::vector<store::CatalogueRow> out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto p = Load(r, actor, id);
    if (!p) return Fail(p.error());
    auto model = ModelOf(r, p->row);
    if (!model) return Fail(model.error());
    auto items = r.TestItems(id);
    if (!items) return Fail(items.error());
    auto catalogue = r.Catalogue();
    if (!catalogue) return Fail(catalogue.error());
    for (auto& c : *catalogue) {
      if (!c.active || !AppliesTo(c, p->row.interfaces)) continue;
      if (std::any_of(items->begin(), items->end(), [&](const auto& i) { return i.catalogue_code == c.code; })) continue;
      if (ThreatsFor(model->model, c.stride).empty()) continue;
      out.push_back(std::move(c));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<store::TestItemRow> DeviceService::AddFromCatalogue(const domain::Actor& actor, std::int64_t id,
                                                           const std::string& code) {
  store::TestItemRow out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto c = w.CatalogueItem(code);
    if (!c) return Fail(c.error());
    if (!*c || !(*c)->active) {
      return Fail(Reason{"error.device.unknown_catalogue_item", {{"code", code}}}, ErrorCode::kNotFound,
                  fmt::format("code: '{}' is not in the test item catalogue", code), {}, "code");
    }
    auto model = ModelOf(w, p->row);
    if (!model) return Fail(model.error());
    const bool en = p->row.lang == "en";
    store::TestItemRow row;
    row.project_id = id;
    row.catalogue_code = code;
    row.title = en ? (*c)->title_en : (*c)->title_ja;
    row.method = en ? (*c)->method_en : (*c)->method_ja;
    row.tools = (*c)->tools;
    row.evidence = en ? (*c)->evidence_en : (*c)->evidence_ja;
    row.threats = ThreatsFor(model->model, (*c)->stride);
    row.status = "planned";
    auto item_id = w.InsertTestItem(row);
    if (!item_id) return Fail(item_id.error());
    row.id = *item_id;
    row.updated_at = w.Now();
    out = row;
    auto after = ItemJson(row);
    after["project"] = id;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kTestItemAdd).On("test_item", *item_id).After(Dump(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

Status KnownThreats(const threat::Model& m, const std::vector<std::string>& threats) {
  for (std::size_t i = 0; i < threats.size(); ++i) {
    if (!m.FindThreat(threats[i])) {
      return Fail(Reason{"error.device.unknown_threat", {}}, ErrorCode::kInvalidArgument,
                  fmt::format("threats.{}: no such threat in the project's model", i), {}, fmt::format("threats.{}", i));
    }
  }
  return {};
}

store::TestItemRow ItemFrom(store::TestItemRow row, const domain::devices::ItemInput& in) {
  row.title = std::string(Trim(in.title));
  row.method = in.method;
  row.tools = in.tools;
  row.evidence = in.evidence;
  row.threats = in.threats;
  std::sort(row.threats.begin(), row.threats.end());
  row.threats.erase(std::unique(row.threats.begin(), row.threats.end()), row.threats.end());
  row.status = in.status;
  row.result = in.result;
  return row;
}

}  // namespace

Result<store::TestItemRow> DeviceService::AddItem(const domain::Actor& actor, std::int64_t id,
                                                  const domain::devices::ItemInput& in) {
  if (auto ok = Problems(domain::devices::CheckItem(in)); !ok) return Fail(ok.error());
  store::TestItemRow out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto model = ModelOf(w, p->row);
    if (!model) return Fail(model.error());
    if (auto ok = KnownThreats(model->model, in.threats); !ok) return ok;
    store::TestItemRow row = ItemFrom({}, in);
    row.project_id = id;
    auto item_id = w.InsertTestItem(row);
    if (!item_id) return Fail(item_id.error());
    row.id = *item_id;
    row.updated_at = w.Now();
    out = row;
    auto after = ItemJson(row);
    after["project"] = id;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kTestItemAdd).On("test_item", *item_id).After(Dump(after)));
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<store::TestItemRow> DeviceService::ChangeItem(const domain::Actor& actor, std::int64_t id, std::int64_t item_id,
                                                     const domain::devices::ItemInput& in) {
  if (auto ok = Problems(domain::devices::CheckItem(in)); !ok) return Fail(ok.error());
  store::TestItemRow out;
  auto st = store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto items = w.TestItems(id);
    if (!items) return Fail(items.error());
    auto it = std::find_if(items->begin(), items->end(), [&](const auto& i) { return i.id == item_id; });
    if (it == items->end()) return Fail(Reason{"error.device.unknown_item", {}}, ErrorCode::kNotFound, "no such test item");
    auto model = ModelOf(w, p->row);
    if (!model) return Fail(model.error());
    if (auto ok = KnownThreats(model->model, in.threats); !ok) return ok;
    const auto before = ItemJson(*it);
    store::TestItemRow row = ItemFrom(*it, in);
    if (auto done = w.UpdateTestItem(row); !done) return done;
    row.updated_at = w.Now();
    out = row;
    return w.Audit(AuditRecord(actor.Label(), AuditAction::kTestItemChange)
                       .On("test_item", item_id)
                       .Before(Dump(before))
                       .After(Dump(ItemJson(row))));
  });
  if (!st) return Fail(st.error());
  return out;
}

Status DeviceService::RemoveItem(const domain::Actor& actor, std::int64_t id, std::int64_t item_id) {
  return store_.Write([&](store::DeviceWriter& w) -> Status {
    auto p = LoadFor(w, actor, id, ProjectAction::kEditWork);
    if (!p) return Fail(p.error());
    auto items = w.TestItems(id);
    if (!items) return Fail(items.error());
    auto it = std::find_if(items->begin(), items->end(), [&](const auto& i) { return i.id == item_id; });
    if (it == items->end()) return Fail(Reason{"error.device.unknown_item", {}}, ErrorCode::kNotFound, "no such test item");
    if (auto done = w.DeleteTestItem(id, item_id); !done) return done;
    return w.Audit(
        AuditRecord(actor.Label(), AuditAction::kTestItemRemove).On("test_item", item_id).Before(Dump(ItemJson(*it))));
  });
}

Result<Coverage> DeviceService::CoverageOf(const domain::Actor& actor, std::int64_t id) {
  Coverage out;
  auto st = store_.Read([&](store::DeviceReader& r) -> Status {
    auto p = Load(r, actor, id);
    if (!p) return Fail(p.error());
    auto model = ModelOf(r, p->row);
    if (!model) return Fail(model.error());
    auto items = r.TestItems(id);
    if (!items) return Fail(items.error());
    out = CoverageFor(model->model, *items);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

}  // namespace proven::services
