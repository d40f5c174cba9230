#pragma once
// The mail outbox (migration 0009, docs/mail.md). A change that sends mail queues it with
// EnqueueMail inside its own write transaction, so that the mail exists exactly when the change
// does; the dispatcher claims due messages with a lease (several instances may share one outbox),
// records each attempt, and the admin lists the outbox and queues dead letters again.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

// Queues `m` (checked with domain::CheckMailMessage) on `c`, inside the caller's write
// transaction; due at once. Returns its id.
Result<std::int64_t> EnqueueMail(Connection& c, const domain::MailMessage& m, const Clock& clock);

class MailOutbox {
 public:
  explicit MailOutbox(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}

  // Queues one message in a transaction of its own (mail that no other change goes with).
  Result<std::int64_t> Enqueue(const domain::MailMessage& m);
  // Takes up to `limit` due messages — queued, next_attempt_at <= now, no running lease — for
  // `lease_seconds`, oldest due first. Two dispatchers never take the same message at once.
  Result<std::vector<domain::OutboxEntry>> Claim(int limit, std::int64_t lease_seconds);
  // Records an attempt: the state and next time from domain::AfterMailAttempt, the error (empty
  // when sent), one more attempt; the lease ends.
  Status Record(std::int64_t id, const domain::MailAttempt& after, std::string_view error);
  // Newest first; every state when nullopt.
  Result<std::vector<domain::OutboxEntry>> List(std::optional<domain::MailState> state, int limit, int offset);
  Result<std::optional<domain::OutboxEntry>> Find(std::int64_t id);
  struct Counts {
    std::int64_t queued = 0, sent = 0, dead = 0;
  };
  Result<Counts> Count();
  // A dead letter queued again, due at once with its attempts reset, with `audit` in the same
  // transaction; kNotFound when there is no such message, kFailedPrecondition when it is not dead.
  Status Requeue(std::int64_t id, AuditEntry audit);

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
