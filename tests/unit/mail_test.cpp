// Mail (docs/mail.md): the retry schedule and what a message must be, the MIME the transport sends
// (encoded words never split a character and stay short, the body survives in base64), and the
// outbox on SQLite and PostgreSQL: enqueue, leases that no two dispatchers share, attempts, dead
// letters queued again with their audit entry.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "domain/mail.hpp"
#include "mail/mime.hpp"
#include "store/audit_log.hpp"
#include "store/mail_outbox.hpp"
#include "store/migrations.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using domain::MailOutcome;
using domain::MailState;

TEST(MailRetry, FirstWithinTenSecondsThenDoublingToAtMostAnHour) {
  EXPECT_EQ(domain::MailRetryDelaySeconds(1), 5);
  EXPECT_LE(domain::MailRetryDelaySeconds(1), 10);
  EXPECT_EQ(domain::MailRetryDelaySeconds(2), 10);
  EXPECT_EQ(domain::MailRetryDelaySeconds(3), 20);
  EXPECT_EQ(domain::MailRetryDelaySeconds(10), 2560);
  EXPECT_EQ(domain::MailRetryDelaySeconds(11), 3600);
  EXPECT_EQ(domain::MailRetryDelaySeconds(19), 3600);
  std::int64_t previous = 0, total = 0;
  for (int n = 1; n < domain::kMailMaxAttempts; ++n) {
    EXPECT_GE(domain::MailRetryDelaySeconds(n), previous) << "never shorter than the one before";
    previous = domain::MailRetryDelaySeconds(n);
    total += previous;
  }
  EXPECT_GT(total, 8 * 3600) << "a relay down for a working night still gets the mail";
}

TEST(MailRetry, EachOutcomeLeadsToItsState) {
  auto sent = domain::AfterMailAttempt(0, MailOutcome::kSent, 1000);
  EXPECT_EQ(sent.state, MailState::kSent);
  auto retry = domain::AfterMailAttempt(0, MailOutcome::kTransient, 1000);
  EXPECT_EQ(retry.state, MailState::kQueued);
  EXPECT_EQ(retry.next_attempt_at, 1005);
  auto third = domain::AfterMailAttempt(2, MailOutcome::kTransient, 1000);
  EXPECT_EQ(third.next_attempt_at, 1020);
  EXPECT_EQ(domain::AfterMailAttempt(0, MailOutcome::kPermanent, 1000).state, MailState::kDead) << "a 5xx is final";
  EXPECT_EQ(domain::AfterMailAttempt(domain::kMailMaxAttempts - 2, MailOutcome::kTransient, 0).state, MailState::kQueued);
  EXPECT_EQ(domain::AfterMailAttempt(domain::kMailMaxAttempts - 1, MailOutcome::kTransient, 0).state, MailState::kDead);
}

TEST(MailMessage, AddressesAndHeadersThatCouldBeInjectedAreRefused) {
  for (const char* ok : {"a@example.jp", "first.last+tag@mail.example.co.jp", "山田@例え.jp"}) {
    EXPECT_TRUE(domain::IsMailAddress(ok)) << ok;
  }
  for (const char* bad : {"", "a", "a@", "@example.jp", "a@example", "a b@example.jp", "a@example.jp\r\nBcc: x@y.jp",
                          "<a@example.jp>", "a@example.jp,b@example.jp", "a@@example.jp", "a@.example.jp",
                          "a@example..jp"}) {
    EXPECT_FALSE(domain::IsMailAddress(bad)) << bad;
  }
  domain::MailMessage m{"mail.test", "a@example.jp", "ja", "件名", "本文", ""};
  EXPECT_TRUE(domain::CheckMailMessage(m));
  auto bad = m;
  bad.subject = "件名\r\nBcc: x@example.jp";
  EXPECT_EQ(domain::CheckMailMessage(bad).error().field, "subject");
  bad = m;
  bad.to = "a@example.jp\nBcc: x@example.jp";
  EXPECT_EQ(domain::CheckMailMessage(bad).error().field, "to");
  EXPECT_EQ(domain::CheckMailMessage(bad).error().reason.key, "error.mail.address");
  bad = m;
  bad.lang = "fr";
  EXPECT_EQ(domain::CheckMailMessage(bad).error().field, "lang");
  bad = m;
  bad.unsubscribe_url = "https://x.example/u>\r\nBcc: y";
  EXPECT_EQ(domain::CheckMailMessage(bad).error().field, "unsubscribe_url");
}

// Decodes one "=?UTF-8?B?…?=" word (test-side, independent of the encoder).
std::string DecodeWord(const std::string& word) {
  EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
  const std::string b64 = word.substr(10, word.size() - 12);
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0, value = 0;
  for (char c : b64) {
    if (c == '=') break;
    value = (value << 6) | static_cast<int>(kAlphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

TEST(Mime, EncodedWordsAreShortAndNeverSplitACharacter) {
  EXPECT_EQ(mail::EncodeHeaderText("Plain subject"), "Plain subject");
  const std::string subject = "【Proven】コラボレーション・プラットフォーム第17回のお申し込みを受け付けました（キャンセル待ち）";
  const std::string encoded = mail::EncodeHeaderText(subject);
  std::string joined;
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    const std::string word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    const std::string piece = DecodeWord(word);
    // Every word holds whole characters: it starts on a lead byte and ends after a complete one.
    ASSERT_FALSE(piece.empty());
    EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xc0, 0x80) << "starts inside a character";
    joined += piece;
    ++words;
    if (end == std::string::npos) break;
    start = end + 3;
  }
  EXPECT_GT(words, 1);
  EXPECT_EQ(joined, subject);
}

TEST(Mime, TheMessageHasItsHeadersAndABase64Body) {
  domain::MailMessage m{"need.match", "yamada@example.jp", "ja", "新しい候補が見つかりました",
                        "山田様\n\n保存した条件に合うサービスが登録されました。\r\n以上\n", "https://proven.example/u/abc"};
  auto from = mail::ParseMailbox("Proven 事務局 <noreply@proven.example>");
  ASSERT_TRUE(from);
  EXPECT_EQ(from->name, "Proven 事務局");
  EXPECT_EQ(from->address, "noreply@proven.example");
  const std::string mime = mail::BuildMime(m, *from, "<proven.1.x@proven.example>", 1796000000);
  EXPECT_NE(mime.find("To: <yamada@example.jp>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Date: "), std::string::npos);
  EXPECT_NE(mime.find(" +0900\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Message-ID: <proven.1.x@proven.example>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("List-Unsubscribe: <https://proven.example/u/abc>\r\n"), std::string::npos);
  EXPECT_NE(mime.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(mime.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  // Every line ends in CRLF and none is longer than 78 characters.
  std::size_t pos = 0;
  while (pos < mime.size()) {
    const std::size_t eol = mime.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos) << "a line without CRLF at " << pos;
    EXPECT_LE(eol - pos, 78u) << mime.substr(pos, eol - pos);
    EXPECT_EQ(mime.substr(pos, eol - pos).find('\n'), std::string::npos);
    pos = eol + 2;
  }
  // A confirmation has no List-Unsubscribe.
  m.unsubscribe_url.clear();
  EXPECT_EQ(mail::BuildMime(m, *from, "<a@b.jp>", 0).find("List-Unsubscribe"), std::string::npos);
  EXPECT_FALSE(mail::ParseMailbox("Proven <noreply@proven.example"));
  EXPECT_FALSE(mail::ParseMailbox("not an address"));
  EXPECT_FALSE(mail::ParseMailbox("\"Bad\r\nName\" <a@b.jp>"));
}

class MailOutbox : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = store::Connection::Open(database_.spec(), true);
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(store::ApplyMigrations(**c));
  }
  domain::MailMessage Message(const std::string& to) { return {"mail.test", to, "ja", "件名", "本文\n", ""}; }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "mail.db"};
  store::ConnectionPool pool_{database_.spec(), false};
  ManualClock clock_{1'800'000'000};
  store::MailOutbox outbox_{pool_, clock_};
};

TEST_F(MailOutbox, QueuedMailIsClaimedOnceRecordedAndRetriedWhenDue) {
  auto a = outbox_.Enqueue(Message("a@example.jp"));
  auto b = outbox_.Enqueue(Message("b@example.jp"));
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(outbox_.Enqueue(Message("not an address"))) << "checked before it is queued";
  auto claimed = outbox_.Claim(10, 300);
  ASSERT_TRUE(claimed);
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].id, *a) << "oldest due first";
  EXPECT_EQ(outbox_.Claim(10, 300)->size(), 0u) << "leased";
  const std::string sent_time = clock_.NowIso();
  ASSERT_TRUE(outbox_.Record(*a, domain::AfterMailAttempt(0, MailOutcome::kSent, clock_.NowUnix()), ""));
  ASSERT_TRUE(outbox_.Record(*b, domain::AfterMailAttempt(0, MailOutcome::kTransient, clock_.NowUnix()),
                             "Couldn't connect to server"));
  EXPECT_EQ(outbox_.Claim(10, 300)->size(), 0u) << "not due for 5 seconds";
  clock_.Advance(5);
  claimed = outbox_.Claim(10, 300);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_EQ((*claimed)[0].last_error, "Couldn't connect to server");
  auto sent = outbox_.Find(*a);
  ASSERT_TRUE(sent && *sent);
  EXPECT_EQ((*sent)->state, MailState::kSent);
  EXPECT_EQ((*sent)->sent_at, sent_time);
  EXPECT_EQ((*sent)->attempts, 1);
  auto counts = outbox_.Count();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->queued, 1);
  // A lease that ran out (a dispatcher that died) frees the message for another.
  clock_.Advance(301);
  EXPECT_EQ(outbox_.Claim(10, 300)->size(), 1u);
}

TEST_F(MailOutbox, ADeadLetterIsQueuedAgainWithItsAuditEntryAndNothingElseIs) {
  auto id = outbox_.Enqueue(Message("reject@example.jp"));
  ASSERT_TRUE(id);
  ASSERT_EQ(outbox_.Claim(1, 300)->size(), 1u);
  ASSERT_TRUE(outbox_.Record(*id, domain::AfterMailAttempt(0, MailOutcome::kPermanent, clock_.NowUnix()),
                             "the relay answered 550"));
  auto dead = outbox_.List(MailState::kDead, 10, 0);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].last_error, "the relay answered 550");
  ASSERT_TRUE(outbox_.Requeue(*id, store::AuditRecord("user:1 a@example.jp", domain::AuditAction::kMailRequeue).On("mail", *id)));
  auto again = outbox_.Find(*id);
  EXPECT_EQ((*again)->state, MailState::kQueued);
  EXPECT_EQ((*again)->attempts, 0);
  EXPECT_EQ(outbox_.Claim(1, 300)->size(), 1u) << "due at once";
  auto st = outbox_.Requeue(*id, store::AuditRecord("cli", domain::AuditAction::kMailRequeue).On("mail", *id));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(st.error().reason.key, "error.mail.not_dead");
  EXPECT_EQ(outbox_.Requeue(999, store::AuditRecord("cli", domain::AuditAction::kMailRequeue).On("mail", 999)).error().code,
            ErrorCode::kNotFound);
  auto conn = pool_.Acquire();
  auto audit = store::ListAudit(**conn, 1'000'000, 10);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u) << "only the requeue that happened";
  EXPECT_EQ((*audit)[0].action, "mail.requeue");
  EXPECT_EQ((*audit)[0].entity, "mail:" + std::to_string(*id));
}

TEST_F(MailOutbox, TwoDispatchersNeverTakeTheSameMessage) {
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(outbox_.Enqueue(Message("user" + std::to_string(i) + "@example.jp")));
  std::mutex mu;
  std::multiset<std::int64_t> taken;
  std::vector<std::thread> dispatchers;
  for (int t = 0; t < 4; ++t) {
    dispatchers.emplace_back([&] {
      store::ConnectionPool pool(database_.spec(), false);
      store::MailOutbox outbox(pool, clock_);
      for (int round = 0; round < 10; ++round) {
        auto got = outbox.Claim(7, 300);
        ASSERT_TRUE(got) << got.error().message;
        std::lock_guard lock(mu);
        for (const auto& e : *got) taken.insert(e.id);
      }
    });
  }
  for (auto& t : dispatchers) t.join();
  EXPECT_EQ(taken.size(), 60u);
  for (auto id : taken) EXPECT_EQ(taken.count(id), 1u) << "mail " << id << " taken twice";
}

}  // namespace
}  // namespace proven
