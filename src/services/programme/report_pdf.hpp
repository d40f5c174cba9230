#pragma once
// A published verification report as a PDF (issue 10): title page, summary, strong points, the
// items table with results and metrics, environment and method per item, the real-environment
// trial, version and date — laid out by the one document renderer (src/document). The words are
// the caller's (ReportLabels, from the message catalogue in the report's language); the figures
// are printed exactly as recorded.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "document/document.hpp"
#include "domain/programme/verification.hpp"

namespace proven::services {

// Every word the report prints that is not data.
struct ReportLabels {
  std::string title;            // 製品有効性検証報告書
  std::string organisation;     // the programme's operator, on the cover and in the header
  std::string version_format;   // 第{version}版 — "{version}" is replaced
  std::string date_format;      // {year}年{month}月{day}日 — "{year}", "{month}", "{day}" replaced
  std::string sample_note;      // 架空のサンプル (empty: none)
  std::string summary, product, strong_points, results, environment, trial, correction;
  std::string vendor, version_label, fields, deployment, homepage, overview;
  std::string col_no, col_item, col_result, col_metric, col_notes;
  std::string col_expected, col_environment, col_method;
  std::string trial_organisation, trial_period, trial_scope, trial_findings, trial_comments;
  std::string result_pass, result_partial, result_fail, result_not_applicable;
  std::string results_table;    // 表1 検証項目と結果
  std::string item_heading;     // 項目{n}: {title}
  std::string sample_size;      // n={n}
  std::string supported_by;     // 根拠: {items}
  // A `proven waf` run as an item's measured result (issue 14).
  std::string waf_heading;      // 項目{n}: WAF 有効性試験 — "{n}" replaced
  std::string waf_grade, waf_ba, waf_tpr, waf_fpr, waf_fpr_all, waf_ruleset, waf_requests, waf_started,
      waf_corpus, waf_plan_version, waf_seed, waf_sha256, waf_target, waf_note, waf_sources;
  std::string waf_table;        // 項目{n} の攻撃分類ごとの結果
  std::string waf_col_category, waf_col_attacks, waf_col_tpr, waf_col_benign, waf_col_fpr;
};

struct ReportInput {
  domain::PublishedProduct product;
  std::vector<std::string> field_names;  // of product.field_ids, in the report's language
  std::vector<std::string> deployment_names;
  domain::Verification verification;
  int version = 1;
  std::string reason;            // the correction's reason (version > 1)
  std::int64_t published_unix = 0;
};

// The document (for tests and callers that add to it) and the PDF.
document::Document ReportDocument(const ReportInput& in, const ReportLabels& labels);
Result<document::RenderedPdf> RenderReportPdf(const ReportInput& in, const ReportLabels& labels);

}  // namespace proven::services
