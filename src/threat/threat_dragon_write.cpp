// Writing OWASP Threat Dragon v2 JSON: the document the model was read from (Model::original), with
// only what the model changed rewritten, so that Threat Dragon's own fields (styles, ports, flags
// of later versions, threats of other methods) survive, and an unchanged import is written back
// equal to the file. Where Proven's data goes is described in threat_dragon_format.hpp.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "threat/threat_dragon_format.hpp"
#include "threat/threat_model.hpp"

namespace proven::threat {

namespace {

using td::Json;

constexpr std::string_view kTdVersion = "2.3.0";  // what Threat Dragon 2.3 writes into new models

bool SamePoints(const std::vector<Point>& a, const std::vector<Point>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Point& p, const Point& q) { return p.x == q.x && p.y == q.y; });
}

bool SameThreat(const Threat& a, const Threat& b) {
  return a.id == b.id && a.title == b.title && a.category == b.category && a.status == b.status &&
         a.description == b.description && a.mitigation == b.mitigation && a.likelihood == b.likelihood &&
         a.impact == b.impact;
}

bool SameThreats(const std::vector<Threat>& a, const std::vector<Threat>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), SameThreat);
}

bool SamePath(const AttackPath& a, const AttackPath& b) {
  return a.id == b.id && a.title == b.title && a.description == b.description && a.steps == b.steps &&
         a.threats == b.threats && a.likelihood == b.likelihood && a.impact == b.impact;
}

// Whole numbers as JSON integers, as Threat Dragon writes its coordinates.
Json NumJson(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15) return static_cast<long long>(v);
  return std::isfinite(v) ? Json(v) : Json(0);
}

Json IdJson(const std::string& id) {
  const bool digits = !id.empty() && id.size() < 10 && std::all_of(id.begin(), id.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  return digits ? Json(std::stoi(id)) : Json(id);
}

std::string_view TdType(Stride s) {
  switch (s) {
    case Stride::kSpoofing: return "Spoofing";
    case Stride::kTampering: return "Tampering";
    case Stride::kRepudiation: return "Repudiation";
    case Stride::kInformationDisclosure: return "Information disclosure";
    case Stride::kDenialOfService: return "Denial of service";
    case Stride::kElevationOfPrivilege: return "Elevation of privilege";
  }
  return "Spoofing";
}

std::string TdStatus(const std::string& status) {
  if (status == "open") return "Open";
  if (status == "mitigated") return "Mitigated";
  if (status == "not_applicable") return "NA";
  return status;
}

// Threat Dragon rates a threat High, Medium or Low; Proven's critical is its High.
std::string_view Severity(RiskLevel r) {
  switch (r) {
    case RiskLevel::kNotRated: return "";
    case RiskLevel::kLow: return "Low";
    case RiskLevel::kMedium: return "Medium";
    case RiskLevel::kHigh:
    case RiskLevel::kCritical: return "High";
  }
  return "";
}

// obj.proven.key = value, or removed (with "proven" when it becomes empty) when `keep` is false.
void SetProven(Json& obj, std::string_view key, const Json& value, bool keep) {
  const std::string p(td::kProven);
  if (keep) {
    if (!obj.contains(p) || !obj[p].is_object()) obj[p] = Json::object();
    obj[p][std::string(key)] = value;
    return;
  }
  if (!obj.contains(p) || !obj[p].is_object()) return;
  obj[p].erase(std::string(key));
  if (obj[p].empty()) obj.erase(p);
}

std::string StrOr(const Json& obj, std::string_view key) {
  auto v = td::Str(obj, key, "");
  return v ? *v : std::string();
}

void SetIfChanged(Json& obj, std::string_view key, const std::string& now, const std::string& before) {
  if (now != before) obj[std::string(key)] = now;
}

bool LaterMatch(const std::vector<std::optional<std::string>>& orig_keys, const std::vector<bool>& used,
                const std::vector<std::string>& keys, std::size_t from) {
  for (std::size_t i = from; i < keys.size(); ++i) {
    for (std::size_t k = 0; k < orig_keys.size(); ++k) {
      if (!used[k] && orig_keys[k] && *orig_keys[k] == keys[i]) return true;
    }
  }
  return false;
}

// Merges the model's items, in the model's order, with the entries of the original array: an entry
// the model represents (its key is set) is rebuilt from its item or dropped with it; an entry the
// model does not represent stays where it was relative to its neighbours.
template <class Build>
Json Merge(const Json& orig, const std::vector<std::optional<std::string>>& orig_keys,
           const std::vector<std::string>& keys, Build build) {
  Json out = Json::array();
  std::vector<bool> used(orig_keys.size(), false);
  std::size_t next = 0;
  auto flush = [&](std::size_t end) {
    for (; next < end; ++next) {
      if (!orig_keys[next]) out.push_back(orig[next]);
    }
  };
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::optional<std::size_t> found;
    for (std::size_t k = 0; k < orig_keys.size() && !found; ++k) {
      if (!used[k] && orig_keys[k] && *orig_keys[k] == keys[i]) found = k;
    }
    if (found) {
      used[*found] = true;
      if (*found >= next) {
        flush(*found);
        next = *found + 1;
      }
    } else if (!LaterMatch(orig_keys, used, keys, i + 1)) {
      flush(orig_keys.size());  // items added at the end go after everything kept
    }
    out.push_back(build(i, found ? &orig[*found] : nullptr));
  }
  flush(orig_keys.size());
  return out;
}

// ---- threats ----

Json NewThreat(const Threat& t, int number) {
  return Json{{"id", t.id},           {"title", ""},       {"status", "Open"},
              {"severity", ""},       {"type", TdType(t.category)}, {"description", ""},
              {"mitigation", ""},     {"modelType", "STRIDE"},      {"number", number},
              {"score", ""}};
}

void UpdateThreat(Json& j, const Threat& t, const Threat& before) {
  SetIfChanged(j, "id", t.id, before.id);
  SetIfChanged(j, "title", t.title, before.title);
  if (t.category != before.category) {
    j["type"] = TdType(t.category);
    j["modelType"] = "STRIDE";
  }
  if (t.status != before.status) j["status"] = TdStatus(t.status);
  SetIfChanged(j, "description", t.description, before.description);
  SetIfChanged(j, "mitigation", t.mitigation, before.mitigation);
  if (t.likelihood != before.likelihood || t.impact != before.impact) {
    SetProven(j, "likelihood", t.likelihood, t.likelihood != 0);
    SetProven(j, "impact", t.impact, t.impact != 0);
    if (t.risk() != RiskLevel::kNotRated) j["severity"] = Severity(t.risk());
  }
}

void WriteThreats(Json& data, const Element& e, const Element& before, int& threat_top) {
  const Json orig = data.contains("threats") && data["threats"].is_array() ? data["threats"] : Json::array();
  std::vector<std::optional<std::string>> orig_keys;
  for (std::size_t j = 0; j < orig.size(); ++j) {
    orig_keys.push_back(td::IsModelledThreat(orig[j]) ? std::optional(td::ThreatKey(orig[j], before.id, j))
                                                       : std::nullopt);
  }
  std::vector<std::string> keys;
  for (const auto& t : e.threats) keys.push_back(t.id);
  data["threats"] = Merge(orig, orig_keys, keys, [&](std::size_t i, const Json* o) {
    const Threat& t = e.threats[i];
    Json j = o ? *o : NewThreat(t, ++threat_top);
    std::size_t index = 0;
    if (o) index = static_cast<std::size_t>(o - &orig[0]);
    auto b = td::ReadThreat(j, before.id, index, "");
    UpdateThreat(j, t, b ? *b : Threat{});
    return j;
  });
  bool open = false;
  for (const auto& t : data["threats"]) {
    if (t.is_object() && td::StatusOfTd(StrOr(t, "status")) == "open") open = true;
  }
  data["hasOpenThreats"] = open;
}

// ---- cells ----

bool IsLink(const Element& e) {
  return e.kind == ElementKind::kFlow || (e.kind == ElementKind::kBoundary && !e.points.empty());
}

std::string_view TdKind(const Element& e) {
  switch (e.kind) {
    case ElementKind::kActor: return "tm.Actor";
    case ElementKind::kProcess: return "tm.Process";
    case ElementKind::kStore: return "tm.Store";
    case ElementKind::kFlow: return "tm.Flow";
    case ElementKind::kBoundary: return IsLink(e) ? "tm.Boundary" : "tm.BoundaryBox";
  }
  return "tm.Process";
}

std::string_view TdShape(const Element& e) {
  switch (e.kind) {
    case ElementKind::kActor: return "actor";
    case ElementKind::kProcess: return "process";
    case ElementKind::kStore: return "store";
    case ElementKind::kFlow: return "flow";
    case ElementKind::kBoundary: return IsLink(e) ? "trust-boundary-curve" : "trust-boundary-box";
  }
  return "process";
}

Json FlowLabel(const std::string& text);

Json Stroke(std::string_view dash) {
  return Json{{"stroke", "#333333"}, {"strokeWidth", 1.5}, {"strokeDasharray", dash.empty() ? Json() : Json(dash)}};
}

Json NewCell(const Element& e, int z) {
  Json data{{"type", TdKind(e)}, {"name", e.name}, {"description", ""}, {"hasOpenThreats", false}};
  Json cell{{"shape", TdShape(e)}, {"id", e.id}, {"zIndex", z}, {"visible", true}};
  if (e.kind == ElementKind::kBoundary) {
    data["isTrustBoundary"] = true;
  } else {
    data["outOfScope"] = false;
    data["reasonOutOfScope"] = "";
    data["threats"] = Json::array();
  }
  if (IsLink(e)) {
    const bool flow = e.kind == ElementKind::kFlow;
    cell["attrs"] = {{"line", flow ? Json{{"stroke", "#333333"}, {"strokeWidth", 1.5},
                                          {"targetMarker", {{"name", "block"}}}, {"sourceMarker", {{"name", ""}}},
                                          {"strokeDasharray", nullptr}}
                                   : Json{{"targetMarker", ""}, {"sourceMarker", ""}}}};
    cell["connector"] = "smooth";
    cell["labels"] = Json::array({flow ? FlowLabel(e.name) : Json{{"attrs", {{"text", {{"text", e.name}}}}}}});
    cell["source"] = Json::object();
    cell["target"] = Json::object();
    cell["vertices"] = Json::array();
    if (flow) {
      data["protocol"] = "";
      data["isEncrypted"] = false;
      data["isPublicNetwork"] = false;
      data["isBidirectional"] = false;
    }
  } else {
    cell["position"] = {{"x", 0}, {"y", 0}};
    cell["size"] = {{"width", 0}, {"height", 0}};
    const bool store = e.kind == ElementKind::kStore;
    const bool box = e.kind == ElementKind::kBoundary;
    cell["attrs"] = store ? Json{{"text", {{"text", e.name}}}, {"topLine", Stroke("")}, {"bottomLine", Stroke("")}}
                          : Json{{"text", {{"text", e.name}}}, {"body", Stroke(box ? "7 5" : "")}};
  }
  cell["data"] = std::move(data);
  return cell;
}

// A flow's label as Threat Dragon 2.3 writes it (td.vue/src/service/demo/iot-device.json); 2.0
// wrote {"position": 0.5, "attrs": {"label": {"text": …}}}, which the writer keeps when it finds it.
Json FlowLabel(const std::string& text) {
  return Json{{"markup", Json::array({Json{{"tagName", "ellipse"}, {"selector", "labelBody"}},
                                      Json{{"tagName", "text"}, {"selector", "labelText"}}})},
              {"attrs",
               {{"labelText", {{"text", text}, {"textAnchor", "middle"}, {"textVerticalAnchor", "middle"}}},
                {"labelBody",
                 {{"ref", "labelText"}, {"refRx", "50%"}, {"refRy", "60%"}, {"fill", "#fff"}, {"strokeWidth", 0}}}}},
              {"position", {{"distance", 0.5}, {"args", {{"keepGradient", true}, {"ensureLegibility", true}}}}}};
}

void WriteLabel(Json& cell, const Element& e) {
  if (e.kind == ElementKind::kFlow) {
    if (!cell.contains("labels") || !cell["labels"].is_array() || cell["labels"].empty() ||
        !cell["labels"][0].is_object()) {
      cell["labels"] = Json::array({FlowLabel(e.name)});
      return;
    }
    Json& label = cell["labels"][0];
    if (!label.contains("attrs") || !label["attrs"].is_object()) label["attrs"] = Json::object();
    const bool old_style = label["attrs"].contains("label") && !label["attrs"].contains("labelText");
    Json& text = label["attrs"][old_style ? "label" : "labelText"];
    if (!text.is_object()) text = Json::object();
    text["text"] = e.name;
    return;
  }
  if (IsLink(e)) return;  // a curved boundary's label is its own
  if (!cell.contains("attrs") || !cell["attrs"].is_object()) cell["attrs"] = Json::object();
  if (!cell["attrs"].contains("text") || !cell["attrs"]["text"].is_object()) cell["attrs"]["text"] = Json::object();
  cell["attrs"]["text"]["text"] = e.name;
}

Json EndJson(const Json& cell, std::string_view key, const std::string& id, bool same_id, const Point* p) {
  if (!id.empty()) {
    const auto it = cell.find(key);
    if (same_id && it != cell.end() && it->is_object()) return *it;  // keeps "port" and the like
    return Json{{"cell", id}};
  }
  if (p == nullptr) return Json::object();
  return Json{{"x", NumJson(p->x)}, {"y", NumJson(p->y)}};
}

void WriteGeometry(Json& cell, const Element& e, const Element& before) {
  if (IsLink(e) || cell.contains("source") || cell.contains("target")) {
    if (e.source == before.source && e.target == before.target && SamePoints(e.points, before.points)) return;
    const std::size_t n = e.points.size();
    const bool from = e.source.empty() && n > 0;
    const bool to = e.target.empty() && n > (from ? 1u : 0u);
    cell["source"] = EndJson(cell, "source", e.source, e.source == before.source, from ? &e.points.front() : nullptr);
    cell["target"] = EndJson(cell, "target", e.target, e.target == before.target, to ? &e.points.back() : nullptr);
    Json vertices = Json::array();
    for (std::size_t i = from ? 1 : 0; i < (to ? n - 1 : n); ++i) {
      vertices.push_back({{"x", NumJson(e.points[i].x)}, {"y", NumJson(e.points[i].y)}});
    }
    cell["vertices"] = std::move(vertices);
    return;
  }
  if (e.x != before.x || e.y != before.y) cell["position"] = {{"x", NumJson(e.x)}, {"y", NumJson(e.y)}};
  if (e.width != before.width || e.height != before.height) {
    cell["size"] = {{"width", NumJson(e.width)}, {"height", NumJson(e.height)}};
  }
}

void WriteCell(Json& cell, const Element& e, const Element& before, int& threat_top) {
  if (!cell.contains("data") || !cell["data"].is_object()) cell["data"] = Json::object();
  Json& data = cell["data"];
  if (e.kind != before.kind) {
    data["type"] = TdKind(e);
    cell["shape"] = TdShape(e);
  }
  SetIfChanged(cell, "id", e.id, before.id);
  if (e.name != before.name) {
    data["name"] = e.name;
    WriteLabel(cell, e);
  }
  SetIfChanged(data, "description", e.description, before.description);
  if (e.out_of_scope != before.out_of_scope) data["outOfScope"] = e.out_of_scope;
  if (e.asset != before.asset) SetProven(data, "asset", true, e.asset);
  if (e.entry_point != before.entry_point) SetProven(data, "entryPoint", true, e.entry_point);
  WriteGeometry(cell, e, before);
  if (!SameThreats(e.threats, before.threats)) WriteThreats(data, e, before, threat_top);
}

// ---- diagrams and the document ----

Json NewDiagram(const Diagram& d) {
  return Json{{"id", IdJson(d.id)},
              {"title", ""},
              {"diagramType", "STRIDE"},
              {"placeholder", "New STRIDE diagram description"},
              {"thumbnail", "./public/content/images/thumbnail.stride.jpg"},
              {"version", kTdVersion},
              {"cells", Json::array()}};
}

int MaxZ(const Json& cells) {
  int z = 0;
  for (const auto& c : cells) {
    if (c.is_object() && c.contains("zIndex") && c["zIndex"].is_number_integer()) {
      z = std::max(z, c["zIndex"].get<int>());
    }
  }
  return z;
}

void WriteDiagram(Json& d, const Diagram& md, int& threat_top) {
  auto id = td::Id(d, "id", "");
  if (!id || *id != md.id) d["id"] = IdJson(md.id);
  SetIfChanged(d, "title", md.title, StrOr(d, "title"));
  const Json orig = d.contains("cells") && d["cells"].is_array() ? d["cells"] : Json::array();
  std::vector<std::optional<std::string>> orig_keys;
  for (const auto& c : orig) {
    auto cid = td::KindOfCell(c) ? td::Id(c, "id", "") : Result<std::string>(std::string());
    orig_keys.push_back(cid && !cid->empty() ? std::optional(*cid) : std::nullopt);
  }
  std::vector<std::string> keys;
  for (const auto& e : md.elements) keys.push_back(e.id);
  int z = MaxZ(orig);
  Json cells = Merge(orig, orig_keys, keys, [&](std::size_t i, const Json* o) {
    const Element& e = md.elements[i];
    Json cell = o ? *o : NewCell(e, ++z);
    auto b = td::ReadElement(cell, "");
    Element before = b && *b ? **b : Element{};
    WriteCell(cell, e, before, threat_top);
    return cell;
  });
  if (d.contains("cells") || !cells.empty()) d["cells"] = std::move(cells);
}

Json NewDocument() {
  return Json{{"version", kTdVersion},
              {"summary", {{"title", ""}, {"owner", ""}, {"description", ""}, {"id", 0}}},
              {"detail",
               {{"contributors", Json::array()},
                {"diagrams", Json::array()},
                {"diagramTop", 0},
                {"reviewer", ""},
                {"threatTop", 0}}}};
}

Json PathJson(const AttackPath& p) {
  return Json{{"id", p.id},       {"title", p.title},           {"description", p.description},
              {"steps", p.steps}, {"threats", p.threats},       {"likelihood", p.likelihood},
              {"impact", p.impact}};
}

void WriteDiagrams(Json& detail, const Model& m, int& threat_top) {
  const Json orig = detail.contains("diagrams") && detail["diagrams"].is_array() ? detail["diagrams"] : Json::array();
  std::vector<std::optional<std::string>> orig_keys;
  for (const auto& d : orig) {
    auto id = d.is_object() ? td::Id(d, "id", "") : Result<std::string>(std::string());
    orig_keys.push_back(id ? std::optional(*id) : std::nullopt);
  }
  std::vector<std::string> keys;
  for (const auto& d : m.diagrams) keys.push_back(d.id);
  int diagram_top = detail.contains("diagramTop") && detail["diagramTop"].is_number_integer()
                        ? detail["diagramTop"].get<int>()
                        : 0;
  const int diagram_top_before = diagram_top;
  Json diagrams = Merge(orig, orig_keys, keys, [&](std::size_t i, const Json* o) {
    Json d = o ? *o : NewDiagram(m.diagrams[i]);
    if (!o && d["id"].is_number_integer()) diagram_top = std::max(diagram_top, d["id"].get<int>() + 1);
    WriteDiagram(d, m.diagrams[i], threat_top);
    return d;
  });
  detail["diagrams"] = std::move(diagrams);
  if (diagram_top != diagram_top_before) detail["diagramTop"] = diagram_top;
}

}  // namespace

std::string WriteThreatDragon(const Model& m) {
  Json doc = m.original.is_object() ? m.original : NewDocument();
  if (!doc.contains("summary") || !doc["summary"].is_object()) doc["summary"] = Json::object();
  if (!doc.contains("detail") || !doc["detail"].is_object()) doc["detail"] = Json::object();
  Json& summary = doc["summary"];
  Json& detail = doc["detail"];
  SetIfChanged(summary, "title", m.title, StrOr(summary, "title"));
  SetIfChanged(summary, "owner", m.owner, StrOr(summary, "owner"));
  SetIfChanged(summary, "description", m.description, StrOr(summary, "description"));
  SetIfChanged(detail, "reviewer", m.reviewer, StrOr(detail, "reviewer"));
  const int threat_top_before =
      detail.contains("threatTop") && detail["threatTop"].is_number_integer() ? detail["threatTop"].get<int>() : 0;
  int threat_top = threat_top_before;
  WriteDiagrams(detail, m, threat_top);
  if (threat_top != threat_top_before) detail["threatTop"] = threat_top;
  auto before = td::ReadAttackPaths(detail, "");
  const std::vector<AttackPath> paths_before = before ? *before : std::vector<AttackPath>{};
  if (!std::equal(m.attack_paths.begin(), m.attack_paths.end(), paths_before.begin(), paths_before.end(), SamePath)) {
    Json paths = Json::array();
    for (const auto& p : m.attack_paths) paths.push_back(PathJson(p));
    SetProven(detail, "attackPaths", paths, !m.attack_paths.empty());
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace proven::threat
