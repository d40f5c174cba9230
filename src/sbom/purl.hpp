#pragma once
// Package URLs (purl-spec) and their OSV package (issue 15): parse and canonicalise a purl per the
// specification and the per-type rules (tests against purl-spec's test suite), and map it to the
// (ecosystem, name) OSV uses. Never CPE. Core only, no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace proven::sbom {

struct Purl {
  std::string type;        // lower case: "npm", "pypi", "maven", "golang", "deb", "apk", ...
  std::string namespace_;  // decoded segments joined by '/', per-type normalised
  std::string name;        // decoded, per-type normalised
  std::string version;     // decoded, "" when absent
  std::vector<std::pair<std::string, std::string>> qualifiers;  // keys lower case, sorted by key
  std::string subpath;

  std::optional<std::string> Qualifier(std::string_view key) const;
};

// kInvalidArgument naming what is wrong ("purl: the scheme must be 'pkg:'", "purl: a name is
// required", ...).
Result<Purl> ParsePurl(std::string_view text);
// The same validation and per-type normalisation for decoded components (purl-spec "build"):
// `components` holds decoded values, qualifier keys in any case and order.
Result<Purl> BuildPurl(Purl components);
// The canonical form (purl-spec "canonical_purl").
std::string ToString(const Purl& p);

// What OSV calls the package. `ecosystem` is an OSV ecosystem, with the release suffix where OSV
// has one ("Debian:12", "Alpine:v3.18", "Ubuntu:22.04"); `name` is NormalizeName'd.
struct OsvPackage {
  std::string ecosystem;
  std::string name;
};

// Why a component could not be looked up. The codes are part of `proven sbom check`'s JSON
// ("unmatched": [{"component", "reason"}]) and of the API.
enum class Unmatched {
  kNoPurl,              // "no_purl": the component has no purl
  kInvalidPurl,         // "invalid_purl": the purl does not parse
  kUnknownEcosystem,    // "unknown_ecosystem": a purl type OSV has no ecosystem for (or not one Proven maps)
  kNoDistroRelease,     // "no_distro_release": deb/apk/rpm without a distro qualifier naming the release
  kNoVersion,           // "no_version": neither the purl nor the component has a version
  kUnparsableVersion,   // "unparsable_version": the version does not parse with the ecosystem's comparator
};
std::string_view UnmatchedCode(Unmatched u);

// The purl → OSV rules (docs/sbom.md): pypi → PyPI, name lower case with runs of "-_." as "-";
// npm → npm, "@scope/name"; maven → Maven, "group:artifact"; golang → Go, "namespace/name" as
// written (case-sensitive), versions without "v"; cargo → crates.io; gem → RubyGems;
// nuget → NuGet (name as OSV has it, compared case-insensitively through NormalizeName);
// composer → Packagist "vendor/name"; hex → Hex; pub → Pub; swift → SwiftURL "host/owner/name";
// deb with distro=debian-12, debian-12.5 or bookworm → "Debian:12" (ubuntu: distro=jammy or
// ubuntu-22.04 → "Ubuntu:22.04:LTS", the ":LTS" osv-schema requires for LTS releases, else
// "Ubuntu:23.10"); apk with distro=alpine-3.18.4, 3.18 or v3.18 → "Alpine:v3.18". For deb and apk
// the name is the source package of an "upstream" qualifier when there is one (OSV names source
// packages). Fails with the Unmatched reason.
tl::expected<OsvPackage, Unmatched> OsvPackageOf(const Purl& p);

// The name as Proven indexes it, for names from purls and from OSV records alike: PyPI per
// PEP 503, NuGet and Packagist lower case, everything else as written.
std::string NormalizeName(std::string_view osv_ecosystem, std::string_view name);

// The ecosystem without its ":suffix" ("Debian:12" → "Debian").
std::string_view BaseEcosystem(std::string_view osv_ecosystem);

}  // namespace proven::sbom
