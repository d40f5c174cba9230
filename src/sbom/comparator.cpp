// Comparator names and the OSV ecosystem → comparator table (version.hpp).
#include <array>
#include <utility>

#include "sbom/version.hpp"

namespace proven::sbom {
namespace {

constexpr std::array<std::pair<Comparator, std::string_view>, 10> kNames{{
    {Comparator::kSemver, "semver"},
    {Comparator::kCratesIo, "crates.io"},
    {Comparator::kGo, "go"},
    {Comparator::kPep440, "pep440"},
    {Comparator::kMaven, "maven"},
    {Comparator::kDpkg, "dpkg"},
    {Comparator::kAlpine, "alpine"},
    {Comparator::kRubyGems, "rubygems"},
    {Comparator::kNuGet, "nuget"},
    {Comparator::kPackagist, "packagist"},
}};

// OSV ecosystem (without the ":suffix") → comparator. ecosystems.json of ossf/osv-schema names them.
constexpr std::array<std::pair<std::string_view, Comparator>, 14> kEcosystems{{
    {"npm", Comparator::kSemver},
    {"Hex", Comparator::kSemver},
    {"Pub", Comparator::kSemver},
    {"SwiftURL", Comparator::kSemver},
    {"crates.io", Comparator::kCratesIo},
    {"Go", Comparator::kGo},
    {"PyPI", Comparator::kPep440},
    {"Maven", Comparator::kMaven},
    {"Debian", Comparator::kDpkg},
    {"Ubuntu", Comparator::kDpkg},
    {"Alpine", Comparator::kAlpine},
    {"RubyGems", Comparator::kRubyGems},
    {"NuGet", Comparator::kNuGet},
    {"Packagist", Comparator::kPackagist},
}};

}  // namespace

std::string_view ComparatorName(Comparator c) {
  for (const auto& [k, name] : kNames) {
    if (k == c) return name;
  }
  return "semver";
}

std::optional<Comparator> ComparatorFromName(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::optional<Comparator> ComparatorFor(std::string_view osv_ecosystem) {
  const auto colon = osv_ecosystem.find(':');
  const std::string_view base = colon == std::string_view::npos ? osv_ecosystem : osv_ecosystem.substr(0, colon);
  for (const auto& [eco, c] : kEcosystems) {
    if (eco == base) return c;
  }
  return std::nullopt;
}

}  // namespace proven::sbom
