// After a meeting: the survey's rules (questions and answers checked with the field named), the
// aggregation (counts, the mean rounded half up to thousandths), the statistics' figures (reported
// counts replace check-ins), registrations over time by Tokyo day — and the two new SVG charts.
#include <gtest/gtest.h>

#include "core/date.hpp"
#include "domain/events/survey.hpp"
#include "web/charts.hpp"

namespace proven {
namespace {

using domain::SurveyAnswer;
using domain::SurveyAnswers;
using domain::SurveyQuestion;
using domain::SurveyQuestionKind;

std::vector<SurveyQuestion> Questions() {
  SurveyQuestion scale{"satisfaction", SurveyQuestionKind::kScale, "満足度", "Satisfaction", true, false, {}};
  SurveyQuestion useful{"useful", SurveyQuestionKind::kChoice, "役立った内容", "Useful", false, true,
                        {{"policy", "政策", "Policy"}, {"trends", "動向", "Trends"}, {"networking", "交流", "Networking"}}};
  SurveyQuestion format{"format", SurveyQuestionKind::kChoice, "形式", "Format", false, false,
                        {{"onsite", "会場", "On site"}, {"online", "オンライン", "Online"}}};
  SurveyQuestion comments{"comments", SurveyQuestionKind::kText, "ご意見", "Comments", false, false, {}};
  return {scale, useful, format, comments};
}

std::string FieldOf(const Status& st) { return st ? std::string("(ok)") : st.error().field; }
template <typename T>
std::string FieldOf(const Result<T>& r) {
  return r ? std::string("(ok)") : r.error().field;
}

TEST(SurveyQuestions, AValidSurveyPasses) { EXPECT_TRUE(domain::CheckQuestions(Questions())); }

TEST(SurveyQuestions, EachProblemNamesItsField) {
  EXPECT_EQ(FieldOf(domain::CheckQuestions({})), "questions");
  auto q = Questions();
  q[1].key = "Useful!";
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[1].key");
  q = Questions();
  q[2].key = "useful";
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[2].key") << "keys are unique";
  q = Questions();
  q[3].label_en = "";
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[3].label_en") << "both languages are required";
  q = Questions();
  q[1].options.resize(1);
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[1].options");
  q = Questions();
  q[1].options[2].key = "policy";
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[1].options[2].key");
  q = Questions();
  q[1].options[0].label_ja = std::string(301, 'a');
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[1].options[0].label_ja");
  q = Questions();
  q[0].options = {{"a", "a", "a"}, {"b", "b", "b"}};
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[0].options") << "only choice questions have options";
  q = Questions();
  q[3].multiple = true;
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions[3].multiple");
  q.assign(domain::kMaxSurveyQuestions + 1, Questions()[3]);
  for (std::size_t i = 0; i < q.size(); ++i) q[i].key = "q" + std::to_string(i);
  EXPECT_EQ(FieldOf(domain::CheckQuestions(q)), "questions");
}

TEST(SurveyAnswersCheck, AcceptsWhatTheQuestionsAskAndNormalises) {
  SurveyAnswers given;
  given["satisfaction"].scale = 4;
  given["useful"].choices = {"networking", "policy"};
  given["comments"].text = "  次回も参加したい  ";
  auto a = domain::CheckAnswers(Questions(), given);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->at("satisfaction").scale, 4);
  EXPECT_EQ(a->at("useful").choices, (std::vector<std::string>{"policy", "networking"})) << "in the question's order";
  EXPECT_EQ(a->at("comments").text, "次回も参加したい") << "trimmed";
  EXPECT_FALSE(a->contains("format")) << "an optional question left out stays out";
}

TEST(SurveyAnswersCheck, EachProblemNamesItsField) {
  SurveyAnswers ok;
  ok["satisfaction"].scale = 5;
  auto with = [&](const std::string& key, SurveyAnswer a) {
    SurveyAnswers g = ok;
    g[key] = std::move(a);
    return domain::CheckAnswers(Questions(), g);
  };
  EXPECT_EQ(FieldOf(domain::CheckAnswers(Questions(), {})), "answers.satisfaction") << "required";
  EXPECT_EQ(FieldOf(with("satisfaction", SurveyAnswer{6, {}, ""})), "answers.satisfaction");
  EXPECT_EQ(FieldOf(with("satisfaction", SurveyAnswer{0, {}, ""})), "answers.satisfaction");
  EXPECT_EQ(FieldOf(with("satisfaction", SurveyAnswer{std::nullopt, {}, "5"})), "answers.satisfaction");
  EXPECT_EQ(FieldOf(with("useful", SurveyAnswer{std::nullopt, {"policy", "lunch"}, ""})), "answers.useful[1]");
  EXPECT_EQ(FieldOf(with("useful", SurveyAnswer{std::nullopt, {"policy", "policy"}, ""})), "answers.useful[1]");
  EXPECT_EQ(FieldOf(with("format", SurveyAnswer{std::nullopt, {"onsite", "online"}, ""})), "answers.format")
      << "a single choice takes one";
  EXPECT_EQ(FieldOf(with("comments", SurveyAnswer{std::nullopt, {}, std::string(4001, 'x')})), "answers.comments");
  EXPECT_EQ(FieldOf(with("venue", SurveyAnswer{std::nullopt, {}, "x"})), "answers.venue") << "not a question";
  EXPECT_TRUE(domain::CheckAnswers(Questions(), ok));
}

TEST(SurveyAggregate, CountsEachOptionAndRoundsTheMeanHalfUp) {
  std::vector<SurveyAnswers> responses(3);
  responses[0]["satisfaction"].scale = 5;
  responses[1]["satisfaction"].scale = 3;
  responses[2]["satisfaction"].scale = 3;
  responses[0]["useful"].choices = {"policy", "networking"};
  responses[1]["useful"].choices = {"networking"};
  responses[2]["comments"].text = "資料がほしい";
  const auto r = domain::AggregateSurvey(Questions(), responses, 4);
  EXPECT_EQ(r.attendees, 4);
  EXPECT_EQ(r.responses, 3);
  ASSERT_EQ(r.questions.size(), 4u);
  EXPECT_EQ(r.questions[0].scale_counts, (std::vector<int>{0, 0, 2, 0, 1}));
  EXPECT_EQ(r.questions[0].answered, 3);
  EXPECT_EQ(r.questions[0].mean_milli, 3667) << "11 / 3 = 3.6666…";
  EXPECT_EQ(r.questions[1].option_counts, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(r.questions[1].answered, 2);
  EXPECT_EQ(r.questions[2].answered, 0);
  EXPECT_EQ(r.questions[2].option_counts, (std::vector<int>{0, 0}));
  EXPECT_EQ(r.questions[3].texts, (std::vector<std::string>{"資料がほしい"}));
  // Half up: (4 + 5) / 2 = 4.5 → 4500; (1 + 2 + 2) / 3 = 1.6666… → 1667; (1 + 1 + 2) / 3 = 1.333… → 1333.
  auto mean = [](std::vector<int> scores) {
    std::vector<SurveyAnswers> rs(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) rs[i]["satisfaction"].scale = scores[i];
    return domain::AggregateSurvey(Questions(), rs, 10).questions[0].mean_milli;
  };
  EXPECT_EQ(mean({4, 5}), 4500);
  EXPECT_EQ(mean({1, 2, 2}), 1667);
  EXPECT_EQ(mean({1, 1, 2}), 1333);
  EXPECT_EQ(mean({}), 0);
}

TEST(EventStatistics, ReportedFiguresReplaceCheckInsAndBracketsFollowTheSession) {
  domain::EventStatistic s;
  s.networking_capacity = 50;
  s.attended = 120;
  s.networking_attended = 40;
  EXPECT_EQ(s.Participants(), 120);
  EXPECT_EQ(s.Networking(), 40);
  s.reported_participants = 179;
  s.reported_networking = 99;
  EXPECT_EQ(s.Participants(), 179);
  EXPECT_EQ(s.Networking(), 99);
  s.reported_networking.reset();
  EXPECT_EQ(s.Networking(), std::nullopt) << "a reported meeting without a networking figure had none";
  domain::EventStatistic no_session;
  no_session.attended = 90;
  EXPECT_EQ(no_session.Networking(), std::nullopt);

  EXPECT_TRUE(domain::CheckReportedAttendance(179, 99));
  EXPECT_TRUE(domain::CheckReportedAttendance(90, std::nullopt));
  EXPECT_EQ(FieldOf(domain::CheckReportedAttendance(-1, std::nullopt)), "participants");
  EXPECT_EQ(FieldOf(domain::CheckReportedAttendance(100001, std::nullopt)), "participants");
  EXPECT_EQ(FieldOf(domain::CheckReportedAttendance(90, 91)), "networking");
}

TEST(EventStatistics, RegistrationsOverTimeCountByTokyoDay) {
  // 2027-01-10T14:59:59Z is 23:59:59 in Tokyo; a second later it is the 11th there.
  const std::int64_t before_midnight = *ParseIsoInstant("2027-01-10T14:59:59Z");
  const auto days = domain::CumulativeByDay({before_midnight + 1, before_midnight, before_midnight + 3600,
                                             before_midnight + 86400 * 3});
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].day, "2027-01-10");
  EXPECT_EQ(days[0].total, 1);
  EXPECT_EQ(days[1].day, "2027-01-11");
  EXPECT_EQ(days[1].total, 3);
  EXPECT_EQ(days[2].day, "2027-01-13");
  EXPECT_EQ(days[2].total, 4);
  EXPECT_TRUE(domain::CumulativeByDay({}).empty());
}

TEST(Charts, PartOfWholeAndLineChartsEscapeAndScale) {
  const auto svg = web::PartOfWholeChart({{"第1回 <A&B>", 179, 200}, {"第2回", 90, 0}}, "定員 & 参加者");
  EXPECT_NE(svg.find("<title>定員 &amp; 参加者</title>"), std::string::npos);
  EXPECT_NE(svg.find("第1回 &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_NE(svg.find("179 / 200"), std::string::npos);
  EXPECT_NE(svg.find("width=\"420\""), std::string::npos) << "the largest whole fills the bar area";
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  const auto line = web::LineChart({{"2027-01-10", 1}, {"2027-01-11", 3}, {"2027-01-13", 4}}, "推移");
  EXPECT_NE(line.find("<polyline points=\"50,166 330,66 610,16\""), std::string::npos) << line;
  EXPECT_NE(line.find(">2027-01-10<"), std::string::npos);
  EXPECT_NE(line.find(">2027-01-13<"), std::string::npos);
  const auto empty = web::LineChart({}, "none");
  EXPECT_EQ(empty.find("polyline"), std::string::npos);
}

}  // namespace
}  // namespace proven
