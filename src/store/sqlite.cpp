#include "store/sqlite.hpp"

#include <fmt/core.h>

namespace proven::store {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(rc == SQLITE_CANTOPEN ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                fmt::format("cannot open the database {}", path), detail);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<Connection> conn(new Connection(db));
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                             "PRAGMA foreign_keys=ON"}) {
    if (auto st = conn->Exec(pragma); !st) return Fail(st.error());
  }
  return conn;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

Error Connection::MakeSqlError(std::string_view what) const {
  const int code = sqlite3_extended_errcode(db_);
  const int primary = code & 0xff;
  std::string detail = fmt::format("{}: {} ({})", what, sqlite3_errmsg(db_), code);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    // Another connection held the write lock for longer than the busy timeout (a long import).
    return MakeError(ErrorCode::kUnavailable,
                     "the registry is busy with another write (for example a large import); try again shortly",
                     std::move(detail));
  }
  return MakeError(primary == SQLITE_CONSTRAINT ? ErrorCode::kAlreadyExists : ErrorCode::kInternal, "database error",
                   std::move(detail));
}

Status Connection::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Error e = MakeSqlError(s.substr(0, 80));
    sqlite3_free(err);
    return Fail(std::move(e));
  }
  return {};
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return Fail(MakeSqlError(sql.substr(0, 80)));
  }
  return Statement(this, stmt);
}

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(conn_->MakeSqlError(sqlite3_sql(stmt_) ? std::string_view(sqlite3_sql(stmt_)).substr(0, 80) : ""));
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return Fail(r.error());
    if (!*r) return {};
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<Transaction> Transaction::Begin(Connection& conn) {
  if (auto st = conn.Exec("BEGIN IMMEDIATE"); !st) return Fail(st.error());
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

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
  }
  auto c = Connection::Open(path_, create_, busy_timeout_ms_);
  if (!c) return Fail(c.error());
  return Lease(this, std::move(*c));
}

void ConnectionPool::Release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
}

}  // namespace proven::store
