#include "store/mail_outbox.hpp"

#include <fmt/core.h>

#include "store/statement_cache.hpp"

namespace proven::store {

namespace {

constexpr std::string_view kColumns =
    "id, kind, recipient, lang, subject, body, unsubscribe_url, state, attempts, next_attempt_at, last_error, "
    "created_at, COALESCE(sent_at, '')";

Result<domain::OutboxEntry> ReadEntry(const Statement& s) {
  domain::OutboxEntry e;
  e.id = s.Int(0);
  e.message.kind = s.Text(1);
  e.message.to = s.Text(2);
  e.message.lang = s.Text(3);
  e.message.subject = s.Text(4);
  e.message.text = s.Text(5);
  e.message.unsubscribe_url = s.Text(6);
  auto state = domain::ValueIn<domain::MailState>(domain::kMailStateCodes, s.Text(7));
  if (!state) return Fail(ErrorCode::kInternal, fmt::format("mail {} has the unknown state '{}'", e.id, s.Text(7)));
  e.state = *state;
  e.attempts = static_cast<int>(s.Int(8));
  e.next_attempt_at = s.Int(9);
  e.last_error = s.Text(10);
  e.created_at = s.Text(11);
  e.sent_at = s.Text(12);
  return e;
}

Result<std::vector<domain::OutboxEntry>> Entries(Statement& st) {
  std::vector<domain::OutboxEntry> out;
  if (auto done = Rows(st, [&](const Statement& s) -> Status {
        auto e = ReadEntry(s);
        if (!e) return Fail(e.error());
        out.push_back(std::move(*e));
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  return out;
}

}  // namespace

Result<std::int64_t> EnqueueMail(Connection& c, const domain::MailMessage& m, const Clock& clock) {
  if (auto st = domain::CheckMailMessage(m); !st) return Fail(st.error());
  auto st = c.Prepare(
      "INSERT INTO mail_outbox (kind, recipient, lang, subject, body, unsubscribe_url, next_attempt_at, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!st) return Fail(st.error());
  st->Bind(1, m.kind).Bind(2, m.to).Bind(3, m.lang).Bind(4, m.subject).Bind(5, m.text).Bind(6, m.unsubscribe_url);
  st->Bind(7, clock.NowUnix()).Bind(8, clock.NowIso());
  return RunReturningId(*st);
}

Result<std::int64_t> MailOutbox::Enqueue(const domain::MailMessage& m) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  auto id = EnqueueMail(**conn, m, clock_);
  if (!id) return id;
  if (auto done = tx->Commit(); !done) return Fail(done.error());
  return id;
}

Result<std::vector<domain::OutboxEntry>> MailOutbox::Claim(int limit, std::int64_t lease_seconds) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  const std::int64_t now = clock_.NowUnix();
  // A cheap look first, outside the writer lock: most polls find nothing due.
  {
    auto snapshot = ReadTransaction::Begin(**conn);
    if (!snapshot) return Fail(snapshot.error());
    auto any = (*conn)->Prepare(
        "SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until <= ?)");
    if (!any) return Fail(any.error());
    any->Bind(1, now).Bind(2, now);
    auto row = any->Step();
    if (!row) return Fail(row.error());
    if (!*row || any->Int(0) == 0) return std::vector<domain::OutboxEntry>();
  }
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  std::vector<domain::OutboxEntry> out;
  {
    auto st = (*conn)->Prepare(fmt::format(
        "SELECT {} FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? "
        "AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY next_attempt_at, id LIMIT ?",
        kColumns));
    if (!st) return Fail(st.error());
    st->Bind(1, now).Bind(2, now).Bind(3, static_cast<std::int64_t>(limit));
    auto entries = Entries(*st);
    if (!entries) return Fail(entries.error());
    out = std::move(*entries);
    auto lease = (*conn)->Prepare("UPDATE mail_outbox SET claimed_until = ? WHERE id = ?");
    if (!lease) return Fail(lease.error());
    for (const auto& e : out) {
      lease->Reset();
      lease->Bind(1, now + lease_seconds).Bind(2, e.id);
      if (auto done = lease->Run(); !done) return Fail(done.error());
    }
  }
  if (auto done = tx->Commit(); !done) return Fail(done.error());
  return out;
}

Status MailOutbox::Record(std::int64_t id, const domain::MailAttempt& after, std::string_view error) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  {
    auto st = (*conn)->Prepare(
        "UPDATE mail_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
        "claimed_until = NULL, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?");
    if (!st) return Fail(st.error());
    const std::string state(domain::CodeIn<domain::MailState>(domain::kMailStateCodes, after.state));
    st->Bind(1, state).Bind(2, after.next_attempt_at).Bind(3, error).Bind(4, state).Bind(5, clock_.NowIso()).Bind(6, id);
    if (auto done = RunChanging(*st, fmt::format("there is no mail {}", id)); !done) return done;
  }
  return tx->Commit();
}

Result<std::vector<domain::OutboxEntry>> MailOutbox::List(std::optional<domain::MailState> state, int limit,
                                                          int offset) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto snapshot = ReadTransaction::Begin(**conn);
  if (!snapshot) return Fail(snapshot.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM mail_outbox {} ORDER BY id DESC LIMIT ? OFFSET ?", kColumns,
                                         state ? "WHERE state = ?" : ""));
  if (!st) return Fail(st.error());
  int i = 1;
  if (state) st->Bind(i++, domain::CodeIn<domain::MailState>(domain::kMailStateCodes, *state));
  st->Bind(i, static_cast<std::int64_t>(limit));
  st->Bind(i + 1, static_cast<std::int64_t>(offset));
  return Entries(*st);
}

Result<std::optional<domain::OutboxEntry>> MailOutbox::Find(std::int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM mail_outbox WHERE id = ?", kColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, id);
  return One<domain::OutboxEntry>(*st, ReadEntry);
}

Result<MailOutbox::Counts> MailOutbox::Count() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT state, COUNT(*) FROM mail_outbox GROUP BY state");
  if (!st) return Fail(st.error());
  Counts c;
  if (auto done = Rows(*st, [&](const Statement& s) -> Status {
        const std::string state = s.Text(0);
        (state == "queued" ? c.queued : state == "sent" ? c.sent : c.dead) = s.Int(1);
        return {};
      });
      !done) {
    return Fail(done.error());
  }
  return c;
}

Status MailOutbox::Requeue(std::int64_t id, AuditEntry audit) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  {
    auto find = (*conn)->Prepare("SELECT state FROM mail_outbox WHERE id = ?");
    if (!find) return Fail(find.error());
    find->Bind(1, id);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("there is no mail {}", id));
    if (find->Text(0) != "dead") {
      return Fail(Reason{"error.mail.not_dead", {{"id", std::to_string(id)}}}, ErrorCode::kFailedPrecondition,
                  fmt::format("mail {} is {}: only a dead letter is queued again", id, find->Text(0)));
    }
    auto st = (*conn)->Prepare(
        "UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, claimed_until = NULL "
        "WHERE id = ?");
    if (!st) return Fail(st.error());
    st->Bind(1, clock_.NowUnix()).Bind(2, id);
    if (auto done = st->Run(); !done) return done;
    if (auto done = AppendAudit(**conn, std::move(audit), clock_); !done) return done;
  }
  return tx->Commit();
}

}  // namespace proven::store
