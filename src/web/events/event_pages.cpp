// The collaboration platform's events as pages. Each handler reads the form, asks EventService
// (which checks the actor's role, ownership and the event's rules itself) and either redirects
// with a notice code (Post/Redirect/Get) or shows the page again with the service's error, from
// the catalogue in the page's language. Times are shown and typed in Asia/Tokyo.
#include "web/events/event_pages.hpp"

#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/qr.hpp"
#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/events/event_api.hpp"
#include "web/alternates.hpp"
#include "web/http_errors.hpp"
#include "web/page_support.hpp"

namespace proven::web {

namespace mst = kainjow::mustache;
using domain::EventState;
using domain::Seat;

namespace {

// Field labels of these pages come first: "field.event.<field>".
constexpr std::string_view kScope = "event";
constexpr int kTalkRows = 8;

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }
std::optional<domain::Actor> OptionalActor(const Auth& auth) { return auth.actor; }
mst::data List() { return EmptyList(); }
std::string Id(std::int64_t id) { return std::to_string(id); }
mst::data Opt(const std::string& s) { return OptionalText(s); }


// The notices of this module's own redirects (page_support's one-time flash; never from the URL).
std::string Notice(AppContext& app, Lang lang, const Request& req) { return TakeNotice(app, req, lang); }

std::string SeatLabel(Lang lang, Seat s) { return CodeLabel(lang, "seat", domain::CodeIn<Seat>(domain::kSeatCodes, s)); }
std::string SeatCode(Seat s) { return std::string(domain::CodeIn<Seat>(domain::kSeatCodes, s)); }
std::string StateCode(EventState s) { return std::string(domain::CodeIn<EventState>(domain::kEventStateCodes, s)); }
std::string StateLabel(Lang lang, EventState s) { return Message(lang, "event_state_" + StateCode(s)); }

// "2027-02-18 14:00–17:30 JST" (the end's date only when it differs).
std::string WhenText(const domain::Event& e) {
  const std::string start = FormatTokyoMinute(e.starts_at), end = FormatTokyoMinute(e.ends_at);
  const bool same_day = start.substr(0, 10) == end.substr(0, 10);
  return start + "–" + (same_day ? end.substr(11) : end) + " JST";
}

// An error as a page shows it above its forms.
void SetError(mst::data& d, Lang lang, const Error& e) {
  const auto problems = ProblemTexts(lang, e, kScope);
  d.set("error", problems.size() == 1 ? problems.front()
                                      : Message(lang, "error.problems", {{"count", std::to_string(problems.size())}}));
  mst::data list = List();
  if (problems.size() > 1) {
    for (const auto& p : problems) list.push_back(p);
  }
  d.set("problems", list);
}

// An error that leaves nothing else to show, with these pages' field labels.
void EventErrorPage(AppContext& app, const Auth* auth, const Request& req, Response& res, const Error& e) {
  ErrorPage(app, auth, req, res, e, kScope);
}

std::string Title(Lang lang, const domain::Event& e) {
  return Message(lang, "event_number", {{"number", std::to_string(e.number)}}) + " " + e.theme;
}

// What a list row and an event's page show about the event.
mst::data EventData(Lang lang, const services::EventView& v, std::int64_t now) {
  const auto& e = v.event;
  mst::data d;
  d.set("id", Id(e.id));
  d.set("number", Message(lang, "event_number", {{"number", std::to_string(e.number)}}));
  d.set("theme", e.theme);
  d.set("when", WhenText(e));
  d.set("venue", Opt(e.venue));
  d.set("online_url", Opt(e.online_url));
  d.set("place", e.venue.empty() ? Message(lang, "event_online") : e.venue);
  d.set("state", StateCode(e.state));
  d.set("state_label", StateLabel(lang, e.state));
  d.set("cancelled", e.state == EventState::kCancelled);
  d.set("draft", e.state == EventState::kDraft);
  const int left = std::max(0, e.capacity - v.seats.registered);
  d.set("seats", left > 0 ? Message(lang, "event_seats_left",
                                    {{"left", std::to_string(left)}, {"capacity", std::to_string(e.capacity)}})
                          : Message(lang, "event_full", {{"count", std::to_string(v.seats.waitlisted)}}));
  d.set("full", left == 0);
  d.set("open", domain::CheckRegistrationOpen(e, now).has_value());
  d.set("registered", std::to_string(v.seats.registered));
  d.set("waitlisted", std::to_string(v.seats.waitlisted));
  d.set("capacity", std::to_string(e.capacity));
  return d;
}

// ---- The event editor's values -------------------------------------------------------------

struct EventForm {
  std::string number, theme, description, starts_at, ends_at, venue, online_url, capacity, networking_capacity,
      opens_at, closes_at;
  std::vector<domain::Talk> talks;
};

// A stored instant as a datetime-local value in Asia/Tokyo: 2027-02-18T14:00.
std::string LocalInput(std::int64_t t) { return FormatTokyoIso(t).substr(0, 16); }

EventForm FormOf(const domain::Event& e) {
  return {std::to_string(e.number), e.theme, e.description, LocalInput(e.starts_at), LocalInput(e.ends_at), e.venue,
          e.online_url, std::to_string(e.capacity), std::to_string(e.networking_capacity),
          LocalInput(e.registration_opens_at), LocalInput(e.registration_closes_at), e.talks};
}

EventForm FormOf(const Request& req) {
  EventForm f{FormValue(req, "number"),   FormValue(req, "theme"),      FormValue(req, "description"),
              FormValue(req, "starts_at"), FormValue(req, "ends_at"),   FormValue(req, "venue"),
              FormValue(req, "online_url"), FormValue(req, "capacity"), FormValue(req, "networking_capacity"),
              FormValue(req, "registration_opens_at"), FormValue(req, "registration_closes_at"), {}};
  for (int i = 0; i < kTalkRows; ++i) {
    const std::string title = FormValue(req, fmt::format("talk_title_{}", i));
    const std::string speaker = FormValue(req, fmt::format("talk_speaker_{}", i));
    const std::string affiliation = FormValue(req, fmt::format("talk_affiliation_{}", i));
    domain::Talk t{std::string(Trim(title)), std::string(Trim(speaker)), std::string(Trim(affiliation))};
    if (t.title.empty() && t.speaker.empty() && t.affiliation.empty()) continue;
    f.talks.push_back(std::move(t));
  }
  return f;
}

// A datetime-local value (no zone) is Japan time; a value with an offset is taken as it is.
std::string Instant(const std::string& typed) {
  const std::string v(Trim(typed));
  if (v.size() == 16 && v[10] == 'T') return v + ":00+09:00";
  if (v.size() == 19 && v[10] == 'T') return v + "+09:00";
  return v;
}

std::optional<int> Number(const std::string& typed) {
  const std::string v(Trim(typed));
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(v);
}

domain::EventInput InputOf(const EventForm& f) {
  domain::EventInput in;
  in.number = Number(f.number);
  in.theme = Trim(f.theme);
  in.description = f.description;
  in.starts_at = Instant(f.starts_at);
  in.ends_at = Instant(f.ends_at);
  in.venue = Trim(f.venue);
  in.online_url = Trim(f.online_url);
  in.capacity = Number(f.capacity);
  in.networking_capacity = Trim(f.networking_capacity).empty() ? std::optional<int>(0) : Number(f.networking_capacity);
  if (!Trim(f.networking_capacity).empty() && !in.networking_capacity) in.networking_capacity = -1;  // named as wrong
  in.registration_opens_at = Instant(f.opens_at);
  in.registration_closes_at = Instant(f.closes_at);
  in.talks = f.talks;
  return in;
}

mst::data FormData(const EventForm& f, const Error* e, Lang lang) {
  mst::data d;
  const std::pair<const char*, const std::string*> values[] = {
      {"number", &f.number},         {"theme", &f.theme},           {"description", &f.description},
      {"starts_at", &f.starts_at},   {"ends_at", &f.ends_at},       {"venue", &f.venue},
      {"online_url", &f.online_url}, {"capacity", &f.capacity},     {"networking_capacity", &f.networking_capacity},
      {"registration_opens_at", &f.opens_at}, {"registration_closes_at", &f.closes_at}};
  for (const auto& [k, v] : values) d.set(std::string("f_") + k, *v);
  // The error beside its field ("talks[2].title" beside row 2).
  if (e) {
    const std::string field = e->field;
    const std::string text = ErrorText(lang, MakeError(e->reason, e->code, e->message));
    for (const auto& [k, v] : values) {
      if (field == k) d.set(std::string("e_") + k, text);
    }
  }
  mst::data rows = List();
  for (int i = 0; i < kTalkRows; ++i) {
    mst::data r;
    r.set("i", std::to_string(i));
    r.set("n", std::to_string(i + 1));
    if (i < static_cast<int>(f.talks.size())) {
      r.set("title", f.talks[i].title);
      r.set("speaker", f.talks[i].speaker);
      r.set("affiliation", f.talks[i].affiliation);
    }
    if (e && e->field.starts_with(fmt::format("talks[{}]", i))) {
      r.set("error", ErrorText(lang, MakeError(e->reason, e->code, e->message)));
    }
    rows.push_back(r);
  }
  d.set("talk_rows", rows);
  return d;
}

// The registration of the signed-in person at an event, if any.
std::optional<domain::Registration> MineAt(AppContext& app, const Auth& auth, std::int64_t event_id) {
  if (!auth.actor || !domain::AuthorizeRole(*auth.actor, domain::Action::kRegisterForEvents)) return std::nullopt;
  auto mine = app.events.MyRegistrations(*auth.actor);
  if (!mine) return std::nullopt;
  for (const auto& r : *mine) {
    if (r.event_id == event_id) return r;
  }
  return std::nullopt;
}

// ---- An event's page, with an error from one of its forms ---------------------------------

struct SlotOfferForm {
  std::string starts_at, ends_at, note;
};

void RenderEventPage(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t id,
                     const Error* error, const SlotOfferForm& offer) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.Get(OptionalActor(auth), id);
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  const auto now = Now();
  const auto& e = v->event;
  mst::data d = EventData(lang, *v, now);
  d.set("description", Opt(e.description));
  mst::data talks = List();
  for (const auto& t : e.talks) {
    mst::data x;
    x.set("title", t.title);
    x.set("speaker", t.speaker);
    x.set("affiliation", Opt(t.affiliation));
    talks.push_back(x);
  }
  d.set("talks", talks);
  d.set("has_talks", !e.talks.empty());
  d.set("capacity_text", Message(lang, "event_capacity_text",
                                 {{"capacity", std::to_string(e.capacity)},
                                  {"registered", std::to_string(v->seats.registered)},
                                  {"waitlisted", std::to_string(v->seats.waitlisted)}}));
  d.set("networking_text", e.networking_capacity == 0
                               ? Message(lang, "event_networking_none")
                               : Message(lang, "event_networking_text",
                                         {{"capacity", std::to_string(e.networking_capacity)},
                                          {"registered", std::to_string(v->seats.networking_registered)},
                                          {"waitlisted", std::to_string(v->seats.networking_waitlisted)}}));
  d.set("has_networking", e.networking_capacity > 0);
  d.set("period", Message(lang, "event_period",
                          {{"opens_at", FormatTokyoMinute(e.registration_opens_at)},
                           {"closes_at", FormatTokyoMinute(e.registration_closes_at)}}));
  d.set("csrf", auth.csrf);
  d.set("signed_in", auth.actor.has_value());
  d.set("login_url", "/login?next=" + services::PercentEncode(fmt::format("/events/{}", id)));
  // The register form, or where the person stands.
  const auto mine = MineAt(app, auth, id);
  const bool active = mine && mine->seat != Seat::kCancelled;
  if (active) {
    d.set("mine_id", Id(mine->id));
    d.set("mine_status", Message(lang, "event_your_status", {{"status", SeatLabel(lang, mine->seat)}}));
    d.set("mine_seat", SeatCode(mine->seat));
  }
  const bool may_register = !auth.actor || domain::AuthorizeRole(*auth.actor, domain::Action::kRegisterForEvents);
  d.set("show_register", !active && may_register && e.state == EventState::kPublished);
  if (auto open = domain::CheckRegistrationOpen(e, now); !open) d.set("closed_text", ErrorText(lang, open.error()));
  // Slots.
  auto slots = app.events.Slots(OptionalActor(auth), id);
  if (!slots) return EventErrorPage(app, &auth, req, res, slots.error());
  const bool seated = mine && mine->seat == Seat::kRegistered;
  const bool before_start = now < e.starts_at && e.state == EventState::kPublished;
  const std::int64_t my_org = auth.actor && auth.actor->organisation_id ? *auth.actor->organisation_id : -1;
  mst::data rows = List();
  for (const auto& s : *slots) {
    mst::data x;
    x.set("id", Id(s.id));
    const std::string start = FormatTokyoMinute(s.starts_at), end = FormatTokyoMinute(s.ends_at);
    x.set("time", start.substr(11) + "–" + end.substr(11));
    x.set("vendor", s.vendor);
    x.set("note", Opt(s.note));
    const bool booked = s.booked_by.has_value();
    const bool yours = booked && mine && *s.booked_by == mine->id;
    const bool own_slot = s.vendor_org_id == my_org;
    x.set("state", yours ? Message(lang, "event_slot_yours")
                   : booked && own_slot && !s.topic.empty()
                       ? Message(lang, "event_slot_booked_topic", {{"topic", s.topic}})
                   : booked ? Message(lang, "event_slot_taken")
                            : Message(lang, "event_slot_free"));
    x.set("state_code", std::string(yours ? "yours" : booked ? "taken" : "free"));
    x.set("may_book", !booked && seated && before_start);
    x.set("may_unbook", yours && before_start);
    x.set("may_remove", own_slot && !booked && domain::AuthorizeRole(*auth.actor, domain::Action::kOfferSlots));
    x.set("csrf", auth.csrf);
    x.set("event_id", Id(id));
    rows.push_back(x);
  }
  d.set("slots", rows);
  d.set("has_slots", !slots->empty());
  d.set("slot_hint", !seated && !slots->empty());
  const bool offers = auth.actor && domain::AuthorizeRole(*auth.actor, domain::Action::kOfferSlots) &&
                      auth.actor->organisation_id && e.state == EventState::kPublished && now < e.ends_at;
  d.set("may_offer", offers);
  if (offers) {
    d.set("o_starts_at", offer.starts_at.empty() ? LocalInput(e.starts_at) : offer.starts_at);
    d.set("o_ends_at", offer.ends_at);
    d.set("o_note", offer.note);
    d.set("organisation", auth.actor->organisation);
  }
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  int status = 200;
  if (error) {
    SetError(d, lang, *error);
    status = HttpStatusFor(error->code);
  }
  d.set("alternates", FeedAlternates(lang, "/feeds/events.atom", "feed_events_title"));
  SendPage(app, req, res, lang, "event", d, Title(lang, e), "events", status, &auth);
}

// The event a slot form came from (a hidden field), for the redirect back.
std::int64_t EventOfForm(const Request& req) {
  const std::string v = FormValue(req, "event");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(v);
}

}  // namespace

std::string CheckinUrl(const std::string& base, std::int64_t event_id, const std::string& code) {
  return fmt::format("{}/admin/events/{}/checkin?code={}", base, event_id, services::PercentEncode(code));
}

// ---- Public -----------------------------------------------------------------------------------

void HandleEventsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto all = app.events.List(std::nullopt);  // drafts live on the admin's pages
  if (!all) return RespondError(app, req, res, all.error());
  const auto now = Now();
  mst::data upcoming = List(), past = List();
  const auto upcoming_events = SelectEvents(*all, EventWhen::kUpcoming, now);
  for (const auto& v : upcoming_events) upcoming.push_back(EventData(lang, v, now));
  const auto past_events = SelectEvents(std::move(*all), EventWhen::kPast, now);
  for (const auto& v : past_events) past.push_back(EventData(lang, v, now));
  mst::data d;
  d.set("upcoming", upcoming);
  d.set("has_upcoming", !upcoming_events.empty());
  d.set("past", past);
  d.set("has_past", !past_events.empty());
  // The signed-in person's registrations.
  if (auth.actor && domain::AuthorizeRole(*auth.actor, domain::Action::kRegisterForEvents)) {
    auto mine = app.events.MyRegistrations(*auth.actor);
    mst::data list = List();
    bool any = false;
    if (mine) {
      for (const auto& r : *mine) {
        if (r.seat == Seat::kCancelled) continue;
        auto v = app.events.ViewRegistration(*auth.actor, r.id);
        if (!v || v->event.ends_at <= now) continue;
        mst::data x;
        x.set("id", Id(r.id));
        x.set("title", Title(lang, v->event));
        x.set("status", SeatLabel(lang, r.seat));
        list.push_back(x);
        any = true;
      }
    }
    d.set("mine", list);
    d.set("has_mine", any);
  }
  d.set("alternates", FeedAlternates(lang, "/feeds/events.atom", "feed_events_title"));
  SendPage(app, req, res, lang, "events", d, Message(lang, "events_title"), "events", 200, &auth);
}

void HandleEventPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderEventPage(app, auth, req, res, PathId(req), nullptr, {});
}

void HandleEventRegisterForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  const auto id = PathId(req);
  auto r = app.events.Register(*auth.actor, id, FormValue(req, "networking") == "1", std::string(LangCode(lang)));
  if (!r) return RenderEventPage(app, auth, req, res, id, &r.error(), {});
  RedirectWithNotice(app, auth, res, fmt::format("/registrations/{}", r->id),
                     r->seat == Seat::kRegistered ? "event_notice_registered" : "event_notice_waitlisted");
}

void HandleSlotOfferForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const SlotOfferForm f{FormValue(req, "starts_at"), FormValue(req, "ends_at"), FormValue(req, "note")};
  auto s = app.events.OfferSlot(*auth.actor, id, Instant(f.starts_at), Instant(f.ends_at), f.note);
  if (!s) return RenderEventPage(app, auth, req, res, id, &s.error(), f);
  RedirectWithNotice(app, auth, res, fmt::format("/events/{}#slots", id), "event_notice_offered");
}

void HandleSlotBookForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto s = app.events.Book(*auth.actor, PathId(req), FormValue(req, "topic"));
  const auto event_id = s ? s->event_id : EventOfForm(req);
  if (!s) {
    if (event_id == 0) return EventErrorPage(app, &auth, req, res, s.error());
    return RenderEventPage(app, auth, req, res, event_id, &s.error(), {});
  }
  RedirectWithNotice(app, auth, res, fmt::format("/events/{}#slots", event_id), "event_notice_booked");
}

void HandleSlotUnbookForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto event_id = EventOfForm(req);
  auto st = app.events.CancelBooking(*auth.actor, PathId(req));
  if (!st) {
    if (event_id == 0) return EventErrorPage(app, &auth, req, res, st.error());
    return RenderEventPage(app, auth, req, res, event_id, &st.error(), {});
  }
  if (event_id == 0) return SeeOther(res, "/events");
  RedirectWithNotice(app, auth, res, fmt::format("/events/{}#slots", event_id), "event_notice_unbooked");
}

void HandleSlotRemoveForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto event_id = EventOfForm(req);
  auto st = app.events.RemoveSlot(*auth.actor, PathId(req));
  if (!st) {
    if (event_id == 0) return EventErrorPage(app, &auth, req, res, st.error());
    return RenderEventPage(app, auth, req, res, event_id, &st.error(), {});
  }
  if (event_id == 0) return SeeOther(res, "/events");
  RedirectWithNotice(app, auth, res, fmt::format("/events/{}#slots", event_id), "event_notice_removed");
}

// ---- A registration -------------------------------------------------------------------------

void HandleRegistrationPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.ViewRegistration(*auth.actor, PathId(req));
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  const auto& r = v->registration;
  const auto& e = v->event;
  mst::data d;
  d.set("id", Id(r.id));
  d.set("event_id", Id(e.id));
  d.set("title", Title(lang, e));
  d.set("when", WhenText(e));
  d.set("place", e.venue.empty() ? Message(lang, "event_online") : e.venue);
  d.set("event_cancelled", e.state == EventState::kCancelled);
  d.set("status", SeatLabel(lang, r.seat));
  d.set("status_code", SeatCode(r.seat));
  d.set("networking", r.networking == Seat::kNone ? mst::data(false) : mst::data(SeatLabel(lang, r.networking)));
  if (v->queue_position > 0) {
    d.set("queue", Message(lang, "registration_queue", {{"position", std::to_string(v->queue_position)}}));
  }
  if (v->networking_queue_position > 0) {
    d.set("networking_queue",
          Message(lang, "registration_networking_queue", {{"position", std::to_string(v->networking_queue_position)}}));
  }
  d.set("requested_at", FormatTokyoMinute(r.requested_at) + " JST");
  const bool active = r.seat != Seat::kCancelled && e.state != EventState::kCancelled;
  if (active) {
    d.set("code", r.checkin_code);
    d.set("waiting", r.seat == Seat::kWaitlisted);
    auto qr = EncodeQr(CheckinUrl(app.public_url, e.id, r.checkin_code));
    if (qr) d.set("qr_svg", QrSvg(*qr, Message(lang, "registration_qr", {{"code", r.checkin_code}}), 4));
  }
  d.set("attended", Opt(r.attended_at.empty() ? std::string()
                                              : Message(lang, "registration_attended", {{"at", JstText(r.attended_at)}})));
  d.set("may_cancel", active && Now() < e.starts_at);
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  SendPage(app, req, res, lang, "event_registration", d, Message(lang, "registration_title"), "events", 200, &auth);
}

void HandleRegistrationCancelPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.ViewRegistration(*auth.actor, PathId(req));
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  mst::data d;
  d.set("id", Id(v->registration.id));
  d.set("title", Title(lang, v->event));
  d.set("when", WhenText(v->event));
  d.set("status", SeatLabel(lang, v->registration.seat));
  d.set("csrf", auth.csrf);
  SendPage(app, req, res, lang, "event_registration_cancel", d, Message(lang, "registration_cancel_title"), "events",
           200, &auth);
}

void HandleRegistrationCancelForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto r = app.events.CancelRegistration(*auth.actor, PathId(req));
  if (!r) return EventErrorPage(app, &auth, req, res, r.error());
  RedirectWithNotice(app, auth, res, fmt::format("/registrations/{}", r->id), "event_notice_cancelled");
}

// ---- The admin --------------------------------------------------------------------------------

namespace {

void RenderAdminEvents(AppContext& app, const Auth& auth, const Request& req, Response& res, const EventForm& form,
                       const Error* error) {
  const Lang lang = ResolveLang(req, res);
  auto all = app.events.List(OptionalActor(auth));
  if (!all) return RespondError(app, req, res, all.error());
  const auto now = Now();
  mst::data list = List();
  for (const auto& v : *all) list.push_back(EventData(lang, v, now));
  mst::data d = FormData(form, error, lang);
  d.set("list_mode", true);
  d.set("show_form", true);
  d.set("events", list);
  d.set("has_events", !all->empty());
  d.set("csrf", auth.csrf);
  d.set("action", std::string("/admin/events"));
  d.set("submit", Message(lang, "admin_event_create"));
  d.set("form_heading", Message(lang, "admin_events_new"));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  int status = 200;
  if (error) {
    SetError(d, lang, *error);
    status = HttpStatusFor(error->code);
  }
  SendPage(app, req, res, lang, "admin_events", d, Message(lang, "admin_events_title"), "", status, &auth);
}

void RenderAdminEvent(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t id,
                      const EventForm* form, const Error* error) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.Get(OptionalActor(auth), id);
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  auto regs = app.events.Registrations(*auth.actor, id);
  if (!regs) return EventErrorPage(app, &auth, req, res, regs.error());
  const auto now = Now();
  mst::data d = FormData(form ? *form : FormOf(v->event), error, lang);
  d.set("event", EventData(lang, *v, now));
  d.set("csrf", auth.csrf);
  d.set("action", fmt::format("/admin/events/{}", id));
  d.set("submit", Message(lang, "admin_event_save"));
  d.set("form_heading", Message(lang, "admin_event_edit"));
  d.set("show_form", v->event.state != EventState::kCancelled);
  d.set("event_id", Id(id));
  d.set("may_publish", v->event.state == EventState::kDraft);
  d.set("may_cancel", v->event.state != EventState::kCancelled);
  mst::data rows = List();
  int order = 0, attended = 0;
  for (const auto& r : *regs) {
    mst::data x;
    x.set("order", std::to_string(++order));
    x.set("id", Id(r.id));
    x.set("email", r.email);
    x.set("status", SeatLabel(lang, r.seat));
    x.set("status_code", SeatCode(r.seat));
    x.set("networking", SeatLabel(lang, r.networking));
    x.set("requested_at", FormatTokyoMinute(r.requested_at));
    x.set("code", r.checkin_code);
    x.set("attended", Opt(JstText(r.attended_at)));
    if (!r.attended_at.empty()) ++attended;
    rows.push_back(x);
  }
  d.set("registrations", rows);
  d.set("has_registrations", !regs->empty());
  d.set("counts", Message(lang, "checkin_counts",
                          {{"attended", std::to_string(attended)}, {"registered", std::to_string(v->seats.registered)}}));
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  int status = 200;
  if (error) {
    SetError(d, lang, *error);
    status = HttpStatusFor(error->code);
  }
  SendPage(app, req, res, lang, "admin_events", d, Title(lang, v->event), "", status, &auth);
}

}  // namespace

void HandleAdminEventsPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderAdminEvents(app, auth, req, res, {}, nullptr);
}

void HandleAdminEventCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const EventForm form = FormOf(req);
  auto e = app.events.Create(*auth.actor, InputOf(form));
  if (!e) return RenderAdminEvents(app, auth, req, res, form, &e.error());
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}", e->id), "event_notice_created");
}

void HandleAdminEventPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderAdminEvent(app, auth, req, res, PathId(req), nullptr, nullptr);
}

void HandleAdminEventChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const EventForm form = FormOf(req);
  auto e = app.events.Change(*auth.actor, id, InputOf(form));
  if (!e) return RenderAdminEvent(app, auth, req, res, id, &form, &e.error());
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}", id), "event_notice_saved");
}

void HandleAdminEventPublish(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto e = app.events.Publish(*auth.actor, id);
  if (!e) return RenderAdminEvent(app, auth, req, res, id, nullptr, &e.error());
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}", id), "event_notice_published");
}

void HandleAdminEventCancelPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.Get(OptionalActor(auth), PathId(req));
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  mst::data d;
  d.set("id", Id(v->event.id));
  d.set("title", Title(lang, v->event));
  d.set("when", WhenText(v->event));
  d.set("text", Message(lang, "admin_event_cancel_text",
                        {{"count", std::to_string(v->seats.registered + v->seats.waitlisted)}}));
  d.set("csrf", auth.csrf);
  SendPage(app, req, res, lang, "admin_event_cancel", d, Message(lang, "admin_event_cancel_title"), "", 200, &auth);
}

void HandleAdminEventCancel(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  auto e = app.events.Cancel(*auth.actor, id);
  if (!e) return RenderAdminEvent(app, auth, req, res, id, nullptr, &e.error());
  RedirectWithNotice(app, auth, res, fmt::format("/admin/events/{}", id), "event_notice_event_cancelled");
}

namespace {

// The check-in desk: a form for the code; with a code, who it is and a button to record them.
void RenderCheckin(AppContext& app, const Auth& auth, const Request& req, Response& res, std::int64_t id,
                   const std::string& typed, const Error* error) {
  const Lang lang = ResolveLang(req, res);
  auto v = app.events.Get(OptionalActor(auth), id);
  if (!v) return EventErrorPage(app, &auth, req, res, v.error());
  auto regs = app.events.Registrations(*auth.actor, id);
  if (!regs) return EventErrorPage(app, &auth, req, res, regs.error());
  mst::data d;
  d.set("id", Id(id));
  d.set("title", Title(lang, v->event));
  d.set("when", WhenText(v->event));
  d.set("csrf", auth.csrf);
  d.set("typed", typed);
  int attended = 0;
  for (const auto& r : *regs) attended += r.attended_at.empty() ? 0 : 1;
  d.set("counts", Message(lang, "checkin_counts",
                          {{"attended", std::to_string(attended)}, {"registered", std::to_string(v->seats.registered)}}));
  std::optional<Error> problem = error ? std::optional<Error>(*error) : std::nullopt;
  if (!typed.empty() && !problem) {
    const auto canonical = domain::NormaliseCheckinCode(typed);
    const domain::Registration* found = nullptr;
    if (canonical) {
      for (const auto& r : *regs) {
        if (r.checkin_code == *canonical) found = &r;
      }
    }
    if (!canonical) {
      problem = MakeError(Reason{"error.registration.code", {}}, ErrorCode::kInvalidArgument, "not a check-in code");
    } else if (!found) {
      problem = MakeError(Reason{"error.registration.unknown_code", {{"code", *canonical}}}, ErrorCode::kNotFound,
                          "no such code");
    } else {
      mst::data who;
      who.set("email", found->email);
      who.set("code", found->checkin_code);
      who.set("status", SeatLabel(lang, found->seat));
      who.set("networking", SeatLabel(lang, found->networking));
      who.set("seated", found->seat == Seat::kRegistered);
      if (found->seat != Seat::kRegistered) {
        who.set("not_seated", Message(lang, "checkin_not_seated", {{"status", SeatLabel(lang, found->seat)}}));
      }
      who.set("already", Opt(found->attended_at.empty()
                                 ? std::string()
                                 : Message(lang, "checkin_already", {{"at", JstText(found->attended_at)}})));
      d.set("who", who);
    }
  }
  if (const auto notice = Notice(app, lang, req); !notice.empty()) d.set("notice", notice);
  int status = 200;
  if (problem) {
    SetError(d, lang, *problem);
    if (error) status = HttpStatusFor(error->code);
  }
  SendPage(app, req, res, lang, "event_checkin", d, Message(lang, "checkin_title"), "", status, &auth);
}

}  // namespace

void HandleCheckinPage(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  RenderCheckin(app, auth, req, res, PathId(req), req.get_param_value("code"), nullptr);
}

void HandleCheckinForm(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const auto id = PathId(req);
  const std::string code = FormValue(req, "code");
  auto r = app.events.CheckIn(*auth.actor, id, code);
  if (!r) return RenderCheckin(app, auth, req, res, id, code, &r.error());
  // The code stays in the URL: it is what the page shows (whose check-in this was), not a notice.
  RedirectWithNotice(app, auth, res,
                     fmt::format("/admin/events/{}/checkin?code={}", id, services::PercentEncode(r->checkin_code)),
                     "event_notice_checked_in");
}

}  // namespace proven::web
