// The case store (store/programme/case_store.hpp) on SQLite and, under pg.unit, PostgreSQL: a case
// written and read back as it was (content, figures, both consents with their checklists), the
// filters (a side's organisation, a product, published only), the history in order, and `proven
// copy` carrying the new tables.
#include <gtest/gtest.h>

#include <tuple>

#include "store/copy.hpp"
#include "unit/case_fixture.hpp"

namespace proven {
namespace {

using domain::CaseParty;
using domain::DeploymentCase;

class CaseStore : public testing::CaseFixture {
 protected:
  DeploymentCase Sample() const {
    DeploymentCase c;
    c.product_id = product_;
    c.vendor_org_id = *vendor_.organisation_id;
    c.user_org_id = *user_.organisation_id;
    c.proposed_by = CaseParty::kVendor;
    c.proposer_id = vendor_.user_id;
    c.content = domain::ApplyCaseInput(std::nullopt, [] {
                  auto in = Content();
                  in.user_org_name = "東都製作所";
                  return in;
                }()).value();
    return c;
  }

  std::int64_t Insert(const DeploymentCase& c) {
    std::int64_t id = 0;
    auto st = case_store_.Write([&](store::CaseWriter& w) -> Status {
      auto r = w.InsertCase(c);
      if (!r) return Fail(r.error());
      id = *r;
      return w.AddEvent({0, id, "", domain::CaseEventKind::kProposed, CaseParty::kVendor, vendor_.user_id, "{}"});
    });
    EXPECT_TRUE(st) << st.error().detail;
    return id;
  }

  DeploymentCase Find(std::int64_t id) {
    DeploymentCase out;
    auto st = case_store_.Read([&](store::CaseReader& r) -> Status {
      auto c = r.FindCase(id);
      if (!c) return Fail(c.error());
      EXPECT_TRUE(*c);
      if (*c) out = **c;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    return out;
  }

  std::vector<std::int64_t> Ids(const store::CaseFilter& f) {
    std::vector<std::int64_t> out;
    EXPECT_TRUE(case_store_.Read([&](store::CaseReader& r) -> Status {
      auto cases = r.Cases(f);
      if (!cases) return Fail(cases.error());
      for (const auto& c : *cases) out.push_back(c.id);
      return {};
    }));
    return out;
  }
};

TEST_F(CaseStore, ACaseIsReadBackAsWrittenWithItsConsents) {
  DeploymentCase c = Sample();
  c.vendor_consent = domain::PartyConsent{Complete(false), "", vendor_.user_id};
  const auto id = Insert(c);
  auto got = Find(id);
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.product_name, "ThreatLens");
  EXPECT_EQ(got.vendor, "株式会社アルファ");
  EXPECT_EQ(got.user_org_id, *user_.organisation_id);
  EXPECT_EQ(got.proposed_by, CaseParty::kVendor);
  EXPECT_EQ(got.content, c.content);
  ASSERT_EQ(got.content.figures.size(), 1u);
  EXPECT_EQ(got.content.figures[0].unit, "%削減");
  ASSERT_TRUE(got.vendor_consent);
  EXPECT_EQ(got.vendor_consent->checklist, Complete(false));
  EXPECT_EQ(got.vendor_consent->at, "2026-12-01T00:00:00Z") << "the transaction's time when none is given";
  EXPECT_FALSE(got.user_consent);
  EXPECT_EQ(got.State(), domain::CaseState::kAwaitingConsents);
  EXPECT_EQ(got.created_at, "2026-12-01T00:00:00Z");

  // The user consents with other answers; the update replaces content, times and consents.
  clock_.Advance(3600);
  got.user_consent = domain::PartyConsent{Complete(true), "", user_.user_id};
  got.published_at = "2026-12-01T01:00:00Z";
  got.content.quote = "";
  ASSERT_TRUE(case_store_.Write([&](store::CaseWriter& w) -> Status { return w.UpdateCase(got); }));
  auto again = Find(id);
  EXPECT_EQ(again.State(), domain::CaseState::kPublished);
  EXPECT_EQ(again.user_consent->checklist, Complete(true));
  EXPECT_EQ(again.user_consent->at, "2026-12-01T01:00:00Z");
  EXPECT_EQ(again.vendor_consent->at, "2026-12-01T00:00:00Z") << "kept as consented";
  EXPECT_EQ(again.published_at, "2026-12-01T01:00:00Z");
  EXPECT_EQ(again.updated_at, "2026-12-01T01:00:00Z");
  EXPECT_EQ(again.content.quote, "");

  // Withdrawn: both consents go, the withdrawal stays.
  again.vendor_consent.reset();
  again.user_consent.reset();
  again.published_at.clear();
  again.withdrawn_at = "2026-12-01T01:00:00Z";
  again.withdrawn_by = CaseParty::kUser;
  ASSERT_TRUE(case_store_.Write([&](store::CaseWriter& w) -> Status { return w.UpdateCase(again); }));
  auto withdrawn = Find(id);
  EXPECT_EQ(withdrawn.State(), domain::CaseState::kWithdrawn);
  EXPECT_EQ(withdrawn.withdrawn_by, CaseParty::kUser);
  EXPECT_TRUE(withdrawn.published_at.empty());

  DeploymentCase missing = again;
  missing.id = id + 100;
  auto st = case_store_.Write([&](store::CaseWriter& w) -> Status { return w.UpdateCase(missing); });
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
}

TEST_F(CaseStore, FiltersBySideProductAndPublication) {
  const auto a = Insert(Sample());
  DeploymentCase b = Sample();
  b.product_id = other_product_;
  b.vendor_org_id = *other_vendor_.organisation_id;
  b.user_org_id = *other_user_.organisation_id;
  b.vendor_consent = domain::PartyConsent{Complete(true), "", other_vendor_.user_id};
  b.user_consent = domain::PartyConsent{Complete(true), "", other_user_.user_id};
  const auto pb = Insert(b);
  EXPECT_EQ(Ids({}), (std::vector<std::int64_t>{pb, a})) << "newest first";
  EXPECT_EQ(Ids({vendor_.organisation_id, std::nullopt, false}), std::vector<std::int64_t>{a});
  EXPECT_EQ(Ids({user_.organisation_id, std::nullopt, false}), std::vector<std::int64_t>{a}) << "either side";
  EXPECT_EQ(Ids({other_user_.organisation_id, std::nullopt, false}), std::vector<std::int64_t>{pb});
  EXPECT_EQ(Ids({std::nullopt, product_, false}), std::vector<std::int64_t>{a});
  EXPECT_EQ(Ids({std::nullopt, std::nullopt, true}), std::vector<std::int64_t>{pb});
  EXPECT_TRUE(Ids({std::nullopt, product_, true}).empty());
}

TEST_F(CaseStore, HistoryInOrderAndLookups) {
  const auto id = Insert(Sample());
  ASSERT_TRUE(case_store_.Write([&](store::CaseWriter& w) -> Status {
    if (auto st = w.AddEvent({0, id, "", domain::CaseEventKind::kConsented, CaseParty::kUser, user_.user_id,
                              R"({"checklist":{}})"});
        !st) {
      return st;
    }
    return w.AddEvent({0, id, "", domain::CaseEventKind::kPublished, std::nullopt, 0, ""});
  }));
  ASSERT_TRUE(case_store_.Read([&](store::CaseReader& r) -> Status {
    auto events = r.Events(id);
    if (!events) return Fail(events.error());
    EXPECT_EQ(events->size(), 3u);
    if (events->size() == 3) {
      EXPECT_EQ((*events)[0].kind, domain::CaseEventKind::kProposed);
      EXPECT_EQ((*events)[1].party, CaseParty::kUser);
      EXPECT_EQ((*events)[1].user_id, user_.user_id);
      EXPECT_EQ((*events)[2].kind, domain::CaseEventKind::kPublished);
      EXPECT_FALSE((*events)[2].party);
      EXPECT_EQ((*events)[2].user_id, 0);
      EXPECT_EQ((*events)[2].detail, "{}");
    }
    auto org = r.FindOrganisation(*user_.organisation_id);
    if (!org) return Fail(org.error());
    EXPECT_TRUE(*org && (*org)->kind == domain::OrgKind::kUserCompany && (*org)->name == "東都製作所");
    auto user = r.FindUserByEmail("u2@factory.example");
    if (!user) return Fail(user.error());
    EXPECT_TRUE(*user && (*user)->organisation_id == user_.organisation_id &&
                (*user)->roles == std::vector<domain::Role>{domain::Role::kUser});
    auto none = r.FindUserByEmail("nobody@example.jp");
    if (!none) return Fail(none.error());
    EXPECT_FALSE(*none);
    return {};
  }));
}

TEST_F(CaseStore, TheDatabaseRefusesACaseWhoseSidesAreOneOrganisation) {
  DeploymentCase c = Sample();
  c.user_org_id = c.vendor_org_id;
  std::int64_t inserted = 0;
  auto refused = case_store_.Write([&](store::CaseWriter& w) -> Status {
    auto r = w.InsertCase(c);
    if (!r) return Fail(r.error());
    inserted = *r;
    return {};
  });
  EXPECT_FALSE(refused);
  EXPECT_EQ(inserted, 0);
}

TEST_F(CaseStore, CopyCarriesEveryCaseTable) {
  DeploymentCase c = Sample();
  c.vendor_consent = domain::PartyConsent{Complete(true), "", vendor_.user_id};
  c.user_consent = domain::PartyConsent{Complete(false), "", user_.user_id};
  c.withdrawn_at = "2026-11-30T00:00:00Z";
  c.withdrawn_by = CaseParty::kVendor;
  const auto id = Insert(c);
  ASSERT_TRUE(case_store_.Write([&](store::CaseWriter& w) -> Status {
    return w.Audit(store::AuditRecord("test", domain::AuditAction::kCasePropose).On("case", id));
  }));
  auto src = store::Connection::Open(database_.spec(), false);
  ASSERT_TRUE(src);
  testing::TestDatabase destination(dir_, "copy.db");
  auto dst = store::Connection::Open(destination.spec(), true);
  ASSERT_TRUE(dst);
  ASSERT_TRUE(store::ApplyMigrations(**dst));
  auto report = store::CopyRegistry(**src, **dst);
  ASSERT_TRUE(report) << report.error().message << " " << report.error().detail;
  store::ConnectionPool pool(destination.spec(), false);
  store::SqlCaseStore copied(pool, clock_);
  ASSERT_TRUE(copied.Read([&](store::CaseReader& r) -> Status {
    auto got = r.FindCase(id);
    if (!got) return Fail(got.error());
    EXPECT_TRUE(*got);
    if (!*got) return {};
    const auto original = Find(id);
    EXPECT_EQ((*got)->content, original.content);
    EXPECT_EQ((*got)->vendor_consent->checklist, original.vendor_consent->checklist);
    EXPECT_EQ((*got)->user_consent->checklist, original.user_consent->checklist);
    EXPECT_EQ((*got)->user_consent->at, original.user_consent->at);
    EXPECT_EQ((*got)->withdrawn_by, CaseParty::kVendor);
    EXPECT_EQ((*got)->withdrawn_at, original.withdrawn_at);
    auto events = r.Events(id);
    if (!events) return Fail(events.error());
    EXPECT_EQ(events->size(), 1u);
    return {};
  }));
  // Ids continue after the copied ones.
  std::int64_t next = 0;
  ASSERT_TRUE(copied.Write([&](store::CaseWriter& w) -> Status {
    auto r = w.InsertCase(Sample());
    if (!r) return Fail(r.error());
    next = *r;
    return {};
  }));
  EXPECT_GT(next, id);
}

}  // namespace
}  // namespace proven
