#include "cli/log_cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/log/log_service.hpp"
#include "store/audit_log.hpp"
#include "store/log_store.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "web/http_client.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"
#include "tlog/verify.hpp"

namespace proven::cli {
namespace {

using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitForkOrRollback = 3;

int Report(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
  return e.code == ErrorCode::kInvalidArgument ? kExitBadInput : kExitFailure;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("{}: cannot be read", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kNotFound, fmt::format("{}: cannot be read", path));
  return buf.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return s.substr(i);
}

// A verifier key file: the one line served at /.well-known/proven-log-key.
Result<tlog::VerifierKey> ReadVerifierKey(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text) return Fail(text.error());
  const std::string line = Trim(*text);
  if (line.starts_with("PRIVATE+KEY+")) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: this is a signing key; give the verifier key instead (the line `proven log init-key` "
                            "prints and servers serve at /.well-known/proven-log-key)", path));
  }
  auto key = tlog::ParseVerifierKey(line);
  if (!key) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: not a verifier key (<name>+<hex key id>+<base64 key>): {}", path, key.error().message));
  }
  return key;
}

Result<std::vector<tlog::VerifierKey>> ReadVerifierKeys(const std::vector<std::string>& paths) {
  std::vector<tlog::VerifierKey> keys;
  for (const auto& p : paths) {
    auto k = ReadVerifierKey(p);
    if (!k) return Fail(k.error());
    keys.push_back(std::move(*k));
  }
  return keys;
}

std::string ShortRoot(const tlog::Hash& root) { return tlog::Base64(root); }

// ---- proven log verify --key K --checkpoint F [--entries F...] -------------------------------

int VerifyFiles(const LogCommands& c) {
  if (c.keys.empty()) {
    std::fprintf(stderr, "error: --checkpoint needs --key: the verifier key file of the log that signed it\n");
    return kExitBadInput;
  }
  auto keys = ReadVerifierKeys(c.keys);
  if (!keys) return Report(keys.error());
  auto note = ReadWholeFile(c.checkpoint);
  if (!note) return Report(note.error());
  std::optional<tlog::Checkpoint> checkpoint;
  std::string signer;
  std::vector<std::string> refusals;
  for (const auto& k : *keys) {
    auto cp = tlog::OpenCheckpoint(*note, k);
    if (cp) {
      checkpoint = std::move(*cp);
      signer = tlog::FormatVerifierKey(k);
      break;
    }
    refusals.push_back(fmt::format("{}: {}", k.name, cp.error().message));
  }
  if (!checkpoint) {
    std::fprintf(stderr, "error: %s: the checkpoint is not signed by the given key%s:\n", c.checkpoint.c_str(),
                 keys->size() > 1 ? "s" : "");
    for (const auto& r : refusals) std::fprintf(stderr, "  %s\n", r.c_str());
    return kExitBadInput;
  }
  std::printf("%s: signed checkpoint of %s, size %llu, root %s (key %s)\n", c.checkpoint.c_str(),
              checkpoint->origin.c_str(), static_cast<unsigned long long>(checkpoint->size),
              ShortRoot(checkpoint->root).c_str(), signer.c_str());
  if (c.entries.empty()) return kExitOk;

  std::vector<std::string> leaves;
  for (const auto& file : c.entries) {
    auto text = ReadWholeFile(file);
    if (!text) return Report(text.error());
    auto page = tlog::ParseEntries(*text, leaves.size());
    if (!page) {
      std::fprintf(stderr, "error: %s: %s\n", file.c_str(), page.error().message.c_str());
      return kExitBadInput;
    }
    if (page->empty()) {
      std::fprintf(stderr, "error: %s: holds no entries\n", file.c_str());
      return kExitBadInput;
    }
    // Each leaf is checked as it is read, so that the message names its file.
    for (std::size_t i = 0; i < page->size(); ++i) {
      if (auto leaf = tlog::ParseLeaf((*page)[i]); !leaf) {
        std::fprintf(stderr, "error: %s: entries[%zu] (entry %zu): %s\n", file.c_str(), i, leaves.size() + i,
                     leaf.error().message.c_str());
        return kExitBadInput;
      }
    }
    for (auto& l : *page) leaves.push_back(std::move(l));
  }
  auto check = tlog::VerifyEntries(leaves, *checkpoint);
  if (!check) {
    std::fprintf(stderr, "error: %s: %s\n", c.entries.size() == 1 ? c.entries.front().c_str() : "the entries files",
                 check.error().message.c_str());
    return kExitBadInput;
  }
  std::printf("entries intact: %llu entries read, the first %llu hash to the checkpoint's root\n",
              static_cast<unsigned long long>(check->entries), static_cast<unsigned long long>(check->checked));
  return kExitOk;
}

// ---- proven log init-key FILE ---------------------------------------------------------------

int InitKey(const LogCommands& c) {
  const std::string name = c.name.empty() ? std::string(services::kDefaultLogName) : c.name;
  auto key = services::CreateLogKey(c.key_file, name);
  if (!key) return Report(key.error());
  // stdout carries only the verifier key, so that `proven log init-key k > k.pub` publishes it.
  std::printf("%s\n", tlog::FormatVerifierKey(tlog::VerifierOf(*key)).c_str());
  std::fprintf(stderr,
               "created %s (mode 0600): keep it secret and back it up; the line above is its verifier key, which "
               "servers publish at /.well-known/proven-log-key\n",
               c.key_file.c_str());
  return kExitOk;
}

// ---- proven log verify --db PATH [--key FILE ...] ---------------------------------------------

int VerifyDatabase(const LogCommands& c, const std::string& db, const OpenDb& open_db) {
  auto keys = ReadVerifierKeys(c.keys);
  if (!keys) return Report(keys.error());
  auto pool = open_db(db);
  if (!pool) return Report(pool.error());
  store::SqlLogStore log(**pool);
  store::SqlServiceStore services(**pool);
  store::SqlVerificationStore verifications(**pool);
  store::SqlCaseStore cases(**pool);
  auto v = services::VerifyStoredLog(log, services, verifications, cases, *keys);
  if (!v) return Report(v.error());
  const auto where = store::DatabaseTarget::Parse(db);
  const std::string name = where ? where->Display() : db;
  for (const auto& p : v->problems) std::fprintf(stderr, "%s: %s: %s\n", name.c_str(), p.where.c_str(), p.message.c_str());
  if (!v->problems.empty()) {
    std::fprintf(stderr, "the log does not verify: %zu problem(s) in %llu leaves and %llu checkpoints\n",
                 v->problems.size(), static_cast<unsigned long long>(v->leaves),
                 static_cast<unsigned long long>(v->checkpoints));
    return kExitBadInput;
  }
  std::printf("log intact: %llu leaves, %llu checkpoints, %llu records match their newest leaf\n",
              static_cast<unsigned long long>(v->leaves), static_cast<unsigned long long>(v->checkpoints),
              static_cast<unsigned long long>(v->records));
  if (v->checkpoints == 0 && v->leaves > 0) {
    std::printf("no checkpoint is signed yet: nothing vouches for these leaves until `proven serve` signs one\n");
  }
  for (const auto& k : v->keys) std::printf("signed by %s%s\n", k.c_str(), keys->empty() ? " (the key the checkpoints name: give --key to require yours)" : "");
  return kExitOk;
}


// ---- proven verify RECORD.json --key K --------------------------------------------------------

// The name a person knows the record by: a service's or product's name, a case's product.
std::string RecordName(const json& record) {
  auto text = [](const json& j, const char* member) -> std::string {
    return j.is_object() && j.contains(member) && j[member].is_string() ? j[member].get<std::string>() : std::string();
  };
  if (auto n = text(record, "name"); !n.empty()) return n;
  if (record.contains("product")) {
    if (auto n = text(record["product"], "name"); !n.empty()) return n;
  }
  if (auto n = text(record, "product_name"); !n.empty()) return n;
  return {};
}

int VerifyRecord(const LogCommands& c) {
  if (c.keys.size() != 1) {
    std::fprintf(stderr, "error: give one --key: the verifier key file of the log (served at /.well-known/proven-log-key)\n");
    return kExitBadInput;
  }
  auto key = ReadVerifierKey(c.keys.front());
  if (!key) return Report(key.error());
  auto bundle = ReadWholeFile(c.record);
  if (!bundle) return Report(bundle.error());
  auto check = tlog::VerifyBundle(*bundle, *key);
  if (!check) {
    std::fprintf(stderr, "error: %s does not verify: %s\n", c.record.c_str(), check.error().message.c_str());
    return kExitBadInput;
  }
  const auto& leaf = check->leaf;
  std::printf("%s verifies against the key %s\n", c.record.c_str(), tlog::FormatVerifierKey(*key).c_str());
  std::printf("  kind:    %s\n", leaf.kind.c_str());
  std::printf("  id:      %lld\n", static_cast<long long>(leaf.id));
  std::printf("  version: %lld\n", static_cast<long long>(leaf.version));
  std::printf("  at:      %s\n", leaf.at.c_str());
  if (const std::string name = RecordName(leaf.record); !name.empty()) std::printf("  name:    %s\n", name.c_str());
  std::printf("entry #%llu of the log, in the signed checkpoint of size %llu (%s, root %s)\n",
              static_cast<unsigned long long>(check->index), static_cast<unsigned long long>(check->checkpoint.size),
              check->checkpoint.origin.c_str(), ShortRoot(check->checkpoint.root).c_str());
  return kExitOk;
}

// ---- proven log monitor -----------------------------------------------------------------------

struct Endpoint {
  std::string origin;  // scheme://host[:port]
  std::string prefix;  // a path the server is mounted under ("" or "/proven")
};

Result<Endpoint> ParseUrl(const std::string& url) {
  std::string_view rest = url;
  std::string scheme;
  if (rest.starts_with("http://")) scheme = "http://";
  else if (rest.starts_with("https://")) scheme = "https://";
  else return Fail(ErrorCode::kInvalidArgument, fmt::format("--url '{}': expected http://HOST[:PORT] or https://HOST[:PORT]", url));
  rest.remove_prefix(scheme.size());
  const auto slash = rest.find('/');
  const std::string host(rest.substr(0, slash));
  if (host.empty() || host.find_first_of("?#@ ") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--url '{}': no host", url));
  }
  std::string prefix = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash));
  if (prefix.find_first_of("?#") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--url '{}': give the site's address without a query", url));
  }
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return Endpoint{scheme + host, prefix};
}

Result<std::string> Fetch(const Endpoint& e, const std::string& path) { return web::HttpGet(e.origin, e.prefix + path); }

struct MonitorState {
  std::string note;  // the last verified signed checkpoint
  tlog::Checkpoint checkpoint;
  std::string key;   // the verifier key that signed it
  std::string verified_at;
};

// The state file: {"checkpoint": "<signed note>", "key": "<verifier key that signed it>", "size",
// "root", "verified_at", "url"}. The note counts (its signature is checked again with the key saved
// beside it); size and root are there for people reading the file. After a key rotation the saved
// checkpoint stays signed by the old key, and the next one must be consistent with it.
Result<std::optional<MonitorState>> LoadState(const std::string& path, const tlog::VerifierKey& current) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<MonitorState>();
  auto text = ReadWholeFile(path);
  if (!text) return Fail(text.error());
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("checkpoint") || !j["checkpoint"].is_string()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: not a monitor state file (expected {{\"checkpoint\": \"<signed note>\", ...}})", path));
  }
  MonitorState s;
  s.note = j["checkpoint"].get<std::string>();
  s.verified_at = j.value("verified_at", "");
  tlog::VerifierKey signer = current;
  if (j.contains("key")) {
    if (!j["key"].is_string()) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"key\": expected a verifier key", path));
    auto k = tlog::ParseVerifierKey(j["key"].get<std::string>());
    if (!k) return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: \"key\": {}", path, k.error().message));
    signer = *k;
  }
  s.key = tlog::FormatVerifierKey(signer);
  auto cp = tlog::OpenCheckpoint(s.note, signer);
  if (!cp) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: the saved checkpoint does not verify with the key {}: {}", path, s.key, cp.error().message));
  }
  s.checkpoint = std::move(*cp);
  return std::optional<MonitorState>(std::move(s));
}

Status SaveState(const std::string& path, const std::string& url, const std::string& note, const tlog::Checkpoint& cp,
                 const tlog::VerifierKey& key) {
  json j = {{"url", url},
            {"checkpoint", note},
            {"key", tlog::FormatVerifierKey(key)},
            {"size", cp.size},
            {"root", tlog::Base64(cp.root)},
            {"verified_at", Clock::System().NowIso()}};
  // Written beside and renamed into place: a crash never leaves half a state file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump(2) << "\n";
    out.close();
    if (!out) return Fail(ErrorCode::kInternal, fmt::format("{}: cannot be written", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(ErrorCode::kInternal, fmt::format("{}: cannot be written: {}", path, ec.message()));
  return {};
}

void Loud(const char* what, const std::string& why, const MonitorState& last, const std::string& note,
          const std::string& url) {
  std::fprintf(stderr, "%s: %s: %s\n", what, url.c_str(), why.c_str());
  std::fprintf(stderr, "The log signed both of these checkpoints; keep them: together they prove it.\n");
  std::fprintf(stderr, "--- last verified checkpoint (verified at %s) ---\n%s", last.verified_at.c_str(), last.note.c_str());
  if (!last.note.ends_with("\n")) std::fprintf(stderr, "\n");
  std::fprintf(stderr, "--- checkpoint now served ---\n%s", note.c_str());
  if (!note.ends_with("\n")) std::fprintf(stderr, "\n");
  std::fprintf(stderr, "---\n");
}

Result<std::vector<tlog::Hash>> ParseConsistency(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("hashes") || !j["hashes"].is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "the consistency proof: expected {\"hashes\": [base64...]}", {}, "hashes");
  }
  std::vector<tlog::Hash> out;
  for (std::size_t i = 0; i < j["hashes"].size(); ++i) {
    const std::string field = fmt::format("hashes[{}]", i);
    if (!j["hashes"][i].is_string()) {
      return Fail(ErrorCode::kInvalidArgument, "the consistency proof: " + field + ": expected a base64 hash", {}, field);
    }
    auto h = tlog::DecodeHash(j["hashes"][i].get<std::string>(), field);
    if (!h) return Fail(ErrorCode::kInvalidArgument, "the consistency proof: " + h.error().message, {}, field);
    out.push_back(*h);
  }
  return out;
}

// One round; returns an exit status, or nullopt when the round failed in a way worth retrying
// (the server could not be reached) and the monitor runs on.
std::optional<int> MonitorRound(const LogCommands& c, const Endpoint& endpoint, const tlog::VerifierKey& key) {
  auto last = LoadState(c.state, key);
  if (!last) return Report(last.error());
  auto note = Fetch(endpoint, "/api/v1/log/checkpoint");
  if (!note) {
    Report(note.error());
    return std::nullopt;
  }
  auto cp = tlog::OpenCheckpoint(*note, key);
  if (!cp) {
    std::fprintf(stderr, "error: %s: the checkpoint served does not verify with the key %s: %s\n", c.url.c_str(),
                 tlog::FormatVerifierKey(key).c_str(), cp.error().message.c_str());
    return kExitBadInput;
  }
  const auto size = static_cast<unsigned long long>(cp->size);
  if (!*last) {
    if (auto st = SaveState(c.state, c.url, *note, *cp, key); !st) return Report(st.error());
    std::printf("checkpoint of size %llu verified (root %s); the first seen, saved in %s\n", size,
                ShortRoot(cp->root).c_str(), c.state.c_str());
    return kExitOk;
  }
  const MonitorState& prev = **last;
  if (prev.key != tlog::FormatVerifierKey(key)) {
    std::printf("the log's key changed since the last check: %s then, %s now\n", prev.key.c_str(),
                tlog::FormatVerifierKey(key).c_str());
  }
  const auto prev_size = static_cast<unsigned long long>(prev.checkpoint.size);
  if (cp->size < prev.checkpoint.size) {
    Loud("ROLLBACK",
         fmt::format("the log now signs a tree of {} leaves, smaller than the tree of {} it signed before", size, prev_size),
         prev, *note, c.url);
    return kExitForkOrRollback;
  }
  if (cp->size == prev.checkpoint.size) {
    if (cp->root != prev.checkpoint.root) {
      Loud("FORK", fmt::format("two different trees of the same size {}: roots {} and {}", size,
                               ShortRoot(prev.checkpoint.root), ShortRoot(cp->root)),
           prev, *note, c.url);
      return kExitForkOrRollback;
    }
    std::printf("checkpoint of size %llu unchanged (root %s)\n", size, ShortRoot(cp->root).c_str());
    return kExitOk;
  }
  std::vector<tlog::Hash> proof;
  if (prev.checkpoint.size > 0) {
    auto body = Fetch(endpoint, fmt::format("/api/v1/log/proof/consistency?from={}&to={}", prev_size, size));
    if (!body) {
      Report(body.error());
      return std::nullopt;
    }
    auto hashes = ParseConsistency(*body);
    if (!hashes) {
      std::fprintf(stderr, "error: %s: %s\n", c.url.c_str(), hashes.error().message.c_str());
      return kExitBadInput;
    }
    proof = std::move(*hashes);
  }
  if (!tlog::VerifyConsistency(prev.checkpoint.size, cp->size, prev.checkpoint.root, cp->root, proof)) {
    Loud("FORK",
         fmt::format("the tree of {} is not an extension of the tree of {} verified before: the consistency proof "
                     "the server gave does not lead from one root to the other (history was rewritten)",
                     size, prev_size),
         prev, *note, c.url);
    return kExitForkOrRollback;
  }
  if (auto st = SaveState(c.state, c.url, *note, *cp, key); !st) return Report(st.error());
  std::printf("checkpoint of size %llu verified (root %s): consistent with the checkpoint of size %llu verified before\n",
              size, ShortRoot(cp->root).c_str(), prev_size);
  return kExitOk;
}

int Monitor(const LogCommands& c) {
  if (c.keys.size() != 1) {
    std::fprintf(stderr, "error: give one --key: the log's verifier key file\n");
    return kExitBadInput;
  }
  auto endpoint = ParseUrl(c.url);
  if (!endpoint) return Report(endpoint.error());
  auto key = ReadVerifierKey(c.keys.front());
  if (!key) return Report(key.error());
  for (;;) {
    auto status = MonitorRound(c, *endpoint, *key);
    if (c.once) return status.value_or(kExitFailure);
    if (status && *status != kExitOk) return *status;
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(c.interval_s * 1000)));
  }
}

}  // namespace

// ---- audit verify's anchors -------------------------------------------------------------------
AuditAnchorSummary CheckAuditAnchors(store::ConnectionPool& pool, const std::string& where) {
  AuditAnchorSummary out;
  std::vector<store::AuditEntry> audit;
  {
    auto conn = pool.Acquire();
    if (!conn) {
      Report(conn.error());
      out.failed = true;
      return out;
    }
    auto entries = store::ListAudit(**conn, std::numeric_limits<std::int64_t>::max(),
                                    static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()));
    if (!entries) {
      Report(entries.error());
      out.failed = true;
      return out;
    }
    audit.assign(entries->rbegin(), entries->rend());  // oldest first
  }
  store::SqlLogStore log(pool);
  auto check = services::VerifyAuditAnchors(log, audit);
  if (!check) {
    Report(check.error());
    out.failed = true;
    return out;
  }
  for (const auto& p : check->problems) std::fprintf(stderr, "%s: %s: %s\n", where.c_str(), p.where.c_str(), p.message.c_str());
  out.problems = check->problems.size();
  out.summary = check->anchors == 0
                    ? std::string("no audit heads anchored in the transparency log yet")
                    : fmt::format("{} audit head(s) anchored in the transparency log, the newest at entry {}", check->anchors,
                                  check->anchored_seq);
  return out;
}

LogCommands AddLogCommands(CLI::App& app, std::string& db) {
  LogCommands c;
  auto* log = app.add_subcommand("log", "The transparency log (docs/transparency-log.md)");
  log->require_subcommand(1);

  c.init_key = log->add_subcommand("init-key", "Create the log's signing key file (mode 0600, never overwritten) "
                                               "and print its verifier key");
  c.init_key->add_option("FILE", c.key_file, "The key file to create")->required();
  c.init_key->add_option("--name", c.name, "The log's name (its checkpoints' origin), e.g. proven.example.jp/log");

  c.verify = log->add_subcommand(
      "verify", "Check the stored log (--db: every leaf, every checkpoint's root and signature, each record against "
                "its newest leaf), or files downloaded from a server (--key, --checkpoint, --entries)");
  auto* db_opt = c.verify->add_option("--db", db, "SQLite database file, or PostgreSQL URL");
  c.verify->add_option("--key", c.keys,
                       "A verifier key file (the line served at /.well-known/proven-log-key); repeatable. With --db: "
                       "the checkpoints must be signed by one of them (default: by the key each names)");
  auto* cp_opt = c.verify->add_option("--checkpoint", c.checkpoint, "A signed checkpoint (GET /api/v1/log/checkpoint)");
  auto* entries_opt = c.verify->add_option(
      "--entries", c.entries,
      "The entries' JSON (GET /api/v1/log/entries?start=N&end=M); several files are consecutive pages from 0");
  db_opt->excludes(cp_opt);
  entries_opt->needs(cp_opt);

  c.monitor = log->add_subcommand(
      "monitor", "Watch a server's log: each signed checkpoint must extend the last one verified (kept in --state); "
                 "a fork or a rollback exits with status 3");
  c.monitor->add_option("--url", c.url, "The server's address, e.g. https://proven.example.jp")->required();
  c.monitor->add_option("--key", c.keys, "The log's verifier key file (the line served at /.well-known/proven-log-key)")
      ->required();
  c.monitor->add_option("--state", c.state, "The file keeping the last verified checkpoint (created on the first run)")
      ->required();
  c.monitor->add_flag("--once", c.once, "Check once and exit");
  c.monitor->add_option("--interval", c.interval_s, "Seconds between checks")->capture_default_str()
      ->check(CLI::Range(0.1, 86400.0));

  c.verify_record = app.add_subcommand(
      "verify", "Check a downloaded record bundle (the record, its inclusion proof and the signed checkpoint) offline");
  c.verify_record->add_option("RECORD", c.record, "The bundle's JSON file")->required();
  c.verify_record->add_option("--key", c.keys, "The log's verifier key file (the line served at /.well-known/proven-log-key)")
      ->required();
  return c;
}

bool LogCommandParsed(const LogCommands& c) {
  return (c.init_key && c.init_key->parsed()) || (c.verify && c.verify->parsed()) ||
         (c.monitor && c.monitor->parsed()) || (c.verify_record && c.verify_record->parsed());
}

int RunLogCommand(const LogCommands& c, const std::string& db, const OpenDb& open_db) {
  if (c.verify_record->parsed()) return VerifyRecord(c);
  if (c.monitor->parsed()) return Monitor(c);
  if (c.verify->parsed()) {
    if (!c.checkpoint.empty()) return VerifyFiles(c);
    if (db.empty()) {
      std::fprintf(stderr, "error: give --db PATH (the stored log) or --key FILE --checkpoint FILE [--entries FILE...]\n");
      return kExitBadInput;
    }
    return VerifyDatabase(c, db, open_db);
  }
  return InitKey(c);
}

}  // namespace proven::cli
