// The version dispatch, the strict metric parser shared by all versions, and the JSON view.
#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "cvss/cvss_internal.hpp"

namespace proven::cvss {
namespace detail {
namespace {

std::string AllowedList(const MetricSpec& spec) {
  std::string out;
  for (std::size_t i = 0; i < spec.value_count; ++i) {
    if (i > 0) out += ", ";
    out += spec.values[i];
  }
  return out;
}

tl::unexpected<Error> Bad(std::string_view field, std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message), {}, std::string(field));
}

// Sets the value of one "METRIC:VALUE" component, or says what is wrong with it.
Status ParseComponent(std::string_view label, std::string_view component,
                      std::span<const MetricSpec> specs, ParsedMetrics& out) {
  const auto colon = component.find(':');
  if (component.empty()) {
    return Bad("", fmt::format("{}: empty component (a '/' at the end or twice in a row)", label));
  }
  if (colon == std::string_view::npos) {
    return Bad(component, fmt::format("{}: component '{}' is not METRIC:VALUE", label, component));
  }
  const std::string_view name = component.substr(0, colon);
  const std::string_view value = component.substr(colon + 1);
  for (std::size_t m = 0; m < specs.size(); ++m) {
    const MetricSpec& spec = specs[m];
    if (spec.name != name) continue;
    if (out[m] != kAbsent) {
      return Bad(name, fmt::format("{}: metric {} is given more than once", label, name));
    }
    for (std::size_t v = 0; v < spec.value_count; ++v) {
      if (spec.values[v] == value) {
        out[m] = static_cast<std::int8_t>(v);
        return {};
      }
    }
    return Bad(name, fmt::format("{}: metric {} has no value '{}' (allowed: {})", label, name, value,
                                 AllowedList(spec)));
  }
  return Bad(name, fmt::format("{}: unknown metric '{}'", label, name));
}

}  // namespace

Result<ParsedMetrics> ParseMetrics(std::string_view label, std::string_view body,
                                   std::span<const MetricSpec> specs) {
  ParsedMetrics out;
  out.fill(kAbsent);
  std::size_t start = 0;
  while (start <= body.size()) {
    const auto slash = body.find('/', start);
    const auto end = slash == std::string_view::npos ? body.size() : slash;
    if (auto st = ParseComponent(label, body.substr(start, end - start), specs, out); !st) {
      return tl::unexpected(st.error());
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (std::size_t m = 0; m < specs.size(); ++m) {
    if (specs[m].mandatory && out[m] == kAbsent) {
      return Bad(specs[m].name, fmt::format("{}: metric {} is missing", label, specs[m].name));
    }
  }
  return out;
}

}  // namespace detail

Result<Scores> Score(std::string_view vector) {
  struct Prefix {
    std::string_view text;
    int version;  // 30, 31, 40
  };
  static constexpr Prefix kPrefixes[] = {
      {"CVSS:3.1/", 31}, {"CVSS:3.0/", 30}, {"CVSS:4.0/", 40}};
  for (const Prefix& p : kPrefixes) {
    if (vector.substr(0, p.text.size()) != p.text) continue;
    const std::string_view body = vector.substr(p.text.size());
    if (p.version == 40) return detail::ScoreV4(vector, body);
    return detail::ScoreV3(vector, body, p.version == 31);
  }
  const std::string_view shown = vector.substr(0, vector.find('/'));
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("vector must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/ (got '{}')",
                          shown.substr(0, 40)),
              {}, "prefix");
}

namespace {

// A score as a JSON number with one decimal; whole numbers print without ".0" (10, 0).
nlohmann::json ScoreJson(double score) {
  const double tenths = std::round(score * 10.0);
  if (std::fmod(tenths, 10.0) == 0.0) return static_cast<std::int64_t>(tenths / 10.0);
  return tenths / 10.0;
}

}  // namespace

nlohmann::ordered_json ToJson(const Scores& s) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["version"] = s.version;
  j["base_score"] = ScoreJson(s.base_score);
  j["severity"] = s.severity;
  if (s.temporal_score) j["temporal_score"] = ScoreJson(*s.temporal_score);
  if (s.temporal_severity) j["temporal_severity"] = *s.temporal_severity;
  if (s.threat_score) j["threat_score"] = ScoreJson(*s.threat_score);
  if (s.threat_severity) j["threat_severity"] = *s.threat_severity;
  if (s.environmental_score) j["environmental_score"] = ScoreJson(*s.environmental_score);
  if (s.environmental_severity) j["environmental_severity"] = *s.environmental_severity;
  if (!s.nomenclature.empty()) j["nomenclature"] = s.nomenclature;
  if (!s.macrovector.empty()) j["macrovector"] = s.macrovector;
  return j;
}

}  // namespace proven::cvss
