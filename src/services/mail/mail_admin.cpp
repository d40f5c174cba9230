#include "services/mail/mail_admin.hpp"

#include <fmt/core.h>

namespace proven::services {

namespace {

tl::unexpected<Error> NoMail(std::int64_t id) {
  return Fail(Reason{"error.mail.not_found", {{"id", std::to_string(id)}}}, ErrorCode::kNotFound,
              fmt::format("there is no mail {}", id));
}

}  // namespace

Result<OutboxPage> MailAdmin::List(const domain::Actor& actor, std::optional<domain::MailState> state, int page,
                                   int per_page) {
  if (auto st = domain::Authorize(actor, domain::Action::kManageMail); !st) return Fail(st.error());
  if (page < 1) {
    return Fail(Reason{"error.param.number_at_least", {{"min", "1"}}}, ErrorCode::kInvalidArgument, "page must be 1 or more", {}, "page");
  }
  if (per_page < 1 || per_page > 100) {
    return Fail(Reason{"error.param.number_range", {{"min", "1"}, {"max", "100"}}}, ErrorCode::kInvalidArgument, "per_page must be from 1 to 100", {},
                "per_page");
  }
  OutboxPage out;
  out.page = page;
  out.per_page = per_page;
  auto counts = outbox_.Count();
  if (!counts) return Fail(counts.error());
  out.counts = *counts;
  if (!state) {
    out.total = counts->queued + counts->sent + counts->dead;
  } else {
    out.total = *state == domain::MailState::kQueued ? counts->queued
                : *state == domain::MailState::kSent ? counts->sent
                                                     : counts->dead;
  }
  auto items = outbox_.List(state, per_page, (page - 1) * per_page);
  if (!items) return Fail(items.error());
  out.items = std::move(*items);
  return out;
}

Result<domain::OutboxEntry> MailAdmin::Find(const domain::Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, domain::Action::kManageMail); !st) return Fail(st.error());
  auto found = outbox_.Find(id);
  if (!found) return Fail(found.error());
  if (!*found) return NoMail(id);
  return **found;
}

Result<domain::OutboxEntry> MailAdmin::Requeue(const domain::Actor& actor, std::int64_t id) {
  if (auto st = domain::Authorize(actor, domain::Action::kManageMail); !st) return Fail(st.error());
  if (auto st = outbox_.Requeue(id, store::AuditRecord(actor.Label(), domain::AuditAction::kMailRequeue).On("mail", id));
      !st) {
    if (st.error().code == ErrorCode::kNotFound) return NoMail(id);
    return Fail(st.error());
  }
  return Find(actor, id);
}

}  // namespace proven::services
