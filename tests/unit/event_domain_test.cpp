// The collaboration platform's events, pure rules: what an event must be (each problem names its
// field), when registration is open, who gets a seat and who is promoted, and check-in codes.
#include <gtest/gtest.h>

#include <array>

#include "domain/events/event.hpp"

namespace proven {
namespace {

using domain::EventInput;
using domain::Seat;

EventInput Valid() {
  EventInput in;
  in.number = 17;
  in.theme = "クラウドシフトのセキュリティ";
  in.starts_at = "2027-02-25T14:00:00+09:00";
  in.ends_at = "2027-02-25T17:30:00+09:00";
  in.venue = "東京都文京区本駒込 会議室（架空）";
  in.talks = {{"経済産業省の政策動向", "政策 太郎", "経済産業省（架空）"}, {"検証製品の紹介", "", ""}};
  in.capacity = 150;
  in.networking_capacity = 50;
  in.registration_opens_at = "2027-01-20T10:00:00+09:00";
  in.registration_closes_at = "2027-02-20T17:00:00+09:00";
  return in;
}

TEST(EventRules, AValidEventIsCheckedAndEachProblemNamesItsField) {
  auto e = domain::CheckEvent(Valid());
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->number, 17);
  EXPECT_EQ(e->ends_at - e->starts_at, 3 * 3600 + 1800);
  EXPECT_EQ(e->talks.size(), 2u);
  struct Case {
    void (*change)(EventInput&);
    const char* field;
    const char* reason;
  };
  const Case cases[] = {
      {[](EventInput& i) { i.number.reset(); }, "number", "error.event.number"},
      {[](EventInput& i) { i.theme.clear(); }, "theme", "error.field.required"},
      {[](EventInput& i) { i.theme = std::string(201, 'a'); }, "theme", "error.text.too_long"},
      {[](EventInput& i) { i.starts_at = "2027-02-30T14:00:00+09:00"; }, "starts_at", "error.event.time"},
      {[](EventInput& i) { i.ends_at = i.starts_at; }, "ends_at", "error.event.ends_before_start"},
      {[](EventInput& i) { i.venue.clear(); }, "venue", "error.event.no_place"},
      {[](EventInput& i) { i.online_url = "http://meet.example.jp/x"; }, "online_url", "error.event.online_url"},
      {[](EventInput& i) { i.registration_closes_at = "2027-01-01T10:00:00+09:00"; }, "registration_closes_at",
       "error.event.closes_before_opens"},
      {[](EventInput& i) { i.registration_closes_at = "2027-02-25T15:00:00+09:00"; }, "registration_closes_at",
       "error.event.closes_after_start"},
      {[](EventInput& i) { i.capacity = 0; }, "capacity", "error.event.capacity"},
      {[](EventInput& i) { i.networking_capacity = 151; }, "networking_capacity", "error.event.networking_capacity"},
      {[](EventInput& i) { i.talks[1].title.clear(); }, "talks[1].title", "error.field.required"},
      {[](EventInput& i) { i.talks[0].speaker = "a\nb"; }, "talks[0].speaker", "error.text.line_break"},
  };
  for (const auto& c : cases) {
    EventInput in = Valid();
    c.change(in);
    auto r = domain::CheckEvent(in);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_EQ(r.error().reason.key, c.reason) << c.field << ": " << r.error().message;
  }
}

TEST(EventRules, RegistrationIsOpenOnlyInItsPeriodOfAPublishedEvent) {
  auto e = *domain::CheckEvent(Valid());
  e.id = 3;
  const std::int64_t open = e.registration_opens_at, close = e.registration_closes_at;
  EXPECT_EQ(domain::CheckRegistrationOpen(e, open).error().reason.key, "error.event.not_published");
  e.state = domain::EventState::kPublished;
  EXPECT_EQ(domain::CheckRegistrationOpen(e, open - 1).error().reason.key, "error.event.not_open_yet");
  EXPECT_TRUE(domain::CheckRegistrationOpen(e, open));
  EXPECT_TRUE(domain::CheckRegistrationOpen(e, close - 1));
  EXPECT_EQ(domain::CheckRegistrationOpen(e, close).error().reason.key, "error.event.closed");
  EXPECT_EQ(domain::CheckRegistrationOpen(e, e.ends_at).error().reason.key, "error.event.over");
  e.state = domain::EventState::kCancelled;
  EXPECT_EQ(domain::CheckRegistrationOpen(e, open).error().reason.key, "error.event.cancelled");
}

TEST(EventRules, SeatsGoInOrderAndTheOldestWaitingMovesUp) {
  EXPECT_EQ(domain::Allocate(0, 2), Seat::kRegistered);
  EXPECT_EQ(domain::Allocate(1, 2), Seat::kRegistered);
  EXPECT_EQ(domain::Allocate(2, 2), Seat::kWaitlisted);
  const std::vector<domain::Waiting> waiting{{31, 500}, {12, 300}, {40, 300}, {7, 900}};
  EXPECT_EQ(domain::Promote(waiting, 1), (std::vector<std::int64_t>{12}));
  EXPECT_EQ(domain::Promote(waiting, 3), (std::vector<std::int64_t>{12, 40, 31})) << "ties by id";
  EXPECT_EQ(domain::Promote(waiting, 9).size(), 4u) << "never more than are waiting";
  EXPECT_TRUE(domain::Promote(waiting, 0).empty());
}

TEST(EventRules, CheckinCodesAreCrockfordBase32AndForgiveTyping) {
  const std::array<unsigned char, 8> random{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
  const std::string code = domain::CheckinCode(random);
  ASSERT_EQ(code.size(), 11u);
  EXPECT_EQ(code[5], '-');
  EXPECT_EQ(code.find_first_of("ILOU"), std::string::npos);
  EXPECT_EQ(domain::NormaliseCheckinCode(code), code);
  std::string typed = code.substr(0, 5) + code.substr(6);
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(domain::NormaliseCheckinCode(typed), code);
  EXPECT_EQ(domain::NormaliseCheckinCode("oooo0-iiiil"), "00000-11111");
  EXPECT_FALSE(domain::NormaliseCheckinCode("ABCDE-FGHJ"));
  EXPECT_FALSE(domain::NormaliseCheckinCode("ABCDE-FGHJU"));
  EXPECT_NE(domain::CheckinCode(std::array<unsigned char, 7>{1, 2, 3, 4, 5, 6, 7}), code);
}

}  // namespace
}  // namespace proven
