#pragma once
// The admin's view of the mail outbox (docs/mail.md): what is queued, sent and undelivered (dead
// letters), one message in full, and queuing a dead letter again. Without a configured relay
// (`make run`), every mail stays queued here, so the admin can read what would have been sent.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/mail.hpp"
#include "store/mail_outbox.hpp"

namespace proven::services {

struct OutboxPage {
  std::vector<domain::OutboxEntry> items;  // newest first
  std::int64_t total = 0;                  // in the state asked for (all states when none)
  int page = 1, per_page = 50;
  store::MailOutbox::Counts counts;
};

class MailAdmin {
 public:
  explicit MailAdmin(store::MailOutbox& outbox) : outbox_(outbox) {}
  // kManageMail. `page` from 1; `per_page` 1–100.
  Result<OutboxPage> List(const domain::Actor& actor, std::optional<domain::MailState> state, int page, int per_page);
  Result<domain::OutboxEntry> Find(const domain::Actor& actor, std::int64_t id);
  // A dead letter queued again (audited); kFailedPrecondition for one that is not dead.
  Result<domain::OutboxEntry> Requeue(const domain::Actor& actor, std::int64_t id);

 private:
  store::MailOutbox& outbox_;
};

}  // namespace proven::services
