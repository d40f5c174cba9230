#pragma once
// Internal to the OSV matcher (osv.cpp, osv_match.cpp, osv_index.cpp): an affected entry compiled
// once (event versions parsed with the range's comparator and sorted), and its evaluation against
// one version per the OSV specification (schema.md, "Evaluation"). Not part of the engine's API.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sbom/osv.hpp"

namespace proven::sbom::osv_detail {

struct CompiledEvent {
  OsvEvent::Kind kind = OsvEvent::Kind::kIntroduced;
  bool infinite = false;  // a limit whose value contains "*"
  Version version;        // parsed with the range's comparator (text kept for messages)
};

// A SEMVER or ECOSYSTEM range whose every event parsed; events sorted by version, equal versions in
// record order.
struct CompiledRange {
  std::uint32_t range_index = 0;
  bool semver_type = false;  // "SEMVER" (true) or "ECOSYSTEM"
  Comparator comparator = Comparator::kSemver;
  bool has_limits = false;   // any limit event
  bool unbounded_limit = false;  // a limit "*": BeforeLimits always holds
  std::vector<CompiledEvent> events;
};

// One affected entry that names a package: what Lookup and AffectedBy evaluate. `versions` holds
// the parsed versions[] entries that no range already covers (a covered one could never change the
// outcome), `version_strings` the ones that do not parse (or all of them when the ecosystem has no
// comparator), sorted, for string equality.
struct VersionEntry {
  Version version;
  std::uint32_t index = 0;  // in the record's versions[]
};
struct StringEntry {
  std::string text;
  std::uint32_t index = 0;
};
struct CompiledAffected {
  std::uint32_t affected_index = 0;
  std::string ecosystem;  // as the record has it
  std::optional<Comparator> comparator;  // the ecosystem's (ComparatorFor)
  std::vector<CompiledRange> ranges;
  std::vector<VersionEntry> versions;       // by version
  std::vector<StringEntry> version_strings;  // by text
  std::uint32_t unevaluable_ranges = 0;  // SEMVER/ECOSYSTEM ranges dropped: an event did not parse,
                                         // or the ecosystem has no comparator
};

// The comparator a range is evaluated with. ECOSYSTEM: the ecosystem's. SEMVER: the ecosystem's when
// it is a SemVer ordering itself (semver, crates.io, go), since Go's ranges are written without the
// "v" that Go module versions carry and crates.io's follow cargo; kSemver for any other ecosystem.
// nullopt: the range is not evaluated (GIT, unknown types, ECOSYSTEM of an unordered ecosystem).
std::optional<Comparator> RangeComparator(std::string_view range_type,
                                          std::optional<Comparator> ecosystem_comparator);

// Parsed event versions shared between the records of an index: most ranges start at "0", and
// many records of one package name the same fixed versions, so each (comparator, text) is parsed
// and held once. Counts its holders; a version nobody holds any more is dropped.
class VersionPool {
 public:
  Result<Version> Get(Comparator comparator, std::string_view text);
  void Release(const Version& version);
  std::size_t size() const { return held_.size(); }

 private:
  struct Held {
    Version version;
    std::uint32_t holders = 0;
  };
  static std::string KeyOf(Comparator comparator, std::string_view text);
  std::unordered_map<std::string, Held> held_;
};

// nullopt when the entry has no package (GIT-only entries): nothing to look up. With a pool, the
// event versions come from it (hand them back with Release).
std::optional<CompiledAffected> Compile(const OsvAffected& affected, std::size_t affected_index,
                                        VersionPool* pool = nullptr);
void Release(const CompiledAffected& affected, VersionPool& pool);

// The index key of a package: the ecosystem as written (OsvPackageOf names releases as OSV does,
// "Ubuntu:22.04:LTS" included) and the NormalizeName'd name.
std::string IndexKey(std::string_view ecosystem, std::string_view name);

// vers-spec's versioning scheme for an OSV ecosystem: its purl type ("pypi", "golang", "cargo",
// "deb", "apk", ...), the ecosystem in lower case when it has none.
std::string VersScheme(std::string_view ecosystem);

// The version being looked up, parsed lazily with each comparator a range asks for (a SEMVER
// range of an ecosystem whose own comparator differs): parse once per comparator per lookup.
class Subject {
 public:
  Subject(std::string_view text, const Version* parsed);
  std::string_view text() const { return text_; }
  const Version* As(Comparator c);

 private:
  std::string_view text_;
  const Version* given_;
  std::array<std::optional<std::optional<Version>>, 10> cache_;
};

// The interval of a range that holds the version: the introduced event that opened it and the
// event that closes it (fixed, last_affected or limit), nullptr when open-ended.
struct RangeHit {
  const CompiledEvent* introduced = nullptr;
  const CompiledEvent* closed_by = nullptr;
};
std::optional<RangeHit> Evaluate(const CompiledRange& range, const Version& v);

// The first range (record order), then versions[] entry, that holds the subject; `id` and
// `aliases` of the result are left empty for the caller.
std::optional<Match> MatchAffected(const CompiledAffected& affected, Subject& subject);

}  // namespace proven::sbom::osv_detail
