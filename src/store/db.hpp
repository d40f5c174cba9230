#pragma once
// The one SQL layer every store uses, over two databases: SQLite 3.40 (the embedded default, a
// file path) and PostgreSQL 15 (a libpq URL, for several instances on one database). Stores write
// SQL once, with `?` or `?N` placeholders, in the subset both dialects share; the few places that
// differ ask `dialect()`. Connections, statements with bound parameters, and transactions that
// roll back unless committed. Every failure is a Result; nothing here throws.
//
// Transactions (docs/adr/0007): a write transaction holds the database's one writer lock from its
// first statement to its end, on both databases: SQLite's BEGIN IMMEDIATE, PostgreSQL's
// transaction-scoped advisory lock kWriterLock. Writers therefore commit in the order they
// started, which keeps the audit log one hash chain and the change feed gap-free. A read
// transaction is a snapshot (WAL / REPEATABLE READ READ ONLY) that never waits for writers.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::store {

enum class Dialect { kSqlite, kPostgres };
std::string_view DialectName(Dialect d);  // "sqlite", "postgresql"

// Where the data lives: a SQLite file path or a PostgreSQL URL (postgresql://user@host:port/db).
struct DatabaseTarget {
  Dialect dialect = Dialect::kSqlite;
  std::string location;  // the path or the URL as given
  // kInvalidArgument for an empty value, a URL of another scheme, or a folder.
  static Result<DatabaseTarget> Parse(std::string_view spec);
  // For messages and logs: the URL without its password.
  std::string Display() const;
};

// How long a connection waits for another connection's write lock before the call fails with
// kUnavailable. Readers never wait; writers queue behind one another (a workflow write takes
// milliseconds, a large import seconds), so they wait long.
inline constexpr int kBusyTimeoutMs = 30000;

// The PostgreSQL advisory lock every write transaction holds (ASCII "PROV" "wr").
inline constexpr std::int64_t kWriterLock = 0x50524f560077;

class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void Bind(int index, std::string_view text) = 0;
  virtual void Bind(int index, std::int64_t value) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual Result<bool> Step() = 0;
  virtual void Reset() = 0;
  virtual std::string Text(int col) const = 0;
  virtual std::int64_t Int(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  virtual std::int64_t Changes() const = 0;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) = delete;

  // Parameters count from 1; a parameter left unbound is NULL.
  Statement& Bind(int index, std::string_view text) {
    impl_->Bind(index, text);
    return *this;
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, std::int64_t value) {
    impl_->Bind(index, value);
    return *this;
  }
  // Binary content (any bytes, NUL included) for a BLOB (SQLite) / BYTEA (PostgreSQL) column.
  Statement& BindBlob(int index, std::string_view bytes) {
    impl_->BindBlob(index, bytes);
    return *this;
  }
  // Steps once: true when a row is available, false when done.
  Result<bool> Step() { return impl_->Step(); }
  Status Run();  // steps to completion
  // Makes the statement ready to bind and run again (and unbinds every parameter).
  void Reset() { impl_->Reset(); }
  std::string Text(int col) const { return impl_->Text(col); }
  std::int64_t Int(int col) const { return impl_->Int(col); }
  // The bytes of a BLOB / BYTEA column (empty for NULL).
  std::string Blob(int col) const { return impl_->Blob(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }
  // Rows inserted, updated or deleted by the statement's last run.
  std::int64_t Changes() const { return impl_->Changes(); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

// Runs an INSERT … RETURNING id and gives the id.
Result<std::int64_t> RunReturningId(Statement& st);

class Connection {
 public:
  // SQLite: opens (creating when `create`) with WAL, synchronous=NORMAL, foreign_keys=ON and the
  // busy timeout. PostgreSQL: connects (the database must exist; `create` does not apply) with
  // lock_timeout = the busy timeout, UTF-8, and notices silenced.
  static Result<std::unique_ptr<Connection>> Open(const DatabaseTarget& target, bool create,
                                                  int busy_timeout_ms = kBusyTimeoutMs);
  static Result<std::unique_ptr<Connection>> Open(std::string_view spec, bool create,
                                                  int busy_timeout_ms = kBusyTimeoutMs);
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters.
  virtual Status Exec(std::string_view sql) = 0;
  virtual Result<Statement> Prepare(std::string_view sql) = 0;
  // BEGIN with the writer lock (see above); kUnavailable when it stays taken past the timeout.
  virtual Status BeginWrite() = 0;
  // BEGIN a read-only snapshot.
  virtual Status BeginRead() = 0;
  // Whether the pool may hand this connection out again (PostgreSQL: the link is up and no
  // transaction is left open).
  virtual bool Reusable() { return true; }
  // Whether an idle connection is still up (PostgreSQL: reads what the server may have sent, such
  // as a termination notice, without blocking). The pool drops one that is not.
  virtual bool Alive() { return true; }

 protected:
  Connection() = default;
};

// BeginWrite; rolls back on destruction unless Commit() succeeded.
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

// BeginRead; ends (COMMIT) on destruction.
class ReadTransaction {
 public:
  static Result<ReadTransaction> Begin(Connection& conn);
  ReadTransaction(ReadTransaction&& o) noexcept : conn_(o.conn_) { o.conn_ = nullptr; }
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();

 private:
  explicit ReadTransaction(Connection& conn) : conn_(&conn) {}
  Connection* conn_;
};

// Connections are not shared between threads: each user leases one.
class ConnectionPool {
 public:
  // `spec` is a path or URL (DatabaseTarget::Parse); a bad one fails every Acquire.
  ConnectionPool(std::string_view spec, bool create, int busy_timeout_ms = kBusyTimeoutMs);
  ConnectionPool(DatabaseTarget target, bool create, int busy_timeout_ms = kBusyTimeoutMs);
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
  // The dialect of the target (SQLite when the spec did not parse).
  Dialect dialect() const { return target_ ? target_->dialect : Dialect::kSqlite; }
  const std::optional<DatabaseTarget>& target() const { return target_; }
  int busy_timeout_ms() const { return busy_timeout_ms_; }

 private:
  void Release(std::unique_ptr<Connection> c);
  std::optional<DatabaseTarget> target_;
  Error parse_error_;
  bool create_;
  int busy_timeout_ms_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// PostgreSQL: `sql` with `?` placeholders numbered ($1, $2, …) and `?N` turned into `$N`, outside
// quoted strings and identifiers; sets `params` to the highest number used and, when given,
// `used[n - 1]` to whether $n appears (PostgreSQL cannot infer the type of one that does not).
std::string ToPostgresPlaceholders(std::string_view sql, int* params, std::vector<bool>* used = nullptr);

}  // namespace proven::store
