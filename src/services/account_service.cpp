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

// What every new account must be, however it is added: the e-mail address (normalised: returned),
// at least one role, a password by the rules. Errors name the field.
static Result<std::string> CheckNewAccount(const std::string& email_in, const std::string& password,
                                    const std::vector<Role>& roles) {
  if (auto st = CheckLength(email_in, kMaxEmailBytes, "email", "the e-mail address"); !st) return Fail(st.error());
  if (auto st = CheckLength(password, kMaxPasswordBytes, "password", "the password"); !st) return Fail(st.error());
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
  return *email;
}

Result<std::int64_t> AccountService::AddUser(const std::string& email_in, const std::string& password,
                                             const std::vector<Role>& roles, const std::string& organisation,
                                             const std::string& actor) {
  auto email = CheckNewAccount(email_in, password, roles);
  if (!email) return Fail(email.error());
  if (auto st = CheckLength(organisation, kMaxNameBytes, "org", "the organisation name"); !st) return Fail(st.error());
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
    // Recorded: the address typed (normalised, and only when it is one), never the password.
    const auto typed = domain::NormaliseEmail(email_in);
    if (auto st = store_.RecordSignInFailure(*user ? std::optional<std::int64_t>((*user)->id) : std::nullopt,
                                             typed.value_or(""), address, ok ? "disabled" : "bad_credentials");
        !st) {
      return Fail(st.error());
    }
    return Fail(Reason{"error.sign_in.bad_credentials", {}}, ErrorCode::kUnauthenticated, kBadCredentials);
  }
  if (auto st = throttle_.Success(email, address); !st) return Fail(st.error());
  NewSession s{RandomToken(32), RandomToken(32), (*user)->ToActor()};
  if (auto st = store_.CreateSignInSession({Sha256Hex(s.id), (*user)->id, s.csrf, now, now}, s.actor.Label(), address);
      !st) {
    return Fail(st.error());
  }
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

// ---- issue 13 C: the admin's user and organisation pages, password reset, audit page ----

namespace {

bool HasRole(const std::vector<Role>& roles, Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

// The organisation a user with `roles` may act for: a registrar's is a registration body, a
// vendor's a vendor; both need one. Errors name org_id.
Status CheckOrganisationFits(const std::vector<Role>& roles, const std::optional<store::Organisation>& org) {
  const auto needs = [&](Role role, domain::OrgKind kind) -> Status {
    if (!HasRole(roles, role)) return {};
    if (!org) {
      return Fail(Reason{"error.organisation.required", {}}, ErrorCode::kInvalidArgument,
                  "registrars and vendors act for an organisation: choose one", {}, "org_id");
    }
    if (org->kind != kind) {
      return Fail(Reason{"error.organisation.kind_mismatch",
                         {{"role", std::string(domain::RoleCode(role))}, {"kind", std::string(domain::OrgKindCode(kind))}}},
                  ErrorCode::kInvalidArgument,
                  fmt::format("a {} acts for an organisation of the kind {}", domain::RoleCode(role), domain::OrgKindCode(kind)),
                  {}, "org_id");
    }
    return {};
  };
  if (auto st = needs(Role::kRegistrar, domain::OrgKind::kRegistrationBody); !st) return st;
  return needs(Role::kVendor, domain::OrgKind::kVendor);
}

}  // namespace

Result<std::int64_t> AccountService::AddUserInOrganisation(const domain::Actor& by, const std::string& email_in,
                                                           const std::string& password,
                                                           const std::vector<Role>& roles,
                                                           std::optional<std::int64_t> org_id) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  auto email = CheckNewAccount(email_in, password, roles);
  if (!email) return Fail(email.error());
  std::optional<store::Organisation> org;
  if (org_id) {
    auto found = store_.FindOrganisationById(*org_id);
    if (!found) return Fail(found.error());
    if (!*found) {
      return Fail(Reason{"error.organisation.unknown", {{"id", std::to_string(*org_id)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("there is no organisation {}", *org_id), {}, "org_id");
    }
    org = **found;
  }
  if (auto st = CheckOrganisationFits(roles, org); !st) return Fail(st.error());
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  auto id = store_.CreateUser(*email, *hash, org_id, roles, by.Label());
  if (!id && id.error().code == ErrorCode::kAlreadyExists) {
    return Fail(Reason{"error.user.exists", {{"email", *email}}}, ErrorCode::kAlreadyExists, id.error().message, {},
                "email");
  }
  return id;
}

Result<store::Organisation> AccountService::CreateOrganisation(const domain::Actor& by, const std::string& name,
                                                               std::optional<domain::OrgKind> kind) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  if (name.empty()) {
    return Fail(Reason{"error.organisation.name_required", {}}, ErrorCode::kInvalidArgument, "give a name", {}, "name");
  }
  if (auto st = CheckLength(name, kMaxNameBytes, "name", "the organisation name"); !st) return Fail(st.error());
  if (!kind) {
    return Fail(Reason{"error.organisation.kind_required", {}}, ErrorCode::kInvalidArgument, "choose a kind", {}, "kind");
  }
  return store_.CreateOrganisation(name, *kind, by.Label());
}

Status AccountService::EnableUser(const domain::Actor& by, std::int64_t user_id) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return st;
  auto user = store_.FindUserById(user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Reason{"error.user.no_such", {}}, ErrorCode::kNotFound, "no such user");
  return store_.SetDisabled(user_id, false, by.Label());
}

Status AccountService::ChangeRoles(const domain::Actor& by, std::int64_t user_id, const std::vector<Role>& roles,
                                   std::optional<std::int64_t> org_id) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return st;
  auto user = store_.FindUserById(user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Reason{"error.user.no_such", {}}, ErrorCode::kNotFound, "no such user");
  if (roles.empty()) {
    return Fail(Reason{"error.role.required", {}}, ErrorCode::kInvalidArgument, "give at least one role", {}, "role");
  }
  const bool was_admin = HasRole((*user)->roles, Role::kAdmin);
  if (was_admin && !HasRole(roles, Role::kAdmin)) {
    if (user_id == by.user_id) {
      return Fail(Reason{"error.user.own_admin", {}}, ErrorCode::kFailedPrecondition,
                  "you cannot take the admin role from yourself", {}, "role");
    }
    auto admins = store_.CountEnabledAdmins();
    if (!admins) return Fail(admins.error());
    if (!(*user)->disabled && *admins <= 1) {
      return Fail(Reason{"error.user.last_admin", {}}, ErrorCode::kFailedPrecondition,
                  "this is the last admin: give another user the admin role first", {}, "role");
    }
  }
  std::optional<store::Organisation> org;
  if (org_id) {
    auto found = store_.FindOrganisationById(*org_id);
    if (!found) return Fail(found.error());
    if (!*found) {
      return Fail(Reason{"error.organisation.unknown", {{"id", std::to_string(*org_id)}}}, ErrorCode::kInvalidArgument,
                  fmt::format("there is no organisation {}", *org_id), {}, "org_id");
    }
    org = **found;
  }
  if (auto st = CheckOrganisationFits(roles, org); !st) return st;
  return store_.SetRoles(user_id, roles, org_id, by.Label());
}

Result<StartedReset> AccountService::StartPasswordReset(const domain::Actor& by, std::int64_t user_id,
                                                        const std::string& lang, const MailComposer& compose,
                                                        const std::string& public_url) {
  if (auto st = domain::Authorize(by, domain::Action::kManageUsers); !st) return Fail(st.error());
  auto user = store_.FindUserById(user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Reason{"error.user.no_such", {}}, ErrorCode::kNotFound, "no such user");
  StartedReset r;
  r.token = RandomToken(32);
  r.expires_at = clock_.NowUnix() + kResetSeconds;
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  r.url = base + "/login/reset/" + r.token;
  std::optional<domain::MailMessage> mail;
  // Mail needs an absolute link: without --public-url the admin passes the link on.
  if (compose && !base.empty()) {
    const std::string l = lang == "en" ? "en" : "ja";
    const auto text = compose("account.password_reset", l, {{"url", r.url}, {"email", (*user)->email}, {"hours", "24"}});
    mail = domain::MailMessage{"account.password_reset", (*user)->email, l, text.subject, text.text, ""};
    r.mailed = true;
  }
  if (auto st = store_.CreatePasswordReset(user_id, Sha256Hex(r.token), r.expires_at, mail, by.Label()); !st) {
    return Fail(st.error());
  }
  return r;
}

Result<store::User> AccountService::CheckPasswordReset(const std::string& token) {
  if (token.size() > 200) {
    return Fail(Reason{"error.password_reset.invalid", {}}, ErrorCode::kNotFound, "no such password reset link");
  }
  auto reset = store_.FindPasswordReset(Sha256Hex(token));
  if (!reset) return Fail(reset.error());
  if (!*reset) return Fail(Reason{"error.password_reset.invalid", {}}, ErrorCode::kNotFound, "no such password reset link");
  if ((*reset)->used) {
    return Fail(Reason{"error.password_reset.used", {}}, ErrorCode::kFailedPrecondition,
                "this password reset link has been used");
  }
  if (clock_.NowUnix() >= (*reset)->expires_at) {
    return Fail(Reason{"error.password_reset.expired", {}}, ErrorCode::kFailedPrecondition,
                "this password reset link has expired");
  }
  auto user = store_.FindUserById((*reset)->user_id);
  if (!user) return Fail(user.error());
  if (!*user) return Fail(Reason{"error.password_reset.invalid", {}}, ErrorCode::kNotFound, "no such password reset link");
  return **user;
}

Status AccountService::CompletePasswordReset(const std::string& token, const std::string& new_password) {
  if (auto st = CheckLength(new_password, kMaxPasswordBytes, "new_password", "the new password"); !st) return st;
  auto user = CheckPasswordReset(token);
  if (!user) return Fail(user.error());
  if (auto why = domain::CheckPassword(new_password, user->email)) {
    return Fail(std::move(why->reason), ErrorCode::kInvalidArgument, why->message, {}, "new_password");
  }
  auto hash = HashPassword(new_password);
  if (!hash) return Fail(hash.error());
  auto used = store_.UsePasswordReset(Sha256Hex(token), *hash, clock_.NowUnix());
  if (!used) return Fail(used.error());
  return {};
}

Result<AuditPage> AccountService::AuditFiltered(const domain::Actor& by, const store::AuditFilter& filter,
                                                std::size_t offset, std::size_t limit) {
  if (auto st = domain::Authorize(by, domain::Action::kViewAudit); !st) return Fail(st.error());
  auto total = store_.CountAudit(filter);
  if (!total) return Fail(total.error());
  auto entries = store_.ListAudit(filter, offset, limit);
  if (!entries) return Fail(entries.error());
  return AuditPage{std::move(*entries), *total};
}

Result<store::AuditVerification> AccountService::VerifyAuditCached(const domain::Actor& by, bool full) {
  if (auto st = domain::Authorize(by, domain::Action::kViewAudit); !st) return Fail(st.error());
  std::lock_guard lock(verify_mutex_);
  if (full) {
    verified_seq_ = 0;
    verified_hash_ = store::kAuditGenesis;
    verified_ = {};
  }
  auto more = store_.VerifyAuditFrom(verified_seq_, verified_hash_);
  if (!more) return Fail(more.error());
  verified_.entries += more->entries;
  for (auto& p : more->problems) verified_.problems.push_back(std::move(p));
  if (more->entries > 0) {
    verified_seq_ = more->head_seq;
    verified_hash_ = more->head_hash;
  }
  verified_.head_seq = verified_seq_;
  verified_.head_hash = verified_hash_;
  return verified_;
}

}  // namespace proven::services
