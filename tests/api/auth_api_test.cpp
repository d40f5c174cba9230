// Sign-in, sessions, CSRF on every state-changing route, API tokens and security headers, on the
// real binary.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "domain/auth.hpp"
#include "support/cookies.hpp"
#include "support/test_support.hpp"
#include "web/http_parse.hpp"
#include "web/server.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kAdminPassword = "correct horse battery staple";
constexpr const char* kRegistrarPassword = "registrar passphrase 2026";

using testing::CookieFrom;

std::string SetCookieLine(const httplib::Result& r, const std::string& name) {
  for (const auto& [k, v] : r->headers) {
    if (k == "Set-Cookie" && v.starts_with(name + "=")) return v;
  }
  return {};
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k + '=';
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        out.push_back(static_cast<char>(c));
      } else {
        out += fmt::format("%{:02X}", c);
      }
    }
  }
  return out;
}

// POSTs a form to 127.0.0.1:port from the loopback address `source` (any 127.x.y.z), so that the
// server sees another client address; httplib's client cannot choose its source address.
// Returns the HTTP status (0 when the exchange failed).
int PostFrom(const std::string& source, int port, const std::string& path, const std::string& cookie,
             const std::string& form) {
  testing::RawConnection conn(port, source);
  if (!conn.connected()) return 0;
  conn.Send(fmt::format(
      "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: {}\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
      path, cookie, form.size(), form));
  const std::string response = conn.Read(std::chrono::seconds(30));
  if (!response.starts_with("HTTP/1.1 ") || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

class Auth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "auth.db");
    db_ = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db_}).exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "admin@example.jp", "--role", "admin", "--db", db_}, std::string(kAdminPassword) + "\n").exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "reg@example.jp", "--role", "registrar", "--org", "機構A", "--db", db_},
                        std::string(kRegistrarPassword) + "\n").exit_code, 0);
    server_ = new ServerProcess(db_);
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
  // A pre-session CSRF token (and its cookie) from the sign-in page.
  std::string PreSession() {
    auto c = Client();
    auto page = c.Get("/login");
    EXPECT_EQ(page->status, 200);
    return CookieFrom(page, "proven_csrf");
  }
  // Signs in; returns the session cookie value and the CSRF token of the session.
  std::pair<std::string, std::string> SignIn(const std::string& email, const std::string& password) {
    const std::string pre = PreSession();
    auto c = Client();
    httplib::Headers h{{"Cookie", "proven_csrf=" + pre}};
    auto r = c.Post("/login", h, httplib::Params{{"email", email}, {"password", password}, {"csrf", pre}});
    EXPECT_EQ(r->status, 303) << r->body.substr(0, 300);
    const std::string sid = CookieFrom(r, "proven_session");
    auto me = c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}});
    EXPECT_EQ(me->status, 200);
    return {sid, me->status == 200 ? json::parse(me->body)["csrf_token"].get<std::string>() : ""};
  }
  static TempDir* dir_;
  static std::string db_;
  static testing::TestDatabase* database_;
  static ServerProcess* server_;
};
TempDir* Auth::dir_ = nullptr;
std::string Auth::db_;
testing::TestDatabase* Auth::database_ = nullptr;
ServerProcess* Auth::server_ = nullptr;

TEST_F(Auth, SignInSetsAFreshHttpOnlySessionCookie) {
  const std::string pre = PreSession();
  ASSERT_GE(pre.size(), 43u);
  auto c = Client();
  // A session id planted by an attacker is not adopted: sign-in issues a new one.
  httplib::Headers h{{"Cookie", "proven_csrf=" + pre + "; proven_session=planted-by-attacker"}};
  auto r = c.Post("/login", h, httplib::Params{{"email", "reg@example.jp"}, {"password", kRegistrarPassword}, {"csrf", pre}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/registrar");
  const std::string line = SetCookieLine(r, "proven_session");
  EXPECT_NE(line.find("HttpOnly"), std::string::npos);
  EXPECT_NE(line.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(line.find("Path=/"), std::string::npos);
  const std::string sid = CookieFrom(r, "proven_session");
  EXPECT_NE(sid, "planted-by-attacker");
  EXPECT_GE(sid.size(), 43u) << "256 bits, base64url";
  auto me = c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}});
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["email"], "reg@example.jp");
  EXPECT_EQ(me->get_header_value("Cache-Control"), "no-store");
  auto page = c.Get("/", httplib::Headers{{"Cookie", "proven_session=" + sid}});
  EXPECT_NE(page->body.find("reg@example.jp"), std::string::npos) << "the header shows who is signed in";
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
}

// Its own server: the failures it makes would otherwise throttle this address for the other tests.
class Throttle : public Auth {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "throttle.db");
    db_ = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db_}).exit_code, 0);
    ASSERT_EQ(RunProven({"user", "add", "admin@example.jp", "--role", "admin", "--db", db_}, std::string(kAdminPassword) + "\n").exit_code, 0);
    server_ = new ServerProcess(db_);
  }
};

TEST_F(Throttle, WrongPasswordAndUnknownUserGetTheSameAnswerAndRepeatedFailuresAreThrottled) {
  const std::string pre = PreSession();
  auto c = Client();
  httplib::Headers h{{"Cookie", "proven_csrf=" + pre}};
  auto wrong = c.Post("/login", h, httplib::Params{{"email", "admin@example.jp"}, {"password", "not the password!"}, {"csrf", pre}});
  auto unknown = c.Post("/login", h, httplib::Params{{"email", "ghost@example.jp"}, {"password", "not the password!"}, {"csrf", pre}});
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  const std::regex msg("data-testid=\"error\">([^<]*)<");
  std::smatch a, b;
  ASSERT_TRUE(std::regex_search(wrong->body, a, msg));
  ASSERT_TRUE(std::regex_search(unknown->body, b, msg));
  EXPECT_EQ(a[1].str(), b[1].str());
  int status = 0;
  std::string retry;
  for (int i = 0; i < 6 && status != 429; ++i) {
    auto r = c.Post("/login", h, httplib::Params{{"email", "admin@example.jp"}, {"password", "still wrong " + std::to_string(i)}, {"csrf", pre}});
    status = r->status;
    retry = r->get_header_value("Retry-After");
  }
  EXPECT_EQ(status, 429);
  EXPECT_FALSE(retry.empty());
}

TEST_F(Throttle, FailuresFromOneAddressDoNotLockTheOwnerOutFromAnother) {
  ASSERT_EQ(RunProven({"user", "add", "victim@example.jp", "--role", "registrar", "--org", "機構V", "--db", db_},
                      std::string(kRegistrarPassword) + "\n").exit_code, 0);
  const std::string pre = PreSession();
  const std::string cookie = "proven_csrf=" + pre;
  std::vector<int> statuses;
  // Until throttled: the wait after the fifth failure is 1 s from the last failure, counted in whole
  // seconds, so a failure that lands in the next second may still be answered 401 (then the wait doubles).
  for (int i = 0; i < 10 && (statuses.empty() || statuses.back() != 429); ++i) {
    statuses.push_back(PostFrom("127.0.0.2", server_->port(), "/login", cookie,
                                FormEncode({{"email", "victim@example.jp"}, {"password", "wrong guess " + std::to_string(i)},
                                            {"csrf", pre}})));
  }
  ASSERT_EQ(statuses.front(), 401) << "the raw client from 127.0.0.2 reached the server";
  EXPECT_EQ(statuses.back(), 429) << "the failing address is throttled";
  EXPECT_EQ(PostFrom("127.0.0.2", server_->port(), "/login", cookie,
                     FormEncode({{"email", "victim@example.jp"}, {"password", kRegistrarPassword}, {"csrf", pre}})),
            429) << "even with the right password";
  // The owner, from an address without failures, signs in at once (127.0.0.3: 127.0.0.1 may carry
  // failures of the other tests of this suite when they share one server).
  EXPECT_EQ(PostFrom("127.0.0.3", server_->port(), "/login", cookie,
                     FormEncode({{"email", "victim@example.jp"}, {"password", kRegistrarPassword}, {"csrf", pre}})),
            303);
}

TEST_F(Throttle, AnOverlongPasswordIsRefusedNamingTheField) {
  const std::string pre = PreSession();
  auto c = Client();
  auto r = c.Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                  httplib::MultipartFormDataItems{{"email", "admin@example.jp", "", ""},
                                                  {"password", std::string(2 * 1024 * 1024, 'p'), "", ""},
                                                  {"csrf", pre, "", ""}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // The page speaks Japanese from the catalogue, naming the field by its label.
  EXPECT_NE(r->body.find("パスワード: 長すぎます（1024 バイトまで）。"), std::string::npos) << r->body.substr(0, 2000);
  EXPECT_EQ(r->body.find("bytes long"), std::string::npos) << "never the API's English message";
}

TEST_F(Auth, EveryStateChangingRouteRefusesRequestsWithoutACsrfToken) {
  const auto [sid, csrf] = SignIn("admin@example.jp", kAdminPassword);
  ASSERT_FALSE(csrf.empty());
  auto c = Client();
  int checked = 0;
  for (const auto& route : web::RouteTable()) {
    if (route.method == "GET") continue;
    // The few public POSTs that change nothing or carry their own secret in the URL (server.cpp,
    // kPublicWithoutCsrf) are tested by their own suites (match_api_test.cpp).
    if (route.csrf_exempt) {
      EXPECT_TRUE(route.is_public) << route.method << " " << route.pattern;
      continue;
    }
    // A concrete path for the pattern: ids become 1, alternatives their first choice.
    const std::string path = web::ExamplePath(route.pattern);
    httplib::Headers cookie{{"Cookie", "proven_session=" + sid}};
    httplib::Result r = route.method == "PATCH"    ? c.Patch(path.c_str(), cookie, "{}", "application/json")
                        : route.method == "PUT"    ? c.Put(path.c_str(), cookie, "{}", "application/json")
                        : route.method == "DELETE" ? c.Delete(path.c_str(), cookie)
                                                   : c.Post(path.c_str(), cookie, httplib::Params{{"x", "1"}});
    ASSERT_TRUE(r) << route.method << " " << path;
    EXPECT_EQ(r->status, 403) << route.method << " " << path << " without a token";
    const httplib::Headers forged{{"Cookie", "proven_session=" + sid}, {"X-CSRF-Token", "forged"}};
    httplib::Result wrong = route.method == "PATCH"    ? c.Patch(path.c_str(), forged, "{}", "application/json")
                            : route.method == "PUT"    ? c.Put(path.c_str(), forged, "{}", "application/json")
                            : route.method == "DELETE" ? c.Delete(path.c_str(), forged)
                                                       : c.Post(path.c_str(), cookie, httplib::Params{{"csrf", "forged"}});
    EXPECT_EQ(wrong->status, 403) << route.method << " " << path << " with a forged token";
    ++checked;
  }
  EXPECT_GE(checked, 4);
  // A token in the URL does not count: it would end up in logs and browser history.
  auto in_url = c.Post(("/logout?csrf=" + csrf).c_str(), httplib::Headers{{"Cookie", "proven_session=" + sid}},
                       httplib::Params{{"x", "1"}});
  EXPECT_EQ(in_url->status, 403);
  // The session still works: nothing above changed anything.
  auto me = c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}});
  EXPECT_EQ(me->status, 200);
}

// A request to `path` of `route` with a valid token for `csrf` (pre-session or session).
httplib::Result Send(httplib::Client& c, const web::Route& route, const std::string& cookie, const std::string& csrf) {
  const std::string path = web::ExamplePath(route.pattern);
  httplib::Headers h{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  if (route.method == "GET") return c.Get(path.c_str(), h);
  if (route.method == "PATCH") return c.Patch(path.c_str(), h, "{}", "application/json");
  if (route.method == "PUT") return c.Put(path.c_str(), h, "{}", "application/json");
  if (route.method == "DELETE") return c.Delete(path.c_str(), h);
  return c.Post(path.c_str(), h, httplib::Params{{"x", "1"}});
}

// Every route that names an action refuses a caller without credentials (401, or the sign-in page),
// and a signed-in account whose role lacks the action (403), before its handler runs.
TEST_F(Auth, EveryRouteWithAnActionRefusesAnonymousCallersAndRolesWithoutIt) {
  const std::string pre = PreSession();
  ASSERT_EQ(RunProven({"user", "add", "plain@example.jp", "--role", "user", "--db", db_},
                      std::string(kAdminPassword) + "\n").exit_code, 0);
  const auto [sid, csrf] = SignIn("plain@example.jp", kAdminPassword);
  const domain::Actor plain{1, "plain@example.jp", {domain::Role::kUser}, "", std::nullopt};
  auto c = Client();
  int anonymous = 0, forbidden = 0;
  for (const auto& route : web::RouteTable()) {
    if (route.is_public) continue;
    const std::string name = route.method + " " + route.pattern;
    const bool api = route.pattern.starts_with("/api/");
    auto r = Send(c, route, "proven_csrf=" + pre, pre);
    ASSERT_TRUE(r) << name;
    if (api) {
      EXPECT_EQ(r->status, 401) << name << " without credentials";
    } else {
      EXPECT_EQ(r->status, 303) << name << " without credentials";
      EXPECT_TRUE(r->get_header_value("Location").starts_with("/login?next=")) << name;
    }
    ++anonymous;
    ASSERT_TRUE(route.action) << name;
    if (domain::AuthorizeRole(plain, *route.action)) continue;
    auto denied = Send(c, route, "proven_session=" + sid, csrf);
    ASSERT_TRUE(denied) << name;
    EXPECT_EQ(denied->status, 403) << name << " for the role user";
    if (api) {
      EXPECT_NE(denied->body.find("permission_denied"), std::string::npos) << name;
    }
    ++forbidden;
  }
  EXPECT_GE(anonymous, 30);
  EXPECT_GE(forbidden, 25);
  // The account itself still works: what every role may do.
  EXPECT_EQ(c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}})->status, 200);
  EXPECT_EQ(c.Get("/account/password", httplib::Headers{{"Cookie", "proven_session=" + sid}})->status, 200);
}

TEST_F(Auth, SignOutEndsTheSession) {
  const auto [sid, csrf] = SignIn("reg@example.jp", kRegistrarPassword);
  auto c = Client();
  auto out = c.Post("/logout", httplib::Headers{{"Cookie", "proven_session=" + sid}}, httplib::Params{{"csrf", csrf}});
  EXPECT_EQ(out->status, 303);
  EXPECT_NE(SetCookieLine(out, "proven_session").find("Max-Age=0"), std::string::npos);
  auto me = c.Get("/api/v1/me", httplib::Headers{{"Cookie", "proven_session=" + sid}});
  EXPECT_EQ(me->status, 401);
  EXPECT_EQ(me->get_header_value("WWW-Authenticate"), "Bearer");
}

TEST_F(Auth, BearerTokensNeedNoCsrfAndStopWhenRevoked) {
  auto created = RunProven({"token", "create", "reg@example.jp", "--name", "ci", "--db", db_});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string token = created.out.substr(0, created.out.find('\n'));
  auto c = Client();
  httplib::Headers bearer{{"Authorization", "Bearer " + token}};
  auto me = c.Get("/api/v1/me", bearer);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["email"], "reg@example.jp");
  EXPECT_FALSE(json::parse(me->body).contains("csrf_token"));
  EXPECT_EQ(c.Post("/logout", bearer, httplib::Params{})->status, 303) << "no CSRF token needed with a Bearer token";
  auto bad = c.Get("/api/v1/me", httplib::Headers{{"Authorization", "Bearer pv_forged"}});
  EXPECT_EQ(bad->status, 401);
  auto bad_write = c.Post("/api/v1/services", httplib::Headers{{"Authorization", "Bearer pv_forged"}}, "{}", "application/json");
  EXPECT_EQ(bad_write->status, 401) << "a bad token is an authentication failure, also on writes";
  EXPECT_EQ(bad_write->get_header_value("WWW-Authenticate"), "Bearer");
  auto list = RunProven({"token", "list", "reg@example.jp", "--db", db_});
  const std::string id = list.out.substr(0, list.out.find('\t'));
  ASSERT_EQ(RunProven({"token", "revoke", "reg@example.jp", "--id", id, "--db", db_}).exit_code, 0);
  EXPECT_EQ(c.Get("/api/v1/me", bearer)->status, 401);
}

TEST_F(Auth, AdminPagesAreForAdminsAndTheAuditLogVerifies) {
  auto c = Client();
  EXPECT_EQ(c.Get("/admin/users")->status, 303) << "not signed in: to the sign-in page";
  const auto [reg_sid, reg_csrf] = SignIn("reg@example.jp", kRegistrarPassword);
  EXPECT_EQ(c.Get("/admin/users", httplib::Headers{{"Cookie", "proven_session=" + reg_sid}})->status, 403);
  const auto [sid, csrf] = SignIn("admin@example.jp", kAdminPassword);
  httplib::Headers cookie{{"Cookie", "proven_session=" + sid}};
  auto users = c.Get("/admin/users", cookie);
  ASSERT_EQ(users->status, 200);
  EXPECT_NE(users->body.find("reg@example.jp"), std::string::npos);
  auto org = c.Post("/admin/organisations", cookie,
                    httplib::Params{{"csrf", csrf}, {"name", "一般財団法人新規審査機構"}, {"kind", "registration_body"}});
  EXPECT_EQ(org->status, 303);
  EXPECT_EQ(org->get_header_value("Location").find("done="), std::string::npos) << "the notice is a flash, not in the URL";
  const std::string page = c.Get("/admin/users", cookie)->body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, std::regex("<option value=\"(\\d+)\">一般財団法人新規審査機構<")));
  auto added = c.Post("/admin/users", cookie,
                      httplib::Params{{"csrf", csrf}, {"email", "reg2@example.jp"}, {"password", "quiet meadow lantern 2026"},
                                      {"role", "registrar"}, {"org_id", m[1].str()}});
  EXPECT_EQ(added->status, 303);
  EXPECT_EQ(added->get_header_value("Location").find("done="), std::string::npos);
  EXPECT_NE(c.Get(added->get_header_value("Location"), cookie)->body.find("ユーザーを追加しました"), std::string::npos);
  auto audit = c.Get("/admin/audit", cookie);
  ASSERT_EQ(audit->status, 200);
  EXPECT_NE(audit->body.find("data-code=\"user.create\">ユーザーの追加<"), std::string::npos) << "the action's label";
  EXPECT_NE(audit->body.find("class=\"notice\""), std::string::npos) << "the chain is reported intact";
  auto verify = RunProven({"audit", "verify", "--db", db_});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("audit log intact"), std::string::npos);
}

TEST_F(Auth, SecurityHeadersOnEveryKindOfResponse) {
  auto c = Client();
  for (const char* path : {"/", "/login", "/api/v1/services", "/no/such/page", "/api/v1/me"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos) << path;
    EXPECT_FALSE(r->get_header_value("Referrer-Policy").empty()) << path;
  }
}

}  // namespace
}  // namespace proven

namespace proven {
namespace {

// Behind a reverse proxy (`serve --trusted-proxy`), throttling counts the client that the proxy
// names in X-Forwarded-For; from anyone else, the header is ignored.
class TrustedProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunProven({"migrate", "--db", database_.spec()}).exit_code, 0);
  }
  // One failed sign-in as `forwarded_for` (empty: no header); returns the status.
  static int FailOnce(ServerProcess& server, const std::string& forwarded_for) {
    httplib::Client c(server.host(), server.port());
    c.set_read_timeout(20, 0);
    auto page = c.Get("/login");
    std::string pre;
    for (const auto& [k, v] : page->headers) {
      if (k == "Set-Cookie" && v.starts_with("proven_csrf=")) pre = v.substr(12, v.find(';') - 12);
    }
    httplib::Headers h{{"Cookie", "proven_csrf=" + pre}};
    if (!forwarded_for.empty()) h.emplace("X-Forwarded-For", forwarded_for);
    auto r = c.Post("/login", h, httplib::Params{{"email", "nobody@example.jp"}, {"password", "wrong password"}, {"csrf", pre}});
    return r ? r->status : 0;
  }
  TempDir dir_;
  testing::TestDatabase database_{dir_, "proxy.db"};
};

// Fails until the answer is 429 (at most 8 attempts; the wait after the fifth failure is 1 s and
// doubles with each further one, so a slow machine may see one or two more 401s first); returns
// the number of attempts, or 0 when none was throttled.
template <class F>
int AttemptsUntilThrottled(F attempt) {
  for (int i = 1; i <= 8; ++i) {
    const int status = attempt(i);
    if (status == 429) return i;
    EXPECT_EQ(status, 401) << "attempt " << i;
  }
  return 0;
}

TEST_F(TrustedProxy, ThrottlingCountsTheForwardedClientFromATrustedProxyOnly) {
  {
    ServerProcess behind(database_.spec(), {"--trusted-proxy", "127.0.0.1"});
    // The proxy appends the client it saw; what the client sent before it is not believed.
    const int n = AttemptsUntilThrottled([&](int i) {
      return FailOnce(behind, "10.9.9." + std::to_string(i) + ", 203.0.113.7");
    });
    EXPECT_GE(n, 6) << "the forwarded client waits after five failures";
    EXPECT_EQ(FailOnce(behind, "10.9.9.9, 203.0.113.8"), 401) << "another client behind the same proxy does not";
    EXPECT_EQ(FailOnce(behind, "not an address"), 401) << "a malformed header falls back to the proxy's address";
  }
  // Not a trusted proxy: the header is the client's own claim and changes nothing (a database of
  // its own, so that the counts above do not carry over).
  testing::TestDatabase fresh(dir_, "direct.db");
  ASSERT_EQ(RunProven({"migrate", "--db", fresh.spec()}).exit_code, 0);
  ServerProcess direct(fresh.spec());
  const int n = AttemptsUntilThrottled([&](int i) { return FailOnce(direct, "198.51.100." + std::to_string(i)); });
  EXPECT_GE(n, 6) << "every failure is counted against 127.0.0.1, whatever the header says";
}

}  // namespace
}  // namespace proven
