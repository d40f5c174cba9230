// The PostgreSQL backup documented in deploy/README.md ("Backups"): pg_dump of a live database,
// pg_restore into a new one, and the restored copy is the same registry: its audit log verifies
// with the same head, the export is byte-identical, a server on it answers the same searches and
// accepts the same API tokens, and new writes get fresh ids (the sequences came along).
// Runs only against the test cluster (label pg).
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "pg/child_process.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::ServerProcess;

json GetJson(ServerProcess& s, const std::string& path) {
  httplib::Client c(s.host(), s.port());
  auto r = c.Get(path.c_str());
  if (!r || r->status != 200) return json();
  return json::parse(r->body);
}

httplib::Result Post(ServerProcess& s, const std::string& token, const std::string& path, const json& body) {
  httplib::Client c(s.host(), s.port());
  c.set_read_timeout(30, 0);
  return c.Post(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
}

TEST(PgDumpRestore, ARestoredDatabaseVerifiesExportsTheSameAndServes) {
  ASSERT_TRUE(testing::TestingOnPostgres()) << "run through ctest (label pg): PROVEN_TEST_PG is not set";
  const std::string bindir = PROVEN_PG_BINDIR;
  testing::SeededServer env({{"a@example.jp", "registrar", "審査機構A"}});
  const std::string token = env.tokens["a@example.jp"];
  ServerProcess& live = *env.server;

  // History, audit entries and sequences move past the import: a suspension through the API.
  auto list = GetJson(live, "/api/v1/services?status=all&per_page=100");
  std::int64_t id = 0;
  for (const auto& item : list["items"]) {
    if (item["registrar"] == "審査機構A" && item["status"] == "valid") id = item["id"].get<std::int64_t>();
  }
  ASSERT_NE(id, 0);
  auto suspended = Post(live, token, "/api/v1/services/" + std::to_string(id) + "/suspend", {{"reason", "確認中"}});
  ASSERT_TRUE(suspended);
  ASSERT_EQ(suspended->status, 200) << suspended->body;

  const auto audit_before = RunProven({"audit", "verify", "--db", env.db});
  ASSERT_EQ(audit_before.exit_code, 0) << audit_before.err;
  const auto csv_before = RunProven({"export", "services", "--db", env.db, "--format", "csv"});
  ASSERT_EQ(csv_before.exit_code, 0) << csv_before.err;
  const auto json_before = RunProven({"export", "services", "--db", env.db, "--format", "json"});
  ASSERT_EQ(json_before.exit_code, 0) << json_before.err;

  // The dump, taken while the server runs (pg_dump reads one consistent snapshot), in the custom
  // format that pg_restore reads.
  testing::TempDir dir;
  const auto dump = dir / "proven.dump";
  const auto log = dir / "pg.log";
  ASSERT_EQ(testing::RunToCompletion({bindir + "/pg_dump", "--format=custom", "--file", dump.string(), "--dbname", env.db},
                                     log),
            0)
      << testing::ReadFile(log);

  // Restored into a new, empty database, as one transaction; ownership is left to whoever restores.
  testing::TestDatabase restored(dir, "restored");
  ASSERT_EQ(testing::RunToCompletion({bindir + "/pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
                                      "--dbname", restored.spec(), dump.string()},
                                     log),
            0)
      << testing::ReadFile(log);

  const auto migrate = RunProven({"migrate", "--db", restored});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("is up to date"), std::string::npos) << "the migration records came along: " << migrate.out;

  const auto audit_after = RunProven({"audit", "verify", "--db", restored});
  EXPECT_EQ(audit_after.exit_code, 0) << audit_after.err;
  // The chain: same number of entries, same head hash. The anchors in the transparency log are
  // left out of the comparison: the live server's checkpoint loop anchors the audit head on its
  // own clock, so the dump may hold an anchor written after audit_before ran; the restored copy's
  // anchors are checked by the verify itself (exit code 0).
  const auto chain = [](const std::string& out) { return out.substr(0, out.find(';')); };
  EXPECT_EQ(chain(audit_after.out), chain(audit_before.out)) << "same number of entries, same head hash";
  EXPECT_NE(chain(audit_before.out).find("entries, head "), std::string::npos) << audit_before.out;
  const auto csv_after = RunProven({"export", "services", "--db", restored, "--format", "csv"});
  EXPECT_EQ(csv_after.exit_code, 0) << csv_after.err;
  EXPECT_EQ(csv_after.out, csv_before.out);
  EXPECT_FALSE(csv_after.out.empty());
  const auto json_after = RunProven({"export", "services", "--db", restored, "--format", "json"});
  EXPECT_EQ(json_after.out, json_before.out);

  // A server on the copy answers searches as the original does.
  ServerProcess copy(restored, {"--today", "2026-11-28"});
  for (const std::string path : {"/api/v1/services?q=%E5%88%B6%E5%BE%A1", "/api/v1/services?status=all",
                                 "/api/v1/services?status=suspended", "/api/v1/services?q=IoT"}) {
    const json original = GetJson(live, path);
    const json copied = GetJson(copy, path);
    ASSERT_FALSE(copied.is_null()) << path;
    EXPECT_EQ(copied["total"], original["total"]) << path;
    EXPECT_EQ(copied["items"], original["items"]) << path;
  }
  EXPECT_EQ(GetJson(copy, "/api/v1/services?status=suspended")["total"], 1);

  // The API token was restored with its user, and a new registration gets a fresh id and a new
  // audit entry that continues the restored chain.
  const json service = {{"name", "復元確認サービス"}, {"provider", "復元株式会社"}, {"address", "東京都港区1-1"},
                        {"overview", "バックアップからの復元を確認します。"}, {"industries", {"全業種"}},
                        {"regions", {"関東"}}, {"registered_on", "2026-11-01"}, {"expires_on", "2029-10-31"},
                        {"type", "monitoring"}, {"url", "https://fukugen.example/"}};
  auto created = Post(copy, token, "/api/v1/services", service);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto new_id = json::parse(created->body)["id"].get<std::int64_t>();
  for (const auto& item : list["items"]) EXPECT_NE(item["id"].get<std::int64_t>(), new_id);
  const auto audit_written = RunProven({"audit", "verify", "--db", restored});
  EXPECT_EQ(audit_written.exit_code, 0) << audit_written.err;
  EXPECT_NE(chain(audit_written.out), chain(audit_before.out)) << "the chain grew by the new registration";
}

}  // namespace
}  // namespace proven
