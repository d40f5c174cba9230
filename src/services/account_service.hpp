#pragma once
// Accounts and authentication: users and their roles, passwords (Argon2id, policy-checked),
// sign-in with throttling, server-side sessions with CSRF tokens, API tokens. Secrets are
// stored only as hashes; every change is audited.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "store/account_store.hpp"
#include "store/audit_log.hpp"

namespace proven::services {

struct SessionPolicy {
  std::int64_t idle_seconds = 30 * 60;          // ends after 30 minutes without a request
  std::int64_t absolute_seconds = 12 * 60 * 60;  // and 12 hours after sign-in in any case
};

struct NewSession {
  std::string id;    // the raw session id, for the cookie only
  std::string csrf;  // the synchroniser token for forms
  domain::Actor actor;
};

struct ActiveSession {
  domain::Actor actor;
  std::string csrf;
};

// Failed sign-ins, counted per client address and per account, following OWASP's advice on
// account lockout: throttle the failing source harder than the account, and never let failures
// elsewhere lock the owner out.
// - An address with kFreeFailures (5) failures or more, on any accounts, must wait 2^(n-5)
//   seconds after its last failure (capped at 15 minutes) before it may try again.
// - An account with 5 failures or more, from any addresses, waits the same way, but only for
//   addresses that have failed themselves within the last 15 minutes. An address without recent
//   failures always gets its attempt checked, so the right password from it signs in even while
//   the account is under attack from elsewhere; a distributed attack gets one attempt per fresh
//   address before the account's wait applies to that address too.
// A success clears the address and the account. The counts live in the database
// (store::FailureCounts), so every instance on it throttles alike; keys whose last failure is
// older than the longest wait plus the window are forgotten.
class LoginThrottle {
 public:
  explicit LoginThrottle(store::FailureCounts& counts) : counts_(counts) {}
  static constexpr int kFreeFailures = 5;
  static constexpr std::int64_t kMaxWait = 15 * 60;
  static constexpr std::int64_t kRecentSeconds = 15 * 60;

  // kResourceExhausted with the wait in `detail` (seconds) when this address must wait, for this
  // account or for any; the store's error when it cannot tell.
  Status Check(const std::string& account, const std::string& address, std::int64_t now);
  Status Failure(const std::string& account, const std::string& address, std::int64_t now);
  Status Success(const std::string& account, const std::string& address);
  static std::int64_t RetryAfter(const Error& e);  // seconds, from a Check failure

 private:
  store::FailureCounts& counts_;
};

// Limits on account inputs, checked before any work (Argon2 over a 10 MB password would be a
// denial of service). kInvalidArgument naming the field when exceeded.
inline constexpr std::size_t kMaxEmailBytes = 254;      // RFC 5321's path limit
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // sign-in; a new password is held to 128 characters
inline constexpr std::size_t kMaxNameBytes = 200;       // organisation and token names

class AccountService {
 public:
  AccountService(store::AccountStore& store, store::FailureCounts& failures, SessionPolicy policy = {},
                 const Clock& clock = Clock::System());

  // Creates a user; the organisation is created on first use, its kind inferred from the roles.
  Result<std::int64_t> AddUser(const std::string& email, const std::string& password,
                               const std::vector<domain::Role>& roles, const std::string& organisation,
                               const std::string& actor);
  Result<std::vector<store::User>> ListUsers() { return store_.ListUsers(); }
  Result<std::optional<store::User>> FindUser(std::int64_t id) { return store_.FindUserById(id); }
  Result<std::vector<store::Organisation>> ListOrganisations() { return store_.ListOrganisations(); }
  // Creates the organisation (or returns the existing one of that name).
  Result<store::Organisation> AddOrganisation(const std::string& name, domain::OrgKind kind, const std::string& actor);
  Result<std::vector<store::AuditEntry>> Audit(std::int64_t before_seq, std::size_t limit) {
    return store_.ListAudit(before_seq, limit);
  }
  Result<store::AuditVerification> VerifyAudit() { return store_.VerifyAudit(); }
  Status DisableUser(const std::string& email, const std::string& actor);

  // The same, on behalf of a signed-in person: the service checks the permission itself
  // (manage_users, view_audit) whatever route calls it. The label-only forms above are for the
  // CLI, run by the operator on the machine.
  Result<std::int64_t> AddUser(const domain::Actor& by, const std::string& email, const std::string& password,
                               const std::vector<domain::Role>& roles, const std::string& organisation);
  Result<std::vector<store::User>> ListUsers(const domain::Actor& by);
  Result<std::vector<store::Organisation>> ListOrganisations(const domain::Actor& by);
  Result<store::Organisation> AddOrganisation(const domain::Actor& by, const std::string& name, domain::OrgKind kind);
  Status DisableUser(const domain::Actor& by, std::int64_t user_id);
  Result<std::vector<store::AuditEntry>> Audit(const domain::Actor& by, std::int64_t before_seq, std::size_t limit);
  Result<store::AuditVerification> VerifyAudit(const domain::Actor& by);

  // The same error for an unknown user, a wrong password and a disabled account.
  Result<NewSession> SignIn(const std::string& email, const std::string& password, const std::string& address);
  Result<ActiveSession> Resume(const std::string& session_id);
  Status SignOut(const std::string& session_id);
  // One-time notices for a page of a session (services/account_flash.cpp): `key` is a message
  // catalogue key, `args` its placeholder values. Added after an action, taken by the page.
  struct Flash {
    std::string key;
    MessageArgs args;
  };
  Status AddFlash(const std::string& session_id, const std::string& path, const std::string& key,
                  const MessageArgs& args);
  Result<std::vector<Flash>> TakeFlashes(const std::string& session_id, const std::string& path);
  // Checks the current password; ends every session of the user (the caller signs in again).
  Status ChangePassword(const domain::Actor& actor, const std::string& current, const std::string& next);

  // Returns the raw token (shown once).
  Result<std::string> CreateToken(const std::string& email, const std::string& name, const std::string& actor);
  Status RevokeToken(const std::string& email, std::int64_t token_id, const std::string& actor);
  Result<std::vector<store::ApiToken>> ListTokens(const std::string& email);
  Result<domain::Actor> ResolveToken(const std::string& token);

 private:
  Result<store::User> UserByEmail(const std::string& email);
  store::AccountStore& store_;
  SessionPolicy policy_;
  const Clock& clock_;
  LoginThrottle throttle_;
};

}  // namespace proven::services
