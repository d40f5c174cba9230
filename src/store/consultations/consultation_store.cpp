#include "store/consultations/consultation_store.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "domain/auth.hpp"
#include "domain/codes.hpp"
#include "store/mail_outbox.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using domain::Consultation;
using domain::ConsultationEntry;
using nlohmann::json;

Error Corrupt(std::string_view what, std::int64_t id) {
  return MakeError(ErrorCode::kInternal, "stored consultation data is corrupt", fmt::format("{} {}", what, id));
}

void BindTextOrNull(Statement& st, int index, const std::string& text) {
  if (!text.empty()) st.Bind(index, text);
}

std::string TimesJson(const std::vector<std::string>& times) {
  return json(times).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<std::string>> TimesFromJson(const std::string& text, std::int64_t id) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return Fail(Corrupt("consultation times", id));
  std::vector<std::string> out;
  for (const auto& t : j) {
    if (!t.is_string()) return Fail(Corrupt("consultation times", id));
    out.push_back(t.get<std::string>());
  }
  return out;
}

// Names as they are now: the vendor's and the requester organisation's, the requester's address.
constexpr std::string_view kColumns =
    "c.id, c.kind, COALESCE(c.product_id, c.service_id), c.subject_name, c.vendor_org_id, v.name, "
    "c.requester_org_id, r.name, c.requester_id, u.email, c.needs, c.state, c.proposed_times, "
    "COALESCE(c.confirmed_time, ''), c.outcome, COALESCE(c.outcome_at, ''), c.case_id, c.requester_lang, "
    "c.vendor_lang, c.created_at, c.updated_at";
constexpr std::string_view kFrom =
    "consultations c JOIN organisations v ON v.id = c.vendor_org_id JOIN organisations r ON r.id = c.requester_org_id "
    "JOIN users u ON u.id = c.requester_id";

Result<Consultation> ReadConsultation(const Statement& st) {
  Consultation c;
  c.id = st.Int(0);
  auto kind = domain::ValueIn<domain::ConsultationKind>(domain::kConsultationKindCodes, st.Text(1));
  if (!kind) return Fail(Corrupt("consultation", c.id));
  c.kind = *kind;
  c.subject_id = st.Int(2);
  c.subject_name = st.Text(3);
  c.vendor_org_id = st.Int(4);
  c.vendor = st.Text(5);
  c.requester_org_id = st.Int(6);
  c.requester_org = st.Text(7);
  c.requester_id = st.Int(8);
  c.requester_email = st.Text(9);
  c.needs = st.Text(10);
  auto state = domain::ValueIn<domain::ConsultationState>(domain::kConsultationStateCodes, st.Text(11));
  if (!state) return Fail(Corrupt("consultation", c.id));
  c.state = *state;
  auto times = TimesFromJson(st.Text(12), c.id);
  if (!times) return Fail(times.error());
  c.proposed_times = std::move(*times);
  c.confirmed_time = st.Text(13);
  if (!st.IsNull(14)) {
    auto outcome = domain::ValueIn<domain::ConsultationOutcome>(domain::kConsultationOutcomeCodes, st.Text(14));
    if (!outcome) return Fail(Corrupt("consultation", c.id));
    c.outcome = *outcome;
  }
  c.outcome_at = st.Text(15);
  if (!st.IsNull(16)) c.case_id = st.Int(16);
  c.requester_lang = st.Text(17);
  c.vendor_lang = st.Text(18);
  c.created_at = st.Text(19);
  c.updated_at = st.Text(20);
  return c;
}

class SqlConsultationWriter final : public ConsultationWriter {
 public:
  SqlConsultationWriter(Connection& c, const Clock& clock)
      : c_(c), clock_(clock), audit_(c, clock), now_(clock.NowIso()), now_unix_(clock.NowUnix()) {}

  const std::string& Now() const override { return now_; }
  std::int64_t NowUnix() const override { return now_unix_; }

  Result<std::optional<Consultation>> FindConsultation(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE c.id = ?", kColumns, kFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    auto c = One<Consultation>(**st, ReadConsultation);
    (*st)->Reset();
    return c;
  }

  Result<std::vector<Consultation>> Consultations(std::optional<std::int64_t> org_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {}{} ORDER BY c.id DESC", kColumns, kFrom,
                                 org_id ? " WHERE c.vendor_org_id = ? OR c.requester_org_id = ?" : ""));
    if (!st) return Fail(st.error());
    if (org_id) (*st)->Bind(1, *org_id).Bind(2, *org_id);
    std::vector<Consultation> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto c = ReadConsultation(s);
          if (!c) return Fail(c.error());
          out.push_back(std::move(*c));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<ConsultationEntry>> Entries(std::int64_t consultation_id) override {
    auto st = Cached(
        "SELECT e.id, e.consultation_id, e.at, e.kind, e.side, e.user_id, u.email, e.body, e.detail "
        "FROM consultation_entries e JOIN users u ON u.id = e.user_id WHERE e.consultation_id = ? ORDER BY e.id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, consultation_id);
    std::vector<ConsultationEntry> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          ConsultationEntry e;
          e.id = s.Int(0);
          e.consultation_id = s.Int(1);
          e.at = s.Text(2);
          auto kind = domain::ValueIn<domain::ConsultationEntryKind>(domain::kConsultationEntryKindCodes, s.Text(3));
          auto side = domain::ValueIn<domain::ConsultationSide>(domain::kConsultationSideCodes, s.Text(4));
          if (!kind || !side) return Fail(Corrupt("consultation entry", e.id));
          e.kind = *kind;
          e.side = *side;
          e.user_id = s.Int(5);
          e.author = s.Text(6);
          e.body = s.Text(7);
          e.detail = s.Text(8);
          out.push_back(std::move(e));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<Organisation>> FindOrganisation(std::int64_t id) override {
    auto st = Cached("SELECT id, name, kind FROM organisations WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    auto org = One<Organisation>(**st, [](const Statement& s) -> Result<Organisation> {
      auto kind = domain::OrgKindFromCode(s.Text(2));
      if (!kind) return Fail(Corrupt("organisation", s.Int(0)));
      return Organisation{s.Int(0), s.Text(1), *kind};
    });
    (*st)->Reset();
    return org;
  }

  Result<std::vector<ConsultationContact>> VendorContacts(std::int64_t org_id) override {
    auto st = Cached(
        "SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id "
        "WHERE u.organisation_id = ? AND u.disabled = 0 AND r.role = 'vendor' ORDER BY u.id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, org_id);
    std::vector<ConsultationContact> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back({s.Int(0), s.Text(1)});
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::int64_t> InsertConsultation(const Consultation& c) override {
    auto st = Cached(
        "INSERT INTO consultations (state, proposed_times, confirmed_time, outcome, outcome_at, case_id, "
        "requester_lang, vendor_lang, updated_at, kind, product_id, service_id, subject_name, vendor_org_id, "
        "requester_org_id, requester_id, needs, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindChanging(**st, c);
    (*st)->Bind(10, domain::CodeIn<domain::ConsultationKind>(domain::kConsultationKindCodes, c.kind));
    (*st)->Bind(c.kind == domain::ConsultationKind::kProduct ? 11 : 12, c.subject_id);
    (*st)->Bind(13, c.subject_name).Bind(14, c.vendor_org_id).Bind(15, c.requester_org_id).Bind(16, c.requester_id)
        .Bind(17, c.needs).Bind(18, now_);
    return RunReturningId(**st);
  }

  Status UpdateConsultation(const Consultation& c) override {
    auto st = Cached(
        "UPDATE consultations SET state = ?, proposed_times = ?, confirmed_time = ?, outcome = ?, outcome_at = ?, "
        "case_id = ?, requester_lang = ?, vendor_lang = ?, updated_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindChanging(**st, c);
    (*st)->Bind(10, c.id);
    return RunChanging(**st, "no such consultation");
  }

  Result<std::int64_t> AddEntry(const ConsultationEntry& e) override {
    auto st = Cached(
        "INSERT INTO consultation_entries (consultation_id, at, kind, side, user_id, body, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, e.consultation_id).Bind(2, now_)
        .Bind(3, domain::CodeIn<domain::ConsultationEntryKind>(domain::kConsultationEntryKindCodes, e.kind))
        .Bind(4, domain::CodeIn<domain::ConsultationSide>(domain::kConsultationSideCodes, e.side))
        .Bind(5, e.user_id).Bind(6, e.body).Bind(7, e.detail.empty() ? std::string("{}") : e.detail);
    return RunReturningId(**st);
  }

  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

  Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) override { return store::EnqueueMail(c_, m, clock_); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  // Parameters 1..9 of the insert and the update: what changes.
  void BindChanging(Statement& st, const Consultation& c) {
    st.Bind(1, domain::CodeIn<domain::ConsultationState>(domain::kConsultationStateCodes, c.state))
        .Bind(2, TimesJson(c.proposed_times));
    BindTextOrNull(st, 3, c.confirmed_time);
    if (c.outcome) st.Bind(4, domain::CodeIn<domain::ConsultationOutcome>(domain::kConsultationOutcomeCodes, *c.outcome));
    BindTextOrNull(st, 5, c.outcome_at);
    if (c.case_id) st.Bind(6, *c.case_id);
    st.Bind(7, c.requester_lang == "en" ? "en" : "ja").Bind(8, c.vendor_lang == "en" ? "en" : "ja").Bind(9, now_);
  }

  Connection& c_;
  const Clock& clock_;
  AuditAppender audit_;
  std::string now_;
  std::int64_t now_unix_;
  StatementCache statements_{c_};
};

}  // namespace

Status SqlConsultationStore::Write(const std::function<Status(ConsultationWriter&)>& body) {
  return InWriteTransaction<SqlConsultationWriter>(pool_, clock_, body);
}

Status SqlConsultationStore::Read(const std::function<Status(ConsultationReader&)>& body) {
  return InReadTransaction<SqlConsultationWriter>(pool_, clock_, body);
}

}  // namespace proven::store
