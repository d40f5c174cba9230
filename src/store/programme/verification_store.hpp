#pragma once
// Persistence of the programme's second half (issue 10): verifications with their plan items,
// results, evidence, strong points and trial; published products and their immutable report
// versions; download counts. Same pattern as ProgrammeStore: one write transaction per change
// (the change and its audit entry), one snapshot per read.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/programme/verification.hpp"
#include "store/audit_log.hpp"
#include "store/programme/programme_store.hpp"

namespace proven::store {

class VerificationReader {
 public:
  virtual ~VerificationReader() = default;
  // With verifiers, items (plan order), strong points and trial.
  virtual Result<std::optional<domain::Verification>> FindVerification(std::int64_t id) = 0;
  virtual Result<std::optional<domain::Verification>> VerificationOfApplication(std::int64_t application_id) = 0;
  // Those a verifier works on (every one when nullopt), newest first.
  virtual Result<std::vector<domain::Verification>> Verifications(std::optional<std::int64_t> verifier_id) = 0;
  // Evidence files of a verification (the bytes live in attachment_blobs, as for applications;
  // read them with ProgrammeReader::AttachmentContent). An Attachment's application_id holds the
  // verification's id here.
  virtual Result<std::vector<Attachment>> Evidence(std::int64_t verification_id) = 0;
  // One evidence file's record (its application_id: the verification's id), nullopt when unknown.
  virtual Result<std::optional<Attachment>> FindEvidence(std::int64_t id) = 0;

  // WAF suite runs (issue 14): one by id (nullopt when unknown); a verification's, newest first;
  // every queued or running one, oldest first.
  virtual Result<std::optional<domain::WafRun>> FindWafRun(std::int64_t id) = 0;
  virtual Result<std::vector<domain::WafRun>> WafRuns(std::int64_t verification_id) = 0;
  virtual Result<std::vector<domain::WafRun>> ActiveWafRuns() = 0;

  virtual Result<std::optional<domain::PublishedProduct>> FindProduct(std::int64_t id) = 0;
  virtual Result<std::vector<domain::PublishedProduct>> Products() = 0;
  // Oldest first; a version is superseded when a later one exists.
  virtual Result<std::vector<domain::ReportVersion>> ReportVersions(std::int64_t product_id) = 0;
  // The PDF of a version (nullopt when there is no such version).
  virtual Result<std::optional<std::string>> ReportPdf(std::int64_t product_id, int version) = 0;
  // Downloads per report version and month ("2026-11"), for the admin dashboard.
  struct DownloadCount {
    std::int64_t product_id = 0;
    int version = 0;
    std::string month;
    std::int64_t count = 0;
  };
  virtual Result<std::vector<DownloadCount>> DownloadCounts() = 0;
  // A stamp of the published catalogue that changes whenever any process creates a product or
  // appends a report version (counts and the latest publication instant): one cheap aggregate,
  // read by the catalogue before each search to know whether its index is current. Anything that
  // later changes what the catalogue shows (e.g. withdrawing a product) must change it too.
  virtual Result<std::string> CatalogueStamp() = 0;
};

class VerificationWriter : public VerificationReader {
 public:
  virtual const std::string& Now() const = 0;
  virtual Result<std::int64_t> InsertVerification(const domain::Verification& v) = 0;
  // Replaces the row, its verifiers, items, strong points and trial. Items keep their ids: an item
  // with an id is updated (kNotFound when it is not this verification's), one with id 0 inserted,
  // and one no longer given deleted with its strong-point links (its evidence stays, unlinked).
  // Strong points are written anew. kInvalidArgument when a strong point cites an item or an item
  // cites evidence that is not this verification's.
  virtual Status UpdateVerification(const domain::Verification& v) = 0;
  virtual Result<std::int64_t> InsertEvidence(std::int64_t verification_id, const Attachment& a,
                                              std::string_view content) = 0;
  // A new run (requested_at is Now(); verification_id, item_id, requested_by as given) and the
  // change of one (state, times, error, evidence, progress, grade, BA; kNotFound when unknown).
  virtual Result<std::int64_t> InsertWafRun(const domain::WafRun& run) = 0;
  virtual Status UpdateWafRun(const domain::WafRun& run) = 0;
  // Moves a queued run to running (started_at Now()); false when it is no longer queued (another
  // instance took it).
  virtual Result<bool> ClaimWafRun(std::int64_t id) = 0;
  // Creates the product of p.verification_id at its first publication (returns its id; its
  // first_published_at is Now()) or returns the existing one.
  virtual Result<std::int64_t> EnsureProduct(const domain::PublishedProduct& p) = 0;
  // Appends a version (published_at is Now(); the PDF's bytes go to attachment_blobs);
  // kAlreadyExists when that version exists (versions are never replaced).
  virtual Status AppendReportVersion(const domain::ReportVersion& r, std::string_view pdf) = 0;
  // Counts a download unless the same client fetched the same version within `window_seconds`.
  virtual Result<bool> CountDownload(std::int64_t product_id, int version, const std::string& client_hash,
                                     std::int64_t now_unix, std::int64_t window_seconds) = 0;
  // Appends the publication's leaf to the transparency log (store/log_store.hpp) in this
  // transaction, at Now(): a change and its leaf commit together or not at all.
  virtual Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                           std::optional<std::int64_t> version = std::nullopt) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class VerificationStore {
 public:
  virtual ~VerificationStore() = default;
  virtual Status Write(const std::function<Status(VerificationWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(VerificationReader&)>& body) = 0;
};

class SqlVerificationStore final : public VerificationStore {
 public:
  explicit SqlVerificationStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(VerificationWriter&)>& body) override;
  Status Read(const std::function<Status(VerificationReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
