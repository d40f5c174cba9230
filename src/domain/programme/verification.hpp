#pragma once
// The verification programme, part 2 (issue 10): effectiveness verification of a selected
// product and its report's publication in immutable versions (trial-deployment cases are in
// deployment_case.hpp). Pure: records, codes, the transition table and validation.
// A Verification starts from an Application of part 1 whose outcome is kSelected.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

// ---- Verification ------------------------------------------------------------------------------

// Where a verification stands. The plan is agreed with the vendor before results are recorded;
// the report goes to the vendor for approval before the admin may publish it; a published report
// is corrected by a new version that goes through the same steps.
enum class VerificationState {
  kPlanning,          // verifiers write the plan (items: what, environment, method, expected outcome)
  kInProgress,        // the vendor agreed the plan: results, metrics, evidence, strong points, trial
  kSubmitted,         // the verifier submitted the report to the vendor
  kChangesRequested,  // the vendor asked for changes (with comments)
  kApproved,          // the vendor approved: the admin may publish
  kPublished,         // a version is public and immutable
  kCorrecting,        // a correction (with its reason) is being prepared as the next version
};
inline constexpr CodeEntry<VerificationState> kVerificationStateCodes[] = {
    {VerificationState::kPlanning, "planning"},     {VerificationState::kInProgress, "in_progress"},
    {VerificationState::kSubmitted, "submitted"},   {VerificationState::kChangesRequested, "changes_requested"},
    {VerificationState::kApproved, "approved"},     {VerificationState::kPublished, "published"},
    {VerificationState::kCorrecting, "correcting"}};

enum class VerificationAction {
  kEditPlan,         // verifier: add, change or remove plan items
  kAgreePlan,        // vendor: agree the plan
  kRecordResults,    // verifier: results, metrics, evidence, strong points, trial
  kSubmit,           // verifier: submit the report to the vendor
  kApprove,          // vendor
  kRequestChanges,   // vendor, with comments
  kPublish,          // admin: publish the approved report as the next version
  kStartCorrection,  // verifier or admin, with a reason: prepare the next version of a published report
};
inline constexpr VerificationAction kVerificationActions[] = {
    VerificationAction::kEditPlan,      VerificationAction::kAgreePlan,        VerificationAction::kRecordResults,
    VerificationAction::kSubmit,        VerificationAction::kApprove,          VerificationAction::kRequestChanges,
    VerificationAction::kPublish,       VerificationAction::kStartCorrection};
std::string_view VerificationActionCode(VerificationAction a);

// The state after `action`, or kFailedPrecondition with the reason
// "error.verification.<state>.<action>" (e.g. publishing before the vendor's approval).
Result<VerificationState> NextVerificationState(std::int64_t id, VerificationState from, VerificationAction action);

enum class ItemResult { kPass, kPartial, kFail, kNotApplicable };
inline constexpr CodeEntry<ItemResult> kItemResultCodes[] = {{ItemResult::kPass, "pass"},
                                                             {ItemResult::kPartial, "partial"},
                                                             {ItemResult::kFail, "fail"},
                                                             {ItemResult::kNotApplicable, "not_applicable"}};

// A measured value, kept as the decimal text given ("0.962") so that a published figure is
// exactly what the verifier wrote; `sample_size` is the number of trials it was measured over.
struct Metric {
  std::string value;  // a decimal number: digits, one optional point, optional leading minus
  std::string unit;   // "rate", "%", "ms", "requests/s"
  std::optional<std::int64_t> sample_size;
};

// What an item checks: by hand (the verifier records the result), or the WAF effectiveness suite
// (issue 14) run against the target agreed in the plan, whose report becomes the measured result.
enum class ItemKind { kManual, kWafEffectiveness };
inline constexpr CodeEntry<ItemKind> kItemKindCodes[] = {{ItemKind::kManual, "manual"},
                                                         {ItemKind::kWafEffectiveness, "waf_effectiveness"}};

struct VerificationItem {
  std::int64_t id = 0;
  ItemKind kind = ItemKind::kManual;
  // A WAF item's target (an http:// URL) as agreed in the plan: the vendor's agreement to the plan
  // authorises sending attacks to it, so it changes only while the plan can. "" for manual items.
  std::string waf_target = std::string();
  std::string title;        // what is checked
  std::string environment;  // testbed, versions, network layout
  std::string method;
  std::string expected;     // the expected outcome
  std::optional<ItemResult> result;
  std::optional<Metric> metric;
  std::string notes;
  std::vector<std::int64_t> evidence_ids;  // attachments (same rules as application attachments)
  // When a WAF suite report (proven.waf.report/1) is this item's measured result: the run's summary
  // as JSON (services/programme/waf_evidence.hpp); "" otherwise.
  std::string waf_summary;
};

// A run of the WAF suite for one item (table waf_runs): queued from the verification page and run
// by the server's worker, or recorded `done` when a report is uploaded as the item's evidence.
enum class WafRunState { kQueued, kRunning, kDone, kFailed };
inline constexpr CodeEntry<WafRunState> kWafRunStateCodes[] = {{WafRunState::kQueued, "queued"},
                                                               {WafRunState::kRunning, "running"},
                                                               {WafRunState::kDone, "done"},
                                                               {WafRunState::kFailed, "failed"}};
struct WafRun {
  std::int64_t id = 0;
  std::int64_t verification_id = 0;
  std::int64_t item_id = 0;
  WafRunState state = WafRunState::kQueued;
  std::int64_t requested_by = 0;  // user id
  std::string requested_at, started_at, finished_at;  // "" until then
  std::string error;  // why it failed: a catalogue key ("error.waf_run.interrupted") or a message
  std::optional<std::int64_t> evidence_id;  // the report's evidence row once done
  std::int64_t progress_done = 0, progress_total = 0;
  std::string grade, balanced_accuracy;  // once done
  bool Active() const { return state == WafRunState::kQueued || state == WafRunState::kRunning; }
};

// A short statement drafted by the verifier, tied to the item results that support it.
struct StrongPoint {
  std::int64_t id = 0;
  std::string text;
  std::vector<std::int64_t> item_ids;
};

// A real-environment trial (実環境における試行検証). The user organisation may be anonymised
// ("製造業 A社, 従業員300名").
struct Trial {
  std::string organisation;
  std::string period;  // free text such as "2026年1月〜3月"
  std::string scope;
  std::string findings;
  std::string user_comments;
};

// A verification of one selected application by one or more verifiers (role verifier).
struct Verification {
  std::int64_t id = 0;
  std::int64_t application_id = 0;  // an application of part 1 with outcome kSelected
  std::int64_t vendor_org_id = 0;   // the application's vendor (read-only access, approval)
  std::string product_name;         // the application's product, as it is now
  std::string vendor;
  VerificationState state = VerificationState::kPlanning;
  std::vector<std::int64_t> verifier_ids;
  std::vector<VerificationItem> items;  // in plan order
  std::vector<StrongPoint> strong_points;
  std::optional<Trial> trial;
  std::string summary;            // the report's summary (概要)
  std::string correction_reason;  // while correcting: why the next version is published
  std::string vendor_comments;    // the vendor's latest request for changes
  int published_versions = 0;     // how many versions are public (the next is this + 1)
  std::string created_at, updated_at, plan_agreed_at, submitted_at, approved_at;
};

// Evidence files of one verification (each under the rules of application attachments:
// kMaxAttachmentBytes, PDF/PNG/JPEG by content).
inline constexpr int kMaxEvidencePerVerification = 60;

// Checks a metric's value (a plain decimal, at most 30 characters) and sample size (positive).
Status CheckMetric(const Metric& m, std::string_view field);
// Every item has a result; every strong point cites at least one item of this verification whose
// result is pass or partial. What submitting needs.
Status CheckReadyToSubmit(const std::vector<VerificationItem>& items, const std::vector<StrongPoint>& points);

// ---- Publication -------------------------------------------------------------------------------

// A product with a published report: the catalogue's record (GET /api/v1/products/{id}).
struct PublishedProduct {
  std::int64_t id = 0;
  std::int64_t verification_id = 0;
  std::int64_t application_id = 0;
  std::int64_t call_id = 0;
  std::string name;
  std::string version;
  std::string overview;
  std::int64_t vendor_org_id = 0;
  std::string vendor;
  std::vector<std::int64_t> field_ids;
  std::vector<std::string> deployment;  // DeploymentForm codes
  std::string homepage;
  int fiscal_year_verified = 0;  // the Japanese fiscal year of the first publication
  int latest_version = 0;
  std::string first_published_at;
};

// One published version of a product's report. Immutable once written: a correction adds the
// next version with its reason; earlier versions stay readable and are superseded by the next.
struct ReportVersion {
  std::int64_t product_id = 0;
  int version = 0;
  std::string published_at;
  std::string reason;   // why this version corrects the previous one (empty for version 1)
  std::string content;  // the report as published (JSON: summary, items, strong points, trial)
  std::string sha256;   // of `content`, for citation
};

}  // namespace proven::domain
