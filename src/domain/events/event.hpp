#pragma once
// The collaboration platform's events (コラボレーション・プラットフォーム, issue 11): each meeting
// has a number (第N回), a theme, talks, a capacity, a networking session (情報交換会) with its own
// head count, a registration period and consultation slots with vendors (個別相談会). Pure: the
// records, their validation, and the seat rules — who gets a seat, who waits, who is promoted when
// someone cancels — that the store applies inside one write transaction.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/codes.hpp"

namespace proven::domain {

enum class EventState { kDraft, kPublished, kCancelled };
inline constexpr CodeEntry<EventState> kEventStateCodes[] = {
    {EventState::kDraft, "draft"}, {EventState::kPublished, "published"}, {EventState::kCancelled, "cancelled"}};

struct Talk {
  std::string title;
  std::string speaker;
  std::string affiliation;
};

// What the admin writes. Times are ISO 8601 with an offset ("2027-02-01T18:00:00+09:00").
struct EventInput {
  std::optional<int> number;  // 第N回
  std::string theme, description;
  std::string starts_at, ends_at;
  std::string venue;       // the place, or empty when online only
  std::string online_url;  // https://…, or empty when on site only
  std::vector<Talk> talks;
  std::optional<int> capacity;             // seats of the meeting
  std::optional<int> networking_capacity;  // seats of the networking session (0: none)
  std::string registration_opens_at, registration_closes_at;
};

struct Event {
  std::int64_t id = 0;
  int number = 0;
  std::string theme, description;
  std::int64_t starts_at = 0, ends_at = 0;  // unix seconds
  std::string venue, online_url;
  std::vector<Talk> talks;
  int capacity = 0;
  int networking_capacity = 0;
  std::int64_t registration_opens_at = 0, registration_closes_at = 0;
  EventState state = EventState::kDraft;
  int sequence = 0;  // bumped on every change (calendars update the event)
  std::string created_at, updated_at;
};

// The checked event (times parsed), or kInvalidArgument naming the field ("talks[1].speaker",
// "capacity", "registration_closes_at"): required fields, text limits, https URL, ends after
// starts, registration closes after it opens and no later than the start, capacities 1–100000
// and 0–capacity for the networking session.
Result<Event> CheckEvent(const EventInput& in);

// A seat in a pool (the meeting, or its networking session).
enum class Seat { kNone, kRegistered, kWaitlisted, kCancelled };
inline constexpr CodeEntry<Seat> kSeatCodes[] = {{Seat::kNone, "none"},
                                                 {Seat::kRegistered, "registered"},
                                                 {Seat::kWaitlisted, "waitlisted"},
                                                 {Seat::kCancelled, "cancelled"}};

// A person's registration for an event: a seat in the meeting, and one in its networking session
// when asked for (kNone otherwise). A waitlisted seat moves up in request order when one frees.
struct Registration {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::string email;  // the account's, for mail and the admin's lists
  Seat seat = Seat::kRegistered;
  Seat networking = Seat::kNone;
  std::int64_t requested_at = 0;  // unix seconds: the place in the queue
  std::string checkin_code;       // XXXXX-XXXXX (CheckinCode)
  std::string lang = "ja";        // the language the person registered in: their mail is written in it
  std::string created_at, promoted_at, cancelled_at, attended_at;
};

// A vendor's consultation slot (個別相談会) and its booking, if any.
struct ConsultationSlot {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t vendor_org_id = 0;
  std::string vendor;  // the organisation's name
  std::int64_t starts_at = 0, ends_at = 0;
  std::string note;
  std::string created_at;
  // The booking registration; 0 when the slot is booked by someone the reader may not know.
  std::optional<std::int64_t> booked_by;
  std::string topic, booked_at;
};

// Whether someone may register (or cancel) at `now`: kFailedPrecondition with
// error.event.{not_published,cancelled,not_open_yet,closed,over} otherwise.
Status CheckRegistrationOpen(const Event& e, std::int64_t now);

// The seat a new request gets when `taken` of `capacity` seats are held.
inline Seat Allocate(int taken, int capacity) { return taken < capacity ? Seat::kRegistered : Seat::kWaitlisted; }

// Who moves up when seats free: the first `free_seats` of `waiting` (ordered oldest request first,
// ties by id), never more than there are. The store passes the pool's waitlist as it stands inside
// the write transaction that freed the seat, so concurrent cancellations promote distinct people.
struct Waiting {
  std::int64_t registration_id = 0;
  std::int64_t requested_at = 0;
};
std::vector<std::int64_t> Promote(std::vector<Waiting> waiting, int free_seats);

// A participant's check-in code: ten characters of Crockford's base32 (no I, L, O, U), shown as
// XXXXX-XXXXX. `random` supplies at least 7 bytes.
std::string CheckinCode(std::span<const unsigned char> random);
// The code as typed (lower case, with or without the hyphen, O for 0, I and L for 1) in its
// canonical form, or nullopt when it cannot be one.
std::optional<std::string> NormaliseCheckinCode(std::string_view typed);

}  // namespace proven::domain
