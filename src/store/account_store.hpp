#pragma once
// Organisations, users, roles, sessions and API tokens. Every change is written together with
// its audit-log entry, in one transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  domain::OrgKind kind = domain::OrgKind::kUserCompany;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string password_hash;
  std::optional<std::int64_t> organisation_id;
  std::string organisation;  // name, empty when none
  bool disabled = false;
  std::vector<domain::Role> roles;
  domain::Actor ToActor() const { return {id, email, roles, organisation, organisation_id}; }
};

struct SessionRecord {
  std::string id_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;  // unix seconds
  std::int64_t last_seen_at = 0;
};

// A one-time notice for a page of a session (session_flashes).
struct FlashRecord {
  std::string id_hash;      // the session's
  std::string path;         // the page it is for
  std::string message_key;  // a message catalogue key
  std::string args_json;    // [[name, value], …]
  std::int64_t created_at = 0;
};

struct ApiToken {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// Failed sign-ins by key ("account:EMAIL", "address:IP"), in the database so that every instance
// sees the same counts (services::LoginThrottle decides what they mean).
struct FailureCount {
  int failures = 0;
  std::int64_t last = 0;  // unix seconds of the latest
};

class FailureCounts {
 public:
  explicit FailureCounts(ConnectionPool& pool) : pool_(pool) {}
  // The counts of those keys that have any.
  Result<std::map<std::string, FailureCount>> Get(const std::vector<std::string>& keys);
  // Counts one more failure at `now` for each key, and forgets keys whose last failure is older
  // than `forget_before` (the table stays as small as the attack is recent).
  Status Add(const std::vector<std::string>& keys, std::int64_t now, std::int64_t forget_before);
  Status Clear(const std::vector<std::string>& keys);

 private:
  ConnectionPool& pool_;
};

class AccountStore {
 public:
  explicit AccountStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}

  // The organisation with this name, created (with `kind`) when it does not exist.
  Result<Organisation> EnsureOrganisation(const std::string& name, domain::OrgKind kind, const std::string& actor);
  Result<std::vector<Organisation>> ListOrganisations();

  // kAlreadyExists when the e-mail address is taken.
  Result<std::int64_t> CreateUser(const std::string& email, const std::string& password_hash,
                                  std::optional<std::int64_t> organisation_id, const std::vector<domain::Role>& roles,
                                  const std::string& actor);
  Result<std::optional<User>> FindUserByEmail(const std::string& email);
  Result<std::optional<User>> FindUserById(std::int64_t id);
  Result<std::vector<User>> ListUsers();
  // Disabling also ends the user's sessions and revokes nothing else (tokens stop working
  // because authentication checks `disabled`).
  Status SetDisabled(std::int64_t user_id, bool disabled, const std::string& actor);
  // Replaces the password hash and ends every session of the user.
  Status SetPassword(std::int64_t user_id, const std::string& password_hash, const std::string& actor);

  Status CreateSession(const SessionRecord& s);
  Result<std::optional<SessionRecord>> FindSession(const std::string& id_hash);
  Status TouchSession(const std::string& id_hash, std::int64_t now);
  Status DeleteSession(const std::string& id_hash);
  // One-time notices (store/flash_store.cpp). AddFlash also forgets the session's notices older
  // than kFlashTtlSeconds and keeps at most kMaxFlashes; kNotFound when the session is gone.
  // TakeFlashes deletes and returns the notices for `path` (oldest first; the expired dropped).
  static constexpr std::int64_t kFlashTtlSeconds = 600;
  static constexpr int kMaxFlashes = 20;
  Status AddFlash(const FlashRecord& f);
  Result<std::vector<FlashRecord>> TakeFlashes(const std::string& id_hash, const std::string& path, std::int64_t now);

  Result<std::int64_t> CreateToken(std::int64_t user_id, const std::string& name, const std::string& token_hash,
                                   const std::string& actor);
  // The user of a live (not revoked) token.
  Result<std::optional<std::int64_t>> FindTokenUser(const std::string& token_hash);
  Result<std::vector<ApiToken>> ListTokens(std::int64_t user_id);
  // kNotFound when the user has no live token with that id.
  Status RevokeToken(std::int64_t user_id, std::int64_t token_id, const std::string& actor);

  // The audit log, newest first, and its chain check.
  Result<std::vector<AuditEntry>> ListAudit(std::int64_t before_seq, std::size_t limit);
  Result<AuditVerification> VerifyAudit();

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
