#include "store/audit_log.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/core.h>

#include "core/crypto.hpp"

namespace proven::store {

std::string AuditHash(const AuditEntry& e) {
  // Length-prefixed fields, so that no two different entries serialise alike.
  std::string s;
  for (const std::string* f : {&e.prev_hash, &e.at, &e.actor, &e.action, &e.entity, &e.before, &e.after}) {
    s += std::to_string(f->size());
    s.push_back(':');
    s += *f;
  }
  s += std::to_string(e.seq);
  return Sha256Hex(s);
}

Status AppendAudit(Connection& conn, AuditEntry e, const Clock& clock) {
  return AuditAppender(conn, clock).Append(std::move(e));
}

Status AuditAppender::Append(AuditEntry e) {
  if (!head_known_) {
    auto last = conn_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!last) return Fail(last.error());
    auto row = last->Step();
    if (!row) return Fail(row.error());
    last_seq_ = *row ? last->Int(0) : 0;
    last_hash_ = *row ? last->Text(1) : kAuditGenesis;
    head_known_ = true;
  }
  if (!insert_) {
    auto ins = conn_.Prepare(
        "INSERT INTO audit_log (seq, at, actor, action, entity, before, after, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return Fail(ins.error());
    insert_.emplace(std::move(*ins));
  }
  e.prev_hash = last_hash_;
  e.seq = last_seq_ + 1;
  e.at = clock_.NowIso();
  e.hash = AuditHash(e);
  insert_->Reset();
  insert_->Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor).Bind(4, e.action).Bind(5, e.entity).Bind(6, e.before)
      .Bind(7, e.after).Bind(8, e.prev_hash).Bind(9, e.hash);
  if (auto st = insert_->Run(); !st) {
    head_known_ = false;  // read the head again next time
    return st;
  }
  last_seq_ = e.seq;
  last_hash_ = std::move(e.hash);
  return {};
}

namespace {

AuditEntry Read(const Statement& st) {
  return {st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7), st.Text(8)};
}

constexpr std::string_view kColumns = "seq, at, actor, action, entity, before, after, prev_hash, hash";

}  // namespace

Result<std::vector<AuditEntry>> ListAudit(Connection& conn, std::int64_t before_seq, std::size_t limit) {
  auto st = conn.Prepare(fmt::format("SELECT {} FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?", kColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, before_seq).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(Read(*st));
  }
  return out;
}

Result<AuditVerification> VerifyAudit(Connection& conn) { return VerifyAuditFrom(conn, 0, kAuditGenesis); }

Result<AuditVerification> VerifyAuditFrom(Connection& conn, std::int64_t after_seq, const std::string& prev_hash) {
  auto st = conn.Prepare(fmt::format("SELECT {} FROM audit_log WHERE seq > ? ORDER BY seq", kColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, after_seq);
  AuditVerification v;
  std::string prev = prev_hash;
  std::int64_t expected_seq = after_seq + 1;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const AuditEntry e = Read(*st);
    ++v.entries;
    const std::string seq = std::to_string(e.seq);
    if (e.seq != expected_seq) {
      v.problems.push_back({"", fmt::format("entry {}: expected entry {} here: entries are missing", e.seq, expected_seq),
                            {"audit_chain.missing", {{"seq", seq}, {"expected", std::to_string(expected_seq)}}}});
    }
    if (e.prev_hash != prev) {
      v.problems.push_back({"", fmt::format("entry {}: does not link to the entry before it (deleted, inserted or changed)", e.seq),
                            {"audit_chain.unlinked", {{"seq", seq}}}});
    }
    if (AuditHash(e) != e.hash) {
      v.problems.push_back({"", fmt::format("entry {}: its content does not match its hash (changed)", e.seq),
                            {"audit_chain.changed", {{"seq", seq}}}});
    }
    prev = e.hash;
    expected_seq = e.seq + 1;
  }
  v.head_hash = prev;
  v.head_seq = expected_seq - 1;
  return v;
}

// ---- issue 13 C: the audit page's filters ----

namespace {

// The WHERE clause of a filter and its values, in order.
std::string AuditWhere(const AuditFilter& f, std::vector<std::string>& values) {
  std::vector<std::string> parts;
  if (!f.actor.empty()) {
    std::string pattern = "%";
    for (char ch : f.actor) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
      pattern.push_back(ch);
    }
    pattern.push_back('%');
    parts.push_back("actor LIKE ? ESCAPE '\\'");
    values.push_back(std::move(pattern));
  }
  if (!f.action.empty()) {
    parts.push_back("action = ?");
    values.push_back(f.action);
  }
  if (!f.entity.empty()) {
    if (f.entity.find(':') != std::string::npos) {
      parts.push_back("entity = ?");
      values.push_back(f.entity);
    } else {
      // A kind: the entity itself ("registry") or any of that kind ("service:12"), by range so
      // that the index serves it in both dialects.
      parts.push_back("(entity = ? OR (entity >= ? AND entity < ?))");
      values.push_back(f.entity);
      values.push_back(f.entity + ":");
      values.push_back(f.entity + ";");  // ';' follows ':'
    }
  }
  if (!f.from.empty()) {
    parts.push_back("at >= ?");
    values.push_back(f.from);
  }
  if (!f.until.empty()) {
    parts.push_back("at < ?");
    values.push_back(f.until);
  }
  if (parts.empty()) return "";
  std::string where = " WHERE ";
  for (std::size_t i = 0; i < parts.size(); ++i) where += (i ? " AND " : "") + parts[i];
  return where;
}

}  // namespace

Result<std::vector<AuditEntry>> ListAudit(Connection& conn, const AuditFilter& filter, std::size_t offset,
                                          std::size_t limit) {
  std::vector<std::string> values;
  const std::string where = AuditWhere(filter, values);
  auto st = conn.Prepare(fmt::format("SELECT {} FROM audit_log{} ORDER BY seq DESC LIMIT ? OFFSET ?", kColumns, where));
  if (!st) return Fail(st.error());
  int i = 1;
  for (const auto& v : values) st->Bind(i++, v);
  st->Bind(i, static_cast<std::int64_t>(limit)).Bind(i + 1, static_cast<std::int64_t>(offset));
  std::vector<AuditEntry> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(Read(*st));
  }
  return out;
}

Result<std::int64_t> CountAudit(Connection& conn, const AuditFilter& filter) {
  std::vector<std::string> values;
  const std::string where = AuditWhere(filter, values);
  auto st = conn.Prepare("SELECT COUNT(*) FROM audit_log" + where);
  if (!st) return Fail(st.error());
  int i = 1;
  for (const auto& v : values) st->Bind(i++, v);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return *row ? st->Int(0) : 0;
}

}  // namespace proven::store
