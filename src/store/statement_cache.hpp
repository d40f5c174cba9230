#pragma once
// What every store's transaction object repeats: prepared statements kept for the transaction,
// stepping through rows, and running a body inside a write or read transaction. Header-only; used
// by the programme, verification, case and event stores.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::store {

// Statements prepared on first use on one connection, reset and ready to bind on every use.
class StatementCache {
 public:
  explicit StatementCache(Connection& c) : c_(c) {}
  Result<Statement*> Get(std::string_view sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      auto st = c_.Prepare(sql);
      if (!st) return Fail(st.error());
      it = statements_.emplace(std::string(sql), std::move(*st)).first;
    }
    it->second.Reset();
    return &it->second;
  }

 private:
  Connection& c_;
  std::map<std::string, Statement, std::less<>> statements_;
};

// Steps `st` to its end, handing each row to `row`.
template <typename F>
Status Rows(Statement& st, F&& row) {
  for (;;) {
    auto more = st.Step();
    if (!more) return Fail(more.error());
    if (!*more) return {};
    if (auto done = row(static_cast<const Statement&>(st)); !done) return done;
  }
}

// Steps once and reads the row, if any.
template <typename T, typename F>
Result<std::optional<T>> One(Statement& st, F&& read) {
  auto row = st.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<T>();
  Result<T> value = read(static_cast<const Statement&>(st));
  if (!value) return Fail(value.error());
  return std::optional<T>(std::move(*value));
}

// Runs an UPDATE that must change a row; kNotFound with `missing` otherwise.
inline Status RunChanging(Statement& st, std::string_view missing) {
  if (auto done = st.Run(); !done) return done;
  if (st.Changes() == 0) return Fail(ErrorCode::kNotFound, std::string(missing));
  return {};
}

// Runs `body` with a transaction object `Impl(connection, clock)` inside a write transaction,
// which commits when `body` succeeds and rolls back otherwise. The object (and its statements)
// is gone before the commit.
template <typename Impl, typename Body>
Status InWriteTransaction(ConnectionPool& pool, const Clock& clock, const Body& body) {
  auto conn = pool.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  {
    Impl writer(**conn, clock);
    if (auto st = body(writer); !st) return st;  // the transaction rolls back
  }
  return tx->Commit();
}

// Runs `body` with a transaction object `Impl(connection, clock)` in a read-only snapshot; the
// object is gone before the snapshot ends.
template <typename Impl, typename Body>
Status InReadTransaction(ConnectionPool& pool, const Clock& clock, const Body& body) {
  auto conn = pool.Acquire();
  if (!conn) return Fail(conn.error());
  auto snapshot = ReadTransaction::Begin(**conn);
  if (!snapshot) return Fail(snapshot.error());
  Impl reader(**conn, clock);
  return body(reader);
}

}  // namespace proven::store
