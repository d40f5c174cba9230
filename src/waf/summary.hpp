#pragma once
// A WAF run's summary as a verification item keeps it (issue 14, docs/adr/0017-waf-effectiveness-suite.md
// "Programme integration"): what a checked report gives the item (grade, rates with intervals,
// fingerprints, seed, rule set, target, requests and seconds, per category, the sources' licences and
// notices, the report's SHA-256 and the evidence file's id). The one place that writes this JSON and
// reads it back, for the evidence service, the API, the pages and the PDF. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "waf/metrics.hpp"
#include "waf/model.hpp"
#include "waf/report.hpp"

namespace proven::waf {

struct RunSummary {
  std::string schema_version, report_sha256;
  std::optional<std::int64_t> evidence_id;  // the evidence file holding the report (older summaries: none)
  std::string grade, grade_before_gate;
  Macro headline;  // balanced accuracy, TPR, FPR with intervals; categories scored
  std::optional<double> fpr_all;
  std::optional<Interval> fpr_all_ci;
  std::string corpus_fingerprint, plan_fingerprint, plan_version;
  std::uint64_t seed = 0;
  std::string ruleset, target_url, started_at;
  std::int64_t requests = 0;
  double seconds = 0;
  std::vector<SliceStats> categories;  // the headline's categories (rates recomputed from the counts)
  std::vector<SourceInfo> sources;     // name, licence, notice
};

// The summary of a checked report whose bytes hash to report_sha256.
RunSummary SummaryOf(const ReportSummary& report, const std::string& report_sha256);

// The stored JSON (item.waf_summary, a published record's item.waf).
nlohmann::ordered_json SummaryJson(const RunSummary& s);

// Reads a stored summary back; nullopt when it is not an object with a grade. Lenient: members missing
// or of another type are left at their defaults (the summary was checked when it was written);
// category rates are recomputed from the counts, as ReadReport does for the report's slices.
std::optional<RunSummary> ReadSummary(const nlohmann::json& j);
std::optional<RunSummary> ReadSummaryText(std::string_view json_text);

}  // namespace proven::waf
