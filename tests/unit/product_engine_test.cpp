// The verified-product catalogue's schema (search/product_engine.hpp) on the schema-driven
// engine: random products and queries, before and after writes, must give exactly what the
// brute-force reference gives on the same documents; and the mapping of a published product.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "core/date.hpp"
#include "search/product_engine.hpp"

namespace proven::search {
namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t Next() {
    s += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }
};

const std::vector<std::string> kWords = {"WAF", "ＷＡＦ", "waf2", "検知", "防御", "EDR", "ｴﾝﾄﾞﾎﾟｲﾝﾄ", "エンドポイント",
                                         "えんどぽいんと", "クラウド", "SaaS", "監視", "ログ", "解析", "AI", "A",
                                         "脆弱性", "診断", "ゼロトラスト", "認証", "OT", "IoT", "製品", "1"};
const std::vector<std::string> kVendors = {"株式会社アルファ", "ベータ合同会社", "ガンマ株式会社", "デルタ社", "イプシロン"};
const std::vector<std::string> kDeployments = {"saas", "on_premises", "appliance", "hybrid", "other"};

std::string Text(Rng& r, std::size_t words) {
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    s += r.Pick(kWords);
    if (r.Chance(30)) s += r.Chance(50) ? " " : "、";
  }
  return s;
}

domain::PublishedProduct RandomProduct(Rng& r, std::int64_t id) {
  domain::PublishedProduct p;
  p.id = id;
  p.name = Text(r, 1 + r.Below(3));
  p.vendor = r.Pick(kVendors);
  p.overview = Text(r, r.Below(10));
  for (std::size_t i = 1 + r.Below(3); i > 0; --i) p.field_ids.push_back(1 + static_cast<std::int64_t>(r.Below(6)));
  for (std::size_t i = r.Below(3); i > 0; --i) p.deployment.push_back(r.Pick(kDeployments));
  p.fiscal_year_verified = 2024 + static_cast<int>(r.Below(4));
  p.first_published_at = fmt::format("{}-{:02}-{:02}T0{}:00:00Z", p.fiscal_year_verified, 1 + r.Below(12),
                                     1 + r.Below(28), r.Below(10));
  p.latest_version = 1;
  return p;
}

Doc RandomDoc(Rng& r, std::int64_t id) { return ToProductDoc(RandomProduct(r, id), Text(r, r.Below(4))); }

ProductQuery RandomQuery(Rng& r) {
  ProductQuery q;
  const std::size_t terms = r.Chance(30) ? 0 : 1 + r.Below(2);
  for (std::size_t i = 0; i < terms; ++i) {
    if (i) q.text += r.Chance(50) ? " " : "\u3000";
    q.text += r.Chance(10) ? "該当なし" : r.Pick(kWords);
  }
  if (r.Chance(30)) q.fields.push_back(1 + static_cast<std::int64_t>(r.Below(7)));
  if (r.Chance(10)) q.fields.push_back(1 + static_cast<std::int64_t>(r.Below(7)));
  if (r.Chance(20)) q.vendors.push_back(r.Chance(90) ? r.Pick(kVendors) : "存在しない社");
  if (r.Chance(20)) q.deployment.push_back(r.Pick(kDeployments));
  if (r.Chance(15)) q.years.push_back(2024 + static_cast<int>(r.Below(5)));
  q.sort = static_cast<ProductSort>(r.Below(3));
  q.descending = r.Chance(50);
  const std::size_t per_page = r.Chance(80) ? 20 : 1 + r.Below(100);
  q.offset = (r.Chance(70) ? 0 : r.Below(40)) * per_page;
  q.limit = r.Chance(5) ? 0 : per_page;
  return q;
}

void Check(const ProductEngine& engine, const std::vector<Doc>& docs, Rng& r, int queries) {
  const ProductReference reference(docs);
  int failures = 0;
  for (int i = 0; i < queries && failures < 5; ++i) {
    const auto q = RandomQuery(r);
    const auto want = reference.Search(q);
    const auto got = engine.Search(q);
    if (got != want) {
      ++failures;
      ADD_FAILURE() << "query " << i << ": '" << q.text << "' sort " << static_cast<int>(q.sort) << "\n total "
                    << got.total << " vs " << want.total << ", ids equal: " << (got.ids == want.ids)
                    << ", facets equal: " << (got.facets == want.facets);
    }
  }
}

TEST(ProductEngine, MatchesTheReferenceBeforeAndAfterWrites) {
  Rng r{20261130};
  std::vector<Doc> docs;
  for (std::int64_t id = 1; id <= 3000; ++id) docs.push_back(RandomDoc(r, id * 3));
  ProductEngine engine;
  engine.Build(docs);
  Check(engine, docs, r, 1500);

  // Corrections (same id, new text and facets), new products (with a field and a vendor the
  // base has never seen) and removals, in the overlay.
  std::vector<Doc> upserts;
  std::vector<std::int64_t> removals;
  for (int i = 0; i < 200; ++i) {
    const std::size_t k = r.Below(docs.size());
    Doc changed = RandomDoc(r, docs[k].id);
    docs[k] = changed;
    upserts.push_back(changed);
  }
  for (int i = 0; i < 60; ++i) {
    auto p = RandomProduct(r, 100000 + i);
    if (r.Chance(30)) p.field_ids.push_back(7);
    if (r.Chance(30)) p.vendor = "新規ベンダー";
    docs.push_back(ToProductDoc(p, "新しい強み"));
    upserts.push_back(docs.back());
  }
  for (int i = 0; i < 50; ++i) {
    const std::size_t k = r.Below(docs.size());
    removals.push_back(docs[k].id);
    docs.erase(docs.begin() + static_cast<std::ptrdiff_t>(k));
  }
  engine.Apply(upserts, {});
  engine.Apply({}, removals);
  Check(engine, docs, r, 1500);
}

TEST(ProductEngine, MapsAPublishedProduct) {
  domain::PublishedProduct p;
  p.id = 7;
  p.name = "ThreatLens";
  p.vendor = "株式会社アルファ";
  p.overview = "脅威を可視化する";
  p.field_ids = {3, 1};
  p.deployment = {"saas", "hybrid"};
  p.fiscal_year_verified = 2026;
  p.first_published_at = "2027-03-31T16:00:00Z";  // 2027-04-01 in Tokyo
  const Doc d = ToProductDoc(p, "高い検知率\n低い誤検知");
  EXPECT_EQ(d.id, 7);
  EXPECT_EQ(d.text, (std::vector<std::string>{"ThreatLens", "株式会社アルファ", "脅威を可視化する", "高い検知率\n低い誤検知"}));
  EXPECT_EQ(d.facets[product_slots::kField], (std::vector<std::string>{"3", "1"}));
  EXPECT_EQ(d.facets[product_slots::kYear], (std::vector<std::string>{"2026"}));
  EXPECT_EQ(d.dates[0], proven::Date::FromYmd(2027, 4, 1)->DaysSinceEpoch());

  ProductEngine engine;
  auto older = p;
  older.id = 8;
  older.name = "ThreatLens Lite";
  older.first_published_at = "2026-06-01T00:00:00Z";
  engine.Build({d, ToProductDoc(older, "")});
  // Keyword over the strong points, with width and kana folding.
  ProductQuery q;
  q.text = "けんち";
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{}));
  q.text = "検知率";
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{7}));
  q.text = "ｔｈｒｅａｔｌｅｎｓ";
  q.sort = ProductSort::kRelevance;
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{7, 8})) << "the exact title first";
  q.text.clear();
  q.sort = ProductSort::kNewest;
  q.descending = true;
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{7, 8}));
  // Disjunctive counts: the field facet counts as if its own selection were not there.
  q.fields = {1};
  q.years = {2025};
  const auto res = engine.Search(q);
  EXPECT_EQ(res.total, 0u);
  EXPECT_EQ(res.facets.year, (std::vector<FacetValue>{{"2026", 2}}));
}

}  // namespace
}  // namespace proven::search
