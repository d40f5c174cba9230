#include "services/programme/report_pdf.hpp"

#include "services/programme/waf_evidence.hpp"

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"

namespace proven::services {

namespace doc = proven::document;
using domain::ItemResult;

namespace {

std::string Fill(std::string text, std::string_view key, std::string_view value) {
  const std::string placeholder = "{" + std::string(key) + "}";
  for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

std::string DateText(const ReportLabels& l, std::int64_t unix_seconds) {
  const Date d = TokyoDateOf(unix_seconds);
  return Fill(Fill(Fill(l.date_format, "year", std::to_string(d.year)), "month", std::to_string(d.month)), "day",
              std::to_string(d.day));
}

doc::Cell ResultCell(const ReportLabels& l, const std::optional<ItemResult>& r) {
  if (!r) return {"—", doc::CellStyle::kText};
  switch (*r) {
    case ItemResult::kPass: return {l.result_pass, doc::CellStyle::kBadgePass};
    case ItemResult::kPartial: return {l.result_partial, doc::CellStyle::kBadgePartial};
    case ItemResult::kFail: return {l.result_fail, doc::CellStyle::kBadgeFail};
    case ItemResult::kNotApplicable: return {l.result_not_applicable, doc::CellStyle::kBadgeNeutral};
  }
  return {"—", doc::CellStyle::kText};
}

// "0.962 rate (n=816)": the value exactly as recorded.
std::string MetricText(const ReportLabels& l, const std::optional<domain::Metric>& m) {
  if (!m) return "";
  std::string out = m->value;
  if (!m->unit.empty()) out += " " + m->unit;
  if (m->sample_size) out += " (" + Fill(l.sample_size, "n", std::to_string(*m->sample_size)) + ")";
  return out;
}

// The position (1-based) of each item, as the report numbers them.
std::string ItemNumbers(const domain::Verification& v, const std::vector<std::int64_t>& ids) {
  std::vector<std::string> out;
  for (auto id : ids) {
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (v.items[i].id == id) out.push_back(std::to_string(i + 1));
    }
  }
  return Join(out, ", ");
}

}  // namespace

doc::Document ReportDocument(const ReportInput& in, const ReportLabels& l) {
  const auto& v = in.verification;
  const auto& p = in.product;
  const std::string version = Fill(l.version_format, "version", std::to_string(in.version));
  const std::string date = DateText(l, in.published_unix);
  doc::Document d;
  d.info.title = l.title + " " + p.name;
  d.info.author = l.organisation;
  d.info.subject = l.title;
  d.info.keywords = p.name + ", " + p.vendor;
  d.info.created_unix = in.published_unix;
  d.title_page = doc::TitlePage{l.title, p.name + (p.version.empty() ? "" : " " + p.version), l.organisation, date,
                                version, l.sample_note};
  d.page.table_of_contents = true;

  d.AddHeading(1, l.summary).AddParagraph(v.summary.empty() ? p.overview : v.summary);
  if (in.version > 1 && !in.reason.empty()) d.AddHeading(2, l.correction).AddParagraph(in.reason);

  d.AddHeading(1, l.product)
      .AddKeyValues({{l.product, p.name},
                     {l.version_label, p.version},
                     {l.vendor, p.vendor},
                     {l.fields, Join(in.field_names, "、")},
                     {l.deployment, Join(in.deployment_names, "、")},
                     {l.homepage, p.homepage},
                     {l.overview, p.overview}});

  d.AddHeading(1, l.strong_points);
  std::vector<std::string> points;
  for (const auto& sp : v.strong_points) {
    points.push_back(sp.text + "（" + Fill(l.supported_by, "items", ItemNumbers(v, sp.item_ids)) + "）");
  }
  d.AddBullets(points);

  d.AddHeading(1, l.results);
  doc::DataTable table{l.results_table,
                       {{l.col_no, 0.8, doc::Align::kRight},
                        {l.col_item, 3},
                        {l.col_result, 1.4, doc::Align::kCenter},
                        {l.col_metric, 2.8},
                        {l.col_notes, 1.8}},
                       {}};
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto& item = v.items[i];
    table.rows.push_back({{std::to_string(i + 1)}, {item.title}, ResultCell(l, item.result),
                          {MetricText(l, item.metric)}, {item.notes}});
  }
  d.AddTable(std::move(table));

  // WAF effectiveness: the run's summary of each item whose measured result is a `proven waf` report.
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto waf = ReadWafSummary(v.items[i].waf_summary);
    if (!waf) continue;
    const std::string n = std::to_string(i + 1);
    d.AddHeading(2, Fill(l.waf_heading, "n", n)).AddParagraph(l.waf_note);
    d.AddKeyValues({{l.waf_grade, waf->grade},
                    {l.waf_ba, waf->ba},
                    {l.waf_tpr, waf->tpr},
                    {l.waf_fpr, waf->fpr},
                    {l.waf_fpr_all, waf->fpr_all},
                    {l.waf_ruleset, waf->ruleset},
                    {l.waf_target, waf->target},
                    {l.waf_requests, waf->requests},
                    {l.waf_started, waf->started_at},
                    {l.waf_corpus, waf->corpus_fingerprint},
                    {l.waf_plan_version, waf->plan_version},
                    {l.waf_seed, waf->seed},
                    {l.waf_sha256, waf->report_sha256}});
    doc::DataTable categories{Fill(l.waf_table, "n", n),
                              {{l.waf_col_category, 2.2},
                               {l.waf_col_attacks, 1.2, doc::Align::kRight},
                               {l.waf_col_tpr, 2.4},
                               {l.waf_col_benign, 1.2, doc::Align::kRight},
                               {l.waf_col_fpr, 2.4}},
                              {}};
    for (const auto& c : waf->categories) {
      categories.rows.push_back({{c.name}, {c.attacks}, {c.tpr}, {c.benign}, {c.fpr}});
    }
    d.AddTable(std::move(categories));
    if (!waf->notices.empty()) d.AddHeading(3, l.waf_sources).AddBullets(waf->notices);
  }

  d.AddHeading(1, l.environment);
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto& item = v.items[i];
    d.AddHeading(2, Fill(Fill(l.item_heading, "n", std::to_string(i + 1)), "title", item.title));
    d.AddKeyValues({{l.col_environment, item.environment}, {l.col_method, item.method}, {l.col_expected, item.expected}});
  }

  if (v.trial) {
    d.AddHeading(1, l.trial)
        .AddKeyValues({{l.trial_organisation, v.trial->organisation},
                       {l.trial_period, v.trial->period},
                       {l.trial_scope, v.trial->scope}})
        .AddHeading(2, l.trial_findings)
        .AddParagraph(v.trial->findings);
    if (!v.trial->user_comments.empty()) d.AddHeading(2, l.trial_comments).AddParagraph(v.trial->user_comments);
  }
  return d;
}

Result<doc::RenderedPdf> RenderReportPdf(const ReportInput& in, const ReportLabels& labels) {
  return doc::RenderPdf(ReportDocument(in, labels));
}

}  // namespace proven::services
