#pragma once
// Persistence of the list's dated editions (migration 0017, domain/edition.hpp). An edition is
// written once, with its rows and its audit entry, in one write transaction; nothing updates or
// deletes one (the tables' triggers refuse it). Reads run in one snapshot.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/edition.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

class EditionReader {
 public:
  virtual ~EditionReader() = default;
  // Every edition without its rows (per_type filled), newest first.
  virtual Result<std::vector<domain::Edition>> Editions() = 0;
  // The edition of `date` with its rows in order, or nullopt.
  virtual Result<std::optional<domain::Edition>> Find(Date date) = 0;
  // The latest edition dated before `date`, with its rows, or nullopt.
  virtual Result<std::optional<domain::Edition>> Before(Date date) = 0;
  // Whether an edition is dated in the month of `date`.
  virtual Result<bool> HasMonth(Date date) = 0;
};

class EditionWriter : public EditionReader {
 public:
  // The transaction's time (UTC, ISO 8601).
  virtual const std::string& Now() const = 0;
  // Stores `e` (date, created_by, columns, sha256, rows; total and created_at from them and the
  // transaction): kAlreadyExists when an edition of that date exists.
  virtual Result<std::int64_t> Insert(const domain::Edition& e) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class EditionStore {
 public:
  virtual ~EditionStore() = default;
  virtual Status Write(const std::function<Status(EditionWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(EditionReader&)>& body) = 0;
};

class SqlEditionStore final : public EditionStore {
 public:
  explicit SqlEditionStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(EditionWriter&)>& body) override;
  Status Read(const std::function<Status(EditionReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
