#pragma once
// Numbered SQL migrations embedded in the binary (migrations/NNNN_name.sql), each applied in
// its own transaction and recorded in schema_migrations.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/sqlite.hpp"

namespace proven::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The embedded migrations in version order.
const std::vector<Migration>& AllMigrations();

Result<std::vector<Migration>> PendingMigrations(Connection& conn);
// Applies every pending migration; returns the names applied.
Result<std::vector<std::string>> ApplyMigrations(Connection& conn);

}  // namespace proven::store
