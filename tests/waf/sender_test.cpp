// The sender on its own (src/waf/sender.hpp) against small scripted servers: a server that closes
// every kept-alive connection after one answer without saying so (the stale connection is retried
// once on a fresh one, never a verdict), dedicated connections, a response arriving before the
// request was fully written, and responses cut off or garbled.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "waf/sender.hpp"

namespace proven::waf {
namespace {

// A blocking loopback server: each accepted connection is handed to `serve` on its own thread.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::function<void(int fd)> serve) : serve_(std::move(serve)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 64);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (true) {
        const int c = accept(fd_, nullptr, nullptr);
        if (c < 0 || stop_) {
          if (c >= 0) close(c);
          return;
        }
        ++accepted_;
        workers_.emplace_back([this, c] {
          serve_(c);
          close(c);
        });
      }
    });
  }
  ~ScriptedServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
    for (auto& w : workers_) w.join();
  }
  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  std::function<void(int)> serve_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

// Reads until the end of a request head (no bodies in these tests).
bool ReadHead(int fd) {
  std::string got;
  char c;
  while (got.find("\r\n\r\n") == std::string::npos) {
    if (read(fd, &c, 1) != 1) return false;
    got += c;
  }
  return true;
}

void WriteAll(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const auto n = write(fd, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

const std::string kRequest = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

std::vector<Exchange> SendAll(int port, const std::vector<Outgoing>& items, SendStats* stats = nullptr, int connections = 1) {
  SenderOptions o;
  o.host = "127.0.0.1";
  o.port = std::to_string(port);
  o.connections = connections;
  o.timeout_ms = 3000;
  std::vector<Exchange> out(items.size());
  auto r = Send(o, items, [&](std::size_t i, Exchange&& e) { out[i] = std::move(e); });
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  if (stats != nullptr && r) *stats = *r;
  return out;
}

TEST(WafSender, StaleKeptAliveConnectionIsRetriedOnceNotJudged) {
  // Answers one request per connection, then closes it without "Connection: close".
  ScriptedServer server([](int fd) {
    if (ReadHead(fd)) WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    // give the client time to see the answer and reuse the connection
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  std::vector<Outgoing> items(5, Outgoing{kRequest, false, false});
  SendStats stats;
  const auto got = SendAll(server.port(), items, &stats);
  for (const auto& e : got) {
    EXPECT_EQ(e.transport, Transport::kResponse) << e.error;
    EXPECT_EQ(e.status, 200);
  }
  EXPECT_EQ(stats.stale_retries, 4u);
  EXPECT_EQ(server.accepted(), 5);
}

TEST(WafSender, KeepAliveReusesOneConnectionAndDedicatedRequestsGetTheirOwn) {
  ScriptedServer server([](int fd) {
    while (ReadHead(fd)) WriteAll(fd, "HTTP/1.1 204 No Content\r\n\r\n");
  });
  std::vector<Outgoing> items(6, Outgoing{kRequest, false, false});
  items[2].dedicated = true;
  items[4].dedicated = true;
  SendStats stats;
  const auto got = SendAll(server.port(), items, &stats);
  for (const auto& e : got) EXPECT_EQ(e.status, 204);
  // One connection for 0-1, a fresh one for 2 (closed after), one for 3, one for 4, one for 5.
  EXPECT_EQ(server.accepted(), 5);
  EXPECT_EQ(stats.connects, 5u);
  EXPECT_TRUE(got[1].reused_connection);
  EXPECT_FALSE(got[2].reused_connection);
}

TEST(WafSender, EarlyAnswerBeforeTheBodyIsWrittenIsAResponse) {
  // Refuses after the head, never reading the 4 MiB body, and closes.
  ScriptedServer server([](int fd) {
    if (ReadHead(fd)) WriteAll(fd, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    shutdown(fd, SHUT_WR);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  const std::string big = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n" + std::string(4194304, 'a');
  const auto got = SendAll(server.port(), {Outgoing{big, false, false}});
  EXPECT_EQ(got[0].transport, Transport::kResponse) << got[0].error;
  EXPECT_EQ(got[0].status, 413);
}

TEST(WafSender, CutOffAndGarbledResponses) {
  ScriptedServer cut_head([](int fd) {
    if (ReadHead(fd)) WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Le");
  });
  ScriptedServer garbage([](int fd) {
    if (ReadHead(fd)) WriteAll(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  });
  ScriptedServer cut_body([](int fd) {
    if (ReadHead(fd)) WriteAll(fd, "HTTP/1.1 403 Forbidden\r\nContent-Length: 100\r\n\r\nshort");
  });
  ScriptedServer silent_close([](int fd) { ReadHead(fd); });
  EXPECT_EQ(SendAll(cut_head.port(), {Outgoing{kRequest, false, false}})[0].transport, Transport::kMalformed);
  EXPECT_EQ(SendAll(garbage.port(), {Outgoing{kRequest, false, false}})[0].transport, Transport::kMalformed);
  const auto body = SendAll(cut_body.port(), {Outgoing{kRequest, false, false}})[0];
  EXPECT_EQ(body.transport, Transport::kMalformed);
  EXPECT_EQ(body.status, 403);  // the head was complete: its status is kept
  EXPECT_EQ(SendAll(silent_close.port(), {Outgoing{kRequest, false, false}})[0].transport, Transport::kEof);
}

TEST(WafSender, AnExchangeWithItsOwnDeadlineEndsByItWhileOthersGetTheirAnswer) {
  // A server that never answers a request naming /wait (like nginx waiting for a body shorter
  // than its Content-Length) and answers the others at once.
  ScriptedServer server([](int fd) {
    std::string got;
    char c;
    while (got.find("\r\n\r\n") == std::string::npos && read(fd, &c, 1) == 1) got += c;
    if (got.rfind("GET /wait", 0) == 0) {
      while (read(fd, &c, 1) == 1) {
      }
      return;
    }
    WriteAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  const std::string wait = "GET /wait HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto t0 = std::chrono::steady_clock::now();
  const auto got = SendAll(server.port(), {Outgoing{wait, true, false, 300}, Outgoing{kRequest, true, false}}, nullptr, 2);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(got[0].transport, Transport::kTimeout);
  EXPECT_EQ(got[1].status, 200);
  EXPECT_LT(ms, 2500);  // the options' deadline is 3000 ms; the item's own is 300 ms
}

}  // namespace
}  // namespace proven::waf
