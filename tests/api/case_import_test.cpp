// The demo import's "cases" section (cli/case_import.hpp): the demo's cases replayed through the
// case service (two published, one waiting), and a bad section refused as a whole, naming its
// JSON path, before anything is written.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

TEST(CaseImport, TheDemoCasesArePublishedAsTheirSidesConsented) {
  testing::TempDir dir;
  testing::TestDatabase db(dir, "demo.db");
  ASSERT_EQ(RunProven({"migrate", "--db", db.spec()}).exit_code, 0);
  auto r = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db.spec()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 cases (2 published)"), std::string::npos) << r.out;
  testing::ServerProcess server(db.spec());
  httplib::Client c(server.host(), server.port());
  auto list = json::parse(c.Get("/api/v1/cases")->body);
  ASSERT_EQ(list["total"], 2);
  // Newest publication first: CloudSentinel, named; AirWatch Scope, anonymised.
  EXPECT_EQ(list["items"][0]["product"], "CloudSentinel（架空）");
  EXPECT_EQ(list["items"][0]["organisation"], "みなと信用金庫（架空）");
  EXPECT_EQ(list["items"][1]["named"], false);
  EXPECT_EQ(list["items"][1]["organisation"], "製造業 A社（従業員 約300名）");
  EXPECT_EQ(c.Get("/api/v1/cases/3")->status, 404) << "the third waits for the user organisation";
  auto verify = RunProven({"audit", "verify", "--db", db.spec()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(CaseImport, ABadCasesSectionIsRefusedByItsPathBeforeAnythingIsWritten) {
  auto demo = json::parse(testing::ReadFile(testing::SourcePath("data/demo/programme.json")));
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& d) { d["cases"][0]["content"]["figures"][0]["value"] = "3台"; }, "cases[0].content.figures[0].value"},
      {[](json& d) { d["cases"][1]["product"] = "存在しない製品"; }, "cases[1].product"},
      {[](json& d) { d["cases"][0]["user_contact"] = "apply@mirai-shield.example"; }, "cases[0].user_contact"},
      {[](json& d) { d["cases"][2]["consents"][0]["checklist"]["internal_approval_obtained"] = false; },
       "cases[2].consents[0].checklist"},
      {[](json& d) { d["cases"][2]["consents"][0]["checklist"]["disclose_colour"] = true; },
       "cases[2].consents[0].checklist.disclose_colour"},
      {[](json& d) { d["cases"][0]["content"].erase("industry"); }, "cases[0].content.industry"},
  };
  for (const auto& [change, path] : cases) {
    testing::TempDir dir;
    testing::TestDatabase db(dir, "bad.db");
    ASSERT_EQ(RunProven({"migrate", "--db", db.spec()}).exit_code, 0);
    json bad = demo;
    change(bad);
    testing::WriteFile(dir / "bad.json", bad.dump());
    auto r = RunProven({"import", "programme", (dir / "bad.json").string(), "--db", db.spec()});
    EXPECT_NE(r.exit_code, 0) << path;
    EXPECT_NE(r.err.find(path), std::string::npos) << path << ": " << r.err;
    // Nothing was written: the whole file imports afterwards.
    auto good = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db.spec()});
    EXPECT_EQ(good.exit_code, 0) << path << ": " << good.err;
  }
}

}  // namespace
}  // namespace proven
