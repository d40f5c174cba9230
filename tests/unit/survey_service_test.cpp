// After a meeting through SurveyService on SQLite and PostgreSQL: the survey is written, sent once
// the meeting is over to the people checked in (one mail each, in their language, in the
// transaction that marks it sent), answered once per attendee (also when the same person answers
// twice at once), aggregated; head counts reported by the operator replace the check-in count in
// the published statistics; registrations over time; who may do what.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <fmt/core.h>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "services/events/event_service.hpp"
#include "services/events/survey_service.hpp"
#include "services/mail/mail_admin.hpp"
#include "store/account_store.hpp"
#include "store/events/event_store.hpp"
#include "store/events/survey_store.hpp"
#include "store/mail_outbox.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"
#include "web/mail_texts.hpp"

namespace proven {
namespace {

using domain::SurveyAnswers;
using domain::SurveyQuestion;
using domain::SurveyQuestionKind;

constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15T08:00:00Z
const std::int64_t kAfterTheMeeting = *ParseIsoInstant("2027-02-25T18:00:00+09:00");

class SurveyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(database_.spec(), true);
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(store::ApplyMigrations(**c));
    auto admin = accounts_.CreateUser("admin@example.jp", "x", std::nullopt, {domain::Role::kAdmin}, "test");
    ASSERT_TRUE(admin);
    admin_ = {*admin, "admin@example.jp", {domain::Role::kAdmin}, "", std::nullopt};
  }

  domain::Actor User(int i) {
    const std::string email = "user" + std::to_string(i) + "@example.jp";
    auto id = accounts_.CreateUser(email, "x", std::nullopt, {domain::Role::kUser}, "test");
    EXPECT_TRUE(id) << id.error().message;
    return {*id, email, {domain::Role::kUser}, "", std::nullopt};
  }

  std::int64_t Published(int number, int capacity, int networking) {
    domain::EventInput in;
    in.number = number;
    in.theme = "クラウドシフトのセキュリティ";
    in.starts_at = "2027-02-25T14:00:00+09:00";
    in.ends_at = "2027-02-25T17:30:00+09:00";
    in.venue = "東京都文京区（架空）";
    in.capacity = capacity;
    in.networking_capacity = networking;
    in.registration_opens_at = "2027-01-10T10:00:00+09:00";
    in.registration_closes_at = "2027-02-20T17:00:00+09:00";
    auto e = events_.Create(admin_, in);
    EXPECT_TRUE(e) << e.error().message;
    EXPECT_TRUE(events_.Publish(admin_, e->id));
    return e->id;
  }

  // Registers `people` (the first `attend` of them are checked in on the day), in `lang`.
  std::vector<domain::Actor> Meeting(std::int64_t event, int people, int attend, bool networking = false) {
    std::vector<domain::Actor> out;
    std::vector<std::string> codes;
    for (int i = 0; i < people; ++i) {
      out.push_back(User(static_cast<int>(event) * 100 + i));
      auto r = events_.Register(out.back(), event, networking, i % 2 ? "en" : "ja");
      EXPECT_TRUE(r) << r.error().message;
      codes.push_back(r->checkin_code);
      clock_.Advance(3600);
    }
    for (int i = 0; i < attend; ++i) EXPECT_TRUE(events_.CheckIn(admin_, event, codes[i]));
    return out;
  }

  static std::vector<SurveyQuestion> Questions() {
    return {{"satisfaction", SurveyQuestionKind::kScale, "満足度", "Satisfaction", true, false, {}},
            {"useful", SurveyQuestionKind::kChoice, "役立った内容", "Useful", false, true,
             {{"policy", "政策", "Policy"}, {"networking", "交流", "Networking"}}},
            {"comments", SurveyQuestionKind::kText, "ご意見", "Comments", false, false, {}}};
  }

  static SurveyAnswers Scored(int score) {
    SurveyAnswers a;
    a["satisfaction"].scale = score;
    return a;
  }

  std::vector<domain::OutboxEntry> Mail(const std::string& kind) {
    auto all = outbox_.List(std::nullopt, 1000, 0);
    EXPECT_TRUE(all);
    std::vector<domain::OutboxEntry> out;
    for (auto it = all->rbegin(); it != all->rend(); ++it) {
      if (it->message.kind == kind) out.push_back(*it);
    }
    return out;
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "surveys.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{kT0};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlEventStore event_store_{pool_, clock_};
  store::SqlSurveyStore survey_store_{pool_, clock_};
  store::MailOutbox outbox_{pool_, clock_};
  services::EventService events_{event_store_, web::CatalogueMailComposer(), "https://proven.example.jp", clock_};
  services::SurveyService surveys_{survey_store_, web::CatalogueMailComposer(), "https://proven.example.jp", clock_};
  domain::Actor admin_;
};

TEST_F(SurveyServiceTest, SentOnceAfterTheMeetingToThoseCheckedInInTheirLanguage) {
  const auto event = Published(17, 10, 0);
  const auto people = Meeting(event, 4, 3);
  // Before anything is written, or before the meeting ends, there is nothing to send.
  EXPECT_EQ(surveys_.Send(admin_, event).error().reason.key, "error.survey.none");
  ASSERT_TRUE(surveys_.Save(admin_, event, Questions()));
  EXPECT_EQ(surveys_.Send(admin_, event).error().reason.key, "error.survey.not_over");
  EXPECT_EQ(surveys_.Form(people[0], event).error().code, ErrorCode::kNotFound) << "not sent yet";

  clock_.Set(kAfterTheMeeting);
  auto sent = surveys_.Send(admin_, event);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sent->second, 3);
  EXPECT_FALSE(sent->first.sent_at.empty());
  const auto mail = Mail("survey.invite");
  ASSERT_EQ(mail.size(), 3u) << "the one who did not come gets none";
  EXPECT_EQ(mail[0].message.to, people[0].email);
  EXPECT_EQ(mail[0].message.lang, "ja");
  EXPECT_NE(mail[0].message.subject.find("第17回"), std::string::npos);
  EXPECT_NE(mail[0].message.text.find(fmt::format("https://proven.example.jp/events/{}/survey", event)), std::string::npos);
  EXPECT_EQ(mail[1].message.lang, "en");
  EXPECT_NE(mail[1].message.subject.find("meeting no. 17"), std::string::npos);

  EXPECT_EQ(surveys_.Send(admin_, event).error().reason.key, "error.survey.sent");
  EXPECT_EQ(Mail("survey.invite").size(), 3u) << "sending twice mails no one twice";
  EXPECT_EQ(surveys_.Save(admin_, event, Questions()).error().reason.key, "error.survey.sent")
      << "questions are fixed once asked";
}

TEST_F(SurveyServiceTest, WithNobodyCheckedInNothingIsSentOrMarked) {
  const auto event = Published(18, 10, 0);
  Meeting(event, 2, 0);
  ASSERT_TRUE(surveys_.Save(admin_, event, Questions()));
  clock_.Set(kAfterTheMeeting);
  EXPECT_EQ(surveys_.Send(admin_, event).error().reason.key, "error.survey.no_attendees");
  auto v = surveys_.Admin(admin_, event);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->survey->sent_at.empty());
  EXPECT_TRUE(Mail("survey.invite").empty());
}

TEST_F(SurveyServiceTest, AttendeesAnswerOnceAndTheResultsAggregate) {
  const auto event = Published(19, 10, 0);
  const auto people = Meeting(event, 4, 3);
  ASSERT_TRUE(surveys_.Save(admin_, event, Questions()));
  clock_.Set(kAfterTheMeeting);
  ASSERT_TRUE(surveys_.Send(admin_, event));

  auto form = surveys_.Form(people[0], event);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_FALSE(form->answered);
  EXPECT_EQ(form->survey.questions.size(), 3u);
  EXPECT_EQ(surveys_.Form(people[3], event).error().code, ErrorCode::kNotFound) << "did not attend";
  EXPECT_EQ(surveys_.Respond(people[3], event, Scored(5)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(surveys_.Respond(User(999), event, Scored(5)).error().code, ErrorCode::kNotFound);

  auto bad = surveys_.Respond(people[0], event, Scored(9));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "answers.satisfaction");

  SurveyAnswers first = Scored(5);
  first["useful"].choices = {"policy", "networking"};
  first["comments"].text = "政府の方と話せてよかった";
  ASSERT_TRUE(surveys_.Respond(people[0], event, first));
  EXPECT_EQ(surveys_.Respond(people[0], event, Scored(1)).error().reason.key, "error.survey.answered");
  EXPECT_TRUE(surveys_.Form(people[0], event)->answered);
  SurveyAnswers second = Scored(4);
  second["useful"].choices = {"networking"};
  ASSERT_TRUE(surveys_.Respond(people[1], event, second));

  auto v = surveys_.Admin(admin_, event);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->results.attendees, 3);
  EXPECT_EQ(v->results.responses, 2);
  EXPECT_EQ(v->results.questions[0].scale_counts, (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(v->results.questions[0].mean_milli, 4500);
  EXPECT_EQ(v->results.questions[1].option_counts, (std::vector<int>{1, 2}));
  EXPECT_EQ(v->results.questions[2].texts, (std::vector<std::string>{"政府の方と話せてよかった"}));
  EXPECT_EQ(surveys_.Admin(people[0], event).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(SurveyServiceTest, OnePersonAnsweringTwiceAtOnceIsCountedOnce) {
  const auto event = Published(20, 10, 0);
  const auto people = Meeting(event, 1, 1);
  ASSERT_TRUE(surveys_.Save(admin_, event, Questions()));
  clock_.Set(kAfterTheMeeting);
  ASSERT_TRUE(surveys_.Send(admin_, event));
  std::atomic<int> ok{0}, answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      store::ConnectionPool pool(database_.spec(), false);
      store::SqlSurveyStore store(pool, clock_);
      services::SurveyService service(store, web::CatalogueMailComposer(), "https://proven.example.jp", clock_);
      auto st = service.Respond(people[0], event, Scored(1 + i % 5));
      if (st) ++ok;
      else if (st.error().reason.key == "error.survey.answered") ++answered;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(answered.load(), 5);
  EXPECT_EQ(surveys_.Admin(admin_, event)->results.responses, 1);
}

TEST_F(SurveyServiceTest, StatisticsCountCheckInsUnlessTheOperatorReportsFigures) {
  const auto with_session = Published(21, 10, 5);
  Meeting(with_session, 8, 3, true);
  const auto reported = Published(22, 200, 0);
  const auto draft = events_.Create(admin_, [] {
    domain::EventInput in;
    in.number = 23;
    in.theme = "下書き";
    in.starts_at = "2027-03-25T14:00:00+09:00";
    in.ends_at = "2027-03-25T17:00:00+09:00";
    in.venue = "オンライン";
    in.capacity = 10;
    in.registration_opens_at = "2027-01-10T10:00:00+09:00";
    in.registration_closes_at = "2027-03-20T17:00:00+09:00";
    return in;
  }());
  ASSERT_TRUE(draft);

  EXPECT_EQ(surveys_.ReportAttendance(admin_, reported, 179, 99).error().reason.key, "error.event.not_started");
  clock_.Set(kAfterTheMeeting);
  EXPECT_EQ(surveys_.ReportAttendance(admin_, reported, 179, 180).error().field, "networking");
  EXPECT_EQ(surveys_.ReportAttendance(User(5), reported, 179, 99).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(surveys_.ReportAttendance(admin_, reported, 179, 99));
  ASSERT_TRUE(surveys_.ReportAttendance(admin_, reported, 178, 99)) << "a correction replaces the figure";

  auto rows = surveys_.Statistics();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u) << "drafts are not statistics";
  const auto& a = (*rows)[0];
  EXPECT_EQ(a.number, 21);
  EXPECT_EQ(a.registered, 8);
  EXPECT_EQ(a.attended, 3);
  EXPECT_EQ(a.Participants(), 3);
  EXPECT_EQ(a.Networking(), 3);
  EXPECT_FALSE(a.reported_participants);
  const auto& b = (*rows)[1];
  EXPECT_EQ(b.number, 22);
  EXPECT_EQ(b.Participants(), 178);
  EXPECT_EQ(b.Networking(), 99);

  // Registrations over time: eight requests an hour apart from 17:00 JST on 15 January; the last
  // at midnight, on the 16th.
  auto days = surveys_.Timeline(with_session);
  ASSERT_TRUE(days);
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].day, "2027-01-15");
  EXPECT_EQ((*days)[0].total, 7);
  EXPECT_EQ((*days)[1].day, "2027-01-16");
  EXPECT_EQ((*days)[1].total, 8);
  EXPECT_EQ(surveys_.Timeline(draft->id).error().code, ErrorCode::kNotFound);
}

TEST_F(SurveyServiceTest, TheAdminReadsAndRequeuesTheOutbox) {
  services::MailAdmin mail(outbox_);
  auto id = outbox_.Enqueue({"mail.test", "a@example.jp", "ja", "件名", "本文", ""});
  ASSERT_TRUE(id);
  ASSERT_TRUE(outbox_.Record(*id, domain::AfterMailAttempt(0, domain::MailOutcome::kTransient, kT0), "421 busy"));
  ASSERT_TRUE(outbox_.Record(*id, domain::AfterMailAttempt(1, domain::MailOutcome::kPermanent, kT0), "550 no such user"));
  auto page = mail.List(admin_, domain::MailState::kDead, 1, 20);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->counts.dead, 1);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].last_error, "550 no such user");
  EXPECT_EQ(mail.List(User(1), std::nullopt, 1, 20).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(mail.List(admin_, std::nullopt, 0, 20).error().field, "page");
  auto again = mail.Requeue(admin_, *id);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->state, domain::MailState::kQueued);
  EXPECT_EQ(mail.Requeue(admin_, *id).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(mail.Requeue(admin_, 999).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(mail.Find(admin_, 999).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace proven
