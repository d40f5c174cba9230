#pragma once
// Persistence of consultations (migration 0012, domain/consultations): the consultation with its
// state, proposed and confirmed times, outcome and case, and its thread of entries. Same pattern
// as CaseStore: one write transaction per change — the change, its thread entry, its audit entry
// and the mail it sends (store::EnqueueMail on the same connection) commit together or not at
// all — and one snapshot per read.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/consultations/consultation.hpp"
#include "domain/mail.hpp"
#include "store/account_store.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

// An account that may answer for a vendor organisation, or the requester.
struct ConsultationContact {
  std::int64_t user_id = 0;
  std::string email;
};

class ConsultationReader {
 public:
  virtual ~ConsultationReader() = default;
  // With its vendor's and requester organisation's names and the requester's e-mail address.
  virtual Result<std::optional<domain::Consultation>> FindConsultation(std::int64_t id) = 0;
  // Newest first (by id): those of which `org_id` is a side, or every one when nullopt.
  virtual Result<std::vector<domain::Consultation>> Consultations(std::optional<std::int64_t> org_id) = 0;
  // The thread, oldest first, with each author's e-mail address.
  virtual Result<std::vector<domain::ConsultationEntry>> Entries(std::int64_t consultation_id) = 0;
  virtual Result<std::optional<Organisation>> FindOrganisation(std::int64_t id) = 0;
  // The enabled accounts of role vendor of an organisation, by id: who may answer for it and
  // whom its mail goes to. Empty: the organisation has nobody to answer.
  virtual Result<std::vector<ConsultationContact>> VendorContacts(std::int64_t org_id) = 0;
};

class ConsultationWriter : public ConsultationReader {
 public:
  // The transaction's time (UTC, ISO 8601) for every row it writes.
  virtual const std::string& Now() const = 0;
  virtual std::int64_t NowUnix() const = 0;
  virtual Result<std::int64_t> InsertConsultation(const domain::Consultation& c) = 0;
  // Writes the state, the times, the outcome, the case and the languages (kNotFound when none).
  virtual Status UpdateConsultation(const domain::Consultation& c) = 0;
  virtual Result<std::int64_t> AddEntry(const domain::ConsultationEntry& e) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
  virtual Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) = 0;
};

class ConsultationStore {
 public:
  virtual ~ConsultationStore() = default;
  virtual Status Write(const std::function<Status(ConsultationWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(ConsultationReader&)>& body) = 0;
};

class SqlConsultationStore final : public ConsultationStore {
 public:
  explicit SqlConsultationStore(ConnectionPool& pool, const Clock& clock = Clock::System())
      : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(ConsultationWriter&)>& body) override;
  Status Read(const std::function<Status(ConsultationReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
