// A `proven waf` report as a verification item's evidence and measured result (issue 14,
// services/programme/waf_evidence.hpp): checked like any report read back, summarised for the
// item, and printed in the published PDF.
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/core.h>

#include "services/programme/report_pdf.hpp"
#include "services/programme/waf_evidence.hpp"
#include "support/test_support.hpp"
#include "support/waf_fixtures.hpp"
#include "waf/metrics.hpp"
#include "web/programme/report_labels.hpp"

namespace proven {
namespace {

std::string ReportText(int miss = 4, int fp_every = 0) {
  auto s = testing_waf::MakeSampleRun(miss, fp_every);
  return waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run), {"0.1.0", "", ""}).dump(2);
}

TEST(WafEvidence, AReportBecomesAMetricAndASummary) {
  const std::string text = ReportText();
  EXPECT_TRUE(services::LooksLikeWafReport(" \n" + text));
  EXPECT_FALSE(services::LooksLikeWafReport("%PDF-1.4"));
  EXPECT_FALSE(services::LooksLikeWafReport(""));
  auto e = services::CheckedWafReport("../runs/crs\x01.json", text);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->record.filename, "crs.json");
  EXPECT_EQ(e->record.content_type, "application/json");
  EXPECT_EQ(e->record.size, static_cast<std::int64_t>(text.size()));
  EXPECT_EQ(e->metric.unit, "balanced accuracy");
  EXPECT_EQ(e->metric.value, fmt::format("{:.3f}", *e->report.headline.ba));
  EXPECT_EQ(*e->metric.sample_size, e->report.attacks + e->report.benign);
  auto view = services::ReadWafSummary(e->summary);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->grade, e->report.grade);
  EXPECT_EQ(view->report_sha256, e->record.sha256);
  EXPECT_EQ(view->corpus_fingerprint, "sha256:" + std::string(64, 'c'));
  EXPECT_NE(view->ba.find(" ["), std::string::npos) << view->ba;
  EXPECT_EQ(view->categories.size(), 5u);
  EXPECT_EQ(view->notices.front(), "gotestwaf (MIT): GoTestWAF test cases © 2020 Wallarm");
  EXPECT_FALSE(services::ReadWafSummary(""));
  EXPECT_FALSE(services::ReadWafSummary("not json"));
}

TEST(WafEvidence, RefusesReportsThatDoNotAddUp) {
  auto j = nlohmann::json::parse(ReportText());
  j["headline"]["tpr"] = 0.999;
  auto bad = services::CheckedWafReport("x.json", j.dump());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "file");
  EXPECT_EQ(bad.error().reason.key, "error.waf.bad_report");
  EXPECT_EQ(bad.error().reason.args.at(0).second, "headline.tpr");
  EXPECT_NE(bad.error().message.find("headline.tpr"), std::string::npos);
  auto not_report = services::CheckedWafReport("x.json", "{\"a\":1}");
  ASSERT_FALSE(not_report);
  EXPECT_EQ(not_report.error().reason.args.at(0).second, "schema_version");
  // No scored category: no balanced accuracy to record.
  auto s = testing_waf::MakeSampleRun(4, 0);
  s.plan.requests.resize(30);  // sqli attacks only
  s.run.results.resize(30);
  const auto unscored =
      waf::ReportJson(s.plan, s.target, s.settings, s.run, waf::Score(s.plan, s.run), {"0.1.0", "", ""}).dump();
  auto none = services::CheckedWafReport("x.json", unscored);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason.key, "error.waf.no_score");
}

TEST(WafEvidence, ThePdfPrintsTheRunsSummary) {
  if (!testing::ProgramInPath("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto e = services::CheckedWafReport("run.json", ReportText(4, 9));
  ASSERT_TRUE(e);
  services::ReportInput in;
  in.product.name = "ShieldGate WAF";
  in.product.vendor = "株式会社ミライシールド（架空）";
  in.published_unix = 1796083200;
  domain::VerificationItem item;
  item.id = 1;
  item.title = "WAF 有効性（自動試験）";
  item.result = domain::ItemResult::kPass;
  item.metric = e->metric;
  item.waf_summary = e->summary;
  in.verification.items.push_back(item);
  for (auto lang : {web::Lang::kJa, web::Lang::kEn}) {
    auto pdf = services::RenderReportPdf(in, web::ReportLabelsFor(lang, false));
    ASSERT_TRUE(pdf) << pdf.error().message;
    testing::TempDir dir;
    testing::WriteFile(dir / "r.pdf", pdf->bytes);
    auto text = testing::RunCommand({"pdftotext", "-layout", (dir / "r.pdf").string(), "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    std::string flat = text.out;
    flat.erase(std::remove_if(flat.begin(), flat.end(), [](char c) { return c == ' ' || c == '\n' || c == '\f'; }),
               flat.end());
    const bool ja = lang == web::Lang::kJa;
    const std::vector<std::string> wants{ja ? "項目1:WAF有効性試験" : "Item1:WAFeffectiveness",
                                         e->metric.value, "sha256:cccc", "path-traversal", "OWASP_CRS/3.3.4PL1"};
    for (const auto& want : wants) {
      EXPECT_NE(flat.find(want), std::string::npos) << want << "\n" << text.out.substr(0, 3000);
    }
  }
}

}  // namespace
}  // namespace proven
