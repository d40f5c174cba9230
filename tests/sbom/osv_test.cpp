// ParseOsv against the real records in fixtures/sbom/osv/ and broken variants, OsvIndex
// (Put/Remove/replace/withdrawn), MergeAliased and Check.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sbom/osv.hpp"
#include "sbom_test_support.hpp"

namespace proven::sbom {
namespace {

using testing::Slurp;

namespace fs = std::filesystem;

const fs::path kOsvDir = fs::path(PROVEN_SBOM_FIXTURES) / "osv";

OsvRecord Load(const std::string& relative) {
  auto r = ParseOsv(Slurp(kOsvDir / relative), relative);
  EXPECT_TRUE(r.has_value()) << relative << ": " << (r ? "" : r.error().message);
  return r ? *r : OsvRecord{};
}

Error ParseError(const std::string& json) {
  auto r = ParseOsv(json, "t.json");
  EXPECT_FALSE(r.has_value()) << json;
  return r ? Error{} : r.error();
}

// A record with one affected entry around `events` (a JSON array text).
std::string WithEvents(const std::string& events, const std::string& type = "ECOSYSTEM") {
  return R"({"id":"X-1","modified":"2024-01-01T00:00:00Z",)"
         R"("affected":[{"package":{"ecosystem":"PyPI","name":"a"},"ranges":[{"type":")" +
         type + R"(","events":)" + events + "}]}]}";
}

TEST(SbomOsvParse, EveryRealRecordParsesExceptTheOneWithoutIntroduced) {
  int parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kOsvDir)) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    auto r = ParseOsv(Slurp(entry.path()), name);
    if (name.starts_with("nointroduced-")) {
      // The specification: "There must be at least one introduced object in the events array."
      ASSERT_FALSE(r.has_value()) << name;
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(r.error().field, "affected[0].ranges[0].events");
      EXPECT_EQ(r.error().message,
                "nointroduced-CVE-2023-41045.json: affected[0].ranges[0].events: a range needs at least one "
                "introduced event");
      continue;
    }
    ASSERT_TRUE(r.has_value()) << name << ": " << r.error().message;
    EXPECT_FALSE(r->id.empty());
    EXPECT_FALSE(r->modified.empty());
    ++parsed;
  }
  EXPECT_EQ(parsed, 17);
}

TEST(SbomOsvParse, FieldsOfARealRecord) {
  const OsvRecord r = Load("go/GO-2022-0344.json");
  EXPECT_EQ(r.id, "GO-2022-0344");
  EXPECT_EQ(r.modified, "0001-01-01T00:00:00Z");
  EXPECT_EQ(r.published, "0001-01-01T00:00:00Z");
  EXPECT_EQ(r.withdrawn, "");
  EXPECT_EQ(r.aliases, (std::vector<std::string>{"CVE-2022-23648", "GHSA-crp2-qrr5-8pq7"}));
  EXPECT_EQ(r.severity, "");
  ASSERT_EQ(r.affected.size(), 1U);
  const OsvAffected& a = r.affected[0];
  EXPECT_EQ(a.ecosystem, "Go");
  EXPECT_EQ(a.name, "github.com/containerd/containerd");
  EXPECT_EQ(a.purl, "");
  ASSERT_EQ(a.ranges.size(), 1U);
  EXPECT_EQ(a.ranges[0].type, "SEMVER");
  ASSERT_EQ(a.ranges[0].events.size(), 6U);
  EXPECT_EQ(a.ranges[0].events[0].kind, OsvEvent::Kind::kIntroduced);
  EXPECT_EQ(a.ranges[0].events[0].value, "0");
  EXPECT_EQ(a.ranges[0].events[5].kind, OsvEvent::Kind::kFixed);
  EXPECT_EQ(a.ranges[0].events[5].value, "1.6.1");
}

TEST(SbomOsvParse, SeverityWithdrawnAndRecordsWithoutAffected) {
  EXPECT_EQ(Load("osv-schema-linter/GHSA-9v2f-6vcg-3hgv.json").severity,
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  const OsvRecord withdrawn = Load("rustsec/RUSTSEC-2020-0053.json");
  EXPECT_EQ(withdrawn.withdrawn, "2021-04-19T12:00:00Z");
  EXPECT_EQ(withdrawn.affected.size(), 1U);
  const OsvRecord rhsa = Load("osv-schema-linter/RHSA-2022_0216.json");
  EXPECT_EQ(rhsa.id, "RHSA-2022:0216");
  EXPECT_TRUE(rhsa.affected.empty());
  EXPECT_EQ(rhsa.related.size(), 3U);
}

TEST(SbomOsvParse, PackageLessGitEntryIsLegal) {
  const OsvRecord r = Load("osv-schema-linter/CVE-2018-5407.json");
  ASSERT_EQ(r.affected.size(), 7U);
  EXPECT_EQ(r.affected[0].ecosystem, "Alpine:v3.3");
  EXPECT_EQ(r.affected[0].purl, "pkg:apk/alpine/openssl?arch=source");
  EXPECT_EQ(r.affected[6].ecosystem, "");
  EXPECT_EQ(r.affected[6].name, "");
  ASSERT_EQ(r.affected[6].ranges.size(), 1U);
  EXPECT_EQ(r.affected[6].ranges[0].type, "GIT");
  EXPECT_EQ(r.affected[6].ranges[0].repo, "https://github.com/nodejs/node");
}

// The linter's "nopackage" variant names a package that does not exist on PyPI ("Gradi0"): only a
// registry can tell, so the record is well-formed for ParseOsv and matches that name only.
TEST(SbomOsvParse, NopackageVariantIsWellFormed) {
  const OsvRecord r = Load("osv-schema-linter/nopackage-GHSA-9v2f-6vcg-3hgv.json");
  ASSERT_EQ(r.affected.size(), 1U);
  EXPECT_EQ(r.affected[0].name, "Gradi0");
  EXPECT_EQ(r.affected[0].versions, std::vector<std::string>{"4.36.1"});
  OsvIndex index;
  index.Put(r);
  const auto hits = Check(index, {{"pkg:pypi/gradi0@4.36.1", ""}, {"pkg:pypi/gradio@4.36.1", ""}});
  ASSERT_EQ(hits.findings.size(), 1U);
  EXPECT_EQ(hits.findings[0].component, 0U);
  EXPECT_EQ(hits.findings[0].match.range_type, "VERSIONS");
  EXPECT_EQ(hits.findings[0].match.vers, "vers:pypi/4.36.1");
}

TEST(SbomOsvParse, ErrorsNameSourceAndField) {
  const std::string bad_event = R"({"id":"X-1","modified":"m","affected":[
      {"package":{"ecosystem":"npm","name":"a"}},
      {"package":{"ecosystem":"npm","name":"b"},"ranges":[{"type":"SEMVER","events":[
        {"introduced":"0"},{"fixed":"1.0.0"},{"introduced":"1.0.1","fixed":"1.0.2"}]}]}]})";
  Error e = ParseError(bad_event);
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field, "affected[1].ranges[0].events[2]");
  EXPECT_EQ(e.message,
            "t.json: affected[1].ranges[0].events[2]: an event needs exactly one of introduced, fixed, "
            "last_affected, limit");

  EXPECT_EQ(ParseError(WithEvents(R"([{}])")).field, "affected[0].ranges[0].events[0]");
  EXPECT_EQ(ParseError(WithEvents(R"([{"introduced":1}])")).field, "affected[0].ranges[0].events[0].introduced");
  EXPECT_EQ(ParseError(WithEvents(R"([{"fixed":"1"}])")).field, "affected[0].ranges[0].events");
  EXPECT_EQ(ParseError(WithEvents(R"([])")).field, "affected[0].ranges[0].events");
  e = ParseError(WithEvents(R"([{"introduced":"0"},{"fixed":"1"},{"last_affected":"2"}])"));
  EXPECT_EQ(e.field, "affected[0].ranges[0].events");
  EXPECT_NE(e.message.find("not both"), std::string::npos);
  EXPECT_EQ(ParseError(WithEvents(R"([{"introduced":"0"}])", "GIT")).field, "affected[0].ranges[0].repo");

  EXPECT_EQ(ParseError(R"({"modified":"m"})").field, "id");
  EXPECT_EQ(ParseError(R"({"id":"","modified":"m"})").field, "id");
  EXPECT_EQ(ParseError(R"({"id":"X"})").field, "modified");
  EXPECT_EQ(ParseError(R"({"id":7,"modified":"m"})").field, "id");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","aliases":"CVE-1"})").field, "aliases");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","aliases":["CVE-1",2]})").field, "aliases[1]");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","affected":{}})").field, "affected");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","affected":[{"package":{"ecosystem":"npm"}}]})").field,
            "affected[0].package.name");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","affected":[{"ranges":[{"events":[]}]}]})").field,
            "affected[0].ranges[0].type");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","affected":[{"versions":["1",2]}]})").field,
            "affected[0].versions[1]");
  EXPECT_EQ(ParseError(R"({"id":"X","modified":"m","severity":[{"type":"CVSS_V3"}]})").field, "severity[0].score");
  e = ParseError("{not json");
  EXPECT_EQ(e.message, "t.json: not a JSON document");
  EXPECT_EQ(ParseError("[1]").message, "t.json: (record): an OSV record must be a JSON object");
}

TEST(SbomOsvParse, UnknownFieldsAndNullsAreIgnored) {
  auto r = ParseOsv(R"({"id":"X","modified":"m","summary":null,"aliases":null,"affected":null,"x-new":{"a":1},
                        "database_specific":{"k":[1,2]}})",
                    "t.json");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->affected.empty());
  EXPECT_TRUE(r->aliases.empty());
  // A range type the schema may add later is kept (and never evaluated).
  r = ParseOsv(WithEvents(R"([{"introduced":"0"}])", "FUTURE"), "t.json");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->affected[0].ranges[0].type, "FUTURE");
}

TEST(SbomOsvParse, EventKindNames) {
  EXPECT_EQ(EventKindName(OsvEvent::Kind::kIntroduced), "introduced");
  EXPECT_EQ(EventKindName(OsvEvent::Kind::kFixed), "fixed");
  EXPECT_EQ(EventKindName(OsvEvent::Kind::kLastAffected), "last_affected");
  EXPECT_EQ(EventKindName(OsvEvent::Kind::kLimit), "limit");
}

// ---- OsvIndex -----------------------------------------------------------------------------------

std::vector<std::string> Ids(const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const Match& m : ms) out.push_back(m.id);
  return out;
}

std::vector<Match> LookupNpm(const OsvIndex& index, const std::string& name, const std::string& version) {
  auto v = ParseVersion(Comparator::kSemver, version);
  EXPECT_TRUE(v.has_value()) << version;
  return v ? index.Lookup(OsvPackage{"npm", name}, *v) : std::vector<Match>{};
}

OsvRecord NpmRecord(const std::string& id, const std::string& name, const std::string& introduced,
                    const std::string& fixed, std::vector<std::string> aliases = {}) {
  OsvRecord r;
  r.id = id;
  r.modified = "2024-01-01T00:00:00Z";
  r.aliases = std::move(aliases);
  OsvAffected a;
  a.ecosystem = "npm";
  a.name = name;
  OsvRange range;
  range.type = "SEMVER";
  range.events = {{OsvEvent::Kind::kIntroduced, introduced}, {OsvEvent::Kind::kFixed, fixed}};
  a.ranges.push_back(range);
  r.affected.push_back(a);
  return r;
}

TEST(SbomOsvIndex, PutReplacesByIdAndRemoveForgets) {
  OsvIndex index;
  EXPECT_EQ(index.size(), 0U);
  index.Put(NpmRecord("GHSA-1", "left-pad", "1.0.0", "1.2.0"));
  index.Put(NpmRecord("GHSA-2", "left-pad", "1.1.0", "2.0.0"));
  EXPECT_EQ(index.size(), 2U);
  EXPECT_EQ(Ids(LookupNpm(index, "left-pad", "1.1.5")), (std::vector<std::string>{"GHSA-1", "GHSA-2"}));
  // A newer version of GHSA-1 narrows the range.
  index.Put(NpmRecord("GHSA-1", "left-pad", "1.0.0", "1.1.0"));
  EXPECT_EQ(index.size(), 2U);
  EXPECT_EQ(Ids(LookupNpm(index, "left-pad", "1.1.5")), std::vector<std::string>{"GHSA-2"});
  EXPECT_EQ(Ids(LookupNpm(index, "left-pad", "1.0.5")), std::vector<std::string>{"GHSA-1"});
  // Renamed package: the old key no longer holds the record.
  index.Put(NpmRecord("GHSA-2", "right-pad", "1.1.0", "2.0.0"));
  EXPECT_TRUE(LookupNpm(index, "left-pad", "1.1.5").empty());
  EXPECT_EQ(Ids(LookupNpm(index, "right-pad", "1.1.5")), std::vector<std::string>{"GHSA-2"});
  index.Remove("GHSA-2");
  index.Remove("GHSA-unknown");
  EXPECT_EQ(index.size(), 1U);
  EXPECT_TRUE(LookupNpm(index, "right-pad", "1.1.5").empty());
  index.Remove("GHSA-1");
  EXPECT_EQ(index.size(), 0U);
  EXPECT_TRUE(LookupNpm(index, "left-pad", "1.0.5").empty());
  // Slots are reused.
  index.Put(NpmRecord("GHSA-3", "left-pad", "0", "9.0.0"));
  EXPECT_EQ(Ids(LookupNpm(index, "left-pad", "1.0.5")), std::vector<std::string>{"GHSA-3"});
}

TEST(SbomOsvIndex, WithdrawnRecordIsRemoved) {
  OsvRecord r = Load("rustsec/RUSTSEC-2020-0053.json");
  const std::string withdrawn = r.withdrawn;
  r.withdrawn.clear();
  OsvIndex index;
  index.Put(r);
  EXPECT_EQ(index.size(), 1U);
  auto v = ParseVersion(Comparator::kCratesIo, "2.0.2");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(Ids(index.Lookup(OsvPackage{"crates.io", "dirs"}, *v)), std::vector<std::string>{"RUSTSEC-2020-0053"});
  r.withdrawn = withdrawn;
  index.Put(r);
  EXPECT_EQ(index.size(), 0U);
  EXPECT_TRUE(index.Lookup(OsvPackage{"crates.io", "dirs"}, *v).empty());
  index.Put(r);  // a withdrawn record never enters
  EXPECT_EQ(index.size(), 0U);
}

TEST(SbomOsvIndex, MovedIndexKeepsItsRecords) {
  OsvIndex a;
  a.Put(NpmRecord("GHSA-1", "x", "0", "2.0.0"));
  OsvIndex b(std::move(a));
  EXPECT_EQ(b.size(), 1U);
  OsvIndex c;
  c = std::move(b);
  EXPECT_EQ(Ids(LookupNpm(c, "x", "1.0.0")), std::vector<std::string>{"GHSA-1"});
}

TEST(SbomOsvIndex, EcosystemWithoutComparatorMatchesVersionsByText) {
  OsvRecord r;
  r.id = "OSV-2024-1";
  r.modified = "m";
  OsvAffected a;
  a.ecosystem = "Linux";
  a.name = "Kernel";
  a.versions = {"6.1.2", "v6.1.3"};
  OsvRange range;
  range.type = "ECOSYSTEM";  // Linux has no ordering Proven knows: never evaluated
  range.events = {{OsvEvent::Kind::kIntroduced, "0"}};
  a.ranges.push_back(range);
  r.affected.push_back(a);
  OsvIndex index;
  index.Put(r);
  EXPECT_EQ(index.unevaluable_ranges(), 1U);
  auto m = index.LookupText(OsvPackage{"Linux", "Kernel"}, "v6.1.3");
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].range_type, "VERSIONS");
  EXPECT_EQ(m[0].range_index, 1U);
  EXPECT_EQ(m[0].vers, "vers:linux/v6.1.3");
  EXPECT_TRUE(index.LookupText(OsvPackage{"Linux", "Kernel"}, "6.1.02").empty());
  EXPECT_TRUE(index.LookupText(OsvPackage{"Linux", "Kernel"}, "6.1.4").empty());
  index.Remove("OSV-2024-1");
  EXPECT_EQ(index.unevaluable_ranges(), 0U);
}

// ---- MergeAliased and Check ---------------------------------------------------------------------

Match M(const std::string& id, std::vector<std::string> aliases) {
  Match m;
  m.id = id;
  m.aliases = std::move(aliases);
  return m;
}

TEST(SbomOsvCheck, MergeAliasedKeepsTheLowestIdAndTheUnionOfAliases) {
  std::vector<Match> ms = {M("PYSEC-2019-16", {"CVE-2019-19844", "GHSA-vfq6-hq5r-27r6"}),
                           M("GHSA-vfq6-hq5r-27r6", {"CVE-2019-19844"}), M("GHSA-zzzz", {"CVE-2020-1"}),
                           M("OSV-3", {"GHSA-zzzz"}), M("PYSEC-9", {})};
  MergeAliased(ms);
  ASSERT_EQ(ms.size(), 3U);
  EXPECT_EQ(ms[0].id, "GHSA-vfq6-hq5r-27r6");
  EXPECT_EQ(ms[0].aliases, (std::vector<std::string>{"CVE-2019-19844", "PYSEC-2019-16"}));
  EXPECT_EQ(ms[1].id, "GHSA-zzzz");
  EXPECT_EQ(ms[1].aliases, (std::vector<std::string>{"CVE-2020-1", "OSV-3"}));
  EXPECT_EQ(ms[2].id, "PYSEC-9");
  EXPECT_TRUE(ms[2].aliases.empty());
  // Transitive: A~B through a shared CVE, B~C through an id.
  ms = {M("C-1", {"B-1"}), M("A-1", {"CVE-1"}), M("B-1", {"CVE-1"})};
  MergeAliased(ms);
  ASSERT_EQ(ms.size(), 1U);
  EXPECT_EQ(ms[0].id, "A-1");
  EXPECT_EQ(ms[0].aliases, (std::vector<std::string>{"B-1", "C-1", "CVE-1"}));
}

TEST(SbomOsvCheck, AliasedRecordsAreOneFinding) {
  OsvIndex index;
  index.Put(Load("go/GO-2022-0344.json"));
  // GitHub's record of the same vulnerability, as osv.dev serves it beside the Go one.
  OsvRecord ghsa = Load("go/GO-2022-0344.json");
  ghsa.id = "GHSA-crp2-qrr5-8pq7";
  ghsa.aliases = {"CVE-2022-23648"};
  index.Put(ghsa);
  index.Put(Load("go/GO-2020-0001.json"));
  index.Put(Load("pypa/PYSEC-2019-16.json"));
  const std::vector<CheckInput> components = {
      {"pkg:golang/github.com/containerd/containerd@v1.5.2", ""},
      {"pkg:golang/github.com/gin-gonic/gin@v1.5.0", ""},
      {"pkg:pypi/Django", "2.2.8"},  // the version from the component when the purl has none
      {"pkg:golang/github.com/containerd/containerd@v1.5.10", ""},
  };
  const CheckResult r = Check(index, components);
  EXPECT_EQ(r.components_checked, 4U);
  EXPECT_TRUE(r.unmatched.empty());
  ASSERT_EQ(r.findings.size(), 3U);
  EXPECT_EQ(r.findings[0].component, 0U);
  EXPECT_EQ(r.findings[0].match.id, "GHSA-crp2-qrr5-8pq7");
  EXPECT_EQ(r.findings[0].match.aliases, (std::vector<std::string>{"CVE-2022-23648", "GO-2022-0344"}));
  EXPECT_EQ(r.findings[0].match.vers, "vers:golang/>=1.5.0|<1.5.10");
  EXPECT_EQ(r.findings[1].component, 1U);
  EXPECT_EQ(r.findings[1].match.id, "GO-2020-0001");
  EXPECT_EQ(r.findings[2].component, 2U);
  EXPECT_EQ(r.findings[2].match.id, "PYSEC-2019-16");
  EXPECT_EQ(r.findings[2].match.vers, "vers:pypi/>=2.2|<2.2.9");
}

// Distribution packages: the purl's distro qualifier names the release, as OSV's ecosystem does
// ("Debian:12", "Ubuntu:22.04:LTS"), and the upstream qualifier the source package.
TEST(SbomOsvCheck, DistributionPackagesMeetTheirRelease) {
  const auto record = [](const std::string& id, const std::string& ecosystem, const std::string& fixed) {
    OsvRecord r;
    r.id = id;
    r.modified = "m";
    OsvAffected a;
    a.ecosystem = ecosystem;
    a.name = "openssl";
    OsvRange range;
    range.type = "ECOSYSTEM";
    range.events = {{OsvEvent::Kind::kIntroduced, "0"}, {OsvEvent::Kind::kFixed, fixed}};
    a.ranges.push_back(range);
    r.affected.push_back(a);
    return r;
  };
  OsvIndex index;
  index.Put(record("DSA-1", "Debian:12", "3.0.11-1~deb12u1"));
  index.Put(record("UBUNTU-1", "Ubuntu:22.04:LTS", "3.0.2-0ubuntu1.10"));
  const CheckResult r = Check(index, {
                                         {"pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12&upstream=openssl", ""},
                                         {"pkg:deb/debian/openssl@3.0.11-1~deb12u1?distro=debian-12", ""},
                                         {"pkg:deb/debian/openssl@3.0.9-1?distro=debian-11", ""},
                                         {"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.9?distro=ubuntu-22.04", ""},
                                         {"pkg:deb/debian/openssl@3.0.9-1", ""},
                                     });
  ASSERT_EQ(r.findings.size(), 2U);
  EXPECT_EQ(r.findings[0].component, 0U);
  EXPECT_EQ(r.findings[0].match.vers, "vers:deb/<3.0.11-1~deb12u1");
  EXPECT_EQ(r.findings[0].match.comparator, Comparator::kDpkg);
  EXPECT_EQ(r.findings[1].component, 3U);
  EXPECT_EQ(r.findings[1].match.id, "UBUNTU-1");
  ASSERT_EQ(r.unmatched.size(), 1U);
  EXPECT_EQ(r.unmatched[0].component, 4U);
  EXPECT_EQ(r.unmatched[0].reason, Unmatched::kNoDistroRelease);
}

TEST(SbomOsvCheck, UnmatchedComponentsSayWhy) {
  OsvIndex index;
  index.Put(NpmRecord("GHSA-1", "x", "0", "2.0.0"));
  const std::vector<CheckInput> components = {
      {"", "1.0.0"},
      {"not a purl", ""},
      {"pkg:npm/x", ""},
      {"pkg:npm/x@not-a-version!", ""},
      {"pkg:npm/x@1.0.0", ""},
  };
  const CheckResult r = Check(index, components);
  EXPECT_EQ(r.components_checked, 1U);
  ASSERT_EQ(r.findings.size(), 1U);
  EXPECT_EQ(r.findings[0].component, 4U);
  ASSERT_EQ(r.unmatched.size(), 4U);
  EXPECT_EQ(r.unmatched[0].component, 0U);
  EXPECT_EQ(r.unmatched[0].reason, Unmatched::kNoPurl);
  EXPECT_EQ(r.unmatched[1].reason, Unmatched::kInvalidPurl);
  EXPECT_FALSE(r.unmatched[1].detail.empty());
  EXPECT_EQ(r.unmatched[2].reason, Unmatched::kNoVersion);
  EXPECT_EQ(r.unmatched[3].reason, Unmatched::kUnparsableVersion);
  EXPECT_FALSE(r.unmatched[3].detail.empty());
}

}  // namespace
}  // namespace proven::sbom
