#include "synth/synth.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/regions.hpp"
#include "synth/content.hpp"
#include "synth/rng.hpp"
#include "synth/text_variants.hpp"

namespace proven::synth {

namespace {

using domain::Service;

constexpr std::size_t kTokyo = 12;  // indexes into domain::Prefectures()
constexpr int kSaitama = 10;
constexpr int kChiba = 11;
constexpr int kKanagawa = 13;
constexpr int kTohoku = 1;  // indexes into domain::Areas()
constexpr int kKanto = 2;
constexpr int kChubu = 3;
constexpr int kKinki = 4;
constexpr int kMinOverviewChars = 60;
constexpr int kMaxOverviewChars = 220;
constexpr std::string_view kKanjiNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

void AppendInt(std::string& out, int v) { out += std::to_string(v); }

// Sorts the first n elements. (std::sort on a small std::array trips GCC 12's -Warray-bounds.)
template <class T, std::size_t N>
void SortPrefix(std::array<T, N>& a, std::size_t n) {
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = i; j > 0 && a[j] < a[j - 1]; --j) std::swap(a[j], a[j - 1]);
  }
}

Date AddYears(Date d, int years) {
  if (auto r = Date::FromYmd(d.year + years, d.month, d.day)) return *r;
  return Date{d.year + years, 3, 1};  // 29 February
}

// The provider of one or more consecutive listings.
struct Provider {
  std::string name;
  std::string address;
  std::string host;
  std::string brand;  // ASCII product brand some of its service names carry, e.g. NovaGuard
  std::size_t prefecture = kTokyo;
  std::size_t registrar = 0;
};

// One overview sentence: a + b + c, `chars` code points.
struct Piece {
  std::string_view a;
  std::string_view b;
  std::string_view c;
  int chars = 0;
};

class ListingGenerator {
 public:
  explicit ListingGenerator(const Options& options)
      : options_(options), content_(GetContent()), rng_(options.seed), today_(options.today.DaysSinceEpoch()) {}

  Service Next(std::int64_t id) {
    // About 1.7 listings per provider, like the published list.
    if (id == 1 || !rng_.Chance(0.4)) NewProvider();
    // Drawn for every listing, so that the options change only the listings they select and
    // only their text (a half-width overview may lose a sentence to stay within 220 characters).
    const bool fullwidth = rng_.Chance(options_.fullwidth_ascii);
    const bool halfwidth = rng_.Chance(options_.halfwidth_kana);
    Service s;
    s.id = id;
    const std::size_t type = content_.type_weights.Pick(rng_);
    s.type = domain::kServiceTypes[type];
    const TypeContent& tc = content_.types[type];
    const ServiceName& name = rng_.Pick(tc.names);
    BuildName(s.name, name.text);
    s.provider = provider_.name;
    s.address = provider_.address;
    s.prefecture = std::string(domain::Prefectures()[provider_.prefecture].name);
    BuildOverview(s.overview, tc, name.topic, halfwidth);
    BuildIndustries(s.industries, tc);
    BuildRegions(s.regions, s.type);
    BuildDates(s);
    s.registrar = std::string(content_.registrars[rng_.Chance(0.9) ? provider_.registrar
                                                                     : content_.registrar_weights.Pick(rng_)]);
    BuildUrl(s.url, tc);

    for (std::string* field : {&s.name, &s.provider, &s.address, &s.overview}) {
      if (fullwidth) *field = FullwidthAscii(*field);
      if (halfwidth) *field = HalfwidthKatakana(*field);
    }
    return s;
  }

 private:
  void NewProvider() {
    const Content& c = content_;
    Provider& p = provider_;
    p.prefecture = c.prefecture_weights.Pick(rng_);
    p.registrar = c.registrar_weights.Pick(rng_);

    // The name: one marker word (サンプル, デモ, ...) makes every provider visibly fictional.
    std::string core;
    std::string slug;
    auto add = [&](std::string_view ja, std::string_view word_slug) {
      core += ja;
      if (!slug.empty()) slug += '-';
      slug += word_slug;
    };
    const Word& marker = rng_.Pick(c.markers);
    static constexpr std::uint32_t kPatternWeights[] = {4, 20, 50, 3, 8, 15};
    static const WeightedIndex kPatterns(kPatternWeights);
    std::size_t pattern = kPatterns.Pick(rng_);
    if (pattern == 5 && p.prefecture == kTokyo) pattern = 2;  // no local flavour in Tokyo
    // 0 marker+core, 1 descriptor+marker+core, 2 descriptor+descriptor+marker+core,
    // 3 marker+kanji core, 4 descriptor+marker+kanji core, 5 local prefix+marker+core.
    if (pattern == 1 || pattern == 2 || pattern == 4) {
      const Word& d = rng_.Pick(c.descriptors);
      add(d.ja, d.slug);
    }
    if (pattern == 2) {
      const Word& d = rng_.Pick(c.descriptors);
      add(d.ja, d.slug);
    }
    if (pattern == 5) {
      const LocalPrefix& l = c.local_prefixes[p.prefecture];
      add(l.ja, l.slug);
    }
    add(marker.ja, marker.slug);
    const Word& core_word = pattern == 3 || pattern == 4 ? rng_.Pick(c.kanji_cores) : rng_.Pick(c.cores);
    add(core_word.ja, core_word.slug);
    static constexpr std::uint32_t kFormWeights[] = {45, 40, 7, 4, 2, 2};
    static const WeightedIndex kForms(kFormWeights);
    p.name.clear();
    switch (kForms.Pick(rng_)) {
      case 0: p.name.append("株式会社").append(core); break;
      case 1: p.name.append(core).append("株式会社"); break;
      case 2: p.name.append("合同会社").append(core); slug += "-llc"; break;
      case 3: p.name.append("有限会社").append(core); break;
      case 4: p.name.append("一般社団法人").append(core).append("協会"); slug += "-association"; break;
      default: p.name.append(core).append("合同会社"); slug += "-llc"; break;
    }

    static constexpr std::uint32_t kHostWeights[] = {6, 2, 1, 1};
    static const WeightedIndex kHosts(kHostWeights);
    p.host.clear();
    switch (kHosts.Pick(rng_)) {
      case 0: p.host.append("www.").append(slug).append(".example"); break;
      case 1: p.host.append(slug).append(".example"); break;
      case 2: p.host.append("security.").append(slug).append(".example"); break;
      default: p.host.append(slug).append(".co.example"); break;
    }

    p.brand.assign(rng_.Pick(c.brand_first));
    if (rng_.Chance(0.2)) p.brand += ' ';
    p.brand += rng_.Pick(c.brand_second);

    // Address: prefecture, city, town, block numbers, sometimes a building.
    const auto pref = domain::Prefectures()[p.prefecture];
    p.address.assign(pref.name);
    p.address += rng_.Pick(c.cities[p.prefecture]);
    p.address += rng_.Pick(c.towns);
    if (rng_.Chance(0.55)) {
      p.address += rng_.Pick(kKanjiNumerals);
      p.address += "丁目";
      AppendInt(p.address, rng_.Between(1, 30));
      p.address += '-';
      AppendInt(p.address, rng_.Between(1, 20));
    } else {
      AppendInt(p.address, rng_.Between(1, 9));
      p.address += '-';
      AppendInt(p.address, rng_.Between(1, 30));
      p.address += '-';
      AppendInt(p.address, rng_.Between(1, 20));
    }
    if (rng_.Chance(0.75)) {
      p.address += ' ';
      p.address += rng_.Pick(c.buildings);
      p.address += rng_.Pick(c.building_kinds);
      AppendInt(p.address, rng_.Between(2, p.prefecture == kTokyo ? 40 : 15));
      p.address += "階";
    }
  }

  void BuildName(std::string& out, std::string_view base) {
    const Content& c = content_;
    // Mostly a product brand before a common service name, so that names are mostly unique.
    const double r = rng_.Unit();
    if (r < 0.2) {
      out.append(provider_.brand).append(" ");
    } else if (r < 0.6) {
      out.append(rng_.Pick(c.brand_first));
      if (rng_.Chance(0.2)) out += ' ';
      out.append(rng_.Pick(c.brand_second));
      if (rng_.Chance(0.3)) out.append(" ").append(rng_.Pick(c.brand_tails));
      out.append(" ");
    } else if (r < 0.75) {
      out.append(rng_.Pick(c.descriptors).ja).append(rng_.Pick(c.cores).ja).append(" ");
    } else if (r < 0.85) {
      out.append(rng_.Pick(c.qualifiers));
    }
    out.append(base);
    if (rng_.Chance(0.3)) out.append(rng_.Pick(c.suffixes));
  }

  // 60-220 code points, also after the katakana is made half-width (`halfwidth`).
  void BuildOverview(std::string& out, const TypeContent& tc, std::size_t topic, bool halfwidth) {
    const Content& c = content_;
    auto len = [halfwidth](const auto& t) { return halfwidth ? t.half_chars : t.chars; };
    const Text& intro = rng_.Pick(tc.intros[topic]);
    const bool newline = rng_.Chance(0.02);
    auto fixed = [&](const Text& t) { return Piece{t.text, {}, {}, len(t)}; };
    auto slot = [&](Slot s) { return fixed(rng_.Pick(tc.slots[static_cast<std::size_t>(s)])); };

    // The long-tail sentence is placed first so that it always fits.
    Piece rare;
    if (rng_.Chance(0.35)) {
      if (rng_.Chance(0.5)) {
        const Template& t = rng_.Pick(c.product_sentences);
        const std::size_t w = rng_.Index(c.rare_products.size());
        rare = {t.before, c.rare_products[w], t.after, len(t) + (halfwidth ? c.rare_product_half_chars[w] : 4)};
      } else {
        const Template& t = rng_.Pick(c.model_sentences);
        const std::string& m = rng_.Pick(c.rare_models);
        rare = {t.before, m, t.after, len(t) + static_cast<int>(m.size())};
      }
    }

    std::array<Piece, 10> candidates;
    std::size_t n = 0;
    const bool method_last = rng_.Chance(0.3);
    if (!method_last) candidates[n++] = slot(Slot::kMethod);
    if (rng_.Chance(0.55)) candidates[n++] = slot(Slot::kStandard);
    if (rng_.Chance(0.45)) candidates[n++] = slot(Slot::kStaff);
    if (rng_.Chance(0.25)) {
      const CountTemplate& t = rng_.Pick(c.counts);
      const std::string_view v = rng_.Pick(t.values);
      candidates[n++] = {t.sentence.before, v, t.sentence.after, len(t.sentence) + static_cast<int>(v.size())};
    }
    if (rng_.Chance(0.55)) candidates[n++] = slot(Slot::kDeliverable);
    if (rng_.Chance(0.45)) candidates[n++] = fixed(rng_.Pick(c.common));
    if (rng_.Chance(0.4)) candidates[n++] = slot(Slot::kExtra);
    if (rng_.Chance(0.07)) {
      const Template& t = rng_.Pick(c.place_sentences);
      const Text& place = rng_.Pick(c.places);
      candidates[n++] = {t.before, place.text, t.after, len(t) + len(place)};
    }
    if (method_last) candidates[n++] = slot(Slot::kMethod);

    // Always three draws, used or not: the number of draws must not depend on lengths, which
    // differ for half-width listings, so that the options change no other listing.
    std::array<Piece, 3> fill;
    for (auto& f : fill) f = fixed(rng_.Pick(c.short_fill));

    const int target = rng_.Between(80, kMaxOverviewChars);
    const int reserved = rare.chars;
    int chars = len(intro) + (newline ? 1 : 0);
    std::array<Piece, 16> chosen;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (chars + reserved >= target) break;
      if (chars + reserved + candidates[i].chars <= kMaxOverviewChars) {
        chosen[k++] = candidates[i];
        chars += candidates[i].chars;
      }
    }
    if (rare.chars > 0) {
      const std::size_t at = rng_.Index(k + 1);
      std::copy_backward(chosen.begin() + static_cast<std::ptrdiff_t>(at),
                         chosen.begin() + static_cast<std::ptrdiff_t>(k),
                         chosen.begin() + static_cast<std::ptrdiff_t>(k + 1));
      chosen[at] = rare;
      ++k;
      chars += rare.chars;
    }
    for (const Piece& f : fill) {
      if (chars >= kMinOverviewChars) break;
      chosen[k++] = f;
      chars += f.chars;
    }

    out.reserve(static_cast<std::size_t>(chars) * 3 + 8);
    out.append(intro.text);
    if (newline) out += '\n';
    for (std::size_t i = 0; i < k; ++i) out.append(chosen[i].a).append(chosen[i].b).append(chosen[i].c);
  }

  void BuildIndustries(std::vector<std::string>& out, const TypeContent& tc) {
    const Content& c = content_;
    if (rng_.Chance(0.28)) {
      out.emplace_back(c.industries[0]);
      return;
    }
    static constexpr std::uint32_t kCountWeights[] = {3, 4, 3, 2};
    static const WeightedIndex kCounts(kCountWeights);
    const std::size_t n = kCounts.Pick(rng_) + 1;
    std::array<std::size_t, 4> picked{};
    std::size_t k = 0;
    while (k < n) {
      const std::size_t i = tc.industries.Pick(rng_) + 1;
      if (std::find(picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(k), i) ==
          picked.begin() + static_cast<std::ptrdiff_t>(k)) {
        picked[k++] = i;
      }
    }
    SortPrefix(picked, k);
    out.reserve(k);
    for (std::size_t i = 0; i < k; ++i) out.emplace_back(c.industries[picked[i]]);
  }

  void BuildRegions(std::vector<std::string>& out, domain::ServiceType type) {
    const Content& c = content_;
    const auto& prefs = domain::Prefectures();
    const auto& areas = domain::Areas();
    const bool tokyo = provider_.prefecture == kTokyo;
    double national = tokyo ? 0.62 : 0.5;
    if (type == domain::ServiceType::kMonitoring || type == domain::ServiceType::kForensics) national += 0.06;
    if (rng_.Chance(national)) {
      out.emplace_back(domain::kNationwide);
      return;
    }
    auto area = [&](int a) { out.emplace_back(areas[static_cast<std::size_t>(a)].name); };
    auto pref = [&](int p) { out.emplace_back(prefs[static_cast<std::size_t>(p)].name); };
    if (tokyo) {
      static constexpr std::uint32_t kTokyoWeights[] = {35, 15, 10, 5, 20, 8, 7};
      static const WeightedIndex kTokyoChoices(kTokyoWeights);
      switch (kTokyoChoices.Pick(rng_)) {
        case 0: area(kKanto); break;
        case 1: area(kKanto); area(kKinki); break;
        case 2: area(kKanto); area(kChubu); area(kKinki); break;
        case 3: area(kTohoku); area(kKanto); break;
        case 4: pref(kSaitama); pref(kChiba); pref(static_cast<int>(kTokyo)); pref(kKanagawa); break;
        case 5: pref(static_cast<int>(kTokyo)); break;
        default: pref(static_cast<int>(kTokyo)); pref(kKanagawa); break;
      }
      return;
    }
    const int p = static_cast<int>(provider_.prefecture);
    const int a = prefs[provider_.prefecture].area;
    static constexpr std::uint32_t kStyleWeights[] = {35, 25, 15, 25};
    static const WeightedIndex kStyles(kStyleWeights);
    switch (kStyles.Pick(rng_)) {
      case 0:
        area(a);
        break;
      case 1: {
        const int other = rng_.Pick(c.adjacent_areas[static_cast<std::size_t>(a)]);
        area(std::min(a, other));
        area(std::max(a, other));
        break;
      }
      case 2:
        pref(p);
        break;
      default: {
        const auto& same = c.area_prefectures[static_cast<std::size_t>(a)];
        if (same.size() == 1) {  // 北海道
          pref(p);
          if (rng_.Chance(0.5)) area(kTohoku);
          break;
        }
        std::array<int, 4> picked{p, -1, -1, -1};
        const std::size_t n = std::min<std::size_t>(same.size(), static_cast<std::size_t>(rng_.Between(2, 4)));
        std::size_t k = 1;
        while (k < n) {
          const int q = rng_.Pick(same);
          if (std::find(picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(k), q) ==
              picked.begin() + static_cast<std::ptrdiff_t>(k)) {
            picked[k++] = q;
          }
        }
        SortPrefix(picked, k);
        for (std::size_t i = 0; i < k; ++i) pref(picked[i]);
        break;
      }
    }
  }

  void BuildDates(Service& s) {
    // Mostly registered in the last three years (valid today), some older (expired), a few
    // registered shortly after `today` (not yet valid).
    constexpr int kYear = 365;
    const double r = rng_.Unit();
    std::int64_t reg = 0;
    if (r < 0.85) {
      reg = today_ - rng_.Below(3 * kYear);
    } else if (r < 0.98) {
      reg = today_ - 3 * kYear - rng_.Below(5 * kYear);
    } else {
      reg = today_ + 1 + rng_.Below(60);
    }
    s.registered_on = Date::FromDays(reg);
    const double y = rng_.Unit();
    const int years = y < 0.85 ? 3 : y < 0.97 ? 2 : 1;
    s.expires_on = AddYears(s.registered_on, years).AddDays(-1);
  }

  void BuildUrl(std::string& out, const TypeContent& tc) {
    if (rng_.Chance(0.05)) return;
    static constexpr std::uint32_t kUrlWeights[] = {6, 2, 1, 1};
    static const WeightedIndex kUrls(kUrlWeights);
    const std::string_view path = rng_.Pick(tc.url_paths);
    out.append("https://").append(provider_.host);
    switch (kUrls.Pick(rng_)) {
      case 0: out.append("/services/").append(path); break;
      case 1: out.append("/solution/").append(path).append("/"); break;
      case 2: out.append("/").append(path).append(".html"); break;
      default: out.append("/"); break;
    }
  }

  const Options& options_;
  const Content& content_;
  Rng rng_;
  std::int64_t today_;
  Provider provider_;
};

// ---------------------------------------------------------------------------------------------
// Queries.
// ---------------------------------------------------------------------------------------------

using Params = std::vector<std::pair<std::string, std::string>>;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return out;
}

// SOC, soc or Soc: the engine folds case, so all must find the same listings.
std::string MixedCase(Rng& rng, std::string_view s) {
  const double r = rng.Unit();
  if (r < 0.2) return Lower(s);
  if (r < 0.3 && s.size() > 1) return std::string(s.substr(0, 1)) + Lower(s.substr(1));
  return std::string(s);
}

// A random variant of a word that search treats like the word itself.
std::string Variant(Rng& rng, const Content& c) {
  switch (rng.Below(3)) {
    case 0: return FullwidthAscii(rng.Pick(c.ascii_terms));
    case 1: return HalfwidthKatakana(rng.Pick(c.katakana_terms));
    default: return KatakanaToHiragana(rng.Pick(c.katakana_terms));
  }
}

std::string RareWord(Rng& rng, const Content& c) {
  return rng.Chance(0.5) ? rng.Pick(c.rare_products) : rng.Pick(c.rare_models);
}

std::string CommonTerm(Rng& rng, const Content& c) {
  return std::string(rng.Chance(0.7) ? rng.Pick(c.one_terms) : rng.Pick(c.two_char_terms));
}

std::string_view TypeCodeAt(std::size_t i) { return domain::TypeCode(domain::kServiceTypes[i]); }

std::size_t PickPrefecture(Rng& rng, const Content& c) {
  return rng.Chance(0.7) ? c.prefecture_weights.Pick(rng) : rng.Index(domain::kPrefectureCount);
}

std::string Region(Rng& rng, const Content& c) {
  const double r = rng.Unit();
  if (r < 0.3) return std::string(domain::kNationwide);
  if (r < 0.65) return std::string(rng.Pick(domain::Areas()).name);
  return std::string(domain::Prefectures()[PickPrefecture(rng, c)].name);
}

enum class Facet { kType, kPrefecture, kRegion, kIndustry, kRegistrar };

void AddFacet(Rng& rng, const Content& c, Facet f, Params& out) {
  switch (f) {
    case Facet::kType: out.emplace_back("type", TypeCodeAt(c.type_weights.Pick(rng))); break;
    case Facet::kPrefecture:
      out.emplace_back("prefecture", domain::Prefectures()[PickPrefecture(rng, c)].name);
      break;
    case Facet::kRegion: out.emplace_back("region", Region(rng, c)); break;
    case Facet::kIndustry: out.emplace_back("industry", rng.Pick(c.industries)); break;
    case Facet::kRegistrar:
      out.emplace_back("registrar", c.registrars[c.registrar_weights.Pick(rng)]);
      break;
  }
}

// 1-3 distinct facets.
void AddFacets(Rng& rng, const Content& c, Params& out) {
  std::array<Facet, 5> all{Facet::kType, Facet::kPrefecture, Facet::kRegion, Facet::kIndustry, Facet::kRegistrar};
  const int n = rng.Between(1, 3);
  for (int i = 0; i < n; ++i) {  // partial Fisher-Yates
    std::swap(all[static_cast<std::size_t>(i)],
              all[static_cast<std::size_t>(i) + rng.Index(all.size() - static_cast<std::size_t>(i))]);
    AddFacet(rng, c, all[static_cast<std::size_t>(i)], out);
  }
}

Query BenchmarkQuery(Rng& rng, const Content& c, const std::string& category) {
  Query q{category, {}};
  Params& p = q.params;
  if (category == "one_term") {
    p.emplace_back("q", rng.Pick(c.one_terms));
  } else if (category == "two_char") {
    p.emplace_back("q", rng.Pick(c.two_char_terms));
  } else if (category == "english") {
    p.emplace_back("q", MixedCase(rng, rng.Pick(c.english_terms)));
  } else if (category == "two_terms") {
    const auto& [a, b] = rng.Pick(c.term_pairs);
    p.emplace_back("q", std::string(a).append(rng.Chance(0.2) ? "\u3000" : " ").append(b));
  } else if (category == "variant") {
    p.emplace_back("q", Variant(rng, c));
  } else if (category == "rare") {
    p.emplace_back("q", RareWord(rng, c));
  } else if (category == "text_facets") {
    p.emplace_back("q", rng.Chance(0.75) ? CommonTerm(rng, c) : std::string(rng.Pick(c.english_terms)));
    AddFacets(rng, c, p);
  } else if (category == "facets_only") {
    AddFacets(rng, c, p);
  } else {  // deep_page
    p.emplace_back("q", CommonTerm(rng, c));
    p.emplace_back("page", std::to_string(rng.Between(20, 200)));
    p.emplace_back("per_page", "20");
  }
  return q;
}

// A piece of a word: "ネトレ", "診", "zure" (no word start), "Azu" (a word start).
std::string Substring(Rng& rng, std::string_view word) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(word.size());
  const std::size_t cps = starts.size() - 1;
  if (cps < 2) return std::string(word);
  const std::size_t len = 1 + rng.Index(std::min<std::size_t>(cps - 1, 4));
  const std::size_t from = rng.Index(cps - len + 1);
  return std::string(word.substr(starts[from], starts[from + len] - starts[from]));
}

std::string RandomTerm(Rng& rng, const Content& c) {
  static constexpr std::string_view kPunctuated[] = {"ISO/IEC", "800-53", "(OT)", "・", "ATT&CK", "v3.1",
                                                     "CVSS",    "4～8週間", "62443-4-2", "Wi-Fi"};
  const double r = rng.Unit();
  if (r < 0.16) return CommonTerm(rng, c);
  if (r < 0.26) return std::string(rng.Pick(c.two_char_terms));
  if (r < 0.36) return MixedCase(rng, rng.Pick(c.english_terms));
  if (r < 0.48) {
    return Substring(rng, rng.Chance(0.5) ? rng.Pick(c.one_terms) : rng.Pick(c.katakana_terms));
  }
  if (r < 0.63) {
    const std::string_view w = rng.Pick(c.ascii_fragments);
    const double s = rng.Unit();
    if (s < 0.4 || w.size() < 2) return MixedCase(rng, w);
    const std::size_t len = 1 + rng.Index(w.size() - 1);
    // Inside the word (no word start, so it should not match there) or a prefix of it.
    const std::size_t from = s < 0.75 ? 1 + rng.Index(w.size() - len) : 0;
    return MixedCase(rng, w.substr(from, len));
  }
  if (r < 0.75) return Variant(rng, c);
  if (r < 0.83) return RareWord(rng, c);
  if (r < 0.90) return std::string(rng.Pick(c.no_match_terms));
  if (r < 0.95) return std::string(rng.Pick(c.places).text);
  return std::string(rng.Pick(kPunctuated));
}

Query RandomQuery(Rng& rng, const Content& c) {
  Query q{"random", {}};
  Params& p = q.params;
  const auto& prefs = domain::Prefectures();
  if (rng.Chance(0.65)) {
    std::string text;
    const int n = rng.Between(1, 3);
    for (int i = 0; i < n; ++i) {
      if (i > 0) text += rng.Chance(0.2) ? "\u3000" : " ";
      text += RandomTerm(rng, c);
    }
    p.emplace_back("q", text);
  }
  const int types = rng.Chance(0.25) ? rng.Between(1, 2) : 0;
  for (int i = 0; i < types; ++i) p.emplace_back("type", TypeCodeAt(rng.Index(domain::kServiceTypes.size())));
  const int industries = rng.Chance(0.2) ? rng.Between(1, 2) : 0;
  for (int i = 0; i < industries; ++i) {
    p.emplace_back("industry", rng.Chance(0.05) ? std::string("宇宙開発") : std::string(rng.Pick(c.industries)));
  }
  const int prefectures = rng.Chance(0.2) ? rng.Between(1, 2) : 0;
  for (int i = 0; i < prefectures; ++i) {
    const auto& pref = prefs[PickPrefecture(rng, c)];
    p.emplace_back("prefecture", rng.Chance(0.15) ? pref.short_name : pref.name);
  }
  if (rng.Chance(0.15)) {
    p.emplace_back("registrar", rng.Chance(0.05) ? std::string("一般社団法人存在しない審査会")
                                                 : std::string(rng.Pick(c.registrars)));
  }
  const int regions = rng.Chance(0.25) ? rng.Between(1, 2) : 0;
  for (int i = 0; i < regions; ++i) {
    static constexpr std::string_view kShortForms[] = {"全国", "九州", "東京", "大阪", "北海道"};
    p.emplace_back("region", rng.Chance(0.1) ? std::string(rng.Pick(kShortForms)) : Region(rng, c));
  }
  static constexpr std::string_view kStatus[] = {"valid", "expired", "all"};
  if (rng.Chance(0.6)) p.emplace_back("status", rng.Pick(kStatus));
  if (rng.Chance(0.4)) {
    const auto first = Date{2018, 1, 1}.DaysSinceEpoch();
    const auto days = static_cast<std::uint64_t>(Date{2031, 12, 31}.DaysSinceEpoch() - first + 1);
    p.emplace_back("as_of", Date::FromDays(first + static_cast<std::int64_t>(rng.Below(days))).ToIso());
  }
  static constexpr std::string_view kSorts[] = {"relevance", "name", "registered_on", "expires_on"};
  if (rng.Chance(0.6)) p.emplace_back("sort", rng.Pick(kSorts));
  static constexpr std::string_view kOrders[] = {"asc", "desc"};
  if (rng.Chance(0.4)) p.emplace_back("order", rng.Pick(kOrders));
  if (rng.Chance(0.5)) p.emplace_back("page", std::to_string(rng.Between(1, 5)));
  if (rng.Chance(0.6)) p.emplace_back("per_page", std::to_string(rng.Between(1, 100)));
  if (rng.Chance(0.03)) {  // an unselected form control sends an empty value
    static constexpr std::string_view kKeys[] = {"type", "industry", "prefecture", "region", "q"};
    p.emplace_back(rng.Pick(kKeys), "");
  }
  return q;
}

}  // namespace

void GenerateServices(const Options& options, const std::function<void(domain::Service&&)>& sink) {
  ListingGenerator gen(options);
  for (std::size_t i = 1; i <= options.count; ++i) sink(gen.Next(static_cast<std::int64_t>(i)));
}

std::vector<domain::Service> GenerateServices(const Options& options) {
  std::vector<domain::Service> out;
  out.reserve(options.count);
  GenerateServices(options, [&](domain::Service&& s) { out.push_back(std::move(s)); });
  return out;
}

const std::vector<std::string>& QueryCategories() {
  static const std::vector<std::string> kCategories{"one_term", "two_char",   "english",     "two_terms", "variant",
                                                    "rare",     "text_facets", "facets_only", "deep_page"};
  return kCategories;
}

std::vector<Query> GenerateQueries(std::size_t count, std::uint64_t seed) {
  const Content& c = GetContent();
  const auto& categories = QueryCategories();
  Rng rng(seed ^ 0x9E6C63D0676A9A99ULL);
  std::vector<Query> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(BenchmarkQuery(rng, c, categories[i % categories.size()]));
  return out;
}

std::vector<Query> RandomQueries(std::size_t count, std::uint64_t seed) {
  const Content& c = GetContent();
  Rng rng(seed ^ 0x2545F4914F6CDD1DULL);
  std::vector<Query> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(RandomQuery(rng, c));
  return out;
}

}  // namespace proven::synth
