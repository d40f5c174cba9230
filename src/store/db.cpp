#include "store/db.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/core.h>

#include "store/pg_db.hpp"
#include "store/sqlite_db.hpp"

namespace proven::store {

std::string_view DialectName(Dialect d) { return d == Dialect::kPostgres ? "postgresql" : "sqlite"; }

Result<DatabaseTarget> DatabaseTarget::Parse(std::string_view spec) {
  if (spec.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "--db needs a SQLite database file path or a PostgreSQL URL (postgresql://user@host:port/db)", {},
                "db");
  }
  // A URL (scheme://…) is never read as a path: SQLite would take "mysql://h/db" for a relative
  // path and create a folder "mysql:".
  const std::size_t sep = spec.find("://");
  if (sep != std::string_view::npos && sep > 0 &&
      std::all_of(spec.begin(), spec.begin() + static_cast<std::ptrdiff_t>(sep), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '.' || c == '-';
      })) {
    const std::string scheme(spec.substr(0, sep));
    if (scheme == "postgresql" || scheme == "postgres") {
      if (spec.size() == sep + 3) {
        return Fail(ErrorCode::kInvalidArgument, "--db: the PostgreSQL URL names no host or database", {}, "db");
      }
      return DatabaseTarget{Dialect::kPostgres, std::string(spec)};
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("--db '{}' is a URL with the unsupported scheme '{}'; give a SQLite database file path "
                            "or a postgresql:// URL",
                            spec, scheme),
                {}, "db");
  }
  if (std::error_code ec; std::filesystem::is_directory(std::filesystem::path(spec), ec)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("--db {} is a folder; give a SQLite database file path", spec),
                {}, "db");
  }
  return DatabaseTarget{Dialect::kSqlite, std::string(spec)};
}

std::string DatabaseTarget::Display() const {
  if (dialect != Dialect::kPostgres) return location;
  // postgresql://user:secret@host/db → postgresql://user:***@host/db
  const std::size_t start = location.find("://") + 3;
  const std::size_t at = location.find('@', start);
  if (at == std::string::npos) return location;
  const std::size_t colon = location.find(':', start);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon + 1) + "***" + location.substr(at);
}

Result<std::unique_ptr<Connection>> Connection::Open(const DatabaseTarget& target, bool create, int busy_timeout_ms) {
  if (target.dialect == Dialect::kPostgres) return OpenPostgres(target.location, busy_timeout_ms);
  auto c = SqliteConnection::OpenFile(target.location, create, busy_timeout_ms);
  if (!c) return Fail(c.error());
  return std::unique_ptr<Connection>(std::move(*c));
}

Result<std::unique_ptr<Connection>> Connection::Open(std::string_view spec, bool create, int busy_timeout_ms) {
  auto target = DatabaseTarget::Parse(spec);
  if (!target) return Fail(target.error());
  return Open(*target, create, busy_timeout_ms);
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return Fail(r.error());
    if (!*r) return {};
  }
}

Result<std::int64_t> RunReturningId(Statement& st) {
  auto row = st.Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "database error", "INSERT … RETURNING id returned no row");
  const std::int64_t id = st.Int(0);
  if (auto done = st.Run(); !done) return Fail(done.error());
  return id;
}

Result<Transaction> Transaction::Begin(Connection& conn) {
  if (auto st = conn.BeginWrite(); !st) return Fail(st.error());
  return Transaction(conn);
}

Transaction::~Transaction() {
  if (open_) (void)conn_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (auto st = conn_->Exec("COMMIT"); !st) return st;
  open_ = false;
  return {};
}

Result<ReadTransaction> ReadTransaction::Begin(Connection& conn) {
  if (auto st = conn.BeginRead(); !st) return Fail(st.error());
  return ReadTransaction(conn);
}

ReadTransaction::~ReadTransaction() {
  if (conn_) (void)conn_->Exec("COMMIT");
}

ConnectionPool::ConnectionPool(std::string_view spec, bool create, int busy_timeout_ms)
    : create_(create), busy_timeout_ms_(busy_timeout_ms) {
  if (auto t = DatabaseTarget::Parse(spec)) {
    target_ = std::move(*t);
  } else {
    parse_error_ = t.error();
  }
}

ConnectionPool::ConnectionPool(DatabaseTarget target, bool create, int busy_timeout_ms)
    : target_(std::move(target)), create_(create), busy_timeout_ms_(busy_timeout_ms) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  if (!target_) return Fail(parse_error_);
  {
    std::unique_lock lock(mu_);
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      // A connection the server closed while it sat idle (a restart, a failover, an idle timeout)
      // is dropped here rather than failing the request that would have used it.
      if (c->Alive()) return Lease(this, std::move(c));
      lock.lock();
    }
  }
  auto c = Connection::Open(*target_, create_, busy_timeout_ms_);
  if (!c) return Fail(c.error());
  return Lease(this, std::move(*c));
}

void ConnectionPool::Release(std::unique_ptr<Connection> c) {
  if (!c->Reusable()) return;  // a dropped link or a transaction left open: close it
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
}

std::string ToPostgresPlaceholders(std::string_view sql, int* params, std::vector<bool>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  int highest = 0;
  if (used) used->clear();
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy the quoted text as it is (a doubled quote inside stays inside).
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (c != '?') {
      out.push_back(c);
      continue;
    }
    std::size_t j = i + 1;
    int n = 0;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) n = n * 10 + (sql[j++] - '0');
    if (j == i + 1) n = ++next;  // a bare `?` takes the next number
    highest = std::max(highest, n);
    if (used && n > 0) {
      if (used->size() < static_cast<std::size_t>(n)) used->resize(static_cast<std::size_t>(n), false);
      (*used)[static_cast<std::size_t>(n) - 1] = true;
    }
    out += fmt::format("${}", n);
    i = j - 1;
  }
  if (params) *params = highest;
  return out;
}

}  // namespace proven::store
