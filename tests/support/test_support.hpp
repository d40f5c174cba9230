#pragma once
// Helpers shared by the tests: a temp dir per test, and the real `proven` binary run as a
// child process (for CLI and HTTP tests) on port 0.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace proven::testing {

// A fresh directory, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The database a test runs against. SQLite, a file `name` in `dir`, unless the environment names a
// PostgreSQL server (PROVEN_TEST_PG: a file holding its URL, written by the CTest fixture `pg`,
// tests/pg/cluster.sh); then a fresh database of its own on that server, dropped with this object.
// Throws when the database cannot be made.
class TestDatabase {
 public:
  explicit TestDatabase(const TempDir& dir, const std::string& name = "test.db");
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  // The --db value: a file path or a postgresql:// URL.
  const std::string& spec() const { return spec_; }
  operator const std::string&() const { return spec_; }  // NOLINT: a database is its --db value
  bool postgres() const { return !dbname_.empty(); }

 private:
  std::string spec_;
  std::string server_url_;
  std::string dbname_;
};

// Whether this run of the tests is against PostgreSQL (PROVEN_TEST_PG is set).
bool TestingOnPostgres();
// The URL of the test cluster's server (no database), or empty.
std::string PostgresServerUrl();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the proven binary with `args` and waits; stdin gets `input`.
CommandResult RunProven(const std::vector<std::string>& args, const std::string& input = "");
// Runs any program (looked up in PATH when `argv[0]` has no slash) and waits.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "");
// Whether `program` is found in PATH.
bool ProgramInPath(const std::string& program);

std::string ReadFile(const std::filesystem::path& p);
// HTML's character references (&amp; &lt; &gt; &quot; &apos; &#39; &#NNN; &#xHH; &nbsp;) decoded.
std::string DecodeEntities(std::string_view html);
// The text a person reads in an HTML fragment: <script>, <style> and comments dropped, tags
// removed (each tag counts as a space between words), entities decoded, runs of white space
// collapsed to one space, trimmed.
std::string TextOf(std::string_view html);
void WriteFile(const std::filesystem::path& p, const std::string& content);
std::string SourcePath(const std::string& relative);  // a file in the source tree

// `proven serve` on port 0 against `db`; stops it (SIGTERM) on destruction.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& db, std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  int port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  // Sends SIGTERM and waits; returns the exit status.
  int Stop();
  // Sends SIGKILL (a crash: no clean shutdown) and waits.
  void Kill();
  // The process has not exited (it did not crash).
  bool Running() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int stdout_fd_ = -1;
};

inline constexpr const char* kTestPassword = "correct horse battery staple";

struct SeedUser {
  std::string email;
  std::string role;
  std::string org;  // empty: none
};
// Adds each user with kTestPassword through the CLI and creates an API token for each; returns
// the tokens by e-mail. Throws when the CLI fails.
std::map<std::string, std::string> AddUsersWithTokens(const std::string& db, const std::vector<SeedUser>& users);

// `proven serve` on a fresh database holding tests/fixtures/services_small.csv, with `users` and
// their API tokens: the setup API suites share (one per suite, made in SetUpTestSuite). Throws
// when a step fails.
struct SeededServer {
  explicit SeededServer(const std::vector<SeedUser>& users,
                        std::vector<std::string> serve_args = {"--today", "2026-11-28"});
  TempDir dir;
  TestDatabase database{dir, "seeded.db"};
  std::string db = database.spec();
  std::map<std::string, std::string> tokens;  // by e-mail
  std::unique_ptr<ServerProcess> server;
};

// A plain TCP connection to 127.0.0.1:port from a chosen loopback address, for what a browser
// would never send (slow heads, malformed requests).
class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& from = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool connected() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // Reads until the peer closes the connection or `timeout` passes.
  std::string Read(std::chrono::milliseconds timeout);
  // Waits up to `timeout` for the peer to close; true when it did.
  bool ClosedByPeer(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

}  // namespace proven::testing
