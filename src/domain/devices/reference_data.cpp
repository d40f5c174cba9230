#include "domain/devices/reference_data.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/embedded.hpp"
#include "domain/devices/reference_data_parse.hpp"

namespace proven::domain::devices {
namespace {

using nlohmann::json;

[[noreturn]] void Malformed(std::string_view file, const std::string& pointer, std::string_view what) {
  throw std::logic_error("data/devices/" + std::string(file) + " at " + (pointer.empty() ? "/" : pointer) +
                         ": " + std::string(what));
}

// A JSON value with the file and JSON pointer it came from, so that every error names both.
class Node {
 public:
  Node(const json& value, std::string_view file, std::string pointer)
      : value_(value), file_(file), pointer_(std::move(pointer)) {}

  Node Get(std::string_view key) const {
    if (!value_.is_object()) Fail("expected an object");
    const auto it = value_.find(key);
    const std::string pointer = pointer_ + "/" + std::string(key);
    if (it == value_.end()) Malformed(file_, pointer, "missing");
    return Node(*it, file_, pointer);
  }
  std::size_t Size() const {
    if (!value_.is_array()) Fail("expected an array");
    return value_.size();
  }
  Node At(std::size_t i) const { return Node(value_.at(i), file_, pointer_ + "/" + std::to_string(i)); }
  std::string String() const {
    if (!value_.is_string()) Fail("expected a string");
    auto s = value_.get<std::string>();
    if (s.empty()) Fail("expected a non-empty string");
    return s;
  }
  bool Bool() const {
    if (!value_.is_boolean()) Fail("expected true or false");
    return value_.get<bool>();
  }
  Text AsText() const { return Text{Get("ja").String(), Get("en").String()}; }
  std::vector<std::string> Strings() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < Size(); ++i) out.push_back(At(i).String());
    return out;
  }
  [[noreturn]] void Fail(std::string_view what) const { Malformed(file_, pointer_, what); }

 private:
  const json& value_;
  std::string_view file_;
  std::string pointer_;
};

json ParseJson(std::string_view file, std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) Malformed(file, "", "not valid JSON");
  if (!doc.is_object()) Malformed(file, "", "expected an object");
  return doc;
}

std::string_view FileText(std::string_view name) {
  for (const auto& f : device_data_files()) {
    if (f.name == name) return f.data;
  }
  throw std::logic_error("data/devices/" + std::string(name) + " is not embedded");
}

std::vector<Coded> LoadCoded(std::string_view file, std::string_view key) {
  return ParseCodedList(file, FileText(file), key);
}

}  // namespace

std::vector<Coded> ParseCodedList(std::string_view file, std::string_view text, std::string_view list_key) {
  const json doc = ParseJson(file, text);
  const Node list = Node(doc, file, "").Get(list_key);
  std::vector<Coded> out;
  for (std::size_t i = 0; i < list.Size(); ++i) {
    const Node entry = list.At(i);
    out.push_back(Coded{entry.Get("code").String(), entry.AsText()});
  }
  return out;
}

Baseline ParseBaseline(std::string_view file, std::string_view text) {
  const json doc = ParseJson(file, text);
  const Node root(doc, file, "");
  Baseline b{root.Get("id").String(), root.Get("title").AsText(), root.Get("version").String(),
             root.Get("source_url").String(), {}};
  const Node reqs = root.Get("requirements");
  for (std::size_t i = 0; i < reqs.Size(); ++i) {
    const Node r = reqs.At(i);
    b.requirements.push_back(Requirement{r.Get("code").String(), r.Get("category").String(),
                                         r.Get("category_title").AsText(), r.Get("title").AsText(),
                                         r.Get("mandatory").Bool()});
  }
  return b;
}

std::vector<CatalogueItem> ParseCatalogue(std::string_view file, std::string_view text) {
  const json doc = ParseJson(file, text);
  const Node items = Node(doc, file, "").Get("items");
  std::vector<CatalogueItem> out;
  for (std::size_t i = 0; i < items.Size(); ++i) {
    const Node it = items.At(i);
    out.push_back(CatalogueItem{it.Get("code").String(), it.Get("title").AsText(), it.Get("method").AsText(),
                                it.Get("tools").String(), it.Get("evidence").AsText(),
                                it.Get("stride").Strings(), it.Get("interfaces").Strings(),
                                it.Get("requirements").Strings()});
  }
  return out;
}

const std::vector<Coded>& DeviceKinds() {
  static const std::vector<Coded> kinds = LoadCoded("device_kinds.json", "kinds");
  return kinds;
}

const std::vector<Coded>& Interfaces() {
  static const std::vector<Coded> interfaces = LoadCoded("interfaces.json", "interfaces");
  return interfaces;
}

const std::vector<Baseline>& Baselines() {
  static const std::vector<Baseline> baselines = [] {
    std::vector<Baseline> out;
    for (const auto& f : device_data_files()) {
      if (f.name.starts_with("baselines/") && f.name.ends_with(".json")) out.push_back(ParseBaseline(f.name, f.data));
    }
    std::sort(out.begin(), out.end(), [](const Baseline& a, const Baseline& b) { return a.id < b.id; });
    return out;
  }();
  return baselines;
}

const Baseline* FindBaseline(std::string_view id) {
  for (const auto& b : Baselines()) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

const std::vector<CatalogueItem>& DefaultCatalogue() {
  static const std::vector<CatalogueItem> items = ParseCatalogue("test_items.json", FileText("test_items.json"));
  return items;
}

const std::vector<Coded>& StaffSkills() {
  static const std::vector<Coded> skills = LoadCoded("provider_criteria.json", "skills");
  return skills;
}

const std::vector<Coded>& TrustCriteria() {
  static const std::vector<Coded> criteria = LoadCoded("provider_criteria.json", "trust_criteria");
  return criteria;
}

const std::vector<Coded>& Techniques() {
  static const std::vector<Coded> techniques = LoadCoded("techniques.json", "techniques");
  return techniques;
}

}  // namespace proven::domain::devices
