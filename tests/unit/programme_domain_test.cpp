// The programme's pure rules: the call transition table, validation of calls, applications and
// scores, automatic conflicts, and the ranking arithmetic against hand-computed values.
#include <gtest/gtest.h>

#include <set>

#include "core/date.hpp"
#include "domain/programme/programme.hpp"

namespace proven::domain {
namespace {

TEST(IsoInstant, ParsesOffsetsAndRefusesLocalTimes) {
  auto t = ParseIsoInstant("2026-12-01T17:00:00+09:00");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(*t, 1796112000);  // 2026-12-01T08:00:00Z (date -u -d … +%s)
  EXPECT_EQ(*ParseIsoInstant("2026-12-01T08:00:00Z"), *t);
  EXPECT_EQ(*ParseIsoInstant("2026-12-01T03:00:00.250-05:00"), *t);
  EXPECT_EQ(FormatTokyoIso(*t), "2026-12-01T17:00:00+09:00");
  EXPECT_EQ(FormatTokyoMinute(*t), "2026-12-01 17:00");
  // Midnight in Tokyo is the previous day in UTC.
  EXPECT_EQ(FormatTokyoIso(*ParseIsoInstant("2026-11-30T15:00:00Z")), "2026-12-01T00:00:00+09:00");
  for (const char* bad : {"2026-12-01T17:00:00", "2026-12-01", "2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z",
                          "2026-12-01T17:00:00+9:00", "2026-12-01T17:00:00Z junk", ""}) {
    auto r = ParseIsoInstant(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_EQ(FiscalYearOf(*Date::FromYmd(2026, 3, 31)), 2025);
  EXPECT_EQ(FiscalYearOf(*Date::FromYmd(2026, 4, 1)), 2026);
}

// The whole table, written out: a new state or action must be decided here too.
TEST(CallTransitions, Matrix) {
  // draft, open, closed, decided
  const std::map<CallAction, std::array<bool, 4>> expected = {
      {CallAction::kEditAll, {true, false, false, false}},  {CallAction::kEditText, {true, true, true, false}},
      {CallAction::kOpen, {true, false, false, false}},     {CallAction::kApply, {false, true, false, false}},
      {CallAction::kWithdraw, {false, true, false, false}}, {CallAction::kAppoint, {true, true, true, false}},
      {CallAction::kReview, {false, false, true, false}},   {CallAction::kDecide, {false, false, true, false}},
  };
  ASSERT_EQ(expected.size(), std::size(kCallActions));
  const CallState states[] = {CallState::kDraft, CallState::kOpen, CallState::kClosed, CallState::kDecided};
  for (const auto& [action, allowed] : expected) {
    for (int i = 0; i < 4; ++i) {
      auto st = MayDoToCall(7, states[i], action);
      EXPECT_EQ(st.has_value(), allowed[i]) << CallActionCode(action) << " in " << i;
      if (!st) {
        EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_TRUE(st.error().reason.key.starts_with("error.call.")) << st.error().reason.key;
      }
    }
  }
}

TEST(CallTransitions, ClosesByItselfAtClosesAt) {
  Call c;
  c.stored_state = CallState::kOpen;
  c.closes_at = 1000;
  EXPECT_EQ(EffectiveState(c, 999), CallState::kOpen);
  EXPECT_EQ(EffectiveState(c, 1000), CallState::kClosed);
  c.stored_state = CallState::kDraft;
  EXPECT_EQ(EffectiveState(c, 5000), CallState::kDraft);
}

std::vector<Field> SomeFields() {
  Field a;
  a.id = 1;
  a.name_ja = "脅威の可視化";
  a.name_en = "Threat visibility";
  Field b = a;
  b.id = 2;
  b.status = FieldStatus::kRetired;
  return {a, b};
}

CallInput ValidInput() {
  CallInput in;
  in.title = "令和8年度 製品公募";
  in.description = "公募要領";
  in.opens_at = "2026-12-01T10:00:00+09:00";
  in.closes_at = "2027-01-15T17:00:00+09:00";
  in.field_ids = std::vector<std::int64_t>{1};
  in.criteria = std::vector<Criterion>{{0, "独自性", "", 3}, {0, "市場性", "", 1}};
  in.questions = std::vector<Question>{{0, QuestionKind::kSingleChoice, "提供形態", {"SaaS", "オンプレミス"}, true}};
  return in;
}

TEST(CallInputRules, ValidatesEachPartNamingTheField) {
  auto ok = ApplyCallInput(Call{}, ValidInput(), SomeFields());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->criteria.size(), 2u);
  EXPECT_TRUE(CheckReadyToOpen(*ok, SomeFields(), *ParseIsoInstant("2026-11-30T00:00:00Z")));

  CallInput bad = ValidInput();
  bad.criteria = std::vector<Criterion>{{0, "独自性", "", 0}, {0, "独自性", "", 3}};
  bad.questions = std::vector<Question>{{0, QuestionKind::kSingleChoice, "one option only", {"A"}, false}};
  bad.field_ids = std::vector<std::int64_t>{99};
  bad.closes_at = "2026-11-01T00:00:00+09:00";
  auto r = ApplyCallInput(Call{}, bad, SomeFields());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& p : r.error().problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"criteria[0].weight", "criteria[1].name", "questions[0].options", "fields[0]",
                                           "closes_at"}));

  // Opening needs criteria, fields that are not retired, and a deadline ahead.
  Call draft = *ok;
  draft.criteria.clear();
  draft.field_ids = {2};
  auto st = CheckReadyToOpen(draft, SomeFields(), *ParseIsoInstant("2027-02-01T00:00:00Z"));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.error().problems.size(), 3u) << st.error().message;
}

TEST(CallInputRules, OpenCallKeepsCriteriaAndMayOnlyExtendItsDeadline) {
  Call before = *ApplyCallInput(Call{}, ValidInput(), SomeFields());
  before.id = 5;
  before.stored_state = CallState::kOpen;
  const std::int64_t now = *ParseIsoInstant("2026-12-10T00:00:00Z");
  Call same = before;
  EXPECT_TRUE(CheckOpenCallChange(before, same, now));
  Call weights = before;
  weights.criteria[0].weight = 4;
  auto st = CheckOpenCallChange(before, weights, now);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.error().reason.key, "error.call.criteria_frozen");
  EXPECT_EQ(st.error().field, "criteria");
  Call later = before;
  *later.closes_at += 86400;
  EXPECT_TRUE(CheckOpenCallChange(before, later, now));
  Call earlier = before;
  *earlier.closes_at -= 86400;
  EXPECT_FALSE(CheckOpenCallChange(before, earlier, now));
  // Once closed, the deadline stays.
  EXPECT_FALSE(CheckOpenCallChange(before, later, *before.closes_at + 1));
}

TEST(ApplicationRules, AnswersMustFitTheirQuestions) {
  Call call = *ApplyCallInput(Call{}, ValidInput(), SomeFields());
  call.questions = {{11, QuestionKind::kText, "概要", {}, true},
                    {12, QuestionKind::kSingleChoice, "形態", {"SaaS", "オンプレミス"}, false},
                    {13, QuestionKind::kMultipleChoice, "対象", {"中小企業", "大企業", "官公庁"}, false},
                    {14, QuestionKind::kFile, "資料", {}, false}};
  ApplicationInput in;
  in.name = "ThreatLens";
  in.overview = "脅威を可視化する";
  in.field_ids = std::vector<std::int64_t>{1};
  in.deployment = std::vector<std::string>{"saas"};
  in.answers = std::map<std::int64_t, Answer>{{11, std::string("回答")},
                                              {12, std::string("SaaS")},
                                              {13, std::vector<std::string>{"中小企業", "官公庁"}},
                                              {14, std::int64_t{501}}};
  auto a = ApplyApplicationInput(Application{}, in, call, {501});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_TRUE(CheckReadyToSubmit(*a, call));

  ApplicationInput bad;
  bad.answers = std::map<std::int64_t, Answer>{{12, std::string("クラウド")},
                                               {13, std::string("中小企業")},
                                               {14, std::int64_t{777}},
                                               {99, std::string("x")}};
  bad.field_ids = std::vector<std::int64_t>{2};
  bad.deployment = std::vector<std::string>{"cloud"};
  bad.homepage = "javascript:alert(1)";
  auto r = ApplyApplicationInput(Application{}, bad, call, {501});
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& p : r.error().problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"answers.12", "answers.13", "answers.14", "answers.99", "fields[0]",
                                           "deployment[0]", "homepage"}));

  // A required question unanswered: not ready.
  Application partial = *a;
  partial.answers.erase(11);
  auto st = CheckReadyToSubmit(partial, call);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "answers.11");
}

TEST(Attachments, TypeIsJudgedByContent) {
  EXPECT_EQ(SniffAttachmentType("%PDF-1.7\n..."), AttachmentType::kPdf);
  EXPECT_EQ(SniffAttachmentType(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), AttachmentType::kPng);
  EXPECT_EQ(SniffAttachmentType("\xFF\xD8\xFF\xE0"), AttachmentType::kJpeg);
  EXPECT_EQ(SniffAttachmentType("<html><script>"), std::nullopt);
  EXPECT_EQ(SniffAttachmentType("MZ\x90"), std::nullopt);
  EXPECT_EQ(SniffAttachmentType(""), std::nullopt);
}

TEST(Committee, ConflictsFoundWithoutAsking) {
  Application a;
  a.id = 1;
  a.vendor_org_id = 40;
  const Reviewer same{7, "r@x.jp", 40, "株式会社A", ""};
  const Reviewer other{8, "s@x.jp", 41, "大学B", ""};
  const std::vector<Relationship> rel = {{1, 8, 40, "株式会社A", "顧問", ""}};
  EXPECT_EQ(FindAutoConflict(same, {}, a), AutoConflict::kSameOrganisation);
  EXPECT_EQ(FindAutoConflict(other, {}, a), std::nullopt);
  EXPECT_EQ(FindAutoConflict(other, rel, a), AutoConflict::kDeclaredRelationship);
  // A reviewer's "no conflict" does not override one found automatically.
  auto v = ConflictOf(same, {}, a, Declaration{1, 7, false, "", ""});
  EXPECT_EQ(v.status, ConflictStatus::kConflicted);
  EXPECT_EQ(ConflictOf(other, {}, a, std::nullopt).status, ConflictStatus::kUndeclared);
  EXPECT_EQ(ConflictOf(other, {}, a, Declaration{1, 8, false, "", ""}).status, ConflictStatus::kClear);
  EXPECT_EQ(ConflictOf(other, {}, a, Declaration{1, 8, true, "共同研究", ""}).status, ConflictStatus::kConflicted);
}

TEST(Committee, ScoresMustCoverEveryCriterionWithWholeNumbers) {
  const std::vector<Criterion> criteria = {{31, "独自性", "", 3}, {32, "市場性", "", 1}};
  std::map<std::int64_t, int> out;
  ASSERT_TRUE(CheckScores(criteria, {{"31", 5}, {"32", 1}}, &out));
  EXPECT_EQ(out, (std::map<std::int64_t, int>{{31, 5}, {32, 1}}));
  auto missing = CheckScores(criteria, {{"31", 5}}, nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "scores.32");
  EXPECT_EQ(missing.error().reason.key, "error.review.missing_score");
  for (double bad : {0.0, 6.0, 2.5, -1.0}) {
    auto r = CheckScores(criteria, {{"31", bad}, {"32", 3}}, nullptr);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "scores.31");
  }
  EXPECT_EQ(CheckScores(criteria, {{"31", 3}, {"32", 3}, {"99", 3}}, nullptr).error().field, "scores.99");
}

Review R(std::int64_t app, std::int64_t reviewer, int a, int b, int c) {
  return Review{app, reviewer, {{1, a}, {2, b}, {3, c}}, "", ""};
}

// Worked by hand. Criteria: 独自性 w3, 重要分野への該当度合 w2, 市場性 w1 (Σw = 6).
//  app 10: (5,4,3) (4,4,2) (5,5,3) → means 4.667, 4.333, 2.667;
//          weighted = (3·14 + 2·13 + 1·8) / (3·6) = 76/18 = 4.2222… → 4.222
//  app 11: (5,4,1) (2,4,4)        → means 3.5, 4, 2.5; weighted = (3·7 + 2·8 + 5)/12 = 42/12 = 3.5;
//          独自性 spread 3 and 市場性 spread 3 → disagreement on 1 and 3
//  app 12: (4,3,4) (3,4,3)        → means 3.5, 3.5, 3.5; weighted = 3.5 → ties with 11 (rank 2, 2)
//  app 13: (5,5,5)                → one review, quorum 2 → listed, not ranked
//  app 14: (1,1,1) (1,2,1)        → weighted = (3·2 + 2·3 + 2)/12 = 14/12 = 1.1666… → 1.167, rank 4
TEST(Ranking, HandComputed) {
  const std::vector<Criterion> criteria = {{1, "独自性", "", 3}, {2, "重要分野への該当度合", "", 2}, {3, "市場性", "", 1}};
  const std::vector<std::pair<std::int64_t, std::vector<Review>>> apps = {
      {13, {R(13, 1, 5, 5, 5)}},
      {12, {R(12, 1, 4, 3, 4), R(12, 2, 3, 4, 3)}},
      {10, {R(10, 1, 5, 4, 3), R(10, 2, 4, 4, 2), R(10, 3, 5, 5, 3)}},
      {14, {R(14, 1, 1, 1, 1), R(14, 2, 1, 2, 1)}},
      {11, {R(11, 1, 5, 4, 1), R(11, 2, 2, 4, 4)}},
  };
  auto rows = Rank(criteria, 2, apps);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].application_id, 10);
  EXPECT_EQ(rows[0].rank, 1);
  EXPECT_EQ(rows[0].weighted->Text(), "4.222");
  EXPECT_EQ(rows[0].criterion_means.at(1).Text(), "4.667");
  EXPECT_EQ(rows[0].criterion_means.at(2).Text(), "4.333");
  EXPECT_EQ(rows[0].criterion_means.at(3).Text(), "2.667");
  EXPECT_TRUE(rows[0].disagreements.empty());
  EXPECT_EQ(rows[1].application_id, 11);
  EXPECT_EQ(rows[2].application_id, 12);
  EXPECT_EQ(rows[1].rank, 2);
  EXPECT_EQ(rows[2].rank, 2);
  EXPECT_EQ(rows[1].weighted->Text(), "3.500");
  EXPECT_EQ(rows[2].weighted->Text(), "3.500");
  EXPECT_EQ(rows[1].disagreements, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(rows[3].application_id, 14);
  EXPECT_EQ(rows[3].rank, 4);
  EXPECT_EQ(rows[3].weighted->Text(), "1.167");
  EXPECT_EQ(rows[4].application_id, 13);
  EXPECT_FALSE(rows[4].rank.has_value());
  EXPECT_EQ(rows[4].reviews, 1);
  EXPECT_EQ(rows[4].weighted->Text(), "5.000");  // shown, not ranked
}

TEST(Ranking, RoundsHalfUpExactly) {
  // (1·1 + 1·2)/2 = 1.5 exactly; 2.0005 style halves: means of 3 reviews are thirds, never halves of
  // a thousandth, so use weights: w 1 and 7, scores 1 and 2 → (1 + 14)/8 = 1.875.
  const std::vector<Criterion> criteria = {{1, "a", "", 1}, {2, "b", "", 7}};
  auto rows = Rank(criteria, 1, {{1, {Review{1, 1, {{1, 1}, {2, 2}}, "", ""}}}});
  EXPECT_EQ(rows[0].weighted->Text(), "1.875");
  // Σw = 16 and n = 1: 1/16 = 0.0625 → weights 15 and 1 with scores 1, 2 → 17/16 = 1.0625 → 1.063.
  const std::vector<Criterion> c2 = {{1, "a", "", 15}, {2, "b", "", 1}};
  auto rows2 = Rank(c2, 1, {{1, {Review{1, 1, {{1, 1}, {2, 2}}, "", ""}}}});
  EXPECT_EQ(rows2[0].weighted->Text(), "1.063");
  // No reviews: listed, no score.
  auto rows3 = Rank(c2, 2, {{5, {}}});
  EXPECT_FALSE(rows3[0].weighted.has_value());
  EXPECT_FALSE(rows3[0].rank.has_value());
}

}  // namespace
}  // namespace proven::domain
