// Notices after an action are one-time flashes of the session (docs/api.md "Notices after an
// action (flash)"), never text or codes in the URL: shown once on the page redirected to, not on
// other pages, not on a crafted URL, not after sign-out; on the real binary.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/cookies.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kNoticeJa = "分野を追加しました。";
constexpr const char* kNoticeEn = "The field was added.";

using testing::CookieFrom;

class Flash : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "flash.db");
    ASSERT_EQ(RunProven({"migrate", "--db", database_->spec()}).exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "admin@example.jp", "--role", "admin", "--db", database_->spec()},
                        std::string(kPassword) + "\n")
                  .exit_code,
              0);
    server_ = new ServerProcess(database_->spec());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete dir_;
  }
  httplib::Client Client() {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  // A new session: its cookie header and CSRF token.
  std::pair<httplib::Headers, std::string> SignIn() {
    auto c = Client();
    const std::string pre = CookieFrom(c.Get("/login"), "proven_csrf");
    auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                    httplib::Params{{"email", "admin@example.jp"}, {"password", kPassword}, {"csrf", pre}});
    EXPECT_EQ(r->status, 303);
    httplib::Headers h{{"Cookie", "proven_session=" + CookieFrom(r, "proven_session")}};
    auto me = c.Get("/api/v1/me", h);
    EXPECT_EQ(me->status, 200);
    return {h, json::parse(me->body)["csrf_token"].get<std::string>()};
  }
  // Adds a field through the page's form; returns where it redirected.
  std::string AddField(const httplib::Headers& h, const std::string& csrf, const std::string& name) {
    auto c = Client();
    auto r = c.Post("/admin/fields", h,
                    httplib::Params{{"csrf", csrf},
                                    {"name_ja", name},
                                    {"name_en", "Field " + name},
                                    {"description", "説明"},
                                    {"rationale", "理由"}});
    EXPECT_EQ(r->status, 303) << r->body.substr(0, 500);
    return r->get_header_value("Location");
  }
  std::string Page(const httplib::Headers& h, const std::string& path) {
    auto c = Client();
    auto r = c.Get(path.c_str(), h);
    EXPECT_EQ(r->status, 200) << path;
    return r->body;
  }
  static std::size_t Count(const std::string& body, const std::string& text) {
    std::size_t n = 0;
    for (auto at = body.find(text); at != std::string::npos; at = body.find(text, at + 1)) ++n;
    return n;
  }
  static TempDir* dir_;
  static testing::TestDatabase* database_;
  static ServerProcess* server_;
};
TempDir* Flash::dir_ = nullptr;
testing::TestDatabase* Flash::database_ = nullptr;
ServerProcess* Flash::server_ = nullptr;

TEST_F(Flash, TheNoticeIsShownOnceOnThePageItIsForAndNeverComesFromTheUrl) {
  const auto [h, csrf] = SignIn();
  const std::string location = AddField(h, csrf, "通知テスト分野");
  ASSERT_TRUE(location.starts_with("/fields#field-")) << location;
  EXPECT_EQ(location.find('?'), std::string::npos) << "nothing about the outcome in the URL";
  // Another page first: the notice waits for its own page.
  EXPECT_EQ(Count(Page(h, "/calls"), kNoticeJa), 0u);
  const std::string shown = Page(h, "/fields");
  EXPECT_EQ(Count(shown, kNoticeJa), 1u);
  EXPECT_NE(shown.find("role=\"status\""), std::string::npos);
  EXPECT_EQ(Count(Page(h, "/fields"), kNoticeJa), 0u) << "a reload shows it no more";
  // A crafted link claims an outcome: nothing is shown.
  EXPECT_EQ(Count(Page(h, "/fields?done=field_created"), kNoticeJa), 0u);
  // Two actions before looking: both notices, oldest first, in the page's language.
  AddField(h, csrf, "通知テスト分野二");
  AddField(h, csrf, "通知テスト分野三");
  httplib::Headers both{{"Cookie", h.begin()->second + "; proven_lang=en"}};
  EXPECT_EQ(Count(Page(both, "/fields"), kNoticeEn), 2u);
}

TEST_F(Flash, NoticesBelongToTheirSessionAndEndWithIt) {
  const auto [a, a_csrf] = SignIn();
  const auto [b, b_csrf] = SignIn();
  AddField(a, a_csrf, "セッション分野");
  EXPECT_EQ(Count(Page(b, "/fields"), kNoticeJa), 0u) << "another session (another tab's sign-in) sees nothing";
  // Signing out drops what was waiting.
  auto c = Client();
  auto out = c.Post("/logout", a, httplib::Params{{"csrf", a_csrf}});
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(Count(Page(a, "/fields"), kNoticeJa), 0u);
}

TEST_F(Flash, ABearerClientGetsTheRedirectWithoutANotice) {
  auto token = RunProven({"token", "create", "admin@example.jp", "--name", "t", "--db", database_->spec()});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  std::string t = token.out;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  httplib::Headers h{{"Authorization", "Bearer " + t}};
  auto c = Client();
  auto r = c.Post("/admin/fields", h,
                  httplib::Params{{"name_ja", "トークン分野"}, {"name_en", "Token field"}, {"description", "説明"},
                                  {"rationale", "理由"}});
  ASSERT_EQ(r->status, 303) << r->body.substr(0, 300);
  EXPECT_EQ(r->get_header_value("Location").find('?'), std::string::npos);
  EXPECT_EQ(Count(Page(h, "/fields"), kNoticeJa), 0u);
}

}  // namespace
}  // namespace proven
