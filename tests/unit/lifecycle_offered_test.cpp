// Which actions the registration body's pages offer for a service, by state and validity as of a
// date (domain::ActionsOffered), written out as a whole matrix; and the refusal to suspend an
// expired registration that the services layer enforces with the same rule.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/lifecycle.hpp"

namespace proven::domain {
namespace {

constexpr Date kAsOf{2026, 12, 1};

Service WithDates(ServiceState state, Date registered_on, Date expires_on) {
  Service s;
  s.id = 9;
  s.state = state;
  s.registered_on = registered_on;
  s.expires_on = expires_on;
  return s;
}

TEST(ActionsOffered, TheWholeMatrixOfStateAndValidity) {
  using S = ServiceState;
  struct Row {
    const char* what;
    Service service;
    OfferedActions offered;  // edit, renew, suspend, resume, revoke
  };
  const Date past{2020, 4, 1};
  const std::vector<Row> rows{
      {"active, valid", WithDates(S::kActive, past, {2029, 3, 31}), {true, true, true, false, true}},
      {"active, expiring soon", WithDates(S::kActive, past, {2027, 1, 15}), {true, true, true, false, true}},
      {"active, expires today", WithDates(S::kActive, past, kAsOf), {true, true, true, false, true}},
      {"active, expired yesterday", WithDates(S::kActive, past, {2026, 11, 30}), {true, true, false, false, true}},
      {"active, not yet valid", WithDates(S::kActive, {2027, 4, 1}, {2030, 3, 31}), {true, true, true, false, true}},
      {"suspended, valid", WithDates(S::kSuspended, past, {2029, 3, 31}), {true, true, false, true, true}},
      {"suspended, expired", WithDates(S::kSuspended, past, {2025, 3, 31}), {true, true, false, true, true}},
      {"revoked, valid dates", WithDates(S::kRevoked, past, {2029, 3, 31}), {false, false, false, false, false}},
      {"revoked, expired", WithDates(S::kRevoked, past, {2025, 3, 31}), {false, false, false, false, false}},
  };
  for (const auto& r : rows) {
    const auto got = ActionsOffered(r.service, kAsOf);
    EXPECT_EQ(got.edit, r.offered.edit) << r.what;
    EXPECT_EQ(got.renew, r.offered.renew) << r.what;
    EXPECT_EQ(got.suspend, r.offered.suspend) << r.what;
    EXPECT_EQ(got.resume, r.offered.resume) << r.what;
    EXPECT_EQ(got.revoke, r.offered.revoke) << r.what;
  }
}

TEST(ActionsOffered, WhatIsOfferedIsWhatTheLifecycleAccepts) {
  // Every offered state change passes the transition table; every refused one is refused by it or
  // by the expiry rule.
  const Date past{2020, 4, 1};
  for (auto state : {ServiceState::kActive, ServiceState::kSuspended, ServiceState::kRevoked}) {
    for (Date expires : {Date{2025, 1, 1}, Date{2027, 1, 1}, Date{2030, 1, 1}}) {
      const auto s = WithDates(state, past, expires);
      const auto offered = ActionsOffered(s, kAsOf);
      const std::string what = std::string(StateCode(state)) + " " + expires.ToIso();
      EXPECT_EQ(offered.renew, NextState(s.id, state, LifecycleAction::kRenew).has_value()) << what;
      EXPECT_EQ(offered.resume, NextState(s.id, state, LifecycleAction::kResume).has_value()) << what;
      EXPECT_EQ(offered.revoke, NextState(s.id, state, LifecycleAction::kRevoke).has_value()) << what;
      EXPECT_EQ(offered.edit, NextState(s.id, state, LifecycleAction::kChange).has_value()) << what;
      EXPECT_EQ(offered.suspend,
                NextState(s.id, state, LifecycleAction::kSuspend).has_value() && MaySuspendAsOf(s, kAsOf).has_value())
          << what;
    }
  }
}

TEST(ActionsOffered, SuspendingAnExpiredRegistrationIsRefusedWithAReason) {
  const auto expired = WithDates(ServiceState::kActive, {2020, 4, 1}, {2026, 11, 30});
  auto refused = MaySuspendAsOf(expired, kAsOf);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().reason.key, "error.lifecycle.suspend_expired");
  EXPECT_EQ(refused.error().reason.args,
            (MessageArgs{{"id", "9"}, {"expires_on", "2026-11-30"}}));
  EXPECT_TRUE(MaySuspendAsOf(expired, Date{2026, 11, 30})) << "in force on its last day";
}

}  // namespace
}  // namespace proven::domain
