// Calendars and the feed of the collaboration platform's events: one event as iCalendar
// (/events/{id}.ics), every upcoming event as one calendar (/events.ics, which calendar apps
// subscribe to), and an Atom feed of the upcoming ones (/feeds/events.atom). Public: drafts are
// never shown. Links come from --public-url, never from the request's Host header.
#include <algorithm>
#include <ctime>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/ical.hpp"
#include "web/charts.hpp"
#include "web/events/event_api.hpp"

namespace proven::web {

namespace {

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The host of the site's address, for UIDs that stay the same across versions of an event.
std::string UidHost(const std::string& base) {
  std::string host = base;
  if (const auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  if (const auto p = host.find('/'); p != std::string::npos) host = host.substr(0, p);
  if (const auto p = host.rfind(':'); p != std::string::npos && host.find(']') == std::string::npos) host = host.substr(0, p);
  return host.empty() ? std::string("proven.invalid") : host;
}

IcsEvent IcsOf(const services::EventView& v, const std::string& base) {
  const auto& e = v.event;
  IcsEvent x;
  x.uid = fmt::format("event-{}@{}", e.id, UidHost(base));
  auto stamp = ParseIsoInstant(e.updated_at.empty() ? e.created_at : e.updated_at);
  x.dtstamp = stamp ? *stamp : e.starts_at;
  x.start = e.starts_at;
  x.end = e.ends_at;
  x.summary = Message(Lang::kJa, "event_number", {{"number", std::to_string(e.number)}}) + " " + e.theme;
  std::string d = e.description;
  if (!e.talks.empty()) {
    if (!d.empty()) d += "\n\n";
    d += Message(Lang::kJa, "event_talks") + ":";
    for (const auto& t : e.talks) {
      d += "\n- " + t.title;
      if (!t.speaker.empty()) d += "（" + t.speaker + (t.affiliation.empty() ? "" : "、" + t.affiliation) + "）";
    }
  }
  if (!e.online_url.empty()) d += (d.empty() ? "" : "\n\n") + Message(Lang::kJa, "event_online") + ": " + e.online_url;
  x.description = d;
  x.location = e.venue.empty() ? e.online_url : e.venue;
  x.url = fmt::format("{}/events/{}", base, e.id);
  x.sequence = e.sequence;
  x.cancelled = e.state == domain::EventState::kCancelled;
  return x;
}

void SendIcs(Response& res, const std::string& body, const std::string& filename) {
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", filename));
  res.set_content(body, "text/calendar; charset=utf-8");
}

}  // namespace

void HandleEventIcs(AppContext& app, const Request& req, Response& res) {
  auto v = app.events.Get(std::nullopt, PathId(req));
  if (!v) return RespondError(app, req, res, v.error());
  SendIcs(res, WriteIcs({IcsOf(*v, app.public_url)}, Message(Lang::kJa, "event_calendar_name")),
          fmt::format("proven-event-{}.ics", v->event.id));
}

void HandleEventsIcs(AppContext& app, const Request& req, Response& res) {
  auto all = app.events.List(std::nullopt);
  if (!all) return RespondError(app, req, res, all.error());
  // Upcoming ones, cancelled included: a subscribed calendar then shows the cancellation.
  std::vector<IcsEvent> events;
  for (const auto& v : SelectEvents(std::move(*all), EventWhen::kUpcoming, Now())) events.push_back(IcsOf(v, app.public_url));
  SendIcs(res, WriteIcs(events, Message(Lang::kJa, "event_calendar_name")), "proven-events.ics");
}

void HandleEventsFeed(AppContext& app, const Request& req, Response& res) {
  auto all = app.events.List(std::nullopt);
  if (!all) return RespondError(app, req, res, all.error());
  const auto upcoming = SelectEvents(std::move(*all), EventWhen::kUpcoming, Now());
  const std::string& base = app.public_url;
  std::string updated = "1970-01-01T00:00:00Z";
  for (const auto& v : upcoming) updated = std::max(updated, v.event.updated_at);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ja\">\n";
  x += fmt::format("  <title>{}</title>\n", EscapeXml(Message(Lang::kJa, "event_feed_title")));
  x += "  <id>urn:proven:feeds:events</id>\n";
  x += fmt::format("  <link rel=\"self\" href=\"{}/feeds/events.atom\"/>\n", EscapeXml(base));
  x += fmt::format("  <link rel=\"alternate\" href=\"{}/events\"/>\n", EscapeXml(base));
  x += fmt::format("  <updated>{}</updated>\n", EscapeXml(updated));
  for (const auto& v : upcoming) {
    const auto& e = v.event;
    const std::string state = Message(Lang::kJa, std::string("event_state_") +
                                                     std::string(domain::CodeIn<domain::EventState>(domain::kEventStateCodes, e.state)));
    x += "  <entry>\n";
    x += fmt::format("    <id>urn:proven:event:{}</id>\n", e.id);
    x += fmt::format("    <title>{} {}{}</title>\n",
                     EscapeXml(Message(Lang::kJa, "event_number", {{"number", std::to_string(e.number)}})),
                     EscapeXml(e.theme),
                     e.state == domain::EventState::kCancelled ? EscapeXml("（" + state + "）") : std::string());
    x += fmt::format("    <link href=\"{}/events/{}\"/>\n", EscapeXml(base), e.id);
    x += fmt::format("    <link rel=\"enclosure\" type=\"text/calendar\" href=\"{}/events/{}.ics\"/>\n", EscapeXml(base), e.id);
    x += fmt::format("    <updated>{}</updated>\n", EscapeXml(e.updated_at.empty() ? e.created_at : e.updated_at));
    x += fmt::format("    <summary>{}</summary>\n",
                     EscapeXml(Message(Lang::kJa, "event_feed_summary",
                                       {{"starts_at", FormatTokyoMinute(e.starts_at)},
                                        {"place", e.venue.empty() ? e.online_url : e.venue},
                                        {"left", std::to_string(std::max(0, e.capacity - v.seats.registered))}})));
    x += fmt::format("    <category term=\"{}\"/>\n", domain::CodeIn<domain::EventState>(domain::kEventStateCodes, e.state));
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  res.set_content(x, "application/atom+xml; charset=utf-8");
}

}  // namespace proven::web
