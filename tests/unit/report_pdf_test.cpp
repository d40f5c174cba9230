// A verification report's PDF (issue 10): built from the records by services::RenderReportPdf with
// the catalogue's words, and read back as a reader would (pdftotext): the product, the strong points
// in Japanese, every item with its result and its metric exactly as recorded, the version and date.
#include <gtest/gtest.h>

#include <algorithm>

#include "services/programme/report_pdf.hpp"
#include "support/test_support.hpp"
#include "web/programme/report_labels.hpp"

namespace proven {
namespace {

std::string NoSpace(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\f'; }), s.end());
  return s;
}

services::ReportInput Sample() {
  services::ReportInput in;
  in.product.name = "ShieldGate WAF";
  in.product.version = "4.1";
  in.product.vendor = "株式会社ミライシールド（架空）";
  in.product.overview = "SaaS型のWebアプリケーションファイアウォール。";
  in.field_names = {"脅威の可視化"};
  in.deployment_names = {"SaaS"};
  auto& v = in.verification;
  v.summary = "試験環境でSQLインジェクション等の検知を検証した。";
  for (int i = 1; i <= 3; ++i) {
    domain::VerificationItem item;
    item.id = 100 + i;
    item.title = "検証項目" + std::to_string(i) + " SQLインジェクションの検知";
    item.environment = "検証用ネットワーク（WAF → アプリケーションサーバ）";
    item.method = "攻撃リクエスト 816 件を送信";
    item.expected = "95% 以上を遮断する";
    item.result = i == 3 ? domain::ItemResult::kPartial : domain::ItemResult::kPass;
    if (i == 1) item.metric = domain::Metric{"0.962", "rate", 816};
    v.items.push_back(item);
  }
  v.strong_points = {{1, "国内の攻撃傾向に合わせた検知ルールで高い検知率", {101}},
                     {2, "誤検知の調整を日本語で支援", {102, 103}}};
  v.trial = domain::Trial{"製造業 A社（従業員300名）", "2026年1月〜3月", "社外公開Webサイト", "運用負荷が小さかった。",
                          "導入が簡単だった。"};
  in.version = 2;
  in.reason = "検証項目3の判定を訂正した。";
  in.published_unix = 1796083200;  // 2026-12-01T09:00+09:00
  return in;
}

TEST(ReportPdf, AReaderFindsTheProductStrongPointsResultsAndVersionInJapanese) {
  if (!testing::ProgramInPath("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  auto pdf = services::RenderReportPdf(Sample(), web::ReportLabelsFor(web::Lang::kJa, true));
  ASSERT_TRUE(pdf) << pdf.error().message;
  testing::TempDir dir;
  testing::WriteFile(dir / "r.pdf", pdf->bytes);
  auto text = testing::RunCommand({"pdftotext", "-layout", (dir / "r.pdf").string(), "-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::string flat = NoSpace(text.out);
  for (const char* want : {"製品有効性検証報告書", "ShieldGateWAF4.1", "第2版", "2026年12月1日", "架空のサンプル",
                           "ストロングポイント", "国内の攻撃傾向に合わせた検知ルールで高い検知率", "誤検知の調整を日本語で支援",
                           "根拠:項目2,3", "有効性検証結果", "検証項目3SQLインジェクションの検知", "一部合格",
                           "0.962 rate", "(n=816)", "実環境における試行検証", "製造業A社（従業員300名）", "訂正の理由",
                           "検証項目3の判定を訂正した。", "株式会社ミライシールド（架空）"}) {
    EXPECT_NE(flat.find(NoSpace(want)), std::string::npos) << want << "\n" << text.out;
  }
}

TEST(ReportPdf, EnglishWordsComeFromTheCatalogue) {
  auto in = Sample();
  in.version = 1;
  in.reason.clear();
  const auto d = services::ReportDocument(in, web::ReportLabelsFor(web::Lang::kEn, false));
  ASSERT_TRUE(d.title_page);
  EXPECT_EQ(d.title_page->title, "Product Effectiveness Verification Report");
  EXPECT_EQ(d.title_page->version, "Version 1");
  EXPECT_EQ(d.title_page->date, "2026-12-1");
  EXPECT_EQ(d.title_page->note, "") << "no sample note for real data";
  auto pdf = services::RenderReportPdf(in, web::ReportLabelsFor(web::Lang::kEn, false));
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_GE(pdf->page_count, 2);
}

}  // namespace
}  // namespace proven
