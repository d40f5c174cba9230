#pragma once
// Calendar dates (no time zone) and the date formats Japanese lists use.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace proven {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  // Returns the date when y-m-d exists in the proleptic Gregorian calendar (years 1..9999).
  static std::optional<Date> FromYmd(int y, int m, int d);
  static Date FromDays(std::int64_t days_since_epoch);
  std::int64_t DaysSinceEpoch() const;
  std::string ToIso() const;  // 2020-12-20
  Date AddDays(std::int64_t n) const { return FromDays(DaysSinceEpoch() + n); }
};

// Strict YYYY-MM-DD (API parameters).
Result<Date> ParseIsoDate(std::string_view s);

// The formats of the registry list: 2020/12/20, 2020-12-20, 2020.12.20, 2020年12月20日,
// 令和2年12月20日 (also 元年, 平成, 昭和), R2.12.20 / H31.4.30 / S64.1.7; full-width digits too.
// The error message says what was expected, quoting at most 64 characters of the text.
Result<Date> ParseListDate(std::string_view s);

// Today's date in Asia/Tokyo (UTC+9, no daylight saving time).
Date TodayInTokyo();

// Instants (deadlines such as a call's closes_at), as seconds since 1970 UTC.
// Strict ISO 8601 with seconds and an offset: 2026-12-01T17:00:00+09:00, …Z, or with a fraction
// of a second (dropped). A time without an offset is refused: a deadline must say its zone.
Result<std::int64_t> ParseIsoInstant(std::string_view s);
// The instant in Asia/Tokyo as ISO 8601 with its offset: 2026-12-01T17:00:00+09:00.
std::string FormatTokyoIso(std::int64_t unix_seconds);
// For people: 2026-12-01 17:00 (Asia/Tokyo; pages add "JST").
std::string FormatTokyoMinute(std::int64_t unix_seconds);
// The Japanese fiscal year (April to March) that a date falls in: 2026-03-31 → 2025.
int FiscalYearOf(Date d);
// The date in Asia/Tokyo of an instant.
Date TokyoDateOf(std::int64_t unix_seconds);

}  // namespace proven
