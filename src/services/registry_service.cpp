#include "services/registry_service.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/core.h>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "domain/lifecycle.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"

namespace proven::services {

using domain::Service;
using domain::ServiceField;

std::vector<std::string> ImportReport::FormatProblems(std::string_view file_name) const {
  std::vector<std::string> out;
  for (const auto& p : problems) {
    std::string line = std::string(file_name);
    if (p.line > 0) line += fmt::format(":{}", p.line);
    line += ": ";
    if (!p.column.empty()) line += p.column + ": ";
    line += p.message;
    out.push_back(std::move(line));
  }
  return out;
}

std::optional<ExportFormat> ExportFormatFromString(std::string_view s) {
  if (s == "csv") return ExportFormat::kCsv;
  if (s == "json") return ExportFormat::kJson;
  if (s == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

Status RegistryService::Reload() {
  search::IndexBuilder builder(engine_.options());
  auto seq = store_.ForEach([&](Service&& s) { builder.Add(search::ToIndexDoc(s)); });
  if (!seq) return Fail(seq.error());
  std::lock_guard lock(sync_mu_);
  engine_.ReplaceBase(builder.Finish());
  applied_seq_ = *seq;
  {
    std::lock_guard items(item_mu_);
    items_.clear();
    item_order_.clear();
  }
  return {};
}

Result<RegistryService::Changes> RegistryService::ChangesAfter(std::int64_t seq) const {
  Changes out;
  out.last_seq = seq;
  std::vector<std::int64_t> ids;
  for (;;) {
    auto batch = store_.ChangesSince(out.last_seq, 10000);
    if (!batch) return Fail(batch.error());
    if (batch->empty()) break;
    for (const auto& c : *batch) ids.push_back(c.service_id);
    out.last_seq = batch->back().seq;
  }
  if (ids.empty()) return out;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // The store's current row is the truth for every id mentioned; an id without a row was deleted.
  auto rows = store_.FindByIds(ids);
  if (!rows) return Fail(rows.error());
  std::size_t r = 0;
  for (auto id : ids) {
    if (r < rows->size() && (*rows)[r].id == id) {
      out.upserts.push_back(search::ToIndexDoc((*rows)[r++]));
    } else {
      out.removals.push_back(id);
    }
  }
  out.count = ids.size();
  return out;
}

Result<std::size_t> RegistryService::Sync() {
  std::lock_guard lock(sync_mu_);
  auto changes = ChangesAfter(applied_seq_);
  if (!changes) return Fail(changes.error());
  std::vector<std::int64_t> changed = changes->removals;
  for (const auto& d : changes->upserts) changed.push_back(d.id);
  Forget(changed);
  engine_.Apply(std::move(changes->upserts), changes->removals);
  applied_seq_ = changes->last_seq;
  return changes->count;
}

Result<bool> RegistryService::CompactIfNeeded() {
  std::unique_lock compact(compact_mu_, std::try_to_lock);
  if (!compact.owns_lock()) return false;
  const auto st = engine_.Stats();
  if (st.overlay_docs + st.hidden_base_docs < std::max<std::size_t>(1024, st.base_docs / 32)) return false;
  // Build the new base without holding the sync lock, then swap it in together with everything
  // that changed after the state it was built from.
  search::IndexBuilder builder(engine_.options());
  auto seq = store_.ForEach([&](Service&& s) { builder.Add(search::ToIndexDoc(s)); });
  if (!seq) return Fail(seq.error());
  auto base = builder.Finish();
  std::lock_guard lock(sync_mu_);
  auto changes = ChangesAfter(*seq);
  if (!changes) return Fail(changes.error());
  std::vector<std::int64_t> changed = changes->removals;
  for (const auto& d : changes->upserts) changed.push_back(d.id);
  Forget(changed);
  engine_.ReplaceBase(std::move(base), std::move(changes->upserts), changes->removals);
  applied_seq_ = changes->last_seq;
  return true;
}

Result<ImportReport> RegistryService::ImportServices(std::string_view bytes, const ImportOptions& options) {
  const bool dry_run = options.dry_run;
  ImportReport report;
  auto decoded = DecodeText(bytes);
  if (!decoded) {
    report.problems.push_back({0, "", decoded.error().message, "", decoded.error().reason});
    return report;
  }
  report.encoding = decoded->encoding;
  auto records = ReadCsv(decoded->utf8);
  if (!records) {
    // FILE:LINE: column: message, like a problem in a row; the column is the header's name for
    // it when the header was read, else "field N".
    const CsvProblem& p = records.error();
    std::string column;
    std::string field;
    if (p.field > 0 && p.field <= p.header.size()) {
      if (auto f = domain::FieldFromHeader(p.header[p.field - 1])) field = domain::FieldInfo(*f).key;
    }
    if (p.field > 0) {
      column = p.field <= p.header.size() && !Trim(p.header[p.field - 1]).empty()
                   ? std::string(Trim(p.header[p.field - 1]))
                   : fmt::format("field {}", p.field);
    }
    report.problems.push_back({p.line, std::move(column), p.message, std::move(field), {p.key, {}}});
    return report;
  }
  if (records->empty()) {
    report.problems.push_back(
        {1, "header", "the file is empty: expected a header row", "header", {"error.import.empty", {}}});
    return report;
  }

  // Header: map each column to a field; every required field needs a column.
  const CsvRecord& header = records->front();
  std::vector<std::optional<ServiceField>> column_field(header.fields.size());
  std::array<std::optional<std::size_t>, domain::kServiceFieldCount> field_column;
  std::array<std::string, domain::kServiceFieldCount> column_label;
  for (std::size_t c = 0; c < header.fields.size(); ++c) {
    const std::string& h = header.fields[c];
    auto f = domain::FieldFromHeader(h);
    if (!f) {
      if (!Trim(h).empty()) {
        report.warnings.push_back(fmt::format("column {} '{}' is not a registry field and was ignored", c + 1, h));
      }
      continue;
    }
    const auto fi = static_cast<std::size_t>(*f);
    if (field_column[fi]) {
      report.problems.push_back({header.line, "header",
                                 fmt::format("column '{}' appears twice (columns {} and {})", h,
                                             *field_column[fi] + 1, c + 1),
                                 "header",
                                 {"error.import.duplicate_column",
                                  {{"column", h}, {"first", std::to_string(*field_column[fi] + 1)},
                                   {"second", std::to_string(c + 1)}}}});
      continue;
    }
    field_column[fi] = c;
    column_field[c] = f;
    column_label[fi] = std::string(Trim(h));
  }
  for (const auto& info : domain::ServiceFields()) {
    if (info.required && !field_column[static_cast<std::size_t>(info.field)]) {
      report.problems.push_back({header.line, "header",
                                 fmt::format("required column {} ({}) is missing", info.header_ja, info.key), "header",
                                 {"error.import.missing_column",
                                  {{"header", std::string(info.header_ja)}, {"key", std::string(info.key)}}}});
    }
  }
  if (!report.problems.empty()) return report;

  std::vector<Service> services;
  std::vector<std::size_t> lines;  // of each service's row
  std::map<std::pair<std::string, std::string>, std::size_t> first_line;  // (name, provider) → line
  for (std::size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    ++report.rows;
    if (rec.fields.size() != header.fields.size()) {
      report.problems.push_back({rec.line, "",
                                 fmt::format("the row has {} fields but the header has {}",
                                             rec.fields.size(), header.fields.size()),
                                 "",
                                 {"error.import.field_count",
                                  {{"fields", std::to_string(rec.fields.size())},
                                   {"expected", std::to_string(header.fields.size())}}}});
      continue;
    }
    domain::ServiceCells cells;
    for (std::size_t fi = 0; fi < domain::kServiceFieldCount; ++fi) {
      // Undo the export's formula neutralising ('=x → =x), exactly once.
      if (field_column[fi]) cells[fi] = std::string(RestoreCsvCell(rec.fields[*field_column[fi]]));
    }
    auto parsed = domain::ServiceFromCells(cells);
    if (auto* problems = std::get_if<std::vector<domain::FieldProblem>>(&parsed)) {
      for (auto& p : *problems) {
        report.problems.push_back({rec.line, column_label[static_cast<std::size_t>(p.field)], std::move(p.message),
                                   std::string(domain::FieldInfo(p.field).key), std::move(p.reason)});
      }
      continue;
    }
    Service s = std::get<Service>(std::move(parsed));
    if (options.only_registrar && s.registrar != *options.only_registrar) {
      report.problems.push_back({rec.line, column_label[static_cast<std::size_t>(ServiceField::kRegistrar)],
                                 fmt::format("'{}' is not your registration body ({}): you may register and change "
                                             "only its services",
                                             s.registrar, *options.only_registrar),
                                 "registrar",
                                 {"error.import.not_own_registrar", {{"value", s.registrar}, {"own", *options.only_registrar}}}});
      continue;
    }
    auto [it, inserted] = first_line.try_emplace({s.name, s.provider}, rec.line);
    if (!inserted) {
      report.problems.push_back({rec.line, column_label[static_cast<std::size_t>(ServiceField::kName)],
                                 fmt::format("'{}' by '{}' already appears on line {}", s.name,
                                             s.provider, it->second),
                                 "name",
                                 {"error.import.duplicate_row",
                                  {{"name", s.name}, {"provider", s.provider}, {"line", std::to_string(it->second)}}}});
      continue;
    }
    services.push_back(std::move(s));
    lines.push_back(rec.line);
  }
  if (report.rows == 0) {
    report.problems.push_back({header.line, "", "the file has a header but no rows", "", {"error.import.no_rows", {}}});
  }
  if (!report.problems.empty()) return report;

  auto outcome = WriteImport(services, lines, column_label, options, report);
  if (!outcome) return Fail(outcome.error());
  if (!report.problems.empty()) return report;
  report.outcome = *outcome;
  if (!dry_run && outcome->added + outcome->updated > 0) {
    if (auto st = Sync(); !st) return Fail(st.error());
  }
  return report;
}

namespace {

// What an import would write, worked out from one consistent state of the store.
struct ImportPlan {
  std::int64_t seq = 0;  // the change sequence number of that state
  store::UpsertOutcome outcome;
  std::vector<ImportProblem> problems;
  struct Write {
    std::size_t index;              // into the import's services
    std::optional<Service> before;  // empty: a new service
  };
  std::vector<Write> writes;
};

// The stored service as the import row would leave it. The list carries the fields, the registry
// the state: a re-import must not resume a suspended service. What the import changes is no
// longer the vendor's or the body's. Returns the keys of the changed fields too.
std::pair<Service, std::vector<std::string>> Imported(const Service& before, const Service& row) {
  Service after = row;
  after.id = before.id;
  after.state = before.state;
  after.state_reason = before.state_reason;
  after.provenance = before.provenance;
  std::vector<std::string> keys;
  for (auto f : domain::ChangedFields(before, after)) {
    keys.emplace_back(domain::FieldInfo(f).key);
    after.provenance.erase(keys.back());
  }
  return {std::move(after), std::move(keys)};
}

Result<ImportPlan> PlanImport(store::ServiceReader& r, const std::vector<Service>& services,
                              const std::vector<std::size_t>& lines, const std::string& name_column,
                              const ImportOptions& options) {
  ImportPlan plan;
  auto seq = r.ChangeSeq();
  if (!seq) return Fail(seq.error());
  plan.seq = *seq;
  for (std::size_t i = 0; i < services.size(); ++i) {
    const Service& s = services[i];
    auto found = r.FindByNameAndProvider(s.name, s.provider);
    if (!found) return Fail(found.error());
    if (!*found) {
      ++plan.outcome.added;
      plan.writes.push_back({i, std::nullopt});
      continue;
    }
    const Service& before = **found;
    if (options.only_registrar && before.registrar != *options.only_registrar) {
      plan.problems.push_back({lines[i], name_column,
                               fmt::format("'{}' by '{}' is registered by another registration body", s.name,
                                           s.provider),
                               "name",
                               {"error.import.other_registrar", {{"name", s.name}, {"provider", s.provider}}}});
      continue;
    }
    const auto [after, keys] = Imported(before, s);
    if (after == before) {
      ++plan.outcome.unchanged;
      continue;
    }
    if (!domain::NextState(before.id, before.state, domain::LifecycleAction::kChange)) {
      // The same lifecycle table as the API: a revoked registration is final.
      plan.problems.push_back(
          {lines[i], name_column,
           fmt::format("service {} ('{}' by '{}') is revoked: a revoked registration cannot be changed (this row "
                       "changes {})",
                       before.id, s.name, s.provider, Join(keys, ", ")),
           "name",
           {"error.lifecycle.revoked", {{"id", std::to_string(before.id)}}}});
      continue;
    }
    ++plan.outcome.updated;
    plan.writes.push_back({i, std::move(*found)});
  }
  return plan;
}

// Writes the plan: each service with its event and its audit entry, then the summary entry.
Status ApplyImport(store::ServiceWriter& w, const ImportPlan& plan, const std::vector<Service>& services,
                   const ImportOptions& options) {
  // As the registrar workflow names actors: the organisation publicly, the account in the audit log.
  const std::string public_actor = options.only_registrar ? *options.only_registrar : "operator";
  const std::string audit_actor = options.actor.empty() ? "import" : options.actor;
  for (const auto& planned : plan.writes) {
    const Service& row = services[planned.index];
    if (!planned.before) {
      Service fresh = row;
      fresh.state = domain::ServiceState::kActive;
      fresh.state_reason.clear();
      fresh.provenance.clear();
      auto id = w.Insert(fresh);
      if (!id) return Fail(id.error());
      fresh.id = *id;
      if (auto r = w.AddEvent(*id, "registered", RegisteredEventDetail(fresh), public_actor); !r) return r;
      if (auto r = w.Audit({0, "", audit_actor, "service.import", fmt::format("service:{}", *id), "",
                            ServiceAuditJson(fresh), "", ""});
          !r) {
        return r;
      }
      continue;
    }
    const Service& before = *planned.before;
    const auto [after, keys] = Imported(before, row);
    if (auto r = w.Update(after); !r) return r;
    const auto [kind, detail] = ImportChangeEvent(before, after, keys);
    if (auto r = w.AddEvent(before.id, kind, detail, public_actor); !r) return r;
    if (auto r = w.Audit({0, "", audit_actor, "service.import", fmt::format("service:{}", before.id),
                          ServiceAuditJson(before), ServiceAuditJson(after), "", ""});
        !r) {
      return r;
    }
  }
  if (plan.writes.empty()) return {};
  // One summary entry beside the per-service ones: who imported what, and how much.
  const auto& o = plan.outcome;
  return w.Audit({0, "", audit_actor, "services.import",
                  options.only_registrar ? "registrar:" + *options.only_registrar : "registry", "",
                  fmt::format(R"({{"rows":{},"added":{},"updated":{},"unchanged":{}}})", services.size(), o.added,
                              o.updated, o.unchanged),
                  "", ""});
}

}  // namespace

Result<store::UpsertOutcome> RegistryService::WriteImport(
    const std::vector<Service>& services, const std::vector<std::size_t>& lines,
    const std::array<std::string, domain::kServiceFieldCount>& column_label, const ImportOptions& options,
    ImportReport& report) {
  const std::string& name_column = column_label[static_cast<std::size_t>(ServiceField::kName)];
  // Work out what to write from a read snapshot first: it does not hold the write lock, so a dry
  // run, an import with problems and one that changes nothing never make other writers wait, and
  // an import that writes holds the lock only while it writes.
  ImportPlan plan;
  auto read = store_.Read([&](store::ServiceReader& r) -> Status {
    auto p = PlanImport(r, services, lines, name_column, options);
    if (!p) return Fail(p.error());
    plan = std::move(*p);
    return {};
  });
  if (!read) return Fail(read.error());
  if (plan.problems.empty() && !options.dry_run && !plan.writes.empty()) {
    bool replanned_with_problems = false;
    auto st = store_.Write([&](store::ServiceWriter& w) -> Status {
      // The plan holds when no service changed since; otherwise work it out again, under the lock.
      auto seq = w.ChangeSeq();
      if (!seq) return Fail(seq.error());
      if (*seq != plan.seq) {
        auto p = PlanImport(w, services, lines, name_column, options);
        if (!p) return Fail(p.error());
        plan = std::move(*p);
        if (!plan.problems.empty()) {
          replanned_with_problems = true;
          return Fail(ErrorCode::kFailedPrecondition, "nothing written");  // rolls back
        }
      }
      return ApplyImport(w, plan, services, options);
    });
    if (!st && !replanned_with_problems) return Fail(st.error());
  }
  for (auto& p : plan.problems) report.problems.push_back(std::move(p));
  return plan.outcome;
}

std::string ServiceAuditJson(const Service& s) {
  std::string out;
  JsonWriter w(out);
  WriteServiceJson(w, s, std::nullopt);
  return out;
}

std::string RegisteredEventDetail(const Service& s) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("registered_on").String(s.registered_on.ToIso());
  w.Key("expires_on").String(s.expires_on.ToIso());
  w.EndObject();
  return out;
}

std::pair<std::string, std::string> ImportChangeEvent(const Service& before, const Service& after,
                                                      const std::vector<std::string>& changed_keys) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  if (after.expires_on > before.expires_on) {
    w.Key("from").String(before.expires_on.ToIso());
    w.Key("to").String(after.expires_on.ToIso());
    if (changed_keys.size() > 1) {
      w.Key("fields").BeginArray();
      for (const auto& k : changed_keys) w.String(k);
      w.EndArray();
    }
    w.EndObject();
    return {"renewed", out};
  }
  w.Key("fields").BeginArray();
  for (const auto& k : changed_keys) w.String(k);
  w.EndArray();
  w.EndObject();
  return {"changed", out};
}

nlohmann::ordered_json ServiceToJson(const Service& s, Date as_of) {
  // One shape, written in one place (WriteServiceJson); this is for callers that want a tree.
  std::string out;
  JsonWriter w(out);
  WriteServiceJson(w, s, as_of);
  return nlohmann::ordered_json::parse(out);
}

void WriteServiceJson(JsonWriter& w, const Service& s, std::optional<Date> as_of) {
  w.BeginObject();
  w.Key("id").Int(s.id);
  w.Key("name").String(s.name);
  w.Key("provider").String(s.provider);
  w.Key("address").String(s.address);
  w.Key("prefecture").String(s.prefecture);
  w.Key("overview").String(s.overview);
  w.Key("industries").BeginArray();
  for (const auto& i : s.industries) w.String(i);
  w.EndArray();
  w.Key("regions").BeginArray();
  for (const auto& r : s.regions) w.String(r);
  w.EndArray();
  w.Key("type").String(domain::TypeCode(s.type));
  w.Key("registrar").String(s.registrar);
  w.Key("registered_on").String(s.registered_on.ToIso());
  w.Key("expires_on").String(s.expires_on.ToIso());
  w.Key("url").String(s.url);
  w.Key("state").String(domain::StateCode(s.state));
  if (s.state != domain::ServiceState::kActive) w.Key("state_reason").String(s.state_reason);
  if (as_of) w.Key("status").String(domain::StatusCode(domain::StatusAsOf(s, *as_of)));
  w.Key("provenance").BeginObject();
  for (const auto& [field, p] : s.provenance) {
    w.Key(field).BeginObject();
    w.Key("supplied_by").String(p.supplied_by);
    if (!p.vendor.empty()) w.Key("vendor").String(p.vendor);
    if (!p.vetted_by.empty()) w.Key("vetted_by").String(p.vetted_by);
    w.Key("at").String(p.at);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
}

bool CsvCellNeedsNeutralising(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\'':
      return true;
    default:
      return false;
  }
}

std::string NeutraliseCsvCell(std::string_view cell) {
  if (!CsvCellNeedsNeutralising(cell)) return std::string(cell);
  std::string out = "'";
  out += cell;
  return out;
}

std::string_view RestoreCsvCell(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && CsvCellNeedsNeutralising(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

namespace {

// One CSV record as core/csv writes it, except that neutralised cells are always quoted
// (OWASP: prefix with ' and quote the cell).
void AppendExportRecord(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    const bool neutralise = CsvCellNeedsNeutralising(cells[i]);
    if (!neutralise && cells[i].find_first_of(",\"\r\n") == std::string::npos) {
      out += cells[i];
      continue;
    }
    out.push_back('"');
    if (neutralise) out.push_back('\'');
    for (char c : cells[i]) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

// Length in UTF-16 code units (what Excel counts); `text` is UTF-8.
std::size_t Utf16Length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

// The longest prefix of `text` (whole code points) of at most `units` UTF-16 code units.
std::string_view Utf16Prefix(std::string_view text, std::size_t units) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    const std::size_t w = c >= 0xF0 ? 2 : 1;
    if (n + w > units) return text.substr(0, i);
    n += w;
  }
  return text;
}

}  // namespace

std::string ServicesToCsv(const std::vector<Service>& services) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header;
  for (const auto& info : domain::ServiceFields()) header.emplace_back(info.header_ja);
  AppendCsvRecord(out, header);
  for (const Service& s : services) {
    const auto cells = domain::CellsFromService(s);
    AppendExportRecord(out, std::vector<std::string>(cells.begin(), cells.end()));
  }
  return out;
}

Result<ExportFile> ServicesToXlsx(const std::vector<Service>& services) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "proven-export-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", "mkstemp failed");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } cleanup{tmpl};

  lxw_workbook* wb = workbook_new(tmpl.c_str());
  if (wb == nullptr) return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", "workbook_new failed");
  lxw_worksheet* ws = workbook_add_worksheet(wb, "services");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  // Widths in characters; Japanese characters are about two wide.
  static constexpr std::array<double, domain::kServiceFieldCount> kWidths{36, 30, 40, 70, 28, 24, 12, 12, 30, 22, 36};
  lxw_col_t col = 0;
  for (const auto& info : domain::ServiceFields()) {
    worksheet_set_column(ws, col, col, kWidths[col], info.field == ServiceField::kOverview ? wrap : nullptr);
    worksheet_write_string(ws, 0, col, std::string(info.header_ja).c_str(), bold);
    ++col;
  }
  worksheet_freeze_panes(ws, 1, 0);
  // Strings are written as strings (shared-string cells, never formulas), so a value such as
  // =HYPERLINK(...) is shown as text and needs no neutralising here. A cell over Excel's limit
  // would be refused by libxlsxwriter (LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) and left empty:
  // cut it with a visible marker instead and list it on a "notes" sheet.
  struct Cut {
    lxw_row_t row;
    lxw_col_t col;
    std::size_t length;
  };
  std::vector<Cut> cuts;
  lxw_error write_error = LXW_NO_ERROR;
  lxw_row_t row = 1;
  for (const Service& s : services) {
    const auto cells = domain::CellsFromService(s);
    for (lxw_col_t c = 0; c < domain::kServiceFieldCount; ++c) {
      if (cells[c].empty()) continue;
      std::string text = cells[c];
      if (const std::size_t length = Utf16Length(text); length > kXlsxMaxCellChars) {
        const std::string marker = fmt::format(
            "…[truncated: {} characters in total; the CSV and JSON exports hold the full text]", length);
        text = std::string(Utf16Prefix(text, kXlsxMaxCellChars - Utf16Length(marker))) + marker;
        cuts.push_back({row, c, length});
      }
      if (const lxw_error err = worksheet_write_string(ws, row, c, text.c_str(), nullptr); err != LXW_NO_ERROR) {
        write_error = err;
      }
    }
    ++row;
  }
  if (!services.empty()) {
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(services.size()), domain::kServiceFieldCount - 1);
  }
  std::vector<std::string> warnings;
  if (!cuts.empty()) {
    lxw_worksheet* notes = workbook_add_worksheet(wb, "notes");
    worksheet_set_column(notes, 0, 3, 24, nullptr);
    const char* const kNoteHeader[] = {"行 (row)", "列 (column)", "元の文字数 (characters)", "メモ (note)"};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(notes, 0, c, kNoteHeader[c], bold);
    lxw_row_t r = 1;
    for (const auto& cut : cuts) {
      const auto& info = domain::ServiceFields()[cut.col];
      const std::string column = fmt::format("{} ({})", info.header_ja, info.key);
      worksheet_write_number(notes, r, 0, static_cast<double>(cut.row + 1), nullptr);
      worksheet_write_string(notes, r, 1, column.c_str(), nullptr);
      worksheet_write_number(notes, r, 2, static_cast<double>(cut.length), nullptr);
      worksheet_write_string(notes, r, 3, "cut at Excel's limit of 32,767 characters", nullptr);
      warnings.push_back(fmt::format("row {}, column {}: {} characters cut to Excel's limit of 32,767", cut.row + 1,
                                     column, cut.length));
      ++r;
    }
  }
  if (const lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", lxw_strerror(err));
  }
  if (write_error != LXW_NO_ERROR) {
    return Fail(ErrorCode::kInternal, "cannot create the spreadsheet", lxw_strerror(write_error));
  }
  std::ifstream in(tmpl, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return ExportFile{buf.str(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                    std::move(warnings)};
}

Result<ExportFile> RegistryService::Export(const search::ServiceQuery& query, ExportFormat format) const {
  search::ServiceQuery q = query;
  q.offset = 0;
  q.limit = 0;
  auto page = Search(q);
  if (!page) return Fail(page.error());
  const auto& items = page->items;
  switch (format) {
    case ExportFormat::kCsv:
      return ExportFile{ServicesToCsv(items), "text/csv; charset=utf-8", "csv", {}};
    case ExportFormat::kJson: {
      std::string out;
      JsonWriter w(out);
      w.BeginArray();
      for (const Service& s : items) WriteServiceJson(w, s, q.as_of);
      w.EndArray();
      out.push_back('\n');
      return ExportFile{std::move(out), "application/json; charset=utf-8", "json", {}};
    }
    case ExportFormat::kXlsx:
      return ServicesToXlsx(items);
  }
  return Fail(ErrorCode::kInvalidArgument, "unknown export format");
}

Result<std::vector<Service>> RegistryService::Fetch(const std::vector<std::int64_t>& ids) const {
  std::vector<Service> out;
  out.reserve(ids.size());
  std::vector<std::int64_t> missing;
  {
    std::lock_guard lock(item_mu_);
    for (auto id : ids) {
      if (auto it = items_.find(id); it != items_.end()) {
        out.push_back(*it->second);
      } else {
        missing.push_back(id);
      }
    }
  }
  if (missing.empty()) return out;
  auto rows = store_.FindByIds(missing);
  if (!rows) return Fail(rows.error());
  {
    std::lock_guard lock(item_mu_);
    for (const auto& s : *rows) {
      while (items_.size() >= kItemCacheEntries && !item_order_.empty()) {
        items_.erase(item_order_.front());
        item_order_.pop_front();
      }
      if (items_.emplace(s.id, std::make_shared<const Service>(s)).second) item_order_.push_back(s.id);
    }
  }
  // Back into the order asked for.
  out.insert(out.end(), rows->begin(), rows->end());
  std::unordered_map<std::int64_t, std::size_t> pos;
  for (std::size_t i = 0; i < ids.size(); ++i) pos.emplace(ids[i], i);
  std::sort(out.begin(), out.end(), [&](const Service& a, const Service& b) { return pos[a.id] < pos[b.id]; });
  return out;
}

void RegistryService::Forget(const std::vector<std::int64_t>& ids) {
  std::lock_guard lock(item_mu_);
  for (auto id : ids) items_.erase(id);
  // item_order_ may still name forgotten ids; erasing them later is harmless.
}

Result<SearchPage> RegistryService::Search(const search::ServiceQuery& q) const {
  auto r = engine_.Search(q);
  if (q.limit == 0) {  // exports: every match, straight from the store
    auto all = store_.FindByIds(r.ids);
    if (!all) return Fail(all.error());
    return SearchPage{r.total, std::move(*all), std::move(r.facets)};
  }
  auto items = Fetch(r.ids);
  if (!items) return Fail(items.error());
  return SearchPage{r.total, std::move(*items), std::move(r.facets)};
}

search::EngineResult RegistryService::Count(const search::ServiceQuery& q) const {
  search::ServiceQuery counted = q;
  counted.limit = 1;
  counted.offset = 0;
  return engine_.Search(counted);
}

Result<std::optional<Service>> RegistryService::GetService(std::int64_t id) const { return store_.FindById(id); }

RegistryStats RegistryService::Stats(Date as_of) const {
  RegistryStats stats;
  stats.as_of = as_of;
  search::ServiceQuery q;
  q.as_of = as_of;
  q.status = search::StatusFilter::kValid;
  q.limit = 1;
  const auto overall = engine_.Search(q);
  stats.total = overall.total;
  stats.overall = overall.facets;
  for (auto t : domain::kServiceTypes) {
    search::ServiceQuery tq = q;
    tq.types = {t};
    const auto r = engine_.Search(tq);
    stats.per_type.push_back({t, static_cast<int>(r.total), r.facets.prefecture});
  }
  return stats;
}

}  // namespace proven::services
