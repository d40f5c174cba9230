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

}  // namespace proven
