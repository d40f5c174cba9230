// The collaboration platform's events through EventService on SQLite and PostgreSQL: seats and
// the waitlist, promotion of the oldest waiting when someone cancels (also for the networking
// session), the mail each step queues in the person's language, check-in by code, capacity
// changes — and under concurrent registrations and cancellations, never more people than seats
// and no one promoted twice.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "services/events/event_service.hpp"
#include "store/account_store.hpp"
#include "store/audit_log.hpp"
#include "store/events/event_store.hpp"
#include "store/mail_outbox.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"
#include "web/mail_texts.hpp"

namespace proven {
namespace {

using domain::Seat;

constexpr std::int64_t kT0 = 1'800'000'000;  // 2027-01-15T08:00:00Z

class EventServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(database_.spec(), true);
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(store::ApplyMigrations(**c));
    auto admin = accounts_.CreateUser("admin@example.jp", "x", std::nullopt, {domain::Role::kAdmin}, "test");
    ASSERT_TRUE(admin);
    admin_ = {*admin, "admin@example.jp", {domain::Role::kAdmin}, "", std::nullopt};
  }

  domain::Actor User(int i) {
    const std::string email = "user" + std::to_string(i) + "@example.jp";
    auto id = accounts_.CreateUser(email, "x", std::nullopt, {domain::Role::kUser}, "test");
    EXPECT_TRUE(id) << id.error().message;
    return {*id, email, {domain::Role::kUser}, "", std::nullopt};
  }

  domain::EventInput Input(int capacity, int networking) {
    domain::EventInput in;
    in.number = 17;
    in.theme = "クラウドシフトのセキュリティ";
    in.starts_at = "2027-02-25T14:00:00+09:00";
    in.ends_at = "2027-02-25T17:30:00+09:00";
    in.venue = "東京都文京区（架空）";
    in.capacity = capacity;
    in.networking_capacity = networking;
    in.registration_opens_at = "2027-01-10T10:00:00+09:00";
    in.registration_closes_at = "2027-02-20T17:00:00+09:00";
    return in;
  }

  std::int64_t Published(int capacity, int networking) {
    auto e = service_.Create(admin_, Input(capacity, networking));
    EXPECT_TRUE(e) << e.error().message;
    EXPECT_TRUE(service_.Publish(admin_, e->id));
    return e->id;
  }

  std::vector<domain::OutboxEntry> Mail() {
    auto all = outbox_.List(std::nullopt, 1000, 0);
    EXPECT_TRUE(all);
    return {all->rbegin(), all->rend()};  // oldest first
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "events.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{kT0};
  store::AccountStore accounts_{pool_, clock_};
  store::SqlEventStore store_{pool_, clock_};
  store::MailOutbox outbox_{pool_, clock_};
  services::EventService service_{store_, web::CatalogueMailComposer(), "https://proven.example.jp", clock_};
  domain::Actor admin_;
};

TEST_F(EventServiceTest, SeatsThenTheWaitlistAndTheOldestWaitingMovesUpWithTheirMail) {
  const auto event = Published(2, 1);
  const auto a = User(1), b = User(2), c = User(3), d = User(4);
  auto ra = service_.Register(a, event, true, "ja");
  clock_.Advance(1);
  auto rb = service_.Register(b, event, true, "en");
  clock_.Advance(1);
  auto rc = service_.Register(c, event, true, "ja");
  clock_.Advance(1);
  auto rd = service_.Register(d, event, false, "ja");
  ASSERT_TRUE(ra && rb && rc && rd);
  EXPECT_EQ(ra->seat, Seat::kRegistered);
  EXPECT_EQ(ra->networking, Seat::kRegistered);
  EXPECT_EQ(rb->seat, Seat::kRegistered);
  EXPECT_EQ(rb->networking, Seat::kWaitlisted) << "the networking session holds one";
  EXPECT_EQ(rc->seat, Seat::kWaitlisted);
  EXPECT_EQ(rd->seat, Seat::kWaitlisted);
  EXPECT_EQ(service_.Register(a, event, false, "ja").error().code, ErrorCode::kAlreadyExists);

  // A cancels: C (the oldest waiting) gets the seat; B gets the networking seat; D still waits.
  ASSERT_TRUE(service_.CancelRegistration(a, ra->id));
  EXPECT_EQ(service_.Registration(c, rc->id)->seat, Seat::kRegistered);
  EXPECT_FALSE(service_.Registration(c, rc->id)->promoted_at.empty());
  EXPECT_EQ(service_.Registration(b, rb->id)->networking, Seat::kRegistered);
  EXPECT_EQ(service_.Registration(d, rd->id)->seat, Seat::kWaitlisted);
  EXPECT_EQ(service_.Registration(c, rc->id)->networking, Seat::kWaitlisted)
      << "C moved up to the meeting; the networking seat went to B, who waited longer";
  auto view = service_.Get(std::nullopt, event);
  EXPECT_EQ(view->seats.registered, 2);
  EXPECT_EQ(view->seats.waitlisted, 1);

  // The mail, each in its person's language.
  const auto mail = Mail();
  std::vector<std::pair<std::string, std::string>> sent;
  for (const auto& m : mail) sent.emplace_back(m.message.kind, m.message.to);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"event.registered", "user1@example.jp"},       {"event.registered", "user2@example.jp"},
      {"event.waitlisted", "user3@example.jp"},       {"event.waitlisted", "user4@example.jp"},
      {"event.registration_cancelled", "user1@example.jp"}, {"event.promoted", "user3@example.jp"},
      {"event.networking_promoted", "user2@example.jp"}};
  EXPECT_EQ(sent, expected);
  EXPECT_EQ(mail[0].message.subject, "【Proven】第17回「クラウドシフトのセキュリティ」のお申し込みを受け付けました");
  EXPECT_NE(mail[0].message.text.find("受付コード: " + ra->checkin_code), std::string::npos);
  EXPECT_NE(mail[0].message.text.find("情報交換会: 参加確定"), std::string::npos) << mail[0].message.text;
  EXPECT_EQ(mail[1].message.lang, "en");
  EXPECT_EQ(mail[1].message.subject, "[Proven] You are registered for meeting no. 17: クラウドシフトのセキュリティ");
  EXPECT_NE(mail[1].message.text.find("Networking session: waitlisted"), std::string::npos) << mail[1].message.text;
  EXPECT_NE(mail[5].message.text.find("https://proven.example.jp/events/" + std::to_string(event)), std::string::npos);
}

TEST_F(EventServiceTest, RegistrationFollowsTheEventsPeriodAndAccess) {
  auto draft = service_.Create(admin_, Input(10, 0));
  ASSERT_TRUE(draft);
  const auto u = User(1);
  EXPECT_EQ(service_.Register(u, draft->id, false, "ja").error().code, ErrorCode::kNotFound) << "a draft is not public";
  EXPECT_EQ(service_.Create(u, Input(10, 0)).error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(service_.Publish(admin_, draft->id));
  EXPECT_EQ(service_.Publish(admin_, draft->id).error().reason.key, "error.event.not_draft");
  clock_.Set(kT0 - 10 * 86400);
  EXPECT_EQ(service_.Register(u, draft->id, false, "ja").error().reason.key, "error.event.not_open_yet");
  clock_.Set(kT0);
  auto r = service_.Register(u, draft->id, false, "ja");
  ASSERT_TRUE(r);
  // Someone else's registration is not theirs to read or cancel.
  const auto other = User(2);
  EXPECT_EQ(service_.Registration(other, r->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_.CancelRegistration(other, r->id).error().code, ErrorCode::kNotFound);
  // Taken up again after a cancellation: at the back of the queue, same code.
  ASSERT_TRUE(service_.CancelRegistration(u, r->id));
  EXPECT_EQ(service_.CancelRegistration(u, r->id).error().reason.key, "error.registration.cancelled");
  clock_.Advance(60);
  auto again = service_.Register(u, draft->id, false, "ja");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, r->id);
  EXPECT_EQ(again->seat, Seat::kRegistered);
  EXPECT_EQ(again->checkin_code, r->checkin_code);
  EXPECT_EQ(again->requested_at, kT0 + 60);
}

TEST_F(EventServiceTest, CheckInByCodeAsTypedOnceAndOnlyWithASeat) {
  const auto event = Published(1, 0);
  const auto a = User(1), b = User(2);
  auto ra = service_.Register(a, event, false, "ja");
  auto rb = service_.Register(b, event, false, "ja");
  ASSERT_TRUE(ra && rb);
  std::string typed = ra->checkin_code;
  typed.erase(5, 1);
  for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto in = service_.CheckIn(admin_, event, typed);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->attended_at, clock_.NowIso());
  clock_.Advance(600);
  EXPECT_EQ(service_.CheckIn(admin_, event, ra->checkin_code)->attended_at, in->attended_at) << "the first time stands";
  EXPECT_EQ(service_.CheckIn(admin_, event, rb->checkin_code).error().reason.key, "error.registration.no_seat");
  EXPECT_EQ(service_.CheckIn(admin_, event, "00000-00000").error().reason.key, "error.registration.unknown_code");
  EXPECT_EQ(service_.CheckIn(admin_, event, "nonsense").error().field, "code");
  EXPECT_EQ(service_.CheckIn(a, event, ra->checkin_code).error().code, ErrorCode::kPermissionDenied);
}

TEST_F(EventServiceTest, CapacityChangesPromoteOrAreRefusedAndACancelledEventTellsEveryone) {
  const auto event = Published(1, 0);
  const auto a = User(1), b = User(2), c = User(3);
  ASSERT_TRUE(service_.Register(a, event, false, "ja"));
  clock_.Advance(1);
  auto rb = service_.Register(b, event, false, "ja");
  clock_.Advance(1);
  auto rc = service_.Register(c, event, false, "en");
  ASSERT_TRUE(rb && rc);
  auto wider = Input(2, 0);
  auto changed = service_.Change(admin_, event, wider);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->sequence, 2) << "published, then changed: calendars update";
  EXPECT_EQ(service_.Registration(b, rb->id)->seat, Seat::kRegistered) << "a raised capacity promotes";
  EXPECT_EQ(service_.Registration(c, rc->id)->seat, Seat::kWaitlisted);
  auto narrower = Input(1, 0);
  auto refused = service_.Change(admin_, event, narrower);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason.key, "error.event.capacity_below_seats");
  EXPECT_EQ(refused.error().field, "capacity");
  ASSERT_TRUE(service_.Cancel(admin_, event));
  int told = 0;
  for (const auto& m : Mail()) told += m.message.kind == "event.cancelled";
  EXPECT_EQ(told, 3) << "registered and waiting alike";
  EXPECT_EQ(service_.Register(User(4), event, false, "ja").error().reason.key, "error.event.cancelled");
}

TEST_F(EventServiceTest, ConcurrentRegistrationsAndCancellationsNeverOverfillAndPromoteEachPersonOnce) {
  const auto event = Published(5, 0);
  constexpr int kPeople = 24;
  std::vector<domain::Actor> people;
  for (int i = 0; i < kPeople; ++i) people.push_back(User(i));
  std::vector<std::int64_t> ids(kPeople);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      store::ConnectionPool pool(database_.spec(), false);
      store::SqlEventStore store(pool, clock_);
      services::EventService service(store, web::CatalogueMailComposer(), "https://proven.example.jp", clock_);
      auto r = service.Register(people[i], event, false, "ja");
      if (!r) {
        ++failures;
        return;
      }
      ids[i] = r->id;
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  ASSERT_EQ(failures.load(), 0);
  auto seats = service_.Get(std::nullopt, event)->seats;
  EXPECT_EQ(seats.registered, 5);
  EXPECT_EQ(seats.waitlisted, kPeople - 5);

  // Everyone who holds a seat cancels at once, and half of those waiting too.
  auto all = service_.Registrations(admin_, event);
  ASSERT_TRUE(all);
  std::vector<domain::Registration> cancelling;
  int waiting_seen = 0;
  for (const auto& r : *all) {
    if (r.seat == Seat::kRegistered || (r.seat == Seat::kWaitlisted && waiting_seen++ % 2 == 1)) cancelling.push_back(r);
  }
  for (const auto& r : cancelling) {
    threads.emplace_back([&, r] {
      store::ConnectionPool pool(database_.spec(), false);
      store::SqlEventStore store(pool, clock_);
      services::EventService service(store, web::CatalogueMailComposer(), "https://proven.example.jp", clock_);
      const auto& who = *std::find_if(people.begin(), people.end(), [&](const auto& p) { return p.user_id == r.user_id; });
      if (!service.CancelRegistration(who, r.id)) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  seats = service_.Get(std::nullopt, event)->seats;
  EXPECT_EQ(seats.registered, 5) << "the freed seats are all filled, and no more";
  const int remaining = kPeople - static_cast<int>(cancelling.size());
  EXPECT_EQ(seats.waitlisted, remaining - 5);
  // The promoted are the oldest of those still waiting, each promoted once (one audit entry each).
  auto conn = pool_.Acquire();
  auto audit = store::ListAudit(**conn, 1'000'000, 10'000);
  ASSERT_TRUE(audit);
  std::map<std::string, int> promotions;
  for (const auto& e : *audit) {
    if (e.action == "registration.promote") ++promotions[e.entity];
  }
  // At least the five seats freed by their holders; more when someone promoted then cancelled.
  EXPECT_GE(promotions.size(), 5u);
  for (const auto& [entity, n] : promotions) EXPECT_EQ(n, 1) << entity << " promoted twice";
  auto after = service_.Registrations(admin_, event);
  std::vector<std::int64_t> still_waiting_requested, promoted_requested;
  for (const auto& r : *after) {
    if (r.seat == Seat::kWaitlisted) still_waiting_requested.push_back(r.requested_at * 1000000 + r.id);
    if (!r.promoted_at.empty() && r.seat == Seat::kRegistered) promoted_requested.push_back(r.requested_at * 1000000 + r.id);
  }
  ASSERT_EQ(promoted_requested.size(), 5u);
  for (auto p : promoted_requested) {
    for (auto w : still_waiting_requested) EXPECT_LT(p, w) << "someone who waited longer was left waiting";
  }
}

TEST_F(EventServiceTest, ASlotIsBookedOnceEvenWhenManyTryAtOnce) {
  const auto event = Published(30, 0);
  auto vendor_org = accounts_.EnsureOrganisation("株式会社ベンダー（架空）", domain::OrgKind::kVendor, "test");
  ASSERT_TRUE(vendor_org);
  auto vendor_id = accounts_.CreateUser("v@example.jp", "x", vendor_org->id, {domain::Role::kVendor}, "test");
  ASSERT_TRUE(vendor_id);
  const domain::Actor vendor{*vendor_id, "v@example.jp", {domain::Role::kVendor}, vendor_org->name, vendor_org->id};
  EXPECT_EQ(service_.OfferSlot(vendor, event, "2027-02-25T13:00:00+09:00", "2027-02-25T13:30:00+09:00", "").error().reason.key,
            "error.slot.outside_event");
  EXPECT_EQ(service_.OfferSlot(User(99), event, "2027-02-25T15:00:00+09:00", "2027-02-25T15:30:00+09:00", "").error().code,
            ErrorCode::kPermissionDenied);
  auto slot = service_.OfferSlot(vendor, event, "2027-02-25T15:00:00+09:00", "2027-02-25T15:30:00+09:00", "導入相談");
  ASSERT_TRUE(slot) << slot.error().message;
  auto same = service_.OfferSlot(vendor, event, "2027-02-25T15:00:00+09:00", "2027-02-25T15:20:00+09:00", "");
  EXPECT_EQ(same.error().reason.key, "error.slot.exists");

  constexpr int kPeople = 12;
  std::vector<domain::Actor> people;
  for (int i = 0; i < kPeople; ++i) {
    people.push_back(User(i));
    ASSERT_TRUE(service_.Register(people.back(), event, false, "ja"));
  }
  const auto outsider = User(50);
  EXPECT_EQ(service_.Book(outsider, slot->id, "").error().reason.key, "error.slot.needs_seat");
  std::atomic<int> booked{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      store::ConnectionPool pool(database_.spec(), false);
      store::SqlEventStore store(pool, clock_);
      services::EventService service(store, web::CatalogueMailComposer(), "https://proven.example.jp", clock_);
      auto r = service.Book(people[i], slot->id, "EDR の導入について");
      if (r) {
        ++booked;
      } else if (r.error().code == ErrorCode::kAlreadyExists && r.error().reason.key == "error.slot.taken") {
        ++taken;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(booked.load(), 1);
  EXPECT_EQ(taken.load(), kPeople - 1);
  EXPECT_EQ(other.load(), 0);
  // Who booked is seen by that person, the vendor and the admin; others see the slot as taken.
  auto as_vendor = service_.Slots(vendor, event);
  ASSERT_TRUE(as_vendor);
  ASSERT_TRUE((*as_vendor)[0].booked_by);
  EXPECT_GT(*(*as_vendor)[0].booked_by, 0);
  EXPECT_EQ((*as_vendor)[0].topic, "EDR の導入について");
  auto as_public = service_.Slots(std::nullopt, event);
  EXPECT_EQ((*as_public)[0].booked_by, std::optional<std::int64_t>(0));
  EXPECT_TRUE((*as_public)[0].topic.empty());
  EXPECT_EQ(service_.RemoveSlot(vendor, slot->id).error().reason.key, "error.slot.booked");
  // The booker cancels; the slot is free again and can be removed.
  auto bookers = service_.Registrations(admin_, event);
  const auto booker = std::find_if(bookers->begin(), bookers->end(),
                                   [&](const auto& r) { return r.id == *(*as_vendor)[0].booked_by; });
  ASSERT_NE(booker, bookers->end());
  const auto& who = *std::find_if(people.begin(), people.end(), [&](const auto& p) { return p.user_id == booker->user_id; });
  EXPECT_EQ(service_.CancelBooking(people[0].user_id == who.user_id ? people[1] : people[0], slot->id).error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(service_.CancelBooking(who, slot->id));
  EXPECT_FALSE((*service_.Slots(std::nullopt, event))[0].booked_by);
  EXPECT_TRUE(service_.RemoveSlot(vendor, slot->id));
}

}  // namespace
}  // namespace proven

namespace proven {
namespace {

// Added with the events' HTTP layer: a cancelled registration's bookings lapse, the queue
// positions a registrant sees, and several slots offered at once, all or none.
TEST_F(EventServiceTest, CancellingFreesBookedSlotsAndTheQueueShowsEachPlace) {
  const auto event = Published(1, 1);
  auto vendor_org = accounts_.EnsureOrganisation("株式会社ベンダー（架空）", domain::OrgKind::kVendor, "test");
  ASSERT_TRUE(vendor_org);
  auto vendor_id = accounts_.CreateUser("v@example.jp", "x", vendor_org->id, {domain::Role::kVendor}, "test");
  ASSERT_TRUE(vendor_id);
  const domain::Actor vendor{*vendor_id, "v@example.jp", {domain::Role::kVendor}, vendor_org->name, vendor_org->id};
  // One bad slot among several: none is added, and the error names it.
  auto bad = service_.OfferSlots(vendor, event,
                                 {{"2027-02-25T15:00:00+09:00", "2027-02-25T15:20:00+09:00", ""},
                                  {"2027-02-25T15:30:00+09:00", "2027-02-25T18:00:00+09:00", ""}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "slots[1].starts_at");
  EXPECT_TRUE(service_.Slots(std::nullopt, event)->empty());
  EXPECT_EQ(service_.OfferSlots(vendor, event, {{"2027-02-25T15:00:00+09:00", "soon", ""}}).error().field,
            "slots[0].ends_at");
  auto slots = service_.OfferSlots(vendor, event,
                                   {{"2027-02-25T15:00:00+09:00", "2027-02-25T15:20:00+09:00", "a"},
                                    {"2027-02-25T15:30:00+09:00", "2027-02-25T15:50:00+09:00", "b"}});
  ASSERT_TRUE(slots) << slots.error().message;
  ASSERT_EQ(slots->size(), 2u);

  const auto a = User(1), b = User(2), c = User(3);
  auto ra = service_.Register(a, event, true, "ja");
  auto rb = service_.Register(b, event, true, "ja");
  auto rc = service_.Register(c, event, false, "en");
  ASSERT_TRUE(ra && rb && rc);
  ASSERT_TRUE(service_.Book(a, (*slots)[0].id, "相談"));
  auto vb = service_.ViewRegistration(b, rb->id);
  ASSERT_TRUE(vb);
  EXPECT_EQ(vb->queue_position, 1);
  EXPECT_EQ(vb->networking_queue_position, 0) << "waiting for the meeting first";
  EXPECT_EQ(vb->event.id, event);
  EXPECT_EQ(service_.ViewRegistration(b, rc->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_.ViewRegistration(c, rc->id)->queue_position, 2);

  ASSERT_TRUE(service_.CancelRegistration(a, ra->id));
  auto now_slots = service_.Slots(std::nullopt, event);
  ASSERT_TRUE(now_slots);
  EXPECT_FALSE((*now_slots)[0].booked_by) << "A's booking lapsed with the registration";
  vb = service_.ViewRegistration(b, rb->id);
  EXPECT_EQ(vb->registration.seat, Seat::kRegistered);
  EXPECT_EQ(vb->registration.networking, Seat::kRegistered);
  EXPECT_EQ(vb->queue_position, 0);
  EXPECT_EQ(service_.ViewRegistration(c, rc->id)->queue_position, 1);
  // B, promoted, books the freed slot.
  EXPECT_TRUE(service_.Book(b, (*slots)[0].id, ""));
}

}  // namespace
}  // namespace proven
