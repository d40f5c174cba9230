#include "store/service_store.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace proven::store {
namespace {

using domain::Service;

constexpr std::string_view kColumns =
    "id, name, provider, address, prefecture, overview, industries, regions, registered_on, "
    "expires_on, registrar, type, url";

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
  if (!reg || !exp || !type) {
    return Fail(ErrorCode::kInternal, "stored service is corrupt",
                fmt::format("service {} has a bad date or type", s.id));
  }
  s.registered_on = *reg;
  s.expires_on = *exp;
  s.registrar = st.Text(10);
  s.type = *type;
  s.url = st.Text(12);
  return s;
}

std::string NowUtc() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

void BindFields(Statement& st, const Service& s) {
  st.Bind(1, s.name).Bind(2, s.provider).Bind(3, s.address).Bind(4, s.prefecture)
      .Bind(5, s.overview).Bind(6, ToJsonArray(s.industries)).Bind(7, ToJsonArray(s.regions))
      .Bind(8, s.registered_on.ToIso()).Bind(9, s.expires_on.ToIso()).Bind(10, s.registrar)
      .Bind(11, domain::TypeCode(s.type)).Bind(12, s.url);
}

}  // namespace

Result<std::vector<Service>> SqliteServiceStore::ListAll() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services ORDER BY id", kColumns));
  if (!st) return Fail(st.error());
  std::vector<Service> out;
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto s = ReadRow(*st);
    if (!s) return Fail(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::optional<Service>> SqliteServiceStore::FindById(std::int64_t id) {
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

Result<UpsertOutcome> SqliteServiceStore::UpsertAll(const std::vector<Service>& services, bool dry_run) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto tx = Transaction::Begin(**conn);
  if (!tx) return Fail(tx.error());
  auto find = (*conn)->Prepare(
      fmt::format("SELECT {} FROM services WHERE name = ? AND provider = ?", kColumns));
  auto ins = (*conn)->Prepare(
      "INSERT INTO services (name, provider, address, prefecture, overview, industries, regions, "
      "registered_on, expires_on, registrar, type, url, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto upd = (*conn)->Prepare(
      "UPDATE services SET name = ?, provider = ?, address = ?, prefecture = ?, overview = ?, "
      "industries = ?, regions = ?, registered_on = ?, expires_on = ?, registrar = ?, type = ?, "
      "url = ?, updated_at = ? WHERE id = ?");
  if (!find) return Fail(find.error());
  if (!ins) return Fail(ins.error());
  if (!upd) return Fail(upd.error());
  UpsertOutcome out;
  const std::string now = NowUtc();
  for (const auto& s : services) {
    find->Reset();
    find->Bind(1, s.name).Bind(2, s.provider);
    auto row = find->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      ins->Reset();
      BindFields(*ins, s);
      ins->Bind(13, now).Bind(14, now);
      if (auto st = ins->Run(); !st) return Fail(st.error());
      ++out.added;
      continue;
    }
    auto existing = ReadRow(*find);
    if (!existing) return Fail(existing.error());
    Service candidate = s;
    candidate.id = existing->id;
    if (candidate == *existing) {
      ++out.unchanged;
      continue;
    }
    upd->Reset();
    BindFields(*upd, s);
    upd->Bind(13, now).Bind(14, existing->id);
    if (auto st = upd->Run(); !st) return Fail(st.error());
    ++out.updated;
  }
  if (!dry_run) {
    if (auto st = tx->Commit(); !st) return Fail(st.error());
  }
  return out;
}

Result<std::vector<Service>> SqliteServiceStore::FindByIds(const std::vector<std::int64_t>& ids) {
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

Result<std::int64_t> SqliteServiceStore::ForEach(const std::function<void(Service&&)>& sink) {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  // One read transaction: the rows and the change sequence number describe the same state.
  if (auto st = (*conn)->Exec("BEGIN"); !st) return Fail(st.error());
  struct EndRead {
    Connection& c;
    ~EndRead() { (void)c.Exec("COMMIT"); }
  } end{**conn};
  auto seq_st = (*conn)->Prepare("SELECT COALESCE(MAX(seq), 0) FROM service_changes");
  if (!seq_st) return Fail(seq_st.error());
  auto seq_row = seq_st->Step();
  if (!seq_row) return Fail(seq_row.error());
  const std::int64_t seq = seq_st->Int(0);
  auto st = (*conn)->Prepare(fmt::format("SELECT {} FROM services ORDER BY id", kColumns));
  if (!st) return Fail(st.error());
  for (;;) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    auto s = ReadRow(*st);
    if (!s) return Fail(s.error());
    sink(std::move(*s));
  }
  return seq;
}

Result<std::vector<ServiceChange>> SqliteServiceStore::ChangesSince(std::int64_t seq, std::size_t limit) {
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

Status SqliteServiceStore::Ping() {
  auto conn = pool_.Acquire();
  if (!conn) return Fail(conn.error());
  auto st = (*conn)->Prepare("SELECT 1");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  return {};
}

}  // namespace proven::store
