// The verification workspace over HTTP on the real binary (issue 10), from the demo history's
// selected product: the evidence routes (multipart upload, download, the JSON listing, who may
// upload and when), and the pages — each role sees the forms its role and the state allow, with
// CSRF tokens, in both languages with nothing left of the templates; others get 403 or 404; the
// admin's download counts.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/cookies.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

const std::string kAdmin = "operator@demo.proven.example";
const std::string kVendor = "apply@mirai-shield.example";
const std::string kOtherVendor = "apply@netmimamori.example";  // no selected product
const std::string kVerifier = "k@lab.example";
const std::string kOtherVerifier = "other@lab.example";
const std::string kVendorStaff = "staff@mirai-shield.example";  // signs in with a password
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, 'p');

using testing::CookieFrom;

class VerificationPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "pages.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    tokens_ = testing::AddUsersWithTokens(db, {{kVerifier, "verifier", "検証ラボ"},
                                               {kOtherVerifier, "verifier", "別の検証ラボ"},
                                               {kVendorStaff, "vendor", "株式会社ミライシールド（架空）"}});
    for (const std::string& demo : {kAdmin, kVendor, kOtherVendor}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    server_ = new testing::ServerProcess(db);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static httplib::Client Client() {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  static httplib::Headers As(const std::string& who) { return {{"Authorization", "Bearer " + tokens_[who]}}; }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    auto c = Client();
    if (method == "POST") return c.Post(path.c_str(), As(who), body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), As(who), body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), As(who), body.dump(), "application/json");
    return c.Get(path.c_str(), As(who));
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body.substr(0, 1500);
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static httplib::Result Upload(const std::string& who, const std::string& path, const std::string& filename,
                                const std::string& content, const std::string& item_id = "") {
    httplib::MultipartFormDataItems items{{"file", content, filename, "application/octet-stream"}};
    if (!item_id.empty()) items.push_back({"item_id", item_id, "", ""});
    return Client().Post(path.c_str(), As(who), items);
  }
  static httplib::Result Page(const std::string& who, const std::string& path, const std::string& lang = "ja") {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    return Client().Get((path + sep + "lang=" + lang).c_str(), As(who));
  }
  static void ExpectRendered(const std::string& who, const std::string& path, const std::string& ja,
                             const std::string& en) {
    for (const std::string lang : {"ja", "en"}) {
      auto r = Page(who, path, lang);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 200) << path << " " << lang << "\n" << r->body.substr(0, 1500);
      EXPECT_EQ(r->body.find("{{"), std::string::npos) << path << " " << lang << ": a template tag left";
      EXPECT_EQ(r->body.find("ver_"), std::string::npos) << path << " " << lang << ": a message key shown";
      EXPECT_EQ(r->body.find("verification_state."), std::string::npos) << path << " " << lang;
      EXPECT_NE(r->body.find(lang == "ja" ? ja : en), std::string::npos) << path << " " << lang << " lacks "
                                                                          << (lang == "ja" ? ja : en);
    }
  }
  // A browser session for `email` (password kTestPassword): its cookie and CSRF token.
  static std::pair<std::string, std::string> SignIn(const std::string& email) {
    auto c = Client();
    const std::string pre = CookieFrom(c.Get("/login"), "proven_csrf");
    auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                    httplib::Params{{"email", email}, {"password", testing::kTestPassword}, {"csrf", pre}});
    EXPECT_EQ(r->status, 303);
    const std::string sid = CookieFrom(r, "proven_session");
    auto me = c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}});
    return {sid, json::parse(me->body)["csrf_token"].get<std::string>()};
  }

  // The verification of demo application 1, started once, planned and agreed.
  static std::string Path() {
    static std::string path;
    if (!path.empty()) return path;
    auto v = Ok(Call(kAdmin, "POST", "/api/v1/verifications", {{"application_id", 1}}), 201);
    path = fmt::format("/verifications/{}", v["id"].get<int>());
    Ok(Call(kAdmin, "POST", "/api/v1" + path + "/verifiers", {{"email", kVerifier}}), 201);
    auto planned = Ok(Call(kVerifier, "PUT", "/api/v1" + path + "/plan",
                           {{"items", {{{"title", "SQLインジェクションの検知"}, {"method", "攻撃816件"}},
                                       {{"title", "誤検知の少なさ"}, {"method", "通常の通信1000件"}}}}}));
    item1_ = planned["items"][0]["id"].get<std::int64_t>();
    item2_ = planned["items"][1]["id"].get<std::int64_t>();
    // Before the agreement evidence is refused with the state's reason (409).
    auto early = Upload(kVerifier, "/api/v1" + path + "/evidence", "a.png", kPng);
    EXPECT_EQ(Status(early), 409) << early->body;
    EXPECT_NE(early->body.find("planning"), std::string::npos) << early->body;
    Ok(Call(kVendor, "POST", "/api/v1" + path + "/agree-plan"));
    return path;
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t item1_, item2_;
};
testing::TempDir* VerificationPages::dir_ = nullptr;
testing::TestDatabase* VerificationPages::db_ = nullptr;
testing::ServerProcess* VerificationPages::server_ = nullptr;
std::map<std::string, std::string> VerificationPages::tokens_;
std::int64_t VerificationPages::item1_ = 0;
std::int64_t VerificationPages::item2_ = 0;

// Runs first (gtest keeps the file's order): the admin's list offers the selected product.
TEST_F(VerificationPages, TheAdminsListOffersTheSelectedProductAndTheFormStartsIt) {
  auto list = Page(kAdmin, "/verifications");
  ASSERT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("data-testid=\"start-1\""), std::string::npos) << "application 1 can be started";
  EXPECT_EQ(list->body.find("data-testid=\"start-3\""), std::string::npos) << "application 3 was not selected";
  // The form: a bad id is refused on the list page itself, in Japanese.
  auto bad = Client().Post("/verifications", As(kAdmin), httplib::Params{{"application_id", "3"}});
  EXPECT_EQ(bad->status, 409);
  EXPECT_NE(bad->body.find("選定された製品ではありません"), std::string::npos) << bad->body.substr(0, 2000);
  EXPECT_EQ(Client().Post("/verifications", As(kVendor), httplib::Params{{"application_id", "1"}})->status, 403);
  const std::string path = Path();
  list = Page(kAdmin, "/verifications");
  EXPECT_EQ(list->body.find("data-testid=\"start-1\""), std::string::npos) << "started: no longer offered";
  EXPECT_NE(list->body.find("href=\"" + path + "\""), std::string::npos);
}

TEST_F(VerificationPages, EachRoleSeesItsFormsWithCsrfTokens) {
  const std::string path = Path();
  // The verifier (in a browser session): the results, evidence forms and the tokens.
  const auto [sid, csrf] = SignIn(kVerifier);
  auto c = Client();
  auto page = c.Get((path + "?lang=ja").c_str(), httplib::Headers{{"Cookie", "proven_session=" + sid}});
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("action=\"" + path + "/results\""), std::string::npos);
  EXPECT_NE(page->body.find("action=\"" + path + "/evidence\""), std::string::npos);
  EXPECT_NE(page->body.find("formaction=\"" + path + "/submit\""), std::string::npos);
  EXPECT_NE(page->body.find("name=\"csrf\" value=\"" + csrf + "\""), std::string::npos);
  EXPECT_EQ(page->body.find("field-error"), std::string::npos) << "no error element without an error";
  EXPECT_EQ(page->body.find("vendor-comments"), std::string::npos) << "no comments box without comments";
  EXPECT_EQ(page->body.find("action=\"" + path + "/approve\""), std::string::npos);
  EXPECT_EQ(page->body.find("action=\"" + path + "/verifiers\""), std::string::npos);
  // Every form of the page carries the token.
  std::size_t forms = 0, tokens = 0;
  for (auto at = page->body.find("<form"); at != std::string::npos; at = page->body.find("<form", at + 1)) {
    ++forms;
    const auto end = page->body.find("</form>", at);
    if (page->body.substr(at, end - at).find("name=\"csrf\" value=\"" + csrf + "\"") != std::string::npos) ++tokens;
  }
  EXPECT_GE(forms, 3u);
  EXPECT_EQ(forms, tokens);
  // A form without the token is refused.
  auto forged = c.Post((path + "/results").c_str(), httplib::Headers{{"Cookie", "proven_session=" + sid}},
                       httplib::Params{{"summary", "x"}, {"csrf", "forged"}});
  EXPECT_EQ(forged->status, 403);

  // The vendor (session too): read-only, no verifier forms.
  const auto [vsid, vcsrf] = SignIn(kVendorStaff);
  auto vendor = c.Get((path + "?lang=ja").c_str(), httplib::Headers{{"Cookie", "proven_session=" + vsid}});
  ASSERT_EQ(vendor->status, 200);
  EXPECT_NE(vendor->body.find("data-testid=\"read-only\""), std::string::npos);
  EXPECT_EQ(vendor->body.find("action=\"" + path + "/results\""), std::string::npos);
  EXPECT_EQ(vendor->body.find("action=\"" + path + "/evidence\""), std::string::npos);
  // The admin: appointment and the publication link, no verifier forms.
  auto admin = Page(kAdmin, path);
  EXPECT_NE(admin->body.find("action=\"" + path + "/verifiers\""), std::string::npos);
  EXPECT_NE(admin->body.find("href=\"" + path + "/publish\""), std::string::npos);
  EXPECT_EQ(admin->body.find("action=\"" + path + "/results\""), std::string::npos);
  // A posted form with a bad metric shows the error beside the item and keeps the input.
  auto bad = c.Post((path + "/results?lang=ja").c_str(), httplib::Headers{{"Cookie", "proven_session=" + sid}},
                    httplib::Params{{"csrf", csrf},
                                    {"summary", "概要の下書き"},
                                    {"item_0", std::to_string(item1_)},
                                    {"result_0", "pass"},
                                    {"metric_value_0", "96%"},
                                    {"metric_unit_0", "rate"},
                                    {"sample_size_0", "816"},
                                    {"item_1", std::to_string(item2_)},
                                    {"result_1", ""},
                                    {"sp_text_0", "高い検知率"},
                                    {"sp_items_0", std::to_string(item1_)},
                                    {"trial_organisation", "製造業 A社"}});
  EXPECT_EQ(bad->status, 400) << bad->body.substr(0, 1500);
  EXPECT_NE(bad->body.find("「96%」は 0.962 のような数値ではありません。"), std::string::npos) << bad->body.substr(0, 3000);
  EXPECT_NE(bad->body.find("value=\"96%\""), std::string::npos) << "the input is kept";
  EXPECT_NE(bad->body.find("概要の下書き"), std::string::npos);
  EXPECT_NE(bad->body.find("value=\"製造業 A社\""), std::string::npos);
  auto bad_sample = c.Post((path + "/results?lang=en").c_str(), httplib::Headers{{"Cookie", "proven_session=" + sid}},
                           httplib::Params{{"csrf", csrf}, {"summary", "s"}, {"item_0", std::to_string(item1_)},
                                           {"metric_value_0", "0.9"}, {"sample_size_0", "many"}});
  EXPECT_EQ(bad_sample->status, 400);
  EXPECT_NE(bad_sample->body.find("the sample size must be a positive whole number"), std::string::npos);
}

TEST_F(VerificationPages, PagesRenderInBothLanguagesForEveryRole) {
  const std::string path = Path();
  ExpectRendered(kAdmin, "/verifications", "有効性検証の開始", "Start a verification");
  ExpectRendered(kVerifier, "/verifications", "担当する検証", "My verifications");
  ExpectRendered(kVendor, "/verifications", "自社製品の有効性検証", "Verifications of our products");
  ExpectRendered(kAdmin, path, "検証担当者", "Verifiers");
  ExpectRendered(kVerifier, path, "SQLインジェクションの検知", "SQLインジェクションの検知");
  ExpectRendered(kVendor, path, "検証計画", "Verification plan");
  ExpectRendered(kAdmin, path + "/publish", "公開は取り消せません", "Publication cannot be undone");
  ExpectRendered(kAdmin, "/admin/reports", "報告書のダウンロード数", "Report downloads");
  // The menu (on a page that knows its account): one link per role.
  EXPECT_NE(Page(kVerifier, "/verifications")->body.find("data-testid=\"nav-verifications\">検証<"), std::string::npos);
  EXPECT_NE(Page(kVendor, "/verifications")->body.find("data-testid=\"nav-verifications\">自社製品の検証<"), std::string::npos);
  auto admin_home = Page(kAdmin, "/verifications", "en");
  EXPECT_NE(admin_home->body.find("href=\"/admin/reports\""), std::string::npos);
  EXPECT_NE(admin_home->body.find("data-testid=\"nav-verifications\">Verifications<"), std::string::npos);
}

TEST_F(VerificationPages, OthersAreRefused) {
  const std::string path = Path();
  // Roles without the action: 403 before the handler.
  EXPECT_EQ(Page(kVerifier, "/admin/reports")->status, 403);
  EXPECT_EQ(Page(kVendor, path + "/publish")->status, 403);
  EXPECT_EQ(Client().Post((path + "/plan").c_str(), As(kVendor), httplib::Params{{"title_0", "x"}})->status, 403);
  EXPECT_EQ(Client().Post((path + "/approve").c_str(), As(kVerifier), httplib::Params{})->status, 403);
  // Those who may not see this verification: 404.
  EXPECT_EQ(Page(kOtherVendor, path)->status, 404);
  EXPECT_EQ(Page(kOtherVerifier, path)->status, 404);
  EXPECT_EQ(Page(kAdmin, "/verifications/99999")->status, 404);
  EXPECT_EQ(Client().Post((path + "/plan").c_str(), As(kOtherVerifier), httplib::Params{{"title_0", "x"}})->status, 404);
  // The other vendor's list is empty; anonymous callers are sent to sign in.
  EXPECT_NE(Page(kOtherVendor, "/verifications")->body.find("data-testid=\"no-verifications\""), std::string::npos);
  auto anonymous = Client().Get(path.c_str());
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_TRUE(anonymous->get_header_value("Location").starts_with("/login?next="));
}

// Last: it moves the verification on (submitted, changes requested).
TEST_F(VerificationPages, EvidenceIsUploadedByTheVerifierWhileRecordingAndReadByTheVendor) {
  const std::string path = Path();
  const std::string api = "/api/v1" + path;
  auto up = Upload(kVerifier, api + "/evidence", "logs/waf.png", kPng, std::to_string(item1_));
  auto record = Ok(up, 201);
  EXPECT_EQ(record["filename"], "waf.png");
  EXPECT_EQ(record["content_type"], "image/png");
  EXPECT_EQ(record["item_id"], item1_);
  EXPECT_EQ(record["size"], kPng.size());
  const std::string url = record["url"];
  EXPECT_EQ(up->get_header_value("Location"), url);
  // Raw bytes with ?filename=, by the admin, for the whole verification.
  auto raw = Client().Post((api + "/evidence?filename=summary.pdf").c_str(), As(kAdmin), "%PDF-1.4 x", "application/pdf");
  EXPECT_EQ(Ok(raw, 201)["item_id"], nullptr);

  // Refusals, each naming its field.
  auto bad_type = Upload(kVerifier, api + "/evidence", "fake.png", "just text");
  EXPECT_EQ(Status(bad_type), 400);
  EXPECT_EQ(json::parse(bad_type->body)["error"]["parameter"], "file");
  auto bad_item = Upload(kVerifier, api + "/evidence", "a.png", kPng, "x1");
  EXPECT_EQ(Status(bad_item), 400);
  EXPECT_EQ(json::parse(bad_item->body)["error"]["parameter"], "item_id");
  auto unknown_item = Upload(kVerifier, api + "/evidence", "a.png", kPng, "999999");
  EXPECT_EQ(json::parse(unknown_item->body)["error"]["parameter"], "item_id");
  auto no_file = Client().Post((api + "/evidence").c_str(), As(kVerifier),
                               httplib::MultipartFormDataItems{{"item_id", "1", "", ""}});
  EXPECT_EQ(Status(no_file), 400);
  EXPECT_EQ(Status(Upload(kVendor, api + "/evidence", "a.png", kPng)), 403) << "the vendor reads only";
  EXPECT_EQ(Status(Upload(kOtherVerifier, api + "/evidence", "a.png", kPng)), 404) << "not appointed";
  EXPECT_EQ(Status(Upload(kOtherVendor, api + "/evidence", "a.png", kPng)), 404);

  // Reading: the verification lists its evidence; the bytes come back as uploaded, as a download.
  auto v = Ok(Call(kVendor, "GET", api));
  ASSERT_EQ(v["evidence"].size(), 2u);
  EXPECT_EQ(v["evidence"][0]["url"], url);
  EXPECT_EQ(v["evidence"][0]["item_id"], item1_);
  EXPECT_EQ(v["evidence"][1]["filename"], "summary.pdf");
  json cited = json::array();
  cited.push_back(record["id"]);
  EXPECT_EQ(v["items"][0]["evidence"], cited);
  auto file = Client().Get(url.c_str(), As(kVendor));
  ASSERT_EQ(Status(file), 200);
  EXPECT_EQ(file->body, kPng);
  EXPECT_EQ(file->get_header_value("Content-Type"), "image/png");
  EXPECT_TRUE(file->get_header_value("Content-Disposition").starts_with("attachment;"));
  EXPECT_EQ(Status(Client().Get(url.c_str(), As(kOtherVendor))), 404);
  EXPECT_EQ(Status(Client().Get(url.c_str(), As(kOtherVerifier))), 404);
  EXPECT_EQ(Status(Client().Get("/api/v1/evidence/99999", As(kAdmin))), 404);
  EXPECT_EQ(Status(Client().Get(url.c_str())), 401);
  // The page lists it for every role that sees the verification.
  EXPECT_NE(Page(kVendor, path)->body.find("href=\"" + url + "\""), std::string::npos);
  // Submitted: no more evidence (409) until the vendor asks for changes.
  Ok(Call(kVerifier, "PATCH", api,
          {{"summary", "概要"},
           {"results", {{{"item_id", item1_}, {"result", "pass"}}, {{"item_id", item2_}, {"result", "partial"}}}},
           {"strong_points", {{{"text", "高い検知率"}, {"items", {item1_}}}}}}));
  Ok(Call(kVerifier, "POST", api + "/submit"));
  EXPECT_EQ(Status(Upload(kVerifier, api + "/evidence", "late.png", kPng)), 409);
  Ok(Call(kVendor, "POST", api + "/request-changes", {{"comments", "ログを追加"}}));
  Ok(Upload(kVerifier, api + "/evidence", "more.png", kPng, std::to_string(item2_)), 201);
  auto audit = RunProven({"audit", "verify", "--db", db_->spec()});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

}  // namespace
}  // namespace proven
