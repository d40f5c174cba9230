#pragma once
// OSV records and the matcher (issue 15): parse OSV JSON (schema 1.x), index the affected
// packages by (ecosystem, normalised name), and evaluate a component's version against every
// `versions[]` list and every range's event timeline per the OSV specification
// (ossf/osv-schema docs/schema.md, "Evaluation"), with the ecosystem's comparator. Core only.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "sbom/purl.hpp"
#include "sbom/version.hpp"

namespace proven::sbom {

struct OsvEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string value;
};
std::string_view EventKindName(OsvEvent::Kind k);  // "introduced", "fixed", "last_affected", "limit"

struct OsvRange {
  std::string type;  // "SEMVER", "ECOSYSTEM", "GIT"
  std::string repo;  // GIT only
  std::vector<OsvEvent> events;
};

struct OsvAffected {
  std::string ecosystem;  // as the record has it ("Debian:12", "PyPI")
  std::string name;       // as the record has it
  std::string purl;       // "" when absent
  std::vector<OsvRange> ranges;
  std::vector<std::string> versions;
};

struct OsvRecord {
  std::string id;
  std::string modified;   // RFC 3339 as given
  std::string published;  // "" when absent
  std::string withdrawn;  // "" when not withdrawn
  std::string summary;
  std::string details;
  std::vector<std::string> aliases;
  std::vector<std::string> related;
  std::vector<OsvAffected> affected;
  std::string severity;   // the first severity's score string (a CVSS vector), "" when none
};

// kInvalidArgument naming `source` (a file or zip entry name) and the field
// ("affected[1].ranges[0].events[2]: an event needs exactly one of introduced, fixed,
// last_affected, limit"). Requires id and modified; unknown fields are ignored as the spec asks.
Result<OsvRecord> ParseOsv(std::string_view json_text, std::string_view source);

// Why a component matched: the record, the affected entry, and the range and event, or the
// `versions[]` entry.
struct Match {
  std::string id;
  std::vector<std::string> aliases;
  std::size_t affected_index = 0;
  std::string range_type;   // "SEMVER", "ECOSYSTEM", or "VERSIONS" for a versions[] hit
  std::size_t range_index = 0;
  // The interval that holds the version: the introduced event and the one that closes it
  // ("fixed", "last_affected" or "limit"; absent when open-ended).
  std::string introduced;
  std::optional<OsvEvent> closed_by;
  std::string vers;         // the interval as a vers URI ("vers:pypi/>=1.11|<1.11.22"),
                            // or "vers:pypi/1.11.1" for a versions[] hit
  Comparator comparator = Comparator::kSemver;  // what the version was compared with (kSemver,
                                                // meaningless, for a versions[] text hit of an
                                                // ecosystem that has none)
};

// The affected entries Proven can evaluate, by (ecosystem, normalised name), ranges parsed once.
// Records are added and replaced by id (an import of a newer `modified` replaces the old one;
// a withdrawn record is removed). Not thread-safe for writes; reads are const.
class OsvIndex {
 public:
  OsvIndex();
  ~OsvIndex();
  OsvIndex(OsvIndex&&) noexcept;
  OsvIndex& operator=(OsvIndex&&) noexcept;

  void Put(const OsvRecord& record);  // replaces the record with the same id; withdrawn → Remove
  void Remove(std::string_view id);
  std::size_t size() const;            // records held
  std::string snapshot;                // names the data the index was built from (set by the caller)

  // Every match of one version of one package, by record id; a record matches at most once per
  // component even when several affected entries or ranges hold the version (the first, in record
  // order; an entry's ranges before its versions[]). Records that alias each other are all
  // returned: MergeAliased folds them. `version` is parsed with ComparatorFor(package.ecosystem);
  // a SEMVER range of an ecosystem whose comparator is not a SemVer one parses its text again.
  // GIT ranges are never evaluated (they name commits), nor ranges of other types.
  std::vector<Match> Lookup(const OsvPackage& package, const Version& version) const;
  // The same for an ecosystem without a comparator: versions[] by string equality, and SEMVER
  // ranges when the text is a SemVer version.
  std::vector<Match> LookupText(const OsvPackage& package, std::string_view version) const;

  // SEMVER and ECOSYSTEM ranges of the records held that Lookup cannot evaluate: an event's
  // version does not parse with the range's comparator, or (ECOSYSTEM) the ecosystem has none.
  // Their records still match through their other ranges and versions[].
  std::size_t unevaluable_ranges() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Folds matches of records that alias each other (share an id: aliases are symmetric and
// transitive) into one: the lowest id stays, its `aliases` become the union of the group's ids and
// aliases (sorted, without its own id). The result is by id.
void MergeAliased(std::vector<Match>& matches);

// One component as Check and ComponentIndex take it.
struct CheckInput {
  std::string purl;
  std::string version;  // the component's version, used when the purl has none
};

// The reverse index: the components of every stored SBOM by (ecosystem, normalised name), each
// with its parsed version, so that "which SBOMs does this advisory affect" needs no scan
// (≤ 100 ms for 10k SBOMs × 1k components, bench/sbom_bench.cpp). Keys are the caller's SBOM ids.
class ComponentIndex {
 public:
  ComponentIndex();
  ~ComponentIndex();
  ComponentIndex(ComponentIndex&&) noexcept;
  ComponentIndex& operator=(ComponentIndex&&) noexcept;

  // Replaces what the index holds for `sbom_id`. Components that cannot be looked up (no purl,
  // unknown ecosystem, unparsable version) are skipped: Check reports them.
  void Put(std::int64_t sbom_id, const std::vector<CheckInput>& components);
  void Remove(std::int64_t sbom_id);
  std::size_t size() const;  // SBOMs held

  struct Hit {
    std::int64_t sbom_id = 0;
    std::size_t component = 0;  // index into what Put was given
    Match match;
  };
  // Every (SBOM, component) the record affects, by sbom_id then component; none for a withdrawn
  // record.
  std::vector<Hit> AffectedBy(const OsvRecord& record) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// One component's outcome.
struct ComponentFinding {
  std::size_t component = 0;  // index into the input
  Match match;
};
struct ComponentUnmatched {
  std::size_t component = 0;
  Unmatched reason = Unmatched::kNoPurl;
  std::string detail;  // e.g. the purl parser's or the version parser's message
};
struct CheckResult {
  std::vector<ComponentFinding> findings;    // by component, then record id
  std::vector<ComponentUnmatched> unmatched;  // by component
  std::size_t components_checked = 0;        // components looked up in the index
};

// Every component through OsvPackageOf, ParseVersion with the ecosystem's comparator, Lookup
// (LookupText for an ecosystem without a comparator) and MergeAliased: a vulnerability that two
// databases both describe (a GHSA and a PYSEC record, aliases of each other) is one finding.
CheckResult Check(const OsvIndex& index, const std::vector<CheckInput>& components);

}  // namespace proven::sbom
