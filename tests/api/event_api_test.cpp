// The collaboration platform's events over the real binary: the admin creates and publishes a
// meeting; people register, fill it, wait, cancel, and the next waiting person moves up (seen
// through GET /api/v1/registrations/{id}); concurrent registrations never exceed the capacity and
// concurrent bookings of one slot have exactly one winner; check-in by code; the .ics read back by
// Python's icalendar; the confirmation mail arriving at a real SMTP server; refusals and field
// errors; the events import.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <regex>
#include <ctime>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "support/smtp_sink.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using nlohmann::json;
using testing::RunProven;

const std::string kAdmin = "operator@demo.proven.example";
const std::string kVendor = "apply@mirai-shield.example";
const std::string kOtherVendor = "apply@kumo-secure.example";
constexpr int kUsers = 12;

std::string User(int i) { return fmt::format("participant{}@events.example.jp", i); }

// An instant `days` from now, in UTC.
std::string At(double days) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days * 86400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:00Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min);
}

class EventApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = new testing::TestDatabase(*dir_, "events.db");
    const std::string db = db_->spec();
    if (RunProven({"migrate", "--db", db}).exit_code != 0) throw std::runtime_error("migrate");
    auto imported = RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db});
    if (imported.exit_code != 0) throw std::runtime_error("import programme: " + imported.err);
    std::vector<testing::SeedUser> users;
    for (int i = 0; i < kUsers; ++i) users.push_back({User(i), "user", ""});
    tokens_ = testing::AddUsersWithTokens(db, users);
    for (const std::string& demo : {kAdmin, kVendor, kOtherVendor}) {
      auto t = RunProven({"token", "create", demo, "--db", db});
      if (t.exit_code != 0) throw std::runtime_error("token create");
      tokens_[demo] = t.out.substr(0, t.out.find('\n'));
    }
    std::vector<std::string> args{"--public-url", "https://proven.example.jp"};
    if (testing::SmtpSink::Available()) {
      sink_ = new testing::SmtpSink(dir_->path() / "sink");
      args.insert(args.end(), {"--smtp-url", fmt::format("smtp://127.0.0.1:{}", sink_->port()), "--smtp-starttls",
                               "off", "--mail-from", "Proven <noreply@proven.example>"});
    }
    server_ = new testing::ServerProcess(db, args);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sink_;
    delete db_;
    delete dir_;
  }
  static httplib::Result Call(const std::string& who, const std::string& method, const std::string& path,
                              const json& body = json::object()) {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    if (!who.empty()) h.emplace("Authorization", "Bearer " + tokens_[who]);
    if (method == "POST") return c.Post(path.c_str(), h, body.dump(), "application/json");
    if (method == "PUT") return c.Put(path.c_str(), h, body.dump(), "application/json");
    return c.Get(path.c_str(), h);
  }
  static json Ok(const httplib::Result& r, int status = 200) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static std::string Parameter(const httplib::Result& r) {
    if (!r) return "";
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j["error"].contains("parameter") ? j["error"]["parameter"].get<std::string>() : "";
  }
  static std::string Key(const httplib::Result& r) {
    if (!r) return "";
    auto j = json::parse(r->body, nullptr, false);
    return j.is_object() && j["error"].contains("key") ? j["error"]["key"].get<std::string>() : "";
  }
  // A meeting whose registration is open now and which starts in `days`.
  static json Meeting(int number, int capacity, int networking, double days = 30) {
    return {{"number", number},
            {"theme", fmt::format("テスト用の会合 {}", number)},
            {"description", "講演と個別相談会"},
            {"starts_at", At(days)},
            {"ends_at", At(days + 0.2)},
            {"venue", "東京都文京区本駒込2-28-8"},
            {"online_url", ""},
            {"talks", {{{"title", "政策の動向"}, {"speaker", "デモ 太郎"}, {"affiliation", "経済産業省（架空）"}}}},
            {"capacity", capacity},
            {"networking_capacity", networking},
            {"registration_opens_at", At(-1)},
            {"registration_closes_at", At(days - 1)}};
  }
  static std::int64_t Published(int number, int capacity, int networking) {
    auto e = Ok(Call(kAdmin, "POST", "/api/v1/events", Meeting(number, capacity, networking)), 201);
    const std::int64_t id = e["id"];
    Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/publish", id)));
    return id;
  }

  static testing::TempDir* dir_;
  static testing::TestDatabase* db_;
  static testing::SmtpSink* sink_;
  static testing::ServerProcess* server_;
  static std::map<std::string, std::string> tokens_;
};
testing::TempDir* EventApi::dir_ = nullptr;
testing::TestDatabase* EventApi::db_ = nullptr;
testing::SmtpSink* EventApi::sink_ = nullptr;
testing::ServerProcess* EventApi::server_ = nullptr;
std::map<std::string, std::string> EventApi::tokens_;

TEST_F(EventApi, RegisterWaitCancelAndTheNextPersonMovesUp) {
  auto created = Ok(Call(kAdmin, "POST", "/api/v1/events", Meeting(101, 2, 1)), 201);
  const std::int64_t id = created["id"];
  EXPECT_EQ(created["state"], "draft");
  EXPECT_EQ(created["seats"]["left"], 2);
  // A draft is the admin's alone.
  EXPECT_EQ(Status(Call("", "GET", fmt::format("/api/v1/events/{}", id))), 404);
  EXPECT_EQ(Status(Call(User(0), "POST", fmt::format("/api/v1/events/{}/registrations", id))), 404);
  auto published = Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/publish", id)));
  EXPECT_EQ(published["state"], "published");
  EXPECT_EQ(published["registration_open"], true);
  EXPECT_EQ(Ok(Call("", "GET", fmt::format("/api/v1/events/{}", id)))["theme"], "テスト用の会合 101");

  const auto path = fmt::format("/api/v1/events/{}/registrations", id);
  auto a = Ok(Call(User(0), "POST", path, {{"networking", true}}), 201);
  EXPECT_EQ(a["status"], "registered");
  EXPECT_EQ(a["networking"], "registered");
  EXPECT_TRUE(a["queue_position"].is_null());
  EXPECT_EQ(a["checkin_code"].get<std::string>().size(), 11u);
  auto b = Ok(Call(User(1), "POST", path, {{"networking", true}}), 201);
  EXPECT_EQ(b["status"], "registered");
  EXPECT_EQ(b["networking"], "waitlisted");
  EXPECT_EQ(b["networking_queue_position"], 1);
  auto c = Ok(Call(User(2), "POST", path, json::object()), 201);
  EXPECT_EQ(c["status"], "waitlisted");
  EXPECT_EQ(c["queue_position"], 1);
  auto d = Ok(Call(User(3), "POST", path, {{"networking", false}}), 201);
  EXPECT_EQ(d["status"], "waitlisted");
  EXPECT_EQ(d["queue_position"], 2);
  auto seats = Ok(Call("", "GET", fmt::format("/api/v1/events/{}", id)))["seats"];
  EXPECT_EQ(seats["registered"], 2);
  EXPECT_EQ(seats["waitlisted"], 2);
  EXPECT_EQ(seats["left"], 0);
  // Once per event; another person's registration does not exist for the caller.
  auto twice = Call(User(0), "POST", path, json::object());
  EXPECT_EQ(Status(twice), 409);
  EXPECT_EQ(Key(twice), "error.event.already_registered");
  EXPECT_EQ(Status(Call(User(1), "GET", fmt::format("/api/v1/registrations/{}", c["id"].get<std::int64_t>()))), 404);
  EXPECT_EQ(Status(Call(User(1), "POST", fmt::format("/api/v1/registrations/{}/cancel", a["id"].get<std::int64_t>()))),
            404);

  // A cancels: C moves up (and D to the front of the queue), B gets A's networking seat.
  auto cancelled = Ok(Call(User(0), "POST", fmt::format("/api/v1/registrations/{}/cancel", a["id"].get<std::int64_t>())));
  EXPECT_EQ(cancelled["status"], "cancelled");
  auto c_now = Ok(Call(User(2), "GET", fmt::format("/api/v1/registrations/{}", c["id"].get<std::int64_t>())));
  EXPECT_EQ(c_now["status"], "registered");
  EXPECT_FALSE(c_now["promoted_at"].is_null());
  EXPECT_TRUE(c_now["queue_position"].is_null());
  auto d_now = Ok(Call(User(3), "GET", fmt::format("/api/v1/registrations/{}", d["id"].get<std::int64_t>())));
  EXPECT_EQ(d_now["status"], "waitlisted");
  EXPECT_EQ(d_now["queue_position"], 1);
  EXPECT_EQ(Ok(Call(User(1), "GET", fmt::format("/api/v1/registrations/{}", b["id"].get<std::int64_t>())))["networking"],
            "registered");
  auto twice_cancelled = Call(User(0), "POST", fmt::format("/api/v1/registrations/{}/cancel", a["id"].get<std::int64_t>()));
  EXPECT_EQ(Status(twice_cancelled), 409);

  // Mine, and the admin's list in queue order with e-mail addresses.
  auto mine = Ok(Call(User(2), "GET", "/api/v1/me/registrations"));
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["items"][0]["event"]["id"], id);
  auto list = Ok(Call(kAdmin, "GET", path));
  ASSERT_EQ(list["total"], 4);
  EXPECT_EQ(list["items"][0]["email"], User(0));
  EXPECT_EQ(list["items"][0]["status"], "cancelled");
  EXPECT_EQ(list["items"][3]["queue_position"], 1);
  EXPECT_EQ(Status(Call(User(2), "GET", path)), 403);

  // Check-in by the code as typed: lower case, no hyphen.
  std::string code = c_now["checkin_code"];
  std::string typed;
  for (char ch : code) {
    if (ch != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  auto checked = Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/checkin", id), {{"code", typed}}));
  EXPECT_EQ(checked["email"], User(2));
  EXPECT_FALSE(checked["attended_at"].is_null());
  auto again = Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/checkin", id), {{"code", code}}));
  EXPECT_EQ(again["attended_at"], checked["attended_at"]) << "the first check-in stands";
  auto waiting = Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/checkin", id), {{"code", d_now["checkin_code"]}});
  EXPECT_EQ(Status(waiting), 409);
  EXPECT_EQ(Key(waiting), "error.registration.no_seat");
  auto unknown = Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/checkin", id), {{"code", "00000-00000"}});
  EXPECT_EQ(Status(unknown), 404);
  EXPECT_EQ(Parameter(unknown), "code");
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/checkin", id), {{"code", "not a code"}})),
            "code");

  // Raising the capacity promotes D; lowering it below the seats taken is refused.
  auto bigger = Meeting(101, 3, 1);
  Ok(Call(kAdmin, "PUT", fmt::format("/api/v1/events/{}", id), bigger));
  EXPECT_EQ(Ok(Call(User(3), "GET", fmt::format("/api/v1/registrations/{}", d["id"].get<std::int64_t>())))["status"],
            "registered");
  auto smaller = Call(kAdmin, "PUT", fmt::format("/api/v1/events/{}", id), Meeting(101, 1, 1));
  EXPECT_EQ(Status(smaller), 409);
  EXPECT_EQ(Parameter(smaller), "capacity");

  // Listed as upcoming, never as past.
  auto upcoming = Ok(Call("", "GET", "/api/v1/events?when=upcoming&per_page=100"));
  bool listed = false;
  for (const auto& e : upcoming["items"]) listed = listed || e["id"] == id;
  EXPECT_TRUE(listed);
  for (const auto& e : Ok(Call("", "GET", "/api/v1/events?when=past&per_page=100"))["items"]) EXPECT_NE(e["id"], id);
}

TEST_F(EventApi, ConcurrentRegistrationsAndCancellationsNeverExceedTheCapacity) {
  constexpr int kCapacity = 4;
  const auto id = Published(102, kCapacity, 0);
  std::vector<std::thread> threads;
  std::vector<json> answers(kUsers);
  for (int i = 0; i < kUsers; ++i) {
    threads.emplace_back([&, i] {
      auto r = Call(User(i), "POST", fmt::format("/api/v1/events/{}/registrations", id), json::object());
      answers[i] = r && r->status == 201 ? json::parse(r->body) : json();
    });
  }
  for (auto& t : threads) t.join();
  int registered = 0, waitlisted = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.is_object()) << "every request answered 201";
    registered += a["status"] == "registered" ? 1 : 0;
    waitlisted += a["status"] == "waitlisted" ? 1 : 0;
  }
  EXPECT_EQ(registered, kCapacity);
  EXPECT_EQ(waitlisted, kUsers - kCapacity);
  // Everyone with a seat cancels at once: each freed seat goes to a different waiting person.
  threads.clear();
  for (int i = 0; i < kUsers; ++i) {
    if (answers[i]["status"] != "registered") continue;
    threads.emplace_back([&, i] {
      Call(User(i), "POST", fmt::format("/api/v1/registrations/{}/cancel", answers[i]["id"].get<std::int64_t>()));
    });
  }
  for (auto& t : threads) t.join();
  auto list = Ok(Call(kAdmin, "GET", fmt::format("/api/v1/events/{}/registrations", id)));
  int seated = 0, cancelled = 0, waiting = 0;
  std::vector<int> positions;
  for (const auto& r : list["items"]) {
    seated += r["status"] == "registered" ? 1 : 0;
    cancelled += r["status"] == "cancelled" ? 1 : 0;
    if (r["status"] == "waitlisted") {
      ++waiting;
      positions.push_back(r["queue_position"]);
    }
  }
  EXPECT_EQ(seated, kCapacity);
  EXPECT_EQ(cancelled, kCapacity);
  EXPECT_EQ(waiting, kUsers - 2 * kCapacity);
  for (std::size_t k = 0; k < positions.size(); ++k) EXPECT_EQ(positions[k], static_cast<int>(k + 1));
  EXPECT_EQ(Ok(Call("", "GET", fmt::format("/api/v1/events/{}", id)))["seats"]["registered"], kCapacity);
}

TEST_F(EventApi, VendorsOfferSlotsAndOneOfConcurrentBookingsWins) {
  const auto id = Published(103, 10, 0);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(Ok(Call(User(i), "POST", fmt::format("/api/v1/events/{}/registrations", id)), 201)["status"],
              "registered");
  }
  const std::string starts = Ok(Call("", "GET", fmt::format("/api/v1/events/{}", id)))["starts_at"];
  auto offer = Ok(Call(kVendor, "POST", fmt::format("/api/v1/events/{}/slots", id),
                       {{"slots",
                         {{{"starts_at", At(30.05)}, {"ends_at", At(30.06)}, {"note", "EDR の導入相談"}},
                          {{"starts_at", At(30.07)}, {"ends_at", At(30.08)}}}}}),
                  201);
  ASSERT_EQ(offer["total"], 2);
  (void)starts;
  const std::int64_t slot = offer["items"][0]["id"];
  // All or none: one slot outside the event refuses both, naming it.
  auto outside = Call(kVendor, "POST", fmt::format("/api/v1/events/{}/slots", id),
                      {{"slots", {{{"starts_at", At(30.09)}, {"ends_at", At(30.1)}}, {{"starts_at", At(31)}, {"ends_at", At(31.01)}}}}});
  EXPECT_EQ(Status(outside), 400);
  EXPECT_EQ(Parameter(outside), "slots[1].starts_at");
  EXPECT_EQ(Ok(Call("", "GET", fmt::format("/api/v1/events/{}/slots", id)))["total"], 2);
  EXPECT_EQ(Parameter(Call(kVendor, "POST", fmt::format("/api/v1/events/{}/slots", id),
                           {{"slots", {{{"starts_at", At(30.09)}, {"ends_at", At(30.1)}}, {{"starts_at", At(30.11)}, {"ends_at", "soon"}}}}})),
            "slots[1].ends_at");
  EXPECT_EQ(Status(Call(User(0), "POST", fmt::format("/api/v1/events/{}/slots", id),
                        {{"starts_at", At(30.05)}, {"ends_at", At(30.06)}})),
            403);

  // Eight participants book one slot at once: exactly one wins.
  std::atomic<int> won{0}, taken{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = Call(User(i), "POST", fmt::format("/api/v1/slots/{}/book", slot), {{"topic", fmt::format("相談 {}", i)}});
      if (Status(r) == 200) ++won;
      if (Status(r) == 409 && Key(r) == "error.slot.taken") ++taken;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(taken.load(), 7);
  // The public sees it taken, not by whom; the vendor sees who.
  auto shown = Ok(Call("", "GET", fmt::format("/api/v1/events/{}/slots", id)))["items"][0];
  EXPECT_EQ(shown["booked"], true);
  EXPECT_TRUE(shown["booked_by"].is_null());
  EXPECT_TRUE(shown["topic"].is_null());
  auto vendor_view = Ok(Call(kVendor, "GET", fmt::format("/api/v1/events/{}/slots", id)))["items"][0];
  EXPECT_FALSE(vendor_view["booked_by"].is_null());
  // A booked slot cannot be removed; another vendor's slot does not exist for it; an unbooked one can.
  EXPECT_EQ(Status(Call(kVendor, "POST", fmt::format("/api/v1/slots/{}/remove", slot))), 409);
  const std::int64_t free_slot = offer["items"][1]["id"];
  EXPECT_EQ(Status(Call(kOtherVendor, "POST", fmt::format("/api/v1/slots/{}/remove", free_slot))), 404);
  EXPECT_EQ(Status(Call(kVendor, "POST", fmt::format("/api/v1/slots/{}/remove", free_slot))), 204);
  EXPECT_EQ(Ok(Call("", "GET", fmt::format("/api/v1/events/{}/slots", id)))["total"], 1);
  // Somebody without a seat cannot book.
  auto no_seat = Call(User(9), "POST", fmt::format("/api/v1/slots/{}/book", slot), json::object());
  EXPECT_EQ(Status(no_seat), 409);
  EXPECT_EQ(Key(no_seat), "error.slot.needs_seat");
}

TEST_F(EventApi, CalendarsAndFeedAreReadByIndependentReaders) {
  if (!testing::ProgramInPath("/usr/bin/python3") ||
      testing::RunCommand({"/usr/bin/python3", "-c", "import icalendar"}).exit_code != 0) {
    GTEST_SKIP() << "python3-icalendar is not installed (make test-deps installs it)";
  }
  const auto id = Published(104, 50, 10);
  const std::string script = R"(
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = []
for ev in cal.walk("VEVENT"):
    out.append({k: str(ev.get(k)) for k in ["UID", "SUMMARY", "LOCATION", "URL", "SEQUENCE", "STATUS"]}
               | {"start": ev.decoded("DTSTART").isoformat(), "end": ev.decoded("DTEND").isoformat()})
print(json.dumps(out, ensure_ascii=False))
)";
  auto read = [&](const std::string& path) {
    auto r = Call("", "GET", path);
    EXPECT_EQ(Status(r), 200);
    EXPECT_TRUE(r && r->get_header_value("Content-Type").starts_with("text/calendar"));
    auto parsed = testing::RunCommand({"/usr/bin/python3", "-c", script}, r ? r->body : "");
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    return json::parse(parsed.out, nullptr, false);
  };
  auto event = Ok(Call("", "GET", fmt::format("/api/v1/events/{}", id)));
  auto one = read(fmt::format("/events/{}.ics", id));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["UID"], fmt::format("event-{}@proven.example.jp", id));
  EXPECT_EQ(one[0]["SUMMARY"], "第104回 テスト用の会合 104");
  EXPECT_EQ(one[0]["LOCATION"], "東京都文京区本駒込2-28-8");
  EXPECT_EQ(one[0]["URL"], fmt::format("https://proven.example.jp/events/{}", id));
  EXPECT_EQ(one[0]["SEQUENCE"], std::to_string(event["sequence"].get<int>()));
  EXPECT_EQ(one[0]["STATUS"], "CONFIRMED");
  EXPECT_EQ(one[0]["start"].get<std::string>().substr(0, 16), At(30).substr(0, 16));
  // Every upcoming event in one calendar, and in the Atom feed.
  bool found = false;
  for (const auto& ev : read("/events.ics")) found = found || ev["UID"] == one[0]["UID"];
  EXPECT_TRUE(found);
  auto feed = Call("", "GET", "/feeds/events.atom");
  ASSERT_EQ(Status(feed), 200);
  EXPECT_NE(feed->body.find(fmt::format("<id>urn:proven:event:{}</id>", id)), std::string::npos);
  EXPECT_NE(feed->body.find(fmt::format("href=\"https://proven.example.jp/events/{}\"", id)), std::string::npos);
  // Cancelled: the same UID, a later SEQUENCE, STATUS:CANCELLED.
  Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/cancel", id)));
  auto after = read(fmt::format("/events/{}.ics", id));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["UID"], one[0]["UID"]);
  EXPECT_GT(std::stoi(after[0]["SEQUENCE"].get<std::string>()), std::stoi(one[0]["SEQUENCE"].get<std::string>()));
  EXPECT_EQ(after[0]["STATUS"], "CANCELLED");
  // A draft has no calendar.
  auto draft = Ok(Call(kAdmin, "POST", "/api/v1/events", Meeting(105, 5, 0)), 201);
  EXPECT_EQ(Status(Call("", "GET", fmt::format("/events/{}.ics", draft["id"].get<std::int64_t>()))), 404);
}

TEST_F(EventApi, TheConfirmationArrivesByMail) {
  if (!sink_) GTEST_SKIP() << "python3-aiosmtpd is not installed (make test-deps installs it)";
  const auto id = Published(106, 1, 0);
  Ok(Call(User(10), "POST", fmt::format("/api/v1/events/{}/registrations?lang=en", id)), 201);
  Ok(Call(User(11), "POST", fmt::format("/api/v1/events/{}/registrations", id)), 201);
  // Other tests send mail too: look for these two among everything that arrived.
  auto find = [&](const std::string& to, const std::string& subject) -> const testing::SmtpSink::Received* {
    static std::vector<testing::SmtpSink::Received> got;
    for (int tries = 0; tries < 40; ++tries) {
      got = sink_->WaitFor(1000, std::chrono::milliseconds(500));
      for (const auto& m : got) {
        if (!m.rcpt_tos.empty() && m.rcpt_tos[0] == to && m.headers.count("Subject") &&
            m.headers.at("Subject").find(subject) != std::string::npos) {
          return &m;
        }
      }
    }
    return nullptr;
  };
  const auto* registered = find(User(10), "You are registered for meeting no. 106");
  ASSERT_NE(registered, nullptr);
  EXPECT_NE(registered->body.find(fmt::format("https://proven.example.jp/events/{}", id)), std::string::npos)
      << registered->body;
  EXPECT_NE(registered->body.find("Check-in code: "), std::string::npos) << registered->body;
  const auto* waitlisted = find(User(11), "第106回");
  ASSERT_NE(waitlisted, nullptr);
  EXPECT_NE(waitlisted->headers.at("Subject").find("キャンセル待ち"), std::string::npos);
}

TEST_F(EventApi, RefusalsAndFieldErrors) {
  // Roles and credentials.
  EXPECT_EQ(Status(Call(User(0), "POST", "/api/v1/events", Meeting(120, 5, 0))), 403);
  EXPECT_EQ(Status(Call(kVendor, "POST", "/api/v1/events", Meeting(120, 5, 0))), 403);
  EXPECT_EQ(Status(Call("", "POST", "/api/v1/events", Meeting(120, 5, 0))), 403) << "the CSRF check first";
  EXPECT_EQ(Status(Call("", "GET", "/api/v1/me/registrations")), 401);
  EXPECT_EQ(Status(Call("", "GET", "/api/v1/registrations/1")), 401);
  EXPECT_EQ(Status(Call(User(0), "GET", "/api/v1/events/1/registrations")), 403);
  EXPECT_EQ(Status(Call(User(0), "POST", "/api/v1/events/1/checkin", {{"code", "00000-00000"}})), 403);
  // Bodies: each error names its JSON path.
  auto bad = Meeting(120, 5, 0);
  bad["talks"] = {{{"title", "a"}}, {{"title", "b"}, {"speaker", 3}}};
  auto r = Call(kAdmin, "POST", "/api/v1/events", bad);
  EXPECT_EQ(Status(r), 400);
  EXPECT_EQ(Parameter(r), "talks[1].speaker");
  bad = Meeting(120, 5, 0);
  bad["talks"] = {{{"title", ""}}};
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "talks[0].title");
  bad = Meeting(120, 0, 0);
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "capacity");
  bad = Meeting(120, 5, 6);
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "networking_capacity");
  bad = Meeting(120, 5, 0);
  bad["colour"] = "red";
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "colour");
  bad = Meeting(120, 5, 0);
  bad["starts_at"] = "next Tuesday";
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "starts_at");
  bad = Meeting(120, 5, 0);
  bad["capacity"] = "5";
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "capacity");
  bad = Meeting(120, 5, 0);
  bad["venue"] = "";
  EXPECT_EQ(Parameter(Call(kAdmin, "POST", "/api/v1/events", bad)), "venue");
  EXPECT_EQ(Status(Call(kAdmin, "POST", "/api/v1/events", json::array())), 400);
  // A number is taken once.
  Ok(Call(kAdmin, "POST", "/api/v1/events", Meeting(121, 5, 0)), 201);
  auto again = Call(kAdmin, "POST", "/api/v1/events", Meeting(121, 5, 0));
  EXPECT_EQ(Status(again), 409);
  EXPECT_EQ(Parameter(again), "number");
  // Registration bodies and list parameters.
  const auto id = Published(122, 5, 0);
  EXPECT_EQ(Parameter(Call(User(0), "POST", fmt::format("/api/v1/events/{}/registrations", id), {{"networking", "yes"}})),
            "networking");
  EXPECT_EQ(Parameter(Call(User(0), "POST", fmt::format("/api/v1/events/{}/registrations", id), {{"seats", 2}})),
            "seats");
  EXPECT_EQ(Parameter(Call("", "GET", "/api/v1/events?when=soon")), "when");
  EXPECT_EQ(Parameter(Call("", "GET", "/api/v1/events?per_page=0")), "per_page");
  EXPECT_EQ(Status(Call("", "GET", "/api/v1/events/999999")), 404);
  // Registration not open yet.
  auto later = Meeting(123, 5, 0);
  later["registration_opens_at"] = At(5);
  const std::int64_t later_id = Ok(Call(kAdmin, "POST", "/api/v1/events", later), 201)["id"];
  Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/publish", later_id)));
  auto not_yet = Call(User(0), "POST", fmt::format("/api/v1/events/{}/registrations", later_id));
  EXPECT_EQ(Status(not_yet), 409);
  EXPECT_EQ(Key(not_yet), "error.event.not_open_yet");
  // Publishing twice; changing a cancelled event.
  EXPECT_EQ(Key(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/publish", later_id))), "error.event.not_draft");
  Ok(Call(kAdmin, "POST", fmt::format("/api/v1/events/{}/cancel", later_id)));
  EXPECT_EQ(Status(Call(kAdmin, "PUT", fmt::format("/api/v1/events/{}", later_id), later)), 409);
}

TEST_F(EventApi, PagesRegisterShowTheQrCodeAndCheckInAtTheDesk) {
  const auto id = Published(130, 1, 1);
  httplib::Client c(server_->host(), server_->port());
  auto as = [&](const std::string& who) { return httplib::Headers{{"Authorization", "Bearer " + tokens_[who]}}; };
  // Register through the page's form.
  auto posted = c.Post(fmt::format("/events/{}/register", id).c_str(), as(User(5)),
                       httplib::Params{{"networking", "1"}});
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 303) << posted->body;
  const std::string location = posted->get_header_value("Location");
  ASSERT_TRUE(location.starts_with("/registrations/")) << location;
  EXPECT_EQ(location.find('?'), std::string::npos) << "no notice in the URL: " << location;
  const std::string reg_path = location;
  auto page = c.Get(reg_path.c_str(), as(User(5)));
  ASSERT_EQ(page->status, 200);
  auto reg = Ok(Call(User(5), "GET", "/api/v1" + reg_path));
  const std::string code = reg["checkin_code"];
  EXPECT_NE(page->body.find("data-testid=\"checkin-code\">" + code + "<"), std::string::npos);
  EXPECT_EQ(Status(c.Get(reg_path.c_str(), as(User(6)))), 404) << "another person's registration";
  // The QR code on the page, decoded by zbar, opens the admin's check-in page for the code.
  const auto svg_at = page->body.find("<svg");
  ASSERT_NE(svg_at, std::string::npos);
  const std::string svg = page->body.substr(svg_at, page->body.find("</svg>", svg_at) - svg_at);
  if (testing::ProgramInPath("zbarimg")) {
    const int side = std::stoi(svg.substr(svg.find("viewBox=\"0 0 ") + 13));
    const int modules = side / 4;
    std::vector<bool> dark(static_cast<std::size_t>(modules * modules), false);
    static const std::regex kRect(R"(M(\d+) (\d+)h(\d+)v4h-\d+z)");
    for (std::sregex_iterator it(svg.begin(), svg.end(), kRect), end; it != end; ++it) {
      const int x = std::stoi((*it)[1]) / 4, y = std::stoi((*it)[2]) / 4, w = std::stoi((*it)[3]) / 4;
      for (int k = 0; k < w; ++k) dark[static_cast<std::size_t>(y * modules + x + k)] = true;
    }
    std::string pbm = fmt::format("P1\n{} {}\n", modules * 5, modules * 5);
    for (int py = 0; py < modules * 5; ++py) {
      for (int px = 0; px < modules * 5; ++px) pbm += dark[static_cast<std::size_t>((py / 5) * modules + px / 5)] ? "1 " : "0 ";
      pbm += '\n';
    }
    testing::TempDir tmp;
    testing::WriteFile(tmp / "qr.pbm", pbm);
    auto decoded = testing::RunCommand({"zbarimg", "--quiet", "--raw", (tmp / "qr.pbm").string()});
    ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
    EXPECT_EQ(decoded.out, fmt::format("https://proven.example.jp/admin/events/{}/checkin?code={}\n", id, code));
  }
  // The lists.
  EXPECT_NE(c.Get("/events")->body.find("第130回"), std::string::npos);
  EXPECT_NE(c.Get(fmt::format("/events/{}?lang=en", id).c_str())->body.find("No. 130"), std::string::npos);
  // Registering twice: the event page again, with the reason.
  auto twice = c.Post(fmt::format("/events/{}/register", id).c_str(), as(User(5)), httplib::Params{{"x", "1"}});
  EXPECT_EQ(twice->status, 409);
  EXPECT_NE(twice->body.find("このイベントにはすでに申し込んでいます"), std::string::npos);
  // The desk: the code as typed finds the person; recording attendance redirects back with a notice.
  std::string typed;
  for (char ch : code) {
    if (ch != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  // A staff phone not signed in yet is sent to sign in, and back to the desk with the code.
  auto anonymous = c.Get(fmt::format("/admin/events/{}/checkin?code={}", id, code).c_str());
  EXPECT_EQ(anonymous->status, 303);
  // (The client library hands the header over percent-decoded; decoding again changes nothing.)
  std::string location_decoded;
  const std::string raw_location = anonymous->get_header_value("Location");
  for (std::size_t i = 0; i < raw_location.size(); ++i) {
    if (raw_location[i] == '%' && i + 2 < raw_location.size()) {
      location_decoded += static_cast<char>(std::stoi(raw_location.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      location_decoded += raw_location[i];
    }
  }
  EXPECT_EQ(location_decoded, fmt::format("/login?next=/admin/events/{}/checkin?code={}", id, code));
  auto desk = c.Get(fmt::format("/admin/events/{}/checkin?code={}", id, typed).c_str(), as(kAdmin));
  ASSERT_EQ(desk->status, 200);
  EXPECT_NE(desk->body.find(User(5)), std::string::npos);
  EXPECT_EQ(Status(c.Get(fmt::format("/admin/events/{}/checkin", id).c_str(), as(User(5)))), 403);
  auto record = c.Post(fmt::format("/admin/events/{}/checkin", id).c_str(), as(kAdmin), httplib::Params{{"code", typed}});
  EXPECT_EQ(record->status, 303);
  EXPECT_FALSE(Ok(Call(User(5), "GET", "/api/v1" + reg_path))["attended_at"].is_null());
  // The admin's form keeps what was typed and names the field.
  auto bad = c.Post("/admin/events", as(kAdmin),
                    httplib::Params{{"number", "131"}, {"theme", "テーマ"}, {"starts_at", "2027-03-01T14:00"},
                                    {"ends_at", "2027-03-01T17:00"}, {"venue", "東京都文京区"}, {"capacity", "abc"},
                                    {"registration_opens_at", "2027-01-01T10:00"},
                                    {"registration_closes_at", "2027-02-28T17:00"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("value=\"abc\""), std::string::npos);
  EXPECT_NE(bad->body.find("定員を 1〜100000 の整数で入力してください"), std::string::npos);
}

TEST(EventImport, AllOrNothingWithTheJsonPath) {
  testing::TempDir dir;
  testing::TestDatabase db(dir, "import.db");
  ASSERT_EQ(RunProven({"migrate", "--db", db}).exit_code, 0);
  ASSERT_EQ(RunProven({"import", "programme", testing::SourcePath("data/demo/programme.json"), "--db", db}).exit_code, 0);
  // The demo file imports.
  auto ok = RunProven({"import", "events", testing::SourcePath("data/demo/events.json"), "--db", db});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("imported 14 events (14 published, 0 cancelled, 12 with head counts), 7 consultation slots"),
            std::string::npos)
      << ok.out;
  // The twelve meetings held, with the figures the platform published, are the statistics.
  {
    testing::ServerProcess server(db);
    httplib::Client c(server.host(), server.port());
    auto stats = json::parse(c.Get("/api/v1/events/statistics")->body);
    ASSERT_EQ(stats["total"], 12);
    EXPECT_EQ(stats["items"][0]["date"], "2018-06-13");
    EXPECT_EQ(stats["items"][0]["participants"], 179);
    EXPECT_EQ(stats["items"][0]["networking"], 99);
    EXPECT_EQ(stats["items"][11]["number"], 16);
    EXPECT_EQ(stats["items"][11]["participants"], 172);
    EXPECT_TRUE(stats["items"][11]["networking"].is_null());
  }
  // Meetings 17 and 18 (upcoming) carry the talks and slots.
  json file = json::parse(testing::ReadFile(testing::SourcePath("data/demo/events.json")));
  std::size_t a = 0, b = 0;
  for (std::size_t i = 0; i < file["events"].size(); ++i) {
    if (file["events"][i]["number"] == 17) a = i;
    if (file["events"][i]["number"] == 18) b = i;
  }
  ASSERT_TRUE(a && b);
  for (auto& e : file["events"]) e["number"] = e["number"].get<int>() + 100;
  // A bad head count: nothing of the file is written.
  file["events"][0]["reported"]["networking"] = 500;
  testing::WriteFile(dir / "bad.json", file.dump());
  auto bad_count = RunProven({"import", "events", (dir / "bad.json").string(), "--db", db});
  EXPECT_EQ(bad_count.exit_code, 2);
  EXPECT_NE(bad_count.err.find("events[0].reported.networking"), std::string::npos) << bad_count.err;
  file["events"][0]["reported"]["networking"] = 99;
  // An event with a bad talk: nothing of the file is written.
  file["events"][b]["talks"][1]["speaker"] = 7;
  testing::WriteFile(dir / "bad.json", file.dump());
  auto bad = RunProven({"import", "events", (dir / "bad.json").string(), "--db", db});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(fmt::format("events[{}].talks[1].speaker", b)), std::string::npos) << bad.err;
  file["events"][b]["talks"][1]["speaker"] = "見本 花子";
  file["events"][a]["slots"][2]["vendor"] = "nobody@example.jp";
  testing::WriteFile(dir / "bad.json", file.dump());
  bad = RunProven({"import", "events", (dir / "bad.json").string(), "--db", db});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(fmt::format("events[{}].slots[2].vendor", a)), std::string::npos) << bad.err;
  // The demo file again: its numbers exist.
  auto twice = RunProven({"import", "events", testing::SourcePath("data/demo/events.json"), "--db", db});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("events[0].number"), std::string::npos) << twice.err;
  // Still only the demo's fourteen events and seven slots.
  testing::ServerProcess server(db);
  httplib::Client c(server.host(), server.port());
  auto list = c.Get("/api/v1/events");
  ASSERT_TRUE(list);
  auto j = json::parse(list->body);
  EXPECT_EQ(j["total"], 14);
  int slots = 0;
  for (const auto& e : j["items"]) {
    auto s = c.Get(fmt::format("/api/v1/events/{}/slots", e["id"].get<std::int64_t>()).c_str());
    slots += json::parse(s->body)["total"].get<int>();
  }
  EXPECT_EQ(slots, 7);
}

}  // namespace
}  // namespace proven
