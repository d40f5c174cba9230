#pragma once
// The service lifecycle as one transition table: which state each registrar action leads to from
// each state, and why the others are refused. Pure; the matrix test writes the whole table out.
// (Validity — valid, expiring soon, expired — follows from the dates: see StatusAsOf.)
#include <cstdint>
#include <string_view>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/service.hpp"

namespace proven::domain {

enum class LifecycleAction {
  kChange,   // fields change (registrar edit, approved proposal, import)
  kRenew,    // a later expiry
  kSuspend,  // active → suspended
  kResume,   // suspended → active
  kRevoke,   // → revoked, for good
  kPropose,  // a vendor proposes a change (the state stays)
};
inline constexpr LifecycleAction kLifecycleActions[] = {LifecycleAction::kChange, LifecycleAction::kRenew,
                                                        LifecycleAction::kSuspend, LifecycleAction::kResume,
                                                        LifecycleAction::kRevoke, LifecycleAction::kPropose};
std::string_view LifecycleActionCode(LifecycleAction a);  // change, renew, suspend, ...

// The state of service `id` after `action` from `from`, or kFailedPrecondition saying why not:
// nothing changes a revoked registration; only an active one is suspended; only a suspended one
// is resumed.
Result<ServiceState> NextState(std::int64_t id, ServiceState from, LifecycleAction action);

// What a registration body may do to service `s` as of `as_of`: exactly what RegistrarService
// accepts, so pages offer only actions that can succeed. Nothing for a revoked service; resume only
// for a suspended one; suspend only for an active one that has not expired (an expired
// registration has lapsed: renew or revoke it); edit, renew and revoke otherwise.
struct OfferedActions {
  bool edit = false;
  bool renew = false;
  bool suspend = false;
  bool resume = false;
  bool revoke = false;
  bool operator==(const OfferedActions&) const = default;
};
OfferedActions ActionsOffered(const Service& s, Date as_of);

// Suspending needs a registration still in force as of `as_of`: an active service whose expiry has
// passed is refused with kFailedPrecondition (error.lifecycle.suspend_expired {id, expires_on}).
Status MaySuspendAsOf(const Service& s, Date as_of);

}  // namespace proven::domain
