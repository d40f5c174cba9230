#include "web/events/event_json.hpp"

#include <fmt/core.h>

#include "core/date.hpp"
#include "core/text.hpp"

namespace proven::web {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

tl::unexpected<Error> BodyError(std::string message, std::string field) {
  return Fail(Reason{"error.body.invalid", {{"field", field}}}, ErrorCode::kInvalidArgument,
              fmt::format("{}: {}", field, message), {}, field);
}

tl::unexpected<Error> UnknownKey(const std::string& path) {
  const std::string shown = Ellipsize(path, 60);
  return Fail(Reason{"error.case.unknown_key", {{"value", shown}}}, ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a field here", shown), {}, shown);
}

Result<std::string> String(const json& v, const std::string& at) {
  if (v.is_null()) return std::string();
  if (!v.is_string()) return BodyError("must be a string", at);
  return v.get<std::string>();
}

Result<std::optional<int>> Int(const json& v, const std::string& at) {
  if (v.is_null()) return std::optional<int>();
  if (!v.is_number_integer()) return BodyError("must be a whole number", at);
  const auto n = v.get<std::int64_t>();
  if (n < -1000000000 || n > 1000000000) return BodyError("is out of range", at);
  return std::optional<int>(static_cast<int>(n));
}

std::string Code(domain::Seat s) { return std::string(domain::CodeIn<domain::Seat>(domain::kSeatCodes, s)); }

ordered_json NullIfEmpty(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

}  // namespace

Result<json> JsonObject(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(Reason{"error.body.not_an_object", {}}, ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  return j;
}

Result<domain::EventInput> EventInputFromJson(const json& j, const std::string& at, const ExtraKey& extra) {
  domain::EventInput in;
  const std::pair<const char*, std::string domain::EventInput::*> texts[] = {
      {"theme", &domain::EventInput::theme},
      {"description", &domain::EventInput::description},
      {"starts_at", &domain::EventInput::starts_at},
      {"ends_at", &domain::EventInput::ends_at},
      {"venue", &domain::EventInput::venue},
      {"online_url", &domain::EventInput::online_url},
      {"registration_opens_at", &domain::EventInput::registration_opens_at},
      {"registration_closes_at", &domain::EventInput::registration_closes_at}};
  const std::pair<const char*, std::optional<int> domain::EventInput::*> numbers[] = {
      {"number", &domain::EventInput::number},
      {"capacity", &domain::EventInput::capacity},
      {"networking_capacity", &domain::EventInput::networking_capacity}};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    bool done = false;
    for (const auto& [name, member] : texts) {
      if (key != name) continue;
      done = true;
      auto s = String(*it, at + key);
      if (!s) return Fail(s.error());
      in.*member = *s;
    }
    for (const auto& [name, member] : numbers) {
      if (key != name) continue;
      done = true;
      auto n = Int(*it, at + key);
      if (!n) return Fail(n.error());
      in.*member = *n;
    }
    if (done) continue;
    if (key == "talks") {
      if (it->is_null()) continue;
      if (!it->is_array()) return BodyError("must be a list of {title, speaker, affiliation}", at + "talks");
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& t = (*it)[i];
        const std::string path = fmt::format("{}talks[{}]", at, i);
        if (!t.is_object()) return BodyError("must be an object", path);
        domain::Talk talk;
        for (auto k = t.begin(); k != t.end(); ++k) {
          std::string* target = k.key() == "title"         ? &talk.title
                                : k.key() == "speaker"     ? &talk.speaker
                                : k.key() == "affiliation" ? &talk.affiliation
                                                           : nullptr;
          if (!target) return UnknownKey(path + "." + k.key());
          auto s = String(*k, path + "." + k.key());
          if (!s) return Fail(s.error());
          *target = *s;
        }
        in.talks.push_back(std::move(talk));
      }
      continue;
    }
    if (!extra) return UnknownKey(at + key);
    if (auto st = extra(key, *it); !st) return Fail(st.error());
  }
  return in;
}

Result<domain::EventInput> EventInputFromBody(std::string_view body) {
  auto j = JsonObject(body);
  if (!j) return Fail(j.error());
  return EventInputFromJson(*j, "", nullptr);
}

Result<bool> RegisterBodyFromJson(std::string_view body) {
  if (Trim(std::string(body)).empty()) return false;  // no body: no networking seat
  auto j = JsonObject(body);
  if (!j) return Fail(j.error());
  bool networking = false;
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it.key() != "networking") return UnknownKey(it.key());
    if (!it->is_boolean()) return BodyError("must be true or false", "networking");
    networking = it->get<bool>();
  }
  return networking;
}

namespace {

Result<services::SlotInput> SlotFromJson(const json& j, const std::string& at) {
  if (!j.is_object()) return BodyError("must be an object with starts_at, ends_at and note", at.empty() ? "slots" : at.substr(0, at.size() - 1));
  services::SlotInput s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string* target = it.key() == "starts_at" ? &s.starts_at
                          : it.key() == "ends_at" ? &s.ends_at
                          : it.key() == "note"    ? &s.note
                                                  : nullptr;
    if (!target) return UnknownKey(at + it.key());
    auto v = String(*it, at + it.key());
    if (!v) return Fail(v.error());
    *target = *v;
  }
  if (s.starts_at.empty()) return BodyError("is required", at + "starts_at");
  if (s.ends_at.empty()) return BodyError("is required", at + "ends_at");
  return s;
}

}  // namespace

Result<std::vector<services::SlotInput>> SlotsFromJson(std::string_view body) {
  auto j = JsonObject(body);
  if (!j) return Fail(j.error());
  std::vector<services::SlotInput> out;
  if (j->contains("slots")) {
    if (j->size() != 1) {
      for (auto it = j->begin(); it != j->end(); ++it) {
        if (it.key() != "slots") return UnknownKey(it.key());
      }
    }
    const json& list = (*j)["slots"];
    if (!list.is_array()) return BodyError("must be a list of {starts_at, ends_at, note}", "slots");
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto s = SlotFromJson(list[i], fmt::format("slots[{}].", i));
      if (!s) return Fail(s.error());
      out.push_back(std::move(*s));
    }
    return out;
  }
  auto s = SlotFromJson(*j, "");
  if (!s) return Fail(s.error());
  out.push_back(std::move(*s));
  return out;
}

Result<std::string> TopicFromJson(std::string_view body) {
  if (Trim(std::string(body)).empty()) return std::string();
  auto j = JsonObject(body);
  if (!j) return Fail(j.error());
  std::string topic;
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it.key() != "topic") return UnknownKey(it.key());
    auto s = String(*it, "topic");
    if (!s) return Fail(s.error());
    topic = *s;
  }
  return topic;
}

Result<std::string> CodeFromJson(std::string_view body) {
  auto j = JsonObject(body);
  if (!j) return Fail(j.error());
  std::string code;
  for (auto it = j->begin(); it != j->end(); ++it) {
    if (it.key() != "code") return UnknownKey(it.key());
    auto s = String(*it, "code");
    if (!s) return Fail(s.error());
    code = *s;
  }
  if (code.empty()) return BodyError("is required", "code");
  return code;
}

ordered_json EventJson(const services::EventView& v, std::int64_t now, const std::string& base) {
  const auto& e = v.event;
  ordered_json talks = ordered_json::array();
  for (const auto& t : e.talks) talks.push_back({{"title", t.title}, {"speaker", t.speaker}, {"affiliation", t.affiliation}});
  const int left = std::max(0, e.capacity - v.seats.registered);
  const int networking_left = std::max(0, e.networking_capacity - v.seats.networking_registered);
  return ordered_json{
      {"id", e.id},
      {"number", e.number},
      {"theme", e.theme},
      {"description", e.description},
      {"starts_at", FormatTokyoIso(e.starts_at)},
      {"ends_at", FormatTokyoIso(e.ends_at)},
      {"venue", e.venue},
      {"online_url", e.online_url},
      {"talks", talks},
      {"capacity", e.capacity},
      {"networking_capacity", e.networking_capacity},
      {"registration_opens_at", FormatTokyoIso(e.registration_opens_at)},
      {"registration_closes_at", FormatTokyoIso(e.registration_closes_at)},
      {"state", domain::CodeIn<domain::EventState>(domain::kEventStateCodes, e.state)},
      {"sequence", e.sequence},
      {"registration_open", domain::CheckRegistrationOpen(e, now).has_value()},
      {"seats",
       {{"registered", v.seats.registered},
        {"waitlisted", v.seats.waitlisted},
        {"left", left},
        {"networking_registered", v.seats.networking_registered},
        {"networking_waitlisted", v.seats.networking_waitlisted},
        {"networking_left", networking_left}}},
      {"url", fmt::format("{}/events/{}", base, e.id)},
      {"ics_url", fmt::format("{}/events/{}.ics", base, e.id)},
      {"created_at", e.created_at},
      {"updated_at", e.updated_at}};
}

ordered_json RegistrationJson(const domain::Registration& r, int queue_position, int networking_position,
                              bool with_email) {
  ordered_json j{{"id", r.id},
                 {"event_id", r.event_id},
                 {"status", Code(r.seat)},
                 {"networking", Code(r.networking)},
                 {"queue_position", queue_position > 0 ? ordered_json(queue_position) : ordered_json(nullptr)},
                 {"networking_queue_position",
                  networking_position > 0 ? ordered_json(networking_position) : ordered_json(nullptr)},
                 {"checkin_code", r.checkin_code},
                 {"lang", r.lang},
                 {"requested_at", FormatTokyoIso(r.requested_at)},
                 {"created_at", r.created_at},
                 {"promoted_at", NullIfEmpty(r.promoted_at)},
                 {"cancelled_at", NullIfEmpty(r.cancelled_at)},
                 {"attended_at", NullIfEmpty(r.attended_at)}};
  if (with_email) j["email"] = r.email;
  return j;
}

ordered_json RegistrationViewJson(const services::RegistrationView& v, const std::string& base) {
  ordered_json j = RegistrationJson(v.registration, v.queue_position, v.networking_queue_position, false);
  j["event"] = {{"id", v.event.id},
                {"number", v.event.number},
                {"theme", v.event.theme},
                {"starts_at", FormatTokyoIso(v.event.starts_at)},
                {"state", domain::CodeIn<domain::EventState>(domain::kEventStateCodes, v.event.state)}};
  j["url"] = fmt::format("{}/registrations/{}", base, v.registration.id);
  return j;
}

ordered_json SlotJson(const domain::ConsultationSlot& s) {
  // booked_by 0: taken by someone this reader may not know.
  const bool booked = s.booked_by.has_value();
  const bool known = booked && *s.booked_by != 0;
  return ordered_json{{"id", s.id},
                      {"event_id", s.event_id},
                      {"vendor_org_id", s.vendor_org_id},
                      {"vendor", s.vendor},
                      {"starts_at", FormatTokyoIso(s.starts_at)},
                      {"ends_at", FormatTokyoIso(s.ends_at)},
                      {"note", s.note},
                      {"booked", booked},
                      {"booked_by", known ? ordered_json(*s.booked_by) : ordered_json(nullptr)},
                      {"topic", known ? ordered_json(s.topic) : ordered_json(nullptr)},
                      {"booked_at", known ? NullIfEmpty(s.booked_at) : ordered_json(nullptr)}};
}

}  // namespace proven::web
