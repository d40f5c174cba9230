// The WAF suite's vocabulary: every placement, encoder, verdict and basis has one code, and each
// code reads back as its value (corpus files, reports and the command line use the codes).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "waf/model.hpp"

namespace proven::waf {
namespace {

TEST(WafModel, EveryPlacementAndEncoderHasOneCodeThatReadsBack) {
  std::set<std::string> seen;
  for (const auto p : AllPlacements()) {
    const std::string code(Code(p));
    ASSERT_FALSE(code.empty());
    EXPECT_TRUE(seen.insert(code).second) << code;
    EXPECT_EQ(PlacementFromCode(code), p);
  }
  EXPECT_EQ(AllPlacements().size(), 16u);
  seen.clear();
  for (const auto e : AllEncoders()) {
    const std::string code(Code(e));
    ASSERT_FALSE(code.empty());
    EXPECT_TRUE(seen.insert(code).second) << code;
    EXPECT_EQ(EncoderFromCode(code), e);
  }
  EXPECT_EQ(AllEncoders().size(), 11u);
  EXPECT_FALSE(PlacementFromCode("Query"));
  EXPECT_FALSE(EncoderFromCode(""));
  EXPECT_EQ(ExpectFromCode("block"), Expect::kBlock);
  EXPECT_EQ(Code(Expect::kAllow), "allow");
  EXPECT_EQ(Code(Verdict::kUnresolved), "unresolved");
  EXPECT_EQ(Code(Basis::kBlockPattern), "block_pattern");
  EXPECT_EQ(Code(Basis::kTainted), "tainted");
}

}  // namespace
}  // namespace proven::waf
