#pragma once
// Trial-deployment cases over JSON (docs/api.md, "Trial-deployment cases"): the public listing
// and record of published cases as disclosed, and each side's workflow (propose, change, consent,
// withdraw).
#include "services/programme/case_service.hpp"
#include "web/app.hpp"

namespace proven::web {

// Public: published cases (`industry`, `field`, `product`, `page`, `per_page`).
void HandleApiCases(AppContext& app, const Request& req, Response& res);
// Public as disclosed; the case's sides and the admin get the whole record.
void HandleApiCase(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiMyCases(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCasePropose(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCaseChange(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCaseConsent(AppContext& app, const Auth& auth, const Request& req, Response& res);
void HandleApiCaseWithdraw(AppContext& app, const Auth& auth, const Request& req, Response& res);

// Bodies (strict: an unknown key or a value of the wrong type is kInvalidArgument naming it): a
// case's content (PATCH, and the demo import), and a side's checklist (PUT …/consent).
Result<domain::CaseInput> CaseInputFromJson(std::string_view body);
Result<domain::CaseChecklist> ChecklistFromJson(std::string_view body);

// The public listing's query (shared by GET /api/v1/cases and /cases): kInvalidArgument naming
// the parameter for a bad value. Empty values are ignored (an unselected form control).
Result<services::PublishedCaseQuery> PublishedCaseQueryOf(const Params& params);

}  // namespace proven::web
