// The SQL layer under contention, on SQLite and on PostgreSQL: writers wait for one another
// (busy timeout / lock_timeout on the writer lock) and a write that still cannot get the lock
// fails as kUnavailable, with a message a client may see.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/migrations.hpp"
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

}  // namespace
}  // namespace proven
