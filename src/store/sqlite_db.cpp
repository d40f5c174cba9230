#include "store/sqlite_db.hpp"

#include <filesystem>

#include <fmt/core.h>

namespace proven::store {
namespace {

class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(SqliteConnection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  void Bind(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindBlob(int index, std::string_view bytes) override {
    // A null pointer would bind NULL: empty content is a zero-length blob.
    if (bytes.empty()) {
      sqlite3_bind_zeroblob(stmt_, index, 0);
    } else {
      sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    }
  }
  Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(conn_->raw());
      return false;
    }
    const char* sql = sqlite3_sql(stmt_);
    return Fail(conn_->MakeSqlError(sql ? std::string_view(sql).substr(0, 80) : ""));
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }
  std::int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  std::string Blob(int col) const override {
    const void* p = sqlite3_column_blob(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t Changes() const override { return changes_; }

 private:
  SqliteConnection* conn_;
  sqlite3_stmt* stmt_;
  std::int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::OpenFile(const std::string& path, bool create,
                                                                     int busy_timeout_ms) {
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
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    if (auto st = conn->Exec(pragma); !st) return Fail(st.error());
  }
  return conn;
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

Error SqliteConnection::MakeSqlError(std::string_view what) const {
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

Status SqliteConnection::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Error e = MakeSqlError(std::string_view(s).substr(0, 80));
    sqlite3_free(err);
    return Fail(std::move(e));
  }
  return {};
}

Result<Statement> SqliteConnection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return Fail(MakeSqlError(sql.substr(0, 80)));
  }
  return Statement(std::make_unique<SqliteStatement>(this, stmt));
}

Status BackupSqlite(const std::string& from, const std::string& to, int busy_timeout_ms) {
  if (std::error_code ec; std::filesystem::exists(to, ec)) {
    return Fail(ErrorCode::kAlreadyExists, fmt::format("{} exists; a backup never overwrites a file", to), {}, "to");
  }
  auto src = SqliteConnection::OpenFile(from, false, busy_timeout_ms);
  if (!src) return Fail(src.error());
  auto dst = SqliteConnection::OpenFile(to, true, busy_timeout_ms);
  if (!dst) return Fail(dst.error());
  sqlite3_backup* b = sqlite3_backup_init((*dst)->raw(), "main", (*src)->raw(), "main");
  if (!b) return Fail((*dst)->MakeSqlError("backup"));
  // In steps of 256 pages: between steps the source is free for writers; a write by another
  // connection restarts the copy, a write through this one is carried over (SQLite's docs).
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    Error e = (*dst)->MakeSqlError("backup");
    dst->reset();
    std::error_code ec;
    std::filesystem::remove(to, ec);
    return Fail(std::move(e));
  }
  return {};
}

}  // namespace proven::store
