#pragma once
// The "cases" section of `proven import programme` (data/demo/programme.json): trial-deployment
// cases replayed through CaseService after the calls and verifications — each proposal and
// consent with its own rules and audit entry, on the import's clock. Checked as a whole, with the
// rest of the file, before anything is written; every problem names its JSON path
// ("cases[1].consents[0].checklist.disclose_quote").
//
// One case: {"proposer": e-mail (a vendor of the product, or a user), "product": the name of a
// product the file's verifications publish, "user_contact": e-mail (a vendor's proposal only),
// "proposed_in_days": days relative to the import (≤ 0), "content": the body of
// PATCH /api/v1/cases/{id}, "consents": [{"by": e-mail, "checklist": the body of
// PUT /api/v1/cases/{id}/consent}] — one a day after the proposal, in order}.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/auth.hpp"
#include "domain/programme/deployment_case.hpp"
#include "services/programme/case_service.hpp"

namespace proven::cli {

struct CaseConsentSpec {
  std::string by;
  domain::CaseChecklist checklist;
};

struct CaseSpec {
  std::string proposer;
  std::string product;
  std::string user_contact;
  std::int64_t proposed_at = 0;  // unix seconds
  domain::CaseInput content;
  std::vector<CaseConsentSpec> consents;
};

// Whether the file has an account `email` with `role` (and, for a user, an organisation).
using AccountCheck = std::function<bool(const std::string& email, domain::Role role)>;

// Parses j["cases"] (absent: none). `products` are the names of the products the file publishes.
Result<std::vector<CaseSpec>> ParseCases(const nlohmann::json& file, const AccountCheck& has_account,
                                         const std::vector<std::string>& products, std::int64_t now);

// Replays the cases; `actors` by e-mail, `product_ids` by product name. Counts what it published
// and what waits for a consent.
struct CaseImportCounts {
  int cases = 0;
  int published = 0;
};
Status ReplayCases(services::CaseService& cases, ManualClock& clock, const std::map<std::string, domain::Actor>& actors,
                   const std::map<std::string, std::int64_t>& product_ids, const std::vector<CaseSpec>& specs,
                   CaseImportCounts& counts);

}  // namespace proven::cli
