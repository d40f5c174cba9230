// Model look-ups and Validate: the references and ranges a threat model must keep (docs/devices.md).
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "threat/threat_model.hpp"

namespace proven::threat {

Element* Model::FindElement(std::string_view id) {
  return const_cast<Element*>(std::as_const(*this).FindElement(id));
}

const Element* Model::FindElement(std::string_view id) const {
  for (const auto& d : diagrams) {
    for (const auto& e : d.elements) {
      if (e.id == id) return &e;
    }
  }
  return nullptr;
}

Threat* Model::FindThreat(std::string_view id) { return const_cast<Threat*>(std::as_const(*this).FindThreat(id)); }

const Threat* Model::FindThreat(std::string_view id) const {
  for (const auto& d : diagrams) {
    for (const auto& e : d.elements) {
      for (const auto& t : e.threats) {
        if (t.id == id) return &t;
      }
    }
  }
  return nullptr;
}

const Element* Model::ElementOfThreat(std::string_view threat_id) const {
  for (const auto& d : diagrams) {
    for (const auto& e : d.elements) {
      for (const auto& t : e.threats) {
        if (t.id == threat_id) return &e;
      }
    }
  }
  return nullptr;
}

namespace {

tl::unexpected<Error> Invalid(std::string field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("threat model: {} ({})", message, field), {}, field);
}

bool InRange(int rating) { return rating >= 0 && rating <= 3; }

bool KnownStatus(const std::string& s) { return s == "open" || s == "mitigated" || s == "not_applicable"; }

Status CheckThreat(const Element& e, const Threat& t, std::set<std::string>& threat_ids) {
  const std::string at = fmt::format("elements/{}/threats/{}", e.id, t.id);
  if (t.id.empty()) return Invalid(fmt::format("elements/{}/threats", e.id), "a threat has no id");
  if (!threat_ids.insert(t.id).second) return Invalid(at, "the threat id is used twice");
  // No STRIDE-per-element check here: Threat Dragon files any category on any element (its own demo
  // has a spoofing threat on a store), and an imported model keeps them. Proven's own edits apply
  // StrideFor (services/devices/device_threats.cpp).
  if (!KnownStatus(t.status)) return Invalid(at + "/status", "the status is not open, mitigated or not_applicable");
  if (!InRange(t.likelihood)) return Invalid(at + "/likelihood", "likelihood is not 0 to 3");
  if (!InRange(t.impact)) return Invalid(at + "/impact", "impact is not 0 to 3");
  return {};
}

// A flow's end may be left free (Threat Dragon allows a dangling flow); a named end must be a node
// of the same diagram.
Status CheckFlowEnd(const Diagram& d, const Element& flow, const std::string& end, std::string_view which) {
  if (end.empty()) return {};
  const std::string at = fmt::format("elements/{}/{}", flow.id, which);
  const auto it = std::find_if(d.elements.begin(), d.elements.end(), [&](const Element& e) { return e.id == end; });
  if (it == d.elements.end()) {
    return Invalid(at, fmt::format("the flow's {} {} is not an element of its diagram", which, end));
  }
  if (it->kind == ElementKind::kFlow || it->kind == ElementKind::kBoundary) {
    return Invalid(at, fmt::format("a flow connects actors, processes and stores, not a {}", KindCode(it->kind)));
  }
  return {};
}

Status CheckPath(const Model& m, const AttackPath& p, std::set<std::string>& path_ids) {
  const std::string at = "attack_paths/" + p.id;
  if (p.id.empty()) return Invalid("attack_paths", "an attack path has no id");
  if (!path_ids.insert(p.id).second) return Invalid(at, "the attack path id is used twice");
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    if (m.FindElement(p.steps[i]) == nullptr) {
      return Invalid(fmt::format("{}/steps/{}", at, i), fmt::format("step {} is not an element", p.steps[i]));
    }
  }
  for (std::size_t i = 0; i < p.threats.size(); ++i) {
    if (m.FindThreat(p.threats[i]) == nullptr) {
      return Invalid(fmt::format("{}/threats/{}", at, i), fmt::format("threat {} does not exist", p.threats[i]));
    }
  }
  if (!InRange(p.likelihood)) return Invalid(at + "/likelihood", "likelihood is not 0 to 3");
  if (!InRange(p.impact)) return Invalid(at + "/impact", "impact is not 0 to 3");
  return {};
}

}  // namespace

Status Validate(const Model& m) {
  std::set<std::string> element_ids;
  std::set<std::string> threat_ids;
  for (const auto& d : m.diagrams) {
    for (const auto& e : d.elements) {
      if (e.id.empty()) return Invalid("elements", "an element has no id");
      if (!element_ids.insert(e.id).second) return Invalid("elements/" + e.id, "the element id is used twice");
      for (const auto& t : e.threats) {
        if (auto s = CheckThreat(e, t, threat_ids); !s) return s;
      }
    }
  }
  for (const auto& d : m.diagrams) {
    for (const auto& e : d.elements) {
      if (e.kind != ElementKind::kFlow) continue;
      if (auto s = CheckFlowEnd(d, e, e.source, "source"); !s) return s;
      if (auto s = CheckFlowEnd(d, e, e.target, "target"); !s) return s;
    }
  }
  std::set<std::string> path_ids;
  for (const auto& p : m.attack_paths) {
    if (auto s = CheckPath(m, p, path_ids); !s) return s;
  }
  return {};
}

}  // namespace proven::threat
