#include "domain/codes.hpp"

namespace proven::domain {

std::string_view EventKindCode(EventKind k) { return CodeIn<EventKind>(kEventKindCodes, k); }
std::optional<EventKind> EventKindFromCode(std::string_view code) { return ValueIn<EventKind>(kEventKindCodes, code); }

std::string_view ProposalStatusCode(ProposalStatus s) { return CodeIn<ProposalStatus>(kProposalStatusCodes, s); }
std::optional<ProposalStatus> ProposalStatusFromCode(std::string_view code) {
  return ValueIn<ProposalStatus>(kProposalStatusCodes, code);
}

std::string_view AuditActionCode(AuditAction a) { return CodeIn<AuditAction>(kAuditActionCodes, a); }
std::optional<AuditAction> AuditActionFromCode(std::string_view code) {
  return ValueIn<AuditAction>(kAuditActionCodes, code);
}

}  // namespace proven::domain
