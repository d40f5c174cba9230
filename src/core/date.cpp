#include "core/date.hpp"

#include <array>
#include <chrono>

#include <fmt/core.h>

#include "core/normalize.hpp"
#include "core/scan.hpp"
#include "core/text.hpp"

namespace proven {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

struct Era {
  std::string_view name;
  char letter;
  Date first;
  std::optional<Date> last;
};

const std::array<Era, 3> kEras{{
    {"令和", 'R', {2019, 5, 1}, std::nullopt},
    {"平成", 'H', {1989, 1, 8}, Date{2019, 4, 30}},
    {"昭和", 'S', {1926, 12, 25}, Date{1989, 1, 7}},
}};

Result<Date> FromEra(const Era& era, int era_year, int m, int d, std::string_view original) {
  if (era_year < 1) {
    return Fail(Reason{"error.date.no_such_era_year",
                       {{"value", std::string(original)}, {"era", std::string(era.name)}, {"year", std::to_string(era_year)}}},
                ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a date: {} has no year {}", original, era.name, era_year));
  }
  auto date = Date::FromYmd(era.first.year + era_year - 1, m, d);
  if (!date) {
    return Fail(Reason{"error.date.does_not_exist", {{"value", std::string(original)}}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a date that exists", original));
  }
  if (*date < era.first || (era.last && *date > *era.last)) {
    MessageArgs args{{"value", std::string(original)}, {"era", std::string(era.name)}, {"first", era.first.ToIso()}};
    if (era.last) args.emplace_back("last", era.last->ToIso());
    return Fail(Reason{era.last ? "error.date.outside_era" : "error.date.outside_current_era", std::move(args)},
                ErrorCode::kInvalidArgument,
                fmt::format("'{}' is outside the {} era ({} to {})", original, era.name,
                            era.first.ToIso(), era.last ? era.last->ToIso() : std::string("today")));
  }
  return *date;
}

// The recognisers below each accept one written form, with the grammar in the comment (\s is
// ASCII white space, \d an ASCII digit; the input is already NFKC, so full-width digits and
// separators have become ASCII). They are hand-written rather than regular expressions: see core/scan.hpp.
// Messages quote at most this much of the text they refuse.
constexpr std::size_t kShownChars = 64;

struct Ymd {
  int year;
  int month;
  int day;
};

// A separator: \s* [/.-] \s*
bool Separator(Scanner& in) {
  in.SkipSpaces();
  if (!in.EatOneOf("/.-")) return false;
  in.SkipSpaces();
  return true;
}

// \d{4} \s* [/.-] \s* \d{1,2} \s* [/.-] \s* \d{1,2}
std::optional<Ymd> ScanWestern(std::string_view s) {
  Scanner in(s);
  const auto y = in.Number(4, 4);
  if (!y || !Separator(in)) return std::nullopt;
  const auto m = in.Number(1, 2);
  if (!m || !Separator(in)) return std::nullopt;
  const auto d = in.Number(1, 2);
  if (!d || !in.AtEnd()) return std::nullopt;
  return Ymd{*y, *m, *d};
}

// \s* UNIT \s*  (UNIT is 年, 月 or 日)
bool Unit(Scanner& in, std::string_view unit) {
  in.SkipSpaces();
  if (!in.Eat(unit)) return false;
  in.SkipSpaces();
  return true;
}

// \d{1,2} \s* 月 \s* \d{1,2} \s* 日 (end); after the year and its 年.
std::optional<std::pair<int, int>> ScanKanjiMonthDay(Scanner& in) {
  const auto m = in.Number(1, 2);
  if (!m || !Unit(in, "月")) return std::nullopt;
  const auto d = in.Number(1, 2);
  if (!d) return std::nullopt;
  in.SkipSpaces();
  if (!in.Eat("日") || !in.AtEnd()) return std::nullopt;
  return std::pair{*m, *d};
}

// \d{4} \s* 年 \s* \d{1,2} \s* 月 \s* \d{1,2} \s* 日
std::optional<Ymd> ScanKanji(std::string_view s) {
  Scanner in(s);
  const auto y = in.Number(4, 4);
  if (!y || !Unit(in, "年")) return std::nullopt;
  const auto md = ScanKanjiMonthDay(in);
  if (!md) return std::nullopt;
  return Ymd{*y, md->first, md->second};
}

// (令和|平成|昭和) \s* (\d{1,2}|元) \s* 年 \s* \d{1,2} \s* 月 \s* \d{1,2} \s* 日
std::optional<std::pair<const Era*, Ymd>> ScanEraKanji(std::string_view s) {
  for (const auto& era : kEras) {
    Scanner in(s);
    if (!in.Eat(era.name)) continue;
    in.SkipSpaces();
    std::optional<int> y = in.Eat("元") ? std::optional<int>(1) : in.Number(1, 2);
    if (!y || !Unit(in, "年")) return std::nullopt;
    const auto md = ScanKanjiMonthDay(in);
    if (!md) return std::nullopt;
    return std::pair{&era, Ymd{*y, md->first, md->second}};
  }
  return std::nullopt;
}

// [RHSrhs] \s* \d{1,2} \s* [./-] \s* \d{1,2} \s* [./-] \s* \d{1,2}
std::optional<std::pair<const Era*, Ymd>> ScanEraLetter(std::string_view s) {
  Scanner in(s);
  const auto letter = in.EatOneOf("RHSrhs");
  if (!letter) return std::nullopt;
  const Era* era = nullptr;
  for (const auto& e : kEras) {
    if (e.letter == AsciiUpper(*letter)) era = &e;
  }
  in.SkipSpaces();
  const auto y = in.Number(1, 2);
  if (!y || !Separator(in)) return std::nullopt;
  const auto m = in.Number(1, 2);
  if (!m || !Separator(in)) return std::nullopt;
  const auto d = in.Number(1, 2);
  if (!d || !in.AtEnd() || era == nullptr) return std::nullopt;
  return std::pair{era, Ymd{*y, *m, *d}};
}

}  // namespace

std::optional<Date> Date::FromYmd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return Date{y, m, d};
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::DaysSinceEpoch() const {
  const int y = month <= 2 ? year - 1 : year;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const auto mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date Date::FromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

std::string Date::ToIso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

Result<Date> ParseIsoDate(std::string_view s) {
  // \d{4} - \d{2} - \d{2}, nothing else (no spaces).
  Scanner in(s);
  const auto y = in.Number(4, 4);
  const bool dash1 = y && in.Eat("-");
  const auto m = dash1 ? in.Number(2, 2) : std::nullopt;
  const bool dash2 = m && in.Eat("-");
  const auto d = dash2 ? in.Number(2, 2) : std::nullopt;
  if (d && in.AtEnd()) {
    if (auto date = Date::FromYmd(*y, *m, *d)) return *date;
    return Fail(Reason{"error.date.does_not_exist", {{"value", std::string(s)}}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a date that exists", s));
  }
  const std::string shown = Ellipsize(s, kShownChars);
  return Fail(Reason{"error.date.not_iso", {{"value", shown}}}, ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a date in the form YYYY-MM-DD", shown));
}

Result<Date> ParseListDate(std::string_view raw) {
  const std::string_view trimmed = Trim(raw);
  const std::string s = std::string(Trim(Nfkc(trimmed)));
  const std::string original = Ellipsize(trimmed, kShownChars);  // as messages quote it
  std::optional<Ymd> ymd = ScanWestern(s);
  if (!ymd) ymd = ScanKanji(s);
  if (ymd) {
    if (auto d = Date::FromYmd(ymd->year, ymd->month, ymd->day)) return *d;
    return Fail(Reason{"error.date.does_not_exist", {{"value", original}}}, ErrorCode::kInvalidArgument,
                fmt::format("'{}' is not a date that exists", original));
  }
  auto era = ScanEraKanji(s);
  if (!era) era = ScanEraLetter(s);
  if (era) {
    const auto& [e, v] = *era;
    return FromEra(*e, v.year, v.month, v.day, original);
  }
  if (original.empty()) return Fail(Reason{"error.field.required", {}}, ErrorCode::kInvalidArgument, "is empty");
  return Fail(Reason{"error.date.unknown_form", {{"value", original}}}, ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a date (use 2020/12/20, 2020-12-20, 2020年12月20日, "
                          "令和2年12月20日 or R2.12.20)",
                          original));
}

Date TodayInTokyo() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(9);
  using Days = duration<std::int64_t, std::ratio<86400>>;
  return Date::FromDays(floor<Days>(now.time_since_epoch()).count());
}

namespace {

constexpr std::int64_t kTokyoOffsetSeconds = 9 * 3600;

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Result<std::int64_t> ParseIsoInstant(std::string_view s) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("expected a date and time with an offset such as 2026-12-01T17:00:00+09:00 ({}), got \"{}\"",
                            why, Ellipsize(s, 64)));
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, h) || s[13] != ':' ||
      !Digits(s, 14, 2, mi) || s[16] != ':' || !Digits(s, 17, 2, sec)) {
    return bad("not YYYY-MM-DDThh:mm:ss");
  }
  auto date = Date::FromYmd(y, mo, d);
  if (!date) return bad("no such date");
  if (h > 23 || mi > 59 || sec > 59) return bad("no such time");
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return bad("a bad fraction of a second");
  }
  std::int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return bad("a bad offset");
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad("no offset");
  }
  if (pos != s.size()) return bad("text after the offset");
  return date->DaysSinceEpoch() * 86400 + h * 3600 + mi * 60 + sec - offset;
}

namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Date TokyoDateOf(std::int64_t unix_seconds) {
  return Date::FromDays(FloorDiv(unix_seconds + kTokyoOffsetSeconds, 86400));
}

std::string FormatTokyoIso(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + kTokyoOffsetSeconds;
  const std::int64_t secs = local - FloorDiv(local, 86400) * 86400;
  return fmt::format("{}T{:02}:{:02}:{:02}+09:00", TokyoDateOf(unix_seconds).ToIso(), secs / 3600, secs / 60 % 60,
                     secs % 60);
}

std::string FormatTokyoMinute(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + kTokyoOffsetSeconds;
  const std::int64_t secs = local - FloorDiv(local, 86400) * 86400;
  return fmt::format("{} {:02}:{:02}", TokyoDateOf(unix_seconds).ToIso(), secs / 3600, secs / 60 % 60);
}

int FiscalYearOf(Date d) { return d.month >= 4 ? d.year : d.year - 1; }

}  // namespace proven
