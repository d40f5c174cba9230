// Matching needs to services and products (docs/adr/0011-matching.md) on a hand-built fixture:
// what each needs must return, in which order, with which explanation — and what must never be
// returned (expired, suspended, revoked, not yet valid, a region not covered, another type).
#include <gtest/gtest.h>

#include <algorithm>

#include "domain/matching/matching.hpp"

namespace proven {
namespace {

using domain::Candidate;
using domain::Match;
using domain::Needs;
using domain::ServiceType;

const Date kToday{2026, 11, 30};

domain::RegionMask Mask(std::initializer_list<const char*> regions) {
  domain::RegionMask m = 0;
  for (const char* r : regions) m |= domain::FindRegion(r)->mask;
  return m;
}

Candidate Service(std::int64_t id, std::string name, ServiceType type, domain::RegionMask coverage,
                  std::vector<std::string> industries, std::string overview = "") {
  Candidate c;
  c.kind = Candidate::Kind::kService;
  c.id = id;
  c.name = std::move(name);
  c.type = type;
  c.coverage = coverage;
  c.industries = std::move(industries);
  c.overview = std::move(overview);
  c.registered_on = {2025, 4, 1};
  c.expires_on = {2027, 3, 31};
  return c;
}

Candidate Product(std::int64_t id, std::string name, std::vector<std::int64_t> fields,
                  std::vector<std::string> strong_points, std::vector<std::string> case_industries = {}) {
  Candidate c;
  c.kind = Candidate::Kind::kProduct;
  c.id = id;
  c.name = std::move(name);
  c.fields = std::move(fields);
  c.strong_points = std::move(strong_points);
  c.case_industries = std::move(case_industries);
  return c;
}

std::vector<Candidate> Fixture() {
  std::vector<Candidate> all{
      Service(1, "東京フォレンジック", ServiceType::kForensics, Mask({"関東"}), {"製造業", "金融・保険業"}),
      Service(2, "全国インシデント調査", ServiceType::kForensics, Mask({"日本全国"}), {"全業種"}),
      Service(3, "大阪フォレンジック", ServiceType::kForensics, Mask({"大阪府"}), {"製造業"}),
      Service(4, "期限切れフォレンジック", ServiceType::kForensics, Mask({"日本全国"}), {"製造業"}),
      Service(5, "停止中フォレンジック", ServiceType::kForensics, Mask({"日本全国"}), {"製造業"}),
      Service(6, "取消フォレンジック", ServiceType::kForensics, Mask({"日本全国"}), {"製造業"}),
      Service(7, "東京Web診断", ServiceType::kVulnerabilityAssessment, Mask({"東京都"}), {"製造業"}),
      Service(8, "未来の調査", ServiceType::kForensics, Mask({"日本全国"}), {"製造業"}),
      Product(11, "CloudSentinel", {1, 5}, {"既知マルウェア 500 検体の検知率が 96.8%", "通知から平均 18.5 分で端末を隔離できる"},
              {"製造業"}),
      Product(12, "PatchPilot", {2, 3}, {"バックポート版を正しく判定し誤検出が少ない"}),
      Product(13, "ThreatNote", {4}, {"日本語の要約が正確"}),
  };
  all[3].expires_on = {2026, 11, 29};
  all[4].state = domain::ServiceState::kSuspended;
  all[5].state = domain::ServiceState::kRevoked;
  all[7].registered_on = {2026, 12, 1};
  return all;
}

std::vector<std::int64_t> Ids(const std::vector<Match>& ms) {
  std::vector<std::int64_t> ids;
  for (const auto& m : ms) ids.push_back(m.id);
  return ids;
}

const domain::Condition& Cond(const Match& m, const std::string& code) {
  auto it = std::find_if(m.conditions.begin(), m.conditions.end(), [&](const auto& c) { return c.code == code; });
  if (it == m.conditions.end()) throw std::runtime_error("no condition " + code);
  return *it;
}

TEST(Matching, AnInfectedPcInTokyoFindsForensicsThatCoverTokyoAndTheMalwareProduct) {
  Needs n;
  n.industry = "製造業";
  n.regions = {"東京都"};
  n.problems = {"suspected_infection"};
  ASSERT_TRUE(domain::CheckNeeds(n));
  const auto all = Fixture();
  const auto got = domain::MatchNeeds(n, all, kToday);
  // Product 11 (verified 3 + strong point 3 + a case in 製造業 2 = 8), service 1 (製造業 4),
  // service 2 (全業種 2). Never: 3 (大阪府 only), 4 expired, 5 suspended, 6 revoked, 7 another
  // type, 8 not yet valid, 12 and 13 other fields.
  EXPECT_EQ(Ids(got), (std::vector<std::int64_t>{11, 1, 2}));
  EXPECT_EQ(got[0].score, 8);
  EXPECT_EQ(got[1].score, 4);
  EXPECT_EQ(got[2].score, 2);
  // Every condition is explained, met or not.
  const auto& tokyo = got[1];
  EXPECT_TRUE(Cond(tokyo, "valid_today").met);
  EXPECT_TRUE(Cond(tokyo, "region").met);
  EXPECT_EQ(Cond(tokyo, "region").matched, std::vector<std::string>{"東京都"});
  EXPECT_EQ(Cond(tokyo, "category").matched, std::vector<std::string>{"type:forensics"});
  EXPECT_EQ(Cond(tokyo, "industry").matched, std::vector<std::string>{"製造業"});
  EXPECT_FALSE(Cond(tokyo, "verified").applies);
  EXPECT_FALSE(Cond(tokyo, "strong_point").applies);
  const auto& product = got[0];
  EXPECT_FALSE(Cond(product, "region").applies) << "a product has no region";
  EXPECT_EQ(Cond(product, "category").matched, std::vector<std::string>{"field:5"});
  EXPECT_EQ(Cond(product, "category").missing, std::vector<std::string>{"field:1"});
  EXPECT_EQ(Cond(product, "strong_point").matched[0], "既知マルウェア 500 検体の検知率が 96.8%");
  EXPECT_TRUE(Cond(product, "cases").met);
  EXPECT_EQ(Cond(got[2], "industry").points, domain::kPointsAllIndustries);
}

TEST(Matching, NothingInvalidIsEverReturnedWhateverTheNeeds) {
  const auto all = Fixture();
  std::vector<Needs> variants(4);
  variants[1].regions = {"日本全国"};
  variants[2].types = {ServiceType::kForensics};
  variants[3].text = "フォレンジック 調査";
  for (const auto& n : variants) {
    for (const auto& m : domain::MatchNeeds(n, all, kToday)) {
      EXPECT_NE(m.id, 4) << "expired";
      EXPECT_NE(m.id, 5) << "suspended";
      EXPECT_NE(m.id, 6) << "revoked";
      EXPECT_NE(m.id, 8) << "not yet valid";
      EXPECT_TRUE(Cond(m, "valid_today").met);
    }
  }
  // With no conditions, every valid candidate: products first at equal scores, then by name in
  // Japanese collation (全国 ぜん, 大阪 だい, 東京 とう; Latin before kana: 東京Web before 東京フ).
  EXPECT_EQ(Ids(domain::MatchNeeds(variants[0], all, kToday)),
            (std::vector<std::int64_t>{11, 12, 13, 2, 3, 7, 1}));
}

TEST(Matching, AnAreaNeedsEveryPrefectureCoveredAndMissingOnesAreNamed) {
  Needs n;
  n.regions = {"関東", "大阪府"};
  n.types = {ServiceType::kForensics};
  const auto got = domain::MatchNeeds(n, Fixture(), kToday);
  EXPECT_EQ(Ids(got), (std::vector<std::int64_t>{2})) << "only the nationwide service covers both";
  // Explanations of what failed, from the full list of candidates (services 1 and 3 fail the region).
  Needs tokyo_only;
  tokyo_only.regions = {"東京都"};
  tokyo_only.types = {ServiceType::kForensics};
  EXPECT_EQ(Ids(domain::MatchNeeds(tokyo_only, Fixture(), kToday)), (std::vector<std::int64_t>{2, 1}))
      << "equal scores: by name in Japanese collation (全国 ぜん before 東京 とう)";
}

TEST(Matching, NamedFieldsWithoutTypesReturnOnlyProductsAndFreeTextRanks) {
  Needs n;
  n.fields = {2, 4};
  n.text = "誤検出、要約";
  const auto got = domain::MatchNeeds(n, Fixture(), kToday);
  EXPECT_EQ(Ids(got), (std::vector<std::int64_t>{12, 13}));
  EXPECT_EQ(Cond(got[0], "text").matched, std::vector<std::string>{"誤検出"});
  EXPECT_EQ(Cond(got[0], "text").missing, std::vector<std::string>{"要約"});
  EXPECT_EQ(got[0].score, domain::kPointsVerified + domain::kPointsTextWord);
}

TEST(Matching, BadNeedsAreRefusedWithTheirField) {
  Needs n;
  n.regions = {"東京都", "火星"};
  EXPECT_EQ(domain::CheckNeeds(n).error().field, "regions[1]");
  n.regions = {};
  n.problems = {"suspected_infection", "no_such_problem"};
  EXPECT_EQ(domain::CheckNeeds(n).error().field, "problems[1]");
  EXPECT_EQ(domain::CheckNeeds(n).error().reason.key, "error.match.problem");
  n.problems = {};
  n.text = std::string(domain::kNeedsTextMax + 1, 'a');
  EXPECT_EQ(domain::CheckNeeds(n).error().field, "text");
  n.text = "\xff";
  EXPECT_EQ(domain::CheckNeeds(n).error().field, "text");
  // Every problem maps to at least one type or field, and has words to find strong points by.
  for (const auto& p : domain::ProblemStatements()) {
    EXPECT_FALSE(p.types.empty() && p.fields.empty()) << p.code;
    EXPECT_FALSE(p.keywords.empty()) << p.code;
  }
}

}  // namespace
}  // namespace proven
