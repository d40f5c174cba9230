// The registrar workflow over the API with Bearer tokens, on the real binary: ownership, the
// state machine, history, proposals, the feed and the audit chain.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;
using testing::SourcePath;
using testing::TempDir;

class Registrar : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"},
                                      {"b@example.jp", "registrar", "審査機構B"},
                                      {"v@example.jp", "vendor", "テスト丙株式会社"},
                                      {"admin@example.jp", "admin", ""}});
    dir_ = &env_->dir;
    db_ = env_->db;
    tokens_ = env_->tokens;
    server_ = env_->server.get();
  }
  static void TearDownTestSuite() { delete env_; }
  httplib::Result Call(const std::string& who, const std::string& method, const std::string& path, const json& body = {}) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h{{"Authorization", "Bearer " + tokens_[who]}};
    const std::string b = body.is_null() ? "{}" : body.dump();
    if (method == "POST") return c.Post(path.c_str(), h, b, "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, b, "application/json");
    return c.Get(path.c_str(), h);
  }
  json Get(const std::string& path) {
    httplib::Client c(server_->host(), server_->port());
    auto r = c.Get(path.c_str());
    EXPECT_TRUE(r);
    return json::parse(r->body);
  }
  static std::int64_t IdOf(const std::string& name) {
    httplib::Client c(server_->host(), server_->port());
    auto r = c.Get("/api/v1/services?status=all&per_page=100");
    const json page = json::parse(r->body);
    for (const auto& item : page["items"]) {
      if (item["name"] == name) return item["id"].template get<std::int64_t>();
    }
    return -1;
  }
  static testing::SeededServer* env_;
  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::SeededServer* Registrar::env_ = nullptr;
TempDir* Registrar::dir_ = nullptr;
std::string Registrar::db_;
ServerProcess* Registrar::server_ = nullptr;
std::map<std::string, std::string> Registrar::tokens_;

const json kNewService = {
    {"name", "新規クラウド監査"},   {"provider", "新規株式会社"},       {"address", "東京都港区1-2-3"},
    {"overview", "クラウドの監査です。"}, {"industries", {"全業種"}},           {"regions", {"関東", "近畿"}},
    {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"},    {"type", "audit"},
    {"url", "https://new.example/"}};

TEST_F(Registrar, RegistersForItsOwnBodyOnlyAndTheServiceIsSearchableAtOnce) {
  auto r = Call("a@example.jp", "POST", "/api/v1/services", kNewService);
  ASSERT_EQ(r->status, 201) << r->body;
  const auto item = json::parse(r->body);
  EXPECT_EQ(item["registrar"], "審査機構A") << "the registrar defaults to the actor's body";
  EXPECT_EQ(r->get_header_value("Location"), "/api/v1/services/" + std::to_string(item["id"].get<int>()));
  EXPECT_EQ(Get("/api/v1/services?q=%E6%96%B0%E8%A6%8F%E3%82%AF%E3%83%A9%E3%82%A6%E3%83%89")["total"], 1);

  json other = kNewService;
  other["name"] = "他機関の名前で";
  other["registrar"] = "審査機構B";
  auto denied = Call("a@example.jp", "POST", "/api/v1/services", other);
  EXPECT_EQ(denied->status, 403);
  auto dup = Call("a@example.jp", "POST", "/api/v1/services", kNewService);
  EXPECT_EQ(dup->status, 409);
  json bad = kNewService;
  bad["name"] = "日付の誤り";
  bad["expires_on"] = "2020-01-01";
  auto invalid = Call("a@example.jp", "POST", "/api/v1/services", bad);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(json::parse(invalid->body)["error"]["parameter"], "expires_on");
  auto unknown_field = Call("a@example.jp", "POST", "/api/v1/services", json{{"colour", "red"}});
  EXPECT_EQ(json::parse(unknown_field->body)["error"]["parameter"], "colour");
  auto anonymous = httplib::Client(server_->host(), server_->port()).Post("/api/v1/services", kNewService.dump(), "application/json");
  EXPECT_EQ(anonymous->status, 403) << "no credentials, no CSRF token";
}

TEST_F(Registrar, OverlongFieldsAndReasonsAndControlCharactersAre400NamingTheField) {
  json big = kNewService;
  big["name"] = "長すぎるURL";
  big["url"] = "https://new.example/" + std::string(60000 - 20, 'a');
  auto r = Call("a@example.jp", "POST", "/api/v1/services", big);
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(json::parse(r->body)["error"],
            (json{{"code", "invalid_argument"},
                  {"message", "url: is 60,000 characters long; at most 2,048 are allowed"},
                  {"parameter", "url"},
                  {"key", "error.text.too_long"}}));

  json nul = kNewService;
  nul["name"] = std::string("NUL") + '\0' + "入り";
  r = Call("a@example.jp", "POST", "/api/v1/services", nul);
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(json::parse(r->body)["error"]["parameter"], "name");
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find("U+0000"), std::string::npos);

  const auto id = IdOf("制御システム(OT)ペネトレーションテスト");  // registered by 審査機構A
  ASSERT_GT(id, 0);
  std::string reason;
  for (int i = 0; i < 2001; ++i) reason += "理";
  r = Call("a@example.jp", "POST", "/api/v1/services/" + std::to_string(id) + "/suspend", json{{"reason", reason}});
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(json::parse(r->body)["error"],
            (json{{"code", "invalid_argument"},
                  {"message", "reason: is 2,001 characters long; at most 2,000 are allowed"},
                  {"parameter", "reason"},
                  {"key", "error.text.too_long"}}));
  EXPECT_EQ(Get("/api/v1/services/" + std::to_string(id))["state"], "active") << "nothing changed";
}

TEST_F(Registrar, ARegistrarCannotTouchAnotherBodysServiceAndNothingChanges) {
  const auto id = IdOf("内部監査支援");  // registered by 審査機構B
  ASSERT_GT(id, 0);
  const auto before = Get("/api/v1/services/" + std::to_string(id));
  for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, json>>{
           {"PATCH", "", json{{"overview", "書き換え"}}},
           {"POST", "/renew", json{{"expires_on", "2031-01-01"}}},
           {"POST", "/suspend", json{{"reason", "理由"}}},
           {"POST", "/revoke", json{{"reason", "理由"}}}}) {
    auto r = Call("a@example.jp", method, "/api/v1/services/" + std::to_string(id) + path, body);
    EXPECT_EQ(r->status, 403) << method << path;
  }
  EXPECT_EQ(Get("/api/v1/services/" + std::to_string(id)), before);
  EXPECT_EQ(Call("admin@example.jp", "PATCH", "/api/v1/services/" + std::to_string(id), json{{"overview", "運営者による修正"}})->status, 200)
      << "an admin may";
}

TEST_F(Registrar, StateMachineWithReasonsAndAPublicHistory) {
  const auto id = std::to_string(IdOf("SOC2対応アセスメント"));  // 審査機構A
  const std::string base = "/api/v1/services/" + id;
  EXPECT_EQ(Call("a@example.jp", "POST", base + "/renew", json{{"expires_on", "2027-01-01"}})->status, 400)
      << "a renewal must move the expiry later";
  auto renewed = Call("a@example.jp", "POST", base + "/renew", json{{"expires_on", "2031-01-09"}});
  ASSERT_EQ(renewed->status, 200) << renewed->body;
  EXPECT_EQ(json::parse(renewed->body)["expires_on"], "2031-01-09");
  EXPECT_EQ(Call("a@example.jp", "POST", base + "/suspend", json{})->status, 400) << "a suspension needs a reason";
  auto suspended = Call("a@example.jp", "POST", base + "/suspend", json{{"reason", "監査報告の提出遅延"}});
  ASSERT_EQ(suspended->status, 200);
  EXPECT_EQ(json::parse(suspended->body)["status"], "suspended");
  EXPECT_EQ(json::parse(suspended->body)["state_reason"], "監査報告の提出遅延");
  EXPECT_EQ(Get("/api/v1/services?q=SOC2")["total"], 0) << "a suspended service never shows as valid";
  EXPECT_EQ(Get("/api/v1/services?q=SOC2&status=suspended")["total"], 1);
  EXPECT_EQ(Call("a@example.jp", "POST", base + "/suspend", json{{"reason", "again"}})->status, 409);
  EXPECT_EQ(Call("a@example.jp", "POST", base + "/resume", json{})->status, 200);
  EXPECT_EQ(Get("/api/v1/services?q=SOC2")["total"], 1);
  EXPECT_EQ(Call("a@example.jp", "POST", base + "/revoke", json{{"reason", "基準不適合"}})->status, 200);
  EXPECT_EQ(Get("/api/v1/services?q=SOC2&status=revoked")["total"], 1);
  EXPECT_EQ(Call("a@example.jp", "PATCH", base, json{{"overview", "x"}})->status, 409) << "revocation is final";

  auto history = Get(base + "/history");
  std::vector<std::string> kinds;
  for (const auto& e : history) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"registered", "renewed", "suspended", "resumed", "revoked"}))
      << "the import that created it recorded its registration";
  EXPECT_EQ(history[0]["by"], "operator");
  EXPECT_EQ(history[2]["by"], "審査機構A");
  EXPECT_EQ(history[2]["detail"].get<std::string>().find("a@example.jp"), std::string::npos) << "no user e-mail in public";

  httplib::Client c(server_->host(), server_->port());
  auto page = c.Get(("/services/" + id).c_str());
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("登録取消"), std::string::npos) << "the badge";
  EXPECT_NE(page->body.find("基準不適合"), std::string::npos) << "the public reason";
  EXPECT_NE(page->body.find("一時停止の解除"), std::string::npos) << "the dated history";
  auto feed = c.Get("/feeds/services.atom");
  ASSERT_EQ(feed->status, 200);
  EXPECT_EQ(feed->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed->body.find("<category term=\"revoked\"/>"), std::string::npos);
  EXPECT_NE(feed->body.find("<title>登録取消: SOC2対応アセスメント"), std::string::npos) << "the event's catalogue label";
  EXPECT_NE(feed->body.find("SOC2対応アセスメント"), std::string::npos);
}

TEST_F(Registrar, VendorProposalsAreDecidedByTheRegistrarAndProvenanceShows) {
  const auto id = std::to_string(IdOf("24時間SOCサービス"));  // provider テスト丙株式会社, registrar 審査機構A
  auto bad = Call("v@example.jp", "POST", "/api/v1/services/" + id + "/proposals", json{{"name", "改名"}});
  EXPECT_EQ(bad->status, 400) << "vendors propose only overview, industries, regions and url";
  auto other = Call("v@example.jp", "POST", "/api/v1/services/" + std::to_string(IdOf("クラウド診断")) + "/proposals",
                    json{{"overview", "他社のサービス"}});
  EXPECT_EQ(other->status, 403);
  auto proposed = Call("v@example.jp", "POST", "/api/v1/services/" + id + "/proposals",
                       json{{"overview", "ベンダーが書いた新しい概要です。"}});
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  const auto pid = std::to_string(json::parse(proposed->body)["id"].get<int>());
  EXPECT_EQ(Call("b@example.jp", "POST", "/api/v1/proposals/" + pid + "/approve")->status, 403) << "another body";
  auto list = json::parse(Call("a@example.jp", "GET", "/api/v1/proposals")->body);
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["page"], 1);
  EXPECT_EQ(list["per_page"], 20);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["fields"]["overview"], "ベンダーが書いた新しい概要です。");
  EXPECT_FALSE(list["items"][0].contains("truncated"));
  ASSERT_EQ(Call("a@example.jp", "POST", "/api/v1/proposals/" + pid + "/approve")->status, 200);
  auto item = Get("/api/v1/services/" + id);
  EXPECT_EQ(item["overview"], "ベンダーが書いた新しい概要です。");
  EXPECT_EQ(item["provenance"]["overview"]["supplied_by"], "vendor");
  EXPECT_EQ(item["provenance"]["overview"]["vetted_by"], "審査機構A");
  httplib::Client c(server_->host(), server_->port());
  auto page = c.Get(("/services/" + id).c_str());
  EXPECT_NE(page->body.find("data-testid=\"provenance\""), std::string::npos) << "the page marks vendor-supplied fields";
  EXPECT_NE(page->body.find("テスト丙株式会社"), std::string::npos);
}

TEST_F(Registrar, ProposalsAreLimitedPagedAndPreviewed) {
  const auto id = std::to_string(IdOf("24時間SOCサービス"));
  const std::string path = "/api/v1/services/" + id + "/proposals";
  const std::string long_overview(3000, 'a');
  std::vector<std::string> pids;
  for (int i = 0; i < 3; ++i) {
    auto r = Call("v@example.jp", "POST", path, json{{"overview", long_overview + std::to_string(i)}});
    ASSERT_EQ(r->status, 201) << r->body;
    pids.push_back(std::to_string(json::parse(r->body)["id"].get<int>()));
  }
  auto fourth = Call("v@example.jp", "POST", path, json{{"url", "https://c.example/4"}});
  EXPECT_EQ(fourth->status, 409);
  EXPECT_EQ(json::parse(fourth->body)["error"]["code"], "failed_precondition");
  EXPECT_NE(json::parse(fourth->body)["error"]["message"].get<std::string>().find("already has 3 pending proposals"),
            std::string::npos);

  auto page = json::parse(Call("a@example.jp", "GET", "/api/v1/proposals?per_page=2&page=2")->body);
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["page"], 2);
  EXPECT_EQ(page["per_page"], 2);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(std::to_string(page["items"][0]["id"].get<int>()), pids[0]) << "newest first";
  EXPECT_EQ(page["items"][0]["fields"]["overview"], std::string(200, 'a')) << "a preview";
  EXPECT_EQ(page["items"][0]["truncated"], json::parse(R"(["overview"])"));
  EXPECT_EQ(Call("a@example.jp", "GET", "/api/v1/proposals?per_page=101")->status, 400);

  auto whole = Call("a@example.jp", "GET", "/api/v1/proposals/" + pids[0]);
  ASSERT_EQ(whole->status, 200) << whole->body;
  EXPECT_EQ(json::parse(whole->body)["fields"]["overview"], long_overview + "0");
  EXPECT_EQ(Call("v@example.jp", "GET", "/api/v1/proposals/" + pids[0])->status, 200) << "its vendor";
  EXPECT_EQ(Call("b@example.jp", "GET", "/api/v1/proposals/" + pids[0])->status, 403) << "another body";
  EXPECT_EQ(Call("a@example.jp", "GET", "/api/v1/proposals/99999")->status, 404);

  httplib::Client c(server_->host(), server_->port());
  auto html = c.Get("/registrar", httplib::Headers{{"Authorization", "Bearer " + tokens_["a@example.jp"]}});
  ASSERT_EQ(html->status, 200);
  // The dashboard lists the proposals and links each to its page, which shows the whole text.
  EXPECT_EQ(html->body.find(std::string(200, 'a')), std::string::npos);
  EXPECT_NE(html->body.find("href=\"/registrar/proposals/" + pids[0] + "\""), std::string::npos);
  auto whole_page = c.Get(("/registrar/proposals/" + pids[0]).c_str(),
                          httplib::Headers{{"Authorization", "Bearer " + tokens_["a@example.jp"]}});
  ASSERT_EQ(whole_page->status, 200);
  EXPECT_NE(whole_page->body.find(long_overview + "0"), std::string::npos);
  auto past = c.Get("/registrar?proposals_page=2", httplib::Headers{{"Authorization", "Bearer " + tokens_["a@example.jp"]}});
  ASSERT_EQ(past->status, 200);
  EXPECT_EQ(past->body.find("href=\"/registrar/proposals/" + pids[0] + "\""), std::string::npos)
      << "10 a page: page 2 is empty";
  EXPECT_NE(past->body.find("href=\"/registrar?proposals_page=1\""), std::string::npos) << "with the way back";
}

TEST_F(Registrar, UploadsAndImportsFollowTheLifecycleRules) {
  const auto id = std::to_string(IdOf("SOC2対応アセスメント"));  // 審査機構A
  const int revoked = Call("a@example.jp", "POST", "/api/v1/services/" + id + "/revoke", json{{"reason", "基準不適合"}})->status;
  ASSERT_TRUE(revoked == 200 || revoked == 409) << "revoked now, or by an earlier test in this process";
  const auto before = Get("/api/v1/services/" + id);
  const std::string header = "name,provider,address,overview,industries,regions,registered_on,expires_on,registrar,type,url\n";
  const std::string revived =
      "SOC2対応アセスメント,テスト丙株式会社,神奈川県横浜市西区3-3,書き換えた概要,金融・保険業,関東,2025-01-10,2040-01-09,"
      "審査機構A,audit,https://evil.example/\n";
  const std::string renewed =
      "24時間SOCサービス,テスト丙株式会社,神奈川県横浜市西区3-3,SOCによる常時監視を提供します。,全業種,東京都、神奈川県,"
      "2023-10-01,2029-09-30,審査機構A,monitoring,https://c.example/soc\n";

  httplib::Client c(server_->host(), server_->port());
  httplib::Headers bearer{{"Authorization", "Bearer " + tokens_["a@example.jp"]}};
  auto upload = c.Post("/registrar/upload", bearer,
                       httplib::MultipartFormDataItems{{"file", header + renewed + revived, "list.csv", "text/csv"}});
  ASSERT_TRUE(upload);
  // The problems come back on the answer itself (never in a URL), HTML-escaped.
  ASSERT_EQ(upload->status, 400);
  const std::string& page = upload->body;
  EXPECT_NE(page.find("何も取り込んでいません"), std::string::npos) << page;
  // In the page's language, from the catalogue (the CLI below keeps the English message).
  EXPECT_NE(page.find("list.csv 3行目: サービス名: サービス " + id + " は登録取消済みのため、変更できません。"),
            std::string::npos) << page;
  EXPECT_EQ(page.find("is revoked"), std::string::npos) << page;
  EXPECT_EQ(Get("/api/v1/services/" + id), before) << "the revoked service is untouched";
  EXPECT_EQ(Get("/api/v1/services/" + std::to_string(IdOf("24時間SOCサービス")))["expires_on"], "2026-09-30")
      << "all or nothing";

  // The CLI import refuses it the same way.
  const std::string file = (*dir_ / "revive.csv").string();
  testing::WriteFile(file, header + revived);
  auto cli = RunProven({"import", "services", file, "--db", db_});
  EXPECT_EQ(cli.exit_code, 2);
  EXPECT_NE(cli.err.find(file + ":2: name: service " + id + " ('SOC2対応アセスメント' by 'テスト丙株式会社') is revoked"),
            std::string::npos) << cli.err;

  // The rest uploads, with a public event and an audit entry for the service it changed.
  upload = c.Post("/registrar/upload", bearer, httplib::MultipartFormDataItems{{"file", header + renewed, "list.csv", "text/csv"}});
  ASSERT_EQ(upload->status, 303);
  // The counts travel in the session's one-time notice, never in the URL.
  EXPECT_EQ(upload->get_header_value("Location"), "/registrar");
  const auto history = Get("/api/v1/services/" + std::to_string(IdOf("24時間SOCサービス")) + "/history");
  EXPECT_EQ(history.back()["kind"], "renewed");
  EXPECT_EQ(history.back()["by"], "審査機構A");
  auto verify = RunProven({"audit", "verify", "--db", db_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// A write that cannot get the database's write lock (held here as a long import would hold it)
// answers 503 with Retry-After once the server's busy timeout has passed; reads go on meanwhile.
TEST_F(Registrar, AWriteBlockedByAnotherWriterAnswers503WithRetryAfter) {
  ServerProcess busy(db_, {"--today", "2026-11-28", "--busy-timeout-ms", "300"});
  httplib::Client c(busy.host(), busy.port());
  c.set_read_timeout(20, 0);
  httplib::Headers bearer{{"Authorization", "Bearer " + tokens_["a@example.jp"]}};
  const std::string renew = "/api/v1/services/" + std::to_string(IdOf("スマホアプリ診断")) + "/renew";
  auto holder = store::Connection::Open(db_, false);
  ASSERT_TRUE(holder);
  {
    auto tx = store::Transaction::Begin(**holder);
    ASSERT_TRUE(tx);
    auto blocked = c.Post(renew.c_str(), bearer, R"({"expires_on":"2035-01-01"})", "application/json");
    ASSERT_TRUE(blocked);
    EXPECT_EQ(blocked->status, 503) << blocked->body;
    EXPECT_EQ(blocked->get_header_value("Retry-After"), "5");
    const auto body = json::parse(blocked->body);
    EXPECT_EQ(body["error"]["code"], "unavailable");
    EXPECT_EQ(body["error"]["message"],
              "the registry is busy with another write (for example a large import); try again shortly");
    auto read = c.Get("/api/v1/services?status=all");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, 200) << "reads are not blocked by a writer";
  }  // the holder rolls back
  auto retried = c.Post(renew.c_str(), bearer, R"({"expires_on":"2035-01-01"})", "application/json");
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 200) << retried->body;
}

TEST_F(Registrar, TheAuditChainHoldsAfterAllOfIt) {
  Call("a@example.jp", "POST", "/api/v1/services/" + std::to_string(IdOf("スマホアプリ診断")) + "/suspend", json{{"reason", "確認中"}});
  auto verify = RunProven({"audit", "verify", "--db", db_});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

}  // namespace
}  // namespace proven
