#include "mail/mime.hpp"

#include <ctime>

#include <fmt/core.h>

namespace proven::mail {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                            static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    const std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool PrintableAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// The length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// Text with "\n" line ends (any "\r\n" or lone "\r" too) as CRLF lines.
std::string CrlfLines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace

Result<Mailbox> ParseMailbox(std::string_view text) {
  Mailbox m;
  const auto open = text.rfind('<');
  if (open != std::string_view::npos) {
    if (!text.ends_with('>')) return Fail(ErrorCode::kInvalidArgument, "a mailbox must end with '>' after '<'");
    m.address = std::string(text.substr(open + 1, text.size() - open - 2));
    std::string_view name = text.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    m.name = std::string(name);
  } else {
    m.address = std::string(text);
  }
  if (!domain::IsMailAddress(m.address)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("'{}' is not an e-mail address", m.address));
  }
  if (m.name.find_first_of("\r\n\"") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "a display name may not hold quotes or line breaks");
  }
  return m;
}

std::string EncodeHeaderText(std::string_view text) {
  if (PrintableAscii(text)) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" is at most 75 characters: 12 characters of overhead leave 63
  // for base64, i.e. 45 bytes of text (a multiple of 3 keeps each word's padding at its end).
  constexpr std::size_t kMaxBytes = 45;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t len = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + len - i > kMaxBytes) break;
      end += len;
    }
    if (end == i) end = std::min(text.size(), i + Utf8Length(static_cast<unsigned char>(text[i])));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string Base64Lines(std::string_view bytes) {
  const std::string b = Base64(bytes);
  std::string out;
  out.reserve(b.size() + b.size() / 76 * 2 + 2);
  for (std::size_t i = 0; i < b.size(); i += 76) {
    out += b.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

std::string BuildMime(const domain::MailMessage& m, const Mailbox& from, std::string_view message_id,
                      std::int64_t date_unix) {
  // RFC 5322 date in Japan Standard Time (no daylight saving): "Mon, 30 Nov 2026 18:00:00 +0900".
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(date_unix + 9 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const std::string date = fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0900", kDays[tm.tm_wday], tm.tm_mday,
                                       kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out;
  out += "From: ";
  if (!from.name.empty()) {
    out += PrintableAscii(from.name) ? "\"" + from.name + "\"" : EncodeHeaderText(from.name);
    out += " ";
  }
  out += "<" + from.address + ">\r\n";
  out += "To: <" + m.to + ">\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Date: " + date + "\r\n";
  out += "Message-ID: " + std::string(message_id) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-Language: " + m.lang + "\r\n";
  if (!m.unsubscribe_url.empty()) {
    out += "List-Unsubscribe: <" + m.unsubscribe_url + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  out += Base64Lines(CrlfLines(m.text));
  return out;
}

}  // namespace proven::mail
