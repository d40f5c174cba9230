// The registration body's pages on the real binary (issue 13): the service form's controls and
// errors next to their fields in both languages, another body's forms, the revoke confirmation,
// the actions offered per row (no suspend for an expired registration, and the API agrees), the
// dashboard's filters, bulk renewal (all or nothing), the export scoped to the body, a proposal
// side by side, and notices that no URL can plant.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;

class Staff : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"},
                                      {"b@example.jp", "registrar", "審査機構B"},
                                      {"v@example.jp", "vendor", "テスト丙株式会社"},
                                      {"admin@example.jp", "admin", ""}});
  }
  static void TearDownTestSuite() { delete env_; }
  static httplib::Client Client() {
    httplib::Client c(env_->server->host(), env_->server->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  static httplib::Headers As(const std::string& who, const std::string& lang = "") {
    httplib::Headers h{{"Authorization", "Bearer " + env_->tokens[who]}};
    if (!lang.empty()) h.emplace("Cookie", "proven_lang=" + lang);
    return h;
  }
  static httplib::Result Page(const std::string& who, const std::string& path, const std::string& lang = "") {
    return Client().Get(path.c_str(), As(who, lang));
  }
  static httplib::Result Form(const std::string& who, const std::string& path, const httplib::Params& form,
                              const std::string& lang = "") {
    return Client().Post(path.c_str(), As(who, lang), form);
  }
  static httplib::Result Api(const std::string& who, const std::string& path, const json& body) {
    return Client().Post(path.c_str(), As(who), body.dump(), "application/json");
  }
  static json Service(std::int64_t id) {
    auto r = Client().Get(("/api/v1/services/" + std::to_string(id)).c_str());
    return r && r->status == 200 ? json::parse(r->body) : json();
  }
  static std::int64_t IdOf(const std::string& name) {
    auto r = Client().Get("/api/v1/services?status=all&per_page=100");
    const json page = json::parse(r->body);  // the loop reads into it
    for (const auto& item : page["items"]) {
      if (item["name"] == name) return item["id"].get<std::int64_t>();
    }
    return -1;
  }
  // The HTML of the dashboard row of service `id` (empty when it is not listed).
  static std::string Row(const std::string& body, std::int64_t id) {
    const auto at = body.find("<tr id=\"row-" + std::to_string(id) + "\"");
    if (at == std::string::npos) return {};
    return body.substr(at, body.find("</tr>", at) - at);
  }
  // The text next to a form field: the element with id err-<key>.
  static std::string FieldError(const std::string& body, const std::string& key) {
    const auto at = body.find("id=\"err-" + key + "\"");
    if (at == std::string::npos) return {};
    return body.substr(at, body.find("</p>", at) - at);
  }
  static int Count(const std::string& hay, const std::string& needle) {
    int n = 0;
    for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
    return n;
  }
  static testing::SeededServer* env_;
};
testing::SeededServer* Staff::env_ = nullptr;

const httplib::Params kValidForm{{"name", "フォーム登録診断"},
                                 {"provider", "フォーム株式会社"},
                                 {"address", "東京都港区1-2-3"},
                                 {"overview", "フォームからの登録です。"},
                                 {"industries_shown", "1"},
                                 {"industries", "全業種"},
                                 {"regions_shown", "1"},
                                 {"regions", "関東"},
                                 {"regions", "近畿"},
                                 {"registered_on", "2026-11-01"},
                                 {"expires_on", "2029-10-31"},
                                 {"type", "vulnerability_assessment"},
                                 {"url", "https://form.example/"}};

TEST_F(Staff, TheServiceFormOffersChoicesAndFixesTheBody) {
  auto r = Page("a@example.jp", "/registrar/services/new");
  ASSERT_EQ(r->status, 200);
  const std::string& b = r->body;
  EXPECT_NE(b.find("<select id=\"f-type\" name=\"type\""), std::string::npos);
  EXPECT_NE(b.find("<option value=\"vulnerability_assessment\">脆弱性診断</option>"), std::string::npos);
  EXPECT_NE(b.find("id=\"f-registered_on\" type=\"date\""), std::string::npos);
  EXPECT_NE(b.find("id=\"f-expires_on\" type=\"date\""), std::string::npos);
  EXPECT_NE(b.find("id=\"f-url\" type=\"url\""), std::string::npos);
  EXPECT_NE(b.find("type=\"checkbox\" name=\"industries\" value=\"全業種\""), std::string::npos);
  EXPECT_EQ(Count(b, "name=\"regions\" value=\"北海道\""), 1) << "北海道 once";
  EXPECT_EQ(b.find("name=\"registrar\""), std::string::npos) << "the body is not an input for a registrar";
  EXPECT_NE(b.find("data-testid=\"registrar-fixed\"><strong>審査機構A</strong>"), std::string::npos);
  auto en = Page("a@example.jp", "/registrar/services/new", "en");
  EXPECT_NE(en->body.find(">Vulnerability assessment</option>"), std::string::npos);
  // The admin chooses among the registration bodies.
  auto admin = Page("admin@example.jp", "/registrar/services/new");
  EXPECT_NE(admin->body.find("<select id=\"f-registrar\" name=\"registrar\""), std::string::npos);
  EXPECT_NE(admin->body.find("<option value=\"審査機構B\">"), std::string::npos);

  // A posted registrar is ignored: a body registers for itself.
  auto form = kValidForm;
  form.emplace("registrar", "審査機構B");
  auto posted = Form("a@example.jp", "/registrar/services", form);
  ASSERT_EQ(posted->status, 303) << posted->body;
  EXPECT_EQ(Service(IdOf("フォーム登録診断"))["registrar"], "審査機構A");
  EXPECT_EQ(Service(IdOf("フォーム登録診断"))["regions"], (json{"関東", "近畿"}));
}

TEST_F(Staff, ErrorsStandNextToTheirFieldsWithWhatWasTypedInBothLanguages) {
  auto form = kValidForm;
  form.erase("type");
  form.emplace("type", "Web診断");
  form.erase("name");
  form.emplace("name", "型の誤り");
  form.erase("expires_on");
  form.emplace("expires_on", "2026-02-30");
  for (const std::string lang : {"ja", "en"}) {
    auto r = Form("a@example.jp", "/registrar/services", form, lang);
    ASSERT_EQ(r->status, 400) << r->body;
    const std::string type_error = FieldError(r->body, "type");
    const std::string date_error = FieldError(r->body, "expires_on");
    EXPECT_NE(type_error, "") << r->body;
    EXPECT_NE(date_error, "");
    EXPECT_NE(r->body.find("value=\"2026-02-30\""), std::string::npos);
    EXPECT_NE(type_error.find(lang == "ja" ? "Web診断" : "Web診断"), std::string::npos) << type_error;
    if (lang == "ja") {
      EXPECT_EQ(type_error.find("unknown"), std::string::npos) << type_error;
    } else {
      EXPECT_NE(type_error.find("type"), std::string::npos) << type_error;
    }
    EXPECT_NE(r->body.find("aria-invalid=\"true\" aria-describedby=\"err-type\""), std::string::npos);
    EXPECT_NE(r->body.find("<a href=\"#f-type\">"), std::string::npos) << "the summary links to the field";
    EXPECT_NE(r->body.find("value=\"型の誤り\""), std::string::npos) << "what was typed is kept";
    EXPECT_NE(r->body.find("<option value=\"Web診断\" selected>"), std::string::npos);
  }
  EXPECT_EQ(IdOf("型の誤り"), -1);
}

TEST_F(Staff, AnotherBodysFormsAreErrorPagesNeverForms) {
  const auto b_service = IdOf("IoT機器セキュリティ検証");
  const std::string path = "/registrar/services/" + std::to_string(b_service);
  for (const std::string lang : {"ja", "en"}) {
    auto edit = Page("a@example.jp", path + "/edit", lang);
    EXPECT_EQ(edit->status, 403);
    EXPECT_EQ(edit->body.find("name=\"overview\""), std::string::npos);
    EXPECT_NE(edit->body.find(lang == "ja" ? "権限がありません" : "Not allowed"), std::string::npos);
    auto post = Form("a@example.jp", path, {{"overview", "乗っ取り"}}, lang);
    EXPECT_EQ(post->status, 403);
    EXPECT_EQ(post->body.find("乗っ取り"), std::string::npos) << "the posted values are not shown back";
    EXPECT_EQ(post->body.find("<form class=\"card-form"), std::string::npos);
  }
  EXPECT_EQ(Form("a@example.jp", "/registrar/services/999999", {{"overview", "x"}})->status, 404);
  EXPECT_NE(Service(b_service)["overview"], "乗っ取り");
}

TEST_F(Staff, AnExpiredRowOffersNoSuspendAndTheApiRefusesIt) {
  const auto expired = IdOf("24時間SOCサービス");  // expired 2026-09-30; today is 2026-11-28
  const auto valid = IdOf("スマホアプリ診断");
  auto page = Page("a@example.jp", "/registrar");
  ASSERT_EQ(page->status, 200);
  const std::string expired_row = Row(page->body, expired), valid_row = Row(page->body, valid);
  ASSERT_NE(expired_row, "");
  EXPECT_EQ(expired_row.find("/suspend"), std::string::npos) << expired_row;
  EXPECT_NE(expired_row.find("/renew"), std::string::npos);
  EXPECT_NE(expired_row.find("59日経過"), std::string::npos) << "days left: expired 59 days ago";
  EXPECT_NE(valid_row.find("/suspend"), std::string::npos);
  EXPECT_NE(valid_row.find("class=\"small warning\""), std::string::npos) << "suspend looks different from renew";
  EXPECT_NE(valid_row.find("class=\"button small danger-outline\" href=\"/registrar/services/" + std::to_string(valid) +
                           "/revoke\""),
            std::string::npos)
      << "revoke is a link to its confirmation page";

  auto api = Api("a@example.jp", "/api/v1/services/" + std::to_string(expired) + "/suspend", {{"reason", "監査"}});
  EXPECT_EQ(api->status, 409);
  EXPECT_EQ(json::parse(api->body)["error"]["key"], "error.lifecycle.suspend_expired");
  auto form = Form("a@example.jp", "/registrar/services/" + std::to_string(expired) + "/suspend", {{"reason", "監査"}});
  EXPECT_EQ(form->status, 409);
  EXPECT_NE(form->body.find("有効期限が切れているため、一時停止できません"), std::string::npos);
  EXPECT_NE(FieldError(form->body, std::to_string(expired)), "") << "the error is on the row";
  EXPECT_EQ(Service(expired)["state"], "active");
}

TEST_F(Staff, RevokingNeedsItsConfirmationPage) {
  const auto id = IdOf("SOC2対応アセスメント");
  const std::string base = "/registrar/services/" + std::to_string(id) + "/revoke";
  auto direct = Form("a@example.jp", base, {{"reason", "一度押し"}});
  EXPECT_EQ(direct->status, 303);
  EXPECT_EQ(direct->get_header_value("Location"), base);
  EXPECT_EQ(Service(id)["state"], "active") << "nothing without the confirmation";

  auto page = Page("a@example.jp", base);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("SOC2対応アセスメント"), std::string::npos);
  EXPECT_NE(page->body.find("取り消すと元に戻せません。"), std::string::npos);
  EXPECT_NE(page->body.find("name=\"confirm\" value=\"1\""), std::string::npos);
  EXPECT_NE(page->body.find("class=\"danger\""), std::string::npos);
  auto en = Page("a@example.jp", base, "en");
  EXPECT_NE(en->body.find("A revocation cannot be undone."), std::string::npos);
  EXPECT_EQ(Page("b@example.jp", base)->status, 403);
  EXPECT_EQ(Page("a@example.jp", "/registrar/services/999999/revoke")->status, 404);

  auto no_reason = Form("a@example.jp", base, {{"confirm", "1"}, {"reason", " "}});
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_NE(FieldError(no_reason->body, "reason"), "");
  EXPECT_EQ(Form("b@example.jp", base, {{"confirm", "1"}, {"reason", "他機関"}})->status, 403);
  EXPECT_EQ(Service(id)["state"], "active");

  auto done = Form("a@example.jp", base, {{"confirm", "1"}, {"reason", "基準不適合"}});
  EXPECT_EQ(done->status, 303);
  EXPECT_EQ(done->get_header_value("Location"), "/registrar");
  EXPECT_EQ(Service(id)["state"], "revoked");
  EXPECT_EQ(Page("a@example.jp", base)->status, 409) << "already revoked: an error page";
  EXPECT_EQ(Row(Page("a@example.jp", "/registrar")->body, id).find("<form"), std::string::npos)
      << "a revoked row offers nothing";
}

TEST_F(Staff, RenewingSeveralIsAllOrNothing) {
  const auto ot = IdOf("制御システム(OT)ペネトレーションテスト");  // expires 2027-03-31
  const auto app = IdOf("スマホアプリ診断");                         // expires 2028-05-31
  const auto b_service = IdOf("内部監査支援");
  const std::string ot_before = Service(ot)["expires_on"], app_before = Service(app)["expires_on"];
  auto ids = [](std::initializer_list<std::int64_t> list, const std::string& date) {
    httplib::Params p{{"expires_on", date}, {"reason", "一括更新"}};
    for (auto id : list) p.emplace("id", std::to_string(id));
    return p;
  };
  // 2028-01-31 is later than OT's expiry but not the app's: nothing is renewed.
  auto refused = Form("a@example.jp", "/registrar/services/renew", ids({ot, app}, "2028-01-31"));
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("「スマホアプリ診断」（サービス " + std::to_string(app) + "）を更新できないため"),
            std::string::npos)
      << refused->body;
  EXPECT_NE(refused->body.find("value=\"2028-01-31\""), std::string::npos) << "the date typed is kept";
  EXPECT_EQ(Service(ot)["expires_on"], ot_before);
  auto other = Form("a@example.jp", "/registrar/services/renew", ids({ot, b_service}, "2030-03-31"));
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(other->body.find("内部監査支援"), std::string::npos) << "another body's service is not named";
  EXPECT_EQ(Service(ot)["expires_on"], ot_before);
  EXPECT_EQ(Form("a@example.jp", "/registrar/services/renew", ids({}, "2030-03-31"))->status, 400);
  EXPECT_EQ(Form("a@example.jp", "/registrar/services/renew", ids({ot}, "2030-02-30"))->status, 400);

  auto ok = Form("a@example.jp", "/registrar/services/renew", ids({ot, app}, "2030-03-31"));
  ASSERT_EQ(ok->status, 303) << ok->body;
  EXPECT_EQ(ok->get_header_value("Location"), "/registrar");
  for (auto id : {ot, app}) {
    EXPECT_EQ(Service(id)["expires_on"], "2030-03-31");
    auto history = json::parse(Client().Get(("/api/v1/services/" + std::to_string(id) + "/history").c_str())->body);
    EXPECT_EQ(history.back()["kind"], "renewed");
  }
  auto verify = testing::RunProven({"audit", "verify", "--db", env_->db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(Staff, TheDashboardFiltersAndItsExportStayWithinTheBody) {
  auto expired = Page("a@example.jp", "/registrar?status=expired");
  ASSERT_EQ(expired->status, 200);
  EXPECT_NE(Row(expired->body, IdOf("24時間SOCサービス")), "");
  EXPECT_EQ(Row(expired->body, IdOf("スマホアプリ診断")), "");
  auto by_type = Page("a@example.jp", "/registrar?type=monitoring");
  EXPECT_NE(Row(by_type->body, IdOf("24時間SOCサービス")), "");
  EXPECT_EQ(Row(by_type->body, IdOf("スマホアプリ診断")), "");
  auto bad = Page("a@example.jp", "/registrar?status=nonsense");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("nonsense"), std::string::npos);
  EXPECT_EQ(Page("a@example.jp", "/registrar?days=-3")->status, 400);

  auto csv = Page("a@example.jp", "/registrar/export?format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(csv->body.find("24時間SOCサービス"), std::string::npos);
  EXPECT_EQ(csv->body.find("IoT機器セキュリティ検証"), std::string::npos) << "another body's service";
  EXPECT_EQ(csv->body.find("クラウド診断"), std::string::npos);
  auto filtered = Page("a@example.jp", "/registrar/export?format=csv&status=expired");
  EXPECT_NE(filtered->body.find("24時間SOCサービス"), std::string::npos);
  EXPECT_EQ(filtered->body.find("スマホアプリ診断"), std::string::npos);
  auto xlsx = Page("b@example.jp", "/registrar/export?format=xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  auto all = Page("admin@example.jp", "/registrar/export?format=csv");
  EXPECT_NE(all->body.find("IoT機器セキュリティ検証"), std::string::npos) << "an admin: every body's";
  EXPECT_EQ(Page("a@example.jp", "/registrar/export?format=pdf")->status, 400);
  EXPECT_EQ(Page("v@example.jp", "/registrar/export?format=csv")->status, 403);
  EXPECT_EQ(Client().Get("/registrar/export?format=csv")->status / 100, 3) << "signed out: to the sign-in";
  // The public export has no organisation scope, whatever is asked.
  auto pub = Client().Get("/api/v1/services/export?format=csv&registrar_org_id=1&status=all");
  ASSERT_TRUE(pub);
  if (pub->status == 200) {
    EXPECT_NE(pub->body.find("IoT機器セキュリティ検証"), std::string::npos);
  }
}

TEST_F(Staff, AProposalIsShownSideBySideInTokyoTime) {
  const auto id = IdOf("24時間SOCサービス");
  auto proposed = Api("v@example.jp", "/api/v1/services/" + std::to_string(id) + "/proposals",
                      {{"overview", "新しい概要です。"}, {"regions", {"東京都", "大阪府"}}});
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  const auto pid = json::parse(proposed->body)["id"].get<std::int64_t>();
  const std::string path = "/registrar/proposals/" + std::to_string(pid);
  auto dashboard = Page("a@example.jp", "/registrar");
  EXPECT_NE(dashboard->body.find("href=\"" + path + "\""), std::string::npos);
  auto page = Page("a@example.jp", path);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<th scope=\"row\">対象とする地域"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("<ins>大阪府"), std::string::npos);
  EXPECT_NE(page->body.find("<del>神奈川県"), std::string::npos);
  EXPECT_NE(page->body.find("新しい概要です。"), std::string::npos);
  EXPECT_NE(page->body.find(" JST</time>"), std::string::npos);
  EXPECT_NE(page->body.find("/approve"), std::string::npos);
  auto en = Page("a@example.jp", path, "en");
  EXPECT_NE(en->body.find("<ins>Osaka"), std::string::npos) << "place names in the page's language";
  EXPECT_EQ(Page("b@example.jp", path)->status, 403);
  EXPECT_EQ(Page("a@example.jp", "/registrar/proposals/999999")->status, 404);
  auto vendor = Page("v@example.jp", path);
  EXPECT_EQ(vendor->status, 200) << "the proposer may see it";
  EXPECT_EQ(vendor->body.find("/approve"), std::string::npos) << "but not decide";
}

TEST_F(Staff, TheVendorFormKeepsTheProposalAndShowsTheErrorAtItsField) {
  const auto id = IdOf("24時間SOCサービス");
  auto page = Page("v@example.jp", "/vendor");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("id=\"p" + std::to_string(id) + "-url\" type=\"url\""), std::string::npos);
  EXPECT_NE(page->body.find("type=\"checkbox\" name=\"industries\""), std::string::npos);
  auto bad = Form("v@example.jp", "/vendor/services/" + std::to_string(id) + "/proposals",
                  {{"overview", "直した概要"}, {"url", "ftp://bad.example/"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(FieldError(bad->body, "p" + std::to_string(id) + "-url"), "") << bad->body;
  EXPECT_NE(bad->body.find("直した概要"), std::string::npos) << "the proposal as typed";
  EXPECT_NE(bad->body.find("value=\"ftp://bad.example/\""), std::string::npos);
}

TEST_F(Staff, NoticesComeFromTheSessionNeverFromTheUrl) {
  for (const std::string query : {"?done=renewed", "?done=revoked", "?done=uploaded&rows=9&added=9&updated=0&unchanged=0"}) {
    auto r = Page("a@example.jp", "/registrar" + query);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body.find("data-testid=\"notice\""), std::string::npos) << query;
  }
  EXPECT_EQ(Page("v@example.jp", "/vendor?done=proposed")->body.find("data-testid=\"notice\""), std::string::npos);
}

}  // namespace
}  // namespace proven
