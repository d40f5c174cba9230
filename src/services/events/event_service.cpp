#include "services/events/event_service.hpp"

#include <array>
#include <tuple>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/date.hpp"
#include "core/text.hpp"

namespace proven::services {

namespace {

using domain::Action;
using domain::Actor;
using domain::AuditAction;
using domain::Seat;
using nlohmann::ordered_json;

tl::unexpected<Error> NoEvent(std::int64_t id) {
  return Fail(Reason{"error.event.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no event {}", id));
}
tl::unexpected<Error> NoRegistration(std::int64_t id) {
  return Fail(Reason{"error.registration.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound, fmt::format("there is no registration {}", id));
}

std::string SeatCode(Seat s) { return std::string(domain::CodeIn<Seat>(domain::kSeatCodes, s)); }

std::string EventRecord(const domain::Event& e) {
  ordered_json talks = ordered_json::array();
  for (const auto& t : e.talks) talks.push_back({{"title", t.title}, {"speaker", t.speaker}, {"affiliation", t.affiliation}});
  return ordered_json{{"id", e.id},
                      {"number", e.number},
                      {"theme", e.theme},
                      {"starts_at", FormatTokyoIso(e.starts_at)},
                      {"ends_at", FormatTokyoIso(e.ends_at)},
                      {"venue", e.venue},
                      {"online_url", e.online_url},
                      {"talks", talks},
                      {"capacity", e.capacity},
                      {"networking_capacity", e.networking_capacity},
                      {"registration_opens_at", FormatTokyoIso(e.registration_opens_at)},
                      {"registration_closes_at", FormatTokyoIso(e.registration_closes_at)},
                      {"state", domain::CodeIn<domain::EventState>(domain::kEventStateCodes, e.state)}}
      .dump();
}

std::string RegistrationRecord(const domain::Registration& r) {
  return ordered_json{{"id", r.id},
                      {"event_id", r.event_id},
                      {"user_id", r.user_id},
                      {"seat", SeatCode(r.seat)},
                      {"networking", SeatCode(r.networking)},
                      {"attended_at", r.attended_at}}
      .dump();
}

bool IsAdmin(const Actor& a) { return a.Has(domain::Role::kAdmin); }

std::string SlotRecord(const domain::ConsultationSlot& s);

}  // namespace

Status EventService::Mail(store::EventWriter& w, const std::string& kind, const domain::Registration& r,
                          const domain::Event& e) {
  const MailArgs args{{"number", std::to_string(e.number)},
                      {"theme", e.theme},
                      {"starts_at", FormatTokyoIso(e.starts_at)},
                      {"place", e.venue.empty() ? e.online_url : e.venue},
                      {"code", r.checkin_code},
                      {"url", fmt::format("{}/events/{}", public_url_, e.id)},
                      {"networking", SeatCode(r.networking)}};
  const MailText text = compose_(kind, r.lang, args);
  domain::MailMessage m{kind, r.email, r.lang, text.subject, text.text, ""};
  auto id = w.EnqueueMail(m);
  if (!id) return Fail(id.error());
  return {};
}

// Fills the seats that are free with the oldest waiting, meeting first, then the networking
// session (for those who hold a meeting seat), each with its audit entry and mail.
Status EventService::Promote(store::EventWriter& w, const domain::Event& e, const Actor& actor) {
  auto seats = w.Seats(e.id);
  if (!seats) return Fail(seats.error());
  auto all = w.Registrations(e.id);
  if (!all) return Fail(all.error());
  std::vector<domain::Waiting> main, networking;
  for (const auto& r : *all) {
    if (r.seat == Seat::kWaitlisted) main.push_back({r.id, r.requested_at});
  }
  const auto up = domain::Promote(main, e.capacity - seats->registered);
  std::vector<std::int64_t> promoted_main(up.begin(), up.end());
  // Moves `r` up (the caller changed it from `before`): written with its audit entry.
  auto record = [&](const domain::Registration& r, const std::string& before) -> Status {
    if (auto st = w.UpdateRegistration(r); !st) return st;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kRegistrationPromote)
                       .On("registration", r.id)
                       .Before(before)
                       .After(RegistrationRecord(r)));
  };
  for (auto& r : *all) {
    if (std::find(promoted_main.begin(), promoted_main.end(), r.id) == promoted_main.end()) continue;
    const std::string before = RegistrationRecord(r);
    r.seat = Seat::kRegistered;
    r.promoted_at = w.Now();
    if (auto st = record(r, before); !st) return st;
    if (auto st = Mail(w, "event.promoted", r, e); !st) return st;
  }
  // The networking session: among those with a meeting seat, oldest first.
  int networking_taken = 0;
  for (const auto& r : *all) {
    if (r.networking == Seat::kRegistered) ++networking_taken;
    if (r.networking == Seat::kWaitlisted && r.seat == Seat::kRegistered) networking.push_back({r.id, r.requested_at});
  }
  const auto net_up = domain::Promote(networking, e.networking_capacity - networking_taken);
  for (auto& r : *all) {
    if (std::find(net_up.begin(), net_up.end(), r.id) == net_up.end()) continue;
    const std::string before = RegistrationRecord(r);
    r.networking = Seat::kRegistered;
    if (auto st = record(r, before); !st) return st;
    // Someone promoted to the meeting just now got one mail that names the networking seat too.
    if (std::find(promoted_main.begin(), promoted_main.end(), r.id) == promoted_main.end()) {
      if (auto st = Mail(w, "event.networking_promoted", r, e); !st) return st;
    }
  }
  return {};
}

Result<domain::Event> EventService::Create(const Actor& actor, const domain::EventInput& in) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  auto e = domain::CheckEvent(in);
  if (!e) return Fail(e.error());
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto id = w.InsertEvent(*e);
    if (!id) return Fail(id.error());
    e->id = *id;
    e->created_at = e->updated_at = w.Now();
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kEventCreate).On("event", *id).After(EventRecord(*e)));
  });
  if (!st) return Fail(st.error());
  return *e;
}

Result<domain::Event> EventService::Change(const Actor& actor, std::int64_t id, const domain::EventInput& in) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  auto checked = domain::CheckEvent(in);
  if (!checked) return Fail(checked.error());
  domain::Event out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto found = w.FindEvent(id);
    if (!found) return Fail(found.error());
    if (!*found) return NoEvent(id);
    if ((*found)->state == domain::EventState::kCancelled) {
      return Fail(Reason{"error.event.cancelled", {}}, ErrorCode::kFailedPrecondition, "the event was cancelled");
    }
    auto seats = w.Seats(id);
    if (!seats) return Fail(seats.error());
    if (checked->capacity < seats->registered) {
      return Fail(Reason{"error.event.capacity_below_seats", {{"seats", std::to_string(seats->registered)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("{} seats are taken: the capacity cannot be lower", seats->registered), {}, "capacity");
    }
    if (checked->networking_capacity < seats->networking_registered) {
      return Fail(Reason{"error.event.capacity_below_seats", {{"seats", std::to_string(seats->networking_registered)}}},
                  ErrorCode::kFailedPrecondition,
                  fmt::format("{} networking seats are taken: the capacity cannot be lower", seats->networking_registered),
                  {}, "networking_capacity");
    }
    out = *checked;
    out.id = id;
    out.state = (*found)->state;
    out.created_at = (*found)->created_at;
    out.sequence = (*found)->sequence + 1;
    if (auto done = w.UpdateEvent(out); !done) return done;
    out.updated_at = w.Now();
    if (auto done = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kEventChange)
                                .On("event", id)
                                .Before(EventRecord(**found))
                                .After(EventRecord(out)));
        !done) {
      return done;
    }
    return Promote(w, out, actor);
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Event> EventService::SetState(const Actor& actor, std::int64_t id, domain::EventState to,
                                             AuditAction audit, const Transition& then) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  domain::Event out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto found = w.FindEvent(id);
    if (!found) return Fail(found.error());
    if (!*found) return NoEvent(id);
    if ((*found)->state == domain::EventState::kCancelled) {
      return Fail(Reason{"error.event.cancelled", {}}, ErrorCode::kFailedPrecondition, "the event was cancelled");
    }
    if (to == domain::EventState::kPublished && (*found)->state != domain::EventState::kDraft) {
      return Fail(Reason{"error.event.not_draft", {}}, ErrorCode::kFailedPrecondition, "only a draft is published");
    }
    out = **found;
    out.state = to;
    if (auto done = w.UpdateEvent(out); !done) return done;
    ++out.sequence;
    if (auto done = w.Audit(store::AuditRecord(actor.Label(), audit)
                                .On("event", id)
                                .Before(EventRecord(**found))
                                .After(EventRecord(out)));
        !done) {
      return done;
    }
    return then ? then(w, out) : Status{};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Event> EventService::Publish(const Actor& actor, std::int64_t id) {
  return SetState(actor, id, domain::EventState::kPublished, AuditAction::kEventPublish, nullptr);
}

Result<domain::Event> EventService::Cancel(const Actor& actor, std::int64_t id) {
  // Everyone registered or waiting is told, in the same transaction.
  return SetState(actor, id, domain::EventState::kCancelled, AuditAction::kEventCancel,
                  [&](store::EventWriter& w, const domain::Event& e) -> Status {
                    auto all = w.Registrations(id);
                    if (!all) return Fail(all.error());
                    for (const auto& r : *all) {
                      if (r.seat == Seat::kCancelled) continue;
                      if (auto done = Mail(w, "event.cancelled", r, e); !done) return done;
                    }
                    return {};
                  });
}

Result<std::vector<EventView>> EventService::List(const std::optional<Actor>& actor) {
  const bool drafts = actor && IsAdmin(*actor);
  std::vector<EventView> out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto events = r.Events(drafts);
    if (!events) return Fail(events.error());
    for (auto& e : *events) {
      auto seats = r.Seats(e.id);
      if (!seats) return Fail(seats.error());
      out.push_back({std::move(e), *seats});
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<EventView> EventService::Get(const std::optional<Actor>& actor, std::int64_t id) {
  EventView out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto e = r.FindEvent(id);
    if (!e) return Fail(e.error());
    if (!*e || ((*e)->state == domain::EventState::kDraft && !(actor && IsAdmin(*actor)))) return NoEvent(id);
    auto seats = r.Seats(id);
    if (!seats) return Fail(seats.error());
    out = {std::move(**e), *seats};
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Registration> EventService::Register(const Actor& actor, std::int64_t event_id, bool networking,
                                                    const std::string& lang) {
  if (auto st = domain::Authorize(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  domain::Registration out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto e = w.FindEvent(event_id);
    if (!e) return Fail(e.error());
    if (!*e || (*e)->state == domain::EventState::kDraft) return NoEvent(event_id);
    if (auto open = domain::CheckRegistrationOpen(**e, w.NowUnix()); !open) return open;
    auto seats = w.Seats(event_id);
    if (!seats) return Fail(seats.error());
    auto existing = w.RegistrationOf(event_id, actor.user_id);
    if (!existing) return Fail(existing.error());
    if (*existing && (*existing)->seat != Seat::kCancelled) {
      return Fail(Reason{"error.event.already_registered", {}}, ErrorCode::kAlreadyExists,
                  "you are registered for this event already");
    }
    out.event_id = event_id;
    out.user_id = actor.user_id;
    out.email = actor.email;
    out.lang = lang == "en" ? "en" : "ja";
    out.requested_at = w.NowUnix();
    out.seat = domain::Allocate(seats->registered, (*e)->capacity);
    if (networking && (*e)->networking_capacity > 0) {
      // A networking seat goes with a meeting seat; someone waiting for the meeting waits for both.
      out.networking = out.seat == Seat::kRegistered
                           ? domain::Allocate(seats->networking_registered, (*e)->networking_capacity)
                           : Seat::kWaitlisted;
    }
    std::array<unsigned char, 8> random{};
    RandomBytes(random);
    out.checkin_code = domain::CheckinCode(random);
    const std::string before = *existing ? RegistrationRecord(**existing) : std::string();
    if (*existing) {
      // Taken up again: at the back of the queue, with a new code.
      out.id = (*existing)->id;
      out.created_at = (*existing)->created_at;
      auto row = **existing;
      row.seat = out.seat;
      row.networking = out.networking;
      row.requested_at = out.requested_at;
      row.promoted_at.clear();
      row.cancelled_at.clear();
      row.attended_at.clear();
      row.lang = out.lang;
      if (auto done = w.UpdateRegistration(row); !done) return done;
      out.checkin_code = row.checkin_code;
    } else {
      auto id = w.InsertRegistration(out);
      if (!id) return Fail(id.error());
      out.id = *id;
      out.created_at = w.Now();
    }
    if (auto done = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kRegistrationCreate)
                                .On("registration", out.id)
                                .Before(before)
                                .After(RegistrationRecord(out)));
        !done) {
      return done;
    }
    return Mail(w, out.seat == Seat::kRegistered ? "event.registered" : "event.waitlisted", out, **e);
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Registration> EventService::CancelRegistration(const Actor& actor, std::int64_t registration_id) {
  if (auto st = domain::AuthorizeRole(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  domain::Registration out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto r = w.FindRegistration(registration_id);
    if (!r) return Fail(r.error());
    if (!*r || ((*r)->user_id != actor.user_id && !IsAdmin(actor))) return NoRegistration(registration_id);
    if ((*r)->seat == Seat::kCancelled) {
      return Fail(Reason{"error.registration.cancelled", {}}, ErrorCode::kFailedPrecondition,
                  "the registration is cancelled already");
    }
    auto e = w.FindEvent((*r)->event_id);
    if (!e) return Fail(e.error());
    if (!*e) return NoEvent((*r)->event_id);
    if (w.NowUnix() >= (*e)->starts_at) {
      return Fail(Reason{"error.registration.started", {}}, ErrorCode::kFailedPrecondition,
                  "the event has started: a registration is no longer cancelled");
    }
    const std::string before = RegistrationRecord(**r);
    out = **r;
    out.seat = Seat::kCancelled;
    out.networking = out.networking == Seat::kNone ? Seat::kNone : Seat::kCancelled;
    out.cancelled_at = w.Now();
    if (auto done = w.UpdateRegistration(out); !done) return done;
    if (auto done = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kRegistrationCancel)
                                .On("registration", out.id)
                                .Before(before)
                                .After(RegistrationRecord(out)));
        !done) {
      return done;
    }
    if (auto done = Mail(w, "event.registration_cancelled", out, **e); !done) return done;
    // Consultations booked with this registration lapse: their slots are free for others.
    auto slots = w.Slots(out.event_id);
    if (!slots) return Fail(slots.error());
    for (const auto& slot : *slots) {
      if (slot.booked_by != out.id) continue;
      if (auto done = w.Unbook(slot.id); !done) return done;
      auto after = slot;
      after.booked_by.reset();
      if (auto done = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kSlotCancel)
                                  .On("slot", slot.id)
                                  .Before(SlotRecord(slot))
                                  .After(SlotRecord(after)));
          !done) {
        return done;
      }
    }
    // The freed seats go to the oldest waiting, in this same transaction.
    if ((*e)->state == domain::EventState::kPublished) return Promote(w, **e, actor);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Registration> EventService::Registration(const Actor& actor, std::int64_t registration_id) {
  if (auto st = domain::AuthorizeRole(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  domain::Registration out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto found = r.FindRegistration(registration_id);
    if (!found) return Fail(found.error());
    if (!*found || ((*found)->user_id != actor.user_id && !IsAdmin(actor))) return NoRegistration(registration_id);
    out = **found;
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<RegistrationView> EventService::ViewRegistration(const Actor& actor, std::int64_t registration_id) {
  if (auto st = domain::AuthorizeRole(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  RegistrationView out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto found = r.FindRegistration(registration_id);
    if (!found) return Fail(found.error());
    if (!*found || ((*found)->user_id != actor.user_id && !IsAdmin(actor))) return NoRegistration(registration_id);
    out.registration = **found;
    auto e = r.FindEvent(out.registration.event_id);
    if (!e) return Fail(e.error());
    if (!*e) return NoEvent(out.registration.event_id);
    out.event = std::move(**e);
    auto all = r.Registrations(out.event.id);  // queue order
    if (!all) return Fail(all.error());
    int main = 0, networking = 0;
    for (const auto& other : *all) {
      if (other.seat == Seat::kWaitlisted) ++main;
      // The networking session's queue moves only among those holding a meeting seat.
      if (other.networking == Seat::kWaitlisted && other.seat == Seat::kRegistered) ++networking;
      if (other.id != registration_id) continue;
      if (other.seat == Seat::kWaitlisted) out.queue_position = main;
      if (other.networking == Seat::kWaitlisted && other.seat == Seat::kRegistered) {
        out.networking_queue_position = networking;
      }
      break;
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<domain::Registration>> EventService::MyRegistrations(const Actor& actor) {
  if (auto st = domain::AuthorizeRole(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  std::vector<domain::Registration> out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto all = r.RegistrationsOfUser(actor.user_id);
    if (!all) return Fail(all.error());
    out = std::move(*all);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<std::vector<domain::Registration>> EventService::Registrations(const Actor& actor, std::int64_t event_id) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  std::vector<domain::Registration> out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto e = r.FindEvent(event_id);
    if (!e) return Fail(e.error());
    if (!*e) return NoEvent(event_id);
    auto all = r.Registrations(event_id);
    if (!all) return Fail(all.error());
    out = std::move(*all);
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::Registration> EventService::CheckIn(const Actor& actor, std::int64_t event_id, const std::string& code) {
  if (auto st = domain::Authorize(actor, Action::kManageEvents); !st) return Fail(st.error());
  const auto canonical = domain::NormaliseCheckinCode(code);
  if (!canonical) {
    return Fail(Reason{"error.registration.code", {}}, ErrorCode::kInvalidArgument,
                "a check-in code has ten letters and digits, such as 7K3QD-9XW2M", {}, "code");
  }
  domain::Registration out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto r = w.RegistrationByCode(event_id, *canonical);
    if (!r) return Fail(r.error());
    if (!*r) {
      return Fail(Reason{"error.registration.unknown_code", {{"code", *canonical}}}, ErrorCode::kNotFound,
                  fmt::format("no registration of this event has the code {}", *canonical), {}, "code");
    }
    out = **r;
    if (out.seat != Seat::kRegistered) {
      return Fail(Reason{"error.registration.no_seat", {{"seat", SeatCode(out.seat)}}}, ErrorCode::kFailedPrecondition,
                  fmt::format("this registration is {}, not registered", SeatCode(out.seat)), {}, "code");
    }
    if (!out.attended_at.empty()) return {};  // the first check-in stands
    const std::string before = RegistrationRecord(out);
    out.attended_at = w.Now();
    if (auto done = w.UpdateRegistration(out); !done) return done;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kRegistrationCheckIn)
                       .On("registration", out.id)
                       .Before(before)
                       .After(RegistrationRecord(out)));
  });
  if (!st) return Fail(st.error());
  return out;
}

namespace {

tl::unexpected<Error> NoSlot(std::int64_t id) {
  return Fail(Reason{"error.slot.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no consultation slot {}", id));
}

std::string SlotRecord(const domain::ConsultationSlot& s) {
  return ordered_json{{"id", s.id},
                      {"event_id", s.event_id},
                      {"vendor_org_id", s.vendor_org_id},
                      {"starts_at", FormatTokyoIso(s.starts_at)},
                      {"ends_at", FormatTokyoIso(s.ends_at)},
                      {"booked_by", s.booked_by ? ordered_json(*s.booked_by) : ordered_json(nullptr)}}
      .dump();
}

constexpr std::size_t kMaxSlotNoteChars = 500;
constexpr std::size_t kMaxTopicChars = 1000;

Status CheckShortText(const std::string& text, std::size_t max, const char* field) {
  if (auto bad = FindInvalidUtf8(text)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("is not valid UTF-8 (byte offset {})", *bad), {}, field);
  }
  std::size_t chars = 0;
  for (std::size_t pos = 0; pos < text.size(); ++chars) NextCodePoint(text, pos);
  if (chars > max) {
    return Fail(Reason{"error.text.too_long", {{"chars", std::to_string(chars)}, {"max", std::to_string(max)}}},
                ErrorCode::kInvalidArgument, fmt::format("is {} characters long; at most {}", chars, max), {}, field);
  }
  return {};
}

}  // namespace

Result<domain::ConsultationSlot> EventService::OfferSlot(const Actor& actor, std::int64_t event_id,
                                                         const std::string& starts_at, const std::string& ends_at,
                                                         const std::string& note) {
  auto slots = OfferSlots(actor, event_id, {SlotInput{starts_at, ends_at, note}});
  if (!slots) {
    // One slot: its fields are named as they are, without "slots[0].".
    Error e = slots.error();
    if (e.field.starts_with("slots[0].")) e.field = e.field.substr(9);
    return Fail(std::move(e));
  }
  return slots->front();
}

Result<std::vector<domain::ConsultationSlot>> EventService::OfferSlots(const Actor& actor, std::int64_t event_id,
                                                                       const std::vector<SlotInput>& inputs) {
  if (auto st = domain::Authorize(actor, Action::kOfferSlots); !st) return Fail(st.error());
  if (!actor.organisation_id) {
    return Fail(Reason{"error.slot.no_organisation", {}}, ErrorCode::kFailedPrecondition,
                "slots are offered for an organisation; this account has none");
  }
  constexpr std::size_t kMaxSlotsAtOnce = 50;
  if (inputs.empty() || inputs.size() > kMaxSlotsAtOnce) {
    return Fail(Reason{"error.slot.count", {{"max", std::to_string(kMaxSlotsAtOnce)}}}, ErrorCode::kInvalidArgument,
                fmt::format("offer from 1 to {} slots at once", kMaxSlotsAtOnce), {}, "slots");
  }
  std::vector<domain::ConsultationSlot> out;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    const std::string at = fmt::format("slots[{}].", i);
    domain::ConsultationSlot slot;
    slot.event_id = event_id;
    slot.vendor_org_id = *actor.organisation_id;
    slot.vendor = actor.organisation;
    slot.note = in.note;
    for (auto [text, target, field] :
         {std::tuple{&in.starts_at, &slot.starts_at, "starts_at"}, {&in.ends_at, &slot.ends_at, "ends_at"}}) {
      auto t = ParseIsoInstant(*text);
      if (!t) {
        return Fail(Reason{"error.event.time", {{"value", *text}}}, ErrorCode::kInvalidArgument,
                    fmt::format("'{}' is not a time such as 2027-02-01T18:00:00+09:00", *text), {}, at + field);
      }
      *target = *t;
    }
    if (auto st = CheckShortText(in.note, kMaxSlotNoteChars, "note"); !st) {
      Error e = st.error();
      e.field = at + "note";
      return Fail(std::move(e));
    }
    if (slot.ends_at <= slot.starts_at) {
      return Fail(Reason{"error.event.ends_before_start", {}}, ErrorCode::kInvalidArgument, "must be after starts_at",
                  {}, at + "ends_at");
    }
    out.push_back(std::move(slot));
  }
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto e = w.FindEvent(event_id);
    if (!e) return Fail(e.error());
    if (!*e || (*e)->state != domain::EventState::kPublished) return NoEvent(event_id);
    for (std::size_t i = 0; i < out.size(); ++i) {
      auto& slot = out[i];
      if (slot.starts_at < (*e)->starts_at || slot.ends_at > (*e)->ends_at) {
        return Fail(Reason{"error.slot.outside_event", {}}, ErrorCode::kInvalidArgument,
                    "a slot lies within the event's time", {}, fmt::format("slots[{}].starts_at", i));
      }
      auto id = w.InsertSlot(slot);
      if (!id) {
        Error err = id.error();
        if (err.code == ErrorCode::kAlreadyExists || err.code == ErrorCode::kInvalidArgument) {
          err.field = fmt::format("slots[{}].starts_at", i);
        }
        return Fail(std::move(err));
      }
      slot.id = *id;
      slot.created_at = w.Now();
      if (auto done = w.Audit(
              store::AuditRecord(actor.Label(), AuditAction::kSlotOffer).On("slot", *id).After(SlotRecord(slot)));
          !done) {
        return done;
      }
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Status EventService::RemoveSlot(const Actor& actor, std::int64_t slot_id) {
  if (auto st = domain::AuthorizeRole(actor, Action::kOfferSlots); !st) return st;
  return store_.Write([&](store::EventWriter& w) -> Status {
    auto slot = w.FindSlot(slot_id);
    if (!slot) return Fail(slot.error());
    if (!*slot || (*slot)->vendor_org_id != actor.organisation_id.value_or(-1)) return NoSlot(slot_id);
    if (auto done = w.DeleteSlot(slot_id); !done) return done;
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kSlotRemove).On("slot", slot_id).Before(SlotRecord(**slot)));
  });
}

Result<std::vector<domain::ConsultationSlot>> EventService::Slots(const std::optional<Actor>& actor,
                                                                   std::int64_t event_id) {
  std::vector<domain::ConsultationSlot> out;
  auto st = store_.Read([&](store::EventReader& r) -> Status {
    auto e = r.FindEvent(event_id);
    if (!e) return Fail(e.error());
    if (!*e || ((*e)->state == domain::EventState::kDraft && !(actor && IsAdmin(*actor)))) return NoEvent(event_id);
    auto slots = r.Slots(event_id);
    if (!slots) return Fail(slots.error());
    std::optional<std::int64_t> mine;
    if (actor) {
      auto reg = r.RegistrationOf(event_id, actor->user_id);
      if (!reg) return Fail(reg.error());
      if (*reg) mine = (*reg)->id;
    }
    for (auto& s : *slots) {
      const bool sees = actor && (IsAdmin(*actor) || s.vendor_org_id == actor->organisation_id.value_or(-1) ||
                                  (s.booked_by && s.booked_by == mine));
      if (!sees && s.booked_by) {
        s.booked_by = 0;  // taken, by someone this reader may not know
        s.topic.clear();
      }
      out.push_back(std::move(s));
    }
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Result<domain::ConsultationSlot> EventService::Book(const Actor& actor, std::int64_t slot_id, const std::string& topic) {
  if (auto st = domain::Authorize(actor, Action::kRegisterForEvents); !st) return Fail(st.error());
  if (auto st = CheckShortText(topic, kMaxTopicChars, "topic"); !st) return Fail(st.error());
  domain::ConsultationSlot out;
  auto st = store_.Write([&](store::EventWriter& w) -> Status {
    auto slot = w.FindSlot(slot_id);
    if (!slot) return Fail(slot.error());
    if (!*slot) return NoSlot(slot_id);
    auto e = w.FindEvent((*slot)->event_id);
    if (!e) return Fail(e.error());
    if (!*e || (*e)->state != domain::EventState::kPublished) return NoSlot(slot_id);
    if (w.NowUnix() >= (*e)->starts_at) {
      return Fail(Reason{"error.registration.started", {}}, ErrorCode::kFailedPrecondition, "the event has started");
    }
    auto reg = w.RegistrationOf((*e)->id, actor.user_id);
    if (!reg) return Fail(reg.error());
    if (!*reg || (*reg)->seat != Seat::kRegistered) {
      return Fail(Reason{"error.slot.needs_seat", {}}, ErrorCode::kFailedPrecondition,
                  "a consultation is booked by a participant with a seat at the event");
    }
    if ((*slot)->booked_by) {
      return Fail(Reason{"error.slot.taken", {}}, ErrorCode::kAlreadyExists, "the slot is booked already");
    }
    auto slots = w.Slots((*e)->id);
    if (!slots) return Fail(slots.error());
    for (const auto& other : *slots) {
      if (other.booked_by != (*reg)->id) continue;
      if (other.vendor_org_id == (*slot)->vendor_org_id) {
        return Fail(Reason{"error.slot.one_per_vendor", {}}, ErrorCode::kFailedPrecondition,
                    "you have booked a consultation with this vendor already");
      }
      if (other.starts_at < (*slot)->ends_at && (*slot)->starts_at < other.ends_at) {
        return Fail(Reason{"error.slot.overlaps", {}}, ErrorCode::kFailedPrecondition,
                    "you have another consultation at that time");
      }
    }
    // The primary key decides a race the check above did not see.
    if (auto done = w.Book(slot_id, (*reg)->id, topic); !done) return done;
    out = **slot;
    out.booked_by = (*reg)->id;
    out.topic = topic;
    out.booked_at = w.Now();
    if (auto done = w.Audit(store::AuditRecord(actor.Label(), AuditAction::kSlotBook)
                                .On("slot", slot_id)
                                .Before(SlotRecord(**slot))
                                .After(SlotRecord(out)));
        !done) {
      return done;
    }
    const MailArgs args{{"number", std::to_string((*e)->number)},
                        {"theme", (*e)->theme},
                        {"vendor", out.vendor},
                        {"starts_at", FormatTokyoIso(out.starts_at)},
                        {"url", fmt::format("{}/events/{}", public_url_, (*e)->id)}};
    const MailText text = compose_("slot.booked", (*reg)->lang, args);
    auto mail = w.EnqueueMail({"slot.booked", (*reg)->email, (*reg)->lang, text.subject, text.text, ""});
    if (!mail) return Fail(mail.error());
    return {};
  });
  if (!st) return Fail(st.error());
  return out;
}

Status EventService::CancelBooking(const Actor& actor, std::int64_t slot_id) {
  if (auto st = domain::AuthorizeRole(actor, Action::kRegisterForEvents); !st) return st;
  return store_.Write([&](store::EventWriter& w) -> Status {
    auto slot = w.FindSlot(slot_id);
    if (!slot) return Fail(slot.error());
    if (!*slot || !(*slot)->booked_by) return NoSlot(slot_id);
    auto reg = w.FindRegistration(*(*slot)->booked_by);
    if (!reg) return Fail(reg.error());
    if (!IsAdmin(actor) && (!*reg || (*reg)->user_id != actor.user_id)) return NoSlot(slot_id);
    if (auto done = w.Unbook(slot_id); !done) return done;
    auto after = **slot;
    after.booked_by.reset();
    return w.Audit(store::AuditRecord(actor.Label(), AuditAction::kSlotCancel)
                       .On("slot", slot_id)
                       .Before(SlotRecord(**slot))
                       .After(SlotRecord(after)));
  });
}

}  // namespace proven::services
