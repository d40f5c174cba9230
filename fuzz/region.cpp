// Region and prefecture recognition: FindRegion, FindPrefecture, PrefectureOfAddress and
// StripPostalCode. Invariants: a recognised region is canonical (it recognises itself, with the
// same coverage) and covers at least one prefecture; the postal code is stripped from the front
// only; a prefecture found in an address is found again from its own name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "core/text.hpp"
#include "domain/regions.hpp"

using namespace proven::domain;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto r = FindRegion(text)) {
    FUZZ_CHECK(r->mask != 0 && (r->mask & ~kAllPrefectures) == 0);
    auto again = FindRegion(r->name);
    FUZZ_CHECK(again.has_value() && again->name == r->name && again->mask == r->mask);
    FUZZ_CHECK(PlaceKey(r->name).has_value());  // every canonical name has a catalogue key
  }

  if (auto p = FindPrefecture(text)) {
    FUZZ_CHECK(*p >= 0 && *p < kPrefectureCount);
    const auto& pref = Prefectures()[static_cast<std::size_t>(*p)];
    FUZZ_CHECK(FindPrefecture(pref.name) == p && FindPrefecture(pref.short_name) == p);
  }

  const std::string_view rest = StripPostalCode(text);
  FUZZ_CHECK(rest.size() <= text.size());
  FUZZ_CHECK(text.ends_with(rest));
  FUZZ_CHECK(StripPostalCode(rest).size() <= rest.size());

  if (auto p = PrefectureOfAddress(text)) {
    FUZZ_CHECK(*p >= 0 && *p < kPrefectureCount);
    const std::string name(Prefectures()[static_cast<std::size_t>(*p)].name);
    FUZZ_CHECK(PrefectureOfAddress(name) == p);
    FUZZ_CHECK(PrefectureOfAddress("〒100-0001 " + name + "千代田区") == p);
  }
  return 0;
}
