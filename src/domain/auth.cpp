#include "domain/auth.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/core.h>

#include "core/text.hpp"

namespace proven::domain {

std::string_view RoleCode(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kRegistrar: return "registrar";
    case Role::kVendor: return "vendor";
    case Role::kReviewer: return "reviewer";
    case Role::kVerifier: return "verifier";
    case Role::kUser: return "user";
  }
  return "user";
}

std::optional<Role> RoleFromCode(std::string_view code) {
  for (auto r : kRoles) {
    if (RoleCode(r) == code) return r;
  }
  return std::nullopt;
}

std::string_view OrgKindCode(OrgKind k) {
  switch (k) {
    case OrgKind::kRegistrationBody: return "registration_body";
    case OrgKind::kVendor: return "vendor";
    case OrgKind::kUserCompany: return "user_company";
    case OrgKind::kOperator: return "operator";
  }
  return "user_company";
}

std::optional<OrgKind> OrgKindFromCode(std::string_view code) {
  for (auto k : kOrgKinds) {
    if (OrgKindCode(k) == code) return k;
  }
  return std::nullopt;
}

std::string_view ActionCode(Action a) {
  switch (a) {
    case Action::kManageUsers: return "manage_users";
    case Action::kViewAudit: return "view_audit";
    case Action::kRegisterService: return "register_service";
    case Action::kChangeService: return "change_service";
    case Action::kRenewService: return "renew_service";
    case Action::kSuspendService: return "suspend_service";
    case Action::kResumeService: return "resume_service";
    case Action::kRevokeService: return "revoke_service";
    case Action::kViewRegistrarPages: return "view_registrar_pages";
    case Action::kProposeChange: return "propose_change";
    case Action::kDecideProposal: return "decide_proposal";
    case Action::kViewProposals: return "view_proposals";
    case Action::kImportServices: return "import_services";
    case Action::kUseAccount: return "use_account";
    case Action::kEditFieldMap: return "edit_field_map";
    case Action::kManageCalls: return "manage_calls";
    case Action::kApplyToCalls: return "apply_to_calls";
    case Action::kViewApplications: return "view_applications";
    case Action::kReviewApplications: return "review_applications";
    case Action::kDecideApplications: return "decide_applications";
    case Action::kManageVerifications: return "manage_verifications";
    case Action::kVerifyProducts: return "verify_products";
    case Action::kApproveReports: return "approve_reports";
    case Action::kViewVerifications: return "view_verifications";
    case Action::kProposeCases: return "propose_cases";
    case Action::kViewCases: return "view_cases";
    case Action::kManageEvents: return "manage_events";
    case Action::kRegisterForEvents: return "register_for_events";
    case Action::kOfferSlots: return "offer_slots";
    case Action::kManageMail: return "manage_mail";
    case Action::kRequestConsultations: return "request_consultations";
    case Action::kAnswerConsultations: return "answer_consultations";
    case Action::kTakePartInConsultations: return "take_part_in_consultations";
    case Action::kViewConsultations: return "view_consultations";
    case Action::kSaveNeeds: return "save_needs";
    case Action::kRunWafSuite: return "run_waf_suite";
    case Action::kManageSboms: return "manage_sboms";
    case Action::kKeepPortfolio: return "keep_portfolio";
    case Action::kRequestDeviceVerification: return "request_device_verification";
    case Action::kConductDeviceVerification: return "conduct_device_verification";
    case Action::kViewDeviceProjects: return "view_device_projects";
    case Action::kManageTestCatalogue: return "manage_test_catalogue";
    case Action::kEditProviderProfile: return "edit_provider_profile";
  }
  return "unknown";
}

const std::vector<Permission>& PermissionTable() {
  using R = Role;
  using O = Ownership;
  static const std::vector<Permission> kTable = {
      {Action::kManageUsers, {R::kAdmin}, O::kNone},
      {Action::kViewAudit, {R::kAdmin}, O::kNone},
      {Action::kRegisterService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kChangeService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kRenewService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kSuspendService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kResumeService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kRevokeService, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kViewRegistrarPages, {R::kAdmin, R::kRegistrar}, O::kNone},
      {Action::kProposeChange, {R::kVendor}, O::kOwnProvider},
      {Action::kDecideProposal, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kViewProposals, {R::kAdmin, R::kRegistrar, R::kVendor}, O::kNone},
      {Action::kImportServices, {R::kAdmin, R::kRegistrar}, O::kOwnRegistrarBody},
      {Action::kUseAccount, {R::kAdmin, R::kRegistrar, R::kVendor, R::kReviewer, R::kVerifier, R::kUser}, O::kNone},
      // The programme: who owns an application or sits on a committee is checked by the
      // programme's services (a vendor's organisation, a call's reviewers), beyond the role.
      {Action::kEditFieldMap, {R::kAdmin}, O::kNone},
      {Action::kManageCalls, {R::kAdmin}, O::kNone},
      {Action::kApplyToCalls, {R::kVendor}, O::kNone},
      {Action::kViewApplications, {R::kAdmin, R::kVendor, R::kReviewer}, O::kNone},
      {Action::kReviewApplications, {R::kReviewer}, O::kNone},
      {Action::kDecideApplications, {R::kAdmin}, O::kNone},
      {Action::kManageVerifications, {R::kAdmin}, O::kNone},
      {Action::kVerifyProducts, {R::kVerifier}, O::kNone},
      {Action::kApproveReports, {R::kVendor}, O::kNone},
      {Action::kViewVerifications, {R::kAdmin, R::kVerifier, R::kVendor}, O::kNone},
      // Cases: the side is checked by CaseService (a vendor's own products, the product's
      // vendor_org_id; a user organisation's own organisation), beyond the role. The admin reads
      // every case but is no party to any.
      {Action::kProposeCases, {R::kVendor, R::kUser}, O::kNone},
      {Action::kViewCases, {R::kAdmin, R::kVendor, R::kUser}, O::kNone},
      {Action::kManageEvents, {R::kAdmin}, O::kNone},
      // Every signed-in person may attend the platform's meetings.
      {Action::kRegisterForEvents, {R::kAdmin, R::kRegistrar, R::kVendor, R::kReviewer, R::kVerifier, R::kUser},
       O::kNone},
      {Action::kOfferSlots, {R::kVendor}, O::kNone},
      {Action::kManageMail, {R::kAdmin}, O::kNone},
      // Consultations: a user company's accounts ask (a consultation is the first step towards a
      // trial-deployment case, whose user side is a user_company organisation); the vendor's
      // accounts answer. Which consultation is whose is checked by ConsultationService. The admin
      // reads every one and takes part in none.
      {Action::kRequestConsultations, {R::kUser}, O::kNone},
      {Action::kAnswerConsultations, {R::kVendor}, O::kNone},
      {Action::kTakePartInConsultations, {R::kVendor, R::kUser}, O::kNone},
      {Action::kViewConsultations, {R::kAdmin, R::kVendor, R::kUser}, O::kNone},
      // Anyone signed in may save needs; each sees and deletes only their own (NeedsService).
      {Action::kSaveNeeds, {R::kAdmin, R::kRegistrar, R::kVendor, R::kReviewer, R::kVerifier, R::kUser}, O::kNone},
      // The verification's own verifiers and the admin (WafRunService checks the appointment).
      {Action::kRunWafSuite, {R::kAdmin, R::kVerifier}, O::kNone},
      {Action::kManageSboms, {R::kAdmin, R::kVendor}, O::kNone},
      {Action::kKeepPortfolio, {R::kAdmin, R::kUser}, O::kNone},
      {Action::kRequestDeviceVerification, {R::kVendor}, O::kNone},
      {Action::kConductDeviceVerification, {R::kVendor}, O::kNone},
      {Action::kViewDeviceProjects, {R::kAdmin, R::kVendor}, O::kNone},
      {Action::kManageTestCatalogue, {R::kAdmin}, O::kNone},
      {Action::kEditProviderProfile, {R::kAdmin, R::kVendor}, O::kNone},
  };
  return kTable;
}

bool Actor::Has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

std::string Actor::Label() const { return user_id ? fmt::format("user:{} {}", user_id, email) : email; }

namespace {

const Permission* PermissionOf(Action action) {
  const auto& table = PermissionTable();
  auto it = std::find_if(table.begin(), table.end(), [&](const Permission& p) { return p.action == action; });
  return it == table.end() ? nullptr : &*it;
}

// An admin whose role the action lists acts on every organisation's services.
bool OwnsEverything(const Actor& actor, const Permission& p) {
  return actor.Has(Role::kAdmin) && std::find(p.roles.begin(), p.roles.end(), Role::kAdmin) != p.roles.end();
}

}  // namespace

Status AuthorizeRole(const Actor& actor, Action action) {
  const Permission* it = PermissionOf(action);
  if (!it) return Fail(Reason{"error.auth.not_allowed", {}}, ErrorCode::kPermissionDenied, "this action is not allowed");
  bool role_ok = false;
  for (auto r : it->roles) role_ok = role_ok || actor.Has(r);
  if (!role_ok) {
    return Fail(Reason{"error.auth.role_not_allowed", {}}, ErrorCode::kPermissionDenied,
                fmt::format("your role does not allow {}", ActionCode(action)));
  }
  return {};
}

std::optional<OwnedScope> OwnershipScope(const Actor& actor, Action action) {
  const Permission* p = PermissionOf(action);
  if (p && (p->ownership == Ownership::kNone || OwnsEverything(actor, *p))) return std::nullopt;
  return OwnedScope{actor.organisation_id};
}

Status Authorize(const Actor& actor, Action action, const std::optional<ServiceOwner>& target) {
  if (auto role = AuthorizeRole(actor, action); !role) return role;
  const Permission* it = PermissionOf(action);
  if (OwnsEverything(actor, *it)) return {};
  switch (it->ownership) {
    case Ownership::kNone: return {};
    case Ownership::kOwnRegistrarBody:
      if (target && actor.organisation_id && target->registrar_id == actor.organisation_id) return {};
      return Fail(Reason{"error.auth.not_own_registrar", {}}, ErrorCode::kPermissionDenied,
                  "only the registration body that registered this service may do this");
    case Ownership::kOwnProvider:
      if (target && actor.organisation_id && target->provider_id == actor.organisation_id) return {};
      return Fail(Reason{"error.auth.not_own_provider", {}}, ErrorCode::kPermissionDenied,
                  "only the service's own provider may propose changes");
  }
  return Fail(Reason{"error.auth.not_allowed", {}}, ErrorCode::kPermissionDenied, "this action is not allowed");
}

namespace {

// Common passwords of 12 or more characters (shorter ones fail the length rule anyway), from
// public breach-frequency lists; compared case-insensitively.
constexpr std::array<std::string_view, 60> kCommon = {
    "123456789012", "1234567890123", "12345678901234", "123456789abc", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "aaaaaaaaaaaa", "abc123456789", "abcd12345678", "abcdefghijkl", "administrator", "asdfghjkl123",
    "changeme1234", "football1234", "iloveyou1234", "letmein12345", "mypassword12", "passw0rd1234",
    "password0000", "password1111", "password1234", "password12345", "password123!", "password2024",
    "password2025", "password2026", "passwordpassword", "qwerty123456", "qwertyuiop12", "qwertyuiopas",
    "qazwsxedcrfv", "trustno11234", "welcome12345", "welcome123456", "zaq12wsxcde3", "000000000000",
    "111111111111", "123123123123", "121212121212", "987654321098", "0987654321qwerty", "p@ssw0rd1234",
    "p@ssword1234", "sunshine1234", "princess1234", "dragon123456", "monkey123456", "master123456",
    "shadow123456", "superman1234", "baseball1234", "whatever1234", "starwars1234", "computer1234",
    "internet1234", "security1234", "securepassword", "proven123456", "provenpassword", "japan1234567",
};

}  // namespace

std::optional<Problem> CheckPassword(std::string_view password, std::string_view email) {
  auto problem = [](std::string message, std::string key, MessageArgs args = {}) {
    return Problem{"", std::move(message), Reason{std::move(key), std::move(args)}};
  };
  std::size_t chars = 0;
  for (std::size_t p = 0; p < password.size();) {
    NextCodePoint(password, p);
    ++chars;
  }
  if (chars < 12) {
    return problem("the password must be at least 12 characters long", "error.password.too_short", {{"min", "12"}});
  }
  if (chars > 128) {
    return problem("the password must be at most 128 characters long", "error.password.too_long", {{"max", "128"}});
  }
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (auto c : kCommon) {
    if (lower == c) return problem("this password is too common; choose another", "error.password.common");
  }
  if (std::all_of(lower.begin(), lower.end(), [&](char c) { return c == lower[0]; })) {
    return problem("the password must not repeat one character", "error.password.one_character");
  }
  std::string mail(email);
  std::transform(mail.begin(), mail.end(), mail.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string local = mail.substr(0, mail.find('@'));
  if (!mail.empty() && (lower == mail || (local.size() >= 4 && lower.find(local) != std::string::npos))) {
    return problem("the password must not contain your e-mail address", "error.password.contains_email");
  }
  return std::nullopt;
}

std::optional<std::string> NormaliseEmail(std::string_view email) {
  const std::string e(Trim(email));
  const auto at = e.find('@');
  if (e.empty() || e.size() > 254 || at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos ||
      e.find('.', at) == std::string::npos || e.back() == '.' || e.find_first_of(" \t\r\n<>\"',;") != std::string::npos) {
    return std::nullopt;
  }
  std::string out = e;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace proven::domain
