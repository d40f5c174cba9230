#pragma once
// Shared by the threat model tests: fixtures from tests/fixtures/devices and model comparison.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "threat/threat_model.hpp"

namespace proven::threat::testing {

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(PROVEN_DEVICE_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string Dump(const Threat& t) {
  return t.id + "|" + t.title + "|" + std::string(StrideCode(t.category)) + "|" + t.status + "|" + t.description + "|" +
         t.mitigation + "|" + std::to_string(t.likelihood) + "|" + std::to_string(t.impact);
}

// Everything the model holds but `original`, one fact a line, so that a difference shows as a diff.
inline std::string Dump(const Model& m) {
  std::ostringstream o;
  o << "model " << m.title << "|" << m.owner << "|" << m.reviewer << "|" << m.description << "\n";
  for (const auto& d : m.diagrams) {
    o << "diagram " << d.id << "|" << d.title << "\n";
    for (const auto& e : d.elements) {
      o << " element " << e.id << "|" << KindCode(e.kind) << "|" << e.name << "|" << e.description << "|"
        << e.out_of_scope << e.asset << e.entry_point << "|" << e.source << "->" << e.target << "|" << e.x << ","
        << e.y << "," << e.width << "," << e.height << "|";
      for (const auto& p : e.points) o << p.x << ":" << p.y << " ";
      o << "\n";
      for (const auto& t : e.threats) o << "  threat " << Dump(t) << "\n";
    }
  }
  for (const auto& p : m.attack_paths) {
    o << "path " << p.id << "|" << p.title << "|" << p.description << "|" << p.likelihood << "|" << p.impact << "|";
    for (const auto& s : p.steps) o << s << " ";
    o << "|";
    for (const auto& t : p.threats) o << t << " ";
    o << "\n";
  }
  return o.str();
}

}  // namespace proven::threat::testing
