#include "store/matching/needs_store.hpp"

#include <fmt/core.h>

#include "store/mail_outbox.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

constexpr std::string_view kNeedColumns =
    "n.id, n.user_id, u.email, n.needs, n.lang, n.feed_key, n.unsubscribe_token, n.mail, n.created_at, "
    "COALESCE(n.checked_at, '')";
constexpr std::string_view kNeedFrom = "saved_needs n JOIN users u ON u.id = n.user_id";

class SqlNeedsWriter final : public NeedsWriter {
 public:
  SqlNeedsWriter(Connection& c, const Clock& clock) : c_(c), clock_(clock), statements_(c), now_(clock.NowIso()) {}

  const std::string& Now() const override { return now_; }

  Result<std::optional<SavedNeedRow>> FindNeed(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE n.id = ?", kNeedColumns, kNeedFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<SavedNeedRow>(**st, [](const Statement& s) -> Result<SavedNeedRow> { return ReadNeed(s); });
  }

  Result<std::optional<SavedNeedRow>> NeedByUnsubscribeToken(const std::string& token) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE n.unsubscribe_token = ?", kNeedColumns, kNeedFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, token);
    return One<SavedNeedRow>(**st, [](const Statement& s) -> Result<SavedNeedRow> { return ReadNeed(s); });
  }

  Result<std::vector<SavedNeedRow>> NeedsOfUser(std::int64_t user_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id DESC",
                                 kNeedColumns, kNeedFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, user_id);
    return Collect(**st);
  }

  Result<std::vector<SavedNeedRow>> AllNeeds() override {
    auto st = Cached(fmt::format("SELECT {} FROM {} ORDER BY n.id", kNeedColumns, kNeedFrom));
    if (!st) return Fail(st.error());
    return Collect(**st);
  }

  Result<std::vector<SeenMatch>> Matches(std::int64_t need_id, bool new_only) override {
    auto st = Cached(new_only ? "SELECT kind, candidate_id, name, organisation, score, initial, seen_at FROM need_matches "
                                "WHERE need_id = ? AND initial = 0 ORDER BY seen_at DESC, kind, candidate_id DESC"
                              : "SELECT kind, candidate_id, name, organisation, score, initial, seen_at FROM need_matches "
                                "WHERE need_id = ? ORDER BY kind, candidate_id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, need_id);
    std::vector<SeenMatch> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Text(0), s.Int(1), s.Text(2), s.Text(3), static_cast<int>(s.Int(4)), s.Int(5) != 0,
                         s.Text(6)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::int64_t> InsertNeed(const SavedNeedRow& n) override {
    auto st = Cached(
        "INSERT INTO saved_needs (user_id, needs, lang, feed_key, unsubscribe_token, mail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, n.user_id).Bind(2, n.needs).Bind(3, n.lang).Bind(4, n.feed_key).Bind(5, n.unsubscribe_token);
    (*st)->Bind(6, std::int64_t{n.mail ? 1 : 0}).Bind(7, now_);
    return RunReturningId(**st);
  }

  Status DeleteNeed(std::int64_t id) override {
    // Explicitly, not only by ON DELETE CASCADE: the same on both databases whatever their settings.
    auto matches = Cached("DELETE FROM need_matches WHERE need_id = ?");
    if (!matches) return Fail(matches.error());
    (*matches)->Bind(1, id);
    if (auto done = (*matches)->Run(); !done) return done;
    auto st = Cached("DELETE FROM saved_needs WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return RunChanging(**st, fmt::format("there is no saved need {}", id));
  }

  Status SetMail(std::int64_t id, bool mail) override {
    auto st = Cached("UPDATE saved_needs SET mail = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, std::int64_t{mail ? 1 : 0}).Bind(2, id);
    return RunChanging(**st, fmt::format("there is no saved need {}", id));
  }

  Status MarkChecked(std::int64_t id) override {
    auto st = Cached("UPDATE saved_needs SET checked_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, now_).Bind(2, id);
    return (*st)->Run();
  }

  Result<bool> RecordMatch(std::int64_t need_id, const SeenMatch& m) override {
    auto st = Cached(
        "INSERT INTO need_matches (need_id, kind, candidate_id, name, organisation, score, initial, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (need_id, kind, candidate_id) DO NOTHING");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, need_id).Bind(2, m.kind).Bind(3, m.candidate_id).Bind(4, m.name).Bind(5, m.organisation);
    (*st)->Bind(6, static_cast<std::int64_t>(m.score)).Bind(7, std::int64_t{m.initial ? 1 : 0}).Bind(8, now_);
    if (auto done = (*st)->Run(); !done) return Fail(done.error());
    return (*st)->Changes() > 0;
  }

  Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) override { return store::EnqueueMail(c_, m, clock_); }
  Status Audit(AuditEntry entry) override { return AppendAudit(c_, std::move(entry), clock_); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  static Result<SavedNeedRow> ReadNeed(const Statement& s) {
    SavedNeedRow n;
    n.id = s.Int(0);
    n.user_id = s.Int(1);
    n.email = s.Text(2);
    n.needs = s.Text(3);
    n.lang = s.Text(4);
    n.feed_key = s.Text(5);
    n.unsubscribe_token = s.Text(6);
    n.mail = s.Int(7) != 0;
    n.created_at = s.Text(8);
    n.checked_at = s.Text(9);
    return n;
  }

  Result<std::vector<SavedNeedRow>> Collect(Statement& st) {
    std::vector<SavedNeedRow> out;
    if (auto done = Rows(st, [&](const Statement& s) -> Status {
          auto n = ReadNeed(s);
          if (!n) return Fail(n.error());
          out.push_back(std::move(*n));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Connection& c_;
  const Clock& clock_;
  StatementCache statements_;
  std::string now_;
};

}  // namespace

Status SqlNeedsStore::Write(const std::function<Status(NeedsWriter&)>& body) {
  return InWriteTransaction<SqlNeedsWriter>(pool_, clock_, body);
}

Status SqlNeedsStore::Read(const std::function<Status(NeedsReader&)>& body) {
  return InReadTransaction<SqlNeedsWriter>(pool_, clock_, body);
}

}  // namespace proven::store
