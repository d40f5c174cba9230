#include "cli/app.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "services/change_watcher.hpp"
#include "services/registry_service.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "store/settings_store.hpp"
#include "services/query_params.hpp"
#include "web/server.hpp"

namespace proven::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

void PrintError(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (!e.detail.empty()) std::fprintf(stderr, "  detail: %s\n", e.detail.c_str());
}

// Opens an existing database (or creates it when `create`) and checks its schema is current.
Result<std::unique_ptr<store::ConnectionPool>> OpenDatabase(const std::string& path, bool create,
                                                            bool require_current) {
  if (!create && !std::filesystem::exists(path)) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("the database {} does not exist (create it with: proven migrate --db {})", path, path));
  }
  auto pool = std::make_unique<store::ConnectionPool>(path, create);
  auto conn = pool->Acquire();
  if (!conn) return Fail(conn.error());
  if (require_current) {
    auto pending = store::PendingMigrations(**conn);
    if (!pending) return Fail(pending.error());
    if (!pending->empty()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  fmt::format("the database {} has {} pending migration(s) (first: {}); run: proven migrate --db {}",
                              path, pending->size(), pending->front().name, path));
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

int RunMigrate(const std::string& db) {
  if (auto parent = std::filesystem::path(db).parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  auto pool = OpenDatabase(db, true, false);
  if (!pool) return PrintError(pool.error()), kExitFailure;
  auto conn = (*pool)->Acquire();
  if (!conn) return PrintError(conn.error()), kExitFailure;
  auto applied = store::ApplyMigrations(**conn);
  if (!applied) return PrintError(applied.error()), kExitFailure;
  if (applied->empty()) {
    std::printf("%s is up to date\n", db.c_str());
  } else {
    for (const auto& name : *applied) std::printf("applied %s\n", name.c_str());
  }
  return kExitOk;
}

int RunServe(const std::string& db, web::ServerOptions options, const std::string& today) {
  if (!today.empty()) {
    auto d = ParseIsoDate(today);
    if (!d) return PrintError(MakeError(ErrorCode::kInvalidArgument, "--today: " + d.error().message)), kExitBadInput;
    options.today = [d = *d] { return d; };
  }
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), kExitFailure;
  store::SqliteServiceStore service_store(**pool);
  store::SqliteSettingsStore settings(**pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return PrintError(st.error()), kExitFailure;
  auto sample = settings.Get(store::kSettingSampleData);
  if (!sample) return PrintError(sample.error()), kExitFailure;
  options.sample_data = sample->value_or("0") == "1";
  // Changes written by other processes (imports, other instances) reach the index within ~50 ms.
  services::ChangeWatcher watcher(registry, std::chrono::milliseconds(50));
  if (auto st = web::RunServer(registry, options); !st) return PrintError(st.error()), kExitFailure;
  return kExitOk;
}

int RunImport(const std::string& db, const std::string& file, bool dry_run, bool sample) {
  auto bytes = ReadFile(file);
  if (!bytes) return PrintError(bytes.error()), kExitBadInput;
  auto pool = OpenDatabase(db, false, true);
  if (!pool) return PrintError(pool.error()), kExitFailure;
  store::SqliteServiceStore service_store(**pool);
  services::RegistryService registry(service_store);
  auto report = registry.ImportServices(*bytes, dry_run);
  if (!report) return PrintError(report.error()), kExitFailure;
  for (const auto& w : report->warnings) std::fprintf(stderr, "%s: warning: %s\n", file.c_str(), w.c_str());
  if (!report->problems.empty()) {
    for (const auto& line : report->FormatProblems(file)) std::fprintf(stderr, "%s\n", line.c_str());
    std::fprintf(stderr, "%zu problem(s) found; nothing was imported.\n", report->problems.size());
    return kExitBadInput;
  }
  if (sample && !dry_run) {
    store::SqliteSettingsStore settings(**pool);
    if (auto st = settings.Set(store::kSettingSampleData, "1"); !st) return PrintError(st.error()), kExitFailure;
  }
  const auto& o = report->outcome;
  std::printf("%s%s (%s): %zu rows: %d added, %d updated, %d unchanged\n", dry_run ? "dry run, nothing written: " : "",
              file.c_str(), std::string(TextEncodingName(report->encoding)).c_str(), report->rows, o.added,
              o.updated, o.unchanged);
  return kExitOk;
}

int RunExport(const std::string& db, const std::string& format_text, const std::string& output,
              const std::vector<std::string>& filters) {
  auto format = services::ExportFormatFromString(format_text);
  if (!format) return PrintError(MakeError(ErrorCode::kInvalidArgument, "--format must be csv, json or xlsx")), kExitBadInput;
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
  if (!pool) return PrintError(pool.error()), kExitFailure;
  store::SqliteServiceStore service_store(**pool);
  services::RegistryService registry(service_store);
  if (auto st = registry.Reload(); !st) return PrintError(st.error()), kExitFailure;
  auto q = parsed->query;
  if (!params.contains("sort")) q.sort = search::SortKey::kName;
  auto file = registry.Export(q, *format);
  if (!file) return PrintError(file.error()), kExitFailure;
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
  auto* serve = app.add_subcommand("serve", "Serve the web pages and the JSON API");
  web::ServerOptions server_options;
  std::string today;
  serve->add_option("--db", db, "SQLite database file")->required();
  serve->add_option("--host", server_options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", server_options.port, "Port (0 picks a free one)")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_option("--threads", server_options.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 1024));
  std::size_t cache_mb = server_options.response_cache_bytes >> 20;
  serve->add_option("--response-cache-mb", cache_mb, "Memory for cached search responses (0 = off)")
      ->capture_default_str()->check(CLI::Range(0, 65536));
  serve->add_option("--today", today, "Pretend today (Asia/Tokyo) is this date, YYYY-MM-DD (demos and tests)");

  auto* migrate = app.add_subcommand("migrate", "Create the database or apply pending migrations");
  migrate->add_option("--db", db, "SQLite database file")->required();

  auto* import = app.add_subcommand("import", "Import data");
  import->require_subcommand(1);
  auto* import_services = import->add_subcommand(
      "services", "Import the service list from CSV (UTF-8 or Shift_JIS; all rows or none)");
  std::string import_file;
  bool dry_run = false;
  bool sample = false;
  import_services->add_option("FILE", import_file, "CSV file with the list's header row")->required();
  import_services->add_option("--db", db, "SQLite database file")->required();
  import_services->add_flag("--dry-run", dry_run, "Check everything and report, but write nothing");
  import_services->add_flag("--sample-data", sample, "Mark the data as fictional samples (shows a banner)");

  auto* export_cmd = app.add_subcommand("export", "Export data");
  export_cmd->require_subcommand(1);
  auto* export_services = export_cmd->add_subcommand("services", "Export the service list");
  std::string format = "csv";
  std::string output;
  std::vector<std::string> filters;
  export_services->add_option("--db", db, "SQLite database file")->required();
  export_services->add_option("--format", format, "csv, json or xlsx")->capture_default_str();
  export_services->add_option("--output,-o", output, "Output file (standard output if omitted)");
  export_services->add_option("--where", filters,
                              "Search conditions as in the API, e.g. --where type=audit --where status=valid "
                              "(default: every service)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (serve->parsed()) {
    server_options.response_cache_bytes = cache_mb << 20;
    web::BlockStopSignals();
    return RunServe(db, server_options, today);
  }
  if (migrate->parsed()) return RunMigrate(db);
  if (import_services->parsed()) return RunImport(db, import_file, dry_run, sample);
  if (export_services->parsed()) {
    if (format == "xlsx" && (output.empty() || output == "-") && isatty(fileno(stdout))) {
      std::fprintf(stderr, "error: xlsx is binary; give --output FILE or redirect standard output\n");
      return kExitBadInput;
    }
    return RunExport(db, format, output, filters);
  }
  return kExitFailure;
}

}  // namespace proven::cli
