#pragma once
// A `proven waf` report as a verification item's evidence and measured result (issue 14,
// docs/adr/0017-waf-effectiveness-suite.md "Programme integration"). The report is checked by
// waf::ReadReport (schema, fields, every rate against its counts, the grade recomputed): a report
// whose numbers do not add up is refused. Application attachments stay PDF/PNG/JPEG (CheckedUpload);
// this is the one JSON evidence type.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/programme/verification.hpp"
#include "store/programme/programme_store.hpp"
#include "waf/report.hpp"

namespace proven::services {

struct WafEvidence {
  store::Attachment record;  // filename, content_type application/json, size, sha256
  waf::ReportSummary report;
  domain::Metric metric;     // BA to 3 decimals, "balanced accuracy", n = resolved headline requests
  std::string summary;       // what the item keeps and publishes (WafSummaryJson)
};

// A plan item's WAF target: for a WAF effectiveness item an http:// URL that waf::ParseTarget accepts
// (the host must resolve), returned trimmed; for a manual item it must be empty. Errors name `field`
// ("items[2].waf_target") and carry a catalogue reason.
Result<std::string> CheckedWafTarget(domain::ItemKind kind, std::string_view target, const std::string& field);

// Whether an uploaded file is meant as a WAF report (JSON object), not a PDF or image.
bool LooksLikeWafReport(std::string_view content);
// Checks size and content; errors name the report's field (field "file").
Result<WafEvidence> CheckedWafReport(std::string_view filename, std::string_view content);
// The summary an item keeps: grade, rates with intervals, fingerprints, seed, rule set, target,
// requests and seconds, per category, the sources' licences and notices, the report's SHA-256.
// The JSON is waf::SummaryJson (src/waf/summary.hpp); evidence_id once the file is stored.
nlohmann::ordered_json WafSummaryJson(const waf::ReportSummary& r, const std::string& report_sha256,
                                      std::optional<std::int64_t> evidence_id = std::nullopt);

// The summary read back for pages and the PDF (members missing are left empty).
struct WafSummaryView {
  std::string grade, ba, tpr, fpr, fpr_all;  // "0.873 [0.850–0.890]"
  std::string corpus_fingerprint, plan_version, ruleset, target, seed, requests, seconds, started_at,
      report_sha256;
  std::optional<std::int64_t> evidence_id;  // the evidence file holding the report
  struct Category {
    std::string name, attacks, tpr, benign, fpr;
    bool scored = false;
  };
  std::vector<Category> categories;
  std::vector<std::string> notices;  // "gotestwaf (MIT): GoTestWAF test cases © 2020 Wallarm"
};
// Texts for people: rates as "0.873 [0.850–0.890]" ("—" without a value).
std::string RateText(std::optional<double> v, const std::optional<waf::Interval>& ci);
std::optional<WafSummaryView> ReadWafSummaryJson(const nlohmann::json& summary);
std::optional<WafSummaryView> ReadWafSummary(std::string_view summary_json);

}  // namespace proven::services
