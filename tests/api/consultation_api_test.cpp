// Consultations over the real binary, from the demo history's published products and the small
// service list: a user company asks, the mail reaches the vendor at a real SMTP server
// (tests/support/smtp_sink.py), the vendor proposes times, the user confirms one, both write, the
// outcome becomes a case proposal; a third party finds nothing; bad input names its field.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <fstream>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/smtp_sink.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::SmtpSink;

const std::string kUser = "joho@toto-seisakusho.example";     // 株式会社東都製作所（架空）, a user company
const std::string kOtherUser = "system@minato-shinkin.example";
const std::string kVendor = "apply@airlink-giken.example";    // AirWatch Scope（架空）, product 1 of the demo
const std::string kOtherVendor = "apply@mirai-shield.example";
const std::string kAdmin = "operator@demo.proven.example";
const std::string kProvider = "sales@test-ko.example";        // 株式会社テスト甲, service 1 of the small list

class ConsultationApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "consultations.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    if (RunProven({"import", "services", testing::SourcePath("tests/fixtures/services_small.csv"), "--db", db})
            .exit_code != 0) {
      throw std::runtime_error("import services");
    }
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    for (const std::string& demo : {kUser, kOtherUser, kVendor, kOtherVendor, kAdmin}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create " + demo);
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    // 株式会社テスト甲 gets an account: its service becomes answerable. テスト丙株式会社 has none.
    for (auto& [email, token] : testing::AddUsersWithTokens(db, {{kProvider, "vendor", "株式会社テスト甲"}})) {
      tokens_[email] = token;
    }
    if (SmtpSink::Available()) sink_ = new SmtpSink(dir_->path() / "sink");
    std::vector<std::string> args{"--today", "2026-11-28"};
    if (sink_) {
      args.insert(args.end(), {"--smtp-url", fmt::format("smtp://127.0.0.1:{}", sink_->port()), "--smtp-starttls",
                               "off", "--mail-from", "Proven <noreply@proven.example>"});
    }
    server_ = new testing::ServerProcess(db, args);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sink_;
    delete db_;
    delete dir_;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const std::string& body = "{}") {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body, "application/json");
    return c.Get(path.c_str(), h);
  }
  static httplib::Result Post(const std::string& who, const std::string& path, const json& body) {
    return Call(who, "POST", path, body.dump());
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static std::string Parameter(const httplib::Result& r) {
    if (!r) return "";
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j["error"].contains("parameter") ? j["error"]["parameter"].get<std::string>() : "";
  }
  // A time `days` from now, in UTC with its offset.
  static std::string InDays(int days) {
    const std::time_t t = std::time(nullptr) + days * 86400;
    return fmt::format("{:%Y-%m-%dT%H:00:00Z}", fmt::gmtime(t));
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static SmtpSink* sink_;
  static testing::ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::TempDir* ConsultationApi::dir_ = nullptr;
testing::TestDatabase* ConsultationApi::db_ = nullptr;
SmtpSink* ConsultationApi::sink_ = nullptr;
testing::ServerProcess* ConsultationApi::server_ = nullptr;
std::map<std::string, std::string> ConsultationApi::tokens_;

TEST_F(ConsultationApi, RequestedAcceptedConfirmedDiscussedAndTurnedIntoACase) {
  const json needs = {{"industry", "製造業"}, {"regions", {"東京都"}}, {"problems", {"wifi_rogue"}}};
  auto asked = Post(kUser, "/api/v1/consultations",
                    {{"kind", "product"}, {"id", 1}, {"message", "工場の無線LANを可視化したい。"}, {"needs", needs}});
  auto c = Ok(asked, 201);
  ASSERT_TRUE(c.is_object());
  const std::int64_t id = c["id"];
  EXPECT_EQ(asked->get_header_value("Location"), fmt::format("/api/v1/consultations/{}", id));
  EXPECT_EQ(c["state"], "requested");
  EXPECT_EQ(c["kind"], "product");
  EXPECT_EQ(c["subject"], "AirWatch Scope（架空）");
  EXPECT_EQ(c["subject_url"], "/products/1");
  EXPECT_EQ(c["side"], "requester");
  EXPECT_EQ(c["needs"], needs);
  EXPECT_EQ(c["actions"], json({"withdraw", "message"}));
  ASSERT_EQ(c["thread"].size(), 1u);
  EXPECT_EQ(c["thread"][0]["kind"], "requested");
  EXPECT_EQ(c["thread"][0]["body"], "工場の無線LANを可視化したい。");

  // The vendor's account gets the request at the SMTP server, with the link to the thread.
  if (sink_) {
    auto got = sink_->WaitFor(1, std::chrono::seconds(15));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].rcpt_tos, std::vector<std::string>{kVendor});
    EXPECT_NE(got[0].headers["Subject"].find("AirWatch Scope（架空）"), std::string::npos) << got[0].headers["Subject"];
    EXPECT_NE(got[0].body.find(fmt::format("/consultations/{}", id)), std::string::npos) << got[0].body;
    EXPECT_NE(got[0].body.find("工場の無線LANを可視化したい。"), std::string::npos) << got[0].body;
    EXPECT_TRUE(got[0].defects.empty());
  }

  // Both sides see it; nobody else learns it exists.
  const std::string path = fmt::format("/api/v1/consultations/{}", id);
  auto seen = Ok(Call(kVendor, "GET", path));
  EXPECT_EQ(seen["side"], "vendor");
  EXPECT_EQ(seen["actions"], json({"accept", "decline", "message"}));
  EXPECT_EQ(Status(Call(kOtherUser, "GET", path)), 404);
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", path)), 404);
  EXPECT_EQ(Status(Call(kOtherVendor, "GET", "/api/v1/consultations/999999")), 404) << "the same as a missing one";
  EXPECT_EQ(Status(Post(kOtherVendor, path + "/accept", {{"times", {InDays(3)}}})), 404);
  EXPECT_EQ(Status(Post(kOtherUser, path + "/messages", {{"message", "こんにちは"}})), 404);
  EXPECT_EQ(Status(Call("", "GET", path)), 401);
  EXPECT_EQ(Ok(Call(kOtherUser, "GET", "/api/v1/consultations"))["total"], 0);
  auto admin = Ok(Call(kAdmin, "GET", path));
  EXPECT_EQ(admin["side"], nullptr);
  EXPECT_EQ(admin["actions"], json::array());
  EXPECT_EQ(Status(Post(kAdmin, path + "/messages", {{"message", "管理者"}})), 403) << "the admin only reads";

  // The vendor proposes two times; the user confirms the second.
  const std::string t1 = InDays(3), t2 = InDays(4);
  auto accepted = Ok(Post(kVendor, path + "/accept", {{"times", {t1, t2}}, {"message", "どちらでも伺えます。"}}));
  EXPECT_EQ(accepted["state"], "accepted");
  ASSERT_EQ(accepted["proposed_times"].size(), 2u);
  const std::string second = accepted["proposed_times"][1];
  EXPECT_TRUE(second.ends_with("+09:00")) << second;
  EXPECT_EQ(Status(Post(kVendor, path + "/confirm", {{"time", second}})), 403) << "the requester's step";
  auto confirmed = Ok(Post(kUser, path + "/confirm", {{"time", t2}}));
  EXPECT_EQ(confirmed["state"], "confirmed");
  EXPECT_EQ(confirmed["confirmed_time"], second);

  Ok(Post(kVendor, path + "/messages", {{"message", "当日は会議室でお待ちしています。"}}), 201);
  auto written = Ok(Post(kUser, path + "/messages", {{"message", "2名で伺います。"}}), 201);
  ASSERT_EQ(written["thread"].size(), 5u);
  EXPECT_EQ(written["thread"][3]["side"], "vendor");
  EXPECT_EQ(written["thread"][4]["author"], kUser);

  auto early_case = Post(kUser, path + "/case", {{"anonymised_label", "製造業 A社"}});
  EXPECT_EQ(Status(early_case), 409) << "no outcome yet";
  auto outcome = Ok(Post(kUser, path + "/outcome", {{"outcome", "trial_started"}}));
  EXPECT_EQ(outcome["outcome"], "trial_started");
  EXPECT_EQ(outcome["actions"], json({"message", "outcome", "case"}));

  auto made = Post(kUser, path + "/case",
                   {{"anonymised_label", "製造業 A社（従業員 約300名）"},
                    {"industry", "製造業"},
                    {"company_size", "medium"},
                    {"period", "2026年12月〜2027年2月"},
                    {"deployed", "本社工場の無線LANにセンサーを設置した。"},
                    {"results", "不正なアクセスポイントを初週に発見した。"}});
  auto linked = Ok(made, 201);
  const std::int64_t case_id = linked["case"]["id"];
  EXPECT_EQ(linked["case_id"], case_id);
  EXPECT_EQ(linked["case"]["product_id"], 1);
  EXPECT_EQ(linked["case"]["user_org_name"], "株式会社東都製作所（架空）") << "pre-filled: the user organisation";
  EXPECT_EQ(linked["case"]["state"], "draft") << "published only through the consent workflow";
  EXPECT_EQ(made->get_header_value("Location"), fmt::format("/api/v1/cases/{}", case_id));
  EXPECT_EQ(Ok(Call(kVendor, "GET", fmt::format("/api/v1/cases/{}", case_id)))["view"], "party");
  EXPECT_EQ(Status(Post(kUser, path + "/case", {{"anonymised_label", "x"}})), 409) << "once";

  auto mine = Ok(Call(kVendor, "GET", "/api/v1/consultations?per_page=5"));
  EXPECT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["page"], 1);
  EXPECT_EQ(mine["per_page"], 5);
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], id);
  EXPECT_FALSE(mine["items"][0].contains("thread"));

  // Every mail reached its recipient: request, acceptance, confirmation, two messages, the case.
  if (sink_) {
    auto got = sink_->WaitFor(6, std::chrono::seconds(20));
    ASSERT_EQ(got.size(), 6u);
    EXPECT_EQ(got[1].rcpt_tos, std::vector<std::string>{kUser}) << "acceptance to the requester";
    EXPECT_NE(got[1].body.find("JST"), std::string::npos) << got[1].body;
    EXPECT_EQ(got[2].rcpt_tos, std::vector<std::string>{kVendor}) << "confirmation to the vendor";
  }
}

TEST_F(ConsultationApi, BadInputNamesItsFieldAndChangesNothing) {
  auto field = [&](const std::string& who, const std::string& path, const json& body) {
    auto r = Post(who, path, body);
    EXPECT_EQ(Status(r), 400) << body.dump() << " " << (r ? r->body : "");
    return Parameter(r);
  };
  EXPECT_EQ(field(kUser, "/api/v1/consultations", {{"kind", "product"}, {"id", 2}}), "message");
  EXPECT_EQ(field(kUser, "/api/v1/consultations", {{"kind", "device"}, {"id", 2}, {"message", "x"}}), "kind");
  EXPECT_EQ(field(kUser, "/api/v1/consultations", {{"kind", "product"}, {"id", "2"}, {"message", "x"}}), "id");
  EXPECT_EQ(field(kUser, "/api/v1/consultations", {{"kind", "product"}, {"id", 2}, {"message", "x"}, {"colour", 1}}),
            "colour");
  EXPECT_EQ(field(kUser, "/api/v1/consultations", {{"kind", "product"}, {"id", 2}, {"message", "x"}, {"needs", "a"}}),
            "needs");
  EXPECT_EQ(field(kUser, "/api/v1/consultations",
                  {{"kind", "product"}, {"id", 2}, {"message", std::string(4001, 'a')}}),
            "message");
  EXPECT_EQ(Status(Call(kUser, "POST", "/api/v1/consultations", "not json")), 400);
  EXPECT_EQ(Status(Post(kVendor, "/api/v1/consultations", {{"kind", "product"}, {"id", 2}, {"message", "x"}})), 403)
      << "vendors answer, user companies ask";
  EXPECT_EQ(Status(Post(kUser, "/api/v1/consultations", {{"kind", "product"}, {"id", 9999}, {"message", "x"}})), 404);

  auto c = Ok(Post(kOtherUser, "/api/v1/consultations", {{"kind", "product"}, {"id", 1}, {"message", "相談です"}}), 201);
  const std::string path = fmt::format("/api/v1/consultations/{}", c["id"].get<std::int64_t>());
  EXPECT_EQ(field(kVendor, path + "/accept", {{"times", {InDays(2), "2020-01-01T10:00:00+09:00"}}}), "times[1]");
  EXPECT_EQ(field(kVendor, path + "/accept", {{"times", {InDays(2), "来週の月曜"}}}), "times[1]");
  EXPECT_EQ(field(kVendor, path + "/accept", {{"times", "2026-12-01"}}), "times");
  EXPECT_EQ(field(kVendor, path + "/accept", {{"times", json::array()}}), "times");
  EXPECT_EQ(field(kVendor, path + "/accept", {{"message", "x"}}), "times");
  EXPECT_EQ(field(kVendor, path + "/decline", {{"reason", " "}}), "reason");
  EXPECT_EQ(field(kVendor, path + "/decline", json::object()), "reason");
  EXPECT_EQ(Ok(Call(kVendor, "GET", path))["state"], "requested") << "nothing changed";
  EXPECT_EQ(Status(Post(kOtherUser, path + "/confirm", {{"time", InDays(2)}})), 409) << "nothing proposed yet";
  Ok(Post(kVendor, path + "/accept", {{"times", {InDays(2)}}}));
  EXPECT_EQ(field(kOtherUser, path + "/confirm", {{"time", InDays(9)}}), "time");
  EXPECT_EQ(field(kOtherUser, path + "/outcome", {{"outcome", "bought"}}), "outcome");
  auto declined = Ok(Post(kVendor, path + "/decline", {{"reason", "今月は対応できません。"}}));
  EXPECT_EQ(declined["state"], "declined");
  EXPECT_EQ(Status(Post(kOtherUser, path + "/messages", {{"message", "残念です"}})), 409) << "closed";
}

TEST_F(ConsultationApi, AServiceWhoseProviderHasNoAccountIsAskedThroughItsHomepage) {
  // Service 3 (テスト丙株式会社, valid) has no account; service 1 (株式会社テスト甲) has one; service 2
  // (株式会社テスト乙) expired in May 2026.
  auto refused = Post(kUser, "/api/v1/consultations", {{"kind", "service"}, {"id", 3}, {"message", "診断の相談"}});
  EXPECT_EQ(Status(refused), 409);
  ASSERT_TRUE(refused);
  auto error = json::parse(refused->body)["error"];
  EXPECT_EQ(error["key"], "error.consultation.no_account") << refused->body;
  EXPECT_NE(error["message"].get<std::string>().find("homepage"), std::string::npos);
  EXPECT_EQ(Parameter(refused), "id");
  auto lapsed = Post(kUser, "/api/v1/consultations", {{"kind", "service"}, {"id", 2}, {"message", "診断の相談"}});
  EXPECT_EQ(Status(lapsed), 409);
  EXPECT_NE(lapsed->body.find("error.consultation.service_not_valid"), std::string::npos) << lapsed->body;

  auto asked = Ok(Post(kUser, "/api/v1/consultations", {{"kind", "service"}, {"id", 1}, {"message", "OT の診断を相談したい"}}),
                  201);
  EXPECT_EQ(asked["kind"], "service");
  EXPECT_EQ(asked["vendor"], "株式会社テスト甲");
  EXPECT_EQ(Ok(Call(kProvider, "GET", fmt::format("/api/v1/consultations/{}", asked["id"].get<std::int64_t>())))["side"],
            "vendor");
}

TEST_F(ConsultationApi, PagesOfferTheRequestWhereTheVendorCanAnswer) {
  auto product = Call("", "GET", "/products/1");
  ASSERT_TRUE(product);
  EXPECT_NE(product->body.find("/consultations/new?kind=product&amp;id=1"), std::string::npos);
  auto with_account = Call("", "GET", "/services/1");
  ASSERT_TRUE(with_account);
  EXPECT_NE(with_account->body.find("/consultations/new?kind=service&amp;id=1"), std::string::npos);
  auto without = Call("", "GET", "/services/3");
  ASSERT_TRUE(without);
  EXPECT_EQ(without->body.find("/consultations/new"), std::string::npos);
  // The form names the product and its vendor; the list and a consultation render for each side.
  auto form = Call(kUser, "GET", "/consultations/new?kind=product&id=1");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("AirWatch Scope（架空）"), std::string::npos);
  EXPECT_NE(form->body.find("株式会社エアリンク技研（架空）"), std::string::npos);
  auto list = Call(kVendor, "GET", "/consultations?lang=en");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("Consultations"), std::string::npos);
  EXPECT_EQ(Status(Call(kVendor, "GET", "/consultations/new?kind=product&id=1")), 403) << "vendors do not ask";
  // Someone not signed in is sent to sign in, and back to this very form afterwards.
  auto anonymous = Call("", "GET", "/consultations/new?kind=product&id=1");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  // (cpp-httplib's client hands header values over percent-decoded; sent: next=%2Fconsultations%2Fnew%3Fkind…)
  EXPECT_EQ(anonymous->get_header_value("Location"), "/login?next=/consultations/new?kind=product&id=1");
  // The sign-in form carries it whole, and signing in leads there.
  auto login = Call("", "GET", "/login?next=%2Fconsultations%2Fnew%3Fkind%3Dproduct%26id%3D1");
  ASSERT_TRUE(login);
  EXPECT_NE(login->body.find("value=\"/consultations/new?kind=product&amp;id=1\""), std::string::npos);
}

// The demo's consultations, replayed by `proven import consultations` as `make run` does: both
// arrive through the service's rules (one with times proposed, one met with a trial started), and
// a file naming what does not exist is refused with its JSON path before anything is written.
TEST(ConsultationImport, ReplaysTheDemoThroughTheRulesAndNamesWhatIsWrong) {
  testing::TempDir dir;
  testing::TestDatabase database(dir, "demo.db");
  const std::string db = database.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db}).exit_code, 0);
  const auto bad = dir.path() / "bad.json";
  {
    std::ofstream out(bad);
    out << R"({"consultations": [{"requester": "nobody@example.jp", "product": "AirWatch Scope（架空）", )"
        << R"("message": "x", "requested_in_days": -1}]})";
  }
  auto refused = RunProven({"import", "consultations", bad.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("consultations[0].requester"), std::string::npos) << refused.err;
  auto imported = RunProven({"import", "consultations", testing::SourcePath("data/demo/consultations.json"), "--db", db});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported 2 consultations (7 steps)"), std::string::npos) << imported.out;

  auto token = RunProven({"token", "create", "jimu@sakura-clinic.example", "--db", db});
  ASSERT_EQ(token.exit_code, 0);
  testing::ServerProcess server(db);
  httplib::Client c(server.host(), server.port());
  httplib::Headers h{{"Authorization", "Bearer " + token.out.substr(0, token.out.find('\n'))}};
  auto list = c.Get("/api/v1/consultations", h);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  auto j = json::parse(list->body);
  ASSERT_EQ(j["total"], 1) << "the clinic's own only";
  EXPECT_EQ(j["items"][0]["subject"], "PatchPilot（架空）");
  EXPECT_EQ(j["items"][0]["state"], "confirmed");
  EXPECT_EQ(j["items"][0]["outcome"], "trial_started");
  EXPECT_EQ(j["items"][0]["actions"], json({"message", "outcome", "case"}));
}

}  // namespace
}  // namespace proven
