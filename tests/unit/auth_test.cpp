// Roles × actions, password rules, sign-in throttling, sessions and the audit chain.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "domain/auth.hpp"
#include "services/account_service.hpp"
#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Action;
using domain::Actor;
using domain::Role;
using domain::ServiceOwner;

// The whole matrix, written out: a new action or role must be decided here too.
TEST(Permissions, RoleByActionMatrixWithOwnership) {
  const ServiceOwner own{"機構A", "株式会社ベンダー"};
  const ServiceOwner other{"機構B", "別の株式会社"};
  struct Expect {
    Action action;
    // admin, registrar (own body), registrar (other body), vendor (own provider), vendor (other), reviewer, verifier, user
    std::array<bool, 8> allowed;
  };
  const std::vector<Expect> matrix = {
      {Action::kManageUsers, {true, false, false, false, false, false, false, false}},
      {Action::kViewAudit, {true, false, false, false, false, false, false, false}},
      {Action::kRegisterService, {true, true, false, false, false, false, false, false}},
      {Action::kChangeService, {true, true, false, false, false, false, false, false}},
      {Action::kRenewService, {true, true, false, false, false, false, false, false}},
      {Action::kSuspendService, {true, true, false, false, false, false, false, false}},
      {Action::kResumeService, {true, true, false, false, false, false, false, false}},
      {Action::kRevokeService, {true, true, false, false, false, false, false, false}},
      {Action::kViewRegistrarPages, {true, true, true, false, false, false, false, false}},
      {Action::kProposeChange, {false, false, false, true, false, false, false, false}},
      {Action::kDecideProposal, {true, true, false, false, false, false, false, false}},
  };
  ASSERT_EQ(matrix.size(), std::size(domain::kActions)) << "every action is in the matrix";
  const std::array<std::pair<Actor, ServiceOwner>, 8> cases = {{
      {{1, "a@x.jp", {Role::kAdmin}, ""}, other},
      {{2, "r@x.jp", {Role::kRegistrar}, "機構A"}, own},
      {{2, "r@x.jp", {Role::kRegistrar}, "機構A"}, other},
      {{3, "v@x.jp", {Role::kVendor}, "株式会社ベンダー"}, own},
      {{3, "v@x.jp", {Role::kVendor}, "株式会社ベンダー"}, other},
      {{4, "rv@x.jp", {Role::kReviewer}, ""}, own},
      {{5, "vf@x.jp", {Role::kVerifier}, ""}, own},
      {{6, "u@x.jp", {Role::kUser}, "機構A"}, own},
  }};
  for (const auto& e : matrix) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const auto st = domain::Authorize(cases[i].first, e.action, cases[i].second);
      EXPECT_EQ(st.has_value(), e.allowed[i]) << domain::ActionCode(e.action) << " case " << i;
      if (!st) {
        EXPECT_EQ(st.error().code, ErrorCode::kPermissionDenied);
      }
    }
  }
  // A registrar without an organisation owns nothing.
  EXPECT_FALSE(domain::Authorize({7, "x@x.jp", {Role::kRegistrar}, ""}, Action::kChangeService, ServiceOwner{"", ""}));
}

TEST(Passwords, Policy) {
  EXPECT_TRUE(domain::CheckPassword("short", "a@x.jp"));
  EXPECT_TRUE(domain::CheckPassword("Password1234", "a@x.jp")) << "common, case-insensitively";
  EXPECT_TRUE(domain::CheckPassword("aaaaaaaaaaaaaaa", "a@x.jp"));
  EXPECT_TRUE(domain::CheckPassword("taro.yamada-2026!", "taro.yamada@x.jp")) << "contains the e-mail's local part";
  EXPECT_FALSE(domain::CheckPassword("correct horse battery staple", "a@x.jp"));
  EXPECT_FALSE(domain::CheckPassword("日本語のながいパスワードです", "a@x.jp")) << "12 characters, not bytes";
  EXPECT_EQ(domain::NormaliseEmail(" Taro@Example.JP "), "taro@example.jp");
  EXPECT_FALSE(domain::NormaliseEmail("not-an-address"));
  EXPECT_FALSE(domain::NormaliseEmail("a@b@c.jp"));
}

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    pool_ = std::make_unique<store::ConnectionPool>((dir_ / "a.db").string(), true);
    ASSERT_TRUE(store::ApplyMigrations(*pool_->Acquire().value()));
    store_ = std::make_unique<store::AccountStore>(*pool_);
    service_ = std::make_unique<services::AccountService>(*store_, services::SessionPolicy{600, 3600}, [this] { return now_; });
    ASSERT_TRUE(service_->AddUser("reg@example.jp", kPassword, {Role::kRegistrar}, "機構A", "test"));
  }
  static constexpr const char* kPassword = "correct horse battery staple";
  testing::TempDir dir_;
  std::int64_t now_ = 1'800'000'000;
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<services::AccountService> service_;
};

TEST_F(Accounts, SignInGivesAFreshSessionAndTheSameErrorForUnknownUsersAndWrongPasswords) {
  auto a = service_->SignIn("REG@example.jp", kPassword, "10.0.0.1");
  ASSERT_TRUE(a) << a.error().message;
  auto b = service_->SignIn("reg@example.jp", kPassword, "10.0.0.1");
  ASSERT_TRUE(b);
  EXPECT_NE(a->id, b->id) << "every sign-in gets a new session id (no fixation)";
  EXPECT_GE(a->id.size(), 43u) << "256 random bits";
  EXPECT_EQ(a->actor.organisation, "機構A");
  auto wrong = service_->SignIn("reg@example.jp", "wrong password here", "10.0.0.2");
  auto unknown = service_->SignIn("nobody@example.jp", "wrong password here", "10.0.0.3");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  // Sessions are stored hashed.
  EXPECT_FALSE(store_->FindSession(a->id).value()) << "the raw id is not a key";
  EXPECT_TRUE(store_->FindSession(Sha256Hex(a->id)).value());
}

TEST_F(Accounts, SessionsExpireWhenIdleAndAbsolutelyAndEndOnSignOutAndPasswordChange) {
  auto s = service_->SignIn("reg@example.jp", kPassword, "a");
  ASSERT_TRUE(s);
  now_ += 500;
  EXPECT_TRUE(service_->Resume(s->id));
  now_ += 599;
  EXPECT_TRUE(service_->Resume(s->id)) << "activity keeps it alive";
  now_ += 601;
  EXPECT_FALSE(service_->Resume(s->id)) << "idle for more than 10 minutes";

  auto t = service_->SignIn("reg@example.jp", kPassword, "a");
  for (int i = 0; i < 7; ++i) {
    now_ += 500;
    EXPECT_TRUE(service_->Resume(t->id)) << "active, " << (i + 1) * 500 << " s after sign-in";
  }
  now_ += 200;
  EXPECT_FALSE(service_->Resume(t->id)) << "3,700 s after sign-in: past the absolute limit of 3,600 s";

  auto u = service_->SignIn("reg@example.jp", kPassword, "a");
  ASSERT_TRUE(service_->SignOut(u->id));
  EXPECT_FALSE(service_->Resume(u->id));

  auto v = service_->SignIn("reg@example.jp", kPassword, "a");
  auto w = service_->SignIn("reg@example.jp", kPassword, "b");
  const std::string next = "another long passphrase 2026";
  EXPECT_FALSE(service_->ChangePassword(v->actor, "wrong current one", next));
  ASSERT_TRUE(service_->ChangePassword(v->actor, kPassword, next));
  EXPECT_FALSE(service_->Resume(v->id)) << "every session ends on a password change";
  EXPECT_FALSE(service_->Resume(w->id));
  EXPECT_TRUE(service_->SignIn("reg@example.jp", next, "a"));
}

TEST_F(Accounts, FailedSignInsAreThrottledPerAccountAndPerAddress) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(service_->SignIn("reg@example.jp", "wrong password " + std::to_string(i), "a").error().code, ErrorCode::kUnauthenticated);
  auto blocked = service_->SignIn("reg@example.jp", kPassword, "a-different-address");
  ASSERT_FALSE(blocked) << "the account waits, even from another address and with the right password";
  EXPECT_EQ(blocked.error().code, ErrorCode::kResourceExhausted);
  EXPECT_GE(services::LoginThrottle::RetryAfter(blocked.error()), 1);
  now_ += 2;
  EXPECT_TRUE(service_->SignIn("reg@example.jp", kPassword, "b")) << "after the wait the right password works";

  for (int i = 0; i < 5; ++i) (void)service_->SignIn("user" + std::to_string(i) + "@example.jp", "x-wrong-password", "evil");
  auto from_evil = service_->SignIn("reg@example.jp", kPassword, "evil");
  ASSERT_FALSE(from_evil) << "the address waits, whatever account it tries";
  EXPECT_EQ(from_evil.error().code, ErrorCode::kResourceExhausted);
}

TEST_F(Accounts, TokensAreHashedRevocableAndStopWithADisabledUser) {
  auto token = service_->CreateToken("reg@example.jp", "ci", "test");
  ASSERT_TRUE(token);
  auto actor = service_->ResolveToken(*token);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->email, "reg@example.jp");
  EXPECT_FALSE(service_->ResolveToken(*token + "x"));
  const auto id = service_->ListTokens("reg@example.jp")->front().id;
  ASSERT_TRUE(service_->RevokeToken("reg@example.jp", id, "test"));
  EXPECT_FALSE(service_->ResolveToken(*token));
  auto second = service_->CreateToken("reg@example.jp", "ci2", "test");
  ASSERT_TRUE(service_->DisableUser("reg@example.jp", "test"));
  EXPECT_FALSE(service_->ResolveToken(*second));
  EXPECT_FALSE(service_->SignIn("reg@example.jp", kPassword, "z"));
}

TEST_F(Accounts, EveryChangeIsAuditedAndTamperingIsDetected) {
  ASSERT_TRUE(service_->CreateToken("reg@example.jp", "ci", "test"));
  auto conn = pool_->Acquire();
  auto v = store::VerifyAudit(**conn);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->problems.empty());
  EXPECT_EQ(v->entries, 3u) << "organisation.create, user.create, token.create";
  auto entries = store::ListAudit(**conn, 1000, 10).value();
  EXPECT_EQ(entries.front().action, "token.create");
  EXPECT_EQ(entries.back().action, "organisation.create");
  for (const auto& e : entries) EXPECT_EQ(e.after.find("password"), std::string::npos) << "no secrets in the log";

  // The triggers refuse changes made through SQL.
  EXPECT_FALSE((*conn)->Exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1"));
  EXPECT_FALSE((*conn)->Exec("DELETE FROM audit_log WHERE seq = 2"));
  // Around them (dropping the triggers), a changed row and a deleted row are found.
  ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_update"));
  ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_delete"));
  ASSERT_TRUE((*conn)->Exec("UPDATE audit_log SET after = '{}' WHERE seq = 2"));
  auto changed = store::VerifyAudit(**conn).value();
  ASSERT_EQ(changed.problems.size(), 1u);
  EXPECT_EQ(changed.problems[0], "entry 2: its content does not match its hash (changed)");
  ASSERT_TRUE((*conn)->Exec("DELETE FROM audit_log WHERE seq = 2"));
  auto deleted = store::VerifyAudit(**conn).value();
  ASSERT_FALSE(deleted.problems.empty());
  EXPECT_NE(deleted.problems[0].find("entry 3"), std::string::npos);
}

}  // namespace
}  // namespace proven
