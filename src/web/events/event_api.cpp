#include "web/events/event_api.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "services/query_params.hpp"
#include "web/events/event_json.hpp"
#include "web/programme/programme_json.hpp"

namespace proven::web {

namespace {

using nlohmann::ordered_json;

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::optional<domain::Actor> OptionalActor(const Auth& auth) { return auth.actor; }

void SendEvent(AppContext& app, Response& res, const Result<services::EventView>& v, int status = 200) {
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, status, Dump(EventJson(*v, Now(), app.public_url)));
}

// After a change: the event as it now stands, with its seats.
void SendChanged(AppContext& app, const Auth& auth, Response& res, const Result<domain::Event>& e, int status = 200) {
  if (!e) return SetJsonError(res, e.error());
  auto v = app.events.Get(OptionalActor(auth), e->id);
  if (!v) return SendEvent(app, res, services::EventView{*e, {}}, status);
  SendEvent(app, res, v, status);
}

void SendRegistration(AppContext& app, const Auth& auth, Response& res, const Result<domain::Registration>& r,
                      int status = 200) {
  if (!r) return SetJsonError(res, r.error());
  // With its place in the queue as it stands now.
  auto v = app.events.ViewRegistration(*auth.actor, r->id);
  if (!v) return SetJsonError(res, v.error());
  res.set_header("Location", fmt::format("/api/v1/registrations/{}", r->id));
  SetJson(res, status, Dump(RegistrationViewJson(*v, app.public_url)));
}

}  // namespace

Result<EventWhen> EventWhenOf(const Params& params) {
  std::vector<std::string> given;
  for (const auto& v : services::Values(params, "when")) {
    if (!Trim(v).empty()) given.emplace_back(Trim(v));
  }
  if (given.size() > 1) {
    return Fail(Reason{"error.param.repeated", {}}, ErrorCode::kInvalidArgument, "when: may be given only once", {},
                "when");
  }
  if (given.empty() || given.front() == "all") return EventWhen::kAll;
  if (given.front() == "upcoming") return EventWhen::kUpcoming;
  if (given.front() == "past") return EventWhen::kPast;
  return Fail(Reason{"error.param.unknown_value", {{"value", Ellipsize(given.front(), 40)}}},
              ErrorCode::kInvalidArgument, "when: must be upcoming, past or all", {}, "when");
}

std::vector<services::EventView> SelectEvents(std::vector<services::EventView> all, EventWhen when, std::int64_t now) {
  std::vector<services::EventView> out;
  for (auto& v : all) {
    const bool over = v.event.ends_at <= now;
    if (when == EventWhen::kUpcoming && over) continue;
    if (when == EventWhen::kPast && !over) continue;
    out.push_back(std::move(v));
  }
  if (when == EventWhen::kUpcoming) {
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.event.starts_at != b.event.starts_at ? a.event.starts_at < b.event.starts_at : a.event.id < b.event.id;
    });
  }
  return out;  // the store's order otherwise: newest first
}

void HandleApiEvents(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto when = EventWhenOf(req.params);
  if (!when) return SetJsonError(res, when.error());
  auto paging = services::ParsePageParams(req.params);
  if (!paging) return SetJsonError(res, paging.error());
  auto all = app.events.List(OptionalActor(auth));
  if (!all) return SetJsonError(res, all.error());
  const auto now = Now();
  const auto selected = SelectEvents(std::move(*all), *when, now);
  ordered_json items = ordered_json::array();
  for (std::size_t i = paging->offset(); i < selected.size() && items.size() < static_cast<std::size_t>(paging->per_page); ++i) {
    items.push_back(EventJson(selected[i], now, app.public_url));
  }
  SetJson(res, 200,
          Dump(ordered_json{
              {"total", selected.size()}, {"items", items}, {"page", paging->page}, {"per_page", paging->per_page}}));
}

void HandleApiEvent(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  SendEvent(app, res, app.events.Get(OptionalActor(auth), PathId(req)));
}

void HandleApiEventCreate(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = EventInputFromBody(req.body);
  if (!in) return SetJsonError(res, in.error());
  auto e = app.events.Create(*auth.actor, *in);
  if (e) res.set_header("Location", fmt::format("/api/v1/events/{}", e->id));
  SendChanged(app, auth, res, e, 201);
}

void HandleApiEventChange(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto in = EventInputFromBody(req.body);
  if (!in) return SetJsonError(res, in.error());
  SendChanged(app, auth, res, app.events.Change(*auth.actor, PathId(req), *in));
}

void HandleApiEventStep(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  const std::string step = req.matches.size() > 2 ? req.matches[2] : "";
  const auto id = PathId(req);
  SendChanged(app, auth, res, step == "publish" ? app.events.Publish(*auth.actor, id) : app.events.Cancel(*auth.actor, id));
}

void HandleApiEventRegister(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto networking = RegisterBodyFromJson(req.body);
  if (!networking) return SetJsonError(res, networking.error());
  const Lang lang = ResolveLang(req, res);
  SendRegistration(app, auth, res,
                   app.events.Register(*auth.actor, PathId(req), *networking, std::string(LangCode(lang))), 201);
}

void HandleApiEventRegistrations(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto all = app.events.Registrations(*auth.actor, PathId(req));
  if (!all) return SetJsonError(res, all.error());
  // Queue positions as they stand, in queue order.
  ordered_json items = ordered_json::array();
  int waiting = 0, networking_waiting = 0;
  for (const auto& r : *all) {
    const int position = r.seat == domain::Seat::kWaitlisted ? ++waiting : 0;
    const bool net_waits = r.networking == domain::Seat::kWaitlisted && r.seat == domain::Seat::kRegistered;
    const int net_position = net_waits ? ++networking_waiting : 0;
    items.push_back(RegistrationJson(r, position, net_position, true));
  }
  SetJson(res, 200, Dump(ordered_json{{"total", all->size()}, {"items", items}}));
}

void HandleApiEventCheckin(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto code = CodeFromJson(req.body);
  if (!code) return SetJsonError(res, code.error());
  auto r = app.events.CheckIn(*auth.actor, PathId(req), *code);
  if (!r) return SetJsonError(res, r.error());
  SetJson(res, 200, Dump(RegistrationJson(*r, 0, 0, true)));
}

void HandleApiRegistration(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto v = app.events.ViewRegistration(*auth.actor, PathId(req));
  if (!v) return SetJsonError(res, v.error());
  SetJson(res, 200, Dump(RegistrationViewJson(*v, app.public_url)));
}

void HandleApiRegistrationCancel(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  SendRegistration(app, auth, res, app.events.CancelRegistration(*auth.actor, PathId(req)));
}

void HandleApiMyRegistrations(AppContext& app, const Auth& auth, const Request&, Response& res) {
  auto mine = app.events.MyRegistrations(*auth.actor);
  if (!mine) return SetJsonError(res, mine.error());
  ordered_json items = ordered_json::array();
  for (const auto& r : *mine) {
    auto v = app.events.ViewRegistration(*auth.actor, r.id);
    if (!v) return SetJsonError(res, v.error());
    items.push_back(RegistrationViewJson(*v, app.public_url));
  }
  SetJson(res, 200, Dump(ordered_json{{"total", items.size()}, {"items", items}}));
}

void HandleApiEventSlots(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto slots = app.events.Slots(OptionalActor(auth), PathId(req));
  if (!slots) return SetJsonError(res, slots.error());
  ordered_json items = ordered_json::array();
  for (const auto& s : *slots) items.push_back(SlotJson(s));
  SetJson(res, 200, Dump(ordered_json{{"total", items.size()}, {"items", items}}));
}

void HandleApiEventSlotOffer(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto inputs = SlotsFromJson(req.body);
  if (!inputs) return SetJsonError(res, inputs.error());
  auto slots = app.events.OfferSlots(*auth.actor, PathId(req), *inputs);
  if (!slots) return SetJsonError(res, slots.error());
  ordered_json items = ordered_json::array();
  for (const auto& s : *slots) items.push_back(SlotJson(s));
  SetJson(res, 201, Dump(ordered_json{{"total", items.size()}, {"items", items}}));
}

void HandleApiSlotBook(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  auto topic = TopicFromJson(req.body);
  if (!topic) return SetJsonError(res, topic.error());
  auto slot = app.events.Book(*auth.actor, PathId(req), *topic);
  if (!slot) return SetJsonError(res, slot.error());
  SetJson(res, 200, Dump(SlotJson(*slot)));
}

void HandleApiSlotUnbook(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.events.CancelBooking(*auth.actor, PathId(req)); !st) return SetJsonError(res, st.error());
  res.status = 204;
}

void HandleApiSlotRemove(AppContext& app, const Auth& auth, const Request& req, Response& res) {
  if (auto st = app.events.RemoveSlot(*auth.actor, PathId(req)); !st) return SetJsonError(res, st.error());
  res.status = 204;
}

}  // namespace proven::web
