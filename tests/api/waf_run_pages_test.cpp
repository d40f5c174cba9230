// WAF runs on the verification page, on the real binary without the WAF flags (issue 14): the plan
// form offers the kind and the target, the run block is the verifier's (not the vendor's), a run
// refused by the server's default policy shows the verification page with the reason in the page's
// language, and the run routes refuse the vendor.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;
using testing::SourcePath;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(WafRunPages, TheDefaultPolicyRefusesARunWithItsReasonOnThePage) {
  testing::TempDir dir;
  testing::TestDatabase database(dir, "pages.db");
  const std::string db = database.spec();
  for (auto args : std::vector<std::vector<std::string>>{{"migrate"},
                                                          {"import", "programme", SourcePath("data/demo/programme.json")}}) {
    args.insert(args.end(), {"--db", db});
    const auto r = RunProven(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto tokens = testing::AddUsersWithTokens(db, {{"ops@waf.example", "admin", ""}});
  for (const char* email : {"yamada@demo-verify.example", "apply@mirai-shield.example"}) {
    const auto t = RunProven({"token", "create", email, "--db", db});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    tokens[email] = t.out.substr(0, t.out.find('\n'));
  }
  auto as = [&](const std::string& email, const std::string& lang = "ja") {
    return httplib::Headers{{"Authorization", "Bearer " + tokens.at(email)}, {"Cookie", "proven_lang=" + lang}};
  };
  const std::string admin = "ops@waf.example", verifier = "yamada@demo-verify.example",
                    vendor = "apply@mirai-shield.example";
  testing::ServerProcess server(db, {"--today", "2026-11-28"});
  httplib::Client c(server.host(), server.port());
  c.set_read_timeout(20, 0);

  auto apps = c.Get("/api/v1/applications", as(vendor));
  ASSERT_TRUE(apps && apps->status == 200);
  std::int64_t id = 0;
  const json list = json::parse(apps->body);
  for (const auto& a : list.is_array() ? list : list["items"]) {
    auto r = c.Post("/api/v1/verifications", as(admin), json{{"application_id", a["id"]}}.dump(), "application/json");
    if (r && r->status == 201) {
      id = json::parse(r->body)["id"].get<std::int64_t>();
      break;
    }
  }
  ASSERT_NE(id, 0);
  const std::string page = "/verifications/" + std::to_string(id);
  auto r = c.Post(("/api/v1" + page + "/verifiers").c_str(), as(admin), json{{"email", verifier}}.dump(),
                  "application/json");
  ASSERT_TRUE(r && r->status == 201);
  // The plan form offers the kind and the target, with their help.
  r = c.Get(page.c_str(), as(verifier));
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_TRUE(Has(r->body, "name=\"kind_0\"")) << "the kind select";
  EXPECT_TRUE(Has(r->body, "name=\"waf_target_0\""));
  EXPECT_TRUE(Has(r->body, "計画合意後は変更できません")) << "the target's help";
  // The form's plan: a WAF item without a target is refused beside its row, the input kept.
  r = c.Post((page + "/plan").c_str(), as(verifier),
             httplib::Params{{"id_0", ""}, {"title_0", "WAF の検知性能"}, {"kind_0", "waf_effectiveness"},
                             {"waf_target_0", ""}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(Has(r->body, "WAF 有効性の項目には試験対象 URL（http://…）が必要です。")) << r->body.substr(0, 2000);
  r = c.Post((page + "/plan").c_str(), as(verifier),
             httplib::Params{{"id_0", ""}, {"title_0", "WAF の検知性能"}, {"kind_0", "waf_effectiveness"},
                             {"waf_target_0", "http://127.0.0.1:9/"}, {"id_1", ""}, {"title_1", "管理画面"},
                             {"kind_1", "manual"}, {"waf_target_1", ""}});
  ASSERT_TRUE(r && r->status == 303) << (r ? std::to_string(r->status) + r->body.substr(0, 2000) : "");
  r = c.Post(("/api/v1" + page + "/agree-plan").c_str(), as(vendor), "", "application/json");
  ASSERT_TRUE(r && r->status == 200);
  const json v = json::parse(c.Get(("/api/v1" + page).c_str(), as(verifier))->body);
  ASSERT_EQ(v["items"][0]["kind"], "waf_effectiveness");
  const std::string item = std::to_string(v["items"][0]["id"].get<std::int64_t>());

  // The run block: the verifier's, not the vendor's.
  r = c.Get(page.c_str(), as(verifier));
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_TRUE(Has(r->body, "data-testid=\"waf-items\""));
  EXPECT_TRUE(Has(r->body, "/items/" + item + "/waf-runs"));
  r = c.Get(page.c_str(), as(vendor));
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_FALSE(Has(r->body, "data-testid=\"waf-items\""));
  EXPECT_TRUE(Has(r->body, "http://127.0.0.1:9/")) << "the vendor reads the agreed target in the plan";

  // No flags: the run is refused, the reason on the verification page, in each language.
  for (const auto& [lang, text] : std::vector<std::pair<std::string, std::string>>{
           {"ja", "このサーバーはその試験を許可されていません"}, {"en", "this server does not allow runs against it"}}) {
    r = c.Post((page + "/items/" + item + "/waf-runs").c_str(), as(verifier, lang), httplib::Params{});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_TRUE(Has(r->body, text)) << lang << ": " << r->body.substr(0, 3000);
    EXPECT_TRUE(Has(r->body, "data-testid=\"plan-items\"")) << "the verification page";
  }
  r = c.Post((page + "/items/" + item + "/waf-runs").c_str(), as(vendor), httplib::Params{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  // Nothing was queued; an unknown run is 404, and the vendor may not read runs.
  r = c.Get("/api/v1/waf-runs/1", as(verifier));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Get((page + "/waf-runs/1").c_str(), as(verifier));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = c.Get("/api/v1/waf-runs/1", as(vendor));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

}  // namespace
}  // namespace proven
