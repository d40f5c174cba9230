#include "support/test_support.hpp"

#include <algorithm>

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;

namespace proven::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "proven-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

namespace {

void AppendUtf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string DecodeEntities(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '&') {
      out.push_back(html[i]);
      continue;
    }
    const auto semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    const std::string_view name = html.substr(i + 1, semi - i - 1);
    if (name.starts_with("#")) {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      try {
        AppendUtf8(out, std::stoul(std::string(name.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10));
      } catch (const std::exception&) {
        out.push_back('&');
        continue;
      }
    } else if (name == "amp") {
      out.push_back('&');
    } else if (name == "lt") {
      out.push_back('<');
    } else if (name == "gt") {
      out.push_back('>');
    } else if (name == "quot") {
      out.push_back('"');
    } else if (name == "apos") {
      out.push_back('\'');
    } else if (name == "nbsp") {
      out.push_back(' ');
    } else {
      out.push_back('&');
      continue;
    }
    i = semi;
  }
  return out;
}

std::string TextOf(std::string_view html) {
  std::string raw;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] != '<') {
      raw.push_back(html[i++]);
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const auto end = html.find("-->", i);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t name_end = i + 1;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    std::string name(html.substr(i + 1, name_end - i - 1));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto close = html.find('>', i);
    if (close == std::string_view::npos) close = html.size() - 1;
    i = close + 1;
    raw.push_back(' ');
    if (name == "script" || name == "style") {
      const auto end = html.find("</" + name, i);
      i = end == std::string_view::npos ? html.size() : html.find('>', end) + 1;
    }
  }
  const std::string decoded = DecodeEntities(raw);
  std::string out;
  for (char c : decoded) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void WriteFile(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string SourcePath(const std::string& relative) { return std::string(PROVEN_SOURCE_DIR) + "/" + relative; }

bool ProgramInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (dir.empty()) continue;
    std::error_code ec;
    const std::filesystem::path candidate = std::filesystem::path(dir) / program;
    if (std::filesystem::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

std::string DrainFd(int fd) {
  std::string out;
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t n = read(fd, buf.data(), buf.size());
    if (n <= 0) break;
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

CommandResult RunProven(const std::vector<std::string>& args, const std::string& input) {
  std::vector<std::string> full{PROVEN_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  return RunCommand(full, input);
}

CommandResult RunCommand(const std::vector<std::string>& command, const std::string& input) {
  std::vector<std::string> full = command;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&fa, fd);
  }
  auto argv = Argv(full);
  pid_t pid = -1;
  if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn failed");
  posix_spawn_file_actions_destroy(&fa);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Feed stdin and read both outputs concurrently so that no pipe fills up.
  std::thread writer([&] {
    std::size_t off = 0;
    while (off < input.size()) {
      const ssize_t n = write(in_pipe[1], input.data() + off, input.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    close(in_pipe[1]);
  });
  CommandResult r;
  std::thread err_reader([&] { r.err = DrainFd(err_pipe[0]); });
  r.out = DrainFd(out_pipe[0]);
  err_reader.join();
  writer.join();
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

ServerProcess::ServerProcess(const std::string& db, std::vector<std::string> extra_args) {
  std::vector<std::string> full{PROVEN_BINARY, "serve", "--db", db, "--port", "0", "--threads", "8"};
  full.insert(full.end(), extra_args.begin(), extra_args.end());
  // The monthly edition of the list would add an edition and its audit entry at start: tests that
  // are about editions ask for it (--editions monthly).
  if (std::find(extra_args.begin(), extra_args.end(), "--editions") == extra_args.end()) {
    full.push_back("--editions");
    full.push_back("off");
  }
  // A PostgreSQL database keeps no files: its instances share a log key named with --log-key
  // (one per database, made by `migrate` when missing), as a deployment's would.
  if (db.rfind("postgresql://", 0) == 0 && std::find(extra_args.begin(), extra_args.end(), "--log-key") == extra_args.end()) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : db) h = (h ^ c) * 1099511628211ULL;
    const auto key = std::filesystem::temp_directory_path() / ("proven-test-" + std::to_string(h) + ".log-key");
    if (!std::filesystem::exists(key)) RunProven({"migrate", "--db", db, "--log-key", key.string()});
    full.push_back("--log-key");
    full.push_back(key.string());
  }
  int out_pipe[2];
  if (pipe(out_pipe)) throw std::runtime_error("pipe failed");
  const int devnull = open("/dev/null", O_WRONLY);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, devnull, 2);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  posix_spawn_file_actions_addclose(&fa, out_pipe[1]);
  auto argv = Argv(full);
  if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn failed");
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(devnull);
  stdout_fd_ = out_pipe[0];
  // Wait (bounded) for the "listening on http://HOST:PORT" line.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char c[256];
    const ssize_t n = read(stdout_fd_, c, sizeof c);
    if (n <= 0) break;
    line.append(c, static_cast<std::size_t>(n));
  }
  const auto pos = line.find("listening on http://127.0.0.1:");
  if (pos == std::string::npos) {
    Stop();
    throw std::runtime_error("server did not start: " + line);
  }
  port_ = std::stoi(line.substr(pos + std::string("listening on http://127.0.0.1:").size()));
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Kill() {
  if (pid_ > 0) kill(pid_, SIGKILL);
  Stop();  // reaps it; the SIGTERM goes nowhere
}

ServerProcess::~ServerProcess() { Stop(); }

std::map<std::string, std::string> AddUsersWithTokens(const std::string& db, const std::vector<SeedUser>& users) {
  std::map<std::string, std::string> tokens;
  for (const auto& u : users) {
    std::vector<std::string> args{"user", "add", u.email, "--role", u.role, "--db", db};
    if (!u.org.empty()) args.insert(args.end(), {"--org", u.org});
    if (RunProven(args, std::string(kTestPassword) + "\n").exit_code != 0) throw std::runtime_error("user add " + u.email);
    auto t = RunProven({"token", "create", u.email, "--db", db});
    if (t.exit_code != 0) throw std::runtime_error("token create " + u.email);
    tokens[u.email] = t.out.substr(0, t.out.find('\n'));
  }
  return tokens;
}

SeededServer::SeededServer(const std::vector<SeedUser>& users, std::vector<std::string> serve_args) {
  if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate failed");
  if (RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", db}).exit_code != 0) {
    throw std::runtime_error("import of the fixture failed");
  }
  tokens = AddUsersWithTokens(db, users);
  server = std::make_unique<ServerProcess>(db, std::move(serve_args));
}

std::string PostgresServerUrl() {
  const char* file = std::getenv("PROVEN_TEST_PG");
  if (!file || !*file) return {};
  std::string url = ReadFile(file);
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  if (url.empty()) throw std::runtime_error(std::string("PROVEN_TEST_PG: no URL in ") + file);
  return url;
}

bool TestingOnPostgres() {
  const char* file = std::getenv("PROVEN_TEST_PG");
  return file && *file;
}

namespace {

void AdminSql(const std::string& server_url, const std::string& sql) {
  PGconn* c = PQconnectdb((server_url + "/postgres").c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

}  // namespace

TestDatabase::TestDatabase(const TempDir& dir, const std::string& name) {
  server_url_ = PostgresServerUrl();
  if (server_url_.empty()) {
    spec_ = (dir / name).string();
    return;
  }
  // Unique across the parallel test processes: pid, a counter, and some randomness.
  static std::atomic<int> counter{0};
  std::random_device rd;
  dbname_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
  AdminSql(server_url_, "CREATE DATABASE " + dbname_);
  spec_ = server_url_ + "/" + dbname_;
}

TestDatabase::~TestDatabase() {
  if (dbname_.empty()) return;
  try {
    AdminSql(server_url_, "DROP DATABASE IF EXISTS " + dbname_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is removed when the run ends anyway.
  }
}

bool ServerProcess::Running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

RawConnection::RawConnection(int port, const std::string& from) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string RawConnection::Read(std::chrono::milliseconds timeout) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

bool RawConnection::ClosedByPeer(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
}

}  // namespace proven::testing
