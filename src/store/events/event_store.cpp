#include "store/events/event_store.hpp"

#include <fmt/core.h>

#include "domain/codes.hpp"
#include "store/mail_outbox.hpp"
#include "store/statement_cache.hpp"

namespace proven::store {
namespace {

constexpr std::string_view kEventColumns =
    "id, number, theme, description, starts_at, ends_at, venue, online_url, capacity, networking_capacity, "
    "registration_opens_at, registration_closes_at, state, sequence, created_at, updated_at";
constexpr std::string_view kRegistrationColumns =
    "r.id, r.event_id, r.user_id, u.email, r.seat, r.networking, r.requested_at, r.checkin_code, r.created_at, "
    "COALESCE(r.promoted_at, ''), COALESCE(r.cancelled_at, ''), COALESCE(r.attended_at, ''), r.lang";
constexpr std::string_view kRegistrationFrom = "event_registrations r JOIN users u ON u.id = r.user_id";
constexpr std::string_view kSlotColumns =
    "s.id, s.event_id, s.vendor_org_id, o.name, s.starts_at, s.ends_at, s.note, s.created_at, b.registration_id, "
    "COALESCE(b.topic, ''), COALESCE(b.booked_at, '')";
constexpr std::string_view kSlotFrom =
    "consultation_slots s JOIN organisations o ON o.id = s.vendor_org_id LEFT JOIN slot_bookings b ON b.slot_id = s.id";

Error Corrupt(std::string_view what, std::int64_t id) {
  return MakeError(ErrorCode::kInternal, "stored event data is corrupt", fmt::format("{} {}", what, id));
}

void BindTextOrNull(Statement& st, int index, const std::string& text) {
  if (!text.empty()) st.Bind(index, text);
}

std::string SeatCode(domain::Seat s) { return std::string(domain::CodeIn<domain::Seat>(domain::kSeatCodes, s)); }

class SqlEventWriter final : public EventWriter {
 public:
  SqlEventWriter(Connection& c, const Clock& clock)
      : c_(c), clock_(clock), statements_(c), now_(clock.NowIso()), now_unix_(clock.NowUnix()) {}

  const std::string& Now() const override { return now_; }
  std::int64_t NowUnix() const override { return now_unix_; }

  Result<std::vector<domain::Event>> Events(bool with_drafts) override {
    auto st = Cached(fmt::format("SELECT {} FROM events {} ORDER BY starts_at DESC, id DESC", kEventColumns,
                                 with_drafts ? "" : "WHERE state <> 'draft'"));
    if (!st) return Fail(st.error());
    std::vector<domain::Event> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto e = ReadEvent(s);
          if (!e) return Fail(e.error());
          out.push_back(std::move(*e));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    for (auto& e : out) {
      if (auto st2 = LoadTalks(e); !st2) return Fail(st2.error());
    }
    return out;
  }

  Result<std::optional<domain::Event>> FindEvent(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM events WHERE id = ?", kEventColumns));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    auto e = One<domain::Event>(**st, [&](const Statement& s) { return ReadEvent(s); });
    if (!e || !*e) return e;
    if (auto done = LoadTalks(**e); !done) return Fail(done.error());
    return e;
  }

  Result<std::vector<domain::Registration>> Registrations(std::int64_t event_id) override {
    return RegistrationsWhere("r.event_id = ?", event_id, "r.requested_at, r.id");
  }
  Result<std::optional<domain::Registration>> FindRegistration(std::int64_t id) override {
    return OneRegistration("r.id = ?", id, std::nullopt);
  }
  Result<std::optional<domain::Registration>> RegistrationOf(std::int64_t event_id, std::int64_t user_id) override {
    return OneRegistration("r.event_id = ? AND r.user_id = ?", event_id, user_id);
  }
  Result<std::optional<domain::Registration>> RegistrationByCode(std::int64_t event_id, const std::string& code) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE r.event_id = ? AND r.checkin_code = ?", kRegistrationColumns,
                                 kRegistrationFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id).Bind(2, code);
    return One<domain::Registration>(**st, [&](const Statement& s) { return ReadRegistration(s); });
  }
  Result<std::vector<domain::Registration>> RegistrationsOfUser(std::int64_t user_id) override {
    return RegistrationsWhere("r.user_id = ?", user_id, "r.created_at DESC, r.id DESC");
  }

  Result<SeatCounts> Seats(std::int64_t event_id) override {
    auto st = Cached(
        "SELECT "
        "COALESCE(SUM(CASE WHEN seat = 'registered' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN seat = 'waitlisted' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN networking = 'registered' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN networking = 'waitlisted' THEN 1 ELSE 0 END), 0) "
        "FROM event_registrations WHERE event_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id);
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    SeatCounts c;
    if (*row) {
      c.registered = static_cast<int>((*st)->Int(0));
      c.waitlisted = static_cast<int>((*st)->Int(1));
      c.networking_registered = static_cast<int>((*st)->Int(2));
      c.networking_waitlisted = static_cast<int>((*st)->Int(3));
    }
    return c;
  }

  Result<std::vector<domain::ConsultationSlot>> Slots(std::int64_t event_id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE s.event_id = ? ORDER BY s.starts_at, o.name, s.id",
                                 kSlotColumns, kSlotFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, event_id);
    std::vector<domain::ConsultationSlot> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          out.push_back(ReadSlot(s));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<domain::ConsultationSlot>> FindSlot(std::int64_t id) override {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE s.id = ?", kSlotColumns, kSlotFrom));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return One<domain::ConsultationSlot>(**st, [&](const Statement& s) -> Result<domain::ConsultationSlot> {
      return ReadSlot(s);
    });
  }

  Result<std::int64_t> InsertEvent(const domain::Event& e) override {
    auto st = Cached(
        "INSERT INTO events (number, theme, description, starts_at, ends_at, venue, online_url, capacity, "
        "networking_capacity, registration_opens_at, registration_closes_at, state, sequence, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    BindEvent(**st, e);
    (*st)->Bind(13, now_).Bind(14, now_);
    auto id = RunReturningId(**st);
    if (!id) {
      if (id.error().code == ErrorCode::kAlreadyExists) {
        return Fail(Reason{"error.event.number_taken", {{"number", std::to_string(e.number)}}},
                    ErrorCode::kAlreadyExists, fmt::format("第{}回 exists already", e.number), {}, "number");
      }
      return id;
    }
    if (auto done = WriteTalks(*id, e.talks); !done) return Fail(done.error());
    return id;
  }

  Status UpdateEvent(const domain::Event& e) override {
    auto st = Cached(
        "UPDATE events SET number = ?, theme = ?, description = ?, starts_at = ?, ends_at = ?, venue = ?, "
        "online_url = ?, capacity = ?, networking_capacity = ?, registration_opens_at = ?, "
        "registration_closes_at = ?, state = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    BindEvent(**st, e);
    (*st)->Bind(13, now_).Bind(14, e.id);
    if (auto done = RunChanging(**st, fmt::format("there is no event {}", e.id)); !done) {
      if (done.error().code == ErrorCode::kAlreadyExists) {
        return Fail(Reason{"error.event.number_taken", {{"number", std::to_string(e.number)}}},
                    ErrorCode::kAlreadyExists, fmt::format("第{}回 exists already", e.number), {}, "number");
      }
      return done;
    }
    auto del = Cached("DELETE FROM event_talks WHERE event_id = ?");
    if (!del) return Fail(del.error());
    (*del)->Bind(1, e.id);
    if (auto done = (*del)->Run(); !done) return done;
    return WriteTalks(e.id, e.talks);
  }

  Result<std::int64_t> InsertRegistration(const domain::Registration& r) override {
    auto st = Cached(
        "INSERT INTO event_registrations (event_id, user_id, seat, networking, requested_at, checkin_code, lang, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, r.event_id).Bind(2, r.user_id).Bind(3, SeatCode(r.seat)).Bind(4, SeatCode(r.networking));
    (*st)->Bind(5, r.requested_at).Bind(6, r.checkin_code).Bind(7, r.lang).Bind(8, now_);
    return RunReturningId(**st);
  }

  Status UpdateRegistration(const domain::Registration& r) override {
    auto st = Cached(
        "UPDATE event_registrations SET seat = ?, networking = ?, requested_at = ?, promoted_at = ?, "
        "cancelled_at = ?, attended_at = ?, lang = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, SeatCode(r.seat)).Bind(2, SeatCode(r.networking)).Bind(3, r.requested_at);
    BindTextOrNull(**st, 4, r.promoted_at);
    BindTextOrNull(**st, 5, r.cancelled_at);
    BindTextOrNull(**st, 6, r.attended_at);
    (*st)->Bind(7, r.lang).Bind(8, r.id);
    return RunChanging(**st, fmt::format("there is no registration {}", r.id));
  }

  Result<std::int64_t> InsertSlot(const domain::ConsultationSlot& s) override {
    auto st = Cached(
        "INSERT INTO consultation_slots (event_id, vendor_org_id, starts_at, ends_at, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, s.event_id).Bind(2, s.vendor_org_id).Bind(3, s.starts_at).Bind(4, s.ends_at).Bind(5, s.note);
    (*st)->Bind(6, now_);
    auto id = RunReturningId(**st);
    if (!id && id.error().code == ErrorCode::kAlreadyExists) {
      return Fail(Reason{"error.slot.exists", {}}, ErrorCode::kAlreadyExists,
                  "this vendor already offers a slot starting then", {}, "starts_at");
    }
    return id;
  }

  Status DeleteSlot(std::int64_t id) override {
    auto slot = FindSlot(id);
    if (!slot) return Fail(slot.error());
    if (!*slot) return Fail(ErrorCode::kNotFound, fmt::format("there is no slot {}", id));
    if ((*slot)->booked_by) {
      return Fail(Reason{"error.slot.booked", {}}, ErrorCode::kFailedPrecondition, "the slot is booked");
    }
    auto st = Cached("DELETE FROM consultation_slots WHERE id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, id);
    return (*st)->Run();
  }

  Status Book(std::int64_t slot_id, std::int64_t registration_id, const std::string& topic) override {
    auto st = Cached("INSERT INTO slot_bookings (slot_id, registration_id, topic, booked_at) VALUES (?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, slot_id).Bind(2, registration_id).Bind(3, topic).Bind(4, now_);
    if (auto done = (*st)->Run(); !done) {
      if (done.error().code == ErrorCode::kAlreadyExists) {
        return Fail(Reason{"error.slot.taken", {}}, ErrorCode::kAlreadyExists, "the slot is booked already");
      }
      return done;
    }
    return {};
  }

  Status Unbook(std::int64_t slot_id) override {
    auto st = Cached("DELETE FROM slot_bookings WHERE slot_id = ?");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, slot_id);
    return RunChanging(**st, fmt::format("slot {} is not booked", slot_id));
  }

  Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) override { return store::EnqueueMail(c_, m, clock_); }
  Status Audit(AuditEntry entry) override { return AppendAudit(c_, std::move(entry), clock_); }

 private:
  Result<Statement*> Cached(std::string_view sql) { return statements_.Get(sql); }

  static void BindEvent(Statement& st, const domain::Event& e) {
    st.Bind(1, static_cast<std::int64_t>(e.number)).Bind(2, e.theme).Bind(3, e.description).Bind(4, e.starts_at);
    st.Bind(5, e.ends_at).Bind(6, e.venue).Bind(7, e.online_url).Bind(8, static_cast<std::int64_t>(e.capacity));
    st.Bind(9, static_cast<std::int64_t>(e.networking_capacity)).Bind(10, e.registration_opens_at);
    st.Bind(11, e.registration_closes_at);
    st.Bind(12, domain::CodeIn<domain::EventState>(domain::kEventStateCodes, e.state));
  }

  static Result<domain::Event> ReadEvent(const Statement& s) {
    domain::Event e;
    e.id = s.Int(0);
    e.number = static_cast<int>(s.Int(1));
    e.theme = s.Text(2);
    e.description = s.Text(3);
    e.starts_at = s.Int(4);
    e.ends_at = s.Int(5);
    e.venue = s.Text(6);
    e.online_url = s.Text(7);
    e.capacity = static_cast<int>(s.Int(8));
    e.networking_capacity = static_cast<int>(s.Int(9));
    e.registration_opens_at = s.Int(10);
    e.registration_closes_at = s.Int(11);
    auto state = domain::ValueIn<domain::EventState>(domain::kEventStateCodes, s.Text(12));
    if (!state) return tl::unexpected<Error>(Corrupt("event state of", e.id));
    e.state = *state;
    e.sequence = static_cast<int>(s.Int(13));
    e.created_at = s.Text(14);
    e.updated_at = s.Text(15);
    return e;
  }

  Status LoadTalks(domain::Event& e) {
    auto st = Cached("SELECT title, speaker, affiliation FROM event_talks WHERE event_id = ? ORDER BY position");
    if (!st) return Fail(st.error());
    (*st)->Bind(1, e.id);
    e.talks.clear();
    return Rows(**st, [&](const Statement& s) -> Status {
      e.talks.push_back({s.Text(0), s.Text(1), s.Text(2)});
      return {};
    });
  }

  Status WriteTalks(std::int64_t event_id, const std::vector<domain::Talk>& talks) {
    auto st = Cached("INSERT INTO event_talks (event_id, position, title, speaker, affiliation) VALUES (?, ?, ?, ?, ?)");
    if (!st) return Fail(st.error());
    for (std::size_t i = 0; i < talks.size(); ++i) {
      (*st)->Reset();
      (*st)->Bind(1, event_id).Bind(2, static_cast<std::int64_t>(i)).Bind(3, talks[i].title);
      (*st)->Bind(4, talks[i].speaker).Bind(5, talks[i].affiliation);
      if (auto done = (*st)->Run(); !done) return done;
    }
    return {};
  }

  static Result<domain::Registration> ReadRegistration(const Statement& s) {
    domain::Registration r;
    r.id = s.Int(0);
    r.event_id = s.Int(1);
    r.user_id = s.Int(2);
    r.email = s.Text(3);
    auto seat = domain::ValueIn<domain::Seat>(domain::kSeatCodes, s.Text(4));
    auto networking = domain::ValueIn<domain::Seat>(domain::kSeatCodes, s.Text(5));
    if (!seat || !networking) return tl::unexpected<Error>(Corrupt("registration", r.id));
    r.seat = *seat;
    r.networking = *networking;
    r.requested_at = s.Int(6);
    r.checkin_code = s.Text(7);
    r.created_at = s.Text(8);
    r.promoted_at = s.Text(9);
    r.cancelled_at = s.Text(10);
    r.attended_at = s.Text(11);
    r.lang = s.Text(12);
    return r;
  }

  Result<std::vector<domain::Registration>> RegistrationsWhere(std::string_view where, std::int64_t value,
                                                               std::string_view order) {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", kRegistrationColumns, kRegistrationFrom,
                                 where, order));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, value);
    std::vector<domain::Registration> out;
    if (auto done = Rows(**st, [&](const Statement& s) -> Status {
          auto r = ReadRegistration(s);
          if (!r) return Fail(r.error());
          out.push_back(std::move(*r));
          return {};
        });
        !done) {
      return Fail(done.error());
    }
    return out;
  }

  Result<std::optional<domain::Registration>> OneRegistration(std::string_view where, std::int64_t a,
                                                              std::optional<std::int64_t> b) {
    auto st = Cached(fmt::format("SELECT {} FROM {} WHERE {}", kRegistrationColumns, kRegistrationFrom, where));
    if (!st) return Fail(st.error());
    (*st)->Bind(1, a);
    if (b) (*st)->Bind(2, *b);
    return One<domain::Registration>(**st, [&](const Statement& s) { return ReadRegistration(s); });
  }

  static domain::ConsultationSlot ReadSlot(const Statement& s) {
    domain::ConsultationSlot slot;
    slot.id = s.Int(0);
    slot.event_id = s.Int(1);
    slot.vendor_org_id = s.Int(2);
    slot.vendor = s.Text(3);
    slot.starts_at = s.Int(4);
    slot.ends_at = s.Int(5);
    slot.note = s.Text(6);
    slot.created_at = s.Text(7);
    if (!s.IsNull(8)) slot.booked_by = s.Int(8);
    slot.topic = s.Text(9);
    slot.booked_at = s.Text(10);
    return slot;
  }

  Connection& c_;
  const Clock& clock_;
  StatementCache statements_;
  std::string now_;
  std::int64_t now_unix_;
};

}  // namespace

std::unique_ptr<EventWriter> OpenEventWriter(Connection& c, const Clock& clock) {
  return std::make_unique<SqlEventWriter>(c, clock);
}

Status SqlEventStore::Write(const std::function<Status(EventWriter&)>& body) {
  return InWriteTransaction<SqlEventWriter>(pool_, clock_, body);
}

Status SqlEventStore::Read(const std::function<Status(EventReader&)>& body) {
  return InReadTransaction<SqlEventWriter>(pool_, clock_, body);
}

}  // namespace proven::store
