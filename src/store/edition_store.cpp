#include "store/edition_store.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

using domain::Edition;
using domain::EditionColumn;
using domain::EditionRow;
using nlohmann::json;

Error Corrupt(std::string_view what, std::string_view which) {
  return MakeError(ErrorCode::kInternal, "stored list edition is corrupt", fmt::format("{} {}", what, which));
}

std::string ColumnsJson(const std::vector<EditionColumn>& columns) {
  json j = json::array();
  for (const auto& c : columns) j.push_back({{"key", c.key}, {"header", c.header}});
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<EditionColumn>> ColumnsFromJson(const std::string& text, std::string_view date) {
  auto j = json::parse(text, nullptr, false);
  if (!j.is_array()) return Fail(Corrupt("columns of edition", date));
  std::vector<EditionColumn> out;
  for (const auto& c : j) {
    if (!c.is_object() || !c.contains("key") || !c["key"].is_string() || !c.contains("header") ||
        !c["header"].is_string()) {
      return Fail(Corrupt("columns of edition", date));
    }
    out.push_back({c["key"].get<std::string>(), c["header"].get<std::string>()});
  }
  return out;
}

std::string CellsJson(const std::vector<std::string>& cells) {
  return json(cells).dump(-1, ' ', false, json::error_handler_t::replace);
}

constexpr std::string_view kColumns = "id, edition_date, created_at, created_by, total, columns, sha256";

Result<Edition> ReadEdition(const Statement& st) {
  Edition e;
  e.id = st.Int(0);
  const std::string date = st.Text(1);
  auto d = ParseIsoDate(date);
  if (!d) return Fail(Corrupt("date of edition", date));
  e.date = *d;
  e.created_at = st.Text(2);
  e.created_by = st.Text(3);
  e.total = st.Int(4);
  auto columns = ColumnsFromJson(st.Text(5), date);
  if (!columns) return Fail(columns.error());
  e.columns = std::move(*columns);
  e.sha256 = st.Text(6);
  return e;
}

class SqlEditionWriter final : public EditionWriter {
 public:
  SqlEditionWriter(Connection& c, const Clock& clock) : c_(c), audit_(c, clock), now_(clock.NowIso()) {}

  const std::string& Now() const override { return now_; }

  Result<std::vector<Edition>> Editions() override {
    auto st = statements_.Get(fmt::format("SELECT {} FROM list_editions ORDER BY edition_date DESC", kColumns));
    if (!st) return Fail(st.error());
    std::vector<Edition> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto e = ReadEdition(s);
          if (!e) return Fail(e.error());
          out.push_back(std::move(*e));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    // Services per type of every edition, in one query.
    auto counts = statements_.Get("SELECT edition_id, type, COUNT(*) FROM list_edition_entries GROUP BY edition_id, type");
    if (!counts) return Fail(counts.error());
    if (auto done = Rows(**counts, [&](const Statement& s) -> Status {
          const auto type = domain::TypeFromCode(s.Text(1));
          if (!type) return Fail(Corrupt("type in edition", std::to_string(s.Int(0))));
          for (auto& e : out) {
            if (e.id == s.Int(0)) e.per_type[domain::TypeIndex(*type)] = s.Int(2);
          }
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<Edition>> Find(Date date) override {
    return WithRows(fmt::format("SELECT {} FROM list_editions WHERE edition_date = ?", kColumns), date);
  }

  Result<std::optional<Edition>> Before(Date date) override {
    return WithRows(fmt::format("SELECT {} FROM list_editions WHERE edition_date < ? ORDER BY edition_date DESC LIMIT 1",
                                kColumns),
                    date);
  }

  Result<bool> HasMonth(Date date) override {
    auto st = statements_.Get("SELECT COUNT(*) FROM list_editions WHERE edition_date >= ? AND edition_date <= ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, Date{date.year, date.month, 1}.ToIso()).Bind(2, Date{date.year, date.month, 31}.ToIso());
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    return *row && (*st)->Int(0) > 0;
  }

  Result<std::int64_t> Insert(const Edition& e) override {
    auto ins = statements_.Get(
        "INSERT INTO list_editions (edition_date, created_at, created_by, total, columns, sha256) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    if (!ins) return Fail(ins.error());
    (*ins)->Bind(1, e.date.ToIso()).Bind(2, now_).Bind(3, e.created_by)
        .Bind(4, static_cast<std::int64_t>(e.rows.size())).Bind(5, ColumnsJson(e.columns)).Bind(6, e.sha256);
    auto id = RunReturningId(**ins);
    if (!id) {
      if (id.error().code != ErrorCode::kAlreadyExists) return Fail(id.error());
      return Fail(MakeError(Reason{"error.edition.exists", {{"date", e.date.ToIso()}}}, ErrorCode::kAlreadyExists,
                            fmt::format("an edition dated {} exists; an edition is never replaced", e.date.ToIso()),
                            {}, "date"));
    }
    auto row = statements_.Get(
        "INSERT INTO list_edition_entries (edition_id, position, service_id, type, row_sha256, cells) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!row) return Fail(row.error());
    std::int64_t position = 0;
    for (const auto& r : e.rows) {
      (*row)->Reset();
      (*row)->Bind(1, *id).Bind(2, position++).Bind(3, r.service_id).Bind(4, domain::TypeCode(r.type))
          .Bind(5, r.row_sha256).Bind(6, CellsJson(r.cells));
      if (auto st = (*row)->Run(); !st) return Fail(st.error());
    }
    return *id;
  }

  Status Audit(AuditEntry entry) override { return audit_.Append(std::move(entry)); }

 private:
  Result<std::optional<Edition>> WithRows(const std::string& sql, Date date) {
    auto st = statements_.Get(sql);
    if (!st) return Fail(st.error());
    (*st)->Bind(1, date.ToIso());
    auto found = One<Edition>(**st, ReadEdition);
    if (!found || !*found) return found;
    Edition& e = **found;
    auto rows = statements_.Get(
        "SELECT service_id, type, row_sha256, cells FROM list_edition_entries WHERE edition_id = ? ORDER BY position");
    if (!rows) return Fail(rows.error());
    (*rows)->Bind(1, e.id);
    const std::string which = e.date.ToIso();
    if (auto done = Rows(**rows, [&](const Statement& s) -> Status {
          EditionRow r;
          r.service_id = s.Int(0);
          const auto type = domain::TypeFromCode(s.Text(1));
          if (!type) return Fail(Corrupt("type in edition", which));
          r.type = *type;
          r.row_sha256 = s.Text(2);
          auto cells = json::parse(s.Text(3), nullptr, false);
          if (!cells.is_array()) return Fail(Corrupt("row of edition", which));
          for (const auto& c : cells) {
            if (!c.is_string()) return Fail(Corrupt("row of edition", which));
            r.cells.push_back(c.get<std::string>());
          }
          ++e.per_type[domain::TypeIndex(r.type)];
          e.rows.push_back(std::move(r));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return found;
  }

  Connection& c_;
  AuditAppender audit_;
  std::string now_;
  StatementCache statements_{c_};
};

}  // namespace

Status SqlEditionStore::Write(const std::function<Status(EditionWriter&)>& body) {
  return InWriteTransaction<SqlEditionWriter>(pool_, clock_, body);
}

Status SqlEditionStore::Read(const std::function<Status(EditionReader&)>& body) {
  return InReadTransaction<SqlEditionWriter>(pool_, clock_, body);
}

}  // namespace proven::store
