// CVSS v4.0 (specification §8): the vector's MacroVector (EQ1–EQ6) gives the score of its highest
// severity vectors from the lookup table; the score is lowered by the mean, over the EQs, of the
// vector's severity distance from those highest vectors scaled to the score gap to the next lower
// MacroVector. The arithmetic follows FIRST's reference calculator (cvss_score.js) step by step, in
// the same floating-point order, so that scores agree to the last bit before rounding.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <iterator>
#include <string>
#include <vector>

#include "cvss/cvss_internal.hpp"

namespace proven::cvss::detail {
namespace {

enum V4Metric : std::size_t {
  kAV, kAC, kAT, kPR, kUI, kVC, kVI, kVA, kSC, kSI, kSA,  // base (mandatory)
  kE,                                                     // threat
  kCR, kIR, kAR, kMAV, kMAC, kMAT, kMPR, kMUI, kMVC, kMVI, kMVA, kMSC, kMSI, kMSA,  // environmental
  kSafety, kAU, kR, kV, kRE, kU,                          // supplemental: parsed, not scored
  kV4MetricCount
};

constexpr MetricSpec kV4Specs[kV4MetricCount] = {
    {"AV", {"N", "A", "L", "P"}, 4, true},
    {"AC", {"L", "H"}, 2, true},
    {"AT", {"N", "P"}, 2, true},
    {"PR", {"N", "L", "H"}, 3, true},
    {"UI", {"N", "P", "A"}, 3, true},
    {"VC", {"H", "L", "N"}, 3, true},
    {"VI", {"H", "L", "N"}, 3, true},
    {"VA", {"H", "L", "N"}, 3, true},
    {"SC", {"H", "L", "N"}, 3, true},
    {"SI", {"H", "L", "N"}, 3, true},
    {"SA", {"H", "L", "N"}, 3, true},
    {"E", {"X", "A", "P", "U"}, 4, false},
    {"CR", {"X", "H", "M", "L"}, 4, false},
    {"IR", {"X", "H", "M", "L"}, 4, false},
    {"AR", {"X", "H", "M", "L"}, 4, false},
    {"MAV", {"X", "N", "A", "L", "P"}, 5, false},
    {"MAC", {"X", "L", "H"}, 3, false},
    {"MAT", {"X", "N", "P"}, 3, false},
    {"MPR", {"X", "N", "L", "H"}, 4, false},
    {"MUI", {"X", "N", "P", "A"}, 4, false},
    {"MVC", {"X", "H", "L", "N"}, 4, false},
    {"MVI", {"X", "H", "L", "N"}, 4, false},
    {"MVA", {"X", "H", "L", "N"}, 4, false},
    {"MSC", {"X", "H", "L", "N"}, 4, false},
    {"MSI", {"X", "S", "H", "L", "N"}, 5, false},
    {"MSA", {"X", "S", "H", "L", "N"}, 5, false},
    {"S", {"X", "N", "P"}, 3, false},
    {"AU", {"X", "N", "Y"}, 3, false},
    {"R", {"X", "A", "U", "I"}, 4, false},
    {"V", {"X", "D", "C"}, 3, false},
    {"RE", {"X", "L", "M", "H"}, 4, false},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, 5, false},
};

// The values that enter the equations, after the specification's defaults: a modified metric
// replaces its base metric unless X; E:X counts as A (Attacked); CR/IR/AR:X count as H.
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

char Value(const ParsedMetrics& p, V4Metric m) { return kV4Specs[m].values[p[m]][0]; }

char Modified(const ParsedMetrics& p, V4Metric base, V4Metric modified, bool use_env) {
  return use_env && p[modified] > 0 ? Value(p, modified) : Value(p, base);
}

char Optional(const ParsedMetrics& p, V4Metric m, bool use, char when_undefined) {
  return use && p[m] > 0 ? Value(p, m) : when_undefined;
}

Effective Resolve(const ParsedMetrics& p, bool use_threat, bool use_env) {
  return Effective{Modified(p, kAV, kMAV, use_env), Modified(p, kAC, kMAC, use_env),
                   Modified(p, kAT, kMAT, use_env), Modified(p, kPR, kMPR, use_env),
                   Modified(p, kUI, kMUI, use_env), Modified(p, kVC, kMVC, use_env),
                   Modified(p, kVI, kMVI, use_env), Modified(p, kVA, kMVA, use_env),
                   Modified(p, kSC, kMSC, use_env), Modified(p, kSI, kMSI, use_env),
                   Modified(p, kSA, kMSA, use_env), Optional(p, kE, use_threat, 'A'),
                   Optional(p, kCR, use_env, 'H'),  Optional(p, kIR, use_env, 'H'),
                   Optional(p, kAR, use_env, 'H')};
}

struct MacroVector {
  int eq[6];
};

MacroVector Macro(const Effective& v) {
  MacroVector mv{};
  if (v.av == 'N' && v.pr == 'N' && v.ui == 'N') {
    mv.eq[0] = 0;
  } else if ((v.av == 'N' || v.pr == 'N' || v.ui == 'N') && v.av != 'P') {
    mv.eq[0] = 1;
  } else {
    mv.eq[0] = 2;
  }
  mv.eq[1] = v.ac == 'L' && v.at == 'N' ? 0 : 1;
  if (v.vc == 'H' && v.vi == 'H') {
    mv.eq[2] = 0;
  } else if (v.vc == 'H' || v.vi == 'H' || v.va == 'H') {
    mv.eq[2] = 1;
  } else {
    mv.eq[2] = 2;
  }
  if (v.si == 'S' || v.sa == 'S') {
    mv.eq[3] = 0;
  } else if (v.sc == 'H' || v.si == 'H' || v.sa == 'H') {
    mv.eq[3] = 1;
  } else {
    mv.eq[3] = 2;
  }
  mv.eq[4] = v.e == 'A' ? 0 : v.e == 'P' ? 1 : 2;
  const bool eq6_high = (v.cr == 'H' && v.vc == 'H') || (v.ir == 'H' && v.vi == 'H') ||
                        (v.ar == 'H' && v.va == 'H');
  mv.eq[5] = eq6_high ? 0 : 1;
  return mv;
}

// The lookup table as a dense array over the six EQ levels; NaN where no MacroVector exists
// (as the reference calculator's lookup of a missing key yields NaN).
constexpr int kEqLevels[6] = {3, 2, 3, 3, 3, 2};

int DenseIndex(const int eq[6]) {
  int index = 0;
  for (int i = 0; i < 6; ++i) index = index * kEqLevels[i] + eq[i];
  return index;
}

const std::array<double, 324>& DenseLookup() {
  static const std::array<double, 324> table = [] {
    std::array<double, 324> t;
    t.fill(std::numeric_limits<double>::quiet_NaN());
    for (const V4LookupEntry& entry : kV4Lookup) {
      int eq[6];
      for (int i = 0; i < 6; ++i) eq[i] = entry.macrovector[i] - '0';
      t[static_cast<std::size_t>(DenseIndex(eq))] = entry.score;
    }
    return t;
  }();
  return table;
}

double Lookup(MacroVector mv) {
  for (int i = 0; i < 6; ++i) {
    if (mv.eq[i] >= kEqLevels[i]) return std::numeric_limits<double>::quiet_NaN();
  }
  return DenseLookup()[static_cast<std::size_t>(DenseIndex(mv.eq))];
}

MacroVector Lower(MacroVector mv, int eq_index) {
  ++mv.eq[eq_index];
  return mv;
}

// The highest severity vectors of each EQ level (the reference calculator's max_composed.js), as
// the values of the metrics each EQ covers. EQ5 (E) has one per level and no severity distance.
struct Eq1Max { char av, pr, ui; };
struct Eq2Max { char ac, at; };
struct Eq36Max { char vc, vi, va, cr, ir, ar; };
struct Eq4Max { char sc, si, sa; };

const std::vector<Eq1Max>& Eq1Maxes(int level) {
  static const std::vector<Eq1Max> kMaxes[3] = {
      {{'N', 'N', 'N'}},
      {{'A', 'N', 'N'}, {'N', 'L', 'N'}, {'N', 'N', 'P'}},
      {{'P', 'N', 'N'}, {'A', 'L', 'P'}}};
  return kMaxes[level];
}

const std::vector<Eq2Max>& Eq2Maxes(int level) {
  static const std::vector<Eq2Max> kMaxes[2] = {{{'L', 'N'}}, {{'H', 'N'}, {'L', 'P'}}};
  return kMaxes[level];
}

const std::vector<Eq36Max>& Eq36Maxes(int eq3, int eq6) {
  static const std::vector<Eq36Max> kMaxes[3][2] = {
      {{{'H', 'H', 'H', 'H', 'H', 'H'}},
       {{'H', 'H', 'L', 'M', 'M', 'H'}, {'H', 'H', 'H', 'M', 'M', 'M'}}},
      {{{'L', 'H', 'H', 'H', 'H', 'H'}, {'H', 'L', 'H', 'H', 'H', 'H'}},
       {{'L', 'H', 'L', 'H', 'M', 'H'},
        {'L', 'H', 'H', 'H', 'M', 'M'},
        {'H', 'L', 'H', 'M', 'H', 'M'},
        {'H', 'L', 'L', 'M', 'H', 'H'},
        {'L', 'L', 'H', 'H', 'H', 'M'}}},
      {{}, {{'L', 'L', 'L', 'H', 'H', 'H'}}}};
  return kMaxes[eq3][eq6];
}

const Eq4Max& Eq4Maximum(int level) {
  static const Eq4Max kMaxes[3] = {{'H', 'S', 'S'}, {'H', 'H', 'H'}, {'L', 'L', 'L'}};
  return kMaxes[level];
}

// Severity levels of the values (0.1 per step away from the most severe value).
double AVLevel(char v) { return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3; }
double PRLevel(char v) { return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2; }
double UILevel(char v) { return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2; }
double ACLevel(char v) { return v == 'L' ? 0.0 : 0.1; }
double ATLevel(char v) { return v == 'N' ? 0.0 : 0.1; }
double VLevel(char v) { return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2; }  // VC, VI, VA
double SCLevel(char v) { return v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3; }
double SLevel(char v) { return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3; }  // SI, SA
double ReqLevel(char v) { return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2; }  // CR, IR, AR

struct Distances {
  double eq1 = 0, eq2 = 0, eq36 = 0, eq4 = 0;
};

// The severity distances of the vector from the first highest severity vector of its MacroVector
// that it does not exceed in any metric (the last one tried when none qualifies, as in the
// reference calculator).
Distances SeverityDistances(const Effective& v, const MacroVector& mv) {
  Distances d;
  for (const Eq1Max& m1 : Eq1Maxes(mv.eq[0])) {
    for (const Eq2Max& m2 : Eq2Maxes(mv.eq[1])) {
      for (const Eq36Max& m3 : Eq36Maxes(mv.eq[2], mv.eq[5])) {
        const Eq4Max& m4 = Eq4Maximum(mv.eq[3]);
        const double av = AVLevel(v.av) - AVLevel(m1.av), pr = PRLevel(v.pr) - PRLevel(m1.pr),
                     ui = UILevel(v.ui) - UILevel(m1.ui), ac = ACLevel(v.ac) - ACLevel(m2.ac),
                     at = ATLevel(v.at) - ATLevel(m2.at), vc = VLevel(v.vc) - VLevel(m3.vc),
                     vi = VLevel(v.vi) - VLevel(m3.vi), va = VLevel(v.va) - VLevel(m3.va),
                     sc = SCLevel(v.sc) - SCLevel(m4.sc), si = SLevel(v.si) - SLevel(m4.si),
                     sa = SLevel(v.sa) - SLevel(m4.sa), cr = ReqLevel(v.cr) - ReqLevel(m3.cr),
                     ir = ReqLevel(v.ir) - ReqLevel(m3.ir), ar = ReqLevel(v.ar) - ReqLevel(m3.ar);
        d = Distances{av + pr + ui, ac + at, vc + vi + va + cr + ir + ar, sc + si + sa};
        const double all[] = {av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar};
        if (std::none_of(std::begin(all), std::end(all), [](double x) { return x < 0; })) return d;
      }
    }
  }
  return d;
}

// The score gap to the next lower MacroVector along EQ3+EQ6, which move together.
double LowerEq36(const MacroVector& mv) {
  const int eq3 = mv.eq[2], eq6 = mv.eq[5];
  if (eq3 == 0 && eq6 == 0) {
    const double left = Lookup(Lower(mv, 5)), right = Lookup(Lower(mv, 2));
    return left > right ? left : right;
  }
  if (eq3 == 1 && eq6 == 0) return Lookup(Lower(mv, 5));
  if (eq3 == 2 && eq6 == 1) return Lookup(Lower(Lower(mv, 2), 5));  // does not exist: NaN
  return Lookup(Lower(mv, 2));  // 01 -> 11, 11 -> 21
}

constexpr int kMaxSeverityEq1[3] = {1, 4, 5};
constexpr int kMaxSeverityEq2[2] = {1, 2};
constexpr int kMaxSeverityEq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kMaxSeverityEq4[3] = {6, 5, 4};

double ScoreOf(const Effective& v, const MacroVector& mv) {
  if (v.vc == 'N' && v.vi == 'N' && v.va == 'N' && v.sc == 'N' && v.si == 'N' && v.sa == 'N') {
    return 0.0;
  }
  double value = Lookup(mv);
  const Distances d = SeverityDistances(v, mv);
  constexpr double kStep = 0.1;
  const double available[5] = {value - Lookup(Lower(mv, 0)), value - Lookup(Lower(mv, 1)),
                               value - LowerEq36(mv), value - Lookup(Lower(mv, 3)),
                               value - Lookup(Lower(mv, 4))};
  const double current[5] = {d.eq1, d.eq2, d.eq36, d.eq4, 0.0};
  const double max_severity[5] = {kMaxSeverityEq1[mv.eq[0]] * kStep,
                                  kMaxSeverityEq2[mv.eq[1]] * kStep,
                                  kMaxSeverityEq36[mv.eq[2]][mv.eq[5]] * kStep,
                                  kMaxSeverityEq4[mv.eq[3]] * kStep, 1.0};
  double normalized[5] = {0, 0, 0, 0, 0};
  int existing_lower = 0;
  for (int i = 0; i < 5; ++i) {
    if (std::isnan(available[i])) continue;
    ++existing_lower;
    normalized[i] = i == 4 ? 0.0 : available[i] * (current[i] / max_severity[i]);
  }
  const double mean =
      existing_lower == 0
          ? 0.0
          : (normalized[0] + normalized[1] + normalized[2] + normalized[3] + normalized[4]) /
                existing_lower;
  value = std::clamp(value - mean, 0.0, 10.0);
  // Half up at one decimal, lifted by 1e-6 first as the reference calculator does, so that a
  // value one floating-point step below an x.x5 tie still rounds up.
  return std::floor((value + 1e-6) * 10.0 + 0.5) / 10.0;
}

std::string MacroString(const MacroVector& mv) {
  std::string out(6, '0');
  for (int i = 0; i < 6; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>('0' + mv.eq[i]);
  return out;
}

bool AnyDefined(const ParsedMetrics& p, V4Metric first, V4Metric last) {
  for (std::size_t m = first; m <= last; ++m) {
    if (p[m] > 0) return true;
  }
  return false;
}

}  // namespace

Result<Scores> ScoreV4(std::string_view vector, std::string_view body) {
  auto parsed = ParseMetrics("CVSS:4.0", body, kV4Specs);
  if (!parsed) return tl::unexpected(parsed.error());
  const ParsedMetrics& p = *parsed;
  const bool threat = p[kE] > 0;
  const bool environmental = AnyDefined(p, kCR, kMSA);

  Scores s;
  s.version = "4.0";
  s.vector = std::string(vector);
  const Effective base = Resolve(p, false, false);
  s.base_score = ScoreOf(base, Macro(base));
  s.severity = std::string(Severity(s.base_score));
  if (threat) {
    const Effective bt = Resolve(p, true, false);
    s.threat_score = ScoreOf(bt, Macro(bt));
    s.threat_severity = std::string(Severity(*s.threat_score));
  }
  const Effective full = Resolve(p, threat, environmental);
  const MacroVector full_macro = Macro(full);
  if (environmental) {
    s.environmental_score = ScoreOf(full, full_macro);
    s.environmental_severity = std::string(Severity(*s.environmental_score));
  }
  s.nomenclature = threat ? (environmental ? "CVSS-BTE" : "CVSS-BT")
                          : (environmental ? "CVSS-BE" : "CVSS-B");
  s.macrovector = MacroString(full_macro);
  return s;
}

}  // namespace proven::cvss::detail
