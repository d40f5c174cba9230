#pragma once
// The append-only audit log: who changed what, when, with the state before and after. Each
// entry's hash covers its content and the previous entry's hash, so a changed, inserted or
// deleted entry breaks the chain (`proven audit verify`). The table's triggers refuse UPDATE
// and DELETE; the chain catches changes made around them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/codes.hpp"
#include "store/db.hpp"

namespace proven::store {

struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;      // UTC, ISO 8601
  std::string actor;   // "user:3 a@example.jp", "cli"
  std::string action;  // "user.create", "service.suspend", ...
  std::string entity;  // "user:3", "service:12"
  std::string before;  // JSON or empty
  std::string after;
  std::string prev_hash;
  std::string hash;
};

// The one way to build an entry to append: who did which action to which entity, with its state
// before and after (JSON, or empty). Appending fills seq, at and the hashes.
//   AuditRecord(actor.Label(), domain::AuditAction::kServiceRenew).On("service", id).Before(b).After(a)
class AuditRecord {
 public:
  AuditRecord(std::string actor, domain::AuditAction action) {
    entry_.actor = std::move(actor);
    entry_.action = domain::AuditActionCode(action);
  }
  // The entity: "<kind>:<id>" ("service:12", "user:3"), "<kind>:<name>", or the kind alone ("registry").
  AuditRecord& On(std::string_view kind, std::int64_t id) { return On(kind, std::string_view(std::to_string(id))); }
  AuditRecord& On(std::string_view kind, std::string_view name) {
    entry_.entity = std::string(kind) + ":" + std::string(name);
    return *this;
  }
  AuditRecord& On(std::string_view kind) {
    entry_.entity = kind;
    return *this;
  }
  AuditRecord& Before(std::string json) {
    entry_.before = std::move(json);
    return *this;
  }
  AuditRecord& After(std::string json) {
    entry_.after = std::move(json);
    return *this;
  }
  operator AuditEntry() const& { return entry_; }
  operator AuditEntry() && { return std::move(entry_); }

 private:
  AuditEntry entry_;
};

inline constexpr const char* kAuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// The hash of an entry given its content and prev_hash.
std::string AuditHash(const AuditEntry& e);

// Appends inside the caller's write transaction (so the entry commits or rolls back with the
// change it records, and the writer lock keeps the chain single). Fills at (from `clock`),
// seq, prev_hash and hash.
Status AppendAudit(Connection& conn, AuditEntry entry, const Clock& clock = Clock::System());

// The same for many entries in one write transaction (an import writes one per service): reads
// the chain's head once and reuses the prepared insert. Only valid while the caller holds the
// write transaction and appends to the log through this object alone.
class AuditAppender {
 public:
  explicit AuditAppender(Connection& conn, const Clock& clock = Clock::System()) : conn_(conn), clock_(clock) {}
  Status Append(AuditEntry entry);

 private:
  Connection& conn_;
  const Clock& clock_;
  std::optional<Statement> insert_;
  bool head_known_ = false;
  std::int64_t last_seq_ = 0;
  std::string last_hash_;
};

Result<std::vector<AuditEntry>> ListAudit(Connection& conn, std::int64_t before_seq, std::size_t limit);

struct AuditVerification {
  std::size_t entries = 0;
  std::string head_hash;          // the last entry's hash: record it elsewhere to detect truncation
  std::int64_t head_seq = 0;      // the last entry's seq (0 for none)
  // Empty when the chain holds. Each problem's message is English ("entry 12: ...", for the CLI
  // and logs); its reason (audit_chain.*, with "seq") is what pages show.
  std::vector<Problem> problems;
};
Result<AuditVerification> VerifyAudit(Connection& conn);

// ---- issue 13 C: the audit page's filters ----
// What the admin's audit page filters on; empty fields do not filter.
struct AuditFilter {
  std::string actor;   // a part of the actor ("alice@", "cli"), case as stored
  std::string action;  // an action code, exactly ("user.create")
  std::string entity;  // "kind:id" exactly, or a kind alone ("service": every service:*)
  std::string from;    // at >= from (UTC ISO 8601)
  std::string until;   // at < until (UTC ISO 8601)
};
// The entries matching `filter`, newest first, `offset` entries skipped; and how many match.
Result<std::vector<AuditEntry>> ListAudit(Connection& conn, const AuditFilter& filter, std::size_t offset,
                                          std::size_t limit);
Result<std::int64_t> CountAudit(Connection& conn, const AuditFilter& filter);
// The chain checked from the entry after `after_seq` on, that entry linking to `prev_hash` (the
// hash of entry `after_seq`; kAuditGenesis with 0 checks the whole log). `entries` counts the
// entries checked.
Result<AuditVerification> VerifyAuditFrom(Connection& conn, std::int64_t after_seq, const std::string& prev_hash);

}  // namespace proven::store
