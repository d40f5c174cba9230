// The verification API (issue 10, first routes) on the real binary, from the demo history's
// selected product: start, appoint, plan, agreement, results, submit, changes, approval,
// publication, a correction as version 2 — and the refusals on the way.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

class VerificationApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "verification.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    tokens_ = testing::AddUsersWithTokens(db, {{"k@lab.example", "verifier", "検証ラボ"}});
    for (const char* demo : {"operator@demo.proven.example", "apply@mirai-shield.example", "apply@airlink-giken.example"}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    server_ = new testing::ServerProcess(db);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete db_;
    delete dir_;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(20, 0);
    httplib::Headers h{{"Authorization", "Bearer " + tokens_[who]}};
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PATCH") return c.Patch(path.c_str(), h, body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(httplib::Result r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::TempDir* VerificationApi::dir_ = nullptr;
testing::TestDatabase* VerificationApi::db_ = nullptr;
testing::ServerProcess* VerificationApi::server_ = nullptr;
std::map<std::string, std::string> VerificationApi::tokens_;

TEST_F(VerificationApi, FromTheSelectedProductToAPublishedReportAndItsCorrection) {
  const std::string admin = "operator@demo.proven.example";
  const std::string vendor = "apply@mirai-shield.example";
  const std::string verifier = "k@lab.example";
  // Demo application 1 (ShieldGate WAF) was selected; 3 was not.
  EXPECT_EQ(Status(Call(admin, "POST", "/api/v1/verifications", {{"application_id", 3}})), 409);
  EXPECT_EQ(Status(Call(vendor, "POST", "/api/v1/verifications", {{"application_id", 1}})), 403);
  auto v = Ok(Call(admin, "POST", "/api/v1/verifications", {{"application_id", 1}}), 201);
  const std::string path = fmt::format("/api/v1/verifications/{}", v["id"].get<int>());
  EXPECT_EQ(v["state"], "planning");
  EXPECT_EQ(v["product"], "ShieldGate WAF（架空）");
  Ok(Call(admin, "POST", path + "/verifiers", {{"email", verifier}}), 201);

  v = Ok(Call(verifier, "PUT", path + "/plan",
              {{"items",
                {{{"title", "SQLインジェクションの検知"}, {"environment", "WAF → アプリ"}, {"method", "攻撃816件"},
                  {"expected", "95%以上を遮断"}},
                 {{"title", "誤検知の少なさ"}, {"method", "通常の通信1000件"}}}}}));
  const int item1 = v["items"][0]["id"], item2 = v["items"][1]["id"];
  EXPECT_EQ(Status(Call("apply@airlink-giken.example", "POST", path + "/agree-plan")), 404) << "another vendor";
  EXPECT_EQ(Status(Call(verifier, "PATCH", path, {{"summary", "早すぎる"}})), 409) << "results after agreement";
  EXPECT_EQ(Ok(Call(vendor, "POST", path + "/agree-plan"))["state"], "in_progress");

  const json results = {
      {"summary", "試験環境でSQLインジェクション等の検知を検証した。"},
      {"results",
       {{{"item_id", item1}, {"result", "pass"}, {"metric", {{"value", "0.962"}, {"unit", "rate"}, {"sample_size", 816}}}},
        {{"item_id", item2}, {"result", "partial"}, {"notes", "誤検知 0.4%"}}}},
      {"strong_points", {{{"text", "国内の攻撃傾向に合わせた高い検知率"}, {"items", {item1}}}}},
      {"trial", {{"organisation", "製造業 A社（従業員300名）"}, {"period", "2027年2月"}, {"findings", "運用負荷が小さい"}}}};
  auto bad = results;
  bad["results"][0]["metric"]["value"] = "96%";
  auto refused = Call(verifier, "PATCH", path, bad);
  EXPECT_EQ(Status(refused), 400);
  EXPECT_EQ(json::parse(refused->body)["error"]["parameter"], "results[0].metric.value");
  v = Ok(Call(verifier, "PATCH", path, results));
  EXPECT_EQ(v["items"][0]["metric"]["value"], "0.962") << "kept exactly as given";

  Ok(Call(verifier, "POST", path + "/submit"));
  EXPECT_EQ(Status(Call(admin, "POST", path + "/publish")), 409) << "publish before the vendor's approval";
  EXPECT_EQ(Status(Call(vendor, "POST", path + "/request-changes", {{"comments", ""}})), 400);
  EXPECT_EQ(Ok(Call(vendor, "POST", path + "/request-changes", {{"comments", "期間を書いてください"}}))["state"],
            "changes_requested");
  Ok(Call(verifier, "POST", path + "/submit"));
  EXPECT_EQ(Ok(Call(vendor, "POST", path + "/approve"))["state"], "approved");
  auto published = Ok(Call(admin, "POST", path + "/publish"), 201);
  EXPECT_EQ(published["version"], 1);
  EXPECT_EQ(Status(Call(verifier, "PATCH", path, results)), 409) << "a published report is immutable";

  Ok(Call(verifier, "POST", path + "/corrections", {{"reason", "項目2の判定を訂正"}}));
  auto corrected = results;
  corrected["results"][1]["result"] = "pass";
  Ok(Call(verifier, "PATCH", path, corrected));
  Ok(Call(verifier, "POST", path + "/submit"));
  Ok(Call(vendor, "POST", path + "/approve"));
  auto second = Ok(Call(admin, "POST", path + "/publish"), 201);
  EXPECT_EQ(second["version"], 2);
  EXPECT_EQ(second["reason"], "項目2の判定を訂正");
  EXPECT_EQ(second["product_id"], published["product_id"]);

  // The published product and its versions are public; version 1 stays readable, superseded.
  httplib::Client anonymous(server_->host(), server_->port());
  const int product = second["product_id"];
  auto page = json::parse(anonymous.Get(fmt::format("/api/v1/products/{}", product).c_str())->body);
  EXPECT_EQ(page["name"], "ShieldGate WAF（架空）");
  EXPECT_EQ(page["latest_version"], 2);
  EXPECT_EQ(page["report"]["items"][1]["result"], "pass");
  auto reports = json::parse(anonymous.Get(fmt::format("/api/v1/products/{}/reports", product).c_str())->body)["items"];
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]["superseded"], true);
  EXPECT_EQ(reports[1]["superseded"], false);
  EXPECT_EQ(reports[1]["reason"], "項目2の判定を訂正");
  for (const auto& r : reports) {
    auto pdf = anonymous.Get(r["pdf"].get<std::string>().c_str());
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->status, 200);
    EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
    EXPECT_TRUE(pdf->body.starts_with("%PDF-"));
  }
  EXPECT_EQ(anonymous.Get(fmt::format("/products/{}/reports/3.pdf", product).c_str())->status, 404);
  EXPECT_EQ(anonymous.Get("/api/v1/products/999")->status, 404);

  // Listing by role; the audit chain holds.
  EXPECT_EQ(Ok(Call(vendor, "GET", "/api/v1/verifications"))["items"].size(), 1u);
  // The other vendor sees only its own product's verification (the demo's AirWatch Scope).
  auto others = Ok(Call("apply@airlink-giken.example", "GET", "/api/v1/verifications"))["items"];
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0]["product"], "AirWatch Scope（架空）");
  auto verify = RunProven({"audit", "verify", "--db", db_->spec()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace proven
