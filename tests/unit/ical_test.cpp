// iCalendar files (RFC 5545): escaping, folding that never splits a character, and a calendar that
// an independent reader — Python's icalendar package (Debian's python3-icalendar) — parses back
// to the same values.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/ical.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

TEST(Ical, TextIsEscapedAndLongLinesAreFoldedBetweenCharacters) {
  EXPECT_EQ(IcsEscape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
  const std::string summary(60, 'x');
  const std::string jp = "第17回 コラボレーション・プラットフォーム「クラウドシフトのセキュリティ」個別相談会と情報交換会";
  const std::string folded = IcsLine("SUMMARY", IcsEscape(jp));
  std::size_t pos = 0;
  std::string unfolded;
  while (pos < folded.size()) {
    const std::size_t eol = folded.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos);
    const std::string line = folded.substr(pos, eol - pos);
    EXPECT_LE(line.size(), 75u);
    // No line ends inside a UTF-8 sequence: the next line does not start with a continuation byte.
    if (pos > 0) {
      ASSERT_EQ(line[0], ' ');
      EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xc0, 0x80);
      unfolded += line.substr(1);
    } else {
      unfolded += line;
    }
    pos = eol + 2;
  }
  EXPECT_EQ(unfolded, "SUMMARY:" + jp);
}

TEST(Ical, AnIndependentReaderParsesTheCalendarBack) {
  if (!testing::ProgramInPath("/usr/bin/python3") ||
      testing::RunCommand({"/usr/bin/python3", "-c", "import icalendar"}).exit_code != 0) {
    GTEST_SKIP() << "python3-icalendar is not installed (make test-deps installs it)";
  }
  IcsEvent e;
  e.uid = "event-17@proven.example.jp";
  e.dtstamp = 1796000000;
  e.start = 1801472400;  // 2027-02-01T09:00:00Z = 18:00 JST
  e.end = e.start + 3 * 3600;
  e.summary = "第17回 コラボレーション・プラットフォーム「クラウドシフトのセキュリティ」";
  e.description = "講演: 経済産業省の政策動向, 検証基盤の紹介; 個別相談会\n情報交換会（定員 50 名）\\ 以上";
  e.location = "東京都千代田区 （オンライン併用）";
  e.url = "https://proven.example.jp/events/17";
  e.sequence = 2;
  const std::string ics = WriteIcs({e}, "Proven のイベント");
  const std::string script = R"(
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = {"name": str(cal.get("X-WR-CALNAME")), "events": []}
for ev in cal.walk("VEVENT"):
    out["events"].append({k: str(ev.get(k)) for k in ["UID", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "SEQUENCE", "STATUS"]}
                         | {"start": ev.decoded("DTSTART").isoformat(), "end": ev.decoded("DTEND").isoformat()})
print(json.dumps(out, ensure_ascii=False))
)";
  auto r = testing::RunCommand({"/usr/bin/python3", "-c", script}, ics);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["name"], "Proven のイベント");
  ASSERT_EQ(j["events"].size(), 1u);
  const auto& ev = j["events"][0];
  EXPECT_EQ(ev["UID"], e.uid);
  EXPECT_EQ(ev["SUMMARY"], e.summary);
  EXPECT_EQ(ev["DESCRIPTION"], e.description);
  EXPECT_EQ(ev["LOCATION"], e.location);
  EXPECT_EQ(ev["URL"], e.url);
  EXPECT_EQ(ev["SEQUENCE"], "2");
  EXPECT_EQ(ev["STATUS"], "CONFIRMED");
  EXPECT_EQ(ev["start"], "2027-02-01T09:00:00+00:00");
  EXPECT_EQ(ev["end"], "2027-02-01T12:00:00+00:00");
}

}  // namespace
}  // namespace proven
