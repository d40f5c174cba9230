// The search engine against the brute-force reference: random documents and thousands of
// random queries, before and after writes, must give identical totals, pages and facets.
#include <gtest/gtest.h>

#include <set>

#include "domain/regions.hpp"
#include "domain/service_fields.hpp"
#include "search/service_engine.hpp"

namespace proven::search {
namespace {

// A tiny deterministic PRNG (std distributions differ between library versions).
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

const std::vector<std::string> kWords = {
    "監査", "診断", "セキュリティ", "ｾｷｭﾘﾃｨ", "フォレンジック", "ふぉれんじっく", "SOC", "ＳＯＣ", "SOC2", "soc",
    "IoT", "OT", "(OT)", "制御システム", "Web", "ｗｅｂ", "アプリ", "クラウド", "AWS", "東京", "京都", "東京都",
    "調査", "復旧", "解析", "サービス", "支援", "ISMS", "PCI DSS", "わかりやすく", "ワカリヤスク", "報告書", "24時間",
    "CSIRT", "EDR", "XDR", "監視", "運用", "脆弱性", "ペネトレーション", "テスト", "A", "Ab", "ab1", "1",
};
const std::vector<std::string> kIndustries = {"全業種", "製造業", "機械・電機・精密機器", "金融・保険業", "医療・福祉"};
const std::vector<std::string> kRegistrars = {"機構A", "機構B", "機構C", "協会D"};
// Registration numbers, some equal to a word of kWords once normalised (SOC, ab1), so that a
// keyword finds documents both by their text and by their number.
const std::vector<std::string> kNumbers = {"JASA-A-0123", "ＪＡＳＡ－Ｂ－０００７", "第2024-015号", "SOC", "ab1", "jasa-a-0123"};

std::string Text(Rng& r, std::size_t words) {
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    s += r.Pick(kWords);
    if (r.Chance(30)) s += r.Chance(50) ? " " : "、";
  }
  return s;
}

IndexDoc RandomDoc(Rng& r, std::int64_t id) {
  IndexDoc d;
  d.id = id;
  d.name = Text(r, 1 + r.Below(3));
  d.provider = Text(r, 1 + r.Below(2));
  d.overview = Text(r, r.Below(12));
  d.type = domain::kServiceTypes[r.Below(6)];
  d.prefecture = r.Chance(3) ? -1 : static_cast<int>(r.Below(r.Chance(60) ? 3 : 47)) + (r.Chance(60) ? 11 : 0);
  if (d.prefecture >= 47) d.prefecture = 12;
  // The registration body's organisation id usually goes with its name, but not always: a body
  // renamed, or two bodies whose names look alike. Scoping must follow the id alone.
  const std::size_t reg = r.Below(kRegistrars.size());
  d.registrar = kRegistrars[reg];
  if (!r.Chance(10)) d.registrar_org_id = static_cast<std::int64_t>(r.Chance(85) ? reg + 1 : 1 + r.Below(6));
  for (std::size_t i = r.Below(3); i > 0; --i) d.industries.push_back(r.Pick(kIndustries));
  d.coverage = r.Chance(50) ? domain::kAllPrefectures : (domain::RegionMask{1} << r.Below(47)) | (domain::RegionMask{1} << r.Below(47));
  d.registered_days = 18000 + static_cast<std::int64_t>(r.Below(3000));
  d.expires_days = d.registered_days + static_cast<std::int64_t>(r.Below(1500));
  d.state = r.Chance(80) ? domain::ServiceState::kActive
                         : (r.Chance(50) ? domain::ServiceState::kSuspended : domain::ServiceState::kRevoked);
  if (r.Chance(20)) d.registration_number = domain::RegistrationNumberKey(r.Pick(kNumbers));
  return d;
}

ServiceQuery RandomQuery(Rng& r) {
  ServiceQuery q;
  const std::size_t terms = r.Chance(30) ? 0 : 1 + r.Below(2);
  for (std::size_t i = 0; i < terms; ++i) {
    if (i) q.text += r.Chance(50) ? " " : "\u3000";
    q.text += r.Chance(10) ? "該当なし" : r.Chance(10) ? r.Pick(kNumbers) : r.Pick(kWords);
  }
  if (r.Chance(10)) q.registration_number = r.Chance(80) ? r.Pick(kNumbers) : "JASA-A";
  if (r.Chance(30)) q.types.push_back(domain::kServiceTypes[r.Below(6)]);
  if (r.Chance(10)) q.types.push_back(domain::kServiceTypes[r.Below(6)]);
  if (r.Chance(20)) q.prefectures.emplace_back(domain::Prefectures()[r.Chance(70) ? 12 : r.Below(47)].name);
  if (r.Chance(20)) q.registrars.push_back(r.Chance(90) ? r.Pick(kRegistrars) : "存在しない機構");
  if (r.Chance(20)) q.industries.push_back(r.Pick(kIndustries));
  if (r.Chance(15)) q.providers.push_back(r.Chance(85) ? Text(r, 1 + r.Below(2)) : "存在しない事業者");
  if (r.Chance(5)) q.providers.push_back(Text(r, 1));
  if (r.Chance(15)) q.registrar_org_id = static_cast<std::int64_t>(1 + r.Below(7));  // 7: no such body
  if (r.Chance(25)) q.regions = domain::FindRegion(r.Chance(50) ? "関東" : "福岡県")->mask;
  q.status = std::vector{StatusFilter::kValid, StatusFilter::kExpired, StatusFilter::kAll, StatusFilter::kSuspended,
                         StatusFilter::kRevoked}[r.Below(5)];
  q.as_of = Date::FromDays(18000 + static_cast<std::int64_t>(r.Below(4000)));
  // Expiry ranges: either bound or both, sometimes empty (from > to), sometimes a single day.
  if (r.Chance(25)) {
    const auto from = 18000 + static_cast<std::int64_t>(r.Below(4500));
    if (r.Chance(70)) q.expires_from = Date::FromDays(from);
    if (r.Chance(70)) q.expires_to = Date::FromDays(r.Chance(10) ? from : from - 200 + static_cast<std::int64_t>(r.Below(1500)));
  }
  q.sort = std::vector{SortKey::kRelevance, SortKey::kName, SortKey::kRegisteredOn, SortKey::kExpiresOn}[r.Below(4)];
  q.descending = r.Chance(50);
  const std::size_t per_page = r.Chance(80) ? 20 : 1 + r.Below(100);
  q.offset = (r.Chance(70) ? 0 : r.Below(60)) * per_page;
  q.limit = per_page;
  return q;
}

std::string Describe(const ServiceQuery& q) {
  return "q='" + q.text + "' types=" + std::to_string(q.types.size()) + " prefs=" + std::to_string(q.prefectures.size()) +
          " regs=" + std::to_string(q.registrars.size()) + " providers=" + std::to_string(q.providers.size()) + " inds=" + std::to_string(q.industries.size()) +
         " region=" + std::to_string(q.regions) +
         " org=" + (q.registrar_org_id ? std::to_string(*q.registrar_org_id) : std::string("-")) + " status=" + std::to_string(static_cast<int>(q.status)) +
         " as_of=" + q.as_of.ToIso() + " expires=" + (q.expires_from ? q.expires_from->ToIso() : std::string("-")) + ".." +
         (q.expires_to ? q.expires_to->ToIso() : std::string("-")) + " sort=" + std::to_string(static_cast<int>(q.sort)) +
         (q.descending ? " desc" : "") + " offset=" + std::to_string(q.offset) + " limit=" + std::to_string(q.limit);
}

class EngineVsReference : public ::testing::Test {
 protected:
  void Check(const SearchEngine& engine, const std::vector<IndexDoc>& docs, Rng& r, int queries) {
    const ServiceReference reference(docs);
    int failures = 0;
    for (int i = 0; i < queries && failures < 5; ++i) {
      const auto q = RandomQuery(r);
      const auto want = reference.Search(q);
      const auto got = engine.Search(q);
      if (got != want) {
        ++failures;
        ADD_FAILURE() << "query " << i << ": " << Describe(q) << "\n total " << got.total << " vs " << want.total
                      << ", ids equal: " << (got.ids == want.ids) << ", facets equal: " << (got.facets == want.facets);
      }
    }
  }
};

TEST_F(EngineVsReference, ThousandsOfRandomQueriesBeforeAndAfterWrites) {
  Rng r{20261128};
  std::vector<IndexDoc> docs;
  // Enough documents for every code path: sparse and dense sets, and results above the size
  // where pages are taken by walking the precomputed orders.
  for (std::int64_t id = 1; id <= 12000; ++id) docs.push_back(RandomDoc(r, id * 3));
  SearchEngine engine;
  engine.Build(docs);
  Check(engine, docs, r, 1500);

  // Writes: change some documents, add new ones (also with values the base has never seen),
  // remove others. The engine must answer exactly as a fresh scan of the new state.
  std::vector<IndexDoc> changed;
  for (int i = 0; i < 300; ++i) {
    auto& d = docs[r.Below(docs.size())];
    if (r.Chance(30)) {
      // Only the state changes (a suspension, resumption or revocation).
      IndexDoc next = d;
      next.state = static_cast<domain::ServiceState>(r.Below(3));
      d = next;
      changed.push_back(next);
      continue;
    }
    auto fresh = RandomDoc(r, d.id);
    if (r.Chance(20)) fresh.registrar = "新しい機構";
    if (r.Chance(10)) fresh.registrar_org_id = 9;  // a body the base has never seen
    if (r.Chance(20)) fresh.industries.push_back("新しい業種");
    d = fresh;
    changed.push_back(fresh);
  }
  for (int i = 0; i < 200; ++i) {
    auto fresh = RandomDoc(r, 100000 + i);
    docs.push_back(fresh);
    changed.push_back(fresh);
  }
  std::vector<std::int64_t> removed;
  for (int i = 0; i < 150; ++i) {
    const std::size_t k = r.Below(docs.size());
    removed.push_back(docs[k].id);
    docs.erase(docs.begin() + static_cast<std::ptrdiff_t>(k));
  }
  // Removing after upserting the same id must win, as in the store.
  std::vector<IndexDoc> upserts;
  for (auto& d : changed) {
    if (std::find(removed.begin(), removed.end(), d.id) == removed.end()) upserts.push_back(d);
  }
  engine.Apply(upserts, removed);
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  Check(engine, docs, r, 1500);
  std::set<std::int64_t> distinct;
  for (const auto& d : upserts) distinct.insert(d.id);
  EXPECT_EQ(engine.Stats().overlay_docs, distinct.size());
}

TEST(Engine, ARegistrarScopeFollowsTheOrganisationIdNotTheNameAndIsNoFacet) {
  // Two bodies whose names differ only in width, case and spaces, and a third that took over a
  // name (services keep the id of the body that registered them).
  auto doc = [](std::int64_t id, std::string registrar, std::optional<std::int64_t> org) {
    IndexDoc d;
    d.id = id;
    d.name = "サービス" + std::to_string(id);
    d.provider = "株式会社" + std::to_string(id);
    d.registrar = std::move(registrar);
    d.registrar_org_id = org;
    d.registered_days = 18000;
    d.expires_days = 30000;
    return d;
  };
  std::vector<IndexDoc> docs = {doc(1, "ABC審査機構", 1), doc(2, "ＡＢＣ審査機構", 2), doc(3, "abc 審査機構", 3),
                                doc(4, "ABC審査機構", 4), doc(5, "ABC審査機構", std::nullopt)};
  SearchEngine engine;
  engine.Build(docs);
  auto ids_of = [&](std::optional<std::int64_t> org) {
    ServiceQuery q;
    q.status = StatusFilter::kAll;
    q.as_of = Date::FromDays(20000);
    q.sort = SortKey::kRegisteredOn;
    q.limit = 0;
    q.registrar_org_id = org;
    return engine.Search(q);
  };
  for (std::int64_t org = 1; org <= 4; ++org) {
    const auto r = ids_of(org);
    EXPECT_EQ(r.ids, std::vector<std::int64_t>{org}) << "body " << org;
    ASSERT_EQ(r.facets.registrar.size(), 1u) << "counts only within the scope";
    EXPECT_EQ(r.facets.registrar[0].count, 1);
  }
  EXPECT_TRUE(ids_of(99).ids.empty());
  EXPECT_EQ(ids_of(std::nullopt).total, 5u);

  // The same through the overlay: a service moves to another body by id only.
  auto moved = docs[0];
  moved.registrar_org_id = 2;
  engine.Upsert({moved});
  EXPECT_TRUE(ids_of(1).ids.empty());
  EXPECT_EQ(ids_of(2).ids, (std::vector<std::int64_t>{1, 2}));
  docs[0] = moved;
  ServiceQuery q;
  q.status = StatusFilter::kAll;
  q.as_of = Date::FromDays(20000);
  q.registrar_org_id = 2;
  EXPECT_EQ(engine.Search(q), ServiceReference(docs).Search(q));
}

TEST(Engine, ARegistrationNumberIsFoundWholeByTheParameterAndByTheKeywordNeverInPart) {
  auto doc = [](std::int64_t id, std::string name, std::string number) {
    IndexDoc d;
    d.id = id;
    d.name = std::move(name);
    d.provider = "株式会社" + std::to_string(id);
    d.registrar = "機構A";
    d.registration_number = domain::RegistrationNumberKey(number);
    d.registered_days = 18000 + id;
    d.expires_days = 30000;
    return d;
  };
  // Service 3's name holds the number of service 1 as text; service 2 has none.
  std::vector<IndexDoc> docs = {doc(1, "監査サービス", "JASA-A-0123"), doc(2, "診断サービス", ""),
                                doc(3, "JASA-A-0123対応 診断", "第2024-015号")};
  SearchEngine engine;
  engine.Build(docs);
  auto search = [&](std::string text, std::string number) {
    ServiceQuery q;
    q.text = std::move(text);
    q.registration_number = std::move(number);
    q.status = StatusFilter::kAll;
    q.as_of = Date::FromDays(20000);
    q.sort = SortKey::kRelevance;
    q.limit = 0;
    const auto got = engine.Search(q);
    EXPECT_EQ(got, ServiceReference(docs).Search(q)) << q.text << " / " << q.registration_number;
    return got.ids;
  };
  using Ids = std::vector<std::int64_t>;
  // The parameter: exact after NFKC and case folding; part of a number, or a name, finds nothing.
  EXPECT_EQ(search("", "JASA-A-0123"), Ids{1});
  EXPECT_EQ(search("", "ｊａｓａ－ａ－０１２３"), Ids{1});
  EXPECT_EQ(search("", "第２０２４－０１５号"), Ids{3});
  EXPECT_TRUE(search("", "JASA-A").empty());
  EXPECT_TRUE(search("", "0123").empty());
  EXPECT_TRUE(search("", "監査サービス").empty());
  // The keyword: the number finds its service first (top tier), then the text matches.
  EXPECT_EQ(search("JASA-A-0123", ""), (Ids{1, 3}));
  EXPECT_EQ(search("jasa-a-0123", ""), (Ids{1, 3}));
  EXPECT_EQ(search("第2024-015号", ""), Ids{3});
  // Part of a number is only text: service 3's name holds "JASA-A", service 1 has it only as a number.
  EXPECT_EQ(search("JASA-A", ""), Ids{3});
  EXPECT_TRUE(search("015号", "").empty());
  // Both: the keyword and the parameter combine (AND).
  EXPECT_EQ(search("JASA-A-0123", "第2024-015号"), Ids{3});
  // No number is no filter and no term.
  EXPECT_EQ(search("", "").size(), 3u);

  // The overlay: a new number is found at once, the old one no more.
  auto changed = docs[1];
  changed.registration_number = domain::RegistrationNumberKey("JASA-A-0999");
  engine.Upsert({changed});
  docs[1] = changed;
  EXPECT_EQ(search("", "JASA-A-0999"), Ids{2});
  EXPECT_EQ(search("JASA-A-0999", ""), Ids{2});
  auto cleared = docs[0];
  cleared.registration_number.clear();
  engine.Upsert({cleared});
  docs[0] = cleared;
  EXPECT_TRUE(search("", "JASA-A-0123").empty());
  EXPECT_EQ(search("JASA-A-0123", ""), Ids{3});
}

TEST(Engine, ExpiryRangesAreInclusiveAndApplyToBaseAndOverlay) {
  // Services expiring on days 100, 101, ..., 109; one more (id 11) added after the base.
  std::vector<IndexDoc> docs;
  for (std::int64_t id = 1; id <= 10; ++id) {
    IndexDoc d;
    d.id = id;
    d.name = "サービス" + std::to_string(id);
    d.registered_days = 50;
    d.expires_days = 99 + id;
    docs.push_back(d);
  }
  SearchEngine engine;
  engine.Build(docs);
  IndexDoc late = docs[0];
  late.id = 11;
  late.expires_days = 103;
  engine.Upsert({late});
  docs.push_back(late);
  auto ids = [&](std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
    ServiceQuery q;
    q.status = StatusFilter::kAll;
    q.sort = SortKey::kExpiresOn;
    q.limit = 0;
    if (from) q.expires_from = Date::FromDays(*from);
    if (to) q.expires_to = Date::FromDays(*to);
    const auto got = engine.Search(q);
    EXPECT_EQ(got, ServiceReference(docs).Search(q));
    return got.ids;
  };
  EXPECT_EQ(ids(102, 104), (std::vector<std::int64_t>{3, 4, 11, 5}));
  EXPECT_EQ(ids(103, 103), (std::vector<std::int64_t>{4, 11}));
  EXPECT_EQ(ids(108, std::nullopt), (std::vector<std::int64_t>{9, 10}));
  EXPECT_EQ(ids(std::nullopt, 101), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(ids(105, 104).empty()) << "an empty range matches nothing";
  EXPECT_EQ(ids(std::nullopt, std::nullopt).size(), 11u);
}

TEST(Engine, WritesAreAtomicAndSearchesKeepTheirSnapshot) {
  SearchEngine engine;
  IndexDoc a;
  a.id = 1;
  a.name = "旧名称サービス";
  a.registered_days = 100;
  a.expires_days = 200;
  engine.Build({a});
  ServiceQuery q;
  q.status = StatusFilter::kAll;
  q.text = "旧名称";
  EXPECT_EQ(engine.Search(q).total, 1u);
  a.name = "新名称サービス";
  IndexDoc b = a;
  b.id = 2;
  b.name = "追加サービス";
  engine.Apply({a, b}, {});
  EXPECT_EQ(engine.Search(q).total, 0u) << "the old text is gone at once";
  q.text = "新名称";
  EXPECT_EQ(engine.Search(q).total, 1u);
  q.text = "サービス";
  EXPECT_EQ(engine.Search(q).total, 2u);
  engine.Remove({1});
  EXPECT_EQ(engine.Search(q).ids, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(engine.Stats().hidden_base_docs, 1u);
}

TEST(Engine, StatusFiltersUseTheStateBeforeTheDates) {
  // Four services valid by their dates on day 150: active, suspended, revoked, and one that
  // becomes suspended after the base was built (so the overlay path decides it).
  std::vector<IndexDoc> docs;
  for (std::int64_t id = 1; id <= 4; ++id) {
    IndexDoc d;
    d.id = id;
    d.name = "サービス" + std::to_string(id);
    d.registered_days = 100;
    d.expires_days = 200;
    docs.push_back(d);
  }
  docs[1].state = domain::ServiceState::kSuspended;
  docs[2].state = domain::ServiceState::kRevoked;
  SearchEngine engine;
  engine.Build(docs);
  docs[3].state = domain::ServiceState::kSuspended;
  engine.Upsert({docs[3]});
  auto ids = [&](StatusFilter status, std::int64_t day) {
    ServiceQuery q;
    q.status = status;
    q.as_of = Date::FromDays(day);
    q.sort = SortKey::kRegisteredOn;
    return engine.Search(q).ids;
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(ids(StatusFilter::kValid, 150), (Ids{1})) << "suspended and revoked services are never valid";
  EXPECT_EQ(ids(StatusFilter::kExpired, 250), (Ids{1})) << "nor expired";
  EXPECT_EQ(ids(StatusFilter::kSuspended, 150), (Ids{2, 4}));
  EXPECT_EQ(ids(StatusFilter::kSuspended, 250), (Ids{2, 4})) << "whatever the date";
  EXPECT_EQ(ids(StatusFilter::kRevoked, 50), (Ids{3}));
  EXPECT_EQ(ids(StatusFilter::kAll, 150), (Ids{1, 2, 3, 4}));
}

TEST(Engine, TermCacheIsBounded) {
  EngineOptions options;
  options.term_cache_bytes = 64 * 1024;
  SearchEngine engine(options);
  Rng r{7};
  std::vector<IndexDoc> docs;
  for (std::int64_t id = 1; id <= 20000; ++id) docs.push_back(RandomDoc(r, id));
  engine.Build(docs);
  ServiceQuery q;
  q.status = StatusFilter::kAll;
  for (const auto& w : kWords) {
    q.text = w;
    engine.Search(q);
  }
  EXPECT_LE(engine.Stats().cache_bytes, options.term_cache_bytes);
}

TEST(Engine, BuilderRequiresAscendingIds) {
  IndexBuilder b;
  IndexDoc d;
  d.id = 5;
  b.Add(d);
  d.id = 4;
  EXPECT_THROW(b.Add(d), std::invalid_argument);
}

}  // namespace
}  // namespace proven::search

#include "search/highlight.hpp"

namespace proven::search {
namespace {

std::vector<std::string> Marked(std::string_view text, const std::string& query) {
  std::vector<std::string> out;
  for (const auto& s : MatchSpans(text, QueryTerms(query))) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(Highlight, MapsNormalisedMatchesBackToTheOriginalText) {
  EXPECT_EQ(Marked("ﾌｫﾚﾝｼﾞｯｸ調査", "フォレンジック"), (std::vector<std::string>{"ﾌｫﾚﾝｼﾞｯｸ"}));
  EXPECT_EQ(Marked("ＳＯＣとSOC2", "soc"), (std::vector<std::string>{"ＳＯＣ", "SOC"}));
  EXPECT_EQ(Marked("IoTと制御システム(OT)", "OT"), (std::vector<std::string>{"OT"})) << "word-start rule";
  EXPECT_EQ(Marked("監査と診断の監査", "監査 診断"), (std::vector<std::string>{"監査", "診断", "監査"}));
  EXPECT_EQ(Marked("はじめての監査", "ハジメテ"), (std::vector<std::string>{"はじめて"}));
  EXPECT_TRUE(Marked("何もない", "監査").empty());
}

TEST(Highlight, SnippetWindowStartsNearTheFirstMatch) {
  const std::string text = std::string(60, 'a') + "監査" + std::string(200, 'b');
  const auto spans = MatchSpans(text, QueryTerms("監査"));
  const auto s = MakeSnippet(text, spans, 50);
  EXPECT_TRUE(s.cut_before);
  EXPECT_TRUE(s.cut_after);
  ASSERT_EQ(s.spans.size(), 1u);
  EXPECT_EQ(s.text.substr(s.spans[0].begin, s.spans[0].end - s.spans[0].begin), "監査");
  EXPECT_EQ(s.spans[0].begin, 20u);
  const auto whole = MakeSnippet("短い", {}, 50);
  EXPECT_FALSE(whole.cut_before || whole.cut_after);
}

}  // namespace
}  // namespace proven::search
