#include "domain/regions.hpp"

#include "core/normalize.hpp"
#include "core/scan.hpp"
#include "core/text.hpp"

namespace proven::domain {

const std::array<Area, 8>& Areas() {
  static const std::array<Area, 8> kAreas{{
      {"北海道", "hokkaido"},
      {"東北", "tohoku"},
      {"関東", "kanto"},
      {"中部", "chubu"},
      {"近畿", "kinki"},
      {"中国", "chugoku"},
      {"四国", "shikoku"},
      {"九州・沖縄", "kyushu_okinawa"},
  }};
  return kAreas;
}

const std::array<Prefecture, kPrefectureCount>& Prefectures() {
  static const std::array<Prefecture, kPrefectureCount> kPrefs{{
      {"北海道", "北海道", "hokkaido", 0},
      {"青森県", "青森", "aomori", 1},
      {"岩手県", "岩手", "iwate", 1},
      {"宮城県", "宮城", "miyagi", 1},
      {"秋田県", "秋田", "akita", 1},
      {"山形県", "山形", "yamagata", 1},
      {"福島県", "福島", "fukushima", 1},
      {"茨城県", "茨城", "ibaraki", 2},
      {"栃木県", "栃木", "tochigi", 2},
      {"群馬県", "群馬", "gunma", 2},
      {"埼玉県", "埼玉", "saitama", 2},
      {"千葉県", "千葉", "chiba", 2},
      {"東京都", "東京", "tokyo", 2},
      {"神奈川県", "神奈川", "kanagawa", 2},
      {"新潟県", "新潟", "niigata", 3},
      {"富山県", "富山", "toyama", 3},
      {"石川県", "石川", "ishikawa", 3},
      {"福井県", "福井", "fukui", 3},
      {"山梨県", "山梨", "yamanashi", 3},
      {"長野県", "長野", "nagano", 3},
      {"岐阜県", "岐阜", "gifu", 3},
      {"静岡県", "静岡", "shizuoka", 3},
      {"愛知県", "愛知", "aichi", 3},
      {"三重県", "三重", "mie", 4},
      {"滋賀県", "滋賀", "shiga", 4},
      {"京都府", "京都", "kyoto", 4},
      {"大阪府", "大阪", "osaka", 4},
      {"兵庫県", "兵庫", "hyogo", 4},
      {"奈良県", "奈良", "nara", 4},
      {"和歌山県", "和歌山", "wakayama", 4},
      {"鳥取県", "鳥取", "tottori", 5},
      {"島根県", "島根", "shimane", 5},
      {"岡山県", "岡山", "okayama", 5},
      {"広島県", "広島", "hiroshima", 5},
      {"山口県", "山口", "yamaguchi", 5},
      {"徳島県", "徳島", "tokushima", 6},
      {"香川県", "香川", "kagawa", 6},
      {"愛媛県", "愛媛", "ehime", 6},
      {"高知県", "高知", "kochi", 6},
      {"福岡県", "福岡", "fukuoka", 7},
      {"佐賀県", "佐賀", "saga", 7},
      {"長崎県", "長崎", "nagasaki", 7},
      {"熊本県", "熊本", "kumamoto", 7},
      {"大分県", "大分", "oita", 7},
      {"宮崎県", "宮崎", "miyazaki", 7},
      {"鹿児島県", "鹿児島", "kagoshima", 7},
      {"沖縄県", "沖縄", "okinawa", 7},
  }};
  return kPrefs;
}

std::optional<int> FindPrefecture(std::string_view name) {
  const std::string n(Trim(Nfkc(name)));
  const auto& prefs = Prefectures();
  for (int i = 0; i < kPrefectureCount; ++i) {
    const auto& p = prefs[static_cast<std::size_t>(i)];
    if (n == p.name || n == p.short_name) return i;
  }
  return std::nullopt;
}

std::string_view StripPostalCode(std::string_view address) {
  // (〒 \s*)? \d{3} -? \d{4} \s*  at the very start; the text is unchanged when it does not match.
  Scanner in(address);
  if (in.Eat("〒")) in.SkipSpaces();
  // Exactly n digits (a longer run is fine: \d{3}\d{4} is seven digits in a row).
  auto digits = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!IsAsciiDigit(in.Peek(k))) return false;
    }
    in.Advance(n);
    return true;
  };
  if (!digits(3)) return address;
  // -? is greedy and would give the hyphen back when four digits do not follow it, but then the
  // four digits would have to start at the hyphen: taking it whenever it is there is the same.
  in.Eat("-");
  if (!digits(4)) return address;
  in.SkipSpaces();
  return in.Rest();
}

std::optional<int> PrefectureOfAddress(std::string_view address) {
  const std::string a(Trim(Nfkc(address)));
  // NFKC keeps 〒 as it is; skip "〒100-0001" or "100-0001" and the spaces after it.
  const std::string_view av = Trim(StripPostalCode(a));
  const auto& prefs = Prefectures();
  for (int i = 0; i < kPrefectureCount; ++i) {
    if (av.starts_with(prefs[static_cast<std::size_t>(i)].name)) return i;
  }
  return std::nullopt;
}

std::optional<Region> FindRegion(std::string_view text) {
  const std::string n(Trim(Nfkc(text)));
  if (n == kNationwide || n == "全国") return Region{std::string(kNationwide), kAllPrefectures};
  const auto& areas = Areas();
  const auto& prefs = Prefectures();
  for (std::size_t a = 0; a < areas.size(); ++a) {
    // "九州" alone names the 九州・沖縄 area. 北海道 is both an area and a prefecture, same mask.
    if (n == areas[a].name || (a == 7 && n == "九州")) {
      RegionMask mask = 0;
      for (int i = 0; i < kPrefectureCount; ++i) {
        if (prefs[static_cast<std::size_t>(i)].area == static_cast<int>(a)) mask |= RegionMask{1} << i;
      }
      return Region{std::string(areas[a].name), mask};
    }
  }
  if (auto p = FindPrefecture(n)) {
    return Region{std::string(prefs[static_cast<std::size_t>(*p)].name), RegionMask{1} << *p};
  }
  return std::nullopt;
}

std::optional<std::string> PlaceKey(std::string_view name) {
  if (name == kNationwide) return std::string("place.nationwide");
  for (const auto& a : Areas()) {
    if (name == a.name) return "place.area." + std::string(a.code);
  }
  for (const auto& p : Prefectures()) {
    if (name == p.name) return "place.prefecture." + std::string(p.code);
  }
  return std::nullopt;
}

}  // namespace proven::domain
