#pragma once
// The collaboration platform's events (issue 11), use cases: the admin creates, changes, publishes
// and cancels meetings; a signed-in person registers (a seat, or a place on the waitlist; a seat
// in the networking session when asked) and cancels, which promotes the oldest waiting person in
// the same transaction; the admin checks people in by their code; vendors offer consultation
// slots and participants book them. Every change is one write transaction with its audit entry
// and the mail it sends (confirmation, waitlist, promotion, cancellation), so concurrent requests
// never exceed a capacity, never promote one person twice and never book a slot twice.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/events/event.hpp"
#include "store/events/event_store.hpp"

namespace proven::services {

// The text of a mail in a language, from the message catalogue (mail.<kind>.subject and
// mail.<kind>.body with `{name}` placeholders), provided by the wiring so that services know no
// catalogue.
struct MailText {
  std::string subject, text;
};
using MailArgs = std::vector<std::pair<std::string, std::string>>;
using MailComposer = std::function<MailText(const std::string& kind, const std::string& lang, const MailArgs& args)>;

struct EventView {
  domain::Event event;
  store::SeatCounts seats;
};

// A registration with its event and its place in the queues: 1 for the next to move up, 0 when
// not waiting (the meeting's waitlist; the networking session's, for those waiting for it).
struct RegistrationView {
  domain::Registration registration;
  domain::Event event;
  int queue_position = 0;
  int networking_queue_position = 0;
};

// A slot a vendor offers: times ISO 8601 with an offset, as typed.
struct SlotInput {
  std::string starts_at, ends_at, note;
};

class EventService {
 public:
  // `public_url`: the site's address, for links in mail (never taken from a request).
  EventService(store::EventStore& store, MailComposer compose, std::string public_url,
               const Clock& clock = Clock::System())
      : store_(store), compose_(std::move(compose)), public_url_(std::move(public_url)), clock_(clock) {}

  // The site's address when it was not known at construction (serve without --public-url learns
  // its port when it binds); call before serving.
  void SetPublicUrl(std::string public_url) { public_url_ = std::move(public_url); }
  const std::string& public_url() const { return public_url_; }

  // The admin.
  Result<domain::Event> Create(const domain::Actor& actor, const domain::EventInput& in);
  // A capacity lowered below the seats taken is refused; one raised promotes the waiting.
  Result<domain::Event> Change(const domain::Actor& actor, std::int64_t id, const domain::EventInput& in);
  Result<domain::Event> Publish(const domain::Actor& actor, std::int64_t id);
  // Tells every registered and waiting person.
  Result<domain::Event> Cancel(const domain::Actor& actor, std::int64_t id);

  // Public: published and cancelled events (drafts too for the admin), newest first.
  Result<std::vector<EventView>> List(const std::optional<domain::Actor>& actor);
  Result<EventView> Get(const std::optional<domain::Actor>& actor, std::int64_t id);

  // Signed in. A person registers once per event (a cancelled registration is taken up again,
  // at the back of the queue); `lang` is the language of their mail.
  Result<domain::Registration> Register(const domain::Actor& actor, std::int64_t event_id, bool networking,
                                        const std::string& lang);
  // The registrant or the admin; frees the seats (and any consultation slots booked with the
  // registration) and promotes the oldest waiting.
  Result<domain::Registration> CancelRegistration(const domain::Actor& actor, std::int64_t registration_id);
  Result<domain::Registration> Registration(const domain::Actor& actor, std::int64_t registration_id);
  // The same with its event and queue positions (the registrant or the admin).
  Result<RegistrationView> ViewRegistration(const domain::Actor& actor, std::int64_t registration_id);
  Result<std::vector<domain::Registration>> MyRegistrations(const domain::Actor& actor);
  // The admin: every registration of an event, in queue order.
  Result<std::vector<domain::Registration>> Registrations(const domain::Actor& actor, std::int64_t event_id);
  // The admin, on the day: records attendance by the code as typed (kNotFound for no such code
  // at this event; kFailedPrecondition for a cancelled or waiting registration). Checking in twice
  // keeps the first time.
  Result<domain::Registration> CheckIn(const domain::Actor& actor, std::int64_t event_id, const std::string& code);

  // Consultation slots (個別相談会). A vendor offers slots within the event's time for its
  // organisation, and removes unbooked ones.
  Result<domain::ConsultationSlot> OfferSlot(const domain::Actor& actor, std::int64_t event_id,
                                             const std::string& starts_at, const std::string& ends_at,
                                             const std::string& note);
  // Several slots at once, all or none, in one transaction; an error names "slots[i].<field>".
  Result<std::vector<domain::ConsultationSlot>> OfferSlots(const domain::Actor& actor, std::int64_t event_id,
                                                           const std::vector<SlotInput>& slots);
  Status RemoveSlot(const domain::Actor& actor, std::int64_t slot_id);
  // Every slot of a published event; who booked one is shown only to that person, the slot's vendor
  // and the admin (others see it as taken).
  Result<std::vector<domain::ConsultationSlot>> Slots(const std::optional<domain::Actor>& actor, std::int64_t event_id);
  // A participant with a seat books a free slot (one per vendor, none overlapping another of
  // theirs). Two people booking one slot at once: one gets it, the other kAlreadyExists
  // (error.slot.taken).
  Result<domain::ConsultationSlot> Book(const domain::Actor& actor, std::int64_t slot_id, const std::string& topic);
  // The booker or the admin.
  Status CancelBooking(const domain::Actor& actor, std::int64_t slot_id);

 private:
  // What a state change does besides changing the state, in its transaction.
  using Transition = std::function<Status(store::EventWriter&, const domain::Event&)>;
  // Publishes (a draft) or cancels (an event not cancelled yet), with its audit entry, then `then`.
  Result<domain::Event> SetState(const domain::Actor& actor, std::int64_t id, domain::EventState to,
                                 domain::AuditAction audit, const Transition& then);
  Status Promote(store::EventWriter& w, const domain::Event& e, const domain::Actor& actor);
  Status Mail(store::EventWriter& w, const std::string& kind, const domain::Registration& r, const domain::Event& e);

  store::EventStore& store_;
  MailComposer compose_;
  std::string public_url_;
  const Clock& clock_;
};

}  // namespace proven::services
