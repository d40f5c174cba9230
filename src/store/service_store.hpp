#pragma once
// Persistence of the service registry. ServiceStore is the interface the services layer
// uses; SqlServiceStore is the embedded backend (PostgreSQL comes later behind the same
// interface).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/service.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

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

struct UpsertOptions {
  bool dry_run = false;
};

// One dated entry of a service's public history.
struct ServiceEvent {
  std::int64_t id = 0;
  std::int64_t service_id = 0;
  std::string service_name;  // the service's current name and provider (for feeds)
  std::string provider;
  std::string at;      // UTC, ISO 8601
  std::string kind;    // registered, changed, renewed, suspended, resumed, revoked, proposal_approved
  std::string detail;  // JSON object
  std::string actor;   // the organisation that acted (public)
};

// A vendor's proposed change to its own service, waiting for (or given) the registration body's
// decision.
struct ChangeProposal {
  std::int64_t id = 0;
  std::int64_t service_id = 0;
  std::string service_name;  // of the service, as it is now
  std::string provider;
  std::string registrar;
  std::optional<std::int64_t> registrar_org_id;  // the service's owners, by organisation id
  std::optional<std::int64_t> provider_org_id;
  std::int64_t proposed_by = 0;  // user id
  std::string vendor;            // the proposer's organisation (empty when none)
  // Field key → proposed cell text. Lists (ListProposals) hold only the first
  // kProposalPreviewChars characters of each value and name the cut ones in `truncated`;
  // FindProposal holds the whole values.
  std::map<std::string, std::string> fields;
  std::vector<std::string> truncated;
  std::string status;                         // pending, approved, rejected
  std::string created_at;
  std::optional<std::int64_t> decided_by;
  std::string decided_at;
  std::string reason;
};

inline constexpr std::size_t kProposalPreviewChars = 200;

// The stored text of a proposal's fields (change_proposals.fields): a JSON object, keys sorted.
std::string ProposalFieldsJson(const std::map<std::string, std::string>& fields);

struct ProposalFilter {
  std::optional<std::int64_t> registrar_org_id;  // only services of this registration body (organisation id)
  std::optional<std::int64_t> provider_org_id;   // only services of this provider (organisation id)
  bool pending_only = false;
  std::size_t offset = 0;
  std::size_t limit = 0;  // 0: every one
};

struct ProposalList {
  std::size_t total = 0;  // matching the filter, on every page
  std::vector<ChangeProposal> items;
};

// Reads inside one transaction (ServiceStore::Read or Write), so that they see one state.
class ServiceReader {
 public:
  virtual ~ServiceReader() = default;
  virtual Result<std::optional<domain::Service>> Find(std::int64_t id) = 0;
  virtual Result<std::optional<domain::Service>> FindByNameAndProvider(const std::string& name,
                                                                      const std::string& provider) = 0;
  // The service of this registration body with this registration number (compared
  // case-insensitively, as the unique index does); nullopt for an empty number.
  virtual Result<std::optional<domain::Service>> FindByRegistrationNumber(const std::string& registrar,
                                                                         const std::string& number) = 0;
  // The newest change sequence number (service_changes): any write to any service raises it, so
  // an equal number in a later transaction means the services are as they were.
  virtual Result<std::int64_t> ChangeSeq() = 0;
  // The organisation of that name and kind, if it has an account (ownership is by id).
  virtual Result<std::optional<std::int64_t>> OrganisationId(const std::string& name, domain::OrgKind kind) = 0;
};

// Reads and writes inside the one write transaction that ServiceStore::Write opened: a change,
// its history event and its audit entry commit together or not at all.
class ServiceWriter : public ServiceReader {
 public:
  // The transaction's time (UTC, ISO 8601), used for every row it writes.
  virtual const std::string& Now() const = 0;
  // Inserts with the state, reason and provenance given; returns the new id. kAlreadyExists
  // when the name and provider are taken.
  virtual Result<std::int64_t> Insert(const domain::Service& s) = 0;
  // Replaces the row with s.id; kNotFound when there is none, kAlreadyExists when the new name
  // and provider belong to another service.
  virtual Status Update(const domain::Service& s) = 0;
  virtual Status AddEvent(std::int64_t service_id, std::string_view kind, std::string_view detail_json,
                          std::string_view actor) = 0;
  // Appends the publication's leaf to the transparency log (store/log_store.hpp) in this
  // transaction, at Now(): a change and its leaf commit together or not at all.
  virtual Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                           std::optional<std::int64_t> version = std::nullopt) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
  virtual Result<std::int64_t> AddProposal(std::int64_t service_id, std::int64_t proposed_by,
                                           const std::map<std::string, std::string>& fields) = 0;
  virtual Result<std::optional<ChangeProposal>> FindProposal(std::int64_t id) = 0;
  // Pending proposals for the service, from any vendor.
  virtual Result<int> CountPendingProposals(std::int64_t service_id) = 0;
  virtual Status DecideProposal(std::int64_t id, bool approved, std::int64_t decided_by, std::string_view reason) = 0;
};

class ServiceStore {
 public:
  virtual ~ServiceStore() = default;
  // Every service, ordered by id.
  virtual Result<std::vector<domain::Service>> ListAll() = 0;
  virtual Result<std::optional<domain::Service>> FindById(std::int64_t id) = 0;
  // A bulk load for benchmarks and tests: inserts or updates (matching on name + provider) all
  // services in one transaction, writing no history events and no audit entries. Imports go
  // through ImportService::Import, which applies the registry's rules and records both.
  // When `dry_run`, computes the outcome and rolls back. New services are active; an update
  // keeps the stored state and reason and drops the provenance of the fields it changes.
  virtual Result<UpsertOutcome> UpsertAll(const std::vector<domain::Service>& services,
                                          const UpsertOptions& options) = 0;
  Result<UpsertOutcome> UpsertAll(const std::vector<domain::Service>& services, bool dry_run) {
    return UpsertAll(services, UpsertOptions{dry_run});
  }
  // Whether the backend answers (for /healthz).
  virtual Status Ping() = 0;
  // The services with these ids, in the order given; ids that do not exist are skipped.
  virtual Result<std::vector<domain::Service>> FindByIds(const std::vector<std::int64_t>& ids) = 0;
  // Every service in id order, read in one transaction, streamed to `sink`; returns the last
  // change sequence number that the streamed state includes.
  virtual Result<std::int64_t> ForEach(const std::function<void(domain::Service&&)>& sink) = 0;
  // Changes after `seq`, oldest first, at most `limit`.
  virtual Result<std::vector<ServiceChange>> ChangesSince(std::int64_t seq, std::size_t limit) = 0;

  // Runs `body` in one write transaction (BEGIN IMMEDIATE): commits when it succeeds, and
  // otherwise rolls back everything it wrote and returns its error.
  virtual Status Write(const std::function<Status(ServiceWriter&)>& body) = 0;
  // Runs `body` in one read transaction: a consistent snapshot that never waits for writers and
  // never makes them wait.
  virtual Status Read(const std::function<Status(ServiceReader&)>& body) = 0;
  // The service's events, oldest first.
  virtual Result<std::vector<ServiceEvent>> History(std::int64_t service_id) = 0;
  // Events of these kinds (every kind when empty) across services, newest first.
  virtual Result<std::vector<ServiceEvent>> RecentEvents(const std::vector<std::string>& kinds, std::size_t limit) = 0;
  // Active services whose expiry lies in [from, to], soonest first (ties by id); only those of
  // `registrar` when given.
  virtual Result<std::vector<domain::Service>> ExpiringBetween(Date from, Date to,
                                                               std::optional<std::int64_t> registrar_org_id) = 0;
  // Newest first, the page the filter asks for, with previews of the proposed values (cut in SQL:
  // whole values are never read for a list).
  virtual Result<ProposalList> ListProposals(const ProposalFilter& filter) = 0;
  // One proposal with its whole values.
  virtual Result<std::optional<ChangeProposal>> FindProposal(std::int64_t id) = 0;
};

class SqlServiceStore final : public ServiceStore {
 public:
  explicit SqlServiceStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Result<std::vector<domain::Service>> ListAll() override;
  Result<std::optional<domain::Service>> FindById(std::int64_t id) override;
  using ServiceStore::UpsertAll;
  Result<UpsertOutcome> UpsertAll(const std::vector<domain::Service>& services, const UpsertOptions& options) override;
  Status Ping() override;
  Result<std::vector<domain::Service>> FindByIds(const std::vector<std::int64_t>& ids) override;
  Result<std::int64_t> ForEach(const std::function<void(domain::Service&&)>& sink) override;
  Result<std::vector<ServiceChange>> ChangesSince(std::int64_t seq, std::size_t limit) override;
  Status Write(const std::function<Status(ServiceWriter&)>& body) override;
  Status Read(const std::function<Status(ServiceReader&)>& body) override;
  Result<std::vector<ServiceEvent>> History(std::int64_t service_id) override;
  Result<std::vector<ServiceEvent>> RecentEvents(const std::vector<std::string>& kinds, std::size_t limit) override;
  Result<std::vector<domain::Service>> ExpiringBetween(Date from, Date to,
                                                               std::optional<std::int64_t> registrar_org_id) override;
  Result<ProposalList> ListProposals(const ProposalFilter& filter) override;
  Result<std::optional<ChangeProposal>> FindProposal(std::int64_t id) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
