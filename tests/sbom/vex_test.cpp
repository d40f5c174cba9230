#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sbom/document.hpp"
#include "sbom_test_support.hpp"

namespace proven::sbom {
namespace {

using testing::FileNames;
using testing::Fields;
using testing::ScratchDir;
using testing::Slurp;
using testing::kFixtures;

namespace fs = std::filesystem;


Result<VexDocument> Read(const fs::path& relative) {
  return ReadVex(Slurp(kFixtures / relative), relative.filename().string());
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

using Strings = std::vector<std::string>;

TEST(SbomVex, StatusNamesRoundTrip) {
  for (auto s : {VexStatus::kNotAffected, VexStatus::kAffected, VexStatus::kFixed, VexStatus::kUnderInvestigation}) {
    EXPECT_EQ(VexStatusFromName(VexStatusName(s)), s) << VexStatusName(s);
  }
  EXPECT_EQ(VexStatusName(VexStatus::kUnderInvestigation), "under_investigation");
  EXPECT_EQ(VexStatusFromName("exploitable"), std::nullopt) << "CycloneDX states are not VEX statuses";
  EXPECT_EQ(VexStatusFromName("Fixed"), std::nullopt);
  EXPECT_EQ(VexStatusFromName(""), std::nullopt);
}

// ---- CycloneDX ----------------------------------------------------------------------------------

struct CisaCase {
  VexStatus status;
  std::string product;
  std::string justification;
};

// CISA's VEX use cases (Case 1) in CycloneDX: one file per status.
const std::map<std::string, CisaCase> kCisa = {
    {"VEX_CISA-Use-Cases_Case-1_vex-affected.json", {VexStatus::kAffected, "product-DEF", ""}},
    {"VEX_CISA-Use-Cases_Case-1_vex-fixed.json", {VexStatus::kFixed, "product-DEF", ""}},
    {"VEX_CISA-Use-Cases_Case-1_vex-not_affected.json", {VexStatus::kNotAffected, "product-ABC", "code_not_present"}},
    {"VEX_CISA-Use-Cases_Case-1_vex-under_investigation.json",
     {VexStatus::kUnderInvestigation, "product-GHI", ""}},
};

TEST(SbomVex, CycloneDxBomExamples) {
  const fs::path dir = "cyclonedx/bom-examples";
  std::size_t checked = 0;
  for (const auto& name : FileNames(kFixtures / dir)) {
    if (!StartsWith(name, "VEX_")) continue;
    SCOPED_TRACE(name);
    ++checked;
    const auto result = Read(dir / name);
    if (kCisa.count(name)) {
      ASSERT_TRUE(result) << result.error().message;
      const CisaCase& want = kCisa.at(name);
      EXPECT_EQ(result->format, "cyclonedx");
      EXPECT_EQ(result->id, "");
      ASSERT_EQ(result->statements.size(), 1u);
      const VexStatement& s = result->statements[0];
      EXPECT_EQ(s.vulnerability, "CVE-2021-44228");
      EXPECT_TRUE(s.aliases.empty());
      EXPECT_EQ(s.status, want.status);
      EXPECT_EQ(s.products, Strings{want.product});
      EXPECT_EQ(s.justification, want.justification);
      EXPECT_FALSE(s.detail.empty());
      EXPECT_EQ(s.timestamp, "2022-03-03T00:00:00Z") << "the document's metadata.timestamp";
    } else if (name == "VEX_vex.json") {
      ASSERT_TRUE(result) << result.error().message;
      ASSERT_EQ(result->statements.size(), 1u);
      const VexStatement& s = result->statements[0];
      EXPECT_EQ(s.vulnerability, "CVE-2020-25649");
      EXPECT_EQ(s.aliases, Strings{"SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"});
      EXPECT_EQ(s.status, VexStatus::kNotAffected);
      EXPECT_EQ(s.justification, "code_not_reachable");
      // A BOM-Link to the component in another BOM, kept as given.
      EXPECT_EQ(s.products, Strings{"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#"
                                    "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"});
      EXPECT_EQ(s.timestamp, "2021-10-26T00:00:00.000Z") << "analysis has none; the vulnerability's updated";
    } else if (name == "VEX_bom.json") {
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error().message,
                "VEX_bom.json: CycloneDX 1.3 is not supported: Proven reads CycloneDX JSON 1.4, 1.5 and 1.6 and SPDX "
                "2.3 JSON");
    } else {
      ADD_FAILURE() << "no expectation for " << name;
    }
  }
  EXPECT_EQ(checked, 6u);
}

TEST(SbomVex, CycloneDxSpecificationVulnerabilityFiles) {
  for (const std::string version : {"1.4", "1.5", "1.6"}) {
    SCOPED_TRACE(version);
    const auto result =
        Read(fs::path("cyclonedx/spec-testdata") / version / ("valid-vulnerability-" + version + ".json"));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->id, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
    ASSERT_EQ(result->statements.size(), 1u);
    const VexStatement& s = result->statements[0];
    EXPECT_EQ(s.vulnerability, "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111");
    EXPECT_EQ(s.aliases, Strings{"CVE-2018-7489"});
    EXPECT_EQ(s.products, Strings{"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"});
    EXPECT_EQ(s.status, VexStatus::kNotAffected);
    EXPECT_EQ(s.justification, "code_not_reachable");
  }
  // A BOM that is not VEX.
  auto bom = Read("cyclonedx/spec-testdata/1.6/valid-bom-1.6.json");
  ASSERT_FALSE(bom);
  EXPECT_EQ(bom.error().field, "/vulnerabilities");
  EXPECT_TRUE(
      StartsWith(bom.error().message, "valid-bom-1.6.json: a CycloneDX document without vulnerabilities is not VEX"));
  // Schema violations are reported as for SBOMs.
  auto invalid = Read("cyclonedx/spec-testdata/1.5/invalid-component-type-1.5.json");
  ASSERT_FALSE(invalid);
  EXPECT_EQ(Fields(invalid.error()), Strings{"/components/0/type"});
}

nlohmann::json CdxVex(const nlohmann::json& vulnerabilities) {
  return {{"bomFormat", "CycloneDX"},
          {"specVersion", "1.5"},
          {"version", 1},
          {"metadata", {{"timestamp", "2024-01-01T00:00:00Z"}}},
          {"vulnerabilities", vulnerabilities}};
}

TEST(SbomVex, CycloneDxStatesMapToStatuses) {
  const std::vector<std::pair<std::string, VexStatus>> states = {
      {"resolved", VexStatus::kFixed},
      {"resolved_with_pedigree", VexStatus::kFixed},
      {"exploitable", VexStatus::kAffected},
      {"in_triage", VexStatus::kUnderInvestigation},
      {"false_positive", VexStatus::kNotAffected},
      {"not_affected", VexStatus::kNotAffected},
  };
  nlohmann::json vulnerabilities = nlohmann::json::array();
  for (const auto& [state, status] : states) {
    nlohmann::json analysis = {{"state", state}};
    if (state == "not_affected") analysis["justification"] = "requires_environment";
    vulnerabilities.push_back({{"id", "CVE-2024-0001"},
                               {"analysis", analysis},
                               {"affects",
                                {{{"ref", "pkg:npm/a@1"}},
                                 {{"ref", "pkg:npm/a@1"}, {"versions", {{{"version", "1"}}}}},
                                 {{"ref", "b"}}}}});
  }
  vulnerabilities[0]["analysis"]["lastUpdated"] = "2024-03-01T00:00:00Z";
  vulnerabilities[1]["published"] = "2024-02-01T00:00:00Z";
  auto result = ReadVex(CdxVex(vulnerabilities).dump(), "states.json");
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->statements.size(), states.size());
  for (std::size_t i = 0; i < states.size(); ++i) {
    EXPECT_EQ(result->statements[i].status, states[i].second) << states[i].first;
    EXPECT_EQ(result->statements[i].products, (Strings{"pkg:npm/a@1", "b"})) << "duplicates dropped";
  }
  EXPECT_EQ(result->statements[0].timestamp, "2024-03-01T00:00:00Z");
  EXPECT_EQ(result->statements[1].timestamp, "2024-02-01T00:00:00Z");
  EXPECT_EQ(result->statements[2].timestamp, "2024-01-01T00:00:00Z");
  EXPECT_EQ(result->statements[5].justification, "requires_environment");
}

TEST(SbomVex, CycloneDxStatementsMustBeComplete) {
  const nlohmann::json affects = {{{"ref", "pkg:npm/a@1"}}};
  auto result = ReadVex(CdxVex({
                                   // not_affected without justification or detail
                                   {{"id", "CVE-1"}, {"analysis", {{"state", "not_affected"}}}, {"affects", affects}},
                                   // no analysis
                                   {{"id", "CVE-2"}, {"affects", affects}},
                                   // analysis without state
                                   {{"id", "CVE-3"}, {"analysis", {{"detail", "looked"}}}, {"affects", affects}},
                                   // no products
                                   {{"id", "CVE-4"}, {"analysis", {{"state", "in_triage"}}}},
                                   // no id
                                   {{"analysis", {{"state", "in_triage"}}}, {"affects", affects}},
                                   // fine: the detail says why
                                   {{"id", "CVE-6"},
                                    {"analysis", {{"state", "not_affected"}, {"detail", "never loaded"}}},
                                    {"affects", affects}},
                               })
                            .dump(),
                        "incomplete.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(result.error()), (Strings{"/vulnerabilities/0/analysis", "/vulnerabilities/1",
                                             "/vulnerabilities/2/analysis", "/vulnerabilities/3",
                                             "/vulnerabilities/4"}));
  EXPECT_EQ(result.error().problems[0].message, "a not_affected state needs a justification or a detail");
  EXPECT_TRUE(StartsWith(result.error().message, "incomplete.json: not a usable VEX document (5 problems): "))
      << result.error().message;

  auto bad_state = ReadVex(
      CdxVex({{{"id", "CVE-1"}, {"analysis", {{"state", "fine"}}}, {"affects", affects}}}).dump(), "state.json");
  ASSERT_FALSE(bad_state);
  EXPECT_EQ(Fields(bad_state.error()), Strings{"/vulnerabilities/0/analysis/state"});
  EXPECT_EQ(bad_state.error().problems[0].message, "'fine' is not one of the allowed values");
}

// ---- OpenVEX ------------------------------------------------------------------------------------

TEST(SbomVex, OpenVexFixtures) {
  std::size_t checked = 0;
  for (const auto& name : FileNames(kFixtures / "openvex")) {
    if (name == "README.md") continue;
    SCOPED_TRACE(name);
    ++checked;
    const auto result = Read(fs::path("openvex") / name);
    if (name == "spec-minimal.openvex.json") {
      ASSERT_TRUE(result) << result.error().message;
      EXPECT_EQ(result->format, "openvex");
      EXPECT_EQ(result->id, "https://openvex.dev/docs/example/vex-9fb3463de1b57");
      ASSERT_EQ(result->statements.size(), 1u);
      const VexStatement& s = result->statements[0];
      EXPECT_EQ(s.vulnerability, "CVE-2023-12345");
      EXPECT_EQ(s.products,
                (Strings{"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}));
      EXPECT_EQ(s.status, VexStatus::kFixed);
      EXPECT_EQ(s.timestamp, "2023-01-08T18:02:03.647787998-06:00") << "inherited from the document";
    } else if (name == "spec-inheritance.openvex.json") {
      ASSERT_TRUE(result) << result.error().message;
      ASSERT_EQ(result->statements.size(), 2u);
      EXPECT_EQ(result->statements[0].status, VexStatus::kUnderInvestigation);
      EXPECT_EQ(result->statements[0].timestamp, "2023-01-08T18:02:03-06:00");
      EXPECT_EQ(result->statements[1].status, VexStatus::kFixed);
      EXPECT_EQ(result->statements[1].timestamp, "2023-01-09T09:08:42-06:00");
    } else if (name == "spec-spring-log4shell.openvex.json") {
      ASSERT_TRUE(result) << result.error().message;
      ASSERT_EQ(result->statements.size(), 1u);
      const VexStatement& s = result->statements[0];
      EXPECT_EQ(s.vulnerability, "CVE-2021-44228");
      EXPECT_EQ(s.aliases, Strings{"GHSA-jfh8-c2jp-5v3q"});
      EXPECT_EQ(s.products, Strings{"pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3"}) << "@id = purl, once";
      EXPECT_EQ(s.status, VexStatus::kNotAffected);
      EXPECT_EQ(s.justification, "vulnerable_code_not_in_execute_path");
      EXPECT_TRUE(StartsWith(s.detail, "Spring Boot users are only affected"));
    } else if (name == "v0.2.0-statuses.openvex.json") {
      ASSERT_TRUE(result) << result.error().message;
      ASSERT_EQ(result->statements.size(), 4u);
      const auto& st = result->statements;
      EXPECT_EQ(st[0].status, VexStatus::kFixed);
      EXPECT_EQ(st[0].aliases, Strings{"GHSA-xxxx-yyyy-zzzz"}) << "the name itself is not an alias";
      EXPECT_EQ(st[1].status, VexStatus::kAffected);
      EXPECT_EQ(st[1].products, (Strings{"pkg:oci/git-image@sha256%3Aabc", "pkg:apk/wolfi/git@2.39.0-r1"}));
      EXPECT_EQ(st[1].detail, "Update git to 2.39.1-r0.");
      EXPECT_EQ(st[1].timestamp, "2023-01-10T00:00:00Z");
      EXPECT_EQ(st[2].status, VexStatus::kUnderInvestigation);
      EXPECT_EQ(st[2].products, Strings{"pkg:apk/wolfi/git@2.39.0-r1"});
      EXPECT_EQ(st[3].status, VexStatus::kNotAffected);
      EXPECT_EQ(st[3].vulnerability, "CVE-2023-44444");
      EXPECT_EQ(st[3].justification, "");
      EXPECT_EQ(st[3].detail, "The vulnerable function is never called.");
      EXPECT_EQ(st[3].products, Strings{"pkg:apk/wolfi/git@2.39.0-r1"});
    } else if (name == "invalid-not-affected-without-justification.openvex.json") {
      ASSERT_FALSE(result);
      EXPECT_EQ(Fields(result.error()), Strings{"/statements/0"});
      EXPECT_EQ(result.error().problems[0].message,
                "a not_affected statement needs a justification or an impact_statement");
      EXPECT_TRUE(StartsWith(result.error().message, name + ": not a valid OpenVEX document (1 problem)"));
    } else if (name == "invalid-fields.openvex.json") {
      ASSERT_FALSE(result);
      EXPECT_EQ(Fields(result.error()), (Strings{
                                            "/timestamp",
                                            "/version",
                                            "/statements/0/vulnerability",
                                            "/statements/0/products/0",
                                            "/statements/0/status",
                                            "/statements/1",
                                            "/statements/2/justification",
                                            "/statements/2/timestamp",
                                            "/statements/3",
                                        }))
          << result.error().message;
    } else {
      ADD_FAILURE() << "no expectation for " << name;
    }
  }
  EXPECT_EQ(checked, 6u);
}

nlohmann::json OpenVex(const nlohmann::json& statements) {
  return {{"@context", "https://openvex.dev/ns/v0.2.0"},
          {"@id", "https://example.org/vex/1"},
          {"author", "Test"},
          {"timestamp", "2024-01-01T00:00:00Z"},
          {"version", 1},
          {"statements", statements}};
}

TEST(SbomVex, OpenVexFieldTypes) {
  auto result = ReadVex(OpenVex({{{"vulnerability", 7},
                                  {"products", "pkg:npm/a@1"},
                                  {"status", "fixed"}},
                                 {{"vulnerability", {{"name", "CVE-1"}, {"aliases", "CVE-2"}}},
                                  {"products", {5, ""}},
                                  {"status", 3}},
                                 "statement"})
                            .dump(),
                        "types.json");
  ASSERT_FALSE(result);
  EXPECT_EQ(Fields(result.error()), (Strings{
                                        "/statements/0/vulnerability",
                                        "/statements/0/products",
                                        "/statements/1/vulnerability/aliases",
                                        "/statements/1/products/0",
                                        "/statements/1/products/1",
                                        "/statements/1/status",
                                        "/statements/2",
                                    }))
      << result.error().message;

  auto missing = ReadVex(R"({"@context": "https://openvex.dev/ns/v0.2.0"})", "missing.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().problems.size(), 5u) << missing.error().message;
  EXPECT_EQ(missing.error().problems[0].field, "");
  EXPECT_EQ(missing.error().problems[0].message, "the required property '@id' is missing");
  EXPECT_TRUE(
      StartsWith(missing.error().message, "missing.json: not a valid OpenVEX document (5 problems): document: "))
      << missing.error().message;

  auto empty = ReadVex(OpenVex(nlohmann::json::array()).dump(), "empty.json");
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->statements.empty());
}

TEST(SbomVex, OtherDocumentsAreRefused) {
  auto spdx = ReadVex(Slurp(kFixtures / "spdx/software_example11_spdx2.3_sbom.spdx.json"), "s.json");
  ASSERT_FALSE(spdx);
  EXPECT_TRUE(StartsWith(spdx.error().message, "s.json: an SPDX document, not VEX: Proven reads VEX as CycloneDX"));

  auto other = ReadVex(R"({"@context": "https://example.org/ns"})", "o.json");
  ASSERT_FALSE(other);
  EXPECT_TRUE(StartsWith(other.error().message, "o.json: neither CycloneDX (no bomFormat) nor OpenVEX"));

  auto broken = ReadVex("{\"statements\": [}", "b.json");
  ASSERT_FALSE(broken);
  EXPECT_TRUE(StartsWith(broken.error().message, "b.json: not JSON: line 1, column 17:")) << broken.error().message;

  auto array = ReadVex("[1]", "a.json");
  ASSERT_FALSE(array);
  EXPECT_TRUE(StartsWith(array.error().message, "a.json: the document is a JSON array"));
}

}  // namespace
}  // namespace proven::sbom
