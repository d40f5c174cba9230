#include "domain/events/event.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "core/date.hpp"
#include "domain/limits.hpp"

namespace proven::domain {

namespace {

constexpr TextLimit kThemeLimit{"theme", 200, false};
constexpr TextLimit kDescriptionLimit{"description", 8000, true};
constexpr TextLimit kVenueLimit{"venue", 300, true};
constexpr TextLimit kTalkTitleLimit{"title", 200, false};
constexpr TextLimit kSpeakerLimit{"speaker", 100, false};
constexpr TextLimit kAffiliationLimit{"affiliation", 200, false};
constexpr std::size_t kMaxTalks = 30;
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

tl::unexpected<Error> Invalid(std::string field, std::string reason_key, std::string message,
                              std::vector<std::pair<std::string, std::string>> args = {}) {
  return Fail(Reason{std::move(reason_key), std::move(args)}, ErrorCode::kInvalidArgument, std::move(message), {},
              std::move(field));
}

Status Text(const TextLimit& limit, std::string_view value, const std::string& field) {
  if (auto st = CheckText(limit, value); !st) {
    Error e = st.error();
    e.field = field;
    return Fail(std::move(e));
  }
  return {};
}

Result<std::int64_t> Time(const std::string& value, const std::string& field) {
  if (value.empty()) return Invalid(field, "error.field.required", "is required");
  auto t = ParseIsoInstant(value);
  if (!t) {
    return Invalid(field, "error.event.time", fmt::format("'{}' is not a time such as 2027-02-01T18:00:00+09:00", value),
                   {{"value", value}});
  }
  return *t;
}

}  // namespace

Result<Event> CheckEvent(const EventInput& in) {
  Event e;
  if (!in.number || *in.number < 1 || *in.number > 100000) {
    return Invalid("number", "error.event.number", "must be a whole number from 1 (第1回)");
  }
  e.number = *in.number;
  if (in.theme.empty()) return Invalid("theme", "error.field.required", "is required");
  if (auto st = Text(kThemeLimit, in.theme, "theme"); !st) return Fail(st.error());
  if (auto st = Text(kDescriptionLimit, in.description, "description"); !st) return Fail(st.error());
  if (auto st = Text(kVenueLimit, in.venue, "venue"); !st) return Fail(st.error());
  if (auto st = Text(kUrlLimit, in.online_url, "online_url"); !st) return Fail(st.error());
  if (!in.online_url.empty() && !in.online_url.starts_with("https://")) {
    return Invalid("online_url", "error.event.online_url", "must be an https:// address");
  }
  if (in.venue.empty() && in.online_url.empty()) {
    return Invalid("venue", "error.event.no_place", "give a venue, an online URL, or both");
  }
  e.theme = in.theme;
  e.description = in.description;
  e.venue = in.venue;
  e.online_url = in.online_url;
  auto starts = Time(in.starts_at, "starts_at");
  if (!starts) return Fail(starts.error());
  auto ends = Time(in.ends_at, "ends_at");
  if (!ends) return Fail(ends.error());
  if (*ends <= *starts) return Invalid("ends_at", "error.event.ends_before_start", "must be after starts_at");
  e.starts_at = *starts;
  e.ends_at = *ends;
  auto opens = Time(in.registration_opens_at, "registration_opens_at");
  if (!opens) return Fail(opens.error());
  auto closes = Time(in.registration_closes_at, "registration_closes_at");
  if (!closes) return Fail(closes.error());
  if (*closes <= *opens) {
    return Invalid("registration_closes_at", "error.event.closes_before_opens", "must be after registration_opens_at");
  }
  if (*closes > *starts) {
    return Invalid("registration_closes_at", "error.event.closes_after_start", "must be no later than starts_at");
  }
  e.registration_opens_at = *opens;
  e.registration_closes_at = *closes;
  if (!in.capacity || *in.capacity < 1 || *in.capacity > 100000) {
    return Invalid("capacity", "error.event.capacity", "must be a whole number from 1 to 100000");
  }
  e.capacity = *in.capacity;
  const int networking = in.networking_capacity.value_or(0);
  if (networking < 0 || networking > e.capacity) {
    return Invalid("networking_capacity", "error.event.networking_capacity",
                   fmt::format("must be a whole number from 0 to the capacity ({})", e.capacity),
                   {{"max", std::to_string(e.capacity)}});
  }
  e.networking_capacity = networking;
  if (in.talks.size() > kMaxTalks) {
    return Invalid("talks", "error.event.too_many_talks", fmt::format("at most {} talks", kMaxTalks),
                   {{"max", std::to_string(kMaxTalks)}});
  }
  for (std::size_t i = 0; i < in.talks.size(); ++i) {
    const auto& t = in.talks[i];
    const std::string at = fmt::format("talks[{}].", i);
    if (t.title.empty()) return Invalid(at + "title", "error.field.required", "is required");
    if (auto st = Text(kTalkTitleLimit, t.title, at + "title"); !st) return Fail(st.error());
    if (auto st = Text(kSpeakerLimit, t.speaker, at + "speaker"); !st) return Fail(st.error());
    if (auto st = Text(kAffiliationLimit, t.affiliation, at + "affiliation"); !st) return Fail(st.error());
    e.talks.push_back(t);
  }
  return e;
}

Status CheckRegistrationOpen(const Event& e, std::int64_t now) {
  auto refuse = [&](const char* key, const char* message) {
    return Fail(Reason{key, {{"id", std::to_string(e.id)}}}, ErrorCode::kFailedPrecondition, message);
  };
  if (e.state == EventState::kDraft) return refuse("error.event.not_published", "the event is not published yet");
  if (e.state == EventState::kCancelled) return refuse("error.event.cancelled", "the event was cancelled");
  if (now >= e.ends_at) return refuse("error.event.over", "the event is over");
  if (now < e.registration_opens_at) return refuse("error.event.not_open_yet", "registration has not opened yet");
  if (now >= e.registration_closes_at) return refuse("error.event.closed", "registration has closed");
  return {};
}

std::vector<std::int64_t> Promote(std::vector<Waiting> waiting, int free_seats) {
  std::sort(waiting.begin(), waiting.end(), [](const Waiting& a, const Waiting& b) {
    return a.requested_at != b.requested_at ? a.requested_at < b.requested_at : a.registration_id < b.registration_id;
  });
  std::vector<std::int64_t> out;
  for (const auto& w : waiting) {
    if (static_cast<int>(out.size()) >= free_seats) break;
    out.push_back(w.registration_id);
  }
  return out;
}

std::string CheckinCode(std::span<const unsigned char> random) {
  // 10 symbols × 5 bits = 50 bits from the first 7 bytes.
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < 7 && i < random.size(); ++i) bits = (bits << 8) | random[i];
  std::string out;
  for (int i = 0; i < 10; ++i) {
    if (i == 5) out += '-';
    out += kCrockford[(bits >> (45 - 5 * i)) & 31];
  }
  return out;
}

std::optional<std::string> NormaliseCheckinCode(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (std::string_view(kCrockford).find(u) == std::string_view::npos) return std::nullopt;
    symbols += u;
  }
  if (symbols.size() != 10) return std::nullopt;
  return symbols.substr(0, 5) + "-" + symbols.substr(5);
}

}  // namespace proven::domain
