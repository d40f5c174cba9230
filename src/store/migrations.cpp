#include "store/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/chrono.h>
#include <fmt/core.h>

#include "core/embedded.hpp"

namespace proven::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Creates schema_migrations when missing, under the writer lock (two PostgreSQL instances starting
// together would otherwise race on CREATE TABLE IF NOT EXISTS).
Status EnsureTable(Connection& conn) {
  auto tx = Transaction::Begin(conn);
  if (!tx) return Fail(tx.error());
  if (auto st = conn.Exec(kCreateTable); !st) return st;
  return tx->Commit();
}

Result<std::set<int>> AppliedVersions(Connection& conn) {
  auto stmt = conn.Prepare("SELECT version FROM schema_migrations");
  if (!stmt) return Fail(stmt.error());
  std::set<int> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.insert(static_cast<int>(stmt->Int(0)));
  }
  return out;
}

}  // namespace

const std::vector<Migration>& AllMigrations(Dialect dialect) {
  static const auto load = [](std::string_view dir) {
    std::vector<Migration> v;
    for (const auto& f : migrations_files()) {
      const std::string path(f.name);
      if (!path.starts_with(dir) || path.size() <= dir.size() || path[dir.size()] != '/') continue;
      const std::string name = path.substr(dir.size() + 1);
      v.push_back({std::stoi(name.substr(0, 4)), name, std::string(f.data)});
    }
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    return v;
  };
  static const std::vector<Migration> kSqlite = load("sqlite");
  static const std::vector<Migration> kPostgres = load("postgresql");
  return dialect == Dialect::kPostgres ? kPostgres : kSqlite;
}

Result<std::vector<Migration>> PendingMigrations(Connection& conn) {
  if (auto st = EnsureTable(conn); !st) return Fail(st.error());
  auto applied = AppliedVersions(conn);
  if (!applied) return Fail(applied.error());
  std::vector<Migration> out;
  for (const auto& m : AllMigrations(conn.dialect())) {
    if (!applied->contains(m.version)) out.push_back(m);
  }
  return out;
}

Result<std::vector<std::string>> ApplyMigrations(Connection& conn) {
  auto pending = PendingMigrations(conn);
  if (!pending) return Fail(pending.error());
  std::vector<std::string> names;
  for (const auto& m : *pending) {
    auto tx = Transaction::Begin(conn);
    if (!tx) return Fail(tx.error());
    auto again = AppliedVersions(conn);  // another process may have applied it meanwhile
    if (!again) return Fail(again.error());
    if (again->contains(m.version)) continue;
    if (auto st = conn.Exec(m.sql); !st) {
      Error e = st.error();
      e.message = fmt::format("migration {} failed", m.name);
      return Fail(std::move(e));
    }
    auto ins = conn.Prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, static_cast<std::int64_t>(m.version)).Bind(2, m.name)
        .Bind(3, fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()))));
    if (auto st = ins->Run(); !st) return Fail(st.error());
    if (auto st = tx->Commit(); !st) return Fail(st.error());
    names.push_back(m.name);
  }
  return names;
}

}  // namespace proven::store
