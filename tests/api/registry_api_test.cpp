// The real `proven` binary: CLI commands and the HTTP API on port 0 with a temp database.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/csv.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ReadFile;
using testing::RunProven;
using testing::ServerProcess;
using testing::SourcePath;
using testing::TempDir;

class Cli : public ::testing::Test {
 protected:
  std::string Db() { return database_.spec(); }
  void Migrate() { ASSERT_EQ(RunProven({"migrate", "--db", Db()}).exit_code, 0); }
  TempDir dir_;
  testing::TestDatabase database_{dir_, "p.db"};
};

TEST_F(Cli, EverySubcommandHasHelp) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"import", "services", "--help"},
           {"export", "services", "--help"}}) {
    auto r = RunProven(args);
    EXPECT_EQ(r.exit_code, 0) << args.front();
    EXPECT_NE(r.out.find("--"), std::string::npos);
  }
}

// SQLite files in particular (the PostgreSQL database of this run stays untouched).
TEST_F(Cli, ServeRefusesPendingMigrationsAndMissingDatabases) {
  const std::string file = (dir_ / "own.db").string();
  auto missing = RunProven({"serve", "--db", file, "--port", "0"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  // An empty SQLite file has every migration pending.
  testing::WriteFile(dir_ / "own.db", "");
  auto pending = RunProven({"serve", "--db", file, "--port", "0"});
  EXPECT_NE(pending.exit_code, 0);
  EXPECT_NE(pending.err.find("pending migration"), std::string::npos) << pending.err;
  EXPECT_NE(pending.err.find("proven migrate --db"), std::string::npos);
  Migrate();
  auto again = RunProven({"migrate", "--db", Db()});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("up to date"), std::string::npos);
}

// A --db that is not a SQLite file path is refused before anything is created (it used to make a
// folder "postgresql:" with a database in it).
TEST_F(Cli, RefusesADatabaseValueThatIsNeitherASqlitePathNorAPostgresUrl) {
  const auto here = std::filesystem::current_path();
  std::filesystem::current_path(dir_.path());
  for (const std::string db : {"http://x/y.db", "mysql://h/db", "postgresql://"}) {
    for (const std::string cmd : {"migrate", "serve"}) {
      auto r = RunProven({cmd, "--db", db});
      EXPECT_EQ(r.exit_code, 2) << cmd << " " << db << ": " << r.err;
      EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;
    }
  }
  // A PostgreSQL URL is a database, never a path: no server listens there, so the command says
  // it cannot connect, and nothing appears on disk.
  auto unreachable = RunProven({"migrate", "--db", "postgresql://proven:secret@127.0.0.1:1/proven?connect_timeout=2"});
  EXPECT_NE(unreachable.exit_code, 0);
  EXPECT_NE(unreachable.err.find("cannot connect to the database postgresql://proven:***@127.0.0.1:1/proven"),
            std::string::npos)
      << unreachable.err;
  EXPECT_EQ(unreachable.err.find("secret"), std::string::npos) << "the password is never printed";
  EXPECT_FALSE(std::filesystem::exists(dir_ / "postgresql:")) << "no folder named after the scheme";
  EXPECT_FALSE(std::filesystem::exists(dir_ / "postgres:"));
  auto folder = RunProven({"migrate", "--db", dir_.path().string()});
  EXPECT_NE(folder.exit_code, 0);
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
  std::filesystem::current_path(here);
}

// `proven copy` moves a whole registry between stores (SQLite → this run's store → SQLite): the
// same services, history, accounts and audit chain on every side, and a non-empty destination is
// refused.
TEST_F(Cli, CopyMovesTheWholeRegistryBetweenStoresWithItsAuditChain) {
  const std::string src = (dir_ / "source.db").string();
  ASSERT_EQ(RunProven({"migrate", "--db", src}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", src}).exit_code, 0);
  testing::AddUsersWithTokens(src, {{"a@example.jp", "registrar", "審査機構A"}, {"v@example.jp", "vendor", "ベンダー"}});
  Migrate();
  auto copied = RunProven({"copy", "--from", src, "--to", Db()});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_NE(copied.out.find("counts match, audit log intact"), std::string::npos) << copied.out;
  EXPECT_NE(copied.out.find("services         10 rows"), std::string::npos) << copied.out;

  auto again = RunProven({"copy", "--from", src, "--to", Db()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;

  const std::string back = (dir_ / "back.db").string();
  ASSERT_EQ(RunProven({"migrate", "--db", back}).exit_code, 0);
  auto returned = RunProven({"copy", "--from", Db(), "--to", back});
  ASSERT_EQ(returned.exit_code, 0) << returned.err;

  auto head = [](const std::string& db) {
    auto v = RunProven({"audit", "verify", "--db", db});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    return v.out.substr(v.out.find("entries"));
  };
  for (const std::string& db : {Db(), back}) {
    EXPECT_EQ(RunProven({"export", "services", "--db", db, "--format", "json"}).out,
              RunProven({"export", "services", "--db", src, "--format", "json"}).out);
    EXPECT_EQ(head(db), head(src));
    EXPECT_EQ(RunProven({"user", "list", "--db", db}).out, RunProven({"user", "list", "--db", src}).out);
    EXPECT_EQ(RunProven({"token", "list", "a@example.jp", "--db", db}).out,
              RunProven({"token", "list", "a@example.jp", "--db", src}).out);
  }
  // New rows continue after the copied ids.
  auto added = RunProven({"user", "add", "new@example.jp", "--role", "user", "--db", Db()},
                         std::string(testing::kTestPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("added user 3 "), std::string::npos) << added.out;
  EXPECT_EQ(RunProven({"audit", "verify", "--db", Db()}).exit_code, 0);
}

// `proven backup` copies a SQLite database while a server has it open; the copy verifies and
// exports the same; an existing file is never overwritten; PostgreSQL is pointed to pg_dump.
TEST_F(Cli, BackupCopiesALiveSqliteDatabase) {
  const std::string src = (dir_ / "live.db").string();
  ASSERT_EQ(RunProven({"migrate", "--db", src}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", src}).exit_code, 0);
  ServerProcess server(src);
  const std::string to = (dir_ / "backup.db").string();
  auto backup = RunProven({"backup", "--db", src, "--to", to});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("audit log intact"), std::string::npos) << backup.out;
  EXPECT_EQ(RunProven({"export", "services", "--db", to, "--format", "csv"}).out,
            RunProven({"export", "services", "--db", src, "--format", "csv"}).out);
  EXPECT_EQ(RunProven({"audit", "verify", "--db", to}).exit_code, 0);
  auto twice = RunProven({"backup", "--db", src, "--to", to});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("never overwrites"), std::string::npos) << twice.err;
  auto pg = RunProven({"backup", "--db", "postgresql://proven@127.0.0.1:1/proven", "--to", (dir_ / "x.db").string()});
  EXPECT_EQ(pg.exit_code, 2);
  EXPECT_NE(pg.err.find("pg_dump"), std::string::npos) << pg.err;
  EXPECT_TRUE(server.Running());
}

TEST_F(Cli, ImportReportsCountsAndDryRunWritesNothing) {
  Migrate();
  const auto fixture = SourcePath("tests/fixtures/services_small.csv");
  auto dry = RunProven({"import", "services", fixture, "--db", Db(), "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("dry run, nothing written"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("10 added"), std::string::npos);
  auto exported = RunProven({"export", "services", "--db", Db(), "--format", "json"});
  EXPECT_EQ(json::parse(exported.out).size(), 0u);

  auto real = RunProven({"import", "services", fixture, "--db", Db()});
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_NE(real.out.find("10 rows: 10 added, 0 updated, 0 unchanged"), std::string::npos) << real.out;
  auto sjis = RunProven({"import", "services", SourcePath("tests/fixtures/services_small_sjis.csv"), "--db", Db()});
  EXPECT_NE(sjis.out.find("Shift_JIS (CP932)"), std::string::npos) << sjis.out;
  EXPECT_NE(sjis.out.find("0 added, 0 updated, 10 unchanged"), std::string::npos) << sjis.out;
}

TEST_F(Cli, BadImportListsFileLineColumnAndChangesNothing) {
  Migrate();
  ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", Db()}).exit_code, 0);
  const auto before = RunProven({"export", "services", "--db", Db(), "--format", "csv"}).out;
  const auto bad = (dir_ / "bad.csv").string();
  testing::WriteFile(bad,
                     "サービス名,事業者名称,事業者所在地,登録年月日,有効期限,審査登録機関名,サービス種別\n"
                     "新サービス,新社,東京都港区,2025/01/01,2026/01/01,A,脆弱性診断\n"
                     "悪い行,社,東京都港区,2025/01/01,2024/01/01,A,監査\n");
  auto r = RunProven({"import", "services", bad, "--db", Db()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":3: 有効期限: expiry 2024-01-01 is before registration 2025-01-01"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad + ":3: サービス種別: unknown service type '監査'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 problem(s) found; nothing was imported."), std::string::npos) << r.err;
  EXPECT_EQ(RunProven({"export", "services", "--db", Db(), "--format", "csv"}).out, before);

  auto missing_file = RunProven({"import", "services", (dir_ / "nope.csv").string(), "--db", Db()});
  EXPECT_NE(missing_file.exit_code, 0);
  EXPECT_NE(missing_file.err.find("cannot read"), std::string::npos);
}

TEST_F(Cli, ExportsToFilesInEveryFormatAndRoundTrips) {
  Migrate();
  ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", Db()}).exit_code, 0);
  const auto csv = (dir_ / "out.csv").string();
  const auto xlsx = (dir_ / "out.xlsx").string();
  ASSERT_EQ(RunProven({"export", "services", "--db", Db(), "--format", "csv", "--output", csv}).exit_code, 0);
  ASSERT_EQ(RunProven({"export", "services", "--db", Db(), "--format", "xlsx", "-o", xlsx}).exit_code, 0);
  EXPECT_TRUE(ReadFile(xlsx).starts_with("PK"));
  auto filtered = RunProven({"export", "services", "--db", Db(), "--format", "json", "--where", "type=audit"});
  EXPECT_EQ(json::parse(filtered.out).size(), 2u);
  auto bad_where = RunProven({"export", "services", "--db", Db(), "--where", "type=nope"});
  EXPECT_EQ(bad_where.exit_code, 2);
  EXPECT_NE(bad_where.err.find("type"), std::string::npos);

  // Export → import into a new database → export again: identical but for the ids (the new
  // database numbers the services in the file's order); the import ignores ID, 状態 and
  // 詳細ページURL (empty without --public-url) silently.
  testing::TestDatabase second(dir_, "second.db");
  const std::string db2 = second.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db2}).exit_code, 0);
  auto imp = RunProven({"import", "services", csv, "--db", db2});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.out.find("UTF-8 (BOM)"), std::string::npos);
  EXPECT_EQ(imp.err.find("ignored"), std::string::npos) << imp.err;
  auto without_ids = [](const std::string& text) {
    auto records = ParseCsv(text);
    EXPECT_TRUE(records);
    std::vector<std::vector<std::string>> out;
    for (auto& r : *records) {
      EXPECT_EQ(r.fields.size(), 15u);
      EXPECT_EQ(r.fields.back(), out.empty() ? "詳細ページURL" : "");
      EXPECT_EQ(r.fields[11], out.empty() ? "登録番号" : "") << "the demo's services have no registration number";
      r.fields.erase(r.fields.begin() + 12);
      out.push_back(r.fields);
    }
    return out;
  };
  const std::string again = RunProven({"export", "services", "--db", db2, "--format", "csv"}).out;
  EXPECT_TRUE(again.starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(without_ids(again), without_ids(ReadFile(csv)));
  auto sjis = RunProven({"export", "services", "--db", db2, "--format", "csv", "--encoding", "cp932",
                         "--public-url", "https://proven.example.jp"});
  EXPECT_EQ(sjis.exit_code, 0) << sjis.err;
  EXPECT_FALSE(sjis.out.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(sjis.out.find("https://proven.example.jp/services/"), std::string::npos);
  EXPECT_EQ(RunProven({"export", "services", "--db", db2, "--format", "json", "--encoding", "cp932"}).exit_code, 2);
}

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "api.db");
    const std::string db = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
    ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", db}).exit_code, 0);
    server_ = new ServerProcess(db, {"--today", "2026-11-28"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete dir_;
  }
  httplib::Result Get(const std::string& path) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(10, 0);
    return c.Get(path.c_str());
  }
  json GetJson(const std::string& path, int want_status = 200) {
    auto r = Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return {};
    EXPECT_EQ(r->status, want_status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    return json::parse(r->body);
  }
  static std::string Enc(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c)) {
        out.push_back(static_cast<char>(c));
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  }
  static TempDir* dir_;
  static testing::TestDatabase* database_;
  static ServerProcess* server_;
};
TempDir* Api::dir_ = nullptr;
testing::TestDatabase* Api::database_ = nullptr;
ServerProcess* Api::server_ = nullptr;

TEST_F(Api, HealthAndSecurityHeaders) {
  auto r = Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["status"], "ok");
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Content-Security-Policy").find("unsafe-inline"), std::string::npos);
}

TEST_F(Api, SearchTotalsItemsAndFacets) {
  auto j = GetJson("/api/v1/services");
  EXPECT_EQ(j["total"], 6);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["per_page"], 20);
  ASSERT_EQ(j["items"].size(), 6u);
  const auto& item = j["items"][0];
  for (const char* k : {"id", "name", "provider", "address", "prefecture", "overview", "industries", "regions",
                        "type", "registrar", "registered_on", "expires_on", "url", "status"}) {
    EXPECT_TRUE(item.contains(k)) << k;
  }
  EXPECT_EQ(j["facets"]["type"]["audit"], 2);
  EXPECT_EQ(j["facets"]["prefecture"]["東京都"], 3);
  EXPECT_EQ(j["facets"]["registrar"]["審査機構A"], 3);
  EXPECT_FALSE(j["facets"]["type"].contains("device_verification")) << "zero counts are left out";

  auto audit = GetJson("/api/v1/services?type=audit&region=" + Enc("北海道"));
  EXPECT_EQ(audit["total"], 1);
  EXPECT_EQ(audit["items"][0]["name"], "内部監査支援");
  EXPECT_EQ(audit["facets"]["type"]["penetration_test"], 1) << "disjunctive: the type facet ignores type=";
  EXPECT_EQ(GetJson("/api/v1/services?q=" + Enc("ﾌｫﾚﾝｼﾞｯｸ"))["total"], 1);
  EXPECT_EQ(GetJson("/api/v1/services?q=OT")["total"], 1);
  EXPECT_EQ(GetJson("/api/v1/services?q=SOC&status=all")["total"], 2);
  EXPECT_EQ(GetJson("/api/v1/services?status=expired")["total"], 3);
  EXPECT_EQ(GetJson("/api/v1/services?status=expired")["items"][0]["status"], "expired");
  EXPECT_EQ(GetJson("/api/v1/services?as_of=2026-06-01")["total"], 7);
  auto page = GetJson("/api/v1/services?per_page=4&page=2&sort=expires_on");
  EXPECT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["page"], 2);
}

TEST_F(Api, OneServiceAndNotFound) {
  auto list = GetJson("/api/v1/services?per_page=1");
  const auto id = list["items"][0]["id"].get<std::int64_t>();
  auto one = GetJson("/api/v1/services/" + std::to_string(id));
  EXPECT_EQ(one, list["items"][0]);
  auto missing = GetJson("/api/v1/services/999999", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  auto junk = GetJson("/api/v1/services/abc", 404);
  EXPECT_EQ(junk["error"]["code"], "not_found");
  auto nowhere = GetJson("/api/v2/nothing", 404);
  EXPECT_EQ(nowhere["error"]["code"], "not_found");
}

TEST_F(Api, InvalidParametersAre400WithTheParameterNamed) {
  for (const auto& [query, param] : std::vector<std::pair<std::string, std::string>>{
           {"per_page=0", "per_page"}, {"per_page=101", "per_page"}, {"page=0", "page"},
           {"as_of=2026-13-01", "as_of"}, {"type=unknown", "type"}, {"status=maybe", "status"},
           {"sort=random", "sort"}}) {
    auto j = GetJson("/api/v1/services?" + query, 400);
    EXPECT_EQ(j["error"]["code"], "invalid_argument") << query;
    EXPECT_EQ(j["error"]["parameter"], param) << query;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  }
}

TEST_F(Api, ExportsTheCurrentResult) {
  auto csv = Get("/api/v1/services/export?format=csv&type=vulnerability_assessment");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment; filename=\"proven-services-20261128.csv\""),
            std::string::npos);
  EXPECT_TRUE(csv->body.starts_with("\xEF\xBB\xBFサービス名,"));
  EXPECT_NE(csv->body.find("クラウド診断"), std::string::npos);
  EXPECT_EQ(csv->body.find("内部監査支援"), std::string::npos);
  auto js = Get("/api/v1/services/export?format=json&status=all&page=2&per_page=500");
  EXPECT_EQ(js->status, 200) << "paging parameters of the page's URL do not apply to an export";
  EXPECT_EQ(json::parse(js->body).size(), 10u);
  auto xlsx = Get("/api/v1/services/export?format=xlsx");
  EXPECT_TRUE(xlsx->body.starts_with("PK"));
  auto bad = GetJson("/api/v1/services/export?format=pdf", 400);
  EXPECT_EQ(bad["error"]["parameter"], "format");
}

TEST_F(Api, ExportColumnsCp932AndTheProviderAndExpiryParameters) {
  auto csv = Get("/api/v1/services/export?format=csv&status=all&provider=" + Enc("株式会社テスト丁"));
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find(",ホームページ,登録番号,ID,状態,詳細ページURL\r\n"), std::string::npos) << "export-only columns last";
  EXPECT_NE(csv->body.find(",期限切れ,http://"), std::string::npos) << csv->body;
  EXPECT_NE(csv->body.find("/services/"), std::string::npos);
  const auto provider = GetJson("/api/v1/services?status=all&provider=" + Enc("株式会社テスト丁"));
  EXPECT_EQ(provider["total"], 2);
  EXPECT_EQ(GetJson("/api/v1/services?status=all&provider=" + Enc("株式会社テスト"))["total"], 0) << "exact names only";
  const auto ranged = GetJson("/api/v1/services?status=all&expires_from=2027-01-31&expires_to=2027-03-31");
  EXPECT_EQ(ranged["total"], 2) << "inclusive at both ends";
  EXPECT_EQ(GetJson("/api/v1/services?expires_to=2027-02-30", 400)["error"]["parameter"], "expires_to");

  auto sjis = Get("/api/v1/services/export?format=csv&status=all&encoding=cp932");
  ASSERT_TRUE(sjis);
  EXPECT_EQ(sjis->status, 200);
  EXPECT_EQ(sjis->get_header_value("Content-Type"), "text/csv; charset=Shift_JIS");
  EXPECT_EQ(sjis->get_header_value("X-Proven-Unmappable-Characters"), "0");
  EXPECT_TRUE(sjis->body.starts_with("\x83\x54\x81\x5B\x83\x72\x83\x58\x96\xBC,")) << "サービス名 in CP932, no BOM";
  EXPECT_EQ(GetJson("/api/v1/services/export?format=json&encoding=cp932", 400)["error"]["parameter"], "encoding");
  EXPECT_EQ(GetJson("/api/v1/services/export?format=csv&encoding=latin1", 400)["error"]["parameter"], "encoding");
}

TEST_F(Api, StandingDownloadsPerType) {
  auto page = Get("/downloads");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("href=\"/downloads/vulnerability_assessment.csv\""), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/downloads/device_verification.xlsx\""), std::string::npos);
  auto csv = Get("/downloads/vulnerability_assessment.csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("proven-vulnerability_assessment-20261128.csv"),
            std::string::npos);
  // Valid on the day only: クラウド診断 and スマホアプリ診断, not the expired Web one, sorted by name.
  EXPECT_NE(csv->body.find("クラウド診断"), std::string::npos);
  EXPECT_EQ(csv->body.find("Webアプリケーション脆弱性診断"), std::string::npos);
  EXPECT_EQ(csv->body.find("内部監査支援"), std::string::npos);
  EXPECT_EQ(Get("/downloads/vulnerability_assessment.csv")->body, csv->body) << "stable (served from the cache)";
  auto sjis = Get("/downloads/vulnerability_assessment.csv?encoding=cp932");
  EXPECT_EQ(sjis->get_header_value("Content-Type"), "text/csv; charset=Shift_JIS");
  EXPECT_EQ(Get("/downloads/vulnerability_assessment.xlsx?encoding=cp932")->status, 400);
  auto xlsx = Get("/downloads/forensics.xlsx");
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_TRUE(xlsx->body.starts_with("PK"));
  EXPECT_EQ(Get("/downloads/unknown.csv")->status, 404);
}

TEST_F(Api, ProviderAndRegistrationBodyPages) {
  auto provider = Get("/providers?name=" + Enc("株式会社テスト丁"));
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->status, 200);
  EXPECT_NE(provider->body.find("Webアプリケーション脆弱性診断"), std::string::npos);
  EXPECT_NE(provider->body.find("フォレンジック調査サービス"), std::string::npos);
  EXPECT_EQ(provider->body.find("クラウド診断"), std::string::npos);
  EXPECT_NE(provider->body.find("href=\"/registration-bodies?name="), std::string::npos) << "links to the bodies";
  auto valid_only = Get("/providers?status=valid&name=" + Enc("株式会社テスト丁"));
  EXPECT_EQ(valid_only->body.find("Webアプリケーション脆弱性診断"), std::string::npos) << "the status filter";
  EXPECT_NE(valid_only->body.find("フォレンジック調査サービス"), std::string::npos);
  EXPECT_EQ(Get("/providers?name=" + Enc("いない会社"))->status, 404);
  auto body = Get("/registration-bodies?lang=en&name=" + Enc("審査機構C"));
  EXPECT_EQ(body->status, 200);
  EXPECT_NE(body->body.find("Registration body: 審査機構C"), std::string::npos);
  EXPECT_NE(body->body.find("クラウド診断"), std::string::npos);
  auto index = Get("/registration-bodies");
  EXPECT_EQ(index->status, 200);
  for (const char* name : {"審査機構A", "審査機構B", "審査機構C"}) EXPECT_NE(index->body.find(name), std::string::npos);
  EXPECT_NE(Get("/providers")->body.find("株式会社テスト丁"), std::string::npos);
  // The search results and the detail page link the names.
  auto results = Get("/services?status=all&q=" + Enc("クラウド診断"));
  EXPECT_NE(results->body.find("href=\"/providers?name="), std::string::npos);
  EXPECT_EQ(Get("/providers?status=maybe&name=x")->status, 400);
}

TEST_F(Api, Stats) {
  auto j = GetJson("/api/v1/stats");
  EXPECT_EQ(j["total"], 6);
  EXPECT_EQ(j["by_type"]["vulnerability_assessment"], 2);
  EXPECT_EQ(j["by_type_and_prefecture"]["vulnerability_assessment"]["福岡県"], 1);
  EXPECT_EQ(GetJson("/api/v1/stats?as_of=2026-06-01")["total"], 7);
  EXPECT_EQ(GetJson("/api/v1/stats?as_of=June", 400)["error"]["parameter"], "as_of");
}

TEST_F(Api, PagesRenderInBothLanguages) {
  for (const std::string& path : std::vector<std::string>{"/", "/services", "/services?q=" + Enc("監査") + "&type=audit", "/stats"}) {
    auto ja = Get(path);
    ASSERT_TRUE(ja);
    EXPECT_EQ(ja->status, 200) << path;
    EXPECT_EQ(ja->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(ja->body.find("<html lang=\"ja\">"), std::string::npos) << path;
    auto en = Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "lang=en");
    EXPECT_NE(en->body.find("<html lang=\"en\">"), std::string::npos) << path;
    EXPECT_NE(en->get_header_value("Set-Cookie").find("proven_lang=en"), std::string::npos);
  }
  auto detail = Get("/services/1");
  EXPECT_EQ(detail->status, 200);
  EXPECT_NE(detail->body.find("制御システム(OT)ペネトレーションテスト"), std::string::npos);
  EXPECT_EQ(Get("/services/999999")->status, 404);
  EXPECT_EQ(Get("/no/such/page")->status, 404);
  auto bad = Get("/services?per_page=0");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("per_page"), std::string::npos);
  EXPECT_EQ(bad->body.find("data-testid=\"total\""), std::string::npos) << "no result count beside an error";
  auto marked = Get("/services?status=all&q=" + Enc("ＳＯＣ"));
  EXPECT_NE(marked->body.find("<mark>SOC</mark>2対応アセスメント"), std::string::npos) << "matched terms are highlighted";
  EXPECT_NE(marked->body.find("<mark>SOC</mark>による常時監視"), std::string::npos) << "in the overview snippet too";
  auto past_end = Get("/services?page=99");
  EXPECT_EQ(past_end->status, 200);
  EXPECT_NE(past_end->body.find("data-testid=\"out-of-range\""), std::string::npos);
  EXPECT_NE(past_end->body.find("href=\"/services\""), std::string::npos) << "a link back to page 1";
}

TEST_F(Api, StaticAssetsAreFingerprintedAndCachedForever) {
  auto home = Get("/");
  const auto pos = home->body.find("/static/css/app.");
  ASSERT_NE(pos, std::string::npos);
  const auto end = home->body.find('"', pos);
  auto css = Get(home->body.substr(pos, end - pos));
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_NE(css->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(Get("/static/css/app.css")->status, 404) << "only fingerprinted names are served";
}

TEST_F(Api, RejectsRequestsThatBypassLimits) {
  // Chunked bodies, oversized heads and bodies: see http_server_test.cpp.
  auto long_path = Get("/services/" + std::string(3000, 'a'));
  ASSERT_TRUE(long_path);
  EXPECT_EQ(long_path->status, 414);
}

TEST(ServerProcessTest, ChangesWrittenByAnotherProcessBecomeSearchable) {
  TempDir dir;
  testing::TestDatabase database(dir, "live.db");
  const std::string db = database.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", db}).exit_code, 0);
  ServerProcess server(db, {"--today", "2026-11-28"});
  httplib::Client c(server.host(), server.port());
  auto total = [&](const std::string& q) {
    auto r = c.Get(("/api/v1/services?status=all&q=" + q).c_str());
    return r && r->status == 200 ? json::parse(r->body)["total"].get<int>() : -1;
  };
  ASSERT_EQ(total("%E6%96%B0%E8%A6%8F%E7%99%BB%E9%8C%B2"), 0);  // 新規登録
  const auto csv = (dir / "new.csv").string();
  testing::WriteFile(csv,
                     "サービス名,事業者名称,事業者所在地,登録年月日,有効期限,審査登録機関名,サービス種別\n"
                     "新規登録サービス,新社,東京都港区,2025/01/01,2028/01/01,A,脆弱性診断\n"
                     "内部監査支援,北海道テスト合同会社,北海道札幌市中央区6-6,2025/09/01,2028/08/31,審査機構B,機器検証\n");
  ASSERT_EQ(RunProven({"import", "services", csv, "--db", db}).exit_code, 0);
  // The server applies the change log every 50 ms; wait (bounded) for it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (total("%E6%96%B0%E8%A6%8F%E7%99%BB%E9%8C%B2") != 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(total("%E6%96%B0%E8%A6%8F%E7%99%BB%E9%8C%B2"), 1) << "a new service is found";
  auto changed = json::parse(c.Get("/api/v1/services?status=all&type=device_verification&prefecture=%E5%8C%97%E6%B5%B7%E9%81%93")->body);
  EXPECT_EQ(changed["total"], 1) << "a changed service is found in its new state";
  EXPECT_EQ(json::parse(c.Get("/api/v1/services?status=all&type=audit")->body)["total"], 1) << "and not in its old one";
}

TEST(ServerProcessTest, StopsCleanlyOnSigterm) {
  TempDir dir;
  testing::TestDatabase database(dir, "s.db");
  const std::string db = database.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  ServerProcess server(db);
  httplib::Client c(server.host(), server.port());
  ASSERT_EQ(c.Get("/healthz")->status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace proven
