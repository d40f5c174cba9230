#pragma once
// The codes the registry's workflows write and read back: service event kinds, proposal statuses
// and audit-log actions. Each has one code table here; the C++ uses the enums, the database
// stores the codes (its CHECK lists are held to these tables by CodeTablesTest), and the API and
// templates show them. A new workflow adds its kinds and actions here, not as string literals.
#include <optional>
#include <span>
#include <string_view>

namespace proven::domain {

// One row of a code table: an enum value and the code it is stored and sent as.
template <typename E>
struct CodeEntry {
  E value;
  std::string_view code;
};

// What happened to a service, as its public history (service_events.kind) and the feed name it.
enum class EventKind { kRegistered, kChanged, kRenewed, kSuspended, kResumed, kRevoked, kProposalApproved };
inline constexpr CodeEntry<EventKind> kEventKindCodes[] = {
    {EventKind::kRegistered, "registered"}, {EventKind::kChanged, "changed"},
    {EventKind::kRenewed, "renewed"},       {EventKind::kSuspended, "suspended"},
    {EventKind::kResumed, "resumed"},       {EventKind::kRevoked, "revoked"},
    {EventKind::kProposalApproved, "proposal_approved"},
};
std::string_view EventKindCode(EventKind k);
std::optional<EventKind> EventKindFromCode(std::string_view code);

// Where a vendor's change proposal stands (change_proposals.status).
enum class ProposalStatus { kPending, kApproved, kRejected };
inline constexpr CodeEntry<ProposalStatus> kProposalStatusCodes[] = {
    {ProposalStatus::kPending, "pending"},
    {ProposalStatus::kApproved, "approved"},
    {ProposalStatus::kRejected, "rejected"},
};
std::string_view ProposalStatusCode(ProposalStatus s);
std::optional<ProposalStatus> ProposalStatusFromCode(std::string_view code);

// What an audit-log entry records (audit_log.action): "<entity>.<verb>".
enum class AuditAction {
  kOrganisationCreate,
  kUserCreate,
  kUserDisable,
  kUserEnable,
  kUserPasswordChange,
  kTokenCreate,
  kTokenRevoke,
  kMailRequeue,  // the admin queues a dead letter again
  kEventCreate,
  kEventChange,
  kEventPublish,
  kEventCancel,
  kRegistrationCreate,   // a seat or a place on the waitlist
  kRegistrationCancel,
  kRegistrationPromote,  // moved up from the waitlist when a seat freed
  kRegistrationCheckIn,
  kSlotOffer,
  kSlotRemove,
  kSlotBook,
  kSlotCancel,
  kSurveySave,
  kSurveySend,
  kSurveyRespond,
  kAttendanceReport,  // the operator's head counts of a meeting
  kServiceRegister,
  kServiceChange,
  kServiceRenew,
  kServiceSuspend,
  kServiceResume,
  kServiceRevoke,
  kServiceImport,       // one service added or changed by an import
  kServicesImport,      // the import as a whole: rows, added, updated, unchanged
  kServiceProposalApply,
  kProposalCreate,
  kProposalApprove,
  kProposalReject,
  // The verification programme.
  kFieldCreate,
  kFieldChange,
  kCallCreate,
  kCallChange,
  kCallOpen,
  kCallDecide,  // the last outstanding decision made: the call's results are out
  kApplicationCreate,
  kApplicationChange,
  kApplicationSubmit,
  kApplicationWithdraw,
  kApplicationAttach,
  kApplicationDecide,
  kReviewerAppoint,
  kRelationshipDeclare,
  kConflictDeclare,
  kReviewScore,
  // Verification and publication.
  kVerificationStart,
  kVerificationAppoint,
  kVerificationPlan,
  kVerificationAgreePlan,
  kVerificationRecord,
  kVerificationSubmit,
  kVerificationApprove,
  kVerificationRequestChanges,
  kVerificationStartCorrection,
  kVerificationEvidence,
  kReportPublish,
  // Trial-deployment cases. A consent that completes both publishes (case.publish); a withdrawal
  // from a published case unpublishes it (case.withdraw, its `after` says so).
  kCasePropose,
  kCaseChange,
  kCaseConsent,
  kCasePublish,
  kCaseWithdraw,
  // Consultations between a user company and a vendor (domain/consultations).
  kConsultationRequest,
  kConsultationAccept,
  kConsultationDecline,
  kConsultationWithdraw,
  kConsultationConfirm,
  kConsultationMessage,
  kConsultationOutcome,
  kConsultationCase,  // linked to the trial-deployment case it became
  // Saved needs (issue 11): saved, deleted, mail notifications stopped by the unsubscribe link.
  kNeedSave,
  kNeedDelete,
  kNeedUnsubscribe,
  // Accounts and the registry's published list (issue 13).
  kSignIn,               // a session started (after: the address)
  kSignInFailed,         // a sign-in refused (after: the address and why; never the password)
  kUserRolesChange,      // before/after: the role lists
  kPasswordResetStart,   // the admin made a one-time reset link
  kPasswordReset,        // the link was used: the password was set
  kEditionPublish,       // a dated edition of the published list
  kVerificationWafReport,  // a `proven waf` report attached as an item's evidence and measured result
  kVerificationWafRunRequested,  // a run of the WAF suite queued for an item (after: run id, item, target)
  kVerificationWafRunFailed,     // a queued run ended without a report (after: run id, the reason)
  // SBOMs and known vulnerabilities (issue 15).
  kOsvImport,           // `proven osv import` (after: source, counts, snapshot)
  kSbomUpload,          // a product release's SBOM (after: release, format, components, sha256)
  kVexStatement,        // a vendor's VEX statement(s) for a product (after: vulnerability, status, …)
  kPortfolioAdd,        // a user company added a product it uses
  kPortfolioRemove,
  // High-level device verification (issue 16).
  kDeviceProjectRequest, // a device maker's request to a provider (after: the request)
  kDeviceProjectChange, // the request changed (before/after)
  kDeviceProjectWithdraw, // the maker withdrew
  kDeviceProjectAccept, // the provider accepted
  kDeviceProjectDecline, // the provider declined (after: the reason)
  kDeviceProjectReport, // the provider issued (or re-issued) the report
  kDeviceProjectConsent, // a side consented to publishing the summary, or withdrew consent
  kDeviceDocumentUpload, // a design document, SBOM or evidence file (after: name, kind, sha256)
  kThreatModelSave, // the threat model saved, edited or imported (after: revision, counts)
  kTestItemAdd,
  kTestItemChange,
  kTestItemRemove,
  kFindingAdd,
  kFindingChange,
  kFindingRespond, // the maker's risk evaluation and response
  kFindingRetest,
  kFindingDisclosure, // a disclosure date proposed or agreed, or publication set
  kChecklistSave, // a baseline requirement assessed
  kTestCatalogueSave, // the admin's test item catalogue
  kProviderProfileSave,
};
inline constexpr CodeEntry<AuditAction> kAuditActionCodes[] = {
    {AuditAction::kOrganisationCreate, "organisation.create"},
    {AuditAction::kUserCreate, "user.create"},
    {AuditAction::kUserDisable, "user.disable"},
    {AuditAction::kUserEnable, "user.enable"},
    {AuditAction::kUserPasswordChange, "user.password_change"},
    {AuditAction::kTokenCreate, "token.create"},
    {AuditAction::kTokenRevoke, "token.revoke"},
    {AuditAction::kMailRequeue, "mail.requeue"},
    {AuditAction::kEventCreate, "event.create"},
    {AuditAction::kEventChange, "event.change"},
    {AuditAction::kEventPublish, "event.publish"},
    {AuditAction::kEventCancel, "event.cancel"},
    {AuditAction::kRegistrationCreate, "registration.create"},
    {AuditAction::kRegistrationCancel, "registration.cancel"},
    {AuditAction::kRegistrationPromote, "registration.promote"},
    {AuditAction::kRegistrationCheckIn, "registration.checkin"},
    {AuditAction::kSlotOffer, "slot.offer"},
    {AuditAction::kSlotRemove, "slot.remove"},
    {AuditAction::kSlotBook, "slot.book"},
    {AuditAction::kSlotCancel, "slot.cancel"},
    {AuditAction::kSurveySave, "survey.save"},
    {AuditAction::kSurveySend, "survey.send"},
    {AuditAction::kSurveyRespond, "survey.respond"},
    {AuditAction::kAttendanceReport, "event.attendance_report"},
    {AuditAction::kServiceRegister, "service.register"},
    {AuditAction::kServiceChange, "service.change"},
    {AuditAction::kServiceRenew, "service.renew"},
    {AuditAction::kServiceSuspend, "service.suspend"},
    {AuditAction::kServiceResume, "service.resume"},
    {AuditAction::kServiceRevoke, "service.revoke"},
    {AuditAction::kServiceImport, "service.import"},
    {AuditAction::kServicesImport, "services.import"},
    {AuditAction::kServiceProposalApply, "service.proposal_apply"},
    {AuditAction::kProposalCreate, "proposal.create"},
    {AuditAction::kProposalApprove, "proposal.approve"},
    {AuditAction::kProposalReject, "proposal.reject"},
    {AuditAction::kFieldCreate, "field_map.create"},
    {AuditAction::kFieldChange, "field_map.change"},
    {AuditAction::kCallCreate, "call.create"},
    {AuditAction::kCallChange, "call.change"},
    {AuditAction::kCallOpen, "call.open"},
    {AuditAction::kCallDecide, "call.decide"},
    {AuditAction::kApplicationCreate, "application.create"},
    {AuditAction::kApplicationChange, "application.change"},
    {AuditAction::kApplicationSubmit, "application.submit"},
    {AuditAction::kApplicationWithdraw, "application.withdraw"},
    {AuditAction::kApplicationAttach, "application.attach"},
    {AuditAction::kApplicationDecide, "application.decide"},
    {AuditAction::kReviewerAppoint, "reviewer.appoint"},
    {AuditAction::kRelationshipDeclare, "relationship.declare"},
    {AuditAction::kConflictDeclare, "conflict.declare"},
    {AuditAction::kReviewScore, "review.score"},
    {AuditAction::kVerificationStart, "verification.start"},
    {AuditAction::kVerificationAppoint, "verification.appoint"},
    {AuditAction::kVerificationPlan, "verification.plan"},
    {AuditAction::kVerificationAgreePlan, "verification.agree_plan"},
    {AuditAction::kVerificationRecord, "verification.record"},
    {AuditAction::kVerificationSubmit, "verification.submit"},
    {AuditAction::kVerificationApprove, "verification.approve"},
    {AuditAction::kVerificationRequestChanges, "verification.request_changes"},
    {AuditAction::kVerificationStartCorrection, "verification.start_correction"},
    {AuditAction::kVerificationEvidence, "verification.evidence"},
    {AuditAction::kReportPublish, "report.publish"},
    {AuditAction::kCasePropose, "case.propose"},
    {AuditAction::kCaseChange, "case.change"},
    {AuditAction::kCaseConsent, "case.consent"},
    {AuditAction::kCasePublish, "case.publish"},
    {AuditAction::kCaseWithdraw, "case.withdraw"},
    {AuditAction::kConsultationRequest, "consultation.request"},
    {AuditAction::kConsultationAccept, "consultation.accept"},
    {AuditAction::kConsultationDecline, "consultation.decline"},
    {AuditAction::kConsultationWithdraw, "consultation.withdraw"},
    {AuditAction::kConsultationConfirm, "consultation.confirm"},
    {AuditAction::kConsultationMessage, "consultation.message"},
    {AuditAction::kConsultationOutcome, "consultation.outcome"},
    {AuditAction::kConsultationCase, "consultation.case"},
    {AuditAction::kNeedSave, "need.save"},
    {AuditAction::kNeedDelete, "need.delete"},
    {AuditAction::kNeedUnsubscribe, "need.unsubscribe"},
    {AuditAction::kSignIn, "session.sign_in"},
    {AuditAction::kSignInFailed, "session.sign_in_failed"},
    {AuditAction::kUserRolesChange, "user.roles_change"},
    {AuditAction::kPasswordResetStart, "user.password_reset_start"},
    {AuditAction::kPasswordReset, "user.password_reset"},
    {AuditAction::kEditionPublish, "edition.publish"},
    {AuditAction::kVerificationWafReport, "verification.waf_report"},
    {AuditAction::kVerificationWafRunRequested, "verification.waf_run_requested"},
    {AuditAction::kVerificationWafRunFailed, "verification.waf_run_failed"},
    {AuditAction::kOsvImport, "osv.import"},
    {AuditAction::kSbomUpload, "sbom.upload"},
    {AuditAction::kVexStatement, "vex.statement"},
    {AuditAction::kPortfolioAdd, "portfolio.add"},
    {AuditAction::kPortfolioRemove, "portfolio.remove"},
    {AuditAction::kDeviceProjectRequest, "device_project.request"},
    {AuditAction::kDeviceProjectChange, "device_project.change"},
    {AuditAction::kDeviceProjectWithdraw, "device_project.withdraw"},
    {AuditAction::kDeviceProjectAccept, "device_project.accept"},
    {AuditAction::kDeviceProjectDecline, "device_project.decline"},
    {AuditAction::kDeviceProjectReport, "device_project.report"},
    {AuditAction::kDeviceProjectConsent, "device_project.consent"},
    {AuditAction::kDeviceDocumentUpload, "device_document.upload"},
    {AuditAction::kThreatModelSave, "threat_model.save"},
    {AuditAction::kTestItemAdd, "test_item.add"},
    {AuditAction::kTestItemChange, "test_item.change"},
    {AuditAction::kTestItemRemove, "test_item.remove"},
    {AuditAction::kFindingAdd, "finding.add"},
    {AuditAction::kFindingChange, "finding.change"},
    {AuditAction::kFindingRespond, "finding.respond"},
    {AuditAction::kFindingRetest, "finding.retest"},
    {AuditAction::kFindingDisclosure, "finding.disclosure"},
    {AuditAction::kChecklistSave, "checklist.save"},
    {AuditAction::kTestCatalogueSave, "test_catalogue.save"},
    {AuditAction::kProviderProfileSave, "provider_profile.save"},
};
std::string_view AuditActionCode(AuditAction a);
std::optional<AuditAction> AuditActionFromCode(std::string_view code);

// Looks a value or a code up in a table (the functions above are these, named).
template <typename E>
constexpr std::string_view CodeIn(std::span<const CodeEntry<E>> table, E value) {
  for (const auto& e : table) {
    if (e.value == value) return e.code;
  }
  return {};
}
template <typename E>
constexpr std::optional<E> ValueIn(std::span<const CodeEntry<E>> table, std::string_view code) {
  for (const auto& e : table) {
    if (e.code == code) return e.value;
  }
  return std::nullopt;
}

}  // namespace proven::domain
