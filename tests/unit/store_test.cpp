// The SQL layer under contention, on SQLite and on PostgreSQL: writers wait for one another
// (busy timeout / lock_timeout on the writer lock) and a write that still cannot get the lock
// fails as kUnavailable, with a message a client may see.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/core.h>

#include "store/migrations.hpp"
#include "store/service_store.hpp"
#include "store/db.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

class StoreLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(path_, true);
    ASSERT_TRUE(c);
    ASSERT_TRUE(store::ApplyMigrations(**c));
  }
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "t.db"};
  std::string path_ = database_.spec();
};

TEST_F(StoreLockTest, ADefaultConnectionWaitsThirtySecondsForTheWriteLock) {
  EXPECT_EQ(store::kBusyTimeoutMs, 30000);
  auto holder = store::Connection::Open(path_, false);
  auto writer = store::Connection::Open(path_, false);
  ASSERT_TRUE(holder && writer);
  auto tx = store::Transaction::Begin(**holder);
  ASSERT_TRUE(tx);
  // The holder commits a moment later; the writer, waiting on the lock meanwhile, then gets it.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_TRUE(tx->Commit());
  });
  const auto t0 = std::chrono::steady_clock::now();
  auto second = store::Transaction::Begin(**writer);
  const auto waited = std::chrono::steady_clock::now() - t0;
  release.join();
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  ASSERT_TRUE(second->Commit());
}

TEST_F(StoreLockTest, AWriteThatCannotGetTheLockIsUnavailableNotInternal) {
  auto holder = store::Connection::Open(path_, false);
  auto writer = store::Connection::Open(path_, false, 50);
  ASSERT_TRUE(holder && writer);
  auto tx = store::Transaction::Begin(**holder);
  ASSERT_TRUE(tx);
  auto second = store::Transaction::Begin(**writer);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("busy"), std::string::npos) << second.error().message;
  EXPECT_EQ(second.error().message.find("BEGIN"), std::string::npos) << "no SQL in the client's message";
  // Readers are not blocked by the writer (WAL; MVCC).
  auto reader = store::Connection::Open(path_, false, 50);
  ASSERT_TRUE(reader);
  auto st = (*reader)->Prepare("SELECT COUNT(*) FROM services");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->Step());
}

TEST(Migrations, BothDialectsHaveTheSameNumberedSeries) {
  const auto& sqlite = store::AllMigrations(store::Dialect::kSqlite);
  const auto& postgres = store::AllMigrations(store::Dialect::kPostgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1) << "numbered 1, 2, 3… without gaps";
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name) << "a migration has the same name in both dialects";
  }
}

TEST(DatabaseTarget, ParsesPathsAndPostgresUrlsAndRefusesTheRest) {
  auto file = store::DatabaseTarget::Parse("var/proven.db");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->dialect, store::Dialect::kSqlite);
  EXPECT_EQ(file->location, "var/proven.db");
  for (const char* url : {"postgresql://proven@db.example:5432/proven", "postgres://h/db"}) {
    auto pg = store::DatabaseTarget::Parse(url);
    ASSERT_TRUE(pg) << url;
    EXPECT_EQ(pg->dialect, store::Dialect::kPostgres);
    EXPECT_EQ(pg->location, url);
  }
  for (const char* bad : {"", "mysql://h/db", "http://x/y.db", "postgresql://", "sqlite://x.db"}) {
    auto r = store::DatabaseTarget::Parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "db");
  }
  testing::TempDir dir;
  auto folder = store::DatabaseTarget::Parse(dir.path().string());
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().message.find("is a folder"), std::string::npos);
  // A password never reaches a message.
  EXPECT_EQ(store::DatabaseTarget::Parse("postgresql://u:s3cret@h:5432/db")->Display(), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(store::DatabaseTarget::Parse("postgresql://u@h/db")->Display(), "postgresql://u@h/db");
}

TEST(PostgresPlaceholders, NumbersBareMarksKeepsNumberedOnesAndLeavesQuotedTextAlone) {
  int n = 0;
  std::vector<bool> used;
  EXPECT_EQ(store::ToPostgresPlaceholders("SELECT a FROM t WHERE b = ? AND c = ?", &n, &used),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(store::ToPostgresPlaceholders("SELECT substr(x, 1, ?1), length(x) > ?1 LIMIT ?4 OFFSET ?5", &n, &used),
            "SELECT substr(x, 1, $1), length(x) > $1 LIMIT $4 OFFSET $5");
  EXPECT_EQ(n, 5);
  EXPECT_EQ(used, (std::vector<bool>{true, false, false, true, true})) << "$2 and $3 are declared text";
  EXPECT_EQ(store::ToPostgresPlaceholders("SELECT '?', \"a?b\", 'it''s ?' WHERE x = ?", &n),
            "SELECT '?', \"a?b\", 'it''s ?' WHERE x = $1");
  EXPECT_EQ(n, 1);
}

// The change feed a reader follows with "changes after the last one I saw" must never let it skip
// a change, whatever the writers do: several threads write at once, some through the store's
// write transactions and some with bare autocommit UPDATEs, while a reader follows the feed. At
// the end every change in the log has been seen by the reader.
TEST(ChangeFeed, AReaderFollowingTheFeedSkipsNoChangeUnderConcurrentWriters) {
  testing::TempDir dir;
  testing::TestDatabase database(dir, "feed.db");
  store::ConnectionPool pool(database.spec(), true);
  ASSERT_TRUE(store::ApplyMigrations(*pool.Acquire().value()));
  store::SqlServiceStore store(pool);
  std::vector<std::int64_t> ids;
  ASSERT_TRUE(store.Write([&](store::ServiceWriter& w) -> Status {
    for (int i = 0; i < 8; ++i) {
      domain::Service s;
      s.name = fmt::format("フィード{}", i);
      s.provider = "順序株式会社";
      s.address = "東京都千代田区1-1";
      s.prefecture = "東京都";
      s.registered_on = Date{2025, 1, 1};
      s.expires_on = Date{2028, 1, 1};
      s.registrar = "機構";
      s.type = domain::ServiceType::kAudit;
      auto id = w.Insert(s);
      if (!id) return Fail(id.error());
      ids.push_back(*id);
    }
    return {};
  }));

  std::atomic<bool> done{false};
  std::set<std::int64_t> seen;
  std::int64_t last = 0;
  std::thread reader([&] {
    while (true) {
      const bool finished = done.load();
      auto batch = store.ChangesSince(last, 1000);
      ASSERT_TRUE(batch) << batch.error().detail;
      for (const auto& c : *batch) {
        seen.insert(c.seq);
        last = c.seq;
      }
      if (finished && batch->empty()) break;
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      store::ConnectionPool own(database.spec(), false);
      store::SqlServiceStore own_store(own);
      for (int i = 0; i < 40; ++i) {
        const std::int64_t id = ids[static_cast<std::size_t>((w * 40 + i) % 8)];
        if (w % 2 == 0) {
          auto st = own_store.Write([&](store::ServiceWriter& wr) -> Status {
            auto s = wr.Find(id);
            if (!s) return Fail(s.error());
            (*s)->overview = fmt::format("書き手{} 回{}", w, i);
            return wr.Update(**s);
          });
          ASSERT_TRUE(st) << st.error().detail;
        } else {
          auto conn = own.Acquire();
          ASSERT_TRUE(conn);
          auto up = (*conn)->Prepare("UPDATE services SET overview = ? WHERE id = ?");
          ASSERT_TRUE(up);
          up->Bind(1, fmt::format("直接{} 回{}", w, i)).Bind(2, id);
          auto st = up->Run();
          ASSERT_TRUE(st) << st.error().detail;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  done.store(true);
  reader.join();
  auto all = store.ChangesSince(0, 100000);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 8u + 4u * 40u);
  std::vector<std::int64_t> missed;
  for (const auto& c : *all) {
    if (!seen.contains(c.seq)) missed.push_back(c.seq);
  }
  EXPECT_TRUE(missed.empty()) << missed.size() << " change(s) skipped, the first: seq " << missed.front();
}

}  // namespace
}  // namespace proven
