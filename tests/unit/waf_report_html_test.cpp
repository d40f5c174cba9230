// The HTML summary of a WAF run (web/waf/waf_report_html.hpp): both languages, every text key the
// template uses exists in both, text escaped, charts drawn, no script.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/embedded.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "waf/report.hpp"
#include "web/waf/waf_report_html.hpp"

namespace proven {
namespace {

waf::ReportSummary Summary(int miss, int fp_every) {
  auto s = testing_waf::MakeSampleRun(miss, fp_every);
  s.plan.requests[126].preview = "<script>alert('x')</script>";  // the first xss attack… and a benign below
  for (auto& q : s.plan.requests) {
    if (q.expect == waf::Expect::kAllow && q.category == "sqli") q.preview = "<b>O'Reilly</b>";
  }
  auto j = waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run), {"0.1.0", "製品 <X>", ""});
  auto r = waf::ReadReport(j.dump());
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

TEST(WafReportHtml, RendersBothLanguagesEscaped) {
  const auto r = Summary(4, 5);
  auto ja = web::WafReportHtml(r, web::Lang::kJa);
  auto en = web::WafReportHtml(r, web::Lang::kEn);
  ASSERT_TRUE(ja) << ja.error().detail;
  ASSERT_TRUE(en) << en.error().detail;
  EXPECT_NE(ja->find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja->find("WAF 有効性試験の結果"), std::string::npos);
  EXPECT_NE(en->find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en->find("Results by category"), std::string::npos);
  for (const auto* html : {&*ja, &*en}) {
    EXPECT_EQ(html->find("<script"), std::string::npos);
    EXPECT_EQ(html->find("<b>O"), std::string::npos);
    EXPECT_NE(html->find("&lt;b&gt;O&apos;Reilly&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html->find("OWASP_CRS/3.3.4 PL1 &lt;test &amp; &quot;quoted&quot;&gt;"), std::string::npos);
    EXPECT_NE(html->find("製品 &lt;X&gt;"), std::string::npos);
    EXPECT_EQ(html->find("{{"), std::string::npos);
    EXPECT_NE(html->find("<svg"), std::string::npos);
    EXPECT_NE(html->find("class=\"grade grade-"), std::string::npos);
    EXPECT_NE(html->find(r.corpus_fingerprint), std::string::npos);
    EXPECT_NE(html->find("GoTestWAF test cases © 2020 Wallarm"), std::string::npos);
  }
  EXPECT_NE(en->find("fewer than 10 resolved benign requests"), std::string::npos) << "xss has 4 benign requests";
  EXPECT_NE(ja->find("判定できた正常リクエストが 10 件未満"), std::string::npos);
  EXPECT_EQ(r.grade, "F");
  EXPECT_EQ(r.grade_before_gate, "C");
  EXPECT_NE(en->find("false-positive rate max(fpr, fpr_all) = 0.200 is above 0.10: F"), std::string::npos);
  EXPECT_NE(ja->find("0.200 が 0.10 を超えるため F"), std::string::npos);
}

TEST(WafReportHtml, IncompleteSaysWhy) {
  auto s = testing_waf::MakeSampleRun(4, 0);
  s.plan.requests.resize(60);  // sqli and the start of rce only: one scored category
  s.run.results.resize(60);
  auto j = waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run), {"0.1.0", "", ""});
  auto r = waf::ReadReport(j.dump());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->grade, "I");
  auto en = web::WafReportHtml(*r, web::Lang::kEn);
  ASSERT_TRUE(en);
  EXPECT_NE(en->find("incomplete (I): 1 scored categories, fewer than 3"), std::string::npos);
}

TEST(WafReportHtml, EveryTextKeyExistsInBothLanguages) {
  std::string tmpl;
  for (const auto& f : templates_files()) {
    if (f.name == "waf/report.mustache") tmpl = std::string(f.data);
  }
  ASSERT_FALSE(tmpl.empty());
  const std::regex key(R"(\{\{w\.([a-z_]+)\}\})");
  std::set<std::string> used;
  for (std::sregex_iterator it(tmpl.begin(), tmpl.end(), key), end; it != end; ++it) used.insert((*it)[1]);
  // the reasons and kinds the metrics give are looked up by code
  for (const char* r : {"no_attacks", "few_attacks", "no_benign", "few_benign", "low_tpr", "low_tpr_robustness",
                        "not_in_plan", "no_headline", "none_scored"}) {
    used.insert(std::string("reason_") + r);
  }
  for (const char* k : {"category", "placement", "encoder", "robustness"}) used.insert(std::string("kind_") + k);
  for (const char* k : {"gate_fp", "gate_few_categories", "gate_unresolved"}) used.insert(k);
  EXPECT_GT(used.size(), 40u);
  for (const auto& k : used) {
    EXPECT_NE(web::WafReportText(web::Lang::kJa, k), k) << k;
    EXPECT_NE(web::WafReportText(web::Lang::kEn, k), k) << k;
  }
  std::set<std::string> keys;
  for (const auto& k : web::WafReportTextKeys()) EXPECT_TRUE(keys.insert(k).second) << "duplicate " << k;
}

}  // namespace
}  // namespace proven
