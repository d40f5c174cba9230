// One-time notices per session and page (store/flash_store.cpp, services/account_flash.cpp).
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "services/account_service.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::Role;
using Flash = services::AccountService::Flash;

class Flashes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    pool_ = std::make_unique<store::ConnectionPool>(database_.spec(), true);
    ASSERT_TRUE(store::ApplyMigrations(*pool_->Acquire().value()));
    store_ = std::make_unique<store::AccountStore>(*pool_, clock_);
    failures_ = std::make_unique<store::FailureCounts>(*pool_);
    service_ = std::make_unique<services::AccountService>(*store_, *failures_, services::SessionPolicy{3600, 7200},
                                                          clock_);
    ASSERT_TRUE(service_->AddUser("reg@example.jp", kPassword, {Role::kRegistrar}, "機構A", "test"));
  }
  std::string Session() {
    auto s = service_->SignIn("reg@example.jp", kPassword, "10.0.0.1");
    EXPECT_TRUE(s);
    return s ? s->id : "";
  }
  std::vector<std::string> Keys(const std::string& sid, const std::string& path) {
    auto got = service_->TakeFlashes(sid, path);
    EXPECT_TRUE(got) << got.error().message;
    std::vector<std::string> keys;
    if (got) {
      for (const auto& f : *got) keys.push_back(f.key);
    }
    return keys;
  }
  static constexpr const char* kPassword = "correct horse battery staple";
  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "f.db"};
  ManualClock clock_{1'800'000'000};
  std::unique_ptr<store::ConnectionPool> pool_;
  std::unique_ptr<store::AccountStore> store_;
  std::unique_ptr<store::FailureCounts> failures_;
  std::unique_ptr<services::AccountService> service_;
};

TEST_F(Flashes, ANoticeIsTakenOnceByItsPageWithItsValuesInOrder) {
  const auto sid = Session();
  ASSERT_TRUE(service_->AddFlash(sid, "/registrar", "notice_uploaded", {{"rows", "3"}, {"added", "2"}}));
  ASSERT_TRUE(service_->AddFlash(sid, "/registrar", "notice_renewed", {}));
  ASSERT_TRUE(service_->AddFlash(sid, "/vendor", "notice_proposed", {}));
  EXPECT_TRUE(Keys(sid, "/registrar/expiring").empty()) << "only the page it is for";
  auto got = service_->TakeFlashes(sid, "/registrar");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].key, "notice_uploaded") << "oldest first";
  EXPECT_EQ((*got)[0].args, (MessageArgs{{"rows", "3"}, {"added", "2"}}));
  EXPECT_EQ((*got)[1].key, "notice_renewed");
  EXPECT_TRUE(Keys(sid, "/registrar").empty()) << "taken: a reload shows nothing";
  EXPECT_EQ(Keys(sid, "/vendor"), std::vector<std::string>{"notice_proposed"});
}

TEST_F(Flashes, NoticesAreTheSessionsOwnAndGoWithIt) {
  const auto a = Session();
  const auto b = Session();
  ASSERT_TRUE(service_->AddFlash(a, "/registrar", "notice_renewed", {}));
  EXPECT_TRUE(Keys(b, "/registrar").empty()) << "another session sees nothing";
  ASSERT_TRUE(service_->AddFlash(a, "/registrar", "notice_revoked", {}));
  ASSERT_TRUE(service_->SignOut(a));
  EXPECT_TRUE(Keys(a, "/registrar").empty());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn);
  auto st = (*conn)->Prepare("SELECT COUNT(*) FROM session_flashes");
  ASSERT_TRUE(st);
  ASSERT_TRUE(st->Step().value());
  EXPECT_EQ(st->Int(0), 0) << "deleted with the session";
  // A session that has ended keeps nothing; no session at all is refused.
  EXPECT_EQ(service_->AddFlash(a, "/registrar", "notice_renewed", {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->AddFlash("", "/registrar", "notice_renewed", {}).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(Keys("", "/registrar").empty());
}

TEST_F(Flashes, OldNoticesAreIgnoredAndASessionKeepsOnlyTheNewest) {
  const auto sid = Session();
  ASSERT_TRUE(service_->AddFlash(sid, "/registrar", "notice_renewed", {}));
  clock_.Advance(store::AccountStore::kFlashTtlSeconds + 1);
  EXPECT_TRUE(Keys(sid, "/registrar").empty()) << "older than ten minutes";
  for (int i = 0; i < store::AccountStore::kMaxFlashes + 5; ++i) {
    ASSERT_TRUE(service_->AddFlash(sid, "/p", "k" + std::to_string(i), {}));
  }
  const auto keys = Keys(sid, "/p");
  ASSERT_EQ(keys.size(), static_cast<std::size_t>(store::AccountStore::kMaxFlashes));
  EXPECT_EQ(keys.front(), "k5");
  EXPECT_EQ(keys.back(), "k" + std::to_string(store::AccountStore::kMaxFlashes + 4));
  // Limits name what is too long.
  EXPECT_FALSE(service_->AddFlash(sid, "/p", std::string(101, 'k'), {}));
  EXPECT_FALSE(service_->AddFlash(sid, "/p", "k", {{"v", std::string(3000, 'x')}}));
}

}  // namespace
}  // namespace proven
