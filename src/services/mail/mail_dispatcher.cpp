#include "services/mail/mail_dispatcher.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"

namespace proven::services {

std::string MailDispatcher::MessageId(const domain::OutboxEntry& e) const {
  const std::string domain = from_.address.substr(from_.address.rfind('@') + 1);
  // The id and a digest of the entry's creation: unique across databases that reuse ids.
  const std::string digest = Sha256Hex(fmt::format("{}|{}|{}", e.id, e.created_at, e.message.to)).substr(0, 16);
  return fmt::format("<proven.{}.{}@{}>", e.id, digest, domain);
}

Result<MailDispatcher::Round> MailDispatcher::RunOnce() {
  Round round;
  constexpr int kBatch = 50;
  for (;;) {
    auto due = outbox_.Claim(kBatch, kLeaseSeconds);
    if (!due) return Fail(due.error());
    for (const auto& e : *due) {
      const std::string message = mail::BuildMime(e.message, from_, MessageId(e), clock_.NowUnix());
      const auto sent = transport_.Send(from_.address, e.message.to, message);
      const auto after = domain::AfterMailAttempt(e.attempts, sent.outcome, clock_.NowUnix());
      if (auto st = outbox_.Record(e.id, after, sent.outcome == domain::MailOutcome::kSent ? "" : sent.detail); !st) {
        return Fail(st.error());
      }
      switch (after.state) {
        case domain::MailState::kSent: ++round.sent; break;
        case domain::MailState::kQueued:
          ++round.retrying;
          spdlog::warn("mail {} to {} not sent (attempt {}), retrying in {} s: {}", e.id, e.message.to, e.attempts + 1,
                       after.next_attempt_at - clock_.NowUnix(), sent.detail);
          break;
        case domain::MailState::kDead:
          ++round.dead;
          spdlog::error("mail {} to {} not sent after {} attempts, kept as a dead letter: {}", e.id, e.message.to,
                        e.attempts + 1, sent.detail);
          break;
      }
    }
    if (static_cast<int>(due->size()) < kBatch) return round;
  }
}

void MailDispatcher::Start(std::chrono::milliseconds interval) {
  Stop();
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      if (auto r = RunOnce(); !r) spdlog::warn("mail dispatcher: {}", r.error().message);
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stop_ || woken_; });
      woken_ = false;
    }
  });
}

void MailDispatcher::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void MailDispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace proven::services
