#include "cli/event_import.hpp"

#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "services/account_service.hpp"
#include "services/events/event_service.hpp"
#include "services/events/survey_service.hpp"
#include "store/account_store.hpp"
#include "store/events/event_store.hpp"
#include "store/events/survey_store.hpp"
#include "web/events/event_json.hpp"
#include "web/mail_texts.hpp"

namespace proven::cli {

namespace {

using nlohmann::json;

tl::unexpected<Error> At(const std::string& path, const std::string& message, ErrorCode code = ErrorCode::kInvalidArgument) {
  return Fail(Reason{"error.body.invalid", {{"field", path}}}, code, fmt::format("{}: {}", path, message), {}, path);
}

// An error of a part of the file, its field put under `prefix` ("events[2].").
Error Under(const std::string& prefix, Error e) {
  if (!e.field.starts_with(prefix)) e.field = prefix + e.field;
  e.message = fmt::format("{}: {}", e.field, e.message);
  return e;
}

struct SlotSpec {
  std::string vendor;
  services::SlotInput input;
};

// The head counts of a meeting held (the published statistics' figures).
struct Reported {
  int participants = 0;
  std::optional<int> networking;
};

struct EventSpec {
  domain::EventInput input;
  domain::EventState state = domain::EventState::kPublished;
  std::vector<SlotSpec> slots;
  std::optional<Reported> reported;
};

// {"participants": 179, "networking": 99 | null}
Result<Reported> ReportedFromJson(const json& v, const std::string& at) {
  if (!v.is_object()) return At(at, "must be {\"participants\": N, \"networking\": N or null}");
  Reported r;
  bool has_participants = false;
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.key() != "participants" && it.key() != "networking") return At(at + "." + it.key(), "is not a field here");
    if (it->is_null() && it.key() == "networking") continue;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100000) {
      return At(at + "." + it.key(), "must be a whole number from 0 to 100000");
    }
    if (it.key() == "participants") {
      r.participants = static_cast<int>(it->get<std::int64_t>());
      has_participants = true;
    } else {
      r.networking = static_cast<int>(it->get<std::int64_t>());
    }
  }
  if (!has_participants) return At(at + ".participants", "is required");
  if (auto st = domain::CheckReportedAttendance(r.participants, r.networking); !st) {
    return Fail(Under(at + ".", st.error()));
  }
  return r;
}

}  // namespace

Result<EventImportReport> ImportEvents(store::ConnectionPool& pool, std::string_view json_text) {
  json file = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (file.is_discarded()) return Fail(ErrorCode::kInvalidArgument, "the file is not JSON");
  if (!file.is_object()) return At("$", "must be an object {\"events\": [...]}");
  for (auto it = file.begin(); it != file.end(); ++it) {
    if (it.key() != "events") return At(it.key(), "is not a key of an events file (only \"events\")");
  }
  if (!file.contains("events") || !file["events"].is_array()) return At("events", "must be a list of events");

  // The accounts that offer slots, by e-mail.
  store::AccountStore account_store(pool);
  store::FailureCounts failures(pool);
  services::AccountService accounts(account_store, failures);
  auto users = accounts.ListUsers();
  if (!users) return Fail(users.error());
  std::map<std::string, domain::Actor> actors;
  for (const auto& u : *users) actors[u.email] = u.ToActor();

  store::SqlEventStore store(pool);
  services::EventService events(store, web::CatalogueMailComposer(), "");
  store::SqlSurveyStore survey_store(pool);
  services::SurveyService surveys(survey_store, web::CatalogueMailComposer(), "");
  const domain::Actor admin{0, "cli", {domain::Role::kAdmin}, "", std::nullopt};
  auto existing = events.List(admin);
  if (!existing) return Fail(existing.error());
  std::set<int> numbers;
  for (const auto& v : *existing) numbers.insert(v.event.number);

  // Everything is checked before anything is written.
  std::vector<EventSpec> specs;
  const json& list = file["events"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = fmt::format("events[{}].", i);
    if (!list[i].is_object()) return At(at.substr(0, at.size() - 1), "must be an object");
    EventSpec spec;
    const json* slots = nullptr;
    auto in = web::EventInputFromJson(list[i], at, [&](const std::string& key, const json& v) -> Status {
      if (key == "state") {
        if (!v.is_string()) return At(at + key, "must be draft, published or cancelled");
        auto state = domain::ValueIn<domain::EventState>(domain::kEventStateCodes, v.get<std::string>());
        if (!state) return At(at + key, "must be draft, published or cancelled");
        spec.state = *state;
        return {};
      }
      if (key == "reported") {
        auto r = ReportedFromJson(v, at + key);
        if (!r) return Fail(r.error());
        spec.reported = *r;
        return {};
      }
      if (key == "slots") {
        if (!v.is_array()) return At(at + key, "must be a list of {vendor, starts_at, ends_at, note}");
        slots = &v;
        return {};
      }
      return At(at + key, "is not a field of an event");
    });
    if (!in) return Fail(in.error());
    spec.input = std::move(*in);
    auto checked = domain::CheckEvent(spec.input);
    if (!checked) return Fail(Under(at, checked.error()));
    if (spec.reported && (spec.state != domain::EventState::kPublished || checked->starts_at > Clock::System().NowUnix())) {
      return At(at + "reported", "head counts are for a published meeting that has taken place");
    }
    if (!numbers.insert(checked->number).second) {
      return At(at + "number", fmt::format("meeting no. {} exists already", checked->number), ErrorCode::kAlreadyExists);
    }
    if (slots) {
      if (spec.state == domain::EventState::kDraft && !slots->empty()) {
        return At(at + "slots", "a draft has no slots: vendors offer slots at a published event");
      }
      for (std::size_t k = 0; k < slots->size(); ++k) {
        const json& s = (*slots)[k];
        const std::string sat = fmt::format("{}slots[{}].", at, k);
        if (!s.is_object()) return At(sat.substr(0, sat.size() - 1), "must be an object");
        SlotSpec slot;
        for (auto it = s.begin(); it != s.end(); ++it) {
          std::string* target = it.key() == "vendor"      ? &slot.vendor
                                : it.key() == "starts_at" ? &slot.input.starts_at
                                : it.key() == "ends_at"   ? &slot.input.ends_at
                                : it.key() == "note"      ? &slot.input.note
                                                          : nullptr;
          if (!target) return At(sat + it.key(), "is not a field of a slot");
          if (!it->is_string()) return At(sat + it.key(), "must be a string");
          *target = it->get<std::string>();
        }
        const auto actor = actors.find(slot.vendor);
        if (actor == actors.end() || !actor->second.Has(domain::Role::kVendor) || !actor->second.organisation_id) {
          return At(sat + "vendor", fmt::format("'{}' is not a vendor account with an organisation", slot.vendor));
        }
        for (auto [value, field] : {std::pair{&slot.input.starts_at, "starts_at"}, {&slot.input.ends_at, "ends_at"}}) {
          auto t = ParseIsoInstant(*value);
          if (!t) return At(sat + field, fmt::format("'{}' is not a time such as 2027-02-01T18:00:00+09:00", *value));
          if (*t < checked->starts_at || *t > checked->ends_at) return At(sat + field, "must lie within the event's time");
        }
        spec.slots.push_back(std::move(slot));
      }
    }
    specs.push_back(std::move(spec));
  }

  // Written through the service's rules, each step with its audit entry.
  EventImportReport report;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& spec = specs[i];
    const std::string at = fmt::format("events[{}].", i);
    auto e = events.Create(admin, spec.input);
    if (!e) return Fail(Under(at, e.error()));
    ++report.events;
    if (spec.state == domain::EventState::kDraft) continue;
    if (auto p = events.Publish(admin, e->id); !p) return Fail(Under(at, p.error()));
    ++report.published;
    // Each vendor's slots together, in one transaction.
    std::map<std::string, std::vector<services::SlotInput>> by_vendor;
    for (const auto& s : spec.slots) by_vendor[s.vendor].push_back(s.input);
    for (const auto& [vendor, inputs] : by_vendor) {
      auto offered = events.OfferSlots(actors.at(vendor), e->id, inputs);
      if (!offered) return Fail(Under(at, offered.error()));
      report.slots += static_cast<int>(offered->size());
    }
    if (spec.reported) {
      if (auto r = surveys.ReportAttendance(admin, e->id, spec.reported->participants, spec.reported->networking); !r) {
        return Fail(Under(at + "reported.", r.error()));
      }
      ++report.reported;
    }
    if (spec.state == domain::EventState::kCancelled) {
      if (auto c = events.Cancel(admin, e->id); !c) return Fail(Under(at, c.error()));
      ++report.cancelled;
    }
  }
  return report;
}

}  // namespace proven::cli
