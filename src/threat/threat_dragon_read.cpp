// Reading OWASP Threat Dragon v2 JSON (docs/devices.md, "Threat Dragon import and export").
// The format is Threat Dragon's own (td.vue/src/assets/schema/threat-dragon-v2.schema.json): the
// model keeps every cell Threat Dragon draws, and Proven's own data sits in objects named "proven"
// (see threat_dragon_format.hpp), which Threat Dragon's schema allows and its editor keeps.
#include <string>
#include <utility>

#include <fmt/format.h>

#include "threat/threat_dragon_format.hpp"
#include "threat/threat_model.hpp"

namespace proven::threat {

namespace td {

namespace {

tl::unexpected<Error> Bad(const std::string& pointer, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("Threat Dragon model: {} at {}", what, pointer.empty() ? std::string("/") : pointer), {},
              pointer);
}

}  // namespace

std::string Pointer(const std::string& base, std::string_view key) {
  std::string out = base + "/";
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Pointer(const std::string& base, std::size_t index) { return base + "/" + std::to_string(index); }

Result<std::string> Str(const Json& obj, std::string_view key, const std::string& ptr) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Bad(Pointer(ptr, key), "expected a string");
  return it->get<std::string>();
}

Result<bool> Bool(const Json& obj, std::string_view key, const std::string& ptr) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return false;
  if (!it->is_boolean()) return Bad(Pointer(ptr, key), "expected true or false");
  return it->get<bool>();
}

Result<double> Num(const Json& obj, std::string_view key, const std::string& ptr) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return 0.0;
  if (!it->is_number()) return Bad(Pointer(ptr, key), "expected a number");
  return it->get<double>();
}

Result<int> Rating(const Json& obj, std::string_view key, const std::string& ptr) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return 0;
  if (!it->is_number_integer()) return Bad(Pointer(ptr, key), "expected a whole number 0 to 3");
  const auto v = it->get<long long>();
  if (v < 0 || v > 3) return Bad(Pointer(ptr, key), "expected a whole number 0 to 3");
  return static_cast<int>(v);
}

// An id is a string; Threat Dragon's diagram ids and some old threat ids are numbers.
Result<std::string> Id(const Json& obj, std::string_view key, const std::string& ptr) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return Bad(Pointer(ptr, key), "expected a string or a whole number");
}

// The object member `key`, or an empty object when absent; an error when it is something else.
Result<const Json*> Obj(const Json& obj, std::string_view key, const std::string& ptr) {
  static const Json kEmpty = Json::object();
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return &kEmpty;
  if (!it->is_object()) return Bad(Pointer(ptr, key), "expected an object");
  return &*it;
}

Result<const Json*> Arr(const Json& obj, std::string_view key, const std::string& ptr) {
  static const Json kEmpty = Json::array();
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return &kEmpty;
  if (!it->is_array()) return Bad(Pointer(ptr, key), "expected an array");
  return &*it;
}

namespace {

std::string Fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

}  // namespace

// Threat Dragon saves a threat's type in the language of its user interface: these are the STRIDE
// names of its Japanese catalogue (td.vue/src/i18n/ja.js), then the terms docs/devices.md uses.
constexpr std::pair<std::string_view, Stride> kJapaneseTypes[] = {
    {"なりすまし", Stride::kSpoofing},
    {"改竄", Stride::kTampering},
    {"否認", Stride::kRepudiation},
    {"情報漏洩", Stride::kInformationDisclosure},
    {"サービス拒否", Stride::kDenialOfService},
    {"特権の昇格", Stride::kElevationOfPrivilege},
    {"改ざん", Stride::kTampering},
    {"情報漏えい", Stride::kInformationDisclosure},
    {"権限昇格", Stride::kElevationOfPrivilege},
};

std::optional<Stride> StrideOfType(std::string_view type) {
  const std::string folded = Fold(type);
  for (int i = 0; i < 6; ++i) {
    const auto s = static_cast<Stride>(i);
    if (Fold(StrideCode(s)) == folded) return s;
  }
  for (const auto& [name, s] : kJapaneseTypes) {
    if (name == folded) return s;
  }
  return std::nullopt;
}

std::string StatusOfTd(std::string_view status) {
  const std::string folded = Fold(status);
  if (folded.empty() || folded == "open") return "open";
  if (folded == "mitigated") return "mitigated";
  if (folded == "na" || folded == "n/a" || folded == "notapplicable") return "not_applicable";
  return folded;
}

std::optional<ElementKind> KindOfCell(const Json& cell) {
  if (!cell.is_object()) return std::nullopt;
  const auto data = cell.find("data");
  if (data != cell.end() && data->is_object()) {
    const auto type = data->find("type");
    if (type != data->end() && type->is_string()) {
      const auto& t = type->get_ref<const std::string&>();
      if (t == "tm.Actor") return ElementKind::kActor;
      if (t == "tm.Process") return ElementKind::kProcess;
      if (t == "tm.Store") return ElementKind::kStore;
      if (t == "tm.Flow") return ElementKind::kFlow;
      if (t == "tm.Boundary" || t == "tm.BoundaryBox") return ElementKind::kBoundary;
      return std::nullopt;  // tm.Text and types of later versions: kept, not modelled
    }
  }
  const auto shape = cell.find("shape");
  if (shape == cell.end() || !shape->is_string()) return std::nullopt;
  const auto& s = shape->get_ref<const std::string&>();
  if (s == "actor") return ElementKind::kActor;
  if (s == "process") return ElementKind::kProcess;
  if (s == "store") return ElementKind::kStore;
  if (s == "flow") return ElementKind::kFlow;
  // "trust-broundary-curve" is how Threat Dragon 2.0's own demo model spells it.
  if (s == "trust-boundary-box" || s == "trust-boundary-curve" || s == "trust-broundary-curve") {
    return ElementKind::kBoundary;
  }
  return std::nullopt;
}

bool IsModelledThreat(const Json& threat) {
  if (!threat.is_object()) return false;
  const auto model_type = threat.find("modelType");
  if (model_type != threat.end() && !model_type->is_null()) {
    if (!model_type->is_string() || Fold(model_type->get_ref<const std::string&>()) != "stride") return false;
  }
  const auto type = threat.find("type");
  return type != threat.end() && type->is_string() && StrideOfType(type->get_ref<const std::string&>()).has_value();
}

std::string ThreatKey(const Json& threat, const std::string& cell_id, std::size_t index) {
  if (threat.is_object()) {
    const auto id = threat.find("id");
    if (id != threat.end() && id->is_string()) return id->get<std::string>();
    if (id != threat.end() && id->is_number_integer()) return id->dump();
  }
  // Threats of early 2.x files carry no id: a stable stand-in from the cell and the position.
  return fmt::format("{}/threats/{}", cell_id, index);
}

Result<Threat> ReadThreat(const Json& t, const std::string& cell_id, std::size_t index, const std::string& ptr) {
  if (!t.is_object()) return Bad(ptr, "expected a threat object");
  Threat out;
  out.id = ThreatKey(t, cell_id, index);
  auto title = Str(t, "title", ptr);
  if (!title) return tl::unexpected(title.error());
  out.title = std::move(*title);
  auto type = Str(t, "type", ptr);
  if (!type) return tl::unexpected(type.error());
  const auto category = StrideOfType(*type);
  if (!category) return Bad(Pointer(ptr, "type"), "not a STRIDE category");
  out.category = *category;
  auto status = Str(t, "status", ptr);
  if (!status) return tl::unexpected(status.error());
  out.status = StatusOfTd(*status);
  auto description = Str(t, "description", ptr);
  if (!description) return tl::unexpected(description.error());
  out.description = std::move(*description);
  auto mitigation = Str(t, "mitigation", ptr);
  if (!mitigation) return tl::unexpected(mitigation.error());
  out.mitigation = std::move(*mitigation);
  auto proven = Obj(t, kProven, ptr);
  if (!proven) return tl::unexpected(proven.error());
  const std::string pptr = Pointer(ptr, kProven);
  auto likelihood = Rating(**proven, "likelihood", pptr);
  if (!likelihood) return tl::unexpected(likelihood.error());
  auto impact = Rating(**proven, "impact", pptr);
  if (!impact) return tl::unexpected(impact.error());
  out.likelihood = *likelihood;
  out.impact = *impact;
  return out;
}

namespace {

Result<Point> ReadPoint(const Json& p, const std::string& ptr) {
  if (!p.is_object()) return Bad(ptr, "expected a point {x, y}");
  auto x = Num(p, "x", ptr);
  if (!x) return tl::unexpected(x.error());
  auto y = Num(p, "y", ptr);
  if (!y) return tl::unexpected(y.error());
  return Point{*x, *y};
}

// A flow's or a curved boundary's end: a cell it is attached to, or a free point.
Status ReadEnd(const Json& cell, std::string_view key, const std::string& ptr, std::string& cell_id,
               std::optional<Point>& point) {
  auto end = Obj(cell, key, ptr);
  if (!end) return tl::unexpected(end.error());
  const std::string eptr = Pointer(ptr, key);
  auto id = Str(**end, "cell", eptr);
  if (!id) return tl::unexpected(id.error());
  cell_id = std::move(*id);
  if (cell_id.empty() && ((*end)->contains("x") || (*end)->contains("y"))) {
    auto p = ReadPoint(**end, eptr);
    if (!p) return tl::unexpected(p.error());
    point = *p;
  }
  return {};
}

Status ReadGeometry(const Json& cell, const std::string& ptr, Element& e) {
  if (cell.contains("source") || cell.contains("target") || cell.contains("vertices")) {
    std::optional<Point> from;
    std::optional<Point> to;
    if (auto s = ReadEnd(cell, "source", ptr, e.source, from); !s) return s;
    if (auto s = ReadEnd(cell, "target", ptr, e.target, to); !s) return s;
    auto vertices = Arr(cell, "vertices", ptr);
    if (!vertices) return tl::unexpected(vertices.error());
    if (from) e.points.push_back(*from);
    for (std::size_t i = 0; i < (*vertices)->size(); ++i) {
      auto p = ReadPoint((**vertices)[i], Pointer(Pointer(ptr, "vertices"), i));
      if (!p) return tl::unexpected(p.error());
      e.points.push_back(*p);
    }
    if (to) e.points.push_back(*to);
    return {};
  }
  auto position = Obj(cell, "position", ptr);
  if (!position) return tl::unexpected(position.error());
  auto size = Obj(cell, "size", ptr);
  if (!size) return tl::unexpected(size.error());
  auto x = Num(**position, "x", Pointer(ptr, "position"));
  auto y = Num(**position, "y", Pointer(ptr, "position"));
  auto w = Num(**size, "width", Pointer(ptr, "size"));
  auto h = Num(**size, "height", Pointer(ptr, "size"));
  for (const auto* r : {&x, &y, &w, &h}) {
    if (!*r) return tl::unexpected(r->error());
  }
  e.x = *x;
  e.y = *y;
  e.width = *w;
  e.height = *h;
  return {};
}

Status ReadThreats(const Json& data, const std::string& ptr, Element& e) {
  auto threats = Arr(data, "threats", ptr);
  if (!threats) return tl::unexpected(threats.error());
  for (std::size_t i = 0; i < (*threats)->size(); ++i) {
    const Json& t = (**threats)[i];
    const std::string tptr = Pointer(Pointer(ptr, "threats"), i);
    if (!t.is_object()) return Bad(tptr, "expected a threat object");
    // Threats of other methods (LINDDUN, CIA, DIE, PLOT4ai, EoP cards) stay in the document only.
    const auto model_type = t.find("modelType");
    if (model_type != t.end() && !model_type->is_null() && !model_type->is_string()) {
      return Bad(Pointer(tptr, "modelType"), "expected a string");
    }
    if (!IsModelledThreat(t)) {
      const auto type = t.find("type");
      if (type != t.end() && !type->is_null() && !type->is_string()) {
        return Bad(Pointer(tptr, "type"), "expected a string");
      }
      continue;
    }
    auto threat = ReadThreat(t, e.id, i, tptr);
    if (!threat) return tl::unexpected(threat.error());
    e.threats.push_back(std::move(*threat));
  }
  return {};
}

}  // namespace

Result<std::optional<Element>> ReadElement(const Json& cell, const std::string& ptr) {
  if (!cell.is_object()) return Bad(ptr, "expected a cell object");
  const auto kind = KindOfCell(cell);
  if (!kind) return std::optional<Element>();
  Element e;
  e.kind = *kind;
  auto id = Id(cell, "id", ptr);
  if (!id) return tl::unexpected(id.error());
  if (id->empty()) return Bad(Pointer(ptr, "id"), "a cell needs an id");
  e.id = std::move(*id);
  auto data = Obj(cell, "data", ptr);
  if (!data) return tl::unexpected(data.error());
  const std::string dptr = Pointer(ptr, "data");
  auto name = Str(**data, "name", dptr);
  if (!name) return tl::unexpected(name.error());
  e.name = std::move(*name);
  auto description = Str(**data, "description", dptr);
  if (!description) return tl::unexpected(description.error());
  e.description = std::move(*description);
  auto out_of_scope = Bool(**data, "outOfScope", dptr);
  if (!out_of_scope) return tl::unexpected(out_of_scope.error());
  e.out_of_scope = *out_of_scope;
  auto proven = Obj(**data, kProven, dptr);
  if (!proven) return tl::unexpected(proven.error());
  auto asset = Bool(**proven, "asset", Pointer(dptr, kProven));
  if (!asset) return tl::unexpected(asset.error());
  auto entry = Bool(**proven, "entryPoint", Pointer(dptr, kProven));
  if (!entry) return tl::unexpected(entry.error());
  e.asset = *asset;
  e.entry_point = *entry;
  if (auto s = ReadGeometry(cell, ptr, e); !s) return tl::unexpected(s.error());
  if (auto s = ReadThreats(**data, dptr, e); !s) return tl::unexpected(s.error());
  return std::optional<Element>(std::move(e));
}

Result<AttackPath> ReadAttackPath(const Json& p, const std::string& ptr) {
  if (!p.is_object()) return Bad(ptr, "expected an attack path object");
  AttackPath out;
  auto id = Id(p, "id", ptr);
  if (!id) return tl::unexpected(id.error());
  out.id = std::move(*id);
  for (auto [key, field] : {std::pair{"title", &out.title}, std::pair{"description", &out.description}}) {
    auto v = Str(p, key, ptr);
    if (!v) return tl::unexpected(v.error());
    *field = std::move(*v);
  }
  for (auto [key, list] : {std::pair{"steps", &out.steps}, std::pair{"threats", &out.threats}}) {
    auto a = Arr(p, key, ptr);
    if (!a) return tl::unexpected(a.error());
    for (std::size_t i = 0; i < (*a)->size(); ++i) {
      const Json& v = (**a)[i];
      if (!v.is_string()) return Bad(Pointer(Pointer(ptr, key), i), "expected an id");
      list->push_back(v.get<std::string>());
    }
  }
  auto likelihood = Rating(p, "likelihood", ptr);
  if (!likelihood) return tl::unexpected(likelihood.error());
  auto impact = Rating(p, "impact", ptr);
  if (!impact) return tl::unexpected(impact.error());
  out.likelihood = *likelihood;
  out.impact = *impact;
  return out;
}

Result<std::vector<AttackPath>> ReadAttackPaths(const Json& detail, const std::string& ptr) {
  auto proven = Obj(detail, kProven, ptr);
  if (!proven) return tl::unexpected(proven.error());
  const std::string pptr = Pointer(ptr, kProven);
  auto paths = Arr(**proven, "attackPaths", pptr);
  if (!paths) return tl::unexpected(paths.error());
  std::vector<AttackPath> out;
  for (std::size_t i = 0; i < (*paths)->size(); ++i) {
    auto p = ReadAttackPath((**paths)[i], Pointer(Pointer(pptr, "attackPaths"), i));
    if (!p) return tl::unexpected(p.error());
    out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace td

namespace {

using td::Json;

tl::unexpected<Error> Refuse(const std::string& pointer, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message), {}, pointer);
}

std::string LineColumn(std::string_view text, std::size_t stop) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < std::min(stop, text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

// Threat Dragon documents nest about ten levels deep. Copying and writing JSON recurses, so a
// hostile file nested thousands deep is refused before it is parsed.
constexpr int kMaxDepth = 64;

std::optional<std::size_t> TooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

Result<Json> Parse(std::string_view text) {
  if (const auto at = TooDeep(text)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("not a Threat Dragon model: JSON nested more than {} deep ({})", kMaxDepth,
                            LineColumn(text, *at)));
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte counts from 1 and points at the byte the parser stopped on.
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("not a Threat Dragon model: the text is not JSON ({})",
                            LineColumn(text, e.byte == 0 ? 0 : e.byte - 1)),
                e.what());
  } catch (const Json::exception& e) {  // e.g. out_of_range for a number like 1e999
    return Fail(ErrorCode::kInvalidArgument, "not a Threat Dragon model: the JSON has a value out of range", e.what());
  }
}

// Threat Dragon 1.x files have no "version" and keep each diagram in "diagramJson"; 2.x writes
// "version": "2.…" and "cells".
Status CheckVersion(const Json& doc) {
  const auto detail = doc.find("detail");
  if (detail != doc.end() && detail->is_object()) {
    const auto diagrams = detail->find("diagrams");
    if (diagrams != detail->end() && diagrams->is_array()) {
      for (std::size_t i = 0; i < diagrams->size(); ++i) {
        if ((*diagrams)[i].is_object() && (*diagrams)[i].contains("diagramJson")) {
          return Refuse(fmt::format("/detail/diagrams/{}/diagramJson", i),
                        "a Threat Dragon v1 model: open it in Threat Dragon 2 and save it, then import the v2 file");
        }
      }
    }
  }
  const auto version = doc.find("version");
  if (version == doc.end()) return {};
  if (!version->is_string()) return Refuse("/version", "Threat Dragon model: \"version\" must be a string");
  const auto& v = version->get_ref<const std::string&>();
  if (v.rfind("1.", 0) == 0 || v == "1") {
    return Refuse("/version", "a Threat Dragon v1 model: open it in Threat Dragon 2 and save it, then import the v2 file");
  }
  if (v.rfind("2.", 0) != 0 && v != "2") {
    return Refuse("/version", fmt::format("Threat Dragon model version {} is not supported (2.x is)", Json(v).dump()));
  }
  return {};
}

Status ReadDiagram(const Json& d, const std::string& ptr, Diagram& out) {
  if (!d.is_object()) return td::Bad(ptr, "expected a diagram object");
  auto id = td::Id(d, "id", ptr);
  if (!id) return tl::unexpected(id.error());
  out.id = std::move(*id);
  auto title = td::Str(d, "title", ptr);
  if (!title) return tl::unexpected(title.error());
  out.title = std::move(*title);
  auto cells = td::Arr(d, "cells", ptr);
  if (!cells) return tl::unexpected(cells.error());
  for (std::size_t i = 0; i < (*cells)->size(); ++i) {
    auto e = td::ReadElement((**cells)[i], td::Pointer(td::Pointer(ptr, "cells"), i));
    if (!e) return tl::unexpected(e.error());
    if (*e) out.elements.push_back(std::move(**e));
  }
  return {};
}

}  // namespace

Result<Model> ReadThreatDragon(std::string_view json_text) {
  auto doc = Parse(json_text);
  if (!doc) return tl::unexpected(doc.error());
  if (!doc->is_object()) return Refuse("", "not a Threat Dragon model: expected a JSON object");
  if (auto s = CheckVersion(*doc); !s) return tl::unexpected(s.error());
  const auto summary_it = doc->find("summary");
  const auto detail_it = doc->find("detail");
  if (summary_it == doc->end() || !summary_it->is_object()) {
    return td::Bad("/summary", "expected the summary object");
  }
  if (detail_it == doc->end() || !detail_it->is_object()) return td::Bad("/detail", "expected the detail object");
  Model m;
  for (auto [key, field] : {std::pair{"title", &m.title}, std::pair{"owner", &m.owner},
                            std::pair{"description", &m.description}}) {
    auto v = td::Str(*summary_it, key, "/summary");
    if (!v) return tl::unexpected(v.error());
    *field = std::move(*v);
  }
  auto reviewer = td::Str(*detail_it, "reviewer", "/detail");
  if (!reviewer) return tl::unexpected(reviewer.error());
  m.reviewer = std::move(*reviewer);
  const auto diagrams = detail_it->find("diagrams");
  if (diagrams == detail_it->end() || !diagrams->is_array()) {
    return td::Bad("/detail/diagrams", "expected the diagrams array");
  }
  for (std::size_t i = 0; i < diagrams->size(); ++i) {
    Diagram d;
    if (auto s = ReadDiagram((*diagrams)[i], td::Pointer("/detail/diagrams", i), d); !s) {
      return tl::unexpected(s.error());
    }
    m.diagrams.push_back(std::move(d));
  }
  auto paths = td::ReadAttackPaths(*detail_it, "/detail");
  if (!paths) return tl::unexpected(paths.error());
  m.attack_paths = std::move(*paths);
  m.original = std::move(*doc);
  return m;
}

}  // namespace proven::threat
