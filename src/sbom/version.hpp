#pragma once
// Versions per ecosystem (issue 15): parse once, compare many times, exactly as each ecosystem's
// own tooling orders them. Checked against the conformance vectors in tests/sbom/ (osv-scalibr's
// semantic tests, vers-spec). An engine beside search/: core only, no I/O.
//
// Comparators and the OSV ecosystems that use them (ComparatorFor):
//   semver    npm, Hex, Pub, SwiftURL, and SEMVER ranges of any ecosystem (SemVer 2.0.0 with
//             prereleases; build metadata ignored)
//   crates.io crates.io (SemVer 2.0.0, as cargo's semver crate orders)
//   go        Go (SemVer with or without the leading "v"; +incompatible ignored)
//   pep440    PyPI (PEP 440: epochs, pre/post/dev releases, local versions; other strings are
//             ordered as packaging's LegacyVersion, below every PEP 440 version, as OSV does)
//   maven     Maven (ComparableVersion of Maven 3)
//   dpkg      Debian, Ubuntu (dpkg --compare-versions: epoch, upstream, revision, "~")
//   alpine    Alpine (apk-tools: suffixes _alpha … _p, -rN)
//   rubygems  RubyGems (Gem::Version)
//   nuget     NuGet (NuGet.Versioning: four parts, SemVer 2 prereleases, case-insensitive)
//   packagist Packagist (PHP version_compare after Composer's normalisation)
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace proven::sbom {

enum class Comparator { kSemver, kCratesIo, kGo, kPep440, kMaven, kDpkg, kAlpine, kRubyGems, kNuGet, kPackagist };

// "semver", "crates.io", "go", "pep440", "maven", "dpkg", "alpine", "rubygems", "nuget", "packagist":
// the names findings and reports carry.
std::string_view ComparatorName(Comparator c);
std::optional<Comparator> ComparatorFromName(std::string_view name);

// The comparator of an OSV ecosystem, with or without its ":suffix" ("Debian:12" → dpkg,
// "Alpine:v3.18" → alpine, "PyPI" → pep440). nullopt for ecosystems Proven cannot order (GIT
// commits, Linux, OSS-Fuzz, ...): their ranges are never evaluated, only `versions[]`.
std::optional<Comparator> ComparatorFor(std::string_view osv_ecosystem);

// A parsed version: cheap to copy, compared with Compare. `text` is the input as given.
class Version {
 public:
  struct Parsed;  // per comparator, in version.cpp
  Version();
  Version(Comparator comparator, std::string text, std::shared_ptr<const Parsed> parsed);
  Comparator comparator() const { return comparator_; }
  const std::string& text() const { return text_; }
  const Parsed& parsed() const { return *parsed_; }

 private:
  Comparator comparator_ = Comparator::kSemver;
  std::string text_;
  std::shared_ptr<const Parsed> parsed_;
};

// kInvalidArgument when `text` is not a version of that ecosystem, with a message that says why
// ("'1.2.x' is not a SemVer version: ..."). OSV's "0" (the introduced event meaning "from the
// beginning") parses with every comparator and orders before every other version.
Result<Version> ParseVersion(Comparator comparator, std::string_view text);

// <0, 0, >0. Both versions must come from the same comparator (a programmer error otherwise).
int Compare(const Version& a, const Version& b);

}  // namespace proven::sbom
