// Two `proven serve` instances on one PostgreSQL database behave as one site: a change written
// through either is searchable on the other within a second, sessions and CSRF tokens work on
// both, sign-in throttling counts on both, and concurrent writes through both keep the audit
// log one intact chain. Runs only against the test cluster (CTest label pg).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "support/test_support.hpp"
#include "tlog/note.hpp"
#include "tlog/verify.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;

class MultiInstance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(testing::TestingOnPostgres()) << "run through ctest (label pg): PROVEN_TEST_PG is not set";
    env_ = new testing::SeededServer({{"a@example.jp", "registrar", "審査機構A"}, {"admin@example.jp", "admin", ""}});
    second_ = new ServerProcess(env_->db, {"--today", "2026-11-28"});
  }
  static void TearDownTestSuite() {
    delete second_;
    delete env_;
  }
  static ServerProcess& A() { return *env_->server; }
  static ServerProcess& B() { return *second_; }
  static httplib::Client Client(ServerProcess& s) {
    httplib::Client c(s.host(), s.port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Result Call(ServerProcess& s, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    auto c = Client(s);
    httplib::Headers h{{"Authorization", "Bearer " + env_->tokens["a@example.jp"]}};
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static int Total(ServerProcess& s, const std::string& query) {
    const std::string status = query.find("status=") == std::string::npos ? "status=all&" : "";
    auto r = Client(s).Get(("/api/v1/services?" + status + query).c_str());
    return r && r->status == 200 ? json::parse(r->body)["total"].get<int>() : -1;
  }
  // Polls until `done` or 5 s; returns how long it took.
  template <class F>
  static std::chrono::milliseconds Until(F done) {
    const auto t0 = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  }
  static inline testing::SeededServer* env_ = nullptr;
  static inline ServerProcess* second_ = nullptr;
};

TEST_F(MultiInstance, AChangeThroughEitherIsSearchableOnTheOtherWithinASecond) {
  const json service = {{"name", "二拠点監視サービス"}, {"provider", "分散株式会社"}, {"address", "大阪府大阪市北区1-1"},
                        {"overview", "二つの拠点から監視します。"}, {"industries", {"全業種"}}, {"regions", {"近畿"}},
                        {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"}, {"type", "monitoring"},
                        {"url", "https://bunsan.example/"}};
  auto created = Call(A(), "POST", "/api/v1/services", service);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto id = json::parse(created->body)["id"].get<std::int64_t>();
  EXPECT_EQ(Total(A(), "q=%E4%BA%8C%E6%8B%A0%E7%82%B9"), 1) << "at once on the instance that wrote it";
  const auto seen = Until([&] { return Total(B(), "q=%E4%BA%8C%E6%8B%A0%E7%82%B9") == 1; });  // 二拠点
  EXPECT_EQ(Total(B(), "q=%E4%BA%8C%E6%8B%A0%E7%82%B9"), 1);
  EXPECT_LT(seen, std::chrono::milliseconds(1000)) << "visible on the other instance within a second";

  // And the other way: a suspension through B reaches A's search.
  auto suspended = Call(B(), "POST", "/api/v1/services/" + std::to_string(id) + "/suspend", {{"reason", "確認中"}});
  ASSERT_EQ(suspended->status, 200) << suspended->body;
  const auto back = Until([&] { return Total(A(), "status=suspended&q=%E4%BA%8C%E6%8B%A0%E7%82%B9") == 1; });
  EXPECT_EQ(Total(A(), "status=suspended&q=%E4%BA%8C%E6%8B%A0%E7%82%B9"), 1);
  EXPECT_LT(back, std::chrono::milliseconds(1000));
}

TEST_F(MultiInstance, ASessionStartedOnOneWorksOnTheOtherWithItsCsrfToken) {
  auto login_page = Client(A()).Get("/login");
  ASSERT_EQ(login_page->status, 200);
  std::string pre;
  for (const auto& [k, v] : login_page->headers) {
    if (k == "Set-Cookie" && v.starts_with("proven_csrf=")) pre = v.substr(12, v.find(';') - 12);
  }
  ASSERT_FALSE(pre.empty());
  // The form from A is posted to B: the pre-session token is a cookie, not per-instance state.
  auto signed_in = Client(B()).Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                                    httplib::Params{{"email", "a@example.jp"}, {"password", testing::kTestPassword},
                                                    {"csrf", pre}});
  ASSERT_EQ(signed_in->status, 303) << signed_in->body.substr(0, 300);
  std::string sid;
  for (const auto& [k, v] : signed_in->headers) {
    if (k == "Set-Cookie" && v.starts_with("proven_session=")) sid = v.substr(15, v.find(';') - 15);
  }
  ASSERT_FALSE(sid.empty());
  const httplib::Headers cookie{{"Cookie", "proven_session=" + sid}};
  auto me = Client(A()).Get("/api/v1/me", cookie);
  ASSERT_EQ(me->status, 200) << "the session made on B is known to A";
  const std::string csrf = json::parse(me->body)["csrf_token"].get<std::string>();
  // A state-changing form on B with the CSRF token A handed out.
  auto out = Client(B()).Post("/logout", cookie, httplib::Params{{"csrf", csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(Client(A()).Get("/api/v1/me", cookie)->status, 401) << "signed out on B is signed out on A";
}

TEST_F(MultiInstance, FailedSignInsOnOneThrottleTheOther) {
  auto attempt = [&](ServerProcess& s) {
    auto page = Client(s).Get("/login");
    std::string pre;
    for (const auto& [k, v] : page->headers) {
      if (k == "Set-Cookie" && v.starts_with("proven_csrf=")) pre = v.substr(12, v.find(';') - 12);
    }
    auto r = Client(s).Post("/login", httplib::Headers{{"Cookie", "proven_csrf=" + pre}},
                            httplib::Params{{"email", "admin@example.jp"}, {"password", "not the password"}, {"csrf", pre}});
    return r ? r->status : 0;
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(attempt(i % 2 ? B() : A()), 401) << "attempt " << i;
  // Five failures spread over both (3 on A, 2 on B): neither instance alone has reached five,
  // yet the address waits. The wait is 1 s after the fifth failure and doubles with each further
  // one, so on a slow machine one more attempt may still be checked (and counted) first.
  int first_wait = -1;
  for (int i = 5; i < 8 && first_wait < 0; ++i) {
    const int status = attempt(i % 2 ? B() : A());
    if (status == 429) first_wait = i;
    else ASSERT_EQ(status, 401);
  }
  // Counted per instance, no instance would have reached five failures by the eighth attempt.
  EXPECT_GE(first_wait, 5) << "an address that failed five times on the two instances waits on both";
}

TEST_F(MultiInstance, ConcurrentWritesThroughBothKeepOneAuditChain) {
  // The services of 審査機構A that may be suspended (valid ones: an expired registration is not
  // suspended), one per writer.
  auto list = json::parse(Client(A()).Get("/api/v1/services?status=all&per_page=100")->body);
  std::vector<std::int64_t> ids;
  for (const auto& item : list["items"]) {
    const bool valid = item["status"] == "valid" || item["status"] == "expiring_soon";
    if (item["registrar"] == "審査機構A" && valid) ids.push_back(item["id"].get<std::int64_t>());
  }
  ASSERT_GE(ids.size(), 2u);
  const auto before = RunProven({"audit", "verify", "--db", env_->db});
  ASSERT_EQ(before.exit_code, 0) << before.err;

  constexpr int kRounds = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (std::size_t w = 0; w < ids.size() && w < 4; ++w) {
    writers.emplace_back([&, w] {
      const std::string base = "/api/v1/services/" + std::to_string(ids[w]);
      for (int i = 0; i < kRounds; ++i) {
        // Each writer alternates instances: both instances append to the chain at once.
        auto s = Call((i + static_cast<int>(w)) % 2 ? B() : A(), "POST", base + "/suspend", {{"reason", "点検"}});
        auto r = Call((i + static_cast<int>(w)) % 2 ? A() : B(), "POST", base + "/resume");
        if (!s || s->status != 200 || !r || r->status != 200) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0) << "no write fails with a conflict or a 5xx";
  const auto after = RunProven({"audit", "verify", "--db", env_->db});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("audit log intact"), std::string::npos) << after.out;
}

// The transparency log is one log for both instances: each sees the other's leaves, a change
// through either is in a signed checkpoint within 2 s, both serve the same checkpoint once idle
// (the same key, deterministic signatures), and the entries served hash to its root.
TEST_F(MultiInstance, BothInstancesServeOneSignedLog) {
  auto key_text = Client(A()).Get("/.well-known/proven-log-key");
  ASSERT_TRUE(key_text);
  ASSERT_EQ(key_text->status, 200) << key_text->body;
  auto key = tlog::ParseVerifierKey(key_text->body);
  ASSERT_TRUE(key) << key.error().message;
  ASSERT_EQ(Client(B()).Get("/.well-known/proven-log-key")->body, key_text->body) << "one key for both";
  auto checkpoint = [&](ServerProcess& s) -> std::optional<tlog::Checkpoint> {
    auto r = Client(s).Get("/api/v1/log/checkpoint");
    if (!r || r->status != 200) return std::nullopt;
    auto c = tlog::OpenCheckpoint(r->body, *key);
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::optional<tlog::Checkpoint>(*c) : std::nullopt;
  };
  Until([&] { return checkpoint(A()).has_value(); });
  const auto before = checkpoint(A());
  ASSERT_TRUE(before);

  const json service = {{"name", "二拠点ログ検証サービス"}, {"provider", "分散株式会社"}, {"address", "大阪府大阪市北区1-1"},
                        {"overview", "二つの拠点で記録します。"}, {"industries", {"全業種"}}, {"regions", {"近畿"}},
                        {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"}, {"type", "monitoring"},
                        {"url", "https://bunsan.example/"}};
  auto created = Call(A(), "POST", "/api/v1/services", service);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto id = json::parse(created->body)["id"].get<std::int64_t>();
  auto renewed = Call(B(), "POST", "/api/v1/services/" + std::to_string(id) + "/renew", {{"expires_on", "2030-10-31"}});
  ASSERT_EQ(renewed->status, 200) << renewed->body;
  const auto renewed_at = std::chrono::steady_clock::now();
  // The renewal's leaf (audit heads may come between the two changes' leaves).
  std::optional<std::uint64_t> renewal;
  Until([&] {
    auto page = Client(A()).Get(("/api/v1/log/entries?start=" + std::to_string(before->size) + "&end=" +
                                 std::to_string(before->size + 1000)).c_str());
    if (!page || page->status != 200) return false;
    auto parsed = tlog::ParseEntries(page->body, before->size);
    if (!parsed) return false;
    for (std::size_t i = 0; i < parsed->size(); ++i) {
      auto leaf = tlog::ParseLeaf((*parsed)[i]);
      if (leaf && leaf->id == id && leaf->kind == "service.renewed") renewal = before->size + i;
    }
    return renewal.has_value();
  });
  ASSERT_TRUE(renewal) << "the renewal through B is a leaf A serves";
  Until([&] {
    auto a = checkpoint(A());
    auto b = checkpoint(B());
    return a && b && a->size > *renewal && b->size > *renewal;
  });
  const auto signed_in = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - renewed_at);
  EXPECT_LT(signed_in, std::chrono::milliseconds(2000)) << "the change in a signed checkpoint on both within 2 s";
  // Once idle, both serve the same checkpoint.
  Until([&] {
    auto a = Client(A()).Get("/api/v1/log/checkpoint");
    auto b = Client(B()).Get("/api/v1/log/checkpoint");
    return a && b && a->body == b->body;
  });
  const auto latest = checkpoint(B());
  ASSERT_TRUE(latest);
  EXPECT_EQ(Client(A()).Get("/api/v1/log/checkpoint")->body, Client(B()).Get("/api/v1/log/checkpoint")->body);

  // Every entry, read from the instance that did not register the service, hashes to the root.
  std::vector<std::string> leaves;
  for (std::uint64_t start = 0; start < latest->size; start += 1000) {
    auto page = Client(B()).Get(("/api/v1/log/entries?start=" + std::to_string(start) + "&end=" +
                                 std::to_string(std::min<std::uint64_t>(start + 1000, latest->size)))
                                    .c_str());
    ASSERT_EQ(page->status, 200) << page->body;
    auto parsed = tlog::ParseEntries(page->body, start);
    ASSERT_TRUE(parsed) << parsed.error().message;
    leaves.insert(leaves.end(), parsed->begin(), parsed->end());
  }
  auto checked = tlog::VerifyEntries(leaves, *latest);
  ASSERT_TRUE(checked) << checked.error().message;
  std::vector<std::string> kinds;
  for (const auto& text : leaves) {
    auto leaf = tlog::ParseLeaf(text);
    ASSERT_TRUE(leaf);
    if (leaf->id == id && leaf->kind.starts_with("service.")) kinds.push_back(leaf->kind);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"service.registered", "service.renewed"}));
}

// The database goes away and comes back: connections the server closed are replaced without a
// failed request, an outage answers 503 with Retry-After (never 500), and the instances recover
// (and keep following each other's changes) once it is back.
TEST_F(MultiInstance, ALostDatabaseAnswers503AndTheInstancesRecover) {
  const std::string dbname = env_->db.substr(env_->db.rfind('/') + 1);
  auto admin = store::Connection::Open(testing::PostgresServerUrl() + "/postgres", false);
  ASSERT_TRUE(admin) << admin.error().detail;
  // Ends every backend of the database and waits until they are gone (pg_terminate_backend only
  // signals them): each has then sent its goodbye to the instance that held it.
  auto terminate = [&] {
    auto ended = (*admin)->Prepare("SELECT string_agg(pid::text, ',') FROM (SELECT pid, pg_terminate_backend(pid) "
                                   "FROM pg_stat_activity WHERE datname = '" + dbname + "') t");
    ASSERT_TRUE(ended);
    ASSERT_TRUE(ended->Step());
    const std::string pids = ended->Text(0);
    if (pids.empty()) return;
    const auto gone = Until([&] {
      auto left = (*admin)->Prepare("SELECT COUNT(*) FROM pg_stat_activity WHERE pid IN (" + pids + ")");
      auto row = left->Step();
      return row && *row && left->Int(0) == 0;
    });
    ASSERT_LT(gone, std::chrono::milliseconds(5000));
  };

  auto list = json::parse(Client(A()).Get("/api/v1/services?status=valid&per_page=100")->body);
  std::int64_t id = -1;
  for (const auto& item : list["items"]) {
    if (item["registrar"] == "審査機構A") id = item["id"].get<std::int64_t>();
  }
  ASSERT_GT(id, 0);
  const std::string base = "/api/v1/services/" + std::to_string(id);

  // 1. Every connection of both instances is cut (a failover, a restart): the next writes succeed.
  terminate();
  auto s = Call(A(), "POST", base + "/suspend", {{"reason", "接続断の後"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, 200) << s->body;
  const auto seen = Until([&] {
    auto r = Client(B()).Get(("/api/v1/services/" + std::to_string(id)).c_str());
    return r && r->status == 200 && json::parse(r->body)["status"] == "suspended";
  });
  EXPECT_LT(seen, std::chrono::milliseconds(2500)) << "B's listener reconnected and B follows again";

  // 2. The database refuses connections: writes and /healthz answer 503 with Retry-After.
  ASSERT_TRUE((*admin)->Exec("ALTER DATABASE " + dbname + " ALLOW_CONNECTIONS false"));
  terminate();
  auto down = Call(B(), "POST", base + "/resume");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503) << down->body;
  EXPECT_FALSE(down->get_header_value("Retry-After").empty());
  auto health = Client(A()).Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(Client(A()).Get("/api/v1/services?q=SOC2")->status, 200) << "search is answered from memory meanwhile";
  // What needs the database says 503 with Retry-After, as JSON or as a page, never 500.
  for (const std::string& path : {base + "/history", std::string("/feeds/services.atom"),
                                 "/services/" + std::to_string(id)}) {
    auto r = Client(A()).Get(path.c_str());
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 503) << path << ": " << r->body.substr(0, 200);
    EXPECT_FALSE(r->get_header_value("Retry-After").empty()) << path;
  }

  // 3. It is back.
  ASSERT_TRUE((*admin)->Exec("ALTER DATABASE " + dbname + " ALLOW_CONNECTIONS true"));
  auto up = Call(B(), "POST", base + "/resume");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 200) << up->body;
  EXPECT_EQ(Client(A()).Get("/healthz")->status, 200);
  EXPECT_TRUE(A().Running() && B().Running());
}

}  // namespace
}  // namespace proven
