#pragma once
// Who may do what: roles, actions and the one permission table, with ownership rules such as
// "a registrar may change only services of its own registration body". Pure: callers bring the
// actor and the target.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace proven::domain {

enum class Role { kAdmin, kRegistrar, kVendor, kReviewer, kVerifier, kUser };
inline constexpr Role kRoles[] = {Role::kAdmin, Role::kRegistrar, Role::kVendor, Role::kReviewer, Role::kVerifier, Role::kUser};
std::string_view RoleCode(Role r);
std::optional<Role> RoleFromCode(std::string_view code);

enum class OrgKind { kRegistrationBody, kVendor, kUserCompany, kOperator };
inline constexpr OrgKind kOrgKinds[] = {OrgKind::kRegistrationBody, OrgKind::kVendor, OrgKind::kUserCompany,
                                        OrgKind::kOperator};
std::string_view OrgKindCode(OrgKind k);
std::optional<OrgKind> OrgKindFromCode(std::string_view code);

enum class Action {
  kManageUsers,        // admin pages: users, organisations
  kViewAudit,          // browse the audit log
  kRegisterService,    // create a service (for a registration body)
  kChangeService,      // change fields
  kRenewService,       // new expiry
  kSuspendService,
  kResumeService,
  kRevokeService,
  kViewRegistrarPages, // dashboard, expiring list
  kProposeChange,      // a vendor proposes overview/industries/regions/url changes
  kDecideProposal,     // approve or reject a vendor's proposal
  kViewProposals,      // list and read proposals (a registrar its body's, a vendor its own)
  kImportServices,     // upload a CSV of services (a registrar only for its own body)
  kUseAccount,         // what every signed-in account may do: see itself, change its password
  // The verification programme (domain/programme/programme.hpp).
  kEditFieldMap,        // create and change the important fields
  kManageCalls,         // create, edit and open calls; appoint reviewers; the committee and ranking pages
  kApplyToCalls,        // a vendor's applications for its organisation
  kViewApplications,    // read applications (a vendor its own, a reviewer its calls', the admin all)
  kReviewApplications,  // a reviewer declares conflicts and relationships, and scores
  kDecideApplications,  // select or not
  // Verification and publication (domain/programme/verification.hpp).
  kManageVerifications,  // start a verification of a selected product, appoint verifiers, publish reports
  kVerifyProducts,       // a verifier: the plan, results, strong points, trial; submit; start a correction
  kApproveReports,       // a vendor: agree the plan, approve a report or ask for changes
  kViewVerifications,    // read verifications (the admin all, a verifier its own, a vendor its products')
  // Trial-deployment cases (domain/programme/deployment_case.hpp).
  kProposeCases,  // propose, change, consent to and withdraw from cases of one's own side
  kViewCases,     // read whole case records (the admin all, a vendor or user organisation its own)
  // The collaboration platform (domain/events) and the mail outbox.
  kManageEvents,       // create, change, publish and cancel events; registrations and check-in
  kRegisterForEvents,  // register for an event and cancel one's own registration; book consultations
  kOfferSlots,         // a vendor offers consultation slots at an event
  kManageMail,         // the outbox and its dead letters
  // Consultations between a user company and a vendor (domain/consultations/consultation.hpp):
  // the side is checked by ConsultationService (the requester's organisation, the vendor's).
  kRequestConsultations,     // a user company asks, withdraws, confirms a time, turns it into a case
  kAnswerConsultations,      // a vendor accepts (proposing times) or declines
  kTakePartInConsultations,  // either side writes in the thread and records the outcome
  kViewConsultations,        // read one's consultations (the admin every one, read-only)
  // Matching (issue 11).
  kSaveNeeds,  // save, list and delete one's own needs (watched for new matches)
  // The WAF effectiveness suite (issue 14): queue a run of a WAF item against its agreed target
  // (the verification's verifiers and the admin; checked by WafRunService).
  kRunWafSuite,
  // SBOMs and known vulnerabilities (issue 15): a vendor attaches SBOMs and VEX statements to its
  // own products (the product's vendor organisation, checked by SbomService); a user company keeps
  // the list of products it uses and reads their findings and alerts.
  kManageSboms,
  kKeepPortfolio,
  // High-level device verification (issue 16, domain/devices/project.hpp): the side (the maker's
  // or the provider's organisation) is checked by DeviceService.
  kRequestDeviceVerification,  // a device maker requests, edits, withdraws, answers findings
  kConductDeviceVerification,  // a provider accepts or declines, models threats, tests, reports
  kViewDeviceProjects,         // read one's projects (the admin every one, read-only)
  kManageTestCatalogue,        // the admin's test item catalogue
  kEditProviderProfile,        // a 機器検証 provider's public profile (its own; the admin any)
};
inline constexpr Action kActions[] = {Action::kManageUsers, Action::kViewAudit, Action::kRegisterService,
                                      Action::kChangeService, Action::kRenewService, Action::kSuspendService,
                                      Action::kResumeService, Action::kRevokeService, Action::kViewRegistrarPages,
                                      Action::kProposeChange, Action::kDecideProposal, Action::kViewProposals,
                                      Action::kImportServices, Action::kUseAccount, Action::kEditFieldMap,
                                      Action::kManageCalls, Action::kApplyToCalls, Action::kViewApplications,
                                      Action::kReviewApplications, Action::kDecideApplications,
                                      Action::kManageVerifications, Action::kVerifyProducts, Action::kApproveReports,
                                      Action::kViewVerifications, Action::kProposeCases, Action::kViewCases,
                                      Action::kManageEvents, Action::kRegisterForEvents, Action::kOfferSlots,
                                      Action::kManageMail, Action::kRequestConsultations,
                                      Action::kAnswerConsultations, Action::kTakePartInConsultations,
                                      Action::kViewConsultations, Action::kSaveNeeds, Action::kRunWafSuite,
                                      Action::kManageSboms, Action::kKeepPortfolio,
                                      Action::kRequestDeviceVerification, Action::kConductDeviceVerification,
                                      Action::kViewDeviceProjects, Action::kManageTestCatalogue,
                                      Action::kEditProviderProfile};
std::string_view ActionCode(Action a);

// Whom an action on a service must belong to, beyond the role.
enum class Ownership {
  kNone,              // the role suffices
  kOwnRegistrarBody,  // the service's registrar is the actor's organisation
  kOwnProvider,       // the service's provider is the actor's organisation
};

struct Permission {
  Action action;
  std::vector<Role> roles;
  Ownership ownership;  // applies to every role but admin
};
const std::vector<Permission>& PermissionTable();

struct Actor {
  std::int64_t user_id = 0;
  std::string email;
  std::vector<Role> roles;
  std::string organisation;  // name; empty when none
  std::optional<std::int64_t> organisation_id;
  bool Has(Role r) const;
  std::string Label() const;  // for the audit log
};

// Whose service an action is about, by organisation id (empty for actions on no service; an id
// is empty when that organisation has no account).
struct ServiceOwner {
  std::optional<std::int64_t> registrar_id;
  std::optional<std::int64_t> provider_id;
};

// kPermissionDenied with a message that says why, or ok.
Status Authorize(const Actor& actor, Action action, const std::optional<ServiceOwner>& target = std::nullopt);
// The role part of Authorize alone: checked first, before any input is read or validated, so
// that an actor who may never do `action` learns nothing and costs nothing.
Status AuthorizeRole(const Actor& actor, Action action);
// The organisation whose services an actor may act on, by id (names are for people; two bodies
// may look alike, and a body may be renamed). An empty id: the actor has no organisation, so no
// service is its own.
struct OwnedScope {
  std::optional<std::int64_t> organisation_id;
  bool operator==(const OwnedScope&) const = default;
};
// Whose services `actor` may do `action` to: nullopt when any (an admin, or an action without
// ownership), else the actor's organisation. For listing and scoping (a registrar's dashboard,
// its imports, its expiring list); call after AuthorizeRole.
std::optional<OwnedScope> OwnershipScope(const Actor& actor, Action action);

// Password rules (OWASP ASVS 2.1): at least 12 characters, at most 128, not a common password,
// not the e-mail address or its local part. Returns the reason when it is refused.
std::optional<Problem> CheckPassword(std::string_view password, std::string_view email);

// A plausible e-mail address (one @, a dot in the domain, no spaces), lower-cased.
std::optional<std::string> NormaliseEmail(std::string_view email);

}  // namespace proven::domain
