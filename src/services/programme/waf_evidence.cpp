#include "services/programme/waf_evidence.hpp"

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "waf/target.hpp"
#include "domain/programme/programme.hpp"
#include "services/programme/programme_records.hpp"
#include "waf/summary.hpp"

namespace proven::services {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

}  // namespace

Result<std::string> CheckedWafTarget(domain::ItemKind kind, std::string_view target_in, const std::string& field) {
  const std::string target(Trim(target_in));
  if (kind == domain::ItemKind::kManual) {
    if (target.empty()) return target;
    return Fail(Reason{"error.verification.waf_target_manual", {}}, ErrorCode::kInvalidArgument,
                field + ": only a WAF effectiveness item has a target", {}, field);
  }
  if (target.empty()) {
    return Fail(Reason{"error.verification.waf_target_required", {}}, ErrorCode::kInvalidArgument,
                field + ": a WAF effectiveness item needs its target, http://host[:port][/path]", {}, field);
  }
  if (target.size() > 500) {
    return Fail(Reason{"error.text.too_long", {{"chars", std::to_string(target.size())}, {"max", "500"}}},
                ErrorCode::kInvalidArgument, field + ": at most 500 characters", {}, field);
  }
  auto parsed = waf::ParseTarget(target);
  if (!parsed) {
    // The part that is wrong: scheme, host (also: does not resolve), port, path or url.
    const std::string& part = parsed.error().field;
    const char* key = part == "scheme" ? "error.verification.waf_target_scheme"
                      : part == "host" ? "error.verification.waf_target_host"
                      : part == "port" ? "error.verification.waf_target_port"
                      : part == "path" ? "error.verification.waf_target_path"
                                       : "error.verification.waf_target_url";
    return Fail(Reason{key, {{"value", Ellipsize(target, 80)}}},
                ErrorCode::kInvalidArgument, field + ": " + parsed.error().message, parsed.error().detail, field);
  }
  return target;
}

bool LooksLikeWafReport(std::string_view content) {
  for (char c : content) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

Result<WafEvidence> CheckedWafReport(std::string_view filename, std::string_view content) {
  if (content.size() > domain::kMaxAttachmentBytes) {
    return Fail(Reason{"error.attachment.too_large", {{"max", std::to_string(domain::kMaxAttachmentBytes >> 20)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("the file is {} bytes; at most {} MiB are allowed", content.size(),
                            domain::kMaxAttachmentBytes >> 20),
                {}, "file");
  }
  auto report = waf::ReadReport(content);
  if (!report) {
    const std::string field = report.error().field.empty() ? std::string("schema_version") : report.error().field;
    return Fail(Reason{"error.waf.bad_report", {{"field", field}}}, ErrorCode::kInvalidArgument,
                report.error().message, report.error().detail, "file");
  }
  if (!report->headline.ba) {
    return Fail(Reason{"error.waf.no_score", {}}, ErrorCode::kInvalidArgument,
                "the report has no balanced accuracy: no category was scored", {}, "file");
  }
  WafEvidence e;
  e.record.filename = CleanFilename(filename);
  e.record.content_type = "application/json";
  e.record.size = static_cast<std::int64_t>(content.size());
  e.record.sha256 = Sha256Hex(content);
  e.report = std::move(*report);
  e.metric.value = fmt::format("{:.3f}", *e.report.headline.ba);
  e.metric.unit = "balanced accuracy";
  const auto n = e.report.attacks + e.report.benign;
  if (n > 0) e.metric.sample_size = n;
  e.summary = WafSummaryJson(e.report, e.record.sha256).dump();
  return e;
}

ordered_json WafSummaryJson(const waf::ReportSummary& r, const std::string& report_sha256,
                            std::optional<std::int64_t> evidence_id) {
  auto s = waf::SummaryOf(r, report_sha256);
  s.evidence_id = evidence_id;
  return waf::SummaryJson(s);
}

std::string RateText(std::optional<double> v, const std::optional<waf::Interval>& ci) {
  if (!v) return "—";
  std::string out = fmt::format("{:.3f}", *v);
  if (ci) out += fmt::format(" [{:.3f}–{:.3f}]", ci->lo, ci->hi);
  return out;
}

WafSummaryView ViewOf(const waf::RunSummary& s) {
  WafSummaryView v;
  v.grade = s.grade;
  v.ba = RateText(s.headline.ba, s.headline.ba_ci);
  v.tpr = RateText(s.headline.tpr, s.headline.tpr_ci);
  v.fpr = RateText(s.headline.fpr, s.headline.fpr_ci);
  v.fpr_all = RateText(s.fpr_all, s.fpr_all_ci);
  v.corpus_fingerprint = s.corpus_fingerprint;
  v.plan_version = s.plan_version;
  v.ruleset = s.ruleset;
  v.target = s.target_url;
  v.seed = std::to_string(s.seed);
  v.requests = std::to_string(s.requests);
  v.seconds = fmt::format("{:.2f}", s.seconds);
  v.started_at = s.started_at;
  v.report_sha256 = s.report_sha256;
  v.evidence_id = s.evidence_id;
  for (const auto& c : s.categories) {
    v.categories.push_back(WafSummaryView::Category{c.name, std::to_string(c.attacks), RateText(c.tpr, c.tpr_ci),
                                                    std::to_string(c.benign), RateText(c.fpr, c.fpr_ci), c.scored});
  }
  for (const auto& src : s.sources) {
    std::string line = src.name + " (" + src.licence + ")";
    if (!src.notice.empty()) line += ": " + src.notice;
    v.notices.push_back(std::move(line));
  }
  return v;
}

std::optional<WafSummaryView> ReadWafSummaryJson(const json& j) {
  auto s = waf::ReadSummary(j);
  if (!s) return std::nullopt;
  return ViewOf(*s);
}

std::optional<WafSummaryView> ReadWafSummary(std::string_view summary_json) {
  auto s = waf::ReadSummaryText(summary_json);
  if (!s) return std::nullopt;
  return ViewOf(*s);
}

}  // namespace proven::services
