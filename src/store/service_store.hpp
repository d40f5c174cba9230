#pragma once
// Persistence of the service registry. ServiceStore is the interface the services layer
// uses; SqliteServiceStore is the embedded backend (PostgreSQL comes later behind the same
// interface).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/service.hpp"
#include "store/sqlite.hpp"

namespace proven::store {

struct ServiceChange {
  std::int64_t seq = 0;
  std::int64_t service_id = 0;
  bool deleted = false;
};

struct UpsertOutcome {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
};

class ServiceStore {
 public:
  virtual ~ServiceStore() = default;
  // Every service, ordered by id.
  virtual Result<std::vector<domain::Service>> ListAll() = 0;
  virtual Result<std::optional<domain::Service>> FindById(std::int64_t id) = 0;
  // Inserts or updates (matching on name + provider) all services in one transaction:
  // either all are written or none. When `dry_run`, computes the outcome and rolls back.
  virtual Result<UpsertOutcome> UpsertAll(const std::vector<domain::Service>& services,
                                          bool dry_run) = 0;
  // Whether the backend answers (for /healthz).
  virtual Status Ping() = 0;
  // The services with these ids, in the order given; ids that do not exist are skipped.
  virtual Result<std::vector<domain::Service>> FindByIds(const std::vector<std::int64_t>& ids) = 0;
  // Every service in id order, read in one transaction, streamed to `sink`; returns the last
  // change sequence number that the streamed state includes.
  virtual Result<std::int64_t> ForEach(const std::function<void(domain::Service&&)>& sink) = 0;
  // Changes after `seq`, oldest first, at most `limit`.
  virtual Result<std::vector<ServiceChange>> ChangesSince(std::int64_t seq, std::size_t limit) = 0;
};

class SqliteServiceStore final : public ServiceStore {
 public:
  explicit SqliteServiceStore(ConnectionPool& pool) : pool_(pool) {}
  Result<std::vector<domain::Service>> ListAll() override;
  Result<std::optional<domain::Service>> FindById(std::int64_t id) override;
  Result<UpsertOutcome> UpsertAll(const std::vector<domain::Service>& services, bool dry_run) override;
  Status Ping() override;
  Result<std::vector<domain::Service>> FindByIds(const std::vector<std::int64_t>& ids) override;
  Result<std::int64_t> ForEach(const std::function<void(domain::Service&&)>& sink) override;
  Result<std::vector<ServiceChange>> ChangesSince(std::int64_t seq, std::size_t limit) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace proven::store
