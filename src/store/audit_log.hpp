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
  // Empty when the chain holds. Each problem's message is English ("entry 12: ...", for the CLI
  // and logs); its reason (audit_chain.*, with "seq") is what pages show.
  std::vector<Problem> problems;
};
Result<AuditVerification> VerifyAudit(Connection& conn);

}  // namespace proven::store
