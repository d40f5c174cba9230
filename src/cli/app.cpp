#include "cli/app.hpp"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/devices/cvss_cli.hpp"
#include "cli/mail_cli.hpp"
#include "cli/log_cli.hpp"
#include "cli/event_import.hpp"
#include "cli/edition_cli.hpp"
#include "cli/sbom_cli.hpp"
#include "cli/devices/device_import.hpp"
#include "cli/waf_cli.hpp"
#include "cli/needs_cli.hpp"
#include "cli/programme_import.hpp"
#include "cli/consultation_import.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "services/account_service.hpp"
#include "services/change_watcher.hpp"
#include "services/export_service.hpp"
#include "services/import_service.hpp"
#include "store/audit_log.hpp"
#include "services/registry_service.hpp"
#include "store/migrations.hpp"
#include "store/log_store.hpp"
#include "services/log/log_service.hpp"
#include "tlog/note.hpp"
#include "store/copy.hpp"
#include "store/pg_db.hpp"
#include "store/sqlite_db.hpp"
#include "store/service_store.hpp"
#include "store/settings_store.hpp"
#include "store/programme/programme_store.hpp"
#include "store/programme/case_store.hpp"
#include "store/events/event_store.hpp"
#include "web/mail_texts.hpp"
#include "store/programme/verification_store.hpp"
#include "web/programme/report_labels.hpp"
#include "services/events/survey_service.hpp"
#include "services/mail/mail_admin.hpp"
#include "services/mail/mail_dispatcher.hpp"
#include "services/matching/needs_watcher.hpp"
#include "store/matching/needs_store.hpp"
#include "web/mail_texts.hpp"
#include "services/programme/programme_service.hpp"
#include "services/query_params.hpp"
#include "store/events/survey_store.hpp"
#include "store/mail_outbox.hpp"
#include "web/mail_texts.hpp"
#include "web/server.hpp"
#include "services/consultations/consultation_service.hpp"
#include "store/consultations/consultation_store.hpp"
#include "store/edition_store.hpp"
#include "store/sbom/sbom_store.hpp"
#include "services/sbom/sbom_service.hpp"
#include "services/devices/device_service.hpp"
#include "services/devices/provider_service.hpp"
#include "store/devices/device_store.hpp"
#include "web/mail_texts.hpp"

namespace proven::cli {
namespace {

constexpr const char* kDbHelp = "SQLite database file, or PostgreSQL URL postgresql://user@host:port/db";
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

void PrintError(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
}

// A value the user gave is wrong (2), or something failed (1).
int ExitFor(const Error& e) { return e.code == ErrorCode::kInvalidArgument ? kExitBadInput : kExitFailure; }

// Opens an existing database (or a new SQLite file when `create`) and checks its schema is
// current. --db is a SQLite file path or a postgresql:// URL (store::DatabaseTarget).
Result<std::unique_ptr<store::ConnectionPool>> OpenDatabase(const std::string& db, bool create,
                                                            bool require_current,
                                                            int busy_timeout_ms = store::kBusyTimeoutMs) {
  auto target = store::DatabaseTarget::Parse(db);
  if (!target) return Fail(target.error());
  if (target->dialect == store::Dialect::kSqlite && !create && !std::filesystem::exists(target->location)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("the database {} does not exist (create it with: proven migrate --db {})", db, db));
  }
  auto pool = std::make_unique<store::ConnectionPool>(*target, create, busy_timeout_ms);
  auto conn = pool->Acquire();
  if (!conn) return Fail(conn.error());
  if (require_current) {
    auto pending = store::PendingMigrations(**conn);
    if (!pending) return Fail(pending.error());
    if (!pending->empty()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the database {} has {} pending migration(s) (first: {}); run: proven migrate --db {}",
                              target->Display(), pending->size(), pending->front().name, target->Display()));
    }
  }
  return pool;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, fmt::format("cannot read {}", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The log's signing key (docs/transparency-log.md): `--log-key FILE`, else `<database file>.log-key`
// beside a SQLite database. Created (0600, never overwritten) when missing and `create`.
Result<tlog::SignerKey> OpenLogKey(const std::string& db, const std::string& log_key, bool create) {
  std::filesystem::path path;
  if (!log_key.empty()) {
    path = log_key;
  } else if (auto def = services::DefaultLogKeyPath(db)) {
    path = *def;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "a PostgreSQL database keeps no files: give --log-key FILE (the same file for every instance; "
                "create it with: proven log init-key FILE)", {}, "--log-key");
  }
  if (create && !std::filesystem::exists(path)) {
    auto key = services::CreateLogKey(path, services::kDefaultLogName);
    if (!key) return Fail(key.error());
    spdlog::info("created the log's signing key {} (verifier key {})", path.string(),
                 tlog::FormatVerifierKey(tlog::VerifierOf(*key)));
    return key;
  }
  return services::LoadLogKey(path);
}

int RunMigrate(const std::string& db, const std::string& log_key) {
  auto target = store::DatabaseTarget::Parse(db);
  if (!target) return PrintError(target.error()), kExitBadInput;
  if (target->dialect == store::Dialect::kSqlite) {
    if (auto parent = std::filesystem::path(db).parent_path(); !parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
    }
  }
  auto pool = OpenDatabase(db, true, false);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto conn = (*pool)->Acquire();
  if (!conn) return PrintError(conn.error()), kExitFailure;
  auto applied = store::ApplyMigrations(**conn);
  if (!applied) return PrintError(applied.error()), kExitFailure;
  if (applied->empty()) {
    std::printf("%s is up to date\n", target->Display().c_str());
  } else {
    for (const auto& name : *applied) std::printf("applied %s\n", name.c_str());
  }
  // The transparency log's key: made beside a SQLite database (or at --log-key) when missing.
  if (target->dialect == store::Dialect::kSqlite || !log_key.empty()) {
    auto key = OpenLogKey(db, log_key, true);
    if (!key) return PrintError(key.error()), ExitFor(key.error());
  }
  return kExitOk;
}

int RunImportProgramme(const std::string& db, const std::string& file) {
  auto text = ReadFile(file);
  if (!text) return PrintError(text.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto report = ImportProgramme(**pool, *text);
  if (!report) {
    Error e = report.error();
    e.message = fmt::format("{}: {}", file, e.message);
    return PrintError(e), ExitFor(e);
  }
  std::printf("imported %d accounts, %d calls, %d applications, %d reviews, %d decisions, %d published verifications "
              "(%d report versions), %d cases (%d published)\n",
              report->accounts, report->calls, report->applications, report->reviews, report->decisions,
              report->verifications, report->report_versions, report->cases, report->published_cases);
  return kExitOk;
}

int RunImportConsultations(const std::string& db, const std::string& file, const std::string& public_url) {
  auto text = ReadFile(file);
  if (!text) return PrintError(text.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto report = ImportConsultations(**pool, *text, Clock::System().NowUnix(), public_url);
  if (!report) {
    Error e = report.error();
    e.message = fmt::format("{}: {}", file, e.message);
    return PrintError(e), ExitFor(e);
  }
  std::printf("imported %d consultations (%d steps)\n", report->consultations, report->steps);
  return kExitOk;
}

int RunImportEvents(const std::string& db, const std::string& file) {
  auto text = ReadFile(file);
  if (!text) return PrintError(text.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto report = ImportEvents(**pool, *text);
  if (!report) {
    Error e = report.error();
    e.message = fmt::format("{}: {}", file, e.message);
    return PrintError(e), ExitFor(e);
  }
  std::printf("imported %d events (%d published, %d cancelled, %d with head counts), %d consultation slots\n",
              report->events, report->published, report->cancelled, report->reported, report->slots);
  return kExitOk;
}

int RunImportDevices(const std::string& db, const std::string& file) {
  auto text = ReadFile(file);
  if (!text) return PrintError(text.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto report = ImportDevices(**pool, *text);
  if (!report) {
    Error e = report.error();
    e.message = fmt::format("{}: {}", file, e.message);
    return PrintError(e), ExitFor(e);
  }
  std::printf("imported %d accounts, %d device verification projects (%d threats, %d test items, %d findings)\n",
              report->accounts, report->projects, report->threats, report->items, report->findings);
  return kExitOk;
}

// `serve`'s WAF run flags (issue 14).
struct WafServeFlags {
  std::vector<std::string> allow_targets;  // HOST[:PORT], comma-separated or repeated
  bool allow_loopback = false;
  std::string corpus;  // "" = the source tree's data/waf
};

int RunServe(const std::string& db, web::ServerOptions options, const std::string& today, int busy_timeout_ms,
             const SmtpFlags& smtp_flags, double needs_interval_s, const std::string& log_key,
             bool monthly_editions, const WafServeFlags& waf_flags) {
  // WAF suite runs from the verification page (issue 14): where they may go (the SSRF policy,
  // services/programme/waf_target_policy.hpp) and the corpus.
  services::WafRunOptions waf_options;
  auto allowed = services::ParseWafAllowTargets(waf_flags.allow_targets);
  if (!allowed) return PrintError(allowed.error()), kExitBadInput;
  waf_options.policy.allow = std::move(*allowed);
  waf_options.policy.allow_loopback = waf_flags.allow_loopback;
  waf_options.corpus_dir = waf_flags.corpus;
  auto relay = ResolveMailRelay(smtp_flags);
  if (!relay) return PrintError(relay.error()), ExitFor(relay.error());
  if (!today.empty()) {
    auto d = ParseIsoDate(today);
    if (!d) return PrintError(MakeError(ErrorCode::kInvalidArgument, "--today: " + d.error().message)), kExitBadInput;
    options.today = [d = *d] { return d; };
  }
  auto pool = OpenDatabase(db, false, true, busy_timeout_ms);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  // The default key beside a SQLite database is made when missing (as `migrate` does); a key named
  // with --log-key must exist.
  auto log_signer = OpenLogKey(db, log_key, log_key.empty());
  if (!log_signer) return PrintError(log_signer.error()), ExitFor(log_signer.error());
  store::SqlServiceStore service_store(**pool);
  store::SqlSettingsStore settings(**pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return PrintError(st.error()), kExitFailure;
  auto sample = settings.Get(store::kSettingSampleData);
  if (!sample) return PrintError(sample.error()), kExitFailure;
  options.sample_data = sample->value_or("0") == "1";
  store::AccountStore account_store(**pool);
  store::FailureCounts failures(**pool);
  services::AccountService accounts(account_store, failures);
  services::RegistrarService registrar(service_store, registry);
  // Changes written by other processes (imports, other instances) reach the index within ~50 ms:
  // SQLite's change log is read every 50 ms; on PostgreSQL a LISTEN wakes the watcher at each
  // commit, and the log is read every second besides.
  std::unique_ptr<store::PgListener> listener;
  services::ChangeWatcher::WakeSource wake;
  if ((*pool)->dialect() == store::Dialect::kPostgres) {
    listener = std::make_unique<store::PgListener>((*pool)->target()->location, "proven_changes");
    wake = [&listener](std::chrono::milliseconds timeout) { return listener->Wait(timeout); };
  }
  services::ChangeWatcher watcher(registry, std::chrono::milliseconds(wake ? 1000 : 50), std::move(wake));
  store::SqlProgrammeStore programme_store(**pool);
  services::ProgrammeService programme(programme_store);
  store::SqlVerificationStore verification_store(**pool);
  // Reports are published in Japanese, the programme's language; a sample database marks them so.
  services::VerificationService verifications(verification_store, programme_store,
                                              [sample = options.sample_data] {
                                                return web::ReportLabelsFor(web::Lang::kJa, sample);
                                              });
  // Mail (docs/mail.md): with a relay, a dispatcher sends the outbox every second (and retries);
  // without one, mail stays in the outbox for the admin to see.
  store::MailOutbox outbox(**pool);
  std::unique_ptr<mail::SmtpTransport> transport;
  std::unique_ptr<services::MailDispatcher> dispatcher;
  if (*relay) {
    transport = std::make_unique<mail::SmtpTransport>((*relay)->smtp);
    dispatcher = std::make_unique<services::MailDispatcher>(outbox, *transport, (*relay)->from);
    dispatcher->Start(std::chrono::seconds(1));
    spdlog::info("mail goes through {} from {}", (*relay)->smtp.url, (*relay)->from.address);
  } else {
    spdlog::info("no mail relay (--smtp-url): mail stays in the outbox");
  }
  store::SqlCaseStore case_store(**pool);
  services::CaseService cases(case_store, verification_store);
  // The verified-product catalogue: built now, kept current by a stamp check before each read
  // (services/programme/product_catalogue.hpp), so publications by any instance show up.
  services::ProductCatalogue catalogue(verification_store, programme_store);
  if (auto st = catalogue.Reload(); !st) return PrintError(st.error()), kExitFailure;
  // Consultations (issue 11): their mail from the catalogue; links to the site's address, which
  // RunServer settles once bound.
  store::SqlConsultationStore consultation_store(**pool);
  services::ConsultationService consultations(consultation_store, verification_store, service_store, cases,
                                              web::CatalogueMailComposer(), options.public_url, Clock::System(),
                                              options.today);
  // Links in survey mail: --public-url (else, once bound, this server's address: RunServer fills it in).
  store::SqlSurveyStore survey_store(**pool);
  services::SurveyService surveys(survey_store, web::CatalogueMailComposer(), options.public_url);
  services::MailAdmin mail_admin(outbox);
  options.mail_relay_configured = relay->has_value();
  // The collaboration platform's events: mail from the catalogue, links to --public-url (else, once
  // bound, this server's address: RunServer fills it in).
  store::SqlEventStore event_store(**pool);
  services::EventService events(event_store, web::CatalogueMailComposer(), options.public_url);
  // Matching and saved needs (docs/adr/0011-matching.md): a watcher records new matches of saved
  // needs and queues their mail every --needs-interval (0 turns it off; `proven needs notify` runs
  // one round by hand).
  services::MatchingService matching(registry, catalogue, cases, options.today);
  store::SqlNeedsStore needs_store(**pool);
  services::NeedsService needs(needs_store, matching, web::CatalogueMailComposer(), options.public_url);
  std::unique_ptr<services::NeedsWatcher> needs_watcher;
  if (needs_interval_s > 0) {
    needs_watcher = std::make_unique<services::NeedsWatcher>(
        needs, std::chrono::milliseconds(static_cast<std::int64_t>(needs_interval_s * 1000)));
  }
  // The transparency log (docs/transparency-log.md): the key from its file (refused when others
  // can read it), the tree loaded from the stored leaves, and a checkpointer that anchors the
  // audit head, logs expiries and signs a checkpoint within half a second of a new leaf.
  store::SqlLogStore log_store(**pool);
  services::LogService log(log_store, service_store, verification_store, case_store, std::move(*log_signer), Clock::System(),
                           options.today);
  if (auto st = log.Refresh(); !st) return PrintError(st.error()), kExitFailure;
  services::LogCheckpointer checkpointer(log, std::chrono::milliseconds(500));
  // Dated editions of the list (docs/adr/0016-list-editions.md): with --editions monthly (the
  // default), this month's edition is published before serving when the month has none, and the
  // check runs again every hour.
  store::SqlEditionStore edition_store(**pool);
  services::EditionService editions(edition_store, registry);
  std::unique_ptr<services::EditionPublisher> edition_publisher;
  if (monthly_editions) {
    if (auto e = editions.PublishMonthly(options.today()); !e) {
      spdlog::warn("monthly edition of the list: {} ({})", e.error().message, e.error().detail);
    } else if (*e) {
      spdlog::info("published the list's edition of {}: {} services", (*e)->date.ToIso(), (*e)->total);
    }
    edition_publisher = std::make_unique<services::EditionPublisher>(editions, options.today, std::chrono::hours(1));
  }
  // One worker runs queued WAF runs one at a time; runs a previous process left are failed first.
  services::WafRunService waf_runs(verification_store, verifications, std::move(waf_options));
  if (auto st = waf_runs.Start(); !st) return PrintError(st.error()), kExitFailure;
  store::SqlSbomStore sbom_store(**pool);
  services::SbomService sboms(sbom_store);
  store::SqlDeviceStore device_store(**pool);
  services::DeviceService devices(device_store, sbom_store);
  if (auto st = devices.SeedCatalogue(); !st) return PrintError(st.error()), kExitFailure;
  services::ProviderService providers(device_store);
  if (auto st = web::RunServer(registry, accounts, registrar, programme, verifications, cases, catalogue, surveys,
                               mail_admin, consultations, events, matching, needs, log, editions, waf_runs, sboms,
                               devices, providers, options);
      !st) {
    return PrintError(st.error()), kExitFailure;
  }
  waf_runs.Stop();
  return kExitOk;
}

int RunImport(const std::string& db, const std::string& file, bool dry_run, bool sample) {
  auto bytes = ReadFile(file);
  if (!bytes) return PrintError(bytes.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  store::SqlServiceStore service_store(**pool);
  services::RegistryService registry(service_store);
  auto report = services::ImportService(service_store, registry).Import(*bytes, services::ImportOptions{dry_run, std::nullopt, "cli", std::nullopt});
  if (!report) return PrintError(report.error()), kExitFailure;
  for (const auto& w : report->warnings) std::fprintf(stderr, "%s: warning: %s\n", file.c_str(), w.c_str());
  if (!report->problems.empty()) {
    for (const auto& line : report->FormatProblems(file)) std::fprintf(stderr, "%s\n", line.c_str());
    std::fprintf(stderr, "%zu problem(s) found; nothing was imported.\n", report->problems.size());
    return kExitBadInput;
  }
  if (sample && !dry_run) {
    store::SqlSettingsStore settings(**pool);
    if (auto st = settings.Set(store::kSettingSampleData, "1"); !st) return PrintError(st.error()), kExitFailure;
  }
  const auto& o = report->outcome;
  std::printf("%s%s (%s): %zu rows: %d added, %d updated, %d unchanged\n", dry_run ? "dry run, nothing written: " : "",
              file.c_str(), std::string(TextEncodingName(report->encoding)).c_str(), report->rows, o.added,
              o.updated, o.unchanged);
  return kExitOk;
}

int RunExport(const std::string& db, const std::string& format_text, const std::string& output,
              const std::vector<std::string>& filters, const std::string& encoding_text, const std::string& public_url) {
  auto format = services::ExportFormatFromString(format_text);
  if (!format) return PrintError(MakeError(ErrorCode::kInvalidArgument, "--format must be csv, json or xlsx")), kExitBadInput;
  services::ExportOptions export_options;
  export_options.public_url = public_url;
  if (!encoding_text.empty()) {
    auto encoding = services::ExportEncodingFromString(encoding_text);
    if (!encoding || (*encoding != services::ExportEncoding::kUtf8 && *format != services::ExportFormat::kCsv)) {
      return PrintError(MakeError(ErrorCode::kInvalidArgument, "--encoding must be utf-8 or cp932, and cp932 only with --format csv")),
             kExitBadInput;
    }
    export_options.encoding = *encoding;
  }
  services::QueryParams params;
  for (const auto& f : filters) {
    const auto eq = f.find('=');
    if (eq == std::string::npos) {
      return PrintError(MakeError(ErrorCode::kInvalidArgument,
                                  fmt::format("--where '{}': expected KEY=VALUE, e.g. type=audit", f))),
             kExitBadInput;
    }
    params.emplace(f.substr(0, eq), f.substr(eq + 1));
  }
  if (!params.contains("status")) params.emplace("status", "all");
  auto parsed = services::ParseSearchParams(params, TodayInTokyo());
  if (!parsed) return PrintError(MakeError(ErrorCode::kInvalidArgument, "--where " + parsed.error().message)), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  store::SqlServiceStore service_store(**pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return PrintError(st.error()), kExitFailure;
  auto q = parsed->query;
  if (!params.contains("sort")) q.sort = search::SortKey::kName;
  auto file = services::ExportService(registry).Export(q, *format, export_options);
  if (!file) return PrintError(file.error()), kExitFailure;
  for (const auto& w : file->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (output.empty() || output == "-") {
    std::fwrite(file->bytes.data(), 1, file->bytes.size(), stdout);
    std::fflush(stdout);
    return kExitOk;
  }
  const std::string tmp = output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
    if (!out) return PrintError(MakeError(ErrorCode::kInternal, fmt::format("cannot write {}", output))), kExitFailure;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, output, ec);
  if (ec) return PrintError(MakeError(ErrorCode::kInternal, fmt::format("cannot write {}: {}", output, ec.message()))), kExitFailure;
  std::fprintf(stderr, "wrote %s\n", output.c_str());
  return kExitOk;
}

// The password from standard input: one line, without echo when it is a terminal. Never argv,
// which other users of the machine can read.
std::string ReadPassword(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct Accounts {
  std::unique_ptr<store::ConnectionPool> pool;
  std::unique_ptr<store::AccountStore> store;
  std::unique_ptr<store::FailureCounts> failures;
  std::unique_ptr<services::AccountService> service;
};

Result<Accounts> OpenAccounts(const std::string& db) {
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return Fail(pool.error());
  Accounts a;
  a.pool = std::move(*pool);
  a.store = std::make_unique<store::AccountStore>(*a.pool);
  a.failures = std::make_unique<store::FailureCounts>(*a.pool);
  a.service = std::make_unique<services::AccountService>(*a.store, *a.failures);
  return a;
}

constexpr const char* kCliActor = "cli";

int RunUserAdd(const std::string& db, const std::string& email, const std::vector<std::string>& role_codes,
               const std::string& org) {
  std::vector<domain::Role> roles;
  for (const auto& code : role_codes) {
    auto r = domain::RoleFromCode(code);
    if (!r) {
      return PrintError(MakeError(ErrorCode::kInvalidArgument,
                                  fmt::format("--role '{}' is not one of admin, registrar, vendor, reviewer, verifier, user", code))),
             kExitBadInput;
    }
    roles.push_back(*r);
  }
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  const std::string password = ReadPassword("Password: ");
  auto id = a->service->AddUser(email, password, roles, org, kCliActor);
  if (!id) return PrintError(id.error()), id.error().code == ErrorCode::kInvalidArgument || id.error().code == ErrorCode::kAlreadyExists ? kExitBadInput : kExitFailure;
  std::printf("added user %lld %s\n", static_cast<long long>(*id), email.c_str());
  return kExitOk;
}

int RunUserList(const std::string& db) {
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  auto users = a->service->ListUsers();
  if (!users) return PrintError(users.error()), kExitFailure;
  for (const auto& u : *users) {
    std::vector<std::string> roles;
    for (auto r : u.roles) roles.emplace_back(domain::RoleCode(r));
    std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(u.id), u.email.c_str(), proven::Join(roles, ",").c_str(),
                u.organisation.c_str(), u.disabled ? "disabled" : "active");
  }
  return kExitOk;
}

int RunUserDisable(const std::string& db, const std::string& email) {
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  if (auto st = a->service->DisableUser(email, kCliActor); !st) return PrintError(st.error()), kExitBadInput;
  std::printf("disabled %s\n", email.c_str());
  return kExitOk;
}

int RunTokenCreate(const std::string& db, const std::string& email, const std::string& name) {
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  auto token = a->service->CreateToken(email, name, kCliActor);
  if (!token) return PrintError(token.error()), kExitBadInput;
  std::printf("%s\n", token->c_str());
  std::fprintf(stderr, "This token is shown once; only its hash is stored. Send it as: Authorization: Bearer TOKEN\n");
  return kExitOk;
}

int RunTokenList(const std::string& db, const std::string& email) {
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  auto tokens = a->service->ListTokens(email);
  if (!tokens) return PrintError(tokens.error()), kExitBadInput;
  for (const auto& t : *tokens) {
    std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(t.id), t.name.c_str(), t.created_at.c_str(),
                t.revoked_at ? ("revoked " + *t.revoked_at).c_str() : "live");
  }
  return kExitOk;
}

int RunTokenRevoke(const std::string& db, const std::string& email, std::int64_t id) {
  auto a = OpenAccounts(db);
  if (!a) return PrintError(a.error()), ExitFor(a.error());
  if (auto st = a->service->RevokeToken(email, id, kCliActor); !st) return PrintError(st.error()), kExitBadInput;
  std::printf("revoked token %lld of %s\n", static_cast<long long>(id), email.c_str());
  return kExitOk;
}

int RunCopy(const std::string& from, const std::string& to) {
  auto source = OpenDatabase(from, false, true);
  if (!source) return PrintError(source.error()), ExitFor(source.error());
  auto destination = OpenDatabase(to, false, true);
  if (!destination) return PrintError(destination.error()), ExitFor(destination.error());
  if ((*source)->target()->location == (*destination)->target()->location) {
    return PrintError(MakeError(ErrorCode::kInvalidArgument, "--from and --to name the same database")), kExitBadInput;
  }
  auto src = (*source)->Acquire();
  if (!src) return PrintError(src.error()), kExitFailure;
  auto dst = (*destination)->Acquire();
  if (!dst) return PrintError(dst.error()), kExitFailure;
  auto report = store::CopyRegistry(**src, **dst);
  if (!report) {
    return PrintError(report.error()),
           report.error().code == ErrorCode::kFailedPrecondition ? kExitBadInput : kExitFailure;
  }
  for (const auto& t : report->tables) std::printf("%-16s %lld rows\n", t.table.c_str(), static_cast<long long>(t.rows));
  std::printf("copied %s to %s: counts match, audit log intact (%zu entries, head %s)\n",
              (*source)->target()->Display().c_str(), (*destination)->target()->Display().c_str(),
              report->audit_entries, report->audit_head.c_str());
  return kExitOk;
}

int RunBackup(const std::string& db, const std::string& to) {
  auto target = store::DatabaseTarget::Parse(db);
  if (!target) return PrintError(target.error()), kExitBadInput;
  if (target->dialect != store::Dialect::kSqlite) {
    return PrintError(MakeError(ErrorCode::kInvalidArgument,
                                "proven backup copies SQLite files; back up PostgreSQL with pg_dump "
                                "(see deploy/README.md)")),
           kExitBadInput;
  }
  if (!std::filesystem::exists(target->location)) {
    return PrintError(MakeError(ErrorCode::kNotFound, fmt::format("the database {} does not exist", db))), kExitFailure;
  }
  if (auto st = store::BackupSqlite(target->location, to); !st) return PrintError(st.error()), ExitFor(st.error());
  // The copy must stand on its own: check its audit chain.
  auto copy = store::Connection::Open(to, false);
  if (!copy) return PrintError(copy.error()), kExitFailure;
  auto v = store::VerifyAudit(**copy);
  if (!v) return PrintError(v.error()), kExitFailure;
  if (!v->problems.empty()) {
    return PrintError(MakeError(ErrorCode::kInternal, "the backup's audit log does not verify: " + v->problems.front().message)),
           kExitFailure;
  }
  std::printf("backed up %s to %s (audit log intact: %zu entries, head %s)\n", db.c_str(), to.c_str(), v->entries,
              v->head_hash.c_str());
  return kExitOk;
}

int RunAuditVerify(const std::string& db) {
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
  auto conn = (*pool)->Acquire();
  if (!conn) return PrintError(conn.error()), kExitFailure;
  auto v = store::VerifyAudit(**conn);
  if (!v) return PrintError(v.error()), kExitFailure;
  const std::string where = store::DatabaseTarget::Parse(db).value().Display();
  for (const auto& p : v->problems) std::fprintf(stderr, "%s: %s\n", where.c_str(), p.message.c_str());
  // The chain alone misses a truncated, replaced or recomputed log: the heads anchored in the
  // signed transparency log do not (cli/log_cli.hpp).
  const auto anchors = CheckAuditAnchors(**pool, where);
  if (anchors.failed) return kExitFailure;
  if (!v->problems.empty() || anchors.problems > 0) {
    std::fprintf(stderr, "the audit log has been tampered with: %zu problem(s) in %zu entries\n",
                 v->problems.size() + anchors.problems, v->entries);
    return kExitBadInput;
  }
  std::printf("audit log intact: %zu entries, head %s; %s\n", v->entries, v->head_hash.c_str(), anchors.summary.c_str());
  return kExitOk;
}

}  // namespace

int Main(int argc, char** argv) {
  // Logs go to stderr so that stdout carries only results (exports, the listening line).
  spdlog::set_default_logger(spdlog::stderr_color_mt("proven"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"Proven: the registry of information-security services conforming to the "
               "Information Security Service Standard (情報セキュリティサービス基準適合サービスリスト)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "proven 0.1.0");

  std::string db;
  std::string log_key;  // serve, migrate: the transparency log's signing key file
  auto* serve = app.add_subcommand("serve", "Serve the web pages and the JSON API");
  web::ServerOptions server_options;
  std::string today;
  serve->add_option("--db", db, kDbHelp)->required();
  serve->add_option("--host", server_options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", server_options.port, "Port (0 picks a free one)")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_option("--threads", server_options.threads, "Event-loop threads (a request holds one only while it is handled)")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  serve->add_option("--workers", server_options.limits.workers,
                    "Threads for long requests (sign-in hashing, imports, exports), apart from the event loop")
      ->capture_default_str()->check(CLI::Range(1, 256));
  double head_timeout_s = static_cast<double>(server_options.limits.head_timeout.count()) / 1000.0;
  serve->add_option("--request-timeout", head_timeout_s,
                    "Seconds a client has to send a whole request head (also the keep-alive idle time)")
      ->capture_default_str()->check(CLI::Range(0.1, 600.0));
  serve->add_option("--max-connections", server_options.limits.max_connections, "Open connections at most")
      ->capture_default_str()->check(CLI::Range(1, 1'000'000));
  serve->add_option("--max-connections-per-client", server_options.limits.max_connections_per_client,
                    "Open connections at most from one client address")
      ->capture_default_str()->check(CLI::Range(1, 1'000'000));
  std::size_t cache_mb = server_options.response_cache_bytes >> 20;
  serve->add_option("--response-cache-mb", cache_mb, "Memory for cached search responses (0 = off)")
      ->capture_default_str()->check(CLI::Range(0, 65536));
  serve->add_option("--trusted-proxy", server_options.limits.trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable), "
                    "e.g. 127.0.0.1 for nginx on the same machine");
  serve->add_flag("--secure-cookies", server_options.secure_cookies, "Mark cookies Secure (when served over HTTPS)");
  serve->add_option("--public-url", server_options.public_url, "The site's address for absolute links, e.g. https://proven.example.jp");
  serve->add_option("--today", today, "Pretend today (Asia/Tokyo) is this date, YYYY-MM-DD (demos and tests)");
  SmtpFlags smtp_flags;
  AddSmtpFlags(*serve, smtp_flags);
  int busy_timeout_ms = store::kBusyTimeoutMs;
  serve->add_option("--busy-timeout-ms", busy_timeout_ms,
                    "How long a write waits for another writer (e.g. an import) before answering 503")
      ->capture_default_str()->check(CLI::Range(0, 600000));
  double needs_interval_s = 60;
  serve->add_option("--needs-interval", needs_interval_s,
                    "Seconds between rounds of the saved needs' watch (new matches, their mail); 0 turns it off")
      ->capture_default_str()->check(CLI::Range(0.0, 86400.0));
  std::string editions_mode = "monthly";
  serve->add_option("--editions", editions_mode,
                    "monthly: publish a dated edition of the list on the first day the server runs in a month; "
                    "off: only by `proven editions publish`")
      ->capture_default_str()->check(CLI::IsMember({"monthly", "off"}));
  serve->add_option("--log-key", log_key,
                    "The transparency log's signing key file, readable by its owner only "
                    "(default: <database file>.log-key, created when missing; required for PostgreSQL)");
  WafServeFlags waf_flags;
  serve->add_option("--waf-allow-targets", waf_flags.allow_targets,
                    "Hosts the WAF suite may be run against from the verification page: HOST[:PORT],... "
                    "(default none; see docs/waf.md)");
  serve->add_flag("--waf-allow-loopback", waf_flags.allow_loopback,
                  "Allow WAF suite runs against targets on this machine (127.0.0.0/8, ::1)");
  serve->add_option("--waf-corpus", waf_flags.corpus, "The WAF suite's corpus directory (default: the source tree's data/waf)");

  auto* migrate = app.add_subcommand("migrate", "Create the database or apply pending migrations");
  migrate->add_option("--db", db, kDbHelp)->required();
  migrate->add_option("--log-key", log_key,
                      "The transparency log's signing key file, created (mode 0600) when missing "
                      "(default: <database file>.log-key)");

  auto* import = app.add_subcommand("import", "Import data");
  import->require_subcommand(1);
  auto* import_services = import->add_subcommand(
      "services", "Import the service list from CSV (UTF-8 or Shift_JIS; all rows or none)");
  std::string import_file;
  bool dry_run = false;
  bool sample = false;
  import_services->add_option("FILE", import_file, "CSV file with the list's header row")->required();
  import_services->add_option("--db", db, kDbHelp)->required();
  import_services->add_flag("--dry-run", dry_run, "Check everything and report, but write nothing");
  import_services->add_flag("--sample-data", sample, "Mark the data as fictional samples (shows a banner)");

  auto* import_programme = import->add_subcommand(
      "programme", "Replay a programme's history (accounts, calls, applications, reviews, decisions) from JSON "
                   "through the programme's rules; into a database without calls (the demo data)");
  std::string programme_file;
  import_programme->add_option("FILE", programme_file, "JSON file (see data/demo/README.md)")->required();
  import_programme->add_option("--db", db, kDbHelp)->required();

  auto* import_consultations = import->add_subcommand(
      "consultations", "Replay consultations between user companies and vendors from JSON through their rules "
                       "(the demo data; its accounts, products and services must exist)");
  std::string consultations_file;
  std::string consultations_url = "http://127.0.0.1:8080";
  import_consultations->add_option("FILE", consultations_file, "JSON file (see data/demo/README.md)")->required();
  import_consultations->add_option("--db", db, kDbHelp)->required();
  import_consultations->add_option("--public-url", consultations_url, "The site's address for the links in their mail")
      ->capture_default_str();
  auto* import_events = import->add_subcommand(
      "events", "Import the collaboration platform's meetings (and vendors' consultation slots) from JSON, all or "
                "nothing (see src/cli/event_import.hpp)");
  std::string events_file;
  import_events->add_option("FILE", events_file, "JSON file {\"events\": [...]}")->required();
  import_events->add_option("--db", db, kDbHelp)->required();
  auto* import_devices = import->add_subcommand(
      "devices", "Import device verification projects (the demo's data/demo/devices.json) through the workspace's "
                 "rules, as the accounts named in the file; meant for a new database");
  std::string devices_file;
  import_devices->add_option("FILE", devices_file, "JSON file {\"accounts\": [...], \"projects\": [...]}")->required();
  import_devices->add_option("--db", db, kDbHelp)->required();

  auto* export_cmd = app.add_subcommand("export", "Export data");
  export_cmd->require_subcommand(1);
  auto* export_services = export_cmd->add_subcommand("services", "Export the service list");
  std::string format = "csv";
  std::string output;
  std::vector<std::string> filters;
  export_services->add_option("--db", db, kDbHelp)->required();
  export_services->add_option("--format", format, "csv, json or xlsx")->capture_default_str();
  export_services->add_option("--output,-o", output, "Output file (standard output if omitted)");
  export_services->add_option("--where", filters,
                              "Search conditions as in the API, e.g. --where type=audit --where status=valid "
                              "(default: every service)");
  std::string export_encoding;
  std::string export_public_url;
  export_services->add_option("--encoding", export_encoding, "CSV encoding: utf-8 (with BOM, the default) or cp932 (Shift_JIS)");
  export_services->add_option("--public-url", export_public_url,
                              "The site's address, for the detail-page URL column (left empty if omitted)");

  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user (the password is read from standard input)");
  std::string email;
  std::vector<std::string> roles;
  std::string org;
  user_add->add_option("EMAIL", email)->required();
  user_add->add_option("--role", roles, "admin, registrar, vendor, reviewer, verifier or user (repeatable)")->required();
  user_add->add_option("--org", org, "The organisation the user acts for (created on first use)");
  user_add->add_option("--db", db, kDbHelp)->required();
  auto* user_list = user->add_subcommand("list", "List users");
  user_list->add_option("--db", db, kDbHelp)->required();
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  user_disable->add_option("EMAIL", email)->required();
  user_disable->add_option("--db", db, kDbHelp)->required();

  auto* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token for a user (printed once)");
  std::string token_name = "api";
  token_create->add_option("EMAIL", email)->required();
  token_create->add_option("--name", token_name, "A label for the token")->capture_default_str();
  token_create->add_option("--db", db, kDbHelp)->required();
  auto* token_list = token->add_subcommand("list", "List a user's tokens");
  token_list->add_option("EMAIL", email)->required();
  token_list->add_option("--db", db, kDbHelp)->required();
  auto* token_revoke = token->add_subcommand("revoke", "Revoke a user's token");
  std::int64_t token_id = 0;
  token_revoke->add_option("EMAIL", email)->required();
  token_revoke->add_option("--id", token_id, "The token's id (see token list)")->required();
  token_revoke->add_option("--db", db, kDbHelp)->required();

  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "Check the audit log's hash chain, and the audit heads anchored in the transparency log");
  audit_verify->add_option("--db", db, kDbHelp)->required();

  std::string copy_from;
  std::string copy_to;
  auto* copy = app.add_subcommand(
      "copy", "Copy a whole registry into an empty, migrated database (e.g. from SQLite to PostgreSQL), "
              "then check counts and the audit chain");
  copy->add_option("--from", copy_from, "Source: " + std::string(kDbHelp))->required();
  copy->add_option("--to", copy_to, "Destination: " + std::string(kDbHelp))->required();

  std::string backup_to;
  auto* backup = app.add_subcommand(
      "backup", "Copy a SQLite database to a new file while the server runs (SQLite's online backup)");
  backup->add_option("--db", db, "SQLite database file")->required();
  backup->add_option("--to", backup_to, "The backup file to create (never overwritten)")->required();

  MailCommands mail_commands = AddMailCommands(app, db);
  NeedsCommands needs_commands = AddNeedsCommands(app, db);
  EditionCommands edition_commands = AddEditionCommands(app, db);
  LogCommands log_commands = AddLogCommands(app, db);
  SbomCommands sbom_commands = AddSbomCommands(app, db);
  const auto waf_commands = AddWafCommands(app);
  const CvssCommands cvss_commands = AddCvssCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (CvssCommandParsed(cvss_commands)) return RunCvssCommand(cvss_commands);  // pure: no crypto, no db
  if (auto st = InitCrypto(); !st) return PrintError(st.error()), kExitFailure;
  if (WafCommandParsed(*waf_commands)) return RunWafCommand(*waf_commands);
  if (user_add->parsed()) return RunUserAdd(db, email, roles, org);
  if (user_list->parsed()) return RunUserList(db);
  if (user_disable->parsed()) return RunUserDisable(db, email);
  if (token_create->parsed()) return RunTokenCreate(db, email, token_name);
  if (token_list->parsed()) return RunTokenList(db, email);
  if (token_revoke->parsed()) return RunTokenRevoke(db, email, token_id);
  if (audit_verify->parsed()) return RunAuditVerify(db);
  if (LogCommandParsed(log_commands)) {
    return RunLogCommand(log_commands, db, [](const std::string& d) { return OpenDatabase(d, false, true); });
  }
  if (copy->parsed()) return RunCopy(copy_from, copy_to);
  if (backup->parsed()) return RunBackup(db, backup_to);
  if (MailCommandParsed(mail_commands)) {
    auto pool = OpenDatabase(db, false, true);
    if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
    return RunMailCommand(mail_commands, **pool);
  }
  if (EditionCommandParsed(edition_commands)) {
    auto pool = OpenDatabase(db, false, true);
    if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
    return RunEditionCommand(edition_commands, **pool);
  }
  if (SbomCommandParsed(sbom_commands)) return RunSbomCommand(sbom_commands, db);
  if (NeedsCommandParsed(needs_commands)) {
    auto pool = OpenDatabase(db, false, true);
    if (!pool) return PrintError(pool.error()), ExitFor(pool.error());
    return RunNeedsCommand(needs_commands, **pool);
  }

  if (serve->parsed()) {
    server_options.response_cache_bytes = cache_mb << 20;
    server_options.limits.head_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(head_timeout_s * 1000));
    web::BlockStopSignals();
    return RunServe(db, server_options, today, busy_timeout_ms, smtp_flags, needs_interval_s, log_key,
                    editions_mode == "monthly", waf_flags);
  }
  if (migrate->parsed()) return RunMigrate(db, log_key);
  if (import_services->parsed()) return RunImport(db, import_file, dry_run, sample);
  if (import_programme->parsed()) return RunImportProgramme(db, programme_file);
  if (import_consultations->parsed()) return RunImportConsultations(db, consultations_file, consultations_url);
  if (import_events->parsed()) return RunImportEvents(db, events_file);
  if (import_devices->parsed()) return RunImportDevices(db, devices_file);
  if (export_services->parsed()) {
    if (format == "xlsx" && (output.empty() || output == "-") && isatty(fileno(stdout))) {
      std::fprintf(stderr, "error: xlsx is binary; give --output FILE or redirect standard output\n");
      return kExitBadInput;
    }
    return RunExport(db, format, output, filters, export_encoding, export_public_url);
  }
  return kExitFailure;
}

}  // namespace proven::cli
