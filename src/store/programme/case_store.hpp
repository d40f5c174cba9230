#pragma once
// Persistence of trial-deployment cases (issue 10): the case with its content, each side's
// standing consent with its checklist, and its history (proposals, changes, consents,
// publications, withdrawals). Same pattern as VerificationStore: one write transaction per change
// (the change, its history event and its audit entry), one snapshot per read.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/programme/deployment_case.hpp"
#include "store/account_store.hpp"
#include "store/audit_log.hpp"
#include "store/programme/programme_store.hpp"

namespace proven::store {

struct CaseFilter {
  // Cases of which this organisation is a side (the vendor or the user organisation).
  std::optional<std::int64_t> party_org_id;
  std::optional<std::int64_t> product_id;
  bool published_only = false;  // both consents stand
};

class CaseReader {
 public:
  virtual ~CaseReader() = default;
  // With its consents, its product's name and its vendor's name.
  virtual Result<std::optional<domain::DeploymentCase>> FindCase(std::int64_t id) = 0;
  // Newest first (by id).
  virtual Result<std::vector<domain::DeploymentCase>> Cases(const CaseFilter& filter) = 0;
  // Oldest first.
  virtual Result<std::vector<domain::CaseEvent>> Events(std::int64_t case_id) = 0;
  // For naming the user organisation of a proposal.
  virtual Result<std::optional<Organisation>> FindOrganisation(std::int64_t id) = 0;
  virtual Result<std::optional<UserRef>> FindUserByEmail(const std::string& email) = 0;
};

class CaseWriter : public CaseReader {
 public:
  // The transaction's time (UTC, ISO 8601) for every row it writes.
  virtual const std::string& Now() const = 0;
  // Inserts the case and its consents; returns its id.
  virtual Result<std::int64_t> InsertCase(const domain::DeploymentCase& c) = 0;
  // Replaces the row's content, times and withdrawal, and its consents (kNotFound when none).
  // The product, the sides and the proposer never change.
  virtual Status UpdateCase(const domain::DeploymentCase& c) = 0;
  virtual Status AddEvent(const domain::CaseEvent& e) = 0;
  // Appends the publication's leaf to the transparency log (store/log_store.hpp) in this
  // transaction, at Now(): a change and its leaf commit together or not at all.
  virtual Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                           std::optional<std::int64_t> version = std::nullopt) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  virtual Status Write(const std::function<Status(CaseWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(CaseReader&)>& body) = 0;
};

class SqlCaseStore final : public CaseStore {
 public:
  explicit SqlCaseStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(CaseWriter&)>& body) override;
  Status Read(const std::function<Status(CaseReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
