#pragma once
// The collaboration platform's events as JSON (docs/api.md, "Events (collaboration platform)"):
// request bodies → the service's inputs (strict: an unknown key or a value of the wrong type is
// kInvalidArgument naming its JSON path), and the service's records → response bodies. Pure.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "services/events/event_service.hpp"

namespace proven::web {

// A JSON object, or kInvalidArgument (error.body.not_an_object).
Result<nlohmann::json> JsonObject(std::string_view body);

// An event's content (POST and PUT /api/v1/events, and each entry of the events import). `at` is
// the path before the keys ("" for a body, "events[2]." in a file); `extra` gets every key an
// event does not have and decides (kInvalidArgument for a key it does not know either).
using ExtraKey = std::function<Status(const std::string& key, const nlohmann::json& value)>;
Result<domain::EventInput> EventInputFromJson(const nlohmann::json& j, const std::string& at, const ExtraKey& extra);
Result<domain::EventInput> EventInputFromBody(std::string_view body);

// {"networking": bool} (optional; false).
Result<bool> RegisterBodyFromJson(std::string_view body);
// {"starts_at", "ends_at", "note"} for one slot, or {"slots": [those]} for several.
Result<std::vector<services::SlotInput>> SlotsFromJson(std::string_view body);
// {"topic": string} (optional) to book a slot.
Result<std::string> TopicFromJson(std::string_view body);
// {"code": string} to check someone in.
Result<std::string> CodeFromJson(std::string_view body);

// An event with its seats; `now` decides registration_open. `base`: the site's address for urls.
nlohmann::ordered_json EventJson(const services::EventView& v, std::int64_t now, const std::string& base);
// A registration as the registrant and the admin see it (`email` for the admin's list only).
nlohmann::ordered_json RegistrationJson(const domain::Registration& r, int queue_position, int networking_position,
                                        bool with_email);
nlohmann::ordered_json RegistrationViewJson(const services::RegistrationView& v, const std::string& base);
nlohmann::ordered_json SlotJson(const domain::ConsultationSlot& s);

}  // namespace proven::web
