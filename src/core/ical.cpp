#include "core/ical.hpp"

#include <ctime>

#include <fmt/core.h>

namespace proven {

namespace {

std::string UtcStamp(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

}  // namespace

std::string IcsEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      // other control characters are not allowed in a text value
    } else {
      out += c;
    }
  }
  return out;
}

std::string IcsLine(std::string_view name, std::string_view value) {
  const std::string line = std::string(name) + ":" + std::string(value);
  std::string out;
  std::size_t start = 0, limit = 75;  // continuation lines begin with a space: 74 octets of content
  while (line.size() - start > limit) {
    std::size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
  return out;
}

std::string WriteIcs(const std::vector<IcsEvent>& events, std::string_view name) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Proven//Proven//JA\r\nCALSCALE:GREGORIAN\r\n";
  out += "METHOD:PUBLISH\r\n";
  if (!name.empty()) out += IcsLine("X-WR-CALNAME", IcsEscape(name));
  for (const auto& e : events) {
    out += "BEGIN:VEVENT\r\n";
    out += IcsLine("UID", e.uid);
    out += IcsLine("DTSTAMP", UtcStamp(e.dtstamp));
    out += IcsLine("DTSTART", UtcStamp(e.start));
    out += IcsLine("DTEND", UtcStamp(e.end));
    out += IcsLine("SEQUENCE", std::to_string(e.sequence));
    out += IcsLine("SUMMARY", IcsEscape(e.summary));
    if (!e.description.empty()) out += IcsLine("DESCRIPTION", IcsEscape(e.description));
    if (!e.location.empty()) out += IcsLine("LOCATION", IcsEscape(e.location));
    if (!e.url.empty() && e.url.find_first_of("\r\n") == std::string::npos) out += IcsLine("URL;VALUE=URI", e.url);
    out += IcsLine("STATUS", e.cancelled ? "CANCELLED" : "CONFIRMED");
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace proven
