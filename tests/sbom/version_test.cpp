// The comparators against the conformance vectors (osv-scalibr's semantic fixtures, vers-spec's
// version comparison tests, osv.dev's Packagist cases). Every line of every file named here is run;
// the few that cannot pass are listed in kExclusions with the reason, and an exclusion that no
// longer matches a failing line fails the test too.
#include "sbom/version.hpp"
#include "sbom_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace proven::sbom {
namespace {

using testing::Slurp;

const std::string kConformance = std::string(PROVEN_SBOM_FIXTURES) + "/conformance/";

struct Exclusion {
  std::string file;
  std::string line;
  std::string reason;
};

// Lines whose expectation Proven deliberately does not meet, with why.
const std::vector<Exclusion> kExclusions = {
    // OSV's "0" is the beginning of time for every comparator (version.hpp), below versions that
    // Maven itself holds equal to 0.
    {"maven-versions.txt", "0.0.0 = 0", "OSV '0' is below every other version"},
    {"maven-versions.txt", "0.0 = 0", "OSV '0' is below every other version"},
    {"maven-versions.txt", "0.0.0-0.0.0 = 0", "OSV '0' is below every other version"},
    {"maven-versions.txt", "0-final-ga = 0", "OSV '0' is below every other version"},
    // osv-scalibr's semver parser takes everything after three components as build metadata;
    // SemVer, cargo's semver crate and Go's x/mod/semver all reject a fourth number.
    {"semver-versions.txt", "1.1.3.4.5 = 1.1.3.4.5", "not SemVer: a fourth numeric component"},
    // Gem::Version.new("1beta") raises "Malformed version number string" (a letter segment needs a
    // '.' or '-' before it); osv-scalibr's parser is looser than RubyGems here.
    {"rubygems-versions.txt", "1 > 1beta", "Gem::Version rejects '1beta'"},
    {"rubygems-versions.txt", "1 > 1gamma", "Gem::Version rejects '1gamma'"},
    // The file's own comments say these differ between apk-tools versions; Proven follows
    // apk-tools 2.x (the native tool of the 13,979 generated vectors, all of which pass).
    {"alpine-versions.txt", "1-r-0 < 1-r0", "apk-tools 2.x says '>' (the file notes 3.x differs)"},
    {"alpine-versions.txt", "1-r-1 < 1-r0", "apk-tools 2.x says '>' (the file notes 3.x differs)"},
    {"alpine-versions.txt", "1.2.0A < 1.2.0d", "apk-tools 2.x says '>' (the file notes 3.x differs)"},
    {"alpine-versions.txt", "1.2.0D < 1.2.0d", "apk-tools 2.x says '>' (the file notes 3.x differs)"},
    {"alpine-versions.txt", "1 > 1-ruff", "apk-tools 2.x says '<' (the file notes 3.x differs)"},
    {"alpine-versions.txt", "1-ruff2 = 1--ruff1", "apk-tools 2.x says '<' (the file notes 3.x differs)"},
    // apk-tools 2.x: after "0." a letter ends the digits with an empty digit token, which ranks
    // below the letter token of "0r2", so the native answer is '>'; the vector follows
    // osv-scalibr's own regex parser.
    {"alpine-versions.txt", "0.r1 < 0r2", "apk-tools 2.x says '>'"},
    {"alpine-versions.txt", "0.8.21.r2 < 0.8.21r2", "apk-tools 2.x says '>'"},
};

struct Tally {
  int lines = 0;
  int passed = 0;
  int excluded = 0;
  std::vector<std::string> failures;
};

int Expected(const std::string& op) { return op == "<" ? -1 : (op == ">" ? 1 : 0); }

const char* Word(int r) { return r < 0 ? "<" : (r > 0 ? ">" : "="); }

// Checks "A op B" both ways; returns "" or what went wrong.
std::string CheckPair(Comparator c, const std::string& a, const std::string& b, int expected) {
  auto va = ParseVersion(c, a);
  if (!va) return "parse failed: " + va.error().message;
  auto vb = ParseVersion(c, b);
  if (!vb) return "parse failed: " + vb.error().message;
  const int ab = Compare(*va, *vb);
  const int ba = Compare(*vb, *va);
  const int sab = (ab > 0) - (ab < 0);
  const int sba = (ba > 0) - (ba < 0);
  if (sab != expected) return std::string("got ") + a + " " + Word(sab) + " " + b;
  if (sba != -expected) return std::string("reversed: got ") + b + " " + Word(sba) + " " + a;
  return "";
}

bool IsExcluded(const std::string& file, const std::string& line, std::set<std::string>& used) {
  for (const auto& e : kExclusions) {
    if (e.file == file && e.line == line) {
      used.insert(file + "|" + line);
      return true;
    }
  }
  return false;
}

Tally RunLineFile(Comparator c, const std::string& dir, const std::string& file, std::set<std::string>& used) {
  Tally t;
  std::istringstream in(Slurp(kConformance + dir + file));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.rfind("# ", 0) == 0 || line.rfind("// ", 0) == 0) continue;
    ++t.lines;
    std::istringstream parts(line);
    std::string a;
    std::string op;
    std::string b;
    std::string extra;
    parts >> a >> op >> b;
    if (a.empty() || b.empty() || (op != "<" && op != ">" && op != "=") || (parts >> extra)) {
      t.failures.push_back("malformed line: " + line);
      continue;
    }
    const std::string err = CheckPair(c, a, b, Expected(op));
    if (err.empty()) {
      ++t.passed;
    } else if (IsExcluded(file, line, used)) {
      ++t.excluded;
    } else {
      t.failures.push_back(line + "  ->  " + err);
    }
  }
  return t;
}

void Report(const std::string& name, const Tally& t) {
  std::cout << "[conformance] " << name << ": " << t.lines << " lines, " << t.passed << " passed, " << t.excluded
            << " excluded, " << t.failures.size() << " failed\n";
  for (std::size_t i = 0; i < t.failures.size() && i < 60; ++i) ADD_FAILURE() << name << ": " << t.failures[i];
  if (t.failures.size() > 60) ADD_FAILURE() << name << ": " << (t.failures.size() - 60) << " more failures";
  EXPECT_GT(t.lines, 0) << name << " has no vectors (wrong path?)";
}

void CheckExclusionsUsed(const std::string& file, const std::set<std::string>& used) {
  for (const auto& e : kExclusions) {
    if (e.file == file) {
      EXPECT_TRUE(used.count(file + "|" + e.line)) << "stale exclusion: " << e.file << ": " << e.line;
    }
  }
}

void RunScalibr(Comparator c, const std::string& file) {
  std::set<std::string> used;
  Report(std::string(ComparatorName(c)) + " " + file, RunLineFile(c, "osv-scalibr-semantic/", file, used));
  CheckExclusionsUsed(file, used);
}

TEST(SbomVersionConformance, ScalibrSemverAsNpm) { RunScalibr(Comparator::kSemver, "semver-versions.txt"); }
TEST(SbomVersionConformance, ScalibrSemverAsCratesIo) { RunScalibr(Comparator::kCratesIo, "semver-versions.txt"); }
TEST(SbomVersionConformance, ScalibrSemverAsGo) { RunScalibr(Comparator::kGo, "semver-versions.txt"); }
TEST(SbomVersionConformance, ScalibrRubyGems) {
  RunScalibr(Comparator::kRubyGems, "rubygems-versions.txt");
  RunScalibr(Comparator::kRubyGems, "rubygems-versions-generated.txt");
}
TEST(SbomVersionConformance, ScalibrNuGet) { RunScalibr(Comparator::kNuGet, "nuget-versions.txt"); }
TEST(SbomVersionConformance, ScalibrPackagist) {
  RunScalibr(Comparator::kPackagist, "packagist-versions.txt");
  RunScalibr(Comparator::kPackagist, "packagist-versions-generated.txt");
}
TEST(SbomVersionConformance, ScalibrMaven) {
  RunScalibr(Comparator::kMaven, "maven-versions.txt");
  RunScalibr(Comparator::kMaven, "maven-versions-generated.txt");
}
TEST(SbomVersionConformance, ScalibrPyPI) {
  RunScalibr(Comparator::kPep440, "pypi-versions.txt");
  RunScalibr(Comparator::kPep440, "pypi-versions-generated.txt");
}
TEST(SbomVersionConformance, ScalibrDebian) {
  RunScalibr(Comparator::kDpkg, "debian-versions.txt");
  RunScalibr(Comparator::kDpkg, "debian-versions-generated.txt");
}
TEST(SbomVersionConformance, ScalibrAlpine) {
  RunScalibr(Comparator::kAlpine, "alpine-versions.txt");
  RunScalibr(Comparator::kAlpine, "alpine-versions-generated.txt");
}

TEST(SbomVersionConformance, OsvDevPackagist) {
  std::set<std::string> used;
  const std::string file = "osv.dev-packagist_test_cases.txt";
  Report("packagist " + file, RunLineFile(Comparator::kPackagist, "", file, used));
  CheckExclusionsUsed(file, used);
}

// vers-spec: "comparison" tests give versions and their expected ascending order; "equality"
// tests give two versions and whether they are equal.
void RunVersSpec(Comparator c, const std::string& file) {
  const auto doc = nlohmann::json::parse(Slurp(kConformance + "vers-spec/" + file), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << file;
  Tally t;
  std::set<std::string> used;
  for (const auto& test : doc.at("tests")) {
    ++t.lines;
    const std::string type = test.at("test_type").get<std::string>();
    const auto versions = test.at("input").at("versions").get<std::vector<std::string>>();
    std::string key;
    for (const auto& v : versions) key += (key.empty() ? "" : " ") + v;
    std::string err;
    if (type == "comparison") {
      const auto expected = test.at("expected_output").get<std::vector<std::string>>();
      for (std::size_t i = 0; i + 1 < expected.size() && err.empty(); ++i) {
        err = CheckPair(c, expected[i], expected[i + 1], -1);
      }
    } else if (type == "equality") {
      const bool equal = test.at("expected_output").get<bool>();
      if (versions.size() != 2) {
        err = "equality test without two versions";
      } else {
        auto va = ParseVersion(c, versions[0]);
        auto vb = ParseVersion(c, versions[1]);
        if (!va || !vb) {
          err = "parse failed: " + (va ? vb.error().message : va.error().message);
        } else if ((Compare(*va, *vb) == 0) != equal || (Compare(*vb, *va) == 0) != equal) {
          err = std::string("expected ") + (equal ? "equal" : "not equal");
        }
      }
    } else {
      err = "unknown test_type " + type;
    }
    if (err.empty()) {
      ++t.passed;
    } else if (IsExcluded(file, key, used)) {
      ++t.excluded;
    } else {
      t.failures.push_back(key + "  ->  " + err);
    }
  }
  Report(std::string(ComparatorName(c)) + " vers-spec " + file, t);
  CheckExclusionsUsed(file, used);
}

TEST(SbomVersionConformance, VersSpecMaven) { RunVersSpec(Comparator::kMaven, "maven_version_cmp_test.json"); }
TEST(SbomVersionConformance, VersSpecAlpine) { RunVersSpec(Comparator::kAlpine, "alpine_version_cmp_test.json"); }
TEST(SbomVersionConformance, VersSpecNuGet) { RunVersSpec(Comparator::kNuGet, "nuget_version_cmp_test.json"); }

}  // namespace
}  // namespace proven::sbom

namespace proven::sbom {
namespace {

constexpr Comparator kAll[] = {Comparator::kSemver, Comparator::kCratesIo, Comparator::kGo,     Comparator::kPep440,
                               Comparator::kMaven,  Comparator::kDpkg,     Comparator::kAlpine, Comparator::kRubyGems,
                               Comparator::kNuGet,  Comparator::kPackagist};

Version V(Comparator c, std::string_view text) {
  auto v = ParseVersion(c, text);
  EXPECT_TRUE(v.has_value()) << ComparatorName(c) << " '" << text << "': " << (v ? "" : v.error().message);
  return v ? *v : Version();
}

int Cmp(Comparator c, std::string_view a, std::string_view b) {
  const int r = Compare(V(c, a), V(c, b));
  return (r > 0) - (r < 0);
}

void ExpectInvalid(Comparator c, std::string_view text, std::string_view why_contains) {
  auto v = ParseVersion(c, text);
  ASSERT_FALSE(v.has_value()) << ComparatorName(c) << " accepted '" << text << "'";
  EXPECT_EQ(v.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(v.error().message.find(why_contains), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().message.find(std::string(text)), std::string::npos) << v.error().message;
}

TEST(SbomVersion, OsvZeroIsTheBeginningOfTimeForEveryComparator) {
  for (const Comparator c : kAll) {
    const std::string_view low = c == Comparator::kAlpine || c == Comparator::kDpkg ? "0~" : "0.0.0-alpha";
    const std::string_view lowest = c == Comparator::kPep440 ? "0.0.0a0.dev0" : low;
    EXPECT_EQ(Cmp(c, "0", "0"), 0) << ComparatorName(c);
    EXPECT_EQ(Cmp(c, "0", "1.0.0"), -1) << ComparatorName(c);
    EXPECT_EQ(Cmp(c, "1.0.0", "0"), 1) << ComparatorName(c);
    if (c != Comparator::kRubyGems && c != Comparator::kDpkg && c != Comparator::kAlpine) {
      EXPECT_EQ(Cmp(c, "0", lowest), -1) << ComparatorName(c) << " vs " << lowest;
    }
  }
  EXPECT_EQ(Cmp(Comparator::kMaven, "0", "0-alpha"), -1);
  EXPECT_EQ(Cmp(Comparator::kDpkg, "0", "0~"), -1);
  EXPECT_EQ(Cmp(Comparator::kRubyGems, "0", "0.a"), -1);
  EXPECT_EQ(V(Comparator::kSemver, "0").text(), "0");
}

TEST(SbomVersion, SemverRejectsWhatSemverRejects) {
  ExpectInvalid(Comparator::kSemver, "1.2.x", "unexpected 'x'");
  ExpectInvalid(Comparator::kSemver, "01.2.3", "leading zeros");
  ExpectInvalid(Comparator::kSemver, "1.2.3-", "prerelease");
  ExpectInvalid(Comparator::kSemver, "1.2.3-01", "leading zeros");
  ExpectInvalid(Comparator::kSemver, "1.2.3-a..b", "prerelease");
  ExpectInvalid(Comparator::kSemver, "1.2.3+", "build");
  ExpectInvalid(Comparator::kSemver, "1.2.3.4", "more than three");
  ExpectInvalid(Comparator::kSemver, "", "numeric");
  ExpectInvalid(Comparator::kCratesIo, "latest", "where a number is expected");
  ExpectInvalid(Comparator::kGo, "v1.2-pre", "shortened");
  ExpectInvalid(Comparator::kSemver, "1.2.3_4", "unexpected '_'");
}

TEST(SbomVersion, SemverPrecedence) {
  const Comparator c = Comparator::kSemver;
  EXPECT_EQ(Cmp(c, "1.0.0-alpha", "1.0.0-alpha.1"), -1);
  EXPECT_EQ(Cmp(c, "1.0.0-alpha.1", "1.0.0-alpha.beta"), -1);
  EXPECT_EQ(Cmp(c, "1.0.0-beta.2", "1.0.0-beta.11"), -1);
  EXPECT_EQ(Cmp(c, "1.0.0-rc.1", "1.0.0"), -1);
  EXPECT_EQ(Cmp(c, "1.0.0+build.1", "1.0.0+build.2"), 0);
  EXPECT_EQ(Cmp(c, "1.2", "1.2.0"), 0);
  EXPECT_EQ(Cmp(c, "18446744073709551616.0.0", "18446744073709551615.0.0"), 1);
  // Go: "v" optional, +incompatible is build metadata, pseudo-versions are prereleases
  const Comparator g = Comparator::kGo;
  EXPECT_EQ(Cmp(g, "v2.0.0+incompatible", "2.0.0"), 0);
  EXPECT_EQ(Cmp(g, "v0.0.0-20210101000000-abcdef123456", "v0.0.0-20220101000000-abcdef123456"), -1);
  EXPECT_EQ(Cmp(g, "v0.0.0-20210101000000-abcdef123456", "v0.0.1"), -1);
  EXPECT_EQ(Cmp(g, "v1.2.4-0.20210101000000-abcdef123456", "v1.2.3"), 1);
  EXPECT_EQ(Cmp(g, "v1", "v1.0.0"), 0);
  EXPECT_EQ(Cmp(Comparator::kCratesIo, "0.4.0-0", "0.4.0-alpha"), -1);
}

TEST(SbomVersion, Pep440NormalisationAndOrder) {
  const Comparator c = Comparator::kPep440;
  EXPECT_EQ(Cmp(c, "1.0", "1.0.0"), 0);
  EXPECT_EQ(Cmp(c, "1.0-alpha1", "1.0a1"), 0);
  EXPECT_EQ(Cmp(c, "1.0.ALPHA.1", "1.0a1"), 0);
  EXPECT_EQ(Cmp(c, "1.0RC1", "1.0c1"), 0);
  EXPECT_EQ(Cmp(c, "1.0-preview-2", "1.0rc2"), 0);
  EXPECT_EQ(Cmp(c, "1.0.post1", "1.0-1"), 0);
  EXPECT_EQ(Cmp(c, "1.0.rev1", "1.0.post1"), 0);
  EXPECT_EQ(Cmp(c, "1.0-dev", "1.0.dev0"), 0);
  EXPECT_EQ(Cmp(c, "v1.0", " 1.0 "), 0);
  EXPECT_EQ(Cmp(c, "1.0a", "1.0a0"), 0);
  EXPECT_EQ(Cmp(c, "1!1.0", "2.0"), 1);
  // dev < a < b < rc < final < post; a dev release of a final before its prereleases
  EXPECT_EQ(Cmp(c, "1.0.dev1", "1.0a1"), -1);
  EXPECT_EQ(Cmp(c, "1.0a1.dev1", "1.0a1"), -1);
  EXPECT_EQ(Cmp(c, "1.0a2", "1.0b1"), -1);
  EXPECT_EQ(Cmp(c, "1.0rc1", "1.0"), -1);
  EXPECT_EQ(Cmp(c, "1.0", "1.0.post0.dev1"), -1);
  EXPECT_EQ(Cmp(c, "1.0.post0.dev1", "1.0.post0"), -1);
  // local versions: above the public version; numeric segments above alphanumeric ones
  EXPECT_EQ(Cmp(c, "1.0+abc", "1.0"), 1);
  EXPECT_EQ(Cmp(c, "1.0+abc", "1.0+1"), -1);
  EXPECT_EQ(Cmp(c, "1.0+abc.1", "1.0+ABC-1"), 0);
  // not PEP 440: packaging's LegacyVersion order, below every PEP 440 version
  EXPECT_EQ(Cmp(c, "2013-01-21T20:33:09+0100", "0.0.1"), -1);
  EXPECT_EQ(Cmp(c, "0.9-doduo", "0.9-eevee"), -1);
  ExpectInvalid(c, "", "empty");
  ExpectInvalid(c, "1.0 beta", "spaces");
}

TEST(SbomVersion, MavenComparableVersion) {
  const Comparator c = Comparator::kMaven;
  EXPECT_EQ(Cmp(c, "1.0-alpha-1", "1.0-beta-1"), -1);
  EXPECT_EQ(Cmp(c, "1.0-SNAPSHOT", "1.0"), -1);
  EXPECT_EQ(Cmp(c, "1.0-RC1", "1.0-SNAPSHOT"), -1);
  EXPECT_EQ(Cmp(c, "1.0.Final", "1.0"), 0);
  EXPECT_EQ(Cmp(c, "1.0-sp1", "1.0"), 1);
  EXPECT_EQ(Cmp(c, "1.0-1", "1.0.1"), -1);
  EXPECT_EQ(Cmp(c, "1.0-xyz", "1.0-1"), -1);
  EXPECT_EQ(Cmp(c, "2.0.0.RELEASE", "2.0.0"), 0);
  EXPECT_EQ(Cmp(c, "1a1", "1-alpha-1"), 0);
  ExpectInvalid(c, "", "empty");
}

TEST(SbomVersion, DpkgAlpineRubyGemsNuGetPackagist) {
  const Comparator d = Comparator::kDpkg;
  EXPECT_EQ(Cmp(d, "1.0~rc1", "1.0"), -1);
  EXPECT_EQ(Cmp(d, "1.0~~", "1.0~"), -1);
  EXPECT_EQ(Cmp(d, "1:0.1", "2.0"), 1);
  EXPECT_EQ(Cmp(d, "1.0-1+deb12u1", "1.0-1"), 1);
  EXPECT_EQ(Cmp(d, "1.0a", "1.0+"), -1);
  ExpectInvalid(d, "", "empty");
  ExpectInvalid(d, "a:1.0", "epoch");
  ExpectInvalid(d, "1:", "nothing after the colon");
  ExpectInvalid(d, "1.0-", "revision");
  ExpectInvalid(d, "1.0 1", "spaces");

  const Comparator a = Comparator::kAlpine;
  EXPECT_EQ(Cmp(a, "1.2_rc1", "1.2"), -1);
  EXPECT_EQ(Cmp(a, "1.2", "1.2_p1"), -1);
  EXPECT_EQ(Cmp(a, "1.2_alpha1", "1.2_beta1"), -1);
  EXPECT_EQ(Cmp(a, "1.2-r1", "1.2-r0"), 1);
  EXPECT_EQ(Cmp(a, "1.2a", "1.2"), 1);
  EXPECT_EQ(Cmp(a, "1.2.10", "1.2.9"), 1);
  ExpectInvalid(a, "", "empty");

  const Comparator r = Comparator::kRubyGems;
  EXPECT_EQ(Cmp(r, "1.0.0.pre", "1.0.0"), -1);
  EXPECT_EQ(Cmp(r, "1.0.0-rc1", "1.0.0.pre.rc1"), 0);
  EXPECT_EQ(Cmp(r, "1.0.a", "1.0.B"), 1) << "letters compare case-sensitively, as Ruby strings do";
  EXPECT_EQ(Cmp(r, "1.0", "1"), 0);
  ExpectInvalid(r, "1beta", "Malformed");
  ExpectInvalid(r, "1..2", "Malformed");
  ExpectInvalid(r, "v1.0", "Malformed");

  const Comparator n = Comparator::kNuGet;
  EXPECT_EQ(Cmp(n, "1.0.0-BETA", "1.0.0-beta+build"), 0);
  EXPECT_EQ(Cmp(n, "1.0.0.1", "1.0.0"), 1);
  EXPECT_EQ(Cmp(n, "1.0.0-alpha.2", "1.0.0-alpha.10"), -1);
  ExpectInvalid(n, "1.2.3.4.5", "four");
  ExpectInvalid(n, "1.x", "numbers");
  ExpectInvalid(n, "1.0-", "label");

  const Comparator p = Comparator::kPackagist;
  EXPECT_EQ(Cmp(p, "dev-main", "1.0"), -1);
  EXPECT_EQ(Cmp(p, "1.0.0-beta2", "1.0.0-RC1"), -1);
  EXPECT_EQ(Cmp(p, "v2.1.0", "2.1.0"), 0);
  EXPECT_EQ(Cmp(p, "1.0-patch1", "1.0"), 1);
  ExpectInvalid(p, "", "empty");
}

TEST(SbomVersion, ParsedVersionsAreCheapCopiesAndKeepTheirText) {
  const Version v = V(Comparator::kPep440, "1.0.POST1");
  const Version copy = v;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&copy.parsed(), &v.parsed());
  EXPECT_EQ(copy.text(), "1.0.POST1");
  EXPECT_EQ(copy.comparator(), Comparator::kPep440);
  const Version empty;
  EXPECT_EQ(empty.text(), "");
}

// Sorting the versions of each generated vector file must give a total order consistent with
// every line (a cheap check of transitivity on real OSV data).
TEST(SbomVersion, GeneratedVectorsSortConsistently) {
  const std::vector<std::pair<Comparator, std::string>> files = {
      {Comparator::kDpkg, "debian-versions-generated.txt"},
      {Comparator::kPep440, "pypi-versions-generated.txt"},
      {Comparator::kMaven, "maven-versions-generated.txt"},
      {Comparator::kAlpine, "alpine-versions-generated.txt"},
      {Comparator::kRubyGems, "rubygems-versions-generated.txt"},
      {Comparator::kPackagist, "packagist-versions-generated.txt"}};
  for (const auto& [c, file] : files) {
    std::istringstream in(Slurp(kConformance + "osv-scalibr-semantic/" + file));
    std::set<std::string> texts;
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream parts(line);
      std::string a;
      std::string op;
      std::string b;
      if (parts >> a >> op >> b) {
        texts.insert(a);
        texts.insert(b);
      }
    }
    std::vector<Version> versions;
    for (const auto& t : texts) versions.push_back(V(c, t));
    std::sort(versions.begin(), versions.end(), [](const Version& x, const Version& y) { return Compare(x, y) < 0; });
    std::size_t bad = 0;
    for (std::size_t i = 0; i + 1 < versions.size(); ++i) {
      if (Compare(versions[i], versions[i + 1]) > 0) ++bad;
    }
    EXPECT_EQ(bad, 0U) << file;
    std::cout << "[conformance] sorted " << versions.size() << " distinct versions of " << file << "\n";
  }
}

}  // namespace
}  // namespace proven::sbom
