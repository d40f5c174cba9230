#include "store/account_store.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/audit_log.hpp"
#include "store/mail_outbox.hpp"

namespace proven::store {
namespace {


std::string UserJson(const std::string& email, std::optional<std::int64_t> org, const std::vector<domain::Role>& roles,
                     bool disabled) {
  nlohmann::ordered_json j;
  j["email"] = email;
  j["organisation_id"] = org ? nlohmann::json(*org) : nlohmann::json(nullptr);
  j["roles"] = nlohmann::json::array();
  for (auto r : roles) j["roles"].push_back(std::string(domain::RoleCode(r)));
  j["disabled"] = disabled;
  return j.dump();
}

// The roles as one comma-separated text: group_concat in SQLite, string_agg in PostgreSQL.
std::string UserColumns(Dialect d) {
  return fmt::format(
      "u.id, u.email, u.password_hash, u.organisation_id, COALESCE(o.name, ''), u.disabled, "
      "(SELECT {}(role, ',') FROM user_roles r WHERE r.user_id = u.id)",
      d == Dialect::kPostgres ? "string_agg" : "group_concat");
}

User ReadUser(const Statement& st) {
  User u;
  u.id = st.Int(0);
  u.email = st.Text(1);
  u.password_hash = st.Text(2);
  if (!st.IsNull(3)) u.organisation_id = st.Int(3);
  u.organisation = st.Text(4);
  u.disabled = st.Int(5) != 0;
  const std::string roles = st.Text(6);
  std::size_t start = 0;
  while (start < roles.size()) {
    auto end = roles.find(',', start);
    if (end == std::string::npos) end = roles.size();
    if (auto r = domain::RoleFromCode(roles.substr(start, end - start))) u.roles.push_back(*r);
    start = end + 1;
  }
  std::sort(u.roles.begin(), u.roles.end());
  return u;
}

Result<std::optional<User>> FindUser(ConnectionPool& pool, std::string_view where, auto bind) {
  auto conn = pool.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id "
                                         "WHERE {}",
                                         UserColumns((*conn)->dialect()), where));
  if (!st) return Fail(st.error());
  bind(*st);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<User>();
  return std::optional<User>(ReadUser(*st));
}

// Runs `body` in a write transaction on a leased connection.
template <class F>
auto InTransaction(ConnectionPool& pool, F body) -> decltype(body(std::declval<Connection&>())) {
  auto conn = pool.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  auto result = body(**conn);
  if (!result) return result;
  if (auto st = tx->Commit(); !st) return Fail(st.error());
  return result;
}

// Ends every session of a user (inside the caller's transaction).
Status EndSessions(Connection& c, std::int64_t user_id) {
  auto del = c.Prepare("DELETE FROM sessions WHERE user_id = ?");
  if (!del) return Fail(del.error());
  del->Bind(1, user_id);
  return del->Run();
}

// Inserts an organisation (its name known to be free) with its audit entry, in the caller's
// transaction; the services that already name it become its own.
Result<Organisation> InsertOrganisation(Connection& c, const std::string& name, domain::OrgKind kind,
                                        const std::string& actor, const Clock& clock) {
  auto ins = c.Prepare("INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id");
  if (!ins) return Fail(ins.error());
  ins->Bind(1, name).Bind(2, domain::OrgKindCode(kind)).Bind(3, clock.NowIso());
  auto inserted = RunReturningId(*ins);
  if (!inserted) return Fail(inserted.error());
  const auto id = *inserted;
  // The services that already name it become its own (ownership is by id from now on).
  if (kind == domain::OrgKind::kRegistrationBody || kind == domain::OrgKind::kVendor) {
    auto link = c.Prepare(kind == domain::OrgKind::kRegistrationBody
                              ? "UPDATE services SET registrar_org_id = ? WHERE registrar = ? AND registrar_org_id IS NULL"
                              : "UPDATE services SET provider_org_id = ? WHERE provider = ? AND provider_org_id IS NULL");
    if (!link) return Fail(link.error());
    link->Bind(1, id).Bind(2, name);
    if (auto st = link->Run(); !st) return Fail(st.error());
  }
  nlohmann::ordered_json after{{"name", name}, {"kind", domain::OrgKindCode(kind)}};
  if (auto st = AppendAudit(c, AuditRecord(actor, domain::AuditAction::kOrganisationCreate).On("organisation", id).After(after.dump()), clock);
      !st) {
    return Fail(st.error());
  }
  return Organisation{id, name, kind};
}

}  // namespace

Result<Organisation> AccountStore::EnsureOrganisation(const std::string& name, domain::OrgKind kind,
                                                      const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Result<Organisation> {
    auto find = c.Prepare("SELECT id, kind FROM organisations WHERE name = ?");
    if (!find) return Fail(find.error());
    find->Bind(1, name);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (*row) {
      return Organisation{find->Int(0), name, domain::OrgKindFromCode(find->Text(1)).value_or(kind)};
    }
    return InsertOrganisation(c, name, kind, actor, clock_);
  });
}

Result<std::vector<Organisation>> AccountStore::ListOrganisations() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT id, name, kind FROM organisations ORDER BY name");
  if (!st) return Fail(st.error());
  std::vector<Organisation> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({st->Int(0), st->Text(1), domain::OrgKindFromCode(st->Text(2)).value_or(domain::OrgKind::kUserCompany)});
  }
  return out;
}

Result<std::int64_t> AccountStore::CreateUser(const std::string& email, const std::string& password_hash,
                                              std::optional<std::int64_t> organisation_id,
                                              const std::vector<domain::Role>& roles, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Result<std::int64_t> {
    const std::string now = clock_.NowIso();
    auto ins = c.Prepare(
        "INSERT INTO users (email, password_hash, organisation_id, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, email).Bind(2, password_hash).Bind(4, now).Bind(5, now);
    if (organisation_id) ins->Bind(3, *organisation_id);
    auto inserted = RunReturningId(*ins);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kAlreadyExists) {
        return Fail(ErrorCode::kAlreadyExists, fmt::format("a user with the e-mail address {} already exists", email));
      }
      return Fail(inserted.error());
    }
    const auto id = *inserted;
    for (auto r : roles) {
      auto role = c.Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING");
      if (!role) return Fail(role.error());
      role->Bind(1, id).Bind(2, domain::RoleCode(r));
      if (auto st = role->Run(); !st) return Fail(st.error());
    }
    if (auto st = AppendAudit(c, AuditRecord(actor, domain::AuditAction::kUserCreate)
                                         .On("user", id)
                                         .After(UserJson(email, organisation_id, roles, false)), clock_);
        !st) {
      return Fail(st.error());
    }
    return id;
  });
}

Result<std::optional<User>> AccountStore::FindUserByEmail(const std::string& email) {
  return FindUser(pool_, "u.email = ?", [&](Statement& st) { st.Bind(1, email); });
}

Result<std::optional<User>> AccountStore::FindUserById(std::int64_t id) {
  return FindUser(pool_, "u.id = ?", [&](Statement& st) { st.Bind(1, id); });
}

Result<std::vector<User>> AccountStore::ListUsers() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format(
      "SELECT {} FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id ORDER BY u.email",
      UserColumns((*conn)->dialect())));
  if (!st) return Fail(st.error());
  std::vector<User> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadUser(*st));
  }
  return out;
}

Status AccountStore::SetDisabled(std::int64_t user_id, bool disabled, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto up = c.Prepare("UPDATE users SET disabled = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    up->Bind(1, static_cast<std::int64_t>(disabled)).Bind(2, user_id);
    if (auto st = up->Run(); !st) return st;
    if (up->Changes() == 0) return Fail(ErrorCode::kNotFound, "no such user");
    if (auto st = EndSessions(c, user_id); !st) return st;
    return AppendAudit(c, AuditRecord(actor, disabled ? domain::AuditAction::kUserDisable : domain::AuditAction::kUserEnable)
                              .On("user", user_id)
                              .Before(fmt::format(R"({{"disabled":{}}})", !disabled))
                              .After(fmt::format(R"({{"disabled":{}}})", disabled)), clock_);
  });
}

Status AccountStore::SetPassword(std::int64_t user_id, const std::string& password_hash, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto up = c.Prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    up->Bind(1, password_hash).Bind(2, clock_.NowIso()).Bind(3, user_id);
    if (auto st = up->Run(); !st) return st;
    if (up->Changes() == 0) return Fail(ErrorCode::kNotFound, "no such user");
    if (auto st = EndSessions(c, user_id); !st) return st;
    // The hash itself never goes into the log.
    return AppendAudit(c, AuditRecord(actor, domain::AuditAction::kUserPasswordChange).On("user", user_id), clock_);
  });
}

Status AccountStore::CreateSession(const SessionRecord& s) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  st->Bind(1, s.id_hash).Bind(2, s.user_id).Bind(3, s.csrf_token).Bind(4, s.created_at).Bind(5, s.last_seen_at);
  return st->Run();
}

Result<std::optional<SessionRecord>> AccountStore::FindSession(const std::string& id_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT id_hash, user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, id_hash);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(SessionRecord{st->Text(0), st->Int(1), st->Text(2), st->Int(3), st->Int(4)});
}

Status AccountStore::TouchSession(const std::string& id_hash, std::int64_t now) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, now).Bind(2, id_hash);
  return st->Run();
}

Status AccountStore::DeleteSession(const std::string& id_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("DELETE FROM sessions WHERE id_hash = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, id_hash);
  return st->Run();
}

Result<std::int64_t> AccountStore::CreateToken(std::int64_t user_id, const std::string& name,
                                               const std::string& token_hash, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Result<std::int64_t> {
    auto ins = c.Prepare(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, user_id).Bind(2, name).Bind(3, token_hash).Bind(4, clock_.NowIso());
    auto inserted = RunReturningId(*ins);
    if (!inserted) return Fail(inserted.error());
    const auto id = *inserted;
    nlohmann::ordered_json after{{"user_id", user_id}, {"name", name}};
    if (auto st = AppendAudit(c, AuditRecord(actor, domain::AuditAction::kTokenCreate).On("token", id).After(after.dump()), clock_);
        !st) {
      return Fail(st.error());
    }
    return id;
  });
}

Result<std::optional<std::int64_t>> AccountStore::FindTokenUser(const std::string& token_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL");
  if (!st) return Fail(st.error());
  st->Bind(1, token_hash);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(st->Int(0));
}

Result<std::vector<ApiToken>> AccountStore::ListTokens(std::int64_t user_id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT id, user_id, name, created_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id");
  if (!st) return Fail(st.error());
  st->Bind(1, user_id);
  std::vector<ApiToken> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ApiToken t{st->Int(0), st->Int(1), st->Text(2), st->Text(3), std::nullopt};
    if (!st->IsNull(4)) t.revoked_at = st->Text(4);
    out.push_back(std::move(t));
  }
  return out;
}

Status AccountStore::RevokeToken(std::int64_t user_id, std::int64_t token_id, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto up = c.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
    if (!up) return Fail(up.error());
    up->Bind(1, clock_.NowIso()).Bind(2, token_id).Bind(3, user_id);
    if (auto st = up->Run(); !st) return st;
    if (up->Changes() == 0) return Fail(ErrorCode::kNotFound, "the user has no live token with that id");
    return AppendAudit(c, AuditRecord(actor, domain::AuditAction::kTokenRevoke).On("token", token_id), clock_);
  });
}

Result<std::vector<AuditEntry>> AccountStore::ListAudit(std::int64_t before_seq, std::size_t limit) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return store::ListAudit(**conn, before_seq, limit);
}

Result<AuditVerification> AccountStore::VerifyAudit() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return store::VerifyAudit(**conn);
}

Result<std::map<std::string, FailureCount>> FailureCounts::Get(const std::vector<std::string>& keys) {
  std::map<std::string, FailureCount> out;
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT failures, last_at FROM login_failures WHERE key = ?");
  if (!st) return Fail(st.error());
  for (const auto& key : keys) {
    st->Reset();
    st->Bind(1, key);
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (*row) out[key] = {static_cast<int>(st->Int(0)), st->Int(1)};
  }
  return out;
}

Status FailureCounts::Add(const std::vector<std::string>& keys, std::int64_t now, std::int64_t forget_before) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  // One statement per key, each atomic on its own: two instances counting at once both count.
  auto up = (*conn)->Prepare(
      "INSERT INTO login_failures (key, failures, last_at) VALUES (?, 1, ?) "
      "ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_at = excluded.last_at");
  if (!up) return Fail(up.error());
  for (const auto& key : keys) {
    up->Reset();
    up->Bind(1, key).Bind(2, now);
    if (auto st = up->Run(); !st) return st;
  }
  auto prune = (*conn)->Prepare("DELETE FROM login_failures WHERE last_at < ?");
  if (!prune) return Fail(prune.error());
  prune->Bind(1, forget_before);
  return prune->Run();
}

Status FailureCounts::Clear(const std::vector<std::string>& keys) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto del = (*conn)->Prepare("DELETE FROM login_failures WHERE key = ?");
  if (!del) return Fail(del.error());
  for (const auto& key : keys) {
    del->Reset();
    del->Bind(1, key);
    if (auto st = del->Run(); !st) return st;
  }
  return {};
}

}  // namespace proven::store

// ---- issue 13 C: organisations by id, roles, password resets, sign-in records ----

namespace proven::store {

Result<std::optional<Organisation>> AccountStore::FindOrganisationById(std::int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT id, name, kind FROM organisations WHERE id = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Organisation>();
  return std::optional<Organisation>(Organisation{
      st->Int(0), st->Text(1), domain::OrgKindFromCode(st->Text(2)).value_or(domain::OrgKind::kUserCompany)});
}

Result<Organisation> AccountStore::CreateOrganisation(const std::string& name, domain::OrgKind kind,
                                                      const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Result<Organisation> {
    auto find = c.Prepare("SELECT id FROM organisations WHERE name = ?");
    if (!find) return Fail(find.error());
    find->Bind(1, name);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (*row) {
      return Fail(Reason{"error.organisation.exists", {{"name", name}}}, ErrorCode::kAlreadyExists,
                  fmt::format("an organisation named '{}' already exists", name), {}, "name");
    }
    return InsertOrganisation(c, name, kind, actor, clock_);
  });
}

Status AccountStore::SetRoles(std::int64_t user_id, const std::vector<domain::Role>& roles,
                              std::optional<std::int64_t> org_id, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto cur = c.Prepare(fmt::format("SELECT {} FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id "
                                     "WHERE u.id = ?",
                                     UserColumns(c.dialect())));
    if (!cur) return Fail(cur.error());
    cur->Bind(1, user_id);
    auto row = cur->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(Reason{"error.user.no_such", {}}, ErrorCode::kNotFound, "no such user");
    const User before = ReadUser(*cur);
    auto up = c.Prepare("UPDATE users SET organisation_id = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    if (org_id) up->Bind(1, *org_id);
    up->Bind(2, user_id);
    if (auto st = up->Run(); !st) return st;
    auto del = c.Prepare("DELETE FROM user_roles WHERE user_id = ?");
    if (!del) return Fail(del.error());
    del->Bind(1, user_id);
    if (auto st = del->Run(); !st) return st;
    for (auto r : roles) {
      auto ins = c.Prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING");
      if (!ins) return Fail(ins.error());
      ins->Bind(1, user_id).Bind(2, domain::RoleCode(r));
      if (auto st = ins->Run(); !st) return st;
    }
    const auto json = [](const std::vector<domain::Role>& rs, std::optional<std::int64_t> org) {
      nlohmann::ordered_json j;
      j["roles"] = nlohmann::json::array();
      for (auto r : rs) j["roles"].push_back(std::string(domain::RoleCode(r)));
      j["organisation_id"] = org ? nlohmann::json(*org) : nlohmann::json(nullptr);
      return j.dump();
    };
    std::vector<domain::Role> sorted = roles;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return AppendAudit(c, AuditRecord(actor, domain::AuditAction::kUserRolesChange)
                              .On("user", user_id)
                              .Before(json(before.roles, before.organisation_id))
                              .After(json(sorted, org_id)),
                       clock_);
  });
}

Result<std::int64_t> AccountStore::CountEnabledAdmins() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(
      "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.disabled = 0");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return *row ? st->Int(0) : 0;
}

Status AccountStore::CreatePasswordReset(std::int64_t user_id, const std::string& token_hash, std::int64_t expires_at,
                                         const std::optional<domain::MailMessage>& mail, const std::string& actor) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto ins = c.Prepare(
        "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, token_hash).Bind(2, user_id).Bind(3, actor).Bind(4, clock_.NowIso()).Bind(5, expires_at);
    if (auto st = ins->Run(); !st) return st;
    nlohmann::ordered_json after{{"expires_at", fmt::format("{:%FT%TZ}", std::chrono::sys_seconds(std::chrono::seconds(expires_at)))},
                                 {"mail", mail.has_value()}};
    if (mail) {
      auto id = EnqueueMail(c, *mail, clock_);
      if (!id) return Fail(id.error());
      after["mail_id"] = *id;
    }
    return AppendAudit(c, AuditRecord(actor, domain::AuditAction::kPasswordResetStart).On("user", user_id).After(after.dump()),
                       clock_);
  });
}

Result<std::optional<PasswordReset>> AccountStore::FindPasswordReset(const std::string& token_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?");
  if (!st) return Fail(st.error());
  st->Bind(1, token_hash);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<PasswordReset>();
  return std::optional<PasswordReset>(PasswordReset{st->Int(0), st->Int(1), !st->IsNull(2)});
}

Result<std::int64_t> AccountStore::UsePasswordReset(const std::string& token_hash, const std::string& password_hash,
                                                    std::int64_t now) {
  return InTransaction(pool_, [&](Connection& c) -> Result<std::int64_t> {
    auto find = c.Prepare(
        "SELECT p.user_id, p.expires_at, p.used_at, u.email, u.disabled FROM password_resets p "
        "JOIN users u ON u.id = p.user_id WHERE p.token_hash = ?");
    if (!find) return Fail(find.error());
    find->Bind(1, token_hash);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(Reason{"error.password_reset.invalid", {}}, ErrorCode::kNotFound, "no such password reset link");
    }
    const std::int64_t user_id = find->Int(0);
    const std::int64_t expires_at = find->Int(1);
    const bool used = !find->IsNull(2);
    const std::string email = find->Text(3);
    if (used) {
      return Fail(Reason{"error.password_reset.used", {}}, ErrorCode::kFailedPrecondition,
                  "this password reset link has been used");
    }
    if (now >= expires_at) {
      return Fail(Reason{"error.password_reset.expired", {}}, ErrorCode::kFailedPrecondition,
                  "this password reset link has expired");
    }
    // Spent first: of two requests with the same link only one changes the password.
    auto spend = c.Prepare("UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL");
    if (!spend) return Fail(spend.error());
    spend->Bind(1, clock_.NowIso()).Bind(2, token_hash);
    if (auto st = spend->Run(); !st) return Fail(st.error());
    if (spend->Changes() == 0) {
      return Fail(Reason{"error.password_reset.used", {}}, ErrorCode::kFailedPrecondition,
                  "this password reset link has been used");
    }
    auto up = c.Prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?");
    if (!up) return Fail(up.error());
    up->Bind(1, password_hash).Bind(2, clock_.NowIso()).Bind(3, user_id);
    if (auto st = up->Run(); !st) return Fail(st.error());
    if (auto st = EndSessions(c, user_id); !st) return Fail(st.error());
    if (auto st = AppendAudit(c, AuditRecord(fmt::format("user:{} {}", user_id, email), domain::AuditAction::kPasswordReset)
                                     .On("user", user_id),
                              clock_);
        !st) {
      return Fail(st.error());
    }
    return user_id;
  });
}

Status AccountStore::CreateSignInSession(const SessionRecord& s, const std::string& actor, const std::string& address) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    st->Bind(1, s.id_hash).Bind(2, s.user_id).Bind(3, s.csrf_token).Bind(4, s.created_at).Bind(5, s.last_seen_at);
    if (auto r = st->Run(); !r) return r;
    nlohmann::ordered_json after{{"address", address}};
    return AppendAudit(c, AuditRecord(actor, domain::AuditAction::kSignIn).On("user", s.user_id).After(after.dump()),
                       clock_);
  });
}

Status AccountStore::RecordSignInFailure(std::optional<std::int64_t> user_id, const std::string& email,
                                         const std::string& address, const std::string& reason) {
  return InTransaction(pool_, [&](Connection& c) -> Status {
    AuditRecord rec("anonymous", domain::AuditAction::kSignInFailed);
    if (user_id) {
      rec.On("user", *user_id);
    } else {
      rec.On("account");
    }
    nlohmann::ordered_json after{{"email", email}, {"address", address}, {"reason", reason}};
    return AppendAudit(c, std::move(rec.After(after.dump())), clock_);
  });
}

Result<std::vector<AuditEntry>> AccountStore::ListAudit(const AuditFilter& filter, std::size_t offset,
                                                        std::size_t limit) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return store::ListAudit(**conn, filter, offset, limit);
}

Result<std::int64_t> AccountStore::CountAudit(const AuditFilter& filter) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return store::CountAudit(**conn, filter);
}

Result<AuditVerification> AccountStore::VerifyAuditFrom(std::int64_t after_seq, const std::string& prev_hash) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return store::VerifyAuditFrom(**conn, after_seq, prev_hash);
}

}  // namespace proven::store
