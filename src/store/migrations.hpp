#pragma once
// Numbered SQL migrations embedded in the binary, one series per dialect with the same numbers and
// names (migrations/sqlite/NNNN_name.sql, migrations/postgresql/NNNN_name.sql), each applied in
// its own write transaction and recorded in schema_migrations.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The embedded migrations of a dialect in version order.
const std::vector<Migration>& AllMigrations(Dialect dialect);

Result<std::vector<Migration>> PendingMigrations(Connection& conn);
// Applies every pending migration; returns the names applied. Safe while another process
// migrates the same database: each migration is checked again under the writer lock.
Result<std::vector<std::string>> ApplyMigrations(Connection& conn);

}  // namespace proven::store
