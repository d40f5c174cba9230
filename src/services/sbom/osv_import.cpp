#include "services/sbom/osv_import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/codes.hpp"
#include "sbom/purl.hpp"
#include "services/sbom/sbom_check.hpp"

namespace proven::services {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxListedSkips = 1000;

std::vector<store::PackageKey> PackagesOfRecord(const sbom::OsvRecord& record) {
  std::set<store::PackageKey> keys;
  for (const auto& a : record.affected) {
    if (a.ecosystem.empty() || a.name.empty()) continue;
    keys.emplace(a.ecosystem, sbom::NormalizeName(a.ecosystem, a.name));
  }
  return {keys.begin(), keys.end()};
}

bool HasEcosystem(const sbom::OsvRecord& record, std::string_view ecosystem) {
  return std::any_of(record.affected.begin(), record.affected.end(),
                     [&](const sbom::OsvAffected& a) { return sbom::BaseEcosystem(a.ecosystem) == ecosystem; });
}

// Whether `incoming` is newer than `stored` (RFC 3339 times of one source compare as text; a
// record is never replaced by an older copy of itself).
bool Newer(const std::string& incoming, const std::string& stored) { return incoming > stored; }

std::string ComponentsJson(const std::vector<store::ComponentRow>& components, const std::vector<sbom::Match>& matches) {
  json list = json::array();
  for (std::size_t i = 0; i < components.size(); ++i) {
    list.push_back({{"component", components[i].ref}, {"name", components[i].name}, {"version", components[i].version},
                    {"purl", components[i].purl}, {"range", matches[i].vers}});
  }
  return list.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ComponentLines(const std::vector<store::ComponentRow>& components, const std::vector<sbom::Match>& matches) {
  std::string out;
  for (std::size_t i = 0; i < components.size(); ++i) {
    out += fmt::format("- {} {} ({})\n", components[i].name, components[i].version, matches[i].vers);
  }
  return out;
}

}  // namespace

Result<std::vector<AffectedSbom>> AffectedBy(store::SbomReader& r, const sbom::OsvRecord& record) {
  std::vector<AffectedSbom> out;
  if (!record.withdrawn.empty()) return out;
  auto rows = r.ComponentsOf(PackagesOfRecord(record));
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return out;
  // The candidates by SBOM, in the reverse index's engine form.
  std::map<std::int64_t, std::vector<const store::ComponentRow*>> by_sbom;
  for (const auto& row : *rows) by_sbom[row.sbom_id].push_back(&row);
  sbom::ComponentIndex index;
  for (const auto& [sbom_id, list] : by_sbom) {
    std::vector<sbom::CheckInput> inputs;
    inputs.reserve(list.size());
    for (const auto* c : list) inputs.push_back({c->purl, c->version});
    index.Put(sbom_id, inputs);
  }
  std::map<std::int64_t, AffectedSbom> grouped;
  for (const auto& hit : index.AffectedBy(record)) {
    auto& entry = grouped[hit.sbom_id];
    entry.components.push_back(*by_sbom[hit.sbom_id][hit.component]);
    entry.matches.push_back(hit.match);
  }
  for (auto& [sbom_id, entry] : grouped) {
    auto sbom = r.FindSbom(sbom_id, false);
    if (!sbom) return Fail(sbom.error());
    if (!*sbom) continue;
    auto product = r.Product((*sbom)->product_id);
    if (!product) return Fail(product.error());
    if (!*product) continue;
    entry.sbom = std::move(**sbom);
    entry.product = std::move(**product);
    out.push_back(std::move(entry));
  }
  return out;
}

Result<AlertRound> RaiseAlerts(store::SbomWriter& w, const sbom::OsvRecord& record, std::int64_t import_id,
                               const MailComposer& compose, const std::string& public_url) {
  AlertRound round;
  auto affected = AffectedBy(w, record);
  if (!affected) return Fail(affected.error());
  for (const auto& a : *affected) {
    auto statements = w.VexOfProduct(a.product.id);
    if (!statements) return Fail(statements.error());
    const bool unaffected = ProductStatedUnaffected(*statements, record);
    auto portfolios = w.PortfoliosWith(a.product.id);
    if (!portfolios) return Fail(portfolios.error());
    struct Told {
      std::int64_t org_id;
      std::string audience, lang;
    };
    std::vector<Told> told{{a.product.vendor_org_id, "vendor", a.sbom.lang}};
    if (!unaffected) {
      for (const auto& p : *portfolios) told.push_back({p.org_id, "user", p.lang});
    }
    const std::string components = ComponentsJson(a.components, a.matches);
    for (const auto& t : told) {
      store::AlertRow alert;
      alert.org_id = t.org_id;
      alert.audience = t.audience;
      alert.product_id = a.product.id;
      alert.sbom_id = a.sbom.id;
      alert.record_id = record.id;
      alert.summary = record.summary;
      alert.components = components;
      alert.import_id = import_id;
      auto inserted = w.InsertAlert(alert);
      if (!inserted) return Fail(inserted.error());
      if (!*inserted) continue;
      ++round.alerts;
      auto members = w.MembersOf(t.org_id);
      if (!members) return Fail(members.error());
      const std::string page = t.audience == "vendor"
                                   ? fmt::format("{}/vendor/products/{}/sboms", public_url, a.product.id)
                                   : fmt::format("{}/portfolio", public_url);
      const MailArgs args{{"product", a.product.name},
                          {"release", a.sbom.release},
                          {"id", record.id},
                          {"aliases", fmt::format("{}", fmt::join(record.aliases, ", "))},
                          {"summary", record.summary},
                          {"components", ComponentLines(a.components, a.matches)},
                          {"url", page}};
      const MailText text = compose(kSbomAlertMailKind, t.lang, args);
      for (const auto& m : *members) {
        domain::MailMessage mail{kSbomAlertMailKind, m.email, t.lang, text.subject, text.text, ""};
        if (auto queued = w.EnqueueMail(mail); !queued) return Fail(queued.error());
        ++round.mails;
      }
    }
  }
  return round;
}

Result<OsvImportReport> OsvImporter::Import(const sbom::OsvSource& source, const OsvImportOptions& options) {
  // The baseline: what is stored, by id (records in force and withdrawn ones).
  std::unordered_map<std::string, std::string> stored;
  if (auto read = store_.Read([&](store::SbomReader& r) -> Status {
        auto all = r.OsvModifiedAll();
        if (!all) return Fail(all.error());
        stored = std::move(*all);
        return {};
      });
      !read) {
    return Fail(read.error());
  }
  auto modified_ids = source.ModifiedIds();
  if (!modified_ids) return Fail(modified_ids.error());

  OsvImportReport report;
  report.used_modified_ids = modified_ids->has_value();
  // The entries to read: with modified_id.csv, those it lists as changed; else every entry.
  std::vector<std::string> entries;
  std::int64_t unchanged_unread = 0;
  if (*modified_ids) {
    for (const auto& m : **modified_ids) {
      if (!options.ecosystem.empty() && !m.ecosystem.empty() && sbom::BaseEcosystem(m.ecosystem) != options.ecosystem) {
        continue;
      }
      if (auto it = stored.find(m.id); it != stored.end() && !Newer(m.modified, it->second)) {
        ++unchanged_unread;
        continue;
      }
      auto entry = source.EntryOf(m.id);
      if (!entry) {
        return Fail(Reason{"error.osv.missing_entry", {{"id", m.id}}}, ErrorCode::kInvalidArgument,
                    fmt::format("{}: modified_id.csv lists {} but there is no {}.json", source.Describe(), m.id, m.id));
      }
      entries.push_back(*entry);
    }
  } else {
    entries = source.Names();
  }

  const bool incremental = !stored.empty();
  auto written = store_.Write([&](store::SbomWriter& w) -> Status {
    auto import_id = w.BeginImport(source.Describe(), incremental);
    if (!import_id) return Fail(import_id.error());
    store::OsvImportRow counts;
    counts.id = *import_id;
    counts.unchanged = unchanged_unread;
    for (const auto& name : entries) {
      auto text = source.Read(name);
      if (!text) return Fail(text.error());
      ++counts.read_count;
      auto record = sbom::ParseOsv(*text, fmt::format("{}:{}", source.Describe(), name));
      if (!record) {
        if (!options.skip_invalid) return Fail(record.error());
        ++counts.skipped;
        if (report.skipped.size() < kMaxListedSkips) report.skipped.push_back(record.error().message);
        continue;
      }
      if (!options.ecosystem.empty() && !HasEcosystem(*record, options.ecosystem)) continue;
      const auto it = stored.find(record->id);
      if (it != stored.end() && !Newer(record->modified, it->second)) {
        ++counts.unchanged;
        continue;
      }
      if (!record->withdrawn.empty()) {
        if (auto done = w.WithdrawOsvRecord(record->id, record->modified, record->withdrawn, *import_id); !done) {
          return done;
        }
        ++counts.withdrawn;
        continue;
      }
      store::OsvRecordRow row{record->id,      record->modified, record->published, record->summary,
                              record->aliases, std::string(*text), *import_id};
      if (auto done = w.PutOsvRecord(row, PackagesOfRecord(*record)); !done) return done;
      ++(it == stored.end() ? counts.added : counts.updated);
      auto round = RaiseAlerts(w, *record, *import_id, compose_, public_url_);
      if (!round) return Fail(round.error());
      counts.alerts += round->alerts;
      report.mails += round->mails;
    }
    if (auto done = w.FinishImport(counts); !done) return done;
    report.counts = counts;
    report.counts.finished_at = clock_.NowIso();
    report.counts.source = source.Describe();
    report.counts.incremental = incremental;
    const json after{{"source", source.Describe()},
                     {"incremental", incremental},
                     {"modified_id_csv", report.used_modified_ids},
                     {"read", counts.read_count},
                     {"added", counts.added},
                     {"updated", counts.updated},
                     {"unchanged", counts.unchanged},
                     {"withdrawn", counts.withdrawn},
                     {"skipped", counts.skipped},
                     {"alerts", counts.alerts}};
    return w.Audit(store::AuditRecord(options.actor, domain::AuditAction::kOsvImport)
                       .On("osv_import", *import_id)
                       .After(after.dump(-1, ' ', false, json::error_handler_t::replace)));
  });
  if (!written) return Fail(written.error());
  // The snapshot as the store has it (finished_at as written).
  if (auto read = store_.Read([&](store::SbomReader& r) -> Status {
        auto latest = r.LatestImport();
        if (!latest) return Fail(latest.error());
        report.snapshot = OsvSnapshot(*latest);
        if (*latest) report.counts.finished_at = (*latest)->finished_at;
        return {};
      });
      !read) {
    return Fail(read.error());
  }
  return report;
}

}  // namespace proven::services
