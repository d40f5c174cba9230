// Roles × actions, password rules, sign-in throttling, sessions and the audit chain.
#include <gtest/gtest.h>

#include <chrono>

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
  // Organisations by id: 10 機構A, 20 株式会社ベンダー (own), 11 機構B, 21 別の株式会社 (other).
  const ServiceOwner own{10, 20};
  const ServiceOwner other{11, 21};
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
      {Action::kViewProposals, {true, true, true, true, true, false, false, false}},
      {Action::kImportServices, {true, true, false, false, false, false, false, false}},
      {Action::kUseAccount, {true, true, true, true, true, true, true, true}},
      {Action::kEditFieldMap, {true, false, false, false, false, false, false, false}},
      {Action::kManageCalls, {true, false, false, false, false, false, false, false}},
      {Action::kApplyToCalls, {false, false, false, true, true, false, false, false}},
      {Action::kViewApplications, {true, false, false, true, true, true, false, false}},
      {Action::kReviewApplications, {false, false, false, false, false, true, false, false}},
      {Action::kDecideApplications, {true, false, false, false, false, false, false, false}},
      {Action::kManageVerifications, {true, false, false, false, false, false, false, false}},
      {Action::kVerifyProducts, {false, false, false, false, false, false, true, false}},
      {Action::kApproveReports, {false, false, false, true, true, false, false, false}},
      {Action::kViewVerifications, {true, false, false, true, true, false, true, false}},
      {Action::kProposeCases, {false, false, false, true, true, false, false, true}},
      {Action::kViewCases, {true, false, false, true, true, false, false, true}},
      {Action::kManageEvents, {true, false, false, false, false, false, false, false}},
      {Action::kRegisterForEvents, {true, true, true, true, true, true, true, true}},
      {Action::kOfferSlots, {false, false, false, true, true, false, false, false}},
      {Action::kManageMail, {true, false, false, false, false, false, false, false}},
      {Action::kRequestConsultations, {false, false, false, false, false, false, false, true}},
      {Action::kAnswerConsultations, {false, false, false, true, true, false, false, false}},
      {Action::kTakePartInConsultations, {false, false, false, true, true, false, false, true}},
      {Action::kViewConsultations, {true, false, false, true, true, false, false, true}},
      {Action::kSaveNeeds, {true, true, true, true, true, true, true, true}},
      {Action::kRunWafSuite, {true, false, false, false, false, false, true, false}},
      {Action::kManageSboms, {true, false, false, true, true, false, false, false}},
      {Action::kKeepPortfolio, {true, false, false, false, false, false, false, true}},
      {Action::kRequestDeviceVerification, {false, false, false, true, true, false, false, false}},
      {Action::kConductDeviceVerification, {false, false, false, true, true, false, false, false}},
      {Action::kViewDeviceProjects, {true, false, false, true, true, false, false, false}},
      {Action::kManageTestCatalogue, {true, false, false, false, false, false, false, false}},
      {Action::kEditProviderProfile, {true, false, false, true, true, false, false, false}},
  };
  ASSERT_EQ(matrix.size(), std::size(domain::kActions)) << "every action is in the matrix";
  const std::array<std::pair<Actor, ServiceOwner>, 8> cases = {{
      {{1, "a@x.jp", {Role::kAdmin}, "", std::nullopt}, other},
      {{2, "r@x.jp", {Role::kRegistrar}, "機構A", 10}, own},
      {{2, "r@x.jp", {Role::kRegistrar}, "機構A", 10}, other},
      {{3, "v@x.jp", {Role::kVendor}, "株式会社ベンダー", 20}, own},
      {{3, "v@x.jp", {Role::kVendor}, "株式会社ベンダー", 20}, other},
      {{4, "rv@x.jp", {Role::kReviewer}, "", std::nullopt}, own},
      {{5, "vf@x.jp", {Role::kVerifier}, "", std::nullopt}, own},
      {{6, "u@x.jp", {Role::kUser}, "機構A", 10}, own},
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
  // A registrar without an organisation owns nothing, not even services of no organisation.
  EXPECT_FALSE(domain::Authorize({7, "x@x.jp", {Role::kRegistrar}, "", std::nullopt}, Action::kChangeService,
                                 ServiceOwner{std::nullopt, std::nullopt}));
  // Ownership is the id: the same name on another organisation owns nothing.
  EXPECT_FALSE(domain::Authorize({8, "y@x.jp", {Role::kRegistrar}, "機構A", 99}, Action::kChangeService, own));
}

// Whose services a listing or an import may cover: every body's for an admin, one's own otherwise.
TEST(Permissions, OwnershipScope) {
  const Actor admin{1, "a@x.jp", {Role::kAdmin}, "", std::nullopt};
  const Actor registrar{2, "r@x.jp", {Role::kRegistrar}, "機構A", 10};
  const Actor vendor{3, "v@x.jp", {Role::kVendor}, "株式会社ベンダー", 20};
  EXPECT_EQ(domain::OwnershipScope(admin, Action::kImportServices), std::nullopt);
  EXPECT_EQ(domain::OwnershipScope(registrar, Action::kImportServices), domain::OwnedScope{10}) << "by id";
  EXPECT_EQ(domain::OwnershipScope(registrar, Action::kViewRegistrarPages), std::nullopt) << "no ownership rule";
  EXPECT_EQ(domain::OwnershipScope(vendor, Action::kProposeChange), domain::OwnedScope{20});
  EXPECT_EQ(domain::OwnershipScope(admin, Action::kProposeChange), domain::OwnedScope{std::nullopt})
      << "the action does not list admin: no organisation, no service";
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
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    // The stores and the service share one clock the tests move.
    ASSERT_TRUE(store::ApplyMigrations(*pool_->Acquire().value()));
    store_ = std::make_unique<store::AccountStore>(*pool_, clock_);
    failures_ = std::make_unique<store::FailureCounts>(*pool_);
    service_ = std::make_unique<services::AccountService>(*store_, *failures_, services::SessionPolicy{600, 3600},
                                                          clock_);
    ASSERT_TRUE(service_->AddUser("reg@example.jp", kPassword, {Role::kRegistrar}, "機構A", "test"));
  }
  static constexpr const char* kPassword = "correct horse battery staple";
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "a.db"};
  ManualClock clock_{1'800'000'000};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<store::FailureCounts> failures_;
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
  clock_.Advance(500);
  EXPECT_TRUE(service_->Resume(s->id));
  clock_.Advance(599);
  EXPECT_TRUE(service_->Resume(s->id)) << "activity keeps it alive";
  clock_.Advance(601);
  EXPECT_FALSE(service_->Resume(s->id)) << "idle for more than 10 minutes";

  auto t = service_->SignIn("reg@example.jp", kPassword, "a");
  for (int i = 0; i < 7; ++i) {
    clock_.Advance(500);
    EXPECT_TRUE(service_->Resume(t->id)) << "active, " << (i + 1) * 500 << " s after sign-in";
  }
  clock_.Advance(200);
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

// The throttle's counts live in the database (shared by every instance on it).
class LoginThrottle : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(store::ApplyMigrations(*pool_.Acquire().value())); }
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "throttle.db"};
  store::ConnectionPool pool_{database_.spec(), true};
  store::FailureCounts counts_{pool_};
  services::LoginThrottle t{counts_};
};

TEST_F(LoginThrottle, AnAddressWaitsExponentiallyAfterFiveFailuresOnAnyAccounts) {
  std::int64_t now = 1000;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(t.Check("user" + std::to_string(i), "10.0.0.9", now));
    ASSERT_TRUE(t.Failure("user" + std::to_string(i), "10.0.0.9", now));
  }
  auto blocked = t.Check("someone-else", "10.0.0.9", now);
  ASSERT_FALSE(blocked) << "the address waits, whatever account it tries";
  EXPECT_EQ(blocked.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(services::LoginThrottle::RetryAfter(blocked.error()), 1);
  EXPECT_TRUE(t.Check("someone-else", "10.0.0.10", now)) << "another address is not held";
  now += 1;
  ASSERT_TRUE(t.Check("user0", "10.0.0.9", now));
  ASSERT_TRUE(t.Failure("user0", "10.0.0.9", now));
  EXPECT_EQ(services::LoginThrottle::RetryAfter(t.Check("user0", "10.0.0.9", now).error()), 2) << "doubles";
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(t.Failure("user0", "10.0.0.9", now));
  EXPECT_EQ(services::LoginThrottle::RetryAfter(t.Check("user0", "10.0.0.9", now).error()),
            services::LoginThrottle::kMaxWait) << "capped at 15 minutes";
  ASSERT_TRUE(t.Success("user0", "10.0.0.9"));
  EXPECT_TRUE(t.Check("user0", "10.0.0.9", now)) << "a success clears the address";
}

TEST_F(LoginThrottle, OldFailuresAreForgotten) {
  ASSERT_TRUE(t.Failure("a@example.jp", "10.2.0.1", 1000));
  EXPECT_EQ(counts_.Get({"address:10.2.0.1"}).value().size(), 1u);
  // Another failure long after: the first keys are dropped, the new ones counted afresh.
  const std::int64_t later = 1000 + services::LoginThrottle::kMaxWait + services::LoginThrottle::kRecentSeconds + 1;
  ASSERT_TRUE(t.Failure("b@example.jp", "10.2.0.2", later));
  EXPECT_TRUE(counts_.Get({"address:10.2.0.1", "account:a@example.jp"}).value().empty());
  EXPECT_EQ(counts_.Get({"address:10.2.0.2"}).value().at("address:10.2.0.2").failures, 1);
}

TEST_F(LoginThrottle, AccountFailuresHoldOnlyAddressesThatFailedThemselves) {
  std::int64_t now = 5000;
  // Ten addresses fail once each: no address reaches its own limit, the account has 10 failures.
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(t.Failure("victim@example.jp", "10.1.0." + std::to_string(i), now));
  EXPECT_TRUE(t.Check("victim@example.jp", "192.0.2.1", now)) << "an address without failures is never held";
  auto held = t.Check("victim@example.jp", "10.1.0.3", now);
  ASSERT_FALSE(held) << "a failing address waits for the account too";
  EXPECT_EQ(services::LoginThrottle::RetryAfter(held.error()), 32);
  EXPECT_TRUE(t.Check("other@example.jp", "10.1.0.3", now)) << "the account's wait is for that account only";
  // Failures older than the window no longer hold the address for the account, even while the
  // account still waits (15 failures: 1,024 s).
  for (int i = 10; i < 15; ++i) ASSERT_TRUE(t.Failure("victim@example.jp", "10.1.0." + std::to_string(i), now));
  EXPECT_FALSE(t.Check("victim@example.jp", "10.1.0.3", now + services::LoginThrottle::kRecentSeconds - 1));
  EXPECT_TRUE(t.Check("victim@example.jp", "10.1.0.3", now + services::LoginThrottle::kRecentSeconds));
}

TEST_F(Accounts, FailuresFromOneAddressNeverLockTheOwnerOutFromAnother) {
  for (int i = 0; i < 7; ++i) {
    auto r = service_->SignIn("reg@example.jp", "wrong password " + std::to_string(i), "127.0.0.2");
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().code == ErrorCode::kUnauthenticated || r.error().code == ErrorCode::kResourceExhausted);
  }
  auto attacker = service_->SignIn("reg@example.jp", kPassword, "127.0.0.2");
  ASSERT_FALSE(attacker) << "the failing address waits, even with the right password";
  EXPECT_EQ(attacker.error().code, ErrorCode::kResourceExhausted);
  EXPECT_GE(services::LoginThrottle::RetryAfter(attacker.error()), 1);
  auto owner = service_->SignIn("reg@example.jp", kPassword, "127.0.0.1");
  EXPECT_TRUE(owner) << "the owner, from an address that has not failed, signs in at once";
  clock_.Advance(60);
  EXPECT_TRUE(service_->SignIn("reg@example.jp", kPassword, "127.0.0.2")) << "after the wait";
}

TEST_F(Accounts, AccountInputsHaveLengthLimitsNamingTheField) {
  const std::string huge(10 * 1024 * 1024, 'x');
  const auto t0 = std::chrono::steady_clock::now();
  auto r = service_->SignIn("reg@example.jp", huge, "10.9.9.9");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1)) << "refused before any hashing";
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "password");
  EXPECT_NE(r.error().message.find("1024"), std::string::npos) << r.error().message;
  EXPECT_TRUE(service_->SignIn("reg@example.jp", std::string(1024, 'x'), "10.9.9.9").error().code ==
              ErrorCode::kUnauthenticated) << "1,024 bytes is still checked";
  auto long_email = service_->SignIn(std::string(250, 'a') + "@x.jp", kPassword, "10.9.9.8");
  EXPECT_EQ(long_email.error().field, "email");
  EXPECT_EQ(service_->AddUser(std::string(250, 'a') + "@x.jp", kPassword, {Role::kAdmin}, "", "t").error().field, "email");
  EXPECT_EQ(service_->AddUser("new@example.jp", huge, {Role::kAdmin}, "", "t").error().field, "password");
  EXPECT_EQ(service_->AddUser("new@example.jp", kPassword, {Role::kVendor}, std::string(201, 'o'), "t").error().field, "org");
  EXPECT_TRUE(service_->AddUser("new@example.jp", kPassword, {Role::kVendor}, std::string(200, 'o'), "t"));
  EXPECT_EQ(service_->AddOrganisation(std::string(201, 'o'), domain::OrgKind::kVendor, "t").error().field, "name");
  EXPECT_EQ(service_->CreateToken("reg@example.jp", std::string(201, 'n'), "t").error().field, "name");
  auto actor = service_->SignIn("reg@example.jp", kPassword, "10.9.9.7")->actor;
  EXPECT_EQ(service_->ChangePassword(actor, huge, "another long passphrase").error().field, "current_password");
  EXPECT_EQ(service_->ChangePassword(actor, kPassword, huge).error().field, "new_password");
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

// The service checks the permission itself, whichever route (or none) calls it.
TEST_F(Accounts, AdministrationOnBehalfOfSomeoneChecksTheirPermission) {
  const Actor registrar{1, "reg@example.jp", {Role::kRegistrar}, "機構A", std::nullopt};
  const Actor admin{99, "admin@example.jp", {Role::kAdmin}, "", std::nullopt};
  auto code = [](const auto& r) { return r ? ErrorCode::kInternal : r.error().code; };  // kInternal: it succeeded
  EXPECT_EQ(code(service_->AddUser(registrar, "new@example.jp", kPassword, {Role::kUser}, "")),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(service_->ListUsers(registrar)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(service_->Audit(registrar, 1000, 10)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code(service_->DisableUser(registrar, 1)), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_->AddUser(admin, "new@example.jp", kPassword, {Role::kUser}, ""));
  EXPECT_EQ(service_->ListUsers(admin).value().size(), 2u);
  EXPECT_TRUE(service_->VerifyAudit(admin));
  EXPECT_EQ(code(service_->DisableUser(admin, 12345)), ErrorCode::kNotFound);
}

TEST_F(Accounts, AuditEntriesAndRecordsTakeTheirTimeFromTheInjectedClock) {
  clock_.Set(1'900'000'000);  // 2030-03-17T17:46:40Z
  ASSERT_TRUE(service_->CreateToken("reg@example.jp", "clocked", "test"));
  auto conn = pool_->Acquire();
  auto entries = store::ListAudit(**conn, 1000, 1).value();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries.front().at, "2030-03-17T17:46:40Z");
  auto tokens = service_->ListTokens("reg@example.jp").value();
  EXPECT_EQ(tokens.back().created_at, "2030-03-17T17:46:40Z");
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
  if ((*conn)->dialect() == store::Dialect::kPostgres) {
    EXPECT_FALSE((*conn)->Exec("TRUNCATE audit_log"));
    ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_append_only ON audit_log"));
  } else {
    ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_update"));
    ASSERT_TRUE((*conn)->Exec("DROP TRIGGER audit_log_no_delete"));
  }
  ASSERT_TRUE((*conn)->Exec("UPDATE audit_log SET after = '{}' WHERE seq = 2"));
  auto changed = store::VerifyAudit(**conn).value();
  ASSERT_EQ(changed.problems.size(), 1u);
  EXPECT_EQ(changed.problems[0].message, "entry 2: its content does not match its hash (changed)");
  EXPECT_EQ(changed.problems[0].reason.key, "audit_chain.changed") << "pages show it from the catalogue";
  EXPECT_EQ(changed.problems[0].reason.args, (MessageArgs{{"seq", "2"}}));
  ASSERT_TRUE((*conn)->Exec("DELETE FROM audit_log WHERE seq = 2"));
  auto deleted = store::VerifyAudit(**conn).value();
  ASSERT_FALSE(deleted.problems.empty());
  EXPECT_NE(deleted.problems[0].message.find("entry 3"), std::string::npos);
  EXPECT_EQ(deleted.problems[0].reason.key, "audit_chain.missing");
  EXPECT_EQ(deleted.problems[0].reason.args, (MessageArgs{{"seq", "3"}, {"expected", "2"}}));
  EXPECT_EQ(deleted.problems[1].reason.key, "audit_chain.unlinked");
}

}  // namespace
}  // namespace proven
