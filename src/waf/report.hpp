#pragma once
// The reports of a WAF run (issue 14, docs/adr/0017-waf-effectiveness-suite.md "Reports and compare"):
// the JSON report (`proven.waf.report/1`), one JSON line per request, JUnit XML; reading a report
// back with validation (compare, evidence); comparing two reports. Pure: callers do the I/O.
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "waf/metrics.hpp"
#include "waf/model.hpp"

namespace proven::waf {

inline constexpr std::string_view kReportSchema = "proven.waf.report/1";
inline constexpr std::string_view kReportSchemaPrefix = "proven.waf.report/";

// What the report says beyond the plan, target, settings, run and scores.
struct ReportContext {
  std::string tool_version;   // "0.1.0"
  std::string target_name;    // the product's name as the verifier gives it ("" when not given)
  std::string requests_file;  // the per-request JSONL's file name ("" when none was written)
};

// The JSON report: numbers rounded to 6 decimals, null where a rate has no denominator.
nlohmann::ordered_json ReportJson(const Plan& plan, const Target& target, const RunSettings& settings,
                                  const RunResult& run, const Scores& scores, const ReportContext& context);

// A seed for a run when none is given (std::random_device, 64 bits).
std::uint64_t RandomSeed();

// One JSON object per line and request, in plan order (no payload bytes: corpus + seed reproduce them).
void WriteJsonl(std::ostream& out, const Plan& plan, const RunResult& run);

// JUnit XML: one testsuite per category, a testcase per request; a request whose verdict is not what
// its case expects is a failure, an unresolved one is skipped.
std::string JunitXml(const Plan& plan, const RunResult& run);

// A report read back and checked.
struct ReportSummary {
  std::string schema_version, tool_version, started_at, finished_at;
  std::string corpus_fingerprint, plan_fingerprint, plan_version;
  std::uint64_t seed = 0;
  std::string target_url, target_name, ruleset;
  bool loopback = false;
  std::string oracle_kind, profile;
  std::int64_t requests = 0;
  double seconds = 0;
  Macro headline;
  std::optional<double> fpr_all;
  std::optional<Interval> fpr_all_ci;
  std::string grade, grade_before_gate, gate, formula;
  std::int64_t attacks = 0, benign = 0, unresolved = 0;
  Macro robustness;
  SliceStats robustness_pooled;
  Slices slices;  // headline: categories, placements, encoders, sources
  // encoders[].decoded_in by encoder name: the placements where it counts in the headline (absent in
  // reports written before it was added).
  std::map<std::string, std::vector<std::string>> decoded_in;
  std::vector<CoverageGap> coverage_gaps;
  std::vector<FalsePositive> worst_false_positives;
  std::vector<SourceInfo> sources;  // corpus sources with licences and notices
  std::string requests_file;
  nlohmann::ordered_json json;  // the report as read
};

// Parses and validates a report: the schema version (another major version is refused), every
// required field with its type and range, each slice's rates against its counts, and the headline
// and grade recomputed from the categories. Errors name the field (kInvalidArgument).
Result<ReportSummary> ReadReport(std::string_view json);

// The whole report of a run as written: scored (Score), the JSON (ReportJson) as text with a final
// newline, and that text read back (ReadReport) — what `proven waf run` writes and what a run from
// the verification page attaches as evidence. A report that does not read back is kInternal.
struct RenderedReport {
  std::string text;
  ReportSummary summary;
};
Result<RenderedReport> RenderReport(const Plan& plan, const Target& target, const RunSettings& settings,
                                    const RunResult& run, const ReportContext& context);


// The difference between two reports (A the baseline, B the new run): headline deltas with whether
// the intervals overlap, per category / placement / encoder changes, warnings where the runs are not
// comparable like for like (corpus, plan, seed, rule set, target).
nlohmann::ordered_json Compare(const ReportSummary& a, const ReportSummary& b);
// Whether B's headline BA is lower than A's with intervals that do not overlap.
bool Regressed(const nlohmann::ordered_json& comparison);
// The comparison for people (English, plain text, one fact a line).
std::string CompareText(const nlohmann::ordered_json& comparison);

// Per-request verdict changes between two JSONL files of the same plan: requests (by id) whose verdict
// differs, at most `limit` listed per kind ("blocked→passed", "passed→blocked", …), with counts.
Result<nlohmann::ordered_json> CompareRequests(std::string_view jsonl_a, std::string_view jsonl_b,
                                               std::size_t limit = 50);

}  // namespace proven::waf
