#pragma once
// CVSS scores computed exactly per FIRST's specifications (issue 16, docs/cvss.md):
//   - v3.0 and v3.1: base, temporal and environmental equations, with 3.1's Roundup (appendix A,
//     integer arithmetic so that 4.02 rounds to 4.1 while floating-point noise such as
//     4.000000000000001 stays 4.0) and 3.0's plain ceil;
//   - v4.0: macrovectors (EQ1–EQ6), the official lookup table and the interpolation of the
//     specification's reference calculator, rounded to one decimal.
// A vector is parsed strictly: the prefix ("CVSS:3.1/", "CVSS:3.0/", "CVSS:4.0/"), every mandatory
// base metric once, known metrics and values only, no duplicates. Errors name the bad metric.
// Core only, no I/O.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace proven::cvss {

// "NONE" (0.0), "LOW" (0.1–3.9), "MEDIUM" (4.0–6.9), "HIGH" (7.0–8.9), "CRITICAL" (9.0–10.0):
// the qualitative rating scale shared by v3.x and v4.0.
std::string_view Severity(double score);

struct Scores {
  std::string version;   // "3.0", "3.1" or "4.0"
  std::string vector;    // the vector as given, validated (metrics in the order given)
  double base_score = 0; // v4.0: the score of the base metrics alone (CVSS-B)
  std::string severity;  // of base_score
  // v3.x: present when the vector has temporal (E, RL, RC) / environmental (CR, IR, AR, M*) metrics
  // other than X (Not Defined). The environmental score is computed from all metrics given.
  std::optional<double> temporal_score;
  std::optional<std::string> temporal_severity;
  // v4.0: threat_score when E is given (CVSS-BT); environmental_score when any environmental
  // metric (CR, IR, AR, MAV … MSA) is given (CVSS-BE, or CVSS-BTE with E as well).
  std::optional<double> threat_score;
  std::optional<std::string> threat_severity;
  std::optional<double> environmental_score;
  std::optional<std::string> environmental_severity;
  // v4.0 only: the nomenclature of the most complete score ("CVSS-B", "CVSS-BT", "CVSS-BE",
  // "CVSS-BTE") and the macrovector ("001200"); empty for v3.x.
  std::string nomenclature;
  std::string macrovector;
};

// kInvalidArgument with Error::field set to the metric at fault ("AV", "prefix", …) and a message
// such as "CVSS:3.1: metric AV has no value 'Q' (allowed: N, A, L, P)".
Result<Scores> Score(std::string_view vector);

// {"version", "base_score", "severity"} and, when present, "temporal_score", "temporal_severity",
// "threat_score", "threat_severity", "environmental_score", "environmental_severity",
// "nomenclature", "macrovector", in this order. Scores are JSON numbers with one decimal (9.8, 10.0 → 10).
nlohmann::ordered_json ToJson(const Scores& s);

}  // namespace proven::cvss
