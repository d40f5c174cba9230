// The schema-driven engine on a catalogue that is not services: a hypothetical product catalogue
// with two text fields, three facets (fields, vendor, deployment form), a year-verified facet, a
// publication window with an "expiring" status and a withdrawn state, and no mask or scope. The
// real verified-product schema (search/product_engine.hpp, tested in product_engine_test.cpp) has
// no status rule, so this test keeps the status windows covered on a second schema. Thousands of
// random queries, before and after writes, must give exactly what the brute-force reference
// gives on the same schema.
#include <gtest/gtest.h>

#include "search/engine.hpp"
#include "search/reference.hpp"

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

enum ProductState : std::uint32_t { kPublished, kWithdrawn };
enum ProductDate : std::size_t { kVerifiedOn, kPublishedOn, kValidUntil };

std::shared_ptr<const Schema> ProductSchema() {
  auto s = std::make_shared<Schema>();
  s->text = {{"name", true}, {"overview", false}, {"strong_points", false}};
  s->facets = {{"field"}, {"vendor"}, {"deployment"}, {"year_verified"}};
  s->dates = {{"verified_on"}, {"published_on"}, {"valid_until"}};
  s->statuses = {{"current", 1u << kPublished, DateWindow::kCurrent, 0},
                 {"expiring", 1u << kPublished, DateWindow::kEnding, 90},
                 {"lapsed", 1u << kPublished, DateWindow::kEnded, 0},
                 {"withdrawn", 1u << kWithdrawn, DateWindow::kAny, 0}};
  s->status_start = kPublishedOn;
  s->status_end = kValidUntil;
  s->relevance_date = kVerifiedOn;
  s->sorts = {{"relevance", SortKind::kRelevance, -1},
              {"name", SortKind::kTitle, -1},
              {"verified_on", SortKind::kDate, kVerifiedOn},
              {"valid_until", SortKind::kDate, kValidUntil}};
  return s;
}

const std::vector<std::string> kWords = {"WAF", "ＷＡＦ", "waf2", "検知", "防御", "EDR", "ｴﾝﾄﾞﾎﾟｲﾝﾄ", "エンドポイント",
                                         "えんどぽいんと", "クラウド", "SaaS", "監視", "ログ", "解析", "AI", "A",
                                         "脆弱性", "診断", "ゼロトラスト", "認証", "OT", "IoT", "製品", "1"};
const std::vector<std::string> kFields = {"WAF", "EDR", "脆弱性診断", "ログ監視", "認証", "OTセキュリティ"};
const std::vector<std::string> kVendors = {"株式会社アルファ", "ベータ合同会社", "ガンマ株式会社", "デルタ社", "イプシロン"};
const std::vector<std::string> kDeployments = {"SaaS", "オンプレミス", "アプライアンス", "ハイブリッド"};

std::string Text(Rng& r, std::size_t words) {
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    s += r.Pick(kWords);
    if (r.Chance(30)) s += r.Chance(50) ? " " : "、";
  }
  return s;
}

Doc RandomProduct(Rng& r, std::int64_t id) {
  Doc d;
  d.id = id;
  d.text = {Text(r, 1 + r.Below(3)), Text(r, r.Below(10)), Text(r, r.Below(4))};
  d.facets.resize(4);
  for (std::size_t i = 1 + r.Below(3); i > 0; --i) d.facets[0].push_back(r.Pick(kFields));  // duplicates count once
  d.facets[1].push_back(r.Pick(kVendors));
  for (std::size_t i = r.Below(3); i > 0; --i) d.facets[2].push_back(r.Pick(kDeployments));
  const std::int64_t verified = 19000 + static_cast<std::int64_t>(r.Below(1500));
  d.facets[3].push_back(std::to_string(2022 + (verified - 19000) / 365));
  const std::int64_t published = verified + static_cast<std::int64_t>(r.Below(60));
  d.dates = {verified, published, published + static_cast<std::int64_t>(r.Below(1100))};
  d.state = r.Chance(90) ? kPublished : kWithdrawn;
  return d;
}

Query RandomQuery(Rng& r) {
  Query q;
  const std::size_t terms = r.Chance(30) ? 0 : 1 + r.Below(2);
  for (std::size_t i = 0; i < terms; ++i) {
    if (i) q.text += r.Chance(50) ? " " : "\u3000";
    q.text += r.Chance(10) ? "該当なし" : r.Pick(kWords);
  }
  q.facets.resize(4);
  if (r.Chance(30)) q.facets[0].push_back(r.Pick(kFields));
  if (r.Chance(10)) q.facets[0].push_back(r.Pick(kFields));
  if (r.Chance(20)) q.facets[1].push_back(r.Chance(90) ? r.Pick(kVendors) : "存在しない社");
  if (r.Chance(20)) q.facets[2].push_back(r.Pick(kDeployments));
  if (r.Chance(15)) q.facets[3].push_back(std::to_string(2022 + r.Below(5)));
  if (!r.Chance(25)) q.status = r.Below(4);
  q.as_of = 19000 + static_cast<std::int64_t>(r.Below(2500));
  q.sort = r.Below(4);
  q.descending = r.Chance(50);
  const std::size_t per_page = r.Chance(80) ? 20 : 1 + r.Below(100);
  q.offset = (r.Chance(70) ? 0 : r.Below(40)) * per_page;
  q.limit = r.Chance(5) ? 0 : per_page;
  return q;
}

void Check(const Schema& schema, const Engine& engine, const std::vector<Doc>& docs, Rng& r, int queries) {
  const auto normalised = NormaliseDocs(docs);
  int failures = 0;
  for (int i = 0; i < queries && failures < 5; ++i) {
    const auto q = RandomQuery(r);
    const auto want = ReferenceSearch(schema, docs, normalised, q);
    const auto got = engine.Search(q);
    if (got != want) {
      ++failures;
      ADD_FAILURE() << "query " << i << ": '" << q.text << "' sort " << q.sort << " status "
                    << (q.status ? static_cast<int>(*q.status) : -1) << "\n total " << got.total << " vs " << want.total
                    << ", ids equal: " << (got.ids == want.ids) << ", facets equal: " << (got.facets == want.facets);
    }
  }
}

TEST(ProductCatalogue, EngineMatchesTheReferenceBeforeAndAfterWrites) {
  const auto schema = ProductSchema();
  Rng r{20261130};
  std::vector<Doc> docs;
  for (std::int64_t id = 1; id <= 8000; ++id) docs.push_back(RandomProduct(r, id * 2));
  Engine engine(schema);
  engine.Build(docs);
  Check(*schema, engine, docs, r, 1000);

  // Updates, inserts (with facet values the base has never seen) and removals in the overlay.
  std::vector<Doc> upserts;
  std::vector<std::int64_t> removals;
  for (int i = 0; i < 400; ++i) {
    const std::size_t k = r.Below(docs.size());
    Doc changed = RandomProduct(r, docs[k].id);
    if (r.Chance(20)) changed.facets[1] = {"新規ベンダー" + std::to_string(r.Below(3))};
    docs[k] = changed;
    upserts.push_back(changed);
  }
  for (int i = 0; i < 100; ++i) {
    Doc added = RandomProduct(r, 100000 + i);
    if (r.Chance(30)) added.facets[0].push_back("新分野");
    docs.push_back(added);
    upserts.push_back(added);
  }
  for (int i = 0; i < 100; ++i) {
    const std::size_t k = r.Below(docs.size());
    removals.push_back(docs[k].id);
    docs.erase(docs.begin() + static_cast<std::ptrdiff_t>(k));
  }
  // Later writes win: apply the upserts, then the removals.
  engine.Upsert(upserts);
  engine.Remove(removals);
  Check(*schema, engine, docs, r, 1000);
}

TEST(ProductCatalogue, ExpiringIsCurrentAndEndingSoon) {
  const auto schema = ProductSchema();
  Doc base;
  base.text = {"製品", "", ""};
  base.facets = {{"WAF"}, {"デルタ社"}, {}, {"2025"}};
  std::vector<Doc> docs;
  for (std::int64_t id = 1; id <= 3; ++id) {
    Doc d = base;
    d.id = id;
    d.dates = {100, 100, 100 + 50 * id};  // valid until 150, 200, 250
    docs.push_back(d);
  }
  Engine engine(schema);
  engine.Build(docs);
  Query q;
  q.status = 1;  // expiring: within 90 days
  q.as_of = 140;
  q.sort = 3;
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{1, 2}));
  q.status = 0;
  EXPECT_EQ(engine.Search(q).total, 3u);
  q.status = 2;
  q.as_of = 210;
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(engine.Search(q), ReferenceSearch(*schema, docs, NormaliseDocs(docs), q));
}

TEST(ProductCatalogue, InvalidSchemasAreRefused) {
  auto s = std::make_shared<Schema>(*ProductSchema());
  s->text[0].ranks = false;
  EXPECT_THROW(Engine{s}, std::invalid_argument);
  auto t = std::make_shared<Schema>(*ProductSchema());
  t->sorts.push_back({"bad", SortKind::kDate, 7});
  EXPECT_THROW(Engine{t}, std::invalid_argument);
  // A base built on another schema cannot be swapped in.
  Engine engine(ProductSchema());
  EngineBuilder other(ProductSchema());
  EXPECT_THROW(engine.ReplaceBase(other.Finish()), std::invalid_argument);
}

}  // namespace
}  // namespace proven::search
