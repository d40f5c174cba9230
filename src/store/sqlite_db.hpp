#pragma once
// The SQLite side of store/db.hpp, for the few callers that need SQLite itself (the online backup,
// a benchmark's custom SQL function).
#include <sqlite3.h>

#include "store/db.hpp"

namespace proven::store {

class SqliteConnection final : public Connection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> OpenFile(const std::string& path, bool create, int busy_timeout_ms);
  ~SqliteConnection() override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Exec(std::string_view sql) override;
  Result<Statement> Prepare(std::string_view sql) override;
  Status BeginWrite() override { return Exec("BEGIN IMMEDIATE"); }
  Status BeginRead() override { return Exec("BEGIN"); }
  sqlite3* raw() { return db_; }
  Error MakeSqlError(std::string_view what) const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Copies the whole database at `from` into a new file `to` with SQLite's online backup API: a
// consistent copy while other connections read and write. kAlreadyExists when `to` exists.
Status BackupSqlite(const std::string& from, const std::string& to, int busy_timeout_ms = kBusyTimeoutMs);

}  // namespace proven::store
