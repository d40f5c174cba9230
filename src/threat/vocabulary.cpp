// Codes of element kinds, STRIDE categories and risk levels, and the risk matrix (docs/devices.md).
#include "threat/threat_model.hpp"

#include <array>

namespace proven::threat {

namespace {
constexpr std::array<std::string_view, 5> kKindCodes = {"actor", "process", "store", "flow", "boundary"};
constexpr std::array<std::string_view, 6> kStrideCodes = {"spoofing",          "tampering",
                                                          "repudiation",       "information_disclosure",
                                                          "denial_of_service", "elevation_of_privilege"};
constexpr std::array<std::string_view, 5> kRiskCodes = {"not_rated", "low", "medium", "high", "critical"};
}  // namespace

std::string_view KindCode(ElementKind k) { return kKindCodes[static_cast<std::size_t>(k)]; }

std::optional<ElementKind> ParseKind(std::string_view code) {
  for (std::size_t i = 0; i < kKindCodes.size(); ++i) {
    if (kKindCodes[i] == code) return static_cast<ElementKind>(i);
  }
  return std::nullopt;
}

std::string_view StrideCode(Stride s) { return kStrideCodes[static_cast<std::size_t>(s)]; }

std::optional<Stride> ParseStride(std::string_view code) {
  for (std::size_t i = 0; i < kStrideCodes.size(); ++i) {
    if (kStrideCodes[i] == code) return static_cast<Stride>(i);
  }
  return std::nullopt;
}

std::vector<Stride> StrideFor(ElementKind k) {
  using S = Stride;
  switch (k) {
    case ElementKind::kActor: return {S::kSpoofing, S::kRepudiation};
    case ElementKind::kProcess:
      return {S::kSpoofing,          S::kTampering,       S::kRepudiation, S::kInformationDisclosure,
              S::kDenialOfService, S::kElevationOfPrivilege};
    case ElementKind::kStore: return {S::kTampering, S::kRepudiation, S::kInformationDisclosure, S::kDenialOfService};
    case ElementKind::kFlow: return {S::kTampering, S::kInformationDisclosure, S::kDenialOfService};
    case ElementKind::kBoundary: return {};
  }
  return {};
}

std::string_view RiskCode(RiskLevel r) { return kRiskCodes[static_cast<std::size_t>(r)]; }

RiskLevel Risk(int likelihood, int impact) {
  if (likelihood < 1 || likelihood > 3 || impact < 1 || impact > 3) return RiskLevel::kNotRated;
  const int product = likelihood * impact;
  if (product <= 2) return RiskLevel::kLow;
  if (product <= 4) return RiskLevel::kMedium;
  if (product <= 6) return RiskLevel::kHigh;
  return RiskLevel::kCritical;
}

}  // namespace proven::threat
