#include "store/pg_db.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <cstring>
#include <unordered_map>

#include <fmt/core.h>

namespace proven::store {
namespace {

// SQLSTATE classes and codes that mean "try again": the writer lock or a row lock stayed taken
// (55P03 lock_not_available), a serialization failure or deadlock (40001, 40P01), a statement
// cancelled by a timeout (57014), the server going away or refusing (08…, 57P0…, 53300).
bool Transient(std::string_view state) {
  return state.starts_with("08") || state == "55P03" || state == "40001" || state == "40P01" || state == "57014" ||
         state.starts_with("57P0") || state == "53300";
}

Error ResultError(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state_c = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_c ? state_c : "";
  std::string msg = res ? PQresultErrorMessage(res) : "";
  if (msg.empty()) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::string detail = fmt::format("{}: {} ({})", what, msg, state.empty() ? "no SQLSTATE" : state);
  if (state.empty() && PQstatus(conn) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, "the database cannot be reached; try again shortly", std::move(detail));
  }
  if (Transient(state)) {
    return MakeError(ErrorCode::kUnavailable,
                     "the registry is busy with another write (for example a large import); try again shortly",
                     std::move(detail));
  }
  return MakeError(state.starts_with("23") ? ErrorCode::kAlreadyExists : ErrorCode::kInternal, "database error",
                   std::move(detail));
}

constexpr Oid kByteaOid = 17;

// bytea as a text parameter: the hex form, \x followed by two hex digits a byte.
std::string ByteaHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 + bytes.size() * 2);
  out += "\\x";
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A bytea value as the server sends it in text format: the hex form (the default, \x…) or the
// older escape form (bytea_output = escape: \\ for a backslash, \ooo for other bytes).
std::string DecodeBytea(std::string_view text) {
  std::string out;
  if (text.starts_with("\\x")) {
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
      const int hi = HexValue(text[i]);
      const int lo = HexValue(text[i + 1]);
      if (hi < 0 || lo < 0) break;
      out += static_cast<char>((hi << 4) | lo);
    }
    return out;
  }
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < text.size()) {
      const int v = (text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
      out += static_cast<char>(v);
      i += 3;
    }
  }
  return out;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection;

class PgStatement final : public StatementImpl {
 public:
  PgStatement(PgConnection* conn, std::string name, std::string sql, int params, std::vector<Oid> types)
      : conn_(conn), name_(std::move(name)), sql_(std::move(sql)), params_(static_cast<std::size_t>(params)),
        types_(std::move(types)) {}
  void Bind(int index, std::string_view text) override {
    if (index >= 1 && static_cast<std::size_t>(index) <= params_.size()) params_[index - 1] = std::string(text);
  }
  void Bind(int index, std::int64_t value) override { Bind(index, std::string_view(std::to_string(value))); }
  // Text-format parameters throughout: bytea takes its hex form as text.
  void BindBlob(int index, std::string_view bytes) override { Bind(index, std::string_view(ByteaHex(bytes))); }
  Result<bool> Step() override;
  void Reset() override {
    res_.reset();
    executed_ = false;
    row_ = -1;
    for (auto& p : params_) p.reset();
  }
  std::string Text(int col) const override {
    if (!res_ || row_ < 0 || PQgetisnull(res_.get(), row_, col)) return {};
    return std::string(PQgetvalue(res_.get(), row_, col), static_cast<std::size_t>(PQgetlength(res_.get(), row_, col)));
  }
  std::int64_t Int(int col) const override {
    if (!res_ || row_ < 0 || PQgetisnull(res_.get(), row_, col)) return 0;
    const char* v = PQgetvalue(res_.get(), row_, col);
    const char* end = v + PQgetlength(res_.get(), row_, col);
    if (v != end && (*v == 't' || *v == 'f')) return *v == 't' ? 1 : 0;  // a boolean column
    std::int64_t out = 0;
    std::from_chars(v, end, out);
    return out;
  }
  // A bytea column arrives in text format (hex); anything else is its text.
  std::string Blob(int col) const override {
    if (!res_ || row_ < 0 || PQgetisnull(res_.get(), row_, col)) return {};
    std::string_view text(PQgetvalue(res_.get(), row_, col), static_cast<std::size_t>(PQgetlength(res_.get(), row_, col)));
    return PQftype(res_.get(), col) == kByteaOid ? DecodeBytea(text) : std::string(text);
  }
  bool IsNull(int col) const override { return !res_ || row_ < 0 || PQgetisnull(res_.get(), row_, col); }
  std::int64_t Changes() const override { return changes_; }

 private:
  PgConnection* conn_;
  std::string name_;  // the server-side prepared statement; empty: sent with its text each time
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  std::vector<Oid> types_;  // for a statement sent unprepared
  ResultPtr res_;
  bool executed_ = false;
  int row_ = -1;
  int rows_ = 0;
  std::int64_t changes_ = 0;
};

void IgnoreNotice(void*, const char*) {}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  Dialect dialect() const override { return Dialect::kPostgres; }
  PGconn* raw() { return conn_; }

  Status Exec(std::string_view sql) override {
    const std::string s(sql);
    ResultPtr res(PQexec(conn_, s.c_str()));
    const auto st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Fail(ResultError(conn_, res.get(), s.substr(0, 80)));
    return {};
  }

  Result<Statement> Prepare(std::string_view sql) override {
    int params = 0;
    std::vector<bool> used;
    std::string text = ToPostgresPlaceholders(sql, &params, &used);
    // A parameter the text never mentions (a filter left out) is declared text, since the server
    // cannot infer its type; the others are inferred from where they stand.
    std::vector<Oid> types(static_cast<std::size_t>(params), 0);
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (i >= used.size() || !used[i]) types[i] = 25;  // TEXTOID
    }
    if (auto it = prepared_.find(text); it != prepared_.end()) {
      return Statement(std::make_unique<PgStatement>(this, it->second, std::move(text), params, std::vector<Oid>{}));
    }
    // Statements are prepared on the server once per connection and kept: a store runs the same
    // few dozen texts again and again. Past kMaxPrepared distinct texts, the rest go unprepared.
    std::string name;
    if (prepared_.size() < kMaxPrepared) {
      name = fmt::format("p{}", prepared_.size() + 1);
      ResultPtr res(PQprepare(conn_, name.c_str(), text.c_str(), params, types.data()));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        return Fail(ResultError(conn_, res.get(), std::string_view(text).substr(0, 80)));
      }
      prepared_.emplace(text, name);
    }
    return Statement(std::make_unique<PgStatement>(this, std::move(name), std::move(text), params, std::move(types)));
  }

  Status BeginWrite() override {
    return Exec(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", kWriterLock));
  }
  Status BeginRead() override { return Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  bool Reusable() override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }
  // An idle connection has nothing to say: anything readable on its socket is the server's
  // goodbye (a termination notice, then end of file), or something this layer did not ask for.
  bool Alive() override {
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    pollfd pfd{PQsocket(conn_), POLLIN, 0};
    return ::poll(&pfd, 1, 0) == 0;
  }

 private:
  static constexpr std::size_t kMaxPrepared = 512;
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // text → name
};

Result<bool> PgStatement::Step() {
  if (!executed_) {
    std::vector<const char*> values(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i) values[i] = params_[i] ? params_[i]->c_str() : nullptr;
    const int n = static_cast<int>(values.size());
    PGconn* c = conn_->raw();
    res_.reset(name_.empty() ? PQexecParams(c, sql_.c_str(), n, types_.empty() ? nullptr : types_.data(), values.data(),
                                            nullptr, nullptr, 0)
                             : PQexecPrepared(c, name_.c_str(), n, values.data(), nullptr, nullptr, 0));
    const auto st = res_ ? PQresultStatus(res_.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = ResultError(c, res_.get(), std::string_view(sql_).substr(0, 80));
      res_.reset();
      return Fail(std::move(e));
    }
    executed_ = true;
    row_ = -1;
    rows_ = PQntuples(res_.get());
    const char* tuples = PQcmdTuples(res_.get());
    changes_ = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), changes_);
  }
  if (row_ + 1 < rows_) {
    ++row_;
    return true;
  }
  row_ = rows_;
  return false;
}

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, int busy_timeout_ms) {
  // An unreachable host must not hold a request for minutes: 5 s to connect unless the URL says
  // otherwise (a later keyword overrides what the URL sets, so it is added only when absent).
  const bool has_timeout = url.find("connect_timeout=") != std::string::npos;
  const char* keywords[] = {"dbname", has_timeout ? nullptr : "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), "5", "proven", nullptr};
  if (has_timeout) {
    keywords[1] = "application_name";
    values[1] = "proven";
    keywords[2] = nullptr;
  }
  PGconn* c = PQconnectdbParams(keywords, values, 1);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string detail = c ? PQerrorMessage(c) : "out of memory";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    PQfinish(c);
    DatabaseTarget t{Dialect::kPostgres, url};
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot connect to the database {}", t.Display()),
                std::move(detail));
  }
  PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
  auto conn = std::make_unique<PgConnection>(c);
  if (auto st = conn->Exec(fmt::format("SET client_encoding = 'UTF8'; SET lock_timeout = {}; "
                                       "SET idle_in_transaction_session_timeout = 600000",
                                       busy_timeout_ms));
      !st) {
    return Fail(st.error());
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

PgListener::PgListener(std::string url, std::string channel) : url_(std::move(url)), channel_(std::move(channel)) {}

PgListener::~PgListener() {
  if (conn_) PQfinish(static_cast<PGconn*>(conn_));
}

bool PgListener::Connect() {
  if (conn_) PQfinish(static_cast<PGconn*>(conn_));
  conn_ = nullptr;
  PGconn* c = PQconnectdb(url_.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return false;
  }
  PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
  char* ident = PQescapeIdentifier(c, channel_.c_str(), channel_.size());
  ResultPtr res(PQexec(c, fmt::format("LISTEN {}", ident ? ident : "proven").c_str()));
  PQfreemem(ident);
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    PQfinish(c);
    return false;
  }
  conn_ = c;
  return true;
}

bool PgListener::Wait(std::chrono::milliseconds timeout) {
  auto* c = static_cast<PGconn*>(conn_);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    if (!Connect()) {
      ::poll(nullptr, 0, static_cast<int>(timeout.count()));  // the server is away: wait, then try again
      return false;
    }
    return true;  // anything may have happened while the link was down
  }
  auto drain = [&] {
    bool any = false;
    while (PGnotify* n = PQnotifies(c)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  };
  if (drain()) return true;
  pollfd pfd{PQsocket(c), POLLIN, 0};
  const int r = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  if (r <= 0) return false;
  if (!PQconsumeInput(c)) return true;  // the link dropped: reconnect on the next call
  return drain();
}

}  // namespace proven::store
