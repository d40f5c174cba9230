// Registration numbers (登録番号) on the real binary: a registration body's upload with numbers,
// search by the parameter and by the keyword, duplicates refused naming the line and the field,
// 409 from the API, the JSON field, the export column, the pages, and the vendor kept out.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ServerProcess;

class RegistrationNumbers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"},
                                      {"b@example.jp", "registrar", "審査機構B"},
                                      {"v@example.jp", "vendor", "番号株式会社"}});
    server_ = env_->server.get();
    tokens_ = env_->tokens;
    // 審査機構A uploads two services with numbers (one full-width) and one without.
    const std::string csv =
        "サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,対象とする地域,登録年月日,有効期限,"
        "審査登録機関名,サービス種別,ホームページ,登録番号\n"
        "番号付きクラウド監査,番号株式会社,東京都港区1-1,クラウドの監査です。,全業種,日本全国,2026/04/01,2029/03/31,"
        "審査機構A,情報セキュリティ監査,,JASA-A-0123\n"
        "番号付き脆弱性診断,番号株式会社,東京都港区1-1,,,,2026/04/01,2029/03/31,審査機構A,脆弱性診断,,"
        "ＪＡＳＡ－Ａ－０７７７\n"
        "番号のない診断,番号株式会社,東京都港区1-1,,,,2026/04/01,2029/03/31,審査機構A,脆弱性診断,,\n";
    auto upload = Client().Post("/registrar/upload", Bearer("a@example.jp"),
                                httplib::MultipartFormDataItems{{"file", csv, "numbers.csv", "text/csv"}});
    if (!upload || upload->status != 303) throw std::runtime_error("the upload with numbers failed");
  }
  static void TearDownTestSuite() { delete env_; }

  static httplib::Client Client() {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  static httplib::Headers Bearer(const std::string& who) { return {{"Authorization", "Bearer " + tokens_[who]}}; }
  static json Get(const std::string& path) {
    auto r = Client().Get(path.c_str());
    EXPECT_TRUE(r && r->status == 200) << path << (r ? r->body : std::string());
    return r ? json::parse(r->body) : json();
  }
  static std::vector<std::string> Names(const json& page) {
    std::vector<std::string> out;
    for (const auto& item : page["items"]) out.push_back(item["name"].get<std::string>());
    return out;
  }

  static testing::SeededServer* env_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::SeededServer* RegistrationNumbers::env_ = nullptr;
ServerProcess* RegistrationNumbers::server_ = nullptr;
std::map<std::string, std::string> RegistrationNumbers::tokens_;

TEST_F(RegistrationNumbers, TheParameterAndTheKeywordFindTheWholeNumberOnly) {
  const auto by_param = Get("/api/v1/services?registration_number=JASA-A-0123");
  EXPECT_EQ(Names(by_param), std::vector<std::string>{"番号付きクラウド監査"});
  EXPECT_EQ(by_param["items"][0]["registration_number"], "JASA-A-0123");
  // Stored NFKC; found whatever the width and case of the query.
  const auto wide = Get("/api/v1/services?registration_number=%EF%BD%8A%EF%BD%81%EF%BD%93%EF%BD%81-a-0777");  // ｊａｓａ-a-0777
  EXPECT_EQ(Names(wide), std::vector<std::string>{"番号付き脆弱性診断"});
  EXPECT_EQ(wide["items"][0]["registration_number"], "JASA-A-0777");
  EXPECT_EQ(Get("/api/v1/services?registration_number=JASA-A")["total"], 0) << "part of a number finds nothing";
  // The keyword: the whole number first; part of it nothing (no text holds it).
  EXPECT_EQ(Names(Get("/api/v1/services?q=jasa-a-0123")), std::vector<std::string>{"番号付きクラウド監査"});
  EXPECT_EQ(Get("/api/v1/services?q=JASA-A")["total"], 0);
  EXPECT_EQ(Get("/api/v1/services?q=0123")["total"], 0);
  // A service without a number has the field, empty (like url).
  const auto none = Get("/api/v1/services?q=%E7%95%AA%E5%8F%B7%E3%81%AE%E3%81%AA%E3%81%84");  // 番号のない
  ASSERT_EQ(none["total"], 1);
  EXPECT_EQ(none["items"][0]["registration_number"], "");
  const auto id = std::to_string(by_param["items"][0]["id"].get<int>());
  EXPECT_EQ(Get("/api/v1/services/" + id)["registration_number"], "JASA-A-0123");
  // The parameter once at most, within its limits.
  auto twice = Client().Get("/api/v1/services?registration_number=A&registration_number=B");
  EXPECT_EQ(twice->status, 400);
  EXPECT_EQ(json::parse(twice->body)["error"]["parameter"], "registration_number");
  auto too_long = Client().Get(("/api/v1/services?registration_number=" + std::string(65, 'A')).c_str());
  EXPECT_EQ(too_long->status, 400);
  EXPECT_EQ(json::parse(too_long->body)["error"]["parameter"], "registration_number");
}

TEST_F(RegistrationNumbers, ExportsHaveTheColumnAfterTheHomepageAndHonourTheParameter) {
  auto csv = Client().Get("/api/v1/services/export?format=csv&registration_number=JASA-A-0123");
  ASSERT_EQ(csv->status, 200);
  auto records = ParseCsv(csv->body);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u) << "the header and the one service";
  EXPECT_EQ((*records)[0].fields[10], "ホームページ");
  EXPECT_EQ((*records)[0].fields[11], "登録番号");
  EXPECT_EQ((*records)[0].fields[12], "ID");
  EXPECT_EQ((*records)[1].fields[11], "JASA-A-0123");
  auto sjis = Client().Get("/api/v1/services/export?format=csv&encoding=cp932&registration_number=JASA-A-0777");
  ASSERT_EQ(sjis->status, 200);
  EXPECT_NE(sjis->body.find("JASA-A-0777"), std::string::npos);
  auto exported = Client().Get("/api/v1/services/export?format=json&q=JASA-A-0777");
  ASSERT_EQ(exported->status, 200);
  const auto items = json::parse(exported->body);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["registration_number"], "JASA-A-0777");
}

TEST_F(RegistrationNumbers, DuplicatesAreRefusedNamingTheLineTheFieldAndTheHolder) {
  // An upload: the later line of a number given twice, and a number another service holds.
  const std::string header = "name,provider,address,registered_on,expires_on,registrar,type,registration_number\n";
  const std::string rows = "重複1,番号株式会社,東京都港区1-1,2026-04-01,2029-03-31,審査機構A,audit,X-1\n"
                           "重複2,番号株式会社,東京都港区1-1,2026-04-01,2029-03-31,審査機構A,audit,x-1\n"
                           "重複3,番号株式会社,東京都港区1-1,2026-04-01,2029-03-31,審査機構A,audit,jasa-a-0123\n";
  auto upload = Client().Post("/registrar/upload", Bearer("a@example.jp"),
                              httplib::MultipartFormDataItems{{"file", header + rows, "dup.csv", "text/csv"}});
  ASSERT_EQ(upload->status, 400);
  EXPECT_NE(upload->body.find("dup.csv 3行目: 登録番号: 登録番号「x-1」（審査機構A）は 2 行目にもあります。"),
            std::string::npos)
      << upload->body;
  // Once the file itself is sound, a number another stored service of the body holds.
  upload = Client().Post("/registrar/upload", Bearer("a@example.jp"),
                         httplib::MultipartFormDataItems{{"file", header + rows.substr(rows.find("重複3")), "dup.csv", "text/csv"}});
  ASSERT_EQ(upload->status, 400);
  EXPECT_NE(upload->body.find("dup.csv 2行目: 登録番号: 登録番号「jasa-a-0123」は、審査機構A のサービス "), std::string::npos)
      << upload->body;
  EXPECT_EQ(Get("/api/v1/services?q=%E9%87%8D%E8%A4%87&status=all")["total"], 0) << "all or nothing";  // 重複

  // The API: 409 naming the field, with the catalogue's key; the same number under another body is fine.
  json service = {{"name", "API登録"},          {"provider", "番号株式会社"},      {"address", "東京都港区1-1"},
                  {"registered_on", "2026-04-01"}, {"expires_on", "2029-03-31"},  {"type", "audit"},
                  {"registration_number", "ｊａｓａ－ａ－０１２３"}};
  auto taken = Client().Post("/api/v1/services", Bearer("a@example.jp"), service.dump(), "application/json");
  ASSERT_EQ(taken->status, 409) << taken->body;
  const auto error = json::parse(taken->body)["error"];
  EXPECT_EQ(error["parameter"], "registration_number");
  EXPECT_EQ(error["code"], "already_exists");
  auto other_body = Client().Post("/api/v1/services", Bearer("b@example.jp"), service.dump(), "application/json");
  ASSERT_EQ(other_body->status, 201) << other_body->body;
  const auto created = json::parse(other_body->body);
  EXPECT_EQ(created["registration_number"], "jasa-a-0123") << "NFKC, the case as given";
  EXPECT_EQ(Get("/api/v1/services?registration_number=JASA-A-0123")["total"], 2);
  // PATCH onto a taken number: 409 too.
  const auto id = std::to_string(created["id"].get<int>());
  auto patch = Client().Patch(("/api/v1/services/" + id).c_str(), Bearer("b@example.jp"),
                              json{{"registration_number", "B-1"}}.dump(), "application/json");
  ASSERT_EQ(patch->status, 200) << patch->body;
  EXPECT_EQ(Get("/api/v1/services/" + id)["registration_number"], "B-1");
}

TEST_F(RegistrationNumbers, AVendorCannotProposeARegistrationNumber) {
  const auto page = Get("/api/v1/services?registration_number=JASA-A-0777");
  const auto id = std::to_string(page["items"][0]["id"].get<int>());
  auto proposal = Client().Post(("/api/v1/services/" + id + "/proposals").c_str(), Bearer("v@example.jp"),
                                json{{"registration_number", "X-9"}}.dump(), "application/json");
  ASSERT_EQ(proposal->status, 400) << proposal->body;
  EXPECT_EQ(json::parse(proposal->body)["error"]["parameter"], "registration_number");
  EXPECT_EQ(Get("/api/v1/services/" + id)["registration_number"], "JASA-A-0777");
}

TEST_F(RegistrationNumbers, PagesShowTheNumberAndTheFilterAsARemovableChip) {
  const auto page = Get("/api/v1/services?registration_number=JASA-A-0123");
  const auto id = std::to_string(page["items"][0]["id"].get<int>());
  auto detail = Client().Get(("/services/" + id).c_str());
  ASSERT_EQ(detail->status, 200);
  EXPECT_NE(detail->body.find("<dt>登録番号</dt><dd translate=\"no\" data-testid=\"registration-number\">JASA-A-0123</dd>"),
            std::string::npos);
  auto detail_en = Client().Get(("/services/" + id + "?lang=en").c_str());
  EXPECT_NE(detail_en->body.find("<dt>Registration number</dt>"), std::string::npos);
  // A service without a number shows no such row.
  const auto none = Get("/api/v1/services?q=%E7%95%AA%E5%8F%B7%E3%81%AE%E3%81%AA%E3%81%84");
  auto plain = Client().Get(("/services/" + std::to_string(none["items"][0]["id"].get<int>())).c_str());
  EXPECT_EQ(plain->body.find("registration-number"), std::string::npos);

  auto search = Client().Get("/services?registration_number=jasa-a-0123&type=audit&lang=en");
  ASSERT_EQ(search->status, 200);
  const std::string& html = search->body;
  EXPECT_NE(html.find("番号付きクラウド監査"), std::string::npos);
  EXPECT_EQ(html.find("番号付き脆弱性診断"), std::string::npos);
  EXPECT_NE(html.find("value=\"jasa-a-0123\""), std::string::npos) << "the value stays in the form";
  EXPECT_NE(html.find("Registration number: jasa-a-0123"), std::string::npos) << "the chip";
  EXPECT_NE(html.find("href=\"/services?type=audit\" aria-label=\"Remove"), std::string::npos) << "removing the chip keeps the rest";
  EXPECT_NE(html.find("data-testid=\"result-registration-number\""), std::string::npos);

  auto compare = Client().Get(("/services/compare?ids=" + id + "&ids=" + std::to_string(none["items"][0]["id"].get<int>())).c_str());
  ASSERT_EQ(compare->status, 200);
  EXPECT_NE(compare->body.find("<th scope=\"row\">登録番号</th><td translate=\"no\">JASA-A-0123</td>"), std::string::npos)
      << compare->body;
}

}  // namespace
}  // namespace proven
