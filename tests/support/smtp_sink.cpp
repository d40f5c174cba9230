#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

extern char** environ;

namespace proven::testing {

namespace {
constexpr const char* kPython = "/usr/bin/python3";

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

int FreeTcpPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(a.sin_port);
}

bool SmtpSink::Available() {
  if (access(kPython, X_OK) != 0) return false;
  pid_t pid = -1;
  const char* argv[] = {kPython, "-c", "import aiosmtpd", nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const int rc = posix_spawn(&pid, kPython, &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

SmtpSink::SmtpSink(std::filesystem::path dir, int port) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  const std::string script = std::string(PROVEN_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  const std::string dir_arg = dir_.string(), port_arg = std::to_string(port);
  const char* argv[] = {kPython, script.c_str(), dir_arg.c_str(), port_arg.c_str(), nullptr};
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, out[1]);
  if (posix_spawn(&pid_, kPython, &fa, nullptr, const_cast<char**>(argv), environ) != 0) {
    throw std::runtime_error("could not start the SMTP sink");
  }
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 500) <= 0) continue;
    char c[128];
    const ssize_t n = read(out[0], c, sizeof c);
    if (n <= 0) break;
    line.append(c, static_cast<std::size_t>(n));
  }
  close(out[0]);
  const auto pos = line.find("listening on ");
  if (pos == std::string::npos) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("the SMTP sink did not start: " + line);
  }
  port_ = std::stoi(line.substr(pos + 13));
}

SmtpSink::~SmtpSink() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

std::vector<SmtpSink::Received> SmtpSink::WaitFor(std::size_t n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::vector<Received> out;
    for (std::size_t i = 1;; ++i) {
      const auto json_path = dir_ / (std::to_string(i) + ".json");
      if (!std::filesystem::exists(json_path)) break;
      const auto j = nlohmann::json::parse(Slurp(json_path));
      Received r;
      r.mail_from = j["mail_from"].get<std::string>();
      r.rcpt_tos = j["rcpt_tos"].get<std::vector<std::string>>();
      r.headers = j["headers"].get<std::map<std::string, std::string>>();
      r.defects = j["defects"].get<std::vector<std::string>>();
      r.body = j["body"].get<std::string>();
      r.raw = Slurp(dir_ / (std::to_string(i) + ".eml"));
      out.push_back(std::move(r));
    }
    if (out.size() >= n || std::chrono::steady_clock::now() >= deadline) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace proven::testing
