// Matching against the live registry (MatchingService builds the candidates from the store's
// services: coverage, industries, state and dates) and the saved needs' watch: a need records
// what matched when it was saved, a later round records and mails only what is new, once — a
// second round, or a second instance, records and mails nothing more. SQLite here, PostgreSQL
// under pg.unit.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "core/clock.hpp"
#include "services/matching/matching_service.hpp"
#include "services/matching/needs_service.hpp"
#include "services/programme/case_service.hpp"
#include "services/programme/product_catalogue.hpp"
#include "services/registry_service.hpp"
#include "store/account_store.hpp"
#include "store/mail_outbox.hpp"
#include "store/matching/needs_store.hpp"
#include "store/migrations.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "support/test_support.hpp"
#include "web/http_parse.hpp"
#include "web/i18n.hpp"
#include "web/mail_texts.hpp"

namespace proven {
namespace {

const Date kToday{2026, 12, 1};

class NeedsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(database_.spec(), true);
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(store::ApplyMigrations(**c));
    auto id = accounts_.CreateUser("u@factory.example", "x", std::nullopt, {domain::Role::kUser}, "test");
    ASSERT_TRUE(id);
    user_ = {*id, "u@factory.example", {domain::Role::kUser}, "", std::nullopt};
    auto other = accounts_.CreateUser("o@shop.example", "x", std::nullopt, {domain::Role::kUser}, "test");
    ASSERT_TRUE(other);
    other_ = {*other, "o@shop.example", {domain::Role::kUser}, "", std::nullopt};
  }

  std::int64_t AddService(const std::string& name, domain::ServiceType type, std::vector<std::string> regions,
                          std::vector<std::string> industries, domain::ServiceState state = domain::ServiceState::kActive,
                          Date registered = {2025, 4, 1}, Date expires = {2028, 3, 31}) {
    domain::Service s;
    s.name = name;
    s.provider = name + "社";
    s.address = "東京都千代田区1-1";
    s.prefecture = "東京都";
    s.overview = name + "の概要";
    s.industries = std::move(industries);
    s.regions = std::move(regions);
    s.registered_on = registered;
    s.expires_on = expires;
    s.registrar = "機構A";
    s.type = type;
    s.state = state;
    std::int64_t id = 0;
    EXPECT_TRUE(service_store_.Write([&](store::ServiceWriter& w) -> Status {
      auto inserted = w.Insert(s);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    }));
    EXPECT_TRUE(registry_.Sync());
    return id;
  }

  std::vector<domain::OutboxEntry> Mail() {
    auto all = outbox_.List(std::nullopt, 1000, 0);
    EXPECT_TRUE(all);
    return all ? *all : std::vector<domain::OutboxEntry>{};
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "needs.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{1'796'083'200};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlServiceStore service_store_{pool_, clock_};
  services::RegistryService registry_{service_store_};
  store::SqlProgrammeStore programme_store_{pool_, clock_};
  store::SqlVerificationStore verification_store_{pool_, clock_};
  store::SqlCaseStore case_store_{pool_, clock_};
  services::ProductCatalogue catalogue_{verification_store_, programme_store_};
  services::CaseService cases_{case_store_, verification_store_, clock_};
  services::MatchingService matching_{registry_, catalogue_, cases_, [] { return kToday; }};
  store::SqlNeedsStore needs_store_{pool_, clock_};
  store::MailOutbox outbox_{pool_, clock_};
  services::NeedsService needs_{needs_store_, matching_, web::CatalogueMailComposer(), "https://proven.example.jp", clock_};
  domain::Actor user_, other_;
};

domain::Needs TokyoInfection() {
  domain::Needs n;
  n.industry = "製造業";
  n.regions = {"東京都"};
  n.problems = {"suspected_infection"};
  return n;
}

TEST_F(NeedsServiceTest, CandidatesComeFromTheRegistryWithCoverageIndustriesAndValidity) {
  ASSERT_TRUE(registry_.Reload());
  const auto kanto = AddService("関東フォレンジック", domain::ServiceType::kForensics, {"関東"}, {"製造業"});
  const auto nation = AddService("全国フォレンジック", domain::ServiceType::kForensics, {"日本全国"}, {"全業種"});
  AddService("大阪フォレンジック", domain::ServiceType::kForensics, {"大阪府"}, {"製造業"});        // out of region
  AddService("監視サービス", domain::ServiceType::kMonitoring, {"日本全国"}, {"製造業"});          // another type
  AddService("停止中フォレンジック", domain::ServiceType::kForensics, {"日本全国"}, {"製造業"},
             domain::ServiceState::kSuspended);
  AddService("期限切れフォレンジック", domain::ServiceType::kForensics, {"日本全国"}, {"製造業"},
             domain::ServiceState::kActive, {2023, 4, 1}, {2026, 3, 31});

  auto set = matching_.Candidates();
  ASSERT_TRUE(set) << set.error().message;
  ASSERT_TRUE(set->services);
  // Only services valid today are candidates; coverage is the union of the regions' masks.
  EXPECT_EQ(set->services->size(), 4u);
  for (const auto& c : *set->services) {
    EXPECT_NE(c.name, "停止中フォレンジック");
    EXPECT_NE(c.name, "期限切れフォレンジック");
    if (c.name == "関東フォレンジック") {
      EXPECT_EQ(c.coverage, domain::FindRegion("関東")->mask);
    }
    if (c.name == "全国フォレンジック") {
      EXPECT_EQ(c.coverage, domain::kAllPrefectures);
    }
  }

  auto page = matching_.Match(TokyoInfection(), {1, 20});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->total, 2u);
  // The exact industry (4) ranks above 全業種 (2).
  EXPECT_EQ(page->items[0].match.id, kanto);
  EXPECT_EQ(page->items[0].match.score, domain::kPointsIndustry);
  EXPECT_EQ(page->items[0].organisation, "関東フォレンジック社");
  EXPECT_EQ(page->items[1].match.id, nation);
  EXPECT_EQ(page->items[1].match.score, domain::kPointsAllIndustries);

  // Paging: the second page of one holds the second match; past the end, nothing.
  auto second = matching_.Match(TokyoInfection(), {2, 1});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total, 2u);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].match.id, nation);
  EXPECT_TRUE(matching_.Match(TokyoInfection(), {3, 1})->items.empty());

  // A change to the registry is seen at once (the cache follows the registry's generation).
  const auto later = AddService("東京フォレンジック", domain::ServiceType::kForensics, {"東京都"}, {"製造業"});
  auto again = matching_.Match(TokyoInfection(), {1, 20});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->total, 3u);
  bool found = false;
  for (const auto& r : again->items) found = found || r.match.id == later;
  EXPECT_TRUE(found);
}

TEST_F(NeedsServiceTest, BadNeedsNameTheField) {
  ASSERT_TRUE(registry_.Reload());
  domain::Needs n;
  n.regions = {"東京都", "火星"};
  auto r = matching_.Match(n, {1, 20});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "regions[1]");
  n = {};
  n.fields = {99};
  r = matching_.Match(n, {1, 20});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "fields[0]");
  auto parsed = services::NeedsFromJson(nlohmann::json::parse(R"({"types":["forensics","teleportation"]})"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().field, "types[1]");
  parsed = services::NeedsFromJson(nlohmann::json::parse(R"({"size":"huge"})"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().field, "size");
  parsed = services::NeedsFromJson(nlohmann::json::parse(R"({"colour":"blue"})"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().field, "colour");
  // The query string and the JSON agree.
  const auto n2 = TokyoInfection();
  auto back = services::NeedsFromQuery(web::ParseQueryString(services::NeedsQueryString(n2)));
  ASSERT_TRUE(back);
  EXPECT_EQ(services::NeedsToJson(*back), services::NeedsToJson(n2));
}

TEST_F(NeedsServiceTest, OnlyNewMatchesAreNotifiedAndEachOnce) {
  ASSERT_TRUE(registry_.Reload());
  const auto before = AddService("関東フォレンジック", domain::ServiceType::kForensics, {"関東"}, {"製造業"});
  auto saved = needs_.Save(user_, TokyoInfection(), "en");
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->lang, "en");
  EXPECT_EQ(saved->feed_key.size(), 32u);

  // What matched when it was saved is seen already: no mail, no feed entry.
  auto round = needs_.NotifyNewMatches();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->needs, 1);
  EXPECT_EQ(round->new_matches, 0);
  EXPECT_TRUE(Mail().empty());

  // A new matching service, and one that does not match (out of region): one new match, one mail.
  const auto fresh = AddService("東京フォレンジック", domain::ServiceType::kForensics, {"東京都"}, {"製造業"});
  AddService("大阪フォレンジック", domain::ServiceType::kForensics, {"大阪府"}, {"製造業"});
  round = needs_.NotifyNewMatches();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->new_matches, 1);
  EXPECT_EQ(round->mails, 1);
  auto mail = Mail();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].message.to, "u@factory.example");
  EXPECT_EQ(mail[0].message.lang, "en");
  EXPECT_EQ(mail[0].message.kind, services::kNeedsMailKind);
  EXPECT_NE(mail[0].message.subject.find("1 new match"), std::string::npos) << mail[0].message.subject;
  EXPECT_NE(mail[0].message.text.find("東京フォレンジック"), std::string::npos);
  EXPECT_EQ(mail[0].message.text.find("大阪フォレンジック"), std::string::npos);
  EXPECT_EQ(mail[0].message.text.find("関東フォレンジック"), std::string::npos) << "seen when saved";
  EXPECT_EQ(mail[0].message.unsubscribe_url, needs_.UnsubscribeUrl(*saved));

  // Again (or another instance): nothing more.
  round = needs_.NotifyNewMatches();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->new_matches, 0);
  services::NeedsService second_instance{needs_store_, matching_, web::CatalogueMailComposer(), "https://proven.example.jp", clock_};
  round = second_instance.NotifyNewMatches();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->new_matches, 0);
  EXPECT_EQ(Mail().size(), 1u);

  // The feed lists the new match only, with the key; without it (or with another) nothing.
  auto feed = needs_.Feed(saved->id, saved->feed_key);
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].candidate_id, fresh);
  EXPECT_EQ(feed->entries[0].kind, "service");
  EXPECT_FALSE(needs_.Feed(saved->id, "wrong"));
  EXPECT_FALSE(needs_.Feed(saved->id, ""));
  (void)before;

  // Unsubscribed: the next new match is recorded (feed) but mails nothing.
  ASSERT_TRUE(needs_.Unsubscribe(saved->unsubscribe_token));
  AddService("全国フォレンジック", domain::ServiceType::kForensics, {"日本全国"}, {"製造業"});
  round = needs_.NotifyNewMatches();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->new_matches, 1);
  EXPECT_EQ(round->mails, 0);
  EXPECT_EQ(Mail().size(), 1u);
  EXPECT_EQ(needs_.Feed(saved->id, saved->feed_key)->entries.size(), 2u);
}

TEST_F(NeedsServiceTest, SavedNeedsAreTheirOwnersAlone) {
  ASSERT_TRUE(registry_.Reload());
  auto saved = needs_.Save(user_, TokyoInfection(), "ja");
  ASSERT_TRUE(saved);
  EXPECT_FALSE(needs_.Save(user_, domain::Needs{}, "ja")) << "needs that ask nothing";
  EXPECT_EQ(needs_.Get(other_, saved->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(needs_.Delete(other_, saved->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(needs_.Mine(other_)->empty());
  ASSERT_EQ(needs_.Mine(user_)->size(), 1u);
  ASSERT_TRUE(needs_.Delete(user_, saved->id));
  EXPECT_TRUE(needs_.Mine(user_)->empty());
  EXPECT_EQ(needs_.Get(user_, saved->id).error().code, ErrorCode::kNotFound);
}

// Keys built from codes (web/matching/): every condition's explanation in every state for both
// kinds of candidate, every condition's, size's, budget's and urgency's label, every problem.
TEST(MatchingTexts, EveryKeyBuiltFromACodeExists) {
  for (const char* code : {"valid_today", "region", "category", "industry", "verified", "strong_point", "cases", "text"}) {
    EXPECT_TRUE(web::HasMessage(std::string("needs_cond_") + code)) << code;
    for (const char* state : {"met", "unmet", "na"}) {
      for (const char* kind : {"service", "product"}) {
        const std::string base = fmt::format("match.cond.{}.{}", code, state);
        EXPECT_TRUE(web::HasMessage(base) || web::HasMessage(base + "." + kind)) << base << " " << kind;
      }
    }
  }
  for (const auto& c : domain::kCompanySizeCodes) EXPECT_TRUE(web::HasMessage(fmt::format("needs_size_{}", c.code)));
  for (const auto& c : domain::kBudgetBandCodes) EXPECT_TRUE(web::HasMessage(fmt::format("needs_budget_{}", c.code)));
  for (const auto& c : domain::kUrgencyCodes) EXPECT_TRUE(web::HasMessage(fmt::format("needs_urgency_{}", c.code)));
  for (const auto& p : domain::ProblemStatements()) EXPECT_TRUE(web::HasMessage(fmt::format("problem.{}", p.code)));
  for (const char* kind : {"service", "product"}) {
    EXPECT_TRUE(web::HasMessage(fmt::format("needs_kind_{}", kind)));
    EXPECT_TRUE(web::HasMessage(fmt::format("needs_feed_entry_{}", kind)));
  }
  EXPECT_TRUE(web::HasMessage(std::string("mail.") + services::kNeedsMailKind + ".subject"));
  EXPECT_TRUE(web::HasMessage(std::string("mail.") + services::kNeedsMailKind + ".body"));
}

}  // namespace
}  // namespace proven
