#pragma once
// A thin RAII layer over SQLite 3.40: connections with the pragmas Proven relies on, prepared
// statements with bound parameters, and BEGIN IMMEDIATE transactions that roll back unless
// committed. Every failure is a Result; nothing here throws.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::store {

class Statement;

// How long a connection waits for another connection's write lock before the call fails with
// kUnavailable. Readers never wait in WAL mode; writers queue behind one another (a workflow
// write takes milliseconds, a large import seconds), so they wait long.
inline constexpr int kBusyTimeoutMs = 30000;

class Connection {
 public:
  // Opens (creating if needed) with WAL, synchronous=NORMAL, foreign_keys=ON, busy_timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                  int busy_timeout_ms = kBusyTimeoutMs);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  std::int64_t LastInsertId() const;
  sqlite3* raw() { return db_; }
  Error MakeSqlError(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

class Statement {
 public:
  Statement(Statement&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  Status Run();  // steps to completion
  // Makes the statement ready to bind and run again.
  void Reset();
  std::string Text(int col) const;
  std::int64_t Int(int col) const;
  bool IsNull(int col) const;

 private:
  friend class Connection;
  Statement(Connection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  Connection* conn_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE; rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  Transaction(Transaction&& o) noexcept : conn_(o.conn_), open_(o.open_) { o.open_ = false; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection& conn) : conn_(&conn), open_(true) {}
  Connection* conn_;
  bool open_;
};

// Connections are not shared between threads: each user leases one.
class ConnectionPool {
 public:
  ConnectionPool(std::string path, bool create, int busy_timeout_ms = kBusyTimeoutMs)
      : path_(std::move(path)), create_(create), busy_timeout_ms_(busy_timeout_ms) {}
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };
  Result<Lease> Acquire();
  const std::string& path() const { return path_; }

 private:
  void Release(std::unique_ptr<Connection> c);
  std::string path_;
  bool create_;
  int busy_timeout_ms_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace proven::store
