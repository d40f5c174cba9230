// A `proven waf` report as a verification item's evidence and measured result on the real binary
// (issue 14): uploaded through the evidence API, refused when its numbers do not add up, the item's
// metric set from it, published with the report and shown on the product page.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

TEST(WafEvidenceApi, AReportIsTheItemsMeasuredResultOnTheProductPage) {
  testing::TempDir dir;
  testing::TestDatabase database(dir, "waf.db");
  const std::string db = database.spec();
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db}).exit_code, 0);
  auto tokens = testing::AddUsersWithTokens(db, {{"k@lab.example", "verifier", "検証ラボ"}, {"o@lab.example", "verifier", "別の検証ラボ"}});
  for (const char* demo : {"operator@demo.proven.example", "apply@mirai-shield.example"}) {
    auto t = RunProven({"token", "create", demo, "--db", db});
    ASSERT_EQ(t.exit_code, 0);
    tokens[demo] = t.out.substr(0, t.out.find('\n'));
  }
  testing::ServerProcess server(db);
  auto call = [&](const std::string& who, const std::string& method, const std::string& path, const std::string& body,
                  const std::string& type = "application/json") {
    httplib::Client c(server.host(), server.port());
    c.set_read_timeout(20, 0);
    httplib::Headers h{{"Authorization", "Bearer " + tokens[who]}};
    if (method == "POST") return c.Post(path.c_str(), h, body, type.c_str());
    if (method == "PATCH") return c.Patch(path.c_str(), h, body, type.c_str());
    if (method == "PUT") return c.Put(path.c_str(), h, body, type.c_str());
    return c.Get(path.c_str(), h);
  };
  auto ok = [](httplib::Result r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  };
  const std::string admin = "operator@demo.proven.example", vendor = "apply@mirai-shield.example",
                    verifier = "k@lab.example";
  auto v = ok(call(admin, "POST", "/api/v1/verifications", json{{"application_id", 1}}.dump()), 201);
  const std::string path = fmt::format("/api/v1/verifications/{}", v["id"].get<int>());
  ok(call(admin, "POST", path + "/verifiers", json{{"email", verifier}}.dump()), 201);
  v = ok(call(verifier, "PUT", path + "/plan",
              json{{"items", {{{"title", "WAF 有効性（proven waf）"}, {"method", "proven waf run"}}}}}.dump()));
  const int item = v["items"][0]["id"];
  ok(call(vendor, "POST", path + "/agree-plan", "{}"));
  ok(call(verifier, "PATCH", path, json{{"summary", "自動試験"}}.dump()));

  auto run = testing_waf::MakeSampleRun(4, 0);
  run.settings.ruleset = "OWASP_CRS/3.3.4 PL1";
  const std::string report =
      waf::ReportJson(run.plan, run.target, run.settings, run.run, waf::Score(run.plan, run.run), {"0.1.0", "", ""})
          .dump(2);
  auto tampered = json::parse(report);
  tampered["headline"]["tpr"] = 0.5;
  auto refused = call(verifier, "POST", fmt::format("{}/evidence?filename=run.json&item_id={}", path, item),
                      tampered.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  EXPECT_EQ(json::parse(refused->body)["error"]["parameter"], "file");
  EXPECT_NE(refused->body.find("headline.tpr"), std::string::npos) << refused->body;

  auto added = ok(call(verifier, "POST", fmt::format("{}/evidence?filename=run.json&item_id={}", path, item), report),
                  201);
  EXPECT_EQ(added["content_type"], "application/json");
  v = ok(call(verifier, "GET", path, ""));
  EXPECT_EQ(v["items"][0]["metric"]["unit"], "balanced accuracy");
  const std::string ba = v["items"][0]["metric"]["value"];
  EXPECT_EQ(ba.size(), 5u) << ba;

  // The API: the item's waf object is the report's summary, with the evidence file's id.
  const auto headline = json::parse(report)["headline"];
  const auto& item_waf = v["items"][0]["waf"];
  ASSERT_TRUE(item_waf.is_object()) << v["items"][0].dump();
  EXPECT_EQ(item_waf["grade"], headline["grade"]);
  EXPECT_NEAR(item_waf["balanced_accuracy"].get<double>(), headline["balanced_accuracy"].get<double>(), 1e-6);
  EXPECT_TRUE(item_waf["balanced_accuracy_ci"].is_array());
  EXPECT_EQ(item_waf["evidence_id"], added["id"]);
  EXPECT_EQ(item_waf["html_url"], fmt::format("/api/v1/evidence/{}/waf.html", added["id"].get<int>()));
  EXPECT_EQ(item_waf["ruleset"], "OWASP_CRS/3.3.4 PL1");
  EXPECT_EQ(item_waf["report_sha256"], added["sha256"]);
  EXPECT_FALSE(item_waf["categories"].empty());
  const std::string grade = headline["grade"];

  // The HTML summary: rendered inline from the stored report, in either language, sandboxed.
  const std::string html_path = fmt::format("/api/v1/evidence/{}/waf.html", added["id"].get<int>());
  for (const std::string lang : {"en", "ja"}) {
    auto html = call(vendor, "GET", html_path + "?lang=" + lang, "");
    ASSERT_TRUE(html);
    ASSERT_EQ(html->status, 200) << html->body.substr(0, 500);
    EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(html->get_header_value_count("Content-Security-Policy"), 1u) << "one policy, the page's own";
    EXPECT_NE(html->get_header_value("Content-Security-Policy").find("sandbox"), std::string::npos);
    EXPECT_EQ(html->get_header_value("Content-Security-Policy").find("script-src"), std::string::npos);
    EXPECT_EQ(html->get_header_value("Cache-Control"), "no-store");
    EXPECT_NE(html->body.find("<html lang=\"" + lang + "\""), std::string::npos) << html->body.substr(0, 300);
    EXPECT_NE(testing::TextOf(html->body).find(grade), std::string::npos);
  }
  // Not a WAF report: a clear 404; no access: as if it did not exist; no credentials: 401.
  const std::string pdf = "%PDF-1.4\n" + std::string(64, 'x') + "\n%%EOF\n";
  auto pdf_added = ok(call(verifier, "POST", path + "/evidence?filename=notes.pdf", pdf, "application/pdf"), 201);
  auto not_waf = call(verifier, "GET", fmt::format("/api/v1/evidence/{}/waf.html", pdf_added["id"].get<int>()), "");
  ASSERT_TRUE(not_waf);
  EXPECT_EQ(not_waf->status, 404);
  EXPECT_NE(not_waf->body.find("not a proven waf report"), std::string::npos) << not_waf->body;
  auto stranger = call("o@lab.example", "GET", html_path, "");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 404) << stranger->body;
  EXPECT_EQ(stranger->body.find(grade + "<"), std::string::npos);
  httplib::Client nobody(server.host(), server.port());
  auto unauthenticated = nobody.Get(html_path.c_str());
  ASSERT_TRUE(unauthenticated);
  EXPECT_EQ(unauthenticated->status, 401);

  // The verification page: the summary in the result row, the links, the suggested result.
  for (const std::string lang : {"en", "ja"}) {
    auto page = call(verifier, "GET", fmt::format("/verifications/{}?lang={}", v["id"].get<int>(), lang), "");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("data-testid=\"waf-summary\""), std::string::npos);
    EXPECT_NE(page->body.find("data-grade=\"" + grade + "\""), std::string::npos);
    EXPECT_NE(page->body.find("href=\"/api/v1/evidence/" + std::to_string(added["id"].get<int>()) + "\""),
              std::string::npos);
    EXPECT_NE(page->body.find("href=\"" + html_path + "?lang=" + lang + "\""), std::string::npos);
    EXPECT_NE(page->body.find(ba + " ["), std::string::npos);
    EXPECT_NE(page->body.find(std::string(12, 'c') + "</abbr>"), std::string::npos) << "the fingerprint's first 12";
    EXPECT_NE(page->body.find("data-testid=\"waf-result-hint\""), std::string::npos);
    EXPECT_NE(testing::TextOf(page->body).find(lang == "en" ? "WAF effectiveness run" : "WAF 有効性試験"),
              std::string::npos);
  }
  // The grade suggests the result while the item has none (A/B pass, C/D partial, F fail, I none).
  const std::string suggested = grade == "A" || grade == "B"   ? "pass"
                                : grade == "C" || grade == "D" ? "partial"
                                : grade == "F"                 ? "fail"
                                                               : "";
  auto form = call(verifier, "GET", fmt::format("/verifications/{}?lang=en", v["id"].get<int>()), "");
  ASSERT_TRUE(form);
  ASSERT_FALSE(suggested.empty()) << "the sample run is graded A-F, not " << grade;
  EXPECT_NE(form->body.find("<option value=\"" + suggested + "\" selected>"), std::string::npos) << grade;
  const auto hint = form->body.find("data-testid=\"waf-result-hint\"");
  ASSERT_NE(hint, std::string::npos);
  EXPECT_NE(testing::TextOf(form->body.substr(hint - 20, 400)).find("stays the verifier"), std::string::npos)
      << form->body.substr(hint, 400);
  ok(call(verifier, "PATCH", path, json{{"results", {{{"item_id", item}, {"result", "fail"}}}}}.dump()));
  form = call(verifier, "GET", fmt::format("/verifications/{}?lang=en", v["id"].get<int>()), "");
  ASSERT_TRUE(form);
  EXPECT_NE(form->body.find("<option value=\"fail\" selected>"), std::string::npos) << "the verifier's choice stays";
  if (suggested != "fail") {
    EXPECT_EQ(form->body.find("<option value=\"" + suggested + "\" selected>"), std::string::npos);
  }
  ok(call(verifier, "PATCH", path, json{{"results", {{{"item_id", item}, {"result", "pass"}}}}}.dump()));

  ok(call(verifier, "POST", path + "/submit", "{}"));
  ok(call(vendor, "POST", path + "/approve", "{}"));
  auto published = ok(call(admin, "POST", path + "/publish", "{}"), 201);
  const int product = published["product_id"];
  httplib::Client anonymous(server.host(), server.port());
  auto api = json::parse(anonymous.Get(fmt::format("/api/v1/products/{}", product).c_str())->body);
  const auto& waf = api["report"]["items"][0]["waf"];
  EXPECT_EQ(waf["ruleset"], "OWASP_CRS/3.3.4 PL1");
  EXPECT_EQ(waf["corpus_fingerprint"], "sha256:" + std::string(64, 'c'));
  EXPECT_EQ(waf["report_sha256"], added["sha256"]);
  auto page = anonymous.Get(fmt::format("/products/{}?lang=en", product).c_str());
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string text = testing::TextOf(page->body);
  EXPECT_NE(text.find("WAF effectiveness results"), std::string::npos) << text.substr(0, 2000);
  EXPECT_NE(text.find("OWASP_CRS/3.3.4 PL1"), std::string::npos);
  EXPECT_NE(text.find("path-traversal"), std::string::npos);
  EXPECT_NE(text.find(ba + " ["), std::string::npos) << "BA with its interval";
  auto ja = anonymous.Get(fmt::format("/products/{}", product).c_str());
  ASSERT_TRUE(ja);
  EXPECT_NE(testing::TextOf(ja->body).find("WAF 有効性試験の結果"), std::string::npos);
}

}  // namespace
}  // namespace proven
