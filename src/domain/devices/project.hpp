#pragma once
// High-level verification of a device (issue 16, docs/devices.md): a device maker asks a
// verification provider (an organisation with a 機器検証 service in the registry) to verify a
// device; the provider accepts, models the threats, plans and runs test items, records findings and
// issues the report; the maker evaluates each finding's risk and answers it. Findings are withheld
// from publication until fixed, with a disclosure date both sides agree. Pure: codes, the state
// machine, who may do what on which side, validation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain::devices {

enum class ProjectState { kRequested, kAccepted, kDeclined, kWithdrawn, kReported };
inline constexpr CodeEntry<ProjectState> kProjectStateCodes[] = {{ProjectState::kRequested, "requested"},
                                                                 {ProjectState::kAccepted, "accepted"},
                                                                 {ProjectState::kDeclined, "declined"},
                                                                 {ProjectState::kWithdrawn, "withdrawn"},
                                                                 {ProjectState::kReported, "reported"}};

// How deep the maker wants the verification to go (the guide's levels of effort): basic — known
// vulnerabilities and exposed services; standard — plus firmware, update and wireless analysis;
// advanced — plus hardware interfaces, fuzzing of every protocol and attack-style testing.
enum class Depth { kBasic, kStandard, kAdvanced };
inline constexpr CodeEntry<Depth> kDepthCodes[] = {
    {Depth::kBasic, "basic"}, {Depth::kStandard, "standard"}, {Depth::kAdvanced, "advanced"}};

// Which side of a project an account is on.
enum class Side { kNone, kMaker, kProvider, kAdmin };
std::string_view SideCode(Side s);  // "none", "maker", "provider", "admin"

enum class ProjectAction {
  kEditRequest,     // maker, while requested: change the request
  kWithdraw,        // maker, while requested or accepted
  kAccept,          // provider, while requested
  kDecline,         // provider, while requested (with a reason)
  kUploadDocument,  // maker (design, SBOM, manual) or provider (evidence), while requested/accepted/reported
  kEditWork,        // provider, while accepted or reported: threat model, items, findings, checklist, retest
  kIssueReport,     // provider, while accepted: the report is issued (reported); re-issuing updates the date
  kRespond,         // maker, while accepted or reported: risk evaluation, response, disclosure date
  kConsentPublish,  // either side, once reported: consent to (or withdraw from) publishing the summary
  kDisclosure,      // either side, while accepted or reported: propose or agree a finding's disclosure date
};
inline constexpr CodeEntry<ProjectAction> kProjectActionCodes[] = {
    {ProjectAction::kEditRequest, "edit_request"},       {ProjectAction::kWithdraw, "withdraw"},
    {ProjectAction::kAccept, "accept"},                  {ProjectAction::kDecline, "decline"},
    {ProjectAction::kUploadDocument, "upload_document"}, {ProjectAction::kEditWork, "edit_work"},
    {ProjectAction::kIssueReport, "issue_report"},       {ProjectAction::kRespond, "respond"},
    {ProjectAction::kConsentPublish, "consent_publish"}, {ProjectAction::kDisclosure, "disclosure"}};

// ok when `side` may do `action` in `state`: kPermissionDenied ("error.device.side.<action>") for
// the wrong side, kFailedPrecondition ("error.device.state.<action>", {state}) for the wrong state.
Status Allowed(Side side, ProjectState state, ProjectAction action);
// The state after a state-changing action (withdraw, accept, decline, issue_report); others keep it.
ProjectState After(ProjectState state, ProjectAction action);

enum class ItemStatus { kPlanned, kPassed, kFailed, kNotApplicable };
inline constexpr CodeEntry<ItemStatus> kItemStatusCodes[] = {{ItemStatus::kPlanned, "planned"},
                                                             {ItemStatus::kPassed, "passed"},
                                                             {ItemStatus::kFailed, "failed"},
                                                             {ItemStatus::kNotApplicable, "not_applicable"}};

enum class DocumentKind { kDesign, kSbom, kManual, kOther, kEvidence };
inline constexpr CodeEntry<DocumentKind> kDocumentKindCodes[] = {{DocumentKind::kDesign, "design"},
                                                                 {DocumentKind::kSbom, "sbom"},
                                                                 {DocumentKind::kManual, "manual"},
                                                                 {DocumentKind::kOther, "other"},
                                                                 {DocumentKind::kEvidence, "evidence"}};

enum class ChecklistStatus { kMet, kNotMet, kNotApplicable, kNotAssessed };
inline constexpr CodeEntry<ChecklistStatus> kChecklistStatusCodes[] = {{ChecklistStatus::kMet, "met"},
                                                                       {ChecklistStatus::kNotMet, "not_met"},
                                                                       {ChecklistStatus::kNotApplicable, "not_applicable"},
                                                                       {ChecklistStatus::kNotAssessed, "not_assessed"}};

// The maker's evaluation of a finding in its own use of the device, and its answer.
inline constexpr std::string_view kMakerRisks[] = {"", "high", "medium", "low"};
inline constexpr std::string_view kResponses[] = {"", "fix", "mitigate", "accept", "not_applicable"};
inline constexpr std::string_view kRetests[] = {"not_retested", "fixed", "partially_fixed", "not_fixed"};

// ---- Inputs -----------------------------------------------------------------------------------

struct ProjectInput {
  std::int64_t service_id = 0;  // the provider's 機器検証 service
  std::string title;
  std::string device_kind;  // reference_data DeviceKinds() code
  std::string model;
  std::string firmware_version;
  std::vector<std::string> interfaces;  // Interfaces() codes
  std::string interface_notes;          // ports, protocols, cloud endpoints in the maker's words
  std::string intended_use;
  std::string scope;
  std::string depth = "standard";
  std::string lang = "ja";
};
// Every problem, each naming its field ("title", "interfaces.2", …).
std::vector<Problem> CheckProject(const ProjectInput& in);

struct ItemInput {
  std::string catalogue_code;  // "" for the provider's own item
  std::string title, method, tools, evidence;
  std::vector<std::string> threats;  // threat ids of the project's model
  std::string status = "planned";
  std::string result;
};
std::vector<Problem> CheckItem(const ItemInput& in);

struct FindingInput {
  std::string title, description, reproduction;
  std::optional<std::int64_t> test_item_id;
  std::string threat_id;
  std::string cvss31, cvss40;  // vectors, checked by the CVSS engine in the service
  bool withheld = true;
};
std::vector<Problem> CheckFinding(const FindingInput& in);

// The maker's side of a finding.
struct ResponseInput {
  std::string maker_risk, response, response_note;
};
std::vector<Problem> CheckResponse(const ResponseInput& in);

struct RetestInput {
  std::string retest, retest_note;
};
std::vector<Problem> CheckRetest(const RetestInput& in);

// Disclosure: whether a finding may be public on `today` (YYYY-MM-DD): not withheld, or withheld
// with a disclosure date both sides agreed that has come.
struct Disclosure {
  bool withheld = true;
  std::string disclose_on;
  std::string proposed_by;  // "", "maker", "provider"
  bool agreed = false;
};
bool DisclosedOn(const Disclosure& d, std::string_view today);
// One side proposes a date (YYYY-MM-DD, not before `today`) or agrees to the other's proposal.
// Proposing resets the agreement; agreeing to one's own proposal is refused.
Result<Disclosure> ProposeDisclosure(Disclosure d, Side side, std::string_view date, std::string_view today);
Result<Disclosure> AgreeDisclosure(Disclosure d, Side side);

}  // namespace proven::domain::devices
