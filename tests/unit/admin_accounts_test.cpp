// The admin's account work (issue 13 C): organisations chosen by id and never created from a
// typo, the last-admin rule, one-time password reset links, sign-in records, the audit filters.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "domain/auth.hpp"
#include "services/account_service.hpp"
#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Actor;
using domain::OrgKind;
using domain::Role;

store::AuditFilter Filter(std::string actor, std::string action, std::string entity, std::string from, std::string until) {
  store::AuditFilter f;
  f.actor = std::move(actor);
  f.action = std::move(action);
  f.entity = std::move(entity);
  f.from = std::move(from);
  f.until = std::move(until);
  return f;
}

class AdminAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    ASSERT_TRUE(store::ApplyMigrations(*pool_->Acquire().value()));
    store_ = std::make_unique<store::AccountStore>(*pool_, clock_);
    failures_ = std::make_unique<store::FailureCounts>(*pool_);
    service_ = std::make_unique<services::AccountService>(*store_, *failures_, services::SessionPolicy{600, 3600},
                                                          clock_);
    auto id = service_->AddUser("admin@example.jp", kPassword, {Role::kAdmin}, "", "test");
    ASSERT_TRUE(id);
    admin_ = {*id, "admin@example.jp", {Role::kAdmin}, "", std::nullopt};
  }
  std::size_t Organisations() { return store_->ListOrganisations().value().size(); }
  std::vector<store::AuditEntry> Audit(const store::AuditFilter& f) {
    return service_->AuditFiltered(admin_, f, 0, 100).value().entries;
  }
  static constexpr const char* kPassword = "correct horse battery staple";
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "a.db"};
  ManualClock clock_{1'800'000'000};  // 2027-01-15T08:00:00Z
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<store::FailureCounts> failures_;
  std::unique_ptr<services::AccountService> service_;
  Actor admin_;
};

TEST_F(AdminAccounts, AnUnknownOrWrongKindOfOrganisationIsRefusedAndNothingIsCreated) {
  const auto before = Organisations();
  auto typo = service_->AddUserInOrganisation(admin_, "reg@example.jp", kPassword, {Role::kRegistrar}, 4242);
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(typo.error().field, "org_id");
  EXPECT_EQ(typo.error().reason.key, "error.organisation.unknown");
  EXPECT_EQ(Organisations(), before) << "no organisation from a typo";
  auto none = service_->AddUserInOrganisation(admin_, "reg@example.jp", kPassword, {Role::kRegistrar}, std::nullopt);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "org_id");
  auto vendor = service_->CreateOrganisation(admin_, "株式会社ベンダー", OrgKind::kVendor);
  ASSERT_TRUE(vendor);
  auto mismatch = service_->AddUserInOrganisation(admin_, "reg@example.jp", kPassword, {Role::kRegistrar}, vendor->id);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().reason.key, "error.organisation.kind_mismatch");
  EXPECT_EQ(mismatch.error().field, "org_id");
  EXPECT_TRUE(service_->AddUserInOrganisation(admin_, "v@example.jp", kPassword, {Role::kVendor}, vendor->id));
  auto again = service_->CreateOrganisation(admin_, "株式会社ベンダー", OrgKind::kRegistrationBody);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_EQ(Organisations(), before + 1);
  auto nameless = service_->CreateOrganisation(admin_, "", OrgKind::kVendor);
  ASSERT_FALSE(nameless);
  EXPECT_EQ(nameless.error().field, "name");
  auto kindless = service_->CreateOrganisation(admin_, "x", std::nullopt);
  ASSERT_FALSE(kindless);
  EXPECT_EQ(kindless.error().field, "kind");
  // The CLI's name-based path still creates on first use.
  EXPECT_TRUE(service_->AddUser("cli@example.jp", kPassword, {Role::kRegistrar}, "機構C", "cli"));
  EXPECT_EQ(Organisations(), before + 2);
}

TEST_F(AdminAccounts, RolesChangeButNeverFromOneselfOrTheLastAdmin) {
  const Actor registrar{0, "r@example.jp", {Role::kRegistrar}, "", std::nullopt};
  EXPECT_EQ(service_->ChangeRoles(registrar, admin_.user_id, {Role::kUser}, std::nullopt).error().code,
            ErrorCode::kPermissionDenied);
  auto own = service_->ChangeRoles(admin_, admin_.user_id, {Role::kUser}, std::nullopt);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().reason.key, "error.user.own_admin");
  // Another admin may take the role from the first while both are admins; not from the last.
  auto second_id = service_->AddUser("admin2@example.jp", kPassword, {Role::kAdmin}, "", "test").value();
  const Actor second{second_id, "admin2@example.jp", {Role::kAdmin}, "", std::nullopt};
  ASSERT_TRUE(service_->ChangeRoles(second, admin_.user_id, {Role::kUser}, std::nullopt));
  EXPECT_EQ(store_->CountEnabledAdmins().value(), 1);
  // A third account, not an admin, cannot act; the role back to the first admin from the second works.
  ASSERT_TRUE(service_->ChangeRoles(second, admin_.user_id, {Role::kAdmin, Role::kUser}, std::nullopt));
  ASSERT_TRUE(service_->DisableUser(second, admin_.user_id));
  auto last = service_->ChangeRoles(admin_, second_id, {Role::kUser}, std::nullopt);
  ASSERT_FALSE(last);
  EXPECT_EQ(last.error().reason.key, "error.user.last_admin") << "the other admin is disabled";
  EXPECT_EQ(service_->ChangeRoles(second, second_id, {}, std::nullopt).error().field, "role");
  // A registrar needs a registration body.
  auto body = service_->CreateOrganisation(second, "機構B", OrgKind::kRegistrationBody).value();
  auto u = service_->AddUserInOrganisation(second, "u@example.jp", kPassword, {Role::kUser}, std::nullopt).value();
  EXPECT_EQ(service_->ChangeRoles(second, u, {Role::kRegistrar}, std::nullopt).error().field, "org_id");
  ASSERT_TRUE(service_->ChangeRoles(second, u, {Role::kRegistrar}, body.id));
  auto changed = store_->FindUserById(u).value().value();
  EXPECT_EQ(changed.roles, std::vector<Role>{Role::kRegistrar});
  EXPECT_EQ(changed.organisation, "機構B");
  auto entries = Audit(Filter("", "user.roles_change", "user:" + std::to_string(u), "", ""));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries.front().before.find("\"user\""), std::string::npos);
  EXPECT_NE(entries.front().after.find("\"registrar\""), std::string::npos);
  ASSERT_TRUE(service_->EnableUser(second, admin_.user_id));
  EXPECT_EQ(Audit(Filter("", "user.enable", "", "", "")).size(), 1u);
}

TEST_F(AdminAccounts, AResetLinkIsStoredHashedWorksOnceAndExpires) {
  auto reg = service_->AddUser("reg@example.jp", kPassword, {Role::kRegistrar}, "機構A", "test").value();
  auto session = service_->SignIn("reg@example.jp", kPassword, "10.0.0.1").value();
  std::vector<std::string> composed;
  const services::MailComposer compose = [&](const std::string& kind, const std::string& lang,
                                             const services::MailArgs& args) {
    composed.push_back(kind + "/" + lang);
    std::string url;
    for (const auto& [k, v] : args) {
      if (k == "url") url = v;
    }
    return services::MailText{"subject", "open " + url};
  };
  auto started = service_->StartPasswordReset(admin_, reg, "en", compose, "https://proven.example.jp/");
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_TRUE(started->mailed);
  EXPECT_EQ(composed, std::vector<std::string>{"account.password_reset/en"});
  EXPECT_EQ(started->url, "https://proven.example.jp/login/reset/" + started->token);
  EXPECT_EQ(started->expires_at, clock_.NowUnix() + 24 * 60 * 60);
  EXPECT_FALSE(store_->FindPasswordReset(started->token).value()) << "the raw token is not a key";
  EXPECT_TRUE(store_->FindPasswordReset(Sha256Hex(started->token)).value());
  auto start_entry = Audit(Filter("", "user.password_reset_start", "", "", ""));
  ASSERT_EQ(start_entry.size(), 1u);
  EXPECT_NE(start_entry.front().after.find("\"mail_id\""), std::string::npos) << "queued in the same transaction";
  EXPECT_EQ(start_entry.front().after.find(started->token), std::string::npos) << "the token is not in the log";
  // Weak password: refused by its field, the link still good.
  auto weak = service_->CompletePasswordReset(started->token, "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "new_password");
  ASSERT_TRUE(service_->CompletePasswordReset(started->token, "a brand new passphrase"));
  EXPECT_FALSE(service_->Resume(session.id)) << "the user's sessions ended";
  EXPECT_TRUE(service_->SignIn("reg@example.jp", "a brand new passphrase", "10.0.0.1"));
  auto twice = service_->CompletePasswordReset(started->token, "yet another passphrase");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason.key, "error.password_reset.used");
  EXPECT_EQ(Audit(Filter("", "user.password_reset", "", "", "")).size(), 1u);
  // Expiry: a day later the link is refused.
  auto late = service_->StartPasswordReset(admin_, reg, "ja", nullptr, "");
  ASSERT_TRUE(late);
  EXPECT_FALSE(late->mailed) << "no composer, no public URL: nothing mailed";
  clock_.Set(clock_.NowUnix() + 24 * 60 * 60);
  auto expired = service_->CompletePasswordReset(late->token, "a later passphrase 2027");
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().reason.key, "error.password_reset.expired");
  EXPECT_EQ(service_->CheckPasswordReset("unknown-token-unknown").error().code, ErrorCode::kNotFound);
  const Actor registrar{reg, "reg@example.jp", {Role::kRegistrar}, "", std::nullopt};
  EXPECT_EQ(service_->StartPasswordReset(registrar, reg, "ja", nullptr, "").error().code, ErrorCode::kPermissionDenied);
}

TEST_F(AdminAccounts, SignInsAndFailuresAreRecordedWithoutThePassword) {
  auto reg = service_->AddUser("reg@example.jp", kPassword, {Role::kRegistrar}, "機構A", "test").value();
  ASSERT_TRUE(service_->SignIn("reg@example.jp", kPassword, "10.0.0.1"));
  ASSERT_FALSE(service_->SignIn("reg@example.jp", "my secret guess", "10.0.0.2"));
  ASSERT_FALSE(service_->SignIn("ghost@example.jp", "another secret guess", "10.0.0.3"));
  auto ok = Audit(Filter("", "session.sign_in", "", "", ""));
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok.front().entity, "user:" + std::to_string(reg));
  EXPECT_NE(ok.front().after.find("10.0.0.1"), std::string::npos);
  auto failed = Audit(Filter("", "session.sign_in_failed", "", "", ""));
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].entity, "account") << "not an account";
  EXPECT_NE(failed[0].after.find("ghost@example.jp"), std::string::npos);
  EXPECT_EQ(failed[1].entity, "user:" + std::to_string(reg));
  EXPECT_NE(failed[1].after.find("bad_credentials"), std::string::npos);
  for (const auto& e : failed) {
    EXPECT_EQ(e.after.find("guess"), std::string::npos) << "never the password";
  }
}

TEST_F(AdminAccounts, TheAuditFiltersCombineAndCount) {
  service_->AddUser("a@example.jp", kPassword, {Role::kUser}, "", "cli").value();
  clock_.Set(clock_.NowUnix() + 86400);  // 2027-01-16T08:00:00Z
  service_->AddUser("b@example.jp", kPassword, {Role::kUser}, "", "import").value();
  EXPECT_EQ(Audit(Filter("cli", "", "", "", "")).size(), 1u);
  EXPECT_EQ(Audit(Filter("%", "", "", "", "")).size(), 0u) << "LIKE wildcards are literal";
  EXPECT_EQ(Audit(Filter("", "user.create", "", "", "")).size(), 3u);
  EXPECT_EQ(Audit(Filter("", "", "user", "", "")).size(), 3u) << "a kind matches every entity of it";
  EXPECT_EQ(Audit(Filter("", "", "use", "", "")).size(), 0u) << "a kind is not a prefix of another";
  EXPECT_EQ(Audit(Filter("", "", "user:1", "", "")).size(), 1u);
  EXPECT_EQ(Audit(Filter("", "", "", "2027-01-16T00:00:00Z", "")).size(), 1u);
  EXPECT_EQ(Audit(Filter("", "", "", "", "2027-01-16T00:00:00Z")).size(), 2u);
  auto page = service_->AuditFiltered(admin_, Filter("", "user.create", "", "", ""), 1, 1).value();
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries.front().seq, 2) << "newest first, one skipped";
}

TEST_F(AdminAccounts, TheCachedChainCheckReadsOnlyNewEntriesUnlessFull) {
  auto first = service_->VerifyAuditCached(admin_, false).value();
  EXPECT_TRUE(first.problems.empty());
  EXPECT_EQ(first.entries, 1u);
  service_->AddUser("a@example.jp", kPassword, {Role::kUser}, "", "cli").value();
  auto second = service_->VerifyAuditCached(admin_, false).value();
  EXPECT_EQ(second.entries, 2u);
  EXPECT_EQ(second.head_seq, 2);
  auto full = service_->VerifyAuditCached(admin_, true).value();
  EXPECT_EQ(full.entries, 2u);
  EXPECT_TRUE(full.problems.empty());
  const Actor registrar{0, "r@example.jp", {Role::kRegistrar}, "", std::nullopt};
  EXPECT_EQ(service_->VerifyAuditCached(registrar, false).error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace proven
