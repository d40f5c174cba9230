#include "services/programme/programme_records.hpp"

#include <fmt/core.h>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/text.hpp"

namespace proven::services {

using nlohmann::ordered_json;
using namespace proven::domain;

namespace {

ordered_json Instant(const std::optional<std::int64_t>& t) {
  return t ? ordered_json(FormatTokyoIso(*t)) : ordered_json(nullptr);
}

ordered_json TimeOrNull(const std::string& t) { return t.empty() ? ordered_json(nullptr) : ordered_json(t); }

}  // namespace

ordered_json FieldRecord(const Field& f) {
  ordered_json j;
  j["id"] = f.id;
  j["name_ja"] = f.name_ja;
  j["name_en"] = f.name_en;
  j["description"] = f.description;
  j["rationale"] = f.rationale;
  j["status"] = CodeIn<FieldStatus>(kFieldStatusCodes, f.status);
  j["reviewed_fy"] = f.reviewed_fy ? ordered_json(*f.reviewed_fy) : ordered_json(nullptr);
  j["updated_at"] = TimeOrNull(f.updated_at);
  return j;
}

ordered_json QuestionRecord(const Question& q) {
  ordered_json j;
  j["id"] = q.id;
  j["kind"] = CodeIn<QuestionKind>(kQuestionKindCodes, q.kind);
  j["prompt"] = q.prompt;
  j["options"] = q.options;
  j["required"] = q.required;
  return j;
}

ordered_json CriterionRecord(const Criterion& c) {
  ordered_json j;
  j["id"] = c.id;
  j["name"] = c.name;
  j["description"] = c.description;
  j["weight"] = c.weight;
  return j;
}

ordered_json CallRecord(const Call& c) {
  ordered_json j;
  j["id"] = c.id;
  j["title"] = c.title;
  j["description"] = c.description;
  j["eligibility"] = c.eligibility;
  j["fields"] = c.field_ids;
  j["opens_at"] = Instant(c.opens_at);
  j["closes_at"] = Instant(c.closes_at);
  j["quorum"] = c.quorum;
  j["questions"] = ordered_json::array();
  for (const auto& q : c.questions) j["questions"].push_back(QuestionRecord(q));
  j["criteria"] = ordered_json::array();
  for (const auto& k : c.criteria) j["criteria"].push_back(CriterionRecord(k));
  j["created_at"] = TimeOrNull(c.created_at);
  j["opened_at"] = TimeOrNull(c.opened_at);
  j["decided_at"] = TimeOrNull(c.decided_at);
  return j;
}

ordered_json AnswerRecord(const Answer& a) {
  if (const auto* s = std::get_if<std::string>(&a)) return *s;
  if (const auto* l = std::get_if<std::vector<std::string>>(&a)) return *l;
  return std::get<std::int64_t>(a);
}

ordered_json ApplicationRecord(const Application& a) {
  ordered_json j;
  j["id"] = a.id;
  j["call_id"] = a.call_id;
  j["vendor"] = a.vendor;
  j["vendor_org_id"] = a.vendor_org_id;
  j["state"] = CodeIn<ApplicationState>(kApplicationStateCodes, a.state);
  ordered_json p;
  p["name"] = a.product.name;
  p["version"] = a.product.version;
  p["overview"] = a.product.overview;
  p["fields"] = a.product.field_ids;
  p["deployment"] = ordered_json::array();
  for (auto d : a.product.deployment) p["deployment"].push_back(CodeIn<DeploymentForm>(kDeploymentFormCodes, d));
  p["homepage"] = a.product.homepage;
  j["product"] = std::move(p);
  j["answers"] = ordered_json::object();
  for (const auto& [qid, answer] : a.answers) j["answers"][std::to_string(qid)] = AnswerRecord(answer);
  j["created_at"] = TimeOrNull(a.created_at);
  j["updated_at"] = TimeOrNull(a.updated_at);
  j["submitted_at"] = TimeOrNull(a.submitted_at);
  j["withdrawn_at"] = TimeOrNull(a.withdrawn_at);
  return j;
}

ordered_json AttachmentRecord(const store::Attachment& a) {
  ordered_json j;
  j["id"] = a.id;
  j["application_id"] = a.application_id;
  j["filename"] = a.filename;
  j["content_type"] = a.content_type;
  j["size"] = a.size;
  j["sha256"] = a.sha256;
  j["uploaded_at"] = TimeOrNull(a.uploaded_at);
  return j;
}

ordered_json ReviewRecord(const Review& r) {
  ordered_json j;
  j["application_id"] = r.application_id;
  j["reviewer_id"] = r.reviewer_id;
  j["scores"] = ordered_json::object();
  for (const auto& [cid, s] : r.scores) j["scores"][std::to_string(cid)] = s;
  j["comment"] = r.comment;
  j["submitted_at"] = TimeOrNull(r.submitted_at);
  return j;
}

ordered_json VerificationRecord(const Verification& v) {
  ordered_json j;
  j["id"] = v.id;
  j["application_id"] = v.application_id;
  j["product"] = v.product_name;
  j["vendor"] = v.vendor;
  j["state"] = CodeIn<VerificationState>(kVerificationStateCodes, v.state);
  j["verifiers"] = v.verifier_ids;
  j["summary"] = v.summary;
  j["items"] = ordered_json::array();
  for (const auto& i : v.items) {
    ordered_json item;
    item["id"] = i.id;
    // The kind is published; a WAF item's target is not (the vendor's test endpoint).
    item["kind"] = CodeIn<domain::ItemKind>(domain::kItemKindCodes, i.kind);
    item["title"] = i.title;
    item["environment"] = i.environment;
    item["method"] = i.method;
    item["expected"] = i.expected;
    item["result"] = i.result ? ordered_json(CodeIn<ItemResult>(kItemResultCodes, *i.result)) : ordered_json(nullptr);
    if (i.metric) {
      item["metric"] = {{"value", i.metric->value},
                        {"unit", i.metric->unit},
                        {"sample_size", i.metric->sample_size ? ordered_json(*i.metric->sample_size) : ordered_json(nullptr)}};
    } else {
      item["metric"] = nullptr;
    }
    item["notes"] = i.notes;
    item["evidence"] = i.evidence_ids;
    // A WAF suite run's summary when a report is the item's measured result (issue 14).
    if (!i.waf_summary.empty()) {
      auto waf = ordered_json::parse(i.waf_summary, nullptr, false);
      // The run's target is the vendor's test endpoint: never published (the item's waf_target is
      // the agreed one; the API shows it to those who may see the verification).
      if (waf.is_object()) waf.erase("target");
      if (!waf.is_discarded()) item["waf"] = std::move(waf);
    }
    j["items"].push_back(std::move(item));
  }
  j["strong_points"] = ordered_json::array();
  for (const auto& p : v.strong_points) j["strong_points"].push_back({{"id", p.id}, {"text", p.text}, {"items", p.item_ids}});
  if (v.trial) {
    j["trial"] = {{"organisation", v.trial->organisation}, {"period", v.trial->period}, {"scope", v.trial->scope},
                  {"findings", v.trial->findings}, {"user_comments", v.trial->user_comments}};
  } else {
    j["trial"] = nullptr;
  }
  j["correction_reason"] = v.correction_reason;
  j["vendor_comments"] = v.vendor_comments;
  j["published_versions"] = v.published_versions;
  return j;
}

std::string CleanFilename(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  if (!FindInvalidUtf8(name)) {
    for (std::size_t pos = 0; pos < name.size();) {
      const std::size_t start = pos;
      const char32_t cp = NextCodePoint(name, pos);
      if (cp < 0x20 || cp == 0x7F || cp == '"') continue;
      out.append(name.substr(start, pos - start));
    }
  }
  out = Ellipsize(Trim(out), 200);
  return out.empty() ? "attachment" : out;
}

Result<store::Attachment> CheckedUpload(std::string_view filename, std::string_view content) {
  if (content.empty()) {
    return Fail(Reason{"error.attachment.empty", {}}, ErrorCode::kInvalidArgument, "the file is empty", {}, "file");
  }
  if (content.size() > kMaxAttachmentBytes) {
    return Fail(Reason{"error.attachment.too_large", {{"max", std::to_string(kMaxAttachmentBytes >> 20)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("the file is {} bytes; at most {} MiB are allowed", content.size(), kMaxAttachmentBytes >> 20),
                {}, "file");
  }
  const auto type = SniffAttachmentType(content);
  if (!type) {
    return Fail(Reason{"error.attachment.bad_type", {}}, ErrorCode::kInvalidArgument,
                "the file is not a PDF, PNG or JPEG (judged by its content, not its name)", {}, "file");
  }
  store::Attachment record;
  record.filename = CleanFilename(filename);
  record.content_type = std::string(CodeIn<AttachmentType>(kAttachmentTypeCodes, *type));
  record.size = static_cast<std::int64_t>(content.size());
  record.sha256 = Sha256Hex(content);
  return record;
}

std::string AuditText(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

}  // namespace proven::services
