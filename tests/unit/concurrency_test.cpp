// Searches while services change and the index is swapped underneath them: readers on several
// threads, one writer committing changes and syncing the index, one thread rebuilding the base.
// Run under ThreadSanitizer by `make asan-test` (preset tsan); in the normal suite it checks
// that every search sees a consistent state.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "search/service_query.hpp"
#include "services/import_service.hpp"
#include "services/registry_service.hpp"
#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

constexpr Date kToday{2026, 11, 28};
constexpr int kServices = 600;
constexpr int kWrites = 1500;

std::string Csv() {
  std::string csv = "サービス名,事業者名称,事業者所在地,サービスの概要,登録年月日,有効期限,審査登録機関名,サービス種別\n";
  const char* types[] = {"脆弱性診断", "情報セキュリティ監査", "デジタルフォレンジック"};
  for (int i = 0; i < kServices; ++i) {
    csv += fmt::format("並行サービス{},事業者{},東京都港区{}-1,初期の概要 {},2025/01/01,2030/12/31,機構{},{}\n", i, i % 50, i,
                       i, i % 3, types[i % 3]);
  }
  return csv;
}

TEST(Concurrency, SearchesStayConsistentDuringWritesAndIndexSwaps) {
  testing::TempDir dir;
  testing::TestDatabase database(dir, "c.db");
  store::ConnectionPool pool(database.spec(), true);
  {
    auto conn = pool.Acquire();
    ASSERT_TRUE(conn);
    ASSERT_TRUE(store::ApplyMigrations(**conn));
  }
  store::SqlServiceStore store(pool);
  services::RegistryService registry(store, search::EngineOptions{16u << 20, 2});
  auto imported = services::ImportService(store, registry).Import(Csv(), false);
  ASSERT_TRUE(imported && imported->problems.empty());
  ASSERT_TRUE(registry.Reload());

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<long> searches{0};

  // Every service's overview holds exactly one of 初期 or 更新: a search for either, plus the
  // other, must never count more than all services, and the two together always cover all.
  auto reader = [&](unsigned seed) {
    search::ServiceQuery all;
    all.as_of = kToday;
    all.status = search::StatusFilter::kAll;
    all.limit = 5;
    while (!done.load()) {
      search::ServiceQuery initial = all, updated = all;
      initial.text = "初期";
      updated.text = "更新";
      if (seed % 2) updated.types.push_back(domain::ServiceType::kVulnerabilityAssessment);
      auto a = registry.Search(initial);
      auto b = registry.Search(updated);
      auto c = registry.Search(all);
      if (!a || !b || !c || c->total != static_cast<std::size_t>(kServices) || a->total > c->total ||
          b->total > c->total) {
        ++failures;
      }
      for (const auto& s : a ? a->items : std::vector<domain::Service>{}) {
        if (s.overview.find("初期") == std::string::npos && s.overview.find("更新") == std::string::npos) ++failures;
      }
      auto one = registry.GetService(1 + static_cast<std::int64_t>(seed++ % kServices));
      if (!one || !*one) ++failures;
      ++searches;
    }
  };

  std::vector<std::thread> threads;
  for (unsigned i = 0; i < 3; ++i) threads.emplace_back(reader, i);
  std::thread swapper([&] {
    int n = 0;
    while (!done.load()) {
      if (!registry.CompactIfNeeded()) ++failures;
      if (++n % 50 == 0 && !registry.Reload()) ++failures;
      std::this_thread::yield();
    }
  });

  for (int i = 0; i < kWrites; ++i) {
    const std::int64_t id = 1 + (i * 7) % kServices;
    auto st = store.Write([&](store::ServiceWriter& w) -> Status {
      auto found = w.Find(id);
      if (!found || !*found) return Fail(ErrorCode::kInternal, "missing");
      domain::Service s = **found;
      s.overview = fmt::format("更新 {}", i);
      return w.Update(s);
    });
    ASSERT_TRUE(st) << st.error().message;
    if (i % 3 == 0) {
      ASSERT_TRUE(registry.Sync());
    }
  }
  ASSERT_TRUE(registry.Sync());
  done.store(true);
  for (auto& t : threads) t.join();
  swapper.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(searches.load(), 0);
  // After the last sync the index says exactly what the store says.
  search::ServiceQuery updated;
  updated.as_of = kToday;
  updated.status = search::StatusFilter::kAll;
  updated.text = "更新";
  auto page = registry.Search(updated);
  ASSERT_TRUE(page);
  int expected = 0;
  ASSERT_TRUE(store.ForEach([&](domain::Service&& s) { expected += s.overview.starts_with("更新") ? 1 : 0; }));
  EXPECT_EQ(page->total, static_cast<std::size_t>(expected));
  EXPECT_EQ(expected, kServices) << "1,500 writes stepping by 7 touch every one of 600 services";
}

}  // namespace
}  // namespace proven
