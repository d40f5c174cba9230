#pragma once
// iCalendar (RFC 5545) for events people add to their calendars: one VCALENDAR with VEVENTs,
// times in UTC, text escaped (\\ ; , and line breaks), lines folded at 75 octets without
// splitting a UTF-8 character, CRLF line ends.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proven {

struct IcsEvent {
  std::string uid;          // globally unique and stable, e.g. "event-17@proven.example.jp"
  std::int64_t dtstamp = 0;  // unix seconds: when this version was written
  std::int64_t start = 0, end = 0;
  std::string summary, description, location, url;
  int sequence = 0;         // bumped when the event changes, so calendars update it
  bool cancelled = false;   // STATUS:CANCELLED
};

// The calendar; `name` is X-WR-CALNAME (shown by calendar apps for a feed).
std::string WriteIcs(const std::vector<IcsEvent>& events, std::string_view name);

// A property's text value escaped per RFC 5545 3.3.11.
std::string IcsEscape(std::string_view text);
// "NAME:value" folded into lines of at most 75 octets, each ending in CRLF.
std::string IcsLine(std::string_view name, std::string_view value);

}  // namespace proven
