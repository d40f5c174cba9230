#pragma once
// The HTML summary of a WAF run (issue 14, `proven waf run --html F`, `proven waf html`): one
// self-contained page (inline CSS, no script) rendered from a checked report with
// templates/waf/report.mustache; its texts in Japanese or English from the table in
// waf_report_html.cpp ({{w.key}}), the charts from web/charts.hpp.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "waf/report.hpp"
#include "web/i18n.hpp"

namespace proven::web {

Result<std::string> WafReportHtml(const waf::ReportSummary& report, Lang lang);

// The summary's own texts: the key's text in that language, the key itself when unknown.
std::string WafReportText(Lang lang, std::string_view key);
// Every key the table has, for the test that each exists in both languages.
std::vector<std::string> WafReportTextKeys();

}  // namespace proven::web
