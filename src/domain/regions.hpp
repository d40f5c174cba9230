#pragma once
// Japan's 47 prefectures (JIS X 0401 order), the eight areas the registry uses, and region
// coverage as a bit mask so that "does this service cover that region" is one AND.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace proven::domain {

struct Prefecture {
  std::string_view name;        // 東京都
  std::string_view short_name;  // 東京
  std::string_view code;        // tokyo: ASCII and stable (the message catalogue's place.prefecture.<code>)
  int area;                     // index into Areas()
};

struct Area {
  std::string_view name;  // 関東
  std::string_view code;  // kanto: ASCII and stable (the message catalogue's place.area.<code>)
};

inline constexpr int kPrefectureCount = 47;
inline constexpr std::string_view kNationwide = "日本全国";

const std::array<Prefecture, kPrefectureCount>& Prefectures();
const std::array<Area, 8>& Areas();

using RegionMask = std::uint64_t;  // bit i = Prefectures()[i]
inline constexpr RegionMask kAllPrefectures = (RegionMask{1} << kPrefectureCount) - 1;

// Full name (東京都) or the name without its suffix (東京); NFKC-tolerant.
std::optional<int> FindPrefecture(std::string_view name);

// `address` without a leading postal code ("〒100-0001 ", "〒 1000001", "100-0001") and the ASCII
// white space after it; `address` itself when it does not start with one. Expects NFKC text.
std::string_view StripPostalCode(std::string_view address);

// The prefecture an address starts with, after an optional postal code (〒100-0001).
std::optional<int> PrefectureOfAddress(std::string_view address);

// 日本全国 (also 全国), an area, or a prefecture → its canonical name and coverage mask.
struct Region {
  std::string name;
  RegionMask mask = 0;
};
std::optional<Region> FindRegion(std::string_view text);

// The message catalogue key of a canonical region, area or prefecture name (place.nationwide,
// place.area.kanto, place.prefecture.tokyo): how pages name it in their language. nullopt when unknown.
std::optional<std::string> PlaceKey(std::string_view name);

}  // namespace proven::domain
