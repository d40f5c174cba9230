#pragma once
// Sends the outbox's due mail through a transport and records each attempt (docs/mail.md): sent;
// a 4xx or a relay that is down is retried by domain::MailRetryDelaySeconds; a 5xx or the last
// attempt makes a dead letter. A background thread runs it every interval and when woken; several
// instances on one database share the outbox through the store's leases.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/mime.hpp"
#include "mail/smtp.hpp"
#include "store/mail_outbox.hpp"

namespace proven::services {

class MailDispatcher {
 public:
  MailDispatcher(store::MailOutbox& outbox, mail::MailTransport& transport, mail::Mailbox from,
                 const Clock& clock = Clock::System())
      : outbox_(outbox), transport_(transport), from_(std::move(from)), clock_(clock) {}
  ~MailDispatcher() { Stop(); }
  MailDispatcher(const MailDispatcher&) = delete;
  MailDispatcher& operator=(const MailDispatcher&) = delete;

  struct Round {
    int sent = 0, retrying = 0, dead = 0;
  };
  // Sends every message due now (in batches), once each.
  Result<Round> RunOnce();

  // Runs RunOnce every `interval` and when woken, until Stop.
  void Start(std::chrono::milliseconds interval);
  void Wake();
  void Stop();

  // The Message-ID of an outbox entry: the same on every attempt, so that a relay that took a
  // message whose answer was lost does not deliver two.
  std::string MessageId(const domain::OutboxEntry& e) const;

  // How long a claimed message is leased to this dispatcher: longer than one attempt can take.
  static constexpr std::int64_t kLeaseSeconds = 300;

 private:
  store::MailOutbox& outbox_;
  mail::MailTransport& transport_;
  mail::Mailbox from_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, woken_ = false;
  std::thread thread_;
};

}  // namespace proven::services
