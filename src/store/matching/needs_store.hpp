#pragma once
// Persistence of saved needs (migration 0011): the needs themselves (JSON, the API's form), who
// saved them, their secrets (feed key, unsubscribe token), and every match already seen. Same
// pattern as the other stores: a change is one write transaction with its audit entry and the
// mail it sends (store::EnqueueMail). RecordMatch inserts with ON CONFLICT DO NOTHING and says
// whether it inserted, so that of two instances recording one new match only one notifies.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/mail.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct SavedNeedRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string email;  // the owner's address (mail goes there)
  std::string needs;  // JSON
  std::string lang;   // "ja" or "en"
  std::string feed_key;
  std::string unsubscribe_token;
  bool mail = true;
  std::string created_at, checked_at;
};

struct SeenMatch {
  std::string kind;  // service or product
  std::int64_t candidate_id = 0;
  std::string name, organisation;
  int score = 0;
  bool initial = false;  // there when the need was saved: never notified
  std::string seen_at;
};

class NeedsReader {
 public:
  virtual ~NeedsReader() = default;
  virtual Result<std::optional<SavedNeedRow>> FindNeed(std::int64_t id) = 0;
  virtual Result<std::optional<SavedNeedRow>> NeedByUnsubscribeToken(const std::string& token) = 0;
  // Newest first.
  virtual Result<std::vector<SavedNeedRow>> NeedsOfUser(std::int64_t user_id) = 0;
  // Every saved need, by id (the watcher's round).
  virtual Result<std::vector<SavedNeedRow>> AllNeeds() = 0;
  // Every match recorded for a need; `new_only`: those found after it was saved, newest first.
  virtual Result<std::vector<SeenMatch>> Matches(std::int64_t need_id, bool new_only) = 0;
};

class NeedsWriter : public NeedsReader {
 public:
  virtual const std::string& Now() const = 0;  // ISO 8601 UTC
  virtual Result<std::int64_t> InsertNeed(const SavedNeedRow& n) = 0;
  virtual Status DeleteNeed(std::int64_t id) = 0;  // with its matches
  virtual Status SetMail(std::int64_t id, bool mail) = 0;
  virtual Status MarkChecked(std::int64_t id) = 0;
  // True when this call recorded it; false when it was recorded already (by anyone).
  virtual Result<bool> RecordMatch(std::int64_t need_id, const SeenMatch& m) = 0;
  virtual Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class NeedsStore {
 public:
  virtual ~NeedsStore() = default;
  virtual Status Write(const std::function<Status(NeedsWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(NeedsReader&)>& body) = 0;
};

class SqlNeedsStore final : public NeedsStore {
 public:
  explicit SqlNeedsStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(NeedsWriter&)>& body) override;
  Status Read(const std::function<Status(NeedsReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
