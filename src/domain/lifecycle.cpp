#include "domain/lifecycle.hpp"

#include <fmt/core.h>

namespace proven::domain {

std::string_view LifecycleActionCode(LifecycleAction a) {
  switch (a) {
    case LifecycleAction::kChange: return "change";
    case LifecycleAction::kRenew: return "renew";
    case LifecycleAction::kSuspend: return "suspend";
    case LifecycleAction::kResume: return "resume";
    case LifecycleAction::kRevoke: return "revoke";
    case LifecycleAction::kPropose: return "propose";
  }
  return "?";
}

Result<ServiceState> NextState(std::int64_t id, ServiceState from, LifecycleAction action) {
  using S = ServiceState;
  using A = LifecycleAction;
  auto refuse = [id](std::string key, std::string message) -> Result<ServiceState> {
    return Fail(Reason{std::move(key), {{"id", std::to_string(id)}}}, ErrorCode::kFailedPrecondition,
                std::move(message));
  };
  if (from == S::kRevoked) {
    return refuse("error.lifecycle.revoked",
                  fmt::format("service {} is revoked: a revoked registration cannot be changed", id));
  }
  switch (action) {
    case A::kChange:
    case A::kRenew:
    case A::kPropose: return from;
    case A::kSuspend:
      if (from == S::kActive) return S::kSuspended;
      return refuse("error.lifecycle.already_suspended", fmt::format("service {} is already suspended", id));
    case A::kResume:
      if (from == S::kSuspended) return S::kActive;
      return refuse("error.lifecycle.not_suspended",
                    fmt::format("service {} is not suspended, so it cannot be resumed", id));
    case A::kRevoke: return S::kRevoked;
  }
  return refuse("", "unknown lifecycle action");
}

OfferedActions ActionsOffered(const Service& s, Date as_of) {
  OfferedActions a;
  if (s.state == ServiceState::kRevoked) return a;
  a.edit = a.renew = a.revoke = true;
  a.resume = s.state == ServiceState::kSuspended;
  a.suspend = s.state == ServiceState::kActive && MaySuspendAsOf(s, as_of).has_value();
  return a;
}

Status MaySuspendAsOf(const Service& s, Date as_of) {
  if (s.state == ServiceState::kActive && StatusAsOf(s, as_of) == ServiceStatus::kExpired) {
    return Fail(Reason{"error.lifecycle.suspend_expired", {{"id", std::to_string(s.id)}, {"expires_on", s.expires_on.ToIso()}}},
                ErrorCode::kFailedPrecondition,
                fmt::format("service {} expired on {}: an expired registration cannot be suspended (renew or revoke it)",
                            s.id, s.expires_on.ToIso()));
  }
  return {};
}

}  // namespace proven::domain
