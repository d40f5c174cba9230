#pragma once
// The programme's records as JSON: the one serialisation of each record that the audit log
// stores (before/after) and that the API starts from. Codes come from the domain's code tables;
// instants are ISO 8601 in Asia/Tokyo (2026-12-01T17:00:00+09:00).
#include <nlohmann/json.hpp>

#include "domain/programme/programme.hpp"
#include "domain/programme/verification.hpp"
#include "store/programme/programme_store.hpp"

namespace proven::services {

nlohmann::ordered_json FieldRecord(const domain::Field& f);
// The call with its questions and criteria (ids included); `state` is not part of the record.
nlohmann::ordered_json CallRecord(const domain::Call& c);
nlohmann::ordered_json QuestionRecord(const domain::Question& q);
nlohmann::ordered_json CriterionRecord(const domain::Criterion& c);
// The application without its outcome (see OutcomeRecord).
nlohmann::ordered_json ApplicationRecord(const domain::Application& a);
nlohmann::ordered_json AnswerRecord(const domain::Answer& a);
nlohmann::ordered_json AttachmentRecord(const store::Attachment& a);
nlohmann::ordered_json ReviewRecord(const domain::Review& r);

// The verification as recorded: the content a report version publishes, and its audit entries.
nlohmann::ordered_json VerificationRecord(const domain::Verification& v);

// An uploaded file checked by the rules every programme upload follows (application attachments,
// verification evidence): not empty, at most domain::kMaxAttachmentBytes, a PDF, PNG or JPEG by
// its content (never its name or declared type). The record's filename (cleaned), content type,
// size and SHA-256 are filled; errors name the field "file".
Result<store::Attachment> CheckedUpload(std::string_view filename, std::string_view content);
// A file name to show: its last path component, without control characters, at most 200 characters.
std::string CleanFilename(std::string_view name);

// Compact JSON text for the audit log.
std::string AuditText(const nlohmann::ordered_json& j);

}  // namespace proven::services
