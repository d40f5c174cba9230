#pragma once
// The collaboration platform's events over JSON (docs/api.md, "Events (collaboration platform)"):
// the admin's meetings, registrations with their waitlist, check-in, and vendors' consultation
// slots with their bookings. Thin: parse, call EventService (which checks every permission and
// rule itself), map the result.
#include "web/app.hpp"

namespace proven::web {

// Events. GET is public (drafts for the admin); `?when=upcoming|past`, `page`, `per_page`.
void HandleApiEvents(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEvent(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEventCreate(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEventChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
// POST /api/v1/events/{id}/{step:publish|cancel}.
void HandleApiEventStep(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Registrations.
void HandleApiEventRegister(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEventRegistrations(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEventCheckin(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRegistration(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiRegistrationCancel(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiMyRegistrations(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Consultation slots.
void HandleApiEventSlots(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiEventSlotOffer(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSlotBook(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSlotUnbook(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiSlotRemove(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Calendars and the feed (event_feeds.cpp): one event, every upcoming event, and Atom.
void HandleEventIcs(AppContext& app, const Request& req, Response& res);
void HandleEventsIcs(AppContext& app, const Request& req, Response& res);
void HandleEventsFeed(AppContext& app, const Request& req, Response& res);

// What `?when=` selects: every event, the upcoming (not ended; soonest first) or the past
// (ended; latest first). kInvalidArgument naming "when" for another value.
enum class EventWhen { kAll, kUpcoming, kPast };
Result<EventWhen> EventWhenOf(const Params& params);
std::vector<services::EventView> SelectEvents(std::vector<services::EventView> all, EventWhen when, std::int64_t now);

}  // namespace proven::web
