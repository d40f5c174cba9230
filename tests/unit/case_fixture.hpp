#pragma once
// What the trial-deployment case tests share: a migrated database (SQLite, or PostgreSQL under
// pg.unit), organisations and accounts of both sides, and published products made through the
// programme's and the verification's own stores.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/programme/deployment_case.hpp"
#include "store/account_store.hpp"
#include "store/migrations.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "support/test_support.hpp"

namespace proven::testing {

inline constexpr std::int64_t kCaseT0 = 1796083200;  // 2026-12-01T00:00:00Z

class CaseFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto c = store::Connection::Open(database_.spec(), true);
      ASSERT_TRUE(c) << c.error().detail;
      auto applied = store::ApplyMigrations(**c);
      ASSERT_TRUE(applied) << applied.error().detail;
    }
    admin_ = Account("admin@op.example", domain::Role::kAdmin, "");
    vendor_ = Account("v@alpha.example", domain::Role::kVendor, "株式会社アルファ");
    other_vendor_ = Account("v@beta.example", domain::Role::kVendor, "株式会社ベータ");
    user_ = Account("u@factory.example", domain::Role::kUser, "東都製作所");
    user_colleague_ = Account("u2@factory.example", domain::Role::kUser, "東都製作所");
    other_user_ = Account("u@shop.example", domain::Role::kUser, "みなと商店");
    verifier_ = Account("k@lab.example", domain::Role::kVerifier, "");
    product_ = PublishProduct(vendor_, "ThreatLens", {1, 2});
    other_product_ = PublishProduct(other_vendor_, "WiFi Watch", {3});
  }

  domain::Actor Account(const std::string& email, domain::Role role, const std::string& org) {
    std::optional<std::int64_t> org_id;
    if (!org.empty()) {
      const auto kind = role == domain::Role::kVendor ? domain::OrgKind::kVendor
                        : role == domain::Role::kUser ? domain::OrgKind::kUserCompany
                                                      : domain::OrgKind::kOperator;
      auto o = accounts_.EnsureOrganisation(org, kind, "test");
      EXPECT_TRUE(o);
      org_id = o->id;
    }
    auto id = accounts_.CreateUser(email, "x", org_id, {role}, "test");
    EXPECT_TRUE(id) << email;
    return domain::Actor{id.value_or(0), email, {role}, org, org_id};
  }

  // A product of `vendor`'s organisation with a published report.
  std::int64_t PublishProduct(const domain::Actor& vendor, const std::string& name, std::vector<std::int64_t> fields) {
    std::int64_t app = 0;
    EXPECT_TRUE(programme_store_.Write([&](store::ProgrammeWriter& w) -> Status {
      domain::Call c;
      c.title = "公募 " + name;
      auto call = w.InsertCall(c);
      if (!call) return Fail(call.error());
      domain::Application a;
      a.call_id = *call;
      a.vendor_org_id = *vendor.organisation_id;
      a.created_by = vendor.user_id;
      a.product = {name, "1.0", "概要", fields, {domain::DeploymentForm::kSaas}, ""};
      a.outcome = domain::Outcome::kSelected;
      auto id = w.InsertApplication(a);
      if (!id) return Fail(id.error());
      app = *id;
      return {};
    }));
    std::int64_t product = 0;
    EXPECT_TRUE(verification_store_.Write([&](store::VerificationWriter& w) -> Status {
      domain::Verification v;
      v.application_id = app;
      v.state = domain::VerificationState::kPublished;
      auto id = w.InsertVerification(v);
      if (!id) return Fail(id.error());
      domain::PublishedProduct p;
      p.verification_id = *id;
      p.fiscal_year_verified = 2026;
      auto pid = w.EnsureProduct(p);
      if (!pid) return Fail(pid.error());
      product = *pid;
      return {};
    }));
    return product;
  }

  // A complete checklist, disclosing what `disclose` says.
  static domain::CaseChecklist Complete(bool disclose) {
    domain::CaseChecklist c;
    c.merits_and_drawbacks_considered = c.internal_approval_obtained = c.stakeholders_coordinated = true;
    c.disclose_company_name = c.disclose_industry = c.disclose_size = c.disclose_figures = c.disclose_quote = disclose;
    return c;
  }

  static domain::CaseInput Content() {
    domain::CaseInput in;
    in.anonymised_label = "製造業 A社, 従業員 300名";
    in.industry = "製造業";
    in.company_size = "medium";
    in.period = "2026年4月〜9月";
    in.deployed = "本社と2工場のWebサイトに導入";
    in.results = "誤検知が少なく、運用負荷が下がった。";
    in.figures = std::vector<domain::CaseFigure>{{"運用工数", "30", "%削減"}};
    in.quote = "導入が簡単でした。";
    return in;
  }

  TempDir dir_;
  TestDatabase database_{dir_, "cases.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{kCaseT0};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlProgrammeStore programme_store_{pool_, clock_};
  store::SqlVerificationStore verification_store_{pool_, clock_};
  store::SqlCaseStore case_store_{pool_, clock_};
  domain::Actor admin_, vendor_, other_vendor_, user_, user_colleague_, other_user_, verifier_;
  std::int64_t product_ = 0, other_product_ = 0;
};

}  // namespace proven::testing
