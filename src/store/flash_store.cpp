// One-time notices after an action, per session and page (migration 0015, docs/api.md "Notices
// after an action (flash)"). Part of AccountStore: sessions own them.
#include <algorithm>

#include "store/account_store.hpp"

namespace proven::store {

Status AccountStore::AddFlash(const FlashRecord& f) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  Connection& c = **conn;
  auto tx = Transaction::Begin(c);
  if (!tx) return Fail(tx.error());
  auto old = c.Prepare("DELETE FROM session_flashes WHERE id_hash = ? AND created_at < ?");
  if (!old) return Fail(old.error());
  old->Bind(1, f.id_hash).Bind(2, f.created_at - kFlashTtlSeconds);
  if (auto st = old->Run(); !st) return st;
  // Only for a live session: a notice for a session that ended in the meantime is not an error
  // worth a foreign-key failure, it is simply not kept.
  auto ins = c.Prepare(
      "INSERT INTO session_flashes (id_hash, path, message_key, args, created_at) "
      "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sessions WHERE id_hash = ?)");
  if (!ins) return Fail(ins.error());
  ins->Bind(1, f.id_hash).Bind(2, f.path).Bind(3, f.message_key).Bind(4, f.args_json).Bind(5, f.created_at);
  ins->Bind(6, f.id_hash);
  if (auto st = ins->Run(); !st) return st;
  if (ins->Changes() == 0) return Fail(ErrorCode::kNotFound, "no such session");
  auto cap = c.Prepare(
      "DELETE FROM session_flashes WHERE id_hash = ? AND id NOT IN "
      "(SELECT id FROM session_flashes WHERE id_hash = ? ORDER BY id DESC LIMIT ?)");
  if (!cap) return Fail(cap.error());
  cap->Bind(1, f.id_hash).Bind(2, f.id_hash).Bind(3, std::int64_t{kMaxFlashes});
  if (auto st = cap->Run(); !st) return st;
  return tx->Commit();
}

Result<std::vector<FlashRecord>> AccountStore::TakeFlashes(const std::string& id_hash, const std::string& path,
                                                           std::int64_t now) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  Connection& c = **conn;
  {
    // Most page views have no notice waiting: a read, without taking the writer's lock.
    auto any = c.Prepare("SELECT 1 FROM session_flashes WHERE id_hash = ? AND path = ? LIMIT 1");
    if (!any) return Fail(any.error());
    any->Bind(1, id_hash).Bind(2, path);
    auto row = any->Step();
    if (!row) return Fail(row.error());
    const bool waiting = *row;
    any->Reset();  // no read left open on the connection before the write transaction
    if (!waiting) return std::vector<FlashRecord>{};
  }
  auto tx = Transaction::Begin(c);
  if (!tx) return Fail(tx.error());
  auto del = c.Prepare(
      "DELETE FROM session_flashes WHERE id_hash = ? AND path = ? RETURNING id, message_key, args, created_at");
  if (!del) return Fail(del.error());
  del->Bind(1, id_hash).Bind(2, path);
  std::vector<std::pair<std::int64_t, FlashRecord>> rows;
  for (;;) {
    auto row = del->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    FlashRecord f{id_hash, path, del->Text(1), del->Text(2), del->Int(3)};
    if (f.created_at >= now - kFlashTtlSeconds) rows.emplace_back(del->Int(0), std::move(f));
  }
  if (auto st = tx->Commit(); !st) return Fail(st.error());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<FlashRecord> out;
  out.reserve(rows.size());
  for (auto& [id, f] : rows) out.push_back(std::move(f));
  return out;
}

}  // namespace proven::store
