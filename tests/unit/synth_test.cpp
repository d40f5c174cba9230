// The synthetic listings and queries (tools/synth) that benchmarks and randomized tests rely on:
// deterministic, valid as the importer would produce them, shaped like the published list, and
// queries the API accepts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "core/normalize.hpp"
#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "search/service_query.hpp"
#include "services/query_params.hpp"
#include "synth/synth.hpp"
#include "synth/text_variants.hpp"

namespace proven::synth {
namespace {

using domain::Service;

Options WithCount(std::size_t count, std::uint64_t seed = 42) {
  Options o;
  o.count = count;
  o.seed = seed;
  return o;
}

services::QueryParams ToParams(const Query& q) { return {q.params.begin(), q.params.end()}; }

std::string Describe(const Query& q) {
  std::vector<std::pair<std::string, std::string>> pairs(q.params.begin(), q.params.end());
  return q.category + ": " + services::EncodeQuery(pairs);
}

std::string_view ParamValue(const Query& q, std::string_view key) {
  for (const auto& [k, v] : q.params) {
    if (k == key) return v;
  }
  return {};
}

TEST(SynthListings, SameSeedSameListingsDifferentSeedDifferentListings) {
  const auto a = GenerateServices(WithCount(1000));
  const auto b = GenerateServices(WithCount(1000));
  EXPECT_EQ(a, b);
  const auto longer = GenerateServices(WithCount(1500));
  EXPECT_TRUE(std::equal(a.begin(), a.end(), longer.begin())) << "a listing must not depend on count";
  const auto other = GenerateServices(WithCount(1000, 43));
  std::size_t same_names = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same_names += a[i].name == other[i].name ? 1 : 0;
  EXPECT_NE(a, other);
  EXPECT_LT(same_names, 100U);
}

TEST(SynthListings, StreamsIdsOneToCountInOrder) {
  std::int64_t expected = 1;
  GenerateServices(WithCount(3000), [&](Service&& s) {
    EXPECT_EQ(s.id, expected);
    ++expected;
  });
  EXPECT_EQ(expected, 3001);
  EXPECT_TRUE(GenerateServices(WithCount(0)).empty());
}

// Every listing is exactly what the importer makes of its own cells.
void ExpectRoundTrip(const Options& options) {
  std::size_t checked = 0;
  GenerateServices(options, [&](Service&& s) {
    const auto cells = domain::CellsFromService(s);
    domain::ServiceCells in;
    for (std::size_t i = 0; i < cells.size(); ++i) in[i] = cells[i];
    auto parsed = domain::ServiceFromCells(in);
    ASSERT_TRUE(std::holds_alternative<Service>(parsed))
        << "listing " << s.id << ": " << std::get<1>(parsed).front().message;
    Service back = std::get<Service>(std::move(parsed));
    back.id = s.id;
    ASSERT_EQ(back, s) << "listing " << s.id;

    const auto chars = CodePointCount(s.overview);
    EXPECT_GE(chars, 60U) << s.overview;
    EXPECT_LE(chars, 220U) << s.overview;
    EXPECT_GE(s.industries.size(), 1U);
    EXPECT_LE(s.industries.size(), 4U);
    EXPECT_FALSE(s.regions.empty());
    EXPECT_LE(s.registered_on, s.expires_on);
    EXPECT_TRUE(s.url.empty() || s.url.starts_with("https://")) << s.url;
    ++checked;
  });
  EXPECT_EQ(checked, options.count);
}

TEST(SynthListings, EveryListingSurvivesTheImporterUnchanged) { ExpectRoundTrip(WithCount(2000)); }

TEST(SynthListings, WidthAndKanaVariantsSurviveTheImporterUnchanged) {
  Options o = WithCount(600, 7);
  o.fullwidth_ascii = 0.5;
  o.halfwidth_kana = 0.5;
  ExpectRoundTrip(o);
}

TEST(SynthListings, VariantsChangeOnlyTheWritingOfTheSelectedListings) {
  Options plain = WithCount(300, 9);
  plain.fullwidth_ascii = 0;
  plain.halfwidth_kana = 0;
  Options wide = plain;
  wide.fullwidth_ascii = 1;
  Options half = plain;
  half.halfwidth_kana = 1;
  const auto p = GenerateServices(plain);
  const auto w = GenerateServices(wide);
  const auto h = GenerateServices(half);
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (const auto* v : {&w[i], &h[i]}) {
      EXPECT_EQ(NormalizeForSearch(v->name), NormalizeForSearch(p[i].name));
      EXPECT_EQ(NormalizeForSearch(v->provider), NormalizeForSearch(p[i].provider));
      EXPECT_EQ(v->prefecture, p[i].prefecture);
      EXPECT_EQ(v->regions, p[i].regions);
      EXPECT_EQ(v->registered_on, p[i].registered_on);
    }
    // Full-width letters keep every length; half-width kana may cost a sentence.
    EXPECT_EQ(NormalizeForSearch(w[i].overview), NormalizeForSearch(p[i].overview));
    EXPECT_EQ(w[i].name.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), std::string::npos)
        << w[i].name;
    EXPECT_EQ(h[i].overview.find("ー"), std::string::npos) << h[i].overview;
  }
}

TEST(SynthListings, SharesLookLikeThePublishedList) {
  constexpr std::size_t kCount = 20000;
  std::map<domain::ServiceType, std::size_t> types;
  std::map<std::string, std::size_t> prefectures;
  std::unordered_set<std::string> names;
  std::set<std::string> registrars;
  std::size_t nationwide = 0;
  std::size_t valid = 0;
  const Options options = WithCount(kCount);
  GenerateServices(options, [&](Service&& s) {
    ++types[s.type];
    ++prefectures[s.prefecture];
    names.insert(s.name);
    registrars.insert(s.registrar);
    nationwide += s.regions == std::vector<std::string>{"日本全国"} ? 1 : 0;
    valid += domain::ValidityAsOf(s, options.today) == domain::Validity::kValid ? 1 : 0;
  });
  const std::map<domain::ServiceType, double> expected{
      {domain::ServiceType::kAudit, 0.21},      {domain::ServiceType::kVulnerabilityAssessment, 0.32},
      {domain::ServiceType::kPenetrationTest, 0.13}, {domain::ServiceType::kForensics, 0.10},
      {domain::ServiceType::kMonitoring, 0.14}, {domain::ServiceType::kDeviceVerification, 0.10}};
  for (const auto& [type, share] : expected) {
    EXPECT_NEAR(static_cast<double>(types[type]) / kCount, share, 0.03) << domain::TypeCode(type);
  }
  const auto top = std::max_element(prefectures.begin(), prefectures.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(top->first, "東京都");
  EXPECT_NEAR(static_cast<double>(top->second) / kCount, 0.65, 0.03);
  EXPECT_GE(prefectures.size(), 40U);
  EXPECT_NEAR(static_cast<double>(nationwide) / kCount, 0.6, 0.05);
  EXPECT_NEAR(static_cast<double>(valid) / kCount, 0.8, 0.05);
  EXPECT_EQ(registrars.size(), 12U);
  EXPECT_GT(names.size(), kCount * 8 / 10) << "names should be mostly unique";
}

TEST(SynthQueries, BenchmarkQueriesCycleThroughTheCategoriesAndParse) {
  const auto queries = GenerateQueries(180, 1);
  ASSERT_EQ(queries.size(), 180U);
  EXPECT_EQ(GenerateQueries(180, 1).back().params, queries.back().params);
  const auto& categories = QueryCategories();
  ASSERT_EQ(categories.size(), 9U);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    EXPECT_EQ(q.category, categories[i % categories.size()]);
    auto parsed = services::ParseSearchParams(ToParams(q), Date{2026, 11, 28});
    ASSERT_TRUE(parsed) << Describe(q) << " → " << parsed.error().message;
    const bool has_text = !search::QueryTerms(parsed->query.text).empty();
    EXPECT_EQ(has_text, q.category != "facets_only") << Describe(q);
    const std::size_t filters = parsed->query.types.size() + parsed->query.prefectures.size() +
                                parsed->query.industries.size() + parsed->query.registrars.size() +
                                (parsed->query.regions != 0 ? 1 : 0);
    if (q.category == "text_facets" || q.category == "facets_only") {
      EXPECT_GE(filters, 1U) << Describe(q);
      EXPECT_LE(filters, 3U) << Describe(q);
    } else {
      EXPECT_EQ(filters, 0U) << Describe(q);
    }
    if (q.category == "deep_page") {
      EXPECT_GE(parsed->page, 20) << Describe(q);
      EXPECT_LE(parsed->page, 200) << Describe(q);
      EXPECT_EQ(parsed->per_page, 20);
    }
  }
}

// The words of the benchmark queries occur in the listings (rare words rarely).
TEST(SynthQueries, BenchmarkWordsOccurInTheListings) {
  struct Doc {
    std::string name, provider, overview;
  };
  std::vector<Doc> docs;
  GenerateServices(WithCount(2500, 5), [&](Service&& s) {
    docs.push_back({NormalizeForSearch(s.name), NormalizeForSearch(s.provider), NormalizeForSearch(s.overview)});
  });
  auto hits = [&](const std::string& text) {
    const auto terms = search::QueryTerms(text);
    std::size_t n = 0;
    for (const auto& d : docs) {
      n += std::all_of(terms.begin(), terms.end(),
                       [&](const std::string& t) {
                         return search::TermMatches(d.name, t) || search::TermMatches(d.provider, t) ||
                                search::TermMatches(d.overview, t);
                       })
               ? 1
               : 0;
    }
    return n;
  };
  std::size_t rare_hits = 0;
  for (const auto& q : GenerateQueries(180, 3)) {
    const std::string text(ParamValue(q, "q"));
    if (text.empty()) continue;
    const std::size_t n = hits(text);
    if (q.category == "rare") {
      EXPECT_LE(n, 3U) << text;
      rare_hits += n;
    } else {
      EXPECT_GE(n, 1U) << Describe(q);
    }
  }
  // 20 rare words at about 15 per million listings: hardly any of them in 2,500.
  EXPECT_LE(rare_hits, 5U);
}

TEST(SynthQueries, RandomQueriesParseAndCoverEveryParameter) {
  const auto queries = RandomQueries(1500, 11);
  EXPECT_EQ(RandomQueries(1500, 11).back().params, queries.back().params);
  std::map<std::string, std::set<std::string>> seen;
  std::size_t multi_term = 0;
  for (const auto& q : queries) {
    auto parsed = services::ParseSearchParams(ToParams(q), Date{2026, 11, 28});
    ASSERT_TRUE(parsed) << Describe(q) << " → " << parsed.error().message;
    for (const auto& [k, v] : q.params) seen[k].insert(v);
    if (search::QueryTerms(parsed->query.text).size() > 1) ++multi_term;
    if (auto as_of = ParamValue(q, "as_of"); !as_of.empty()) {
      EXPECT_GE(as_of, "2018-01-01");
      EXPECT_LE(as_of, "2031-12-31");
    }
    EXPECT_GE(parsed->page, 1);
    EXPECT_LE(parsed->page, 5);
  }
  for (const char* key : {"q", "type", "industry", "prefecture", "registrar", "region", "status", "as_of", "sort",
                          "order", "page", "per_page"}) {
    EXPECT_TRUE(seen.count(key)) << key;
  }
  EXPECT_EQ(seen["status"], (std::set<std::string>{"valid", "expired", "all"}));
  EXPECT_EQ(seen["sort"], (std::set<std::string>{"relevance", "name", "registered_on", "expires_on"}));
  EXPECT_EQ(seen["order"], (std::set<std::string>{"asc", "desc"}));
  EXPECT_EQ(seen["page"], (std::set<std::string>{"1", "2", "3", "4", "5"}));
  EXPECT_GT(seen["per_page"].size(), 50U);
  EXPECT_TRUE(seen["region"].count("日本全国"));
  EXPECT_TRUE(seen["region"].count("関東"));
  EXPECT_GT(multi_term, 100U);
  for (const char* type : {"audit", "vulnerability_assessment", "penetration_test", "forensics", "monitoring",
                           "device_verification"}) {
    EXPECT_TRUE(seen["type"].count(type)) << type;
  }
}

TEST(SynthTextVariants, MatchWhatSearchNormalisationUndoes) {
  EXPECT_EQ(FullwidthAscii("SOC2 Web"), "ＳＯＣ２ Ｗｅｂ");
  EXPECT_EQ(HalfwidthKatakana("フォレンジック"), "ﾌｫﾚﾝｼﾞｯｸ");
  EXPECT_EQ(HalfwidthKatakana("パープル・ヴィーナス診断"), "ﾊﾟｰﾌﾟﾙ･ｳﾞｨｰﾅｽ診断");
  EXPECT_EQ(KatakanaToHiragana("フォレンジック"), "ふぉれんじっく");
  EXPECT_EQ(HiraganaToKatakana("ふぉれんじっく"), "フォレンジック");
  const std::string all_katakana =
      "ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプ"
      "ヘベペホボポマミムメモャヤュユョヨラリルレロワヲンヴー・";
  EXPECT_EQ(Nfkc(HalfwidthKatakana(all_katakana)), all_katakana);
  EXPECT_EQ(NormalizeForSearch(HalfwidthKatakana(all_katakana)), NormalizeForSearch(all_katakana));
  EXPECT_EQ(NormalizeForSearch(KatakanaToHiragana("セキュリティ診断")), NormalizeForSearch("セキュリティ診断"));
  EXPECT_EQ(CodePointCount("ｶﾞ診断A"), 5U);  // ｶ ﾞ 診 断 A
}

}  // namespace
}  // namespace proven::synth
