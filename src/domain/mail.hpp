#pragma once
// Mail as the platform sends it (docs/mail.md): one message to one recipient, queued in the
// database's outbox in the same transaction as the change it tells of, and sent by a dispatcher
// that retries with backoff. Pure: the message, the outbox entry, the retry schedule and the checks
// a message passes before it is queued.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

struct MailMessage {
  std::string kind;     // what it tells of, for the admin's view: "mail.test", "registration.confirmed", …
  std::string to;       // one address (addr-spec, no display name)
  std::string lang;     // "ja" or "en": the language it was written in
  std::string subject;  // one line, UTF-8
  std::string text;     // plain text, UTF-8, lines separated by "\n"
  // Notifications carry one (RFC 2369 List-Unsubscribe with RFC 8058 one-click); confirmations not.
  std::string unsubscribe_url;
};

enum class MailState { kQueued, kSent, kDead };
inline constexpr CodeEntry<MailState> kMailStateCodes[] = {
    {MailState::kQueued, "queued"}, {MailState::kSent, "sent"}, {MailState::kDead, "dead"}};

struct OutboxEntry {
  std::int64_t id = 0;
  MailMessage message;
  MailState state = MailState::kQueued;
  int attempts = 0;                  // sending attempts so far
  std::int64_t next_attempt_at = 0;  // unix seconds; when a queued message is due
  std::string last_error;            // the relay's answer or the connection failure of the last attempt
  std::string created_at, sent_at;   // ISO 8601 UTC; sent_at empty until sent
};

// The retry schedule: after the n-th failed attempt (n >= 1) the next one is due this many seconds
// later: 5, 10, 20, … doubling, at most an hour. The first retry is within 10 seconds.
std::int64_t MailRetryDelaySeconds(int failed_attempts);
// After this many failed attempts (about ten hours) a message becomes a dead letter; the admin
// may queue it again.
inline constexpr int kMailMaxAttempts = 20;

// What became of one attempt.
enum class MailOutcome {
  kSent,
  kTransient,  // the relay is down or answered 4xx: retry by the schedule
  kPermanent,  // the relay answered 5xx (e.g. no such recipient): a dead letter at once
};
struct MailAttempt {
  MailState state = MailState::kQueued;
  std::int64_t next_attempt_at = 0;
};
// The entry's state after an attempt at `now` with `outcome`, given the attempts before it.
MailAttempt AfterMailAttempt(int attempts_before, MailOutcome outcome, std::int64_t now);

// An address the outbox accepts: local@domain (one @, no quoted local part), ASCII or UTF-8, at
// most 254 bytes, a dotted domain, no spaces,
// control characters, angle brackets or commas (one recipient; nothing that could end a header).
bool IsMailAddress(std::string_view address);
// kInvalidArgument naming the field (to, subject, lang, text, unsubscribe_url) when the message
// could not be sent as it is: a bad address, a subject with a line break, an unknown language.
Status CheckMailMessage(const MailMessage& m);

}  // namespace proven::domain
