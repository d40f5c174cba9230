#include "store/service_store.hpp"

#include "store/log_store.hpp"
#include "store/audit_log.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "domain/codes.hpp"
#include "domain/service_fields.hpp"

namespace proven::store {
namespace {

using domain::Service;

constexpr std::string_view kColumns =
    "id, name, provider, address, prefecture, overview, industries, regions, registered_on, "
    "expires_on, registrar, type, url, state, state_reason, provenance, registrar_org_id, provider_org_id, "
    "registration_number";

// The owners' organisation ids follow the names (?10 is the registrar, ?2 the provider) on every
// write; organisations created later are linked by AccountStore.
#define PROVEN_OWNER_IDS                                                                            \
  "(SELECT o.id FROM organisations o WHERE o.name = ?10 AND o.kind = 'registration_body'), "        \
  "(SELECT o.id FROM organisations o WHERE o.name = ?2 AND o.kind = 'vendor')"
constexpr std::string_view kInsertSql =
    "INSERT INTO services (name, provider, address, prefecture, overview, industries, regions, "
    "registered_on, expires_on, registrar, type, url, state, state_reason, provenance, registration_number, "
    "created_at, updated_at, registrar_org_id, provider_org_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " PROVEN_OWNER_IDS ") RETURNING id";
constexpr std::string_view kUpdateSql =
    "UPDATE services SET name = ?, provider = ?, address = ?, prefecture = ?, overview = ?, "
    "industries = ?, regions = ?, registered_on = ?, expires_on = ?, registrar = ?, type = ?, "
    "url = ?, state = ?, state_reason = ?, provenance = ?, registration_number = ?, updated_at = ?, "
    "(registrar_org_id, provider_org_id) = (SELECT " PROVEN_OWNER_IDS ") WHERE id = ?";
#undef PROVEN_OWNER_IDS

std::string ToJsonArray(const std::vector<std::string>& v) {
  return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> FromJsonArray(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::string ProvenanceToJson(const std::map<std::string, domain::FieldProvenance>& provenance) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [field, p] : provenance) {
    nlohmann::ordered_json e;
    e["supplied_by"] = p.supplied_by;
    if (!p.vendor.empty()) e["vendor"] = p.vendor;
    if (!p.vetted_by.empty()) e["vetted_by"] = p.vetted_by;
    e["at"] = p.at;
    j[field] = std::move(e);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, domain::FieldProvenance> ProvenanceFromJson(const std::string& s) {
  std::map<std::string, domain::FieldProvenance> out;
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (!j.is_object()) return out;
  auto str = [](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& [field, e] : j.items()) {
    if (!e.is_object()) continue;
    out[field] = {str(e, "supplied_by"), str(e, "vendor"), str(e, "vetted_by"), str(e, "at")};
  }
  return out;
}

Result<Service> ReadRow(const Statement& st) {
  Service s;
  s.id = st.Int(0);
  s.name = st.Text(1);
  s.provider = st.Text(2);
  s.address = st.Text(3);
  s.prefecture = st.Text(4);
  s.overview = st.Text(5);
  s.industries = FromJsonArray(st.Text(6));
  s.regions = FromJsonArray(st.Text(7));
  auto reg = ParseIsoDate(st.Text(8));
  auto exp = ParseIsoDate(st.Text(9));
  auto type = domain::TypeFromCode(st.Text(11));
  auto state = domain::StateFromCode(st.Text(13));
  if (!reg || !exp || !type || !state) {
    return Fail(ErrorCode::kInternal, "stored service is corrupt",
                fmt::format("service {} has a bad date, type or state", s.id));
  }
  s.registered_on = *reg;
  s.expires_on = *exp;
  s.registrar = st.Text(10);
  s.type = *type;
  s.url = st.Text(12);
  s.state = *state;
  s.state_reason = st.Text(14);
  if (!st.IsNull(16)) s.registrar_org_id = st.Int(16);
  if (!st.IsNull(17)) s.provider_org_id = st.Int(17);
  s.registration_number = st.Text(18);
  s.provenance = ProvenanceFromJson(st.Text(15));
  return s;
}

// Binds parameters 1..16 of kInsertSql and kUpdateSql.
void BindFields(Statement& st, const Service& s) {
  st.Bind(1, s.name).Bind(2, s.provider).Bind(3, s.address).Bind(4, s.prefecture)
      .Bind(5, s.overview).Bind(6, ToJsonArray(s.industries)).Bind(7, ToJsonArray(s.regions))
      .Bind(8, s.registered_on.ToIso()).Bind(9, s.expires_on.ToIso()).Bind(10, s.registrar)
      .Bind(11, domain::TypeCode(s.type)).Bind(12, s.url).Bind(13, domain::StateCode(s.state))
      .Bind(14, s.state_reason).Bind(15, ProvenanceToJson(s.provenance)).Bind(16, s.registration_number);
}

// Steps `st` to the end, handing each service row to `sink`.
Status StreamRows(Statement& st, const std::function<void(Service&&)>& sink) {
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return {};
    auto s = ReadRow(st);
    if (!s) return Fail(s.error());
    sink(std::move(*s));
  }
}

const std::string kFindByIdSql = fmt::format("SELECT {} FROM services WHERE id = ?", kColumns);
const std::string kFindByNameSql = fmt::format("SELECT {} FROM services WHERE name = ? AND provider = ?", kColumns);
// The unique index's terms (migration 0018), so that the lookup uses it.
const std::string kFindByNumberSql = fmt::format(
    "SELECT {} FROM services WHERE registrar = ? AND lower(registration_number) = lower(?) AND registration_number <> ''",
    kColumns);

Error NumberTaken(const Service& s, std::int64_t holder) {
  Error e = MakeError(ErrorCode::kAlreadyExists,
                      fmt::format("registration number '{}' of {} is already given to service {}", s.registration_number,
                                  s.registrar, holder),
                      {}, "registration_number");
  e.reason = {"error.registration_number.taken",
              {{"value", s.registration_number}, {"registrar", s.registrar}, {"id", std::to_string(holder)}}};
  return e;
}

Error Duplicate(const Service& s) {
  return MakeError(ErrorCode::kAlreadyExists,
                   fmt::format("a service named '{}' by '{}' is already registered", s.name, s.provider), {}, "name");
}

ServiceEvent ReadEvent(const Statement& st) {
  return {st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5), st.Text(6), st.Text(7)};
}

constexpr std::string_view kEventColumns =
    "e.id, e.service_id, s.name, s.provider, e.at, e.kind, e.detail, e.actor";

// Columns 0-12; column 7 is the fields object. A list selects a preview object there instead,
// {"key": [first kProposalPreviewChars characters, 1 when cut else 0]}, made by the database in one
// pass over the stored object, so whole values never leave the database.
constexpr std::string_view kProposalColumns =
    "p.id, p.service_id, s.name, s.provider, s.registrar, p.proposed_by, COALESCE(o.name, ''), p.fields, p.status, "
    "p.created_at, p.decided_by, COALESCE(p.decided_at, ''), p.reason, s.registrar_org_id, s.provider_org_id";
std::string ProposalPreviewColumns(Dialect d) {
  const std::string_view preview =
      d == Dialect::kPostgres
          ? "(SELECT json_object_agg(j.key, json_build_array(substr(j.value, 1, ?1::int), "
            "(length(j.value) > ?1::int)::int)) FROM json_each_text(p.fields::json) j)"
          : "(SELECT json_group_object(j.key, json_array(substr(j.value, 1, ?1), length(j.value) > ?1)) "
            "FROM json_each(p.fields) j)";
  return fmt::format(
      "p.id, p.service_id, s.name, s.provider, s.registrar, p.proposed_by, COALESCE(o.name, ''), {}, p.status, "
      "p.created_at, p.decided_by, COALESCE(p.decided_at, ''), p.reason, s.registrar_org_id, s.provider_org_id",
      preview);
}
constexpr std::string_view kProposalFrom =
    "change_proposals p JOIN services s ON s.id = p.service_id LEFT JOIN users u ON u.id = p.proposed_by "
    "LEFT JOIN organisations o ON o.id = u.organisation_id";

ChangeProposal ReadProposal(const Statement& st) {
  ChangeProposal p;
  p.id = st.Int(0);
  p.service_id = st.Int(1);
  p.service_name = st.Text(2);
  p.provider = st.Text(3);
  p.registrar = st.Text(4);
  p.proposed_by = st.Int(5);
  p.vendor = st.Text(6);
  auto j = nlohmann::json::parse(st.Text(7), nullptr, false);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (v.is_string()) p.fields[k] = v.get<std::string>();
    }
  }
  p.status = st.Text(8);
  p.created_at = st.Text(9);
  if (!st.IsNull(10)) p.decided_by = st.Int(10);
  p.decided_at = st.Text(11);
  p.reason = st.Text(12);
  if (!st.IsNull(13)) p.registrar_org_id = st.Int(13);
  if (!st.IsNull(14)) p.provider_org_id = st.Int(14);
  return p;
}

ChangeProposal ReadProposalPreview(const Statement& st) {
  ChangeProposal p = ReadProposal(st);  // column 7 holds [preview, cut] pairs here: ReadProposal skips them
  auto j = nlohmann::json::parse(st.Text(7), nullptr, false);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (!v.is_array() || v.size() != 2 || !v[0].is_string()) continue;
      p.fields[k] = v[0].get<std::string>();
      if (v[1] == 1) p.truncated.push_back(k);
    }
  }
  return p;
}

Result<std::optional<ChangeProposal>> FindProposalOn(Connection& c, std::int64_t id) {
  auto st = c.Prepare(fmt::format("SELECT {} FROM {} WHERE p.id = ?", kProposalColumns, kProposalFrom));
  if (!st) return Fail(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<ChangeProposal>();
  return std::optional<ChangeProposal>(ReadProposal(*st));
}

// Statements are prepared once per transaction and reused: an import runs the same few
// statements for every row. Serves ServiceStore::Read too (as a ServiceReader), in a read
// transaction.
class SqlServiceWriter final : public ServiceWriter {
 public:
  SqlServiceWriter(Connection& c, const Clock& clock) : c_(c), audit_(c, clock), now_(clock.NowIso()) {}
  const std::string& Now() const override { return now_; }

  Result<std::optional<Service>> Find(std::int64_t id) override {
    auto st = Cached(kFindByIdSql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return ReadOne(**st);
  }

  Result<std::optional<Service>> FindByNameAndProvider(const std::string& name, const std::string& provider) override {
    auto st = Cached(kFindByNameSql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, name).Bind(2, provider);
    return ReadOne(**st);
  }

  Result<std::optional<Service>> FindByRegistrationNumber(const std::string& registrar,
                                                         const std::string& number) override {
    if (number.empty()) return std::optional<Service>();
    auto st = Cached(kFindByNumberSql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, registrar).Bind(2, number);
    return ReadOne(**st);
  }

  Result<std::int64_t> ChangeSeq() override {
    auto st = Cached("SELECT COALESCE(MAX(seq), 0) FROM service_changes");
    if (!st) return Fail(st.error());
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    const std::int64_t seq = (*st)->Int(0);
    (*st)->Reset();
    return seq;
  }

  Result<std::optional<std::int64_t>> OrganisationId(const std::string& name, domain::OrgKind kind) override {
    auto st = Cached("SELECT id FROM organisations WHERE name = ? AND kind = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, name).Bind(2, domain::OrgKindCode(kind));
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    std::optional<std::int64_t> id;
    if (*row) id = (*st)->Int(0);
    (*st)->Reset();
    return id;
  }

  Result<std::int64_t> Insert(const Service& s) override {
    auto ins = Cached(kInsertSql);
    if (!ins) return Fail(ins.error());
    BindFields(**ins, s);
    (*ins)->Bind(17, now_).Bind(18, now_);
    auto id = RunReturningId(**ins);
    if (!id) {
      if (id.error().code == ErrorCode::kAlreadyExists) return Fail(ConstraintError(s));
      return Fail(id.error());
    }
    return *id;
  }

  Status Update(const Service& s) override {
    auto upd = Cached(kUpdateSql);
    if (!upd) return Fail(upd.error());
    BindFields(**upd, s);
    (*upd)->Bind(17, now_).Bind(18, s.id);
    if (auto st = (*upd)->Run(); !st) {
      if (st.error().code == ErrorCode::kAlreadyExists) return Fail(ConstraintError(s));
      return st;
    }
    if ((*upd)->Changes() == 0) return Fail(ErrorCode::kNotFound, "no such service");
    return {};
  }

  Status AddEvent(std::int64_t service_id, std::string_view kind, std::string_view detail_json,
                  std::string_view actor) override {
    auto ins = Cached("INSERT INTO service_events (service_id, at, kind, detail, actor) VALUES (?, ?, ?, ?, ?)");
    if (!ins) return Fail(ins.error());
    (*ins)->Bind(1, service_id).Bind(2, now_).Bind(3, kind).Bind(4, detail_json.empty() ? "{}" : detail_json)
        .Bind(5, actor);
    return (*ins)->Run();
  }

  Status AppendLog(std::string_view kind, std::int64_t record_id, std::string_view record_json,
                   std::optional<std::int64_t> version) override {
    auto leaf = AppendLogLeaf(c_, kind, record_id, Now(), record_json, version);
    if (!leaf) return Fail(leaf.error());
    return {};
  }
  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

  Result<std::int64_t> AddProposal(std::int64_t service_id, std::int64_t proposed_by,
                                   const std::map<std::string, std::string>& fields) override {
    auto ins = c_.Prepare(
        "INSERT INTO change_proposals (service_id, proposed_by, fields, status, created_at) "
        "VALUES (?, ?, ?, 'pending', ?) RETURNING id");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, service_id).Bind(2, proposed_by)
        .Bind(3, ProposalFieldsJson(fields))
        .Bind(4, now_);
    return RunReturningId(*ins);
  }

  Result<std::optional<ChangeProposal>> FindProposal(std::int64_t id) override { return FindProposalOn(c_, id); }

  Result<int> CountPendingProposals(std::int64_t service_id) override {
    auto st = c_.Prepare("SELECT COUNT(*) FROM change_proposals WHERE service_id = ? AND status = 'pending'");
    if (!st) return Fail(st.error());
    st->Bind(1, service_id);
    auto row = st->Step();
    if (!row) return Fail(row.error());
    return static_cast<int>(st->Int(0));
  }

  Status DecideProposal(std::int64_t id, bool approved, std::int64_t decided_by, std::string_view reason) override {
    auto up = c_.Prepare(
        "UPDATE change_proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
        "WHERE id = ? AND status = 'pending'");
    if (!up) return Fail(up.error());
    up->Bind(1, domain::ProposalStatusCode(approved ? domain::ProposalStatus::kApproved : domain::ProposalStatus::kRejected)).Bind(3, now_).Bind(4, reason).Bind(5, id);
    // A decision by a user without an account row (e.g. the CLI) leaves decided_by empty.
    if (decided_by > 0) up->Bind(2, decided_by);
    if (auto st = up->Run(); !st) return st;
    if (up->Changes() == 0) return Fail(ErrorCode::kFailedPrecondition, "the proposal was already decided");
    return {};
  }

 private:
  // Which unique constraint a failed write of `s` broke: its registration number when another
  // service holds it, else its name and provider. (PostgreSQL aborts the transaction on the
  // error, so the holder is not looked up there; the services layer checks before it writes.)
  Error ConstraintError(const Service& s) {
    if (!s.registration_number.empty() && c_.dialect() == Dialect::kSqlite) {
      if (auto holder = FindByRegistrationNumber(s.registrar, s.registration_number); holder && *holder &&
                                                                                      (*holder)->id != s.id) {
        return NumberTaken(s, (*holder)->id);
      }
    }
    return Duplicate(s);
  }

  // The statement for `sql`, prepared on first use, reset and ready to bind.
  Result<Statement*> Cached(std::string_view sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      auto st = c_.Prepare(sql);
      if (!st) return Fail(st.error());
      it = statements_.emplace(std::string(sql), std::move(*st)).first;
    }
    it->second.Reset();
    return &it->second;
  }

  // Steps once and reads the service row, if any; leaves the statement reset.
  static Result<std::optional<Service>> ReadOne(Statement& st) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    std::optional<Service> out;
    if (*row) {
      auto s = ReadRow(st);
      if (!s) return Fail(s.error());
      out = std::move(*s);
    }
    st.Reset();
    return out;
  }

  Connection& c_;
  AuditAppender audit_;
  std::string now_;
  std::map<std::string, Statement, std::less<>> statements_;
};

}  // namespace

std::string ProposalFieldsJson(const std::map<std::string, std::string>& fields) {
  return nlohmann::json(fields).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<Service>> SqlServiceStore::ListAll() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services ORDER BY id", kColumns));
  if (!st) return Fail(st.error());
  std::vector<Service> out;
  if (auto done = StreamRows(*st, [&](Service&& x) { out.push_back(std::move(x)); }); !done) return Fail(done.error());
  return out;
}

Result<std::optional<Service>> SqlServiceStore::FindById(std::int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services WHERE id = ?", kColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Service>();
  auto s = ReadRow(*st);
  if (!s) return Fail(s.error());
  return std::optional<Service>(std::move(*s));
}

Result<UpsertOutcome> SqlServiceStore::UpsertAll(const std::vector<Service>& services, const UpsertOptions& options) {
  const bool dry_run = options.dry_run;
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  auto find = (*conn)->Prepare(
      fmt::format("SELECT {} FROM services WHERE name = ? AND provider = ?", kColumns));
  auto ins = (*conn)->Prepare(kInsertSql);
  auto upd = (*conn)->Prepare(kUpdateSql);
  if (!find) return Fail(find.error());
  if (!ins) return Fail(ins.error());
  if (!upd) return Fail(upd.error());
  UpsertOutcome out;
  const std::string now = clock_.NowIso();
  for (std::size_t index = 0; index < services.size(); ++index) {
    const Service& s = services[index];
    find->Reset();
    find->Bind(1, s.name).Bind(2, s.provider);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      Service fresh = s;
      fresh.state = domain::ServiceState::kActive;
      fresh.state_reason.clear();
      fresh.provenance.clear();
      ins->Reset();
      BindFields(*ins, fresh);
      ins->Bind(17, now).Bind(18, now);
      if (auto st = ins->Run(); !st) return Fail(st.error());
      ++out.added;
      continue;
    }
    auto existing = ReadRow(*find);
    if (!existing) return Fail(existing.error());
    // The list carries the fields, the registry the state: a re-import must not resume a
    // suspended service. What the import changes is no longer the vendor's or the body's.
    Service candidate = s;
    candidate.id = existing->id;
    candidate.state = existing->state;
    candidate.state_reason = existing->state_reason;
    candidate.provenance = existing->provenance;
    candidate.registrar_org_id = existing->registrar_org_id;
    candidate.provider_org_id = existing->provider_org_id;
    for (auto f : domain::ChangedFields(*existing, candidate)) {
      candidate.provenance.erase(std::string(domain::FieldInfo(f).key));
    }
    if (candidate == *existing) {
      ++out.unchanged;
      continue;
    }
    upd->Reset();
    BindFields(*upd, candidate);
    upd->Bind(17, now).Bind(18, existing->id);
    if (auto st = upd->Run(); !st) return Fail(st.error());
    ++out.updated;
  }
  if (!dry_run) {
    if (auto st = tx->Commit(); !st) return Fail(st.error());
  }
  return out;
}

Result<std::vector<Service>> SqlServiceStore::FindByIds(const std::vector<std::int64_t>& ids) {
  std::vector<Service> out;
  if (ids.empty()) return out;
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services WHERE id = ?", kColumns));
  if (!st) return Fail(st.error());
  out.reserve(ids.size());
  for (auto id : ids) {
    st->Reset();
    st->Bind(1, id);
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) continue;
    auto s = ReadRow(*st);
    if (!s) return Fail(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::int64_t> SqlServiceStore::ForEach(const std::function<void(Service&&)>& sink) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  // One read transaction: the rows and the change sequence number describe the same state.
  auto snapshot = ReadTransaction::Begin(**conn);
  if (!snapshot) return Fail(snapshot.error());
  auto seq_st = (*conn)->Prepare("SELECT COALESCE(MAX(seq), 0) FROM service_changes");
  if (!seq_st) return Fail(seq_st.error());
  auto seq_row = seq_st->Step();
  if (!seq_row) return Fail(seq_row.error());
  const std::int64_t seq = seq_st->Int(0);
  if ((*conn)->dialect() == Dialect::kPostgres) {
    // libpq hands over a statement's whole result at once: a million services would sit in
    // memory twice. A cursor brings them in batches instead.
    if (auto st = (*conn)->Exec(fmt::format("DECLARE proven_each NO SCROLL CURSOR FOR SELECT {} FROM services ORDER BY id",
                                            kColumns));
        !st) {
      return Fail(st.error());
    }
    auto fetch = (*conn)->Prepare("FETCH 2000 FROM proven_each");
    if (!fetch) return Fail(fetch.error());
    for (;;) {
      fetch->Reset();
      std::size_t rows = 0;
      if (auto done = StreamRows(*fetch, [&](Service&& x) {
            ++rows;
            sink(std::move(x));
          });
          !done) {
        return Fail(done.error());
      }
      if (rows == 0) break;
    }
    return seq;  // the cursor closes with the transaction
  }
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services ORDER BY id", kColumns));
  if (!st) return Fail(st.error());
  if (auto done = StreamRows(*st, sink); !done) return Fail(done.error());
  return seq;
}

Result<std::vector<ServiceChange>> SqlServiceStore::ChangesSince(std::int64_t seq, std::size_t limit) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT seq, service_id, op FROM service_changes WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return Fail(st.error());
  st->Bind(1, seq).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<ServiceChange> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({st->Int(0), st->Int(1), st->Text(2) == "delete"});
  }
  return out;
}

Status SqlServiceStore::Write(const std::function<Status(ServiceWriter&)>& body) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  SqlServiceWriter writer(**conn, clock_);
  if (auto st = body(writer); !st) return st;  // the transaction rolls back
  return tx->Commit();
}

Status SqlServiceStore::Read(const std::function<Status(ServiceReader&)>& body) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto snapshot = ReadTransaction::Begin(**conn);
  if (!snapshot) return Fail(snapshot.error());
  SqlServiceWriter reader(**conn, clock_);  // its statements are finalised before the transaction ends
  return body(reader);
}

Result<std::vector<ServiceEvent>> SqlServiceStore::History(std::int64_t service_id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format(
      "SELECT {} FROM service_events e JOIN services s ON s.id = e.service_id WHERE e.service_id = ? ORDER BY e.id",
      kEventColumns));
  if (!st) return Fail(st.error());
  st->Bind(1, service_id);
  std::vector<ServiceEvent> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadEvent(*st));
  }
  return out;
}

Result<std::vector<ServiceEvent>> SqlServiceStore::RecentEvents(const std::vector<std::string>& kinds,
                                                                   std::size_t limit) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  std::string where;
  if (!kinds.empty()) {
    where = "WHERE e.kind IN (?";
    for (std::size_t i = 1; i < kinds.size(); ++i) where += ", ?";
    where += ")";
  }
  auto st = (*conn)->Prepare(fmt::format(
      "SELECT {} FROM service_events e JOIN services s ON s.id = e.service_id {} ORDER BY e.id DESC LIMIT ?",
      kEventColumns, where));
  if (!st) return Fail(st.error());
  int i = 1;
  for (const auto& k : kinds) st->Bind(i++, k);
  st->Bind(i, static_cast<std::int64_t>(limit));
  std::vector<ServiceEvent> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadEvent(*st));
  }
  return out;
}

Result<std::vector<Service>> SqlServiceStore::ExpiringBetween(Date from, Date to,
                                                              std::optional<std::int64_t> registrar_org_id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format(
      "SELECT {} FROM services WHERE state = 'active' AND expires_on >= ? AND expires_on <= ? {} "
      "ORDER BY expires_on, id",
      kColumns, registrar_org_id ? "AND registrar_org_id = ?" : ""));
  if (!st) return Fail(st.error());
  st->Bind(1, from.ToIso()).Bind(2, to.ToIso());
  if (registrar_org_id) st->Bind(3, *registrar_org_id);
  std::vector<Service> out;
  if (auto done = StreamRows(*st, [&](Service&& x) { out.push_back(std::move(x)); }); !done) return Fail(done.error());
  return out;
}

Result<ProposalList> SqlServiceStore::ListProposals(const ProposalFilter& filter) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  std::vector<std::string> conditions;
  if (filter.registrar_org_id) conditions.emplace_back("s.registrar_org_id = ?2");
  if (filter.provider_org_id) conditions.emplace_back("s.provider_org_id = ?3");
  if (filter.pending_only) conditions.emplace_back("p.status = 'pending'");
  std::string where;
  for (const auto& c : conditions) where += (where.empty() ? "WHERE " : " AND ") + c;
  auto bind = [&](Statement& st) {
    if (filter.registrar_org_id) st.Bind(2, *filter.registrar_org_id);
    if (filter.provider_org_id) st.Bind(3, *filter.provider_org_id);
  };
  ProposalList out;
  {
    auto count = (*conn)->Prepare(fmt::format(
        "SELECT COUNT(*) FROM change_proposals p JOIN services s ON s.id = p.service_id {}", where));
    if (!count) return Fail(count.error());
    bind(*count);
    auto row = count->Step();
    if (!row) return Fail(row.error());
    out.total = static_cast<std::size_t>(count->Int(0));
  }
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM {} {} ORDER BY p.id DESC LIMIT ?4 OFFSET ?5",
                                         ProposalPreviewColumns((*conn)->dialect()), kProposalFrom, where));
  if (!st) return Fail(st.error());
  st->Bind(1, static_cast<std::int64_t>(kProposalPreviewChars));
  bind(*st);
  st->Bind(4, filter.limit == 0 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(filter.limit));
  st->Bind(5, static_cast<std::int64_t>(filter.offset));
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.items.push_back(ReadProposalPreview(*st));
  }
  return out;
}

Result<std::optional<ChangeProposal>> SqlServiceStore::FindProposal(std::int64_t id) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  return FindProposalOn(**conn, id);
}

Status SqlServiceStore::Ping() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT 1");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return {};
}

}  // namespace proven::store
