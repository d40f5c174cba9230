// The verification workflow's pure rules (issue 10): the transition table written out, metrics
// kept as the decimal text given, what a report needs before it is submitted.
#include <gtest/gtest.h>

#include <map>

#include "domain/programme/verification.hpp"

namespace proven::domain {
namespace {

using S = VerificationState;
using A = VerificationAction;

// The whole table: the state each action leads to from each state, or nothing (refused).
TEST(VerificationTransitions, Matrix) {
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::kPlanning, A::kEditPlan}, S::kPlanning},
      {{S::kPlanning, A::kAgreePlan}, S::kInProgress},
      {{S::kInProgress, A::kRecordResults}, S::kInProgress},
      {{S::kInProgress, A::kSubmit}, S::kSubmitted},
      {{S::kSubmitted, A::kApprove}, S::kApproved},
      {{S::kSubmitted, A::kRequestChanges}, S::kChangesRequested},
      {{S::kChangesRequested, A::kRecordResults}, S::kChangesRequested},
      {{S::kChangesRequested, A::kSubmit}, S::kSubmitted},
      {{S::kApproved, A::kPublish}, S::kPublished},
      {{S::kPublished, A::kStartCorrection}, S::kCorrecting},
      {{S::kCorrecting, A::kRecordResults}, S::kCorrecting},
      {{S::kCorrecting, A::kSubmit}, S::kSubmitted},
  };
  int refused = 0;
  for (const auto& state : kVerificationStateCodes) {
    for (auto action : kVerificationActions) {
      auto next = NextVerificationState(9, state.value, action);
      auto it = allowed.find({state.value, action});
      if (it != allowed.end()) {
        ASSERT_TRUE(next) << state.code << " " << VerificationActionCode(action);
        EXPECT_EQ(*next, it->second) << state.code << " " << VerificationActionCode(action);
      } else {
        ASSERT_FALSE(next) << state.code << " " << VerificationActionCode(action);
        EXPECT_EQ(next.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_EQ(next.error().reason.key,
                  "error.verification." + std::string(state.code) + "." + std::string(VerificationActionCode(action)));
        ++refused;
      }
    }
  }
  EXPECT_EQ(refused, 7 * 8 - 12);
  // Publishing before the vendor's approval says why.
  auto early = NextVerificationState(3, S::kSubmitted, A::kPublish);
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("approved"), std::string::npos) << early.error().message;
}

TEST(VerificationRules, MetricsAreDecimalTextKeptAsGiven) {
  EXPECT_TRUE(CheckMetric({"0.962", "rate", 816}, "items.1.metric"));
  EXPECT_TRUE(CheckMetric({"-12", "ms", std::nullopt}, "m"));
  EXPECT_TRUE(CheckMetric({"100", "%", 1}, "m"));
  for (const char* bad : {"", ".5", "5.", "1e3", "0,962", "1.2.3", "NaN", "--1", " 1"}) {
    auto st = CheckMetric({bad, "rate", 1}, "items.1.metric");
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().field, "items.1.metric.value") << bad;
  }
  EXPECT_EQ(CheckMetric({"1", "rate", 0}, "m").error().field, "m.sample_size");
}

TEST(VerificationRules, ASubmittedReportHasEveryResultAndSupportedStrongPoints) {
  std::vector<VerificationItem> items(3);
  items[0].id = 1;
  items[0].result = ItemResult::kPass;
  items[1].id = 2;
  items[1].result = ItemResult::kFail;
  items[2].id = 3;
  EXPECT_FALSE(CheckReadyToSubmit(items, {}));
  items[2].result = ItemResult::kPartial;
  EXPECT_TRUE(CheckReadyToSubmit(items, {{1, "検知率が高い", {1, 3}}}));
  auto st = CheckReadyToSubmit(items, {{7, "失敗した項目を根拠にした", {2}}, {8, "根拠なし", {}}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().problems.size(), 2u);
  EXPECT_EQ(st.error().field, "strong_points.7.items");
  EXPECT_FALSE(CheckReadyToSubmit({}, {}));
}

}  // namespace
}  // namespace proven::domain
