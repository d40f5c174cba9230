#pragma once
// Internals of the CVSS engine shared by cvss.cpp, v3.cpp and v4.cpp (not part of the public API;
// the tests use them to check the lookup table).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.hpp"
#include "cvss/cvss.hpp"

namespace proven::cvss::detail {

// One metric of a version: its abbreviation, its allowed values (the first listed for optional
// metrics is "X", Not Defined) and whether the vector must carry it.
struct MetricSpec {
  std::string_view name;
  std::array<std::string_view, 6> values;
  std::size_t value_count = 0;
  bool mandatory = false;
};

inline constexpr std::size_t kMaxMetrics = 32;
inline constexpr std::int8_t kAbsent = -1;

// For each metric of the spec table (by position), the index of its value in MetricSpec::values,
// or kAbsent when the vector does not carry the metric.
using ParsedMetrics = std::array<std::int8_t, kMaxMetrics>;

// Parses the metrics after the prefix ("AV:N/AC:L/…") strictly: METRIC:VALUE components, known
// metrics and values only, each at most once, every mandatory metric present. `label` ("CVSS:3.1")
// starts every error message; Error::field names the metric at fault.
Result<ParsedMetrics> ParseMetrics(std::string_view label, std::string_view body,
                                   std::span<const MetricSpec> specs);

Result<Scores> ScoreV3(std::string_view vector, std::string_view body, bool v31);
Result<Scores> ScoreV4(std::string_view vector, std::string_view body);

// CVSS v3.1 Roundup (specification, Appendix A): integer arithmetic, so that a value a floating
// point error above x.x (4.000000000000001) still rounds to x.x.
double RoundUp31(double value);
// CVSS v3.0 round up: the smallest one-decimal number not below the value, computed directly.
double RoundUp30(double value);

// The v4.0 MacroVector lookup table (v4_lookup_table.cpp, generated from the fixture).
struct V4LookupEntry {
  const char* macrovector;
  double score;
};
inline constexpr std::size_t kV4LookupSize = 270;
extern const std::array<V4LookupEntry, kV4LookupSize> kV4Lookup;

}  // namespace proven::cvss::detail
