// Issue 7's findings, each tried the way an attacker found it, on the real binary: huge field
// values on every write route, permissions before validation, open redirects, messages taken
// from the URL, another body's edit form.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ServerProcess;

class Hardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"},
                                      {"b@example.jp", "registrar", "審査機構B"},
                                      {"v@example.jp", "vendor", "テスト丙株式会社"},
                                      {"u@example.jp", "user", "利用企業"},
                                      {"admin@example.jp", "admin", ""}});
    tokens_ = env_->tokens;
    server_ = env_->server.get();
  }
  static void TearDownTestSuite() { delete env_; }
  static httplib::Client Client() {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers As(const std::string& who) { return {{"Authorization", "Bearer " + tokens_[who]}}; }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const std::string& body) {
    auto c = Client();
    if (method == "PATCH") return c.Patch(path.c_str(), As(who), body, "application/json");
    return c.Post(path.c_str(), As(who), body, "application/json");
  }
  static httplib::Result Page(const std::string& who, const std::string& path) {
    auto c = Client();
    return who.empty() ? c.Get(path.c_str()) : c.Get(path.c_str(), As(who));
  }
  static std::int64_t IdOf(const std::string& name) {
    auto r = Page("", "/api/v1/services?status=all&per_page=100");
    const json page = json::parse(r->body);
    for (const auto& item : page["items"]) {
      if (item["name"] == name) return item["id"].get<std::int64_t>();
    }
    return -1;
  }
  static bool Alive() {
    auto r = Page("", "/healthz");
    return server_->Running() && r && r->status == 200;
  }
  static testing::SeededServer* env_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::SeededServer* Hardening::env_ = nullptr;
ServerProcess* Hardening::server_ = nullptr;
std::map<std::string, std::string> Hardening::tokens_;

const json kValid = {{"name", "長大入力テスト"},
                     {"provider", "株式会社テスト甲"},
                     {"address", "東京都千代田区1-1"},
                     {"overview", "概要"},
                     {"industries", "製造業"},
                     {"regions", "関東"},
                     {"registered_on", "2026-01-01"},
                     {"expires_on", "2029-01-01"},
                     {"registrar", "審査機構A"},
                     {"type", "脆弱性診断"},
                     {"url", "https://example.jp/"}};

// Every field of every write route, at 1 MB and at 100,000 spaces: a 400 that names the field,
// and a server that lives on.
TEST_F(Hardening, EveryFieldOfEveryWriteRouteRefusesHugeValuesNamingTheField) {
  const std::int64_t own = IdOf("SOC2対応アセスメント");  // 審査機構A, provider テスト丙株式会社
  ASSERT_GT(own, 0);
  // A pending proposal to reject with a huge reason.
  auto proposal = Call("v@example.jp", "POST", "/api/v1/services/" + std::to_string(own) + "/proposals",
                       json{{"overview", "提案の概要"}}.dump());
  ASSERT_TRUE(proposal);
  ASSERT_EQ(proposal->status, 201) << proposal->body;
  const auto proposal_id = json::parse(proposal->body)["id"].get<std::int64_t>();

  struct Route {
    std::string who, method, path;
    json base;                        // the other fields, valid
    std::vector<std::string> fields;  // each tried huge
  };
  const std::string svc = "/api/v1/services/" + std::to_string(own);
  std::vector<std::string> all_fields;
  for (auto it = kValid.begin(); it != kValid.end(); ++it) all_fields.push_back(it.key());
  const std::vector<Route> routes{
      {"a@example.jp", "POST", "/api/v1/services", kValid, all_fields},
      {"a@example.jp", "PATCH", svc, json::object(), all_fields},
      {"a@example.jp", "POST", svc + "/renew", json{{"expires_on", "2031-01-01"}, {"reason", "更新"}}, {"expires_on", "reason"}},
      {"a@example.jp", "POST", svc + "/suspend", json::object(), {"reason"}},
      {"a@example.jp", "POST", svc + "/revoke", json::object(), {"reason"}},
      {"v@example.jp", "POST", svc + "/proposals", json::object(), {"overview", "industries", "regions", "url"}},
      {"a@example.jp", "POST", "/api/v1/proposals/" + std::to_string(proposal_id) + "/reject", json::object(), {"reason"}},
  };
  const std::string mega(1 << 20, 'x');
  const std::string spaces(100'000, ' ');
  int tried = 0;
  for (const auto& r : routes) {
    for (const auto& field : r.fields) {
      for (const std::string* value : {&mega, &spaces}) {
        json body = r.base;
        body[field] = *value;
        auto res = Call(r.who, r.method, r.path, body.dump());
        const std::string what = r.method + " " + r.path + " " + field + (value == &mega ? " at 1 MB" : " as spaces");
        ASSERT_TRUE(res) << what << ": no answer (crashed?)";
        EXPECT_EQ(res->status, 400) << what << ": " << res->body.substr(0, 300);
        const json err = json::parse(res->body, nullptr, false);
        ASSERT_FALSE(err.is_discarded()) << what;
        EXPECT_EQ(err["error"].value("parameter", ""), field) << what << ": " << res->body.substr(0, 300);
        EXPECT_LT(res->body.size(), 2000u) << what << ": the error does not echo the value";
        ++tried;
      }
    }
  }
  EXPECT_GE(tried, 50);
  EXPECT_TRUE(Alive());
  // Nothing was written by any of it.
  auto service = json::parse(Page("", svc)->body);
  EXPECT_EQ(service["state"], "active");
  EXPECT_EQ(service["overview"], "SOC2報告書の取得を支援する監査です。");
}

// The same for the HTML forms (url-encoded bodies): a 400 page that names the field.
TEST_F(Hardening, EveryFieldOfEveryFormRefusesHugeValues) {
  const std::int64_t own = IdOf("SOC2対応アセスメント");
  const std::string svc = std::to_string(own);
  auto proposal = Call("v@example.jp", "POST", "/api/v1/services/" + svc + "/proposals", json{{"url", "https://c.example/p"}}.dump());
  ASSERT_EQ(proposal->status, 201) << proposal->body;
  const std::string pid = std::to_string(json::parse(proposal->body)["id"].get<std::int64_t>());
  httplib::Params service_form;
  for (auto it = kValid.begin(); it != kValid.end(); ++it) service_form.emplace(it.key(), it.value().get<std::string>());
  struct Form {
    std::string who, path;
    httplib::Params base;
    std::vector<std::string> fields;
    bool names_key;  // the page shows "field: message"
    bool keeps_typed = false;  // the form comes back with what was typed (however long)
  };
  const std::vector<Form> forms{
      {"a@example.jp", "/registrar/services", service_form, {"name", "provider", "address", "overview", "industries",
                                                             "regions", "registered_on", "expires_on", "type", "url",
                                                             "registration_number"}, true, true},
      {"a@example.jp", "/registrar/services/" + svc, {}, {"name", "overview", "regions", "url", "expires_on"}, true, true},
      {"a@example.jp", "/registrar/services/" + svc + "/suspend", {}, {"reason"}, true},
      {"a@example.jp", "/registrar/proposals/" + pid + "/reject", {}, {"reason"}, true},
      {"v@example.jp", "/vendor/services/" + svc + "/proposals", {}, {"overview", "industries", "regions", "url"}, true, true},
      {"admin@example.jp", "/admin/users", {{"email", "n@example.jp"}, {"password", "a long enough passphrase"}, {"role", "vendor"}},
       {"email", "password", "org"}, false},
      {"admin@example.jp", "/admin/organisations", {{"kind", "vendor"}}, {"name"}, false},
  };
  const std::string mega(1 << 20, 'x');
  const std::string spaces(100'000, ' ');
  auto c = Client();
  for (const auto& f : forms) {
    for (const auto& field : f.fields) {
      for (const std::string* value : {&mega, &spaces}) {
        httplib::Params body = f.base;
        body.erase(field);
        body.emplace(field, *value);
        auto r = c.Post(f.path.c_str(), As(f.who), body);
        const std::string what = f.path + " " + field + (value == &mega ? " at 1 MB" : " as spaces");
        ASSERT_TRUE(r) << what << ": no answer (crashed?)";
        EXPECT_EQ(r->status, 400) << what;
        if (f.names_key) {
          // The field by its label, in the page's language (Japanese), never the English message.
          static const std::map<std::string, std::string> kLabels{
              {"name", "サービス名"}, {"provider", "事業者名称"}, {"address", "事業者所在地"},
              {"overview", "サービスの概要"}, {"industries", "主な顧客対象の分野・業種"},
              {"regions", "対象とする地域"}, {"registered_on", "登録年月日"}, {"expires_on", "有効期限"},
              {"type", "サービス種別"}, {"url", "ホームページ"}, {"registration_number", "登録番号"},
              {"reason", "理由"}};
          EXPECT_NE(r->body.find(kLabels.at(field) + ": "), std::string::npos) << what;
          EXPECT_EQ(r->body.find("characters long"), std::string::npos) << what;
        }
        if (!f.keeps_typed) {
          EXPECT_LT(r->body.size(), 200'000u) << what << ": the page does not echo a megabyte";
        }
      }
    }
  }
  EXPECT_TRUE(Alive());
  EXPECT_EQ(json::parse(Page("", "/api/v1/services/" + svc)->body)["state"], "active");
}

// Whoever may not register learns nothing about their input, however large.
TEST_F(Hardening, PermissionsAreCheckedBeforeInputIsValidated) {
  json body = kValid;
  body["url"] = "https://example.jp/" + std::string(60'000, 'a');
  body["registered_on"] = "2026" + std::string(60'000, ' ') + "/01/01";
  for (const std::string who : {"v@example.jp", "u@example.jp"}) {
    auto r = Call(who, "POST", "/api/v1/services", body.dump());
    ASSERT_TRUE(r) << who;
    EXPECT_EQ(r->status, 403) << who << ": " << r->body.substr(0, 200);
  }
  body["registrar"] = "審査機構B";  // another body: refused before validation too
  auto other = Call("a@example.jp", "POST", "/api/v1/services", body.dump());
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403) << other->body.substr(0, 200);
  // Another body's service: 403 before the fields are looked at.
  const std::int64_t b_service = IdOf("IoT機器セキュリティ検証");
  auto patch = Call("a@example.jp", "PATCH", "/api/v1/services/" + std::to_string(b_service),
                    json{{"url", std::string(50'000, 'u')}}.dump());
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->status, 403);
  EXPECT_TRUE(Alive());
}

TEST_F(Hardening, SignInRedirectsOnlyToPathsOnThisSite) {
  auto c = Client();
  c.set_follow_location(false);
  for (const std::string next : {"/%09/evil.example", "/%5Cevil.example", "%2F%2Fevil.example", "/%0A/evil.example",
                                 "/%0D%0A/evil.example", "https://evil.example/", "%20//evil.example", "%5C%5Cevil.example",
                                 "/%5C/evil.example", "javascript:alert(1)", "%01//evil.example"}) {
    auto r = c.Get(("/login?next=" + next).c_str(), As("a@example.jp"));
    ASSERT_TRUE(r) << next;
    EXPECT_EQ(r->status, 303) << next;
    EXPECT_EQ(r->get_header_value("Location"), "/") << next;
    // Signed out, the form carries the same cleaned value.
    auto form = c.Get(("/login?next=" + next).c_str());
    EXPECT_NE(form->body.find(R"(name="next" value="/")"), std::string::npos) << next;
  }
  auto ok = c.Get("/login?next=%2Fregistrar%3Fx%3D1", As("a@example.jp"));
  EXPECT_EQ(ok->get_header_value("Location"), "/registrar?x=1");
}

TEST_F(Hardening, PagesShowOnlyMessagesTheServerChose) {
  const std::string planted = "PLANTED%20TEXT%20call%200120-000-000";
  for (const auto& [who, path] : std::vector<std::pair<std::string, std::string>>{
           {"admin@example.jp", "/admin/users?error=" + planted + "&notice=" + planted + "&done=" + planted},
           {"a@example.jp", "/registrar?error=" + planted + "&notice=" + planted + "&problem=" + planted + "&done=" + planted},
           {"a@example.jp", "/registrar?done=uploaded&rows=" + planted + "&added=1&updated=1&unchanged=1"},
           {"v@example.jp", "/vendor?error=" + planted + "&notice=" + planted + "&done=" + planted}}) {
    auto r = Page(who, path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    // (The language switch links to the same URL, percent-encoded: not a message.)
    EXPECT_EQ(r->body.find("PLANTED TEXT"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("data-testid=\"notice\""), std::string::npos) << path;
  }
  // Not even the codes of the server's own notices: those come from the session, once.
  for (const std::string done : {"renewed", "revoked", "suspended", "approved"}) {
    auto crafted = Page("a@example.jp", "/registrar?done=" + done);
    EXPECT_EQ(crafted->body.find("data-testid=\"notice\""), std::string::npos) << done;
    EXPECT_EQ(crafted->body.find("登録を更新しました。"), std::string::npos) << done;
  }
}

TEST_F(Hardening, AnotherBodysEditFormIsForbidden) {
  const std::int64_t b_service = IdOf("IoT機器セキュリティ検証");
  auto other = Page("a@example.jp", "/registrar/services/" + std::to_string(b_service) + "/edit");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(other->body.find("IoT機器のファームウェアを解析します。"), std::string::npos) << "nothing of it is shown";
  auto own = Page("b@example.jp", "/registrar/services/" + std::to_string(b_service) + "/edit");
  EXPECT_EQ(own->status, 200);
  EXPECT_NE(own->body.find("IoT機器のファームウェアを解析します。"), std::string::npos);
  EXPECT_EQ(Page("a@example.jp", "/registrar/services/999999/edit")->status, 404);
}

}  // namespace
}  // namespace proven
