// make sbom's document read back through ReadSbom (document.hpp): it passes the embedded
// CycloneDX 1.6 schema and reads as the components the script wrote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sbom/document.hpp"

namespace proven::sbom {
namespace {

namespace fs = std::filesystem;

TEST(SbomSelfSchema, ProvensOwnSbomPassesTheCycloneDx16Schema) {
  static std::atomic<int> counter{0};
  const auto dir = fs::path(::testing::TempDir()) /
                   ("proven-self-sbom-schema-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  const auto out = dir / "proven.cdx.json";
  const std::string command = "python3 '" + (fs::path(PROVEN_SOURCE_DIR) / "tools" / "sbom" / "proven_sbom.py").string() +
                              "' --output '" + out.string() + "' > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  fs::remove_all(dir);

  const auto sbom = ReadSbom(text.str(), "proven.cdx.json");
  ASSERT_TRUE(sbom) << [&] {
    std::string all = sbom.error().message;
    for (const auto& p : sbom.error().problems) all += "\n  " + p.field + ": " + p.message;
    return all;
  }();
  const auto json = nlohmann::json::parse(text.str());
  EXPECT_EQ(sbom->format, SbomFormat::kCycloneDx);
  EXPECT_EQ(sbom->spec_version, "1.6");
  EXPECT_EQ(sbom->name, "proven");
  EXPECT_EQ(sbom->serial, json.value("serialNumber", ""));
  ASSERT_EQ(sbom->components.size(), json["components"].size());
  for (const auto& c : sbom->components) {
    EXPECT_TRUE(c.purl.starts_with("pkg:deb/") || c.purl.starts_with("pkg:npm/")) << c.ref;
    EXPECT_EQ(c.ref, c.purl) << "bom-ref is the purl";
  }
}

}  // namespace
}  // namespace proven::sbom
