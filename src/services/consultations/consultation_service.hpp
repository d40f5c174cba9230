#pragma once
// Consultations (個別相談, issue 11 "Matching"), use cases: from a match a user company asks the
// vendor of a verified product or the provider of a registered service for a consultation; the
// vendor accepts, proposing times, or declines; the requester confirms one time or withdraws; both
// sides write in one thread and record the outcome; a product consultation that led to a trial or
// a deployment becomes a trial-deployment case through CaseService. The rules are
// domain/consultations/consultation.hpp's.
//
// Who: the requester's side is the user company (an organisation of kind user_company) whose
// account of role user asked; the vendor's side is the product's vendor organisation or the
// service's provider organisation, acting through its accounts of role vendor. A provider or
// vendor with no such account cannot be asked (error.consultation.no_account: reach them through
// their homepage). The admin reads every consultation and acts on none; anyone else finds nothing
// (kNotFound), so that the existence of a consultation is never revealed.
//
// Every change is one write transaction with its thread entry, its audit entry and its mail (in
// the recipient side's language: the language of that side's latest action, Japanese until it has
// acted): a request to every vendor account of the organisation; acceptance, decline and the
// vendor's messages to the requester; the requester's messages, confirmation and withdrawal to the
// vendor's accounts. Each mail links to the thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/consultations/consultation.hpp"
#include "services/events/event_service.hpp"
#include "services/programme/case_service.hpp"
#include "store/consultations/consultation_store.hpp"
#include "store/programme/verification_store.hpp"
#include "store/service_store.hpp"

namespace proven::services {

// What a consultation would be about, as the request form and the product and service pages
// name it.
struct ConsultationSubject {
  domain::ConsultationKind kind = domain::ConsultationKind::kProduct;
  std::int64_t id = 0;
  std::string name;    // the product's or the service's
  std::string vendor;  // the vendor's or the provider's name
  std::optional<std::int64_t> vendor_org_id;
  std::string homepage;  // the product's homepage or the service's URL
  // Whether it can be asked here: the vendor has an organisation account with someone to answer.
  bool answerable = false;
};

struct ConsultationRequestInput {
  domain::ConsultationKind kind = domain::ConsultationKind::kProduct;
  std::int64_t id = 0;
  std::string message;
  std::string needs;  // the needs JSON the match used (compact text), or ""
  std::string lang = "ja";  // the requester's language, for the mail it receives
};

// A consultation as its sides and the admin see it.
struct ConsultationView {
  domain::Consultation record;
  std::optional<domain::ConsultationSide> side;     // the caller's side (none for the admin)
  std::vector<domain::ConsultationStep> actions;    // what the caller may do now
  std::vector<domain::ConsultationEntry> thread;    // oldest first (Get and the changes; empty in lists)
};

struct ConsultationPage {
  std::size_t total = 0;
  std::vector<ConsultationView> items;  // newest first
  int page = 1;
  int per_page = 20;
};

// The consultation as recorded: the one serialisation its audit entries store and the API starts
// from.
nlohmann::ordered_json ConsultationRecord(const domain::Consultation& c);

class ConsultationService {
 public:
  // `public_url`: the site's address for links in mail (never taken from a request); `today`: the
  // date services are judged valid on (Asia/Tokyo by default).
  ConsultationService(store::ConsultationStore& store, store::VerificationStore& products,
                      store::ServiceStore& services, CaseService& cases, MailComposer compose, std::string public_url,
                      const Clock& clock = Clock::System(), std::function<Date()> today = nullptr)
      : store_(store), products_(products), services_(services), cases_(cases), compose_(std::move(compose)),
        public_url_(std::move(public_url)), clock_(clock), today_(std::move(today)) {}
  // The server learns its own address only once bound: set before it serves.
  void SetPublicUrl(std::string url) { public_url_ = std::move(url); }

  // Public: what `kind`/`id` names (kNotFound for no published product, no registered service).
  Result<ConsultationSubject> Subject(domain::ConsultationKind kind, std::int64_t id);

  // The requester's side.
  Result<ConsultationView> Request(const domain::Actor& actor, const ConsultationRequestInput& in);
  Result<ConsultationView> Withdraw(const domain::Actor& actor, std::int64_t id, const std::string& lang);
  Result<ConsultationView> Confirm(const domain::Actor& actor, std::int64_t id, const std::string& time,
                                   const std::string& lang);
  // A trial-deployment case proposed by the requester for the consultation's product (the user
  // organisation is the requester's), linked to the consultation. The case is published only
  // through its consent workflow. Two transactions: the case's, then the link's.
  Result<std::pair<ConsultationView, CaseView>> ProposeCase(const domain::Actor& actor, std::int64_t id,
                                                            const domain::CaseInput& content);

  // The vendor's side. `times`: 1–5 ISO 8601 times with an offset, in the future.
  Result<ConsultationView> Accept(const domain::Actor& actor, std::int64_t id, const std::vector<std::string>& times,
                                  const std::string& message, const std::string& lang);
  Result<ConsultationView> Decline(const domain::Actor& actor, std::int64_t id, const std::string& reason,
                                   const std::string& lang);

  // Either side.
  Result<ConsultationView> PostMessage(const domain::Actor& actor, std::int64_t id, const std::string& text,
                                       const std::string& lang);
  Result<ConsultationView> RecordOutcome(const domain::Actor& actor, std::int64_t id, const std::string& outcome,
                                         const std::string& lang);

  // Reading: the caller's consultations (both sides; the admin's: all), newest first.
  Result<ConsultationPage> List(const domain::Actor& actor, int page, int per_page);
  Result<ConsultationView> Get(const domain::Actor& actor, std::int64_t id);

 private:
  // What every change does: load, check the side and the step, apply `change` (which may add
  // entries and mail), write, audit.
  using Change = std::function<Status(store::ConsultationWriter&, domain::Consultation&, domain::ConsultationSide)>;
  Result<ConsultationView> Apply(const domain::Actor& actor, std::int64_t id, domain::Action action,
                                 domain::ConsultationStep step, domain::AuditAction audit, const std::string& lang,
                                 const Change& change);
  // Queues mail `kind` to the other side of `from`.
  Status MailOtherSide(store::ConsultationWriter& w, const domain::Consultation& c, domain::ConsultationSide from,
                       const std::string& kind, MailArgs args);
  Date Today() const;

  store::ConsultationStore& store_;
  store::VerificationStore& products_;
  store::ServiceStore& services_;
  CaseService& cases_;
  MailComposer compose_;
  std::string public_url_;
  const Clock& clock_;
  std::function<Date()> today_;
};

}  // namespace proven::services
