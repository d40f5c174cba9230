#include "services/account_service.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/crypto.hpp"

namespace proven::services {

using domain::Role;

namespace {

const char* const kBadCredentials = "the e-mail address or the password is not correct";

std::int64_t WaitFor(int failures) {
  if (failures < LoginThrottle::kFreeFailures) return 0;
  const int exp = std::min(failures - LoginThrottle::kFreeFailures, 10);
  return std::min<std::int64_t>(std::int64_t{1} << exp, LoginThrottle::kMaxWait);
}

Status CheckLength(const std::string& value, std::size_t max, const char* field, const char* what) {
  if (value.size() <= max) return {};
  return Fail(Reason{"error.text.too_many_bytes", {{"max", std::to_string(max)}}}, ErrorCode::kInvalidArgument,
              fmt::format("{} must be at most {} bytes long", what, max), {}, field);
}

}  // namespace

Status LoginThrottle::Check(const std::string& account, const std::string& address, std::int64_t now) {
  const std::string address_key = "address:" + address;
  const std::string account_key = "account:" + account;
  auto counts = counts_.Get({address_key, account_key});
  if (!counts) return Fail(counts.error());
  std::int64_t wait = 0;
  if (const auto from = counts->find(address_key); from != counts->end()) {
    wait = WaitFor(from->second.failures) - (now - from->second.last);
    // Only an address that has failed recently is held to the account's wait.
    const bool failed_recently = from->second.failures > 0 && now - from->second.last < kRecentSeconds;
    if (const auto acc = counts->find(account_key); failed_recently && acc != counts->end()) {
      wait = std::max(wait, WaitFor(acc->second.failures) - (now - acc->second.last));
    }
  }
  if (wait > 0) {
    return Fail(ErrorCode::kResourceExhausted, "too many failed sign-ins; try again later", std::to_string(wait));
  }
  return {};
}

Status LoginThrottle::Failure(const std::string& account, const std::string& address, std::int64_t now) {
  return counts_.Add({"account:" + account, "address:" + address}, now, now - kMaxWait - kRecentSeconds);
}

Status LoginThrottle::Success(const std::string& account, const std::string& address) {
  return counts_.Clear({"account:" + account, "address:" + address});
}

std::int64_t LoginThrottle::RetryAfter(const Error& e) {
  try {
    return std::max<std::int64_t>(1, std::stoll(e.detail));
  } catch (const std::exception&) {
    return 1;
  }
}

AccountService::AccountService(store::AccountStore& store, store::FailureCounts& failures, SessionPolicy policy,
                               const Clock& clock)
    : store_(store), policy_(policy), clock_(clock), throttle_(failures) {}

Result<std::int64_t> AccountService::AddUser(const std::string& email_in, const std::string& password,
                                             const std::vector<Role>& roles, const std::string& organisation,
                                             const std::string& actor) {
  if (auto st = CheckLength(email_in, kMaxEmailBytes, "email", "the e-mail address"); !st) return Fail(st.error());
  if (auto st = CheckLength(password, kMaxPasswordBytes, "password", "the password"); !st) return Fail(st.error());
  if (auto st = CheckLength(organisation, kMaxNameBytes, "org", "the organisation name"); !st) return Fail(st.error());
  auto email = domain::NormaliseEmail(email_in);
  if (!email) {
    return Fail(Reason{"error.email.invalid", {{"value", email_in}}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not an e-mail address", email_in), {}, "email");
  }
  if (roles.empty()) {
    return Fail(Reason{"error.role.required", {}}, ErrorCode::kInvalidArgument, "give at least one role", {}, "role");
  }
  if (auto why = domain::CheckPassword(password, *email)) {
    return Fail(std::move(why->reason), ErrorCode::kInvalidArgument, why->message, {}, "password");
  }
  const bool needs_org = std::any_of(roles.begin(), roles.end(), [](Role r) { return r == Role::kRegistrar || r == Role::kVendor; });
  if (needs_org && organisation.empty()) {
    return Fail(Reason{"error.organisation.required", {}}, ErrorCode::kInvalidArgument,
                "registrars and vendors act for an organisation: give --org", {}, "org");
  }
  std::optional<std::int64_t> org_id;
  if (!organisation.empty()) {
    const auto has = [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); };
    const auto kind = has(Role::kRegistrar) ? domain::OrgKind::kRegistrationBody
                      : has(Role::kVendor)  ? domain::OrgKind::kVendor
                      : has(Role::kAdmin)   ? domain::OrgKind::kOperator
                                            : domain::OrgKind::kUserCompany;
    auto org = store_.EnsureOrganisation(organisation, kind, actor);
    if (!org) return Fail(org.error());
    org_id = org->id;
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  return store_.CreateUser(*email, *hash, org_id, roles, actor);
}

Result<store::Organisation> AccountService::AddOrganisation(const std::string& name, domain::OrgKind kind,
                                                            const std::string& actor) {
  if (auto st = CheckLength(name, kMaxNameBytes, "name", "the organisation name"); !st) return Fail(st.error());
  return store_.EnsureOrganisation(name, kind, actor);
}

Result<store::User> AccountService::UserByEmail(const std::string& email_in) {
  if (auto st = CheckLength(email_in, kMaxEmailBytes, "email", "the e-mail address"); !st) return Fail(st.error());
  auto email = domain::NormaliseEmail(email_in);
  if (!email) {
    return Fail(Reason{"error.email.invalid", {{"value", email_in}}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not an e-mail address", email_in));
  }
  auto user = store_.FindUserByEmail(*email);
  if (!user) return Fail(user.error());
  if (!*user) {
    return Fail(Reason{"error.user.not_found", {{"email", *email}}}, ErrorCode::kNotFound,
                fmt::format("no user {}", *email));
  }
  return **user;
}

Status AccountService::DisableUser(const std::string& email, const std::string& actor) {
  auto user = UserByEmail(email);
  if (!user) return Fail(user.error());
  return store_.SetDisabled(user->id, true, actor);
}

Result<NewSession> AccountService::SignIn(const std::string& email_in, const std::string& password,
                                          const std::string& address) {
  if (auto st = CheckLength(email_in, kMaxEmailBytes, "email", "the e-mail address"); !st) return Fail(st.error());
  if (auto st = CheckLength(password, kMaxPasswordBytes, "password", "the password"); !st) return Fail(st.error());
  const std::int64_t now = clock_.NowUnix();
  const std::string email = domain::NormaliseEmail(email_in).value_or(email_in);
  if (auto st = throttle_.Check(email, address, now); !st) return Fail(st.error());
  auto user = store_.FindUserByEmail(email);
  if (!user) return Fail(user.error());
  // Verify even for unknown users, against a fixed hash, so that timing does not tell them apart.
  static const std::string kDummy = HashPassword("dummy password for timing").value_or("");
  const bool ok = *user ? VerifyPassword(password, (*user)->password_hash) : (VerifyPassword(password, kDummy), false);
  if (!ok || (*user)->disabled) {
    // A failure that cannot be counted is not answered as a plain failure: that would let an
    // attacker guess on while the database is away.
    if (auto st = throttle_.Failure(email, address, now); !st) return Fail(st.error());
    return Fail(Reason{"error.sign_in.bad_credentials", {}}, ErrorCode::kUnauthenticated, kBadCredentials);
  }
  if (auto st = throttle_.Success(email, address); !st) return Fail(st.error());
  NewSession s{RandomToken(32), RandomToken(32), (*user)->ToActor()};
  if (auto st = store_.CreateSession({Sha256Hex(s.id), (*user)->id, s.csrf, now, now}); !st) return Fail(st.error());
  return s;
}

Result<ActiveSession> AccountService::Resume(const std::string& session_id) {
  const std::int64_t now = clock_.NowUnix();
  const std::string h = Sha256Hex(session_id);
  auto s = store_.FindSession(h);
  if (!s) return Fail(s.error());
  if (!*s) return Fail(ErrorCode::kUnauthenticated, "not signed in");
  if (now - (*s)->last_seen_at > policy_.idle_seconds || now - (*s)->created_at > policy_.absolute_seconds) {
    (void)store_.DeleteSession(h);
    return Fail(Reason{"error.session.expired", {}}, ErrorCode::kUnauthenticated,
                "the session has expired; sign in again");
  }
  auto user = store_.FindUserById((*s)->user_id);
  if (!user) return Fail(user.error());
  if (!*user || (*user)->disabled) {
    (void)store_.DeleteSession(h);
    return Fail(ErrorCode::kUnauthenticated, "not signed in");
  }
  // Touch at most once a minute: most requests then cost no write.
  if (now - (*s)->last_seen_at >= 60) (void)store_.TouchSession(h, now);
  return ActiveSession{(*user)->ToActor(), (*s)->csrf_token};
}

Status AccountService::SignOut(const std::string& session_id) { return store_.DeleteSession(Sha256Hex(session_id)); }

Status AccountService::ChangePassword(const domain::Actor& actor, const std::string& current, const std::string& next) {
  if (auto st = CheckLength(current, kMaxPasswordBytes, "current_password", "the current password"); !st) return st;
  if (auto st = CheckLength(next, kMaxPasswordBytes, "new_password", "the new password"); !st) return st;
  auto user = store_.FindUserById(actor.user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(ErrorCode::kUnauthenticated, "not signed in");
  if (!VerifyPassword(current, (*user)->password_hash)) {
    return Fail(Reason{"error.password.current_wrong", {}}, ErrorCode::kInvalidArgument,
                "the current password is not correct", {}, "current_password");
  }
  if (auto why = domain::CheckPassword(next, (*user)->email)) {
    return Fail(std::move(why->reason), ErrorCode::kInvalidArgument, why->message, {}, "new_password");
  }
  auto hash = HashPassword(next);
  if (!hash) return Fail(hash.error());
  return store_.SetPassword(actor.user_id, *hash, actor.Label());
}

Result<std::string> AccountService::CreateToken(const std::string& email, const std::string& name,
                                                const std::string& actor) {
  if (auto st = CheckLength(name, kMaxNameBytes, "name", "the token name"); !st) return Fail(st.error());
  auto user = UserByEmail(email);
  if (!user) return Fail(user.error());
  if (user->disabled) return Fail(ErrorCode::kFailedPrecondition, "the user is disabled");
  std::string token = "pv_" + RandomToken(32);
  auto id = store_.CreateToken(user->id, name, Sha256Hex(token), actor);
  if (!id) return Fail(id.error());
  return token;
}

Status AccountService::RevokeToken(const std::string& email, std::int64_t token_id, const std::string& actor) {
  auto user = UserByEmail(email);
  if (!user) return Fail(user.error());
  return store_.RevokeToken(user->id, token_id, actor);
}

Result<std::vector<store::ApiToken>> AccountService::ListTokens(const std::string& email) {
  auto user = UserByEmail(email);
  if (!user) return Fail(user.error());
  return store_.ListTokens(user->id);
}

Result<domain::Actor> AccountService::ResolveToken(const std::string& token) {
  auto user_id = store_.FindTokenUser(Sha256Hex(token));
  if (!user_id) return Fail(user_id.error());
  if (!*user_id) return Fail(ErrorCode::kUnauthenticated, "the API token is not valid");
  auto user = store_.FindUserById(**user_id);
  if (!user) return Fail(user.error());
  if (!*user || (*user)->disabled) return Fail(ErrorCode::kUnauthenticated, "the API token is not valid");
  return (*user)->ToActor();
}

Result<std::int64_t> AccountService::AddUser(const domain::Actor& by, const std::string& email,
                                             const std::string& password, const std::vector<domain::Role>& roles,
                                             const std::string& organisation) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  return AddUser(email, password, roles, organisation, by.Label());
}

Result<std::vector<store::User>> AccountService::ListUsers(const domain::Actor& by) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  return store_.ListUsers();
}

Result<std::vector<store::Organisation>> AccountService::ListOrganisations(const domain::Actor& by) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  return store_.ListOrganisations();
}

Result<store::Organisation> AccountService::AddOrganisation(const domain::Actor& by, const std::string& name,
                                                            domain::OrgKind kind) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  return AddOrganisation(name, kind, by.Label());
}

Status AccountService::DisableUser(const domain::Actor& by, std::int64_t user_id) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return st;
  auto user = store_.FindUserById(user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Reason{"error.user.no_such", {}}, ErrorCode::kNotFound, "no such user");
  return DisableUser((*user)->email, by.Label());
}

Result<std::vector<store::AuditEntry>> AccountService::Audit(const domain::Actor& by, std::int64_t before_seq,
                                                             std::size_t limit) {
  if (auto st = domain::Authorize(by, domain::Action::kViewAudit); !st) return Fail(st.error());
  return store_.ListAudit(before_seq, limit);
}

Result<store::AuditVerification> AccountService::VerifyAudit(const domain::Actor& by) {
  if (auto st = domain::Authorize(by, domain::Action::kViewAudit); !st) return Fail(st.error());
  return store_.VerifyAudit();
}

}  // namespace proven::services
