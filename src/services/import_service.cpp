#include "services/import_service.hpp"

#include "services/log/log_service.hpp"

#include <map>
#include <set>

#include <fmt/core.h>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "domain/lifecycle.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "services/service_record.hpp"

namespace proven::services {

using domain::Service;
using domain::ServiceField;

namespace {

// A registration number as the unique index compares it (migration 0018: lower(), ASCII letters).
std::string NumberKey(std::string_view number) {
  std::string out(number);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

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

Result<ImportReport> ImportService::Import(std::string_view bytes, const ImportOptions& options) {
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
      if (!Trim(h).empty() && !domain::IsExportOnlyHeader(h)) {
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
  std::map<std::pair<std::string, std::string>, std::size_t> first_number;  // (registrar, number) → line
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
    if (!s.registration_number.empty()) {
      auto [nit, fresh] = first_number.try_emplace({s.registrar, NumberKey(s.registration_number)}, rec.line);
      if (!fresh) {
        report.problems.push_back(
            {rec.line, column_label[static_cast<std::size_t>(ServiceField::kRegistrationNumber)],
             fmt::format("registration number '{}' of {} already appears on line {}", s.registration_number,
                         s.registrar, nit->second),
             "registration_number",
             {"error.import.duplicate_registration_number",
              {{"value", s.registration_number}, {"registrar", s.registrar}, {"line", std::to_string(nit->second)}}}});
        continue;
      }
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
    if (auto st = index_.Sync(); !st) return Fail(st.error());
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
  // Derived from the names by the store on write; carried over so that they do not count as a change.
  after.registrar_org_id = before.registrar_org_id;
  after.provider_org_id = before.provider_org_id;
  std::vector<std::string> keys;
  for (auto f : domain::ChangedFields(before, after)) {
    keys.emplace_back(domain::FieldInfo(f).key);
    after.provenance.erase(keys.back());
  }
  return {std::move(after), std::move(keys)};
}

Result<ImportPlan> PlanImport(store::ServiceReader& r, const std::vector<Service>& services,
                              const std::vector<std::size_t>& lines, const std::string& name_column,
                              const std::string& number_column, const ImportOptions& options) {
  ImportPlan plan;
  auto seq = r.ChangeSeq();
  if (!seq) return Fail(seq.error());
  plan.seq = *seq;
  std::set<std::pair<std::string, std::string>> in_file;  // (name, provider) of every row
  for (const auto& s : services) in_file.emplace(s.name, s.provider);
  for (std::size_t i = 0; i < services.size(); ++i) {
    const Service& s = services[i];
    // A registration number another stored service of the body holds, unless the file gives that
    // service a number of its own (the file itself holds each number once: checked when read).
    auto holder = r.FindByRegistrationNumber(s.registrar, s.registration_number);
    if (!holder) return Fail(holder.error());
    if (*holder && ((*holder)->name != s.name || (*holder)->provider != s.provider) &&
        !in_file.contains({(*holder)->name, (*holder)->provider})) {
      const std::string id = std::to_string((*holder)->id);
      plan.problems.push_back({lines[i], number_column,
                               fmt::format("registration number '{}' of {} is already given to service {}",
                                           s.registration_number, s.registrar, id),
                               "registration_number",
                               {"error.registration_number.taken",
                                {{"value", s.registration_number}, {"registrar", s.registrar}, {"id", id}}}});
      continue;
    }
    auto found = r.FindByNameAndProvider(s.name, s.provider);
    if (!found) return Fail(found.error());
    if (!*found) {
      ++plan.outcome.added;
      plan.writes.push_back({i, std::nullopt});
      continue;
    }
    const Service& before = **found;
    if (options.only_registrar &&
        (!options.only_registrar_org_id || before.registrar_org_id != options.only_registrar_org_id)) {
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
      if (auto r = w.AddEvent(*id, domain::EventKindCode(domain::EventKind::kRegistered), RegisteredEventDetail(fresh), public_actor); !r) return r;
      if (auto r = LogServiceEvent(w, *id, domain::EventKind::kRegistered); !r) return r;
      if (auto r = w.Audit(store::AuditRecord(audit_actor, domain::AuditAction::kServiceImport)
                               .On("service", *id)
                               .After(ServiceAuditJson(fresh)));
          !r) {
        return r;
      }
      continue;
    }
    const Service& before = *planned.before;
    const auto [after, keys] = Imported(before, row);
    if (auto r = w.Update(after); !r) return r;
    const auto [kind, detail] = ImportChangeEvent(before, after, keys);
    if (auto r = w.AddEvent(before.id, domain::EventKindCode(kind), detail, public_actor); !r) return r;
    if (auto r = LogServiceEvent(w, before.id, kind); !r) return r;
    if (auto r = w.Audit(store::AuditRecord(audit_actor, domain::AuditAction::kServiceImport)
                             .On("service", before.id)
                             .Before(ServiceAuditJson(before))
                             .After(ServiceAuditJson(after)));
        !r) {
      return r;
    }
  }
  if (plan.writes.empty()) return {};
  // One summary entry beside the per-service ones: who imported what, and how much.
  const auto& o = plan.outcome;
  store::AuditRecord summary(audit_actor, domain::AuditAction::kServicesImport);
  if (options.only_registrar) {
    summary.On("registrar", *options.only_registrar);
  } else {
    summary.On("registry");
  }
  return w.Audit(std::move(summary.After(fmt::format(R"({{"rows":{},"added":{},"updated":{},"unchanged":{}}})",
                                                     services.size(), o.added, o.updated, o.unchanged))));
}

}  // namespace

Result<store::UpsertOutcome> ImportService::WriteImport(    const std::vector<Service>& services, const std::vector<std::size_t>& lines,
    const std::array<std::string, domain::kServiceFieldCount>& column_label, const ImportOptions& options,
    ImportReport& report) {
  const std::string& name_column = column_label[static_cast<std::size_t>(ServiceField::kName)];
  const std::string& number_column = column_label[static_cast<std::size_t>(ServiceField::kRegistrationNumber)];
  // Work out what to write from a read snapshot first: it does not hold the write lock, so a dry
  // run, an import with problems and one that changes nothing never make other writers wait, and
  // an import that writes holds the lock only while it writes.
  ImportPlan plan;
  auto read = store_.Read([&](store::ServiceReader& r) -> Status {
    auto p = PlanImport(r, services, lines, name_column, number_column, options);
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
        auto p = PlanImport(w, services, lines, name_column, number_column, options);
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

std::pair<domain::EventKind, std::string> ImportChangeEvent(const Service& before, const Service& after,
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
    return {domain::EventKind::kRenewed, out};
  }
  w.Key("fields").BeginArray();
  for (const auto& k : changed_keys) w.String(k);
  w.EndArray();
  w.EndObject();
  return {domain::EventKind::kChanged, out};
}

}  // namespace proven::services
