#include "domain/regions.hpp"

#include "core/normalize.hpp"
#include "core/scan.hpp"
#include "core/text.hpp"

namespace proven::domain {

const std::array<Area, 8>& Areas() {
  static const std::array<Area, 8> kAreas{{
      {"北海道", "Hokkaido"},
      {"東北", "Tohoku"},
      {"関東", "Kanto"},
      {"中部", "Chubu"},
      {"近畿", "Kinki"},
      {"中国", "Chugoku"},
      {"四国", "Shikoku"},
      {"九州・沖縄", "Kyushu-Okinawa"},
  }};
  return kAreas;
}

const std::array<Prefecture, kPrefectureCount>& Prefectures() {
  static const std::array<Prefecture, kPrefectureCount> kPrefs{{
      {"北海道", "北海道", "Hokkaido", 0},
      {"青森県", "青森", "Aomori", 1},
      {"岩手県", "岩手", "Iwate", 1},
      {"宮城県", "宮城", "Miyagi", 1},
      {"秋田県", "秋田", "Akita", 1},
      {"山形県", "山形", "Yamagata", 1},
      {"福島県", "福島", "Fukushima", 1},
      {"茨城県", "茨城", "Ibaraki", 2},
      {"栃木県", "栃木", "Tochigi", 2},
      {"群馬県", "群馬", "Gunma", 2},
      {"埼玉県", "埼玉", "Saitama", 2},
      {"千葉県", "千葉", "Chiba", 2},
      {"東京都", "東京", "Tokyo", 2},
      {"神奈川県", "神奈川", "Kanagawa", 2},
      {"新潟県", "新潟", "Niigata", 3},
      {"富山県", "富山", "Toyama", 3},
      {"石川県", "石川", "Ishikawa", 3},
      {"福井県", "福井", "Fukui", 3},
      {"山梨県", "山梨", "Yamanashi", 3},
      {"長野県", "長野", "Nagano", 3},
      {"岐阜県", "岐阜", "Gifu", 3},
      {"静岡県", "静岡", "Shizuoka", 3},
      {"愛知県", "愛知", "Aichi", 3},
      {"三重県", "三重", "Mie", 4},
      {"滋賀県", "滋賀", "Shiga", 4},
      {"京都府", "京都", "Kyoto", 4},
      {"大阪府", "大阪", "Osaka", 4},
      {"兵庫県", "兵庫", "Hyogo", 4},
      {"奈良県", "奈良", "Nara", 4},
      {"和歌山県", "和歌山", "Wakayama", 4},
      {"鳥取県", "鳥取", "Tottori", 5},
      {"島根県", "島根", "Shimane", 5},
      {"岡山県", "岡山", "Okayama", 5},
      {"広島県", "広島", "Hiroshima", 5},
      {"山口県", "山口", "Yamaguchi", 5},
      {"徳島県", "徳島", "Tokushima", 6},
      {"香川県", "香川", "Kagawa", 6},
      {"愛媛県", "愛媛", "Ehime", 6},
      {"高知県", "高知", "Kochi", 6},
      {"福岡県", "福岡", "Fukuoka", 7},
      {"佐賀県", "佐賀", "Saga", 7},
      {"長崎県", "長崎", "Nagasaki", 7},
      {"熊本県", "熊本", "Kumamoto", 7},
      {"大分県", "大分", "Oita", 7},
      {"宮崎県", "宮崎", "Miyazaki", 7},
      {"鹿児島県", "鹿児島", "Kagoshima", 7},
      {"沖縄県", "沖縄", "Okinawa", 7},
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

std::string_view RegionNameEn(std::string_view name) {
  if (name == kNationwide) return kNationwideEn;
  for (const auto& a : Areas()) {
    if (name == a.name) return a.name_en;
  }
  for (const auto& p : Prefectures()) {
    if (name == p.name) return p.name_en;
  }
  return name;
}

}  // namespace proven::domain
