// The transparency log's commands (issue 12) on the real `proven` binary: offline verification of
// downloaded files and record bundles, the monitor against a log that forks or rolls back, and
// (below) attacks on a real server's database as someone holding the database file would try them.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/audit_log.hpp"
#include "store/db.hpp"
#include "store/log_store.hpp"
#include "support/test_support.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"
#include "tlog/verify.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ReadFile;
using testing::RunProven;
using testing::TempDir;
using testing::WriteFile;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A log built here with the engine alone (src/tlog), as a server would serve it.
class FakeLog {
 public:
  explicit FakeLog(tlog::SignerKey key) : key_(std::move(key)) {}
  // Appends `n` service leaves; `salt` makes two logs of the same size differ.
  void Add(int n, const std::string& salt = "") {
    for (int i = 0; i < n; ++i) {
      const auto id = static_cast<std::int64_t>(leaves_.size()) + 1;
      auto text = tlog::LeafText({"service.registered", id, 1, "2026-11-30T10:00:00Z",
                                  json{{"name", fmt::format("サービス{}{}", id, salt)}, {"provider", "テスト株式会社"}}});
      leaves_.push_back(text.value());
      tree_.Append(tlog::LeafHash(leaves_.back()));
    }
  }
  std::uint64_t size() const { return leaves_.size(); }
  std::string Checkpoint(std::uint64_t size) const {
    return tlog::SignNote(tlog::FormatCheckpoint({key_.name, size, tree_.Root(size).value(), {}}), key_);
  }
  std::string Checkpoint() const { return Checkpoint(size()); }
  // Signs from now on with another key (a rotation).
  void Rekey(tlog::SignerKey key) { key_ = std::move(key); }
  std::string Entries(std::uint64_t start, std::uint64_t end) const {
    json e = json::array();
    for (auto i = start; i < end; ++i) e.push_back({{"index", i}, {"leaf", leaves_[i]}});
    return json{{"entries", e}}.dump();
  }
  std::string Consistency(std::uint64_t from, std::uint64_t to) const {
    json h = json::array();
    const auto proof = tree_.ConsistencyProof(from, to).value();
    for (const auto& x : proof) h.push_back(tlog::Base64(x));
    return json{{"hashes", h}}.dump();
  }
  std::string Bundle(std::uint64_t index) const {
    json h = json::array();
    const auto proof = tree_.InclusionProof(index, size()).value();
    for (const auto& x : proof) h.push_back(tlog::Base64(x));
    return json{{"format", "proven-record-bundle/1"}, {"index", index}, {"leaf", leaves_[index]},
                {"size", size()}, {"hashes", h}, {"checkpoint", Checkpoint()}}.dump(2);
  }
  const std::string& Leaf(std::uint64_t i) const { return leaves_[i]; }

 private:
  tlog::SignerKey key_;
  std::vector<std::string> leaves_;
  tlog::Tree tree_;
};

std::string VerifierLine(const tlog::SignerKey& k) { return tlog::FormatVerifierKey(tlog::VerifierOf(k)); }

class LogFiles : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    WriteFile(dir_ / name, content);
    return (dir_ / name).string();
  }
  TempDir dir_;
  tlog::SignerKey key_ = tlog::GenerateSignerKey("proven.test/log").value();
  tlog::SignerKey other_ = tlog::GenerateSignerKey("proven.test/log").value();
};

TEST_F(LogFiles, GoodFilesPassInOnePageOrSeveral) {
  FakeLog log(key_);
  log.Add(7);
  const auto key = Write("key", VerifierLine(key_) + "\n");
  const auto cp = Write("checkpoint", log.Checkpoint());
  auto one = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("all.json", log.Entries(0, 7))});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(Has(one.out, "size 7")) << one.out;
  EXPECT_TRUE(Has(one.out, "entries intact: 7 entries read, the first 7 hash to the checkpoint's root")) << one.out;
  auto pages = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries",
                          Write("p1.json", log.Entries(0, 3)), "--entries", Write("p2.json", log.Entries(3, 7))});
  EXPECT_EQ(pages.exit_code, 0) << pages.err;
  // The signature alone, without entries.
  auto alone = RunProven({"log", "verify", "--key", key, "--checkpoint", cp});
  EXPECT_EQ(alone.exit_code, 0) << alone.err;
  // Entries beyond the checkpoint (fetched later) are read but not covered.
  log.Add(2);
  auto more = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("more.json", log.Entries(0, 9))});
  EXPECT_EQ(more.exit_code, 0) << more.err;
  EXPECT_TRUE(Has(more.out, "9 entries read, the first 7")) << more.out;
}

TEST_F(LogFiles, AChangedEntriesFileFails) {
  FakeLog log(key_);
  log.Add(5);
  const auto key = Write("key", VerifierLine(key_));
  const auto cp = Write("checkpoint", log.Checkpoint());
  // A leaf's record changed (still canonical JSON): the root differs.
  json entries = json::parse(log.Entries(0, 5));
  auto changed = tlog::ParseLeaf(log.Leaf(2)).value();
  changed.record["name"] = "書き換えたサービス";
  entries["entries"][2]["leaf"] = tlog::LeafText(changed).value();
  const auto file = Write("entries.json", entries.dump());
  auto r = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, file + ": the first 5 entries do not hash to the checkpoint's root")) << r.err;

  // A gap: the message names the file, the entry and what was found.
  json gap = json::parse(log.Entries(0, 5));
  gap["entries"].erase(3);
  const auto gap_file = Write("gap.json", gap.dump());
  auto g = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", gap_file});
  EXPECT_EQ(g.exit_code, 2);
  EXPECT_TRUE(Has(g.err, gap_file + ": entries[3].index: expected entry 3 here, found 4")) << g.err;

  // A second page that does not continue the first.
  auto p = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("a.json", log.Entries(0, 3)),
                      "--entries", Write("b.json", log.Entries(0, 3))});
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_TRUE(Has(p.err, "b.json: entries[0].index: expected entry 3 here, found 0")) << p.err;

  // Too few entries for the checkpoint.
  auto few = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("few.json", log.Entries(0, 4))});
  EXPECT_EQ(few.exit_code, 2);
  EXPECT_TRUE(Has(few.err, "the entries cover 4 leaves but the checkpoint signs a tree of 5")) << few.err;

  // A leaf that is not canonical JSON names its file and entry.
  json loose = json::parse(log.Entries(0, 5));
  loose["entries"][1]["leaf"] = json::parse(log.Leaf(1)).dump(1);
  auto l = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("loose.json", loose.dump())});
  EXPECT_EQ(l.exit_code, 2);
  EXPECT_TRUE(Has(l.err, "loose.json: entries[1] (entry 1): leaf: not in RFC 8785 canonical form")) << l.err;

  // Not JSON at all.
  auto bad = RunProven({"log", "verify", "--key", key, "--checkpoint", cp, "--entries", Write("bad.json", "<html>")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "bad.json: expected {\"entries\"")) << bad.err;
}

TEST_F(LogFiles, AWrongKeyOrAChangedCheckpointFails) {
  FakeLog log(key_);
  log.Add(4);
  const auto cp = Write("checkpoint", log.Checkpoint());
  const auto entries = Write("entries.json", log.Entries(0, 4));
  // Another key of the same name.
  auto wrong = RunProven({"log", "verify", "--key", Write("other", VerifierLine(other_)), "--checkpoint", cp, "--entries", entries});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_TRUE(Has(wrong.err, cp + ": the checkpoint is not signed by the given key")) << wrong.err;
  // With both keys given, the right one is found.
  auto both = RunProven({"log", "verify", "--key", Write("other", VerifierLine(other_)), "--key",
                         Write("key", VerifierLine(key_)), "--checkpoint", cp, "--entries", entries});
  EXPECT_EQ(both.exit_code, 0) << both.err;
  // A checkpoint whose size was changed after signing.
  std::string forged = log.Checkpoint();
  forged.replace(forged.find("\n4\n"), 3, "\n3\n");
  auto f = RunProven({"log", "verify", "--key", Write("key", VerifierLine(key_)), "--checkpoint", Write("forged", forged)});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_TRUE(Has(f.err, "not signed by the given key")) << f.err;
  // A key file that is not a key, a signing key given as a verifier key, a missing file.
  auto junk = RunProven({"log", "verify", "--key", Write("junk", "hello"), "--checkpoint", cp});
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_TRUE(Has(junk.err, "junk: not a verifier key")) << junk.err;
  auto secret = RunProven({"log", "verify", "--key", Write("secret", tlog::FormatSignerKey(key_)), "--checkpoint", cp});
  EXPECT_EQ(secret.exit_code, 2);
  EXPECT_TRUE(Has(secret.err, "this is a signing key")) << secret.err;
  auto missing = RunProven({"log", "verify", "--key", (dir_ / "nope").string(), "--checkpoint", cp});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Has(missing.err, "nope: no such file")) << missing.err;
  // --checkpoint without a key, --entries without a checkpoint.
  EXPECT_EQ(RunProven({"log", "verify", "--checkpoint", cp}).exit_code, 2);
  EXPECT_NE(RunProven({"log", "verify", "--entries", entries}).exit_code, 0);
}

TEST_F(LogFiles, ARecordBundleVerifiesOfflineAndAChangedOneFails) {
  FakeLog log(key_);
  log.Add(11);
  const auto key = Write("key", VerifierLine(key_));
  auto ok = RunProven({"verify", Write("record.json", log.Bundle(6)), "--key", key});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, "kind:    service.registered")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "id:      7")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "version: 1")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "at:      2026-11-30T10:00:00Z")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "name:    サービス7")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "entry #6 of the log, in the signed checkpoint of size 11")) << ok.out;

  // The record changed: the proof leads elsewhere.
  json b = json::parse(log.Bundle(6));
  auto changed = tlog::ParseLeaf(b["leaf"].get<std::string>()).value();
  changed.record["name"] = "別のサービス";
  b["leaf"] = tlog::LeafText(changed).value();
  auto r = RunProven({"verify", Write("changed.json", b.dump()), "--key", key});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "changed.json does not verify: the leaf is not entry 6 of the signed tree of 11")) << r.err;
  // Another key.
  auto other = RunProven({"verify", Write("record.json", log.Bundle(6)), "--key", Write("other", VerifierLine(other_))});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_TRUE(Has(other.err, "\"checkpoint\"")) << other.err;
  // Not a bundle.
  auto junk = RunProven({"verify", Write("junk.json", "{}"), "--key", key});
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_TRUE(Has(junk.err, "junk.json does not verify: \"format\": expected \"proven-record-bundle/1\"")) << junk.err;
}

// A log server serving whatever log the test points it at (to fork or roll back at will).
class FakeLogServer {
 public:
  FakeLogServer() {
    server_.Get("/api/v1/log/checkpoint", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mu_);
      res.set_content(log_->Checkpoint(size_), "text/plain; charset=utf-8");
    });
    server_.Get("/api/v1/log/proof/consistency", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      ++proofs_;
      const auto from = std::stoull(req.get_param_value("from"));
      const auto to = std::stoull(req.get_param_value("to"));
      if (from > to || to > log_->size()) {
        res.status = 400;
        res.set_content(R"({"error":{"code":"invalid_argument","message":"from/to"}})", "application/json");
        return;
      }
      res.set_content(log_->Consistency(from, to), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeLogServer() {
    server_.stop();
    thread_.join();
  }
  void Serve(const FakeLog* log, std::uint64_t size) {
    std::lock_guard lock(mu_);
    log_ = log;
    size_ = size;
  }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }
  int proofs() {
    std::lock_guard lock(mu_);
    return proofs_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::mutex mu_;
  const FakeLog* log_ = nullptr;
  std::uint64_t size_ = 0;
  int port_ = 0;
  int proofs_ = 0;
};

class Monitor : public LogFiles {
 protected:
  testing::CommandResult Run() { return RunProven({"log", "monitor", "--url", server_.url(), "--key", key_file_, "--state", state_, "--once"}); }
  FakeLogServer server_;
  std::string key_file_ = Write("key", VerifierLine(key_));
  std::string state_ = (dir_ / "state.json").string();
};

TEST_F(Monitor, SavesTheFirstCheckpointThenChecksEachAgainstTheLast) {
  FakeLog log(key_);
  log.Add(5);
  server_.Serve(&log, 5);
  auto first = Run();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "checkpoint of size 5 verified")) << first.out;
  const auto saved = json::parse(ReadFile(state_));
  EXPECT_EQ(saved["size"], 5);
  EXPECT_EQ(saved["checkpoint"], log.Checkpoint(5));
  EXPECT_EQ(saved["url"], server_.url());

  auto same = Run();
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_TRUE(Has(same.out, "unchanged")) << same.out;

  log.Add(8);
  server_.Serve(&log, 13);
  auto grown = Run();
  EXPECT_EQ(grown.exit_code, 0) << grown.err;
  EXPECT_TRUE(Has(grown.out, "checkpoint of size 13 verified")) << grown.out;
  EXPECT_TRUE(Has(grown.out, "consistent with the checkpoint of size 5")) << grown.out;
  EXPECT_EQ(server_.proofs(), 1) << "the consistency proof was fetched";
  EXPECT_EQ(json::parse(ReadFile(state_))["size"], 13);
}

TEST_F(Monitor, AForkOfTheSameSizeFailsLoudly) {
  FakeLog log(key_);
  log.Add(6);
  server_.Serve(&log, 6);
  ASSERT_EQ(Run().exit_code, 0);
  FakeLog fork(key_);  // the same key, other content
  fork.Add(6, "改");
  server_.Serve(&fork, 6);
  auto r = Run();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(r.err.starts_with("FORK: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "two different trees of the same size 6")) << r.err;
  EXPECT_TRUE(Has(r.err, log.Checkpoint(6))) << "both checkpoints are shown";
  EXPECT_TRUE(Has(r.err, fork.Checkpoint(6))) << r.err;
  EXPECT_EQ(json::parse(ReadFile(state_))["checkpoint"], log.Checkpoint(6)) << "the state is kept";
  EXPECT_EQ(Run().exit_code, 3) << "and the fork is reported again";
}

TEST_F(Monitor, AForkThatGrewFailsLoudly) {
  FakeLog log(key_);
  log.Add(6);
  server_.Serve(&log, 6);
  ASSERT_EQ(Run().exit_code, 0);
  FakeLog fork(key_);
  fork.Add(9, "改");
  server_.Serve(&fork, 9);
  auto r = Run();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(r.err.starts_with("FORK: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "the tree of 9 is not an extension of the tree of 6")) << r.err;
  EXPECT_TRUE(Has(r.err, log.Checkpoint(6)) && Has(r.err, fork.Checkpoint(9))) << r.err;
  EXPECT_EQ(json::parse(ReadFile(state_))["size"], 6);
}

TEST_F(Monitor, ASmallerTreeIsARollback) {
  FakeLog log(key_);
  log.Add(10);
  server_.Serve(&log, 10);
  ASSERT_EQ(Run().exit_code, 0);
  server_.Serve(&log, 7);  // an older checkpoint of the same log served again
  auto r = Run();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(r.err.starts_with("ROLLBACK: ")) << r.err;
  EXPECT_TRUE(Has(r.err, "a tree of 7 leaves, smaller than the tree of 10")) << r.err;
  EXPECT_TRUE(Has(r.err, log.Checkpoint(10)) && Has(r.err, log.Checkpoint(7))) << r.err;
}

TEST_F(Monitor, ABadSignatureABadStateOrNoServerFail) {
  FakeLog log(tlog::GenerateSignerKey("proven.test/log").value());  // not our key
  log.Add(3);
  server_.Serve(&log, 3);
  auto r = Run();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the checkpoint served does not verify with the key")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(state_)) << "nothing is saved that did not verify";

  WriteFile(state_, "{\"checkpoint\": \"junk\"}");
  FakeLog ours(key_);
  ours.Add(3);
  server_.Serve(&ours, 3);
  auto bad_state = Run();
  EXPECT_EQ(bad_state.exit_code, 2);
  EXPECT_TRUE(Has(bad_state.err, "state.json: the saved checkpoint does not verify with the key")) << bad_state.err;

  std::filesystem::remove(state_);
  auto nobody = RunProven({"log", "monitor", "--url", "http://127.0.0.1:1", "--key", key_file_, "--state", state_, "--once"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_TRUE(Has(nobody.err, "GET http://127.0.0.1:1/api/v1/log/checkpoint")) << nobody.err;
  auto bad_url = RunProven({"log", "monitor", "--url", "ftp://x", "--key", key_file_, "--state", state_, "--once"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_TRUE(Has(bad_url.err, "--url 'ftp://x'")) << bad_url.err;
}

// After a key rotation (docs/transparency-log.md) the monitor takes the new key; the saved
// checkpoint stays checked with the old one, and the new tree must still extend it.
TEST_F(Monitor, FollowsAKeyRotationAndStillChecksConsistency) {
  FakeLog log(key_);
  log.Add(5);
  server_.Serve(&log, 5);
  ASSERT_EQ(Run().exit_code, 0);
  EXPECT_EQ(json::parse(ReadFile(state_))["key"], VerifierLine(key_));
  log.Rekey(other_);
  log.Add(3);
  server_.Serve(&log, 8);
  EXPECT_EQ(Run().exit_code, 2) << "the old key does not verify the new checkpoint";
  key_file_ = Write("new.key", VerifierLine(other_));
  auto r = Run();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "the log's key changed since the last check")) << r.out;
  EXPECT_TRUE(Has(r.out, "consistent with the checkpoint of size 5")) << r.out;
  EXPECT_EQ(json::parse(ReadFile(state_))["key"], VerifierLine(other_));
  // A fork signed by the new key is still a fork.
  FakeLog fork(other_);
  fork.Add(8, "改");
  server_.Serve(&fork, 8);
  EXPECT_EQ(Run().exit_code, 3);
}

TEST_F(Monitor, RunsUntilItSeesAFork) {
  FakeLog log(key_);
  log.Add(4);
  server_.Serve(&log, 4);
  FakeLog fork(key_);
  fork.Add(4, "改");
  // Without --once: the fork is served once the first round has saved its state; the monitor
  // stops with status 3 (bounded by timeout(1), so that a monitor that missed it fails the test).
  std::thread swap([&] {
    for (int i = 0; i < 600 && !std::filesystem::exists(state_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    server_.Serve(&fork, 4);
  });
  auto r = testing::RunCommand({"timeout", "60", PROVEN_BINARY, "log", "monitor", "--url", server_.url(), "--key", key_file_,
                                "--state", state_, "--interval", "0.2"});
  swap.join();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.out, "checkpoint of size 4 verified")) << r.out;
  EXPECT_TRUE(Has(r.out, "unchanged")) << r.out;
  EXPECT_TRUE(Has(r.err, "FORK: ")) << r.err;
}


// ---- Against a real server's database ----------------------------------------------------------

// The database as an attacker holding its file would open it.
std::unique_ptr<store::Connection> Raw(const std::string& db) {
  auto c = store::Connection::Open(db, false);
  if (!c) throw std::runtime_error("cannot open " + db + ": " + c.error().message);
  return std::move(*c);
}

std::int64_t Scalar(store::Connection& c, const std::string& sql) {
  auto st = c.Prepare(sql);
  if (!st) throw std::runtime_error(sql + ": " + st.error().message);
  auto row = st->Step();
  if (!row || !*row) throw std::runtime_error(sql + ": no row");
  return st->Int(0);
}

// What an attacker does first: the append-only triggers of `table` dropped.
void DropAppendOnlyTriggers(store::Connection& c, const std::string& table) {
  if (c.dialect() == store::Dialect::kPostgres) {
    ASSERT_TRUE(c.Exec("DROP TRIGGER " + table + "_append_only ON " + table));
  } else {
    ASSERT_TRUE(c.Exec("DROP TRIGGER " + table + "_no_update"));
    ASSERT_TRUE(c.Exec("DROP TRIGGER " + table + "_no_delete"));
  }
}

std::vector<store::AuditEntry> AuditOldestFirst(store::Connection& c) {
  auto newest_first = store::ListAudit(c, std::numeric_limits<std::int64_t>::max(), 100000).value();
  return {newest_first.rbegin(), newest_first.rend()};
}

void InsertAudit(store::Connection& c, const store::AuditEntry& e) {
  auto st = c.Prepare("INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(st) << st.error().message;
  st->Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor).Bind(4, e.action).Bind(5, e.entity).Bind(6, e.before)
      .Bind(7, e.after).Bind(8, e.prev_hash).Bind(9, e.hash);
  ASSERT_TRUE(st->Run());
}

// A registry served with its transparency log: the fixture's services, a registrar, a log key of
// its own (--log-key, as a deployment on PostgreSQL gives it).
class LiveLog : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunProven({"migrate", "--db", db_}).exit_code, 0);
    ASSERT_EQ(RunProven({"import", "services", testing::SourcePath("tests/fixtures/services_small.csv"), "--db", db_}).exit_code, 0);
    tokens_ = testing::AddUsersWithTokens(db_, {{"a@example.jp", "registrar", "審査機構A"}});
    auto init = RunProven({"log", "init-key", key_file_, "--name", "proven.test/log"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    verifier_ = WriteKey("verifier.key", init.out);
  }
  std::string WriteKey(const std::string& name, const std::string& line) {
    WriteFile(dir_ / name, line);
    return (dir_ / name).string();
  }
  void Start(const std::string& db) { server_ = std::make_unique<testing::ServerProcess>(db, ServeArgs()); }
  std::vector<std::string> ServeArgs() const { return {"--today", "2026-11-28", "--log-key", key_file_}; }
  httplib::Result Post(testing::ServerProcess& s, const std::string& path, const json& body) {
    httplib::Client c(s.host(), s.port());
    c.set_read_timeout(20, 0);
    return c.Post(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + tokens_["a@example.jp"]}}, body.dump(),
                  "application/json");
  }
  static std::string Get(testing::ServerProcess& s, const std::string& path) {
    httplib::Client c(s.host(), s.port());
    auto r = c.Get(path.c_str());
    return r ? r->body : "no answer";
  }
  static std::int64_t IdOf(testing::ServerProcess& s, const std::string& name) {
    httplib::Client c(s.host(), s.port());
    auto r = c.Get("/api/v1/services?status=all&per_page=100");
    if (!r) return -1;
    const json page = json::parse(r->body);
    for (const auto& item : page["items"]) {
      if (item["name"] == name) return item["id"].get<std::int64_t>();
    }
    return -1;
  }
  // Registrar actions that write audit entries and leaves.
  void Act(testing::ServerProcess& s, int rounds = 1) {
    const auto id = IdOf(s, "スマホアプリ診断");
    ASSERT_GT(id, 0) << Get(s, "/api/v1/services?status=all&per_page=100");
    for (int i = 0; i < rounds; ++i) {
      auto sus = Post(s, fmt::format("/api/v1/services/{}/suspend", id), {{"reason", fmt::format("確認中 {}", i)}});
      ASSERT_TRUE(sus);
      ASSERT_EQ(sus->status, 200) << sus->body;
      auto res = Post(s, fmt::format("/api/v1/services/{}/resume", id), json::object());
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 200) << res->body;
    }
  }
  // Until a signed checkpoint covers every leaf and the newest audit entry is anchored in the log.
  static void WaitAnchored(const std::string& db) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::string state;
    while (std::chrono::steady_clock::now() < deadline) {
      auto c = Raw(db);
      const auto size = store::LogSize(*c).value();
      const auto cp = store::LatestCheckpoint(*c).value();
      const auto audit_head = Scalar(*c, "SELECT COALESCE(MAX(seq), 0) FROM audit_log");
      const auto anchor = store::LatestLeafOf(*c, "audit", 0).value();
      const std::int64_t anchored = anchor ? json::parse(anchor->leaf)["record"]["seq"].get<std::int64_t>() : -1;
      state = fmt::format("log {} leaves, checkpoint {}, audit head {}, anchored {}", size, cp ? cp->size : 0, audit_head, anchored);
      if (cp && cp->size == size && anchored == audit_head) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "no checkpoint covered the log in 20 s: " << state;
  }
  // Serves, acts, waits until all of it is signed and anchored, stops: the database at rest.
  void AnchoredHistory() {
    Start(db_);
    Act(*server_, 2);
    WaitAnchored(db_);
    ASSERT_EQ(server_->Stop(), 0);
    server_.reset();
  }
  // The record bundle of leaf `index` as a server holding this database would build it.
  std::string BundleFromDatabase(std::int64_t index) {
    auto c = Raw(db_);
    const auto cp = store::LatestCheckpoint(*c).value().value();
    tlog::Tree tree;
    const auto leaves = store::ReadLogLeaves(*c, 0, cp.size).value();
    for (const auto& l : leaves) tree.Append(l.hash);
    json hashes = json::array();
    const auto proof = tree.InclusionProof(static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(cp.size)).value();
    for (const auto& h : proof) hashes.push_back(tlog::Base64(h));
    return json{{"format", "proven-record-bundle/1"}, {"index", index}, {"leaf", leaves[static_cast<std::size_t>(index)].leaf},
                {"size", cp.size}, {"hashes", hashes}, {"checkpoint", cp.note}}.dump();
  }
  testing::CommandResult AuditVerify() { return RunProven({"audit", "verify", "--db", db_}); }

  TempDir dir_;
  testing::TestDatabase database_{dir_, "live.db"};
  std::string db_ = database_.spec();
  std::string key_file_ = (dir_ / "log.key").string();
  std::string verifier_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(LiveLog, AServiceChangedInTheDatabaseFailsLogVerifyNamingIt) {
  AnchoredHistory();
  auto ok = RunProven({"log", "verify", "--db", db_, "--key", verifier_});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, "log intact: ")) << ok.out;
  EXPECT_TRUE(Has(ok.out, "records match their newest leaf")) << ok.out;
  EXPECT_FALSE(Has(ok.out, "log intact: 0 leaves, 0 checkpoints")) << ok.out;

  auto c = Raw(db_);
  const auto id = Scalar(*c, "SELECT id FROM services WHERE name = 'IoT機器セキュリティ検証'");
  ASSERT_TRUE(c->Exec("UPDATE services SET expires_on = '2031-05-31' WHERE id = " + std::to_string(id)));
  auto r = RunProven({"log", "verify", "--db", db_, "--key", verifier_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, fmt::format("service {}: its current public record differs from its newest leaf's", id))) << r.err;
  EXPECT_TRUE(Has(r.err, "the log does not verify: 1 problem(s)")) << r.err;
  // Another key than the log's: every checkpoint is refused.
  const auto other = tlog::GenerateSignerKey("proven.test/log").value();
  auto wrong = RunProven({"log", "verify", "--db", db_, "--key", WriteKey("other.key", VerifierLine(other))});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_TRUE(Has(wrong.err, "its signature does not verify")) << wrong.err;
}

TEST_F(LiveLog, ALeafRewrittenToMatchAChangedRecordFailsLogVerifyAndTheRecordsProof) {
  AnchoredHistory();
  auto c = Raw(db_);
  const auto id = Scalar(*c, "SELECT id FROM services WHERE name = 'IoT機器セキュリティ検証'");
  const auto leaf = store::LatestLeafOf(*c, "service", id).value().value();
  const std::string before = BundleFromDatabase(leaf.index);
  auto good = RunProven({"verify", WriteKey("before.json", before), "--key", verifier_});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_TRUE(Has(good.out, "name:    IoT機器セキュリティ検証")) << good.out;
  EXPECT_TRUE(Has(good.out, fmt::format("entry #{} of the log", leaf.index))) << good.out;

  // The attacker changes the record, drops the log's triggers and rewrites its newest leaf (text
  // and hash) to match, so that the record agrees with its leaf.
  ASSERT_TRUE(c->Exec(fmt::format("UPDATE services SET name = '書き換えたサービス' WHERE id = {}", id)));
  DropAppendOnlyTriggers(*c, "log_leaves");
  auto content = tlog::ParseLeaf(leaf.leaf).value();
  content.record["name"] = "書き換えたサービス";
  const std::string text = tlog::LeafText(content).value();
  auto st = c->Prepare("UPDATE log_leaves SET leaf = ?, hash = ? WHERE idx = ?");
  ASSERT_TRUE(st);
  st->Bind(1, text).Bind(2, tlog::Hex(tlog::LeafHash(text))).Bind(3, leaf.index);
  ASSERT_TRUE(st->Run());

  auto r = RunProven({"log", "verify", "--db", db_, "--key", verifier_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "the stored leaves do not hash to its signed root: the log's history was changed")) << r.err;
  EXPECT_FALSE(Has(r.err, fmt::format("service {}:", id))) << "the record matches its rewritten leaf: " << r.err;

  // The record's bundle, as the server now builds it from the rewritten tree, fails offline.
  auto bundle = RunProven({"verify", WriteKey("after.json", BundleFromDatabase(leaf.index)), "--key", verifier_});
  EXPECT_EQ(bundle.exit_code, 2);
  EXPECT_TRUE(Has(bundle.err, fmt::format("the leaf is not entry {} of the signed tree", leaf.index))) << bundle.err;
}

// The four attacks of issue 12 on the audit log, each around its triggers and each keeping the
// hash chain itself intact (so that the chain alone reports "intact"): the heads anchored in the
// signed log catch them.
enum class AuditAttack { kDeleteNewest, kReplaceTable, kEditAndRechain, kAppendForged };

class AuditAttacks : public LiveLog, public ::testing::WithParamInterface<AuditAttack> {};

TEST_P(AuditAttacks, AreDetectedOnceHeadsAreAnchored) {
  AnchoredHistory();
  auto ok = AuditVerify();
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, "audit head(s) anchored in the transparency log, the newest at entry")) << ok.out;

  auto c = Raw(db_);
  auto entries = AuditOldestFirst(*c);
  ASSERT_GE(entries.size(), 6u);
  const auto newest = entries.back().seq;
  // Rebuilds the chain from entry `from` on, as the attacker would after a change.
  auto rechain = [](std::vector<store::AuditEntry>& es, std::size_t from) {
    for (std::size_t i = from; i < es.size(); ++i) {
      es[i].prev_hash = i == 0 ? store::kAuditGenesis : es[i - 1].hash;
      es[i].hash = store::AuditHash(es[i]);
    }
  };
  std::string expected;
  switch (GetParam()) {
    case AuditAttack::kDeleteNewest:
      DropAppendOnlyTriggers(*c, "audit_log");
      ASSERT_TRUE(c->Exec(fmt::format("DELETE FROM audit_log WHERE seq > {}", newest - 2)));
      expected = fmt::format("audit entry {}: anchored in the log at leaf", newest);
      break;
    case AuditAttack::kReplaceTable: {
      // A new table with the history minus one entry (the first suspension), renumbered and rechained.
      ASSERT_TRUE(c->Exec("DROP TABLE audit_log"));
      ASSERT_TRUE(c->Exec("CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, "
                          "action TEXT NOT NULL, entity TEXT NOT NULL, before TEXT NOT NULL DEFAULT '', "
                          "after TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"));
      auto it = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.action == "service.suspend"; });
      ASSERT_NE(it, entries.end());
      entries.erase(it);
      for (std::size_t i = 0; i < entries.size(); ++i) entries[i].seq = static_cast<std::int64_t>(i) + 1;
      rechain(entries, 0);
      for (const auto& e : entries) InsertAudit(*c, e);
      expected = fmt::format("audit entry {}: anchored in the log at leaf", newest);
      break;
    }
    case AuditAttack::kEditAndRechain: {
      DropAppendOnlyTriggers(*c, "audit_log");
      const std::size_t k = entries.size() - 3;
      entries[k].actor = "cli";
      rechain(entries, k);
      for (std::size_t i = k; i < entries.size(); ++i) {
        auto st = c->Prepare("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?");
        ASSERT_TRUE(st);
        st->Bind(1, entries[i].actor).Bind(2, entries[i].prev_hash).Bind(3, entries[i].hash).Bind(4, entries[i].seq);
        ASSERT_TRUE(st->Run());
      }
      expected = fmt::format("audit entry {}: differs from the head anchored at leaf", newest);
      break;
    }
    case AuditAttack::kAppendForged: {
      // Dated back into the history that the anchors cover, linked to the chain's head.
      store::AuditEntry forged = entries.front();
      forged.seq = newest + 1;
      forged.at = "2026-01-05T09:00:00Z";
      forged.actor = "user:1 a@example.jp";
      forged.action = "service.revoke";
      forged.entity = "service:1";
      forged.prev_hash = entries.back().hash;
      forged.hash = store::AuditHash(forged);
      InsertAudit(*c, forged);
      expected = fmt::format("audit entry {}: dated {} but not covered by the head anchored at leaf", newest + 1, forged.at);
      break;
    }
  }
  c.reset();
  auto r = AuditVerify();
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(Has(r.err, expected)) << r.err;
  EXPECT_TRUE(Has(r.err, "the audit log has been tampered with")) << r.err;
  // The chain itself was kept whole: only the anchors saw it.
  EXPECT_FALSE(Has(r.err, "does not match its hash")) << r.err;
  EXPECT_FALSE(Has(r.err, "expected entry")) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Log, AuditAttacks,
                         ::testing::Values(AuditAttack::kDeleteNewest, AuditAttack::kReplaceTable,
                                           AuditAttack::kEditAndRechain, AuditAttack::kAppendForged),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case AuditAttack::kDeleteNewest: return std::string("DeleteNewestRows");
                             case AuditAttack::kReplaceTable: return std::string("DropAndRecreateTheTable");
                             case AuditAttack::kEditAndRechain: return std::string("EditAnEntryAndRecomputeTheChain");
                             case AuditAttack::kAppendForged: return std::string("AppendAForgedEntry");
                           }
                           return std::string();
                         });

TEST(LogCommands, HaveHelpAndRefuseIncompleteArguments) {
  for (auto args : std::vector<std::vector<std::string>>{{"log", "--help"}, {"log", "init-key", "--help"},
                                                         {"log", "verify", "--help"}, {"log", "monitor", "--help"},
                                                         {"verify", "--help"}}) {
    auto r = RunProven(args);
    EXPECT_EQ(r.exit_code, 0) << args[1];
    EXPECT_TRUE(Has(r.out, "--")) << r.out;
  }
  auto neither = RunProven({"log", "verify"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_TRUE(Has(neither.err, "give --db PATH (the stored log) or --key FILE --checkpoint FILE")) << neither.err;
  TempDir dir;
  WriteFile(dir / "cp", "x");
  auto both = RunProven({"log", "verify", "--db", (dir / "db").string(), "--checkpoint", (dir / "cp").string()});
  EXPECT_NE(both.exit_code, 0);
  EXPECT_TRUE(Has(both.err, "excludes")) << both.err;
  auto no_state = RunProven({"log", "monitor", "--url", "http://127.0.0.1:1", "--key", (dir / "cp").string()});
  EXPECT_NE(no_state.exit_code, 0);
  EXPECT_TRUE(Has(no_state.err, "--state is required")) << no_state.err;
  auto missing_db = RunProven({"log", "verify", "--db", (dir / "none.db").string()});
  EXPECT_EQ(missing_db.exit_code, 1);
  EXPECT_TRUE(Has(missing_db.err, "does not exist")) << missing_db.err;
}

TEST(LogKeyFile, InitKeyCreatesItPrivateAndNeverOverwrites) {
  TempDir dir;
  const std::string file = (dir / "log.key").string();
  auto r = RunProven({"log", "init-key", file, "--name", "registry.example.jp/log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto key = tlog::ParseSignerKey(ReadFile(file));
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->name, "registry.example.jp/log");
  // stdout is the verifier key alone, ready to publish.
  EXPECT_EQ(r.out, VerifierLine(*key) + "\n");
  const std::string before = ReadFile(file);
  auto again = RunProven({"log", "init-key", file});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_TRUE(Has(again.err, "exists already: it is never overwritten")) << again.err;
  EXPECT_EQ(ReadFile(file), before);
  auto bad = RunProven({"log", "init-key", (dir / "k2").string(), "--name", "has space"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "k2"));
}

TEST_F(LiveLog, ServeRefusesAKeyFileOthersCanRead) {
  ASSERT_EQ(::chmod(key_file_.c_str(), 0644), 0);
  // Bounded by timeout(1): a server that starts anyway fails the test instead of hanging it.
  auto r = testing::RunCommand({"timeout", "30", PROVEN_BINARY, "serve", "--db", db_, "--port", "0", "--log-key", key_file_});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 124) << "the server started";
  EXPECT_TRUE(Has(r.err, "can be read by others (mode 0644)")) << r.err;
  EXPECT_TRUE(Has(r.err, "chmod 600 " + key_file_)) << r.err;
  ASSERT_EQ(::chmod(key_file_.c_str(), 0600), 0);
  Start(db_);
  EXPECT_TRUE(server_->Running());
}

// The monitor against real servers: one database, then a second one signed with the SAME key file
// (a fork, as an operator showing different histories to different people would make).
class LiveMonitor : public LiveLog {
 protected:
  testing::CommandResult Monitor(testing::ServerProcess& s, const std::string& state) {
    return RunProven({"log", "monitor", "--url", fmt::format("http://{}:{}", s.host(), s.port()), "--key", verifier_,
                      "--state", state, "--once"});
  }
  // Until the server's signed checkpoint covers every leaf of `db`; its size.
  static std::int64_t WaitSigned(testing::ServerProcess& s, const std::string& db) {
    WaitAnchored(db);
    httplib::Client c(s.host(), s.port());
    auto r = c.Get("/api/v1/log/checkpoint");
    if (!r || r->status != 200) return -1;
    const auto first = r->body.find('\n');
    return std::stoll(r->body.substr(first + 1, r->body.find('\n', first + 1) - first - 1));
  }
  std::string state_ = (dir_ / "monitor.json").string();
};

TEST_F(LiveMonitor, FollowsALiveServerAndCatchesAForkSignedWithTheSameKey) {
  Start(db_);
  const auto first = WaitSigned(*server_, db_);
  ASSERT_GT(first, 0);
  auto once = Monitor(*server_, state_);
  ASSERT_EQ(once.exit_code, 0) << once.err;
  EXPECT_TRUE(Has(once.out, fmt::format("checkpoint of size {} verified", first))) << once.out;
  EXPECT_EQ(json::parse(ReadFile(state_))["size"], first);

  Act(*server_, 2);
  const auto grown = WaitSigned(*server_, db_);
  ASSERT_GT(grown, first);
  auto again = Monitor(*server_, state_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Has(again.out, fmt::format("checkpoint of size {} verified", grown))) << again.out;
  EXPECT_TRUE(Has(again.out, fmt::format("consistent with the checkpoint of size {} verified before", first))) << again.out;

  // A second registry with other content, signed with a copy of the same key file, and larger.
  testing::TestDatabase other_db(dir_, "fork.db");
  const std::string fork = other_db.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", fork}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "services", testing::SourcePath("tests/fixtures/services_small.csv"), "--db", fork}).exit_code, 0);
  auto saved = tokens_;
  tokens_ = testing::AddUsersWithTokens(fork, {{"a@example.jp", "registrar", "審査機構A"}});
  const std::string copied_key = (dir_ / "copied.key").string();
  std::filesystem::copy_file(key_file_, copied_key);
  testing::ServerProcess forked(fork, {"--today", "2026-11-28", "--log-key", copied_key});
  Act(forked, 4);
  const auto forked_size = WaitSigned(forked, fork);
  ASSERT_GT(forked_size, grown) << "the fork must be larger, for the consistency proof to be asked for";
  auto r = Monitor(forked, state_);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(r.err.starts_with("FORK: ")) << r.err;
  EXPECT_TRUE(Has(r.err, fmt::format("the tree of {} is not an extension of the tree of {}", forked_size, grown))) << r.err;
  EXPECT_TRUE(Has(r.err, json::parse(ReadFile(state_))["checkpoint"].get<std::string>())) << "the last verified checkpoint is shown";
  EXPECT_EQ(json::parse(ReadFile(state_))["size"], grown) << "nothing that did not verify is saved";

  // A rollback: a monitor that verified the larger tree is then shown the smaller one.
  const std::string big_state = (dir_ / "big.json").string();
  ASSERT_EQ(Monitor(forked, big_state).exit_code, 0);
  auto back = Monitor(*server_, big_state);
  EXPECT_EQ(back.exit_code, 3) << back.out << back.err;
  EXPECT_TRUE(back.err.starts_with("ROLLBACK: ")) << back.err;
  EXPECT_TRUE(Has(back.err, fmt::format("a tree of {} leaves, smaller than the tree of {}", grown, forked_size))) << back.err;
  tokens_ = saved;
}

TEST_F(LiveMonitor, DownloadedFilesAndTheServersBundleVerifyOffline) {
  Start(db_);
  Act(*server_, 1);
  const auto size = WaitSigned(*server_, db_);
  ASSERT_GT(size, 0);
  httplib::Client c(server_->host(), server_->port());
  auto cp = c.Get("/api/v1/log/checkpoint");
  ASSERT_TRUE(cp && cp->status == 200);
  auto entries = c.Get(fmt::format("/api/v1/log/entries?start=0&end={}", size).c_str());
  ASSERT_TRUE(entries && entries->status == 200) << (entries ? entries->body : "");
  auto key = c.Get("/.well-known/proven-log-key");
  ASSERT_TRUE(key && key->status == 200);
  const auto served_key = WriteKey("served.key", key->body);
  const auto cp_file = WriteKey("checkpoint.txt", cp->body);
  const auto entries_file = WriteKey("entries.json", entries->body);
  auto ok = RunProven({"log", "verify", "--key", served_key, "--checkpoint", cp_file, "--entries", entries_file});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(Has(ok.out, fmt::format("the first {} hash to the checkpoint's root", size))) << ok.out;

  // A record's bundle as the server hands it out.
  auto c2 = Raw(db_);
  const auto id = Scalar(*c2, "SELECT id FROM services WHERE name = 'スマホアプリ診断'");
  const auto leaf = store::LatestLeafOf(*c2, "service", id).value().value();
  auto bundle = c.Get(fmt::format("/api/v1/log/entries/{}/bundle", leaf.index).c_str());
  ASSERT_TRUE(bundle && bundle->status == 200) << (bundle ? bundle->body : "");
  auto v = RunProven({"verify", WriteKey("record.json", bundle->body), "--key", served_key});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_TRUE(Has(v.out, "name:    スマホアプリ診断")) << v.out;
  EXPECT_TRUE(Has(v.out, fmt::format("entry #{} of the log", leaf.index))) << v.out;
}

// The attack of ALeafRewrittenToMatchAChangedRecord..., then the server started again on the
// database: the bundle it hands out for the record does not verify offline (or it refuses).
TEST_F(LiveMonitor, TheServersBundleOfARewrittenLeafFailsOffline) {
  AnchoredHistory();
  auto c = Raw(db_);
  const auto id = Scalar(*c, "SELECT id FROM services WHERE name = 'IoT機器セキュリティ検証'");
  const auto leaf = store::LatestLeafOf(*c, "service", id).value().value();
  ASSERT_TRUE(c->Exec(fmt::format("UPDATE services SET name = '書き換えたサービス' WHERE id = {}", id)));
  DropAppendOnlyTriggers(*c, "log_leaves");
  auto content = tlog::ParseLeaf(leaf.leaf).value();
  content.record["name"] = "書き換えたサービス";
  const std::string text = tlog::LeafText(content).value();
  auto st = c->Prepare("UPDATE log_leaves SET leaf = ?, hash = ? WHERE idx = ?");
  ASSERT_TRUE(st);
  st->Bind(1, text).Bind(2, tlog::Hex(tlog::LeafHash(text))).Bind(3, leaf.index);
  ASSERT_TRUE(st->Run());
  c.reset();

  Start(db_);
  httplib::Client http(server_->host(), server_->port());
  auto bundle = http.Get(fmt::format("/api/v1/log/entries/{}/bundle", leaf.index).c_str());
  ASSERT_TRUE(bundle);
  if (bundle->status == 200) {
    EXPECT_TRUE(Has(bundle->body, "書き換えたサービス")) << "the server serves the rewritten leaf: " << bundle->body;
    auto v = RunProven({"verify", WriteKey("served.json", bundle->body), "--key", verifier_});
    EXPECT_EQ(v.exit_code, 2) << v.out;
    EXPECT_TRUE(Has(v.err, fmt::format("the leaf is not entry {} of the signed tree", leaf.index))) << v.err;
  } else {
    EXPECT_GE(bundle->status, 500) << bundle->body;  // a server that notices refuses to prove it
  }
  // The monitor that saw the log before sees no change of size, and log verify names the attack.
  auto r = RunProven({"log", "verify", "--db", db_, "--key", verifier_});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace proven
