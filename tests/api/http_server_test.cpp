// The HTTP layer under hostile clients: slow heads and bodies (slowloris), too many connections
// from one address, malformed and oversized requests. Every test drives the real binary.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

namespace proven {
namespace {

using namespace std::chrono_literals;
using testing::RawConnection;
using testing::RunProven;
using testing::ServerProcess;
using testing::TempDir;

class HttpServer : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> args = {}) {
    database_ = std::make_unique<testing::TestDatabase>(dir_, "p.db");
    db_ = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db_}).exit_code, 0);
    server_ = std::make_unique<ServerProcess>(db_, std::move(args));
  }
  // /healthz answers 200 within `within`.
  bool Healthy(std::chrono::milliseconds within = 1000ms) {
    httplib::Client c(server_->host(), server_->port());
    c.set_connection_timeout(within);
    c.set_read_timeout(within);
    auto r = c.Get("/healthz");
    return r && r->status == 200;
  }
  std::string Exchange(const std::string& bytes, const std::string& from = "127.0.0.1") {
    RawConnection conn(server_->port(), from);
    EXPECT_TRUE(conn.connected());
    conn.Send(bytes);
    return conn.Read(3000ms);
  }
  TempDir dir_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

// 500 clients that each trickle a header line every 400 ms hold no thread: the site keeps
// answering, at once, all the while.
TEST_F(HttpServer, KeepsAnsweringWithFiveHundredSlowClientsOpen) {
  Start();
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 500; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server_->port()));
    ASSERT_TRUE(slow.back()->connected()) << i;
    ASSERT_TRUE(slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  }
  for (int round = 0; round < 6; ++round) {
    for (auto& c : slow) c->Send("X-Slow: " + std::to_string(round) + "\r\n");
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(Healthy(1000ms)) << "round " << round;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1000ms) << "round " << round;
    std::this_thread::sleep_for(400ms);
  }
  EXPECT_TRUE(server_->Running());
}

// The whole head has one deadline: sending a byte now and then does not extend it.
TEST_F(HttpServer, ClosesAClientThatTricklesItsHeadPastTheDeadline) {
  Start({"--request-timeout", "1"});
  RawConnection conn(server_->port());
  ASSERT_TRUE(conn.Send("GET /healthz HTTP/1.1\r\n"));
  const auto t0 = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    conn.Send("X-A: b\r\n");
    closed = conn.ClosedByPeer(200ms);
  }
  EXPECT_TRUE(closed) << "the server kept a trickling client for 4 s";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2500ms);
  EXPECT_TRUE(Healthy());
}

TEST_F(HttpServer, ClosesABodyThatArrivesTooSlowly) {
  Start({"--request-timeout", "1"});
  RawConnection conn(server_->port());
  // 1 MB announced at 64 KiB/s minimum: about 16 s plus the base 10 s allowed; send nothing.
  ASSERT_TRUE(conn.Send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 10\r\n\r\nab"));
  // 10 bytes: the deadline is the 10 s base; the server must close by then, not wait forever.
  EXPECT_TRUE(conn.ClosedByPeer(15000ms));
  EXPECT_TRUE(Healthy());
}

// One address cannot take every connection: past its share new ones are closed at once, and
// other addresses are served.
TEST_F(HttpServer, LimitsConnectionsPerClientAddress) {
  Start({"--max-connections-per-client", "20"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 20; ++i) {
    held.push_back(std::make_unique<RawConnection>(server_->port(), "127.0.0.2"));
    ASSERT_TRUE(held.back()->connected());
    held.back()->Send("GET /healthz HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(200ms);  // let the server count them
  RawConnection extra(server_->port(), "127.0.0.2");
  ASSERT_TRUE(extra.connected());  // the kernel accepts; the server closes it
  EXPECT_TRUE(extra.ClosedByPeer(2000ms));
  EXPECT_TRUE(Healthy()) << "another address is still served";
  held.clear();
  std::this_thread::sleep_for(200ms);
  const std::string again = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "127.0.0.2");
  EXPECT_NE(again.find("200 OK"), std::string::npos) << "freed connections count again: " << again;
}

// Password hashing (Argon2id, 64 MiB each, two at a time) runs on the worker threads: a burst of
// sign-ins from many addresses does not hold the event loop, so other pages answer at once.
TEST_F(HttpServer, ABurstOfSignInsDoesNotStallOtherRequests) {
  Start();
  const std::string csrf(43, 'c');
  std::vector<std::unique_ptr<RawConnection>> burst;
  for (int i = 0; i < 40; ++i) {
    // Forty accounts from forty addresses, so that throttling does not cut the burst short.
    const std::string body = "csrf=" + csrf + "&email=nobody" + std::to_string(i) + "%40example.jp&password=wrong+password";
    const std::string request = "POST /login HTTP/1.1\r\nHost: x\r\nCookie: proven_csrf=" + csrf +
                                "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    burst.push_back(std::make_unique<RawConnection>(server_->port(), "127.0.1." + std::to_string(10 + i)));
    ASSERT_TRUE(burst.back()->Send(request));
  }
  std::this_thread::sleep_for(50ms);  // the burst is being hashed now
  for (int i = 0; i < 5; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(Healthy(2000ms));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 300ms) << "probe " << i << " waited behind the hashing";
  }
  int answered = 0;
  for (auto& c : burst) {
    const std::string r = c->Read(20000ms);
    if (r.starts_with("HTTP/1.1 401") || r.starts_with("HTTP/1.1 429") || r.starts_with("HTTP/1.1 503")) ++answered;
  }
  EXPECT_EQ(answered, 40) << "every sign-in got an answer (refused, throttled, or busy)";
}

TEST_F(HttpServer, RefusesRequestsThatBypassLimitsWithTheRightStatus) {
  Start();
  auto status = [](const std::string& response) { return response.substr(0, 12); };
  EXPECT_EQ(status(Exchange("POST /api/v1/services HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
            "HTTP/1.1 411");
  EXPECT_EQ(status(Exchange("POST /api/v1/services HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            "Content-Length: 5\r\n\r\n0\r\n\r\n")),
            "HTTP/1.1 400")
      << "both lengths: a request-smuggling shape";
  EXPECT_EQ(status(Exchange("POST /api/v1/services HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n")),
            "HTTP/1.1 413");
  EXPECT_EQ(status(Exchange("POST /api/v1/services HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                            "Content-Length: 2\r\n\r\n{}")),
            "HTTP/1.1 415");
  EXPECT_EQ(status(Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n")),
            "HTTP/1.1 431");
  EXPECT_EQ(status(Exchange("GET /" + std::string(3000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n")), "HTTP/1.1 414");
  EXPECT_EQ(status(Exchange("\x01\x02 garbage\r\n\r\n")), "HTTP/1.1 400");
  const std::string json_error = Exchange("POST /api/v1/services HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n");
  EXPECT_NE(json_error.find("\"code\":\"resource_exhausted\""), std::string::npos) << json_error;
  EXPECT_NE(json_error.find("Content-Security-Policy"), std::string::npos) << "security headers on refusals too";
  EXPECT_TRUE(server_->Running());
  EXPECT_TRUE(Healthy());
}

TEST_F(HttpServer, AnswersHeadMethodNotAllowedAndKeepAlive) {
  Start();
  const std::string head = Exchange("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.substr(0, 12), "HTTP/1.1 200");
  EXPECT_EQ(head.find("\"status\""), std::string::npos) << "no body for HEAD: " << head;
  const std::string wrong = Exchange("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(wrong.substr(0, 12), "HTTP/1.1 405");
  EXPECT_NE(wrong.find("Allow: GET"), std::string::npos) << wrong;
  // Two requests on one connection, the second pipelined behind the first.
  const std::string two = Exchange(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(two.find("HTTP/1.1 200"), 0u);
  EXPECT_NE(two.find("HTTP/1.1 200", 10), std::string::npos) << two;
}

}  // namespace
}  // namespace proven
