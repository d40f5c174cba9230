// Issue 8, on the real binary: pages show errors from the message catalogue in the page's
// language, never the English `message` the API and the CLI keep returning (docs/i18n.md).
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;

class Catalogue : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"}});
  }
  static void TearDownTestSuite() { delete env_; }
  static httplib::Client Client() {
    httplib::Client c(env_->server->host(), env_->server->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  // A registrar's Bearer token, with the page language chosen by cookie ("" = the default, ja).
  static httplib::Headers As(const std::string& lang = "") {
    httplib::Headers h{{"Authorization", "Bearer " + env_->tokens["a@example.jp"]}};
    if (!lang.empty()) h.emplace("Cookie", "proven_lang=" + lang);
    return h;
  }
  static std::int64_t IdOf(const std::string& name) {
    auto c = Client();
    auto r = c.Get("/api/v1/services?status=all&per_page=100");
    if (!r) return -1;
    const json page = json::parse(r->body);  // the loop below reads into it
    for (const auto& item : page["items"]) {
      if (item["name"] == name) return item["id"].get<std::int64_t>();
    }
    return -1;
  }
  // The text of the page's error block (its element, tags removed, entities decoded).
  static std::string ErrorBlock(const std::string& body) {
    const auto at = body.find("data-testid=\"error\"");
    if (at == std::string::npos) return {};
    const auto open = body.rfind('<', at);
    const std::string tag = body.substr(open + 1, body.find(' ', open) - open - 1);
    const auto end = body.find("</" + tag + ">", at);
    std::string text;
    bool in_tag = true;  // starts inside the opening tag
    for (std::size_t i = at; i < end && i < body.size(); ++i) {
      if (body[i] == '<') {
        in_tag = true;
      } else if (body[i] == '>') {
        in_tag = false;
      } else if (!in_tag) {
        text.push_back(body[i]);
      }
    }
    for (const auto& [entity, c] : {std::pair{"&apos;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
      for (auto p = text.find(entity); p != std::string::npos; p = text.find(entity, p + 1)) {
        text.replace(p, std::string_view(entity).size(), c);
      }
    }
    return text;
  }
  static testing::SeededServer* env_;
};
testing::SeededServer* Catalogue::env_ = nullptr;

TEST_F(Catalogue, AFailedSignInIsToldInThePagesLanguage) {
  auto c = Client();
  auto login = c.Get("/login");
  std::string pre;
  for (const auto& [k, v] : login->headers) {
    if (k == "Set-Cookie" && v.starts_with("proven_csrf=")) pre = v.substr(12, v.find(';') - 12);
  }
  ASSERT_FALSE(pre.empty());
  for (const std::string lang : {"ja", "en"}) {
    auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre + "; proven_lang=" + lang}},
                    httplib::Params{{"email", "a@example.jp"}, {"password", "not the password at all"}, {"csrf", pre}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    const std::string error = ErrorBlock(r->body);
    if (lang == "ja") {
      EXPECT_EQ(error, "メールアドレスまたはパスワードが正しくありません。");
      EXPECT_EQ(r->body.find("is not correct"), std::string::npos) << "the English message on a Japanese page";
    } else {
      EXPECT_EQ(error, "The e-mail address or the password is not correct.");
    }
  }
}

TEST_F(Catalogue, ARenewWithABadDateNamesTheFieldAndTheValueInJapanese) {
  const std::string id = std::to_string(IdOf("SOC2対応アセスメント"));
  auto c = Client();
  auto r = c.Post(("/registrar/services/" + id + "/renew").c_str(), As(), httplib::Params{{"expires_on", "231"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorBlock(r->body), "有効期限: 「231」は YYYY-MM-DD 形式の日付ではありません。") << r->body.substr(0, 3000);
  EXPECT_EQ(r->body.find("is not a date"), std::string::npos);
  EXPECT_EQ(r->body.find("renew: "), std::string::npos);
  // The same in English, and the API keeps its English message and field, with the key added.
  auto en = c.Post(("/registrar/services/" + id + "/renew").c_str(), As("en"), httplib::Params{{"expires_on", "231"}});
  EXPECT_EQ(ErrorBlock(en->body), "Expires on: '231' is not a date in the form YYYY-MM-DD.");
  auto api = c.Post(("/api/v1/services/" + id + "/renew").c_str(), As(), R"({"expires_on": "231"})", "application/json");
  ASSERT_EQ(api->status, 400) << api->body;
  const json e = json::parse(api->body)["error"];
  EXPECT_EQ(e["message"], "expires_on: '231' is not a date in the form YYYY-MM-DD");
  EXPECT_EQ(e["parameter"], "expires_on");
  EXPECT_EQ(e["key"], "error.date.not_iso");
}

TEST_F(Catalogue, AServiceFormWithAnUnknownTypeNamesTheFieldOnceInJapanese) {
  const httplib::Params form{{"name", "新しい診断"},         {"provider", "株式会社新規"},   {"address", "東京都港区1-1"},
                             {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"}, {"type", "クラウド監視"}};
  auto c = Client();
  auto r = c.Post("/registrar/services", As(), form);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const std::string error = ErrorBlock(r->body);
  EXPECT_EQ(error.rfind("サービス種別: 「クラウド監視」というサービス種別はありません。", 0), 0u) << error;
  EXPECT_EQ(error.find("サービス種別: サービス種別"), std::string::npos) << "the field once";
  EXPECT_EQ(r->body.find("unknown service type"), std::string::npos);
  EXPECT_EQ(r->body.find("type: type"), std::string::npos);

  // Two problems: a count, then one line per field, each with its label.
  httplib::Params two = form;
  two.erase("address");
  two.emplace("address", "月面基地1-1");
  auto r2 = c.Post("/registrar/services", As(), two);
  const std::string error2 = ErrorBlock(r2->body);
  EXPECT_NE(error2.find("入力内容に 2 件の問題があります。"), std::string::npos) << error2;
  EXPECT_NE(error2.find("事業者所在地: 「月面基地1-1」は都道府県名"), std::string::npos) << error2;
  EXPECT_NE(error2.find("サービス種別: 「クラウド監視」"), std::string::npos) << error2;

  // The API: the English message as before, its key, and each problem.
  json body{{"name", "新しい診断"}, {"provider", "株式会社新規"}, {"address", "月面基地1-1"}, {"registered_on", "2026-11-01"},
            {"expires_on", "2029-10-31"}, {"type", "クラウド監視"}};
  auto api = c.Post("/api/v1/services", As(), body.dump(), "application/json");
  ASSERT_EQ(api->status, 400) << api->body;
  const json e = json::parse(api->body)["error"];
  EXPECT_NE(e["message"].get<std::string>().find("type: unknown service type 'クラウド監視'"), std::string::npos);
  EXPECT_EQ(e["parameter"], "address");
  ASSERT_EQ(e["problems"].size(), 2u);
  EXPECT_EQ(e["problems"][0]["key"], "error.address.no_prefecture");
  EXPECT_EQ(e["problems"][1]["parameter"], "type");
  EXPECT_EQ(e["problems"][1]["key"], "error.type.unknown");
}

TEST_F(Catalogue, AnImportWithABadTypeListsEachProblemInJapanese) {
  const std::string csv =
      "サービス名,事業者名称,事業者所在地,登録年月日,有効期限,審査登録機関名,サービス種別\n"
      "取込サービス,株式会社取込,東京都港区1-1,2026/11/01,2029/10/31,審査機構A,クラウド監視\n"
      "取込サービス2,株式会社取込,東京都港区1-1,2026/11/01,2029/02/30,審査機構A,脆弱性診断\n";
  auto c = Client();
  auto r = c.Post("/registrar/upload", As(), httplib::MultipartFormDataItems{{"file", csv, "list.csv", "text/csv"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const std::string error = ErrorBlock(r->body);
  EXPECT_NE(error.find("2 件の問題があるため、何も取り込んでいません。"), std::string::npos) << error;
  EXPECT_NE(error.find("list.csv 2行目: サービス種別: 「クラウド監視」というサービス種別はありません。"), std::string::npos)
      << error;
  EXPECT_NE(error.find("list.csv 3行目: 有効期限: 「2029/02/30」は存在しない日付です。"), std::string::npos) << error;
  EXPECT_EQ(r->body.find("unknown service type"), std::string::npos);
  EXPECT_EQ(r->body.find("not a date that exists"), std::string::npos);

  auto en = c.Post("/registrar/upload", As("en"), httplib::MultipartFormDataItems{{"file", csv, "list.csv", "text/csv"}});
  const std::string error_en = ErrorBlock(en->body);
  EXPECT_NE(error_en.find("list.csv:2: Service type: unknown service type 'クラウド監視'"), std::string::npos) << error_en;
  EXPECT_EQ(en->body.find("サービス種別: "), std::string::npos) << "the English page names the field in English";
}

TEST_F(Catalogue, SearchParameterErrorsKeepTheirMessageAndGainAKey) {
  auto r = Client().Get("/api/v1/services?per_page=1000");
  ASSERT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body),
            json::parse(R"({"error":{"code":"invalid_argument","message":"per_page must be a whole number from 1 to 100",)"
                        R"("parameter":"per_page","key":"error.param.number_range"}})"));
  auto status = Client().Get("/api/v1/services?status=gone");
  EXPECT_EQ(json::parse(status->body)["error"]["key"], "error.param.unknown_value");
  EXPECT_EQ(json::parse(status->body)["error"]["message"], "status must be valid, expired, suspended, revoked or all");
}

// An error without a reason of its own (the sign-in throttle's) shows its code's generic text from
// the catalogue, in the page's language, never its English message. Last: it throttles 127.0.0.1.
TEST_F(Catalogue, AnErrorWithoutAReasonShowsItsCodesGenericText) {
  auto c = Client();
  auto login = c.Get("/login");
  std::string pre;
  for (const auto& [k, v] : login->headers) {
    if (k == "Set-Cookie" && v.starts_with("proven_csrf=")) pre = v.substr(12, v.find(';') - 12);
  }
  ASSERT_FALSE(pre.empty());
  int status = 0;
  std::string body;
  for (int i = 0; i < 12 && status != 429; ++i) {
    auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                    httplib::Params{{"email", "nobody@example.jp"}, {"password", "wrong guess " + std::to_string(i)},
                                    {"csrf", pre}});
    ASSERT_TRUE(r);
    status = r->status;
    body = r->body;
  }
  ASSERT_EQ(status, 429);
  EXPECT_EQ(ErrorBlock(body), "試行回数が上限を超えました。しばらく時間をおいてからお試しください。");
  EXPECT_EQ(body.find("too many failed sign-ins"), std::string::npos);
}

}  // namespace
}  // namespace proven
