#pragma once
// The transparency log (issue 12, docs/transparency-log.md) as the services layer offers it:
//  - the public records each publication appends (LogServiceRecord, ...), built here so that the
//    workflows and `proven log verify` build them the same way;
//  - the signing key's file (created 0600, refused when others can read it);
//  - LogService: the in-memory Merkle tree over the stored leaves, proofs, entries, record
//    bundles, and the checkpointer's round (anchor the audit head, log expiries, sign);
//  - verification of the stored log against the records' current public state.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/periodic.hpp"
#include "core/result.hpp"
#include "domain/programme/deployment_case.hpp"
#include "domain/programme/verification.hpp"
#include "domain/service.hpp"
#include "store/log_store.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note.hpp"

namespace proven::services {

// ---- What a leaf's "record" is -------------------------------------------------------------
// A service: its stored public record (services/service_record.hpp) without the day-dependent
// "status" (the leaf's kind says what happened; validity by date is read from the dates).
std::string ServiceLogRecord(const domain::Service& s);
// A report version: {"product": {...}, "report": {"version", "published_at", "reason", "sha256",
// "pdf_sha256", "content"}}: the SHA-256 of the stored content and of the published PDF, and the
// content's public part (summary, items without evidence ids, strong points, trial, comments; no
// verifier ids).
std::string ReportLogRecord(const domain::PublishedProduct& p, const domain::ReportVersion& r,
                            const std::string& pdf_sha256);
// A case: what the public sees of it when published ({"published": true, ...the disclosed record}),
// {"id", "published": false} when withdrawn.
std::string CaseLogRecord(std::int64_t case_id, const std::optional<domain::DisclosedCase>& shown);

// Appends the leaf of a service event inside the workflow's write transaction, with the service's
// record as stored after the change: "service.<event>" (registered, changed, renewed, suspended,
// resumed, revoked; an approved proposal is a change).
Status LogServiceEvent(store::ServiceWriter& w, std::int64_t service_id, domain::EventKind kind);

// ---- The signing key's file -------------------------------------------------------------------
// `<database file>.log-key` for a SQLite database; none for PostgreSQL (give --log-key).
std::optional<std::filesystem::path> DefaultLogKeyPath(std::string_view db_spec);
// Creates the file (mode 0600, never overwriting: kAlreadyExists) holding a new key named `name`.
Result<tlog::SignerKey> CreateLogKey(const std::filesystem::path& file, std::string_view name);
// Reads the key; kFailedPrecondition when group or others may read the file (with the chmod that
// fixes it), kNotFound when it is missing, kInvalidArgument when it is not a key.
Result<tlog::SignerKey> LoadLogKey(const std::filesystem::path& file);
inline constexpr std::string_view kDefaultLogName = "proven.localhost/log";

// ---- The log -----------------------------------------------------------------------------------
struct InclusionProof {
  std::uint64_t index = 0;
  std::uint64_t size = 0;
  std::vector<tlog::Hash> hashes;
};

// At most this many entries per request of the entries endpoint.
inline constexpr std::uint64_t kMaxEntriesPerRequest = 1000;

class LogService {
 public:
  // Without a key the log is read-only: proofs and entries, no checkpoints (`proven log verify`).
  LogService(store::LogStore& log, store::ServiceStore& services, store::VerificationStore& verifications,
             store::CaseStore& cases, std::optional<tlog::SignerKey> key, const Clock& clock = Clock::System(),
             std::function<Date()> today = {});

  bool CanSign() const { return key_.has_value(); }
  // The verifier key line served at /.well-known/proven-log-key; kFailedPrecondition without a key.
  Result<std::string> VerifierKey() const;

  // Loads leaves appended since the last call (by this or any other process) into the tree.
  Status Refresh();
  // The tree's size as loaded.
  std::uint64_t Size();

  // The checkpointer's round, under the writer lock: appends an "audit.head" leaf when the audit
  // log's head moved since the last one, a "service.expired" leaf for each service whose
  // registration ran out (today, Asia/Tokyo) since its last leaf, then signs and stores a
  // checkpoint of the whole log when it grew. Returns the new checkpoint's size, or nothing.
  Result<std::optional<std::int64_t>> Tick();
  // A leaf for every published record that has none yet (records from before the log, or bulk
  // loads that write no events): kind "<type>.baseline". Returns how many were appended.
  Result<std::size_t> Backfill();

  // kUnavailable (error.log.no_checkpoint) when no checkpoint was signed yet.
  Result<store::StoredCheckpoint> LatestCheckpoint();
  // Leaves [start, end); kInvalidArgument naming "start"/"end" when the range is empty, reversed,
  // beyond the log or wider than kMaxEntriesPerRequest.
  Result<std::vector<store::LogLeaf>> Entries(std::uint64_t start, std::uint64_t end);
  Result<InclusionProof> ProveInclusion(std::uint64_t index, std::uint64_t size);
  // kNotFound ("hash") when no leaf has this hash within `size`.
  Result<InclusionProof> ProveInclusionOfHash(const tlog::Hash& leaf_hash, std::uint64_t size);
  Result<std::vector<tlog::Hash>> ProveConsistency(std::uint64_t from, std::uint64_t to);
  // The record's newest leaf ("service", 12), if any.
  Result<std::optional<store::LogLeaf>> LatestEntryOf(std::string_view record_type, std::int64_t id);
  // The record bundle of leaf `index` (tlog/verify.hpp: proven-record-bundle/1) proven against the
  // latest checkpoint; kNotFound for no such leaf, kUnavailable when no signed checkpoint covers it yet.
  Result<std::string> Bundle(std::uint64_t index);

 private:
  Status RefreshLocked();
  store::LogStore& log_;
  store::ServiceStore& services_;
  store::VerificationStore& verifications_;
  store::CaseStore& cases_;
  std::optional<tlog::SignerKey> key_;
  const Clock& clock_;
  std::function<Date()> today_;
  std::mutex mu_;
  tlog::Tree tree_;
  // The checkpointer's memory (Tick runs on one thread): services whose expiry is logged, by
  // the expiry date logged, and when the expiries were last looked for.
  std::map<std::int64_t, Date> expiry_logged_;
  std::optional<Date> swept_day_;
  std::int64_t swept_at_ = 0;
};

// ---- Verification of the stored log (`proven log verify --db`, `proven audit verify`) ----------
struct LogProblem {
  std::string where;    // "leaf 12", "checkpoint 40", "service 7", "audit entry 31"
  std::string message;  // English
};
struct LogVerification {
  std::uint64_t leaves = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t records = 0;  // records whose current state was compared with their newest leaf
  std::vector<std::string> keys;  // the verifier keys that signed the checkpoints
  std::vector<LogProblem> problems;
};
// Checks every leaf (canonical form, hash, index order), every checkpoint (root of its size,
// signature by one of `trusted`, or by the key it names when `trusted` is empty), and that every
// service's, product report's and case's current public state equals its newest leaf's record.
Result<LogVerification> VerifyStoredLog(store::LogStore& log, store::ServiceStore& services,
                                        store::VerificationStore& verifications, store::CaseStore& cases,
                                        const std::vector<tlog::VerifierKey>& trusted);

struct AuditAnchorCheck {
  std::uint64_t anchors = 0;        // audit.head leaves checked
  std::int64_t anchored_seq = 0;    // the newest anchored entry
  std::vector<LogProblem> problems; // an anchored entry missing or different, or an entry dated before an anchor that does not cover it
};
// Checks the audit log against the heads anchored in the log.
Result<AuditAnchorCheck> VerifyAuditAnchors(store::LogStore& log, const std::vector<store::AuditEntry>& audit);

// Runs LogService::Tick every `interval` on a thread of its own (the first round at once, after a
// Backfill); a new leaf is in a signed checkpoint within `interval` plus the round's time.
class LogCheckpointer {
 public:
  LogCheckpointer(LogService& log, std::chrono::milliseconds interval);  // stops and joins when destroyed

 private:
  void Round();
  LogService& log_;
  bool backfilled_ = false;
  Periodic thread_;
};

}  // namespace proven::services
