// `proven import programme`: the demo history replays through the programme's rules, and a bad
// file is refused as a whole with its JSON path, writing nothing.
#include <gtest/gtest.h>
#include <httplib.h>

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
  EXPECT_NE(r.out.find("2 calls"), std::string::npos) << r.out;
  auto verify = RunProven({"audit", "verify", "--db", db});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // A second import is refused: the database already holds calls.
  auto again = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already holds calls"), std::string::npos) << again.err;

  testing::ServerProcess server(db);
  httplib::Client c(server.host(), server.port());
  auto calls = json::parse(c.Get("/api/v1/calls")->body)["items"];
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["state"], "open");
  EXPECT_EQ(calls[1]["state"], "decided");
  ASSERT_EQ(calls[1].contains("selected"), true);
  auto decided = json::parse(c.Get(("/api/v1/calls/" + std::to_string(calls[1]["id"].get<int>())).c_str())->body);
  ASSERT_EQ(decided["selected"].size(), 2u);
  EXPECT_EQ(decided["selected"][0]["product"], "ShieldGate WAF（架空）");
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
}

}  // namespace
}  // namespace proven
