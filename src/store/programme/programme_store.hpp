#pragma once
// Persistence of the verification programme (fields, calls, applications, attachments, the
// committee): one store over SQLite and PostgreSQL (store/db.hpp), written like ServiceStore —
// every change runs in one write transaction (ProgrammeStore::Write) in which the services read,
// check, write the change and its audit entry; reads run in one snapshot (Read).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/programme.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct ApplicationFilter {
  std::optional<std::int64_t> call_id;
  std::optional<std::int64_t> vendor_org_id;
  std::optional<domain::ApplicationState> state;
};

// An attachment's record; the bytes are stored once per SHA-256 (attachment_blobs).
struct Attachment {
  std::int64_t id = 0;
  std::int64_t application_id = 0;
  std::string filename;      // as uploaded (shown, never used as a path)
  std::string content_type;  // from the content: application/pdf, image/png, image/jpeg
  std::int64_t size = 0;
  std::string sha256;  // hex
  std::int64_t uploaded_by = 0;
  std::string uploaded_at;
};

// A user as the committee sees them (for appointments and automatic conflicts).
struct UserRef {
  std::int64_t id = 0;
  std::string email;
  std::vector<domain::Role> roles;
  std::optional<std::int64_t> organisation_id;
  std::string organisation;
  bool disabled = false;
};

class ProgrammeReader {
 public:
  virtual ~ProgrammeReader() = default;
  // The field map, by id.
  virtual Result<std::vector<domain::Field>> Fields() = 0;
  virtual Result<std::optional<domain::Field>> FindField(std::int64_t id) = 0;
  // Every field's history, newest first (ties by id, newest first), with the field's current name.
  virtual Result<std::vector<domain::FieldEvent>> FieldHistory() = 0;

  // Calls with their fields, questions and criteria (in the order they were given). Drafts only
  // when `with_drafts`. Drafts without an opening date first, then by opening date, newest first (then id).
  virtual Result<std::vector<domain::Call>> Calls(bool with_drafts) = 0;
  virtual Result<std::optional<domain::Call>> FindCall(std::int64_t id) = 0;

  // Applications with product, answers and outcome; `vendor` is the organisation's current name.
  // Ordered by id.
  virtual Result<std::vector<domain::Application>> Applications(const ApplicationFilter& filter) = 0;
  virtual Result<std::optional<domain::Application>> FindApplication(std::int64_t id) = 0;

  virtual Result<std::vector<Attachment>> Attachments(std::int64_t application_id) = 0;
  virtual Result<std::optional<Attachment>> FindAttachment(std::int64_t id) = 0;
  // The bytes stored under this SHA-256 (nullopt when none).
  virtual Result<std::optional<std::string>> AttachmentContent(const std::string& sha256) = 0;

  // A call's committee, in the order appointed.
  virtual Result<std::vector<domain::Reviewer>> Reviewers(std::int64_t call_id) = 0;
  // The calls whose committee the user sits on.
  virtual Result<std::vector<std::int64_t>> CallsReviewedBy(std::int64_t user_id) = 0;
  // Declarations and reviews of every application of a call.
  virtual Result<std::vector<domain::Declaration>> Declarations(std::int64_t call_id) = 0;
  virtual Result<std::vector<domain::Review>> Reviews(std::int64_t call_id) = 0;
  // A reviewer's declared relationships (every reviewer's when nullopt), oldest first.
  virtual Result<std::vector<domain::Relationship>> Relationships(std::optional<std::int64_t> reviewer_id) = 0;

  // Users and organisations, for appointments and relationships.
  virtual Result<std::optional<UserRef>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::optional<UserRef>> FindUser(std::int64_t id) = 0;
  // An organisation's id by its exact name (nullopt when none has it).
  virtual Result<std::optional<std::int64_t>> OrganisationIdByName(const std::string& name) = 0;
};

class ProgrammeWriter : public ProgrammeReader {
 public:
  // The transaction's time (UTC, ISO 8601) and as seconds since 1970, for every row it writes.
  virtual const std::string& Now() const = 0;
  virtual std::int64_t NowUnix() const = 0;

  virtual Result<std::int64_t> InsertField(const domain::Field& f) = 0;
  virtual Status UpdateField(const domain::Field& f) = 0;
  virtual Status AddFieldEvent(std::int64_t field_id, domain::FieldEventKind kind, const std::string& detail_json) = 0;

  // Inserts the call with its field ids, questions and criteria; returns the new id.
  virtual Result<std::int64_t> InsertCall(const domain::Call& c) = 0;
  // Replaces the call's row and field ids; replaces its questions and criteria (new ids) only
  // when `replace_questions_and_criteria` (a draft's edit), else leaves them as they are.
  virtual Status UpdateCall(const domain::Call& c, bool replace_questions_and_criteria) = 0;

  virtual Result<std::int64_t> InsertApplication(const domain::Application& a) = 0;
  // Replaces every column (product, answers, state, outcome, times) of the row with a.id.
  virtual Status UpdateApplication(const domain::Application& a) = 0;

  // Stores the bytes under the record's sha256 (once) and the record; returns its id.
  virtual Result<std::int64_t> InsertAttachment(const Attachment& a, std::string_view content) = 0;

  // kAlreadyExists when the user already sits on the call's committee.
  virtual Status AddReviewer(std::int64_t call_id, std::int64_t user_id, std::int64_t appointed_by) = 0;
  // Inserts or replaces the reviewer's declaration / review of the application.
  virtual Status PutDeclaration(const domain::Declaration& d) = 0;
  virtual Status PutReview(const domain::Review& r) = 0;
  virtual Result<std::int64_t> AddRelationship(const domain::Relationship& r) = 0;

  virtual Status Audit(AuditEntry entry) = 0;
};

class ProgrammeStore {
 public:
  virtual ~ProgrammeStore() = default;
  // One write transaction (the writer lock): commits when `body` succeeds, else rolls back.
  virtual Status Write(const std::function<Status(ProgrammeWriter&)>& body) = 0;
  // One read snapshot.
  virtual Status Read(const std::function<Status(ProgrammeReader&)>& body) = 0;
};

class SqlProgrammeStore final : public ProgrammeStore {
 public:
  explicit SqlProgrammeStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(ProgrammeWriter&)>& body) override;
  Status Read(const std::function<Status(ProgrammeReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
