#pragma once
// Moves a whole registry from one database to another (SQLite ↔ PostgreSQL): services and their
// history, proposals, organisations, users and roles, API tokens, settings and the audit log, with
// their ids and hashes unchanged. Sessions and sign-in failure counts are left behind (people
// sign in again on the new database); the change feed of the destination is rebuilt by its own
// triggers as the services arrive.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace proven::store {

struct CopiedTable {
  std::string table;
  std::int64_t rows = 0;
};

struct CopyReport {
  std::vector<CopiedTable> tables;
  std::size_t audit_entries = 0;
  std::string audit_head;  // the chain's head hash, the same on both sides
};

// Both databases must be migrated to the same, current version, and the destination must hold
// no registry data (kFailedPrecondition otherwise). Writes everything in one transaction on the
// destination, then checks that every table holds as many rows as the source's and that the
// destination's audit chain verifies with the source's head hash; on any difference nothing is
// kept.
Result<CopyReport> CopyRegistry(Connection& from, Connection& to);

}  // namespace proven::store
