// Dated editions of the list, end to end with the real binary: `proven editions publish|list`, the
// server's monthly publication, the frozen files, the changes page and the API (docs/api.md "Dated
// editions of the list").
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::ReadFile;
using testing::RunProven;
using testing::ServerProcess;
using testing::SourcePath;
using testing::TempDir;

class Editions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    database_ = new testing::TestDatabase(*dir_, "editions.db");
    const std::string db = database_->spec();
    ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
    ASSERT_EQ(RunProven({"import", "services", SourcePath("tests/fixtures/services_small.csv"), "--db", db}).exit_code, 0);
    // The edition of 2026-09-01 holds 24時間SOCサービス (expiring 2026-09-30) and the old overview of
    // スマホアプリ診断; the register then changes that overview.
    auto published = RunProven({"editions", "publish", "--date", "2026-09-01", "--db", db});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    EXPECT_NE(published.out.find("published the edition of 2026-09-01: 7 services, sha256 "), std::string::npos)
        << published.out;
    std::string csv = ReadFile(SourcePath("tests/fixtures/services_small.csv"));
    const std::string old_overview = "iOS/Androidアプリを診断します。";
    csv.replace(csv.find(old_overview), old_overview.size(), "iOS/Androidアプリを診断し、報告会を開きます。");
    testing::WriteFile(*dir_ / "changed.csv", csv);
    ASSERT_EQ(RunProven({"import", "services", (*dir_ / "changed.csv").string(), "--db", db}).exit_code, 0);
    server_ = new ServerProcess(db, {"--today", "2026-11-28", "--editions", "monthly"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
    delete dir_;
  }
  static httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(10, 0);
    return c.Get(path.c_str(), headers);
  }
  static json GetJson(const std::string& path, int want_status = 200) {
    auto r = Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return {};
    EXPECT_EQ(r->status, want_status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    return json::parse(r->body);
  }
  static std::string Db() { return database_->spec(); }

  static inline TempDir* dir_ = nullptr;
  static inline testing::TestDatabase* database_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(Editions, TheCliRefusesToReplaceAnEditionAndChecksItsDate) {
  auto twice = RunProven({"editions", "publish", "--date", "2026-09-01", "--db", Db()});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("an edition dated 2026-09-01 exists; an edition is never replaced"), std::string::npos)
      << twice.err;
  auto bad = RunProven({"editions", "publish", "--date", "2026-02-30", "--db", Db()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--date"), std::string::npos) << bad.err;
  auto list = RunProven({"editions", "list", "--db", Db()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_LT(list.out.find("2026-11-28"), list.out.find("2026-09-01")) << "newest first:\n" << list.out;
  EXPECT_NE(list.out.find("by system"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("by cli"), std::string::npos) << list.out;
}

TEST_F(Editions, TheServerPublishesTheMonthsEditionOnceAndListsThemAll) {
  const json j = GetJson("/api/v1/editions");
  ASSERT_EQ(j["editions"].size(), 2u) << j.dump();
  const json& now = j["editions"][0];
  EXPECT_EQ(now["date"], "2026-11-28") << "published at start, dated the server's today";
  EXPECT_EQ(now["created_by"], "system");
  EXPECT_EQ(now["total"], 6);
  EXPECT_EQ(now["per_type"]["vulnerability_assessment"], 2);
  EXPECT_EQ(now["per_type"]["monitoring"], 0);
  EXPECT_EQ(now["files"]["csv"], "/downloads/editions/2026-11-28.csv");
  EXPECT_EQ(now["changes"], "/downloads/editions/2026-11-28/changes");
  EXPECT_EQ(j["editions"][1]["created_by"], "operator");
  EXPECT_EQ(j["editions"][1]["per_type"]["monitoring"], 1);

  // Another server started the same month publishes nothing more.
  {
    ServerProcess again(Db(), {"--today", "2026-11-30", "--editions", "monthly"});
    httplib::Client c(again.host(), again.port());
    auto r = c.Get("/api/v1/editions");
    ASSERT_TRUE(r);
    EXPECT_EQ(json::parse(r->body)["editions"].size(), 2u);
  }
  auto page = Get("/downloads/editions");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("href=\"/downloads/editions/2026-11-28.csv\""), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/downloads/editions/2026-09-01/changes\""), std::string::npos);
  EXPECT_NE(page->body.find(now["sha256"].get<std::string>()), std::string::npos);
  EXPECT_NE(Get("/downloads")->body.find("href=\"/downloads/editions\""), std::string::npos);
}

TEST_F(Editions, AnEditionsFileIsFrozenImmutableAndMatchesItsHash) {
  const json j = GetJson("/api/v1/editions");
  const json& old = j["editions"][1];
  auto csv = Get("/downloads/editions/2026-09-01.csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(Sha256Hex(csv->body), old["sha256"]) << "the listed hash is the file's";
  EXPECT_EQ(csv->get_header_value("ETag"), "\"" + old["sha256"].get<std::string>() + "\"");
  EXPECT_EQ(csv->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("proven-edition-20260901.csv"), std::string::npos);
  EXPECT_TRUE(csv->body.starts_with("\xEF\xBB\xBF" "サービス名,")) << "UTF-8 with BOM, the import's columns";
  EXPECT_NE(csv->body.find(",ホームページ,登録番号,ID\r\n"), std::string::npos);
  EXPECT_NE(csv->body.find("24時間SOCサービス"), std::string::npos) << "valid on 2026-09-01";
  EXPECT_NE(csv->body.find("iOS/Androidアプリを診断します。"), std::string::npos) << "as it was then";
  EXPECT_EQ(csv->body.find("報告会"), std::string::npos);
  EXPECT_EQ(csv->body.find("将来登録サービス"), std::string::npos) << "not yet registered";

  auto cached = Get("/downloads/editions/2026-09-01.csv", {{"If-None-Match", csv->get_header_value("ETag")}});
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
  auto one_type = Get("/downloads/editions/2026-09-01.csv?type=monitoring");
  ASSERT_TRUE(one_type);
  EXPECT_EQ(one_type->status, 200);
  EXPECT_NE(one_type->body.find("24時間SOCサービス"), std::string::npos);
  EXPECT_EQ(one_type->body.find("クラウド診断"), std::string::npos);
  EXPECT_NE(one_type->get_header_value("Content-Disposition").find("proven-edition-20260901-monitoring.csv"),
            std::string::npos);
  auto sjis = Get("/downloads/editions/2026-09-01.csv?encoding=cp932");
  ASSERT_TRUE(sjis);
  EXPECT_EQ(sjis->get_header_value("Content-Type"), "text/csv; charset=Shift_JIS");
  EXPECT_EQ(sjis->get_header_value("X-Proven-Unmappable-Characters"), "0");
  EXPECT_TRUE(sjis->body.starts_with("\x83\x54\x81\x5B\x83\x72\x83\x58\x96\xBC,")) << "サービス名 in CP932";
  auto xlsx = Get("/downloads/editions/2026-09-01.xlsx");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_TRUE(xlsx->body.starts_with("PK"));

  EXPECT_EQ(Get("/downloads/editions/2026-09-02.csv")->status, 404);
  EXPECT_EQ(Get("/downloads/editions/2026-02-30.csv")->status, 404);
  EXPECT_EQ(Get("/downloads/editions/2026-09-01.csv?type=bogus")->status, 400);
  EXPECT_EQ(Get("/downloads/editions/2026-09-01.xlsx?encoding=cp932")->status, 400);
}

TEST_F(Editions, ChangesNameWhatWasAddedRemovedAndChangedFieldByField) {
  const json c = GetJson("/api/v1/editions/2026-11-28/changes");
  EXPECT_EQ(c["date"], "2026-11-28");
  EXPECT_EQ(c["since"], "2026-09-01");
  ASSERT_EQ(c["removed"].size(), 1u) << c.dump();
  EXPECT_EQ(c["removed"][0]["name"], "24時間SOCサービス");
  EXPECT_EQ(c["removed"][0]["type"], "monitoring");
  EXPECT_EQ(c["removed"][0]["expires_on"], "2026-09-30");
  EXPECT_TRUE(c["added"].empty()) << c.dump();
  ASSERT_EQ(c["changed"].size(), 1u) << c.dump();
  EXPECT_EQ(c["changed"][0]["name"], "スマホアプリ診断");
  ASSERT_EQ(c["changed"][0]["fields"].size(), 1u);
  EXPECT_EQ(c["changed"][0]["fields"][0]["field"], "overview");
  EXPECT_EQ(c["changed"][0]["fields"][0]["before"], "iOS/Androidアプリを診断します。");
  EXPECT_EQ(c["changed"][0]["fields"][0]["after"], "iOS/Androidアプリを診断し、報告会を開きます。");
  EXPECT_EQ(c["per_type"]["monitoring"]["before"], 1);
  EXPECT_EQ(c["per_type"]["monitoring"]["after"], 0);
  EXPECT_EQ(c["per_type"]["monitoring"]["removed"], 1);
  EXPECT_EQ(c["per_type"]["vulnerability_assessment"]["changed"], 1);

  const json first = GetJson("/api/v1/editions/2026-09-01/changes");
  EXPECT_TRUE(first["since"].is_null());
  EXPECT_EQ(first["added"].size(), 7u) << "the first edition: everything added";

  for (const std::string lang : {"ja", "en"}) {
    auto page = Get("/downloads/editions/2026-11-28/changes?lang=" + lang);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    const bool ja = lang == "ja";
    EXPECT_NE(page->body.find(ja ? "2026-11-28 版の変更点" : "Changes in the edition of 2026-11-28"), std::string::npos);
    EXPECT_NE(page->body.find(ja ? "削除されたサービス（1 件）" : "Services removed (1)"), std::string::npos);
    EXPECT_NE(page->body.find(ja ? "<th scope=\"row\">サービスの概要</th>" : "<th scope=\"row\">Overview</th>"),
              std::string::npos);
    EXPECT_NE(page->body.find("iOS/Androidアプリを診断し、報告会を開きます。"), std::string::npos);
    EXPECT_NE(page->body.find("<option value=\"2026-09-01\" selected>"), std::string::npos);
  }
  auto first_page = Get("/downloads/editions/2026-09-01/changes?lang=en");
  ASSERT_TRUE(first_page);
  EXPECT_NE(first_page->body.find("is the first"), std::string::npos);
}

TEST_F(Editions, BadDatesAndComparisonsAreClearErrors) {
  const json missing = GetJson("/api/v1/editions/2026-10-01/changes", 404);
  EXPECT_EQ(missing["error"]["key"], "error.edition.not_found");
  const json not_earlier = GetJson("/api/v1/editions/2026-09-01/changes?since=2026-11-28", 400);
  EXPECT_EQ(not_earlier["error"]["parameter"], "since");
  const json not_a_date = GetJson("/api/v1/editions/2026-11-28/changes?since=2026-13-01", 400);
  EXPECT_EQ(not_a_date["error"]["parameter"], "since");
  const json no_such = GetJson("/api/v1/editions/2026-11-28/changes?since=2026-08-01", 404);
  EXPECT_EQ(no_such["error"]["parameter"], "since");
  auto page = Get("/downloads/editions/2026-11-28/changes?since=2026-11-28&lang=en");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find("must be dated before 2026-11-28"), std::string::npos);
  EXPECT_EQ(Get("/downloads/editions/2026-10-01/changes")->status, 404);
}

}  // namespace
}  // namespace proven
