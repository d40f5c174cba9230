// A WAF suite run from the verification page's API on the real `proven serve` (issue 14): the demo
// programme's selected WAF product gets a verification whose plan has a WAF effectiveness item
// against nginx + ModSecurity + CRS on loopback; without `--waf-allow-loopback` the run is refused
// with a clear error; with it the run is queued (202), polled until done, and its report is the
// item's evidence and measured result.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/waf_target.hpp"
#include "waf/oracle_backend.hpp"
#include "waf/report.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::SourcePath;

class WafServeRun : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto packages = testing::FindWafPackages();
    if (!packages.available()) {
      if (testing::WafTargetRequired()) FAIL() << "PROVEN_REQUIRE_WAF_TARGET=1 but nginx, the ModSecurity module or the CRS is missing";
      GTEST_SKIP() << "apt install nginx libnginx-mod-http-modsecurity modsecurity-crs";
    }
    auto oracle = waf::OracleBackend::Start();
    ASSERT_TRUE(oracle.has_value()) << oracle.error().message;
    oracle_ = std::move(*oracle);
    nginx_ = std::make_unique<testing::NginxModSecurity>(packages, oracle_->port());
    const std::string err = nginx_->Start();
    ASSERT_TRUE(err.empty()) << err;
    for (auto args : std::vector<std::vector<std::string>>{
             {"migrate"}, {"import", "programme", SourcePath("data/demo/programme.json")}}) {
      args.insert(args.end(), {"--db", db_});
      const auto r = RunProven(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    tokens_ = testing::AddUsersWithTokens(db_, {{"ops@waf.example", "admin", ""}});
    for (const char* email : {"yamada@demo-verify.example", "apply@mirai-shield.example"}) {
      const auto t = RunProven({"token", "create", email, "--db", db_});
      ASSERT_EQ(t.exit_code, 0) << t.err;
      tokens_[email] = t.out.substr(0, t.out.find('\n'));
    }
  }
  void TearDown() override {
    if (nginx_) {
      EXPECT_EQ(nginx_->Stop(), 0);
    }
  }

  httplib::Headers As(const std::string& email) { return {{"Authorization", "Bearer " + tokens_.at(email)}}; }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "serve_run.db"};
  std::string db_ = database_.spec();
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<waf::OracleBackend> oracle_;
  std::unique_ptr<testing::NginxModSecurity> nginx_;
};

TEST_F(WafServeRun, APlannedWafItemIsRunFromTheApiAndItsReportBecomesTheItemsResult) {
  const std::string admin = "ops@waf.example", verifier = "yamada@demo-verify.example",
                    vendor = "apply@mirai-shield.example";
  std::int64_t id = 0, item = 0;
  const std::string target = nginx_->waf_url() + "/";
  {
    // Without --waf-allow-loopback: planned and agreed, but the run is refused with a clear error.
    testing::ServerProcess server(db_, {"--today", "2026-11-28"});
    httplib::Client c(server.host(), server.port());
    c.set_read_timeout(30, 0);
    auto apps = c.Get("/api/v1/applications", As(vendor));
    ASSERT_TRUE(apps && apps->status == 200);
    const json list = json::parse(apps->body);
    for (const auto& a : list.is_array() ? list : list["items"]) {
      auto r = c.Post("/api/v1/verifications", As(admin), json{{"application_id", a["id"]}}.dump(), "application/json");
      if (r && r->status == 201) {
        id = json::parse(r->body)["id"].get<std::int64_t>();
        break;
      }
    }
    ASSERT_NE(id, 0);
    const std::string base = "/api/v1/verifications/" + std::to_string(id);
    auto r = c.Post((base + "/verifiers").c_str(), As(admin), json{{"email", verifier}}.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 201) << (r ? r->body : "");
    // A WAF item without a target is refused naming the field.
    r = c.Put((base + "/plan").c_str(), As(verifier), R"({"items": [{"title": "WAF", "kind": "waf_effectiveness"}]})",
              "application/json");
    ASSERT_TRUE(r && r->status == 400) << (r ? r->body : "");
    EXPECT_NE(r->body.find("items[0].waf_target"), std::string::npos) << r->body;
    r = c.Put((base + "/plan").c_str(), As(verifier),
              json{{"items", {{{"title", "WAF の検知性能"}, {"kind", "waf_effectiveness"}, {"waf_target", target}},
                              {{"title", "管理画面"}}}}}
                  .dump(),
              "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
    const json plan = json::parse(r->body);
    EXPECT_EQ(plan["items"][0]["kind"], "waf_effectiveness");
    EXPECT_EQ(plan["items"][0]["waf_target"], target);
    EXPECT_EQ(plan["items"][1]["kind"], "manual");
    item = plan["items"][0]["id"].get<std::int64_t>();
    r = c.Post((base + "/agree-plan").c_str(), As(vendor), "", "application/json");
    ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
    const std::string runs = base + "/items/" + std::to_string(item) + "/waf-runs";
    r = c.Post(runs.c_str(), As(verifier), "", "application/json");
    ASSERT_TRUE(r && r->status == 403) << (r ? r->body : "");
    EXPECT_NE(r->body.find("--waf-allow-loopback"), std::string::npos) << r->body;
    // The vendor may not run it, nor a manual item be run.
    r = c.Post(runs.c_str(), As(vendor), "", "application/json");
    ASSERT_TRUE(r && r->status == 403);
  }

  testing::ServerProcess server(db_, {"--today", "2026-11-28", "--waf-allow-loopback"});
  httplib::Client c(server.host(), server.port());
  c.set_read_timeout(30, 0);
  const std::string base = "/api/v1/verifications/" + std::to_string(id);
  auto r = c.Post((base + "/items/" + std::to_string(item) + "/waf-runs").c_str(), As(verifier), "", "application/json");
  ASSERT_TRUE(r && r->status == 202) << (r ? r->body : "");
  const json queued = json::parse(r->body);
  EXPECT_EQ(queued["state"], "queued");
  const std::string url = "/api/v1/waf-runs/" + std::to_string(queued["id"].get<std::int64_t>());
  EXPECT_EQ(r->get_header_value("Location"), url);
  // A second run of the item while this one is active: 409.
  auto again = c.Post((base + "/items/" + std::to_string(item) + "/waf-runs").c_str(), As(admin), "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  EXPECT_EQ(c.Get(url.c_str(), As(vendor))->status, 403);

  json run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = c.Get(url.c_str(), As(verifier));
    ASSERT_TRUE(got && got->status == 200) << (got ? got->body : "");
    run = json::parse(got->body);
    if (run["state"] == "done" || run["state"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_EQ(run["state"], "done") << run.dump(2);
  EXPECT_GT(run["progress"]["total"].get<std::int64_t>(), 5000);
  EXPECT_EQ(run["progress"]["done"], run["progress"]["total"]);
  EXPECT_TRUE(run["error"].is_null());
  ASSERT_TRUE(run["evidence_id"].is_number_integer());
  const std::string grade = run["grade"].get<std::string>();
  EXPECT_FALSE(grade.empty());

  // The item: its metric is the run's balanced accuracy, its evidence the report.
  auto v = c.Get(base.c_str(), As(verifier));
  ASSERT_TRUE(v && v->status == 200);
  const json verification = json::parse(v->body);
  const json& it = verification["items"][0];
  EXPECT_EQ(it["metric"]["unit"], "balanced accuracy");
  EXPECT_EQ(it["metric"]["value"], run["balanced_accuracy"]);
  EXPECT_EQ(it["evidence"], json::array({run["evidence_id"]}));
  auto evidence = c.Get(("/api/v1/evidence/" + std::to_string(run["evidence_id"].get<std::int64_t>())).c_str(),
                        As(verifier));
  ASSERT_TRUE(evidence && evidence->status == 200);
  auto report = waf::ReadReport(evidence->body);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->grade, grade);
  EXPECT_EQ(report->target_url, target);
  EXPECT_EQ(report->profile, "unlimited") << "loopback runs unlimited";
  // The run's page shows it done, without refreshing.
  auto page = c.Get(("/verifications/" + std::to_string(id) + "/waf-runs/" + std::to_string(run["id"].get<std::int64_t>())).c_str(),
                    As(verifier));
  ASSERT_TRUE(page && page->status == 200);
  EXPECT_NE(page->body.find("data-state=\"done\""), std::string::npos);
  EXPECT_EQ(page->body.find("http-equiv=\"refresh\""), std::string::npos);
}

}  // namespace
}  // namespace proven
