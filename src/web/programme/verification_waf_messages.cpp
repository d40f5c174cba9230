// The texts of a WAF run's summary in the verification workspace (issue 14): the grade's label, the
// links to the report and the hint beside the suggested result, Japanese and English (docs/i18n.md).
// The summary's other labels are the product page's (prod_waf_*).
#include <array>

#include "web/i18n.hpp"

namespace proven::web {
namespace {

// clang-format off
constexpr std::array<CatalogueEntry, 12> kEntries{{
  CatalogueEntry{"ver_waf_heading", "WAF 有効性試験 (proven waf)", "WAF effectiveness run (proven waf)"},
  CatalogueEntry{"ver_waf_grade_A", "優秀", "excellent"},
  CatalogueEntry{"ver_waf_grade_B", "良好", "good"},
  CatalogueEntry{"ver_waf_grade_C", "可", "fair"},
  CatalogueEntry{"ver_waf_grade_D", "要改善", "poor"},
  CatalogueEntry{"ver_waf_grade_F", "不合格", "failing"},
  CatalogueEntry{"ver_waf_grade_I", "判定不能（評価できた分類が不足）", "incomplete (too few categories scored)"},
  CatalogueEntry{"ver_waf_report_json", "レポート (JSON)", "Report (JSON)"},
  CatalogueEntry{"ver_waf_report_html", "結果の概要 (HTML)", "Summary (HTML)"},
  CatalogueEntry{"ver_waf_full_fingerprint", "指紋の全体", "Full fingerprint"},
  CatalogueEntry{"ver_waf_suggested", "WAF 試験の評価 {grade} から「{result}」を提案しています。結果は検証担当者が判断して選んでください。", "From the WAF run's grade {grade} the result \"{result}\" is suggested; the result stays the verifier's choice."},
  CatalogueEntry{"ver_waf_no_suggestion", "WAF 試験の評価が I（判定不能）のため、結果は提案しません。検証担当者が判断して選んでください。", "The WAF run's grade is I (incomplete), so no result is suggested; the verifier chooses it."},
}};
// clang-format on

}  // namespace

std::span<const CatalogueEntry> VerificationWafMessages() { return kEntries; }

}  // namespace proven::web
