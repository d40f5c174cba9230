// The trial-deployment case workflow (services/programme/case_service.hpp) on a real database
// (SQLite, and PostgreSQL under pg.unit): who may propose, see and act (each side only for
// itself; the admin reads all and acts on none; anyone else finds nothing), a change after a
// consent resets both, publication only after both consents, a withdrawal unpublishes at once and
// the history records who and when, and the public listing shows only what is disclosed.
#include <gtest/gtest.h>

#include <algorithm>

#include "services/programme/case_service.hpp"
#include "store/account_store.hpp"
#include "unit/case_fixture.hpp"

namespace proven {
namespace {

using domain::CaseEventKind;
using domain::CaseParty;
using domain::CaseState;
using services::ProposeInput;

class CaseServiceTest : public testing::CaseFixture {
 protected:
  void SetUp() override {
    CaseFixture::SetUp();
    service_ = std::make_unique<services::CaseService>(case_store_, verification_store_, clock_);
  }

  // The vendor's proposal for its product with the user organisation of u@factory.example.
  std::int64_t VendorProposes() {
    ProposeInput in;
    in.product_id = product_;
    in.user_contact = "U@Factory.example";
    in.content = Content();
    auto v = service_->Propose(vendor_, in);
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->record.id : 0;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    auto entries = accounts_.ListAudit(1LL << 62, 1000);
    EXPECT_TRUE(entries);
    for (const auto& e : *entries) {
      if (e.action.starts_with("case.")) out.push_back(e.action);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<services::CaseService> service_;
};

TEST_F(CaseServiceTest, AVendorProposesForItsOwnProductNamingTheUserOrganisation) {
  const auto id = VendorProposes();
  auto v = service_->Get(vendor_, id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->state, CaseState::kDraft);
  EXPECT_EQ(v->side, CaseParty::kVendor);
  EXPECT_EQ(v->record.user_org_id, *user_.organisation_id);
  EXPECT_EQ(v->record.content.user_org_name, "東都製作所") << "the registered name by default";
  EXPECT_EQ(v->field_ids, (std::vector<std::int64_t>{1, 2}));
  ASSERT_EQ(v->history.size(), 1u);
  EXPECT_EQ(v->history[0].kind, CaseEventKind::kProposed);

  // Not another vendor's product.
  ProposeInput other;
  other.product_id = other_product_;
  other.user_contact = user_.email;
  other.content = Content();
  auto refused = service_->Propose(vendor_, other);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().field, "product_id");
  // The contact must be an account of a user organisation.
  other.product_id = product_;
  for (const char* contact : {"", "nobody@example.jp", "v@beta.example", "k@lab.example", "not an address"}) {
    other.user_contact = contact;
    auto bad = service_->Propose(vendor_, other);
    ASSERT_FALSE(bad) << contact;
    EXPECT_EQ(bad.error().field, "user_contact") << contact;
  }
  // No product: not found, naming the field; bad content: every problem by its path.
  other.user_contact = user_.email;
  other.product_id = 999;
  EXPECT_EQ(service_->Propose(vendor_, other).error().code, ErrorCode::kNotFound);
  other.product_id = product_;
  other.content.industry = "宇宙";
  EXPECT_EQ(service_->Propose(vendor_, other).error().field, "industry");
  // Roles without the action learn nothing.
  EXPECT_EQ(service_->Propose(verifier_, other).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Propose(admin_, other).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditActions(), std::vector<std::string>{"case.propose"}) << "refusals write nothing";
}

TEST_F(CaseServiceTest, AUserOrganisationProposesForItselfForAnyPublishedProduct) {
  ProposeInput in;
  in.product_id = other_product_;
  in.content = Content();
  in.content.user_org_name = "株式会社東都製作所";
  auto v = service_->Propose(user_, in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->record.proposed_by, CaseParty::kUser);
  EXPECT_EQ(v->record.vendor_org_id, *other_vendor_.organisation_id);
  EXPECT_EQ(v->record.content.user_org_name, "株式会社東都製作所");
  // The product's vendor sees it as its side; its colleague as the user side; others not at all.
  EXPECT_EQ(service_->Get(other_vendor_, v->record.id)->side, CaseParty::kVendor);
  EXPECT_EQ(service_->Get(user_colleague_, v->record.id)->side, CaseParty::kUser);
  EXPECT_EQ(service_->Get(vendor_, v->record.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Get(other_user_, v->record.id).error().code, ErrorCode::kNotFound);
  auto admin_view = service_->Get(admin_, v->record.id);
  ASSERT_TRUE(admin_view);
  EXPECT_FALSE(admin_view->side);
  // A user names no contact.
  in.user_contact = "v@alpha.example";
  EXPECT_EQ(service_->Propose(user_, in).error().field, "user_contact");
  // Lists: each side its own, the admin all.
  const auto mine = VendorProposes();
  auto listed = [&](const domain::Actor& a) {
    std::vector<std::int64_t> ids;
    const auto list = service_->List(a).value();
    for (const auto& c : list) ids.push_back(c.record.id);
    return ids;
  };
  EXPECT_EQ(listed(user_), (std::vector<std::int64_t>{mine, v->record.id}));
  EXPECT_EQ(listed(vendor_), std::vector<std::int64_t>{mine});
  EXPECT_EQ(listed(other_vendor_), std::vector<std::int64_t>{v->record.id});
  EXPECT_TRUE(listed(other_user_).empty());
  EXPECT_EQ(listed(admin_).size(), 2u);
  EXPECT_EQ(service_->List(verifier_).error().code, ErrorCode::kPermissionDenied);
  // What each may propose for.
  EXPECT_EQ(service_->ProposableProducts(vendor_)->size(), 1u);
  EXPECT_EQ(service_->ProposableProducts(user_)->size(), 2u);
}

TEST_F(CaseServiceTest, PublishedOnlyAfterBothConsentsAndOnlyWithCompleteChecklists) {
  const auto id = VendorProposes();
  auto incomplete = Complete(true);
  incomplete.internal_approval_obtained = false;
  incomplete.stakeholders_coordinated = false;
  auto refused = service_->Consent(vendor_, id, incomplete);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(refused.error().problems.size(), 2u);
  EXPECT_EQ(refused.error().problems[0].field, "internal_approval_obtained");
  EXPECT_EQ(refused.error().problems[1].field, "stakeholders_coordinated");

  auto v = service_->Consent(vendor_, id, Complete(true));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->state, CaseState::kAwaitingConsents);
  EXPECT_FALSE(service_->Published(id)) << "not public yet";
  EXPECT_TRUE(service_->PublishedCases({})->items.empty());
  // Only a side consents, and each only for itself.
  EXPECT_EQ(service_->Consent(other_user_, id, Complete(true)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->Consent(admin_, id, Complete(true)).error().code, ErrorCode::kPermissionDenied);
  v = service_->Consent(vendor_, id, Complete(true));
  EXPECT_EQ(v->state, CaseState::kAwaitingConsents) << "the vendor again is still one side";

  clock_.Advance(60);
  auto user_answers = Complete(true);
  user_answers.disclose_company_name = false;
  user_answers.disclose_quote = false;
  v = service_->Consent(user_colleague_, id, user_answers);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->state, CaseState::kPublished);
  EXPECT_EQ(v->record.published_at, "2026-12-01T00:01:00Z");
  auto shown = service_->Published(id);
  ASSERT_TRUE(shown);
  EXPECT_FALSE(shown->shown.named);
  EXPECT_EQ(shown->shown.organisation, "製造業 A社, 従業員 300名");
  EXPECT_EQ(shown->shown.industry, "製造業");
  EXPECT_FALSE(shown->shown.quote);
  ASSERT_TRUE(shown->shown.figures);
  EXPECT_EQ(shown->field_ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"case.propose", "case.consent", "case.consent", "case.publish"}));
  // The history: proposed, consented ×3, published.
  std::vector<CaseEventKind> kinds;
  for (const auto& e : v->history) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<CaseEventKind>{CaseEventKind::kProposed, CaseEventKind::kConsented,
                                               CaseEventKind::kConsented, CaseEventKind::kConsented,
                                               CaseEventKind::kPublished}));

  // A published case cannot change.
  domain::CaseInput change;
  change.results = "別の結果";
  EXPECT_EQ(service_->Change(vendor_, id, change).error().code, ErrorCode::kFailedPrecondition);
  // Narrowing the disclosure while published is a new publication.
  auto narrower = Complete(true);
  narrower.disclose_industry = false;
  v = service_->Consent(vendor_, id, narrower);
  EXPECT_EQ(v->state, CaseState::kPublished);
  EXPECT_FALSE(service_->Published(id)->shown.industry);
  EXPECT_EQ(AuditActions().back(), "case.publish");
  // An undisclosed industry matches no industry filter.
  services::PublishedCaseQuery by_industry;
  by_industry.industry = "製造業";
  EXPECT_TRUE(service_->PublishedCases(by_industry)->items.empty());
}

TEST_F(CaseServiceTest, AChangeAfterAConsentResetsBothConsents) {
  const auto id = VendorProposes();
  ASSERT_TRUE(service_->Consent(vendor_, id, Complete(true)));
  // Saving the same content changes nothing and keeps the consent.
  auto same = service_->Change(user_, id, Content());
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(same->state, CaseState::kAwaitingConsents);
  domain::CaseInput change;
  change.results = "誤検知がさらに減った。";
  change.figures = std::vector<domain::CaseFigure>{};
  auto v = service_->Change(user_, id, change);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->state, CaseState::kDraft);
  EXPECT_FALSE(v->record.vendor_consent);
  EXPECT_EQ(v->record.content.results, "誤検知がさらに減った。");
  EXPECT_TRUE(v->record.content.figures.empty());
  ASSERT_EQ(v->history.back().kind, CaseEventKind::kChanged);
  EXPECT_EQ(v->history.back().party, CaseParty::kUser);
  EXPECT_NE(v->history.back().detail.find("\"consents_reset\":true"), std::string::npos);
  EXPECT_NE(v->history.back().detail.find("\"results\""), std::string::npos);
  // A bad change names its field and changes nothing.
  domain::CaseInput bad;
  bad.company_size = "giant";
  EXPECT_EQ(service_->Change(vendor_, id, bad).error().field, "company_size");
  EXPECT_EQ(service_->Change(other_vendor_, id, change).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"case.propose", "case.consent", "case.change"}));
}

TEST_F(CaseServiceTest, AWithdrawalUnpublishesAtOnceAndTheHistoryRecordsWhoAndWhen) {
  const auto id = VendorProposes();
  EXPECT_EQ(service_->Withdraw(vendor_, id).error().code, ErrorCode::kFailedPrecondition) << "nothing to withdraw";
  ASSERT_TRUE(service_->Consent(vendor_, id, Complete(true)));
  ASSERT_TRUE(service_->Consent(user_, id, Complete(true)));
  ASSERT_EQ(service_->PublishedCases({})->total, 1u);
  ASSERT_EQ(service_->PublishedForProduct(product_)->size(), 1u);

  clock_.Advance(3600);
  auto v = service_->Withdraw(user_colleague_, id);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->state, CaseState::kWithdrawn);
  EXPECT_FALSE(v->record.vendor_consent) << "the other side's consent is cleared too";
  EXPECT_FALSE(v->record.user_consent);
  EXPECT_EQ(v->record.withdrawn_by, CaseParty::kUser);
  EXPECT_EQ(v->record.withdrawn_at, "2026-12-01T01:00:00Z");
  EXPECT_TRUE(v->record.published_at.empty());
  EXPECT_EQ(service_->Published(id).error().code, ErrorCode::kNotFound) << "gone at once";
  EXPECT_EQ(service_->PublishedCases({})->total, 0u);
  EXPECT_TRUE(service_->PublishedForProduct(product_)->empty());
  const auto& withdrawn = v->history[v->history.size() - 2];
  EXPECT_EQ(withdrawn.kind, CaseEventKind::kWithdrawn);
  EXPECT_EQ(withdrawn.party, CaseParty::kUser);
  EXPECT_EQ(withdrawn.user_id, user_colleague_.user_id);
  EXPECT_EQ(withdrawn.at, "2026-12-01T01:00:00Z");
  EXPECT_EQ(v->history.back().kind, CaseEventKind::kUnpublished);
  EXPECT_EQ(AuditActions().back(), "case.withdraw");

  // Now it may change again; and re-consent by both republishes it.
  domain::CaseInput change;
  change.quote = "";
  ASSERT_TRUE(service_->Change(vendor_, id, change));
  ASSERT_TRUE(service_->Consent(vendor_, id, Complete(true)));
  EXPECT_EQ(service_->Get(vendor_, id)->state, CaseState::kAwaitingConsents);
  auto again = service_->Consent(user_, id, Complete(true));
  EXPECT_EQ(again->state, CaseState::kPublished);
  EXPECT_EQ(again->record.published_at, "2026-12-01T01:00:00Z");
  EXPECT_FALSE(service_->Published(id)->shown.quote) << "an empty quote is never shown";

  // Withdrawing before publication takes away one consent only.
  ASSERT_TRUE(service_->Withdraw(vendor_, id));
  const auto other = VendorProposes();
  ASSERT_TRUE(service_->Consent(vendor_, other, Complete(true)));
  auto w = service_->Withdraw(vendor_, other);
  EXPECT_EQ(w->state, CaseState::kDraft);
  EXPECT_EQ(w->history.back().kind, CaseEventKind::kWithdrawn);
}

TEST_F(CaseServiceTest, ThePublicListingFiltersByDisclosedIndustryAndByField) {
  const auto a = VendorProposes();
  ProposeInput in;
  in.product_id = other_product_;
  in.content = Content();
  in.content.industry = "金融・保険業";
  const auto b = service_->Propose(other_user_, in)->record.id;
  const auto draft = VendorProposes();
  for (auto [id, vendor, user] : {std::tuple{a, vendor_, user_}, {b, other_vendor_, other_user_}}) {
    ASSERT_TRUE(service_->Consent(vendor, id, Complete(true)));
    clock_.Advance(10);
    ASSERT_TRUE(service_->Consent(user, id, Complete(true)));
  }
  auto ids = [&](services::PublishedCaseQuery q) {
    std::vector<std::int64_t> out;
    const auto page = service_->PublishedCases(q).value();
    for (const auto& c : page.items) out.push_back(c.shown.id);
    return out;
  };
  EXPECT_EQ(ids({}), (std::vector<std::int64_t>{b, a})) << "newest publication first; never the draft";
  services::PublishedCaseQuery q;
  q.industry = "金融・保険業";
  EXPECT_EQ(ids(q), std::vector<std::int64_t>{b});
  q = {};
  q.field_id = 2;
  EXPECT_EQ(ids(q), std::vector<std::int64_t>{a});
  q.field_id = 7;
  EXPECT_TRUE(ids(q).empty());
  q = {};
  q.per_page = 1;
  q.page = 2;
  auto page = service_->PublishedCases(q);
  EXPECT_EQ(page->total, 2u);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].shown.id, a);
  EXPECT_EQ(service_->Published(draft).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->Published(b)->shown.named);
  EXPECT_EQ(service_->Published(b)->shown.organisation, "みなと商店");
}

}  // namespace
}  // namespace proven
