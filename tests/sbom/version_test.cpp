// The comparators against the conformance vectors (osv-scalibr's semantic fixtures, vers-spec's
// version comparison tests, osv.dev's Packagist cases). Every line of every file named here is run;
// the few that cannot pass are listed in kExclusions with the reason, and an exclusion that no
// longer matches a failing line fails the test too.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sbom/version.hpp"

namespace proven::sbom {
namespace {

const std::string kConformance = std::string(PROVEN_SBOM_FIXTURES) + "/conformance/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
  std::istringstream in(ReadFile(kConformance + dir + file));
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
  const auto doc = nlohmann::json::parse(ReadFile(kConformance + "vers-spec/" + file), nullptr, false);
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
