#include "waf/summary.hpp"

namespace proven::waf {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json Rate(std::optional<double> v) { return v ? ordered_json(*v) : ordered_json(nullptr); }
ordered_json Ci(const std::optional<Interval>& i) {
  return i ? ordered_json::array({i->lo, i->hi}) : ordered_json(nullptr);
}

std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::int64_t Whole(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::optional<double> ReadRate(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}
std::optional<Interval> ReadCi(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number()) {
    return std::nullopt;
  }
  return Interval{(*it)[0].get<double>(), (*it)[1].get<double>()};
}

}  // namespace

RunSummary SummaryOf(const ReportSummary& r, const std::string& report_sha256) {
  RunSummary s;
  s.schema_version = r.schema_version;
  s.report_sha256 = report_sha256;
  s.grade = r.grade;
  s.grade_before_gate = r.grade_before_gate;
  s.headline = r.headline;
  s.fpr_all = r.fpr_all;
  s.fpr_all_ci = r.fpr_all_ci;
  s.corpus_fingerprint = r.corpus_fingerprint;
  s.plan_fingerprint = r.plan_fingerprint;
  s.plan_version = r.plan_version;
  s.seed = r.seed;
  s.ruleset = r.ruleset;
  s.target_url = r.target_url;
  s.requests = r.requests;
  s.seconds = r.seconds;
  s.started_at = r.started_at;
  s.categories = r.slices.categories;
  s.sources = r.sources;
  return s;
}

ordered_json SummaryJson(const RunSummary& s) {
  ordered_json j;
  j["schema_version"] = s.schema_version;
  j["report_sha256"] = s.report_sha256;
  if (s.evidence_id) j["evidence_id"] = *s.evidence_id;
  j["grade"] = s.grade;
  j["grade_before_gate"] = s.grade_before_gate;
  j["balanced_accuracy"] = Rate(s.headline.ba);
  j["balanced_accuracy_ci"] = Ci(s.headline.ba_ci);
  j["tpr"] = Rate(s.headline.tpr);
  j["tpr_ci"] = Ci(s.headline.tpr_ci);
  j["fpr"] = Rate(s.headline.fpr);
  j["fpr_ci"] = Ci(s.headline.fpr_ci);
  j["fpr_all"] = Rate(s.fpr_all);
  j["fpr_all_ci"] = Ci(s.fpr_all_ci);
  j["categories_scored"] = s.headline.categories;
  j["corpus_fingerprint"] = s.corpus_fingerprint;
  j["plan_fingerprint"] = s.plan_fingerprint;
  j["plan_version"] = s.plan_version;
  j["seed"] = s.seed;
  j["ruleset"] = s.ruleset;
  j["target"] = s.target_url;
  j["requests"] = s.requests;
  j["seconds"] = s.seconds;
  j["started_at"] = s.started_at;
  j["categories"] = ordered_json::array();
  for (const auto& c : s.categories) {
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
  for (const auto& src : s.sources) {
    j["sources"].push_back(ordered_json{{"name", src.name}, {"licence", src.licence}, {"notice", src.notice}});
  }
  return j;
}

std::optional<RunSummary> ReadSummary(const json& j) {
  if (!j.is_object() || !j.contains("grade") || !j["grade"].is_string()) return std::nullopt;
  RunSummary s;
  s.schema_version = Text(j, "schema_version");
  s.report_sha256 = Text(j, "report_sha256");
  if (auto it = j.find("evidence_id"); it != j.end() && it->is_number_integer()) s.evidence_id = it->get<std::int64_t>();
  s.grade = Text(j, "grade");
  s.grade_before_gate = Text(j, "grade_before_gate");
  s.headline.ba = ReadRate(j, "balanced_accuracy");
  s.headline.ba_ci = ReadCi(j, "balanced_accuracy_ci");
  s.headline.tpr = ReadRate(j, "tpr");
  s.headline.tpr_ci = ReadCi(j, "tpr_ci");
  s.headline.fpr = ReadRate(j, "fpr");
  s.headline.fpr_ci = ReadCi(j, "fpr_ci");
  s.headline.categories = static_cast<int>(Whole(j, "categories_scored"));
  s.fpr_all = ReadRate(j, "fpr_all");
  s.fpr_all_ci = ReadCi(j, "fpr_all_ci");
  s.corpus_fingerprint = Text(j, "corpus_fingerprint");
  s.plan_fingerprint = Text(j, "plan_fingerprint");
  s.plan_version = Text(j, "plan_version");
  if (auto it = j.find("seed"); it != j.end() && it->is_number_unsigned()) s.seed = it->get<std::uint64_t>();
  s.ruleset = Text(j, "ruleset");
  s.target_url = Text(j, "target");
  s.requests = Whole(j, "requests");
  if (auto it = j.find("seconds"); it != j.end() && it->is_number()) s.seconds = it->get<double>();
  s.started_at = Text(j, "started_at");
  if (auto it = j.find("categories"); it != j.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (!c.is_object()) continue;
      SliceStats x;
      x.name = Text(c, "name");
      x.attacks = Whole(c, "attacks");
      x.blocked = Whole(c, "blocked");
      x.benign = Whole(c, "benign");
      x.fp = Whole(c, "false_positives");
      Finish(x);
      // As written: the category's own flag (the general category is never scored).
      x.scored = c.contains("scored") && c["scored"].is_boolean() && c["scored"].get<bool>();
      s.categories.push_back(std::move(x));
    }
  }
  if (auto it = j.find("sources"); it != j.end() && it->is_array()) {
    for (const auto& src : *it) {
      if (!src.is_object()) continue;
      SourceInfo info;
      info.name = Text(src, "name");
      info.licence = Text(src, "licence");
      info.notice = Text(src, "notice");
      s.sources.push_back(std::move(info));
    }
  }
  return s;
}

std::optional<RunSummary> ReadSummaryText(std::string_view json_text) {
  if (json_text.empty()) return std::nullopt;
  return ReadSummary(json::parse(json_text, nullptr, false));
}

}  // namespace proven::waf
