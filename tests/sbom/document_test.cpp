#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/embedded.hpp"
#include "sbom/document.hpp"
#include "sbom/schema.hpp"
#include "sbom_test_support.hpp"

namespace proven::sbom {
namespace {

using testing::FileNames;
using testing::Fields;
using testing::ScratchDir;
using testing::Slurp;
using testing::kFixtures;

namespace fs = std::filesystem;


Result<Sbom> Read(const fs::path& relative) {
  return ReadSbom(Slurp(kFixtures / relative), relative.filename().string());
}

std::vector<std::string> Purls(const Sbom& sbom) {
  std::vector<std::string> purls;
  for (const auto& c : sbom.components) {
    if (!c.purl.empty()) purls.push_back(c.purl);
  }
  return purls;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// ---- CycloneDX specification test data ----------------------------------------------------------

// The components each valid file of CycloneDX/specification's tools/src/test/resources has.
const std::map<std::string, std::size_t> kValidComponents = {
    {"valid-bom-1.4.json", 2},
    {"valid-bom-1.5.json", 2},
    {"valid-bom-1.6.json", 3},
    {"valid-component-identifiers-1.6.json", 1},
    {"valid-component-ref-1.4.json", 2},
    {"valid-component-ref-1.5.json", 2},
    {"valid-component-ref-1.6.json", 3},
    {"valid-dependency-1.4.json", 3},
    {"valid-dependency-1.5.json", 3},
    {"valid-dependency-1.6.json", 3},
    {"valid-empty-components-1.4.json", 0},
    {"valid-empty-components-1.5.json", 0},
    {"valid-empty-components-1.6.json", 0},
    {"valid-metadata-tool-1.4.json", 0},
    {"valid-metadata-tool-1.5.json", 0},
    {"valid-metadata-tool-1.6.json", 0},
    {"valid-metadata-tool-deprecated-1.5.json", 0},
    {"valid-metadata-tool-deprecated-1.6.json", 0},
    {"valid-minimal-viable-1.4.json", 1},
    {"valid-minimal-viable-1.5.json", 1},
    {"valid-minimal-viable-1.6.json", 1},
    {"valid-vulnerability-1.4.json", 1},
    {"valid-vulnerability-1.5.json", 1},
    {"valid-vulnerability-1.6.json", 1},
};

// The elements each invalid file breaks, as JSON pointers.
const std::map<std::string, std::vector<std::string>> kInvalidPointers = {
    {"invalid-bomformat-1.4.json", {"/bomFormat"}},
    {"invalid-bomformat-1.5.json", {"/bomFormat"}},
    {"invalid-bomformat-1.6.json", {"/bomFormat"}},
    {"invalid-component-type-1.4.json", {"/components/0/type"}},
    {"invalid-component-type-1.5.json", {"/components/0/type"}},
    {"invalid-component-type-1.6.json", {"/components/0/type"}},
    // dependencies[0] has no ref; in 1.5 and 1.6 the ref of dependencies[1] is "" (refLinkType has
    // minLength 1; 1.4's refType has no minimum).
    {"invalid-dependency-1.4.json", {"/dependencies/0"}},
    {"invalid-dependency-1.5.json", {"/dependencies/0", "/dependencies/1/ref"}},
    {"invalid-dependency-1.6.json", {"/dependencies/0", "/dependencies/1/ref"}},
    {"invalid-empty-component-1.4.json", {"/components/0"}},
    {"invalid-empty-component-1.5.json", {"/components/0"}},
    {"invalid-empty-component-1.6.json", {"/components/0"}},
    {"invalid-serialnumber-1.4.json", {"/serialNumber"}},
    {"invalid-serialnumber-1.5.json", {"/serialNumber"}},
    {"invalid-serialnumber-1.6.json", {"/serialNumber"}},
};

TEST(SbomDocument, EverySpecificationTestFileReadsOrFailsWhereItShould) {
  std::size_t valid = 0, invalid = 0;
  for (const std::string version : {"1.4", "1.5", "1.6"}) {
    const fs::path dir = fs::path("cyclonedx/spec-testdata") / version;
    for (const auto& name : FileNames(kFixtures / dir)) {
      SCOPED_TRACE(name);
      const std::string suffix = "-" + version + ".json";
      ASSERT_TRUE(name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix);
      const auto result = Read(dir / name);
      if (StartsWith(name, "valid-")) {
        ++valid;
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->format, SbomFormat::kCycloneDx);
        EXPECT_EQ(result->spec_version, version);
        EXPECT_EQ(result->serial, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
        ASSERT_TRUE(kValidComponents.count(name)) << "no expectation for " << name;
        EXPECT_EQ(result->components.size(), kValidComponents.at(name));
      } else {
        ++invalid;
        ASSERT_TRUE(StartsWith(name, "invalid-"));
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
        EXPECT_TRUE(StartsWith(result.error().message, name + ": not a valid CycloneDX " + version + " document"))
            << result.error().message;
        ASSERT_TRUE(kInvalidPointers.count(name)) << "no expectation for " << name;
        EXPECT_EQ(Fields(result.error()), kInvalidPointers.at(name)) << result.error().message;
      }
    }
  }
  EXPECT_EQ(valid, kValidComponents.size());
  EXPECT_EQ(invalid, kInvalidPointers.size());
}

TEST(SbomDocument, SchemaProblemsSayWhatIsWrong) {
  auto type = Read("cyclonedx/spec-testdata/1.6/invalid-component-type-1.6.json");
  ASSERT_FALSE(type);
  ASSERT_EQ(type.error().problems.size(), 1u);
  EXPECT_EQ(type.error().problems[0].message, "'foo' is not one of the allowed values");
  EXPECT_EQ(type.error().field, "/components/0/type");
  EXPECT_EQ(type.error().message,
            "invalid-component-type-1.6.json: not a valid CycloneDX 1.6 document (1 problem): /components/0/type: "
            "'foo' is not one of the allowed values");

  auto empty = Read("cyclonedx/spec-testdata/1.5/invalid-empty-component-1.5.json");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().problems[0].message, "the required property 'name' is missing");

  auto serial = Read("cyclonedx/spec-testdata/1.4/invalid-serialnumber-1.4.json");
  ASSERT_FALSE(serial);
  EXPECT_EQ(serial.error().problems[0].message,
            "'urn:uuid:3e671687-395b-41f5-a30f' does not have the form the schema requires");
}

TEST(SbomDocument, ValidBomFilesGiveTheirComponents) {
  auto bom = Read("cyclonedx/spec-testdata/1.6/valid-bom-1.6.json");
  ASSERT_TRUE(bom) << bom.error().message;
  EXPECT_EQ(bom->name, "Acme Application");
  EXPECT_EQ(bom->version, "9.1.1");
  ASSERT_EQ(bom->components.size(), 3u);
  EXPECT_EQ(bom->components[0].ref, "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar");
  EXPECT_EQ(bom->components[0].name, "tomcat-catalina");
  EXPECT_EQ(bom->components[0].version, "9.0.14");
  EXPECT_EQ(bom->components[0].purl, "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar");
  EXPECT_EQ(bom->components[0].pointer, "/components/0");
  // No bom-ref: the pointer stands in.
  EXPECT_EQ(bom->components[2].ref, "/components/2");
  EXPECT_EQ(bom->components[2].purl, "pkg:maven/com.example/myframework@1.0.0?packaging=war");

  auto minimal = Read("cyclonedx/spec-testdata/1.4/valid-minimal-viable-1.4.json");
  ASSERT_TRUE(minimal) << minimal.error().message;
  ASSERT_EQ(minimal->components.size(), 1u);
  EXPECT_EQ(minimal->components[0].ref, "/components/0");
  EXPECT_EQ(minimal->components[0].version, "");
  EXPECT_EQ(minimal->components[0].purl, "");
  EXPECT_EQ(minimal->name, "");
}

// ---- CycloneDX bom-examples -------------------------------------------------------------------

TEST(SbomDocument, BomExamples) {
  const fs::path dir = "cyclonedx/bom-examples";
  std::size_t checked = 0;
  for (const auto& name : FileNames(kFixtures / dir)) {
    SCOPED_TRACE(name);
    if (name == "LICENSE.CC0") continue;
    ++checked;
    const auto result = Read(dir / name);
    if (name == "SBOM_laravel-7.12.0_bom.1.4.json") {
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_EQ(result->spec_version, "1.4");
      EXPECT_EQ(result->components.size(), 62u);
      const auto purls = Purls(*result);
      EXPECT_EQ(purls.size(), 62u);
      EXPECT_TRUE(
          std::all_of(purls.begin(), purls.end(), [](const auto& p) { return StartsWith(p, "pkg:composer/"); }));
      EXPECT_EQ(result->name, "cyclonedx-php-composer-demo");
    } else if (name == "SBOM_juice-shop_via_npm_flat_bom.1.4.json") {
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_EQ(result->components.size(), 1115u);
      const auto purls = Purls(*result);
      EXPECT_EQ(purls.size(), 1115u);
      EXPECT_TRUE(std::all_of(purls.begin(), purls.end(), [](const auto& p) { return StartsWith(p, "pkg:npm/"); }));
      EXPECT_EQ(result->name, "juice-shop");
    } else if (name == "SBOM_cern-lhc-vdm-editor-e564943_bom.json" || name == "SBOM_dropwizard-1.3.15_bom.json") {
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(result.error().message, name + ": CycloneDX 1.2 is not supported: Proven reads CycloneDX JSON 1.4, "
                                               "1.5 and 1.6 and SPDX 2.3 JSON");
      EXPECT_EQ(result.error().field, "/specVersion");
    } else if (name == "VEX_bom.json") {
      ASSERT_FALSE(result);
      EXPECT_TRUE(StartsWith(result.error().message, name + ": CycloneDX 1.3 is not supported"))
          << result.error().message;
    } else if (StartsWith(name, "VEX_")) {
      // CycloneDX 1.4 VEX documents are BOMs without components (vex_test.cpp reads their statements).
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_TRUE(result->components.empty());
    } else {
      ADD_FAILURE() << "no expectation for " << name;
    }
  }
  EXPECT_EQ(checked, 10u);
}

TEST(SbomDocument, NestedComponentsAreFlattenedParentFirst) {
  auto nested = Read("cyclonedx/osv-scalibr-testdata/sbom-with-nested-comps.cdx.json");
  ASSERT_TRUE(nested) << nested.error().message;
  ASSERT_EQ(nested->components.size(), 3u);
  EXPECT_EQ(nested->components[0].ref, "openssl-1.1.1");
  EXPECT_EQ(nested->components[0].purl, "pkg:generic/openssl@1.1.1");
  EXPECT_EQ(nested->components[1].ref, "nginx-1.21.1");
  EXPECT_EQ(nested->components[1].name, "Nginx");
  EXPECT_EQ(nested->components[1].purl, "") << "a CPE is not a purl";
  EXPECT_EQ(nested->components[2].ref, "rustls@0.23.13");
  EXPECT_EQ(nested->components[2].purl, "pkg:cargo/rustls@0.23.13");
  EXPECT_EQ(nested->components[2].pointer, "/components/1/components/0");

  auto minimal = Read("cyclonedx/osv-scalibr-testdata/minimal.cdx.json");
  ASSERT_TRUE(minimal) << minimal.error().message;
  EXPECT_EQ(minimal->spec_version, "1.6");
  EXPECT_EQ(minimal->name, "fooBar");
  EXPECT_TRUE(minimal->components.empty());
  EXPECT_EQ(FileNames(kFixtures / "cyclonedx/osv-scalibr-testdata").size(), 2u);
}

TEST(SbomDocument, DeepNestingWithinTheLimitReads) {
  // 50 levels of nested components: 101 levels of JSON.
  nlohmann::json component = {{"type", "library"}, {"name", "leaf"}};
  for (int i = 0; i < 49; ++i) {
    component = {{"type", "library"}, {"name", "level"}, {"components", nlohmann::json::array({component})}};
  }
  const nlohmann::json doc = {{"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"version", 1},
                              {"components", nlohmann::json::array({component})}};
  auto result = ReadSbom(doc.dump(), "deep.json");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->components.size(), 50u);
  EXPECT_EQ(result->components.back().name, "leaf");
}

// ---- SPDX -----------------------------------------------------------------------------------------

struct SpdxExpectation {
  std::size_t packages;
  std::vector<std::string> purls;  // in package order
};

const std::map<std::string, SpdxExpectation> kSpdx = {
    {"presentations_OSS-NA-2023_SPDXVersion2.3_01-MinimalSBOM.json",
     {1, {"pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc"}}},
    {"presentations_OSS-NA-2023_SPDXVersion2.3_03-SBOMwDependency.json",
     {2,
      {"pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc",
       "pkg:maven/org.webjars.npm/xlsx@0.16.6"}}},
    {"presentations_OSS-NA-2023_SPDXVersion2.3_04-SBOMwSecurity.json",
     {2,
      {"pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc",
       "pkg:maven/org.webjars.npm/xlsx@0.16.6"}}},
    {"presentations_SBOMS-SPDX-Now-and-Future_ACME-v2.3.spdx.json",
     {4, {"pkg:npm/elliptic@6.5.2", "pkg:alpine/openssl@3.0.4"}}},
    {"software_example10_spdx2.3_hello-source.spdx.json", {1, {}}},
    {"software_example11_spdx2.3_sbom.spdx.json",
     {4,
      {"pkg:deb/debian/libselinux1-dev@3.1-3?arch=s390x", "pkg:cargo/hyper@0.14", "pkg:cargo/tokio@1.19.2",
       "pkg:cargo/pretty_env_logger@0.4.0"}}},
    {"software_example14_spdx2.3_examplemaven-0.0.1-enriched.spdx.json", {6, {}}},
    {"software_example8_spdx2.3_examplemaven-0.0.1.spdx.json", {6, {}}},
};

TEST(SbomDocument, SpdxExamplesRead) {
  std::size_t checked = 0;
  for (const auto& name : FileNames(kFixtures / "spdx")) {
    if (name == "spdx-2.3-schema.json" || fs::path(name).extension() != ".json") continue;
    SCOPED_TRACE(name);
    ++checked;
    ASSERT_TRUE(kSpdx.count(name)) << "no expectation for " << name;
    const auto result = Read(fs::path("spdx") / name);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->format, SbomFormat::kSpdx);
    EXPECT_EQ(result->spec_version, "SPDX-2.3");
    EXPECT_FALSE(result->serial.empty());
    EXPECT_EQ(result->components.size(), kSpdx.at(name).packages);
    EXPECT_EQ(Purls(*result), kSpdx.at(name).purls);
  }
  EXPECT_EQ(checked, kSpdx.size());
}

TEST(SbomDocument, SpdxPackagesKeepTheirIdsAndTheDescribedPackage) {
  auto acme = Read("spdx/presentations_SBOMS-SPDX-Now-and-Future_ACME-v2.3.spdx.json");
  ASSERT_TRUE(acme) << acme.error().message;
  EXPECT_EQ(acme->name, "ACME SBOM");
  EXPECT_EQ(acme->version, "");
  ASSERT_EQ(acme->components.size(), 4u);
  // SPDXRef-Acme is what the document describes; SPDX has no separate metadata component.
  EXPECT_EQ(acme->components[0].ref, "SPDXRef-Acme");
  EXPECT_EQ(acme->components[0].purl, "");
  EXPECT_EQ(acme->components[1].ref, "SPDXRef-npm-elliptic");
  EXPECT_EQ(acme->components[1].pointer, "/packages/1");

  auto hello = Read("spdx/software_example10_spdx2.3_hello-source.spdx.json");
  ASSERT_TRUE(hello) << hello.error().message;
  ASSERT_EQ(hello->components.size(), 1u);
  EXPECT_EQ(hello->components[0].ref, "SPDXRef-hello-source");
  EXPECT_EQ(hello->components[0].purl, "");
}

TEST(SbomDocument, OsvScalibrSpdxFiles) {
  const fs::path dir = "spdx/osv-scalibr-testdata";
  std::size_t checked = 0;
  for (const auto& name : FileNames(kFixtures / dir)) {
    SCOPED_TRACE(name);
    ++checked;
    const auto result = Read(dir / name);
    if (name == "purl_and_cpe.spdx.json") {
      // Both purls are filed under SECURITY rather than PACKAGE-MANAGER; the reference type says
      // they are purls, so they count (there is no PACKAGE-MANAGER purl to prefer).
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_EQ(Purls(*result), (std::vector<std::string>{"pkg:generic/nginx@1.21.1", "pkg:generic/openssl@1.1.1l"}));
      EXPECT_EQ(result->components[0].name, "Nginx");
      EXPECT_EQ(result->components[0].version, "");
    } else if (name == "external_refs.spdx.json") {
      // SPDX 2.3 requires downloadLocation (7.7, cardinality 1..1); the second package has none.
      ASSERT_FALSE(result);
      EXPECT_EQ(Fields(result.error()), std::vector<std::string>{"/packages/1"});
      EXPECT_EQ(result.error().problems[0].message, "the required property 'downloadLocation' is missing");
      EXPECT_TRUE(StartsWith(result.error().message, name + ": not a valid SPDX 2.3 document"));
    } else if (name == "overlapping_refs.spdx.json") {
      ASSERT_TRUE(result) << result.error().message;
      ASSERT_EQ(result->components.size(), 2u);
      EXPECT_EQ(result->components[0].purl, "");
      EXPECT_EQ(result->components[1].ref, "SPDXRef-SourcePackage-log4j");
      EXPECT_EQ(result->components[1].purl, "pkg:maven/log4j/log4j@1.2.15");
      EXPECT_EQ(result->components[1].version, "1.2.15");
    } else if (name == "minimal.spdx.json") {
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_TRUE(result->components.empty());
      EXPECT_EQ(result->name, "examplesbom");
      EXPECT_EQ(result->serial, "http://example.org/documents/examplesbom-1.0.1");
    } else {
      ADD_FAILURE() << "no expectation for " << name;
    }
  }
  EXPECT_EQ(checked, 4u);
}

TEST(SbomDocument, PackageManagerPurlIsPreferred) {
  const std::string doc = R"({
    "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "prefer",
    "documentNamespace": "https://example.org/prefer",
    "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: test"]},
    "packages": [{
      "SPDXID": "SPDXRef-a", "name": "a", "downloadLocation": "NOASSERTION",
      "externalRefs": [
        {"referenceCategory": "SECURITY", "referenceType": "purl", "referenceLocator": "pkg:npm/security@1"},
        {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/pm@1"},
        {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/pm@2"}
      ]
    }]
  })";
  auto result = ReadSbom(doc, "prefer.json");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->components.at(0).purl, "pkg:npm/pm@1");

  // SPDX 2.2 documents from syft say PACKAGE_MANAGER; the SPDX 2.3 JSON schema allows only
  // PACKAGE-MANAGER.
  std::string underscore = doc;
  underscore.replace(underscore.find("PACKAGE-MANAGER"), 15, "PACKAGE_MANAGER");
  auto refused = ReadSbom(underscore, "underscore.json");
  ASSERT_FALSE(refused);
  EXPECT_EQ(Fields(refused.error()), std::vector<std::string>{"/packages/0/externalRefs/1/referenceCategory"});
}

TEST(SbomDocument, Spdx22IsRefusedWithTheVersionMessage) {
  for (const auto& name : FileNames(kFixtures / "spdx/guac-data")) {
    if (name == "LICENSE.md") continue;
    SCOPED_TRACE(name);
    const auto result = Read(fs::path("spdx/guac-data") / name);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().message,
              name + ": SPDX-2.2 is not supported: Proven reads CycloneDX JSON 1.4, 1.5 and 1.6 and SPDX 2.3 JSON");
    EXPECT_EQ(result.error().field, "/spdxVersion");
  }
}

// ---- Not JSON, other formats ------------------------------------------------------------------

TEST(SbomDocument, NotJsonSaysWhere) {
  auto broken = ReadSbom("{\n  \"bomFormat\": \"CycloneDX\",\n  oops\n}", "bom.json");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(broken.error().message,
            "bom.json: not JSON: line 3, column 3: syntax error while parsing object key - invalid literal; expected "
            "string literal");

  // Columns count characters, not bytes.
  auto wide = ReadSbom("{\"name\": \"日本\", x}", "wide.json");
  ASSERT_FALSE(wide);
  EXPECT_TRUE(StartsWith(wide.error().message, "wide.json: not JSON: line 1, column 16:")) << wide.error().message;

  auto empty = ReadSbom("", "empty.json");
  ASSERT_FALSE(empty);
  EXPECT_TRUE(StartsWith(empty.error().message, "empty.json: not JSON: line 1, column 1:")) << empty.error().message;

  auto xml = ReadSbom("<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>", "bom.xml");
  ASSERT_FALSE(xml);
  EXPECT_NE(xml.error().message.find("it looks like XML"), std::string::npos) << xml.error().message;

  auto tag = ReadSbom("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", "sbom.spdx");
  ASSERT_FALSE(tag);
  EXPECT_NE(tag.error().message.find("SPDX tag-value"), std::string::npos) << tag.error().message;

  // Invalid UTF-8 in the text: the message stays valid UTF-8 (nlohmann's "last read" is dropped).
  auto bytes = ReadSbom("{\"name\": \"\xff\"}", "bytes.json");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().message,
            "bytes.json: not JSON: line 1, column 11: syntax error while parsing value - invalid string: ill-formed "
            "UTF-8 byte");
}

TEST(SbomDocument, NestingBeyondTheLimitIsRefused) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto result = ReadSbom(deep, "deep.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "deep.json: nested more than 128 levels deep at line 1, column 129");
  // Brackets inside strings do not count.
  nlohmann::json doc = {{"bomFormat", "CycloneDX"}, {"specVersion", "1.4"}, {"version", 1},
                        {"components", {{{"type", "library"}, {"name", std::string(1000, '[')}}}}};
  auto strings = ReadSbom(doc.dump(), "strings.json");
  ASSERT_TRUE(strings) << strings.error().message;
}

TEST(SbomDocument, OtherDocumentsAreNamed) {
  auto array = ReadSbom("[]", "a.json");
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message,
            "a.json: the document is a JSON array, not an object: Proven reads CycloneDX JSON 1.4, 1.5 and 1.6 and "
            "SPDX 2.3 JSON");

  auto neither = ReadSbom("{\"name\": \"x\"}", "x.json");
  ASSERT_FALSE(neither);
  EXPECT_TRUE(
      StartsWith(neither.error().message, "x.json: neither CycloneDX (no bomFormat) nor SPDX (no spdxVersion)"));

  auto cdx17 = ReadSbom(R"({"bomFormat": "CycloneDX", "specVersion": "1.7", "version": 1})", "b.json");
  ASSERT_FALSE(cdx17);
  EXPECT_TRUE(StartsWith(cdx17.error().message, "b.json: CycloneDX 1.7 is not supported: Proven reads"));

  auto no_version = ReadSbom(R"({"bomFormat": "CycloneDX"})", "c.json");
  ASSERT_FALSE(no_version);
  EXPECT_EQ(no_version.error().field, "/specVersion");

  auto spdx3 = ReadSbom(R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})", "s.json");
  ASSERT_FALSE(spdx3);
  EXPECT_TRUE(StartsWith(spdx3.error().message, "s.json: SPDX 3 is not supported"));

  auto openvex = ReadSbom(Slurp(kFixtures / "openvex/spec-minimal.openvex.json"), "v.json");
  ASSERT_FALSE(openvex);
  EXPECT_TRUE(StartsWith(openvex.error().message, "v.json: an OpenVEX document, not an SBOM"));
}

// ---- Violations: order, limit, own keywords ---------------------------------------------------

nlohmann::json Bom(const nlohmann::json& components) {
  return {{"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"version", 1}, {"components", components}};
}

TEST(SbomDocument, ProblemsAreInDocumentOrderAndLimited) {
  nlohmann::json components = nlohmann::json::array();
  for (int i = 0; i < 30; ++i) components.push_back({{"type", "librar"}, {"name", "c" + std::to_string(i)}});
  auto result = ReadSbom(Bom(components).dump(), "many.json");
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().problems.size(), internal::kMaxProblems);
  for (std::size_t i = 0; i < internal::kMaxProblems; ++i) {
    EXPECT_EQ(result.error().problems[i].field, "/components/" + std::to_string(i) + "/type");
  }
  EXPECT_TRUE(StartsWith(result.error().message, "many.json: not a valid CycloneDX 1.6 document (30 problems): "
                                                 "/components/0/type: 'librar' is not one of the allowed values; "))
      << result.error().message;
  EXPECT_TRUE(result.error().message.ends_with("; and 10 more")) << result.error().message;
}

TEST(SbomDocument, WrongTypesUnknownPropertiesAndDuplicates) {
  auto wrong = ReadSbom(Bom({{{"type", "library"}, {"name", 5}}}).dump(), "t.json");
  ASSERT_FALSE(wrong);
  ASSERT_EQ(Fields(wrong.error()), std::vector<std::string>{"/components/0/name"});
  EXPECT_EQ(wrong.error().problems[0].message, "a number is not allowed here");

  // CycloneDX components allow no other properties: the problem points at the property itself.
  auto extra = ReadSbom(Bom({{{"type", "library"}, {"name", "x"}, {"colour/hue", "red"}}}).dump(), "e.json");
  ASSERT_FALSE(extra);
  ASSERT_EQ(Fields(extra.error()), std::vector<std::string>{"/components/0/colour~1hue"});
  EXPECT_EQ(extra.error().problems[0].message, "the property 'colour/hue' is not allowed here");

  // A licence id not on the SPDX list: of the two license choices (an id or name, or an
  // expression), the report of the one that got furthest stays.
  const nlohmann::json licences = {{{"license", {{"id", "Apache 2"}}}}};
  auto licence = ReadSbom(Bom({{{"type", "library"}, {"name", "x"}, {"licenses", licences}}}).dump(), "l.json");
  ASSERT_FALSE(licence);
  ASSERT_EQ(Fields(licence.error()), std::vector<std::string>{"/components/0/licenses/0/license/id"});
  EXPECT_EQ(licence.error().problems[0].message, "'Apache 2' is not one of the allowed values");
  auto objects = ReadSbom(Bom({{{"type", "library"}, {"name", {{"first", "x"}}}}}).dump(), "o.json");
  ASSERT_FALSE(objects);
  EXPECT_EQ(objects.error().problems.at(0).message, "an object is not allowed here");

  // components[] is uniqueItems: the second copy is the problem.
  const nlohmann::json c = {{"type", "library"}, {"name", "same"}, {"version", "1"}};
  auto dup = ReadSbom(Bom({c, {{"type", "library"}, {"name", "other"}}, c}).dump(), "d.json");
  ASSERT_FALSE(dup);
  ASSERT_EQ(Fields(dup.error()), std::vector<std::string>{"/components/2"});
  EXPECT_EQ(dup.error().problems[0].message, "the same as item 0 (the items must be unique)");
}

TEST(SbomDocument, DateTimesAreChecked) {
  auto with_time = [](const std::string& t) {
    return nlohmann::json{{"bomFormat", "CycloneDX"}, {"specVersion", "1.5"}, {"version", 1},
                          {"metadata", {{"timestamp", t}}}}
        .dump();
  };
  for (const std::string ok : {"2024-02-29T23:59:60Z", "2024-05-01t10:00:00.123456789z", "2024-05-01T10:00:00+09:00",
                               "1999-12-31T23:59:59.5-05:30"}) {
    EXPECT_TRUE(ReadSbom(with_time(ok), "t.json")) << ok;
  }
  for (const std::string& bad :
       std::vector<std::string>{"2023-02-29T00:00:00Z", "2024-05-01", "2024-05-01T10:00:00", "2024-05-01T24:00:00Z",
                                "2024-05-01 10:00:00Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00+0900",
                                std::string(1000000, '1')}) {
    auto result = ReadSbom(with_time(bad), "t.json");
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(Fields(result.error()), std::vector<std::string>{"/metadata/timestamp"}) << bad;
  }
}

TEST(SbomDocument, LongStringsUnderAPatternDoNotOverflowTheStack) {
  // std::regex would recurse once per character here.
  const std::string long_type = std::string(1000000, 'a');
  auto ok = ReadSbom(Bom({{{"type", "library"}, {"name", "x"}, {"mime-type", long_type + "/b"}}}).dump(), "m.json");
  EXPECT_TRUE(ok) << ok.error().message;
  auto bad = ReadSbom(Bom({{{"type", "library"}, {"name", "x"}, {"mime-type", long_type + "/B"}}}).dump(), "m.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(Fields(bad.error()), std::vector<std::string>{"/components/0/mime-type"});
}

// Every "pattern" in the embedded schemas has a hand-written matcher that agrees with std::regex
// (ECMAScript, as JSON Schema asks) on these probes and their variations.
TEST(SbomDocument, PatternMatchersAgreeWithStdRegex) {
  std::vector<std::string> patterns;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "pattern" && value.is_string()) patterns.push_back(value.get<std::string>());
        walk(value);
      }
    } else if (node.is_array()) {
      for (const auto& item : node) walk(item);
    }
  };
  for (const auto& file : sbom_schemas_files()) walk(nlohmann::json::parse(file.data));
  std::sort(patterns.begin(), patterns.end());
  patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
  EXPECT_EQ(patterns.size(), 7u);

  const std::vector<std::string> seeds = {
      "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1",
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/10#pkg:npm/a@1",
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/0#x",
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#",
      "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#a\nb",
      "urn:cdx:3E671687-395b-41f5-a30f-a58921a69b79/1",
      "text/plain",
      "application/vnd.cyclonedx+json",
      "text/Plain",
      "a/b/c",
      "/b",
      "d41d8cd98f00b204e9800998ecf8427e",
      "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
      "d41d8cd98f00b204e9800998ecf8427g",
      "en",
      "en-US",
      "en-us",
      "EN",
      "e",
      "CRE:123-456",
      "CRE:-456",
      "CRE:1-",
      "",
  };
  std::vector<std::string> probes;
  for (const auto& s : seeds) {
    probes.push_back(s);
    probes.push_back(s + "x");
    probes.push_back(s + "0");
    probes.push_back(s + "\n");
    probes.push_back("\n" + s);
    probes.push_back(" " + s);
    if (!s.empty()) {
      probes.push_back(s.substr(1));
      probes.push_back(s.substr(0, s.size() - 1));
    }
  }
  for (const auto& pattern : patterns) {
    const std::regex re(pattern, std::regex::ECMAScript);
    std::size_t matched = 0;
    for (const auto& probe : probes) {
      const auto mine = internal::MatchesSchemaPattern(pattern, probe);
      ASSERT_TRUE(mine.has_value()) << pattern;
      const bool expected = std::regex_search(probe, re);
      EXPECT_EQ(*mine, expected) << pattern << " on \"" << probe << "\"";
      matched += expected ? 1 : 0;
    }
    EXPECT_GT(matched, 0u) << pattern << ": no probe matches, the comparison proves little";
  }
  EXPECT_FALSE(internal::MatchesSchemaPattern("^a+$", "a").has_value());
}

// The schemas are shared, read only, by every thread (built once, on first use).
TEST(SbomDocument, ThreadsReadAtTheSameTime) {
  const std::string laravel = Slurp(kFixtures / "cyclonedx/bom-examples/SBOM_laravel-7.12.0_bom.1.4.json");
  const std::string spdx = Slurp(kFixtures / "spdx/software_example11_spdx2.3_sbom.spdx.json");
  const std::string invalid = Slurp(kFixtures / "cyclonedx/spec-testdata/1.6/invalid-component-type-1.6.json");
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (std::size_t t = 0; t < good.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto a = ReadSbom(laravel, "l.json");
        auto b = ReadSbom(spdx, "s.json");
        auto c = ReadSbom(invalid, "i.json");
        if (a && a->components.size() == 62 && b && b->components.size() == 4 && !c &&
            c.error().field == "/components/0/type") {
          ++good[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good, std::vector<int>(4, 5));
}

TEST(SbomDocument, FormatNames) {
  EXPECT_EQ(SbomFormatName(SbomFormat::kCycloneDx), "cyclonedx");
  EXPECT_EQ(SbomFormatName(SbomFormat::kSpdx), "spdx");
}

}  // namespace
}  // namespace proven::sbom
