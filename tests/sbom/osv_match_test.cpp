// Range evaluation per the OSV specification (schema.md, "Evaluation") with the real records in
// fixtures/sbom/osv/, the Match it reports (interval, closing event, vers), and a differential
// test against an independent brute-force reading of the pseudo-code.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sbom/osv.hpp"

namespace proven::sbom {
namespace {

namespace fs = std::filesystem;

OsvRecord Load(const std::string& relative) {
  std::ifstream in(fs::path(PROVEN_SBOM_FIXTURES) / "osv" / relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  auto r = ParseOsv(s.str(), relative);
  EXPECT_TRUE(r.has_value()) << relative << ": " << (r ? "" : r.error().message);
  return r ? *r : OsvRecord{};
}

OsvIndex IndexOf(const std::vector<OsvRecord>& records) {
  OsvIndex index;
  for (const OsvRecord& r : records) index.Put(r);
  return index;
}

std::vector<Match> Find(const OsvIndex& index, const std::string& ecosystem, const std::string& name,
                        const std::string& version) {
  const auto comparator = ComparatorFor(ecosystem);
  if (!comparator) return index.LookupText(OsvPackage{ecosystem, NormalizeName(ecosystem, name)}, version);
  auto v = ParseVersion(*comparator, version);
  EXPECT_TRUE(v.has_value()) << ecosystem << " " << version << ": " << (v ? "" : v.error().message);
  if (!v) return {};
  return index.Lookup(OsvPackage{ecosystem, NormalizeName(ecosystem, name)}, *v);
}

// "" when nothing matched, else the vers of the single match.
std::string VersOf(const OsvIndex& index, const std::string& ecosystem, const std::string& name,
                   const std::string& version) {
  const auto ms = Find(index, ecosystem, name, version);
  EXPECT_LE(ms.size(), 1U);
  return ms.empty() ? "" : ms[0].vers;
}

TEST(SbomOsvMatch, GoContainerdThreePairsInOneSemverRange) {
  const OsvIndex index = IndexOf({Load("go/GO-2022-0344.json")});
  const std::string name = "github.com/containerd/containerd";
  for (const char* v : {"v0.0.1", "v1.0.0", "v1.4.12", "v1.5.0", "v1.5.9", "v1.6.0"}) {
    EXPECT_EQ(Find(index, "Go", name, v).size(), 1U) << v << " is inside a pair";
  }
  // The gaps between the pairs (what broke Dependency-Track) and after the last one.
  for (const char* v :
       {"v1.4.13", "v1.4.14", "v1.5.0-beta.1", "v1.5.10", "v1.5.11", "v1.6.0-rc.1", "v1.6.1", "v1.7.0", "v2.0.0"}) {
    EXPECT_TRUE(Find(index, "Go", name, v).empty()) << v << " is in a gap";
  }
  const auto m = Find(index, "Go", name, "v1.5.9");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].id, "GO-2022-0344");
  EXPECT_EQ(m[0].aliases, (std::vector<std::string>{"CVE-2022-23648", "GHSA-crp2-qrr5-8pq7"}));
  EXPECT_EQ(m[0].affected_index, 0U);
  EXPECT_EQ(m[0].range_type, "SEMVER");
  EXPECT_EQ(m[0].range_index, 0U);
  EXPECT_EQ(m[0].introduced, "1.5.0");
  ASSERT_TRUE(m[0].closed_by.has_value());
  EXPECT_EQ(m[0].closed_by->kind, OsvEvent::Kind::kFixed);
  EXPECT_EQ(m[0].closed_by->value, "1.5.10");
  EXPECT_EQ(m[0].vers, "vers:golang/>=1.5.0|<1.5.10");
  EXPECT_EQ(m[0].comparator, Comparator::kGo);
  EXPECT_EQ(VersOf(index, "Go", name, "v1.4.12"), "vers:golang/<1.4.13");
  EXPECT_EQ(VersOf(index, "Go", name, "v1.6.0"), "vers:golang/>=1.6.0|<1.6.1");
}

TEST(SbomOsvMatch, DjangoTwoDisjointPairsAndEnumeratedVersions) {
  const OsvIndex index = IndexOf({Load("pypa/PYSEC-2019-16.json")});
  EXPECT_EQ(VersOf(index, "PyPI", "django", "1.11.26"), "vers:pypi/<1.11.27");
  EXPECT_EQ(VersOf(index, "PyPI", "Django", "1.8a1"), "vers:pypi/<1.11.27");
  EXPECT_EQ(VersOf(index, "PyPI", "django", "2.2"), "vers:pypi/>=2.2|<2.2.9");
  EXPECT_EQ(VersOf(index, "PyPI", "django", "2.2.0"), "vers:pypi/>=2.2|<2.2.9");
  EXPECT_EQ(VersOf(index, "PyPI", "django", "2.2.8"), "vers:pypi/>=2.2|<2.2.9");
  for (const char* v : {"1.11.27", "1.11.28", "2.0", "2.1.15", "2.2rc1", "2.2.9", "3.0", "4.2.1"}) {
    EXPECT_TRUE(Find(index, "PyPI", "django", v).empty()) << v;
  }
  const auto m = Find(index, "PyPI", "django", "2.2.8");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_type, "ECOSYSTEM");
  EXPECT_EQ(m[0].comparator, Comparator::kPep440);
}

TEST(SbomOsvMatch, EnumeratedVersionsOutsideTheRangesMatchByEquality) {
  OsvRecord r = Load("pypa/PYSEC-2019-16.json");
  r.affected[0].versions.push_back("2.1.5");
  r.affected[0].versions.push_back("not a pep 440 version");
  const OsvIndex index = IndexOf({r});
  auto m = Find(index, "PyPI", "django", "2.1.5");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_type, "VERSIONS");
  EXPECT_EQ(m[0].range_index, 177U);  // its place in versions[]
  EXPECT_EQ(m[0].vers, "vers:pypi/2.1.5");
  EXPECT_FALSE(m[0].closed_by.has_value());
  // PEP 440 equality: 2.1.5.0 is 2.1.5.
  m = Find(index, "PyPI", "django", "2.1.5.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].vers, "vers:pypi/2.1.5");
  EXPECT_TRUE(Find(index, "PyPI", "django", "2.1.6").empty());
  // A versions[] entry that does not parse is compared as text.
  m = index.LookupText(OsvPackage{"PyPI", "django"}, "not a pep 440 version");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].vers, "vers:pypi/not%20a%20pep%20440%20version");
}

TEST(SbomOsvMatch, SmallvecPrereleaseLowerBounds) {
  const OsvIndex index = IndexOf({Load("rustsec/RUSTSEC-2018-0003.json")});
  for (const char* v : {"0.3.2", "0.3.3", "0.4.0-0", "0.4.0-alpha", "0.4.0", "0.4.4", "0.5.0-beta.2", "0.5.0",
                        "0.6.0-0", "0.6.0-rc.1", "0.6.2"}) {
    EXPECT_EQ(Find(index, "crates.io", "smallvec", v).size(), 1U) << v;
  }
  for (const char* v : {"0.3.1", "0.3.2-rc.1", "0.3.4", "0.3.99", "0.4.5", "0.4.6", "0.5.1", "0.5.2", "0.6.3", "0.7.0",
                        "1.0.0"}) {
    EXPECT_TRUE(Find(index, "crates.io", "smallvec", v).empty()) << v;
  }
  const auto m = Find(index, "crates.io", "smallvec", "0.4.0-alpha");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].introduced, "0.4.0-0");
  EXPECT_EQ(m[0].vers, "vers:cargo/>=0.4.0-0|<0.4.5");
  EXPECT_EQ(m[0].comparator, Comparator::kCratesIo);
}

TEST(SbomOsvMatch, TimeCrateManyPairs) {
  const OsvIndex index = IndexOf({Load("rustsec/RUSTSEC-2020-0071.json")});
  for (const char* v : {"0.0.1", "0.1.43", "0.2.0-alpha.1", "0.2.1-beta", "0.2.6-0", "0.2.7", "0.2.22"}) {
    EXPECT_EQ(Find(index, "crates.io", "time", v).size(), 1U) << v;
  }
  for (const char* v : {"0.2.0", "0.2.1", "0.2.2", "0.2.6", "0.2.23", "0.3.0"}) {
    EXPECT_TRUE(Find(index, "crates.io", "time", v).empty()) << v;
  }
  EXPECT_EQ(VersOf(index, "crates.io", "time", "0.1.43"), "vers:cargo/>=0.0.0-0|<0.2.0");
  EXPECT_EQ(VersOf(index, "crates.io", "time", "0.2.10"), "vers:cargo/>=0.2.7-0|<0.2.23");
}

TEST(SbomOsvMatch, AlpineReleasesAndAPackageLessGitEntry) {
  const OsvIndex index = IndexOf({Load("osv-schema-linter/CVE-2018-5407.json")});
  const auto m = Find(index, "Alpine:v3.8", "openssl", "1.0.2p-r0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].affected_index, 5U);
  EXPECT_EQ(m[0].vers, "vers:apk/<1.0.2q-r0");
  EXPECT_EQ(m[0].comparator, Comparator::kAlpine);
  EXPECT_EQ(Find(index, "Alpine:v3.3", "openssl", "1.0.2p-r0").size(), 1U);
  EXPECT_TRUE(Find(index, "Alpine:v3.8", "openssl", "1.0.2q-r0").empty());
  EXPECT_TRUE(Find(index, "Alpine:v3.8", "openssl", "1.1.1-r0").empty());
  EXPECT_TRUE(Find(index, "Alpine:v3.9", "openssl", "1.0.2p-r0").empty());  // a release the record does not name
  EXPECT_EQ(index.unevaluable_ranges(), 0U);  // the GIT range is not an ordered range at all
}

// The package-less GIT entry moved to the front: the entries after it keep their own indexes.
TEST(SbomOsvMatch, PackageLessGitEntryBeforeTheEcosystemEntries) {
  OsvRecord r = Load("osv-schema-linter/CVE-2018-5407.json");
  std::rotate(r.affected.begin(), r.affected.end() - 1, r.affected.end());
  ASSERT_EQ(r.affected[0].ecosystem, "");
  const OsvIndex index = IndexOf({r});
  const auto m = Find(index, "Alpine:v3.8", "openssl", "1.0.2p-r0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].affected_index, 6U);
}

TEST(SbomOsvMatch, GitRangeBeforeAnEcosystemRange) {
  const OsvIndex index = IndexOf({Load("osv-schema-linter/PYSEC-2023-74.json")});
  const auto m = Find(index, "PyPI", "requests", "2.30.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_type, "ECOSYSTEM");
  EXPECT_EQ(m[0].range_index, 1U);
  EXPECT_EQ(m[0].vers, "vers:pypi/>=2.3.0|<2.31.0");
  EXPECT_TRUE(Find(index, "PyPI", "requests", "2.31.0").empty());
  EXPECT_TRUE(Find(index, "PyPI", "requests", "2.2.1").empty());
}

// ---- synthetic records ----------------------------------------------------------------------------

OsvRange Range(const std::string& type, std::vector<OsvEvent> events) {
  OsvRange r;
  r.type = type;
  r.events = std::move(events);
  return r;
}

OsvAffected Affected(const std::string& ecosystem, const std::string& name, std::vector<OsvRange> ranges,
                     std::vector<std::string> versions = {}) {
  OsvAffected a;
  a.ecosystem = ecosystem;
  a.name = name;
  a.ranges = std::move(ranges);
  a.versions = std::move(versions);
  return a;
}

OsvRecord Record(const std::string& id, std::vector<OsvAffected> affected) {
  OsvRecord r;
  r.id = id;
  r.modified = "2024-01-01T00:00:00Z";
  r.affected = std::move(affected);
  return r;
}

OsvEvent Introduced(const std::string& v) { return {OsvEvent::Kind::kIntroduced, v}; }
OsvEvent Fixed(const std::string& v) { return {OsvEvent::Kind::kFixed, v}; }
OsvEvent LastAffected(const std::string& v) { return {OsvEvent::Kind::kLastAffected, v}; }
OsvEvent Limit(const std::string& v) { return {OsvEvent::Kind::kLimit, v}; }

TEST(SbomOsvMatch, SamePackageInSeveralEntriesMatchesOnce) {
  const OsvIndex index = IndexOf({Record(
      "GHSA-1", {Affected("npm", "a", {Range("SEMVER", {Introduced("1.0.0"), Fixed("2.0.0")})}),
                 Affected("npm", "other", {Range("SEMVER", {Introduced("0")})}),
                 Affected("npm", "a", {Range("SEMVER", {Introduced("1.5.0"), Fixed("3.0.0")})})})});
  auto m = Find(index, "npm", "a", "1.6.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].affected_index, 0U);
  m = Find(index, "npm", "a", "2.5.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].affected_index, 2U);
  EXPECT_EQ(m[0].vers, "vers:npm/>=1.5.0|<3.0.0");
  EXPECT_TRUE(Find(index, "npm", "a", "3.0.0").empty());
  EXPECT_EQ(Find(index, "npm", "other", "3.0.0").size(), 1U);
}

TEST(SbomOsvMatch, SeveralRangesFirstInRecordOrder) {
  const OsvIndex index = IndexOf({Record(
      "GHSA-1", {Affected("npm", "a", {Range("SEMVER", {Introduced("1.0.0"), Fixed("2.0.0")}),
                                       Range("ECOSYSTEM", {Introduced("1.5.0"), Fixed("3.0.0")})})})});
  auto m = Find(index, "npm", "a", "1.7.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_index, 0U);
  m = Find(index, "npm", "a", "2.7.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_index, 1U);
  EXPECT_EQ(m[0].range_type, "ECOSYSTEM");
}

TEST(SbomOsvMatch, LastAffectedAndLimit) {
  const OsvIndex index = IndexOf({
      Record("LA-1", {Affected("npm", "la", {Range("ECOSYSTEM", {Introduced("1.0.0"), LastAffected("1.2.0")})})}),
      Record("LIM-1", {Affected("npm", "lim", {Range("SEMVER", {Introduced("0"), Limit("2.0.0")})})}),
      Record("LIM-2", {Affected("npm", "lim2", {Range("SEMVER", {Introduced("1.0.0"), Fixed("3.0.0"),
                                                                  Limit("2.0.0"), Limit("1.5.0")})})}),
      Record("INF-1", {Affected("npm", "inf", {Range("SEMVER", {Introduced("1.0.0"), Limit("*")})})}),
      Record("OPEN-1", {Affected("npm", "open", {Range("SEMVER", {Introduced("0")})})}),
      // Unsorted events: the specification sorts them before evaluating.
      Record("UNS-1", {Affected("npm", "uns", {Range("SEMVER", {Fixed("2.0.0"), Introduced("3.0.0"),
                                                                 Introduced("1.0.0")})})}),
  });
  auto m = Find(index, "npm", "la", "1.2.0");
  ASSERT_EQ(m.size(), 1U);
  ASSERT_TRUE(m[0].closed_by.has_value());
  EXPECT_EQ(m[0].closed_by->kind, OsvEvent::Kind::kLastAffected);
  EXPECT_EQ(m[0].vers, "vers:npm/>=1.0.0|<=1.2.0");
  EXPECT_TRUE(Find(index, "npm", "la", "1.2.1").empty());
  EXPECT_TRUE(Find(index, "npm", "la", "0.9.0").empty());

  m = Find(index, "npm", "lim", "1.9.9");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].closed_by->kind, OsvEvent::Kind::kLimit);
  EXPECT_EQ(m[0].vers, "vers:npm/<2.0.0");
  EXPECT_TRUE(Find(index, "npm", "lim", "2.0.0").empty());
  // Several limits: below any of them (the highest) is in; the interval closes at it.
  EXPECT_EQ(VersOf(index, "npm", "lim2", "1.7.0"), "vers:npm/>=1.0.0|<2.0.0");
  EXPECT_TRUE(Find(index, "npm", "lim2", "2.5.0").empty());
  EXPECT_EQ(VersOf(index, "npm", "inf", "9.0.0"), "vers:npm/>=1.0.0");
  EXPECT_EQ(VersOf(index, "npm", "open", "0.0.1"), "vers:npm/*");
  m = Find(index, "npm", "open", "0.0.1");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].introduced, "0");
  EXPECT_FALSE(m[0].closed_by.has_value());
  EXPECT_EQ(VersOf(index, "npm", "uns", "1.5.0"), "vers:npm/>=1.0.0|<2.0.0");
  EXPECT_EQ(VersOf(index, "npm", "uns", "2.5.0"), "");
  EXPECT_EQ(VersOf(index, "npm", "uns", "3.5.0"), "vers:npm/>=3.0.0");
}

// SEMVER ranges are SemVer whatever the ecosystem: a PyPI record's SEMVER range is evaluated with
// the semver comparator (the version is parsed again for it), its ECOSYSTEM range with PEP 440.
TEST(SbomOsvMatch, SemverRangeOfANonSemverEcosystem) {
  const OsvIndex index = IndexOf({Record(
      "X-1", {Affected("PyPI", "p", {Range("SEMVER", {Introduced("1.0.0"), Fixed("1.0.1")}),
                                     Range("ECOSYSTEM", {Introduced("2.0"), Fixed("2.1")})})})});
  auto m = Find(index, "PyPI", "p", "1.0.0");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].comparator, Comparator::kSemver);
  EXPECT_EQ(m[0].range_type, "SEMVER");
  m = Find(index, "PyPI", "p", "2.0.post1");  // not SemVer: only the ECOSYSTEM range can hold it
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].comparator, Comparator::kPep440);
  EXPECT_TRUE(Find(index, "PyPI", "p", "1.0.1").empty());
}

TEST(SbomOsvMatch, RangeWithAnUnparsableEventIsNotEvaluated) {
  const OsvIndex index = IndexOf({Record(
      "X-1", {Affected("npm", "a", {Range("SEMVER", {Introduced("0"), Fixed("not-a-version!")})}, {"1.0.0"})})});
  EXPECT_EQ(index.unevaluable_ranges(), 1U);
  EXPECT_EQ(VersOf(index, "npm", "a", "1.0.0"), "vers:npm/1.0.0");
  EXPECT_TRUE(Find(index, "npm", "a", "1.0.1").empty());
}

TEST(SbomOsvMatch, VersEscapesItsOwnSeparators) {
  const OsvIndex index = IndexOf(
      {Record("X-1", {Affected("Debian:12", "p", {Range("ECOSYSTEM", {Introduced("1:1.0"), Fixed("1:2.0~rc1")})})})});
  // ":" and "~" are plain in vers; a "|" or "%" would be percent-encoded.
  EXPECT_EQ(VersOf(index, "Debian:12", "p", "1:1.5-1"), "vers:deb/>=1:1.0|<1:2.0~rc1");
}

// ---- differential test ----------------------------------------------------------------------------
//
// An independent reading of the specification's pseudo-code over a small SemVer grid: its own
// version order, its own sort (by version, equal versions in record order, "0" first, "*" limits
// last), and a literal IncludedInRanges / BeforeLimits.

struct GridVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  int pre = 0;  // 0: none; 1: "-0"; 2: "-alpha"; 3: "-beta"
};
constexpr std::array<const char*, 4> kPre = {"", "-0", "-alpha", "-beta"};

std::string Text(const GridVersion& v) { return fmt::format("{}.{}.{}{}", v.major, v.minor, v.patch, kPre[v.pre]); }

// SemVer precedence on the grid: a prerelease sorts before its release; "0" < "alpha" < "beta".
int RefCompare(const GridVersion& a, const GridVersion& b) {
  const auto key = [](const GridVersion& v) { return std::tuple(v.major, v.minor, v.patch, v.pre == 0 ? 99 : v.pre); };
  return key(a) < key(b) ? -1 : (key(b) < key(a) ? 1 : 0);
}

struct RefEvent {
  OsvEvent::Kind kind;
  bool zero = false;      // introduced "0"
  bool infinite = false;  // limit "*"
  GridVersion v;
};

// <0, 0, >0 between two events' versions; "0" lowest, "*" highest.
int RefEventCompare(const RefEvent& a, const RefEvent& b) {
  const int ra = a.zero ? 0 : (a.infinite ? 2 : 1);
  const int rb = b.zero ? 0 : (b.infinite ? 2 : 1);
  if (ra != rb || ra != 1) return ra - rb;
  return RefCompare(a.v, b.v);
}

// v against an event: v >= e is "RefVsEvent(v, e) >= 0".
int RefVsEvent(const GridVersion& v, const RefEvent& e) {
  if (e.zero) return 1;
  if (e.infinite) return -1;
  return RefCompare(v, e.v);
}

bool RefAffected(const GridVersion& v, const std::vector<RefEvent>& events) {
  bool any_limit = false;
  bool before = false;
  for (const RefEvent& e : events) {
    if (e.kind != OsvEvent::Kind::kLimit) continue;
    any_limit = true;
    if (RefVsEvent(v, e) < 0) before = true;
  }
  if (any_limit && !before) return false;
  std::vector<RefEvent> sorted = events;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const RefEvent& a, const RefEvent& b) { return RefEventCompare(a, b) < 0; });
  bool vulnerable = false;
  for (const RefEvent& e : sorted) {
    if (e.kind == OsvEvent::Kind::kIntroduced && RefVsEvent(v, e) >= 0) {
      vulnerable = true;
    } else if (e.kind == OsvEvent::Kind::kFixed && RefVsEvent(v, e) >= 0) {
      vulnerable = false;
    } else if (e.kind == OsvEvent::Kind::kLastAffected && RefVsEvent(v, e) > 0) {
      vulnerable = false;
    }
  }
  return vulnerable;
}

std::optional<GridVersion> FromText(const std::vector<GridVersion>& grid, const std::vector<std::string>& texts,
                                    const std::string& text) {
  const auto it = std::find(texts.begin(), texts.end(), text);
  if (it == texts.end()) return std::nullopt;
  return grid[static_cast<std::size_t>(it - texts.begin())];
}

TEST(SbomOsvMatchDifferential, RandomTimelinesAgainstThePseudoCode) {
  std::vector<GridVersion> grid;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (int p = 0; p < 4; ++p) grid.push_back(GridVersion{a, b, c, p});
  std::sort(grid.begin(), grid.end(), [](const GridVersion& a, const GridVersion& b) { return RefCompare(a, b) < 0; });
  std::vector<std::string> texts;  // by precedence, as grid
  for (const GridVersion& g : grid) texts.push_back(Text(g));
  std::mt19937 rng(20261202);
  const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const auto any_version = [&] { return grid[static_cast<std::size_t>(pick(static_cast<int>(grid.size())))]; };
  constexpr int kCases = 3000;
  int affected_seen = 0;
  int limits_seen = 0;
  for (int round = 0; round < kCases; ++round) {
    std::vector<RefEvent> ref;
    std::vector<OsvEvent> events;
    const int n = 1 + pick(8);
    const bool closing_is_last_affected = pick(3) == 0;
    bool has_introduced = false;
    for (int i = 0; i < n; ++i) {
      RefEvent e{OsvEvent::Kind::kIntroduced, false, false, any_version()};
      const int k = pick(10);
      if (k < 4) {
        e.kind = OsvEvent::Kind::kIntroduced;
        e.zero = pick(6) == 0;
      } else if (k < 8) {
        e.kind = closing_is_last_affected ? OsvEvent::Kind::kLastAffected : OsvEvent::Kind::kFixed;
      } else {
        e.kind = OsvEvent::Kind::kLimit;
        e.infinite = pick(4) == 0;
      }
      has_introduced = has_introduced || e.kind == OsvEvent::Kind::kIntroduced;
      ref.push_back(e);
    }
    if (!has_introduced) {
      ref.insert(ref.begin() + pick(static_cast<int>(ref.size()) + 1),
                 RefEvent{OsvEvent::Kind::kIntroduced, false, false, any_version()});
    }
    for (const RefEvent& e : ref) {
      events.push_back(OsvEvent{e.kind, e.zero ? "0" : (e.infinite ? "*" : Text(e.v))});
      limits_seen += e.kind == OsvEvent::Kind::kLimit ? 1 : 0;
    }
    const OsvIndex index =
        IndexOf({Record("R-1", {Affected("npm", "p", {Range(round % 2 == 0 ? "SEMVER" : "ECOSYSTEM", events)})})});
    std::string timeline;
    for (const OsvEvent& e : events) timeline += fmt::format("{}:{} ", EventKindName(e.kind), e.value);

    std::vector<bool> reference(grid.size());
    for (std::size_t i = 0; i < grid.size(); ++i) reference[i] = RefAffected(grid[i], ref);
    for (std::size_t vi = 0; vi < grid.size(); ++vi) {
      const GridVersion& v = grid[vi];
      const bool want = reference[vi];
      const auto got = Find(index, "npm", "p", texts[vi]);
      ASSERT_EQ(!got.empty(), want) << "version " << Text(v) << ", events " << timeline;
      if (!want) continue;
      ++affected_seen;
      // The reported interval holds v, and every grid version in it is affected.
      const Match& m = got[0];
      std::optional<GridVersion> low;
      if (m.introduced != "0") {
        low = FromText(grid, texts, m.introduced);
        ASSERT_TRUE(low.has_value()) << m.introduced;
        ASSERT_LE(RefCompare(*low, v), 0) << Text(v) << " " << m.vers << " " << timeline;
      }
      std::optional<GridVersion> high;
      bool inclusive = false;
      if (m.closed_by) {
        ASSERT_NE(m.closed_by->value, "*");
        high = FromText(grid, texts, m.closed_by->value);
        ASSERT_TRUE(high.has_value()) << m.closed_by->value;
        inclusive = m.closed_by->kind == OsvEvent::Kind::kLastAffected;
        const int c = RefCompare(v, *high);
        ASSERT_TRUE(inclusive ? c <= 0 : c < 0) << Text(v) << " " << m.vers << " " << timeline;
      }
      // And it is maximal: just outside it the version is unaffected, unless an event on the
      // boundary ends the interval and another starts a new one there.
      const auto index_of = [&](const GridVersion& g) {
        return static_cast<std::size_t>(std::find(texts.begin(), texts.end(), Text(g)) - texts.begin());
      };
      const auto event_at = [&](OsvEvent::Kind kind, std::size_t at) {
        return std::any_of(ref.begin(), ref.end(), [&](const RefEvent& e) {
          return e.kind == kind && !e.zero && !e.infinite && index_of(e.v) == at;
        });
      };
      if (low) {
        const std::size_t at = index_of(*low);
        if (at > 0 && reference[at - 1]) {
          ASSERT_TRUE(event_at(OsvEvent::Kind::kFixed, at) || event_at(OsvEvent::Kind::kLastAffected, at - 1) ||
                      event_at(OsvEvent::Kind::kLastAffected, at))
              << Text(v) << " " << m.vers << " is not maximal below, events " << timeline;
        }
      }
      if (high) {
        const std::size_t at = index_of(*high) + (inclusive ? 1 : 0);
        if (at < grid.size() && reference[at]) {
          ASSERT_TRUE(event_at(OsvEvent::Kind::kIntroduced, at) ||
                      (inclusive && event_at(OsvEvent::Kind::kIntroduced, at - 1)))
              << Text(v) << " " << m.vers << " is not maximal above, events " << timeline;
        }
      }
      for (std::size_t i = 0; i < grid.size(); ++i) {
        const GridVersion& w = grid[i];
        if (low && RefCompare(w, *low) < 0) continue;
        if (high && (inclusive ? RefCompare(w, *high) > 0 : RefCompare(w, *high) >= 0)) continue;
        ASSERT_TRUE(reference[i]) << Text(w) << " in " << m.vers << " reported for " << Text(v) << ", events "
                                         << timeline;
      }
    }
  }
  // The generator exercises both outcomes and limits.
  EXPECT_GT(affected_seen, kCases * 5);
  EXPECT_GT(limits_seen, kCases / 2);
}

}  // namespace
}  // namespace proven::sbom
