#include "services/programme/waf_evidence.hpp"

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "waf/target.hpp"
#include "domain/programme/programme.hpp"
#include "services/programme/programme_records.hpp"

namespace proven::services {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json Rate(std::optional<double> v) { return v ? ordered_json(*v) : ordered_json(nullptr); }
ordered_json Ci(const std::optional<waf::Interval>& i) {
  return i ? ordered_json::array({i->lo, i->hi}) : ordered_json(nullptr);
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number()) return fmt::format("{:.2f}", it->get<double>());
  return {};
}

// "0.873 [0.850–0.890]", "0.873", or "—".
std::string RateText(const json& j, const char* key, const char* ci_key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return "—";
  std::string out = fmt::format("{:.3f}", it->get<double>());
  auto c = j.find(ci_key);
  if (c != j.end() && c->is_array() && c->size() == 2 && (*c)[0].is_number() && (*c)[1].is_number()) {
    out += fmt::format(" [{:.3f}–{:.3f}]", (*c)[0].get<double>(), (*c)[1].get<double>());
  }
  return out;
}

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

ordered_json WafSummaryJson(const waf::ReportSummary& r, const std::string& report_sha256) {
  ordered_json j;
  j["schema_version"] = r.schema_version;
  j["report_sha256"] = report_sha256;
  j["grade"] = r.grade;
  j["grade_before_gate"] = r.grade_before_gate;
  j["balanced_accuracy"] = Rate(r.headline.ba);
  j["balanced_accuracy_ci"] = Ci(r.headline.ba_ci);
  j["tpr"] = Rate(r.headline.tpr);
  j["tpr_ci"] = Ci(r.headline.tpr_ci);
  j["fpr"] = Rate(r.headline.fpr);
  j["fpr_ci"] = Ci(r.headline.fpr_ci);
  j["fpr_all"] = Rate(r.fpr_all);
  j["fpr_all_ci"] = Ci(r.fpr_all_ci);
  j["categories_scored"] = r.headline.categories;
  j["corpus_fingerprint"] = r.corpus_fingerprint;
  j["plan_fingerprint"] = r.plan_fingerprint;
  j["plan_version"] = r.plan_version;
  j["seed"] = r.seed;
  j["ruleset"] = r.ruleset;
  j["target"] = r.target_url;
  j["requests"] = r.requests;
  j["seconds"] = r.seconds;
  j["started_at"] = r.started_at;
  j["categories"] = ordered_json::array();
  for (const auto& c : r.slices.categories) {
    j["categories"].push_back(ordered_json{{"name", c.name},
                                           {"scored", c.scored},
                                           {"attacks", c.attacks},
                                           {"blocked", c.blocked},
                                           {"benign", c.benign},
                                           {"false_positives", c.fp},
                                           {"tpr", Rate(c.tpr)},
                                           {"tpr_ci", Ci(c.tpr_ci)},
                                           {"fpr", Rate(c.fpr)},
                                           {"fpr_ci", Ci(c.fpr_ci)}});
  }
  j["sources"] = ordered_json::array();
  for (const auto& s : r.sources) {
    j["sources"].push_back(ordered_json{{"name", s.name}, {"licence", s.licence}, {"notice", s.notice}});
  }
  return j;
}

std::optional<WafSummaryView> ReadWafSummaryJson(const json& j) {
  if (!j.is_object() || !j.contains("grade")) return std::nullopt;
  WafSummaryView v;
  v.grade = Str(j, "grade");
  v.ba = RateText(j, "balanced_accuracy", "balanced_accuracy_ci");
  v.tpr = RateText(j, "tpr", "tpr_ci");
  v.fpr = RateText(j, "fpr", "fpr_ci");
  v.fpr_all = RateText(j, "fpr_all", "fpr_all_ci");
  v.corpus_fingerprint = Str(j, "corpus_fingerprint");
  v.plan_version = Str(j, "plan_version");
  v.ruleset = Str(j, "ruleset");
  v.target = Str(j, "target");
  v.seed = Str(j, "seed");
  v.requests = Str(j, "requests");
  v.seconds = Str(j, "seconds");
  v.started_at = Str(j, "started_at");
  v.report_sha256 = Str(j, "report_sha256");
  if (j.contains("categories") && j["categories"].is_array()) {
    for (const auto& c : j["categories"]) {
      if (!c.is_object()) continue;
      WafSummaryView::Category x;
      x.name = Str(c, "name");
      x.attacks = Str(c, "attacks");
      x.benign = Str(c, "benign");
      x.tpr = RateText(c, "tpr", "tpr_ci");
      x.fpr = RateText(c, "fpr", "fpr_ci");
      x.scored = c.contains("scored") && c["scored"].is_boolean() && c["scored"].get<bool>();
      v.categories.push_back(std::move(x));
    }
  }
  if (j.contains("sources") && j["sources"].is_array()) {
    for (const auto& s : j["sources"]) {
      if (!s.is_object()) continue;
      std::string line = Str(s, "name") + " (" + Str(s, "licence") + ")";
      if (const auto notice = Str(s, "notice"); !notice.empty()) line += ": " + notice;
      v.notices.push_back(std::move(line));
    }
  }
  return v;
}

std::optional<WafSummaryView> ReadWafSummary(std::string_view summary_json) {
  if (summary_json.empty()) return std::nullopt;
  return ReadWafSummaryJson(json::parse(summary_json, nullptr, false));
}

}  // namespace proven::services
