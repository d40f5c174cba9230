#include <gtest/gtest.h>

#include "sbom/version.hpp"

namespace proven::sbom {
namespace {

TEST(SbomComparator, OsvEcosystemsWithAndWithoutTheirReleaseSuffix) {
  EXPECT_EQ(ComparatorFor("Debian:12"), Comparator::kDpkg);
  EXPECT_EQ(ComparatorFor("Alpine:v3.18"), Comparator::kAlpine);
  EXPECT_EQ(ComparatorFor("PyPI"), Comparator::kPep440);
  EXPECT_EQ(ComparatorFor("Go"), Comparator::kGo);
  EXPECT_EQ(ComparatorFor("crates.io"), Comparator::kCratesIo);
  EXPECT_EQ(ComparatorFor("OSS-Fuzz"), std::nullopt);
  EXPECT_EQ(ComparatorFor("GIT"), std::nullopt);
  EXPECT_EQ(ComparatorFor("pypi"), std::nullopt) << "OSV ecosystem names are case-sensitive";
}

TEST(SbomComparator, NamesRoundTrip) {
  for (auto c : {Comparator::kSemver, Comparator::kCratesIo, Comparator::kGo, Comparator::kPep440, Comparator::kMaven,
                 Comparator::kDpkg, Comparator::kAlpine, Comparator::kRubyGems, Comparator::kNuGet,
                 Comparator::kPackagist}) {
    EXPECT_EQ(ComparatorFromName(ComparatorName(c)), c) << ComparatorName(c);
  }
  EXPECT_EQ(ComparatorFromName("SemVer"), std::nullopt);
}

}  // namespace
}  // namespace proven::sbom
