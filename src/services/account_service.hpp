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

// Failed sign-ins per account and per client address: after 5 failures each further attempt
// must wait 2^(n-5) seconds (capped at 15 minutes). Memory is bounded.
class LoginThrottle {
 public:
  // kResourceExhausted with the wait in `detail` (seconds) when the key must wait.
  Status Check(const std::string& key, std::int64_t now);
  void Failure(const std::string& key, std::int64_t now);
  void Success(const std::string& key);
  static std::int64_t RetryAfter(const Error& e);  // seconds, from a Check failure

 private:
  struct Entry {
    int failures = 0;
    std::int64_t last = 0;
  };
  static constexpr std::size_t kMaxKeys = 100000;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

class AccountService {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  AccountService(store::AccountStore& store, SessionPolicy policy = {}, Clock now = nullptr);

  // Creates a user; the organisation is created on first use, its kind inferred from the roles.
  Result<std::int64_t> AddUser(const std::string& email, const std::string& password,
                               const std::vector<domain::Role>& roles, const std::string& organisation,
                               const std::string& actor);
  Result<std::vector<store::User>> ListUsers() { return store_.ListUsers(); }
  Result<std::optional<store::User>> FindUser(std::int64_t id) { return store_.FindUserById(id); }
  Result<std::vector<store::Organisation>> ListOrganisations() { return store_.ListOrganisations(); }
  // Creates the organisation (or returns the existing one of that name).
  Result<store::Organisation> AddOrganisation(const std::string& name, domain::OrgKind kind, const std::string& actor) {
    return store_.EnsureOrganisation(name, kind, actor);
  }
  Result<std::vector<store::AuditEntry>> Audit(std::int64_t before_seq, std::size_t limit) {
    return store_.ListAudit(before_seq, limit);
  }
  Result<store::AuditVerification> VerifyAudit() { return store_.VerifyAudit(); }
  Status DisableUser(const std::string& email, const std::string& actor);

  // The same error for an unknown user, a wrong password and a disabled account.
  Result<NewSession> SignIn(const std::string& email, const std::string& password, const std::string& address);
  Result<ActiveSession> Resume(const std::string& session_id);
  Status SignOut(const std::string& session_id);
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
  Clock now_;
  LoginThrottle throttle_;
};

}  // namespace proven::services
