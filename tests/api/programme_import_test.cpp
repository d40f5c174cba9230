// `proven import programme`: the demo history replays through the programme's rules, and a bad
// file is refused as a whole with its JSON path, writing nothing.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

TEST(ProgrammeImport, TheDemoHistoryReplaysAndServes) {
  testing::TempDir dir;
  testing::TestDatabase db(dir, "demo.db");
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  auto r = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 calls"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 published verifications (5 report versions)"), std::string::npos) << r.out;
  auto verify = RunProven({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // A second import is refused: the database already holds calls.
  auto again = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already holds calls"), std::string::npos) << again.err;

  testing::ServerProcess server(db);
  httplib::Client c(server.host(), server.port());
  auto calls = json::parse(c.Get("/api/v1/calls")->body)["items"];
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0]["state"], "open");
  EXPECT_EQ(calls[1]["state"], "decided");
  EXPECT_EQ(calls[2]["state"], "decided");
  ASSERT_EQ(calls[1].contains("selected"), true);
  auto decided = json::parse(c.Get(("/api/v1/calls/" + std::to_string(calls[1]["id"].get<int>())).c_str())->body);
  ASSERT_EQ(decided["selected"].size(), 2u);
  EXPECT_EQ(decided["selected"][0]["product"], "ShieldGate WAF（架空）");

  // The verifications were replayed to their publication: four products, one corrected as version 2
  // (version 1 stays readable and is superseded), each PDF stored.
  std::map<std::string, json> products;
  for (int id = 1; id <= 5; ++id) {
    auto p = c.Get(fmt::format("/api/v1/products/{}", id).c_str());
    ASSERT_TRUE(p);
    if (id == 5) {
      EXPECT_EQ(p->status, 404);
      break;
    }
    ASSERT_EQ(p->status, 200) << p->body;
    auto j = json::parse(p->body);
    products[j["name"].get<std::string>()] = j;
  }
  ASSERT_EQ(products.size(), 4u);
  EXPECT_EQ(products["AirWatch Scope（架空）"]["fiscal_year_verified"], 2025);
  EXPECT_EQ(products["CloudSentinel（架空）"]["fiscal_year_verified"], 2024);
  const json& corrected = products["PatchPilot（架空）"];
  ASSERT_EQ(corrected["reports"].size(), 2u);
  EXPECT_EQ(corrected["reports"][0]["superseded"], true);
  EXPECT_EQ(corrected["reports"][1]["superseded"], false);
  EXPECT_NE(corrected["reports"][1]["reason"].get<std::string>().find("正: 60 件"), std::string::npos);
  EXPECT_NE(corrected["report"].dump().find("0.033"), std::string::npos) << "the latest version's content";
  for (const auto& version : corrected["reports"]) {
    auto pdf = c.Get(version["pdf"].get<std::string>().c_str());
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->status, 200);
    EXPECT_TRUE(pdf->body.starts_with("%PDF-"));
  }
}

TEST(ProgrammeImport, ABadFileIsRefusedWithItsPathAndNothingIsWritten) {
  testing::TempDir dir;
  testing::TestDatabase db(dir, "bad.db");
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  json file = json::parse(testing::ReadFile(testing::SourcePath("data/demo/programme.json")));
  file["calls"][0]["applications"][2]["product"]["fields"] = {"two"};
  testing::WriteFile(dir / "bad.json", file.dump());
  auto r = RunProven({"import", "programme", (dir / "bad.json").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("calls[0].applications[2].product: fields[0] must be a whole number"), std::string::npos) << r.err;
  // Nothing was written: not even the accounts.
  auto users = RunProven({"user", "list", "--db", db});
  EXPECT_EQ(users.out, "") << users.out;

  file = json::parse(testing::ReadFile(testing::SourcePath("data/demo/programme.json")));
  file["calls"][1]["reviews"] = json::array({{{"reviewer", "sato@demo-univ.example"}, {"application", 0}}});
  testing::WriteFile(dir / "early.json", file.dump());
  r = RunProven({"import", "programme", (dir / "early.json").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("calls[1].reviews[0]: a call that has not closed yet has no reviews"), std::string::npos) << r.err;

  // A verification of an application the call did not select, and a strong point citing an item
  // the plan does not have, are refused with their paths before anything is written.
  file = json::parse(testing::ReadFile(testing::SourcePath("data/demo/programme.json")));
  file["calls"][2]["verifications"][0]["application"] = 3;
  testing::WriteFile(dir / "unselected.json", file.dump());
  r = RunProven({"import", "programme", (dir / "unselected.json").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("calls[2].verifications[0].application: must be an application the call's decisions select"),
            std::string::npos)
      << r.err;
  file = json::parse(testing::ReadFile(testing::SourcePath("data/demo/programme.json")));
  file["calls"][2]["verifications"][1]["correction"]["strong_points"][0]["items"] = {9};
  file["calls"][2]["verifications"][2]["plan"][1]["metric"]["value"] = "0,812";
  testing::WriteFile(dir / "points.json", file.dump());
  r = RunProven({"import", "programme", (dir / "points.json").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("calls[2].verifications[1].correction.strong_points[0].items[0]: must be the position of one of "
                       "the plan items (0 to 3)"),
            std::string::npos)
      << r.err;
  file["calls"][2]["verifications"][1]["correction"]["strong_points"][0]["items"] = {1};
  testing::WriteFile(dir / "metric.json", file.dump());
  r = RunProven({"import", "programme", (dir / "metric.json").string(), "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("calls[2].verifications[2].plan[1].metric"), std::string::npos) << r.err;
  EXPECT_EQ(RunProven({"user", "list", "--db", db}).out, "") << "nothing written";
}

}  // namespace
}  // namespace proven
