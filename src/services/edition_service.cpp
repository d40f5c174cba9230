#include "services/edition_service.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "domain/codes.hpp"
#include "domain/service_fields.hpp"
#include "store/audit_log.hpp"

namespace proven::services {

using domain::Edition;
using domain::EditionRow;

namespace {

// The columns of an edition published now: the registry's fields, then the service's id.
std::vector<domain::EditionColumn> CurrentColumns() {
  std::vector<domain::EditionColumn> out;
  for (const auto& info : domain::ServiceFields()) out.push_back({std::string(info.key), std::string(info.header_ja)});
  out.push_back({"id", std::string(domain::kExportOnlyHeaders[0])});
  return out;
}

// The list valid on `date`: every type in kServiceTypes order, each sorted by name (as the list has
// been published).
Result<std::vector<EditionRow>> ListOn(const RegistryService& registry, Date date) {
  std::vector<EditionRow> rows;
  for (const auto type : domain::kServiceTypes) {
    search::ServiceQuery q;
    q.types = {type};
    q.status = search::StatusFilter::kValid;
    q.as_of = date;
    q.sort = search::SortKey::kName;
    q.limit = 0;
    auto page = registry.Search(q);
    if (!page) return Fail(page.error());
    for (const auto& s : page->items) {
      const auto fields = domain::CellsFromService(s);
      EditionRow row;
      row.service_id = s.id;
      row.type = s.type;
      row.cells.assign(fields.begin(), fields.end());
      row.cells.push_back(std::to_string(s.id));
      row.row_sha256 = domain::EditionRowHash(row.cells);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string AuditJson(const Edition& e) {
  nlohmann::ordered_json j;
  j["date"] = e.date.ToIso();
  j["total"] = e.total;
  j["sha256"] = e.sha256;
  nlohmann::ordered_json per_type;
  for (std::size_t i = 0; i < domain::kServiceTypes.size(); ++i) {
    per_type[std::string(domain::TypeCode(domain::kServiceTypes[i]))] = e.per_type[i];
  }
  j["per_type"] = per_type;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Builds the edition of `date` (not stored).
Result<Edition> Build(const RegistryService& registry, Date date, const std::string& actor) {
  auto rows = ListOn(registry, date);
  if (!rows) return Fail(rows.error());
  Edition e;
  e.date = date;
  e.created_by = actor;
  e.columns = CurrentColumns();
  e.rows = std::move(*rows);
  e.total = static_cast<std::int64_t>(e.rows.size());
  for (const auto& r : e.rows) ++e.per_type[domain::TypeIndex(r.type)];
  e.sha256 = Sha256Hex(TableToCsv(EditionTable(e)));
  return e;
}

Status Store(store::EditionWriter& w, Edition& e) {
  auto id = w.Insert(e);
  if (!id) return Fail(id.error());
  e.id = *id;
  e.created_at = w.Now();
  return w.Audit(store::AuditRecord(e.created_by, domain::AuditAction::kEditionPublish)
                     .On("edition", e.date.ToIso())
                     .After(AuditJson(e)));
}

}  // namespace

Table EditionTable(const Edition& e, std::optional<domain::ServiceType> type) {
  Table t;
  const auto widths = ExportTableColumns();
  for (const auto& c : e.columns) {
    TableColumn column{c.header, 24, false};
    for (const auto& w : widths) {
      if (w.header == c.header) column = w;
    }
    t.columns.push_back(std::move(column));
  }
  for (const auto& r : e.rows) {
    if (!type || r.type == *type) t.rows.push_back(r.cells);
  }
  return t;
}

Result<ExportFile> EditionFile(const Edition& e, ExportFormat format, ExportEncoding encoding,
                               std::optional<domain::ServiceType> type) {
  if (format == ExportFormat::kXlsx) return TableToXlsx(EditionTable(e, type), "services");
  if (format == ExportFormat::kCsv) return TableToCsvFile(EditionTable(e, type), encoding);
  return Fail(ErrorCode::kInvalidArgument, "an edition is published as CSV or XLSX");
}

Result<Edition> EditionService::Publish(Date date, const std::string& actor) {
  auto e = Build(registry_, date, actor);
  if (!e) return Fail(e.error());
  if (auto st = store_.Write([&](store::EditionWriter& w) { return Store(w, *e); }); !st) return Fail(st.error());
  e->rows.clear();
  return e;
}

Result<std::optional<Edition>> EditionService::PublishMonthly(Date today) {
  bool due = false;
  if (auto st = store_.Read([&](store::EditionReader& r) -> Status {
        auto has = r.HasMonth(today);
        if (!has) return Fail(has.error());
        due = !*has;
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  if (!due) return std::optional<Edition>();
  auto e = Build(registry_, today, kEditionSystemActor);
  if (!e) return Fail(e.error());
  bool published = false;
  auto st = store_.Write([&](store::EditionWriter& w) -> Status {
    auto has = w.HasMonth(today);  // again, under the writer lock: another instance may have published
    if (!has) return Fail(has.error());
    if (*has) return {};
    published = true;
    return Store(w, *e);
  });
  if (!st) {
    if (st.error().code == ErrorCode::kAlreadyExists) return std::optional<Edition>();  // another instance won
    return Fail(st.error());
  }
  if (!published) return std::optional<Edition>();
  e->rows.clear();
  return std::optional<Edition>(std::move(*e));
}

Result<std::vector<Edition>> EditionService::Editions() const {
  std::vector<Edition> out;
  if (auto st = store_.Read([&](store::EditionReader& r) -> Status {
        auto all = r.Editions();
        if (!all) return Fail(all.error());
        out = std::move(*all);
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  return out;
}

Result<Edition> EditionService::Find(Date date) const {
  std::optional<Edition> found;
  if (auto st = store_.Read([&](store::EditionReader& r) -> Status {
        auto e = r.Find(date);
        if (!e) return Fail(e.error());
        found = std::move(*e);
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  if (!found) {
    return Fail(Reason{"error.edition.not_found", {{"date", date.ToIso()}}}, ErrorCode::kNotFound,
                fmt::format("no edition is dated {}", date.ToIso()));
  }
  return std::move(*found);
}

Result<EditionComparison> EditionService::Compare(Date date, std::optional<Date> since) const {
  if (since && !(*since < date)) {
    return Fail(Reason{"error.edition.since_not_earlier", {{"since", since->ToIso()}, {"date", date.ToIso()}}},
                ErrorCode::kInvalidArgument,
                fmt::format("since ({}) must be an edition dated before {}", since->ToIso(), date.ToIso()), {},
                "since");
  }
  EditionComparison out;
  std::optional<Edition> after;
  if (auto st = store_.Read([&](store::EditionReader& r) -> Status {
        auto a = r.Find(date);
        if (!a) return Fail(a.error());
        after = std::move(*a);
        if (!after) return {};
        auto b = since ? r.Find(*since) : r.Before(date);
        if (!b) return Fail(b.error());
        out.before = std::move(*b);
        return {};
      });
      !st) {
    return Fail(st.error());
  }
  if (!after) {
    return Fail(Reason{"error.edition.not_found", {{"date", date.ToIso()}}}, ErrorCode::kNotFound,
                fmt::format("no edition is dated {}", date.ToIso()));
  }
  if (since && !out.before) {
    return Fail(Reason{"error.edition.not_found", {{"date", since->ToIso()}}}, ErrorCode::kNotFound,
                fmt::format("no edition is dated {}", since->ToIso()), {}, "since");
  }
  out.after = std::move(*after);
  out.changes = domain::CompareEditions(out.before ? *out.before : Edition{}, out.after);
  return out;
}

EditionPublisher::EditionPublisher(EditionService& editions, std::function<Date()> today,
                                   std::chrono::milliseconds interval)
    : editions_(editions), today_(std::move(today)), thread_(interval, [this] { Round(); }) {}

void EditionPublisher::Round() {
  auto e = editions_.PublishMonthly(today_());
  if (!e) {
    spdlog::warn("monthly edition of the list: {} ({})", e.error().message, e.error().detail);
    return;
  }
  if (*e) spdlog::info("published the list's edition of {}: {} services", (*e)->date.ToIso(), (*e)->total);
}

}  // namespace proven::services
