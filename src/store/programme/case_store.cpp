#include "store/programme/case_store.hpp"

#include "store/log_store.hpp"
#include <algorithm>
#include <ctime>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "domain/codes.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using nlohmann::json;
using domain::CaseParty;

Error Corrupt(std::string_view what, std::int64_t id) {
  return MakeError(ErrorCode::kInternal, "stored case data is corrupt", fmt::format("{} {}", what, id));
}

// NULL ↔ "": the records hold absent times as empty strings.
void BindTextOrNull(Statement& st, int index, const std::string& text) {
  if (!text.empty()) st.Bind(index, text);
}

std::string PartyCode(CaseParty p) { return std::string(domain::CodeIn<CaseParty>(domain::kCasePartyCodes, p)); }

std::string FiguresJson(const std::vector<domain::CaseFigure>& figures) {
  json out = json::array();
  for (const auto& f : figures) out.push_back({{"label", f.label}, {"value", f.value}, {"unit", f.unit}});
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<domain::CaseFigure>> FiguresFromJson(const std::string& text, std::int64_t id) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return Fail(Corrupt("case figures", id));
  std::vector<domain::CaseFigure> out;
  for (const auto& f : j) {
    if (!f.is_object() || !f.contains("label") || !f["label"].is_string() || !f.contains("value") ||
        !f["value"].is_string() || !f.contains("unit") || !f["unit"].is_string()) {
      return Fail(Corrupt("case figures", id));
    }
    out.push_back({f["label"].get<std::string>(), f["value"].get<std::string>(), f["unit"].get<std::string>()});
  }
  return out;
}

// The product's name is its application's; the vendor's name its organisation's, as they are now.
constexpr std::string_view kCaseColumns =
    "c.id, c.product_id, a.product_name, c.vendor_org_id, o.name, c.user_org_id, c.proposed_by, c.proposer_id, "
    "c.user_org_name, c.anonymised_label, c.industry, c.company_size, c.period, c.deployed, c.results, c.figures, "
    "c.quote, c.created_at, c.updated_at, COALESCE(c.published_at, ''), COALESCE(c.withdrawn_at, ''), c.withdrawn_by";
constexpr std::string_view kCaseFrom =
    "cases c JOIN products p ON p.id = c.product_id JOIN verifications v ON v.id = p.verification_id "
    "JOIN applications a ON a.id = v.application_id JOIN organisations o ON o.id = c.vendor_org_id";

Result<domain::DeploymentCase> ReadCase(const Statement& st) {
  domain::DeploymentCase c;
  c.id = st.Int(0);
  c.product_id = st.Int(1);
  c.product_name = st.Text(2);
  c.vendor_org_id = st.Int(3);
  c.vendor = st.Text(4);
  c.user_org_id = st.Int(5);
  auto party = domain::ValueIn<CaseParty>(domain::kCasePartyCodes, st.Text(6));
  if (!party) return Fail(Corrupt("case", c.id));
  c.proposed_by = *party;
  c.proposer_id = st.Int(7);
  c.content.user_org_name = st.Text(8);
  c.content.anonymised_label = st.Text(9);
  c.content.industry = st.Text(10);
  auto size = domain::ValueIn<domain::CompanySize>(domain::kCompanySizeCodes, st.Text(11));
  if (!size) return Fail(Corrupt("case", c.id));
  c.content.company_size = *size;
  c.content.period = st.Text(12);
  c.content.deployed = st.Text(13);
  c.content.results = st.Text(14);
  auto figures = FiguresFromJson(st.Text(15), c.id);
  if (!figures) return Fail(figures.error());
  c.content.figures = std::move(*figures);
  c.content.quote = st.Text(16);
  c.created_at = st.Text(17);
  c.updated_at = st.Text(18);
  c.published_at = st.Text(19);
  c.withdrawn_at = st.Text(20);
  if (!st.IsNull(21)) {
    auto by = domain::ValueIn<CaseParty>(domain::kCasePartyCodes, st.Text(21));
    if (!by) return Fail(Corrupt("case", c.id));
    c.withdrawn_by = *by;
  }
  return c;
}

// The checklist's columns, in kChecklistQuestions' order.
std::string ChecklistColumns() {
  std::string out;
  for (const auto& q : domain::kChecklistQuestions) {
    if (!out.empty()) out += ", ";
    out += q.key;
  }
  return out;
}
constexpr std::size_t kQuestions = std::size(domain::kChecklistQuestions);

// Every method reads and writes through statements prepared once per transaction. Serves
// CaseStore::Read too (as a CaseReader), in a read transaction.
class SqlCaseWriter final : public CaseWriter {
 public:
  SqlCaseWriter(Connection& c, const Clock& clock)
      : c_(c), audit_(c, clock),
        now_(fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(clock.NowUnix())))) {}

  const std::string& Now() const override { return now_; }

  Result<std::optional<domain::DeploymentCase>> FindCase(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE c.id = ?", kCaseColumns, kCaseFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    auto c = One<domain::DeploymentCase>(**st, ReadCase);
    if (!c) return Fail(c.error());
    (*st)->Reset();
    if (*c) {
      if (auto done = LoadConsents(**c); !done) return Fail(done.error());
    }
    return c;
  }

  Result<std::vector<domain::DeploymentCase>> Cases(const CaseFilter& filter) override {
    std::vector<std::string> where;
    if (filter.party_org_id) where.emplace_back("(c.vendor_org_id = ? OR c.user_org_id = ?)");
    if (filter.product_id) where.emplace_back("c.product_id = ?");
    // Published: both consents stand (a consent is only stored with a complete checklist).
    if (filter.published_only) where.emplace_back("(SELECT COUNT(*) FROM case_consents k WHERE k.case_id = c.id) = 2");
    std::string sql = fmt::format("SELECT {} FROM {}", kCaseColumns, kCaseFrom);
    for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
    sql += " ORDER BY c.id DESC";
    auto st = Cached(sql);
    if (!st) return Fail(st.error());
    int index = 1;
    if (filter.party_org_id) {
      (*st)->Bind(index, *filter.party_org_id).Bind(index + 1, *filter.party_org_id);
      index += 2;
    }
    if (filter.product_id) (*st)->Bind(index++, *filter.product_id);
    std::vector<domain::DeploymentCase> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto c = ReadCase(s);
          if (!c) return Fail(c.error());
          out.push_back(std::move(*c));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    for (auto& c : out) {
      if (auto done = LoadConsents(c); !done) return Fail(done.error());
    }
    return out;
  }

  Result<std::vector<domain::CaseEvent>> Events(std::int64_t case_id) override {
    auto st = Cached("SELECT id, case_id, at, kind, party, user_id, detail FROM case_events WHERE case_id = ? ORDER BY id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, case_id);
    std::vector<domain::CaseEvent> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          domain::CaseEvent e;
          e.id = s.Int(0);
          e.case_id = s.Int(1);
          e.at = s.Text(2);
          auto kind = domain::ValueIn<domain::CaseEventKind>(domain::kCaseEventKindCodes, s.Text(3));
          if (!kind) return Fail(Corrupt("case event", e.id));
          e.kind = *kind;
          if (!s.IsNull(4)) {
            auto party = domain::ValueIn<CaseParty>(domain::kCasePartyCodes, s.Text(4));
            if (!party) return Fail(Corrupt("case event", e.id));
            e.party = *party;
          }
          e.user_id = s.IsNull(5) ? 0 : s.Int(5);
          e.detail = s.Text(6);
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

  Result<std::optional<UserRef>> FindUserByEmail(const std::string& email) override {
    auto st = Cached(
        "SELECT u.id, u.email, u.organisation_id, COALESCE(o.name, ''), u.disabled FROM users u "
        "LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.email = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, email);
    auto user = One<UserRef>(**st, [](const Statement& s) -> Result<UserRef> {
      UserRef u;
      u.id = s.Int(0);
      u.email = s.Text(1);
      if (!s.IsNull(2)) u.organisation_id = s.Int(2);
      u.organisation = s.Text(3);
      u.disabled = s.Int(4) != 0;
      return u;
    });
    if (!user) return Fail(user.error());
    (*st)->Reset();
    if (!*user) return user;
    auto roles = Cached("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role");
    if (!roles) return Fail(roles.error());
    (*roles)->Bind(1, (*user)->id);
    if (auto done = Rows(**roles, [&](const Statement& s) -> Status {
          if (auto r = domain::RoleFromCode(s.Text(0))) (*user)->roles.push_back(*r);
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return user;
  }

  Result<std::int64_t> InsertCase(const domain::DeploymentCase& c) override {
    auto st = Cached(
        "INSERT INTO cases (user_org_name, anonymised_label, industry, company_size, period, deployed, results, "
        "figures, quote, updated_at, published_at, withdrawn_at, withdrawn_by, product_id, vendor_org_id, "
        "user_org_id, proposed_by, proposer_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindCase(**st, c);
    (*st)->Bind(14, c.product_id).Bind(15, c.vendor_org_id).Bind(16, c.user_org_id).Bind(17, PartyCode(c.proposed_by))
        .Bind(18, c.proposer_id).Bind(19, now_);
    auto id = RunReturningId(**st);
    if (!id) return Fail(id.error());
    domain::DeploymentCase stored = c;
    stored.id = *id;
    if (auto done = WriteConsents(stored); !done) return Fail(done.error());
    return *id;
  }

  Status UpdateCase(const domain::DeploymentCase& c) override {
    auto st = Cached(
        "UPDATE cases SET user_org_name = ?, anonymised_label = ?, industry = ?, company_size = ?, period = ?, "
        "deployed = ?, results = ?, figures = ?, quote = ?, updated_at = ?, published_at = ?, withdrawn_at = ?, "
        "withdrawn_by = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindCase(**st, c);
    (*st)->Bind(14, c.id);
    if (auto done = RunChanging(**st, "no such case"); !done) return done;
    return WriteConsents(c);
  }

  Status AddEvent(const domain::CaseEvent& e) override {
    auto st = Cached("INSERT INTO case_events (case_id, at, kind, party, user_id, detail) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, e.case_id).Bind(2, now_)
        .Bind(3, domain::CodeIn<domain::CaseEventKind>(domain::kCaseEventKindCodes, e.kind))
        .Bind(6, e.detail.empty() ? std::string("{}") : e.detail);
    if (e.party) (*st)->Bind(4, PartyCode(*e.party));
    if (e.user_id) (*st)->Bind(5, e.user_id);
    return (*st)->Run();
  }

  Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                   std::optional<std::int64_t> version) override {
    auto leaf = AppendLogLeaf(c_, kind, record_id, Now(), record_json, version);
    if (!leaf) return Fail(leaf.error());
    return {};
  }
  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  // Parameters 1..13 of the insert and the update.
  void BindCase(Statement& st, const domain::DeploymentCase& c) {
    const auto& k = c.content;
    st.Bind(1, k.user_org_name).Bind(2, k.anonymised_label).Bind(3, k.industry)
        .Bind(4, domain::CodeIn<domain::CompanySize>(domain::kCompanySizeCodes, k.company_size)).Bind(5, k.period)
        .Bind(6, k.deployed).Bind(7, k.results).Bind(8, FiguresJson(k.figures)).Bind(9, k.quote).Bind(10, now_);
    BindTextOrNull(st, 11, c.published_at);
    BindTextOrNull(st, 12, c.withdrawn_at);
    if (c.withdrawn_by) st.Bind(13, PartyCode(*c.withdrawn_by));
  }

  Status WriteConsents(const domain::DeploymentCase& c) {
    auto clear = Cached("DELETE FROM case_consents WHERE case_id = ?");
    if (!clear) return Fail(clear.error());
    (*clear)->Bind(1, c.id);
    if (auto done = (*clear)->Run(); !done) return done;
    for (auto party : {CaseParty::kVendor, CaseParty::kUser}) {
      const auto& consent = c.ConsentOf(party);
      if (!consent) continue;
      std::string marks;
      for (std::size_t i = 0; i < kQuestions + 4; ++i) marks += i ? ", ?" : "?";
      auto st = Cached(fmt::format("INSERT INTO case_consents (case_id, party, {}, consented_at, consented_by) "
                                   "VALUES ({})",
                                   ChecklistColumns(), marks));
      if (!st) return Fail(st.error());
      (*st)->Bind(1, c.id).Bind(2, PartyCode(party));
      int index = 3;
      for (const auto& q : domain::kChecklistQuestions) {
        (*st)->Bind(index++, std::int64_t{consent->checklist.*q.member ? 1 : 0});
      }
      (*st)->Bind(index, consent->at.empty() ? now_ : consent->at).Bind(index + 1, consent->user_id);
      if (auto done = (*st)->Run(); !done) return done;
    }
    return {};
  }

  Status LoadConsents(domain::DeploymentCase& c) {
    c.vendor_consent.reset();
    c.user_consent.reset();
    auto st = Cached(fmt::format(
        "SELECT party, {}, consented_at, consented_by FROM case_consents WHERE case_id = ? ORDER BY party",
        ChecklistColumns()));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, c.id);
    return Rows(**st, [&](const Statement& s) -> Status {
      auto party = domain::ValueIn<CaseParty>(domain::kCasePartyCodes, s.Text(0));
      if (!party) return Fail(Corrupt("case consent", c.id));
      domain::PartyConsent consent;
      int col = 1;
      for (const auto& q : domain::kChecklistQuestions) consent.checklist.*q.member = s.Int(col++) != 0;
      consent.at = s.Text(col++);
      consent.user_id = s.Int(col++);
      c.ConsentOf(*party) = std::move(consent);
      return {};
    });
  }

  Connection& c_;
  AuditAppender audit_;
  std::string now_;
  StatementCache statements_{c_};
};

}  // namespace

Status SqlCaseStore::Write(const std::function<Status(CaseWriter&)>& body) {
  return InWriteTransaction<SqlCaseWriter>(pool_, clock_, body);
}

Status SqlCaseStore::Read(const std::function<Status(CaseReader&)>& body) {
  return InReadTransaction<SqlCaseWriter>(pool_, clock_, body);
}

}  // namespace proven::store
