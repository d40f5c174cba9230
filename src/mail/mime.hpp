#pragma once
// An RFC 5322 message with one MIME text/plain part in UTF-8, as the SMTP transport sends it:
// headers with RFC 2047 encoded words for non-ASCII text (Japanese subjects and names), the body
// in base64 so that no line is too long and no relay rewrites it, a Message-ID, a Date, and for
// notifications List-Unsubscribe with one-click unsubscribe (RFC 8058).
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/mail.hpp"

namespace proven::mail {

// "Proven <noreply@example.jp>" or "noreply@example.jp" → display name and address.
struct Mailbox {
  std::string name;
  std::string address;
};
// kInvalidArgument when the text is not one mailbox.
Result<Mailbox> ParseMailbox(std::string_view text);

// RFC 2047 "B" encoded words (UTF-8) for `text` when it is not printable ASCII, each at most 75
// characters and never splitting a character; the text itself otherwise.
std::string EncodeHeaderText(std::string_view text);
// Standard base64 with "\r\n" after every 76 characters.
std::string Base64Lines(std::string_view bytes);

// The whole message, lines ending in CRLF. `date_unix` is written in RFC 5322 form (+0900, Asia/
// Tokyo); `message_id` is "<…@domain>".
std::string BuildMime(const domain::MailMessage& m, const Mailbox& from, std::string_view message_id,
                      std::int64_t date_unix);

}  // namespace proven::mail
