// make sbom (tools/sbom/proven_sbom.py): Proven's own CycloneDX document, checked against the
// Makefile and package-lock.json it is made from.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "sbom_test_support.hpp"

namespace proven::sbom {
namespace {

using testing::ScratchDir;
using testing::Slurp;

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = PROVEN_SOURCE_DIR;

// Runs the script with SOURCE_DATE_EPOCH=epoch; the document's text ("" when it failed).
std::string RunScript(const ScratchDir& dir, const std::string& file, const std::string& epoch) {
  const auto out = dir.path() / file;
  const std::string command = "SOURCE_DATE_EPOCH=" + epoch + " python3 '" +
                              (kSource / "tools" / "sbom" / "proven_sbom.py").string() + "' --output '" +
                              out.string() + "' > '" + (dir.path() / (file + ".stdout")).string() + "'";
  if (std::system(command.c_str()) != 0) return {};
  EXPECT_EQ(Slurp(dir.path() / (file + ".stdout")), out.string() + "\n") << "it prints the file it wrote";
  return Slurp(out);
}

// The words of a Makefile variable (NAME := a b \ c).
std::vector<std::string> MakefileList(const std::string& name) {
  auto text = Slurp(kSource / "Makefile");
  for (std::size_t at; (at = text.find("\\\n")) != std::string::npos;) text.replace(at, 2, " ");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(name + " ")) continue;
    const auto eq = line.find(":=");
    if (eq == std::string::npos) continue;
    std::istringstream words(line.substr(eq + 2));
    std::vector<std::string> out;
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }
  return {};
}

// purl-spec's percent-encoding of a name or version: unreserved characters stay, and ':' (the
// canonical form keeps a Debian epoch as is).
std::string PurlEncode(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
      out += c;
    } else {
      constexpr std::string_view kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string Property(const json& component, const std::string& name) {
  for (const auto& p : component.value("properties", json::array())) {
    if (p.value("name", "") == name) return p.value("value", "");
  }
  return {};
}

// The script runs once for the suite (it asks dpkg and git); each test reads the document.
class SbomSelf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    text_ = new std::string(RunScript(*dir_, "proven.cdx.json", "1700000000"));
    doc_ = new json(json::parse(*text_, nullptr, false));
  }
  static void TearDownTestSuite() {
    delete doc_;
    delete text_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_FALSE(text_->empty()) << "python3 tools/sbom/proven_sbom.py failed";
    ASSERT_FALSE(doc_->is_discarded()) << "not JSON";
  }
  static ScratchDir* dir_;
  static std::string* text_;
  static json* doc_;
};
ScratchDir* SbomSelf::dir_ = nullptr;
std::string* SbomSelf::text_ = nullptr;
json* SbomSelf::doc_ = nullptr;

TEST_F(SbomSelf, IsACycloneDx16DocumentAboutProven) {
  EXPECT_EQ(doc_->value("bomFormat", ""), "CycloneDX");
  EXPECT_EQ(doc_->value("specVersion", ""), "1.6");
  EXPECT_EQ(doc_->value("version", 0), 1);
  const auto serial = doc_->value("serialNumber", "");
  ASSERT_EQ(serial.size(), 45U) << serial;
  EXPECT_TRUE(serial.starts_with("urn:uuid:")) << serial;
  for (const std::size_t dash : {17U, 22U, 27U, 32U}) EXPECT_EQ(serial[dash], '-') << serial;
  EXPECT_EQ((*doc_)["metadata"].value("timestamp", ""), "2023-11-14T22:13:20Z") << "SOURCE_DATE_EPOCH=1700000000";
  const auto& proven = (*doc_)["metadata"]["component"];
  EXPECT_EQ(proven.value("type", ""), "application");
  EXPECT_EQ(proven.value("name", ""), "proven");
  EXPECT_FALSE(proven.value("version", "").empty());
  EXPECT_FALSE(proven.value("bom-ref", "").empty());
}

TEST_F(SbomSelf, EveryComponentHasAPurlAndAUniqueBomRef) {
  ASSERT_TRUE((*doc_)["components"].is_array());
  ASSERT_FALSE((*doc_)["components"].empty());
  std::set<std::string> refs{(*doc_)["metadata"]["component"].value("bom-ref", "")};
  for (const auto& c : (*doc_)["components"]) {
    const auto purl = c.value("purl", "");
    EXPECT_TRUE(purl.starts_with("pkg:deb/") || purl.starts_with("pkg:npm/")) << c.dump();
    EXPECT_EQ(c.value("type", ""), "library") << purl;
    const auto scope = c.value("scope", "");
    EXPECT_TRUE(scope == "required" || scope == "optional") << purl;
    const auto ref = c.value("bom-ref", "");
    EXPECT_FALSE(ref.empty()) << purl;
    EXPECT_TRUE(refs.insert(ref).second) << "duplicate bom-ref " << ref;
  }
}

TEST_F(SbomSelf, ListsTheMakefilesDebianPackagesWithTheirScope) {
  std::map<std::string, json> debs;  // by name
  for (const auto& c : (*doc_)["components"]) {
    if (c.value("purl", "").starts_with("pkg:deb/")) debs.emplace(c.value("name", ""), c);
  }
  const auto build = MakefileList("BUILD_PKGS");
  const auto test = MakefileList("TEST_PKGS");
  ASSERT_FALSE(build.empty());
  ASSERT_FALSE(test.empty());
  std::set<std::string> expected(build.begin(), build.end());
  expected.insert(test.begin(), test.end());
  EXPECT_EQ(debs.size(), expected.size());
  for (const auto& name : expected) {
    ASSERT_TRUE(debs.contains(name)) << name;
    const auto& c = debs[name];
    const bool required = std::find(build.begin(), build.end(), name) != build.end();
    EXPECT_EQ(c.value("scope", ""), required ? "required" : "optional") << name;
    const auto purl = c.value("purl", "");
    const auto prefix = "pkg:deb/debian/" + PurlEncode(name);
    if (Property(c, "proven:installed") == "true") {
      const auto version = c.value("version", "");
      ASSERT_FALSE(version.empty()) << name;
      EXPECT_TRUE(purl.starts_with(prefix + "@" + PurlEncode(version) + "?arch=")) << purl;
      EXPECT_NE(purl.find("&distro=debian-"), std::string::npos) << purl;
    } else {
      EXPECT_EQ(Property(c, "proven:installed"), "false") << name;
      EXPECT_FALSE(c.contains("version")) << name << ": not installed, no version";
      EXPECT_FALSE(Property(c, "proven:note").empty()) << name;
      EXPECT_TRUE(purl.starts_with(prefix + "?distro=debian-")) << purl;
    }
  }
}

TEST_F(SbomSelf, ListsThePackageLockNpmPackages) {
  const auto lock = json::parse(Slurp(kSource / "package-lock.json"), nullptr, false);
  ASSERT_FALSE(lock.is_discarded());
  std::set<std::string> purls;
  for (const auto& c : (*doc_)["components"]) purls.insert(c.value("purl", ""));
  int seen = 0;
  for (const auto& [path, entry] : lock["packages"].items()) {
    const auto at = path.rfind("node_modules/");
    if (at == std::string::npos || entry.value("link", false)) continue;
    auto name = path.substr(at + 13);
    if (name.starts_with("@")) name = "%40" + name.substr(1);
    const auto purl = "pkg:npm/" + name + "@" + entry.value("version", "");
    EXPECT_TRUE(purls.contains(purl)) << purl;
    ++seen;
  }
  EXPECT_GT(seen, 0);
}

TEST_F(SbomSelf, DependenciesReferenceExistingBomRefs) {
  std::set<std::string> refs{(*doc_)["metadata"]["component"].value("bom-ref", "")};
  for (const auto& c : (*doc_)["components"]) refs.insert(c.value("bom-ref", ""));
  ASSERT_TRUE((*doc_)["dependencies"].is_array());
  bool proven_listed = false;
  for (const auto& d : (*doc_)["dependencies"]) {
    const auto ref = d.value("ref", "");
    EXPECT_TRUE(refs.contains(ref)) << ref;
    for (const auto& target : d.value("dependsOn", json::array())) {
      EXPECT_TRUE(refs.contains(target.get<std::string>())) << ref << " -> " << target;
    }
    if (ref == (*doc_)["metadata"]["component"].value("bom-ref", "")) {
      proven_listed = true;
      EXPECT_EQ(d["dependsOn"].size(), (*doc_)["components"].size()) << "Proven depends on every component";
    }
  }
  EXPECT_TRUE(proven_listed);
}

TEST_F(SbomSelf, IsDeterministic) {
  EXPECT_EQ(RunScript(*dir_, "again.cdx.json", "1700000000"), *text_) << "same input, same bytes";
  const auto later = json::parse(RunScript(*dir_, "later.cdx.json", "1800000000"), nullptr, false);
  ASSERT_FALSE(later.is_discarded());
  EXPECT_NE(later.value("serialNumber", ""), doc_->value("serialNumber", "")) << "the serial follows the content";
}

}  // namespace
}  // namespace proven::sbom
