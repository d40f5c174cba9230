#include "web/waf/waf_report_html.hpp"

#include <array>
#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <kainjow/mustache.hpp>

#include "core/embedded.hpp"
#include "web/charts.hpp"

namespace proven::web {
namespace {

using kainjow::mustache::data;

struct Text {
  std::string_view key, ja, en;
};

// clang-format off
constexpr std::array kTexts{
  Text{"title", "WAF 有効性試験の結果", "WAF effectiveness results"},
  Text{"lead", "proven waf による自動試験の要約です。数値は 0〜1、角括弧内は 95 % 信頼区間です。", "Summary of an automated proven waf run. Rates are 0 to 1; brackets give 95 % intervals."},
  Text{"headline", "総合評価", "Headline"},
  Text{"grade", "評価", "Grade"},
  Text{"grade_before_gate", "誤検知の制限前の評価", "Grade before the false-positive gate"},
  Text{"gate", "評価を下げた理由", "Why the grade is lower"},
  Text{"balanced_accuracy", "バランス精度 (BA)", "Balanced accuracy (BA)"},
  Text{"tpr", "検知率 (TPR)", "Detection rate (TPR)"},
  Text{"fpr", "誤検知率 (FPR)", "False-positive rate (FPR)"},
  Text{"fpr_all", "全正常リクエストの誤検知率", "False-positive rate over all benign requests"},
  Text{"categories_scored", "評価対象の分類数", "Categories scored"},
  Text{"formula", "計算式", "Formula"},
  Text{"gate_fp", "誤検知率 max(fpr, fpr_all) = {g} が {limit} を超えるため {grade}", "false-positive rate max(fpr, fpr_all) = {g} is above {limit}: {grade}"},
  Text{"gate_few_categories", "評価対象の分類が {k} 件（3 件未満）のため判定不能 (I)", "incomplete (I): {k} scored categories, fewer than 3"},
  Text{"gate_unresolved", "判定不能のリクエストが {share}（5 % 超）のため判定不能 (I)", "incomplete (I): {share} of the headline requests unresolved, more than 5 %"},
  Text{"categories", "攻撃分類ごとの結果", "Results by category"},
  Text{"category", "分類", "Category"},
  Text{"scored", "評価対象", "Scored"},
  Text{"yes", "はい", "yes"},
  Text{"no", "いいえ", "no"},
  Text{"attacks", "攻撃リクエスト", "Attack requests"},
  Text{"blocked", "遮断", "Blocked"},
  Text{"benign", "正常リクエスト", "Benign requests"},
  Text{"false_positives", "誤遮断", "Blocked benign"},
  Text{"unresolved", "判定不能", "Unresolved"},
  Text{"chart_tpr", "分類ごとの検知率（1000 分率、枠が 1.0）", "Detection rate by category (per thousand; the track is 1.0)"},
  Text{"chart_fpr", "分類ごとの誤検知率（1000 分率、枠が 1.0）", "False-positive rate by category (per thousand; the track is 1.0)"},
  Text{"placements", "挿入位置ごとの結果", "Results by placement"},
  Text{"placement", "挿入位置", "Placement"},
  Text{"encoders", "符号化ごとの結果", "Results by encoding"},
  Text{"encoder", "符号化", "Encoding"},
  Text{"sources", "出典ごとの結果", "Results by source"},
  Text{"source", "出典", "Source"},
  Text{"robustness", "耐性スコア（一般的なアプリが復号しない符号化）", "Robustness (encodings a typical application does not decode)"},
  Text{"robustness_note", "総合評価と評価には含めません。", "Never part of the headline or the grade."},
  Text{"gaps", "カバレッジの不足", "Coverage gaps"},
  Text{"gaps_none", "不足はありません。", "No gaps."},
  Text{"kind", "種類", "Kind"},
  Text{"name", "名前", "Name"},
  Text{"reason", "理由", "Reason"},
  Text{"kind_category", "分類", "category"},
  Text{"kind_placement", "挿入位置", "placement"},
  Text{"kind_encoder", "符号化", "encoder"},
  Text{"kind_robustness", "耐性スコア", "robustness"},
  Text{"reason_no_attacks", "攻撃リクエストがない", "no attack requests"},
  Text{"reason_few_attacks", "判定できた攻撃リクエストが 10 件未満", "fewer than 10 resolved attack requests"},
  Text{"reason_no_benign", "正常リクエストがない", "no benign requests"},
  Text{"reason_few_benign", "判定できた正常リクエストが 10 件未満", "fewer than 10 resolved benign requests"},
  Text{"reason_low_tpr", "検知率が 0.5 未満", "detection rate below 0.5"},
  Text{"reason_low_tpr_robustness", "耐性スコアの検知率が 0.5 未満", "robustness detection rate below 0.5"},
  Text{"reason_not_in_plan", "試験計画にない", "not in the plan"},
  Text{"reason_no_headline", "総合評価の対象リクエストがない", "no headline requests"},
  Text{"reason_none_scored", "評価対象になる分類がない", "no category has enough requests"},
  Text{"worst_fps", "誤遮断の例（最大 20 件）", "Worst false positives (at most 20)"},
  Text{"worst_fps_none", "誤遮断はありません。", "No benign request was blocked."},
  Text{"request_id", "リクエスト ID", "Request id"},
  Text{"case", "ケース", "Case"},
  Text{"status", "ステータス", "Status"},
  Text{"basis", "判定根拠", "Basis"},
  Text{"preview", "内容（先頭）", "Payload (start)"},
  Text{"run", "実行条件", "Run"},
  Text{"target", "対象", "Target"},
  Text{"target_name", "製品名", "Product"},
  Text{"ruleset", "ルールセット", "Rule set"},
  Text{"oracle", "判定方法", "Verdicts from"},
  Text{"profile", "送信プロファイル", "Profile"},
  Text{"requests", "リクエスト数", "Requests"},
  Text{"seconds", "所要時間（秒）", "Seconds"},
  Text{"started_at", "開始 (UTC)", "Started (UTC)"},
  Text{"corpus_fingerprint", "コーパスの指紋", "Corpus fingerprint"},
  Text{"plan_fingerprint", "試験計画の指紋", "Plan fingerprint"},
  Text{"plan_version", "試験計画の版", "Plan version"},
  Text{"seed", "乱数シード", "Seed"},
  Text{"tool", "ツール", "Tool"},
  Text{"notices", "出典とライセンス", "Sources and licences"},
  Text{"licence", "ライセンス", "Licence"},
  Text{"notice", "表示", "Notice"},
  Text{"cases", "ケース数", "Cases"},
  Text{"na", "—", "—"},
};
// clang-format on

std::string Rate(std::optional<double> v) { return v ? fmt::format("{:.3f}", *v) : std::string("—"); }

std::string WithCi(std::optional<double> v, const std::optional<waf::Interval>& ci) {
  if (!v) return "—";
  if (!ci) return Rate(v);
  return fmt::format("{:.3f} [{:.3f}–{:.3f}]", *v, ci->lo, ci->hi);
}

const std::string& TemplateText() {
  static const std::string kText = [] {
    for (const auto& f : templates_files()) {
      if (f.name == "waf/report.mustache") return std::string(f.data);
    }
    return std::string();
  }();
  return kText;
}

data WafMessages(Lang lang) {
  data d;
  for (const auto& t : kTexts) d.set(std::string(t.key), std::string(lang == Lang::kJa ? t.ja : t.en));
  return d;
}

data SliceRows(const std::vector<waf::SliceStats>& slices, Lang lang) {
  data rows{data::type::list};
  for (const auto& s : slices) {
    data r;
    r.set("name", s.name);
    r.set("scored", WafReportText(lang, s.scored ? "yes" : "no"));
    r.set("attacks", std::to_string(s.attacks));
    r.set("blocked", std::to_string(s.blocked));
    r.set("benign", std::to_string(s.benign));
    r.set("fp", std::to_string(s.fp));
    r.set("unresolved", std::to_string(s.unresolved));
    r.set("tpr", WithCi(s.tpr, s.tpr_ci));
    r.set("fpr", WithCi(s.fpr, s.fpr_ci));
    r.set("ba", Rate(s.ba));
    rows.push_back(r);
  }
  return rows;
}

// A chart of one rate per slice on an absolute scale: the track is 1.0, the bar the rate, both in
// thousandths ("733 / 1000"); the intervals are in the table below it.
std::string RateChart(const std::vector<waf::SliceStats>& slices, bool tpr, std::string_view title) {
  std::vector<PartBar> rows;
  for (const auto& s : slices) {
    const auto& v = tpr ? s.tpr : s.fpr;
    if (!v) continue;
    rows.push_back({s.name, static_cast<int>(std::lround(*v * 1000)), 1000});
  }
  if (rows.empty()) return {};
  return PartOfWholeChart(rows, title);
}

std::string Replace(std::string text, std::string_view name, const std::string& value) {
  const std::string marker = "{" + std::string(name) + "}";
  for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + value.size())) {
    text.replace(at, marker.size(), value);
  }
  return text;
}

// Why the grade is lower than BA alone gives, in the page's language ("" when it is not).
std::string GateText(const waf::ReportSummary& r, Lang lang) {
  if (r.grade == "I") {
    if (r.headline.categories < waf::kMinCategoriesForGrade) {
      return Replace(WafReportText(lang, "gate_few_categories"), "k", std::to_string(r.headline.categories));
    }
    const auto total = r.attacks + r.benign + r.unresolved;
    const double share = total > 0 ? static_cast<double>(r.unresolved) / static_cast<double>(total) : 0;
    return Replace(WafReportText(lang, "gate_unresolved"), "share", fmt::format("{:.3f}", share));
  }
  if (r.gate.empty()) return {};
  const double g = std::max(r.headline.fpr.value_or(0), r.fpr_all.value_or(0));
  const char* limit = g > 0.10 ? "0.10" : g > 0.05 ? "0.05" : g > 0.02 ? "0.02" : "0.01";
  std::string text = WafReportText(lang, "gate_fp");
  text = Replace(text, "g", fmt::format("{:.3f}", g));
  text = Replace(text, "limit", limit);
  return Replace(text, "grade", r.grade);
}

}  // namespace

std::string WafReportText(Lang lang, std::string_view key) {
  for (const auto& t : kTexts) {
    if (t.key == key) return std::string(lang == Lang::kJa ? t.ja : t.en);
  }
  return std::string(key);
}

std::vector<std::string> WafReportTextKeys() {
  std::vector<std::string> keys;
  for (const auto& t : kTexts) keys.emplace_back(t.key);
  return keys;
}

Result<std::string> WafReportHtml(const waf::ReportSummary& r, Lang lang) {
  kainjow::mustache::mustache tmpl(TemplateText());
  if (TemplateText().empty() || !tmpl.is_valid()) {
    return Fail(ErrorCode::kInternal, "the WAF report template is missing or does not parse",
                tmpl.error_message());
  }
  data d;
  d.set("lang", std::string(LangCode(lang)));
  d.set("w", WafMessages(lang));
  d.set("grade", r.grade);
  d.set("grade_class", r.grade == "I" ? std::string("grade-i") : "grade-" + std::string(1, static_cast<char>(r.grade[0] - 'A' + 'a')));
  d.set("grade_before_gate", r.grade_before_gate.empty() ? std::string("—") : r.grade_before_gate);
  if (const auto gate = GateText(r, lang); !gate.empty()) d.set("gate", gate);
  d.set("ba", WithCi(r.headline.ba, r.headline.ba_ci));
  d.set("tpr", WithCi(r.headline.tpr, r.headline.tpr_ci));
  d.set("fpr", WithCi(r.headline.fpr, r.headline.fpr_ci));
  d.set("fpr_all", WithCi(r.fpr_all, r.fpr_all_ci));
  d.set("categories_scored", std::to_string(r.headline.categories));
  d.set("formula", r.formula);
  d.set("categories", SliceRows(r.slices.categories, lang));
  d.set("placements", SliceRows(r.slices.placements, lang));
  d.set("encoders", SliceRows(r.slices.encoders, lang));
  d.set("sources_slices", SliceRows(r.slices.sources, lang));
  d.set("chart_tpr", RateChart(r.slices.categories, true, WafReportText(lang, "chart_tpr")));
  d.set("chart_fpr", RateChart(r.slices.categories, false, WafReportText(lang, "chart_fpr")));
  d.set("rob_ba", WithCi(r.robustness.ba, r.robustness.ba_ci));
  d.set("rob_tpr", WithCi(r.robustness.tpr, r.robustness.tpr_ci));
  d.set("rob_fpr", WithCi(r.robustness.fpr, r.robustness.fpr_ci));
  d.set("rob_attacks", std::to_string(r.robustness_pooled.attacks));
  d.set("rob_benign", std::to_string(r.robustness_pooled.benign));
  d.set("rob_pooled_tpr", WithCi(r.robustness_pooled.tpr, r.robustness_pooled.tpr_ci));

  data gaps{data::type::list};
  for (const auto& g : r.coverage_gaps) {
    data x;
    x.set("kind", WafReportText(lang, "kind_" + g.kind));
    x.set("name", g.name);
    x.set("reason", WafReportText(lang, "reason_" + g.reason));
    gaps.push_back(x);
  }
  d.set("has_gaps", !r.coverage_gaps.empty());
  d.set("gaps", gaps);
  data fps{data::type::list};
  for (const auto& f : r.worst_false_positives) {
    data x;
    x.set("id", f.id);
    x.set("case", f.case_id);
    x.set("category", f.category);
    x.set("placement", f.placement);
    x.set("encoder", f.encoder);
    x.set("status", std::to_string(f.status));
    x.set("basis", f.basis);
    x.set("preview", f.preview);
    fps.push_back(x);
  }
  d.set("has_fps", !r.worst_false_positives.empty());
  d.set("fps", fps);

  d.set("target", r.target_url);
  d.set("target_name", r.target_name.empty() ? std::string("—") : r.target_name);
  d.set("ruleset", r.ruleset.empty() ? std::string("—") : r.ruleset);
  d.set("oracle", r.oracle_kind);
  d.set("profile", r.profile);
  d.set("requests", std::to_string(r.requests));
  d.set("seconds", fmt::format("{:.2f}", r.seconds));
  d.set("started_at", r.started_at);
  d.set("corpus_fingerprint", r.corpus_fingerprint);
  d.set("plan_fingerprint", r.plan_fingerprint);
  d.set("plan_version", r.plan_version);
  d.set("seed", std::to_string(r.seed));
  d.set("tool", "proven " + r.tool_version);
  data notices{data::type::list};
  for (const auto& s : r.sources) {
    data x;
    x.set("name", s.name);
    x.set("licence", s.licence);
    x.set("notice", s.notice);
    x.set("cases", std::to_string(s.cases));
    x.set("requests", std::to_string(s.requests));
    notices.push_back(x);
  }
  d.set("notices", notices);

  std::string html = tmpl.render(d);
  if (!tmpl.is_valid()) {
    return Fail(ErrorCode::kInternal, "the WAF report template did not render", tmpl.error_message());
  }
  return html;
}

}  // namespace proven::web
