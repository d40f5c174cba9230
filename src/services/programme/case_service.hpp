#pragma once
// Trial-deployment cases (試行導入・導入実績公表, issue 10), use cases: a vendor or a user
// organisation proposes a case for a published product; both sides answer the checklist and
// consent; the case is public exactly while both consents stand; either side may withdraw, which
// unpublishes it at once. The rules are domain/programme/deployment_case.hpp's.
//
// Access: a side acts only for itself — the vendor whose organisation made the product (its
// vendor_org_id), the user organisation named in the case (an organisation of kind
// user_company); the admin reads every case and acts on none; anyone else finds nothing
// (kNotFound). Published cases are public as disclosed. Every change is one write transaction
// with its history event and its audit entry (publication and withdrawal included, so that the
// transparency log of issue 12 can append its leaf in the same transaction).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/deployment_case.hpp"
#include "store/programme/case_store.hpp"
#include "store/programme/verification_store.hpp"

namespace proven::services {

struct ProposeInput {
  std::int64_t product_id = 0;
  // A vendor names the user organisation by the e-mail address of one of its accounts (role
  // user); a user organisation proposes for itself and leaves this empty.
  std::string user_contact;
  domain::CaseInput content;  // user_org_name defaults to the organisation's registered name
};

// A case as its sides and the admin see it.
struct CaseView {
  domain::DeploymentCase record;
  domain::CaseState state = domain::CaseState::kDraft;
  std::optional<domain::CaseParty> side;  // the caller's side (none for the admin)
  std::vector<std::int64_t> field_ids;    // the product's programme fields
  std::vector<domain::CaseEvent> history;  // oldest first (Get only; empty in lists)
  // What the case shows (published) or would show with the current answers, when both sides
  // have answered; nullopt otherwise.
  std::optional<domain::DisclosedCase> disclosed;
};

// A published case as anyone sees it.
struct PublishedCase {
  domain::DisclosedCase shown;
  std::vector<std::int64_t> field_ids;  // the product's programme fields
};

struct PublishedCaseQuery {
  std::optional<std::string> industry;     // a kIndustryVocabulary name (only where the industry is disclosed)
  std::optional<std::int64_t> field_id;    // the product covers this field
  std::optional<std::int64_t> product_id;
  int page = 1;
  int per_page = 20;
};

struct PublishedCasePage {
  std::size_t total = 0;
  std::vector<PublishedCase> items;  // newest publication first
  int page = 1;
  int per_page = 20;
};

// The case as recorded: the one serialisation its audit entries store and the API starts from
// (content, sides, consents with their checklists, derived state, times).
nlohmann::ordered_json CaseRecord(const domain::DeploymentCase& c);
nlohmann::ordered_json ChecklistRecord(const domain::CaseChecklist& c);
// The public record of a case (what it shows).
nlohmann::ordered_json DisclosedRecord(const domain::DisclosedCase& d);
// What the public sees of the case: nothing unless both sides consent.
std::optional<domain::DisclosedCase> DisclosedOf(const domain::DeploymentCase& c);

class CaseService {
 public:
  CaseService(store::CaseStore& store, store::VerificationStore& products, const Clock& clock = Clock::System())
      : store_(store), products_(products), clock_(clock) {}

  Result<CaseView> Propose(const domain::Actor& actor, const ProposeInput& input);
  // Only while not published; when a consent stood, both are reset (the history says so).
  Result<CaseView> Change(const domain::Actor& actor, std::int64_t id, const domain::CaseInput& input);
  // The caller's side consents with its answers (every required question answered yes). May
  // publish the case.
  Result<CaseView> Consent(const domain::Actor& actor, std::int64_t id, const domain::CaseChecklist& checklist);
  // The caller's side withdraws its consent; a published case is unpublished at once.
  Result<CaseView> Withdraw(const domain::Actor& actor, std::int64_t id);
  // The caller's cases (its organisation's, either side), newest first; the admin's: all.
  Result<std::vector<CaseView>> List(const domain::Actor& actor);
  Result<CaseView> Get(const domain::Actor& actor, std::int64_t id);
  // The products the caller may propose a case for: a vendor's own published products, every
  // published product for a user organisation.
  Result<std::vector<domain::PublishedProduct>> ProposableProducts(const domain::Actor& actor);

  // Public.
  Result<PublishedCase> Published(std::int64_t id);
  Result<PublishedCasePage> PublishedCases(const PublishedCaseQuery& query);
  Result<std::vector<PublishedCase>> PublishedForProduct(std::int64_t product_id);

 private:
  store::CaseStore& store_;
  store::VerificationStore& products_;
  const Clock& clock_;
};

}  // namespace proven::services
