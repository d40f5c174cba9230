// Trial-deployment cases' pure rules (domain/programme/deployment_case.hpp): published exactly
// while both consent with complete checklists, the state derived from consents and withdrawals,
// what a published case discloses, and the content's validation with JSON paths.
#include <gtest/gtest.h>

#include "domain/programme/deployment_case.hpp"

namespace proven::domain {
namespace {

CaseChecklist Full() {
  CaseChecklist c;
  for (const auto& q : kChecklistQuestions) c.*q.member = true;
  return c;
}

TEST(CaseConsent, PublishedOnlyWhileBothConsentWithCompleteChecklists) {
  CaseChecklist full;
  full.merits_and_drawbacks_considered = full.internal_approval_obtained = full.stakeholders_coordinated = true;
  full.disclose_industry = true;
  full.disclose_company_name = true;
  CaseChecklist user = full;
  user.disclose_company_name = false;  // the user wants to stay anonymous
  EXPECT_FALSE(CasePublished({full, std::nullopt}));
  EXPECT_TRUE(CasePublished({full, user}));
  CaseChecklist incomplete = user;
  incomplete.stakeholders_coordinated = false;
  EXPECT_FALSE(CasePublished({full, incomplete}));
  EXPECT_FALSE(CasePublished({std::nullopt, user})) << "the vendor withdrew its consent";
  const auto shown = DisclosedBoth(full, user);
  EXPECT_FALSE(shown.disclose_company_name);
  EXPECT_TRUE(shown.disclose_industry);
}

TEST(CaseState, DerivedFromConsentsAndTheLatestWithdrawal) {
  DeploymentCase c;
  EXPECT_EQ(c.State(), CaseState::kDraft);
  c.vendor_consent = PartyConsent{Full(), "2026-12-01T00:00:00Z", 1};
  EXPECT_EQ(c.State(), CaseState::kAwaitingConsents);
  c.user_consent = PartyConsent{Full(), "2026-12-02T00:00:00Z", 2};
  EXPECT_EQ(c.State(), CaseState::kPublished);
  // A withdrawal from publication clears both consents (the service does): withdrawn.
  c.vendor_consent.reset();
  c.user_consent.reset();
  c.withdrawn_at = "2026-12-03T00:00:00Z";
  c.withdrawn_by = CaseParty::kUser;
  EXPECT_EQ(c.State(), CaseState::kWithdrawn);
  // Consenting again: awaiting, then published again.
  c.user_consent = PartyConsent{Full(), "2026-12-04T00:00:00Z", 2};
  EXPECT_EQ(c.State(), CaseState::kAwaitingConsents);
  c.vendor_consent = PartyConsent{Full(), "2026-12-04T00:00:00Z", 1};
  EXPECT_EQ(c.State(), CaseState::kPublished);
}

TEST(CaseDisclosure, ShowsOnlyWhatBothSidesAllow) {
  DeploymentCase c;
  c.id = 7;
  c.product_id = 3;
  c.product_name = "ThreatLens";
  c.vendor = "株式会社アルファ";
  c.content.user_org_name = "東都製作所";
  c.content.anonymised_label = "製造業 A社";
  c.content.industry = "製造業";
  c.content.company_size = CompanySize::kMedium;
  c.content.period = "2026年4月〜9月";
  c.content.deployed = "Webサイト";
  c.content.results = "運用負荷が下がった";
  c.content.figures = {{"運用工数", "30", "%削減"}};
  c.content.quote = "簡単でした";
  CaseChecklist vendor = Full();
  CaseChecklist user = Full();
  auto all = Disclose(c, vendor, user);
  EXPECT_TRUE(all.named);
  EXPECT_EQ(all.organisation, "東都製作所");
  EXPECT_EQ(all.industry, "製造業");
  EXPECT_EQ(all.company_size, CompanySize::kMedium);
  ASSERT_TRUE(all.figures);
  EXPECT_EQ(all.figures->front().value, "30");
  EXPECT_EQ(all.quote, "簡単でした");
  // Each item withheld by one side alone is withheld.
  user.disclose_company_name = false;
  vendor.disclose_figures = false;
  user.disclose_quote = false;
  vendor.disclose_size = false;
  auto some = Disclose(c, vendor, user);
  EXPECT_FALSE(some.named);
  EXPECT_EQ(some.organisation, "製造業 A社");
  EXPECT_EQ(some.industry, "製造業");
  EXPECT_FALSE(some.company_size);
  EXPECT_FALSE(some.figures);
  EXPECT_FALSE(some.quote);
  EXPECT_EQ(some.results, "運用負荷が下がった") << "the results in words are always shown";
  EXPECT_EQ(some.period, "2026年4月〜9月");
}

CaseInput Valid() {
  CaseInput in;
  in.user_org_name = " 東都製作所 ";
  in.anonymised_label = "製造業 A社";
  in.industry = "製造業";
  in.company_size = "medium";
  in.period = "2026年4月〜9月";
  in.deployed = "Webサイト";
  in.results = "良好";
  return in;
}

TEST(CaseContentInput, AProposalNeedsEveryRequiredFieldAndNamesEachProblemByItsPath) {
  auto ok = ApplyCaseInput(std::nullopt, Valid());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->user_org_name, "東都製作所") << "trimmed";
  EXPECT_TRUE(ok->figures.empty());

  auto empty = ApplyCaseInput(std::nullopt, CaseInput{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& p : empty.error().problems) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"user_org_name", "anonymised_label", "period", "deployed", "results",
                                              "industry", "company_size"}));

  CaseInput bad = Valid();
  bad.industry = "宇宙産業";
  bad.company_size = "huge";
  bad.period = std::string(101, 'x');
  bad.figures = std::vector<CaseFigure>{{"工数", "30", "%"}, {"", "3割", ""}};
  auto refused = ApplyCaseInput(std::nullopt, bad);
  ASSERT_FALSE(refused);
  fields.clear();
  for (const auto& p : refused.error().problems) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"period", "industry", "company_size", "figures[1].label", "figures[1].value"}));
  EXPECT_EQ(refused.error().problems[1].reason.key, "error.case.unknown_industry");
  EXPECT_EQ(refused.error().problems[4].reason.key, "error.case.bad_figure");
}

TEST(CaseContentInput, AChangeKeepsWhatItDoesNotGiveAndRefusesEmptyingARequiredField) {
  auto base = ApplyCaseInput(std::nullopt, Valid()).value();
  CaseInput change;
  change.results = "さらに良好";
  change.figures = std::vector<CaseFigure>{{"検知率", "0.962", "rate"}, {"誤検知", "-1.5", "%"}};
  auto changed = ApplyCaseInput(base, change);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->results, "さらに良好");
  EXPECT_EQ(changed->industry, "製造業");
  EXPECT_EQ(changed->figures.size(), 2u);
  CaseInput emptied;
  emptied.deployed = "   ";
  auto refused = ApplyCaseInput(base, emptied);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "deployed");
  EXPECT_EQ(refused.error().reason.key, "error.field.required");
  CaseInput too_many;
  too_many.figures = std::vector<CaseFigure>(kMaxCaseFigures + 1, CaseFigure{"a", "1", ""});
  EXPECT_EQ(ApplyCaseInput(base, too_many).error().field, "figures");
  CaseInput control;
  control.quote = std::string("a\0b", 3);
  EXPECT_EQ(ApplyCaseInput(base, control).error().field, "quote");
}

TEST(CaseIndustries, AreTheServiceListsIndustriesWithoutAllIndustries) {
  EXPECT_NE(FindIndustry("金融・保険業"), nullptr);
  EXPECT_NE(FindIndustry("機械・電機・精密機器"), nullptr);
  EXPECT_EQ(FindIndustry("全業種"), nullptr);
  for (const auto& i : kIndustryVocabulary) EXPECT_FALSE(i.name_en.empty()) << i.name_ja;
}

}  // namespace
}  // namespace proven::domain
