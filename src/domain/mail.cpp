#include "domain/mail.hpp"

#include <algorithm>

namespace proven::domain {

std::int64_t MailRetryDelaySeconds(int failed_attempts) {
  constexpr std::int64_t kFirst = 5, kMax = 3600;
  if (failed_attempts <= 1) return kFirst;
  std::int64_t delay = kFirst;
  for (int i = 1; i < failed_attempts && delay < kMax; ++i) delay *= 2;
  return std::min(delay, kMax);
}

MailAttempt AfterMailAttempt(int attempts_before, MailOutcome outcome, std::int64_t now) {
  const int attempts = attempts_before + 1;
  switch (outcome) {
    case MailOutcome::kSent: return {MailState::kSent, now};
    case MailOutcome::kPermanent: return {MailState::kDead, now};
    case MailOutcome::kTransient:
      if (attempts >= kMailMaxAttempts) return {MailState::kDead, now};
      return {MailState::kQueued, now + MailRetryDelaySeconds(attempts)};
  }
  return {MailState::kDead, now};
}

bool IsMailAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.find('@') != at) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '\\' || c == '(' || c == ')' ||
        c == ';') {
      return false;
    }
  }
  const std::string_view domain = a.substr(at + 1);
  return domain.find('.') != std::string_view::npos &&
         domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

Status CheckMailMessage(const MailMessage& m) {
  if (!IsMailAddress(m.to)) {
    return Fail(Reason{"error.mail.address", {{"value", m.to}}}, ErrorCode::kInvalidArgument,
                "'" + m.to + "' is not an e-mail address", {}, "to");
  }
  if (m.lang != "ja" && m.lang != "en") {
    return Fail(ErrorCode::kInvalidArgument, "lang must be ja or en", {}, "lang");
  }
  if (m.subject.empty() || m.subject.size() > 900 || m.subject.find_first_of("\r\n") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "the subject must be one line of at most 900 bytes", {}, "subject");
  }
  if (m.text.empty()) return Fail(ErrorCode::kInvalidArgument, "the message has no text", {}, "text");
  if (m.unsubscribe_url.find_first_of("\r\n <>") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "the unsubscribe URL must be one URL", {}, "unsubscribe_url");
  }
  return {};
}

}  // namespace proven::domain
