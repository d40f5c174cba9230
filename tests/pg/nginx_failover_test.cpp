// The deployment in deploy/: nginx (Debian's nginx-light, run unprivileged-style from a temp dir
// with its own configuration) in front of two `proven serve` instances on one PostgreSQL database.
// One instance is killed (SIGKILL) in the middle of a read load through nginx; every GET still
// gets its 200, because deploy/nginx/proven.conf passes idempotent requests that fail on an
// instance to the other one. The nginx configuration under test is deploy/nginx/proven.conf
// itself, with only its ports and log paths replaced. Runs only against the test cluster (label pg).
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

#include "pg/child_process.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using testing::ChildProcess;
using testing::ServerProcess;

// Replaces the one occurrence of `from` in `text`; fails the test when there is none, so that a
// change to the shipped configuration cannot silently make this test check something else.
void ReplaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << "deploy/nginx/proven.conf no longer contains: " << from;
  text.replace(pos, from.size(), to);
}

// nginx from a temp dir: its pid file, logs and temp paths are all inside `dir`.
class Nginx {
 public:
  Nginx(const std::filesystem::path& dir, int upstream_a, int upstream_b) : dir_(dir) {
    std::string site = testing::ReadFile(testing::SourcePath("deploy/nginx/proven.conf"));
    ReplaceOnce(site, "server 127.0.0.1:8081 ", "server 127.0.0.1:" + std::to_string(upstream_a) + " ");
    ReplaceOnce(site, "server 127.0.0.1:8082 ", "server 127.0.0.1:" + std::to_string(upstream_b) + " ");
    ReplaceOnce(site, "access_log /var/log/nginx/proven.access.log;", "access_log " + (dir / "access.log").string() + " upstreams;");
    ReplaceOnce(site, "error_log /var/log/nginx/proven.error.log", "error_log " + (dir / "error.log").string());
    site_ = site;
  }

  // Starts nginx on a free loopback port; false when it did not come up (the port was taken).
  bool Start() {
    port_ = testing::FreeLoopbackPort();
    std::string site = site_;
    ReplaceOnce(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";");
    testing::WriteFile(dir_ / "proven.conf", site);
    const std::string d = dir_.string();
    std::ostringstream conf;
    // As root, nginx would switch its workers to `nobody`, who cannot use the temp dir.
    if (geteuid() == 0) conf << "user root;\n";
    conf << "daemon off;\nworker_processes 1;\npid " << d << "/nginx.pid;\nerror_log " << d << "/error.log;\n"
         << "events { worker_connections 1024; }\n"
         << "http {\n"
         << "  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d << "/proxy;\n"
         << "  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n"
         << "  scgi_temp_path " << d << "/scgi;\n"
         << "  log_format upstreams '$status $request_method $upstream_addr $upstream_status';\n"
         << "  include " << d << "/proven.conf;\n}\n";
    testing::WriteFile(dir_ / "nginx.conf", conf.str());
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{PROVEN_NGINX, "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"},
        dir_ / "nginx.out");
    // Up when it accepts a connection; gone when the process ended (a failed bind).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!process_->Running()) return false;
      if (testing::RawConnection(port_).connected()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  // SIGQUIT: finish the requests in progress, flush the logs, exit.
  int Stop() { return process_ ? process_->Stop(SIGQUIT) : -1; }
  int port() const { return port_; }
  std::string Log(const std::string& name) const { return testing::ReadFile(dir_ / name); }

 private:
  std::filesystem::path dir_;
  std::string site_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

TEST(NginxFailover, KillingOneInstanceUnderReadLoadFailsNoGet) {
  ASSERT_TRUE(testing::TestingOnPostgres()) << "run through ctest (label pg): PROVEN_TEST_PG is not set";
  if (std::string(PROVEN_NGINX).empty()) GTEST_SKIP() << "nginx is not installed (apt install nginx-light)";
  testing::SeededServer env({});
  ServerProcess& a = *env.server;
  ServerProcess b(env.db, {"--today", "2026-11-28"});
  testing::TempDir nginx_dir;
  Nginx nginx(nginx_dir.path(), a.port(), b.port());
  bool started = false;
  for (int attempt = 0; attempt < 3 && !started; ++attempt) started = nginx.Start();
  ASSERT_TRUE(started) << nginx.Log("error.log") << nginx.Log("nginx.out");

  // Searches, a service, the home page and the health check: what a visitor's browser sends.
  const std::vector<std::string> paths = {
      "/api/v1/services?q=%E5%88%B6%E5%BE%A1",  // 制御
      "/api/v1/services?status=all&per_page=50",
      "/api/v1/services?type=penetration_test",
      "/api/v1/stats",
      "/",
      "/services?q=IoT",
      "/healthz",
  };
  constexpr int kThreads = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> health_ok{0};  // not in nginx's access log (`access_log off` for /healthz)
  std::atomic<int> failed{0};
  std::mutex mu;
  std::string first_failure;
  std::vector<std::thread> readers;
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", nginx.port());
      client.set_keep_alive(true);
      client.set_connection_timeout(5, 0);
      client.set_read_timeout(10, 0);
      for (std::size_t i = static_cast<std::size_t>(t); !stop.load(); ++i) {
        const std::string& path = paths[i % paths.size()];
        auto r = client.Get(path.c_str());
        if (r && r->status == 200) {
          ++ok;
          if (path == "/healthz") ++health_ok;
          continue;
        }
        ++failed;
        std::lock_guard lock(mu);
        if (first_failure.empty()) {
          first_failure = path + ": " + (r ? std::to_string(r->status) + " " + r->body.substr(0, 200)
                                           : "no response (" + httplib::to_string(r.error()) + ")");
        }
      }
    });
  }
  // The scenario's timing: a second of load on both, the crash, two more seconds on one.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int before_kill = ok.load();
  a.Kill();
  const int at_kill = ok.load();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  for (auto& r : readers) r.join();
  ASSERT_EQ(nginx.Stop(), 0);

  EXPECT_EQ(failed.load(), 0) << "first failure: " << first_failure;
  EXPECT_GT(before_kill, 50) << "the load ran through nginx before the crash";
  EXPECT_GT(ok.load() - at_kill, 50) << "and after it, on the remaining instance";
  EXPECT_TRUE(b.Running());

  // nginx's own account: both instances served before the crash, and requests met the dead
  // instance (in flight when it died, or sent to it before nginx took it out) and were passed on.
  // The access log shows a passed-on request as "A, B" with statuses "502, 200"; /healthz is not
  // in it, so the error log, which names the upstream of each failure, is counted too.
  const std::string a_addr = "127.0.0.1:" + std::to_string(a.port());
  const std::string b_addr = "127.0.0.1:" + std::to_string(b.port());
  int by_a = 0, by_b = 0, passed_on = 0, lines = 0;
  std::istringstream log(nginx.Log("access.log"));
  for (std::string line; std::getline(log, line);) {
    ++lines;
    EXPECT_TRUE(line.starts_with("200 GET ")) << line;
    const bool to_a = line.find(a_addr) != std::string::npos;
    const bool to_b = line.find(b_addr) != std::string::npos;
    if (to_a && to_b) {
      ++passed_on;
    } else if (to_a) {
      ++by_a;
    } else if (to_b) {
      ++by_b;
    }
  }
  int met_dead = 0;
  std::istringstream errors(nginx.Log("error.log"));
  for (std::string line; std::getline(errors, line);) {
    if (line.find("[error]") != std::string::npos && line.find("upstream: \"http://" + a_addr) != std::string::npos) {
      ++met_dead;
    }
  }
  EXPECT_EQ(lines, ok.load() - health_ok.load()) << "every request the clients saw is in nginx's log";
  EXPECT_GT(by_a, 0) << "the instance that was killed served its share first";
  EXPECT_GT(by_b, 0);
  EXPECT_GE(met_dead, 1) << "at least one request met the dead instance (and, as none failed, was passed on)\n"
                         << nginx.Log("error.log");
  RecordProperty("requests", ok.load());
  RecordProperty("met_dead_instance", met_dead);
  std::printf("%d GETs through nginx, %d before the kill; %d met the killed instance and were passed on (%d of them "
              "in the access log)\n",
              ok.load(), before_kill, met_dead, passed_on);
}

}  // namespace
}  // namespace proven
