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
  EXPECT_TRUE(Has(bad_state.err, "state.json: the saved checkpoint does not verify with this key")) << bad_state.err;

  std::filesystem::remove(state_);
  auto nobody = RunProven({"log", "monitor", "--url", "http://127.0.0.1:1", "--key", key_file_, "--state", state_, "--once"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_TRUE(Has(nobody.err, "GET http://127.0.0.1:1/api/v1/log/checkpoint")) << nobody.err;
  auto bad_url = RunProven({"log", "monitor", "--url", "ftp://x", "--key", key_file_, "--state", state_, "--once"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_TRUE(Has(bad_url.err, "--url 'ftp://x'")) << bad_url.err;
}

TEST_F(Monitor, RunsUntilItSeesAFork) {
  FakeLog log(key_);
  log.Add(4);
  server_.Serve(&log, 4);
  FakeLog fork(key_);
  fork.Add(4, "改");
  // Without --once: the fork is served after the first rounds; the monitor stops with status 3.
  std::thread swap([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    server_.Serve(&fork, 4);
  });
  auto r = RunProven({"log", "monitor", "--url", server_.url(), "--key", key_file_, "--state", state_, "--interval", "0.2"});
  swap.join();
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.out, "checkpoint of size 4 verified")) << r.out;
  EXPECT_TRUE(Has(r.out, "unchanged")) << r.out;
  EXPECT_TRUE(Has(r.err, "FORK: ")) << r.err;
}

}  // namespace
}  // namespace proven
