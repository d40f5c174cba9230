// After a meeting, against the real binary: the admin writes the survey and sends it — the invites
// arrive at a real SMTP server (python3-aiosmtpd) in each attendee's language — attendees answer
// over the API and through the page's form, once; the results aggregate; head counts reported by
// the operator show in the published statistics (JSON, page with SVG charts, CSV); the admin's
// outbox lists what was sent and what the relay refused, and queues a dead letter again.
// The meeting itself is set up in this process through EventService on the same database, with
// a clock in the past, so that the server (on the real clock) sees it as over.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "services/events/event_service.hpp"
#include "store/events/event_store.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_support.hpp"
#include "web/mail_texts.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::SmtpSink;

const std::string kAdmin = "operator@example.jp";
const std::string kAlice = "alice@example.jp";  // attends, registered in Japanese
const std::string kBob = "bob@example.jp";      // attends, registered in English
const std::string kCarol = "carol@example.jp";  // registered, did not come

class SurveyApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SmtpSink::Available()) GTEST_SKIP() << "python3-aiosmtpd is not installed (make test-deps installs it)";
    const std::string db = database_.spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
    tokens_ = testing::AddUsersWithTokens(
        db, {{kAdmin, "admin", ""}, {kAlice, "user", ""}, {kBob, "user", ""}, {kCarol, "user", ""}});

    // The meeting: 10 June 2026 (long over on the server's clock), three registrations, two checked in.
    store::ConnectionPool pool(db, false);
    ManualClock clock(*ParseIsoInstant("2026-05-20T10:00:00+09:00"));
    store::SqlEventStore store(pool, clock);
    services::EventService events(store, web::CatalogueMailComposer(), "https://proven.example.jp", clock);
    auto actor = [&](const std::string& email, domain::Role role) {
      domain::Actor a;
      a.email = email;
      a.roles = {role};
      a.user_id = UserId(email);
      return a;
    };
    const auto admin = actor(kAdmin, domain::Role::kAdmin);
    domain::EventInput in;
    in.number = 17;
    in.theme = "中小企業のサプライチェーン・セキュリティ";
    in.starts_at = "2026-06-10T14:00:00+09:00";
    in.ends_at = "2026-06-10T17:30:00+09:00";
    in.venue = "東京都文京区（架空）";
    in.capacity = 120;
    in.networking_capacity = 60;
    in.registration_opens_at = "2026-05-15T10:00:00+09:00";
    in.registration_closes_at = "2026-06-05T17:00:00+09:00";
    auto e = events.Create(admin, in);
    ASSERT_TRUE(e) << e.error().message;
    ASSERT_TRUE(events.Publish(admin, e->id));
    event_ = e->id;
    std::vector<std::string> codes;
    for (const auto& [email, lang] : {std::pair{kAlice, "ja"}, std::pair{kBob, "en"}, std::pair{kCarol, "ja"}}) {
      auto r = events.Register(actor(email, domain::Role::kUser), event_, true, lang);
      ASSERT_TRUE(r) << r.error().message;
      codes.push_back(r->checkin_code);
      clock.Advance(86400);
    }
    ASSERT_TRUE(events.CheckIn(admin, event_, codes[0]));
    ASSERT_TRUE(events.CheckIn(admin, event_, codes[1]));

    sink_ = std::make_unique<SmtpSink>(dir_.path() / "sink");
    server_ = std::make_unique<testing::ServerProcess>(
        db, std::vector<std::string>{"--smtp-url", fmt::format("smtp://127.0.0.1:{}", sink_->port()), "--smtp-starttls",
                                     "off", "--mail-from", "Proven <noreply@proven.example>", "--public-url",
                                     "https://proven.example.jp"});
  }

  std::int64_t UserId(const std::string& email) {
    auto list = RunProven({"user", "list", "--db", database_.spec()});
    for (std::size_t at = 0; at < list.out.size();) {
      const std::size_t end = list.out.find('\n', at);
      const std::string line = list.out.substr(at, end - at);
      if (line.find("\t" + email + "\t") != std::string::npos) return std::stoll(line.substr(0, line.find('\t')));
      if (end == std::string::npos) break;
      at = end + 1;
    }
    ADD_FAILURE() << "no user " << email << " in " << list.out;
    return 0;
  }

  httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                       const std::string& body = "{}", const std::string& type = "application/json") {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body, type.c_str());
    if (method == "PUT") return c.Put(path.c_str(), h, body, type.c_str());
    return c.Get(path.c_str(), h);
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static std::string Field(const httplib::Result& r) {
    if (!r) return "(no answer)";
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j["error"].contains("parameter") ? j["error"]["parameter"].get<std::string>() : r->body;
  }
  std::string Path(const std::string& rest) const { return fmt::format("/api/v1/events/{}{}", event_, rest); }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "survey.db"};
  std::map<std::string, std::string> tokens_;
  std::int64_t event_ = 0;
  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<testing::ServerProcess> server_;
};

const char* kQuestions = R"({"questions":[
  {"key":"satisfaction","kind":"scale","label_ja":"満足度","label_en":"Satisfaction","required":true},
  {"key":"useful","kind":"choice","label_ja":"役立った内容","label_en":"What was useful","multiple":true,
   "options":[{"key":"policy","label_ja":"政策動向","label_en":"Policy"},{"key":"networking","label_ja":"交流","label_en":"Networking"}]},
  {"key":"comments","kind":"text","label_ja":"ご意見","label_en":"Comments"}]})";

TEST_F(SurveyApi, WrittenSentAnsweredOnceAndAggregated) {
  // Only the admin writes it; a bad question is refused with its field named.
  EXPECT_EQ(Call(kAlice, "PUT", Path("/survey"), kQuestions)->status, 403);
  auto bad = Call(kAdmin, "PUT", Path("/survey"),
                  R"({"questions":[{"key":"satisfaction","kind":"stars","label_ja":"満足度","label_en":"Satisfaction"}]})");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Field(bad), "questions[0].kind");
  bad = Call(kAdmin, "PUT", Path("/survey"),
             R"({"questions":[{"key":"useful","kind":"choice","label_ja":"a","label_en":"b","options":[{"key":"x","label_ja":"x","label_en":""}, {"key":"y","label_ja":"y","label_en":"y"}]}]})");
  EXPECT_EQ(Field(bad), "questions[0].options[0].label_en");
  EXPECT_EQ(Field(Call(kAdmin, "PUT", Path("/survey"), R"({"questions":[],"extra":1})")), "extra");
  auto saved = Ok(Call(kAdmin, "PUT", Path("/survey"), kQuestions));
  EXPECT_EQ(saved["questions"].size(), 3u);
  EXPECT_TRUE(saved["sent_at"].is_null());
  EXPECT_EQ(Call(kAlice, "GET", Path("/survey"))->status, 404) << "not sent yet";

  auto sent = Ok(Call(kAdmin, "POST", Path("/survey/send")));
  EXPECT_EQ(sent["mailed"], 2);
  EXPECT_EQ(Call(kAdmin, "POST", Path("/survey/send"))->status, 409);
  EXPECT_EQ(Call(kAdmin, "PUT", Path("/survey"), kQuestions)->status, 409) << "questions are fixed once sent";

  // The invites arrive (after the three registrations' confirmations), each in its person's
  // language, linking to the survey page.
  auto got = sink_->WaitFor(5, std::chrono::seconds(20));
  ASSERT_EQ(got.size(), 5u);
  std::map<std::string, testing::SmtpSink::Received> by_to;
  for (const auto& m : got) {
    if (m.body.find("/survey") != std::string::npos) by_to[m.rcpt_tos.at(0)] = m;
  }
  EXPECT_EQ(by_to.size(), 2u);
  EXPECT_EQ(by_to[kAlice].headers["Subject"], "【Proven】第17回「中小企業のサプライチェーン・セキュリティ」アンケートご協力のお願い");
  EXPECT_EQ(by_to[kBob].headers["Subject"], "[Proven] Your views on meeting no. 17: 中小企業のサプライチェーン・セキュリティ");
  EXPECT_NE(by_to[kBob].body.find(fmt::format("https://proven.example.jp/events/{}/survey", event_)), std::string::npos)
      << by_to[kBob].body;
  EXPECT_FALSE(by_to.contains(kCarol)) << "she did not come";

  // Alice answers over the API; a bad answer names its field; a second answer is refused.
  auto form = Ok(Call(kAlice, "GET", Path("/survey")));
  EXPECT_EQ(form["answered"], false);
  EXPECT_EQ(Field(Call(kAlice, "POST", Path("/survey/responses"), R"({"answers":{"satisfaction":7}})")),
            "answers.satisfaction");
  EXPECT_EQ(Field(Call(kAlice, "POST", Path("/survey/responses"), R"({"answers":{"useful":["policy"]}})")),
            "answers.satisfaction") << "required";
  EXPECT_EQ(Field(Call(kAlice, "POST", Path("/survey/responses"), R"({"answers":{"satisfaction":5,"useful":["lunch"]}})")),
            "answers.useful[0]");
  Ok(Call(kAlice, "POST", Path("/survey/responses"),
          R"({"answers":{"satisfaction":5,"useful":["policy","networking"],"comments":"政府の方と話せてよかった"}})"),
     201);
  EXPECT_EQ(Call(kAlice, "POST", Path("/survey/responses"), R"({"answers":{"satisfaction":1}})")->status, 409);
  EXPECT_EQ(Ok(Call(kAlice, "GET", Path("/survey")))["answered"], true);
  EXPECT_EQ(Call(kCarol, "POST", Path("/survey/responses"), R"({"answers":{"satisfaction":3}})")->status, 404);
  EXPECT_EQ(Call(kCarol, "GET", Path("/survey"))->status, 404);

  // Bob answers through the page's form (a Bearer call needs no CSRF token).
  auto page = Call(kBob, "GET", fmt::format("/events/{}/survey?lang=en", event_));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("What was useful"), std::string::npos);
  auto posted = Call(kBob, "POST", fmt::format("/events/{}/survey", event_),
                     "a_satisfaction=9", "application/x-www-form-urlencoded");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 400);
  EXPECT_NE(posted->body.find("data-testid=\"field-error\""), std::string::npos);
  posted = Call(kBob, "POST", fmt::format("/events/{}/survey", event_),
                "a_satisfaction=4&a_useful=networking&a_comments=", "application/x-www-form-urlencoded");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 303);

  auto results = Ok(Call(kAdmin, "GET", Path("/survey/results")));
  EXPECT_EQ(results["attendees"], 2);
  EXPECT_EQ(results["responses"], 2);
  EXPECT_EQ(results["questions"][0]["counts"], json::parse(R"({"1":0,"2":0,"3":0,"4":1,"5":1})"));
  EXPECT_DOUBLE_EQ(results["questions"][0]["mean"].get<double>(), 4.5);
  EXPECT_EQ(results["questions"][1]["options"][0]["count"], 1);
  EXPECT_EQ(results["questions"][1]["options"][1]["count"], 2);
  EXPECT_EQ(results["questions"][2]["texts"], json::parse(R"(["政府の方と話せてよかった"])"));
  EXPECT_EQ(Call(kAlice, "GET", Path("/survey/results"))->status, 403);
  auto admin_page = Call(kAdmin, "GET", fmt::format("/admin/events/{}/survey", event_));
  ASSERT_TRUE(admin_page);
  EXPECT_EQ(admin_page->status, 200);
  EXPECT_NE(admin_page->body.find("<svg class=\"chart chart-wide\""), std::string::npos);
  EXPECT_NE(admin_page->body.find("<svg class=\"chart chart-narrow\""), std::string::npos) << "and a phone layout";
  EXPECT_NE(admin_page->body.find("政府の方と話せてよかった"), std::string::npos);
}

TEST_F(SurveyApi, StatisticsShowCheckInsOrReportedFiguresAsJsonPageAndCsv) {
  auto stats = Ok(Call("", "GET", "/api/v1/events/statistics"));
  ASSERT_EQ(stats["total"], 1);
  auto row = stats["items"][0];
  EXPECT_EQ(row["number"], 17);
  EXPECT_EQ(row["date"], "2026-06-10");
  EXPECT_EQ(row["participants"], 2);
  EXPECT_EQ(row["networking"], 2);
  EXPECT_EQ(row["registered"], 3);
  EXPECT_EQ(row["source"], "checked_in");

  EXPECT_EQ(Call(kAlice, "PUT", Path("/attendance"), R"({"participants":118})")->status, 403);
  EXPECT_EQ(Field(Call(kAdmin, "PUT", Path("/attendance"), R"({"participants":118,"networking":119})")), "networking");
  EXPECT_EQ(Field(Call(kAdmin, "PUT", Path("/attendance"), R"({"networking":40})")), "participants");
  EXPECT_EQ(Field(Call(kAdmin, "PUT", Path("/attendance"), R"({"participants":"many"})")), "participants");
  row = Ok(Call(kAdmin, "PUT", Path("/attendance"), R"({"participants":118,"networking":57})"));
  EXPECT_EQ(row["participants"], 118);
  EXPECT_EQ(row["networking"], 57);
  EXPECT_EQ(row["source"], "reported");

  auto timeline = Ok(Call("", "GET", Path("/timeline")));
  EXPECT_EQ(timeline["items"], json::parse(R"([{"date":"2026-05-20","registrations":1},{"date":"2026-05-21","registrations":2},{"date":"2026-05-22","registrations":3}])"));
  EXPECT_EQ(Call("", "GET", "/api/v1/events/999/timeline")->status, 404);

  auto page = Call("", "GET", "/events/statistics");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<td>2026-06-10</td><th scope=\"row\">第17回</th><td class=\"num\">118 (57)＊</td>"),
            std::string::npos)
      << page->body;
  EXPECT_NE(page->body.find("118 / 120"), std::string::npos) << "attendance against capacity";
  EXPECT_NE(page->body.find("<polyline"), std::string::npos) << "registrations over time";

  auto csv = Call("", "GET", "/events/statistics.csv?lang=en");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body,
            "\xEF\xBB\xBF"
            "date,number,participants,networking,theme,capacity,networking_capacity,registered,waitlisted,attended,source\r\n"
            "2026-06-10,17,118,57,中小企業のサプライチェーン・セキュリティ,120,60,3,0,2,reported\r\n");
}

TEST_F(SurveyApi, TheOutboxShowsSentAndRefusedMailAndQueuesADeadLetterAgain) {
  ASSERT_EQ(RunProven({"mail", "test", "reject-me@example.jp", "--db", database_.spec()}).exit_code, 0);
  ASSERT_EQ(RunProven({"mail", "test", "ok@example.jp", "--db", database_.spec()}).exit_code, 0);
  // The three registrations' confirmations and the test mail arrive; the refused one is a dead
  // letter as soon as the relay answers 550.
  ASSERT_EQ(sink_->WaitFor(4, std::chrono::seconds(20)).size(), 4u);
  json dead;
  for (int i = 0; i < 100; ++i) {
    dead = Ok(Call(kAdmin, "GET", "/api/v1/mail?state=dead"));
    if (dead["total"] == 1 && dead["counts"]["sent"] == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(dead["total"], 1);
  EXPECT_EQ(dead["items"][0]["to"], "reject-me@example.jp");
  EXPECT_NE(dead["items"][0]["last_error"].get<std::string>().find("550"), std::string::npos);
  EXPECT_EQ(dead["counts"]["sent"], 4);
  EXPECT_EQ(dead["counts"]["queued"], 0);
  const auto id = dead["items"][0]["id"].get<std::int64_t>();
  auto one = Ok(Call(kAdmin, "GET", fmt::format("/api/v1/mail/{}", id)));
  EXPECT_NE(one["text"].get<std::string>().find("Proven"), std::string::npos);
  EXPECT_EQ(Call(kAlice, "GET", "/api/v1/mail")->status, 403);
  EXPECT_EQ(Field(Call(kAdmin, "GET", "/api/v1/mail?state=lost")), "state");
  EXPECT_EQ(Field(Call(kAdmin, "GET", "/api/v1/mail?per_page=1000")), "per_page");

  auto page = Call(kAdmin, "GET", "/admin/mail?state=dead");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("reject-me@example.jp"), std::string::npos);
  EXPECT_NE(page->body.find(fmt::format("action=\"/admin/mail/{}/retry\"", id)), std::string::npos);
  EXPECT_EQ(page->body.find("data-testid=\"no-relay\""), std::string::npos) << "a relay is configured";

  auto again = Ok(Call(kAdmin, "POST", fmt::format("/api/v1/mail/{}/retry", id)));
  EXPECT_EQ(again["state"], "queued");
  EXPECT_EQ(again["attempts"], 0);
  EXPECT_EQ(Call(kAdmin, "POST", "/api/v1/mail/99999/retry")->status, 404);
  auto sent = Ok(Call(kAdmin, "GET", "/api/v1/mail?state=sent"));
  EXPECT_EQ(Call(kAdmin, "POST", fmt::format("/api/v1/mail/{}/retry", sent["items"][0]["id"].get<std::int64_t>()))->status,
            409)
      << "only dead letters are queued again";
}

}  // namespace
}  // namespace proven
