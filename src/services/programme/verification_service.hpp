#pragma once
// The programme's second half (issue 10), use cases: a selected product's effectiveness
// verification — plan agreed with the vendor, results with metrics, strong points tied to the
// results, a real-environment trial — and its report: submitted by a verifier, approved by the
// vendor (or sent back with comments), published by the admin as an immutable version with its
// PDF; a correction publishes the next version with its reason.
//
// Access: the admin sees and starts every verification; a verifier only those it is appointed to;
// a vendor, read-only, those of its organisation's products (anyone else: kNotFound). Every change
// is one transaction with its audit entry; the state changes follow domain::NextVerificationState.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/verification.hpp"
#include "services/programme/report_pdf.hpp"
#include "waf/report.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"

namespace proven::services {

// A plan item as the verifier writes it; id 0 adds one, a known id changes it, an item left out
// is removed.
struct PlanItemInput {
  std::int64_t id = 0;
  std::string title, environment, method, expected;
  // A WAF effectiveness item names its target (an http:// URL, waf::ParseTarget); a manual item none.
  domain::ItemKind kind = domain::ItemKind::kManual;
  std::string waf_target = std::string();
};

// One item's result.
struct ResultInput {
  std::int64_t item_id = 0;
  std::optional<domain::ItemResult> result;
  std::optional<domain::Metric> metric;
  std::string notes;
};

// What a verifier records; nullopt leaves a part as it is.
struct RecordInput {
  std::optional<std::string> summary;
  std::vector<ResultInput> results;
  std::optional<std::vector<domain::StrongPoint>> strong_points;  // ids ignored: replaced as a whole
  std::optional<std::optional<domain::Trial>> trial;              // nullopt inside: no trial
};

// A published product with its report versions, oldest first (a version is superseded when a later
// one exists).
struct ProductView {
  domain::PublishedProduct product;
  std::vector<domain::ReportVersion> versions;
};

// A verification with its evidence files (oldest first); an evidence file supports the item whose
// evidence_ids hold its id, if any.
struct VerificationDetail {
  domain::Verification verification;
  std::vector<store::Attachment> evidence;  // application_id holds the verification's id
  std::vector<std::string> verifier_emails;  // in the order appointed
  // Once published: the product and its report versions (oldest first).
  std::optional<domain::PublishedProduct> product;
  std::vector<domain::ReportVersion> versions;
};

// The admin dashboard's download counts: per report version and month, with each product's and
// the programme's cumulative totals.
struct DownloadReport {
  struct Row {
    std::int64_t product_id = 0;
    std::string product;
    int version = 0;
    std::string month;  // "2026-11"
    std::int64_t count = 0;
  };
  struct ProductTotal {
    std::int64_t product_id = 0;
    std::string product;
    int latest_version = 0;
    std::int64_t total = 0;
  };
  std::vector<Row> rows;                // by product, version, month
  std::vector<ProductTotal> products;   // every published product, downloaded or not
  std::int64_t total = 0;
};

// A download is counted once per client and version within this window.
inline constexpr std::int64_t kDownloadWindowSeconds = 30 * 60;

class VerificationService {
 public:
  using LabelsFn = std::function<ReportLabels()>;
  VerificationService(store::VerificationStore& store, store::ProgrammeStore& programme, LabelsFn labels,
                      const Clock& clock = Clock::System())
      : store_(store), programme_(programme), labels_(std::move(labels)), clock_(clock) {}

  // The admin starts the verification of an application selected in a decided call.
  Result<domain::Verification> Start(const domain::Actor& actor, std::int64_t application_id);
  // What the admin may start: applications selected in decided calls with no verification yet,
  // each with its call's title, by call then application.
  struct Startable {
    domain::Application application;
    std::string call_title;
  };
  Result<std::vector<Startable>> StartableApplications(const domain::Actor& actor);
  Result<domain::Verification> AppointVerifier(const domain::Actor& actor, std::int64_t id, const std::string& email);
  Result<std::vector<domain::Verification>> List(const domain::Actor& actor);
  Result<domain::Verification> Get(const domain::Actor& actor, std::int64_t id);

  // With its evidence files, in one snapshot.
  Result<VerificationDetail> Detail(const domain::Actor& actor, std::int64_t id);

  // Evidence (same rules as application attachments: CheckedUpload, at most
  // kMaxEvidencePerVerification): the verification's verifiers and the admin add files while
  // results may be recorded (in progress, changes requested, correcting), optionally for one of
  // its items; a vendor reads them only. Audited as verification.evidence.
  Result<store::Attachment> AddEvidence(const domain::Actor& actor, std::int64_t id, std::optional<std::int64_t> item_id,
                                        const std::string& filename, std::string_view content);
  // The end of a queued WAF run (WafRunService, state running): its report becomes the item's
  // evidence and measured result exactly as an uploaded one (AddEvidence), and the run is `done`
  // with its evidence, grade and balanced accuracy, in one transaction. Uploading a report for a
  // WAF item records a `done` run too; a WAF item's report must be against its agreed target
  // (else refused naming `target.url`).
  Result<store::Attachment> CompleteWafRun(const domain::WafRun& run, const std::string& filename,
                                           std::string_view content);
  // An evidence file with its bytes, for whoever may see its verification (kNotFound otherwise).
  Result<std::pair<store::Attachment, std::string>> GetEvidence(const domain::Actor& actor, std::int64_t evidence_id);
  // An evidence file that is a `proven waf` report, read and checked (same access as GetEvidence;
  // kNotFound "error.waf.not_a_report" for a PDF, an image or anything else).
  Result<std::pair<store::Attachment, waf::ReportSummary>> GetWafReport(const domain::Actor& actor,
                                                                        std::int64_t evidence_id);

  // The admin's dashboard: downloads per report version and month and the cumulative totals.
  Result<DownloadReport> Downloads(const domain::Actor& actor);

  Result<domain::Verification> EditPlan(const domain::Actor& actor, std::int64_t id,
                                        const std::vector<PlanItemInput>& items);
  Result<domain::Verification> AgreePlan(const domain::Actor& actor, std::int64_t id);
  Result<domain::Verification> Record(const domain::Actor& actor, std::int64_t id, const RecordInput& input);
  Result<domain::Verification> Submit(const domain::Actor& actor, std::int64_t id);
  Result<domain::Verification> Approve(const domain::Actor& actor, std::int64_t id);
  Result<domain::Verification> RequestChanges(const domain::Actor& actor, std::int64_t id, const std::string& comments);
  // The approved report becomes the product's next version (version 1 creates the product).
  Result<domain::ReportVersion> Publish(const domain::Actor& actor, std::int64_t id);
  Result<domain::Verification> StartCorrection(const domain::Actor& actor, std::int64_t id, const std::string& reason);

  // Public: a product with a published report and its versions (kNotFound otherwise).
  Result<ProductView> Product(std::int64_t product_id);
  // Public: a version's stored PDF; counts the download unless `client` (a hash, never an address)
  // fetched it within kDownloadWindowSeconds.
  Result<std::string> ReportPdf(std::int64_t product_id, int version, const std::string& client);

 private:
  using Change = std::function<Status(store::VerificationWriter&, domain::Verification&)>;
  // Finds, checks access and the transition, lets `change` edit, writes it with its audit entry.
  Result<domain::Verification> Step(const domain::Actor& actor, std::int64_t id, domain::Action action,
                                    domain::VerificationAction step, domain::AuditAction audit, const Change& change);

  // AddEvidence (actor given) and CompleteWafRun (run given).
  Result<store::Attachment> AttachEvidence(const domain::Actor* actor, std::int64_t id,
                                           std::optional<std::int64_t> item_id, const std::string& filename,
                                           std::string_view content, const domain::WafRun* run);

  store::VerificationStore& store_;
  store::ProgrammeStore& programme_;
  LabelsFn labels_;
  const Clock& clock_;
};

}  // namespace proven::services
