// Matching and saved needs over HTTP against the real binary (docs/api.md "Matching and saved
// needs"): POST /api/v1/match on a hand-built fixture — what must be returned, in which order and
// why, and what must never be (expired, suspended, revoked, not yet valid, out of region, of
// another type) — explanations naming each condition in the request's language, paging, field
// errors; then a saved need is watched: a matching service registered through the registrar API
// appears in the need's Atom feed and a mail arrives at a real SMTP server (python3-aiosmtpd),
// and after the unsubscribe link no more mail is sent.
#include <gtest/gtest.h>

#include <thread>

#include <fmt/core.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "services/query_params.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

// today is 2026-11-28 (serve --today).
constexpr const char* kFixture =
    "サービス種別,サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,審査登録機関名,ホームページ\n"
    "デジタルフォレンジック,東京マルウェア調査,株式会社東京調査,東京都千代田区1-1,感染が疑われるPCを調査します。,製造業,東京都,2025/04/01,2028/03/31,審査機構A,\n"
    "デジタルフォレンジック,関東フォレンジック,関東調査株式会社,神奈川県横浜市1-1,インシデントの調査。,全業種,関東,2025/04/01,2028/03/31,審査機構A,\n"
    "デジタルフォレンジック,全国フォレンジック,全国調査株式会社,大阪府大阪市1-1,全国対応の調査。,小売・卸売業,日本全国,2025/04/01,2028/03/31,審査機構A,\n"
    "デジタルフォレンジック,大阪フォレンジック,大阪調査株式会社,大阪府大阪市2-2,大阪の調査。,製造業,大阪府,2025/04/01,2028/03/31,審査機構A,\n"
    "デジタルフォレンジック,期限切れフォレンジック,旧調査株式会社,東京都港区1-1,古い調査。,製造業,日本全国,2023/04/01,2026/03/31,審査機構A,\n"
    "デジタルフォレンジック,将来フォレンジック,未来調査株式会社,東京都港区2-2,来年からの調査。,製造業,日本全国,2027/01/01,2029/12/31,審査機構A,\n"
    "デジタルフォレンジック,停止フォレンジック,停止調査株式会社,東京都港区3-3,停止される調査。,製造業,日本全国,2025/04/01,2028/03/31,審査機構A,\n"
    "デジタルフォレンジック,取消フォレンジック,取消調査株式会社,東京都港区4-4,取り消される調査。,製造業,日本全国,2025/04/01,2028/03/31,審査機構A,\n"
    "セキュリティ監視・運用,全国監視センター,監視株式会社,東京都港区5-5,24時間の監視。,製造業,日本全国,2025/04/01,2028/03/31,審査機構A,\n";

class MatchApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    database_ = new testing::TestDatabase(*dir_, "match.db");
    const std::string db = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
    const auto csv = dir_->path() / "fixture.csv";
    testing::WriteFile(csv, kFixture);
    auto imported = RunProven({"import", "services", csv.string(), "--db", db});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    tokens_ = new std::map<std::string, std::string>(testing::AddUsersWithTokens(
        db, {{"a@example.jp", "registrar", "審査機構A"}, {"u@example.jp", "user", ""}, {"o@example.jp", "user", ""}}));
    std::vector<std::string> args{"--today", "2026-11-28", "--needs-interval", "0.2"};
    if (testing::SmtpSink::Available()) {
      sink_ = new testing::SmtpSink(dir_->path() / "sink");
      const std::string url = fmt::format("smtp://127.0.0.1:{}", sink_->port());
      args.insert(args.end(), {"--smtp-url", url, "--smtp-starttls", "off", "--mail-from", "Proven <noreply@proven.example>"});
    }
    server_ = new testing::ServerProcess(db, args);
    // Suspend and revoke two services through the registrar's API.
    for (const auto& [name, action] : {std::pair{"停止フォレンジック", "suspend"}, {"取消フォレンジック", "revoke"}}) {
      auto found = Client().Get(("/api/v1/services?q=" + services::PercentEncode(name)).c_str());
      ASSERT_EQ(found->status, 200);
      const auto id = json::parse(found->body)["items"][0]["id"].get<std::int64_t>();
      auto r = Call("a@example.jp", "POST", fmt::format("/api/v1/services/{}/{}", id, action), json{{"reason", "テスト"}});
      ASSERT_EQ(r->status, 200) << r->body;
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sink_;
    delete tokens_;
    delete database_;
    delete dir_;
  }

  static httplib::Client Client() { return httplib::Client(server_->host(), server_->port()); }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    auto c = Client();
    httplib::Headers h{{"Authorization", "Bearer " + tokens_->at(who)}};
    if (method == "GET") return c.Get(path.c_str(), h);
    if (method == "DELETE") return c.Delete(path.c_str(), h);
    return c.Post(path.c_str(), h, body.dump(), "application/json");
  }
  // Anonymous, without any cookie or token.
  static std::pair<int, json> Match(const json& needs, const std::string& query = "") {
    auto r = Client().Post(("/api/v1/match" + query).c_str(), needs.dump(), "application/json");
    EXPECT_TRUE(r);
    json body = json::parse(r->body, nullptr, false);
    return {r->status, body};
  }
  static std::vector<std::string> Names(const json& body) {
    std::vector<std::string> out;
    for (const auto& i : body["items"]) out.push_back(i["name"].get<std::string>());
    return out;
  }
  static const json& Condition(const json& item, const std::string& code) {
    for (const auto& c : item["conditions"]) {
      if (c["code"] == code) return c;
    }
    static const json kNone;
    ADD_FAILURE() << "no condition " << code;
    return kNone;
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* database_;
  static std::map<std::string, std::string>* tokens_;
  static testing::SmtpSink* sink_;
  static testing::ServerProcess* server_;
};
testing::TempDir* MatchApi::dir_ = nullptr;
testing::TestDatabase* MatchApi::database_ = nullptr;
std::map<std::string, std::string>* MatchApi::tokens_ = nullptr;
testing::SmtpSink* MatchApi::sink_ = nullptr;
testing::ServerProcess* MatchApi::server_ = nullptr;

const json kTokyoInfection = {{"industry", "製造業"}, {"regions", {"東京都"}}, {"problems", {"suspected_infection"}}};

TEST_F(MatchApi, ReturnsExactlyTheValidCoveringServicesInTheStatedOrderWithEveryConditionExplained) {
  auto [status, body] = Match(kTokyoInfection);
  ASSERT_EQ(status, 200) << body.dump();
  // Hand-built: forensics (the problem's type) covering 東京都, valid on 2026-11-28. The exact
  // industry scores 4, 全業種 2, another industry 0. Never: 大阪 (out of region), expired, not yet
  // valid, suspended, revoked, the monitoring service (another type).
  EXPECT_EQ(Names(body), (std::vector<std::string>{"東京マルウェア調査", "関東フォレンジック", "全国フォレンジック"}));
  EXPECT_EQ(body["total"], 3);
  EXPECT_EQ(body["page"], 1);
  EXPECT_EQ(body["per_page"], 20);
  EXPECT_EQ(body["as_of"], "2026-11-28");
  const auto& first = body["items"][0];
  EXPECT_EQ(first["kind"], "service");
  EXPECT_EQ(first["organisation"], "株式会社東京調査");
  EXPECT_EQ(first["score"], 4);
  EXPECT_EQ(first["consultation_url"], fmt::format("/consultations/new?kind=service&id={}", first["id"].get<int>()));
  EXPECT_TRUE(first["url"].get<std::string>().ends_with(fmt::format("/services/{}", first["id"].get<int>())));
  EXPECT_EQ(body["items"][1]["score"], 2);
  EXPECT_EQ(body["items"][2]["score"], 0);
  // Every condition, in the ADR's order, each with its explanation (Japanese by default).
  std::vector<std::string> codes;
  for (const auto& c : first["conditions"]) {
    codes.push_back(c["code"]);
    for (const char* key : {"hard", "applies", "met", "points", "matched", "missing", "explanation"}) {
      EXPECT_TRUE(c.contains(key)) << c["code"] << " " << key;
    }
    EXPECT_FALSE(c["explanation"].get<std::string>().empty());
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"valid_today", "region", "category", "industry", "verified", "strong_point",
                                             "cases", "text"}));
  EXPECT_EQ(Condition(first, "region")["matched"], json({"東京都"}));
  EXPECT_TRUE(Condition(first, "region")["hard"].get<bool>());
  EXPECT_EQ(Condition(first, "category")["matched"], json({"type:forensics"}));
  EXPECT_NE(Condition(first, "category")["explanation"].get<std::string>().find("デジタルフォレンジック"), std::string::npos);
  EXPECT_EQ(Condition(first, "industry")["points"], 4);
  EXPECT_NE(Condition(first, "industry")["explanation"].get<std::string>().find("製造業"), std::string::npos);
  EXPECT_FALSE(Condition(first, "strong_point")["applies"].get<bool>());
  const auto& third = body["items"][2];
  EXPECT_FALSE(Condition(third, "industry")["met"].get<bool>());
  EXPECT_NE(Condition(third, "industry")["explanation"].get<std::string>().find("含まれていません"), std::string::npos);

  // English explanations with ?lang=en.
  auto [en_status, en] = Match(kTokyoInfection, "?lang=en");
  ASSERT_EQ(en_status, 200);
  EXPECT_NE(Condition(en["items"][0], "category")["explanation"].get<std::string>().find("Digital forensics"),
            std::string::npos)
      << Condition(en["items"][0], "category")["explanation"];
  EXPECT_NE(Condition(en["items"][0], "region")["explanation"].get<std::string>().find("Covers every region needed (Tokyo)"),
            std::string::npos)
      << Condition(en["items"][0], "region")["explanation"];
}

TEST_F(MatchApi, RegionsTypesAndTextRankAndFilterAsTheAdrSays) {
  // Osaka: only the nationwide and the Osaka services; 関東 does not cover 大阪府.
  auto [s1, osaka] = Match({{"regions", {"大阪府"}}, {"types", {"forensics"}}});
  ASSERT_EQ(s1, 200);
  EXPECT_EQ(Names(osaka), (std::vector<std::string>{"全国フォレンジック", "大阪フォレンジック"}));
  // Needed in 関東 as a whole: a service for 東京都 alone does not cover it.
  auto [s2, kanto] = Match({{"regions", {"関東"}}, {"types", {"forensics"}}});
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(Names(kanto), (std::vector<std::string>{"関東フォレンジック", "全国フォレンジック"}));
  // No category: every valid service covering 東京都, the monitoring one included; free text ranks.
  auto [s3, text] = Match({{"regions", {"東京都"}}, {"text", "監視"}});
  ASSERT_EQ(s3, 200);
  ASSERT_EQ(text["total"], 4);
  EXPECT_EQ(text["items"][0]["name"], "全国監視センター");
  EXPECT_EQ(Condition(text["items"][0], "text")["matched"], json({"監視"}));
}

TEST_F(MatchApi, PagesAreStableAndBadNeedsNameTheField) {
  auto [s, p2] = Match(kTokyoInfection, "?page=2&per_page=2");
  ASSERT_EQ(s, 200);
  EXPECT_EQ(p2["total"], 3);
  EXPECT_EQ(p2["page"], 2);
  EXPECT_EQ(p2["per_page"], 2);
  EXPECT_EQ(Names(p2), (std::vector<std::string>{"全国フォレンジック"}));
  EXPECT_EQ(Match(kTokyoInfection, "?page=9").second["items"].size(), 0u);
  const std::vector<std::pair<json, std::string>> bad = {
      {{{"regions", {"東京都", "火星"}}}, "regions[1]"},
      {{{"problems", {"nothing_like_it"}}}, "problems[0]"},
      {{{"types", {"forensics", "magic"}}}, "types[1]"},
      {{{"fields", {1, 999}}}, "fields[1]"},
      {{{"size", "huge"}}, "size"},
      {{{"budget", "priceless"}}, "budget"},
      {{{"urgency", "yesterday"}}, "urgency"},
      {{{"industry", "宇宙業"}}, "industry"},
      {{{"regions", "東京都"}}, "regions"},
      {{{"colour", "blue"}}, "colour"},
      {{{"text", std::string(2001, 'a')}}, "text"},
  };
  for (const auto& [needs, field] : bad) {
    auto [status, body] = Match(needs);
    EXPECT_EQ(status, 400) << needs.dump();
    EXPECT_EQ(body["error"]["parameter"], field) << body.dump();
  }
  auto [ps, paging] = Match(kTokyoInfection, "?per_page=1000");
  EXPECT_EQ(ps, 400);
  EXPECT_EQ(paging["error"]["parameter"], "per_page");
  auto not_json = Client().Post("/api/v1/match", "[1,2", "application/json");
  EXPECT_EQ(not_json->status, 400);
}

TEST_F(MatchApi, ASavedNeedIsWatchedNewMatchesReachTheFeedAndTheMailboxOnceAndUnsubscribeStopsTheMail) {
  if (!sink_) GTEST_SKIP() << "python3-aiosmtpd is not installed (make test-deps installs it)";
  // Anonymous callers cannot save; the owner can.
  EXPECT_EQ(Client().Post("/api/v1/needs", kTokyoInfection.dump(), "application/json")->status, 403);
  auto saved = Call("u@example.jp", "POST", "/api/v1/needs?lang=en", kTokyoInfection);
  ASSERT_EQ(saved->status, 201) << saved->body;
  const json need = json::parse(saved->body);
  const auto id = need["id"].get<std::int64_t>();
  EXPECT_EQ(saved->get_header_value("Location"), fmt::format("/api/v1/needs/{}", id));
  EXPECT_EQ(need["needs"], kTokyoInfection);
  EXPECT_EQ(need["lang"], "en");
  EXPECT_EQ(need["mail"], true);
  const std::string feed_url = need["feed_url"];
  ASSERT_NE(feed_url.find(fmt::format("/feeds/needs/{}.atom?key=", id)), std::string::npos) << feed_url;
  const std::string feed_path = feed_url.substr(feed_url.find("/feeds/"));
  // Mine only.
  auto mine = json::parse(Call("u@example.jp", "GET", "/api/v1/needs")->body);
  EXPECT_EQ(mine["total"], 1);
  EXPECT_EQ(Call("o@example.jp", "GET", fmt::format("/api/v1/needs/{}", id))->status, 404);
  EXPECT_EQ(Call("o@example.jp", "DELETE", fmt::format("/api/v1/needs/{}", id))->status, 404);
  EXPECT_EQ(json::parse(Call("o@example.jp", "GET", "/api/v1/needs")->body)["total"], 0);
  EXPECT_EQ(Call("u@example.jp", "GET", fmt::format("/api/v1/needs/{}", id))->status, 200);
  auto empty_need = Call("u@example.jp", "POST", "/api/v1/needs", json::object());
  EXPECT_EQ(empty_need->status, 400);
  auto bad_need = Call("u@example.jp", "POST", "/api/v1/needs", json{{"regions", {"火星"}}});
  EXPECT_EQ(json::parse(bad_need->body)["error"]["parameter"], "regions[0]");

  // The feed: only with the key; nothing new yet (what matched when saved is not news).
  EXPECT_EQ(Client().Get(fmt::format("/feeds/needs/{}.atom", id).c_str())->status, 404);
  EXPECT_EQ(Client().Get(fmt::format("/feeds/needs/{}.atom?key=wrong", id).c_str())->status, 404);
  auto feed = Client().Get(feed_path.c_str());
  ASSERT_EQ(feed->status, 200);
  EXPECT_EQ(feed->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(feed->body.find("<entry>"), std::string::npos) << feed->body;

  // A new matching service is registered through the registrar API, and one that does not match.
  const json fresh = {{"name", "新宿インシデント調査"}, {"provider", "新宿調査株式会社"}, {"address", "東京都新宿区1-1"},
                      {"overview", "ウイルス感染の調査。"}, {"industries", {"製造業"}}, {"regions", {"東京都"}},
                      {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"}, {"type", "forensics"}};
  auto registered = Call("a@example.jp", "POST", "/api/v1/services", fresh);
  ASSERT_EQ(registered->status, 201) << registered->body;
  json elsewhere = fresh;
  elsewhere["name"] = "札幌インシデント調査";
  elsewhere["regions"] = {"北海道"};
  ASSERT_EQ(Call("a@example.jp", "POST", "/api/v1/services", elsewhere)->status, 201);

  auto got = sink_->WaitFor(1, std::chrono::seconds(20));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rcpt_tos, std::vector<std::string>{"u@example.jp"});
  EXPECT_EQ(got[0].headers["Subject"], "[Proven] 1 new match(es) for your saved needs");
  EXPECT_EQ(got[0].headers["Content-Language"], "en");
  EXPECT_NE(got[0].body.find("新宿インシデント調査"), std::string::npos) << got[0].body;
  EXPECT_EQ(got[0].body.find("札幌インシデント調査"), std::string::npos) << "out of region";
  EXPECT_EQ(got[0].body.find("東京マルウェア調査"), std::string::npos) << "there when saved";
  const std::string list_unsubscribe = got[0].headers["List-Unsubscribe"];
  EXPECT_EQ(got[0].headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  ASSERT_NE(list_unsubscribe.find("/needs/unsubscribe?token="), std::string::npos) << list_unsubscribe;
  EXPECT_TRUE(got[0].defects.empty());

  feed = Client().Get(feed_path.c_str());
  EXPECT_NE(feed->body.find("New registered service: 新宿インシデント調査 (新宿調査株式会社)"), std::string::npos) << feed->body;
  EXPECT_EQ(feed->body.find("札幌インシデント調査"), std::string::npos);

  // The unsubscribe link: a GET page that asks, and the one-click POST (no cookie, no CSRF token).
  const std::string unsubscribe_path =
      list_unsubscribe.substr(list_unsubscribe.find("/needs/"), list_unsubscribe.rfind('>') - list_unsubscribe.find("/needs/"));
  auto page = Client().Get(unsubscribe_path.c_str());
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("unsubscribe-confirm"), std::string::npos);
  EXPECT_EQ(Client().Post("/needs/unsubscribe?token=forged", "List-Unsubscribe=One-Click",
                          "application/x-www-form-urlencoded")->status, 404);
  auto done = Client().Post(unsubscribe_path.c_str(), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  ASSERT_EQ(done->status, 200);
  EXPECT_NE(done->body.find("data-testid=\"unsubscribed\""), std::string::npos);
  EXPECT_EQ(json::parse(Call("u@example.jp", "GET", fmt::format("/api/v1/needs/{}", id))->body)["mail"], false);

  // Another matching service: the feed shows it, no mail comes.
  json another = fresh;
  another["name"] = "渋谷インシデント調査";
  another["regions"] = {"関東"};
  ASSERT_EQ(Call("a@example.jp", "POST", "/api/v1/services", another)->status, 201);
  for (int i = 0; i < 100; ++i) {
    feed = Client().Get(feed_path.c_str());
    if (feed->body.find("渋谷インシデント調査") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(feed->body.find("渋谷インシデント調査"), std::string::npos);
  EXPECT_EQ(sink_->WaitFor(2, std::chrono::milliseconds(1500)).size(), 1u) << "no mail after unsubscribing";

  // A round by hand (another process on the same database) finds nothing new: each match is told
  // of once, whoever runs the round.
  auto by_hand = RunProven({"needs", "notify", "--db", database_->spec(), "--today", "2026-11-28"});
  EXPECT_EQ(by_hand.exit_code, 0) << by_hand.err;
  EXPECT_NE(by_hand.out.find("checked 1 saved need(s): 0 new match(es), 0 mail(s) queued"), std::string::npos)
      << by_hand.out;

  // Deleted: gone from the list and the feed.
  EXPECT_EQ(Call("u@example.jp", "DELETE", fmt::format("/api/v1/needs/{}", id))->status, 204);
  EXPECT_EQ(Call("u@example.jp", "GET", fmt::format("/api/v1/needs/{}", id))->status, 404);
  EXPECT_EQ(Client().Get(feed_path.c_str())->status, 404);
}

TEST_F(MatchApi, TheNeedsPageShowsResultsWithExplanationsWithoutJavaScript) {
  auto r = Client().Get("/needs?go=1&industry=%E8%A3%BD%E9%80%A0%E6%A5%AD&regions=%E6%9D%B1%E4%BA%AC%E9%83%BD&problems=suspected_infection&lang=en");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("data-testid=\"needs-results\""), std::string::npos);
  // The same total as the API (another test of this suite may have registered more services).
  const auto total = Match(kTokyoInfection).second["total"].get<int>();
  EXPECT_GE(total, 3);
  EXPECT_NE(r->body.find(fmt::format("data-total=\"{}\"", total)), std::string::npos);
  EXPECT_NE(r->body.find("東京マルウェア調査"), std::string::npos);
  EXPECT_EQ(r->body.find("大阪フォレンジック"), std::string::npos);
  EXPECT_NE(r->body.find("Covers every region needed (Tokyo)."), std::string::npos);
  EXPECT_NE(r->body.find("/consultations/new?kind=service&amp;id="), std::string::npos);
  auto bad = Client().Get("/needs?go=1&regions=%E7%81%AB%E6%98%9F");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("data-testid=\"needs-error\""), std::string::npos);
}

}  // namespace
}  // namespace proven
