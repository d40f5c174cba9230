// ParseListDate (every written form of the registry list) and ParseIsoDate.
// Invariants: a date that parses formats back to ISO and re-parses, by both parsers, to the same
// date; an ISO date that parses is exactly its own ISO text; day arithmetic round-trips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.hpp"
#include "core/date.hpp"

namespace {

void CheckDate(const proven::Date& d) {
  FUZZ_CHECK(proven::Date::FromYmd(d.year, d.month, d.day).has_value());
  const std::string iso = d.ToIso();
  auto by_iso = proven::ParseIsoDate(iso);
  FUZZ_CHECK(by_iso.has_value() && *by_iso == d);
  auto by_list = proven::ParseListDate(iso);
  FUZZ_CHECK(by_list.has_value() && *by_list == d);
  FUZZ_CHECK(proven::Date::FromDays(d.DaysSinceEpoch()) == d);
  FUZZ_CHECK(d.AddDays(1) > d && d.AddDays(-1) < d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = proven::ParseListDate(text);
  if (list) {
    CheckDate(*list);
  } else {
    FUZZ_CHECK(!list.error().message.empty());
    FUZZ_CHECK(list.error().code == proven::ErrorCode::kInvalidArgument);
  }
  auto iso = proven::ParseIsoDate(text);
  if (iso) {
    FUZZ_CHECK(iso->ToIso() == text);
    FUZZ_CHECK(list.has_value() && *list == *iso);  // every ISO date is also a list date
    CheckDate(*iso);
  } else {
    FUZZ_CHECK(iso.error().code == proven::ErrorCode::kInvalidArgument);
  }
  return 0;
}
