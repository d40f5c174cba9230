#pragma once
// Persistence of the collaboration platform's events (migration 0010): events with their talks,
// registrations with their seats, consultation slots and bookings. Same pattern as the programme's
// stores: every change in one write transaction with its audit entry and the mail it sends
// (store::EnqueueMail), so that seats, promotions, mail and audit commit together or not at all.
// Write transactions hold the database's one writer lock (docs/adr/0007), which is what makes
// "count the seats, then take one" and "free a seat, promote the next" safe under concurrency.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "domain/mail.hpp"
#include "store/audit_log.hpp"
#include "store/db.hpp"

namespace proven::store {

struct SeatCounts {
  int registered = 0, waitlisted = 0;
  int networking_registered = 0, networking_waitlisted = 0;
};

class EventReader {
 public:
  virtual ~EventReader() = default;
  // By start, newest first; drafts only when `with_drafts`.
  virtual Result<std::vector<domain::Event>> Events(bool with_drafts) = 0;
  virtual Result<std::optional<domain::Event>> FindEvent(std::int64_t id) = 0;
  // Every registration of an event in queue order (requested_at, id).
  virtual Result<std::vector<domain::Registration>> Registrations(std::int64_t event_id) = 0;
  virtual Result<std::optional<domain::Registration>> FindRegistration(std::int64_t id) = 0;
  virtual Result<std::optional<domain::Registration>> RegistrationOf(std::int64_t event_id, std::int64_t user_id) = 0;
  virtual Result<std::optional<domain::Registration>> RegistrationByCode(std::int64_t event_id,
                                                                         const std::string& code) = 0;
  virtual Result<std::vector<domain::Registration>> RegistrationsOfUser(std::int64_t user_id) = 0;
  virtual Result<SeatCounts> Seats(std::int64_t event_id) = 0;
  // By start, then vendor.
  virtual Result<std::vector<domain::ConsultationSlot>> Slots(std::int64_t event_id) = 0;
  virtual Result<std::optional<domain::ConsultationSlot>> FindSlot(std::int64_t id) = 0;
};

class EventWriter : public EventReader {
 public:
  virtual const std::string& Now() const = 0;  // ISO 8601 UTC
  virtual std::int64_t NowUnix() const = 0;
  // kAlreadyExists (field "number") when the number is taken.
  virtual Result<std::int64_t> InsertEvent(const domain::Event& e) = 0;
  // Replaces the row and its talks; bumps `sequence` and updated_at.
  virtual Status UpdateEvent(const domain::Event& e) = 0;
  virtual Result<std::int64_t> InsertRegistration(const domain::Registration& r) = 0;
  // Seat, networking, requested_at, promoted_at, cancelled_at, attended_at.
  virtual Status UpdateRegistration(const domain::Registration& r) = 0;
  virtual Result<std::int64_t> InsertSlot(const domain::ConsultationSlot& s) = 0;
  virtual Status DeleteSlot(std::int64_t id) = 0;  // only an unbooked slot (kFailedPrecondition)
  // kAlreadyExists when the slot is booked: the primary key decides, not a read before.
  virtual Status Book(std::int64_t slot_id, std::int64_t registration_id, const std::string& topic) = 0;
  virtual Status Unbook(std::int64_t slot_id) = 0;
  virtual Result<std::int64_t> EnqueueMail(const domain::MailMessage& m) = 0;
  virtual Status Audit(AuditEntry entry) = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  virtual Status Write(const std::function<Status(EventWriter&)>& body) = 0;
  virtual Status Read(const std::function<Status(EventReader&)>& body) = 0;
};

// The event store's transaction object on `c`, for a store whose transactions also read and write
// events (the surveys': store/events/survey_store.hpp). `c` must be inside a transaction.
std::unique_ptr<EventWriter> OpenEventWriter(Connection& c, const Clock& clock);

class SqlEventStore final : public EventStore {
 public:
  explicit SqlEventStore(ConnectionPool& pool, const Clock& clock = Clock::System()) : pool_(pool), clock_(clock) {}
  Status Write(const std::function<Status(EventWriter&)>& body) override;
  Status Read(const std::function<Status(EventReader&)>& body) override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace proven::store
