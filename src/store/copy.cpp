#include "store/copy.hpp"

#include <fmt/core.h>

#include "store/audit_log.hpp"
#include "store/migrations.hpp"

namespace proven::store {
namespace {

struct TableSpec {
  const char* name;
  const char* columns;
  const char* order;
  const char* identity;  // the column a PostgreSQL identity sequence feeds, or nullptr
};

// Parents before children (foreign keys); the audit log last.
constexpr TableSpec kTables[] = {
    {"settings", "key, value", "key", nullptr},
    {"organisations", "id, name, kind, created_at", "id", "id"},
    {"users", "id, email, password_hash, organisation_id, disabled, created_at, password_changed_at", "id", "id"},
    {"user_roles", "user_id, role", "user_id, role", nullptr},
    {"api_tokens", "id, user_id, name, token_hash, created_at, revoked_at, last_used_at", "id", "id"},
    {"services",
     "id, name, provider, address, prefecture, overview, industries, regions, registered_on, expires_on, registrar, "
     "type, url, created_at, updated_at, state, state_reason, provenance",
     "id", "id"},
    {"service_events", "id, service_id, at, kind, detail, actor", "id", "id"},
    {"change_proposals", "id, service_id, proposed_by, fields, status, created_at, decided_by, decided_at, reason", "id",
     "id"},
    {"audit_log", "seq, at, actor, action, entity, before, after, prev_hash, hash", "seq", nullptr},
};

int CountColumns(std::string_view columns) {
  int n = 1;
  for (char c : columns) n += c == ',';
  return n;
}

Result<std::int64_t> CountRows(Connection& c, std::string_view table) {
  auto st = c.Prepare(fmt::format("SELECT COUNT(*) FROM {}", table));
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return st->Int(0);
}

Status CheckSchemas(Connection& from, Connection& to) {
  for (auto* c : {&from, &to}) {
    auto pending = PendingMigrations(*c);
    if (!pending) return Fail(pending.error());
    if (!pending->empty()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the {} database has {} pending migration(s) (first: {}); run proven migrate on it first",
                              c == &from ? "source" : "destination", pending->size(), pending->front().name));
    }
  }
  return {};
}

Result<std::int64_t> CopyTable(Connection& from, Connection& to, const TableSpec& t) {
  const int n = CountColumns(t.columns);
  auto read = from.Prepare(fmt::format("SELECT {} FROM {} ORDER BY {}", t.columns, t.name, t.order));
  if (!read) return Fail(read.error());
  std::string marks = "?";
  for (int i = 1; i < n; ++i) marks += ", ?";
  auto write = to.Prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, t.columns, marks));
  if (!write) return Fail(write.error());
  std::int64_t rows = 0;
  for (;;) {
    auto row = read->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    write->Reset();
    // Every value travels as its text (both databases convert to the column's type); NULL stays
    // NULL by being left unbound.
    for (int col = 0; col < n; ++col) {
      if (!read->IsNull(col)) write->Bind(col + 1, read->Text(col));
    }
    if (auto st = write->Run(); !st) {
      Error e = st.error();
      e.message = fmt::format("copying {} row {} failed", t.name, rows + 1);
      return Fail(std::move(e));
    }
    ++rows;
  }
  if (t.identity && to.dialect() == Dialect::kPostgres) {
    // Explicit ids leave the identity sequence behind: move it past the largest.
    if (auto st = to.Exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), "
                                      "COALESCE((SELECT MAX({1}) FROM {0}), 0) + 1, false)",
                                      t.name, t.identity));
        !st) {
      return Fail(st.error());
    }
  }
  return rows;
}

}  // namespace

Result<CopyReport> CopyRegistry(Connection& from, Connection& to) {
  if (auto st = CheckSchemas(from, to); !st) return Fail(st.error());
  // The source is read in one snapshot, so that what is copied is one consistent state.
  auto snapshot = ReadTransaction::Begin(from);
  if (!snapshot) return Fail(snapshot.error());
  auto source_audit = VerifyAudit(from);
  if (!source_audit) return Fail(source_audit.error());
  if (!source_audit->problems.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the source's audit log does not verify ({}); copy refused", source_audit->problems.front().message));
  }
  auto tx = Transaction::Begin(to);
  if (!tx) return Fail(tx.error());
  for (const auto& t : kTables) {
    auto rows = CountRows(to, t.name);
    if (!rows) return Fail(rows.error());
    if (*rows > 0) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the destination is not empty ({} holds {} row(s)); copy needs a freshly migrated database",
                              t.name, *rows));
    }
  }
  CopyReport report;
  for (const auto& t : kTables) {
    auto rows = CopyTable(from, to, t);
    if (!rows) return Fail(rows.error());
    report.tables.push_back({t.name, *rows});
  }
  // Check inside the transaction: on any difference it rolls back and nothing is kept.
  for (const auto& t : report.tables) {
    auto there = CountRows(to, t.table);
    if (!there) return Fail(there.error());
    auto here = CountRows(from, t.table);
    if (!here) return Fail(here.error());
    if (*there != t.rows || *here != t.rows) {
      return Fail(ErrorCode::kInternal, fmt::format("{}: the source holds {} row(s), the destination {} after the copy",
                                                    t.table, *here, *there));
    }
  }
  auto copied_audit = VerifyAudit(to);
  if (!copied_audit) return Fail(copied_audit.error());
  if (!copied_audit->problems.empty() || copied_audit->head_hash != source_audit->head_hash ||
      copied_audit->entries != source_audit->entries) {
    return Fail(ErrorCode::kInternal,
                fmt::format("the copied audit log does not verify as the source's ({})",
                            copied_audit->problems.empty() ? "a different head" : copied_audit->problems.front().message));
  }
  if (auto st = tx->Commit(); !st) return Fail(st.error());
  report.audit_entries = copied_audit->entries;
  report.audit_head = copied_audit->head_hash;
  return report;
}

}  // namespace proven::store
