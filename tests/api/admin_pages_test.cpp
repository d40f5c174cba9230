// The admin's users, organisations and audit pages, password reset and sign-in records (issue 13
// C), on the real binary: pages in both languages, no organisation from a typo, the last-admin
// rule, the one-time reset link (and its mail in the outbox), the audit filters and CSV.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "support/cookies.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kAdminPassword = "correct horse battery staple";
constexpr const char* kUserPassword = "registrar passphrase 2026";

using testing::CookieFrom;

std::string First(const std::string& body, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(body, m, std::regex(pattern)) ? m[1].str() : std::string();
}

class AdminPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "admin.db");
    db_ = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db_}).exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "admin@example.jp", "--role", "admin", "--db", db_}, std::string(kAdminPassword) + "\n").exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "reg@example.jp", "--role", "registrar", "--org", "機構A", "--db", db_},
                        std::string(kUserPassword) + "\n").exit_code, 0);
    server_ = new ServerProcess(db_, {"--public-url", "https://proven.example.jp/"});
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
  std::string PreSession() {
    auto c = Client();
    return CookieFrom(c.Get("/login"), "proven_csrf");
  }
  // Signs in; the session cookie header and the session's CSRF token.
  std::pair<httplib::Headers, std::string> SignIn(const std::string& email, const std::string& password) {
    const std::string pre = PreSession();
    auto c = Client();
    auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                    httplib::Params{{"email", email}, {"password", password}, {"csrf", pre}});
    EXPECT_EQ(r->status, 303) << r->body.substr(0, 300);
    httplib::Headers h{{"Cookie", "proven_session=" + CookieFrom(r, "proven_session")}};
    auto me = c.Get("/api/v1/me", h);
    EXPECT_EQ(me->status, 200);
    return {h, me->status == 200 ? json::parse(me->body)["csrf_token"].get<std::string>() : ""};
  }
  // The id of an organisation as the users page offers it.
  std::string OrgId(const httplib::Headers& h, const std::string& name) {
    auto c = Client();
    return First(c.Get("/admin/users", h)->body, "<option value=\"(\\d+)\"[^>]*>" + name + "<");
  }
  int OrgCount(const httplib::Headers& h) {
    auto c = Client();
    const std::string body = c.Get("/admin/organisations", h)->body;
    int n = 0;
    for (std::size_t at = body.find("data-testid=\"org-row\""); at != std::string::npos;
         at = body.find("data-testid=\"org-row\"", at + 1)) {
      ++n;
    }
    return n;
  }
  static TempDir* dir_;
  static std::string db_;
  static testing::TestDatabase* database_;
  static ServerProcess* server_;
};
TempDir* AdminPages::dir_ = nullptr;
std::string AdminPages::db_;
testing::TestDatabase* AdminPages::database_ = nullptr;
ServerProcess* AdminPages::server_ = nullptr;

TEST_F(AdminPages, OnlyAdminsSeeThemInBothLanguages) {
  auto c = Client();
  const auto [reg, reg_csrf] = SignIn("reg@example.jp", kUserPassword);
  for (const char* path : {"/admin/users", "/admin/users/1", "/admin/organisations", "/admin/audit", "/admin/audit.csv"}) {
    EXPECT_EQ(c.Get(path, reg)->status, 403) << path;
  }
  const auto [admin, csrf] = SignIn("admin@example.jp", kAdminPassword);
  for (const char* path : {"/admin/users", "/admin/users/1", "/admin/organisations", "/admin/audit"}) {
    auto ja = c.Get(path, admin);
    ASSERT_EQ(ja->status, 200) << path;
    EXPECT_NE(ja->body.find("lang=\"ja\""), std::string::npos) << path;
    EXPECT_EQ(ja->body.find("<th scope=\"col\"></th>"), std::string::npos) << path << ": every header has text";
    auto en = c.Get(std::string(path) + "?lang=en", admin);
    ASSERT_EQ(en->status, 200) << path;
    EXPECT_NE(en->body.find("lang=\"en\""), std::string::npos) << path;
  }
  EXPECT_NE(c.Get("/admin/users?lang=en", admin)->body.find("Registration body"), std::string::npos)
      << "organisations grouped by their kind's label";
  EXPECT_EQ(c.Get("/admin/users/999999", admin)->status, 404);
}

TEST_F(AdminPages, AnUnknownOrganisationIsAnErrorNeverANewOne) {
  auto c = Client();
  const auto [admin, csrf] = SignIn("admin@example.jp", kAdminPassword);
  const int before = OrgCount(admin);
  ASSERT_GE(before, 1);
  auto typo = c.Post("/admin/users", admin,
                     httplib::Params{{"csrf", csrf}, {"email", "typo@example.jp"}, {"password", "quiet meadow lantern 2026"},
                                     {"role", "registrar"}, {"org_id", "987654"}});
  EXPECT_EQ(typo->status, 400);
  EXPECT_NE(typo->body.find("組織 987654 はありません"), std::string::npos) << typo->body.substr(0, 2000);
  EXPECT_NE(typo->body.find("value=\"typo@example.jp\""), std::string::npos) << "what was typed is kept";
  EXPECT_NE(typo->body.find("value=\"registrar\" checked"), std::string::npos) << "the roles chosen are kept";
  EXPECT_EQ(typo->body.find("quiet meadow lantern"), std::string::npos) << "never the password";
  EXPECT_EQ(OrgCount(admin), before) << "no organisation was created";
  // A registrar needs a registration body: a vendor organisation is refused, naming org_id.
  auto vendor_org = c.Post("/admin/organisations", admin,
                           httplib::Params{{"csrf", csrf}, {"name", "株式会社ベンダー"}, {"kind", "vendor"}});
  ASSERT_EQ(vendor_org->status, 303);
  EXPECT_EQ(vendor_org->get_header_value("Location"), "/admin/organisations");
  EXPECT_NE(c.Get("/admin/organisations", admin)->body.find("組織を追加しました"), std::string::npos) << "the flash";
  const std::string vendor_id = OrgId(admin, "株式会社ベンダー");
  ASSERT_FALSE(vendor_id.empty());
  auto mismatch = c.Post("/admin/users", admin,
                         httplib::Params{{"csrf", csrf}, {"email", "typo@example.jp"}, {"password", "quiet meadow lantern 2026"},
                                         {"role", "registrar"}, {"org_id", vendor_id}});
  EXPECT_EQ(mismatch->status, 400);
  EXPECT_NE(mismatch->body.find("id=\"new-org-error\""), std::string::npos) << "the error sits by the organisation";
  // The same name again is an error, not a silent reuse.
  auto again = c.Post("/admin/organisations", admin,
                      httplib::Params{{"csrf", csrf}, {"name", "株式会社ベンダー"}, {"kind", "registration_body"}});
  EXPECT_EQ(again->status, 409);
  EXPECT_NE(again->body.find("すでにあります"), std::string::npos);
  EXPECT_NE(again->body.find("value=\"株式会社ベンダー\""), std::string::npos) << "the name typed is kept";
  // Chosen from the list, the vendor is added and lands on its page with a notice.
  auto added = c.Post("/admin/users", admin,
                      httplib::Params{{"csrf", csrf}, {"email", "vendor@example.jp"}, {"password", "quiet meadow lantern 2026"},
                                      {"role", "vendor"}, {"org_id", vendor_id}});
  ASSERT_EQ(added->status, 303);
  const std::string location = added->get_header_value("Location");
  EXPECT_TRUE(std::regex_match(location, std::regex("/admin/users/\\d+"))) << location;
  auto page = c.Get(location, admin);
  EXPECT_NE(page->body.find("ユーザーを追加しました"), std::string::npos);
  EXPECT_NE(page->body.find("株式会社ベンダー"), std::string::npos);
  EXPECT_EQ(c.Get(location, admin)->body.find("ユーザーを追加しました"), std::string::npos) << "shown once";
}

TEST_F(AdminPages, RolesEnableAndTheLastAdminRule) {
  auto c = Client();
  const auto [admin, csrf] = SignIn("admin@example.jp", kAdminPassword);
  const std::string me = First(c.Get("/admin/users", admin)->body, "href=\"/admin/users/(\\d+)\"[^>]*>admin@example.jp<");
  ASSERT_FALSE(me.empty());
  auto own = c.Post("/admin/users/" + me + "/roles", admin, httplib::Params{{"csrf", csrf}, {"role", "registrar"}});
  EXPECT_EQ(own->status, 409) << own->body.substr(0, 500);
  EXPECT_NE(own->body.find("自分自身の管理者ロールは外せません"), std::string::npos);
  // A second admin, then the first tries to take the role from it: allowed, it is not the last.
  ASSERT_EQ(RunProven({"user", "add", "admin2@example.jp", "--role", "admin", "--db", db_}, std::string(kAdminPassword) + "\n").exit_code, 0);
  const std::string other = First(c.Get("/admin/users", admin)->body, "href=\"/admin/users/(\\d+)\"[^>]*>admin2@example.jp<");
  ASSERT_FALSE(other.empty());
  const std::string body_id = OrgId(admin, "機構A");
  ASSERT_FALSE(body_id.empty());
  auto changed = c.Post("/admin/users/" + other + "/roles", admin,
                        httplib::Params{{"csrf", csrf}, {"role", "registrar"}, {"org_id", body_id}});
  ASSERT_EQ(changed->status, 303) << changed->body.substr(0, 500);
  auto page = c.Get("/admin/users/" + other, admin);
  EXPECT_NE(page->body.find("ロールと組織を変更しました"), std::string::npos);
  EXPECT_NE(page->body.find("機構A"), std::string::npos);
  // Disable and enable again.
  ASSERT_EQ(c.Post("/admin/users/" + other + "/disable", admin, httplib::Params{{"csrf", csrf}})->status, 303);
  EXPECT_NE(c.Get("/admin/users/" + other, admin)->body.find("/admin/users/" + other + "/enable"), std::string::npos);
  ASSERT_EQ(c.Post("/admin/users/" + other + "/enable", admin, httplib::Params{{"csrf", csrf}})->status, 303);
  EXPECT_NE(c.Get("/admin/users/" + other, admin)->body.find("ユーザーを有効にしました"), std::string::npos);
  auto audit = c.Get("/admin/audit?entity=user:" + other, admin);
  EXPECT_NE(audit->body.find("data-code=\"user.roles_change\""), std::string::npos);
  EXPECT_NE(audit->body.find("data-code=\"user.enable\""), std::string::npos);
  EXPECT_NE(audit->body.find("<ins translate=\"no\">registrar</ins>"), std::string::npos) << "the diff shows the new roles";
}

TEST_F(AdminPages, APasswordResetLinkWorksOnceAndIsMailed) {
  auto c = Client();
  const auto [admin, csrf] = SignIn("admin@example.jp", kAdminPassword);
  ASSERT_EQ(RunProven({"user", "add", "forgot@example.jp", "--role", "registrar", "--org", "機構A", "--db", db_},
                      std::string(kUserPassword) + "\n").exit_code, 0);
  const auto [old_session, old_csrf] = SignIn("forgot@example.jp", kUserPassword);
  const std::string id = First(c.Get("/admin/users", admin)->body, "href=\"/admin/users/(\\d+)\"[^>]*>forgot@example.jp<");
  ASSERT_FALSE(id.empty());
  auto issued = c.Post("/admin/users/" + id + "/reset", admin, httplib::Params{{"csrf", csrf}});
  ASSERT_EQ(issued->status, 200) << issued->body.substr(0, 500);
  EXPECT_EQ(issued->get_header_value("Cache-Control"), "no-store");
  const std::string url = First(issued->body, "data-testid=\"reset-url\">([^<]+)<");
  ASSERT_TRUE(url.starts_with("https://proven.example.jp/login/reset/")) << url;
  const std::string path = url.substr(std::string("https://proven.example.jp").size());
  // The mail with the same link is in the outbox.
  auto audit = c.Get("/admin/audit?action=user.password_reset_start", admin);
  const std::string mail_id = First(audit->body, "&quot;mail_id&quot;:(\\d+)");
  ASSERT_FALSE(mail_id.empty()) << audit->body.substr(0, 3000);
  auto mail = c.Get("/admin/mail/" + mail_id, admin);
  EXPECT_NE(mail->body.find(url), std::string::npos) << "the mail carries the link";
  // The public page; a weak password is refused by its field; then it is set.
  auto form = c.Get(path);
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("forgot@example.jp"), std::string::npos);
  const std::string pre = CookieFrom(form, "proven_csrf");
  httplib::Headers pre_cookie{{"Cookie", "proven_csrf=" + pre}};
  auto weak = c.Post(path, pre_cookie, httplib::Params{{"csrf", pre}, {"new_password", "short"}});
  EXPECT_EQ(weak->status, 400);
  EXPECT_NE(weak->body.find("id=\"new_password-error\""), std::string::npos);
  auto set = c.Post(path, pre_cookie, httplib::Params{{"csrf", pre}, {"new_password", "a brand new passphrase 2026"}});
  ASSERT_EQ(set->status, 200);
  EXPECT_NE(set->body.find("パスワードを設定しました"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/me", old_session)->status, 401) << "the other sessions ended";
  SignIn("forgot@example.jp", "a brand new passphrase 2026");
  // Used: the link now says so, and setting again does nothing.
  auto used = c.Get(path);
  EXPECT_EQ(used->status, 410);
  EXPECT_NE(used->body.find("すでに使われています"), std::string::npos);
  auto again = c.Post(path, pre_cookie, httplib::Params{{"csrf", pre}, {"new_password", "yet another passphrase 2026"}});
  EXPECT_EQ(again->status, 410);
  EXPECT_EQ(c.Get("/login/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status, 404);
  auto log = c.Get("/admin/audit?action=user.password_reset", admin);
  EXPECT_NE(log->body.find("data-code=\"user.password_reset\""), std::string::npos);
}

TEST_F(AdminPages, SignInsAreAuditedAndTheAuditPageFiltersAndExports) {
  auto c = Client();
  const std::string pre = PreSession();
  auto failed = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                       httplib::Params{{"email", "reg@example.jp"}, {"password", "=HYPERLINK(\"x\") guess"}, {"csrf", pre}});
  EXPECT_EQ(failed->status, 401);
  const auto [admin, csrf] = SignIn("admin@example.jp", kAdminPassword);
  auto fails = c.Get("/admin/audit?action=session.sign_in_failed", admin);
  ASSERT_EQ(fails->status, 200);
  EXPECT_NE(fails->body.find("data-code=\"session.sign_in_failed\""), std::string::npos);
  EXPECT_EQ(fails->body.find("data-code=\"session.sign_in\""), std::string::npos) << "only the chosen action";
  EXPECT_NE(fails->body.find("bad_credentials"), std::string::npos);
  EXPECT_EQ(fails->body.find("HYPERLINK"), std::string::npos) << "never the password";
  EXPECT_NE(fails->body.find("href=\"/admin/users/"), std::string::npos) << "the target links to the user";
  auto ins = c.Get("/admin/audit?action=session.sign_in&actor=admin%40example.jp", admin);
  EXPECT_NE(ins->body.find(">admin@example.jp</a>"), std::string::npos) << "the actor as an address, linked";
  EXPECT_NE(ins->body.find("JST"), std::string::npos) << "times in Japan time";
  auto cli = c.Get("/admin/audit?actor=cli&lang=en", admin);
  EXPECT_NE(cli->body.find("Command line (operator)"), std::string::npos);
  // Dates: the future has nothing; a bad date is named.
  EXPECT_NE(c.Get("/admin/audit?from=2999-01-01", admin)->body.find("data-testid=\"audit-none\""), std::string::npos);
  auto bad = c.Get("/admin/audit?until=2026-02-30", admin);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("id=\"f-until-error\""), std::string::npos);
  // CSV with the same filter: BOM, header, only those rows.
  auto csv = c.Get("/admin/audit.csv?action=session.sign_in_failed", admin);
  ASSERT_EQ(csv->status, 200);
  EXPECT_TRUE(csv->body.starts_with("\xEF\xBB\xBF")) << "UTF-8 BOM";
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv->body.find("session.sign_in_failed"), std::string::npos);
  EXPECT_EQ(csv->body.find("session.sign_in,"), std::string::npos);
  EXPECT_NE(c.Get("/admin/audit.csv?until=nope", admin)->status, 200);
  // The chain check, incremental and full.
  auto full = c.Get("/admin/audit?verify=full", admin);
  EXPECT_NE(full->body.find("class=\"notice\""), std::string::npos);
}

}  // namespace
}  // namespace proven
