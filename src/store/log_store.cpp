#include "store/log_store.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/audit_log.hpp"
#include "tlog/verify.hpp"

namespace proven::store {
namespace {

constexpr std::string_view kLeafColumns = "idx, kind, record_type, record_id, version, at, leaf, hash";

Result<tlog::Hash> HashFromHex(const std::string& hex) {
  if (hex.size() != 64) return Fail(ErrorCode::kInternal, "a stored log hash is not 64 hex digits");
  tlog::Hash h;
  for (std::size_t i = 0; i < 32; ++i) {
    unsigned v = 0;
    for (int j = 0; j < 2; ++j) {
      const char c = hex[i * 2 + j];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else return Fail(ErrorCode::kInternal, "a stored log hash is not hex");
    }
    h[i] = static_cast<unsigned char>(v);
  }
  return h;
}

Result<LogLeaf> ReadLeaf(const Statement& st) {
  LogLeaf l{st.Int(0), st.Text(1), st.Text(2), st.Int(3), st.Int(4), st.Text(5), st.Text(6), {}};
  auto h = HashFromHex(st.Text(7));
  // A damaged hash column reads as zeros: verification then reports the leaf, rather than the
  // whole log failing to load.
  if (h) l.hash = *h;
  return l;
}

Result<std::vector<LogLeaf>> Leaves(Statement& st) {
  std::vector<LogLeaf> out;
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto l = ReadLeaf(st);
    if (!l) return Fail(l.error());
    out.push_back(std::move(*l));
  }
  return out;
}

Result<StoredCheckpoint> ReadCheckpoint(const Statement& st) {
  StoredCheckpoint c;
  c.size = st.Int(0);
  auto h = HashFromHex(st.Text(1));
  if (h) c.root = *h;
  c.note = st.Text(2);
  c.verifier_key = st.Text(3);
  c.at = st.Text(4);
  return c;
}

Result<std::vector<StoredCheckpoint>> Checkpoints(Statement& st) {
  std::vector<StoredCheckpoint> out;
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto c = ReadCheckpoint(st);
    if (!c) return Fail(c.error());
    out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace

Result<LogLeaf> AppendLogLeaf(Connection& conn, std::string_view kind, std::int64_t record_id, std::string_view at,
                              std::string_view record_json, std::optional<std::int64_t> version) {
  const auto dot = kind.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == kind.size()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("log leaf kind '{}' is not <type>.<event>", kind));
  }
  LogLeaf l;
  l.kind = kind;
  l.record_type = kind.substr(0, dot);
  l.record_id = record_id;
  l.at = at;
  auto record = nlohmann::json::parse(record_json, nullptr, false);
  if (record.is_discarded() || !record.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("log leaf {} {}: the record is not a JSON object", kind, record_id));
  }
  auto size = LogSize(conn);
  if (!size) return Fail(size.error());
  l.index = *size;
  if (version) {
    l.version = *version;
  } else {
    auto count = conn.Prepare("SELECT COUNT(*) FROM log_leaves WHERE record_type = ? AND record_id = ?");
    if (!count) return Fail(count.error());
    count->Bind(1, l.record_type).Bind(2, record_id);
    auto row = count->Step();
    if (!row) return Fail(row.error());
    l.version = count->Int(0) + 1;
  }
  auto text = tlog::LeafText({l.kind, l.record_id, l.version, l.at, std::move(record)});
  if (!text) return Fail(text.error());
  l.leaf = std::move(*text);
  l.hash = tlog::LeafHash(l.leaf);
  auto ins = conn.Prepare(fmt::format("INSERT INTO log_leaves ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kLeafColumns));
  if (!ins) return Fail(ins.error());
  ins->Bind(1, l.index).Bind(2, l.kind).Bind(3, l.record_type).Bind(4, l.record_id).Bind(5, l.version).Bind(6, l.at)
      .Bind(7, l.leaf).Bind(8, tlog::Hex(l.hash));
  if (auto st = ins->Run(); !st) return Fail(st.error());
  return l;
}

Result<std::int64_t> LogSize(Connection& conn) {
  // Indexes run 0.. without gaps (each append takes the size as its index under the writer lock).
  auto st = conn.Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return st->Int(0);
}

Result<std::vector<LogLeaf>> ReadLogLeaves(Connection& conn, std::int64_t start, std::int64_t end) {
  auto st = conn.Prepare(fmt::format("SELECT {} FROM log_leaves WHERE idx >= ? AND idx < ? ORDER BY idx", kLeafColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, start).Bind(2, end);
  return Leaves(*st);
}

Result<std::optional<LogLeaf>> ReadLogLeaf(Connection& conn, std::int64_t index) {
  auto leaves = ReadLogLeaves(conn, index, index + 1);
  if (!leaves) return Fail(leaves.error());
  if (leaves->empty()) return std::optional<LogLeaf>();
  return std::optional<LogLeaf>(std::move(leaves->front()));
}

Status ForEachLogHash(Connection& conn, std::int64_t start,
                      const std::function<void(std::int64_t, const tlog::Hash&)>& sink) {
  auto st = conn.Prepare("SELECT idx, hash FROM log_leaves WHERE idx >= ? ORDER BY idx");
  if (!st) return Fail(st.error());
  st->Bind(1, start);
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto h = HashFromHex(st->Text(1));
    sink(st->Int(0), h ? *h : tlog::Hash{});
  }
  return {};
}

Result<std::optional<LogLeaf>> LatestLeafOf(Connection& conn, std::string_view record_type, std::int64_t record_id) {
  auto st = conn.Prepare(fmt::format(
      "SELECT {} FROM log_leaves WHERE record_type = ? AND record_id = ? ORDER BY idx DESC LIMIT 1", kLeafColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, record_type).Bind(2, record_id);
  auto leaves = Leaves(*st);
  if (!leaves) return Fail(leaves.error());
  if (leaves->empty()) return std::optional<LogLeaf>();
  return std::optional<LogLeaf>(std::move(leaves->front()));
}

Result<std::vector<LogLeaf>> LatestLeavesOf(Connection& conn, std::string_view record_type) {
  auto st = conn.Prepare(fmt::format(
      "SELECT {} FROM log_leaves WHERE idx IN (SELECT MAX(idx) FROM log_leaves WHERE record_type = ? GROUP BY record_id) "
      "ORDER BY record_id",
      kLeafColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, record_type);
  return Leaves(*st);
}

Result<std::optional<std::int64_t>> FindLogLeafByHash(Connection& conn, const tlog::Hash& hash) {
  auto st = conn.Prepare("SELECT MIN(idx) FROM log_leaves WHERE hash = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, tlog::Hex(hash));
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row || st->IsNull(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(st->Int(0));
}

Status InsertCheckpoint(Connection& conn, const StoredCheckpoint& c) {
  auto st = conn.Prepare(
      "INSERT INTO log_checkpoints (size, root, note, verifier_key, at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (size) DO NOTHING");
  if (!st) return Fail(st.error());
  st->Bind(1, c.size).Bind(2, tlog::Hex(c.root)).Bind(3, c.note).Bind(4, c.verifier_key).Bind(5, c.at);
  return st->Run();
}

Result<std::optional<StoredCheckpoint>> LatestCheckpoint(Connection& conn) {
  auto st = conn.Prepare("SELECT size, root, note, verifier_key, at FROM log_checkpoints ORDER BY size DESC LIMIT 1");
  if (!st) return Fail(st.error());
  auto all = Checkpoints(*st);
  if (!all) return Fail(all.error());
  if (all->empty()) return std::optional<StoredCheckpoint>();
  return std::optional<StoredCheckpoint>(std::move(all->front()));
}

Result<std::optional<StoredCheckpoint>> CheckpointOfSize(Connection& conn, std::int64_t size) {
  auto st = conn.Prepare("SELECT size, root, note, verifier_key, at FROM log_checkpoints WHERE size = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, size);
  auto all = Checkpoints(*st);
  if (!all) return Fail(all.error());
  if (all->empty()) return std::optional<StoredCheckpoint>();
  return std::optional<StoredCheckpoint>(std::move(all->front()));
}

Result<std::vector<StoredCheckpoint>> ListCheckpoints(Connection& conn) {
  auto st = conn.Prepare("SELECT size, root, note, verifier_key, at FROM log_checkpoints ORDER BY size");
  if (!st) return Fail(st.error());
  return Checkpoints(*st);
}

}  // namespace proven::store

namespace proven::store {
namespace {

Result<std::pair<std::int64_t, std::string>> AuditHeadOf(Connection& c) {
  auto st = c.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::pair<std::int64_t, std::string>{0, kAuditGenesis};
  return std::pair<std::int64_t, std::string>{st->Int(0), st->Text(1)};
}

class SqlLogWriter final : public LogWriter {
 public:
  SqlLogWriter(Connection& c, const Clock& clock) : c_(c), now_(clock.NowIso()) {}
  const std::string& Now() const override { return now_; }
  Result<std::int64_t> Size() override { return LogSize(c_); }
  Result<LogLeaf> Append(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                         std::optional<std::int64_t> version) override {
    return AppendLogLeaf(c_, kind, record_id, now_, record_json, version);
  }
  Result<std::optional<LogLeaf>> LatestOf(std::string_view record_type, std::int64_t record_id) override {
    return LatestLeafOf(c_, record_type, record_id);
  }
  Result<std::pair<std::int64_t, std::string>> AuditHead() override { return AuditHeadOf(c_); }
  Result<std::optional<StoredCheckpoint>> LatestCheckpoint() override { return store::LatestCheckpoint(c_); }
  Status InsertCheckpoint(const StoredCheckpoint& c) override { return store::InsertCheckpoint(c_, c); }

 private:
  Connection& c_;
  std::string now_;
};

// Runs `f(conn)` on a leased connection inside a read snapshot.
template <class F>
auto Reading(ConnectionPool& pool, F&& f) -> decltype(f(std::declval<Connection&>())) {
  auto conn = pool.Acquire();
  if (!conn) return Fail(conn.error());
  auto snapshot = ReadTransaction::Begin(**conn);
  if (!snapshot) return Fail(snapshot.error());
  return f(**conn);
}

}  // namespace

Result<std::int64_t> SqlLogStore::Size() {
  return Reading(pool_, [](Connection& c) { return LogSize(c); });
}
Result<std::vector<LogLeaf>> SqlLogStore::Leaves(std::int64_t start, std::int64_t end) {
  return Reading(pool_, [&](Connection& c) { return ReadLogLeaves(c, start, end); });
}
Status SqlLogStore::ForEachHash(std::int64_t start, const std::function<void(std::int64_t, const tlog::Hash&)>& sink) {
  return Reading(pool_, [&](Connection& c) { return ForEachLogHash(c, start, sink); });
}
Result<std::optional<LogLeaf>> SqlLogStore::LatestOf(std::string_view record_type, std::int64_t record_id) {
  return Reading(pool_, [&](Connection& c) { return LatestLeafOf(c, record_type, record_id); });
}
Result<std::vector<LogLeaf>> SqlLogStore::LatestOfType(std::string_view record_type) {
  return Reading(pool_, [&](Connection& c) { return LatestLeavesOf(c, record_type); });
}
Result<std::optional<std::int64_t>> SqlLogStore::FindByHash(const tlog::Hash& hash) {
  return Reading(pool_, [&](Connection& c) { return FindLogLeafByHash(c, hash); });
}
Result<std::optional<StoredCheckpoint>> SqlLogStore::LatestCheckpoint() {
  return Reading(pool_, [](Connection& c) { return store::LatestCheckpoint(c); });
}
Result<std::optional<StoredCheckpoint>> SqlLogStore::CheckpointOfSize(std::int64_t size) {
  return Reading(pool_, [&](Connection& c) { return store::CheckpointOfSize(c, size); });
}
Result<std::vector<StoredCheckpoint>> SqlLogStore::Checkpoints() {
  return Reading(pool_, [](Connection& c) { return ListCheckpoints(c); });
}

Status SqlLogStore::ForEachLeaf(const std::function<Status(const LogLeaf&)>& sink) {
  return Reading(pool_, [&](Connection& c) -> Status {
    auto st = c.Prepare(fmt::format("SELECT {} FROM log_leaves ORDER BY idx", kLeafColumns));
    if (!st) return Fail(st.error());
    for (;;) {
      auto row = st->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      auto l = ReadLeaf(*st);
      if (!l) return Fail(l.error());
      if (auto s = sink(*l); !s) return s;
    }
    return {};
  });
}

Result<std::pair<std::int64_t, std::string>> SqlLogStore::AuditHead() {
  return Reading(pool_, [](Connection& c) { return AuditHeadOf(c); });
}

Status SqlLogStore::Write(const std::function<Status(LogWriter&)>& body) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  SqlLogWriter writer(**conn, clock_);
  if (auto st = body(writer); !st) return st;
  return tx->Commit();
}

}  // namespace proven::store
