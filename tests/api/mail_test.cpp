// Mail delivered for real (docs/mail.md): the dispatcher sends the outbox through the SMTP
// transport (libcurl) to a real local SMTP server (python3-aiosmtpd), which parses what arrives
// with Python's email package. A relay that is down gets the mail later by the retry schedule, a
// 5xx makes a dead letter, a 4xx a retry; `proven serve --smtp-url` sends what `proven mail test`
// queued; bad relay settings stop serve with a clear error.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fmt/core.h>

#include "core/clock.hpp"
#include "mail/smtp.hpp"
#include "services/mail/mail_dispatcher.hpp"
#include "store/mail_outbox.hpp"
#include "store/migrations.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_support.hpp"

namespace proven {
namespace {

using testing::RunProven;
using testing::SmtpSink;

class Mail : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SmtpSink::Available()) GTEST_SKIP() << "python3-aiosmtpd is not installed (make test-deps installs it)";
    ASSERT_EQ(RunProven({"migrate", "--db", database_.spec()}).exit_code, 0);
  }
  domain::MailMessage Message(const std::string& to, const std::string& subject, const std::string& text) {
    return {"mail.test", to, "ja", subject, text, ""};
  }

  testing::TempDir dir_;
  testing::TestDatabase database_{dir_, "mail.db"};
};

TEST_F(Mail, TheDispatcherDeliversRetriesWhenTheRelayIsDownAndKeepsRefusedMailAsDeadLetters) {
  store::ConnectionPool pool(database_.spec(), false);
  ManualClock clock(1'800'000'000);
  store::MailOutbox outbox(pool, clock);
  const int port = testing::FreeTcpPort();
  mail::SmtpOptions relay;
  relay.url = fmt::format("smtp://127.0.0.1:{}", port);
  relay.starttls = mail::StartTls::kOff;
  mail::SmtpTransport transport(relay);
  services::MailDispatcher dispatcher(outbox, transport, {"Proven 事務局", "noreply@proven.example"}, clock);

  const std::string subject = "【Proven】第17回コラボレーション・プラットフォームのお申し込みを受け付けました";
  const std::string text = "山田 太郎 様\n\nお申し込みを受け付けました。\n受付番号: 17-0042\n";
  auto id = outbox.Enqueue(Message("yamada@example.jp", subject, text));
  ASSERT_TRUE(id);
  // Nothing listens: the attempt fails, and the next is due 5 seconds later.
  auto round = dispatcher.RunOnce();
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(round->retrying, 1);
  auto entry = outbox.Find(*id);
  EXPECT_EQ((*entry)->state, domain::MailState::kQueued);
  EXPECT_EQ((*entry)->attempts, 1);
  EXPECT_EQ((*entry)->next_attempt_at, clock.NowUnix() + 5);
  EXPECT_FALSE((*entry)->last_error.empty());
  EXPECT_EQ(dispatcher.RunOnce()->retrying, 0) << "not due yet";

  // The relay comes up; five seconds later the mail goes.
  SmtpSink sink(dir_.path() / "sink", port);
  clock.Advance(5);
  round = dispatcher.RunOnce();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->sent, 1);
  auto got = sink.WaitFor(1, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].mail_from, "noreply@proven.example");
  EXPECT_EQ(got[0].rcpt_tos, std::vector<std::string>{"yamada@example.jp"});
  EXPECT_EQ(got[0].headers["Subject"], subject) << "RFC 2047 words decode to the subject";
  EXPECT_EQ(got[0].headers["From"], "Proven 事務局 <noreply@proven.example>");
  EXPECT_EQ(got[0].headers["Message-ID"], dispatcher.MessageId(**entry)) << "the same id on every attempt";
  EXPECT_EQ(got[0].headers["Content-Language"], "ja");
  EXPECT_EQ(got[0].body, "山田 太郎 様\r\n\r\nお申し込みを受け付けました。\r\n受付番号: 17-0042\r\n");
  EXPECT_TRUE(got[0].defects.empty());
  entry = outbox.Find(*id);
  EXPECT_EQ((*entry)->state, domain::MailState::kSent);
  EXPECT_EQ((*entry)->attempts, 2);

  // A recipient the relay refuses (550) is a dead letter at once; a busy one (451) is retried.
  auto refused = outbox.Enqueue(Message("reject-me@example.jp", "件名", "本文"));
  auto busy = outbox.Enqueue(Message("busy@example.jp", "件名", "本文"));
  round = dispatcher.RunOnce();
  ASSERT_TRUE(round);
  EXPECT_EQ(round->dead, 1);
  EXPECT_EQ(round->retrying, 1);
  EXPECT_EQ((*outbox.Find(*refused))->state, domain::MailState::kDead);
  EXPECT_NE((*outbox.Find(*refused))->last_error.find("550"), std::string::npos) << (*outbox.Find(*refused))->last_error;
  EXPECT_EQ((*outbox.Find(*busy))->state, domain::MailState::kQueued);
  EXPECT_NE((*outbox.Find(*busy))->last_error.find("451"), std::string::npos);
  EXPECT_EQ(sink.WaitFor(2, std::chrono::milliseconds(300)).size(), 1u) << "neither arrived";
}

TEST_F(Mail, ServeSendsWhatTheCliQueuedAndRefusesBadRelaySettings) {
  SmtpSink sink(dir_.path() / "sink");
  auto queued = RunProven({"mail", "test", "operator@example.jp", "--lang", "en", "--db", database_.spec()});
  ASSERT_EQ(queued.exit_code, 0) << queued.err;
  EXPECT_EQ(RunProven({"mail", "test", "not-an-address", "--db", database_.spec()}).exit_code, 2);
  {
    testing::ServerProcess server(database_.spec(), {"--smtp-url", fmt::format("smtp://127.0.0.1:{}", sink.port()),
                                                     "--smtp-starttls", "off", "--mail-from",
                                                     "Proven <noreply@proven.example>"});
    auto got = sink.WaitFor(1, std::chrono::seconds(15));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].headers["Subject"], "[Proven] Test message");
    EXPECT_NE(got[0].body.find("If it reached you, the relay is set up correctly."), std::string::npos) << got[0].body;
  }
  // Mail queued while serve runs is sent within a few seconds, without a restart.
  auto list = RunProven({"mail", "list", "--db", database_.spec()});
  EXPECT_NE(list.out.find("\tsent\toperator@example.jp\t1\t"), std::string::npos) << list.out;

  const std::string db = database_.spec();
  auto bad_url = RunProven({"serve", "--db", db, "--port", "0", "--smtp-url", "http://127.0.0.1:25", "--mail-from", "a@b.jp"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_NE(bad_url.err.find("--smtp-url: 'http://127.0.0.1:25' is not an smtp:// or smtps:// URL"), std::string::npos)
      << bad_url.err;
  auto no_from = RunProven({"serve", "--db", db, "--port", "0", "--smtp-url", "smtp://127.0.0.1:25"});
  EXPECT_EQ(no_from.exit_code, 2);
  EXPECT_NE(no_from.err.find("--smtp-url needs --mail-from"), std::string::npos) << no_from.err;
  const auto creds = dir_.path() / "smtp-credentials";
  testing::WriteFile(creds, "proven\nsecret\n");
  chmod(creds.c_str(), 0644);
  auto readable = RunProven({"serve", "--db", db, "--port", "0", "--smtp-url", "smtp://127.0.0.1:25", "--mail-from",
                             "a@b.jp", "--smtp-credentials", creds.string()});
  EXPECT_EQ(readable.exit_code, 2);
  EXPECT_NE(readable.err.find("may be read by others (mode 644)"), std::string::npos) << readable.err;
}

}  // namespace
}  // namespace proven
