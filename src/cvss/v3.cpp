// CVSS v3.0 and v3.1: the base, temporal and environmental equations of the specifications
// (v3.1 §7, v3.0 §8), with each version's rounding. Weights are the specifications' constants.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "cvss/cvss_internal.hpp"

namespace proven::cvss::detail {
namespace {

enum V3Metric : std::size_t {
  kAV, kAC, kPR, kUI, kS, kC, kI, kA,                    // base (mandatory)
  kE, kRL, kRC,                                          // temporal
  kCR, kIR, kAR, kMAV, kMAC, kMPR, kMUI, kMS, kMC, kMI, kMA,  // environmental
  kV3MetricCount
};

// The modified metrics list "X" first, then the base metric's values in the same order, so that
// value index i of M<x> is value index i - 1 of <x>.
constexpr MetricSpec kV3Specs[kV3MetricCount] = {
    {"AV", {"N", "A", "L", "P"}, 4, true},
    {"AC", {"L", "H"}, 2, true},
    {"PR", {"N", "L", "H"}, 3, true},
    {"UI", {"N", "R"}, 2, true},
    {"S", {"U", "C"}, 2, true},
    {"C", {"H", "L", "N"}, 3, true},
    {"I", {"H", "L", "N"}, 3, true},
    {"A", {"H", "L", "N"}, 3, true},
    {"E", {"X", "H", "F", "P", "U"}, 5, false},
    {"RL", {"X", "U", "W", "T", "O"}, 5, false},
    {"RC", {"X", "C", "R", "U"}, 4, false},
    {"CR", {"X", "H", "M", "L"}, 4, false},
    {"IR", {"X", "H", "M", "L"}, 4, false},
    {"AR", {"X", "H", "M", "L"}, 4, false},
    {"MAV", {"X", "N", "A", "L", "P"}, 5, false},
    {"MAC", {"X", "L", "H"}, 3, false},
    {"MPR", {"X", "N", "L", "H"}, 4, false},
    {"MUI", {"X", "N", "R"}, 3, false},
    {"MS", {"X", "U", "C"}, 3, false},
    {"MC", {"X", "H", "L", "N"}, 4, false},
    {"MI", {"X", "H", "L", "N"}, 4, false},
    {"MA", {"X", "H", "L", "N"}, 4, false},
};

constexpr double kAVw[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kACw[] = {0.77, 0.44};
constexpr double kPRUnchanged[] = {0.85, 0.62, 0.27};
constexpr double kPRChanged[] = {0.85, 0.68, 0.5};
constexpr double kUIw[] = {0.85, 0.62};
constexpr double kCIAw[] = {0.56, 0.22, 0.0};
constexpr double kEw[] = {1.0, 1.0, 0.97, 0.94, 0.91};
constexpr double kRLw[] = {1.0, 1.0, 0.97, 0.96, 0.95};
constexpr double kRCw[] = {1.0, 1.0, 0.96, 0.92};
constexpr double kReqw[] = {1.0, 1.5, 1.0, 0.5};

// The value index of a base metric after its modified metric: the modified value unless absent
// or X (then the base value).
int Effective(const ParsedMetrics& p, V3Metric base, V3Metric modified) {
  return p[modified] > 0 ? p[modified] - 1 : p[base];
}

struct Inputs {  // value indices of the metrics an equation uses
  int av, ac, pr, ui, s, c, i, a;
};

double Exploitability(const Inputs& in) {
  const double pr = in.s == 1 ? kPRChanged[in.pr] : kPRUnchanged[in.pr];
  return 8.22 * kAVw[in.av] * kACw[in.ac] * pr * kUIw[in.ui];
}

double BaseScore(const Inputs& in, double (*round_up)(double)) {
  const double iss =
      1.0 - ((1.0 - kCIAw[in.c]) * (1.0 - kCIAw[in.i]) * (1.0 - kCIAw[in.a]));
  const double impact = in.s == 1 ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15)
                                  : 6.42 * iss;
  if (impact <= 0) return 0.0;
  const double sum = impact + Exploitability(in);
  return round_up(in.s == 1 ? std::min(1.08 * sum, 10.0) : std::min(sum, 10.0));
}

double TemporalFactor(const ParsedMetrics& p) {
  auto at = [&](V3Metric m) { return p[m] == kAbsent ? 0 : p[m]; };
  return kEw[at(kE)] * kRLw[at(kRL)] * kRCw[at(kRC)];
}

double EnvironmentalScore(const ParsedMetrics& p, bool v31, double (*round_up)(double)) {
  auto req = [&](V3Metric m) { return kReqw[p[m] == kAbsent ? 0 : p[m]]; };
  const Inputs in{Effective(p, kAV, kMAV), Effective(p, kAC, kMAC), Effective(p, kPR, kMPR),
                  Effective(p, kUI, kMUI), Effective(p, kS, kMS),   Effective(p, kC, kMC),
                  Effective(p, kI, kMI),   Effective(p, kA, kMA)};
  const double miss = std::min(1.0 - ((1.0 - req(kCR) * kCIAw[in.c]) *
                                      (1.0 - req(kIR) * kCIAw[in.i]) *
                                      (1.0 - req(kAR) * kCIAw[in.a])),
                               0.915);
  double impact = 6.42 * miss;
  if (in.s == 1) {
    // The one formula where 3.1 departs from 3.0 (3.1 specification §7.3).
    impact = v31 ? 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13)
                 : 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  if (impact <= 0) return 0.0;
  const double sum = impact + Exploitability(in);
  const double capped = in.s == 1 ? std::min(1.08 * sum, 10.0) : std::min(sum, 10.0);
  return round_up(round_up(capped) * TemporalFactor(p));
}

bool AnyDefined(const ParsedMetrics& p, V3Metric first, V3Metric last) {
  for (std::size_t m = first; m <= last; ++m) {
    if (p[m] > 0) return true;  // present and not X
  }
  return false;
}

}  // namespace

double RoundUp31(double value) {
  const auto scaled = static_cast<std::int64_t>(std::llround(value * 100000.0));
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return static_cast<double>(scaled / 10000 + 1) / 10.0;
}

double RoundUp30(double value) { return std::ceil(value * 10.0) / 10.0; }

Result<Scores> ScoreV3(std::string_view vector, std::string_view body, bool v31) {
  const std::string_view label = v31 ? "CVSS:3.1" : "CVSS:3.0";
  auto parsed = ParseMetrics(label, body, kV3Specs);
  if (!parsed) return tl::unexpected(parsed.error());
  const ParsedMetrics& p = *parsed;
  double (*round_up)(double) = v31 ? &RoundUp31 : &RoundUp30;

  Scores s;
  s.version = v31 ? "3.1" : "3.0";
  s.vector = std::string(vector);
  const Inputs base{p[kAV], p[kAC], p[kPR], p[kUI], p[kS], p[kC], p[kI], p[kA]};
  s.base_score = BaseScore(base, round_up);
  s.severity = std::string(Severity(s.base_score));
  if (AnyDefined(p, kE, kRC)) {
    s.temporal_score = round_up(s.base_score * TemporalFactor(p));
    s.temporal_severity = std::string(Severity(*s.temporal_score));
  }
  if (AnyDefined(p, kCR, kMA)) {
    s.environmental_score = EnvironmentalScore(p, v31, round_up);
    s.environmental_severity = std::string(Severity(*s.environmental_score));
  }
  return s;
}

}  // namespace proven::cvss::detail
