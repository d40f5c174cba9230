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
#include "store/programme/programme_store.hpp"
#include "store/programme/verification_store.hpp"

namespace proven::services {

// A plan item as the verifier writes it; id 0 adds one, a known id changes it, an item left out
// is removed.
struct PlanItemInput {
  std::int64_t id = 0;
  std::string title, environment, method, expected;
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
  Result<domain::Verification> AppointVerifier(const domain::Actor& actor, std::int64_t id, const std::string& email);
  Result<std::vector<domain::Verification>> List(const domain::Actor& actor);
  Result<domain::Verification> Get(const domain::Actor& actor, std::int64_t id);

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

  store::VerificationStore& store_;
  store::ProgrammeStore& programme_;
  LabelsFn labels_;
  const Clock& clock_;
};

}  // namespace proven::services
