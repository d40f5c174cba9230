#include "cli/sbom_cli.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sbom/document.hpp"
#include "sbom/osv_source.hpp"
#include "services/sbom/osv_import.hpp"
#include "services/sbom/sbom_service.hpp"
#include "store/account_store.hpp"
#include "store/db.hpp"
#include "store/migrations.hpp"
#include "store/sbom/sbom_store.hpp"
#include "web/mail_texts.hpp"
#include "web/sbom/sbom.hpp"

namespace proven::cli {
namespace {


constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

int Report(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  for (const auto& p : e.problems) {
    std::fprintf(stderr, "  %s: %s\n", p.field.c_str(), p.message.c_str());
  }
  if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ? kExitBadInput : kExitFailure;
}

Result<std::unique_ptr<store::ConnectionPool>> Open(const std::string& db) {
  auto target = store::DatabaseTarget::Parse(db);
  if (!target) return Fail(target.error());
  if (target->dialect == store::Dialect::kSqlite && !std::filesystem::exists(target->location)) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the database {} does not exist (create it with: proven migrate --db {})", db, db));
  }
  auto pool = std::make_unique<store::ConnectionPool>(*target, false);
  auto conn = pool->Acquire();
  if (!conn) return Fail(conn.error());
  auto pending = store::PendingMigrations(**conn);
  if (!pending) return Fail(pending.error());
  if (!pending->empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("the database {} has {} pending migration(s) (first: {}); run: proven migrate --db {}",
                            target->Display(), pending->size(), pending->front().name, target->Display()));
  }
  return pool;
}

Result<std::string> ReadWhole(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Fail(ErrorCode::kNotFound, fmt::format("{}: no such file", path));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return Fail(ErrorCode::kInternal, fmt::format("{}: cannot read", path));
  return text.str();
}

int RunCheck(const SbomCommands& c, const std::string& db) {
  auto text = ReadWhole(c.path);
  if (!text) return Report(text.error());
  auto sbom = sbom::ReadSbom(*text, c.path);
  if (!sbom) return Report(sbom.error());
  auto pool = Open(db);
  if (!pool) return Report(pool.error());
  store::SqlSbomStore store(**pool);
  services::CheckOutcome outcome;
  auto read = store.Read([&](store::SbomReader& r) -> Status {
    auto checked = services::CheckComponents(r, sbom->components);
    if (!checked) return Fail(checked.error());
    outcome = std::move(*checked);
    return {};
  });
  if (!read) return Report(read.error());
  const std::string out = c.format == "table" ? CheckTable(outcome) : CheckJson(outcome) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int RunImport(const SbomCommands& c, const std::string& db) {
  auto source = sbom::OsvSource::Open(c.path);
  if (!source) return Report(source.error());
  auto pool = Open(db);
  if (!pool) return Report(pool.error());
  store::SqlSbomStore store(**pool);
  services::OsvImporter importer(store, web::CatalogueMailComposer(), c.public_url);
  services::OsvImportOptions options;
  options.ecosystem = c.ecosystem;
  options.skip_invalid = c.skip_invalid;
  auto report = importer.Import(**source, options);
  if (!report) return Report(report.error());
  const auto& n = report->counts;
  for (const auto& s : report->skipped) std::fprintf(stderr, "skipped: %s\n", s.c_str());
  std::printf(
      "imported %s%s: %lld read, %lld added, %lld updated, %lld unchanged, %lld withdrawn, %lld skipped; "
      "%lld alert(s), %lld mail(s) queued; snapshot %s\n",
      (*source)->Describe().c_str(), report->used_modified_ids ? " (modified_id.csv)" : "",
      static_cast<long long>(n.read_count), static_cast<long long>(n.added), static_cast<long long>(n.updated),
      static_cast<long long>(n.unchanged), static_cast<long long>(n.withdrawn), static_cast<long long>(n.skipped),
      static_cast<long long>(n.alerts), static_cast<long long>(report->mails), report->snapshot.c_str());
  return 0;
}

int RunAdd(const SbomCommands& c, const std::string& db) {
  auto text = ReadWhole(c.path);
  if (!text) return Report(text.error());
  auto pool = Open(db);
  if (!pool) return Report(pool.error());
  store::AccountStore accounts(**pool);
  auto user = accounts.FindUserByEmail(c.as);
  if (!user) return Report(user.error());
  if (!*user) return Report(MakeError(ErrorCode::kInvalidArgument, fmt::format("--as: there is no account {}", c.as)));
  store::SqlSbomStore store(**pool);
  services::SbomService sboms(store);
  auto up = sboms.Upload((*user)->ToActor(), c.product, c.release, *text, c.lang);
  if (!up) {
    Error e = up.error();
    e.message = c.path + ": " + e.message;
    return Report(e);
  }
  std::printf("product %lld release %s: SBOM %lld, %zu component(s), %zu finding(s), %zu not matched; snapshot %s\n",
              static_cast<long long>(c.product), up->sbom.release.c_str(), static_cast<long long>(up->sbom.id),
              up->check.components, up->check.findings.size(), up->check.unmatched.size(), up->check.snapshot.c_str());
  return 0;
}

int RunStatus(const std::string& db) {
  auto pool = Open(db);
  if (!pool) return Report(pool.error());
  store::SqlSbomStore store(**pool);
  int exit = 0;
  auto read = store.Read([&](store::SbomReader& r) -> Status {
    auto latest = r.LatestImport();
    if (!latest) return Fail(latest.error());
    auto count = r.OsvRecordCount();
    if (!count) return Fail(count.error());
    if (!*latest) {
      std::printf("no OSV data has been imported (run: proven osv import PATH --db %s)\n", db.c_str());
      return {};
    }
    std::printf("%lld OSV record(s) in force; snapshot %s (from %s)\n", static_cast<long long>(*count),
                services::OsvSnapshot(*latest).c_str(), (*latest)->source.c_str());
    return {};
  });
  if (!read) exit = Report(read.error());
  return exit;
}

}  // namespace

std::string CheckJson(const services::CheckOutcome& outcome) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& f : outcome.findings) findings.push_back(web::FindingJson(f));
  nlohmann::ordered_json unmatched = nlohmann::ordered_json::array();
  for (const auto& u : outcome.unmatched) unmatched.push_back(web::UnmatchedJson(u));
  const nlohmann::ordered_json out{{"findings", findings},
                                   {"unmatched", unmatched},
                                   {"components", outcome.components},
                                   {"snapshot", outcome.snapshot}};
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string CheckTable(const services::CheckOutcome& outcome) {
  std::string out = fmt::format("{} component(s), {} finding(s), {} not matched; OSV snapshot {}\n",
                                outcome.components, outcome.findings.size(), outcome.unmatched.size(), outcome.snapshot);
  if (!outcome.findings.empty()) {
    out += fmt::format("\n{:<32} {:<16} {:<22} {:<30} {:<10} {}\n", "COMPONENT", "VERSION", "ID", "RANGE", "COMPARATOR",
                       "ALIASES");
    for (const auto& f : outcome.findings) {
      out += fmt::format("{:<32} {:<16} {:<22} {:<30} {:<10} {}\n", f.component_name, f.component_version, f.match.id,
                         f.match.vers, sbom::ComparatorName(f.match.comparator), fmt::join(f.match.aliases, ","));
    }
  }
  if (!outcome.unmatched.empty()) {
    out += fmt::format("\n{:<32} {:<20} {}\n", "NOT MATCHED", "REASON", "PURL");
    for (const auto& u : outcome.unmatched) {
      out += fmt::format("{:<32} {:<20} {}\n", u.component_name.empty() ? u.component_ref : u.component_name,
                         sbom::UnmatchedCode(u.reason), u.purl);
    }
  }
  return out;
}

SbomCommands AddSbomCommands(CLI::App& app, std::string& db) {
  SbomCommands c;
  auto* osv = app.add_subcommand("osv", "OSV vulnerability data, imported for offline matching (docs/sbom.md)");
  osv->require_subcommand(1);
  c.osv_import = osv->add_subcommand(
      "import", "Import OSV records from a directory of <ID>.json files or an all.zip; only changed records are written");
  c.osv_import->add_option("PATH", c.path, "A directory or an OSV zip (all.zip of one ecosystem or of all)")->required();
  c.osv_import->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  c.osv_import->add_option("--ecosystem", c.ecosystem, "Only records affecting this OSV ecosystem (e.g. PyPI, npm, Go)");
  c.osv_import->add_flag("--skip-invalid", c.skip_invalid,
                         "Skip records that do not parse (each is listed) instead of failing the whole import");
  c.osv_import->add_option("--public-url", c.public_url, "The site's address, for links in alert mail");
  c.osv_status = osv->add_subcommand("status", "The newest import (the snapshot findings cite) and the records in force");
  c.osv_status->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  auto* sbom = app.add_subcommand("sbom", "Software bills of materials (docs/sbom.md)");
  sbom->require_subcommand(1);
  c.check = sbom->add_subcommand("check", "Print the known vulnerabilities of one SBOM's components, without storing it");
  c.check->add_option("FILE", c.path, "CycloneDX 1.4–1.6 or SPDX 2.3 JSON")->required();
  c.check->add_option("--db", db, "SQLite database file, or PostgreSQL URL (with imported OSV data)")->required();
  c.check->add_option("--format", c.format, "json (default) or table")->check(CLI::IsMember({"json", "table"}));
  c.add = sbom->add_subcommand("add", "Attach an SBOM to a product release as an account would through the API");
  c.add->add_option("FILE", c.path, "CycloneDX 1.4–1.6 or SPDX 2.3 JSON")->required();
  c.add->add_option("--product", c.product, "The product's id")->required();
  c.add->add_option("--release", c.release, "The release the SBOM describes")->required();
  c.add->add_option("--as", c.as, "The account that attaches it (the product's vendor or an admin)")->required();
  c.add->add_option("--lang", c.lang, "The language of the vendor's alerts about it")->check(CLI::IsMember({"ja", "en"}));
  c.add->add_option("--db", db, "SQLite database file, or PostgreSQL URL")->required();
  return c;
}

bool SbomCommandParsed(const SbomCommands& c) {
  return (c.osv_import && c.osv_import->parsed()) || (c.osv_status && c.osv_status->parsed()) ||
         (c.check && c.check->parsed()) || (c.add && c.add->parsed());
}

int RunSbomCommand(const SbomCommands& c, const std::string& db) {
  if (c.check->parsed()) return RunCheck(c, db);
  if (c.add->parsed()) return RunAdd(c, db);
  if (c.osv_status->parsed()) return RunStatus(db);
  return RunImport(c, db);
}

}  // namespace proven::cli
