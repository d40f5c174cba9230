#pragma once
// The transparency log's tables (migration 0014, docs/transparency-log.md): leaves appended
// inside the caller's write transaction, in the same unit of work as the change they publish,
// and the signed checkpoints. The Merkle tree itself is src/tlog; this is only its storage.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/db.hpp"
#include "tlog/merkle.hpp"

namespace proven::store {

struct LogLeaf {
  std::int64_t index = 0;
  std::string kind;         // "service.renewed"
  std::string record_type;  // "service"
  std::int64_t record_id = 0;
  std::int64_t version = 0;
  std::string at;    // UTC, ISO 8601
  std::string leaf;  // the canonical JSON text
  tlog::Hash hash{};
};

struct StoredCheckpoint {
  std::int64_t size = 0;
  tlog::Hash root{};
  std::string note;          // the signed note
  std::string verifier_key;  // the key that signed it (<name>+<id>+<key>)
  std::string at;
};

// Appends one leaf {"kind", "id", "version", "at", "record"} (tlog::LeafText) inside the caller's
// write transaction: the index is the log's size (the writer lock keeps it single), the version is
// `version` when given (a report's version number) and otherwise the record's count of leaves + 1.
// `record_json` is the public record after the event, as JSON text. kInvalidArgument when the kind
// has no "<type>." prefix or the record is not a JSON object.
Result<LogLeaf> AppendLogLeaf(Connection& conn, std::string_view kind, std::int64_t record_id, std::string_view at,
                              std::string_view record_json, std::optional<std::int64_t> version = std::nullopt);

Result<std::int64_t> LogSize(Connection& conn);
// Leaves [start, end), in index order.
Result<std::vector<LogLeaf>> ReadLogLeaves(Connection& conn, std::int64_t start, std::int64_t end);
Result<std::optional<LogLeaf>> ReadLogLeaf(Connection& conn, std::int64_t index);
// The stored hashes of leaves from `start` on, in index order (the in-memory tree's feed).
Status ForEachLogHash(Connection& conn, std::int64_t start, const std::function<void(std::int64_t, const tlog::Hash&)>& sink);
// The newest leaf of a record ("service", 12), if any.
Result<std::optional<LogLeaf>> LatestLeafOf(Connection& conn, std::string_view record_type, std::int64_t record_id);
// Every record's newest leaf of one type, by record id.
Result<std::vector<LogLeaf>> LatestLeavesOf(Connection& conn, std::string_view record_type);
// The first leaf with this hash.
Result<std::optional<std::int64_t>> FindLogLeafByHash(Connection& conn, const tlog::Hash& hash);

// Inserts a checkpoint; one that is already stored for the size is kept (two instances signing the
// same tree with the same key write the same note).
Status InsertCheckpoint(Connection& conn, const StoredCheckpoint& c);
Result<std::optional<StoredCheckpoint>> LatestCheckpoint(Connection& conn);
Result<std::optional<StoredCheckpoint>> CheckpointOfSize(Connection& conn, std::int64_t size);
// Every checkpoint, smallest first.
Result<std::vector<StoredCheckpoint>> ListCheckpoints(Connection& conn);

// The same as one store over the pool, for the services layer (LogService): each call its own
// transaction; Write runs a body in one write transaction.
class LogWriter {
 public:
  virtual ~LogWriter() = default;
  virtual const std::string& Now() const = 0;
  virtual Result<std::int64_t> Size() = 0;
  virtual Result<LogLeaf> Append(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                                 std::optional<std::int64_t> version = std::nullopt) = 0;
  virtual Result<std::optional<LogLeaf>> LatestOf(std::string_view record_type, std::int64_t record_id) = 0;
  // The audit log's newest entry: (seq, hash); (0, genesis) when empty.
  virtual Result<std::pair<std::int64_t, std::string>> AuditHead() = 0;
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint() = 0;
  virtual Status InsertCheckpoint(const StoredCheckpoint& c) = 0;
};

class LogStore {
 public:
  virtual ~LogStore() = default;
  virtual Result<std::int64_t> Size() = 0;
  virtual Result<std::vector<LogLeaf>> Leaves(std::int64_t start, std::int64_t end) = 0;
  virtual Status ForEachHash(std::int64_t start, const std::function<void(std::int64_t, const tlog::Hash&)>& sink) = 0;
  virtual Result<std::optional<LogLeaf>> LatestOf(std::string_view record_type, std::int64_t record_id) = 0;
  virtual Result<std::vector<LogLeaf>> LatestOfType(std::string_view record_type) = 0;
  virtual Result<std::optional<std::int64_t>> FindByHash(const tlog::Hash& hash) = 0;
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint() = 0;
  virtual Result<std::optional<StoredCheckpoint>> CheckpointOfSize(std::int64_t size) = 0;
  virtual Result<std::vector<StoredCheckpoint>> Checkpoints() = 0;
  // Every leaf in index order, streamed (log verify reads the whole log once).
  virtual Status ForEachLeaf(const std::function<Status(const LogLeaf&)>& sink) = 0;
  // The audit log's newest entry: (seq, hash); (0, genesis) when empty.
  virtual Result<std::pair<std::int64_t, std::string>> AuditHead() = 0;
  virtual Status Write(const std::function<Status(LogWriter&)>& body) = 0;
};

class SqlLogStore final : public LogStore {
 public:
  explicit SqlLogStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Result<std::int64_t> Size() override;
  Result<std::vector<LogLeaf>> Leaves(std::int64_t start, std::int64_t end) override;
  Status ForEachHash(std::int64_t start, const std::function<void(std::int64_t, const tlog::Hash&)>& sink) override;
  Result<std::optional<LogLeaf>> LatestOf(std::string_view record_type, std::int64_t record_id) override;
  Result<std::vector<LogLeaf>> LatestOfType(std::string_view record_type) override;
  Result<std::optional<std::int64_t>> FindByHash(const tlog::Hash& hash) override;
  Result<std::optional<StoredCheckpoint>> LatestCheckpoint() override;
  Result<std::optional<StoredCheckpoint>> CheckpointOfSize(std::int64_t size) override;
  Result<std::vector<StoredCheckpoint>> Checkpoints() override;
  Status ForEachLeaf(const std::function<Status(const LogLeaf&)>& sink) override;
  Result<std::pair<std::int64_t, std::string>> AuditHead() override;
  Status Write(const std::function<Status(LogWriter&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
