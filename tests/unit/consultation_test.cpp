// The consultation rules (domain/consultations/consultation.hpp), pure: which side may take which
// step in which state, the vendor's proposed times, the requester's choice, the outcome and what
// people type, each refusal naming its field.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "domain/consultations/consultation.hpp"

namespace proven {
namespace {

using domain::Consultation;
using domain::ConsultationOutcome;
using domain::ConsultationSide;
using domain::ConsultationState;
using domain::ConsultationStep;

constexpr std::int64_t kNow = 1796083200;  // 2026-12-01T00:00:00Z = 09:00 in Tokyo

Consultation In(ConsultationState s) {
  Consultation c;
  c.id = 7;
  c.state = s;
  return c;
}

bool Allowed(const Consultation& c, ConsultationSide side, ConsultationStep step) {
  return domain::ConsultationStepAllowed(c, side, step).has_value();
}

// The whole table, written out: every state × side × step.
TEST(ConsultationRules, WhoMayTakeWhichStepInWhichState) {
  using S = ConsultationState;
  using St = ConsultationStep;
  const auto R = ConsultationSide::kRequester;
  const auto V = ConsultationSide::kVendor;
  // state → (requester's steps, vendor's steps), without an outcome.
  const std::map<S, std::pair<std::vector<St>, std::vector<St>>> expected = {
      {S::kRequested, {{St::kWithdraw, St::kMessage}, {St::kAccept, St::kDecline, St::kMessage}}},
      {S::kAccepted, {{St::kWithdraw, St::kConfirm, St::kMessage}, {St::kAccept, St::kDecline, St::kMessage}}},
      {S::kConfirmed, {{St::kWithdraw, St::kMessage, St::kRecordOutcome}, {St::kMessage, St::kRecordOutcome}}},
      {S::kDeclined, {{}, {}}},
      {S::kWithdrawn, {{}, {}}},
  };
  for (const auto& [state, steps] : expected) {
    const Consultation c = In(state);
    EXPECT_EQ(domain::AvailableSteps(c, R), steps.first) << domain::CodeIn<S>(domain::kConsultationStateCodes, state);
    EXPECT_EQ(domain::AvailableSteps(c, V), steps.second) << domain::CodeIn<S>(domain::kConsultationStateCodes, state);
  }
}

TEST(ConsultationRules, ARefusalSaysWhy) {
  auto other = domain::ConsultationStepAllowed(In(ConsultationState::kRequested), ConsultationSide::kRequester,
                                               ConsultationStep::kAccept);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(other.error().reason.key, "error.consultation.other_side");
  auto late = domain::ConsultationStepAllowed(In(ConsultationState::kDeclined), ConsultationSide::kVendor,
                                              ConsultationStep::kMessage);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(late.error().reason.key, "error.consultation.not_now");
}

TEST(ConsultationRules, AnOutcomeClosesTheWayBackAndOpensTheCase) {
  Consultation c = In(ConsultationState::kConfirmed);
  c.kind = domain::ConsultationKind::kProduct;
  EXPECT_TRUE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kWithdraw));
  auto early = domain::ConsultationStepAllowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().reason.key, "error.consultation.case_needs_outcome");

  c.outcome = ConsultationOutcome::kMet;
  EXPECT_FALSE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kWithdraw)) << "met: nothing to withdraw";
  EXPECT_FALSE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase)) << "a meeting is no trial";
  EXPECT_TRUE(Allowed(c, ConsultationSide::kVendor, ConsultationStep::kRecordOutcome)) << "a later record replaces it";

  c.outcome = ConsultationOutcome::kTrialStarted;
  EXPECT_TRUE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase));
  EXPECT_FALSE(Allowed(c, ConsultationSide::kVendor, ConsultationStep::kProposeCase)) << "the requester's step";
  c.outcome = ConsultationOutcome::kDeployed;
  EXPECT_TRUE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase));
  c.outcome = ConsultationOutcome::kNotPursued;
  EXPECT_FALSE(Allowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase));

  c.outcome = ConsultationOutcome::kDeployed;
  c.case_id = 3;
  auto twice = domain::ConsultationStepAllowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(twice.error().reason.key, "error.consultation.case_exists");

  c.case_id.reset();
  c.kind = domain::ConsultationKind::kService;
  auto service = domain::ConsultationStepAllowed(c, ConsultationSide::kRequester, ConsultationStep::kProposeCase);
  ASSERT_FALSE(service);
  EXPECT_EQ(service.error().reason.key, "error.consultation.case_for_products");
}

TEST(ConsultationRules, ProposedTimesAreOneToFiveFutureDistinctInstantsWithAnOffset) {
  auto ok = domain::CheckProposedTimes({"2026-12-03T10:00:00+09:00", "2026-12-03T02:00:00Z"}, kNow);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(*ok, (std::vector<std::string>{"2026-12-03T10:00:00+09:00", "2026-12-03T11:00:00+09:00"}))
      << "kept in Tokyo time, in the order given";

  auto none = domain::CheckProposedTimes({}, kNow);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "times");
  EXPECT_EQ(none.error().reason.key, "error.consultation.no_times");

  auto six = domain::CheckProposedTimes(std::vector<std::string>(6, "2026-12-03T10:00:00+09:00"), kNow);
  ASSERT_FALSE(six);
  EXPECT_EQ(six.error().field, "times");
  EXPECT_EQ(six.error().reason.key, "error.consultation.too_many_times");

  auto bad = domain::CheckProposedTimes(
      {"2026-12-03T10:00:00+09:00", "2026-12-03 10:00", "2026-11-30T10:00:00+09:00", "2026-12-03T01:00:00Z"}, kNow);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().problems.size(), 3u) << bad.error().message;
  EXPECT_EQ(bad.error().problems[0].field, "times[1]");
  EXPECT_EQ(bad.error().problems[0].reason.key, "error.consultation.bad_time") << "no offset, no seconds";
  EXPECT_EQ(bad.error().problems[1].field, "times[2]");
  EXPECT_EQ(bad.error().problems[1].reason.key, "error.consultation.time_past");
  EXPECT_EQ(bad.error().problems[2].field, "times[3]");
  EXPECT_EQ(bad.error().problems[2].reason.key, "error.consultation.time_twice") << "the same instant as times[0]";
  EXPECT_EQ(bad.error().field, "times[1]");

  auto now = domain::CheckProposedTimes({"2026-12-01T09:00:00+09:00"}, kNow);
  ASSERT_FALSE(now) << "now is not the future";
  EXPECT_EQ(now.error().field, "times[0]");
}

TEST(ConsultationRules, TheRequesterPicksOneProposedTimeStillInTheFuture) {
  Consultation c = In(ConsultationState::kAccepted);
  c.proposed_times = {"2026-12-03T10:00:00+09:00", "2026-12-04T15:30:00+09:00"};
  auto same = domain::CheckConfirmedTime(c, "2026-12-04T06:30:00Z", kNow);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(*same, "2026-12-04T15:30:00+09:00") << "compared as instants, returned as proposed";

  auto other = domain::CheckConfirmedTime(c, "2026-12-05T10:00:00+09:00", kNow);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().field, "time");
  EXPECT_EQ(other.error().reason.key, "error.consultation.not_proposed");

  auto empty = domain::CheckConfirmedTime(c, "  ", kNow);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "time");
  EXPECT_EQ(empty.error().reason.key, "error.field.required");

  auto garbage = domain::CheckConfirmedTime(c, "tomorrow", kNow);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().reason.key, "error.consultation.bad_time");

  auto past = domain::CheckConfirmedTime(c, "2026-12-03T10:00:00+09:00", 1796259600 /* 2026-12-03T01:00Z */);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().reason.key, "error.consultation.time_past");
}

TEST(ConsultationRules, TextsAreHeldToTheirLimitTrimmedAndNamed) {
  auto ok = domain::CheckConsultationText("message", "  導入を検討しています。\n来月から。 ", 4000, true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "導入を検討しています。\n来月から。");
  auto empty = domain::CheckConsultationText("message", " \n ", 4000, true);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "message");
  EXPECT_EQ(empty.error().reason.key, "error.field.required");
  EXPECT_TRUE(domain::CheckConsultationText("message", "", 4000, false)) << "optional";
  auto long_text = domain::CheckConsultationText("reason", std::string(2001, 'a'), 2000, true);
  ASSERT_FALSE(long_text);
  EXPECT_EQ(long_text.error().field, "reason");
  EXPECT_EQ(long_text.error().reason.key, "error.text.too_long");
  auto control = domain::CheckConsultationText("message", std::string("a\x01z"), 4000, true);
  ASSERT_FALSE(control);
  EXPECT_EQ(control.error().field, "message");
}

TEST(ConsultationRules, OutcomesByTheirCodes) {
  EXPECT_EQ(domain::ParseConsultationOutcome("trial_started").value(), ConsultationOutcome::kTrialStarted);
  EXPECT_EQ(domain::ParseConsultationOutcome(" not_pursued ").value(), ConsultationOutcome::kNotPursued);
  auto bad = domain::ParseConsultationOutcome("bought");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "outcome");
  EXPECT_EQ(bad.error().reason.key, "error.consultation.unknown_outcome");
  auto none = domain::ParseConsultationOutcome("");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason.key, "error.field.required");
  EXPECT_TRUE(domain::OutcomeLeadsToCase(ConsultationOutcome::kDeployed));
  EXPECT_FALSE(domain::OutcomeLeadsToCase(std::nullopt));
}

}  // namespace
}  // namespace proven
