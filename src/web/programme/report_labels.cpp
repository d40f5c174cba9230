#include "web/programme/report_labels.hpp"

namespace proven::web {

services::ReportLabels ReportLabelsFor(Lang lang, bool sample_data) {
  auto m = [lang](const char* key) { return Message(lang, key); };
  services::ReportLabels l;
  l.title = m("report.title");
  l.organisation = m("report.organisation");
  l.version_format = m("report.version_format");
  l.date_format = m("report.date_format");
  l.sample_note = sample_data ? m("report.sample_note") : std::string();
  l.summary = m("report.summary");
  l.product = m("report.product");
  l.strong_points = m("report.strong_points");
  l.results = m("report.results");
  l.environment = m("report.environment");
  l.trial = m("report.trial");
  l.correction = m("report.correction");
  l.vendor = m("report.vendor");
  l.version_label = m("report.version_label");
  l.fields = m("report.fields");
  l.deployment = m("report.deployment");
  l.homepage = m("report.homepage");
  l.overview = m("report.overview");
  l.col_no = m("report.col_no");
  l.col_item = m("report.col_item");
  l.col_result = m("report.col_result");
  l.col_metric = m("report.col_metric");
  l.col_notes = m("report.col_notes");
  l.col_expected = m("report.col_expected");
  l.col_environment = m("report.col_environment");
  l.col_method = m("report.col_method");
  l.trial_organisation = m("report.trial_organisation");
  l.trial_period = m("report.trial_period");
  l.trial_scope = m("report.trial_scope");
  l.trial_findings = m("report.trial_findings");
  l.trial_comments = m("report.trial_comments");
  l.result_pass = m("report.result_pass");
  l.result_partial = m("report.result_partial");
  l.result_fail = m("report.result_fail");
  l.result_not_applicable = m("report.result_not_applicable");
  l.results_table = m("report.results_table");
  l.item_heading = m("report.item_heading");
  l.sample_size = m("report.sample_size");
  l.supported_by = m("report.supported_by");
  l.waf_heading = m("report.waf_heading");
  l.waf_note = m("report.waf_note");
  l.waf_grade = m("report.waf_grade");
  l.waf_ba = m("report.waf_ba");
  l.waf_tpr = m("report.waf_tpr");
  l.waf_fpr = m("report.waf_fpr");
  l.waf_fpr_all = m("report.waf_fpr_all");
  l.waf_ruleset = m("report.waf_ruleset");
  l.waf_target = m("report.waf_target");
  l.waf_requests = m("report.waf_requests");
  l.waf_started = m("report.waf_started");
  l.waf_corpus = m("report.waf_corpus");
  l.waf_plan_version = m("report.waf_plan_version");
  l.waf_seed = m("report.waf_seed");
  l.waf_sha256 = m("report.waf_sha256");
  l.waf_sources = m("report.waf_sources");
  l.waf_table = m("report.waf_table");
  l.waf_col_category = m("report.waf_col_category");
  l.waf_col_attacks = m("report.waf_col_attacks");
  l.waf_col_tpr = m("report.waf_col_tpr");
  l.waf_col_benign = m("report.waf_col_benign");
  l.waf_col_fpr = m("report.waf_col_fpr");
  return l;
}

}  // namespace proven::web
